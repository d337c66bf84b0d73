// The plonky STARK at standard security (StarkConfig::Standard(), 100 bits): prove and verify
// time and proof size for Fibonacci at 2^16..2^22 rows and 2^12..2^16 Poseidon permutations (one
// per row). Counters: proof bytes, trace cells proven per second (cells/s), rows (= Poseidon
// permutations) per second, peak RSS of the process so far per trace cell (run one size alone with
// --benchmark_filter for a clean figure). Baseline in the same run: BM_*CommitBaseline, the
// low-degree extension + Merkle commitment of the same trace exactly as the prover commits it
// (CommitMatrix, same leaf layout; a floor for any FRI prover: it is the first of its three
// commitments). Times are wall clock and process CPU (all threads).
// *Blowup4: the same at log_blowup 2 with 42 queries (the alternative to the standard blowup 2).
// *Sha256: StarkConfig::StandardSha256() (SHA-256 Merkle trees, SHA-NI when the CPU has it; the
// transcript stays Poseidon), to compare with the Poseidon trees of the standard configuration.
// Run: bazel run -c opt //benchmarks:plonky_bench
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <map>

#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/protocol.h"
#include "proof_systems/plonky/stark.h"
#include "proof_systems/poly/ntt.h"

namespace entangle::plonky {
namespace {

double PeakRssBytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) * 1024.0;
}

const Example& Get(const std::string& name, size_t rows) {
  static auto* cache = new std::map<std::pair<std::string, size_t>, Example>();
  auto key = std::make_pair(name, rows);
  auto it = cache->find(key);
  if (it == cache->end()) {
    cache->clear();  // one statement at a time keeps the RSS figure meaningful
    it = cache->emplace(key, *MakeExample(name, rows)).first;
  }
  return it->second;
}

// The standard configuration at another blowup with as many queries as keep it at 100 bits
// (log_blowup 2: 42 queries), to compare the choice of StarkConfig::Standard().
StarkConfig StandardAtBlowup(int log_blowup) {
  StarkConfig config = StarkConfig::Standard();
  config.log_blowup = log_blowup;
  config.num_queries = (100 - config.pow_bits + log_blowup - 1) / log_blowup;
  return config;
}

void ProveBench(benchmark::State& state, const std::string& name,
                StarkConfig config = StarkConfig::Standard()) {
  const size_t rows = size_t{1} << state.range(0);
  const Example& ex = Get(name, rows);
  size_t bytes = 0;
  for (auto _ : state) {
    auto proof = Prove(config, ex.tables);
    if (!proof.ok()) {
      state.SkipWithError(std::string(proof.status().message()).c_str());
      return;
    }
    bytes = Serialize(*proof).size();
  }
  state.counters["proof_bytes"] = static_cast<double>(bytes);
  state.counters["cells/s"] = benchmark::Counter(
      static_cast<double>(ex.trace_cells()) * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows) * state.iterations(),
                                                benchmark::Counter::kIsRate);
  state.counters["peak_rss_per_cell"] = PeakRssBytes() / static_cast<double>(ex.trace_cells());
}

void VerifyBench(benchmark::State& state, const std::string& name,
                 const StarkConfig& config = StarkConfig::Standard()) {
  const size_t rows = size_t{1} << state.range(0);
  const Example& ex = Get(name, rows);
  auto proof = Prove(config, ex.tables);
  if (!proof.ok()) {
    state.SkipWithError(std::string(proof.status().message()).c_str());
    return;
  }
  const std::vector<uint8_t> bytes = Serialize(*proof);
  for (auto _ : state) {
    auto parsed = Deserialize(bytes);
    absl::Status st = Verify(config, ex.airs(), ex.publics(), *parsed);
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
  }
  state.counters["proof_bytes"] = static_cast<double>(bytes.size());
}

// The prover's trace commitment alone: the same extension and CommitMatrix with the table's leaf
// layout (coset leaves for a table with a virtual first FRI layer), so the cap is the proof's
// main_cap (stark_test checks it).
void CommitBaseline(benchmark::State& state, const std::string& name) {
  const int log_rows = static_cast<int>(state.range(0));
  const Example& ex = Get(name, size_t{1} << log_rows);
  const StarkConfig config = StarkConfig::Standard();
  const TableInput& table = ex.tables[0];
  const int virtual_bits = TableVirtualBits(config, *table.air, log_rows);
  const int log_big = log_rows + config.log_blowup;
  for (auto _ : state) {
    auto tree = CommitMatrix(
        config,
        poly::LowDegreeExtendColumns(table.trace, config.log_blowup, Fp::FromU64(kCosetShift)),
        log_big, virtual_bits);
    benchmark::DoNotOptimize(tree.cap());
  }
  state.counters["log_rows_per_leaf"] =
      MatrixLayout(table.trace.size(), log_big, virtual_bits).log_rows_per_leaf;
  state.counters["coset_leaves"] = virtual_bits > 0 ? 1 : 0;
}

void BM_FibonacciProve(benchmark::State& s) { ProveBench(s, "fibonacci"); }
// The same with Poseidon2 for every commitment and the transcript (HashKind::kPoseidon2).
void BM_FibonacciProvePoseidon2(benchmark::State& s) {
  StarkConfig config = StarkConfig::Standard();
  config.hash = goldilocks::HashKind::kPoseidon2;
  ProveBench(s, "fibonacci", config);
}
void BM_FibonacciProveBlowup4(benchmark::State& s) {
  ProveBench(s, "fibonacci", StandardAtBlowup(2));
}
void BM_FibonacciVerifyBlowup4(benchmark::State& s) {
  VerifyBench(s, "fibonacci", StandardAtBlowup(2));
}
void BM_PoseidonProveBlowup4(benchmark::State& s) {
  ProveBench(s, "poseidon", StandardAtBlowup(2));
}
void BM_PoseidonVerifyBlowup4(benchmark::State& s) {
  VerifyBench(s, "poseidon", StandardAtBlowup(2));
}
void BM_FibonacciProveSha256(benchmark::State& s) {
  ProveBench(s, "fibonacci", StarkConfig::StandardSha256());
}
void BM_FibonacciVerifySha256(benchmark::State& s) {
  VerifyBench(s, "fibonacci", StarkConfig::StandardSha256());
}
void BM_PoseidonProveSha256(benchmark::State& s) {
  ProveBench(s, "poseidon", StarkConfig::StandardSha256());
}
void BM_PoseidonVerifySha256(benchmark::State& s) {
  VerifyBench(s, "poseidon", StarkConfig::StandardSha256());
}
void BM_FibonacciVerify(benchmark::State& s) { VerifyBench(s, "fibonacci"); }
void BM_FibonacciCommitBaseline(benchmark::State& s) { CommitBaseline(s, "fibonacci"); }
void BM_PoseidonProve(benchmark::State& s) { ProveBench(s, "poseidon"); }
void BM_PoseidonVerify(benchmark::State& s) { VerifyBench(s, "poseidon"); }
void BM_PoseidonCommitBaseline(benchmark::State& s) { CommitBaseline(s, "poseidon"); }

// Registration shapes: a proof takes seconds, so prove runs once per size; prove and verify
// report the process CPU time (all threads) beside the wall time.
void BaselineShape(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}
void VerifyShape(benchmark::internal::Benchmark* b) {
  BaselineShape(b);
  b->MeasureProcessCPUTime();
}
void ProveShape(benchmark::internal::Benchmark* b) {
  VerifyShape(b);
  b->Iterations(1);
}

BENCHMARK(BM_FibonacciCommitBaseline)->DenseRange(16, 22, 2)->Apply(BaselineShape);
BENCHMARK(BM_FibonacciProve)->DenseRange(16, 22, 2)->Apply(ProveShape);
BENCHMARK(BM_FibonacciProveSha256)->DenseRange(16, 22, 2)->Apply(ProveShape);
BENCHMARK(BM_FibonacciVerifySha256)->DenseRange(16, 22, 2)->Apply(VerifyShape);
BENCHMARK(BM_FibonacciProvePoseidon2)->DenseRange(16, 20, 2)->Apply(ProveShape);
BENCHMARK(BM_FibonacciProveBlowup4)->DenseRange(16, 20, 2)->Apply(ProveShape);
BENCHMARK(BM_FibonacciVerifyBlowup4)->DenseRange(16, 20, 2)->Apply(VerifyShape);
BENCHMARK(BM_FibonacciVerify)->DenseRange(16, 22, 2)->Apply(VerifyShape);
BENCHMARK(BM_PoseidonCommitBaseline)->DenseRange(12, 16, 2)->Apply(BaselineShape);
BENCHMARK(BM_PoseidonProve)->DenseRange(12, 16, 2)->Apply(ProveShape);
BENCHMARK(BM_PoseidonProveSha256)->DenseRange(12, 16, 2)->Apply(ProveShape);
BENCHMARK(BM_PoseidonVerifySha256)->DenseRange(12, 16, 2)->Apply(VerifyShape);
BENCHMARK(BM_PoseidonProveBlowup4)->DenseRange(12, 16, 2)->Apply(ProveShape);
BENCHMARK(BM_PoseidonVerifyBlowup4)->DenseRange(12, 16, 2)->Apply(VerifyShape);
BENCHMARK(BM_PoseidonVerify)->DenseRange(12, 16, 2)->Apply(VerifyShape);

}  // namespace
}  // namespace entangle::plonky
