#!/usr/bin/env bash
# F/D guest suite: cross-compiles tests/guest-fp/*.c (static, rv64gc/lp64d) into
# $BUILD/tests/guest-fp/, runs each under $QELT three times (-fpu host: the host-FPU fast path;
# the same with QELT_FPU_NO_FMA3=1 QELT_FPU_NO_AVX=1: fused multiply-add without the host's FMA3,
# SSE two-operand forms; -fpu soft) and
# under qemu-riscv64 (the oracle, run live), and compares stdout and
# exit status. Each program prints one hash line per instruction; on a mismatch the differing
# ops are rerun with -v to show the first differing case. Prints PASS/FAIL/SKIP lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-riscv64 || true)
outdir=$BUILD/tests/guest-fp
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() {   # run EMU BIN OUT [args...]
	local emu=$1 bin=$2 out=$3; shift 3
	# the outer subshell absorbs the shell's job message for a guest killed by a signal
	( (ulimit -c 0; exec timeout -k 5 120 $emu "$bin" "$@") >"$out" 2>"$out.err" </dev/null
	  exit $? ) 2>/dev/null
	echo "[exit $?]" >>"$out"
}

for src in "$here"/*.c; do
	name=$(basename "$src" .c)
	bin=$outdir/$name
	if ! command -v "$CC" >/dev/null 2>&1 || [ -z "$QEMU" ]; then
		echo "SKIP guest-fp:$name: needs $CC and qemu-riscv64"
		continue
	fi
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		if ! $CC -O2 -static -march=rv64gc -mabi=lp64d -Wall "$src" -o "$bin.tmp" >"$tmp/cc" 2>&1; then
			echo "FAIL guest-fp:$name: cross-compilation failed"
			head -n 8 "$tmp/cc" | sed 's/^/    /'
			continue
		fi
		mv "$bin.tmp" "$bin"
	fi
	if [ ! -x "$QELT" ]; then
		echo "FAIL guest-fp:$name: $QELT not built"
		continue
	fi
	run "$QEMU" "$bin" "$tmp/qemu.out"
	for mode in host host-nofma3 soft; do
		emu="$QELT -fpu ${mode%-nofma3}"
		[ "$mode" = host-nofma3 ] && emu="env QELT_FPU_NO_FMA3=1 QELT_FPU_NO_AVX=1 $emu"
		run "$emu" "$bin" "$tmp/qelt.out"
		if cmp -s "$tmp/qemu.out" "$tmp/qelt.out"; then
			echo "PASS guest-fp:$name:$mode"
			continue
		fi
		echo "FAIL guest-fp:$name:$mode: output differs from qemu-riscv64 (< qemu, > qelt)"
		diff "$tmp/qemu.out" "$tmp/qelt.out" | head -n 8 | sed 's/^/    /'
		head -n 2 "$tmp/qelt.out.err" | sed 's/^/    stderr: /'
		# first differing case of up to 3 differing ops
		diff "$tmp/qemu.out" "$tmp/qelt.out" | sed -n 's/^> \([a-z0-9_]*\) *[0-9a-f]\{16\}$/\1/p' |
			head -n 3 | while read -r op; do
			run "$QEMU" "$bin" "$tmp/q.v" -v "$op"
			run "$emu" "$bin" "$tmp/e.v" -v "$op"
			diff "$tmp/q.v" "$tmp/e.v" | head -n 4 | sed 's/^/    /'
		done
	done
done
