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

// resize() of an UninitializedVector writes nothing (a value written through the storage before
// survives a shrink and regrow without reallocation); copies, inserts with a value and
// PrefaultedUninitialized's parallel writers behave as with std::vector.
TEST(UninitializedVector, ResizeWritesNothingElseAsVector) {
  struct Pod {
    uint32_t a;
    uint64_t b = 7;  // a default member initializer is not run by resize()
  };
  UninitializedVector<Pod> v = PrefaultedUninitialized<Pod>(3);
  ASSERT_EQ(v.size(), 3u);
  for (size_t i = 0; i < v.size(); ++i) v[i] = {uint32_t(i), 100 + i};
  const Pod* data = v.data();
  v.resize(1);
  v.resize(3);
  ASSERT_EQ(v.data(), data);
  EXPECT_EQ(v[2].a, 2u);
  EXPECT_EQ(v[2].b, 102u);
  v.push_back({9, 9});
  v.emplace_back();  // emplace without arguments value-initializes nothing either; overwrite it
  v.back() = {10, 10};
  UninitializedVector<Pod> copy = v;
  ASSERT_EQ(copy.size(), 5u);
  EXPECT_EQ(copy[3].b, 9u);
  EXPECT_EQ(copy[4].a, 10u);

  UninitializedVector<uint64_t> big = PrefaultedUninitialized<uint64_t>(size_t{3} << 20);
  ThreadPool::Default().ParallelFor(big.size(), [&](size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) big[i] = i * 3;
  });
  uint64_t sum = 0;
  for (uint64_t x : big) sum += x;
  const uint64_t n = big.size();
  EXPECT_EQ(sum, 3 * (n * (n - 1) / 2));
}

// ReleasePages drops whole pages inside the range from 8 MiB on (they read as zeros again), keeps
// the partial pages at its ends and anything smaller; an UninitializedVector's large storage goes
// through it when freed.
TEST(ReleasePages, DropsWholePagesOfLargeRanges) {
  std::vector<uint8_t> big((size_t{16} << 20) + 100, 0xab);
  ReleasePages(big.data() + 1, big.size() - 2);
  EXPECT_EQ(big[0], 0xab);
  EXPECT_EQ(big[big.size() - 1], 0xab);
  EXPECT_EQ(big[big.size() / 2], 0);
  std::vector<uint8_t> small(size_t{4} << 20, 0xcd);
  ReleasePages(small.data(), small.size());
  EXPECT_EQ(small[small.size() / 2], 0xcd);
  UninitializedVector<uint64_t> v = PrefaultedUninitialized<uint64_t>(size_t{4} << 20);
  for (auto& x : v) x = 1;
  v = {};  // freed after ReleasePages: no crash, nothing else to see
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace entangle
