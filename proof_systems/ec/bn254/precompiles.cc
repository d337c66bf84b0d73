#include "proof_systems/ec/bn254/precompiles.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/status.h"
#include "proof_systems/ec/bn254/encoding.h"

namespace entangle::bn254 {
namespace {

std::vector<uint8_t> Padded(ByteView input, size_t n) {
  std::vector<uint8_t> buf(n, 0);
  std::copy_n(input.begin(), std::min(n, input.size()), buf.begin());
  return buf;
}

Bytes ToBytes(const std::array<uint8_t, 64>& a) { return Bytes(a.begin(), a.end()); }

}  // namespace

absl::StatusOr<Bytes> Bn256Add(ByteView input) {
  auto buf = Padded(input, 128);
  auto a = G1FromEth(buf.data());
  if (!a.ok())
    return absl::InvalidArgumentError("bn256Add: first point: " +
                                      std::string(a.status().message()));
  auto b = G1FromEth(buf.data() + 64);
  if (!b.ok())
    return absl::InvalidArgumentError("bn256Add: second point: " +
                                      std::string(b.status().message()));
  return ToBytes(G1ToEth((G1::From(*a) + G1::From(*b)).ToAffine()));
}

absl::StatusOr<Bytes> Bn256ScalarMul(ByteView input) {
  auto buf = Padded(input, 96);
  auto a = G1FromEth(buf.data());
  if (!a.ok())
    return absl::InvalidArgumentError("bn256ScalarMul: point: " +
                                      std::string(a.status().message()));
  U256 k = U256FromBe(buf.data() + 64);
  return ToBytes(G1ToEth(ScalarMul(G1::From(*a), k).ToAffine()));
}

absl::StatusOr<Bytes> Bn256Pairing(ByteView input) {
  if (input.size() % 192 != 0) {
    return absl::InvalidArgumentError("bn256Pairing: input length " + std::to_string(input.size()) +
                                      " is not a multiple of 192");
  }
  std::vector<std::pair<G1Affine, G2Affine>> pairs;
  for (size_t off = 0; off < input.size(); off += 192) {
    size_t idx = off / 192;
    auto p = G1FromEth(input.data() + off);
    if (!p.ok()) {
      return absl::InvalidArgumentError("bn256Pairing: pair " + std::to_string(idx) +
                                        " G1: " + std::string(p.status().message()));
    }
    auto q = G2FromEth(input.data() + off + 64);
    if (!q.ok()) {
      return absl::InvalidArgumentError("bn256Pairing: pair " + std::to_string(idx) +
                                        " G2: " + std::string(q.status().message()));
    }
    pairs.emplace_back(*p, *q);
  }
  Bytes out(32, 0);
  if (PairingProductIsOne(pairs)) out[31] = 1;
  return out;
}

}  // namespace entangle::bn254
