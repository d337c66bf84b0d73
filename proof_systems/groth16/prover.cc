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

void Fft(std::vector<Fr>& a, bool inverse) {
  const size_t n = a.size();
  if (n <= 1) return;
  int log_n = 63 - __builtin_clzll(n);
  for (size_t i = 1, j = 0; i < n; ++i) {
    size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (int s = 1; s <= log_n; ++s) {
    const size_t m = size_t{1} << s, half = m / 2;
    Fr wm = RootOfUnity(s);
    if (inverse) wm = wm.Inverse();
    std::vector<Fr> tw(half);
    tw[0] = Fr::One();
    for (size_t j = 1; j < half; ++j) tw[j] = tw[j - 1] * wm;
    ThreadPool::Default().ParallelFor(
        n / m,
        [&](size_t b, size_t e) {
          for (size_t blk = b; blk < e; ++blk) {
            Fr* x = a.data() + blk * m;
            for (size_t j = 0; j < half; ++j) {
              Fr t = tw[j] * x[j + half];
              x[j + half] = x[j] - t;
              x[j] = x[j] + t;
            }
          }
        },
        std::max<size_t>(1, 4096 / m));
  }
  if (inverse) {
    Fr ninv = Fr::FromUint(n).Inverse();
    for (auto& x : a) x *= ninv;
  }
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
  std::vector<Fr> a(n), b(n), c(n);
  for (const Coef& k : pk.coefs) {
    (k.matrix == 0 ? a : b)[k.constraint] += k.value * witness[k.signal];
  }
  for (size_t i = 0; i < n; ++i) c[i] = a[i] * b[i];
  int log_n = 63 - __builtin_clzll(n);
  if (log_n + 1 > 28) return absl::InvalidArgumentError("domain too large");
  const Fr inc = RootOfUnity(log_n + 1);
  std::vector<Fr>* polys[3] = {&a, &b, &c};
  ThreadPool::Default().ParallelFor(
      3,
      [&](size_t bb, size_t ee) {
        for (size_t p = bb; p < ee; ++p) {
          std::vector<Fr>& v = *polys[p];
          Fft(v, true);
          Fr x = Fr::One();
          for (auto& e : v) {
            e *= x;
            x *= inc;
          }
          Fft(v, false);
        }
      },
      1);
  std::vector<Fr> hv(n);
  for (size_t i = 0; i < n; ++i) hv[i] = a[i] * b[i] - c[i];

  G1 pi_a, pib1, pi_c, res_h;
  G2 pi_b;
  std::span<const Fr> w(witness);
  ThreadPool::Default().RunAll({
      [&] { pi_a = MsmG1(pk.a, w); },
      [&] { pib1 = MsmG1(pk.b1, w); },
      [&] { pi_b = MsmG2(pk.b2, w); },
      [&] { pi_c = MsmG1(pk.c, w.subspan(pk.n_public + 1)); },
      [&] { res_h = MsmG1(pk.h, hv); },
  });
  pi_a = pi_a.AddMixed(pk.alpha1) + ScalarMul(G1::From(pk.delta1), r);
  pi_b = pi_b.AddMixed(pk.beta2) + ScalarMul(G2::From(pk.delta2), s);
  pib1 = pib1.AddMixed(pk.beta1) + ScalarMul(G1::From(pk.delta1), s);
  pi_c = pi_c + res_h + ScalarMul(pi_a, s) + ScalarMul(pib1, r) +
         ScalarMul(G1::From(pk.delta1), -(r * s));
  return Proof{pi_a.ToAffine(), pi_b.ToAffine(), pi_c.ToAffine()};
}

}  // namespace entangle::groth16
