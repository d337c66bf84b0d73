#include "tools/cli/builtin_suites.h"

namespace entangle::cli {

std::span<const BuiltinSuite> BuiltinSuites() {
  // One line per suite: {"name", &RunFunction}.
  static const BuiltinSuite kSuites[] = {
      {nullptr, nullptr},
  };
  return std::span<const BuiltinSuite>(kSuites, sizeof(kSuites) / sizeof(kSuites[0]) - 1);
}

}  // namespace entangle::cli
