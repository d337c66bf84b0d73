#include "proof_systems/plonky/examples/example_names.h"

#include <absl/strings/str_join.h>

namespace entangle::plonky {

std::span<const ExampleEntry> ExampleCatalog() {
  static constexpr ExampleEntry kCatalog[] = {
      {ExampleKind::kFibonacci, "fibonacci", "the Fibonacci sequence in one table"},
      {ExampleKind::kPoseidon, "poseidon", "one Poseidon permutation per row"},
      {ExampleKind::kLookup, "lookup", "a LogUp range check into a byte table"},
      {ExampleKind::kCrossTable, "cross_table", "CPU-like and ALU tables joined by a lookup"},
  };
  return kCatalog;
}

std::vector<std::string> ExampleNames() {
  std::vector<std::string> out;
  for (const ExampleEntry& e : ExampleCatalog()) out.emplace_back(e.name);
  return out;
}

absl::StatusOr<ExampleKind> ExampleByName(std::string_view name) {
  for (const ExampleEntry& e : ExampleCatalog()) {
    if (e.name == name) return e.kind;
  }
  return absl::InvalidArgumentError("unknown plonky example '" + std::string(name) +
                                    "' (expected one of: " + absl::StrJoin(ExampleNames(), ", ") +
                                    ")");
}

}  // namespace entangle::plonky
