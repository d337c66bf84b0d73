#!/usr/bin/env bash
# A circom circuit proven with Entangle's Groth16 back end, interoperating with snarkjs both ways:
#   circom2 compiles age.circom; snarkjs makes a small powers-of-tau file; `entangle groth16 setup`
#   makes the .zkey (byte-identical to `snarkjs groth16 setup`); snarkjs computes the witness;
#   `entangle groth16 prove|verify|export-vk|export-verifier`; snarkjs verifies our proof.
# Usage: docs/examples/groth16-circom/run.sh [WORKDIR]  (after tools/setup.sh and
#        `bazel build //tools:entangle`; ENTANGLE overrides the binary)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
E="${ENTANGLE:-$root/bazel-bin/tools/entangle}"
out="${1:-$(mktemp -d)}"
out="$(mkdir -p "$out" && cd "$out" && pwd)"
# circom2 and snarkjs come from npm (tests/interop/package.json, installed by tools/setup.sh);
# circom2 (WASI) resolves includes only below the real folder that holds node_modules.
cd "$(dirname "$(readlink -f "$root/tests/interop/node_modules")")"
sj() { node node_modules/snarkjs/build/cli.cjs "$@"; }
cp "$here/age.circom" "$out/"
node node_modules/circom2/cli.js "$out/age.circom" --r1cs --wasm -o "$out" -l node_modules >/dev/null

# A powers-of-tau file for circuits of up to 2^10 constraints (use a public ceremony's file in
# production: https://github.com/iden3/snarkjs#7-prepare-phase-2).
sj powersoftau new bn128 10 "$out/pot_0.ptau" >/dev/null
sj powersoftau contribute "$out/pot_0.ptau" "$out/pot_1.ptau" --name=docs -e="entangle docs" >/dev/null
sj powersoftau prepare phase2 "$out/pot_1.ptau" "$out/pot.ptau" >/dev/null

"$E" groth16 setup "$out/age.r1cs" "$out/pot.ptau" "$out/age.zkey"
"$E" groth16 export-vk "$out/age.zkey" "$out/verification_key.json"
echo '{"age": "42", "salt": "123456789", "min_age": "18"}' >"$out/input.json"
sj wtns calculate "$out/age_js/age.wasm" "$out/input.json" "$out/witness.wtns" >/dev/null
"$E" groth16 prove "$out/age.zkey" "$out/witness.wtns" "$out/proof.json" "$out/public.json"
echo "public signals (commitment, min_age): $(tr -d ' \n' <"$out/public.json")"
"$E" groth16 verify "$out/verification_key.json" "$out/public.json" "$out/proof.json"
echo "snarkjs on our proof: $(sj groth16 verify "$out/verification_key.json" "$out/public.json" "$out/proof.json" | grep -o 'OK!\|Invalid proof')"
# Claiming a different minimum age with the same proof must fail (exit 1, INVALID).
sed 's/"18"/"21"/' "$out/public.json" >"$out/public_21.json"
"$E" groth16 verify "$out/verification_key.json" "$out/public_21.json" "$out/proof.json" || true
"$E" groth16 export-verifier "$out/age.zkey" "$out/Verifier.sol"
echo "Solidity verifier: $(grep -c '' "$out/Verifier.sol") lines"
