#!/bin/bash
# Interop: our Groth16 setup against snarkjs 0.7.6.
#  - `entangle groth16 setup circuit.r1cs pot.ptau circuit.zkey` is byte-identical to
#    `snarkjs groth16 setup` (two circuits: setup_mix.circom with varied coefficients, and the
#    multiplier); `snarkjs zkey verify` accepts ours; a proof made with our key (our prover) is
#    accepted by `snarkjs groth16 verify`, snarkjs's prover with our key too.
#  - Bad input: a truncated / corrupted / unprepared ptau and a ptau too small -> clear errors.
#  - `--insecure-dev-setup`: warns, marks the key; our proof under it verifies with snarkjs, a
#    tampered public signal does not.
# Usage (Bazel sh_test): groth16_setup_test.sh <entangle>
set -uo pipefail
entangle="$(readlink -f "$1")"
. "$(dirname "$0")/prelude.sh" snarkjs circom2
work="${TEST_TMPDIR:-$(mktemp -d)}/g16setup"
mkdir -p "$work"

# A 2^6 powers of tau (one contribution), prepared for phase 2.
sj powersoftau new bn128 6 "$work/pot_0.ptau" > /dev/null &&
  sj powersoftau contribute "$work/pot_0.ptau" "$work/pot_1.ptau" --name=t -e="entangle setup" > /dev/null &&
  sj powersoftau prepare phase2 "$work/pot_1.ptau" "$work/pot.ptau" > /dev/null || { bad "making the ptau"; exit 1; }

cp groth16/setup_mix.circom groth16/multiplier.circom "$work/"
for c in setup_mix multiplier; do
  node node_modules/circom2/cli.js "$work/$c.circom" --r1cs --wasm -o "$work" -l node_modules > /dev/null ||
    { bad "compiling $c"; continue; }
  sj groth16 setup "$work/$c.r1cs" "$work/pot.ptau" "$work/${c}_snarkjs.zkey" > /dev/null
  if "$entangle" groth16 setup "$work/$c.r1cs" "$work/pot.ptau" "$work/${c}_ours.zkey"; then
    cmp -s "$work/${c}_snarkjs.zkey" "$work/${c}_ours.zkey" &&
      pass "$c: our zkey is byte-identical to snarkjs's" || bad "$c: our zkey differs from snarkjs's"
    sj zkey verify "$work/$c.r1cs" "$work/pot.ptau" "$work/${c}_ours.zkey" 2>&1 | grep -q "ZKey Ok!" &&
      pass "$c: snarkjs zkey verify accepts our zkey" || bad "$c: snarkjs zkey verify rejects our zkey"
  else
    bad "$c: entangle groth16 setup failed"
  fi
done

# Prove with our key of setup_mix, verify with snarkjs.
echo '{"a": "100", "b": "3000", "sel": "1", "unused_in_a": "5"}' > "$work/input.json"
sj wtns calculate "$work/setup_mix_js/setup_mix.wasm" "$work/input.json" "$work/w.wtns" > /dev/null
sj zkey export verificationkey "$work/setup_mix_ours.zkey" "$work/vk.json" > /dev/null
"$entangle" groth16 prove "$work/setup_mix_ours.zkey" "$work/w.wtns" "$work/p.json" "$work/pub.json" &&
  sj groth16 verify "$work/vk.json" "$work/pub.json" "$work/p.json" 2>&1 | grep -q "OK!" &&
  pass "our prover with our key -> snarkjs accepts" || bad "our prover with our key"
sj groth16 prove "$work/setup_mix_ours.zkey" "$work/w.wtns" "$work/p2.json" "$work/pub2.json" > /dev/null &&
  "$entangle" groth16 verify "$work/vk.json" "$work/pub2.json" "$work/p2.json" > /dev/null &&
  pass "snarkjs's prover with our key -> our verifier accepts" || bad "snarkjs's prover with our key"

# Bad ptau files.
expect_error() {  # name file pattern
  out="$("$entangle" groth16 setup "$work/multiplier.r1cs" "$2" "$work/x.zkey" 2>&1)"; rc=$?
  if [[ $rc -ne 0 && "$out" == *"$3"* ]]; then pass "$1 rejected: $out"; else bad "$1: rc=$rc $out"; fi
}
head -c $(( $(stat -c %s "$work/pot.ptau") / 2 )) "$work/pot.ptau" > "$work/trunc.ptau"
expect_error "truncated ptau" "$work/trunc.ptau" "ptau"
expect_error "unprepared ptau" "$work/pot_1.ptau" "not prepared"
# Byte 150: inside tauG1[1] (12-byte file header, 56-byte section 1, 12-byte section 2 header).
node -e 'const fs=require("fs"); const d=fs.readFileSync(process.argv[1]); d[150]^=0x40; fs.writeFileSync(process.argv[2], d);' "$work/pot.ptau" "$work/corrupt.ptau"
expect_error "corrupted tauG1 point" "$work/corrupt.ptau" "tauG1[1]"
sj powersoftau new bn128 2 "$work/small_0.ptau" > /dev/null && sj powersoftau prepare phase2 "$work/small_0.ptau" "$work/small.ptau" > /dev/null
expect_error "too small ptau" "$work/small.ptau" "too big"

# The insecure development setup.
out="$("$entangle" groth16 setup --insecure-dev-setup "$work/setup_mix.r1cs" "$work/dev.zkey" 2>&1)"
[[ "$out" == *INSECURE* ]] && pass "dev setup warns: ${out:0:60}..." || bad "dev setup warning missing: $out"
grep -q "INSECURE DEVELOPMENT SETUP" "$work/dev.zkey" && pass "dev zkey carries the INSECURE marker" || bad "dev zkey marker"
"$entangle" groth16 export-vk "$work/dev.zkey" "$work/dev_vk.json"
out="$("$entangle" groth16 prove "$work/dev.zkey" "$work/w.wtns" "$work/dp.json" "$work/dpub.json" 2>&1)"
[[ "$out" == *INSECURE* ]] && pass "proving with a dev key warns" || bad "no warning proving with a dev key"
sj groth16 verify "$work/dev_vk.json" "$work/dpub.json" "$work/dp.json" 2>&1 | grep -q "OK!" &&
  pass "dev setup: our proof -> snarkjs accepts" || bad "dev setup proof rejected by snarkjs"
node -e 'const fs=require("fs"); const p=JSON.parse(fs.readFileSync(process.argv[1])); p[0]=(BigInt(p[0])+1n).toString(); fs.writeFileSync(process.argv[2], JSON.stringify(p));' "$work/dpub.json" "$work/dpub_bad.json"
sj groth16 verify "$work/dev_vk.json" "$work/dpub_bad.json" "$work/dp.json" 2>&1 | grep -q "OK!" &&
  bad "dev setup: a wrong public signal verified" || pass "dev setup: a wrong public signal is rejected"
exit $fail
