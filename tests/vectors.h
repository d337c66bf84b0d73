// Where the official test vectors are: $ENTANGLE_VECTORS, else ../shared/vectors beside the
// repository root. Tests that need a vector file call RequireVectorFile(), which skips the test
// loudly when the file is absent (and counts it as skipped), never silently passes.
#ifndef ENTANGLE_TESTS_VECTORS_H_
#define ENTANGLE_TESTS_VECTORS_H_

#include <string>

namespace entangle::testing {

// The vectors root, or "" when it cannot be found.
std::string VectorsDir();

// The repository root (the folder holding WORKSPACE), or "" when it cannot be found.
std::string RepoRoot();

// Absolute path of `relative` under the vectors root, or "" (after printing a loud notice) when
// absent.
std::string VectorFile(const std::string& relative);

}  // namespace entangle::testing

// Inside a TEST: binds `var` to the vector file's path or skips the test with a loud message.
#define REQUIRE_VECTOR_FILE(var, relative)                           \
  const std::string var = ::entangle::testing::VectorFile(relative); \
  if (var.empty())                                                   \
  GTEST_SKIP() << "VECTORS MISSING: " << (relative)                  \
               << " not found (set ENTANGLE_VECTORS to shared/vectors)"

#endif  // ENTANGLE_TESTS_VECTORS_H_
