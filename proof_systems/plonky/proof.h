// The plonky proof object and its versioned binary encoding.
//
// Encoding (little-endian): "EPLK", u16 version (6), then the fields below in declaration order.
// A vector is a u32 count followed by its elements; Fp is 8 bytes and must be canonical (< p); Fp2
// is c0 then c1; a Digest is 4 Fp. Deserialize() rejects bad magic/version, truncation, trailing
// bytes, non-canonical elements and counts beyond what the remaining bytes can hold; shapes
// (lengths against the statement and configuration) are checked by the verifier.
#ifndef ENTANGLE_PROOF_SYSTEMS_PLONKY_PROOF_H_
#define ENTANGLE_PROOF_SYSTEMS_PLONKY_PROOF_H_

#include <absl/status/statusor.h>

#include <cstdint>
#include <span>
#include <vector>

#include "proof_systems/field/goldilocks.h"
#include "proof_systems/hash/poseidon_goldilocks.h"

namespace entangle::plonky {

using goldilocks::Digest;

// Version 6: matrices of fewer than 32 columns put several consecutive rows in a Merkle leaf
// (LogRowsPerLeaf, protocol.h; version 5 did so only up to 4 columns). Since version 5, a table
// whose committed matrices all have at most 4 columns has a virtual first FRI layer
// (VirtualFirstLayerBits): its matrices' leaves are the first fold's cosets, and its FRI caps and
// query openings start at the second layer. Version 5 (another leaf layout for 5 to 31 columns),
// version 4 (every first layer committed) and versions 1-3 (another quotient or leaf layout) are
// rejected.
inline constexpr uint16_t kProofVersion = 6;

// A Merkle-opened leaf of one committed matrix: its rows (one, or several for narrow matrices,
// see MatrixLayout in protocol.h) one after the other, and the siblings up to the cap.
struct MerkleOpening {
  std::vector<goldilocks::Fp> values;
  std::vector<Digest> siblings;
};

// One query against one table: the rows of its three trace commitments at the query index, and
// the coset of each FRI layer the query passes through (Fp2 values).
struct QueryProof {
  MerkleOpening main, aux, quotient;
  std::vector<MerkleOpening> fri_layers;  // values: the coset's Fp2 values as (c0, c1) pairs
};

struct TableProof {
  uint32_t log_rows = 0;
  std::vector<Digest> main_cap, aux_cap, quotient_cap;
  goldilocks::Fp2 lookup_sum;  // LogUp claimed sum (zero without lookups)
  // Openings at the out-of-domain point zeta and at zeta * g (g generates the trace domain).
  std::vector<goldilocks::Fp2> main_zeta, main_next, aux_zeta, aux_next, quotient_zeta;
  std::vector<std::vector<Digest>> fri_caps;
  std::vector<goldilocks::Fp2> final_poly;  // coefficients, lowest degree first
  std::vector<QueryProof> queries;
};

struct Proof {
  std::vector<TableProof> tables;
  uint64_t pow_nonce = 0;
};

std::vector<uint8_t> Serialize(const Proof& proof);
absl::StatusOr<Proof> Deserialize(std::span<const uint8_t> bytes);

}  // namespace entangle::plonky

#endif  // ENTANGLE_PROOF_SYSTEMS_PLONKY_PROOF_H_
