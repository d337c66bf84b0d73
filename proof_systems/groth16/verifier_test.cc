#include "proof_systems/groth16/verifier.h"

#include <gtest/gtest.h>

#include <random>

namespace entangle::groth16 {
namespace {

using namespace entangle::bn254;

Fr RandFr(std::mt19937_64& rng) {
  return Fr::FromU256Reduce(U256{rng(), rng(), rng(), rng() >> 3});
}
G1Affine G1Mul(const Fr& k) { return ScalarMul(G1::From(G1Generator()), k).ToAffine(); }
G2Affine G2Mul(const Fr& k) { return ScalarMul(G2::From(G2Generator()), k).ToAffine(); }

// A key with known trapdoor and proofs made by the simulator (C chosen to satisfy the equation):
// exercises exactly the verification equation, independent of any prover.
struct Fixture {
  Fr a, b, g, d;
  std::vector<Fr> u;
  VerifyingKey vk;

  explicit Fixture(std::mt19937_64& rng, size_t n_pub) {
    a = RandFr(rng), b = RandFr(rng), g = RandFr(rng), d = RandFr(rng);
    vk.alpha = G1Mul(a);
    vk.beta = G2Mul(b);
    vk.gamma = G2Mul(g);
    vk.delta = G2Mul(d);
    for (size_t i = 0; i <= n_pub; ++i) {
      u.push_back(RandFr(rng));
      vk.ic.push_back(G1Mul(u.back()));
    }
  }
  Proof Simulate(std::mt19937_64& rng, const std::vector<Fr>& pub) const {
    Fr s = RandFr(rng), t = RandFr(rng);
    Fr vkx = u[0];
    for (size_t i = 0; i < pub.size(); ++i) vkx += pub[i] * u[i + 1];
    Fr c = (s * t - a * b - vkx * g) * d.Inverse();
    return {G1Mul(s), G2Mul(t), G1Mul(c)};
  }
};

TEST(Groth16Verifier, AcceptsValidRejectsTampered) {
  std::mt19937_64 rng(11);
  Fixture fx(rng, 2);
  PreparedVerifyingKey pvk = Prepare(fx.vk);
  std::vector<Fr> pub = {Fr::FromUint(33), Fr::FromUint(5)};
  Proof p = fx.Simulate(rng, pub);
  EXPECT_TRUE(*Verify(pvk, p, pub));

  Proof bad = p;
  bad.a = G1Generator();
  EXPECT_FALSE(*Verify(pvk, bad, pub));
  bad = p;
  bad.b = G2Generator();
  EXPECT_FALSE(*Verify(pvk, bad, pub));
  bad = p;
  bad.c = -p.c;
  EXPECT_FALSE(*Verify(pvk, bad, pub));
  std::vector<Fr> wrong = {Fr::FromUint(34), Fr::FromUint(5)};
  EXPECT_FALSE(*Verify(pvk, p, wrong));
  EXPECT_FALSE(Verify(pvk, p, std::vector<Fr>{Fr::One()}).ok());
}

TEST(Groth16Verifier, JsonRoundTripAndBadJson) {
  std::mt19937_64 rng(12);
  Fixture fx(rng, 1);
  std::vector<Fr> pub = {Fr::FromUint(7)};
  Proof p = fx.Simulate(rng, pub);
  auto vk2 = ParseVerifyingKeyJson(VerifyingKeyToJson(fx.vk));
  ASSERT_TRUE(vk2.ok()) << vk2.status();
  auto p2 = ParseProofJson(ProofToJson(p));
  ASSERT_TRUE(p2.ok()) << p2.status();
  auto pub2 = ParsePublicJson(PublicToJson(pub));
  ASSERT_TRUE(pub2.ok()) << pub2.status();
  EXPECT_TRUE(*Verify(Prepare(*vk2), *p2, *pub2));

  EXPECT_FALSE(ParseProofJson("{").ok());
  EXPECT_FALSE(ParseProofJson(R"({"pi_a": ["1", "3", "1"]})").ok());
  EXPECT_FALSE(
      ParsePublicJson(
          R"(["21888242871839275222246405745257275088548364400416034343698204186575808495617"])")
          .ok());
  EXPECT_FALSE(ParsePublicJson(R"([5])").ok());
  // Off-curve pi_a.
  std::string pj = ProofToJson(p);
  auto pos = pj.find(p.a.y.ToDecimal());
  ASSERT_NE(pos, std::string::npos);
  pj.replace(pos, p.a.y.ToDecimal().size(), (p.a.y + Fq::One()).ToDecimal());
  EXPECT_FALSE(ParseProofJson(pj).ok());
}

TEST(Groth16Verifier, BatchVerify) {
  std::mt19937_64 rng(13);
  Fixture fx(rng, 1);
  PreparedVerifyingKey pvk = Prepare(fx.vk);
  std::vector<Proof> proofs;
  std::vector<std::vector<Fr>> pubs;
  for (int i = 0; i < 4; ++i) {
    pubs.push_back({Fr::FromUint(100 + i)});
    proofs.push_back(fx.Simulate(rng, pubs.back()));
  }
  EXPECT_TRUE(*BatchVerify(pvk, proofs, pubs));
  pubs[2][0] = Fr::FromUint(1);
  EXPECT_FALSE(*BatchVerify(pvk, proofs, pubs));
  pubs[2][0] = Fr::FromUint(102);
  proofs[3].c = proofs[0].c;
  EXPECT_FALSE(*BatchVerify(pvk, proofs, pubs));
  // Fresh valid proofs, then a swapped B and a negated A must each be caught.
  std::vector<Proof> fresh;
  for (int i = 0; i < 4; ++i) fresh.push_back(fx.Simulate(rng, pubs[i]));
  EXPECT_TRUE(*BatchVerify(pvk, fresh, pubs));
  std::swap(fresh[0].b, fresh[1].b);
  EXPECT_FALSE(*BatchVerify(pvk, fresh, pubs));
  std::swap(fresh[0].b, fresh[1].b);
  fresh[1].a = -fresh[1].a;
  EXPECT_FALSE(*BatchVerify(pvk, fresh, pubs));
}

}  // namespace
}  // namespace entangle::groth16
