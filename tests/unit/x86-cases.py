#!/usr/bin/env python3
"""
Generator of the byte-exact x86-64 encoder test table (tests/unit/x86-encoder-cases.inc).

Job: for every encoder function in host/x86_64/x86-emit.h, list operand combinations that hit
the tricky encodings (REX.R/X/B, rsp/r12 SIB, rbp/r13 disp8 0, disp 0/8/32, scales, rip,
spl/bpl/sil/dil, imm8/imm32, movabs, shift by 1, all condition codes ...), write the same
instruction as GNU as Intel syntax, assemble all of it in one file and record the bytes as the
expected output of the C call. The generated table is committed so `make check` needs neither
python nor binutils; the test program (test-x86-encoder.c) replays it.

Regenerate (needs python3 and binutils `as`/`nm`/`objcopy` for x86-64), from the repo root:
    python3 tests/unit/x86-cases.py            # rewrites tests/unit/x86-encoder-cases.inc
    python3 tests/unit/x86-cases.py --check    # only reports whether the .inc is up to date

Each case is (group, asm text, C call). The C call is an expression using `b` (XBuf *) that
appends one instruction at b->p; `T(off)` means the address off bytes from the instruction
start, which is what `.+off` means to gas. One label per case delimits its bytes.
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
IMMS_SHORT = [0, 1, -1, 127, 128, -128, -129, 0x12345678, -0x80000000]


def B(w64):
    return "true" if w64 else "false"


def reg(i, w64):
    return R64[i] if w64 else R32[i]


def pairs():
    """Register pairs covering each register in both operand slots against extended and
    special partners, plus the diagonal."""
    s = set()
    for a in ALL:
        for c in (0, 4, 5, 8, 12, 13, 15):
            s.add((a, c))
            s.add((c, a))
        s.add((a, a))
    return sorted(s)


def pairs_small():
    s = set()
    for a in ALL:
        for c in (0, 5, 12):
            s.add((a, c))
            s.add((c, a))
    return sorted(s)


# Memory operands: (asm text, C expression).
def mem(base, index=None, scale=1, disp=0, rip=False):
    if rip:
        return ("[rip%+d]" % disp, "xrip(%d)" % disp)
    parts = []
    if base is not None:
        parts.append(R64[base])
    if index is not None:
        parts.append("%s*%d" % (R64[index], scale))
    txt = "+".join(parts)
    if disp or not parts:
        txt += "%+d" % disp if parts else "%d" % disp
    cb = XR[base] if base is not None else "X_NOREG"
    if index is None:
        c = "xm(%s, %d)" % (cb, disp) if base is not None else \
            "xmi(X_NOREG, X_NOREG, 1, %d)" % disp
    else:
        c = "xmi(%s, %s, %d, %d)" % (cb, XR[index], scale, disp)
    return ("[" + txt + "]", c)


def mems_full():
    """Every base with disp 0/8/32, every index and scale, no-base, absolute and rip."""
    out = []
    for bse in ALL:
        for d in (0, 8, -128, 127, 128, -129, 0x12345678, -0x80000000):
            out.append(mem(bse, disp=d))
    for idx in ALL:
        if idx == 4:
            continue
        for sc in (1, 2, 4, 8):
            for bse, d in ((0, 0), (5, 0), (13, 0), (4, 16), (12, -8), (idx, 0x1000)):
                out.append(mem(bse, idx, sc, d))
    for idx in (0, 5, 8, 13, 15):
        for sc in (1, 2, 4, 8):
            out.append(mem(None, idx, sc, 0x40))
    out.append(mem(None, 2, 8, 0))
    out.append(mem(None, 2, 1, -4))
    out.append(mem(None, disp=0x1234))
    for d in (0, 0x10, -0x100, 0x7fffffff):
        out.append(mem(None, rip=True, disp=d))
    return out


def mems_small():
    """A handful of operands exercising each ModRM/SIB path once."""
    return [mem(0), mem(4), mem(5), mem(12), mem(13), mem(15, disp=8), mem(3, disp=-0x200),
            mem(9, 14, 8, 0x10), mem(5, 13, 2), mem(None, 11, 4, -8), mem(None, rip=True, disp=0x40)]


cases = []  # (group, asm, c)


def add(group, asm, c):
    cases.append((group, asm, c))


def gen_int():
    for oi, op in enumerate(ALU):
        for w in (True, False):
            for d, s in (pairs() if op in ("add", "cmp") else pairs_small()):
                add("x_alu_rr", "%s %s, %s" % (op, reg(d, w), reg(s, w)),
                    "x_alu_rr(b, %s, %s, %s, %s)" % (XA[oi], B(w), XR[d], XR[s]))
            for d in ALL:
                for imm in (IMMS if d in (0, 1, 8) else IMMS_SHORT):
                    add("x_alu_ri", "%s %s, %d" % (op, reg(d, w), imm),
                        "x_alu_ri(b, %s, %s, %s, %d)" % (XA[oi], B(w), XR[d], imm))
            ms = mems_full() if op in ("add", "cmp") else mems_small()
            for k, (ma, mc) in enumerate(ms):
                r = (k * 5 + oi) % 16
                sz = 8 if w else 4
                add("x_alu_rm", "%s %s, %s %s" % (op, reg(r, w), PTR[sz], ma),
                    "x_alu_rm(b, %s, %s, %s, %s)" % (XA[oi], B(w), XR[r], mc))
                add("x_alu_mr", "%s %s %s, %s" % (op, PTR[sz], ma, reg(r, w)),
                    "x_alu_mr(b, %s, %s, %s, %s)" % (XA[oi], B(w), mc, XR[r]))
                imm = IMMS[k % len(IMMS)]
                add("x_alu_mi", "%s %s %s, %d" % (op, PTR[sz], ma, imm),
                    "x_alu_mi(b, %s, %s, %s, %d)" % (XA[oi], B(w), mc, imm))
            for r in ALL:
                ma, mc = mem(r, disp=0x10)
                sz = 8 if w else 4
                add("x_alu_rm", "%s %s, %s %s" % (op, reg(r, w), PTR[sz], ma),
                    "x_alu_rm(b, %s, %s, %s, %s)" % (XA[oi], B(w), XR[r], mc))

    for w in (True, False):
        for d, s in pairs():
            add("x_mov_rr", "mov %s, %s" % (reg(d, w), reg(s, w)),
                "x_mov_rr(b, %s, %s, %s)" % (B(w), XR[d], XR[s]))
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
            add("x_mov_ri", a, "x_mov_ri(b, %s, 0x%xull)" % (XR[d], v))

    loads = {(1, False): ("movzx", R32, 1), (1, True): ("movsx", R64, 1),
             (2, False): ("movzx", R32, 2), (2, True): ("movsx", R64, 2),
             (4, False): ("mov", R32, 4), (4, True): ("movsxd", R64, 4),
             (8, False): ("mov", R64, 8), (8, True): ("mov", R64, 8)}
    for (sz, sg), (mn, regs, psz) in loads.items():
        for k, (ma, mc) in enumerate(mems_full()):
            r = (k * 3 + sz) % 16
            add("x_load", "%s %s, %s %s" % (mn, regs[r], PTR[psz], ma),
                "x_load(b, %d, %s, %s, %s)" % (sz, B(sg), XR[r], mc))
        for r in ALL:
            for ma, mc in (mem(r), mem(15 - r, disp=-8)):
                add("x_load", "%s %s, %s %s" % (mn, regs[r], PTR[psz], ma),
                    "x_load(b, %d, %s, %s, %s)" % (sz, B(sg), XR[r], mc))

    for sz in (1, 2, 4, 8):
        for k, (ma, mc) in enumerate(mems_full()):
            r = (k * 7 + sz) % 16
            add("x_store", "mov %s %s, %s" % (PTR[sz], ma, RSZ[sz][r]),
                "x_store(b, %d, %s, %s)" % (sz, XR[r], mc))
        for r in ALL:
            for ma, mc in (mem(r), mem(3), mem(12, 13, 2, 0x100)):
                add("x_store", "mov %s %s, %s" % (PTR[sz], ma, RSZ[sz][r]),
                    "x_store(b, %d, %s, %s)" % (sz, XR[r], mc))
        imms = {1: [0, 1, -1, 127, -128, 255],
                2: [0, 1, -1, 127, 128, -0x8000, 0x7fff, 0xffff],
                4: IMMS, 8: IMMS}[sz]
        for k, (ma, mc) in enumerate(mems_small() + [mem(None, rip=True, disp=-4)]):
            for imm in imms:
                add("x_store_imm", "mov %s %s, %d" % (PTR[sz], ma, imm),
                    "x_store_imm(b, %d, %s, %d)" % (sz, mc, imm))

    for w in (True, False):
        for k, (ma, mc) in enumerate(mems_full()):
            r = (k * 11) % 16
            add("x_lea", "lea %s, %s" % (reg(r, w), ma),
                "x_lea(b, %s, %s, %s)" % (B(w), XR[r], mc))

    for mn, xs in SHIFTS:
        for w in (True, False):
            for d in ALL:
                for imm in (0, 1, 2, 7, 31) + ((32, 63) if w else ()):
                    add("x_shift_ri", "%s %s, %d" % (mn, reg(d, w), imm),
                        "x_shift_ri(b, %s, %s, %s, %d)" % (xs, B(w), XR[d], imm))
                add("x_shift_rcl", "%s %s, cl" % (mn, reg(d, w)),
                    "x_shift_rcl(b, %s, %s, %s)" % (xs, B(w), XR[d]))

    for mn, xu in UNARY:
        for w in (True, False):
            for d in ALL:
                add("x_unary", "%s %s" % (mn, reg(d, w)),
                    "x_unary(b, %s, %s, %s)" % (xu, B(w), XR[d]))

    for w in (True, False):
        for d, s in pairs():
            add("x_imul_rr", "imul %s, %s" % (reg(d, w), reg(s, w)),
                "x_imul_rr(b, %s, %s, %s)" % (B(w), XR[d], XR[s]))
        for k, (d, s) in enumerate(pairs_small()):
            for imm in (IMMS[k % len(IMMS)], IMMS[(k + 7) % len(IMMS)]):
                add("x_imul_rri", "imul %s, %s, %d" % (reg(d, w), reg(s, w), imm),
                    "x_imul_rri(b, %s, %s, %s, %d)" % (B(w), XR[d], XR[s], imm))
    add("x_cqo", "cqo", "x_cqo(b)")
    add("x_cdq", "cdq", "x_cdq(b)")

    for d, s in pairs():
        add("x_movsx", "movsx %s, %s" % (R64[d], R8[s]), "x_movsx(b, 1, %s, %s)" % (XR[d], XR[s]))
        add("x_movsx", "movsx %s, %s" % (R64[d], R16[s]), "x_movsx(b, 2, %s, %s)" % (XR[d], XR[s]))
        add("x_movsx", "movsxd %s, %s" % (R64[d], R32[s]), "x_movsx(b, 4, %s, %s)" % (XR[d], XR[s]))
        add("x_movzx", "movzx %s, %s" % (R32[d], R8[s]), "x_movzx(b, 1, %s, %s)" % (XR[d], XR[s]))
        add("x_movzx", "movzx %s, %s" % (R32[d], R16[s]), "x_movzx(b, 2, %s, %s)" % (XR[d], XR[s]))
        add("x_movzx", "mov %s, %s" % (R32[d], R32[s]), "x_movzx(b, 4, %s, %s)" % (XR[d], XR[s]))

    for w in (True, False):
        for a, c in pairs():
            add("x_test_rr", "test %s, %s" % (reg(a, w), reg(c, w)),
                "x_test_rr(b, %s, %s, %s)" % (B(w), XR[a], XR[c]))
        for a in ALL:
            for imm in IMMS_SHORT:
                add("x_test_ri", "test %s, %d" % (reg(a, w), imm),
                    "x_test_ri(b, %s, %s, %d)" % (B(w), XR[a], imm))

    for ci, cc in enumerate(CONDS):
        for d in ALL:
            add("x_setcc", "set%s %s" % (cc, R8[d]), "x_setcc(b, %s, %s)" % (XC[ci], XR[d]))
        for w in (True, False):
            for d, s in pairs_small():
                add("x_cmov", "cmov%s %s, %s" % (cc, reg(d, w), reg(s, w)),
                    "x_cmov(b, %s, %s, %s, %s)" % (XC[ci], B(w), XR[d], XR[s]))

    for w in (True, False):
        for d in ALL:
            add("x_bswap", "bswap %s" % reg(d, w), "x_bswap(b, %s, %s)" % (B(w), XR[d]))
        for a, c in pairs():
            add("x_xchg_rr", "xchg %s, %s" % (reg(a, w), reg(c, w)),
                "x_xchg_rr(b, %s, %s, %s)" % (B(w), XR[a], XR[c]))
        for fn in ("lzcnt", "tzcnt", "popcnt"):
            for d, s in pairs():
                add("x_" + fn, "%s %s, %s" % (fn, reg(d, w), reg(s, w)),
                    "x_%s(b, %s, %s, %s)" % (fn, B(w), XR[d], XR[s]))


def gen_atomic():
    for sz in (1, 2, 4, 8):
        ms = mems_full()
        for k, (ma, mc) in enumerate(ms):
            r = (k * 5 + sz) % 16
            rn = RSZ[sz][r]
            add("x_lock_xadd", "lock xadd %s %s, %s" % (PTR[sz], ma, rn),
                "x_lock_xadd(b, %d, %s, %s)" % (sz, mc, XR[r]))
            add("x_lock_cmpxchg", "lock cmpxchg %s %s, %s" % (PTR[sz], ma, rn),
                "x_lock_cmpxchg(b, %d, %s, %s)" % (sz, mc, XR[r]))
            add("x_xchg_mr", "xchg %s %s, %s" % (PTR[sz], ma, rn),
                "x_xchg_mr(b, %d, %s, %s)" % (sz, mc, XR[r]))
        for r in ALL:
            ma, mc = mem(7)
            rn = RSZ[sz][r]
            for oi, op in enumerate(ALU[:7]):       # lock cmp is not lockable
                add("x_lock_alu_mr", "lock %s %s %s, %s" % (op, PTR[sz], ma, rn),
                    "x_lock_alu_mr(b, %s, %d, %s, %s)" % (XA[oi], sz, mc, XR[r]))
        for k, (ma, mc) in enumerate(mems_small()):
            r = (k * 3) % 16
            rn = RSZ[sz][r]
            for oi, op in enumerate(ALU[:7]):
                add("x_lock_alu_mr", "lock %s %s %s, %s" % (op, PTR[sz], ma, rn),
                    "x_lock_alu_mr(b, %s, %d, %s, %s)" % (XA[oi], sz, mc, XR[r]))
    add("x_mfence", "mfence", "x_mfence(b)")


def gen_control():
    far = (0x1000, 0x12345, -0x1000, -0x7ffffff0, 0x7ffffff0, 130, -127)
    for off in far:
        add("x_jmp", "jmp .%+d" % off, "x_jmp(b, T(%d))" % off)
        add("x_call", "call .%+d" % off, "x_call(b, T(%d))" % off)
        for ci, cc in enumerate(CONDS):
            add("x_jcc", "j%s .%+d" % (cc, off), "x_jcc(b, %s, T(%d))" % (XC[ci], off))
    for off in (2, 0, 129, -126, 0x40, -0x40):
        add("x_jmp8", "jmp .%+d" % off, "t_jmp8(b, %d)" % off)
        for ci, cc in enumerate(CONDS):
            add("x_jcc8", "j%s .%+d" % (cc, off), "t_jcc8(b, %s, %d)" % (XC[ci], off))
    for off in (0x1000, -0x2000):
        add("x_patch_rel32", "jmp .%+d" % off, "t_jmp_patch(b, %d)" % off)
        add("x_patch_rel32", "call .%+d" % off, "t_call_patch(b, %d)" % off)
    for r in ALL:
        add("x_jmp_r", "jmp %s" % R64[r], "x_jmp_r(b, %s)" % XR[r])
        add("x_call_r", "call %s" % R64[r], "x_call_r(b, %s)" % XR[r])
        add("x_push", "push %s" % R64[r], "x_push(b, %s)" % XR[r])
        add("x_pop", "pop %s" % R64[r], "x_pop(b, %s)" % XR[r])
    for ma, mc in mems_full():
        add("x_jmp_m", "jmp qword ptr %s" % ma, "x_jmp_m(b, %s)" % mc)
        add("x_call_m", "call qword ptr %s" % ma, "x_call_m(b, %s)" % mc)
    add("x_ret", "ret", "x_ret(b)")
    add("x_ud2", "ud2", "x_ud2(b)")
    add("x_int3", "int3", "x_int3(b)")
    for n in range(1, 16):
        add("x_nop", ".nops %d" % n, "x_nop(b, %d)" % n)


def xpairs():
    s = set()
    for a in ALL:
        for c in (0, 7, 8, 15):
            s.add((a, c))
            s.add((c, a))
    return sorted(s)


def gen_sse():
    for mn, xf in FOPS:
        for d in (True, False):
            sfx = "sd" if d else "ss"
            for a, c in xpairs():
                add("x_sse_op", "%s%s xmm%d, xmm%d" % (mn, sfx, a, c),
                    "x_sse_op(b, %s, %s, %d, %d)" % (xf, B(d), a, c))
    for d in (True, False):
        for a, c in xpairs():
            add("x_sse_ucomi", "ucomis%s xmm%d, xmm%d" % ("d" if d else "s", a, c),
                "x_sse_ucomi(b, %s, %d, %d)" % (B(d), a, c))
            add("x_vfmadd231", "vfmadd231%s xmm%d, xmm%d, xmm%d" % ("sd" if d else "ss", a, c, (a + c) % 16),
                "x_vfmadd231(b, %s, %d, %d, %d)" % (B(d), a, c, (a + c) % 16))
            add("x_vfmadd231", "vfmadd231%s xmm%d, xmm%d, xmm%d" % ("sd" if d else "ss", c, (a * 3) % 16, a),
                "x_vfmadd231(b, %s, %d, %d, %d)" % (B(d), c, (a * 3) % 16, a))
        for k, (ma, mc) in enumerate(mems_full()):
            x = (k * 7) % 16
            p = PTR[8 if d else 4]
            add("x_sse_load", "movs%s xmm%d, %s %s" % ("d" if d else "s", x, p, ma),
                "x_sse_load(b, %s, %d, %s)" % (B(d), x, mc))
            add("x_sse_store", "movs%s %s %s, xmm%d" % ("d" if d else "s", p, ma, x),
                "x_sse_store(b, %s, %s, %d)" % (B(d), mc, x))
    for x, r in xpairs():
        add("x_movq_xr", "movq xmm%d, %s" % (x, R64[r]), "x_movq_xr(b, %d, %s)" % (x, XR[r]))
        add("x_movq_rx", "movq %s, xmm%d" % (R64[r], x), "x_movq_rx(b, %s, %d)" % (XR[r], x))
        add("x_movd_xr", "movd xmm%d, %s" % (x, R32[r]), "x_movd_xr(b, %d, %s)" % (x, XR[r]))
        add("x_movd_rx", "movd %s, xmm%d" % (R32[r], x), "x_movd_rx(b, %s, %d)" % (XR[r], x))


def assemble(cs):
    with tempfile.TemporaryDirectory() as td:
        src = os.path.join(td, "c.s")
        obj = os.path.join(td, "c.o")
        binf = os.path.join(td, "c.bin")
        with open(src, "w") as f:
            f.write(".intel_syntax noprefix\n.text\n")
            for i, (_, a, _) in enumerate(cs):
                f.write("case_%d:\n\t%s\n" % (i, a))
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
    # Cases must stay grouped by function so the test prints one PASS line per group.
    order = []
    for g, _, _ in cases:
        if g not in order:
            order.append(g)
    cs = sorted(cases, key=lambda c: order.index(c[0]))
    got = assemble(cs)
    lines = ["/* Generated by tests/unit/x86-cases.py from GNU as output: do not edit.",
             " * Each entry: C(group, \"assembly\", call, \"expected bytes\"). %d cases. */"
             % len(cs)]
    for (g, a, c), bs in zip(cs, got):
        if not 0 < len(bs) <= 16:
            sys.exit("bad length %d for %s" % (len(bs), a))
        hexs = "".join("\\x%02x" % x for x in bs)
        lines.append('C(%s, "%s", %s, "%s")' % (g, a.replace('"', '\\"'), c, hexs))
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
