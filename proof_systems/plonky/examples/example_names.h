// The names of the plonky example statements (examples/example.h), in a library of their own so
// that the CLI can list and check them without linking the prover (as //proof_systems/plonky:config
// does for the configurations).
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_NAMES_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_NAMES_H_

#include <absl/status/statusor.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace entangle::plonky {

enum class ExampleKind { kFibonacci, kPoseidon, kLookup, kCrossTable };

// The one list of examples that MakeExample, the plugin and the CLI read: a new example is added
// there (example_names.cc) and to MakeExample's switch (example.cc) only.
struct ExampleEntry {
  ExampleKind kind;
  std::string_view name;
  std::string_view summary;  // one line for help texts
};
std::span<const ExampleEntry> ExampleCatalog();
// ExampleCatalog()'s names, in order (CLI11 IsMember, error messages).
std::vector<std::string> ExampleNames();
// A name of ExampleCatalog(); anything else is an InvalidArgument error naming the bad value and
// the valid ones.
absl::StatusOr<ExampleKind> ExampleByName(std::string_view name);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_NAMES_H_
