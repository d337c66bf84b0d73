// The base of every component a plugin creates (an ISA, a proof system, a chain adapter).
//
// Rules for every interface derived from it (they are what keeps the plugin boundary stable):
//  - Parameters and results are plain, serializable values (types.h), never library handles.
//  - No exception crosses the boundary: methods are noexcept and report failure as absl::Status.
//  - Virtual methods are only ever appended (an ABI minor bump); anything else is an ABI major
//  bump.
#ifndef ENTANGLE_COMPONENT_H_
#define ENTANGLE_COMPONENT_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <string>
#include <vector>

#include "entangle/types.h"

namespace entangle {

class Component {
 public:
  virtual ~Component() = default;

  // Names of the conformance suites this component can run over official vectors ("bip340", ...).
  [[nodiscard]] virtual std::vector<std::string> ConformanceSuites() const noexcept { return {}; }

  // Runs one suite; `vectors_dir` is the root of the vectors tree (the layout of shared/vectors).
  // A suite whose files are absent reports them as skipped rather than failing.
  [[nodiscard]] virtual absl::StatusOr<ConformanceReport> RunConformance(
      const std::string& suite, const std::string& /*vectors_dir*/) noexcept {
    return absl::NotFoundError("no conformance suite named '" + suite + "'");
  }
};

}  // namespace entangle

#endif  // ENTANGLE_COMPONENT_H_
