// Groth16 setup (phase 2 start) producing a snarkjs .zkey.
// - Setup(r1cs, ptau): byte-identical to `snarkjs groth16 setup` 0.7.x (deterministic: delta =
//   gamma = 1, no contributions): the same sections in the same order (1, 2, 4, 3, 9, 8, 5, 6, 7,
//   10), the coefficient list with the extra rows A[nConstraints + s] = 1 for every public signal
//   s, the points as sparse combinations of the ptau's Lagrange sections (computed in parallel with
//   small-scalar shortcuts and Pippenger for dense signals), and the circuit hash (BLAKE2b-512
//   over the uncompressed points, with snarkjs's exact H-point hashing).
// - InsecureDevSetup(r1cs): a key from random tau, alpha, beta and delta that are generated here
//   and then forgotten, for unit tests only. ANYONE WHO KNEW tau COULD FORGE PROOFS: the zkey it
//   returns carries an extra section (kInsecureDevSetupSection) with an INSECURE marker that
//   ParseZkey reports (ProvingKey::insecure_dev_setup) and the CLI warns about.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_SETUP_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_SETUP_H_

#include <string>

#include "absl/status/statusor.h"
#include "proof_systems/groth16/ptau.h"
#include "proof_systems/groth16/r1cs.h"

namespace entangle::groth16 {

// The zkey section that marks an insecure development key, and its text.
inline constexpr uint32_t kInsecureDevSetupSection = 0x494e5345;  // "INSE"
inline constexpr char kInsecureDevSetupText[] =
    "INSECURE DEVELOPMENT SETUP: toxic waste was generated in-process; never use in production";

// The evaluation domain snarkjs uses: 2^(floor(log2(nConstraints + nPublic)) + 1).
uint32_t SetupDomainPower(const R1cs& r1cs);

absl::StatusOr<Bytes> Setup(const R1cs& r1cs, const Ptau& ptau);

absl::StatusOr<Bytes> InsecureDevSetup(const R1cs& r1cs);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_SETUP_H_
