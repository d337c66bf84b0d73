// FqX4 (four Fq lanes on the FMA units) against the scalar Fq, bit for bit: conversions, the
// domain bookkeeping of Load/Store, Mul at the edges of its input range, long chains (bound drift).
#include "proof_systems/ec/bn254/fq_x4.h"

#include <gtest/gtest.h>

#include <random>

namespace entangle::bn254::x4 {
namespace {

using Limbs = std::array<uint64_t, 5>;  // 52-bit limbs of one lane

Fq RandomFq(std::mt19937_64& rng) {
  return Fq::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 2});
}

// 2^k as a field element (k may be negative).
Fq PowTwo(int k) {
  Fq two = Fq::FromUint(2), r = Fq::One();
  for (int i = 0; i < (k < 0 ? -k : k); ++i) r *= two;
  return k < 0 ? r.Inverse() : r;
}

bool GeqLimbs(const Limbs& a, const Limbs& b) {
  for (int i = 4; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}
void SubLimbs(Limbs& a, const Limbs& b) {
  int64_t borrow = 0;
  for (int i = 0; i < 5; ++i) {
    int64_t d = (int64_t)a[i] - (int64_t)b[i] - borrow;
    borrow = d < 0;
    a[i] = (uint64_t)(d + (borrow ? (int64_t{1} << 52) : 0));
  }
}
// The element a lane integer stands for as a scalar Montgomery word: (v mod p) read as a word,
// i.e. the element v 2^-256.
Fq WordOf(Limbs v) {
  while (GeqLimbs(v, kP)) SubLimbs(v, kP);
  U256 w{v[0] | (v[1] << 52), (v[1] >> 12) | (v[2] << 40), (v[2] >> 24) | (v[3] << 28),
         (v[3] >> 36) | (v[4] << 16)};
  return Fq::FromMont(w);
}

ENTANGLE_FQX4_TARGET std::array<Limbs, 4> Lanes(const FqX4& a) {
  alignas(32) uint64_t t[5][4];
  for (int i = 0; i < 5; ++i) _mm256_store_si256((__m256i*)t[i], a.v[i]);
  std::array<Limbs, 4> r;
  for (int k = 0; k < 4; ++k) {
    for (int i = 0; i < 5; ++i) r[k][i] = t[i][k];
  }
  return r;
}
ENTANGLE_FQX4_TARGET FqX4 FromLanes(const std::array<Limbs, 4>& l) {
  alignas(32) uint64_t t[5][4];
  for (int k = 0; k < 4; ++k) {
    for (int i = 0; i < 5; ++i) t[i][k] = l[k][i];
  }
  FqX4 r;
  for (int i = 0; i < 5; ++i) r.v[i] = _mm256_load_si256((const __m256i*)t[i]);
  return r;
}
void ExpectNormalized(const FqX4& a, uint64_t top_bound) {
  for (const Limbs& l : Lanes(a)) {
    for (int i = 0; i < 4; ++i) ASSERT_LT(l[i], uint64_t{1} << 52);
    ASSERT_LT(l[4], top_bound);
  }
}

class FqX4Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HasFqX4()) GTEST_SKIP() << "CPU without AVX2/FMA (or ENTANGLE_BN254_PORTABLE set)";
  }
};

std::vector<Fq> EdgeValues() {
  U256 pm1, pm2;
  SubU256(pm1, Fq::kMod, U256{1, 0, 0, 0});
  SubU256(pm2, Fq::kMod, U256{2, 0, 0, 0});
  return {Fq::Zero(),
          Fq::One(),
          Fq::FromMont(U256{1, 0, 0, 0}),
          Fq::FromMont(pm1),
          Fq::FromMont(pm2),
          -Fq::One(),
          Fq::FromUint(2),
          Fq::FromMont(U256{0, 0, 0, 1})};
}

// Load<s>, then Store of the lane integers: the Montgomery words come back shifted by s.
ENTANGLE_FQX4_TARGET void CheckLoadStore(const Fq e[4]) {
  Fq out[4];
  Store(Load<0>(e[0], e[1], e[2], e[3]), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], e[k]);
  Store(Load<1>(e[0], e[1], e[2], e[3]), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], e[k].Double());
  StoreFromDomain260(Load<4>(e[0], e[1], e[2], e[3]), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], e[k]);
  const FqX4 l6 = Load<6>(e[0], e[1], e[2], e[3]);
  ExpectNormalized(l6, uint64_t{1} << 52);
  const auto lanes = Lanes(l6);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(WordOf(lanes[k]), e[k] * Fq::FromUint(64));
}

TEST_F(FqX4Test, LoadStoreRoundTrip) {
  std::mt19937_64 rng(1);
  const std::vector<Fq> edge = EdgeValues();
  for (size_t i = 0; i < edge.size(); ++i) {
    const Fq e[4] = {edge[i], edge[(i + 1) % edge.size()], edge[(i + 3) % edge.size()],
                     RandomFq(rng)};
    CheckLoadStore(e);
  }
  for (int it = 0; it < 500; ++it) {
    const Fq e[4] = {RandomFq(rng), RandomFq(rng), RandomFq(rng), RandomFq(rng)};
    CheckLoadStore(e);
  }
}

// Mul of Load<s1>(a) and Load<s2>(b), read back as words, is a b 2^(s1 + s2 - 4).
template <int s1, int s2>
ENTANGLE_FQX4_TARGET void CheckMul(const Fq a[4], const Fq b[4]) {
  const FqX4 x = Load<s1>(a[0], a[1], a[2], a[3]), y = Load<s2>(b[0], b[1], b[2], b[3]);
  const FqX4 z = Mul(x, y);
  ExpectNormalized(z, uint64_t{1} << 52);
  const auto lanes = Lanes(z);
  const Fq f = PowTwo(s1 + s2 - 4);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(WordOf(lanes[k]), a[k] * b[k] * f) << k;
  if constexpr (s1 + s2 == 4) {  // the product is in the scalar domain already
    Fq out[4];
    Store(z, out[0], out[1], out[2], out[3]);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k] * b[k]);
  }
  if constexpr (s1 == 4 && s2 == 4) {
    Fq out[4];
    StoreFromDomain260(z, out[0], out[1], out[2], out[3]);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k] * b[k]);
    StoreFromDomain260(Square(x), out[0], out[1], out[2], out[3]);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k].Square());
  }
}

// Mul2 (two products interleaved) against Mul, including aliasing of the result with an operand.
ENTANGLE_FQX4_TARGET void CheckMul2(const Fq a[4], const Fq b[4], const Fq c[4], const Fq d[4]) {
  const FqX4 x = Load<4>(a[0], a[1], a[2], a[3]), y = Load<4>(b[0], b[1], b[2], b[3]);
  const FqX4 u = Load<3>(c[0], c[1], c[2], c[3]), v = Load<1>(d[0], d[1], d[2], d[3]);
  FqX4 r0, r1;
  Mul2(r0, x, y, r1, u, v);
  const auto l0 = Lanes(r0), l1 = Lanes(r1), e0 = Lanes(Mul(x, y)), e1 = Lanes(Mul(u, v));
  EXPECT_EQ(l0, e0);
  EXPECT_EQ(l1, e1);
  FqX4 x2 = x, u2 = u;
  Mul2(x2, x2, y, u2, v, u2);
  EXPECT_EQ(Lanes(x2), e0);
  EXPECT_EQ(Lanes(u2), e1);
  Fq out[4];
  Store(r1, out[0], out[1], out[2], out[3]);  // shifts 3 + 1 = 4: the scalar domain
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], c[k] * d[k]);
}

TEST_F(FqX4Test, Mul2MatchesMul) {
  std::mt19937_64 rng(6);
  const std::vector<Fq> edge = EdgeValues();
  for (size_t i = 0; i < edge.size(); ++i) {
    const Fq a[4] = {edge[i], edge[(i + 1) % edge.size()], RandomFq(rng), edge[i]};
    const Fq b[4] = {edge[(i + 2) % edge.size()], edge[i], edge[i], RandomFq(rng)};
    CheckMul2(a, b, b, a);
  }
  for (int it = 0; it < 1000; ++it) {
    Fq a[4], b[4], c[4], d[4];
    for (int k = 0; k < 4; ++k) {
      a[k] = RandomFq(rng), b[k] = RandomFq(rng), c[k] = RandomFq(rng), d[k] = RandomFq(rng);
    }
    CheckMul2(a, b, c, d);
  }
}

TEST_F(FqX4Test, MulMatchesScalar) {
  std::mt19937_64 rng(2);
  const std::vector<Fq> edge = EdgeValues();
  for (size_t i = 0; i < edge.size(); ++i) {
    for (size_t j = 0; j < edge.size(); ++j) {
      const Fq a[4] = {edge[i], edge[j], edge[i], RandomFq(rng)};
      const Fq b[4] = {edge[j], edge[i], RandomFq(rng), edge[j]};
      CheckMul<4, 4>(a, b);
      CheckMul<0, 4>(a, b);
      CheckMul<2, 2>(a, b);
      CheckMul<6, 6>(a, b);
    }
  }
  for (int it = 0; it < 2000; ++it) {
    Fq a[4], b[4];
    for (int k = 0; k < 4; ++k) a[k] = RandomFq(rng), b[k] = RandomFq(rng);
    CheckMul<4, 4>(a, b);
    CheckMul<4, 0>(a, b);
    CheckMul<6, 6>(a, b);
  }
}

// Lane integers anywhere in the documented input range (normalized, a b / 2^260 + p < 2^260), not
// only the ones Load produces: all limbs 2^52 - 1 up to 2^259, limb patterns with many carries.
ENTANGLE_FQX4_TARGET void CheckRawMul(const std::array<Limbs, 4>& a,
                                      const std::array<Limbs, 4>& b) {
  const FqX4 z = Mul(FromLanes(a), FromLanes(b));
  ExpectNormalized(z, uint64_t{1} << 52);
  const auto lanes = Lanes(z);
  const Fq f = PowTwo(-4);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(WordOf(lanes[k]), WordOf(a[k]) * WordOf(b[k]) * f) << k;
  }
}

TEST_F(FqX4Test, MulRawInputRange) {
  std::mt19937_64 rng(3);
  const uint64_t top = kMask52;
  const Limbs ones = {top, top, top, top, (uint64_t{1} << 51) - 1};  // 2^259 - 1
  const Limbs zero = {0, 0, 0, 0, 0};
  const Limbs low_ones = {top, top, top, top, 0};
  const Limbs single = {0, 0, 0, 0, uint64_t{1} << 51};
  Limbs p = kP;
  for (const Limbs& x : {ones, zero, low_ones, single, p}) {
    for (const Limbs& y : {ones, zero, low_ones, single, p}) {
      CheckRawMul({x, y, x, ones}, {y, x, ones, y});
    }
  }
  for (int it = 0; it < 2000; ++it) {
    std::array<Limbs, 4> a, b;
    for (int k = 0; k < 4; ++k) {
      for (int i = 0; i < 5; ++i) {
        const uint64_t bits = (i < 4) ? 52 : 51;
        // Random limbs, biased towards all-zero and all-one limbs.
        const uint64_t r = rng();
        uint64_t v = rng() & ((uint64_t{1} << bits) - 1);
        if (r % 5 == 0) v = 0;
        if (r % 5 == 1) v = (uint64_t{1} << bits) - 1;
        (r & 8 ? a : b)[k][i] = v;
        (r & 8 ? b : a)[k][i] = rng() & ((uint64_t{1} << bits) - 1);
      }
    }
    CheckRawMul(a, b);
  }
}

// Long chains keep every value in range: x <- x y, x <- x^2 + y, mixing shifts and subtractions as
// the MSM does, against the scalar field step by step.
ENTANGLE_FQX4_TARGET void RunChains(std::mt19937_64& rng) {
  Fq xs[4], ys[4];
  for (int k = 0; k < 4; ++k) xs[k] = RandomFq(rng), ys[k] = RandomFq(rng);
  FqX4 x = Load<4>(xs[0], xs[1], xs[2], xs[3]);
  const FqX4 y = Load<4>(ys[0], ys[1], ys[2], ys[3]);
  for (int it = 0; it < 3000; ++it) {
    switch (it % 4) {
      case 0:
        x = Mul(x, y);
        for (int k = 0; k < 4; ++k) xs[k] *= ys[k];
        break;
      case 1:
        x = Add(Square(x), y);
        for (int k = 0; k < 4; ++k) xs[k] = xs[k].Square() + ys[k];
        break;
      case 2:
        x = Sub<16>(y, x);
        for (int k = 0; k < 4; ++k) xs[k] = ys[k] - xs[k];
        break;
      default:
        x = Mul(ShiftLeft<2>(x), Sub<16>(x, y));  // x 4 (x - y) 2^-4 ... times 4
        for (int k = 0; k < 4; ++k) xs[k] = xs[k] * (xs[k] - ys[k]) * Fq::FromUint(4);
        break;
    }
    ExpectNormalized(x, uint64_t{1} << 51);  // stays below 2^259
    if (it % 97 == 0 || it == 2999) {
      Fq out[4];
      StoreFromDomain260(x, out[0], out[1], out[2], out[3]);
      for (int k = 0; k < 4; ++k) ASSERT_EQ(out[k], xs[k]) << it << " lane " << k;
    }
  }
}

TEST_F(FqX4Test, LongChains) {
  std::mt19937_64 rng(4);
  for (int rep = 0; rep < 5; ++rep) RunChains(rng);
}

ENTANGLE_FQX4_TARGET void CheckAddSub(const Fq a[4], const Fq b[4]) {
  const FqX4 x = Load<4>(a[0], a[1], a[2], a[3]), y = Load<4>(b[0], b[1], b[2], b[3]);
  Fq out[4];
  StoreFromDomain260(Add(x, y), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k] + b[k]);
  StoreFromDomain260(Sub<16>(x, y), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k] - b[k]);
  StoreFromDomain260(CondSub<8>(Add(x, y)), out[0], out[1], out[2], out[3]);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(out[k], a[k] + b[k]);
}

TEST_F(FqX4Test, AddSub) {
  std::mt19937_64 rng(5);
  const std::vector<Fq> edge = EdgeValues();
  for (size_t i = 0; i < edge.size(); ++i) {
    for (size_t j = 0; j < edge.size(); ++j) {
      const Fq a[4] = {edge[i], edge[j], RandomFq(rng), edge[i]};
      const Fq b[4] = {edge[j], edge[i], edge[j], RandomFq(rng)};
      CheckAddSub(a, b);
    }
  }
  for (int it = 0; it < 500; ++it) {
    Fq a[4], b[4];
    for (int k = 0; k < 4; ++k) a[k] = RandomFq(rng), b[k] = RandomFq(rng);
    CheckAddSub(a, b);
  }
}

}  // namespace
}  // namespace entangle::bn254::x4
