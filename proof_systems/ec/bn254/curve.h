// BN254 groups: G1 = E(Fq): y^2 = x^3 + 3, G2 = E'(Fq2): y^2 = x^3 + 3 / (9 + u) (the D-type
// sextic twist), in affine and Jacobian coordinates; scalar multiplication (wNAF); the optimal ate
// pairing with final exponentiation and a multi-pairing product check; hash-to-field.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_CURVE_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_CURVE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "proof_systems/ec/bn254/fields.h"

namespace entangle::bn254 {

// Curve constants, computed once (from public parameters) at first use.
struct Constants {
  Fq2 b2;                             // 3 / xi
  Fq2 frob_gamma[3][6];               // frob_gamma[k-1][i] = xi^(i (p^k - 1) / 6)
  Fq2 twist_x, twist_y;               // xi^((p-1)/3), xi^((p-1)/2): the Frobenius on the twist
  std::array<uint64_t, 12> hard_exp;  // (p^4 - p^2 + 1) / r
  int hard_exp_bits;
};
const Constants& GetConstants();

template <class F>
struct CurveTraits;
template <>
struct CurveTraits<Fq> {
  static Fq B() {
    static const Fq b = Fq::FromUint(3);  // (a multiplication saved per on-curve check)
    return b;
  }
};
template <>
struct CurveTraits<Fq2> {
  static Fq2 B() { return GetConstants().b2; }
};

template <class F>
struct Affine {
  F x, y;
  bool infinity = true;
  static Affine Infinity() { return Affine(); }
  bool IsOnCurve() const {
    if (infinity) return true;
    return y * y == x * x * x + CurveTraits<F>::B();
  }
  Affine operator-() const {
    Affine r = *this;
    if (!infinity) r.y = -r.y;
    return r;
  }
  bool operator==(const Affine& o) const {
    if (infinity || o.infinity) return infinity == o.infinity;
    return x == o.x && y == o.y;
  }
};

template <class F>
struct Jacobian {
  F x, y, z;  // (X / Z^2, Y / Z^3); Z = 0 is the point at infinity
  static Jacobian Infinity() { return {F::One(), F::One(), F::Zero()}; }
  static Jacobian From(const Affine<F>& a) {
    if (a.infinity) return Infinity();
    return {a.x, a.y, F::One()};
  }
  bool IsInfinity() const { return z.IsZero(); }
  Affine<F> ToAffine() const {
    if (IsInfinity()) return Affine<F>::Infinity();
    F zi = z.Inverse(), zi2 = zi * zi;
    return {x * zi2, y * zi2 * zi, false};
  }
  Jacobian operator-() const { return {x, -y, z}; }
  bool operator==(const Jacobian& o) const {
    if (IsInfinity() || o.IsInfinity()) return IsInfinity() == o.IsInfinity();
    F z1 = z * z, z2 = o.z * o.z;
    return x * z2 == o.x * z1 && y * z2 * o.z == o.y * z1 * z;
  }
  Jacobian Double() const {
    if (IsInfinity()) return *this;
    F a = x * x, b = y * y, c = b * b;
    F d = ((x + b) * (x + b) - a - c).Double();
    F e = a + a + a, f = e * e;
    Jacobian r;
    r.x = f - d.Double();
    r.y = e * (d - r.x) - c.Double().Double().Double();
    r.z = (y * z).Double();
    return r;
  }
  Jacobian operator+(const Jacobian& o) const {
    if (IsInfinity()) return o;
    if (o.IsInfinity()) return *this;
    F z1z1 = z * z, z2z2 = o.z * o.z;
    F u1 = x * z2z2, u2 = o.x * z1z1;
    F s1 = y * o.z * z2z2, s2 = o.y * z * z1z1;
    F h = u2 - u1, rr = (s2 - s1).Double();
    if (h.IsZero()) return rr.IsZero() ? Double() : Infinity();
    F i = h.Double().Square(), j = h * i, v = u1 * i;
    Jacobian r;
    r.x = rr * rr - j - v.Double();
    r.y = rr * (v - r.x) - (s1 * j).Double();
    r.z = ((z + o.z).Square() - z1z1 - z2z2) * h;
    return r;
  }
  // Mixed addition with an affine point.
  Jacobian AddMixed(const Affine<F>& o) const {
    if (o.infinity) return *this;
    if (IsInfinity()) return From(o);
    F z1z1 = z * z;
    F u2 = o.x * z1z1, s2 = o.y * z * z1z1;
    F h = u2 - x, rr = (s2 - y).Double();
    if (h.IsZero()) return rr.IsZero() ? Double() : Infinity();
    F hh = h.Square(), i = hh.Double().Double(), j = h * i, v = x * i;
    Jacobian r;
    r.x = rr * rr - j - v.Double();
    r.y = rr * (v - r.x) - (y * j).Double();
    r.z = (z + h).Square() - z1z1 - hh;
    return r;
  }
  Jacobian& operator+=(const Jacobian& o) { return *this = *this + o; }
};

using G1Affine = Affine<Fq>;
using G2Affine = Affine<Fq2>;
using G1 = Jacobian<Fq>;
using G2 = Jacobian<Fq2>;

// Generators (the ones Ethereum and snarkjs use).
G1Affine G1Generator();
G2Affine G2Generator();

// Scalar multiplication by a 256-bit integer (not reduced: the precompile multiplies by the full
// integer), width-5 wNAF.
template <class F>
Jacobian<F> ScalarMul(const Jacobian<F>& p, const U256& k);
template <class F>
Jacobian<F> ScalarMul(const Jacobian<F>& p, const Fr& k) {
  return ScalarMul(p, k.ToU256());
}

// The GLV endomorphism phi(x, y) = (beta x, y) = lambda P, beta a cube root of unity in Fq, lambda
// one in Fr (lambda^2 + lambda + 1 = 0 mod r). It is an endomorphism of E(Fq) and of the twist
// E'(Fq2); the same lambda pairs with beta on G1 and with the other cube root, beta^2, on G2 (the
// eigenvalues of phi on G1 and G2 multiply to deg phi = 1). Both are found at startup by checking
// phi(G) == lambda G on the generators.
Fr GlvLambda();
template <class F>
Fq GlvBeta();  // F = Fq: G1's, F = Fq2: G2's
template <class F>
Affine<F> GlvPhi(const Affine<F>& p) {
  return {p.x * GlvBeta<F>(), p.y, p.infinity};
}

// The GLV split k = k1 + k2 lambda mod r with |k1|, |k2| < 2^kGlvHalfBits: (k1, k2) = (k, 0) minus
// the nearest lattice vector c1 v1 + c2 v2 of the short basis v1 = (a1, b1), v2 = (a2, b2) of
// {(x, y): x + y lambda = 0 mod r} (|a_i|, |b_i| < 2^127, found by extended Euclid at startup);
// c_i = round(b2 k / det), round(-b1 k / det) by 2^380-scaled multipliers (error < 2^-126, so
// |c_i - exact| <= 1/2 + 2^-126 and |k_j| <= (1/2 + 2^-126)(|a1| + |a2|) resp. (|b1| + |b2|),
// both < 0.88 * 2^126 for BN254). Scalars below 2^123 are their own split (c1 = c2 = 0).
constexpr int kGlvHalfBits = 126;
struct GlvHalves {
  U256 k1, k2;  // magnitudes (< 2^126)
  bool neg1, neg2;
};
// The split's constants: the basis (two's complement, |.| < 2^127) and c1 = (neg_c1 ? -1 : 1)
// round(g1 k / 2^kGlvScale), c2 likewise with g2 (g_i = round(|b| 2^kGlvScale / r), |b| = |b2|
// resp. |b1|). Exposed for tests (a reference split).
constexpr int kGlvScale = 380;
struct GlvBasis {
  u128 a1, b1, a2, b2;
  U256 g1, g2;
  bool neg_c1, neg_c2;
};
const GlvBasis& GlvSplitBasis();
// round(g k / 2^kGlvScale) for k < 2^256, g < 2^256 (bits kGlvScale .. kGlvScale + 127 of
// g k + 2^(kGlvScale - 1)): GlvSplit's rounding, exposed for tests.
u128 GlvRoundScaled(const U256& k, const U256& g);
GlvHalves GlvSplit(const Fr& k);

// G1 scalar multiplication by GLV (GlvSplit, GlvPhi), then an interleaved width-5 wNAF. Equals
// ScalarMul(p, k mod r) for p in G1 (the order-r group, which is all of E(Fq)).
G1 GlvMul(const G1& p, const Fr& k);

// True when the (on-curve) G2 point lies in the order-r subgroup.
bool G2InSubgroup(const G2Affine& q);

// The Miller loop's line coefficients for a fixed G2 point (the parts that do not depend on the G1
// point): a verifying key's G2 points are prepared once, and a multi-pairing with prepared points
// does no G2 arithmetic at all.
struct G2Prepared {
  std::vector<std::array<Fq2, 3>> lines;  // line = lines[k][0] yP + lines[k][1] xP w + [2] v w
  bool infinity = true;
};
G2Prepared PrepareG2(const G2Affine& q);

// The optimal ate Miller loop (without final exponentiation) and the final exponentiation.
Fq12 MillerLoop(const G1Affine& p, const G2Affine& q);
// prod_i MillerLoop(P_i, Q_i) with the squarings shared (pairs with a point at infinity skipped).
Fq12 MultiMillerLoop(std::span<const std::pair<G1Affine, G2Affine>> pairs);
Fq12 MultiMillerLoopPrepared(std::span<const std::pair<G1Affine, const G2Prepared*>> pairs);
Fq12 FinalExponentiation(const Fq12& f);
// The same by plain exponentiation (slow; the reference for tests).
Fq12 FinalExponentiationSlow(const Fq12& f);
// e(P, Q) in the order-r subgroup of Fq12^*.
Fq12 Pairing(const G1Affine& p, const G2Affine& q);
// True when prod e(P_i, Q_i) == 1 (points assumed on the curve and in their subgroups).
bool PairingProductIsOne(std::span<const std::pair<G1Affine, G2Affine>> pairs);
bool PairingProductIsOnePrepared(std::span<const std::pair<G1Affine, const G2Prepared*>> pairs);

// hash_to_field (RFC 9380, expand_message_xmd with SHA-256, L = 48): `count` elements of Fq / Fr.
std::vector<Fq> HashToFq(std::string_view msg, std::string_view dst, size_t count);
std::vector<Fr> HashToFr(std::string_view msg, std::string_view dst, size_t count);

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_CURVE_H_
