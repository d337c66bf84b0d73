#!/bin/sh
# Builds the example plugin with plain g++ against the SDK headers: no Bazel involved.
# Usage: build.sh OUT_DIR [SDK_INCLUDE_DIR]
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build.sh OUT_DIR [SDK_INCLUDE_DIR]}"
sdk="${2:-$here/../../include}"
mkdir -p "$out"
${CXX:-g++} -std=c++20 -O2 -Wall -Wextra -shared -fPIC -I "$sdk" "$here/ledger_chain.cc" \
  -o "$out/libentangle_ledger.so" -labsl_status -lcrypto
