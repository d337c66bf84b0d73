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
__asm__(
    ".section .text.start\n.globl _start\n.set noreorder\n_start:\n"
    "  addiu $sp, $sp, -16\n  la $t9, entangle_start_c\n  jalr $t9\n  nop\n.set reorder\n");
#else
__asm__(
    ".section .text.start\n.globl _start\n_start:\n"
    "  andi sp, sp, -16\n  call entangle_start_c\n");
#endif

/* The compiler may emit calls to these even in freestanding code. */
void* memset(void* d, int c, size_t n) {
  volatile unsigned char* p = (volatile unsigned char*)d;
  while (n--) *p++ = (unsigned char)c;
  return d;
}
void* memcpy(void* d, const void* s, size_t n) {
  volatile unsigned char* p = (volatile unsigned char*)d;
  const unsigned char* q = (const unsigned char*)s;
  while (n--) *p++ = *q++;
  return d;
}
