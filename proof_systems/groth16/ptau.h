// Reader for snarkjs's powers-of-tau files (.ptau, magic "ptau", version 1), the input of the
// Groth16 setup. Header (section 1): n8 = 32, q (the BN254 base field), power, ceremonyPower.
// Points are little-endian Montgomery affine (G1 64 bytes, G2 128 bytes, all-zero = infinity):
//   2 tauG1       2^(power+1) - 1 G1    tau^i G1
//   3 tauG2       2^power G2            tau^i G2
//   4 alphaTauG1  2^power G1            alpha tau^i G1
//   5 betaTauG1   2^power G1            beta tau^i G1
//   6 betaG2      1 G2
//   7 contributions (not interpreted)
// A file made by `snarkjs powersoftau prepare phase2` also has the Lagrange forms, for every
// domain 2^p, p = 0..power (and power + 1 for section 12), concatenated: the block of domain 2^p
// starts at point 2^p - 1:
//   12 tauG1 (2^(power+2) - 1 points), 13 tauG2, 14 alphaTauG1, 15 betaTauG1 (2^(power+1) - 1).
// ParsePtau checks the header, every section size, the first points of sections 2-6 (tauG1[0] and
// tauG2[0] must be the generators, betaG2 and tauG2[1] in the G2 subgroup); the bulk of the points
// is decoded (and checked on the curve) on demand by the range readers, in parallel.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_PTAU_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_PTAU_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "proof_systems/groth16/snarkjs_files.h"

namespace entangle::groth16 {

enum PtauSection : uint32_t {
  kPtauTauG1 = 2,
  kPtauTauG2 = 3,
  kPtauAlphaTauG1 = 4,
  kPtauBetaTauG1 = 5,
  kPtauBetaG2 = 6,
  kPtauContributions = 7,
  kPtauLagrangeTauG1 = 12,
  kPtauLagrangeTauG2 = 13,
  kPtauLagrangeAlphaTauG1 = 14,
  kPtauLagrangeBetaTauG1 = 15,
};

struct Ptau {
  uint32_t power = 0, ceremony_power = 0;
  bool prepared = false;   // sections 12-15 present (`powersoftau prepare phase2`)
  G1Affine alpha1, beta1;  // alphaTauG1[0], betaTauG1[0]
  G2Affine beta2;          // betaG2
  BinFile file;

  // Points [first, first + count) of a section, decoded and checked on the curve (G2 points are
  // not subgroup-checked: too costly in bulk). Errors name the section and the index.
  absl::StatusOr<std::vector<G1Affine>> G1Range(uint32_t section, size_t first, size_t count) const;
  absl::StatusOr<std::vector<G2Affine>> G2Range(uint32_t section, size_t first, size_t count) const;
  // The raw bytes of points [first, first + count) (point_size 64 or 128), bounds-checked.
  absl::StatusOr<ByteView> Raw(uint32_t section, size_t first, size_t count,
                               size_t point_size) const;
};

absl::StatusOr<Ptau> ParsePtau(Bytes data);
// Without copying the (possibly large) file: `data` must outlive the result.
absl::StatusOr<Ptau> ParsePtauView(ByteView data);

// Offset (in points) of the Lagrange block for domain 2^p in sections 12-15.
inline size_t PtauLagrangeOffset(int p) { return (size_t{1} << p) - 1; }

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_PTAU_H_
