#!/usr/bin/env python3
"""Random differential tester: program generator and dump comparer.

  gen.py gen SEED COUNT [zb|zfk]  writes to stdout a RISC-V assembly program of COUNT random
                             RV64IMAC instructions (deterministic in SEED); with "zb", also
                             Zba/Zbb/Zbs/Zbc/Zbkb/Zbkc/Zbkx ones (assemble with those in
                             -march; qemu-riscv64 7.2 needs them in -cpu); with "zfk", also
                             Zfh half-precision ones (random f registers and frm first; the
                             f registers and fcsr are dumped after the 4096 bytes) and
                             Zkne/Zknd/Zknh/Zksh/Zksed ones (qemu 7.2 has these; Zicond, Zfa,
                             Zcb, Zacas, Zimop it lacks: tests/isa-ext covers those)
  gen.py gen-sys SEED COUNT [v[:PARTS]]  the same kind of body (with v: vector code too) as a bare-metal program for the system
                             suite's runtime (tests/system/lib): run in S or U mode with paging
                             on (Sv39/48/57, the data page at a VA that is not its PA, S code
                             perhaps from a high-half alias), maybe under a periodic M timer
                             interrupt; M prints the dump (hex) through the UART afterwards
  gen.py gen SEED COUNT v[:mem,int,fp]  also random vector code (tests/fuzz/genv.py; -march
                             rv64gcv, -cpu rv64,v=true,vlen=128 for both emulators)
  gen.py diff A B            explains how two output dumps differ

Generated program invariants: x3 (gp) holds BASE = the scratch buffer + 2048 and is never
written; memory operands are BASE-relative, in bounds (some deliberately misaligned, AMO/LR/SC
naturally aligned); branches and jumps only go forward, so the program always terminates; no
system instruction appears in the body. At the end all 32 register slots (x0..x31, x3 = BASE)
are stored to the 256-byte dump area just below the scratch bytes, and dump+scratch (4096
bytes) is written to stdout, then the program exits 0. Data addresses are fixed (static,
non-PIE, no relaxation), so two correct emulators produce byte-identical output.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genv  # noqa: E402  (the vector part: gen ... v)

DUMP = 256          # register dump bytes, right below the scratch bytes
TOTAL = 4096        # dump + scratch, written to stdout
MEM_LO = -2048 + DUMP   # lowest BASE offset random accesses may touch
MEM_HI = 2047           # highest

EDGE = [0, 1, 2, 3, 5, 7, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff,
        0x8000000000000000, 0xffffffffffffffff, 0xfffffffffffffffe, 0xffffffff80000000,
        0xffffffff7fffffff, 0x123456789abcdef0]

R_OPS = ["add", "sub", "sll", "srl", "sra", "slt", "sltu", "xor", "or", "and",
         "addw", "subw", "sllw", "srlw", "sraw",
         "mul", "mulh", "mulhsu", "mulhu", "mulw",
         "div", "divu", "rem", "remu", "divw", "divuw", "remw", "remuw"]
I_OPS = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]
SH_OPS = [("slli", 63), ("srli", 63), ("srai", 63), ("slliw", 31), ("srliw", 31), ("sraiw", 31)]
LOADS = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
AMOS = ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu",
        "amomaxu"]
# Bit manipulation (gen ... zb). ctzw is left out: qemu-riscv64 7.2 gets it wrong for inputs with
# bit 63 set and the low 32 bits zero (tests/isa-ext covers it against the expected values).
ZB_RR = ["sh1add", "sh2add", "sh3add", "add.uw", "sh1add.uw", "sh2add.uw", "sh3add.uw",
         "andn", "orn", "xnor", "max", "maxu", "min", "minu", "rol", "ror", "rolw", "rorw",
         "bclr", "bext", "binv", "bset", "clmul", "clmulh", "clmulr", "pack", "packh", "packw",
         "xperm4", "xperm8"]
ZB_R1 = ["clz", "ctz", "cpop", "clzw", "cpopw", "sext.b", "sext.h", "zext.h", "orc.b", "rev8",
         "brev8"]
ZB_SH = [("slli.uw", 63), ("rori", 63), ("roriw", 31), ("bclri", 63), ("bexti", 63),
         ("binvi", 63), ("bseti", 63)]
# Zfh (gen ... zfk). Operands: f registers hold random NaN-boxed halves, singles, doubles and
# badly boxed values (read as the canonical NaN); RM_ALL includes "" = the default (dyn).
EDGE_H = [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0x7dff,
          0x0001, 0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x3555, 0x4000, 0x5640, 0x7800, 0xc500]
RM_ALL = ["", "rne", "rtz", "rdn", "rup", "rmm", "dyn"]
FH_RR_RM = ["fadd.h", "fsub.h", "fmul.h", "fdiv.h"]
FH_RR = ["fsgnj.h", "fsgnjn.h", "fsgnjx.h", "fmin.h", "fmax.h"]
FH_R4 = ["fmadd.h", "fmsub.h", "fnmsub.h", "fnmadd.h"]
FH_CMP = ["feq.h", "flt.h", "fle.h"]
FH_FF_RM = ["fsqrt.h", "fcvt.h.s", "fcvt.h.d"]      # fd, fs1, rm
FH_FF = ["fcvt.s.h", "fcvt.d.h"]                    # exact
FH_XF_RM = ["fcvt.w.h", "fcvt.wu.h", "fcvt.l.h", "fcvt.lu.h"]
FH_FX_RM = ["fcvt.h.w", "fcvt.h.wu", "fcvt.h.l", "fcvt.h.lu"]
# Scalar crypto (gen ... zfk): Zkne/Zknd/Zknh/Zksh/Zksed.
ZK_RR = ["aes64es", "aes64esm", "aes64ds", "aes64dsm", "aes64ks2"]
ZK_R1 = ["aes64im", "sha256sig0", "sha256sig1", "sha256sum0", "sha256sum1", "sha512sig0",
         "sha512sig1", "sha512sum0", "sha512sum1", "sm3p0", "sm3p1"]
FREGS = ["f%d" % i for i in range(32)]
FDUMP = 32 * 8 + 8  # f0..f31 then fcsr, after the TOTAL bytes (zfk programs only)
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
CREGS = ["x%d" % i for i in range(8, 16)]          # registers compressed forms can name
DEST = ["x%d" % i for i in range(32) if i != 3]     # x0 allowed: writes are discarded
SRC = ["x%d" % i for i in range(32)]                # reading x3 (BASE) is harmless


def value(rng):
    r = rng.random()
    if r < 0.45:
        v = rng.choice(EDGE)
        if rng.random() < 0.3:
            v = (v + rng.choice([-1, 1])) & (2**64 - 1)
        return v
    if r < 0.7:
        return rng.getrandbits(64)
    if r < 0.85:   # sign-extended 32-bit
        v = rng.getrandbits(32)
        return v | (0xffffffff00000000 if v & 0x80000000 else 0)
    return rng.getrandbits(rng.randint(1, 16))


def signed(v):
    return v - 2**64 if v >= 2**63 else v


class Gen:
    def __init__(self, seed, zb=False, zfk=False, vparts=None):
        self.zb = zb
        self.zfk = zfk
        self.rng = random.Random(seed)
        self.out = []
        self.pending = []   # [instructions_left, label]
        self.nlabel = 0
        self.vec = genv.VecGen(self, vparts) if vparts else None

    def emit(self, text):
        self.out.append("\t" + text)

    def label(self):
        self.nlabel += 1
        return ".Lf%d" % self.nlabel

    def forward(self, lab):
        """Places lab after 0..6 more generated instructions."""
        self.pending.append([self.rng.randint(0, 6), lab])

    def tick(self):
        still = []
        for p in self.pending:
            if p[0] <= 0:
                self.out.append(p[1] + ":")
            else:
                p[0] -= 1
                still.append(p)
        self.pending = still

    def off(self, width, aligned):
        o = self.rng.randint(MEM_LO, MEM_HI - width + 1)
        if aligned:
            o -= (o - MEM_LO) % width   # MEM_LO is 8-aligned
        return o

    def one(self):
        rng = self.rng
        k = rng.random()
        rd, rs1, rs2 = rng.choice(DEST), rng.choice(SRC), rng.choice(SRC)
        if self.vec and rng.random() < 0.6:
            self.vec.one()
            self.tick()
            return
        if self.zb and rng.random() < 0.25:
            z = rng.random()
            if z < 0.6:
                self.emit("%s %s, %s, %s" % (rng.choice(ZB_RR), rd, rs1, rs2))
            elif z < 0.8:
                self.emit("%s %s, %s" % (rng.choice(ZB_R1), rd, rs1))
            else:
                op, mx = rng.choice(ZB_SH)
                self.emit("%s %s, %s, %d" % (op, rd, rs1, rng.choice([0, 1, mx, rng.randint(0, mx)])))
            self.tick()
            return
        if self.zfk and rng.random() < 0.3:
            self.zfk_one(rd, rs1, rs2)
            self.tick()
            return
        if k < 0.30:
            self.emit("%s %s, %s, %s" % (rng.choice(R_OPS), rd, rs1, rs2))
        elif k < 0.40:
            self.emit("%s %s, %s, %d" % (rng.choice(I_OPS), rd, rs1, rng.randint(-2048, 2047)))
        elif k < 0.46 and rng.random() < 0.25:
            # a rotate written as srli(w)+slli(w)+or (the optimizer's rotate idiom); registers
            # may alias, the amounts are sometimes not complementary
            w = rng.choice([32, 64])
            sfx = "w" if w == 32 else ""
            n = rng.randint(1, w - 1)
            m = w - n if rng.random() < 0.8 else rng.randint(0, w - 1)
            ta, tb = rng.choice(DEST), rng.choice(DEST)
            first = ("srli%s %s, %s, %d" % (sfx, ta, rs1, n), "slli%s %s, %s, %d" % (sfx, tb, rs1, m))
            for t in (first if rng.random() < 0.5 else first[::-1]):
                self.emit(t)
            self.emit("or %s, %s, %s" % ((rd,) + ((ta, tb) if rng.random() < 0.5 else (tb, ta))))
        elif k < 0.46:
            op, mx = rng.choice(SH_OPS)
            self.emit("%s %s, %s, %d" % (op, rd, rs1, rng.choice([0, 1, mx // 2, mx // 2 + 1, mx, rng.randint(0, mx)])))
        elif k < 0.48:
            self.emit("%s %s, 0x%x" % (rng.choice(["lui", "auipc"]), rd, rng.getrandbits(20)))
        elif k < 0.51:
            self.emit("li %s, %d" % (rd, signed(value(rng))))
        elif k < 0.60:
            op, w = rng.choice(LOADS)
            self.emit("%s %s, %d(x3)" % (op, rd, self.off(w, rng.random() < 0.8)))
        elif k < 0.68:
            op, w = rng.choice(STORES)
            self.emit("%s %s, %d(x3)" % (op, rs2, self.off(w, rng.random() < 0.8)))
        elif k < 0.73:
            w = rng.choice([4, 8])
            addr = rng.choice([r for r in DEST if r != "x0"])
            self.emit("addi %s, x3, %d" % (addr, self.off(w, True)))
            sfx = rng.choice(["", ".aq", ".rl", ".aqrl"])
            self.emit("%s.%s%s %s, %s, (%s)" % (rng.choice(AMOS), "w" if w == 4 else "d", sfx,
                                              rd, rs2, addr))
        elif k < 0.75:
            w = rng.choice(["w", "d"])
            addr = rng.choice([r for r in DEST if r != "x0"])
            self.emit("addi %s, x3, %d" % (addr, self.off(8, True)))
            if rng.random() < 0.8:
                lrd = rng.choice([r for r in DEST if r != addr])
                self.emit("lr.%s %s, (%s)" % (w, lrd, addr))
                if rng.random() < 0.5:
                    self.emit("xori %s, %s, %d" % (lrd, lrd, rng.randint(-2048, 2047)))
            self.emit("sc.%s %s, %s, (%s)" % (w, rd, rs2, addr))
        elif k < 0.83:
            lab = self.label()
            self.emit("%s %s, %s, %s" % (rng.choice(BRANCHES), rs1, rs2, lab))
            self.forward(lab)
        elif k < 0.85:
            lab = self.label()
            if rng.random() < 0.5:
                self.emit("jal %s, %s" % (rd, lab))
            else:
                t = rng.choice([r for r in DEST if r != "x0"])
                self.emit("lla %s, %s" % (t, lab))
                self.emit("jalr %s, 0(%s)" % (rd, t))
            self.forward(lab)
        elif k < 0.86:
            self.emit(rng.choice(["fence", "fence rw, rw", "fence.tso", "nop"]))
        else:
            self.compressed()
        self.tick()

    def zfk_one(self, rd, rs1, rs2):
        """One random Zfh or scalar-crypto instruction."""
        rng = self.rng
        fd, f1, f2, f3 = (rng.choice(FREGS) for _ in range(4))

        def rm(text):
            m = rng.choice(RM_ALL)
            return text + (", " + m if m else "")
        if rng.random() < 0.08:   # fflags seen per instruction run, not only accumulated; new frm
            c = rng.random()
            if c < 0.5:
                self.emit("fsflags %s, x0" % rd)
            elif c < 0.8:
                self.emit("frflags %s" % rd)
            else:
                self.emit("fsrmi %s, %d" % (rd, rng.randint(0, 4)))
            return
        z = rng.random()
        if z < 0.12:
            self.emit(rm("%s %s, %s, %s" % (rng.choice(FH_RR_RM), fd, f1, f2)))
        elif z < 0.20:
            self.emit("%s %s, %s, %s" % (rng.choice(FH_RR), fd, f1, f2))
        elif z < 0.28:
            self.emit(rm("%s %s, %s, %s, %s" % (rng.choice(FH_R4), fd, f1, f2, f3)))
        elif z < 0.34:
            self.emit("%s %s, %s, %s" % (rng.choice(FH_CMP), rd, f1, f2))
        elif z < 0.37:
            self.emit("fclass.h %s, %s" % (rd, f1))
        elif z < 0.43:
            self.emit(rm("%s %s, %s" % (rng.choice(FH_FF_RM), fd, f1)))
        elif z < 0.46:
            self.emit("%s %s, %s" % (rng.choice(FH_FF), fd, f1))
        elif z < 0.52:
            self.emit(rm("%s %s, %s" % (rng.choice(FH_XF_RM), rd, f1)))
        elif z < 0.58:
            self.emit(rm("%s %s, %s" % (rng.choice(FH_FX_RM), fd, rs1)))
        elif z < 0.61:
            self.emit("fmv.x.h %s, %s" % (rd, f1))
        elif z < 0.64:
            self.emit("fmv.h.x %s, %s" % (fd, rs1))
        elif z < 0.67:
            self.emit("flh %s, %d(x3)" % (fd, self.off(2, rng.random() < 0.8)))
        elif z < 0.70:
            self.emit("fsh %s, %d(x3)" % (f2, self.off(2, rng.random() < 0.8)))
        elif z < 0.80:
            self.emit("%s %s, %s, %s" % (rng.choice(ZK_RR), rd, rs1, rs2))
        elif z < 0.92:
            self.emit("%s %s, %s" % (rng.choice(ZK_R1), rd, rs1))
        elif z < 0.95:
            self.emit("aes64ks1i %s, %s, %d" % (rd, rs1, rng.randint(0, 10)))
        else:
            self.emit("%s %s, %s, %s, %d" % (rng.choice(["sm4ed", "sm4ks"]), rd, rs1, rs2,
                                             rng.randint(0, 3)))

    def fregs_init(self):
        """Random f registers (mostly NaN-boxed halves) and a random static rounding mode in frm,
        set through x5 before the integer registers get their values."""
        rng = self.rng
        for i in range(32):
            r = rng.random()
            if r < 0.6:
                h = rng.choice(EDGE_H) if rng.random() < 0.5 else rng.getrandbits(16)
                v = 0xffffffffffff0000 | h
            elif r < 0.75:
                v = 0xffffffff00000000 | rng.getrandbits(32)
            elif r < 0.9:
                v = value(rng)
            else:
                v = rng.choice([0, 0xffffffff00000000, 0x00000000ffff0000]) | rng.getrandbits(16)
            self.emit("li x5, %d" % signed(v))
            self.emit("fmv.d.x f%d, x5" % i)
        self.emit("fsrmi %d" % rng.randint(0, 4))

    def body(self, count):
        """Random values for every register but x0 and x3, then count random instructions,
        then the labels still pending."""
        if self.zfk:
            self.fregs_init()
        if self.vec:
            self.vec.init()
        for i in range(32):
            if i not in (0, 3):
                self.emit("li x%d, %d" % (i, signed(value(self.rng))))
        for _ in range(count):
            self.one()
        for p in self.pending:
            self.out.append(p[1] + ":")

    def compressed(self):
        rng = self.rng
        nz = [r for r in DEST if r != "x0"]
        cd, cs = rng.choice(CREGS), rng.choice(CREGS)
        k = rng.randint(0, 17)
        imm6 = rng.randint(-32, 31)
        if k == 0:
            self.emit("c.addi %s, %d" % (rng.choice(nz), imm6 or 1))
        elif k == 1:
            self.emit("c.li %s, %d" % (rng.choice(nz), imm6))
        elif k == 2:
            r = rng.choice([x for x in nz if x != "x2"])
            self.emit("c.lui %s, 0x%x" % (r, rng.choice([1, 0x1f, 0xfffe0, 0xfffff, rng.randint(1, 31)])))
        elif k == 3:
            self.emit("c.slli %s, %d" % (rng.choice(nz), rng.randint(1, 63)))
        elif k in (4, 5):
            self.emit("%s %s, %d" % ("c.srli" if k == 4 else "c.srai", cd, rng.randint(1, 63)))
        elif k == 6:
            self.emit("c.andi %s, %d" % (cd, imm6))
        elif k == 7:
            self.emit("c.mv %s, %s" % (rng.choice(nz), rng.choice([r for r in SRC if r != "x0"])))
        elif k == 8:
            self.emit("c.add %s, %s" % (rng.choice(nz), rng.choice([r for r in SRC if r != "x0"])))
        elif k == 9:
            self.emit("%s %s, %s" % (rng.choice(["c.sub", "c.xor", "c.or", "c.and", "c.addw", "c.subw"]), cd, cs))
        elif k == 10:
            self.emit("c.addiw %s, %d" % (rng.choice(nz), imm6))
        elif k in (11, 12):
            lab = self.label()
            self.emit("%s %s, %s" % ("c.beqz" if k == 11 else "c.bnez", cs, lab))
            self.forward(lab)
        elif k == 13:
            lab = self.label()
            self.emit("c.j %s" % lab)
            self.forward(lab)
        elif k in (14, 15, 16):
            # c.ld/c.sd/c.lw/c.sw: base' = BASE + off, so base' + imm stays in bounds.
            base = rng.choice(CREGS)
            wide = rng.random() < 0.5
            imm = rng.randrange(0, 249, 8) if wide else rng.randrange(0, 125, 4)
            boff = rng.randrange(MEM_LO, MEM_HI - 255, 8)
            self.emit("addi %s, x3, %d" % (base, boff))
            reg = rng.choice(CREGS)
            if k == 16:
                self.emit("%s %s, %d(%s)" % ("c.sd" if wide else "c.sw", reg, imm, base))
            else:
                self.emit("%s %s, %d(%s)" % ("c.ld" if wide else "c.lw", reg, imm, base))
        else:
            self.emit("c.nop")


def scratch_words(rng):
    """The scratch bytes' random initial contents, as .dword lines."""
    return ["\t.dword 0x%016x" % value(rng) for _ in range((TOTAL - DUMP) // 8)]


def dump_stores():
    """Stores of x1..x31 and x0 into the dump area below the scratch bytes (x3 = BASE)."""
    return ["\tsd x%d, %d(x3)" % (i, -2048 + 8 * i) for i in range(1, 32)] + ["\tsd x0, -2048(x3)"]


def fdump_stores():
    """Stores of f0..f31 and fcsr to fdump (zfk programs), through x5/x6 once they are dumped."""
    return (["\tlla x5, fdump"] + ["\tfsd f%d, %d(x5)" % (i, 8 * i) for i in range(32)] +
            ["\tcsrr x6, fcsr", "\tsd x6, 256(x5)"])


def generate(seed, count, zb=False, zfk=False, vparts=None):
    g = Gen(seed, zb, zfk, vparts)
    rng = g.rng
    head = [
        "/* qelt random differential test, seed %d, %d instructions (tests/fuzz/gen.py). */" % (seed, count),
        "\t.option norelax",
        "\t.option rvc",
        "\t.data",
        "\t.balign 4096",
        "dump:\t.space %d" % DUMP,
        "scratch:",
    ]
    head += scratch_words(rng)
    if zfk:
        head += ["fdump:\t.space %d" % FDUMP]   # after the dump+scratch page
    if vparts:
        head += ["vdump:\t.space %d" % genv.VDUMP]
    head += ["\t.text", "\t.globl _start", "_start:", "\tlla x3, dump + 2048"]
    g.body(count)
    tail = dump_stores()
    if zfk:
        tail += fdump_stores()
    if vparts:
        tail += genv.VecGen.dump()
    tail += ["\tli a0, 1", "\taddi a1, x3, -2048", "\tli a2, %d" % TOTAL, "\tli a7, 64", "\tecall"]
    if zfk:
        tail += ["\tli a0, 1", "\tlla a1, fdump", "\tli a2, %d" % FDUMP, "\tli a7, 64", "\tecall"]
    if vparts:
        tail += ["\tli a0, 1", "\tlla a1, vdump", "\tli a2, %d" % genv.VDUMP, "\tli a7, 64", "\tecall"]
    tail += ["\tli a0, 0", "\tli a7, 94", "\tecall", ""]
    return "\n".join(head + g.out + tail)


SYS_DATA_VA = 0xc0000000            # the dump+scratch page, seen by the body
SYS_HIGH_VA = 0xffffffc000000000    # a 1 GiB supervisor alias of RAM (kernel-like addresses)


def generate_sys(seed, count, vparts=None):
    """The body of generate() as a test_main for tests/system's runtime: M builds page tables,
    enters the body in S or U mode, and prints the dump page in hex afterwards. The choices
    (mode, paging mode, ASID, code alias, timer period) come from the seed, before the body.
    With vparts (gen-sys ... v): random vector code too (mstatus.VS and FS on; run with -cpu
    rv64,v=true,vlen=128), v0..v31, vl, vtype and vcsr saved into the scratch bytes at the end."""
    g = Gen(seed, vparts=vparts)
    rng = g.rng
    mode = rng.choice(["S", "U"])
    levels = rng.choice([3, 4, 5])
    asid = rng.randint(0, 0xffff)
    high = mode == "S" and rng.random() < 0.5
    tick = rng.choice([0, 0, 20, 50, 200])     # mtime ticks (0.1 us) between timer interrupts
    repeat = 10 if tick else 1                  # body runs, so that interrupts land inside it
    data_flags = "PTE_V | PTE_R | PTE_W | PTE_A | PTE_D" + (" | PTE_U" if mode == "U" else "")
    head = [
        "/* qelt system-mode random differential test, seed %d, %d instructions (tests/fuzz/gen.py):" % (seed, count),
        " * %s-mode, %d-level paging, ASID %d, code %s, timer %s. */" % (
            mode, levels, asid, "high alias" if high else ("U alias" if mode == "U" else "identity"),
            "every %d ticks, body run %d times" % (tick, repeat) if tick else "off"),
        '#include "lib/rt.h"',
        "\t.data",
        "\t.balign 4096",
        "dump:\t.space %d" % DUMP,
        "scratch:",
    ]
    head += scratch_words(rng)
    head += [
        "\t.text",
        "\t.globl test_main",
        "test_main:",
        "\taddi sp, sp, -16",
        "\tsd ra, 0(sp)",
        "\tli a5, %d" % levels,
        "\tcall pt_new",
        "\tmv s0, a0",
        "\tli a1, 0x%x" % SYS_DATA_VA,
        "\tlla a2, dump",
        "\tli a3, 0",
        "\tli a4, %s" % data_flags,
        "\tcall pt_map",
    ]
    if high:
        head += ["\tmv a0, s0", "\tli a1, 0x%x" % SYS_HIGH_VA, "\tli a2, 0x80000000", "\tli a3, 2",
                 "\tli a4, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D", "\tcall pt_map"]
    head += ["\tmv a0, s0", "\tli a1, %d" % (5 + levels), "\tli a2, %d" % asid, "\tcall satp_on"]
    if vparts:   # VS and FS Initial
        head += ["\tli t0, 0x2200", "\tcsrs mstatus, t0"]
    if tick:
        head += ["\tSET_HOOK m_hook, fuzz_tick", "\tli t0, 1", "\tlla t1, irq_quiet", "\tsd t0, 0(t1)",
                 "\tli t0, 0x80", "\tcsrs mie, t0", "\tli a0, %d" % tick, "\tcall mtime_after",
                 "\tli t0, CLINT_MTIMECMP", "\tsd a0, 0(t0)"]
    if mode == "U":
        head += ["\tLA_U a1, body", "\tli a0, MODE_U"]
    elif high:
        head += ["\tlla a1, body", "\tli t0, 0x%x - 0x80000000" % SYS_HIGH_VA, "\tadd a1, a1, t0",
                 "\tli a0, MODE_S"]
    else:
        head += ["\tlla a1, body", "\tli a0, MODE_S"]
    head += [
        "\tmv s1, a1",
        "\tmv s2, a0",
        "\tli s3, %d" % repeat,
        "2:\tmv a0, s2",
        "\tmv a1, s1",
        "\tli a2, 0",
        "\tli a3, 0",
        "\tcall run_in_mode",
        "\taddi s3, s3, -1",
        "\tbnez s3, 2b",
        "\tli t0, 0x80",
        "\tcsrc mie, t0",
        "\tli t0, CLINT_MTIMECMP",
        "\tli t1, -1",
        "\tsd t1, 0(t0)",
        "\tcsrw satp, zero",
        "\tlla a0, dump",
        "\tli a1, %d" % TOTAL,
        "\tcall dump_hex",
        "\tld ra, 0(sp)",
        "\taddi sp, sp, 16",
        "\tret",
        "",
        "/* m_hook: re-arm the timer, count nothing, print nothing (interrupt times vary) */",
        "fuzz_tick:",
        "\tbgez a0, 1f",
        "\tli t0, CLINT_MTIME",
        "\tld t0, 0(t0)",
        "\tli t1, %d" % max(tick, 1),
        "\tadd t0, t0, t1",
        "\tli t1, CLINT_MTIMECMP",
        "\tsd t0, 0(t1)",
        "\tli a0, 1",
        "\tret",
        "1:\tli a0, 0",
        "\tret",
        "",
        "\t.option push",
        "\t.option rvc",
        "\t.balign 4",
        "body:",
        "\tli x3, 0x%x" % (SYS_DATA_VA + 2048),
    ]
    if vparts:
        head.insert(head.index("body:"), "\t.option arch, +v")
    g.body(count)
    tail = genv.VecGen.save_to_scratch() if vparts else []
    tail += dump_stores()
    tail += ["\tBACK_TO_M", "\t.option pop", ""]
    return "\n".join(head + g.out + tail)


def diff(a, b):
    da, db = open(a, "rb").read(), open(b, "rb").read()
    if len(da) != len(db):
        print("    lengths differ: %d vs %d bytes" % (len(da), len(db)))
    shown = 0
    for i in range(0, min(len(da), len(db), DUMP), 8):
        if da[i:i + 8] != db[i:i + 8] and shown < 6:
            print("    x%d: %s vs %s" % (i // 8, da[i:i + 8][::-1].hex(), db[i:i + 8][::-1].hex()))
            shown += 1
    for i in range(DUMP, min(len(da), len(db), TOTAL), 8):
        if da[i:i + 8] != db[i:i + 8] and shown < 8:
            print("    scratch BASE%+d: %s vs %s" % (i - 2048, da[i:i + 8][::-1].hex(), db[i:i + 8][::-1].hex()))
            shown += 1
    vec = len(da) == TOTAL + genv.VDUMP
    for i in range(TOTAL, min(len(da), len(db)), 8):     # zfk: f0..f31, fcsr; v: genv.describe
        if da[i:i + 8] != db[i:i + 8] and shown < 10:
            j = (i - TOTAL) // 8
            name = genv.describe(i - TOTAL) if vec else "f%d" % j if j < 32 else "fcsr"
            print("    %s: %s vs %s" % (name, da[i:i + 8][::-1].hex(), db[i:i + 8][::-1].hex()))
            shown += 1


if __name__ == "__main__":
    if len(sys.argv) in (4, 5, 6) and sys.argv[1] == "gen":
        # v[:PARTS]: vector code of the comma-separated kinds mem,int,fp (default all)
        v = [a for a in sys.argv[4:] if a.split(":")[0] == "v"]
        vparts = set((v[0].split(":")[1] if ":" in v[0] else "mem,int,fp").split(",")) if v else None
        sys.stdout.write(generate(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:] == ["zb"],
                                  sys.argv[4:] == ["zfk"], vparts))
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "gen-sys":
        v = sys.argv[4:]
        vparts = set((v[0].split(":")[1] if ":" in v[0] else "mem,int,fp").split(",")) if v else None
        sys.stdout.write(generate_sys(int(sys.argv[2]), int(sys.argv[3]), vparts))
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        sys.stderr.write("usage: gen.py gen|gen-sys SEED COUNT | gen.py diff A B\n")
        sys.exit(2)
