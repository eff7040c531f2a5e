#!/usr/bin/env bash
# Dynamically linked Debian programs: Debian trixie's riscv64 lua5.4 (its own binary, linked
# against libc6, libm, libreadline, libtinfo) and python3.13 (libpython's modules, zlib,
# hashlib, json, re) and GNU make -j2 (its job server) run through the guest's ELF interpreter from sysroots built by
# scripts/make-sysroot.sh, under $QELT -L SYSROOT and under qemu-riscv64 -L
# SYSROOT (the oracle); a case passes when stdout and exit status are identical. Also: a
# program cross-compiled here without -static against Debian's riscv64 cross libc
# (/usr/riscv64-linux-gnu, package libc6-dev-riscv64-cross), and the messages for a missing
# interpreter. Prints PASS/FAIL/SKIP lines (tests/run-all.sh protocol).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
QELT=${QELT:-$repo/build/qelt-riscv64}
REF=${QEMU_REF:-qemu-riscv64}
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
command -v "$REF" >/dev/null 2>&1 || { echo "SKIP dynamic: $REF not installed"; exit 0; }
tmp=$(mktemp -d /tmp/qelt-dynamic.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# both NAME ARGS...: run under both emulators (env -i, same cwd), compare stdout + status
both() {
  local name=$1; shift
  (cd "$tmp" && env -i LC_ALL=C timeout 60 "$REF" "$@" >"$tmp/$name.q" 2>"$tmp/$name.qe"; echo "[exit $?]" >>"$tmp/$name.q")
  (cd "$tmp" && env -i LC_ALL=C timeout 60 "$QELT" "$@" >"$tmp/$name.l" 2>"$tmp/$name.le"; echo "[exit $?]" >>"$tmp/$name.l")
  if cmp -s "$tmp/$name.q" "$tmp/$name.l" && ! grep -q '^\[exit 12[4-7]\]' "$tmp/$name.q"; then
    echo "PASS dynamic:$name"
  else
    echo "FAIL dynamic:$name: output differs from $REF"
    diff "$tmp/$name.q" "$tmp/$name.l" | head -n 8 | sed 's/^/    /'
    head -n 3 "$tmp/$name.le" | sed 's/^/    /'
  fi
}

# ---- cross-compiled against the cross toolchain's libc ----
cross=/usr/riscv64-linux-gnu
if command -v "$GCC" >/dev/null 2>&1 && [ -e "$cross/lib/ld-linux-riscv64-lp64d.so.1" ]; then
  cat > "$tmp/hello.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
int main(int argc, char **argv)
{
    char *s = strdup(argc > 1 ? argv[1] : "none");
    printf("dynamic %s %zu %.6f\n", s, strlen(s), sqrt(2.0));
    free(s);
    return 3;
}
C
  if "$GCC" -O2 -o "$tmp/hello" "$tmp/hello.c" -lm; then
    both cross-hello -L "$cross" ./hello argument
  else
    echo "FAIL dynamic:cross-hello: $GCC failed"
  fi
  # Without a sysroot the interpreter is missing: one clear line, exit status 1 (QEMU: 255).
  out=$(cd "$tmp" && env -i "$QELT" ./hello 2>&1); rc=$?
  if [ $rc = 1 ] && echo "$out" | grep -q "ELF interpreter /lib/ld-linux-riscv64-lp64d.so.1 not found"; then
    echo "PASS dynamic:no-sysroot-message"
  else
    echo "FAIL dynamic:no-sysroot-message: status $rc, '$out'"
  fi
else
  echo "SKIP dynamic:cross-hello: $GCC or $cross missing"
fi

# ---- Debian's own lua5.4 ----
sysroot=${QELT_CACHE:-$repo/cache}/sysroot-lua
out=$("$repo/scripts/make-sysroot.sh" --quiet "$sysroot" libc6 libreadline8t64 libtinfo6 lua5.4 2>&1); rc=$?
if [ $rc = 3 ]; then
  echo "SKIP dynamic:lua: mirror not reachable"; exit 0
elif [ $rc != 0 ] || [ ! -x "$sysroot/usr/bin/lua5.4" ]; then
  echo "FAIL dynamic:lua-sysroot: $(echo "$out" | tail -n 1)"; exit 0
fi
cat > "$tmp/t1.lua" <<'L'
local t = {}
for i = 1, 2000 do t[i] = (i * 7919) % 1000 end
table.sort(t)
local s = 0
for _, v in ipairs(t) do s = s + v end
print(_VERSION, #t, s, t[1], t[#t])
print(string.format("%5.2f|%x|%q", math.pi, 48879, "a\nb"), math.type(1), math.type(1.0))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog"):gmatch("%a+") do words[#words + 1] = w:upper() end
print(table.concat(words, "-"), utf8.char(955, 8364), #utf8.char(955, 8364))
local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
print(co(1), co(21))
print(pcall(error, {code = 42}), select("#", pcall(error)))
os.exit(7)
L
both lua-script -L "$sysroot" "$sysroot/usr/bin/lua5.4" t1.lua
both lua-e -L "$sysroot" "$sysroot/usr/bin/lua5.4" -e 'local f = io.open("x.txt", "w"); f:write("line1\nline2\n"); f:close(); for l in io.lines("x.txt") do io.write(l, ";") end print(os.getenv("LC_ALL"), #arg)'
both lua-error -L "$sysroot" "$sysroot/usr/bin/lua5.4" -e 'error("boom")'

# ---- Debian's own python3.13 (libpython, libexpat, zlib from the sysroot) ----
pyroot=${QELT_CACHE:-$repo/cache}/sysroot-python
out=$("$repo/scripts/make-sysroot.sh" --quiet "$pyroot" libc6 python3.13-minimal \
      libpython3.13-minimal libexpat1 zlib1g 2>&1); rc=$?
if [ $rc = 3 ]; then
  echo "SKIP dynamic:python: mirror not reachable"; exit 0
elif [ $rc != 0 ] || [ ! -x "$pyroot/usr/bin/python3.13" ]; then
  echo "FAIL dynamic:python-sysroot: $(echo "$out" | tail -n 1)"; exit 0
fi
cat > "$tmp/t.py" <<'P'
import sys, math, json, re, collections, struct, zlib, hashlib
words = collections.Counter("the quick brown fox jumps over the lazy dog the end".split())
print(sys.version_info[:2], math.factorial(25), json.dumps({"a": [1, 2.5, None], "b": "\u00e9"}))
print(words.most_common(2), re.findall(r"\d+", "a1b22c333"), struct.pack("<dI", 1.5, 7).hex())
print(sum(i * i for i in range(200000)), 3 ** 200 % 1000003, f"{math.pi:.12f}", 0.1 + 0.2)
data = b"qelt " * 1000
print(len(zlib.compress(data)), zlib.crc32(data), hashlib.sha256(data).hexdigest()[:16])
class Node:
    def __init__(self, v, kids=()): self.v, self.kids = v, list(kids)
    def total(self): return self.v + sum(k.total() for k in self.kids)
print(Node(1, [Node(2, [Node(4)]), Node(3)]).total(), sorted({3, 1, 2}), divmod(-7, 2))
sys.exit(4)
P
both python-script -L "$pyroot" "$pyroot/usr/bin/python3.13" -S t.py
both python-exception -L "$pyroot" "$pyroot/usr/bin/python3.13" -c 'print("before"); {}["missing"]'
cat > "$tmp/threads.py" <<'P'
import threading
lock = threading.Lock()
total, done = [0], []
def worker(n):
    s = sum(i * n for i in range(20000))
    with lock:
        total[0] += s
        done.append(n)
ts = [threading.Thread(target=worker, args=(k,)) for k in range(1, 7)]
for t in ts: t.start()
for t in ts: t.join()
print(total[0], sorted(done), threading.active_count())
P
both python-threads -L "$pyroot" "$pyroot/usr/bin/python3.13" -S threads.py
both python-site -L "$pyroot" "$pyroot/usr/bin/python3.13" -c 'import sys, os; print(sys.prefix.endswith("/usr"), os.getcwd() != "", sys.flags.no_site)'

# ---- Debian's GNU make -j2 (its job server: SIGCHLD blocked, pselect6 with an empty mask) ----
mkroot=${QELT_CACHE:-$repo/cache}/sysroot-make
out=$("$repo/scripts/make-sysroot.sh" --quiet "$mkroot" libc6 make 2>&1); rc=$?
if [ $rc = 3 ]; then
  echo "SKIP dynamic:make-j2: mirror not reachable"
elif [ $rc != 0 ] || [ ! -x "$mkroot/usr/bin/make" ]; then
  echo "FAIL dynamic:make-sysroot: $(echo "$out" | tail -n 1)"
else
  # The recipes run the host's /bin/sh (the sysroot has none): only make itself is emulated.
  mkdir -p "$tmp/mk"
  printf 'all: a b c d e f\na b c d e f:\n\t@sleep 0.05; echo $@ > $@.out\n' > "$tmp/mk/Makefile"
  (cd "$tmp/mk" && env -i PATH=/usr/bin:/bin LC_ALL=C timeout -k 5 60 "$QELT" -L "$mkroot" \
     "$mkroot/usr/bin/make" -j2 >"$tmp/mk.l" 2>&1); rc=$?
  got=$(cat "$tmp"/mk/*.out 2>/dev/null | tr -d '\n')
  if [ $rc = 0 ] && [ "$got" = abcdef ]; then
    echo "PASS dynamic:make-j2"
  else
    echo "FAIL dynamic:make-j2: status $rc (124: hung), outputs '$got'"
    head -n 3 "$tmp/mk.l" | sed 's/^/    /'
  fi
fi
