// The `groth16` proof-system plugin (libentangle_groth16.so): Groth16 over BN254, compatible with
// snarkjs. Formats: proving key "snarkjs-zkey", witness "snarkjs-wtns", verifying key
// "snarkjs-vk-json", proof "snarkjs-proof-json"; public inputs as 32-byte big-endian Fr elements.
// Options (ProveRequest::options_json): {"deterministic": true} derives r and s from the witness
// (tests only: deterministic proofs are linkable to the witness).
#include <chrono>
#include <nlohmann/json.hpp>

#include "common/bytes.h"
#include "entangle/sdk.h"
#include "proof_systems/groth16/prover.h"
#include "proof_systems/groth16/r1cs.h"
#include "proof_systems/groth16/setup.h"
#include "proof_systems/groth16/solidity.h"

namespace {

using namespace entangle;
using namespace entangle::proof_systems;
using entangle::bn254::U256;
using entangle::groth16::Fr;

absl::StatusOr<std::vector<Fr>> PublicFromBytes(const std::vector<FieldElement>& in) {
  std::vector<Fr> out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i].size() != 32) {
      return absl::InvalidArgumentError("public input " + std::to_string(i) +
                                        " is not 32 bytes (big-endian Fr)");
    }
    Fr f;
    if (!Fr::FromCanonical(bn254::U256FromBe(in[i].data()), &f)) {
      return absl::InvalidArgumentError("public input " + std::to_string(i) + " is not below r");
    }
    out.push_back(f);
  }
  return out;
}

FieldElement ToBytes(const Fr& f) {
  FieldElement b(32);
  bn254::U256ToBe(f.ToU256(), b.data());
  return b;
}

absl::Status Expect(const Blob& b, const char* format, const char* what) {
  if (b.format != format) {
    return absl::InvalidArgumentError(std::string(what) + ": expected format '" + format +
                                      "', got '" + b.format + "'");
  }
  return absl::OkStatus();
}

class Groth16 final : public ProofSystem {
 public:
  static absl::StatusOr<std::unique_ptr<ProofSystem>> Create(const std::string&) {
    return std::unique_ptr<ProofSystem>(new Groth16());
  }

  ProofSystemInfo Info() const noexcept override {
    // BN254's discrete-log security is estimated near 100 bits (after the exTNFS improvements).
    return {"groth16", "bn254-fr", "snarkjs-compatible", 100, false, 256};
  }

  // circuit "circom-r1cs" + parameters "snarkjs-ptau" -> the same .zkey as `snarkjs groth16
  // setup`. Options {"insecure_dev_setup": true}: no ptau, random toxic waste (INSECURE, tests).
  absl::StatusOr<Keys> Setup(const SetupRequest& req) noexcept override {
    if (auto s = Expect(req.circuit, "circom-r1cs", "circuit"); !s.ok()) return s;
    auto opts = nlohmann::json::parse(req.options_json, nullptr, false);
    if (opts.is_discarded() || !opts.is_object()) {
      return absl::InvalidArgumentError("options_json is not a JSON object");
    }
    const ByteView circuit = req.circuit.bytes();
    auto r1cs = groth16::ParseR1cs(Bytes(circuit.begin(), circuit.end()));
    if (!r1cs.ok()) return r1cs.status();
    absl::StatusOr<Bytes> zkey;
    if (opts.value("insecure_dev_setup", false)) {
      zkey = groth16::InsecureDevSetup(*r1cs);
    } else {
      if (auto s = Expect(req.parameters, "snarkjs-ptau", "parameters"); !s.ok()) return s;
      auto ptau = groth16::ParsePtauView(req.parameters.bytes());
      if (!ptau.ok()) return ptau.status();
      zkey = groth16::Setup(*r1cs, *ptau);
    }
    if (!zkey.ok()) return zkey.status();
    auto pk = groth16::ParseZkey(*zkey);
    if (!pk.ok()) return pk.status();
    std::string vk = groth16::VerifyingKeyToJson(pk->Vk());
    Keys keys;
    keys.proving_key = {"snarkjs-zkey", std::move(*zkey)};
    keys.verifying_key = {"snarkjs-vk-json", Bytes(vk.begin(), vk.end())};
    return keys;
  }

  absl::StatusOr<ProveResult> Prove(const ProveRequest& req) noexcept override {
    if (auto s = Expect(req.proving_key, "snarkjs-zkey", "proving key"); !s.ok()) return s;
    if (auto s = Expect(req.witness, "snarkjs-wtns", "witness"); !s.ok()) return s;
    auto start = std::chrono::steady_clock::now();
    auto opts = nlohmann::json::parse(req.options_json, nullptr, false);
    if (opts.is_discarded() || !opts.is_object()) {
      return absl::InvalidArgumentError("options_json is not a JSON object");
    }
    auto pk = groth16::ParseZkey(req.proving_key.bytes());
    if (!pk.ok()) return pk.status();
    auto w = groth16::ParseWtns(req.witness.bytes());
    if (!w.ok()) return w.status();
    absl::StatusOr<groth16::Proof> proof;
    if (opts.value("deterministic", false)) {
      std::string seed(AsString(req.witness.bytes()));
      auto rs = bn254::HashToFr(seed, "ENTANGLE-GROTH16-DETERMINISTIC-TEST-ONLY", 2);
      proof = groth16::ProveWith(*pk, *w, rs[0], rs[1]);
    } else {
      proof = groth16::Prove(*pk, *w);
    }
    if (!proof.ok()) return proof.status();
    ProveResult r;
    std::string json = groth16::ProofToJson(*proof);
    r.proof = {"snarkjs-proof-json", Bytes(json.begin(), json.end())};
    for (const Fr& f : groth16::PublicSignals(*pk, *w)) r.public_inputs.push_back(ToBytes(f));
    r.insecure_dev_setup = pk->insecure_dev_setup;
    r.stats.prove_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  }

  absl::Status Verify(const Blob& vk_blob, const Blob& proof_blob,
                      const std::vector<FieldElement>& public_inputs) noexcept override {
    if (auto s = Expect(vk_blob, "snarkjs-vk-json", "verifying key"); !s.ok()) return s;
    if (auto s = Expect(proof_blob, "snarkjs-proof-json", "proof"); !s.ok()) return s;
    auto vk = groth16::ParseVerifyingKeyJson(AsString(vk_blob.bytes()));
    if (!vk.ok()) return absl::FailedPreconditionError(vk.status().message());
    auto proof = groth16::ParseProofJson(AsString(proof_blob.bytes()));
    if (!proof.ok()) return absl::InvalidArgumentError(proof.status().message());
    auto pub = PublicFromBytes(public_inputs);
    if (!pub.ok()) return pub.status();
    auto ok = groth16::Verify(groth16::Prepare(*vk), *proof, *pub);
    if (!ok.ok()) return ok.status();
    if (!*ok) return absl::InvalidArgumentError("the Groth16 pairing check failed");
    return absl::OkStatus();
  }

  absl::StatusOr<Blob> Export(const Blob& input, const std::string& format) noexcept override {
    if (input.format == "snarkjs-zkey" && format == "snarkjs-vk-json") {
      auto pk = groth16::ParseZkey(input.bytes());
      if (!pk.ok()) return pk.status();
      std::string json = groth16::VerifyingKeyToJson(pk->Vk());
      return Blob{format, Bytes(json.begin(), json.end())};
    }
    if (input.format == "snarkjs-zkey" && format == "solidity-verifier") {
      auto pk = groth16::ParseZkey(input.bytes());
      if (!pk.ok()) return pk.status();
      std::string sol = groth16::SolidityVerifier(pk->Vk());
      return Blob{format, Bytes(sol.begin(), sol.end())};
    }
    return absl::UnimplementedError("groth16 cannot export '" + input.format + "' to '" + format +
                                    "'");
  }
};

}  // namespace

ENTANGLE_PLUGIN(entangle::proof_systems::ProofSystem, Groth16, "groth16", "0.1.0",
                "Groth16 over BN254, snarkjs-compatible (prove from .zkey, verify)");
