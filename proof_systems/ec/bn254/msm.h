// Multi-scalar multiplication sum_i k_i P_i over G1 and G2 (one template): Pippenger's bucket
// method with signed window digits (buckets for 1..2^(c-1)), affine buckets filled by batches of
// additions sharing one inversion (Montgomery's trick); a point whose bucket is already in the
// batch waits for the next one, hot buckets (many equal scalars or digits) get batched spare
// buckets, Jacobian overflow buckets take what is left; each window's buckets are folded by
// FoldAffineBuckets (segmented running sums, batched affine); windows spread over
// ThreadPool::Default().
// GLV: each scalar is split as k = k1 + k2 lambda (GlvSplit, |k1|, |k2| < 2^126) and the MSM runs
// over the terms P_i (k1) and phi(P_i) = (beta x_i, y_i) (k2), only the nonzero halves, with half
// as many windows; a negative half's digits are negated instead of its point.
// The window width is chosen for the number of nonzero terms (sparse witnesses); fewer than 1024 of
// them use Jacobian buckets. MsmBatch runs several MSMs' windows as one set of tasks.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "proof_systems/ec/bn254/curve.h"

namespace entangle::bn254 {

// points.size() must equal scalars.size() (the shorter length is used otherwise).
G1 MsmG1(std::span<const G1Affine> points, std::span<const Fr> scalars);
G2 MsmG2(std::span<const G2Affine> points, std::span<const Fr> scalars);

// Several MSMs at once (a Groth16 proof's three G1 and one G2): every window of every MSM is one
// task on ThreadPool::Default(), the costliest first, so the threads stay busy to the end instead
// of waiting for the last window of each MSM in turn; MSMs over the same scalars (the same span)
// share their GLV split, and with the same window width their signed digits. Each result goes to
// its task's `out`. A task may have a second part (points2, scalars2) summed into the same result:
// both parts fill one set of buckets per window, so the sum costs one bucket fold per window
// instead of two (cheaper than two MSMs whose results are added).
template <class F>
struct MsmTask {
  std::span<const Affine<F>> points;
  std::span<const Fr> scalars;
  Jacobian<F>* out;
  std::span<const Affine<F>> points2 = {};
  std::span<const Fr> scalars2 = {};
};
void MsmBatch(std::span<const MsmTask<Fq>> g1, std::span<const MsmTask<Fq2>> g2);

// sum_b (b + 1) buckets[b], the window fold of the bucket method. Many buckets: split into up to
// 1024 contiguous segments whose running sums advance in lockstep by affine additions sharing one
// inversion per step (about 6 multiplications an addition instead of ~27 for the Jacobian running
// sum's two additions), then combined: sum_k (acc_k + offset_k running_k). Few: one Jacobian
// running sum. Exact for any input (infinity, equal and opposite points).
template <class F>
Jacobian<F> FoldAffineBuckets(std::span<const Affine<F>> buckets);

// Signed base-2^c digits k = sum_{w < windows} d_w 2^(c w) with d_w in [-(2^(c-1) - 1), 2^(c-1)]
// (the MSM's windows; k < 2^(c windows - 1), 2 <= c <= 31, c windows <= 192). That digit set
// has one representation per k: the base-2^c digits e_w of k + H, H = sum_w h 2^(c w) with
// h = 2^(c-1) - 1, give d_w = e_w - h, so each digit is one bit-field extraction (no carry chain).
class SignedDigitWindows {
 public:
  using Biased = std::array<uint64_t, 4>;  // k + H, 192 bits (limb 3 is 0)
  SignedDigitWindows(int c, int windows);
  int windows() const { return windows_; }
  // k + H for k = lo + hi 2^64.
  Biased Bias(uint64_t lo, uint64_t hi) const {
    Biased r{};
    const unsigned __int128 low = ((unsigned __int128)hi << 64 | lo) + bias_low_;
    r[0] = (uint64_t)low;
    r[1] = (uint64_t)(low >> 64);
    r[2] = bias_[2] + (low < bias_low_);
    return r;
  }
  // d_w of the k whose Bias is kh.
  int32_t Digit(const Biased& kh, int w) const {
    const int limb = limb_[w], shift = shift_[w];
    const uint64_t v = (kh[limb] >> shift) | ((kh[limb + 1] << 1) << (63 - shift));
    return (int32_t)(v & mask_) - h_;
  }

 private:
  int windows_;
  uint64_t mask_;
  int32_t h_;
  Biased bias_;
  unsigned __int128 bias_low_;  // bias_[0] + bias_[1] 2^64
  std::array<uint8_t, 192> limb_, shift_;
};

// Converts many Jacobian points to affine with one field inversion (Montgomery's trick).
template <class F>
std::vector<Affine<F>> BatchToAffine(std::span<const Jacobian<F>> pts) {
  std::vector<Affine<F>> out(pts.size());
  std::vector<F> prefix(pts.size());
  F acc = F::One();
  for (size_t i = 0; i < pts.size(); ++i) {
    prefix[i] = acc;
    if (!pts[i].IsInfinity()) acc = acc * pts[i].z;
  }
  F inv = acc.Inverse();
  for (size_t i = pts.size(); i-- > 0;) {
    if (pts[i].IsInfinity()) continue;
    F zi = inv * prefix[i];
    inv = inv * pts[i].z;
    F zi2 = zi * zi;
    out[i] = {pts[i].x * zi2, pts[i].y * zi2 * zi, false};
  }
  return out;
}

// The naive reference: sum of ScalarMul (for tests).
template <class F>
Jacobian<F> MsmNaive(std::span<const Affine<F>> points, std::span<const Fr> scalars) {
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (size_t i = 0; i < points.size() && i < scalars.size(); ++i) {
    acc += ScalarMul(Jacobian<F>::From(points[i]), scalars[i]);
  }
  return acc;
}

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_
