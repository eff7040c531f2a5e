# posix_spawn (glibc: clone(CLONE_VM|CLONE_VFORK)) reports a failed exec to its parent through the
# memory they share: the parent must see ENOENT/EACCES, not a child that exited 127.
set -u
python3 - <<'P'
import subprocess, os
for args in (["/nonexistent/prog"], ["./no-such-file"]):
    try:
        p = subprocess.Popen(args)
        print("spawned", args, "status", p.wait())
    except OSError as e:
        print(type(e).__name__, e.errno, args)
open("noexec", "w").close()
try:
    os.posix_spawn("./noexec", ["noexec"], os.environ)
except OSError as e:
    print("posix_spawn:", type(e).__name__, e.errno)
P
