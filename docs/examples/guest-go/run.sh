#!/usr/bin/env bash
# Builds main.go with the stock Go toolchain for MIPS32 (softfloat) and runs it on Entangle's zkVM,
# whole and in segments of 100,000 cycles (the state hash and outputs are the same).
# Usage: docs/examples/guest-go/run.sh   (after `bazel build //tools:entangle`; ENTANGLE overrides the binary)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
E="${ENTANGLE:-$root/bazel-bin/tools/entangle}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$here" && HOME="$out" GOCACHE="$out/cache" GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=0 \
  GOOS=linux GOARCH=mips GOMIPS=softfloat go build -trimpath -o "$out/hello.elf" .)
printf 'world' >"$out/input.bin"
"$E" run "$out/hello.elf" --input "$out/input.bin" --json
"$E" run "$out/hello.elf" --input "$out/input.bin" --segment-size 100000 --json
