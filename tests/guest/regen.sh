#!/usr/bin/env bash
# Regenerates tests/guest/expected/NAME.out with qemu-riscv64 (the reference oracle), for the
# named tests or all of them. Review every changed file against the ISA spec before committing
# (git diff tests/guest/expected): the oracle can be wrong too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
BUILD=${BUILD:-$here/../../build}
outdir=$BUILD/tests/guest
QEMU=$(command -v qemu-riscv64) || { echo "regen.sh: qemu-riscv64 not installed" >&2; exit 1; }
mkdir -p "$here/expected"
status=0
for name in $(guest_list "$@"); do
	if ! guest_build "$name" "$outdir"; then
		echo "regen.sh: $name: build failed" >&2
		status=1
		continue
	fi
	guest_run "$QEMU" "$outdir/$name" "$name" "$here/expected/$name.out"
	rm -f "$here/expected/$name.out.err"
	echo "$name: $(tail -n 1 "$here/expected/$name.out")"
done
exit $status
