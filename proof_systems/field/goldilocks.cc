#include "proof_systems/field/goldilocks.h"

namespace entangle::goldilocks {

bool Fp::Sqrt(Fp* out) const {
  if (IsZero()) {
    *out = Zero();
    return true;
  }
  if (Legendre() != One()) return false;
  // Tonelli-Shanks with p - 1 = 2^32 * q.
  constexpr uint64_t q = (kModulus - 1) >> kTwoAdicity;
  int m = kTwoAdicity;
  Fp c = RootOfUnity(kTwoAdicity);
  Fp t = Pow(q);
  Fp r = Pow((q + 1) / 2);
  while (t != One()) {
    int i = 0;
    for (Fp t2 = t; t2 != One(); t2 = t2.Square()) ++i;
    Fp b = c;
    for (int j = 0; j < m - i - 1; ++j) b = b.Square();
    m = i;
    c = b.Square();
    t *= c;
    r *= b;
  }
  *out = r;
  return true;
}

}  // namespace entangle::goldilocks
