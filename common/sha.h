// SHA-256, SHA-512, RIPEMD-160 and HMAC through OpenSSL 3's EVP interface (hardware SHA extensions
// when the CPU has them). One-shot functions for convenience and a reusable incremental hasher for
// hot paths.
#ifndef ENTANGLE_COMMON_SHA_H_
#define ENTANGLE_COMMON_SHA_H_

#include <array>
#include <cstdint>

#include "entangle/types.h"

namespace entangle {

using Digest20 = std::array<uint8_t, 20>;
using Digest32 = std::array<uint8_t, 32>;
using Digest64 = std::array<uint8_t, 64>;

Digest32 Sha256(ByteView data);
// SHA-256(SHA-256(data)), Bitcoin's hash.
Digest32 Sha256d(ByteView data);
Digest64 Sha512(ByteView data);
Digest20 Ripemd160(ByteView data);
// RIPEMD-160(SHA-256(data)), Bitcoin's HASH160.
Digest20 Hash160(ByteView data);
Digest32 HmacSha256(ByteView key, ByteView data);
Digest64 HmacSha512(ByteView key, ByteView data);

// Incremental SHA-256 that reuses its OpenSSL context: Reset(), Update()..., Finish().
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  Sha256Hasher& Reset();
  Sha256Hasher& Update(ByteView data);
  Digest32 Finish();  // also resets

 private:
  struct Ctx;
  Ctx* ctx_;
};

}  // namespace entangle

#endif  // ENTANGLE_COMMON_SHA_H_
