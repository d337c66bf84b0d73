#include "common/varint.h"

#include <gtest/gtest.h>

#include "common/bytes.h"

namespace entangle {
namespace {

TEST(Leb128, RoundTripsBoundaries) {
  for (uint64_t v : {0ULL, 1ULL, 127ULL, 128ULL, 300ULL, 16383ULL, 16384ULL, ~0ULL}) {
    Bytes b;
    AppendLeb128(b, v);
    size_t off = 0;
    auto r = ReadLeb128(b, &off);
    ASSERT_TRUE(r.ok()) << v;
    EXPECT_EQ(*r, v);
    EXPECT_EQ(off, b.size());
  }
  Bytes b;
  AppendLeb128(b, 300);
  EXPECT_EQ(ToHex(b), "ac02");
}

TEST(Leb128, RejectsMalformed) {
  size_t off = 0;
  EXPECT_FALSE(ReadLeb128(*FromHex("80"), &off).ok());  // truncated
  off = 0;
  EXPECT_FALSE(ReadLeb128(*FromHex("8000"), &off).ok());  // non-minimal
  off = 0;
  EXPECT_FALSE(ReadLeb128(*FromHex("ffffffffffffffffff02"), &off).ok());  // > 2^64-1
}

TEST(CompactSize, CanonicalOnly) {
  for (uint64_t v :
       {0ULL, 0xfcULL, 0xfdULL, 0xffffULL, 0x10000ULL, 0xffffffffULL, 0x100000000ULL}) {
    Bytes b;
    AppendCompactSize(b, v);
    size_t off = 0;
    auto r = ReadCompactSize(b, &off);
    ASSERT_TRUE(r.ok()) << v;
    EXPECT_EQ(*r, v);
  }
  size_t off = 0;
  EXPECT_EQ(ReadCompactSize(*FromHex("fdfc00"), &off).status().message(),
            "non-canonical compact size");
  off = 0;
  EXPECT_FALSE(ReadCompactSize(*FromHex("fe0000"), &off).ok());
}

}  // namespace
}  // namespace entangle
