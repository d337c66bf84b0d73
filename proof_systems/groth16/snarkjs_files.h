// Readers for snarkjs's binary files: the container (magic[4] | u32 version | u32 nSections |
// {u32 type | u64 size | bytes}*, little endian), .wtns (witness) and Groth16 .zkey (proving key).
// Every length and index is checked; malformed files give InvalidArgument naming the problem.
#ifndef ENTANGLE_PROOF_SYSTEMS_GROTH16_SNARKJS_FILES_H_
#define ENTANGLE_PROOF_SYSTEMS_GROTH16_SNARKJS_FILES_H_

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/thread_pool.h"
#include "entangle/types.h"
#include "proof_systems/groth16/verifier.h"

namespace entangle::groth16 {

struct BinFile {
  std::string magic;
  uint32_t version = 0;
  // section type -> (offset, size) into `bytes`; duplicate types are rejected.
  std::map<uint32_t, std::pair<size_t, size_t>> sections;
  Bytes data;      // the file when owned (ParseBinFile)
  ByteView bytes;  // the file: `data`, or the caller's buffer (ParseBinFileView)
  absl::StatusOr<ByteView> Section(uint32_t type) const;

  BinFile() = default;
  BinFile(BinFile&&) = default;  // moving `data` keeps its buffer, so `bytes` stays valid
  BinFile& operator=(BinFile&&) = default;
  BinFile(const BinFile&) = delete;
  BinFile& operator=(const BinFile&) = delete;
};
absl::StatusOr<BinFile> ParseBinFile(Bytes data, const std::string& magic);
// Without copying: `data` must outlive the result.
absl::StatusOr<BinFile> ParseBinFileView(ByteView data, const std::string& magic);
// Little-endian appenders and a writer for the container (used by WriteR1cs, WriteWtns, Setup).
void PutU32(Bytes& out, uint32_t v);
void PutU64(Bytes& out, uint64_t v);
void PutU256(Bytes& out, const bn254::U256& v);
class BinWriter {
 public:
  BinWriter(const char magic[4], uint32_t version, uint32_t n_sections);
  // Starts a section (its size is patched in by End()); returns the buffer to append to.
  Bytes& Begin(uint32_t type);
  void End();
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
  size_t size_pos_ = 0;
};

// Checks an (n8, prime) pair at s[pos]: n8 == 32 and the prime equals `expected`; advances pos.
absl::Status CheckPrime(ByteView s, size_t& pos, const bn254::U256& expected,
                        const std::string& what);

// .wtns: the full witness (index 0 is the constant 1).
absl::StatusOr<UninitializedVector<Fr>> ParseWtns(ByteView data);
// .wtns version 2 (what snarkjs writes): header (n8, r, nWitness) and the values, canonical LE.
Bytes WriteWtns(std::span<const Fr> witness);

struct Coef {
  uint32_t matrix;      // 0: A, 1: B
  uint32_t constraint;  // row
  uint32_t signal;      // witness index
  // The coefficient times R = 2^256: the file's c R^2 read as a Montgomery form, so that parsing
  // multiplies nothing; the prover's row sums carry the factor R and lose it in one
  // multiplication per h coefficient it already does (kCoefScale).
  Fr value_r;
};
// value_r = c * kCoefScale: the factor R = 2^256 mod r.
inline const Fr kCoefScale = Fr::FromMont(Fr::kR2);

struct ProvingKey {
  uint32_t n_vars = 0, n_public = 0, domain_size = 0;
  G1Affine alpha1, beta1, delta1;
  G2Affine beta2, gamma2, delta2;
  std::vector<G1Affine> ic;  // n_public + 1
  // The large arrays are written once by ParseZkey's decoding threads, not zero-filled first.
  UninitializedVector<Coef> coefs;
  UninitializedVector<G1Affine> a, b1;  // n_vars each
  UninitializedVector<G2Affine> b2;
  // C's points (one per private signal: n_vars - n_public - 1) followed by H's (domain_size) in
  // one vector: they enter pi_C only through their sum, as one MSM over ch (no copy per proof).
  UninitializedVector<G1Affine> ch;
  size_t n_c = 0;  // how many of ch are C's
  std::span<const G1Affine> c() const { return std::span(ch).first(std::min(n_c, ch.size())); }
  std::span<const G1Affine> h() const { return std::span(ch).subspan(c().size()); }
  // The key carries the INSECURE development-setup marker (see setup.h): its toxic waste was
  // generated in one process; proofs under it prove nothing to anyone else.
  bool insecure_dev_setup = false;
  VerifyingKey Vk() const { return {alpha1, beta2, gamma2, delta2, ic}; }
};
// Decodes the points and coefficients in parallel (ThreadPool::Default()); `data` is not kept.
absl::StatusOr<ProvingKey> ParseZkey(ByteView data);

}  // namespace entangle::groth16

#endif  // ENTANGLE_PROOF_SYSTEMS_GROTH16_SNARKJS_FILES_H_
