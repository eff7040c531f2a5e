#!/usr/bin/env bash
# Benchmark driver (`make bench` calls it). For every program of a set it builds what is missing
# (bench/build.sh, into $BUILD/bench/), runs it natively, under $QELT and under qemu-riscv64,
# alternating, BENCH_RUNS times each, checks every run's stdout against the known-good output in
# <set>/expected/, and prints a table of median times (wall or CPU, BENCH_CLOCK), ratios and geometric means, which is
# also written to bench/results/<date>.txt.
#
#   bench/run.sh [--set int|fp]... [NAME...]   full run (default set: int, or $BENCH_SETS)
#   bench/run.sh --smoke [NAME...]             one smallest-size run under $QELT, outputs only;
#                                              prints PASS/FAIL/SKIP bench:NAME (test protocol)
#   bench/run.sh --bless [NAME...]             (re)write expected outputs from native runs, after
#                                              checking that qemu-riscv64 prints the same
#   bench/run.sh --build-only [NAME...]
# Environment:
#   QELT (default <repo>/build/qelt-riscv64), QEMU (default qemu-riscv64): may carry options
#   BENCH_RUNS=3, BENCH_TIMEOUT=120 (seconds per run), BENCH_NO_QEMU=1 (skip the qemu column)
#   BENCH_CLOCK=wall (default) or cpu: time a run by wall clock or by its user+sys CPU seconds
#       (less disturbed by other jobs on a shared machine; every program here is one thread)
#   BENCH_EXTRA="label:command words;label2:..."  extra emulator columns, e.g.
#       BENCH_EXTRA="qelt-soft:$QELT -fpu soft"   (reported as time and label/native)
#   BENCH_SETS="int fp": sets to run (default: int and zb, the int kernels built for
#       rv64gc_zba_zbb_zbs). A set is a directory with programs.txt, src/ and expected/
#       (int = bench/ itself, any other NAME = bench/NAME/), so an FP set drops in as bench/fp/.
#       --smoke defaults to every set (int and each bench/*/programs.txt).
#   A set's optional <setdir>/extra-columns adds columns for its programs only, one
#       "label:command words" a line (@QELT@ = $QELT), e.g. fp's "qelt-soft:@QELT@ -fpu soft";
#       reported with label/native and label/qelt, "-" on other sets' rows; --smoke checks
#       their outputs too. A BENCH_EXTRA column with the same label replaces it.
# Invariants: a run whose output differs from expected counts as FAIL and its time is not used;
# a column whose emulator is missing shows "-" (not a failure); exit status 1 if any check failed.
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
export BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$repo/build/qelt-riscv64}
QEMU=${QEMU:-qemu-riscv64}
RUNS=${BENCH_RUNS:-3}
CLOCK=${BENCH_CLOCK:-wall}
case $CLOCK in wall|cpu) ;; *) echo "bench/run.sh: BENCH_CLOCK must be wall or cpu" >&2; exit 2 ;; esac
TMO=${BENCH_TIMEOUT:-120}
mode=full
sets=()
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke ;;
    --bless) mode=bless ;;
    --build-only) mode=build ;;
    --set) sets+=("$2"); shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1") ;;
  esac
  shift
done
if [ ${#sets[@]} -eq 0 ]; then
  if [ "$mode" = smoke ] && [ -z "${BENCH_SETS:-}" ]; then
    sets=(int)
    for f in "$here"/*/programs.txt; do [ -f "$f" ] && sets+=("$(basename "$(dirname "$f")")"); done
  else
    read -ra sets <<<"${BENCH_SETS:-int zb}"
  fi
fi
[ "$mode" = smoke ] && TMO=${BENCH_SMOKE_TIMEOUT:-60}

setdir_of() { if [ "$1" = int ]; then echo "$here"; else echo "$here/$1"; fi; }

# Resolve an emulator command line; prints nothing if its program is not runnable.
resolve() {
  local -a w; read -ra w <<<"$1"
  [ ${#w[@]} -gt 0 ] || return 0
  local p; p=$(command -v "${w[0]}" 2>/dev/null) || return 0
  [ -x "$p" ] || return 0
  w[0]=$p
  echo "${w[*]}"
}

# ---- columns -----------------------------------------------------------------------------------
# COL_LABEL[i], COL_CMD[i] (emulator words, "" for native, "-" if unavailable)
COL_LABEL=(native qelt qemu)
COL_CMD=("" "$(resolve "$QELT")" "$(resolve "$QEMU")")
[ -n "${COL_CMD[1]}" ] || COL_CMD[1]="-"
[ -n "${COL_CMD[2]}" ] || COL_CMD[2]="-"
[ "${BENCH_NO_QEMU:-0}" = 1 ] && COL_CMD[2]="-"
if [ -n "${BENCH_EXTRA:-}" ]; then
  IFS=';' read -ra extras <<<"$BENCH_EXTRA"
  for e in "${extras[@]}"; do
    [ -n "$e" ] || continue
    case "$e" in *:*) ;; *) echo "run.sh: BENCH_EXTRA entry '$e' is not label:command" >&2; exit 2 ;; esac
    COL_LABEL+=("${e%%:*}")
    c=$(resolve "${e#*:}"); COL_CMD+=("${c:--}")
  done
fi
# COL_SET[i]: the set a column belongs to ("" = every set), from <setdir>/extra-columns.
COL_SET=()
for ((c = 0; c < ${#COL_LABEL[@]}; c++)); do COL_SET[c]=""; done
for set in "${sets[@]}"; do
  f=$(setdir_of "$set")/extra-columns
  [ -f "$f" ] || continue
  while IFS= read -r e; do
    case "$e" in ''|'#'*) continue ;; esac
    l=${e%%:*} dup=0
    for x in "${COL_LABEL[@]}"; do [ "$x" = "$l" ] && dup=1; done
    [ $dup -eq 0 ] || continue
    e=${e#*:}
    COL_LABEL+=("$l"); COL_SET+=("$set")
    if [ "${COL_CMD[1]}" = "-" ]; then COL_CMD+=("-"); else c=$(resolve "${e//@QELT@/$QELT}"); COL_CMD+=("${c:--}"); fi
  done < "$f"
done
NCOL=${#COL_LABEL[@]}
# col_off C SET: true when column C has nothing to run for SET's programs
col_off() { [ "${COL_CMD[$1]}" = "-" ] || { [ -n "${COL_SET[$1]}" ] && [ "${COL_SET[$1]}" != "$2" ]; }; }

# ---- helpers -----------------------------------------------------------------------------------
W=$(mktemp -d /tmp/qelt-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT

RC=0; RT=0
run_timed() {  # outfile words... -> RC, RT (seconds: wall, or user+sys with BENCH_CLOCK=cpu)
  local out=$1; shift
  if [ "$CLOCK" = cpu ]; then
    /usr/bin/time -f '%U %S' -o "$out.time" timeout "$TMO" "$@" > "$out" 2> "$out.err" < /dev/null
    RC=$?
    RT=$(awk 'END { printf "%.4f", $1 + $2 }' "$out.time")
    return
  fi
  local t0=$EPOCHREALTIME
  timeout "$TMO" "$@" > "$out" 2> "$out.err" < /dev/null
  RC=$?
  local t1=$EPOCHREALTIME
  RT=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
}

# prog_cmd COLUMN-INDEX SETDIR NAME SIZE ARGS... -> CMD array
prog_cmd() {
  local col=$1 sd=$2 name=$3 size=$4; shift 4
  local -a args=()
  local a
  for a in "$@"; do args+=("${a//@BENCH@/$here}"); done
  CMD=()
  if [ "$col" -eq 0 ]; then
    CMD=("$BUILD/bench/native/$name")
  else
    local -a emu; read -ra emu <<<"${COL_CMD[$col]}"
    CMD=("${emu[@]}" "$BUILD/bench/rv64/$name")
  fi
  CMD+=("${args[@]}" "$size")
}

why_failed() {  # outfile expected -> reason text
  if [ "$RC" -eq 124 ]; then echo "timed out after ${TMO}s"
  elif [ "$RC" -ne 0 ]; then echo "exit status $RC: $(head -c 160 "$1.err" | tr '\n' ' ')"
  else echo "output differs: got '$(head -c 120 "$1" | tr '\n' ' ')' want '$(head -c 120 "$2" | tr '\n' ' ')'"
  fi
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# build TARGET SETDIR NAME -> 0 ok, 3 source unavailable, else failure
build() { "$here/build.sh" --set "$2" "$1" "$3" 2> "$W/build.log"; }

# ---- per-set loop ------------------------------------------------------------------------------
status=0
rows=()   # "name|t0|t1|...": a time, FAIL, SKIP or -
for set in "${sets[@]}"; do
  sd=$(setdir_of "$set")
  if [ ! -f "$sd/programs.txt" ]; then echo "run.sh: no program set '$set' ($sd/programs.txt)" >&2; status=1; continue; fi
  while read -r name recipe full smoke rest; do
    case "$name" in ''|'#'*) continue ;; esac
    if [ ${#names[@]} -gt 0 ]; then
      hit=0; for n in "${names[@]}"; do [ "$n" = "$name" ] && hit=1; done
      [ $hit -eq 1 ] || continue
    fi
    read -ra pargs <<<"$rest"
    label=$name; [ "$set" = int ] || label=$set/$name

    if [ "$mode" = smoke ]; then
      if [ "${COL_CMD[1]}" = "-" ]; then echo "SKIP bench:$label: $QELT not built"; continue; fi
      build rv64 "$sd" "$name"; brc=$?
      if [ $brc -eq 3 ]; then echo "SKIP bench:$label: Debian source not fetchable (mirror unreachable)"; continue; fi
      if [ $brc -ne 0 ]; then echo "FAIL bench:$label: build failed: $(tail -2 "$W/build.log" | tr '\n' ' ')"; status=1; continue; fi
      exp=$sd/expected/$name.$smoke.out
      [ -f "$exp" ] || { echo "FAIL bench:$label: no expected output $exp (run bench/run.sh --bless)"; status=1; continue; }
      prog_cmd 1 "$sd" "$name" "$smoke" "${pargs[@]}"
      run_timed "$W/out" "${CMD[@]}"
      if [ $RC -eq 0 ] && cmp -s "$W/out" "$exp"; then echo "PASS bench:$label"
      else echo "FAIL bench:$label: $(why_failed "$W/out" "$exp")"; status=1; fi
      for ((c = 3; c < NCOL; c++)); do
        [ "${COL_SET[$c]}" = "$set" ] && ! col_off "$c" "$set" || continue
        prog_cmd "$c" "$sd" "$name" "$smoke" "${pargs[@]}"
        run_timed "$W/out" "${CMD[@]}"
        if [ $RC -eq 0 ] && cmp -s "$W/out" "$exp"; then echo "PASS bench:$label[${COL_LABEL[$c]}]"
        else echo "FAIL bench:$label[${COL_LABEL[$c]}]: $(why_failed "$W/out" "$exp")"; status=1; fi
      done
      continue
    fi

    brc=0
    build rv64 "$sd" "$name" || brc=$?
    [ $brc -ne 0 ] || build native "$sd" "$name" || brc=$?
    if [ $brc -ne 0 ]; then
      if [ $brc -eq 3 ]; then echo "run.sh: $label skipped: Debian source not fetchable" >&2
      else echo "run.sh: $label: build failed:" >&2; tail -5 "$W/build.log" >&2; status=1; fi
      row=$label; for ((c = 0; c < NCOL; c++)); do row+="|SKIP"; done; rows+=("$row"); continue
    fi
    [ "$mode" = build ] && continue

    if [ "$mode" = bless ]; then
      mkdir -p "$sd/expected"
      for size in "$full" "$smoke"; do
        prog_cmd 0 "$sd" "$name" "$size" "${pargs[@]}"; run_timed "$W/n.out" "${CMD[@]}"; nrc=$RC
        if [ "${COL_CMD[2]}" = "-" ]; then echo "run.sh: --bless needs $QEMU to cross-check" >&2; exit 1; fi
        prog_cmd 2 "$sd" "$name" "$size" "${pargs[@]}"; run_timed "$W/q.out" "${CMD[@]}"
        if [ $nrc -ne 0 ] || [ $RC -ne 0 ] || ! cmp -s "$W/n.out" "$W/q.out"; then
          echo "run.sh: $label size $size: native (status $nrc) and qemu (status $RC) disagree; not blessed" >&2
          status=1; continue
        fi
        cp "$W/n.out" "$sd/expected/$name.$size.out"
        echo "blessed $label $size: $(cat "$W/n.out")"
      done
      continue
    fi

    exp=$sd/expected/$name.$full.out
    if [ ! -f "$exp" ]; then echo "run.sh: $label: no expected output $exp (run --bless)" >&2; status=1; fi
    declare -a times=() failed=()
    for ((c = 0; c < NCOL; c++)); do times[c]=""; failed[c]=""; done
    for ((r = 1; r <= RUNS; r++)); do
      for ((c = 0; c < NCOL; c++)); do
        col_off "$c" "$set" && continue
        [ -n "${failed[c]}" ] && continue   # a wrong answer once is enough: don't time it again
        prog_cmd "$c" "$sd" "$name" "$full" "${pargs[@]}"
        run_timed "$W/out" "${CMD[@]}"
        if [ $RC -eq 0 ] && [ -f "$exp" ] && cmp -s "$W/out" "$exp"; then
          times[c]+=" $RT"
        else
          failed[c]=1; status=1
          echo "run.sh: $label under ${COL_LABEL[$c]}: $(why_failed "$W/out" "$exp")" >&2
        fi
      done
    done
    row=$label
    for ((c = 0; c < NCOL; c++)); do
      if col_off "$c" "$set"; then row+="|-"
      elif [ -n "${failed[c]}" ]; then row+="|FAIL"
      else row+="|$(echo "${times[c]}" | median)"; fi
    done
    rows+=("$row")
    echo "run.sh: $row" >&2
  done < "$sd/programs.txt"
done

[ "$mode" = full ] || exit $status

# ---- table -------------------------------------------------------------------------------------
# Ratio columns: qelt/native, qemu/native, qemu/qelt, then each extra/native.
ratios=("1/0" "2/0" "2/1")
for ((c = 3; c < NCOL; c++)); do ratios+=("$c/0"); [ -z "${COL_SET[$c]}" ] || ratios+=("$c/1"); done
table=$W/table
{
  printf '%-12s' program
  for ((c = 0; c < NCOL; c++)); do printf ' | %10s' "${COL_LABEL[$c]} s"; done
  for rt in "${ratios[@]}"; do printf ' | %11s' "${COL_LABEL[${rt%/*}]}/${COL_LABEL[${rt#*/}]}"; done
  printf '\n'
  printf '%s\n' "${rows[@]}" | awk -F'|' -v ncol="$NCOL" -v ratios="${ratios[*]}" '
    function num(x) { return x ~ /^[0-9.]+$/ && x > 0 }
    BEGIN { nr = split(ratios, R, " ") }
    {
      # Geometric means over all rows and per set (a row label "SET/NAME"; no slash = int).
      st = index($1, "/") ? substr($1, 1, index($1, "/") - 1) : "int"
      if (!(st in seen)) { seen[st] = 1; order[++ns] = st }
      printf "%-12s", $1
      for (c = 0; c < ncol; c++) {
        v = $(c + 2); printf " | %10s", num(v) ? sprintf("%.3f", v) : v
        if (num(v)) { lt[c] += log(v); nt[c]++; slt[st, c] += log(v); snt[st, c]++ }
      }
      for (k = 1; k <= nr; k++) {
        split(R[k], p, "/"); a = $(p[1] + 2); b = $(p[2] + 2)
        if (num(a) && num(b)) { q = a / b; printf " | %11.2f", q; lr[k] += log(q); nq[k]++; slr[st, k] += log(q); snq[st, k]++ }
        else printf " | %11s", "-"
      }
      printf "\n"
    }
    END {
      printf "%-12s", "geomean"
      for (c = 0; c < ncol; c++) printf " | %10s", nt[c] ? sprintf("%.3f", exp(lt[c] / nt[c])) : "-"
      for (k = 1; k <= nr; k++) printf " | %11s", nq[k] ? sprintf("%.2f", exp(lr[k] / nq[k])) : "-"
      printf "\n"
      for (i = 1; ns > 1 && i <= ns; i++) {
        st = order[i]
        printf "%-12s", "geomean:" st
        for (c = 0; c < ncol; c++) printf " | %10s", snt[st, c] ? sprintf("%.3f", exp(slt[st, c] / snt[st, c])) : "-"
        for (k = 1; k <= nr; k++) printf " | %11s", snq[st, k] ? sprintf("%.2f", exp(slr[st, k] / snq[st, k])) : "-"
        printf "\n"
      }
    }'
} > "$table"

mkdir -p "$here/results"
res=$here/results/$(date +%Y-%m-%d_%H%M%S).txt
{
  echo "# qelt benchmark results, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "# host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cpus, $(uname -sr)"
  echo "# repo: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo ' (modified)')"
  echo "# sets: ${sets[*]}; runs: $RUNS (median $([ "$CLOCK" = cpu ] && echo "user+sys CPU" || echo wall) time, seconds); timeout ${TMO}s"
  for ((c = 0; c < NCOL; c++)); do
    cmd=${COL_CMD[$c]}; [ $c -eq 0 ] && cmd="(native gcc build)"; [ "$cmd" = "-" ] && cmd="(not available)"
    echo "# column ${COL_LABEL[$c]}: $cmd"
  done
  echo "# FAIL = wrong output or crash (time not counted); - = column not available; SKIP = not built"
  cat "$table"
} > "$res"
cat "$res"
echo "results written to ${res#$repo/}"
exit $status
