#include "common/progress.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace entangle {
namespace {

// Runs `fn` with stderr redirected to a file and returns what it wrote.
template <typename Fn>
std::string CaptureStderr(Fn fn) {
  std::string path = ::testing::TempDir() + "/progress_stderr";
  std::fflush(stderr);
  int saved = dup(STDERR_FILENO);
  FILE* f = std::fopen(path.c_str(), "w");
  dup2(fileno(f), STDERR_FILENO);
  fn();
  std::fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  std::fclose(f);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Progress, JsonEventsAreOnePerLine) {
  Progress::SetMode(ProgressMode::kJson);
  std::string out = CaptureStderr([] {
    Progress p("prove", 4);
    for (int i = 0; i < 4; ++i) p.Advance();
    p.Done();
  });
  Progress::SetMode(ProgressMode::kAuto);
  EXPECT_NE(out.find("{\"event\":\"progress\",\"task\":\"prove\",\"done\":0,\"total\":4}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{\"event\":\"progress\",\"task\":\"prove\",\"done\":4,\"total\":4}\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{\"event\":\"done\",\"task\":\"prove\",\"total\":4,"), std::string::npos);
}

TEST(Progress, QuietWhenNotATerminalOrNone) {
  Progress::SetMode(ProgressMode::kNone);
  std::string none = CaptureStderr([] {
    Progress p("x", 10);
    p.Advance(10);
  });
  EXPECT_EQ(none, "");
  Progress::SetMode(ProgressMode::kAuto);  // stderr is a file here: no bar
  std::string automatic = CaptureStderr([] {
    Progress p("x", 10);
    p.Advance(10);
  });
  EXPECT_EQ(automatic, "");
}

}  // namespace
}  // namespace entangle
