#include "chains/bitcoin/devchain/devchain.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "chains/bitcoin/interpreter.h"
#include "chains/bitcoin/script.h"
#include "common/bytes.h"
#include "common/endian.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "common/varint.h"

namespace entangle::bitcoin::devchain {
namespace {

constexpr uint32_t kCoinbaseMaturity = 100;
constexpr size_t kMaxBlockWeight = 4000000;
constexpr size_t kMaxStandardTxWeight = 400000;
constexpr uint32_t kLocktimeThreshold = 500000000;

// The genesis coinbase (identical on every network).
constexpr char kGenesisTx[] =
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d"
    "0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f"
    "66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe"
    "5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7"
    "ba0b8d578a4c702b6bf11d5fac00000000";

std::string CoinKey(const OutPoint& p) {
  std::string k = "c";
  k.append(reinterpret_cast<const char*>(p.txid.data()), 32);
  uint8_t n[4];
  StoreBe<uint32_t>(n, p.n);
  k.append(reinterpret_cast<const char*>(n), 4);
  return k;
}

std::string HashKey(char prefix, const Hash32& h) {
  std::string k(1, prefix);
  k.append(reinterpret_cast<const char*>(h.data()), 32);
  return k;
}

void PutCoin(Bytes& out, const Coin& c) {
  uint8_t b[13];
  StoreLe<uint32_t>(b, c.height);
  b[4] = c.coinbase ? 1 : 0;
  StoreLe<int64_t>(b + 5, c.out.value);
  out.insert(out.end(), b, b + 13);
  AppendCompactSize(out, c.out.script_pubkey.size());
  Append(out, c.out.script_pubkey);
}

absl::StatusOr<Coin> ReadCoin(ByteView in, size_t* pos) {
  if (in.size() - *pos < 13) return absl::DataLossError("corrupt coin");
  Coin c;
  c.height = LoadLe<uint32_t>(in.data() + *pos);
  c.coinbase = in[*pos + 4] != 0;
  c.out.value = LoadLe<int64_t>(in.data() + *pos + 5);
  *pos += 13;
  ASSIGN_OR_RETURN(uint64_t n, ReadCompactSize(in, pos));
  if (in.size() - *pos < n) return absl::DataLossError("corrupt coin script");
  c.out.script_pubkey.assign(in.begin() + *pos, in.begin() + *pos + n);
  *pos += n;
  return c;
}

bool IsUnspendable(const Bytes& spk) {
  return (!spk.empty() && spk[0] == OP_RETURN) || spk.size() > kMaxScriptSize;
}

bool IsFinalTx(const Tx& tx, uint32_t height, int64_t block_time) {
  if (tx.locktime == 0) return true;
  const int64_t limit = tx.locktime < kLocktimeThreshold ? height : block_time;
  if (static_cast<int64_t>(tx.locktime) < limit) return true;
  for (const auto& in : tx.vin) {
    if (in.sequence != kSequenceFinal) return false;
  }
  return true;
}

Bytes WitnessCommitmentScript(const Hash32& commitment) {
  Bytes s = {OP_RETURN, 0x24, 0xaa, 0x21, 0xa9, 0xed};
  Append(s, commitment);
  return s;
}

Hash32 WitnessCommitment(const Block& b) {
  Hash32 root = BlockWitnessMerkleRoot(b);
  Bytes buf(root.begin(), root.end());
  buf.insert(buf.end(), 32, 0);  // the witness reserved value we use: 32 zero bytes
  return Sha256d(buf);
}

Bytes HeightPush(uint32_t height) {
  Bytes s;
  PushInt(s, height);
  return s;
}

absl::Status Reject(const std::string& reason) { return absl::InvalidArgumentError(reason); }

constexpr int64_t kMaxBlockSigopsCost = 80000;

// The last push of a push-only script (the P2SH redeem script), if any.
std::optional<Bytes> LastPush(const Bytes& script_sig) {
  size_t pc = 0;
  uint8_t op;
  ByteView data;
  std::optional<Bytes> last;
  while (pc < script_sig.size()) {
    if (!GetOp(script_sig, &pc, &op, &data) || op > OP_16) return std::nullopt;
    last = Bytes(data.begin(), data.end());
  }
  return last;
}

int64_t WitnessSigOps(int version, ByteView program, const std::vector<Bytes>& witness) {
  if (version != 0) return 0;
  if (program.size() == 20) return 1;
  if (program.size() == 32 && !witness.empty()) return SigOpCount(witness.back(), true);
  return 0;
}

// Bitcoin Core's GetTransactionSigOpCost (legacy x4, P2SH x4, witness x1).
int64_t SigOpCost(const Tx& tx, const std::vector<TxOut>& spent) {
  int64_t legacy = 0;
  for (const auto& in : tx.vin) legacy += SigOpCount(in.script_sig, false);
  for (const auto& o : tx.vout) legacy += SigOpCount(o.script_pubkey, false);
  int64_t cost = legacy * 4;
  if (tx.IsCoinbase()) return cost;
  for (size_t i = 0; i < tx.vin.size(); ++i) {
    const Bytes& spk = spent[i].script_pubkey;
    const Bytes& sig = tx.vin[i].script_sig;
    int version;
    ByteView program;
    if (IsPayToScriptHash(spk)) {
      if (auto redeem = LastPush(sig)) {
        cost += 4 * static_cast<int64_t>(SigOpCount(*redeem, true));
        if (IsWitnessProgram(*redeem, &version, &program)) {
          cost += WitnessSigOps(version, program, tx.vin[i].witness);
        }
      }
    } else if (IsWitnessProgram(spk, &version, &program)) {
      cost += WitnessSigOps(version, program, tx.vin[i].witness);
    }
  }
  return cost;
}

// Context-free block checks (Core's CheckBlock and the witness commitment rules).
absl::Status CheckBlockBody(const Block& b, uint32_t height) {
  if (b.txs.empty() || !b.txs[0].IsCoinbase()) return Reject("bad-cb-missing");
  for (size_t i = 1; i < b.txs.size(); ++i) {
    if (b.txs[i].IsCoinbase()) return Reject("bad-cb-multiple");
  }
  bool mutated = false;
  if (BlockMerkleRoot(b, &mutated) != b.header.merkle_root) return Reject("bad-txnmrklroot");
  if (mutated) return Reject("bad-txns-duplicate");
  size_t weight = 0;
  for (const auto& tx : b.txs) {
    if (auto st = CheckTransaction(tx); !st.ok()) return st;
    weight += TxWeight(tx);
  }
  if (weight + 80 * 4 > kMaxBlockWeight) return Reject("bad-blk-weight");
  const Bytes expect = HeightPush(height);
  const Bytes& cb_sig = b.txs[0].vin[0].script_sig;
  if (cb_sig.size() < expect.size() || !std::equal(expect.begin(), expect.end(), cb_sig.begin())) {
    return Reject("bad-cb-height");
  }
  // BIP141: the last output matching the commitment pattern commits to the witnesses.
  std::optional<size_t> commit_out;
  for (size_t i = 0; i < b.txs[0].vout.size(); ++i) {
    const Bytes& s = b.txs[0].vout[i].script_pubkey;
    if (s.size() >= 38 && s[0] == OP_RETURN && s[1] == 0x24 && s[2] == 0xaa && s[3] == 0x21 &&
        s[4] == 0xa9 && s[5] == 0xed) {
      commit_out = i;
    }
  }
  if (commit_out) {
    const auto& w = b.txs[0].vin[0].witness;
    if (w.size() != 1 || w[0].size() != 32) return Reject("bad-witness-nonce-size");
    Hash32 root = BlockWitnessMerkleRoot(b);
    Bytes buf(root.begin(), root.end());
    Append(buf, w[0]);
    Hash32 c = Sha256d(buf);
    const Bytes& s = b.txs[0].vout[*commit_out].script_pubkey;
    if (!std::equal(c.begin(), c.end(), s.begin() + 6)) return Reject("bad-witness-merkle-match");
  } else {
    for (const auto& tx : b.txs) {
      if (tx.HasWitness()) return Reject("unexpected-witness");
    }
  }
  return absl::OkStatus();
}

}  // namespace

int64_t Subsidy(uint32_t height) {
  const uint32_t halvings = height / 150;
  if (halvings >= 64) return 0;
  return (50 * kCoin) >> halvings;
}

absl::StatusOr<std::unique_ptr<Devchain>> Devchain::Open(const std::string& db_path) {
  std::unique_ptr<Devchain> chain(new Devchain());
  std::string path = db_path;
  bool temporary = false;
  if (path.empty()) {
    const char* tmp = std::getenv("TEST_TMPDIR");
    std::string tmpl = std::string(tmp != nullptr ? tmp : "/tmp") + "/entangle-devchain-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) return absl::InternalError("devchain: mkdtemp failed");
    path = buf.data();
    temporary = true;
  }
  RETURN_IF_ERROR(chain->Init(path, temporary));
  return chain;
}

absl::Status Devchain::Init(const std::string& path, bool temporary) {
  path_ = path;
  temporary_ = temporary;
  rocksdb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = !temporary;  // every devchain starts from genesis
  options.max_open_files = 64;
  rocksdb::DB* db = nullptr;
  rocksdb::Status st = rocksdb::DB::Open(options, path, &db);
  if (!st.ok()) return absl::InternalError("devchain: RocksDB open " + path + ": " + st.ToString());
  db_.reset(db);
  // Genesis.
  const PowParams& params = PowParamsFor(Network::kRegtest);
  Block genesis;
  genesis.header = params.genesis;
  genesis.txs.push_back(*ParseTxHex(kGenesisTx));
  Bytes raw = SerializeBlock(genesis);
  db_->Put(rocksdb::WriteOptions(), HashKey('b', params.genesis_hash),
           rocksdb::Slice(reinterpret_cast<const char*>(raw.data()), raw.size()));
  absl::MutexLock l(&mu_);
  index_[params.genesis_hash] =
      Index{params.genesis, params.genesis_hash, 0, BlockWork(params.genesis.bits)};
  chain_ = {params.genesis_hash};
  return absl::OkStatus();
}

Devchain::~Devchain() {
  db_.reset();
  if (temporary_) {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
}

uint32_t Devchain::Height() const {
  absl::ReaderMutexLock l(&mu_);
  return static_cast<uint32_t>(chain_.size() - 1);
}

Hash32 Devchain::TipHash() const {
  absl::ReaderMutexLock l(&mu_);
  return chain_.back();
}

U256 Devchain::TipWork() const {
  absl::ReaderMutexLock l(&mu_);
  return index_.at(chain_.back()).work;
}

absl::StatusOr<Hash32> Devchain::BlockHashAt(uint32_t height) const {
  absl::ReaderMutexLock l(&mu_);
  if (height >= chain_.size()) return absl::OutOfRangeError("Block height out of range");
  return chain_[height];
}

int64_t Devchain::MtpOf(const Hash32& hash) const {
  std::vector<int64_t> times;
  auto it = index_.find(hash);
  for (int i = 0; i < 11 && it != index_.end(); ++i) {
    times.push_back(it->second.header.time);
    if (it->second.height == 0) break;
    it = index_.find(it->second.header.prev_hash);
  }
  std::sort(times.begin(), times.end());
  return times.empty() ? 0 : times[times.size() / 2];
}

int64_t Devchain::MedianTimePast() const {
  absl::ReaderMutexLock l(&mu_);
  return MtpOf(chain_.back());
}

absl::StatusOr<Block> Devchain::ReadBlock(const Hash32& hash) const {
  std::string v;
  rocksdb::Status st = db_->Get(rocksdb::ReadOptions(), HashKey('b', hash), &v);
  if (!st.ok()) return absl::NotFoundError("Block not found");
  return ParseBlock(AsBytes(v));
}

absl::StatusOr<BlockInfo> Devchain::GetBlock(const Hash32& hash) const {
  absl::ReaderMutexLock l(&mu_);
  auto it = index_.find(hash);
  if (it == index_.end()) return absl::NotFoundError("Block not found");
  BlockInfo info;
  ASSIGN_OR_RETURN(info.block, ReadBlock(hash));
  info.hash = hash;
  info.height = it->second.height;
  info.chain_work = it->second.work;
  info.in_best_chain = info.height < chain_.size() && chain_[info.height] == hash;
  info.median_time_past = MtpOf(hash);
  if (info.in_best_chain && info.height + 1 < chain_.size()) info.next = chain_[info.height + 1];
  return info;
}

absl::StatusOr<TxInfo> Devchain::GetTransaction(const Hash32& txid) const {
  absl::ReaderMutexLock l(&mu_);
  if (auto it = mempool_.find(txid); it != mempool_.end()) {
    TxInfo info;
    info.tx = it->second.tx;
    return info;
  }
  std::string v;
  if (!db_->Get(rocksdb::ReadOptions(), HashKey('t', txid), &v).ok() || v.size() != 32) {
    return absl::NotFoundError("No such mempool or blockchain transaction");
  }
  Hash32 bh;
  std::copy(v.begin(), v.end(), bh.begin());
  ASSIGN_OR_RETURN(Block b, ReadBlock(bh));
  for (const auto& tx : b.txs) {
    if (Txid(tx) == txid) {
      TxInfo info;
      info.tx = tx;
      info.block = bh;
      info.block_height = index_.at(bh).height;
      info.block_time = b.header.time;
      info.confirmations = static_cast<uint32_t>(chain_.size()) - info.block_height;
      return info;
    }
  }
  return absl::DataLossError("transaction index points at a block without it");
}

std::optional<Coin> Devchain::CoinFromDb(const OutPoint& p) const {
  std::string v;
  if (!db_->Get(rocksdb::ReadOptions(), CoinKey(p), &v).ok()) return std::nullopt;
  size_t pos = 0;
  auto c = ReadCoin(AsBytes(v), &pos);
  if (!c.ok()) return std::nullopt;
  return *c;
}

std::optional<Coin> Devchain::GetCoin(const OutPoint& p, bool include_mempool) const {
  absl::ReaderMutexLock l(&mu_);
  if (include_mempool) {
    if (mempool_spends_.count(p)) return std::nullopt;
    if (auto it = mempool_.find(p.txid); it != mempool_.end()) {
      if (p.n >= it->second.tx.vout.size()) return std::nullopt;
      return Coin{it->second.tx.vout[p.n], static_cast<uint32_t>(chain_.size()), false};
    }
  }
  return CoinFromDb(p);
}

std::vector<Hash32> Devchain::MempoolTxids() const {
  absl::ReaderMutexLock l(&mu_);
  return mempool_order_;
}

absl::StatusOr<AcceptResult> Devchain::CheckForMempool(const Tx& tx) const {
  RETURN_IF_ERROR(CheckTransaction(tx));
  if (tx.IsCoinbase()) return Reject("coinbase");
  if (tx.version < 1 || tx.version > 3) return Reject("version");
  const size_t weight = TxWeight(tx);
  if (weight > kMaxStandardTxWeight) return Reject("tx-size");
  for (const auto& o : tx.vout) {
    if (!o.script_pubkey.empty() && o.script_pubkey[0] == OP_RETURN &&
        o.script_pubkey.size() > 83) {
      return Reject("scriptpubkey");
    }
  }
  const Hash32 txid = Txid(tx);
  if (mempool_.count(txid)) return Reject("txn-already-in-mempool");
  std::string dummy;
  if (db_->Get(rocksdb::ReadOptions(), HashKey('t', txid), &dummy).ok()) {
    return Reject("txn-already-known");
  }
  const uint32_t next_height = static_cast<uint32_t>(chain_.size());
  const int64_t mtp = MtpOf(chain_.back());
  if (!IsFinalTx(tx, next_height, mtp)) return Reject("non-final");
  std::vector<TxOut> spent;
  int64_t in_value = 0;
  int64_t min_height = -1, min_time = -1;
  for (const auto& in : tx.vin) {
    if (mempool_spends_.count(in.prevout)) return Reject("txn-mempool-conflict");
    std::optional<Coin> coin;
    if (auto it = mempool_.find(in.prevout.txid); it != mempool_.end()) {
      if (in.prevout.n < it->second.tx.vout.size()) {
        coin = Coin{it->second.tx.vout[in.prevout.n], next_height, false};
      }
    } else {
      coin = CoinFromDb(in.prevout);
    }
    if (!coin) return Reject("bad-txns-inputs-missingorspent");
    if (coin->coinbase && next_height - coin->height < kCoinbaseMaturity) {
      return Reject("bad-txns-premature-spend-of-coinbase");
    }
    in_value += coin->out.value;
    if (coin->out.value < 0 || coin->out.value > kMaxMoney || in_value > kMaxMoney) {
      return Reject("bad-txns-inputvalues-outofrange");
    }
    if (tx.version >= 2 && !(in.sequence & (1u << 31))) {
      if (in.sequence & (1u << 22)) {
        const uint32_t h = coin->height > 0 ? coin->height - 1 : 0;
        const int64_t coin_time = h < chain_.size() ? MtpOf(chain_[h]) : mtp;
        min_time =
            std::max<int64_t>(min_time, coin_time + (int64_t{in.sequence & 0xffff} << 9) - 1);
      } else {
        min_height =
            std::max<int64_t>(min_height, int64_t{coin->height} + (in.sequence & 0xffff) - 1);
      }
    }
    spent.push_back(coin->out);
  }
  if (min_height >= next_height || min_time >= mtp) return Reject("non-BIP68-final");
  if (SigOpCost(tx, spent) > kMaxBlockSigopsCost / 5) return Reject("bad-txns-too-many-sigops");
  int64_t out_value = 0;
  for (const auto& o : tx.vout) out_value += o.value;
  if (in_value < out_value) return Reject("bad-txns-in-belowout");
  const int64_t fee = in_value - out_value;
  const size_t vsize = (weight + 3) / 4;
  if (fee < static_cast<int64_t>(vsize)) return Reject("min relay fee not met");
  if (auto st = VerifyTxScripts(tx, spent, kStandardFlags, &sig_cache_); !st.ok()) {
    const bool consensus = VerifyTxScripts(tx, spent, kMandatoryFlags, &sig_cache_).ok();
    return Reject(std::string(consensus ? "non-mandatory-script-verify-flag"
                                        : "mandatory-script-verify-flag-failed") +
                  " (" + std::string(st.message()) + ")");
  }
  return AcceptResult{txid, Wtxid(tx), fee, vsize};
}

absl::StatusOr<AcceptResult> Devchain::TestAccept(const Tx& tx) const {
  absl::ReaderMutexLock l(&mu_);
  return CheckForMempool(tx);
}

void Devchain::AddToMempool(const Tx& tx, const AcceptResult& r) {
  mempool_[r.txid] = MempoolEntry{tx, r};
  mempool_order_.push_back(r.txid);
  for (const auto& in : tx.vin) mempool_spends_[in.prevout] = r.txid;
}

void Devchain::RemoveFromMempool(const Hash32& txid) {
  auto it = mempool_.find(txid);
  if (it == mempool_.end()) return;
  for (const auto& in : it->second.tx.vin) mempool_spends_.erase(in.prevout);
  mempool_.erase(it);
  mempool_order_.erase(std::remove(mempool_order_.begin(), mempool_order_.end(), txid),
                       mempool_order_.end());
}

absl::StatusOr<AcceptResult> Devchain::SubmitTx(const Tx& tx) {
  absl::MutexLock l(&mu_);
  ASSIGN_OR_RETURN(AcceptResult r, CheckForMempool(tx));
  AddToMempool(tx, r);
  return r;
}

void Devchain::ResyncMempool(std::vector<Tx> txs) {
  for (const Hash32& id : mempool_order_) txs.push_back(mempool_.at(id).tx);
  mempool_.clear();
  mempool_order_.clear();
  mempool_spends_.clear();
  for (const Tx& tx : txs) {
    auto r = CheckForMempool(tx);
    if (r.ok()) AddToMempool(tx, *r);
  }
}

absl::Status Devchain::CheckHeader(const BlockHeader& h, const Index& prev) const {
  const PowParams& params = PowParamsFor(Network::kRegtest);
  if (h.bits != params.genesis.bits) return Reject("bad-diffbits");
  if (auto st = CheckProofOfWork(h.Hash(), h.bits, params); !st.ok()) return Reject("high-hash");
  if (static_cast<int64_t>(h.time) <= MtpOf(prev.hash)) return Reject("time-too-old");
  return absl::OkStatus();
}

absl::StatusOr<Block> Devchain::MineBlockLocked(const Hash32& parent, const Bytes& spk,
                                                const std::vector<Tx>& txs, uint32_t time) const {
  auto pit = index_.find(parent);
  if (pit == index_.end()) return absl::NotFoundError("unknown parent block");
  const Index& prev = pit->second;
  const uint32_t height = prev.height + 1;
  int64_t fees = 0;
  if (parent == chain_.back()) {
    std::map<OutPoint, TxOut> created;
    for (const auto& tx : txs) {
      int64_t in = 0, out = 0;
      for (const auto& i : tx.vin) {
        if (auto c = created.find(i.prevout); c != created.end()) {
          in += c->second.value;
        } else if (auto coin = CoinFromDb(i.prevout)) {
          in += coin->out.value;
        }
      }
      const Hash32 id = Txid(tx);
      for (uint32_t n = 0; n < tx.vout.size(); ++n) {
        out += tx.vout[n].value;
        created[OutPoint{id, n}] = tx.vout[n];
      }
      fees += std::max<int64_t>(0, in - out);
    }
  }
  Block b;
  b.header.version = 0x20000000;
  b.header.prev_hash = parent;
  b.header.bits = PowParamsFor(Network::kRegtest).genesis.bits;
  b.header.time = std::max<uint32_t>(
      time, std::max<uint32_t>(prev.header.time + 1, static_cast<uint32_t>(MtpOf(parent) + 1)));
  Tx cb;
  cb.version = 2;
  TxIn cin;
  cin.script_sig = HeightPush(height);
  // An extra nonce keeps every mined block unique (a bitcoind would differ by its clock).
  PushInt(cin.script_sig, extra_nonce_.fetch_add(1) + 1);
  cb.vin.push_back(cin);
  cb.vout.push_back(TxOut{Subsidy(height) + fees, spk});
  b.txs.push_back(cb);
  b.txs.insert(b.txs.end(), txs.begin(), txs.end());
  bool any_witness = false;
  for (const auto& tx : txs) any_witness |= tx.HasWitness();
  if (any_witness) {
    b.txs[0].vin[0].witness = {Bytes(32, 0)};
    b.txs[0].vout.push_back(TxOut{0, WitnessCommitmentScript(WitnessCommitment(b))});
  }
  b.header.merkle_root = BlockMerkleRoot(b);
  const PowParams& params = PowParamsFor(Network::kRegtest);
  while (!CheckProofOfWork(b.header.Hash(), b.header.bits, params).ok()) b.header.nonce++;
  return b;
}

absl::StatusOr<Block> Devchain::MineBlock(const Hash32& parent, const Bytes& spk,
                                          const std::vector<Tx>& txs, uint32_t time) const {
  absl::ReaderMutexLock l(&mu_);
  return MineBlockLocked(parent, spk, txs, time);
}

absl::Status Devchain::ConnectTip(const Block& b) {
  const Hash32 hash = b.header.Hash();
  const Index& idx = index_.at(hash);
  const uint32_t height = idx.height;
  const int64_t prev_mtp = MtpOf(b.header.prev_hash);
  RETURN_IF_ERROR(CheckBlockBody(b, height));
  rocksdb::WriteBatch batch;
  std::map<OutPoint, std::optional<Coin>> view;  // changes within this block
  auto lookup = [&](const OutPoint& p) -> std::optional<Coin> {
    if (auto it = view.find(p); it != view.end()) return it->second;
    return CoinFromDb(p);
  };
  Bytes undo;
  int64_t fees = 0;
  int64_t sigops = 0;
  std::vector<std::pair<size_t, std::vector<TxOut>>> script_checks;
  for (size_t t = 0; t < b.txs.size(); ++t) {
    const Tx& tx = b.txs[t];
    const Hash32 txid = Txid(tx);
    if (!IsFinalTx(tx, height, prev_mtp)) return Reject("bad-txns-nonfinal");
    if (t > 0) {
      std::vector<TxOut> spent;
      int64_t in_value = 0;
      int64_t min_height = -1, min_time = -1;
      for (const auto& in : tx.vin) {
        auto coin = lookup(in.prevout);
        if (!coin) return Reject("bad-txns-inputs-missingorspent");
        if (coin->coinbase && height - coin->height < kCoinbaseMaturity) {
          return Reject("bad-txns-premature-spend-of-coinbase");
        }
        in_value += coin->out.value;
        if (in_value > kMaxMoney) return Reject("bad-txns-inputvalues-outofrange");
        if (tx.version >= 2 && !(in.sequence & (1u << 31))) {
          if (in.sequence & (1u << 22)) {
            const uint32_t h = coin->height > 0 ? coin->height - 1 : 0;
            const int64_t coin_time = MtpOf(chain_[std::min<size_t>(h, chain_.size() - 1)]);
            min_time =
                std::max<int64_t>(min_time, coin_time + (int64_t{in.sequence & 0xffff} << 9) - 1);
          } else {
            min_height =
                std::max<int64_t>(min_height, int64_t{coin->height} + (in.sequence & 0xffff) - 1);
          }
        }
        spent.push_back(coin->out);
        PutCoin(undo, *coin);
        view[in.prevout] = std::nullopt;
      }
      if (min_height >= height || min_time >= prev_mtp) return Reject("bad-txns-nonfinal");
      sigops += SigOpCost(tx, spent);
      if (sigops > kMaxBlockSigopsCost) return Reject("bad-blk-sigops");
      int64_t out_value = 0;
      for (const auto& o : tx.vout) out_value += o.value;
      if (in_value < out_value) return Reject("bad-txns-in-belowout");
      fees += in_value - out_value;
      script_checks.emplace_back(t, std::move(spent));
    }
    if (t == 0) sigops += SigOpCost(tx, {});
    for (uint32_t n = 0; n < tx.vout.size(); ++n) {
      if (IsUnspendable(tx.vout[n].script_pubkey)) continue;
      OutPoint p{txid, n};
      if (lookup(p)) return Reject("bad-txns-BIP30");
      view[p] = Coin{tx.vout[n], height, t == 0};
    }
    batch.Put(HashKey('t', txid),
              rocksdb::Slice(reinterpret_cast<const char*>(hash.data()), hash.size()));
  }
  int64_t cb_out = 0;
  for (const auto& o : b.txs[0].vout) cb_out += o.value;
  if (cb_out > fees + Subsidy(height)) return Reject("bad-cb-amount");
  // Scripts last and in parallel (signatures already checked in the mempool hit the cache).
  std::vector<absl::Status> results(script_checks.size());
  ThreadPool::Default().ParallelFor(
      script_checks.size(),
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const auto& [t, spent] = script_checks[i];
          results[i] = VerifyTxScripts(b.txs[t], spent, kMandatoryFlags, &sig_cache_);
        }
      },
      16);
  for (const auto& st : results) {
    if (!st.ok()) {
      return Reject("mandatory-script-verify-flag-failed (" + std::string(st.message()) + ")");
    }
  }
  for (const auto& [p, c] : view) {
    if (c) {
      Bytes v;
      PutCoin(v, *c);
      batch.Put(CoinKey(p), rocksdb::Slice(reinterpret_cast<const char*>(v.data()), v.size()));
    } else {
      batch.Delete(CoinKey(p));
    }
  }
  batch.Put(HashKey('u', hash),
            rocksdb::Slice(reinterpret_cast<const char*>(undo.data()), undo.size()));
  rocksdb::Status st = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!st.ok()) return absl::InternalError("devchain: RocksDB write: " + st.ToString());
  chain_.push_back(hash);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Tx>> Devchain::DisconnectTip() {
  if (chain_.size() <= 1) return absl::FailedPreconditionError("cannot disconnect genesis");
  const Hash32 hash = chain_.back();
  ASSIGN_OR_RETURN(Block b, ReadBlock(hash));
  std::string undo_raw;
  if (!db_->Get(rocksdb::ReadOptions(), HashKey('u', hash), &undo_raw).ok()) {
    return absl::DataLossError("devchain: missing undo data");
  }
  ByteView undo = AsBytes(undo_raw);
  // Undo records are in input order; read them all first.
  std::vector<std::pair<OutPoint, Coin>> restore;
  size_t pos = 0;
  for (size_t t = 1; t < b.txs.size(); ++t) {
    for (const auto& in : b.txs[t].vin) {
      ASSIGN_OR_RETURN(Coin c, ReadCoin(undo, &pos));
      restore.emplace_back(in.prevout, c);
    }
  }
  rocksdb::WriteBatch batch;
  for (const auto& tx : b.txs) {
    const Hash32 txid = Txid(tx);
    for (uint32_t n = 0; n < tx.vout.size(); ++n) batch.Delete(CoinKey(OutPoint{txid, n}));
    batch.Delete(HashKey('t', txid));
  }
  for (const auto& [p, c] : restore) {
    Bytes v;
    PutCoin(v, c);
    batch.Put(CoinKey(p), rocksdb::Slice(reinterpret_cast<const char*>(v.data()), v.size()));
  }
  batch.Delete(HashKey('u', hash));
  rocksdb::Status st = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!st.ok()) return absl::InternalError("devchain: RocksDB write: " + st.ToString());
  chain_.pop_back();
  return std::vector<Tx>(b.txs.begin() + 1, b.txs.end());
}

absl::Status Devchain::SubmitBlock(const Block& block) {
  absl::MutexLock l(&mu_);
  const Hash32 hash = block.header.Hash();
  if (index_.count(hash)) return absl::AlreadyExistsError("duplicate");
  auto pit = index_.find(block.header.prev_hash);
  if (pit == index_.end()) return Reject("prev-blk-not-found");
  if (pit->second.invalid) return Reject("bad-prevblk");
  RETURN_IF_ERROR(CheckHeader(block.header, pit->second));
  RETURN_IF_ERROR(CheckBlockBody(block, pit->second.height + 1));
  Bytes raw = SerializeBlock(block);
  db_->Put(rocksdb::WriteOptions(), HashKey('b', hash),
           rocksdb::Slice(reinterpret_cast<const char*>(raw.data()), raw.size()));
  Index idx{block.header, hash, pit->second.height + 1,
            pit->second.work + BlockWork(block.header.bits)};
  index_[hash] = idx;
  if (!(index_.at(chain_.back()).work < idx.work)) return absl::OkStatus();  // a side branch
  std::vector<Tx> returned;
  absl::Status st = ReorganizeTo(hash, &returned);
  ResyncMempool(std::move(returned));
  return st;
}

absl::Status Devchain::ReorganizeTo(const Hash32& target, std::vector<Tx>* returned) {
  // The new best chain: from the fork point up to `target`.
  std::vector<Hash32> branch;
  Hash32 cur = target;
  while (!(index_.at(cur).height < chain_.size() && chain_[index_.at(cur).height] == cur)) {
    branch.push_back(cur);
    cur = index_.at(cur).header.prev_hash;
  }
  std::reverse(branch.begin(), branch.end());
  const uint32_t fork_height = index_.at(cur).height;
  std::vector<Hash32> old_branch(chain_.begin() + fork_height + 1, chain_.end());
  std::vector<Tx> disconnected;
  while (chain_.size() > fork_height + 1) {
    ASSIGN_OR_RETURN(std::vector<Tx> txs, DisconnectTip());
    disconnected.insert(disconnected.begin(), txs.begin(), txs.end());
  }
  absl::Status failure;
  for (const Hash32& h : branch) {
    auto b = ReadBlock(h);
    absl::Status st = b.ok() ? ConnectTip(*b) : b.status();
    if (!st.ok()) {
      index_.at(h).invalid = true;
      failure = st;
      break;
    }
  }
  if (!failure.ok()) {
    // Roll back to the old chain, which was valid.
    while (chain_.size() > fork_height + 1) {
      if (!DisconnectTip().ok()) break;
    }
    for (const Hash32& h : old_branch) {
      auto b = ReadBlock(h);
      if (!b.ok() || !ConnectTip(*b).ok()) break;
    }
    return failure;
  }
  returned->insert(returned->end(), disconnected.begin(), disconnected.end());
  return absl::OkStatus();
}

Hash32 Devchain::BestValidTip() const {
  std::vector<const Index*> by_height;
  for (const auto& [h, idx] : index_) by_height.push_back(&idx);
  std::sort(by_height.begin(), by_height.end(),
            [](const Index* a, const Index* b) { return a->height < b->height; });
  std::map<Hash32, bool> valid;
  Hash32 best = chain_.back();
  U256 best_work = index_.at(best).work;
  for (const Index* e : by_height) {
    bool ok = !e->invalid && (e->height == 0 || valid[e->header.prev_hash]);
    valid[e->hash] = ok;
    if (ok && best_work < e->work) {
      best = e->hash;
      best_work = e->work;
    }
  }
  return best;
}

absl::Status Devchain::InvalidateBlock(const Hash32& hash) {
  absl::MutexLock l(&mu_);
  auto it = index_.find(hash);
  if (it == index_.end()) return absl::NotFoundError("Block not found");
  if (it->second.height == 0)
    return absl::InvalidArgumentError("cannot invalidate the genesis block");
  it->second.invalid = true;
  std::vector<Tx> returned;
  if (it->second.height < chain_.size() && chain_[it->second.height] == hash) {
    while (chain_.size() > it->second.height) {
      ASSIGN_OR_RETURN(std::vector<Tx> txs, DisconnectTip());
      returned.insert(returned.begin(), txs.begin(), txs.end());
    }
  }
  absl::Status st = ReorganizeTo(BestValidTip(), &returned);
  ResyncMempool(std::move(returned));
  return st;
}

absl::Status Devchain::ReconsiderBlock(const Hash32& hash) {
  absl::MutexLock l(&mu_);
  auto it = index_.find(hash);
  if (it == index_.end()) return absl::NotFoundError("Block not found");
  // Clear the mark on the block, its ancestors and its descendants.
  for (Hash32 cur = hash;;) {
    Index& e = index_.at(cur);
    e.invalid = false;
    if (e.height == 0) break;
    cur = e.header.prev_hash;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto& [h, e] : index_) {
      if (e.invalid && e.height > 0 && index_.count(e.header.prev_hash) &&
          !index_.at(e.header.prev_hash).invalid && e.height > it->second.height) {
        // Only descendants of `hash`.
        Hash32 cur = h;
        while (index_.at(cur).height > it->second.height) cur = index_.at(cur).header.prev_hash;
        if (cur == hash) {
          e.invalid = false;
          changed = true;
        }
      }
    }
  }
  std::vector<Tx> returned;
  absl::Status st = ReorganizeTo(BestValidTip(), &returned);
  ResyncMempool(std::move(returned));
  return st;
}

absl::StatusOr<std::vector<Hash32>> Devchain::Generate(uint32_t n, const Bytes& script_pubkey) {
  std::vector<Hash32> out;
  for (uint32_t i = 0; i < n; ++i) {
    Block b;
    {
      absl::ReaderMutexLock l(&mu_);
      std::vector<Tx> txs;
      size_t weight = 4000;
      for (const Hash32& id : mempool_order_) {
        const Tx& tx = mempool_.at(id).tx;
        weight += TxWeight(tx);
        if (weight > kMaxBlockWeight) break;
        txs.push_back(tx);
      }
      ASSIGN_OR_RETURN(b, MineBlockLocked(chain_.back(), script_pubkey, txs, 0));
    }
    RETURN_IF_ERROR(SubmitBlock(b));
    out.push_back(b.header.Hash());
  }
  return out;
}

}  // namespace entangle::bitcoin::devchain
