#!/usr/bin/env bash
# qemu_plugin_insn_disas against qemu-riscv64 7.2: builds q72/disaslog.c against QEMU 7.2's own
# qemu-plugin.h (fetched by fetch-qemu72.sh, as qemu-compat.sh does), loads it into qelt and into
# qemu-riscv64 on the same programs and compares the lines "<address> <disassembly>" logged at
# translation time: the pseudo-instruction edge cases of guest/disas.S (all its sections: the
# first runs harmlessly, each other one ends in an instruction that traps in user mode), a
# glibc program (qsort) and the Zb* instructions of tests/isa-ext/bitmanip.c. The two emulators
# may cut blocks differently, so the compared lines are those of the addresses both
# translated; every one of them must be identical (raw bytes column, mnemonic, operands,
# branch-target comment, padding). Also checks that QELT_PLUGIN_DISAS=objdump switches back to
# the objdump style, and that QEMU 7.2's own contrib/plugins/execlog.c traces disas.S
# identically in both. Prints PASS/FAIL/SKIP lines "plugins:disas-...". Environment: QELT, BUILD.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
QEMU=$(command -v qemu-riscv64 || true)
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}

if [ -z "$QEMU" ]; then echo "SKIP plugins:disas: qemu-riscv64 not installed"; exit 0; fi
if ! command -v "$GCC" >/dev/null 2>&1; then echo "SKIP plugins:disas: $GCC not installed"; exit 0; fi
f=$(bash "$here/fetch-qemu72.sh" --quiet 2>/dev/null) || {
	echo "SKIP plugins:disas: cannot fetch the QEMU 7.2 plugin header (offline?)"; exit 0; }
SRC=$(sed -n 's/^src //p' <<<"$f")
GLIB=$(sed -n 's/^glib //p' <<<"$f")

out=$BUILD/tests/plugins/q72
g=$BUILD/tests/plugins/guest
mkdir -p "$out" "$g"
P=$out/libdisaslog.so
if [ ! -f "$P" ] || [ "$here/q72/disaslog.c" -nt "$P" ]; then
	gcc -O2 -shared -fPIC -I"$SRC/include/qemu" -I"$GLIB/usr/include/glib-2.0" \
		-I"$GLIB/usr/lib/x86_64-linux-gnu/glib-2.0/include" -o "$P" "$here/q72/disaslog.c" ||
		{ echo "FAIL plugins:disas-build: q72/disaslog.c does not compile"; exit 0; }
fi
[ "$g/disas" -nt "$here/guest/disas.S" ] ||
	"$GCC" -nostdlib -static -o "$g/disas" "$here/guest/disas.S" || { echo "FAIL plugins:disas-build: disas.S"; exit 0; }
[ -x "$g/qsort" ] || "$GCC" -O2 -static -o "$g/qsort" "$repo/tests/guest/c_qsort.c"
for p in bitmanip:zba_zbb_zbs_zbc_zbkb_zbkc_zbkx crypto:zkne_zknd_zknh_zksh_zksed; do
	n=${p%%:*}
	[ "$g/$n" -nt "$repo/tests/isa-ext/$n.c" ] ||
		"$GCC" -O2 -static -march=rv64gc_${p#*:} -o "$g/$n" "$repo/tests/isa-ext/$n.c" ||
		{ echo "FAIL plugins:disas-build: $n.c"; exit 0; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# log EMULATOR NAME CPU PROG ARGS...: the sorted distinct lines into $tmp/NAME
log() {
	local emu=$1 name=$2 cpu=$3; shift 3
	{ (cd "$g" && env -i timeout 120 "$emu" -cpu "$cpu" -d plugin -D "$tmp/$name.raw" -plugin "$P" "$@" \
		>/dev/null 2>&1 </dev/null); } 2>/dev/null
	sort -u "$tmp/$name.raw" >> "$tmp/$name"
}
# compare NAME: the lines of the addresses both translated must be identical
compare() {
	cut -c1-16 "$tmp/$1.q" | uniq > "$tmp/$1.qa"
	cut -c1-16 "$tmp/$1.l" | uniq > "$tmp/$1.la"
	comm -12 "$tmp/$1.qa" "$tmp/$1.la" > "$tmp/$1.both"
	grep -F -f "$tmp/$1.both" "$tmp/$1.q" > "$tmp/$1.q2"
	grep -F -f "$tmp/$1.both" "$tmp/$1.l" > "$tmp/$1.l2"
	local n d
	n=$(wc -l < "$tmp/$1.q2"); d=$(awk '{print $2}' "$tmp/$1.q2" | sort -u | wc -l)
	if [ "$n" -ge "$2" ] && cmp -s "$tmp/$1.q2" "$tmp/$1.l2"; then
		echo "PASS plugins:disas-$1 ($n instructions, $d distinct encodings, identical to qemu-riscv64)"
	else
		echo "FAIL plugins:disas-$1: $n lines compared (at least $2 expected); qemu < > qelt:"
		diff "$tmp/$1.q2" "$tmp/$1.l2" | grep "^[<>]" | head -n ${DIFFMAX:-12} | sed 's/^/    /'
	fi
}
both() {  # NAME CPU PROG ARGS...
	local name=$1; shift
	log "$QEMU" "$name.q" "$@"; log "$QELT" "$name.l" "$@"
	sort -u -o "$tmp/$name.q" "$tmp/$name.q"; sort -u -o "$tmp/$name.l" "$tmp/$name.l"
}

args=()
for s in 1 2 3 4 5 6 7 8; do
	both edge rv64 ./disas "${args[@]}"
	args+=("$s")
done
compare edge 220
both qsort rv64 ./qsort
compare qsort 4000
both zb rv64,zba=true,zbb=true,zbc=true,zbs=true,zbkb=true,zbkc=true,zbkx=true ./bitmanip
compare zb 3000
both zk rv64,zkne=true,zknd=true,zknh=true,zksh=true,zksed=true ./crypto
compare zk 3000
[ "$g/vmem" -nt "$here/guest/vmem.S" ] || "$GCC" -march=rv64gcv -nostdlib -static -o "$g/vmem" "$here/guest/vmem.S"
both vector rv64,v=true,vlen=128 ./vmem
sed -i '/^vector version/d' "$tmp/vector.q"
compare vector 30

# QEMU 7.2's own execlog plugin: the execution traces of disas.S are identical once the opcode
# column (7.2's execlog reads 4 bytes even for a 2-byte instruction: the upper half is whatever
# follows in QEMU's buffer) and the stack addresses of memory accesses are left out.
E=$out/libexeclog.so
if [ ! -f "$E" ] || [ "$SRC/contrib/plugins/execlog.c" -nt "$E" ]; then
	gcc -O2 -shared -fPIC -I"$SRC/include/qemu" -I"$GLIB/usr/include/glib-2.0" \
		-I"$GLIB/usr/lib/x86_64-linux-gnu/glib-2.0/include" -o "$E" "$SRC/contrib/plugins/execlog.c" \
		/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0 2>/dev/null ||
		echo "FAIL plugins:disas-build: QEMU 7.2's execlog.c does not compile"
fi
norm() { sed -E 's/^[^,]*, ([^,]*), [^,]*, ("[^"]*")(, (load|store), 0x[0-9a-f]+)*.*/\1 \2 \4/' "$1"; }
for emu in "$QEMU" "$QELT"; do
	(cd "$g" && env -i timeout 60 "$emu" -d plugin -D "$tmp/exec.raw" -plugin "$E" ./disas >/dev/null 2>&1 </dev/null)
	norm "$tmp/exec.raw" > "$tmp/exec.$([ "$emu" = "$QEMU" ] && echo q || echo l)"
done
n=$(wc -l < "$tmp/exec.q")
if [ "$n" -ge 200 ] && cmp -s "$tmp/exec.q" "$tmp/exec.l"; then
	echo "PASS plugins:disas-execlog ($n executed instructions, trace identical to qemu-riscv64's)"
else
	echo "FAIL plugins:disas-execlog: execlog traces differ ($n lines from qemu-riscv64)"
	diff "$tmp/exec.q" "$tmp/exec.l" | head -n 6 | sed 's/^/    /'
fi

# QELT_PLUGIN_DISAS=objdump: -d in_asm's style again
(cd "$g" && env -i QELT_PLUGIN_DISAS=objdump timeout 60 "$QELT" -d plugin -D "$tmp/obj" -plugin "$P" ./disas \
	>/dev/null 2>&1 </dev/null)
if grep -q ' bge zero,zero,0x' "$tmp/obj" && ! grep -q '# 0x' "$tmp/obj"; then
	echo "PASS plugins:disas-objdump-option"
else
	echo "FAIL plugins:disas-objdump-option: QELT_PLUGIN_DISAS=objdump did not switch the style"
	head -n 5 "$tmp/obj" | sed 's/^/    /'
fi
