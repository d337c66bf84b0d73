// groth16_verify VK.json PUBLIC.json PROOF.json: prints OK and exits 0 for a valid proof, prints
// INVALID and exits 1 for a well-formed invalid one, prints the error and exits 2 for bad input.
// (The user-facing command is `entangle groth16 verify`; this tool serves the interop tests.)
#include <cstdio>

#include "common/bytes.h"
#include "proof_systems/groth16/verifier.h"

namespace {
std::string Read(const char* path, bool* ok) {
  auto b = entangle::ReadFile(path);
  if (!b.ok()) {
    std::fprintf(stderr, "%s\n", std::string(b.status().message()).c_str());
    *ok = false;
    return "";
  }
  return entangle::AsString(*b);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace entangle::groth16;
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s verification_key.json public.json proof.json\n", argv[0]);
    return 2;
  }
  bool ok = true;
  std::string vk_text = Read(argv[1], &ok), pub_text = Read(argv[2], &ok),
              proof_text = Read(argv[3], &ok);
  if (!ok) return 2;
  auto vk = ParseVerifyingKeyJson(vk_text);
  auto pub = ParsePublicJson(pub_text);
  auto proof = ParseProofJson(proof_text);
  for (const absl::Status& s : {vk.status(), pub.status(), proof.status()}) {
    if (!s.ok()) {
      std::printf("ERROR: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  auto r = Verify(Prepare(*vk), *proof, *pub);
  if (!r.ok()) {
    std::printf("ERROR: %s\n", std::string(r.status().message()).c_str());
    return 2;
  }
  std::printf(*r ? "OK\n" : "INVALID\n");
  return *r ? 0 : 1;
}
