// Shape of the plonky protocol shared by the prover and the verifier: the Fiat-Shamir statement
// prefix, FRI layer arities, Merkle leaf layouts and cap heights (and the commitment of a matrix
// with them, CommitMatrix), the FRI folding step and the quotient size. Only math, layout and
// transcript layout live here; each side runs the protocol in its own code.
//
// Domains: a table of n = 2^log_rows rows lives on H = <g>, g = RootOfUnity(log_rows). Committed
// polynomials are evaluated on the coset kShift * <w>, |<w>| = N = n * 2^log_blowup, in natural
// order (leaf i is the point kShift * w^i). FRI layer l holds the folded polynomial on
// shift_l * <w_l> with shift_{l+1} = shift_l^arity; its Merkle leaf r holds the arity values at
// indices r + j * (N_l / arity), j = 0..arity-1 (a coset of the arity-th roots of unity), as
// (c0, c1) pairs.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_

#include <absl/status/status.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "proof_systems/field/goldilocks.h"
#include "proof_systems/hash/poseidon_goldilocks.h"
#include "proof_systems/merkle/merkle_tree.h"
#include "proof_systems/plonky/air/air.h"
#include "proof_systems/plonky/challenger.h"
#include "proof_systems/plonky/config.h"

namespace entangle::plonky {

inline constexpr uint64_t kCosetShift = goldilocks::Fp::kGenerator;
// Traces have 2^kMinLogRows .. 2^kMaxLogRows rows.
inline constexpr int kMinLogRows = 2;
inline constexpr int kMaxLogRows = 26;

// Largest constraint degree an AIR may declare.
inline constexpr int kMaxConstraintDegree = 16;

// Number of degree-n chunks of the quotient Q = sum_i alpha^i C_i(x) * sel_i(x) / Z_H(x), with
// d = constraint_degree() and d_b = boundary_degree(): an EveryRow or Transition constraint gives
// deg < (d - 1) * n (Z_H has degree n, the transition selector x - g^(n-1) adds one), a FirstRow
// or LastRow constraint C / (x - g^k) gives deg < d_b * n. LogUp adds EveryRow constraints of
// degree 2 and linear boundary and transition constraints, which never need more than one chunk.
// The chunk count only matters for completeness: the verifier checks the chunks' combination at
// the out-of-domain point, and the prover rejects a quotient that does not fit (an AIR that
// understates its degree).
inline int QuotientChunks(const Air& air) {
  return std::max({air.constraint_degree() - 1, air.boundary_degree(), 1});
}

// log2 of the smallest power of two >= chunks. The prover evaluates the quotient on `chunks`
// cosets of H inside kShift * <w_Q>, |<w_Q>| = n * max(2^QuotientLogFactor, blowup) (prover.cc,
// QuotientCosets): independent of the FRI blowup (as in Plonky3); the cosets inside the committed
// low-degree extension are read from it, the others are a fresh (unhashed) extension.
inline int QuotientLogFactor(int chunks) {
  int l = 0;
  while ((1 << l) < chunks) ++l;
  return l;
}

// Checks what the protocol assumes of an AIR: a positive width, and lookups that only name
// columns of the table.
inline absl::Status ValidateAir(const Air& air) {
  if (air.width() <= 0)
    return absl::InvalidArgumentError("AIR '" + air.name() + "' has no columns");
  if (air.constraint_degree() < 1 || air.constraint_degree() > kMaxConstraintDegree) {
    return absl::InvalidArgumentError("AIR '" + air.name() +
                                      "': constraint degree must be in [1, " +
                                      std::to_string(kMaxConstraintDegree) + "]");
  }
  if (air.boundary_degree() < 1 || air.boundary_degree() > air.constraint_degree()) {
    return absl::InvalidArgumentError("AIR '" + air.name() +
                                      "': boundary degree must be in [1, constraint degree]");
  }
  if (air.num_publics() < 0)
    return absl::InvalidArgumentError("AIR '" + air.name() + "': bad publics");
  auto check = [&](const LinearColumn& c) {
    for (const auto& [col, coeff] : c.terms) {
      if (col < 0 || col >= air.width()) return false;
    }
    return true;
  };
  for (const Interaction& it : air.interactions()) {
    bool ok = check(it.multiplicity);
    for (const LinearColumn& v : it.values) ok = ok && check(v);
    if (!ok) {
      return absl::InvalidArgumentError("AIR '" + air.name() +
                                        "': a lookup names a column >= width");
    }
  }
  return absl::OkStatus();
}

// Selector factors (divided by Z_H) at a point z outside H.
inline ConstraintConsumer<Fp2>::Factors SelectorFactorsAt(const Fp2& z, int log_n) {
  const uint64_t n = uint64_t{1} << log_n;
  const Fp n_inv = Fp::FromU64(n).Inverse();
  const Fp g_last = Fp::RootOfUnity(log_n).Pow(n - 1);
  const Fp2 zh_inv = (z.Pow(n) - Fp::One()).Inverse();
  return {zh_inv, (z - Fp::One()).Inverse() * n_inv, (z - g_last).Inverse() * (g_last * n_inv),
          (z - g_last) * zh_inv};
}

// Q(z) = sum_k z^(k n) q_k(z) from the chunks' openings at z: chunk k is the Fp2 polynomial
// q_k = c0 + X c1 (X^2 = 7) with base-field parts at indices 2k and 2k + 1.
inline Fp2 CombineQuotientChunks(std::span<const Fp2> openings, const Fp2& z, int log_n) {
  const Fp2 x_gen(Fp::Zero(), Fp::One());
  const Fp2 z_n = z.Pow(uint64_t{1} << log_n);
  Fp2 q = Fp2::Zero(), zk = Fp2::One();
  for (size_t k = 0; 2 * k + 1 < openings.size(); ++k) {
    q += zk * (openings[2 * k] + x_gen * openings[2 * k + 1]);
    zk *= z_n;
  }
  return q;
}

// FRI folding arities (log2) for a polynomial of degree < 2^log_degree.
inline std::vector<int> FriArities(const StarkConfig& config, int log_degree) {
  std::vector<int> out;
  while (log_degree > config.fri_final_log_len) {
    int b = std::min(config.fri_arity_bits, log_degree - config.fri_final_log_len);
    out.push_back(b);
    log_degree -= b;
  }
  return out;
}

inline int CapHeight(const StarkConfig& config, int log_leaves) {
  return std::min(config.cap_height, log_leaves);
}

// Rows per Merkle leaf (log2) of a committed matrix of 2^log_rows rows and `width` columns. Every
// leaf costs an inner node (one permutation) and its sponge's last, partly filled absorption,
// while a sponge absorbs 8 values per permutation: matrices of fewer than kMinLeafValues columns
// (Fibonacci's 2 columns, a quotient of up to 15 chunks, lookup helpers) therefore put consecutive
// rows into leaves of at least kMinLeafValues values (16 rows of 2 columns: 4 + 1 permutations per
// 16 rows instead of 16; 4 rows of the Poseidon AIR's 12 quotient columns: 6 + 1 per 4 rows
// instead of 12), at the price of a larger opening. Wider matrices keep one row per leaf. A query
// for row i opens leaf i >> l, and the row is at (i mod 2^l) * width in it. (Proof version 5
// packed only matrices of at most 4 columns.)
inline constexpr size_t kMinLeafValues = 32;
inline int LogRowsPerLeaf(size_t width, int log_rows) {
  if (width == 0 || width >= kMinLeafValues) return 0;
  int l = 0;
  while ((width << l) < kMinLeafValues && l < log_rows) ++l;
  return l;
}

// The virtual first FRI layer (as in StarkWare's Stone prover). The first FRI layer f_0 (the DEEP
// combination on the committed domain) is a fixed function of the committed trace, lookup and
// quotient matrices once zeta, the openings and lambda are drawn. When every committed matrix of a
// table is narrow (at most kDigestSize columns), its leaves hold exactly the cosets that the first
// FRI fold reads (leaf r: rows r + j * N / 2^a, j < 2^a, a = the first arity; Merkle coset
// leaves), so a query's openings of those matrices give f_0 on the whole coset: the verifier
// computes it there and folds, and the first layer is neither committed nor opened. The FRI
// argument is unchanged (the verifier reads f_0 from oracles committed before beta_0, exactly
// as it would read a committed first layer, checked against the same oracles at the same
// queries), so the soundness bound is the same; the prover saves the first layer's tree (for
// Fibonacci a third of its hashing) and the proof its openings. Wider tables would open 2^a rows
// per matrix and query, so they keep the committed first layer. Returns a (log2 of the coset
// size), or 0 when the first layer is committed.
inline int VirtualFirstLayerBits(const StarkConfig& config, int log_n, size_t width,
                                 size_t aux_width, size_t quotient_width) {
  const std::vector<int> arities = FriArities(config, log_n);
  if (arities.empty()) return 0;
  for (size_t w : {width, aux_width, quotient_width}) {
    if (w > goldilocks::kDigestSize) return 0;
  }
  return arities[0];
}

// VirtualFirstLayerBits of a table of `air` with 2^log_n rows (its trace, lookup and quotient
// widths), as the prover and the verifier compute it.
inline int TableVirtualBits(const StarkConfig& config, const Air& air, int log_n) {
  return VirtualFirstLayerBits(config, log_n, air.width(), AuxWidth(air.interactions().size()),
                               2 * QuotientChunks(air));
}

// Leaves of a committed matrix of 2^log_rows rows: 2^log_rows_per_leaf rows each, consecutive
// (LogRowsPerLeaf) or, for a table with a virtual first FRI layer, the first fold's cosets.
struct LeafLayout {
  int log_rows_per_leaf = 0;
  bool coset = false;

  // Leaf of row i, and the row's place in the leaf.
  size_t Leaf(size_t i, int log_rows) const {
    return coset ? i & ((size_t{1} << (log_rows - log_rows_per_leaf)) - 1) : i >> log_rows_per_leaf;
  }
  size_t Slot(size_t i, int log_rows) const {
    return coset ? i >> (log_rows - log_rows_per_leaf) : i & ((size_t{1} << log_rows_per_leaf) - 1);
  }
};

inline LeafLayout MatrixLayout(size_t width, int log_rows, int virtual_bits) {
  if (virtual_bits > 0) return {virtual_bits, true};
  return {LogRowsPerLeaf(width, log_rows), false};
}

// Cap height of the tree committing 2^log_rows rows of `width` columns.
inline int MatrixCapHeight(const StarkConfig& config, int log_rows, size_t width,
                           int virtual_bits = 0) {
  return CapHeight(config,
                   log_rows - MatrixLayout(width, log_rows, virtual_bits).log_rows_per_leaf);
}

// The prover's commitment of a trace, lookup or quotient matrix of 2^log_rows rows (its
// low-degree extension): leaves as MatrixLayout says, cap of MatrixCapHeight.
inline merkle::MerkleTree CommitMatrix(const StarkConfig& config,
                                       std::vector<std::vector<goldilocks::Fp>>&& cols,
                                       int log_rows, int virtual_bits) {
  const size_t width = cols.size();
  const LeafLayout layout = MatrixLayout(width, log_rows, virtual_bits);
  return merkle::MerkleTree::Build(config.hash, std::move(cols),
                                   MatrixCapHeight(config, log_rows, width, virtual_bits),
                                   ThreadPool::Default(), layout.log_rows_per_leaf, layout.coset);
}

// One binary FRI fold: from f(z) = lo and f(-z) = hi to (f_even + beta * f_odd)(z^2).
inline goldilocks::Fp2 FoldPair(const goldilocks::Fp2& lo, const goldilocks::Fp2& hi,
                                const goldilocks::Fp2& beta, goldilocks::Fp z_inv) {
  static const goldilocks::Fp kInvTwo = goldilocks::Fp::FromU64(2).Inverse();
  return (lo + hi) * kInvTwo + beta * ((lo - hi) * (z_inv * kInvTwo));
}

// The statement prefix of the transcript: configuration, then per table its shape and publics.
inline void ObserveStatement(Challenger& ch, const StarkConfig& config,
                             std::span<const Air* const> airs,
                             std::span<const std::vector<goldilocks::Fp>> publics,
                             std::span<const uint32_t> log_rows) {
  ch.ObserveLabel("statement");
  ch.ObserveLabel(goldilocks::HashKindName(config.hash));
  ch.ObserveU64(config.log_blowup);
  ch.ObserveU64(config.num_queries);
  ch.ObserveU64(config.pow_bits);
  ch.ObserveU64(config.fri_arity_bits);
  ch.ObserveU64(config.fri_final_log_len);
  ch.ObserveU64(config.cap_height);
  ch.ObserveU64(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    ch.ObserveLabel(airs[t]->name());
    ch.ObserveU64(log_rows[t]);
    ch.ObserveU64(airs[t]->width());
    ch.ObserveU64(publics[t].size());
    ch.Observe(std::span<const goldilocks::Fp>(publics[t]));
  }
}

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_PROTOCOL_H_
