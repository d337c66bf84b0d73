// The plonky STARK: public entry points.
//
//   StarkConfig config = StarkConfig::Standard();        // ~100 bits, config.security_bits()
//   std::vector<TableInput> tables = {{&my_air, trace, publics}, ...};
//   absl::StatusOr<Proof> proof = Prove(config, tables);
//   std::vector<uint8_t> bytes = Serialize(*proof);
//   absl::Status ok = Verify(config, {&my_air, ...}, {publics, ...}, *Deserialize(bytes));
//
// Protocol (per table, one shared Fiat-Shamir transcript): commit the coset low-degree extension
// of the trace; draw LogUp challenges and commit the auxiliary (lookup) columns and their sums;
// draw alpha and commit the quotient sum_i alpha^i C_i(x) / Z_H(x), split into degree-n chunks;
// draw zeta in Fp2 and open everything at zeta (trace also at zeta * g); draw lambda and prove
// with FRI that the DEEP combination sum lambda^i (f_i(x) - f_i(z)) / (x - z) is low degree; grind
// proof-of-work; answer the queries with Merkle openings. See README.md in this folder.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_STARK_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_STARK_H_

#include <absl/status/status.h>
#include <absl/status/statusor.h>

#include <span>
#include <vector>

#include "proof_systems/plonky/air/air.h"
#include "proof_systems/plonky/config.h"
#include "proof_systems/plonky/proof.h"

namespace entangle::plonky {

struct ProverOptions {
  // Test hook: skip the prover's own check that the trace satisfies the constraints (the quotient
  // at zeta) and that the lookups balance, so soundness tests can make it prove a bad trace.
  bool skip_constraint_check = false;
};

// Proves that every table's trace satisfies its AIR and that all lookups balance.
absl::StatusOr<Proof> Prove(const StarkConfig& config, std::span<const TableInput> tables,
                            const ProverOptions& options = {});

// Verifies `proof` for the tables' AIRs and public inputs (publics[t] belongs to airs[t]).
absl::Status Verify(const StarkConfig& config, std::span<const Air* const> airs,
                    std::span<const std::vector<Fp>> publics, const Proof& proof);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_STARK_H_
