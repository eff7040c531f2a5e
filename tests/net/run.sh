#!/usr/bin/env bash
# Network suite (make check-system): virtio-net with user-mode networking (-netdev user, libslirp).
# Debian's kernel boots the project's initramfs (scripts/make-initramfs.sh) with qelt.net on its
# command line: /init loads virtio_net, sets eth0 to 10.0.2.15/24 via 10.0.2.2 (QEMU's user-net
# addresses), fetches http://10.0.2.2:PORT/blob with busybox wget from a python3 http.server this
# script starts on the host's 127.0.0.1 (the guest reaches the host's loopback as 10.0.2.2) and
# prints its md5sum; then it answers one connection on its port 80 with busybox nc, which this
# script reaches through hostfwd=tcp:127.0.0.1:HOSTPORT-:80. Cases, under qemu-system-riscv64 (the
# reference) and $QELT_SYS:
#   wget      the guest's md5sum of the blob is the host's (also: eth0 came up with 10.0.2.15/24)
#   hostfwd   the host got the guest's reply through the forwarded port, and the guest saw the
#             request line; the machine powered off with status 0
# with -netdev user,id=n0,hostfwd=... -device virtio-net-device,netdev=n0 (legacy virtio-mmio, the
# default MAC 52:54:00:12:34:56) under both, and once more under qelt as net-qelt-modern with
# -global virtio-mmio.force-legacy=false and the -nic user,mac=52:54:00:aa:bb:cc shorthand.
# Only loopback addresses are used; every wait is bounded (NET_TIMEOUT, default 120 s per boot).
# Prints PASS/FAIL/SKIP lines as tests/boot does; outside make check-system one SKIP line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
TIMEOUT=${NET_TIMEOUT:-120}
MEM=${BOOT_MEM:-256M}
. "$repo/tests/boot/lib.sh"
boot_suite_start net || exit 0
boot_material || exit 0
tmp=$(mktemp -d)
srv_pid=
cleanup() {
	[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# The host's HTTP server: a blob of random bytes, on a port the kernel picks (written to a file).
mkdir -p "$tmp/www"
head -c 300000 /dev/urandom > "$tmp/www/blob"
blob_md5=$(md5sum < "$tmp/www/blob" | cut -d' ' -f1)
python3 - "$tmp/www" "$tmp/http-port" <<'PY' >/dev/null 2>&1 &
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
PY
srv_pid=$!
for _ in $(seq 100); do [ -s "$tmp/http-port" ] && break; sleep 0.1; done
if [ ! -s "$tmp/http-port" ]; then
	echo "FAIL net:setup: the host's python3 http.server did not start"; exit 0
fi
http_port=$(cat "$tmp/http-port")

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# fetch_guest LOG PORT OUT: once the guest listens (its log says so), GET / from 127.0.0.1:PORT
# until an answer comes (a connection made before nc listens is closed empty by slirp).
fetch_guest() {
	local log=$1 port=$2 out=$3 i
	for i in $(seq $((TIMEOUT * 10))); do
		grep -q 'cmd-nc-listening' "$log" 2>/dev/null && break
		grep -q ' EXIT [0-9]*$' "$log" 2>/dev/null && return
		sleep 0.1
	done
	for i in $(seq 30); do
		python3 - "$port" > "$out" 2>/dev/null <<'PY' && [ -s "$out" ] && return
import sys, urllib.request
print(urllib.request.urlopen("http://127.0.0.1:%s/" % sys.argv[1], timeout=5).read().decode(), end="")
PY
		sleep 1
	done
}

# one_emu TAG EMULATOR [modern]
one_emu() {
	local tag=$1 emu=$2 log=$tmp/$1.log got=$tmp/$1.got fwd why t mac=52:54:00:12:34:56
	local -a net
	fwd=$(free_port)
	net=(-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$fwd-:80" -device virtio-net-device,netdev=n0)
	if [ "${3:-}" = modern ]; then
		mac=52:54:00:aa:bb:cc
		net=(-global virtio-mmio.force-legacy=false -nic "user,hostfwd=tcp:127.0.0.1:$fwd-:80,mac=$mac")
	fi
	: > "$log"; : > "$got"
	boot_run "$log" "$emu" -M virt -m "$MEM" -nographic -no-reboot -kernel "$KERNEL" \
		-initrd "$INITRD" -append "console=ttyS0 quiet panic=-1 qelt.net qelt.http=$http_port" \
		"${net[@]}" &
	local run_pid=$!
	fetch_guest "$log" "$fwd" "$got"
	wait "$run_pid"
	local body st
	body=$(cut -d' ' -f2- "$log")
	st=$(grep -E '^EXIT [0-9]+$' <<<"$body" | tail -n 1 | cut -d' ' -f2)
	t=$(boot_times "$log")
	why=
	grep -qx 'QELT-BOOT-OK' <<<"$body" || why="no QELT-BOOT-OK marker"
	[ -z "$why" ] && grep -q '^cmd-insmod-failed' <<<"$body" && why=$(grep -m 1 '^cmd-insmod-failed' <<<"$body")
	[ -z "$why" ] && ! grep -qx 'cmd-net-up: 10.0.2.15/24' <<<"$body" && why="eth0 did not come up as 10.0.2.15/24"
	[ -z "$why" ] && ! grep -qx "cmd-net-mac: $mac" <<<"$body" && why="eth0's MAC is not $mac"
	[ -z "$why" ] && ! grep -qx "cmd-wget: $blob_md5" <<<"$body" &&
		why="guest's md5 of the blob: $(grep -m 1 '^cmd-wget' <<<"$body" || echo none), host's: $blob_md5"
	if [ -z "$why" ]; then
		echo "PASS $tag:wget"
		echo "    time: marker ${t% *} s, exit ${t#* } s (both cases in one boot)"
	else
		echo "FAIL $tag:wget: $why"; tail -n 8 "$log" | sed 's/^/    /'
	fi
	why=
	[ "$(cat "$got")" = "hello from the guest" ] ||
		why="the host got '$(head -c 60 "$got")' through hostfwd 127.0.0.1:$fwd, not the guest's reply"
	[ -z "$why" ] && ! grep -qx 'cmd-nc-request: GET / HTTP/1.1' <<<"$body" && why="the guest did not see the host's request"
	[ -z "$why" ] && ! grep -qx 'QELT-BOOT-DONE' <<<"$body" && why="no QELT-BOOT-DONE"
	[ -z "$why" ] && [ "$st" != 0 ] && why="exit status ${st:-?}$([ "$st" = 124 ] && echo " (timed out after ${TIMEOUT}s)")"
	if [ -z "$why" ]; then echo "PASS $tag:hostfwd"
	else echo "FAIL $tag:hostfwd: $why"; tail -n 8 "$log" | sed 's/^/    /'; fi
}

if [ -n "$QEMU_SYS" ]; then
	one_emu net "$QEMU_SYS"
else
	echo "SKIP net:all: no reference emulator (qemu-system-riscv64 not installed, or QEMU_SYS empty)"
fi
if [ -x "$QELT_SYS" ]; then
	one_emu net-qelt "$QELT_SYS"
	one_emu net-qelt-modern "$QELT_SYS" modern
else
	echo "SKIP net-qelt:all: $QELT_SYS not built"
fi
exit 0
