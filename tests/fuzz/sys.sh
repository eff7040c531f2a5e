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
# Then vseeds (4) "vseed-S" programs add random vector code (gen.py gen-sys ... v; the scratch
# bytes then start with v0..v31, vl, vtype, vcsr), run with -cpu rv64,v=true,vlen=128.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../system/lib/common.sh"
work=$BUILD/tests/fuzz-sys
mkdir -p "$work"

first=1 count=10 len=300 vseeds=4
if [ "${1:-}" = --long ]; then
	count=${2:-200}; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 )); vseeds=$((count / 4))
elif [ "${1:-}" = --seed ]; then
	first=$2; count=1; len=${3:-300}; vseeds=1
elif [ "${QELT_SLOW:-}" = 1 ]; then
	count=200; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 )); vseeds=50
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

# check_sys NAME GEN-SYS-ARGS...: generate NAME.S, assemble, run under both, compare.
check_sys() {
	local name=$1 base=$work/$1 log
	shift
	if ! python3 "$here/gen.py" gen-sys "$@" >"$base.S"; then
		echo "FAIL fuzz-sys:$name: generator failed"
		return
	fi
	if ! log=$($SYS_CC $SYS_FLAGS "$base.S" "$SYS_SRC/lib/rt.S" -o "$base.elf" 2>&1); then
		echo "FAIL fuzz-sys:$name: assembly failed, kept $base.S"
		printf '%s\n' "$log" | head -n 4 | sed 's/^/    /'
		return
	fi
	sys_run "$QEMU_SYS" "$base.elf" "$base.qemu"
	if [ "$(tail -n 2 "$base.qemu" | tr '\n' ' ')" != "PASS [exit 0] " ]; then
		echo "FAIL fuzz-sys:$name: qemu-system-riscv64 did not end it cleanly (generator bug), kept $base.S"
		grep -v '^[0-9a-f]*$' "$base.qemu" | head -n 4 | sed 's/^/    /'
		return
	fi
	if [ $have_qelt -eq 0 ]; then
		echo "PASS fuzz-sys:gen-$name"
	else
		sys_run "$QELT_SYS" "$base.elf" "$base.qelt"
		if cmp -s "$base.qemu" "$base.qelt"; then
			echo "PASS fuzz-sys:$name"
		else
			echo "FAIL fuzz-sys:$name: output differs (< qemu, > qelt); kept $base.S ($(sed -n 2p "$base.S" | sed 's/^ \* //; s/ \*\/$//'))"
			diff "$base.qemu" "$base.qelt" | head -n 8 | sed 's/^/    /'
			head -n 2 "$base.qelt.err" | sed 's/^/    stderr: /'
			rm -f "$base.qemu" "$base.qelt" "$base.qemu.err" "$base.qelt.err"
			return
		fi
	fi
	rm -f "$base.S" "$base.elf" "$base.qemu" "$base.qelt" "$base.qemu.err" "$base.qelt.err"
}

for ((seed = first; seed < first + count; seed++)); do
	check_sys "seed-$seed" "$seed" "$len"
done
# Vector seeds (-cpu rv64,v=true,vlen=128: tests/system/lib/common.sh's sys_args for vseed-*)
for ((seed = first; seed < first + vseeds; seed++)); do
	check_sys "vseed-$seed" "$seed" "$len" "v:${QELT_FUZZ_VPARTS:-mem,int,fp}"
done
exit 0
