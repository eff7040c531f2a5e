# Shared by tests/guest/run.sh and tests/guest/regen.sh (sourced, not run): the list of guest
# tests, how each is cross-compiled, and how each is run, so the expected outputs are produced
# exactly the way they are checked.
# A test is tests/guest/NAME.S (assembly, linked with lib/rt.S, no libc, rv64imac/lp64) or
# tests/guest/NAME.c (C, -O2, static glibc). C tests use -march=rv64gc -mabi=lp64d because the
# Debian cross glibc is built only for lp64d; the test code itself uses no floating point.
# The captured result is the guest's stdout followed by a line "[exit N]" (N = shell status,
# 128+signal for a guest killed by a signal); stderr is not compared, since qemu and qelt word
# their fatal-signal lines differently.

GUEST_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GUEST_CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
GUEST_ASFLAGS="-march=rv64imac_zicsr_zifencei -mabi=lp64 -static -nostdlib -I$GUEST_SRC"
GUEST_CFLAGS="-O2 -static -march=rv64gc -mabi=lp64d -Wall"
GUEST_TIMEOUT=${GUEST_TIMEOUT:-20}

# guest_list [NAME...]: test names (all of them when no name is given).
guest_list() {
	if [ $# -gt 0 ]; then printf '%s\n' "$@"; return; fi
	local f
	for f in "$GUEST_SRC"/*.S "$GUEST_SRC"/*.c; do
		[ -e "$f" ] || continue
		f=$(basename "$f")
		echo "${f%.*}"
	done
}

# guest_build NAME OUTDIR: (re)builds OUTDIR/NAME when its source or the shared runtime is newer.
# Prints the compiler's errors and returns non-zero on failure.
guest_build() {
	local name=$1 outdir=$2 bin=$2/$1 src
	mkdir -p "$outdir"
	if [ -f "$GUEST_SRC/$name.S" ]; then
		src=$GUEST_SRC/$name.S
		if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$GUEST_SRC/lib/rt.S" -nt "$bin" ] ||
		   [ "$GUEST_SRC/lib/macros.h" -nt "$bin" ]; then
			$GUEST_CC $GUEST_ASFLAGS "$src" "$GUEST_SRC/lib/rt.S" -o "$bin.tmp" 2>&1 &&
				mv "$bin.tmp" "$bin"
		fi
	elif [ -f "$GUEST_SRC/$name.c" ]; then
		src=$GUEST_SRC/$name.c
		if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
			$GUEST_CC $GUEST_CFLAGS "$src" -o "$bin.tmp" 2>&1 && mv "$bin.tmp" "$bin"
		fi
	else
		echo "no source for $name"
		return 1
	fi
}

# guest_args NAME: sets the array GUEST_ARGS (program arguments) for a test.
guest_args() {
	GUEST_ARGS=()
	case $1 in
	c_args) GUEST_ARGS=(one "" "two words" --dash) ;;
	esac
}

# guest_run EMULATOR BIN NAME OUTFILE: runs one test in a scratch directory with a fixed
# environment and no core dumps; writes stdout + "[exit N]" to OUTFILE, stderr to OUTFILE.err.
guest_run() {
	local emu=$1 bin=$2 name=$3 outfile=$4 rc dir
	guest_args "$name"
	dir=$(mktemp -d)
	# The outer subshell absorbs the shell's "Segmentation fault" job message for a guest that
	# dies of a signal (timeout re-raises the guest's signal on itself).
	( (
		cd "$dir" || exit 1
		ulimit -c 0
		exec timeout -k 5 "$GUEST_TIMEOUT" env -i QELT_TEST_VAR=hello LC_ALL=C \
			"$emu" "$bin" ${GUEST_ARGS[@]+"${GUEST_ARGS[@]}"}
	) >"$outfile" 2>"$outfile.err" </dev/null; exit $? ) 2>/dev/null
	rc=$?
	rm -rf "$dir"
	echo "[exit $rc]" >>"$outfile"
	return 0
}
