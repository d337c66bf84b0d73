#include "common/thread_pool.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace entangle {
namespace {

thread_local bool in_pool_task = false;

size_t DefaultThreads() {
  if (const char* env = std::getenv("ENTANGLE_THREADS")) {
    long n = std::strtol(env, nullptr, 10);
    if (n >= 1 && n <= 1024) return static_cast<size_t>(n);
  }
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace

ThreadPool::ThreadPool(size_t threads) {
  for (size_t i = 1; i < std::max<size_t>(threads, 1); ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

ThreadPool& ThreadPool::Default() {
  static ThreadPool* pool = new ThreadPool(DefaultThreads());  // never destroyed: usable at exit
  return *pool;
}

void ThreadPool::WorkerLoop() {
  in_pool_task = true;
  uint64_t seen = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock,
                  [&] { return stop_ || (generation_ != seen && next_chunk_ < job_chunks_); });
    if (stop_) return;
    while (next_chunk_ < job_chunks_) {
      size_t chunk = next_chunk_++;
      const auto* job = job_;
      lock.unlock();
      (*job)(chunk);
      lock.lock();
      if (++finished_chunks_ == job_chunks_) done_cv_.notify_all();
    }
    seen = generation_;
  }
}

void ThreadPool::ParallelFor(size_t n, const std::function<void(size_t, size_t)>& fn,
                             size_t grain) {
  if (n == 0) return;
  size_t threads = size();
  if (threads == 1 || in_pool_task || n == 1) {
    fn(0, n);
    return;
  }
  size_t chunk_size = grain > 0 ? grain : (n + threads - 1) / threads;
  size_t chunks = (n + chunk_size - 1) / chunk_size;
  if (chunks == 1) {
    fn(0, n);
    return;
  }
  std::function<void(size_t)> job = [&](size_t c) {
    size_t begin = c * chunk_size;
    fn(begin, std::min(n, begin + chunk_size));
  };
  std::lock_guard<std::mutex> submit(submit_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  job_ = &job;
  job_chunks_ = chunks;
  next_chunk_ = 0;
  finished_chunks_ = 0;
  ++generation_;
  work_cv_.notify_all();
  // The caller works too.
  in_pool_task = true;
  while (next_chunk_ < job_chunks_) {
    size_t chunk = next_chunk_++;
    lock.unlock();
    job(chunk);
    lock.lock();
    ++finished_chunks_;
  }
  in_pool_task = false;
  done_cv_.wait(lock, [&] { return finished_chunks_ == job_chunks_; });
  job_ = nullptr;
  job_chunks_ = 0;
}

void ThreadPool::RunAll(const std::vector<std::function<void()>>& tasks) {
  ParallelFor(
      tasks.size(),
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) tasks[i]();
      },
      1);
}

namespace {

// madvise(advice) over the whole pages inside [data, data + bytes), in 4 MiB chunks on all of
// ThreadPool::Default()'s threads; nothing for less than two chunks. A hint: errors are ignored.
void ParallelMadvise(const void* data, size_t bytes, int advice) {
  constexpr uintptr_t kChunk = uintptr_t{4} << 20;
  const long ps = sysconf(_SC_PAGESIZE);
  const uintptr_t page = ps > 0 ? ps : 4096;
  const uintptr_t first = (reinterpret_cast<uintptr_t>(data) + page - 1) & ~(page - 1);
  const uintptr_t last = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(page - 1);
  if (last <= first || last - first < 2 * kChunk) return;  // small: not worth the threads
  ThreadPool::Default().ParallelFor((last - first + kChunk - 1) / kChunk,
                                    [&](size_t b, size_t e) {
                                      for (size_t c = b; c < e; ++c) {
                                        const uintptr_t lo = first + c * kChunk,
                                                        hi = std::min(last, lo + kChunk);
                                        madvise(reinterpret_cast<void*>(lo), hi - lo, advice);
                                      }
                                    },
                                    1);
}

}  // namespace

void PrefaultPages(void* data, size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  ParallelMadvise(data, bytes, MADV_POPULATE_WRITE);
#else
  (void)data, (void)bytes;
#endif
}

void ReleasePages(const void* data, size_t bytes) { ParallelMadvise(data, bytes, MADV_DONTNEED); }

}  // namespace entangle
