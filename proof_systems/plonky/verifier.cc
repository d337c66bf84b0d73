// The plonky verifier: replays the transcript, checks the constraints at zeta against the quotient
// openings, the lookup balance, the proof of work and every FRI query. Shapes are checked before
// anything is indexed, so a malformed proof gives an error status, never a crash.
#include <string>

#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/merkle/merkle_tree.h"
#include "proof_systems/plonky/challenger.h"
#include "proof_systems/plonky/protocol.h"
#include "proof_systems/plonky/stark.h"

namespace entangle::plonky {
namespace {

absl::Status Reject(size_t table, const std::string& what) {
  return absl::InvalidArgumentError("plonky verify: table " + std::to_string(table) + ": " + what);
}

struct Shape {
  int log_n = 0, log_big = 0, chunks = 0, width = 0, aux_width = 0;
  int virtual_bits = 0;        // VirtualFirstLayerBits
  size_t first_committed = 0;  // index in arities of the first committed FRI layer
  std::vector<Interaction> interactions;
  std::vector<int> arities;
};

absl::Status CheckCap(size_t t, const std::vector<Digest>& cap, size_t expected, const char* what) {
  if (cap.size() != expected) return Reject(t, std::string(what) + " cap has the wrong size");
  return absl::OkStatus();
}

absl::Status CheckShape(const StarkConfig& config, size_t t, const Air& air, const TableProof& tp,
                        Shape& s) {
  if (tp.log_rows < static_cast<uint32_t>(kMinLogRows) ||
      tp.log_rows > static_cast<uint32_t>(kMaxLogRows)) {
    return Reject(t, "row count out of range");
  }
  s.log_n = static_cast<int>(tp.log_rows);
  s.log_big = s.log_n + config.log_blowup;
  if (s.log_big > Fp::kTwoAdicity) return Reject(t, "trace too long for the blowup");
  s.width = air.width();
  s.interactions = air.interactions();
  s.aux_width = AuxWidth(s.interactions.size());
  s.chunks = QuotientChunks(air);
  if (s.log_n + QuotientLogFactor(s.chunks) > Fp::kTwoAdicity) {
    return Reject(t, "trace too long for the constraint degree");
  }
  s.arities = FriArities(config, s.log_n);
  s.virtual_bits = TableVirtualBits(config, air, s.log_n);
  s.first_committed = s.virtual_bits > 0 ? 1 : 0;
  auto cap = [&](size_t width) {
    return size_t{1} << MatrixCapHeight(config, s.log_big, width, s.virtual_bits);
  };
  RETURN_IF_ERROR(CheckCap(t, tp.main_cap, cap(s.width), "trace"));
  RETURN_IF_ERROR(CheckCap(t, tp.aux_cap, s.aux_width ? cap(s.aux_width) : 0, "lookup"));
  RETURN_IF_ERROR(CheckCap(t, tp.quotient_cap, cap(2 * s.chunks), "quotient"));
  if (s.interactions.empty() && !tp.lookup_sum.IsZero()) return Reject(t, "unexpected lookup sum");
  if (tp.main_zeta.size() != static_cast<size_t>(s.width) ||
      tp.main_next.size() != static_cast<size_t>(s.width) ||
      tp.aux_zeta.size() != static_cast<size_t>(s.aux_width) ||
      tp.aux_next.size() != static_cast<size_t>(s.aux_width) ||
      tp.quotient_zeta.size() != static_cast<size_t>(2 * s.chunks)) {
    return Reject(t, "wrong number of openings");
  }
  if (tp.fri_caps.size() != s.arities.size() - s.first_committed) {
    return Reject(t, "wrong number of FRI layers");
  }
  int log_m = s.log_big;
  for (size_t l = 0; l < s.arities.size(); ++l) {
    log_m -= s.arities[l];
    if (l < s.first_committed) continue;
    RETURN_IF_ERROR(CheckCap(t, tp.fri_caps[l - s.first_committed],
                             size_t{1} << CapHeight(config, log_m), "FRI"));
  }
  if (tp.final_poly.size() != (size_t{1} << (log_m - config.log_blowup))) {
    return Reject(t, "final polynomial has the wrong length");
  }
  if (tp.queries.size() != static_cast<size_t>(config.num_queries)) {
    return Reject(t, "wrong number of queries");
  }
  // A leaf of 2^l rows of `width` values, opened by log_big - l - cap_height siblings.
  auto opening_ok = [&](const MerkleOpening& o, size_t width) {
    if (width == 0) return o.values.empty() && o.siblings.empty();
    const int l = MatrixLayout(width, s.log_big, s.virtual_bits).log_rows_per_leaf;
    return o.values.size() == (width << l) &&
           o.siblings.size() ==
               static_cast<size_t>(s.log_big - l -
                                   MatrixCapHeight(config, s.log_big, width, s.virtual_bits));
  };
  for (const QueryProof& q : tp.queries) {
    if (!opening_ok(q.main, s.width) || !opening_ok(q.aux, s.aux_width) ||
        !opening_ok(q.quotient, 2 * s.chunks)) {
      return Reject(t, "query opening has the wrong shape");
    }
    if (q.fri_layers.size() != s.arities.size() - s.first_committed) {
      return Reject(t, "query has the wrong FRI depth");
    }
    int lm = s.log_big;
    for (size_t l = 0; l < s.arities.size(); ++l) {
      lm -= s.arities[l];
      if (l < s.first_committed) continue;
      const MerkleOpening& o = q.fri_layers[l - s.first_committed];
      if (o.values.size() != (size_t{2} << s.arities[l]) ||
          o.siblings.size() != static_cast<size_t>(lm - CapHeight(config, lm))) {
        return Reject(t, "FRI query opening has the wrong shape");
      }
    }
  }
  return absl::OkStatus();
}

// Checks the opening of the leaf holding row `row` of 2^log_rows (shape checked by CheckShape)
// against `cap` and returns the leaf's values and the row's place in the leaf.
absl::StatusOr<std::span<const Fp>> OpenedLeaf(const StarkConfig& config, const MerkleOpening& o,
                                               size_t width, int log_rows, int virtual_bits,
                                               size_t row, const std::vector<Digest>& cap,
                                               size_t& slot) {
  const LeafLayout layout = MatrixLayout(width, log_rows, virtual_bits);
  slot = layout.Slot(row, log_rows);
  if (width == 0) return std::span<const Fp>();
  RETURN_IF_ERROR(merkle::VerifyMerkleProof(config.hash, o.values, layout.Leaf(row, log_rows),
                                            o.siblings, cap));
  return std::span<const Fp>(o.values);
}

// Row `slot` of an opened leaf of `width` columns (empty for an absent matrix).
std::span<const Fp> LeafRow(std::span<const Fp> leaf, size_t width, size_t slot) {
  if (width == 0) return {};
  return leaf.subspan(slot * width, width);
}

Fp2 Combine(std::span<const Fp> values, const std::vector<Fp2>& lam, size_t offset) {
  Fp2 acc = Fp2::Zero();
  for (size_t c = 0; c < values.size(); ++c) acc += lam[offset + c] * values[c];
  return acc;
}

Fp2 Combine2(const std::vector<Fp2>& values, const std::vector<Fp2>& lam, size_t offset) {
  Fp2 acc = Fp2::Zero();
  for (size_t c = 0; c < values.size(); ++c) acc += lam[offset + c] * values[c];
  return acc;
}

}  // namespace

absl::Status Verify(const StarkConfig& config, std::span<const Air* const> airs,
                    std::span<const std::vector<Fp>> publics, const Proof& proof) {
  RETURN_IF_ERROR(config.Validate());
  if (airs.empty()) return absl::InvalidArgumentError("plonky verify: no tables");
  if (publics.size() != airs.size()) {
    return absl::InvalidArgumentError("plonky verify: one public-input vector per table expected");
  }
  if (proof.tables.size() != airs.size()) {
    return absl::InvalidArgumentError("plonky verify: proof has " +
                                      std::to_string(proof.tables.size()) + " tables, expected " +
                                      std::to_string(airs.size()));
  }
  std::vector<Shape> shapes(airs.size());
  std::vector<uint32_t> log_rows;
  for (size_t t = 0; t < airs.size(); ++t) {
    if (airs[t] == nullptr) return absl::InvalidArgumentError("plonky verify: null AIR");
    RETURN_IF_ERROR(ValidateAir(*airs[t]));
    if (publics[t].size() != static_cast<size_t>(airs[t]->num_publics())) {
      return Reject(t, "wrong number of public inputs");
    }
    RETURN_IF_ERROR(CheckShape(config, t, *airs[t], proof.tables[t], shapes[t]));
    log_rows.push_back(proof.tables[t].log_rows);
  }

  // Replay the transcript.
  Challenger ch(config.hash, "proof");
  ObserveStatement(ch, config, airs, publics, log_rows);
  ch.ObserveLabel("main");
  for (const TableProof& tp : proof.tables) ch.Observe(std::span<const Digest>(tp.main_cap));
  LookupChallenges lc{ch.SampleFp2(), ch.SampleFp2()};
  ch.ObserveLabel("lookup");
  Fp2 total = Fp2::Zero();
  for (size_t t = 0; t < airs.size(); ++t) {
    if (shapes[t].interactions.empty()) continue;
    ch.Observe(std::span<const Digest>(proof.tables[t].aux_cap));
    ch.Observe(proof.tables[t].lookup_sum);
    total += proof.tables[t].lookup_sum;
  }
  if (!total.IsZero()) return absl::InvalidArgumentError("plonky verify: lookups do not balance");
  const Fp2 alpha = ch.SampleFp2();
  ch.ObserveLabel("quotient");
  for (const TableProof& tp : proof.tables) ch.Observe(std::span<const Digest>(tp.quotient_cap));
  const Fp2 zeta = ch.SampleFp2();
  if (zeta.c1.IsZero()) return absl::InvalidArgumentError("plonky verify: zeta in the base field");
  ch.ObserveLabel("openings");
  for (const TableProof& tp : proof.tables) {
    for (const auto* v :
         {&tp.main_zeta, &tp.main_next, &tp.aux_zeta, &tp.aux_next, &tp.quotient_zeta}) {
      ch.Observe(std::span<const Fp2>(*v));
    }
  }
  ch.ObserveLabel("fri");
  std::vector<Fp2> lambdas(airs.size());
  std::vector<std::vector<Fp2>> betas(airs.size());
  for (size_t t = 0; t < airs.size(); ++t) {
    lambdas[t] = ch.SampleFp2();
    if (shapes[t].first_committed > 0) betas[t].push_back(ch.SampleFp2());  // virtual layer
    for (const auto& cap : proof.tables[t].fri_caps) {
      ch.Observe(std::span<const Digest>(cap));
      betas[t].push_back(ch.SampleFp2());
    }
    ch.Observe(std::span<const Fp2>(proof.tables[t].final_poly));
  }
  ch.ObserveLabel("pow");
  if (!Fp::IsCanonical(proof.pow_nonce) || !ch.CheckPow(proof.pow_nonce, config.pow_bits)) {
    return absl::InvalidArgumentError("plonky verify: proof of work is invalid");
  }
  ch.ObserveU64(proof.pow_nonce);
  ch.SampleFp();

  // Constraints at zeta against the quotient.
  for (size_t t = 0; t < airs.size(); ++t) {
    const TableProof& tp = proof.tables[t];
    const Shape& s = shapes[t];
    ConstraintConsumer<Fp2> cc(alpha, SelectorFactorsAt(zeta, s.log_n));
    airs[t]->EvalExt({tp.main_zeta, tp.main_next, publics[t]}, cc);
    EvalLookupConstraints<Fp2>(s.interactions, tp.main_zeta, tp.main_next, tp.aux_zeta, tp.aux_next,
                               lc, tp.lookup_sum, cc);
    if (CombineQuotientChunks(tp.quotient_zeta, zeta, s.log_n) != cc.accumulator()) {
      return Reject(t, "constraints do not match the quotient at the out-of-domain point");
    }
  }

  // Queries.
  ch.ObserveLabel("queries");
  const Fp shift0 = Fp::FromU64(kCosetShift);
  for (size_t t = 0; t < airs.size(); ++t) {
    const TableProof& tp = proof.tables[t];
    const Shape& s = shapes[t];
    const Fp2 zeta_next = zeta * Fp::RootOfUnity(s.log_n);
    const size_t na = s.width + s.aux_width + 2 * s.chunks, nb = s.width + s.aux_width;
    const std::vector<Fp2> lam = goldilocks::Powers(lambdas[t], na + nb);
    const Fp2 va = Combine2(tp.main_zeta, lam, 0) + Combine2(tp.aux_zeta, lam, s.width) +
                   Combine2(tp.quotient_zeta, lam, s.width + s.aux_width);
    const Fp2 vb = Combine2(tp.main_next, lam, na) + Combine2(tp.aux_next, lam, na + s.width);
    // Each query is checked on its own (in parallel); the first failure in query order is
    // reported.
    auto check_query = [&](const QueryProof& q, size_t idx) -> absl::Status {
      size_t main_slot = 0, aux_slot = 0, quotient_slot = 0;
      auto main_leaf = OpenedLeaf(config, q.main, s.width, s.log_big, s.virtual_bits, idx,
                                  tp.main_cap, main_slot);
      auto aux_leaf = OpenedLeaf(config, q.aux, s.aux_width, s.log_big, s.virtual_bits, idx,
                                 tp.aux_cap, aux_slot);
      auto quotient_leaf = OpenedLeaf(config, q.quotient, 2 * s.chunks, s.log_big, s.virtual_bits,
                                      idx, tp.quotient_cap, quotient_slot);
      for (const auto* r : {&main_leaf, &aux_leaf, &quotient_leaf}) {
        if (!r->ok()) return Reject(t, "trace opening: " + std::string(r->status().message()));
      }
      // The DEEP combination f_0 at the point of `slot` in the opened leaves.
      // inv_a = 1 / (x - zeta), inv_b = 1 / (x - zeta * g) for the point x of the slots.
      auto deep = [&](size_t main_s, size_t aux_s, size_t quotient_s, const Fp2& inv_a,
                      const Fp2& inv_b) {
        const auto main_row = LeafRow(*main_leaf, s.width, main_s);
        const auto aux_row = LeafRow(*aux_leaf, s.aux_width, aux_s);
        const auto quotient_row = LeafRow(*quotient_leaf, 2 * s.chunks, quotient_s);
        const Fp2 sa = Combine(main_row, lam, 0) + Combine(aux_row, lam, s.width) +
                       Combine(quotient_row, lam, s.width + s.aux_width);
        const Fp2 sb = Combine(main_row, lam, na) + Combine(aux_row, lam, na + s.width);
        return (sa - va) * inv_a + (sb - vb) * inv_b;
      };
      const Fp w_big = Fp::RootOfUnity(s.log_big);
      Fp2 value = Fp2::Zero();
      if (s.virtual_bits == 0) {
        const Fp x = shift0 * w_big.Pow(idx);
        value = deep(main_slot, aux_slot, quotient_slot, (Fp2(x) - zeta).Inverse(),
                     (Fp2(x) - zeta_next).Inverse());
      }

      int log_m = s.log_big;
      Fp shift = shift0;
      for (size_t l = 0; l < s.arities.size(); ++l) {
        const int bits = s.arities[l];
        const size_t a = size_t{1} << bits, leaves = size_t{1} << (log_m - bits);
        const size_t leaf = idx & (leaves - 1), pos = idx >> (log_m - bits);
        std::vector<Fp2> u(a);
        if (l < s.first_committed) {
          // Virtual first layer: f_0 on the coset {leaf + j * leaves}, row j of every opened
          // (coset) leaf.
          // Points x_j = x_0 w_a^j; the 2a denominators share one inversion.
          std::vector<Fp2> inv(2 * a);
          const Fp w_a = Fp::RootOfUnity(bits);
          Fp x = shift0 * w_big.Pow(leaf);
          for (size_t j = 0; j < a; ++j, x *= w_a) {
            inv[2 * j] = Fp2(x) - zeta;
            inv[2 * j + 1] = Fp2(x) - zeta_next;
          }
          goldilocks::BatchInverse(std::span<Fp2>(inv));
          for (size_t j = 0; j < a; ++j) u[j] = deep(j, j, j, inv[2 * j], inv[2 * j + 1]);
        } else {
          const MerkleOpening& o = q.fri_layers[l - s.first_committed];
          absl::Status st = merkle::VerifyMerkleProof(config.hash, o.values, leaf, o.siblings,
                                                      tp.fri_caps[l - s.first_committed]);
          if (!st.ok()) return Reject(t, "FRI opening: " + std::string(st.message()));
          for (size_t j = 0; j < a; ++j) u[j] = Fp2(o.values[2 * j], o.values[2 * j + 1]);
          if (u[pos] != value)
            return Reject(t, "FRI layer " + std::to_string(l) + " is inconsistent");
        }
        // Fold the coset {x0 * w_a^j} down to one value at x0^a.
        Fp x0 = shift * Fp::RootOfUnity(log_m).Pow(leaf);
        Fp2 beta = betas[t][l];
        for (int step = 0; step < bits; ++step) {
          const size_t half = (a >> step) / 2;
          const Fp wm = Fp::RootOfUnity(bits - step);
          Fp z = x0;
          for (size_t j = 0; j < half; ++j) {
            u[j] = FoldPair(u[j], u[j + half], beta, z.Inverse());
            z *= wm;
          }
          x0 = x0.Square();
          beta = beta.Square();
        }
        value = u[0];
        for (int b = 0; b < bits; ++b) shift = shift.Square();
        idx = leaf;
        log_m -= bits;
      }
      const Fp xf = shift * Fp::RootOfUnity(log_m).Pow(idx);
      Fp2 expected = Fp2::Zero();
      for (size_t i = tp.final_poly.size(); i-- > 0;) expected = expected * xf + tp.final_poly[i];
      if (expected != value) return Reject(t, "FRI final polynomial does not match a query");
      return absl::OkStatus();
    };
    std::vector<size_t> idxs(tp.queries.size());
    for (size_t& idx : idxs) idx = ch.SampleBits(s.log_big);
    std::vector<absl::Status> results(tp.queries.size());
    ThreadPool::Default().ParallelFor(
        tp.queries.size(),
        [&](size_t b, size_t e) {
          for (size_t i = b; i < e; ++i) results[i] = check_query(tp.queries[i], idxs[i]);
        },
        1);
    for (const absl::Status& st : results) RETURN_IF_ERROR(st);
  }
  return absl::OkStatus();
}

}  // namespace entangle::plonky
