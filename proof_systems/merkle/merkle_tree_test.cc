#include "proof_systems/merkle/merkle_tree.h"

#include <gtest/gtest.h>

#include <random>

#include "proof_systems/hash/sha256.h"

namespace entangle::merkle {
namespace {

std::vector<std::vector<Fp>> RandomColumns(size_t width, size_t height, std::mt19937_64& rng) {
  std::vector<std::vector<Fp>> cols(width, std::vector<Fp>(height));
  for (auto& c : cols)
    for (auto& x : c) x = Fp::FromU64(rng());
  return cols;
}

TEST(MerkleTree, RootMatchesDefinition) {
  std::mt19937_64 rng(11);
  auto cols = RandomColumns(7, 4, rng);
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2, HashKind::kSha256}) {
    auto t = MerkleTree::Build(kind, cols, 0);
    Digest l[4];
    for (size_t i = 0; i < 4; ++i) l[i] = goldilocks::HashOrNoop(kind, t.Row(i));
    Digest root = goldilocks::TwoToOne(kind, goldilocks::TwoToOne(kind, l[0], l[1]),
                                       goldilocks::TwoToOne(kind, l[2], l[3]));
    ASSERT_EQ(t.cap().size(), 1u);
    EXPECT_EQ(t.cap()[0], root);
    EXPECT_EQ(t.num_leaves(), 4u);
    EXPECT_EQ(t.Row(2)[6], cols[6][2]);
  }
  // Rows of at most 4 elements are their own leaf digests.
  auto narrow = RandomColumns(2, 2, rng);
  auto t = MerkleTree::Build(HashKind::kPoseidon, narrow, 1);
  EXPECT_EQ(t.cap()[1], (Digest{{narrow[0][1], narrow[1][1], Fp::Zero(), Fp::Zero()}}));
}

// kSha256: SHA-256 of the little-endian bytes (narrow rows too), each u64 word's top bit cleared.
TEST(MerkleTree, Sha256DigestsMatchTheDefinition) {
  auto digest_of = [](const std::vector<uint8_t>& bytes) {
    const auto h = hash::Sha256Digest(bytes);
    Digest d;
    for (size_t k = 0; k < 4; ++k) {
      uint64_t w = 0;
      for (int j = 0; j < 8; ++j) w |= static_cast<uint64_t>(h[8 * k + j]) << (8 * j);
      d.e[k] = Fp::FromCanonical(w & ~(uint64_t{1} << 63));
    }
    return d;
  };
  auto le = [](std::vector<uint8_t>& out, Fp x) {
    for (int j = 0; j < 8; ++j) out.push_back(static_cast<uint8_t>(x.value() >> (8 * j)));
  };
  const std::vector<std::vector<Fp>> cols = {{Fp::FromU64(1), Fp::FromU64(2)},
                                             {Fp::FromU64(3), Fp::FromU64(Fp::kModulus - 1)}};
  auto t = MerkleTree::Build(HashKind::kSha256, cols, 0);
  Digest leaf[2];
  for (size_t i = 0; i < 2; ++i) {
    std::vector<uint8_t> bytes;
    le(bytes, cols[0][i]);
    le(bytes, cols[1][i]);
    leaf[i] = digest_of(bytes);
    EXPECT_EQ(goldilocks::HashOrNoop(HashKind::kSha256, t.Row(i)), leaf[i]);
  }
  std::vector<uint8_t> both;
  for (const Digest& d : leaf) {
    for (Fp x : d.e) le(both, x);
  }
  EXPECT_EQ(t.cap()[0], digest_of(both));
}

TEST(MerkleTree, ProofsVerifyAndTamperingIsRejected) {
  std::mt19937_64 rng(12);
  ThreadPool two(2);
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kPoseidon2, HashKind::kSha256}) {
    for (int log_n : {0, 3, 11}) {
      for (int cap_height : {0, 2}) {
        if (cap_height > log_n) continue;
        const size_t n = size_t{1} << log_n;
        auto t = MerkleTree::Build(kind, RandomColumns(9, n, rng), cap_height, two);
        ASSERT_EQ(t.cap().size(), size_t{1} << cap_height);
        for (size_t i : {size_t{0}, n / 2, n - 1, static_cast<size_t>(rng() % n)}) {
          auto leaf = t.Row(i);
          auto proof = t.Prove(i);
          ASSERT_EQ(proof.size(), static_cast<size_t>(log_n - cap_height));
          ASSERT_TRUE(VerifyMerkleProof(kind, leaf, i, proof, t.cap()).ok()) << i;
          // Every sibling element.
          for (size_t s = 0; s < proof.size(); ++s) {
            for (size_t e = 0; e < 4; ++e) {
              auto bad = proof;
              bad[s].e[e] += Fp::One();
              EXPECT_FALSE(VerifyMerkleProof(kind, leaf, i, bad, t.cap()).ok());
            }
          }
          // Every leaf element.
          for (size_t e = 0; e < leaf.size(); ++e) {
            auto bad = leaf;
            bad[e] += Fp::One();
            EXPECT_FALSE(VerifyMerkleProof(kind, bad, i, proof, t.cap()).ok());
          }
          // Wrong index, wrong cap, wrong hash.
          if (n > 1) {
            EXPECT_FALSE(VerifyMerkleProof(kind, leaf, i ^ 1, proof, t.cap()).ok());
          }
          auto cap = t.cap();
          cap[i >> (log_n - cap_height)].e[3] += Fp::One();
          EXPECT_FALSE(VerifyMerkleProof(kind, leaf, i, proof, cap).ok());
          HashKind other = kind == HashKind::kPoseidon ? HashKind::kSha256 : HashKind::kPoseidon;
          EXPECT_FALSE(VerifyMerkleProof(other, leaf, i, proof, t.cap()).ok());
        }
      }
    }
  }
}

TEST(MerkleTree, SerialAndParallelAgree) {
  std::mt19937_64 rng(13);
  auto cols = RandomColumns(8, 1 << 12, rng);
  ThreadPool one(1), two(2);
  auto a = MerkleTree::Build(HashKind::kPoseidon2, std::vector<std::vector<Fp>>(cols), 3, one);
  auto b = MerkleTree::Build(HashKind::kPoseidon2, std::vector<std::vector<Fp>>(cols), 3, two);
  EXPECT_EQ(a.cap(), b.cap());
}

TEST(MerkleTree, SeveralRowsPerLeafEqualTheConcatenatedMatrix) {
  std::mt19937_64 rng(5);
  ThreadPool two(2);
  for (size_t width : {1, 2, 3}) {
    for (int log_r : {1, 2}) {
      const size_t rows = 1 << 10, r = size_t{1} << log_r;
      auto cols = RandomColumns(width, rows, rng);
      // The same leaves as one row each: column j * width + c holds row i * r + j of column c.
      std::vector<std::vector<Fp>> wide(width * r, std::vector<Fp>(rows / r));
      for (size_t c = 0; c < width; ++c) {
        for (size_t i = 0; i < rows; ++i) wide[(i % r) * width + c][i / r] = cols[c][i];
      }
      auto packed = MerkleTree::Build(HashKind::kPoseidon, std::move(cols), 2, two, log_r);
      auto plain = MerkleTree::Build(HashKind::kPoseidon, std::move(wide), 2, two);
      EXPECT_EQ(packed.cap(), plain.cap()) << width << " " << log_r;
      EXPECT_EQ(packed.num_leaves(), rows / r);
      EXPECT_EQ(packed.num_rows(), rows);
      for (size_t leaf : {size_t{0}, size_t{7}, rows / r - 1}) {
        EXPECT_EQ(packed.Leaf(leaf), plain.Row(leaf));
        EXPECT_EQ(packed.Prove(leaf), plain.Prove(leaf));
        EXPECT_TRUE(VerifyMerkleProof(HashKind::kPoseidon, packed.Leaf(leaf), leaf,
                                      packed.Prove(leaf), packed.cap())
                        .ok());
      }
      const std::vector<Fp> leaf5 = packed.Leaf(5);
      EXPECT_EQ(packed.Row(5 * r + 1),
                std::vector<Fp>(leaf5.begin() + width, leaf5.begin() + 2 * width));
    }
  }
  ThreadPool one(1);
  auto t = MerkleTree::TryBuild(HashKind::kPoseidon, {std::vector<Fp>(8)}, 2, one, 2);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("cap height"), std::string::npos) << t.status();
  t = MerkleTree::TryBuild(HashKind::kPoseidon, {std::vector<Fp>(8)}, 0, one, 4);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("rows per leaf"), std::string::npos) << t.status();
}

TEST(MerkleTree, CosetLeavesEqualTheStridedMatrix) {
  std::mt19937_64 rng(6);
  ThreadPool two(2);
  for (HashKind kind : {HashKind::kPoseidon, HashKind::kSha256}) {
    for (size_t width : {1, 2, 4}) {
      for (int log_r : {2, 4}) {
        const size_t rows = 1 << 10, r = size_t{1} << log_r, leaves = rows / r;
        auto cols = RandomColumns(width, rows, rng);
        // Leaf i holds rows i + j * leaves: column j * width + c of a one-row-per-leaf matrix.
        std::vector<std::vector<Fp>> wide(width * r, std::vector<Fp>(leaves));
        for (size_t c = 0; c < width; ++c) {
          for (size_t i = 0; i < rows; ++i) wide[(i / leaves) * width + c][i % leaves] = cols[c][i];
        }
        const std::vector<Fp> row77 = {cols[0][77]};
        auto coset = MerkleTree::Build(kind, std::move(cols), 2, two, log_r, /*coset_leaves=*/true);
        auto plain = MerkleTree::Build(kind, std::move(wide), 2, two);
        EXPECT_EQ(coset.cap(), plain.cap()) << width << " " << log_r;
        EXPECT_TRUE(coset.coset_leaves());
        EXPECT_EQ(coset.num_leaves(), leaves);
        EXPECT_EQ(coset.LeafOfRow(77), 77 % leaves);
        // Row 77 is row 77 / leaves of its leaf.
        EXPECT_EQ(coset.Leaf(77 % leaves)[(77 / leaves) * width], row77[0]);
        for (size_t leaf : {size_t{0}, size_t{3}, leaves - 1}) {
          EXPECT_EQ(coset.Leaf(leaf), plain.Row(leaf));
          EXPECT_TRUE(
              VerifyMerkleProof(kind, coset.Leaf(leaf), leaf, coset.Prove(leaf), coset.cap()).ok());
        }
      }
    }
  }
}

TEST(MerkleTree, BadShapesAndProofsGiveClearErrors) {
  ThreadPool one(1);
  auto err = [&](std::vector<std::vector<Fp>> cols, int cap) {
    auto t = MerkleTree::TryBuild(HashKind::kPoseidon, std::move(cols), cap, one);
    EXPECT_FALSE(t.ok());
    return std::string(t.status().message());
  };
  EXPECT_NE(err({}, 0).find("no columns"), std::string::npos);
  EXPECT_NE(err({std::vector<Fp>(3)}, 0).find("not a power of two"), std::string::npos);
  EXPECT_NE(err({std::vector<Fp>(4), std::vector<Fp>(2)}, 0).find("column 1"), std::string::npos);
  EXPECT_NE(err({std::vector<Fp>(4)}, 3).find("cap height"), std::string::npos);
  EXPECT_NE(err({std::vector<Fp>(4)}, -1).find("cap height"), std::string::npos);

  auto t = MerkleTree::Build(HashKind::kPoseidon, {std::vector<Fp>(8, Fp::One())}, 1);
  auto leaf = t.Row(5);
  auto proof = t.Prove(5);
  EXPECT_TRUE(VerifyMerkleProof(HashKind::kPoseidon, leaf, 5, proof, t.cap()).ok());
  auto s = VerifyMerkleProof(HashKind::kPoseidon, leaf, 8, proof, t.cap());
  EXPECT_NE(s.message().find("out of range"), std::string::npos) << s;
  s = VerifyMerkleProof(HashKind::kPoseidon, leaf, 5, proof, {});
  EXPECT_NE(s.message().find("cap size"), std::string::npos) << s;
  std::vector<Digest> three_cap(3);
  EXPECT_FALSE(VerifyMerkleProof(HashKind::kPoseidon, leaf, 5, proof, three_cap).ok());
  // A proof one level short or long does not verify (the implied tree size changes).
  std::vector<Digest> shorter(proof.begin(), proof.end() - 1);
  EXPECT_FALSE(VerifyMerkleProof(HashKind::kPoseidon, leaf, 1, shorter, t.cap()).ok());
  auto longer = proof;
  longer.push_back(t.cap()[0]);
  EXPECT_FALSE(VerifyMerkleProof(HashKind::kPoseidon, leaf, 5, longer, t.cap()).ok());
  std::vector<Digest> huge(70);
  EXPECT_FALSE(VerifyMerkleProof(HashKind::kPoseidon, leaf, 5, huge, t.cap()).ok());
}

}  // namespace
}  // namespace entangle::merkle
