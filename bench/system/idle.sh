#!/usr/bin/env bash
# Host CPU an idle guest costs (issue 10: WFI sleeps the hart's host thread): boots tests/debian-vm's
# Debian image to its root shell at -smp HARTS, waits SETTLE seconds, then samples the emulator's
# host CPU time (utime + stime from /proc) over PERIOD seconds of the guest sitting at the shell
# prompt, and prints it as a percentage of one host core. Under qelt-system-riscv64 and, when
# installed, qemu-system-riscv64 (same kernel, image, firmware).
# Usage: bench/system/idle.sh [HARTS [PERIOD]]   (defaults 8 and 20)
# Environment: QELT_CACHE, SETTLE (s after the root shell's marker, default 10), QEMU_SYS.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
HARTS=${1:-8}
PERIOD=${2:-20}
SETTLE=${SETTLE:-10}
TIMEOUT=$((SETTLE + PERIOD + 300))
. "$repo/tests/boot/lib.sh"
boot_material || exit 1
boot_rootfs idle || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ticks=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }

one() {   # EMULATOR: percent of one core over PERIOD
	local log=$tmp/log pid t0 t1 i
	: > "$log"
	mkfifo "$tmp/in"
	"$1" -M virt -m 1G -smp "$HARTS" -nographic -no-reboot -kernel "$KERNEL" -initrd "$INITRD" \
		-drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 qelt.root" < "$tmp/in" > "$log" 2>&1 &
	pid=$!
	exec 8>"$tmp/in"
	for i in $(seq $((TIMEOUT * 10))); do
		grep -q QELT-ROOT-OK "$log" && break
		sleep 0.1
	done
	sleep "$SETTLE"
	t0=$(cpu_ticks $pid)
	sleep "$PERIOD"
	t1=$(cpu_ticks $pid)
	echo 'poweroff -f' >&8
	exec 8>&-
	sleep 2
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$tmp/in"
	if [ -z "$t0" ] || [ -z "$t1" ]; then echo -; return; fi
	awk -v a="$t0" -v b="$t1" -v hz="$ticks" -v p="$PERIOD" 'BEGIN { printf "%.1f%%", (b - a) / hz / p * 100 }'
}

printf 'idle guest at -smp %s, host CPU over %s s (percent of one core):\n' "$HARTS" "$PERIOD"
printf '  %-22s %s\n' qelt "$(one "$QELT_SYS")"
[ -n "$QEMU_SYS" ] && printf '  %-22s %s\n' qemu-system-riscv64 "$(one "$QEMU_SYS")"
exit 0
