#include <gtest/gtest.h>

#include <random>

#include "proof_systems/ec/bn254/curve.h"
#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/ec/bn254/msm.h"
#include "proof_systems/ec/bn254/precompiles.h"

namespace entangle::bn254 {
namespace {

template <class F>
F RandomField(std::mt19937_64& rng) {
  U256 v{rng(), rng(), rng(), rng() >> 3};
  return F::FromU256Reduce(v);
}
Fq2 RandomFq2(std::mt19937_64& rng) { return {RandomField<Fq>(rng), RandomField<Fq>(rng)}; }
Fq12 RandomFq12(std::mt19937_64& rng) {
  Fq12 r;
  for (Fq6* s : {&r.c0, &r.c1})
    s->c0 = RandomFq2(rng), s->c1 = RandomFq2(rng), s->c2 = RandomFq2(rng);
  return r;
}

template <class F>
void CheckFieldAxioms(std::mt19937_64& rng) {
  for (int i = 0; i < 200; ++i) {
    F a = RandomField<F>(rng), b = RandomField<F>(rng), c = RandomField<F>(rng);
    EXPECT_EQ(a + b, b + a);
    EXPECT_EQ(a * b, b * a);
    EXPECT_EQ((a + b) + c, a + (b + c));
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ(a - a, F::Zero());
    EXPECT_EQ(a + (-a), F::Zero());
    EXPECT_EQ(a * F::One(), a);
    if (!a.IsZero()) {
      EXPECT_EQ(a * a.Inverse(), F::One());
    }
    EXPECT_EQ(F::FromU256Unchecked(a.ToU256()), a);
  }
  // p - 1 = -1
  U256 pm1;
  SubU256(pm1, F::kMod, U256{1, 0, 0, 0});
  EXPECT_EQ(F::FromU256Unchecked(pm1), -F::One());
  EXPECT_EQ(F::FromUint(2) * F::FromUint(3), F::FromUint(6));
}

TEST(Bn254Field, Axioms) {
  std::mt19937_64 rng(1);
  CheckFieldAxioms<Fq>(rng);
  CheckFieldAxioms<Fr>(rng);
}

// x * y mod p for canonical x, y < p < 2^255, by double-and-add (a reference independent of the
// Montgomery code).
U256 MulModReference(const U256& x, const U256& y, const U256& p) {
  U256 r{0, 0, 0, 0};
  for (int i = 255; i >= 0; --i) {
    AddU256(r, r, r);
    if (GeqU256(r, p)) SubU256(r, r, p);
    if (BitU256(y, i)) {
      AddU256(r, r, x);
      if (GeqU256(r, p)) SubU256(r, r, p);
    }
  }
  return r;
}

// The MULX/ADX assembly and the portable __int128 multiplication agree bit for bit (random values
// and the edges 0, 1, p - 1, p - 2, values near 2^255 in Montgomery form), and both match the
// double-and-add reference on canonical values.
template <class F>
void CheckMulPathsAgree(std::mt19937_64& rng) {
#if defined(__x86_64__)
  if (!detail::UseAdx()) GTEST_SKIP() << "CPU without BMI2/ADX (or ENTANGLE_BN254_PORTABLE set)";
  std::vector<F> vals = {F::Zero(), F::One(), -F::One(), -F::One() - F::One()};
  U256 pm1;
  SubU256(pm1, F::kMod, U256{1, 0, 0, 0});
  vals.push_back(F::FromMont(pm1));  // the largest Montgomery representation
  vals.push_back(F::FromMont(U256{~0ULL, ~0ULL, 0, 0}));
  for (int i = 0; i < 2000; ++i) vals.push_back(RandomField<F>(rng));
  for (size_t i = 0; i < vals.size(); ++i) {
    const F& a = vals[i];
    const F& b = vals[(i * 7 + 3) % vals.size()];
    ASSERT_EQ(F::MulAsm(a, b), F::MulPortable(a, b)) << i;
    ASSERT_EQ(F::MulAsm(a, a), F::MulPortable(a, a)) << i;
    ASSERT_EQ(a.Square(), F::MulPortable(a, a)) << i;
    if (i < 300) {
      const U256 want = MulModReference(a.ToU256(), b.ToU256(), F::kMod);
      ASSERT_EQ(F::MulAsm(a, b).ToU256(), want) << i;
      ASSERT_EQ(F::MulPortable(a, b).ToU256(), want) << i;
    }
  }
  // A long dependent chain (catches a carry lost only for rare intermediate values).
  F x = vals.back(), y = x;
  for (int i = 0; i < 100000; ++i) {
    x = F::MulAsm(x, vals[i % vals.size()]) + F::One();
    y = F::MulPortable(y, vals[i % vals.size()]) + F::One();
  }
  EXPECT_EQ(x, y);
#endif
}

// The lazy-reduction primitives (AddLazy, SubLazy, ReduceOnce, ReduceFull, MulLazy) at the ends of
// their input ranges: representatives a + j p (j = 0..3, up to 4p - 1) of random and edge values
// (0, 1, p - 1), checked as integers and against the exact operators on the classes.
template <class F>
void CheckLazyReduction(std::mt19937_64& rng) {
  const U256 p = F::kMod;
  auto rep = [&](const F& a, int j) {  // a's Montgomery form plus j p
    U256 m = a.mont();
    for (int i = 0; i < j; ++i) AddU256(m, m, p);
    return F::FromMont(m);
  };
  auto canonical = [&](U256 m) {  // the class of any 256-bit Montgomery form
    while (GeqU256(m, p)) SubU256(m, m, p);
    return F::FromMont(m);
  };
  auto times = [&](int k) {
    U256 m{};
    for (int i = 0; i < k; ++i) AddU256(m, m, p);
    return m;
  };
  auto below = [&](const F& x, int k) { return !GeqU256(x.mont(), times(k)); };
  std::vector<F> vals = {F::Zero(), F::One(), -F::One()};
  for (int i = 0; i < 60; ++i) vals.push_back(RandomField<F>(rng));
  for (const F& a : vals) {
    for (const F& b : {vals[0], vals[2], vals[rng() % vals.size()]}) {
      const F sum = a + b, diff = a - b, prod = a * b;
      for (int ja = 0; ja < 4; ++ja) {
        const F la = rep(a, ja);
        ASSERT_EQ(F::ReduceFull(la), a) << ja;  // up to 4p - 1 -> p - 1
        const F r2 = F::template ReduceOnce<2>(la);
        ASSERT_TRUE(below(r2, 2)) << ja;
        ASSERT_EQ(canonical(r2.mont()), a);
        if (ja < 2) {
          ASSERT_EQ(F::template ReduceOnce<1>(la), a) << ja;  // up to 2p - 1
        }
        for (int jb = 0; jb < 4; ++jb) {
          const F lb = rep(b, jb);
          U256 want;
          if (ja < 2 && jb < 2) {  // a, b < 2p: a + b < 4p
            const F s = F::AddLazy(la, lb);
            AddU256(want, la.mont(), lb.mont());
            ASSERT_EQ(s.mont(), want);
            ASSERT_EQ(F::ReduceFull(s), sum);
            const F d = F::template SubLazy<2>(la, lb);  // a + 2p - b in (0, 4p)
            ASSERT_TRUE(below(d, 4));
            ASSERT_EQ(F::ReduceFull(d), diff);
          }
          if (ja < 3 && jb == 0) {  // a < 3p, b < p: a + p - b < 4p
            const F d = F::template SubLazy<1>(la, lb);
            AddU256(want, la.mont(), p);
            SubU256(want, want, lb.mont());
            ASSERT_EQ(d.mont(), want);
            ASSERT_EQ(F::ReduceFull(d), diff);
          }
          // w reduced, x any representative: the product fully reduced, on both paths.
          ASSERT_EQ(F::MulLazy(b, la), prod) << ja;
          ASSERT_EQ(F::MulPortable(b, la), prod) << ja;
#if defined(__x86_64__)
          if (detail::UseAdx()) {
            ASSERT_EQ(F::MulAsm(b, la), prod) << ja;
            ASSERT_EQ(F::MulAsm(la, b), prod) << ja;  // the other order, below 4p
          }
#endif
          ASSERT_EQ(F::MulPortable(la, b), prod) << ja;
        }
      }
    }
  }
  // operator+ and operator- against integer arithmetic mod p (they are built from the primitives).
  for (const F& a : vals) {
    for (const F& b : {vals[0], vals[1], vals[2], vals[rng() % vals.size()]}) {
      U256 s, d;
      const uint64_t carry = AddU256(s, a.mont(), b.mont());
      ASSERT_EQ(carry, 0u);
      if (GeqU256(s, p)) SubU256(s, s, p);
      ASSERT_EQ((a + b).mont(), s);
      if (SubU256(d, a.mont(), b.mont())) AddU256(d, d, p);
      ASSERT_EQ((a - b).mont(), d);
    }
  }
  // The extremes: b = p (SubLazy's largest subtrahend), x = 2^256 - 1 (MulLazy's largest input).
  const F pf = F::FromMont(p), ones = F::FromMont(U256{~0ULL, ~0ULL, ~0ULL, ~0ULL});
  EXPECT_EQ(F::template SubLazy<1>(rep(-F::One(), 2), pf).mont(), rep(-F::One(), 2).mont());
  for (const F& w : {F::One(), -F::One(), vals[5]}) {
    const F want = w * canonical(ones.mont());
    EXPECT_EQ(F::MulLazy(w, ones), want);
    EXPECT_EQ(F::MulPortable(w, ones), want);
#if defined(__x86_64__)
    if (detail::UseAdx()) {
      EXPECT_EQ(F::MulAsm(w, ones), want);
    }
#endif
  }
}

TEST(Bn254Field, LazyReduction) {
  std::mt19937_64 rng(12);
  CheckLazyReduction<Fq>(rng);
  CheckLazyReduction<Fr>(rng);
}

TEST(Bn254Field, AsmMatchesPortable) {
  std::mt19937_64 rng(11);
  CheckMulPathsAgree<Fq>(rng);
  CheckMulPathsAgree<Fr>(rng);
}

// ToU256 (Montgomery reduction alone) equals the former definition, a Montgomery multiplication
// by the raw limb 1, for reduced values and for unreduced limbs (p, 2p, 3p, 2^256 - 1: lazy
// values).
template <class F>
void CheckToU256(std::mt19937_64& rng) {
  std::vector<U256> limbs = {U256{0, 0, 0, 0}, U256{1, 0, 0, 0}, F::kMod, F::kR,
                             U256{~0ULL, ~0ULL, ~0ULL, ~0ULL}};
  U256 pm1, two_p, three_p;
  SubU256(pm1, F::kMod, U256{1, 0, 0, 0});
  AddU256(two_p, F::kMod, F::kMod);
  AddU256(three_p, two_p, F::kMod);
  limbs.insert(limbs.end(), {pm1, two_p, three_p});
  for (int i = 0; i < 1000; ++i) limbs.push_back(RandomField<F>(rng).mont());
  const F raw_one = F::FromMont(U256{1, 0, 0, 0});
  for (const U256& t : limbs) {
    const U256 got = F::FromMont(t).ToU256();
    EXPECT_EQ(got, F::MulPortable(F::FromMont(t), raw_one).mont());
    EXPECT_FALSE(GeqU256(got, F::kMod));
  }
}

TEST(Bn254Field, ToU256) {
  std::mt19937_64 rng(13);
  CheckToU256<Fq>(rng);
  CheckToU256<Fr>(rng);
}

TEST(Bn254Field, Canonical) {
  Fq x;
  EXPECT_FALSE(Fq::FromCanonical(Fq::kMod, &x));
  uint8_t be[32];
  U256ToBe(Fq::kMod, be);
  EXPECT_FALSE(FqFromBe(be).ok());
  EXPECT_EQ(U256ToDecimal(Fq::kMod),
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");
  EXPECT_EQ(U256ToDecimal(Fr::kMod),
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");
  EXPECT_FALSE(U256FromDecimal("12a").ok());
  EXPECT_FALSE(FrFromDecimal(U256ToDecimal(Fr::kMod)).ok());
}

TEST(Bn254Field, Tower) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 20; ++i) {
    Fq2 a = RandomFq2(rng), b = RandomFq2(rng);
    EXPECT_EQ(a * a.Inverse(), Fq2::One());
    EXPECT_EQ(a.Square(), a * a);
    EXPECT_EQ((a * b).Conjugate(), a.Conjugate() * b.Conjugate());
    Fq12 f = RandomFq12(rng), g = RandomFq12(rng);
    EXPECT_EQ(f * f.Inverse(), Fq12::One());
    EXPECT_EQ(f.Square(), f * f);
    EXPECT_EQ((f * g).Frobenius(1), f.Frobenius(1) * g.Frobenius(1));
    EXPECT_EQ(f.Frobenius(1).Frobenius(1), f.Frobenius(2));
    EXPECT_EQ(f.Frobenius(2).Frobenius(1), f.Frobenius(3));
  }
  // Frobenius agrees with x^p.
  Fq12 f = RandomFq12(rng);
  EXPECT_EQ(f.Pow(Fq::kMod), f.Frobenius(1));
}

TEST(Bn254Curve, GroupLaw) {
  G1 g = G1::From(G1Generator());
  G2 h = G2::From(G2Generator());
  EXPECT_TRUE(G1Generator().IsOnCurve());
  EXPECT_TRUE(G2Generator().IsOnCurve());
  EXPECT_TRUE(G2InSubgroup(G2Generator()));
  EXPECT_TRUE(ScalarMul(g, FrParams::kMod).IsInfinity());
  EXPECT_EQ(ScalarMul(g, U256{3, 0, 0, 0}), g + g + g);
  EXPECT_EQ(ScalarMul(h, U256{5, 0, 0, 0}), h.Double().Double() + h);
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10; ++i) {
    Fr a = RandomField<Fr>(rng), b = RandomField<Fr>(rng);
    EXPECT_EQ(ScalarMul(g, a) + ScalarMul(g, b), ScalarMul(g, a + b));
    EXPECT_EQ(ScalarMul(ScalarMul(h, a), b), ScalarMul(h, a * b));
    EXPECT_TRUE(ScalarMul(g, a).ToAffine().IsOnCurve());
  }
}

TEST(Bn254Curve, GlvEqualsWnaf) {
  std::mt19937_64 rng(31);
  G1 g = G1::From(G1Generator());
  std::vector<Fr> ks = {Fr::Zero(), Fr::One(), -Fr::One(), Fr::FromUint(2), -Fr::FromUint(12345)};
  for (int i = 0; i < 30; ++i) ks.push_back(RandomField<Fr>(rng));
  for (const Fr& k : ks) {
    G1 p = ScalarMul(g, RandomField<Fr>(rng));
    EXPECT_EQ(GlvMul(p, k), ScalarMul(p, k)) << k.ToDecimal();
  }
}

// Scalars at the edges of the GLV split: 0, +-1, r - 1, lambda, lambda + 1, -lambda, lambda^2,
// (r -+ 1) / 2, powers of two, small multiples of lambda.
std::vector<Fr> GlvEdgeScalars() {
  const Fr lambda = GlvLambda(), half = Fr::FromUint(2).Inverse();
  std::vector<Fr> ks = {Fr::Zero(),
                        Fr::One(),
                        -Fr::One(),
                        lambda,
                        lambda + Fr::One(),
                        -lambda,
                        lambda * lambda,
                        lambda - Fr::One(),
                        -Fr::One() * half,
                        half,
                        -half - Fr::One(),
                        Fr::FromUint(3) * lambda,
                        -Fr::FromUint(12345) * lambda + Fr::FromUint(7)};
  Fr two_pow = Fr::One();
  for (int i = 0; i < 254; ++i, two_pow += two_pow) {
    if (i % 21 == 0 || (i >= 124 && i <= 128)) ks.push_back(two_pow), ks.push_back(-two_pow);
  }
  return ks;
}

// k1 + k2 lambda == k mod r with |k1|, |k2| < 2^kGlvHalfBits (126).
TEST(Bn254Curve, GlvSplit) {
  const Fr lambda = GlvLambda();
  EXPECT_EQ(lambda * lambda + lambda + Fr::One(), Fr::Zero());
  std::mt19937_64 rng(47);
  std::vector<Fr> ks = GlvEdgeScalars();
  for (int i = 0; i < 20000; ++i) ks.push_back(RandomField<Fr>(rng));
  for (const Fr& k : ks) {
    const GlvHalves h = GlvSplit(k);
    for (const U256* m : {&h.k1, &h.k2}) {
      EXPECT_LE(BitLenU256(*m), kGlvHalfBits) << k.ToDecimal();
    }
    Fr k1 = Fr::FromU256Unchecked(h.k1), k2 = Fr::FromU256Unchecked(h.k2);
    if (h.neg1) k1 = -k1;
    if (h.neg2) k2 = -k2;
    EXPECT_EQ(k1 + k2 * lambda, k) << k.ToDecimal();
  }
  // Small scalars stay whole (k2 = 0): the MSM's phi terms of sparse witnesses drop out.
  const GlvHalves small = GlvSplit(Fr::FromUint(1000));
  EXPECT_EQ(small.k1, (U256{1000, 0, 0, 0}));
  EXPECT_EQ(small.k2, (U256{}));
}

// The MSM's signed digits by the former carry chain (the reference): base-2^c digits, a digit
// above 2^(c-1) becomes digit - 2^c with a carry into the next window.
std::vector<int32_t> CarryDigits(unsigned __int128 k, int c, int windows) {
  std::vector<int32_t> d(windows);
  int64_t carry = 0;
  for (int w = 0; w < windows; ++w) {
    const int bit = w * c;
    const int64_t v = bit < 128 ? (int64_t)((k >> bit) & ((uint64_t{1} << c) - 1)) : 0;
    int64_t x = v + carry;
    carry = 0;
    if (x > (int64_t{1} << (c - 1))) x -= int64_t{1} << c, carry = 1;
    d[w] = (int32_t)x;
  }
  EXPECT_EQ(carry, 0);
  return d;
}

// SignedDigitWindows (one bit field of k + H a digit) equals the carry chain for every window
// width the MSM uses and its window count, on random magnitudes below 2^126, short ones, the
// extremes, and runs of the digits where carries start and stop (h, h + 1, 2^c - 1).
TEST(Bn254Msm, SignedDigitsEqualCarryChain) {
  using u128 = unsigned __int128;
  std::mt19937_64 rng(61);
  const u128 top = ((u128)1 << kGlvHalfBits) - 1;
  for (int c = 3; c <= 18; ++c) {
    const int windows = (kGlvHalfBits + c) / c;  // the MSM's GlvWindows(c)
    const SignedDigitWindows layout(c, windows);
    const u128 h = ((u128)1 << (c - 1)) - 1, full = ((u128)1 << c) - 1;
    std::vector<u128> ks = {0,    1,   2,       (u128)h,  (u128)h + 1,   (u128)h + 2,
                            full, top, top - 1, top >> 1, (u128)1 << 125};
    for (int i = 0; i < 2000; ++i) {
      const u128 r = (((u128)rng() << 64) | rng()) & top;
      ks.push_back(r);
      ks.push_back(r >> (rng() % 126));
    }
    for (const u128 pattern : {(u128)h, (u128)h + 1, full}) {
      for (int i = 0; i < 200; ++i) {  // runs of one digit, random digits between them
        u128 k = 0;
        for (int w = windows - 1; w >= 0; --w) {
          const uint64_t x = rng() % 4 ? (uint64_t)pattern : rng() & (uint64_t)full;
          if (w * c < 128) k |= (u128)x << (w * c);
        }
        ks.push_back(k & top);
      }
    }
    for (const u128 k : ks) {
      const SignedDigitWindows::Biased kh = layout.Bias((uint64_t)k, (uint64_t)(k >> 64));
      const std::vector<int32_t> want = CarryDigits(k, c, windows);
      for (int w = 0; w < windows; ++w) {
        ASSERT_EQ(layout.Digit(kh, w), want[w])
            << "c " << c << " w " << w << " k " << (uint64_t)(k >> 64) << ":" << (uint64_t)k;
      }
    }
  }
}

// The former GlvSplit (the reference): the canonical scalar by ToU256, both roundings by the
// whole 512-bit product.
u128 ReferenceRoundScaled(const U256& kv, const U256& gm) {
  uint64_t prod[8] = {};
  for (int i = 0; i < 4; ++i) {
    u128 carry = 0;
    for (int j = 0; j < 4; ++j) {
      const u128 t = (u128)kv[i] * gm[j] + prod[i + j] + carry;
      prod[i + j] = (uint64_t)t;
      carry = t >> 64;
    }
    prod[i + 4] = (uint64_t)carry;
  }
  constexpr int kLimb = kGlvScale / 64, kOff = kGlvScale % 64;
  u128 t = (u128)prod[kLimb] + ((u128)1 << (kOff - 1));
  prod[kLimb] = (uint64_t)t;
  for (int i = kLimb + 1; i < 8 && (t >> 64); ++i) t = (u128)prod[i] + 1, prod[i] = (uint64_t)t;
  return (u128)(prod[5] >> kOff) | ((u128)prod[6] << (64 - kOff)) | ((u128)prod[7] << (128 - kOff));
}
GlvHalves ReferenceGlvSplit(const Fr& k) {
  const GlvBasis& g = GlvSplitBasis();
  const U256 kv = k.ToU256();
  u128 c1 = ReferenceRoundScaled(kv, g.g1), c2 = ReferenceRoundScaled(kv, g.g2);
  if (g.neg_c1) c1 = -c1;
  if (g.neg_c2) c2 = -c2;
  const u128 k_low = ((u128)kv[1] << 64) | kv[0];
  const u128 k1 = k_low - c1 * g.a1 - c2 * g.a2, k2 = 0 - c1 * g.b1 - c2 * g.b2;
  GlvHalves h;
  h.neg1 = (k1 >> 127) != 0;
  h.neg2 = (k2 >> 127) != 0;
  const u128 m1 = h.neg1 ? -k1 : k1, m2 = h.neg2 ? -k2 : k2;
  h.k1 = {(uint64_t)m1, (uint64_t)(m1 >> 64), 0, 0};
  h.k2 = {(uint64_t)m2, (uint64_t)(m2 >> 64), 0, 0};
  return h;
}

// GlvSplit (Montgomery reduction alone, products from diagonal 3 with an exact fallback, scalars
// below 2^123 taken whole) is bit-identical to the reference on 200k random scalars, the edge
// scalars, and scalars around 2^64 and 2^123 (the fast path's bound).
TEST(Bn254Curve, GlvSplitMatchesReference) {
  std::mt19937_64 rng(53);
  std::vector<Fr> ks = GlvEdgeScalars();
  for (int i = 0; i < 200000; ++i) ks.push_back(RandomField<Fr>(rng));
  for (int bits : {1, 63, 64, 65, 100, 122, 123, 124, 125, 126, 127, 128, 190, 253}) {
    for (int i = 0; i < 200; ++i) {
      U256 v{rng(), rng(), rng(), rng()};
      for (int b = bits; b < 256; ++b) v[b / 64] &= ~(uint64_t{1} << (b % 64));
      if (i == 0) v = {~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}};
      for (int b = bits; b < 256; ++b) v[b / 64] &= ~(uint64_t{1} << (b % 64));
      const Fr k = Fr::FromU256Reduce(v);
      ks.push_back(k);
      ks.push_back(-k);
    }
  }
  for (const Fr& k : ks) {
    const GlvHalves got = GlvSplit(k), want = ReferenceGlvSplit(k);
    ASSERT_EQ(got.k1, want.k1) << k.ToDecimal();
    ASSERT_EQ(got.k2, want.k2) << k.ToDecimal();
    ASSERT_EQ(got.neg1, want.neg1) << k.ToDecimal();
    ASSERT_EQ(got.neg2, want.neg2) << k.ToDecimal();
  }
}

// The rounding's fallback to the whole product: g = 2^254 - t, k = 2^125 + 1 put g k + 2^379 just
// above 2^380 by less than the products left out first (which alone round to 0); and random
// operands, including the split's own multipliers.
TEST(Bn254Curve, GlvRoundScaledExact) {
  const U256 k = {1, uint64_t{1} << 61, 0, 0};  // 2^125 + 1
  constexpr uint64_t kBit63 = uint64_t{1} << 63, kBit62 = uint64_t{1} << 62;
  for (const U256& t : {U256{0, kBit63, 1, 0}, U256{0, kBit63 | kBit62, 1, 0}, U256{12345, 0, 1, 0},
                        U256{999, kBit63, 1, 0}}) {
    U256 g;  // 2^254 - t
    SubU256(g, U256{0, 0, 0, kBit62}, t);
    EXPECT_EQ(ReferenceRoundScaled(k, g), u128{1});
    EXPECT_EQ(GlvRoundScaled(k, g), u128{1});
  }
  std::mt19937_64 rng(54);
  const GlvBasis& basis = GlvSplitBasis();
  for (int i = 0; i < 20000; ++i) {
    const U256 a{rng(), rng(), rng(), rng()};
    U256 g{rng(), rng(), rng(), i % 2 ? 0 : rng()};
    if (i % 3 == 0) g = i % 2 ? basis.g1 : basis.g2;
    ASSERT_EQ(GlvRoundScaled(a, g), ReferenceRoundScaled(a, g)) << i;
  }
}

// phi(P) = (beta x, y) = lambda P on G1 and on G2, each with its own cube root; the other cube root
// (the wrong pairing, which an MSM would silently get wrong) gives lambda^2 P instead.
TEST(Bn254Curve, GlvEndomorphism) {
  std::mt19937_64 rng(48);
  const Fr lambda = GlvLambda();
  EXPECT_NE(GlvBeta<Fq>(), GlvBeta<Fq2>());
  EXPECT_EQ(GlvBeta<Fq>() * GlvBeta<Fq>() * GlvBeta<Fq>(), Fq::One());
  EXPECT_EQ(GlvBeta<Fq2>() * GlvBeta<Fq2>() * GlvBeta<Fq2>(), Fq::One());
  for (int i = 0; i < 4; ++i) {
    const Fr k = i == 0 ? Fr::One() : RandomField<Fr>(rng);
    const G1Affine p = ScalarMul(G1::From(G1Generator()), k).ToAffine();
    const G2Affine q = ScalarMul(G2::From(G2Generator()), k).ToAffine();
    EXPECT_EQ(G1::From(GlvPhi(p)), ScalarMul(G1::From(p), lambda));
    EXPECT_EQ(G2::From(GlvPhi(q)), ScalarMul(G2::From(q), lambda));
    const Fq wrong1 = GlvBeta<Fq>().Square(), wrong2 = GlvBeta<Fq2>().Square();
    EXPECT_NE(G1::From(G1Affine{p.x * wrong1, p.y, false}), ScalarMul(G1::From(p), lambda));
    EXPECT_NE(G2::From(G2Affine{q.x * wrong2, q.y, false}), ScalarMul(G2::From(q), lambda));
  }
  EXPECT_TRUE(GlvPhi(G1Affine::Infinity()).infinity);
  EXPECT_TRUE(GlvPhi(G2Affine::Infinity()).infinity);
}

TEST(Bn254Curve, G2SubgroupCheckRejectsTwistPointsOutsideSubgroup) {
  // Find a point on the twist with a small x; the twist's cofactor is large, so it is almost
  // surely outside the subgroup.
  int found = 0;
  for (uint64_t x0 = 1; x0 < 50 && found < 3; ++x0) {
    Fq2 x{Fq::FromUint(x0), Fq::One()};
    Fq2 rhs = x * x * x + GetConstants().b2;
    // sqrt in Fq2 via norm: try y = a + b u with a^2 - b^2 = rhs.c0, 2ab = rhs.c1.
    Fq n;
    if (!(rhs.c0.Square() + rhs.c1.Square()).Sqrt(&n)) continue;
    Fq a2 = (rhs.c0 + n) * Fq::FromUint(2).Inverse(), a;
    if (!a2.Sqrt(&a)) {
      a2 = (rhs.c0 - n) * Fq::FromUint(2).Inverse();
      if (!a2.Sqrt(&a)) continue;
    }
    Fq b = rhs.c1 * (a.Double()).Inverse();
    G2Affine q{x, {a, b}, false};
    ASSERT_TRUE(q.IsOnCurve());
    EXPECT_FALSE(G2InSubgroup(q));
    auto enc = G2ToEth(q);
    auto dec = G2FromEth(enc.data());
    EXPECT_FALSE(dec.ok());
    Bytes input(64 + enc.size(), 0);  // G1 infinity, then the bad G2 point
    std::copy(enc.begin(), enc.end(), input.begin() + 64);
    EXPECT_FALSE(Bn256Pairing(input).ok());
    ++found;
  }
  EXPECT_GT(found, 0);
}

TEST(Bn254Pairing, Bilinear) {
  std::mt19937_64 rng(4);
  G1Affine p = G1Generator();
  G2Affine q = G2Generator();
  Fq12 e = Pairing(p, q);
  EXPECT_NE(e, Fq12::One());
  EXPECT_EQ(e.Pow(FrParams::kMod), Fq12::One());
  for (int i = 0; i < 2; ++i) {
    Fr a = RandomField<Fr>(rng), b = RandomField<Fr>(rng);
    G1Affine ap = ScalarMul(G1::From(p), a).ToAffine();
    G2Affine bq = ScalarMul(G2::From(q), b).ToAffine();
    EXPECT_EQ(Pairing(ap, bq), e.Pow((a * b).ToU256()));
    std::pair<G1Affine, G2Affine> pairs[2] = {{ap, bq},
                                              {-ScalarMul(G1::From(p), a * b).ToAffine(), q}};
    EXPECT_TRUE(PairingProductIsOne(pairs));
    pairs[1].first = ScalarMul(G1::From(p), a * b).ToAffine();
    EXPECT_FALSE(PairingProductIsOne(pairs));
  }
  EXPECT_EQ(Pairing(G1Affine::Infinity(), q), Fq12::One());
  // The fast hard part equals the plain exponentiation.
  Fq12 f = RandomFq12(rng);
  EXPECT_EQ(FinalExponentiation(f), FinalExponentiationSlow(f));
  EXPECT_EQ(FinalExponentiation(MillerLoop(p, q)), FinalExponentiationSlow(MillerLoop(p, q)));
}

TEST(Bn254Pairing, CyclotomicSquareAndPrepared) {
  std::mt19937_64 rng(9);
  for (int i = 0; i < 5; ++i) {
    Fq12 f = RandomFq12(rng);
    Fq12 t = f.Conjugate() * f.Inverse();  // f^(p^6 - 1)
    Fq12 c = t.Frobenius(2) * t;           // then ^(p^2 + 1): in the cyclotomic subgroup
    EXPECT_EQ(c.CyclotomicSquare(), c.Square());
    EXPECT_NE(f.CyclotomicSquare(), f.Square());  // the shortcut really needs the subgroup
  }
  // A 4-pairing product with prepared G2 points: prod e(a_i P, b_i Q) = e(P, Q)^(sum a_i b_i).
  G1 p = G1::From(G1Generator());
  G2 q = G2::From(G2Generator());
  std::vector<std::pair<G1Affine, G2Affine>> pairs;
  std::vector<G2Prepared> prep;
  Fr sum = Fr::Zero();
  for (int i = 0; i < 3; ++i) {
    Fr a = RandomField<Fr>(rng), b = RandomField<Fr>(rng);
    pairs.emplace_back(ScalarMul(p, a).ToAffine(), ScalarMul(q, b).ToAffine());
    sum += a * b;
  }
  pairs.emplace_back(-ScalarMul(p, sum).ToAffine(), G2Generator());
  pairs.emplace_back(G1Generator(), G2Affine::Infinity());  // skipped: e(P, O) = 1
  for (const auto& pr : pairs) prep.push_back(PrepareG2(pr.second));
  std::vector<std::pair<G1Affine, const G2Prepared*>> refs;
  for (size_t i = 0; i < pairs.size(); ++i) refs.emplace_back(pairs[i].first, &prep[i]);
  EXPECT_TRUE(PairingProductIsOnePrepared(refs));
  EXPECT_TRUE(PairingProductIsOne(pairs));
  refs[0].first = -refs[0].first;
  EXPECT_FALSE(PairingProductIsOnePrepared(refs));
  EXPECT_EQ(FinalExponentiation(MultiMillerLoopPrepared(std::span(refs).first(1))),
            Pairing(refs[0].first, pairs[0].second));
}

TEST(Bn254Msm, EqualsNaive) {
  std::mt19937_64 rng(5);
  const std::vector<Fr> edge = GlvEdgeScalars();
  for (size_t n : {0, 1, 5, 40, 300}) {
    std::vector<G1Affine> p1;
    std::vector<G2Affine> p2;
    std::vector<Fr> s;
    G1 g = G1::From(G1Generator());
    G2 h = G2::From(G2Generator());
    for (size_t i = 0; i < n; ++i) {
      Fr k = RandomField<Fr>(rng);
      p1.push_back(ScalarMul(g, k).ToAffine());
      p2.push_back(ScalarMul(h, k).ToAffine());
      Fr sc = RandomField<Fr>(rng);
      if (i % 7 == 3) sc = -Fr::One();  // extreme digits
      if (i % 11 == 4) sc = Fr::Zero();
      if (i % 5 == 2) sc = edge[(i / 5) % edge.size()];
      s.push_back(sc);
    }
    if (n > 2) p1[1] = G1Affine::Infinity();
    if (n > 2) p1[2] = p1[0];  // repeated points exercise the doubling path in buckets
    if (n > 4) p1[4] = -p1[3], s[4] = s[3];  // P and -P with equal scalars
    if (n > 4) p2[4] = -p2[3];
    if (n > 6) p2[6] = G2Affine::Infinity();
    EXPECT_EQ(MsmG1(p1, s), MsmNaive<Fq>(p1, s)) << n;
    if (n <= 40) {
      EXPECT_EQ(MsmG2(p2, s), MsmNaive<Fq2>(p2, s)) << n;
    }
  }
}

// No live term (zero scalars, points at infinity, or both): the point at infinity.
TEST(Bn254Msm, NoLiveTerms) {
  const G1Affine g = G1Generator();
  const std::vector<G1Affine> pts = {g, G1Affine::Infinity(), g};
  const std::vector<Fr> zero(3, Fr::Zero()), some = {Fr::Zero(), GlvLambda(), Fr::Zero()};
  EXPECT_TRUE(MsmG1(pts, zero).IsInfinity());
  EXPECT_TRUE(MsmG1(pts, some).IsInfinity());
  const std::vector<G2Affine> q(2, G2Affine::Infinity());
  EXPECT_TRUE(MsmG2(q, std::vector<Fr>(2, -Fr::One())).IsInfinity());
}

// Large MSMs (the batch-affine path) against an independent reference: the points have known
// discrete logs k_i, so sum s_i P_i = (sum s_i k_i) G, one scalar multiplication. The inputs
// include repeated and negated points with equal scalars (bucket doublings and cancellations),
// points at infinity, and skewed scalar sets (all equal, tiny, zero) that pile up in one bucket.
template <class F>
void CheckLargeMsm(const Affine<F>& gen, size_t n, std::mt19937_64& rng) {
  std::vector<Fr> k(n);
  Fr step = RandomField<Fr>(rng), start = RandomField<Fr>(rng);
  std::vector<Jacobian<F>> pj(n);
  Jacobian<F> g = Jacobian<F>::From(gen), acc = ScalarMul(g, start), stp = ScalarMul(g, step);
  for (size_t i = 0; i < n; ++i) {
    k[i] = start + Fr::FromUint(i) * step;
    pj[i] = acc;
    acc += stp;
  }
  for (size_t i = 1; i < n; i += 10) k[i] = k[i - 1], pj[i] = pj[i - 1];    // repeated
  for (size_t i = 5; i < n; i += 13) k[i] = -k[i - 1], pj[i] = -pj[i - 1];  // negated
  for (size_t i = 7; i < n; i += 101) k[i] = Fr::Zero(), pj[i] = Jacobian<F>::Infinity();
  // lambda P_(i-1) = phi(P_(i-1)): with equal scalars a P term meets a phi term in a bucket.
  const Fr lambda = GlvLambda();
  for (size_t i = 3; i < n; i += 17) k[i] = lambda * k[i - 1], pj[i] = ScalarMul(pj[i - 1], lambda);
  std::vector<Affine<F>> pts = BatchToAffine<F>(pj);
  const std::vector<Fr> edge = GlvEdgeScalars();
  for (int mode = 0; mode < 5; ++mode) {
    std::vector<Fr> s(n);
    for (size_t i = 0; i < n; ++i) {
      switch (mode) {
        case 0:
          s[i] = RandomField<Fr>(rng);
          break;
        case 1:
          s[i] = Fr::One();
          break;
        case 2:
          s[i] = Fr::FromUint(rng() % 4);
          break;
        case 3:
          s[i] = edge[i % edge.size()];
          break;
        default:
          s[i] = (i % 3) ? -Fr::One() : RandomField<Fr>(rng);
          break;
      }
      if (i % 10 == 1) s[i] = s[i - 1];  // same bucket as the repeated/negated point
      if (i % 13 == 5) s[i] = s[i - 1];
      if (i % 17 == 3) s[i] = s[i - 1];
    }
    Fr dlog = Fr::Zero();
    for (size_t i = 0; i < n; ++i) dlog += s[i] * k[i];
    Jacobian<F> got;
    if constexpr (std::is_same_v<F, Fq>) {
      got = MsmG1(pts, s);
    } else {
      got = MsmG2(pts, s);
    }
    EXPECT_EQ(got, ScalarMul(g, dlog)) << "n=" << n << " mode=" << mode;
  }
}

TEST(Bn254Msm, LargeBatchAffine) {
  std::mt19937_64 rng(8);
  CheckLargeMsm<Fq>(G1Generator(), 1500, rng);
  CheckLargeMsm<Fq>(G1Generator(), 9000, rng);
  CheckLargeMsm<Fq2>(G2Generator(), 1100, rng);
}

// The window fold against an independent reference: bucket b is d_b G with a known d_b, so
// sum_b (b + 1) bucket_b = (sum_b (b + 1) d_b) G. Patterns force the fold's edge cases in every
// lane: empty buckets, bucket == running sum (doubling), bucket == -running sum (cancellation),
// running sums equal or opposite to the lane's accumulator; sizes cover the Jacobian fold (< 512),
// segments of unequal length and the full 1024 lanes (8193 buckets).
template <class F>
void CheckFold(const Affine<F>& gen, std::span<const size_t> sizes, std::mt19937_64& rng) {
  const Jacobian<F> g = Jacobian<F>::From(gen);
  std::vector<Fr> pool_k;
  std::vector<Jacobian<F>> pool_p;
  for (int i = -3; i <= 3; ++i) {
    pool_k.push_back(i < 0 ? -Fr::FromUint(-i) : Fr::FromUint(i));
    pool_p.push_back(ScalarMul(g, pool_k.back()));
  }
  for (int i = 0; i < 6; ++i) {
    pool_k.push_back(RandomField<Fr>(rng));
    pool_p.push_back(ScalarMul(g, pool_k.back()));
  }
  for (size_t nb : sizes) {
    for (int mode = 0; mode < 6; ++mode) {
      std::vector<size_t> pick(nb);
      for (size_t b = 0; b < nb; ++b) {
        switch (mode) {
          case 0:  // all empty
            pick[b] = 3;
            break;
          case 1:  // all equal: every lane doubles
            pick[b] = 4;
            break;
          case 2:  // G, -G alternating: running sums cancel
            pick[b] = (b % 2) ? 2 : 4;
            break;
          case 3:  // small multiples, many empty: frequent coincidences
            pick[b] = rng() % 7;
            break;
          case 4:  // sparse random points
            pick[b] = (rng() % 5 == 0) ? 7 + rng() % 6 : 3;
            break;
          default:  // runs: equal, opposite, empty
            pick[b] = (b / 3) % 4 == 0 ? 3 : ((b / 7) % 2 ? 5 : 1);
            break;
        }
      }
      std::vector<Jacobian<F>> pj(nb);
      Fr dlog = Fr::Zero();
      for (size_t b = 0; b < nb; ++b) {
        pj[b] = pool_p[pick[b]];
        dlog += Fr::FromUint(b + 1) * pool_k[pick[b]];
      }
      const std::vector<Affine<F>> buckets = BatchToAffine<F>(pj);
      EXPECT_EQ(FoldAffineBuckets<F>(buckets), ScalarMul(g, dlog))
          << "nb=" << nb << " mode=" << mode;
    }
  }
}

TEST(Bn254Msm, FoldAffineBuckets) {
  std::mt19937_64 rng(12);
  const size_t g1_sizes[] = {0, 1, 2, 511, 512, 513, 1000, 2048, 4099, 8193};
  CheckFold<Fq>(G1Generator(), g1_sizes, rng);
  const size_t g2_sizes[] = {0, 3, 511, 700, 2051};
  CheckFold<Fq2>(G2Generator(), g2_sizes, rng);
}

// Several MSMs in one batch: two G1 and one G2 over the same scalar span (shared digits), one G1
// over a sub-span, one small (Jacobian buckets) and one empty, against the reference.
TEST(Bn254Msm, Batch) {
  std::mt19937_64 rng(9);
  const size_t n = 1200;
  std::vector<G1Affine> p1(n), q1(n);
  std::vector<G2Affine> p2(n);
  std::vector<Fr> s(n);
  G1 g = ScalarMul(G1::From(G1Generator()), RandomField<Fr>(rng)), g1 = g;
  G2 h = ScalarMul(G2::From(G2Generator()), RandomField<Fr>(rng));
  for (size_t i = 0; i < n; ++i) {
    p1[i] = g.ToAffine();
    q1[i] = (g + g1).ToAffine();
    p2[i] = h.ToAffine();
    g = g + g1.Double();
    h = h.Double();
    s[i] = (i % 3 == 0) ? Fr::FromUint(i % 2) : RandomField<Fr>(rng);
  }
  const std::span<const Fr> sub = std::span<const Fr>(s).subspan(7);
  G1 r[5];
  G2 r2;
  const MsmTask<Fq> t1[] = {{p1, s, &r[0]},
                            {q1, s, &r[1]},
                            {std::span<const G1Affine>(q1).subspan(7), sub, &r[2]},
                            {std::span<const G1Affine>(p1).first(20), s, &r[3]},
                            {{}, s, &r[4]}};
  const MsmTask<Fq2> t2[] = {{p2, s, &r2}};
  MsmBatch(t1, t2);
  EXPECT_EQ(r[0], MsmNaive<Fq>(p1, s));
  EXPECT_EQ(r[1], MsmNaive<Fq>(q1, s));
  EXPECT_EQ(r[2], MsmNaive<Fq>(std::span<const G1Affine>(q1).subspan(7), sub));
  EXPECT_EQ(r[3], MsmNaive<Fq>(std::span<const G1Affine>(p1).first(20), s));
  EXPECT_TRUE(r[4].IsInfinity());
  EXPECT_EQ(r2, MsmNaive<Fq2>(p2, s));
}

// Tasks with a second part (one set of buckets for both): large parts (batched affine buckets),
// small ones (Jacobian buckets), a second part over the first's scalars (shared split and digits),
// points of the first part negated in the second with equal scalars (cancelling across parts), an
// empty first or second part, against the sum of the two reference MSMs.
TEST(Bn254Msm, TwoParts) {
  std::mt19937_64 rng(21);
  const size_t n = 1500, m = 900;
  std::vector<G1Affine> p(n), q(m);
  std::vector<G2Affine> p2(300), q2(200);
  std::vector<Fr> s(n), t(m);
  G1 g = ScalarMul(G1::From(G1Generator()), RandomField<Fr>(rng)), step = g.Double();
  for (size_t i = 0; i < n; ++i, g = g + step) p[i] = g.ToAffine();
  for (size_t i = 0; i < m; ++i, g = g + step) q[i] = g.ToAffine();
  G2 h = ScalarMul(G2::From(G2Generator()), RandomField<Fr>(rng));
  for (auto& x : p2) x = (h = h.Double()).ToAffine();
  for (auto& x : q2) x = (h = h.Double()).ToAffine();
  for (size_t i = 0; i < n; ++i) s[i] = (i % 4 == 0) ? Fr::FromUint(i % 3) : RandomField<Fr>(rng);
  for (size_t i = 0; i < m; ++i) t[i] = (i % 5 == 0) ? Fr::One() : RandomField<Fr>(rng);
  for (size_t i = 0; i < 50; ++i) q[i] = -p[i], t[i] = s[i];  // cancels P_i's terms
  const std::span<const G1Affine> ps(p), qs(q), none;
  const std::span<const Fr> ss(s), ts(t);
  G1 r[6];
  G2 r2[2];
  const MsmTask<Fq> t1[] = {
      {ps, ss, &r[0], qs, ts},   {ps.first(30), ss, &r[1], qs.first(20), ts},
      {qs, ss, &r[2], ps, ss},   {none, ss, &r[3], qs, ts},
      {ps, ss, &r[4], none, ts}, {ps.first(700), ss, &r[5], qs.first(400), ts}};
  const MsmTask<Fq2> t2[] = {{p2, ss, &r2[0], q2, ts},
                             {std::span<const G2Affine>(p2).first(5), ss, &r2[1], q2, ts}};
  MsmBatch(t1, t2);
  EXPECT_EQ(r[0], MsmNaive<Fq>(ps, ss) + MsmNaive<Fq>(qs, ts));
  EXPECT_EQ(r[1], MsmNaive<Fq>(ps.first(30), ss) + MsmNaive<Fq>(qs.first(20), ts));
  EXPECT_EQ(r[2], MsmNaive<Fq>(qs, ss) + MsmNaive<Fq>(ps, ss));
  EXPECT_EQ(r[3], MsmNaive<Fq>(qs, ts));
  EXPECT_EQ(r[4], MsmNaive<Fq>(ps, ss));
  EXPECT_EQ(r[5], MsmNaive<Fq>(ps.first(700), ss) + MsmNaive<Fq>(qs.first(400), ts));
  EXPECT_EQ(r2[0], MsmNaive<Fq2>(p2, ss) + MsmNaive<Fq2>(q2, ts));
  EXPECT_EQ(r2[1],
            MsmNaive<Fq2>(std::span<const G2Affine>(p2).first(5), ss) + MsmNaive<Fq2>(q2, ts));
}

// The windows of one batch reuse each other's buffers (BatchAffineWindow's pooled scratch): MSMs
// of different widths, one of them skewed (one hot bucket: spares and Jacobian overflow buckets,
// which must be left clean for the next window), in one batch, repeated, against the reference.
TEST(Bn254Msm, WindowScratchReuse) {
  std::mt19937_64 rng(31);
  const size_t n = 3000;
  std::vector<G1Affine> p(n);
  G1 g = ScalarMul(G1::From(G1Generator()), RandomField<Fr>(rng)), step = g;
  for (size_t i = 0; i < n; ++i) p[i] = g.ToAffine(), g = g + step.Double();
  std::vector<Fr> random(n), skewed(n);
  for (size_t i = 0; i < n; ++i) {
    random[i] = RandomField<Fr>(rng);
    skewed[i] = (i % 5) ? Fr::FromUint(3) : RandomField<Fr>(rng);
  }
  const std::span<const G1Affine> small = std::span<const G1Affine>(p).first(1100);
  G1 r[3];
  const MsmTask<Fq> tasks[] = {{p, skewed, &r[0]}, {small, random, &r[1]}, {p, random, &r[2]}};
  for (int round = 0; round < 2; ++round) {
    MsmBatch(tasks, {});
    EXPECT_EQ(r[0], MsmNaive<Fq>(p, skewed));
    EXPECT_EQ(r[1], MsmNaive<Fq>(small, random));
    EXPECT_EQ(r[2], MsmNaive<Fq>(p, random));
  }
}

TEST(Bn254Encoding, RoundTripsAndRejections) {
  std::mt19937_64 rng(6);
  for (int i = 0; i < 10; ++i) {
    Fr k = RandomField<Fr>(rng);
    G1Affine p = ScalarMul(G1::From(G1Generator()), k).ToAffine();
    G2Affine q = ScalarMul(G2::From(G2Generator()), k).ToAffine();
    EXPECT_EQ(*G1FromEth(G1ToEth(p).data()), p);
    EXPECT_EQ(*G2FromEth(G2ToEth(q).data()), q);
    EXPECT_EQ(*G1FromJson(G1ToJson(p)), p);
    EXPECT_EQ(*G2FromJson(G2ToJson(q)), q);
    uint8_t buf[128];
    G1ToLeMont(p, buf);
    EXPECT_EQ(*G1FromLeMont(buf), p);
    G2ToLeMont(q, buf);
    EXPECT_EQ(*G2FromLeMont(buf), q);
    EXPECT_EQ(*G1Decompress(G1Compress(p).data()), p);
    EXPECT_EQ(*G1Decompress(G1Compress(-p).data()), -p);
    // Off-curve: y + 1.
    auto enc = G1ToEth(p);
    enc[63] ^= 1;
    EXPECT_FALSE(G1FromEth(enc.data()).ok());
    auto enc2 = G2ToEth(q);
    enc2[127] ^= 1;
    EXPECT_FALSE(G2FromEth(enc2.data()).ok());
  }
  EXPECT_TRUE(G1FromEth(G1ToEth(G1Affine::Infinity()).data())->infinity);
  EXPECT_TRUE(G1Decompress(G1Compress(G1Affine::Infinity()).data())->infinity);
  EXPECT_TRUE(G1FromJson(G1ToJson(G1Affine::Infinity()))->infinity);
  EXPECT_TRUE(G2FromJson(G2ToJson(G2Affine::Infinity()))->infinity);
  // Non-canonical coordinate: x = p.
  uint8_t bad[64] = {};
  U256ToBe(Fq::kMod, bad);
  EXPECT_FALSE(G1FromEth(bad).ok());
  EXPECT_FALSE(Bn256Add(ByteView(bad, 64)).ok());
  uint8_t nocomp[32] = {};
  EXPECT_FALSE(G1Decompress(nocomp).ok());
  EXPECT_FALSE(G1FromJson({"1", "2"}).ok());
  EXPECT_FALSE(G1FromJson({"1", "3", "1"}).ok());
  EXPECT_FALSE(Bn256Pairing(Bytes(191, 0)).ok());
  EXPECT_EQ((*Bn256Pairing(Bytes()))[31], 1);
}

TEST(Bn254Encoding, CompressedG2) {
  std::mt19937_64 rng(12);
  for (int i = 0; i < 8; ++i) {
    G2Affine q = ScalarMul(G2::From(G2Generator()), RandomField<Fr>(rng)).ToAffine();
    for (const G2Affine& v : {q, -q}) {
      auto c = G2Compress(v);
      auto d = G2Decompress(c.data());
      ASSERT_TRUE(d.ok()) << d.status();
      EXPECT_EQ(*d, v);
      c[0] ^= 0x40;  // the other root: decodes to -v (flags 10 <-> 11)
      EXPECT_EQ(*G2Decompress(c.data()), -v);
    }
    Fq2 a = RandomFq2(rng), r;
    ASSERT_TRUE(a.Square().Sqrt(&r));
    EXPECT_TRUE(r == a || r == -a);
  }
  EXPECT_TRUE(G2Decompress(G2Compress(G2Affine::Infinity()).data())->infinity);
  std::array<uint8_t, 64> c = G2Compress(G2Generator());
  c[0] &= 0x3F;
  EXPECT_FALSE(G2Decompress(c.data()).ok());  // no compression flag
  std::array<uint8_t, 64> inf{};
  inf[0] = 0x40;
  inf[63] = 1;
  EXPECT_FALSE(G2Decompress(inf.data()).ok());  // malformed infinity
  std::array<uint8_t, 64> noncanon{};
  U256ToBe(Fq::kMod, noncanon.data());  // x.c1 = p
  noncanon[0] |= 0x80;
  EXPECT_FALSE(G2Decompress(noncanon.data()).ok());
  // x with no point above it, and a twist point outside the order-r subgroup.
  bool off = false, outside = false;
  for (uint64_t k = 1; k < 60 && !(off && outside); ++k) {
    G2Affine t{{Fq::FromUint(k), Fq::One()}, {}, false};
    Fq2 y;
    const bool on = (t.x.Square() * t.x + GetConstants().b2).Sqrt(&y);
    std::array<uint8_t, 64> e{};
    U256ToBe(t.x.c1.ToU256(), e.data());
    U256ToBe(t.x.c0.ToU256(), e.data() + 32);
    e[0] |= 0x80;
    auto d = G2Decompress(e.data());
    EXPECT_FALSE(d.ok());  // either not on the twist or (cofactor) not in the subgroup
    if (!on) off = true;
    if (on) {
      t.y = y;
      EXPECT_TRUE(t.IsOnCurve());
      EXPECT_FALSE(G2InSubgroup(t));
      outside = true;
    }
  }
  EXPECT_TRUE(off && outside);
}

TEST(Bn254HashToField, Deterministic) {
  auto a = HashToFq("abc", "ENTANGLE-V01", 2);
  auto b = HashToFq("abc", "ENTANGLE-V01", 2);
  auto c = HashToFq("abd", "ENTANGLE-V01", 2);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], b[0]);
  EXPECT_NE(a[0], a[1]);
  EXPECT_NE(a[0], c[0]);
}

}  // namespace
}  // namespace entangle::bn254
