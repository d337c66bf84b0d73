// A custom AIR for the plonky STARK, end to end (docs/plonky.md): "I know the result of iterating
// x -> x^3 + c for n - 1 steps from x_0", proven at the standard (100-bit) configuration, verified,
// and a false claim about the result rejected.
//
//   bazel run -c opt //docs/examples/plonky-air:cube_chain -- [rows]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "proof_systems/plonky/stark.h"

using namespace entangle::plonky;

// One column x. Publics: x_0, c, x_(n-1). Constraints: x_0 = publics[0]; next = x^3 + c on every
// row but the last; x_(n-1) = publics[2]. Degree 3 (x^3); the boundary constraints are linear, so
// the quotient has max(3 - 1, 1) = 2 chunks of degree < n.
class CubeChain : public AirImpl<CubeChain> {
 public:
  std::string name() const override { return "cube_chain"; }
  int width() const override { return 1; }
  int num_publics() const override { return 3; }
  int constraint_degree() const override { return 3; }
  int boundary_degree() const override { return 1; }

  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    const F& x = f.local[0];
    cc.FirstRow(x - f.publics[0]);
    cc.Transition(f.next[0] - x * x * x - f.publics[1]);
    cc.LastRow(x - f.publics[2]);
  }
};

int main(int argc, char** argv) {
  size_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4096;
  CubeChain air;
  Fp x = Fp::FromU64(3), c = Fp::FromU64(42);
  Trace trace(1, std::vector<Fp>(rows));
  for (size_t i = 0; i < rows; ++i) {
    trace[0][i] = x;
    if (i + 1 < rows) x = x * x * x + c;
  }
  std::vector<Fp> publics = {trace[0][0], c, trace[0][rows - 1]};

  StarkConfig config = StarkConfig::Standard();
  TableInput table{&air, trace, publics};
  auto t0 = std::chrono::steady_clock::now();
  absl::StatusOr<Proof> proof = Prove(config, {&table, 1});
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!proof.ok()) {
    std::fprintf(stderr, "prove: %s\n", std::string(proof.status().message()).c_str());
    return 1;
  }
  std::vector<uint8_t> bytes = Serialize(*proof);
  std::printf("proved %zu steps of x -> x^3 + c in %.2f s: %zu-byte proof, %d-bit security\n",
              rows - 1, secs, bytes.size(), config.security_bits());

  // The verifier sees only the AIR, the public inputs and the bytes.
  const Air* airs[] = {&air};
  absl::StatusOr<Proof> parsed = Deserialize(bytes);
  absl::Status ok = parsed.ok() ? Verify(config, airs, {&publics, 1}, *parsed) : parsed.status();
  std::printf("verify: %s\n", ok.ok() ? "OK" : std::string(ok.message()).c_str());

  // Claiming another result with the same proof must fail.
  std::vector<Fp> lie = publics;
  lie[2] += Fp::One();
  absl::Status bad = Verify(config, airs, {&lie, 1}, *parsed);
  std::printf("false claim: %s\n", bad.ok() ? "ACCEPTED (bug!)" : "rejected");
  return ok.ok() && !bad.ok() ? 0 : 1;
}
