// Block headers: compact targets, proof of work, difficulty retargeting (mainnet and regtest
// rules), cumulative chain work, a header tree that follows the most-work chain through reorgs, and
// SPV Merkle inclusion proofs.
#ifndef ENTANGLE_CHAINS_BITCOIN_HEADERS_H_
#define ENTANGLE_CHAINS_BITCOIN_HEADERS_H_

#include <absl/container/flat_hash_map.h>
#include <absl/status/statusor.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "chains/bitcoin/address.h"
#include "chains/bitcoin/tx.h"

namespace entangle::bitcoin {

// Unsigned 256-bit integers for targets and work (Bitcoin Core's arith_uint256 semantics).
struct U256 {
  std::array<uint64_t, 4> w{};  // little-endian limbs

  static U256 FromHash(const Hash32& h);  // a block hash (internal byte order) as a number
  static U256 FromHex(std::string_view be_hex);
  std::string ToHex() const;  // big-endian, 64 digits
  bool IsZero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  int Compare(const U256& o) const;
  bool operator<(const U256& o) const { return Compare(o) < 0; }
  bool operator>(const U256& o) const { return Compare(o) > 0; }
  bool operator<=(const U256& o) const { return Compare(o) <= 0; }
  bool operator==(const U256& o) const { return w == o.w; }
  U256 operator+(const U256& o) const;
  U256 operator~() const;
  U256 MulU64(uint64_t m, bool* overflow = nullptr) const;
  U256 DivU64(uint64_t d) const;
  U256 Div(const U256& d) const;  // d != 0
  int Bits() const;
};

// SetCompact / GetCompact.
U256 CompactToTarget(uint32_t bits, bool* negative = nullptr, bool* overflow = nullptr);
uint32_t TargetToCompact(const U256& target);
// 2^256 / (target + 1); zero for invalid bits.
U256 BlockWork(uint32_t bits);

struct PowParams {
  Network network;
  U256 pow_limit;
  int64_t target_timespan = 14 * 24 * 60 * 60;
  int64_t target_spacing = 10 * 60;
  bool allow_min_difficulty = false;
  bool no_retargeting = false;
  Hash32 genesis_hash{};  // internal order
  BlockHeader genesis;
  int64_t Interval() const { return target_timespan / target_spacing; }
};
// Mainnet, testnet3 (20-minute minimum-difficulty rule) and regtest. Testnet4 (BIP94) and signet
// (block signatures) are not modelled: other networks get mainnet's parameters.
const PowParams& PowParamsFor(Network n);

// The retarget at the end of a period: last block's bits/time and the period's first block time.
uint32_t CalculateNextWorkRequired(uint32_t last_bits, int64_t last_time, int64_t first_time,
                                   const PowParams& params);

absl::Status CheckProofOfWork(const Hash32& hash, uint32_t bits, const PowParams& params);

// A tree of validated headers; the best chain is the one with the most cumulative work.
class HeaderChain {
 public:
  // Anchors the tree at a trusted header with its height. `period_start_time` is the timestamp of
  // the first block of the anchor's retarget period (needed to validate the next retarget on
  // networks that retarget; 0 if unknown). `anchor_work` is the anchor's cumulative work (zero if
  // unknown: work is then counted from the anchor).
  HeaderChain(const PowParams& params, const BlockHeader& anchor, uint32_t anchor_height,
              uint32_t period_start_time = 0, U256 anchor_work = U256());

  struct Entry {
    BlockHeader header;
    Hash32 hash;
    uint32_t height;
    U256 chain_work;
    Hash32 prev;
  };

  // Validates linkage, PoW, the required difficulty and the median-time-past rule, then adds the
  // header. Returns true if it became the new tip (a reorg when it does not extend the old tip).
  absl::StatusOr<bool> Add(const BlockHeader& h);

  const Entry& Tip() const { return entries_.at(tip_); }
  const Entry* Find(const Hash32& hash) const;
  // Hash of the best-chain block at `height` (NotFound outside [anchor, tip]).
  absl::StatusOr<Hash32> HashAtHeight(uint32_t height) const;
  // The last common block of the best chain and the block `hash` (for reorg handling).
  absl::StatusOr<Hash32> ForkPoint(const Hash32& hash) const;
  size_t size() const { return entries_.size(); }

  // The `bits` a child of `prev` with timestamp `time` must carry.
  absl::StatusOr<uint32_t> NextWorkRequired(const Entry& prev, uint32_t time) const;

 private:
  struct H {
    size_t operator()(const Hash32& h) const {
      size_t v;
      std::memcpy(&v, h.data(), sizeof(v));
      return v;
    }
  };
  const Entry* Ancestor(const Entry* e, uint32_t height) const;
  int64_t MedianTimePast(const Entry& e) const;

  const PowParams& params_;
  absl::flat_hash_map<Hash32, Entry, H> entries_;
  Hash32 anchor_;
  uint32_t period_start_time_;
  Hash32 tip_;
};

// SPV Merkle proofs: the siblings from the leaf up and the leaf's index.
struct MerkleProof {
  uint32_t index = 0;
  std::vector<Hash32> siblings;
};
absl::StatusOr<MerkleProof> BuildMerkleProof(const std::vector<Hash32>& txids, uint32_t index);
Hash32 MerkleRootFromProof(const Hash32& leaf, const MerkleProof& proof);

// The inclusion proof format of the plugin's VerifyDeposit:
//   raw transaction (no witness) || CompactSize n || n x 32-byte siblings || u32 LE index.
Bytes SerializeInclusionProof(const Tx& tx, const MerkleProof& proof);
struct InclusionProof {
  Tx tx;
  MerkleProof proof;
};
absl::StatusOr<InclusionProof> ParseInclusionProof(ByteView raw);
// Checks the transaction is committed by `header`'s Merkle root (rejecting 64-byte transactions,
// which could be confused with inner nodes).
absl::Status VerifyInclusion(const InclusionProof& p, const BlockHeader& header);

}  // namespace entangle::bitcoin

#endif  // ENTANGLE_CHAINS_BITCOIN_HEADERS_H_
