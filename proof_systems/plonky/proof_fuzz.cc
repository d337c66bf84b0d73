// Fuzz target: proof deserialization + verification must reject malformed input with a status and
// never crash. Even first byte: the rest of the input is parsed and verified as a proof of the
// Fibonacci example. Odd first byte: the input patches (2-byte position, xor byte) a valid
// serialized proof of the cross-table example; a patched proof that still verifies is a soundness
// failure and aborts. Bit 1 of the first byte picks the Merkle hash: Poseidon trees (the test
// configuration) or SHA-256 trees (the same configuration with HashKind::kSha256).
#include <cstdlib>
#include <vector>

#include "proof_systems/plonky/examples/example.h"
#include "proof_systems/plonky/stark.h"

namespace {

using namespace entangle::plonky;

StarkConfig TestWith(entangle::goldilocks::HashKind hash) {
  StarkConfig config = StarkConfig::Test();
  config.hash = hash;
  return config;
}

struct Fixture {
  StarkConfig configs[2] = {TestWith(entangle::goldilocks::HashKind::kPoseidon),
                            TestWith(entangle::goldilocks::HashKind::kSha256)};
  Example fib, ctl;
  std::vector<uint8_t> ctl_proofs[2];

  Fixture() {
    fib = *MakeFibonacci(8);
    ctl = *MakeCrossTable(16);
    for (int h = 0; h < 2; ++h) {
      auto proof = Prove(configs[h], ctl.tables);
      if (!proof.ok()) std::abort();
      ctl_proofs[h] = Serialize(*proof);
    }
  }
};

const Fixture& Get() {
  static const Fixture* f = new Fixture();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = Get();
  if (size == 0) return 0;
  const int h = (data[0] >> 1) & 1;
  const StarkConfig& config = f.configs[h];
  if ((data[0] & 1) == 0) {
    auto proof = Deserialize(std::span<const uint8_t>(data + 1, size - 1));
    if (proof.ok()) (void)Verify(config, f.fib.airs(), f.fib.publics(), *proof);
    return 0;
  }
  const std::vector<uint8_t>& original = f.ctl_proofs[h];
  std::vector<uint8_t> bytes = original;
  for (size_t i = 1; i + 3 <= size; i += 3) {
    size_t pos = (static_cast<size_t>(data[i]) << 8 | data[i + 1]) * bytes.size() / 65536;
    bytes[pos] ^= data[i + 2];
  }
  auto proof = Deserialize(bytes);
  if (!proof.ok()) return 0;
  absl::Status st = Verify(config, f.ctl.airs(), f.ctl.publics(), *proof);
  if (st.ok() && bytes != original) std::abort();
  return 0;
}
