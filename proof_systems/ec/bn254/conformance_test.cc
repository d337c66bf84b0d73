#include "proof_systems/ec/bn254/conformance.h"

#include <gtest/gtest.h>

#include "proof_systems/hash/poseidon_bn254/poseidon_bn254.h"
#include "tests/vectors.h"

namespace entangle::bn254 {
namespace {

TEST(Bn256Conformance, AllGoEthereumVectorsPass) {
  REQUIRE_VECTOR_FILE(f, "ethereum/go-ethereum-precompiles/bn256Pairing.json");
  auto r = RunBn256Conformance(entangle::testing::VectorsDir());
  ASSERT_TRUE(r.ok()) << r.status();
  for (const auto& f : r->failures) ADD_FAILURE() << f;
  EXPECT_EQ(r->failed, 0u);
  EXPECT_EQ(r->passed, 16u + 19u + 14u);
}

TEST(PoseidonBn254Conformance, AllCircomlibVectorsPass) {
  REQUIRE_VECTOR_FILE(f, "poseidon/circomlib_poseidon_bn254.json");
  const std::string constants = poseidon_bn254::FindConstantsFile();
  if (constants.empty()) {
    GTEST_SKIP()
        << "NPM PACKAGES MISSING: circomlibjs poseidon_constants.json not found; run `npm ci` "
           "in tests/interop (tools/setup.sh does)";
  }
  auto r = RunPoseidonBn254ConformanceWith(entangle::testing::VectorsDir(), constants);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const auto& f : r->failures) ADD_FAILURE() << f;
  EXPECT_EQ(r->failed, 0u);
  EXPECT_EQ(r->passed, 16u);
}

TEST(PoseidonBn254, RejectsBadInput) {
  const std::string constants = poseidon_bn254::FindConstantsFile();
  if (constants.empty()) GTEST_SKIP() << "NPM PACKAGES MISSING: circomlibjs";
  auto k = poseidon_bn254::LoadConstants(constants);
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_FALSE(poseidon_bn254::Hash(*k, {}).ok());
  std::vector<Fr> many(17, Fr::One());
  EXPECT_FALSE(poseidon_bn254::Hash(*k, many).ok());
  EXPECT_FALSE(poseidon_bn254::Hash(*k, std::vector<Fr>(2, Fr::One()), Fr::Zero(), 4).ok());
  EXPECT_FALSE(poseidon_bn254::LoadConstants("/nonexistent/poseidon.json").ok());
}

}  // namespace
}  // namespace entangle::bn254
