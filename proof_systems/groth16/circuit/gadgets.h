// Gadgets over ConstraintSystem (circuit.h). Each allocates its outputs with their values and adds
// the constraints that pin them down; constraint counts are given per gadget.
// - Booleans: AllocBoolean / AssertBoolean (b * (1 - b) = 0), 1 constraint.
// - ToBits(x, n): little-endian bits with sum 2^i b_i = x: n + 1 constraints; doubles as a range
//   check x < 2^n (n <= 253). An out-of-range value leaves the system unsatisfied.
// - LessThan(a, b, n): 1 when a < b, for a, b < 2^n (the caller range-checks them), as circomlib's
//   LessThan(n): the top bit of a + 2^n - b; n + 2 constraints.
// - Select(c, a, b): c ? a : b for a boolean c, 1 constraint.
// - Poseidon(inputs): circomlib's Poseidon (BN254, t = inputs + 1, 1..16 inputs), constants from
//   poseidon_bn254 (circomlibjs's published constants); 3 constraints per S-box, plus a linear one
//   whenever a state combination grows past 2t terms.
// - MerkleRoot(leaf, siblings, index_bits): a binary Poseidon(2) Merkle path; at level i the
//   current node is the right child when index_bits[i] = 1 (bits are constrained boolean).
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_GADGETS_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_GADGETS_H_

#include <span>
#include <vector>

#include "proof_systems/groth16/circuit/circuit.h"
#include "proof_systems/hash/poseidon_bn254/poseidon_bn254.h"

namespace entangle::groth16::circuit {

// out = a * b.
Var Mul(ConstraintSystem& cs, const Lc& a, const Lc& b);
// a = b (1 constraint: (a - b) * 1 = 0).
void AssertEqual(ConstraintSystem& cs, const Lc& a, const Lc& b);

Var AllocBoolean(ConstraintSystem& cs, bool value);
void AssertBoolean(ConstraintSystem& cs, const Lc& b);

std::vector<Var> ToBits(ConstraintSystem& cs, const Lc& x, int n);
void RangeCheck(ConstraintSystem& cs, const Lc& x, int n);
Var LessThan(ConstraintSystem& cs, const Lc& a, const Lc& b, int n);

Var Select(ConstraintSystem& cs, const Lc& cond, const Lc& a, const Lc& b);

Var Poseidon(ConstraintSystem& cs, const poseidon_bn254::Constants& k, std::span<const Lc> inputs);

Var MerkleRoot(ConstraintSystem& cs, const poseidon_bn254::Constants& k, const Lc& leaf,
               std::span<const Lc> siblings, std::span<const Var> index_bits);

}  // namespace entangle::groth16::circuit

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_GADGETS_H_
