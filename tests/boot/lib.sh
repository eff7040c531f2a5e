# Shared by tests/boot/run.sh and bench/boot-time.sh (sourced, not run): the boot material (kernel,
# initramfs, disk, made by the project's scripts and cached in $BUILD/tests/boot), the emulator
# arguments of each boot case, and a timed run, so the tests and the measurements boot the same way.
# Needs: repo set by the caller (and TIMEOUT, MEM for the boots).

# boot_suite_start NAME: what every boot-based suite (tests/boot, tests/net, tests/debian-vm) does
# first: BUILD, QELT_SYS and QEMU_SYS from the environment or their defaults; outside make
# check-system (QELT_CHECK_SYSTEM unset) prints one "SKIP NAME:all" line and returns 1.
boot_suite_start() {
	BUILD=${BUILD:-$repo/build}
	QELT_SYS=${QELT_SYS:-$BUILD/qelt-system-riscv64}
	QEMU_SYS=${QEMU_SYS-$(command -v qemu-system-riscv64 || true)}
	if [ "${QELT_CHECK_SYSTEM:-}" != 1 ]; then
		echo "SKIP $1:all: run by make check-system (QELT_CHECK_SYSTEM=1)"
		return 1
	fi
}

# boot_material: sets KERNEL, MODULES, INITRD, DISK (building what is missing or stale). On failure
# prints one "SKIP boot:all: ..." (mirror unreachable) or "FAIL boot:...: ..." line and returns 1.
boot_material() {
	local kout rc log
	kout=$("$repo/scripts/fetch-kernel.sh" 2>&1); rc=$?
	if [ $rc -eq 3 ]; then
		echo "SKIP boot:all: Debian mirror not reachable ($(echo "$kout" | tail -n 1))"; return 1
	elif [ $rc -ne 0 ]; then
		echo "FAIL boot:fetch: scripts/fetch-kernel.sh failed: $(echo "$kout" | tail -n 1)"; return 1
	fi
	KERNEL=$(echo "$kout" | awk '$1 == "kernel" { print $2 }')
	MODULES=$(echo "$kout" | awk '$1 == "modules" { print $2 }')
	local out=$BUILD/tests/boot
	mkdir -p "$out"
	INITRD=$out/initrd.cpio.gz
	DISK=$out/disk.img
	if [ ! -f "$INITRD" ] || [ "$repo/scripts/make-initramfs.sh" -nt "$INITRD" ] || [ "$KERNEL" -nt "$INITRD" ]; then
		if ! log=$("$repo/scripts/make-initramfs.sh" "$INITRD" "$MODULES" 2>&1); then
			echo "FAIL boot:initramfs: scripts/make-initramfs.sh failed: $(echo "$log" | tail -n 1)"; return 1
		fi
	fi
	if [ ! -f "$DISK" ] || [ "$repo/scripts/make-disk.sh" -nt "$DISK" ]; then
		if ! log=$("$repo/scripts/make-disk.sh" "$DISK" 2>&1); then
			echo "FAIL boot:disk: scripts/make-disk.sh failed: $(echo "$log" | tail -n 1)"; return 1
		fi
	fi
}

# boot_rootfs NAME: sets ROOTFS, tests/debian-vm's Debian image (scripts/make-rootfs.sh), built
# when missing or stale. On failure prints one "SKIP NAME:all: ..." (mirror unreachable) or
# "FAIL NAME:rootfs: ..." line and returns 1.
boot_rootfs() {
	local log rc
	ROOTFS=$BUILD/tests/debian-vm/rootfs.img
	[ -f "$ROOTFS" ] && ! [ "$repo/scripts/make-rootfs.sh" -nt "$ROOTFS" ] && return 0
	log=$("$repo/scripts/make-rootfs.sh" "$ROOTFS" 2>&1); rc=$?
	if [ $rc -eq 3 ]; then
		echo "SKIP $1:all: Debian mirror not reachable ($(echo "$log" | tail -n 1))"; return 1
	elif [ $rc -ne 0 ]; then
		echo "FAIL $1:rootfs: scripts/make-rootfs.sh failed: $(echo "$log" | tail -n 1)"; return 1
	fi
}

# boot_args CASE SCRATCHDIR: sets BOOT_ARGS (the emulator's arguments), BOOT_CPUS and BOOT_DISK
# for boot, boot-smp2, boot-smp4, boot-disk (which boots from a fresh copy of the disk in SCRATCHDIR)
# or boot-vector (-cpu rv64,v=true,vlen=128 and the initramfs plus a second archive with
# tests/signals/vstate_v built for rv64gcv; /init runs it: qelt.vtest).
boot_args() {
	local case=$1 scratch=$2 append="console=ttyS0 quiet panic=-1"
	BOOT_CPUS=1 BOOT_DISK=0
	BOOT_ARGS=(-M virt -m "$MEM" -nographic -no-reboot -kernel "$KERNEL" -initrd "$INITRD")
	case $case in
	boot-smp2) BOOT_CPUS=2; BOOT_ARGS+=(-smp 2) ;;
	boot-smp4) BOOT_CPUS=4; BOOT_ARGS+=(-smp 4) ;;
	boot-vector)
		local vdir=$scratch/vroot
		mkdir -p "$vdir"
		riscv64-linux-gnu-gcc -O2 -static -march=rv64gcv -mabi=lp64d -pthread -o "$vdir/vstate_v" \
			"$repo/tests/signals/vstate_v.c" 2>/dev/null
		(cd "$vdir" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
			gzip -n | cat "$INITRD" - > "$scratch/initrd-v.cpio.gz"
		append="$append qelt.vtest"
		BOOT_ARGS=(-M virt -m "$MEM" -nographic -no-reboot -cpu rv64,v=true,vlen=128 -kernel "$KERNEL"
			-initrd "$scratch/initrd-v.cpio.gz") ;;
	boot-disk)
		BOOT_DISK=1; append="$append qelt.disk"
		cp "$DISK" "$scratch/disk.img"
		BOOT_ARGS+=(-drive "file=$scratch/disk.img,format=raw,if=none,id=hd0" -device virtio-blk-device,drive=hd0) ;;
	esac
	BOOT_ARGS+=(-append "$append")
}

# boot_run LOG EMULATOR ARGS...: runs one boot with stdin closed (or from $BOOT_STDIN, e.g. a
# fifo a test writes commands into); LOG gets each console line
# prefixed by the seconds since the start, then "T EXIT status"; each line is in LOG as soon as
# it is printed (tests/net watches the log while the machine runs).
boot_run() {
	local log=$1; shift
	local start=${EPOCHREALTIME/./} d
	{ timeout -k 5 "$TIMEOUT" "$@" <"${BOOT_STDIN:-/dev/null}" 2>&1; echo "EXIT $?"; } |
	while IFS= read -r line; do
		line=${line%$'\r'}
		d=$(( ${EPOCHREALTIME/./} - start ))
		printf '%d.%02d %s\n' $((d / 1000000)) $((d % 1000000 / 10000)) "$line"
	done > "$log"
}

# boot_times LOG: prints "MARKER EXIT" seconds ("-" for a missing marker).
boot_times() {
	awk 'BEGIN { m = "-" } $2 == "QELT-BOOT-OK" { m = $1 } $2 == "EXIT" { e = $1 } END { print m, e }' "$1"
}

# boot_type FIFO LOG FILE: once LOG shows the disk's init marker (QELT-ROOT-OK: a root shell on
# the console), types FILE's lines into FIFO (the emulator's stdin); keeps FIFO open until the
# machine is gone (bounded by $TIMEOUT).
boot_type() {
	local fifo=$1 log=$2 file=$3 i
	exec 7>"$fifo"
	for i in $(seq $((TIMEOUT * 10))); do
		grep -q 'QELT-ROOT-OK' "$log" 2>/dev/null && break
		grep -q ' EXIT [0-9]*$' "$log" 2>/dev/null && { exec 7>&-; return; }
		sleep 0.1
	done
	sleep 2
	cat "$file" >&7
	for i in $(seq $((TIMEOUT * 10))); do
		grep -q ' EXIT [0-9]*$' "$log" 2>/dev/null && break
		sleep 0.1
	done
	exec 7>&-
}

# vm_session LOG FILE EMULATOR ARGS...: boots with a fifo as stdin and FILE's lines typed into
# the root shell once it is up (boot_type); returns when the machine is gone. LOG as boot_run's.
vm_session() {
	local log=$1 file=$2 fifo typer
	shift 2
	fifo=$(mktemp -u); mkfifo "$fifo"; : > "$log"
	boot_type "$fifo" "$log" "$file" &
	typer=$!
	BOOT_STDIN=$fifo boot_run "$log" "$@"
	wait "$typer"
	rm -f "$fifo"
}
