// SHA-256 (FIPS 180-4) for Merkle commitments: the compression function with the SHA-NI
// instructions when the CPU has them (detected once with cpuid), else a portable implementation
// that gives identical results. Used by HashKind::kSha256 (poseidon_goldilocks.h); general-purpose
// hashing elsewhere in the repository goes through common/sha.h (OpenSSL).
#ifndef ENTANGLE_PROOF_SYSTEMS_HASH_SHA256_H_
#define ENTANGLE_PROOF_SYSTEMS_HASH_SHA256_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace entangle::hash {

enum class Sha256Impl { kBest, kPortable, kShaNi };

// True when the CPU has the SHA extensions (and SSE4.1) and ENTANGLE_SIMD does not ask for the
// portable code.
bool HasShaNi();

// Applies the compression function to `state` for each 64-byte block of `blocks`
// (blocks.size() must be a multiple of 64; a trailing partial block is ignored). kShaNi on a CPU
// without SHA-NI falls back to the portable code.
void Sha256Compress(std::array<uint32_t, 8>& state, std::span<const uint8_t> blocks,
                    Sha256Impl impl = Sha256Impl::kBest);

// SHA-256 of `data` (with the standard padding).
std::array<uint8_t, 32> Sha256Digest(std::span<const uint8_t> data,
                                     Sha256Impl impl = Sha256Impl::kBest);

}  // namespace entangle::hash

#endif  // ENTANGLE_PROOF_SYSTEMS_HASH_SHA256_H_
