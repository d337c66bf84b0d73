#include "proof_systems/poly/ntt.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "proof_systems/field/goldilocks_simd.h"

namespace entangle::poly {
namespace {

// Transforms up to this size run on the calling thread (pool overhead dominates below it).
constexpr int kLogParallel = 14;
// Sub-transforms of this size are finished in one go (the block stays in L1/L2).
constexpr size_t kBlock = size_t{1} << 11;

int Log2Exact(size_t n, const char* what) {
  if (n == 0 || (n & (n - 1)) != 0 || n > (size_t{1} << Fp::kTwoAdicity)) {
    std::fprintf(stderr, "entangle::poly::%s: length %zu is not a power of two <= 2^32\n", what, n);
    std::abort();
  }
  return __builtin_ctzll(n);
}

// Twiddles for every size up to 2^log_max in one table: entries [h, 2h) hold w_{2h}^j, j < h,
// where w_{2h} = RootOfUnity(log2(2h)) (or its inverse). Smaller tables are prefixes of larger
// ones, so one table serves all sizes; it is replaced by a larger one on demand.
struct Twiddles {
  int log_max = -1;
  std::shared_ptr<const std::vector<Fp>> fwd, inv;
};

std::shared_ptr<const std::vector<Fp>> BuildTable(int log_n, bool inverse) {
  const size_t n = size_t{1} << log_n;
  auto t = std::make_shared<std::vector<Fp>>(std::max<size_t>(n, 2));
  if (log_n == 0) return t;
  const size_t top = n / 2;  // level h = n/2 uses w_n
  Fp w = Fp::RootOfUnity(log_n);
  if (inverse) w = w.Inverse();
  Fp acc = Fp::One();
  for (size_t j = 0; j < top; ++j) {
    (*t)[top + j] = acc;
    acc *= w;
  }
  // w_{2h}^j = w_n^(j * n / 2h): lower levels are strided copies of the top one.
  for (size_t h = top / 2; h >= 1; h /= 2) {
    const size_t stride = top / h;
    for (size_t j = 0; j < h; ++j) (*t)[h + j] = (*t)[top + j * stride];
  }
  return t;
}

const Fp* GetTwiddles(int log_n, bool inverse, std::shared_ptr<const std::vector<Fp>>* keep) {
  static std::mutex mu;
  static Twiddles cache;
  std::lock_guard<std::mutex> lock(mu);
  if (cache.log_max < log_n) {
    int log_new = std::max(log_n, 10);
    cache.fwd = BuildTable(log_new, false);
    cache.inv = BuildTable(log_new, true);
    cache.log_max = log_new;
  }
  *keep = inverse ? cache.inv : cache.fwd;
  return (*keep)->data();
}

inline void ScalarButterfly(Fp& x, Fp& y, Fp w) {
  Fp u = x, v = y;
  x = u + v;
  y = (u - v) * w;
}

// Radix-2 DIF butterfly pair of stages on (x0, x1, x2, x3) = a[j + {0, q, 2q, 3q}]:
// half-size 2q with twiddles wa = w_{4q}^j, wb = w_{4q}^(j+q), then half-size q with wc = w_{2q}^j.
inline void ScalarQuad(Fp& x0, Fp& x1, Fp& x2, Fp& x3, Fp wa, Fp wb, Fp wc) {
  Fp b0 = x0 + x2, b2 = (x0 - x2) * wa;
  Fp b1 = x1 + x3, b3 = (x1 - x3) * wb;
  x0 = b0 + b1;
  x1 = (b0 - b1) * wc;
  x2 = b2 + b3;
  x3 = (b2 - b3) * wc;
}

// One radix-2 decimation-in-frequency stage of half-size h over butterflies [t0, t1) of the
// n/2 butterflies (butterfly t: block t / h, offset t % h).
void DifRadix2Scalar(Fp* a, size_t h, const Fp* tw, size_t t0, size_t t1) {
  const Fp* w = tw + h;
  size_t j = t0 % h;
  Fp* x = a + (t0 / h) * 2 * h;
  while (t0 < t1) {
    const size_t jend = std::min(h, j + (t1 - t0));
    for (size_t k = j; k < jend; ++k) ScalarButterfly(x[k], x[k + h], w[k]);
    t0 += jend - j;
    j = 0;
    x += 2 * h;
  }
}

// The stages of half-sizes 2q and q fused, over quads [u0, u1) of the n/4 quads (quad u: block
// u / q of size 4q, offset u % q).
void DifRadix4Scalar(Fp* a, size_t q, const Fp* tw, size_t u0, size_t u1) {
  const Fp* w2 = tw + 2 * q;
  const Fp* w1 = tw + q;
  size_t j = u0 % q;
  Fp* x0 = a + (u0 / q) * 4 * q;
  while (u0 < u1) {
    const size_t jend = std::min(q, j + (u1 - u0));
    for (size_t k = j; k < jend; ++k) {
      ScalarQuad(x0[k], x0[k + q], x0[k + 2 * q], x0[k + 3 * q], w2[k], w2[k + q], w1[k]);
    }
    u0 += jend - j;
    j = 0;
    x0 += 4 * q;
  }
}

void ScalePowersScalar(Fp* a, size_t i0, size_t i1, Fp start, Fp s) {
  Fp acc = start;
  for (size_t i = i0; i < i1; ++i) {
    a[i] *= acc;
    acc *= s;
  }
}

#define SIMD_OPS goldilocks::simd::Avx512
#define SIMD_TARGET ENTANGLE_TARGET_AVX512
#define SIMD_NAME(x) x##Avx512
#include "proof_systems/poly/ntt_kernels.inc"
#undef SIMD_OPS
#undef SIMD_TARGET
#undef SIMD_NAME
#define SIMD_OPS goldilocks::simd::Avx2
#define SIMD_TARGET ENTANGLE_TARGET_AVX2
#define SIMD_NAME(x) x##Avx2
#include "proof_systems/poly/ntt_kernels.inc"
#undef SIMD_OPS
#undef SIMD_TARGET
#undef SIMD_NAME

// The last three DIF stages (half-sizes 4, 2, 1) on 16-element chunks [a, a + 16 * chunks), in
// registers: two vectors hold two 8-blocks, and lane permutations pair the butterfly operands.
ENTANGLE_TARGET_AVX512 void DifLast3Avx512(Fp* a, size_t chunks, const Fp* tw) {
  using S = goldilocks::simd::Avx512;
  const __m512i w4 = _mm512_setr_epi64(tw[4].value(), tw[5].value(), tw[6].value(), tw[7].value(),
                                       tw[4].value(), tw[5].value(), tw[6].value(), tw[7].value());
  const __m512i w2 = _mm512_setr_epi64(tw[2].value(), tw[3].value(), tw[2].value(), tw[3].value(),
                                       tw[2].value(), tw[3].value(), tw[2].value(), tw[3].value());
  const __m512i u4 = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
  const __m512i v4 = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
  const __m512i u2 = _mm512_setr_epi64(0, 1, 4, 5, 8, 9, 12, 13);
  const __m512i v2 = _mm512_setr_epi64(2, 3, 6, 7, 10, 11, 14, 15);
  const __m512i u1 = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
  const __m512i v1 = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
  const __m512i lo = _mm512_setr_epi64(0, 8, 4, 12, 2, 10, 6, 14);
  const __m512i hi = _mm512_setr_epi64(1, 9, 5, 13, 3, 11, 7, 15);
  for (size_t c = 0; c < chunks; ++c, a += 16) {
    __m512i x = S::Load(a), y = S::Load(a + 8);
    // Half-size 4: lanes hold positions (0-3, 8-11) and (4-7, 12-15).
    __m512i u = _mm512_permutex2var_epi64(x, u4, y), v = _mm512_permutex2var_epi64(x, v4, y);
    x = S::Add(u, v);
    y = S::Mul(S::Sub(u, v), w4);
    // Half-size 2: positions (0,1,8,9,4,5,12,13) and (2,3,10,11,6,7,14,15).
    u = _mm512_permutex2var_epi64(x, u2, y);
    v = _mm512_permutex2var_epi64(x, v2, y);
    x = S::Add(u, v);
    y = S::Mul(S::Sub(u, v), w2);
    // Half-size 1 (twiddle 1): positions (0,8,4,12,2,10,6,14) and (1,9,5,13,3,11,7,15).
    u = _mm512_permutex2var_epi64(x, u1, y);
    v = _mm512_permutex2var_epi64(x, v1, y);
    x = S::Add(u, v);
    y = S::Sub(u, v);
    S::Store(a, _mm512_permutex2var_epi64(x, lo, y));
    S::Store(a + 8, _mm512_permutex2var_epi64(x, hi, y));
  }
}

// The last two DIF stages (half-sizes 2, 1) on 8-element chunks [a, a + 8 * chunks), in AVX2
// registers (the generic kernels fall back to scalar code below 4 lanes): two vectors hold two
// 4-blocks, 128-bit lane swaps and 64-bit unpacks pair the butterfly operands.
ENTANGLE_TARGET_AVX2 void DifLast2Avx2(Fp* a, size_t chunks, const Fp* tw) {
  using S = goldilocks::simd::Avx2;
  const __m256i w2 = _mm256_setr_epi64x(
      static_cast<long long>(tw[2].value()), static_cast<long long>(tw[3].value()),
      static_cast<long long>(tw[2].value()), static_cast<long long>(tw[3].value()));
  for (size_t c = 0; c < chunks; ++c, a += 8) {
    const __m256i x = S::Load(a), y = S::Load(a + 4);
    // Half-size 2: u = positions (0, 1, 4, 5), v = (2, 3, 6, 7).
    const __m256i u = _mm256_permute2x128_si256(x, y, 0x20);
    const __m256i v = _mm256_permute2x128_si256(x, y, 0x31);
    const __m256i b0 = S::Add(u, v), b1 = S::Mul(S::Sub(u, v), w2);
    // Half-size 1 (twiddle 1): p = positions (0, 2, 4, 6), q = (1, 3, 5, 7).
    const __m256i p = _mm256_unpacklo_epi64(b0, b1), q = _mm256_unpackhi_epi64(b0, b1);
    const __m256i sum = S::Add(p, q), diff = S::Sub(p, q);
    // sum = positions (0, 2, 4, 6) and diff = (1, 3, 5, 7) of the result.
    const __m256i lo = _mm256_unpacklo_epi64(sum, diff), hi = _mm256_unpackhi_epi64(sum, diff);
    S::Store(a, _mm256_permute2x128_si256(lo, hi, 0x20));
    S::Store(a + 4, _mm256_permute2x128_si256(lo, hi, 0x31));
  }
}

struct Kernels {
  void (*radix2)(Fp*, size_t, const Fp*, size_t, size_t);
  void (*radix4)(Fp*, size_t, const Fp*, size_t, size_t);
  void (*scale)(Fp*, size_t, size_t, Fp, Fp);
  size_t lanes;                                     // radix4 needs q >= lanes
  void (*last3)(Fp*, size_t, const Fp*) = nullptr;  // half-sizes 4, 2, 1 on 16-element chunks
  void (*last2)(Fp*, size_t, const Fp*) = nullptr;  // half-sizes 2, 1 on 8-element chunks
};

const Kernels& K() {
  static const Kernels k = [] {
    const auto& cpu = goldilocks::simd::Cpu();
    if (cpu.avx512) {
      return Kernels{DifRadix2Avx512, DifRadix4Avx512, ScalePowersAvx512, 8, DifLast3Avx512};
    }
    if (cpu.avx2) {
      return Kernels{DifRadix2Avx2, DifRadix4Avx2, ScalePowersAvx2, 4, nullptr, DifLast2Avx2};
    }
    return Kernels{DifRadix2Scalar, DifRadix4Scalar, ScalePowersScalar, 1};
  }();
  return k;
}

// The DIF stages with half-sizes h_hi, h_hi/2, ... down to and excluding h_lo, over every block
// of [a, a + n); pairs of stages are fused, and the last three run in registers where possible.
void Stages(Fp* a, size_t n, size_t h_hi, size_t h_lo, const Fp* tw) {
  const Kernels& k = K();
  size_t h = h_hi;
  while (h > h_lo) {
    if (h == 4 && h_lo == 0 && k.last3 != nullptr && n % 16 == 0) {
      k.last3(a, n / 16, tw);
      return;
    }
    if (h == 2 && h_lo == 0 && k.last2 != nullptr && n % 8 == 0) {
      k.last2(a, n / 8, tw);
      return;
    }
    if (h / 2 > h_lo && h / 2 >= k.lanes) {
      k.radix4(a, h / 2, tw, 0, n / 4);
      h /= 4;
    } else {
      k.radix2(a, h, tw, 0, n / 2);
      h /= 2;
    }
  }
}

// The stages with half-sizes >= bs (bs = the block size of the second phase) restricted to the
// low-index range [c0, c1) < bs: for a fixed low index these stages form an independent transform
// over the high index bits, so a narrow range of columns is transformed by all of them while its
// data (n / bs rows of c1 - c0 elements) stays in L2.
void OuterStages(Fp* a, size_t n, size_t bs, const Fp* tw, size_t c0, size_t c1) {
  const Kernels& k = K();
  const size_t width = c1 - c0;
  size_t h = n / 2;
  while (h >= bs) {
    if (h / 2 >= bs && h / 2 >= k.lanes) {
      const size_t q = h / 2;
      for (size_t block = 0; block < n / (4 * q); ++block) {
        for (size_t row = 0; row < q / bs; ++row) {
          const size_t u0 = block * q + row * bs + c0;
          k.radix4(a, q, tw, u0, u0 + width);
        }
      }
      h /= 4;
    } else {
      for (size_t block = 0; block < n / (2 * h); ++block) {
        for (size_t row = 0; row < h / bs; ++row) {
          const size_t t0 = block * h + row * bs + c0;
          k.radix2(a, h, tw, t0, t0 + width);
        }
      }
      h /= 2;
    }
  }
}

// Natural order in, bit-reversed order out, in two parallel phases: the large strides over
// narrow column ranges (OuterStages), then each cache-sized block finished in one go.
void Dif(Fp* a, size_t n, const Fp* tw, ThreadPool* pool) {
  if (n <= 1) return;
  if (pool != nullptr && (pool->size() == 1 || n < (size_t{1} << kLogParallel))) pool = nullptr;
  const size_t bs = std::min(n, kBlock);
  if (n > bs) {
    // Column ranges of about 512 KiB in all.
    const size_t rows = n / bs;
    const size_t chunk = std::clamp<size_t>((size_t{1} << 16) / rows, 16, bs);
    auto outer = [&](size_t i0, size_t i1) {
      for (size_t i = i0; i < i1; ++i) OuterStages(a, n, bs, tw, i * chunk, (i + 1) * chunk);
    };
    if (pool) {
      pool->ParallelFor(bs / chunk, outer, 1);
    } else {
      outer(0, bs / chunk);
    }
  }
  auto blocks = [&](size_t b0, size_t b1) {
    for (size_t b = b0; b < b1; ++b) Stages(a + b * bs, bs, bs / 2, 0, tw);
  };
  if (pool) {
    pool->ParallelFor(n / bs, blocks, 1);
  } else {
    blocks(0, n / bs);
  }
}

uint64_t Reverse64(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
  x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((x & 0x0F0F0F0F0F0F0F0Full) << 4);
  return __builtin_bswap64(x);
}

void BitReverseRange(Fp* a, int log_n, size_t i0, size_t i1) {
  const int shift = 64 - log_n;
  for (size_t i = i0; i < i1; ++i) {
    size_t j = Reverse64(i) >> shift;
    if (i < j) std::swap(a[i], a[j]);
  }
}

// Cache-friendly bit reversal for log_n >= 2 * kTileBits: index i = (t, m, c) with t and c of
// kTileBits bits maps to (rev c, rev m, rev t). For a pair (m, rev m) the swaps touch only
// 2 * 2^kTileBits cache-line-sized runs, all of which stay in L1. Handles middles [m0, m1); each
// pair is done by its smaller member.
constexpr int kTileBits = 3;
void BitReverseTiled(Fp* a, int log_n, size_t m0, size_t m1) {
  constexpr size_t kT = size_t{1} << kTileBits;
  const int mid_bits = log_n - 2 * kTileBits;
  const int high_shift = log_n - kTileBits;
  size_t rev_t[kT];
  for (size_t t = 0; t < kT; ++t) rev_t[t] = Reverse64(t) >> (64 - kTileBits);
  for (size_t m = m0; m < m1; ++m) {
    const size_t rm = mid_bits == 0 ? 0 : Reverse64(m) >> (64 - mid_bits);
    if (rm < m) continue;
    for (size_t t = 0; t < kT; ++t) {
      const size_t i_base = (t << high_shift) | (m << kTileBits);
      const size_t j_low = (rm << kTileBits) | rev_t[t];
      for (size_t c = 0; c < kT; ++c) {
        const size_t i = i_base | c;
        const size_t j = (rev_t[c] << high_shift) | j_low;
        if (m == rm && i >= j) continue;
        std::swap(a[i], a[j]);
      }
    }
  }
}

void BitReverse(Fp* a, size_t n, ThreadPool* pool) {
  if (n <= 2) return;
  const int log_n = __builtin_ctzll(n);
  if (log_n < 2 * kTileBits + 4) {
    BitReverseRange(a, log_n, 0, n);
    return;
  }
  const size_t mids = size_t{1} << (log_n - 2 * kTileBits);
  if (pool == nullptr || n < (size_t{1} << kLogParallel)) {
    BitReverseTiled(a, log_n, 0, mids);
  } else {
    pool->ParallelFor(mids, [&](size_t m0, size_t m1) { BitReverseTiled(a, log_n, m0, m1); });
  }
}

// a[i] *= c * s^i for i in [0, n).
void ScalePowers(Fp* a, size_t n, Fp c, Fp s, ThreadPool* pool) {
  const Kernels& k = K();
  auto run = [&](size_t i0, size_t i1) { k.scale(a, i0, i1, c * s.Pow(i0), s); };
  if (pool == nullptr || n < (size_t{1} << kLogParallel)) {
    run(0, n);
  } else {
    pool->ParallelFor(n, run, size_t{1} << 12);
  }
}

void Forward(std::span<Fp> a, ThreadPool* pool) {
  if (a.empty()) return;
  const int log_n = Log2Exact(a.size(), "Ntt");
  std::shared_ptr<const std::vector<Fp>> keep;
  const Fp* tw = GetTwiddles(log_n, false, &keep);
  Dif(a.data(), a.size(), tw, pool);
  BitReverse(a.data(), a.size(), pool);
}

// Inverse without the 1/n factor.
void InverseUnscaled(std::span<Fp> a, ThreadPool* pool) {
  if (a.empty()) return;
  const int log_n = Log2Exact(a.size(), "InverseNtt");
  std::shared_ptr<const std::vector<Fp>> keep;
  const Fp* tw = GetTwiddles(log_n, true, &keep);
  Dif(a.data(), a.size(), tw, pool);
  BitReverse(a.data(), a.size(), pool);
}

Fp InverseOfSize(size_t n) { return n == 0 ? Fp::One() : Fp::FromU64(n).Inverse(); }

}  // namespace

void Ntt(std::span<Fp> a, ThreadPool& pool) { Forward(a, &pool); }
void Ntt(std::span<Fp> a) { Ntt(a, ThreadPool::Default()); }

void InverseNtt(std::span<Fp> a, ThreadPool& pool) {
  InverseUnscaled(a, &pool);
  ScalePowers(a.data(), a.size(), InverseOfSize(a.size()), Fp::One(), &pool);
}
void InverseNtt(std::span<Fp> a) { InverseNtt(a, ThreadPool::Default()); }

void CosetNtt(std::span<Fp> coeffs, Fp shift, ThreadPool& pool) {
  if (coeffs.empty()) return;
  Log2Exact(coeffs.size(), "CosetNtt");
  ScalePowers(coeffs.data(), coeffs.size(), Fp::One(), shift, &pool);
  Forward(coeffs, &pool);
}
void CosetNtt(std::span<Fp> coeffs, Fp shift) { CosetNtt(coeffs, shift, ThreadPool::Default()); }

void CosetEvaluate(std::span<const Fp> coeffs, Fp shift, std::span<Fp> out, ThreadPool& pool) {
  if (out.empty() && coeffs.empty()) return;
  Log2Exact(out.size(), "CosetEvaluate");
  if (coeffs.size() > out.size()) {
    std::fprintf(stderr, "entangle::poly::CosetEvaluate: %zu coefficients for %zu points\n",
                 coeffs.size(), out.size());
    std::abort();
  }
  std::copy(coeffs.begin(), coeffs.end(), out.begin());
  std::fill(out.begin() + coeffs.size(), out.end(), Fp::Zero());
  ScalePowers(out.data(), coeffs.size(), Fp::One(), shift, &pool);  // the zeros stay zero
  Forward(out, &pool);
}
void CosetEvaluate(std::span<const Fp> coeffs, Fp shift, std::span<Fp> out) {
  CosetEvaluate(coeffs, shift, out, ThreadPool::Default());
}

void InverseCosetNtt(std::span<Fp> evals, Fp shift, ThreadPool& pool) {
  InverseUnscaled(evals, &pool);
  ScalePowers(evals.data(), evals.size(), InverseOfSize(evals.size()), shift.Inverse(), &pool);
}
void InverseCosetNtt(std::span<Fp> evals, Fp shift) {
  InverseCosetNtt(evals, shift, ThreadPool::Default());
}

std::vector<Fp> LowDegreeExtend(std::span<const Fp> evals, int log_blowup, Fp shift,
                                ThreadPool& pool) {
  if (evals.empty()) return {};
  const int log_n = Log2Exact(evals.size(), "LowDegreeExtend");
  if (log_blowup < 0 || log_n + log_blowup > Fp::kTwoAdicity) {
    std::fprintf(stderr, "entangle::poly::LowDegreeExtend: bad log_blowup %d for 2^%d\n",
                 log_blowup, log_n);
    std::abort();
  }
  const size_t n = evals.size();
  std::vector<Fp> out(n << log_blowup);
  std::copy(evals.begin(), evals.end(), out.begin());
  std::span<Fp> head(out.data(), n);
  InverseUnscaled(head, &pool);
  // Coefficients c_i / n, times shift^i for the coset.
  ScalePowers(out.data(), n, InverseOfSize(n), shift, &pool);
  Forward(out, &pool);
  return out;
}
std::vector<Fp> LowDegreeExtend(std::span<const Fp> evals, int log_blowup, Fp shift) {
  return LowDegreeExtend(evals, log_blowup, shift, ThreadPool::Default());
}

void BitReversePermute(std::span<Fp> a) {
  Log2Exact(a.size() == 0 ? 1 : a.size(), "BitReversePermute");
  BitReverse(a.data(), a.size(), nullptr);
}

namespace {

// Runs fn(i) for every column: in parallel over columns when there are several, otherwise with
// the pool inside the one transform.
template <class Fn>
void ForColumns(size_t count, ThreadPool& pool, Fn fn) {
  if (count == 1) {
    fn(0, pool);
    return;
  }
  pool.ParallelFor(
      count,
      [&](size_t c0, size_t c1) {
        for (size_t c = c0; c < c1; ++c) fn(c, pool);  // nested pool calls run inline
      },
      1);
}

}  // namespace

void NttColumns(std::vector<std::vector<Fp>>& cols, ThreadPool& pool) {
  ForColumns(cols.size(), pool, [&](size_t c, ThreadPool& p) { Ntt(cols[c], p); });
}
void NttColumns(std::vector<std::vector<Fp>>& cols) { NttColumns(cols, ThreadPool::Default()); }

void InverseNttColumns(std::vector<std::vector<Fp>>& cols, ThreadPool& pool) {
  ForColumns(cols.size(), pool, [&](size_t c, ThreadPool& p) { InverseNtt(cols[c], p); });
}
void InverseNttColumns(std::vector<std::vector<Fp>>& cols) {
  InverseNttColumns(cols, ThreadPool::Default());
}

std::vector<std::vector<Fp>> LowDegreeExtendColumns(const std::vector<std::vector<Fp>>& evals,
                                                    int log_blowup, Fp shift, ThreadPool& pool) {
  std::vector<std::vector<Fp>> out(evals.size());
  ForColumns(evals.size(), pool, [&](size_t c, ThreadPool& p) {
    out[c] = LowDegreeExtend(evals[c], log_blowup, shift, p);
  });
  return out;
}
std::vector<std::vector<Fp>> LowDegreeExtendColumns(const std::vector<std::vector<Fp>>& evals,
                                                    int log_blowup, Fp shift) {
  return LowDegreeExtendColumns(evals, log_blowup, shift, ThreadPool::Default());
}

}  // namespace entangle::poly
