#!/usr/bin/env bash
# Random differential tester: for each seed, gen.py writes a program of random RV64IMAC
# instructions, it is cross-compiled, run under $QELT and qemu-riscv64, and the two outputs
# (all registers + the scratch buffer) and exit statuses must be byte-identical. Every third
# seed (seed % 3 == 0) also draws Zba/Zbb/Zbs/Zbc/Zbkb/Zbkc/Zbkx instructions (gen.py ... zb),
# which qemu-riscv64 runs with those extensions turned on in -cpu; every seed with seed % 3 == 2
# draws Zfh half-precision and Zkne/Zknd/Zknh/Zksh/Zksed instructions (gen.py ... zfk; the dump
# then also has f0..f31 and fcsr). Both emulators get the same -cpu. Then VSEEDS more seeds
# (10; 40 with --long/QELT_SLOW) draw random vector code besides (gen.py ... v, tests/fuzz/genv.py:
# vsetvli with random SEW/LMUL/policies, loads/stores, integer and FP vector instructions; the
# dump adds v0..v31, vl, vtype, vstart, vcsr, f0..f31, fcsr), built for rv64gcv and run with
# -cpu rv64,v=true,vlen=N by both emulators, N = 128, 256, 512 by turns.
#   run.sh                 30 fixed seeds x 300 instructions (the make check budget)
#   run.sh --long N        N seeds x 1000 instructions, seeds from a random start (printed)
#   QELT_SLOW=1 run.sh     same as --long 500
#   run.sh --seed S [LEN]  one seed, e.g. to reproduce a failure
# Prints "PASS fuzz:seed-S" / "FAIL fuzz:seed-S: why"; on a mismatch the .S file is kept in
# $BUILD/tests/fuzz/ and its path printed. Works from any cwd. Then runs sys.sh (system mode:
# random code in S/U mode with paging, qemu-system-riscv64 vs qelt-system-riscv64).
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
work=$BUILD/tests/fuzz
mkdir -p "$work"

first=1 count=30 len=300 vseeds=10 vlen=200
if [ "${1:-}" = --long ]; then
	count=${2:-200}; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 )); vseeds=40 vlen=500
elif [ "${1:-}" = --seed ]; then
	first=$2; count=1; len=${3:-300}; vseeds=1 vlen=${3:-200}
elif [ "${QELT_SLOW:-}" = 1 ]; then
	count=500; len=1000; first=$(( (RANDOM << 15 | RANDOM) + 1000 )); vseeds=40 vlen=500
fi
VPARTS=${QELT_FUZZ_VPARTS:-mem,int,fp}   # the vector kinds drawn (genv.py)
[ "$count" -gt 1 ] && [ "$first" -ne 1 ] && echo "fuzz: seeds $first..$((first + count - 1)), $len instructions"

for tool in "$CC" qemu-riscv64 python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP fuzz:all: $tool not installed"
		exit 0
	fi
done
if [ ! -x "$QELT" ] && ! command -v "$QELT" >/dev/null 2>&1; then
	echo "FAIL fuzz:all: $QELT not built"
	exit 0
fi

# run OUT EMU [OPTIONS...] BIN: exit status of the guest (128+N for signal N), output in OUT.
run() {
	local out=$1
	shift
	( ulimit -c 0; timeout -k 2 20 "$@" >"$out" 2>/dev/null </dev/null; exit $? ) 2>/dev/null
}
ZB_MARCH=_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx
ZB_CPU=rv64,zba=true,zbb=true,zbs=true,zbc=true,zbkb=true,zbkc=true,zbkx=true
ZFK_MARCH=rv64imafdc_zicsr_zifencei_zfh_zkne_zknd_zknh_zksh_zksed
ZFK_CPU=rv64,Zfh=true,zkne=true,zknd=true,zknh=true,zksh=true,zksed=true   # QEMU 7.2 spells Zfh so

# check NAME BASE MARCH GEN-ARGS -- EMULATOR-OPTIONS...: generate, assemble, run under both and
# compare; prints one PASS/FAIL line.
check() {
	local name=$1 base=$2 march=$3 gargs=() opts=() log rq rl
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do gargs+=("$1"); shift; done
	shift
	opts=("$@")
	if ! python3 "$here/gen.py" gen "${gargs[@]}" >"$base.S"; then
		echo "FAIL fuzz:$name: generator failed"
		return
	fi
	if ! log=$($CC -march="$march" -mabi=lp64 -static -nostdlib "$base.S" -o "$base" 2>&1); then
		echo "FAIL fuzz:$name: assembly failed, kept $base.S"
		printf '%s\n' "$log" | head -n 4 | sed 's/^/    /'
		return
	fi
	run "$base.qemu" qemu-riscv64 "${opts[@]}" "$base"; rq=$?
	run "$base.qelt" "$QELT" "${opts[@]}" "$base"; rl=$?
	if [ "$rq" -ne 0 ]; then
		echo "FAIL fuzz:$name: qemu-riscv64 itself exited $rq (generator bug), kept $base.S"
	elif [ "$rl" -ne "$rq" ]; then
		echo "FAIL fuzz:$name: qelt exited $rl, qemu $rq; kept $base.S"
	elif ! cmp -s "$base.qemu" "$base.qelt"; then
		echo "FAIL fuzz:$name: output differs (qemu vs qelt); kept $base.S"
		python3 "$here/gen.py" diff "$base.qemu" "$base.qelt"
	else
		echo "PASS fuzz:$name"
		rm -f "$base.S" "$base"
	fi
	rm -f "$base.qemu" "$base.qelt"
}

for ((seed = first; seed < first + count; seed++)); do
	zb=() march=rv64imac_zicsr_zifencei qcpu=()
	if [ $((seed % 3)) -eq 0 ]; then
		zb=(zb) march=$march$ZB_MARCH qcpu=(-cpu "$ZB_CPU")
	elif [ $((seed % 3)) -eq 2 ]; then
		zb=(zfk) march=$ZFK_MARCH qcpu=(-cpu "$ZFK_CPU")
	fi
	check "seed-$seed" "$work/seed-$seed" "$march" "$seed" "$len" "${zb[@]}" -- "${qcpu[@]}"
done
# Vector seeds: same seed numbers, "v" programs.
for ((seed = first; seed < first + vseeds; seed++)); do
	vbits=$((128 << (seed % 3)))   # VLEN 128, 256, 512 in turn (genv.py sizes its accesses)
	QELT_FUZZ_VLEN=$vbits check "vseed-$seed" "$work/vseed-$seed" rv64gcv "$seed" "$vlen" \
		"v:$VPARTS" -- -cpu "rv64,v=true,vlen=$vbits"
done
# The system-mode variant (qemu-system-riscv64 vs $QELT_SYS), same options: see sys.sh.
bash "$here/sys.sh" "$@"
exit 0
