// The Goldilocks field F_p, p = 2^64 - 2^32 + 1, and its quadratic extension F_p[X]/(X^2 - 7).
//
// Why this field: p - 1 = 2^32 * (2^32 - 1), so F_p has 2-adic roots of unity up to order 2^32
// (NTTs of any practical size), and 2^64 = 2^32 - 1 (mod p), 2^96 = -1 (mod p) turn the 128-bit
// product reduction into a few 64-bit adds and subtracts. Elements are always kept canonical
// (value < p), so equality is integer equality and serialization is the 8-byte little-endian value.
//
// Why the quadratic extension: FRI and the DEEP/out-of-domain and lookup challenges must be drawn
// from a field of about 2^128 elements for 100+ bits of security; F_p^2 = F_p[X]/(X^2 - W) with
// W = 7 (a quadratic non-residue, the same extension Plonky2 uses) gives |F| = p^2 ~ 2^128.
#ifndef ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_H_
#define ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace entangle::goldilocks {

class Fp {
 public:
  static constexpr uint64_t kModulus = 0xFFFFFFFF00000001ull;
  // 2^64 mod p.
  static constexpr uint64_t kEpsilon = 0xFFFFFFFFull;
  // 7 generates the multiplicative group.
  static constexpr uint64_t kGenerator = 7;
  // p - 1 = 2^32 * odd.
  static constexpr int kTwoAdicity = 32;

  constexpr Fp() = default;
  // Reduces any 64-bit value.
  static constexpr Fp FromU64(uint64_t v) { return Fp(v >= kModulus ? v - kModulus : v); }
  // Reduces a signed value (tests and small constants).
  static constexpr Fp FromI64(int64_t v) {
    return v >= 0 ? FromU64(static_cast<uint64_t>(v))
                  : -FromU64(static_cast<uint64_t>(-(v + 1)) + 1);
  }
  // `v` must already be < p (not checked in release builds; see IsCanonical).
  static constexpr Fp FromCanonical(uint64_t v) { return Fp(v); }
  static constexpr bool IsCanonical(uint64_t v) { return v < kModulus; }
  static constexpr Fp Zero() { return Fp(0); }
  static constexpr Fp One() { return Fp(1); }

  constexpr uint64_t value() const { return v_; }
  constexpr bool IsZero() const { return v_ == 0; }

  friend constexpr bool operator==(Fp a, Fp b) { return a.v_ == b.v_; }
  friend constexpr bool operator!=(Fp a, Fp b) { return a.v_ != b.v_; }

  // Branch-free (masks, not branches): on random values the carries are unpredictable.
  [[gnu::always_inline]] friend constexpr Fp operator+(Fp a, Fp b) {
    uint64_t s = a.v_ + b.v_;
    // On overflow the true sum is s + 2^64 = s + epsilon (mod p), and s + epsilon < p; either
    // that or s >= p means the result is s - p (mod 2^64) = s + epsilon.
    const uint64_t reduce = static_cast<uint64_t>(s < a.v_) | static_cast<uint64_t>(s >= kModulus);
    return Fp(s - (kModulus & (0 - reduce)));
  }
  [[gnu::always_inline]] friend constexpr Fp operator-(Fp a, Fp b) {
    uint64_t d = a.v_ - b.v_;
    // On borrow the true difference is d - 2^64 = d - epsilon (mod p), and d >= 2^32.
    return Fp(d - (kEpsilon & (0 - static_cast<uint64_t>(a.v_ < b.v_))));
  }
  constexpr Fp operator-() const { return Fp(v_ == 0 ? 0 : kModulus - v_); }
  [[gnu::always_inline]] friend constexpr Fp operator*(Fp a, Fp b) {
    return Reduce128(static_cast<unsigned __int128>(a.v_) * b.v_);
  }
  constexpr Fp& operator+=(Fp o) { return *this = *this + o; }
  constexpr Fp& operator-=(Fp o) { return *this = *this - o; }
  constexpr Fp& operator*=(Fp o) { return *this = *this * o; }

  constexpr Fp Square() const { return *this * *this; }
  constexpr Fp Double() const { return *this + *this; }
  constexpr Fp Pow(uint64_t e) const {
    Fp base = *this, acc = One();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.Square();
      e >>= 1;
    }
    return acc;
  }
  // a^(p-2); the inverse of zero is zero (callers that care check IsZero first).
  constexpr Fp Inverse() const { return Pow(kModulus - 2); }
  // Legendre symbol: 1 for a non-zero square, -1 (as p-1) for a non-square, 0 for zero.
  constexpr Fp Legendre() const { return Pow((kModulus - 1) / 2); }
  // A square root (Tonelli-Shanks); false when *this is not a square.
  bool Sqrt(Fp* out) const;

  // A primitive 2^log_n-th root of unity (log_n <= 32): g^((p-1)/2^log_n) with g = 7.
  static constexpr Fp RootOfUnity(int log_n) { return Fp(kGenerator).Pow((kModulus - 1) >> log_n); }

  // x = hi * 2^64 + lo with hi = hh * 2^32 + hl: x = lo - hh + hl * (2^32 - 1) (mod p).
  [[gnu::always_inline]] static constexpr Fp Reduce128(unsigned __int128 x) {
    uint64_t lo = static_cast<uint64_t>(x);
    uint64_t hi = static_cast<uint64_t>(x >> 64);
    uint64_t hh = hi >> 32, hl = hi & kEpsilon;
    uint64_t t0 = lo - hh;
    t0 -= kEpsilon & (0 - static_cast<uint64_t>(lo < hh));
    uint64_t t1 = hl * kEpsilon;
    uint64_t t2 = t0 + t1;
    // As in operator+: an overflow or t2 >= p both mean t2 - p (mod 2^64).
    const uint64_t reduce = static_cast<uint64_t>(t2 < t0) | static_cast<uint64_t>(t2 >= kModulus);
    return Fp(t2 - (kModulus & (0 - reduce)));
  }

  std::string ToString() const { return std::to_string(v_); }

 private:
  explicit constexpr Fp(uint64_t v) : v_(v) {}
  uint64_t v_ = 0;
};

// F_p^2 = F_p[X]/(X^2 - 7); an element is c0 + c1 * X.
class Fp2 {
 public:
  static constexpr uint64_t kW = 7;

  constexpr Fp2() = default;
  constexpr Fp2(Fp c0, Fp c1) : c0(c0), c1(c1) {}
  // Embeds the base field.
  constexpr explicit Fp2(Fp c0) : c0(c0) {}
  static constexpr Fp2 Zero() { return Fp2(); }
  static constexpr Fp2 One() { return Fp2(Fp::One()); }

  constexpr bool IsZero() const { return c0.IsZero() && c1.IsZero(); }
  friend constexpr bool operator==(const Fp2& a, const Fp2& b) {
    return a.c0 == b.c0 && a.c1 == b.c1;
  }
  friend constexpr bool operator!=(const Fp2& a, const Fp2& b) { return !(a == b); }

  friend constexpr Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  friend constexpr Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  constexpr Fp2 operator-() const { return {-c0, -c1}; }
  friend constexpr Fp2 operator*(const Fp2& a, const Fp2& b) {
    // Karatsuba would save one base multiplication but costs more additions; with a 3-op
    // reduction the schoolbook form is as fast.
    return {a.c0 * b.c0 + MulW(a.c1 * b.c1), a.c0 * b.c1 + a.c1 * b.c0};
  }
  friend constexpr Fp2 operator*(const Fp2& a, Fp b) { return {a.c0 * b, a.c1 * b}; }
  friend constexpr Fp2 operator*(Fp b, const Fp2& a) { return {a.c0 * b, a.c1 * b}; }
  friend constexpr Fp2 operator+(const Fp2& a, Fp b) { return {a.c0 + b, a.c1}; }
  friend constexpr Fp2 operator-(const Fp2& a, Fp b) { return {a.c0 - b, a.c1}; }
  constexpr Fp2& operator+=(const Fp2& o) { return *this = *this + o; }
  constexpr Fp2& operator-=(const Fp2& o) { return *this = *this - o; }
  constexpr Fp2& operator*=(const Fp2& o) { return *this = *this * o; }
  constexpr Fp2& operator*=(Fp o) { return *this = *this * o; }

  constexpr Fp2 Square() const { return *this * *this; }
  constexpr Fp2 Pow(uint64_t e) const {
    Fp2 base = *this, acc = One();
    while (e != 0) {
      if (e & 1) acc *= base;
      base = base.Square();
      e >>= 1;
    }
    return acc;
  }
  // The conjugate c0 - c1 X (the Frobenius map x -> x^p, since X^p = -X for a non-residue W).
  constexpr Fp2 Conjugate() const { return {c0, -c1}; }
  // The norm c0^2 - W c1^2, an element of the base field.
  constexpr Fp Norm() const { return c0.Square() - MulW(c1.Square()); }
  // Zero maps to zero.
  constexpr Fp2 Inverse() const {
    Fp n = Norm().Inverse();
    return {c0 * n, -(c1 * n)};
  }

  std::string ToString() const { return "(" + c0.ToString() + ", " + c1.ToString() + ")"; }

  Fp c0, c1;

 private:
  static constexpr Fp MulW(Fp a) {
    // 7a = 8a - a.
    Fp a2 = a.Double(), a4 = a2.Double();
    return a4.Double() - a;
  }
};

// sum_j a_j * v_j over Fp without reducing each product: a 128-bit sum plus a count of its wraps
// (2^128 = -2^32 mod p), reduced once by Value().
struct LazySum {
  unsigned __int128 lo = 0;
  uint64_t wraps = 0;
  constexpr void Add(Fp a, Fp v) {
    const unsigned __int128 p = static_cast<unsigned __int128>(a.value()) * v.value();
    lo += p;
    wraps += lo < p;
  }
  constexpr Fp Value() const {
    return Fp::Reduce128(lo) - Fp::FromU64(wraps) * Fp::FromU64(uint64_t{1} << 32);
  }
};

// Replaces every element by its inverse with one field inversion (Montgomery's trick). Zeros stay
// zero. Works for Fp and Fp2.
template <class F>
void BatchInverse(std::span<F> values) {
  if (values.empty()) return;
  std::vector<F> prefix(values.size());
  F acc = F::One();
  for (size_t i = 0; i < values.size(); ++i) {
    prefix[i] = acc;
    if (!values[i].IsZero()) acc *= values[i];
  }
  F inv = acc.Inverse();
  for (size_t i = values.size(); i-- > 0;) {
    if (values[i].IsZero()) continue;
    F v = values[i];
    values[i] = inv * prefix[i];
    inv *= v;
  }
}

// Powers 1, x, x^2, ..., x^(n-1).
template <class F>
std::vector<F> Powers(const F& x, size_t n) {
  std::vector<F> out(n);
  F acc = F::One();
  for (size_t i = 0; i < n; ++i) {
    out[i] = acc;
    acc *= x;
  }
  return out;
}

}  // namespace entangle::goldilocks

#endif  // ENTANGLE_PROOF_SYSTEMS_FIELD_GOLDILOCKS_H_
