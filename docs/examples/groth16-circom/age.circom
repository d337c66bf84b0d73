pragma circom 2.0.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/comparators.circom";

// "I know an age and a salt whose Poseidon hash is `commitment`, and the age is at least
// `min_age`": commitment and min_age are public, age and salt stay private.
template AgeAtLeast() {
    signal input age;
    signal input salt;
    signal input min_age;
    signal output commitment;

    component h = Poseidon(2);
    h.inputs[0] <== age;
    h.inputs[1] <== salt;
    commitment <== h.out;

    // 8-bit comparison: age and min_age must fit in 8 bits (LessThan range-checks its inputs' sum).
    component old_enough = GreaterEqThan(8);
    old_enough.in[0] <== age;
    old_enough.in[1] <== min_age;
    old_enough.out === 1;
}

component main {public [min_age]} = AgeAtLeast();
