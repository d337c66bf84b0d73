// Trace layout helpers of the Poseidon permutation AIR (examples/poseidon.cc).
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_

#include <array>

#include "proof_systems/plonky/air/air.h"

namespace entangle::plonky {

// 12 inputs + 8 full rounds x 12 S-box outputs + 22 partial rounds x 1.
inline constexpr int kPoseidonAirWidth = 12 + 8 * 12 + 22;

// Writes the row of one permutation of `input`.
void FillPoseidonRow(const std::array<Fp, 12>& input, Trace& trace, size_t row);
// The permutation's output (the MDS image of the last round's S-box outputs in the trace).
std::array<Fp, 12> PoseidonAirOutput(const Trace& trace, size_t row);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_
