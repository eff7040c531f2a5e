#!/usr/bin/env bash
# The integer benchmark set (bench/programs.txt, its self-contained `src` programs) inside the
# booted full-system guest, qelt-system-riscv64 vs qemu-system-riscv64 (-accel tcg,thread=single),
# and the same binaries under qelt-riscv64 (user mode): soft-MMU overhead = in-guest time over
# user-mode time. Kernel: Debian's (QELT_CACHE); initramfs: bench/system/runner.c as /init.
# Usage: bench/system/in-guest.sh [REPS]   Prints one line per program and emulator.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QELT=${QELT:-$BUILD/qelt-riscv64}
QEMU_SYS=${QEMU_SYS:-$(command -v qemu-system-riscv64)}
reps=${1:-1}
kernel=$(ls "${QELT_CACHE:-$repo/cache}"/debian/linux-image-*-riscv64/boot/vmlinux-* | head -n 1)
names=$(awk '!/^#/ && $2 == "src" { print $1 }' "$repo/bench/programs.txt")
"$repo/bench/build.sh" rv64 $names >/dev/null
out=$BUILD/bench/system/guest
rm -rf "$out"
mkdir -p "$out/root/bin" "$out/root/dev"
riscv64-linux-gnu-gcc -O2 -static -o "$out/root/init" "$here/runner.c"
mknod "$out/root/dev/console" c 5 1
mknod "$out/root/dev/null" c 1 3
: > "$out/root/bench.txt"
for n in $names; do
	cp "$BUILD/bench/rv64/$n" "$out/root/bin/"
	size=$(awk -v n="$n" '$1 == n { print $3 }' "$repo/bench/programs.txt")
	echo "$n $size" >> "$out/root/bench.txt"
done
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) > "$out/initrd.gz"
for r in $(seq "$reps"); do
	for emu in qelt qemu; do
		if [ $emu = qelt ]; then bin=$QELT_SYS; extra=; else bin=$QEMU_SYS; extra="-accel tcg,thread=single"; fi
		"$bin" -M virt -m 512M -nographic -kernel "$kernel" -initrd "$out/initrd.gz" \
			-append "console=ttyS0 quiet" $extra 2>&1 | awk -v e=$emu '/^BENCH [a-z]/ && $2 != "done" { print e "-system", $3 > "/dev/stderr"; print e "-system", $2, $3 }'
	done 2>/dev/null
	for n in $names; do
		size=$(awk -v n="$n" '$1 == n { print $3 }' "$repo/bench/programs.txt")
		t0=$(date +%s.%N)
		"$QELT" "$BUILD/bench/rv64/$n" "$size" >/dev/null
		echo "qelt-user $n $(echo "$(date +%s.%N) - $t0" | bc)"
	done
done
