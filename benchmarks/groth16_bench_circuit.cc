// groth16_bench_circuit OUT_DIR LOG2: the benchmark circuit for groth16_prove_vs_snarkjs.sh, built
// with the C++ circuit API, filling a proving domain of 2^LOG2 (LOG2 in [10, 22]) exactly:
// nConstraints + nPublic = 2^LOG2 - 1. The statement: "the Poseidon chain h_{i+1} =
// Poseidon(h_i, min(x_i, y_i)) over private 64-bit x_i, y_i ends in the public h". Per block: two
// 64-bit range checks (bit decompositions), a LessThan, a Select and a circomlib Poseidon(2), about
// 45% of the constraints on bits, so the witness mixes bits (0/1) with dense field elements as
// real circuits do; a chain of squarings fills the remainder.
// Writes OUT_DIR/circuit.r1cs, OUT_DIR/witness.wtns and OUT_DIR/circuit.zkey. THE .zkey IS AN
// INSECURE DEVELOPMENT KEY (InsecureDevSetup: random tau generated in-process, marked insecure in
// the file): proving time does not depend on tau, and a real powers of tau of 2^18 or more is not
// on this machine. Prints the counts and the setup time.
#include <absl/strings/numbers.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "common/bytes.h"
#include "proof_systems/groth16/circuit/gadgets.h"
#include "proof_systems/groth16/setup.h"
#include "proof_systems/groth16/snarkjs_files.h"

using namespace entangle;
using namespace entangle::groth16;
using namespace entangle::groth16::circuit;

namespace {

int Fail(const std::string& m) {
  std::fprintf(stderr, "groth16_bench_circuit: %s\n", m.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return Fail("usage: groth16_bench_circuit OUT_DIR LOG2");
  const std::string dir = argv[1];
  int log2 = 0;
  if (!absl::SimpleAtoi(argv[2], &log2)) return Fail("LOG2 is not a number");
  if (log2 < 10 || log2 > 22) return Fail("LOG2 must be in [10, 22]");
  auto k = poseidon_bn254::DefaultConstants();
  if (!k.ok()) return Fail(std::string(k.status().message()));
  const size_t target = (size_t{1} << log2) - 1;  // nConstraints + nPublic
  const size_t n_public = 1;
  constexpr size_t kBlock = 450;  // an upper bound on one block's constraints

  auto t0 = std::chrono::steady_clock::now();
  std::mt19937_64 rng(log2);
  // Pass 1 computes the final hash (the public input is declared first, as circom orders wires).
  ConstraintSystem cs;
  Var out = cs.PublicInput(Fr::Zero());
  Lc h = Lc::Constant(Fr::Zero());
  Lc x = cs.PrivateInput(Fr::FromUint(rng()));
  while (cs.num_constraints() + n_public + kBlock < target) {
    Var a = cs.PrivateInput(Fr::FromUint(rng())), b = cs.PrivateInput(Fr::FromUint(rng()));
    RangeCheck(cs, a, 64);
    RangeCheck(cs, b, 64);
    Var lt = LessThan(cs, a, b, 64);
    Lc in[2] = {h, Select(cs, lt, a, b)};
    h = Poseidon(cs, **k, in);
  }
  // Fill: squarings of a private input, then h = out.
  while (cs.num_constraints() + n_public + 1 < target) x = Mul(cs, x, x);
  const Fr final_h = cs.Eval(h);
  AssertEqual(cs, h, out);
  // The public input was allocated with a placeholder: rebuild its value in the witness.
  std::vector<Fr> witness = cs.Witness();
  witness[1] = final_h;
  R1cs r1cs = cs.ToR1cs();
  if (auto st = CheckSatisfied(r1cs, witness); !st.ok()) return Fail(std::string(st.message()));
  size_t bits = 0;
  for (const Fr& v : witness) bits += (v == Fr::Zero() || v == Fr::One());
  auto t1 = std::chrono::steady_clock::now();
  auto zkey = InsecureDevSetup(r1cs);
  if (!zkey.ok()) return Fail(std::string(zkey.status().message()));
  auto t2 = std::chrono::steady_clock::now();
  for (auto st : {WriteFile(dir + "/circuit.r1cs", WriteR1cs(r1cs)),
                  WriteFile(dir + "/witness.wtns", WriteWtns(witness)),
                  WriteFile(dir + "/circuit.zkey", *zkey)}) {
    if (!st.ok()) return Fail(std::string(st.message()));
  }
  std::printf(
      "constraints=%zu public=%zu wires=%zu witness_0_or_1=%.1f%% domain=2^%d build=%.1fs "
      "insecure_dev_setup=%.1fs\n",
      r1cs.constraints.size(), n_public, witness.size(), 100.0 * bits / witness.size(), log2,
      std::chrono::duration<double>(t1 - t0).count(),
      std::chrono::duration<double>(t2 - t1).count());
  return 0;
}
