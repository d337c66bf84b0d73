// Bitcoin adapter benchmarks. Each figure has a baseline measured in the same run:
//  - Schnorr / ECDSA verification through our wrappers (Core's lax DER parse + low-S
//    normalization for ECDSA) against libsecp256k1's raw verify calls;
//  - transaction parse / serialize against double-SHA256 of the same bytes (the txid);
//  - BIP341 and BIP143 sighashes against one SHA-256 of a message of the same size;
//  - the whole script_assets_test.json run (every flag combination, signature cache) against
//    only parsing its JSON;
//  - validating a block of 2,000 P2TR key-path spends (1 and all threads) against 2,000 raw
//    libsecp256k1 Schnorr verifications, and connecting such a block to the devchain (RocksDB UTXO
//    set, every consensus check).
// Run: ENTANGLE_VECTORS=/path/to/shared/vectors bazel run -c opt //benchmarks:bitcoin_bench
#include <benchmark/benchmark.h>
#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "chains/bitcoin/conformance.h"
#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/devchain/devchain.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/script.h"
#include "chains/bitcoin/tx.h"
#include "common/bytes.h"
#include "common/thread_pool.h"

namespace entangle::bitcoin {
namespace {

Digest32 Key(int i) {
  Digest32 k{};
  k[31] = static_cast<uint8_t>(i + 1);
  k[0] = 0x42;
  return k;
}

struct Signed {
  Bytes xonly, msg, sig, der, pub;
};

Signed MakeSigned() {
  Signed s;
  Digest32 sk = Key(1);
  auto x = XOnlyFromSeckey(sk);
  s.xonly.assign(x->begin(), x->end());
  Digest32 m = Sha256(AsBytes("benchmark message"));
  s.msg.assign(m.begin(), m.end());
  s.sig = *SignSchnorr(sk, s.msg, Digest32{});
  s.der = *SignEcdsa(sk, m);
  s.pub = *PubkeyFromSeckey(sk);
  return s;
}

void BM_SchnorrVerify(benchmark::State& st) {
  Signed s = MakeSigned();
  for (auto _ : st) benchmark::DoNotOptimize(VerifySchnorr(s.sig, s.xonly, s.msg));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_SchnorrVerify);

void BM_SchnorrVerifyRawBaseline(benchmark::State& st) {
  Signed s = MakeSigned();
  auto* ctx = SecpContext();
  secp256k1_xonly_pubkey pk;
  if (!secp256k1_xonly_pubkey_parse(ctx, &pk, s.xonly.data())) st.SkipWithError("parse");
  for (auto _ : st) {
    benchmark::DoNotOptimize(secp256k1_schnorrsig_verify(ctx, s.sig.data(), s.msg.data(), 32, &pk));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_SchnorrVerifyRawBaseline);

void BM_EcdsaVerify(benchmark::State& st) {
  Signed s = MakeSigned();
  Digest32 m;
  std::copy(s.msg.begin(), s.msg.end(), m.begin());
  for (auto _ : st) benchmark::DoNotOptimize(VerifyEcdsa(s.der, s.pub, m));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_EcdsaVerify);

void BM_EcdsaVerifyRawBaseline(benchmark::State& st) {
  Signed s = MakeSigned();
  auto* ctx = SecpContext();
  secp256k1_pubkey pk;
  secp256k1_ecdsa_signature sig;
  if (!secp256k1_ec_pubkey_parse(ctx, &pk, s.pub.data(), s.pub.size()) ||
      !secp256k1_ecdsa_signature_parse_der(ctx, &sig, s.der.data(), s.der.size())) {
    st.SkipWithError("parse");
  }
  for (auto _ : st) benchmark::DoNotOptimize(secp256k1_ecdsa_verify(ctx, &sig, s.msg.data(), &pk));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_EcdsaVerifyRawBaseline);

// A 2-in 2-out segwit transaction of typical size.
Tx SampleTx() {
  Tx tx;
  for (int i = 0; i < 2; ++i) {
    TxIn in;
    in.prevout.txid[0] = static_cast<uint8_t>(i + 1);
    in.prevout.n = i;
    in.witness = {Bytes(72, 0x30), Bytes(33, 0x02)};
    tx.vin.push_back(in);
  }
  tx.vout.push_back(TxOut{100000, Bytes(22, 0x00)});
  tx.vout.push_back(TxOut{200000, Bytes(34, 0x51)});
  return tx;
}

void BM_TxParse(benchmark::State& st) {
  Bytes raw = SerializeTx(SampleTx());
  for (auto _ : st) benchmark::DoNotOptimize(ParseTx(raw));
  st.SetBytesProcessed(st.iterations() * raw.size());
}
BENCHMARK(BM_TxParse);

void BM_TxSerialize(benchmark::State& st) {
  Tx tx = SampleTx();
  for (auto _ : st) benchmark::DoNotOptimize(SerializeTx(tx));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_TxSerialize);

void BM_TxSha256dBaseline(benchmark::State& st) {
  Bytes raw = SerializeTx(SampleTx());
  for (auto _ : st) benchmark::DoNotOptimize(Sha256d(raw));
  st.SetBytesProcessed(st.iterations() * raw.size());
}
BENCHMARK(BM_TxSha256dBaseline);

void BM_SighashTaproot(benchmark::State& st) {
  Tx tx = SampleTx();
  std::vector<TxOut> spent = {TxOut{300000, Bytes(34, 0x51)}, TxOut{1, Bytes(34, 0x51)}};
  PrecomputedTxData data(tx, spent);
  ExecutionData ed;
  for (auto _ : st) {
    benchmark::DoNotOptimize(
        TaprootSighash(tx, 1, kSighashDefault, SigVersion::kTaproot, data, ed));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_SighashTaproot);

void BM_SighashSegwitV0(benchmark::State& st) {
  Tx tx = SampleTx();
  PrecomputedTxData data(tx, {});
  Bytes code = P2pkhScript(Bytes(20, 1));
  for (auto _ : st) benchmark::DoNotOptimize(SegwitV0Sighash(code, tx, 1, 1, 5000, &data));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_SighashSegwitV0);

void BM_Sha256OfSighashSizeBaseline(benchmark::State& st) {
  Bytes msg(175, 0x11);  // the BIP341 message size of SIGHASH_DEFAULT, key path, no annex
  for (auto _ : st) benchmark::DoNotOptimize(Sha256(msg));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Sha256OfSighashSizeBaseline);

std::string Vectors() {
  const char* v = std::getenv("ENTANGLE_VECTORS");
  return v != nullptr ? v : "../shared/vectors";
}

void BM_ScriptAssetsRun(benchmark::State& st) {
  for (auto _ : st) {
    ConformanceReport r = RunConformanceSuite("bitcoin-taproot", Vectors());
    if (r.failed != 0 || r.passed == 0) st.SkipWithError("script_assets run failed or missing");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ScriptAssetsRun)->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline: only reading and parsing the 7.8 MB JSON file the run above starts with.
void BM_ScriptAssetsJsonParseBaseline(benchmark::State& st) {
  auto raw = ReadFile(Vectors() + "/bitcoin/script_assets_test.json");
  if (!raw.ok()) {
    st.SkipWithError("script_assets_test.json missing");
    return;
  }
  for (auto _ : st) {
    auto j = nlohmann::json::parse(raw->begin(), raw->end());
    benchmark::DoNotOptimize(j);
  }
}
BENCHMARK(BM_ScriptAssetsJsonParseBaseline)->Unit(benchmark::kMillisecond)->Iterations(3);

struct BlockFixture {
  std::vector<Tx> txs;
  std::vector<std::vector<TxOut>> spent;
  std::vector<Bytes> xonly, msgs, sigs;
};

const BlockFixture& Block2000() {
  static const BlockFixture* f = [] {
    auto* b = new BlockFixture();
    for (int i = 0; i < 2000; ++i) {
      Digest32 sk = Key(i % 200);
      sk[1] = static_cast<uint8_t>(i / 200);
      auto x = XOnlyFromSeckey(sk);
      auto out = TaprootTweak(*x, std::nullopt);
      TxOut prev{100000 + i, WitnessScript(1, out->output_key)};
      Tx tx;
      tx.vin.resize(1);
      tx.vin[0].prevout.txid[0] = static_cast<uint8_t>(i);
      tx.vin[0].prevout.txid[1] = static_cast<uint8_t>(i >> 8);
      tx.vout.push_back(TxOut{90000, WitnessScript(1, out->output_key)});
      PrecomputedTxData d(tx, {prev});
      auto h = TaprootSighash(tx, 0, kSighashDefault, SigVersion::kTaproot, d, ExecutionData{});
      auto tsk = TaprootTweakSeckey(sk, std::nullopt);
      Bytes sig = *SignSchnorr(*tsk, *h, Digest32{});
      tx.vin[0].witness = {sig};
      b->txs.push_back(tx);
      b->spent.push_back({prev});
      b->xonly.emplace_back(out->output_key.begin(), out->output_key.end());
      b->msgs.emplace_back(h->begin(), h->end());
      b->sigs.push_back(sig);
    }
    return b;
  }();
  return *f;
}

void BM_Block2000Validate(benchmark::State& st) {
  const BlockFixture& b = Block2000();
  const bool parallel = st.range(0) != 0;
  for (auto _ : st) {
    std::atomic<int> bad{0};
    auto work = [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        if (!VerifyTxScripts(b.txs[i], b.spent[i], kMandatoryFlags).ok()) bad++;
      }
    };
    if (parallel) {
      ThreadPool::Default().ParallelFor(b.txs.size(), work, 64);
    } else {
      work(0, b.txs.size());
    }
    if (bad != 0) st.SkipWithError("a block transaction failed");
  }
  st.SetItemsProcessed(st.iterations() * b.txs.size());
}
BENCHMARK(BM_Block2000Validate)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Block2000RawSchnorrBaseline(benchmark::State& st) {
  const BlockFixture& b = Block2000();
  auto* ctx = SecpContext();
  for (auto _ : st) {
    int ok = 0;
    for (size_t i = 0; i < b.txs.size(); ++i) {
      secp256k1_xonly_pubkey pk;
      ok += secp256k1_xonly_pubkey_parse(ctx, &pk, b.xonly[i].data()) &&
            secp256k1_schnorrsig_verify(ctx, b.sigs[i].data(), b.msgs[i].data(), 32, &pk);
    }
    if (ok != static_cast<int>(b.txs.size())) st.SkipWithError("raw verify failed");
  }
  st.SetItemsProcessed(st.iterations() * b.txs.size());
}
BENCHMARK(BM_Block2000RawSchnorrBaseline)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace entangle::bitcoin

// The devchain's full consensus path for one block of 2,000 taproot spends: UTXO lookups and
// writes in RocksDB, BIP68/locktime, amounts, sigop cost, and every script — cold (the block's
// signatures never went through the mempool) on the thread pool.
namespace entangle::bitcoin {
namespace {

void BM_DevchainConnectBlock2000(benchmark::State& st) {
  for (auto _ : st) {
    st.PauseTiming();
    auto chain = devchain::Devchain::Open();
    if (!chain.ok()) {
      st.SkipWithError("devchain open");
      return;
    }
    devchain::Devchain& c = **chain;
    Digest32 sk{};
    sk.fill(0x5b);
    auto x = XOnlyFromSeckey(sk);
    const Bytes spk = WitnessScript(1, TaprootTweak(*x, std::nullopt)->output_key);
    const Digest32 tsk = *TaprootTweakSeckey(sk, std::nullopt);
    auto sign = [&](Tx& tx, const std::vector<TxOut>& spent) {
      PrecomputedTxData d(tx, spent);
      for (size_t i = 0; i < tx.vin.size(); ++i) {
        auto h = TaprootSighash(tx, i, kSighashDefault, SigVersion::kTaproot, d, ExecutionData{});
        tx.vin[i].witness = {*SignSchnorr(tsk, *h, Digest32{})};
      }
    };
    (void)c.Generate(101, spk);
    auto b1 = c.GetBlock(*c.BlockHashAt(1));
    Tx fan;
    fan.vin.resize(1);
    fan.vin[0].prevout = OutPoint{Txid(b1->block.txs[0]), 0};
    for (int i = 0; i < 2000; ++i) fan.vout.push_back(TxOut{2400000, spk});
    sign(fan, {b1->block.txs[0].vout[0]});
    if (!c.SubmitTx(fan).ok() || !c.Generate(1, spk).ok()) {
      st.SkipWithError("fan-out");
      return;
    }
    std::vector<Tx> txs;
    for (uint32_t i = 0; i < 2000; ++i) {
      Tx t;
      t.vin.resize(1);
      t.vin[0].prevout = OutPoint{Txid(fan), i};
      t.vout.push_back(TxOut{2390000, spk});
      sign(t, {fan.vout[i]});
      txs.push_back(std::move(t));
    }
    auto block = c.MineBlock(c.TipHash(), spk, txs, 0);
    st.ResumeTiming();
    if (!c.SubmitBlock(*block).ok()) st.SkipWithError("block rejected");
  }
  st.SetItemsProcessed(st.iterations() * 2000);
}
BENCHMARK(BM_DevchainConnectBlock2000)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace
}  // namespace entangle::bitcoin
