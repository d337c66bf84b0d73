# Demo steps sourced by tools/demo.sh ($E is the entangle binary).
EX="$ROOT/bazel-bin/vm/guest/examples"

step "entangle run: a Go program (sha256 chain) on big-endian MIPS, then the same in C on RV32IM"
"$E" run "$EX/go_sha256chain_mips.elf" --json
"$E" run "$EX/sha256chain_riscv.elf" --json

step "entangle conformance: official vectors through the framework and its plugins"
if [ -n "${ENTANGLE_VECTORS:-}" ]; then
  for suite in bn256 poseidon-bn254 bitcoin-script bitcoin-taproot bip341 musig2; do
    "$E" conformance "$suite" --vectors "$ENTANGLE_VECTORS" || true
  done
else
  echo "(no vectors folder: set ENTANGLE_VECTORS to run the conformance suites)"
fi

step "entangle plonky demo: STARK proofs (AIR + FRI over Goldilocks, 100-bit standard config)"
"$E" plonky demo --air fibonacci --rows 4096
"$E" plonky demo --air cross_table --rows 1024 --json
echo "a proof with one flipped byte must be rejected (exit 1):"
"$E" plonky demo --air lookup --rows 1024 --tamper && exit 1 || true

step "entangle groth16: a circom circuit (Poseidon commitment + age check) set up, proven and verified, checked by snarkjs"
if [ -d "$ROOT/tests/interop/node_modules/snarkjs" ]; then
  ENTANGLE="$E" bash "$ROOT/docs/examples/groth16-circom/run.sh"
else
  echo "(npm peers missing: run tools/setup.sh)"
fi
