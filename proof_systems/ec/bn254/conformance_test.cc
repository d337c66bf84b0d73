#include "proof_systems/ec/bn254/conformance.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace entangle::bn254
