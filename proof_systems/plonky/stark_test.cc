#include "proof_systems/plonky/stark.h"

#include <gtest/gtest.h>

#include <tuple>

#include "proof_systems/hash/poseidon_goldilocks.h"
#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/examples/poseidon_air.h"
#include "proof_systems/plonky/protocol.h"
#include "proof_systems/poly/ntt.h"

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
TEST(StarkTest, FibonacciStandardSha256Config) {
  ProveAndVerify("fibonacci", 256, StarkConfig::StandardSha256());
}
TEST(StarkTest, CrossTableStandardSha256Config) {
  ProveAndVerify("cross_table", 64, StarkConfig::StandardSha256());
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

// Every one of the 130 columns is constrained: changing it on an inner row breaks a constraint
// there (the affine S-box inputs reach every stored column).
TEST(StarkTest, PoseidonAirConstrainsEveryColumn) {
  auto ex = MakePoseidon(8);
  ASSERT_TRUE(ex.ok());
  const Air& air = *ex->tables[0].air;
  const Trace& trace = ex->tables[0].trace;
  ASSERT_EQ(static_cast<int>(trace.size()), kPoseidonAirWidth);
  std::vector<Fp> row(trace.size());
  for (size_t c = 0; c < trace.size(); ++c) row[c] = trace[c][3];
  auto ok = ConstraintConsumer<Fp>::Checker(false, false);
  air.EvalBase({row, row, ex->tables[0].publics}, ok);
  ASSERT_EQ(ok.first_failure(), -1);
  for (size_t c = 0; c < trace.size(); ++c) {
    std::vector<Fp> bad = row;
    bad[c] += Fp::One();
    auto cc = ConstraintConsumer<Fp>::Checker(false, false);
    air.EvalBase({bad, bad, ex->tables[0].publics}, cc);
    EXPECT_GE(cc.first_failure(), 0) << "column " << c;
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
  StarkConfig sha = StarkConfig::Test();
  sha.hash = goldilocks::HashKind::kSha256;
  EXPECT_FALSE(Verify(sha, fib->airs(), fib->publics(), *proof).ok());
  StarkConfig more_queries = StarkConfig::Test();
  more_queries.pow_bits += 1;
  EXPECT_FALSE(Verify(more_queries, fib->airs(), fib->publics(), *proof).ok());
  EXPECT_FALSE(Verify(StarkConfig::Test(), ctl->airs(), ctl->publics(), *proof).ok());
  EXPECT_FALSE(Verify(StarkConfig::Test(), {}, {}, *proof).ok());
}

class BadLookupAir : public AirImpl<BadLookupAir> {
 public:
  std::string name() const override { return "bad_lookup"; }
  int width() const override { return 1; }
  int constraint_degree() const override { return 1; }
  std::vector<Interaction> interactions() const override {
    return {Interaction::Send(0, {LinearColumn::Column(3)})};
  }
  template <class F>
  void Eval(const Frame<F>&, ConstraintConsumer<F>&) const {}
};

TEST(StarkTest, LookupNamingAMissingColumnIsAnError) {
  BadLookupAir air;
  std::vector<TableInput> tables = {{&air, Trace(1, std::vector<Fp>(8)), {}}};
  auto proof = Prove(StarkConfig::Test(), tables);
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.status().message().find("column"), std::string::npos) << proof.status();
  const Air* airs[] = {&air};
  std::vector<std::vector<Fp>> publics(1);
  EXPECT_FALSE(Verify(StarkConfig::Test(), airs, publics, Proof{}).ok());
}

// x_(i+1) = x_i^7 + 1 from x_0 = publics[0]: transitions of degree 7, a linear boundary. The
// declared degrees are parameters so a test can understate them.
class PowerChainAir : public AirImpl<PowerChainAir> {
 public:
  PowerChainAir(int degree, int boundary) : degree_(degree), boundary_(boundary) {}
  std::string name() const override { return "power_chain"; }
  int width() const override { return 1; }
  int num_publics() const override { return 1; }
  int constraint_degree() const override { return degree_; }
  int boundary_degree() const override { return boundary_; }
  template <class F>
  void Eval(const Frame<F>& f, ConstraintConsumer<F>& cc) const {
    const F& x = f.local[0];
    const F x2 = x * x;
    cc.FirstRow(x - f.publics[0]);
    cc.Transition(f.next[0] - x2 * x2 * x2 * x - F(Fp::One()));
  }

  static TableInput Table(const Air* air, size_t rows) {
    Trace trace(1, std::vector<Fp>(rows));
    Fp x = Fp::FromU64(5);
    for (size_t i = 0; i < rows; ++i) {
      trace[0][i] = x;
      x = x.Pow(7) + Fp::One();
    }
    return {air, trace, {trace[0][0]}};
  }

 private:
  int degree_, boundary_;
};

TEST(StarkTest, ConstraintDegreeIsIndependentOfTheBlowup) {
  // Degree 7 (6 quotient chunks on a domain of 8n) at blowups 4 and 2.
  PowerChainAir air(7, 1);
  std::vector<TableInput> tables = {PowerChainAir::Table(&air, 64)};
  const Air* airs[] = {&air};
  std::vector<std::vector<Fp>> publics = {tables[0].publics};
  for (const StarkConfig& config : {StarkConfig::Test(), StarkConfig::Standard()}) {
    SCOPED_TRACE(config.name);
    auto proof = Prove(config, tables);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_EQ(proof->tables[0].quotient_zeta.size(), 2u * 6);
    EXPECT_TRUE(Verify(config, airs, publics, *proof).ok());
    auto tampered = *proof;
    tampered.tables[0].quotient_zeta[11] += Fp2(Fp::One());
    EXPECT_FALSE(Verify(config, airs, publics, tampered).ok());
  }
}

// The quotient is evaluated on exactly `chunks` cosets of the trace domain, some inside the
// committed extension and some not, and interpolated by a Vandermonde solve: any declared degree
// at least the true one (7) proves and verifies at blowups 2, 4 and 8; a declared 5 (4 chunks for
// a 6-chunk quotient) is caught by the prover.
TEST(StarkTest, QuotientCosetsForEveryChunkCountAndBlowup) {
  for (int log_blowup : {1, 2, 3}) {
    for (int degree : {5, 7, 8, 9, 12, 16}) {
      SCOPED_TRACE(std::to_string(log_blowup) + " " + std::to_string(degree));
      StarkConfig config = StarkConfig::Test();
      config.log_blowup = log_blowup;
      PowerChainAir air(degree, 1);
      std::vector<TableInput> tables = {PowerChainAir::Table(&air, 32)};
      const Air* airs[] = {&air};
      std::vector<std::vector<Fp>> publics = {tables[0].publics};
      auto proof = Prove(config, tables);
      if (degree < 7) {
        ASSERT_FALSE(proof.ok());
        EXPECT_NE(proof.status().message().find("understates"), std::string::npos);
        continue;
      }
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_EQ(proof->tables[0].quotient_zeta.size(), 2u * (degree - 1));
      EXPECT_TRUE(Verify(config, airs, publics, *proof).ok());
    }
  }
}

TEST(StarkTest, UnderstatedOrInvalidDegreesAreErrors) {
  PowerChainAir understated(3, 1);
  std::vector<TableInput> tables = {PowerChainAir::Table(&understated, 32)};
  auto proof = Prove(StarkConfig::Test(), tables);
  ASSERT_FALSE(proof.ok());
  EXPECT_NE(proof.status().message().find("understates"), std::string::npos) << proof.status();
  for (auto [d, b] : {std::pair{0, 0}, {3, 4}, {17, 1}, {3, 0}}) {
    PowerChainAir bad(d, b);
    tables[0].air = &bad;
    auto p = Prove(StarkConfig::Test(), tables);
    ASSERT_FALSE(p.ok()) << d << " " << b;
    EXPECT_NE(p.status().message().find("degree"), std::string::npos) << p.status();
    const Air* airs[] = {&bad};
    std::vector<std::vector<Fp>> publics = {tables[0].publics};
    EXPECT_FALSE(Verify(StarkConfig::Test(), airs, publics, Proof{}).ok());
  }
}

TEST(StarkTest, OldProofVersionIsRejectedClearly) {
  auto ex = MakeFibonacci(16);
  ASSERT_TRUE(ex.ok());
  auto proof = Prove(StarkConfig::Test(), ex->tables);
  ASSERT_TRUE(proof.ok());
  std::vector<uint8_t> bytes = Serialize(*proof);
  ASSERT_EQ(bytes[4] | (bytes[5] << 8), kProofVersion);
  for (uint8_t version : {1, 2, 3, 4, 5}) {
    bytes[4] = version;
    bytes[5] = 0;
    auto old = Deserialize(bytes);
    ASSERT_FALSE(old.ok());
    EXPECT_NE(old.status().message().find("unsupported version " + std::to_string(version)),
              std::string::npos)
        << old.status();
  }
}

TEST(StarkTest, StatementOnlyExamplesMatchTheFullOnes) {
  for (const std::string& name : ExampleNames()) {
    SCOPED_TRACE(name);
    auto full = MakeExample(name, 64);
    auto shape = MakeExample(name, 64, /*traces=*/false);
    ASSERT_TRUE(full.ok() && shape.ok());
    ASSERT_EQ(shape->tables.size(), full->tables.size());
    EXPECT_EQ(shape->heights, full->heights);
    for (size_t t = 0; t < full->tables.size(); ++t) {
      EXPECT_EQ(full->heights[t], full->tables[t].trace[0].size());
      EXPECT_EQ(shape->tables[t].air->name(), full->tables[t].air->name());
      EXPECT_TRUE(shape->tables[t].trace.empty());
    }
    // The statement includes the example's public inputs, computed without the trace.
    EXPECT_EQ(shape->publics(), full->publics());
    // A proof of the full example verifies against the statement-only AIRs and publics.
    auto proof = Prove(StarkConfig::Test(), full->tables);
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(Verify(StarkConfig::Test(), shape->airs(), shape->publics(), *proof).ok());
    EXPECT_FALSE(MakeExample(name, 100, /*traces=*/false).ok());
  }
}

// CommitMatrix of the trace's extension with TableVirtualBits (what benchmarks/plonky_bench's
// commit baselines time) is exactly the prover's trace commitment: the same cap, for a narrow
// table (coset leaves) and a wide one (one row per leaf), in both configurations' hashes.
TEST(StarkTest, TraceCommitmentIsCommitMatrix) {
  for (const StarkConfig& config : {StarkConfig::Standard(), StarkConfig::StandardSha256()}) {
    for (const char* name : {"fibonacci", "poseidon"}) {
      SCOPED_TRACE(std::string(name) + " " + config.name);
      const int log_rows = 8;
      auto ex = MakeExample(name, size_t{1} << log_rows);
      ASSERT_TRUE(ex.ok());
      auto proof = Prove(config, ex->tables);
      ASSERT_TRUE(proof.ok()) << proof.status();
      const TableInput& table = ex->tables[0];
      auto tree = CommitMatrix(
          config,
          poly::LowDegreeExtendColumns(table.trace, config.log_blowup, Fp::FromU64(kCosetShift)),
          log_rows + config.log_blowup, TableVirtualBits(config, *table.air, log_rows));
      EXPECT_EQ(tree.cap(), proof->tables[0].main_cap);
    }
  }
}

// Narrow tables (every committed matrix of at most 4 columns) have a virtual first FRI layer:
// their proofs carry one FRI cap and one FRI opening per query fewer; wide ones commit it.
TEST(StarkTest, VirtualFirstFriLayerForNarrowTables) {
  for (const StarkConfig& config : {StarkConfig::Test(), StarkConfig::Standard()}) {
    SCOPED_TRACE(config.name);
    for (auto [name, rows, is_virtual] :
         {std::tuple{"fibonacci", 64, true}, {"poseidon", 64, false}, {"lookup", 64, true}}) {
      SCOPED_TRACE(name);
      auto ex = MakeExample(name, rows);
      ASSERT_TRUE(ex.ok());
      auto proof = Prove(config, ex->tables);
      ASSERT_TRUE(proof.ok()) << proof.status();
      const TableProof& tp = proof->tables[0];
      const size_t layers = FriArities(config, tp.log_rows).size();
      ASSERT_GT(layers, 0u);
      EXPECT_EQ(tp.fri_caps.size(), layers - (is_virtual ? 1 : 0));
      EXPECT_EQ(tp.queries[0].fri_layers.size(), tp.fri_caps.size());
      const Air& air = *ex->tables[0].air;
      EXPECT_EQ(TableVirtualBits(config, air, tp.log_rows) > 0, is_virtual);
      ASSERT_TRUE(Verify(config, ex->airs(), ex->publics(), *proof).ok());
      if (!is_virtual) continue;
      // Every value of an opened coset leaf feeds the verifier's first fold.
      const MerkleOpening& main = tp.queries[0].main;
      EXPECT_EQ(main.values.size(), air.width() << FriArities(config, tp.log_rows)[0]);
      for (size_t i = 0; i < main.values.size(); ++i) {
        Proof bad = *proof;
        bad.tables[0].queries[0].main.values[i] += Fp::One();
        EXPECT_FALSE(Verify(config, ex->airs(), ex->publics(), bad).ok()) << i;
      }
    }
  }
}

TEST(StarkTest, SecurityBits) {
  EXPECT_GE(StarkConfig::Standard().security_bits(), 100);
  EXPECT_GE(StarkConfig::Standard().security_bits(), StarkConfig::kMinSecureBits);
  EXPECT_GE(StarkConfig::StandardSha256().security_bits(), StarkConfig::kMinSecureBits);
  EXPECT_LT(StarkConfig::Test().security_bits(), StarkConfig::kMinSecureBits);
  EXPECT_EQ(StarkConfig::StandardSha256().security_bits(), StarkConfig::Standard().security_bits());
  EXPECT_LT(StarkConfig::Test().security_bits(), 40);
}

TEST(StarkTest, ConfigsByName) {
  for (const char* name : {"standard", "standard-sha256", "test"}) {
    auto c = StarkConfig::ByName(name);
    ASSERT_TRUE(c.ok()) << name;
    EXPECT_EQ(c->name, name == std::string("test") ? "test (INSECURE)" : name);
  }
  EXPECT_EQ(StarkConfig::ByName("standard-sha256")->hash, goldilocks::HashKind::kSha256);
  EXPECT_EQ(StarkConfig::ByName("standard")->hash, goldilocks::HashKind::kPoseidon);
  EXPECT_EQ(StarkConfig::ByName("sha").status().code(), absl::StatusCode::kInvalidArgument);
}

// Catalog() is the one list of names: each resolves to a valid configuration, and the error for
// any other names the bad value and every valid one.
TEST(StarkTest, ConfigCatalogIsTheListOfNames) {
  EXPECT_EQ(StarkConfig::Names(),
            (std::vector<std::string>{"standard", "standard-sha256", "test"}));
  ASSERT_EQ(StarkConfig::Catalog().size(), StarkConfig::Names().size());
  for (const StarkConfig::Named& n : StarkConfig::Catalog()) {
    SCOPED_TRACE(n.name);
    auto c = StarkConfig::ByName(n.name);
    ASSERT_TRUE(c.ok());
    EXPECT_TRUE(c->Validate().ok());
    EXPECT_EQ(c->security_bits(), n.make().security_bits());
    EXPECT_FALSE(n.summary.empty());
  }
  auto bad = StarkConfig::ByName("fast");
  ASSERT_FALSE(bad.ok());
  const std::string msg(bad.status().message());
  EXPECT_NE(msg.find("'fast'"), std::string::npos) << msg;
  for (const std::string& name : StarkConfig::Names()) {
    EXPECT_NE(msg.find(name), std::string::npos) << msg;
  }
}

// ExampleCatalog() is the one list of example names: each builds its example, and the error for
// any other name names the bad value and every valid one.
TEST(StarkTest, ExampleCatalogIsTheListOfNames) {
  EXPECT_EQ(ExampleNames(),
            (std::vector<std::string>{"fibonacci", "poseidon", "lookup", "cross_table"}));
  ASSERT_EQ(ExampleCatalog().size(), ExampleNames().size());
  for (const ExampleEntry& e : ExampleCatalog()) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(*ExampleByName(e.name), e.kind);
    auto ex = MakeExample(e.name, 64, /*traces=*/false);
    ASSERT_TRUE(ex.ok()) << ex.status();
    EXPECT_EQ(ex->name, e.name);
    EXPECT_FALSE(e.summary.empty());
  }
  for (const char* name : {"nonsense", "", "Fibonacci"}) {
    auto bad = MakeExample(name, 64);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string msg(bad.status().message());
    EXPECT_NE(msg.find("'" + std::string(name) + "'"), std::string::npos) << msg;
    for (const std::string& valid : ExampleNames()) {
      EXPECT_NE(msg.find(valid), std::string::npos) << msg;
    }
  }
}

}  // namespace
}  // namespace entangle::plonky
