"""entangle_fuzz_test(): a libFuzzer target that also runs as a deterministic test."""

def entangle_fuzz_test(name, srcs, deps = [], seeds = [], iterations = 20000, **kwargs):
    """`srcs` define LLVMFuzzerTestOneInput. `seeds`: files or folders fed first and mutated.

    Default toolchain: linked with //tools/fuzz:driver and run as a small cc_test.
    `bazel build --config=libfuzzer //pkg:name` builds the same target with clang's libFuzzer,
    ASan and UBSan for coverage-guided fuzzing (see tools/fuzz/README.md).
    """
    native.cc_test(
        name = name,
        srcs = srcs,
        deps = deps + select({
            "//tools/fuzz:libfuzzer": [],
            "//conditions:default": ["//tools/fuzz:driver"],
        }),
        args = ["$(location %s)" % s for s in seeds],
        data = seeds,
        env = {"FUZZ_ITERATIONS": str(iterations)},
        size = kwargs.pop("size", "small"),
        **kwargs
    )
