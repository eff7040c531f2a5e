#!/usr/bin/env bash
# Runs every test suite (tests/*/run.sh) and prints one closing line "N passed, M failed".
# Protocol for a suite: it prints one line per test case, "PASS name" or "FAIL name: why"
# (or "SKIP name: why"), and nothing it prints otherwise may start with those words.
# Unit-test binaries in $BUILD/tests/unit are run by tests/unit/run.sh under the same protocol.
set -u
here=$(cd "$(dirname "$0")" && pwd)
export QELT=${QELT:-$here/../build/qelt-riscv64}
export BUILD=${BUILD:-$here/../build}
export TESTS_DIR=$here
log=$(mktemp)
for suite in "$here"/*/run.sh; do
  name=$(basename "$(dirname "$suite")")
  echo "== suite $name"
  slog=$(mktemp)
  start=$(date +%s)
  bash "$suite" > "$slog" 2>&1
  cat "$slog" >> "$log"
  grep -E '^(FAIL|SKIP)' "$slog" || true
  echo "   $name: $(grep -c '^PASS' "$slog") passed, $(grep -c '^FAIL' "$slog") failed, $(grep -c '^SKIP' "$slog") skipped ($(( $(date +%s) - start )) s)"
  rm -f "$slog"
done
pass=$(grep -c '^PASS' "$log" || true)
fail=$(grep -c '^FAIL' "$log" || true)
skip=$(grep -c '^SKIP' "$log" || true)
rm -f "$log"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
