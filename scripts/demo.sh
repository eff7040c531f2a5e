#!/usr/bin/env bash
# `make demo`: qelt's main job on a bundled default. Builds qelt and its bundled plugins, cross-
# compiles a bundled RISC-V program (bench/src/sha256.c, a SHA-256 kernel) and runs it under
# qelt with the cache-simulator plugin (L1I, L1D and L2 misses, the top missing instructions),
# then with the instruction-count plugin; then boots Debian's kernel on the full-system machine
# (qelt-system-riscv64) under that plugin. Installs missing Debian packages first when run as
# root (scripts/install-deps.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/install-deps.sh
make -j2 all >/dev/null
mkdir -p build/demo
prog=build/demo/sha256
if [ ! -x "$prog" ] || [ bench/src/sha256.c -nt "$prog" ]; then
	riscv64-linux-gnu-gcc -O2 -static -o "$prog" bench/src/sha256.c
fi
echo "== build/qelt-riscv64 -plugin libcache.so -d plugin $prog 256"
build/qelt-riscv64 -plugin build/contrib/plugins/libcache.so -d plugin "$prog" 256
echo
echo "== build/qelt-riscv64 -plugin libinsn.so -d plugin $prog 256"
build/qelt-riscv64 -plugin build/contrib/plugins/libinsn.so -d plugin "$prog" 256

# The full-system machine: Debian trixie's own riscv64 kernel (fetched from the mirror in this
# machine's apt sources into cache/) boots under the default OpenSBI with a busybox initramfs,
# whose /init prints a few facts and powers off; the instruction-count plugin sees every
# instruction of firmware, kernel and userland.
echo
kern=$(bash scripts/fetch-kernel.sh 2>/dev/null | awk '$1 == "kernel" { print $2 }') || true
if [ -z "${kern:-}" ]; then
	echo "== (skipping the machine demo: Debian's kernel could not be fetched)"
	exit 0
fi
initrd=build/demo/initramfs.cpio.gz
[ -f "$initrd" ] || bash scripts/make-initramfs.sh "$initrd" >/dev/null
echo "== build/qelt-system-riscv64 -M virt -kernel vmlinux (Debian) -initrd $initrd -plugin libinsn.so -nographic"
build/qelt-system-riscv64 -M virt -m 256M -nographic -kernel "$kern" -initrd "$initrd" \
	-append "console=ttyS0 quiet" -plugin build/contrib/plugins/libinsn.so -d plugin
