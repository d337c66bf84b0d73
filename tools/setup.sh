#!/usr/bin/env bash
# Idempotent installer for everything Entangle's build, tests and guest toolchains need on Debian 12.
# Safe to run twice; fast (no apt/npm calls) when nothing is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

APT_PACKAGES=(
  bazel-bootstrap openjdk-17-jdk-headless build-essential clang lld clang-format libclang-rt-14-dev
  libabsl-dev libsecp256k1-dev librocksdb-dev libgrpc++-dev protobuf-compiler protobuf-compiler-grpc
  libprotobuf-dev libgtest-dev libgmock-dev libbenchmark-dev libssl-dev libcli11-dev libtomlplusplus-dev
  nlohmann-json3-dev libcpp-httplib-dev
  golang-go gcc-mips-linux-gnu gcc-mipsel-linux-gnu gcc-riscv64-unknown-elf qemu-user
  python3 xxd
)
# Node.js and npm: Debian's nodejs/npm packages, unless a Node.js with npm is already installed
# (a NodeSource nodejs conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages for the interop tests, pinned by tests/interop/package-lock.json.
INTEROP="$ROOT/tests/interop"
if [ -f "$INTEROP/package-lock.json" ]; then
  stamp="$INTEROP/node_modules/.entangle-lock.sha256"
  want="$(sha256sum "$INTEROP/package-lock.json" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing npm packages for interop tests" >&2
    (cd "$INTEROP" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" >"$stamp"
  fi
fi
