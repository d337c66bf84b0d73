#!/usr/bin/env bash
# Go conformance: seven Go programs (goroutines+channels+WaitGroup, maps+encoding/json, math/big,
# defer/panic/recover, a GC-heavy loop, reading stdin, recovered nil-pointer and divide-by-zero
# panics) built at test time for the host, mips and mipsle (GOMIPS=softfloat), one `go build` per
# target for all seven. Under `entangle run` each must print byte-identical stdout and stderr and
# exit with the same code as the native build.
set -uo pipefail
ENTANGLE="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SRC="$(cd "$(dirname "$2")" && pwd)"
WORK="${TEST_TMPDIR:-$(mktemp -d)}/go"
mkdir -p "$WORK"
export HOME="$WORK" GOCACHE="$WORK/cache" GOPROXY=off GOFLAGS=-mod=mod CGO_ENABLED=0
cp -r "$SRC" "$WORK/src"
cd "$WORK/src"
go build -trimpath -o "$WORK/native/" ./... &
GOARCH=mips GOMIPS=softfloat go build -trimpath -o "$WORK/mips/" ./... &
GOARCH=mipsle GOMIPS=softfloat go build -trimpath -o "$WORK/mipsle/" ./... &
wait || true
printf 'hello world\nthe quick brown fox\n\nlast line here\n' > "$WORK/input.txt"
fail=0
for prog in goroutines jsonmap bigmath panics gcheavy stdin signals; do
  "$WORK/native/$prog" < "$WORK/input.txt" > "$WORK/n.out" 2> "$WORK/n.err"
  want=$?
  for arch in mips mipsle; do
    "$ENTANGLE" run "$WORK/$arch/$prog" --input "$WORK/input.txt" > "$WORK/v.out" 2> "$WORK/v.err"
    got=$?
    if [ "$want" != "$got" ] || ! cmp -s "$WORK/n.out" "$WORK/v.out" || ! cmp -s "$WORK/n.err" "$WORK/v.err"; then
      echo "FAIL $prog ($arch): exit $got, want $want"
      diff "$WORK/n.out" "$WORK/v.out" | head -5
      head -c 400 "$WORK/v.err"
      fail=1
    else
      echo "ok   $prog ($arch): exit $got, $(wc -c < "$WORK/v.out") bytes of stdout"
    fi
  done
done
# A program run without its input exits with its own code (4) through `entangle run`.
"$ENTANGLE" run "$WORK/mipsle/stdin" > /dev/null; rc=$?
[ "$rc" = 4 ] || { echo "FAIL stdin without input: exit $rc, want 4"; fail=1; }
exit $fail
