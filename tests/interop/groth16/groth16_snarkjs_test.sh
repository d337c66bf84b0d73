#!/bin/bash
# Interop: a circom circuit (circom2) set up and proven by snarkjs 0.7.6; our verifier must accept
# the snarkjs proof and reject every tampered variant (wrong A, -A, wrong B, -C, an off-curve C, a
# changed public signal, a missing public signal, a non-canonical public signal). snarkjs itself is
# run on the same variants as a cross-check of the fixture.
# Then our prover with snarkjs's .zkey and .wtns: `snarkjs groth16 verify` must accept our proof,
# with snarkjs's verification key and with the one we export from the .zkey.
# Our Solidity verifier compiled by solc and run by @ethereumjs/vm (gas printed in the log).
# Finally the same through the CLI and the plugin loader: `entangle groth16 prove|verify|export-vk`.
# Usage (Bazel sh_test): groth16_snarkjs_test.sh <groth16_verify> <groth16_prove> <entangle>
set -uo pipefail
verify="$(readlink -f "$1")"
prove="$(readlink -f "$2")"
entangle="$(readlink -f "$3")"
. "$(dirname "$0")/prelude.sh" snarkjs circom2
work="${TEST_TMPDIR:-$(mktemp -d)}/g16"
bash groth16/make_snarkjs_fixture.sh "$work" || { echo "FAIL: building the snarkjs fixture"; exit 1; }

out="$("$verify" "$work/verification_key.json" "$work/public.json" "$work/proof.json")"; rc=$?
if [[ $rc -eq 0 && "$out" == "OK" ]]; then
  echo "PASS: our verifier accepts the snarkjs proof"
else
  echo "FAIL: our verifier on the snarkjs proof: rc=$rc out=$out"; fail=1
fi

for kind in a a_neg b c c_offcurve pub pub_count pub_noncanonical; do
  node groth16/tamper.js "$kind" "$work" "$work/t_$kind"
  out="$("$verify" "$work/verification_key.json" "$work/t_$kind/public.json" "$work/t_$kind/proof.json")"; rc=$?
  if [[ $rc -ne 0 && "$out" != "OK" ]]; then
    echo "PASS: tampered '$kind' rejected (rc=$rc: $out)"
  else
    echo "FAIL: tampered '$kind' accepted"; fail=1
  fi
  if sj groth16 verify "$work/verification_key.json" "$work/t_$kind/public.json" "$work/t_$kind/proof.json" 2>&1 | grep -q "OK!"; then
    echo "NOTE: snarkjs accepts tampered '$kind'"
  fi
done
# The circom .r1cs reader: snarkjs's witness satisfies it; a witness with one changed wire does not.
out="$("$prove" --check-r1cs "$work/multiplier.r1cs" "$work/witness.wtns")"; rc=$?
[[ $rc -eq 0 ]] && echo "PASS: r1cs satisfied by the snarkjs witness ($out)" || { echo "FAIL: r1cs check: $out"; fail=1; }
node -e 'const fs=require("fs"); const d=fs.readFileSync(process.argv[1]); d[d.length-32]^=1; fs.writeFileSync(process.argv[2], d);' "$work/witness.wtns" "$work/bad.wtns"
out="$("$prove" --check-r1cs "$work/multiplier.r1cs" "$work/bad.wtns")"; rc=$?
[[ $rc -eq 1 ]] && echo "PASS: tampered witness rejected ($out)" || { echo "FAIL: tampered witness: rc=$rc $out"; fail=1; }
"$prove" "$work/circuit.zkey" "$work/bad.wtns" "$work/bad_proof.json" "$work/bad_public.json" 2>/dev/null
if [[ -f "$work/bad_proof.json" ]] && sj groth16 verify "$work/verification_key.json" "$work/bad_public.json" "$work/bad_proof.json" 2>&1 | grep -q "OK!"; then
  echo "FAIL: a proof from an unsatisfying witness verified"; fail=1
else
  echo "PASS: a proof from an unsatisfying witness does not verify"
fi

# Our prover, snarkjs's key and witness.
if "$prove" "$work/circuit.zkey" "$work/witness.wtns" "$work/our_proof.json" "$work/our_public.json"; then
  if sj groth16 verify "$work/verification_key.json" "$work/our_public.json" "$work/our_proof.json" 2>&1 | grep -q "OK!"; then
    echo "PASS: snarkjs accepts our proof (snarkjs's verification key)"
  else
    echo "FAIL: snarkjs rejects our proof"; fail=1
  fi
  "$prove" --export-vk "$work/circuit.zkey" "$work/our_vk.json" || { echo "FAIL: export-vk"; fail=1; }
  if sj groth16 verify "$work/our_vk.json" "$work/our_public.json" "$work/our_proof.json" 2>&1 | grep -q "OK!"; then
    echo "PASS: snarkjs accepts our proof with our exported verification key"
  else
    echo "FAIL: snarkjs rejects our proof with our exported verification key"; fail=1
  fi
  if cmp -s <(node -e 'console.log(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1]))))' "$work/public.json") \
            <(node -e 'console.log(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1]))))' "$work/our_public.json"); then
    echo "PASS: public signals equal snarkjs's"
  else
    echo "FAIL: public signals differ from snarkjs's"; fail=1
  fi
  out="$("$verify" "$work/verification_key.json" "$work/our_public.json" "$work/our_proof.json")"
  [[ "$out" == "OK" ]] && echo "PASS: our verifier accepts our proof" || { echo "FAIL: our verifier on our proof: $out"; fail=1; }
else
  echo "FAIL: our prover failed"; fail=1
fi
# The CLI (plugin reached through the loader), snarkjs's argument order.
if "$entangle" groth16 prove "$work/circuit.zkey" "$work/witness.wtns" "$work/cli_proof.json" "$work/cli_public.json" 2>"$work/cli_prove.err" &&
   sj groth16 verify "$work/verification_key.json" "$work/cli_public.json" "$work/cli_proof.json" 2>&1 | grep -q "OK!"; then
  echo "PASS: entangle groth16 prove -> snarkjs accepts"
else
  echo "FAIL: entangle groth16 prove"; fail=1
fi
# A snarkjs-made key is not an insecure development key: no INSECURE label (the plugin's flag).
grep -q INSECURE "$work/cli_prove.err" && { echo "FAIL: snarkjs's key labelled INSECURE: $(cat "$work/cli_prove.err")"; fail=1; } ||
  echo "PASS: entangle groth16 prove does not label snarkjs's key INSECURE"
out="$("$entangle" groth16 verify "$work/verification_key.json" "$work/public.json" "$work/proof.json")"; rc=$?
[[ $rc -eq 0 && "$out" == "OK" ]] && echo "PASS: entangle groth16 verify accepts the snarkjs proof" || { echo "FAIL: entangle groth16 verify: rc=$rc $out"; fail=1; }
for kind in a b c pub; do
  out="$("$entangle" groth16 verify "$work/verification_key.json" "$work/t_$kind/public.json" "$work/t_$kind/proof.json" 2>&1)"; rc=$?
  [[ $rc -eq 1 ]] && echo "PASS: entangle groth16 verify rejects '$kind' (exit 1)" || { echo "FAIL: entangle groth16 verify '$kind': rc=$rc $out"; fail=1; }
done
"$entangle" groth16 export-vk "$work/circuit.zkey" "$work/cli_vk.json" &&
  sj groth16 verify "$work/cli_vk.json" "$work/public.json" "$work/proof.json" 2>&1 | grep -q "OK!" &&
  echo "PASS: entangle groth16 export-vk -> snarkjs accepts its own proof with our key" ||
  { echo "FAIL: entangle groth16 export-vk"; fail=1; }
# Our Solidity verifier on a real EVM (@ethereumjs/vm, runTx gas), with our proof's calldata.
if "$prove" --solidity "$work/circuit.zkey" "$work/Verifier.sol" &&
   "$prove" --calldata "$work/our_proof.json" "$work/our_public.json" > "$work/calldata.txt"; then
  if node groth16/evm_verify.mjs "$work/Verifier.sol" "$work/calldata.txt"; then
    echo "PASS: Solidity verifier on @ethereumjs/vm: valid -> true, tampered A/B/C/public -> false"
  else
    echo "FAIL: Solidity verifier on the EVM"; fail=1
  fi
  ours="$("$prove" --calldata "$work/proof.json" "$work/public.json")"
  theirs="$(sj zkey export soliditycalldata "$work/public.json" "$work/proof.json")"
  [[ "$ours" == "$theirs" ]] && echo "PASS: our calldata equals snarkjs's" || { echo "FAIL: calldata differs from snarkjs's"; fail=1; }
else
  echo "FAIL: exporting the Solidity verifier / calldata"; fail=1
fi
exit $fail
