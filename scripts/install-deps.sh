#!/usr/bin/env bash
# Installs what building, testing and benchmarking qelt needs on Debian 12 (as root, or with
# sudo). Used by .ci/run and by `make demo` on a fresh machine; does nothing when everything is
# already there (unless --force). Retries apt a few times: mirrors are sometimes slow.
set -u
PKGS=(
	build-essential make gcc binutils dpkg-dev pkg-config
	gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu libc6-dev-riscv64-cross
	qemu-user gdb-multiarch libcapstone-dev
	python3 ca-certificates xz-utils coreutils diffutils findutils file git procps
	tcl bc time
	qemu-system-misc opensbi libfdt-dev device-tree-compiler e2fsprogs cpio libslirp-dev
)
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${1:-}" != "--force" ] && [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo -E"; else
		echo "install-deps: missing packages (${missing[*]}) and not root; install them first" >&2
		exit 2
	fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "== apt-get update"
for attempt in 1 2 3; do
	$SUDO apt-get update -qq && break
	[ "$attempt" -eq 3 ] && { echo "install-deps: apt-get update failed" >&2; exit 2; }
	sleep 10
done
echo "== apt-get install (${#PKGS[@]} packages)"
for attempt in 1 2 3; do
	$SUDO apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/tmp/qelt-apt.log 2>&1 && exit 0
	sleep 10
done
tail -n 30 /tmp/qelt-apt.log >&2
echo "install-deps: apt-get install failed" >&2
exit 2
