/* Entangle guest SDK for C (MIPS32 o32 and RV32IM), freestanding.
 *
 * Syscalls follow Linux MIPS o32 numbers. On MIPS they are issued as-is (SYSCALL, number in $v0,
 * arguments in $a0-$a3, error flag in $a3). On RISC-V the same table minus 4000 is used (ECALL,
 * number in a7, arguments in a0-a5, result or -errno in a0): write = 4, exit_group = 246.
 * Entangle's own calls: commit = 1000 (+4000 on MIPS), input_length = 1001 (+4000 on MIPS).
 *
 * The private input is file descriptor 0; fds 1 and 2 are captured stdout/stderr; the journal is
 * the public output bound into the public statement (with the program, input hash and exit code).
 */
#ifndef ENTANGLE_GUEST_H_
#define ENTANGLE_GUEST_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__mips__)
#define ENTANGLE_SYS_BASE 4000
static inline long entangle_syscall3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n + ENTANGLE_SYS_BASE;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7");
  __asm__ volatile("syscall"
                   : "+r"(v0), "=r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2)
                   : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15",
                     "$24", "$25", "hi", "lo");
  return a3 ? -v0 : v0;
}
#elif defined(__riscv) && __riscv_xlen == 32
#define ENTANGLE_SYS_BASE 0
static inline long entangle_syscall3(long n, long a, long b, long c) {
  register long a7 __asm__("a7") = n;
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
  return a0;
}
#else
#error "entangle_guest.h supports MIPS32 and RV32 guests"
#endif

enum {
  ENTANGLE_SYS_READ = 3,
  ENTANGLE_SYS_WRITE = 4,
  ENTANGLE_SYS_EXIT_GROUP = 246,
  ENTANGLE_SYS_COMMIT = 1000,
  ENTANGLE_SYS_INPUT_LENGTH = 1001,
};

/* Reads up to n bytes of private input; returns the count (0 at the end). */
static inline long entangle_read(void* buf, size_t n) {
  return entangle_syscall3(ENTANGLE_SYS_READ, 0, (long)buf, (long)n);
}
/* Bytes of private input not yet read. */
static inline long entangle_input_length(void) {
  return entangle_syscall3(ENTANGLE_SYS_INPUT_LENGTH, 0, 0, 0);
}
/* Appends bytes to the public journal. */
static inline void entangle_commit(const void* buf, size_t n) {
  entangle_syscall3(ENTANGLE_SYS_COMMIT, (long)buf, (long)n, 0);
}
/* Hints are private, unproven advice: they arrive on the input stream (fd 0) like any input. */
static inline long entangle_hint(void* buf, size_t n) { return entangle_read(buf, n); }
static inline long entangle_write(int fd, const void* buf, size_t n) {
  return entangle_syscall3(ENTANGLE_SYS_WRITE, fd, (long)buf, (long)n);
}
static inline void entangle_puts(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  entangle_write(1, s, n);
}
__attribute__((noreturn)) static inline void entangle_halt(int code) {
  for (;;) entangle_syscall3(ENTANGLE_SYS_EXIT_GROUP, code, 0, 0);
}

#endif /* ENTANGLE_GUEST_H_ */
