#!/usr/bin/env bash
# The main job on embedded defaults: installs what is missing, builds the `entangle` CLI with its
# built-in plugins, and walks through what Entangle does today. It grows with the project (later:
# `entangle devnet`, the whole entangled rollup on one machine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash tools/setup.sh
if [ -z "${ENTANGLE_VECTORS:-}" ] && [ -d "$ROOT/../shared/vectors" ]; then
  export ENTANGLE_VECTORS="$(cd "$ROOT/../shared/vectors" && pwd)"
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building the entangle CLI and its built-in plugins"
bazel build -c opt //tools:entangle //tools:demo_data 2>&1 | grep -Ev '^(Loading|Analyzing|INFO|\[)' || true
E="$ROOT/bazel-bin/tools/entangle"

step "entangle version"
"$E" version

step "entangle plugins list"
"$E" plugins list

if [ -f tools/demo_steps.sh ]; then
  # shellcheck source=/dev/null
  source tools/demo_steps.sh
fi

step "Done"
