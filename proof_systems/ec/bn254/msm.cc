#include "proof_systems/ec/bn254/msm.h"

#include <algorithm>
#include <vector>

#include "common/thread_pool.h"

namespace entangle::bn254 {
namespace {

int WindowBits(size_t n) {
  if (n < 32) return 3;
  int lg = 63 - __builtin_clzll(n);
  return std::clamp(lg - 3, 4, 16);
}

// Signed digits: digits[i * windows + w] in [-2^(c-1), 2^(c-1)].
std::vector<int32_t> SignedDigits(std::span<const Fr> scalars, size_t n, int c, int windows) {
  std::vector<int32_t> digits(n * windows);
  ThreadPool::Default().ParallelFor(n, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      U256 k = scalars[i].ToU256();  // < r < 2^254
      int64_t carry = 0;
      for (int w = 0; w < windows; ++w) {
        int bit = w * c;
        uint64_t v = 0;
        if (bit < 256) {
          int limb = bit / 64, off = bit % 64;
          v = k[limb] >> off;
          if (off + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
          v &= (1ULL << c) - 1;
        }
        int64_t d = (int64_t)v + carry;
        carry = 0;
        if (d > (1LL << (c - 1))) {
          d -= (1LL << c);
          carry = 1;
        }
        digits[i * windows + w] = (int32_t)d;
      }
    }
  });
  return digits;
}

template <class F>
Jacobian<F> Pippenger(std::span<const Affine<F>> points, std::span<const Fr> scalars) {
  size_t n = std::min(points.size(), scalars.size());
  if (n == 0) return Jacobian<F>::Infinity();
  const int c = WindowBits(n);
  const int windows = (255 + c - 1) / c;  // scalars < 2^254: the top digit absorbs the carry
  std::vector<int32_t> digits = SignedDigits(scalars, n, c, windows);
  std::vector<Jacobian<F>> window_sums(windows);
  ThreadPool::Default().ParallelFor(
      windows,
      [&](size_t wb, size_t we) {
        std::vector<Jacobian<F>> buckets(size_t{1} << (c - 1));
        for (size_t w = wb; w < we; ++w) {
          std::fill(buckets.begin(), buckets.end(), Jacobian<F>::Infinity());
          for (size_t i = 0; i < n; ++i) {
            int32_t d = digits[i * windows + w];
            if (d > 0) {
              buckets[d - 1] = buckets[d - 1].AddMixed(points[i]);
            } else if (d < 0) {
              buckets[-d - 1] = buckets[-d - 1].AddMixed(-points[i]);
            }
          }
          Jacobian<F> running = Jacobian<F>::Infinity(), sum = Jacobian<F>::Infinity();
          for (size_t b = buckets.size(); b-- > 0;) {
            running += buckets[b];
            sum += running;
          }
          window_sums[w] = sum;
        }
      },
      1);
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (int w = windows - 1; w >= 0; --w) {
    for (int i = 0; i < c; ++i) acc = acc.Double();
    acc += window_sums[w];
  }
  return acc;
}

}  // namespace

G1 MsmG1(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  return Pippenger<Fq>(points, scalars);
}
G2 MsmG2(std::span<const G2Affine> points, std::span<const Fr> scalars) {
  return Pippenger<Fq2>(points, scalars);
}

}  // namespace entangle::bn254
