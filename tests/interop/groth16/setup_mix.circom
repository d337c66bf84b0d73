pragma circom 2.0.0;
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// A small circuit with varied coefficients for the setup comparison: bit decomposition (powers of
// two), a comparison (LessThan: 2^n offsets, -1 coefficients), a selection and public inputs and
// outputs, and a private signal that appears in no A row (its A point is infinity).
template Mix() {
    signal input a;
    signal input b;
    signal input sel;
    signal input unused_in_a;
    signal output lt;
    signal output out;
    component bits = Num2Bits(12);
    bits.in <== a;
    component cmp = LessThan(12);
    cmp.in[0] <== a;
    cmp.in[1] <== b;
    lt <== cmp.out;
    sel * (sel - 1) === 0;
    signal t;
    t <== sel * (b - a);
    out <== t + a + 7 * unused_in_a;
}

component main {public [b, sel]} = Mix();
