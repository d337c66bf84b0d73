#include "chains/bitcoin/tx.h"

#include <algorithm>
#include <set>

#include "common/bytes.h"
#include "common/endian.h"
#include "common/status.h"
#include "common/varint.h"

namespace entangle::bitcoin {
namespace {

template <typename T>
void PutLe(Bytes& out, T v) {
  uint8_t b[sizeof(T)];
  StoreLe<T>(b, v);
  out.insert(out.end(), b, b + sizeof(T));
}

void AppendVarBytes(Bytes& out, ByteView b) {
  AppendCompactSize(out, b.size());
  out.insert(out.end(), b.begin(), b.end());
}

// A bounds-checked reader; every error names what was being read.
struct Reader {
  ByteView in;
  size_t* pos;

  template <typename T>
  absl::StatusOr<T> Le(const char* what) {
    if (in.size() - *pos < sizeof(T)) {
      return absl::InvalidArgumentError(std::string("truncated ") + what + " at offset " +
                                        std::to_string(*pos));
    }
    T v = LoadLe<T>(&in[*pos]);
    *pos += sizeof(T);
    return v;
  }
  absl::StatusOr<uint64_t> Size(const char* what) {
    auto n = ReadCompactSize(in, pos);
    if (!n.ok()) {
      return absl::InvalidArgumentError(std::string(what) + ": " +
                                        std::string(n.status().message()));
    }
    if (*n > kMaxVectorSize) {
      return absl::InvalidArgumentError(std::string(what) + ": size too large");
    }
    return *n;
  }
  absl::StatusOr<Bytes> VarBytes(const char* what) {
    ASSIGN_OR_RETURN(uint64_t n, Size(what));
    if (in.size() - *pos < n) {
      return absl::InvalidArgumentError(std::string("truncated ") + what + " at offset " +
                                        std::to_string(*pos));
    }
    Bytes b(in.begin() + *pos, in.begin() + *pos + n);
    *pos += n;
    return b;
  }
  absl::StatusOr<Hash32> H32(const char* what) {
    if (in.size() - *pos < 32) {
      return absl::InvalidArgumentError(std::string("truncated ") + what);
    }
    Hash32 h;
    std::copy(in.begin() + *pos, in.begin() + *pos + 32, h.begin());
    *pos += 32;
    return h;
  }
};

absl::StatusOr<std::vector<TxIn>> ReadInputs(Reader& r) {
  ASSIGN_OR_RETURN(uint64_t n, r.Size("input count"));
  std::vector<TxIn> vin;
  vin.reserve(std::min<uint64_t>(n, 1024));
  for (uint64_t i = 0; i < n; ++i) {
    TxIn in;
    ASSIGN_OR_RETURN(in.prevout.txid, r.H32("prevout txid"));
    ASSIGN_OR_RETURN(in.prevout.n, r.Le<uint32_t>("prevout index"));
    ASSIGN_OR_RETURN(in.script_sig, r.VarBytes("scriptSig"));
    ASSIGN_OR_RETURN(in.sequence, r.Le<uint32_t>("sequence"));
    vin.push_back(std::move(in));
  }
  return vin;
}

absl::StatusOr<std::vector<TxOut>> ReadOutputs(Reader& r) {
  ASSIGN_OR_RETURN(uint64_t n, r.Size("output count"));
  std::vector<TxOut> vout;
  vout.reserve(std::min<uint64_t>(n, 1024));
  for (uint64_t i = 0; i < n; ++i) {
    TxOut o;
    ASSIGN_OR_RETURN(o.value, r.Le<int64_t>("output value"));
    ASSIGN_OR_RETURN(o.script_pubkey, r.VarBytes("scriptPubKey"));
    vout.push_back(std::move(o));
  }
  return vout;
}

}  // namespace

bool OutPoint::IsNull() const {
  return n == 0xffffffff && std::all_of(txid.begin(), txid.end(), [](uint8_t b) { return b == 0; });
}

bool Tx::HasWitness() const {
  for (const auto& in : vin)
    if (!in.witness.empty()) return true;
  return false;
}

void AppendOutPoint(Bytes& out, const OutPoint& p) {
  out.insert(out.end(), p.txid.begin(), p.txid.end());
  PutLe<uint32_t>(out, p.n);
}

void AppendTxOut(Bytes& out, const TxOut& o) {
  PutLe<int64_t>(out, o.value);
  AppendVarBytes(out, o.script_pubkey);
}

void AppendTx(Bytes& out, const Tx& tx, bool with_witness) {
  const bool witness = with_witness && tx.HasWitness();
  PutLe<uint32_t>(out, tx.version);
  if (witness) {
    out.push_back(0x00);
    out.push_back(0x01);
  }
  AppendCompactSize(out, tx.vin.size());
  for (const auto& in : tx.vin) {
    AppendOutPoint(out, in.prevout);
    AppendVarBytes(out, in.script_sig);
    PutLe<uint32_t>(out, in.sequence);
  }
  AppendCompactSize(out, tx.vout.size());
  for (const auto& o : tx.vout) AppendTxOut(out, o);
  if (witness) {
    for (const auto& in : tx.vin) {
      AppendCompactSize(out, in.witness.size());
      for (const auto& item : in.witness) AppendVarBytes(out, item);
    }
  }
  PutLe<uint32_t>(out, tx.locktime);
}

Bytes SerializeTx(const Tx& tx, bool with_witness) {
  Bytes out;
  out.reserve(256);
  AppendTx(out, tx, with_witness);
  return out;
}

absl::StatusOr<Tx> ReadTx(ByteView in, size_t* offset) {
  Reader r{in, offset};
  Tx tx;
  ASSIGN_OR_RETURN(tx.version, r.Le<uint32_t>("version"));
  uint8_t flags = 0;
  ASSIGN_OR_RETURN(tx.vin, ReadInputs(r));
  if (tx.vin.empty()) {
    // Either the BIP144 marker or a transaction without inputs.
    ASSIGN_OR_RETURN(flags, r.Le<uint8_t>("segwit flag"));
    if (flags != 0) {
      ASSIGN_OR_RETURN(tx.vin, ReadInputs(r));
      ASSIGN_OR_RETURN(tx.vout, ReadOutputs(r));
    }
  } else {
    ASSIGN_OR_RETURN(tx.vout, ReadOutputs(r));
  }
  if (flags & 1) {
    flags ^= 1;
    for (auto& txin : tx.vin) {
      ASSIGN_OR_RETURN(uint64_t n, r.Size("witness item count"));
      txin.witness.reserve(std::min<uint64_t>(n, 1024));
      for (uint64_t i = 0; i < n; ++i) {
        ASSIGN_OR_RETURN(Bytes item, r.VarBytes("witness item"));
        txin.witness.push_back(std::move(item));
      }
    }
    if (!tx.HasWitness()) return absl::InvalidArgumentError("superfluous witness record");
  }
  if (flags != 0) return absl::InvalidArgumentError("unknown transaction optional data");
  ASSIGN_OR_RETURN(tx.locktime, r.Le<uint32_t>("locktime"));
  return tx;
}

absl::StatusOr<Tx> ParseTx(ByteView raw) {
  size_t pos = 0;
  ASSIGN_OR_RETURN(Tx tx, ReadTx(raw, &pos));
  if (pos != raw.size()) {
    return absl::InvalidArgumentError("transaction has " + std::to_string(raw.size() - pos) +
                                      " trailing bytes");
  }
  return tx;
}

absl::StatusOr<Tx> ParseTxHex(std::string_view hex) {
  ASSIGN_OR_RETURN(Bytes raw, FromHex(hex));
  return ParseTx(raw);
}

Hash32 Txid(const Tx& tx) { return Sha256d(SerializeTx(tx, false)); }
Hash32 Wtxid(const Tx& tx) { return Sha256d(SerializeTx(tx, true)); }

std::string HashToDisplay(const Hash32& h) {
  Hash32 r;
  std::reverse_copy(h.begin(), h.end(), r.begin());
  return ToHex(r);
}

absl::StatusOr<Hash32> HashFromDisplay(std::string_view hex) {
  ASSIGN_OR_RETURN(Hash32 h, FixedFromHex<32>(hex));
  std::reverse(h.begin(), h.end());
  return h;
}

size_t TxWeight(const Tx& tx) {
  return SerializeTx(tx, false).size() * 3 + SerializeTx(tx, true).size();
}

absl::Status CheckTransaction(const Tx& tx) {
  if (tx.vin.empty()) return absl::InvalidArgumentError("bad-txns-vin-empty");
  if (tx.vout.empty()) return absl::InvalidArgumentError("bad-txns-vout-empty");
  if (SerializeTx(tx, false).size() * 4 > 4000000) {
    return absl::InvalidArgumentError("bad-txns-oversize");
  }
  int64_t total = 0;
  for (const auto& o : tx.vout) {
    if (o.value < 0) return absl::InvalidArgumentError("bad-txns-vout-negative");
    if (o.value > kMaxMoney) return absl::InvalidArgumentError("bad-txns-vout-toolarge");
    total += o.value;
    if (total > kMaxMoney) return absl::InvalidArgumentError("bad-txns-txouttotal-toolarge");
  }
  std::set<OutPoint> seen;
  for (const auto& in : tx.vin) {
    if (!seen.insert(in.prevout).second) {
      return absl::InvalidArgumentError("bad-txns-inputs-duplicate");
    }
  }
  if (tx.IsCoinbase()) {
    size_t n = tx.vin[0].script_sig.size();
    if (n < 2 || n > 100) return absl::InvalidArgumentError("bad-cb-length");
  } else {
    for (const auto& in : tx.vin) {
      if (in.prevout.IsNull()) return absl::InvalidArgumentError("bad-txns-prevout-null");
    }
  }
  return absl::OkStatus();
}

Bytes BlockHeader::Serialize() const {
  Bytes out;
  out.reserve(80);
  PutLe<int32_t>(out, version);
  out.insert(out.end(), prev_hash.begin(), prev_hash.end());
  out.insert(out.end(), merkle_root.begin(), merkle_root.end());
  PutLe<uint32_t>(out, time);
  PutLe<uint32_t>(out, bits);
  PutLe<uint32_t>(out, nonce);
  return out;
}

Hash32 BlockHeader::Hash() const { return Sha256d(Serialize()); }

absl::StatusOr<BlockHeader> ParseHeader(ByteView raw) {
  if (raw.size() != 80) {
    return absl::InvalidArgumentError("block header must be 80 bytes, got " +
                                      std::to_string(raw.size()));
  }
  BlockHeader h;
  h.version = LoadLe<int32_t>(&raw[0]);
  std::copy(raw.begin() + 4, raw.begin() + 36, h.prev_hash.begin());
  std::copy(raw.begin() + 36, raw.begin() + 68, h.merkle_root.begin());
  h.time = LoadLe<uint32_t>(&raw[68]);
  h.bits = LoadLe<uint32_t>(&raw[72]);
  h.nonce = LoadLe<uint32_t>(&raw[76]);
  return h;
}

Bytes SerializeBlock(const Block& block, bool with_witness) {
  Bytes out = block.header.Serialize();
  AppendCompactSize(out, block.txs.size());
  for (const auto& tx : block.txs) AppendTx(out, tx, with_witness);
  return out;
}

absl::StatusOr<Block> ParseBlock(ByteView raw) {
  if (raw.size() < 80) return absl::InvalidArgumentError("block shorter than its header");
  Block b;
  ASSIGN_OR_RETURN(b.header, ParseHeader(raw.subspan(0, 80)));
  size_t pos = 80;
  Reader r{raw, &pos};
  ASSIGN_OR_RETURN(uint64_t n, r.Size("block transaction count"));
  for (uint64_t i = 0; i < n; ++i) {
    auto tx = ReadTx(raw, &pos);
    if (!tx.ok()) {
      return absl::InvalidArgumentError("block transaction " + std::to_string(i) + ": " +
                                        std::string(tx.status().message()));
    }
    b.txs.push_back(std::move(*tx));
  }
  if (pos != raw.size()) return absl::InvalidArgumentError("trailing bytes after block");
  return b;
}

Hash32 MerkleRoot(std::vector<Hash32> level, bool* mutated) {
  bool mut = false;
  if (level.empty()) {
    if (mutated) *mutated = false;
    return Hash32{};
  }
  uint8_t buf[64];
  while (level.size() > 1) {
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      if (level[i] == level[i + 1]) mut = true;
    }
    if (level.size() & 1) level.push_back(level.back());
    for (size_t i = 0; i < level.size() / 2; ++i) {
      std::copy(level[2 * i].begin(), level[2 * i].end(), buf);
      std::copy(level[2 * i + 1].begin(), level[2 * i + 1].end(), buf + 32);
      level[i] = Sha256d(ByteView(buf, 64));
    }
    level.resize(level.size() / 2);
  }
  if (mutated) *mutated = mut;
  return level[0];
}

Hash32 BlockMerkleRoot(const Block& block, bool* mutated) {
  std::vector<Hash32> leaves;
  leaves.reserve(block.txs.size());
  for (const auto& tx : block.txs) leaves.push_back(Txid(tx));
  return MerkleRoot(std::move(leaves), mutated);
}

Hash32 BlockWitnessMerkleRoot(const Block& block) {
  std::vector<Hash32> leaves;
  leaves.reserve(block.txs.size());
  for (size_t i = 0; i < block.txs.size(); ++i) {
    leaves.push_back(i == 0 ? Hash32{} : Wtxid(block.txs[i]));
  }
  return MerkleRoot(std::move(leaves));
}

}  // namespace entangle::bitcoin
