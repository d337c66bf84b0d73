// Groth16 verification (prepared key, 3 public inputs) and batch verification of 16 proofs; the
// proofs are made by the simulator with a known trapdoor (the verifier's work does not depend on
// how a valid proof was made). Baseline in the same run: one BN254 pairing. Run: bazel run -c opt
// //benchmarks:groth16_bench
#include <benchmark/benchmark.h>

#include <random>

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

}  // namespace
}  // namespace entangle::groth16
