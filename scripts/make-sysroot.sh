#!/usr/bin/env bash
# Builds a riscv64 guest sysroot for dynamically linked Debian programs (qelt -L DIR, as for
# qemu-riscv64 -L): fetches Debian trixie riscv64 binary packages with scripts/fetch-debian.sh
# and merges their trees into one directory, with the usr-merge links (lib -> usr/lib,
# bin -> usr/bin, sbin -> usr/sbin) a Debian system has.
#
#   scripts/make-sysroot.sh [--quiet] DIR PKG...
#
# Invariants: DIR is rebuilt from the cached package trees when its stamp (DIR/.qelt-sysroot,
# the sorted package list) differs from the request, and left alone otherwise; nothing outside
# DIR and the fetch cache is written. Exit status as fetch-debian.sh's (3: mirror unreachable).
set -u
here=$(cd "$(dirname "$0")" && pwd)
quiet=
[ "${1:-}" = --quiet ] && { quiet=--quiet; shift; }
[ $# -ge 2 ] || { echo "usage: make-sysroot.sh [--quiet] DIR PKG..." >&2; exit 1; }
dir=$1; shift
want=$(printf '%s\n' "$@" | sort -u | tr '\n' ' ')
if [ -f "$dir/.qelt-sysroot" ] && [ "$(cat "$dir/.qelt-sysroot")" = "$want" ]; then
  echo "$dir"; exit 0
fi
out=$("$here/fetch-debian.sh" $quiet "$@") || exit $?
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" || exit 1
while read -r name path; do
  [ -n "$path" ] && [ -d "$path" ] || continue
  cp -a "$path/." "$dir.tmp/" || exit 1
done <<<"$out"
rm -f "$dir.tmp/.qelt-fetched"
for l in lib bin sbin; do
  [ -e "$dir.tmp/$l" ] || ln -s "usr/$l" "$dir.tmp/$l"
done
printf '%s' "$want" > "$dir.tmp/.qelt-sysroot"
rm -rf "$dir" && mv "$dir.tmp" "$dir" || exit 1
echo "$dir"
