#!/usr/bin/env bash
# Binary compatibility with QEMU 7.2's plugins (API level 1): builds tests/plugin/{bb,insn,mem}.c
# and contrib/plugins/{cache,hotblocks}.c from Debian bookworm's qemu source package against
# that release's own include/qemu/qemu-plugin.h (fetched by fetch-qemu72.sh; GLib headers from
# libglib2.0-dev, linked with the system's libglib-2.0.so.0), loads the same .so files into qelt
# and into qemu-riscv64 (7.2) on the same programs, and compares what they print.
# Prints PASS/FAIL/SKIP lines "plugins:compat-...". Environment: QELT, BUILD.
#
# Expected agreement:
#   - instruction, memory-access and cache hit/miss counts: exactly equal on the assembly
#     programs. On glibc programs qelt executes exactly one more instruction, and makes one more
#     store, than qemu-riscv64: glibc's startup (__tls_init_tp) registers its robust-futex list
#     with set_robust_list, which QEMU 7.2's linux-user refuses with ENOSYS and qelt implements;
#     on success glibc runs one extra `sb` (it records that rseq/robust lists are usable). Every
#     other count is equal, cache misses included (the store hits a line already cached).
#   - block counts (bb's, hotblocks entries): qelt's blocks end where QEMU's do (branches,
#     system calls) except at page boundaries and size limits, where qelt may run one more
#     instruction in a block; block counts are compared on the assembly program only.
#   - instruction text (cache/hotblocks listings): qelt's disassembler, not QEMU's: not compared.
#   - vector loads and stores (guest/vmem.S, -cpu rv64,v=true,vlen=128): q72/vmemlog.c logs
#     every element access (direction, size, sign flag, address, instruction); the logs match.
# Both run under `env -i` with the same argv, so the guest sees the same environment and auxv
# contents (stack addresses may differ; none of the compared numbers depend on them).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
QEMU=$(command -v qemu-riscv64 || true)
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
PLUGINS="bb insn mem cache hotblocks"

if [ -z "$QEMU" ]; then
	echo "SKIP plugins:compat: qemu-riscv64 not installed"; exit 0
fi
glib_so=$(ls /usr/lib/x86_64-linux-gnu/libglib-2.0.so.0 2>/dev/null || true)
if [ -z "$glib_so" ]; then
	echo "SKIP plugins:compat: libglib-2.0.so.0 not installed"; exit 0
fi
f=$(bash "$here/fetch-qemu72.sh" --quiet 2>/dev/null) || {
	echo "SKIP plugins:compat: cannot fetch the QEMU 7.2 source or GLib headers (offline?)"; exit 0; }
SRC=$(sed -n 's/^src //p' <<<"$f")
GLIB=$(sed -n 's/^glib //p' <<<"$f")

out=$BUILD/tests/plugins/q72
mkdir -p "$out"
for p in $PLUGINS; do
	s=$SRC/tests/plugin/$p.c
	[ -f "$s" ] || s=$SRC/contrib/plugins/$p.c
	if [ ! -f "$out/lib$p.so" ] || [ "$s" -nt "$out/lib$p.so" ]; then
		if ! gcc -O2 -shared -fPIC -I"$SRC/include/qemu" -I"$GLIB/usr/include/glib-2.0" \
			-I"$GLIB/usr/lib/x86_64-linux-gnu/glib-2.0/include" -o "$out/lib$p.so" "$s" \
			"$glib_so" 2>"$out/$p.err"; then
			echo "FAIL plugins:compat-build-$p: QEMU 7.2 plugin does not compile"
			sed 's/^/    /' "$out/$p.err" | head -5
		fi
	fi
done

vsrc=$here/q72/vmemlog.c
if [ ! -f "$out/libvmemlog.so" ] || [ "$vsrc" -nt "$out/libvmemlog.so" ]; then
	gcc -O2 -shared -fPIC -I"$SRC/include/qemu" -I"$GLIB/usr/include/glib-2.0" \
		-I"$GLIB/usr/lib/x86_64-linux-gnu/glib-2.0/include" -o "$out/libvmemlog.so" "$vsrc" \
		2>"$out/vmemlog.err" || echo "FAIL plugins:compat-build-vmemlog: does not compile"
fi

g=$BUILD/tests/plugins/guest
mkdir -p "$g"
[ -x "$g/count" ] || "$GCC" -nostdlib -static -o "$g/count" "$here/guest/count.S"
[ -x "$g/mem" ] || "$GCC" -nostdlib -static -o "$g/mem" "$here/guest/mem.S"
[ -x "$g/qsort" ] || "$GCC" -O2 -static -o "$g/qsort" "$repo/tests/guest/c_qsort.c"
[ "$g/vmem" -nt "$here/guest/vmem.S" ] ||
	"$GCC" -march=rv64gcv -nostdlib -static -o "$g/vmem" "$here/guest/vmem.S"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# both NAME SPEC PROG: plugin output of qemu-riscv64 into $tmp/NAME.q, of qelt into $tmp/NAME.l
both() {
	(cd "$g" && env -i timeout 300 "$QEMU" -d plugin -D "$tmp/$1.q" -plugin "$2" "./$3" >/dev/null 2>&1)
	(cd "$g" && env -i timeout 300 "$QELT" -d plugin -D "$tmp/$1.l" -plugin "$2" "./$3" >/dev/null 2>&1)
}
num() { grep -Eo "$2" "$1" | head -n 1 | grep -Eo '[0-9]+' | head -n 1; }
# check NAME WHAT REGEX DELTA: the first number matched by REGEX, qelt minus qemu == DELTA
check() {
	local a b
	a=$(num "$tmp/$1.q" "$3"); b=$(num "$tmp/$1.l" "$3")
	if [ -n "$a" ] && [ -n "$b" ] && [ $((b - a)) = "$4" ]; then
		echo "PASS plugins:compat-$1-$2 (qemu $a, qelt $b)"
	else
		echo "FAIL plugins:compat-$1-$2: qemu '$a' qelt '$b' (expected difference $4)"
		head -n 3 "$tmp/$1.q" "$tmp/$1.l" 2>/dev/null | sed 's/^/    /'
	fi
}
# cache statistics line: data accesses, data misses, insn accesses, insn misses
cache_check() {  # name delta-accesses
	local q l
	q=$(sed -n 2p "$tmp/$1.q" | awk '{print $2, $3, $5, $6}')
	l=$(sed -n 2p "$tmp/$1.l" | awk '{print $2, $3, $5, $6}')
	set -- $1 $2 $q $l
	if [ $# = 10 ] && [ $(( $7 - $3 )) = "$2" ] && [ "$8" = "$4" ] && [ $(( $9 - $5 )) = "$2" ] &&
	   [ "${10}" = "$6" ]; then
		echo "PASS plugins:compat-$1 (dacc/dmiss/iacc/imiss qemu $3/$4/$5/$6, qelt $7/$8/$9/${10})"
	else
		echo "FAIL plugins:compat-$1: qemu '$q' qelt '$l'"
	fi
}

P=$out
both insn-count "$P/libinsn.so" count && check insn-count insns 'total insns: [0-9]+' 0
both bb-count "$P/libbb.so" count && check bb-count bbs "bb's: [0-9]+" 0
check bb-count insns 'insns: [0-9]+' 0
both mem-asm "$P/libmem.so,callback=true" mem && check mem-asm accesses 'mem accesses: [0-9]+' 0
both mem-asm-inline "$P/libmem.so,inline=true" mem && check mem-asm-inline accesses 'mem accesses: [0-9]+' 0
both insn-inline-c "$P/libinsn.so,inline=on" qsort && check insn-inline-c insns 'insns: [0-9]+' 1
both insn-c "$P/libinsn.so" qsort && check insn-c insns 'total insns: [0-9]+' 1
both bb-c "$P/libbb.so" qsort && check bb-c insns 'insns: [0-9]+' 1
# Same blocks as QEMU (its page-boundary rule; superblocks shown as QEMU's blocks): the extra
# instruction above runs inside a block either way, so the block count is equal.
check bb-c bbs "bb's: [0-9]+" 0
both mem-c "$P/libmem.so,callback=true" qsort && check mem-c accesses 'mem accesses: [0-9]+' 1
both mem-c-inline "$P/libmem.so,inline=true" qsort && check mem-c-inline accesses 'mem accesses: [0-9]+' 1
both cache-asm "$P/libcache.so" mem && cache_check cache-asm 0
both cache-c "$P/libcache.so" qsort && cache_check cache-c 1
both cache-c-fifo "$P/libcache.so,evict=fifo" qsort && cache_check cache-c-fifo 1
both cache-c-small "$P/libcache.so,dcachesize=4096,dassoc=2,icachesize=2048,iblksize=32" qsort &&
	cache_check cache-c-small 1
both hotblocks-asm "$P/libhotblocks.so" count
if grep -q '99999' "$tmp/hotblocks-asm.l" && [ "$(num "$tmp/hotblocks-asm.q" 'collected [0-9]+')" = "$(num "$tmp/hotblocks-asm.l" 'collected [0-9]+')" ]; then
	echo "PASS plugins:compat-hotblocks-asm"
else
	echo "FAIL plugins:compat-hotblocks-asm: listings differ"; head -n 4 "$tmp/hotblocks-asm.q" "$tmp/hotblocks-asm.l" | sed 's/^/    /'
fi
# Vector element accesses, one by one, as qemu-riscv64 7.2 reports them.
vcpu="-cpu rv64,v=true,vlen=128"
(cd "$g" && env -i timeout 300 "$QEMU" $vcpu -d plugin -D "$tmp/vmem.q" -plugin "$P/libvmemlog.so" ./vmem >/dev/null 2>&1)
(cd "$g" && env -i timeout 300 "$QELT" $vcpu -d plugin -D "$tmp/vmem.l" -plugin "$P/libvmemlog.so" ./vmem >/dev/null 2>&1)
grep -v '^vector version' "$tmp/vmem.q" > "$tmp/vmem.q2"
if [ -s "$tmp/vmem.l" ] && cmp -s "$tmp/vmem.q2" "$tmp/vmem.l"; then
	echo "PASS plugins:compat-vmem ($(wc -l < "$tmp/vmem.l") element accesses)"
else
	echo "FAIL plugins:compat-vmem: logs differ (< qemu, > qelt)"
	diff "$tmp/vmem.q2" "$tmp/vmem.l" | head -n 6 | sed 's/^/    /'
fi
# qelt's own cache plugin at QEMU's default configuration reports QEMU's numbers.
(cd "$g" && env -i timeout 300 "$QELT" -d plugin -D "$tmp/own.l" -plugin "$BUILD/contrib/plugins/libcache.so" ./qsort >/dev/null 2>&1)
cp "$tmp/cache-c.q" "$tmp/own.q" && cache_check own 1
exit 0
