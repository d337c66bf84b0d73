// The `groth16` plugin through the loader: ProveResult::insecure_dev_setup is set for a key from
// the insecure development setup and not for a key from a ptau (our setup, byte-identical to
// snarkjs's), and both proofs verify through the plugin.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/bytes.h"
#include "plugins/loader/loader.h"
#include "proof_systems/groth16/r1cs.h"
#include "proof_systems/groth16/snarkjs_files.h"
#include "proof_systems/groth16/test_circuits.h"

namespace entangle::groth16 {
namespace {

using proof_systems::Blob;

std::string SrcDir() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/entangle/proof_systems/groth16/";
}

class Groth16Plugin : public ::testing::Test {
 protected:
  void SetUp() override {
    auto info = reg_.LoadFile(SrcDir() + "libentangle_groth16.so");
    ASSERT_TRUE(info.ok()) << info.status();
    auto ps = reg_.CreateProofSystem("groth16");
    ASSERT_TRUE(ps.ok()) << ps.status();
    ps_ = std::move(*ps);
  }

  // Sets up test_circuits::Square(false) (fits testdata/pot1.ptau) with `req`'s parameters and
  // options, proves x = 7 and verifies the proof.
  proof_systems::ProveResult SetupProveVerify(proof_systems::SetupRequest req) {
    req.circuit = {"circom-r1cs", WriteR1cs(test_circuits::Square(false))};
    auto keys = ps_->Setup(req);
    EXPECT_TRUE(keys.ok()) << keys.status();
    if (!keys.ok()) return {};
    proof_systems::ProveRequest prove;
    prove.proving_key = keys->proving_key;
    prove.witness = {"snarkjs-wtns", WriteWtns(test_circuits::SquareWitness(7))};
    auto res = ps_->Prove(prove);
    EXPECT_TRUE(res.ok()) << res.status();
    if (!res.ok()) return {};
    EXPECT_TRUE(ps_->Verify(keys->verifying_key, res->proof, res->public_inputs).ok());
    return *res;
  }

  plugins::Registry reg_;
  plugins::Owned<proof_systems::ProofSystem> ps_;
};

TEST_F(Groth16Plugin, DevSetupKeyIsReportedInsecure) {
  proof_systems::SetupRequest req;
  req.options_json = R"({"insecure_dev_setup": true})";
  EXPECT_TRUE(SetupProveVerify(req).insecure_dev_setup);
}

TEST_F(Groth16Plugin, PtauKeyIsNotReportedInsecure) {
  auto ptau = ReadFile(SrcDir() + "testdata/pot1.ptau");
  ASSERT_TRUE(ptau.ok()) << ptau.status();
  proof_systems::SetupRequest req;
  req.parameters = {"snarkjs-ptau", std::move(*ptau)};
  EXPECT_FALSE(SetupProveVerify(req).insecure_dev_setup);
}

// A key and witness passed borrowed (Blob::view, as the CLI passes memory-mapped files) give the
// same deterministic proof as owned ones; an empty borrowed key is rejected, not read.
TEST_F(Groth16Plugin, BorrowedBlobsProveLikeOwnedOnes) {
  proof_systems::SetupRequest setup;
  setup.options_json = R"({"insecure_dev_setup": true})";
  setup.circuit = {"circom-r1cs", WriteR1cs(test_circuits::Square(false))};
  auto keys = ps_->Setup(setup);
  ASSERT_TRUE(keys.ok()) << keys.status();
  const Bytes wtns = WriteWtns(test_circuits::SquareWitness(7));
  proof_systems::ProveRequest owned;
  owned.proving_key = keys->proving_key;
  owned.witness = {"snarkjs-wtns", wtns};
  owned.options_json = R"({"deterministic": true})";
  proof_systems::ProveRequest borrowed = owned;
  borrowed.proving_key = {"snarkjs-zkey", {}, keys->proving_key.data};
  borrowed.witness = {"snarkjs-wtns", {}, wtns};
  auto a = ps_->Prove(owned);
  auto b = ps_->Prove(borrowed);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->proof.data, b->proof.data);
  EXPECT_EQ(a->public_inputs, b->public_inputs);
  borrowed.proving_key.view = {};
  EXPECT_FALSE(ps_->Prove(borrowed).ok());
}

}  // namespace
}  // namespace entangle::groth16
