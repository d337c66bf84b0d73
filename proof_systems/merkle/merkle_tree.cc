#include "proof_systems/merkle/merkle_tree.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace entangle::merkle {
namespace {

// Levels at least this wide are hashed on the pool.
constexpr size_t kParallelNodes = 1024;

absl::Status CheckShape(const std::vector<std::vector<Fp>>& columns, int cap_height,
                        int log_rows_per_leaf) {
  if (columns.empty()) return absl::InvalidArgumentError("Merkle tree: no columns");
  const size_t n = columns[0].size();
  if (n == 0 || (n & (n - 1)) != 0) {
    return absl::InvalidArgumentError("Merkle tree: column length " + std::to_string(n) +
                                      " is not a power of two");
  }
  for (size_t c = 1; c < columns.size(); ++c) {
    if (columns[c].size() != n) {
      return absl::InvalidArgumentError("Merkle tree: column " + std::to_string(c) + " has " +
                                        std::to_string(columns[c].size()) + " rows, column 0 has " +
                                        std::to_string(n));
    }
  }
  const int log_n = __builtin_ctzll(n);
  if (log_rows_per_leaf < 0 || log_rows_per_leaf > log_n) {
    return absl::InvalidArgumentError("Merkle tree: 2^" + std::to_string(log_rows_per_leaf) +
                                      " rows per leaf for " + std::to_string(n) + " rows");
  }
  if (cap_height < 0 || cap_height > log_n - log_rows_per_leaf) {
    return absl::InvalidArgumentError("Merkle tree: cap height " + std::to_string(cap_height) +
                                      " not in [0, " + std::to_string(log_n - log_rows_per_leaf) +
                                      "]");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MerkleTree> MerkleTree::TryBuild(HashKind kind, std::vector<std::vector<Fp>> columns,
                                                int cap_height, ThreadPool& pool,
                                                int log_rows_per_leaf, bool coset_leaves) {
  if (absl::Status s = CheckShape(columns, cap_height, log_rows_per_leaf); !s.ok()) return s;
  MerkleTree t;
  t.kind_ = kind;
  t.cap_height_ = cap_height;
  t.log_rows_per_leaf_ = log_rows_per_leaf;
  t.coset_leaves_ = coset_leaves;
  t.num_leaves_ = columns[0].size() >> log_rows_per_leaf;
  t.columns_ = std::move(columns);
  const size_t n = t.num_leaves_;
  const size_t width = t.columns_.size(), rows_per_leaf = size_t{1} << log_rows_per_leaf;
  const size_t leaf_len = width * rows_per_leaf;

  std::vector<Digest> leaves(n);
  auto hash_leaves = [&](size_t i0, size_t i1) {
    // Rows are gathered into a row-major block (a leaf's rows one after the other) and hashed
    // in a batch.
    constexpr size_t kLeaves = 64;
    std::vector<Fp> block(kLeaves * leaf_len);
    for (size_t b = i0; b < i1; b += kLeaves) {
      const size_t count = std::min(kLeaves, i1 - b), rows = count * rows_per_leaf;
      for (size_t c = 0; c < width; ++c) {
        if (coset_leaves) {
          // Row j of leaf b + k is row b + k + j * n.
          for (size_t j = 0; j < rows_per_leaf; ++j) {
            const Fp* col = t.columns_[c].data() + b + j * n;
            for (size_t k = 0; k < count; ++k) block[(k * rows_per_leaf + j) * width + c] = col[k];
          }
          continue;
        }
        const Fp* col = t.columns_[c].data() + b * rows_per_leaf;
        for (size_t r = 0; r < rows; ++r) block[r * width + c] = col[r];
      }
      goldilocks::HashOrNoopMany(kind, std::span<const Fp>(block.data(), count * leaf_len),
                                 leaf_len, std::span<Digest>(leaves.data() + b, count));
    }
  };
  if (n >= kParallelNodes) {
    pool.ParallelFor(n, hash_leaves, 256);
  } else {
    hash_leaves(0, n);
  }
  const size_t cap_size = size_t{1} << cap_height;
  std::vector<Digest> current = std::move(leaves);
  while (current.size() > cap_size) {
    std::vector<Digest> next(current.size() / 2);
    auto hash_nodes = [&](size_t i0, size_t i1) {
      goldilocks::TwoToOneMany(kind,
                               std::span<const Digest>(current.data() + 2 * i0, 2 * (i1 - i0)),
                               std::span<Digest>(next.data() + i0, i1 - i0));
    };
    if (next.size() >= kParallelNodes) {
      pool.ParallelFor(next.size(), hash_nodes, 256);
    } else {
      hash_nodes(0, next.size());
    }
    t.levels_.push_back(std::move(current));
    current = std::move(next);
  }
  t.cap_ = std::move(current);
  return t;
}

MerkleTree MerkleTree::Build(HashKind kind, std::vector<std::vector<Fp>>&& columns, int cap_height,
                             ThreadPool& pool, int log_rows_per_leaf, bool coset_leaves) {
  auto t = TryBuild(kind, std::move(columns), cap_height, pool, log_rows_per_leaf, coset_leaves);
  if (!t.ok()) {
    std::fprintf(stderr, "entangle::merkle::MerkleTree::Build: %s\n",
                 std::string(t.status().message()).c_str());
    std::abort();
  }
  return *std::move(t);
}

MerkleTree MerkleTree::Build(HashKind kind, const std::vector<std::vector<Fp>>& columns,
                             int cap_height) {
  return Build(kind, std::vector<std::vector<Fp>>(columns), cap_height, ThreadPool::Default());
}

std::vector<Fp> MerkleTree::Row(size_t i) const {
  std::vector<Fp> row(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) row[c] = columns_[c].at(i);
  return row;
}

std::vector<Fp> MerkleTree::Leaf(size_t i) const {
  const size_t rows = size_t{1} << log_rows_per_leaf_;
  std::vector<Fp> out;
  out.reserve(rows * columns_.size());
  for (size_t r = 0; r < rows; ++r) {
    const size_t row = coset_leaves_ ? i + r * num_leaves_ : i * rows + r;
    for (const auto& col : columns_) out.push_back(col.at(row));
  }
  return out;
}

std::vector<Digest> MerkleTree::Prove(size_t leaf_index) const {
  if (leaf_index >= num_leaves_) {
    std::fprintf(stderr, "entangle::merkle::MerkleTree::Prove: leaf %zu of %zu\n", leaf_index,
                 num_leaves_);
    std::abort();
  }
  std::vector<Digest> siblings;
  siblings.reserve(levels_.size());
  size_t idx = leaf_index;
  for (const auto& level : levels_) {
    siblings.push_back(level[idx ^ 1]);
    idx >>= 1;
  }
  return siblings;
}

absl::Status VerifyMerkleProof(HashKind kind, std::span<const Fp> leaf, size_t index,
                               std::span<const Digest> siblings, std::span<const Digest> cap) {
  if (cap.empty() || (cap.size() & (cap.size() - 1)) != 0) {
    return absl::InvalidArgumentError("Merkle proof: cap size " + std::to_string(cap.size()) +
                                      " is not a power of two");
  }
  const int log_cap = __builtin_ctzll(cap.size());
  if (siblings.size() + log_cap > 63) {
    return absl::InvalidArgumentError("Merkle proof: " + std::to_string(siblings.size()) +
                                      " siblings is too many");
  }
  const size_t num_leaves = size_t{1} << (siblings.size() + log_cap);
  if (index >= num_leaves) {
    return absl::InvalidArgumentError("Merkle proof: leaf index " + std::to_string(index) +
                                      " out of range for " + std::to_string(num_leaves) +
                                      " leaves");
  }
  Digest current = goldilocks::HashOrNoop(kind, leaf);
  size_t idx = index;
  for (const Digest& s : siblings) {
    current =
        (idx & 1) ? goldilocks::TwoToOne(kind, s, current) : goldilocks::TwoToOne(kind, current, s);
    idx >>= 1;
  }
  if (current != cap[idx]) {
    return absl::InvalidArgumentError("Merkle proof: leaf " + std::to_string(index) +
                                      " does not open to cap entry " + std::to_string(idx));
  }
  return absl::OkStatus();
}

}  // namespace entangle::merkle
