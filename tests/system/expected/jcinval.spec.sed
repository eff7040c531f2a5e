# QEMU 7.2 (MTTCG) runs a stale translation of the rewritten function on the readers although
# they read the new version and executed fence.i; the spec (and qelt) give the new code.
s/^stale calls = 0x1$/stale calls = 0x0/
