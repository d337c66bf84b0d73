// The devchain: mining, maturity, mempool acceptance and rejections, confirmation, a reorg that
// returns transactions to the mempool, and invalid blocks left out of the chain.
#include "chains/bitcoin/devchain/devchain.h"

#include <gtest/gtest.h>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/musig2.h"
#include "chains/bitcoin/script.h"

namespace entangle::bitcoin::devchain {
namespace {

struct Wallet {
  Digest32 sk{};
  Bytes spk;
  Wallet() {
    sk.fill(0x5a);
    auto x = XOnlyFromSeckey(sk);
    spk = WitnessScript(1, TaprootTweak(*x, std::nullopt)->output_key);
  }
  // Spends `coins` (outpoint, value) to `to` with `fee`, key path.
  Tx Spend(const std::vector<std::pair<OutPoint, int64_t>>& coins, const Bytes& to, int64_t fee,
           uint32_t sequence = 0xfffffffd) const {
    Tx tx;
    int64_t total = 0;
    std::vector<TxOut> spent;
    for (const auto& [p, v] : coins) {
      TxIn in;
      in.prevout = p;
      in.sequence = sequence;
      tx.vin.push_back(in);
      spent.push_back(TxOut{v, spk});
      total += v;
    }
    tx.vout.push_back(TxOut{total - fee, to});
    PrecomputedTxData d(tx, spent);
    auto tsk = *TaprootTweakSeckey(sk, std::nullopt);
    for (size_t i = 0; i < tx.vin.size(); ++i) {
      auto h = TaprootSighash(tx, i, kSighashDefault, SigVersion::kTaproot, d, ExecutionData{});
      tx.vin[i].witness = {*SignSchnorr(tsk, *h, Digest32{})};
    }
    return tx;
  }
};

OutPoint CoinbaseOf(Devchain& c, uint32_t height) {
  auto b = c.GetBlock(*c.BlockHashAt(height));
  return OutPoint{Txid(b->block.txs[0]), 0};
}

TEST(Devchain, MineSpendConfirmReorg) {
  auto chain_or = Devchain::Open();
  ASSERT_TRUE(chain_or.ok()) << chain_or.status();
  Devchain& c = **chain_or;
  EXPECT_EQ(c.Height(), 0u);
  EXPECT_EQ(HashToDisplay(c.TipHash()),
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
  Wallet w;
  auto mined = c.Generate(101, w.spk);
  ASSERT_TRUE(mined.ok()) << mined.status();
  EXPECT_EQ(c.Height(), 101u);
  auto coin = c.GetCoin(CoinbaseOf(c, 1), false);
  ASSERT_TRUE(coin.has_value());
  EXPECT_EQ(coin->out.value, 50 * kCoin);
  EXPECT_TRUE(coin->coinbase);

  Bytes dest = WitnessScript(0, Bytes(20, 0x77));
  Tx tx = w.Spend({{CoinbaseOf(c, 1), 50 * kCoin}}, dest, 10000);
  auto accepted = c.SubmitTx(tx);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->fee, 10000);
  EXPECT_EQ(c.MempoolTxids().size(), 1u);
  EXPECT_FALSE(c.GetCoin(CoinbaseOf(c, 1), true).has_value());  // spent in the mempool
  EXPECT_TRUE(c.GetCoin(CoinbaseOf(c, 1), false).has_value());
  auto info = c.GetTransaction(Txid(tx));
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->block.has_value());

  // Rejections with Bitcoin Core's reasons.
  auto reason = [&](const Tx& t) { return std::string(c.TestAccept(t).status().message()); };
  EXPECT_EQ(reason(w.Spend({{CoinbaseOf(c, 1), 50 * kCoin}}, dest, 20000)), "txn-mempool-conflict");
  EXPECT_EQ(reason(w.Spend({{CoinbaseOf(c, 60), 50 * kCoin}}, dest, 10000)),
            "bad-txns-premature-spend-of-coinbase");
  OutPoint nowhere;
  nowhere.txid[0] = 1;
  nowhere.n = 0;
  EXPECT_EQ(reason(w.Spend({{nowhere, 50 * kCoin}}, dest, 10000)),
            "bad-txns-inputs-missingorspent");
  Tx bad_sig = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 10000);
  bad_sig.vin[0].witness[0][3] ^= 1;
  EXPECT_EQ(reason(bad_sig).rfind("mandatory-script-verify-flag-failed", 0), 0u) << reason(bad_sig);
  Tx too_much = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, -1);
  EXPECT_EQ(reason(too_much), "bad-txns-in-belowout");
  EXPECT_EQ(reason(w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 0)), "min relay fee not met");
  // 201 bare CHECKMULTISIG outputs: 201 x 20 x 4 sigop cost, above the 16,000 per-transaction
  // limit.
  Tx sigops = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 10000);
  sigops.vout.assign(201, TxOut{1000, Bytes{OP_CHECKMULTISIG}});
  EXPECT_EQ(reason(sigops), "bad-txns-too-many-sigops");
  // BIP68: a relative lock of 10 blocks on a 99-confirmation coin is satisfied, of 200 is not.
  Tx rel_ok = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 10000, 10);
  rel_ok.version = 2;
  rel_ok = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 10000, 10);
  EXPECT_TRUE(c.TestAccept(rel_ok).ok()) << reason(rel_ok);
  Tx rel_bad = w.Spend({{CoinbaseOf(c, 2), 50 * kCoin}}, dest, 10000, 200);
  EXPECT_EQ(reason(rel_bad), "non-BIP68-final");

  // Confirm.
  ASSERT_TRUE(c.Generate(1, w.spk).ok());
  EXPECT_TRUE(c.MempoolTxids().empty());
  info = c.GetTransaction(Txid(tx));
  ASSERT_TRUE(info.ok());
  ASSERT_TRUE(info->block.has_value());
  EXPECT_EQ(info->confirmations, 1u);
  EXPECT_EQ(info->block_height, 102u);
  EXPECT_FALSE(c.GetCoin(CoinbaseOf(c, 1), false).has_value());
  auto out = c.GetCoin(OutPoint{Txid(tx), 0}, false);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->out.value, 50 * kCoin - 10000);
  // The coinbase collected the fee.
  auto b102 = c.GetBlock(c.TipHash());
  EXPECT_EQ(b102->block.txs[0].vout[0].value, 50 * kCoin + 10000);

  // Reorg: two empty blocks on block 101 overtake block 102.
  const Hash32 old_tip = c.TipHash();
  auto b1 = c.MineBlock(*c.BlockHashAt(101), w.spk, {}, 0);
  ASSERT_TRUE(b1.ok());
  b1->header.time += 7;  // differ from block 102
  b1->header.nonce = 0;
  while (
      !CheckProofOfWork(b1->header.Hash(), b1->header.bits, PowParamsFor(Network::kRegtest)).ok()) {
    b1->header.nonce++;
  }
  ASSERT_TRUE(c.SubmitBlock(*b1).ok());
  EXPECT_EQ(c.TipHash(), old_tip);  // equal work: no reorg
  auto b2 = c.MineBlock(b1->header.Hash(), w.spk, {}, 0);
  ASSERT_TRUE(b2.ok());
  ASSERT_TRUE(c.SubmitBlock(*b2).ok());
  EXPECT_EQ(c.Height(), 103u);
  EXPECT_EQ(c.TipHash(), b2->header.Hash());
  EXPECT_EQ(c.MempoolTxids().size(), 1u);  // the spend came back
  EXPECT_TRUE(c.GetCoin(CoinbaseOf(c, 1), false).has_value());
  EXPECT_FALSE(c.GetCoin(OutPoint{Txid(tx), 0}, false).has_value());
  EXPECT_FALSE(c.GetBlock(old_tip)->in_best_chain);
  ASSERT_TRUE(c.Generate(1, w.spk).ok());
  EXPECT_EQ(c.GetTransaction(Txid(tx))->confirmations, 1u);

  // Invalid blocks stay out: a greedy coinbase, a duplicate, an unknown parent.
  auto greedy = c.MineBlock(c.TipHash(), w.spk, {}, 0);
  greedy->txs[0].vout[0].value += 1;
  greedy->header.merkle_root = BlockMerkleRoot(*greedy);
  while (
      !CheckProofOfWork(greedy->header.Hash(), greedy->header.bits, PowParamsFor(Network::kRegtest))
           .ok()) {
    greedy->header.nonce++;
  }
  const Hash32 before = c.TipHash();
  EXPECT_EQ(c.SubmitBlock(*greedy).message(), "bad-cb-amount");
  EXPECT_EQ(c.TipHash(), before);
  EXPECT_EQ(c.SubmitBlock(*b2).code(), absl::StatusCode::kAlreadyExists);
  Block orphan = *b2;
  orphan.header.prev_hash[0] ^= 1;
  EXPECT_EQ(c.SubmitBlock(orphan).message(), "prev-blk-not-found");
  // A block carrying a transaction with a bad signature (never seen by the mempool) is refused.
  Tx forged = w.Spend({{CoinbaseOf(c, 3), 50 * kCoin}}, dest, 10000);
  forged.vin[0].witness[0][9] ^= 1;
  auto forged_block = c.MineBlock(c.TipHash(), w.spk, {forged}, 0);
  ASSERT_TRUE(forged_block.ok());
  EXPECT_EQ(c.SubmitBlock(*forged_block).message().rfind("mandatory-script-verify-flag-failed", 0),
            0u);
  EXPECT_EQ(c.TipHash(), before);
  Tx honest = w.Spend({{CoinbaseOf(c, 3), 50 * kCoin}}, dest, 10000);
  auto honest_block = c.MineBlock(c.TipHash(), w.spk, {honest}, 0);
  ASSERT_TRUE(c.SubmitBlock(*honest_block).ok());
  EXPECT_EQ(c.TipHash(), honest_block->header.Hash());
  Block bad_merkle = *c.MineBlock(c.TipHash(), w.spk, {}, 0);
  bad_merkle.header.merkle_root[0] ^= 1;
  EXPECT_FALSE(c.SubmitBlock(bad_merkle).ok());
}

// A presigned-style timelocked script path: leaf "<10> CSV DROP <B> CHECKSIG" under a NUMS key.
// Too early it is refused (BIP68 and the interpreter's CSV), after 10 blocks it is accepted and
// mined.
TEST(Devchain, TapscriptCsvSpend) {
  auto chain_or = Devchain::Open();
  ASSERT_TRUE(chain_or.ok());
  Devchain& c = **chain_or;
  Wallet w;
  ASSERT_TRUE(c.Generate(101, w.spk).ok());

  Digest32 kb{};
  kb.fill(0x3c);
  const Digest32 xb = *XOnlyFromSeckey(kb);
  Bytes leaf;
  PushInt(leaf, 10);
  leaf.push_back(OP_CHECKSEQUENCEVERIFY);
  leaf.push_back(OP_DROP);
  PushData(leaf, xb);
  leaf.push_back(OP_CHECKSIG);
  Bytes other = {OP_RETURN};
  auto tree =
      BuildTapTree({TapLeaf{1, kTapLeafTapscript, leaf}, TapLeaf{1, kTapLeafTapscript, other}});
  ASSERT_TRUE(tree.ok());
  auto out = TaprootTweak(NumsH(), tree->root);
  const Bytes locked_spk = WitnessScript(1, out->output_key);

  // Fund the timelocked output and confirm it.
  Tx fund = w.Spend({{CoinbaseOf(c, 1), 50 * kCoin}}, locked_spk, 10000);
  ASSERT_TRUE(c.SubmitTx(fund).ok());
  ASSERT_TRUE(c.Generate(1, w.spk).ok());

  auto spend = [&](uint32_t sequence) {
    Tx tx;
    tx.version = 2;
    TxIn in;
    in.prevout = OutPoint{Txid(fund), 0};
    in.sequence = sequence;
    tx.vin.push_back(in);
    tx.vout.push_back(TxOut{50 * kCoin - 20000, w.spk});
    std::vector<TxOut> spent = {fund.vout[0]};
    PrecomputedTxData d(tx, spent);
    ExecutionData ed;
    ed.tapleaf_hash = TapLeafHash(kTapLeafTapscript, leaf);
    ed.tapleaf_hash_init = true;
    auto h = TaprootSighash(tx, 0, kSighashDefault, SigVersion::kTapscript, d, ed);
    tx.vin[0].witness = {*SignSchnorr(kb, *h, Digest32{}), leaf,
                         ControlBlock(kTapLeafTapscript, out->parity, NumsH(), tree->paths[0])};
    return tx;
  };
  // Sequence 10 but only 1 confirmation: BIP68 refuses.
  EXPECT_EQ(c.TestAccept(spend(10)).status().message(), "non-BIP68-final");
  ASSERT_TRUE(c.Generate(9, w.spk).ok());
  // Sequence 9 satisfies BIP68 now but not the script's 10: the interpreter refuses (CSV).
  auto early_script = c.TestAccept(spend(9));
  ASSERT_FALSE(early_script.ok());
  EXPECT_NE(early_script.status().message().find("UNSATISFIED_LOCKTIME"), std::string::npos)
      << early_script.status();
  auto ok = c.SubmitTx(spend(10));
  ASSERT_TRUE(ok.ok()) << ok.status();
  ASSERT_TRUE(c.Generate(1, w.spk).ok());
  EXPECT_EQ(c.GetTransaction(ok->txid)->confirmations, 1u);
}

// A 2-of-2 MuSig2 key (BIP327) as a BIP86 taproot output: fund it, spend it with an aggregated
// signature (x-only TapTweak applied in the session), and see it accepted and mined.
TEST(Devchain, Musig2KeyPathSpend) {
  namespace m2 = musig2;
  auto chain_or = Devchain::Open();
  ASSERT_TRUE(chain_or.ok());
  Devchain& c = **chain_or;
  Wallet w;
  ASSERT_TRUE(c.Generate(101, w.spk).ok());

  Digest32 sk[2];
  sk[0].fill(0x71);
  sk[1].fill(0x72);
  std::vector<m2::PlainPubkey> pks;
  for (const auto& k : sk) {
    Bytes p = *PubkeyFromSeckey(k);
    m2::PlainPubkey a;
    std::copy(p.begin(), p.end(), a.begin());
    pks.push_back(a);
  }
  pks = m2::KeySort(pks);
  auto ctx = m2::KeyAgg(pks);
  ASSERT_TRUE(ctx.ok());
  const m2::Bytes32 internal = m2::XOnly(*ctx);
  const Digest32 tweak = TaggedHash("TapTweak", internal);
  auto tweaked = m2::ApplyTweak(*ctx, tweak, /*is_xonly=*/true);
  ASSERT_TRUE(tweaked.ok());
  const m2::Bytes32 output_key = m2::XOnly(*tweaked);
  // The same output key as the single-key BIP86 derivation from the aggregate internal key.
  EXPECT_EQ(TaprootTweak(internal, std::nullopt)->output_key, output_key);
  const Bytes spk = WitnessScript(1, output_key);

  Tx fund = w.Spend({{CoinbaseOf(c, 1), 50 * kCoin}}, spk, 10000);
  ASSERT_TRUE(c.SubmitTx(fund).ok());
  ASSERT_TRUE(c.Generate(1, w.spk).ok());

  Tx tx;
  TxIn in;
  in.prevout = OutPoint{Txid(fund), 0};
  tx.vin.push_back(in);
  tx.vout.push_back(TxOut{fund.vout[0].value - 10000, w.spk});
  PrecomputedTxData d(tx, {fund.vout[0]});
  auto sighash = TaprootSighash(tx, 0, kSighashDefault, SigVersion::kTaproot, d, ExecutionData{});
  ASSERT_TRUE(sighash.has_value());
  const Bytes msg(sighash->begin(), sighash->end());

  std::vector<m2::NonceGenResult> nonces;
  for (int i = 0; i < 2; ++i) {
    m2::Bytes32 rand{};
    rand.fill(static_cast<uint8_t>(0xa0 + i));
    Bytes p = *PubkeyFromSeckey(sk[i]);
    m2::PlainPubkey pk;
    std::copy(p.begin(), p.end(), pk.begin());
    auto n = m2::NonceGen(rand, sk[i], pk, output_key, msg, std::nullopt);
    ASSERT_TRUE(n.ok());
    nonces.push_back(*n);
  }
  // Signers are indexed by their position in the sorted key list.
  std::vector<m2::PubNonce> pub(2);
  std::vector<int> order(2);
  for (int i = 0; i < 2; ++i) {
    Bytes p = *PubkeyFromSeckey(sk[i]);
    order[i] = std::equal(p.begin(), p.end(), pks[0].begin()) ? 0 : 1;
    pub[order[i]] = nonces[i].pubnonce;
  }
  m2::SessionContext session;
  session.aggnonce = *m2::NonceAgg(pub);
  session.pubkeys = pks;
  session.tweaks = {tweak};
  session.is_xonly = {true};
  session.msg = msg;
  std::vector<m2::Bytes32> psigs(2);
  for (int i = 0; i < 2; ++i) {
    auto ps = m2::Sign(nonces[i].secnonce, sk[i], session);
    ASSERT_TRUE(ps.ok()) << ps.status();
    psigs[order[i]] = *ps;
    EXPECT_TRUE(m2::PartialSigVerify(*ps, pub, session, order[i]).ok());
  }
  m2::Bytes32 bad = psigs[0];
  bad[31] ^= 1;
  EXPECT_FALSE(m2::PartialSigVerify(bad, pub, session, 0).ok());
  auto sig = m2::PartialSigAgg(psigs, session);
  ASSERT_TRUE(sig.ok());
  tx.vin[0].witness = {*sig};
  auto accepted = c.SubmitTx(tx);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  ASSERT_TRUE(c.Generate(1, w.spk).ok());
  EXPECT_EQ(c.GetTransaction(accepted->txid)->confirmations, 1u);
}

TEST(Devchain, InvalidateAndReconsider) {
  auto chain_or = Devchain::Open();
  ASSERT_TRUE(chain_or.ok());
  Devchain& c = **chain_or;
  Wallet w;
  ASSERT_TRUE(c.Generate(101, w.spk).ok());
  Tx tx = w.Spend({{CoinbaseOf(c, 1), 50 * kCoin}}, w.spk, 10000);
  ASSERT_TRUE(c.SubmitTx(tx).ok());
  ASSERT_TRUE(c.Generate(3, w.spk).ok());  // tx in block 102
  const Hash32 b102 = *c.BlockHashAt(102);
  const Hash32 tip = c.TipHash();
  EXPECT_EQ(c.GetTransaction(Txid(tx))->block_height, 102u);
  ASSERT_TRUE(c.InvalidateBlock(b102).ok());
  EXPECT_EQ(c.Height(), 101u);
  EXPECT_EQ(c.MempoolTxids(), std::vector<Hash32>{Txid(tx)});
  // Mining now builds a different branch; reconsidering the old one (more work) moves back.
  ASSERT_TRUE(c.Generate(1, w.spk).ok());
  EXPECT_EQ(c.Height(), 102u);
  EXPECT_NE(c.TipHash(), b102);
  ASSERT_TRUE(c.ReconsiderBlock(b102).ok());
  EXPECT_EQ(c.TipHash(), tip);
  EXPECT_EQ(c.Height(), 104u);
  EXPECT_TRUE(c.MempoolTxids().empty());
  EXPECT_EQ(c.GetTransaction(Txid(tx))->block_height, 102u);
  Hash32 unknown{};
  unknown[0] = 1;
  EXPECT_EQ(c.InvalidateBlock(unknown).code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(c.InvalidateBlock(*c.BlockHashAt(0)).ok());
}

TEST(Devchain, SubsidyHalvings) {
  EXPECT_EQ(Subsidy(1), 50 * kCoin);
  EXPECT_EQ(Subsidy(150), 25 * kCoin);
  EXPECT_EQ(Subsidy(150 * 64), 0);
}

}  // namespace
}  // namespace entangle::bitcoin::devchain
