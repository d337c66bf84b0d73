#!/bin/bash
# Prove time of `entangle groth16 prove` vs `snarkjs groth16 prove` on the same .zkey and .wtns.
# Usage: benchmarks/groth16_prove_vs_snarkjs.sh [LOG2 (default 16)]
# The circuit (benchmarks:groth16_bench_circuit) fills a domain of 2^LOG2: nConstraints + nPublic =
# 2^LOG2 - 1 (Poseidon chain + 64-bit bit decompositions, ~40% of the witness is 0/1). Its .zkey
# comes from our INSECURE development setup (random tau, marked insecure in the file): proving time
# does not depend on tau, and no powers of tau above 2^16 is on this machine. Building it takes
# ~15 s at 2^16, ~1.5 min at 2^18.
# Needs tests/interop/node_modules (npm ci). WORK=dir keeps the files in dir/LOG2 and reuses them;
# REPS=k runs each prover k times (alternating) and compares the medians. Reports wall time and
# process CPU time (user + sys, all threads) and peak RSS, for the whole process (reading the zkey
# included); checks that snarkjs verifies our proof.
set -euo pipefail
log2="${1:-16}"
[[ "$log2" =~ ^[0-9]+$ ]] && ((log2 >= 10 && log2 <= 22)) || { echo "LOG2 must be in [10, 22]"; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
reps="${REPS:-1}"
if [[ -n "${WORK:-}" ]]; then
  work="$WORK/$log2"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
cd "$root"
bazel build -c opt //tools:entangle //benchmarks:groth16_bench_circuit > /dev/null 2>&1
entangle="$root/bazel-bin/tools/entangle"
cd "$root/tests/interop"
[[ -d node_modules/snarkjs ]] || { echo "tests/interop/node_modules/snarkjs missing (tools/setup.sh)"; exit 2; }
sj() { node --max-old-space-size=16384 node_modules/snarkjs/build/cli.cjs "$@"; }
if [[ ! -f "$work/vk.json" ]]; then
  "$root/bazel-bin/benchmarks/groth16_bench_circuit" "$work" "$log2"
  sj zkey export verificationkey "$work/circuit.zkey" "$work/vk.json" > /dev/null
fi
# run NAME CMD...: appends "wall cpu peak_kb" of the whole process to $work/NAME.times.
run() {
  local name="$1"
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > /dev/null 2> "$work/$name.err" ||
    { cat "$work/$name.err"; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/t" >> "$work/$name.times"
}
rm -f "$work/snarkjs.times" "$work/entangle.times"
for ((i = 0; i < reps; i++)); do
  run snarkjs node --max-old-space-size=16384 node_modules/snarkjs/build/cli.cjs groth16 prove \
    "$work/circuit.zkey" "$work/witness.wtns" "$work/p1.json" "$work/pub1.json"
  # (stderr: the warning that the key is an INSECURE development key)
  run entangle "$entangle" groth16 prove "$work/circuit.zkey" "$work/witness.wtns" \
    "$work/p2.json" "$work/pub2.json"
done
sj groth16 verify "$work/vk.json" "$work/pub2.json" "$work/p2.json" | grep -q "OK!" ||
  { echo "snarkjs rejected our proof"; exit 1; }
cmp -s "$work/pub1.json" "$work/pub2.json" || { echo "public signals differ"; exit 1; }
python3 - "$work" "$log2" "$reps" << 'PY'
import statistics, sys
work, log2, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def med(name):
    rows = [list(map(float, l.split())) for l in open(f"{work}/{name}.times")]
    return [statistics.median(r[k] for r in rows) for k in range(3)]
s, e = med("snarkjs"), med("entangle")
print(f"domain=2^{log2} runs={reps} (medians, whole process incl. reading the zkey)")
print(f"  snarkjs  wall {s[0]:7.2f} s  cpu {s[1]:7.2f} s  peak {s[2] / 1024:6.0f} MB")
print(f"  entangle wall {e[0]:7.2f} s  cpu {e[1]:7.2f} s  peak {e[2] / 1024:6.0f} MB")
print(f"  ratio snarkjs/entangle: wall {s[0] / e[0]:.2f}x  cpu {s[1] / e[1]:.2f}x")
print("  snarkjs verifies our proof: OK")
PY
