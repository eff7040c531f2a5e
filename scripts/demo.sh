#!/usr/bin/env bash
# `make demo`: qelt's main job on a bundled default. Builds qelt and its bundled plugins, cross-
# compiles a bundled RISC-V program (bench/src/sha256.c, a SHA-256 kernel) and runs it under
# qelt with the cache-simulator plugin (L1I, L1D and L2 misses, the top missing instructions),
# then with the instruction-count plugin. Installs missing Debian packages first when run as
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
