// A C++ API for building Groth16 circuits (R1CS over the BN254 scalar field) together with their
// witness: every variable is allocated with its value, so running the same construction code with
// the prover's inputs yields both the constraints and the assignment (with dummy inputs it yields
// the constraints for the setup).
//   ConstraintSystem cs;
//   Var x = cs.PrivateInput(Fr::FromUint(3));
//   Var y = cs.PublicInput(Fr::FromUint(9));
//   cs.Enforce(x, x, y);                       // x * x = y
//   R1cs r = cs.ToR1cs();  std::vector<Fr> w = cs.Witness();
// Export renumbers the wires in circom's order (one, public inputs, private inputs, the rest), so
// WriteR1cs / WriteWtns (r1cs.h, snarkjs_files.h) give files snarkjs and our prover accept.
// Gadgets are in gadgets.h.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_CIRCUIT_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_CIRCUIT_H_

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "proof_systems/groth16/r1cs.h"

namespace entangle::groth16::circuit {

// A wire; Var{0} is the constant 1.
struct Var {
  uint32_t id = 0;
};

// A linear combination sum c_i * w_i (terms sorted by wire, merged, no zero coefficients).
class Lc {
 public:
  Lc() = default;
  Lc(Var v) : terms_{{v.id, Fr::One()}} {}  // NOLINT: a variable is a linear combination
  static Lc Constant(const Fr& c);
  static Lc Constant(uint64_t c) { return Constant(Fr::FromUint(c)); }

  Lc& operator+=(const Lc& o);
  Lc& operator-=(const Lc& o);
  Lc& operator*=(const Fr& k);
  friend Lc operator+(Lc a, const Lc& b) { return a += b; }
  friend Lc operator-(Lc a, const Lc& b) { return a -= b; }
  friend Lc operator*(Lc a, const Fr& k) { return a *= k; }
  friend Lc operator*(const Fr& k, Lc a) { return a *= k; }
  Lc operator-() const { return Lc() - *this; }

  const std::vector<std::pair<uint32_t, Fr>>& terms() const { return terms_; }

 private:
  std::vector<std::pair<uint32_t, Fr>> terms_;
};

class ConstraintSystem {
 public:
  ConstraintSystem();

  Var One() const { return Var{0}; }
  Var PublicInput(const Fr& value) { return New(value, kPublic); }
  Var PrivateInput(const Fr& value) { return New(value, kPrivate); }
  // An internal (private, computed) wire.
  Var Alloc(const Fr& value) { return New(value, kInternal); }

  // a * b = c.
  void Enforce(const Lc& a, const Lc& b, const Lc& c) { constraints_.push_back({a, b, c}); }

  Fr Value(Var v) const { return values_[v.id]; }
  Fr Eval(const Lc& lc) const;

  size_t num_constraints() const { return constraints_.size(); }
  size_t num_wires() const { return values_.size(); }
  size_t num_public() const { return n_public_; }

  // Wires renumbered: 0 = one, 1..nPublic = public inputs (declaration order; circom's "public
  // inputs", no outputs), then private inputs, then internal wires.
  R1cs ToR1cs() const;
  std::vector<Fr> Witness() const;
  std::vector<Fr> PublicValues() const;
  // OK when the assignment satisfies every constraint (else names the first failing one).
  absl::Status Check() const;

 private:
  enum Kind : uint8_t { kOne, kPublic, kPrivate, kInternal };
  Var New(const Fr& value, Kind kind);
  std::vector<uint32_t> Order() const;  // internal id -> exported wire

  std::vector<Fr> values_;
  std::vector<Kind> kinds_;
  size_t n_public_ = 0, n_private_ = 0;
  std::vector<std::array<Lc, 3>> constraints_;
};

}  // namespace entangle::groth16::circuit

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_CIRCUIT_CIRCUIT_H_
