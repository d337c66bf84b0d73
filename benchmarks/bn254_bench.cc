// BN254 arithmetic: Fq/Fr mul (baseline: OpenSSL BN_mod_mul_montgomery in the same run), Fq
// multiplication throughput (four independent chains), G1 MSM
// 2^16 / 2^20 and G2 MSM 2^16 (baseline: the anchors in /work/shared/notes/anchors.md, and the
// naive per-point scalar multiplication measured here), one pairing, a 4-pairing product check.
// Run: bazel run -c opt //benchmarks:bn254_bench  (ENTANGLE_THREADS=2 for the 2-thread figures)
#include <benchmark/benchmark.h>
#include <openssl/bn.h>

#include <random>
#include <vector>

#include "proof_systems/ec/bn254/curve.h"
#include "proof_systems/ec/bn254/msm.h"

namespace entangle::bn254 {
namespace {

template <class F>
F Rand(std::mt19937_64& rng) {
  return F::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
}

template <class F>
void BM_FieldMul(benchmark::State& state) {
  std::mt19937_64 rng(1);
  F a = Rand<F>(rng), b = Rand<F>(rng);
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FieldMul<Fq>)->Name("bn254_Fq_mul");
BENCHMARK(BM_FieldMul<Fr>)->Name("bn254_Fr_mul");

// Baseline in the same run: the portable __int128 path (operator* takes the MULX/ADX path when the
// CPU has it).
template <class F>
void BM_FieldMulPortable(benchmark::State& state) {
  std::mt19937_64 rng(1);
  F a = Rand<F>(rng), b = Rand<F>(rng);
  for (auto _ : state) {
    a = F::MulPortable(a, b);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FieldMulPortable<Fq>)->Name("baseline_portable_Fq_mul");
BENCHMARK(BM_FieldMulPortable<Fr>)->Name("baseline_portable_Fr_mul");

// Multiplication throughput per element: Fq with four independent chains. items_per_second counts
// field elements.
void BM_FqMulThroughput(benchmark::State& state) {
  std::mt19937_64 rng(1);
  Fq a[4], b = Rand<Fq>(rng);
  for (Fq& x : a) x = Rand<Fq>(rng);
  for (auto _ : state) {
    for (Fq& x : a) x = x * b;
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 4);
}
BENCHMARK(BM_FqMulThroughput)->Name("baseline_Fq_mul_4_chains");

template <class F>
void BM_FieldSquare(benchmark::State& state) {
  std::mt19937_64 rng(1);
  F a = Rand<F>(rng);
  for (auto _ : state) {
    a = a.Square();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FieldSquare<Fq>)->Name("bn254_Fq_square");

void BM_OpenSslMontMul(benchmark::State& state) {
  BN_CTX* ctx = BN_CTX_new();
  BIGNUM* p = nullptr;
  BN_dec2bn(&p, "21888242871839275222246405745257275088696311157297823662689037894645226208583");
  BN_MONT_CTX* mont = BN_MONT_CTX_new();
  BN_MONT_CTX_set(mont, p, ctx);
  BIGNUM *a = BN_new(), *b = BN_new();
  BN_rand_range(a, p);
  BN_rand_range(b, p);
  for (auto _ : state) {
    BN_mod_mul_montgomery(a, a, b, mont, ctx);
    benchmark::DoNotOptimize(a);
  }
  BN_free(a);
  BN_free(b);
  BN_free(p);
  BN_MONT_CTX_free(mont);
  BN_CTX_free(ctx);
}
BENCHMARK(BM_OpenSslMontMul)->Name("baseline_openssl_Fq_mont_mul");

void BM_FqInverse(benchmark::State& state) {
  std::mt19937_64 rng(2);
  Fq a = Rand<Fq>(rng);
  for (auto _ : state) {
    a = a.Inverse() + Fq::One();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_FqInverse)->Name("bn254_Fq_inverse");

template <class F>
std::vector<Affine<F>> Points(const Affine<F>& g, size_t n) {
  std::vector<Jacobian<F>> j(n);
  std::mt19937_64 rng(3);
  Jacobian<F> step = ScalarMul(Jacobian<F>::From(g), U256{rng(), rng(), 0, 0});
  Jacobian<F> acc = ScalarMul(Jacobian<F>::From(g), U256{rng(), 0, 0, 0});
  for (size_t i = 0; i < n; ++i) {
    j[i] = acc;
    acc += step;
  }
  return BatchToAffine<F>(j);
}

template <class F>
void BM_Msm(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  Affine<F> g;
  if constexpr (std::is_same_v<F, Fq>) {
    g = G1Generator();
  } else {
    g = G2Generator();
  }
  auto pts = Points<F>(g, n);
  std::mt19937_64 rng(4);
  std::vector<Fr> sc(n);
  for (auto& s : sc) s = Rand<Fr>(rng);
  for (auto _ : state) {
    Jacobian<F> r;
    if constexpr (std::is_same_v<F, Fq>) {
      r = MsmG1(pts, sc);
    } else {
      r = MsmG2(pts, sc);
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["points"] = (double)n;
}
BENCHMARK(BM_Msm<Fq>)
    ->Name("msm_G1")
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_Msm<Fq2>)->Name("msm_G2")->Arg(16)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_NaiveMsm(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  auto pts = Points<Fq>(G1Generator(), n);
  std::mt19937_64 rng(5);
  std::vector<Fr> sc(n);
  for (auto& s : sc) s = Rand<Fr>(rng);
  for (auto _ : state) benchmark::DoNotOptimize(MsmNaive<Fq>(pts, sc));
}
BENCHMARK(BM_NaiveMsm)->Name("baseline_naive_msm_G1")->Arg(12)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Msm<Fq>)
    ->Name("msm_G1_vs_naive")
    ->Arg(12)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// GlvSplit (the MSM's setup: one per scalar) over random scalars (the quotient's), and over
// scalars below 2^64 (a witness's small values).
void BM_GlvSplit(benchmark::State& state) {
  std::mt19937_64 rng(8);
  std::vector<Fr> sc(4096);
  for (auto& s : sc) s = state.range(0) ? Fr::FromUint(rng()) : Rand<Fr>(rng);
  for (auto _ : state) {
    for (const Fr& s : sc) benchmark::DoNotOptimize(GlvSplit(s));
  }
  state.SetItemsProcessed(state.iterations() * sc.size());
}
BENCHMARK(BM_GlvSplit)->Name("glv_split")->Arg(0)->Arg(1);

void BM_Pairing(benchmark::State& state) {
  G1Affine p = G1Generator();
  G2Affine q = G2Generator();
  for (auto _ : state) benchmark::DoNotOptimize(Pairing(p, q));
}
BENCHMARK(BM_Pairing)->Name("pairing_one")->Unit(benchmark::kMicrosecond);

void BM_MillerLoop(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(MillerLoop(G1Generator(), G2Generator()));
}
BENCHMARK(BM_MillerLoop)->Name("pairing_miller_loop")->Unit(benchmark::kMicrosecond);

void BM_FinalExp(benchmark::State& state) {
  Fq12 f = MillerLoop(G1Generator(), G2Generator());
  for (auto _ : state) benchmark::DoNotOptimize(FinalExponentiation(f));
}
BENCHMARK(BM_FinalExp)->Name("pairing_final_exp")->Unit(benchmark::kMicrosecond);

void BM_Pairing4(benchmark::State& state) {
  std::mt19937_64 rng(6);
  std::vector<std::pair<G1Affine, G2Affine>> pairs;
  for (int i = 0; i < 4; ++i) {
    pairs.emplace_back(ScalarMul(G1::From(G1Generator()), Rand<Fr>(rng)).ToAffine(),
                       ScalarMul(G2::From(G2Generator()), Rand<Fr>(rng)).ToAffine());
  }
  for (auto _ : state) benchmark::DoNotOptimize(PairingProductIsOne(pairs));
}
BENCHMARK(BM_Pairing4)->Name("pairing_product_4")->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace entangle::bn254
