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
  proof_systems::ProveRequest req;
  req.proving_key = keys->proving_key;
  req.witness = {"entangle-trace-v1", EncodeTraces(*ex)};
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
