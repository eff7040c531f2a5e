#!/usr/bin/env bash
# Debian userland suite (make check-system): Debian trixie's kernel boots the project's initramfs,
# which switch_roots (qelt.root) into an ext4 image of Debian packages built by
# scripts/make-rootfs.sh, attached as -drive ...,if=virtio,snapshot=on (the image stays as it was).
# The image's /sbin/init runs /root/selftest.sh (qelt.cmd=): a python3 script (sqlite3 module,
# json, hashlib), a sqlite3 query, lua5.4, perl, and make + gcc compiling and running a C program;
# each "vm-NAME: output" line is checked here, then the machine powers off (status 0). Run under
# qemu-system-riscv64 (the reference) and $QELT_SYS; the image's checksum is compared before and
# after each boot. Prints PASS/FAIL/SKIP lines as tests/boot does, and under each PASS the seconds
# to the root shell's marker (QELT-ROOT-OK) and to the emulator's exit (measured, never asserted).
# A second case, shell, boots without qelt.cmd to the image's interactive root shell on the serial
# console and types into it (a fifo as the emulator's stdin, once the init marker is out):
# arithmetic, the hostname, a background job listed by `jobs` (job control), python3, `exit`
# (then init powers off). Outside make check-system one SKIP line. Environment: VM_TIMEOUT (s, default 300), VM_MEM (1G).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
TIMEOUT=${VM_TIMEOUT:-300}
MEM=${VM_MEM:-1G}
. "$repo/tests/boot/lib.sh"
boot_suite_start debian-vm || exit 0
boot_material || exit 0
boot_rootfs debian-vm || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sum_before=$(cksum < "$ROOTFS")

# check LOG: prints what is wrong (nothing when the run is right).
check() {
	local body st
	body=$(cut -d' ' -f2- "$1")
	grep -qx 'QELT-ROOT-OK' <<<"$body" || { echo "no QELT-ROOT-OK: the disk's /sbin/init did not start"; return; }
	grep -qx 'vm-python: {"primes": 17, "sha": "8379217138aa", "sum": 440}' <<<"$body" ||
		echo "python3: $(grep -m 1 '^vm-python' <<<"$body" || echo none)"
	grep -qx 'vm-sqlite: 9,16,25' <<<"$body" || echo "sqlite3: $(grep -m 1 '^vm-sqlite' <<<"$body" || echo none)"
	grep -qx 'vm-lua: 5050' <<<"$body" || echo "lua5.4: $(grep -m 1 '^vm-lua' <<<"$body" || echo none)"
	grep -qx 'vm-perl: 2,4,6,8,10' <<<"$body" || echo "perl: $(grep -m 1 '^vm-perl' <<<"$body" || echo none)"
	grep -qx 'vm-gcc: hello from gcc 42 ' <<<"$body" || echo "gcc: $(grep -m 1 '^vm-gcc' <<<"$body" || echo none)"
	grep -qx 'QELT-ROOT-DONE' <<<"$body" || echo "no QELT-ROOT-DONE"
	st=$(grep -E '^EXIT [0-9]+$' <<<"$body" | tail -n 1 | cut -d' ' -f2)
	[ "$st" = 0 ] || echo "exit status ${st:-?}$([ "$st" = 124 ] && echo " (timed out after ${TIMEOUT}s)")"
	[ "$(cksum < "$ROOTFS")" = "$sum_before" ] || echo "the image changed despite snapshot=on"
}

one_emu() {  # TAG EMULATOR
	local tag=$1 emu=$2 log=$tmp/$1.log why
	boot_run "$log" "$emu" -M virt -m "$MEM" -nographic -no-reboot -kernel "$KERNEL" -initrd "$INITRD" \
		-drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 qelt.root qelt.cmd=/root/selftest.sh"
	why=$(check "$log")
	if [ -z "$why" ]; then
		echo "PASS $tag:selftest"
		awk '$2 == "QELT-ROOT-OK" { r = $1 } $2 == "EXIT" { e = $1 }
		     END { printf "    time: root shell %s s, exit %s s\n", r, e }' "$log"
	else
		echo "FAIL $tag:selftest: $(echo "$why" | head -n 1)"
		tail -n 10 "$log" | sed 's/^/    /'
	fi
}

shell_case() {  # TAG EMULATOR
	local tag=$1 emu=$2 log=$tmp/$1-shell.log why= body st
	printf '%s\n' 'echo "sh-arith: $((6 * 7)) $(hostname)"' 'sleep 100 &' 'jobs' 'kill %1' \
		"python3 -c 'print(\"sh-python:\", sum(range(10)))'" 'exit' > "$tmp/typed"
	vm_session "$log" "$tmp/typed" "$emu" -M virt -m "$MEM" -nographic -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" -drive "file=$ROOTFS,format=raw,if=virtio,snapshot=on" \
		-append "console=ttyS0 quiet panic=-1 qelt.root"
	body=$(cut -d' ' -f2- "$log" | tr -d '\r')
	grep -qx 'sh-arith: 42 qelt' <<<"$body" || why="no 'sh-arith: 42 qelt' from the shell"
	[ -z "$why" ] && ! grep -qE '^\[1\]\+ +Running +sleep 100' <<<"$body" && why="jobs did not list the background job"
	[ -z "$why" ] && ! grep -qx 'sh-python: 45' <<<"$body" && why="python3 in the shell: $(grep -m 1 'sh-python' <<<"$body" || echo none)"
	st=$(grep -E '^EXIT [0-9]+$' <<<"$body" | tail -n 1 | cut -d' ' -f2)
	[ -z "$why" ] && [ "$st" != 0 ] && why="exit status ${st:-?}"
	if [ -z "$why" ]; then echo "PASS $tag:shell"
	else echo "FAIL $tag:shell: $why"; tail -n 10 "$log" | sed 's/^/    /'; fi
}

if [ -n "$QEMU_SYS" ]; then
	one_emu debian-vm "$QEMU_SYS"
	shell_case debian-vm "$QEMU_SYS"
else
	echo "SKIP debian-vm:all: no reference emulator (qemu-system-riscv64 not installed, or QEMU_SYS empty)"
fi
if [ -x "$QELT_SYS" ]; then
	one_emu debian-vm-qelt "$QELT_SYS"
	shell_case debian-vm-qelt "$QELT_SYS"
else
	echo "SKIP debian-vm-qelt:all: $QELT_SYS not built"
fi
exit 0
