// Parameters of the plonky STARK and their conjectured security.
//
// Conjectured security (the "ethSTARK conjecture" style estimate used by Plonky2/Plonky3):
//   bits = min(log_blowup * num_queries + pow_bits, kFieldBits)
// Each FRI query of a code with rate 2^-log_blowup catches a far-from-code word except with
// probability ~2^-log_blowup; grinding adds pow_bits of work per attempt. The cap kFieldBits = 128
// is log2 of the challenge field Fp2 (|Fp2| = p^2 ~ 2^128): out-of-domain, DEEP, FRI folding and
// LogUp challenges are drawn from it, so no parameter choice gives more than that.
//
// The virtual first FRI layer of narrow tables (VirtualFirstLayerBits, protocol.h) does not change
// this estimate: FRI's first function f_0 (the DEEP combination) is then read by the verifier from
// the trace, lookup and quotient commitments at the queried coset instead of from a separate
// commitment of f_0. Those commitments are fixed before zeta, lambda and the first folding
// challenge are drawn, so f_0 is as committed as a Merkle tree of its values would be; every query
// still checks the same fold of the same coset against the next layer, and the number of queries,
// the rate and the grinding are unchanged. (A committed first layer only adds a consistency check
// between two oracles for one function, which the virtual layer makes an identity.)
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_CONFIG_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_CONFIG_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "proof_systems/hash/poseidon_goldilocks.h"

namespace entangle::plonky {

struct StarkConfig {
  static constexpr int kFieldBits = 128;
  // The least conjectured security (security_bits()) of a configuration fit for use: anything
  // below, whatever its name (Test(), a custom or future configuration), is reported as INSECURE
  // (`entangle plonky demo`). Standard() and StandardSha256() have exactly this.
  static constexpr int kMinSecureBits = 100;

  std::string name = "custom";
  goldilocks::HashKind hash = goldilocks::HashKind::kPoseidon;
  int log_blowup = 1;  // rate 1/2
  int num_queries = 84;
  int pow_bits = 16;       // proof-of-work grinding before the queries
  int fri_arity_bits = 4;  // FRI folds by 2^fri_arity_bits per layer (the last layer may fold less)
  int fri_final_log_len = 4;  // FRI stops when the polynomial has at most 2^this coefficients
  int cap_height = 4;         // Merkle caps of 2^cap_height digests (fewer for small trees)

  // log_blowup 1, 84 queries, 16 PoW bits: 1 * 84 + 16 = 100 bits. The blowup only sets the FRI
  // code rate (the quotient is evaluated on its own domain, protocol.h), so it is chosen for
  // prover speed: every committed row is hashed, and blowup 2 hashes 4x fewer rows than 8 for
  // 3x the queries (larger proofs, slower verification; measured in README.md). FRI folds by 16
  // per layer (as Plonky2's standard configurations): fewer, wider layers hash a little less and
  // give slightly smaller proofs than folding by 8.
  static StarkConfig Standard();
  // Standard() with SHA-256 Merkle trees (HashKind::kSha256; the transcript stays Poseidon): the
  // same 100 bits and proof shape. Faster to prove on CPUs with SHA-NI and cheaper to check in
  // Bitcoin script, but not recursion friendly (a STARK verifying it would arithmetize SHA-256);
  // Standard() stays the default. Measured in README.md.
  static StarkConfig StandardSha256();
  // INSECURE, for tests only: log_blowup 2, 8 queries, 4 PoW bits (20 bits).
  static StarkConfig Test();

  // The named configurations, the one list that ByName, the plugin and the CLI read: a new name
  // is added there (config.cc) only.
  struct Named {
    std::string_view name;
    std::string_view summary;  // one line for help texts
    StarkConfig (*make)();
  };
  static std::span<const Named> Catalog();
  // Catalog()'s names, in order (CLI11 IsMember, error messages).
  static std::vector<std::string> Names();
  // A name of Catalog(); anything else is an InvalidArgument error naming the valid ones.
  static absl::StatusOr<StarkConfig> ByName(std::string_view name);

  int security_bits() const;
  absl::Status Validate() const;
};

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_CONFIG_H_
