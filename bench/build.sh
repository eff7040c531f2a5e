#!/usr/bin/env bash
# Builds benchmark programs for one target: bench/build.sh [--set DIR] rv64|native NAME...
# Output: $BUILD/bench/<target>/NAME (BUILD defaults to <repo>/build). A program is rebuilt
# only when one of its inputs is newer than the binary, so bench/run.sh can call this every time.
# Recipes (the manifest's "build" column):
#   src       <setdir>/src/NAME.c (+ bench/src/bench.h), a self-contained kernel
#   deb:PKG   upstream code of Debian source package PKG (scripts/fetch-debian.sh --source PKG,
#             cached) plus our driver in bench/deb/; one recipe function per PKG below.
# rv64 binaries are static (the emulators need no guest sysroot); native ones are static too when
# the host libc allows it, so both link the same way. Exit status 3 = source package not
# fetchable (mirror unreachable), which callers report as SKIP.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build}
setdir=$here
if [ "${1:-}" = --set ]; then setdir=$(cd "$2" && pwd); shift 2; fi
target=${1:?usage: build.sh [--set DIR] rv64|native NAME...}; shift
manifest=$setdir/programs.txt

case "$target" in
  rv64) CC=${BENCH_RV_CC:-riscv64-linux-gnu-gcc}; TRIPLET=riscv64-linux-gnu ;;
  native) CC=${BENCH_NATIVE_CC:-gcc}; TRIPLET=$(gcc -dumpmachine) ;;
  *) echo "build.sh: unknown target $target" >&2; exit 1 ;;
esac
CFLAGS=${BENCH_CFLAGS:--O2}
LDSTATIC=-static
if [ "$target" = native ] && ! echo 'int main(void){return 0;}' | $CC -static -x c -o /dev/null - 2>/dev/null; then
  LDSTATIC=""
fi
out=$BUILD/bench/$target
mkdir -p "$out"

# up_to_date BIN INPUT... : true when BIN exists and is newer than every input
up_to_date() {
  local bin=$1 f; shift
  [ -x "$bin" ] || return 1
  for f in "$@" "$here/build.sh"; do [ "$f" -nt "$bin" ] && return 1; done
  return 0
}

cc() {  # output sources/flags...
  local o=$1; shift
  echo "  CC[$target] $(basename "$o")" >&2
  $CC $CFLAGS $LDSTATIC -o "$o.tmp" "$@" && mv -f "$o.tmp" "$o"
}

fetch_src() {  # pkg -> prints source dir; returns fetch-debian.sh's status (3 = unreachable)
  local line rc=0
  line=$("$repo/scripts/fetch-debian.sh" -q --source "$1") || rc=$?
  [ $rc -eq 0 ] || return $rc
  echo "${line#* }"
}

# Recipes run in a "||" context where set -e is off, so every step checks its own status.
# src_or_keep PKG NAME: source dir of PKG on stdout; if it cannot be fetched but a binary was
# built before, keep that binary (status 10) rather than failing.
src_or_keep() {
  local s rc=0
  s=$(fetch_src "$1") || rc=$?
  if [ $rc -ne 0 ]; then
    if [ -x "$out/$2" ]; then echo "build.sh: $1 source unavailable, keeping built $2" >&2; return 10; fi
    return $rc
  fi
  echo "$s"
}

build_deb_zlib() {  # name
  local s rc=0; s=$(src_or_keep zlib "$1") || rc=$?
  [ $rc -eq 10 ] && return 0; [ $rc -eq 0 ] || return $rc
  local srcs=("$s"/{adler32,compress,crc32,deflate,inffast,inflate,inftrees,trees,uncompr,zutil}.c)
  up_to_date "$out/$1" "${srcs[@]}" "$here/deb/zlib-bench.c" "$here/deb/gen.h" "$here/src/bench.h" && return 0
  cc "$out/$1" -w -I"$here/src" -I"$s" "$here/deb/zlib-bench.c" "${srcs[@]}"
}

build_deb_bzip2() {
  local s rc=0; s=$(src_or_keep bzip2 "$1") || rc=$?
  [ $rc -eq 10 ] && return 0; [ $rc -eq 0 ] || return $rc
  local srcs=("$s"/{blocksort,huffman,crctable,randtable,compress,decompress,bzlib}.c)
  up_to_date "$out/$1" "${srcs[@]}" "$here/deb/bzip2-bench.c" "$here/deb/gen.h" "$here/src/bench.h" && return 0
  cc "$out/$1" -w -I"$here/src" -I"$s" "$here/deb/bzip2-bench.c" "${srcs[@]}"
}

build_deb_lua5.4() {
  local s rc=0; s=$(src_or_keep lua5.4 "$1") || rc=$?
  [ $rc -eq 10 ] && return 0; [ $rc -eq 0 ] || return $rc
  local srcs; mapfile -t srcs < <(ls "$s"/src/*.c | grep -v '/luac\.c$')
  up_to_date "$out/$1" "${srcs[@]}" && return 0
  # Debian's luaconf.h patch includes a header its build system generates; we make the same one.
  local gen="$BUILD/bench/gen-$target"
  mkdir -p "$gen"
  echo "#define DEB_HOST_MULTIARCH \"$TRIPLET\"" > "$gen/lua5.4-deb-multiarch.h"
  # LUA_USE_POSIX, not LUA_USE_LINUX: no dlopen, which a static binary cannot use anyway.
  cc "$out/$1" -w -DLUA_USE_POSIX -I"$gen" -I"$s/src" "${srcs[@]}" -lm
}

build_deb_xz-utils() {
  local s rc=0; s=$(src_or_keep xz-utils "$1") || rc=$?
  [ $rc -eq 10 ] && return 0; [ $rc -eq 0 ] || return $rc
  local l=$s/src/liblzma
  # Single-threaded liblzma with LZMA1/2 and the CRC/SHA checks; no BCJ/delta filters, so the
  # filter tables only need those directories' headers.
  local srcs; mapfile -t srcs < <(ls "$l"/common/*.c "$l"/check/{check,crc32_fast,crc64_fast,sha256}.c \
    "$l"/lz/*.c "$l"/lzma/*.c "$l"/rangecoder/price_table.c "$s"/src/common/tuklib_physmem.c |
    grep -v -E 'tablegen|_mt\.c$|outqueue\.c$|hardware_cputhreads\.c$')
  up_to_date "$out/$1" "${srcs[@]}" "$here/deb/xz-bench.c" "$here/deb/xz-config.h" "$here/deb/gen.h" \
    "$here/src/bench.h" && return 0
  local gen="$BUILD/bench/gen-$target/xz"
  mkdir -p "$gen" && cp "$here/deb/xz-config.h" "$gen/config.h" || return 1
  local d inc=(-I"$gen" -I"$s/src/common")
  for d in api common check lz rangecoder lzma delta simple; do inc+=(-I"$l/$d"); done
  cc "$out/$1" -w -DHAVE_CONFIG_H "${inc[@]}" -I"$here/src" "$here/deb/xz-bench.c" "${srcs[@]}"
}

build_deb_sqlite3() {
  local s rc=0; s=$(src_or_keep sqlite3 "$1") || rc=$?
  [ $rc -eq 10 ] && return 0; [ $rc -eq 0 ] || return $rc
  # The Debian source is SQLite's full tree; its own build generates the one-file amalgamation
  # (needs tclsh). Generated once, with the host compiler, and shared by both targets.
  local gen="$BUILD/bench/gen-sqlite"
  if ! [ "$gen/sqlite3.c" -nt "$s/.qelt-fetched" ]; then
    command -v tclsh > /dev/null || { echo "build.sh: sqlite needs tclsh (apt-get install tcl)" >&2; return 1; }
    echo "  GEN sqlite3.c" >&2
    rm -rf "$gen" && mkdir -p "$gen" || return 1
    (cd "$gen" && env CC=gcc CFLAGS=-O1 "$s/configure" --disable-tcl --disable-shared > configure.log 2>&1 &&
      make sqlite3.c > make.log 2>&1) || { echo "build.sh: sqlite amalgamation failed, see $gen/*.log" >&2; return 1; }
  fi
  up_to_date "$out/$1" "$gen/sqlite3.c" "$here/deb/sqlite-bench.c" "$here/src/bench.h" && return 0
  cc "$out/$1" -I"$gen" -I"$here/src" -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION \
    "$here/deb/sqlite-bench.c" -x c -w "$gen/sqlite3.c" -lm
}

status=0
for name in "$@"; do
  line=$(awk -v n="$name" '$1 == n { print; exit }' "$manifest")
  [ -n "$line" ] || { echo "build.sh: $name not in $manifest" >&2; status=1; continue; }
  recipe=$(echo "$line" | awk '{ print $2 }')
  rc=0
  case "$recipe" in
    src)
      # A set may add compiler flags for all its kernels in <setdir>/cflags (the fp set needs
      # -ffp-contract=off so both targets round alike) and headers in <setdir>/src/,
      src=$setdir/src/$name.c
      setflags=(); deps=("$src" "$here/src/bench.h")
      if [ -f "$setdir/cflags" ]; then read -ra setflags < "$setdir/cflags"; deps+=("$setdir/cflags"); fi
      # and flags for the RISC-V build only in <setdir>/rv64-cflags (the zb set's -march)
      if [ "$target" = rv64 ] && [ -f "$setdir/rv64-cflags" ]; then
        read -ra rvflags < "$setdir/rv64-cflags"; setflags+=("${rvflags[@]}"); deps+=("$setdir/rv64-cflags")
      fi
      [ "$setdir" = "$here" ] || deps+=("$setdir"/src/*.h)
      if ! up_to_date "$out/$name" "${deps[@]}"; then
        (cc "$out/$name" -Wall -Wextra "${setflags[@]}" -I"$setdir/src" -I"$here/src" "$src" -lm) || rc=$?
      fi ;;
    deb:*)
      fn=build_deb_${recipe#deb:}
      if declare -F "$fn" > /dev/null; then ("$fn" "$name") || rc=$?
      else echo "build.sh: no recipe $fn" >&2; rc=1; fi ;;
    *) echo "build.sh: unknown recipe $recipe for $name" >&2; rc=1 ;;
  esac
  if [ $rc -ne 0 ]; then
    if [ $rc -eq 3 ]; then status=3; elif [ $status -ne 3 ]; then status=1; fi
    echo "build.sh: $name ($target) failed" >&2
  fi
done
exit $status
