// RV32IM front end (little endian; ecall syscalls in the generic numbering of vm/common/machine.h).
#ifndef ENTANGLE_VM_RISCV_RISCV_H_
#define ENTANGLE_VM_RISCV_RISCV_H_

#include <memory>
#include <string>

#include "entangle/isa.h"

namespace entangle::vm::riscv {

std::unique_ptr<Isa> NewRiscvIsa();

// Empty for a supported instruction word, else why it is rejected (for fuzzing and tests).
std::string CheckInstruction(uint32_t word);

}  // namespace entangle::vm::riscv

#endif  // ENTANGLE_VM_RISCV_RISCV_H_
