#!/usr/bin/env bash
# Builds the boot tests' initramfs (a gzip'd newc cpio, no root needed): Debian trixie's riscv64
# busybox-static (fetched with scripts/fetch-debian.sh) and an /init that
#   mounts proc, sys and dev; prints the marker QELT-BOOT-OK; runs a few commands whose output
#   the boot test checks (lines "cmd-NAME: ..."); when the kernel command line has qelt.disk, loads
#   the modules for a virtio-mmio ext4 disk, mounts /dev/vda read-only and prints its hello.txt;
#   with qelt.net, loads virtio-net and sets eth0 to QEMU's user-net address 10.0.2.15/24 via
#   10.0.2.2; with qelt.http=PORT too (tests/net), fetches http://10.0.2.2:PORT/blob and prints its
#   md5sum, then answers one connection on port 80 (reached through hostfwd) with a fixed text;
#   with qelt.vtest and an executable /vstate_v (tests/boot boot-vector adds it in a second archive),
#   runs it and prints each of its lines as "cmd-vtest: LINE";
#   with qelt.root (tests/debian-vm: scripts/make-rootfs.sh's image), mounts /dev/vda read-write
#   and switch_roots into its /sbin/init instead of powering off;
#   prints QELT-BOOT-DONE and powers off (poweroff -f: SBI system reset -> the finisher, exit 0).
#   scripts/make-initramfs.sh OUT.cpio.gz [MODULES_DIR]
# MODULES_DIR (from scripts/fetch-kernel.sh): the kernel's /usr/lib/modules/VERSION; its virtio-mmio,
# virtio-blk and ext4 modules (and their dependencies, in load order) go into /lib/modules as
# plain .ko (decompressed here: busybox insmod need not read xz). Without it: no disk support.
# Exit status: 0 ok, 1 error, 3 mirror unreachable (from fetch-debian.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:?usage: make-initramfs.sh OUT.cpio.gz [MODULES_DIR]}
mods=${2:-}
# Load order: dependencies first (read from each module's depends= field when this list was made;
# the package ships no modules.dep). crc32c_generic is ext4's soft dependency (metadata checksums).
# The disk's list and the network's (virtio_net needs net_failover, which needs failover).
DISK_MODULES="virtio_mmio virtio_blk crc16 mbcache jbd2 crc32c_generic ext4"
NET_MODULES="virtio_mmio failover net_failover virtio_net"
MODULES=$(echo $DISK_MODULES $NET_MODULES | tr ' ' '\n' | awk '!seen[$0]++' | tr '\n' ' ')

set +e
bb_line=$("$here/fetch-debian.sh" --quiet busybox-static); rc=$?
set -e
[ $rc -eq 0 ] || exit $rc
bb=$(echo "$bb_line" | awk '$1 == "busybox-static" { print $2 }')/usr/bin/busybox
[ -f "$bb" ] || { echo "make-initramfs: $bb missing" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,mnt,lib/modules,tmp}
cp "$bb" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
if [ -n "$mods" ]; then
	n=0
	for m in $MODULES; do
		f=$(find "$mods/kernel" -name "$m.ko.xz" -o -name "$m.ko" | head -n 1)
		[ -n "$f" ] || { echo "make-initramfs: module $m not found under $mods" >&2; exit 1; }
		case $f in
		*.xz) xz -dc "$f" > "$root/lib/modules/$m.ko" ;;
		*) cp "$f" "$root/lib/modules/$m.ko" ;;
		esac
	done
fi
printf '%s\n' "$DISK_MODULES" > "$root/lib/modules/disk.list"
printf '%s\n' "$NET_MODULES" > "$root/lib/modules/net.list"
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo QELT-BOOT-OK
echo "cmd-uname: $(uname -m)"
echo "cmd-isa: $(grep -m 1 '^isa' /proc/cpuinfo | sed 's/.*: *//')"
echo "cmd-cpus: $(grep -c '^processor' /proc/cpuinfo)"
echo "cmd-arith: $((6 * 7))"
echo "cmd-ls: $(ls / | tr '\n' ' ')"
# load LIST: the modules named in /lib/modules/LIST.list, in order, each once.
load() {
	for m in $(cat /lib/modules/$1.list); do
		[ -d /sys/module/$m ] && continue
		insmod /lib/modules/$m.ko || echo "cmd-insmod-failed: $m"
	done
}
# arg NAME: the value of NAME= on the kernel command line.
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | head -n 1; }
wait_vda() {
	i=0
	while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
if grep -q qelt.disk /proc/cmdline; then
	load disk
	wait_vda
	if mount -t ext4 -o ro /dev/vda /mnt; then
		echo "cmd-disk: $(cat /mnt/hello.txt)"
		umount /mnt
	else
		echo "cmd-disk: mount failed"
	fi
fi
if grep -q qelt.net /proc/cmdline; then
	load net
	i=0
	while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	ip link set lo up
	ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && ip route add default via 10.0.2.2 &&
		echo "cmd-net-up: $(ip -4 addr show eth0 | sed -n 's/.*inet \([0-9./]*\).*/\1/p')"
	echo "cmd-net-mac: $(cat /sys/class/net/eth0/address)"
	port=$(arg qelt.http)
	if [ -n "$port" ]; then
		if wget -q -T 20 -O /tmp/blob "http://10.0.2.2:$port/blob"; then
			echo "cmd-wget: $(md5sum /tmp/blob | cut -d' ' -f1)"
		else
			echo "cmd-wget: failed"
		fi
		printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from the guest\n' > /tmp/reply
		echo "cmd-nc-listening"
		timeout 60 nc -l -p 80 < /tmp/reply > /tmp/request
		echo "cmd-nc-request: $(head -n 1 /tmp/request | tr -d '\r')"
	fi
fi
if grep -q qelt.vtest /proc/cmdline && [ -x /vstate_v ]; then
	/vstate_v 2>&1 | sed 's/^/cmd-vtest: /'
fi
if grep -q qelt.root /proc/cmdline; then
	load disk
	wait_vda
	if mount -t ext4 /dev/vda /mnt && [ -x /mnt/sbin/init ]; then
		umount /proc /sys /dev
		exec switch_root /mnt /sbin/init
	fi
	echo "cmd-root: mount of /dev/vda or its /sbin/init failed"
fi
echo QELT-BOOT-DONE
poweroff -f
INIT
chmod 755 "$root/init"
mkdir -p "$(dirname "$out")"
# Fixed owner and mtimes, sorted names: the same inputs give the same archive.
(
	cd "$root"
	find . -mindepth 1 -print0 | xargs -0 touch -h -d @0
	find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 --reproducible
) | gzip -9n > "$out.tmp"
mv "$out.tmp" "$out"
