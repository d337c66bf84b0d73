#include "proof_systems/groth16/prover.h"

#include <gtest/gtest.h>

#include <random>

namespace entangle::groth16 {
namespace {

using bn254::U256;

TEST(Groth16Fft, RootsAndRoundTrip) {
  EXPECT_EQ(RootOfUnity(0), Fr::One());
  EXPECT_EQ(RootOfUnity(1), -Fr::One());
  EXPECT_NE(RootOfUnity(28).Pow(U256{1u << 27, 0, 0, 0}), Fr::One());
  std::mt19937_64 rng(21);
  std::vector<Fr> a(64);
  for (auto& x : a) x = Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
  std::vector<Fr> b = a;
  Fft(b, false);
  // b[j] = a(w^j)
  Fr w = RootOfUnity(6), x = w.Pow(U256{5, 0, 0, 0}), acc = Fr::Zero(), xp = Fr::One();
  for (auto& c : a) acc += c * xp, xp *= x;
  EXPECT_EQ(b[5], acc);
  Fft(b, true);
  EXPECT_EQ(a, b);
}

// A size spanning many parallel chunks: spot values against direct evaluation, then the round trip.
TEST(Groth16Fft, LargeParallel) {
  std::mt19937_64 rng(22);
  const int log_n = 14;
  std::vector<Fr> a(size_t{1} << log_n);
  for (auto& x : a) x = Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
  std::vector<Fr> b = a;
  Fft(b, false);
  for (uint64_t j : {0ULL, 1ULL, 4097ULL, 12345ULL, (1ULL << log_n) - 1}) {
    Fr x = RootOfUnity(log_n).Pow(U256{j, 0, 0, 0}), acc = Fr::Zero(), xp = Fr::One();
    for (auto& c : a) acc += c * xp, xp *= x;
    EXPECT_EQ(b[j], acc) << j;
  }
  Fft(b, true);
  EXPECT_EQ(a, b);
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
