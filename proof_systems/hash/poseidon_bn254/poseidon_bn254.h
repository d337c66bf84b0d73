// Poseidon over the BN254 scalar field with circomlib's parameters (x^5 S-box, 8 full rounds,
// partial rounds N_ROUNDS_P[t - 2] = 56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64,
// 68, t = inputs + 1 in [2, 17]), bit-compatible with circomlibjs's poseidon and circomlib's
// Poseidon template.
//
// The round constants and MDS matrices are public data published by circomlibjs
// (src/poseidon_constants.json, {"C": [t-2][rounds * t], "M": [t-2][t][t]}, hex strings); they are
// read from that npm package (tests/interop/node_modules/circomlibjs) rather than copied here.
#ifndef ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_BN254_POSEIDON_BN254_H_
#define ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_BN254_POSEIDON_BN254_H_

#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proof_systems/ec/bn254/fields.h"

namespace entangle::poseidon_bn254 {

using bn254::Fr;

struct Constants {
  // c[t - 2]: round constants (rounds * t), m[t - 2]: t x t MDS matrix (row-major, m[i][j]).
  std::vector<std::vector<Fr>> c;
  std::vector<std::vector<std::vector<Fr>>> m;
};

inline constexpr int kFullRounds = 8;
inline constexpr int kPartialRounds[16] = {56, 57, 56, 60, 60, 63, 64, 63,
                                           60, 66, 60, 65, 70, 60, 64, 68};

// Parses circomlibjs's poseidon_constants.json; errors name the offending entry.
absl::StatusOr<Constants> LoadConstants(const std::string& path);

// The default constants file: $ENTANGLE_POSEIDON_CONSTANTS, else
// tests/interop/node_modules/circomlibjs/src/poseidon_constants.json under the current directory or
// one of its parents, or (for Bazel tests) under the workspace; "" when not found.
std::string FindConstantsFile();
// Loads (once) and returns the default constants.
absl::StatusOr<const Constants*> DefaultConstants();

// circomlibjs poseidon(inputs, initState, nOut): 1..16 inputs, 1 <= n_out <= t.
absl::StatusOr<std::vector<Fr>> Hash(const Constants& k, std::span<const Fr> inputs,
                                     const Fr& init_state = Fr::Zero(), size_t n_out = 1);

}  // namespace entangle::poseidon_bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_BN254_POSEIDON_BN254_H_
