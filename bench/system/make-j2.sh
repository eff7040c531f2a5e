#!/usr/bin/env bash
# Issue 10's measurement: a parallel `make -j2` of a C project with the guest's own gcc inside the
# booted Debian image (tests/debian-vm's rootfs from scripts/make-rootfs.sh, Debian's kernel and
# OpenSBI, the boot suite's initramfs switching root into the disk), at -smp 1 and -smp 2, under
# qelt-system-riscv64 and qemu-system-riscv64 (MTTCG) with the same kernel, image and firmware,
# in one run. The project: NFILES C files of 40 functions each including stdio/stdlib/string
# (generated in the guest by a typed python3 script), compiled with gcc -O2 by make -j2 in /tmp.
# The time is the host's wall clock between the guest's MAKE-START and MAKE-DONE console lines
# (boot excluded); each run must end with all NFILES objects built.
# Usage: bench/system/make-j2.sh [REPEATS]   (best of REPEATS runs each, default 1)
# Environment: QELT_CACHE (kernel and packages), NFILES (default 8), QEMU_SYS ('' skips QEMU),
# VM_TIMEOUT (s per boot, default 900).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
TIMEOUT=${VM_TIMEOUT:-900}
MEM=1G
NFILES=${NFILES:-8}
reps=${1:-1}
. "$repo/tests/boot/lib.sh"
boot_material || exit 1
boot_rootfs make-j2 || exit 1
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "make-j2: logs in $tmp" >&2 || trap 'rm -rf "$tmp"' EXIT

# What is typed into the guest's root shell.
cat > "$tmp/typed" <<EOF
cat > /tmp/gen.py <<'PY'
import os
os.makedirs('/tmp/p', exist_ok=True)
N = $NFILES
for i in range(N):
    with open('/tmp/p/f%d.c' % i, 'w') as f:
        f.write('#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n')
        for j in range(40):
            f.write('int f%d_%d(int x, char *b) { int s = %d; for (int k = 0; k < x; k++) { s += k * %d ^ (s >> 3); if (s & %d) s -= k; switch (k & 7) { case 1: s ^= b[k & 15]; break; case 3: s += strlen(b); break; default: s *= 3; } } snprintf(b, 16, "%%d", s); return s + atoi(b); }\n' % (i, j, j, j + 1, j * 2 + 1))
with open('/tmp/p/Makefile', 'w') as f:
    f.write('OBJ = ' + ' '.join('f%d.o' % i for i in range(N)) + '\nall: \$(OBJ)\n%.o: %.c\n\tgcc -O2 -c \$< -o \$@\n')
PY
python3 /tmp/gen.py && cd /tmp/p && echo MAKE-START && make -s -j2 && echo MAKE-DONE \$(ls *.o | wc -l); poweroff -f
EOF

# one EMULATOR SMP: seconds of the make, or "-" (and the log's tail on stderr) when it failed.
one() {
	local log=$tmp/run.log t
	vm_session "$log" "$tmp/typed" "$1" -M virt -m "$MEM" -smp "$2" -nographic -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" -drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 qelt.root"
	t=$(awk -v n="$NFILES" '$2 == "MAKE-START" && NF == 2 { s = $1 }
		$2 == "MAKE-DONE" && $3 == n { d = $1 } END { if (s != "" && d != "") printf "%.2f", d - s }' "$log")
	if [ -z "$t" ]; then
		echo "make-j2: $1 -smp $2 failed:" >&2
		tail -n 8 "$log" >&2
		t=-
	fi
	echo "$t"
}

best() {   # EMULATOR SMP: best of $reps
	local b=- t
	for _ in $(seq "$reps"); do
		t=$(one "$@")
		if [ "$t" != - ] && { [ "$b" = - ] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; }; then
			b=$t
		fi
	done
	echo "$b"
}

printf '%-22s %8s %8s %8s\n' emulator smp1 smp2 speedup
for emu in qelt qemu; do
	case $emu in
	qelt) cmd=$QELT_SYS ;;
	qemu) [ -n "$QEMU_SYS" ] || continue; cmd=$QEMU_SYS ;;
	esac
	t1=$(best "$cmd" 1)
	t2=$(best "$cmd" 2)
	printf '%-22s %8s %8s %8s\n' "$emu" "$t1" "$t2" \
		"$(awk -v a="$t1" -v b="$t2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "-" }')"
done
