#!/usr/bin/env bash
# Fetches Debian trixie's riscv64 kernel into the project cache (through scripts/fetch-debian.sh,
# so QELT_CACHE and the mirror handling are the same as for every other Debian package).
# The meta package linux-image-riscv64 names the real one (linux-image-VERSION-riscv64) in its
# Depends; that one holds /boot/vmlinux-VERSION (a raw RISC-V Image, what -kernel takes) and the
# modules under /usr/lib/modules/VERSION (.ko.xz, no modules.dep: depmod never ran).
#   scripts/fetch-kernel.sh    prints "kernel PATH" and "modules PATH" (stdout), diagnostics on stderr
# Exit status: as fetch-debian.sh (3: mirror unreachable, callers turn it into SKIP; 2: not found).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
CACHE=${QELT_CACHE:-$repo/cache}
fetch() { "$here/fetch-debian.sh" --quiet "$1" | awk -v n="$1" '$1 == n { print $2 }'; }

meta=$(fetch linux-image-riscv64)
deb=$CACHE/debs/$(cat "$meta/.qelt-fetched")
real=$(dpkg-deb -f "$deb" Depends | tr ',|' '\n\n' | sed 's/(.*//; s/ //g' |
	grep -E '^linux-image-[0-9].*-riscv64$' | head -n 1)
[ -n "$real" ] || { echo "fetch-kernel: no linux-image-VERSION-riscv64 in the Depends of $deb" >&2; exit 1; }
dir=$(fetch "$real")
version=${real#linux-image-}
kernel=$dir/boot/vmlinux-$version
modules=$dir/usr/lib/modules/$version
[ -f "$kernel" ] || { echo "fetch-kernel: $kernel missing in $real" >&2; exit 1; }
# A raw RISC-V Linux Image: "RISCV\0\0\0" at offset 0x30, "RSC\x05" at 0x38.
magic=$(od -An -c -j 48 -N 5 "$kernel" | tr -d ' ')
[ "$magic" = RISCV ] || { echo "fetch-kernel: $kernel is not a RISC-V Image (magic '$magic')" >&2; exit 1; }
echo "kernel $kernel"
echo "modules $modules"
