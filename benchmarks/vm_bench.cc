// VM executor throughput: guest instructions per second (items/s) on CPU-bound guests (the C and Go
// sha256 chains), untraced (fast path) and traced (rows streamed to a sink that consumes them).
// Baseline in the same run: the host's OpenSSL SHA-256 over the same chain (BM_HostSha256Chain).
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>

#include "common/sha.h"
#include "vm/mips/mips.h"
#include "vm/riscv/riscv.h"

namespace entangle::vm {
namespace {

Bytes ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

class XorSink : public TraceSink {
 public:
  void OnRows(std::span<const TraceRow> rows) noexcept override {
    for (const auto& r : rows) acc_ ^= r.pc ^ r.rd_value ^ r.memory.value_after;
  }
  uint64_t acc_ = 0;
};

void RunGuest(benchmark::State& state, const std::string& name, bool traced) {
  Bytes elf = ReadFile("vm/guest/examples/" + name + ".elf");
  if (elf.empty()) {
    state.SkipWithError("example guest missing");
    return;
  }
  auto isa = name.find("riscv") != std::string::npos ? riscv::NewRiscvIsa() : mips::NewMipsIsa();
  ExecutorOptions o;
  o.input = Bytes{'2', '0', '0', '0', '\n'};
  uint64_t instructions = 0;
  XorSink sink;
  for (auto _ : state) {
    auto ex = isa->Load(elf, o);
    if (!ex.ok()) {
      state.SkipWithError("load failed");
      return;
    }
    if (traced) (*ex)->SetTraceSink(&sink);
    RunResult r = (*ex)->Run(~uint64_t{0});
    if (r.reason != StopReason::kHalted) {
      state.SkipWithError(r.fault.c_str());
      return;
    }
    instructions += r.cycles;
  }
  benchmark::DoNotOptimize(sink.acc_);
  state.SetItemsProcessed(static_cast<int64_t>(instructions));
}

void BM_HostSha256Chain(benchmark::State& state) {
  for (auto _ : state) {
    Hash32 d = Sha256(ByteView(reinterpret_cast<const uint8_t*>("entangle"), 8));
    for (int i = 0; i < 2000; ++i) d = Sha256(d);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations() * 2000);
}
BENCHMARK(BM_HostSha256Chain);

#define GUEST_BENCH(NAME)                                                     \
  void BM_Untraced_##NAME(benchmark::State& s) { RunGuest(s, #NAME, false); } \
  void BM_Traced_##NAME(benchmark::State& s) { RunGuest(s, #NAME, true); }    \
  BENCHMARK(BM_Untraced_##NAME)->Unit(benchmark::kMillisecond);               \
  BENCHMARK(BM_Traced_##NAME)->Unit(benchmark::kMillisecond);

GUEST_BENCH(sha256chain_mips)
GUEST_BENCH(sha256chain_mipsel)
GUEST_BENCH(sha256chain_riscv)
GUEST_BENCH(go_sha256chain_mipsle)

}  // namespace
}  // namespace entangle::vm
