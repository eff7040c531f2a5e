#!/usr/bin/env bash
# The vector column of `make bench` (issue 12): every kernel of bench/vec/kernels.txt built by
# Debian trixie's riscv64 gcc-14 at -O3 for rv64gcv (auto-vectorized) and for rv64gc, then run
# side by side, alternating, BENCH_RUNS times each:
#   native    the kernel built by the host's gcc -O3 (x86-64)
#   qelt-gc   the rv64gc build under $QELT
#   qelt-gcv  the rv64gcv build under $QELT -cpu rv64,v=true
#   qemu-gcv  the rv64gcv build under $QEMU -cpu rv64,v=true,vlen=128 (qemu-riscv64 7.2)
# Every run's stdout is checked against the kernel's set's expected output. The table gives
# median wall times, the ratios gcv/gc (qelt; the bar: below 1 on the geomean), qemu-gcv/qelt-gcv
# (the bar: at least 3), each column over native, and vinsns: how many vector instructions the
# gcv binary holds (objdump), which shows the compiler really vectorized. Written to
# bench/results/vec-<date>_<time>.txt too.
#
#   bench/vec/run.sh [--build-only] [NAME...]      (bench/vec/usertime.sh: the same bar in user time)
# Environment: QELT, QEMU, BUILD, BENCH_RUNS (3), BENCH_TIMEOUT (s per run, 120), BENCH_NO_QEMU=1,
#   QELT_CACHE (Debian package cache; the compiler's sysroot is $QELT_CACHE/sysroot-gcc14),
#   VEC_CC_EMU (what runs the riscv64 compiler: default $QELT, else qemu-riscv64),
#   VEC_VLEN (128: qemu's vlen=; qelt's own vlen is given by its -cpu default).
# Flow: make the gcc-14 sysroot (scripts/make-sysroot.sh; exit 3 from it = mirror unreachable:
# everything SKIP); build what is missing into $BUILD/bench/vec/{gcv,gc,native}/; run; table.
# Invariants: a failed run shows FAIL (wrong output or crash) or ILL (the emulator stopped on an
# illegal instruction or rejected -cpu v=true: V not available) and its time is not used; a
# missing emulator shows "-"; the exit status is 1 only for wrong outputs and build failures,
# not for ILL (so `make bench` runs on a qelt without V).
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bench=$(cd "$here/.." && pwd)
repo=$(cd "$bench/.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$repo/build/qelt-riscv64}
QEMU=${QEMU:-qemu-riscv64}
RUNS=${BENCH_RUNS:-3}
TMO=${BENCH_TIMEOUT:-120}
VLEN=${VEC_VLEN:-128}
export QELT_CACHE=${QELT_CACHE:-$repo/cache}
SYSROOT=$QELT_CACHE/sysroot-gcc14
out=$BUILD/bench/vec
mode=full
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) mode=build ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "vec/run.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1") ;;
  esac
  shift
done

have() { local w; read -ra w <<<"$1"; [ ${#w[@]} -gt 0 ] && command -v "${w[0]}" > /dev/null 2>&1; }
# Columns: label, command words ("" = native, "-" = not available), binary directory.
LABEL=(native qelt-gc qelt-gcv qemu-gcv)
CMDS=("" "$QELT" "$QELT -cpu rv64,v=true" "$QEMU -cpu rv64,v=true,vlen=$VLEN")
BDIR=(native gc gcv gcv)
have "$QELT" || { CMDS[1]=-; CMDS[2]=-; }
{ have "$QEMU" && [ "${BENCH_NO_QEMU:-0}" != 1 ]; } || CMDS[3]=-
NCOL=${#LABEL[@]}

W=$(mktemp -d /tmp/qelt-vbench.XXXXXX)
trap 'rm -rf "$W"' EXIT

# ---- building ----------------------------------------------------------------------------------
sysroot() {
  local list rc=0
  list=$("$repo/scripts/fetch-debian.sh" -q --resolve gcc-14 libc6-dev) || rc=$?
  [ $rc -eq 0 ] || return $rc
  # shellcheck disable=SC2086
  "$repo/scripts/make-sysroot.sh" --quiet "$SYSROOT" $list > /dev/null
}
EMU=${VEC_CC_EMU:-}
if [ -z "$EMU" ]; then if have "$QELT"; then EMU=$QELT; else EMU=qemu-riscv64; fi; fi

src_of() { if [ "$2" = int ]; then echo "$bench/src/$1.c"; else echo "$bench/$2/src/$1.c"; fi; }
exp_of() { if [ "$3" = int ]; then echo "$bench/expected/$1.$2.out"; else echo "$bench/$3/expected/$1.$2.out"; fi; }
setflags() { [ "$1" = int ] || cat "$bench/$1/cflags" 2>/dev/null; }

# build NAME SET: the three binaries, each only when older than its inputs.
build() {
  local name=$1 set=$2 src flags k bin
  src=$(src_of "$name" "$set")
  read -ra flags <<<"$(setflags "$set")"
  local inc=(-I"$(dirname "$src")" -I"$bench/src")
  for k in gcv gc native; do
    bin=$out/$k/$name
    mkdir -p "$out/$k"
    if [ -x "$bin" ] && [ "$bin" -nt "$src" ] && [ "$bin" -nt "$bench/src/bench.h" ] && [ "$bin" -nt "$0" ]; then continue; fi
    echo "  CC[$k] $name" >&2
    if [ $k = native ]; then
      gcc -O3 -static "${flags[@]}" "${inc[@]}" -o "$bin.tmp" "$src" -lm || return 1
    else
      # The compiler is a riscv64 program: it runs under an emulator with the sysroot as -L.
      PATH=/usr/bin:/bin $EMU -L "$SYSROOT" "$SYSROOT/usr/bin/gcc-14" -O3 -march=rv64$k -static \
        "${flags[@]}" "${inc[@]}" -o "$bin.tmp" "$src" -lm || return 1
    fi
    mv -f "$bin.tmp" "$bin"
  done
}

# vinsns BINARY: vector instructions in its text (every RVV mnemonic starts with v, no scalar one does).
vinsns() { riscv64-linux-gnu-objdump -d --no-show-raw-insn "$1" 2>/dev/null | awk -F'\t' 'NF >= 2 && $2 ~ /^v/ { n++ } END { print n + 0 }'; }

# ---- running -----------------------------------------------------------------------------------
RC=0; RT=0
run_timed() {  # outfile words...
  local o=$1; shift
  local t0=$EPOCHREALTIME
  { timeout "$TMO" "$@" > "$o" 2> "$o.err" < /dev/null; } 2> /dev/null   # no shell "Illegal instruction" line
  RC=$?
  RT=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# A run that stopped on an illegal instruction (SIGILL, 128 + 4), or an emulator that refused
# -cpu v=true, means V is not there: reported as ILL, not as a wrong answer.
is_ill() { [ "$RC" -eq 132 ] || grep -q -i -E 'illegal instruction|SIGILL|unknown CPU property|property .v' "$1.err"; }

status=0
rows=()
sysrc=0
sysroot || sysrc=$?
if [ $sysrc -ne 0 ]; then
  echo "vec/run.sh: cannot make the gcc-14 sysroot (status $sysrc$([ $sysrc -eq 3 ] && echo ': mirror unreachable'))" >&2
fi
while read -r name set full smoke; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ ${#names[@]} -gt 0 ]; then
    hit=0; for n in "${names[@]}"; do [ "$n" = "$name" ] && hit=1; done
    [ $hit -eq 1 ] || continue
  fi
  if [ $sysrc -ne 0 ] || ! build "$name" "$set" 2> "$W/build.log"; then
    [ $sysrc -ne 0 ] || { echo "vec/run.sh: $name: build failed:" >&2; tail -5 "$W/build.log" >&2; status=1; }
    rows+=("$name|SKIP|SKIP|SKIP|SKIP|-"); continue
  fi
  nv=$(vinsns "$out/gcv/$name")
  [ "$nv" -gt 0 ] || echo "vec/run.sh: $name: the rv64gcv build holds no vector instruction" >&2
  [ "$mode" = build ] && continue
  exp=$(exp_of "$name" "$full" "$set")
  # A kernel whose vectorized build legitimately prints something else (gcc-14 fuses FP
  # operations in vector code even with -ffp-contract=off) has the gcv output, made by
  # qemu-riscv64 and checked by hand, in bench/vec/expected/.
  expv=$exp; [ -f "$here/expected/$name.$full.out" ] && expv=$here/expected/$name.$full.out
  declare -a times=() failed=()
  for ((c = 0; c < NCOL; c++)); do times[c]=""; failed[c]=""; done
  for ((r = 1; r <= RUNS; r++)); do
    for ((c = 0; c < NCOL; c++)); do
      [ "${CMDS[c]}" = - ] && continue
      [ -n "${failed[c]}" ] && continue
      read -ra emu <<<"${CMDS[c]}"
      e=$exp; [ "${BDIR[c]}" = gcv ] && e=$expv
      run_timed "$W/out" "${emu[@]}" "$out/${BDIR[c]}/$name" "$full"
      if [ $RC -eq 0 ] && cmp -s "$W/out" "$e"; then times[c]+=" $RT"; continue; fi
      if [ $RC -ne 0 ] && is_ill "$W/out"; then
        failed[c]=ILL
        echo "vec/run.sh: $name under ${LABEL[c]}: illegal instruction (V, or this vector instruction, not implemented): $(head -c 160 "$W/out.err" | tr '\n' ' ')" >&2
      else
        failed[c]=FAIL; status=1
        if [ $RC -eq 124 ]; then why="timed out after ${TMO}s"
        elif [ $RC -ne 0 ]; then why="exit status $RC: $(head -c 160 "$W/out.err" | tr '\n' ' ')"
        else why="output differs from $e"; fi
        echo "vec/run.sh: $name under ${LABEL[c]}: $why" >&2
      fi
    done
  done
  row=$name
  for ((c = 0; c < NCOL; c++)); do
    if [ "${CMDS[c]}" = - ]; then row+="|-"
    elif [ -n "${failed[c]}" ]; then row+="|${failed[c]}"
    else row+="|$(echo "${times[c]}" | median)"; fi
  done
  rows+=("$row|$nv")
  echo "vec/run.sh: $row|$nv" >&2
done < "$here/kernels.txt"
[ "$mode" = full ] || exit $status

# ---- table -------------------------------------------------------------------------------------
# Ratios (column indexes): gcv/gc under qelt, qemu over qelt on gcv, and each over native.
RATIOS="2/1 3/2 1/0 2/0 3/0"
table=$W/table
{
  printf '%-10s' kernel
  for ((c = 0; c < NCOL; c++)); do printf ' | %10s' "${LABEL[c]} s"; done
  for rt in $RATIOS; do printf ' | %17s' "${LABEL[${rt%/*}]}/${LABEL[${rt#*/}]}"; done
  printf ' | %7s\n' vinsns
  printf '%s\n' "${rows[@]}" | awk -F'|' -v ncol="$NCOL" -v ratios="$RATIOS" '
    function num(x) { return x ~ /^[0-9.]+$/ && x > 0 }
    BEGIN { nr = split(ratios, R, " ") }
    {
      printf "%-10s", $1
      for (c = 0; c < ncol; c++) {
        v = $(c + 2); printf " | %10s", num(v) ? sprintf("%.3f", v) : v
        if (num(v)) { lt[c] += log(v); nt[c]++ }
      }
      for (k = 1; k <= nr; k++) {
        split(R[k], p, "/"); a = $(p[1] + 2); b = $(p[2] + 2)
        if (num(a) && num(b)) { q = a / b; printf " | %17.2f", q; lr[k] += log(q); nq[k]++ }
        else printf " | %17s", "-"
      }
      printf " | %7s\n", $(ncol + 2)
    }
    END {
      printf "%-10s", "geomean"
      for (c = 0; c < ncol; c++) printf " | %10s", nt[c] ? sprintf("%.3f", exp(lt[c] / nt[c])) : "-"
      for (k = 1; k <= nr; k++) printf " | %17s", nq[k] ? sprintf("%.2f", exp(lr[k] / nq[k])) : "-"
      printf " | %7s\n", ""
    }'
} > "$table"

mkdir -p "$bench/results"
res=$bench/results/vec-$(date +%Y-%m-%d_%H%M%S).txt
{
  echo "# qelt vector benchmark (bench/vec/run.sh), $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "# host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cpus, $(uname -sr)"
  echo "# repo: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo ' (modified)')"
  echo "# compiler: Debian trixie riscv64 gcc-14 -O3 -march=rv64gcv / rv64gc (under $EMU); native: gcc -O3"
  echo "# runs: $RUNS (median wall time, seconds); timeout ${TMO}s"
  for ((c = 1; c < NCOL; c++)); do echo "# column ${LABEL[c]}: ${CMDS[c]/#-/(not available)}"; done
  echo "# FAIL = wrong output or crash; ILL = illegal instruction (V or an instruction not implemented); - = not available; SKIP = not built"
  echo "# bars (issue 12): qelt-gcv/qelt-gc geomean < 1; qemu-gcv/qelt-gcv geomean >= 3"
  cat "$table"
} > "$res"
cat "$res"
echo "results written to ${res#$repo/}"
exit $status
