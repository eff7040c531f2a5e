#!/usr/bin/env bash
# The guest's own view of paths and of /proc (user/procfs.c, sys_path's -L rule):
# - proc_self.c, static and dynamic (-L /usr/riscv64-linux-gnu): /proc/self/{cmdline, environ,
#   exe, maps, stat, auxv}, /proc/cpuinfo, through /proc/<pid>/, /proc/thread-self/, "..", "//"
#   and directory descriptors;
# - sysroot_paths.c, static and dynamic, started from inside a scratch sysroot with -L:
#   symlink text, readlink/realpath of sysroot files, getcwd/realpath/proc cwd after chdir into
#   the sysroot, exe and maps names, /proc and /dev never taken from the sysroot, a script's
#   "#!" interpreter looked up in the sysroot.
# Each output is compared with tests/paths/expected/NAME.out, and with qemu-riscv64 7.2 on the
# line keys where QEMU is right (QEMU_RIGHT_*); QEMU is wrong elsewhere: it does not emulate
# /proc/thread-self or paths relative to a /proc dirfd, labels no [heap], gives 0 for stat's
# code, argument and environment addresses, shows the host's cpuinfo, does not redirect chdir,
# shows the sysroot's host prefix in getcwd, exe, maps and fd links, and its smaps lists the
# host's own mappings after the guest's (with text pages as r--p); its status is qemu's own;
# its environ is qemu's own (without -E's variables); a script's interpreter is looked up on
# the host only.
# Prints PASS/FAIL/SKIP lines (tests/run-all.sh protocol).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-$repo/build}
QELT=${QELT:-$BUILD/qelt-riscv64}
case $QELT in /*) ;; *) QELT=$(cd "$(dirname "$QELT")" && pwd)/$(basename "$QELT") ;; esac
GCC=${GUEST_CC:-riscv64-linux-gnu-gcc}
QEMU=$(command -v qemu-riscv64 || true)
cross=/usr/riscv64-linux-gnu
QEMU_RIGHT_proc='cmdline|exe|maps-stack|maps-text|maps-file|stat|auxv'
QEMU_RIGHT_sysroot='symlink|symlinkat|readlink-sysroot|realpath-sysroot|chdir-scratch|chdir-root|chdir-rel-below'

if ! command -v "$GCC" >/dev/null 2>&1 || [ ! -e "$cross/lib/ld-linux-riscv64-lp64d.so.1" ]; then
  echo "SKIP paths: $GCC or $cross missing"; exit 0
fi
tmp=$(mktemp -d /tmp/qelt-paths.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
out=$BUILD/tests/paths
mkdir -p "$out"

build() {   # build NAME static|dynamic -> $out/NAME-KIND
  local bin=$out/$1-$2 src=$here/$1.c
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    rm -f "$bin"
    "$GCC" -O2 -Wall $([ "$2" = static ] && echo -static) -o "$bin.tmp" "$src" -lpthread 2>&1 &&
      mv "$bin.tmp" "$bin"
  fi
}

# run EMULATOR OUTFILE CWD ARGS...: stdout + "[exit N]" under a fixed environment
run() {
  local emu=$1 o=$2 dir=$3; shift 3
  (cd "$dir" && env -i QELT_T=1 timeout 30 "$emu" "$@" >"$o" 2>"$o.err"; echo "[exit $?]" >>"$o")
}

# check NAME EXPECTED KEYS CWD ARGS...: qelt against the expected file, qemu on KEYS
check() {
  local name=$1 exp=$here/expected/$2.out keys=$3 dir=$4; shift 4
  run "$QELT" "$tmp/$name.qelt" "$dir" "$@"
  if ! cmp -s "$exp" "$tmp/$name.qelt"; then
    echo "FAIL paths:$name: output differs from $exp (< expected, > qelt)"
    diff "$exp" "$tmp/$name.qelt" | head -n 8 | sed 's/^/    /'
    head -n 2 "$tmp/$name.qelt.err" | sed 's/^/    stderr: /'
    return
  fi
  if [ -n "$QEMU" ]; then
    run "$QEMU" "$tmp/$name.qemu" "$dir" "$@"
    if ! diff <(grep -E "^($keys):" "$exp") <(grep -E "^($keys):" "$tmp/$name.qemu") >"$tmp/d"; then
      echo "FAIL paths:$name: qemu-riscv64 disagrees on lines where it is right (< expected, > qemu)"
      head -n 8 "$tmp/d" | sed 's/^/    /'
      return
    fi
  fi
  echo "PASS paths:$name"
}

for kind in static dynamic; do
  for t in proc_self sysroot_paths; do
    if ! log=$(build $t $kind); then
      echo "FAIL paths:$t-$kind: cross-compilation failed"; printf '%s\n' "$log" | head -n 5
      continue
    fi
  done
  # /proc/self
  mkdir -p "$tmp/work"
  cp "$out/proc_self-$kind" "$tmp/work/proc_self"
  check "proc-$kind" proc_self "$QEMU_RIGHT_proc" "$tmp/work" -L "$cross" -E QELT_X=2 \
    ./proc_self a "b c"

  # a scratch sysroot holding the program (and, for the dynamic build, the cross libc)
  root=$tmp/root-$kind
  mkdir -p "$root/bin" "$root/etc" "$root/usr/share/qeltdir/sub" "$root/proc" "$root/dev" \
           "$tmp/work-$kind"
  echo "sysroot marker" > "$root/etc/marker"
  ln -s marker "$root/etc/alt-link"
  echo fake > "$root/dev/null"
  : > "$root/usr/share/qeltdir/sub/file"
  [ $kind = dynamic ] && ln -s "$cross/lib" "$root/lib"
  cp "$out/sysroot_paths-$kind" "$root/bin/sysroot_paths"
  cp "$out/sysroot_paths-$kind" "$root/bin/tool"
  check "sysroot-$kind" sysroot_paths "$QEMU_RIGHT_sysroot" "$tmp/work-$kind" \
    -L "$root" "$root/bin/sysroot_paths" "$root"
  # the link on the host holds the guest's text
  if [ "$(readlink "$tmp/work-$kind/lnk")" = /etc/marker ]; then
    echo "PASS paths:symlink-text-$kind"
  else
    echo "FAIL paths:symlink-text-$kind: host link text '$(readlink "$tmp/work-$kind/lnk")'"
  fi
done

# getcwd after an exec keeps the name the guest chdir'd by (the sysroot's host name here).
run "$QELT" "$tmp/cwdexec.out" "$tmp/work-static" -L "$tmp/root-static" \
  "$tmp/root-static/bin/sysroot_paths" --cwd-exec "$tmp/root-static/usr"
if grep -qx "cwd-after-exec: $tmp/root-static/usr" "$tmp/cwdexec.out"; then
  echo "PASS paths:cwd-host-name-after-exec"
else
  echo "FAIL paths:cwd-host-name-after-exec: $(head -n 2 "$tmp/cwdexec.out" | tr '\n' ';')"
fi

# A relative -L keeps its meaning after the guest changes directory.
mkdir -p "$tmp/rel/sub"
cp -r "$tmp/root-static" "$tmp/rel/sysroot"
run "$QELT" "$tmp/rel.out" "$tmp/rel" -L sysroot sysroot/bin/sysroot_paths "$tmp/rel/sysroot"
if grep -qx "realpath-rel: /usr/share/qeltdir/sub" "$tmp/rel.out" &&
   grep -qx "exe: /bin/sysroot_paths" "$tmp/rel.out"; then
  echo "PASS paths:relative-sysroot"
else
  echo "FAIL paths:relative-sysroot"; head -n 8 "$tmp/rel.out" | sed 's/^/    /'
fi
exit 0
