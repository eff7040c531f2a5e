#!/usr/bin/env bash
# User-time A/B of two qelt binaries on one integer-set program (how the per-change numbers in
# docs/PERFORMANCE.md's integer sections were taken): the two run alternately RUNS times, and
# each one's minimum user time (and all of them) is printed. User time is less disturbed than
# wall time by other jobs on a shared machine. Outputs are not checked (bench/run.sh does).
#   bench/ab.sh OLD-QELT NEW-QELT PROGRAM [ARGS...]   e.g. bench/ab.sh /tmp/base build/qelt-riscv64 sha256 6000
#   Environment: BUILD (guest binaries in $BUILD/bench/rv64, built by bench/run.sh), RUNS (5)
set -uo pipefail
export LC_ALL=C
[ $# -ge 3 ] || { echo "usage: bench/ab.sh OLD-QELT NEW-QELT PROGRAM [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${BUILD:-$here/../build}
RUNS=${RUNS:-5}
old=$1 new=$2 prog=$3
shift 3
bin=$BUILD/bench/rv64/$prog
[ -x "$bin" ] || { echo "bench/ab.sh: $bin not built (run bench/run.sh $prog once)" >&2; exit 2; }
utime() { local f; f=$(mktemp); /usr/bin/time -f %U -o "$f" "$@" > /dev/null 2>&1; tail -n 1 "$f"; rm -f "$f"; }
a=() b=()
for _ in $(seq "$RUNS"); do
	a+=("$(utime "$old" "$bin" "$@")")
	b+=("$(utime "$new" "$bin" "$@")")
done
min() { printf '%s\n' "$@" | sort -n | head -n 1; }
echo "$prog $*: old min $(min "${a[@]}") s, new min $(min "${b[@]}") s   (old: ${a[*]} | new: ${b[*]})"
