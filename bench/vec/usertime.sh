#!/usr/bin/env bash
# The vector column's bar measured in user time instead of wall time: for each kernel of
# bench/vec/kernels.txt at its full size, the rv64gc build under $QELT and the rv64gcv build
# under $QELT -cpu rv64,v=true are run alternately RUNS times; the minimum user time of each
# and their ratio are printed, then the geomean of gcv/gc (the bar of issue 12: below 1).
# User time is less disturbed than wall time by other jobs on a shared machine. Outputs are
# not checked here (bench/vec/run.sh does that); the binaries must have been built by it.
#   bench/vec/usertime.sh            Environment: QELT, BUILD, RUNS (default 3)
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
RUNS=${RUNS:-3}
utime() { local f; f=$(mktemp); /usr/bin/time -f %U -o "$f" "$@" > /dev/null 2>&1; tail -n 1 "$f"; rm -f "$f"; }
grep -v '^#' "$here/kernels.txt" | while read -r name _ full _; do
	[ -n "$name" ] && [ -x "$BUILD/bench/vec/gc/$name" ] && [ -x "$BUILD/bench/vec/gcv/$name" ] || continue
	gc=999 gv=999
	for _ in $(seq "$RUNS"); do
		gc=$(awk -v a="$(utime "$QELT" "$BUILD/bench/vec/gc/$name" "$full")" -v b="$gc" 'BEGIN { print (a < b ? a : b) }')
		gv=$(awk -v a="$(utime "$QELT" -cpu rv64,v=true "$BUILD/bench/vec/gcv/$name" "$full")" -v b="$gv" 'BEGIN { print (a < b ? a : b) }')
	done
	awk -v n="$name" -v c="$gc" -v v="$gv" 'BEGIN { printf "%-10s gc %6.2f gcv %6.2f gcv/gc %5.2f\n", n, c, v, v / c }'
done | awk '{ print; s += log($7); n++ } END { if (n) printf "geomean gcv/gc %.3f over %d kernels\n", exp(s / n), n }'
