// Progress of long work (proving, setup, sync): a bar on a terminal, JSON events for tools, or
// nothing.
//
//   Progress p("prove", total_steps);
//   for (...) { ...; p.Advance(); }
//   p.Done();
//
// The mode is process-wide (the CLI sets it from --progress): kAuto draws a bar on stderr when
// stderr is a terminal and stays quiet otherwise; kJson writes one JSON object per line to stderr
// ({"event":"progress","task":"prove","done":3,"total":10}); kNone is silent.
#ifndef ENTANGLE_COMMON_PROGRESS_H_
#define ENTANGLE_COMMON_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace entangle {

enum class ProgressMode { kAuto, kJson, kNone };

class Progress {
 public:
  static void SetMode(ProgressMode mode);
  static ProgressMode Mode();

  Progress(std::string task, uint64_t total);
  ~Progress();  // calls Done() if it was not called
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Thread-safe.
  void Advance(uint64_t steps = 1);
  void Done();

 private:
  void Report(bool final);

  std::string task_;
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_;
  std::mutex mu_;
  bool finished_ = false;
  bool draw_;
  bool json_;
  int last_percent_ = -1;
};

}  // namespace entangle

#endif  // ENTANGLE_COMMON_PROGRESS_H_
