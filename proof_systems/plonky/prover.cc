// The plonky prover (see stark.h for the protocol). Column-major throughout: every committed
// matrix is a vector of columns; per-point work (quotient, DEEP) runs in parallel chunks of rows.
#include <algorithm>
#include <atomic>
#include <bit>
#include <limits>
#include <optional>
#include <string>

#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/merkle/merkle_tree.h"
#include "proof_systems/plonky/challenger.h"
#include "proof_systems/plonky/fri/fri_prover.h"
#include "proof_systems/plonky/protocol.h"
#include "proof_systems/plonky/stark.h"
#include "proof_systems/poly/ntt.h"

namespace entangle::plonky {
namespace {

using goldilocks::BatchInverse;
using goldilocks::LazySum;
using merkle::MerkleTree;

constexpr size_t kGrain = 1024;
// Rows per block of the quotient evaluation's gather (a block of 130 columns fits in L1).
constexpr size_t kRowBlock = 16;

struct TableState {
  const TableInput* in = nullptr;
  const Air* air = nullptr;
  std::vector<Interaction> interactions;
  int log_n = 0, log_big = 0, chunks = 0;
  int virtual_bits = 0;  // VirtualFirstLayerBits
  size_t n = 0, big = 0;
  // Low-degree extensions live in their Merkle trees (moved in, not copied).
  std::optional<MerkleTree> main_tree;
  std::vector<std::vector<Fp>> aux;  // on H
  // Coefficients of the trace and aux columns, kept from their extension until the quotient when
  // it needs cosets outside the committed extension (NeedsCoefficients).
  std::vector<std::vector<Fp>> main_coeffs, aux_coeffs;
  std::optional<MerkleTree> aux_tree;
  Fp2 lookup_sum;
  std::vector<std::vector<Fp>> quotient_coeffs;  // 2 * chunks base columns, n coefficients each
  std::optional<MerkleTree> quotient_tree;

  const std::vector<std::vector<Fp>>& main_lde() const { return main_tree->columns(); }
  const std::vector<std::vector<Fp>>& aux_lde() const {
    static const std::vector<std::vector<Fp>> kNone;
    return aux_tree ? aux_tree->columns() : kNone;
  }
  const std::vector<std::vector<Fp>>& quotient_lde() const { return quotient_tree->columns(); }
  std::optional<fri::FriProver> fri;
};

absl::Status Error(const TableState& t, const std::string& msg) {
  return absl::InvalidArgumentError("plonky prove: table '" + t.air->name() + "': " + msg);
}

int Log2Exact(size_t n) {
  int l = 0;
  while ((size_t{1} << l) < n) ++l;
  return (size_t{1} << l) == n ? l : -1;
}

// Values of `cols` at row i.
void GatherRow(const std::vector<std::vector<Fp>>& cols, size_t i, std::vector<Fp>& out) {
  out.resize(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) out[c] = cols[c][i];
}

absl::Status CheckConstraints(const TableState& t) {
  std::atomic<size_t> bad_row{std::numeric_limits<size_t>::max()};
  std::atomic<int> bad_constraint{-1};
  const auto& trace = t.in->trace;
  ThreadPool::Default().ParallelFor(
      t.n,
      [&](size_t b, size_t e) {
        std::vector<Fp> local, next;
        for (size_t i = b; i < e; ++i) {
          GatherRow(trace, i, local);
          GatherRow(trace, (i + 1) % t.n, next);
          auto cc = ConstraintConsumer<Fp>::Checker(i == 0, i + 1 == t.n);
          t.air->EvalBase({local, next, t.in->publics}, cc);
          if (cc.first_failure() >= 0) {
            size_t prev = bad_row.load();
            while (i < prev && !bad_row.compare_exchange_weak(prev, i)) {
            }
            if (i < prev) bad_constraint = cc.first_failure();
            return;
          }
        }
      },
      kGrain);
  if (bad_row.load() != std::numeric_limits<size_t>::max()) {
    return Error(t, "constraint " + std::to_string(bad_constraint.load()) + " fails at row " +
                        std::to_string(bad_row.load()));
  }
  return absl::OkStatus();
}

absl::Status ComputeAux(TableState& t, const LookupChallenges& ch, bool check) {
  const size_t k = t.interactions.size();
  const auto& trace = t.in->trace;
  std::vector<std::vector<Fp2>> h(k, std::vector<Fp2>(t.n));
  std::atomic<bool> zero_den{false};
  ThreadPool::Default().ParallelFor(
      t.n,
      [&](size_t b, size_t e) {
        std::vector<Fp> row;
        for (size_t j = 0; j < k; ++j) {
          for (size_t i = b; i < e; ++i) {
            GatherRow(trace, i, row);
            h[j][i] = LookupDenominator<Fp>(t.interactions[j], row, ch);
            if (h[j][i].IsZero()) zero_den = true;
          }
          BatchInverse(std::span<Fp2>(h[j].data() + b, e - b));
          for (size_t i = b; i < e; ++i) {
            GatherRow(trace, i, row);
            h[j][i] = h[j][i] * SignedMultiplicity<Fp>(t.interactions[j], row);
          }
        }
      },
      kGrain);
  if (zero_den && check) return Error(t, "a lookup tuple equals the challenge (retry)");
  t.aux.assign(2 * (k + 1), std::vector<Fp>(t.n));
  Fp2 z = Fp2::Zero();
  for (size_t i = 0; i < t.n; ++i) {
    for (size_t j = 0; j < k; ++j) {
      z += h[j][i];
      t.aux[2 * j][i] = h[j][i].c0;
      t.aux[2 * j + 1][i] = h[j][i].c1;
    }
    t.aux[2 * k][i] = z.c0;
    t.aux[2 * k + 1][i] = z.c1;
  }
  t.lookup_sum = z;
  return absl::OkStatus();
}

// The quotient's evaluation domain: `chunks` cosets C_j = kShift * w^j * H of H = <g>, w a
// primitive (n * L)-th root of unity, L = max(2^QuotientLogFactor(chunks), blowup), j < L. On C_j,
// x^n takes the single value c_j = (kShift * w^j)^n, and the c_j are distinct for j < L (and never
// 1, so Z_H does not vanish), which is all the interpolation needs (InverseVandermonde). The
// committed low-degree extension is the union of the cosets j = 0 mod (L / blowup): those are read
// from it (strided), and only the remaining ones need a fresh extension of the trace. A degree-7
// AIR (6 chunks) at blowup 2 evaluates on 6 cosets, 2 of them from the committed extension.
struct QuotientCoset {
  size_t j = 0;
  bool in_lde = false;
  size_t lde_offset = 0;  // in the committed extension: its points lde_offset + blowup * k
  Fp shift;               // kShift * w^j
};

std::vector<QuotientCoset> QuotientCosets(int chunks, int log_n, int log_blowup) {
  const int log_l = std::max(QuotientLogFactor(chunks), log_blowup);
  const size_t l = size_t{1} << log_l, lde_step = size_t{1} << (log_l - log_blowup);
  const Fp w = Fp::RootOfUnity(log_n + log_l), shift = Fp::FromU64(kCosetShift);
  std::vector<QuotientCoset> out;
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t j = 0; j < l && out.size() < static_cast<size_t>(chunks); ++j) {
      const bool in_lde = j % lde_step == 0;
      if (in_lde == (pass == 0)) out.push_back({j, in_lde, j / lde_step, shift * w.Pow(j)});
    }
  }
  return out;
}

bool NeedsCoefficients(const TableState& t, const StarkConfig& config) {
  for (const QuotientCoset& c : QuotientCosets(t.chunks, t.log_n, config.log_blowup)) {
    if (!c.in_lde) return true;
  }
  return false;
}

// Columns on one quotient coset C_j, point k = shift_j * g^k: a strided view of the committed
// extension (LDE index j * blowup / L + blowup * k) or a fresh extension of the coefficients into
// `buffer` (reused from coset to coset: no new pages to fault in and clear).
struct CosetView {
  const std::vector<std::vector<Fp>>* cols = nullptr;
  size_t offset = 0, stride = 1;

  CosetView(const QuotientCoset& coset, const std::vector<std::vector<Fp>>& lde,
            const std::vector<std::vector<Fp>>& coeffs, int log_blowup,
            std::vector<std::vector<Fp>>& buffer) {
    if (coset.in_lde) {
      cols = &lde;
      stride = size_t{1} << log_blowup;
      offset = coset.lde_offset;
      return;
    }
    buffer.resize(coeffs.size());
    ThreadPool::Default().ParallelFor(
        coeffs.size(),
        [&](size_t b, size_t e) {
          for (size_t c = b; c < e; ++c) {
            buffer[c].resize(coeffs[c].size());
            poly::CosetEvaluate(coeffs[c], coset.shift, buffer[c]);
          }
        },
        1);
    cols = &buffer;
  }
  size_t size() const { return cols->size(); }
  const Fp* column(size_t c) const { return (*cols)[c].data() + offset; }
};

// The low-degree extension of columns on the committed domain. With `coeffs`, their coefficients
// too (for the quotient cosets outside the committed extension): one inverse NTT serves both.
std::vector<std::vector<Fp>> Extend(const std::vector<std::vector<Fp>>& cols, int log_blowup,
                                    std::vector<std::vector<Fp>>* coeffs) {
  const Fp shift = Fp::FromU64(kCosetShift);
  if (coeffs == nullptr) return poly::LowDegreeExtendColumns(cols, log_blowup, shift);
  // The copy runs in parallel too: it faults in a fresh buffer as large as the trace, and was
  // the prover's longest serial phase (perf: ~45 ms of a 3.0 s Poseidon 2^16 proof).
  coeffs->assign(cols.size(), {});
  ThreadPool::Default().ParallelFor(
      cols.size(),
      [&](size_t b, size_t e) {
        for (size_t c = b; c < e; ++c) (*coeffs)[c] = cols[c];
      },
      1);
  poly::InverseNttColumns(*coeffs);
  std::vector<std::vector<Fp>> out(cols.size());
  ThreadPool::Default().ParallelFor(
      cols.size(),
      [&](size_t b, size_t e) {
        for (size_t c = b; c < e; ++c) {
          out[c].resize(cols[c].size() << log_blowup);
          poly::CosetEvaluate((*coeffs)[c], shift, out[c]);
        }
      },
      1);
  return out;
}

// Q = sum_k X^(k n) q_k (deg q_k < n) from P_j, the interpolant of degree < n of Q on C_j: there
// X^n = c_j, so P_j = sum_k c_j^k q_k coefficient by coefficient, and q = V^-1 P with the
// Vandermonde matrix V[j][k] = c_j^k (c_j distinct). Returns V^-1 (row k: the weights of P_j in
// q_k), by Gauss-Jordan elimination.
absl::StatusOr<std::vector<std::vector<Fp>>> InverseVandermonde(const std::vector<Fp>& c) {
  const size_t m = c.size();
  std::vector<std::vector<Fp>> a(m, std::vector<Fp>(2 * m, Fp::Zero()));
  for (size_t j = 0; j < m; ++j) {
    Fp p = Fp::One();
    for (size_t k = 0; k < m; ++k) {
      a[j][k] = p;
      p *= c[j];
    }
    a[j][m + j] = Fp::One();
  }
  for (size_t col = 0; col < m; ++col) {
    size_t piv = col;
    while (piv < m && a[piv][col].IsZero()) ++piv;
    if (piv == m) return absl::InternalError("plonky prove: quotient cosets with equal x^n");
    std::swap(a[piv], a[col]);
    const Fp inv = a[col][col].Inverse();
    for (Fp& v : a[col]) v *= inv;
    for (size_t r = 0; r < m; ++r) {
      if (r == col || a[r][col].IsZero()) continue;
      const Fp f = a[r][col];
      for (size_t k = 0; k < 2 * m; ++k) a[r][k] -= f * a[col][k];
    }
  }
  for (auto& row : a) row.erase(row.begin(), row.begin() + m);
  return a;
}

// Quotient values on the quotient cosets, then its chunks' coefficients and their low-degree
// extensions on the FRI domain (committed).
absl::Status ComputeQuotient(TableState& t, const StarkConfig& config, const LookupChallenges& lc,
                             const Fp2& alpha) {
  const size_t n = t.n;
  const std::vector<QuotientCoset> cosets = QuotientCosets(t.chunks, t.log_n, config.log_blowup);
  const Fp g = Fp::RootOfUnity(t.log_n);
  const Fp g_last = g.Pow(n - 1);
  const Fp n_inv = Fp::FromU64(n).Inverse();
  std::vector<std::vector<Fp>>& main_coeffs = t.main_coeffs;
  std::vector<std::vector<Fp>>& aux_coeffs = t.aux_coeffs;
  const int width = t.air->width();
  const int aux_width = static_cast<int>(t.aux.size());
  const bool reads_next = t.air->reads_next_row();
  // alpha^(N-1-i) for the i-th of the N constraints (counted on one row; the count cannot depend
  // on the values, which is checked on every point).
  std::vector<Fp2> powers;
  {
    std::vector<Fp> local(width), aux_local(aux_width);
    for (int c = 0; c < width; ++c) local[c] = t.in->trace[c][0];
    for (int c = 0; c < aux_width; ++c) aux_local[c] = t.aux[c][0];
    auto counter = ConstraintConsumer<Fp>::Checker(true, false);
    t.air->EvalBase({local, local, t.in->publics}, counter);
    EvalLookupConstraints<Fp>(t.interactions, local, local, aux_local, aux_local, lc, t.lookup_sum,
                              counter);
    powers = goldilocks::Powers(alpha, counter.count());
    std::reverse(powers.begin(), powers.end());
  }
  std::atomic<bool> count_changed{false};
  // P_j's coefficients, c0 and c1 parts: parts[2 j + p].
  std::vector<std::vector<Fp>> parts(2 * cosets.size());
  std::vector<Fp> xn(cosets.size());
  std::vector<std::vector<Fp>> main_buffer, aux_buffer;  // extra cosets' columns (CosetView)
  for (size_t ci = 0; ci < cosets.size(); ++ci) {
    const QuotientCoset& coset = cosets[ci];
    const CosetView main_view(coset, t.main_lde(), main_coeffs, config.log_blowup, main_buffer);
    const CosetView aux_view(coset, t.aux_lde(), aux_coeffs, config.log_blowup, aux_buffer);
    xn[ci] = coset.shift.Pow(n);
    const Fp zi = (xn[ci] - Fp::One()).Inverse();
    std::vector<Fp>& q0 = parts[2 * ci];
    std::vector<Fp>& q1 = parts[2 * ci + 1];
    q0.resize(n);
    q1.resize(n);
    const size_t stride = main_view.stride;
    std::vector<const Fp*> main_cols(width), aux_cols(aux_width);
    for (int c = 0; c < width; ++c) main_cols[c] = main_view.column(c);
    for (int c = 0; c < aux_width; ++c) aux_cols[c] = aux_view.column(c);
    ThreadPool::Default().ParallelFor(
        n,
        [&](size_t b, size_t e) {
          const size_t m = e - b;
          std::vector<Fp> xs(m), inv_first(m), inv_last(m);
          Fp x = coset.shift * g.Pow(b);
          for (size_t i = 0; i < m; ++i) {
            xs[i] = x;
            inv_first[i] = x - Fp::One();
            inv_last[i] = x - g_last;
            x *= g;
          }
          BatchInverse(std::span<Fp>(inv_first));
          BatchInverse(std::span<Fp>(inv_last));
          // Rows are gathered kRowBlock at a time, column by column (sequential reads of each
          // column instead of one scattered read per column and point), with the row after the
          // block (the last row's next).
          std::vector<Fp> rows((kRowBlock + 1) * width), aux_rows((kRowBlock + 1) * aux_width);
          auto gather = [&](const std::vector<const Fp*>& src, std::vector<Fp>& dst, size_t r0,
                            size_t count) {
            const size_t w = src.size();
            for (size_t c = 0; c < w; ++c) {
              const Fp* col = src[c];
              for (size_t q = 0; q < count; ++q) {
                dst[q * w + c] = col[((b + r0 + q) & (n - 1)) * stride];
              }
            }
          };
          for (size_t r0 = 0; r0 < m; r0 += kRowBlock) {
            const size_t len = std::min(kRowBlock, m - r0);
            gather(main_cols, rows, r0, reads_next ? len + 1 : len);
            gather(aux_cols, aux_rows, r0, len + 1);
            for (size_t q = 0; q < len; ++q) {
              const size_t r = r0 + q;
              const std::span<const Fp> local(rows.data() + q * width, width);
              const std::span<const Fp> next =
                  reads_next ? std::span<const Fp>(rows.data() + (q + 1) * width, width) : local;
              const std::span<const Fp> aux_local(aux_rows.data() + q * aux_width, aux_width);
              const std::span<const Fp> aux_next(aux_rows.data() + (q + 1) * aux_width, aux_width);
              ConstraintConsumer<Fp>::Factors f{
                  zi, n_inv * inv_first[r], g_last * n_inv * inv_last[r], (xs[r] - g_last) * zi};
              auto cc = ConstraintConsumer<Fp>::WithPowers(powers, f);
              t.air->EvalBase({local, next, t.in->publics}, cc);
              EvalLookupConstraints<Fp>(t.interactions, local, next, aux_local, aux_next, lc,
                                        t.lookup_sum, cc);
              if (static_cast<size_t>(cc.count()) != powers.size()) count_changed = true;
              q0[b + r] = cc.accumulator().c0;
              q1[b + r] = cc.accumulator().c1;
            }
          }
        },
        kGrain);
    if (count_changed) return Error(t, "the AIR emits a number of constraints that varies by row");
  }
  main_coeffs = {};
  aux_coeffs = {};
  main_buffer = {};
  aux_buffer = {};
  ThreadPool::Default().ParallelFor(
      parts.size(),
      [&](size_t b, size_t e) {
        for (size_t p = b; p < e; ++p) {
          poly::InverseCosetNtt(std::span<Fp>(parts[p]), cosets[p / 2].shift);
        }
      },
      1);
  // Chunk k = sum_j inv[k][j] P_j. For a valid trace whose AIR states its degrees correctly this
  // is the quotient; an understated degree is caught at the out-of-domain point (CheckQuotientAt).
  ASSIGN_OR_RETURN(const std::vector<std::vector<Fp>> inv, InverseVandermonde(xn));
  const size_t m = cosets.size();
  t.quotient_coeffs.assign(2 * m, std::vector<Fp>(n));
  ThreadPool::Default().ParallelFor(
      n,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          for (size_t k = 0; k < m; ++k) {
            LazySum s0, s1;
            for (size_t j = 0; j < m; ++j) {
              s0.Add(inv[k][j], parts[2 * j][i]);
              s1.Add(inv[k][j], parts[2 * j + 1][i]);
            }
            t.quotient_coeffs[2 * k][i] = s0.Value();
            t.quotient_coeffs[2 * k + 1][i] = s1.Value();
          }
        }
      },
      kGrain);
  parts.clear();
  const Fp shift = Fp::FromU64(kCosetShift);
  std::vector<std::vector<Fp>> lde(2 * m);
  ThreadPool::Default().ParallelFor(
      lde.size(),
      [&](size_t b, size_t e) {
        for (size_t c = b; c < e; ++c) {
          lde[c].resize(t.big);
          poly::CosetEvaluate(t.quotient_coeffs[c], shift, lde[c]);
        }
      },
      1);
  t.quotient_tree.emplace(CommitMatrix(config, std::move(lde), t.log_big, t.virtual_bits));
  return absl::OkStatus();
}

// The prover's own check that the committed quotient chunks match the constraints at zeta (what
// the verifier checks first). It fails (but for a probability of about (degree / |Fp2|) over zeta)
// when the trace does not satisfy the constraints, as C / Z_H is then no polynomial, or when the
// AIR understates its degrees, so the chunks cannot hold the quotient. The trace is checked row by
// row only then, to tell the two apart and name the failing constraint and row: a valid trace
// costs no separate check.
absl::Status CheckQuotientAt(const TableState& t, const TableProof& tp, const LookupChallenges& lc,
                             const Fp2& alpha, const Fp2& zeta) {
  ConstraintConsumer<Fp2> cc(alpha, SelectorFactorsAt(zeta, t.log_n));
  t.air->EvalExt({tp.main_zeta, tp.main_next, t.in->publics}, cc);
  EvalLookupConstraints<Fp2>(t.interactions, tp.main_zeta, tp.main_next, tp.aux_zeta, tp.aux_next,
                             lc, t.lookup_sum, cc);
  if (CombineQuotientChunks(tp.quotient_zeta, zeta, t.log_n) != cc.accumulator()) {
    RETURN_IF_ERROR(CheckConstraints(t));
    return Error(t, "the quotient does not fit in " + std::to_string(t.chunks) +
                        " chunks: the AIR understates constraint_degree() or boundary_degree()");
  }
  return absl::OkStatus();
}

// Evaluations at z and at z * g of the polynomials whose values on H = <g> are `cols`
// (barycentric formula f(z) = (z^n - 1) / n * sum_i f_i g^i / (z - g^i)). The weights at z * g
// are those at z rotated by one (g^i / (z g - g^i) = g^(i-1) / (z - g^(i-1)), and (z g)^n = z^n),
// so both points cost one batch inversion.
void EvalOnDomain(const std::vector<std::vector<Fp>>& cols, int log_n, const Fp2& z,
                  std::vector<Fp2>& at_z, std::vector<Fp2>& at_zg) {
  at_z.assign(cols.size(), Fp2::Zero());
  at_zg.assign(cols.size(), Fp2::Zero());
  if (cols.empty()) return;
  const size_t n = size_t{1} << log_n;
  std::vector<Fp2> weights(n);
  const Fp g = Fp::RootOfUnity(log_n);
  Fp gi = Fp::One();
  for (size_t i = 0; i < n; ++i) {
    weights[i] = z - gi;
    gi *= g;
  }
  BatchInverse(std::span<Fp2>(weights));
  gi = Fp::One();
  for (size_t i = 0; i < n; ++i) {
    weights[i] = weights[i] * gi;
    gi *= g;
  }
  const Fp2 scale = (z.Pow(n) - Fp::One()) * Fp::FromU64(n).Inverse();
  ThreadPool::Default().ParallelFor(
      cols.size(),
      [&](size_t b, size_t e) {
        for (size_t c = b; c < e; ++c) {
          // Both sums read f once, with lazily reduced products.
          const std::vector<Fp>& f = cols[c];
          LazySum a0, a1, b0, b1;
          b0.Add(weights[n - 1].c0, f[0]);
          b1.Add(weights[n - 1].c1, f[0]);
          a0.Add(weights[0].c0, f[0]);
          a1.Add(weights[0].c1, f[0]);
          for (size_t i = 1; i < n; ++i) {
            a0.Add(weights[i].c0, f[i]);
            a1.Add(weights[i].c1, f[i]);
            b0.Add(weights[i - 1].c0, f[i]);
            b1.Add(weights[i - 1].c1, f[i]);
          }
          at_z[c] = Fp2(a0.Value(), a1.Value()) * scale;
          at_zg[c] = Fp2(b0.Value(), b1.Value()) * scale;
        }
      },
      1);
}

// Values at z of the polynomials with coefficients `cols`: Horner's rule on blocks of kGrain
// coefficients in parallel, block k weighted by z^(k kGrain).
std::vector<Fp2> EvalCoeffs(const std::vector<std::vector<Fp>>& cols, const Fp2& z) {
  std::vector<Fp2> out(cols.size(), Fp2::Zero());
  if (cols.empty()) return out;
  const size_t len = cols[0].size(), blocks = (len + kGrain - 1) / kGrain;
  const Fp2 z_block = z.Pow(kGrain);
  std::vector<Fp2> partial(cols.size() * blocks);
  ThreadPool::Default().ParallelFor(
      blocks,
      [&](size_t b, size_t e) {
        Fp2 weight = z_block.Pow(b);
        for (size_t k = b; k < e; ++k) {
          const size_t lo = k * kGrain, hi = std::min(len, lo + kGrain);
          for (size_t c = 0; c < cols.size(); ++c) {
            Fp2 acc = Fp2::Zero();
            for (size_t i = hi; i-- > lo;) acc = acc * z + cols[c][i];
            partial[c * blocks + k] = acc * weight;
          }
          weight *= z_block;
        }
      },
      1);
  for (size_t c = 0; c < cols.size(); ++c) {
    for (size_t k = 0; k < blocks; ++k) out[c] += partial[c * blocks + k];
  }
  return out;
}

// The DEEP combination on the LDE coset.
std::vector<Fp2> DeepValues(const TableState& t, const TableProof& tp, const Fp2& zeta,
                            const Fp2& lambda) {
  const Fp shift = Fp::FromU64(kCosetShift);
  const Fp w = Fp::RootOfUnity(t.log_big);
  const Fp2 zeta_next = zeta * Fp::RootOfUnity(t.log_n);
  // Group a (opened at zeta): main, aux, quotient columns; group b (at zeta * g): main, aux.
  // lam[c] weighs column c of group a, lam[na + c] column c of group b; the main and aux columns
  // are read once for both groups.
  const auto& main_cols = t.main_lde();
  const auto& aux_cols = t.aux_lde();
  const auto& quotient_cols = t.quotient_lde();
  const size_t nab = main_cols.size() + aux_cols.size(), na = nab + quotient_cols.size();
  std::vector<const std::vector<Fp>*> cols;
  for (const auto* m : {&main_cols, &aux_cols, &quotient_cols}) {
    for (const auto& c : *m) cols.push_back(&c);
  }
  std::vector<Fp2> open_a, open_b;
  for (const auto* v : {&tp.main_zeta, &tp.aux_zeta, &tp.quotient_zeta}) {
    open_a.insert(open_a.end(), v->begin(), v->end());
  }
  for (const auto* v : {&tp.main_next, &tp.aux_next})
    open_b.insert(open_b.end(), v->begin(), v->end());
  const std::vector<Fp2> lam = goldilocks::Powers(lambda, na + nab);
  Fp2 va = Fp2::Zero(), vb = Fp2::Zero();
  for (size_t c = 0; c < na; ++c) va += lam[c] * open_a[c];
  for (size_t c = 0; c < nab; ++c) vb += lam[na + c] * open_b[c];
  std::vector<Fp2> out(t.big);
  ThreadPool::Default().ParallelFor(
      t.big,
      [&](size_t b, size_t e) {
        const size_t m = e - b;
        // 1 / (x - z) = conj(x - z) / Norm(x - z): one base-field batch inversion per point.
        std::vector<Fp2> da(m), db(m);
        std::vector<Fp> na_inv(m), nb_inv(m);
        Fp x = shift * w.Pow(b);
        for (size_t r = 0; r < m; ++r) {
          da[r] = Fp2(x) - zeta;
          db[r] = Fp2(x) - zeta_next;
          na_inv[r] = da[r].Norm();
          nb_inv[r] = db[r].Norm();
          x *= w;
        }
        BatchInverse(std::span<Fp>(na_inv));
        BatchInverse(std::span<Fp>(nb_inv));
        // Column by column (contiguous reads), both components of both groups.
        std::vector<LazySum> a0(m), a1(m), b0(m), b1(m);
        for (size_t c = 0; c < na; ++c) {
          const Fp* col = cols[c]->data() + b;
          const Fp2 la = lam[c];
          if (c < nab) {
            const Fp2 lb = lam[na + c];
            for (size_t r = 0; r < m; ++r) {
              a0[r].Add(la.c0, col[r]);
              a1[r].Add(la.c1, col[r]);
              b0[r].Add(lb.c0, col[r]);
              b1[r].Add(lb.c1, col[r]);
            }
          } else {
            for (size_t r = 0; r < m; ++r) {
              a0[r].Add(la.c0, col[r]);
              a1[r].Add(la.c1, col[r]);
            }
          }
        }
        for (size_t r = 0; r < m; ++r) {
          const Fp2 sa(a0[r].Value(), a1[r].Value()), sb(b0[r].Value(), b1[r].Value());
          out[b + r] = (sa - va) * (da[r].Conjugate() * na_inv[r]) +
                       (sb - vb) * (db[r].Conjugate() * nb_inv[r]);
        }
      },
      kGrain);
  return out;
}

uint64_t Grind(const Challenger& ch, int bits) {
  if (bits == 0) return 0;
  const size_t batch = 1 << 14;
  for (uint64_t base = 0;; base += batch) {
    std::atomic<uint64_t> found{std::numeric_limits<uint64_t>::max()};
    ThreadPool::Default().ParallelFor(
        batch,
        [&](size_t b, size_t e) {
          std::vector<uint64_t> samples(e - b);
          ch.PowSamples(base + b, std::span<uint64_t>(samples));
          for (size_t i = b; i < e; ++i) {
            if (std::countl_zero(samples[i - b]) >= bits) {
              uint64_t prev = found.load();
              while (base + i < prev && !found.compare_exchange_weak(prev, base + i)) {
              }
              return;
            }
          }
        },
        1024);
    if (found.load() != std::numeric_limits<uint64_t>::max()) return found.load();
  }
}

// Opens the leaf holding row i.
MerkleOpening Open(const MerkleTree& tree, size_t i) {
  MerkleOpening o;
  o.values = tree.Leaf(tree.LeafOfRow(i));
  o.siblings = tree.Prove(tree.LeafOfRow(i));
  return o;
}

}  // namespace

absl::StatusOr<Proof> Prove(const StarkConfig& config, std::span<const TableInput> tables,
                            const ProverOptions& options) {
  RETURN_IF_ERROR(config.Validate());
  if (tables.empty()) return absl::InvalidArgumentError("plonky prove: no tables");
  std::vector<TableState> ts(tables.size());
  std::vector<const Air*> airs;
  std::vector<std::vector<Fp>> publics;
  std::vector<uint32_t> log_rows;
  for (size_t k = 0; k < tables.size(); ++k) {
    TableState& t = ts[k];
    t.in = &tables[k];
    t.air = tables[k].air;
    if (t.air == nullptr) return absl::InvalidArgumentError("plonky prove: table without an AIR");
    RETURN_IF_ERROR(ValidateAir(*t.air));
    if (static_cast<int>(t.in->trace.size()) != t.air->width()) {
      return Error(t, "trace has " + std::to_string(t.in->trace.size()) + " columns, the AIR " +
                          std::to_string(t.air->width()));
    }
    if (t.in->trace.empty()) return Error(t, "trace has no columns");
    t.n = t.in->trace[0].size();
    for (const auto& col : t.in->trace) {
      if (col.size() != t.n) return Error(t, "columns have different lengths");
    }
    t.log_n = Log2Exact(t.n);
    if (t.log_n < kMinLogRows || t.log_n > kMaxLogRows) {
      return Error(t, "row count must be a power of two in [2^" + std::to_string(kMinLogRows) +
                          ", 2^" + std::to_string(kMaxLogRows) + "]");
    }
    t.log_big = t.log_n + config.log_blowup;
    t.big = size_t{1} << t.log_big;
    if (t.log_big > Fp::kTwoAdicity) return Error(t, "trace too long for the blowup");
    if (static_cast<int>(t.in->publics.size()) != t.air->num_publics()) {
      return Error(t, "expected " + std::to_string(t.air->num_publics()) + " public inputs");
    }
    t.interactions = t.air->interactions();
    t.chunks = QuotientChunks(*t.air);
    t.virtual_bits = TableVirtualBits(config, *t.air, t.log_n);
    if (t.log_n + QuotientLogFactor(t.chunks) > Fp::kTwoAdicity) {
      return Error(t, "trace too long for the constraint degree");
    }
    airs.push_back(t.air);
    publics.push_back(t.in->publics);
    log_rows.push_back(static_cast<uint32_t>(t.log_n));
  }

  Proof proof;
  proof.tables.resize(ts.size());
  Challenger ch(config.hash, "proof");
  ObserveStatement(ch, config, airs, publics, log_rows);

  ch.ObserveLabel("main");
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    t.main_tree.emplace(
        CommitMatrix(config,
                     Extend(t.in->trace, config.log_blowup,
                            NeedsCoefficients(t, config) ? &t.main_coeffs : nullptr),
                     t.log_big, t.virtual_bits));
    proof.tables[k].log_rows = t.log_n;
    proof.tables[k].main_cap = t.main_tree->cap();
    ch.Observe(std::span<const Digest>(proof.tables[k].main_cap));
  }

  LookupChallenges lc{ch.SampleFp2(), ch.SampleFp2()};
  ch.ObserveLabel("lookup");
  Fp2 total = Fp2::Zero();
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    if (t.interactions.empty()) continue;
    RETURN_IF_ERROR(ComputeAux(t, lc, !options.skip_constraint_check));
    t.aux_tree.emplace(CommitMatrix(
        config,
        Extend(t.aux, config.log_blowup, NeedsCoefficients(t, config) ? &t.aux_coeffs : nullptr),
        t.log_big, t.virtual_bits));
    proof.tables[k].aux_cap = t.aux_tree->cap();
    proof.tables[k].lookup_sum = t.lookup_sum;
    ch.Observe(std::span<const Digest>(proof.tables[k].aux_cap));
    ch.Observe(t.lookup_sum);
    total += t.lookup_sum;
  }
  if (!total.IsZero() && !options.skip_constraint_check) {
    return absl::InvalidArgumentError(
        "plonky prove: lookups do not balance (sent and received tuples differ)");
  }

  Fp2 alpha = ch.SampleFp2();
  ch.ObserveLabel("quotient");
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    RETURN_IF_ERROR(ComputeQuotient(t, config, lc, alpha));
    proof.tables[k].quotient_cap = t.quotient_tree->cap();
    ch.Observe(std::span<const Digest>(proof.tables[k].quotient_cap));
  }

  Fp2 zeta = ch.SampleFp2();
  if (zeta.c1.IsZero()) return absl::InternalError("plonky prove: zeta in the base field");
  ch.ObserveLabel("openings");
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    TableProof& tp = proof.tables[k];
    EvalOnDomain(t.in->trace, t.log_n, zeta, tp.main_zeta, tp.main_next);
    EvalOnDomain(t.aux, t.log_n, zeta, tp.aux_zeta, tp.aux_next);
    tp.quotient_zeta = EvalCoeffs(t.quotient_coeffs, zeta);
    if (!options.skip_constraint_check) RETURN_IF_ERROR(CheckQuotientAt(t, tp, lc, alpha, zeta));
    for (const auto* v :
         {&tp.main_zeta, &tp.main_next, &tp.aux_zeta, &tp.aux_next, &tp.quotient_zeta}) {
      ch.Observe(std::span<const Fp2>(*v));
    }
  }

  ch.ObserveLabel("fri");
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    Fp2 lambda = ch.SampleFp2();
    std::vector<Fp2> deep = DeepValues(t, proof.tables[k], zeta, lambda);
    // The trace matrices are no longer needed except for openings (kept by the trees).
    t.aux.clear();
    t.quotient_coeffs.clear();
    t.fri.emplace(config, ch, t.log_n, t.log_big, t.virtual_bits > 0, std::move(deep),
                  proof.tables[k].fri_caps, proof.tables[k].final_poly);
  }

  ch.ObserveLabel("pow");
  proof.pow_nonce = Grind(ch, config.pow_bits);
  ch.ObserveU64(proof.pow_nonce);
  ch.SampleFp();

  ch.ObserveLabel("queries");
  for (size_t k = 0; k < ts.size(); ++k) {
    TableState& t = ts[k];
    TableProof& tp = proof.tables[k];
    for (int q = 0; q < config.num_queries; ++q) {
      size_t idx = ch.SampleBits(t.log_big);
      QueryProof qp;
      qp.main = Open(*t.main_tree, idx);
      if (t.aux_tree) qp.aux = Open(*t.aux_tree, idx);
      qp.quotient = Open(*t.quotient_tree, idx);
      qp.fri_layers = t.fri->Open(idx);
      tp.queries.push_back(std::move(qp));
    }
  }
  return proof;
}

}  // namespace entangle::plonky
