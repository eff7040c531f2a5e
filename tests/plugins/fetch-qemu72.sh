#!/usr/bin/env bash
# Fetches what the QEMU 7.2 plugin binary-compatibility test needs into the project cache:
#   - the plugin sources and the plugin header of Debian bookworm's `qemu` source package (the
#     QEMU 7.2 that qemu-riscv64 on this system comes from): include/qemu/qemu-plugin.h,
#     tests/plugin/*.c and contrib/plugins/*.c, extracted from its orig tarball;
#   - GLib's development headers (bookworm's libglib2.0-dev for the host architecture), which
#     those plugins include; they link against the system's libglib-2.0.so.0.
# It uses a private apt state (like scripts/fetch-debian.sh, whose mirror discovery it reuses):
# deb-src and deb entries for the system's suite, never touching the system's apt configuration.
#
# Usage: fetch-qemu72.sh [--quiet]. Prints two lines on stdout: "src DIR" and "glib DIR".
# Layout under $QELT_CACHE (default <repo>/cache/): apt-qemu72/ (apt state), src-dl/qemu72/
# (downloads), src/qemu72/ (extracted files, stamp .qelt-fetched), glib-dev/ (extracted .deb).
# Exit status: 0 ok, 3 mirror or package unavailable (callers turn it into SKIP), 1 other.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
CACHE=${QELT_CACHE:-$repo/cache}
quiet=0
[ "${1:-}" = --quiet ] && quiet=1
log() { [ $quiet = 1 ] || echo "fetch-qemu72: $*" >&2; }

SRC=$CACHE/src/qemu72
GLIB=$CACHE/glib-dev
if [ -f "$SRC/.qelt-fetched" ] && [ -f "$GLIB/.qelt-fetched" ]; then
  echo "src $SRC"; echo "glib $GLIB"; exit 0
fi

suite=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || { echo "fetch-qemu72: cannot tell the system's Debian suite" >&2; exit 1; }
arch=$(dpkg --print-architecture)
m=$("$repo/scripts/fetch-debian.sh" --mirror 2>/dev/null) || exit 3
mirror=$(sed -n 's/^mirror=\([^ ]*\).*/\1/p' <<<"$m")
keyring=$(sed -n 's/.*keyring=\(.*\)$/\1/p' <<<"$m")

A=$CACHE/apt-qemu72
mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
: > "$A/status"
cat > "$A/sources.sources" <<EOF
Types: deb deb-src
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Architectures: $arch
Signed-By: $keyring
EOF
opts=(-o "Dir::Etc::SourceList=$A/sources.sources" -o Dir::Etc::SourceParts=/dev/null
      -o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
      -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache" -o "Dir::State::status=$A/status"
      -o Acquire::http::Timeout=20 -o Acquire::Retries=2 -o APT::Sandbox::User=root
      -o 'APT::Update::Post-Invoke-Success::=' -o 'DPkg::Post-Invoke::=')
if ! compgen -G "$A/lists/*_dists_${suite}_main_source_Sources*" >/dev/null; then
  log "updating the $suite index from $mirror"
  apt-get -q "${opts[@]}" update >/dev/null 2>&1 || { echo "fetch-qemu72: apt update failed" >&2; exit 3; }
fi

if [ ! -f "$SRC/.qelt-fetched" ]; then
  dl=$CACHE/src-dl/qemu72
  mkdir -p "$dl"
  log "downloading the qemu source package (large: the whole QEMU tree)"
  (cd "$dl" && apt-get -q "${opts[@]}" source --download-only qemu >/dev/null 2>&1) ||
    { echo "fetch-qemu72: apt-get source qemu failed" >&2; exit 3; }
  orig=$(ls "$dl"/qemu_*.orig.tar.* 2>/dev/null | head -n 1)
  [ -n "$orig" ] || { echo "fetch-qemu72: no orig tarball" >&2; exit 3; }
  rm -rf "$SRC"; mkdir -p "$SRC"
  tar -xf "$orig" -C "$SRC" --strip-components=1 --wildcards \
    '*/include/qemu/qemu-plugin.h' '*/tests/plugin/*.c' '*/contrib/plugins/*.c' 2>/dev/null ||
    { echo "fetch-qemu72: cannot extract the plugin sources" >&2; exit 1; }
  basename "$(ls "$dl"/*.dsc | head -n 1)" > "$SRC/.qelt-fetched"
fi

if [ ! -f "$GLIB/.qelt-fetched" ]; then
  dl=$CACHE/debs
  mkdir -p "$dl"
  log "downloading libglib2.0-dev"
  (cd "$dl" && apt-get -q "${opts[@]}" download libglib2.0-dev >/dev/null 2>&1) ||
    { echo "fetch-qemu72: apt-get download libglib2.0-dev failed" >&2; exit 3; }
  deb=$(ls -t "$dl"/libglib2.0-dev_*.deb | head -n 1)
  rm -rf "$GLIB"; mkdir -p "$GLIB"
  dpkg -x "$deb" "$GLIB"
  basename "$deb" > "$GLIB/.qelt-fetched"
fi
echo "src $SRC"
echo "glib $GLIB"
