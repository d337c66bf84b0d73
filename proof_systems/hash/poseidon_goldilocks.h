// Poseidon hashing over Goldilocks for the STARK back end (Merkle trees, Fiat-Shamir):
// - PoseidonPermute: Plonky2's exact Poseidon (width 12 = rate 8 + capacity 4, S-box x^7, 4 + 4
//   full rounds around 22 partial rounds, Plonky2's round constants and its circulant+diagonal
//   MDS), matching Plonky2's test vectors, so our digests equal Plonky2's.
// - Poseidon2Permute: Poseidon2 with HorizenLabs' Goldilocks width-12 parameters at commit
//   5ecbe7feb8f3 (same round numbers, cheap external 4x4-block and diagonal internal matrices;
//   that commit's partial rounds add a full row of constants), checked against its known answer.
// Digests, the sponge (HashNoPad, HashOrNoop) and the 2-to-1 compression follow Plonky2's
// hashing.rs, for either permutation. Speed: one state runs in AVX-512VL / AVX2 vectors;
// PermuteMany and the *Many hashes put eight states in each AVX-512 vector (about 3.5x the
// throughput of single calls), or four in each AVX2 vector for Poseidon (about 1.35x, measured on
// the 2-vCPU AMD EPYC machine); the portable code is the reference form.
#ifndef ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_H_
#define ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_H_

#include <array>
#include <span>

#include "proof_systems/field/goldilocks.h"

namespace entangle::goldilocks {

inline constexpr size_t kPoseidonWidth = 12;
inline constexpr size_t kPoseidonRate = 8;
inline constexpr size_t kDigestSize = 4;

using PoseidonState = std::array<Fp, kPoseidonWidth>;

void PoseidonPermute(PoseidonState& state);
void Poseidon2Permute(PoseidonState& state);

// Plonky2 Poseidon's parameters, for AIRs and circuits that re-implement the permutation (the
// plonky Poseidon AIR): 4 + 22 + 4 rounds; the constant of `lane` in `round` (round < 30, lane <
// 12); MDS row r: out[r] = sum_i in[(i + r) % 12] * PoseidonMdsCirc(i) + (r == 0 ? diag0 * in[0] :
// 0).
Fp PoseidonRoundConstant(int round, int lane);
uint64_t PoseidonMdsCirc(int i);
uint64_t PoseidonMdsDiag0();
// The MDS layer on a state, in place (the portable code's exact integer form).
void PoseidonMdsLayer(std::array<Fp, 12>& state);
// The same on each of several states (four at a time in AVX2 vectors when the CPU has them).
void PoseidonMdsLayerMany(std::span<std::array<Fp, 12>> states);

// kSha256 only changes Merkle hashing (HashOrNoop, TwoToOne and their batched forms): a digest is
// SHA-256 of the input's canonical little-endian bytes (8 per element; TwoToOne hashes the 64
// bytes left || right, two compressions), read as 4 little-endian u64 words with the top bit of
// each cleared, so that it stays 4 canonical field elements (252 of the 256 bits: 126-bit
// collision resistance). Inputs of at most 4 elements are hashed too (no noop). The permutation
// based functions (Permute, PermuteMany, HashNoPad, and so sponges such as the plonky transcript)
// use Poseidon for kSha256.
enum class HashKind { kPoseidon, kPoseidon2, kSha256 };

// "poseidon" / "poseidon2" / "sha256".
const char* HashKindName(HashKind kind);

void Permute(HashKind kind, PoseidonState& state);
// Permutes every state; batched (SIMD over several states where the CPU allows).
void PermuteMany(HashKind kind, std::span<PoseidonState> states);

struct Digest {
  std::array<Fp, kDigestSize> e;
  friend bool operator==(const Digest& a, const Digest& b) { return a.e == b.e; }
  friend bool operator!=(const Digest& a, const Digest& b) { return !(a == b); }
};

// Plonky2's hash_n_to_hash_no_pad: zero state; for each 8-element chunk, overwrite the first
// chunk-size lanes and permute; the digest is the first 4 lanes. (Empty input: zero digest.)
Digest HashNoPad(HashKind kind, std::span<const Fp> input);
// Plonky2's hash_or_noop: inputs of at most 4 elements are the digest themselves (zero-padded).
Digest HashOrNoop(HashKind kind, std::span<const Fp> input);
// Plonky2's compress: state = left || right || 0000, permute, first 4 lanes.
Digest TwoToOne(HashKind kind, const Digest& left, const Digest& right);

// Batched forms (the permutations run several states at once): out[i] = HashOrNoop of row i of
// the row-major `rows` (out.size() rows of `row_len` elements), and out[i] = TwoToOne(children[2i],
// children[2i + 1]) (children.size() == 2 * out.size(), else nothing is written).
void HashOrNoopMany(HashKind kind, std::span<const Fp> rows, size_t row_len, std::span<Digest> out);
void TwoToOneMany(HashKind kind, std::span<const Digest> children, std::span<Digest> out);

}  // namespace entangle::goldilocks

#endif  // ENTANGLE_PROOF_SYSTEMS_HASH_POSEIDON_GOLDILOCKS_H_
