// The Groth16 prover for a snarkjs .zkey and .wtns, computing exactly what snarkjs 0.7.6's
// `groth16 prove` computes: A, B evaluations from the key's coefficients, the quotient's values on
// the odd coset of the 2n-th roots of unity (inverse NTT by decimation in frequency, coset shift,
// NTT by decimation in time: no bit-reversal permutation; the narrow stages run block by block in
// cache), then the G1 MSMs and the G2 MSM on ThreadPool::Default().
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_PROVER_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_PROVER_H_

#include <initializer_list>
#include <span>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proof_systems/groth16/snarkjs_files.h"

namespace entangle::groth16 {

// Both check the proof against the key's verifying key before returning it: an unsatisfying
// witness or a corrupt key (the zkey's B2 points are not subgroup-checked) gives InvalidArgument.
// Randomized proof (r, s from the OS random generator).
absl::StatusOr<Proof> Prove(const ProvingKey& pk, std::span<const Fr> witness);
// Deterministic proof with the given blinding factors (tests).
absl::StatusOr<Proof> ProveWith(const ProvingKey& pk, std::span<const Fr> witness, const Fr& r,
                                const Fr& s);
// The public signals: witness[1..nPublic].
std::vector<Fr> PublicSignals(const ProvingKey& pk, std::span<const Fr> witness);

// FFT over Fr in natural order with the roots snarkjs uses (w_k = nqr^((r-1)/2^k) squared down,
// nqr = the smallest quadratic non-residue); `inverse` divides by n. InvalidArgument unless the
// size is a power of two in [1, 2^28].
absl::Status Fft(std::span<Fr> a, bool inverse);
// The quotient's step: each polynomial, given by its values on the n-th roots of unity (n = its
// size), is replaced by its values on the odd coset RootOfUnity(log2 n + 1) * <RootOfUnity(log2
// n)>, in natural order. InvalidArgument unless all sizes are equal and a power of two in [1,
// 2^27].
absl::Status OddCosetValues(std::initializer_list<std::span<Fr>> polys);
// A primitive 2^k-th root of unity, the same as ffjavascript's Fr.w[k]; InvalidArgument unless
// 0 <= k <= kMaxRootLog (2^28 is the largest power of two dividing r - 1).
inline constexpr int kMaxRootLog = 28;
absl::StatusOr<Fr> RootOfUnity(int k);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_PROVER_H_
