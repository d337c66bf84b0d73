#!/usr/bin/env bash
# `entangle groth16` end to end without Node, on a one-constraint circuit (test_circuit) small
# enough for the snarkjs-made testdata/pot1.ptau: a key from our INSECURE development setup and one
# from the ptau (byte-identical to `snarkjs groth16 setup`'s); each proves and verifies through the
# plugin. The INSECURE label on prove comes from the plugin's ProveResult::insecure_dev_setup: the
# dev key's proof is labelled, the ptau key's is not (a key made by snarkjs itself: tests/interop).
set -u
ENTANGLE="$PWD/tools/entangle"
CIRCUIT="$PWD/proof_systems/groth16/test_circuit"
PTAU="$PWD/proof_systems/groth16/testdata/pot1.ptau"
TMP="${TEST_TMPDIR:-$(mktemp -d)}/g16cli"
mkdir -p "$TMP"
failures=0

check() {  # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}

prove_verify() {  # prove_verify NAME: proves with $TMP/NAME.zkey, verifies; stderr in $TMP/NAME.err
  "$ENTANGLE" groth16 prove "$TMP/$1.zkey" "$TMP/square.wtns" "$TMP/$1_proof.json" \
    "$TMP/$1_public.json" 2>"$TMP/$1.err"
  check "$1: prove exits 0" $?
  "$ENTANGLE" groth16 export-vk "$TMP/$1.zkey" "$TMP/$1_vk.json"
  check "$1: export-vk exits 0" $?
  [ "$("$ENTANGLE" groth16 verify "$TMP/$1_vk.json" "$TMP/$1_public.json" "$TMP/$1_proof.json")" = OK ]
  check "$1: verify says OK" $?
}

"$CIRCUIT" "$TMP"
check "test_circuit writes square.r1cs, square.wtns and square_pub.r1cs" $?

"$ENTANGLE" groth16 setup --insecure-dev-setup "$TMP/square.r1cs" "$TMP/dev.zkey" 2>"$TMP/setup.err"
check "insecure dev setup exits 0" $?
grep -q "INSECURE DEVELOPMENT SETUP" "$TMP/setup.err"
check "dev setup warns" $?
prove_verify dev
grep -qxF "WARNING: $TMP/dev.zkey is an INSECURE development key (toxic waste known to its maker): its proofs convince nobody else." "$TMP/dev.err"
rc=$?
check "dev key: prove labels the key INSECURE ($(cat "$TMP/dev.err"))" $rc

"$ENTANGLE" groth16 setup "$TMP/square.r1cs" "$PTAU" "$TMP/ptau.zkey"
check "setup from pot1.ptau exits 0" $?
prove_verify ptau
[ ! -s "$TMP/ptau.err" ]
rc=$?
check "ptau key: prove prints nothing, no INSECURE label ($(cat "$TMP/ptau.err"))" $rc

# A setup error: one line, the operation named once, exit 1.
"$ENTANGLE" groth16 setup "$TMP/square_pub.r1cs" "$PTAU" "$TMP/pub.zkey" 2>"$TMP/big.err"
check "setup of a circuit too big for the ptau exits 1" $(($? != 1))
[ "$(cat "$TMP/big.err")" = "entangle: groth16 setup: circuit too big for this powers of tau: 1 constraints + 1 public signals need 2^2, the ptau has 2^1" ]
rc=$?
check "setup error names the operation once ($(cat "$TMP/big.err"))" $rc

# Unusable key or witness files (they are memory-mapped): exit 2, one line naming the file.
: >"$TMP/empty.zkey"
mkdir -p "$TMP/dir.zkey"
for bad in "missing.zkey:No such file or directory" "empty.zkey:the file is empty" \
  "dir.zkey:is a directory"; do
  "$ENTANGLE" groth16 prove "$TMP/${bad%%:*}" "$TMP/square.wtns" "$TMP/x.json" "$TMP/y.json" \
    2>"$TMP/bad.err"
  check "prove with ${bad%%:*} exits 2" $(($? != 2))
  [ "$(cat "$TMP/bad.err")" = "entangle: $TMP/${bad%%:*}: ${bad#*:}" ]
  rc=$?
  check "its error names the file ($(cat "$TMP/bad.err"))" $rc
done
"$ENTANGLE" groth16 prove "$TMP/dev.zkey" "$TMP/empty.zkey" "$TMP/x.json" "$TMP/y.json" \
  2>"$TMP/bad.err"
check "prove with an empty witness exits 2" $(($? != 2))
grep -qF "$TMP/empty.zkey: the file is empty" "$TMP/bad.err"
check "its error names the file ($(cat "$TMP/bad.err"))" $?

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
