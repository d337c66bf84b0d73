// Soundness property tests: for every example, a single changed trace cell (the prover is forced to
// prove the bad trace), a changed public input, a changed proof component, or a flipped byte of the
// serialized proof makes verification fail. Positions come from a seeded generator. Every case runs
// with Poseidon and with SHA-256 Merkle trees (HashKind::kSha256).
#include <gtest/gtest.h>

#include <random>

#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/stark.h"

namespace entangle::plonky {
namespace {

struct Case {
  const char* name;
  size_t rows;
  goldilocks::HashKind hash = goldilocks::HashKind::kPoseidon;
};

StarkConfig TestConfig(goldilocks::HashKind hash) {
  StarkConfig c = StarkConfig::Test();
  c.hash = hash;
  return c;
}

class SoundnessTest : public ::testing::TestWithParam<Case> {
 protected:
  StarkConfig config_ = TestConfig(GetParam().hash);
};

TEST_P(SoundnessTest, ChangedTraceCellIsRejected) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 6; ++trial) {
    auto ex = MakeExample(GetParam().name, GetParam().rows);
    ASSERT_TRUE(ex.ok());
    const size_t t = rng() % ex->tables.size();
    Trace& trace = ex->tables[t].trace;
    const size_t c = rng() % trace.size(), r = rng() % trace[0].size();
    trace[c][r] += Fp::FromU64(1 + rng() % 1000);
    SCOPED_TRACE("table " + std::to_string(t) + " column " + std::to_string(c) + " row " +
                 std::to_string(r));
    // The prover's own check catches it...
    EXPECT_FALSE(Prove(config_, ex->tables).ok());
    // ...and a proof made without that check does not verify.
    auto proof = Prove(config_, ex->tables, {.skip_constraint_check = true});
    if (!proof.ok()) continue;  // e.g. a lookup denominator hit zero
    EXPECT_FALSE(Verify(config_, ex->airs(), ex->publics(), *proof).ok());
  }
}

TEST_P(SoundnessTest, ChangedPublicInputIsRejected) {
  auto ex = MakeExample(GetParam().name, GetParam().rows);
  ASSERT_TRUE(ex.ok());
  auto proof = Prove(config_, ex->tables);
  ASSERT_TRUE(proof.ok()) << proof.status();
  ASSERT_TRUE(Verify(config_, ex->airs(), ex->publics(), *proof).ok());
  auto publics = ex->publics();
  for (size_t t = 0; t < publics.size(); ++t) {
    for (size_t i = 0; i < publics[t].size(); ++i) {
      auto bad = publics;
      bad[t][i] += Fp::One();
      EXPECT_FALSE(Verify(config_, ex->airs(), bad, *proof).ok()) << t << " " << i;
    }
  }
}

TEST_P(SoundnessTest, FlippedProofByteIsRejected) {
  auto ex = MakeExample(GetParam().name, GetParam().rows);
  ASSERT_TRUE(ex.ok());
  auto proof = Prove(config_, ex->tables);
  ASSERT_TRUE(proof.ok()) << proof.status();
  const std::vector<uint8_t> bytes = Serialize(*proof);
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint8_t> bad = bytes;
    const size_t pos = rng() % bad.size();
    bad[pos] ^= static_cast<uint8_t>(1 + rng() % 255);
    auto parsed = Deserialize(bad);
    if (!parsed.ok()) continue;
    EXPECT_FALSE(Verify(config_, ex->airs(), ex->publics(), *parsed).ok()) << "byte " << pos;
  }
}

// Every field element of every component, changed one at a time (sampled).
TEST_P(SoundnessTest, ChangedProofComponentIsRejected) {
  auto ex = MakeExample(GetParam().name, GetParam().rows);
  ASSERT_TRUE(ex.ok());
  auto proof = Prove(config_, ex->tables);
  ASSERT_TRUE(proof.ok()) << proof.status();
  std::mt19937_64 rng(3);
  auto check = [&](const Proof& bad, const std::string& what) {
    EXPECT_FALSE(Verify(config_, ex->airs(), ex->publics(), bad).ok()) << what;
  };
  for (size_t t = 0; t < proof->tables.size(); ++t) {
    const TableProof& tp = proof->tables[t];
    auto bump_fp2 = [&](auto member, const char* what) {
      const auto& v = tp.*member;
      if (v.empty()) return;
      Proof bad = *proof;
      (bad.tables[t].*member)[rng() % v.size()].c1 += Fp::One();
      check(bad, what);
    };
    bump_fp2(&TableProof::main_zeta, "main_zeta");
    bump_fp2(&TableProof::main_next, "main_next");
    bump_fp2(&TableProof::aux_zeta, "aux_zeta");
    bump_fp2(&TableProof::aux_next, "aux_next");
    bump_fp2(&TableProof::quotient_zeta, "quotient_zeta");
    bump_fp2(&TableProof::final_poly, "final_poly");
    for (auto cap : {&TableProof::main_cap, &TableProof::aux_cap, &TableProof::quotient_cap}) {
      if ((tp.*cap).empty()) continue;
      Proof bad = *proof;
      (bad.tables[t].*cap)[rng() % (tp.*cap).size()].e[rng() % 4] += Fp::One();
      check(bad, "cap");
    }
    for (size_t l = 0; l < tp.fri_caps.size(); ++l) {
      Proof bad = *proof;
      bad.tables[t].fri_caps[l][0].e[0] += Fp::One();
      check(bad, "fri cap");
    }
    {
      Proof bad = *proof;
      bad.tables[t].lookup_sum.c0 += Fp::One();
      check(bad, "lookup sum");
    }
    {
      Proof bad = *proof;
      bad.tables[t].log_rows += 1;
      check(bad, "log_rows");
    }
    for (int trial = 0; trial < 8; ++trial) {
      Proof bad = *proof;
      QueryProof& q = bad.tables[t].queries[rng() % tp.queries.size()];
      std::vector<MerkleOpening*> openings = {&q.main, &q.quotient};
      if (!q.aux.values.empty()) openings.push_back(&q.aux);
      for (auto& o : q.fri_layers) openings.push_back(&o);
      MerkleOpening* o = openings[rng() % openings.size()];
      if (rng() % 2 == 0 || o->siblings.empty()) {
        o->values[rng() % o->values.size()] += Fp::One();
      } else {
        o->siblings[rng() % o->siblings.size()].e[rng() % 4] += Fp::One();
      }
      check(bad, "query opening");
    }
    {
      Proof bad = *proof;
      bad.tables[t].queries.pop_back();
      check(bad, "query count");
    }
  }
  Proof bad = *proof;
  bad.pow_nonce += 1;
  // With 4 PoW bits a changed nonce passes the grinding check 1 time in 16, but it changes the
  // query indices, which the openings then do not match.
  check(bad, "pow nonce");
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return std::string(info.param.name) + "_" + goldilocks::HashKindName(info.param.hash);
}

INSTANTIATE_TEST_SUITE_P(Examples, SoundnessTest,
                         ::testing::Values(Case{"fibonacci", 32}, Case{"lookup", 32},
                                           Case{"cross_table", 32}, Case{"poseidon", 4}),
                         CaseName);

constexpr goldilocks::HashKind kSha = goldilocks::HashKind::kSha256;
INSTANTIATE_TEST_SUITE_P(Sha256, SoundnessTest,
                         ::testing::Values(Case{"fibonacci", 32, kSha}, Case{"lookup", 32, kSha},
                                           Case{"cross_table", 32, kSha},
                                           Case{"poseidon", 4, kSha}),
                         CaseName);

}  // namespace
}  // namespace entangle::plonky
