pragma circom 2.0.0;

// c = a * b with a, b private and c public, plus a public input d constrained by d * d == e.
template Multiplier() {
    signal input a;
    signal input b;
    signal input d;
    signal output c;
    signal output e;
    c <== a * b;
    e <== d * d;
}

component main {public [d]} = Multiplier();
