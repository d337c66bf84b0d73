// Fuzz target: the ELF32 loader and both ISA front ends' Load(), then a short run of whatever
// loaded. Must never crash, whatever the bytes.
#include <cstddef>
#include <cstdint>

#include "vm/common/elf.h"
#include "vm/mips/mips.h"
#include "vm/riscv/riscv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  entangle::ByteView elf(data, size);
  (void)entangle::vm::ReadElfIdent(elf);
  (void)entangle::vm::LoadElf32(elf, entangle::vm::kElfMachineMips);
  (void)entangle::vm::LoadElf32(elf, entangle::vm::kElfMachineRiscv);
  static auto mips = entangle::vm::mips::NewMipsIsa();
  static auto riscv = entangle::vm::riscv::NewRiscvIsa();
  for (auto* isa : {mips.get(), riscv.get()}) {
    auto ex = isa->Load(elf, entangle::vm::ExecutorOptions{});
    if (ex.ok()) (void)(*ex)->Run(2000);
  }
  return 0;
}
