// Fuzz target: both decoders and interpreters. The input bytes become the text of a minimal ELF
// (MIPS big and little endian, RV32) that runs for a bounded number of cycles; every instruction
// word is also checked by the decoders directly. Must never crash.
#include <cstddef>
#include <cstdint>

#include "common/endian.h"
#include "vm/common/elf.h"
#include "vm/mips/mips.h"
#include "vm/riscv/riscv.h"

namespace {

entangle::Bytes Elf(uint16_t machine, bool big, const uint8_t* code, size_t n) {
  using entangle::StoreBe;
  using entangle::StoreLe;
  entangle::Bytes e(0x1000 + n, 0);
  auto u16 = [&](size_t o, uint16_t v) {
    big ? StoreBe<uint16_t>(&e[o], v) : StoreLe<uint16_t>(&e[o], v);
  };
  auto u32 = [&](size_t o, uint32_t v) {
    big ? StoreBe<uint32_t>(&e[o], v) : StoreLe<uint32_t>(&e[o], v);
  };
  e[0] = 0x7f, e[1] = 'E', e[2] = 'L', e[3] = 'F', e[4] = 1, e[5] = big ? 2 : 1, e[6] = 1;
  u16(16, 2), u16(18, machine), u32(20, 1), u32(24, 0x400000), u32(28, 52), u16(40, 52),
      u16(42, 32);
  u16(44, 2);
  uint32_t len = static_cast<uint32_t>(n);
  u32(52, 1), u32(56, 0x1000), u32(60, 0x400000), u32(68, len), u32(72, len), u32(76, 5);
  u32(84, 1), u32(92, 0x500000), u32(104, 0x10000), u32(108, 6);
  for (size_t i = 0; i < n; ++i) e[0x1000 + i] = code[i];
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size = size & ~size_t{3};
  if (size == 0 || size > 4096) return 0;
  for (size_t i = 0; i < size; i += 4) {
    uint32_t w = entangle::LoadLe<uint32_t>(data + i);
    (void)entangle::vm::mips::CheckInstruction(w);
    (void)entangle::vm::riscv::CheckInstruction(w);
  }
  static auto mips = entangle::vm::mips::NewMipsIsa();
  static auto riscv = entangle::vm::riscv::NewRiscvIsa();
  struct Target {
    entangle::vm::Isa* isa;
    uint16_t machine;
    bool big;
  };
  for (Target t : {Target{mips.get(), entangle::vm::kElfMachineMips, true},
                   Target{mips.get(), entangle::vm::kElfMachineMips, false},
                   Target{riscv.get(), entangle::vm::kElfMachineRiscv, false}}) {
    auto ex = t.isa->Load(Elf(t.machine, t.big, data, size), entangle::vm::ExecutorOptions{});
    if (ex.ok()) (void)(*ex)->Run(5000);
  }
  return 0;
}
