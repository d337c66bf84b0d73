#include "proof_systems/poly/ntt.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

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

// One radix-2 decimation-in-frequency stage of half-size h over butterflies [t0, t1) of the
// n/2 butterflies (butterfly t: block t / h, offset t % h).
void DifStageRange(Fp* a, size_t h, const Fp* tw, size_t t0, size_t t1) {
  const Fp* w = tw + h;
  while (t0 < t1) {
    size_t block = t0 / h, j = t0 % h;
    size_t jend = std::min(h, j + (t1 - t0));
    Fp* x = a + block * 2 * h;
    Fp* y = x + h;
    for (size_t k = j; k < jend; ++k) {
      Fp u = x[k], v = y[k];
      x[k] = u + v;
      y[k] = (u - v) * w[k];
    }
    t0 += jend - j;
  }
}

// All stages of a size-n DIF transform on one block (natural in, bit-reversed out).
void DifBlock(Fp* a, size_t n, const Fp* tw) {
  for (size_t h = n / 2; h >= 1; h /= 2) DifStageRange(a, h, tw, 0, n / 2);
}

void Dif(Fp* a, size_t n, const Fp* tw, ThreadPool* pool) {
  if (n <= 1) return;
  if (pool == nullptr || pool->size() == 1 || n < (size_t{1} << kLogParallel)) {
    // Large strides first, then finish cache-sized blocks in one go.
    size_t h = n / 2;
    for (; 2 * h > kBlock; h /= 2) DifStageRange(a, h, tw, 0, n / 2);
    for (size_t b = 0; b < n; b += 2 * h) DifBlock(a + b, 2 * h, tw);
    return;
  }
  size_t h = n / 2;
  for (; 2 * h > kBlock; h /= 2) {
    pool->ParallelFor(
        n / 2, [&](size_t t0, size_t t1) { DifStageRange(a, h, tw, t0, t1); }, size_t{1} << 12);
  }
  const size_t bs = 2 * h;
  pool->ParallelFor(
      n / bs,
      [&](size_t b0, size_t b1) {
        for (size_t b = b0; b < b1; ++b) DifBlock(a + b * bs, bs, tw);
      },
      1);
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

void BitReverse(Fp* a, size_t n, ThreadPool* pool) {
  if (n <= 2) return;
  const int log_n = __builtin_ctzll(n);
  if (pool == nullptr || n < (size_t{1} << kLogParallel)) {
    BitReverseRange(a, log_n, 0, n);
  } else {
    // Every swap pair (i, rev i) is touched only by the chunk holding min(i, rev i).
    pool->ParallelFor(n, [&](size_t i0, size_t i1) { BitReverseRange(a, log_n, i0, i1); });
  }
}

// a[i] *= c * s^i for i in [0, n).
void ScalePowers(Fp* a, size_t n, Fp c, Fp s, ThreadPool* pool) {
  auto run = [&](size_t i0, size_t i1) {
    Fp acc = c * s.Pow(i0);
    for (size_t i = i0; i < i1; ++i) {
      a[i] *= acc;
      acc *= s;
    }
  };
  if (pool == nullptr || n < (size_t{1} << kLogParallel)) {
    run(0, n);
  } else {
    pool->ParallelFor(n, run);
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
