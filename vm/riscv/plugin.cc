// The `riscv` ISA plugin (libentangle_riscv.so).
#include "entangle/sdk.h"
#include "vm/riscv/riscv.h"

namespace {

struct RiscvPlugin {
  static absl::StatusOr<std::unique_ptr<entangle::vm::Isa>> Create(const std::string&) {
    return entangle::vm::riscv::NewRiscvIsa();
  }
};

}  // namespace

ENTANGLE_PLUGIN(entangle::vm::Isa, RiscvPlugin, "riscv", "0.1.0",
                "RV32IM, ecall syscalls in Entangle's generic (o32-4000) numbering");
