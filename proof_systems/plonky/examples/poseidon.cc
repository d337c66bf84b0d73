// A Poseidon permutation AIR: one Goldilocks Poseidon permutation (Plonky2's: width 12, x^7
// S-box, 4 + 22 + 4 rounds) per row, with constraints of degree 3.
//
// Columns (248): the 12 input lanes; for each full round the 12 cubes x^3 of the S-box inputs and
// the 12 lanes of the round's output; for each partial round the cube of lane 0 and the S-box
// output of lane 0 (the other lanes stay linear in stored columns). The output of the permutation
// is the last 12 columns. S-box: x^7 = (x^3)^2 * x, so every constraint has degree 3.
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

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

// form(v) for v = (1, s, y_0 .. y_(ny-1)), y_k = local[y_col + 2 k]; lazily reduced over Fp.
template <class F>
F EvalForm(const PartialRoundForms::Form& form, const std::array<F, kWidth>& s,
           std::span<const F> local, int y_col, int ny) {
  if constexpr (std::is_same_v<F, Fp>) {
    goldilocks::LazySum acc;
    for (int i = 0; i < kWidth; ++i) acc.Add(form[1 + i], s[i]);
    for (int k = 0; k < ny; ++k) acc.Add(form[1 + kWidth + k], local[y_col + 2 * k]);
    return acc.Value() + form[0];
  } else {
    F acc = F(form[0]);
    for (int i = 0; i < kWidth; ++i) acc = acc + s[i] * form[1 + i];
    for (int k = 0; k < ny; ++k) acc = acc + local[y_col + 2 * k] * form[1 + kWidth + k];
    return acc;
  }
}

class PoseidonAir : public AirImpl<PoseidonAir> {
 public:
  std::string name() const override { return "poseidon"; }
  int width() const override { return kPoseidonAirWidth; }
  // The first permutation's input and the last permutation's output.
  int num_publics() const override { return 2 * kWidth; }
  int constraint_degree() const override { return 3; }
  // The boundary constraints (input and output against the publics) are linear: the quotient has
  // 2 chunks, not 3.
  int boundary_degree() const override { return 1; }

  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    const auto& rc = RoundConstants();
    std::array<F, kWidth> state;
    for (int i = 0; i < kWidth; ++i) {
      state[i] = f.local[i];
      cc.FirstRow(f.local[i] - f.publics[i]);
      cc.LastRow(f.local[kPoseidonAirWidth - kWidth + i] - f.publics[kWidth + i]);
    }
    int col = kWidth;
    for (int r = 0; r < kRounds; ++r) {
      std::array<F, kWidth> x;
      for (int i = 0; i < kWidth; ++i) x[i] = state[i] + rc[r][i];
      if (IsFull(r)) {
        std::array<F, kWidth> s;
        for (int i = 0; i < kWidth; ++i) {
          const F& cube = f.local[col + i];
          cc.EveryRow(cube - x[i] * x[i] * x[i]);
          s[i] = cube * cube * x[i];
        }
        std::array<F, kWidth> m = Mds(s);
        for (int i = 0; i < kWidth; ++i) {
          cc.EveryRow(f.local[col + kWidth + i] - m[i]);
          state[i] = f.local[col + kWidth + i];
        }
        col += 2 * kWidth;
      } else {
        // All partial rounds at once (r is the first): the S-box inputs and the final state as
        // affine forms in the entering state and the S-box outputs.
        const PartialRoundForms& forms = PartialForms();
        for (int k = 0; k < kPartial; ++k) {
          const F x0 = EvalForm<F>(forms.sbox_in[k], state, f.local, col + 1, k);
          const F& cube = f.local[col + 2 * k];
          const F& sbox = f.local[col + 2 * k + 1];
          cc.EveryRow(cube - x0 * x0 * x0);
          cc.EveryRow(sbox - cube * cube * x0);
        }
        std::array<F, kWidth> out;
        for (int i = 0; i < kWidth; ++i) {
          out[i] = EvalForm<F>(forms.out[i], state, f.local, col + 1, kPartial);
        }
        state = out;
        col += 2 * kPartial;
        r += kPartial - 1;
      }
    }
  }
};

}  // namespace

std::array<Fp, 12> PoseidonAirOutput(const Trace& trace, size_t row) {
  std::array<Fp, 12> out;
  for (int i = 0; i < kWidth; ++i) out[i] = trace[kPoseidonAirWidth - kWidth + i][row];
  return out;
}

void FillPoseidonRow(const std::array<Fp, 12>& input, Trace& trace, size_t row) {
  const auto& rc = RoundConstants();
  std::array<Fp, kWidth> state = input;
  for (int i = 0; i < kWidth; ++i) trace[i][row] = state[i];
  int col = kWidth;
  for (int r = 0; r < kRounds; ++r) {
    for (int i = 0; i < kWidth; ++i) state[i] += rc[r][i];
    if (IsFull(r)) {
      for (int i = 0; i < kWidth; ++i) {
        Fp cube = state[i] * state[i] * state[i];
        trace[col + i][row] = cube;
        state[i] = cube * cube * state[i];
      }
      state = Mds(state);
      for (int i = 0; i < kWidth; ++i) trace[col + kWidth + i][row] = state[i];
      col += 2 * kWidth;
    } else {
      Fp cube = state[0] * state[0] * state[0];
      trace[col][row] = cube;
      state[0] = cube * cube * state[0];
      trace[col + 1][row] = state[0];
      state = Mds(state);
      col += 2;
    }
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
  if (!traces) {
    ex.tables.push_back({ex.owned_airs[0].get(), {}, {}});
    return ex;
  }
  Trace trace(kPoseidonAirWidth, std::vector<Fp>(rows));
  for (size_t row = 0; row < rows; ++row) {
    std::array<Fp, 12> input;
    for (int i = 0; i < kWidth; ++i) input[i] = Fp::FromU64(row * 12 + i + 1);
    FillPoseidonRow(input, trace, row);
  }
  std::vector<Fp> publics;
  for (int i = 0; i < kWidth; ++i) publics.push_back(trace[i][0]);
  for (Fp x : PoseidonAirOutput(trace, rows - 1)) publics.push_back(x);
  ex.tables.push_back({ex.owned_airs[0].get(), std::move(trace), std::move(publics)});
  return ex;
}

}  // namespace entangle::plonky
