#!/bin/bash
# Builds a snarkjs Groth16 fixture in $1: circuit (circom2, wasm), a 2^4 powers of tau made here,
# snarkjs groth16 setup, witness, proof, public signals and verification key. Run from tests/interop.
set -euo pipefail
out="$1"
mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
cp "$here/multiplier.circom" "$out/"
sj="node node_modules/snarkjs/build/cli.cjs"
node node_modules/circom2/cli.js "$out/multiplier.circom" --r1cs --wasm -o "$out" -l node_modules > /dev/null
$sj powersoftau new bn128 4 "$out/pot_0.ptau" > /dev/null
$sj powersoftau contribute "$out/pot_0.ptau" "$out/pot_1.ptau" --name=test -e="entangle interop" > /dev/null
$sj powersoftau prepare phase2 "$out/pot_1.ptau" "$out/pot.ptau" > /dev/null
$sj groth16 setup "$out/multiplier.r1cs" "$out/pot.ptau" "$out/circuit.zkey" > /dev/null
echo '{"a": "3", "b": "11", "d": "5"}' > "$out/input.json"
$sj wtns calculate "$out/multiplier_js/multiplier.wasm" "$out/input.json" "$out/witness.wtns" > /dev/null
$sj groth16 prove "$out/circuit.zkey" "$out/witness.wtns" "$out/proof.json" "$out/public.json" > /dev/null
$sj zkey export verificationkey "$out/circuit.zkey" "$out/verification_key.json" > /dev/null
