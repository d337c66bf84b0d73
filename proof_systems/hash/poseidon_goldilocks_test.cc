#include "proof_systems/hash/poseidon_goldilocks.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "proof_systems/hash/poseidon_goldilocks_conformance.h"
#include "tests/vectors.h"

namespace entangle::goldilocks {
namespace {

PoseidonState FromU64s(const std::array<uint64_t, 12>& v) {
  PoseidonState s;
  for (int i = 0; i < 12; ++i) s[i] = Fp::FromU64(v[i]);
  return s;
}

TEST(PoseidonGoldilocks, Plonky2VectorsPass) {
  REQUIRE_VECTOR_FILE(f, "poseidon/plonky2_poseidon_goldilocks_w12.json");
  auto r = RunPoseidonGoldilocksConformance(entangle::testing::VectorsDir());
  ASSERT_TRUE(r.ok()) << r.status();
  for (const auto& f : r->failures) ADD_FAILURE() << f;
  EXPECT_EQ(r->failed, 0u);
  EXPECT_EQ(r->passed, 4u);
}

TEST(PoseidonGoldilocks, ConformanceReportsMissingFolder) {
  EXPECT_FALSE(RunPoseidonGoldilocksConformance("/nonexistent").ok());
}

TEST(Poseidon2Goldilocks, HorizenLabsKnownAnswer) {
  // HorizenLabs/poseidon2 at commit 5ecbe7feb8f3, plain_implementations/src/poseidon2/
  // poseidon2.rs, poseidon2_tests_goldilocks::kats: POSEIDON2_GOLDILOCKS_12_PARAMS on
  // (0, 1, ..., 11). (Older commits carried other constants and the KAT 0xed3dbcc4ff1e8d33...)
  PoseidonState s;
  for (int i = 0; i < 12; ++i) s[i] = Fp::FromU64(i);
  Poseidon2Permute(s);
  const PoseidonState want = FromU64s({
      0x12a0e34a20879ec7,
      0xdff531b65bcd2770,
      0xacfde64ace0bb075,
      0x0d9044b55d697e2c,
      0x3afffd14aeaab03d,
      0x49f51fc35517972a,
      0x74da7d0508892cc7,
      0x04cdca75b5646fe2,
      0xb110bcea2fe730c1,
      0x9558a7f7af657d1e,
      0x9751e0cb1ee16c17,
      0xd2574bee1659fee7,
  });
  EXPECT_EQ(s, want);
}

TEST(PoseidonGoldilocks, PermuteManyMatchesSingle) {
  std::mt19937_64 rng(7);
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2}) {
    for (size_t n : {0, 1, 3, 4, 8, 13}) {
      std::vector<PoseidonState> states(n);
      for (auto& s : states)
        for (auto& x : s) x = Fp::FromU64(rng());
      auto many = states;
      PermuteMany(kind, many);
      for (size_t i = 0; i < n; ++i) {
        Permute(kind, states[i]);
        EXPECT_EQ(many[i], states[i]) << HashKindName(kind) << " n=" << n << " i=" << i;
      }
    }
  }
}

// Batches of 0..9 states (vector groups of four and the scalar rest), edge values included.
TEST(PoseidonGoldilocks, MdsLayerManyMatchesSingle) {
  std::mt19937_64 rng(7);
  for (size_t count = 0; count <= 9; ++count) {
    std::vector<PoseidonState> states(count), expected(count);
    for (auto& st : states) {
      for (auto& x : st) x = Fp::FromU64(rng() % 4 == 0 ? Fp::kModulus - 1 - rng() % 3 : rng());
    }
    expected = states;
    for (auto& st : expected) PoseidonMdsLayer(st);
    PoseidonMdsLayerMany(states);
    EXPECT_EQ(states, expected) << count;
  }
}

TEST(PoseidonGoldilocks, BatchedHashesMatchSingle) {
  std::mt19937_64 rng(9);
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2}) {
    for (size_t row_len : {1, 4, 5, 8, 9, 17}) {
      const size_t count = 77;  // more than one batch, not a multiple of 8
      std::vector<Fp> rows(row_len * count);
      for (auto& x : rows) x = Fp::FromU64(rng());
      std::vector<Digest> out(count);
      HashOrNoopMany(kind, rows, row_len, out);
      for (size_t i = 0; i < count; ++i) {
        ASSERT_EQ(out[i], HashOrNoop(kind, std::span<const Fp>(rows).subspan(i * row_len, row_len)))
            << row_len << " " << i;
      }
    }
    std::vector<Digest> children(2 * 70), parents(70);
    for (auto& d : children)
      for (auto& x : d.e) x = Fp::FromU64(rng());
    TwoToOneMany(kind, children, parents);
    for (size_t i = 0; i < parents.size(); ++i) {
      ASSERT_EQ(parents[i], TwoToOne(kind, children[2 * i], children[2 * i + 1])) << i;
    }
  }
}

TEST(PoseidonGoldilocks, SpongeFollowsPlonky2) {
  std::mt19937_64 rng(8);
  std::vector<Fp> in(21);
  for (auto& x : in) x = Fp::FromU64(rng());
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2}) {
    // Empty input: no permutation at all.
    EXPECT_EQ(HashNoPad(kind, {}), Digest{});
    // Absorbing overwrites the rate lanes, a short last chunk only its own lanes.
    PoseidonState s{};
    for (size_t off = 0; off < in.size(); off += 8) {
      for (size_t i = 0; i < 8 && off + i < in.size(); ++i) s[i] = in[off + i];
      Permute(kind, s);
    }
    Digest want{{s[0], s[1], s[2], s[3]}};
    EXPECT_EQ(HashNoPad(kind, in), want);
    EXPECT_EQ(HashOrNoop(kind, in), want);
    // Up to 4 elements: the digest is the input itself.
    std::span<const Fp> three(in.data(), 3);
    EXPECT_EQ(HashOrNoop(kind, three), (Digest{{in[0], in[1], in[2], Fp::Zero()}}));
    std::span<const Fp> five(in.data(), 5);
    EXPECT_EQ(HashOrNoop(kind, five), HashNoPad(kind, five));
    // Compression.
    Digest l{{in[0], in[1], in[2], in[3]}}, r{{in[4], in[5], in[6], in[7]}};
    PoseidonState c{};
    for (int i = 0; i < 4; ++i) c[i] = l.e[i], c[4 + i] = r.e[i];
    Permute(kind, c);
    EXPECT_EQ(TwoToOne(kind, l, r), (Digest{{c[0], c[1], c[2], c[3]}}));
    EXPECT_NE(TwoToOne(kind, l, r), TwoToOne(kind, r, l));
  }
  EXPECT_NE(HashNoPad(HashKind::kPoseidon, in), HashNoPad(HashKind::kPoseidon2, in));
}

}  // namespace
}  // namespace entangle::goldilocks
