#include "common/bytes.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

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

// Files of 16 MiB or more are read in parallel chunks; the result must be the file, byte for byte
// (a size that is not a multiple of the chunk size), and small files still read whole.
TEST(Files, LargeFileReadsBackExactly) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp ? tmp : "/tmp") + "/entangle-large-read-test";
  for (size_t size : {size_t{3}, (size_t{21} << 20) + 12345}) {
    Bytes data(size);
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (auto& b : data) x = x * 6364136223846793005ULL + 1, b = uint8_t(x >> 56);
    ASSERT_TRUE(WriteFile(path, data).ok());
    auto r = ReadFile(path);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(*r == data) << size;
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace entangle
