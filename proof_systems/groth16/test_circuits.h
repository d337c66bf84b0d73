// Tiny R1CS circuits for tests (testonly): small enough for testdata/pot1.ptau (domain 2) or for a
// quick InsecureDevSetup.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_TEST_CIRCUITS_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_TEST_CIRCUITS_H_

#include <vector>

#include "proof_systems/groth16/r1cs.h"

namespace entangle::groth16::test_circuits {

// x * x = y (y public when `pub`): 1 constraint; wires 0 = one, 1 = y, 2 = x. Without a public
// signal it fits pot1.ptau.
R1cs Square(bool pub);
// The witness of Square for x: {1, x^2, x}.
std::vector<Fr> SquareWitness(uint64_t x);

// out = x^3 + x + 5 with out public, x private: 3 constraints; wires 0 = one, 1 = out, 2 = x,
// 3 = x^2, 4 = x^3.
R1cs Cubic();
// The witness of Cubic for x.
std::vector<Fr> CubicWitness(uint64_t x);

}  // namespace entangle::groth16::test_circuits

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_TEST_CIRCUITS_H_
