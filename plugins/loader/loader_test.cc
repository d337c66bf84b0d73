#include "plugins/loader/loader.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace entangle::plugins {
namespace {
namespace fs = std::filesystem;

const std::string kDir = "plugins/testdata/";

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(Loader, LoadsGoodPluginAndCreatesComponent) {
  Registry r;
  auto info = r.LoadFile(kDir + "libentangle_testchain.so");
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->name, "testchain");
  EXPECT_EQ(info->kind, Kind::kChainAdapter);
  EXPECT_EQ(info->abi_major, ENTANGLE_ABI_MAJOR);
  auto chain = r.CreateChainAdapter("testchain");
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ((*chain)->Info().chain_id, "test-1");
  auto addr = (*chain)->Address(ByteView());
  ASSERT_TRUE(addr.ok());
  EXPECT_EQ(*addr, "test0");
  // The factory's own error comes back with the plugin's name.
  auto failed = r.CreateChainAdapter("testchain", R"({"fail": true})");
  EXPECT_EQ(Message(failed.status()),
            "plugin 'testchain': factory failed: config asked the factory to fail");
  // Kind is part of the lookup.
  EXPECT_EQ(Message(r.CreateIsa("testchain").status()),
            "no isa plugin named 'testchain' (loaded: none)");
}

TEST(Loader, MissingFile) {
  Registry r;
  EXPECT_EQ(Message(r.LoadFile(kDir + "libentangle_nothere.so").status()),
            kDir + "libentangle_nothere.so: file not found");
}

TEST(Loader, TextFileNamedSo) {
  Registry r;
  EXPECT_EQ(Message(r.LoadFile(kDir + "libentangle_text.so").status()),
            kDir + "libentangle_text.so: not a shared object (no ELF header)");
}

TEST(Loader, MissingEntrySymbol) {
  Registry r;
  EXPECT_EQ(Message(r.LoadFile(kDir + "libentangle_noentry.so").status()),
            kDir +
                "libentangle_noentry.so: entry symbol 'entangle_plugin_entry' missing: not an "
                "Entangle plugin");
}

TEST(Loader, AbiMajorMismatchNamesBothVersions) {
  Registry r;
  EXPECT_EQ(Message(r.LoadFile(kDir + "libentangle_badabi.so").status()),
            kDir + "libentangle_badabi.so: ABI mismatch: plugin is built for ABI " +
                std::to_string(ENTANGLE_ABI_MAJOR + 1) + ".0, host supports " +
                std::to_string(ENTANGLE_ABI_MAJOR) + "." + std::to_string(ENTANGLE_ABI_MINOR));
}

// A plugin built against the previous major's SDK (e.g. a ProveResult without
// insecure_dev_setup) is refused, naming both versions.
TEST(Loader, OlderAbiMajorRejectedNamingBothVersions) {
  static_assert(ENTANGLE_ABI_MAJOR >= 2);
  Registry r;
  EXPECT_EQ(Message(r.LoadFile(kDir + "libentangle_oldabi.so").status()),
            kDir + "libentangle_oldabi.so: ABI mismatch: plugin is built for ABI " +
                std::to_string(ENTANGLE_ABI_MAJOR - 1) + ".0, host supports " +
                std::to_string(ENTANGLE_ABI_MAJOR) + "." + std::to_string(ENTANGLE_ABI_MINOR));
}

TEST(Loader, NewerMinorRejected) {
  Registry r;
  auto s = r.LoadFile(kDir + "libentangle_newminor.so").status();
  EXPECT_NE(Message(s).find("ABI mismatch: plugin is built for ABI " +
                            std::to_string(ENTANGLE_ABI_MAJOR) + "." +
                            std::to_string(ENTANGLE_ABI_MINOR + 7)),
            std::string::npos)
      << s;
}

TEST(Loader, FingerprintMismatch) {
  Registry r;
  auto s = r.LoadFile(kDir + "libentangle_badfingerprint.so").status();
  EXPECT_NE(
      Message(s).find("build fingerprint mismatch: cxx11abi is 0 in the plugin but 1 in the host"),
      std::string::npos)
      << s;
}

TEST(Loader, ThrowingFactoryIsAnErrorNotACrash) {
  Registry r;
  ASSERT_TRUE(r.LoadFile(kDir + "libentangle_throws.so").ok());
  EXPECT_EQ(Message(r.CreateChainAdapter("throws").status()),
            "plugin 'throws': factory threw: boom in factory");
  ASSERT_TRUE(r.LoadFile(kDir + "libentangle_fails.so").ok());
  EXPECT_EQ(Message(r.CreateChainAdapter("fails").status()),
            "plugin 'fails': factory failed: needs parameter 'rpc_url'");
}

TEST(Loader, DuplicateNameAndShadowing) {
  fs::path tmp = fs::path(testing::TempDir()) / "dup";
  fs::create_directories(tmp / "a");
  fs::create_directories(tmp / "b");
  fs::copy_file(kDir + "libentangle_testchain.so", tmp / "a/libentangle_testchain.so",
                fs::copy_options::overwrite_existing);
  fs::copy_file(kDir + "libentangle_testchain.so", tmp / "b/libentangle_testchain.so",
                fs::copy_options::overwrite_existing);
  fs::copy_file(kDir + "libentangle_testchain.so", tmp / "a/libentangle_testchain2.so",
                fs::copy_options::overwrite_existing);
  Registry r;
  auto errors = r.LoadDirs({(tmp / "a").string(), (tmp / "b").string()});
  // Same name twice in one folder: an error naming both files.
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(Message(errors[0]).find("duplicate plugin name 'testchain' (already loaded from"),
            std::string::npos)
      << errors[0];
  // The later folder's copy is shadowed, not an error.
  ASSERT_EQ(r.List().size(), 1u);
  EXPECT_EQ(r.List()[0].path, (tmp / "a/libentangle_testchain.so").string());
  ASSERT_EQ(r.Shadowed().size(), 1u);
  // Explicit loads of the same name are always an error.
  EXPECT_EQ(r.LoadFile((tmp / "b/libentangle_testchain.so").string()).status().code(),
            absl::StatusCode::kAlreadyExists);
}

// A folder under the test's temporary directory holding copies of `files` (fixture -> new name).
fs::path FolderWith(const std::string& name,
                    const std::vector<std::pair<std::string, std::string>>& files) {
  fs::path dir = fs::path(testing::TempDir()) / name;
  fs::create_directories(dir);
  for (const auto& [from, to] : files) {
    fs::copy_file(kDir + from, dir / to, fs::copy_options::overwrite_existing);
  }
  return dir;
}

TEST(Loader, LoadNamedLoadsOnlyThePluginsOwnFile) {
  // The aborting plugin would kill this test if it were loaded.
  fs::path a = FolderWith("named_a", {{"libentangle_testchain.so", "libentangle_testchain.so"},
                                      {"aborts/libentangle_aborts.so", "libentangle_aborts.so"},
                                      {"libentangle_badabi.so", "libentangle_badabi.so"}});
  fs::path b = FolderWith("named_b", {{"libentangle_testchain.so", "libentangle_testchain.so"}});
  Registry r;
  ASSERT_TRUE(r.LoadNamed(Kind::kChainAdapter, "testchain", {"/nonexistent", a, b}).ok());
  ASSERT_EQ(r.List().size(), 1u);
  EXPECT_EQ(r.List()[0].path, (a / "libentangle_testchain.so").string());  // the first folder's
  EXPECT_TRUE(r.Shadowed().empty());
  EXPECT_TRUE(r.CreateChainAdapter("testchain").ok());
  // Already loaded: nothing more is loaded.
  ASSERT_TRUE(r.LoadNamed(Kind::kChainAdapter, "testchain", {b}).ok());
  EXPECT_EQ(r.List().size(), 1u);
}

TEST(Loader, LoadNamedFindsAPluginInAFileOfAnotherName) {
  fs::path d = FolderWith("named_other", {{"libentangle_testchain.so", "libentangle_other.so"}});
  Registry r;
  ASSERT_TRUE(r.LoadNamed(Kind::kChainAdapter, "testchain", {d}).ok());
  EXPECT_EQ(r.List()[0].path, (d / "libentangle_other.so").string());
}

TEST(Loader, LoadNamedMissingNamesThePluginAndTheFolders) {
  fs::path d = FolderWith("named_missing", {{"libentangle_testchain.so", "libentangle_x.so"}});
  Registry r;
  absl::Status s = r.LoadNamed(Kind::kIsa, "nothere", {d, "/nonexistent"});
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Message(s), "no isa plugin named 'nothere' (loaded: none; searched: " + d.string() +
                            ", /nonexistent)");
  // Not a plugin name: no file is looked for ("../x" names none).
  EXPECT_EQ(r.LoadNamed(Kind::kIsa, "../x", {d}).code(), absl::StatusCode::kNotFound);
}

TEST(Loader, LoadNamedBrokenOwnFileNamesPluginAndFile) {
  fs::path d = FolderWith("named_broken", {{"libentangle_badabi.so", "libentangle_mychain.so"},
                                           {"libentangle_text.so", "libentangle_text.so"}});
  Registry r;
  absl::Status s = r.LoadNamed(Kind::kChainAdapter, "mychain", {d});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      Message(s),
      "cannot load chain_adapter plugin 'mychain': " + (d / "libentangle_mychain.so").string() +
          ": ABI mismatch: plugin is built for ABI " + std::to_string(ENTANGLE_ABI_MAJOR + 1) +
          ".0, host supports " + std::to_string(ENTANGLE_ABI_MAJOR) + "." +
          std::to_string(ENTANGLE_ABI_MINOR) + "; also, " + (d / "libentangle_text.so").string() +
          ": not a shared object (no ELF header)");
}

TEST(Loader, SearchPathOrder) {
  setenv("ENTANGLE_PLUGIN_PATH", "/x:/y", 1);
  auto path = Registry::SearchPath({"/flag"});
  unsetenv("ENTANGLE_PLUGIN_PATH");
  ASSERT_GE(path.size(), 4u);
  EXPECT_EQ(path[0], "/flag");
  EXPECT_EQ(path[1], "/x");
  EXPECT_EQ(path[2], "/y");
  EXPECT_EQ(path[3], Registry::DefaultDir());
}

}  // namespace
}  // namespace entangle::plugins
