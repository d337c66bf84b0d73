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
#include <type_traits>
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
// The prover's form (WithPowers) computes the same sum, sum_i alpha^(N-1-i) c_i factor_i over the
// N constraints, from precomputed powers of alpha: per selector, base-field values are summed
// against the powers with lazily reduced products and multiplied by the selector's factor once.
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
  // `powers[i]` = alpha^(N-1-i) for the N constraints the AIR emits (a Checker's count()); the
  // caller checks count() == N afterwards (a value beyond N is dropped).
  static ConstraintConsumer WithPowers(std::span<const Fp2> powers, const Factors& factors) {
    ConstraintConsumer c(Fp2::Zero(), factors);
    c.powers_ = powers;
    c.mode_ = Mode::kPowers;
    return c;
  }
  static ConstraintConsumer Checker(bool first_row, bool last_row) {
    F one = F(Fp::One()), zero = F(Fp::Zero());
    ConstraintConsumer c(
        Fp2::Zero(), {one, first_row ? one : zero, last_row ? one : zero, last_row ? zero : one});
    c.mode_ = Mode::kCheck;
    return c;
  }

  // c = 0 on every row.
  template <class V>
  [[gnu::always_inline]] void EveryRow(const V& c) {
    Add<kEvery>(c);
  }
  // c = 0 on row 0 (boundary constraint).
  template <class V>
  [[gnu::always_inline]] void FirstRow(const V& c) {
    Add<kFirst>(c);
  }
  // c = 0 on the last row (boundary constraint).
  template <class V>
  [[gnu::always_inline]] void LastRow(const V& c) {
    Add<kLast>(c);
  }
  // c = 0 on every row but the last (a constraint between a row and the next).
  template <class V>
  [[gnu::always_inline]] void Transition(const V& c) {
    Add<kTransition>(c);
  }

  Fp2 accumulator() const {
    if (mode_ != Mode::kPowers) return acc_;
    Fp2 acc = Fp2::Zero();
    for (int s = 0; s < kSelectors; ++s) {
      acc += (Fp2(lazy_[s][0].Value(), lazy_[s][1].Value()) + ext_[s]) * Factor(s);
    }
    return acc;
  }
  int count() const { return count_; }
  // Check mode: index of the first non-vanishing constraint, or -1.
  int first_failure() const { return first_failure_; }

 private:
  enum class Mode { kHorner, kPowers, kCheck };
  enum Selector { kEvery, kFirst, kLast, kTransition, kSelectors };

  const F& Factor(int s) const {
    return s == kEvery ? f_.every : s == kFirst ? f_.first : s == kLast ? f_.last : f_.transition;
  }

  template <int kSel, class V>
  [[gnu::always_inline]] void Add(const V& v) {
    if (mode_ == Mode::kPowers) {
      if (static_cast<size_t>(count_) < powers_.size()) {
        const Fp2& p = powers_[count_];
        if constexpr (std::is_same_v<V, Fp>) {
          lazy_[kSel][0].Add(p.c0, v);
          lazy_[kSel][1].Add(p.c1, v);
        } else {
          ext_[kSel] += v * p;
        }
      }
    } else if (mode_ == Mode::kCheck) {
      if (first_failure_ < 0 && !(v * Factor(kSel)).IsZero()) first_failure_ = count_;
    } else {
      acc_ = acc_ * alpha_ + v * Factor(kSel);
    }
    ++count_;
  }

  Fp2 alpha_;
  Factors f_;
  Fp2 acc_ = Fp2::Zero();
  Mode mode_ = Mode::kHorner;
  std::span<const Fp2> powers_;
  goldilocks::LazySum lazy_[kSelectors][2];
  Fp2 ext_[kSelectors];
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
  // False when no constraint reads Frame::next (e.g. one independent computation per row): the
  // prover's quotient evaluation then does not gather the next row (Frame::next repeats local).
  // An AIR that says false and reads it anyway only fails to prove (its quotient does not fit).
  virtual bool reads_next_row() const { return true; }

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
