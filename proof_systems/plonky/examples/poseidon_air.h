// Trace layout helpers of the Poseidon permutation AIR (examples/poseidon.cc).
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_

#include <array>

#include "proof_systems/plonky/air/air.h"

namespace entangle::plonky {

// 12 inputs + 8 full rounds x 24 + 22 partial rounds x 2.
inline constexpr int kPoseidonAirWidth = 12 + 8 * 24 + 22 * 2;

// Writes the row of one permutation of `input`.
void FillPoseidonRow(const std::array<Fp, 12>& input, Trace& trace, size_t row);
// The permutation's output as recorded in the trace.
std::array<Fp, 12> PoseidonAirOutput(const Trace& trace, size_t row);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_POSEIDON_AIR_H_
