#!/usr/bin/env bash
# Cost of one plugin callback, in nanoseconds and host cycles, qelt beside qemu-riscv64: the
# guest loop bench/callbacks/loop.S (1,000,000,008 instructions, 400,000,000 memory accesses) runs
# plain, with an empty callback on every instruction / every access (bench/callbacks/nullcb.c,
# the emulator's own cost of a callback), and with QEMU 7.2's own insn plugin (callbacks) and
# mem plugin (callback=on) (the same plugin binaries in both emulators; built as bench/plugins.sh
# does). Per callback = (time with callbacks - plain time) / number of callbacks; cycles at the
# host's nominal clock (/proc/cpuinfo "cpu MHz").
#
#   bench/callbacks.sh                 qelt ($QELT) and qemu-riscv64 ($QEMU)
# Environment: QELT, QEMU, BUILD; CB_RUNS (default 5; the minimum user time is kept: on a
#   shared machine the minimum is the least disturbed); CB_EXTRA="label:emulator ..." more
#   emulator columns (e.g. an older qelt build).
# Invariants: every run must exit 0; a failed run marks its cell FAIL. Nothing here is timed
# by a test: numbers are for docs/PERFORMANCE.md.
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
QEMU=${QEMU:-qemu-riscv64}
RUNS=${CB_RUNS:-5}
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
case "${1:-}" in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
N_INSN=1000000008 N_MEM=400000000

out=$BUILD/bench/callbacks
mkdir -p "$out"
"$GCC" -nostdlib -static -o "$out/loop" "$here/callbacks/loop.S" || { echo "callbacks.sh: cannot build loop.S" >&2; exit 1; }
q72=""
for d in "$BUILD/tests/plugins/q72" "$BUILD/bench/q72"; do
  [ -f "$d/libinsn.so" ] && [ -f "$d/libmem.so" ] && { q72=$d; break; }
done
inc=$repo/include
src=$(bash "$repo/tests/plugins/fetch-qemu72.sh" --quiet 2>/dev/null | sed -n 's/^src //p' || true)
[ -n "$src" ] && [ -f "$src/include/qemu/qemu-plugin.h" ] && inc=$src/include/qemu
gcc -O2 -shared -fPIC -I"$inc" -o "$out/libnullcb.so" "$here/callbacks/nullcb.c" ||
  { echo "callbacks.sh: cannot build nullcb.c" >&2; exit 1; }
[ -n "$q72" ] || echo "callbacks.sh: QEMU 7.2 plugins not built (run tests/plugins/qemu-compat.sh or bench/plugins.sh): their rows are '-'" >&2

emus=("qelt:$QELT" "qemu:$QEMU")
for e in ${CB_EXTRA:-}; do emus+=("$e"); done
confs=("plain|" "null-insn|$out/libnullcb.so,insn=on" "null-mem|$out/libnullcb.so,mem=on")
[ -n "$q72" ] && confs+=("q72-insn|$q72/libinsn.so" "q72-mem|$q72/libmem.so,callback=on")

declare -A best
for ((r = 0; r < RUNS; r++)); do
  for c in "${confs[@]}"; do
    for e in "${emus[@]}"; do
      label=${e%%:*} emu=${e#*:} name=${c%%|*} spec=${c#*|}
      args=(); [ -z "$spec" ] || args=(-plugin "$spec")
      if env -i /usr/bin/time -o "$out/t" -f %U "$emu" "${args[@]}" "$out/loop" >/dev/null 2>&1; then
        t=$(tail -1 "$out/t")
        k="$label|$name"
        if [ -z "${best[$k]:-}" ] || awk -v a="$t" -v b="${best[$k]}" 'BEGIN { exit !(a < b) }'; then best[$k]=$t; fi
      else
        best["$label|$name"]=FAIL
      fi
    done
  done
done

mhz=$(awk -F: '/cpu MHz/ { print $2; exit }' /proc/cpuinfo)
echo "# callback cost, $(date -u '+%Y-%m-%d %H:%M UTC'), host $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //') at ${mhz} MHz, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# minimum user seconds of $RUNS runs; per callback = (time - plain) / callbacks"
printf '%-10s' config; for e in "${emus[@]}"; do printf ' %10s %8s %7s' "${e%%:*} s" "ns/cb" "cyc/cb"; done; echo
for c in "${confs[@]}"; do
  name=${c%%|*}
  n=$N_INSN; case $name in *mem*) n=$N_MEM ;; esac
  printf '%-10s' "$name"
  for e in "${emus[@]}"; do
    label=${e%%:*} t=${best["$label|$name"]:-FAIL} p=${best["$label|plain"]:-FAIL}
    if [ "$name" = plain ] || [ "$t" = FAIL ] || [ "$p" = FAIL ]; then printf ' %10s %8s %7s' "$t" - -
    else awk -v t="$t" -v p="$p" -v n="$n" -v m="$mhz" 'BEGIN { ns = (t - p) / n * 1e9; printf " %10s %8.2f %7.1f", t, ns, ns * m / 1000 }'; fi
  done
  echo
done
