#include "proof_systems/plonky/proof.h"

#include <cstring>
#include <string>

#include "common/status.h"

namespace entangle::plonky {
namespace {

using goldilocks::Fp;
using goldilocks::Fp2;

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { Le(v, 2); }
  void U32(uint32_t v) { Le(v, 4); }
  void U64(uint64_t v) { Le(v, 8); }
  void F(Fp v) { U64(v.value()); }
  void F2(const Fp2& v) {
    F(v.c0);
    F(v.c1);
  }
  void D(const Digest& d) {
    for (Fp x : d.e) F(x);
  }
  void Fps(const std::vector<Fp>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (Fp x : v) F(x);
  }
  void Fp2s(const std::vector<Fp2>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const Fp2& x : v) F2(x);
  }
  void Ds(const std::vector<Digest>& v) {
    U32(static_cast<uint32_t>(v.size()));
    for (const Digest& x : v) D(x);
  }
  void Opening(const MerkleOpening& o) {
    Fps(o.values);
    Ds(o.siblings);
  }
  std::vector<uint8_t> Take() { return std::move(out_); }

 private:
  void Le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}

  size_t remaining() const { return in_.size() - pos_; }

  absl::Status Le(uint64_t* v, int n) {
    if (remaining() < static_cast<size_t>(n))
      return absl::InvalidArgumentError("plonky proof: truncated");
    uint64_t r = 0;
    for (int i = 0; i < n; ++i) r |= static_cast<uint64_t>(in_[pos_ + i]) << (8 * i);
    pos_ += n;
    *v = r;
    return absl::OkStatus();
  }
  absl::Status U32(uint32_t* v) {
    uint64_t r = 0;
    RETURN_IF_ERROR(Le(&r, 4));
    *v = static_cast<uint32_t>(r);
    return absl::OkStatus();
  }
  absl::Status F(Fp* v) {
    uint64_t r = 0;
    RETURN_IF_ERROR(Le(&r, 8));
    if (!Fp::IsCanonical(r))
      return absl::InvalidArgumentError("plonky proof: non-canonical field element");
    *v = Fp::FromCanonical(r);
    return absl::OkStatus();
  }
  absl::Status F2(Fp2* v) {
    RETURN_IF_ERROR(F(&v->c0));
    return F(&v->c1);
  }
  absl::Status D(Digest* d) {
    for (Fp& x : d->e) RETURN_IF_ERROR(F(&x));
    return absl::OkStatus();
  }
  // A count whose elements (each at least `min_bytes` long) must fit in the remaining input.
  absl::Status Count(size_t min_bytes, size_t* n) {
    uint32_t c = 0;
    RETURN_IF_ERROR(U32(&c));
    if (static_cast<uint64_t>(c) * min_bytes > remaining()) {
      return absl::InvalidArgumentError("plonky proof: length " + std::to_string(c) +
                                        " exceeds the input");
    }
    *n = c;
    return absl::OkStatus();
  }
  absl::Status Fps(std::vector<Fp>* v) {
    size_t n = 0;
    RETURN_IF_ERROR(Count(8, &n));
    v->resize(n);
    for (Fp& x : *v) RETURN_IF_ERROR(F(&x));
    return absl::OkStatus();
  }
  absl::Status Fp2s(std::vector<Fp2>* v) {
    size_t n = 0;
    RETURN_IF_ERROR(Count(16, &n));
    v->resize(n);
    for (Fp2& x : *v) RETURN_IF_ERROR(F2(&x));
    return absl::OkStatus();
  }
  absl::Status Ds(std::vector<Digest>* v) {
    size_t n = 0;
    RETURN_IF_ERROR(Count(32, &n));
    v->resize(n);
    for (Digest& x : *v) RETURN_IF_ERROR(D(&x));
    return absl::OkStatus();
  }
  absl::Status Opening(MerkleOpening* o) {
    RETURN_IF_ERROR(Fps(&o->values));
    return Ds(&o->siblings);
  }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<uint8_t> Serialize(const Proof& proof) {
  Writer w;
  for (char c : std::string("EPLK")) w.U8(static_cast<uint8_t>(c));
  w.U16(kProofVersion);
  w.U64(proof.pow_nonce);
  w.U32(static_cast<uint32_t>(proof.tables.size()));
  for (const TableProof& t : proof.tables) {
    w.U32(t.log_rows);
    w.Ds(t.main_cap);
    w.Ds(t.aux_cap);
    w.Ds(t.quotient_cap);
    w.F2(t.lookup_sum);
    w.Fp2s(t.main_zeta);
    w.Fp2s(t.main_next);
    w.Fp2s(t.aux_zeta);
    w.Fp2s(t.aux_next);
    w.Fp2s(t.quotient_zeta);
    w.U32(static_cast<uint32_t>(t.fri_caps.size()));
    for (const auto& cap : t.fri_caps) w.Ds(cap);
    w.Fp2s(t.final_poly);
    w.U32(static_cast<uint32_t>(t.queries.size()));
    for (const QueryProof& q : t.queries) {
      w.Opening(q.main);
      w.Opening(q.aux);
      w.Opening(q.quotient);
      w.U32(static_cast<uint32_t>(q.fri_layers.size()));
      for (const MerkleOpening& o : q.fri_layers) w.Opening(o);
    }
  }
  return w.Take();
}

absl::StatusOr<Proof> Deserialize(std::span<const uint8_t> bytes) {
  if (bytes.size() < 6 || std::memcmp(bytes.data(), "EPLK", 4) != 0) {
    return absl::InvalidArgumentError("plonky proof: bad magic (expected \"EPLK\")");
  }
  Reader r(bytes.subspan(4));
  uint64_t version = 0;
  RETURN_IF_ERROR(r.Le(&version, 2));
  if (version != kProofVersion) {
    return absl::InvalidArgumentError(
        "plonky proof: unsupported version " + std::to_string(version) + " (this build reads " +
        std::to_string(kProofVersion) +
        "; version 5 had one row per Merkle leaf for matrices of 5 to 31 columns, version 4 "
        "committed every first FRI layer, versions 1 to 3 had another quotient or Merkle leaf "
        "layout)");
  }
  Proof proof;
  RETURN_IF_ERROR(r.Le(&proof.pow_nonce, 8));
  size_t num_tables = 0;
  RETURN_IF_ERROR(r.Count(4, &num_tables));
  proof.tables.resize(num_tables);
  for (TableProof& t : proof.tables) {
    RETURN_IF_ERROR(r.U32(&t.log_rows));
    RETURN_IF_ERROR(r.Ds(&t.main_cap));
    RETURN_IF_ERROR(r.Ds(&t.aux_cap));
    RETURN_IF_ERROR(r.Ds(&t.quotient_cap));
    RETURN_IF_ERROR(r.F2(&t.lookup_sum));
    RETURN_IF_ERROR(r.Fp2s(&t.main_zeta));
    RETURN_IF_ERROR(r.Fp2s(&t.main_next));
    RETURN_IF_ERROR(r.Fp2s(&t.aux_zeta));
    RETURN_IF_ERROR(r.Fp2s(&t.aux_next));
    RETURN_IF_ERROR(r.Fp2s(&t.quotient_zeta));
    size_t layers = 0;
    RETURN_IF_ERROR(r.Count(4, &layers));
    t.fri_caps.resize(layers);
    for (auto& cap : t.fri_caps) RETURN_IF_ERROR(r.Ds(&cap));
    RETURN_IF_ERROR(r.Fp2s(&t.final_poly));
    size_t queries = 0;
    RETURN_IF_ERROR(r.Count(28, &queries));
    t.queries.resize(queries);
    for (QueryProof& q : t.queries) {
      RETURN_IF_ERROR(r.Opening(&q.main));
      RETURN_IF_ERROR(r.Opening(&q.aux));
      RETURN_IF_ERROR(r.Opening(&q.quotient));
      size_t n = 0;
      RETURN_IF_ERROR(r.Count(8, &n));
      q.fri_layers.resize(n);
      for (MerkleOpening& o : q.fri_layers) RETURN_IF_ERROR(r.Opening(&o));
    }
  }
  if (r.remaining() != 0) return absl::InvalidArgumentError("plonky proof: trailing bytes");
  return proof;
}

}  // namespace entangle::plonky
