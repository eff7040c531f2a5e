#!/usr/bin/env bash
# Guest signal suite: cross-compiles each tests/signals/NAME.c (static glibc, rv64gc) into
# $BUILD/tests/signals/, runs it under qelt and under qemu-riscv64 (the oracle) and compares
# stdout plus the exit status. Where qemu-riscv64 7.2 is known to differ from the Linux kernel,
# NAME.expected holds the kernel's result instead (the deviations are listed in NAME.c's
# header comment) and qelt is compared with that. NAME_v.c tests are built for rv64gcv and both
# emulators run them with -cpu rv64,v=true,vlen=128. Prints "PASS signals:NAME", "FAIL signals:NAME: why" (with a
# diff excerpt) or "SKIP signals:NAME: why". Usage: run.sh [NAME...]. Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-riscv64 || true)
TIMEOUT=${SIGNALS_TIMEOUT:-20}
outdir=$BUILD/tests/signals
mkdir -p "$outdir"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$here"/*.c; do names+=("$(basename "${f%.c}")"); done
fi

run() {  # run EMU BIN OUT: stdout + "[exit N]" into OUT, stderr into OUT.err
	local dir rc
	dir=$(mktemp -d)
	( ( cd "$dir" && ulimit -c 0 && exec timeout -k 5 "$TIMEOUT" env -i LC_ALL=C "$1" $cpu_opt "$2" ) \
		>"$3" 2>"$3.err" </dev/null; exit $? ) 2>/dev/null
	rc=$?
	rm -rf "$dir"
	echo "[exit $rc]" >>"$3"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${names[@]}"; do
	if ! command -v "$CC" >/dev/null 2>&1; then echo "SKIP signals:$n: $CC not installed"; continue; fi
	if [ -z "$QEMU" ] && [ ! -f "$here/$n.expected" ]; then echo "SKIP signals:$n: qemu-riscv64 not installed"; continue; fi
	bin=$outdir/$n
	march=rv64gc cpu_opt=
	case $n in *_v) march=rv64gcv cpu_opt="-cpu rv64,v=true,vlen=128" ;; esac
	if [ ! -x "$bin" ] || [ "$here/$n.c" -nt "$bin" ]; then
		if ! log=$($CC -O2 -static -march=$march -mabi=lp64d -pthread -Wall -o "$bin" "$here/$n.c" -lm 2>&1); then
			echo "FAIL signals:$n: cross-compilation failed"
			printf '%s\n' "$log" | head -n 8 | sed 's/^/    /'
			continue
		fi
	fi
	if [ ! -x "$QELT" ]; then echo "FAIL signals:$n: $QELT not built"; continue; fi
	ref=qemu-riscv64
	if [ -f "$here/$n.expected" ]; then
		cp "$here/$n.expected" "$tmp/qemu.out"
		ref=$n.expected
	else
		run "$QEMU" "$bin" "$tmp/qemu.out"
	fi
	run "$QELT" "$bin" "$tmp/qelt.out"
	if cmp -s "$tmp/qemu.out" "$tmp/qelt.out"; then
		echo "PASS signals:$n"
	else
		echo "FAIL signals:$n: output differs from $ref (< $ref, > qelt)"
		diff "$tmp/qemu.out" "$tmp/qelt.out" | head -n 12 | sed 's/^/    /'
		head -n 3 "$tmp/qelt.out.err" | sed 's/^/    stderr: /'
	fi
done
