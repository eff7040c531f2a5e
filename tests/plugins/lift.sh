#!/usr/bin/env bash
# Lifted callbacks (plugins/lower.c, host/x86_64/cblift.c): callbacks whose fast path qelt
# summarizes run as inline guards, stores and merged adds; their plugin's memory must hold
# exactly what the calls would have left. Checks, each "PASS plugins:lift-..." / "FAIL ...":
#   - which callbacks of tests/plugins/lift.c and of QEMU 7.2's insn and mem plugins are lifted
#     (QELT_CALLBACK_LIFT_LOG=1), so the other checks test lifted code;
#   - lift.c's output (per-vCPU counters against per-vCPU scoreboard inline adds, a counter
#     two callbacks add to, a non-lifted callback reading lifted counters, a guard on udata
#     whose slow path runs often) equal with and without lifting (QELT_NO_CALLBACK_LIFT=1),
#     on a program faulting into a SIGSEGV handler mid-block (guest/faults.c; also two lift.c
#     instances and QEMU's insn plugin at once) and on one with
#     threads, system calls and faults (guest/lifted.c; per-vCPU lines of the threads, whose
#     counts do not depend on timing), and with its threads running at once (match lines);
#   - the same for QEMU 7.2's insn and mem (callback=on) plugins, when built (qemu-compat.sh);
#   - one-block loops (guest/lifted.c "loops": a sum running into a PROT_NONE page, so a SIGSEGV
#     stops it mid-loop, after a different number of iterations each round) with only lifted
#     callbacks (lift.c loop=on; lift_last's slow path, the real call, runs in most
#     iterations, lift_nth's every 256th instruction: its guard reads lift_count's counter,
#     kept in the counter register), QEMU's insn and mem plugins: qelt's loop blocks (host/x86_64/codegen-loop.c)
#     hold the lifted code (a back edge in -d out_asm), every count equal with lifting off
#     (the accessed values' sum aside: it includes host-chosen mmap addresses) and QEMU's
#     plugins' counts qemu-riscv64's plus one (glibc's startup, see qemu-compat.sh).
# Runs use -seed 1 (accessed values include the AT_RANDOM canary). The comparison with
# qemu-riscv64's counts is qemu-compat.sh's (it runs these plugins lifted).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
PL=$BUILD/tests/plugins
Q72=$PL/q72
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
out=$PL/guest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS plugins:lift-$1"; }
fail() { echo "FAIL plugins:lift-$1: $2"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -n 12; }

command -v "$GCC" >/dev/null 2>&1 || { echo "SKIP plugins:lift: $GCC not installed"; exit 0; }
[ -f "$PL/liblift.so" ] || { echo "FAIL plugins:lift-build: $PL/liblift.so missing (make plugins)"; exit 0; }
mkdir -p "$out"
for p in faults lifted; do
	if ! [ "$out/$p" -nt "$here/guest/$p.c" ]; then
		"$GCC" -O2 -static -pthread -o "$out/$p" "$here/guest/$p.c" ||
			{ echo "FAIL plugins:lift-build: guest/$p.c"; exit 0; }
	fi
done

# run NAME ENV PLUGIN-SPECS PROGRAM [ARG]: plugin output in $tmp/NAME, qelt's stderr in
# $tmp/NAME.err (PLUGIN-SPECS: one or more, separated by spaces)
run() {
	local p specs=()
	for p in $3; do specs+=(-plugin "$p"); done
	env -i $2 timeout 120 "$QELT" -seed 1 -d plugin -D "$tmp/$1" "${specs[@]}" "$out/$4" ${5:-} >/dev/null 2>"$tmp/$1.err"
}
# same NAME SPEC PROGRAM [FILTER]: output (lines matching FILTER) equal with and without lifting
# (PROGRAM may carry an argument: "lifted loops")
same() {
	local n=$1 spec=$2 prog=${3%% *} arg= filt=${4:-.}
	[ "$prog" != "$3" ] && arg=${3#* }
	# the same environment size for both (the guest sees it)
	if ! run "$n.on" "QELT_CALLBACK_LIFT_LOG=1 QELT_NO_CALLBACK_LIFT=0" "$spec" "$prog" "$arg" ||
	   ! run "$n.off" "QELT_CALLBACK_LIFT_LOG=1 QELT_NO_CALLBACK_LIFT=1" "$spec" "$prog" "$arg"; then
		fail "$n" "qelt failed" "$tmp/$n.on.err"
	elif [ ! -s "$tmp/$n.on" ]; then
		fail "$n" "no plugin output" "$tmp/$n.on.err"
	elif grep -q MISMATCH "$tmp/$n.on"; then
		fail "$n" "a lifted counter differs from its scoreboard reference" "$tmp/$n.on"
	elif ! diff <(grep -e "$filt" "$tmp/$n.on") <(grep -e "$filt" "$tmp/$n.off") >"$tmp/$n.diff"; then
		fail "$n" "output differs with QELT_NO_CALLBACK_LIFT=1" "$tmp/$n.diff"
	else
		pass "$n"
	fi
}
# lifted NAME LINE...: qelt's lift log of run NAME has every LINE
lifted() {
	local n=$1 l ok=1; shift
	for l in "$@"; do grep -qxF "qelt: callback $l" "$tmp/$n.on.err" || ok=0; done
	if [ $ok = 1 ]; then pass "$n-which"; else fail "$n-which" "unexpected lifting decisions" "$tmp/$n.on.err"; fi
}

same own-faults "$PL/liblift.so" faults
lifted own-faults "lift_count lifted (0 guards, 1 effects)" "lift_last lifted (1 guards, 1 effects)" \
	"lift_one lifted (0 guards, 1 effects)" "lift_two lifted (0 guards, 1 effects)" \
	"lift_tb lifted (0 guards, 1 effects)" \
	"lift_mem lifted (0 guards, 1 effects)" "lift_memval lifted (1 guards, 1 effects)" \
	"lift_every not lifted" "lift_read not lifted"
grep -q "^rep [1-9].* values [1-9]" "$tmp/own-faults.on" && pass own-slow-path || fail own-slow-path "the guard never failed" "$tmp/own-faults.on"
same own-threads "$PL/liblift.so" lifted "vcpu [1-9]"
grep -c "vcpu [1-9] insn match mem match" "$tmp/own-threads.on" | grep -qx 6 && pass own-threads-match ||
	fail own-threads-match "expected 6 per-vCPU match lines (3 threads, exit and end)" "$tmp/own-threads.on"
# the threads at once: every vCPU's lifted counters still equal its scoreboard's
if run own-concurrent "QELT_NO_CALLBACK_LIFT=0" "$PL/liblift.so" lifted concurrent &&
   [ "$(grep -c "vcpu [0-3] insn match mem match" "$tmp/own-concurrent")" = 8 ]; then pass own-concurrent
else fail own-concurrent "expected 8 per-vCPU match lines (4 vCPUs, exit and end)" "$tmp/own-concurrent"; fi

# one-block loops with lifted callbacks only: loop blocks (a back edge: the exit_request check's
# `je` to an earlier address), faults mid-loop, the real call in most iterations
same own-loops "$PL/liblift.so,loop=on" "lifted loops" "counts\|loops faults"
sed 's/ sum [0-9a-f]*//' "$tmp/own-loops.on" | grep '^rep' > "$tmp/r.on"
sed 's/ sum [0-9a-f]*//' "$tmp/own-loops.off" | grep '^rep' > "$tmp/r.off"
if [ -s "$tmp/r.on" ] && cmp -s "$tmp/r.on" "$tmp/r.off" && grep -q '^rep [1-9].* nth [1-9]' "$tmp/r.on"; then pass own-loops-slow-path
else cat "$tmp/r.on" "$tmp/r.off" > "$tmp/r.d"; fail own-loops-slow-path "slow-path counts differ with lifting off (or none)" "$tmp/r.d"; fi
env -i "$QELT" -seed 1 -d out_asm -D "$tmp/loops.asm" -plugin "$PL/liblift.so,loop=on" "$out/lifted" loops >/dev/null 2>&1
n=$(awk '/cmp +dword ptr \[rbp \+ 0x[0-9a-f]+\], 0$/ { c = 1; next }
	c && $2 == "je" && length($3) == length($1) - 1 && $3 "" < substr($1, 1, length($1) - 1) { k++ }
	{ c = 0 }
	END { print k + 0 }' "$tmp/loops.asm")
if [ "$n" -gt 0 ]; then pass own-loops-loop-blocks
else fail own-loops-loop-blocks "no loop block (back edge) in -d out_asm"; fi

# two instances of lift.c (private globals each) and QEMU's insn plugin in one run: their lifted
# adds merge in the same blocks, each plugin's counters stay its own and exact
if [ -f "$Q72/libinsn.so" ]; then
	same three-plugins "$PL/liblift.so $PL/liblift.so,read=16 $Q72/libinsn.so" faults
fi
if [ -f "$Q72/libinsn.so" ] && [ -f "$Q72/libmem.so" ]; then
	same q72-insn-faults "$Q72/libinsn.so" faults
	lifted q72-insn-faults "? lifted (1 guards, 2 effects)"
	same q72-insn-threads "$Q72/libinsn.so" lifted "cpu [1-9]"
	same q72-mem-faults "$Q72/libmem.so,callback=on" faults
	lifted q72-mem-faults "? lifted (1 guards, 1 effects)"
	same q72-insn-loops "$Q72/libinsn.so" "lifted loops"
	same q72-mem-loops "$Q72/libmem.so,callback=on" "lifted loops"
	QEMU=$(command -v qemu-riscv64 || true)
	for p in insn mem; do
		spec=$Q72/lib$p.so; [ $p = mem ] && spec="$spec,callback=on"
		if [ -z "$QEMU" ]; then echo "SKIP plugins:lift-q72-$p-loops-qemu: qemu-riscv64 not installed"; continue; fi
		# the same (empty) environment for both
		env -i "$QEMU" -d plugin -D "$tmp/$p.qemu" -plugin "$spec" "$out/lifted" loops >/dev/null 2>&1
		env -i "$QELT" -d plugin -D "$tmp/$p.qelt" -plugin "$spec" "$out/lifted" loops >/dev/null 2>&1
		a=$(grep -Eo '(total insns|mem accesses): [0-9]+' "$tmp/$p.qemu" | grep -Eo '[0-9]+$')
		b=$(grep -Eo '(total insns|mem accesses): [0-9]+' "$tmp/$p.qelt" | grep -Eo '[0-9]+$')
		if [ -n "$a" ] && [ -n "$b" ] && [ "$b" = $((a + 1)) ]; then pass "q72-$p-loops-qemu"
		else fail "q72-$p-loops-qemu" "qelt $b, qemu-riscv64 $a (expected qemu's + 1)"; fi
	done
else
	echo "SKIP plugins:lift-q72: QEMU 7.2 plugins not built (tests/plugins/qemu-compat.sh)"
fi
