// A Poseidon permutation AIR: one Goldilocks Poseidon permutation (Plonky2's: width 12, x^7
// S-box, 4 + 22 + 4 rounds) per row, with constraints of degree 7 (one committed column per S-box).
//
// Columns (130): the 12 input lanes; for each full round the 12 S-box outputs x^7 (the round's
// output is their MDS image, linear in them); for each partial round the S-box output of lane 0
// (the other lanes stay linear in stored columns). Each S-box input is an affine form in stored
// columns, so every S-box is one constraint s - x^7 of degree 7, and the permutation's output (the
// MDS image of the last S-box outputs) is linear. The quotient then has 6 chunks, evaluated on 6
// cosets of the trace domain (2 of them the committed extension's); against a degree-3 layout
// (x^3 columns: 248 columns) this commits and hashes about half as many values per permutation.
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "proof_systems/field/goldilocks_simd.h"
#include "proof_systems/hash/poseidon_goldilocks.h"
#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/examples/poseidon_air.h"

namespace entangle::plonky {
namespace {

constexpr int kWidth = 12;
constexpr int kHalfFull = 4;
constexpr int kPartial = 22;
constexpr int kRounds = 2 * kHalfFull + kPartial;

bool IsFull(int round) { return round < kHalfFull || round >= kHalfFull + kPartial; }

const std::array<std::array<Fp, kWidth>, kRounds>& RoundConstants() {
  static const auto* rc = [] {
    auto* t = new std::array<std::array<Fp, kWidth>, kRounds>();
    for (int r = 0; r < kRounds; ++r) {
      for (int i = 0; i < kWidth; ++i) (*t)[r][i] = goldilocks::PoseidonRoundConstant(r, i);
    }
    return t;
  }();
  return *rc;
}

const std::array<Fp, kWidth>& MdsCirc() {
  static const auto* m = [] {
    auto* t = new std::array<Fp, kWidth>();
    for (int i = 0; i < kWidth; ++i) (*t)[i] = Fp::FromU64(goldilocks::PoseidonMdsCirc(i));
    return t;
  }();
  return *m;
}

// out[r] = sum_i s[(i + r) % 12] * circ[i] + (r == 0 ? diag0 * s[0] : 0).
template <class F>
std::array<F, kWidth> Mds(const std::array<F, kWidth>& s) {
  static const Fp kDiag0 = Fp::FromU64(goldilocks::PoseidonMdsDiag0());
  if constexpr (std::is_same_v<F, Fp>) {
    // The prover's hot path: the permutation's own exact integer MDS.
    std::array<Fp, kWidth> out = s;
    goldilocks::PoseidonMdsLayer(out);
    return out;
  }
  const auto& circ = MdsCirc();
  std::array<F, kWidth> out;
  for (int r = 0; r < kWidth; ++r) {
    F acc = s[r] * circ[0];
    for (int i = 1; i < kWidth; ++i) acc = acc + s[(i + r) % kWidth] * circ[i];
    out[r] = acc;
  }
  out[0] = out[0] + s[0] * kDiag0;
  return out;
}

// The 22 partial rounds as affine forms over v = (1, S_0..S_11, y_0..y_21): S is the state
// entering the first partial round (stored columns) and y_r the S-box output of partial round r
// (a stored column). Only lane 0 goes through an S-box, so the S-box input of round r and the
// state after the last partial round are affine in v; evaluating these forms gives exactly the
// round-by-round values, for about 900 products instead of 22 MDS layers.
struct PartialRoundForms {
  static constexpr int kVars = 1 + kWidth + kPartial;
  using Form = std::array<Fp, kVars>;
  std::array<Form, kPartial> sbox_in;  // sbox_in[r] uses only v_0 .. v_(12 + r)
  std::array<Form, kWidth> out;
};

const PartialRoundForms& PartialForms() {
  static const auto* forms = [] {
    auto* p = new PartialRoundForms();
    using Form = PartialRoundForms::Form;
    std::array<Form, kWidth> lane{};
    for (int i = 0; i < kWidth; ++i) lane[i][1 + i] = Fp::One();
    const auto& rc = RoundConstants();
    const auto& circ = MdsCirc();
    const Fp diag0 = Fp::FromU64(goldilocks::PoseidonMdsDiag0());
    for (int r = 0; r < kPartial; ++r) {
      for (int i = 0; i < kWidth; ++i) lane[i][0] += rc[kHalfFull + r][i];
      p->sbox_in[r] = lane[0];
      lane[0] = Form{};
      lane[0][1 + kWidth + r] = Fp::One();
      std::array<Form, kWidth> mixed{};
      for (int row = 0; row < kWidth; ++row) {
        for (int i = 0; i < kWidth; ++i) {
          Fp c = circ[i];
          if (row == 0 && i == 0) c += diag0;
          const Form& in = lane[(i + row) % kWidth];
          for (int v = 0; v < PartialRoundForms::kVars; ++v) mixed[row][v] += in[v] * c;
        }
      }
      lane = mixed;
    }
    p->out = lane;
    return p;
  }();
  return *forms;
}

// form(v) for v = (1, s, y_0 .. y_(ny-1)), y_k = local[y_col + k]; lazily reduced over Fp.
static_assert(kWidth % 2 == 0);
template <class F>
F EvalForm(const PartialRoundForms::Form& form, const std::array<F, kWidth>& s,
           std::span<const F> local, int y_col, int ny) {
  if constexpr (std::is_same_v<F, Fp>) {
    // Two accumulators (even and odd terms): two independent carry chains.
    goldilocks::LazySum a, b;
    for (int i = 0; i < kWidth; i += 2) {
      a.Add(form[1 + i], s[i]);
      b.Add(form[2 + i], s[i + 1]);
    }
    int k = 0;
    for (; k + 1 < ny; k += 2) {
      a.Add(form[1 + kWidth + k], local[y_col + k]);
      b.Add(form[2 + kWidth + k], local[y_col + k + 1]);
    }
    if (k < ny) a.Add(form[1 + kWidth + k], local[y_col + k]);
    return a.Value() + b.Value() + form[0];
  } else {
    F acc = F(form[0]);
    for (int i = 0; i < kWidth; ++i) acc = acc + s[i] * form[1 + i];
    for (int k = 0; k < ny; ++k) acc = acc + local[y_col + k] * form[1 + kWidth + k];
    return acc;
  }
}

template <class F>
[[gnu::always_inline]] inline F Pow7(const F& x) {
  const F x2 = x * x;
  const F x4 = x2 * x2;
  return x4 * x2 * x;
}

// x^7 of every element, stage by stage over the whole array: independent products back to back
// (in vectors for Fp) instead of one dependent chain at a time.
template <class F, size_t N>
void Pow7All(std::array<F, N>& x) {
  std::array<F, N> x2, x3;
  if constexpr (std::is_same_v<F, Fp>) {
    using goldilocks::simd::MulMany;
    MulMany(x, x, x2);
    MulMany(x2, x, x3);
    MulMany(x2, x2, x2);
    MulMany(x2, x3, x);
  } else {
    for (size_t i = 0; i < N; ++i) x2[i] = x[i] * x[i];
    for (size_t i = 0; i < N; ++i) x3[i] = x2[i] * x[i];
    for (size_t i = 0; i < N; ++i) x2[i] = x2[i] * x2[i];
    for (size_t i = 0; i < N; ++i) x[i] = x2[i] * x3[i];
  }
}

// Mds on each state (batched for Fp).
template <class F, size_t N>
void MdsAll(std::array<std::array<F, kWidth>, N>& states) {
  if constexpr (std::is_same_v<F, Fp>) {
    goldilocks::PoseidonMdsLayerMany(states);
  } else {
    for (auto& st : states) st = Mds(st);
  }
}

// S-box k's output is column kWidth + k.
constexpr int kSboxes = 2 * kHalfFull * kWidth + kPartial;

class PoseidonAir : public AirImpl<PoseidonAir> {
 public:
  std::string name() const override { return "poseidon"; }
  int width() const override { return kPoseidonAirWidth; }
  // The first permutation's input and the last permutation's output.
  int num_publics() const override { return 2 * kWidth; }
  int constraint_degree() const override { return 7; }
  // The boundary constraints (input and output against the publics) are linear.
  int boundary_degree() const override { return 1; }
  // One permutation per row: no constraint between rows.
  bool reads_next_row() const override { return false; }

  // Every S-box input is an affine form in stored columns (the input, earlier S-box outputs), so
  // all of them are computed first and the 118 S-boxes then run as one batch.
  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    static_assert(kWidth + kSboxes == kPoseidonAirWidth);
    const auto& rc = RoundConstants();
    // The state after each full round: the MDS image of its S-box outputs (stored columns).
    std::array<std::array<F, kWidth>, 2 * kHalfFull> mixed;
    for (int r = 0, k = 0, fr = 0; r < kRounds; ++r) {
      if (IsFull(r)) {
        for (int i = 0; i < kWidth; ++i) mixed[fr][i] = f.local[kWidth + k + i];
        ++fr;
        k += kWidth;
      } else {
        k += kPartial;
        r += kPartial - 1;
      }
    }
    MdsAll(mixed);
    std::array<F, kWidth> state;
    for (int i = 0; i < kWidth; ++i) state[i] = f.local[i];
    std::array<F, kSboxes> sbox;
    int k = 0, fr = 0;
    for (int r = 0; r < kRounds; ++r) {
      if (IsFull(r)) {
        for (int i = 0; i < kWidth; ++i) sbox[k + i] = state[i] + rc[r][i];
        state = mixed[fr++];
        k += kWidth;
      } else {
        // All partial rounds at once (r is the first): the S-box inputs and the final state as
        // affine forms in the entering state and the S-box outputs.
        const PartialRoundForms& forms = PartialForms();
        const int col = kWidth + k;
        for (int j = 0; j < kPartial; ++j) {
          sbox[k + j] = EvalForm<F>(forms.sbox_in[j], state, f.local, col, j);
        }
        std::array<F, kWidth> out;
        for (int i = 0; i < kWidth; ++i) {
          out[i] = EvalForm<F>(forms.out[i], state, f.local, col, kPartial);
        }
        state = out;
        k += kPartial;
        r += kPartial - 1;
      }
    }
    Pow7All(sbox);
    for (int i = 0; i < kWidth; ++i) cc.FirstRow(f.local[i] - f.publics[i]);
    for (int j = 0; j < kSboxes; ++j) cc.EveryRow(f.local[kWidth + j] - sbox[j]);
    for (int i = 0; i < kWidth; ++i) cc.LastRow(state[i] - f.publics[kWidth + i]);
  }
};

}  // namespace

std::array<Fp, 12> PoseidonAirOutput(const Trace& trace, size_t row) {
  std::array<Fp, 12> s;
  for (int i = 0; i < kWidth; ++i) s[i] = trace[kPoseidonAirWidth - kWidth + i][row];
  return Mds(s);
}

void FillPoseidonRow(const std::array<Fp, 12>& input, Trace& trace, size_t row) {
  const auto& rc = RoundConstants();
  std::array<Fp, kWidth> state = input;
  for (int i = 0; i < kWidth; ++i) trace[i][row] = state[i];
  int col = kWidth;
  for (int r = 0; r < kRounds; ++r) {
    if (IsFull(r)) {
      for (int i = 0; i < kWidth; ++i) {
        state[i] = Pow7(state[i] + rc[r][i]);
        trace[col + i][row] = state[i];
      }
      col += kWidth;
    } else {
      for (int i = 0; i < kWidth; ++i) state[i] += rc[r][i];
      state[0] = Pow7(state[0]);
      trace[col][row] = state[0];
      ++col;
    }
    state = Mds(state);
  }
}

absl::StatusOr<Example> MakePoseidon(size_t rows, bool traces) {
  if (rows < 4 || (rows & (rows - 1)) != 0) {
    return absl::InvalidArgumentError("poseidon: rows (permutations) must be a power of two >= 4");
  }
  Example ex;
  ex.name = "poseidon";
  ex.owned_airs.push_back(std::make_shared<PoseidonAir>());
  ex.heights = {rows};
  auto input = [](size_t row) {
    std::array<Fp, 12> in;
    for (int i = 0; i < kWidth; ++i) in[i] = Fp::FromU64(row * 12 + i + 1);
    return in;
  };
  // Public inputs: the first row's input and the last row's output. Without the trace, the last
  // row alone is computed (one permutation).
  Trace trace(kPoseidonAirWidth, std::vector<Fp>(traces ? rows : 1));
  const size_t last = traces ? rows - 1 : 0;
  if (traces) {
    for (size_t row = 0; row < rows; ++row) FillPoseidonRow(input(row), trace, row);
  } else {
    FillPoseidonRow(input(rows - 1), trace, 0);
  }
  std::vector<Fp> publics;
  for (Fp x : input(0)) publics.push_back(x);
  for (Fp x : PoseidonAirOutput(trace, last)) publics.push_back(x);
  if (!traces) trace.clear();
  ex.tables.push_back({ex.owned_airs[0].get(), std::move(trace), std::move(publics)});
  return ex;
}

}  // namespace entangle::plonky
