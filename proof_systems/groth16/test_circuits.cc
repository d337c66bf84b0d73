#include "proof_systems/groth16/test_circuits.h"

namespace entangle::groth16::test_circuits {
namespace {

Fr F(uint64_t v) { return Fr::FromUint(v); }

}  // namespace

R1cs Square(bool pub) {
  R1cs r;
  r.n_wires = 3;
  r.n_outputs = pub ? 1 : 0;
  r.n_prv_inputs = 1;
  r.constraints.push_back(
      {LinearCombination{{2, F(1)}}, LinearCombination{{2, F(1)}}, LinearCombination{{1, F(1)}}});
  return r;
}

std::vector<Fr> SquareWitness(uint64_t x) { return {F(1), F(x) * F(x), F(x)}; }

R1cs Cubic() {
  R1cs r;
  r.n_wires = 5;
  r.n_outputs = 1;
  r.n_prv_inputs = 1;
  r.constraints.push_back(
      {LinearCombination{{2, F(1)}}, LinearCombination{{2, F(1)}}, LinearCombination{{3, F(1)}}});
  r.constraints.push_back(
      {LinearCombination{{3, F(1)}}, LinearCombination{{2, F(1)}}, LinearCombination{{4, F(1)}}});
  r.constraints.push_back({LinearCombination{{4, F(1)}, {2, F(1)}, {0, F(5)}},
                           LinearCombination{{0, F(1)}}, LinearCombination{{1, F(1)}}});
  return r;
}

std::vector<Fr> CubicWitness(uint64_t x) {
  const Fr fx = F(x), x2 = fx * fx, x3 = x2 * fx;
  return {F(1), x3 + fx + F(5), fx, x2, x3};
}

}  // namespace entangle::groth16::test_circuits
