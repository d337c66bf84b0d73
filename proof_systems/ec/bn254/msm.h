// Multi-scalar multiplication sum_i k_i P_i over G1 and G2: Pippenger's bucket method with signed
// window digits (buckets for 1..2^(c-1)), windows spread over ThreadPool::Default().
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_

#include <span>

#include "proof_systems/ec/bn254/curve.h"

namespace entangle::bn254 {

// points.size() must equal scalars.size() (the shorter length is used otherwise).
G1 MsmG1(std::span<const G1Affine> points, std::span<const Fr> scalars);
G2 MsmG2(std::span<const G2Affine> points, std::span<const Fr> scalars);

// The naive reference: sum of ScalarMul (for tests).
template <class F>
Jacobian<F> MsmNaive(std::span<const Affine<F>> points, std::span<const Fr> scalars) {
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (size_t i = 0; i < points.size() && i < scalars.size(); ++i) {
    acc += ScalarMul(Jacobian<F>::From(points[i]), scalars[i]);
  }
  return acc;
}

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_MSM_H_
