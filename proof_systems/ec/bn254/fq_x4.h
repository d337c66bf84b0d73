// Four BN254 base-field elements at once on the AVX2 floating-point pipes (x86-64 only).
//
// An experiment, measured by benchmarks/bn254_bench (bn254_FqX4_mul_* against
// baseline_Fq_mul_4_chains) and NOT used by the MSM: integer multiplication is the bottleneck of
// the batch-affine MSM, and the idea was to do the Montgomery multiplications of four independent
// elements in the 256-bit FMA units instead. On the 2-vCPU AMD EPYC (Zen 3) this project is
// measured on, one x4 multiplication costs ~180 cycles (two interleaved; ~300 alone,
// latency-bound), i.e. ~45 cycles an element against ~60 for the scalar MULX path: 1.1-1.4x, below
// the ~1.8x needed to pay for the conversions and transposes of an MSM integration
// (benchmarks/README.md has the figures and what was tried). It is kept, tested bit for bit against
// Fq, for CPUs with wider or more FMA units.
//
// The arithmetic works on 52-bit limbs held exactly in doubles: for a, b < 2^52,
//   hi = fma(a, b, 2^104)       = 2^104 + H, H = round(a b / 2^52) 2^52 (exact),
//   lo = fma(a, b, 2^104 - hi)  = a b - H in [-2^51, 2^51] (exact),
// and (lo + 1.5 2^52) lies in [2^52, 2^53], so the bit patterns of hi and lo + 1.5 2^52, read as
// 64-bit integers, are the two halves of the product plus known constants (Emmart, Zheng and Weems,
// "Faster modular exponentiation using double precision floating point arithmetic on the GPU",
// 2018, use this with round-toward-zero; round-to-nearest needs the 1.5 2^52 offset). The halves
// are summed in 64-bit integer lanes (the constants are subtracted once, in the columns' start
// values) and the Montgomery reduction runs word by word on the same columns.
//
// Representation: five 52-bit limbs per element (limb i of the four lanes in v[i]); Montgomery
// form with R' = 2^260 (not the scalar Fq's 2^256): a lane holding the integer v stands for
// v / 2^260 mod p. Values are lazily reduced: any v < 2^260 with every limb < 2^52 ("normalized")
// is a valid input, and Mul returns v < a b / 2^260 + p (below 2^256 + p for inputs below 2^258).
// Load/Store convert from/to four scalar Fq (Montgomery form, R = 2^256): Load<s> reads the
// integers m_k = x_k 2^256 mod p shifted left by s bits (m_k 2^s, below 2^(254 + s)), i.e. the
// elements x_k 2^(s - 4) in FqX4's domain; Load<4> is the plain conversion. Store takes an element
// whose integers are v_k = x_k 2^256 mod p (up to the lazy multiple of p) and writes them fully
// reduced: Mul of Load<s1> and Load<s2> operands with s1 + s2 = 4 is in this domain (see
// StoreFromDomain260 for the generic conversion back).
//
// Every function here is compiled for AVX2 + FMA (target attribute) and must only run on CPUs that
// have both: check HasFqX4() first. Callers are themselves target("avx2,fma") functions.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_FQ_X4_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_FQ_X4_H_

#include "proof_systems/ec/bn254/fields.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define ENTANGLE_FQX4_TARGET __attribute__((target("avx2,fma")))
#define ENTANGLE_FQX4_INLINE __attribute__((target("avx2,fma"), always_inline)) inline
// The loops over limbs are unrolled completely (the columns must live in registers).
#define ENTANGLE_FQX4_UNROLL _Pragma("GCC unroll 25")

namespace entangle::bn254 {

// True when the CPU has AVX2 and FMA and ENTANGLE_BN254_PORTABLE is not set (checked once).
bool DetectFqX4();
inline const bool kHasFqX4 = DetectFqX4();
inline bool HasFqX4() { return kHasFqX4; }

namespace x4 {

constexpr uint64_t kMask52 = (uint64_t{1} << 52) - 1;

// p in five 52-bit limbs.
constexpr std::array<uint64_t, 5> Limbs52(const U256& a) {
  return {a[0] & kMask52, ((a[0] >> 52) | (a[1] << 12)) & kMask52,
          ((a[1] >> 40) | (a[2] << 24)) & kMask52, ((a[2] >> 28) | (a[3] << 36)) & kMask52,
          a[3] >> 16};
}
constexpr std::array<uint64_t, 5> kP = Limbs52(Fq::kMod);
constexpr double kPd[5] = {(double)kP[0], (double)kP[1], (double)kP[2], (double)kP[3],
                           (double)kP[4]};
// -p^-1 mod 2^52.
constexpr uint64_t kPInv = Fq::kInv & kMask52;
// k p in five 52-bit limbs (k < 64), rewritten so that limbs 0..3 are at least 2^52 (a borrow
// moved up from each higher limb): a + KpBorrowed - b never makes a lane limb negative when b is
// normalized.
constexpr std::array<uint64_t, 5> KpBorrowed(uint64_t k) {
  std::array<uint64_t, 5> r{};
  uint64_t carry = 0;
  for (int i = 0; i < 5; ++i) {
    const u128 t = (u128)kP[i] * k + carry;
    r[i] = (uint64_t)t & kMask52;
    carry = (uint64_t)(t >> 52);
  }
  r[4] += carry << 52;
  for (int i = 0; i < 4; ++i) {
    r[i] += uint64_t{1} << 52;
    r[i + 1] -= 1;
  }
  return r;
}
// 2^260 - k p, normalized (for the conditional subtraction of k p; k p < 2^260): the limbwise
// complement 2^260 - 1 - k p, plus one.
constexpr std::array<uint64_t, 5> NegKp(uint64_t k) {
  std::array<uint64_t, 5> r{};
  uint64_t carry = 0;
  for (int i = 0; i < 5; ++i) {
    const u128 t = (u128)kP[i] * k + carry;
    r[i] = kMask52 - ((uint64_t)t & kMask52);
    carry = (uint64_t)(t >> 52);
  }
  carry = 1;
  for (int i = 0; i < 5; ++i) {
    r[i] += carry;
    carry = r[i] >> 52;
    r[i] &= kMask52;
  }
  return r;
}

// Bit patterns of the constants.
constexpr uint64_t kTwo52Bits = 0x4330000000000000ULL;   // 2^52
constexpr uint64_t kTwo104Bits = 0x4670000000000000ULL;  // 2^104
constexpr uint64_t kLoOffBits = 0x4338000000000000ULL;   // 1.5 * 2^52

// Number of limb products a_i b_j with i + j = c (i, j in [0, 4]).
constexpr uint64_t Diag(int c) { return (c < 0 || c > 8) ? 0 : (c < 5 ? c + 1 : 9 - c); }
// Start values of the ten product columns. Column c receives the low halves of 2 Diag(c) products
// (a b and m p) as bits(lo + 1.5 2^52) = 2^51-offset values, and the high halves of 2 Diag(c - 1)
// products as bits(hi) = bits(2^104) + H / 2^52; both offsets are subtracted here (mod 2^64). The
// columns that are shifted (0..8) also start at +2^56 so that they never go negative (the low
// halves are signed), and the 2^56 / 2^52 = 16 this carries into the next column is subtracted
// there: the total is unchanged.
constexpr uint64_t ColumnStart(int c) {
  if (c > 9) return 0;
  uint64_t v = 0;
  if (c <= 8) v += uint64_t{1} << 56;
  if (c >= 1) v -= 16;
  v -= 2 * Diag(c - 1) * kTwo104Bits;
  v -= 2 * Diag(c) * kLoOffBits;
  return v;
}

struct FqX4 {
  __m256i v[5];
};

ENTANGLE_FQX4_INLINE __m256i Set1(uint64_t x) { return _mm256_set1_epi64x((long long)x); }
ENTANGLE_FQX4_INLINE __m256d Set1d(uint64_t bits) {
  return _mm256_castsi256_pd(_mm256_set1_epi64x((long long)bits));
}

// An integer lane below 2^52 as an exact double.
ENTANGLE_FQX4_INLINE __m256d ToDouble(__m256i x) {
  const __m256d two52 = Set1d(kTwo52Bits);
  return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(x, Set1(kTwo52Bits))), two52);
}

// lo_col += bits(lo + 1.5 2^52), hi_col += bits(hi) for the product a b (see the top comment).
ENTANGLE_FQX4_INLINE void MulAcc(__m256d a, __m256d b, __m256i& lo_col, __m256i& hi_col) {
  const __m256d c104 = Set1d(kTwo104Bits), off = Set1d(kLoOffBits);
  const __m256d hi = _mm256_fmadd_pd(a, b, c104);
  const __m256d lo = _mm256_add_pd(_mm256_fmadd_pd(a, b, _mm256_sub_pd(c104, hi)), off);
  hi_col = _mm256_add_epi64(hi_col, _mm256_castpd_si256(hi));
  lo_col = _mm256_add_epi64(lo_col, _mm256_castpd_si256(lo));
}

// Carries every limb into the next; limbs 0..3 end below 2^52 (lane values must be nonnegative
// and below 2^260 after the carries).
ENTANGLE_FQX4_INLINE void Normalize(__m256i v[5]) {
  const __m256i mask = Set1(kMask52);
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 4; ++i) {
    v[i + 1] = _mm256_add_epi64(v[i + 1], _mm256_srli_epi64(v[i], 52));
    v[i] = _mm256_and_si256(v[i], mask);
  }
}

// Montgomery products r_k = a_k b_k / 2^260 mod p of N independent pairs (lazily reduced: below
// a b / 2^260 + p), column by column (product scanning with the reduction interleaved): column c
// collects the low halves of the products a_i b_j and m_k p_j with i + j = c or k + j = c and the
// high halves of those with i + j = c - 1 or k + j = c - 1; columns 0..4 then fix m_c so that they
// vanish mod 2^52, columns 5..9 are the result. The reduction is a chain of five dependent steps
// (~30 cycles each), so the N products are interleaved step by step: their independent work fills
// each other's waits (N = 1 is latency-bound). r may alias a or b.
template <int N>
ENTANGLE_FQX4_INLINE void MulN(FqX4* r[N], const FqX4* a[N], const FqX4* b[N]) {
  __m256d ad[N][5], bd[N][5], m[N][5];
  ENTANGLE_FQX4_UNROLL
  for (int n = 0; n < N; ++n) {
    ENTANGLE_FQX4_UNROLL
    for (int i = 0; i < 5; ++i) {
      ad[n][i] = ToDouble(a[n]->v[i]);
      bd[n][i] = ToDouble(b[n]->v[i]);
    }
  }
  const __m256i pinv_lo = Set1(kPInv), pinv_hi = Set1(kPInv >> 32);
  const __m256i half = Set1(uint64_t{1} << 51), mask = Set1(kMask52);
  __m256i out[N][5], lo[N], hi[N];
  ENTANGLE_FQX4_UNROLL
  for (int n = 0; n < N; ++n) lo[n] = Set1(ColumnStart(0));
  ENTANGLE_FQX4_UNROLL
  for (int c = 0; c < 10; ++c) {
    const int first = c > 4 ? c - 4 : 0, last = c < 4 ? c : 4;
    ENTANGLE_FQX4_UNROLL
    for (int n = 0; n < N; ++n) {
      hi[n] = Set1(ColumnStart(c + 1));
      ENTANGLE_FQX4_UNROLL
      for (int i = first; i <= last; ++i) MulAcc(ad[n][i], bd[n][c - i], lo[n], hi[n]);
      ENTANGLE_FQX4_UNROLL
      for (int k = first; k <= last && k < c; ++k) {
        MulAcc(m[n][k], _mm256_set1_pd(kPd[c - k]), lo[n], hi[n]);
      }
    }
    ENTANGLE_FQX4_UNROLL
    for (int n = 0; n < N; ++n) {
      if (c < 5) {
        // m_c = (lo + 2^51) (-p^-1) mod 2^52: the low half of m_c p_0 is not in the column yet
        // but its -1.5 2^52 offset is (2^51 mod 2^52), so it is added back here.
        const __m256i x = lo[n];
        __m256i t = _mm256_add_epi64(_mm256_mul_epu32(x, pinv_hi),
                                     _mm256_mul_epu32(_mm256_srli_epi64(x, 32), pinv_lo));
        t = _mm256_add_epi64(_mm256_mul_epu32(x, pinv_lo), _mm256_slli_epi64(t, 32));
        m[n][c] = ToDouble(_mm256_and_si256(_mm256_add_epi64(t, half), mask));
        MulAcc(m[n][c], _mm256_set1_pd(kPd[0]), lo[n], hi[n]);
        hi[n] = _mm256_add_epi64(hi[n], _mm256_srli_epi64(lo[n], 52));  // lo = 0 mod 2^52 now
      } else {
        out[n][c - 5] = lo[n];
      }
      lo[n] = hi[n];
    }
  }
  ENTANGLE_FQX4_UNROLL
  for (int n = 0; n < N; ++n) {
    Normalize(out[n]);
    ENTANGLE_FQX4_UNROLL
    for (int i = 0; i < 5; ++i) r[n]->v[i] = out[n][i];
  }
}
ENTANGLE_FQX4_INLINE FqX4 Mul(const FqX4& a, const FqX4& b) {
  FqX4 r;
  FqX4* rp[1] = {&r};
  const FqX4* ap[1] = {&a};
  const FqX4* bp[1] = {&b};
  MulN<1>(rp, ap, bp);
  return r;
}
// Two independent products, interleaved.
ENTANGLE_FQX4_INLINE void Mul2(FqX4& r0, const FqX4& a0, const FqX4& b0, FqX4& r1, const FqX4& a1,
                               const FqX4& b1) {
  FqX4* rp[2] = {&r0, &r1};
  const FqX4* ap[2] = {&a0, &a1};
  const FqX4* bp[2] = {&b0, &b1};
  MulN<2>(rp, ap, bp);
}
ENTANGLE_FQX4_INLINE FqX4 Square(const FqX4& a) { return Mul(a, a); }

// a + b (normalized inputs whose sum is below 2^260).
ENTANGLE_FQX4_INLINE FqX4 Add(const FqX4& a, const FqX4& b) {
  FqX4 r;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) r.v[i] = _mm256_add_epi64(a.v[i], b.v[i]);
  Normalize(r.v);
  return r;
}
// a - b + k p; requires b <= k p (and a + k p < 2^260).
template <uint64_t k>
ENTANGLE_FQX4_INLINE FqX4 Sub(const FqX4& a, const FqX4& b) {
  constexpr std::array<uint64_t, 5> kp = KpBorrowed(k);
  FqX4 r;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) {
    r.v[i] = _mm256_sub_epi64(_mm256_add_epi64(a.v[i], Set1(kp[i])), b.v[i]);
  }
  Normalize(r.v);
  return r;
}
// The integer times 2^s, i.e. the element times 2^s (a 2^s < 2^260 required).
template <int s>
ENTANGLE_FQX4_INLINE FqX4 ShiftLeft(const FqX4& a) {
  FqX4 r;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) r.v[i] = _mm256_slli_epi64(a.v[i], s);
  Normalize(r.v);
  return r;
}
// a - k p when a >= k p, else a (a < 2^260).
template <uint64_t k>
ENTANGLE_FQX4_INLINE FqX4 CondSub(const FqX4& a) {
  constexpr std::array<uint64_t, 5> neg = NegKp(k);
  FqX4 t;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) t.v[i] = _mm256_add_epi64(a.v[i], Set1(neg[i]));
  Normalize(t.v);  // t = a + 2^260 - k p: limb 4 reaches 2^52 exactly when a >= k p
  const __m256i ge = _mm256_cmpgt_epi64(t.v[4], Set1(kMask52));
  t.v[4] = _mm256_and_si256(t.v[4], Set1(kMask52));
  FqX4 r;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) r.v[i] = _mm256_blendv_epi8(a.v[i], t.v[i], ge);
  return r;
}

// 4x4 transpose of 64-bit lanes.
ENTANGLE_FQX4_INLINE void Transpose(__m256i& r0, __m256i& r1, __m256i& r2, __m256i& r3) {
  const __m256i t0 = _mm256_unpacklo_epi64(r0, r1), t1 = _mm256_unpackhi_epi64(r0, r1);
  const __m256i t2 = _mm256_unpacklo_epi64(r2, r3), t3 = _mm256_unpackhi_epi64(r2, r3);
  r0 = _mm256_permute2x128_si256(t0, t2, 0x20);
  r1 = _mm256_permute2x128_si256(t1, t3, 0x20);
  r2 = _mm256_permute2x128_si256(t0, t2, 0x31);
  r3 = _mm256_permute2x128_si256(t1, t3, 0x31);
}

// From the Montgomery words m_k of four scalar Fq (each < p < 2^254), shifted left by s bits
// (0 <= s <= 6): lane k holds m_k 2^s, normalized.
template <int s>
ENTANGLE_FQX4_INLINE FqX4 Load(const Fq& e0, const Fq& e1, const Fq& e2, const Fq& e3) {
  static_assert(s >= 0 && s <= 6);
  __m256i l0 = _mm256_loadu_si256((const __m256i*)e0.mont().data());
  __m256i l1 = _mm256_loadu_si256((const __m256i*)e1.mont().data());
  __m256i l2 = _mm256_loadu_si256((const __m256i*)e2.mont().data());
  __m256i l3 = _mm256_loadu_si256((const __m256i*)e3.mont().data());
  Transpose(l0, l1, l2, l3);
  const __m256i mask = Set1(kMask52);
  FqX4 r;
  r.v[0] = _mm256_and_si256(_mm256_slli_epi64(l0, s), mask);
  r.v[1] = _mm256_and_si256(
      _mm256_or_si256(_mm256_srli_epi64(l0, 52 - s), _mm256_slli_epi64(l1, 12 + s)), mask);
  r.v[2] = _mm256_and_si256(
      _mm256_or_si256(_mm256_srli_epi64(l1, 40 - s), _mm256_slli_epi64(l2, 24 + s)), mask);
  r.v[3] = _mm256_and_si256(
      _mm256_or_si256(_mm256_srli_epi64(l2, 28 - s), _mm256_slli_epi64(l3, 36 + s)), mask);
  r.v[4] = _mm256_srli_epi64(l3, 16 - s);
  return r;
}

// The lane integers, reduced mod p by conditional subtractions (a < 4p required; 4p > 2^255),
// written as Montgomery words of four scalar Fq: lane k holding x 2^256 mod p (up to the multiple
// of p) stores x.
ENTANGLE_FQX4_INLINE void Store(const FqX4& a, Fq& e0, Fq& e1, Fq& e2, Fq& e3) {
  const FqX4 r = CondSub<1>(CondSub<2>(a));
  __m256i l0 = _mm256_or_si256(r.v[0], _mm256_slli_epi64(r.v[1], 52));
  __m256i l1 = _mm256_or_si256(_mm256_srli_epi64(r.v[1], 12), _mm256_slli_epi64(r.v[2], 40));
  __m256i l2 = _mm256_or_si256(_mm256_srli_epi64(r.v[2], 24), _mm256_slli_epi64(r.v[3], 28));
  __m256i l3 = _mm256_or_si256(_mm256_srli_epi64(r.v[3], 36), _mm256_slli_epi64(r.v[4], 16));
  Transpose(l0, l1, l2, l3);
  alignas(32) U256 w[4];
  _mm256_store_si256((__m256i*)w[0].data(), l0);
  _mm256_store_si256((__m256i*)w[1].data(), l1);
  _mm256_store_si256((__m256i*)w[2].data(), l2);
  _mm256_store_si256((__m256i*)w[3].data(), l3);
  e0 = Fq::FromMont(w[0]);
  e1 = Fq::FromMont(w[1]);
  e2 = Fq::FromMont(w[2]);
  e3 = Fq::FromMont(w[3]);
}

// The constant 2^256 mod p as an FqX4 integer (Mul by it maps FqX4's domain to the scalar one).
ENTANGLE_FQX4_INLINE FqX4 ScalarDomainFactor() {
  constexpr std::array<uint64_t, 5> r = Limbs52(Fq::kR);
  FqX4 f;
  ENTANGLE_FQX4_UNROLL
  for (int i = 0; i < 5; ++i) f.v[i] = Set1(r[i]);
  return f;
}
// The plain conversion back: four scalar Fq from an FqX4 element (any normalized value below
// 2^258).
ENTANGLE_FQX4_INLINE void StoreFromDomain260(const FqX4& a, Fq& e0, Fq& e1, Fq& e2, Fq& e3) {
  Store(Mul(a, ScalarDomainFactor()), e0, e1, e2, e3);
}

}  // namespace x4
}  // namespace entangle::bn254

#endif  // defined(__x86_64__)
#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_FQ_X4_H_
