#!/usr/bin/env bash
# Bad-input suite: qelt's own errors. Builds a set of unusable inputs in a scratch directory
# (empty, text, truncated and corrupted RISC-V ELFs, foreign/32-bit/big-endian/relocatable/
# dynamic ELFs, a directory, a missing path, bad options) and checks that for each qelt exits
# with status 1 (never a signal or a core dump) after printing exactly one stderr line that
# starts with "qelt: ". Also -h and -version (status 0, text on stdout).
# Prints "PASS badinput:NAME" / "FAIL badinput:NAME: why" / "SKIP ...". Works from any cwd.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
CC=${GUEST_CC:-riscv64-linux-gnu-gcc}

# Resolve qelt to an absolute path: the inputs are made and run in a scratch directory.
case $QELT in */*) [ -e "$QELT" ] && QELT=$(cd "$(dirname "$QELT")" && pwd)/$(basename "$QELT") ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
ulimit -c 0

if ! command -v "$QELT" >/dev/null 2>&1; then
	echo "FAIL badinput:all: $QELT not built"
	exit 0
fi

# run_qelt ARGS...: runs qelt with a timeout; sets rc, and leaves out/err files.
run_qelt() {
	( timeout -k 2 10 "$QELT" "$@" >out 2>err </dev/null; exit $? ) 2>/dev/null
	rc=$?
}

# expect_error NAME ARGS...: the contract for a bad input.
expect_error() {
	local name=$1 why=""
	shift
	run_qelt "$@"
	local lines
	lines=$(wc -l <err)
	# A final line without a newline still counts as a line.
	[ -s err ] && [ "$(tail -c 1 err | od -An -c | tr -d ' ')" != '\n' ] && lines=$((lines + 1))
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="timed out"
	elif [ "$rc" -gt 128 ]; then why="killed by signal $((rc - 128))"
	elif [ "$rc" -ne 1 ]; then why="exit status $rc, expected 1"
	elif [ "$lines" -ne 1 ]; then why="$lines lines on stderr, expected exactly 1"
	elif ! head -n 1 err | grep -q '^qelt: '; then why="stderr line does not start with 'qelt: '"
	fi
	if [ -z "$why" ]; then
		echo "PASS badinput:$name"
	else
		echo "FAIL badinput:$name: $why"
		head -n 3 err | sed 's/^/    stderr: /'
	fi
}

# expect_info NAME ARGS...: -h / -version: status 0 and something on stdout.
expect_info() {
	local name=$1 why=""
	shift
	run_qelt "$@"
	if [ "$rc" -ne 0 ]; then why="exit status $rc, expected 0"
	elif [ ! -s out ]; then why="nothing on stdout"
	fi
	if [ -z "$why" ]; then echo "PASS badinput:$name"; else echo "FAIL badinput:$name: $why"; fi
}

# patch FILE OFFSET HEXBYTES: overwrites bytes in place (little-endian fields by hand).
patch() {
	printf "$(echo "$3" | sed 's/\(..\)/\\x\1/g')" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# Inputs that need no cross-compiler.
: >empty
chmod +x empty
printf 'this is not an ELF file\n' >text
chmod +x text
printf '#!/bin/sh\necho hi\n' >script
chmod +x script
mkdir adir
# A 32-bit RISC-V ELF header: ELFCLASS32, little-endian, ET_EXEC, EM_RISCV (0xf3), no phdrs.
{
	printf '\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00'
	printf '\x02\x00\xf3\x00\x01\x00\x00\x00\x54\x00\x01\x00\x34\x00\x00\x00'
	printf '\x00\x00\x00\x00\x05\x00\x00\x00\x34\x00\x20\x00\x01\x00\x28\x00\x00\x00\x00\x00'
	# one PT_LOAD program header covering the file
	printf '\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x01\x00'
	printf '\x58\x00\x00\x00\x58\x00\x00\x00\x05\x00\x00\x00\x00\x10\x00\x00'
	printf '\x73\x00\x00\x00'
} >elf32
chmod +x elf32

expect_error empty-file ./empty
expect_error text-file ./text
expect_error shell-script ./script
expect_error directory ./adir
expect_error missing-file ./does-not-exist
expect_error elf32-riscv ./elf32
x86=""
for f in /usr/bin/true /bin/true /bin/ls /usr/bin/env; do
	if [ -f "$f" ] && [ "$(head -c 5 "$f" | od -An -t x1 | tr -d ' ')" = 7f454c4602 ]; then
		x86=$f
		break
	fi
done
if [ -n "$x86" ]; then
	expect_error x86-64-elf "$x86"
else
	echo "SKIP badinput:x86-64-elf: no host ELF found"
	x86=./empty
fi
expect_error unknown-option -no-such-option ./empty
expect_error unknown-option-with-program -no-such-option "$x86"
expect_error bad-debug-item -d nonsense ./empty
expect_error missing-option-argument -d
expect_error execfd-not-a-number -execfd x ./empty
expect_error execfd-not-open -execfd 987 ./empty

expect_info help -h
expect_info version -version

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "SKIP badinput:riscv-elf-cases: $CC not installed"
	exit 0
fi

cat >prog.c <<'CEOF'
int main(void) { return 0; }
CEOF
$CC -O2 -static -o good prog.c 2>/dev/null || { echo "FAIL badinput:build: cannot build a static riscv64 program"; exit 0; }
size=$(stat -c %s good)

# The unmodified program must run: otherwise every case below passes for the wrong reason.
run_qelt ./good
if [ "$rc" -eq 0 ]; then echo "PASS badinput:control-good-elf"; else echo "FAIL badinput:control-good-elf: status $rc"; fi
expect_error bad-option-before-good-elf -no-such-option ./good

# End of the file data the loader needs: the furthest PT_LOAD p_offset + p_filesz.
phoff=$(od -An -t u8 -j 32 -N 8 good | tr -d ' ')
nph=$(od -An -t u2 -j 56 -N 2 good | tr -d ' ')
need=0
i=0
while [ "$i" -lt "$nph" ]; do
	off=$((phoff + i * 56))
	if [ "$(od -An -t u4 -j "$off" -N 4 good | tr -d ' ')" = 1 ]; then
		end=$(( $(od -An -t u8 -j $((off + 8)) -N 8 good | tr -d ' ') + \
			$(od -An -t u8 -j $((off + 32)) -N 8 good | tr -d ' ') ))
		[ "$end" -gt "$need" ] && need=$end
	fi
	i=$((i + 1))
done
# Cuts inside the ELF header, inside the program headers, and inside the loaded segments.
for len in 1 4 16 52 63 64 100 120 $((need / 2)) $((need - 16)); do
	head -c "$len" good >"trunc$len"
	chmod +x "trunc$len"
	expect_error "truncated-at-$len" "./trunc$len"
done

# e_phoff (offset 32, 8 bytes) far beyond the end of the file.
cp good bad-phoff
patch bad-phoff 32 0000000000100000
expect_error bad-e_phoff ./bad-phoff
# e_phoff pointing so that phoff + phnum * phentsize overflows.
cp good overflow-phoff
patch overflow-phoff 32 f0ffffffffffffff
expect_error overflow-e_phoff ./overflow-phoff
# e_phnum (offset 56, 2 bytes) = 0xffff: the table runs past the end of the file.
cp good bad-phnum
patch bad-phnum 56 ffff
expect_error bad-e_phnum ./bad-phnum
# e_phnum = 0: nothing to load.
cp good zero-phnum
patch zero-phnum 56 0000
expect_error zero-e_phnum ./zero-phnum
# e_phentsize (offset 54) not sizeof(Elf64_Phdr).
cp good bad-phentsize
patch bad-phentsize 54 0700
expect_error bad-e_phentsize ./bad-phentsize
# e_machine (offset 18) = AArch64 (0xb7).
cp good wrong-machine
patch wrong-machine 18 b700
expect_error wrong-e_machine ./wrong-machine
# EI_DATA (offset 5) = big-endian.
cp good big-endian
patch big-endian 5 02
expect_error big-endian-elf ./big-endian
# Bad magic.
cp good bad-magic
patch bad-magic 1 58
expect_error bad-magic ./bad-magic
# A relocatable object and a dynamically linked program.
$CC -O2 -c -o obj.o prog.c && chmod +x obj.o && expect_error relocatable-object ./obj.o
if $CC -O2 -o dyn prog.c 2>/dev/null; then
	expect_error dynamic-riscv-elf ./dyn
else
	echo "SKIP badinput:dynamic-riscv-elf: cannot link a dynamic riscv64 program"
fi
if $CC -O2 -static-pie -o spie prog.c 2>/dev/null; then
	run_qelt ./spie
	# A static PIE is either run (status 0) or refused cleanly; it must never crash.
	if [ "$rc" -eq 0 ]; then echo "PASS badinput:static-pie"; else expect_error static-pie ./spie; fi
fi
exit 0
