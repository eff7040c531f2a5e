#!/usr/bin/env bash
# System-mode random differential tester (called by tests/fuzz/run.sh, or alone): for each seed,
# gen.py gen-sys writes a bare-metal program (tests/system's runtime) whose random RV64IMAC body
# runs in S or U mode with Sv39/48/57 paging on (data page at a VA that is not its PA, S code maybe
# from a high-half alias, maybe a periodic M timer interrupt landing inside it); M then prints the
# register dump and scratch memory in hex through the UART. The output and exit status under
# $QELT_SYS must be byte-identical to qemu-system-riscv64's.
#   sys.sh                 10 fixed seeds x 300 instructions (the make check budget)
#   sys.sh --long N        N seeds x 1000 instructions from a random start (printed)
#   QELT_SLOW=1 sys.sh     same as --long 200
#   sys.sh --seed S [LEN]  one seed
# Prints "PASS fuzz-sys:seed-S" (qelt and QEMU agree). Without $QELT_SYS (default
# $BUILD/qelt-system-riscv64) each program still runs under QEMU, which must end it cleanly:
# "PASS fuzz-sys:gen-seed-S" says only that, plus one "SKIP fuzz-sys:qelt" line. On a mismatch
# the .S is kept in $BUILD/tests/fuzz-sys/ and the first differing dump lines are shown (line k
# of the dump holds bytes 32k..32k+31: lines 0-7 are x0..x31, the rest the scratch bytes).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../system/lib/common.sh"
work=$BUILD/tests/fuzz-sys
mkdir -p "$work"

first=1 count=10 len=300
if [ "${1:-}" = --long ]; then
	count=${2:-200}; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 ))
elif [ "${1:-}" = --seed ]; then
	first=$2; count=1; len=${3:-300}
elif [ "${QELT_SLOW:-}" = 1 ]; then
	count=200; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 ))
fi
[ "$count" -gt 1 ] && [ "$first" -ne 1 ] && echo "fuzz-sys: seeds $first..$((first + count - 1)), $len instructions"

for tool in "$SYS_CC" python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "SKIP fuzz-sys:all: $tool not installed"; exit 0; }
done
if [ -z "$QEMU_SYS" ]; then
	echo "SKIP fuzz-sys:all: qemu-system-riscv64 not installed"; exit 0
fi
have_qelt=1
if [ ! -x "$QELT_SYS" ]; then
	have_qelt=0
	echo "SKIP fuzz-sys:qelt: $QELT_SYS not built (programs checked under QEMU only)"
fi

for ((seed = first; seed < first + count; seed++)); do
	base=$work/seed-$seed
	if ! python3 "$here/gen.py" gen-sys "$seed" "$len" >"$base.S"; then
		echo "FAIL fuzz-sys:seed-$seed: generator failed"
		continue
	fi
	if ! log=$($SYS_CC $SYS_FLAGS "$base.S" "$SYS_SRC/lib/rt.S" -o "$base.elf" 2>&1); then
		echo "FAIL fuzz-sys:seed-$seed: assembly failed, kept $base.S"
		printf '%s\n' "$log" | head -n 4 | sed 's/^/    /'
		continue
	fi
	sys_run "$QEMU_SYS" "$base.elf" "$base.qemu"
	if [ "$(tail -n 2 "$base.qemu" | tr '\n' ' ')" != "PASS [exit 0] " ]; then
		echo "FAIL fuzz-sys:seed-$seed: qemu-system-riscv64 did not end it cleanly (generator bug), kept $base.S"
		grep -v '^[0-9a-f]*$' "$base.qemu" | head -n 4 | sed 's/^/    /'
		continue
	fi
	if [ $have_qelt -eq 0 ]; then
		echo "PASS fuzz-sys:gen-seed-$seed"
	else
		sys_run "$QELT_SYS" "$base.elf" "$base.qelt"
		if cmp -s "$base.qemu" "$base.qelt"; then
			echo "PASS fuzz-sys:seed-$seed"
		else
			echo "FAIL fuzz-sys:seed-$seed: output differs (< qemu, > qelt); kept $base.S ($(sed -n 2p "$base.S" | sed 's/^ \* //; s/ \*\/$//'))"
			diff "$base.qemu" "$base.qelt" | head -n 8 | sed 's/^/    /'
			head -n 2 "$base.qelt.err" | sed 's/^/    stderr: /'
			rm -f "$base.qemu" "$base.qelt" "$base.qemu.err" "$base.qelt.err"
			continue
		fi
	fi
	rm -f "$base.S" "$base.elf" "$base.qemu" "$base.qelt" "$base.qemu.err" "$base.qelt.err"
done
exit 0
