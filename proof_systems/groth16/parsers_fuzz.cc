// Fuzz target: every Groth16 parser (snarkjs .zkey, .wtns, .ptau, circom .r1cs, proof/vk/public
// JSON) on arbitrary bytes must return a value or an error, never crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "proof_systems/groth16/ptau.h"
#include "proof_systems/groth16/r1cs.h"
#include "proof_systems/groth16/snarkjs_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entangle::groth16;
  entangle::Bytes b(data, data + size);
  (void)ParseZkey(b);
  (void)ParseWtns(b);
  // Also as a container with the right magic, so the section parsers are reached.
  entangle::Bytes z = {'z', 'k', 'e', 'y'};
  z.insert(z.end(), b.begin(), b.end());
  (void)ParseZkey(z);
  entangle::Bytes w = {'w', 't', 'n', 's'};
  w.insert(w.end(), b.begin(), b.end());
  (void)ParseWtns(w);
  (void)ParsePtau(b);
  entangle::Bytes t = {'p', 't', 'a', 'u'};
  t.insert(t.end(), b.begin(), b.end());
  if (auto p = ParsePtau(t); p.ok()) {
    // A parsed ptau: the range readers must stay in bounds too.
    (void)p->G1Range(kPtauLagrangeTauG1, 0, 3);
    (void)p->G2Range(kPtauLagrangeTauG2, 1, 2);
    (void)p->G1Range(kPtauTauG1, SIZE_MAX - 1, 2);
  }
  (void)ParseR1cs(b);
  entangle::Bytes r = {'r', '1', 'c', 's'};
  r.insert(r.end(), b.begin(), b.end());
  (void)ParseR1cs(r);
  std::string s(b.begin(), b.end());
  (void)ParseProofJson(s);
  (void)ParseVerifyingKeyJson(s);
  (void)ParsePublicJson(s);
  return 0;
}
