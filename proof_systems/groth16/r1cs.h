// circom's binary .r1cs (magic "r1cs", version 1): header (section 1), constraints (section 2) as
// three linear combinations A, B, C of (wire, coefficient) with plain little-endian coefficients;
// and a satisfaction check of a witness: <A, w> * <B, w> == <C, w> for every constraint.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_R1CS_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_R1CS_H_

#include <array>
#include <span>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "entangle/types.h"
#include "proof_systems/groth16/verifier.h"

namespace entangle::groth16 {

using LinearCombination = std::vector<std::pair<uint32_t, Fr>>;

struct R1cs {
  uint32_t n_wires = 0, n_outputs = 0, n_pub_inputs = 0, n_prv_inputs = 0;
  uint64_t n_labels = 0;
  std::vector<std::array<LinearCombination, 3>> constraints;
  uint32_t n_public() const { return n_outputs + n_pub_inputs; }
};

absl::StatusOr<R1cs> ParseR1cs(Bytes data);
// circom's binary .r1cs: header, constraints and the wire-to-label map (the identity: nLabels is
// written as n_wires).
Bytes WriteR1cs(const R1cs& r1cs);

// OK when the witness (wire 0 = 1) satisfies every constraint; otherwise InvalidArgument naming the
// first failing constraint.
absl::Status CheckSatisfied(const R1cs& r1cs, std::span<const Fr> witness);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_R1CS_H_
