// PSBT: every role on P2TR (key and script path), P2WPKH and P2PKH inputs, byte-exact round trips,
// combining, and rejection of malformed and tampered PSBTs.
#include "chains/bitcoin/psbt.h"

#include <gtest/gtest.h>

#include "chains/bitcoin/script.h"
#include "common/bytes.h"

namespace entangle::bitcoin {
namespace {

Digest32 Sk(uint8_t b) {
  Digest32 k{};
  k[31] = b;
  k[0] = 0x10;
  return k;
}

struct Fixture {
  Tx tx;
  std::vector<TxOut> spent;
  Digest32 key_a = Sk(1), key_b = Sk(2), key_c = Sk(3);
  TapTree tree;
  Bytes leaf_b;
  TweakedKey script_out;
};

// Input 0: BIP86 P2TR of key A. Input 1: P2WPKH of key B. Input 2: P2PKH of key C. Input 3: P2TR
// with a NUMS internal key and two leaves "<A> CHECKSIG", "<B> CHECKSIG".
Fixture Make() {
  Fixture f;
  auto xa = *XOnlyFromSeckey(f.key_a);
  auto xb = *XOnlyFromSeckey(f.key_b);
  auto pb = *PubkeyFromSeckey(f.key_b);
  auto pc = *PubkeyFromSeckey(f.key_c);
  auto ta = *TaprootTweak(xa, std::nullopt);
  Bytes leaf_a = {32};
  leaf_a.insert(leaf_a.end(), xa.begin(), xa.end());
  leaf_a.push_back(OP_CHECKSIG);
  f.leaf_b = {32};
  f.leaf_b.insert(f.leaf_b.end(), xb.begin(), xb.end());
  f.leaf_b.push_back(OP_CHECKSIG);
  f.tree = *BuildTapTree(
      {TapLeaf{1, kTapLeafTapscript, leaf_a}, TapLeaf{1, kTapLeafTapscript, f.leaf_b}});
  f.script_out = *TaprootTweak(NumsH(), f.tree.root);
  f.spent = {TxOut{50000, WitnessScript(1, ta.output_key)},
             TxOut{60000, WitnessScript(0, Hash160(pb))}, TxOut{70000, P2pkhScript(Hash160(pc))},
             TxOut{80000, WitnessScript(1, f.script_out.output_key)}};
  for (int i = 0; i < 4; ++i) {
    TxIn in;
    in.prevout.txid[0] = static_cast<uint8_t>(0x40 + i);
    in.prevout.n = i;
    in.sequence = 0xfffffffd;
    f.tx.vin.push_back(in);
  }
  f.tx.vout.push_back(TxOut{250000, WitnessScript(1, ta.output_key)});
  return f;
}

Psbt Updated(const Fixture& f) {
  auto p = Psbt::Create(f.tx);
  EXPECT_TRUE(p.ok());
  for (size_t i = 0; i < f.spent.size(); ++i) p->SetWitnessUtxo(i, f.spent[i]);
  // The P2PKH input also gets its full previous transaction (the BIP174 rule for legacy inputs).
  Tx prev;
  prev.vin.resize(1);
  prev.vout = {TxOut{1, Bytes{OP_1}}, TxOut{1, Bytes{OP_1}}, f.spent[2]};
  p->tx.vin[2].prevout.txid = Txid(prev);
  p->tx.vin[2].prevout.n = 2;
  p->inputs[2].clear();
  p->SetNonWitnessUtxo(2, prev);
  p->SetTapInternalKey(3, NumsH());
  p->SetTapMerkleRoot(3, f.tree.root);
  p->AddTapLeafScript(
      3, ControlBlock(kTapLeafTapscript, f.script_out.parity, NumsH(), f.tree.paths[1]), f.leaf_b,
      kTapLeafTapscript);
  return *p;
}

TEST(Psbt, AllRolesEndToEnd) {
  Fixture f = Make();
  Psbt p = Updated(f);
  // Round trip before signing.
  auto again = Psbt::Parse(p.Serialize());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->Serialize(), p.Serialize());
  auto b64 = Psbt::FromBase64(p.ToBase64());
  ASSERT_TRUE(b64.ok());
  EXPECT_EQ(b64->Serialize(), p.Serialize());

  // Two signers work on copies; the combiner merges them.
  Psbt pa = p, pbc = p;
  ASSERT_EQ(*pa.Sign(f.key_a), 1);   // the key path of input 0 (A's leaf is not in input 3's map)
  ASSERT_EQ(*pbc.Sign(f.key_b), 2);  // input 1 and the B leaf of input 3
  ASSERT_EQ(*pbc.Sign(f.key_c), 1);  // input 2
  EXPECT_FALSE(p.Finalize().ok());   // nothing signed yet
  ASSERT_TRUE(pa.Combine(pbc).ok());
  auto parsed = Psbt::Parse(pa.Serialize());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_TRUE(parsed->Finalize().ok());
  EXPECT_TRUE(parsed->IsFinalized());
  auto tx = parsed->Extract();
  ASSERT_TRUE(tx.ok()) << tx.status();
  EXPECT_EQ(tx->vin[0].witness.size(), 1u);  // key path
  EXPECT_EQ(tx->vin[1].witness.size(), 2u);  // sig, pubkey
  EXPECT_FALSE(tx->vin[2].script_sig.empty());
  EXPECT_EQ(tx->vin[3].witness.size(), 3u);  // sig, leaf, control block
  // Finalized inputs keep only UTXOs and final fields.
  for (const auto& m : parsed->inputs) {
    for (const auto& [k, v] : m) {
      EXPECT_TRUE(k[0] == psbt::kInWitnessUtxo || k[0] == psbt::kInNonWitnessUtxo ||
                  k[0] == psbt::kInFinalScriptSig || k[0] == psbt::kInFinalScriptWitness)
          << int(k[0]);
    }
  }
  // A tampered signature is caught by the extractor's interpreter check.
  Psbt bad = *parsed;
  auto w = bad.Get(bad.inputs[0], psbt::kInFinalScriptWitness);
  (*w)[5] ^= 1;
  Psbt::Set(bad.inputs[0], psbt::kInFinalScriptWitness, {}, *w);
  EXPECT_FALSE(bad.Extract().ok());
  // Combining different transactions is refused.
  Psbt other = p;
  other.tx.locktime = 7;
  EXPECT_FALSE(pa.Combine(other).ok());
}

TEST(Psbt, SighashTypesAreHonoured) {
  Fixture f = Make();
  Psbt p = Updated(f);
  uint8_t t[4] = {0x83, 0, 0, 0};  // SINGLE|ANYONECANPAY on the key-path input
  Psbt::Set(p.inputs[0], psbt::kInSighashType, {}, ByteView(t, 4));
  ASSERT_EQ(*p.Sign(f.key_a), 1);
  auto sig = p.Get(p.inputs[0], psbt::kInTapKeySig);
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(sig->size(), 65u);
  EXPECT_EQ(sig->back(), 0x83);
}

TEST(Psbt, MalformedInputsAreErrors) {
  Fixture f = Make();
  Psbt p = Updated(f);
  ASSERT_EQ(*p.Sign(f.key_b), 2);
  Bytes raw = p.Serialize();
  for (size_t n = 0; n < raw.size(); ++n) {
    EXPECT_FALSE(Psbt::Parse(ByteView(raw.data(), n)).ok()) << n;
  }
  Bytes trailing = raw;
  trailing.push_back(0);
  EXPECT_FALSE(Psbt::Parse(trailing).ok());
  Bytes bad_magic = raw;
  bad_magic[0] = 'x';
  EXPECT_FALSE(Psbt::Parse(bad_magic).ok());
  EXPECT_FALSE(Psbt::FromBase64("cHNidP8=!").ok());
  // A transaction with a scriptSig cannot be a PSBT's unsigned transaction.
  Tx t = f.tx;
  t.vin[0].script_sig = {OP_1};
  EXPECT_FALSE(Psbt::Create(t).ok());
  // A non-witness UTXO that does not match the prevout.
  Psbt q = Updated(f);
  Tx wrong;
  wrong.vin.resize(1);
  wrong.vout.resize(3);
  q.SetNonWitnessUtxo(2, wrong);
  EXPECT_FALSE(Psbt::Parse(q.Serialize()).ok());
  // Typed keys with the wrong key data (cases of BIP174's invalid list).
  for (uint8_t type : {psbt::kInWitnessUtxo, psbt::kInSighashType, psbt::kInRedeemScript,
                       psbt::kInWitnessScript, psbt::kInFinalScriptSig, psbt::kInTapKeySig,
                       psbt::kInTapInternalKey, psbt::kInTapMerkleRoot}) {
    Psbt r = Updated(f);
    Psbt::Set(r.inputs[0], type, Bytes{0x01}, Bytes(32, 0x02));
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok()) << int(type);
  }
  {
    Psbt r = Updated(f);
    Psbt::Set(r.inputs[0], psbt::kInBip32Derivation, Bytes(33, 0x07), Bytes(8, 0));  // bad pubkey
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok());
    r = Updated(f);
    Psbt::Set(r.inputs[0], psbt::kInPartialSig, Bytes(32, 0x02), Bytes(71, 0x30));  // short key
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok());
    r = Updated(f);
    Psbt::Set(r.inputs[0], psbt::kInTapKeySig, {}, Bytes(63, 1));  // wrong length
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok());
    r = Updated(f);
    Psbt::Set(r.outputs[0], psbt::kOutRedeemScript, Bytes{1}, Bytes{OP_1});
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok());
    r = Updated(f);
    Psbt::Set(r.outputs[0], psbt::kOutTapInternalKey, {}, Bytes(31, 1));
    EXPECT_FALSE(Psbt::Parse(r.Serialize()).ok());
    // Unknown types are carried through unchanged.
    r = Updated(f);
    Psbt::Set(r.inputs[0], 0xee, Bytes{1, 2}, Bytes{3});
    auto kept = Psbt::Parse(r.Serialize());
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->Serialize(), r.Serialize());
  }
  // Duplicate keys.
  Bytes dup = {0x70, 0x73, 0x62, 0x74, 0xff};
  Bytes utx = SerializeTx(Tx{}, false);
  for (int i = 0; i < 2; ++i) {
    dup.push_back(1);
    dup.push_back(0);
    dup.push_back(static_cast<uint8_t>(utx.size()));
    dup.insert(dup.end(), utx.begin(), utx.end());
  }
  dup.push_back(0);
  EXPECT_FALSE(Psbt::Parse(dup).ok());
}

TEST(Psbt, Base64) {
  EXPECT_EQ(Base64Encode(AsBytes("psbt")), "cHNidA==");
  EXPECT_EQ(AsString(*Base64Decode("cHNidA==")), "psbt");
  EXPECT_FALSE(Base64Decode("cHN=idA=").ok());
  EXPECT_FALSE(Base64Decode("abc").ok());
}

}  // namespace
}  // namespace entangle::bitcoin
