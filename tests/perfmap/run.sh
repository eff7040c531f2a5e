#!/usr/bin/env bash
# -perfmap suite: qelt-riscv64 -perfmap / QEMU_PERFMAP and qelt-system-riscv64 -perfmap write
# /tmp/perf-<pid>.map (Linux perf's JIT map: "START SIZE NAME" per line, hex) as runtime/perfmap.c
# describes. Checks:
#   user        a guest with named functions and a fork: the parent's map starts with the
#               shared code's line, every line is well formed, ranges do not overlap, the
#               parent's functions are named by symbol; the child's own map names child_work
#   env         QEMU_PERFMAP=1 does the same; without either no map is written
#   system      a bare-metal program on the virt board: blocks named guest-0x<pc>
#   unwritable  a map that cannot be created is a warning, the guest still runs
# Prints "PASS perfmap:..." / "FAIL perfmap:...: why" / "SKIP ...". Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../guest/lib/common.sh"
BUILD=${BUILD:-$here/../../build}
BUILD=$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)
QELT=${QELT:-$BUILD/qelt-riscv64}
SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
outdir=$BUILD/tests/perfmap
mkdir -p "$outdir"
tmp=$(mktemp -d)
maps=()
trap 'rm -rf "$tmp"; rm -f "${maps[@]}"' EXIT

if ! command -v "$GUEST_CC" >/dev/null 2>&1; then
	echo "SKIP perfmap: $GUEST_CC not installed"
	exit 0
fi
if [ ! -x "$QELT" ]; then echo "FAIL perfmap: $QELT not built"; exit 0; fi
bin=$outdir/perfmap
if [ ! -x "$bin" ] || [ "$here/perfmap.c" -nt "$bin" ]; then
	$GUEST_CC $GUEST_CFLAGS "$here/perfmap.c" -o "$bin" >"$tmp/cc.log" 2>&1 || {
		echo "FAIL perfmap: cross-compilation failed"; head -n 5 "$tmp/cc.log"; exit 0; }
fi

# check_map NAME FILE NEEDED-NAME...: the map's shape, then each needed name on some line.
check_map() {
	local name=$1 f=$2 why=""
	shift 2
	if [ ! -s "$f" ]; then echo "FAIL perfmap:$name: no map $f"; return; fi
	head -n 1 "$f" | grep -qE '^[0-9a-f]+ [0-9a-f]+ qelt-prologue-and-stubs$' ||
		why="first line '$(head -n 1 "$f")'"
	local bad
	bad=$(grep -cvE '^[0-9a-f]+ [0-9a-f]+ [^ ]+$' "$f")
	[ "$bad" -eq 0 ] || why="$why; $bad malformed lines"
	# Ranges: sorted by start, each starts at or after the previous end.
	local ov
	ov=$(while read -r a z _; do echo "$((16#$a)) $((16#$z))"; done <"$f" | sort -n |
		awk 'NR > 1 && $1 < end { n++ } { if ($1 + $2 > end) end = $1 + $2 } END { print n + 0 }')
	[ "$ov" -eq 0 ] || why="$why; $ov overlapping ranges"
	local n
	for n in "$@"; do
		grep -qE " $n(\+0x[0-9a-f]+)?\$" "$f" || why="$why; no line names $n"
	done
	if [ -z "$why" ]; then echo "PASS perfmap:$name"
	else echo "FAIL perfmap:$name: ${why#; }"; fi
}

# run_user NAME ENV-PREFIX... -- QELT-ARGS...: runs the guest, leaves its pid in $pid and
# the child's in $cpid.
run_user() {
	local name=$1
	shift
	"$@" "$bin" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pid=$!
	wait "$pid"
	local rc=$?
	cpid=$(awk '/^child/ { print $2 }' "$tmp/$name.out")
	maps+=("/tmp/perf-$pid.map")
	[ -n "$cpid" ] && maps+=("/tmp/perf-$cpid.map")
	if [ $rc -ne 0 ] || ! grep -q '^parent' "$tmp/$name.out"; then
		echo "FAIL perfmap:$name: guest status $rc, output '$(head -c 80 "$tmp/$name.out")'"
		return 1
	fi
}

if run_user user "$QELT" -perfmap; then
	check_map user "/tmp/perf-$pid.map" main parent_work
	check_map user-fork-child "/tmp/perf-$cpid.map" child_work
fi
if run_user env env QEMU_PERFMAP=1 "$QELT"; then
	check_map env "/tmp/perf-$pid.map" parent_work
fi
if run_user none "$QELT"; then
	if [ -e "/tmp/perf-$pid.map" ] || [ -e "/tmp/perf-$cpid.map" ]; then
		echo "FAIL perfmap:none: a map was written without -perfmap"
	else echo "PASS perfmap:none"; fi
fi
# A map that cannot be created (a directory in its place; the shell's pid is qelt's after exec):
# a warning, and the guest runs on.
bash -c 'mkdir /tmp/perf-$$.map && echo "dir /tmp/perf-$$.map" && exec "$0" -perfmap "$1"' "$QELT" "$bin" \
	>"$tmp/unw.out" 2>"$tmp/unw.err"
rc=$?
blocked=$(awk '/^dir / { print $2 }' "$tmp/unw.out")
cpid=$(awk '/^child/ { print $2 }' "$tmp/unw.out")
[ -n "$cpid" ] && maps+=("/tmp/perf-$cpid.map")
if [ $rc -eq 0 ] && grep -q '^parent' "$tmp/unw.out" &&
   grep -q '^qelt: warning: -perfmap: cannot create' "$tmp/unw.err"; then
	echo "PASS perfmap:unwritable"
else
	echo "FAIL perfmap:unwritable: status $rc, stderr '$(head -c 120 "$tmp/unw.err")'"
fi
[ -n "$blocked" ] && rmdir "$blocked"

# The machine: a bare-metal program (tests/machine/uart-hello.S) at the virt board's RAM.
if [ ! -x "$SYS" ]; then
	echo "SKIP perfmap:system: $SYS not built"
	exit 0
fi
"$GUEST_CC" -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments -o "$tmp/hello.elf" "$here/../machine/uart-hello.S" ||
	{ echo "FAIL perfmap:system: uart-hello.S does not assemble"; exit 0; }
"$SYS" -M virt -bios none -nographic -perfmap -kernel "$tmp/hello.elf" \
	</dev/null >"$tmp/sys.out" 2>"$tmp/sys.err" &
spid=$!
( sleep 60; kill "$spid" 2>/dev/null ) &
dog=$!
wait "$spid"
rc=$?
kill "$dog" 2>/dev/null
maps+=("/tmp/perf-$spid.map")
if [ $rc -ne 7 ]; then
	echo "FAIL perfmap:system: status $rc (7 expected), stderr '$(head -c 120 "$tmp/sys.err")'"
else
	check_map system "/tmp/perf-$spid.map" guest-0x80000000
fi
