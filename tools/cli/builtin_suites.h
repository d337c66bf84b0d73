// Conformance suites of the framework's own libraries (arithmetic, hashing), run by
// `entangle conformance`. Suites of plugins are discovered through Component::ConformanceSuites().
#ifndef ENTANGLE_TOOLS_CLI_BUILTIN_SUITES_H_
#define ENTANGLE_TOOLS_CLI_BUILTIN_SUITES_H_

#include <absl/status/statusor.h>

#include <span>
#include <string>

#include "entangle/types.h"

namespace entangle::cli {

struct BuiltinSuite {
  const char* name;
  absl::StatusOr<ConformanceReport> (*run)(const std::string& vectors_dir);
};

std::span<const BuiltinSuite> BuiltinSuites();

}  // namespace entangle::cli

#endif  // ENTANGLE_TOOLS_CLI_BUILTIN_SUITES_H_
