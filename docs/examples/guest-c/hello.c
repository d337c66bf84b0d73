/* Reads a name from the private input, greets it on stdout and commits its length. */
#include "entangle_guest.h"

int main(void) {
  char name[64];
  long n = entangle_read(name, sizeof(name));
  if (n < 0) n = 0;
  entangle_puts("hello, ");
  entangle_write(1, name, (size_t)n);
  entangle_puts("\n");
  uint32_t len = (uint32_t)n;
  entangle_commit(&len, sizeof(len));
  return 0;
}
