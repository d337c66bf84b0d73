#include "tools/cli/builtin_suites.h"

#include "proof_systems/ec/bn254/conformance.h"
#include "proof_systems/hash/poseidon_goldilocks_conformance.h"

namespace entangle::cli {

std::span<const BuiltinSuite> BuiltinSuites() {
  // One line per suite: {"name", &RunFunction}.
  static const BuiltinSuite kSuites[] = {
      {"bn256", &bn254::RunBn256Conformance},
      {"poseidon-bn254", &bn254::RunPoseidonBn254Conformance},
      {"poseidon-goldilocks", &goldilocks::RunPoseidonGoldilocksConformance},
      {nullptr, nullptr},
  };
  return std::span<const BuiltinSuite>(kSuites, sizeof(kSuites) / sizeof(kSuites[0]) - 1);
}

}  // namespace entangle::cli
