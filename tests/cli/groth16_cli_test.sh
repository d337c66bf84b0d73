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
FIXTURES="$PWD/plugins/testdata"
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

# Plugins are loaded on demand. A copy of the binary whose plugins/ folder holds groth16 next to
# broken plugins (one aborts the process if it is ever loaded) proves and verifies: they are not
# loaded. Without groth16, or with a groth16 built for another ABI, the command fails with one line
# naming the plugin (and the file).
LAZY="$TMP/lazy"
rm -rf "$LAZY" && mkdir -p "$LAZY/plugins"
cp "$ENTANGLE" "$LAZY/entangle"
cp "$PWD/tools/plugins/libentangle_groth16.so" "$FIXTURES/aborts/libentangle_aborts.so" \
  "$FIXTURES/libentangle_badabi.so" "$FIXTURES/libentangle_text.so" "$LAZY/plugins/"
"$LAZY/entangle" groth16 prove "$TMP/ptau.zkey" "$TMP/square.wtns" "$TMP/lazy_proof.json" \
  "$TMP/lazy_public.json"
check "prove with broken unrelated plugins exits 0" $?
[ "$("$LAZY/entangle" groth16 verify "$TMP/ptau_vk.json" "$TMP/lazy_public.json" \
  "$TMP/lazy_proof.json")" = OK ]
check "verify with broken unrelated plugins says OK" $?
mkdir -p "$TMP/novectors"
"$LAZY/entangle" conformance bn256 --vectors "$TMP/novectors" >/dev/null 2>&1
check "a built-in conformance suite does not load the plugins" $(($? >= 128))
"$LAZY/entangle" plugins list >/dev/null 2>&1
check "plugins list (which loads every plugin) does load them: the aborting one kills it" \
  $(($? < 128))

NOG16="$TMP/nogroth16"
rm -rf "$NOG16" && mkdir -p "$NOG16/plugins"
cp "$ENTANGLE" "$NOG16/entangle"
cp "$PWD/tools/plugins/libentangle_plonky.so" "$NOG16/plugins/"
REAL="$(cd "$NOG16" && pwd -P)"
"$NOG16/entangle" groth16 verify "$TMP/ptau_vk.json" "$TMP/ptau_public.json" \
  "$TMP/ptau_proof.json" >/dev/null 2>"$TMP/nog16.err"
check "verify without the groth16 plugin exits 2" $(($? != 2))
[ "$(cat "$TMP/nog16.err")" = "entangle: no proof_system plugin named 'groth16' (loaded: plonky; \
searched: $REAL/plugins)" ]
check "its error names the plugin and the folder ($(cat "$TMP/nog16.err"))" $?
cp "$FIXTURES/libentangle_badabi.so" "$NOG16/plugins/libentangle_groth16.so"
"$NOG16/entangle" groth16 prove "$TMP/ptau.zkey" "$TMP/square.wtns" "$TMP/x.json" "$TMP/y.json" \
  2>"$TMP/badabi.err"
check "prove with a groth16 plugin of another ABI exits 2" $(($? != 2))
[[ "$(cat "$TMP/badabi.err")" == "entangle: cannot load proof_system plugin 'groth16': \
$REAL/plugins/libentangle_groth16.so: ABI mismatch: plugin is built for ABI "*", host supports "* ]]
check "its error names the plugin and the file ($(cat "$TMP/badabi.err"))" $?
[ "$(wc -l <"$TMP/badabi.err")" -eq 1 ]
check "and is one line" $?

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
