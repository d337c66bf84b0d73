#include "common/mapped_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/bytes.h"

namespace entangle {
namespace {

std::string TmpPath(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/" + name;
}

void ExpectError(const std::string& path, absl::StatusCode code, const std::string& what) {
  auto f = MappedFile::Open(path);
  ASSERT_FALSE(f.ok()) << path;
  EXPECT_EQ(f.status().code(), code) << f.status();
  EXPECT_NE(f.status().message().find(path), std::string::npos) << f.status();
  EXPECT_NE(f.status().message().find(what), std::string::npos) << f.status();
}

TEST(MappedFile, MapsRegularFileExactly) {
  const std::string path = TmpPath("entangle-mapped-file-test");
  for (size_t size : {size_t{1}, size_t{4096}, (size_t{3} << 20) + 12345}) {
    Bytes data(size);
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (auto& b : data) x = x * 6364136223846793005ULL + 1, b = uint8_t(x >> 56);
    ASSERT_TRUE(WriteFile(path, data).ok());
    auto f = MappedFile::Open(path);
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_TRUE(f->mapped());
    ASSERT_EQ(f->size(), size);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), f->bytes().begin())) << size;
    // Moving keeps the mapping; the moved-from file is empty.
    MappedFile g = std::move(*f);
    EXPECT_EQ(f->size(), 0u);
    ASSERT_EQ(g.size(), size);
    EXPECT_EQ(g.bytes()[size - 1], data[size - 1]);
    MappedFile h;
    h = std::move(g);
    EXPECT_EQ(h.bytes()[0], data[0]);
  }
  std::remove(path.c_str());
}

// /proc files report size 0 but have contents: they are read, not mapped.
TEST(MappedFile, ReadsFileOfUnknownSize) {
  auto f = MappedFile::Open("/proc/self/status");
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_FALSE(f->mapped());
  EXPECT_NE(AsString(f->bytes()).find("Name:"), std::string::npos);
}

TEST(MappedFile, ErrorsNameThePath) {
  ExpectError("/nonexistent/entangle-test", absl::StatusCode::kNotFound, "No such file");
  const std::string dir = TmpPath("entangle-mapped-dir");
  mkdir(dir.c_str(), 0700);
  ExpectError(dir, absl::StatusCode::kInvalidArgument, "is a directory");
  rmdir(dir.c_str());
  const std::string empty = TmpPath("entangle-mapped-empty");
  ASSERT_TRUE(WriteFile(empty, {}).ok());
  ExpectError(empty, absl::StatusCode::kInvalidArgument, "empty");
  if (geteuid() != 0) {  // root reads anything
    ASSERT_EQ(chmod(empty.c_str(), 0), 0);
    ExpectError(empty, absl::StatusCode::kPermissionDenied, "Permission denied");
  }
  std::remove(empty.c_str());
}

}  // namespace
}  // namespace entangle
