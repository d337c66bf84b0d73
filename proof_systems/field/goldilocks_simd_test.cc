#include "proof_systems/field/goldilocks_simd.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace entangle::goldilocks::simd {
namespace {

// Random canonical values mixed with the edge cases of the reductions.
std::vector<Fp> Values(size_t n, uint64_t seed) {
  const uint64_t edges[] = {0,
                            1,
                            2,
                            Fp::kEpsilon,
                            Fp::kEpsilon + 1,
                            uint64_t{1} << 32,
                            uint64_t{1} << 63,
                            Fp::kModulus - 1,
                            Fp::kModulus - 2,
                            Fp::kModulus - Fp::kEpsilon,
                            0xFFFFFFFF00000000ull,
                            0x7FFFFFFF80000000ull};
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = (rng() % 3 == 0) ? Fp::FromU64(edges[rng() % std::size(edges)]) : Fp::FromU64(rng());
  }
  return v;
}

// One checker per instruction set (a template would be compiled without the target features).
#define ENTANGLE_DEFINE_CHECK(NAME, S, TARGET)                                \
  TARGET void NAME() {                                                        \
    const size_t n = 4096;                                                    \
    auto a = Values(n, 1), b = Values(n, 2);                                  \
    std::vector<Fp> sum(n), diff(n), prod(n);                                 \
    for (size_t i = 0; i < n; i += S::kLanes) {                               \
      auto x = S::Load(&a[i]), y = S::Load(&b[i]);                            \
      S::Store(&sum[i], S::Add(x, y));                                        \
      S::Store(&diff[i], S::Sub(x, y));                                       \
      S::Store(&prod[i], S::Mul(x, y));                                       \
    }                                                                         \
    for (size_t i = 0; i < n; ++i) {                                          \
      ASSERT_EQ(sum[i], a[i] + b[i]) << a[i].value() << " " << b[i].value();  \
      ASSERT_EQ(diff[i], a[i] - b[i]) << a[i].value() << " " << b[i].value(); \
      ASSERT_EQ(prod[i], a[i] * b[i]) << a[i].value() << " " << b[i].value(); \
    }                                                                         \
  }
ENTANGLE_DEFINE_CHECK(CheckAvx512, Avx512, ENTANGLE_TARGET_AVX512)
ENTANGLE_DEFINE_CHECK(CheckAvx2, Avx2, ENTANGLE_TARGET_AVX2)
ENTANGLE_DEFINE_CHECK(CheckAvx512Vl256, Avx512Vl256, ENTANGLE_TARGET_AVX512)

TEST(GoldilocksSimd, Avx512MatchesScalar) {
  if (!Cpu().avx512) GTEST_SKIP() << "CPU without AVX-512 (or capped by ENTANGLE_SIMD)";
  CheckAvx512();
}

TEST(GoldilocksSimd, Avx512Vl256MatchesScalar) {
  if (!Cpu().avx512) GTEST_SKIP() << "CPU without AVX-512 (or capped by ENTANGLE_SIMD)";
  CheckAvx512Vl256();
}

TEST(GoldilocksSimd, Avx2MatchesScalar) {
  if (!Cpu().avx2) GTEST_SKIP() << "CPU without AVX2 (or capped by ENTANGLE_SIMD)";
  CheckAvx2();
}

// Every length 0..40 (vector body and scalar tail), in place too.
TEST(GoldilocksSimd, MulManyMatchesScalar) {
  for (size_t n = 0; n <= 40; ++n) {
    auto a = Values(n, 3 + n), b = Values(n, 4 + n);
    std::vector<Fp> out(n);
    MulMany(a, b, out);
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], a[i] * b[i]) << n << " " << i;
    MulMany(a, b, a);
    EXPECT_EQ(a, out);
  }
}

}  // namespace
}  // namespace entangle::goldilocks::simd
