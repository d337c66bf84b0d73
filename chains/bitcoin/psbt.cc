#include "chains/bitcoin/psbt.h"

#include <algorithm>
#include <cstring>

#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/endian.h"
#include "common/sha.h"
#include "common/status.h"
#include "common/varint.h"

namespace entangle::bitcoin {
namespace {

constexpr uint8_t kMagic[5] = {0x70, 0x73, 0x62, 0x74, 0xff};

Bytes Key(uint8_t type, ByteView keydata = {}) {
  Bytes k = {type};
  k.insert(k.end(), keydata.begin(), keydata.end());
  return k;
}

void PutVar(Bytes& out, ByteView b) {
  AppendCompactSize(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

absl::StatusOr<Bytes> ReadVar(ByteView in, size_t* pos, const char* what) {
  auto n = ReadCompactSize(in, pos);
  if (!n.ok())
    return absl::InvalidArgumentError(std::string("psbt: ") + what + ": truncated length");
  if (*n > in.size() - *pos)
    return absl::InvalidArgumentError(std::string("psbt: truncated ") + what);
  Bytes b(in.begin() + *pos, in.begin() + *pos + *n);
  *pos += *n;
  return b;
}

absl::StatusOr<PsbtMap> ReadMap(ByteView in, size_t* pos, const std::string& where) {
  PsbtMap m;
  while (true) {
    if (*pos >= in.size())
      return absl::InvalidArgumentError("psbt: " + where + " map not terminated");
    ASSIGN_OR_RETURN(Bytes key, ReadVar(in, pos, "key"));
    if (key.empty()) return m;  // separator
    ASSIGN_OR_RETURN(Bytes value, ReadVar(in, pos, "value"));
    if (!m.emplace(std::move(key), std::move(value)).second) {
      return absl::InvalidArgumentError("psbt: duplicate key in " + where + " map");
    }
  }
}

void WriteMap(Bytes& out, const PsbtMap& m) {
  for (const auto& [k, v] : m) {
    PutVar(out, k);
    PutVar(out, v);
  }
  out.push_back(0x00);
}

absl::StatusOr<TxOut> ParseTxOut(ByteView v) {
  if (v.size() < 9) return absl::InvalidArgumentError("psbt: witness utxo too short");
  TxOut o;
  o.value = LoadLe<int64_t>(v.data());
  size_t pos = 8;
  ASSIGN_OR_RETURN(o.script_pubkey, ReadVar(v, &pos, "witness utxo script"));
  if (pos != v.size()) return absl::InvalidArgumentError("psbt: trailing bytes in witness utxo");
  return o;
}

absl::StatusOr<std::vector<Bytes>> ParseWitness(ByteView v) {
  size_t pos = 0;
  ASSIGN_OR_RETURN(uint64_t n, ReadCompactSize(v, &pos));
  if (n > v.size()) return absl::InvalidArgumentError("psbt: bad final witness");
  std::vector<Bytes> w;
  for (uint64_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(Bytes item, ReadVar(v, &pos, "witness item"));
    w.push_back(std::move(item));
  }
  if (pos != v.size()) return absl::InvalidArgumentError("psbt: trailing bytes in final witness");
  return w;
}

Bytes SerializeWitness(const std::vector<Bytes>& w) {
  Bytes out;
  AppendCompactSize(out, w.size());
  for (const auto& i : w) PutVar(out, i);
  return out;
}

bool IsP2tr(const Bytes& s) { return s.size() == 34 && s[0] == OP_1 && s[1] == 32; }
bool IsP2wpkh(const Bytes& s) { return s.size() == 22 && s[0] == OP_0 && s[1] == 20; }
bool IsP2pkh(const Bytes& s) {
  return s.size() == 25 && s[0] == OP_DUP && s[1] == OP_HASH160 && s[2] == 20 &&
         s[23] == OP_EQUALVERIFY && s[24] == OP_CHECKSIG;
}

absl::Status ValidateInput(const PsbtMap& m, const TxIn& txin, size_t index) {
  const std::string where = "input " + std::to_string(index) + ": ";
  for (const auto& [k, v] : m) {
    const uint8_t type = k[0];
    const size_t kd = k.size() - 1;
    auto bad = [&](const std::string& what) {
      return absl::InvalidArgumentError("psbt: " + where + what);
    };
    switch (type) {
      case psbt::kInNonWitnessUtxo: {
        if (kd != 0) return bad("non-witness utxo key has data");
        auto tx = ParseTx(v);
        if (!tx.ok()) return bad("non-witness utxo: " + std::string(tx.status().message()));
        if (Txid(*tx) != txin.prevout.txid)
          return bad("non-witness utxo does not match the prevout");
        if (txin.prevout.n >= tx->vout.size())
          return bad("prevout index beyond the utxo's outputs");
        break;
      }
      case psbt::kInWitnessUtxo:
        if (kd != 0) return bad("witness utxo key has data");
        if (!ParseTxOut(v).ok()) return bad("malformed witness utxo");
        break;
      case psbt::kInPartialSig:
        if ((kd != 33 && kd != 65) || !IsValidPubkey(ByteView(k).subspan(1))) {
          return bad("partial signature key is not a public key");
        }
        if (v.empty() || !IsValidSignatureEncoding(v)) return bad("partial signature is not DER");
        break;
      case psbt::kInSighashType:
        if (kd != 0 || v.size() != 4) return bad("malformed sighash type");
        break;
      case psbt::kInRedeemScript:
      case psbt::kInWitnessScript:
      case psbt::kInFinalScriptSig:
        if (kd != 0) return bad("script key has data");
        break;
      case psbt::kInFinalScriptWitness:
        if (kd != 0 || !ParseWitness(v).ok()) return bad("malformed final witness");
        break;
      case psbt::kInBip32Derivation:
        if ((kd != 33 && kd != 65) || !IsValidPubkey(ByteView(k).subspan(1))) {
          return bad("BIP32 derivation key is not a public key");
        }
        if (v.size() < 4 || v.size() % 4 != 0) return bad("malformed BIP32 derivation path");
        break;
      case psbt::kInTapBip32Derivation:
        if (kd != 32 || !IsValidXOnly(ByteView(k).subspan(1))) {
          return bad("taproot BIP32 derivation key is not an x-only key");
        }
        break;
      case psbt::kInTapKeySig:
        if (kd != 0 || (v.size() != 64 && v.size() != 65))
          return bad("malformed taproot key signature");
        break;
      case psbt::kInTapScriptSig:
        if (kd != 64 || (v.size() != 64 && v.size() != 65)) {
          return bad("malformed taproot script signature");
        }
        break;
      case psbt::kInTapLeafScript:
        if (kd < 33 || kd > 33 + 128 * 32 || (kd - 33) % 32 != 0)
          return bad("malformed control block");
        if (v.empty()) return bad("taproot leaf script without a leaf version");
        break;
      case psbt::kInTapInternalKey:
        if (kd != 0 || v.size() != 32 || !IsValidXOnly(v))
          return bad("malformed taproot internal key");
        break;
      case psbt::kInTapMerkleRoot:
        if (kd != 0 || v.size() != 32) return bad("malformed taproot merkle root");
        break;
      default:
        break;  // other known or unknown fields are carried as they are
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateOutput(const PsbtMap& m, size_t index) {
  for (const auto& [k, v] : m) {
    const std::string where = "psbt: output " + std::to_string(index) + ": ";
    const size_t kd = k.size() - 1;
    if ((k[0] == psbt::kOutRedeemScript || k[0] == psbt::kOutWitnessScript ||
         k[0] == psbt::kOutTapTree) &&
        kd != 0) {
      return absl::InvalidArgumentError(where + "script key has data");
    }
    if (k[0] == psbt::kOutBip32Derivation &&
        ((kd != 33 && kd != 65) || !IsValidPubkey(ByteView(k).subspan(1)) || v.size() < 4 ||
         v.size() % 4 != 0)) {
      return absl::InvalidArgumentError(where + "malformed BIP32 derivation");
    }
    if (k[0] == psbt::kOutTapBip32Derivation &&
        (kd != 32 || !IsValidXOnly(ByteView(k).subspan(1)))) {
      return absl::InvalidArgumentError(where + "malformed taproot BIP32 derivation");
    }
    if (k[0] == psbt::kOutTapInternalKey && (k.size() != 1 || v.size() != 32 || !IsValidXOnly(v))) {
      return absl::InvalidArgumentError(where + "malformed taproot internal key");
    }
    if (k[0] == psbt::kOutTapTree) {
      size_t pos = 0;
      if (v.empty()) return absl::InvalidArgumentError(where + "empty taproot tree");
      while (pos < v.size()) {
        if (v.size() - pos < 2) return absl::InvalidArgumentError(where + "truncated taproot tree");
        if (v[pos] > 128) return absl::InvalidArgumentError(where + "taproot tree too deep");
        pos += 2;
        if (!ReadVar(v, &pos, "tap tree leaf").ok()) {
          return absl::InvalidArgumentError(where + "truncated taproot tree leaf");
        }
      }
    }
  }
  return absl::OkStatus();
}

// Fields the finalizer keeps (BIP174): the UTXOs, the final fields, and anything it does not know.
bool KeptAfterFinalize(uint8_t type) {
  switch (type) {
    case psbt::kInPartialSig:
    case psbt::kInSighashType:
    case psbt::kInRedeemScript:
    case psbt::kInWitnessScript:
    case psbt::kInBip32Derivation:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case psbt::kInTapKeySig:
    case psbt::kInTapScriptSig:
    case psbt::kInTapLeafScript:
    case psbt::kInTapBip32Derivation:
    case psbt::kInTapInternalKey:
    case psbt::kInTapMerkleRoot:
      return false;
    default:
      return true;
  }
}

}  // namespace

std::string Base64Encode(ByteView d) {
  static constexpr char kA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((d.size() + 2) / 3 * 4);
  for (size_t i = 0; i < d.size(); i += 3) {
    uint32_t v = d[i] << 16;
    if (i + 1 < d.size()) v |= d[i + 1] << 8;
    if (i + 2 < d.size()) v |= d[i + 2];
    out += kA[(v >> 18) & 63];
    out += kA[(v >> 12) & 63];
    out += i + 1 < d.size() ? kA[(v >> 6) & 63] : '=';
    out += i + 2 < d.size() ? kA[v & 63] : '=';
  }
  return out;
}

absl::StatusOr<Bytes> Base64Decode(std::string_view s) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (s.size() % 4 != 0) return absl::InvalidArgumentError("base64 length is not a multiple of 4");
  Bytes out;
  for (size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = s[i + j];
      if (c == '=' && i + 4 == s.size() && j >= 2) {
        v[j] = 0;
        pad++;
      } else {
        if (pad) return absl::InvalidArgumentError("base64 padding in the middle");
        v[j] = val(c);
        if (v[j] < 0) return absl::InvalidArgumentError("invalid base64 character");
      }
    }
    uint32_t x = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out.push_back(static_cast<uint8_t>(x >> 16));
    if (pad < 2) out.push_back(static_cast<uint8_t>(x >> 8));
    if (pad < 1) out.push_back(static_cast<uint8_t>(x));
  }
  return out;
}

absl::StatusOr<Psbt> Psbt::Create(const Tx& unsigned_tx) {
  for (const auto& in : unsigned_tx.vin) {
    if (!in.script_sig.empty() || !in.witness.empty()) {
      return absl::InvalidArgumentError(
          "psbt: the unsigned transaction has scriptSigs or witnesses");
    }
  }
  Psbt p;
  p.tx = unsigned_tx;
  p.inputs.resize(unsigned_tx.vin.size());
  p.outputs.resize(unsigned_tx.vout.size());
  return p;
}

absl::StatusOr<Psbt> Psbt::Parse(ByteView raw) {
  if (raw.size() < 5 || !std::equal(kMagic, kMagic + 5, raw.begin())) {
    return absl::InvalidArgumentError("psbt: bad magic");
  }
  size_t pos = 5;
  ASSIGN_OR_RETURN(PsbtMap global, ReadMap(raw, &pos, "global"));
  auto it = global.find(Key(psbt::kGlobalUnsignedTx));
  if (it == global.end()) return absl::InvalidArgumentError("psbt: no unsigned transaction");
  auto tx = ParseTx(it->second);
  if (!tx.ok()) {
    return absl::InvalidArgumentError("psbt: unsigned transaction: " +
                                      std::string(tx.status().message()));
  }
  for (const auto& [k, v] : global) {
    if (k[0] == psbt::kGlobalUnsignedTx && k.size() != 1) {
      return absl::InvalidArgumentError("psbt: unsigned transaction key has data");
    }
    if (k[0] == psbt::kGlobalVersion) {
      if (k.size() != 1 || v.size() != 4)
        return absl::InvalidArgumentError("psbt: malformed version");
      if (LoadLe<uint32_t>(v.data()) != 0) {
        return absl::UnimplementedError("psbt: only version 0 is supported");
      }
    }
  }
  global.erase(it);
  ASSIGN_OR_RETURN(Psbt p, Create(*tx));
  p.global = std::move(global);
  for (size_t i = 0; i < p.tx.vin.size(); ++i) {
    ASSIGN_OR_RETURN(p.inputs[i], ReadMap(raw, &pos, "input " + std::to_string(i)));
    RETURN_IF_ERROR(ValidateInput(p.inputs[i], p.tx.vin[i], i));
  }
  for (size_t i = 0; i < p.tx.vout.size(); ++i) {
    ASSIGN_OR_RETURN(p.outputs[i], ReadMap(raw, &pos, "output " + std::to_string(i)));
    RETURN_IF_ERROR(ValidateOutput(p.outputs[i], i));
  }
  if (pos != raw.size()) return absl::InvalidArgumentError("psbt: trailing bytes");
  return p;
}

absl::StatusOr<Psbt> Psbt::FromBase64(std::string_view b64) {
  ASSIGN_OR_RETURN(Bytes raw, Base64Decode(b64));
  return Parse(raw);
}

Bytes Psbt::Serialize() const {
  Bytes out(kMagic, kMagic + 5);
  PsbtMap g = global;
  g[Key(psbt::kGlobalUnsignedTx)] = SerializeTx(tx, false);
  WriteMap(out, g);
  for (const auto& m : inputs) WriteMap(out, m);
  for (const auto& m : outputs) WriteMap(out, m);
  return out;
}

std::string Psbt::ToBase64() const { return Base64Encode(Serialize()); }

std::optional<Bytes> Psbt::Get(const PsbtMap& m, uint8_t type, ByteView keydata) const {
  auto it = m.find(Key(type, keydata));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

void Psbt::Set(PsbtMap& m, uint8_t type, ByteView keydata, ByteView value) {
  m[Key(type, keydata)] = Bytes(value.begin(), value.end());
}

void Psbt::SetWitnessUtxo(size_t in, const TxOut& out) {
  Bytes v;
  AppendTxOut(v, out);
  Set(inputs[in], psbt::kInWitnessUtxo, {}, v);
}

void Psbt::SetNonWitnessUtxo(size_t in, const Tx& prev) {
  Set(inputs[in], psbt::kInNonWitnessUtxo, {}, SerializeTx(prev, false));
}

void Psbt::SetTapInternalKey(size_t in, const Digest32& xonly) {
  Set(inputs[in], psbt::kInTapInternalKey, {}, xonly);
}

void Psbt::SetTapMerkleRoot(size_t in, const Digest32& root) {
  Set(inputs[in], psbt::kInTapMerkleRoot, {}, root);
}

void Psbt::AddTapLeafScript(size_t in, ByteView control, ByteView script, uint8_t leaf_version) {
  Bytes v(script.begin(), script.end());
  v.push_back(leaf_version);
  Set(inputs[in], psbt::kInTapLeafScript, control, v);
}

absl::StatusOr<TxOut> Psbt::SpentOutput(size_t in) const {
  if (in >= inputs.size()) return absl::OutOfRangeError("psbt: no such input");
  if (auto w = Get(inputs[in], psbt::kInWitnessUtxo)) return ParseTxOut(*w);
  if (auto nw = Get(inputs[in], psbt::kInNonWitnessUtxo)) {
    ASSIGN_OR_RETURN(Tx prev, ParseTx(*nw));
    if (tx.vin[in].prevout.n >= prev.vout.size()) {
      return absl::InvalidArgumentError("psbt: prevout index beyond the utxo's outputs");
    }
    return prev.vout[tx.vin[in].prevout.n];
  }
  return absl::FailedPreconditionError("psbt: input " + std::to_string(in) + " has no UTXO");
}

absl::StatusOr<int> Psbt::Sign(const Digest32& seckey, uint8_t default_type) {
  ASSIGN_OR_RETURN(Digest32 xonly, XOnlyFromSeckey(seckey));
  ASSIGN_OR_RETURN(Bytes pub, PubkeyFromSeckey(seckey, true));
  const Digest20 pkh = Hash160(pub);
  std::vector<TxOut> spent;
  bool all_known = true;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto o = SpentOutput(i);
    if (!o.ok()) {
      all_known = false;
      spent.push_back(TxOut{});
    } else {
      spent.push_back(*o);
    }
  }
  PrecomputedTxData data(tx, all_known ? spent : std::vector<TxOut>());
  int signed_count = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (spent[i].value < 0) continue;
    const Bytes& spk = spent[i].script_pubkey;
    uint32_t type = default_type;
    if (auto t = Get(inputs[i], psbt::kInSighashType)) type = LoadLe<uint32_t>(t->data());
    if (IsP2tr(spk)) {
      if (!all_known) {
        return absl::FailedPreconditionError("psbt: taproot signing needs every input's UTXO");
      }
      if (type > 0xff) return absl::InvalidArgumentError("psbt: bad taproot sighash type");
      const uint8_t ht = static_cast<uint8_t>(type);
      // Key path: the internal key is ours (TAP_INTERNAL_KEY, or BIP86 when absent).
      auto internal = Get(inputs[i], psbt::kInTapInternalKey);
      if (!internal || std::equal(internal->begin(), internal->end(), xonly.begin())) {
        std::optional<Digest32> root;
        if (auto r = Get(inputs[i], psbt::kInTapMerkleRoot)) {
          Digest32 rr;
          std::copy(r->begin(), r->end(), rr.begin());
          root = rr;
        }
        ASSIGN_OR_RETURN(TweakedKey tk, TaprootTweak(xonly, root));
        if (std::equal(tk.output_key.begin(), tk.output_key.end(), spk.begin() + 2)) {
          auto h = TaprootSighash(tx, i, ht, SigVersion::kTaproot, data, ExecutionData{});
          if (!h) return absl::InvalidArgumentError("psbt: taproot sighash failed (hash type?)");
          ASSIGN_OR_RETURN(Digest32 tsk, TaprootTweakSeckey(seckey, root));
          ASSIGN_OR_RETURN(Bytes sig, SignSchnorr(tsk, *h, TaggedHash("entangle/aux", *h)));
          if (ht != kSighashDefault) sig.push_back(ht);
          Set(inputs[i], psbt::kInTapKeySig, {}, sig);
          signed_count++;
        }
      }
      // Script path: every leaf that pushes our x-only key.
      for (const auto& [k, v] : inputs[i]) {
        if (k[0] != psbt::kInTapLeafScript) continue;
        Bytes script(v.begin(), v.end() - 1);
        const uint8_t ver = v.back();
        Bytes push = {32};
        push.insert(push.end(), xonly.begin(), xonly.end());
        if (std::search(script.begin(), script.end(), push.begin(), push.end()) == script.end())
          continue;
        ExecutionData ed;
        ed.tapleaf_hash = TapLeafHash(ver, script);
        ed.tapleaf_hash_init = true;
        auto h = TaprootSighash(tx, i, ht, SigVersion::kTapscript, data, ed);
        if (!h) return absl::InvalidArgumentError("psbt: tapscript sighash failed");
        ASSIGN_OR_RETURN(Bytes sig, SignSchnorr(seckey, *h, TaggedHash("entangle/aux", *h)));
        if (ht != kSighashDefault) sig.push_back(ht);
        Bytes keydata(xonly.begin(), xonly.end());
        keydata.insert(keydata.end(), ed.tapleaf_hash.begin(), ed.tapleaf_hash.end());
        Set(inputs[i], psbt::kInTapScriptSig, keydata, sig);
        signed_count++;
      }
      continue;
    }
    if (type == kSighashDefault) type = kSighashAll;
    if (IsP2wpkh(spk) && std::equal(pkh.begin(), pkh.end(), spk.begin() + 2)) {
      Digest32 h = SegwitV0Sighash(P2pkhScript(pkh), tx, i, static_cast<int32_t>(type),
                                   spent[i].value, &data);
      ASSIGN_OR_RETURN(Bytes sig, SignEcdsa(seckey, h));
      sig.push_back(static_cast<uint8_t>(type));
      Set(inputs[i], psbt::kInPartialSig, pub, sig);
      signed_count++;
    } else if (IsP2pkh(spk) && std::equal(pkh.begin(), pkh.end(), spk.begin() + 3)) {
      Digest32 h = LegacySighash(spk, tx, i, static_cast<int32_t>(type));
      ASSIGN_OR_RETURN(Bytes sig, SignEcdsa(seckey, h));
      sig.push_back(static_cast<uint8_t>(type));
      Set(inputs[i], psbt::kInPartialSig, pub, sig);
      signed_count++;
    }
  }
  return signed_count;
}

absl::Status Psbt::Combine(const Psbt& other) {
  if (Txid(tx) != Txid(other.tx))
    return absl::InvalidArgumentError("psbt: combining different transactions");
  auto merge = [](PsbtMap& into, const PsbtMap& from, const std::string& where) -> absl::Status {
    for (const auto& [k, v] : from) {
      auto [it, inserted] = into.emplace(k, v);
      if (!inserted && it->second != v) {
        // Signatures may legitimately differ (different nonces): keep ours; anything else
        // conflicts.
        if (k[0] == psbt::kInPartialSig || k[0] == psbt::kInTapKeySig ||
            k[0] == psbt::kInTapScriptSig) {
          continue;
        }
        return absl::InvalidArgumentError("psbt: conflicting values in " + where);
      }
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(merge(global, other.global, "global map"));
  for (size_t i = 0; i < inputs.size(); ++i) {
    RETURN_IF_ERROR(merge(inputs[i], other.inputs[i], "input " + std::to_string(i)));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    RETURN_IF_ERROR(merge(outputs[i], other.outputs[i], "output " + std::to_string(i)));
  }
  return absl::OkStatus();
}

absl::Status Psbt::Finalize() {
  for (size_t i = 0; i < inputs.size(); ++i) {
    PsbtMap& m = inputs[i];
    if (Get(m, psbt::kInFinalScriptSig) || Get(m, psbt::kInFinalScriptWitness)) continue;
    ASSIGN_OR_RETURN(TxOut prev, SpentOutput(i));
    const Bytes& spk = prev.script_pubkey;
    std::optional<std::vector<Bytes>> witness;
    std::optional<Bytes> script_sig;
    if (IsP2tr(spk)) {
      if (auto s = Get(m, psbt::kInTapKeySig)) {
        witness = std::vector<Bytes>{*s};
      } else {
        // The smallest satisfiable single-key leaf "<key> OP_CHECKSIG".
        for (const auto& [k, v] : m) {
          if (k[0] != psbt::kInTapLeafScript) continue;
          Bytes script(v.begin(), v.end() - 1);
          if (script.size() != 34 || script[0] != 32 || script[33] != OP_CHECKSIG) continue;
          Bytes keydata(script.begin() + 1, script.begin() + 33);
          Digest32 leaf = TapLeafHash(v.back(), script);
          keydata.insert(keydata.end(), leaf.begin(), leaf.end());
          auto sig = Get(m, psbt::kInTapScriptSig, keydata);
          if (!sig) continue;
          Bytes control(k.begin() + 1, k.end());
          if (!witness || control.size() < (*witness)[2].size()) {
            witness = std::vector<Bytes>{*sig, script, control};
          }
        }
      }
    } else if (IsP2wpkh(spk) || IsP2pkh(spk)) {
      const size_t off = IsP2wpkh(spk) ? 2 : 3;
      for (const auto& [k, v] : m) {
        if (k[0] != psbt::kInPartialSig) continue;
        Bytes pub(k.begin() + 1, k.end());
        Digest20 h = Hash160(pub);
        if (!std::equal(h.begin(), h.end(), spk.begin() + off)) continue;
        if (IsP2wpkh(spk)) {
          witness = std::vector<Bytes>{v, pub};
        } else {
          Bytes s;
          PushData(s, v);
          PushData(s, pub);
          script_sig = s;
        }
        break;
      }
    }
    if (!witness && !script_sig) {
      return absl::FailedPreconditionError("psbt: cannot finalize input " + std::to_string(i) +
                                           " (no usable signature for its script)");
    }
    for (auto it = m.begin(); it != m.end();) {
      it = KeptAfterFinalize(it->first[0]) ? std::next(it) : m.erase(it);
    }
    if (witness) Set(m, psbt::kInFinalScriptWitness, {}, SerializeWitness(*witness));
    if (script_sig) Set(m, psbt::kInFinalScriptSig, {}, *script_sig);
  }
  return absl::OkStatus();
}

bool Psbt::IsFinalized() const {
  for (const auto& m : inputs) {
    if (!Get(m, psbt::kInFinalScriptSig) && !Get(m, psbt::kInFinalScriptWitness)) return false;
  }
  return true;
}

absl::StatusOr<Tx> Psbt::Extract() const {
  Tx out = tx;
  std::vector<TxOut> spent;
  for (size_t i = 0; i < inputs.size(); ++i) {
    auto ss = Get(inputs[i], psbt::kInFinalScriptSig);
    auto sw = Get(inputs[i], psbt::kInFinalScriptWitness);
    if (!ss && !sw) {
      return absl::FailedPreconditionError("psbt: input " + std::to_string(i) +
                                           " is not finalized");
    }
    if (ss) out.vin[i].script_sig = *ss;
    if (sw) {
      ASSIGN_OR_RETURN(out.vin[i].witness, ParseWitness(*sw));
    }
    ASSIGN_OR_RETURN(TxOut prev, SpentOutput(i));
    spent.push_back(prev);
  }
  RETURN_IF_ERROR(VerifyTxScripts(out, spent, kStandardFlags));
  return out;
}

}  // namespace entangle::bitcoin
