#include "vm/common/elf.h"

#include <absl/strings/str_format.h>

#include <algorithm>

#include "common/endian.h"

namespace entangle::vm {
namespace {

constexpr size_t kEhdrSize = 52;
constexpr size_t kPhdrSize = 32;
constexpr uint32_t kPtLoad = 1;

absl::Status Bad(const std::string& what) { return absl::InvalidArgumentError("bad ELF: " + what); }

struct Reader {
  ByteView b;
  bool big;
  uint16_t U16(size_t off) const {
    return big ? LoadBe<uint16_t>(&b[off]) : LoadLe<uint16_t>(&b[off]);
  }
  uint32_t U32(size_t off) const {
    return big ? LoadBe<uint32_t>(&b[off]) : LoadLe<uint32_t>(&b[off]);
  }
};

}  // namespace

absl::StatusOr<ElfIdent> ReadElfIdent(ByteView elf) {
  if (elf.size() < 16) {
    return Bad(
        absl::StrFormat("truncated: %d bytes, shorter than the ELF identification", elf.size()));
  }
  if (elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
    return Bad("not an ELF file (magic is not \\x7fELF)");
  }
  ElfIdent id;
  id.elf_class = elf[4];
  if (elf[5] != 1 && elf[5] != 2) return Bad(absl::StrFormat("unknown data encoding %d", elf[5]));
  id.endian = elf[5] == 2 ? Endian::kBig : Endian::kLittle;
  if (elf[6] != 1) return Bad(absl::StrFormat("unknown ELF version %d", elf[6]));
  if (id.elf_class != 1 && id.elf_class != 2) {
    return Bad(absl::StrFormat("unknown ELF class %d", id.elf_class));
  }
  size_t need = id.elf_class == 1 ? kEhdrSize : 64;
  if (elf.size() < need) {
    return Bad(
        absl::StrFormat("truncated: %d bytes, shorter than the ELF header (%d)", elf.size(), need));
  }
  Reader r{elf, id.endian == Endian::kBig};
  id.machine = r.U16(18);
  id.flags = id.elf_class == 1 ? r.U32(36) : r.U32(48);
  return id;
}

absl::StatusOr<ElfImage> LoadElf32(ByteView elf, uint16_t machine) {
  auto ident = ReadElfIdent(elf);
  if (!ident.ok()) return ident.status();
  if (ident->elf_class != 1) return Bad("ELF64 image; only ELF32 is supported");
  if (ident->machine != machine) {
    return Bad(absl::StrFormat("wrong machine %d (expected %d)", ident->machine, machine));
  }
  Reader r{elf, ident->endian == Endian::kBig};
  uint16_t type = r.U16(16);
  if (type != 2) return Bad(absl::StrFormat("e_type %d is not an executable (ET_EXEC)", type));
  if (r.U32(20) != 1) return Bad("e_version is not 1");
  ElfImage img;
  img.ident = *ident;
  img.entry = r.U32(24);
  uint32_t phoff = r.U32(28);
  uint16_t ehsize = r.U16(40), phentsize = r.U16(42), phnum = r.U16(44);
  if (ehsize < kEhdrSize) return Bad(absl::StrFormat("e_ehsize %d is too small", ehsize));
  if (phnum == 0) return Bad("no program headers");
  if (phentsize != kPhdrSize) return Bad(absl::StrFormat("e_phentsize %d is not 32", phentsize));
  uint64_t ph_end = uint64_t{phoff} + uint64_t{phnum} * kPhdrSize;
  if (ph_end > elf.size()) {
    return Bad(absl::StrFormat("truncated: program headers end at %d, file has %d bytes", ph_end,
                               elf.size()));
  }
  for (uint32_t i = 0; i < phnum; ++i) {
    size_t p = phoff + size_t{i} * kPhdrSize;
    if (r.U32(p) != kPtLoad) continue;
    uint32_t offset = r.U32(p + 4), vaddr = r.U32(p + 8), filesz = r.U32(p + 16),
             memsz = r.U32(p + 20), flags = r.U32(p + 24);
    if (memsz == 0) continue;
    if (filesz > memsz) {
      return Bad(
          absl::StrFormat("segment %d: p_filesz 0x%x exceeds p_memsz 0x%x", i, filesz, memsz));
    }
    if (uint64_t{offset} + filesz > elf.size()) {
      return Bad(absl::StrFormat("truncated: segment %d needs bytes up to 0x%x, file has 0x%x", i,
                                 uint64_t{offset} + filesz, elf.size()));
    }
    if (uint64_t{vaddr} + memsz > (uint64_t{1} << 32)) {
      return Bad(
          absl::StrFormat("segment %d at 0x%x size 0x%x wraps the address space", i, vaddr, memsz));
    }
    ElfSegment s;
    s.vaddr = vaddr;
    s.memsz = memsz;
    s.flags = flags & 7;
    s.data.assign(elf.begin() + offset, elf.begin() + offset + filesz);
    img.segments.push_back(std::move(s));
  }
  if (img.segments.empty()) return Bad("no loadable (PT_LOAD) segment");
  std::sort(img.segments.begin(), img.segments.end(),
            [](const ElfSegment& a, const ElfSegment& b) { return a.vaddr < b.vaddr; });
  for (size_t i = 1; i < img.segments.size(); ++i) {
    const auto& a = img.segments[i - 1];
    const auto& b = img.segments[i];
    if (uint64_t{a.vaddr} + a.memsz > b.vaddr) {
      return Bad(absl::StrFormat("overlapping segments [0x%x,0x%x) and [0x%x,0x%x)", a.vaddr,
                                 uint64_t{a.vaddr} + a.memsz, b.vaddr,
                                 uint64_t{b.vaddr} + b.memsz));
    }
  }
  bool entry_ok = false;
  for (const auto& s : img.segments) {
    if ((s.flags & kPfX) && img.entry >= s.vaddr && img.entry - s.vaddr < s.data.size()) {
      entry_ok = true;
    }
  }
  if (!entry_ok) {
    return Bad(absl::StrFormat("entry point 0x%x is outside every executable segment", img.entry));
  }
  if (img.entry % 4 != 0) return Bad(absl::StrFormat("entry point 0x%x is not aligned", img.entry));
  return img;
}

}  // namespace entangle::vm
