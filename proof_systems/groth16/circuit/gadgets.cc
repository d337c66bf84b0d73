#include "proof_systems/groth16/circuit/gadgets.h"

#include <cassert>

namespace entangle::groth16::circuit {

using bn254::U256;

Var Mul(ConstraintSystem& cs, const Lc& a, const Lc& b) {
  Var out = cs.Alloc(cs.Eval(a) * cs.Eval(b));
  cs.Enforce(a, b, out);
  return out;
}

void AssertEqual(ConstraintSystem& cs, const Lc& a, const Lc& b) {
  cs.Enforce(a - b, cs.One(), Lc());
}

void AssertBoolean(ConstraintSystem& cs, const Lc& b) { cs.Enforce(b, Lc(cs.One()) - b, Lc()); }

Var AllocBoolean(ConstraintSystem& cs, bool value) {
  Var b = cs.Alloc(value ? Fr::One() : Fr::Zero());
  AssertBoolean(cs, b);
  return b;
}

std::vector<Var> ToBits(ConstraintSystem& cs, const Lc& x, int n) {
  assert(n >= 1 && n <= 253);
  const U256 v = cs.Eval(x).ToU256();
  std::vector<Var> bits;
  Lc sum;
  Fr pow = Fr::One();
  for (int i = 0; i < n; ++i) {
    bits.push_back(AllocBoolean(cs, bn254::BitU256(v, i)));
    sum += Lc(bits.back()) * pow;
    pow = pow.Double();
  }
  AssertEqual(cs, sum, x);
  return bits;
}

void RangeCheck(ConstraintSystem& cs, const Lc& x, int n) { ToBits(cs, x, n); }

Var LessThan(ConstraintSystem& cs, const Lc& a, const Lc& b, int n) {
  assert(n >= 1 && n <= 252);
  Fr two_n = Fr::One();
  for (int i = 0; i < n; ++i) two_n = two_n.Double();
  std::vector<Var> bits = ToBits(cs, a + Lc::Constant(two_n) - b, n + 1);
  // out = 1 - bits[n], as its own wire.
  Var out = cs.Alloc(Fr::One() - cs.Value(bits[n]));
  AssertEqual(cs, out, Lc(cs.One()) - bits[n]);
  return out;
}

Var Select(ConstraintSystem& cs, const Lc& cond, const Lc& a, const Lc& b) {
  // out - b = cond * (a - b)
  Var out = cs.Alloc(cs.Eval(cond).IsZero() ? cs.Eval(b) : cs.Eval(a));
  cs.Enforce(cond, a - b, Lc(out) - b);
  return out;
}

namespace {

// x^5 with 3 constraints; returns the wire holding it.
Var Pow5(ConstraintSystem& cs, const Lc& x) {
  Var x2 = Mul(cs, x, x);
  Var x4 = Mul(cs, x2, x2);
  return Mul(cs, x4, x);
}

}  // namespace

Var Poseidon(ConstraintSystem& cs, const poseidon_bn254::Constants& k, std::span<const Lc> inputs) {
  const size_t t = inputs.size() + 1;
  assert(t >= 2 && t <= 17 && k.c.size() == 16 && k.m.size() == 16);
  const auto& c = k.c[t - 2];
  const auto& m = k.m[t - 2];
  const int partial = poseidon_bn254::kPartialRounds[t - 2];
  const int half = poseidon_bn254::kFullRounds / 2;
  std::vector<Lc> state(t), next(t);
  for (size_t i = 0; i < inputs.size(); ++i) state[i + 1] = inputs[i];
  const int rounds = poseidon_bn254::kFullRounds + partial;
  for (int r = 0; r < rounds; ++r) {
    for (size_t i = 0; i < t; ++i) state[i] += Lc::Constant(c[r * t + i]);
    const bool full = r < half || r >= half + partial;
    for (size_t i = 0; i < (full ? t : 1); ++i) state[i] = Pow5(cs, state[i]);
    for (size_t i = 0; i < t; ++i) {
      Lc acc;
      for (size_t j = 0; j < t; ++j) acc += state[j] * m[i][j];
      // Keep the combinations short (they would grow by one wire per partial round): a long one
      // becomes a wire of its own, at one linear constraint.
      if (acc.terms().size() > 2 * t) {
        Var v = cs.Alloc(cs.Eval(acc));
        AssertEqual(cs, v, acc);
        acc = v;
      }
      next[i] = std::move(acc);
    }
    state.swap(next);
  }
  // The output as its own wire.
  Var out = cs.Alloc(cs.Eval(state[0]));
  AssertEqual(cs, out, state[0]);
  return out;
}

Var MerkleRoot(ConstraintSystem& cs, const poseidon_bn254::Constants& k, const Lc& leaf,
               std::span<const Lc> siblings, std::span<const Var> index_bits) {
  assert(siblings.size() == index_bits.size());
  Lc cur = leaf;
  for (size_t i = 0; i < siblings.size(); ++i) {
    AssertBoolean(cs, index_bits[i]);
    // bit = 1: (sibling, cur); bit = 0: (cur, sibling). right = cur + sibling - left.
    Var left = Select(cs, index_bits[i], siblings[i], cur);
    Lc pair[2] = {left, cur + siblings[i] - left};
    cur = Poseidon(cs, k, pair);
  }
  Var root = cs.Alloc(cs.Eval(cur));
  AssertEqual(cs, root, cur);
  return root;
}

}  // namespace entangle::groth16::circuit
