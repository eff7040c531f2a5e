#!/usr/bin/env bash
# Builds the sysroot of the real-program suite (tests/real): Debian trixie riscv64's python3.13
# with its own test suite (libpython3.13-testsuite), bash, dash, make, git, coreutils, the
# compression tools, openssl, jq and sqlite3, with every package they depend on.
#
#   scripts/make-real-sysroot.sh [--quiet] [DIR]      (DIR default: $QELT_CACHE/sysroot-real)
#
# Flow: scripts/fetch-debian.sh --resolve turns the package list below into its dependency
# closure (apt's resolution for an empty system, no Recommends); scripts/make-sysroot.sh fetches
# and merges those packages into DIR; then the few files that maintainer scripts (which never run
# here) would have made are added: the update-alternatives links (awk) and /bin/sh.
# Invariants: the list below is the one source of truth for what the suite may run; DIR is only
# rebuilt when the resolved list changes (make-sysroot.sh's stamp). Prints DIR on success.
# Exit status: 0 ok, 3 mirror unreachable, other non-zero: failure (message on stderr).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
quiet=
[ "${1:-}" = --quiet ] && { quiet=--quiet; shift; }
dir=${1:-${QELT_CACHE:-$repo/cache}/sysroot-real}

PACKAGES=(
  python3 python3.13 libpython3.13-testsuite
  bash dash coreutils findutils grep sed diffutils tar mawk
  make git xz-utils zstd gzip bzip2 openssl jq sqlite3
)

list=$("$here/fetch-debian.sh" $quiet --resolve "${PACKAGES[@]}") || exit $?
# shellcheck disable=SC2086
"$here/make-sysroot.sh" $quiet "$dir" $list > /dev/null || exit $?

# What maintainer scripts would have left: alternatives and the system shell.
link() {  # target linkname (relative to DIR)
  [ -e "$dir/$2" ] || [ -L "$dir/$2" ] || ln -s "$1" "$dir/$2"
}
link mawk usr/bin/awk
link dash usr/bin/sh
for f in usr/bin/python3.13 usr/bin/python3 usr/bin/bash usr/bin/make usr/bin/git usr/bin/awk; do
  [ -e "$dir/$f" ] || { echo "make-real-sysroot: $dir/$f missing" >&2; exit 1; }
done
echo "$dir"
