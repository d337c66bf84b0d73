#!/bin/bash
# Prove time of `entangle`'s Groth16 prover vs `snarkjs groth16 prove` on the same .zkey and .wtns.
# Usage: benchmarks/groth16_prove_vs_snarkjs.sh [N_CONSTRAINTS (default 60000)] [PTAU]
# Needs tests/interop/node_modules (npm ci) and a ptau of at least the circuit's size (default:
# ../shared/data/pot16_final.ptau, 2^16). snarkjs's setup of a 2^16 circuit takes about a minute.
# WORK=dir keeps the circuit, .zkey and .wtns in dir and reuses them on the next run; REPS=k runs
# each prover k times and compares the medians (wall time, whole process).
set -euo pipefail
n="${1:-60000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
ptau="${2:-$root/../../shared/data/pot16_final.ptau}"
[[ -f "$ptau" ]] || ptau=/work/shared/data/pot16_final.ptau
reps="${REPS:-1}"
if [[ -n "${WORK:-}" ]]; then
  work="$WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
cd "$root"
bazel build -c opt //proof_systems/groth16:groth16_prove > /dev/null 2>&1
prover="$root/bazel-bin/proof_systems/groth16/groth16_prove"
cd "$root/tests/interop"
cat > "$work/chain.circom" <<CIRCOM
pragma circom 2.0.0;
template Chain(N) {
    signal input x;
    signal output y;
    signal s[N + 1];
    s[0] <== x;
    for (var i = 0; i < N; i++) { s[i + 1] <== s[i] * s[i] + i; }
    y <== s[N];
}
component main = Chain($n);
CIRCOM
sj() { node --max-old-space-size=4096 node_modules/snarkjs/build/cli.cjs "$@"; }
if [[ ! -f "$work/chain.zkey" || ! -f "$work/n" || "$(cat "$work/n")" != "$n" ]]; then
  node node_modules/circom2/cli.js "$work/chain.circom" --r1cs --wasm -o "$work" -l node_modules > /dev/null
  sj groth16 setup "$work/chain.r1cs" "$ptau" "$work/chain.zkey" > /dev/null
  echo '{"x": "3"}' > "$work/input.json"
  sj wtns calculate "$work/chain_js/chain.wasm" "$work/input.json" "$work/w.wtns" > /dev/null
  sj zkey export verificationkey "$work/chain.zkey" "$work/vk.json" > /dev/null
  echo "$n" > "$work/n"
fi
ts=(); te=()
for ((i = 0; i < reps; i++)); do
  t0=$(date +%s.%N); sj groth16 prove "$work/chain.zkey" "$work/w.wtns" "$work/p1.json" "$work/pub1.json"; t1=$(date +%s.%N)
  "$prover" "$work/chain.zkey" "$work/w.wtns" "$work/p2.json" "$work/pub2.json"; t2=$(date +%s.%N)
  ts+=("$(python3 -c "print($t1-$t0)")"); te+=("$(python3 -c "print($t2-$t1)")")
done
sj groth16 verify "$work/vk.json" "$work/pub2.json" "$work/p2.json" | grep -q "OK!" || { echo "our proof did not verify"; exit 1; }
python3 -c "
import statistics
s=statistics.median([$(IFS=,; echo "${ts[*]}")]); e=statistics.median([$(IFS=,; echo "${te[*]}")])
print(f'constraints={$n} runs={$reps} snarkjs_prove={s:.2f}s entangle_prove={e:.2f}s (medians, wall, incl. reading the zkey) ratio snarkjs/entangle={s/e:.2f}x')"
