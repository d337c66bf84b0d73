#include "proof_systems/groth16/prover.h"

#include <openssl/rand.h>

#include <algorithm>

#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/ec/bn254/msm.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

struct Roots {
  Fr w[kMaxRootLog + 1];
};

const Roots& GetRoots() {
  static const Roots* roots = [] {
    auto* r = new Roots;
    U256 half;  // (r - 1) / 2
    SubU256(half, Fr::kMod, U256{1, 0, 0, 0});
    U256 t = half;
    for (int i = 0; i < 4; ++i) half[i] = (half[i] >> 1) | (i < 3 ? half[i + 1] << 63 : 0);
    // t = (r - 1) / 2^28
    for (int k = 0; k < kMaxRootLog; ++k) {
      for (int i = 0; i < 4; ++i) t[i] = (t[i] >> 1) | (i < 3 ? t[i + 1] << 63 : 0);
    }
    Fr nqr = Fr::FromUint(2);
    while (nqr.Pow(half) != -Fr::One()) nqr += Fr::One();
    r->w[kMaxRootLog] = nqr.Pow(t);
    for (int k = kMaxRootLog - 1; k >= 0; --k) r->w[k] = r->w[k + 1].Square();
    return r;
  }();
  return *roots;
}

Fr RandomFr() {
  uint8_t b[48];
  if (RAND_bytes(b, sizeof(b)) != 1) return Fr::Zero();
  // 384 bits reduced mod r: negligible bias.
  U256 hi{}, lo{};
  for (int i = 0; i < 16; ++i) hi[i / 8] |= (uint64_t)b[i] << (8 * (i % 8));
  for (int i = 0; i < 32; ++i) lo[i / 8] |= (uint64_t)b[16 + i] << (8 * (i % 8));
  Fr two128 = Fr::FromU256Unchecked(U256{0, 0, 1, 0});
  return Fr::FromU256Reduce(hi) * two128 * two128 + Fr::FromU256Reduce(lo);
}

}  // namespace

absl::StatusOr<Fr> RootOfUnity(int k) {
  if (k < 0 || k > kMaxRootLog) {
    return absl::InvalidArgumentError("RootOfUnity: 2^" + std::to_string(k) +
                                      "-th roots of unity: k must be in [0, " +
                                      std::to_string(kMaxRootLog) + "]");
  }
  return GetRoots().w[k];
}

namespace {

constexpr size_t kGrain = 4096;

uint64_t BitReverse64(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
  x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((x & 0x0F0F0F0F0F0F0F0FULL) << 4);
  return __builtin_bswap64(x);
}

// v[i] *= c * base^i, in parallel (each chunk starts from base^begin).
void ScaleByPowers(std::span<Fr> v, const Fr& c, const Fr& base) {
  ThreadPool::Default().ParallelFor(
      v.size(),
      [&](size_t b, size_t e) {
        Fr x = c * base.Pow(U256{b, 0, 0, 0});
        for (size_t i = b; i < e; ++i) {
          v[i] *= x;
          x *= base;
        }
      },
      kGrain);
}

// The twiddles of every stage of a size-2^log_n transform, each stage's in sequence: t[h + j] =
// w_{2h}^j for the half-sizes h = 1, 2, ..., n / 2 and j < h, w_{2h} = RootOfUnity(log2(2h)); n
// entries (t[0] unused). The top level is computed by powers in parallel, the lower ones are
// strided copies of it (w_{2h}^j = w_n^(j n / 2h)): every entry from t[1] on is written once, by
// the threads (no zero fill first). The inverse transform reads the same table: w_{2h}^-j =
// w_{2h}^(2h - j) = -t[2h - j] for 0 < j < h.
UninitializedVector<Fr> StageTwiddles(int log_n) {
  const size_t n = size_t{1} << log_n, top = n / 2;
  UninitializedVector<Fr> t = PrefaultedUninitialized<Fr>(std::max<size_t>(n, 2));
  t[0] = t[1] = Fr::One();           // t[1] = w_2^0 when n >= 2 (written again below)
  const Fr w = GetRoots().w[log_n];  // log_n <= 28: Fft checked the size
  ThreadPool& pool = ThreadPool::Default();
  pool.ParallelFor(
      top,
      [&](size_t b, size_t e) {
        Fr x = w.Pow(U256{b, 0, 0, 0});
        for (size_t j = b; j < e; ++j) t[top + j] = x, x *= w;
      },
      kGrain);
  for (size_t h = top / 2; h >= 1; h /= 2) {
    pool.ParallelFor(
        h,
        [&](size_t b, size_t e) {
          for (size_t j = b; j < e; ++j) t[h + j] = t[top + j * (top / h)];
        },
        kGrain);
  }
  return t;
}

// The twiddle w_{2h}^j (kInv: w_{2h}^-j, up to the sign that the butterflies below absorb) for
// 0 < j < h.
template <bool kInv>
__attribute__((always_inline)) inline const Fr& Tw(const Fr* t, size_t h, size_t j) {
  return kInv ? t[2 * h - j] : t[h + j];
}

// Lazy reduction (Fr::AddLazy, SubLazy, ReduceOnce, ReduceFull, MulLazy in fields.h): inside a
// transform the values are not kept below r, so that most additions and subtractions skip their
// conditional correction. Decimation in time keeps them below 4r between passes; decimation in
// frequency below r (its last pass may leave them below 4r when a multiplication that accepts any
// input follows). The bounds (the products w y are always reduced: MulLazy, w a reduced twiddle):
//  - DIT butterfly (x, y) -> (x + w y, x + r - w y): x < B gives both below B + r.
//  - DIF butterfly (x, y) -> (x + y, w (x + k r - y)) for x, y < k r: the sum below 2 k r, the
//    product below r.
//  - Twiddle 1, (x, y) -> (x + y, x + k r - y) for x, y < k r: both below 2 k r.
// Each pass states its input and output bounds (kIn, kOut: true for "below r") and reduces where
// a bound would pass 4r; a range of passes (StageRange) gets its first pass's inputs and its last
// pass's outputs from its caller. All outputs that leave a transform are fully reduced, so they
// are bit-identical to exact arithmetic's.
// The butterflies update x and y in place and copy no Fr (GCC copies one as two 16-byte moves,
// which stall when they read the four 8-byte stores that just wrote it).
template <bool kInv>
__attribute__((always_inline)) inline void DitBf(Fr& x, Fr& y, const Fr& w) {
  const Fr t = Fr::MulLazy(w, y);
  // The inverse's twiddle is -w: x - w y and x + w y exchange.
  y = kInv ? Fr::AddLazy(x, t) : Fr::SubLazy<1>(x, t);
  x = kInv ? Fr::SubLazy<1>(x, t) : Fr::AddLazy(x, t);
}
template <bool kInv, int k>
__attribute__((always_inline)) inline void DifBf(Fr& x, Fr& y, const Fr& w) {
  const Fr d = kInv ? Fr::SubLazy<k>(y, x) : Fr::SubLazy<k>(x, y);
  x = Fr::AddLazy(x, y);
  y = Fr::MulLazy(w, d);
}
template <int k>
__attribute__((always_inline)) inline void Bf1(Fr& x, Fr& y) {
  const Fr d = Fr::SubLazy<k>(x, y);
  x = Fr::AddLazy(x, y);
  y = d;
}
__attribute__((always_inline)) inline void ReduceAll(Fr& x0, Fr& x1, Fr& x2, Fr& x3) {
  x0 = Fr::ReduceFull(x0), x1 = Fr::ReduceFull(x1), x2 = Fr::ReduceFull(x2);
  x3 = Fr::ReduceFull(x3);
}

// One radix-2 stage of half-size h over butterflies [b, e) of the n / 2 (butterfly k: the block
// of 2h elements k / h, offset j = k % h). Inputs below r (kIn; always in frequency) or 4r, outputs
// below r (kOut) or 4r.
template <bool kDit, bool kInv, bool kIn, bool kOut>
void Radix2(Fr* a, const Fr* t, size_t h, size_t b, size_t e) {
  static_assert(kDit || kIn, "decimation in frequency takes reduced inputs");
  for (size_t k = b; k < e;) {
    const size_t j0 = k & (h - 1), stop = j0 + std::min(e - k, h - j0);
    Fr* x = a + 2 * (k - j0);
    for (size_t j = j0; j < stop; ++j) {
      Fr &u = x[j], &v = x[j + h];
      if constexpr (kDit) {
        if constexpr (!kIn) u = Fr::ReduceOnce<2>(u);  // below 2r
        if (j == 0) {
          if constexpr (!kIn) v = Fr::ReduceOnce<2>(v);
          Bf1<2>(u, v);  // below 4r
        } else {
          DitBf<kInv>(u, v, Tw<kInv>(t, h, j));  // below 3r
        }
        if constexpr (kOut) u = Fr::ReduceFull(u), v = Fr::ReduceFull(v);
      } else {
        if (j == 0) {
          Bf1<1>(u, v);  // both below 2r
          if constexpr (kOut) v = Fr::ReduceOnce<1>(v);
        } else {
          DifBf<kInv, 1>(u, v, Tw<kInv>(t, h, j));  // below 2r and r
        }
        if constexpr (kOut) u = Fr::ReduceOnce<1>(u);
      }
    }
    k += stop - j0;
  }
}

// The two stages of half-sizes 2q and q as one pass (in frequency: 2q first; in time: q first)
// over quads [b, e) of the n / 4 (quad u: the block of 4q elements u / q, offset j = u % q, the
// elements j + {0, q, 2q, 3q}): half the passes over the array of two radix-2 stages. Bounds as in
// Radix2; the comments give each step's output bounds.
template <bool kDit, bool kInv, bool kIn, bool kOut>
void Radix4(Fr* a, const Fr* t, size_t q, size_t b, size_t e) {
  static_assert(kDit || kIn, "decimation in frequency takes reduced inputs");
  for (size_t u = b; u < e;) {
    const size_t j0 = u & (q - 1), stop = j0 + std::min(e - u, q - j0);
    Fr* x = a + 4 * (u - j0);
    for (size_t j = j0; j < stop; ++j) {
      Fr &x0 = x[j], &x1 = x[j + q], &x2 = x[j + 2 * q], &x3 = x[j + 3 * q];  // in place
      const Fr& wb = Tw<kInv>(t, 2 * q, j + q);
      if (j == 0) {  // twiddle 1 for both butterflies of one stage: nothing reduces those sums
        if constexpr (kDit) {
          if constexpr (!kIn) ReduceAll(x0, x1, x2, x3);  // below r
          Bf1<1>(x0, x1), Bf1<1>(x2, x3);                 // below 2r
          Bf1<2>(x0, x2), DitBf<kInv>(x1, x3, wb);        // below 4r, 3r
        } else {
          Bf1<1>(x0, x2), DifBf<kInv, 1>(x1, x3, wb);  // x0, x2, x1 below 2r, x3 below r
          Bf1<2>(x0, x1), Bf1<2>(x2, x3);              // below 4r
        }
        if constexpr (kOut) ReduceAll(x0, x1, x2, x3);
      } else {
        const Fr &wa = Tw<kInv>(t, 2 * q, j), &wc = Tw<kInv>(t, q, j);
        if constexpr (kDit) {
          if constexpr (!kIn) x0 = Fr::ReduceOnce<2>(x0), x2 = Fr::ReduceOnce<2>(x2);  // below 2r
          DitBf<kInv>(x0, x1, wc), DitBf<kInv>(x2, x3, wc);                            // below 3r
          DitBf<kInv>(x0, x2, wa), DitBf<kInv>(x1, x3, wb);                            // below 4r
          if constexpr (kOut) ReduceAll(x0, x1, x2, x3);
        } else {
          DifBf<kInv, 1>(x0, x2, wa), DifBf<kInv, 1>(x1, x3, wb);  // x0, x1 below 2r, x2, x3 r
          DifBf<kInv, 2>(x0, x1, wc), DifBf<kInv, 1>(x2, x3, wc);  // x0 below 4r, x2 2r, x1, x3 r
          if constexpr (kOut) x0 = Fr::ReduceFull(x0), x2 = Fr::ReduceOnce<1>(x2);
        }
      }
    }
    u += stop - j0;
  }
}

// The bounds at the ends of a range of passes: its first pass's inputs below r (in_reduced; else
// below 4r; decimation in frequency requires true) and its last pass's outputs below r
// (out_reduced; else below 4r). Between its passes: below 4r in time, below r in frequency.
struct Bounds {
  bool in_reduced, out_reduced;
};

// fn(kIn, kOut) with the flags as std::bool_constant.
template <bool kDit, class Fn>
void WithBounds(bool in, bool out, const Fn& fn) {
  using T = std::true_type;
  using F = std::false_type;
  if constexpr (kDit) {
    if (!in) return out ? fn(F{}, T{}) : fn(F{}, F{});
  }
  return out ? fn(T{}, T{}) : fn(T{}, F{});
}

// Stages s in [lo, hi] (stage s: half-size 2^(s-1)) of a size-m array, in pairs (radix 4) and one
// radix-2 stage when their number is odd: ascending in time, descending in frequency. `run(units,
// fn)` calls fn(b, e) over [0, units) (inline or in parallel).
template <bool kDit, bool kInv, class Run>
void StageRange(Fr* a, const Fr* t, size_t m, int lo, int hi, Bounds bounds, const Run& run) {
  if (lo > hi) return;
  const int passes = (hi - lo + 2) / 2;
  int pass = 0;
  // The bounds of the next pass.
  auto next = [&](auto fn) {
    const bool in = kDit ? pass == 0 && bounds.in_reduced : true;
    const bool out = ++pass == passes ? bounds.out_reduced : !kDit;
    WithBounds<kDit>(in, out, fn);
  };
  if ((hi - lo + 1) % 2 == 1) {
    const size_t h = size_t{1} << ((kDit ? lo : hi) - 1);
    next([&](auto in, auto out) {
      run(m / 2, [&](size_t b, size_t e) {
        Radix2<kDit, kInv, decltype(in)::value, decltype(out)::value>(a, t, h, b, e);
      });
    });
    kDit ? ++lo : --hi;
  }
  for (int k = 0; lo + 2 * k < hi; ++k) {
    const int s = kDit ? lo + 2 * k : hi - 2 * k - 1;  // the pair (s, s + 1): q = 2^(s-1)
    const size_t q = size_t{1} << (s - 1);
    next([&](auto in, auto out) {
      run(m / 4, [&](size_t b, size_t e) {
        Radix4<kDit, kInv, decltype(in)::value, decltype(out)::value>(a, t, q, b, e);
      });
    });
  }
}

// The narrow stages (half-sizes below 2^kBlockLog / 2) stay inside blocks of 2^kBlockLog elements
// (128 KiB, with the twiddles they read another 128 KiB: L2-resident); they are run block by
// block, all of them on one block before the next. The wider ones are parallel over the whole
// array.
constexpr int kBlockLog = 12;

struct Layout {
  size_t n;
  int log_n, local;  // stages 1..local are block-local
};

Layout LayoutOf(std::span<const Fr> a) {
  const int log_n = 63 - __builtin_clzll(a.size());
  return {a.size(), log_n, std::min(log_n, kBlockLog)};
}

template <bool kDit, bool kInv>
void WideStages(std::span<Fr> a, const Fr* t, const Layout& l, Bounds bounds) {
  StageRange<kDit, kInv>(a.data(), t, l.n, l.local + 1, l.log_n, bounds, [](size_t units, auto fn) {
    ThreadPool::Default().ParallelFor(units, fn, kGrain);
  });
}

template <bool kDit, bool kInv>
void LocalStages(Fr* block, const Fr* t, const Layout& l, Bounds bounds) {
  StageRange<kDit, kInv>(block, t, size_t{1} << l.local, 1, l.local, bounds,
                         [](size_t units, auto fn) { fn(0, units); });
}

// A transform by decimation in time (reduced in, reduced out) as its block-local stages, then its
// wide ones (if any: they reduce the values at the end instead).
Bounds DitLocalBounds(const Layout& l) {
  return {.in_reduced = true, .out_reduced = l.local == l.log_n};
}
constexpr Bounds kDitWideBounds = {.in_reduced = false, .out_reduced = true};

// fn(block pointer, first index) for every block, in parallel.
template <class Fn>
void ForEachBlock(std::span<Fr> a, const Layout& l, const Fn& fn) {
  const size_t block = size_t{1} << l.local;
  ThreadPool::Default().ParallelFor(
      l.n / block,
      [&](size_t bb, size_t be) {
        for (size_t i = bb; i < be; ++i) fn(a.data() + i * block, i * block);
      },
      1);
}

// OK when n is a power of two in [1, 2^max_log].
absl::Status CheckSize(size_t n, int max_log, const char* what) {
  if (n == 0 || (n & (n - 1)) != 0 || n > (size_t{1} << max_log)) {
    return absl::InvalidArgumentError(std::string(what) + ": size " + std::to_string(n) +
                                      " is not a power of two in [1, 2^" + std::to_string(max_log) +
                                      "]");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Fft(std::span<Fr> a, bool inverse) {
  const size_t n = a.size();
  RETURN_IF_ERROR(CheckSize(n, kMaxRootLog, "Fft"));
  if (n == 1) return absl::OkStatus();
  const Layout l = LayoutOf(a);
  ThreadPool& pool = ThreadPool::Default();
  // Bit-reversal permutation: each pair is swapped by its smaller index, so chunks are disjoint.
  pool.ParallelFor(
      n,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          const size_t j = BitReverse64(i) >> (64 - l.log_n);
          if (i < j) std::swap(a[i], a[j]);
        }
      },
      kGrain);
  // Decimation in time (bit-reversed in, natural out).
  const UninitializedVector<Fr> t = StageTwiddles(l.log_n);
  if (inverse) {
    ForEachBlock(a, l, [&](Fr* blk, size_t) {
      LocalStages<true, true>(blk, t.data(), l, DitLocalBounds(l));
    });
    WideStages<true, true>(a, t.data(), l, kDitWideBounds);
    ScaleByPowers(a, Fr::FromUint(n).Inverse(), Fr::One());
  } else {
    ForEachBlock(a, l, [&](Fr* blk, size_t) {
      LocalStages<true, false>(blk, t.data(), l, DitLocalBounds(l));
    });
    WideStages<true, false>(a, t.data(), l, kDitWideBounds);
  }
  return absl::OkStatus();
}

absl::Status OddCosetValues(std::initializer_list<std::span<Fr>> polys) {
  if (polys.size() == 0) return absl::OkStatus();
  RETURN_IF_ERROR(CheckSize(polys.begin()->size(), kMaxRootLog - 1, "OddCosetValues"));
  for (std::span<const Fr> v : polys) {
    if (v.size() != polys.begin()->size()) {
      return absl::InvalidArgumentError("OddCosetValues: polynomials of different sizes");
    }
  }
  const Layout l = LayoutOf(*polys.begin());
  const size_t n = l.n;
  ASSIGN_OR_RETURN(const Fr inc, RootOfUnity(l.log_n + 1));
  // An inverse transform by decimation in frequency (coefficients in bit-reversed order, no
  // permutation), the coefficients times inc^k / n (the factors laid out in bit-reversed order:
  // position j holds coefficient rev(j)), a forward transform by decimation in time (natural order
  // out). The inverse transform's narrow stages, the scaling and the forward transform's narrow
  // stages run on one block before the next (one pass over the array for the three); the wide
  // stages run in parallel over the array, two at a time. Each polynomial in turn.
  const UninitializedVector<Fr> t = StageTwiddles(l.log_n);
  UninitializedVector<Fr> shift = PrefaultedUninitialized<Fr>(n);  // all written below
  shift[0] = Fr::FromUint(n).Inverse();
  for (int bit = 0; bit < l.log_n; ++bit) {
    const size_t m = size_t{1} << bit;
    Fr f = inc;  // inc^(2^(log_n - 1 - bit)): rev(j + m) = rev(j) + 2^(log_n - 1 - bit)
    for (int i = 0; i < l.log_n - 1 - bit; ++i) f = f.Square();
    ThreadPool::Default().ParallelFor(
        m,
        [&](size_t b, size_t e) {
          for (size_t j = b; j < e; ++j) shift[j + m] = shift[j] * f;
        },
        kGrain);
  }
  for (std::span<Fr> v : polys) {
    WideStages<false, true>(v, t.data(), l, {.in_reduced = true, .out_reduced = true});
    ForEachBlock(v, l, [&](Fr* blk, size_t first) {
      // The inverse's last pass leaves its values below 4r: the scaling reduces them.
      LocalStages<false, true>(blk, t.data(), l, {.in_reduced = true, .out_reduced = false});
      for (size_t i = 0; i < (size_t{1} << l.local); ++i) {
        blk[i] = Fr::MulLazy(shift[first + i], blk[i]);
      }
      LocalStages<true, false>(blk, t.data(), l, DitLocalBounds(l));
    });
    WideStages<true, false>(v, t.data(), l, kDitWideBounds);
  }
  return absl::OkStatus();
}

std::vector<Fr> PublicSignals(const ProvingKey& pk, std::span<const Fr> witness) {
  if (witness.size() < size_t{pk.n_public} + 1) return {};  // Prove() rejects such a witness
  return std::vector<Fr>(witness.begin() + 1, witness.begin() + 1 + pk.n_public);
}

absl::StatusOr<Proof> Prove(const ProvingKey& pk, std::span<const Fr> witness) {
  return ProveWith(pk, witness, RandomFr(), RandomFr());
}

absl::StatusOr<Proof> ProveWith(const ProvingKey& pk, std::span<const Fr> witness, const Fr& r,
                                const Fr& s) {
  if (witness.size() != pk.n_vars) {
    return absl::InvalidArgumentError("witness has " + std::to_string(witness.size()) +
                                      " values, the key expects " + std::to_string(pk.n_vars));
  }
  if (witness[0] != Fr::One()) return absl::InvalidArgumentError("witness[0] is not 1");
  const size_t n = pk.domain_size;
  // The odd coset needs the 2n-th roots of unity (OddCosetValues); checked before allocating.
  RETURN_IF_ERROR(CheckSize(n, kMaxRootLog - 1, "proving key: domain"));
  if (pk.n_public + size_t{1} > pk.n_vars || pk.c().size() != pk.n_vars - pk.n_public - 1 ||
      pk.h().size() != n) {
    return absl::InvalidArgumentError("proving key: " + std::to_string(pk.c().size()) +
                                      " C points and " + std::to_string(pk.h().size()) +
                                      " H points for " + std::to_string(pk.n_vars) +
                                      " signals and a domain of " + std::to_string(n));
  }
  // The large buffers below are UninitializedVectors: written by the threads (no one-thread zero
  // fill first), their pages dropped on all threads when freed (no one-thread munmap).
  const size_t n_priv = pk.c().size();
  // pi_C = C + H + s pi_A + r pi_B1 - r s delta with pi_B1 = beta + sum_i w_i B1_i + s delta, that
  // is pi_C = C + H + r sum_i w_i B1_i + s pi_A + r beta: C, H and B1 enter the proof only through
  // that sum. So they are one MSM over the key's joined points (pk.ch: C's, then H's, with the
  // private witness values and h's coefficients as scalars) with B1 as its second part (the whole
  // witness as scalars: A's GLV split and digits), the C and H scalars divided by r and the result
  // multiplied by r: one set of buckets to fold per window instead of two MSMs' (and a wider
  // window than C + H and B1 apart). The small private witness values (below 2^64: bits, small
  // integers), which 1/r would turn into full-size scalars, stay out of it: an MSM of their own C
  // points, unscaled. With r = 0, B1 drops out and nothing is scaled.
  const bool with_b1 = !r.IsZero();
  const Fr r_inv = with_b1 ? r.Inverse() : Fr::One();
  // a, b and c below carry the factor kCoefScale (R) of the coefficients, squared for c and so
  // for h: the h scalars lose it with their 1/r.
  const Fr h_scale = (kCoefScale * kCoefScale).Inverse() * r_inv;
  UninitializedVector<Fr> ch_scalars;
  std::vector<uint8_t> small(n_priv, 0);  // private value i is small and nonzero (with_b1 only)
  {  // a, b and c are freed at the end of this block, before the MSMs allocate theirs.
    UninitializedVector<Fr> a = PrefaultedUninitialized<Fr>(n), b = PrefaultedUninitialized<Fr>(n),
                            c = PrefaultedUninitialized<Fr>(n);
    // A and B (times R, see h_scale) on one thread each, zeroed there (every coefficient adds to
    // one row of one of them).
    ThreadPool::Default().ParallelFor(
        2,
        [&](size_t mb, size_t me) {
          for (size_t m = mb; m < me; ++m) {
            UninitializedVector<Fr>& out = m == 0 ? a : b;
            std::fill(out.begin(), out.end(), Fr::Zero());
            for (const Coef& k : pk.coefs) {
              if (k.matrix == m) out[k.constraint] += k.value_r * witness[k.signal];
            }
          }
        },
        1);
    ThreadPool::Default().ParallelFor(
        n,
        [&](size_t bb, size_t ee) {
          for (size_t i = bb; i < ee; ++i) c[i] = a[i] * b[i];
        },
        kGrain);
    RETURN_IF_ERROR(OddCosetValues({a, b, c}));
    ch_scalars = PrefaultedUninitialized<Fr>(n_priv + n);
    ThreadPool::Default().ParallelFor(
        n_priv + n,
        [&](size_t bb, size_t ee) {
          for (size_t i = bb; i < ee; ++i) {
            if (i < n_priv) {
              const Fr& v = witness[pk.n_public + 1 + i];
              if (!with_b1) {
                ch_scalars[i] = v;
              } else if (const U256 u = v.ToU256(); (u[1] | u[2] | u[3]) == 0) {
                ch_scalars[i] = Fr::Zero();
                small[i] = u[0] != 0;
              } else {
                ch_scalars[i] = v * r_inv;
              }
            } else {
              const size_t k = i - n_priv;
              ch_scalars[i] = (a[k] * b[k] - c[k]) * h_scale;
            }
          }
        },
        kGrain);
  }
  std::vector<G1Affine> c_small_points;
  std::vector<Fr> c_small_scalars;
  for (size_t i = 0; i < n_priv; ++i) {
    if (!small[i]) continue;
    c_small_points.push_back(pk.c()[i]);
    c_small_scalars.push_back(witness[pk.n_public + 1 + i]);
  }

  G1 pi_a, pi_c, pi_c_small;
  G2 pi_b;
  std::span<const Fr> w(witness);
  // The MSMs as one set of window tasks (the G2 windows first: a G2 addition costs about three G1
  // ones); A, B2 and pi_C's B1 part share the witness's digits when their window widths agree.
  const std::span<const G1Affine> b1 =
      with_b1 ? std::span<const G1Affine>(pk.b1) : std::span<const G1Affine>();
  const MsmTask<Fq> g1[] = {{pk.a, w, &pi_a},
                            {pk.ch, ch_scalars, &pi_c, b1, w},
                            {c_small_points, c_small_scalars, &pi_c_small}};
  const MsmTask<Fq2> g2[] = {{pk.b2, w, &pi_b}};
  MsmBatch(g1, g2);
  pi_a = pi_a.AddMixed(pk.alpha1) + ScalarMul(G1::From(pk.delta1), r);
  pi_b = pi_b.AddMixed(pk.beta2) + ScalarMul(G2::From(pk.delta2), s);
  if (with_b1) pi_c = ScalarMul(pi_c, r);
  pi_c = pi_c + pi_c_small + ScalarMul(pi_a, s) + ScalarMul(G1::From(pk.beta1), r);
  const Proof proof{pi_a.ToAffine(), pi_b.ToAffine(), pi_c.ToAffine()};
  // The guard against a bad key or witness: the key's B2 points are checked on the curve when the
  // zkey is read but not in the subgroup (a scalar multiplication per point), and nothing in the
  // file ties its points to its verifying key; a proof that does not verify against the key's own
  // verifying key is an error, never an output (one verification, ~2 ms).
  absl::StatusOr<bool> valid = Verify(Prepare(pk.Vk()), proof, PublicSignals(pk, witness));
  if (!valid.ok()) return valid.status();
  if (!*valid) {
    return absl::InvalidArgumentError(
        "the proof does not verify against the key's own verifying key: the witness does not "
        "satisfy the circuit, or the proving key is corrupt (e.g. a point outside its subgroup)");
  }
  return proof;
}

}  // namespace entangle::groth16
