#!/usr/bin/env bash
# How often a multi-hart boot of the Debian image hangs (the OpenSBI 1.1 hart-start race,
# docs/MACHINE.md): boots tests/smp-vm's configuration (Debian's kernel and OpenSBI, the boot
# suite's initramfs switching root into tests/debian-vm's image) RUNS times at -smp SMP under
# $QELT_SYS, each until the QELT-ROOT-OK marker or LIMIT seconds, and prints one character per
# boot ("." reached the shell, "H" hung) and the count. FAST=1 boots the initramfs alone (no
# `quiet`) and stops at the kernel's "smp: Brought up" line, all harts being started then (about
# 1 s a boot instead of 10). PIN=CPUS runs the emulator under `taskset -c CPUS`: with PIN=0 the
# hart threads time-share one host CPU, so one is often descheduled inside the race's window
# (the reproducer: 1 hang in about 40 -smp 4 boots before the polling WFI, none in 100 after).
# Usage: bench/system/boot-hangs.sh [RUNS [SMP]]   (default 30 boots at -smp 2)
# Environment: QELT_CACHE, QELT_SYS, LIMIT (s, default 40), EXTRA (more kernel arguments),
# FAST, PIN.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
LIMIT=${LIMIT:-40}
runs=${1:-30} smp=${2:-2}
. "$repo/tests/boot/lib.sh"
boot_material || exit 1
pin=()
[ -n "${PIN:-}" ] && pin=(taskset -c "$PIN")
if [ "${FAST:-0}" = 1 ]; then
	mark="smp: Brought up"
	args=(-append "console=ttyS0 panic=-1 ${EXTRA:-}")
else
	boot_rootfs boot-hangs || exit 1
	mark=QELT-ROOT-OK
	args=(-drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on"
		-append "console=ttyS0 quiet panic=-1 qelt.root ${EXTRA:-}")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hung=0
for i in $(seq "$runs"); do
	${pin[@]+"${pin[@]}"} "$QELT_SYS" -M virt -m 1G -smp "$smp" -nographic -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" "${args[@]}" </dev/null >"$tmp/log" 2>&1 &
	pid=$! ok=0
	for _ in $(seq $((LIMIT * 10))); do
		grep -q "$mark" "$tmp/log" && { ok=1; break; }
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	if [ $ok = 1 ]; then printf .; else printf H; hung=$((hung + 1)); fi
done
echo
echo "boot-hangs: $hung of $runs boots at -smp $smp${PIN:+ (pinned to CPU $PIN)} did not reach \"$mark\" within ${LIMIT}s"
