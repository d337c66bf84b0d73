// Groth16 verification (prepared key, 3 public inputs) and batch verification of 16 proofs; the
// proofs are made by the simulator with a known trapdoor (the verifier's work does not depend on
// how a valid proof was made). Baseline in the same run: one BN254 pairing. Also the prover's
// transforms over Fr at 2^16 and 2^18 (on ThreadPool::Default(): wall and process CPU time):
// OddCosetValues on three polynomials (the quotient's six NTTs and coset scaling) and one Fft;
// their baseline: 2^18 independent Fr multiplications on one thread. Run: bazel run -c opt
// //benchmarks:groth16_bench
#include <benchmark/benchmark.h>

#include <random>

#include "proof_systems/groth16/prover.h"
#include "proof_systems/groth16/verifier.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

Fr RandFr(std::mt19937_64& rng) {
  return Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
}
G1Affine G1Mul(const Fr& k) { return ScalarMul(G1::From(G1Generator()), k).ToAffine(); }
G2Affine G2Mul(const Fr& k) { return ScalarMul(G2::From(G2Generator()), k).ToAffine(); }

struct Setup {
  VerifyingKey vk;
  std::vector<Proof> proofs;
  std::vector<std::vector<Fr>> pubs;
  Setup() {
    std::mt19937_64 rng(1);
    Fr a = RandFr(rng), b = RandFr(rng), g = RandFr(rng), d = RandFr(rng);
    std::vector<Fr> u;
    vk = {G1Mul(a), G2Mul(b), G2Mul(g), G2Mul(d), {}};
    for (int i = 0; i < 4; ++i) {
      u.push_back(RandFr(rng));
      vk.ic.push_back(G1Mul(u.back()));
    }
    for (int k = 0; k < 16; ++k) {
      std::vector<Fr> pub = {RandFr(rng), RandFr(rng), RandFr(rng)};
      Fr vkx = u[0];
      for (int i = 0; i < 3; ++i) vkx += pub[i] * u[i + 1];
      Fr s = RandFr(rng), t = RandFr(rng);
      Fr c = (s * t - a * b - vkx * g) * d.Inverse();
      proofs.push_back({G1Mul(s), G2Mul(t), G1Mul(c)});
      pubs.push_back(pub);
    }
  }
};

const Setup& S() {
  static const Setup* s = new Setup;
  return *s;
}

void BM_Verify(benchmark::State& state) {
  PreparedVerifyingKey pvk = Prepare(S().vk);
  for (auto _ : state) {
    auto r = Verify(pvk, S().proofs[0], S().pubs[0]);
    if (!r.ok() || !*r) state.SkipWithError("verification failed");
  }
}
BENCHMARK(BM_Verify)->Name("groth16_verify")->Unit(benchmark::kMicrosecond);

void BM_BatchVerify16(benchmark::State& state) {
  PreparedVerifyingKey pvk = Prepare(S().vk);
  for (auto _ : state) {
    auto r = BatchVerify(pvk, S().proofs, S().pubs);
    if (!r.ok() || !*r) state.SkipWithError("batch verification failed");
  }
}
BENCHMARK(BM_BatchVerify16)->Name("groth16_batch_verify_16")->Unit(benchmark::kMicrosecond);

void BM_PairingBaseline(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Pairing(G1Generator(), G2Generator()));
}
BENCHMARK(BM_PairingBaseline)->Name("baseline_pairing")->Unit(benchmark::kMicrosecond);

std::vector<Fr> RandVec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fr> v(n);
  for (Fr& x : v) x = RandFr(rng);
  return v;
}

void BM_OddCosetValues3(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  const std::vector<Fr> a0 = RandVec(n, 2), b0 = RandVec(n, 3), c0 = RandVec(n, 4);
  std::vector<Fr> a, b, c;
  for (auto _ : state) {
    state.PauseTiming();
    a = a0, b = b0, c = c0;
    state.ResumeTiming();
    if (!OddCosetValues({a, b, c}).ok()) state.SkipWithError("OddCosetValues failed");
    benchmark::DoNotOptimize(c.data());
  }
}
BENCHMARK(BM_OddCosetValues3)
    ->Name("groth16_odd_coset_values_x3")
    ->Arg(16)
    ->Arg(18)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

void BM_Fft(benchmark::State& state) {
  const size_t n = size_t{1} << state.range(0);
  const std::vector<Fr> a0 = RandVec(n, 5);
  std::vector<Fr> a;
  for (auto _ : state) {
    state.PauseTiming();
    a = a0;
    state.ResumeTiming();
    if (!Fft(a, false).ok()) state.SkipWithError("Fft failed");
    benchmark::DoNotOptimize(a.data());
  }
}
BENCHMARK(BM_Fft)
    ->Name("groth16_fft")
    ->Arg(16)
    ->Arg(18)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// 2^18 independent multiplications x[i] *= y[i] (one thread): the field's cost in the same run.
void BM_FrMulBaseline(benchmark::State& state) {
  const size_t n = size_t{1} << 18;
  std::vector<Fr> x = RandVec(n, 6);
  const std::vector<Fr> y = RandVec(n, 7);
  for (auto _ : state) {
    for (size_t i = 0; i < n; ++i) x[i] *= y[i];
    benchmark::DoNotOptimize(x.data());
  }
}
BENCHMARK(BM_FrMulBaseline)
    ->Name("baseline_fr_mul_2^18")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace entangle::groth16
