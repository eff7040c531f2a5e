#!/usr/bin/env bash
# Builds the boot tests' disk: a small ext4 image (no root needed: mkfs.ext4 -d copies a tree)
# holding hello.txt = "hello from ext4", which the initramfs's /init cats when booted with
# qelt.disk on the kernel command line.
#   scripts/make-disk.sh OUT.img [SIZE, default 8M]
set -euo pipefail
out=${1:?usage: make-disk.sh OUT.img [SIZE]}
size=${2:-8M}
command -v mkfs.ext4 >/dev/null || { echo "make-disk: mkfs.ext4 missing (e2fsprogs)" >&2; exit 1; }
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
echo "hello from ext4" > "$tree/hello.txt"
mkdir -p "$(dirname "$out")"
rm -f "$out.tmp"
# Fixed UUID and hash seed, and the creation time from SOURCE_DATE_EPOCH=0: reproducible images.
E2FSPROGS_FAKE_TIME=0 mkfs.ext4 -q -F -L qelt -U 6d6c7e2a-0000-4000-8000-000000000001 \
	-E hash_seed=6d6c7e2a-0000-4000-8000-000000000002 -d "$tree" "$out.tmp" "$size" >/dev/null
mv "$out.tmp" "$out"
