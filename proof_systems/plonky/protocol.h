// Shape of the plonky protocol shared by the prover and the verifier: the Fiat-Shamir statement
// prefix, FRI layer arities, Merkle cap heights, the FRI folding step and the quotient size. Only
// math and transcript layout live here; each side runs the protocol in its own code.
//
// Domains: a table of n = 2^log_rows rows lives on H = <g>, g = RootOfUnity(log_rows). Committed
// polynomials are evaluated on the coset kShift * <w>, |<w>| = N = n * 2^log_blowup, in natural
// order (leaf i is the point kShift * w^i). FRI layer l holds the folded polynomial on
// shift_l * <w_l> with shift_{l+1} = shift_l^arity; its Merkle leaf r holds the arity values at
// indices r + j * (N_l / arity), j = 0..arity-1 (a coset of the arity-th roots of unity), as
// (c0, c1) pairs.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_

#include <algorithm>
#include <span>
#include <vector>

#include "proof_systems/field/goldilocks.h"
#include "proof_systems/plonky/air/air.h"
#include "proof_systems/plonky/challenger.h"
#include "proof_systems/plonky/config.h"

namespace entangle::plonky {

inline constexpr uint64_t kCosetShift = goldilocks::Fp::kGenerator;
// Traces have 2^kMinLogRows .. 2^kMaxLogRows rows.
inline constexpr int kMinLogRows = 2;
inline constexpr int kMaxLogRows = 26;

// Number of degree-n chunks of the quotient: boundary constraints of degree d give a quotient of
// degree < d * n, transitions < (d - 1) * n; LogUp constraints have degree 2.
inline int QuotientChunks(const Air& air) {
  int d = std::max(air.constraint_degree(), 1);
  if (!air.interactions().empty()) d = std::max(d, 2);
  return d;
}

// FRI folding arities (log2) for a polynomial of degree < 2^log_degree.
inline std::vector<int> FriArities(const StarkConfig& config, int log_degree) {
  std::vector<int> out;
  while (log_degree > config.fri_final_log_len) {
    int b = std::min(config.fri_arity_bits, log_degree - config.fri_final_log_len);
    out.push_back(b);
    log_degree -= b;
  }
  return out;
}

inline int CapHeight(const StarkConfig& config, int log_leaves) {
  return std::min(config.cap_height, log_leaves);
}

// One binary FRI fold: from f(z) = lo and f(-z) = hi to (f_even + beta * f_odd)(z^2).
inline goldilocks::Fp2 FoldPair(const goldilocks::Fp2& lo, const goldilocks::Fp2& hi,
                                const goldilocks::Fp2& beta, goldilocks::Fp z_inv) {
  static const goldilocks::Fp kInvTwo = goldilocks::Fp::FromU64(2).Inverse();
  return (lo + hi) * kInvTwo + beta * ((lo - hi) * (z_inv * kInvTwo));
}

// The statement prefix of the transcript: configuration, then per table its shape and publics.
inline void ObserveStatement(Challenger& ch, const StarkConfig& config,
                             std::span<const Air* const> airs,
                             std::span<const std::vector<goldilocks::Fp>> publics,
                             std::span<const uint32_t> log_rows) {
  ch.ObserveLabel("statement");
  ch.ObserveLabel(goldilocks::HashKindName(config.hash));
  ch.ObserveU64(config.log_blowup);
  ch.ObserveU64(config.num_queries);
  ch.ObserveU64(config.pow_bits);
  ch.ObserveU64(config.fri_arity_bits);
  ch.ObserveU64(config.fri_final_log_len);
  ch.ObserveU64(config.cap_height);
  ch.ObserveU64(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    ch.ObserveLabel(airs[t]->name());
    ch.ObserveU64(log_rows[t]);
    ch.ObserveU64(airs[t]->width());
    ch.ObserveU64(publics[t].size());
    ch.Observe(std::span<const goldilocks::Fp>(publics[t]));
  }
}

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_
