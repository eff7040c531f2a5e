#!/usr/bin/env bash
# Real-program suite: Debian's riscv64 busybox-static (fetched with scripts/fetch-debian.sh, cached)
# runs shell scripts and applets under $QELT and under qemu-riscv64 (the oracle); a case passes
# when stdout and exit status are identical and the oracle run itself exited as expected.
#
#   tests/debian/run.sh [-v] [PATTERN]   (PATTERN: only cases whose name matches the glob)
#
# Invariants that keep the comparison meaningful and deterministic:
# - Each case runs in a fresh copy of a fixed file tree (fixed contents, modes and mtimes), at the
#   same absolute path for both runs, with a clean environment (TZ=UTC, LC_ALL=C, fixed HOME).
# - Busybox re-executes itself (execve of /proc/self/exe) for some applets. Without binfmt_misc
#   the kernel refuses a riscv64 ELF (ENOEXEC) and busybox then searches PATH by applet name. So
#   PATH holds only a per-emulator directory of wrapper scripts "exec EMULATOR busybox APPLET",
#   and a child that is exec'd runs under the same emulator as its parent, never as a host tool.
# - Cases named *fp* use floating point (awk, printf %f, dc); all others are integer-only.
# - Every emulator run is bounded by `timeout 30`, the whole suite by a time budget.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
QELT=${QELT:-$repo/build/qelt-riscv64}
REF=${QEMU_REF:-qemu-riscv64}
BUDGET=${DEBIAN_TEST_BUDGET:-170}   # seconds for the whole suite
verbose=0
[ "${1:-}" = -v ] && { verbose=1; shift; }
filter=${1:-*}

# Emulators are resolved to absolute paths: the cases run with PATH set to the wrapper dir only.
read -ra QELT_CMD <<<"$QELT"
read -ra REF_CMD <<<"$REF"
if ! REF_CMD[0]=$(command -v "${REF_CMD[0]}"); then
  echo "SKIP debian: reference emulator $REF not installed"; exit 0
fi
if ! QELT_CMD[0]=$(command -v "${QELT_CMD[0]}"); then
  echo "SKIP debian: $QELT not built"; exit 0
fi
QELT_CMD[0]=$(cd "$(dirname "${QELT_CMD[0]}")" && pwd)/$(basename "${QELT_CMD[0]}")

fetch_out=$("$repo/scripts/fetch-debian.sh" -q busybox-static 2>&1); rc=$?
if [ $rc -eq 3 ]; then
  echo "SKIP debian: mirror not reachable ($(echo "$fetch_out" | tail -1))"; exit 0
elif [ $rc -ne 0 ]; then
  echo "FAIL debian:fetch: scripts/fetch-debian.sh busybox-static failed: $(echo "$fetch_out" | tail -1)"; exit 0
fi
BB=$(echo "$fetch_out" | awk '$1=="busybox-static"{print $2}')/usr/bin/busybox
[ -x "$BB" ] || { echo "FAIL debian:fetch: $BB missing"; exit 0; }

W=$(mktemp -d /tmp/qelt-debian.XXXXXX)
trap 'rm -rf "$W"' EXIT

# ---- wrapper dirs: one PATH per emulator ---------------------------------------------------------
make_bin() {  # dir emulator-words...
  local dir=$1; shift
  mkdir -p "$dir"
  local emu; emu=$(printf '%q ' "$@")
  local a
  for a in $("${REF_CMD[@]}" "$BB" --list); do
    case "$a" in *[!a-z0-9_.+-]*|'') continue ;; esac
    printf '#!/bin/sh\nexec %s%q %q "$@"\n' "$emu" "$BB" "$a" > "$dir/$a"
    chmod +x "$dir/$a"
  done
}
make_bin "$W/bin-ref" "${REF_CMD[@]}"
make_bin "$W/bin-qelt" "${QELT_CMD[@]}"

# ---- the fixed input tree ------------------------------------------------------------------------
T=$W/tree
mkdir -p "$T/sub/deep" "$T/docs"
cat > "$T/poem.txt" <<'EOF'
The quick brown fox jumps over the lazy dog
Pack my box with five dozen liquor jugs
the lazy dog sleeps
How vexingly quick daft zebras jump
the end
The quick brown fox jumps over the lazy dog
EOF
cat > "$T/people.csv" <<'EOF'
name,age,city,score
alice,34,Paris,88
bob,27,Berlin,92
carol,45,Paris,75
dave,31,Oslo,92
eve,27,Berlin,61
frank,52,Oslo,70
grace,38,Rome,99
EOF
# 3000 integers from a 32-bit LCG, so sort/uniq/awk have real work and duplicates.
awk 'BEGIN { x = 12345; for (i = 0; i < 3000; i++) { x = (x * 1103515245 + 12345) % 2147483648; print x % 5000 } }' > "$T/nums.txt"
# ~200 KB of mixed text: compressible, but not trivially.
awk 'BEGIN { x = 7; for (i = 0; i < 6000; i++) { x = (x * 69069 + 1) % 4294967296;
       printf "line %05d value %08x %s\n", i, x, substr("abcdefghijklmnopqrstuvwxyz", x % 20 + 1, 6) } }' > "$T/big.txt"
printf 'int main(void) { return 42; }\n' > "$T/sub/prog.c"
printf 'deep file\n' > "$T/sub/deep/leaf.txt"
printf '#!/bin/sh\necho script\n' > "$T/run.sh"
printf 'alpha\nbeta\ngamma\n' > "$T/docs/a.md"
printf 'delta\n' > "$T/docs/b.md"
: > "$T/empty"
ln -s poem.txt "$T/link"
chmod 644 "$T"/*.txt "$T"/*.csv "$T/sub/prog.c" "$T/sub/deep/leaf.txt" "$T/docs/"*.md "$T/empty"
chmod 755 "$T/run.sh" "$T/sub" "$T/sub/deep" "$T/docs"
chmod 600 "$T/people.csv"
i=0
for f in poem.txt people.csv nums.txt big.txt sub/prog.c sub/deep/leaf.txt run.sh docs/a.md docs/b.md empty; do
  i=$((i + 1))
  TZ=UTC touch -d "2023-0$(( i % 9 + 1 ))-1$(( i % 10 )) 1$(( i % 10 )):0$(( i % 10 )):00" "$T/$f"
done
TZ=UTC touch -h -d '2022-12-31 23:59:59' "$T/link"
TZ=UTC touch -d '2021-06-15 12:00:00' "$T/sub/deep" "$T/sub" "$T/docs" "$T"

# ---- the runner ----------------------------------------------------------------------------------
start=$SECONDS
npass=0; nfail=0

run_in() {  # kind script -> sets rc; output in $W/out-kind
  local kind=$1 script=$2
  rm -rf "$W/case"; cp -a "$T" "$W/case"
  local -a emu
  if [ "$kind" = ref ]; then emu=("${REF_CMD[@]}"); else emu=("${QELT_CMD[@]}"); fi
  (cd "$W/case" && timeout 30 env -i PATH="$W/bin-$kind" HOME="$W" TZ=UTC LC_ALL=C \
     "${emu[@]}" "$BB" sh -c "$script" < /dev/null > "$W/out-$kind" 2> "$W/err-$kind") 2>/dev/null
  rc=$?
}

t() {  # name script [expected-status]
  local name=$1 script=$2 want=${3:-0}
  case "$name" in $filter) ;; *) return 0 ;; esac
  if [ $((SECONDS - start)) -gt "$BUDGET" ]; then
    echo "FAIL debian:$name: suite time budget (${BUDGET}s) exceeded before this case"; nfail=$((nfail+1)); return 0
  fi
  local rrc qrc
  run_in ref "$script"; rrc=$rc
  if [ "$rrc" -ne "$want" ]; then
    echo "FAIL debian:$name: reference run exited $rrc, expected $want (test bug?): $(head -c 200 "$W/err-ref")"
    nfail=$((nfail+1)); return 0
  fi
  run_in qelt "$script"; qrc=$rc
  if [ "$qrc" -ne "$rrc" ]; then
    local why="exit status $qrc, reference $rrc"
    [ "$qrc" -eq 124 ] && why="timed out (30 s)"
    echo "FAIL debian:$name: $why: $(head -c 200 "$W/err-qelt" | tr '\n' ' ')"; nfail=$((nfail+1))
  elif ! cmp -s "$W/out-ref" "$W/out-qelt"; then
    echo "FAIL debian:$name: stdout differs: $(diff "$W/out-ref" "$W/out-qelt" | head -4 | tr '\n' ' ' | head -c 300)"
    nfail=$((nfail+1))
  else
    echo "PASS debian:$name"; npass=$((npass+1))
  fi
  if [ $verbose -eq 1 ]; then
    sed 's/^/    | /' "$W/out-ref" | head -20; sed 's/^/    ! /' "$W/err-ref" | head -5
  fi
}

# ---- shell language --------------------------------------------------------------------------------
t sh-while-loop 'i=0; s=0; while [ $i -lt 3000 ]; do s=$((s + i * i % 7)); i=$((i + 1)); done; echo $s'
t sh-for-case 'for w in a bb ccc dddd "e f"; do case $w in a) echo one;; b*) echo two;; *" "*) echo space;; *) echo "many ${#w}";; esac; done'
t sh-functions 'fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 15; fact 20'
t sh-subshell 'x=outer; (x=inner; echo "in $x"; exit 3); echo "status $? x=$x"; (cd sub && pwd | sed "s|.*/||"); echo "${y:-unset}"'
t sh-cmdsubst 'a=$(echo hello | tr a-z A-Z); echo "$a ${#a}"; echo "n=$(echo $(echo deep $(echo deeper)))"; b=`expr 6 \* 7`; echo $b'
t sh-pipes 'seq 1 200 | grep 7 | sort -rn | head -5 | tr "\n" " "; echo; seq 50 | tail -3'
t sh-exit-status 'false; echo $?; true; echo $?; ! false; echo $?; exit 7' 7
t sh-heredoc 'n=5; cat <<EOF
value $n and $((n * 2))
literal \$n
EOF
cat <<"EOF"
quoted $n
EOF'
t sh-params 'set -- a "b c" d; echo $#; for x in "$@"; do echo "[$x]"; done; v=path/to/file.tar.gz; echo ${v#*/} ${v##*/} ${v%.*} ${v%%.*} ${#v} ${u:-def} ${v:+set}'
t sh-arith 'echo $(( (7 * 6) % 5 << 3 )) $(( -17 / 5 )) $(( -17 % 5 )) $(( 1 << 62 )) $(( 0x7fffffffffffffff + 1 )) $(( 255 & ~15 | 3 ^ 1 )) $(( 10 > 3 && 2 < 1 ))'
t sh-trap 'trap "echo bye" EXIT; trap "echo got usr1" USR1; kill -USR1 $$; echo after; exit 0'
t sh-kill-self 'kill -TERM $$; echo not reached' 143
t sh-redirect 'echo a > f; echo b >> f; cat f; wc -l < f; exec 3> g; echo x >&3; exec 3>&-; cat g; { echo err >&2; echo out; } 2>/dev/null'
t sh-background '{ echo bg1; } > o1 & { echo bg2; } > o2 & wait; cat o1 o2; echo done'
t sh-read-ifs 'printf "a:b:c\n1:2:3\n" | while IFS=: read x y z; do echo "$z$y$x"; done'
t sh-getopts 'set -- -a -b val -c rest; while getopts ab:c o; do echo "opt $o ${OPTARG:-}"; done; shift $((OPTIND - 1)); echo "left $*"'
t sh-script-file 'printf "echo from file \$1\nexit 4\n" > s.sh; sh s.sh arg; echo $?'
t sh-exec-child 'echo hi | gzip -c | gunzip -c; sh -c "echo nested \$0" zero; ./run.sh'

# ---- file tools --------------------------------------------------------------------------------------
t ls-l 'ls -l; ls -l sub docs'
t ls-lR 'ls -lRn'
t ls-sorted 'ls -lt; ls -lS; ls -1a; ls -ld sub; ls -lL link'
t stat 'stat -c "%n %s %a %Y %F" poem.txt run.sh sub empty link'
t cat 'cat -n poem.txt; cat docs/a.md docs/b.md; cat < empty'
t head-tail 'head -3 big.txt; tail -2 big.txt; head -c 20 poem.txt; echo; tail -c 10 poem.txt; tail -n +6000 big.txt'
t sort 'sort poem.txt; sort -n nums.txt | head -5; sort -rn nums.txt | head -3; sort -t, -k2,2n -k1,1 people.csv; sort -u nums.txt | wc -l'
t uniq 'sort nums.txt | uniq -c | sort -rn | head -5; sort poem.txt | uniq -d; sort nums.txt | uniq -u | wc -l'
t wc 'wc poem.txt people.csv nums.txt big.txt; wc -c < big.txt; wc -w poem.txt'
t md5sum 'md5sum poem.txt nums.txt big.txt empty; cat big.txt big.txt | md5sum'
t sha-sums 'sha1sum big.txt; sha256sum poem.txt big.txt empty; sha512sum nums.txt; sha3sum poem.txt; crc32 big.txt'
t dd-zero 'dd if=/dev/zero bs=4096 count=256 2>/dev/null | sha256sum; head -c 1000000 /dev/zero | md5sum'
t gzip-roundtrip 'gzip -9 -c big.txt > b.gz; gzip -1 -c nums.txt > n.gz; wc -c < b.gz; md5sum b.gz n.gz | cut -c1-32; gunzip -c b.gz | md5sum; md5sum < big.txt; zcat n.gz | cmp - nums.txt && echo same'
t gzip-files 'gzip big.txt && ls big*; gunzip big.txt.gz; md5sum big.txt'
t bzip2-roundtrip 'bzip2 -c big.txt > b.bz2; wc -c < b.bz2; md5sum < b.bz2; bunzip2 -c b.bz2 | md5sum; md5sum < big.txt'
t tar 'tar cf t.tar poem.txt sub docs; tar tvf t.tar; mkdir x; tar xf t.tar -C x; md5sum x/poem.txt x/sub/deep/leaf.txt; ls -lR x | grep -v "^[dt]"'
t tar-gz 'tar czf t.tgz sub docs; tar tzf t.tgz | sort; mkdir y; cd y && tar xzf ../t.tgz && find . | sort'
t cpio 'find docs sub | sort | cpio -o -H newc 2>/dev/null | cpio -t 2>/dev/null'
t awk-int 'awk -F, "NR > 1 { s += \$4; n[\$3]++; if (\$2 > m) m = \$2 } END { print s, m; for (c in n) print c, n[c] | \"sort\" }" people.csv'
t awk-int-compute 'awk "{ s += \$1; x = (x * 31 + \$1) % 1000003; if (\$1 % 2) odd++ } END { print NR, s, x, odd, s % 977 }" nums.txt'
t awk-strings 'awk "{ n = split(\$0, w, \" \"); for (i = n; i > 0; i--) printf \"%s%s\", toupper(substr(w[i], 1, 1)) substr(w[i], 2), (i > 1 ? \" \" : \"\n\") }" poem.txt; awk "{ gsub(/o/, \"0\"); print length(\$0), \$0 }" poem.txt'
t awk-int-printf 'awk "BEGIN { for (i = 1; i <= 20; i++) printf \"%3d %5x %o %c|%-4s|\n\", i * i, i * 4096, i, 64 + i, i }"'
# Debian's busybox awk has no libm functions (sqrt, exp...): FP cases stick to + - * / and printf.
t awk-fp-math 'awk "BEGIN { printf \"%.6f %.6f %.4e %.10g\n\", 1 / 3, 22 / 7, 1 / 3 * 1e-10, 0.1 + 0.2; print 1 / 7, int(-3.7), -7 / 2, 1e300 * 10, 1e15 + 0.5, 7.5 - 0.25 }"'
t awk-fp-average 'awk -F, "NR > 1 { s += \$4; q += \$4 * \$4; n++ } END { m = s / n; printf \"%.3f %.3f\n\", m, q / n - m * m }" people.csv'
t sed 'sed -n "2,4p" poem.txt; sed "s/the/THE/g; s/[aeiou]/_/2" poem.txt; sed -E "s/([a-z]+),([0-9]+)/\2:\1/" people.csv; sed "/lazy/d" poem.txt; sed "y/abc/XYZ/" docs/a.md'
t sed-hold 'sed -n "1!G;h;\$p" poem.txt; sed = docs/a.md | sed "N;s/\n/ /"'
t grep 'grep -E "qu(ick|or)" poem.txt; grep -c the poem.txt; grep -in "THE" poem.txt; grep -v e docs/a.md; grep -o "[0-9a-f]\{8\}" big.txt | head -3; grep -w dog poem.txt | wc -l; grep -rl lazy . | sort'
t grep-status 'grep -q zebra poem.txt; echo $?; grep -q unicorn poem.txt; echo $?; grep unicorn poem.txt' 1
t find 'find . | sort; find . -type f -name "*.md" | sort; find . -type d | sort; find . -size +10k; find . -newer docs/b.md -type f | sort; find . -type l'
t xargs 'find . -name "*.md" | sort | xargs ls -l; seq 10 | xargs -n 3 echo; echo a b c | xargs -n1 | sort -r'
t seq 'seq 5; seq 1 3 20; seq -s, 10; seq -w 8 11; seq 10 -2 1 | tr "\n" " "'
t date 'date -u -d "2024-02-29 13:45:10" "+%Y-%m-%d %H:%M:%S %j %a %b %u %s"; date -u -d @1700000000; date -u -d @0 +%A'
t printf 'printf "%5d|%-5s|%x|%o|%c|%%|%05d|%+d\n" 42 ab 255 8 z 7 9; printf "%s\n" a b c; printf "%.3s|%10.2s|\n" abcdef xyz; printf "%d %d\n" 0x10 -5'
t printf-fp 'printf "%08.3f %.2e %g\n" 3.14159 12345.678 0.0001'
t expr 'expr 7 \* 6; expr length hello; expr substr abcdef 2 3; expr index abcdef d; expr 5 \> 3; expr 100 / 7 % 5; expr match foobar "fo*"; expr 3 = 4' 1
t tr-cut-paste 'tr a-z A-Z < docs/a.md; tr -d aeiou < poem.txt | head -2; tr -s " " < poem.txt | head -1; cut -d, -f1,3 people.csv; cut -c1-5 poem.txt; paste docs/a.md docs/a.md; paste -sd+ docs/a.md'
t text-misc 'rev docs/a.md; tac docs/a.md; nl poem.txt | head -3; fold -w 10 poem.txt | head -4; expand run.sh; basename /a/b/c.txt .txt; dirname /a/b/c.txt'
t od-hexdump 'od -c docs/b.md; od -An -tx1 docs/a.md; hexdump -C poem.txt | head -3; xxd -l 32 big.txt'
t base64-uu 'base64 poem.txt | head -2; base64 poem.txt | base64 -d | md5sum; uuencode -m x < docs/a.md'
t factor 'factor 1234567890123 600851475143 9999999967 1001; factor 18446744073709551557'
t diff-cmp 'diff docs/a.md docs/b.md; echo $?; cp poem.txt p2; echo extra >> p2; diff -u poem.txt p2 | tail -3; cmp poem.txt p2; echo $?'
t cp-mv-rm 'cp -r sub s2; mv s2/prog.c s2/p.c; rm -r s2/deep; ls -ln s2 | awk "NR > 1 { print \$1, \$5, \$NF }"; ln -s docs d; ls d; rm d; mkdir -p a/b/c && rmdir -p a/b/c; ls -d a 2>&1; true'
t bc-int 'echo "2^200; 100 / 7; 12345678901234567890 * 98765432109876543210 % 1000000007" | bc'
t dc-fp 'echo "2 k 1 3 / p 2 v p" | dc'
t misc 'echo hello | tee t1 | wc -c; cat t1; truncate -s 5 big.txt; wc -c < big.txt; yes abc | head -3; which ls | sed "s|.*/||"; echo $(nproc) > /dev/null; id -u > /dev/null; test -f poem.txt && test ! -d poem.txt && [ 3 -lt 10 ] && echo tests-ok'

echo "debian: $npass passed, $nfail failed in $((SECONDS - start)) s" >&2
exit 0
