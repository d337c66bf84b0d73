// Merkle trees over Goldilocks with Poseidon / Poseidon2 (Plonky2's layout): leaf i is the row
// (columns[0][i], columns[1][i], ...) hashed with HashOrNoop (or, with 2^log_rows_per_leaf rows
// per leaf, rows i * 2^l .. (i + 1) * 2^l - 1 one after the other: narrow matrices whose leaves
// then still fit a digest need 2^l times fewer inner nodes); inner nodes are TwoToOne(left,
// right); the tree stops at a cap of 2^cap_height digests (cap_height = 0: a single root). A proof
// is the list of siblings from the leaf up to (not including) the cap level. Commitments of the
// STARK's trace, quotient and FRI layers are such trees. With `coset_leaves`, leaf i of L =
// n / 2^l leaves holds the rows i, i + L, ..., i + (2^l - 1) L instead (a coset of the 2^l-th
// roots of unity when the rows are evaluations on a coset in natural order: what one FRI fold
// of arity 2^l reads).
#ifndef ENTANGLE_PROOF_SYSTEMS_MERKLE_MERKLE_TREE_H_
#define ENTANGLE_PROOF_SYSTEMS_MERKLE_MERKLE_TREE_H_

#include <cstddef>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/thread_pool.h"
#include "proof_systems/field/goldilocks.h"
#include "proof_systems/hash/poseidon_goldilocks.h"

namespace entangle::merkle {

using goldilocks::Digest;
using goldilocks::Fp;
using goldilocks::HashKind;

class MerkleTree {
 public:
  // Checks the shape: at least one column, all columns of the same power-of-two length >= 1,
  // 0 <= log_rows_per_leaf, cap_height + log_rows_per_leaf <= log2(length).
  static absl::StatusOr<MerkleTree> TryBuild(HashKind kind, std::vector<std::vector<Fp>> columns,
                                             int cap_height, ThreadPool& pool,
                                             int log_rows_per_leaf = 0, bool coset_leaves = false);
  // The same for inputs known to be well shaped; a bad shape aborts with the TryBuild message.
  static MerkleTree Build(HashKind kind, const std::vector<std::vector<Fp>>& columns,
                          int cap_height);
  static MerkleTree Build(HashKind kind, std::vector<std::vector<Fp>>&& columns, int cap_height,
                          ThreadPool& pool, int log_rows_per_leaf = 0, bool coset_leaves = false);

  HashKind kind() const { return kind_; }
  int cap_height() const { return cap_height_; }
  size_t num_leaves() const { return num_leaves_; }
  size_t num_rows() const { return num_leaves_ << log_rows_per_leaf_; }
  int log_rows_per_leaf() const { return log_rows_per_leaf_; }
  bool coset_leaves() const { return coset_leaves_; }
  // The leaf holding row i, and the row's place among the leaf's rows.
  size_t LeafOfRow(size_t i) const {
    return coset_leaves_ ? i & (num_leaves_ - 1) : i >> log_rows_per_leaf_;
  }
  size_t num_columns() const { return columns_.size(); }
  const std::vector<Digest>& cap() const { return cap_; }
  const std::vector<std::vector<Fp>>& columns() const { return columns_; }

  // Row i < num_rows().
  std::vector<Fp> Row(size_t i) const;
  // The values hashed into leaf i < num_leaves(): its rows one after the other (in the order
  // above for coset leaves).
  std::vector<Fp> Leaf(size_t i) const;
  // Siblings from the leaf level up to the level below the cap (log2(n) - cap_height digests).
  // leaf_index < num_leaves().
  std::vector<Digest> Prove(size_t leaf_index) const;

 private:
  MerkleTree() = default;

  HashKind kind_ = HashKind::kPoseidon;
  int cap_height_ = 0;
  int log_rows_per_leaf_ = 0;
  bool coset_leaves_ = false;
  size_t num_leaves_ = 0;
  std::vector<std::vector<Fp>> columns_;
  // levels_[0]: leaf digests; levels_[k]: 2^(log n - k) digests, down to (excluding) the cap.
  std::vector<std::vector<Digest>> levels_;
  std::vector<Digest> cap_;
};

// Checks that `leaf` at `index` opens to `cap` through `siblings`. The number of leaves is
// implied: 2^(siblings.size() + log2(cap.size())).
absl::Status VerifyMerkleProof(HashKind kind, std::span<const Fp> leaf, size_t index,
                               std::span<const Digest> siblings, std::span<const Digest> cap);

}  // namespace entangle::merkle

#endif  // ENTANGLE_PROOF_SYSTEMS_MERKLE_MERKLE_TREE_H_
