#!/usr/bin/env bash
# ISA-extension suite (issue 11): cross-compiles the programs here into $BUILD/tests/isa-ext and
#  - bitmanip: Zba/Zbb/Zbs/Zbc/Zbkb/Zbkc/Zbkx results vs expected/bitmanip.out, with the host's
#    bit instructions and with the generic back-end sequences (QELT_GENERIC_BITOPS=1), and vs
#    qemu-riscv64 7.2 with those extensions on (its ctzw is wrong for inputs whose low 32 bits
#    are zero and bit 63 set: that line is left out of the qemu comparison);
#  - crypto: Zkne/Zknd/Zknh/Zksh vs expected/crypto.out and qemu-riscv64 7.2;
#  - sm4: Zksed (sm4ed/sm4ks) vs expected/sm4.out and qemu-riscv64 7.2, on edge and random
#    operands (the expected file is QEMU's output);
#  - zfh: Zfhmin conversions in every rounding mode, with fflags, vs qemu-riscv64 7.2;
#  - zfh_arith: Zfh arithmetic in every rounding mode, with fflags, vs qemu-riscv64 7.2;
#  - zfa: Zfa vs expected/zfa.out (values checked by hand: qemu 7.2 has no Zfa);
#  - zfa_h: Zfa's half-precision forms (Zfa + Zfh) vs expected/zfa_h.out (by hand too);
#  - ext: Zicond/Zcb/Zimop/Zcmop/Zacas/Zicbo*/Zawrs/hints vs expected/ext.out (-cpu max; qemu
#    7.2 has none of them);
#  - sigill-*: an instruction of a disabled extension kills the guest with SIGILL, and runs
#    when the extension is on;
#  - zkr: the seed CSR (Zkr) vs expected/zkr.out (status bits only; qemu 7.2 sign-extends seed);
#  - vcsr-*: the vector CSRs in user mode (values, writable bits, read-only and no-V traps)
#    vs expected/vcsr.*.out and qemu-riscv64 7.2 (but for vxrm's upper bits, which QEMU keeps);
#  - hwprobe-*: riscv_hwprobe, AT_HWCAP and /proc/cpuinfo's isa line per -cpu choice;
#  - cpu-*: -cpu help and bad -cpu arguments.
# Prints "PASS isa:NAME" / "FAIL isa:NAME: why". Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-riscv64 || true)
out=$BUILD/tests/isa-ext
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "SKIP isa:all: $CC not installed"
	exit 0
fi
build() {   # build NAME MARCH
	local bin=$out/$1
	if [ ! -x "$bin" ] || [ "$here/$1.c" -nt "$bin" ]; then
		"$CC" -static -O1 -march="$2" -mabi=lp64d -o "$bin" "$here/$1.c" -lm 2>"$tmp/cc.err" ||
			{ echo "FAIL isa:$1: cross-compilation failed"; sed 's/^/    /' "$tmp/cc.err" | head -5; return 1; }
	fi
}
check() {   # check NAME EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then
		echo "PASS isa:$1"
	else
		echo "FAIL isa:$1: output differs (< expected, > actual)"
		diff "$2" "$3" | head -6 | sed 's/^/    /'
	fi
}
run() { (cd "$tmp" && exec env -i "$@" 2>/dev/null); echo "[exit $?]"; }

if build bitmanip rv64gc_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx; then
	run "$QELT" "$out/bitmanip" > "$tmp/b1"
	check bitmanip "$here/expected/bitmanip.out" "$tmp/b1"
	run QELT_GENERIC_BITOPS=1 "$QELT" "$out/bitmanip" > "$tmp/b2"
	check bitmanip-generic "$here/expected/bitmanip.out" "$tmp/b2"
	if [ -n "$QEMU" ]; then
		run "$QEMU" -cpu rv64,zba=true,zbb=true,zbc=true,zbs=true,zbkb=true,zbkc=true,zbkx=true \
			"$out/bitmanip" | grep -v '^ctzw ' > "$tmp/b3"
		grep -v '^ctzw ' "$here/expected/bitmanip.out" > "$tmp/b4"
		check bitmanip-vs-qemu "$tmp/b4" "$tmp/b3"
	else
		echo "SKIP isa:bitmanip-vs-qemu: qemu-riscv64 not installed"
	fi
fi

if build crypto rv64gc_zkne_zknd_zknh_zksh; then
	kcpu=rv64,zkne=true,zknd=true,zknh=true,zksh=true
	run "$QELT" -cpu "$kcpu" "$out/crypto" > "$tmp/k1"
	check crypto "$here/expected/crypto.out" "$tmp/k1"
	if [ -n "$QEMU" ]; then
		run "$QEMU" -cpu "$kcpu" "$out/crypto" > "$tmp/k2"
		check crypto-vs-qemu "$here/expected/crypto.out" "$tmp/k2"
	fi
	d=$(run "$QELT" "$out/crypto" 2>/dev/null)   # the default leaves Zk* off
	[ "$d" = "[exit 132]" ] && echo "PASS isa:sigill-zkne-default" ||
		echo "FAIL isa:sigill-zkne-default: $d"
fi

if build zfh rv64gc_zfhmin; then
	run "$QELT" "$out/zfh" > "$tmp/z1"
	check zfhmin "$here/expected/zfh.out" "$tmp/z1"
	if [ -n "$QEMU" ]; then
		run "$QEMU" -cpu rv64,Zfh=true,Zfhmin=true "$out/zfh" > "$tmp/z2"
		check zfhmin-vs-qemu "$here/expected/zfh.out" "$tmp/z2"
	fi
	d=$(run "$QELT" -cpu rv64,zfh=false,zfhmin=false "$out/zfh" 2>/dev/null)
	[ "$d" = "[exit 132]" ] && echo "PASS isa:sigill-zfhmin" || echo "FAIL isa:sigill-zfhmin: $d"
fi

if build zfh_arith rv64gc_zfh; then
	run "$QELT" "$out/zfh_arith" > "$tmp/y1"
	check zfh "$here/expected/zfh_arith.out" "$tmp/y1"
	if [ -n "$QEMU" ]; then
		run "$QEMU" -cpu rv64,Zfh=true "$out/zfh_arith" > "$tmp/y2"
		check zfh-vs-qemu "$here/expected/zfh_arith.out" "$tmp/y2"
	fi
	d=$(run "$QELT" -cpu rv64,zfh=false "$out/zfh_arith" 2>/dev/null)
	[ "$d" = "[exit 132]" ] && echo "PASS isa:sigill-zfh" || echo "FAIL isa:sigill-zfh: $d"
fi

if build zfa rv64gc; then
	run "$QELT" "$out/zfa" > "$tmp/f1"
	check zfa "$here/expected/zfa.out" "$tmp/f1"
	d=$(run "$QELT" -cpu rv64,zfa=false "$out/zfa" 2>/dev/null)
	[ "$d" = "[exit 132]" ] && echo "PASS isa:sigill-zfa" || echo "FAIL isa:sigill-zfa: $d"
fi

if build sm4 rv64gc_zksed; then
	run "$QELT" -cpu rv64,zksed=true "$out/sm4" > "$tmp/sm1"
	check sm4 "$here/expected/sm4.out" "$tmp/sm1"
	if [ -n "$QEMU" ]; then
		run "$QEMU" -cpu rv64,zksed=true "$out/sm4" > "$tmp/sm2"
		check sm4-vs-qemu "$tmp/sm2" "$tmp/sm1"
	else
		echo "SKIP isa:sm4-vs-qemu: qemu-riscv64 not installed"
	fi
	# Zksed is off by default (as in QEMU): SIGILL; -cpu max turns it on
	on=$(run "$QELT" -cpu max "$out/sm4" one 2>/dev/null)
	off=$(run "$QELT" "$out/sm4" one 2>/dev/null)
	if [ "$on" = "[exit 0]" ] && [ "$off" = "[exit 132]" ]; then
		echo "PASS isa:sigill-zksed"
	else
		echo "FAIL isa:sigill-zksed: on gives $on, off gives $off (want 0 and 132)"
	fi
fi

if build zfa_h rv64gc; then
	run "$QELT" "$out/zfa_h" > "$tmp/fh1"
	check zfa_h "$here/expected/zfa_h.out" "$tmp/fh1"
	# fli.h needs both Zfa and Zfh
	for e in zfa zfh; do
		on=$(run "$QELT" "$out/zfa_h" one 2>/dev/null)
		off=$(run "$QELT" -cpu "rv64,$e=false" "$out/zfa_h" one 2>/dev/null)
		if [ "$on" = "[exit 0]" ] && [ "$off" = "[exit 132]" ]; then
			echo "PASS isa:sigill-zfa_h-no-$e"
		else
			echo "FAIL isa:sigill-zfa_h-no-$e: on gives $on, off gives $off (want 0 and 132)"
		fi
	done
fi

if build ext rv64gc; then
	run "$QELT" -cpu max "$out/ext" > "$tmp/e1"
	check ext "$here/expected/ext.out" "$tmp/e1"
	# extension off -> SIGILL (exit 132); on -> exit 0
	for c in czero:zicond clz:zbb zcb:zcb cbo:zicboz mop:zimop amocas:zacas; do
		w=${c%%:*} e=${c#*:}
		on=$(run "$QELT" -cpu "max" "$out/ext" "$w" 2>/dev/null)
		off=$(run "$QELT" -cpu "max,$e=false" "$out/ext" "$w" 2>/dev/null)
		if [ "$on" = "[exit 0]" ] && [ "$off" = "[exit 132]" ]; then
			echo "PASS isa:sigill-$e"
		else
			echo "FAIL isa:sigill-$e: on gives $on, off gives $off (want 0 and 132)"
		fi
	done
	# amocas.q on a misaligned address: SIGBUS (exit 135)
	d=$(run "$QELT" -cpu max "$out/ext" amocasq-misaligned 2>/dev/null)
	[ "$d" = "[exit 135]" ] && echo "PASS isa:amocasq-misaligned" ||
		echo "FAIL isa:amocasq-misaligned: $d"
	# amocas.w/d/q need -cpu max or zacas=true: the default leaves Zacas off
	d=$(run "$QELT" "$out/ext" amocas 2>/dev/null)
	[ "$d" = "[exit 132]" ] && echo "PASS isa:sigill-zacas-default" ||
		echo "FAIL isa:sigill-zacas-default: $d"
fi

if build vcsr rv64gcv; then
	for vl in 128 512; do
		run "$QELT" -cpu rv64,v=true,vlen=$vl "$out/vcsr" > "$tmp/v"
		check "vcsr-vlen$vl" "$here/expected/vcsr.vlen$vl.out" "$tmp/v"
		if [ -n "$QEMU" ]; then
			run "$QEMU" -cpu rv64,v=true,vlen=$vl "$out/vcsr" | grep -v '^vxrm 0xff' > "$tmp/q"
			grep -v '^vxrm 0xff' "$here/expected/vcsr.vlen$vl.out" > "$tmp/e"
			check "vcsr-vlen$vl-qemu" "$tmp/e" "$tmp/q"
		fi
	done
	run "$QELT" "$out/vcsr" nov > "$tmp/v"
	check vcsr-without-v "$here/expected/vcsr.nov.out" "$tmp/v"
fi

# Zkr: seed through the write forms (status ES16, zero-extended: qemu-riscv64 7.2 sign-extends
# it, so it is not compared), the read-only form illegal; off by default (SIGILL)
if build zkr rv64gc; then
	run "$QELT" -cpu rv64,zkr=true "$out/zkr" > "$tmp/r1"
	check zkr "$here/expected/zkr.out" "$tmp/r1"
	run "$QELT" "$out/zkr" > "$tmp/r2"
	check zkr-default-off "$here/expected/zkr.off.out" "$tmp/r2"
fi

if build hwprobe rv64gc; then
	for c in default:rv64 nozba:rv64,zba=false,zicboz=false,zbb=off max:max; do
		n=${c%%:*} cpu=${c#*:}
		run "$QELT" -cpu "$cpu" "$out/hwprobe" > "$tmp/h"
		check "hwprobe-$n" "$here/expected/hwprobe-$n.out" "$tmp/h"
	done
fi

# -cpu help lists models and properties; bad arguments are one "qelt: ..." line, status 1
if "$QELT" -cpu help | grep -q '^  zbb ' && "$QELT" -cpu help | grep -q '^  max '; then
	echo "PASS isa:cpu-help"
else
	echo "FAIL isa:cpu-help"
fi
# README's list of extensions agrees with the table: every -cpu property (OPT row of
# guest/riscv/extensions.def) is named in README.md's "ISA extensions" section.
repo=$(cd "$here/../.." && pwd)
missing=
for n in $(sed -n 's/^EXT([A-Z0-9_]*, *"\([a-z0-9]*\)", *OPT,.*/\1/p' "$repo/guest/riscv/extensions.def"); do
	sed -n '/^## ISA extensions/,/^## /p' "$repo/README.md" | grep -qiw "$n" || missing="$missing $n"
done
if [ -z "$missing" ]; then echo "PASS isa:readme-extensions"
else echo "FAIL isa:readme-extensions: README.md does not name:$missing"; fi
for bad in "rv99" "rv64,zbq=true" "rv64,zba=maybe" "rv64,c=false"; do
	msg=$("$QELT" -cpu "$bad" /bin/true 2>&1); st=$?
	if [ $st -eq 1 ] && [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] && [[ $msg == qelt:* ]]; then
		echo "PASS isa:cpu-bad-$bad"
	else
		echo "FAIL isa:cpu-bad-$bad: status $st, message: $msg"
	fi
done
exit 0
