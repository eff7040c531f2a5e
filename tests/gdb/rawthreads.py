#!/usr/bin/env python3
"""The thread packets of the gdb stub in the raw protocol (tests/gdb/run.sh), against
qelt -g PORT running threads.c: ?, qfThreadInfo, qC, T, qThreadExtraInfo, H, vCont?, vCont;s and
vCont;c with per-thread actions. Prints PASS/FAIL lines. Usage: rawthreads.py PORT WORK_ADDR"""
import re
import socket
import sys

port, work = int(sys.argv[1]), int(sys.argv[2], 16)
s = socket.create_connection(("127.0.0.1", port), timeout=60)
buf = b""


def send(p):
    global buf
    s.sendall(b"$%s#%02x" % (p.encode(), sum(p.encode()) & 0xff))
    while True:                      # the ack, then one packet
        while b"#" not in buf or len(buf) - buf.index(b"#") < 3:
            d = s.recv(4096)
            if not d:
                return None
            buf += d
        i = buf.index(b"$")
        j = buf.index(b"#", i)
        pkt, buf = buf[i + 1:j].decode(), buf[j + 3:]
        s.sendall(b"+")
        return pkt


def check(name, ok, got):
    print("PASS gdb:raw-%s" % name if ok else "FAIL gdb:raw-%s: got %r" % (name, got))


def pc():
    r = send("p20")
    return int.from_bytes(bytes.fromhex(r), "little")


stop = send("?")
m = re.fullmatch(r"T05thread:([0-9a-f]+);", stop or "")
check("stop-reply-thread", m, stop)
main = m.group(1) if m else "1"
r = send("qfThreadInfo")
check("thread-list-one", r == "m" + main, r)
check("thread-list-end", send("qsThreadInfo") == "l", "")
r = send("qC")
check("current-thread", r == "QC" + main, r)
check("thread-alive", send("T" + main) == "OK", "")
r = send("T7ffffff0")
check("thread-dead", r.startswith("E"), r)
r = send("qThreadExtraInfo," + main)
check("extra-info", bytes.fromhex(r or "") == b"CPU#0 [running]", r)
r = send("vCont?")
check("vcont-query", r == "vCont;c;C;s;S", r)
r = send("Hg7ffffff0")
check("select-unknown", r.startswith("E"), r)
check("select-main", send("Hg" + main) == "OK", "")
pc0 = pc()
r = send("vCont;s:" + main)
check("step-reply", r == "T05thread:%s;" % main, r)
check("step-moved", pc() != pc0, pc())
send("Z0,%x,2" % work)
r = send("vCont;c")
m = re.fullmatch(r"T05thread:([0-9a-f]+);", r or "")
check("break-other-thread", m and m.group(1) != main, r)
worker = m.group(1) if m else main
r = send("qfThreadInfo")
ids = r[1:].split(",") if r and r[0] == "m" else []
check("thread-list-four", len(ids) == 4 and main in ids and worker in ids, r)
check("at-work", pc() == work, "pc")
send("z0,%x,2" % work)
# the worker steps alone, the other threads held: the reply names it
r = send("vCont;s:%s;c" % worker)
check("step-other-thread", r == "T05thread:%s;" % worker, r)
# gdb's step-over: continue one thread, the others held; Hg picks whose registers 'p' reads
send("Hg" + main)
main_pc = pc()
send("Hg" + worker)
r = send("vCont;s:" + worker)
check("registers-per-thread", r == "T05thread:%s;" % worker and pc() != main_pc, r)
s.sendall(b"$k#6b")
