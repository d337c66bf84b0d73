#!/usr/bin/env bash
# End-to-end checks of the `entangle` binary: plugin loading errors are one line and a non-zero exit
# (never a signal), the out-of-tree example plugin builds with plain g++ and is listed, configuration
# errors name file, line and key.
set -u
ENTANGLE="$PWD/tools/entangle"
FIXTURES="$PWD/plugins/testdata"
TMP="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0

check() {  # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}

run() {  # run ARGS...: sets rc, out, err
  "$ENTANGLE" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  out="$(cat "$TMP/out")"
  err="$(cat "$TMP/err")"
}

run version
check "version exits 0" $((rc != 0))
[[ "$out" == "entangle 0.1.0 (plugin ABI 3."* ]]; check "version text" $?

run
check "no command is a usage error (exit 2)" $((rc != 2))

# Broken plugins: each failure is exactly one line, the command fails with 1, never a signal.
run plugins list --plugin-dir "$FIXTURES"
check "broken plugins: exit 1" $((rc != 1))
expect_line() { grep -qxF "entangle: $1" "$TMP/err"; check "error line: $1" $?; }
expect_line "$FIXTURES/libentangle_badabi.so: ABI mismatch: plugin is built for ABI 4.0, host supports 3.0"
expect_line "$FIXTURES/libentangle_oldabi.so: ABI mismatch: plugin is built for ABI 2.0, host supports 3.0"
expect_line "$FIXTURES/libentangle_noentry.so: entry symbol 'entangle_plugin_entry' missing: not an Entangle plugin"
expect_line "$FIXTURES/libentangle_text.so: not a shared object (no ELF header)"
expect_line "$FIXTURES/libentangle_badfingerprint.so: build fingerprint mismatch: cxx11abi is 0 in the plugin but 1 in the host"
[ "$(wc -l <"$TMP/err")" -eq 6 ]; check "exactly one line per broken plugin" $?
grep -q "testchain" "$TMP/out"; check "good plugins still listed" $?

# A plugin whose factory throws: an error line, exit 1, no crash.
cat >"$TMP/throws.toml" <<TOML
[vm]
isa = "nonexistent-isa"
[prover]
system = "p"
TOML
run config check "$TMP/throws.toml" --plugin-dir "$FIXTURES"
check "config check with unknown ISA: exit 1" $((rc != 1))
[[ "$err" == "entangle: $TMP/throws.toml:2: [vm] isa: no isa plugin named 'nonexistent-isa' (loaded: "* ]]
check "config check names file, line, key: $err" $?

printf '[vm]\nisa = "m"\n[prover\n' >"$TMP/syntax.toml"
run config check "$TMP/syntax.toml"
check "config syntax error: exit 1" $((rc != 1))
[[ "$err" == "entangle: $TMP/syntax.toml:3: "* ]]; check "syntax error names the line: $err" $?
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; check "syntax error is one line" $?

# The out-of-tree example: plain g++ against the SDK headers only, then listed by the CLI.
if sh plugins/examples/ledger/build.sh "$TMP/ext" "$PWD/plugins/include" 2>"$TMP/gxx"; then
  check "example plugin builds with plain g++" 0
  run plugins list --plugin-dir "$TMP/ext" --json
  check "plugins list --json exits 0" $rc
  python3 - "$TMP/out" "$TMP/ext/libentangle_ledger.so" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
hits = [p for p in doc["plugins"] if p["name"] == "ledger"]
assert len(hits) == 1, doc
p = hits[0]
assert p["kind"] == "chain_adapter" and p["abi"].startswith("3.") and p["path"] == sys.argv[2], p
assert doc["errors"] == [], doc["errors"]
PY
  check "ledger listed as a chain_adapter with its path" $?
else
  cat "$TMP/gxx"
  check "example plugin builds with plain g++" 1
fi

# Conformance: the built-in poseidon-goldilocks suite is listed and passes Plonky2's vectors.
run conformance list
grep -q "^poseidon-goldilocks " <<<"$out"; check "conformance list has poseidon-goldilocks" $?
if [ -f "${ENTANGLE_VECTORS:-/nonexistent}/poseidon/plonky2_poseidon_goldilocks_w12.json" ]; then
  run conformance poseidon-goldilocks --vectors "$ENTANGLE_VECTORS" --json
  check "poseidon-goldilocks exits 0" $((rc != 0))
  [[ "$out" == *'"failed":0'* && "$out" == *'"passed":4'* ]]
  check "poseidon-goldilocks: 4 passed, 0 failed" $?
else
  echo "SKIP poseidon-goldilocks conformance: VECTORS MISSING (set ENTANGLE_VECTORS)"
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
