// The `mips` ISA plugin (libentangle_mips.so).
#include "entangle/sdk.h"
#include "vm/mips/mips.h"

namespace {

struct MipsPlugin {
  static absl::StatusOr<std::unique_ptr<entangle::vm::Isa>> Create(const std::string&) {
    return entangle::vm::mips::NewMipsIsa();
  }
};

}  // namespace

ENTANGLE_PLUGIN(entangle::vm::Isa, MipsPlugin, "mips", "0.1.0",
                "MIPS32r2 integer ISA (big and little endian), o32 Linux syscalls, Go guests");
