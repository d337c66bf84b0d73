#include "proof_systems/plonky/stark.h"

#include <gtest/gtest.h>

#include "proof_systems/hash/poseidon_goldilocks.h"
#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/examples/poseidon_air.h"

namespace entangle::plonky {
namespace {

void ProveAndVerify(const std::string& name, size_t rows, const StarkConfig& config) {
  SCOPED_TRACE(name);
  auto ex = MakeExample(name, rows);
  ASSERT_TRUE(ex.ok()) << ex.status();
  auto proof = Prove(config, ex->tables);
  ASSERT_TRUE(proof.ok()) << proof.status();
  absl::Status st = Verify(config, ex->airs(), ex->publics(), *proof);
  EXPECT_TRUE(st.ok()) << st;
  std::vector<uint8_t> bytes = Serialize(*proof);
  auto back = Deserialize(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(Serialize(*back), bytes);
  st = Verify(config, ex->airs(), ex->publics(), *back);
  EXPECT_TRUE(st.ok()) << st;
}

TEST(StarkTest, FibonacciTestConfig) { ProveAndVerify("fibonacci", 64, StarkConfig::Test()); }
TEST(StarkTest, FibonacciStandardConfig) {
  ProveAndVerify("fibonacci", 256, StarkConfig::Standard());
}
TEST(StarkTest, CrossTableStandardConfig) {
  ProveAndVerify("cross_table", 64, StarkConfig::Standard());
}
TEST(StarkTest, RangeCheck) { ProveAndVerify("lookup", 64, StarkConfig::Test()); }
TEST(StarkTest, CrossTable) { ProveAndVerify("cross_table", 64, StarkConfig::Test()); }

TEST(StarkTest, Poseidon) { ProveAndVerify("poseidon", 8, StarkConfig::Test()); }

TEST(StarkTest, PoseidonAirMatchesThePermutation) {
  auto ex = MakePoseidon(8);
  ASSERT_TRUE(ex.ok());
  const Trace& trace = ex->tables[0].trace;
  for (size_t row = 0; row < 8; ++row) {
    goldilocks::PoseidonState s;
    for (int i = 0; i < 12; ++i) s[i] = trace[i][row];
    goldilocks::PoseidonPermute(s);
    std::array<Fp, 12> out = PoseidonAirOutput(trace, row);
    for (int i = 0; i < 12; ++i) EXPECT_EQ(out[i], s[i]) << row << " " << i;
  }
}

TEST(StarkTest, ProverNamesTheFailingConstraintAndRow) {
  auto ex = MakeFibonacci(16);
  ASSERT_TRUE(ex.ok());
  ex->tables[0].trace[1][5] += Fp::One();
  auto proof = Prove(StarkConfig::Test(), ex->tables);
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.status().message().find("row 4"), std::string::npos) << proof.status();
}

TEST(StarkTest, UnbalancedLookupIsReportedByTheProver) {
  auto ex = MakeRangeCheck(16);
  ASSERT_TRUE(ex.ok());
  ex->tables[1].trace[1][3] += Fp::One();  // a multiplicity of the byte table
  auto proof = Prove(StarkConfig::Test(), ex->tables);
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.status().message().find("lookups do not balance"), std::string::npos)
      << proof.status();
}

TEST(StarkTest, MalformedStatementsAreErrors) {
  auto ex = MakeFibonacci(16);
  ASSERT_TRUE(ex.ok());
  const StarkConfig config = StarkConfig::Test();
  {
    auto bad = ex->tables;
    bad[0].trace.pop_back();
    EXPECT_FALSE(Prove(config, bad).ok());
  }
  {
    auto bad = ex->tables;
    for (auto& col : bad[0].trace) col.resize(12);
    EXPECT_FALSE(Prove(config, bad).ok());
  }
  {
    auto bad = ex->tables;
    bad[0].publics.pop_back();
    EXPECT_FALSE(Prove(config, bad).ok());
  }
  {
    auto bad = ex->tables;
    bad[0].air = nullptr;
    EXPECT_FALSE(Prove(config, bad).ok());
  }
  EXPECT_FALSE(Prove(config, {}).ok());
  StarkConfig weird = config;
  weird.fri_arity_bits = 9;
  EXPECT_FALSE(Prove(weird, ex->tables).ok());
}

TEST(StarkTest, ProofForOneConfigOrStatementDoesNotVerifyAnother) {
  auto fib = MakeFibonacci(32);
  auto ctl = MakeCrossTable(32);
  ASSERT_TRUE(fib.ok() && ctl.ok());
  auto proof = Prove(StarkConfig::Test(), fib->tables);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(Verify(StarkConfig::Test(), fib->airs(), fib->publics(), *proof).ok());
  EXPECT_FALSE(Verify(StarkConfig::Standard(), fib->airs(), fib->publics(), *proof).ok());
  StarkConfig more_queries = StarkConfig::Test();
  more_queries.pow_bits += 1;
  EXPECT_FALSE(Verify(more_queries, fib->airs(), fib->publics(), *proof).ok());
  EXPECT_FALSE(Verify(StarkConfig::Test(), ctl->airs(), ctl->publics(), *proof).ok());
  EXPECT_FALSE(Verify(StarkConfig::Test(), {}, {}, *proof).ok());
}

TEST(StarkTest, SecurityBits) {
  EXPECT_GE(StarkConfig::Standard().security_bits(), 100);
  EXPECT_LT(StarkConfig::Test().security_bits(), 40);
}

}  // namespace
}  // namespace entangle::plonky
