// Integration tests of the VM executors: sample guests (C and Go, both ISAs, both endiannesses),
// continuations, determinism, traces, malformed ELFs and VM faults.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// Trace rows describe what the instruction did: sw/lw rows carry the word written/read.
class RecordingSink : public TraceSink {
 public:
  void OnRows(std::span<const TraceRow> rows) noexcept override {
    rows_.insert(rows_.end(), rows.begin(), rows.end());
  }
  std::vector<TraceRow> rows_;
};

TEST(Trace, RowContents) {
  // MIPS (big endian): lui $t0,0x50; ori $t1,$0,0x1234; sw $t1,8($t0); lw $t2,8($t0); addu
  // $t3,$t1,$t2
  std::vector<uint32_t> code = {0x3c080050, 0x34091234, 0xad090008, 0x8d0a0008, 0x012a5821};
  auto ex = mips::NewMipsIsa()->Load(MakeElf(kElfMachineMips, true, code), ExecutorOptions{});
  ASSERT_TRUE(ex.ok());
  RecordingSink sink;
  (*ex)->SetTraceSink(&sink);
  (void)(*ex)->Run(5);
  ASSERT_EQ(sink.rows_.size(), 5u);
  const TraceRow& sw = sink.rows_[2];
  EXPECT_EQ(sw.pc, 0x400008u);
  EXPECT_EQ(sw.next_pc, 0x400010u);  // pc + 8: the next-next pc of a delay-slot machine
  EXPECT_EQ(sw.instruction, 0xad090008u);
  ASSERT_TRUE(sw.has_memory);
  EXPECT_EQ(sw.memory.address, 0x500008u);
  EXPECT_EQ(sw.memory.value_before, 0u);
  EXPECT_EQ(sw.memory.value_after, 0x1234u);
  EXPECT_TRUE(sw.memory.is_write);
  const TraceRow& lw = sink.rows_[3];
  EXPECT_EQ(lw.rd, 10);
  EXPECT_EQ(lw.rd_value, 0x1234u);
  EXPECT_FALSE(lw.memory.is_write);
  const TraceRow& add = sink.rows_[4];
  EXPECT_EQ(add.rs_value, 0x1234u);
  EXPECT_EQ(add.rt_value, 0x1234u);
  EXPECT_EQ(add.rd, 11);
  EXPECT_EQ(add.rd_value, 0x2468u);
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

TEST(Syscalls, UnknownIsEnosysOrStrictFault) {
  // li a7, 999; ecall; li a7, 246; ecall  (exit_group with a0 = the first call's result)
  std::vector<uint32_t> code = {0x3e700893, 0x00000073, 0x0f600893, 0x00000073};
  Bytes elf = MakeElf(kElfMachineRiscv, false, code);
  ExecutorOptions o;
  auto ex = riscv::NewRiscvIsa()->Load(elf, o);
  ASSERT_TRUE(ex.ok());
  RunResult r = (*ex)->Run(100);
  ASSERT_EQ(r.reason, StopReason::kHalted);
  EXPECT_EQ(r.exit_code, (-38) & 0xff);  // ENOSYS
  o.strict_syscalls = true;
  ex = riscv::NewRiscvIsa()->Load(elf, o);
  ASSERT_TRUE(ex.ok());
  r = (*ex)->Run(100);
  ASSERT_EQ(r.reason, StopReason::kFault);
  EXPECT_NE(r.fault.find("unknown syscall 999"), std::string::npos) << r.fault;
  EXPECT_EQ(r.pc, 0x400004u);
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

namespace entangle::vm {
namespace {

// Differential testing against qemu-user: random ALU,
// multiply/divide, bit-field, memory and forward-branch streams, then every register and the data
// page are written to stdout. Ours and qemu's dumps must match byte for byte.
struct Rng {
  uint64_t s;
  uint32_t Next() {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    return static_cast<uint32_t>(s >> 11);
  }
  uint32_t Below(uint32_t n) { return Next() % n; }
};

std::vector<uint32_t> RandomMips(Rng& g, int count) {
  std::vector<uint32_t> c;
  auto R = [](uint32_t rs, uint32_t rt, uint32_t rd, uint32_t sa, uint32_t fn) {
    return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | fn;
  };
  auto I = [](uint32_t op, uint32_t rs, uint32_t rt, uint32_t imm) {
    return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff);
  };
  auto reg = [&] { return 1 + g.Below(25); };
  c.push_back(I(15, 0, 28, 0x50));  // lui $gp, 0x50
  for (uint32_t r = 1; r <= 25; ++r) {
    uint32_t v = g.Next();
    c.push_back(I(15, 0, r, v >> 16));
    c.push_back(I(13, r, r, v));
  }
  auto one = [&](bool allow_branch) -> void {
    uint32_t k = g.Below(allow_branch ? 12 : 11);
    switch (k) {
      case 0: {
        static const uint32_t fn[] = {33, 35, 36, 37, 38, 39, 42, 43, 4, 6, 7, 10, 11};
        c.push_back(R(reg(), reg(), reg(), 0, fn[g.Below(13)]));
        break;
      }
      case 1: {
        static const uint32_t fn[] = {0, 2, 3};
        c.push_back(R(0, reg(), reg(), g.Below(32), fn[g.Below(3)]));
        if (g.Below(4) == 0) c.back() |= (c.back() & 63) == 2 ? (1u << 21) : 0;  // rotr
        break;
      }
      case 2: {
        static const uint32_t op[] = {9, 10, 11, 12, 13, 14};
        c.push_back(I(op[g.Below(6)], reg(), reg(), g.Next()));
        break;
      }
      case 3: {  // mult/div family then mfhi/mflo
        static const uint32_t fn[] = {24, 25, 26, 27};
        if (g.Below(2)) {
          c.push_back(R(reg(), reg(), 0, 0, fn[g.Below(4)]));
        } else {
          static const uint32_t f2[] = {0, 1, 4, 5};
          c.push_back((28u << 26) | R(reg(), reg(), 0, 0, f2[g.Below(4)]));
        }
        c.push_back(R(0, 0, reg(), 0, g.Below(2) ? 16 : 18));
        break;
      }
      case 4: {
        static const uint32_t f2[] = {2, 32, 33};
        c.push_back((28u << 26) | R(reg(), 0, reg(), 0, f2[g.Below(3)]));
        if ((c.back() & 63) == 2)
          c.back() = (28u << 26) | R(reg(), reg() & 0x1f, c.back() >> 11 & 31, 0, 2);
        break;
      }
      case 5: {  // seb/seh/wsbh
        static const uint32_t sa[] = {2, 16, 24};
        c.push_back((31u << 26) | R(0, reg(), reg(), sa[g.Below(3)], 32));
        break;
      }
      case 6: {  // ext/ins
        uint32_t pos = g.Below(32), size = 1 + g.Below(32 - pos);
        if (g.Below(2)) {
          c.push_back((31u << 26) | R(reg(), reg(), size - 1, pos, 0));
        } else {
          c.push_back((31u << 26) | R(reg(), reg(), pos + size - 1, pos, 4));
        }
        break;
      }
      case 7:
      case 8: {  // loads
        static const uint32_t op[] = {32, 33, 34, 35, 36, 37, 38};
        uint32_t o = op[g.Below(7)];
        uint32_t off = g.Below(4000);
        if (o == 35) off &= ~3u;
        if (o == 33 || o == 37) off &= ~1u;
        c.push_back(I(o, 28, reg(), off));
        break;
      }
      case 9:
      case 10: {  // stores
        static const uint32_t op[] = {40, 41, 42, 43, 46};
        uint32_t o = op[g.Below(5)];
        uint32_t off = g.Below(3800);
        if (o == 43) off &= ~3u;
        if (o == 41) off &= ~1u;
        c.push_back(I(o, 28, reg(), off));
        break;
      }
      default: {  // forward branch over 1-3 instructions (+ likely variants)
        static const uint32_t op[] = {4, 5, 6, 7, 20, 21, 22, 23, 1, 1};
        uint32_t which = g.Below(10), skip = 1 + g.Below(3);
        uint32_t o = op[which];
        uint32_t rt = (o == 6 || o == 7 || o == 22 || o == 23) ? 0 : o == 1 ? g.Below(2) : reg();
        c.push_back(I(o, reg(), rt, skip + 1));
        break;
      }
    }
  };
  while (static_cast<int>(c.size()) < count) {
    size_t before = c.size();
    one(true);
    if (c.back() >> 26 == 1 || (c.back() >> 26 >= 4 && c.back() >> 26 <= 7) ||
        (c.back() >> 26 >= 20 && c.back() >> 26 <= 23)) {
      (void)before;
      for (int k = 0; k < 4; ++k) one(false);  // delay slot and skipped instructions
    }
  }
  // Dump: registers at 0xf00($gp) then write(1, $gp, 4096); exit_group(0).
  for (uint32_t r = 1; r <= 31; ++r) {
    if (r != 29) c.push_back(I(43, 28, r, 0xf00 + 4 * r));  // sp differs between loaders
  }
  c.push_back(R(0, 0, 8, 0, 16));
  c.push_back(I(43, 28, 8, 0xf80));
  c.push_back(R(0, 0, 8, 0, 18));
  c.push_back(I(43, 28, 8, 0xf84));
  c.push_back(I(9, 0, 2, 4004));
  c.push_back(I(9, 0, 4, 1));
  c.push_back(R(28, 0, 5, 0, 33));
  c.push_back(I(9, 0, 6, 4096));
  c.push_back(12);
  c.push_back(I(9, 0, 2, 4246));
  c.push_back(I(9, 0, 4, 0));
  c.push_back(12);
  return c;
}

std::vector<uint32_t> RandomRiscv(Rng& g, int count) {
  std::vector<uint32_t> c;
  auto R = [](uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
  };
  auto I = [](uint32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
    return ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
  };
  auto S = [](uint32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
    return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           ((imm & 31) << 7) | 0x23;
  };
  auto reg = [&] {
    uint32_t r = 1 + g.Below(29);
    return r == 2 ? 30u : r;
  };                                               // not sp, not x31
  c.push_back((0x500u << 12) | (31 << 7) | 0x37);  // lui x31, 0x500
  for (uint32_t r = 1; r <= 30; ++r) {
    if (r == 2) continue;
    uint32_t v = g.Next();
    c.push_back((v & 0xfffff000u) | (r << 7) | 0x37);
    c.push_back(I(v & 0x7ff, r, 6, r, 0x13));
  }
  while (static_cast<int>(c.size()) < count) {
    switch (g.Below(7)) {
      case 0: {
        static const uint32_t ops[][2] = {{0, 0}, {0x20, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4},
                                          {0, 5}, {0x20, 5}, {0, 6}, {0, 7}, {1, 0}, {1, 1},
                                          {1, 2}, {1, 3},    {1, 4}, {1, 5}, {1, 6}, {1, 7}};
        auto& o = ops[g.Below(18)];
        c.push_back(R(o[0], reg(), reg(), o[1], reg(), 0x33));
        break;
      }
      case 1: {
        static const uint32_t f3[] = {0, 2, 3, 4, 6, 7};
        c.push_back(I(g.Next(), reg(), f3[g.Below(6)], reg(), 0x13));
        break;
      }
      case 2: {
        uint32_t f = g.Below(3);
        uint32_t f3 = f == 0 ? 1 : 5, f7 = f == 2 ? 0x20 : 0;
        c.push_back(R(f7, g.Below(32), reg(), f3, reg(), 0x13));
        break;
      }
      case 3:
        c.push_back((g.Next() & 0xfffff000u) | (reg() << 7) | (g.Below(2) ? 0x37 : 0x17));
        break;
      case 4: {
        static const uint32_t f3[] = {0, 1, 2, 4, 5};
        uint32_t f = f3[g.Below(5)], off = g.Below(2000);
        if (f == 2) off &= ~3u;
        if (f == 1 || f == 5) off &= ~1u;
        c.push_back(I(off, 31, f, reg(), 0x03));
        break;
      }
      case 5: {
        uint32_t f = g.Below(3), off = g.Below(1900);
        if (f == 2) off &= ~3u;
        if (f == 1) off &= ~1u;
        c.push_back(S(off, reg(), 31, f));
        break;
      }
      default: {
        static const uint32_t f3[] = {0, 1, 4, 5, 6, 7};
        uint32_t imm = 4 * (2 + g.Below(3));
        c.push_back((((imm >> 5) & 0x3f) << 25) | (reg() << 20) | (reg() << 15) |
                    (f3[g.Below(6)] << 12) | (((imm >> 1) & 0xf) << 8) | 0x63);
        break;
      }
    }
  }
  for (int k = 0; k < 4; ++k) c.push_back(0x13);  // branch landing pad
  for (uint32_t r = 1; r <= 30; ++r) {
    if (r != 2) c.push_back(S(0x700 + 4 * r, r, 31, 2));  // sp differs between loaders
  }
  c.push_back(I(4, 0, 0, 17, 0x13));  // a7 = write
  c.push_back(I(1, 0, 0, 10, 0x13));
  c.push_back(I(0, 31, 0, 11, 0x13));
  c.push_back(I(2048, 0, 0, 12, 0x13));  // a2 = -2048 -> fixed below
  c.back() = I(0x7ff, 0, 0, 12, 0x13);   // a2 = 2047
  c.push_back(0x73);
  c.push_back(I(246, 0, 0, 17, 0x13));
  c.push_back(I(0, 0, 0, 10, 0x13));
  c.push_back(0x73);
  return c;
}

bool HaveQemu(const char* name) {
  std::string cmd = std::string("command -v ") + name + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

Bytes RunQemu(const char* qemu, const Bytes& elf) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/diff.elf";
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(elf.data()), static_cast<std::streamsize>(elf.size()));
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);  // qemu-user needs +x
  std::string cmd = std::string(qemu) + " " + path;
  FILE* p = popen(cmd.c_str(), "r");
  Bytes out;
  uint8_t buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof(buf), p)) > 0) out.insert(out.end(), buf, buf + n);
  if (p) pclose(p);
  return out;
}

void Differential(uint16_t machine, bool big, const char* qemu, uint64_t seed) {
  if (!HaveQemu(qemu)) GTEST_SKIP() << qemu << " is not installed (Debian qemu-user)";
  Rng g{seed};
  uint64_t total = 0;
  // CI runs 10 programs of 10,000 instructions per ISA; ENTANGLE_DIFF_PROGRAMS=N runs more
  // (manual).
  const char* env = std::getenv("ENTANGLE_DIFF_PROGRAMS");
  int programs = env != nullptr ? std::max(1, std::atoi(env)) : 10;
  for (int prog = 0; prog < programs; ++prog) {
    auto code = machine == kElfMachineMips ? RandomMips(g, 10000) : RandomRiscv(g, 10000);
    total += code.size();
    Bytes elf = MakeElf(machine, big, code);
    Outcome ours = RunAll(elf, machine == kElfMachineMips ? "mips" : "riscv", {});
    ASSERT_EQ(ours.result.reason, StopReason::kHalted)
        << ours.result.fault << " pc " << ours.result.pc;
    if (machine == kElfMachineRiscv) {
      // Our RISC-V ecalls use Entangle's generic numbering (write = 4, exit_group = 246); Linux
      // riscv32 under qemu uses write = 64, exit_group = 94. Only the dump epilogue differs.
      for (size_t i = code.size() - 10; i < code.size(); ++i) {
        if (code[i] == ((4u << 20) | (17u << 7) | 0x13)) code[i] = (64u << 20) | (17u << 7) | 0x13;
        if (code[i] == ((246u << 20) | (17u << 7) | 0x13))
          code[i] = (94u << 20) | (17u << 7) | 0x13;
      }
      elf = MakeElf(machine, big, code);
    }
    Bytes theirs = RunQemu(qemu, elf);
    ASSERT_EQ(ours.output.stdout_bytes.size(), theirs.size()) << "program " << prog;
    for (size_t i = 0; i < theirs.size(); ++i) {
      ASSERT_EQ(ours.output.stdout_bytes[i], theirs[i])
          << "program " << prog << " byte offset 0x" << std::hex << i;
    }
  }
  EXPECT_GE(total, 100000u);
}

TEST(Differential, MipselAgainstQemu) { Differential(kElfMachineMips, false, "qemu-mipsel", 1); }
TEST(Differential, MipsAgainstQemu) { Differential(kElfMachineMips, true, "qemu-mips", 2); }
TEST(Differential, Riscv32AgainstQemu) { Differential(kElfMachineRiscv, false, "qemu-riscv32", 3); }

}  // namespace
}  // namespace entangle::vm
