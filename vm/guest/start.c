/* Start file for C guests: sets up nothing the VM has not (the stack pointer comes from the VM),
 * clears .bss, calls main() and halts with its result. */
#include "entangle_guest.h"

extern int main(void);
extern char __bss_start[], __bss_end[];

__attribute__((noreturn, used)) void entangle_start_c(void) {
  for (char* p = __bss_start; p < __bss_end; ++p) *p = 0;
  entangle_halt(main());
}

#if defined(__mips__)
__asm__(".section .text.start\n.globl _start\n.set noreorder\n_start:\n"
        "  addiu $sp, $sp, -16\n  la $t9, entangle_start_c\n  jalr $t9\n  nop\n.set reorder\n");
#else
__asm__(".section .text.start\n.globl _start\n_start:\n"
        "  andi sp, sp, -16\n  call entangle_start_c\n");
#endif
