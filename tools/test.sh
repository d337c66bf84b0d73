#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing (tools/setup.sh), builds everything, runs every
# test with Bazel and prints one closing line "N passed, N failed, N skipped" counted from Bazel's
# test results (bazel-testlogs/**/test.xml), per test case.
# Extra arguments go to `bazel test` (e.g. a narrower target pattern than //...).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash tools/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

# Official vectors live beside the repository (../shared/vectors) unless ENTANGLE_VECTORS says otherwise.
if [ -z "${ENTANGLE_VECTORS:-}" ] && [ -d "$ROOT/../shared/vectors" ]; then
  export ENTANGLE_VECTORS="$(cd "$ROOT/../shared/vectors" && pwd)"
fi
if [ -z "${ENTANGLE_VECTORS:-}" ]; then
  echo "*** WARNING: no official test vectors found (../shared/vectors or ENTANGLE_VECTORS);"
  echo "*** conformance tests will report themselves as SKIPPED."
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(//...)
log="$(mktemp)"
bazel test --keep_going "${targets[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

python3 - "$ROOT/bazel-testlogs" "$log" "$status" <<'PY'
import os, re, sys
import xml.etree.ElementTree as ET

logs, bazel_log, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Only the test targets of this invocation count (a stale test.xml of a deleted target does not).
text = open(bazel_log, errors="replace").read()
targets = {}
for m in re.finditer(r"^(//\S+)\s+(\(cached\) )?(PASSED|FAILED|FLAKY|TIMEOUT|NO STATUS|FAILED TO BUILD|SKIPPED)\b",
                     text, re.M):
    targets[m.group(1)] = m.group(3)
passed = failed = skipped = 0
failed_names = []
for target, result in sorted(targets.items()):
    path = os.path.join(logs, target[2:].replace(":", "/"), "test.xml")
    cases = []
    if result in ("PASSED", "FAILED", "FLAKY", "TIMEOUT") and os.path.exists(path):
        try:
            cases = list(ET.parse(path).getroot().iter("testcase"))
        except ET.ParseError:
            cases = []
    if not cases:
        if result in ("PASSED", "FLAKY"):
            passed += 1
        else:
            failed += 1
            failed_names.append(f"{target} ({result})")
        continue
    for c in cases:
        if c.find("failure") is not None or c.find("error") is not None:
            failed += 1
            failed_names.append(f"{target} {c.get('classname', '')}.{c.get('name', '')}")
        elif c.find("skipped") is not None or c.get("result") == "skipped" or c.get("status") == "notrun":
            skipped += 1
        else:
            passed += 1
    if result in ("FAILED", "TIMEOUT") and not any(
            c.find("failure") is not None or c.find("error") is not None for c in cases):
        failed += 1  # the binary failed outside any test case (crash, timeout, exit code)
        failed_names.append(f"{target} ({result})")
if status != 0 and failed == 0:
    failed += 1  # bazel itself failed (e.g. a build error outside any test target)
    failed_names.append(f"bazel test exited with {status}")
for name in failed_names:
    print("FAILED:", name)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
