# Sourced by the Groth16 interop tests: `. prelude.sh NPM_PACKAGE...`.
# Finds the source tree (through //:README.md in the runfiles), skips the test loudly (exit 0) when
# node or one of the npm packages is missing, enters tests/interop and defines sj (the snarkjs
# CLI), pass, bad and $fail.
readme="$(readlink -f "${TEST_SRCDIR:-.}/entangle/README.md" 2>/dev/null || true)"
root="$(dirname "${readme:-/nonexistent/x}")"
interop="$root/tests/interop"
for pkg in "$@"; do
  if [[ ! -d "$interop/node_modules/$pkg" ]]; then
    echo "*** NPM PACKAGES MISSING: $interop/node_modules/$pkg (run tools/setup.sh); SKIPPED ***"
    exit 0
  fi
done
command -v node > /dev/null || { echo "*** node not found; SKIPPED ***"; exit 0; }
cd "$interop"
fail=0
sj() { node node_modules/snarkjs/build/cli.cjs "$@"; }
pass() { echo "PASS: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
