// BN254 (alt_bn128) base field Fq, scalar field Fr and the tower Fq2 = Fq[u]/(u^2 + 1),
// Fq6 = Fq2[v]/(v^3 - xi) with xi = 9 + u, Fq12 = Fq6[w]/(w^2 - v).
// Fq and Fr are kept in Montgomery form (4 x 64-bit limbs, R = 2^256); the Montgomery constants are
// derived at compile time from the modulus.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_FIELDS_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_FIELDS_H_

#include <array>
#include <cstdint>
#include <string>
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include "absl/status/statusor.h"

namespace entangle::bn254 {

using u128 = unsigned __int128;
// A 256-bit unsigned integer, little-endian 64-bit limbs.
using U256 = std::array<uint64_t, 4>;

inline bool GeqU256(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; --i) {
    if (a[i] != b[i]) return a[i] > b[i];
  }
  return true;
}
// a - b, returns the borrow.
inline uint64_t SubU256(U256& out, const U256& a, const U256& b) {
#if defined(__x86_64__)
  unsigned long long o0, o1, o2, o3;
  unsigned char c = _subborrow_u64(0, a[0], b[0], &o0);
  c = _subborrow_u64(c, a[1], b[1], &o1);
  c = _subborrow_u64(c, a[2], b[2], &o2);
  c = _subborrow_u64(c, a[3], b[3], &o3);
  out = {o0, o1, o2, o3};
  return c;
#else
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) {
    u128 d = (u128)a[i] - b[i] - borrow;
    out[i] = (uint64_t)d;
    borrow = (uint64_t)(d >> 64) & 1;
  }
  return borrow;
#endif
}
inline uint64_t AddU256(U256& out, const U256& a, const U256& b) {
#if defined(__x86_64__)
  unsigned long long o0, o1, o2, o3;
  unsigned char c = _addcarry_u64(0, a[0], b[0], &o0);
  c = _addcarry_u64(c, a[1], b[1], &o1);
  c = _addcarry_u64(c, a[2], b[2], &o2);
  c = _addcarry_u64(c, a[3], b[3], &o3);
  out = {o0, o1, o2, o3};
  return c;
#else
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) {
    u128 s = (u128)a[i] + b[i] + carry;
    out[i] = (uint64_t)s;
    carry = (uint64_t)(s >> 64);
  }
  return carry;
#endif
}
inline bool BitU256(const U256& a, int i) { return (a[i / 64] >> (i % 64)) & 1; }
inline int BitLenU256(const U256& a) {
  for (int i = 3; i >= 0; --i) {
    if (a[i]) return 64 * i + 64 - __builtin_clzll(a[i]);
  }
  return 0;
}
// Big-endian 32 bytes <-> U256.
U256 U256FromBe(const uint8_t* be32);
void U256ToBe(const U256& a, uint8_t* be32);
// Decimal strings (no sign, no leading '+'); errors on junk or values >= 2^256.
absl::StatusOr<U256> U256FromDecimal(const std::string& s);
std::string U256ToDecimal(const U256& a);

namespace detail {
constexpr uint64_t NegInv64(uint64_t p0) {
  uint64_t x = 1;  // Newton iteration for p0^-1 mod 2^64
  for (int i = 0; i < 7; ++i) x *= 2 - p0 * x;
  return ~x + 1;
}
constexpr U256 TwoPowMod(int e, const U256& m) {
  // 2^e mod m by repeated doubling (m < 2^255).
  U256 r{1, 0, 0, 0};
  for (int i = 0; i < e; ++i) {
    U256 d{};
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      d[j] = (r[j] << 1) | carry;
      carry = r[j] >> 63;
    }
    bool ge = true;
    for (int j = 3; j >= 0; --j) {
      if (d[j] != m[j]) {
        ge = d[j] > m[j];
        break;
      }
    }
    if (ge) {
      uint64_t borrow = 0;
      for (int j = 0; j < 4; ++j) {
        u128 t = (u128)d[j] - m[j] - borrow;
        d[j] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
      }
    }
    r = d;
  }
  return r;
}
// k m for a small k (the caller keeps k m below 2^256).
constexpr U256 MulSmallU256(const U256& m, uint64_t k) {
  U256 r{};
  u128 carry = 0;
  for (int i = 0; i < 4; ++i) {
    carry += (u128)m[i] * k;
    r[i] = (uint64_t)carry;
    carry >>= 64;
  }
  return r;
}
// True when Fp multiplication uses the MULX/ADX assembly: the CPU has BMI2 and ADX (cpuid, checked
// once at start-up) and ENTANGLE_BN254_PORTABLE is not set (forces the portable __int128 path).
bool DetectAdx();
inline const bool kUseAdx = DetectAdx();
inline bool UseAdx() { return kUseAdx; }
}  // namespace detail

struct FqParams {
  static constexpr U256 kMod = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL,
                                0x30644e72e131a029ULL};
};
struct FrParams {
  static constexpr U256 kMod = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL,
                                0x30644e72e131a029ULL};
};

template <class P>
class Fp {
 public:
  static constexpr U256 kMod = P::kMod;
  static constexpr uint64_t kInv = detail::NegInv64(P::kMod[0]);
  static constexpr U256 kR = detail::TwoPowMod(256, P::kMod);
  static constexpr U256 kR2 = detail::TwoPowMod(512, P::kMod);

  constexpr Fp() : l_{0, 0, 0, 0} {}
  static Fp Zero() { return Fp(); }
  static Fp One() { return FromMont(kR); }
  static Fp FromMont(const U256& m) {
    Fp r;
    r.l_ = m;
    return r;
  }
  // From a canonical integer; the caller guarantees a < p (see FromCanonical for checked input).
  static Fp FromU256Unchecked(const U256& a) {
    Fp r;
    MontMul(r.l_, a, kR2);
    return r;
  }
  // Reduces any 256-bit integer mod p.
  static Fp FromU256Reduce(U256 a) {
    while (GeqU256(a, kMod)) SubU256(a, a, kMod);
    return FromU256Unchecked(a);
  }
  // Fails unless a < p.
  static bool FromCanonical(const U256& a, Fp* out) {
    if (GeqU256(a, kMod)) return false;
    *out = FromU256Unchecked(a);
    return true;
  }
  static Fp FromUint(uint64_t v) { return FromU256Unchecked(U256{v, 0, 0, 0}); }
  // The canonical integer by Montgomery reduction alone (a multiplication by 1, whose partial
  // products are known): each round adds m p (m = t_0 (-1/p) mod 2^64) and drops a limb, so for
  // any t < 2^256 the result is below t / 2^256 + p < p + 1; the final subtraction maps p to 0.
  U256 ToU256() const {
    U256 t = l_;
#pragma GCC unroll 4
    for (int round = 0; round < 4; ++round) {
      const uint64_t m = t[0] * kInv;
      u128 acc = (u128)m * kMod[0] + t[0];  // low limb 0
#pragma GCC unroll 3
      for (int j = 1; j < 4; ++j) {
        acc = (u128)m * kMod[j] + t[j] + (uint64_t)(acc >> 64);
        t[j - 1] = (uint64_t)acc;
      }
      t[3] = (uint64_t)(acc >> 64);
    }
    if (GeqU256(t, kMod)) SubU256(t, t, kMod);
    return t;
  }
  const U256& mont() const { return l_; }

  bool IsZero() const { return (l_[0] | l_[1] | l_[2] | l_[3]) == 0; }
  bool operator==(const Fp& o) const { return l_ == o.l_; }
  bool operator!=(const Fp& o) const { return l_ != o.l_; }

  // Addition and subtraction without data-dependent branches, by the lazy primitives below
  // (x86-64: add/sub chains and CMOV in registers): a + b < 2p < 2^255 never carries out of 256
  // bits and one conditional subtraction of p reduces it; a + p - b is in [1, 2p) and likewise.
  Fp operator+(const Fp& o) const { return ReduceOnce<1>(AddLazy(*this, o)); }
  Fp operator-(const Fp& o) const { return ReduceOnce<1>(SubLazy<1>(*this, o)); }
  Fp operator-() const {
    if (IsZero()) return *this;
    Fp r;
    SubU256(r.l_, kMod, l_);
    return r;
  }
  // The same computation as MulLazy (whose result stays in registers: see there).
  __attribute__((always_inline)) Fp operator*(const Fp& o) const { return MulLazy(*this, o); }
  Fp& operator+=(const Fp& o) { return *this = *this + o; }
  Fp& operator-=(const Fp& o) { return *this = *this - o; }
  Fp& operator*=(const Fp& o) { return *this = *this * o; }
  Fp Square() const { return *this * *this; }
  Fp Double() const { return *this + *this; }

  // this^e for a little-endian limb exponent.
  template <size_t N>
  Fp Pow(const std::array<uint64_t, N>& e) const {
    Fp r = One();
    for (int i = 64 * N - 1; i >= 0; --i) {
      r = r.Square();
      if ((e[i / 64] >> (i % 64)) & 1) r *= *this;
    }
    return r;
  }
  // Inverse by Fermat; Inverse(0) = 0.
  Fp Inverse() const {
    U256 e;
    SubU256(e, kMod, U256{2, 0, 0, 0});
    return Pow(e);
  }
  // Square root when p = 3 mod 4 (true for both BN254 fields? only Fq); returns false for
  // non-squares.
  bool Sqrt(Fp* out) const {
    U256 e;
    AddU256(e, kMod, U256{1, 0, 0, 0});
    // e = (p + 1) / 4
    for (int i = 0; i < 4; ++i) e[i] = (e[i] >> 2) | (i < 3 ? e[i + 1] << 62 : 0);
    Fp s = Pow(e);
    if (s.Square() != *this) return false;
    *out = s;
    return true;
  }
  // Lexicographically larger than -this (as canonical integers): used by compressed encodings.
  bool IsLexLarger() const {
    U256 a = ToU256();
    U256 half;  // (p - 1) / 2
    SubU256(half, kMod, U256{1, 0, 0, 0});
    for (int i = 0; i < 4; ++i) half[i] = (half[i] >> 1) | (i < 3 ? half[i + 1] << 63 : 0);
    return !GeqU256(half, a);
  }

  std::string ToDecimal() const { return U256ToDecimal(ToU256()); }

  // The two multiplication paths, for property tests and benchmarks (operator* picks one at run
  // time). MulAsm requires detail::UseAdx().
  static Fp MulPortable(const Fp& a, const Fp& b) {
    Fp r;
    MontMulPortable(r.l_, a.l_, b.l_);
    return r;
  }
#if defined(__x86_64__)
  static Fp MulAsm(const Fp& a, const Fp& b) {
    Fp r;
    MontMulAdx(r.l_, a.l_, b.l_);
    return r;
  }
#endif

  // Lazy reduction, for transforms that keep their values below 4p between steps instead of below
  // p (Harvey, "Faster arithmetic for number-theoretic transforms", J. Symb. Comp. 2014): the
  // additions and subtractions inside skip their conditional correction, and the values are
  // reduced where a bound would overflow and once at the end. Here an Fp may hold any 256-bit
  // representative of its class (the Montgomery form plus a multiple of p): only the functions
  // below accept or return such values; everything else expects and returns values below p, so a
  // lazy value must go through ReduceFull (or MulLazy) before anything else sees it. 4p < 2^256
  // since the top limb of p is below 2^62 (static_assert below). Bounds are on the limbs as an
  // integer: "below k p" means mont() < k p.

  // a + b without reduction. Requires a + b < 2^256 (e.g. a, b < 2p); returns a + b.
  __attribute__((always_inline)) static Fp AddLazy(const Fp& a, const Fp& b) {
    Fp r;
#if defined(__x86_64__)
    uint64_t r0 = a.l_[0], r1 = a.l_[1], r2 = a.l_[2], r3 = a.l_[3];
    asm("addq %[b0], %[r0]\n\t"
        "adcq %[b1], %[r1]\n\t"
        "adcq %[b2], %[r2]\n\t"
        "adcq %[b3], %[r3]\n\t"
        : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3)
        : [b0] "rm"(b.l_[0]), [b1] "rm"(b.l_[1]), [b2] "rm"(b.l_[2]), [b3] "rm"(b.l_[3])
        : "cc");
    r.l_ = {r0, r1, r2, r3};
#else
    AddU256(r.l_, a.l_, b.l_);
#endif
    return r;
  }
  // a + k p - b without reduction, k in [1, 4]. Requires b <= k p and a + k p - b < 2^256 (e.g.
  // a, b < 2p and k = 2: below 4p); returns a + k p - b.
  template <int k>
  __attribute__((always_inline)) static Fp SubLazy(const Fp& a, const Fp& b) {
    static_assert(k >= 1 && k <= 4);
    const U256& kp = kModTimes<k>;
    Fp r;
    // a - b mod 2^256, then + k p mod 2^256: the sum wraps back exactly when the difference
    // borrowed.
#if defined(__x86_64__)
    uint64_t r0 = a.l_[0], r1 = a.l_[1], r2 = a.l_[2], r3 = a.l_[3];
    asm("subq %[b0], %[r0]\n\t"
        "sbbq %[b1], %[r1]\n\t"
        "sbbq %[b2], %[r2]\n\t"
        "sbbq %[b3], %[r3]\n\t"
        "addq %[k0], %[r0]\n\t"
        "adcq %[k1], %[r1]\n\t"
        "adcq %[k2], %[r2]\n\t"
        "adcq %[k3], %[r3]\n\t"
        : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3)
        : [b0] "rm"(b.l_[0]), [b1] "rm"(b.l_[1]), [b2] "rm"(b.l_[2]), [b3] "rm"(b.l_[3]),
          [k0] "m"(kp[0]), [k1] "m"(kp[1]), [k2] "m"(kp[2]), [k3] "m"(kp[3])
        : "cc");
    r.l_ = {r0, r1, r2, r3};
#else
    U256 d;
    SubU256(d, a.l_, b.l_);
    AddU256(r.l_, d, kp);
#endif
    return r;
  }
  // One conditional subtraction of k p, k in {1, 2}, without a branch. Requires a < 2 k p;
  // returns a - k p when a >= k p, else a: below k p, same class.
  template <int k>
  __attribute__((always_inline)) static Fp ReduceOnce(const Fp& a) {
    static_assert(k == 1 || k == 2);
    const U256& kp = kModTimes<k>;
    Fp r;
#if defined(__x86_64__)
    uint64_t r0 = a.l_[0], r1 = a.l_[1], r2 = a.l_[2], r3 = a.l_[3], t0, t1, t2, t3;
    asm("movq %[r0], %[t0]\n\t"
        "subq %[k0], %[t0]\n\t"
        "movq %[r1], %[t1]\n\t"
        "sbbq %[k1], %[t1]\n\t"
        "movq %[r2], %[t2]\n\t"
        "sbbq %[k2], %[t2]\n\t"
        "movq %[r3], %[t3]\n\t"
        "sbbq %[k3], %[t3]\n\t"
        "cmovncq %[t0], %[r0]\n\t"  // no borrow: a >= k p
        "cmovncq %[t1], %[r1]\n\t"
        "cmovncq %[t2], %[r2]\n\t"
        "cmovncq %[t3], %[r3]\n\t"
        : [r0] "+&r"(r0), [r1] "+&r"(r1), [r2] "+&r"(r2), [r3] "+&r"(r3), [t0] "=&r"(t0),
          [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3)
        : [k0] "m"(kp[0]), [k1] "m"(kp[1]), [k2] "m"(kp[2]), [k3] "m"(kp[3])
        : "cc");
    r.l_ = {r0, r1, r2, r3};
#else
    U256 t;
    const uint64_t keep = 0 - SubU256(t, a.l_, kp);  // all ones when a < k p
    for (int i = 0; i < 4; ++i) r.l_[i] = (a.l_[i] & keep) | (t[i] & ~keep);
#endif
    return r;
  }
  // Requires a < 4p; returns the fully reduced value (< p), the one the exact operators give.
  __attribute__((always_inline)) static Fp ReduceFull(const Fp& a) {
    return ReduceOnce<1>(ReduceOnce<2>(a));
  }
  // w x R^-1 mod p, fully reduced (< p), for a reduced w (< p) and ANY x < 2^256 (e.g. a lazy
  // value below 4p): operator* itself, with w as the operand that multiplies the words of x. Why
  // both paths (MontMulAdx and MontMulPortable) are exact for such inputs: in round i of the CIOS
  // loop, t <- (t + w x_i + m p) / 2^64 with x_i, m <= 2^64 - 1; if t <= w_max + p - 2 before the
  // round (t = 0 at the start), the numerator is at most (w_max + p - 1) 2^64 - 1, so t <= w_max +
  // p - 2 again, with w_max <= p - 1: every round's t is below 2p < 2^256 and its top word does
  // not overflow, which is all the no-carry variant needs (t + w x_i < 2^320 always). After the
  // four rounds t = (w x + M p) / 2^256 with M < 2^256, so t < w x / 2^256 + p < 2p (w < p,
  // x < 2^256): the final conditional subtraction of p leaves the canonical value. (The same
  // argument with the roles exchanged allows x < 2^256 - p, above 4p, as the word-multiplied
  // operand: the order matters only past that.)
  // No path writes through a pointer to the result, so that GCC can keep it in registers (an Fp
  // written by four 8-byte stores, then copied as two 16-byte moves, stalls the copy).
  __attribute__((always_inline)) static Fp MulLazy(const Fp& w, const Fp& x) {
#if defined(__x86_64__)
    if (__builtin_expect(detail::UseAdx(), 1)) {
      U256 m;
      MontMulAdx(m, w.l_, x.l_);
      return FromMont(m);
    }
#endif
    return FromMont(MontMulPortableValue(w.l_, x.l_));
  }

 private:
  // CIOS Montgomery multiplication without the extra carry word: valid because the top limb of
  // both moduli is below 2^63 - 1 (the no-carry condition: top bit clear and not all other bits
  // set), so every round's intermediate value fits in five words and its result in four, below 2p.
  // The top limb is even below 2^62, which the additions rely on (a + b < 2p < 2^255).
  static_assert(P::kMod[3] < (1ULL << 62));
  // k p for the lazy functions.
  template <int k>
  static constexpr U256 kModTimes = detail::MulSmallU256(kMod, k);
  // The assembly's constant operands in one array: p, -p^-1 mod 2^64 and a zero word (for the carry
  // flushes), so that position-independent code needs one base register for all of them.
  static constexpr std::array<uint64_t, 6> kAsmConsts = {kMod[0], kMod[1], kMod[2],
                                                         kMod[3], kInv,    0};
  static inline void MontMulPortable(U256& out, const U256& a, const U256& b) {
    uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
#define ENTANGLE_BN254_MONT_ROUND(bi)         \
  {                                           \
    u128 c = (u128)a[0] * (bi) + t0;          \
    t0 = (uint64_t)c;                         \
    uint64_t ca = (uint64_t)(c >> 64);        \
    const uint64_t m = t0 * kInv;             \
    u128 d = (u128)m * kMod[0] + t0;          \
    uint64_t cd = (uint64_t)(d >> 64);        \
    c = (u128)a[1] * (bi) + t1 + ca;          \
    ca = (uint64_t)(c >> 64);                 \
    d = (u128)m * kMod[1] + (uint64_t)c + cd; \
    t0 = (uint64_t)d;                         \
    cd = (uint64_t)(d >> 64);                 \
    c = (u128)a[2] * (bi) + t2 + ca;          \
    ca = (uint64_t)(c >> 64);                 \
    d = (u128)m * kMod[2] + (uint64_t)c + cd; \
    t1 = (uint64_t)d;                         \
    cd = (uint64_t)(d >> 64);                 \
    c = (u128)a[3] * (bi) + t3 + ca;          \
    ca = (uint64_t)(c >> 64);                 \
    d = (u128)m * kMod[3] + (uint64_t)c + cd; \
    t2 = (uint64_t)d;                         \
    cd = (uint64_t)(d >> 64);                 \
    t3 = ca + cd;                             \
  }
    ENTANGLE_BN254_MONT_ROUND(b[0])
    ENTANGLE_BN254_MONT_ROUND(b[1])
    ENTANGLE_BN254_MONT_ROUND(b[2])
    ENTANGLE_BN254_MONT_ROUND(b[3])
#undef ENTANGLE_BN254_MONT_ROUND
    U256 r{t0, t1, t2, t3};
    if (GeqU256(r, kMod)) SubU256(r, r, kMod);
    out = r;
  }

#if defined(__x86_64__)
  // The same no-carry CIOS multiplication with MULX and two independent carry chains (ADCX on CF,
  // ADOX on OF); only called when the CPU has BMI2 and ADX (detail::UseAdx()). Each round
  // multiplies a by b[i] into t (the top word A = t + a * b[i] >> 256 fits in 64 bits), then adds
  // m * p and shifts t down one word in the same chain, the top word ending as hi(m * p[3]) + A
  // plus both carries: no fifth carry word, since the top limb of p is below 2^63 - 1 (the
  // "no-carry" condition, gnark-crypto's hackmd.io/@gnark/modular_multiplication). Both flags
  // end every round cleared (the last additions cannot carry), so the next round's
  // multiplication starts its chains without an XOR; the registers rotate instead of moving.
  // Final conditional subtraction without a branch (CMOV).
  __attribute__((always_inline)) static inline void MontMulAdx(U256& out, const U256& a,
                                                               const U256& b) {
    uint64_t r0, r1, r2, r3, r4, r5, r6;
    asm(""
        "movq %[b0], %%rdx\n\t"
        "mulxq %[a0], %[r0], %[r1]\n\t"
        "mulxq %[a1], %[r5], %[r2]\n\t"
        "addq %[r5], %[r1]\n\t"
        "mulxq %[a2], %[r5], %[r3]\n\t"
        "adcq %[r5], %[r2]\n\t"
        "mulxq %[a3], %[r5], %[r4]\n\t"
        "adcq %[r5], %[r3]\n\t"
        "adcq $0, %[r4]\n\t"
        "movq %[r0], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "mulxq %[p0], %[r5], %[r6]\n\t"
        "adcxq %[r0], %[r5]\n\t"
        "adcxq %[r1], %[r6]\n\t"
        "mulxq %[p1], %[r5], %[r0]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r2], %[r0]\n\t"
        "mulxq %[p2], %[r5], %[r1]\n\t"
        "adoxq %[r5], %[r0]\n\t"
        "adcxq %[r3], %[r1]\n\t"
        "mulxq %[p3], %[r5], %[r2]\n\t"
        "adoxq %[r5], %[r1]\n\t"
        "adcxq %[r4], %[r2]\n\t"
        "adoxq %[zero], %[r2]\n\t"
        "movq %[b1], %%rdx\n\t"
        "xorl %k[r3], %k[r3]\n\t"
        "mulxq %[a0], %[r5], %[r4]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r4], %[r0]\n\t"
        "mulxq %[a1], %[r5], %[r4]\n\t"
        "adoxq %[r5], %[r0]\n\t"
        "adcxq %[r4], %[r1]\n\t"
        "mulxq %[a2], %[r5], %[r4]\n\t"
        "adoxq %[r5], %[r1]\n\t"
        "adcxq %[r4], %[r2]\n\t"
        "mulxq %[a3], %[r5], %[r3]\n\t"
        "adoxq %[r5], %[r2]\n\t"
        "adcxq %[zero], %[r3]\n\t"
        "adoxq %[zero], %[r3]\n\t"
        "movq %[r6], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "mulxq %[p0], %[r5], %[r4]\n\t"
        "adcxq %[r6], %[r5]\n\t"
        "adcxq %[r0], %[r4]\n\t"
        "mulxq %[p1], %[r5], %[r6]\n\t"
        "adoxq %[r5], %[r4]\n\t"
        "adcxq %[r1], %[r6]\n\t"
        "mulxq %[p2], %[r5], %[r0]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r2], %[r0]\n\t"
        "mulxq %[p3], %[r5], %[r1]\n\t"
        "adoxq %[r5], %[r0]\n\t"
        "adcxq %[r3], %[r1]\n\t"
        "adoxq %[zero], %[r1]\n\t"
        "movq %[b2], %%rdx\n\t"
        "xorl %k[r2], %k[r2]\n\t"
        "mulxq %[a0], %[r5], %[r3]\n\t"
        "adoxq %[r5], %[r4]\n\t"
        "adcxq %[r3], %[r6]\n\t"
        "mulxq %[a1], %[r5], %[r3]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r3], %[r0]\n\t"
        "mulxq %[a2], %[r5], %[r3]\n\t"
        "adoxq %[r5], %[r0]\n\t"
        "adcxq %[r3], %[r1]\n\t"
        "mulxq %[a3], %[r5], %[r2]\n\t"
        "adoxq %[r5], %[r1]\n\t"
        "adcxq %[zero], %[r2]\n\t"
        "adoxq %[zero], %[r2]\n\t"
        "movq %[r4], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "mulxq %[p0], %[r5], %[r3]\n\t"
        "adcxq %[r4], %[r5]\n\t"
        "adcxq %[r6], %[r3]\n\t"
        "mulxq %[p1], %[r5], %[r4]\n\t"
        "adoxq %[r5], %[r3]\n\t"
        "adcxq %[r0], %[r4]\n\t"
        "mulxq %[p2], %[r5], %[r6]\n\t"
        "adoxq %[r5], %[r4]\n\t"
        "adcxq %[r1], %[r6]\n\t"
        "mulxq %[p3], %[r5], %[r0]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r2], %[r0]\n\t"
        "adoxq %[zero], %[r0]\n\t"
        "movq %[b3], %%rdx\n\t"
        "xorl %k[r1], %k[r1]\n\t"
        "mulxq %[a0], %[r5], %[r2]\n\t"
        "adoxq %[r5], %[r3]\n\t"
        "adcxq %[r2], %[r4]\n\t"
        "mulxq %[a1], %[r5], %[r2]\n\t"
        "adoxq %[r5], %[r4]\n\t"
        "adcxq %[r2], %[r6]\n\t"
        "mulxq %[a2], %[r5], %[r2]\n\t"
        "adoxq %[r5], %[r6]\n\t"
        "adcxq %[r2], %[r0]\n\t"
        "mulxq %[a3], %[r5], %[r1]\n\t"
        "adoxq %[r5], %[r0]\n\t"
        "adcxq %[zero], %[r1]\n\t"
        "adoxq %[zero], %[r1]\n\t"
        "movq %[r3], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "mulxq %[p0], %[r5], %[r2]\n\t"
        "adcxq %[r3], %[r5]\n\t"
        "adcxq %[r4], %[r2]\n\t"
        "mulxq %[p1], %[r5], %[r3]\n\t"
        "adoxq %[r5], %[r2]\n\t"
        "adcxq %[r6], %[r3]\n\t"
        "mulxq %[p2], %[r5], %[r4]\n\t"
        "adoxq %[r5], %[r3]\n\t"
        "adcxq %[r0], %[r4]\n\t"
        "mulxq %[p3], %[r5], %[r6]\n\t"
        "adoxq %[r5], %[r4]\n\t"
        "adcxq %[r1], %[r6]\n\t"
        "adoxq %[zero], %[r6]\n\t"
        "movq %[r2], %[r5]\n\t"
        "subq %[p0], %[r5]\n\t"
        "movq %[r3], %[r1]\n\t"
        "sbbq %[p1], %[r1]\n\t"
        "movq %[r4], %%rdx\n\t"
        "sbbq %[p2], %%rdx\n\t"
        "movq %[r6], %[r0]\n\t"
        "sbbq %[p3], %[r0]\n\t"
        "cmovncq %[r5], %[r2]\n\t"
        "cmovncq %[r1], %[r3]\n\t"
        "cmovncq %%rdx, %[r4]\n\t"
        "cmovncq %[r0], %[r6]\n\t"
        : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
          [r5] "=&r"(r5), [r6] "=&r"(r6)
        : [a0] "m"(a[0]), [a1] "m"(a[1]), [a2] "m"(a[2]), [a3] "m"(a[3]), [b0] "m"(b[0]),
          [b1] "m"(b[1]), [b2] "m"(b[2]), [b3] "m"(b[3]), [p0] "m"(kAsmConsts[0]),
          [p1] "m"(kAsmConsts[1]), [p2] "m"(kAsmConsts[2]), [p3] "m"(kAsmConsts[3]),
          [inv] "m"(kAsmConsts[4]), [zero] "m"(kAsmConsts[5])
        : "rdx", "cc");
    out = U256{r2, r3, r4, r6};
  }
#endif
  __attribute__((noinline)) static U256 MontMulPortableValue(const U256& a, const U256& b) {
    U256 r;
    MontMulPortable(r, a, b);
    return r;
  }
  // Only the assembly path is inlined at every call site; the portable one stays out of line.
  __attribute__((noinline)) static void MontMulPortableOutOfLine(U256& out, const U256& a,
                                                                 const U256& b) {
    MontMulPortable(out, a, b);
  }
  __attribute__((always_inline)) static inline void MontMul(U256& out, const U256& a,
                                                            const U256& b) {
#if defined(__x86_64__)
    if (__builtin_expect(detail::UseAdx(), 1)) return MontMulAdx(out, a, b);
#endif
    MontMulPortableOutOfLine(out, a, b);
  }

  U256 l_;
};

using Fq = Fp<FqParams>;
using Fr = Fp<FrParams>;

struct Fq2 {
  Fq c0, c1;
  static Fq2 Zero() { return {}; }
  static Fq2 One() { return {Fq::One(), Fq::Zero()}; }
  bool IsZero() const { return c0.IsZero() && c1.IsZero(); }
  bool operator==(const Fq2& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq2& o) const { return !(*this == o); }
  Fq2 operator+(const Fq2& o) const { return {c0 + o.c0, c1 + o.c1}; }
  Fq2 operator-(const Fq2& o) const { return {c0 - o.c0, c1 - o.c1}; }
  Fq2 operator-() const { return {-c0, -c1}; }
  Fq2 operator*(const Fq2& o) const {
    Fq t0 = c0 * o.c0, t1 = c1 * o.c1;
    return {t0 - t1, (c0 + c1) * (o.c0 + o.c1) - t0 - t1};
  }
  Fq2 operator*(const Fq& s) const { return {c0 * s, c1 * s}; }
  Fq2& operator+=(const Fq2& o) { return *this = *this + o; }
  Fq2& operator-=(const Fq2& o) { return *this = *this - o; }
  Fq2& operator*=(const Fq2& o) { return *this = *this * o; }
  Fq2 Square() const {
    Fq t = c0 * c1;
    return {(c0 + c1) * (c0 - c1), t + t};
  }
  Fq2 Double() const { return *this + *this; }
  Fq2 Conjugate() const { return {c0, -c1}; }
  // Times xi = 9 + u.
  Fq2 MulByXi() const {
    Fq a8 = c0.Double().Double().Double(), b8 = c1.Double().Double().Double();
    return {a8 + c0 - c1, b8 + c1 + c0};
  }
  Fq2 Inverse() const {
    Fq n = (c0.Square() + c1.Square()).Inverse();
    return {c0 * n, -(c1 * n)};
  }
  // Square root (p = 3 mod 4; Adj and Rodriguez-Henriquez, "Square root computation over even
  // extension fields", algorithm 9); false for non-squares. Defined in curve.cc.
  bool Sqrt(Fq2* out) const;
  // Lexicographic order for compressed encodings: by c1, or by c0 when c1 = 0.
  bool IsLexLarger() const { return c1.IsZero() ? c0.IsLexLarger() : c1.IsLexLarger(); }
  template <size_t N>
  Fq2 Pow(const std::array<uint64_t, N>& e) const {
    Fq2 r = One();
    for (int i = 64 * N - 1; i >= 0; --i) {
      r = r.Square();
      if ((e[i / 64] >> (i % 64)) & 1) r *= *this;
    }
    return r;
  }
};

struct Fq6 {
  Fq2 c0, c1, c2;
  static Fq6 Zero() { return {}; }
  static Fq6 One() { return {Fq2::One(), Fq2::Zero(), Fq2::Zero()}; }
  bool IsZero() const { return c0.IsZero() && c1.IsZero() && c2.IsZero(); }
  bool operator==(const Fq6& o) const { return c0 == o.c0 && c1 == o.c1 && c2 == o.c2; }
  Fq6 operator+(const Fq6& o) const { return {c0 + o.c0, c1 + o.c1, c2 + o.c2}; }
  Fq6 operator-(const Fq6& o) const { return {c0 - o.c0, c1 - o.c1, c2 - o.c2}; }
  Fq6 operator-() const { return {-c0, -c1, -c2}; }
  Fq6 operator*(const Fq6& o) const {
    Fq2 t0 = c0 * o.c0, t1 = c1 * o.c1, t2 = c2 * o.c2;
    return {t0 + ((c1 + c2) * (o.c1 + o.c2) - t1 - t2).MulByXi(),
            (c0 + c1) * (o.c0 + o.c1) - t0 - t1 + t2.MulByXi(),
            (c0 + c2) * (o.c0 + o.c2) - t0 - t2 + t1};
  }
  Fq6 operator*(const Fq2& s) const { return {c0 * s, c1 * s, c2 * s}; }
  Fq6 Square() const { return *this * *this; }
  // Times v.
  Fq6 MulByV() const { return {c2.MulByXi(), c0, c1}; }
  Fq6 Inverse() const {
    Fq2 a = c0.Square() - (c1 * c2).MulByXi();
    Fq2 b = c2.Square().MulByXi() - c0 * c1;
    Fq2 c = c1.Square() - c0 * c2;
    Fq2 f = c0 * a + (c2 * b).MulByXi() + (c1 * c).MulByXi();
    Fq2 fi = f.Inverse();
    return {a * fi, b * fi, c * fi};
  }
};

struct Fq12 {
  Fq6 c0, c1;
  static Fq12 One() { return {Fq6::One(), Fq6::Zero()}; }
  bool operator==(const Fq12& o) const { return c0 == o.c0 && c1 == o.c1; }
  bool operator!=(const Fq12& o) const { return !(*this == o); }
  bool IsOne() const { return *this == One(); }
  Fq12 operator*(const Fq12& o) const {
    Fq6 t0 = c0 * o.c0, t1 = c1 * o.c1;
    return {t0 + t1.MulByV(), (c0 + c1) * (o.c0 + o.c1) - t0 - t1};
  }
  Fq12& operator*=(const Fq12& o) { return *this = *this * o; }
  Fq12 Square() const {
    Fq6 t = c0 * c1;
    Fq6 c0n = (c0 + c1) * (c0 + c1.MulByV()) - t - t.MulByV();
    return {c0n, t + t};
  }
  Fq12 Conjugate() const { return {c0, -c1}; }
  // The square of an element of the cyclotomic subgroup (f^(p^6 + 1) = 1, e.g. after the easy part
  // of the final exponentiation), by Granger and Scott ("Faster squaring in the cyclotomic subgroup
  // of sixth degree extensions", 2010): with Fq4 = Fq2[s]/(s^2 - xi), s = w^3, and
  // f = A0 + A1 w + A2 w^2 (A0 = c0.c0 + c1.c1 s, A1 = c1.c0 + c0.c2 s, A2 = c0.c1 + c1.c2 s),
  // f^2 = (3 A0^2 - 2 conj(A0)) + (3 s A2^2 + 2 conj(A1)) w + (3 A1^2 - 2 conj(A2)) w^2:
  // 9 Fq2 squarings instead of two Fq6 multiplications. Wrong for elements outside the subgroup.
  Fq12 CyclotomicSquare() const {
    auto sq4 = [](const Fq2& x, const Fq2& y, Fq2& rx, Fq2& ry) {  // (x + y s)^2
      Fq2 t = x.Square(), u = y.Square();
      rx = t + u.MulByXi();
      ry = (x + y).Square() - t - u;
    };
    auto three_minus_two = [](const Fq2& a, const Fq2& b) { return (a - b).Double() + a; };
    auto three_plus_two = [](const Fq2& a, const Fq2& b) { return (a + b).Double() + a; };
    Fq2 a0x, a0y, a1x, a1y, a2x, a2y;
    sq4(c0.c0, c1.c1, a0x, a0y);
    sq4(c1.c0, c0.c2, a1x, a1y);
    sq4(c0.c1, c1.c2, a2x, a2y);
    Fq12 r;
    r.c0.c0 = three_minus_two(a0x, c0.c0);
    r.c1.c1 = three_plus_two(a0y, c1.c1);
    r.c1.c0 = three_plus_two(a2y.MulByXi(), c1.c0);
    r.c0.c2 = three_minus_two(a2x, c0.c2);
    r.c0.c1 = three_minus_two(a1x, c0.c1);
    r.c1.c2 = three_plus_two(a1y, c1.c2);
    return r;
  }
  Fq12 Inverse() const {
    Fq6 d = (c0.Square() - c1.Square().MulByV()).Inverse();
    return {c0 * d, -(c1 * d)};
  }
  // this^(p^k), k in [1, 3], by the precomputed Frobenius coefficients.
  Fq12 Frobenius(int k = 1) const;
  template <size_t N>
  Fq12 Pow(const std::array<uint64_t, N>& e) const {
    Fq12 r = One();
    for (int i = 64 * N - 1; i >= 0; --i) {
      r = r.Square();
      if ((e[i / 64] >> (i % 64)) & 1) r *= *this;
    }
    return r;
  }
};

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_FIELDS_H_
