#!/usr/bin/env bash
# Soft-TLB sizing measurement (docs/PERFORMANCE.md): boots Debian's kernel (scripts/fetch-debian.sh
# linux-image-riscv64, QELT_CACHE) with an initramfs whose /init is bench/system/tlbwalk.c, once
# per sizing policy (QELT_TLB = min, max, dynamic, and unset = dynamic with history), REPS times
# each, and prints the phases' times. Usage: bench/system/tlb-sizing.sh [REPS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
reps=${1:-3}
out=$BUILD/bench/system
mkdir -p "$out/root/dev"
kernel=$(ls "${QELT_CACHE:-$repo/cache}"/debian/linux-image-*-riscv64/boot/vmlinux-* 2>/dev/null | head -n 1)
if [ -z "$kernel" ]; then
	QELT_CACHE=${QELT_CACHE:-$repo/cache} "$repo/scripts/fetch-debian.sh" linux-image-riscv64 >/dev/null
	kernel=$(ls "${QELT_CACHE:-$repo/cache}"/debian/linux-image-*-riscv64/boot/vmlinux-* | head -n 1)
fi
riscv64-linux-gnu-gcc -O2 -static -o "$out/root/init" "$here/tlbwalk.c"
[ -e "$out/root/dev/console" ] || mknod "$out/root/dev/console" c 5 1
(cd "$out/root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) > "$out/initrd.gz"
for pol in min max dynamic history; do
	for r in $(seq "$reps"); do
		log=$(if [ $pol = history ]; then env -u QELT_TLB "$QELT_SYS" -M virt -m 256M -nographic \
			-kernel "$kernel" -initrd "$out/initrd.gz" -append "console=ttyS0 quiet" -d stats 2>&1
		else QELT_TLB=$pol "$QELT_SYS" -M virt -m 256M -nographic \
			-kernel "$kernel" -initrd "$out/initrd.gz" -append "console=ttyS0 quiet" -d stats 2>&1; fi)
		alone=$(echo "$log" | awk '/TLBWALK alone/ { print $3 }')
		pp=$(echo "$log" | awk '/TLBWALK pingpong/ { print $3 }')
		tlb=$(echo "$log" | grep -o 'resizes, entries.*' | head -n 1)
		echo "$pol alone $alone pingpong $pp ($tlb)"
	done
done
