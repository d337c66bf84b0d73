#include "common/keccak.h"

#include <bit>
#include <cstring>

#include "common/endian.h"

namespace entangle {
namespace {

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// Rotation offsets r[x + 5y] (FIPS 202, table 2).
constexpr int kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                          25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

// One round from `a` into `e`, plane by plane (as in the Keccak team's optimized 64-bit code): for
// each output plane y, gather the five lanes that rho/pi move there, then apply chi at once. This
// keeps only ten temporaries live. Loops have constant trip counts and indices; GCC unrolls them
// completely.
inline void Round(const uint64_t* a, uint64_t* e, uint64_t rc) {
  uint64_t c[5], d[5];
#pragma GCC unroll 5
  for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma GCC unroll 5
  for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ std::rotl(c[(x + 1) % 5], 1);
#pragma GCC unroll 5
  for (int y = 0; y < 5; ++y) {
    uint64_t b[5];
#pragma GCC unroll 5
    for (int x = 0; x < 5; ++x) {
      // pi moves lane (x', y') to (y', 2x' + 3y'); the lane landing on (x, y) is ((x + 3y) % 5, x).
      const int sx = (x + 3 * y) % 5, src = sx + 5 * x;
      b[x] = std::rotl(a[src] ^ d[sx], kRho[src]);
    }
#pragma GCC unroll 5
    for (int x = 0; x < 5; ++x) e[x + 5 * y] = b[x] ^ (~b[(x + 1) % 5] & b[(x + 2) % 5]);
  }
  e[0] ^= rc;
}

inline void AbsorbBlock(uint64_t* state, const uint8_t* block) {
#pragma GCC unroll 17
  for (int i = 0; i < 17; ++i) state[i] ^= LoadLe<uint64_t>(block + 8 * i);
  KeccakF1600(state);
}

}  // namespace

// The permutation body, compiled twice: for the baseline ISA and with BMI1/BMI2 (andn, rorx),
// picked at run time.
#define ENTANGLE_KECCAK_BODY                 \
  uint64_t e[25];                            \
  for (int r = 0; r < 24; r += 2) {          \
    Round(state, e, kRoundConstants[r]);     \
    Round(e, state, kRoundConstants[r + 1]); \
  }

namespace {

void KeccakF1600Generic(uint64_t* state) { ENTANGLE_KECCAK_BODY }

__attribute__((target("bmi,bmi2"))) void KeccakF1600Bmi(uint64_t* state) { ENTANGLE_KECCAK_BODY }

using PermuteFn = void (*)(uint64_t*);
PermuteFn SelectPermutation() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("bmi2") ? &KeccakF1600Bmi : &KeccakF1600Generic;
}
const PermuteFn kPermute = SelectPermutation();

}  // namespace

void KeccakF1600(uint64_t state[25]) { kPermute(state); }

Keccak256Hasher& Keccak256Hasher::Update(ByteView data) {
  const uint8_t* p = data.data();
  size_t n = data.size();
  if (buffered_ > 0) {
    size_t take = std::min(n, kRate - buffered_);
    std::memcpy(buffer_ + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < kRate) return *this;
    AbsorbBlock(state_, buffer_);
    buffered_ = 0;
  }
  for (; n >= kRate; p += kRate, n -= kRate) AbsorbBlock(state_, p);
  std::memcpy(buffer_, p, n);
  buffered_ = n;
  return *this;
}

Hash32 Keccak256Hasher::Finish() {
  std::memset(buffer_ + buffered_, 0, kRate - buffered_);
  buffer_[buffered_] ^= domain_;
  buffer_[kRate - 1] ^= 0x80;
  AbsorbBlock(state_, buffer_);
  Hash32 out;
  for (int i = 0; i < 4; ++i) StoreLe<uint64_t>(out.data() + 8 * i, state_[i]);
  std::memset(state_, 0, sizeof(state_));
  buffered_ = 0;
  return out;
}

Hash32 Keccak256(ByteView data) { return Keccak256Hasher(0x01).Update(data).Finish(); }
Hash32 Sha3_256(ByteView data) { return Keccak256Hasher(0x06).Update(data).Finish(); }

}  // namespace entangle
