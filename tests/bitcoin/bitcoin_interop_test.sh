#!/usr/bin/env bash
# Interop tests of the Bitcoin adapter against real npm peers (tests/interop/node_modules, installed
# by tools/setup.sh; ENTANGLE_NODE_MODULES overrides). Without node or the modules the test says so
# loudly and is skipped.
set -euo pipefail
ROOT="$(dirname "$(readlink -f "$TEST_SRCDIR/entangle/README.md")")"
NM="${ENTANGLE_NODE_MODULES:-$ROOT/tests/interop/node_modules}"
if ! command -v node >/dev/null || [ ! -d "$NM/bitcoinjs-lib" ]; then
  echo "*** SKIPPED: node or $NM/bitcoinjs-lib missing (run tools/setup.sh) ***"
  exit 0
fi
HERE="$TEST_SRCDIR/entangle/tests/bitcoin"
node "$HERE/bitcoin_psbt_interop.cjs" "$HERE/psbt_tool" "$NM"
