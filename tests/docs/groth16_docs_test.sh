#!/usr/bin/env bash
# docs/groth16.md's example (docs/examples/groth16-circom/run.sh) runs and prints what the guide
# says: our proof verifies with our verifier and with snarkjs, a changed public input is rejected.
# It needs the npm peers (circom2, snarkjs) of tests/interop and skips loudly without them.
set -uo pipefail
export ENTANGLE="$PWD/tools/entangle"
root="$(dirname "$(readlink -f README.md)")"
if [[ ! -d "$root/tests/interop/node_modules/snarkjs" ]] || ! command -v node >/dev/null; then
  echo "*** NPM PACKAGES OR NODE MISSING (run tools/setup.sh); SKIPPED ***"
  exit 0
fi
out=$(bash "$root/docs/examples/groth16-circom/run.sh" "${TEST_TMPDIR:-$(mktemp -d)}/age" 2>&1)
echo "$out"
failed=0
check() {  # name, expected line (regex)
  if grep -qE -- "$2" <<<"$out"; then echo "PASS $1"; else echo "FAIL $1: no line matching '$2'"; failed=1; fi
}
check our-verifier '^OK$'
check snarkjs-accepts '^snarkjs on our proof: OK!$'
check changed-public-rejected '^INVALID$'
check public-signals '^public signals \(commitment, min_age\): \["[0-9]+","18"\]$'
check solidity '^Solidity verifier: [0-9]+ lines$'
exit $failed
