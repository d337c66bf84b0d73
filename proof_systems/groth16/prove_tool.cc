// groth16_prove circuit.zkey witness.wtns proof.json public.json   (snarkjs's argument order)
// groth16_prove --export-vk circuit.zkey verification_key.json
// (The user-facing command is `entangle groth16 prove`; this tool serves the interop tests until
// the CLI reaches the plugin.)
#include <cstdio>
#include <cstring>

#include "common/bytes.h"
#include "proof_systems/groth16/prover.h"
#include "proof_systems/groth16/r1cs.h"
#include "proof_systems/groth16/solidity.h"

namespace {
int Fail(const absl::Status& s) {
  std::fprintf(stderr, "ERROR: %s\n", std::string(s.message()).c_str());
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace entangle;
  using namespace entangle::groth16;
  if (argc == 4 && std::strcmp(argv[1], "--export-vk") == 0) {
    auto raw = ReadFile(argv[2]);
    if (!raw.ok()) return Fail(raw.status());
    auto pk = ParseZkey(std::move(*raw));
    if (!pk.ok()) return Fail(pk.status());
    auto st = WriteFile(argv[3], AsBytes(VerifyingKeyToJson(pk->Vk())));
    return st.ok() ? 0 : Fail(st);
  }
  if (argc == 4 && std::strcmp(argv[1], "--check-r1cs") == 0) {
    auto rraw = ReadFile(argv[2]);
    if (!rraw.ok()) return Fail(rraw.status());
    auto r1cs = ParseR1cs(std::move(*rraw));
    if (!r1cs.ok()) return Fail(r1cs.status());
    auto wraw = ReadFile(argv[3]);
    if (!wraw.ok()) return Fail(wraw.status());
    auto w = ParseWtns(std::move(*wraw));
    if (!w.ok()) return Fail(w.status());
    auto st = CheckSatisfied(*r1cs, *w);
    if (!st.ok()) {
      std::printf("UNSATISFIED: %s\n", std::string(st.message()).c_str());
      return 1;
    }
    std::printf("SATISFIED (%zu constraints, %u wires, %u public)\n", r1cs->constraints.size(),
                r1cs->n_wires, r1cs->n_public());
    return 0;
  }
  if (argc == 4 && std::strcmp(argv[1], "--solidity") == 0) {
    auto raw = ReadFile(argv[2]);
    if (!raw.ok()) return Fail(raw.status());
    auto pk = ParseZkey(std::move(*raw));
    if (!pk.ok()) return Fail(pk.status());
    auto st = WriteFile(argv[3], AsBytes(SolidityVerifier(pk->Vk())));
    return st.ok() ? 0 : Fail(st);
  }
  if (argc == 4 && std::strcmp(argv[1], "--calldata") == 0) {
    auto praw = ReadFile(argv[2]);
    if (!praw.ok()) return Fail(praw.status());
    auto proof = ParseProofJson(AsString(*praw));
    if (!proof.ok()) return Fail(proof.status());
    auto uraw = ReadFile(argv[3]);
    if (!uraw.ok()) return Fail(uraw.status());
    auto pub = ParsePublicJson(AsString(*uraw));
    if (!pub.ok()) return Fail(pub.status());
    std::printf("%s\n", SolidityCalldata(*proof, *pub).c_str());
    return 0;
  }
  if (argc != 5) {
    std::fprintf(stderr,
                 "usage: %s circuit.zkey witness.wtns proof.json public.json\n"
                 "       %s --export-vk circuit.zkey verification_key.json\n"
                 "       %s --solidity circuit.zkey verifier.sol\n"
                 "       %s --calldata proof.json public.json\n",
                 argv[0], argv[0], argv[0], argv[0]);
    return 2;
  }
  auto zraw = ReadFile(argv[1]);
  if (!zraw.ok()) return Fail(zraw.status());
  auto pk = ParseZkey(std::move(*zraw));
  if (!pk.ok()) return Fail(pk.status());
  auto wraw = ReadFile(argv[2]);
  if (!wraw.ok()) return Fail(wraw.status());
  auto w = ParseWtns(std::move(*wraw));
  if (!w.ok()) return Fail(w.status());
  auto proof = Prove(*pk, *w);
  if (!proof.ok()) return Fail(proof.status());
  auto s1 = WriteFile(argv[3], AsBytes(ProofToJson(*proof)));
  if (!s1.ok()) return Fail(s1);
  auto s2 = WriteFile(argv[4], AsBytes(PublicToJson(PublicSignals(*pk, *w))));
  if (!s2.ok()) return Fail(s2);
  return 0;
}
