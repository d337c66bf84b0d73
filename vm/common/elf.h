// ELF32 executable loader shared by the ISA front ends (MIPS32 big/little endian, RV32).
//
// Reads the identification and program headers of a static ELF32 executable, checks everything a
// loader relies on (sizes, offsets, PT_LOAD segments that fit the file and do not overlap, an entry
// point inside an executable segment) and returns the loadable segments. Every malformed input is
// an InvalidArgument error naming the problem; nothing here trusts the file.
#ifndef ENTANGLE_VM_COMMON_ELF_H_
#define ENTANGLE_VM_COMMON_ELF_H_

#include <absl/status/statusor.h>

#include <cstdint>
#include <vector>

#include "entangle/isa.h"
#include "entangle/types.h"

namespace entangle::vm {

inline constexpr uint16_t kElfMachineMips = 8;
inline constexpr uint16_t kElfMachineRiscv = 243;

// Segment permission bits (ELF p_flags).
inline constexpr uint32_t kPfX = 1, kPfW = 2, kPfR = 4;

struct ElfSegment {
  uint32_t vaddr = 0;
  uint32_t memsz = 0;
  uint32_t flags = 0;  // kPfR | kPfW | kPfX
  Bytes data;          // the file bytes (p_filesz); the rest up to memsz is zero (bss)
};

struct ElfImage {
  ElfIdent ident;
  uint32_t entry = 0;
  std::vector<ElfSegment> segments;  // sorted by vaddr
};

// Parses only the identification and header fields (class, data encoding, machine, flags).
absl::StatusOr<ElfIdent> ReadElfIdent(ByteView elf);

// Parses and checks a whole ELF32 executable for `machine` (kElfMachineMips, kElfMachineRiscv).
absl::StatusOr<ElfImage> LoadElf32(ByteView elf, uint16_t machine);

}  // namespace entangle::vm

#endif  // ENTANGLE_VM_COMMON_ELF_H_
