// circuit_example OUT_DIR [--bad] [--depth=D]: builds a circuit with the C++ API and writes
// OUT_DIR/circuit.r1cs, OUT_DIR/witness.wtns and OUT_DIR/public.json (snarkjs formats). The
// statement: "I know a secret s and a value v < threshold such that Poseidon(s, v) is a leaf of the
// depth-4 Poseidon Merkle tree with this root" (depth 4 unless --depth); public: root, threshold.
// --bad writes a witness with v >= threshold (it does not satisfy the circuit). Exit 0 when the
// written witness satisfies the circuit, 1 when not.
#include <cstdio>
#include <string>

#include "common/bytes.h"
#include "proof_systems/groth16/circuit/gadgets.h"
#include "proof_systems/groth16/snarkjs_files.h"

using namespace entangle;
using namespace entangle::groth16;
using namespace entangle::groth16::circuit;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: circuit_example OUT_DIR [--bad]\n");
    return 2;
  }
  const std::string dir = argv[1];
  bool bad = false;
  size_t depth = 4;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--bad") {
      bad = true;
    } else if (a.rfind("--depth=", 0) == 0 && a.size() > 8 && a.size() < 11) {
      depth = std::stoul(a.substr(8));
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (depth < 1 || depth > 10) {
    std::fprintf(stderr, "--depth must be in [1, 10]\n");
    return 2;
  }
  auto k = poseidon_bn254::DefaultConstants();
  if (!k.ok()) {
    std::fprintf(stderr, "%s\n", std::string(k.status().message()).c_str());
    return 2;
  }
  auto H = [&](std::vector<Fr> in) { return (*poseidon_bn254::Hash(**k, in))[0]; };
  const Fr secret = Fr::FromUint(123456789), value = Fr::FromUint(bad ? 5000 : 4999);
  const Fr threshold = Fr::FromUint(5000);
  const size_t leaves = size_t{1} << depth, index = 11 % leaves;
  // The tree: leaf `index` is Poseidon(secret, value) (of the honest value), the others i * 7.
  std::vector<std::vector<Fr>> level(1);
  for (size_t i = 0; i < leaves; ++i) {
    level[0].push_back(i == index ? H({secret, Fr::FromUint(4999)}) : Fr::FromUint(i * 7));
  }
  for (size_t d = 0; d < depth; ++d) {
    level.emplace_back();
    for (size_t i = 0; i < level[d].size(); i += 2) {
      level[d + 1].push_back(H({level[d][i], level[d][i + 1]}));
    }
  }
  ConstraintSystem cs;
  Var root = cs.PublicInput(level[depth][0]);
  Var thr = cs.PublicInput(threshold);
  Var s = cs.PrivateInput(secret);
  Var v = cs.PrivateInput(value);
  std::vector<Lc> sib;
  std::vector<Var> bits;
  for (size_t d = 0, idx = index; d < depth; ++d, idx /= 2) {
    sib.push_back(cs.PrivateInput(level[d][idx ^ 1]));
    bits.push_back(cs.PrivateInput(Fr::FromUint(idx & 1)));
  }
  Lc leaf_in[2] = {s, v};
  Var leaf = Poseidon(cs, **k, leaf_in);
  AssertEqual(cs, MerkleRoot(cs, **k, leaf, sib, bits), root);
  RangeCheck(cs, v, 32);
  RangeCheck(cs, thr, 32);
  AssertEqual(cs, LessThan(cs, v, thr, 32), cs.One());
  std::string pub = "[";
  for (const Fr& f : cs.PublicValues()) {
    pub += (pub.size() > 1 ? ",\n \"" : "\n \"") + bn254::U256ToDecimal(f.ToU256()) + "\"";
  }
  pub += "\n]";
  for (auto st : {WriteFile(dir + "/circuit.r1cs", WriteR1cs(cs.ToR1cs())),
                  WriteFile(dir + "/witness.wtns", WriteWtns(cs.Witness())),
                  WriteFile(dir + "/public.json", AsBytes(pub))}) {
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", std::string(st.message()).c_str());
      return 2;
    }
  }
  absl::Status sat = cs.Check();
  std::printf("constraints=%zu wires=%zu public=%zu satisfied=%s\n", cs.num_constraints(),
              cs.num_wires(), cs.num_public(),
              sat.ok() ? "yes" : std::string(sat.message()).c_str());
  return sat.ok() ? 0 : 1;
}
