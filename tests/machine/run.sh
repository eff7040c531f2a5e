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
"$SYS" -M virt,dumpdtb="$tmp/given.dtb" 2>/dev/null
dtb_case dtb-file-chosen-updated -dtb "$tmp/given.dtb" -kernel "$tmp/Image" -initrd "$tmp/initrd" -append "root=/dev/vda"
if "$SYS" -M virt,dumpdtb="$tmp/q.dtb" -cpu rv64 2>/dev/null && dtc -I dtb -O dts "$tmp/q.dtb" 2>/dev/null | grep -q 'riscv,isa = "rv64imafdc.*sstc"'; then
  echo "PASS dtb isa string lists sstc"; else echo "FAIL dtb isa string lists sstc"; fi
# V (extensions.def rows): riscv,isa and riscv,isa-extensions name v and the Zve* it implies
# only when it is on (the default machine, like QEMU 7.2's max, has none).
isa_props() { "$SYS" -M virt,dumpdtb="$tmp/q.dtb" "$@" 2>/dev/null && dtc -I dtb -O dts "$tmp/q.dtb" 2>/dev/null | grep 'riscv,isa'; }
if isa_props -cpu rv64,v=true | grep -q 'riscv,isa = "rv64imafdcv_.*_zve32f_zve32x_zve64d_zve64f_zve64x_sstc"' &&
   isa_props -cpu rv64,v=true | grep -q 'riscv,isa-extensions = "i.0m.0a.0f.0d.0c.0v.0.*zve64x' &&
   ! isa_props | grep -q 'imafdcv\|zve'; then
  echo "PASS dtb isa lists v and zve* with v=true only"; else echo "FAIL dtb isa lists v and zve* with v=true only"; fi

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
bad S-without-gdb -S
bad gdb-device -gdb udp::1234
bad dumpdtb-unwritable -M virt,dumpdtb=/nonexistent-dir/x.dtb
bad netdev-unknown-id -netdev user,id=n0 -device virtio-net-device,netdev=n1
bad netdev-missing -device virtio-net-device,netdev=n0
bad netdev-twice -netdev user,id=n0 -device virtio-net-device,netdev=n0 -device virtio-net-device,netdev=n0
bad netdev-no-id -netdev user
bad netdev-dup-id -netdev user,id=n0 -netdev user,id=n0
bad netdev-type -netdev tap,id=n0
bad netdev-param -netdev user,id=n0,smb=/tmp
bad netdev-net -netdev user,id=n0,net=10.0.2.0/33
bad netdev-host-outside -netdev user,id=n0,host=192.168.1.1
bad netdev-hostfwd -netdev user,id=n0,hostfwd=tcp::notaport-:22
bad netdev-hostfwd-proto -netdev user,id=n0,hostfwd=sctp::5555-:22
bad device-mac -netdev user,id=n0 -device virtio-net-device,netdev=n0,mac=52:54:00:12:34
bad device-mac-multicast -device virtio-net-device,mac=01:00:5e:00:00:01
bad nic-model -nic user,model=e1000
bad nic-type -nic bridge
# A host port already taken by a listener: the forwarding cannot be set up.
python3 -c 'import socket,time; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(20)' > "$tmp/busy" &
busy_pid=$!
for _ in $(seq 50); do [ -s "$tmp/busy" ] && break; sleep 0.1; done
bad netdev-hostfwd-port-busy -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$(cat "$tmp/busy")-:80 -device virtio-net-device,netdev=n0
kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null

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
good device-help-net "virtio-net-device" -device help
good netdev-help "user" -netdev help
# A NIC changes nothing in the device tree (the slots are all listed): the same as QEMU's.
dtb_case netdev-nic -netdev user,id=n0 -device virtio-net-device,netdev=n0

# ---- guest code on the machine: UART through the PLIC, serial backends, exit codes ----
CC=${SYS_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-system-riscv64 || true)
if ! command -v "$CC" >/dev/null; then
  echo "SKIP uart: $CC not installed"; exit 0
fi
for p in uart-echo uart-hello reboot uart-forever pause; do
  "$CC" -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$tmp/$p.elf" "$here/$p.S" || echo "FAIL uart: $p.S does not assemble"
done
bad kernel-overlaps-firmware -kernel "$tmp/uart-hello.elf"   # linked at 0x80000000, as OpenSBI
run_both() {  # name expected_status expected_stdout input args...
  local name=$1 st=$2 exp=$3 input=$4; shift 4
  local emu label
  for emu in "$SYS" $QEMU; do
    label=qelt; [ "$emu" = "$SYS" ] || label=qemu
    printf "$input" | timeout 60 "$emu" -M virt -bios none -nographic "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -eq "$st" ] && [ "$(cat "$tmp/out")" = "$(printf "$exp")" ]; then echo "PASS uart $name ($label)"
    else echo "FAIL uart $name ($label): status $rc, output '$(head -c 80 "$tmp/out" | od -An -c | tr -s ' ' | head -c 120)'"; fi
  done
}
run_both echo-through-plic 0 'hello^Aworld\n' 'hello\001\001world\nq' -kernel "$tmp/uart-echo.elf"
# Ctrl-A x: the run ends with status 0 whatever the guest did with the bytes before it (racy).
printf 'ab\001x' | timeout 60 "$SYS" -bios none -nographic -kernel "$tmp/uart-echo.elf" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q '^qelt: terminated' "$tmp/err"; then echo "PASS uart ctrl-a-x-quits"
else echo "FAIL uart ctrl-a-x-quits: status $rc, stderr '$(head -c 80 "$tmp/err")'"; fi
run_both finisher-exit-code 7 'hi from the virt board\n' '' -kernel "$tmp/uart-hello.elf"
run_both dtb-file 7 'hi from the virt board\n' '' -kernel "$tmp/uart-hello.elf" -dtb "$tmp/given.dtb"
run_both serial-null 7 '' '' -kernel "$tmp/uart-hello.elf" -serial null -monitor none
rm -f "$tmp/serial.txt"
printf '' | "$SYS" -bios none -nographic -kernel "$tmp/uart-hello.elf" -serial file:"$tmp/serial.txt" >"$tmp/out" 2>&1
rc=$?
if [ $rc -eq 7 ] && [ "$(cat "$tmp/serial.txt")" = "hi from the virt board" ] && [ ! -s "$tmp/out" ]; then
  echo "PASS uart serial-file"
else echo "FAIL uart serial-file: status $rc"; fi

# Spin-wait hints: with more harts than host CPUs, pause yields the host CPU (counted by -d
# stats for the hart that ran it); with fewer, no call is made at all.
ncpu=$(nproc)
for n in 1 $((ncpu + 1)); do
  [ "$n" -gt 32 ] && { echo "SKIP pause-yields -smp $n: more host CPUs than harts"; continue; }
  want=0; [ "$n" -gt "$ncpu" ] && want=1000
  timeout 60 "$SYS" -M virt -bios none -nographic -smp "$n" -kernel "$tmp/pause.elf" -d stats \
    -D "$tmp/stats" </dev/null >"$tmp/out" 2>&1
  rc=$?
  got=$(sed -n 's/^  vcpu 0: .* \([0-9]*\) pause yields$/\1/p' "$tmp/stats")
  if [ $rc -eq 0 ] && [ "$got" = "$want" ]; then echo "PASS pause-yields -smp $n ($want)"
  else echo "FAIL pause-yields -smp $n: status $rc, hart 0 yielded '$got' times, want $want"; fi
done

# Reset: -no-reboot ends the run with 0; without it the machine boots again (the serial file is
# appended to across the restart): wait for the second "B", then stop it.
run_both reset-no-reboot 0 'B' '' -kernel "$tmp/reboot.elf" -no-reboot
rm -f "$tmp/boots"
"$SYS" -bios none -nographic -kernel "$tmp/reboot.elf" -serial file:"$tmp/boots" </dev/null >/dev/null 2>&1 &
pid=$!
for i in $(seq 600); do [ "$(cat "$tmp/boots" 2>/dev/null | wc -c)" -ge 2 ] && break; sleep 0.1; done
kill $pid 2>/dev/null; wait $pid 2>/dev/null
if [ "$(head -c 2 "$tmp/boots")" = BB ]; then echo "PASS reset reboots the machine"
else echo "FAIL reset reboots the machine: serial '$(head -c 10 "$tmp/boots")'"; fi

# ---- the gdb stub: -gdb tcp::PORT -S (stopped at the reset vector), breakpoints, memory,
# stepi, the exit code; -gdb without -S: gdb attaches to a running machine and kills it ----
GDB=$(command -v gdb-multiarch || true)
gdb_listen() {  # elf qelt-args... : qelt with -gdb on a free port; sets port, qpid
  local elf=$1 try w; shift
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM % 30000)))
    "$SYS" -bios none -nographic -kernel "$elf" -gdb tcp::$port "$@" </dev/null >"$tmp/gdb.out" 2>"$tmp/gdb.err" &
    qpid=$!
    for w in $(seq 100); do
      grep -q ":$(printf '%04X' "$port") 00000000:0000 0A" /proc/net/tcp 2>/dev/null && return 0
      kill -0 $qpid 2>/dev/null || break
      sleep 0.1
    done
    kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
  done
}
sys_gdb() {  # elf log qelt-args... : run gdb's $GDB_CMDS against it, wait for qelt's status
  local elf=$1 log=$2; shift 2
  gdb_listen "$elf" "$@"
  timeout 60 "$GDB" -q -batch -nx -ex "target remote :$port" "${GDB_CMDS[@]}" "$elf" >"$log" 2>&1
  [ $? = 124 ] && kill $qpid 2>/dev/null   # gdb hung: do not wait for qelt forever
  wait $qpid; echo $? > "$log.status"
}
if [ -n "$GDB" ] && [ -r /proc/net/tcp ]; then
  "$CC" -g -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$tmp/hello-g.elf" "$here/uart-hello.S"
  "$CC" -g -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$tmp/forever-g.elf" "$here/uart-forever.S"
  GDB_CMDS=(-ex 'p/x $pc' -ex 'break end' -ex 'continue' -ex 'x/s &msg' -ex 'stepi' -ex 'p/x $pc'
            -ex 'p/x $t0' -ex 'continue')
  sys_gdb "$tmp/hello-g.elf" "$tmp/gdb1.log" -S
  gcheck() {  # name regex log
    if grep -q -- "$2" "$3"; then echo "PASS gdb-system $1"; else echo "FAIL gdb-system $1: $(tail -3 "$3" | tr '\n' ';')"; fi
  }
  gcheck stopped-at-reset-vector '^\$1 = 0x1000$' "$tmp/gdb1.log"
  gcheck breakpoint 'Breakpoint 1, end ()' "$tmp/gdb1.log"
  gcheck read-memory 'msg>:.*"hi from the virt board' "$tmp/gdb1.log"
  gcheck stepi '^\$2 = 0x8000002a$' "$tmp/gdb1.log"
  gcheck register-after-step '^\$3 = 0x100000$' "$tmp/gdb1.log"
  gcheck exit-code 'exited with code 07' "$tmp/gdb1.log"
  [ "$(cat "$tmp/gdb1.log.status")" = 7 ] && echo "PASS gdb-system qelt-exit-status" ||
    echo "FAIL gdb-system qelt-exit-status: $(cat "$tmp/gdb1.log.status")"
  GDB_CMDS=(-ex 'p/x $s0' -ex 'kill')
  sys_gdb "$tmp/forever-g.elf" "$tmp/gdb2.log" -serial null
  gcheck attach-to-running '^\$1 = 0x10000000$' "$tmp/gdb2.log"
  gcheck kill-ends-run 'killed' "$tmp/gdb2.log"
  [ "$(cat "$tmp/gdb2.log.status")" = 0 ] && echo "PASS gdb-system kill-exit-status" ||
    echo "FAIL gdb-system kill-exit-status: $(cat "$tmp/gdb2.log.status")"
  # detach: the machine runs on (at full speed again) until stopped from outside
  gdb_listen "$tmp/forever-g.elf" -serial null
  timeout 60 "$GDB" -q -batch -nx -ex "target remote :$port" -ex 'p/x $s0' -ex 'detach' \
    "$tmp/forever-g.elf" >"$tmp/gdb3.log" 2>&1
  alive=no
  kill -0 $qpid 2>/dev/null && alive=yes
  kill -TERM $qpid 2>/dev/null; wait $qpid 2>/dev/null
  if grep -q 'detached' "$tmp/gdb3.log" && [ $alive = yes ]; then
    echo "PASS gdb-system detach-runs-on"
  else echo "FAIL gdb-system detach-runs-on: $(tail -2 "$tmp/gdb3.log" | tr '\n' ';')"; fi
  # -smp 4: every hart is a gdb thread (1..4, "CPU#N [running]" or "[halted ]" in wfi) with its
  # own pc and registers; a breakpoint hit by hart 1 is reported as thread 2; stepping hart 0
  # and reading each hart's registers; the same gdb session against QEMU when it is installed.
  "$CC" -g -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$tmp/smp-g.elf" "$here/smp-gdb.S"
  GDB_CMDS=(-ex 'info threads' -ex 'break hart1_here' -ex 'continue' -ex 'info threads'
            -ex 'thread 1' -ex 'p/x $s1' -ex 'stepi' -ex 'stepi' -ex 'info threads' -ex 'thread 2'
            -ex 'p/x $s1' -ex 'thread 3' -ex 'p/x $pc' -ex 'kill')
  sys_gdb "$tmp/smp-g.elf" "$tmp/gdb4.log" -smp 4 -S
  gcheck smp-threads-at-reset '^  4    Thread 1.4 (CPU#3 \[running\]) 0x0*1000 in' "$tmp/gdb4.log"
  gcheck smp-breakpoint-thread '^Thread 2 hit Breakpoint 1, hart1_here ()' "$tmp/gdb4.log"
  gcheck smp-hart0-frame '^  1    Thread 1.1 (CPU#0 \[running\]) spin0 ()' "$tmp/gdb4.log"
  gcheck smp-halted-hart '^  4    Thread 1.4 (CPU#3 \[halted \]) park ()' "$tmp/gdb4.log"
  gcheck smp-hart0-register '^\$1 = 0xa0$' "$tmp/gdb4.log"
  gcheck smp-hart1-register '^\$2 = 0xa1$' "$tmp/gdb4.log"
  gcheck smp-hart2-pc '^\$3 = 0x8000001e$' "$tmp/gdb4.log"
  if [ -n "$QEMU" ]; then
    port=$((20000 + (RANDOM % 30000)))
    "$QEMU" -M virt -bios none -nographic -kernel "$tmp/smp-g.elf" -smp 4 -gdb tcp::$port -S \
      </dev/null >/dev/null 2>&1 &
    qpid=$!
    for w in $(seq 100); do
      grep -q ":$(printf '%04X' "$port") 00000000:0000 0A" /proc/net/tcp 2>/dev/null && break
      sleep 0.1
    done
    timeout 60 "$GDB" -q -batch -nx -ex "target remote :$port" "${GDB_CMDS[@]}" "$tmp/smp-g.elf" \
      >"$tmp/gdb4q.log" 2>&1
    kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
    # where hart 0 is inside its two-instruction loop depends on timing: leave its lines out
    norm() { sed -E '/^(21|22)\t/d; /^#0  spin0/d; s/(spin0 \(\) at [^:]*):[0-9]+/\1/; /Remote target|process 1/d' "$1"; }
    if diff <(norm "$tmp/gdb4q.log") <(norm "$tmp/gdb4.log") >"$tmp/gdb4.diff"; then
      echo "PASS gdb-system smp-threads-as-qemu"
    else echo "FAIL gdb-system smp-threads-as-qemu: $(head -6 "$tmp/gdb4.diff" | tr '\n' ';')"; fi
  fi
  # A watchpoint on the machine (Z2): hart 0's amoadd on count stops it right after the access.
  GDB_CMDS=(-ex 'watch *(int *)&count' -ex 'continue' -ex 'p/x $pc == (long)&spin0' -ex 'kill')
  sys_gdb "$tmp/smp-g.elf" "$tmp/gdb6.log" -smp 1 -S
  gcheck watch-hart0 '^New value = 1$' "$tmp/gdb6.log"
  gcheck watch-hart0-pc '^\$1 = 0x1$' "$tmp/gdb6.log"
  # Memory as the selected hart sees it: hart 1 maps 0xc0000000 to this program (Sv39, S-mode),
  # hart 0 runs unpaged, where 0xc0000000 is nothing.
  "$CC" -g -nostdlib -nostartfiles -static -Wl,-N -Wl,-Ttext=0x80000000 -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments -o "$tmp/smp-pg.elf" "$here/smp-gdb-paging.S"
  GDB_CMDS=(-ex 'break hart0_here' -ex 'continue' -ex 'thread 2' -ex 'p $pc == (long)&s_spin + 0x40000000'
            -ex 'x/wx 0xc0000000' -ex 'thread 1' -ex 'x/wx 0xc0000000' -ex 'kill')
  sys_gdb "$tmp/smp-pg.elf" "$tmp/gdb5.log" -smp 2 -S
  gcheck smp-paged-hart-pc '^\$1 = 1$' "$tmp/gdb5.log"
  gcheck smp-paged-hart-memory '^0xc0000000:.0xf14022f3$' "$tmp/gdb5.log"
  gcheck smp-unpaged-hart-memory 'Cannot access memory at address 0xc0000000' "$tmp/gdb5.log"
else
  echo "SKIP gdb-system: no gdb-multiarch"
fi

# ---- the terminal: raw while the machine runs, restored on a normal exit and on SIGTERM ----
if command -v script >/dev/null; then
  cat > "$tmp/tty.sh" <<TTY
stty -g > "$tmp/tty.before"
"$SYS" -bios none -nographic -kernel "$tmp/uart-hello.elf" < /dev/tty > /dev/null 2>&1
echo \$? > "$tmp/tty.status1"
stty -g > "$tmp/tty.after1"
"$SYS" -bios none -nographic -kernel "$tmp/uart-echo.elf" < /dev/tty > /dev/null 2>&1 &
pid=\$!
for i in \$(seq 600); do stty -g | cmp -s - "$tmp/tty.before" || break; sleep 0.1; done
stty -g > "$tmp/tty.during"
kill -TERM \$pid; wait \$pid; echo \$? > "$tmp/tty.status2"
stty -g > "$tmp/tty.after2"
"$SYS" -bios none -nographic -kernel "$tmp/uart-forever.elf" < /dev/tty | head -c 100 > /dev/null
echo \${PIPESTATUS[0]} > "$tmp/tty.status3"
stty -g > "$tmp/tty.after3"
TTY
  timeout 120 script -qc "bash $tmp/tty.sh" /dev/null < /dev/null > /dev/null 2>&1
  if [ "$(cat "$tmp/tty.status1" 2>/dev/null)" = 7 ] && cmp -s "$tmp/tty.before" "$tmp/tty.after1"; then
    echo "PASS tty restored after the guest's exit"
  else echo "FAIL tty restored after the guest's exit"; fi
  if ! cmp -s "$tmp/tty.before" "$tmp/tty.during" && cmp -s "$tmp/tty.before" "$tmp/tty.after2" &&
     [ "$(cat "$tmp/tty.status2" 2>/dev/null)" = 143 ]; then
    echo "PASS tty raw while running, restored after SIGTERM"
  else echo "FAIL tty raw while running, restored after SIGTERM"; fi
  if [ "$(cat "$tmp/tty.status3" 2>/dev/null)" = 141 ] && cmp -s "$tmp/tty.before" "$tmp/tty.after3"; then
    echo "PASS tty restored when the output pipe closes (SIGPIPE)"
  else echo "FAIL tty restored when the output pipe closes (SIGPIPE): status $(cat "$tmp/tty.status3" 2>/dev/null)"; fi
else
  echo "SKIP tty: no script(1)"
fi
