#include "proof_systems/hash/sha256.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace entangle::hash {
namespace {

std::string Hex(const std::array<uint8_t, 32>& d) {
  std::string s;
  char buf[3];
  for (uint8_t b : d) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    s += buf;
  }
  return s;
}

std::span<const uint8_t> Bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

constexpr Sha256Impl kImpls[] = {Sha256Impl::kBest, Sha256Impl::kPortable, Sha256Impl::kShaNi};

// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256_2.pdf").
TEST(Sha256, FipsVectors) {
  for (Sha256Impl impl : kImpls) {
    EXPECT_EQ(Hex(Sha256Digest(Bytes(""), impl)),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Hex(Sha256Digest(Bytes("abc"), impl)),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(
        Hex(Sha256Digest(Bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), impl)),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    EXPECT_EQ(Hex(Sha256Digest(Bytes(million), impl)),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

// Every length around the padding boundaries, against OpenSSL, on both code paths.
TEST(Sha256, MatchesOpenSsl) {
  std::vector<uint8_t> data(300);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  for (size_t len = 0; len <= data.size(); ++len) {
    std::array<uint8_t, 32> want;
    SHA256(data.data(), len, want.data());
    for (Sha256Impl impl : kImpls) {
      EXPECT_EQ(Sha256Digest(std::span<const uint8_t>(data.data(), len), impl), want)
          << "length " << len;
    }
  }
}

TEST(Sha256, CompressPathsAgree) {
  std::vector<uint8_t> blocks(64 * 5);
  for (size_t i = 0; i < blocks.size(); ++i) blocks[i] = static_cast<uint8_t>(i ^ 0x5a);
  std::array<uint32_t, 8> a = {1, 2, 3, 4, 5, 6, 7, 8}, b = a;
  Sha256Compress(a, blocks, Sha256Impl::kShaNi);
  Sha256Compress(b, blocks, Sha256Impl::kPortable);
  EXPECT_EQ(a, b);
  if (!HasShaNi()) GTEST_SKIP() << "CPU without SHA-NI: only the portable path was tested";
}

}  // namespace
}  // namespace entangle::hash
