// test_circuit OUT_DIR: writes OUT_DIR/square.r1cs and OUT_DIR/square.wtns (circom/snarkjs formats)
// for test_circuits.h's Square(false) with x = 7, a circuit small enough for testdata/pot1.ptau,
// and OUT_DIR/square_pub.r1cs, Square(true), one public signal too many for it. For the CLI tests
// that must run without Node.
#include <cstdio>
#include <string>

#include "common/bytes.h"
#include "proof_systems/groth16/snarkjs_files.h"
#include "proof_systems/groth16/test_circuits.h"

int main(int argc, char** argv) {
  using namespace entangle;
  if (argc != 2) {
    std::fprintf(stderr, "usage: test_circuit OUT_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  for (const auto& [name, bytes] :
       {std::pair{"/square.r1cs", groth16::WriteR1cs(groth16::test_circuits::Square(false))},
        std::pair{"/square.wtns", groth16::WriteWtns(groth16::test_circuits::SquareWitness(7))},
        std::pair{"/square_pub.r1cs", groth16::WriteR1cs(groth16::test_circuits::Square(true))}}) {
    if (auto s = WriteFile(dir + name, bytes); !s.ok()) {
      std::fprintf(stderr, "test_circuit: %s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  return 0;
}
