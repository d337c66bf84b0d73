/* Fibonacci: reads n (decimal) from the private input, commits fib(n) mod 2^64 to the journal. */
#include "entangle_guest.h"

static void put_u64(uint64_t v) {
  char buf[24];
  int i = 23;
  buf[i] = '\n';
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  entangle_write(1, buf + i, (size_t)(24 - i));
}

int main(void) {
  char in[16];
  long n_read = entangle_read(in, sizeof(in));
  uint32_t n = 0;
  for (long i = 0; i < n_read && in[i] >= '0' && in[i] <= '9'; ++i)
    n = n * 10 + (uint32_t)(in[i] - '0');
  if (n_read <= 0) n = 90;
  uint64_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  put_u64(a);
  entangle_commit(&a, sizeof(a));
  return 0;
}
