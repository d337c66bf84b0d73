// The `bitcoin` adapter: keys, addresses, the settlement transaction, header and deposit checks,
// and the plugin loaded through the real loader.
#include "chains/bitcoin/adapter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "chains/bitcoin/crypto.h"
#include "chains/bitcoin/headers.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/endian.h"
#include "plugins/loader/loader.h"

namespace entangle::bitcoin {
namespace {

std::unique_ptr<chains::ChainAdapter> Regtest() {
  auto a = BitcoinAdapter::Create(R"({"network": "regtest"})");
  EXPECT_TRUE(a.ok());
  return std::move(*a);
}

TEST(Adapter, KeysAndAddresses) {
  auto a = Regtest();
  Bytes seed(32, 7);
  auto k1 = a->KeyFromSeed(seed);
  auto k2 = a->KeyFromSeed(seed);
  ASSERT_TRUE(k1.ok());
  EXPECT_EQ(k1->secret_key, k2->secret_key);
  EXPECT_EQ(k1->public_key.size(), 33u);
  EXPECT_FALSE(a->KeyFromSeed(Bytes(31, 7)).ok());
  auto addr = a->Address(k1->public_key);
  ASSERT_TRUE(addr.ok());
  EXPECT_EQ(addr->rfind("bcrt1p", 0), 0u);
  EXPECT_FALSE(a->Address(Bytes(33, 9)).ok());
  auto main = BitcoinAdapter::Create(R"({"network": "mainnet"})");
  ASSERT_TRUE(main.ok());
  EXPECT_EQ((*main)->Address(k1->public_key)->rfind("bc1p", 0), 0u);
  EXPECT_FALSE(BitcoinAdapter::Create(R"({"network": "moon"})").ok());
  EXPECT_FALSE(BitcoinAdapter::Create("not json").ok());
}

TEST(Adapter, BuildSettlement) {
  auto a = Regtest();
  auto key = a->KeyFromSeed(Bytes(32, 1));
  ASSERT_TRUE(key.ok());
  chains::SettlementRequest req;
  for (int i = 0; i < 32; ++i) req.state_root[i] = static_cast<uint8_t>(i);
  req.batch_number = 42;
  req.proof_system = "groth16";
  req.proof = Bytes(256, 0xab);
  req.public_inputs = {Bytes(32, 1)};
  req.options_json =
      R"({"utxo": {"txid": "1111111111111111111111111111111111111111111111111111111111111111",
                   "vout": 1, "amount": 100000}, "fee": 2000})";
  auto t = a->BuildSettlement(req, *key);
  ASSERT_TRUE(t.ok()) << t.status();
  auto tx = ParseTx(t->raw);
  ASSERT_TRUE(tx.ok());
  EXPECT_EQ(HashToDisplay(Txid(*tx)), t->id);
  auto c = ParseSettlement(*tx);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->batch_number, 42u);
  EXPECT_EQ(c->state_root, req.state_root);
  EXPECT_EQ(c->proof_commitment, ProofCommitment(req));
  EXPECT_EQ(tx->vout[1].value, 98000);
  auto j = nlohmann::json::parse(t->json);
  EXPECT_EQ(j["settlement"]["batch_number"], 42);

  // The spend verifies against the signer's BIP86 output, and only against it.
  auto x = XOnlyFromSeckey(*FixedFromHex<32>(ToHex(key->secret_key)));
  auto out = TaprootTweak(*x, std::nullopt);
  std::vector<TxOut> spent = {TxOut{100000, WitnessScript(1, out->output_key)}};
  EXPECT_TRUE(VerifyTxScripts(*tx, spent, kStandardFlags).ok());
  Tx bad = *tx;
  bad.vout[0].script_pubkey[20] ^= 1;  // a different state root
  EXPECT_FALSE(VerifyTxScripts(bad, spent, kStandardFlags).ok());
  spent[0].value += 1;
  EXPECT_FALSE(VerifyTxScripts(*tx, spent, kStandardFlags).ok());

  // A different proof gives a different commitment.
  chains::SettlementRequest other = req;
  other.proof[0] ^= 1;
  EXPECT_NE(ProofCommitment(other), ProofCommitment(req));

  // Bad options are errors.
  chains::SettlementRequest r2 = req;
  r2.options_json = "{}";
  EXPECT_FALSE(a->BuildSettlement(r2, *key).ok());
  r2.options_json = R"({"utxo": {"txid": "zz", "vout": 0, "amount": 1000}})";
  EXPECT_FALSE(a->BuildSettlement(r2, *key).ok());
  r2.options_json =
      R"({"utxo": {"txid": "1111111111111111111111111111111111111111111111111111111111111111", "vout": 0, "amount": 1000}, "fee": 900})";
  EXPECT_FALSE(a->BuildSettlement(r2, *key).ok());  // change below dust
  r2.options_json = "[";
  EXPECT_FALSE(a->BuildSettlement(r2, *key).ok());
  chains::KeyPair bad_key{Bytes(5, 1), {}};
  EXPECT_FALSE(a->BuildSettlement(req, bad_key).ok());
}

BlockHeader MineOn(const Hash32& prev, uint32_t time, const Hash32& merkle) {
  BlockHeader h;
  h.prev_hash = prev;
  h.time = time;
  h.bits = 0x207fffff;
  h.merkle_root = merkle;
  const PowParams& p = PowParamsFor(Network::kRegtest);
  while (!CheckProofOfWork(h.Hash(), h.bits, p).ok()) h.nonce++;
  return h;
}

TEST(Adapter, HeadersAndDeposit) {
  auto a = Regtest();
  const PowParams& p = PowParamsFor(Network::kRegtest);
  // A deposit transaction in block 3.
  Tx dep;
  dep.vin.resize(1);
  dep.vin[0].prevout.txid[0] = 3;
  dep.vin[0].prevout.n = 0;
  dep.vout.push_back(TxOut{123456, WitnessScript(1, Bytes(32, 0x22))});
  Bytes memo_script = {OP_RETURN};
  PushData(memo_script, AsBytes("to:alice"));
  dep.vout.push_back(TxOut{0, memo_script});
  Hash32 filler{};
  filler[5] = 1;
  std::vector<Hash32> txids = {filler, Txid(dep)};
  std::vector<Bytes> headers = {p.genesis.Serialize()};
  Hash32 prev = p.genesis_hash;
  BlockHeader block3;
  for (int i = 1; i <= 5; ++i) {
    Hash32 merkle{};
    merkle[0] = static_cast<uint8_t>(i);
    if (i == 3) merkle = MerkleRoot(txids);
    BlockHeader h = MineOn(prev, p.genesis.time + 600 * i, merkle);
    if (i == 3) block3 = h;
    headers.push_back(h.Serialize());
    prev = h.Hash();
  }
  auto s = a->VerifyHeaders(headers, {});
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->tip_height, 5u);
  EXPECT_EQ(s->tip_hash, prev);
  EXPECT_EQ(U256::FromHex(s->total_work_hex).w[0], 12u);
  // From a checkpoint (block 2 at height 2).
  Bytes cp = headers[2];
  cp.resize(84);
  StoreLe<uint32_t>(cp.data() + 80, 2);
  auto s2 = a->VerifyHeaders(std::vector<Bytes>(headers.begin() + 3, headers.end()), cp);
  ASSERT_TRUE(s2.ok()) << s2.status();
  EXPECT_EQ(s2->tip_height, 5u);
  // Tampering: a broken link, a truncated header, a wrong genesis.
  std::vector<Bytes> bad = headers;
  bad[4][10] ^= 1;
  EXPECT_FALSE(a->VerifyHeaders(bad, {}).ok());
  bad = headers;
  bad[2].pop_back();
  EXPECT_FALSE(a->VerifyHeaders(bad, {}).ok());
  EXPECT_FALSE(a->VerifyHeaders(std::vector<Bytes>(headers.begin() + 1, headers.end()), {}).ok());

  auto proof = BuildMerkleProof(txids, 1);
  ASSERT_TRUE(proof.ok());
  Bytes raw = SerializeInclusionProof(dep, *proof);
  auto d = a->VerifyDeposit(raw, block3.Serialize());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->amount, 123456u);
  EXPECT_EQ(d->tx_id, HashToDisplay(Txid(dep)));
  EXPECT_EQ(AsString(d->memo), "to:alice");
  EXPECT_EQ(d->recipient.rfind("bcrt1p", 0), 0u);
  // Under another block's header, or with a tampered proof, it is rejected.
  EXPECT_FALSE(a->VerifyDeposit(raw, headers[2]).ok());
  Bytes tampered = raw;
  tampered[tampered.size() - 10] ^= 1;
  EXPECT_FALSE(a->VerifyDeposit(tampered, block3.Serialize()).ok());
  EXPECT_FALSE(a->VerifyDeposit(Bytes(3, 0), block3.Serialize()).ok());
}

TEST(Adapter, ConnectErrors) {
  auto a = Regtest();
  EXPECT_FALSE(a->Connect("nope").ok());
  EXPECT_FALSE(a->Connect("{}").ok());
  auto c = a->Connect(R"({"url": "http://127.0.0.1:1"})");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE((*c)->Height().ok());  // nothing listens there: an error, not a crash
}

TEST(Plugin, LoadsThroughTheLoader) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  ASSERT_NE(srcdir, nullptr);
  std::string path = std::string(srcdir) + "/entangle/chains/bitcoin/libentangle_bitcoin.so";
  plugins::Registry reg;
  auto info = reg.LoadFile(path);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->name, "bitcoin");
  auto adapter = reg.CreateChainAdapter("bitcoin", R"({"network": "regtest"})");
  ASSERT_TRUE(adapter.ok()) << adapter.status();
  EXPECT_EQ((*adapter)->Info().network, "regtest");
  auto suites = (*adapter)->ConformanceSuites();
  EXPECT_EQ(suites.size(), 12u);
  auto r = (*adapter)->RunConformance("base58", "/nonexistent");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->skipped, 1u);
  EXPECT_FALSE((*adapter)->RunConformance("nope", "/nonexistent").ok());
  EXPECT_FALSE(reg.CreateChainAdapter("bitcoin", R"({"network": "moon"})").ok());
}

}  // namespace
}  // namespace entangle::bitcoin
