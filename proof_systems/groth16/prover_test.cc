#include "proof_systems/groth16/prover.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace entangle::groth16 {
namespace {

using bn254::U256;

TEST(Groth16Fft, RootsAndRoundTrip) {
  EXPECT_EQ(RootOfUnity(0).value(), Fr::One());
  EXPECT_EQ(RootOfUnity(1).value(), -Fr::One());
  EXPECT_NE(RootOfUnity(28).value().Pow(U256{1u << 27, 0, 0, 0}), Fr::One());
  std::mt19937_64 rng(21);
  std::vector<Fr> a(64);
  for (auto& x : a) x = Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
  std::vector<Fr> b = a;
  ASSERT_TRUE(Fft(b, false).ok());
  // b[j] = a(w^j)
  Fr w = RootOfUnity(6).value(), x = w.Pow(U256{5, 0, 0, 0}), acc = Fr::Zero(), xp = Fr::One();
  for (auto& c : a) acc += c * xp, xp *= x;
  EXPECT_EQ(b[5], acc);
  ASSERT_TRUE(Fft(b, true).ok());
  EXPECT_EQ(a, b);
}

// k outside [0, 28] has no root in the table (2^28 is the 2-adicity of r - 1): an error, not a read
// out of bounds.
TEST(Groth16Fft, RootOfUnityRejectsOutOfRange) {
  for (int k : {-1, kMaxRootLog + 1, 64, std::numeric_limits<int>::min()}) {
    auto w = RootOfUnity(k);
    ASSERT_FALSE(w.ok()) << k;
    EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(RootOfUnity(kMaxRootLog).ok());
}

// A size spanning many parallel chunks: spot values against direct evaluation, then the round trip.
TEST(Groth16Fft, LargeParallel) {
  std::mt19937_64 rng(22);
  const int log_n = 14;
  std::vector<Fr> a(size_t{1} << log_n);
  for (auto& x : a) x = Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
  std::vector<Fr> b = a;
  ASSERT_TRUE(Fft(b, false).ok());
  for (uint64_t j : {0ULL, 1ULL, 4097ULL, 12345ULL, (1ULL << log_n) - 1}) {
    Fr x = RootOfUnity(log_n).value().Pow(U256{j, 0, 0, 0}), acc = Fr::Zero(), xp = Fr::One();
    for (auto& c : a) acc += c * xp, xp *= x;
    EXPECT_EQ(b[j], acc) << j;
  }
  ASSERT_TRUE(Fft(b, true).ok());
  EXPECT_EQ(a, b);
}

Fr RandFr(std::mt19937_64& rng) {
  return Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
}

// sum_k c[k] x^k
Fr Eval(const std::vector<Fr>& c, const Fr& x) {
  Fr acc = Fr::Zero();
  for (size_t k = c.size(); k-- > 0;) acc = acc * x + c[k];
  return acc;
}

// Every size up to 2^7 (all of them block-local) against the naive DFT, forward and inverse.
TEST(Groth16Fft, NaiveDft) {
  std::mt19937_64 rng(23);
  for (int log_n = 0; log_n <= 7; ++log_n) {
    const size_t n = size_t{1} << log_n;
    std::vector<Fr> a(n);
    for (auto& x : a) x = RandFr(rng);
    for (bool inverse : {false, true}) {
      std::vector<Fr> b = a;
      ASSERT_TRUE(Fft(b, inverse).ok());
      Fr w = RootOfUnity(log_n).value();
      if (inverse) w = w.Inverse();
      const Fr n_inv = inverse ? Fr::FromUint(n).Inverse() : Fr::One();
      for (size_t j = 0; j < n; ++j) {
        EXPECT_EQ(b[j], Eval(a, w.Pow(U256{j, 0, 0, 0})) * n_inv) << log_n << " " << j;
      }
    }
  }
}

// Sizes with an odd and an even number of stages outside the cache blocks (2^12 elements):
// inverse(forward(x)) == x and spot values.
TEST(Groth16Fft, RoundTripWideStages) {
  std::mt19937_64 rng(24);
  for (int log_n : {12, 13, 15, 16}) {
    const size_t n = size_t{1} << log_n;
    std::vector<Fr> a(n);
    for (auto& x : a) x = RandFr(rng);
    std::vector<Fr> b = a;
    ASSERT_TRUE(Fft(b, false).ok());
    for (uint64_t j : {uint64_t{1}, uint64_t{n / 2 + 3}, uint64_t{n - 1}}) {
      EXPECT_EQ(b[j], Eval(a, RootOfUnity(log_n).value().Pow(U256{j, 0, 0, 0})))
          << log_n << " " << j;
    }
    ASSERT_TRUE(Fft(b, true).ok());
    EXPECT_EQ(a, b) << log_n;
  }
}

// Values on the n-th roots of unity in, values on the odd coset out: against the polynomial's
// coefficients (the naive DFT at small sizes, the tested Fft beyond), for several polynomials at
// once.
TEST(Groth16Fft, OddCosetValues) {
  std::mt19937_64 rng(25);
  for (int log_n : {0, 1, 2, 3, 5, 6, 13, 14}) {
    const size_t n = size_t{1} << log_n;
    std::vector<std::vector<Fr>> coefs(3, std::vector<Fr>(n)), vals(3, std::vector<Fr>(n));
    const Fr w = RootOfUnity(log_n).value(), inc = RootOfUnity(log_n + 1).value();
    for (int p = 0; p < 3; ++p) {
      for (auto& x : coefs[p]) x = RandFr(rng);
      if (n <= 64) {
        for (size_t j = 0; j < n; ++j) vals[p][j] = Eval(coefs[p], w.Pow(U256{j, 0, 0, 0}));
      } else {
        vals[p] = coefs[p];
        ASSERT_TRUE(Fft(vals[p], false).ok());
      }
    }
    ASSERT_TRUE(OddCosetValues({vals[0], vals[1], vals[2]}).ok());
    for (int p = 0; p < 3; ++p) {
      for (size_t j = 0; j < n; j += (n <= 64 ? 1 : n / 8 - 1)) {
        EXPECT_EQ(vals[p][j], Eval(coefs[p], inc * w.Pow(U256{j, 0, 0, 0})))
            << log_n << " " << p << " " << j;
      }
    }
  }
}

// A textbook radix-2 transform with the exact operators (bit reversal, then decimation in time):
// the reference for the lazily reduced transforms.
void ReferenceFft(std::vector<Fr>& a, bool inverse) {
  const size_t n = a.size();
  const int log_n = __builtin_ctzll(n);
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (int s = 1; s <= log_n; ++s) {
    const size_t h = size_t{1} << (s - 1);
    Fr w = RootOfUnity(s).value();
    if (inverse) w = w.Inverse();
    for (size_t blk = 0; blk < n; blk += 2 * h) {
      Fr x = Fr::One();
      for (size_t j = 0; j < h; ++j, x *= w) {
        const Fr u = a[blk + j], v = a[blk + j + h] * x;
        a[blk + j] = u + v, a[blk + j + h] = u - v;
      }
    }
  }
  if (inverse) {
    const Fr n_inv = Fr::FromUint(n).Inverse();
    for (Fr& x : a) x *= n_inv;
  }
}

// The transforms keep their values below 4r inside (lazy reduction) and must still return the
// canonical values: against the reference on inputs full of the edge values 0, 1 and r - 1 (all
// r - 1, alternating 0 / r - 1, random with a quarter of edges), at sizes with and without wide
// stages (2^12 elements per block) and with an odd number of stages on either side.
TEST(Groth16Fft, LazyReductionMatchesReference) {
  std::mt19937_64 rng(26);
  const Fr edges[] = {Fr::Zero(), Fr::One(), -Fr::One()};
  for (int log_n : {0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15}) {
    const size_t n = size_t{1} << log_n;
    for (int pattern = 0; pattern < 3; ++pattern) {
      std::vector<Fr> in(n);
      for (size_t i = 0; i < n; ++i) {
        in[i] = pattern == 0     ? -Fr::One()
                : pattern == 1   ? edges[2 * (i % 2)]
                : rng() % 4 == 0 ? edges[rng() % 3]
                                 : RandFr(rng);
      }
      for (bool inverse : {false, true}) {
        std::vector<Fr> got = in, want = in;
        ASSERT_TRUE(Fft(got, inverse).ok());
        ReferenceFft(want, inverse);
        ASSERT_EQ(got, want) << log_n << " " << pattern << " " << inverse;
      }
      // Odd coset values: coefficients by the inverse, times inc^k, the forward transform.
      std::vector<Fr> got = in, want = in;
      ASSERT_TRUE(OddCosetValues({got}).ok());
      ReferenceFft(want, true);
      const Fr inc = RootOfUnity(log_n + 1).value();
      Fr x = Fr::One();
      for (Fr& c : want) c *= x, x *= inc;
      ReferenceFft(want, false);
      ASSERT_EQ(got, want) << log_n << " " << pattern;
    }
  }
}

TEST(Groth16Fft, RejectsBadSizes) {
  std::vector<Fr> empty, three(3), four(4), eight(8);
  EXPECT_FALSE(Fft(empty, false).ok());
  EXPECT_FALSE(Fft(three, true).ok());
  EXPECT_FALSE(OddCosetValues({three}).ok());
  EXPECT_FALSE(OddCosetValues({four, eight}).ok());
  EXPECT_EQ(OddCosetValues({four, eight}).message(),
            "OddCosetValues: polynomials of different sizes");
  EXPECT_TRUE(OddCosetValues({}).ok());
}

TEST(Groth16Files, RejectMalformed) {
  EXPECT_FALSE(ParseZkey(Bytes{}).ok());
  EXPECT_FALSE(ParseZkey(Bytes{'z', 'k', 'e', 'y', 1,    0,    0,    0,    1, 0, 0, 0,
                               1,   0,   0,   0,   0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0})
                   .ok());
  EXPECT_FALSE(ParseWtns(Bytes{'w', 't', 'n', 's', 2, 0, 0, 0, 0, 0, 0, 0}).ok());
  EXPECT_FALSE(ParseWtns(Bytes{'z', 'k', 'e', 'y', 2, 0, 0, 0, 0, 0, 0, 0}).ok());
}

}  // namespace
}  // namespace entangle::groth16
