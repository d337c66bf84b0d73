// Vectorized Goldilocks arithmetic for hot loops (NTT butterflies, Poseidon), chosen at run time:
// Avx512 (8 lanes; AVX-512 F/DQ/VL/BW) and Avx2 (4 lanes), both on canonical values (< p), both
// exact (the same results as Fp). Each struct's functions carry their own target attribute, so
// this header compiles under the baseline -march=x86-64-v2; callers put the same attribute
// (ENTANGLE_TARGET_AVX512 / ENTANGLE_TARGET_AVX2) on the loops that use them and call those only
// when Cpu().avx512 / Cpu().avx2 says so.
//
// Products: the 128-bit a*b is assembled from four 32x32-bit vpmuludq products and reduced like
// Fp::Reduce128 (2^64 = 2^32 - 1, 2^96 = -1 mod p).
#ifndef ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_SIMD_H_
#define ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_SIMD_H_

// GCC 12 reports _mm512_undefined_epi32() inside the intrinsics as uninitialized once inlined
// (a known false positive); the diagnostic pragmas are location based, so they cover only it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include <cstdint>
#include <span>

#include "proof_systems/field/goldilocks.h"

#define ENTANGLE_TARGET_AVX512 \
  __attribute__((target("avx2,bmi2,avx512f,avx512dq,avx512vl,avx512bw")))
#define ENTANGLE_TARGET_AVX2 __attribute__((target("avx2,bmi2")))

namespace entangle::goldilocks::simd {

struct CpuFeatures {
  bool avx2 = false;
  bool avx512 = false;  // F, DQ, VL and BW
  bool sha = false;     // the SHA extensions and SSE4.1 (SHA-NI, for hash/sha256.h)
};

// Detected once; ENTANGLE_SIMD=portable|avx2 caps the choice (tests use it to compare paths;
// portable also turns SHA-NI off).
const CpuFeatures& Cpu();

// out[i] = a[i] * b[i] for equal-length spans (out may be a or b), with the widest vectors the
// CPU has (Cpu()), else scalar Fp products: the same values either way.
void MulMany(std::span<const Fp> a, std::span<const Fp> b, std::span<Fp> out);

struct Avx512 {
  using V = __m512i;
  static constexpr int kLanes = 8;

  ENTANGLE_TARGET_AVX512 static inline V Load(const Fp* p) {
    return _mm512_loadu_si512(reinterpret_cast<const void*>(p));
  }
  ENTANGLE_TARGET_AVX512 static inline V Load(const uint64_t* p) {
    return _mm512_loadu_si512(reinterpret_cast<const void*>(p));
  }
  ENTANGLE_TARGET_AVX512 static inline void Store(Fp* p, V v) {
    _mm512_storeu_si512(reinterpret_cast<void*>(p), v);
  }
  ENTANGLE_TARGET_AVX512 static inline V Set1(uint64_t x) {
    return _mm512_set1_epi64(static_cast<long long>(x));
  }

  ENTANGLE_TARGET_AVX512 static inline V Add(V a, V b) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V s = _mm512_add_epi64(a, b);
    s = _mm512_mask_add_epi64(s, _mm512_cmplt_epu64_mask(s, a), s, eps);
    return _mm512_mask_sub_epi64(s, _mm512_cmpge_epu64_mask(s, p), s, p);
  }
  ENTANGLE_TARGET_AVX512 static inline V Sub(V a, V b) {
    const V eps = Set1(Fp::kEpsilon);
    V d = _mm512_sub_epi64(a, b);
    return _mm512_mask_sub_epi64(d, _mm512_cmplt_epu64_mask(a, b), d, eps);
  }
  // x = lo + hi * 2^64 -> canonical.
  ENTANGLE_TARGET_AVX512 static inline V Reduce(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V hh = _mm512_srli_epi64(hi, 32);
    V hl = _mm512_and_si512(hi, eps);
    V t0 = _mm512_sub_epi64(lo, hh);
    t0 = _mm512_mask_sub_epi64(t0, _mm512_cmplt_epu64_mask(lo, hh), t0, eps);
    V t1 = _mm512_sub_epi64(_mm512_slli_epi64(hl, 32), hl);
    V t2 = _mm512_add_epi64(t0, t1);
    t2 = _mm512_mask_add_epi64(t2, _mm512_cmplt_epu64_mask(t2, t1), t2, eps);
    return _mm512_mask_sub_epi64(t2, _mm512_cmpge_epu64_mask(t2, p), t2, p);
  }
  // (lo + hi * 2^32) mod p for lo, hi < 2^64 with hi * 2^32 + lo < 2^106.
  ENTANGLE_TARGET_AVX512 static inline V Reduce96(V lo, V hi) {
    V l = _mm512_add_epi64(lo, _mm512_slli_epi64(hi, 32));
    V h = _mm512_srli_epi64(hi, 32);
    h = _mm512_mask_add_epi64(h, _mm512_cmplt_epu64_mask(l, lo), h, Set1(1));
    return ReduceSmallHigh(l, h);
  }
  // (lo + hi * 2^64) mod p for hi < 2^32.
  ENTANGLE_TARGET_AVX512 static inline V ReduceSmallHigh(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V t = _mm512_sub_epi64(_mm512_slli_epi64(hi, 32), hi);
    V r = _mm512_add_epi64(lo, t);
    r = _mm512_mask_add_epi64(r, _mm512_cmplt_epu64_mask(r, t), r, eps);
    return _mm512_mask_sub_epi64(r, _mm512_cmpge_epu64_mask(r, p), r, p);
  }
  ENTANGLE_TARGET_AVX512 static inline V Mul(V a, V b) {
    V ah = _mm512_srli_epi64(a, 32), bh = _mm512_srli_epi64(b, 32);
    V ll = _mm512_mul_epu32(a, b), lh = _mm512_mul_epu32(a, bh);
    V hl = _mm512_mul_epu32(ah, b), hh = _mm512_mul_epu32(ah, bh);
    V mid = _mm512_add_epi64(lh, hl);
    __mmask8 c1 = _mm512_cmplt_epu64_mask(mid, lh);
    V lo = _mm512_add_epi64(ll, _mm512_slli_epi64(mid, 32));
    __mmask8 c2 = _mm512_cmplt_epu64_mask(lo, ll);
    V hi = _mm512_add_epi64(hh, _mm512_srli_epi64(mid, 32));
    hi = _mm512_mask_add_epi64(hi, c1, hi, Set1(uint64_t{1} << 32));
    hi = _mm512_mask_add_epi64(hi, c2, hi, Set1(1));
    return Reduce(lo, hi);
  }
};

struct Avx2 {
  using V = __m256i;
  static constexpr int kLanes = 4;

  ENTANGLE_TARGET_AVX2 static inline V Load(const Fp* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  ENTANGLE_TARGET_AVX2 static inline V Load(const uint64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  ENTANGLE_TARGET_AVX2 static inline void Store(Fp* p, V v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
  }
  ENTANGLE_TARGET_AVX2 static inline V Set1(uint64_t x) {
    return _mm256_set1_epi64x(static_cast<long long>(x));
  }
  // All-ones lanes where a < b (unsigned).
  ENTANGLE_TARGET_AVX2 static inline V Less(V a, V b) {
    const V sign = Set1(uint64_t{1} << 63);
    return _mm256_cmpgt_epi64(_mm256_xor_si256(b, sign), _mm256_xor_si256(a, sign));
  }
  ENTANGLE_TARGET_AVX2 static inline V Canonical(V s) {
    // s >= p  <=>  s + eps overflows... compare directly: not (s < p).
    const V p = Set1(Fp::kModulus);
    V below = Less(s, p);
    return _mm256_sub_epi64(s, _mm256_andnot_si256(below, p));
  }
  ENTANGLE_TARGET_AVX2 static inline V Add(V a, V b) { return Canonical(AddLazy(a, b)); }
  // The *Lazy forms return a value < 2^64 congruent to the result (not reduced below p) and take
  // such values; Canonical() finishes. AddLazy needs b < p.
  ENTANGLE_TARGET_AVX2 static inline V AddLazy(V a, V b) {
    const V eps = Set1(Fp::kEpsilon);
    V s = _mm256_add_epi64(a, b);
    return _mm256_add_epi64(s, _mm256_and_si256(Less(s, a), eps));
  }
  ENTANGLE_TARGET_AVX2 static inline V Sub(V a, V b) {
    const V eps = Set1(Fp::kEpsilon);
    V d = _mm256_sub_epi64(a, b);
    return _mm256_sub_epi64(d, _mm256_and_si256(Less(a, b), eps));
  }
  ENTANGLE_TARGET_AVX2 static inline V Reduce(V lo, V hi) { return Canonical(ReduceLazy(lo, hi)); }
  ENTANGLE_TARGET_AVX2 static inline V ReduceLazy(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon);
    V hh = _mm256_srli_epi64(hi, 32);
    V hl = _mm256_and_si256(hi, eps);
    V t0 = _mm256_sub_epi64(lo, hh);
    t0 = _mm256_sub_epi64(t0, _mm256_and_si256(Less(lo, hh), eps));
    V t1 = _mm256_sub_epi64(_mm256_slli_epi64(hl, 32), hl);
    V t2 = _mm256_add_epi64(t0, t1);
    return _mm256_add_epi64(t2, _mm256_and_si256(Less(t2, t1), eps));
  }
  ENTANGLE_TARGET_AVX2 static inline V Reduce96(V lo, V hi) {
    return Canonical(Reduce96Lazy(lo, hi));
  }
  // lo + hi * 2^32 for 64-bit lo and hi.
  ENTANGLE_TARGET_AVX2 static inline V Reduce96Lazy(V lo, V hi) {
    V l = _mm256_add_epi64(lo, _mm256_slli_epi64(hi, 32));
    V h = _mm256_srli_epi64(hi, 32);
    h = _mm256_sub_epi64(h, Less(l, lo));
    return ReduceSmallHighLazy(l, h);
  }
  ENTANGLE_TARGET_AVX2 static inline V ReduceSmallHigh(V lo, V hi) {
    return Canonical(ReduceSmallHighLazy(lo, hi));
  }
  ENTANGLE_TARGET_AVX2 static inline V ReduceSmallHighLazy(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon);
    V t = _mm256_sub_epi64(_mm256_slli_epi64(hi, 32), hi);
    V r = _mm256_add_epi64(lo, t);
    return _mm256_add_epi64(r, _mm256_and_si256(Less(r, t), eps));
  }
  ENTANGLE_TARGET_AVX2 static inline V Mul(V a, V b) { return Canonical(MulLazy(a, b)); }
  ENTANGLE_TARGET_AVX2 static inline V MulLazy(V a, V b) {
    V ah = _mm256_srli_epi64(a, 32), bh = _mm256_srli_epi64(b, 32);
    V ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, bh);
    V hl = _mm256_mul_epu32(ah, b), hh = _mm256_mul_epu32(ah, bh);
    V mid = _mm256_add_epi64(lh, hl);
    V c1 = Less(mid, lh);  // carry into bit 96
    V lo = _mm256_add_epi64(ll, _mm256_slli_epi64(mid, 32));
    V c2 = Less(lo, ll);
    V hi = _mm256_add_epi64(hh, _mm256_srli_epi64(mid, 32));
    hi = _mm256_add_epi64(hi, _mm256_and_si256(c1, Set1(uint64_t{1} << 32)));
    hi = _mm256_sub_epi64(hi, c2);  // c2 is 0 or -1
    return ReduceLazy(lo, hi);
  }
};

// 4 lanes with AVX-512VL's unsigned compares and masked adds (fewer instructions than Avx2).
struct Avx512Vl256 {
  using V = __m256i;
  static constexpr int kLanes = 4;

  ENTANGLE_TARGET_AVX512 static inline V Load(const Fp* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  ENTANGLE_TARGET_AVX512 static inline V Load(const uint64_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  ENTANGLE_TARGET_AVX512 static inline void Store(Fp* p, V v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
  }
  ENTANGLE_TARGET_AVX512 static inline V Set1(uint64_t x) {
    return _mm256_set1_epi64x(static_cast<long long>(x));
  }
  ENTANGLE_TARGET_AVX512 static inline V Add(V a, V b) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V s = _mm256_add_epi64(a, b);
    s = _mm256_mask_add_epi64(s, _mm256_cmplt_epu64_mask(s, a), s, eps);
    return _mm256_mask_sub_epi64(s, _mm256_cmpge_epu64_mask(s, p), s, p);
  }
  ENTANGLE_TARGET_AVX512 static inline V Sub(V a, V b) {
    const V eps = Set1(Fp::kEpsilon);
    V d = _mm256_sub_epi64(a, b);
    return _mm256_mask_sub_epi64(d, _mm256_cmplt_epu64_mask(a, b), d, eps);
  }
  ENTANGLE_TARGET_AVX512 static inline V Reduce(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V hh = _mm256_srli_epi64(hi, 32);
    V hl = _mm256_and_si256(hi, eps);
    V t0 = _mm256_sub_epi64(lo, hh);
    t0 = _mm256_mask_sub_epi64(t0, _mm256_cmplt_epu64_mask(lo, hh), t0, eps);
    V t1 = _mm256_sub_epi64(_mm256_slli_epi64(hl, 32), hl);
    V t2 = _mm256_add_epi64(t0, t1);
    t2 = _mm256_mask_add_epi64(t2, _mm256_cmplt_epu64_mask(t2, t1), t2, eps);
    return _mm256_mask_sub_epi64(t2, _mm256_cmpge_epu64_mask(t2, p), t2, p);
  }
  ENTANGLE_TARGET_AVX512 static inline V ReduceSmallHigh(V lo, V hi) {
    const V eps = Set1(Fp::kEpsilon), p = Set1(Fp::kModulus);
    V t = _mm256_sub_epi64(_mm256_slli_epi64(hi, 32), hi);
    V r = _mm256_add_epi64(lo, t);
    r = _mm256_mask_add_epi64(r, _mm256_cmplt_epu64_mask(r, t), r, eps);
    return _mm256_mask_sub_epi64(r, _mm256_cmpge_epu64_mask(r, p), r, p);
  }
  ENTANGLE_TARGET_AVX512 static inline V Reduce96(V lo, V hi) {
    V l = _mm256_add_epi64(lo, _mm256_slli_epi64(hi, 32));
    V h = _mm256_srli_epi64(hi, 32);
    h = _mm256_mask_add_epi64(h, _mm256_cmplt_epu64_mask(l, lo), h, Set1(1));
    return ReduceSmallHigh(l, h);
  }
  ENTANGLE_TARGET_AVX512 static inline V Mul(V a, V b) {
    V ah = _mm256_srli_epi64(a, 32), bh = _mm256_srli_epi64(b, 32);
    V ll = _mm256_mul_epu32(a, b), lh = _mm256_mul_epu32(a, bh);
    V hl = _mm256_mul_epu32(ah, b), hh = _mm256_mul_epu32(ah, bh);
    V mid = _mm256_add_epi64(lh, hl);
    __mmask8 c1 = _mm256_cmplt_epu64_mask(mid, lh);
    V lo = _mm256_add_epi64(ll, _mm256_slli_epi64(mid, 32));
    __mmask8 c2 = _mm256_cmplt_epu64_mask(lo, ll);
    V hi = _mm256_add_epi64(hh, _mm256_srli_epi64(mid, 32));
    hi = _mm256_mask_add_epi64(hi, c1, hi, Set1(uint64_t{1} << 32));
    hi = _mm256_mask_add_epi64(hi, c2, hi, Set1(1));
    return Reduce(lo, hi);
  }
};

}  // namespace entangle::goldilocks::simd

#endif  // ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_SIMD_H_
