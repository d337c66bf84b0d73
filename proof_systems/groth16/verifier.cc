#include "proof_systems/groth16/verifier.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/ec/bn254/msm.h"

namespace entangle::groth16 {
namespace {

using nlohmann::json;
using namespace entangle::bn254;

absl::StatusOr<json> Parse(const std::string& text, const char* what) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return absl::InvalidArgumentError(std::string(what) + ": not valid JSON");
  return j;
}

absl::StatusOr<std::vector<std::string>> Strings(const json& j, const std::string& what) {
  if (!j.is_array()) return absl::InvalidArgumentError(what + ": expected an array");
  std::vector<std::string> out;
  for (const auto& e : j) {
    if (!e.is_string()) return absl::InvalidArgumentError(what + ": expected decimal strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

absl::StatusOr<G1Affine> G1Field(const json& obj, const std::string& key) {
  if (!obj.contains(key)) return absl::InvalidArgumentError("missing field " + key);
  ASSIGN_OR_RETURN(auto s, Strings(obj[key], key));
  auto p = G1FromJson(s);
  if (!p.ok()) return absl::InvalidArgumentError(key + ": " + std::string(p.status().message()));
  return *p;
}

absl::StatusOr<G2Affine> G2Field(const json& obj, const std::string& key) {
  if (!obj.contains(key) || !obj[key].is_array()) {
    return absl::InvalidArgumentError("missing or malformed field " + key);
  }
  std::vector<std::vector<std::string>> c;
  for (const auto& e : obj[key]) {
    ASSIGN_OR_RETURN(auto s, Strings(e, key));
    c.push_back(s);
  }
  auto q = G2FromJson(c);
  if (!q.ok()) return absl::InvalidArgumentError(key + ": " + std::string(q.status().message()));
  return *q;
}

json G1J(const G1Affine& p) { return G1ToJson(p); }
json G2J(const G2Affine& q) { return G2ToJson(q); }

G1Affine PublicCombination(const VerifyingKey& vk, std::span<const Fr> pub) {
  G1 acc = MsmG1(std::span(vk.ic).subspan(1), pub);
  return acc.AddMixed(vk.ic[0]).ToAffine();
}

}  // namespace

PreparedVerifyingKey Prepare(const VerifyingKey& vk) {
  return {vk,
          Pairing(vk.alpha, vk.beta),
          -vk.gamma,
          -vk.delta,
          PrepareG2(-vk.gamma),
          PrepareG2(-vk.delta),
          PrepareG2(vk.beta)};
}

absl::StatusOr<VerifyingKey> ParseVerifyingKeyJson(const std::string& text) {
  ASSIGN_OR_RETURN(json j, Parse(text, "verification key"));
  if (!j.is_object()) return absl::InvalidArgumentError("verification key: expected an object");
  if (j.value("protocol", "") != "groth16") {
    return absl::InvalidArgumentError("verification key: protocol is not groth16");
  }
  if (j.contains("curve") && j["curve"] != "bn128" && j["curve"] != "bn254") {
    return absl::InvalidArgumentError("verification key: curve is not bn128");
  }
  VerifyingKey vk;
  ASSIGN_OR_RETURN(vk.alpha, G1Field(j, "vk_alpha_1"));
  ASSIGN_OR_RETURN(vk.beta, G2Field(j, "vk_beta_2"));
  ASSIGN_OR_RETURN(vk.gamma, G2Field(j, "vk_gamma_2"));
  ASSIGN_OR_RETURN(vk.delta, G2Field(j, "vk_delta_2"));
  if (!j.contains("IC") || !j["IC"].is_array() || j["IC"].empty()) {
    return absl::InvalidArgumentError("verification key: missing IC");
  }
  for (size_t i = 0; i < j["IC"].size(); ++i) {
    ASSIGN_OR_RETURN(auto s, Strings(j["IC"][i], "IC"));
    auto p = G1FromJson(s);
    if (!p.ok()) {
      return absl::InvalidArgumentError("IC[" + std::to_string(i) +
                                        "]: " + std::string(p.status().message()));
    }
    vk.ic.push_back(*p);
  }
  if (j.contains("nPublic") && j["nPublic"].is_number_unsigned() &&
      j["nPublic"].get<size_t>() != vk.num_public()) {
    return absl::InvalidArgumentError("verification key: nPublic does not match IC length");
  }
  return vk;
}

absl::StatusOr<Proof> ParseProofJson(const std::string& text) {
  ASSIGN_OR_RETURN(json j, Parse(text, "proof"));
  if (!j.is_object()) return absl::InvalidArgumentError("proof: expected an object");
  if (j.contains("protocol") && j["protocol"] != "groth16") {
    return absl::InvalidArgumentError("proof: protocol is not groth16");
  }
  Proof p;
  ASSIGN_OR_RETURN(p.a, G1Field(j, "pi_a"));
  ASSIGN_OR_RETURN(p.b, G2Field(j, "pi_b"));
  ASSIGN_OR_RETURN(p.c, G1Field(j, "pi_c"));
  return p;
}

absl::StatusOr<std::vector<Fr>> ParsePublicJson(const std::string& text) {
  ASSIGN_OR_RETURN(json j, Parse(text, "public signals"));
  ASSIGN_OR_RETURN(auto s, Strings(j, "public signals"));
  std::vector<Fr> out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto f = FrFromDecimal(s[i]);
    if (!f.ok()) {
      return absl::InvalidArgumentError("public signal " + std::to_string(i) + ": " +
                                        std::string(f.status().message()));
    }
    out.push_back(*f);
  }
  return out;
}

std::string VerifyingKeyToJson(const VerifyingKey& vk) {
  json j;
  j["protocol"] = "groth16";
  j["curve"] = "bn128";
  j["nPublic"] = vk.num_public();
  j["vk_alpha_1"] = G1J(vk.alpha);
  j["vk_beta_2"] = G2J(vk.beta);
  j["vk_gamma_2"] = G2J(vk.gamma);
  j["vk_delta_2"] = G2J(vk.delta);
  json ic = json::array();
  for (const auto& p : vk.ic) ic.push_back(G1J(p));
  j["IC"] = ic;
  return j.dump(1);
}

std::string ProofToJson(const Proof& proof) {
  json j;
  j["pi_a"] = G1J(proof.a);
  j["pi_b"] = G2J(proof.b);
  j["pi_c"] = G1J(proof.c);
  j["protocol"] = "groth16";
  j["curve"] = "bn128";
  return j.dump(1);
}

std::string PublicToJson(std::span<const Fr> pub) {
  json j = json::array();
  for (const auto& f : pub) j.push_back(f.ToDecimal());
  return j.dump(1);
}

absl::StatusOr<bool> Verify(const PreparedVerifyingKey& pvk, const Proof& proof,
                            std::span<const Fr> pub) {
  if (pub.size() != pvk.vk.num_public()) {
    return absl::InvalidArgumentError("wrong number of public inputs: got " +
                                      std::to_string(pub.size()) + ", the key expects " +
                                      std::to_string(pvk.vk.num_public()));
  }
  const G1Affine vk_x = PublicCombination(pvk.vk, pub);
  // e(A, B) * e(vk_x, -gamma) * e(C, -delta) == e(alpha, beta)
  const G2Prepared b_lines = PrepareG2(proof.b);
  std::pair<G1Affine, const G2Prepared*> pairs[3] = {
      {proof.a, &b_lines}, {vk_x, &pvk.neg_gamma_lines}, {proof.c, &pvk.neg_delta_lines}};
  return FinalExponentiation(MultiMillerLoopPrepared(pairs)) == pvk.alpha_beta;
}

absl::StatusOr<bool> BatchVerify(const PreparedVerifyingKey& pvk, std::span<const Proof> proofs,
                                 std::span<const std::vector<Fr>> pubs) {
  if (proofs.size() != pubs.size()) {
    return absl::InvalidArgumentError("batch verify: proofs and public inputs differ in count");
  }
  if (proofs.empty()) return true;
  // With random r_i: prod e(r_i A_i, B_i) * e(sum r_i vk_x_i, -gamma) * e(sum r_i C_i, -delta) *
  // e(-(sum r_i) alpha, beta) == 1, where sum r_i vk_x_i = (sum r_i) IC_0 + sum_j (sum_i r_i x_ij)
  // IC_j is one MSM over the key's IC.
  const size_t np = pvk.vk.num_public();
  std::vector<Fr> r(proofs.size()), ic_coef(np + 1, Fr::Zero());
  std::vector<G1Affine> cs(proofs.size());
  std::vector<G2Prepared> b_lines(proofs.size());
  std::vector<std::pair<G1Affine, const G2Prepared*>> pairs;
  for (size_t i = 0; i < proofs.size(); ++i) {
    if (pubs[i].size() != np) {
      return absl::InvalidArgumentError("batch verify: proof " + std::to_string(i) +
                                        " has the wrong number of public inputs");
    }
    uint8_t rnd[16];
    if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
      return absl::InternalError("batch verify: no OS randomness");
    }
    U256 rv{0, 0, 0, 0};
    for (int k = 0; k < 16; ++k) rv[k / 8] |= (uint64_t)rnd[k] << (8 * (k % 8));
    rv[0] |= 1;  // nonzero
    r[i] = Fr::FromU256Unchecked(rv);
    ic_coef[0] += r[i];
    for (size_t j = 0; j < np; ++j) ic_coef[j + 1] += r[i] * pubs[i][j];
    cs[i] = proofs[i].c;
    b_lines[i] = PrepareG2(proofs[i].b);
    pairs.emplace_back(ScalarMul(G1::From(proofs[i].a), rv).ToAffine(), &b_lines[i]);
  }
  pairs.emplace_back(MsmG1(pvk.vk.ic, ic_coef).ToAffine(), &pvk.neg_gamma_lines);
  pairs.emplace_back(MsmG1(cs, r).ToAffine(), &pvk.neg_delta_lines);
  pairs.emplace_back(-ScalarMul(G1::From(pvk.vk.alpha), ic_coef[0]).ToAffine(), &pvk.beta_lines);
  return PairingProductIsOnePrepared(pairs);
}

}  // namespace entangle::groth16
