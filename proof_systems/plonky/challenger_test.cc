#include "proof_systems/plonky/challenger.h"

#include <gtest/gtest.h>

#include <bit>
#include <vector>

namespace entangle::plonky {
namespace {

using goldilocks::Fp;
using goldilocks::HashKind;

TEST(ChallengerTest, DeterministicAndInputSensitive) {
  Challenger a(HashKind::kPoseidon, "t"), b(HashKind::kPoseidon, "t");
  a.Observe(Fp::FromU64(5));
  b.Observe(Fp::FromU64(5));
  EXPECT_EQ(a.SampleFp(), b.SampleFp());
  EXPECT_EQ(a.SampleFp2(), b.SampleFp2());
  Challenger c(HashKind::kPoseidon, "t");
  c.Observe(Fp::FromU64(6));
  Challenger d(HashKind::kPoseidon, "t");
  d.Observe(Fp::FromU64(5));
  EXPECT_NE(c.SampleFp(), d.SampleFp());
}

TEST(ChallengerTest, DomainSeparation) {
  Challenger a(HashKind::kPoseidon, "proof"), b(HashKind::kPoseidon, "other");
  EXPECT_NE(a.SampleFp(), b.SampleFp());
  Challenger c(HashKind::kPoseidon, "x"), d(HashKind::kPoseidon, "x");
  c.ObserveLabel("ab");
  d.ObserveLabel("a");
  d.ObserveLabel("b");
  EXPECT_NE(c.SampleFp(), d.SampleFp());
}

TEST(ChallengerTest, SamplesDifferAndBitsInRange) {
  Challenger a(HashKind::kPoseidon, "t");
  Fp x = a.SampleFp(), y = a.SampleFp();
  EXPECT_NE(x, y);
  for (int i = 0; i < 100; ++i) EXPECT_LT(a.SampleBits(5), 32u);
  // Observing after sampling changes later samples.
  Challenger b = a;
  b.Observe(Fp::One());
  EXPECT_NE(a.SampleFp(), b.SampleFp());
}

TEST(ChallengerTest, ProofOfWork) {
  Challenger a(HashKind::kPoseidon, "t");
  uint64_t nonce = 0;
  while (!a.CheckPow(nonce, 8)) ++nonce;
  EXPECT_TRUE(a.CheckPow(nonce, 8));
  int misses = 0;
  for (uint64_t k = 0; k < 64; ++k) misses += a.CheckPow(nonce + 1000 + k, 16) ? 0 : 1;
  EXPECT_GT(misses, 60);
}

TEST(ChallengerTest, BatchedPowSamplesMatchCheckPow) {
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2}) {
    // Pending inputs from 0 to 7 elements before the nonce.
    for (int pending = 0; pending < Challenger::kRate; ++pending) {
      Challenger a(kind, "pow");
      a.SampleFp();
      for (int i = 0; i < pending; ++i) a.ObserveU64(100 + i);
      std::vector<uint64_t> samples(70);
      a.PowSamples(5, std::span<uint64_t>(samples));
      for (size_t i = 0; i < samples.size(); ++i) {
        Challenger c = a;
        c.ObserveU64(5 + i);
        EXPECT_EQ(samples[i], c.SampleFp().value()) << pending << " " << i;
        const int zeros = std::countl_zero(samples[i]);
        EXPECT_TRUE(a.CheckPow(5 + i, zeros));
        EXPECT_FALSE(a.CheckPow(5 + i, zeros + 1));
      }
    }
  }
}

}  // namespace
}  // namespace entangle::plonky
