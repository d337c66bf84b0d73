// LogUp lookups between tables (and within one table), over Fp2.
//
// An Interaction is one table's side of a lookup: on every row it sends (or receives) the tuple
// (values[0](row), ..., values[k-1](row)) on bus `bus` with multiplicity `multiplicity(row)`; all
// are linear combinations of the row's columns. A tuple t on bus b is compressed with the
// challenge gamma to c = t_0 + gamma t_1 + ... + gamma^(k-1) t_(k-1) + gamma^k b, and the table's
// LogUp sum is  sum over rows and interactions of  +-m / (beta - c)  (+ for sends, - for receives).
// Sends and receives match as multisets (for every bus) exactly when, for random beta and gamma,
// the sums of all tables add up to zero (Haboeck, "Multivariate lookups based on logarithmic
// derivatives", 2022).
//
// Auxiliary trace, committed after beta and gamma are drawn: one Fp2 column h_j per interaction
// and the running sum Z, each stored as two base columns (c0, c1). Constraints:
//   every row:   h_j * (beta - c_j) - (+-m_j) = 0        (degree 2)
//   first row:   Z - sum_j h_j = 0
//   transition:  Z' - Z - sum_j h_j' = 0
//   last row:    Z - claimed_sum = 0
// and the verifier checks that the claimed sums of all tables add up to zero.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_LOOKUP_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_LOOKUP_H_

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "proof_systems/field/goldilocks.h"

namespace entangle::plonky {

// sum coeff * column + constant, over the current row.
struct LinearColumn {
  std::vector<std::pair<int, goldilocks::Fp>> terms;
  goldilocks::Fp constant = goldilocks::Fp::Zero();

  static LinearColumn Column(int c) {
    return {{{c, goldilocks::Fp::One()}}, goldilocks::Fp::Zero()};
  }
  static LinearColumn Constant(goldilocks::Fp v) { return {{}, v}; }
  static LinearColumn One() { return Constant(goldilocks::Fp::One()); }

  template <class F>
  F Eval(std::span<const F> row) const {
    F acc = F(constant);
    for (const auto& [c, k] : terms) acc = acc + row[c] * k;
    return acc;
  }
};

struct Interaction {
  enum class Kind { kSend, kReceive };
  Kind kind = Kind::kSend;
  uint32_t bus = 0;
  std::vector<LinearColumn> values;
  LinearColumn multiplicity = LinearColumn::One();

  static Interaction Send(uint32_t bus, std::vector<LinearColumn> values,
                          LinearColumn multiplicity = LinearColumn::One()) {
    return {Kind::kSend, bus, std::move(values), std::move(multiplicity)};
  }
  static Interaction Receive(uint32_t bus, std::vector<LinearColumn> values,
                             LinearColumn multiplicity = LinearColumn::One()) {
    return {Kind::kReceive, bus, std::move(values), std::move(multiplicity)};
  }
};

struct LookupChallenges {
  goldilocks::Fp2 beta;
  goldilocks::Fp2 gamma;
};

// Number of base columns of the auxiliary trace for `n` interactions (0 when there are none).
inline int AuxWidth(size_t num_interactions) {
  return num_interactions == 0 ? 0 : 2 * static_cast<int>(num_interactions + 1);
}

// beta - compress(tuple) for one interaction on a row (F = Fp or Fp2).
template <class F>
goldilocks::Fp2 LookupDenominator(const Interaction& it, std::span<const F> row,
                                  const LookupChallenges& ch) {
  goldilocks::Fp2 acc = goldilocks::Fp2::Zero();
  goldilocks::Fp2 g = goldilocks::Fp2::One();
  for (const LinearColumn& v : it.values) {
    acc = acc + g * v.Eval<F>(row);
    g = g * ch.gamma;
  }
  acc = acc + g * goldilocks::Fp::FromU64(it.bus);
  return ch.beta - acc;
}

// The signed multiplicity (+m for a send, -m for a receive).
template <class F>
F SignedMultiplicity(const Interaction& it, std::span<const F> row) {
  F m = it.multiplicity.Eval<F>(row);
  return it.kind == Interaction::Kind::kSend ? m : F(goldilocks::Fp::Zero()) - m;
}

// Reads the j-th Fp2 column of an auxiliary row (given as its base components, F = Fp or Fp2).
// For F = Fp2 (the verifier at the out-of-domain point) the value of the Fp2-valued polynomial
// A = A0 + X A1 is A0(zeta) + X * A1(zeta).
template <class F>
goldilocks::Fp2 AuxValue(std::span<const F> aux, int j) {
  const goldilocks::Fp2 x(goldilocks::Fp::Zero(), goldilocks::Fp::One());
  return x * aux[2 * j + 1] + aux[2 * j];
}

// The LogUp constraints of one table (see the top of this file).
template <class F, class Consumer>
void EvalLookupConstraints(std::span<const Interaction> interactions, std::span<const F> local,
                           std::span<const F> next, std::span<const F> aux_local,
                           std::span<const F> aux_next, const LookupChallenges& ch,
                           goldilocks::Fp2 claimed_sum, Consumer& cc) {
  if (interactions.empty()) return;
  const int k = static_cast<int>(interactions.size());
  goldilocks::Fp2 sum_local = goldilocks::Fp2::Zero(), sum_next = goldilocks::Fp2::Zero();
  for (int j = 0; j < k; ++j) {
    goldilocks::Fp2 h = AuxValue<F>(aux_local, j);
    cc.EveryRow(h * LookupDenominator<F>(interactions[j], local, ch) -
                SignedMultiplicity<F>(interactions[j], local));
    sum_local += h;
    sum_next += AuxValue<F>(aux_next, j);
  }
  goldilocks::Fp2 z = AuxValue<F>(aux_local, k), z_next = AuxValue<F>(aux_next, k);
  cc.FirstRow(z - sum_local);
  cc.Transition(z_next - z - sum_next);
  cc.LastRow(z - claimed_sum);
}

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_LOOKUP_H_
