#!/usr/bin/env bash
# Builds hello.c for RV32IM and big-endian MIPS32 and runs both on Entangle's zkVM.
# Usage: docs/examples/guest-c/run.sh   (after `bazel build //tools:entangle`; ENTANGLE overrides the binary)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
E="${ENTANGLE:-$root/bazel-bin/tools/entangle}"
G="$root/vm/guest"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
common=(-O2 -static -nostdlib -ffreestanding -fno-pic -Wl,--build-id=none -I"$G" -T "$G/guest.ld")
riscv64-unknown-elf-gcc "${common[@]}" -march=rv32im -mabi=ilp32 \
  "$G/start.c" "$here/hello.c" -lgcc -o "$out/hello_riscv.elf"
mips-linux-gnu-gcc -EB "${common[@]}" -march=mips32r2 -mno-abicalls -msoft-float -G0 \
  "$G/start.c" "$here/hello.c" -lgcc -o "$out/hello_mips.elf"
printf 'world' >"$out/name.txt"
"$E" run "$out/hello_riscv.elf" --input "$out/name.txt"
"$E" run "$out/hello_mips.elf" --input "$out/name.txt" --json
