#include "common/bytes.h"

#include <gtest/gtest.h>

#include "common/endian.h"

namespace entangle {
namespace {

TEST(Hex, RoundTrip) {
  Bytes b = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(ToHex(b), "0001abff");
  EXPECT_EQ(*FromHex("0001ABff"), b);
  EXPECT_EQ(*FromHex("0x0001abff"), b);
  EXPECT_TRUE(FromHex("")->empty());
}

TEST(Hex, RejectsBadInput) {
  EXPECT_EQ(FromHex("abc").status().message(), "hex string has odd length 3");
  EXPECT_EQ(FromHex("zz").status().message(), "invalid hex digit at offset 0");
  EXPECT_EQ(FromHex("0g").status().message(), "invalid hex digit at offset 1");
  EXPECT_FALSE(FixedFromHex<2>("001122").ok());
  EXPECT_TRUE(FixedFromHex<3>("001122").ok());
}

TEST(Endian, LoadStore) {
  uint8_t buf[8];
  StoreBe<uint32_t>(buf, 0x01020304);
  EXPECT_EQ(buf[0], 1);
  EXPECT_EQ(LoadLe<uint32_t>(buf), 0x04030201u);
  StoreLe<uint64_t>(buf, 0x0102030405060708ULL);
  EXPECT_EQ(buf[0], 8);
  EXPECT_EQ(LoadBe<uint64_t>(buf), 0x0807060504030201ULL);
}

TEST(Files, MissingFileNamesPath) {
  auto r = ReadFile("/nonexistent/entangle-test");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/entangle-test"), std::string::npos);
}

}  // namespace
}  // namespace entangle
