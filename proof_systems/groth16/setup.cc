#include "proof_systems/groth16/setup.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <memory>

#include "common/bytes.h"
#include "common/status.h"
#include "common/thread_pool.h"
#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/ec/bn254/msm.h"
#include "proof_systems/groth16/prover.h"

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

// No "groth16 setup:" prefix: the caller names the operation (the CLI's "groth16 setup: ...").
absl::Status Err(const std::string& m) { return absl::InvalidArgumentError(m); }

// BLAKE2b-512, streaming (snarkjs's csHasher).
class Blake2b512 {
 public:
  Blake2b512() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_blake2b512(), nullptr); }
  ~Blake2b512() { EVP_MD_CTX_free(ctx_); }
  void Update(const uint8_t* p, size_t n) { EVP_DigestUpdate(ctx_, p, n); }
  void U32Be(uint32_t v) {
    uint8_t b[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    Update(b, 4);
  }
  void Point(const G1Affine& p) { Update(G1ToEth(p).data(), 64); }
  void Point(const G2Affine& p) { Update(G2ToEth(p).data(), 128); }
  template <class P>
  void Points(const std::vector<P>& v) {
    for (const P& p : v) Point(p);
  }
  std::array<uint8_t, 64> Final() {
    std::array<uint8_t, 64> d{};
    unsigned len = 0;
    EVP_DigestFinal_ex(ctx_, d.data(), &len);
    return d;
  }

 private:
  EVP_MD_CTX* ctx_;
};

void PutPoint(Bytes& out, const G1Affine& p) {
  size_t at = out.size();
  out.resize(at + 64);
  G1ToLeMont(p, out.data() + at);
}
void PutPoint(Bytes& out, const G2Affine& p) {
  size_t at = out.size();
  out.resize(at + 128);
  G2ToLeMont(p, out.data() + at);
}

// coef * (one of the four Lagrange bases)[row].
enum BaseKind : uint8_t { kTau, kAlphaTau, kBetaTau, kTauG2 };
struct Term {
  uint32_t row;
  BaseKind kind;
  Fr coef;
};

Jacobian<Fq> BigMul(const G1Affine& p, const Fr& c) { return GlvMul(G1::From(p), c); }
Jacobian<Fq2> BigMul(const G2Affine& p, const Fr& c) { return ScalarMul(G2::From(p), c); }
G1 Msm(std::span<const G1Affine> p, std::span<const Fr> s) { return MsmG1(p, s); }
G2 Msm(std::span<const G2Affine> p, std::span<const Fr> s) { return MsmG2(p, s); }

// c * P with shortcuts for the small (or small negative) coefficients circuits mostly have.
template <class F>
Jacobian<F> MulCoef(const Affine<F>& p, const Fr& c) {
  static const U256 kHalf = [] {
    U256 h;
    SubU256(h, Fr::kMod, U256{1, 0, 0, 0});
    for (int i = 0; i < 4; ++i) h[i] = (h[i] >> 1) | (i < 3 ? h[i + 1] << 63 : 0);
    return h;
  }();
  U256 v = c.ToU256();
  bool neg = false;
  if (!GeqU256(kHalf, v)) {  // v > (r - 1) / 2: use -(r - v)
    SubU256(v, Fr::kMod, v);
    neg = true;
  }
  if (v[1] | v[2] | v[3]) return BigMul(p, c);
  const Affine<F> q = neg ? -p : p;
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (int i = 63 - __builtin_clzll(v[0] | 1); i >= 0; --i) {
    acc = acc.Double();
    if ((v[0] >> i) & 1) acc = acc.AddMixed(q);
  }
  return acc;
}

constexpr size_t kMsmThreshold = 128;

// The bases by BaseKind (G1: kTau, kAlphaTau, kBetaTau; G2: kTauG2 only).
template <class F>
using BaseTable = std::array<const std::vector<Affine<F>>*, 4>;

template <class F>
Jacobian<F> SumTerms(const std::vector<Term>& t, const BaseTable<F>& bases) {
  if (t.size() >= kMsmThreshold) {
    std::vector<Affine<F>> pts(t.size());
    std::vector<Fr> sc(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
      pts[i] = (*bases[t[i].kind])[t[i].row];
      sc[i] = t[i].coef;
    }
    return Msm(std::span<const Affine<F>>(pts), std::span<const Fr>(sc));
  }
  Jacobian<F> acc = Jacobian<F>::Infinity();
  for (const Term& x : t) acc += MulCoef((*bases[x.kind])[x.row], x.coef);
  return acc;
}

// outs[i] = sum of its terms, as affine points; dense outputs use the (parallel) MSM, the rest are
// spread over the pool.
template <class F>
std::vector<Affine<F>> CombineAll(const std::vector<std::vector<Term>>& outs,
                                  const BaseTable<F>& bases) {
  const size_t n = outs.size();
  std::vector<Jacobian<F>> j(n, Jacobian<F>::Infinity());
  for (size_t i = 0; i < n; ++i) {
    if (outs[i].size() >= kMsmThreshold) j[i] = SumTerms(outs[i], bases);
  }
  ThreadPool::Default().ParallelFor(
      n,
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          if (outs[i].size() < kMsmThreshold) j[i] = SumTerms(outs[i], bases);
        }
      },
      64);
  std::vector<Affine<F>> res(n);
  ThreadPool::Default().ParallelFor(
      n,
      [&](size_t b, size_t e) {
        auto a = BatchToAffine(std::span<const Jacobian<F>>(j.data() + b, e - b));
        std::copy(a.begin(), a.end(), res.begin() + b);
      },
      4096);
  return res;
}

// Everything the key is made of, besides the circuit.
struct Bases {
  std::vector<G1Affine> l1, la, lb;  // L_i(tau) G1, alpha L_i(tau) G1, beta L_i(tau) G1 (domain N)
  std::vector<G2Affine> l2;          // L_i(tau) G2
  Bytes h_lem;                       // section 9 (N points, little-endian Montgomery)
  uint32_t h_hash_count = 0;         // the count hashed before the H points
  std::vector<G1Affine> h_hash;      // the points hashed for H
  Bytes alpha1_lem, beta1_lem, beta2_lem;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  Fr c_scale = Fr::One();  // 1 / delta for the C points
  bool insecure = false;
  // InsecureDevSetup knows tau: the scalars L_i(tau), alpha L_i(tau), beta L_i(tau) replace l1, la,
  // lb and l2, and every point is one fixed-base multiplication of its combined scalar.
  std::vector<Fr> s_tau, s_alpha, s_beta;
  bool by_scalar = false;
};

template <class F>
std::vector<Affine<F>> FixedBase(const Affine<F>& g, const std::vector<Fr>& s);

// outs[i] = sum of its terms over the scalars (kTauG2 reads s_tau).
std::vector<Fr> CombineScalars(const std::vector<std::vector<Term>>& outs, const Bases& k) {
  const std::array<const std::vector<Fr>*, 4> sc = {&k.s_tau, &k.s_alpha, &k.s_beta, &k.s_tau};
  std::vector<Fr> res(outs.size());
  ThreadPool::Default().ParallelFor(
      outs.size(),
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          Fr acc = Fr::Zero();
          for (const Term& t : outs[i]) acc += t.coef * (*sc[t.kind])[t.row];
          res[i] = acc;
        }
      },
      1024);
  return res;
}

Bytes BuildZkey(const R1cs& r1cs, uint32_t n, const Bases& k) {
  const uint32_t np = r1cs.n_public(), nv = r1cs.n_wires;
  const uint32_t m = r1cs.constraints.size();
  Blake2b512 hash;
  BinWriter w("zkey", 1, k.insecure ? 11 : 10);
  PutU32(w.Begin(1), 1);  // Groth16
  w.End();
  {
    Bytes& o = w.Begin(2);
    PutU32(o, 32);
    PutU256(o, Fq::kMod);
    PutU32(o, 32);
    PutU256(o, Fr::kMod);
    PutU32(o, nv);
    PutU32(o, np);
    PutU32(o, n);
    Append(o, k.alpha1_lem);
    Append(o, k.beta1_lem);
    Append(o, k.beta2_lem);
    PutPoint(o, k.gamma2);
    PutPoint(o, k.delta1);
    PutPoint(o, k.delta2);
    w.End();
    hash.Point(k.alpha1);
    hash.Point(k.beta1);
    hash.Point(k.beta2);
    hash.Point(k.gamma2);
    hash.Point(k.delta1);
    hash.Point(k.delta2);
  }
  // The sparse combinations, and the coefficient list (values stored as c * R^2 mod r).
  std::vector<std::vector<Term>> a(nv), b1(nv), ic(np + 1), c(nv - np - 1), b2(nv);
  auto icc = [&](uint32_t s) -> std::vector<Term>& { return s <= np ? ic[s] : c[s - np - 1]; };
  auto scale = [&](uint32_t s, const Fr& v) { return s <= np ? v : v * k.c_scale; };
  const Fr r_mont = Fr::FromU256Unchecked(Fr::kR);
  Bytes& o = w.Begin(4);
  size_t count_pos = o.size();
  PutU32(o, 0);
  uint32_t ncoef = 0;
  auto put_coef = [&](uint32_t mat, uint32_t row, uint32_t sig, const Fr& v) {
    PutU32(o, mat);
    PutU32(o, row);
    PutU32(o, sig);
    PutU256(o, (v * r_mont).mont());
    ++ncoef;
  };
  for (uint32_t i = 0; i < m; ++i) {
    const auto& con = r1cs.constraints[i];
    for (const auto& [s, v] : con[0]) {
      a[s].push_back({i, kTau, v});
      icc(s).push_back({i, kBetaTau, scale(s, v)});
      put_coef(0, i, s, v);
    }
    for (const auto& [s, v] : con[1]) {
      b1[s].push_back({i, kTau, v});
      b2[s].push_back({i, kTauG2, v});
      icc(s).push_back({i, kAlphaTau, scale(s, v)});
      put_coef(1, i, s, v);
    }
    for (const auto& [s, v] : con[2]) icc(s).push_back({i, kTau, scale(s, v)});
  }
  for (uint32_t s = 0; s <= np; ++s) {
    a[s].push_back({m + s, kTau, Fr::One()});
    ic[s].push_back({m + s, kBetaTau, Fr::One()});
    put_coef(0, m + s, s, Fr::One());
  }
  for (int i = 0; i < 4; ++i) o[count_pos + i] = uint8_t(ncoef >> (8 * i));
  w.End();

  auto section = [&](uint32_t type, const auto& points) {
    hash.U32Be(points.size());
    Bytes& out = w.Begin(type);
    for (const auto& p : points) PutPoint(out, p);
    w.End();
    hash.Points(points);
  };
  const BaseTable<Fq> g1_bases = {&k.l1, &k.la, &k.lb, nullptr};
  const BaseTable<Fq2> g2_bases = {nullptr, nullptr, nullptr, &k.l2};
  auto g1 = [&](const std::vector<std::vector<Term>>& outs) {
    return k.by_scalar ? FixedBase(G1Generator(), CombineScalars(outs, k))
                       : CombineAll<Fq>(outs, g1_bases);
  };
  auto g2 = [&](const std::vector<std::vector<Term>>& outs) {
    return k.by_scalar ? FixedBase(G2Generator(), CombineScalars(outs, k))
                       : CombineAll<Fq2>(outs, g2_bases);
  };
  section(3, g1(ic));
  Append(w.Begin(9), k.h_lem);
  w.End();
  hash.U32Be(k.h_hash_count);
  hash.Points(k.h_hash);
  section(8, g1(c));
  section(5, g1(a));
  section(6, g1(b1));
  section(7, g2(b2));
  {
    Bytes& out = w.Begin(10);
    auto d = hash.Final();
    out.insert(out.end(), d.begin(), d.end());
    PutU32(out, 0);  // no contributions
    w.End();
  }
  if (k.insecure) {
    Bytes& out = w.Begin(kInsecureDevSetupSection);
    out.insert(out.end(), kInsecureDevSetupText,
               kInsecureDevSetupText + sizeof(kInsecureDevSetupText) - 1);
    w.End();
  }
  return w.Take();
}

Bytes Lem(const G1Affine& p) {
  Bytes b;
  PutPoint(b, p);
  return b;
}
Bytes Lem(const G2Affine& p) {
  Bytes b;
  PutPoint(b, p);
  return b;
}

absl::Status CheckCircuit(const R1cs& r1cs, uint32_t power) {
  if (r1cs.n_wires < r1cs.n_public() + 1) return Err("inconsistent wire counts");
  if (power >= 28) return Err("circuit too big: needs a domain of 2^" + std::to_string(power));
  return absl::OkStatus();
}

}  // namespace

uint32_t SetupDomainPower(const R1cs& r1cs) {
  uint64_t v = r1cs.constraints.size() + uint64_t{r1cs.n_public()};
  uint32_t lg = v == 0 ? 0 : 63 - __builtin_clzll(v);
  return lg + 1;
}

absl::StatusOr<Bytes> Setup(const R1cs& r1cs, const Ptau& ptau) {
  const uint32_t cp = SetupDomainPower(r1cs);
  RETURN_IF_ERROR(CheckCircuit(r1cs, cp));
  if (cp > ptau.power) {
    return Err(
        "circuit too big for this powers of tau: " + std::to_string(r1cs.constraints.size()) +
        " constraints + " + std::to_string(r1cs.n_public()) + " public signals need 2^" +
        std::to_string(cp) + ", the ptau has 2^" + std::to_string(ptau.power));
  }
  if (!ptau.prepared) {
    return Err("the powers of tau is not prepared (run `snarkjs powersoftau prepare phase2`)");
  }
  const size_t n = size_t{1} << cp;
  Bases k;
  const size_t off = PtauLagrangeOffset(cp);
  // Decoding the four Lagrange sections, the H block and tauG1 for the hash (each in parallel).
  ASSIGN_OR_RETURN(k.l1, ptau.G1Range(kPtauLagrangeTauG1, off, n));
  ASSIGN_OR_RETURN(k.l2, ptau.G2Range(kPtauLagrangeTauG2, off, n));
  ASSIGN_OR_RETURN(k.la, ptau.G1Range(kPtauLagrangeAlphaTauG1, off, n));
  ASSIGN_OR_RETURN(k.lb, ptau.G1Range(kPtauLagrangeBetaTauG1, off, n));
  {
    // H: the odd points of the Lagrange block of domain 2n (validated, copied as they are).
    const size_t off2 = PtauLagrangeOffset(cp + 1);
    RETURN_IF_ERROR(ptau.G1Range(kPtauLagrangeTauG1, off2, 2 * n).status());
    ASSIGN_OR_RETURN(ByteView raw, ptau.Raw(kPtauLagrangeTauG1, off2, 2 * n, 64));
    k.h_lem.resize(n * 64);
    for (size_t i = 0; i < n; ++i) std::memcpy(&k.h_lem[64 * i], &raw[64 * (2 * i + 1)], 64);
  }
  {
    // snarkjs hashes tauG1[i + n] - tauG1[i] for i < n - 1, in chunks of 2^14 points whose last
    // chunk is not shortened: for n > 2^14 it hashes n points (i = n - 1 too).
    const size_t count = (n - 1 > (1u << 14)) ? n : n - 1;
    if (2 * n - 1 + (count == n ? 1 : 0) > 2 * (size_t{1} << ptau.power) - 1) {
      return Err("snarkjs's circuit hash for a domain of 2^" + std::to_string(cp) +
                 " reads past the tauG1 section of a 2^" + std::to_string(ptau.power) +
                 " powers of tau; use a powers of tau of a larger power");
    }
    ASSIGN_OR_RETURN(auto tau, ptau.G1Range(kPtauTauG1, 0, n + count));
    std::vector<G1> d(count);
    ThreadPool::Default().ParallelFor(
        count,
        [&](size_t b, size_t e) {
          for (size_t i = b; i < e; ++i) d[i] = G1::From(tau[i + n]).AddMixed(-tau[i]);
        },
        4096);
    k.h_hash_count = n - 1;
    k.h_hash.resize(count);
    ThreadPool::Default().ParallelFor(
        count,
        [&](size_t b, size_t e) {
          auto a = BatchToAffine(std::span<const G1>(d.data() + b, e - b));
          std::copy(a.begin(), a.end(), k.h_hash.begin() + b);
        },
        4096);
  }
  ASSIGN_OR_RETURN(ByteView a1, ptau.Raw(kPtauAlphaTauG1, 0, 1, 64));
  ASSIGN_OR_RETURN(ByteView b1, ptau.Raw(kPtauBetaTauG1, 0, 1, 64));
  ASSIGN_OR_RETURN(ByteView b2, ptau.Raw(kPtauBetaG2, 0, 1, 128));
  k.alpha1_lem.assign(a1.begin(), a1.end());
  k.beta1_lem.assign(b1.begin(), b1.end());
  k.beta2_lem.assign(b2.begin(), b2.end());
  k.alpha1 = ptau.alpha1;
  k.beta1 = ptau.beta1;
  k.beta2 = ptau.beta2;
  k.gamma2 = G2Generator();
  k.delta1 = G1Generator();
  k.delta2 = G2Generator();
  return BuildZkey(r1cs, n, k);
}

namespace {

Fr RandomNonZeroFr() {
  for (;;) {
    uint8_t b[64];
    if (RAND_bytes(b, sizeof(b)) != 1) continue;
    U256 hi{}, lo{};
    for (int i = 0; i < 32; ++i) hi[i / 8] |= (uint64_t)b[i] << (8 * (i % 8));
    for (int i = 0; i < 32; ++i) lo[i / 8] |= (uint64_t)b[32 + i] << (8 * (i % 8));
    hi[3] &= 0x0fffffffffffffffULL;
    lo[3] &= 0x0fffffffffffffffULL;
    Fr two128 = Fr::FromU256Unchecked(U256{0, 0, 1, 0});
    Fr v = Fr::FromU256Reduce(hi) * two128 * two128 + Fr::FromU256Reduce(lo);
    if (!v.IsZero()) return v;
  }
}

// L_i(tau) for i < n over the domain of the n-th roots of unity (ffjavascript's roots):
// L_i(tau) = w^i (tau^n - 1) / (n (tau - w^i)).
absl::StatusOr<std::vector<Fr>> LagrangeAt(const Fr& tau, int log_n) {
  ASSIGN_OR_RETURN(const Fr w, RootOfUnity(log_n));
  const size_t n = size_t{1} << log_n;
  Fr tn = tau;
  for (int i = 0; i < log_n; ++i) tn = tn.Square();
  const Fr z = (tn - Fr::One()) * Fr::FromUint(n).Inverse();
  std::vector<Fr> out(n);
  // Chunks in parallel, one inversion per chunk (Montgomery's trick).
  ThreadPool::Default().ParallelFor(
      n,
      [&](size_t b, size_t e) {
        std::vector<Fr> den(e - b), prefix(e - b);
        Fr wi = w.Pow(U256{b, 0, 0, 0}), acc = Fr::One();
        for (size_t i = b; i < e; ++i, wi *= w) {
          out[i] = wi * z;
          den[i - b] = tau - wi;  // nonzero unless tau is an n-th root of unity (chance n / r)
          prefix[i - b] = acc;
          acc *= den[i - b];
        }
        Fr inv = acc.Inverse();
        for (size_t i = e; i-- > b;) {
          out[i] *= inv * prefix[i - b];
          inv *= den[i - b];
        }
      },
      4096);
  return out;
}

// s_i * g for many s_i: a table of d * 2^(8w) g (32 windows x 256 digits, affine), then 32 mixed
// additions per scalar.
template <class F>
std::vector<Affine<F>> FixedBase(const Affine<F>& g, const std::vector<Fr>& s) {
  std::vector<Jacobian<F>> tj(32 * 256);
  Jacobian<F> base = Jacobian<F>::From(g);
  for (int w = 0; w < 32; ++w) {
    tj[w * 256] = Jacobian<F>::Infinity();
    for (int d = 1; d < 256; ++d) tj[w * 256 + d] = tj[w * 256 + d - 1] + base;
    for (int i = 0; i < 8; ++i) base = base.Double();
  }
  const std::vector<Affine<F>> table = BatchToAffine(std::span<const Jacobian<F>>(tj));
  std::vector<Jacobian<F>> j(s.size());
  ThreadPool::Default().ParallelFor(
      s.size(),
      [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) {
          const U256 v = s[i].ToU256();
          Jacobian<F> acc = Jacobian<F>::Infinity();
          for (int w = 0; w < 32; ++w) {
            const int d = (v[w / 8] >> (8 * (w % 8))) & 0xff;
            if (d) acc = acc.AddMixed(table[w * 256 + d]);
          }
          j[i] = acc;
        }
      },
      64);
  return BatchToAffine(std::span<const Jacobian<F>>(j));
}

}  // namespace

absl::StatusOr<Bytes> InsecureDevSetup(const R1cs& r1cs) {
  const uint32_t cp = SetupDomainPower(r1cs);
  RETURN_IF_ERROR(CheckCircuit(r1cs, cp));
  const size_t n = size_t{1} << cp;
  // The toxic waste: random, used here and dropped.
  const Fr tau = RandomNonZeroFr(), alpha = RandomNonZeroFr(), beta = RandomNonZeroFr(),
           delta = RandomNonZeroFr();
  const Fr delta_inv = delta.Inverse();
  Bases k;
  ASSIGN_OR_RETURN(k.s_tau, LagrangeAt(tau, cp));
  k.s_alpha.resize(n);
  k.s_beta.resize(n);
  for (size_t i = 0; i < n; ++i) {
    k.s_alpha[i] = alpha * k.s_tau[i];
    k.s_beta[i] = beta * k.s_tau[i];
  }
  k.by_scalar = true;
  ASSIGN_OR_RETURN(const std::vector<Fr> l2n, LagrangeAt(tau, cp + 1));
  std::vector<Fr> h(n);
  for (size_t i = 0; i < n; ++i) h[i] = l2n[2 * i + 1] * delta_inv;
  const G1Affine g1 = G1Generator();
  const G2Affine g2 = G2Generator();
  auto hp = FixedBase(g1, h);
  for (const auto& p : hp) Append(k.h_lem, Lem(p));
  k.h_hash_count = n;
  k.h_hash = hp;
  k.alpha1 = FixedBase(g1, {alpha})[0];
  k.beta1 = FixedBase(g1, {beta})[0];
  k.beta2 = FixedBase(g2, {beta})[0];
  k.delta1 = FixedBase(g1, {delta})[0];
  k.delta2 = FixedBase(g2, {delta})[0];
  k.gamma2 = g2;
  k.alpha1_lem = Lem(k.alpha1);
  k.beta1_lem = Lem(k.beta1);
  k.beta2_lem = Lem(k.beta2);
  k.c_scale = delta_inv;
  k.insecure = true;
  return BuildZkey(r1cs, n, k);
}

}  // namespace entangle::groth16
