#!/usr/bin/env bash
# Boot suite (make check-system): Debian trixie's riscv64 kernel (scripts/fetch-kernel.sh) with the
# default OpenSBI and the project's busybox initramfs (scripts/make-initramfs.sh) boots to /init,
# which prints QELT-BOOT-OK, a few "cmd-NAME: output" lines checked here, QELT-BOOT-DONE, and powers
# off (exit status 0). Cases, each under qemu-system-riscv64 (the reference) and under $QELT_SYS
# (default $BUILD/qelt-system-riscv64; SKIP lines when it is not built):
#   boot        1 hart
#   boot-smp2   -smp 2 (both harts online: cmd-cpus: 2)
#   boot-smp4   -smp 4 (four harts, each on its own host thread in qelt)
#   boot-disk   + a small ext4 image (scripts/make-disk.sh) on virtio-blk: modules loaded, /dev/vda
#               mounted read-only, its hello.txt printed
#   boot-vector -cpu rv64,v=true,vlen=128: the kernel enables V (isa line has v), and
#               tests/signals/vstate_v run in the guest prints tests/signals/vstate_v.expected
#               (Linux's vector signal context, prctls, first use: what qelt-riscv64 emulates)
# Prints "PASS boot[-qelt]:CASE" / "FAIL ...: why" (+ the console's tail) / "SKIP ...", and under
# each PASS an indented "time:" line: seconds from start to the marker and to the emulator's exit
# (a measurement, never asserted).
# Outside make check-system (QELT_CHECK_SYSTEM unset) it prints one SKIP line: the kernel download
# and the boots do not belong to the quick make check.
# Environment: QELT_SYS, BUILD, QELT_CACHE, QEMU_SYS (reference binary), BOOT_TIMEOUT (s, default
# 120), BOOT_MEM (default 256M), BOOT_ONLY (a case name: run only that one).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
TIMEOUT=${BOOT_TIMEOUT:-120}
MEM=${BOOT_MEM:-256M}
CASES="boot boot-smp2 boot-smp4 boot-disk boot-vector"
[ -n "${BOOT_ONLY:-}" ] && CASES=$BOOT_ONLY

. "$here/lib.sh"
boot_suite_start boot || exit 0
boot_material || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# check LOG NCPUS DISK [VECTOR [REFERENCE]]: prints what is wrong (nothing when the boot is right).
check() {
	local log=$1 cpus=$2 disk=$3 vec=${4:-0} ref=${5:-0} body
	body=$(cut -d' ' -f2- "$log")
	grep -qx 'QELT-BOOT-OK' <<<"$body" || { echo "no QELT-BOOT-OK marker"; return; }
	grep -qx 'cmd-uname: riscv64' <<<"$body" || echo "uname -m is not riscv64"
	grep -qE '^cmd-isa: rv64imafdc' <<<"$body" || echo "/proc/cpuinfo isa line is not rv64imafdc..."
	grep -qx "cmd-cpus: $cpus" <<<"$body" || echo "not $cpus processors in /proc/cpuinfo"
	grep -qx 'cmd-arith: 42' <<<"$body" || echo "echo \$((6*7)) is not 42"
	grep -qE '^cmd-ls: bin dev init ' <<<"$body" || echo "ls / is wrong"
	grep -q '^cmd-insmod-failed' <<<"$body" && echo "$(grep '^cmd-insmod-failed' <<<"$body" | head -n 1)"
	if [ "$disk" = 1 ]; then
		grep -qx 'cmd-disk: hello from ext4' <<<"$body" || echo "hello.txt not read from the ext4 disk"
	fi
	if [ "$vec" = 1 ]; then
		grep -qE '^cmd-isa: rv64imafdcv' <<<"$body" || echo "/proc/cpuinfo isa line has no v"
		sed -n 's/^cmd-vtest: //p' <<<"$body" | grep -v '^\[' > "$tmp/vtest.out"
		# QEMU 7.2 (the reference) reports the vector load's fault with vstart=0 instead of 5
		# in about 1 of 100 boots (2 of 190 here), the fault address still at the sixth
		# element; the reference side accepts that one known deviation, qelt's side never.
		[ "$ref" = 1 ] && sed -i 's/^fault: vstart=0 vl=16 at page+0;/fault: vstart=5 vl=16 at page+0;/' "$tmp/vtest.out"
		echo "[exit 0]" >> "$tmp/vtest.out"
		cmp -s "$tmp/vtest.out" "$repo/tests/signals/vstate_v.expected" ||
			echo "vstate_v in the guest differs from tests/signals/vstate_v.expected:" \
				"$(diff "$repo/tests/signals/vstate_v.expected" "$tmp/vtest.out" | sed -n 2p)"
	fi
	grep -qx 'QELT-BOOT-DONE' <<<"$body" || echo "no QELT-BOOT-DONE"
	local st; st=$(grep -E '^EXIT [0-9]+$' <<<"$body" | tail -n 1 | cut -d' ' -f2)
	[ "$st" = 0 ] || echo "exit status ${st:-?}$([ "$st" = 124 ] && echo " (timed out after ${TIMEOUT}s)")"
}

# one_case TAG EMULATOR CASE
one_case() {
	local tag=$1 emu=$2 case=$3 log=$tmp/$1-$3.log why t
	boot_args "$case" "$tmp"
	boot_run "$log" "$emu" "${BOOT_ARGS[@]}"
	# The reference itself hangs in about 1 of 30 -smp 2 boots on a loaded host (QEMU 7.2, MTTCG):
	# OpenSBI 1.1's HSM start race (docs/MACHINE.md), which qelt's polling WFI closes. A boot
	# with several harts that times out is tried once more, and says so (for QEMU, still needed;
	# under qelt the note would be a regression).
	if [ "$BOOT_CPUS" -gt 1 ] && grep -qx '[0-9.]* EXIT 124' "$log"; then
		echo "    note: $case under $(basename "$emu") timed out after ${TIMEOUT}s; retrying once"
		boot_args "$case" "$tmp"
		boot_run "$log" "$emu" "${BOOT_ARGS[@]}"
	fi
	why=$(check "$log" "$BOOT_CPUS" "$BOOT_DISK" "$([ "$case" = boot-vector ] && echo 1 || echo 0)" \
		"$([ "$tag" = boot ] && echo 1 || echo 0)")
	if [ -z "$why" ]; then
		echo "PASS $tag:$case"
		t=$(boot_times "$log")
		echo "    time: marker ${t% *} s, exit ${t#* } s"
	else
		echo "FAIL $tag:$case: $(echo "$why" | head -n 1)"
		tail -n 12 "$log" | sed 's/^/    /'
	fi
}

for c in $CASES; do
	if [ -n "$QEMU_SYS" ]; then
		one_case boot "$QEMU_SYS" "$c"
	else
		echo "SKIP boot:$c: no reference emulator (qemu-system-riscv64 not installed, or QEMU_SYS empty)"
	fi
	if [ -x "$QELT_SYS" ]; then
		one_case boot-qelt "$QELT_SYS" "$c"
	else
		echo "SKIP boot-qelt:$c: $QELT_SYS not built"
	fi
done
exit 0
