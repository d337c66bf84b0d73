// Keccak-f[1600] and the hashes built on it: Keccak-256 (Ethereum's, original padding 0x01) and
// SHA3-256 (FIPS 202, padding 0x06). Our own implementation: a fully unrolled 64-bit permutation.
#ifndef ENTANGLE_COMMON_KECCAK_H_
#define ENTANGLE_COMMON_KECCAK_H_

#include <array>
#include <cstdint>

#include "entangle/types.h"

namespace entangle {

// The 24-round permutation over 25 lanes (lane i = x + 5y, little-endian lanes).
void KeccakF1600(uint64_t state[25]);

// A sponge with a 136-byte rate (capacity 512 bits) and a 32-byte output.
class Keccak256Hasher {
 public:
  // `domain` is the padding's first byte: 0x01 for Keccak-256, 0x06 for SHA3-256.
  explicit Keccak256Hasher(uint8_t domain = 0x01) : domain_(domain) {}
  Keccak256Hasher& Update(ByteView data);
  Hash32 Finish();  // also resets

 private:
  static constexpr size_t kRate = 136;
  uint64_t state_[25] = {};
  uint8_t buffer_[kRate];
  size_t buffered_ = 0;
  uint8_t domain_;
};

Hash32 Keccak256(ByteView data);
Hash32 Sha3_256(ByteView data);

}  // namespace entangle

#endif  // ENTANGLE_COMMON_KECCAK_H_
