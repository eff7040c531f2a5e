#!/usr/bin/env bash
# Translation-heavy comparison: many short busybox runs (each a fresh process that translates
# mostly cold code), under qelt and under qemu-riscv64. Prints total wall time per emulator,
# peak RSS (max over the runs) and qelt's own translation statistics for one run.
# Usage: bench/translate.sh [ROUNDS]   (needs busybox-static: scripts/fetch-debian.sh)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
QELT=${QELT:-$top/build/qelt-riscv64}
QEMU=${QEMU:-qemu-riscv64}
rounds=${1:-5}
bb=$("$top/scripts/fetch-debian.sh" -q busybox-static 2>/dev/null | awk '{print $2}')/usr/bin/busybox
[ -x "$bb" ] || { echo "busybox-static not available" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
seq 1 3000 > "$work/nums"
printf 'hello world\nfoo bar\n' > "$work/text"
cmds=(
  "sh -c 'i=0; while [ \$i -lt 200 ]; do i=\$((i+1)); done; echo \$i'"
  "awk 'BEGIN { for (i = 0; i < 300; i++) s += i * i; print s }'"
  "sort -n -r $work/nums"
  "sed -e s/o/0/g -e s/l/L/ $work/text"
  "grep -E 'o+ w' $work/text"
  "md5sum $work/nums"
  "sha256sum $work/nums"
  "gzip -c $work/nums"
  "tar cf - -C $work nums text"
  "wc -l $work/nums"
  "uniq -c $work/text"
  "expr 12345 '*' 6789"
  "date -u -d @0 +%Y-%m-%d"
  "find $work -type f"
  "ls -l $work"
  "printf '%s %d\n' abc 42"
  "cut -d' ' -f2 $work/text"
  "head -n 5 $work/nums"
  "od -x $work/text"
  "cksum $work/nums"
)
run_all() {   # $1 = emulator command; prints "seconds maxrss_kib"
  local start end rss max=0
  start=$(date +%s.%N)
  for r in $(seq "$rounds"); do
    for c in "${cmds[@]}"; do
      /usr/bin/time -o "$work/rss" -f '%M' bash -c "$1 $bb $c" >/dev/null 2>&1
      rss=$(tail -n1 "$work/rss")
      [ "${rss:-0}" -gt "$max" ] 2>/dev/null && max=$rss
    done
  done
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $max"
}
q=$(run_all "$QELT"); m=$(run_all "$QEMU")
printf '%-8s %10s %14s\n' emulator "wall s" "peak RSS KiB"
printf '%-8s %10.3f %14s\n' qelt ${q% *} ${q#* }
printf '%-8s %10.3f %14s\n' qemu ${m% *} ${m#* }
echo "qemu/qelt wall: $(echo "scale=2; ${m% *} / ${q% *}" | bc)"
echo "-- qelt -d stats for: awk"
"$QELT" -d stats "$bb" awk 'BEGIN { for (i = 0; i < 300; i++) s += i * i; print s }' 2>&1 >/dev/null | sed -n '/qelt stats/,$p'
