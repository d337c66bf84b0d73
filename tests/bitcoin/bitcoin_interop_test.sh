#!/usr/bin/env bash
# Interop tests of the Bitcoin adapter against real npm peers (tests/interop/node_modules, installed
# by tools/setup.sh; ENTANGLE_NODE_MODULES overrides):
#  - PSBTs with bitcoinjs-lib, both directions;
#  - the devchain's JSON-RPC server driven by the `bitcoin-core` RPC client.
# Without node or the modules the test says so loudly and is skipped.
set -euo pipefail
ROOT="$(dirname "$(readlink -f "$TEST_SRCDIR/entangle/README.md")")"
NM="${ENTANGLE_NODE_MODULES:-$ROOT/tests/interop/node_modules}"
if ! command -v node >/dev/null || [ ! -d "$NM/bitcoinjs-lib" ] || [ ! -d "$NM/bitcoin-core" ]; then
  echo "*** SKIPPED: node or $NM/{bitcoinjs-lib,bitcoin-core} missing (run tools/setup.sh) ***"
  exit 0
fi
HERE="$TEST_SRCDIR/entangle/tests/bitcoin"
node "$HERE/bitcoin_psbt_interop.cjs" "$HERE/psbt_tool" "$NM"

OUT="${TEST_TMPDIR:-/tmp}/devchain.out"
"$TEST_SRCDIR/entangle/chains/bitcoin/devchain/devchain_server" --rpcuser entangle \
  --rpcpassword secret > "$OUT" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening' "$OUT" 2>/dev/null && break
  sleep 0.05
done
PORT="$(sed -n 's/^listening 127.0.0.1:\([0-9]*\)$/\1/p' "$OUT")"
[ -n "$PORT" ] || { echo "devchain did not start:"; cat "$OUT"; exit 1; }
node "$HERE/bitcoin_rpc_interop.cjs" "$PORT" "$NM"
