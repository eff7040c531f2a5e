#!/usr/bin/env bash
# Guest-memory layout suite: qelt puts guest memory at host address 0 when it can (generated
# code then addresses it without a base register) and elsewhere with -B ADDR / -B any /
# QEMU_GUEST_BASE. Checks, for the default layout and the forced based one:
#   faults      tests/guestbase/faults.c (SIGSEGV at NULL, below mmap_min_addr, at "negative"
#               addresses, past 2^40, register + displacement wrapping): equal to
#               faults.expected, and qemu-riscv64 equal to it but for the one line where it
#               reports si_addr 0 (a non-canonical host address: the host's #GP has none)
#   layout      -d stats names the layout; -B with a fixed address; bad -B values rejected
#   guest:NAME  a few tests/guest programs (threads, atomics, SIGSEGV, self-modifying code,
#               fork) against tests/guest/expected, under -B any
#   loopiv:NAME tests/signals/loopiv*.c (pointers walking out of loops into the guards, checked
#               once at the loop's entry): the same output under -B any as in the default layout
# Prints "PASS guestbase:..." / "FAIL guestbase:...: why" / "SKIP ...". Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../guest/lib/common.sh"
BUILD=${BUILD:-$here/../../build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)
QELT=${QELT:-$BUILD/qelt-riscv64}
case $QELT in */*) QELT=$(cd "$(dirname "$QELT")" && pwd)/$(basename "$QELT") ;; esac
QEMU=$(command -v qemu-riscv64 || true)
outdir=$BUILD/tests/guestbase
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v "$GUEST_CC" >/dev/null 2>&1; then
	echo "SKIP guestbase: $GUEST_CC not installed"
	exit 0
fi
if [ ! -x "$QELT" ]; then echo "FAIL guestbase: $QELT not built"; exit 0; fi
# The based layout as an emulator of its own (guest_run clears the environment).
printf '#!/bin/sh\nexec "%s" -B any "$@"\n' "$QELT" >"$tmp/qelt-any"
chmod +x "$tmp/qelt-any"

# compare NAME EXPECTED GOT WHAT: the PASS/FAIL line of one comparison.
compare() {
	if cmp -s "$2" "$3"; then
		echo "PASS guestbase:$1"
	else
		echo "FAIL guestbase:$1: $4 (< expected, > got)"
		diff "$2" "$3" | head -n 8 | sed 's/^/    /'
	fi
}

at_zero=1
min=$(cat /proc/sys/vm/mmap_min_addr 2>/dev/null || echo 65536)
[ "$min" -le 65536 ] || at_zero=0

# faults: both layouts and qemu against the expected file.
bin=$outdir/faults
if [ ! -x "$bin" ] || [ "$here/faults.c" -nt "$bin" ]; then
	$GUEST_CC $GUEST_CFLAGS "$here/faults.c" -o "$bin" >"$tmp/cc.log" 2>&1 || {
		echo "FAIL guestbase:faults: cross-compilation failed"; head -n 5 "$tmp/cc.log"; }
fi
if [ -x "$bin" ]; then
	for emu in qelt qelt-any qelt-env; do
		case $emu in
		qelt) guest_run "$QELT" "$bin" faults "$tmp/out" ;;   # env -i: the default layout
		qelt-any) guest_run "$tmp/qelt-any" "$bin" faults "$tmp/out" ;;
		qelt-env) printf '#!/bin/sh\nQEMU_GUEST_BASE=any exec "%s" "$@"\n' "$QELT" >"$tmp/qelt-env"
			chmod +x "$tmp/qelt-env"
			guest_run "$tmp/qelt-env" "$bin" faults "$tmp/out" ;;
		esac
		compare "faults:$emu" "$here/faults.expected" "$tmp/out" "output differs"
	done
	if [ -n "$QEMU" ]; then
		guest_run "$QEMU" "$bin" faults "$tmp/qemu"
		grep -v '^huge ' "$here/faults.expected" >"$tmp/exp"
		grep -v '^huge ' "$tmp/qemu" >"$tmp/qemu2"
		compare faults:qemu "$tmp/exp" "$tmp/qemu2" "qemu-riscv64 disagrees"
	fi
fi

# layout: what -d stats says, a fixed -B address, bad values.
stats() { env -u QEMU_GUEST_BASE "$QELT" "$@" -d stats "$outdir/faults" 2>&1 >/dev/null | grep 'guest base'; }
check_layout() {  # NAME PATTERN ARGS...: -d stats' guest-base line matches PATTERN
	local name=$1 pat=$2 line
	shift 2
	line=$(stats "$@")
	if printf '%s\n' "$line" | grep -Eq "$pat"; then echo "PASS guestbase:layout:$name"
	else echo "FAIL guestbase:layout:$name: got '$line'"; fi
}
if ldd "$QELT" 2>/dev/null | grep -q libasan; then
	# make check-asan: the sanitizer's shadow memory occupies low host addresses
	echo "SKIP guestbase:layout:default: AddressSanitizer build (its shadow memory is at host address 0)"
elif [ $at_zero = 1 ]; then
	check_layout default 'base +0x0 \(guest addresses are host addresses\)$'
	check_layout B0 'base +0x0 \(guest' -B 0
else
	echo "SKIP guestbase:layout:default: vm.mmap_min_addr $min is above the guest's lowest page"
fi
check_layout any 'base +0x[0-9a-f]*[1-9a-f][0-9a-f]*$' -B any
check_layout fixed 'base +0x200000000000$' -B 0x200000000000   # free also beside ASan's shadow
line=$(QEMU_GUEST_BASE=any "$QELT" -d stats "$outdir/faults" 2>&1 >/dev/null | grep 'guest base')
if printf '%s\n' "$line" | grep -Eq 'base +0x[0-9a-f]*[1-9a-f][0-9a-f]*$'; then
	echo "PASS guestbase:layout:env"
else
	echo "FAIL guestbase:layout:env: got '$line'"
fi
for bad in 0x1234 junk -1 -4096; do
	"$QELT" -B "$bad" "$outdir/faults" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc = 1 ] && grep -q '^qelt: -B: bad guest base' "$tmp/err" && [ ! -s "$tmp/out" ]; then
		echo "PASS guestbase:bad:$bad"
	else
		echo "FAIL guestbase:bad:$bad: exit $rc, stderr '$(head -n 1 "$tmp/err")'"
	fi
done

# guest programs under the based layout (the default one runs them in tests/guest).
for name in c_threads c_threads_jit c_sigsegv c_smc c_fork atomic c_die_wprot; do
	if ! log=$(guest_build "$name" "$BUILD/tests/guest"); then
		echo "FAIL guestbase:guest:$name: cross-compilation failed"
		continue
	fi
	guest_run "$tmp/qelt-any" "$BUILD/tests/guest/$name" "$name" "$tmp/out"
	compare "guest:$name" "$here/../guest/expected/$name.out" "$tmp/out" "output differs under -B any"
done

# induction-pointer loops under the based layout: its guards, not the kernel half, catch them.
for name in loopiv loopiv_high; do
	bin=$outdir/$name
	if [ ! -x "$bin" ] || [ "$here/../signals/$name.c" -nt "$bin" ] || [ "$here/../signals/loopiv.c" -nt "$bin" ]; then
		if ! $GUEST_CC $GUEST_CFLAGS "$here/../signals/$name.c" -o "$bin" >"$tmp/cc.log" 2>&1; then
			echo "FAIL guestbase:loopiv:$name: cross-compilation failed"
			continue
		fi
	fi
	guest_run "$QELT" "$bin" "$name" "$tmp/zero"
	guest_run "$tmp/qelt-any" "$bin" "$name" "$tmp/any"
	compare "loopiv:$name" "$tmp/zero" "$tmp/any" "output differs under -B any"
done
