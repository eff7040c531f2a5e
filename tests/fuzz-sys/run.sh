#!/usr/bin/env bash
# Random differential tester, full-system mode: each seed's tests/fuzz/gen.py program runs under
# harness.S in U-mode (even seeds) or S-mode (odd seeds) with Sv39 paging (virtual != physical)
# under qelt-system-riscv64 and qemu-system-riscv64 (-bios none); the hex dumps of all
# registers and the scratch memory the two print must be identical.
#   run.sh               12 fixed seeds x 300 instructions      run.sh --seed S [LEN]
# Prints PASS fuzz-sys:seed-S / FAIL (the .S kept in $BUILD/tests/fuzz-sys/) / SKIP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
work=$BUILD/tests/fuzz-sys
mkdir -p "$work"
first=1 count=12 len=300
[ "${1:-}" = --seed ] && { first=$2; count=1; len=${3:-300}; }
for tool in "$CC" python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP fuzz-sys:all: $tool not installed"; exit 0; }
done
[ -n "$QEMU_SYS" ] || { echo "SKIP fuzz-sys:all: qemu-system-riscv64 not installed"; exit 0; }
[ -x "$QELT_SYS" ] || { echo "SKIP fuzz-sys:all: $QELT_SYS not built"; exit 0; }
run() { timeout -k 2 20 "$1" -M virt -bios none -nographic -m 128M -kernel "$2" </dev/null 2>&1; echo "[exit $?]"; }
for ((seed = first; seed < first + count; seed++)); do
	base=$work/seed-$seed
	mode=$((seed & 1))
	if ! python3 "$here/../fuzz/gen.py" gen "$seed" "$len" >"$base.S"; then
		echo "FAIL fuzz-sys:seed-$seed: generator failed"; continue
	fi
	if ! log=$($CC -march=rv64imac_zicsr_zifencei -mabi=lp64 -static -nostdlib -nostartfiles \
			-DMODE=$mode -T "$here/link.ld" -Wl,--no-relax -Wl,--build-id=none \
			-Wl,--no-warn-rwx-segments "$here/harness.S" "$base.S" -o "$base" 2>&1); then
		echo "FAIL fuzz-sys:seed-$seed: assembly failed, kept $base.S"
		printf '%s\n' "$log" | head -n 4 | sed 's/^/    /'
		continue
	fi
	q=$(run "$QEMU_SYS" "$base")
	l=$(run "$QELT_SYS" "$base")
	if [ "$(echo "$q" | tail -n 1)" != "[exit 0]" ]; then
		echo "FAIL fuzz-sys:seed-$seed: qemu-system-riscv64 itself failed (harness bug): $(echo "$q" | tail -c 200)"
	elif [ "$q" != "$l" ]; then
		echo "FAIL fuzz-sys:seed-$seed: output differs (mode $mode); kept $base.S"
		diff <(echo "$q" | fold -w 32) <(echo "$l" | fold -w 32) | head -n 6 | sed 's/^/    /'
	else
		echo "PASS fuzz-sys:seed-$seed"
		rm -f "$base.S" "$base"
	fi
done
exit 0
