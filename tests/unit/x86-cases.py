#!/usr/bin/env python3
"""
Generator of the byte-exact x86-64 encoder test table (tests/unit/x86-encoder-cases.inc).

Job: for every encoder function in host/x86_64/x86-emit.h, list operand combinations that hit
the tricky encodings (REX.R/X/B, rsp/r12 SIB, rbp/r13 disp8 0, disp 0/8/32, every scale, rip,
no base, spl/bpl/sil/dil, imm8 vs imm32, negative immediates, movabs vs mov r32, shift by 1,
all condition codes ...), write the same instruction as GNU as Intel syntax, assemble them all
in one file and record gas's bytes as the expected output. The generated table is committed so
`make check` needs neither python nor binutils; test-x86-encoder.c replays it.

Regenerate (needs python3 and binutils `as`, `nm`, `objcopy` for x86-64), from the repo root:
    python3 tests/unit/x86-cases.py            # rewrites tests/unit/x86-encoder-cases.inc
    python3 tests/unit/x86-cases.py --check    # exit 1 if the .inc is stale
When adding an encoder function: add an FN_ entry and a dispatcher case in test-x86-encoder.c,
then cases here.

The table is data, not code (one C call per case made the test take minutes to compile): each
row is { "asm", FN_<function>, {small args}, imm, mem, len, "bytes" }. The meaning of the small
args and of imm per function is fixed by the dispatcher in test-x86-encoder.c; branch targets
are given as imm = offset from the instruction start, which is what `.+off` means to gas.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "x86-encoder-cases.inc")

R64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"] + ["r%d" % i for i in range(8, 16)]
R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"] + ["r%dd" % i for i in range(8, 16)]
R16 = ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"] + ["r%dw" % i for i in range(8, 16)]
R8 = ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"] + ["r%db" % i for i in range(8, 16)]
XR = ["X_" + r.upper() for r in R64]
RSZ = {1: R8, 2: R16, 4: R32, 8: R64}
PTR = {1: "byte ptr", 2: "word ptr", 4: "dword ptr", 8: "qword ptr"}
ALL = list(range(16))

CONDS = ["o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"]
XC = ["XC_" + c.upper() for c in CONDS]
ALU = ["add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"]
XA = ["XA_" + a.upper() for a in ALU]
SHIFTS = [("rol", "XS_ROL"), ("ror", "XS_ROR"), ("shl", "XS_SHL"), ("shr", "XS_SHR"), ("sar", "XS_SAR")]
UNARY = [("not", "XU_NOT"), ("neg", "XU_NEG"), ("mul", "XU_MUL"), ("imul", "XU_IMUL"),
         ("div", "XU_DIV"), ("idiv", "XU_IDIV")]
FOPS = [("add", "XF_ADD"), ("mul", "XF_MUL"), ("sub", "XF_SUB"), ("min", "XF_MIN"),
        ("div", "XF_DIV"), ("max", "XF_MAX"), ("sqrt", "XF_SQRT")]

# Immediates around every size boundary, both signs.
IMMS = [0, 1, -1, 2, 127, 128, -128, -129, 255, 256, 0x7fff, -0x8000, 0x12345678, -0x12345678,
        0x7fffffff, -0x80000000]


def B(w64):
    return "1" if w64 else "0"


def reg(i, w64):
    return R64[i] if w64 else R32[i]


def pairs():
    """Every register in both operand slots against the special partners (rax, rsp/r12 and
    rbp/r13 low bits, extended ones), plus the diagonal."""
    s = set(pairs_small())
    for a in ALL:
        for c in (0, 4, 5):
            s.add((a, c) if a % 2 else (c, a))
        s.add((a, a))
    return sorted(s)


def pairs_small():
    """Every register in each slot once, with a partner of the other REX bit."""
    s = set()
    for a in ALL:
        s.add((a, 13 if a < 8 else 3))
        s.add((12 if a < 8 else 6, a))
    return sorted(s)


class Mem:
    def __init__(self, base=None, index=None, scale=1, disp=0, rip=False):
        self.base, self.index, self.scale, self.disp, self.rip = base, index, scale, disp, rip

    def asm(self):
        if self.rip:
            return "[rip%+d]" % self.disp
        parts = []
        if self.base is not None:
            parts.append(R64[self.base])
        if self.index is not None:
            parts.append("%s*%d" % (R64[self.index], self.scale))
        txt = "+".join(parts)
        if not parts:
            txt = "%d" % self.disp
        elif self.disp:
            txt += "%+d" % self.disp
        return "[" + txt + "]"

    def c(self):
        bse = XR[self.base] if self.base is not None else "X_NOREG"
        idx = XR[self.index] if self.index is not None else "X_NOREG"
        return "{%s, %s, %d, %d, %d}" % (bse, idx, self.scale, self.disp, 1 if self.rip else 0)


NOMEM = "{0}"


def mems_full():
    """Each base with no/8/32-bit displacement and the disp8 limits, every index with every
    scale (under a rotating base), no base, absolute and rip-relative."""
    out = []
    for bse in ALL:
        for d in (0, 127, -128, 128, -129):
            out.append(Mem(bse, disp=d))
    for bse in (0, 4, 5, 12, 13, 15):
        out.append(Mem(bse, disp=0x12345678))
        out.append(Mem(bse, disp=-0x80000000))
    bases = [0, 5, 13, 4, 12, 9, 3, 15]
    k = 0
    for idx in ALL:
        if idx == 4:
            continue
        for sc in (1, 2, 4, 8):
            out.append(Mem(bases[k % len(bases)], idx, sc, (0, 8, -0x100, 0x1000)[k % 4]))
            k += 1
    for bse in (5, 13):
        out.append(Mem(bse, 1, 2))
        out.append(Mem(bse, 12, 8))
    for idx, sc in ((0, 1), (5, 2), (13, 4), (15, 8), (12, 8)):
        out.append(Mem(None, idx, sc, 0x40))
    out.append(Mem(None, 2, 8, 0))
    out.append(Mem(None, 2, 1, -4))
    out.append(Mem(None, disp=0x1234))
    for d in (0, 0x10, -0x100, 0x7fffffff):
        out.append(Mem(None, rip=True, disp=d))
    return out


def mems_small():
    """Each ModRM/SIB path once."""
    return [Mem(0), Mem(4), Mem(5), Mem(12), Mem(13), Mem(15, disp=8), Mem(3, disp=-0x200),
            Mem(9, 14, 8, 0x10), Mem(5, 13, 2), Mem(None, 11, 4, -8), Mem(None, rip=True, disp=0x40)]


cases = []  # (asm, fn, [small args as C text], imm, mem)


def add(asm, fn, args=(), imm=0, m=None):
    cases.append((asm, fn, list(args), imm, m))


def gen_int():
    for oi, op in enumerate(ALU):
        full = op in ("add", "cmp")
        for w in (True, False):
            sz = 8 if w else 4
            for d, s in (pairs() if full else pairs_small()[oi % 2::2]):
                add("%s %s, %s" % (op, reg(d, w), reg(s, w)), "x_alu_rr", [XA[oi], B(w), XR[d], XR[s]])
            for d in ALL:
                imms = IMMS if (full and d in (0, 1, 8)) else IMMS[(d + oi) % 8::8]
                for imm in imms:
                    add("%s %s, %d" % (op, reg(d, w), imm), "x_alu_ri", [XA[oi], B(w), XR[d]], imm)
            for k, m in enumerate(mems_full() if full and w else mems_small()):
                r = (k * 5 + oi) % 16
                add("%s %s, %s %s" % (op, reg(r, w), PTR[sz], m.asm()), "x_alu_rm", [XA[oi], B(w), XR[r]], 0, m)
                add("%s %s %s, %s" % (op, PTR[sz], m.asm(), reg(r, w)), "x_alu_mr", [XA[oi], B(w), XR[r]], 0, m)
                imm = IMMS[k % len(IMMS)]
                add("%s %s %s, %d" % (op, PTR[sz], m.asm(), imm), "x_alu_mi", [XA[oi], B(w)], imm, m)
            for r in (ALL if full else ()):
                m = Mem(15 - r, disp=0x10)
                add("%s %s, %s %s" % (op, reg(r, w), PTR[sz], m.asm()), "x_alu_rm", [XA[oi], B(w), XR[r]], 0, m)

    for w in (True, False):
        for d, s in pairs():
            add("mov %s, %s" % (reg(d, w), reg(s, w)), "x_mov_rr", [B(w), XR[d], XR[s]])
    for d in ALL:
        for v in (0, 1, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
                  (1 << 64) - 1, (1 << 64) - 0x80000000, (1 << 64) - 0x80000001,
                  0x123456789abcdef0, 0x8000000000000000, 0x7fffffffffffffff):
            if v <= 0xffffffff:
                a = "mov %s, %d" % (R32[d], v)
            elif v >= (1 << 64) - 0x80000000:
                a = "mov %s, %d" % (R64[d], v - (1 << 64))
            else:
                a = "movabs %s, %d" % (R64[d], v)
            add(a, "x_mov_ri", [XR[d]], v)

    loads = {(1, False): ("movzx", R32, 1), (1, True): ("movsx", R64, 1),
             (2, False): ("movzx", R32, 2), (2, True): ("movsx", R64, 2),
             (4, False): ("mov", R32, 4), (4, True): ("movsxd", R64, 4),
             (8, False): ("mov", R64, 8), (8, True): ("mov", R64, 8)}
    for (sz, sg), (mn, regs, psz) in loads.items():
        ms = mems_full() if (sz, sg) in ((1, False), (8, False)) else mems_small()
        for k, m in enumerate(ms):
            r = (k * 3 + sz) % 16
            add("%s %s, %s %s" % (mn, regs[r], PTR[psz], m.asm()), "x_load", [str(sz), B(sg), XR[r]], 0, m)
        for r in ALL:
            m = Mem(15 - r, disp=-8)
            add("%s %s, %s %s" % (mn, regs[r], PTR[psz], m.asm()), "x_load", [str(sz), B(sg), XR[r]], 0, m)

    for sz in (1, 2, 4, 8):
        ms = mems_full() if sz in (1, 8) else mems_small()
        for k, m in enumerate(ms):
            r = (k * 7 + sz) % 16
            add("mov %s %s, %s" % (PTR[sz], m.asm(), RSZ[sz][r]), "x_store", [str(sz), XR[r]], 0, m)
        for r in ALL:
            for m in (Mem(r), Mem(12, 13, 2, 0x100)):
                add("mov %s %s, %s" % (PTR[sz], m.asm(), RSZ[sz][r]), "x_store", [str(sz), XR[r]], 0, m)
        imms = {1: [0, 1, -1, 127, -128, 255],
                2: [0, 1, -1, 127, 128, -0x8000, 0x7fff, 0xffff],
                4: IMMS, 8: IMMS}[sz]
        for k, m in enumerate(mems_small() + [Mem(None, rip=True, disp=-4)]):
            for imm in (imms if k < 3 else imms[k % 2::2]):
                add("mov %s %s, %d" % (PTR[sz], m.asm(), imm), "x_store_imm", [str(sz)], imm, m)

    for w in (True, False):
        for k, m in enumerate(mems_full() if w else mems_small()):
            r = (k * 11) % 16
            add("lea %s, %s" % (reg(r, w), m.asm()), "x_lea", [B(w), XR[r]], 0, m)

    for mn, xs in SHIFTS:
        for w in (True, False):
            for d in ALL:
                for imm in ((0, 1, 2, 31) + ((32, 63) if w else ()))[d % 2::2]:
                    add("%s %s, %d" % (mn, reg(d, w), imm), "x_shift_ri", [xs, B(w), XR[d]], imm)
                add("%s %s, cl" % (mn, reg(d, w)), "x_shift_rcl", [xs, B(w), XR[d]])

    for mn, xu in UNARY:
        for w in (True, False):
            for d in ALL:
                add("%s %s" % (mn, reg(d, w)), "x_unary", [xu, B(w), XR[d]])

    for w in (True, False):
        for d, s in pairs():
            add("imul %s, %s" % (reg(d, w), reg(s, w)), "x_imul_rr", [B(w), XR[d], XR[s]])
        for k, (d, s) in enumerate(pairs_small()):
            for imm in (IMMS[k % len(IMMS)], IMMS[(k + 7) % len(IMMS)]):
                add("imul %s, %s, %d" % (reg(d, w), reg(s, w), imm), "x_imul_rri", [B(w), XR[d], XR[s]], imm)
    add("cqo", "x_cqo")
    add("cdq", "x_cdq")

    for d, s in pairs_small():
        add("movsx %s, %s" % (R64[d], R8[s]), "x_movsx", ["1", XR[d], XR[s]])
        add("movsx %s, %s" % (R64[d], R16[s]), "x_movsx", ["2", XR[d], XR[s]])
        add("movsxd %s, %s" % (R64[d], R32[s]), "x_movsx", ["4", XR[d], XR[s]])
        add("movzx %s, %s" % (R32[d], R8[s]), "x_movzx", ["1", XR[d], XR[s]])
        add("movzx %s, %s" % (R32[d], R16[s]), "x_movzx", ["2", XR[d], XR[s]])
        add("mov %s, %s" % (R32[d], R32[s]), "x_movzx", ["4", XR[d], XR[s]])

    for w in (True, False):
        for a, c in pairs():
            add("test %s, %s" % (reg(a, w), reg(c, w)), "x_test_rr", [B(w), XR[a], XR[c]])
        for a in ALL:
            for imm in (IMMS if a in (0, 1, 8) else IMMS[a % 4::4]):
                add("test %s, %d" % (reg(a, w), imm), "x_test_ri", [B(w), XR[a]], imm)

    for ci, cc in enumerate(CONDS):
        for d in ALL:
            add("set%s %s" % (cc, R8[d]), "x_setcc", [XC[ci], XR[d]])
        for w in (True, False):
            for d, s in (pairs() if ci == 0 else pairs_small()[ci % 8::8]):
                add("cmov%s %s, %s" % (cc, reg(d, w), reg(s, w)), "x_cmov", [XC[ci], B(w), XR[d], XR[s]])

    for w in (True, False):
        for d in ALL:
            add("bswap %s" % reg(d, w), "x_bswap", [B(w), XR[d]])
        for a, c in pairs():
            add("xchg %s, %s" % (reg(a, w), reg(c, w)), "x_xchg_rr", [B(w), XR[a], XR[c]])
        for fn in ("lzcnt", "tzcnt", "popcnt"):
            for d, s in pairs():
                add("%s %s, %s" % (fn, reg(d, w), reg(s, w)), "x_" + fn, [B(w), XR[d], XR[s]])


def gen_atomic():
    for sz in (1, 2, 4, 8):
        for k, m in enumerate(mems_full() if sz == 8 else mems_small()):
            r = (k * 5 + sz) % 16
            rn = RSZ[sz][r]
            add("lock xadd %s %s, %s" % (PTR[sz], m.asm(), rn), "x_lock_xadd", [str(sz), XR[r]], 0, m)
            add("lock cmpxchg %s %s, %s" % (PTR[sz], m.asm(), rn), "x_lock_cmpxchg", [str(sz), XR[r]], 0, m)
            add("xchg %s %s, %s" % (PTR[sz], m.asm(), rn), "x_xchg_mr", [str(sz), XR[r]], 0, m)
        for r in ALL:
            m = Mem(7)
            rn = RSZ[sz][r]
            for oi, op in enumerate(ALU[:7]):       # cmp is not lockable
                if (oi + r) % 4:
                    continue
                add("lock %s %s %s, %s" % (op, PTR[sz], m.asm(), rn), "x_lock_alu_mr", [XA[oi], str(sz), XR[r]], 0, m)
        for k, m in enumerate(mems_small()):
            r = (k * 3) % 16
            rn = RSZ[sz][r]
            for oi, op in enumerate(ALU[:7]):
                if (oi + k) % 3:
                    continue
                add("lock %s %s %s, %s" % (op, PTR[sz], m.asm(), rn), "x_lock_alu_mr", [XA[oi], str(sz), XR[r]], 0, m)
    add("mfence", "x_mfence")


def gen_control():
    # Offsets where gas must use rel32 (the short form cannot reach), including the limits.
    far = (0x1000, 0x12345, -0x1000, -0x7ffffff0, 0x7ffffff0, 130, -127)
    for off in far:
        add("jmp .%+d" % off, "x_jmp", [], off)
        add("call .%+d" % off, "x_call", [], off)
        for ci, cc in enumerate(CONDS):
            add("j%s .%+d" % (cc, off), "x_jcc", [XC[ci]], off)
    add("call .%+d" % 3, "x_call", [], 3)
    add("call .%+d" % 0, "x_call", [], 0)
    for off in (2, 0, 129, -126, 0x40, -0x40):
        add("jmp .%+d" % off, "x_jmp8", [], off)
        for ci, cc in enumerate(CONDS):
            add("j%s .%+d" % (cc, off), "x_jcc8", [XC[ci]], off)
    for off in (0x1000, -0x2000):
        add("jmp .%+d" % off, "x_patch_rel32", ["0"], off)
        add("call .%+d" % off, "x_patch_rel32", ["1"], off)
    for r in ALL:
        add("jmp %s" % R64[r], "x_jmp_r", [XR[r]])
        add("call %s" % R64[r], "x_call_r", [XR[r]])
        add("push %s" % R64[r], "x_push", [XR[r]])
        add("pop %s" % R64[r], "x_pop", [XR[r]])
    for m in mems_full():
        add("jmp qword ptr %s" % m.asm(), "x_jmp_m", [], 0, m)
        add("call qword ptr %s" % m.asm(), "x_call_m", [], 0, m)
    add("ret", "x_ret")
    add("ud2", "x_ud2")
    add("int3", "x_int3")
    for n in range(1, 16):
        add(".nops %d" % n, "x_nop", [], n)


def xpairs():
    s = set()
    for a in ALL:
        for c in (0, 7, 8, 15):
            s.add((a, c))
            s.add((c, a))
    return sorted(s)


def gen_sse():
    for fi, (mn, xf) in enumerate(FOPS):
        for d in (True, False):
            sfx = "sd" if d else "ss"
            for a, c in (xpairs() if fi == 0 else pairs_small()[fi % 4::4]):
                add("%s%s xmm%d, xmm%d" % (mn, sfx, a, c), "x_sse_op", [xf, B(d), str(a), str(c)])
    for d in (True, False):
        sd = "d" if d else "s"
        for a, c in pairs_small():
            add("ucomis%s xmm%d, xmm%d" % (sd, a, c), "x_sse_ucomi", [B(d), str(a), str(c)])
            add("vfmadd231s%s xmm%d, xmm%d, xmm%d" % (sd, a, c, (a + c) % 16), "x_vfmadd231",
                [B(d), str(a), str(c), str((a + c) % 16)])
            add("vfmadd231s%s xmm%d, xmm%d, xmm%d" % (sd, c, (a * 3) % 16, a), "x_vfmadd231",
                [B(d), str(c), str((a * 3) % 16), str(a)])
        for k, m in enumerate(mems_full() if d else mems_small()):
            x = (k * 7) % 16
            p = PTR[8 if d else 4]
            add("movs%s xmm%d, %s %s" % (sd, x, p, m.asm()), "x_sse_load", [B(d), str(x)], 0, m)
            add("movs%s %s %s, xmm%d" % (sd, p, m.asm(), x), "x_sse_store", [B(d), str(x)], 0, m)
    for x, r in xpairs():
        add("movq xmm%d, %s" % (x, R64[r]), "x_movq_xr", [str(x), XR[r]])
        add("movq %s, xmm%d" % (R64[r], x), "x_movq_rx", [XR[r], str(x)])
        add("movd xmm%d, %s" % (x, R32[r]), "x_movd_xr", [str(x), XR[r]])
        add("movd %s, xmm%d" % (R32[r], x), "x_movd_rx", [XR[r], str(x)])


def gen_sse_extra():
    for fi, (mn, xf) in enumerate(FOPS):
        for d in (True, False):
            sd = "d" if d else "s"
            for k, m in enumerate(mems_small() if fi == 0 and d else mems_small()[fi::3]):
                x = (k * 5 + fi) % 16
                add("%ss%s xmm%d, %s %s" % (mn, sd, x, PTR[8 if d else 4], m.asm()), "x_sse_op_m",
                    [xf, B(d), str(x)], 0, m)
    for a, c in xpairs():
        add("movaps xmm%d, xmm%d" % (a, c), "x_sse_mov_rr", [str(a), str(c)])
    for d in (True, False):
        sd = "d" if d else "s"
        for a, c in pairs_small():
            add("comis%s xmm%d, xmm%d" % (sd, a, c), "x_sse_comi", [B(d), str(a), str(c)])
            add("cvts%s2s%s xmm%d, xmm%d" % (sd, "s" if d else "d", a, c), "x_cvts2s", [B(d), str(a), str(c)])
            for pred in range(8):
                if (a + pred) % 4 == 0:
                    add("cmps%s xmm%d, xmm%d, %d" % (sd, a, c, pred), "x_sse_cmp",
                        [B(d), str(pred), str(a), str(c)])
            for mode in (0, 1, 2, 3, 4, 8, 12):
                if (a + mode) % 3 == 0:
                    add("rounds%s xmm%d, xmm%d, %d" % (sd, a, c, mode), "x_sse_round",
                        [B(d), str(a), str(c), str(mode)])
            for lop in ("and", "andn", "or", "xor"):
                add("%sp%s xmm%d, xmm%d" % (lop, sd, a, c), "x_sse_logic",
                    ["XL_" + lop.upper(), B(d), str(a), str(c)])
            for fma in ("madd", "msub", "nmadd", "nmsub"):
                v = (a * 7 + c) % 16
                add("vf%s231s%s xmm%d, xmm%d, xmm%d" % (fma, sd, a, v, c), "x_vfma231",
                    ["XFMA_" + fma.upper(), B(d), str(a), str(v), str(c)])
            for w in (True, False):
                add("cvtsi2s%s xmm%d, %s" % (sd, a, reg(c, w)), "x_cvtsi2s", [B(d), B(w), str(a), XR[c]])
                add("cvtts%s2si %s, xmm%d" % (sd, reg(a, w), c), "x_cvtts2si", [B(d), B(w), XR[a], str(c)])
                add("cvts%s2si %s, xmm%d" % (sd, reg(a, w), c), "x_cvts2si", [B(d), B(w), XR[a], str(c)])
    for m in mems_small():
        add("ldmxcsr dword ptr %s" % m.asm(), "x_ldmxcsr", [], 0, m)
        add("stmxcsr dword ptr %s" % m.asm(), "x_stmxcsr", [], 0, m)
    for w in (True, False):
        for d, s in pairs_small():
            v = (d * 3 + s) % 16
            add("andn %s, %s, %s" % (reg(d, w), reg(v, w), reg(s, w)), "x_andn", [B(w), XR[d], XR[v], XR[s]])
            for name, op in (("shlx", "XS_SHL"), ("shrx", "XS_SHR"), ("sarx", "XS_SAR")):
                add("%s %s, %s, %s" % (name, reg(d, w), reg(s, w), reg(v, w)), "x_shiftx",
                    [op, B(w), XR[d], XR[s], XR[v]])
    for i, m in enumerate(mems_small()):
        for w in (True, False):
            d, v = (i * 5 + 3) % 16, (i * 7 + 9) % 16
            name, op = (("shlx", "XS_SHL"), ("shrx", "XS_SHR"), ("sarx", "XS_SAR"))[i % 3]
            add("%s %s, %s ptr %s, %s" % (name, reg(d, w), "qword" if w else "dword", m.asm(),
                                         reg(v, w)), "x_shiftx_m", [op, B(w), XR[d], XR[v]], 0, m)
    add("pause", "x_pause")


def gen_simd():
    """x_simd_rr / x_simd_rm (packed SSE and VEX forms for codegen-vec.c): legacy two-operand,
    VEX.128/256 three-operand (C5 and C4 forms, high registers), /digit immediates, GPR
    operands, W1 forms, memory operands of every ModRM path."""
    def xs(pp, mp, op, w=0):
        return "XSIMD(%d,%d,0x%x,%d)" % (pp, mp, op, w)
    rr3 = [("paddd", xs(1, 1, 0xfe)), ("psubq", xs(1, 1, 0xfb)), ("pmullw", xs(1, 1, 0xd5)),
           ("pmulld", xs(1, 2, 0x40)), ("pminsd", xs(1, 2, 0x39)), ("pxor", xs(1, 1, 0xef)),
           ("pmuludq", xs(1, 1, 0xf4)), ("addpd", xs(1, 1, 0x58)), ("mulps", xs(0, 1, 0x59)),
           ("punpcklqdq", xs(1, 1, 0x6c)), ("psllq", xs(1, 1, 0xf3))]
    regs = [(0, 1, 2), (3, 7, 5), (8, 1, 2), (1, 9, 2), (2, 3, 10), (15, 14, 13)]
    for k, (mn, opc) in enumerate(rr3):
        for d, v, c in regs:
            add("%s xmm%d, xmm%d" % (mn, d, c), "x_simd_rr", [opc, "0", str(d), "0", str(c)], -1)
            add("v%s xmm%d, xmm%d, xmm%d" % (mn, d, v, c), "x_simd_rr", [opc, "128", str(d), str(v), str(c)], -1)
            if mn != "psllq":
                add("v%s ymm%d, ymm%d, ymm%d" % (mn, d, v, c), "x_simd_rr", [opc, "256", str(d), str(v), str(c)], -1)
    for d, v, c in regs:
        add("psrlq xmm%d, 32" % d, "x_simd_rr", [xs(1, 1, 0x73), "0", "2", "0", str(d)], 32)
        add("vpsllw ymm%d, ymm%d, 8" % (v, c), "x_simd_rr", [xs(1, 1, 0x71), "256", "6", str(v), str(c)], 8)
        add("pshufd xmm%d, xmm%d, 0x4e" % (d, c), "x_simd_rr", [xs(1, 1, 0x70), "0", str(d), "0", str(c)], 0x4e)
        add("vpbroadcastq ymm%d, xmm%d" % (d, c), "x_simd_rr", [xs(1, 2, 0x59), "256", str(d), "0", str(c)], -1)
        add("vextracti128 xmm%d, ymm%d, 1" % (c, d), "x_simd_rr", [xs(1, 3, 0x39), "256", str(d), "0", str(c)], 1)
        add("vfmadd231pd ymm%d, ymm%d, ymm%d" % (d, v, c), "x_simd_rr", [xs(1, 2, 0xb8, 1), "256", str(d), str(v), str(c)], -1)
        add("vfnmadd213ps xmm%d, xmm%d, xmm%d" % (d, v, c), "x_simd_rr", [xs(1, 2, 0xac, 0), "128", str(d), str(v), str(c)], -1)
        add("vpsllvq ymm%d, ymm%d, ymm%d" % (d, v, c), "x_simd_rr", [xs(1, 2, 0x47, 1), "256", str(d), str(v), str(c)], -1)
        add("cmppd xmm%d, xmm%d, 3" % (d, c), "x_simd_rr", [xs(1, 1, 0xc2), "0", str(d), "0", str(c)], 3)
        add("vpmovmskb %s, ymm%d" % (R32[d], c), "x_simd_rr", [xs(1, 1, 0xd7), "256", str(d), "0", str(c)], -1)
        add("pmovmskb %s, xmm%d" % (R32[d], c), "x_simd_rr", [xs(1, 1, 0xd7), "0", str(d), "0", str(c)], -1)
    for i, m in enumerate(mems_small()):
        x = (i * 5) % 16
        add("movdqu xmm%d, xmmword ptr %s" % (x, m.asm()), "x_simd_rm", [xs(2, 1, 0x6f), "0", str(x), "0"], -1, m)
        add("vmovdqu ymm%d, ymmword ptr %s" % (x, m.asm()), "x_simd_rm", [xs(2, 1, 0x6f), "256", str(x), "0"], -1, m)
        add("movdqu xmmword ptr %s, xmm%d" % (m.asm(), x), "x_simd_rm", [xs(2, 1, 0x7f), "0", str(x), "0"], -1, m)
        add("vmovdqu ymmword ptr %s, ymm%d" % (m.asm(), x), "x_simd_rm", [xs(2, 1, 0x7f), "256", str(x), "0"], -1, m)
        add("movq xmm%d, qword ptr %s" % (x, m.asm()), "x_simd_rm", [xs(2, 1, 0x7e), "0", str(x), "0"], -1, m)
        add("vmovq qword ptr %s, xmm%d" % (m.asm(), x), "x_simd_rm", [xs(1, 1, 0xd6), "128", str(x), "0"], -1, m)
        add("vpaddq ymm%d, ymm%d, ymmword ptr %s" % (x, 15 - x, m.asm()), "x_simd_rm", [xs(1, 1, 0xd4), "256", str(x), str(15 - x)], -1, m)
    add("vzeroupper", "x_vzeroupper")


def assemble(cs):
    with tempfile.TemporaryDirectory() as td:
        src = os.path.join(td, "c.s")
        obj = os.path.join(td, "c.o")
        binf = os.path.join(td, "c.bin")
        with open(src, "w") as f:
            f.write(".intel_syntax noprefix\n.text\n")
            for i, c in enumerate(cs):
                f.write("case_%d:\n\t%s\n" % (i, c[0]))
            f.write("case_end:\n")
        subprocess.run(["as", "--64", "-o", obj, src], check=True)
        subprocess.run(["objcopy", "-O", "binary", "-j", ".text", obj, binf], check=True)
        data = open(binf, "rb").read()
        offs = {}
        for line in subprocess.run(["nm", obj], check=True, capture_output=True,
                                   text=True).stdout.splitlines():
            v, _, name = line.split()
            offs[name] = int(v, 16)
        res = []
        for i in range(len(cs)):
            lo = offs["case_%d" % i]
            hi = offs["case_%d" % (i + 1)] if i + 1 < len(cs) else offs["case_end"]
            res.append(data[lo:hi])
        return res


def main():
    gen_int()
    gen_atomic()
    gen_control()
    gen_sse()
    gen_sse_extra()
    gen_simd()
    # Keep cases grouped by function so the test prints one PASS line per group.
    order = []
    for c in cases:
        if c[1] not in order:
            order.append(c[1])
    cs = sorted(cases, key=lambda c: order.index(c[1]))
    got = assemble(cs)
    lines = ["/* Generated by tests/unit/x86-cases.py from GNU as output: do not edit.",
             " * Row: { asm, function, small args, imm, mem, length, bytes }. %d cases. */"
             % len(cs)]
    for (a, fn, args, imm, m), bs in zip(cs, got):
        if not 0 < len(bs) <= 16:
            sys.exit("bad length %d for %s" % (len(bs), a))
        hexs = "".join("\\x%02x" % x for x in bs)
        argv = "{" + ",".join(args) + "}" if args else "{0}"
        immc = "%d" % imm if -(1 << 63) <= imm < (1 << 63) else "(int64_t)0x%xull" % imm
        if imm == -(1 << 63) or imm >= (1 << 63):
            immc = "(int64_t)0x%xull" % (imm & ((1 << 64) - 1))
        elif imm >= (1 << 31) or imm < -(1 << 31):
            immc = "%dll" % imm
        lines.append('{"%s", FN_%s, %s, %s, %s, %d, "%s"},'
                     % (a, fn, argv, immc, m.c() if m else NOMEM, len(bs), hexs))
    text = "\n".join(lines) + "\n"
    if "--check" in sys.argv:
        old = open(OUT).read() if os.path.exists(OUT) else ""
        print("up to date" if old == text else "STALE: rerun without --check")
        sys.exit(0 if old == text else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print("wrote %d cases in %d groups to %s" % (len(cs), len(order), OUT))


if __name__ == "__main__":
    main()
