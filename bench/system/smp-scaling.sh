#!/usr/bin/env bash
# Thread-per-hart scaling (issue 10): wall time of a compute-bound and a translation-heavy
# bare-metal workload (bench/system/par.S) with the same total work on 1 hart (-smp 1) and split
# over 2 harts (-smp 2), under qelt-system-riscv64 (one host thread per hart, and with
# -accel tcg,thread=single for comparison) and qemu-system-riscv64 (MTTCG) when installed.
# Usage: bench/system/smp-scaling.sh [REPEATS]   (best of REPEATS runs, default 3)
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
reps=${1:-3}
out=$BUILD/bench/system
mkdir -p "$out"
. "$repo/tests/system/lib/common.sh"
for jit in 0 1; do for nh in 1 2; do
	$SYS_CC $SYS_FLAGS -DNH=$nh -DJIT=$jit "$repo/bench/system/par.S" "$repo/tests/system/lib/rt.S" \
		-o "$out/par-$jit-$nh.elf" 2>/dev/null || exit 1
done; done
best() {   # best wall time (s) of $reps runs of the command
	local b= t s e
	for _ in $(seq "$reps"); do
		s=$(date +%s.%N)
		"$@" </dev/null >/dev/null 2>&1
		e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.2f", e - s}')
		if [ -z "$b" ] || awk -v a="$t" -v b="$b" 'BEGIN{exit !(a<b)}'; then b=$t; fi
	done
	echo "$b"
}
printf '%-22s %-10s %8s %8s %8s\n' emulator workload smp1 smp2 speedup
for emu in qelt qelt-single qemu; do
	case $emu in
	qelt) cmd=("$QELT_SYS") ;;
	qelt-single) cmd=("$QELT_SYS" -accel tcg,thread=single) ;;
	qemu) [ -n "$QEMU_SYS" ] || continue; cmd=("$QEMU_SYS") ;;
	esac
	for jit in 0 1; do
		w=$([ $jit = 1 ] && echo translate || echo compute)
		t1=$(best "${cmd[@]}" -M virt -bios none -nographic -m 128M -smp 1 -kernel "$out/par-$jit-1.elf")
		t2=$(best "${cmd[@]}" -M virt -bios none -nographic -m 128M -smp 2 -kernel "$out/par-$jit-2.elf")
		printf '%-22s %-10s %8s %8s %8s\n' "$emu" "$w" "$t1" "$t2" "$(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.2fx", a/b}')"
	done
done
