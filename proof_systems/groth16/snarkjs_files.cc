#include "proof_systems/groth16/snarkjs_files.h"

#include <cstring>
#include <functional>
#include <mutex>
#include <type_traits>

#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/groth16/setup.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

uint32_t U32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
uint64_t U64(const uint8_t* p) { return U32(p) | (uint64_t)U32(p + 4) << 32; }

absl::Status Err(const std::string& m) { return absl::InvalidArgumentError(m); }

}  // namespace

absl::Status CheckPrime(ByteView s, size_t& pos, const U256& expected, const std::string& what) {
  if (s.size() < pos + 4) return Err(what + ": truncated header");
  uint32_t n8 = U32(s.data() + pos);
  pos += 4;
  if (n8 != 32 || s.size() < pos + 32) return Err(what + ": field size is not 32 bytes");
  U256 v{};
  for (int i = 0; i < 32; ++i) v[i / 8] |= (uint64_t)s[pos + i] << (8 * (i % 8));
  pos += 32;
  if (v != expected) return Err(what + ": not the BN254 (bn128) field");
  return absl::OkStatus();
}

namespace {

// Runs decode(i) for i < n on ThreadPool::Default(); the error of the smallest failing index.
absl::Status ParallelDecode(size_t n, const std::function<absl::Status(size_t)>& decode) {
  std::mutex mu;
  size_t first = n;
  absl::Status error;
  ThreadPool::Default().ParallelFor(
      n,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          absl::Status st = decode(i);
          if (st.ok()) continue;
          std::lock_guard<std::mutex> lock(mu);
          if (i < first) first = i, error = std::move(st);
          return;
        }
      },
      4096);
  return error;
}

// OK when section `s` of a zkey (name: for errors) holds `count` points of type P.
template <class P>
absl::Status CheckPointCount(ByteView s, size_t count, const std::string& name) {
  constexpr size_t kSize = std::is_same_v<P, G1Affine> ? 64 : 128;
  if (s.size() != count * kSize) {
    return Err("zkey: section " + name + " has " + std::to_string(s.size()) + " bytes, expected " +
               std::to_string(count * kSize));
  }
  return absl::OkStatus();
}

// Decodes section `s` of a zkey into out, whose size is the expected count.
template <class P>
absl::Status DecodePoints(ByteView s, std::span<P> out, const std::string& name) {
  constexpr size_t kSize = std::is_same_v<P, G1Affine> ? 64 : 128;
  RETURN_IF_ERROR(CheckPointCount<P>(s, out.size(), name));
  return ParallelDecode(out.size(), [&](size_t i) -> absl::Status {
    absl::StatusOr<P> p;
    if constexpr (kSize == 64) {
      p = G1FromLeMont(s.data() + kSize * i);
    } else {
      // B2 is checked on the curve only (the subgroup check costs a scalar multiplication).
      p = G2FromLeMont(s.data() + kSize * i, /*check_subgroup=*/false);
    }
    if (!p.ok()) {
      return Err("zkey: " + name + "[" + std::to_string(i) +
                 "]: " + std::string(p.status().message()));
    }
    out[i] = *p;
    return absl::OkStatus();
  });
}

// `count` points decoded from section `s` (DecodePoints writes every one).
template <class P>
absl::StatusOr<UninitializedVector<P>> Points(ByteView s, size_t count, const std::string& name) {
  RETURN_IF_ERROR(CheckPointCount<P>(s, count, name));  // before the allocation
  UninitializedVector<P> out = PrefaultedUninitialized<P>(count);
  RETURN_IF_ERROR(DecodePoints(s, std::span<P>(out), name));
  return out;
}

absl::StatusOr<UninitializedVector<G1Affine>> G1s(const BinFile& f, uint32_t section, size_t count,
                                                  const std::string& name) {
  ASSIGN_OR_RETURN(ByteView s, f.Section(section));
  return Points<G1Affine>(s, count, name);
}

}  // namespace

void PutU32(Bytes& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void PutU64(Bytes& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void PutU256(Bytes& out, const U256& v) {
  for (int i = 0; i < 32; ++i) out.push_back(uint8_t(v[i / 8] >> (8 * (i % 8))));
}

BinWriter::BinWriter(const char magic[4], uint32_t version, uint32_t n_sections) {
  out_.assign(magic, magic + 4);
  PutU32(out_, version);
  PutU32(out_, n_sections);
}

Bytes& BinWriter::Begin(uint32_t type) {
  PutU32(out_, type);
  size_pos_ = out_.size();
  PutU64(out_, 0);
  return out_;
}

void BinWriter::End() {
  const uint64_t size = out_.size() - size_pos_ - 8;
  for (int i = 0; i < 8; ++i) out_[size_pos_ + i] = uint8_t(size >> (8 * i));
}

absl::StatusOr<ByteView> BinFile::Section(uint32_t type) const {
  auto it = sections.find(type);
  if (it == sections.end())
    return Err(magic + " file: section " + std::to_string(type) + " missing");
  return bytes.subspan(it->second.first, it->second.second);
}

absl::StatusOr<BinFile> ParseBinFile(Bytes data, const std::string& magic) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFileView(data, magic));
  f.data = std::move(data);
  f.bytes = f.data;
  return f;
}

absl::StatusOr<BinFile> ParseBinFileView(ByteView data, const std::string& magic) {
  BinFile f;
  if (data.size() < 12) return Err(magic + " file: too short");
  f.magic.assign(data.begin(), data.begin() + 4);
  if (f.magic != magic) return Err("not a " + magic + " file (magic '" + f.magic + "')");
  f.version = U32(data.data() + 4);
  uint32_t n = U32(data.data() + 8);
  size_t pos = 12;
  for (uint32_t i = 0; i < n; ++i) {
    if (data.size() - pos < 12) return Err(magic + " file: truncated section header");
    uint32_t type = U32(data.data() + pos);
    uint64_t size = U64(data.data() + pos + 4);
    pos += 12;
    if (size > data.size() - pos) {
      return Err(magic + " file: section " + std::to_string(type) + " runs past the end");
    }
    if (!f.sections.emplace(type, std::make_pair(pos, (size_t)size)).second) {
      return Err(magic + " file: duplicate section " + std::to_string(type));
    }
    pos += size;
  }
  f.bytes = data;
  return f;
}

absl::StatusOr<UninitializedVector<Fr>> ParseWtns(ByteView data) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFileView(data, "wtns"));
  ASSIGN_OR_RETURN(ByteView h, f.Section(1));
  size_t pos = 0;
  RETURN_IF_ERROR(CheckPrime(h, pos, Fr::kMod, "wtns"));
  if (h.size() < pos + 4) return Err("wtns: truncated header");
  uint32_t n = U32(h.data() + pos);
  ASSIGN_OR_RETURN(ByteView w, f.Section(2));
  if (w.size() != (size_t)n * 32) return Err("wtns: witness section size does not match nWitness");
  UninitializedVector<Fr> out = PrefaultedUninitialized<Fr>(n);  // each value written once, below
  RETURN_IF_ERROR(ParallelDecode(n, [&](size_t i) -> absl::Status {
    if (!Fr::FromCanonical(U256FromLe(&w[32 * i]), &out[i])) {
      return Err("wtns: witness value " + std::to_string(i) + " is not below r");
    }
    return absl::OkStatus();
  }));
  return out;
}

Bytes WriteWtns(std::span<const Fr> witness) {
  BinWriter w("wtns", 2, 2);
  Bytes& h = w.Begin(1);
  PutU32(h, 32);
  PutU256(h, Fr::kMod);
  PutU32(h, witness.size());
  w.End();
  Bytes& v = w.Begin(2);
  for (const Fr& f : witness) PutU256(v, f.ToU256());
  w.End();
  return w.Take();
}

absl::StatusOr<ProvingKey> ParseZkey(ByteView data) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFileView(data, "zkey"));
  ASSIGN_OR_RETURN(ByteView s1, f.Section(1));
  if (s1.size() < 4 || U32(s1.data()) != 1) return Err("zkey: not a Groth16 key (protocol != 1)");
  ASSIGN_OR_RETURN(ByteView h, f.Section(2));
  size_t pos = 0;
  RETURN_IF_ERROR(CheckPrime(h, pos, Fq::kMod, "zkey base field"));
  RETURN_IF_ERROR(CheckPrime(h, pos, Fr::kMod, "zkey scalar field"));
  if (h.size() != pos + 12 + 3 * 64 + 3 * 128)
    return Err("zkey: Groth16 header has the wrong size");
  ProvingKey pk;
  pk.n_vars = U32(h.data() + pos);
  pk.n_public = U32(h.data() + pos + 4);
  pk.domain_size = U32(h.data() + pos + 8);
  pos += 12;
  if (pk.domain_size == 0 || (pk.domain_size & (pk.domain_size - 1)) ||
      pk.domain_size > (1u << 27)) {
    return Err("zkey: domain size is not a power of two in [1, 2^27]");
  }
  if (uint64_t{pk.n_public} + 1 > pk.n_vars) return Err("zkey: nPublic + 1 exceeds nVars");
  auto g1 = [&](G1Affine& out, const char* name) -> absl::Status {
    auto p = G1FromLeMont(h.data() + pos);
    pos += 64;
    if (!p.ok())
      return Err(std::string("zkey: ") + name + ": " + std::string(p.status().message()));
    out = *p;
    return absl::OkStatus();
  };
  auto g2 = [&](G2Affine& out, const char* name) -> absl::Status {
    auto p = G2FromLeMont(h.data() + pos);
    pos += 128;
    if (!p.ok())
      return Err(std::string("zkey: ") + name + ": " + std::string(p.status().message()));
    out = *p;
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(g1(pk.alpha1, "alpha1"));
  RETURN_IF_ERROR(g1(pk.beta1, "beta1"));
  RETURN_IF_ERROR(g2(pk.beta2, "beta2"));
  RETURN_IF_ERROR(g2(pk.gamma2, "gamma2"));
  RETURN_IF_ERROR(g1(pk.delta1, "delta1"));
  RETURN_IF_ERROR(g2(pk.delta2, "delta2"));
  {
    ASSIGN_OR_RETURN(auto ic, G1s(f, 3, size_t{pk.n_public} + 1, "IC"));
    pk.ic.assign(ic.begin(), ic.end());
  }
  ASSIGN_OR_RETURN(ByteView cs, f.Section(4));
  if (cs.size() < 4) return Err("zkey: coefficient section truncated");
  uint32_t ncoef = U32(cs.data());
  if (cs.size() != 4 + (size_t)ncoef * 44) return Err("zkey: coefficient section size mismatch");
  pk.coefs = PrefaultedUninitialized<Coef>(ncoef);  // every one is written below
  RETURN_IF_ERROR(ParallelDecode(ncoef, [&](size_t i) -> absl::Status {
    const uint8_t* p = cs.data() + 4 + 44 * i;
    Coef& c = pk.coefs[i];
    c.matrix = U32(p);
    c.constraint = U32(p + 4);
    c.signal = U32(p + 8);
    if (c.matrix > 1 || c.constraint >= pk.domain_size || c.signal >= pk.n_vars) {
      return Err("zkey: coefficient " + std::to_string(i) + " out of range");
    }
    const U256 v = U256FromLe(p + 12);
    if (GeqU256(v, Fr::kMod)) return Err("zkey: coefficient " + std::to_string(i) + " >= r");
    c.value_r = Fr::FromMont(v);  // the file stores c R^2: c R in Montgomery form
    return absl::OkStatus();
  }));
  ASSIGN_OR_RETURN(pk.a, G1s(f, 5, pk.n_vars, "A"));
  ASSIGN_OR_RETURN(pk.b1, G1s(f, 6, pk.n_vars, "B1"));
  {
    ASSIGN_OR_RETURN(ByteView s, f.Section(7));
    ASSIGN_OR_RETURN(pk.b2, Points<G2Affine>(s, pk.n_vars, "B2"));
  }
  {
    ASSIGN_OR_RETURN(ByteView c, f.Section(8));
    ASSIGN_OR_RETURN(ByteView h, f.Section(9));
    pk.n_c = size_t{pk.n_vars} - pk.n_public - 1;
    // Both sizes first, so that a bad section is reported before the joined vector is allocated.
    RETURN_IF_ERROR(CheckPointCount<G1Affine>(c, pk.n_c, "C"));
    RETURN_IF_ERROR(CheckPointCount<G1Affine>(h, pk.domain_size, "H"));
    pk.ch = PrefaultedUninitialized<G1Affine>(pk.n_c + pk.domain_size);
    RETURN_IF_ERROR(DecodePoints(c, std::span(pk.ch).first(pk.n_c), "C"));
    RETURN_IF_ERROR(DecodePoints(h, std::span(pk.ch).subspan(pk.n_c), "H"));
  }
  pk.insecure_dev_setup = f.sections.count(kInsecureDevSetupSection) > 0;
  return pk;
}

}  // namespace entangle::groth16
