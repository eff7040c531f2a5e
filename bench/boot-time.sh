#!/usr/bin/env bash
# Boot-time measurement: the boot suite's cases (tests/boot/lib.sh: Debian's kernel, default
# OpenSBI, the project's busybox initramfs) under qemu-system-riscv64 and qelt-system-riscv64,
# alternating, N runs each; prints every run and then the median seconds from start to the
# QELT-BOOT-OK marker and to the emulator's exit, per case and emulator, and the ratio qemu/qelt.
#   bench/boot-time.sh [-n N] [CASE...]      CASE: boot, boot-smp2, boot-disk (default: all)
# Environment: QEMU_SYS (default qemu-system-riscv64), QELT_SYS (default $BUILD/qelt-system-riscv64),
#   BUILD, QELT_CACHE, BOOT_QEMU_OPTS (extra QEMU options, e.g. "-accel tcg,thread=single" for one
#   host thread), BOOT_TIMEOUT (default 300), BOOT_MEM (default 256M).
# A run whose console misses the marker or exits non-zero is reported and left out of the medians.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build}
QEMU_SYS=${QEMU_SYS-qemu-system-riscv64}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
TIMEOUT=${BOOT_TIMEOUT:-300}
MEM=${BOOT_MEM:-256M}
n=3
[ "${1:-}" = -n ] && { n=$2; shift 2; }
cases=${*:-boot boot-smp2 boot-disk}
. "$repo/tests/boot/lib.sh"
boot_material || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

emus=()
[ -n "$QEMU_SYS" ] && command -v "$QEMU_SYS" >/dev/null && emus+=(qemu)
[ -x "$QELT_SYS" ] && emus+=(qelt)
[ ${#emus[@]} -gt 0 ] || { echo "boot-time: neither $QEMU_SYS nor $QELT_SYS found" >&2; exit 1; }
read -ra qemu_opts <<<"${BOOT_QEMU_OPTS:-}"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "boot-time: $n runs per case and emulator; qemu options: ${BOOT_QEMU_OPTS:-none}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $cases; do
	for ((i = 1; i <= n; i++)); do
		for e in "${emus[@]}"; do
			boot_args "$c" "$tmp"
			if [ "$e" = qemu ]; then
				boot_run "$tmp/run.log" "$QEMU_SYS" ${qemu_opts[@]+"${qemu_opts[@]}"} "${BOOT_ARGS[@]}"
			else
				boot_run "$tmp/run.log" "$QELT_SYS" "${BOOT_ARGS[@]}"
			fi
			read -r m x <<<"$(boot_times "$tmp/run.log")"
			st=$(awk '$2 == "EXIT" { print $3 }' "$tmp/run.log")
			if [ "$m" = - ] || [ "$st" != 0 ]; then
				mkdir -p "$BUILD/tests/boot"
				cp "$tmp/run.log" "$BUILD/tests/boot/failed-$c-$e-$i.log"
				echo "  $c $e run $i: FAILED (marker $m, exit status $st; console in $BUILD/tests/boot/failed-$c-$e-$i.log)"
				continue
			fi
			echo "  $c $e run $i: marker $m s, exit $x s"
			echo "$m" >> "$tmp/$c-$e.marker"
			echo "$x" >> "$tmp/$c-$e.exit"
		done
	done
done
printf '%-10s %-5s %12s %12s\n' case emu "marker (s)" "exit (s)"
for c in $cases; do
	for e in "${emus[@]}"; do
		mm=$(median < "$tmp/$c-$e.marker" 2>/dev/null || echo -)
		mx=$(median < "$tmp/$c-$e.exit" 2>/dev/null || echo -)
		printf '%-10s %-5s %12s %12s\n' "$c" "$e" "$mm" "$mx"
		echo "$mm $mx" > "$tmp/$c-$e.med"
	done
	if [ -f "$tmp/$c-qemu.med" ] && [ -f "$tmp/$c-qelt.med" ]; then
		read -r qm qx < "$tmp/$c-qemu.med"; read -r lm lx < "$tmp/$c-qelt.med"
		awk -v c="$c" -v qm="$qm" -v qx="$qx" -v lm="$lm" -v lx="$lx" 'BEGIN {
			if (lm > 0 && lx > 0) printf "%-10s qemu/qelt %7.2fx %11.2fx\n", c, qm / lm, qx / lx }'
	fi
done
