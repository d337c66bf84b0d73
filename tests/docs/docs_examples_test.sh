#!/usr/bin/env bash
# Runs the docs' examples with the built CLI and checks what they print.
set -uo pipefail
export ENTANGLE="$PWD/tools/entangle"
failed=0
check() {  # name, command output, expected substring
  if grep -qF -- "$3" <<<"$2"; then
    echo "PASS $1"
  else
    echo "FAIL $1: expected '$3' in:"
    echo "$2"
    failed=1
  fi
}
out=$(bash docs/examples/guest-c/run.sh 2>&1)
check guest-c-riscv "$out" "hello, world"
check guest-c-mips "$out" '"public_output_hex":"00000005"'
# sha256("world"), committed by the Go guest, whole and segmented.
out=$(bash docs/examples/guest-go/run.sh 2>&1)
check guest-go "$out" '"public_output_hex":"486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7","segments":1'
check guest-go-segments "$out" '"segments":5'
out=$(docs/examples/plonky-air/cube_chain 64 2>&1)
check plonky-air-verifies "$out" "verify: OK"
check plonky-air-false-claim "$out" "false claim: rejected"
check plonky-air-security "$out" "100-bit security"
out=$("$ENTANGLE" plonky demo --air lookup --rows 64 --config test 2>&1)
check plonky-demo "$out" "OK"
exit $failed
