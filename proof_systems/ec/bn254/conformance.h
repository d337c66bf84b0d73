// Conformance suites over official vectors, wired into `entangle conformance`:
// - bn256: go-ethereum's bn256Add / bn256ScalarMul / bn256Pairing precompile vectors
//   (DIR/ethereum/go-ethereum-precompiles/bn256*.json) through Bn256Add/ScalarMul/Pairing.
// - poseidon-bn254: circomlib Poseidon (DIR/poseidon/circomlib_poseidon_bn254.json), with the round
//   constants read from circomlibjs's poseidon_constants.json (npm package; see poseidon_bn254.h).
// `vectors_dir` is the vectors root (the folder holding ethereum/ and poseidon/).
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_CONFORMANCE_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_CONFORMANCE_H_

#include <string>

#include "absl/status/statusor.h"
#include "entangle/types.h"

namespace entangle::bn254 {

absl::StatusOr<entangle::ConformanceReport> RunBn256Conformance(const std::string& vectors_dir);

// With the default constants (poseidon_bn254::FindConstantsFile()); when they cannot be found every
// case is counted as skipped and the report says why.
absl::StatusOr<entangle::ConformanceReport> RunPoseidonBn254Conformance(
    const std::string& vectors_dir);
// `constants_path`: circomlibjs's src/poseidon_constants.json.
absl::StatusOr<entangle::ConformanceReport> RunPoseidonBn254ConformanceWith(
    const std::string& vectors_dir, const std::string& constants_path);

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_CONFORMANCE_H_
