#include "proof_systems/groth16/r1cs.h"

#include <string>

#include "common/status.h"
#include "proof_systems/groth16/snarkjs_files.h"

namespace entangle::groth16 {
namespace {

using bn254::U256;

uint32_t U32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
absl::Status Err(const std::string& m) { return absl::InvalidArgumentError("r1cs: " + m); }

}  // namespace

absl::StatusOr<R1cs> ParseR1cs(Bytes data) {
  ASSIGN_OR_RETURN(BinFile f, ParseBinFile(std::move(data), "r1cs"));
  ASSIGN_OR_RETURN(ByteView h, f.Section(1));
  if (h.size() < 4) return Err("truncated header");
  if (U32(h.data()) != 32) return Err("field size is not 32 bytes");
  if (h.size() != 4 + 32 + 4 * 4 + 8 + 4) return Err("header has the wrong size");
  U256 prime{};
  for (int i = 0; i < 32; ++i) prime[i / 8] |= (uint64_t)h[4 + i] << (8 * (i % 8));
  if (prime != Fr::kMod) return Err("not over the BN254 scalar field");
  const uint8_t* p = h.data() + 36;
  R1cs r;
  r.n_wires = U32(p);
  r.n_outputs = U32(p + 4);
  r.n_pub_inputs = U32(p + 8);
  r.n_prv_inputs = U32(p + 12);
  r.n_labels = U32(p + 16) | (uint64_t)U32(p + 20) << 32;
  const uint32_t m = U32(p + 24);
  if (r.n_wires == 0 || uint64_t{r.n_outputs} + r.n_pub_inputs + r.n_prv_inputs + 1 > r.n_wires) {
    return Err("inconsistent wire counts");
  }
  ASSIGN_OR_RETURN(ByteView c, f.Section(2));
  size_t pos = 0;
  // Each constraint takes at least 12 bytes: bound the reservation by the section size.
  if (m > c.size() / 12) return Err("constraint count exceeds the section size");
  r.constraints.resize(m);
  for (uint32_t i = 0; i < m; ++i) {
    for (int k = 0; k < 3; ++k) {
      if (c.size() - pos < 4) return Err("constraint " + std::to_string(i) + " truncated");
      uint32_t n = U32(c.data() + pos);
      pos += 4;
      if (n > (c.size() - pos) / 36) return Err("constraint " + std::to_string(i) + " truncated");
      LinearCombination& lc = r.constraints[i][k];
      lc.reserve(n);
      for (uint32_t t = 0; t < n; ++t) {
        uint32_t wire = U32(c.data() + pos);
        U256 v{};
        for (int b = 0; b < 32; ++b) v[b / 8] |= (uint64_t)c[pos + 4 + b] << (8 * (b % 8));
        pos += 36;
        if (wire >= r.n_wires)
          return Err("constraint " + std::to_string(i) + ": wire out of range");
        Fr coef;
        if (!Fr::FromCanonical(v, &coef)) {
          return Err("constraint " + std::to_string(i) + ": coefficient >= r");
        }
        lc.emplace_back(wire, coef);
      }
    }
  }
  if (pos != c.size()) return Err("trailing bytes after the constraints");
  return r;
}

Bytes WriteR1cs(const R1cs& r) {
  BinWriter w("r1cs", 1, 3);
  Bytes& h = w.Begin(1);
  PutU32(h, 32);
  PutU256(h, Fr::kMod);
  PutU32(h, r.n_wires);
  PutU32(h, r.n_outputs);
  PutU32(h, r.n_pub_inputs);
  PutU32(h, r.n_prv_inputs);
  PutU64(h, r.n_wires);  // labels: one per wire (the map below is the identity)
  PutU32(h, r.constraints.size());
  w.End();
  Bytes& c = w.Begin(2);
  for (const auto& con : r.constraints) {
    for (const auto& lc : con) {
      PutU32(c, lc.size());
      for (const auto& [wire, coef] : lc) {
        PutU32(c, wire);
        PutU256(c, coef.ToU256());
      }
    }
  }
  w.End();
  Bytes& m = w.Begin(3);
  for (uint64_t i = 0; i < r.n_wires; ++i) PutU64(m, i);
  w.End();
  return w.Take();
}

absl::Status CheckSatisfied(const R1cs& r1cs, std::span<const Fr> witness) {
  if (witness.size() != r1cs.n_wires) {
    return absl::InvalidArgumentError("witness has " + std::to_string(witness.size()) +
                                      " values, the circuit has " + std::to_string(r1cs.n_wires) +
                                      " wires");
  }
  if (witness[0] != Fr::One()) return absl::InvalidArgumentError("witness[0] is not 1");
  for (size_t i = 0; i < r1cs.constraints.size(); ++i) {
    Fr v[3];
    for (int k = 0; k < 3; ++k) {
      for (const auto& [wire, coef] : r1cs.constraints[i][k]) v[k] += coef * witness[wire];
    }
    if (v[0] * v[1] != v[2]) {
      return absl::InvalidArgumentError("constraint " + std::to_string(i) + " is not satisfied");
    }
  }
  return absl::OkStatus();
}

}  // namespace entangle::groth16
