// Number-theoretic transforms over Goldilocks: the evaluation/interpolation engine of the STARK
// prover (trace interpolation, low-degree extension onto a coset for FRI and the quotient).
//
// Conventions: sizes are powers of two (a precondition; violating it aborts with a message, it is
// a programming error and never comes from untrusted input). Ntt maps coefficients
// (a_0..a_{n-1}) to evaluations at w^0..w^{n-1}, w = Fp::RootOfUnity(log2 n), natural order in
// and out. Twiddle tables are computed once per process (grown on demand, shared by all sizes).
// Algorithm: decimation in frequency with pairs of stages fused (radix 4), the large strides done
// per column range while it stays in L2, then cache-sized blocks finished in one go, then a
// cache-tiled bit reversal; butterflies use AVX-512 / AVX2 when the CPU has them (see
// field/goldilocks_simd.h). Large transforms run on the thread pool; the column versions
// parallelize over columns.
#ifndef ENTANGLE_PROOF_SYSTEMS_POLY_NTT_H_
#define ENTANGLE_PROOF_SYSTEMS_POLY_NTT_H_

#include <span>
#include <vector>

#include "common/thread_pool.h"
#include "proof_systems/field/goldilocks.h"

namespace entangle::poly {

using goldilocks::Fp;

// In place: coefficients -> evaluations on the size-n subgroup.
void Ntt(std::span<Fp> a);
void Ntt(std::span<Fp> a, ThreadPool& pool);
// In place: evaluations on the subgroup -> coefficients.
void InverseNtt(std::span<Fp> a);
void InverseNtt(std::span<Fp> a, ThreadPool& pool);

// In place: coefficients -> evaluations at shift * w^i.
void CosetNtt(std::span<Fp> coeffs, Fp shift);
void CosetNtt(std::span<Fp> coeffs, Fp shift, ThreadPool& pool);
// Coefficients (coeffs.size() <= out.size(), a power of two) -> evaluations at shift * w^i for
// the out.size()-th root of unity w, into `out` (overwritten; the coefficients are zero-padded): a
// low-degree extension from coefficients, or one coset of it.
void CosetEvaluate(std::span<const Fp> coeffs, Fp shift, std::span<Fp> out);
void CosetEvaluate(std::span<const Fp> coeffs, Fp shift, std::span<Fp> out, ThreadPool& pool);
// In place: evaluations at shift * w^i -> coefficients. `shift` must be non-zero.
void InverseCosetNtt(std::span<Fp> evals, Fp shift);
void InverseCosetNtt(std::span<Fp> evals, Fp shift, ThreadPool& pool);

// Evaluations on the size-n subgroup -> evaluations of the same polynomial (degree < n) on
// shift * (subgroup of size n << log_blowup), natural order.
std::vector<Fp> LowDegreeExtend(std::span<const Fp> evals, int log_blowup, Fp shift);
std::vector<Fp> LowDegreeExtend(std::span<const Fp> evals, int log_blowup, Fp shift,
                                ThreadPool& pool);

// a[i] <-> a[bitreverse(i)] over log2(n) bits.
void BitReversePermute(std::span<Fp> a);

// Many columns (each a power-of-two length; lengths may differ), parallel over columns.
void NttColumns(std::vector<std::vector<Fp>>& cols);
void NttColumns(std::vector<std::vector<Fp>>& cols, ThreadPool& pool);
void InverseNttColumns(std::vector<std::vector<Fp>>& cols);
void InverseNttColumns(std::vector<std::vector<Fp>>& cols, ThreadPool& pool);
std::vector<std::vector<Fp>> LowDegreeExtendColumns(const std::vector<std::vector<Fp>>& evals,
                                                    int log_blowup, Fp shift);
std::vector<std::vector<Fp>> LowDegreeExtendColumns(const std::vector<std::vector<Fp>>& evals,
                                                    int log_blowup, Fp shift, ThreadPool& pool);

}  // namespace entangle::poly

#endif  // ENTANGLE_PROOF_SYSTEMS_POLY_NTT_H_
