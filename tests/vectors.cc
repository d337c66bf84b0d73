#include "tests/vectors.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace entangle::testing {
namespace fs = std::filesystem;

std::string RepoRoot() {
  // README.md is a data dependency of this library; in the runfiles tree it is a symlink into the
  // source tree, whose folder is the repository root.
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    const char* dir = std::getenv(var);
    if (dir == nullptr) continue;
    std::error_code ec;
    fs::path p = fs::canonical(fs::path(dir) / "entangle" / "README.md", ec);
    if (!ec) return p.parent_path().string();
  }
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  for (fs::path p = cwd; !p.empty() && p != p.root_path(); p = p.parent_path()) {
    if (fs::exists(p / "WORKSPACE") && fs::exists(p / "README.md")) return p.string();
  }
  return "";
}

std::string VectorsDir() {
  if (const char* env = std::getenv("ENTANGLE_VECTORS"); env != nullptr && *env != '\0') {
    return fs::exists(env) ? std::string(env) : "";
  }
  std::string root = RepoRoot();
  if (root.empty()) return "";
  std::error_code ec;
  fs::path p = fs::canonical(fs::path(root) / ".." / "shared" / "vectors", ec);
  return ec ? "" : p.string();
}

std::string VectorFile(const std::string& relative) {
  std::string dir = VectorsDir();
  if (!dir.empty() && fs::exists(fs::path(dir) / relative))
    return (fs::path(dir) / relative).string();
  std::fprintf(stderr, "\n*** VECTORS MISSING: %s (looked in '%s'); this test is SKIPPED ***\n\n",
               relative.c_str(), dir.c_str());
  return "";
}

}  // namespace entangle::testing
