# bash and coreutils: pipelines, redirections, subshells, traps, background jobs, arithmetic.
set -u
seq 1 1000 | awk '{ s += $1 * $1 } END { printf "squares %d\n", s }'
printf '%s\n' pear apple fig apple kiwi pear apple | sort | uniq -c | sort -k1,1nr -k2 | tr -s ' ' | sed 's/^ //'
words="the quick brown fox jumps over the lazy dog"
echo "$words" | tr ' ' '\n' | awk '{ n[length($0)]++ } END { for (k in n) print k, n[k] }' | sort -n
echo "$words" | wc -w; echo -n "$words" | wc -c
cut -d: -f1,3 <<'D' | sort -t: -k2,2n | head -n 3
root:x:0:0
daemon:x:1:1
user:x:1000:1000
nobody:x:65534:65534
D
a=(zero one two three); echo "${#a[@]} ${a[2]} ${a[*]:1:2}"
declare -A m=([x]=1 [y]=2); echo "assoc ${m[x]}${m[y]} $(( ${m[x]} + ${m[y]} * 10 ))"
echo "arith $(( (7 ** 5) % 1000 )) $(( 1 << 40 )) $(( -17 / 5 )) $(( -17 % 5 ))"
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/qelt} ${s:7} ${#s}"
out=$( (echo sub; exit 3) ); echo "subshell '$out' $?"
{ echo to-stderr >&2; echo to-stdout; } 2>/dev/null
diff <(printf 'a\nb\nc\n') <(printf 'a\nB\nc\n'); echo "diff status $?"
trap 'echo trapped USR1' USR1
kill -USR1 $$
for i in 1 2 3; do (sleep 0.$i; echo "job $i") & done; wait
sleep 5 & p=$!; kill $p; wait $p; echo "killed status $?"
mkdir -p d/e && touch d/e/f1 d/f2 && find d -type f | sort && ls -R d | head -n 3 && rm -r d
printf 'line %03d\n' $(seq 1 5) > f.txt; tail -n 2 f.txt; head -c 8 f.txt | od -An -c | tr -s ' '
cat f.txt | sed -n '2,3p' | rev
sh -c 'echo dash $(( 6 * 7 )); exit 5'; echo "dash status $?"
echo "sha $(seq 1 10000 | sha256sum | cut -c1-16) md5 $(printf abc | md5sum | cut -c1-8)"
date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S %a'
env | grep -c '^PATH='
xargs -n 2 echo <<< "1 2 3 4 5"
(umask 027; umask; ulimit -c 0; ulimit -c) | tr '\n' ' '; echo
exit 7
