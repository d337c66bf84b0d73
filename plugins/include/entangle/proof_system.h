// proof_systems::ProofSystem: a proving back end ("plonky" STARK/FRI, Groth16, ...).
//
// Everything crosses as bytes tagged with a format name, so a back end keeps its own serializations
// (a snarkjs .zkey, an Entangle AIR description, a FRI proof) and the host stays generic:
//   Setup:  circuit or AIR (+ parameters such as a powers-of-tau file) -> proving and verifying
//   keys. Prove:  proving key + witness or trace (+ public inputs) -> proof bytes and the public
//   inputs. Verify: verifying key + proof + public inputs -> OK, or the reason for rejection.
// A rejected proof is reported as absl::StatusCode::kInvalidArgument with the reason; other codes
// mean the verifier could not run (e.g. an unreadable key).
#ifndef ENTANGLE_PROOF_SYSTEM_H_
#define ENTANGLE_PROOF_SYSTEM_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "entangle/component.h"
#include "entangle/types.h"

namespace entangle::proof_systems {

struct ProofSystemInfo {
  std::string name;            // "groth16", "plonky"
  std::string field;           // "bn254-fr", "goldilocks"
  std::string configuration;   // e.g. "standard", "test"
  uint32_t security_bits = 0;  // conjectured or proven bits of security of this configuration
  bool transparent = false;    // no trusted setup
  uint64_t typical_proof_bytes = 0;
};

// A format-tagged blob: {"circom-r1cs", bytes}, {"snarkjs-ptau", bytes}, {"entangle-air-v1",
// bytes}... The bytes are owned (`data`) or, when `data` is empty, borrowed (`view`: e.g. a file
// the host keeps memory-mapped for the duration of the call, so a large proving key crosses without
// a copy). Back ends read the contents through bytes(). (`view` added in ABI 3.0.)
struct Blob {
  std::string format;
  Bytes data;
  ByteView view{};
  ByteView bytes() const { return data.empty() ? view : ByteView(data); }
};

struct SetupRequest {
  Blob circuit;
  Blob parameters;                  // may be empty (e.g. a transparent system)
  std::string options_json = "{}";  // back-end options (e.g. {"insecure_dev_tau": true})
};

struct Keys {
  Blob proving_key;
  Blob verifying_key;
};

// A field element in canonical form: big-endian, minimal width of the field (8 bytes for
// Goldilocks, 32 for BN254 Fr).
using FieldElement = Bytes;

struct ProveRequest {
  Blob proving_key;
  Blob witness;                             // a witness (.wtns) or an execution trace
  std::vector<FieldElement> public_inputs;  // when not implied by the witness
  std::string options_json = "{}";          // e.g. {"deterministic": true}
};

struct ProofStats {
  double prove_seconds = 0;
  uint64_t peak_memory_bytes = 0;
};

struct ProveResult {
  Blob proof;
  std::vector<FieldElement> public_inputs;
  ProofStats stats;
  // The proving key came from an insecure development setup (its toxic waste was known to the
  // process that made it): the proof convinces nobody else. Set by the back end, which reads its
  // own key format; hosts label such proofs INSECURE. (Added in ABI 2.0.)
  bool insecure_dev_setup = false;
};

class ProofSystem : public Component {
 public:
  [[nodiscard]] virtual ProofSystemInfo Info() const noexcept = 0;

  [[nodiscard]] virtual absl::StatusOr<Keys> Setup(const SetupRequest& request) noexcept = 0;

  [[nodiscard]] virtual absl::StatusOr<ProveResult> Prove(const ProveRequest& request) noexcept = 0;

  [[nodiscard]] virtual absl::Status Verify(
      const Blob& verifying_key, const Blob& proof,
      const std::vector<FieldElement>& public_inputs) noexcept = 0;

  // Converts a key or proof to another format: "snarkjs-vk-json", "snarkjs-proof-json",
  // "solidity-verifier", "evm-calldata", ... The formats a back end offers are its own.
  [[nodiscard]] virtual absl::StatusOr<Blob> Export(const Blob& /*input*/,
                                                    const std::string& format) noexcept {
    return absl::UnimplementedError("export to '" + format + "' is not offered by this back end");
  }
};

}  // namespace entangle::proof_systems

#endif  // ENTANGLE_PROOF_SYSTEM_H_
