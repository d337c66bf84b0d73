#include "chains/bitcoin/headers.h"

#include <algorithm>
#include <cstring>

#include "common/bytes.h"
#include "common/endian.h"
#include "common/status.h"
#include "common/varint.h"

namespace entangle::bitcoin {
namespace {

U256 Shl(const U256& a, int s) {
  U256 r;
  if (s >= 256) return r;
  int limbs = s / 64, bits = s % 64;
  for (int i = 3; i >= 0; --i) {
    uint64_t v = 0;
    int src = i - limbs;
    if (src >= 0) {
      v = a.w[src] << bits;
      if (bits && src - 1 >= 0) v |= a.w[src - 1] >> (64 - bits);
    }
    r.w[i] = v;
  }
  return r;
}

U256 Shr(const U256& a, int s) {
  U256 r;
  if (s >= 256) return r;
  int limbs = s / 64, bits = s % 64;
  for (int i = 0; i < 4; ++i) {
    uint64_t v = 0;
    int src = i + limbs;
    if (src < 4) {
      v = a.w[src] >> bits;
      if (bits && src + 1 < 4) v |= a.w[src + 1] << (64 - bits);
    }
    r.w[i] = v;
  }
  return r;
}

U256 Sub(const U256& a, const U256& b) {
  U256 r;
  unsigned __int128 borrow = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 d = static_cast<unsigned __int128>(a.w[i]) - b.w[i] - borrow;
    r.w[i] = static_cast<uint64_t>(d);
    borrow = (d >> 64) ? 1 : 0;
  }
  return r;
}

}  // namespace

U256 U256::FromHash(const Hash32& h) {
  U256 r;
  for (int i = 0; i < 4; ++i) r.w[i] = LoadLe<uint64_t>(h.data() + 8 * i);
  return r;
}

U256 U256::FromHex(std::string_view hex) {
  U256 r;
  auto b = entangle::FromHex(hex);
  if (!b.ok() || b->size() > 32) return r;
  Bytes be(32 - b->size(), 0);
  be.insert(be.end(), b->begin(), b->end());
  for (int i = 0; i < 4; ++i) r.w[3 - i] = LoadBe<uint64_t>(be.data() + 8 * i);
  return r;
}

std::string U256::ToHex() const {
  uint8_t be[32];
  for (int i = 0; i < 4; ++i) StoreBe<uint64_t>(be + 8 * i, w[3 - i]);
  return entangle::ToHex(ByteView(be, 32));
}

int U256::Compare(const U256& o) const {
  for (int i = 3; i >= 0; --i) {
    if (w[i] != o.w[i]) return w[i] < o.w[i] ? -1 : 1;
  }
  return 0;
}

U256 U256::operator+(const U256& o) const {
  U256 r;
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 s = static_cast<unsigned __int128>(w[i]) + o.w[i] + carry;
    r.w[i] = static_cast<uint64_t>(s);
    carry = s >> 64;
  }
  return r;
}

U256 U256::operator~() const {
  U256 r;
  for (int i = 0; i < 4; ++i) r.w[i] = ~w[i];
  return r;
}

U256 U256::MulU64(uint64_t m, bool* overflow) const {
  U256 r;
  unsigned __int128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned __int128 p = static_cast<unsigned __int128>(w[i]) * m + carry;
    r.w[i] = static_cast<uint64_t>(p);
    carry = p >> 64;
  }
  if (overflow) *overflow = carry != 0;
  return r;
}

U256 U256::DivU64(uint64_t d) const {
  U256 r;
  unsigned __int128 rem = 0;
  for (int i = 3; i >= 0; --i) {
    unsigned __int128 cur = (rem << 64) | w[i];
    r.w[i] = static_cast<uint64_t>(cur / d);
    rem = cur % d;
  }
  return r;
}

U256 U256::Div(const U256& d) const {
  U256 q, rem;
  for (int i = 255; i >= 0; --i) {
    rem = Shl(rem, 1);
    rem.w[0] |= (w[i / 64] >> (i % 64)) & 1;
    if (!(rem < d)) {
      rem = Sub(rem, d);
      q.w[i / 64] |= 1ULL << (i % 64);
    }
  }
  return q;
}

int U256::Bits() const {
  for (int i = 3; i >= 0; --i) {
    if (w[i]) return 64 * i + 64 - __builtin_clzll(w[i]);
  }
  return 0;
}

U256 CompactToTarget(uint32_t bits, bool* negative, bool* overflow) {
  int size = bits >> 24;
  uint32_t word = bits & 0x007fffff;
  U256 r;
  if (size <= 3) {
    word >>= 8 * (3 - size);
    r.w[0] = word;
  } else {
    r.w[0] = word;
    r = Shl(r, 8 * (size - 3));
  }
  if (negative) *negative = word != 0 && (bits & 0x00800000) != 0;
  if (overflow) {
    *overflow =
        word != 0 && ((size > 34) || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  }
  return r;
}

uint32_t TargetToCompact(const U256& target) {
  int size = (target.Bits() + 7) / 8;
  uint32_t compact;
  if (size <= 3) {
    compact = static_cast<uint32_t>(target.w[0] << (8 * (3 - size)));
  } else {
    compact = static_cast<uint32_t>(Shr(target, 8 * (size - 3)).w[0]);
  }
  if (compact & 0x00800000) {
    compact >>= 8;
    size++;
  }
  return compact | (static_cast<uint32_t>(size) << 24);
}

U256 BlockWork(uint32_t bits) {
  bool neg, over;
  U256 t = CompactToTarget(bits, &neg, &over);
  if (neg || over || t.IsZero()) return U256();
  U256 one;
  one.w[0] = 1;
  return (~t).Div(t + one) + one;
}

const PowParams& PowParamsFor(Network n) {
  static const PowParams mainnet = [] {
    PowParams p;
    p.network = Network::kMainnet;
    p.pow_limit = U256::FromHex("00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    p.genesis.version = 1;
    p.genesis.merkle_root =
        *HashFromDisplay("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    p.genesis.time = 1231006505;
    p.genesis.bits = 0x1d00ffff;
    p.genesis.nonce = 2083236893;
    p.genesis_hash = p.genesis.Hash();
    return p;
  }();
  static const PowParams regtest = [] {
    PowParams p;
    p.network = Network::kRegtest;
    p.pow_limit = U256::FromHex("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
    p.allow_min_difficulty = true;
    p.no_retargeting = true;
    p.genesis.version = 1;
    p.genesis.merkle_root =
        *HashFromDisplay("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
    p.genesis.time = 1296688602;
    p.genesis.bits = 0x207fffff;
    p.genesis.nonce = 2;
    p.genesis_hash = p.genesis.Hash();
    return p;
  }();
  static const PowParams testnet3 = [] {
    PowParams p = mainnet;
    p.network = Network::kTestnet;
    p.allow_min_difficulty = true;  // the 20-minute rule
    p.genesis.time = 1296688602;
    p.genesis.nonce = 414098458;
    p.genesis_hash = p.genesis.Hash();
    return p;
  }();
  if (n == Network::kRegtest) return regtest;
  if (n == Network::kTestnet) return testnet3;
  return mainnet;
}

absl::Status CheckProofOfWork(const Hash32& hash, uint32_t bits, const PowParams& params) {
  bool neg, over;
  U256 target = CompactToTarget(bits, &neg, &over);
  if (neg || over || target.IsZero() || target > params.pow_limit) {
    return absl::InvalidArgumentError("bits out of range");
  }
  if (U256::FromHash(hash) > target) {
    return absl::InvalidArgumentError("proof of work above target: " + HashToDisplay(hash));
  }
  return absl::OkStatus();
}

HeaderChain::HeaderChain(const PowParams& params, const BlockHeader& anchor, uint32_t anchor_height,
                         uint32_t period_start_time, U256 anchor_work)
    : params_(params), period_start_time_(period_start_time) {
  Entry e{anchor, anchor.Hash(), anchor_height, anchor_work, anchor.prev_hash};
  anchor_ = e.hash;
  tip_ = e.hash;
  entries_.emplace(e.hash, e);
}

const HeaderChain::Entry* HeaderChain::Find(const Hash32& hash) const {
  auto it = entries_.find(hash);
  return it == entries_.end() ? nullptr : &it->second;
}

const HeaderChain::Entry* HeaderChain::Ancestor(const Entry* e, uint32_t height) const {
  while (e != nullptr && e->height > height) {
    if (e->hash == anchor_) return nullptr;
    e = Find(e->prev);
  }
  return (e != nullptr && e->height == height) ? e : nullptr;
}

int64_t HeaderChain::MedianTimePast(const Entry& e) const {
  std::vector<int64_t> times;
  const Entry* p = &e;
  for (int i = 0; i < 11 && p != nullptr; ++i) {
    times.push_back(p->header.time);
    if (p->hash == anchor_) break;
    p = Find(p->prev);
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

absl::StatusOr<uint32_t> HeaderChain::NextWorkRequired(const Entry& prev, uint32_t time) const {
  const uint32_t limit = TargetToCompact(params_.pow_limit);
  const int64_t interval = params_.Interval();
  if ((static_cast<int64_t>(prev.height) + 1) % interval != 0) {
    if (params_.allow_min_difficulty) {
      if (static_cast<int64_t>(time) >
          static_cast<int64_t>(prev.header.time) + params_.target_spacing * 2) {
        return limit;
      }
      const Entry* p = &prev;
      while (p->hash != anchor_ && p->height % interval != 0 && p->header.bits == limit) {
        const Entry* q = Find(p->prev);
        if (q == nullptr) break;
        p = q;
      }
      return p->header.bits;
    }
    return prev.header.bits;
  }
  if (params_.no_retargeting) return prev.header.bits;
  const uint32_t first_height = prev.height - static_cast<uint32_t>(interval - 1);
  int64_t first_time;
  if (const Entry* first = Ancestor(&prev, first_height)) {
    first_time = first->header.time;
  } else if (period_start_time_ != 0 && Find(anchor_)->height >= first_height &&
             Find(anchor_)->height / interval == first_height / interval) {
    first_time = period_start_time_;
  } else {
    return absl::FailedPreconditionError(
        "cannot check the retarget at height " + std::to_string(prev.height + 1) +
        ": the period's first block precedes the checkpoint and its time was not given");
  }
  return CalculateNextWorkRequired(prev.header.bits, prev.header.time, first_time, params_);
}

uint32_t CalculateNextWorkRequired(uint32_t last_bits, int64_t last_time, int64_t first_time,
                                   const PowParams& params) {
  if (params.no_retargeting) return last_bits;
  int64_t span = last_time - first_time;
  span = std::clamp(span, params.target_timespan / 4, params.target_timespan * 4);
  U256 t = CompactToTarget(last_bits);
  t = t.MulU64(static_cast<uint64_t>(span)).DivU64(static_cast<uint64_t>(params.target_timespan));
  if (t > params.pow_limit) t = params.pow_limit;
  return TargetToCompact(t);
}

absl::StatusOr<bool> HeaderChain::Add(const BlockHeader& h) {
  const Hash32 hash = h.Hash();
  if (Find(hash) != nullptr) return false;  // already known
  const Entry* prev = Find(h.prev_hash);
  if (prev == nullptr) {
    return absl::NotFoundError("header " + HashToDisplay(hash) + " does not connect (prev " +
                               HashToDisplay(h.prev_hash) + " unknown)");
  }
  RETURN_IF_ERROR(CheckProofOfWork(hash, h.bits, params_));
  ASSIGN_OR_RETURN(uint32_t want, NextWorkRequired(*prev, h.time));
  if (h.bits != want) {
    return absl::InvalidArgumentError("header " + HashToDisplay(hash) + " has bits " +
                                      std::to_string(h.bits) + ", expected " +
                                      std::to_string(want));
  }
  if (static_cast<int64_t>(h.time) <= MedianTimePast(*prev)) {
    return absl::InvalidArgumentError("header " + HashToDisplay(hash) +
                                      " time is not after the median of the last 11 blocks");
  }
  Entry e{h, hash, prev->height + 1, prev->chain_work + BlockWork(h.bits), h.prev_hash};
  const bool better = Tip().chain_work < e.chain_work;
  entries_.emplace(hash, e);
  if (better) tip_ = hash;
  return better;
}

absl::StatusOr<Hash32> HeaderChain::HashAtHeight(uint32_t height) const {
  const Entry* e = Ancestor(&Tip(), height);
  if (e == nullptr)
    return absl::NotFoundError("no best-chain header at height " + std::to_string(height));
  return e->hash;
}

absl::StatusOr<Hash32> HeaderChain::ForkPoint(const Hash32& hash) const {
  const Entry* a = &Tip();
  const Entry* b = Find(hash);
  if (b == nullptr) return absl::NotFoundError("unknown header");
  while (a != nullptr && b != nullptr && a->hash != b->hash) {
    if (a->height >= b->height) {
      a = a->hash == anchor_ ? nullptr : Find(a->prev);
    } else {
      b = b->hash == anchor_ ? nullptr : Find(b->prev);
    }
  }
  if (a == nullptr || b == nullptr) return absl::NotFoundError("no common ancestor");
  return a->hash;
}

absl::StatusOr<MerkleProof> BuildMerkleProof(const std::vector<Hash32>& txids, uint32_t index) {
  if (index >= txids.size()) return absl::OutOfRangeError("transaction index out of range");
  MerkleProof p;
  p.index = index;
  std::vector<Hash32> level = txids;
  size_t i = index;
  uint8_t buf[64];
  while (level.size() > 1) {
    if (level.size() & 1) level.push_back(level.back());
    p.siblings.push_back(level[i ^ 1]);
    for (size_t k = 0; k < level.size() / 2; ++k) {
      std::memcpy(buf, level[2 * k].data(), 32);
      std::memcpy(buf + 32, level[2 * k + 1].data(), 32);
      level[k] = Sha256d(ByteView(buf, 64));
    }
    level.resize(level.size() / 2);
    i >>= 1;
  }
  return p;
}

Hash32 MerkleRootFromProof(const Hash32& leaf, const MerkleProof& proof) {
  Hash32 h = leaf;
  uint8_t buf[64];
  uint32_t i = proof.index;
  for (const Hash32& s : proof.siblings) {
    if (i & 1) {
      std::memcpy(buf, s.data(), 32);
      std::memcpy(buf + 32, h.data(), 32);
    } else {
      std::memcpy(buf, h.data(), 32);
      std::memcpy(buf + 32, s.data(), 32);
    }
    h = Sha256d(ByteView(buf, 64));
    i >>= 1;
  }
  return h;
}

Bytes SerializeInclusionProof(const Tx& tx, const MerkleProof& proof) {
  Bytes out = SerializeTx(tx, false);
  AppendCompactSize(out, proof.siblings.size());
  for (const auto& s : proof.siblings) out.insert(out.end(), s.begin(), s.end());
  uint8_t b[4];
  StoreLe<uint32_t>(b, proof.index);
  out.insert(out.end(), b, b + 4);
  return out;
}

absl::StatusOr<InclusionProof> ParseInclusionProof(ByteView raw) {
  size_t pos = 0;
  InclusionProof p;
  ASSIGN_OR_RETURN(p.tx, ReadTx(raw, &pos));
  ASSIGN_OR_RETURN(uint64_t n, ReadCompactSize(raw, &pos));
  if (n > 32) return absl::InvalidArgumentError("merkle proof deeper than 32 levels");
  if (raw.size() - pos != 32 * n + 4) {
    return absl::InvalidArgumentError("merkle proof has the wrong length");
  }
  for (uint64_t i = 0; i < n; ++i) {
    Hash32 h;
    std::memcpy(h.data(), raw.data() + pos, 32);
    pos += 32;
    p.proof.siblings.push_back(h);
  }
  p.proof.index = LoadLe<uint32_t>(raw.data() + pos);
  if (n < 32 && (p.proof.index >> n) != 0) {
    return absl::InvalidArgumentError("merkle proof index does not fit its depth");
  }
  return p;
}

absl::Status VerifyInclusion(const InclusionProof& p, const BlockHeader& header) {
  if (SerializeTx(p.tx, false).size() == 64) {
    return absl::InvalidArgumentError("64-byte transactions are not accepted in SPV proofs");
  }
  if (MerkleRootFromProof(Txid(p.tx), p.proof) != header.merkle_root) {
    return absl::InvalidArgumentError("transaction is not committed by the header's merkle root");
  }
  return absl::OkStatus();
}

}  // namespace entangle::bitcoin
