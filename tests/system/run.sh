#!/usr/bin/env bash
# Bare-metal system suite: assembles every tests/system/NAME.S with the runtime (lib/rt.S,
# lib/link.ld: RAM at 0x80000000, no libc) into $BUILD/tests/system/NAME.elf (only when a source
# is newer) and runs it as `-M virt -bios none -kernel NAME.elf -nographic -m 128M`:
#   - under qemu-system-riscv64 (the reference, when installed): its UART output + "[exit N]"
#     must equal the committed tests/system/expected/NAME.out;
#     Where QEMU 7.2 departs from the privileged spec, expected/NAME.qemu.out holds what QEMU
#     prints and expected/NAME.out the spec's answer, made from it by the sed script
#     expected/NAME.spec.sed (the difference, written down); QEMU is checked against the former;
#   - under $QELT_SYS (default $BUILD/qelt-system-riscv64) when that binary exists: must equal
#     expected/NAME.out (and so QEMU's live output, where QEMU is right). When it does not exist the qelt side
#     prints one "SKIP system:NAME: ..." line per test instead, never a PASS.
# Prints "PASS system:NAME" (QEMU agrees with the expected file), "PASS system-qelt:NAME" (so
# does qelt-system-riscv64), or "FAIL ...: why" with a diff excerpt (< expected, > actual).
# Usage: run.sh [-regen] [NAME...]   -regen rewrites expected/NAME.out from QEMU's output.
# Environment: QELT_SYS, BUILD, QEMU_SYS (reference binary), SYSTEST_TIMEOUT (s, default 10).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
regen=0
[ "${1:-}" = -regen ] && { regen=1; shift; }

if ! command -v "$SYS_CC" >/dev/null 2>&1; then
	for n in $(sys_list "$@"); do echo "SKIP system:$n: $SYS_CC not installed"; done
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
excerpt() { diff "$1" "$2" | head -n 10 | sed 's/^/    /'; }

for name in $(sys_list "$@"); do
	exp=$here/expected/$name.out
	if ! log=$(sys_build "$name"); then
		echo "FAIL system:$name: assembly failed"
		printf '%s\n' "$log" | head -n 8 | sed 's/^/    /'
		continue
	fi
	elf=$SYS_OUT/$name.elf
	qexp=$exp
	spec_sed=$here/expected/$name.spec.sed
	[ -f "$spec_sed" ] && qexp=$here/expected/$name.qemu.out
	sys_args "$name"
	if [ "$SYS_QELT_ONLY" = 1 ]; then
		echo "SKIP system:$name: checks qelt's own choice (the test's header), not QEMU"
	elif [ -n "$QEMU_SYS" ]; then
		sys_run "$QEMU_SYS" "$elf" "$tmp/qemu.out"
		if [ $regen -eq 1 ]; then
			cp "$tmp/qemu.out" "$qexp"
			[ -f "$spec_sed" ] && sed -f "$spec_sed" "$qexp" > "$exp"
			echo "regenerated $exp"
		fi
		if [ ! -f "$qexp" ]; then
			echo "FAIL system:$name: no expected output (run tests/system/run.sh -regen $name)"
		elif cmp -s "$qexp" "$tmp/qemu.out"; then
			echo "PASS system:$name"
		elif [ "$qexp" != "$exp" ] && cmp -s "$exp" "$tmp/qemu.out"; then
			# a QEMU departure that depends on timing (jcinval's stale code) did not happen
			echo "PASS system:$name (qemu-system-riscv64 followed the spec this time)"
		else
			echo "FAIL system:$name: qemu-system-riscv64 disagrees with $(basename "$qexp") (< expected, > qemu)"
			excerpt "$qexp" "$tmp/qemu.out"
		fi
	else
		echo "SKIP system:$name: qemu-system-riscv64 not installed"
	fi
	if [ ! -x "$QELT_SYS" ]; then
		echo "SKIP system-qelt:$name: $QELT_SYS not built"
		continue
	fi
	if [ ! -f "$exp" ]; then
		echo "FAIL system-qelt:$name: no expected output"
		continue
	fi
	sys_run "$QELT_SYS" "$elf" "$tmp/qelt.out"
	if cmp -s "$exp" "$tmp/qelt.out"; then
		echo "PASS system-qelt:$name"
	else
		why="output differs from expected"
		grep -q '^\[exit 124\]$' "$tmp/qelt.out" && why="timed out (limit ${SYS_TIMEOUT}s, 60 s with several harts)"
		echo "FAIL system-qelt:$name: $why (< expected, > qelt)"
		excerpt "$exp" "$tmp/qelt.out"
		head -n 3 "$tmp/qelt.out.err" | sed 's/^/    stderr: /'
	fi
done
exit 0
