# Shared by tests/system/run.sh and the other system-level scripts (sourced, not run): the list
# of bare-metal tests, how each is assembled, and how each is run, so that expected outputs are
# produced exactly the way they are checked.
# A test is tests/system/NAME.S, assembled with lib/rt.S and linked with lib/link.ld. No C
# extension (-march without c): every instruction is 4 bytes, which the trap handlers rely on.
# The captured result is the UART output followed by "[exit N]" (N = the emulator's exit status:
# 0 for the finisher's pass, the code for a fail, 124 for a timeout).

SYS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SYS_CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
SYS_FLAGS="-march=rv64imafd_zicsr_zifencei -mabi=lp64 -static -nostdlib -nostartfiles -I$SYS_SRC -T $SYS_SRC/lib/link.ld -Wl,--no-relax"
SYS_TIMEOUT=${SYSTEST_TIMEOUT:-10}
BUILD=${BUILD:-$SYS_SRC/../../build}
SYS_OUT=$BUILD/tests/system
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
# the machine both emulators get (qemu-system-riscv64's spelling)
SYS_MACHINE=(-M virt -bios none -nographic -m 128M)

# sys_list [NAME...]: test names (all of them when none is given).
sys_list() {
	if [ $# -gt 0 ]; then printf '%s\n' "$@"; return; fi
	local f
	for f in "$SYS_SRC"/*.S; do
		[ -e "$f" ] || continue
		f=$(basename "$f")
		echo "${f%.S}"
	done
}

# sys_build NAME: (re)builds $SYS_OUT/NAME.elf when its source or the runtime is newer.
sys_build() {
	local name=$1 src=$SYS_SRC/$1.S elf=$SYS_OUT/$1.elf f stale=0
	mkdir -p "$SYS_OUT"
	[ -f "$src" ] || { echo "no source $src"; return 1; }
	[ -f "$elf" ] || stale=1
	for f in "$src" "$SYS_SRC"/lib/rt.S "$SYS_SRC"/lib/rt.h "$SYS_SRC"/lib/link.ld "$SYS_SRC"/lib/*.inc; do
		[ -f "$f" ] && [ "$f" -nt "$elf" ] && stale=1
	done
	[ $stale -eq 0 ] && return 0
	$SYS_CC $SYS_FLAGS "$src" "$SYS_SRC/lib/rt.S" -o "$elf.tmp" 2>&1 && mv "$elf.tmp" "$elf"
}

# sys_args NAME: sets the array SYS_EXTRA (options a test adds to SYS_MACHINE),
# SYS_RUN_TIMEOUT (seconds: SYS_TIMEOUT, at least 60 for tests with several harts, whose
# threads can wait for host cores on a loaded machine: QEMU took over 10 s for jcinval there)
# and SYS_QELT_ONLY (1: what the test checks is qelt's choice where the spec leaves it open, so
# QEMU is not run; the test's header says why).
sys_args() {
	SYS_EXTRA=()
	SYS_RUN_TIMEOUT=$SYS_TIMEOUT
	SYS_QELT_ONLY=0
	case $1 in
	smp | mip_race) SYS_EXTRA=(-smp 2) ;;
	wfi_poll) SYS_EXTRA=(-smp 2) SYS_QELT_ONLY=1 ;;
	jit4 | jcinval) SYS_EXTRA=(-smp 4) ;;
	virtio_probe) SYS_EXTRA=(-device virtio-rng-device) ;;
	zb_off) SYS_EXTRA=(-cpu rv64,zba=false,zbb=false) ;;
	vs|vseed-*) SYS_EXTRA=(-cpu rv64,v=true,vlen=128) ;;
	zkr) SYS_EXTRA=(-cpu rv64,zkr=true) ;;
	esac
	[ ${#SYS_EXTRA[@]} -gt 0 ] && [ "${SYS_EXTRA[0]}" = -smp ] && [ "$SYS_RUN_TIMEOUT" -lt 60 ] &&
		SYS_RUN_TIMEOUT=60
	return 0
}

# sys_input NAME: the file a test gets as stdin (the UART's input): input/NAME.txt or /dev/null.
sys_input() {
	if [ -f "$SYS_SRC/input/$1.txt" ]; then echo "$SYS_SRC/input/$1.txt"; else echo /dev/null; fi
}

# sys_run EMULATOR ELF OUTFILE: one run with stdin from sys_input; stdout + "[exit N]" to OUTFILE,
# stderr to OUTFILE.err. The test's own options come from sys_args (by the ELF's name).
sys_run() {
	local emu=$1 elf=$2 outfile=$3 rc
	local name; name=$(basename "$elf" .elf)
	sys_args "$name"
	( ulimit -c 0; exec timeout -k 2 "$SYS_RUN_TIMEOUT" "$emu" "${SYS_MACHINE[@]}" \
		${SYS_EXTRA[@]+"${SYS_EXTRA[@]}"} -kernel "$elf" <"$(sys_input "$name")" >"$outfile" 2>"$outfile.err" ) 2>/dev/null
	rc=$?
	echo "[exit $rc]" >>"$outfile"
	return 0
}
