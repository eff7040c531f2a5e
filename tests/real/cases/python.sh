# python3 from the shell: processes started through several levels of guest execve (bash ->
# python3 -> sh -> coreutils -> python3), multiprocessing with fork, sqlite3 and zipfile modules.
set -u
python3 - <<'P'
import subprocess, sys, os, multiprocessing as mp, sqlite3, zipfile, io, hashlib, json
out = subprocess.run("seq 1 5 | sort -r | tr '\n' ' '", shell=True, capture_output=True, text=True)
print("shell:", out.stdout.strip(), out.returncode)
p = subprocess.run([sys.executable, "-c", "import sys; print(sum(map(int, sys.stdin.read().split())))"],
                   input="1 2 3 4", capture_output=True, text=True)
print("child python:", p.stdout.strip())
def sq(x): return x * x
with mp.get_context("fork").Pool(2) as pool:
    print("pool:", sum(pool.map(sq, range(100))))
pid = os.fork()
if pid == 0:
    os._exit(9)
print("fork:", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
db = sqlite3.connect(":memory:")
db.execute("create table t(x)"); db.executemany("insert into t values (?)", [(i,) for i in range(1000)])
print("sqlite:", db.execute("select sum(x), count(*) from t").fetchone())
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z: z.writestr("a.txt", "qelt " * 1000)
print("zip:", zipfile.ZipFile(io.BytesIO(buf.getvalue())).read("a.txt")[:10], hashlib.sha1(b"x").hexdigest()[:8])
print("env:", json.dumps(sorted(k for k in os.environ if k in ("HOME", "PATH"))))
P
echo "python status $?"
python3 -c 'import sys; sys.exit("bye")'; echo "exit-message status $?"
printf 'print(6 * 7)\n' > s.py && python3 s.py
