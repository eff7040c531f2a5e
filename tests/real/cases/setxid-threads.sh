# setuid/setgid/setgroups while another thread runs: glibc makes every thread do the call (its
# SIGSETXID broadcast), and all threads must keep running afterwards.
set -u
python3 - <<'P'
import os, threading
stop = threading.Event()
t = threading.Thread(target=stop.wait); t.start()
os.setgid(os.getgid()); os.setuid(os.getuid())
try:
    os.setgroups(os.getgroups())
except PermissionError:
    pass
print("ids kept:", os.getuid() == os.geteuid(), os.getgid() == os.getegid(), t.is_alive())
stop.set(); t.join()
print("joined")
P
