#include "proof_systems/poly/ntt.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "proof_systems/field/goldilocks_simd.h"

namespace entangle::poly {
namespace {

std::vector<Fp> Random(size_t n, std::mt19937_64& rng) {
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::FromU64(rng());
  return v;
}

Fp Eval(const std::vector<Fp>& coeffs, Fp x) {
  Fp acc = Fp::Zero();
  for (size_t i = coeffs.size(); i-- > 0;) acc = acc * x + coeffs[i];
  return acc;
}

// Evaluations of `coeffs` at shift * w^i, the definition.
std::vector<Fp> NaiveDft(const std::vector<Fp>& coeffs, Fp shift, size_t m) {
  const int log_m = __builtin_ctzll(m);
  Fp w = Fp::RootOfUnity(log_m);
  std::vector<Fp> out(m);
  Fp x = shift;
  for (size_t i = 0; i < m; ++i) {
    out[i] = Eval(coeffs, x);
    x *= w;
  }
  return out;
}

TEST(Ntt, MatchesNaiveDftSmallSizes) {
  std::mt19937_64 rng(1);
  for (int log_n = 0; log_n <= 8; ++log_n) {
    const size_t n = size_t{1} << log_n;
    auto c = Random(n, rng);
    auto a = c;
    Ntt(a);
    EXPECT_EQ(a, NaiveDft(c, Fp::One(), n)) << "n=" << n;
    InverseNtt(a);
    EXPECT_EQ(a, c) << "n=" << n;
  }
}

TEST(Ntt, RoundTripLargeSerialAndParallel) {
  std::mt19937_64 rng(2);
  ThreadPool one(1), two(2);
  for (int log_n : {11, 12, 13, 15, 16}) {
    const size_t n = size_t{1} << log_n;
    auto c = Random(n, rng);
    auto a = c, b = c;
    Ntt(a, one);
    Ntt(b, two);
    ASSERT_EQ(a, b) << "n=" << n;
    // Spot-check evaluations against Horner.
    const Fp w = Fp::RootOfUnity(log_n);
    for (size_t i : {size_t{0}, size_t{1}, n / 3, n - 1}) {
      EXPECT_EQ(a[i], Eval(c, w.Pow(i))) << "n=" << n << " i=" << i;
    }
    InverseNtt(a, two);
    EXPECT_EQ(a, c);
  }
}

TEST(Ntt, LinearAndConvolution) {
  // NTT(a) * NTT(b) = NTT(a conv b) for cyclic convolution.
  std::mt19937_64 rng(3);
  const size_t n = 64;
  auto a = Random(n, rng), b = Random(n, rng);
  std::vector<Fp> conv(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) conv[(i + j) % n] += a[i] * b[j];
  Ntt(a);
  Ntt(b);
  Ntt(conv);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(conv[i], a[i] * b[i]);
}

TEST(Ntt, CosetVariants) {
  std::mt19937_64 rng(4);
  const Fp shift = Fp::FromU64(Fp::kGenerator);
  for (int log_n : {0, 1, 3, 7, 15}) {
    const size_t n = size_t{1} << log_n;
    auto c = Random(n, rng);
    auto a = c;
    CosetNtt(a, shift);
    if (log_n <= 7) {
      EXPECT_EQ(a, NaiveDft(c, shift, n));
    } else {
      EXPECT_EQ(a[5], Eval(c, shift * Fp::RootOfUnity(log_n).Pow(5)));
    }
    InverseCosetNtt(a, shift);
    EXPECT_EQ(a, c);
  }
}

// Coefficients into a larger (or equal) coset domain, the output overwritten whatever it held:
// the definition, and the same as LowDegreeExtend of the polynomial's evaluations.
TEST(Ntt, CosetEvaluateIsTheZeroPaddedCosetDft) {
  std::mt19937_64 rng(6);
  const Fp shift = Fp::FromU64(Fp::kGenerator);
  for (int log_n : {0, 2, 5}) {
    for (int log_blowup : {0, 1, 3}) {
      const size_t n = size_t{1} << log_n, m = n << log_blowup;
      const auto coeffs = Random(n, rng);
      std::vector<Fp> out = Random(m, rng);  // stale contents must not leak in
      CosetEvaluate(coeffs, shift, out);
      EXPECT_EQ(out, NaiveDft(coeffs, shift, m)) << log_n << " " << log_blowup;
      auto evals = coeffs;
      Ntt(evals);
      EXPECT_EQ(out, LowDegreeExtend(evals, log_blowup, shift));
    }
  }
  // Fewer coefficients than points (a degree below the domain's size), shift 1.
  const auto few = Random(3, rng);
  std::vector<Fp> out(8);
  CosetEvaluate(few, Fp::One(), out);
  EXPECT_EQ(out, NaiveDft(few, Fp::One(), 8));
}

TEST(NttDeathTest, CosetEvaluateRejectsMoreCoefficientsThanPoints) {
  std::vector<Fp> coeffs(8), out(4);
  EXPECT_DEATH(CosetEvaluate(coeffs, Fp::One(), out), "8 coefficients for 4 points");
}

TEST(Ntt, LowDegreeExtendEvaluatesTheInterpolant) {
  std::mt19937_64 rng(5);
  const Fp shift = Fp::FromU64(Fp::kGenerator);
  for (int log_n : {0, 2, 5, 12}) {
    for (int log_blowup : {0, 1, 3}) {
      const size_t n = size_t{1} << log_n;
      auto coeffs = Random(n, rng);
      auto evals = coeffs;
      Ntt(evals);
      auto lde = LowDegreeExtend(evals, log_blowup, shift);
      ASSERT_EQ(lde.size(), n << log_blowup);
      const Fp w = Fp::RootOfUnity(log_n + log_blowup);
      for (size_t i : {size_t{0}, size_t{1}, lde.size() / 2, lde.size() - 1}) {
        if (i >= lde.size()) continue;
        EXPECT_EQ(lde[i], Eval(coeffs, shift * w.Pow(i))) << log_n << " " << log_blowup;
      }
      // With shift 1 and blowup 0 the LDE is the identity.
      if (log_blowup == 0) {
        EXPECT_EQ(LowDegreeExtend(evals, 0, Fp::One()), evals);
      }
    }
  }
}

TEST(Ntt, ColumnsEqualSingles) {
  std::mt19937_64 rng(6);
  std::vector<std::vector<Fp>> cols;
  for (int log_n : {4, 4, 10, 15, 3}) cols.push_back(Random(size_t{1} << log_n, rng));
  auto orig = cols;
  ThreadPool two(2);
  NttColumns(cols, two);
  for (size_t c = 0; c < cols.size(); ++c) {
    auto one = orig[c];
    Ntt(one);
    EXPECT_EQ(cols[c], one) << c;
  }
  InverseNttColumns(cols);
  EXPECT_EQ(cols, orig);
  const Fp shift = Fp::FromU64(Fp::kGenerator);
  auto ldes = LowDegreeExtendColumns(orig, 2, shift, two);
  ASSERT_EQ(ldes.size(), orig.size());
  for (size_t c = 0; c < orig.size(); ++c) EXPECT_EQ(ldes[c], LowDegreeExtend(orig[c], 2, shift));
  // One column goes through the parallel single-transform path.
  std::vector<std::vector<Fp>> single = {orig[3]};
  NttColumns(single, two);
  auto want = orig[3];
  Ntt(want);
  EXPECT_EQ(single[0], want);
}

TEST(Ntt, BitReversePermute) {
  std::vector<Fp> a(8);
  for (size_t i = 0; i < 8; ++i) a[i] = Fp::FromU64(i);
  BitReversePermute(a);
  const uint64_t want[8] = {0, 4, 2, 6, 1, 5, 3, 7};
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(a[i].value(), want[i]);
  BitReversePermute(a);
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(a[i].value(), i);
  std::vector<Fp> empty;
  BitReversePermute(empty);
  Ntt(empty);
}

TEST(Ntt, RunsTheRequestedCodePath) {
  const char* cap = std::getenv("ENTANGLE_SIMD");
  const auto& cpu = goldilocks::simd::Cpu();
  std::printf("code path: %s\n", cpu.avx512 ? "avx512" : cpu.avx2 ? "avx2" : "portable");
  const std::string want = cap ? cap : "";
  if (want == "portable") {
    EXPECT_FALSE(cpu.avx2);
  }
  if (want == "avx2") {
    EXPECT_FALSE(cpu.avx512);
  }
}

TEST(NttDeathTest, RejectsNonPowerOfTwo) {
  std::vector<Fp> a(12);
  EXPECT_DEATH(Ntt(a), "not a power of two");
}

}  // namespace
}  // namespace entangle::poly
