#include "proof_systems/field/goldilocks.h"

#include <random>

#include "gtest/gtest.h"

namespace entangle::goldilocks {
namespace {

constexpr uint64_t P = Fp::kModulus;

// Reference arithmetic with 128-bit integers.
uint64_t RefMul(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(a) * b % P);
}

uint64_t Edge(std::mt19937_64& rng) {
  static const uint64_t kEdges[] = {0,
                                    1,
                                    2,
                                    P - 1,
                                    P - 2,
                                    0xFFFFFFFFull,
                                    0x100000000ull,
                                    0xFFFFFFFF00000000ull,
                                    0x7FFFFFFFFFFFFFFFull,
                                    0x8000000000000000ull};
  if (rng() % 3 == 0) return kEdges[rng() % std::size(kEdges)];
  return rng() % P;
}

TEST(Goldilocks, ArithmeticMatchesReference) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 200000; ++i) {
    uint64_t a = Edge(rng), b = Edge(rng);
    Fp fa = Fp::FromCanonical(a), fb = Fp::FromCanonical(b);
    ASSERT_EQ((fa + fb).value(),
              static_cast<uint64_t>((static_cast<unsigned __int128>(a) + b) % P));
    ASSERT_EQ((fa - fb).value(),
              static_cast<uint64_t>((static_cast<unsigned __int128>(a) + P - b) % P));
    ASSERT_EQ((fa * fb).value(), RefMul(a, b)) << a << " * " << b;
    ASSERT_EQ((-fa).value(), (P - a) % P);
  }
  // Every 128-bit product shape, including ones whose reduction overflows intermediate words.
  for (int i = 0; i < 200000; ++i) {
    unsigned __int128 x = (static_cast<unsigned __int128>(rng()) << 64) | rng();
    ASSERT_EQ(Fp::Reduce128(x).value(), static_cast<uint64_t>(x % P));
  }
  unsigned __int128 max = ~static_cast<unsigned __int128>(0);
  EXPECT_EQ(Fp::Reduce128(max).value(), static_cast<uint64_t>(max % P));
  EXPECT_EQ(Fp::FromU64(~0ull).value(), ~0ull - P);
  EXPECT_EQ(Fp::FromI64(-1).value(), P - 1);
  EXPECT_EQ(Fp::FromI64(-5) + Fp::FromU64(5), Fp::Zero());
}

TEST(Goldilocks, FieldAxioms) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 2000; ++i) {
    Fp a = Fp::FromU64(rng()), b = Fp::FromU64(rng()), c = Fp::FromU64(rng());
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a + (-a), Fp::Zero());
    if (!a.IsZero()) {
      EXPECT_EQ(a * a.Inverse(), Fp::One());
    }
  }
  EXPECT_EQ(Fp::Zero().Inverse(), Fp::Zero());
}

TEST(Goldilocks, RootsOfUnityHaveExactOrder) {
  for (int k = 0; k <= Fp::kTwoAdicity; ++k) {
    Fp w = Fp::RootOfUnity(k);
    Fp x = w;
    for (int j = 0; j < k; ++j) x = x.Square();
    EXPECT_EQ(x, Fp::One()) << k;
    if (k > 0) {
      Fp half = w;
      for (int j = 0; j < k - 1; ++j) half = half.Square();
      EXPECT_EQ(half, -Fp::One()) << k;
    }
  }
  // The value Plonky2 publishes as its 2^32-th root of unity (POWER_OF_TWO_GENERATOR).
  EXPECT_EQ(Fp::RootOfUnity(32).value(), 1753635133440165772ull);
  // 7 is a non-residue, so it generates the 2-Sylow subgroup above and F_p^2 = F_p[X]/(X^2 - 7).
  EXPECT_EQ(Fp::FromU64(7).Legendre(), -Fp::One());
}

TEST(Goldilocks, SqrtAndBatchInverse) {
  std::mt19937_64 rng(3);
  int squares = 0;
  for (int i = 0; i < 500; ++i) {
    Fp a = Fp::FromU64(rng());
    Fp r;
    EXPECT_TRUE(a.Square().Sqrt(&r));
    EXPECT_EQ(r.Square(), a.Square());
    if (a.Sqrt(&r)) {
      ++squares;
      EXPECT_EQ(r.Square(), a);
    } else {
      EXPECT_EQ(a.Legendre(), -Fp::One());
    }
  }
  EXPECT_GT(squares, 150);
  EXPECT_LT(squares, 350);

  std::vector<Fp> v;
  for (int i = 0; i < 100; ++i) v.push_back(i % 7 == 0 ? Fp::Zero() : Fp::FromU64(rng()));
  std::vector<Fp> inv = v;
  BatchInverse<Fp>(inv);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(inv[i], v[i].Inverse());
}

TEST(Goldilocks, QuadraticExtension) {
  std::mt19937_64 rng(4);
  auto rnd = [&] { return Fp2(Fp::FromU64(rng()), Fp::FromU64(rng())); };
  Fp2 x(Fp::Zero(), Fp::One());
  EXPECT_EQ(x * x, Fp2(Fp::FromU64(7)));
  for (int i = 0; i < 1000; ++i) {
    Fp2 a = rnd(), b = rnd(), c = rnd();
    EXPECT_EQ(a * (b + c), a * b + a * c);
    EXPECT_EQ((a * b) * c, a * (b * c));
    EXPECT_EQ(a * a.Inverse(), Fp2::One());
    // Frobenius: a^p is the conjugate; the norm is multiplicative.
    EXPECT_EQ(a.Pow(Fp::kModulus), a.Conjugate());
    EXPECT_EQ((a * b).Norm(), a.Norm() * b.Norm());
  }
  std::vector<Fp2> v = {rnd(), Fp2::Zero(), rnd()};
  std::vector<Fp2> inv = v;
  BatchInverse<Fp2>(inv);
  EXPECT_EQ(inv[0] * v[0], Fp2::One());
  EXPECT_TRUE(inv[1].IsZero());
  EXPECT_EQ(inv[2] * v[2], Fp2::One());
}

}  // namespace
}  // namespace entangle::goldilocks
