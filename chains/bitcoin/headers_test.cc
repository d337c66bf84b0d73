// Headers: compact targets, work, PoW, retargeting (Bitcoin Core's pow_tests figures), a regtest
// header tree with a reorg, and SPV Merkle proofs.
#include "chains/bitcoin/headers.h"

#include <gtest/gtest.h>

#include "common/bytes.h"

namespace entangle::bitcoin {
namespace {

TEST(Headers, CompactAndWork) {
  EXPECT_EQ(TargetToCompact(CompactToTarget(0x1d00ffff)), 0x1d00ffffu);
  EXPECT_EQ(TargetToCompact(CompactToTarget(0x207fffff)), 0x207fffffu);
  EXPECT_EQ(CompactToTarget(0x1d00ffff).ToHex(),
            "00000000ffff0000000000000000000000000000000000000000000000000000");
  // The genesis block's work: 2^256 / (target + 1) = 0x100010001.
  EXPECT_EQ(BlockWork(0x1d00ffff).ToHex(),
            "0000000000000000000000000000000000000000000000000000000100010001");
  bool neg = false, over = false;
  CompactToTarget(0x04923456, &neg, &over);
  EXPECT_TRUE(neg);
  CompactToTarget(0xff123456, &neg, &over);
  EXPECT_TRUE(over);
  EXPECT_TRUE(BlockWork(0xff123456).IsZero());
}

TEST(Headers, MainnetGenesisPow) {
  const PowParams& p = PowParamsFor(Network::kMainnet);
  EXPECT_EQ(HashToDisplay(p.genesis_hash),
            "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
  EXPECT_TRUE(CheckProofOfWork(p.genesis_hash, p.genesis.bits, p).ok());
  BlockHeader bad = p.genesis;
  bad.nonce ^= 1;
  EXPECT_FALSE(CheckProofOfWork(bad.Hash(), bad.bits, p).ok());
  EXPECT_FALSE(CheckProofOfWork(p.genesis_hash, 0x1e00ffff, p).ok());  // easier than the limit
  EXPECT_EQ(HashToDisplay(PowParamsFor(Network::kRegtest).genesis_hash),
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
  const PowParams& t3 = PowParamsFor(Network::kTestnet);
  EXPECT_EQ(HashToDisplay(t3.genesis_hash),
            "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943");
  EXPECT_TRUE(CheckProofOfWork(t3.genesis_hash, t3.genesis.bits, t3).ok());
}

TEST(Headers, TestnetMinDifficultyRule) {
  // On testnet3 a block more than 20 minutes after its parent may use the minimum difficulty;
  // one that is not must carry the last regular difficulty.
  const PowParams& t3 = PowParamsFor(Network::kTestnet);
  BlockHeader anchor = t3.genesis;
  anchor.bits = 0x1c00ffff;  // a harder anchor (its PoW is not checked by the tree itself)
  HeaderChain chain(t3, anchor, 100);
  auto fast = chain.NextWorkRequired(chain.Tip(), anchor.time + 600);
  ASSERT_TRUE(fast.ok());
  EXPECT_EQ(*fast, 0x1c00ffffu);
  auto slow = chain.NextWorkRequired(chain.Tip(), anchor.time + 1201);
  ASSERT_TRUE(slow.ok());
  EXPECT_EQ(*slow, 0x1d00ffffu);
}

TEST(Headers, MainnetRetarget) {
  // Figures of Bitcoin Core's pow_tests (real mainnet periods).
  const PowParams& p = PowParamsFor(Network::kMainnet);
  EXPECT_EQ(CalculateNextWorkRequired(0x1d00ffff, 1262152739, 1261130161, p), 0x1d00d86au);
  EXPECT_EQ(CalculateNextWorkRequired(0x1d00ffff, 1233061996, 1231006505, p), 0x1d00ffffu);
  EXPECT_EQ(CalculateNextWorkRequired(0x1c05a3f4, 1279297671, 1279008237, p), 0x1c0168fdu);
  EXPECT_EQ(CalculateNextWorkRequired(0x1c387f6f, 1269211443, 1263163443, p), 0x1d00e1fdu);
  EXPECT_EQ(CalculateNextWorkRequired(0x207fffff, 1, 100000, PowParamsFor(Network::kRegtest)),
            0x207fffffu);
}

BlockHeader Mine(const HeaderChain::Entry& prev, uint32_t time, uint32_t salt) {
  BlockHeader h;
  h.prev_hash = prev.hash;
  h.time = time;
  h.bits = 0x207fffff;
  h.merkle_root[0] = static_cast<uint8_t>(salt);
  h.merkle_root[1] = static_cast<uint8_t>(salt >> 8);
  const PowParams& p = PowParamsFor(Network::kRegtest);
  while (!CheckProofOfWork(h.Hash(), h.bits, p).ok()) h.nonce++;
  return h;
}

TEST(Headers, RegtestChainAndReorg) {
  const PowParams& p = PowParamsFor(Network::kRegtest);
  HeaderChain chain(p, p.genesis, 0);
  std::vector<Hash32> main;
  for (int i = 1; i <= 10; ++i) {
    auto added = chain.Add(Mine(chain.Tip(), p.genesis.time + 600 * i, i));
    ASSERT_TRUE(added.ok()) << added.status();
    EXPECT_TRUE(*added);
    main.push_back(chain.Tip().hash);
  }
  EXPECT_EQ(chain.Tip().height, 10u);
  // A competing branch from height 3 that overtakes at height 11.
  const HeaderChain::Entry* fork = chain.Find(main[2]);
  ASSERT_NE(fork, nullptr);
  HeaderChain::Entry cur = *fork;
  bool reorged = false;
  for (int i = 4; i <= 11; ++i) {
    BlockHeader h = Mine(cur, p.genesis.time + 600 * i + 1, 1000 + i);
    auto added = chain.Add(h);
    ASSERT_TRUE(added.ok()) << added.status();
    if (*added) reorged = true;
    cur = *chain.Find(h.Hash());
  }
  EXPECT_TRUE(reorged);
  EXPECT_EQ(chain.Tip().height, 11u);
  EXPECT_EQ(*chain.HashAtHeight(3), main[2]);
  EXPECT_NE(*chain.HashAtHeight(4), main[3]);
  EXPECT_EQ(*chain.ForkPoint(main[9]), main[2]);
  // Chain work grows by 2 per regtest block.
  EXPECT_EQ(chain.Tip().chain_work.w[0], 22u);

  // Rejections: unknown parent, wrong bits, time not after the median time past, bad PoW.
  BlockHeader orphan = Mine(chain.Tip(), p.genesis.time + 100000, 7);
  orphan.prev_hash[0] ^= 1;
  EXPECT_EQ(chain.Add(orphan).status().code(), absl::StatusCode::kNotFound);
  BlockHeader wrong_bits = Mine(chain.Tip(), p.genesis.time + 100000, 8);
  wrong_bits.bits = 0x1d00ffff;
  EXPECT_FALSE(chain.Add(wrong_bits).ok());
  BlockHeader old = Mine(chain.Tip(), p.genesis.time, 9);
  EXPECT_FALSE(chain.Add(old).ok());
  BlockHeader bad_pow = Mine(chain.Tip(), p.genesis.time + 100000, 10);
  while (CheckProofOfWork(bad_pow.Hash(), bad_pow.bits, p).ok()) bad_pow.nonce++;
  EXPECT_FALSE(chain.Add(bad_pow).ok());
}

TEST(Headers, MerkleProofs) {
  std::vector<Hash32> txids;
  for (int i = 0; i < 7; ++i) {
    Hash32 h{};
    h[0] = static_cast<uint8_t>(i + 1);
    txids.push_back(h);
  }
  const Hash32 root = MerkleRoot(txids);
  for (uint32_t i = 0; i < txids.size(); ++i) {
    auto proof = BuildMerkleProof(txids, i);
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(MerkleRootFromProof(txids[i], *proof), root);
    MerkleProof bad = *proof;
    bad.index ^= 1;
    // (The last leaf of an odd level is its own sibling: swapping sides changes nothing there.)
    if (proof->siblings[0] != txids[i]) {
      EXPECT_NE(MerkleRootFromProof(txids[i], bad), root);
    }
    bad = *proof;
    bad.siblings[0][3] ^= 1;
    EXPECT_NE(MerkleRootFromProof(txids[i], bad), root);
  }
  EXPECT_FALSE(BuildMerkleProof(txids, 7).ok());
}

TEST(Headers, InclusionProofFormat) {
  Tx tx;
  tx.vin.resize(1);
  tx.vin[0].prevout.txid[0] = 9;
  tx.vin[0].prevout.n = 1;
  tx.vout.push_back(TxOut{1000, Bytes(25, 0x51)});
  Hash32 other{};
  other[0] = 5;
  std::vector<Hash32> txids = {other, Txid(tx), other};
  BlockHeader header;
  header.merkle_root = MerkleRoot(txids);
  auto proof = BuildMerkleProof(txids, 1);
  ASSERT_TRUE(proof.ok());
  Bytes raw = SerializeInclusionProof(tx, *proof);
  auto parsed = ParseInclusionProof(raw);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(VerifyInclusion(*parsed, header).ok());
  header.merkle_root[0] ^= 1;
  EXPECT_FALSE(VerifyInclusion(*parsed, header).ok());
  for (size_t n = 0; n < raw.size(); ++n) {
    EXPECT_FALSE(ParseInclusionProof(ByteView(raw.data(), n)).ok());
  }
}

}  // namespace
}  // namespace entangle::bitcoin
