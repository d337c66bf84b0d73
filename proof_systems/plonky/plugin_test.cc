// The `plonky` plugin through the loader: setup, a proof from an explicit entangle-trace-v1
// witness, verification, and clear errors for bad statements, witnesses, public inputs and proofs.
#include <gtest/gtest.h>

#include <cstdlib>

#include "plugins/loader/loader.h"
#include "proof_systems/plonky/examples/example.h"

namespace entangle::plonky {
namespace {

using proof_systems::Blob;

Bytes Text(const std::string& s) { return Bytes(s.begin(), s.end()); }

// entangle-trace-v1 of the example's tables.
Bytes EncodeTraces(const Example& ex) {
  Bytes out;
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  u32(ex.tables.size());
  for (const TableInput& t : ex.tables) {
    u32(t.trace.size());
    u32(t.trace[0].size());
    for (const auto& col : t.trace) {
      for (Fp f : col) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(f.value() >> (8 * i)));
      }
    }
  }
  return out;
}

class PlonkyPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* srcdir = std::getenv("TEST_SRCDIR");
    ASSERT_NE(srcdir, nullptr);
    auto info =
        reg_.LoadFile(std::string(srcdir) + "/entangle/proof_systems/plonky/libentangle_plonky.so");
    ASSERT_TRUE(info.ok()) << info.status();
    auto ps = reg_.CreateProofSystem("plonky", R"({"config": "test"})");
    ASSERT_TRUE(ps.ok()) << ps.status();
    ps_ = std::move(*ps);
  }

  absl::StatusOr<proof_systems::Keys> Setup(const std::string& json) {
    return ps_->Setup({Blob{"entangle-air-v1", Text(json)}, {}, "{}"});
  }

  // A request to prove with `keys` from the example's traces (an entangle-trace-v1 witness).
  static proof_systems::ProveRequest TraceRequest(const proof_systems::Keys& keys,
                                                  const Example& ex) {
    proof_systems::ProveRequest req;
    req.proving_key = keys.proving_key;
    req.witness = {"entangle-trace-v1", EncodeTraces(ex)};
    return req;
  }

  plugins::Registry reg_;
  plugins::Owned<proof_systems::ProofSystem> ps_;
};

TEST_F(PlonkyPlugin, InfoSaysTransparentAndTestConfig) {
  auto info = ps_->Info();
  EXPECT_EQ(info.name, "plonky");
  EXPECT_EQ(info.field, "goldilocks");
  EXPECT_TRUE(info.transparent);
  EXPECT_EQ(info.configuration, "test");
  EXPECT_FALSE(reg_.CreateProofSystem("plonky", R"({"config": "fast"})").ok());
}

TEST_F(PlonkyPlugin, ProvesAnExplicitTraceAndRejectsABadOne) {
  auto keys = Setup(R"({"air": "fibonacci", "rows": 64, "config": "test"})");
  ASSERT_TRUE(keys.ok()) << keys.status();
  auto ex = MakeExample("fibonacci", 64);
  ASSERT_TRUE(ex.ok());
  proof_systems::ProveRequest req = TraceRequest(*keys, *ex);
  auto res = ps_->Prove(req);
  ASSERT_TRUE(res.ok()) << res.status();
  ASSERT_EQ(res->public_inputs.size(), 3u);
  EXPECT_TRUE(ps_->Verify(keys->verifying_key, res->proof, res->public_inputs).ok());

  // The same proof and publics against a key for another height: rejected.
  auto keys128 = Setup(R"({"air": "fibonacci", "rows": 128, "config": "test"})");
  ASSERT_TRUE(keys128.ok()) << keys128.status();
  absl::Status other_height = ps_->Verify(keys128->verifying_key, res->proof, res->public_inputs);
  EXPECT_EQ(other_height.code(), absl::StatusCode::kInvalidArgument) << other_height;

  // A different claimed result: rejected as an invalid proof.
  auto lie = res->public_inputs;
  lie[2][7] ^= 1;
  absl::Status s = ps_->Verify(keys->verifying_key, res->proof, lie);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  // Wrong number of public inputs, wrong width, wrong proof format.
  EXPECT_FALSE(ps_->Verify(keys->verifying_key, res->proof, {lie[0]}).ok());
  lie[0] = Bytes(7, 0);
  EXPECT_FALSE(ps_->Verify(keys->verifying_key, res->proof, lie).ok());
  EXPECT_FALSE(
      ps_->Verify(keys->verifying_key, {"snarkjs-proof-json", res->proof.data}, res->public_inputs)
          .ok());

  // A trace that breaks the Fibonacci rule is refused by the prover, naming the problem.
  ex->tables[0].trace[1][10] += Fp::One();
  req.witness = {"entangle-trace-v1", EncodeTraces(*ex)};
  EXPECT_FALSE(ps_->Prove(req).ok());
  // Truncated and oversized witnesses.
  Bytes w = EncodeTraces(*ex);
  req.witness = {"entangle-trace-v1", Bytes(w.begin(), w.end() - 1)};
  EXPECT_FALSE(ps_->Prove(req).ok());
  w.push_back(0);
  req.witness = {"entangle-trace-v1", w};
  EXPECT_FALSE(ps_->Prove(req).ok());
  req.witness = {"snarkjs-wtns", {}};
  EXPECT_FALSE(ps_->Prove(req).ok());
}

// Proof from a supplied trace for each example (one and two tables, with and without public
// inputs of their own), then traces of the wrong shape: clear errors naming both shapes.
TEST_F(PlonkyPlugin, ProvesSuppliedTracesOfEveryExampleAndChecksTheirShapes) {
  for (const char* air : {"fibonacci", "poseidon", "lookup", "cross_table"}) {
    SCOPED_TRACE(air);
    auto keys = Setup(std::string(R"({"air": ")") + air + R"(", "rows": 32, "config": "test"})");
    ASSERT_TRUE(keys.ok()) << keys.status();
    auto ex = MakeExample(air, 32);
    ASSERT_TRUE(ex.ok());
    proof_systems::ProveRequest req = TraceRequest(*keys, *ex);
    auto res = ps_->Prove(req);
    ASSERT_TRUE(res.ok()) << res.status();
    EXPECT_TRUE(ps_->Verify(keys->verifying_key, res->proof, res->public_inputs).ok());
    // The example's own witness gives the same public inputs.
    req.witness = {"entangle-example-v1", {}};
    auto own = ps_->Prove(req);
    ASSERT_TRUE(own.ok()) << own.status();
    EXPECT_EQ(own->public_inputs, res->public_inputs);
  }

  // A Fibonacci trace from (2, 3) proves with its own public inputs, not with the example's.
  auto keys = Setup(R"({"air": "fibonacci", "rows": 32, "config": "test"})");
  ASSERT_TRUE(keys.ok()) << keys.status();
  auto ex = MakeExample("fibonacci", 32);
  ASSERT_TRUE(ex.ok());
  Trace& fib = ex->tables[0].trace;
  fib[0][0] = Fp::FromU64(2);
  fib[1][0] = Fp::FromU64(3);
  for (size_t i = 1; i < 32; ++i) {
    fib[0][i] = fib[1][i - 1];
    fib[1][i] = fib[0][i - 1] + fib[1][i - 1];
  }
  proof_systems::ProveRequest req = TraceRequest(*keys, *ex);
  EXPECT_FALSE(ps_->Prove(req).ok());  // the example's publics (0, 1, F_32) do not hold
  auto be = [](uint64_t v) {
    Bytes b(8);
    for (int i = 7; i >= 0; --i, v >>= 8) b[i] = static_cast<uint8_t>(v);
    return b;
  };
  req.public_inputs = {be(2), be(3), be(fib[1][31].value())};
  auto res = ps_->Prove(req);
  ASSERT_TRUE(res.ok()) << res.status();
  EXPECT_EQ(res->public_inputs, req.public_inputs);
  EXPECT_TRUE(ps_->Verify(keys->verifying_key, res->proof, res->public_inputs).ok());
  req.public_inputs.clear();

  auto expect_error = [&](const Bytes& witness, const std::string& what) {
    req.witness = {"entangle-trace-v1", witness};
    auto r = ps_->Prove(req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(what), std::string::npos) << r.status();
  };
  // Twice the rows, a missing column, another example's two tables.
  auto longer = MakeExample("fibonacci", 64);
  ASSERT_TRUE(longer.ok());
  expect_error(EncodeTraces(*longer), "table 0 is 2x64, the statement's fibonacci table is 2x32");
  Example narrow = *ex;
  narrow.tables[0].trace.pop_back();
  expect_error(EncodeTraces(narrow), "table 0 is 1x32, the statement's fibonacci table is 2x32");
  auto two = MakeExample("cross_table", 32);
  ASSERT_TRUE(two.ok());
  expect_error(EncodeTraces(*two), "2 tables, the statement has 1");
  // The second table of cross_table has a quarter of the rows: a full-height one is refused.
  auto ct_keys = Setup(R"({"air": "cross_table", "rows": 32, "config": "test"})");
  ASSERT_TRUE(ct_keys.ok()) << ct_keys.status();
  req.proving_key = ct_keys->proving_key;
  two->tables[1].trace.assign(two->tables[1].trace.size(), std::vector<Fp>(32));
  expect_error(EncodeTraces(*two), "table 1 is 4x32");
}

TEST_F(PlonkyPlugin, BadStatementsAreClearErrors) {
  EXPECT_FALSE(Setup("not json").ok());
  EXPECT_FALSE(Setup(R"({"air": "fibonacci"})").ok());
  EXPECT_FALSE(Setup(R"({"air": "fibonacci", "rows": 100})").ok());
  EXPECT_FALSE(Setup(R"({"air": "sudoku", "rows": 64})").ok());
  EXPECT_FALSE(Setup(R"({"air": "fibonacci", "rows": 64, "config": "weak"})").ok());
  EXPECT_FALSE(ps_->Setup({Blob{"circom-r1cs", Text("{}")}, {}, "{}"}).ok());
  EXPECT_FALSE(ps_->Setup({Blob{"entangle-air-v1", Text(R"({"air":"lookup","rows":64})")},
                           Blob{"snarkjs-ptau", Text("x")}, "{}"})
                   .ok());
}

}  // namespace
}  // namespace entangle::plonky
