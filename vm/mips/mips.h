// MIPS32r2 (integer ISA, o32 Linux ABI, both endiannesses) front end.
#ifndef ENTANGLE_VM_MIPS_MIPS_H_
#define ENTANGLE_VM_MIPS_MIPS_H_

#include <memory>

#include "entangle/isa.h"

namespace entangle::vm::mips {

std::unique_ptr<Isa> NewMipsIsa();

// Decodes one instruction word and says whether it is supported (for fuzzing and tests): an empty
// string for a supported instruction, else the reason it is rejected.
std::string CheckInstruction(uint32_t word);

}  // namespace entangle::vm::mips

#endif  // ENTANGLE_VM_MIPS_MIPS_H_
