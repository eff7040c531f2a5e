#!/usr/bin/env bash
# Guest program suite: cross-compiles every tests/guest/NAME.{S,c} into $BUILD/tests/guest/
# (only when the source is newer), runs it under $QELT and compares stdout + exit status with
# the committed tests/guest/expected/NAME.out and, when qemu-riscv64 is installed, with qemu's
# live result. Prints "PASS guest:NAME" or "FAIL guest:NAME: why" followed by an indented diff
# excerpt. Usage: run.sh [NAME...] (default: all tests). Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
outdir=$BUILD/tests/guest
QEMU=$(command -v qemu-riscv64 || true)
# Resolve the emulators to absolute paths: tests run in a scratch cwd under env -i.
case $QELT in */*) QELT=$(cd "$(dirname "$QELT")" 2>/dev/null && pwd)/$(basename "$QELT") ;;
	*) QELT=$(command -v "$QELT" || echo "$QELT") ;; esac

if ! command -v "$GUEST_CC" >/dev/null 2>&1; then
	for n in $(guest_list "$@"); do echo "SKIP guest:$n: $GUEST_CC not installed"; done
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

excerpt() { diff "$1" "$2" | head -n 8 | sed 's/^/    /'; }

for name in $(guest_list "$@"); do
	exp=$here/expected/$name.out
	if ! log=$(guest_build "$name" "$outdir"); then
		echo "FAIL guest:$name: cross-compilation failed"
		printf '%s\n' "$log" | head -n 8 | sed 's/^/    /'
		continue
	fi
	if [ ! -f "$exp" ]; then
		echo "FAIL guest:$name: no expected output (run tests/guest/regen.sh $name)"
		continue
	fi
	if [ ! -x "$QELT" ]; then
		echo "FAIL guest:$name: $QELT not built"
		continue
	fi
	guest_run "$QELT" "$outdir/$name" "$name" "$tmp/qelt.out"
	if ! cmp -s "$exp" "$tmp/qelt.out"; then
		why="output differs from expected"
		grep -q '^\[exit 124\]$' "$tmp/qelt.out" && why="timed out after ${GUEST_TIMEOUT}s"
		echo "FAIL guest:$name: $why (< expected, > qelt)"
		excerpt "$exp" "$tmp/qelt.out"
		head -n 2 "$tmp/qelt.out.err" | sed 's/^/    stderr: /'
		continue
	fi
	if [ -n "$QEMU" ] && [ "$QEMU" != "$QELT" ]; then
		guest_run "$QEMU" "$outdir/$name" "$name" "$tmp/qemu.out"
		if ! cmp -s "$exp" "$tmp/qemu.out"; then
			echo "FAIL guest:$name: qemu-riscv64 disagrees with the expected file (< expected, > qemu)"
			excerpt "$exp" "$tmp/qemu.out"
			continue
		fi
	fi
	echo "PASS guest:$name"
done
exit 0
