#!/usr/bin/env bash
# End-to-end tests of `entangle run`: the guest's stdout and exit code pass through, --isa auto picks
# the plugin from the ELF header, --json prints one object, --segment-size counts segments without
# changing the result, and every VM fault is one line "entangle: <reason> at pc 0x..." with exit 125.
set -uo pipefail
E="$PWD/tools/entangle"
EX="$PWD/vm/guest/examples"
T="${TEST_TMPDIR:-$(mktemp -d)}"
fail=0
check() {  # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}

echo 12 > "$T/in12"
out=$("$E" run "$EX/fib_riscv.elf" --input "$T/in12"); rc=$?
check "riscv fib prints fib(12)" [ "$out" = "144" ]
check "riscv exit code 0" [ $rc = 0 ]
out=$("$E" run "$EX/go_fib_mipsle.elf"); rc=$?
check "go mipsle fib" [ "$out" = "fib(89) = 1779979416004714189" ]

j=$("$E" run "$EX/sha256chain_mips.elf" --input "$T/in12" --json); rc=$?
check "--json exit 0" [ $rc = 0 ]
for key in '"isa":"mips"' '"exit_code":0' '"segments":1' '"public_output_hex":"' '"state_hash":"' '"stdout":"'; do
  check "--json has $key" grep -q "$key" <<< "$j"
done
cycles=$(sed 's/.*"cycles":\([0-9]*\).*/\1/' <<< "$j")
state=$(sed 's/.*"state_hash":"\([0-9a-f]*\)".*/\1/' <<< "$j")
j2=$("$E" run "$EX/sha256chain_mips.elf" --input "$T/in12" --json --segment-size 10000)
check "segments counted" grep -q "\"segments\":$(( (cycles + 9999) / 10000 ))" <<< "$j2"
check "segmented run has the same state hash" grep -q "\"state_hash\":\"$state\"" <<< "$j2"

# Faults: exit 125 and one line naming the pc.
err=$("$E" run "$EX/sha256chain_riscv.elf" --max-cycles 1000 2>&1 >/dev/null); rc=$?
check "cycle limit exits 125" [ $rc = 125 ]
check "cycle limit message" grep -qE '^entangle: cycle limit of 1000 cycles reached at pc 0x[0-9a-f]{8}$' <<< "$err"
head -c 100 "$EX/fib_mips.elf" > "$T/trunc.elf"
err=$("$E" run "$T/trunc.elf" 2>&1); rc=$?
check "truncated ELF exits 125" [ $rc = 125 ]
check "truncated ELF message" grep -q '^entangle: bad ELF: ' <<< "$err"
err=$("$E" run "$EX/fib_mips.elf" --isa riscv 2>&1); rc=$?
check "wrong machine exits 125" [ $rc = 125 ]
check "wrong machine message" grep -q 'wrong machine' <<< "$err"
printf 'garbage' > "$T/garbage"
j=$("$E" run "$T/garbage" --json); rc=$?
check "--json error field" grep -q '"error":' <<< "$j"
check "--json error exit 125" [ $rc = 125 ]
exit $fail
