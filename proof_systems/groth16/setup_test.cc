// The .ptau reader on a tiny snarkjs-made file (testdata/pot1.ptau: power 1, one contribution,
// prepared), malformed variants of it, Setup from it, and the insecure development setup; each key
// is exercised by prove + verify (and a wrong public input must fail); the prover's own check of
// its proof against a corrupt key.
#include "proof_systems/groth16/setup.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/bytes.h"
#include "proof_systems/ec/bn254/encoding.h"
#include "proof_systems/groth16/prover.h"
#include "proof_systems/groth16/test_circuits.h"

namespace entangle::groth16 {
namespace {

using test_circuits::Cubic;
using test_circuits::Square;

Bytes Pot1() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  std::string path =
      std::string(srcdir ? srcdir : ".") + "/entangle/proof_systems/groth16/testdata/pot1.ptau";
  auto b = ReadFile(path);
  EXPECT_TRUE(b.ok()) << b.status();
  return b.ok() ? *b : Bytes{};
}

Fr F(uint64_t v) { return Fr::FromUint(v); }

void ProveAndVerify(const Bytes& zkey, const R1cs& r1cs, const std::vector<Fr>& w) {
  ASSERT_TRUE(CheckSatisfied(r1cs, w).ok());
  auto pk = ParseZkey(zkey);
  ASSERT_TRUE(pk.ok()) << pk.status();
  auto proof = Prove(*pk, w);
  ASSERT_TRUE(proof.ok()) << proof.status();
  auto pvk = Prepare(pk->Vk());
  std::vector<Fr> pub = PublicSignals(*pk, w);
  auto ok = Verify(pvk, *proof, pub);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(*ok);
  if (!pub.empty()) {
    pub[0] += Fr::One();
    EXPECT_FALSE(*Verify(pvk, *proof, pub));
  }
  Proof bad = *proof;
  bad.c = bad.a;
  EXPECT_FALSE(*Verify(pvk, bad, PublicSignals(*pk, w)));
}

TEST(Ptau, ParsesSnarkjsFile) {
  auto p = ParsePtau(Pot1());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->power, 1u);
  EXPECT_TRUE(p->prepared);
  auto l = p->G1Range(kPtauLagrangeTauG1, PtauLagrangeOffset(1), 2);
  ASSERT_TRUE(l.ok());
  // L_0 + L_1 = 1 at any tau: the Lagrange points of domain 2 sum to the generator.
  EXPECT_EQ((bn254::G1::From((*l)[0]).AddMixed((*l)[1])).ToAffine(), bn254::G1Generator());
  EXPECT_FALSE(p->G1Range(kPtauTauG1, 2, 2).ok());  // tauG1 has 3 points
  EXPECT_FALSE(p->G1Range(kPtauTauG1, SIZE_MAX, 2).ok());
}

TEST(Ptau, RejectsMalformed) {
  const Bytes good = Pot1();
  for (size_t len :
       {size_t{0}, size_t{11}, size_t{12}, size_t{60}, good.size() / 2, good.size() - 1}) {
    Bytes b(good.begin(), good.begin() + std::min(len, good.size()));
    EXPECT_FALSE(ParsePtau(b).ok()) << len;
  }
  Bytes b = good;
  b[150] ^= 0x40;  // tauG1[1].x
  auto p = ParsePtau(b);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("tauG1[1]"), std::string::npos) << p.status();
  b = good;
  b[25] ^= 1;  // the prime
  EXPECT_FALSE(ParsePtau(b).ok());
  b = good;
  b[72] = 0x40;  // section 2's size
  EXPECT_FALSE(ParsePtau(b).ok());
}

TEST(Setup, FromPtauProvesAndVerifies) {
  auto ptau = ParsePtau(Pot1());
  ASSERT_TRUE(ptau.ok());
  const R1cs r = Square(false);
  auto zkey = groth16::Setup(r, *ptau);
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  EXPECT_FALSE(ParseZkey(*zkey)->insecure_dev_setup);
  ProveAndVerify(*zkey, r, test_circuits::SquareWitness(7));
  // One public signal needs 2^2 > 2^1.
  auto big = groth16::Setup(Square(true), *ptau);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("too big"), std::string::npos);
}

TEST(Setup, InsecureDevSetupRoundTrip) {
  const R1cs r = Cubic();
  auto zkey = InsecureDevSetup(r);
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  EXPECT_TRUE(ParseZkey(*zkey)->insecure_dev_setup);
  // x = 3: 27 + 3 + 5 = 35
  ProveAndVerify(*zkey, r, test_circuits::CubicWitness(3));
  // A different dev setup gives a different key (random toxic waste).
  auto other = InsecureDevSetup(r);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*zkey, *other);
}

// ParseZkey keeps C's and H's points in one vector (C's first): c() and h() are sections 8 and 9
// point for point; a section of the wrong size is an error naming it; the prover checks the counts.
TEST(Zkey, CAndHJoinedInOneVector) {
  auto zkey = InsecureDevSetup(Cubic());
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  auto pk = ParseZkey(*zkey);
  ASSERT_TRUE(pk.ok()) << pk.status();
  ASSERT_EQ(pk->c().size(), size_t{pk->n_vars} - pk->n_public - 1);
  ASSERT_EQ(pk->h().size(), pk->domain_size);
  EXPECT_EQ(pk->ch.size(), pk->c().size() + pk->h().size());
  EXPECT_EQ(pk->h().data(), pk->ch.data() + pk->c().size());
  auto file = ParseBinFileView(*zkey, "zkey");
  ASSERT_TRUE(file.ok()) << file.status();
  for (auto [section, points] : {std::pair{8u, pk->c()}, std::pair{9u, pk->h()}}) {
    auto bytes = file->Section(section);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    ASSERT_EQ(bytes->size(), 64 * points.size());
    for (size_t i = 0; i < points.size(); ++i) {
      EXPECT_EQ(*bn254::G1FromLeMont(bytes->data() + 64 * i), points[i]) << section << " " << i;
    }
  }

  // H's section one point short: an error naming H (the section sizes are read from the file's
  // section table, so the table entry and the file shrink together).
  auto h = file->Section(9);
  ASSERT_TRUE(h.ok());
  const size_t h_pos = h->data() - zkey->data();
  Bytes short_h(zkey->begin(), zkey->begin() + h_pos + h->size() - 64);
  short_h.insert(short_h.end(), zkey->begin() + h_pos + h->size(), zkey->end());
  const uint64_t new_size = h->size() - 64;
  for (int i = 0; i < 8; ++i) short_h[h_pos - 8 + i] = uint8_t(new_size >> (8 * i));
  auto bad = ParseZkey(short_h);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("section H has"), std::string::npos) << bad.status();

  // The prover's key-count check: one C point too few.
  ProvingKey fewer_c = *pk;
  fewer_c.n_c -= 1;
  auto proof = Prove(fewer_c, test_circuits::CubicWitness(3));
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.status().message().find("C points"), std::string::npos) << proof.status();

  // The prover's domain check (before it allocates): a size that is not a power of two.
  ProvingKey odd_domain = *pk;
  odd_domain.domain_size = 3;
  auto odd = Prove(odd_domain, test_circuits::CubicWitness(3));
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(odd.status().message().find("proving key: domain: size 3 is not a power of two"),
            std::string::npos)
      << odd.status();
}

// pi_C's MSM: C and H scaled by 1/r with B1 as its second part, small private values apart, and
// r = 0 (B1 dropped, nothing scaled): witnesses with only small values, only large ones and both,
// with r and s zero or not, all give proofs that verify (the prover also checks its own).
TEST(Prover, RandomizersAndSmallValues) {
  auto zkey = InsecureDevSetup(Cubic());
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  auto pk = ParseZkey(*zkey);
  ASSERT_TRUE(pk.ok()) << pk.status();
  const auto pvk = Prepare(pk->Vk());
  const Fr r = bn254::HashToFr("r", "test", 1)[0], s = bn254::HashToFr("s", "test", 1)[0];
  for (uint64_t x : {uint64_t{0}, uint64_t{3}, uint64_t{1} << 40, ~uint64_t{0}}) {
    const std::vector<Fr> w = test_circuits::CubicWitness(x);
    ASSERT_TRUE(CheckSatisfied(Cubic(), w).ok());
    for (const auto& [rr, ss] : {std::pair{Fr::Zero(), Fr::Zero()}, std::pair{Fr::Zero(), s},
                                 std::pair{r, Fr::Zero()}, std::pair{r, s}}) {
      auto proof = ProveWith(*pk, w, rr, ss);
      ASSERT_TRUE(proof.ok()) << proof.status() << " x=" << x;
      EXPECT_TRUE(*Verify(pvk, *proof, PublicSignals(*pk, w))) << x;
    }
  }
}

// The prover checks its proof against the key's verifying key: an unsatisfying witness, or a key
// whose B2 point is on the twist but outside the order-r subgroup (the zkey reader checks B2 on the
// curve only), gives an error instead of a proof that does not verify.
TEST(Prover, ChecksItsProof) {
  auto zkey = InsecureDevSetup(Cubic());
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  auto pk = ParseZkey(*zkey);
  ASSERT_TRUE(pk.ok()) << pk.status();
  const std::vector<Fr> witness = test_circuits::CubicWitness(3);
  ASSERT_TRUE(Prove(*pk, witness).ok());
  auto unsatisfied = Prove(*pk, std::vector<Fr>{F(1), F(36), F(3), F(9), F(27)});
  EXPECT_FALSE(unsatisfied.ok());
  EXPECT_NE(unsatisfied.status().message().find("does not verify"), std::string::npos)
      << unsatisfied.status();

  // A point of the twist E'(Fq2) outside G2 (the twist's cofactor is ~2^254: almost every point).
  using bn254::Fq;
  using bn254::Fq2;
  G2Affine bad;
  for (uint64_t k = 1;; ++k) {
    const Fq2 x{Fq::FromUint(k), Fq::One()};
    Fq2 y;
    if (!(x * x * x + bn254::GetConstants().b2).Sqrt(&y)) continue;
    bad = {x, y, false};
    if (!bn254::G2InSubgroup(bad)) break;
  }
  ASSERT_TRUE(bad.IsOnCurve());
  // B2[2] (the wire x: B coefficients and a nonzero value) replaced by the bad point.
  auto file = ParseBinFileView(*zkey, "zkey");
  ASSERT_TRUE(file.ok()) << file.status();
  auto b2 = file->Section(7);
  ASSERT_TRUE(b2.ok()) << b2.status();
  Bytes corrupt = *zkey;
  bn254::G2ToLeMont(bad, corrupt.data() + (b2->data() - zkey->data()) + 2 * 128);
  auto bad_pk = ParseZkey(corrupt);
  ASSERT_TRUE(bad_pk.ok()) << bad_pk.status();  // on the curve: the reader takes it
  ASSERT_EQ(bad_pk->b2[2], bad);
  auto bad_proof = Prove(*bad_pk, witness);
  EXPECT_FALSE(bad_proof.ok());
  EXPECT_NE(bad_proof.status().message().find("proving key is corrupt"), std::string::npos)
      << bad_proof.status();
}

}  // namespace
}  // namespace entangle::groth16
