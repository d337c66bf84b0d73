// The process-wide thread pool. All parallel code in Entangle goes through it, so the machine's
// cores are shared instead of oversubscribed. Its size is the number of online CPUs, or
// ENTANGLE_THREADS.
#ifndef ENTANGLE_COMMON_THREAD_POOL_H_
#define ENTANGLE_COMMON_THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace entangle {

class ThreadPool {
 public:
  // `threads` counts the caller: a pool of size 1 runs everything on the calling thread.
  explicit ThreadPool(size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // The shared pool.
  static ThreadPool& Default();

  size_t size() const { return workers_.size() + 1; }

  // Calls fn(begin, end) on disjoint chunks covering [0, n) and returns when all are done. Chunks
  // hold `grain` items (0: one chunk per thread). The caller runs chunks too. Nested
  // calls from inside a chunk run inline (no deadlock, no oversubscription).
  void ParallelFor(size_t n, const std::function<void(size_t begin, size_t end)>& fn,
                   size_t grain = 0);

  // Runs the tasks concurrently and waits for all of them.
  void RunAll(const std::vector<std::function<void()>>& tasks);

 private:
  void WorkerLoop();

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  const std::function<void(size_t)>* job_ = nullptr;
  size_t job_chunks_ = 0;
  size_t next_chunk_ = 0;
  size_t finished_chunks_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::mutex submit_mu_;  // one ParallelFor at a time from outside the pool
};

// Faults in the pages of [data, data + bytes) on all of ThreadPool::Default()'s threads
// (MADV_POPULATE_WRITE; a no-op where the kernel lacks it). A large buffer that is then filled on
// one thread (e.g. a std::vector's zero fill) otherwise takes one page fault per 4 KiB there:
// ~0.1 s for 160 MB.
void PrefaultPages(void* data, size_t bytes);

// Drops the pages of [data, data + bytes) (whole pages inside it, from 8 MiB on) on all of
// ThreadPool::Default()'s threads (MADV_DONTNEED): the memory reads as zeros afterwards (anonymous)
// or as the file again (a private file mapping). For buffers about to be freed or unmapped: the
// munmap() that returns their pages to the kernel otherwise does it on one thread (~40 ms for the
// ~300 MB of a 2^18 Groth16 key and its mapped file).
void ReleasePages(const void* data, size_t bytes);

// v.reserve(n) with the new storage's pages faulted in on all threads, so that v.resize(n) or
// inserts then fill them quickly on one.
template <class T, class A>
void ReservePrefaulted(std::vector<T, A>& v, size_t n) {
  v.reserve(n);
  PrefaultPages(v.data(), n * sizeof(T));
}

// An allocator whose value-initialization (vector::resize(n), vector(n)) leaves the elements
// uninitialized, for types whose objects the allocation itself creates (implicit-lifetime,
// trivially copyable and destructible: plain structs of integers and field elements). For large
// buffers that are then written element by element, in parallel, instead of being zero-filled on
// one thread first. Every element must be written before it is read. Freed storage is given back
// to the kernel on all threads first (ReleasePages: nothing for small buffers).
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  void deallocate(T* p, size_t n) {
    ReleasePages(p, n * sizeof(T));
    std::allocator<T>::deallocate(p, n);
  }
  template <class U>
  void construct(U*) noexcept {}
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using UninitializedVector = std::vector<T, UninitializedAllocator<T>>;

// A vector of n uninitialized elements (see UninitializedAllocator) whose pages are faulted in on
// all threads: its writers, however many, take no page faults and nothing is written twice.
template <class T>
UninitializedVector<T> PrefaultedUninitialized(size_t n) {
  UninitializedVector<T> v;
  ReservePrefaulted(v, n);
  v.resize(n);
  return v;
}

}  // namespace entangle

#endif  // ENTANGLE_COMMON_THREAD_POOL_H_
