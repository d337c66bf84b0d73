#include "proof_systems/hash/poseidon_goldilocks.h"

#include <algorithm>

namespace entangle::goldilocks {
namespace {

#include "proof_systems/hash/poseidon_goldilocks_constants.inc"

constexpr int kHalfFullRounds = 4;
constexpr int kPartialRounds = 22;

inline Fp Sbox(Fp x) {
  Fp x2 = x.Square();
  Fp x4 = x2.Square();
  return x4 * x2 * x;
}

// Plonky2's MDS: out[r] = sum_i s[(i + r) % 12] * circ[i] + s[r] * diag[r]. The entries are
// below 2^6, so each row is accumulated exactly from the 32-bit halves of the inputs in 64-bit
// integers (12 * 2^32 * 2^6 < 2^64) and reduced once.
inline void MdsLayer(PoseidonState& s) {
  uint64_t lo[12], hi[12];
  for (int i = 0; i < 12; ++i) {
    lo[i] = s[i].value() & 0xFFFFFFFFull;
    hi[i] = s[i].value() >> 32;
  }
  for (int r = 0; r < 12; ++r) {
    uint64_t acc_lo = 0, acc_hi = 0;
    for (int i = 0; i < 12; ++i) {
      const int k = (i + r) % 12;
      acc_lo += lo[k] * kMdsCirc[i];
      acc_hi += hi[k] * kMdsCirc[i];
    }
    if (r == 0) {
      acc_lo += lo[0] * kMdsDiag0;
      acc_hi += hi[0] * kMdsDiag0;
    }
    unsigned __int128 total =
        (static_cast<unsigned __int128>(acc_hi) << 32) + static_cast<unsigned __int128>(acc_lo);
    s[r] = Fp::Reduce128(total);
  }
}

inline void AddRoundConstants(PoseidonState& s, int round) {
  for (int i = 0; i < 12; ++i) s[i] += Fp::FromU64(kPoseidonRc[12 * round + i]);
}

void PoseidonPortable(PoseidonState& s) {
  int round = 0;
  for (int r = 0; r < kHalfFullRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    for (auto& x : s) x = Sbox(x);
    MdsLayer(s);
  }
  for (int r = 0; r < kPartialRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    s[0] = Sbox(s[0]);
    MdsLayer(s);
  }
  for (int r = 0; r < kHalfFullRounds; ++r, ++round) {
    AddRoundConstants(s, round);
    for (auto& x : s) x = Sbox(x);
    MdsLayer(s);
  }
}

// Poseidon2 external layer for width 12: the 4x4 matrix M4 = [[5,7,1,3],[4,6,1,1],[1,3,5,7],
// [1,1,4,6]] on each block of 4, then every lane adds the sum of its position over the blocks
// (the circ(2M4, M4, M4) structure).
inline void ExternalLayer(PoseidonState& s) {
  for (int b = 0; b < 12; b += 4) {
    Fp x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
    Fp t0 = x0 + x1, t1 = x2 + x3;
    Fp t2 = x1.Double() + t1, t3 = x3.Double() + t0;
    Fp t4 = t1.Double().Double() + t3, t5 = t0.Double().Double() + t2;
    s[b] = t3 + t5;
    s[b + 1] = t5;
    s[b + 2] = t2 + t4;
    s[b + 3] = t4;
  }
  for (int l = 0; l < 4; ++l) {
    Fp sum = s[l] + s[4 + l] + s[8 + l];
    s[l] += sum;
    s[4 + l] += sum;
    s[8 + l] += sum;
  }
}

// Internal layer: s[i] <- s[i] * diag_m1[i] + sum(s).
inline void InternalLayer(PoseidonState& s) {
  Fp sum = s[0];
  for (int i = 1; i < 12; ++i) sum += s[i];
  for (int i = 0; i < 12; ++i) s[i] = s[i] * Fp::FromU64(kPoseidon2DiagM1[i]) + sum;
}

inline void Poseidon2FullRound(PoseidonState& s, const uint64_t* rc) {
  for (int i = 0; i < 12; ++i) s[i] = Sbox(s[i] + Fp::FromU64(rc[i]));
  ExternalLayer(s);
}

void Poseidon2Portable(PoseidonState& s) {
  ExternalLayer(s);
  for (int r = 0; r < 4; ++r) Poseidon2FullRound(s, kPoseidon2FullRc[r]);
  for (int r = 0; r < kPartialRounds; ++r) {
    for (int i = 0; i < 12; ++i) s[i] += Fp::FromU64(kPoseidon2PartialRc[r][i]);
    s[0] = Sbox(s[0]);
    InternalLayer(s);
  }
  for (int r = 4; r < 8; ++r) Poseidon2FullRound(s, kPoseidon2FullRc[r]);
}

}  // namespace

Fp PoseidonRoundConstant(int round, int lane) {
  return Fp::FromU64(kPoseidonRc[12 * round + lane]);
}
uint64_t PoseidonMdsCirc(int i) { return kMdsCirc[i]; }
uint64_t PoseidonMdsDiag0() { return kMdsDiag0; }

void PoseidonPermute(PoseidonState& state) { PoseidonPortable(state); }
void Poseidon2Permute(PoseidonState& state) { Poseidon2Portable(state); }

const char* HashKindName(HashKind kind) {
  return kind == HashKind::kPoseidon ? "poseidon" : "poseidon2";
}

void Permute(HashKind kind, PoseidonState& state) {
  if (kind == HashKind::kPoseidon) {
    PoseidonPermute(state);
  } else {
    Poseidon2Permute(state);
  }
}

void PermuteMany(HashKind kind, std::span<PoseidonState> states) {
  for (auto& s : states) Permute(kind, s);
}

Digest HashNoPad(HashKind kind, std::span<const Fp> input) {
  PoseidonState s{};
  for (size_t off = 0; off < input.size(); off += kPoseidonRate) {
    const size_t len = std::min(kPoseidonRate, input.size() - off);
    std::copy_n(input.begin() + off, len, s.begin());
    Permute(kind, s);
  }
  Digest d;
  std::copy_n(s.begin(), kDigestSize, d.e.begin());
  return d;
}

Digest HashOrNoop(HashKind kind, std::span<const Fp> input) {
  if (input.size() <= kDigestSize) {
    Digest d{};
    std::copy(input.begin(), input.end(), d.e.begin());
    return d;
  }
  return HashNoPad(kind, input);
}

Digest TwoToOne(HashKind kind, const Digest& left, const Digest& right) {
  PoseidonState s{};
  std::copy(left.e.begin(), left.e.end(), s.begin());
  std::copy(right.e.begin(), right.e.end(), s.begin() + kDigestSize);
  Permute(kind, s);
  Digest d;
  std::copy_n(s.begin(), kDigestSize, d.e.begin());
  return d;
}

}  // namespace entangle::goldilocks
