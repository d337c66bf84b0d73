#!/usr/bin/env bash
# Runs one Go program (the sha256 chain guest, N rounds) natively, under qemu-user (qemu-mipsel)
# and under `entangle run`, and prints wall times and the ratios to native. Usage:
#   bazel build //tools:entangle //vm/guest/examples:all && benchmarks/vm_compare.sh [ROUNDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-200000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK" GOCACHE="$WORK/cache" GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0
(cd "$ROOT/vm/guest/go" && go build -trimpath -o "$WORK/native" ./examples/sha256chain)
GUEST="$ROOT/bazel-bin/vm/guest/examples/go_sha256chain_mipsle.elf"
echo "$N" > "$WORK/in"
t() { local s e; s=$(date +%s.%N); "$@" < "$WORK/in" > /dev/null 2>&1 || true; e=$(date +%s.%N);
      echo "$e - $s" | bc; }
native=$(t "$WORK/native")
qemu=$(t qemu-mipsel "$GUEST")
ours=$(t "$ROOT/bazel-bin/tools/entangle" run "$GUEST" --input "$WORK/in")
cycles=$("$ROOT/bazel-bin/tools/entangle" run "$GUEST" --input "$WORK/in" --json | sed 's/.*"cycles":\([0-9]*\).*/\1/')
printf "native %.3fs | qemu-mipsel %.3fs (%.1fx native) | entangle %.3fs (%.1fx native, %.2fx qemu), %s guest instructions (%.0f M/s)\n" \
  "$native" "$qemu" "$(echo "$qemu/$native" | bc -l)" "$ours" "$(echo "$ours/$native" | bc -l)" \
  "$(echo "$ours/$qemu" | bc -l)" "$cycles" "$(echo "$cycles/$ours/1000000" | bc -l)"
