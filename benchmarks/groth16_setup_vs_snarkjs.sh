#!/bin/bash
# Setup time of `entangle groth16 setup` vs `snarkjs groth16 setup` on the same .r1cs and .ptau;
# the two .zkey files must be byte-identical. The circuit: a chain of circomlib Poseidon(2)
# compressions (dense, large coefficients) plus Num2Bits(64) (powers of two) and public inputs.
# Usage: benchmarks/groth16_setup_vs_snarkjs.sh [N_POSEIDON (default 60, ~31k constraints, domain 2^15)] [PTAU]
# Needs tests/interop/node_modules (tools/setup.sh) and a prepared ptau larger than the circuit's
# domain (default: /work/shared/data/pot16_final.ptau, 2^16; snarkjs's own circuit hash reads past a
# ptau whose power equals the domain's once the domain is >= 2^15, see setup.cc).
set -euo pipefail
n="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
ptau="${2:-$root/../../shared/data/pot16_final.ptau}"
[[ -f "$ptau" ]] || ptau=/work/shared/data/pot16_final.ptau
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
bazel build -c opt //tools:entangle //plugins:all > /dev/null 2>&1 || bazel build -c opt //tools:entangle > /dev/null
entangle="$root/bazel-bin/tools/entangle"
cd "$root/tests/interop"
cat > "$work/chain.circom" <<CIRCOM
pragma circom 2.0.0;
include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
template Chain(N) {
    signal input a;
    signal input b;
    signal output y;
    component h[N];
    signal s[N + 1];
    s[0] <== a;
    for (var i = 0; i < N; i++) {
        h[i] = Poseidon(2);
        h[i].inputs[0] <== s[i];
        h[i].inputs[1] <== b;
        s[i + 1] <== h[i].out;
    }
    component bits = Num2Bits(64);
    bits.in <== b;
    y <== s[N];
}
component main {public [b]} = Chain($n);
CIRCOM
sj() { node --max-old-space-size=4096 node_modules/snarkjs/build/cli.cjs "$@"; }
node node_modules/circom2/cli.js "$work/chain.circom" --r1cs -o "$work" -l node_modules > /dev/null
cons=$(sj r1cs info "$work/chain.r1cs" | sed -n 's/.*# of Constraints: *//p')
t0=$(date +%s.%N); sj groth16 setup "$work/chain.r1cs" "$ptau" "$work/snarkjs.zkey" > /dev/null; t1=$(date +%s.%N)
"$entangle" groth16 setup "$work/chain.r1cs" "$ptau" "$work/entangle.zkey"; t2=$(date +%s.%N)
if cmp -s "$work/snarkjs.zkey" "$work/entangle.zkey"; then same=byte-identical; else same=DIFFERENT; fi
python3 -c "
s=$t1-$t0; e=$t2-$t1
print(f'constraints=$cons snarkjs_setup={s:.2f}s entangle_setup={e:.2f}s (whole process, incl. reading the ptau) ratio snarkjs/entangle={s/e:.1f}x zkey=$same')"
[[ "$same" == byte-identical ]]
