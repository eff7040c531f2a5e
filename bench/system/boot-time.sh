#!/usr/bin/env bash
# Boot time, qelt-system-riscv64 vs qemu-system-riscv64 (one host thread: -accel
# tcg,thread=single), same kernel, initramfs and firmware: seconds from start to the line
# QELT-BOOT-OK that the initramfs's /init prints, and to the emulator's exit (poweroff).
# Usage: bench/system/boot-time.sh KERNEL INITRD [REPS] (the boot suite's initramfs:
# tests/boot/run.sh builds it with scripts/make-initramfs.sh).
set -u
kernel=$1 initrd=$2 reps=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS:-$(command -v qemu-system-riscv64)}
one() {   # one NAME EMULATOR [extra args]
	local name=$1 emu=$2; shift 2
	local t0 t1 t2
	t0=$(date +%s.%N)
	t1=
	while IFS= read -r line; do
		case "$line" in *QELT-BOOT-OK*) [ -z "$t1" ] && t1=$(date +%s.%N);; esac
	done < <(timeout 300 "$emu" -M virt -m 256M -nographic -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0" "$@" 2>&1)
	t2=$(date +%s.%N)
	echo "$name marker $(echo "${t1:-$t2} - $t0" | bc) exit $(echo "$t2 - $t0" | bc)"
}
for r in $(seq "$reps"); do
	one qelt "$QELT_SYS"
	one qemu "$QEMU_SYS" -accel tcg,thread=single
done
