#!/usr/bin/env bash
# Fork and exec suite: vfork's shared memory (vfork.c), fork while other guest threads run (the child must not inherit a qelt
# lock held by a thread it does not have), fork from a thread, threads and flushes in the
# child, the same under a plugin, execveat/fexecve, and a randomized threads + fork + signals
# stress run. Each tests/fork/NAME.c is cross-compiled (static, rv64gc) and also built for the
# host: the host kernel running the native build is the oracle (qemu-riscv64 7.2 is none here:
# it aborts when a forked child starts threads, and without a binfmt_misc entry it cannot
# execveat a RISC-V program). Both run in a scratch directory under `timeout`, so a deadlock
# is a FAIL, not a hung suite; stdout plus the exit status must match.
# Prints "PASS fork:CASE", "FAIL fork:CASE: why" or "SKIP fork:CASE: why".
# Usage: run.sh [CASE...] (default: all). Works from any cwd.
# QELT_SLOW=1 (make check-slow) adds the long stress runs: STRESS_ROUNDS rounds (default 3000)
# for each of three random seeds (printed, to replay one: stress ROUNDS SEED), and 1000
# rounds under the libinsn plugin.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)
QELT=${QELT:-$BUILD/qelt-riscv64}
case $QELT in */*) QELT=$(cd "$(dirname "$QELT")" 2>/dev/null && pwd)/$(basename "$QELT") ;; esac
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
HOSTCC=${HOSTCC:-cc}
TIMEOUT=${FORK_TIMEOUT:-60}
PLUGIN=$BUILD/contrib/plugins/libinsn.so
outdir=$BUILD/tests/fork
mkdir -p "$outdir"
sel=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() {  # build NAME: $outdir/NAME (riscv64) and $outdir/NAME.host; the log on failure
	local src=$here/$1.c bin=$outdir/$1
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		$CC -O2 -static -march=rv64gc -mabi=lp64d -Wall -o "$bin" "$src" -lpthread 2>&1 || return 1
	fi
	if [ ! -x "$bin.host" ] || [ "$src" -nt "$bin.host" ]; then
		$HOSTCC -O2 -Wall -pthread -o "$bin.host" "$src" 2>&1 || return 1
	fi
}

run() {  # run OUT CMD...: stdout + "[exit N]" into OUT, stderr into OUT.err, in a scratch dir
	local out=$1 dir rc pid
	shift
	dir=$(mktemp -d)
	( cd "$dir" && ulimit -c 0 && exec timeout -k 5 "$TIMEOUT" env -i LC_ALL=C PATH=/usr/bin:/bin "$@" ) \
		>"$out" 2>"$out.err" </dev/null &
	pid=$!
	wait $pid
	rc=$?
	# timeout leads its own process group: end what a hang left there (a deadlocked child
	# does not die of timeout's SIGTERM once its parent has).
	kill -KILL -- -$pid 2>/dev/null
	rm -rf "$dir"
	[ $rc -eq 124 ] || [ $rc -eq 137 ] && echo "[timed out after ${TIMEOUT}s: hang]" >>"$out"
	echo "[exit $rc]" >>"$out"
}

check() {  # check CASE NAME [QELT-OPTIONS... --] [ARGS...]
	local case=$1 name=$2 log
	shift 2
	[ ${#sel[@]} -eq 0 ] || [[ " ${sel[*]} " == *" $case "* ]] || return 0
	local qopts=()
	if [[ " $* " == *" -- "* ]]; then
		while [ "$1" != -- ]; do qopts+=("$1"); shift; done
		shift
	fi
	if ! command -v "$CC" >/dev/null 2>&1; then echo "SKIP fork:$case: $CC not installed"; return; fi
	if ! log=$(build "$name"); then
		echo "FAIL fork:$case: compilation failed"
		printf '%s\n' "$log" | head -n 8 | sed 's/^/    /'
		return
	fi
	if [ ! -x "$QELT" ]; then echo "FAIL fork:$case: $QELT not built"; return; fi
	run "$tmp/host.out" "$outdir/$name.host" "$@"
	run "$tmp/qelt.out" "$QELT" "${qopts[@]}" "$outdir/$name" "$@"
	if cmp -s "$tmp/host.out" "$tmp/qelt.out"; then
		echo "PASS fork:$case"
	else
		echo "FAIL fork:$case: output differs from the host kernel's (< host, > qelt)"
		diff "$tmp/host.out" "$tmp/qelt.out" | head -n 12 | sed 's/^/    /'
		head -n 3 "$tmp/qelt.out.err" | sed 's/^/    stderr: /'
	fi
}

check forkloop forkloop 200
check forkloop-plugin forkloop -plugin "$PLUGIN" -- 100
check forkloop-plugin-inline forkloop -plugin "$PLUGIN,inline=on" -- 100
check threadfork threadfork 30
check threadfork-plugin threadfork -plugin "$PLUGIN" -- 20
check execveat execveat
check execveat-plugin execveat -plugin "$PLUGIN" --
check vfork vfork
check vfork-plugin vfork -plugin "$PLUGIN" --
check closefrom closefrom
# ... and qelt's -D log is still there for what the guest does after its close_range.
if [ -x "$outdir/closefrom" ] && [ -x "$QELT" ] && ([ ${#sel[@]} -eq 0 ] || [[ " ${sel[*]} " == *" closefrom-log "* ]]); then
	(cd "$tmp" && timeout "$TIMEOUT" "$QELT" -strace -D "$tmp/strace.log" "$outdir/closefrom" >/dev/null 2>&1)
	if grep -q 'exit_group(0)' "$tmp/strace.log" 2>/dev/null; then echo "PASS fork:closefrom-log"
	else echo "FAIL fork:closefrom-log: the -D log lost what came after the guest's close_range: $(tail -n 2 "$tmp/strace.log" 2>/dev/null | tr '\n' ';')"; fi
fi
check stress stress 150 1
if [ "${QELT_SLOW:-}" = 1 ]; then
	for i in 1 2 3; do
		seed=$(( (RANDOM << 15 | RANDOM) + i ))
		check "stress-slow-seed-$seed" stress "${STRESS_ROUNDS:-3000}" "$seed"
	done
	check "stress-slow-plugin-seed-$seed" stress -plugin "$PLUGIN,inline=on" -- 1000 "$seed"
fi
