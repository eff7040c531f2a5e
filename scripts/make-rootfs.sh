#!/usr/bin/env bash
# Builds an ext4 root filesystem image of Debian trixie riscv64 userland for qelt-system-riscv64
# (and qemu-system-riscv64): busybox, python3, make, lua5.4, sqlite3, perl, gcc with libc6-dev
# and everything they depend on (apt's own resolver: scripts/fetch-debian.sh --deps), merged with
# scripts/make-sysroot.sh and written with mkfs.ext4 -d (no root or loop mount needed).
#   scripts/make-rootfs.sh OUT.img
# Boot it through the project's initramfs (scripts/make-initramfs.sh), which loads virtio-blk and
# ext4 and switch_roots into the disk when the kernel command line has qelt.root:
#   qelt-system-riscv64 -m 1G -kernel vmlinux -initrd initrd.cpio.gz \
#     -drive file=OUT.img,format=raw,if=virtio,snapshot=on -append "console=ttyS0 qelt.root"
# The image's /sbin/init (a shell script) mounts proc, sys, dev, devpts, /tmp and /run, sets the
# hostname, prints QELT-ROOT-OK, then runs the program named by qelt.cmd=PATH on the command line,
# or else a root login shell on the console (job control through busybox cttyhack); when that
# ends it syncs and powers off. /root/selftest.sh (tests/debian-vm) runs a python3 script, a
# sqlite3 query, lua, perl, make and a gcc compile-and-run, printing "vm-NAME: output" lines.
# Environment: ROOTFS_PKGS replaces the package list (e.g. without gcc for a smaller image).
# Exit status: 0 ok, 1 error, 3 mirror unreachable (from fetch-debian.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: make-rootfs.sh OUT.img}
PKGS=${ROOTFS_PKGS:-busybox python3 make lua5.4 sqlite3 perl gcc libc6-dev}
command -v mkfs.ext4 >/dev/null || { echo "make-rootfs: mkfs.ext4 missing (e2fsprogs)" >&2; exit 1; }

set +e
all=$("$here/fetch-debian.sh" --quiet --deps $PKGS); rc=$?
set -e
[ $rc -eq 0 ] || exit $rc
tree="$out.tree"
set +e
"$here/make-sysroot.sh" --quiet "$tree" $all >/dev/null; rc=$?
set -e
[ $rc -eq 0 ] || exit $rc

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a "$tree/." "$stage/"
rm -f "$stage/.qelt-sysroot"
mkdir -p "$stage"/{proc,sys,dev,tmp,run,root,mnt,etc,var/tmp}
chmod 1777 "$stage/tmp" "$stage/var/tmp"
[ -e "$stage/bin/sh" ] || ln -s busybox "$stage/usr/bin/sh"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' > "$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$stage/etc/group"
echo qelt > "$stage/etc/hostname"
printf '127.0.0.1 localhost\n10.0.2.2 host\n' > "$stage/etc/hosts"
echo 'nameserver 10.0.2.3' > "$stage/etc/resolv.conf"

cat > "$stage/sbin/init" <<'INIT'
#!/usr/bin/busybox sh
# qelt's minimal init for the Debian rootfs (scripts/make-rootfs.sh).
/usr/bin/busybox --install -s 2>/dev/null   # applets no Debian package of the image provides
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=linux
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
hostname -F /etc/hostname
ip link set lo up 2>/dev/null
echo QELT-ROOT-OK
cmd=$(tr ' ' '\n' < /proc/cmdline | sed -n 's/^qelt\.cmd=//p' | head -n 1)
cd /root
if [ -n "$cmd" ]; then
	"$cmd"
else
	setsid cttyhack sh -l
fi
sync
poweroff -f
INIT
chmod 755 "$stage/sbin/init"

cat > "$stage/root/selftest.py" <<'PY'
import hashlib, json, sqlite3
primes = [n for n in range(2, 60) if all(n % d for d in range(2, n))]
db = sqlite3.connect(":memory:")
db.execute("create table p(n)")
db.executemany("insert into p values (?)", [(n,) for n in primes])
total = db.execute("select sum(n) from p").fetchone()[0]
print(json.dumps({"primes": len(primes), "sum": total,
                  "sha": hashlib.sha256(b"qelt").hexdigest()[:12]}, sort_keys=True))
PY
cat > "$stage/root/selftest.sh" <<'SH'
#!/bin/sh
# The checks of tests/debian-vm: each prints one "vm-NAME: output" line.
echo "vm-python: $(python3 /root/selftest.py 2>&1)"
echo "vm-sqlite: $(sqlite3 :memory: 'create table t(x); insert into t values (3),(4),(5); select group_concat(x*x) from t;' 2>&1)"
echo "vm-lua: $(lua5.4 -e 'local s = 0 for i = 1, 100 do s = s + i end print(s)' 2>&1)"
echo "vm-perl: $(perl -e 'print join(",", map { $_ * 2 } 1 .. 5)' 2>&1)"
if command -v gcc >/dev/null; then
	mkdir -p /tmp/cc && cd /tmp/cc
	printf '#include <stdio.h>\nint main(void) { printf("hello from gcc %%d\\n", 6 * 7); return 0; }\n' > hello.c
	printf 'hello: hello.c\n\tgcc -O2 -o hello hello.c\n' > Makefile
	echo "vm-gcc: $( (make -s && ./hello) 2>&1 | tr '\n' ' ')"
	cd /root
fi
echo QELT-ROOT-DONE
SH
chmod 755 "$stage/root/selftest.sh"

kb=$(du -sk "$stage" | cut -f1)
size_mb=$(( kb * 5 / 4 / 1024 + 64 ))
mkdir -p "$(dirname "$out")"
rm -f "$out.tmp"
# Fixed UUID and hash seed, creation time from E2FSPROGS_FAKE_TIME: the same inputs, the same image.
E2FSPROGS_FAKE_TIME=0 mkfs.ext4 -q -F -L qelt-root -U 6d6c7e2a-0000-4000-8000-000000000003 \
	-E hash_seed=6d6c7e2a-0000-4000-8000-000000000004 -d "$stage" "$out.tmp" "${size_mb}M" >/dev/null
mv "$out.tmp" "$out"
rm -rf "$tree"   # the merged tree is only a step (500 MB with gcc)
echo "make-rootfs: $out: ${size_mb} MiB, $(echo $all | wc -w) packages" >&2
