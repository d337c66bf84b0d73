// Fuzz target: Merkle opening verification on mutated proofs. A fixed tree's genuine opening is
// altered by fuzz-chosen edits (leaf values and length, sibling values and count, cap values, the
// index); VerifyMerkleProof must accept exactly when the result is still the genuine opening of
// its index, and never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "proof_systems/merkle/merkle_tree.h"

namespace {

using entangle::goldilocks::Digest;
using entangle::goldilocks::Fp;
using entangle::goldilocks::HashKind;
using entangle::merkle::MerkleTree;

constexpr size_t kLeaves = 16;
constexpr int kCapHeight = 1;

const MerkleTree& Tree(HashKind kind) {
  static const auto* trees = [] {
    std::vector<std::vector<Fp>> cols(5, std::vector<Fp>(kLeaves));
    uint64_t x = 7;
    for (auto& c : cols) {
      for (auto& v : c) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        v = Fp::FromU64(x);
      }
    }
    return new MerkleTree[2]{MerkleTree::Build(HashKind::kPoseidon, cols, kCapHeight),
                             MerkleTree::Build(HashKind::kPoseidon2, cols, kCapHeight)};
  }();
  return trees[kind == HashKind::kPoseidon ? 0 : 1];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const HashKind kind = (data[0] & 1) ? HashKind::kPoseidon2 : HashKind::kPoseidon;
  const MerkleTree& tree = Tree(kind);
  size_t index = data[1] % kLeaves;
  std::vector<Fp> leaf = tree.Row(index);
  std::vector<Digest> siblings = tree.Prove(index);
  std::vector<Digest> cap = tree.cap();
  for (size_t i = 2; i + 3 <= size; i += 3) {
    const uint8_t pos = data[i + 1], v = data[i + 2];
    switch (data[i] % 6) {
      case 0:
        if (!leaf.empty()) leaf[pos % leaf.size()] += Fp::FromU64(v);
        break;
      case 1:
        if (!siblings.empty()) siblings[pos % siblings.size()].e[v % 4] += Fp::FromU64(pos);
        break;
      case 2:
        cap[pos % cap.size()].e[v % 4] += Fp::FromU64(v);
        break;
      case 3:
        index ^= v;  // may leave the tree
        break;
      case 4:
        if (v & 1) {
          leaf.push_back(Fp::FromU64(pos));
        } else if (!leaf.empty()) {
          leaf.pop_back();
        }
        break;
      case 5:
        if (v & 1) {
          siblings.push_back(Digest{{Fp::FromU64(pos), Fp::Zero(), Fp::Zero(), Fp::Zero()}});
        } else if (!siblings.empty()) {
          siblings.pop_back();
        }
        break;
    }
  }
  const bool ok = entangle::merkle::VerifyMerkleProof(kind, leaf, index, siblings, cap).ok();
  bool genuine = index < kLeaves && leaf == tree.Row(index) && siblings == tree.Prove(index);
  if (genuine) {
    const size_t c = index >> (4 - kCapHeight);
    genuine = cap[c] == tree.cap()[c];
  }
  if (ok != genuine) std::abort();
  return 0;
}
