// Groth16 over BN254: verifying keys, proofs, public inputs in snarkjs's JSON formats, a prepared
// verifying key, single and batch verification.
//
// A proof (A, B, C) for public inputs x_1..x_n is valid when
//   e(A, B) = e(alpha, beta) * e(IC_0 + sum x_i IC_i, gamma) * e(C, delta).
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_VERIFIER_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_VERIFIER_H_

#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proof_systems/ec/bn254/curve.h"

namespace entangle::groth16 {

using bn254::Fr;
using bn254::G1Affine;
using bn254::G2Affine;

struct VerifyingKey {
  G1Affine alpha;
  G2Affine beta, gamma, delta;
  std::vector<G1Affine> ic;  // ic.size() == number of public inputs + 1
  size_t num_public() const { return ic.empty() ? 0 : ic.size() - 1; }
};

struct Proof {
  G1Affine a;
  G2Affine b;
  G1Affine c;
};

// e(alpha, beta) precomputed, the G2 points negated once and their Miller-loop lines precomputed
// (verification then does no G2 arithmetic except for the proof's B).
struct PreparedVerifyingKey {
  VerifyingKey vk;
  bn254::Fq12 alpha_beta;
  G2Affine neg_gamma, neg_delta;
  bn254::G2Prepared neg_gamma_lines, neg_delta_lines, beta_lines;
};
PreparedVerifyingKey Prepare(const VerifyingKey& vk);

// snarkjs JSON: verification_key.json, proof.json, public.json. Points must be on the curve and,
// for G2, in the subgroup; field elements canonical; public signals < r.
absl::StatusOr<VerifyingKey> ParseVerifyingKeyJson(const std::string& json);
absl::StatusOr<Proof> ParseProofJson(const std::string& json);
absl::StatusOr<std::vector<Fr>> ParsePublicJson(const std::string& json);
std::string VerifyingKeyToJson(const VerifyingKey& vk);
std::string ProofToJson(const Proof& proof);
std::string PublicToJson(std::span<const Fr> pub);

// OK when valid; InvalidArgument naming the problem for a malformed input (wrong number of public
// inputs); returns false (not an error) for a well-formed proof that does not verify.
absl::StatusOr<bool> Verify(const PreparedVerifyingKey& pvk, const Proof& proof,
                            std::span<const Fr> pub);

// Verifies many proofs under one key with one final exponentiation: a random linear combination
// with 128-bit coefficients drawn from the OS random generator.
absl::StatusOr<bool> BatchVerify(const PreparedVerifyingKey& pvk, std::span<const Proof> proofs,
                                 std::span<const std::vector<Fr>> pubs);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_VERIFIER_H_
