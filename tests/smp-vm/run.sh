#!/usr/bin/env bash
# Multi-hart stress inside the booted Debian image (make check-system; issue 10): stress.c (4
# threads with atomics, a mutex, an LR/SC spinlock, a raw-futex semaphore, fresh code rewritten
# and called on every hart, fork and fork+exec; 60 rounds) is cross-compiled here (dynamic,
# against the guest's glibc), typed into the root shell of tests/debian-vm's image as base64,
# and run REPS times under qelt-system-riscv64 at -smp 1, 2, 4 and 8 (more harts than host
# cores). Each run's line is compared with expected (the same at every hart count); a hang is
# the boot's timeout. Prints "PASS smp-vm:smpN" / "FAIL smp-vm:smpN: why" and, under each PASS,
# the seconds the runs took (measured, never asserted). Outside make check-system one SKIP line.
# Environment: VM_TIMEOUT (s per boot, default 300), SMP_LIST (default "1 2 4 8"), REPS (2).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
TIMEOUT=${VM_TIMEOUT:-300}
MEM=1G
REPS=${REPS:-2}
ROUNDS=60
. "$repo/tests/boot/lib.sh"
boot_suite_start smp-vm || exit 0
[ -x "$QELT_SYS" ] || { echo "SKIP smp-vm:all: $QELT_SYS not built"; exit 0; }
boot_material || exit 0
boot_rootfs smp-vm || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! riscv64-linux-gnu-gcc -O2 -pthread "$here/stress.c" -o "$tmp/stress" 2>"$tmp/cc.log"; then
	echo "FAIL smp-vm:build: $(head -n 1 "$tmp/cc.log")"; exit 0
fi
{
	echo "base64 -d > /tmp/stress <<'B64'"
	base64 "$tmp/stress"
	echo "B64"
	echo "chmod +x /tmp/stress; echo STRESS-START; for i in \$(seq $REPS); do /tmp/stress $ROUNDS; done; echo STRESS-DONE; poweroff -f"
} > "$tmp/typed"
for i in $(seq "$REPS"); do cat "$here/expected"; done > "$tmp/want"

boot_smp() {  # N LOG
	vm_session "$2" "$tmp/typed" "$QELT_SYS" -M virt -m "$MEM" -smp "$1" -nographic -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" -drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 qelt.root"
}
for n in ${SMP_LIST:-1 2 4 8}; do
	log=$tmp/smp$n.log
	boot_smp "$n" "$log"
	# A boot that never reaches the root shell with several harts: OpenSBI 1.1's HSM race (a
	# hart that polls its state while an IPI is pending can see START_PENDING before hart_start
	# has stored the start address, and enters the kernel at its boot entry; diagnosed in
	# docs/MACHINE.md; QEMU 7.2 hangs the same way, tests/boot) is retried once, and says so.
	# qelt's polling WFI closes the race (0 hangs in 100 pinned -smp 4 boots): a note here is a
	# regression to report; the retry stays as a safety net.
	if [ "$n" -gt 1 ] && ! grep -q 'QELT-ROOT-OK' "$log"; then
		echo "    note: -smp $n boot did not reach the root shell (exit $(awk '$2 == "EXIT" { print $3 }' "$log")); retrying once"
		boot_smp "$n" "$log"
	fi
	cut -d' ' -f2- "$log" | grep -E '^stress: ' > "$tmp/got"
	why=
	grep -q ' STRESS-DONE$' "$log" || why="no STRESS-DONE (hang or crash; exit $(awk '$2 == "EXIT" { print $3 }' "$log"))"
	[ -z "$why" ] && ! cmp -s "$tmp/got" "$tmp/want" && why="output differs: $(diff "$tmp/want" "$tmp/got" | grep '^>' | head -n 1)"
	if [ -z "$why" ]; then
		echo "PASS smp-vm:smp$n"
		awk '$2 == "STRESS-START" { s = $1 } $2 == "STRESS-DONE" { d = $1 }
		     END { printf "    time: %d runs %.2f s\n", '"$REPS"', d - s }' "$log"
	else
		echo "FAIL smp-vm:smp$n: $why"
		tail -n 8 "$log" | sed 's/^/    /'
	fi
done
exit 0
