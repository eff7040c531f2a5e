#!/usr/bin/env bash
# Plugin API conformance suite: loads the plugins of tests/plugins/*.c (built by `make plugins`
# into $BUILD/tests/plugins/) and the bundled contrib/plugins into qelt on the guest programs of
# tests/plugins/guest/ (programs with a known instruction count and a known memory access
# pattern) and checks what they report. Prints "PASS plugins:NAME" / "FAIL plugins:NAME: why" /
# "SKIP ...". The QEMU 7.2 binary-compatibility comparison is tests/plugins/qemu-compat.sh
# (run last here; it SKIPs when the Debian source or GLib headers cannot be fetched), then
# tests/plugins/qemu-disas.sh (qemu_plugin_insn_disas line by line against qemu-riscv64 7.2),
# then tests/plugins/lift.sh (lifted callbacks exact).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
PL=$BUILD/tests/plugins
CP=$BUILD/contrib/plugins
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
out=$PL/guest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS plugins:$1"; }
fail() { echo "FAIL plugins:$1: $2"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -n 12; }

if ! command -v "$GCC" >/dev/null 2>&1; then
	echo "SKIP plugins:all: $GCC not installed"; exit 0
fi
if [ ! -f "$PL/libconform.so" ]; then
	echo "FAIL plugins:build: $PL/libconform.so missing (make plugins)"; exit 0
fi
mkdir -p "$out"
build() {  # name src flags...
	local n=$1 s=$2; shift 2
	[ -x "$out/$n" ] && [ "$out/$n" -nt "$s" ] && return 0
	"$GCC" "$@" -o "$out/$n" "$s"
}
build count "$here/guest/count.S" -nostdlib -static || { echo "FAIL plugins:build: count.S"; exit 0; }
build mem "$here/guest/mem.S" -nostdlib -static || { echo "FAIL plugins:build: mem.S"; exit 0; }
build qsort "$repo/tests/guest/c_qsort.c" -O2 -static || { echo "FAIL plugins:build: c_qsort"; exit 0; }
build faults "$here/guest/faults.c" -O2 -static || { echo "FAIL plugins:build: faults.c"; exit 0; }
build vmem "$here/guest/vmem.S" -march=rv64gcv -nostdlib -static || { echo "FAIL plugins:build: vmem.S"; exit 0; }

# run LOG PLUGIN-SPEC PROGRAM: plugin output (-d plugin) into LOG, guest output dropped.
run() {
	local log=$1 spec=$2 prog=$3
	timeout 60 "$QELT" -d plugin -D "$log" -plugin "$spec" "$prog" >/dev/null 2>"$log.err"
}
val() { sed -n "s/^$2 \([0-9]*\).*/\1/p" "$1" | head -n 1; }

# ---- exact instruction counts, five ways ----
if run "$tmp/c.log" "$PL/libconform.so" "$out/count"; then
	ok=1
	for k in insn-inline insn-cb tb-inline raw-inline; do
		[ "$(val "$tmp/c.log" $k)" = 200005 ] || ok=0
	done
	if [ $ok = 1 ]; then pass count-exact; else fail count-exact "counts differ from 200005" "$tmp/c.log"; fi
	if grep -q '^cond-cb 199006 (expected 199006)' "$tmp/c.log"; then pass cond-callback
	else fail cond-callback "wrong conditional callback count" "$tmp/c.log"; fi
	if grep -q '^store-inline 0x1234567890' "$tmp/c.log"; then pass inline-store
	else fail inline-store "STORE_U64 not applied" "$tmp/c.log"; fi
	if grep -q '^vcpu_init 0 num_vcpus=1' "$tmp/c.log" && grep -q '^vcpu_exit 0' "$tmp/c.log"; then
		pass vcpu-init-exit
	else fail vcpu-init-exit "missing vcpu_init/vcpu_exit" "$tmp/c.log"; fi
	if grep -q '^path-ok 1 start<entry<end 1' "$tmp/c.log"; then pass image-info
	else fail image-info "path/start/end/entry wrong" "$tmp/c.log"; fi
else
	fail count-exact "qelt failed" "$tmp/c.log.err"
fi

# ---- a C program: all counting methods agree ----
if run "$tmp/q.log" "$PL/libconform.so" "$out/qsort"; then
	a=$(val "$tmp/q.log" insn-inline); b=$(val "$tmp/q.log" insn-cb)
	c=$(val "$tmp/q.log" tb-inline); d=$(val "$tmp/q.log" raw-inline)
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] && [ "$a" = "$d" ] && [ "$a" -gt 10000 ]; then
		pass counts-agree-c
	else fail counts-agree-c "inline=$a cb=$b tb=$c raw=$d" "$tmp/q.log"; fi
else
	fail counts-agree-c "qelt failed" "$tmp/q.log.err"
fi

# ---- guest faults: inline counts (kept in a host register) survive the fault path ----
# The counter kept in a register is brought up to date before each access that may fault, so
# inline and callback counts are equal (both count the faulting instruction, as QEMU does); a
# counter lost on the fault path would lose the loop of each round (~25000 per fault).
if timeout 60 "$QELT" -d plugin -D "$tmp/fi.log" -plugin "$CP/libinsn.so,inline=on" "$out/faults" >/dev/null 2>"$tmp/fi.err" &&
   timeout 60 "$QELT" -d plugin -D "$tmp/fc.log" -plugin "$CP/libinsn.so" "$out/faults" >/dev/null 2>"$tmp/fc.err"; then
	a=$(sed -n 's/^total insns: \([0-9]*\).*/\1/p' "$tmp/fi.log"); b=$(sed -n 's/^total insns: \([0-9]*\).*/\1/p' "$tmp/fc.log")
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" -gt 2000000 ]; then
		pass inline-across-faults
	else fail inline-across-faults "inline=$a callback=$b" "$tmp/fi.log"; fi
else
	fail inline-across-faults "qelt failed" "$tmp/fi.err"
fi

# ---- vector loads/stores (helpers): one event per element, inline ops and callbacks alike ----
if timeout 60 "$QELT" -cpu rv64,v=true,vlen=128 -d plugin -D "$tmp/v.log" \
	-plugin "$PL/libconform.so,memlog=memtest,disas=memtest" "$out/vmem" >/dev/null 2>"$tmp/v.err"; then
	grep -E '^(mem |disas )' "$tmp/v.log" > "$tmp/v.got"
	if diff "$here/expected/vmem.out" "$tmp/v.got" > "$tmp/v.diff"; then pass vmem-pattern
	else fail vmem-pattern "differs from expected/vmem.out" "$tmp/v.diff"; fi
	if grep -q '^mem-count cb R=31 W=22 inline R=31 W=22' "$tmp/v.log"; then pass vmem-inline
	else fail vmem-inline "mem inline/callback counts" "$tmp/v.log"; fi
else
	fail vmem-pattern "qelt failed" "$tmp/v.err"
fi
# the register API lists the vector CSRs and v0..v31 after the fixed set when V is on
if timeout 60 "$QELT" -cpu rv64,v=true,vlen=128 -d plugin -D "$tmp/vr.log" \
	-plugin "$PL/libconform.so,regs=on" "$out/vmem" >/dev/null 2>&1 &&
	grep -q '^regs n=107 found=2 sp_nonzero=1 pc=0x[0-9a-f]* first=zero last=v31 ' "$tmp/vr.log"; then
	pass vregs
else
	fail vregs "register list with V" "$tmp/vr.log"
fi

# ---- memory accesses: addresses, sizes, directions, values (AMO, LR/SC, C, FP) ----
if run "$tmp/m.log" "$PL/libconform.so,memlog=memtest,disas=memtest,regs=on,syscalls=on" "$out/mem"; then
	grep -E '^(mem |disas )' "$tmp/m.log" > "$tmp/m.got"
	if diff "$here/expected/mem.out" "$tmp/m.got" > "$tmp/m.diff"; then pass mem-pattern
	else fail mem-pattern "differs from expected/mem.out" "$tmp/m.diff"; fi
	if grep -q '^mem-count cb R=8 W=6 inline R=8 W=6' "$tmp/m.log"; then pass mem-inline
	else fail mem-inline "mem inline/callback counts" "$tmp/m.log"; fi
	if grep -q '^regs n=68 found=2 sp_nonzero=1 pc=0x10152 first=zero last=fcsr feature0=org.gnu.gdb.riscv.cpu' "$tmp/m.log"; then
		pass registers
	else fail registers "get_registers/read_register" "$tmp/m.log"; fi
	if grep -q '^syscall 93 a0=0' "$tmp/m.log"; then pass syscall-cb
	else fail syscall-cb "no exit syscall seen" "$tmp/m.log"; fi
else
	fail mem-pattern "qelt failed" "$tmp/m.log.err"
fi

# ---- syscall return values ----
if run "$tmp/s.log" "$PL/libconform.so,syscalls=on" "$out/qsort" && grep -q '^sysret 64 = [1-9]' "$tmp/s.log"; then
	pass syscall-ret-cb
else fail syscall-ret-cb "no write() return seen" "$tmp/s.log"; fi

# ---- refused plugins: clear message, exit status 1 ----
refuse() {  # name spec pattern
	"$QELT" -plugin "$2" "$out/count" >/dev/null 2>"$tmp/r.err"
	local rc=$?
	if [ $rc = 1 ] && grep -q "$3" "$tmp/r.err"; then pass "$1"
	else fail "$1" "exit $rc" "$tmp/r.err"; fi
}
refuse bad-version "$PL/libbadver.so" "requires API version 99, but qelt supports only up to version 5"
refuse no-version "$PL/libnover.so" "does not declare API version"
refuse no-install "$PL/libnoinstall.so" "qemu_plugin_install is not defined"
refuse bad-argument "$PL/libconform.so,bogus=1" "returned error code -1"
refuse missing-file "$PL/libnothere.so" "could not load plugin"
if grep -q "conform: bad argument 'bogus=1'" "$tmp/r.err" 2>/dev/null || {
	"$QELT" -plugin "$PL/libconform.so,bogus=1" "$out/count" 2>&1 | grep -q "conform: bad argument 'bogus=1'"; }; then
	pass argument-reaches-plugin
else fail argument-reaches-plugin "plugin did not see its argument"; fi

# ---- QEMU's spellings: file=..., several -plugin options ----
if timeout 60 "$QELT" -d plugin -D "$tmp/f.log" -plugin "file=$PL/libconform.so" \
	-plugin "$PL/libconform.so,syscalls=on" "$out/count" >/dev/null 2>&1 &&
   [ "$(grep -c '^insn-inline 200005' "$tmp/f.log")" = 2 ]; then
	pass file-and-multiple
else fail file-and-multiple "two plugins should both count 200005" "$tmp/f.log"; fi

# ---- no -d plugin: plugin output discarded ----
if "$QELT" -plugin "$PL/libconform.so" "$out/count" >"$tmp/n.out" 2>&1 && [ ! -s "$tmp/n.out" ]; then
	pass outs-needs-d-plugin
else fail outs-needs-d-plugin "output without -d plugin" "$tmp/n.out"; fi

# ---- no plugin, or a plugin that subscribes to nothing: identical generated code ----
# (Addresses of the code cache and of TB descriptors vary with the heap: normalised away. A
# plugin that watches translations - tb_trans - gets QEMU-like basic blocks instead of qelt's
# superblocks, so its code legitimately differs; it is not compared.)
norm() { sed -E 's/0x[0-9a-f]{9,}/ADDR/g' "$1"; }
asm() { setarch x86_64 -R "$QELT" -d out_asm -D "$1" "${@:2}" >/dev/null 2>&1; }
if asm "$tmp/a0" "$out/qsort" && asm "$tmp/a1" -plugin "$PL/libempty.so" "$out/qsort"; then
	norm "$tmp/a0" > "$tmp/n0"; norm "$tmp/a1" > "$tmp/n1"
	if [ -s "$tmp/n0" ] && cmp -s "$tmp/n0" "$tmp/n1"; then
		pass out-asm-identical
	else diff "$tmp/n0" "$tmp/n1" > "$tmp/nd"; fail out-asm-identical "generated code differs" "$tmp/nd"; fi
else
	fail out-asm-identical "qelt failed"
fi

# ---- generated code is placed near the plugins' code (direct callbacks stay near calls) ----
if run "$tmp/n.log" "$PL/libcallnear.so" "$out/count"; then
	if grep -q '^callnear max-distance-ok 1 calls>0 1' "$tmp/n.log"; then pass callbacks-near
	else fail callbacks-near "code cache far from the plugin" "$tmp/n.log"; fi
else
	fail callbacks-near "qelt failed" "$tmp/n.log.err"
fi

# ---- callbacks copied into generated code behave as calls (host/x86_64/codegen-inline.c) ----
if run "$tmp/ic.log" "$PL/libinlinecb.so" "$out/count" &&
   grep -q '^inlinecb insns 200005 loads 0 stores 0 rare 48 rets-ok 1 pid-ok 1 rbp-ok 1$' "$tmp/ic.log"; then
	pass inline-callbacks-count
else fail inline-callbacks-count "wrong counts" "$tmp/ic.log"; fi
inl() {  # 0|1 LOG ASM: qsort with callback copying on (0) or off (1)
	env -i QELT_NO_CALLBACK_INLINE=$1 timeout 60 "$QELT" -U QELT_NO_CALLBACK_INLINE -d plugin,out_asm \
		-D "$2" -plugin "$PL/libinlinecb.so" "$out/qsort" >"$2.out" 2>&1
	grep '^inlinecb ' "$2" > "$2.c"
	cat "$2.out" >> "$2.c"   # the guest's own output: registers kept across copies stay right
	grep -A1 'lea      rax, \[rip' "$2" | grep -c 'push     rax' > "$3"
	return 0
}
if inl 0 "$tmp/i0" "$tmp/a0" && inl 1 "$tmp/i1" "$tmp/a1" && [ -s "$tmp/i0.c" ] &&
   cmp -s "$tmp/i0.c" "$tmp/i1.c" && [ "$(cat "$tmp/a0")" -gt 10 ] && [ "$(cat "$tmp/a1")" = 0 ]; then
	pass inline-callbacks-agree
else
	cat "$tmp/i0.c" "$tmp/i1.c" "$tmp/a0" "$tmp/a1" > "$tmp/id" 2>&1
	fail inline-callbacks-agree "copied and called callbacks disagree (or nothing copied)" "$tmp/id"
fi

# ---- the executable exports exactly the API (QEMU's and qelt's extensions) ----
if command -v nm >/dev/null 2>&1; then
	extra=$(nm -D --defined-only "$QELT" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^qemu_plugin_' | grep -v '^qelt_plugin_' | grep -v '^_' | grep -v '@' || true)
	n=$(nm -D --defined-only "$QELT" | grep -c ' T qemu_plugin_')
	if [ -z "$extra" ] && [ "$n" -ge 60 ]; then pass exports
	else echo "$extra" > "$tmp/x"; fail exports "unexpected exports or too few ($n)" "$tmp/x"; fi
fi

# ---- bundled plugins ----
if [ -d "$CP" ]; then
	bundled() {  # name spec check-regex
		if run "$tmp/b.log" "$CP/$2" "$out/count" && grep -Eq "$3" "$tmp/b.log"; then pass "bundled-$1"
		else fail "bundled-$1" "unexpected output" "$tmp/b.log"; [ -s "$tmp/b.log.err" ] && sed 's/^/    /' "$tmp/b.log.err" | head -5; fi
	}
	[ -f "$CP/libinsn.so" ] && bundled insn-inline "libinsn.so,inline=on" '^total insns: 200005$'
	[ -f "$CP/libinsn.so" ] && bundled insn-cb "libinsn.so" '^total insns: 200005$'
	[ -f "$CP/libbb.so" ] && bundled bb "libbb.so" "^bb's: 100001, insns: 200005"
	[ -f "$CP/libbb.so" ] && bundled bb-inline "libbb.so,inline=on" "^bb's: 100001, insns: 200005"
	[ -f "$CP/libmem.so" ] && bundled mem "libmem.so" 'mem accesses: 0'
	[ -f "$CP/libmem.so" ] && bundled mem-inline "libmem.so,inline=on" 'mem accesses: 0'
	[ -f "$CP/libhotblocks.so" ] && bundled hotblocks "libhotblocks.so" ', 2, 99999$'
	[ -f "$CP/libhowvec.so" ] && bundled howvec "libhowvec.so" '^Total: 200005 instructions'
	[ -f "$CP/libexeclog.so" ] && bundled execlog "libexeclog.so" 'ecall'
	[ -f "$CP/libcache.so" ] && bundled cache "libcache.so" '^0 +0 +0 +0.0000%  200005 '
	[ -f "$CP/libbbv.so" ] && bundled bbv "libbbv.so,interval=1000,outfile=$tmp/bbv" 'bbv: vcpu 0: 201 intervals'
fi

# ---- qelt's filtered callbacks (include/qelt-plugin.h): called exactly when the table says ----
filt_ok() { grep -Eq '^filter exec exp=([0-9]+) got=\1 mem exp=([0-9]+) got=\2 addr-ok=1 skipped=1$' "$1"; }
for p in qsort faults; do
	if run "$tmp/f.log" "$PL/libfilter.so" "$out/$p" && filt_ok "$tmp/f.log"; then pass "filter-callbacks-$p"
	else fail "filter-callbacks-$p" "filtered callbacks called other than the table says" "$tmp/f.log"; fi
done
if timeout 60 "$QELT" -cpu rv64,v=true -d plugin -D "$tmp/fv.log" -plugin "$PL/libfilter.so" \
	"$out/vmem" >/dev/null 2>&1 && filt_ok "$tmp/fv.log"; then pass filter-callbacks-vector
else fail filter-callbacks-vector "helper-made accesses filtered wrongly" "$tmp/fv.log"; fi
# the bundled cache simulator filters its hits inline by default: the very same report as without
if [ -f "$CP/libcache.so" ] && run "$tmp/c0.log" "$CP/libcache.so,filter=off,l2=on" "$out/qsort" &&
   run "$tmp/c1.log" "$CP/libcache.so,l2=on" "$out/qsort" && grep -q '^0 ' "$tmp/c1.log" &&
   cmp -s "$tmp/c0.log" "$tmp/c1.log"; then pass cache-filter-same
else diff "$tmp/c0.log" "$tmp/c1.log" > "$tmp/cd" 2>&1; fail cache-filter-same "filter=on and off disagree" "$tmp/cd"; fi
# ... and the filter really ran: fewer callbacks than accesses with it, one per access without
fstats() {   # LOG MODE REL: the stats line says filter=MODE and mem callbacks REL data accesses
	awk -v m="$2" -v rel="$3" '$1 == "filter=" m ":" && $10 == "mem" {
		c = $9 + 0; a = $13 + 0; ok = rel == "lt" ? (c < a && $2 + 0 < $6 + 0) : c == a; found = 1 }
		END { exit !(found && ok && a > 0) }' "$1"
}
if [ -f "$CP/libcache.so" ] && run "$tmp/c2.log" "$CP/libcache.so,stats=on" "$out/qsort" &&
   fstats "$tmp/c2.log" on lt && run "$tmp/c3.log" "$CP/libcache.so,filter=off,stats=on" "$out/qsort" &&
   fstats "$tmp/c3.log" off eq; then pass cache-filter-used
else cat "$tmp/c3.log" >> "$tmp/c2.log" 2>/dev/null; fail cache-filter-used "the cache plugin did not filter (or filtered with filter=off)" "$tmp/c2.log"; fi

# ---- binary compatibility with QEMU 7.2's plugins ----
if [ -x "$here/qemu-compat.sh" ] && [ "${QELT_PLUGIN_COMPAT:-1}" = 1 ]; then
	QELT=$QELT BUILD=$BUILD bash "$here/qemu-compat.sh"
	QELT=$QELT BUILD=$BUILD bash "$here/qemu-disas.sh"
fi
# ---- lifted callbacks (after qemu-compat.sh, which builds QEMU 7.2's plugins) ----
QELT=$QELT BUILD=$BUILD bash "$here/lift.sh"
exit 0
