#include "common/progress.h"

#include <unistd.h>

#include <cstdio>

namespace entangle {
namespace {

std::atomic<ProgressMode> g_mode{ProgressMode::kAuto};

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace

void Progress::SetMode(ProgressMode mode) { g_mode.store(mode); }
ProgressMode Progress::Mode() { return g_mode.load(); }

Progress::Progress(std::string task, uint64_t total)
    : task_(std::move(task)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_report_(start_) {
  ProgressMode mode = g_mode.load();
  json_ = mode == ProgressMode::kJson;
  draw_ = mode == ProgressMode::kAuto && isatty(STDERR_FILENO) == 1;
  Report(false);
}

Progress::~Progress() { Done(); }

void Progress::Advance(uint64_t steps) {
  done_.fetch_add(steps, std::memory_order_relaxed);
  if (!draw_ && !json_) return;
  Report(false);
}

void Progress::Done() {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  finished_ = true;
  if (!draw_ && !json_) return;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (json_) {
    std::fprintf(stderr, "{\"event\":\"done\",\"task\":\"%s\",\"total\":%llu,\"seconds\":%.3f}\n",
                 JsonEscape(task_).c_str(), static_cast<unsigned long long>(total_), seconds);
  } else {
    std::fprintf(stderr, "\r\033[K%s: done in %.2f s\n", task_.c_str(), seconds);
  }
  std::fflush(stderr);
}

void Progress::Report(bool final) {
  if (!draw_ && !json_) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  uint64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  int percent = total_ == 0 ? 100 : static_cast<int>(100 * done / total_);
  auto now = std::chrono::steady_clock::now();
  // At most one report per percent and never more often than every 100 ms on a terminal.
  if (percent == last_percent_) return;
  if (draw_ && last_percent_ >= 0 && now - last_report_ < std::chrono::milliseconds(100)) return;
  last_percent_ = percent;
  last_report_ = now;
  if (json_) {
    std::fprintf(stderr, "{\"event\":\"progress\",\"task\":\"%s\",\"done\":%llu,\"total\":%llu}\n",
                 JsonEscape(task_).c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total_));
  } else {
    constexpr int kWidth = 30;
    int filled = percent * kWidth / 100;
    std::string bar(filled, '#');
    bar.append(kWidth - filled, '.');
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r\033[K%s [%s] %3d%% %.1fs", task_.c_str(), bar.c_str(), percent,
                 seconds);
  }
  std::fflush(stderr);
}

}  // namespace entangle
