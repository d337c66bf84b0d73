#include "proof_systems/groth16/prover.h"

#include <openssl/rand.h>

#include "common/thread_pool.h"
#include "proof_systems/ec/bn254/msm.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

struct Roots {
  Fr w[29];
};

const Roots& GetRoots() {
  static const Roots* roots = [] {
    auto* r = new Roots;
    U256 half;  // (r - 1) / 2
    SubU256(half, Fr::kMod, U256{1, 0, 0, 0});
    U256 t = half;
    for (int i = 0; i < 4; ++i) half[i] = (half[i] >> 1) | (i < 3 ? half[i + 1] << 63 : 0);
    // t = (r - 1) / 2^28
    for (int k = 0; k < 28; ++k) {
      for (int i = 0; i < 4; ++i) t[i] = (t[i] >> 1) | (i < 3 ? t[i + 1] << 63 : 0);
    }
    Fr nqr = Fr::FromUint(2);
    while (nqr.Pow(half) != -Fr::One()) nqr += Fr::One();
    r->w[28] = nqr.Pow(t);
    for (int k = 27; k >= 0; --k) r->w[k] = r->w[k + 1].Square();
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

Fr RootOfUnity(int k) { return GetRoots().w[k]; }

namespace {

constexpr size_t kGrain = 4096;

uint64_t BitReverse64(uint64_t x) {
  x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
  x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
  x = ((x >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((x & 0x0F0F0F0F0F0F0F0FULL) << 4);
  return __builtin_bswap64(x);
}

// v[i] *= c * base^i, in parallel (each chunk starts from base^begin).
void ScaleByPowers(std::vector<Fr>& v, const Fr& c, const Fr& base) {
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

// tw[j] = w^j for j < n / 2, w the primitive n-th root RootOfUnity(log_n) or its inverse.
std::vector<Fr> Twiddles(int log_n, bool inverse) {
  const size_t n = size_t{1} << log_n;
  Fr w = RootOfUnity(log_n);
  if (inverse) w = w.Inverse();
  std::vector<Fr> tw(n / 2);
  ThreadPool::Default().ParallelFor(
      n / 2,
      [&](size_t b, size_t e) {
        Fr x = w.Pow(U256{b, 0, 0, 0});
        for (size_t j = b; j < e; ++j) tw[j] = x, x *= w;
      },
      kGrain);
  return tw;
}

// Butterflies [b, e) of one radix-2 stage over blocks of 2^s (butterflies j < half = 2^(s-1) per
// block, twiddle tw[j * n / 2^s]); j = 0 (twiddle 1) skips the multiplication. Decimation in time:
// (x, y) -> (x + t y, x - t y); in frequency: (x, y) -> (x + y, (x - y) t).
template <bool kDit>
void Butterflies(Fr* a, size_t n, const std::vector<Fr>& tw, int s, size_t b, size_t e) {
  const size_t half = size_t{1} << (s - 1), stride = n >> s;
  for (size_t k = b; k < e;) {
    const size_t blk = k >> (s - 1), j0 = k & (half - 1);
    const size_t stop = j0 + std::min(e - k, half - j0);
    Fr* x = a + (blk << s);
    size_t j = j0;
    if (j == 0) {
      const Fr u = x[0], v = x[half];
      x[0] = u + v;
      x[half] = u - v;
      ++j;
    }
    for (; j < stop; ++j) {
      if constexpr (kDit) {
        const Fr t = tw[j * stride] * x[j + half];
        x[j + half] = x[j] - t;
        x[j] = x[j] + t;
      } else {
        const Fr u = x[j], v = x[j + half];
        x[j] = u + v;
        x[j + half] = (u - v) * tw[j * stride];
      }
    }
    k += stop - j0;
  }
}

// The stages s in [lo, hi] (ascending for decimation in time, descending in frequency). Stages
// up to kBlockLog stay inside blocks of 2^kBlockLog elements (128 KiB, cache-resident): those are
// run block by block, all of them on one block before the next; the wider ones are parallel over
// all n / 2 butterflies.
constexpr int kBlockLog = 12;

template <bool kDit>
void Stages(std::vector<Fr>& a, const std::vector<Fr>& tw) {
  const size_t n = a.size();
  const int log_n = 63 - __builtin_clzll(n);
  const int local = std::min(log_n, kBlockLog);
  auto wide = [&](int s) {
    ThreadPool::Default().ParallelFor(
        n / 2, [&](size_t b, size_t e) { Butterflies<kDit>(a.data(), n, tw, s, b, e); }, kGrain);
  };
  auto narrow = [&] {
    const size_t block = size_t{1} << local;
    ThreadPool::Default().ParallelFor(
        n / block,
        [&](size_t bb, size_t be) {
          for (size_t bl = bb; bl < be; ++bl) {
            const size_t k0 = bl * block / 2, k1 = k0 + block / 2;
            if constexpr (kDit) {
              for (int s = 1; s <= local; ++s) Butterflies<kDit>(a.data(), n, tw, s, k0, k1);
            } else {
              for (int s = local; s >= 1; --s) Butterflies<kDit>(a.data(), n, tw, s, k0, k1);
            }
          }
        },
        1);
  };
  if constexpr (kDit) {
    narrow();
    for (int s = local + 1; s <= log_n; ++s) wide(s);
  } else {
    for (int s = log_n; s > local; --s) wide(s);
    narrow();
  }
}

// Natural order in, bit-reversed out (the unnormalized transform with tw's root).
void NttDif(std::vector<Fr>& a, const std::vector<Fr>& tw) { Stages<false>(a, tw); }

// Bit-reversed order in, natural out.
void NttDit(std::vector<Fr>& a, const std::vector<Fr>& tw) { Stages<true>(a, tw); }

}  // namespace

void Fft(std::vector<Fr>& a, bool inverse) {
  const size_t n = a.size();
  if (n <= 1) return;
  const int log_n = 63 - __builtin_clzll(n);
  ThreadPool& pool = ThreadPool::Default();
  // Bit-reversal permutation: each pair is swapped by its smaller index, so chunks are disjoint.
  pool.ParallelFor(
      n,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          const size_t j = BitReverse64(i) >> (64 - log_n);
          if (i < j) std::swap(a[i], a[j]);
        }
      },
      kGrain);
  NttDit(a, Twiddles(log_n, inverse));
  if (inverse) ScaleByPowers(a, Fr::FromUint(n).Inverse(), Fr::One());
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
  if (pk.n_public + size_t{1} > pk.n_vars || pk.c().size() != pk.n_vars - pk.n_public - 1 ||
      pk.h().size() != n) {
    return absl::InvalidArgumentError("proving key: " + std::to_string(pk.c().size()) +
                                      " C points and " + std::to_string(pk.h().size()) +
                                      " H points for " + std::to_string(pk.n_vars) +
                                      " signals and a domain of " + std::to_string(n));
  }
  std::vector<Fr> a, b, c;
  for (std::vector<Fr>* v : {&a, &b, &c}) {
    ReservePrefaulted(*v, n);
    v->resize(n);
  }
  // A and B on one thread each (every coefficient writes one row of one of them).
  ThreadPool::Default().ParallelFor(
      2,
      [&](size_t mb, size_t me) {
        for (size_t m = mb; m < me; ++m) {
          std::vector<Fr>& out = m == 0 ? a : b;
          for (const Coef& k : pk.coefs) {
            if (k.matrix == m) out[k.constraint] += k.value * witness[k.signal];
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
  int log_n = 63 - __builtin_clzll(n);
  if (log_n + 1 > 28) return absl::InvalidArgumentError("domain too large");
  const Fr inc = RootOfUnity(log_n + 1);
  // Values on the odd coset: an inverse transform by decimation in frequency (coefficients in
  // bit-reversed order, no permutation), the coefficients times inc^k / n (the factors laid out in
  // bit-reversed order: position j holds coefficient rev(j)), a forward transform by decimation in
  // time (natural order out). Each polynomial in turn, every stage parallel inside.
  const std::vector<Fr> tw_inv = Twiddles(log_n, true), tw = Twiddles(log_n, false);
  std::vector<Fr> shift(n);
  shift[0] = Fr::FromUint(n).Inverse();
  for (int bit = 0; bit < log_n; ++bit) {
    const size_t m = size_t{1} << bit;
    Fr f = inc;  // inc^(2^(log_n - 1 - bit)): rev(j + m) = rev(j) + 2^(log_n - 1 - bit)
    for (int i = 0; i < log_n - 1 - bit; ++i) f = f.Square();
    for (size_t j = 0; j < m; ++j) shift[j + m] = shift[j] * f;
  }
  for (std::vector<Fr>* v : {&a, &b, &c}) {
    NttDif(*v, tw_inv);
    ThreadPool::Default().ParallelFor(
        n,
        [&](size_t bb, size_t ee) {
          for (size_t i = bb; i < ee; ++i) (*v)[i] *= shift[i];
        },
        kGrain);
    NttDit(*v, tw);
  }
  // C and H enter the proof only through their sum, so they are one MSM over the key's joined
  // points (pk.ch: C's, then H's) with the scalars private witness values, then h's coefficients:
  // one set of buckets to fold per window instead of two, and a wider window for the larger input
  // (~15% fewer additions than two MSMs).
  const size_t n_priv = pk.c().size();
  std::vector<Fr> ch_scalars;
  ReservePrefaulted(ch_scalars, n_priv + n);
  ch_scalars.resize(n_priv + n);
  ThreadPool::Default().ParallelFor(
      n_priv + n,
      [&](size_t bb, size_t ee) {
        for (size_t i = bb; i < ee; ++i) {
          if (i < n_priv) {
            ch_scalars[i] = witness[pk.n_public + 1 + i];
          } else {
            const size_t k = i - n_priv;
            ch_scalars[i] = a[k] * b[k] - c[k];
          }
        }
      },
      kGrain);

  G1 pi_a, pib1, pi_c;
  G2 pi_b;
  std::span<const Fr> w(witness);
  // The four MSMs as one set of window tasks (the G2 windows first: a G2 addition costs about
  // three G1 ones); A, B1 and B2 share the witness's digits when their window widths agree.
  const MsmTask<Fq> g1[] = {{pk.a, w, &pi_a}, {pk.b1, w, &pib1}, {pk.ch, ch_scalars, &pi_c}};
  const MsmTask<Fq2> g2[] = {{pk.b2, w, &pi_b}};
  MsmBatch(g1, g2);
  pi_a = pi_a.AddMixed(pk.alpha1) + ScalarMul(G1::From(pk.delta1), r);
  pi_b = pi_b.AddMixed(pk.beta2) + ScalarMul(G2::From(pk.delta2), s);
  pib1 = pib1.AddMixed(pk.beta1) + ScalarMul(G1::From(pk.delta1), s);
  pi_c = pi_c + ScalarMul(pi_a, s) + ScalarMul(pib1, r) + ScalarMul(G1::From(pk.delta1), -(r * s));
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
