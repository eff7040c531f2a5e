#!/usr/bin/env bash
# Vector extension suite (issue 12). Each tests/vector/*.c or *.S is a guest program built with
# -march=rv64gcv and tests/vector/lib (vtest.h: dump and fill the register file). Its first
# "vtest:" comment line says how to run it:
#     vtest: vlen=128,256,512 [cpu=zvfh=true,...] [qemu=no: why] [args=...]
# For each VLEN it runs under qelt with -cpu rv64,v=true,vlen=N[,cpu...] and compares stdout and
# the exit status with expected/NAME.vlenN.out, then runs qemu-riscv64 7.2 with the same -cpu
# and compares it with the same file (unless qemu=no, which must say why).
# UPDATE=1 writes missing expected files from qemu's output (check them by hand).
# Programs named vinline* run a third time with QELT_VINLINE=0 (no inline host SIMD).
# Prints "PASS vec:NAME-vlenN" / "FAIL vec:NAME-vlenN: why". Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-riscv64 || true)
out=$BUILD/tests/vector
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "SKIP vec:all: $CC not installed"
	exit 0
fi

build() {   # build SRC NAME
	local bin=$out/$2 newer=0
	for f in "$1" "$here"/lib/*; do [ "$f" -nt "$bin" ] && newer=1; done
	if [ ! -x "$bin" ] || [ $newer = 1 ]; then
		"$CC" -static -O1 -march=rv64gcv -mabi=lp64d -I"$here/lib" -o "$bin" "$1" \
			"$here/lib/vtest.c" 2>"$tmp/cc.err" ||
			{ echo "FAIL vec:$2: cross-compilation failed"; sed 's/^/    /' "$tmp/cc.err" | head -5; return 1; }
	fi
}
run() {   # run OUTFILE EMULATOR ARGS... : stdout then "[exit N]"
	local o=$1; shift
	{ (cd "$tmp" && exec env -i "$@" 2>/dev/null) > "$o"; } 2>/dev/null
	echo "[exit $?]" >> "$o"
}

for src in "$here"/*.c "$here"/*.S; do
	[ -e "$src" ] || continue
	name=$(basename "$src"); name=${name%.*}
	spec=$(grep -m1 'vtest:' "$src")
	vlens=$(sed -n 's/.*vlen=\([0-9,]*\).*/\1/p' <<<"$spec" | tr , ' ')
	cpu=$(sed -n 's/.*cpu=\([^ ]*\).*/\1/p' <<<"$spec")
	args=$(sed -n 's/.*args=\(.*\)$/\1/p' <<<"$spec")
	noqemu=$(grep -c 'qemu=no' <<<"$spec")
	[ -n "$vlens" ] || { echo "FAIL vec:$name: no 'vtest: vlen=...' line"; continue; }
	build "$src" "$name" || continue
	for v in $vlens; do
		c="rv64,v=true,vlen=$v${cpu:+,$cpu}"
		t="$name-vlen$v"
		exp="$here/expected/$name.vlen$v.out"
		# shellcheck disable=SC2086
		run "$tmp/q" "$QELT" -cpu "$c" "$out/$name" $args
		if [ -n "$QEMU" ] && [ "$noqemu" = 0 ]; then
			# shellcheck disable=SC2086
			run "$tmp/r" "$QEMU" -cpu "$c" "$out/$name" $args
			[ ! -e "$exp" ] && [ "${UPDATE:-0}" = 1 ] && cp "$tmp/r" "$exp"
		fi
		if [ ! -e "$exp" ]; then
			echo "FAIL vec:$t: no expected/$name.vlen$v.out (UPDATE=1 makes it from qemu)"
			continue
		fi
		if cmp -s "$exp" "$tmp/q"; then
			echo "PASS vec:$t"
		else
			echo "FAIL vec:$t: output differs (< expected, > qelt)"
			diff "$exp" "$tmp/q" | head -6 | sed 's/^/    /'
		fi
		# vinline*: the inline host-SIMD paths (translate-vinline.c) off must give the same
		if [[ $name == vinline* ]]; then
			# shellcheck disable=SC2086
			run "$tmp/n" env QELT_VINLINE=0 "$QELT" -cpu "$c" "$out/$name" $args
			cmp -s "$exp" "$tmp/n" && echo "PASS vec:$t-noinline" ||
				echo "FAIL vec:$t-noinline: QELT_VINLINE=0 output differs"
		fi
		if [ "$noqemu" = 0 ] && [ -n "$QEMU" ]; then
			if cmp -s "$exp" "$tmp/r"; then
				echo "PASS vec:$t-vs-qemu"
			else
				echo "FAIL vec:$t-vs-qemu: qemu-riscv64 differs from expected (< expected, > qemu)"
				diff "$exp" "$tmp/r" | head -6 | sed 's/^/    /'
			fi
		fi
	done
done

# Full-system: tests/vector/sys/*.S are bare-metal programs (linked like tests/syscore's) run
# with -cpu rv64,v=true,vlen=128 and 1024 under qelt-system-riscv64 and qemu-system-riscv64; console
# output plus "[exit N]" vs expected/sys-NAME.out.
QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
sysrun() {   # sysrun EMULATOR ELF VLEN
	timeout 20 "$1" -M virt -bios none -nographic -m 128M -cpu rv64,v=true,vlen=$3 \
		-kernel "$2" </dev/null 2>/dev/null
	echo "[exit $?]"
}
for src in "$here"/sys/*.S; do
	[ -e "$src" ] && [ -x "$QELT_SYS" ] || continue
	name=sys-$(basename "$src" .S)
	elf=$out/$name.elf
	if [ ! -f "$elf" ] || [ "$src" -nt "$elf" ]; then
		"$CC" -march=rv64gcv -mabi=lp64d -static -nostdlib -nostartfiles \
			-T "$here/../syscore/link.ld" -Wl,--no-relax -Wl,--build-id=none \
			-Wl,--no-warn-rwx-segments -o "$elf" "$src" 2>"$tmp/cc.err" ||
			{ echo "FAIL vec:$name: assembly failed"; sed 's/^/    /' "$tmp/cc.err" | head -5; continue; }
	fi
	exp=$here/expected/$name.out
	for v in 128 1024; do
		sysrun "$QELT_SYS" "$elf" $v > "$tmp/s"
		cmp -s "$exp" "$tmp/s" && echo "PASS vec:$name-vlen$v" ||
			{ echo "FAIL vec:$name-vlen$v: output differs (< expected, > qelt)"; diff "$exp" "$tmp/s" | head -6 | sed 's/^/    /'; }
		if [ -n "$QEMU_SYS" ]; then
			sysrun "$QEMU_SYS" "$elf" $v > "$tmp/s"
			cmp -s "$exp" "$tmp/s" && echo "PASS vec:$name-vlen$v-vs-qemu" ||
				{ echo "FAIL vec:$name-vlen$v-vs-qemu: qemu-system-riscv64 differs"; diff "$exp" "$tmp/s" | head -6 | sed 's/^/    /'; }
		fi
	done
done

# -cpu: V off by default (SIGILL), bad vlen values refused with one "qelt: ..." line
if [ -x "$out/vsetvl" ]; then
	run "$tmp/d" "$QELT" "$out/vsetvl"
	[ "$(tail -1 "$tmp/d")" = "[exit 132]" ] && echo "PASS vec:sigill-default" ||
		echo "FAIL vec:sigill-default: $(tail -1 "$tmp/d")"
	run "$tmp/d" "$QELT" -cpu max "$out/vsetvl"
	cmp -s "$tmp/d" "$here/expected/vsetvl.vlen128.out" && echo "PASS vec:cpu-max" ||
		echo "FAIL vec:cpu-max: -cpu max does not run it as vlen=128"
fi
for bad in "rv64,v=true,vlen=100" "rv64,v=true,vlen=2048" "rv64,vlen=" "rv64,elen=32"; do
	msg=$("$QELT" -cpu "$bad" /bin/true 2>&1); st=$?
	if [ $st -eq 1 ] && [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] && [[ $msg == qelt:* ]]; then
		echo "PASS vec:cpu-bad-$bad"
	else
		echo "FAIL vec:cpu-bad-$bad: status $st, message: $msg"
	fi
done
exit 0
