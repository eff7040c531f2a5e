#!/usr/bin/env bash
# Runs each unit-test binary; each prints PASS/FAIL lines itself (see tests/unit/unit.h).
set -u
for t in "$BUILD"/tests/unit/test-*; do
  [ -x "$t" ] || continue
  case "$t" in *.d) continue;; esac
  out=$("$t" 2>&1); rc=$?
  printf '%s\n' "$out"
  if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL'; then
    echo "FAIL $(basename "$t"): exited with status $rc"
  fi
done
