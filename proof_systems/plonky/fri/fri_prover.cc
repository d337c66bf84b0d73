#include "proof_systems/plonky/fri/fri_prover.h"

#include "common/thread_pool.h"
#include "proof_systems/plonky/protocol.h"
#include "proof_systems/poly/ntt.h"

namespace entangle::plonky::fri {

using goldilocks::Fp;
using goldilocks::Fp2;
using merkle::MerkleTree;

namespace {

constexpr size_t kGrain = 1024;

// A layer's tree: leaf r holds the coset r + j * (m / a), j < a, as (c0, c1) pairs.
MerkleTree CommitLayer(const StarkConfig& config, const std::vector<Fp2>& v, int log_m, int bits) {
  const size_t m = size_t{1} << log_m, a = size_t{1} << bits, leaves = m / a;
  std::vector<std::vector<Fp>> cols(2 * a, std::vector<Fp>(leaves));
  for (size_t j = 0; j < a; ++j) {
    for (size_t r = 0; r < leaves; ++r) {
      cols[2 * j][r] = v[r + j * leaves].c0;
      cols[2 * j + 1][r] = v[r + j * leaves].c1;
    }
  }
  return MerkleTree::Build(config.hash, std::move(cols), CapHeight(config, log_m - bits),
                           ThreadPool::Default());
}

// MerkleOpening of `leaf`.
MerkleOpening OpenLeaf(const MerkleTree& tree, size_t leaf) {
  MerkleOpening o;
  o.values = tree.Leaf(leaf);
  o.siblings = tree.Prove(leaf);
  return o;
}

}  // namespace

FriProver::FriProver(const StarkConfig& config, Challenger& ch, int log_n, int log_big,
                     bool virtual_first, std::vector<Fp2> v, std::vector<std::vector<Digest>>& caps,
                     std::vector<Fp2>& final_poly)
    : log_big_(log_big),
      arities_(FriArities(config, log_n)),
      first_committed_(virtual_first && !arities_.empty() ? 1 : 0) {
  Fp shift = Fp::FromU64(kCosetShift);
  int log_m = log_big;
  for (size_t l = 0; l < arities_.size(); ++l) {
    const int bits = arities_[l];
    if (l >= first_committed_) {
      trees_.push_back(CommitLayer(config, v, log_m, bits));
      caps.push_back(trees_.back().cap());
      ch.Observe(std::span<const Digest>(caps.back()));
    }
    Fp2 beta = ch.SampleFp2();
    for (int s = 0; s < bits; ++s) {
      const size_t half = (size_t{1} << log_m) / 2;
      const Fp w_inv = Fp::RootOfUnity(log_m).Inverse();
      std::vector<Fp2> next(half);
      ThreadPool::Default().ParallelFor(
          half,
          [&](size_t b, size_t e) {
            Fp z_inv = shift.Inverse() * w_inv.Pow(b);
            for (size_t i = b; i < e; ++i) {
              next[i] = FoldPair(v[i], v[i + half], beta, z_inv);
              z_inv *= w_inv;
            }
          },
          kGrain);
      v = std::move(next);
      shift = shift.Square();
      beta = beta.Square();
      --log_m;
    }
  }
  std::vector<Fp> c0(v.size()), c1(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    c0[i] = v[i].c0;
    c1[i] = v[i].c1;
  }
  poly::InverseCosetNtt(std::span<Fp>(c0), shift);
  poly::InverseCosetNtt(std::span<Fp>(c1), shift);
  const size_t len = v.size() >> config.log_blowup;
  final_poly.resize(len);
  for (size_t i = 0; i < len; ++i) final_poly[i] = Fp2(c0[i], c1[i]);
  ch.Observe(std::span<const Fp2>(final_poly));
}

std::vector<MerkleOpening> FriProver::Open(size_t idx) const {
  std::vector<MerkleOpening> out;
  size_t m = size_t{1} << log_big_;
  for (size_t l = 0; l < arities_.size(); ++l) {
    const size_t leaves = m >> arities_[l];
    const size_t leaf = idx & (leaves - 1);
    if (l >= first_committed_) out.push_back(OpenLeaf(trees_[l - first_committed_], leaf));
    idx = leaf;
    m = leaves;
  }
  return out;
}

}  // namespace entangle::plonky::fri
