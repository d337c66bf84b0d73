#include "common/status.h"
#include "proof_systems/plonky/examples/example.h"

namespace entangle::plonky {
namespace {

// Columns: a, b. Row i+1 = (b, a + b). Publics: a_0, b_0, b_(n-1).
class FibonacciAir : public AirImpl<FibonacciAir> {
 public:
  std::string name() const override { return "fibonacci"; }
  int width() const override { return 2; }
  int num_publics() const override { return 3; }
  int constraint_degree() const override { return 1; }

  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    cc.FirstRow(f.local[0] - f.publics[0]);
    cc.FirstRow(f.local[1] - f.publics[1]);
    cc.Transition(f.next[0] - f.local[1]);
    cc.Transition(f.next[1] - f.local[0] - f.local[1]);
    cc.LastRow(f.local[1] - f.publics[2]);
  }
};

}  // namespace

absl::StatusOr<Example> MakeFibonacci(size_t rows, bool traces) {
  if (rows < 4 || (rows & (rows - 1)) != 0) {
    return absl::InvalidArgumentError("fibonacci: rows must be a power of two >= 4");
  }
  Example ex;
  ex.name = "fibonacci";
  ex.owned_airs.push_back(std::make_shared<FibonacciAir>());
  ex.heights = {rows};
  // The recurrence runs either way (the last b is a public input); only the trace is optional.
  Trace trace;
  if (traces) trace.assign(2, std::vector<Fp>(rows));
  Fp a = Fp::Zero(), b = Fp::One(), last = b;
  for (size_t i = 0; i < rows; ++i) {
    if (traces) {
      trace[0][i] = a;
      trace[1][i] = b;
    }
    last = b;
    Fp c = a + b;
    a = b;
    b = c;
  }
  std::vector<Fp> publics = {Fp::Zero(), Fp::One(), last};
  ex.tables.push_back({ex.owned_airs[0].get(), std::move(trace), std::move(publics)});
  return ex;
}

}  // namespace entangle::plonky
