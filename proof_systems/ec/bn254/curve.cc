#include "proof_systems/ec/bn254/curve.h"

#include <openssl/bn.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "common/sha.h"

namespace entangle::bn254 {
namespace {

constexpr uint64_t kBnU = 4965661367192848881ULL;  // the BN parameter u

struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

Bn NewBn() { return Bn(BN_new()); }
Bn BnFromU256(const U256& a) {
  uint8_t le[32];
  for (int i = 0; i < 32; ++i) le[i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
  return Bn(BN_lebin2bn(le, 32, nullptr));
}
template <size_t N>
std::array<uint64_t, N> LimbsFromBn(const BIGNUM* b) {
  uint8_t le[8 * N];
  BN_bn2lebinpad(b, le, sizeof(le));
  std::array<uint64_t, N> r{};
  for (size_t i = 0; i < 8 * N; ++i) r[i / 8] |= (uint64_t)le[i] << (8 * (i % 8));
  return r;
}

Constants MakeConstants() {
  Constants c;
  BN_CTX* ctx = BN_CTX_new();
  Bn p = BnFromU256(FqParams::kMod), r = BnFromU256(FrParams::kMod);
  Fq2 xi{Fq::FromUint(9), Fq::One()};
  c.b2 = Fq2{Fq::FromUint(3), Fq::Zero()} * xi.Inverse();
  // p^k - 1 for k = 1..3, and the Frobenius coefficients xi^(i (p^k - 1) / 6).
  Bn pk = NewBn(), one = NewBn(), six = NewBn(), e = NewBn(), t = NewBn(), rem = NewBn();
  BN_one(one.get());
  BN_set_word(six.get(), 6);
  BN_copy(pk.get(), p.get());
  for (int k = 1; k <= 3; ++k) {
    BN_sub(t.get(), pk.get(), one.get());
    BN_div(e.get(), rem.get(), t.get(), six.get(), ctx);  // (p^k - 1) / 6, exact
    Fq2 base = xi.Pow(LimbsFromBn<12>(e.get()));
    Fq2 acc = Fq2::One();
    for (int i = 0; i < 6; ++i) {
      c.frob_gamma[k - 1][i] = acc;
      acc = acc * base;
    }
    BN_mul(pk.get(), pk.get(), p.get(), ctx);
  }
  c.twist_x = c.frob_gamma[0][2];  // xi^((p-1)/3)
  c.twist_y = c.frob_gamma[0][3];  // xi^((p-1)/2)
  // (p^4 - p^2 + 1) / r
  Bn p2 = NewBn(), p4 = NewBn();
  BN_sqr(p2.get(), p.get(), ctx);
  BN_sqr(p4.get(), p2.get(), ctx);
  BN_sub(t.get(), p4.get(), p2.get());
  BN_add(t.get(), t.get(), one.get());
  BN_div(e.get(), rem.get(), t.get(), r.get(), ctx);
  c.hard_exp = LimbsFromBn<12>(e.get());
  c.hard_exp_bits = BN_num_bits(e.get());
  BN_CTX_free(ctx);
  return c;
}

Fq FqFromDec(const char* s) { return Fq::FromU256Unchecked(*U256FromDecimal(s)); }

}  // namespace

bool detail::DetectAdx() {
#if defined(__x86_64__)
  if (const char* env = std::getenv("ENTANGLE_BN254_PORTABLE"); env && *env && *env != '0') {
    return false;
  }
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & (1u << 8)) && (b & (1u << 19));  // BMI2 (MULX), ADX (ADCX/ADOX)
#else
  return false;
#endif
}

U256 U256FromBe(const uint8_t* be32) {
  U256 r{};
  for (int i = 0; i < 32; ++i) r[3 - i / 8] |= (uint64_t)be32[i] << (8 * (7 - i % 8));
  return r;
}
void U256ToBe(const U256& a, uint8_t* be32) {
  for (int i = 0; i < 32; ++i) be32[i] = (uint8_t)(a[3 - i / 8] >> (8 * (7 - i % 8)));
}

absl::StatusOr<U256> U256FromDecimal(const std::string& s) {
  if (s.empty() || s.size() > 78)
    return absl::InvalidArgumentError("bad decimal integer: '" + s + "'");
  for (char ch : s) {
    if (ch < '0' || ch > '9') return absl::InvalidArgumentError("bad decimal integer: '" + s + "'");
  }
  BIGNUM* b = nullptr;
  if (!BN_dec2bn(&b, s.c_str())) return absl::InvalidArgumentError("bad decimal integer: " + s);
  Bn bn(b);
  if (BN_num_bits(bn.get()) > 256)
    return absl::InvalidArgumentError("integer exceeds 256 bits: " + s);
  return LimbsFromBn<4>(bn.get());
}

std::string U256ToDecimal(const U256& a) {
  Bn b = BnFromU256(a);
  char* s = BN_bn2dec(b.get());
  std::string r(s);
  OPENSSL_free(s);
  return r;
}

const Constants& GetConstants() {
  static const Constants* c = new Constants(MakeConstants());
  return *c;
}

Fq12 Fq12::Frobenius(int k) const {
  const Constants& c = GetConstants();
  const Fq2* g = c.frob_gamma[k - 1];
  auto f = [&](const Fq2& a, int i) { return ((k & 1) ? a.Conjugate() : a) * g[i]; };
  Fq12 r;
  r.c0.c0 = f(c0.c0, 0);
  r.c1.c0 = f(c1.c0, 1);
  r.c0.c1 = f(c0.c1, 2);
  r.c1.c1 = f(c1.c1, 3);
  r.c0.c2 = f(c0.c2, 4);
  r.c1.c2 = f(c1.c2, 5);
  return r;
}

bool Fq2::Sqrt(Fq2* out) const {
  if (IsZero()) {
    *out = Zero();
    return true;
  }
  U256 e;  // (p - 3) / 4
  SubU256(e, FqParams::kMod, U256{3, 0, 0, 0});
  for (int i = 0; i < 4; ++i) e[i] = (e[i] >> 2) | (i < 3 ? e[i + 1] << 62 : 0);
  const Fq2 a1 = Pow(e);
  const Fq2 alpha = a1.Square() * *this;  // this^((p - 1) / 2)
  const Fq2 x0 = a1 * *this;              // this^((p + 1) / 4)
  const Fq2 minus_one{-Fq::One(), Fq::Zero()};
  if (alpha.Conjugate() * alpha == minus_one) return false;  // the norm is not a square
  Fq2 x;
  if (alpha == minus_one) {
    x = Fq2{-x0.c1, x0.c0};  // u * x0
  } else {
    U256 h;  // (p - 1) / 2
    SubU256(h, FqParams::kMod, U256{1, 0, 0, 0});
    for (int i = 0; i < 4; ++i) h[i] = (h[i] >> 1) | (i < 3 ? h[i + 1] << 63 : 0);
    x = (Fq2::One() + alpha).Pow(h) * x0;
  }
  if (x.Square() != *this) return false;
  *out = x;
  return true;
}

G1Affine G1Generator() { return {Fq::FromUint(1), Fq::FromUint(2), false}; }

G2Affine G2Generator() {
  static const G2Affine g = {
      {FqFromDec("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
       FqFromDec("11559732032986387107991004021392285783925812861821192530917403151452391805634")},
      {FqFromDec("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
       FqFromDec("4082367875863433681332203403145435568316851327593401208105741076214120093531")},
      false};
  return g;
}

template <class F>
Jacobian<F> ScalarMul(const Jacobian<F>& p, const U256& k) {
  // Width-5 NAF digits of k (least significant first).
  uint64_t n[5] = {k[0], k[1], k[2], k[3], 0};
  int8_t digits[260];
  int len = 0;
  auto nonzero = [&] { return (n[0] | n[1] | n[2] | n[3] | n[4]) != 0; };
  while (nonzero()) {
    int d = 0;
    if (n[0] & 1) {
      d = (int)(n[0] & 31);
      if (d >= 16) d -= 32;
      // n -= d
      if (d > 0) {
        u128 b = (u128)n[0] - (uint64_t)d;
        n[0] = (uint64_t)b;
        for (int i = 1; i < 5 && (b >> 64); ++i) b = (u128)n[i] - 1, n[i] = (uint64_t)b;
      } else {
        u128 s = (u128)n[0] + (uint64_t)(-d);
        n[0] = (uint64_t)s;
        for (int i = 1; i < 5 && (s >> 64); ++i) s = (u128)n[i] + 1, n[i] = (uint64_t)s;
      }
    }
    digits[len++] = (int8_t)d;
    for (int i = 0; i < 4; ++i) n[i] = (n[i] >> 1) | (n[i + 1] << 63);
    n[4] >>= 1;
  }
  Jacobian<F> table[8];  // P, 3P, ..., 15P
  table[0] = p;
  Jacobian<F> p2 = p.Double();
  for (int i = 1; i < 8; ++i) table[i] = table[i - 1] + p2;
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (int i = len - 1; i >= 0; --i) {
    acc = acc.Double();
    int d = digits[i];
    if (d > 0) acc += table[d / 2];
    if (d < 0) acc += -table[(-d) / 2];
  }
  return acc;
}
template Jacobian<Fq> ScalarMul(const Jacobian<Fq>&, const U256&);
template Jacobian<Fq2> ScalarMul(const Jacobian<Fq2>&, const U256&);

namespace {

// Width-5 NAF digits of a non-negative integer (least significant first); returns the length.
int Naf5(U256 k, int8_t* digits) {
  uint64_t n[5] = {k[0], k[1], k[2], k[3], 0};
  int len = 0;
  while ((n[0] | n[1] | n[2] | n[3] | n[4]) != 0) {
    int d = 0;
    if (n[0] & 1) {
      d = (int)(n[0] & 31);
      if (d >= 16) d -= 32;
      if (d > 0) {
        u128 b = (u128)n[0] - (uint64_t)d;
        n[0] = (uint64_t)b;
        for (int i = 1; i < 5 && (b >> 64); ++i) b = (u128)n[i] - 1, n[i] = (uint64_t)b;
      } else {
        u128 s = (u128)n[0] + (uint64_t)(-d);
        n[0] = (uint64_t)s;
        for (int i = 1; i < 5 && (s >> 64); ++i) s = (u128)n[i] + 1, n[i] = (uint64_t)s;
      }
    }
    digits[len++] = (int8_t)d;
    for (int i = 0; i < 4; ++i) n[i] = (n[i] >> 1) | (n[i + 1] << 63);
    n[4] >>= 1;
  }
  return len;
}

// round(n / d) for d > 0 (n signed).
void RoundDiv(BIGNUM* out, const BIGNUM* n, const BIGNUM* d, BN_CTX* ctx) {
  Bn num = NewBn(), den = NewBn(), rem = NewBn();
  BN_lshift1(num.get(), n);
  BN_add(num.get(), num.get(), d);  // (2n + d) / (2d), floored
  BN_lshift1(den.get(), d);
  BN_div(out, rem.get(), num.get(), den.get(), ctx);
  if (BN_is_negative(num.get()) && !BN_is_zero(rem.get())) BN_sub_word(out, 1);
}

// A signed BIGNUM below 2^127 in magnitude as a two's complement 128-bit integer.
u128 U128FromBn(const BIGNUM* b) {
  const std::array<uint64_t, 2> m = LimbsFromBn<2>(b);
  const u128 v = ((u128)m[1] << 64) | m[0];
  return BN_is_negative(b) ? -v : v;
}

struct Glv {
  Fq beta, beta_g2;
  Fr lambda;
  GlvBasis basis;
};

const Glv& GetGlv() {
  static const Glv* glv = [] {
    auto* g = new Glv;
    BN_CTX* ctx = BN_CTX_new();
    const Bn r = BnFromU256(FrParams::kMod);
    // beta: a primitive cube root of unity in Fq; lambda: the one in Fr with phi(G) = lambda G.
    U256 e;
    SubU256(e, FqParams::kMod, U256{1, 0, 0, 0});
    Bn pm1 = BnFromU256(e), three = NewBn(), q = NewBn(), rem = NewBn();
    BN_set_word(three.get(), 3);
    BN_div(q.get(), rem.get(), pm1.get(), three.get(), ctx);
    Fq beta = Fq::One();
    for (uint64_t c = 2; beta == Fq::One(); ++c)
      beta = Fq::FromUint(c).Pow(LimbsFromBn<4>(q.get()));
    SubU256(e, FrParams::kMod, U256{1, 0, 0, 0});
    Bn rm1 = BnFromU256(e);
    BN_div(q.get(), rem.get(), rm1.get(), three.get(), ctx);
    Fr lambda = Fr::One();
    for (uint64_t c = 2; lambda == Fr::One(); ++c) {
      lambda = Fr::FromUint(c).Pow(LimbsFromBn<4>(q.get()));
    }
    G1 gen = G1::From(G1Generator());
    G1Affine ga = G1Generator();
    if (!(G1::From(G1Affine{ga.x * beta, ga.y, false}) == ScalarMul(gen, lambda))) {
      beta = beta.Square();  // the other cube root pairs with this lambda
    }
    g->beta = beta;
    g->lambda = lambda;
    // On G2 the same lambda goes with one of the two cube roots (the other one's eigenvalue on G2).
    const G2Affine h = G2Generator();
    const G2 lambda_h = ScalarMul(G2::From(h), lambda);
    g->beta_g2 = G2::From(G2Affine{h.x * beta, h.y, false}) == lambda_h ? beta : beta.Square();
    // Extended Euclid on (r, lambda) until the remainder drops below sqrt(r).
    Bn lam = BnFromU256(lambda.ToU256());
    Bn r0(BN_dup(r.get())), r1(BN_dup(lam.get())), t0 = NewBn(), t1 = NewBn();
    BN_zero(t0.get());
    BN_one(t1.get());
    int half_bits = BN_num_bits(r.get()) / 2;
    Bn prev_r = NewBn(), prev_t = NewBn();
    while (BN_num_bits(r1.get()) > half_bits) {
      Bn quo = NewBn(), r2 = NewBn(), t2 = NewBn(), tmp = NewBn();
      BN_div(quo.get(), r2.get(), r0.get(), r1.get(), ctx);
      BN_mul(tmp.get(), quo.get(), t1.get(), ctx);
      BN_sub(t2.get(), t0.get(), tmp.get());
      BN_copy(prev_r.get(), r0.get());
      BN_copy(prev_t.get(), t0.get());
      r0 = std::move(r1);
      t0 = std::move(t1);
      r1 = std::move(r2);
      t1 = std::move(t2);
    }
    // Now r0 >= sqrt(r) > r1: (a1, b1) = (r1, -t1); (a2, b2) = the shorter of (r0, -t0) and the
    // next pair.
    Bn a1(BN_dup(r1.get())), b1(BN_dup(t1.get())), a2, b2;
    BN_set_negative(b1.get(), !BN_is_negative(t1.get()) && !BN_is_zero(t1.get()));
    {
      Bn quo = NewBn(), r2 = NewBn(), t2 = NewBn(), tmp = NewBn();
      BN_div(quo.get(), r2.get(), r0.get(), r1.get(), ctx);
      BN_mul(tmp.get(), quo.get(), t1.get(), ctx);
      BN_sub(t2.get(), t0.get(), tmp.get());
      // lengths^2: r0^2 + t0^2 vs r2^2 + t2^2
      Bn l0 = NewBn(), l2 = NewBn(), x = NewBn();
      BN_sqr(l0.get(), r0.get(), ctx);
      BN_sqr(x.get(), t0.get(), ctx);
      BN_add(l0.get(), l0.get(), x.get());
      BN_sqr(l2.get(), r2.get(), ctx);
      BN_sqr(x.get(), t2.get(), ctx);
      BN_add(l2.get(), l2.get(), x.get());
      const bool use0 = BN_cmp(l0.get(), l2.get()) <= 0;
      a2.reset(BN_dup(use0 ? r0.get() : r2.get()));
      b2.reset(BN_dup(use0 ? t0.get() : t2.get()));
      BN_set_negative(b2.get(), !BN_is_negative(b2.get()) && !BN_is_zero(b2.get()));
    }
    Bn d1 = NewBn(), d2 = NewBn();
    BN_mul(d1.get(), a1.get(), b2.get(), ctx);
    BN_mul(d2.get(), a2.get(), b1.get(), ctx);
    BN_sub(d1.get(), d1.get(), d2.get());
    const bool det_negative = BN_is_negative(d1.get());
    g->basis.a1 = U128FromBn(a1.get());
    g->basis.b1 = U128FromBn(b1.get());
    g->basis.a2 = U128FromBn(a2.get());
    g->basis.b2 = U128FromBn(b2.get());
    g->basis.neg_c1 = BN_is_negative(b2.get()) != det_negative;
    g->basis.neg_c2 = !BN_is_negative(b1.get()) != det_negative;
    Bn scaled = NewBn(), g_bn = NewBn();
    for (int i = 0; i < 2; ++i) {  // g1 = round(|b2| 2^kGlvScale / r), g2 from |b1|
      BN_lshift(scaled.get(), i == 0 ? b2.get() : b1.get(), kGlvScale);
      BN_set_negative(scaled.get(), 0);
      RoundDiv(g_bn.get(), scaled.get(), r.get(), ctx);
      (i == 0 ? g->basis.g1 : g->basis.g2) = LimbsFromBn<4>(g_bn.get());
    }
    BN_CTX_free(ctx);
    return g;
  }();
  return *glv;
}

}  // namespace

Fr GlvLambda() { return GetGlv().lambda; }
template <>
Fq GlvBeta<Fq>() {
  return GetGlv().beta;
}
template <>
Fq GlvBeta<Fq2>() {
  return GetGlv().beta_g2;
}

const GlvBasis& GlvSplitBasis() { return GetGlv().basis; }

namespace {

// p[kFrom..7] = limbs kFrom.. of sum k_i g_j 2^(64 (i + j)) over the products with i + j >= kFrom
// (kFrom = 0: the whole product k g) for a g of kG limbs (its others zero).
template <int kFrom, int kG>
__attribute__((always_inline)) inline void MulFromDiagonal(const U256& k, const U256& g,
                                                           uint64_t p[8]) {
  for (int i = kFrom; i < 8; ++i) p[i] = 0;
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    u128 carry = 0;
#pragma GCC unroll 4
    for (int j = kFrom > i ? kFrom - i : 0; j < kG; ++j) {
      const u128 t = (u128)k[i] * g[j] + p[i + j] + (uint64_t)carry;
      p[i + j] = (uint64_t)t;
      carry = t >> 64;
    }
    if (i + kG >= kFrom) p[i + kG] = (uint64_t)carry;
  }
}

// Adds the rounding term 2^(kGlvScale - 1) to p (limbs 5..7 carry).
constexpr int kRoundLimb = kGlvScale / 64, kRoundOff = kGlvScale % 64;
static_assert(kRoundOff > 0 && kRoundLimb == 5);
inline void AddRoundingTerm(uint64_t p[8]) {
  u128 t = (u128)p[kRoundLimb] + ((u128)1 << (kRoundOff - 1));
  p[kRoundLimb] = (uint64_t)t;
  for (int i = kRoundLimb + 1; i < 8; ++i) t = (u128)p[i] + (uint64_t)(t >> 64), p[i] = (uint64_t)t;
}

// c = round(g k / 2^kGlvScale) = bits kGlvScale.. of g k + 2^(kGlvScale - 1) (< 2^127), for a g of
// kG limbs. The products below diagonal 3 (i + j <= 2) are left out first: together they are
// E < 2^128 + 2 * 2^192 + 3 * 2^256 < 2^258, so they can change the bits kept only when bits
// 258 .. kGlvScale - 1 of the rest (plus the rounding term) are all ones (a carry of E reaching
// bit kGlvScale): then the whole product is taken. The result is exactly the full product's.
template <int kG>
u128 RoundScaled(const U256& k, const U256& g) {
  uint64_t p[8];
  MulFromDiagonal<3, kG>(k, g, p);
  AddRoundingTerm(p);
  constexpr uint64_t kLow = (uint64_t{1} << kRoundOff) - 1;  // bits 320 .. kGlvScale - 1
  if (__builtin_expect((p[4] >> 2) == (~uint64_t{0} >> 2) && (p[5] & kLow) == kLow, 0)) {
    MulFromDiagonal<0, kG>(k, g, p);
    AddRoundingTerm(p);
  }
  return (u128)(p[5] >> kRoundOff) | ((u128)p[6] << (64 - kRoundOff)) |
         ((u128)p[7] << (128 - kRoundOff));
}
u128 RoundScaled(const U256& k, const U256& g) {
  return g[3] == 0 ? RoundScaled<3>(k, g) : RoundScaled<4>(k, g);  // BN254's g1 < 2^192
}

}  // namespace

u128 GlvRoundScaled(const U256& k, const U256& g) { return RoundScaled(k, g); }

GlvHalves GlvSplit(const Fr& k) {
  const U256 kv = k.ToU256();
  GlvHalves h{};
  // k < 2^123: g k < 2^379, so c1 = c2 = 0 and the split is (k, 0).
  if ((kv[3] | kv[2]) == 0 && kv[1] < (uint64_t{1} << 59)) {
    h.k1 = {kv[0], kv[1], 0, 0};
    return h;
  }
  const GlvBasis& g = GetGlv().basis;
  u128 c1 = RoundScaled(kv, g.g1), c2 = RoundScaled(kv, g.g2);
  if (g.neg_c1) c1 = -c1;
  if (g.neg_c2) c2 = -c2;
  // k1 = k - c1 a1 - c2 a2, k2 = -c1 b1 - c2 b2: exact mod 2^128, and |k_j| < 2^126.
  const u128 k_low = ((u128)kv[1] << 64) | kv[0];
  const u128 k1 = k_low - c1 * g.a1 - c2 * g.a2, k2 = 0 - c1 * g.b1 - c2 * g.b2;
  h.neg1 = (k1 >> 127) != 0;
  h.neg2 = (k2 >> 127) != 0;
  const u128 m1 = h.neg1 ? -k1 : k1, m2 = h.neg2 ? -k2 : k2;
  h.k1 = {(uint64_t)m1, (uint64_t)(m1 >> 64), 0, 0};
  h.k2 = {(uint64_t)m2, (uint64_t)(m2 >> 64), 0, 0};
  return h;
}

G1 GlvMul(const G1& p, const Fr& k) {
  const GlvHalves h = GlvSplit(k);
  G1 p1 = h.neg1 ? -p : p;
  G1 p2 = G1{p.x * GlvBeta<Fq>(), p.y, p.z};  // phi(P) in Jacobian coordinates
  if (h.neg2) p2 = -p2;
  int8_t d1[260], d2[260];
  int l1 = Naf5(h.k1, d1), l2 = Naf5(h.k2, d2);
  G1 t1[8], t2[8];
  t1[0] = p1;
  t2[0] = p2;
  G1 p1d = p1.Double(), p2d = p2.Double();
  for (int i = 1; i < 8; ++i) {
    t1[i] = t1[i - 1] + p1d;
    t2[i] = t2[i - 1] + p2d;
  }
  G1 acc = G1::Infinity();
  for (int i = std::max(l1, l2) - 1; i >= 0; --i) {
    acc = acc.Double();
    int a = i < l1 ? d1[i] : 0, b = i < l2 ? d2[i] : 0;
    if (a > 0) acc += t1[a / 2];
    if (a < 0) acc += -t1[(-a) / 2];
    if (b > 0) acc += t2[b / 2];
    if (b < 0) acc += -t2[(-b) / 2];
  }
  return acc;
}

bool G2InSubgroup(const G2Affine& q) {
  if (q.infinity) return true;
  return ScalarMul(G2::From(q), FrParams::kMod).IsInfinity();
}

namespace {

// A line function in the sparse form a + b0 w + b1 v w (a, b0, b1 in Fq2), evaluated at P; lines
// are scaled by Fq2 factors, which the final exponentiation removes.
struct Line {
  Fq2 a, b0, b1;
};

// f * (a + b0 w + b1 v w).
inline Fq12 MulByLine(const Fq12& f, const Line& l) {
  // f = f0 + f1 w, l = l0 + l1 w with l0 = (a, 0, 0), l1 = (b0, b1, 0).
  auto mul01 = [](const Fq6& x, const Fq2& c0, const Fq2& c1) {
    Fq2 a0 = x.c0 * c0, a1 = x.c1 * c1;
    return Fq6{((x.c1 + x.c2) * c1 - a1).MulByXi() + a0, (x.c0 + x.c1) * (c0 + c1) - a0 - a1,
               (x.c0 + x.c2) * c0 - a0 + a1};
  };
  Fq6 t0 = f.c0 * l.a;
  Fq6 t1 = mul01(f.c1, l.b0, l.b1);
  Fq6 t2 = mul01(f.c0 + f.c1, l.b0 + l.a, l.b1);
  return {t0 + t1.MulByV(), t2 - t0 - t1};
}

// The line at P from its P-independent coefficients: a = c[0] yP, b0 = c[1] xP, b1 = c[2].
inline Line Evaluate(const std::array<Fq2, 3>& c, const G1Affine& p) {
  return {c[0] * p.y, c[1] * p.x, c[2]};
}

// T in homogeneous projective coordinates (x = X / Z, y = Y / Z) on the twist.
struct TwistPoint {
  Fq2 x, y, z;
};

// T = 2T; returns the tangent line at T (scaled by 2YZ): 2YZ yP - 3X^2 xP w + (Y^2 - 3b'Z^2) v w.
// Formulas: Costello-Lange-Naehrig / Aranha et al. for a = 0.
std::array<Fq2, 3> DoubleStep(TwistPoint& t, const Fq2& three_b, const Fq& two_inv) {
  const Fq2 &x = t.x, &y = t.y, &z = t.z;
  Fq2 a = (x * y) * two_inv;
  Fq2 b = y.Square(), c = z.Square();
  Fq2 e = three_b * c, f = e + e + e;
  Fq2 g = (b + f) * two_inv;
  Fq2 h = (y + z).Square() - (b + c);
  Fq2 x2 = x.Square();
  std::array<Fq2, 3> l{h, -(x2 + x2 + x2), b - e};
  Fq2 e2 = e.Square();
  t.x = a * (b - f);
  t.y = g.Square() - (e2 + e2 + e2);
  t.z = b * h;
  return l;
}

// T = T + Q (Q affine); returns the line through T and Q scaled by lambda = X - xQ Z:
// lambda yP - theta xP w + (theta xQ - lambda yQ) v w with theta = Y - yQ Z.
std::array<Fq2, 3> AddStep(TwistPoint& t, const G2Affine& q) {
  Fq2 theta = t.y - q.y * t.z, lambda = t.x - q.x * t.z;
  Fq2 c = theta.Square(), d = lambda.Square();
  Fq2 e = lambda * d, f = t.z * c, g = t.x * d;
  Fq2 h = e + f - g.Double();
  std::array<Fq2, 3> l{lambda, -theta, theta * q.x - lambda * q.y};
  t.x = lambda * h;
  t.y = theta * (g - h) - t.y * e;
  t.z = t.z * e;
  return l;
}

constexpr u128 kAteLoop = (u128)6 * kBnU + 2;
int AteLoopBits() { return 128 - __builtin_clzll((uint64_t)(kAteLoop >> 64)); }

}  // namespace

G2Prepared PrepareG2(const G2Affine& q) {
  G2Prepared out;
  out.infinity = q.infinity;
  if (q.infinity) return out;
  const Constants& c = GetConstants();
  const Fq2 three_b = c.b2 + c.b2 + c.b2;
  const Fq two_inv = Fq::FromUint(2).Inverse();
  TwistPoint t{q.x, q.y, Fq2::One()};
  out.lines.reserve(2 * AteLoopBits() + 2);
  for (int i = AteLoopBits() - 2; i >= 0; --i) {
    out.lines.push_back(DoubleStep(t, three_b, two_inv));
    if ((kAteLoop >> i) & 1) out.lines.push_back(AddStep(t, q));
  }
  // The two Frobenius steps of the optimal ate pairing: Q1 = pi(Q), Q2 = pi^2(Q), added as Q1, -Q2.
  G2Affine q1{q.x.Conjugate() * c.twist_x, q.y.Conjugate() * c.twist_y, false};
  G2Affine q2{q1.x.Conjugate() * c.twist_x, q1.y.Conjugate() * c.twist_y, false};
  out.lines.push_back(AddStep(t, q1));
  out.lines.push_back(AddStep(t, -q2));
  return out;
}

Fq12 MultiMillerLoopPrepared(std::span<const std::pair<G1Affine, const G2Prepared*>> pairs) {
  std::vector<std::pair<G1Affine, const G2Prepared*>> live;
  for (const auto& pr : pairs) {
    if (!pr.first.infinity && !pr.second->infinity) live.push_back(pr);
  }
  Fq12 f = Fq12::One();
  if (live.empty()) return f;
  size_t idx = 0;
  auto apply = [&] {
    for (const auto& [p, q] : live) f = MulByLine(f, Evaluate(q->lines[idx], p));
    ++idx;
  };
  for (int i = AteLoopBits() - 2; i >= 0; --i) {
    if (idx > 0) f = f.Square();
    apply();
    if ((kAteLoop >> i) & 1) apply();
  }
  apply();
  apply();
  return f;
}

Fq12 MultiMillerLoop(std::span<const std::pair<G1Affine, G2Affine>> pairs) {
  std::vector<G2Prepared> prepared;
  prepared.reserve(pairs.size());
  std::vector<std::pair<G1Affine, const G2Prepared*>> refs;
  for (const auto& [p, q] : pairs) prepared.push_back(PrepareG2(q));
  for (size_t i = 0; i < pairs.size(); ++i) refs.emplace_back(pairs[i].first, &prepared[i]);
  return MultiMillerLoopPrepared(refs);
}

Fq12 MillerLoop(const G1Affine& p, const G2Affine& q) {
  std::pair<G1Affine, G2Affine> pr{p, q};
  return MultiMillerLoop(std::span(&pr, 1));
}

namespace {
Fq12 EasyPart(const Fq12& f) {
  // f^((p^6 - 1)(p^2 + 1)); the result lies in the cyclotomic subgroup (inverse = conjugate).
  Fq12 t = f.Conjugate() * f.Inverse();
  return t.Frobenius(2) * t;
}
// x^u for the BN parameter u, x in the cyclotomic subgroup: cyclotomic squarings and the
// non-adjacent form of u (24 non-zero digits instead of 28 bits; x^-1 = conj(x) there).
Fq12 PowU(const Fq12& x) {
  static const std::vector<int8_t> naf = [] {
    std::vector<int8_t> d;
    u128 k = kBnU;
    while (k) {
      int8_t z = 0;
      if (k & 1) {
        z = (int8_t)(2 - (int)(k & 3));
        k = z > 0 ? k - 1 : k + 1;
      }
      d.push_back(z);
      k >>= 1;
    }
    return d;
  }();
  const Fq12 xc = x.Conjugate();
  Fq12 r = x;  // the top digit is 1
  for (size_t i = naf.size() - 1; i-- > 0;) {
    r = r.CyclotomicSquare();
    if (naf[i] > 0) r *= x;
    if (naf[i] < 0) r *= xc;
  }
  return r;
}
}  // namespace

Fq12 FinalExponentiationSlow(const Fq12& f) {
  Fq12 t = EasyPart(f);
  const Constants& c = GetConstants();
  Fq12 r = Fq12::One();
  for (int i = c.hard_exp_bits - 1; i >= 0; --i) {
    r = r.Square();
    if ((c.hard_exp[i / 64] >> (i % 64)) & 1) r *= t;
  }
  return r;
}

Fq12 FinalExponentiation(const Fq12& in) {
  Fq12 f = EasyPart(in);
  // Hard part (p^4 - p^2 + 1) / r via the BN parameter u (Scott et al., "On the final
  // exponentiation for calculating pairings on ordinary elliptic curves"); checked in tests against
  // the plain exponentiation by (p^4 - p^2 + 1) / r.
  Fq12 fp = f.Frobenius(1), fp2 = f.Frobenius(2), fp3 = f.Frobenius(3);
  Fq12 fu = PowU(f), fu2 = PowU(fu), fu3 = PowU(fu2);
  Fq12 y3 = fu.Frobenius(1).Conjugate();
  Fq12 fu2p = fu2.Frobenius(1), fu3p = fu3.Frobenius(1);
  Fq12 y2 = fu2.Frobenius(2);
  Fq12 y0 = fp * fp2 * fp3;
  Fq12 y1 = f.Conjugate();
  Fq12 y5 = fu2.Conjugate();
  Fq12 y4 = (fu * fu2p).Conjugate();
  Fq12 y6 = (fu3 * fu3p).Conjugate();
  Fq12 t0 = y6.CyclotomicSquare() * y4 * y5;
  Fq12 t1 = y3 * y5 * t0;
  t0 = t0 * y2;
  t1 = (t1.CyclotomicSquare() * t0).CyclotomicSquare();
  t0 = t1 * y1;
  t1 = t1 * y0;
  return t0.CyclotomicSquare() * t1;
}

Fq12 Pairing(const G1Affine& p, const G2Affine& q) { return FinalExponentiation(MillerLoop(p, q)); }

bool PairingProductIsOne(std::span<const std::pair<G1Affine, G2Affine>> pairs) {
  return FinalExponentiation(MultiMillerLoop(pairs)).IsOne();
}

bool PairingProductIsOnePrepared(std::span<const std::pair<G1Affine, const G2Prepared*>> pairs) {
  return FinalExponentiation(MultiMillerLoopPrepared(pairs)).IsOne();
}

namespace {
std::vector<uint8_t> ExpandMessageXmd(std::string_view msg, std::string_view dst, size_t len) {
  std::vector<uint8_t> dst_prime(dst.begin(), dst.end());
  dst_prime.push_back((uint8_t)dst.size());
  std::vector<uint8_t> m(64, 0);
  m.insert(m.end(), msg.begin(), msg.end());
  m.push_back((uint8_t)(len >> 8));
  m.push_back((uint8_t)len);
  m.push_back(0);
  m.insert(m.end(), dst_prime.begin(), dst_prime.end());
  auto b0 = Sha256(m);
  std::vector<uint8_t> out;
  std::array<uint8_t, 32> prev{};
  for (size_t i = 1; out.size() < len; ++i) {
    std::vector<uint8_t> in(32);
    for (int j = 0; j < 32; ++j) in[j] = b0[j] ^ (i == 1 ? 0 : prev[j]);
    in.push_back((uint8_t)i);
    in.insert(in.end(), dst_prime.begin(), dst_prime.end());
    auto bi = Sha256(in);
    std::copy(bi.begin(), bi.end(), prev.begin());
    out.insert(out.end(), bi.begin(), bi.end());
  }
  out.resize(len);
  return out;
}

template <class F>
std::vector<F> HashToField(std::string_view msg, std::string_view dst, size_t count) {
  std::vector<uint8_t> u = ExpandMessageXmd(msg, dst, 48 * count);
  std::vector<F> out;
  BN_CTX* ctx = BN_CTX_new();
  Bn mod = BnFromU256(F::kMod), v = NewBn();
  for (size_t i = 0; i < count; ++i) {
    Bn x(BN_bin2bn(u.data() + 48 * i, 48, nullptr));
    BN_mod(v.get(), x.get(), mod.get(), ctx);
    out.push_back(F::FromU256Unchecked(LimbsFromBn<4>(v.get())));
  }
  BN_CTX_free(ctx);
  return out;
}
}  // namespace

std::vector<Fq> HashToFq(std::string_view msg, std::string_view dst, size_t count) {
  return HashToField<Fq>(msg, dst, count);
}
std::vector<Fr> HashToFr(std::string_view msg, std::string_view dst, size_t count) {
  return HashToField<Fr>(msg, dst, count);
}

}  // namespace entangle::bn254
