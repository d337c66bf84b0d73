// The AIR (algebraic intermediate representation) API of the plonky STARK.
//
// A statement is a list of tables. Each table has a trace: `width` columns of Goldilocks elements
// (column-major, one std::vector<Fp> per column), a power-of-two number of rows, and public inputs.
// Its Air says which polynomial constraints hold between the current row ("local") and the next
// row ("next"), each under a selector: every row, the first row, the last row, or every row but
// the last (a transition: "next" of the last row wraps around to row 0 and is not constrained).
//
// Constraints are written once, as a template over the field type F, and evaluated on Fp by the
// prover (on the low-degree extension) and on Fp2 by the verifier (at the out-of-domain point):
//
//   class Fib : public AirImpl<Fib> {
//    public:
//     template <class F>
//     void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
//       cc.Transition(f.next[0] - f.local[1]);
//       cc.FirstRow(f.local[0] - f.publics[0]);
//     }
//   };
//
// Write field expressions with the F value on the left (`local[0] - publics[0]`, `x * Fp(...)`):
// Fp2 defines Fp2 op Fp but not Fp op Fp2.
//
// Tables are linked by LogUp lookups over Fp2 (air/lookup.h): a table sends tuples of linear
// combinations of its columns on a bus with a multiplicity, another table receives them; the
// verifier checks that the LogUp sums of all tables add up to zero. This is how a CPU table talks
// to memory, ALU and byte-range tables.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_AIR_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_AIR_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "proof_systems/field/goldilocks.h"
#include "proof_systems/plonky/air/lookup.h"

namespace entangle::plonky {

using goldilocks::Fp;
using goldilocks::Fp2;

// One evaluation point: the trace values of the current and the next row, and the public inputs.
template <class F>
struct Frame {
  std::span<const F> local;
  std::span<const F> next;
  std::span<const Fp> publics;
};

// Collects constraint values. In combine mode (prover and verifier) each value c is multiplied by
// its selector divided by the vanishing polynomial of the trace domain and folded into
// acc = acc * alpha + c * factor; the result is the quotient polynomial's value at the point.
// In check mode (the prover's own trace check, on the trace domain) it records the first
// constraint that does not vanish.
template <class F>
class ConstraintConsumer {
 public:
  // Factors of each selector at the point, already divided by Z_H(x) = x^n - 1.
  struct Factors {
    F every, first, last, transition;
  };

  ConstraintConsumer(Fp2 alpha, const Factors& factors) : alpha_(alpha), f_(factors) {}
  static ConstraintConsumer Checker(bool first_row, bool last_row) {
    F one = F(Fp::One()), zero = F(Fp::Zero());
    ConstraintConsumer c(
        Fp2::Zero(), {one, first_row ? one : zero, last_row ? one : zero, last_row ? zero : one});
    c.check_ = true;
    return c;
  }

  // c = 0 on every row.
  template <class V>
  void EveryRow(const V& c) {
    Add(c * f_.every);
  }
  // c = 0 on row 0 (boundary constraint).
  template <class V>
  void FirstRow(const V& c) {
    Add(c * f_.first);
  }
  // c = 0 on the last row (boundary constraint).
  template <class V>
  void LastRow(const V& c) {
    Add(c * f_.last);
  }
  // c = 0 on every row but the last (a constraint between a row and the next).
  template <class V>
  void Transition(const V& c) {
    Add(c * f_.transition);
  }

  Fp2 accumulator() const { return acc_; }
  int count() const { return count_; }
  // Check mode: index of the first non-vanishing constraint, or -1.
  int first_failure() const { return first_failure_; }

 private:
  template <class V>
  void Add(const V& v) {
    if (check_) {
      if (!v.IsZero() && first_failure_ < 0) first_failure_ = count_;
    } else {
      acc_ = acc_ * alpha_ + v;
    }
    ++count_;
  }

  Fp2 alpha_;
  Factors f_;
  Fp2 acc_ = Fp2::Zero();
  bool check_ = false;
  int count_ = 0;
  int first_failure_ = -1;
};

// A table's constraint system. Implementations derive from AirImpl<Derived> below.
class Air {
 public:
  virtual ~Air() = default;

  virtual std::string name() const = 0;
  virtual int width() const = 0;
  virtual int num_publics() const { return 0; }
  // The maximum total degree of a constraint polynomial in the trace values (selectors excluded).
  virtual int constraint_degree() const = 0;
  // The maximum degree of the FirstRow / LastRow constraints (at most constraint_degree()). It
  // bounds the quotient's degree together with constraint_degree() (see QuotientChunks in
  // protocol.h): an AIR whose boundary constraints are linear while its transitions are not
  // (the Poseidon AIR) gets a smaller quotient by saying so.
  virtual int boundary_degree() const { return constraint_degree(); }
  // Lookups this table takes part in (sends and receives).
  virtual std::vector<Interaction> interactions() const { return {}; }

  virtual void EvalBase(const Frame<Fp>& frame, ConstraintConsumer<Fp>& cc) const = 0;
  virtual void EvalExt(const Frame<Fp2>& frame, ConstraintConsumer<Fp2>& cc) const = 0;
};

// Implements both evaluation entry points from one `template <class F> void Eval(...) const`.
template <class Derived>
class AirImpl : public Air {
 public:
  void EvalBase(const Frame<Fp>& frame, ConstraintConsumer<Fp>& cc) const final {
    static_cast<const Derived*>(this)->template Eval<Fp>(frame, cc);
  }
  void EvalExt(const Frame<Fp2>& frame, ConstraintConsumer<Fp2>& cc) const final {
    static_cast<const Derived*>(this)->template Eval<Fp2>(frame, cc);
  }
};

// A table's trace: columns[c][row]. All columns have the same power-of-two length.
using Trace = std::vector<std::vector<Fp>>;

// One table of a statement, as the prover sees it.
struct TableInput {
  const Air* air = nullptr;
  Trace trace;
  std::vector<Fp> publics;
};

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_AIR_AIR_H_
