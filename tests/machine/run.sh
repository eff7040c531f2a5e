#!/usr/bin/env bash
# The full-system machine's outer shell (qelt-system-riscv64): its device tree against QEMU 7.2's
# own (-M virt,dumpdtb=, compared node by node by dtcmp.py), where boot images go (the initrd
# addresses in /chosen, as QEMU places them), and bad command lines (each: exit status 1 and one
# "qelt: " line on stderr, nothing else).
set -u
here=$(cd "$(dirname "$0")" && pwd)
SYS=${QELT_SYSTEM:-$BUILD/qelt-system-riscv64}
if [ ! -x "$SYS" ]; then echo "SKIP machine: $SYS not built"; exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A fake Linux Image: the RISC-V header (image size at 0x10, magic at 0x30 and 0x38).
fake_image() {  # path file_size image_size
  python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
b = bytearray(int(sys.argv[2]))
struct.pack_into('<Q', b, 0x10, int(sys.argv[3]))
b[0x30:0x38] = b'RISCV\0\0\0'
b[0x38:0x3c] = b'RSC\x05'
open(sys.argv[1], 'wb').write(b)
PY
}
fake_image "$tmp/Image" $((1 << 20)) $((4 << 20))
fake_image "$tmp/BigImage" $((1 << 20)) $((64 << 20))
head -c 100000 /dev/zero > "$tmp/initrd"
head -c $((20 << 20)) /dev/zero > "$tmp/bigrd"
printf 'hello' > "$tmp/notakernel"
head -c 65536 /dev/zero > "$tmp/disk.img"

# ---- device tree vs QEMU ----
dtb_case() {  # name args...
  local name=$1; shift
  if ! "$SYS" -M virt,dumpdtb="$tmp/q.dtb" "$@" 2>"$tmp/err"; then
    echo "FAIL dtb $name: qelt failed: $(head -1 "$tmp/err")"; return; fi
  if ! command -v qemu-system-riscv64 >/dev/null || ! command -v dtc >/dev/null; then
    if dtc -I dtb -O dts "$tmp/q.dtb" >/dev/null 2>&1; then echo "PASS dtb $name (valid; no qemu to compare)"
    else echo "SKIP dtb $name: no dtc/qemu-system-riscv64"; fi
    return
  fi
  qemu-system-riscv64 -M virt,dumpdtb="$tmp/v.dtb" -display none "$@" 2>/dev/null
  dtc -I dtb -O dts "$tmp/q.dtb" > "$tmp/q.dts" 2>/dev/null
  dtc -I dtb -O dts "$tmp/v.dtb" > "$tmp/v.dts" 2>/dev/null
  if python3 "$here/dtcmp.py" "$tmp/q.dts" "$tmp/v.dts" > "$tmp/diff"; then echo "PASS dtb $name"
  else echo "FAIL dtb $name: $(head -3 "$tmp/diff" | tr '\n' ';')"; fi
}
dtb_case default
dtb_case smp2-1G -smp 2 -m 1G
dtb_case smp4-kernel-initrd-append -smp 4 -m 256M -kernel "$tmp/Image" -initrd "$tmp/initrd" -append "console=ttyS0 quiet"
dtb_case bios-none-kernel -bios none -kernel "$tmp/Image" -initrd "$tmp/initrd" -m 512M
if "$SYS" -M virt,dumpdtb="$tmp/q.dtb" -cpu rv64 2>/dev/null && dtc -I dtb -O dts "$tmp/q.dtb" 2>/dev/null | grep -q 'riscv,isa = "rv64imafdc.*sstc"'; then
  echo "PASS dtb isa string lists sstc"; else echo "FAIL dtb isa string lists sstc"; fi

# ---- bad input: exit 1, exactly one line, "qelt: ..." ----
bad() {  # name args...
  local name=$1; shift
  "$SYS" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"; local rc=$?
  local lines; lines=$(wc -l < "$tmp/err")
  if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && grep -q '^qelt: ' "$tmp/err" && [ ! -s "$tmp/out" ]; then
    echo "PASS bad $name"; [ -n "${VERBOSE:-}" ] && cat "$tmp/err"
  else
    echo "FAIL bad $name: rc=$rc, stderr: $(head -2 "$tmp/err" | tr '\n' ';')"
  fi
}
bad unknown-option -frobnicate
bad missing-argument -kernel
bad stray-word virt
bad machine-type -M pc
bad machine-property -M virt,aclint=maybe
bad cpu-model -cpu sifive-u54
bad ram-size -m 12X
bad ram-too-small -m 1M
bad smp-zero -smp 0
bad smp-too-many -smp 64
bad bios-missing -bios "$tmp/nofile"
bad kernel-missing -kernel "$tmp/nofile"
bad kernel-not-a-kernel -kernel "$tmp/notakernel"
bad kernel-unreadable -kernel "$tmp"
bad initrd-missing -kernel "$tmp/Image" -initrd "$tmp/nofile"
bad initrd-without-kernel -initrd "$tmp/initrd"
bad kernel-too-big-for-ram -m 16M -kernel "$tmp/BigImage"
bad initrd-too-big-for-ram -m 32M -kernel "$tmp/Image" -initrd "$tmp/bigrd"
bad dtb-not-a-dtb -dtb "$tmp/notakernel" -kernel "$tmp/Image"
bad serial-backend -serial tcp::4444
bad drive-missing-file -drive format=raw,if=none,id=d0
bad drive-format -drive file="$tmp/disk.img",format=qcow2,if=none,id=d0
bad drive-if -drive file="$tmp/disk.img",if=scsi
bad drive-no-if -drive file="$tmp/disk.img",format=raw
bad drive-file-missing -drive file="$tmp/nofile",format=raw,if=virtio
bad drive-unused-id -device virtio-blk-device,drive=nosuch
bad drive-twice -drive file="$tmp/disk.img",if=none,id=d0 -device virtio-blk-device,drive=d0 -device virtio-blk-device,drive=d0
bad device-unknown -device e1000
bad device-no-drive -device virtio-blk-device
bad device-bus -device virtio-rng-device,bus=virtio-mmio-bus.9
bad device-bus-twice -device virtio-rng-device,bus=virtio-mmio-bus.2 -device virtio-rng-device,bus=virtio-mmio-bus.2
bad global-unknown -global foo.bar=1
bad global-value -global virtio-mmio.force-legacy=maybe
bad d-item -d int,nonsense
bad accel-kvm -accel kvm
bad display-gtk -display gtk
bad monitor-stdio -monitor stdio
bad dumpdtb-unwritable -M virt,dumpdtb=/nonexistent-dir/x.dtb

# ---- informational options: exit 0 on stdout ----
good() {  # name pattern args...
  local name=$1 pat=$2; shift 2
  if "$SYS" "$@" </dev/null 2>"$tmp/err" | grep -q -- "$pat" && [ ! -s "$tmp/err" ]; then echo "PASS info $name"
  else echo "FAIL info $name"; fi
}
good help "-kernel" -help
good version "version" -version
good machine-help "virt" -M help
good cpu-help "rv64" -cpu help
good d-help "guest_errors" -d help
good device-help "virtio-blk-device" -device help
