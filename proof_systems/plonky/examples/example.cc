#include "proof_systems/plonky/examples/example.h"

namespace entangle::plonky {

std::vector<const Air*> Example::airs() const {
  std::vector<const Air*> out;
  for (const TableInput& t : tables) out.push_back(t.air);
  return out;
}

std::vector<std::vector<Fp>> Example::publics() const {
  std::vector<std::vector<Fp>> out;
  for (const TableInput& t : tables) out.push_back(t.publics);
  return out;
}

size_t Example::trace_cells() const {
  size_t cells = 0;
  for (const TableInput& t : tables)
    cells += t.trace.empty() ? 0 : t.trace.size() * t.trace[0].size();
  return cells;
}

absl::StatusOr<Example> MakeExample(std::string_view name, size_t rows, bool traces) {
  absl::StatusOr<ExampleKind> kind = ExampleByName(name);
  if (!kind.ok()) return kind.status();
  switch (*kind) {
    case ExampleKind::kFibonacci:
      return MakeFibonacci(rows, traces);
    case ExampleKind::kPoseidon:
      return MakePoseidon(rows, traces);
    case ExampleKind::kLookup:
      return MakeRangeCheck(rows, traces);
    case ExampleKind::kCrossTable:
      return MakeCrossTable(rows, traces);
  }
  return absl::InternalError("plonky example '" + std::string(name) + "' has no constructor");
}

}  // namespace entangle::plonky
