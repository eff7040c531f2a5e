#!/usr/bin/env bash
# Prints the Markdown table of tests/real/RESULTS.md: one row per module of python-modules.txt
# with its status under qelt (a results file of tests/real/run.sh), under qemu-riscv64 (the
# committed record python-qemu.txt) and, for a module that fails under qelt, its causes
# (python-known.txt: "MODULE cause...", which says which failing tests are qelt's alone).
#   tests/real/table.sh [QELT_RESULTS]   (default: $QELT_CACHE/real-results/python-qelt.txt)
set -u
here=$(cd "$(dirname "$0")" && pwd)
res=${1:-${QELT_CACHE:-$here/../../cache}/real-results/python-qelt.txt}
[ -f "$res" ] || { echo "table.sh: no results file $res" >&2; exit 1; }
echo "| module | qelt | qemu-riscv64 | why it fails under qelt |"
echo "|---|---|---|---|"
awk '
  FILENAME == ARGV[1] { q[$1] = $2 " " $3 "s"; next }
  FILENAME == ARGV[2] { c = $0; sub(/^[^ ]+ +/, "", c); cause[$1] = c; next }
  FILENAME == ARGV[3] { l[$1] = $2 " " $3 "s"; next }
  /^#/ || NF == 0 { next }
  {
    m = $1; a = (m in l) ? l[m] : "not run"; b = (m in q) ? q[m] : "not run"
    why = ""
    if (a !~ /^PASS|^SKIP/) why = (m in cause) ? cause[m] : "(not diagnosed)"
    if (why != "" && b ~ /^PASS/) why = "**qelt only:** " why
    printf "| %s | %s | %s | %s |\n", m, a, b, why
  }' <(grep -v '^#' "$here/python-qemu.txt" 2>/dev/null) <(grep -v '^#' "$here/python-known.txt" 2>/dev/null) \
     "$res" "$here/python-modules.txt"
