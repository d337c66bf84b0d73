// Fiat-Shamir transcript: a Poseidon duplex sponge over Goldilocks (width 12, rate 8, capacity 4).
//
// Observed elements are buffered and absorbed 8 at a time by overwriting the rate part of the
// state and permuting; samples are squeezed from the rate part of the last permuted state, and
// observing anything new invalidates the unread output. The sponge starts from a domain tag
// ("entangle-plonky" and the transcript's purpose), and ObserveLabel() separates protocol phases.
// Prover and verifier each run their own Challenger with the same sequence of calls.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_CHALLENGER_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_CHALLENGER_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "proof_systems/field/goldilocks.h"
#include "proof_systems/hash/poseidon_goldilocks.h"

namespace entangle::plonky {

class Challenger {
 public:
  static constexpr int kRate = 8;

  Challenger(goldilocks::HashKind hash, std::string_view domain);

  void Observe(goldilocks::Fp x);
  void Observe(std::span<const goldilocks::Fp> xs);
  void Observe(const goldilocks::Fp2& x);
  void Observe(std::span<const goldilocks::Fp2> xs);
  void Observe(const goldilocks::Digest& d);
  void Observe(std::span<const goldilocks::Digest> ds);
  void ObserveU64(uint64_t v);  // reduced mod p: callers pass small values (sizes, counts)
  // Absorbs a length-prefixed string, 7 bytes per element.
  void ObserveLabel(std::string_view label);

  goldilocks::Fp SampleFp();
  goldilocks::Fp2 SampleFp2();
  // A uniform-ish integer below 2^bits (bits <= 32; the bias of a 64-bit sample is < 2^-31).
  uint64_t SampleBits(int bits);

  // Proof of work: true when observing `nonce` then sampling gives an element with at least
  // `bits` leading zero bits (64-bit representation). Does not change this challenger.
  bool CheckPow(uint64_t nonce, int bits) const;
  // The samples CheckPow tests for nonces first, first + 1, ... (out.size() of them), computed
  // with batched permutations (the prover's grinding).
  void PowSamples(uint64_t first, std::span<uint64_t> out) const;

 private:
  void Duplex();

  goldilocks::HashKind hash_;
  // Fixed-size buffers: the proof-of-work search copies the challenger once per nonce.
  goldilocks::PoseidonState state_{};
  std::array<goldilocks::Fp, kRate> input_{};
  std::array<goldilocks::Fp, kRate> output_{};
  int num_input_ = 0;
  int num_output_ = 0;
};

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_CHALLENGER_H_
