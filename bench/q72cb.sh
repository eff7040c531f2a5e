#!/usr/bin/env bash
# Issue 13's callback bar on the whole integer set: QEMU 7.2's own insn plugin (callbacks) and
# mem plugin (callback=on) loaded into qemu-riscv64 and into qelt (and, with OLD, an older qelt
# binary), plus plain runs and native; min user seconds of RUNS runs, configurations
# alternating; then the geomeans of qemu/qelt per plugin. Plugins as bench/plugins.sh finds
# them ($BUILD/tests/plugins/q72 or $BUILD/bench/q72: run tests/plugins/qemu-compat.sh or
# bench/plugins.sh once). Every run's stdout must equal the native run's (else the cell is
# FAIL); the table is also saved to bench/results/q72cb-<date>_<time>.txt.
#
#   bench/q72cb.sh [NAME...]        default: the 14 programs of bench/programs.txt
# Environment: QELT, QEMU, OLD (an older qelt: extra columns), BUILD, RUNS (2), SCALE (5: size
#   = FULL / SCALE).
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${BUILD:-$here/../build}
QELT=${QELT:-$BUILD/qelt-riscv64}
QEMU=${QEMU:-qemu-riscv64}
RUNS=${RUNS:-2}
SCALE=${SCALE:-5}
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
Q=""
for d in "$BUILD/tests/plugins/q72" "$BUILD/bench/q72"; do
  [ -f "$d/libinsn.so" ] && [ -f "$d/libmem.so" ] && { Q=$d; break; }
done
[ -n "$Q" ] || { echo "q72cb.sh: QEMU 7.2 plugins not built (tests/plugins/qemu-compat.sh)" >&2; exit 1; }
names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(awk '!/^#/ && NF { print $1 }' "$here/programs.txt")
cfgs=("qemu-insn|$QEMU|$Q/libinsn.so" "qelt-insn|$QELT|$Q/libinsn.so")
[ -n "${OLD:-}" ] && cfgs+=("old-insn|$OLD|$Q/libinsn.so")
cfgs+=("qemu-mem|$QEMU|$Q/libmem.so,callback=on" "qelt-mem|$QELT|$Q/libmem.so,callback=on")
[ -n "${OLD:-}" ] && cfgs+=("old-mem|$OLD|$Q/libmem.so,callback=on")
cfgs+=("qemu|$QEMU|" "qelt|$QELT|" "native|native|")
t=$(mktemp) W=$(mktemp -d)
trap 'rm -rf "$t" "$W"' EXIT
out=$here/results/q72cb-$(date -u +%Y-%m-%d_%H%M%S).txt
mkdir -p "$here/results"
exec > >(tee "$out")
echo "# q72cb $(date -u '+%Y-%m-%d %H:%M:%S') UTC; repo $(git -C "$here" rev-parse --short HEAD 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# qelt: $QELT; qemu: $QEMU${OLD:+; old: $OLD}; min user s of $RUNS runs at FULL/$SCALE"
printf '%-9s' prog; for c in "${cfgs[@]}"; do printf ' %9s' "${c%%|*}"; done; echo
declare -A best
for name in "${names[@]}"; do
  line=$(awk -v n="$name" '$1 == n { print; exit }' "$here/programs.txt")
  [ -n "$line" ] || { echo "q72cb.sh: $name is not in bench/programs.txt" >&2; continue; }
  read -r _ _ full _ rest <<<"$line"
  rest=${rest//@BENCH@/$here}
  size=$((full / SCALE)); [ $size -ge 1 ] || size=1
  (cd "$BUILD/bench/rv64" && "$BUILD/bench/native/$name" $rest "$size" > "$W/expected" 2>/dev/null)
  for ((r = 0; r < RUNS; r++)); do
    for c in "${cfgs[@]}"; do
      IFS='|' read -r lab emu plug <<<"$c"
      if [ "$emu" = native ]; then cmd=("$BUILD/bench/native/$name")
      else cmd=("$emu"); [ -z "$plug" ] || cmd+=(-plugin "$plug"); cmd+=("./$name"); fi
      # shellcheck disable=SC2086
      (cd "$BUILD/bench/rv64" && env -i /usr/bin/time -o "$t" -f %U "${cmd[@]}" $rest "$size" >"$W/got" 2>/dev/null) &&
        cmp -s "$W/got" "$W/expected" || { best["$name|$lab"]=FAIL; continue; }
      [ "${best["$name|$lab"]:-}" = FAIL ] && continue
      v=$(tail -n 1 "$t") k="$name|$lab"
      if [ -z "${best[$k]:-}" ] || awk -v a="$v" -v b="${best[$k]}" 'BEGIN { exit !(a < b) }'; then best[$k]=$v; fi
    done
  done
  printf '%-9s' "$name"; for c in "${cfgs[@]}"; do printf ' %9s' "${best["$name|${c%%|*}"]:-FAIL}"; done; echo
done
gm() {  # geomean of best[name|$1] / best[name|$2] over the programs
  for name in "${names[@]}"; do echo "${best["$name|$1"]:-FAIL} ${best["$name|$2"]:-FAIL}"; done |
    awk '$1 != "FAIL" && $2 != "FAIL" && $1 > 0 && $2 > 0 { s += log($1 / $2); n++ } END { if (n) printf "%.2f", exp(s / n); else printf "-" }'
}
echo "geomean qemu/qelt: insn callbacks $(gm qemu-insn qelt-insn), mem callbacks $(gm qemu-mem qelt-mem)$([ -n "${OLD:-}" ] && echo "; qemu/old: insn $(gm qemu-insn old-insn), mem $(gm qemu-mem old-mem)"); qelt/native $(gm qelt native)"
