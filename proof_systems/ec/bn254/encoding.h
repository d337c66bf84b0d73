// Encodings of BN254 points and field elements.
// - Ethereum (EIP-196/197): G1 = x | y, G2 = x.c1 | x.c0 | y.c1 | y.c0, 32-byte big-endian each;
//   all-zero is the point at infinity.
// - snarkjs JSON: decimal strings, projective with z = 1 (G1 [x, y, "1"], G2 [[x.c0, x.c1],
//   [y.c0, y.c1], ["1", "0"]]); infinity is [0, 1, 0].
// - snarkjs binary (.zkey/.ptau): little-endian Montgomery form, G2 as x.c0 | x.c1 | y.c0 | y.c1;
//   all-zero is infinity.
// - Compressed G1: 32 bytes big-endian x (x < p < 2^254 leaves the top two bits free) with flags in
//   the top two bits: 10 = y is the smaller root, 11 = y is the lexicographically larger root,
//   01 = the point at infinity (rest zero), 00 = invalid.
// - Compressed G2: 64 bytes, x.c1 | x.c0 big-endian (the Ethereum order), the same flags in the top
//   two bits of the first byte; y's order compares y.c1, or y.c0 when y.c1 = 0 (gnark's layout).
// Decoders reject non-canonical field elements (>= p), points off the curve and, for G2, points
// outside the order-r subgroup, with a Status naming the problem.
#ifndef ENTANGLE_PROOF_SYSTEMS_EC_BN254_ENCODING_H_
#define ENTANGLE_PROOF_SYSTEMS_EC_BN254_ENCODING_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proof_systems/ec/bn254/curve.h"

namespace entangle::bn254 {

absl::StatusOr<Fq> FqFromBe(const uint8_t* be32);
absl::StatusOr<G1Affine> G1FromEth(const uint8_t* in64);
absl::StatusOr<G2Affine> G2FromEth(const uint8_t* in128);  // includes the subgroup check
std::array<uint8_t, 64> G1ToEth(const G1Affine& p);
std::array<uint8_t, 128> G2ToEth(const G2Affine& q);

absl::StatusOr<Fq> FqFromDecimal(const std::string& s);
absl::StatusOr<Fr> FrFromDecimal(const std::string& s);
absl::StatusOr<G1Affine> G1FromJson(const std::vector<std::string>& xyz);
absl::StatusOr<G2Affine> G2FromJson(const std::vector<std::vector<std::string>>& xyz);
std::vector<std::string> G1ToJson(const G1Affine& p);
std::vector<std::vector<std::string>> G2ToJson(const G2Affine& q);

// Little-endian Montgomery (snarkjs binary); the input is read raw (Montgomery form, must be < p).
// 32 little-endian bytes as an integer (the limbs are little-endian words).
U256 U256FromLe(const uint8_t* le32);
absl::StatusOr<Fq> FqFromLeMont(const uint8_t* le32);
void FqToLeMont(const Fq& a, uint8_t* le32);
absl::StatusOr<G1Affine> G1FromLeMont(const uint8_t* in64);
// check_subgroup = false skips the (costly) G2 subgroup check: only for points whose misuse can
// harm nobody but the caller (e.g. a prover's own key).
absl::StatusOr<G2Affine> G2FromLeMont(const uint8_t* in128, bool check_subgroup = true);
void G1ToLeMont(const G1Affine& p, uint8_t* out64);
void G2ToLeMont(const G2Affine& q, uint8_t* out128);

std::array<uint8_t, 32> G1Compress(const G1Affine& p);
absl::StatusOr<G1Affine> G1Decompress(const uint8_t* in32);
std::array<uint8_t, 64> G2Compress(const G2Affine& q);
// Includes the subgroup check.
absl::StatusOr<G2Affine> G2Decompress(const uint8_t* in64);

}  // namespace entangle::bn254

#endif  // ENTANGLE_PROOF_SYSTEMS_EC_BN254_ENCODING_H_
