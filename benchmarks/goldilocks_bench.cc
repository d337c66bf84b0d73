// Goldilocks arithmetic for the STARK back end: field mul and inverse; NTT 2^16 / 2^20 / 2^22 at 1
// and 2 threads, 16 columns of 2^20 (baseline in the same run: a textbook radix-2 NTT, bit reversal
// then in-place Cooley-Tukey with on-the-fly twiddles); Poseidon / Poseidon2 permutations, single
// and batched; a Merkle tree of 2^20 leaves x 8 columns. Anchors (Polygon's goldilocks library on
// this kind of machine) are in /work/shared/notes/anchors.md. Run: bazel run -c opt
// //benchmarks:goldilocks_bench
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "common/thread_pool.h"
#include "proof_systems/field/goldilocks.h"
#include "proof_systems/hash/poseidon_goldilocks.h"
#include "proof_systems/merkle/merkle_tree.h"
#include "proof_systems/poly/ntt.h"

namespace entangle::goldilocks {
namespace {

std::vector<Fp> RandomVector(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::FromU64(rng());
  return v;
}

ThreadPool& Pool(int threads) {
  static ThreadPool one(1), two(2);
  return threads == 1 ? one : two;
}

void BM_Mul(benchmark::State& state) {
  Fp a = Fp::FromU64(0x123456789abcdefull), b = Fp::FromU64(0xfedcba987654321ull);
  for (auto _ : state) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Mul)->Name("goldilocks_mul_latency");

void BM_MulThroughput(benchmark::State& state) {
  auto a = RandomVector(1024, 1), b = RandomVector(1024, 2);
  for (auto _ : state) {
    for (size_t i = 0; i < a.size(); ++i) a[i] *= b[i];
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * a.size());
}
BENCHMARK(BM_MulThroughput)->Name("goldilocks_mul_throughput_1024");

void BM_Inverse(benchmark::State& state) {
  Fp a = Fp::FromU64(0x123456789abcdefull);
  for (auto _ : state) {
    a = a.Inverse() + Fp::One();
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_Inverse)->Name("goldilocks_inverse");

// Baseline: bit-reverse, then log n passes of radix-2 butterflies, twiddles by repeated
// multiplication (the textbook iterative NTT), single thread.
void TextbookNtt(std::vector<Fp>& a) {
  const size_t n = a.size();
  poly::BitReversePermute(a);
  for (size_t len = 2; len <= n; len <<= 1) {
    const Fp wl = Fp::RootOfUnity(__builtin_ctzll(len));
    for (size_t i = 0; i < n; i += len) {
      Fp w = Fp::One();
      for (size_t j = 0; j < len / 2; ++j) {
        Fp u = a[i + j], v = a[i + j + len / 2] * w;
        a[i + j] = u + v;
        a[i + j + len / 2] = u - v;
        w *= wl;
      }
    }
  }
}

void BM_TextbookNtt(benchmark::State& state) {
  auto a = RandomVector(size_t{1} << state.range(0), 3);
  for (auto _ : state) {
    TextbookNtt(a);
    benchmark::DoNotOptimize(a.data());
  }
}
BENCHMARK(BM_TextbookNtt)
    ->Name("baseline_textbook_ntt")
    ->Arg(16)
    ->Arg(20)
    ->Unit(benchmark::kMillisecond);

void BM_Ntt(benchmark::State& state) {
  auto a = RandomVector(size_t{1} << state.range(0), 4);
  ThreadPool& pool = Pool(static_cast<int>(state.range(1)));
  poly::Ntt(a, pool);  // warm the twiddle cache
  for (auto _ : state) {
    poly::Ntt(a, pool);
    benchmark::DoNotOptimize(a.data());
  }
}
BENCHMARK(BM_Ntt)
    ->Name("ntt")
    ->ArgNames({"log_n", "threads"})
    ->ArgsProduct({{16, 20, 22}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Many columns at once (the anchor is 100 columns of 2^20; 16 keep the memory small).
void BM_NttColumns(benchmark::State& state) {
  std::vector<std::vector<Fp>> cols;
  for (int c = 0; c < state.range(1); ++c) {
    cols.push_back(RandomVector(size_t{1} << state.range(0), 20 + c));
  }
  ThreadPool& pool = Pool(static_cast<int>(state.range(2)));
  for (auto _ : state) {
    poly::NttColumns(cols, pool);
    benchmark::DoNotOptimize(cols.data());
  }
}
BENCHMARK(BM_NttColumns)
    ->Name("ntt_columns")
    ->ArgNames({"log_n", "cols", "threads"})
    ->ArgsProduct({{20}, {16}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_BitReverse(benchmark::State& state) {
  auto a = RandomVector(size_t{1} << state.range(0), 4);
  for (auto _ : state) {
    poly::BitReversePermute(a);
    benchmark::DoNotOptimize(a.data());
  }
}
BENCHMARK(BM_BitReverse)->Name("bit_reverse")->Arg(20)->Unit(benchmark::kMillisecond);

void BM_Lde(benchmark::State& state) {
  auto a = RandomVector(size_t{1} << state.range(0), 5);
  ThreadPool& pool = Pool(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    auto out = poly::LowDegreeExtend(a, 3, Fp::FromU64(Fp::kGenerator), pool);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_Lde)
    ->Name("lde_blowup8")
    ->ArgNames({"log_n", "threads"})
    ->ArgsProduct({{17}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Permute(benchmark::State& state) {
  const HashKind kind = state.range(0) == 0 ? HashKind::kPoseidon : HashKind::kPoseidon2;
  PoseidonState s{};
  for (size_t i = 0; i < s.size(); ++i) s[i] = Fp::FromU64(i);
  for (auto _ : state) {
    Permute(kind, s);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(HashKindName(kind));
}
BENCHMARK(BM_Permute)->Name("permute")->ArgName("poseidon2")->Arg(0)->Arg(1);

void BM_PermuteMany(benchmark::State& state) {
  const HashKind kind = state.range(0) == 0 ? HashKind::kPoseidon : HashKind::kPoseidon2;
  std::vector<PoseidonState> states(256);
  std::mt19937_64 rng(6);
  for (auto& s : states)
    for (auto& x : s) x = Fp::FromU64(rng());
  for (auto _ : state) {
    PermuteMany(kind, states);
    benchmark::DoNotOptimize(states.data());
  }
  state.SetItemsProcessed(state.iterations() * states.size());
  state.SetLabel(HashKindName(kind));
}
BENCHMARK(BM_PermuteMany)->Name("permute_many_256")->ArgName("poseidon2")->Arg(0)->Arg(1);

void BM_Merkle(benchmark::State& state) {
  const HashKind kind = state.range(0) == 0 ? HashKind::kPoseidon : HashKind::kPoseidon2;
  ThreadPool& pool = Pool(static_cast<int>(state.range(1)));
  std::vector<std::vector<Fp>> cols;
  for (int c = 0; c < 8; ++c) cols.push_back(RandomVector(size_t{1} << 20, 10 + c));
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = cols;  // the tree keeps its columns; copying them is not part of the build
    state.ResumeTiming();
    auto t = merkle::MerkleTree::Build(kind, std::move(copy), 0, pool);
    benchmark::DoNotOptimize(t.cap().data());
  }
  state.SetLabel(HashKindName(kind));
}
BENCHMARK(BM_Merkle)
    ->Name("merkle_2^20x8")
    ->ArgNames({"poseidon2", "threads"})
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

}  // namespace
}  // namespace entangle::goldilocks
