#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <vector>

namespace entangle {
namespace {

TEST(ThreadPool, CoversRangeExactlyOnce) {
  ThreadPool pool(4);
  for (size_t n : {1, 2, 3, 7, 100, 1001}) {
    std::vector<std::atomic<int>> hits(n);
    pool.ParallelFor(n, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) hits[i]++;
    });
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << n << " " << i;
  }
}

TEST(ThreadPool, NestedCallsRunInline) {
  ThreadPool pool(2);
  std::atomic<uint64_t> sum{0};
  pool.ParallelFor(10, [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      pool.ParallelFor(10, [&](size_t b2, size_t e2) {
        for (size_t j = b2; j < e2; ++j) sum += i * 10 + j;
      });
    }
  });
  EXPECT_EQ(sum.load(), 99u * 100 / 2);
}

TEST(ThreadPool, RunAllAndGrain) {
  ThreadPool& pool = ThreadPool::Default();
  EXPECT_GE(pool.size(), 1u);
  std::atomic<int> a{0};
  pool.RunAll({[&] { a += 1; }, [&] { a += 2; }, [&] { a += 4; }});
  EXPECT_EQ(a.load(), 7);
  std::atomic<int> chunks{0};
  pool.ParallelFor(
      100,
      [&](size_t b, size_t e) {
        chunks++;
        EXPECT_LE(e - b, 10u);
      },
      10);
  EXPECT_EQ(chunks.load(), 10);
}

}  // namespace
}  // namespace entangle
