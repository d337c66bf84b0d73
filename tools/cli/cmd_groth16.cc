// entangle groth16 setup|prove|verify|export-verifier|export-vk, with snarkjs's arguments in
// snarkjs's order:
//   entangle groth16 prove circuit.zkey witness.wtns proof.json public.json
//   entangle groth16 verify verification_key.json public.json proof.json   (OK / exit 0, exit 1)
//   entangle groth16 setup circuit.r1cs pot.ptau circuit.zkey
//   entangle groth16 export-verifier circuit.zkey verifier.sol
//   entangle groth16 export-vk circuit.zkey verification_key.json
// The work is done by the `groth16` proof-system plugin, reached through the loader.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "common/bytes.h"
#include "common/mapped_file.h"
#include "tools/cli/cli.h"
#include "tools/cli/commands.h"

namespace entangle::cli {
namespace {

using proof_systems::Blob;

absl::StatusOr<Blob> ReadBlob(const std::string& path, const std::string& format) {
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  return Blob{format, std::move(*data)};
}

// A blob that borrows `file`'s bytes (memory-mapped, no copy): `file` must outlive its use.
absl::StatusOr<Blob> MapBlob(const std::string& path, const std::string& format, MappedFile& file) {
  auto mapped = MappedFile::Open(path);
  if (!mapped.ok()) return mapped.status();
  file = std::move(*mapped);
  return Blob{format, {}, file.bytes()};
}

// Decimal string -> 32-byte big-endian (the SDK's FieldElement form for BN254 Fr).
absl::StatusOr<Bytes> DecimalToBe32(const std::string& s) {
  if (s.empty() || s.size() > 78)
    return absl::InvalidArgumentError("bad decimal number '" + s + "'");
  Bytes b(32, 0);
  for (char ch : s) {
    if (ch < '0' || ch > '9') return absl::InvalidArgumentError("bad decimal number '" + s + "'");
    unsigned carry = ch - '0';
    for (int i = 31; i >= 0; --i) {
      unsigned v = b[i] * 10u + carry;
      b[i] = v & 0xff;
      carry = v >> 8;
    }
    if (carry) return absl::InvalidArgumentError("number exceeds 256 bits: " + s);
  }
  return b;
}

std::string Be32ToDecimal(Bytes b) {
  std::string out;
  bool nonzero = true;
  while (nonzero) {
    unsigned rem = 0;
    nonzero = false;
    for (auto& byte : b) {
      unsigned v = rem * 256 + byte;
      byte = v / 10;
      rem = v % 10;
      nonzero |= byte != 0;
    }
    out.insert(out.begin(), char('0' + rem));
  }
  return out;
}

absl::StatusOr<plugins::Owned<proof_systems::ProofSystem>> Groth16() {
  return CreateProofSystem("groth16");
}

void Prove(const std::string& zkey, const std::string& wtns, const std::string& proof_out,
           const std::string& public_out) {
  auto ps = Groth16();
  if (!ps.ok()) return (void)Fail(ps.status(), 2);
  proof_systems::ProveRequest req;
  // The key (158 MB at 2^18 constraints) and the witness are mapped, not read into a buffer: no
  // zero fill and no copy before ParseZkey.
  MappedFile zkey_file, wtns_file;
  auto pk = MapBlob(zkey, "snarkjs-zkey", zkey_file);
  if (!pk.ok()) return (void)Fail(pk.status(), 2);
  auto w = MapBlob(wtns, "snarkjs-wtns", wtns_file);
  if (!w.ok()) return (void)Fail(w.status(), 2);
  req.proving_key = std::move(*pk);
  req.witness = std::move(*w);
  auto res = (*ps)->Prove(req);
  if (!res.ok()) return (void)Fail("groth16 prove: " + std::string(res.status().message()), 1);
  if (res->insecure_dev_setup) {
    std::fprintf(stderr,
                 "WARNING: %s is an INSECURE development key (toxic waste known to its "
                 "maker): its proofs convince nobody else.\n",
                 zkey.c_str());
  }
  nlohmann::json pub = nlohmann::json::array();
  for (const auto& f : res->public_inputs) pub.push_back(Be32ToDecimal(f));
  std::string pub_text = pub.dump(1);
  if (auto s = WriteFile(proof_out, res->proof.data); !s.ok()) return (void)Fail(s, 2);
  if (auto s = WriteFile(public_out, AsBytes(pub_text)); !s.ok()) return (void)Fail(s, 2);
}

void Verify(const std::string& vk_path, const std::string& public_path,
            const std::string& proof_path) {
  auto ps = Groth16();
  if (!ps.ok()) return (void)Fail(ps.status(), 2);
  auto vk = ReadBlob(vk_path, "snarkjs-vk-json");
  if (!vk.ok()) return (void)Fail(vk.status(), 2);
  auto proof = ReadBlob(proof_path, "snarkjs-proof-json");
  if (!proof.ok()) return (void)Fail(proof.status(), 2);
  auto pub_raw = ReadFile(public_path);
  if (!pub_raw.ok()) return (void)Fail(pub_raw.status(), 2);
  auto pub = nlohmann::json::parse(pub_raw->begin(), pub_raw->end(), nullptr, false);
  if (pub.is_discarded() || !pub.is_array()) {
    return (void)Fail(public_path + ": expected a JSON array of decimal strings", 1);
  }
  std::vector<proof_systems::FieldElement> inputs;
  for (const auto& v : pub) {
    if (!v.is_string()) return (void)Fail(public_path + ": public signals must be strings", 1);
    auto b = DecimalToBe32(v.get<std::string>());
    if (!b.ok()) return (void)Fail(b.status(), 1);
    inputs.push_back(std::move(*b));
  }
  absl::Status s = (*ps)->Verify(*vk, *proof, inputs);
  if (s.ok()) {
    std::printf("OK\n");
    return;
  }
  std::printf("INVALID\n");
  Fail("groth16 verify: " + std::string(s.message()), 1);
}

void ExportVk(const std::string& zkey, const std::string& out) {
  auto ps = Groth16();
  if (!ps.ok()) return (void)Fail(ps.status(), 2);
  MappedFile zkey_file;
  auto pk = MapBlob(zkey, "snarkjs-zkey", zkey_file);
  if (!pk.ok()) return (void)Fail(pk.status(), 2);
  auto vk = (*ps)->Export(*pk, "snarkjs-vk-json");
  if (!vk.ok()) return (void)Fail("groth16 export-vk: " + std::string(vk.status().message()), 1);
  if (auto s = WriteFile(out, vk->data); !s.ok()) return (void)Fail(s, 2);
}

}  // namespace

void RegisterGroth16Command(CLI::App& app) {
  auto* g = app.add_subcommand("groth16", "Groth16 over BN254 (snarkjs-compatible arguments)");
  g->require_subcommand(1);
  static std::string a1, a2, a3, a4;

  auto* prove =
      g->add_subcommand("prove", "prove: circuit.zkey witness.wtns proof.json public.json");
  prove->add_option("zkey", a1)->required();
  prove->add_option("wtns", a2)->required();
  prove->add_option("proof", a3)->required();
  prove->add_option("public", a4)->required();
  prove->callback([] { Prove(a1, a2, a3, a4); });

  auto* verify =
      g->add_subcommand("verify", "verify: verification_key.json public.json proof.json");
  verify->add_option("vk", a1)->required();
  verify->add_option("public", a2)->required();
  verify->add_option("proof", a3)->required();
  verify->callback([] { Verify(a1, a2, a3); });

  auto* vk = g->add_subcommand("export-vk", "export-vk: circuit.zkey verification_key.json");
  vk->add_option("zkey", a1)->required();
  vk->add_option("out", a2)->required();
  vk->callback([] { ExportVk(a1, a2); });

  static bool insecure_dev = false;
  auto* setup = g->add_subcommand(
      "setup",
      "setup: circuit.r1cs pot.ptau circuit.zkey (byte-identical to snarkjs groth16 setup);\n"
      "  setup --insecure-dev-setup circuit.r1cs circuit.zkey: random toxic waste, tests only");
  setup->add_option("r1cs", a1)->required();
  setup->add_option("ptau", a2)->required();
  setup->add_option("zkey", a3);
  setup->add_flag("--insecure-dev-setup", insecure_dev,
                  "INSECURE: no ptau, toxic waste generated in this process (tests only)");
  setup->callback([] {
    auto ps = Groth16();
    if (!ps.ok()) return (void)Fail(ps.status(), 2);
    auto r1cs = ReadBlob(a1, "circom-r1cs");
    if (!r1cs.ok()) return (void)Fail(r1cs.status(), 2);
    proof_systems::SetupRequest req;
    req.circuit = std::move(*r1cs);
    std::string out = a3;
    if (insecure_dev) {
      if (!a3.empty()) return (void)Fail("with --insecure-dev-setup: circuit.r1cs circuit.zkey", 2);
      out = a2;
      req.options_json = R"({"insecure_dev_setup": true})";
      std::fprintf(stderr,
                   "WARNING: INSECURE DEVELOPMENT SETUP. The toxic waste was generated in this "
                   "process; the key is marked INSECURE and must never be used in production.\n");
    } else {
      if (a3.empty())
        return (void)Fail("usage: groth16 setup circuit.r1cs pot.ptau circuit.zkey", 2);
      auto ptau = ReadBlob(a2, "snarkjs-ptau");
      if (!ptau.ok()) return (void)Fail(ptau.status(), 2);
      req.parameters = std::move(*ptau);
    }
    auto keys = (*ps)->Setup(req);
    if (!keys.ok()) return (void)Fail("groth16 setup: " + std::string(keys.status().message()), 1);
    if (auto s = WriteFile(out, keys->proving_key.data); !s.ok()) return (void)Fail(s, 2);
  });

  auto* ev = g->add_subcommand("export-verifier", "export-verifier: circuit.zkey verifier.sol");
  ev->add_option("zkey", a1)->required();
  ev->add_option("out", a2)->required();
  ev->callback([] {
    auto ps = Groth16();
    if (!ps.ok()) return (void)Fail(ps.status(), 2);
    MappedFile zkey_file;
    auto pk = MapBlob(a1, "snarkjs-zkey", zkey_file);
    if (!pk.ok()) return (void)Fail(pk.status(), 2);
    auto sol = (*ps)->Export(*pk, "solidity-verifier");
    if (!sol.ok())
      return (void)Fail("groth16 export-verifier: " + std::string(sol.status().message()), 1);
    if (auto s = WriteFile(a2, sol->data); !s.ok()) return (void)Fail(s, 2);
  });
}

}  // namespace entangle::cli
