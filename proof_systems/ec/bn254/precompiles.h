// The Ethereum BN254 precompiles with their exact input/output semantics (EIP-196, EIP-197):
// input shorter than the fixed size is right-padded with zeros, longer input is ignored (add, mul);
// the pairing input must be a multiple of 192 bytes. A failing call (coordinate >= p, point not on
// the curve, G2 outside the subgroup, bad length) returns an error Status naming the problem.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_PRECOMPILES_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_PRECOMPILES_H_

#include "absl/status/statusor.h"
#include "entangle/types.h"

namespace entangle::bn254 {

absl::StatusOr<Bytes> Bn256Add(ByteView input);        // 0x06, 64-byte output
absl::StatusOr<Bytes> Bn256ScalarMul(ByteView input);  // 0x07, 64-byte output
absl::StatusOr<Bytes> Bn256Pairing(ByteView input);    // 0x08, 32-byte 0 or 1

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_PRECOMPILES_H_
