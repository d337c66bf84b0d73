#include "proof_systems/plonky/challenger.h"

#include <algorithm>
#include <bit>

namespace entangle::plonky {

using goldilocks::Digest;
using goldilocks::Fp;
using goldilocks::Fp2;

Challenger::Challenger(goldilocks::HashKind hash, std::string_view domain) : hash_(hash) {
  ObserveLabel("entangle-plonky");
  ObserveLabel(domain);
}

void Challenger::Observe(Fp x) {
  num_output_ = 0;
  input_[num_input_++] = x;
  if (num_input_ == kRate) Duplex();
}

void Challenger::Observe(std::span<const Fp> xs) {
  for (Fp x : xs) Observe(x);
}

void Challenger::Observe(const Fp2& x) {
  Observe(x.c0);
  Observe(x.c1);
}

void Challenger::Observe(std::span<const Fp2> xs) {
  for (const Fp2& x : xs) Observe(x);
}

void Challenger::Observe(const Digest& d) {
  for (Fp x : d.e) Observe(x);
}

void Challenger::Observe(std::span<const Digest> ds) {
  for (const Digest& d : ds) Observe(d);
}

void Challenger::ObserveU64(uint64_t v) { Observe(Fp::FromU64(v)); }

void Challenger::ObserveLabel(std::string_view label) {
  ObserveU64(label.size());
  for (size_t i = 0; i < label.size(); i += 7) {
    uint64_t v = 0;
    for (size_t j = 0; j < 7 && i + j < label.size(); ++j) {
      v |= static_cast<uint64_t>(static_cast<unsigned char>(label[i + j])) << (8 * j);
    }
    ObserveU64(v);
  }
}

void Challenger::Duplex() {
  // Overwrite mode: pending inputs replace the first rate elements.
  for (int i = 0; i < num_input_; ++i) state_[i] = input_[i];
  num_input_ = 0;
  goldilocks::Permute(hash_, state_);
  for (int i = 0; i < kRate; ++i) output_[i] = state_[i];
  num_output_ = kRate;
}

Fp Challenger::SampleFp() {
  if (num_input_ != 0 || num_output_ == 0) Duplex();
  return output_[--num_output_];
}

Fp2 Challenger::SampleFp2() {
  Fp a = SampleFp();
  Fp b = SampleFp();
  return Fp2(a, b);
}

uint64_t Challenger::SampleBits(int bits) {
  uint64_t v = SampleFp().value();
  return bits >= 64 ? v : (v & ((uint64_t{1} << bits) - 1));
}

bool Challenger::CheckPow(uint64_t nonce, int bits) const {
  Challenger c = *this;
  c.ObserveU64(nonce);
  uint64_t v = c.SampleFp().value();
  return bits == 0 || std::countl_zero(v) >= bits;
}

void Challenger::PowSamples(uint64_t first, std::span<uint64_t> out) const {
  // Observing the nonce then sampling is one permutation of the state with the pending inputs
  // and the nonce in its first lanes; the sample is lane kRate - 1 (see Observe and SampleFp).
  constexpr size_t kBatch = 64;
  goldilocks::PoseidonState states[kBatch];
  for (size_t b = 0; b < out.size(); b += kBatch) {
    const size_t count = std::min(kBatch, out.size() - b);
    for (size_t i = 0; i < count; ++i) {
      goldilocks::PoseidonState& st = states[i];
      st = state_;
      for (int j = 0; j < num_input_; ++j) st[j] = input_[j];
      st[num_input_] = Fp::FromU64(first + b + i);
    }
    goldilocks::PermuteMany(hash_, std::span<goldilocks::PoseidonState>(states, count));
    for (size_t i = 0; i < count; ++i) out[b + i] = states[i][kRate - 1].value();
  }
}

}  // namespace entangle::plonky
