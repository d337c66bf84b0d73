#include "proof_systems/ec/bn254/encoding.h"

#include <cstring>

#include "common/status.h"

namespace entangle::bn254 {
namespace {

bool AllZero(const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i]) return false;
  }
  return true;
}

absl::Status CheckG1(const G1Affine& p) {
  if (!p.IsOnCurve()) return absl::InvalidArgumentError("G1 point is not on the curve");
  return absl::OkStatus();
}
absl::Status CheckG2(const G2Affine& q) {
  if (!q.IsOnCurve()) return absl::InvalidArgumentError("G2 point is not on the twist curve");
  if (!G2InSubgroup(q))
    return absl::InvalidArgumentError("G2 point is not in the order-r subgroup");
  return absl::OkStatus();
}

void U256ToLe(const U256& a, uint8_t* le) {
  for (int i = 0; i < 32; ++i) le[i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}

}  // namespace

U256 U256FromLe(const uint8_t* le) {
  U256 r{};
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(r.data(), le, 32);  // the limbs are little-endian words
#else
  for (int i = 0; i < 32; ++i) r[i / 8] |= (uint64_t)le[i] << (8 * (i % 8));
#endif
  return r;
}

absl::StatusOr<Fq> FqFromBe(const uint8_t* be32) {
  Fq r;
  if (!Fq::FromCanonical(U256FromBe(be32), &r)) {
    return absl::InvalidArgumentError("field element is not canonical (>= p)");
  }
  return r;
}

absl::StatusOr<G1Affine> G1FromEth(const uint8_t* in) {
  ASSIGN_OR_RETURN(Fq x, FqFromBe(in));
  ASSIGN_OR_RETURN(Fq y, FqFromBe(in + 32));
  if (x.IsZero() && y.IsZero()) return G1Affine::Infinity();
  G1Affine p{x, y, false};
  if (auto s = CheckG1(p); !s.ok()) return s;
  return p;
}

absl::StatusOr<G2Affine> G2FromEth(const uint8_t* in) {
  ASSIGN_OR_RETURN(Fq x1, FqFromBe(in));
  ASSIGN_OR_RETURN(Fq x0, FqFromBe(in + 32));
  ASSIGN_OR_RETURN(Fq y1, FqFromBe(in + 64));
  ASSIGN_OR_RETURN(Fq y0, FqFromBe(in + 96));
  G2Affine q{{x0, x1}, {y0, y1}, false};
  if (q.x.IsZero() && q.y.IsZero()) return G2Affine::Infinity();
  if (auto s = CheckG2(q); !s.ok()) return s;
  return q;
}

std::array<uint8_t, 64> G1ToEth(const G1Affine& p) {
  std::array<uint8_t, 64> out{};
  if (p.infinity) return out;
  U256ToBe(p.x.ToU256(), out.data());
  U256ToBe(p.y.ToU256(), out.data() + 32);
  return out;
}

std::array<uint8_t, 128> G2ToEth(const G2Affine& q) {
  std::array<uint8_t, 128> out{};
  if (q.infinity) return out;
  U256ToBe(q.x.c1.ToU256(), out.data());
  U256ToBe(q.x.c0.ToU256(), out.data() + 32);
  U256ToBe(q.y.c1.ToU256(), out.data() + 64);
  U256ToBe(q.y.c0.ToU256(), out.data() + 96);
  return out;
}

absl::StatusOr<Fq> FqFromDecimal(const std::string& s) {
  ASSIGN_OR_RETURN(U256 v, U256FromDecimal(s));
  Fq r;
  if (!Fq::FromCanonical(v, &r)) return absl::InvalidArgumentError("Fq element >= p: " + s);
  return r;
}
absl::StatusOr<Fr> FrFromDecimal(const std::string& s) {
  ASSIGN_OR_RETURN(U256 v, U256FromDecimal(s));
  Fr r;
  if (!Fr::FromCanonical(v, &r)) return absl::InvalidArgumentError("Fr element >= r: " + s);
  return r;
}

absl::StatusOr<G1Affine> G1FromJson(const std::vector<std::string>& xyz) {
  if (xyz.size() != 3) return absl::InvalidArgumentError("G1 JSON point needs 3 coordinates");
  ASSIGN_OR_RETURN(Fq x, FqFromDecimal(xyz[0]));
  ASSIGN_OR_RETURN(Fq y, FqFromDecimal(xyz[1]));
  ASSIGN_OR_RETURN(Fq z, FqFromDecimal(xyz[2]));
  if (z.IsZero()) return G1Affine::Infinity();
  Fq zi = z.Inverse();  // snarkjs writes z = 1; accept any projective z
  G1Affine p{x * zi, y * zi, false};
  if (auto s = CheckG1(p); !s.ok()) return s;
  return p;
}

absl::StatusOr<G2Affine> G2FromJson(const std::vector<std::vector<std::string>>& xyz) {
  if (xyz.size() != 3 || xyz[0].size() != 2 || xyz[1].size() != 2 || xyz[2].size() != 2) {
    return absl::InvalidArgumentError("G2 JSON point needs 3 coordinates of 2 elements");
  }
  Fq2 c[3];
  for (int i = 0; i < 3; ++i) {
    ASSIGN_OR_RETURN(c[i].c0, FqFromDecimal(xyz[i][0]));
    ASSIGN_OR_RETURN(c[i].c1, FqFromDecimal(xyz[i][1]));
  }
  if (c[2].IsZero()) return G2Affine::Infinity();
  Fq2 zi = c[2].Inverse();
  G2Affine q{c[0] * zi, c[1] * zi, false};
  if (auto s = CheckG2(q); !s.ok()) return s;
  return q;
}

std::vector<std::string> G1ToJson(const G1Affine& p) {
  if (p.infinity) return {"0", "1", "0"};
  return {p.x.ToDecimal(), p.y.ToDecimal(), "1"};
}

std::vector<std::vector<std::string>> G2ToJson(const G2Affine& q) {
  if (q.infinity) return {{"0", "0"}, {"1", "0"}, {"0", "0"}};
  return {{q.x.c0.ToDecimal(), q.x.c1.ToDecimal()},
          {q.y.c0.ToDecimal(), q.y.c1.ToDecimal()},
          {"1", "0"}};
}

absl::StatusOr<Fq> FqFromLeMont(const uint8_t* le32) {
  U256 m = U256FromLe(le32);
  if (GeqU256(m, Fq::kMod)) return absl::InvalidArgumentError("Montgomery field element >= p");
  return Fq::FromMont(m);
}
void FqToLeMont(const Fq& a, uint8_t* le32) { U256ToLe(a.mont(), le32); }

absl::StatusOr<G1Affine> G1FromLeMont(const uint8_t* in) {
  if (AllZero(in, 64)) return G1Affine::Infinity();
  ASSIGN_OR_RETURN(Fq x, FqFromLeMont(in));
  ASSIGN_OR_RETURN(Fq y, FqFromLeMont(in + 32));
  G1Affine p{x, y, false};
  if (auto s = CheckG1(p); !s.ok()) return s;
  return p;
}

absl::StatusOr<G2Affine> G2FromLeMont(const uint8_t* in, bool check_subgroup) {
  if (AllZero(in, 128)) return G2Affine::Infinity();
  G2Affine q;
  q.infinity = false;
  ASSIGN_OR_RETURN(q.x.c0, FqFromLeMont(in));
  ASSIGN_OR_RETURN(q.x.c1, FqFromLeMont(in + 32));
  ASSIGN_OR_RETURN(q.y.c0, FqFromLeMont(in + 64));
  ASSIGN_OR_RETURN(q.y.c1, FqFromLeMont(in + 96));
  if (!check_subgroup && !q.IsOnCurve()) {
    return absl::InvalidArgumentError("G2 point is not on the twist curve");
  }
  if (check_subgroup) RETURN_IF_ERROR(CheckG2(q));
  return q;
}

void G1ToLeMont(const G1Affine& p, uint8_t* out) {
  if (p.infinity) {
    std::memset(out, 0, 64);
    return;
  }
  FqToLeMont(p.x, out);
  FqToLeMont(p.y, out + 32);
}
void G2ToLeMont(const G2Affine& q, uint8_t* out) {
  if (q.infinity) {
    std::memset(out, 0, 128);
    return;
  }
  FqToLeMont(q.x.c0, out);
  FqToLeMont(q.x.c1, out + 32);
  FqToLeMont(q.y.c0, out + 64);
  FqToLeMont(q.y.c1, out + 96);
}

std::array<uint8_t, 32> G1Compress(const G1Affine& p) {
  std::array<uint8_t, 32> out{};
  if (p.infinity) {
    out[0] = 0x40;
    return out;
  }
  U256ToBe(p.x.ToU256(), out.data());
  out[0] |= p.y.IsLexLarger() ? 0xC0 : 0x80;
  return out;
}

namespace {
// Splits the flags off a compressed encoding; returns the error for malformed flags or a malformed
// infinity, sets *infinity, and leaves the x bytes (flags cleared) in buf.
absl::Status CompressedFlags(const uint8_t* in, size_t len, uint8_t* buf, bool* infinity,
                             bool* larger, const char* what) {
  const uint8_t flags = in[0] & 0xC0;
  std::memcpy(buf, in, len);
  buf[0] &= 0x3F;
  *infinity = flags == 0x40;
  *larger = flags == 0xC0;
  if (*infinity && !AllZero(buf, len)) {
    return absl::InvalidArgumentError(std::string(what) + ": malformed infinity");
  }
  if (flags == 0) {
    return absl::InvalidArgumentError(std::string(what) + ": compression flag missing");
  }
  return absl::OkStatus();
}
}  // namespace

absl::StatusOr<G1Affine> G1Decompress(const uint8_t* in) {
  uint8_t buf[32];
  bool infinity, larger;
  RETURN_IF_ERROR(CompressedFlags(in, 32, buf, &infinity, &larger, "compressed G1"));
  if (infinity) return G1Affine::Infinity();
  ASSIGN_OR_RETURN(Fq x, FqFromBe(buf));
  Fq y;
  if (!(x * x * x + Fq::FromUint(3)).Sqrt(&y)) {
    return absl::InvalidArgumentError("compressed G1: x is not on the curve");
  }
  if (y.IsLexLarger() != larger) y = -y;
  return G1Affine{x, y, false};
}

std::array<uint8_t, 64> G2Compress(const G2Affine& q) {
  std::array<uint8_t, 64> out{};
  if (q.infinity) {
    out[0] = 0x40;
    return out;
  }
  U256ToBe(q.x.c1.ToU256(), out.data());
  U256ToBe(q.x.c0.ToU256(), out.data() + 32);
  out[0] |= q.y.IsLexLarger() ? 0xC0 : 0x80;
  return out;
}

absl::StatusOr<G2Affine> G2Decompress(const uint8_t* in) {
  uint8_t buf[64];
  bool infinity, larger;
  RETURN_IF_ERROR(CompressedFlags(in, 64, buf, &infinity, &larger, "compressed G2"));
  if (infinity) return G2Affine::Infinity();
  Fq2 x;
  ASSIGN_OR_RETURN(x.c1, FqFromBe(buf));
  ASSIGN_OR_RETURN(x.c0, FqFromBe(buf + 32));
  Fq2 y;
  if (!(x.Square() * x + GetConstants().b2).Sqrt(&y)) {
    return absl::InvalidArgumentError("compressed G2: x is not on the twist curve");
  }
  if (y.IsLexLarger() != larger) y = -y;
  G2Affine q{x, y, false};
  if (!G2InSubgroup(q)) {
    return absl::InvalidArgumentError("compressed G2: point is not in the order-r subgroup");
  }
  return q;
}

}  // namespace entangle::bn254
