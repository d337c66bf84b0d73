#!/usr/bin/env bash
# `entangle plonky demo` end to end through the plonky plugin: every example AIR proves and verifies,
# the standard configurations (Poseidon and SHA-256 Merkle trees) report >= 100 bits, a flipped
# proof byte is rejected with exit 1, bad arguments are a clear error with exit 2, and the names and
# help of --air and --config come from the example and configuration lists.
set -u
ENTANGLE="$PWD/tools/entangle"
TMP="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

check() {  # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}

demo() {  # demo ARGS...: sets rc; JSON in $TMP/out
  "$ENTANGLE" plonky demo "$@" --json >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

field() {  # field EXPR: evaluates a Python expression over the JSON document `d`
  python3 -c "import json,sys; d=json.load(open('$TMP/out')); print($1)"
}

for air in fibonacci poseidon lookup cross_table; do
  demo --air "$air" --rows 64 --config test
  check "$air (test config) exits 0" "$rc"
  [ "$(field 'd["verified"] and d["proof_bytes"] > 0 and d["security_bits"] == 20')" = True ]
  check "$air: verified, proof size and security reported" $?
done

demo --air fibonacci --rows 64 --config standard
check "fibonacci (standard) exits 0" "$rc"
[ "$(field 'd["verified"] and d["security_bits"] >= 100 and d["peak_memory_bytes"] > 0')" = True ]
check "standard config: >= 100 bits, peak memory reported" $?

# The INSECURE label follows the configuration's conjectured security (below 100 bits), with the
# bits shown, in the text output and as JSON "insecure".
"$ENTANGLE" plonky demo --air fibonacci --rows 64 --config test >"$TMP/text" 2>"$TMP/err"
check "test config, text output: exit 0" $?
grep -q "config test (20 bits, INSECURE: below 100 bits)" "$TMP/text"
check "test config labelled INSECURE with its bits" $?
for config in standard standard-sha256; do
  "$ENTANGLE" plonky demo --air fibonacci --rows 64 --config "$config" >"$TMP/text" 2>"$TMP/err"
  check "$config config, text output: exit 0" $?
  grep -q "config $config (100 bits)" "$TMP/text" && ! grep -q INSECURE "$TMP/text"
  check "$config config shows its bits and is not labelled INSECURE" $?
  demo --air fibonacci --rows 64 --config "$config"
  [ "$(field 'd["insecure"]')" = False ]
  check "$config config: JSON insecure false" $?
done
demo --air fibonacci --rows 64 --config test
[ "$(field 'd["insecure"]')" = True ]
check "test config: JSON insecure true" $?

demo --air cross_table --rows 64 --config standard-sha256
check "cross_table (standard-sha256) exits 0" "$rc"
[ "$(field 'd["verified"] and d["security_bits"] >= 100')" = True ]
check "standard-sha256 config: verified, >= 100 bits" $?
demo --air fibonacci --rows 64 --config standard-sha256 --tamper --seed 7
check "tampered standard-sha256 proof exits 1" $((rc != 1))

for seed in 1 2 3 4 5; do
  demo --air lookup --rows 64 --config test --tamper --seed "$seed"
  check "tampered proof (seed $seed) exits 1" $((rc != 1))
  [ "$(field 'd["tampered"] and not d["verified"] and len(d["rejection"]) > 0')" = True ]
  check "tampered proof (seed $seed) reported as rejected" $?
done

"$ENTANGLE" plonky demo --air fibonacci --rows 100 >"$TMP/out" 2>"$TMP/err"
check "rows not a power of two: exit 2" $(($? != 2))
grep -q "rows must be a power of two" "$TMP/err"
check "rows error names the problem" $?

"$ENTANGLE" plonky demo --air nonsense >"$TMP/out" 2>"$TMP/err"
check "unknown AIR is a usage error" $(($? == 0))
grep -q "nonsense" "$TMP/err" && grep -q "fibonacci" "$TMP/err" && grep -q "cross_table" "$TMP/err"
check "AIR error names the bad value and the valid ones" $?

"$ENTANGLE" plonky demo --air fibonacci --rows 64 --config fast >"$TMP/out" 2>"$TMP/err"
check "unknown config: exit 2" $(($? != 2))
grep -q "fast" "$TMP/err" && grep -q "standard-sha256" "$TMP/err" && grep -q "test" "$TMP/err"
check "config error names the bad value and the valid ones" $?
"$ENTANGLE" plonky demo --help >"$TMP/out" 2>&1
grep -q "standard-sha256 (>= 100 bits, SHA-256 Merkle trees)" "$TMP/out"
check "help lists the configurations with their summaries" $?
for air in fibonacci poseidon lookup cross_table; do
  grep -q "$air (" "$TMP/out"
  check "help lists example $air with its summary" $?
done

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
