#!/usr/bin/env bash
# Real-program suite (make check-real): Debian trixie riscv64's own programs from the sysroot that
# scripts/make-real-sysroot.sh builds, run under $QELT -L SYSROOT:
#  1. command lines (tests/real/cases/*.sh, run by the guest's bash; every program they start is a
#     guest execve that re-enters qelt): shell, make -j2, git, coreutils, compression, openssl,
#     sqlite3, jq. A case passes when its stdout + exit status equal cases/NAME.out; a case with a
#     cases/NAME.known file (the diagnosed qelt defect that breaks it) prints SKIP when it fails.
#  2. Python's own test suite: each module of python-modules.txt runs alone in a
#     `python3.13 -m test -v --timeout T MODULE` process, killed at T + 60 s (regrtest's own
#     timeout counts per test file, and a package such as test_asyncio has several), so a hang is
#     that module's FAIL, never a stuck suite. sys.executable is the sysroot's python3.13, so the children that the tests
#     start (subprocess, multiprocessing, script_helper) run under qelt too. A module listed in
#     python-pass.txt (the modules known to pass under qelt) must pass: otherwise FAIL. A module not
#     listed prints SKIP "known failure" (with its cause from python-known.txt) when it fails, and
#     PASS "(new: add to python-pass.txt)" when it passes. A listed module whose tests FAIL (not a
#     timeout or crash) is run once more on its own: some tests assert wall-clock intervals
#     (test_os's timerfd tests allow 0.5 ms), which a loaded machine breaks; passing the second
#     time prints PASS with the first run's failures named ("failed once"), failing again FAIL.
#     RESULTS.md holds the table of the last
#     full run (tests/real/table.sh makes it).
#
#   tests/real/run.sh [--fast] [--qemu] [--update-pass] [--no-commands] [--no-python] [MODULE...]
#     --fast         only the modules marked "fast" in python-modules.txt (the CI subset)
#     --qemu         run the modules under qemu-riscv64 instead, and rewrite python-qemu.txt, the
#                    committed record of which modules pass under QEMU (slow; QEMU's results do
#                    not change with qelt, so they are recorded, not re-run each time)
#     --update-pass  add every module that passed under qelt to python-pass.txt
#     MODULE...      only these modules (names from python-modules.txt or any test_*)
#
# QEMU without binfmt_misc cannot run a guest's execve of a riscv64 program; for its Python runs
# sys.executable is a host wrapper script (argv[0] set with -0) that starts qemu-riscv64 again, so
# Python's children run under QEMU as they do under qelt. The command-line cases are compared with
# their expected output only (under QEMU every program their shell starts would fail to exec).
#
# Environment: QELT_REAL (set by make check-real; without it, under tests/run-all.sh, the suite
# SKIPs), QELT, QEMU_REF, QELT_CACHE, REAL_JOBS (parallel module runs, default 2),
# REAL_OUT (result files and logs; default $QELT_CACHE/real-results), PY_TIMEOUT (default 600 s).
# Results: $REAL_OUT/python-qelt.txt (python-qemu.txt with --qemu), one line per module:
#   MODULE STATUS SECONDS [run=N failures=N skipped=N]   STATUS: PASS FAIL TIMEOUT CRASH SKIP
# logs/EMU/MODULE.log keep each module's output. Ends with the "N passed, M failed" line.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
QELT=${QELT:-$repo/build/qelt-riscv64}
REF=${QEMU_REF:-qemu-riscv64}
CACHE=${QELT_CACHE:-$repo/cache}
OUT=${REAL_OUT:-$CACHE/real-results}
JOBS=${REAL_JOBS:-2}
PY_TIMEOUT=${PY_TIMEOUT:-600}
export QELT_CACHE=$CACHE

fast=0; qemu=0; update_pass=0; do_cmds=1; do_py=1; only=()
for a in "$@"; do
  case "$a" in
    --fast) fast=1 ;;
    --qemu) qemu=1; do_cmds=0 ;;
    --update-pass) update_pass=1 ;;
    --no-commands) do_cmds=0 ;;
    --no-python) do_py=0 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $a" >&2; exit 1 ;;
    *) only+=("$a") ;;
  esac
done
[ ${#only[@]} -gt 0 ] && do_cmds=0
# tests/run-all.sh (make check) runs every tests/*/run.sh: this suite is make check-real's only.
if [ -z "${QELT_REAL:-}" ] && [ -n "${TESTS_DIR:-}" ]; then
  echo "SKIP real: slow; run by make check-real"; exit 0
fi

tally() {  # print the closing line from the PASS/FAIL lines collected in $log
  local p f s
  p=$(grep -c '^PASS' "$log"); f=$(grep -c '^FAIL' "$log"); s=$(grep -c '^SKIP' "$log")
  echo "$p passed, $f failed, $s skipped"
  [ "$f" -eq 0 ]
}
log=$(mktemp /tmp/qelt-real-log.XXXXXX)
W=$(mktemp -d /tmp/qelt-real.XXXXXX)
trap 'rm -rf "$W" "$log"' EXIT
say() { echo "$*" | tee -a "$log"; }

QELT=$(command -v "$QELT") || { say "SKIP real: qelt not built"; tally; exit; }
QELT=$(cd "$(dirname "$QELT")" && pwd)/$(basename "$QELT")

out=$("$repo/scripts/make-real-sysroot.sh" --quiet 2>&1); rc=$?
if [ $rc -eq 3 ]; then
  say "SKIP real: Debian mirror not reachable"; tally; exit
elif [ $rc -ne 0 ]; then
  say "FAIL real:sysroot: $(echo "$out" | tail -n 1)"; tally; exit
fi
S=$(echo "$out" | tail -n 1)
mkdir -p "$OUT"
# fetch-debian.sh --resolve (what the sysroot was made from): a closure, and a clear "not found".
dep=" $("$repo/scripts/fetch-debian.sh" -q --resolve dash 2>&1 | tr '\n' ' ')"
"$repo/scripts/fetch-debian.sh" -q --resolve no-such-package-qelt > /dev/null 2>&1; rc=$?
case "$dep" in
  *" dash "*libc6*) [ $rc -eq 2 ] && say "PASS real:resolve" || say "FAIL real:resolve: unknown package: status $rc, not 2" ;;
  *) say "FAIL real:resolve: dash's closure lacks dash or libc6: $dep" ;;
esac

# genv DIR: the clean environment every guest run gets (HOME and TMPDIR inside DIR).
genv() {
  mkdir -p "$1/home" "$1/tmp"
  echo env -i PATH=/usr/bin:/bin HOME="$1/home" TMPDIR="$1/tmp" LC_ALL=C.UTF-8 TZ=UTC
}

# ---- 1. command lines ---------------------------------------------------------------------------
run_case() {  # case-file
  local c=$1 name; name=$(basename "$c" .sh)
  local d=$W/case-$name; mkdir -p "$d/work"
  local got=$d/got
  # shellcheck disable=SC2046
  (cd "$d/work" && timeout -k 10 240 $(genv "$d") LC_ALL=C "$QELT" -L "$S" "$S/usr/bin/bash" "$c" \
     > "$got" 2> "$d/err"; echo "[exit $?]" >> "$got")
  local known="${c%.sh}.known"   # a diagnosed qelt defect nobody has fixed yet: SKIP, not FAIL
  if cmp -s "$got" "${c%.sh}.out"; then
    if [ -f "$known" ]; then say "PASS real:cmd:$name (fixed: remove cases/$name.known)"
    else say "PASS real:cmd:$name"; fi
  elif [ -f "$known" ]; then
    say "SKIP real:cmd:$name: known failure: $(head -n 1 "$known")"
  else
    say "FAIL real:cmd:$name: output differs from cases/$name.out"
    diff "${c%.sh}.out" "$got" | head -n 10 | sed 's/^/    /'
    head -n 5 "$d/err" | sed 's/^/    /'
  fi
}
if [ $do_cmds -eq 1 ]; then
  for c in "$here"/cases/*.sh; do run_case "$c"; done
fi

# ---- 2. Python's test suite ---------------------------------------------------------------------
# run_module EMU MODULE TIMEOUT: one regrtest process; writes $OUT/res-EMU/MODULE (one result line).
run_module() {
  local emu=$1 m=$2 t=$3; shift 3   # then: extra regrtest arguments
  local d=$W/$emu-$m; mkdir -p "$d/cwd" "$OUT/logs/$emu" "$OUT/res-$emu"
  local lg=$OUT/logs/$emu/$m.log
  local -a cmd
  if [ "$emu" = qelt ]; then
    cmd=("$QELT" -L "$S" "$S/usr/bin/python3.13")
  else
    # sys.executable = this wrapper (argv[0] via -0): a child python starts QEMU again.
    mkdir -p "$d/bin"
    printf '#!/bin/sh\nexec %q -L %q -0 "$0" %q "$@"\n' "$REF" "$S" "$S/usr/bin/python3.13" > "$d/bin/python3.13"
    chmod +x "$d/bin/python3.13"
    cmd=("$REF" -L "$S" -0 "$d/bin/python3.13" "$S/usr/bin/python3.13")
  fi
  local start rc; start=$(date +%s)
  # The .pyc files go to __pycache__ next to the sources in the sysroot, as on a Debian system
  # (py3compile); a PYTHONPYCACHEPREFIX would break the tests that compile a .pyc and look for it.
  # shellcheck disable=SC2046
  (cd "$d/cwd" && timeout -k 20 $((t + 60)) $(genv "$d") "${cmd[@]}" -m test -v --timeout "$t" "$@" "$m" > "$lg" 2>&1); rc=$?
  local secs=$(( $(date +%s) - start )) st
  local counts; counts=$(grep -E '^Total tests: ' "$lg" | tail -n 1 | sed 's/^Total tests: //')
  if grep -q '^Result: SUCCESS' "$lg" && [ $rc -eq 0 ]; then
    if grep -qE '^(1 test skipped|1 test run no tests)' "$lg"; then st=SKIP; else st=PASS; fi
  elif grep -q '^Result: NO TESTS RAN' "$lg"; then
    st=SKIP
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ] || grep -qE 'Timeout \([0-9:]+\)!' "$lg"; then
    st=TIMEOUT
  elif grep -qE '^(1 test failed|Result: FAILURE)' "$lg"; then
    st=FAIL
  else
    st=CRASH
  fi
  echo "$m $st $secs $counts" > "$OUT/res-$emu/$m"
  rm -rf "$d"
}

# modules: the "MODULE TIMEOUT [REGRTEST-ARGS...]" lines to run, from python-modules.txt
modules() {
  local sel=" ${only[*]} "
  awk -v def="$PY_TIMEOUT" -v fast=$fast -v sel="$sel" '
    /^#/ || NF == 0 { next }
    { if (sel != "  ") { if (index(sel, " " $1 " ") == 0) next } else if (fast && !/ fast( |$)/) next }
    { t = def; extra = ""
      for (i = 2; i <= NF; i++)
        if ($i ~ /^[0-9]+$/) t = $i; else if ($i != "fast") extra = extra " " $i
      print $1, t extra }' "$here/python-modules.txt"
  local m   # named modules that the list does not have: default timeout, no extra arguments
  for m in "${only[@]}"; do
    grep -q "^$m\b" "$here/python-modules.txt" || echo "$m $PY_TIMEOUT"
  done
}

run_all() {  # emu
  local emu=$1 m t extra
  rm -rf "$OUT/res-$emu"; mkdir -p "$OUT/res-$emu"
  while read -r m t extra; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    # shellcheck disable=SC2086
    run_module "$emu" "$m" "$t" $extra < /dev/null &   # stdin: never the module list
  done < <(modules)
  wait
  cat "$OUT/res-$emu"/* 2>/dev/null | sort > "$OUT/python-$emu.txt"
}

# rerun_module MODULE: runs it again alone (as run_all did); prints its new status.
rerun_module() {
  local m t extra
  read -r m t extra < <(modules | awk -v m="$1" '$1 == m' | head -n 1)
  [ -n "$m" ] || { echo CRASH; return; }
  cp "$OUT/logs/qelt/$m.log" "$OUT/logs/qelt/$m.first.log"
  # shellcheck disable=SC2086
  run_module qelt "$m" "$t" $extra < /dev/null
  awk '{ print $2 }' "$OUT/res-qelt/$m"
}

status_of() {  # file module -> status or ""
  awk -v m="$2" '$1 == m { print $2 }' "$1" 2>/dev/null
}

if [ $do_py -eq 1 ] && [ $qemu -eq 1 ]; then
  # Refresh the committed QEMU record only; modules of this run replace their old lines.
  if ! command -v "$REF" > /dev/null; then say "SKIP real:qemu: $REF not installed"; tally; exit; fi
  start=$(date +%s)
  run_all qemu
  echo "   python modules under $REF: $(( $(date +%s) - start )) s"
  { [ -f "$here/python-qemu.txt" ] && grep -v '^#' "$here/python-qemu.txt" | \
      awk 'NR == FNR { seen[$1] = 1; next } !($1 in seen)' "$OUT/python-qemu.txt" -
    cat "$OUT/python-qemu.txt"; } | sort > "$W/q"
  { echo "# Python test modules under $("$REF" --version | head -n 1) -L sysroot-real"
    echo "# (tests/real/run.sh --qemu): MODULE STATUS SECONDS COUNTS"
    cat "$W/q"; } > "$here/python-qemu.txt"
  while read -r m st secs rest; do
    if [ "$st" = PASS ]; then say "PASS real:qemu-py:$m (${secs}s)"
    else say "SKIP real:qemu-py:$m: $st under $REF (${secs}s)"; fi
  done < "$OUT/python-qemu.txt"
elif [ $do_py -eq 1 ]; then
  start=$(date +%s)
  run_all qelt
  echo "   python modules under qelt: $(( $(date +%s) - start )) s (results: $OUT/python-qelt.txt)"
  passlist=$here/python-pass.txt
  while read -r m st secs rest; do
    known=0; grep -qx "$m" "$passlist" 2>/dev/null && known=1
    q=$(status_of "$here/python-qemu.txt" "$m"); q=${q:-unknown}
    if [ "$st" = PASS ]; then
      if [ $known -eq 1 ]; then say "PASS real:py:$m (${secs}s)"
      else say "PASS real:py:$m (${secs}s; new: add to python-pass.txt)"; fi
    elif [ "$st" = SKIP ]; then
      say "SKIP real:py:$m: every test skipped"
    elif [ $known -eq 1 ] && [ "$st" = FAIL ] && [ "$(rerun_module "$m")" = PASS ]; then
      say "PASS real:py:$m (${secs}s; failed once: $(grep -E '^(FAIL|ERROR): ' \
        "$OUT/logs/qelt/$m.first.log" | head -n 2 | sed 's/^[A-Z]*: //' | tr '\n' ' ')passed when run again)"
    elif [ $known -eq 1 ]; then
      say "FAIL real:py:$m: $st in ${secs}s ($rest; qemu: $q; log $OUT/logs/qelt/$m.log)"
      grep -E '^(FAIL|ERROR): ' "$OUT/logs/qelt/$m.log" | head -n 5 | sed 's/^/    /'
    else
      why=$(awk -v m="$m" '$1 == m { sub(/^[^ ]+ +/, ""); print substr($0, 1, 110); exit }' \
            "$here/python-known.txt" 2>/dev/null)
      say "SKIP real:py:$m: known failure, $st in ${secs}s (qemu: $q) ${why:-not diagnosed}"
    fi
  done < "$OUT/python-qelt.txt"
  if [ $update_pass -eq 1 ]; then
    { grep -x 'test_[A-Za-z0-9_]*' "$passlist" 2>/dev/null
      awk '$2 == "PASS" { print $1 }' "$OUT/python-qelt.txt"; } | sort -u > "$W/p"
    { echo "# Python test modules that pass under qelt: each must keep passing (tests/real/run.sh)."
      cat "$W/p"; } > "$passlist"
  fi
fi
tally
