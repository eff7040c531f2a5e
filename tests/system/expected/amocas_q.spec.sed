# QEMU 7.2 has no Zacas: its amocas.q is an illegal instruction (tval 0x28c..52f). The spec's
# results: the swap happens (equal compare), the unequal one returns memory, the faults are
# store/AMO misaligned (6) and access (7) with the address as tval, the patched code runs.
/^M-trap cause=0x2 tval=0x28c4452f /d
s/^equal: mem lo = 0x1111$/equal: mem lo = 0x5555/
s/^equal: mem hi = 0x2222$/equal: mem hi = 0x6666/
s/^unequal: got lo = 0x1111$/unequal: got lo = 0x5555/
s/^unequal: got hi = 0x2222$/unequal: got hi = 0x6666/
s/^unequal: mem lo = 0x1111$/unequal: mem lo = 0x5555/
s/^M-trap cause=0x2 tval=0x28c3452f epc=0x80000554 /M-trap cause=0x6 tval=0x80010008 epc=0x80000554 /
s/^M-trap cause=0x2 tval=0x28c3452f epc=0x800005f8 /M-trap cause=0x7 tval=0x88000000 epc=0x800005f8 /
/^M-trap cause=0x2 tval=0x28c3452f epc=0x80000758 /d
s/^after = 0x1$/after = 0x2/
