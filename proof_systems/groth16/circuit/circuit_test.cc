// The circuit API and gadgets: right witnesses satisfy, wrong ones do not; Poseidon and Merkle
// gadgets agree with the native circomlib Poseidon; .r1cs/.wtns round trips; and an INSECURE dev
// setup + prove + verify round trip on a Merkle membership circuit.
#include <gtest/gtest.h>

#include "proof_systems/groth16/circuit/gadgets.h"
#include "proof_systems/groth16/prover.h"
#include "proof_systems/groth16/setup.h"

namespace entangle::groth16::circuit {
namespace {

Fr F(uint64_t v) { return Fr::FromUint(v); }

// Every single-wire change of a satisfying witness (except the constant) must break it, unless
// the wire is unconstrained; checks the first `limit` wires.
void ExpectTamperDetected(const ConstraintSystem& cs, size_t limit = 64) {
  R1cs r = cs.ToR1cs();
  std::vector<Fr> w = cs.Witness();
  ASSERT_TRUE(CheckSatisfied(r, w).ok());
  for (size_t i = 1; i < w.size() && i <= limit; ++i) {
    std::vector<Fr> bad = w;
    bad[i] += Fr::One();
    EXPECT_FALSE(CheckSatisfied(r, bad).ok()) << "wire " << i;
  }
}

TEST(Circuit, LinearCombinations) {
  ConstraintSystem cs;
  Var a = cs.PrivateInput(F(3)), b = cs.PrivateInput(F(4));
  Lc x = Lc(a) + Lc(b) * F(2) - Lc(a);
  ASSERT_EQ(x.terms().size(), 1u);  // a cancelled
  EXPECT_EQ(cs.Eval(x), F(8));
  EXPECT_EQ(cs.Eval(Lc::Constant(7) - x), -F(1));
  EXPECT_TRUE((Lc(a) - Lc(a)).terms().empty());
}

TEST(Circuit, WireOrderIsCircoms) {
  ConstraintSystem cs;
  Var p = cs.PrivateInput(F(5));
  Var t = Mul(cs, p, p);
  Var q = cs.PublicInput(F(25));
  AssertEqual(cs, t, q);
  R1cs r = cs.ToR1cs();
  EXPECT_EQ(r.n_pub_inputs, 1u);
  EXPECT_EQ(r.n_prv_inputs, 1u);
  EXPECT_EQ(cs.Witness(), (std::vector<Fr>{F(1), F(25), F(5), F(25)}));
  EXPECT_EQ(cs.PublicValues(), std::vector<Fr>{F(25)});
  ExpectTamperDetected(cs);
  // Round trips through the circom / snarkjs files.
  auto r2 = ParseR1cs(WriteR1cs(r));
  ASSERT_TRUE(r2.ok()) << r2.status();
  EXPECT_EQ(r2->n_wires, r.n_wires);
  EXPECT_EQ(r2->n_pub_inputs, 1u);
  ASSERT_EQ(r2->constraints.size(), r.constraints.size());
  EXPECT_EQ(r2->constraints[1][0], r.constraints[1][0]);
  auto w2 = ParseWtns(WriteWtns(cs.Witness()));
  ASSERT_TRUE(w2.ok()) << w2.status();
  EXPECT_EQ(std::vector<Fr>(w2->begin(), w2->end()), cs.Witness());
}

TEST(Gadgets, BitsAndRangeCheck) {
  ConstraintSystem cs;
  Var x = cs.PrivateInput(F(0b1011));
  std::vector<Var> bits = ToBits(cs, x, 4);
  ASSERT_EQ(bits.size(), 4u);
  EXPECT_EQ(cs.Value(bits[0]), F(1));
  EXPECT_EQ(cs.Value(bits[2]), F(0));
  EXPECT_EQ(cs.num_constraints(), 5u);
  ExpectTamperDetected(cs);
  ConstraintSystem over;
  RangeCheck(over, over.PrivateInput(F(16)), 4);  // 16 does not fit in 4 bits
  EXPECT_FALSE(over.Check().ok());
  ConstraintSystem neg;
  RangeCheck(neg, neg.PrivateInput(-F(1)), 32);
  EXPECT_FALSE(neg.Check().ok());
  ConstraintSystem b;
  AssertBoolean(b, b.PrivateInput(F(2)));
  EXPECT_FALSE(b.Check().ok());
}

TEST(Gadgets, LessThanAndSelect) {
  for (auto [a, b, want] : {std::tuple{3, 5, 1}, {5, 3, 0}, {5, 5, 0}, {0, 65535, 1}}) {
    ConstraintSystem cs;
    Var va = cs.PrivateInput(F(a)), vb = cs.PrivateInput(F(b));
    Var lt = LessThan(cs, va, vb, 16);
    EXPECT_EQ(cs.Value(lt), F(want)) << a << " < " << b;
    Var s = Select(cs, lt, va, vb);
    EXPECT_EQ(cs.Value(s), F(want ? a : b));
    ExpectTamperDetected(cs);
  }
}

TEST(Gadgets, PoseidonAndMerkleMatchCircomlib) {
  auto k = poseidon_bn254::DefaultConstants();
  if (!k.ok()) GTEST_SKIP() << k.status();
  for (int n : {1, 2, 3, 5}) {
    ConstraintSystem cs;
    std::vector<Lc> in;
    std::vector<Fr> vals;
    for (int i = 0; i < n; ++i) {
      vals.push_back(F(1000 + i));
      in.push_back(cs.PrivateInput(vals.back()));
    }
    Var h = Poseidon(cs, **k, in);
    auto want = poseidon_bn254::Hash(**k, vals);
    ASSERT_TRUE(want.ok());
    EXPECT_EQ(cs.Value(h), (*want)[0]) << n;
    EXPECT_TRUE(cs.Check().ok());
  }
  // Poseidon([1, 2]) from circomlibjs's test vectors.
  {
    auto h = poseidon_bn254::Hash(**k, std::vector<Fr>{F(1), F(2)});
    ConstraintSystem cs;
    Lc in[2] = {cs.PrivateInput(F(1)), cs.PrivateInput(F(2))};
    EXPECT_EQ(cs.Value(Poseidon(cs, **k, in)), (*h)[0]);
    EXPECT_EQ(bn254::U256ToDecimal((*h)[0].ToU256()),
              "7853200120776062878684798364095072458815029376092732009249414926327459813530");
  }
  // A depth-3 tree of 8 leaves; prove membership of leaf 5 (index bits 1, 0, 1).
  auto H = [&](const Fr& a, const Fr& b) {
    return (*poseidon_bn254::Hash(**k, std::vector<Fr>{a, b}))[0];
  };
  std::vector<std::vector<Fr>> level(1);
  for (int i = 0; i < 8; ++i) level[0].push_back(F(100 + i));
  for (int d = 0; d < 3; ++d) {
    level.emplace_back();
    for (size_t i = 0; i < level[d].size(); i += 2)
      level[d + 1].push_back(H(level[d][i], level[d][i + 1]));
  }
  const Fr root = level[3][0];
  auto build = [&](const Fr& leaf_value, size_t index) {
    ConstraintSystem cs;
    Var pub_root = cs.PublicInput(root);
    Var leaf = cs.PrivateInput(leaf_value);
    std::vector<Lc> sib;
    std::vector<Var> bits;
    size_t idx = index;
    for (int d = 0; d < 3; ++d, idx /= 2) {
      sib.push_back(cs.PrivateInput(level[d][idx ^ 1]));
      bits.push_back(cs.PrivateInput(F(idx & 1)));
    }
    Var r = MerkleRoot(cs, **k, leaf, sib, bits);
    AssertEqual(cs, r, pub_root);
    return cs;
  };
  ConstraintSystem good = build(F(105), 5);
  EXPECT_TRUE(good.Check().ok());
  EXPECT_FALSE(build(F(106), 5).Check().ok());  // not the leaf at 5
  EXPECT_FALSE(build(F(105), 4).Check().ok());  // wrong path
  ExpectTamperDetected(good, 8);

  // INSECURE dev setup + prove + verify on the membership circuit.
  R1cs r1cs = good.ToR1cs();
  auto zkey = InsecureDevSetup(r1cs);
  ASSERT_TRUE(zkey.ok()) << zkey.status();
  auto pk = ParseZkey(*zkey);
  ASSERT_TRUE(pk.ok()) << pk.status();
  EXPECT_TRUE(pk->insecure_dev_setup);
  auto proof = Prove(*pk, good.Witness());
  ASSERT_TRUE(proof.ok()) << proof.status();
  auto pvk = Prepare(pk->Vk());
  EXPECT_TRUE(*Verify(pvk, *proof, good.PublicValues()));
  EXPECT_FALSE(*Verify(pvk, *proof, std::vector<Fr>{root + Fr::One()}));
}

}  // namespace
}  // namespace entangle::groth16::circuit
