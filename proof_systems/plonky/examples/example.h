// Example statements for the plonky STARK (tests, benchmarks, `entangle plonky demo`). Their names
// are listed once, in example_names.{h,cc}.
//
//   absl::StatusOr<Example> ex = MakeExample("fibonacci", 1 << 16);
//   auto proof = Prove(StarkConfig::Standard(), ex->tables);
//   absl::Status ok = Verify(StarkConfig::Standard(), ex->airs(), ex->publics(), *proof);
//
// - fibonacci: one table (a, b) -> (b, a + b); public inputs: the first two values and the last.
// - poseidon:  one Poseidon (Goldilocks, width 12) permutation per row, checked against the real
//              permutation; public inputs: the first row's input and the last row's output.
// - lookup:    a range check: every value of a table is looked up (LogUp) in a byte table 0..255.
// - cross_table: a CPU-like table sends (x, y, x*y) requests to an ALU table that proves x*y;
//              the two tables have different heights and are joined by a cross-table lookup.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_H_

#include <absl/status/statusor.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proof_systems/plonky/air/air.h"
#include "proof_systems/plonky/examples/example_names.h"

namespace entangle::plonky {

struct Example {
  std::string name;
  std::vector<std::shared_ptr<const Air>> owned_airs;
  std::vector<TableInput> tables;  // tables[i].air points into owned_airs
  std::vector<size_t> heights;     // rows of each table (also without traces)

  std::vector<const Air*> airs() const;
  std::vector<std::vector<Fp>> publics() const;
  size_t trace_cells() const;
};

// `rows` is the number of trace rows of the main table (a power of two >= 4). With
// `traces` false only the statement is built (AIRs, heights and the example's public inputs,
// empty traces): what a verifier needs, or a prover given its own trace, without the cost of
// generating the witness.
absl::StatusOr<Example> MakeFibonacci(size_t rows, bool traces = true);
// `rows` permutations, one per row (examples/poseidon.cc).
absl::StatusOr<Example> MakePoseidon(size_t rows, bool traces = true);
absl::StatusOr<Example> MakeRangeCheck(size_t rows, bool traces = true);
absl::StatusOr<Example> MakeCrossTable(size_t rows, bool traces = true);
// name: one of ExampleNames() (example_names.h); anything else is an InvalidArgument error
// naming the valid ones.
absl::StatusOr<Example> MakeExample(std::string_view name, size_t rows, bool traces = true);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_EXAMPLES_EXAMPLE_H_
