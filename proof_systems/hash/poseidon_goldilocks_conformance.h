// `entangle conformance poseidon-goldilocks`: Plonky2's Poseidon permutation test vectors
// (DIR/poseidon/plonky2_poseidon_goldilocks_w12.json, input state -> output state) through
// PoseidonPermute. `vectors_dir` is the vectors root (the folder holding poseidon/).
#ifndef ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_CONFORMANCE_H_
#define ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_CONFORMANCE_H_

#include <string>

#include "absl/status/statusor.h"
#include "entangle/types.h"

namespace entangle::goldilocks {

absl::StatusOr<entangle::ConformanceReport> RunPoseidonGoldilocksConformance(
    const std::string& vectors_dir);

}  // namespace entangle::goldilocks

#endif  // ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_CONFORMANCE_H_
