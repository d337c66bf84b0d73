// Published vectors: FIPS 180 (SHA-2), the RIPEMD-160 authors' page, RFC 4231 (HMAC-SHA-256/512),
// the Keccak team's Keccak-256 values as used by Ethereum, FIPS 202 (SHA3-256); plus a cross-check
// of our SHA3-256 against OpenSSL's on every length across several block boundaries.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <random>
#include <string>

#include "common/bytes.h"
#include "common/keccak.h"
#include "common/sha.h"

namespace entangle {
namespace {

TEST(Sha, PublishedVectors) {
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha512(AsBytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(ToHex(Ripemd160(AsBytes("abc"))), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  EXPECT_EQ(ToHex(Ripemd160(AsBytes(""))), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
}

TEST(Sha, Incremental) {
  Sha256Hasher h;
  h.Update(AsBytes("a")).Update(AsBytes("bc"));
  EXPECT_EQ(h.Finish(), Sha256(AsBytes("abc")));
  EXPECT_EQ(h.Update(AsBytes("abc")).Finish(), Sha256(AsBytes("abc")));  // reusable
}

TEST(Hmac, Rfc4231Case2) {
  auto key = AsBytes("Jefe");
  auto data = AsBytes("what do ya want for nothing?");
  EXPECT_EQ(ToHex(HmacSha256(key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(ToHex(HmacSha512(key, data)),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}

TEST(Keccak, PublishedVectors) {
  EXPECT_EQ(ToHex(Keccak256(AsBytes(""))),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(ToHex(Keccak256(AsBytes("abc"))),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(ToHex(Sha3_256(AsBytes(""))),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  EXPECT_EQ(ToHex(Sha3_256(AsBytes("abc"))),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  // 1,000,000 x 'a' (FIPS 202 / NIST example values).
  std::string million(1000000, 'a');
  EXPECT_EQ(ToHex(Sha3_256(AsBytes(million))),
            "5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1");
}

TEST(Keccak, MatchesOpenSslSha3OnAllLengths) {
  std::mt19937 rng(7);
  Bytes data(600);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  for (size_t len = 0; len <= data.size(); ++len) {
    ByteView v(data.data(), len);
    Hash32 ours = Sha3_256(v);
    uint8_t theirs[32];
    unsigned int n = 0;
    EVP_Digest(v.data(), v.size(), theirs, &n, EVP_sha3_256(), nullptr);
    ASSERT_EQ(ToHex(ours), ToHex(ByteView(theirs, 32))) << "length " << len;
    // Streaming in uneven pieces gives the same digest.
    Keccak256Hasher h(0x06);
    for (size_t off = 0; off < len; off += 7)
      h.Update(v.subspan(off, std::min<size_t>(7, len - off)));
    ASSERT_EQ(h.Finish(), ours) << "length " << len;
  }
}

}  // namespace
}  // namespace entangle
