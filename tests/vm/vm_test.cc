// Integration tests of the VM executors: sample guests (C and Go, both ISAs, both endiannesses),
// continuations, determinism, traces, malformed ELFs and VM faults.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "common/endian.h"
#include "common/sha.h"
#include "vm/common/elf.h"
#include "vm/mips/mips.h"
#include "vm/riscv/riscv.h"

namespace entangle::vm {
namespace {

Bytes ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string Example(const std::string& name) { return "vm/guest/examples/" + name + ".elf"; }

std::unique_ptr<Isa> IsaFor(const std::string& name) {
  return name.find("riscv") != std::string::npos ? riscv::NewRiscvIsa() : mips::NewMipsIsa();
}

Bytes Str(const std::string& s) { return Bytes(s.begin(), s.end()); }

// A minimal ELF32 executable: one RX text segment at 0x400000 holding `code`, one RW data page at
// 0x500000.
Bytes MakeElf(uint16_t machine, bool big, const std::vector<uint32_t>& code) {
  Bytes e(52 + 2 * 32, 0);
  auto u16 = [&](size_t o, uint16_t v) {
    big ? StoreBe<uint16_t>(&e[o], v) : StoreLe<uint16_t>(&e[o], v);
  };
  auto u32 = [&](size_t o, uint32_t v) {
    big ? StoreBe<uint32_t>(&e[o], v) : StoreLe<uint32_t>(&e[o], v);
  };
  e[0] = 0x7f, e[1] = 'E', e[2] = 'L', e[3] = 'F', e[4] = 1, e[5] = big ? 2 : 1, e[6] = 1;
  u16(16, 2), u16(18, machine), u32(20, 1), u32(24, 0x400000), u32(28, 52);
  u32(36, machine == kElfMachineMips ? 0x70001000 : 0);
  u16(40, 52), u16(42, 32), u16(44, 2);
  uint32_t text_off = 0x1000;
  // text
  u32(52, 1), u32(56, text_off), u32(60, 0x400000), u32(64, 0x400000);
  u32(68, 4 * static_cast<uint32_t>(code.size())), u32(72, 4 * static_cast<uint32_t>(code.size()));
  u32(76, 5), u32(80, 0x1000);
  // data: 4 KiB of zeros (bss)
  u32(84, 1), u32(88, text_off), u32(92, 0x500000), u32(96, 0x500000), u32(100, 0),
      u32(104, 0x1000);
  u32(108, 6), u32(112, 0x1000);
  e.resize(text_off + 4 * code.size());
  for (size_t i = 0; i < code.size(); ++i) u32(text_off + 4 * i, code[i]);
  return e;
}

struct Outcome {
  RunResult result;
  GuestOutput output;
  Hash32 state_hash{};
  PublicStatement statement;
};

Outcome RunAll(const Bytes& elf, const std::string& isa, Bytes input,
               uint64_t limit = 2'000'000'000) {
  ExecutorOptions o;
  o.input = std::move(input);
  auto ex = IsaFor(isa)->Load(elf, o);
  EXPECT_TRUE(ex.ok()) << ex.status();
  Outcome out;
  if (!ex.ok()) return out;
  out.result = (*ex)->Run(limit);
  out.output = (*ex)->Output();
  out.state_hash = (*ex)->StateHash();
  out.statement = (*ex)->Statement();
  return out;
}

Hash32 ChainDigest(int n) {
  Hash32 d = Sha256(Str("entangle"));
  for (int i = 0; i < n; ++i) d = Sha256(d);
  return d;
}

TEST(Guests, Sha256ChainOnEveryIsa) {
  Hash32 want = ChainDigest(300);
  for (std::string name : {"sha256chain_mips", "sha256chain_mipsel", "sha256chain_riscv",
                           "go_sha256chain_mips", "go_sha256chain_mipsle"}) {
    SCOPED_TRACE(name);
    Outcome o = RunAll(ReadFile(Example(name)), name, Str("300\n"));
    ASSERT_EQ(o.result.reason, StopReason::kHalted) << o.result.fault;
    EXPECT_EQ(o.result.exit_code, 0);
    EXPECT_EQ(o.output.journal, Bytes(want.begin(), want.end()));
    EXPECT_EQ(o.statement.journal_hash, Sha256(o.output.journal));
    EXPECT_EQ(o.statement.input_hash, Sha256(Str("300\n")));
  }
}

TEST(Guests, FibonacciCAndGo) {
  uint64_t a = 0, b = 1;
  for (int i = 0; i < 89; ++i) {
    uint64_t t = a + b;
    a = b, b = t;
  }
  for (std::string name : {"fib_mips", "fib_mipsel", "fib_riscv", "go_fib_mips", "go_fib_mipsle"}) {
    SCOPED_TRACE(name);
    Outcome o = RunAll(ReadFile(Example(name)), name, Str("89"));
    ASSERT_EQ(o.result.reason, StopReason::kHalted) << o.result.fault;
    ASSERT_EQ(o.output.journal.size(), 8u);
    bool big = name == "fib_mips";  // the C guest commits its native-endian u64
    uint64_t got =
        big ? LoadBe<uint64_t>(o.output.journal.data()) : LoadLe<uint64_t>(o.output.journal.data());
    EXPECT_EQ(got, a);
  }
}

TEST(Determinism, SameRunSameStateHash) {
  for (std::string name : {"go_fib_mipsle", "sha256chain_riscv"}) {
    Bytes elf = ReadFile(Example(name));
    Outcome x = RunAll(elf, name, Str("50\n")), y = RunAll(elf, name, Str("50\n"));
    EXPECT_EQ(x.result.cycles, y.result.cycles);
    EXPECT_EQ(x.state_hash, y.state_hash);
    Outcome z = RunAll(elf, name, Str("51\n"));
    EXPECT_NE(x.statement.input_hash, z.statement.input_hash);
  }
}

// A whole run equals a run resumed segment by segment from snapshots in fresh executors.
TEST(Continuations, ResumeFromSnapshotsIsBitIdentical) {
  for (std::string name : {"go_fib_mips", "sha256chain_mipsel", "sha256chain_riscv"}) {
    SCOPED_TRACE(name);
    Bytes elf = ReadFile(Example(name));
    Outcome whole = RunAll(elf, name, Str("40\n"));
    ASSERT_EQ(whole.result.reason, StopReason::kHalted);
    ExecutorOptions o;
    o.input = Str("40\n");
    o.segment_cycles = whole.result.cycles / 7 + 1;  // 6 boundaries, 7 segments
    auto isa = IsaFor(name);
    auto ex = isa->Load(elf, o);
    ASSERT_TRUE(ex.ok());
    int segments = 0;
    RunResult r;
    for (;;) {
      r = (*ex)->Run(~uint64_t{0});
      if (r.reason != StopReason::kSegmentBoundary) break;
      ++segments;
      auto snap = (*ex)->TakeSnapshot();
      ASSERT_TRUE(snap.ok());
      EXPECT_EQ(snap->cycle, r.cycles);
      auto fresh = isa->Load(elf, o);
      ASSERT_TRUE(fresh.ok());
      ASSERT_TRUE((*fresh)->Restore(*snap).ok());
      EXPECT_EQ((*fresh)->StateHash(), (*ex)->StateHash());
      // A tampered snapshot is rejected.
      Snapshot bad = *snap;
      bad.memory_root[0] ^= 1;
      EXPECT_FALSE((*fresh)->Restore(bad).ok());
      bad = *snap;
      bad.state[bad.state.size() - 100] ^= 1;
      EXPECT_FALSE((*fresh)->Restore(bad).ok());
      ASSERT_TRUE((*fresh)->Restore(*snap).ok());
      ex = std::move(fresh);
    }
    EXPECT_EQ(segments, 6);
    ASSERT_EQ(r.reason, StopReason::kHalted) << r.fault;
    EXPECT_EQ(r.cycles, whole.result.cycles);
    EXPECT_EQ((*ex)->StateHash(), whole.state_hash);
    EXPECT_EQ((*ex)->Output().stdout_bytes, whole.output.stdout_bytes);
    EXPECT_EQ((*ex)->Output().journal, whole.output.journal);
  }
}

class CountingSink : public TraceSink {
 public:
  void OnRows(std::span<const TraceRow> rows) noexcept override {
    for (const auto& r : rows) {
      if (r.cycle != next_) ordered_ = false;
      next_ = r.cycle + 1;
      memory_ += r.has_memory;
    }
    rows_ += rows.size();
  }
  void OnSegmentEnd(uint32_t, uint64_t) noexcept override { ++ends_; }
  uint64_t rows_ = 0, next_ = 0, memory_ = 0, ends_ = 0;
  bool ordered_ = true;
};

TEST(Trace, OneRowPerCycleAndSameResult) {
  for (std::string name : {"sha256chain_mips", "sha256chain_riscv", "go_fib_mipsle"}) {
    SCOPED_TRACE(name);
    Bytes elf = ReadFile(Example(name));
    Outcome plain = RunAll(elf, name, Str("20\n"));
    ExecutorOptions o;
    o.input = Str("20\n");
    auto ex = IsaFor(name)->Load(elf, o);
    ASSERT_TRUE(ex.ok());
    CountingSink sink;
    (*ex)->SetTraceSink(&sink);
    RunResult r = (*ex)->Run(~uint64_t{0});
    ASSERT_EQ(r.reason, StopReason::kHalted);
    EXPECT_EQ(sink.rows_, r.cycles);
    EXPECT_TRUE(sink.ordered_);
    EXPECT_GT(sink.memory_, 0u);
    EXPECT_EQ(sink.ends_, 1u);
    EXPECT_EQ((*ex)->StateHash(), plain.state_hash);
  }
}

void ExpectLoadError(const Bytes& elf, const std::string& isa, const std::string& needle) {
  auto ex = IsaFor(isa)->Load(elf, ExecutorOptions{});
  ASSERT_FALSE(ex.ok()) << needle;
  EXPECT_NE(std::string(ex.status().message()).find(needle), std::string::npos) << ex.status();
}

TEST(BadElf, PreciseErrors) {
  Bytes good = ReadFile(Example("fib_mipsel"));
  ExpectLoadError(Bytes{}, "mips", "truncated");
  ExpectLoadError(Bytes(good.begin(), good.begin() + 30), "mips", "truncated");
  ExpectLoadError(Str("#!/bin/sh\necho this is not an ELF file at all......................"),
                  "mips", "not an ELF");
  ExpectLoadError(good, "riscv", "wrong machine");
  ExpectLoadError(ReadFile(Example("fib_riscv")), "mips", "wrong machine");
  Bytes b = good;
  b[4] = 2;
  ExpectLoadError(b, "mips", "ELF");
  // Cut inside the segments: the loadable bytes run past the end of the file.
  ExpectLoadError(Bytes(good.begin(), good.begin() + 0x1100), "mips", "truncated");
  // Entry outside text.
  Bytes e = MakeElf(kElfMachineMips, false, {0, 0});
  StoreLe<uint32_t>(&e[24], 0x500000);
  ExpectLoadError(e, "mips", "entry point");
  // Overlapping segments: move the data segment onto the text.
  e = MakeElf(kElfMachineMips, false, {0, 0});
  StoreLe<uint32_t>(&e[52 + 32 + 8], 0x400000);
  ExpectLoadError(e, "mips", "overlapping");
  // filesz > memsz
  e = MakeElf(kElfMachineMips, true, {0, 0});
  StoreBe<uint32_t>(&e[52 + 20], 4);
  ExpectLoadError(e, "mips", "p_filesz");
  // Program headers past the end.
  e = MakeElf(kElfMachineRiscv, false, {0x13});
  StoreLe<uint16_t>(&e[44], 200);
  ExpectLoadError(e, "riscv", "truncated");
  // Garbage of every length never crashes.
  for (size_t n = 0; n < 200; ++n) {
    Bytes g = good;
    g.resize(n);
    for (size_t i = 16; i < n; ++i) g[i] = static_cast<uint8_t>(i * 37 + n);
    (void)IsaFor(n % 2 ? "mips" : "riscv")->Load(g, ExecutorOptions{});
  }
}

RunResult RunCode(uint16_t machine, bool big, const std::vector<uint32_t>& code,
                  uint64_t limit = 100000) {
  auto isa = machine == kElfMachineMips ? mips::NewMipsIsa() : riscv::NewRiscvIsa();
  auto ex = isa->Load(MakeElf(machine, big, code), ExecutorOptions{});
  EXPECT_TRUE(ex.ok()) << ex.status();
  return (*ex)->Run(limit);
}

TEST(Faults, CleanErrors) {
  // MIPS: lui $t0, 0x1234; jr $t0; nop  -> fetch from unmapped memory
  RunResult r = RunCode(kElfMachineMips, true, {0x3c081234, 0x01000008, 0});
  EXPECT_EQ(r.reason, StopReason::kFault);
  EXPECT_NE(r.fault.find("non-executable"), std::string::npos) << r.fault;
  EXPECT_EQ(r.pc, 0x12340000u);
  // MIPS: lui $t0, 0x50; lw $t1, 2($t0) -> misaligned word load
  r = RunCode(kElfMachineMips, false, {0x3c080050, 0x8d090002});
  EXPECT_EQ(r.reason, StopReason::kFault);
  EXPECT_NE(r.fault.find("misaligned"), std::string::npos) << r.fault;
  EXPECT_EQ(r.pc, 0x400004u);
  // MIPS: sw to text (read-only)
  r = RunCode(kElfMachineMips, false, {0x3c080040, 0xad090000});
  EXPECT_NE(r.fault.find("store"), std::string::npos) << r.fault;
  // Reserved instruction names the word.
  r = RunCode(kElfMachineMips, true, {0xfc000000});
  EXPECT_NE(r.fault.find("0xfc000000"), std::string::npos) << r.fault;
  // Infinite loop: b . ; nop -> the cycle budget runs out, and Run() can continue.
  r = RunCode(kElfMachineMips, true, {0x1000ffff, 0}, 5000);
  EXPECT_EQ(r.reason, StopReason::kCycleLimit);
  EXPECT_EQ(r.cycles, 5000u);
  // RISC-V: jalr to an unmapped address; misaligned jump; unknown instruction
  r = RunCode(kElfMachineRiscv, false, {0x123452b7, 0x000280e7});
  EXPECT_NE(r.fault.find("non-executable"), std::string::npos) << r.fault;
  r = RunCode(kElfMachineRiscv, false, {0x0020006f});
  EXPECT_NE(r.fault.find("misaligned"), std::string::npos) << r.fault;
  r = RunCode(kElfMachineRiscv, false, {0xffffffff});
  EXPECT_NE(r.fault.find("reserved"), std::string::npos) << r.fault;
  // Deadlock: a single thread waiting on a futex forever. li a7,238; lui a0,0x500; li a1,0; li
  // a2,0; li a3,0; ecall
  r = RunCode(kElfMachineRiscv, false,
              {0x0ee00893, 0x00500537, 0x00000593, 0x00000613, 0x00000693, 0x00000073});
  EXPECT_NE(r.fault.find("deadlock"), std::string::npos) << r.fault;
}

TEST(Decoders, RejectWhatTheyDoNotRun) {
  EXPECT_EQ(mips::CheckInstruction(0x00851021), "");   // addu v0,a0,a1
  EXPECT_EQ(mips::CheckInstruction(0x7c0420a0), "");   // seb a0,a0
  EXPECT_NE(mips::CheckInstruction(0x46000000), "");   // add.s (FPU)
  EXPECT_EQ(riscv::CheckInstruction(0x02b50533), "");  // mul a0,a0,a1
  EXPECT_NE(riscv::CheckInstruction(0x00000000), "");
}

}  // namespace
}  // namespace entangle::vm
