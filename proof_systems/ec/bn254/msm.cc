#include "proof_systems/ec/bn254/msm.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <type_traits>
#include <vector>

#include "common/thread_pool.h"

namespace entangle::bn254 {
namespace {

// Below this many points the Jacobian-bucket variant is used (batches would be too small to
// amortize the inversion).
constexpr size_t kBatchAffineMin = 1024;

// The window fold (FoldAffineBuckets): below kSegmentedFoldMin buckets one Jacobian running sum;
// else up to kFoldLanes segments of at least kFoldMinSegment buckets folded in lockstep. 1024 lanes
// (16 buckets a segment at c = 15) beat 256, 512 and 2048 in 2^18 proves: more lanes amortize the
// inversion of each step better, fewer keep the Jacobian combine short.
constexpr size_t kSegmentedFoldMin = 512, kFoldLanes = 1024, kFoldMinSegment = 8;

// The window width c minimizing a cost model: windows * (n additions + 2^(c-1) buckets folded with
// two batched affine additions each (FoldAffineBuckets), ~2x the cost of a bucket addition; 2
// proved faster than 3 and 4.5 (the factor for the former Jacobian fold) in 2^18 proves). n counts
// the GLV terms (up to two a scalar) of kGlvHalfBits-bit magnitudes: GlvWindows(c) windows.
int GlvWindows(int c) { return (kGlvHalfBits + 1 + c - 1) / c; }  // the top digit absorbs the carry
int WindowBits(size_t n) {
  if (n < 32) return 3;
  int best = 4;
  double best_cost = 1e300;
  for (int c = 4; c <= 18; ++c) {
    const double cost = GlvWindows(c) * ((double)n + 2.0 * std::ldexp(1.0, c - 1));
    if (cost < best_cost) best_cost = cost, best = c;
  }
  return best;
}

// The GLV splits k_i = k1 + k2 lambda of an MSM's scalars as its terms: term i < n is k1 of
// scalar i (with the point P_i), term n + j is k2 of scalar second[j], the ones with k2 != 0 in the
// order of i (with phi(P_i)). n < 2^31: the windows index the terms by 32 bits.
struct GlvTerms {
  struct Half {
    std::array<uint64_t, 2> mag;  // < 2^kGlvHalfBits
    bool neg;
  };
  UninitializedVector<Half> half;  // n + second.size()
  UninitializedVector<uint32_t> second;
};

// In two parallel passes over fixed chunks: split (the k1 halves in place) and count the nonzero
// k2, then write those at the chunks' offsets (the buffers' pages faulted in on all threads, no
// zero fill: every entry is written once, by the threads).
GlvTerms SplitScalars(std::span<const Fr> scalars) {
  const size_t n = scalars.size();
  constexpr size_t kChunk = 4096;
  const size_t chunks = (n + kChunk - 1) / kChunk;
  GlvTerms t;
  ReservePrefaulted(t.half, 2 * n);
  t.half.resize(n);
  UninitializedVector<GlvTerms::Half> k2 = PrefaultedUninitialized<GlvTerms::Half>(n);
  std::vector<size_t> offset(chunks + 1, 0);
  ThreadPool::Default().ParallelFor(
      chunks,
      [&](size_t cb, size_t ce) {
        for (size_t c = cb; c < ce; ++c) {
          size_t count = 0;
          for (size_t i = c * kChunk; i < std::min(n, (c + 1) * kChunk); ++i) {
            const GlvHalves h = GlvSplit(scalars[i]);
            t.half[i] = {{h.k1[0], h.k1[1]}, h.neg1};
            k2[i] = {{h.k2[0], h.k2[1]}, h.neg2};
            count += (h.k2[0] | h.k2[1]) != 0;
          }
          offset[c + 1] = count;
        }
      },
      1);
  for (size_t c = 0; c < chunks; ++c) offset[c + 1] += offset[c];
  const size_t m2 = offset[chunks];
  ReservePrefaulted(t.second, m2);
  t.half.resize(n + m2);
  t.second.resize(m2);
  ThreadPool::Default().ParallelFor(
      chunks,
      [&](size_t cb, size_t ce) {
        for (size_t c = cb; c < ce; ++c) {
          size_t j = offset[c];
          for (size_t i = c * kChunk; i < std::min(n, (c + 1) * kChunk); ++i) {
            if ((k2[i].mag[0] | k2[i].mag[1]) == 0) continue;
            t.second[j] = (uint32_t)i;
            t.half[n + j++] = k2[i];
          }
        }
      },
      1);
  return t;
}

}  // namespace

SignedDigitWindows::SignedDigitWindows(int c, int windows)
    : windows_(windows), mask_((uint64_t{1} << c) - 1), h_((int32_t{1} << (c - 1)) - 1), bias_{} {
  for (int w = 0; w < windows; ++w) {
    const int bit = w * c;
    limb_[w] = (uint8_t)(bit / 64);
    shift_[w] = (uint8_t)(bit % 64);
    // H's digit h in window w (h < 2^c: the windows do not overlap).
    bias_[bit / 64] |= (uint64_t)h_ << (bit % 64);
    if (bit % 64 + c > 64) bias_[bit / 64 + 1] |= (uint64_t)h_ >> (64 - bit % 64);
  }
  bias_low_ = (unsigned __int128)bias_[1] << 64 | bias_[0];
}

namespace {

// Signed digits of the terms, window-major: digits[w * m + j] in [-2^(c-1), 2^(c-1)],
// sum_w digit 2^(c w) = +-|k_half| (the half's sign applied to its digits, not to its point).
// An UninitializedVector (tens of MB for a large MSM): not zero-filled first (every entry is
// written, and its pages are first touched by the threads that write them), its pages dropped on
// all threads when it is freed. By blocks of terms: their biased magnitudes and signs first, then
// window by window (contiguous stores, one bit field each).
using DigitArray = UninitializedVector<int32_t>;
std::shared_ptr<const DigitArray> SignedDigits(const GlvTerms& t, int c, int windows) {
  const size_t m = t.half.size();
  auto digits_vec = std::make_shared<DigitArray>(m * windows);
  int32_t* digits = digits_vec->data();
  const SignedDigitWindows layout(c, windows);  // k < 2^kGlvHalfBits <= 2^(c windows - 1)
  ThreadPool::Default().ParallelFor(m, [&](size_t b, size_t e) {
    constexpr size_t kBlock = 256;
    SignedDigitWindows::Biased kh[kBlock];
    int32_t neg[kBlock];  // 0 or -1: d -> (d ^ neg) - neg
    for (size_t j0 = b; j0 < e; j0 += kBlock) {
      const size_t len = std::min(kBlock, e - j0);
      for (size_t j = 0; j < len; ++j) {
        const GlvTerms::Half& h = t.half[j0 + j];
        kh[j] = layout.Bias(h.mag[0], h.mag[1]);
        neg[j] = -(int32_t)h.neg;
      }
      for (int w = 0; w < windows; ++w) {
        int32_t* out = digits + w * m + j0;
        for (size_t j = 0; j < len; ++j) out[j] = (layout.Digit(kh[j], w) ^ neg[j]) - neg[j];
      }
    }
  });
  return digits_vec;
}

// An MSM's points as one index range: the caller's points P_i (index i < n, with k1), then the
// phi(P_i) of the scalars with k2 != 0. The selection is branch-free (the halves mix randomly in a
// batch).
template <class F>
struct TermPoints {
  std::span<const Affine<F>> base, phi;
  size_t size() const { return base.size() + phi.size(); }
  __attribute__((always_inline)) const Affine<F>& operator[](size_t i) const {
    const size_t n = base.size();
    const bool second = i >= n;
    return (second ? phi.data() : base.data())[i - (second ? n : 0)];
  }
};

// neg ? -y : y without a branch.
inline __attribute__((always_inline)) Fq CondNeg(const Fq& y, bool neg) {
  const U256 n = (-y).mont(), v = y.mont();
  const uint64_t mask = 0 - (uint64_t)neg;
  U256 r;
  for (int i = 0; i < 4; ++i) r[i] = (n[i] & mask) | (v[i] & ~mask);
  return Fq::FromMont(r);
}
inline __attribute__((always_inline)) Fq2 CondNeg(const Fq2& y, bool neg) {
  return {CondNeg(y.c0, neg), CondNeg(y.c1, neg)};
}

// The batches' inversions run in Fq: 1/d = conj(d) / N(d) for d in Fq2 with the norm
// N(d) = d0^2 + d1^2 in Fq (nonzero for d != 0: -1 is not a square mod p), so a G2 batch inverts
// norms, 7 Fq multiplications an entry instead of 3 Fq2 ones (9).
template <class F>
struct Inversion;
template <>
struct Inversion<Fq> {
  static Fq Norm(const Fq& d) { return d; }
  static Fq Finish(const Fq& /*d*/, const Fq& norm_inv) { return norm_inv; }
};
template <>
struct Inversion<Fq2> {
  static Fq Norm(const Fq2& d) { return d.c0.Square() + d.c1.Square(); }
  static Fq2 Finish(const Fq2& d, const Fq& norm_inv) {
    return {d.c0 * norm_inv, -(d.c1 * norm_inv)};
  }
};

// Affine additions *dst += *src queued and then done together, sharing one field inversion
// (Montgomery's trick over the norms, see Inversion). Every case is exact: an infinite src is
// skipped, an infinite dst takes src, dst == src doubles, dst == -src cancels to infinity. The dst
// of a batch must be distinct, and no src may be a dst of the same batch.
template <class F>
class AffineAdder {
 public:
  void Add(Affine<F>* dst, const Affine<F>* src) {
    if (src->infinity) return;
    if (dst->infinity) {
      *dst = *src;
      return;
    }
    F den = src->x - dst->x;
    bool dbl = false;
    if (den.IsZero()) {
      if (src->y != dst->y || dst->y.IsZero()) {  // P + (-P), or 2P for a 2-torsion P
        *dst = Affine<F>::Infinity();
        return;
      }
      dbl = true;
      den = dst->y.Double();
    }
    const Fq norm = Inversion<F>::Norm(den);
    entries_.push_back({dst, src, den, norm, acc_, dbl});
    acc_ = acc_ * norm;
  }

  void Finish() {
    if (entries_.empty()) return;
    Fq inv = acc_.Inverse();
    for (size_t t = entries_.size(); t-- > 0;) {
      const Entry& e = entries_[t];
      const F dinv = Inversion<F>::Finish(e.den, inv * e.prefix);
      inv = inv * e.norm;
      Affine<F>& d = *e.dst;
      F lambda;
      if (e.dbl) {
        const F x2 = d.x.Square();
        lambda = (x2 + x2 + x2) * dinv;
      } else {
        lambda = (e.src->y - d.y) * dinv;
      }
      const F x3 = lambda.Square() - d.x - e.src->x;
      d.y = lambda * (d.x - x3) - d.y;
      d.x = x3;
    }
    entries_.clear();
    acc_ = Fq::One();
  }

 private:
  struct Entry {
    Affine<F>* dst;
    const Affine<F>* src;
    F den;
    Fq norm, prefix;
    bool dbl;
  };
  std::vector<Entry> entries_;
  Fq acc_ = Fq::One();
};

// sum_b (b + 1) bucket_b by the running-sum trick (Jacobian or affine buckets).
template <class F, class P>
Jacobian<F> FoldBuckets(std::span<const P> buckets) {
  Jacobian<F> running = Jacobian<F>::Infinity(), sum = Jacobian<F>::Infinity();
  for (size_t b = buckets.size(); b-- > 0;) {
    if constexpr (std::is_same_v<P, Affine<F>>) {
      running = running.AddMixed(buckets[b]);
    } else {
      running += buckets[b];
    }
    sum += running;
  }
  return sum;
}

// One window with Jacobian buckets and mixed additions (small inputs).
template <class F>
Jacobian<F> WindowJacobian(const TermPoints<F>& points, const int32_t* digits, int c) {
  std::vector<Jacobian<F>> buckets(size_t{1} << (c - 1), Jacobian<F>::Infinity());
  for (size_t i = 0; i < points.size(); ++i) {
    const int32_t d = digits[i];
    if (d > 0) {
      buckets[d - 1] = buckets[d - 1].AddMixed(points[i]);
    } else if (d < 0) {
      buckets[-d - 1] = buckets[-d - 1].AddMixed(-points[i]);
    }
  }
  return FoldBuckets<F, Jacobian<F>>(buckets);
}

// One window with affine buckets: additions bucket += P are queued (at most one per bucket per
// batch) and done together, sharing one field inversion (Montgomery's trick) per batch: about
// 6 multiplications per addition instead of 11 for a mixed Jacobian addition. A point whose
// bucket already has a queued addition waits for the next batch (a bounded list). A hot bucket
// (many equal scalars, e.g. witness bits or repeated constants, or equal top digits of small
// negative scalars) gets spare buckets of the same weight, used round-robin, so its additions are
// batched too; when the spares run out, the Jacobian overflow bucket takes the rest.
template <class F>
class BatchAffineWindow {
 public:
  // The scratch comes from the pool (see Scratch); the parts read before written are reset: the
  // buckets to infinity, new stamps to 0 and new ring entries to kNoSpare (the overflow buckets,
  // stamps and rings that Sum used are restored at its end).
  explicit BatchAffineWindow(int c) : nb_(size_t{1} << (c - 1)) {
    TakeScratch();
    batch_ = std::clamp<size_t>(nb_ / 2, 64, 4096);
    max_deferred_ = batch_ / 2;
    max_spares_ = batch_;
    buckets_.assign(nb_ + max_spares_, Affine<F>::Infinity());
    if (overflow_.size() < nb_) overflow_.resize(nb_, Jacobian<F>::Infinity());
    if (ring_.size() < nb_) ring_.resize(nb_, kNoSpare);
    if (stamp_.size() < nb_ + max_spares_) stamp_.resize(nb_ + max_spares_, 0);
    if (generation_ > (1u << 31)) {  // stamps below the generation: restart the count
      std::fill(stamp_.begin(), stamp_.end(), 0);
      generation_ = 1;
    }
    ++generation_;  // no stamp of an earlier window equals it
    overflow_used_.clear();
    spare_next_.resize(max_spares_);
    spare_target_.resize(max_spares_);
    pending_.clear();
    deferred_.clear();
    retry_.clear();
    pending_.reserve(batch_);
    deferred_.reserve(max_deferred_);
    retry_.reserve(max_deferred_);
    den_.resize(batch_);
    norm_.resize(batch_);
    prefix_.resize(batch_);
  }
  ~BatchAffineWindow() {
    CleanScratch();
    ReturnScratch();
  }
  BatchAffineWindow(const BatchAffineWindow&) = delete;
  BatchAffineWindow& operator=(const BatchAffineWindow&) = delete;

  // Drops the pooled scratch not in use (MsmBatch, when its windows are done).
  static void FreeScratch() {
    std::vector<std::unique_ptr<Scratch>> drop;
    std::lock_guard<std::mutex> lock(PoolMutex());
    drop.swap(Pool());
  }

  // Adds the terms of one part (its points and this window's digits) into the buckets. The bucket
  // and stamp of the point kPrefetch places ahead are prefetched (random reads: the digits of
  // random scalars). Every queued or waiting addition of the part is done before it returns (the
  // batch refers to the part's points by index).
  void Accumulate(const TermPoints<F>& points, const int32_t* digits) {
    points_ = points;
    const size_t n = points_.size();
    for (size_t i = 0; i < n; ++i) {
      if (i + kPrefetch < n) {
        const int32_t e = digits[i + kPrefetch];
        const uint32_t b = (uint32_t)(e > 0 ? e : -e) - 1;
        if (e != 0) {
          __builtin_prefetch(&buckets_[b].infinity);
          __builtin_prefetch(&stamp_[b]);
        }
      }
      const int32_t d = digits[i];
      if (d == 0 || points_[i].infinity) continue;
      Add((uint32_t)(d > 0 ? d : -d) - 1, (uint32_t)i, d < 0);
      if (pending_.size() == batch_) FlushAndRetry();
    }
    // Two more rounds for the waiting points; what is still waiting then goes to the Jacobian
    // buckets (a skewed input can leave many points for one bucket).
    FlushAndRetry();
    FlushAndRetry();
    Flush();
    for (const Pending& p : deferred_) AddOverflow(p.bucket, Point(p));
    deferred_.clear();
  }

  // sum_b (b + 1) bucket_b over everything accumulated.
  Jacobian<F> Sum() {
    for (size_t s = 0; s < spares_used_; ++s) AddOverflow(spare_target_[s], buckets_[nb_ + s]);
    // The Jacobian overflow buckets (a skewed input's) go into the affine ones, one batch.
    std::sort(overflow_used_.begin(), overflow_used_.end());
    overflow_used_.erase(std::unique(overflow_used_.begin(), overflow_used_.end()),
                         overflow_used_.end());
    std::vector<uint32_t> hot;
    std::vector<Jacobian<F>> extra;
    for (const uint32_t b : overflow_used_) {
      if (!overflow_[b].IsInfinity()) hot.push_back(b), extra.push_back(overflow_[b]);
    }
    CleanScratch();
    if (!hot.empty()) {
      const std::vector<Affine<F>> extra_affine = BatchToAffine<F>(extra);
      AffineAdder<F> adder;
      for (size_t j = 0; j < hot.size(); ++j) adder.Add(&buckets_[hot[j]], &extra_affine[j]);
      adder.Finish();
    }
    return FoldAffineBuckets<F>(std::span<const Affine<F>>(buckets_).first(nb_));
  }

 private:
  enum Kind : uint8_t { kAdd, kDouble, kCancel };
  struct Pending {
    uint32_t bucket;
    uint32_t point;
    bool neg;
    Kind kind;
  };

  Affine<F> Point(const Pending& p) const { return p.neg ? -points_[p.point] : points_[p.point]; }

  // bucket b += (neg ? -P_i : P_i): directly into an empty bucket, else queued for the batch, else
  // (a queued addition for b already) into a free spare of b, or waiting for the next batch, or
  // into a new spare of b, else into the Jacobian bucket.
  void Add(uint32_t b, uint32_t i, bool neg) {
    if (stamp_[b] != generation_) return Queue(b, i, neg);
    if ((ring_[b] != kNoSpare || deferred_.size() == max_deferred_) && AddToSpare(b, i, neg)) {
      return;
    }
    if (deferred_.size() < max_deferred_) {
      deferred_.push_back({b, i, neg, kAdd});
    } else {
      AddOverflow(b, neg ? -points_[i] : points_[i]);
    }
  }

  // Jacobian overflow bucket b += q, b noted for the end of Sum.
  void AddOverflow(uint32_t b, const Affine<F>& q) {
    if (overflow_[b].IsInfinity()) overflow_used_.push_back(b);
    overflow_[b] = overflow_[b].AddMixed(q);
  }

  // Slot k (a main bucket or nb_ + spare) += point, unless k already has a queued addition.
  void Queue(uint32_t k, uint32_t i, bool neg) {
    if (buckets_[k].infinity) {
      buckets_[k] = neg ? -points_[i] : points_[i];
    } else {
      stamp_[k] = generation_;
      pending_.push_back({k, i, neg, kAdd});
    }
  }

  // The next spare of b's ring when it is free this batch, else a new spare joining the ring.
  bool AddToSpare(uint32_t b, uint32_t i, bool neg) {
    const uint32_t s = ring_[b];
    if (s != kNoSpare && stamp_[nb_ + s] != generation_) {
      ring_[b] = spare_next_[s];
      Queue(nb_ + s, i, neg);
      return true;
    }
    if (spares_used_ == max_spares_) return false;
    const uint32_t t = spares_used_++;
    spare_target_[t] = b;
    if (s == kNoSpare) {
      spare_next_[t] = t;
    } else {
      spare_next_[t] = spare_next_[s];
      spare_next_[s] = t;
    }
    ring_[b] = t;
    Queue(nb_ + t, i, neg);
    return true;
  }

  // Runs the batch, then queues the waiting points again (at most batch / 2 of them, so the new
  // batch cannot overflow).
  void FlushAndRetry() {
    Flush();
    retry_.swap(deferred_);
    for (const Pending& p : retry_) Add(p.bucket, p.point, p.neg);
    retry_.clear();
  }

  // Finishes entries [j0, j0 + kCount) of the batch (kCount <= 2, entries from distinct chains):
  // their inverses from inv (updated to the next entries down), then the bucket additions.
  template <int kCount>
  __attribute__((always_inline)) void Apply(size_t j0, Fq inv[2]) {
    F dinv[kCount], lambda[kCount], x3[kCount];
    for (int k = kCount - 1; k >= 0; --k) {
      const size_t j = j0 + k;
      dinv[k] = Inversion<F>::Finish(den_[j], inv[j & 1] * prefix_[j]);
      inv[j & 1] = inv[j & 1] * norm_[j];
    }
    for (int k = kCount - 1; k >= 0; --k) {
      const Pending& p = pending_[j0 + k];
      const Affine<F>& a = buckets_[p.bucket];
      if (p.kind == kDouble) {
        const F x2 = a.x.Square();
        lambda[k] = (x2 + x2 + x2) * dinv[k];
      } else {
        lambda[k] = (CondNeg(points_[p.point].y, p.neg) - a.y) * dinv[k];
      }
    }
    for (int k = kCount - 1; k >= 0; --k) {
      const Pending& p = pending_[j0 + k];
      x3[k] = lambda[k].Square() - buckets_[p.bucket].x - points_[p.point].x;
    }
    for (int k = kCount - 1; k >= 0; --k) {
      const Pending& p = pending_[j0 + k];
      Affine<F>& a = buckets_[p.bucket];
      if (p.kind == kCancel) {
        a = Affine<F>::Infinity();
        continue;
      }
      a.y = lambda[k] * (a.x - x3[k]) - a.y;
      a.x = x3[k];
    }
  }

  // The batch's inversions by Montgomery's trick (over the norms in Fq, see Inversion), in two
  // interleaved product chains (even and odd entries) so that consecutive multiplications do not
  // wait for each other.
  // The point of an entry is read in place, its sign applied without a branch (signs of random
  // scalars are unpredictable); buckets are prefetched a few entries ahead.
  void Flush() {
    if (pending_.empty()) return;
    constexpr size_t kAhead = 8;
    const size_t m = pending_.size();
    Fq acc[2] = {Fq::One(), Fq::One()};
    for (size_t j = 0; j < m; ++j) {
      if (j + kAhead < m) __builtin_prefetch(&buckets_[pending_[j + kAhead].bucket]);
      Pending& p = pending_[j];
      const Affine<F>& a = buckets_[p.bucket];
      const Affine<F>& q = points_[p.point];
      F den = q.x - a.x;
      if (den.IsZero()) {
        if (CondNeg(q.y, p.neg) == a.y) {
          p.kind = kDouble;
          den = a.y.Double();
        } else {
          p.kind = kCancel;
          den = F::One();
        }
      }
      const Fq norm = Inversion<F>::Norm(den);
      prefix_[j] = acc[j & 1];
      if constexpr (!std::is_same_v<F, Fq>) den_[j] = den;  // G1: the norm is den itself
      norm_[j] = norm;
      acc[j & 1] = acc[j & 1] * norm;
    }
    const Fq inv_all = (acc[0] * acc[1]).Inverse();
    Fq inv[2] = {inv_all * acc[1], inv_all * acc[0]};
    // Backwards, two entries at a time (one from each chain), stage by stage: their
    // multiplications are independent, so each can start before the other's has finished (one
    // entry alone is a chain of four dependent multiplications).
    size_t j = m;
    for (; j >= 2; j -= 2) {
      if (j >= 2 + kAhead) {
        __builtin_prefetch(&buckets_[pending_[j - 1 - kAhead].bucket]);
        __builtin_prefetch(&buckets_[pending_[j - 2 - kAhead].bucket]);
      }
      Apply<2>(j - 2, inv);
    }
    if (j == 1) Apply<1>(0, inv);
    pending_.clear();
    ++generation_;
  }

  // A window's buffers (megabytes at c = 16), kept in a pool across windows and MSMs: a new
  // window reuses the memory of a finished one (its pages already faulted in) instead of fresh
  // allocations that the kernel zeroes page by page. As many exist as windows run at once.
  struct Scratch {
    std::vector<Affine<F>> buckets;
    std::vector<Jacobian<F>> overflow;  // all infinity between windows
    std::vector<uint32_t> overflow_used, stamp, ring, spare_next, spare_target;  // ring: kNoSpare
    uint32_t generation = 1;  // above every stamp
    std::vector<Pending> pending, deferred, retry;
    std::vector<F> den;
    std::vector<Fq> norm, prefix;
  };
  static std::mutex& PoolMutex() {
    static std::mutex mu;
    return mu;
  }
  static std::vector<std::unique_ptr<Scratch>>& Pool() {
    static auto* pool = new std::vector<std::unique_ptr<Scratch>>;
    return *pool;
  }
  // Restores what the scratch's next window expects: the overflow buckets used back to infinity,
  // no spares in the rings.
  void CleanScratch() {
    for (const uint32_t b : overflow_used_) overflow_[b] = Jacobian<F>::Infinity();
    overflow_used_.clear();
    for (size_t s = 0; s < spares_used_; ++s) ring_[spare_target_[s]] = kNoSpare;
    spares_used_ = 0;
  }
  // The members below take the buffers of a pooled scratch (or a new one) and give them back.
  void TakeScratch() {
    {
      std::lock_guard<std::mutex> lock(PoolMutex());
      if (!Pool().empty()) {
        scratch_ = std::move(Pool().back());
        Pool().pop_back();
      }
    }
    if (scratch_ == nullptr) scratch_ = std::make_unique<Scratch>();
    Exchange(*scratch_);
  }
  void ReturnScratch() {
    Exchange(*scratch_);
    std::lock_guard<std::mutex> lock(PoolMutex());
    Pool().push_back(std::move(scratch_));
  }
  void Exchange(Scratch& s) {
    buckets_.swap(s.buckets), overflow_.swap(s.overflow), overflow_used_.swap(s.overflow_used);
    stamp_.swap(s.stamp), ring_.swap(s.ring), spare_next_.swap(s.spare_next);
    spare_target_.swap(s.spare_target), pending_.swap(s.pending), deferred_.swap(s.deferred);
    retry_.swap(s.retry), den_.swap(s.den), norm_.swap(s.norm), prefix_.swap(s.prefix);
    std::swap(generation_, s.generation);
  }

  static constexpr uint32_t kNoSpare = ~0u;
  static constexpr size_t kPrefetch = 8;  // 4: less gain, 16: the same (perf, 2^18 prove)
  TermPoints<F> points_;
  size_t nb_;                         // main buckets; spares follow them in buckets_ and stamp_
  std::unique_ptr<Scratch> scratch_;  // empty while its buffers are the members below
  std::vector<Affine<F>> buckets_;
  std::vector<Jacobian<F>> overflow_;    // per main bucket
  std::vector<uint32_t> overflow_used_;  // the overflow buckets written (with repeats)
  std::vector<uint32_t> stamp_;
  std::vector<uint32_t> ring_;  // per main bucket: its next spare (kNoSpare: none)
  std::vector<uint32_t> spare_next_, spare_target_;
  size_t spares_used_ = 0, max_spares_;
  uint32_t generation_ = 0;
  size_t batch_, max_deferred_;
  std::vector<Pending> pending_, deferred_, retry_;
  std::vector<F> den_;
  std::vector<Fq> norm_, prefix_;
};

// One MSM prepared for its windows: the width, its parts' terms (each part: the caller's points,
// then phi(P_i) for the scalars with k2 != 0, and its signed digits, shared with other MSMs over
// the same scalars and width), the window sums once computed. All parts go into one set of
// buckets per window (one fold).
template <class F>
struct Plan {
  struct Part {
    UninitializedVector<Affine<F>> phi;
    TermPoints<F> points;  // phi: a span into the vector above (moving a Plan keeps its buffer)
    std::shared_ptr<const DigitArray> digits;
  };
  std::vector<Part> parts;
  size_t live = 0;
  int c = 0, windows = 0;
  std::vector<Jacobian<F>> sums;
  Jacobian<F>* out = nullptr;

  void RunWindow(int w) {
    if (live < kBatchAffineMin) {
      Jacobian<F> sum = Jacobian<F>::Infinity();
      for (const Part& p : parts) {
        sum += WindowJacobian<F>(p.points, p.digits->data() + w * p.points.size(), c);
      }
      sums[w] = sum;
      return;
    }
    BatchAffineWindow<F> window(c);
    for (const Part& p : parts) window.Accumulate(p.points, p.digits->data() + w * p.points.size());
    sums[w] = window.Sum();
  }
  void Combine() {
    Jacobian<F> acc = Jacobian<F>::Infinity();
    for (int w = windows - 1; w >= 0; --w) {
      for (int i = 0; i < c; ++i) acc = acc.Double();
      acc += sums[w];
    }
    *out = acc;
  }
};

// GLV splits by scalars and signed digits by (scalars, width): MSMs over the same witness compute
// them once.
class DigitCache {
 public:
  std::shared_ptr<const GlvTerms> Terms(std::span<const Fr> scalars) {
    for (const SplitEntry& e : splits_) {
      if (e.data == scalars.data() && e.n == scalars.size()) return e.terms;
    }
    auto t = std::make_shared<const GlvTerms>(SplitScalars(scalars));
    splits_.push_back({scalars.data(), scalars.size(), t});
    return t;
  }
  std::shared_ptr<const DigitArray> Digits(std::span<const Fr> scalars, const GlvTerms& t, int c) {
    for (const DigitEntry& e : digits_) {
      if (e.data == scalars.data() && e.n == scalars.size() && e.c == c) return e.digits;
    }
    std::shared_ptr<const DigitArray> d = SignedDigits(t, c, GlvWindows(c));
    digits_.push_back({scalars.data(), scalars.size(), c, d});
    return d;
  }

 private:
  struct SplitEntry {
    const Fr* data;
    size_t n;
    std::shared_ptr<const GlvTerms> terms;
  };
  struct DigitEntry {
    const Fr* data;
    size_t n;
    int c;
    std::shared_ptr<const DigitArray> digits;
  };
  std::vector<SplitEntry> splits_;
  std::vector<DigitEntry> digits_;
};

// One part of an MSM: its terms' points (phi(P_i) built here) and the number of terms that cost
// additions (nonzero halves of finite points).
template <class F>
size_t MakePart(std::span<const Affine<F>> points, std::span<const Fr> scalars,
                const GlvTerms& terms, typename Plan<F>::Part& part) {
  const size_t n = scalars.size(), m2 = terms.second.size();
  // phi(P_i) (pages faulted in on all threads, each written once below), and the live terms.
  part.phi = PrefaultedUninitialized<Affine<F>>(m2);
  part.points = {points.first(n), part.phi};
  std::atomic<size_t> live{0};
  ThreadPool::Default().ParallelFor(n + m2, [&](size_t b, size_t e) {
    size_t count = 0;
    for (size_t j = b; j < e; ++j) {
      if (j < n) {
        const GlvTerms::Half& h = terms.half[j];
        count += ((h.mag[0] | h.mag[1]) != 0) && !points[j].infinity;
      } else {
        const Affine<F>& q = points[terms.second[j - n]];
        part.phi[j - n] = GlvPhi(q);
        count += !q.infinity;
      }
    }
    live += count;
  });
  return live;
}

template <class F>
Plan<F> MakePlan(const MsmTask<F>& t, DigitCache& cache) {
  Plan<F> p;
  p.out = t.out;
  const std::span<const Affine<F>> points[2] = {t.points, t.points2};
  const std::span<const Fr> all_scalars[2] = {t.scalars, t.scalars2};
  std::vector<std::span<const Fr>> scalars;
  std::vector<std::shared_ptr<const GlvTerms>> terms;
  for (int k = 0; k < 2; ++k) {
    const size_t n = std::min(points[k].size(), all_scalars[k].size());
    if (n == 0) continue;
    scalars.push_back(all_scalars[k].first(n));
    terms.push_back(cache.Terms(scalars.back()));
    p.parts.emplace_back();
    p.live += MakePart<F>(points[k], scalars.back(), *terms.back(), p.parts.back());
  }
  if (p.live == 0) {  // no windows: the point at infinity
    p.parts.clear();
    return p;
  }
  p.c = WindowBits(p.live);
  p.windows = GlvWindows(p.c);
  for (size_t k = 0; k < p.parts.size(); ++k) {
    p.parts[k].digits = cache.Digits(scalars[k], *terms[k], p.c);
  }
  p.sums.resize(p.windows);
  return p;
}

}  // namespace

template <class F>
Jacobian<F> FoldAffineBuckets(std::span<const Affine<F>> buckets) {
  const size_t nb = buckets.size();
  if (nb < kSegmentedFoldMin) return FoldBuckets<F>(buckets);
  // K segments of L buckets (the last may be shorter); lane k covers [k L, (k + 1) L). Step j
  // adds bucket (k + 1) L - 1 - j to running_k, then running_k to acc_k: acc_k ends as
  // sum_b (b - k L + 1) bucket_b over the segment, running_k as the segment's sum.
  const size_t lanes = std::min<size_t>(kFoldLanes, nb / kFoldMinSegment);
  const size_t len = (nb + lanes - 1) / lanes, segments = (nb + len - 1) / len;
  std::vector<Affine<F>> running(segments), acc(segments);
  AffineAdder<F> adder;
  for (size_t j = 0; j < len; ++j) {
    for (size_t k = 0; k < segments; ++k) {
      const size_t b = (k + 1) * len - 1 - j;
      if (b < nb) adder.Add(&running[k], &buckets[b]);
    }
    adder.Finish();
    for (size_t k = 0; k < segments; ++k) adder.Add(&acc[k], &running[k]);
    adder.Finish();
  }
  // sum = sum_k acc_k + L sum_k k running_k; the second sum is itself a fold of running[1..].
  Jacobian<F> sum = Jacobian<F>::Infinity();
  for (const Affine<F>& a : acc) sum = sum.AddMixed(a);
  const Jacobian<F> weighted = FoldBuckets<F>(std::span<const Affine<F>>(running).subspan(1));
  return sum + ScalarMul(weighted, U256{len, 0, 0, 0});
}
template Jacobian<Fq> FoldAffineBuckets<Fq>(std::span<const Affine<Fq>>);
template Jacobian<Fq2> FoldAffineBuckets<Fq2>(std::span<const Affine<Fq2>>);

void MsmBatch(std::span<const MsmTask<Fq>> g1, std::span<const MsmTask<Fq2>> g2) {
  std::vector<Plan<Fq>> p1;
  std::vector<Plan<Fq2>> p2;
  {
    DigitCache cache;  // its splits are freed before the windows run
    for (const auto& t : g2) p2.push_back(MakePlan(t, cache));
    for (const auto& t : g1) p1.push_back(MakePlan(t, cache));
  }
  // The windows as tasks, costliest first (a G2 addition costs about three G1 ones; within a
  // group, by the number of terms): the last tasks to finish are short.
  struct WindowTask {
    double cost;
    bool g2;
    uint32_t plan;
    int window;
  };
  std::vector<WindowTask> tasks;
  for (size_t i = 0; i < p2.size(); ++i) {
    for (int w = 0; w < p2[i].windows; ++w)
      tasks.push_back({3.0 * p2[i].live, true, (uint32_t)i, w});
  }
  for (size_t i = 0; i < p1.size(); ++i) {
    for (int w = 0; w < p1[i].windows; ++w)
      tasks.push_back({1.0 * p1[i].live, false, (uint32_t)i, w});
  }
  std::stable_sort(tasks.begin(), tasks.end(),
                   [](const WindowTask& a, const WindowTask& b) { return a.cost > b.cost; });
  ThreadPool::Default().ParallelFor(
      tasks.size(),
      [&](size_t b, size_t e) {
        for (size_t k = b; k < e; ++k) {
          const WindowTask& t = tasks[k];
          if (t.g2) {
            p2[t.plan].RunWindow(t.window);
          } else {
            p1[t.plan].RunWindow(t.window);
          }
        }
      },
      1);
  BatchAffineWindow<Fq>::FreeScratch();
  BatchAffineWindow<Fq2>::FreeScratch();
  for (auto& p : p2) p.Combine();  // no windows (no terms): the point at infinity
  for (auto& p : p1) p.Combine();
}

G1 MsmG1(std::span<const G1Affine> points, std::span<const Fr> scalars) {
  G1 r;
  const MsmTask<Fq> t{points, scalars, &r};
  MsmBatch({&t, 1}, {});
  return r;
}
G2 MsmG2(std::span<const G2Affine> points, std::span<const Fr> scalars) {
  G2 r;
  const MsmTask<Fq2> t{points, scalars, &r};
  MsmBatch({}, {&t, 1});
  return r;
}

}  // namespace entangle::bn254
