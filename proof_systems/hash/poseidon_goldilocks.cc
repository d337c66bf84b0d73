#include "proof_systems/hash/poseidon_goldilocks.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "proof_systems/field/goldilocks_simd.h"
#include "proof_systems/hash/sha256.h"

namespace entangle::goldilocks {
namespace {

#include "proof_systems/hash/poseidon_goldilocks_constants.inc"

constexpr int kHalfFullRounds = 4;
constexpr int kPartialRounds = 22;

inline Fp Sbox(Fp x) {
  Fp x2 = x.Square();
  Fp x4 = x2.Square();
  return x4 * x2 * x;
}

// The circulant part of Plonky2's MDS, y_r = sum_i circ[i] x[(i + r) % 12], exactly over the
// integers for inputs below 2^32 (the 32-bit halves of the state; outputs below 2^41), without
// multiplications. y is the product X * C' in Z[t] / (t^12 - 1) with C' = sum_k circ[-k mod 12]
// t^k; with x_(b + 3a) as the coefficient of t^b u^a, u = t^3, and u^4 - 1 = (u - 1)(u + 1)(u^2 +
// 1), the product splits into length-3 convolutions of the values at u = 1 (cyclic: t^3 = 1), u =
// -1 (negacyclic: t^3 = -1) and u = i (over Z[i], t^3 = i), and the inverse 4-point transform joins
// them again. C' at those points, divided by 4, 4 and 2 (the inverse transform's 1/4; exact for
// this matrix), is (16, 32, 16), (-1, -8, 2) and (2+i, -4-i, 16-i): shifts and additions only.
// T is int64_t or a GCC vector of them (__m256i), so the one routine serves the portable and the
// vector code; always inlined, it compiles under the caller's target.
template <class T>
[[gnu::always_inline]] constexpr void MdsCirculant(const T (&x)[12], T (&y)[12]) {
  T a[3], b[3], gr[3], gi[3];
  for (int k = 0; k < 3; ++k) {
    const T s02 = x[k] + x[k + 6], s13 = x[k + 3] + x[k + 9];
    a[k] = s02 + s13;         // X_k(1)
    b[k] = s02 - s13;         // X_k(-1)
    gr[k] = x[k] - x[k + 6];  // X_k(i) = gr + i gi
    gi[k] = x[k + 3] - x[k + 9];
  }
  // u = 1: cyclic convolution with (16, 32, 16).
  const T sum16 = (a[0] + a[1] + a[2]) << 4;
  const T p1[3] = {sum16 + (a[2] << 4), sum16 + (a[0] << 4), sum16 + (a[1] << 4)};
  // u = -1: negacyclic convolution with (-1, -8, 2).
  const T p3[3] = {(b[2] << 3) - b[0] - (b[1] << 1), T{} - (b[0] << 3) - b[1] - (b[2] << 1),
                   (b[0] << 1) - (b[1] << 3) - b[2]};
  // u = i: convolution with (2+i, -4-i, 16-i) where t^3 = i; per term (r + i m)(c + i d).
  // G0 (2+i) + G1 (1+16i) + G2 (1-4i); G0 (-4-i) + G1 (2+i) + G2 (1+16i);
  // G0 (16-i) + G1 (-4-i) + G2 (2+i).
  const T p2r[3] = {(gr[0] << 1) - gi[0] + gr[1] - (gi[1] << 4) + gr[2] + (gi[2] << 2),
                    gi[0] - (gr[0] << 2) + (gr[1] << 1) - gi[1] + gr[2] - (gi[2] << 4),
                    (gr[0] << 4) + gi[0] + gi[1] - (gr[1] << 2) + (gr[2] << 1) - gi[2]};
  const T p2i[3] = {gr[0] + (gi[0] << 1) + (gr[1] << 4) + gi[1] + gi[2] - (gr[2] << 2),
                    T{} - gr[0] - (gi[0] << 2) + gr[1] + (gi[1] << 1) + (gr[2] << 4) + gi[2],
                    (gi[0] << 4) - gr[0] - gr[1] - (gi[1] << 2) + gr[2] + (gi[2] << 1)};
  for (int k = 0; k < 3; ++k) {
    const T plus = p1[k] + p3[k], minus = p1[k] - p3[k];
    y[k] = plus + p2r[k];
    y[k + 3] = minus + p2i[k];
    y[k + 6] = plus - p2r[k];
    y[k + 9] = minus - p2i[k];
  }
}

// MdsCirculant is linear, so agreeing with the matrix on the unit vectors proves it exact.
constexpr bool MdsCirculantIsTheMatrix() {
  for (int j = 0; j < 12; ++j) {
    int64_t x[12] = {}, y[12] = {};
    x[j] = 1;
    MdsCirculant(x, y);
    for (int r = 0; r < 12; ++r) {
      if (y[r] != static_cast<int64_t>(kMdsCirc[(j - r + 12) % 12])) return false;
    }
  }
  return true;
}
static_assert(MdsCirculantIsTheMatrix());

// Plonky2's MDS: out[r] = sum_i s[(i + r) % 12] * circ[i] + s[r] * diag[r] (diag = (8, 0, ...)).
// The circulant runs on the 32-bit halves of the inputs (MdsCirculant) and each row is reduced
// once.
inline void MdsLayer(PoseidonState& s) {
  int64_t lo[12], hi[12], ylo[12], yhi[12];
  for (int i = 0; i < 12; ++i) {
    lo[i] = static_cast<int64_t>(s[i].value() & 0xFFFFFFFFull);
    hi[i] = static_cast<int64_t>(s[i].value() >> 32);
  }
  MdsCirculant(lo, ylo);
  MdsCirculant(hi, yhi);
  ylo[0] += lo[0] * static_cast<int64_t>(kMdsDiag0);
  yhi[0] += hi[0] * static_cast<int64_t>(kMdsDiag0);
  for (int r = 0; r < 12; ++r) {
    const unsigned __int128 total =
        (static_cast<unsigned __int128>(yhi[r]) << 32) + static_cast<unsigned __int128>(ylo[r]);
    s[r] = Fp::Reduce128(total);
  }
}

// Every constant is canonical, so the vector code may load them as field elements.
constexpr bool AllCanonical(const uint64_t* v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!Fp::IsCanonical(v[i])) return false;
  }
  return true;
}
static_assert(AllCanonical(kPoseidonRc, 360));
template <size_t R>
constexpr bool AllRowsCanonical(const uint64_t (&rows)[R][12]) {
  for (size_t r = 0; r < R; ++r) {
    if (!AllCanonical(rows[r], 12)) return false;
  }
  return true;
}
static_assert(AllRowsCanonical(kPoseidon2FullRc));
static_assert(AllRowsCanonical(kPoseidon2PartialRc));
static_assert(AllCanonical(kPoseidon2DiagM1, 12));

inline void AddRoundConstants(PoseidonState& s, int round) {
  for (int i = 0; i < 12; ++i) s[i] += Fp::FromCanonical(kPoseidonRc[12 * round + i]);
}

void PoseidonPortable(PoseidonState& s) {
  int round = 0;
  for (int r = 0; r < kHalfFullRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    for (auto& x : s) x = Sbox(x);
    MdsLayer(s);
  }
  for (int r = 0; r < kPartialRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    s[0] = Sbox(s[0]);
    MdsLayer(s);
  }
  for (int r = 0; r < kHalfFullRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    for (auto& x : s) x = Sbox(x);
    MdsLayer(s);
  }
}

// Poseidon2 external layer for width 12: the 4x4 matrix M4 = [[5,7,1,3],[4,6,1,1],[1,3,5,7],
// [1,1,4,6]] on each block of 4, then every lane adds the sum of its position over the blocks
// (the circ(2M4, M4, M4) structure).
inline void ExternalLayer(PoseidonState& s) {
  for (int b = 0; b < 12; b += 4) {
    Fp x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
    Fp t0 = x0 + x1, t1 = x2 + x3;
    Fp t2 = x1.Double() + t1, t3 = x3.Double() + t0;
    Fp t4 = t1.Double().Double() + t3, t5 = t0.Double().Double() + t2;
    s[b] = t3 + t5;
    s[b + 1] = t5;
    s[b + 2] = t2 + t4;
    s[b + 3] = t4;
  }
  for (int l = 0; l < 4; ++l) {
    Fp sum = s[l] + s[4 + l] + s[8 + l];
    s[l] += sum;
    s[4 + l] += sum;
    s[8 + l] += sum;
  }
}

// Internal layer: s[i] <- s[i] * diag_m1[i] + sum(s).
inline void InternalLayer(PoseidonState& s) {
  Fp sum = s[0];
  for (int i = 1; i < 12; ++i) sum += s[i];
  for (int i = 0; i < 12; ++i) s[i] = s[i] * Fp::FromU64(kPoseidon2DiagM1[i]) + sum;
}

inline void Poseidon2FullRound(PoseidonState& s, const uint64_t* rc) {
  for (int i = 0; i < 12; ++i) s[i] = Sbox(s[i] + Fp::FromU64(rc[i]));
  ExternalLayer(s);
}

void Poseidon2Portable(PoseidonState& s) {
  ExternalLayer(s);
  for (int r = 0; r < 4; ++r) Poseidon2FullRound(s, kPoseidon2FullRc[r]);
  for (int r = 0; r < kPartialRounds; ++r) {
    for (int i = 0; i < 12; ++i) s[i] += Fp::FromU64(kPoseidon2PartialRc[r][i]);
    s[0] = Sbox(s[0]);
    InternalLayer(s);
  }
  for (int r = 4; r < 8; ++r) Poseidon2FullRound(s, kPoseidon2FullRc[r]);
}

// Poseidon2 constants in the transposed layout of the vector code: [.][k] = lanes (k, 4+k, 8+k, 0).
struct Poseidon2Transposed {
  alignas(32) uint64_t full[8][4][4];
  alignas(32) uint64_t partial[22][4][4];
  alignas(32) uint64_t diag_m1[4][4];
};

const Poseidon2Transposed& Transposed() {
  static const Poseidon2Transposed t = [] {
    Poseidon2Transposed x{};
    auto put = [](uint64_t(*dst)[4], const uint64_t* row) {
      for (int k = 0; k < 4; ++k) {
        for (int j = 0; j < 3; ++j) dst[k][j] = row[4 * j + k];
        dst[k][3] = 0;
      }
    };
    for (int r = 0; r < 8; ++r) put(x.full[r], kPoseidon2FullRc[r]);
    for (int r = 0; r < 22; ++r) put(x.partial[r], kPoseidon2PartialRc[r]);
    put(x.diag_m1, kPoseidon2DiagM1);
    return x;
  }();
  return t;
}

#define SIMD_OPS goldilocks::simd::Avx512Vl256
#define SIMD_TARGET ENTANGLE_TARGET_AVX512
#define SIMD_NAME(x) x##Avx512
#define SIMD_MDS_ZMM
#include "proof_systems/hash/poseidon_kernels.inc"
#undef SIMD_MDS_ZMM
#undef SIMD_OPS
#undef SIMD_TARGET
#undef SIMD_NAME
#define SIMD_OPS goldilocks::simd::Avx2
#define SIMD_TARGET ENTANGLE_TARGET_AVX2
#define SIMD_NAME(x) x##Avx2
#include "proof_systems/hash/poseidon_kernels.inc"
#undef SIMD_OPS
#undef SIMD_TARGET
#undef SIMD_NAME

void Poseidon2Avx512(PoseidonState& s) { Poseidon2PermuteAvx512(s, Transposed()); }
void Poseidon2Avx2(PoseidonState& s) { Poseidon2PermuteAvx2(s, Transposed()); }

// Eight states at once, lane j of vector i = element i of state j (AVX-512): every step of the
// permutation is then plain lane-wise arithmetic.
using Z = goldilocks::simd::Avx512;

ENTANGLE_TARGET_AVX512 inline void Gather8(const PoseidonState* st, __m512i x[12]) {
  const __m512i idx = _mm512_setr_epi64(0, 12, 24, 36, 48, 60, 72, 84);
  const long long* base = reinterpret_cast<const long long*>(st);
  for (int i = 0; i < 12; ++i) x[i] = _mm512_i64gather_epi64(idx, base + i, 8);
}

ENTANGLE_TARGET_AVX512 inline void Scatter8(PoseidonState* st, const __m512i x[12]) {
  const __m512i idx = _mm512_setr_epi64(0, 12, 24, 36, 48, 60, 72, 84);
  long long* base = reinterpret_cast<long long*>(st);
  for (int i = 0; i < 12; ++i) _mm512_i64scatter_epi64(base + i, idx, x[i], 8);
}

ENTANGLE_TARGET_AVX512 inline __m512i Sbox8(__m512i x) {
  __m512i x2 = Z::Mul(x, x);
  __m512i x3 = Z::Mul(x, x2);
  __m512i x4 = Z::Mul(x2, x2);
  return Z::Mul(x3, x4);
}

ENTANGLE_TARGET_AVX512 inline void Mds8(__m512i x[12]) {
  const __m512i mask = _mm512_set1_epi64(0xFFFFFFFFll);
  __m512i lo[12], hi[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) {
    lo[i] = _mm512_and_si512(x[i], mask);
    hi[i] = _mm512_srli_epi64(x[i], 32);
  }
#pragma GCC unroll 12
  for (int r = 0; r < 12; ++r) {
    __m512i al = _mm512_setzero_si512(), ah = _mm512_setzero_si512();
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) {
      const __m512i c = _mm512_set1_epi64(static_cast<long long>(kMdsCirc[i]));
      const int k = (i + r) % 12;
      al = _mm512_add_epi64(al, _mm512_mul_epu32(lo[k], c));
      ah = _mm512_add_epi64(ah, _mm512_mul_epu32(hi[k], c));
    }
    if (r == 0) {
      const __m512i d = _mm512_set1_epi64(static_cast<long long>(kMdsDiag0));
      al = _mm512_add_epi64(al, _mm512_mul_epu32(lo[0], d));
      ah = _mm512_add_epi64(ah, _mm512_mul_epu32(hi[0], d));
    }
    x[r] = Z::Reduce96(al, ah);
  }
}

ENTANGLE_TARGET_AVX512 void PoseidonBatch8(PoseidonState* st) {
  __m512i x[12];
  Gather8(st, x);
  int round = 0;
  auto add_rc = [&]() ENTANGLE_TARGET_AVX512 {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Z::Add(x[i], Z::Set1(kPoseidonRc[12 * round + i]));
    ++round;
  };
  for (int r = 0; r < kHalfFullRounds; ++r) {
    add_rc();
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Sbox8(x[i]);
    Mds8(x);
  }
  for (int r = 0; r < kPartialRounds; ++r) {
    add_rc();
    x[0] = Sbox8(x[0]);
    Mds8(x);
  }
  for (int r = 0; r < kHalfFullRounds; ++r) {
    add_rc();
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Sbox8(x[i]);
    Mds8(x);
  }
  Scatter8(st, x);
}

ENTANGLE_TARGET_AVX512 inline void External8(__m512i x[12]) {
#pragma GCC unroll 3
  for (int b = 0; b < 12; b += 4) {
    __m512i t0 = Z::Add(x[b], x[b + 1]), t1 = Z::Add(x[b + 2], x[b + 3]);
    __m512i t2 = Z::Add(Z::Add(x[b + 1], x[b + 1]), t1);
    __m512i t3 = Z::Add(Z::Add(x[b + 3], x[b + 3]), t0);
    __m512i t1d = Z::Add(t1, t1), t0d = Z::Add(t0, t0);
    __m512i t4 = Z::Add(Z::Add(t1d, t1d), t3), t5 = Z::Add(Z::Add(t0d, t0d), t2);
    x[b] = Z::Add(t3, t5);
    x[b + 1] = t5;
    x[b + 2] = Z::Add(t2, t4);
    x[b + 3] = t4;
  }
#pragma GCC unroll 4
  for (int l = 0; l < 4; ++l) {
    __m512i sum = Z::Add(Z::Add(x[l], x[4 + l]), x[8 + l]);
    x[l] = Z::Add(x[l], sum);
    x[4 + l] = Z::Add(x[4 + l], sum);
    x[8 + l] = Z::Add(x[8 + l], sum);
  }
}

ENTANGLE_TARGET_AVX512 void Poseidon2Batch8(PoseidonState* st) {
  __m512i x[12];
  Gather8(st, x);
  auto full = [&](const uint64_t* rc) ENTANGLE_TARGET_AVX512 {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Sbox8(Z::Add(x[i], Z::Set1(rc[i])));
    External8(x);
  };
  External8(x);
  for (int r = 0; r < 4; ++r) full(kPoseidon2FullRc[r]);
  for (int r = 0; r < kPartialRounds; ++r) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Z::Add(x[i], Z::Set1(kPoseidon2PartialRc[r][i]));
    x[0] = Sbox8(x[0]);
    __m512i sum = x[0];
#pragma GCC unroll 11
    for (int i = 1; i < 12; ++i) sum = Z::Add(sum, x[i]);
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Z::Add(Z::Mul(x[i], Z::Set1(kPoseidon2DiagM1[i])), sum);
  }
  for (int r = 4; r < 8; ++r) full(kPoseidon2FullRc[r]);
  Scatter8(st, x);
}

// Four states at once with AVX2, lane j of vector i = element i of state j (the AVX-512 kernel's
// layout in 256-bit vectors): the MDS rotations are register renames instead of the one-state
// kernel's unaligned reloads, and a partial round's S-box serves four states.
using Y = goldilocks::simd::Avx2;

// Values stay below 2^64 but are only reduced below p at the end (the *Lazy operations).
ENTANGLE_TARGET_AVX2 inline __m256i Sbox4(__m256i x) {
  __m256i x2 = Y::MulLazy(x, x);
  __m256i x3 = Y::MulLazy(x, x2);
  __m256i x4 = Y::MulLazy(x2, x2);
  return Y::MulLazy(x3, x4);
}

// The round constants split into 32-bit halves, so that a round's constants are added to the
// previous round's MDS output before its reduction (two adds instead of a lazy field addition).
struct SplitRoundConstants {
  uint64_t lo[360], hi[360];
};
constexpr SplitRoundConstants kRcSplit = [] {
  SplitRoundConstants t{};
  for (int i = 0; i < 360; ++i) {
    t.lo[i] = kPoseidonRc[i] & 0xFFFFFFFFull;
    t.hi[i] = kPoseidonRc[i] >> 32;
  }
  return t;
}();

// The MDS layer on four states, then (unless `next_round` < 0) the constants of `next_round`.
[[gnu::always_inline]] ENTANGLE_TARGET_AVX2 inline void Mds4(__m256i x[12], int next_round) {
  const __m256i mask = _mm256_set1_epi64x(0xFFFFFFFFll);
  __m256i lo[12], hi[12], ylo[12], yhi[12];
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) {
    lo[i] = _mm256_and_si256(x[i], mask);
    hi[i] = _mm256_srli_epi64(x[i], 32);
  }
  MdsCirculant(lo, ylo);
  MdsCirculant(hi, yhi);
  static_assert(kMdsDiag0 == 8);
  ylo[0] = _mm256_add_epi64(ylo[0], _mm256_slli_epi64(lo[0], 3));
  yhi[0] = _mm256_add_epi64(yhi[0], _mm256_slli_epi64(hi[0], 3));
  if (next_round >= 0) {
    // ylo, yhi < 2^43: the halves of a constant keep lo + hi * 2^32 within Reduce96Lazy's range.
    const uint64_t* rlo = kRcSplit.lo + 12 * next_round;
    const uint64_t* rhi = kRcSplit.hi + 12 * next_round;
#pragma GCC unroll 12
    for (int r = 0; r < 12; ++r) {
      ylo[r] = _mm256_add_epi64(ylo[r], _mm256_set1_epi64x(static_cast<long long>(rlo[r])));
      yhi[r] = _mm256_add_epi64(yhi[r], _mm256_set1_epi64x(static_cast<long long>(rhi[r])));
    }
  }
#pragma GCC unroll 12
  for (int r = 0; r < 12; ++r) x[r] = Y::Reduce96Lazy(ylo[r], yhi[r]);
}

ENTANGLE_TARGET_AVX2 void PoseidonBatch4(PoseidonState* st) {
  __m256i x[12];
  const __m256i idx = _mm256_setr_epi64x(0, 12, 24, 36);
  const long long* in = reinterpret_cast<const long long*>(st);
  for (int i = 0; i < 12; ++i) x[i] = _mm256_i64gather_epi64(in + i, idx, 8);
  constexpr int kRounds = 2 * kHalfFullRounds + kPartialRounds;
  // Round 0's constants here; every later round's come with the MDS before it.
#pragma GCC unroll 12
  for (int i = 0; i < 12; ++i) x[i] = Y::AddLazy(x[i], Y::Set1(kPoseidonRc[i]));
  int round = 0;
  auto mds = [&]() ENTANGLE_TARGET_AVX2 {
    ++round;
    Mds4(x, round < kRounds ? round : -1);
  };
  auto full = [&]() ENTANGLE_TARGET_AVX2 {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i) x[i] = Sbox4(x[i]);
    mds();
  };
  for (int r = 0; r < kHalfFullRounds; ++r) full();
  for (int r = 0; r < kPartialRounds; ++r) {
    x[0] = Sbox4(x[0]);
    mds();
  }
  for (int r = 0; r < kHalfFullRounds; ++r) full();
  // No AVX2 scatter: store the vectors and transpose back.
  alignas(32) uint64_t out[12][4];
  for (int i = 0; i < 12; ++i) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(out[i]), Y::Canonical(x[i]));
  }
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 12; ++i) st[j][i] = Fp::FromCanonical(out[i][j]);
  }
}

// The MDS layer on four states (canonical outputs).
ENTANGLE_TARGET_AVX2 void MdsLayer4(PoseidonState* st) {
  __m256i x[12];
  alignas(32) uint64_t lanes[12][4];
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 12; ++i) lanes[i][j] = st[j][i].value();
  }
  for (int i = 0; i < 12; ++i) x[i] = _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes[i]));
  Mds4(x, -1);
  for (int i = 0; i < 12; ++i) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes[i]), Y::Canonical(x[i]));
  }
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 12; ++i) st[j][i] = Fp::FromCanonical(lanes[i][j]);
  }
}

struct Permutations {
  void (*poseidon)(PoseidonState&);
  void (*poseidon2)(PoseidonState&);
  // Several states at once (eight with AVX-512, four with AVX2), or null.
  void (*poseidon_many)(PoseidonState*) = nullptr;
  void (*poseidon2_many)(PoseidonState*) = nullptr;
  size_t many = 1;
};

const Permutations& Impl() {
  static const Permutations p = [] {
    const auto& cpu = goldilocks::simd::Cpu();
    if (cpu.avx512) {
      return Permutations{PoseidonPermuteAvx512, Poseidon2Avx512, PoseidonBatch8, Poseidon2Batch8,
                          8};
    }
    if (cpu.avx2)
      return Permutations{PoseidonPermuteAvx2, Poseidon2Avx2, PoseidonBatch4, nullptr, 4};
    return Permutations{PoseidonPortable, Poseidon2Portable};
  }();
  return p;
}

}  // namespace

Fp PoseidonRoundConstant(int round, int lane) {
  return Fp::FromU64(kPoseidonRc[12 * round + lane]);
}
uint64_t PoseidonMdsCirc(int i) { return kMdsCirc[i]; }
uint64_t PoseidonMdsDiag0() { return kMdsDiag0; }
void PoseidonMdsLayer(PoseidonState& state) { MdsLayer(state); }
void PoseidonMdsLayerMany(std::span<PoseidonState> states) {
  size_t i = 0;
  if (goldilocks::simd::Cpu().avx2) {
    for (; i + 4 <= states.size(); i += 4) MdsLayer4(states.data() + i);
  }
  for (; i < states.size(); ++i) MdsLayer(states[i]);
}

void PoseidonPermute(PoseidonState& state) { Impl().poseidon(state); }
void Poseidon2Permute(PoseidonState& state) { Impl().poseidon2(state); }

const char* HashKindName(HashKind kind) {
  switch (kind) {
    case HashKind::kPoseidon:
      return "poseidon";
    case HashKind::kPoseidon2:
      return "poseidon2";
    case HashKind::kSha256:
      return "sha256";
  }
  return "unknown";
}

void Permute(HashKind kind, PoseidonState& state) {
  if (kind != HashKind::kPoseidon2) {
    PoseidonPermute(state);
  } else {
    Poseidon2Permute(state);
  }
}

void PermuteMany(HashKind kind, std::span<PoseidonState> states) {
  const Permutations& p = Impl();
  const bool poseidon2 = kind == HashKind::kPoseidon2;
  auto one = poseidon2 ? p.poseidon2 : p.poseidon;
  auto many = poseidon2 ? p.poseidon2_many : p.poseidon_many;
  size_t i = 0;
  if (many) {
    for (; i + p.many <= states.size(); i += p.many) many(&states[i]);
  }
  for (; i < states.size(); ++i) one(states[i]);
}

Digest HashNoPad(HashKind kind, std::span<const Fp> input) {
  PoseidonState s{};
  for (size_t off = 0; off < input.size(); off += kPoseidonRate) {
    const size_t len = std::min(kPoseidonRate, input.size() - off);
    std::copy_n(input.begin() + off, len, s.begin());
    Permute(kind, s);
  }
  Digest d;
  std::copy_n(s.begin(), kDigestSize, d.e.begin());
  return d;
}

namespace {

// HashKind::kSha256: SHA-256 of the elements' little-endian bytes, top bit of each word cleared.
Digest Sha256Fields(std::span<const Fp> input, std::vector<uint8_t>& bytes) {
  bytes.resize(8 * input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    const uint64_t v = input[i].value();
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(bytes.data() + 8 * i, &v, 8);
    } else {
      for (int j = 0; j < 8; ++j) bytes[8 * i + j] = static_cast<uint8_t>(v >> (8 * j));
    }
  }
  const std::array<uint8_t, 32> h = hash::Sha256Digest(bytes);
  Digest d;
  for (size_t k = 0; k < kDigestSize; ++k) {
    uint64_t w = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&w, h.data() + 8 * k, 8);
    } else {
      for (int j = 0; j < 8; ++j) w |= static_cast<uint64_t>(h[8 * k + j]) << (8 * j);
    }
    d.e[k] = Fp::FromCanonical(w & ((uint64_t{1} << 63) - 1));
  }
  return d;
}

Digest Sha256Fields(std::span<const Fp> input) {
  std::vector<uint8_t> bytes;
  return Sha256Fields(input, bytes);
}

Digest Sha256TwoToOne(const Digest& left, const Digest& right, std::vector<uint8_t>& bytes) {
  std::array<Fp, 2 * kDigestSize> both;
  std::copy(left.e.begin(), left.e.end(), both.begin());
  std::copy(right.e.begin(), right.e.end(), both.begin() + kDigestSize);
  return Sha256Fields(both, bytes);
}

}  // namespace

Digest HashOrNoop(HashKind kind, std::span<const Fp> input) {
  if (kind == HashKind::kSha256) return Sha256Fields(input);
  if (input.size() <= kDigestSize) {
    Digest d{};
    std::copy(input.begin(), input.end(), d.e.begin());
    return d;
  }
  return HashNoPad(kind, input);
}

Digest TwoToOne(HashKind kind, const Digest& left, const Digest& right) {
  if (kind == HashKind::kSha256) {
    std::vector<uint8_t> bytes;
    return Sha256TwoToOne(left, right, bytes);
  }
  PoseidonState s{};
  std::copy(left.e.begin(), left.e.end(), s.begin());
  std::copy(right.e.begin(), right.e.end(), s.begin() + kDigestSize);
  Permute(kind, s);
  Digest d;
  std::copy_n(s.begin(), kDigestSize, d.e.begin());
  return d;
}

namespace {
constexpr size_t kBatch = 64;
}  // namespace

void HashOrNoopMany(HashKind kind, std::span<const Fp> rows, size_t row_len,
                    std::span<Digest> out) {
  if (rows.size() < row_len * out.size()) return;
  if (kind == HashKind::kSha256) {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = Sha256Fields(rows.subspan(i * row_len, row_len), bytes);
    return;
  }
  if (row_len <= kDigestSize) {
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = HashOrNoop(kind, rows.subspan(i * row_len, row_len));
    return;
  }
  PoseidonState states[kBatch];
  for (size_t b0 = 0; b0 < out.size(); b0 += kBatch) {
    const size_t count = std::min(kBatch, out.size() - b0);
    for (size_t i = 0; i < count; ++i) states[i] = PoseidonState{};
    for (size_t off = 0; off < row_len; off += kPoseidonRate) {
      const size_t len = std::min(kPoseidonRate, row_len - off);
      for (size_t i = 0; i < count; ++i) {
        std::copy_n(rows.begin() + (b0 + i) * row_len + off, len, states[i].begin());
      }
      PermuteMany(kind, std::span<PoseidonState>(states, count));
    }
    for (size_t i = 0; i < count; ++i) {
      std::copy_n(states[i].begin(), kDigestSize, out[b0 + i].e.begin());
    }
  }
}

void TwoToOneMany(HashKind kind, std::span<const Digest> children, std::span<Digest> out) {
  if (children.size() != 2 * out.size()) return;
  if (kind == HashKind::kSha256) {
    std::vector<uint8_t> bytes;
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = Sha256TwoToOne(children[2 * i], children[2 * i + 1], bytes);
    return;
  }
  PoseidonState states[kBatch];
  for (size_t b0 = 0; b0 < out.size(); b0 += kBatch) {
    const size_t count = std::min(kBatch, out.size() - b0);
    for (size_t i = 0; i < count; ++i) {
      PoseidonState& s = states[i];
      std::copy(children[2 * (b0 + i)].e.begin(), children[2 * (b0 + i)].e.end(), s.begin());
      std::copy(children[2 * (b0 + i) + 1].e.begin(), children[2 * (b0 + i) + 1].e.end(),
                s.begin() + kDigestSize);
      std::fill(s.begin() + 2 * kDigestSize, s.end(), Fp::Zero());
    }
    PermuteMany(kind, std::span<PoseidonState>(states, count));
    for (size_t i = 0; i < count; ++i) {
      std::copy_n(states[i].begin(), kDigestSize, out[b0 + i].e.begin());
    }
  }
}

}  // namespace entangle::goldilocks
