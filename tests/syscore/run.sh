#!/usr/bin/env bash
# The full-system CPU side's own checks (soft-MMU, code invalidation, plugins in system mode):
# each tests/syscore/NAME.S is linked at 0x80000000 (link.ld) into $BUILD/tests/syscore/NAME.elf
# and run as `-M virt -bios none -kernel NAME.elf -nographic`; its console output plus
# "[exit N]" must equal expected/NAME.out, under qelt-system-riscv64 with each soft-TLB sizing
# policy (QELT_TLB unset = dynamic with history, dynamic, min, max) and, when installed, under
# qemu-system-riscv64 (the reference). Then the hwaddr test plugin must see mmio.elf's device
# accesses at their physical addresses.
# Prints PASS/FAIL/SKIP lines. Environment: BUILD, QELT_SYS, QEMU_SYS.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
out=$BUILD/tests/syscore
mkdir -p "$out"
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "SKIP syscore:all: $CC not installed"; exit 0
fi
if [ ! -x "$QELT_SYS" ]; then
	echo "SKIP syscore:all: $QELT_SYS not built"; exit 0
fi
run() {   # run EMULATOR ELF [args...]: console output + [exit N]
	local emu=$1 elf=$2; shift 2
	timeout 20 "$emu" -M virt -bios none -nographic -m 128M -kernel "$elf" "$@" </dev/null 2>&1
	echo "[exit $?]"
}
for src in "$here"/*.S; do
	name=$(basename "$src" .S)
	elf=$out/$name.elf
	if [ ! -f "$elf" ] || [ "$src" -nt "$elf" ]; then
		if ! "$CC" -march=rv64gc -mabi=lp64d -static -nostdlib -nostartfiles -T "$here/link.ld" \
			-Wl,--no-relax -Wl,--build-id=none -Wl,--no-warn-rwx-segments -o "$elf" "$src" 2>&1; then
			echo "FAIL syscore:$name: assembly failed"; continue
		fi
	fi
	exp=$here/expected/$name.out
	for pol in history dynamic min max; do
		got=$(if [ $pol = history ]; then run "$QELT_SYS" "$elf"; else QELT_TLB=$pol run "$QELT_SYS" "$elf"; fi)
		if [ "$got" = "$(cat "$exp")" ]; then
			echo "PASS syscore:$name-tlb-$pol"
		else
			echo "FAIL syscore:$name-tlb-$pol: got '$(echo "$got" | tr '\n' '|' | head -c 200)'"
		fi
	done
	if [ -n "$QEMU_SYS" ]; then
		got=$(run "$QEMU_SYS" "$elf")
		[ "$got" = "$(cat "$exp")" ] && echo "PASS syscore:$name-qemu" ||
			echo "FAIL syscore:$name-qemu: qemu-system-riscv64 disagrees: '$(echo "$got" | tr '\n' '|' | head -c 200)'"
	fi
done
plugin=$BUILD/tests/plugins/libhwaddr.so
if [ -f "$plugin" ]; then
	got=$(run "$QELT_SYS" "$out/mmio.elf" -plugin "$plugin" -d plugin)
	# 11 device accesses: scratch store + load, 8 message bytes, the finisher; RAM ones too.
	if echo "$got" | grep -q '^hwaddr: io 11 lo 0x100000 hi 0x10000007, ram [1-9]'; then
		echo "PASS syscore:plugin-hwaddr"
	else
		echo "FAIL syscore:plugin-hwaddr: '$(echo "$got" | tr '\n' '|' | head -c 200)'"
	fi
else
	echo "SKIP syscore:plugin-hwaddr: $plugin not built (make plugins)"
fi
# qelt's filtered callbacks in system mode (soft-MMU accesses, the out-of-line call paths):
# called exactly when the test plugin's table says (tests/plugins/filter.c)
plugin=$BUILD/tests/plugins/libfilter.so
for e in asid selfmod; do
	[ -f "$plugin" ] || break
	got=$(run "$QELT_SYS" "$out/$e.elf" -plugin "$plugin" -d plugin)
	if echo "$got" | grep -Eq '^filter exec exp=([0-9]+) got=\1 mem exp=([0-9]+) got=\2 addr-ok=1 skipped=1$'; then
		echo "PASS syscore:plugin-filter-$e"
	else
		echo "FAIL syscore:plugin-filter-$e: '$(echo "$got" | tr '\n' '|' | head -c 200)'"
	fi
done
# Lifted callbacks in system mode (tests/plugins/lift.c; plugins/lower.c): the same output with
# and without lifting (QELT_NO_CALLBACK_LIFT=1), lifted counters equal to their scoreboards.
plugin=$BUILD/tests/plugins/liblift.so
for e in asid mmio selfmod; do
	[ -f "$plugin" ] || break
	on=$(QELT_NO_CALLBACK_LIFT=0 run "$QELT_SYS" "$out/$e.elf" -plugin "$plugin" -d plugin)
	off=$(QELT_NO_CALLBACK_LIFT=1 run "$QELT_SYS" "$out/$e.elf" -plugin "$plugin" -d plugin)
	if [ "$on" = "$off" ] && echo "$on" | grep -q '^end vcpu 0 insn match mem match$' &&
	   ! echo "$on" | grep -q MISMATCH; then
		echo "PASS syscore:plugin-lift-$e"
	else
		echo "FAIL syscore:plugin-lift-$e: '$(diff <(echo "$on") <(echo "$off") | tr '\n' '|' | head -c 200)'"
	fi
done
# QEMU 7.2's own system-mode plugins (built from its source by tests/plugins/fetch-qemu72.sh's
# cache, when present): hwprofile must see mmio.elf's UART and finisher accesses, hotpages its
# RAM pages by physical address. (QEMU 7.2 itself reports no devices in hwprofile here.)
f=$(bash "$repo/tests/plugins/fetch-qemu72.sh" --quiet 2>/dev/null) || f=
glib_so=$(ls /usr/lib/x86_64-linux-gnu/libglib-2.0.so.0 2>/dev/null || true)
if [ -z "$f" ] || [ -z "$glib_so" ]; then
	echo "SKIP syscore:qemu72-plugins: QEMU 7.2 plugin sources or GLib not available"
	exit 0
fi
SRC=$(sed -n 's/^src //p' <<<"$f")
GLIB=$(sed -n 's/^glib //p' <<<"$f")
for p in hwprofile hotpages; do
	so=$out/lib$p.so
	[ -f "$so" ] || gcc -O2 -shared -fPIC -I"$SRC/include/qemu" -I"$GLIB/usr/include/glib-2.0" \
		-I"$GLIB/usr/lib/x86_64-linux-gnu/glib-2.0/include" -o "$so" "$SRC/contrib/plugins/$p.c" \
		"$glib_so" 2>/dev/null || { echo "FAIL syscore:qemu72-$p: does not compile"; continue; }
	got=$(run "$QELT_SYS" "$out/mmio.elf" -plugin "$so" -d plugin)
	case $p in
	hwprofile) want='^serial, 0x0, 1, 1, 1, 9$' ;;
	hotpages) want='^0x0000000080000000, 0x0001, 10, 0x0000, 0$' ;;
	esac
	if echo "$got" | grep -q "$want"; then
		echo "PASS syscore:qemu72-$p"
	else
		echo "FAIL syscore:qemu72-$p: '$(echo "$got" | tr '\n' '|' | head -c 300)'"
	fi
done
