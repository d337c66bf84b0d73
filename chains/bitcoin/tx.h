// Bitcoin transactions, block headers and blocks: the consensus serialization (legacy and BIP144
// segwit), txid / wtxid, block hash and the transaction Merkle root.
#ifndef ENTANGLE_CHAINS_BITCOIN_TX_H_
#define ENTANGLE_CHAINS_BITCOIN_TX_H_

#include <absl/status/statusor.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/sha.h"
#include "entangle/types.h"

namespace entangle::bitcoin {

inline constexpr uint32_t kSequenceFinal = 0xffffffff;
inline constexpr int64_t kCoin = 100000000;
inline constexpr int64_t kMaxMoney = 21000000 * kCoin;
// Bitcoin Core's MAX_SIZE for a vector length read from the wire.
inline constexpr uint64_t kMaxVectorSize = 0x02000000;

struct OutPoint {
  Hash32 txid{};  // internal byte order (as serialized)
  uint32_t n = 0xffffffff;
  bool IsNull() const;
  bool operator==(const OutPoint&) const = default;
  bool operator<(const OutPoint& o) const { return txid != o.txid ? txid < o.txid : n < o.n; }
};

struct TxIn {
  OutPoint prevout;
  Bytes script_sig;
  uint32_t sequence = kSequenceFinal;
  std::vector<Bytes> witness;
};

struct TxOut {
  int64_t value = -1;
  Bytes script_pubkey;
};

struct Tx {
  uint32_t version = 2;
  std::vector<TxIn> vin;
  std::vector<TxOut> vout;
  uint32_t locktime = 0;

  bool HasWitness() const;
  bool IsCoinbase() const { return vin.size() == 1 && vin[0].prevout.IsNull(); }
};

// Serialization. `with_witness` uses the BIP144 format when any input has a witness.
void AppendTx(Bytes& out, const Tx& tx, bool with_witness = true);
Bytes SerializeTx(const Tx& tx, bool with_witness = true);
void AppendTxOut(Bytes& out, const TxOut& o);
void AppendOutPoint(Bytes& out, const OutPoint& p);

// Parses a transaction at `*offset` (advanced past it), exactly as Bitcoin Core's deserializer:
// BIP144 marker/flag, "superfluous witness record", unknown optional data, size limits.
absl::StatusOr<Tx> ReadTx(ByteView in, size_t* offset);
// Parses a whole buffer as one transaction (trailing bytes are an error).
absl::StatusOr<Tx> ParseTx(ByteView raw);
absl::StatusOr<Tx> ParseTxHex(std::string_view hex);

Hash32 Txid(const Tx& tx);   // internal order
Hash32 Wtxid(const Tx& tx);  // internal order
// Display form (reversed hex) and back.
std::string HashToDisplay(const Hash32& h);
absl::StatusOr<Hash32> HashFromDisplay(std::string_view hex);

// Virtual size/weight per BIP141.
size_t TxWeight(const Tx& tx);

// Context-free checks of Bitcoin Core's CheckTransaction (empty vin/vout, size, amounts, duplicate
// inputs, coinbase script size, null prevouts).
absl::Status CheckTransaction(const Tx& tx);

struct BlockHeader {
  int32_t version = 4;
  Hash32 prev_hash{};
  Hash32 merkle_root{};
  uint32_t time = 0;
  uint32_t bits = 0;
  uint32_t nonce = 0;

  Bytes Serialize() const;  // 80 bytes
  Hash32 Hash() const;      // internal order
};

absl::StatusOr<BlockHeader> ParseHeader(ByteView raw);  // exactly 80 bytes

struct Block {
  BlockHeader header;
  std::vector<Tx> txs;
};

Bytes SerializeBlock(const Block& block, bool with_witness = true);
absl::StatusOr<Block> ParseBlock(ByteView raw);

// Merkle root of a list of hashes (Bitcoin's: last element duplicated on odd levels). `mutated`
// reports a duplicated pair (CVE-2012-2459).
Hash32 MerkleRoot(std::vector<Hash32> leaves, bool* mutated = nullptr);
Hash32 BlockMerkleRoot(const Block& block, bool* mutated = nullptr);
// BIP141 witness commitment root (coinbase wtxid taken as zero).
Hash32 BlockWitnessMerkleRoot(const Block& block);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_TX_H_
