// An in-process Bitcoin regtest chain for tests and `entangle devnet`.
//
// - Blocks: regtest proof of work (mined here), BIP34 heights in coinbases, BIP141 witness
//   commitments, Merkle roots, weight and sigop-cost limits, subsidy (halving every 150 blocks)
//   plus fees.
// - Transactions: Bitcoin Core's CheckTransaction, inputs exist and are unspent, amounts,
//   coinbase maturity (100), locktime finality (height / median time past), BIP68 sequence locks,
//   and every input's scripts through our interpreter (consensus flags for blocks, the standard
//   policy flags for the mempool; a signature cache spares blocks re-verifying what the mempool
//   checked, and a block's scripts are verified in parallel on the thread pool).
// - The UTXO set, blocks, undo data and the transaction index live in RocksDB.
// - The best chain is the one with the most work: SubmitBlock() on a heavier branch reorganizes
//   (disconnecting with undo data, reconnecting, returning transactions to the mempool);
//   InvalidateBlock / ReconsiderBlock force reorgs the way bitcoind's RPCs of those names do.
// Thread-safe: one mutex around the state (the RPC server calls in from its threads).
#ifndef ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_H_
#define ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_H_

#include <absl/status/statusor.h>
#include <absl/synchronization/mutex.h>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chains/bitcoin/headers.h"
#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/tx.h"

namespace rocksdb {
class DB;
}

namespace entangle::bitcoin::devchain {

struct Coin {
  TxOut out;
  uint32_t height = 0;
  bool coinbase = false;
};

struct BlockInfo {
  Block block;
  Hash32 hash{};
  uint32_t height = 0;
  bool in_best_chain = false;
  U256 chain_work;
  int64_t median_time_past = 0;
  std::optional<Hash32> next;  // next block in the best chain
};

struct TxInfo {
  Tx tx;
  std::optional<Hash32> block;  // none: in the mempool
  uint32_t block_height = 0;
  uint32_t block_time = 0;
  uint32_t confirmations = 0;
};

struct AcceptResult {
  Hash32 txid{};
  Hash32 wtxid{};
  int64_t fee = 0;
  size_t vsize = 0;
};

// Errors carry Bitcoin Core's reject reasons ("bad-txns-inputs-missingorspent", ...).
class Devchain {
 public:
  // `db_path` empty: a fresh temporary folder, removed when the chain is destroyed.
  static absl::StatusOr<std::unique_ptr<Devchain>> Open(const std::string& db_path = "");
  ~Devchain();

  uint32_t Height() const;
  Hash32 TipHash() const;
  U256 TipWork() const;
  absl::StatusOr<Hash32> BlockHashAt(uint32_t height) const;
  absl::StatusOr<BlockInfo> GetBlock(const Hash32& hash) const;
  absl::StatusOr<TxInfo> GetTransaction(const Hash32& txid) const;
  std::optional<Coin> GetCoin(const OutPoint& p, bool include_mempool) const;
  std::vector<Hash32> MempoolTxids() const;
  int64_t MedianTimePast() const;

  absl::StatusOr<AcceptResult> TestAccept(const Tx& tx) const;
  absl::StatusOr<AcceptResult> SubmitTx(const Tx& tx);

  // Mines `n` blocks on the tip paying `script_pubkey`, including the mempool.
  absl::StatusOr<std::vector<Hash32>> Generate(uint32_t n, const Bytes& script_pubkey);
  // Builds and mines (without submitting) a block on `parent` with exactly these transactions.
  absl::StatusOr<Block> MineBlock(const Hash32& parent, const Bytes& script_pubkey,
                                  const std::vector<Tx>& txs, uint32_t time) const;
  // Validates and stores a block; reorganizes when its branch has more work.
  absl::Status SubmitBlock(const Block& block);
  // bitcoind's invalidateblock / reconsiderblock: mark a block (and so its descendants) invalid and
  // move to the best remaining chain, or clear the mark and move back if that chain is best.
  absl::Status InvalidateBlock(const Hash32& hash);
  absl::Status ReconsiderBlock(const Hash32& hash);

 private:
  struct Index {
    BlockHeader header;
    Hash32 hash;
    uint32_t height;
    U256 work;
    bool invalid = false;
  };
  struct MempoolEntry {
    Tx tx;
    AcceptResult info;
  };

  Devchain() = default;
  absl::Status Init(const std::string& path, bool temporary);
  // Unlocked internals.
  absl::StatusOr<AcceptResult> CheckForMempool(const Tx& tx) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  std::optional<Coin> CoinFromDb(const OutPoint& p) const;
  absl::Status ConnectTip(const Block& block) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::vector<Tx>> DisconnectTip() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Switches the best chain to end at `target` (rolling back on failure); disconnected
  // transactions are appended to `returned`.
  absl::Status ReorganizeTo(const Hash32& target, std::vector<Tx>* returned)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Hash32 BestValidTip() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::StatusOr<Block> ReadBlock(const Hash32& hash) const;
  int64_t MtpOf(const Hash32& hash) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  absl::Status CheckHeader(const BlockHeader& h, const Index& prev) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void AddToMempool(const Tx& tx, const AcceptResult& r) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void RemoveFromMempool(const Hash32& txid) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ResyncMempool(std::vector<Tx> returned) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<Block> MineBlockLocked(const Hash32& parent, const Bytes& spk,
                                        const std::vector<Tx>& txs, uint32_t time) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  mutable SignatureCache sig_cache_;  // internally synchronized
  mutable std::atomic<uint32_t> extra_nonce_{0};
  std::unique_ptr<rocksdb::DB> db_;
  std::string path_;
  bool temporary_ = false;
  std::map<Hash32, Index> index_ ABSL_GUARDED_BY(mu_);
  std::vector<Hash32> chain_ ABSL_GUARDED_BY(mu_);  // best chain by height
  std::map<Hash32, MempoolEntry> mempool_ ABSL_GUARDED_BY(mu_);
  std::vector<Hash32> mempool_order_ ABSL_GUARDED_BY(mu_);  // arrival order (parents first)
  std::map<OutPoint, Hash32> mempool_spends_ ABSL_GUARDED_BY(mu_);
};

// Regtest block subsidy at `height`.
int64_t Subsidy(uint32_t height);

}  // namespace entangle::bitcoin::devchain

#endif  // ENTANGLE_CHAINS_BITCOIN_DEVCHAIN_DEVCHAIN_H_
