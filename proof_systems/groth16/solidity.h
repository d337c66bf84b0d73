// Our own Solidity verifier template for a Groth16 key, and the calldata for its verifyProof().
// verifyProof(uint256[2] a, uint256[2][2] b, uint256[2] c, uint256[N] input) returns (bool): G2
// coordinates are [c1, c0] (imaginary part first, the EVM precompile order), as snarkjs's calldata.
// The contract uses the precompiles 0x06 (add), 0x07 (mul) and 0x08 (pairing) and returns false (it
// does not revert) for invalid points, inputs >= r or a failed pairing check.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_SOLIDITY_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_SOLIDITY_H_

#include <span>
#include <string>

#include "proof_systems/groth16/verifier.h"

namespace entangle::groth16 {

std::string SolidityVerifier(const VerifyingKey& vk);
// The arguments as snarkjs's `zkey export soliditycalldata` prints them.
std::string SolidityCalldata(const Proof& proof, std::span<const Fr> pub);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_SOLIDITY_H_
