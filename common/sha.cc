#include "common/sha.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <cstdlib>

namespace entangle {
namespace {

// Digest algorithms are fetched once per process (EVP_MD_fetch is not free).
const EVP_MD* Md(const char* name) {
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  if (md == nullptr) {
    std::fprintf(stderr, "entangle: OpenSSL does not provide %s\n", name);
    std::abort();
  }
  return md;
}
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = Md("SHA256");
  return md;
}
const EVP_MD* Sha512Md() {
  static const EVP_MD* md = Md("SHA512");
  return md;
}
const EVP_MD* Ripemd160Md() {
  static const EVP_MD* md = Md("RIPEMD160");
  return md;
}

template <size_t N>
std::array<uint8_t, N> OneShot(const EVP_MD* md, ByteView data) {
  std::array<uint8_t, N> out;
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr);
  return out;
}

template <size_t N>
std::array<uint8_t, N> Hmac(const EVP_MD* md, ByteView key, ByteView data) {
  std::array<uint8_t, N> out;
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len);
  return out;
}

}  // namespace

Digest32 Sha256(ByteView data) { return OneShot<32>(Sha256Md(), data); }
Digest32 Sha256d(ByteView data) {
  Digest32 first = Sha256(data);
  return Sha256(first);
}
Digest64 Sha512(ByteView data) { return OneShot<64>(Sha512Md(), data); }
Digest20 Ripemd160(ByteView data) { return OneShot<20>(Ripemd160Md(), data); }
Digest20 Hash160(ByteView data) {
  Digest32 first = Sha256(data);
  return Ripemd160(first);
}
Digest32 HmacSha256(ByteView key, ByteView data) { return Hmac<32>(Sha256Md(), key, data); }
Digest64 HmacSha512(ByteView key, ByteView data) { return Hmac<64>(Sha512Md(), key, data); }

struct Sha256Hasher::Ctx {
  EVP_MD_CTX* ctx;
};

Sha256Hasher::Sha256Hasher() : ctx_(new Ctx{EVP_MD_CTX_new()}) { Reset(); }
Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(ctx_->ctx);
  delete ctx_;
}
Sha256Hasher& Sha256Hasher::Reset() {
  EVP_DigestInit_ex2(ctx_->ctx, Sha256Md(), nullptr);
  return *this;
}
Sha256Hasher& Sha256Hasher::Update(ByteView data) {
  EVP_DigestUpdate(ctx_->ctx, data.data(), data.size());
  return *this;
}
Digest32 Sha256Hasher::Finish() {
  Digest32 out;
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx_->ctx, out.data(), &len);
  Reset();
  return out;
}

}  // namespace entangle
