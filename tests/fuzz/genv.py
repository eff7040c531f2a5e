"""Vector part of the random differential tester (gen.py gen SEED COUNT v): random RVV 1.0 code
for qemu-riscv64 7.2 and qelt, both with -cpu rv64,v=true,vlen=128.

What is drawn: vsetvli/vsetivli with random SEW (8..64), LMUL (mf8..m8, only legal
combinations) and tail/mask policies, AVL from x0 (VLMAX), an immediate or a register holding
a small random count; vector loads and stores into the scratch bytes (unit-stride, strided with
small positive or zero strides, indexed with in-bounds indices, segment, whole-register,
mask; masked or not); integer (single-width, widening, narrowing, extensions, carry, compares,
reductions, slides, gathers, compress, iota, mask ops),
fixed-point, mask, permutation and reduction instructions and floating-point ones (SEW 32/64)
with operand groups aligned and overlapping only where the spec allows; vxrm and frm changes.
Invariants that keep every instruction legal along every path: vtype is known statically (a
vset* is only emitted when no forward branch is pending across it, and every drawn vtype is
legal); register groups are aligned to their EMUL; a masked instruction never writes v0;
every access stays inside the scratch bytes whatever vl is (bounds use VLMAX). After the body
v0..v31, vl, vtype, vstart, vcsr, f0..f31 and fcsr are dumped after the TOTAL bytes.
"""
from fractions import Fraction as F

# QELT_FUZZ_VLEN: the VLEN the program is made for (128, 256 or 512; run it with that vlen=)
VLENB = int(__import__("os").environ.get("QELT_FUZZ_VLEN", "128")) // 8
# QELT_FUZZ_VSTART=P: a random vstart is written before a vector instruction with probability
# P (experimental, off by default: qemu-riscv64 7.2 raises illegal instruction for many
# instructions at vstart != 0, which the spec allows, so such runs mostly stop early).
VSTART_P = float(__import__("os").environ.get("QELT_FUZZ_VSTART", "0"))
VDUMP = 32 * VLENB + 8 * 5 + 32 * 8     # v0..v31, vl vtype vstart vcsr fcsr, f0..f31
LMULS = [F(1, 8), F(1, 4), F(1, 2), F(1), F(2), F(4), F(8)]
LMUL_NAME = {F(1, 8): "mf8", F(1, 4): "mf4", F(1, 2): "mf2", F(1): "m1", F(2): "m2", F(4): "m4",
             F(8): "m8"}

# Single-width integer ops (vd, vs2, vs1|rs1|imm), all legal with aligned, any-overlap groups.
INT_VV = ["vadd", "vsub", "vand", "vor", "vxor", "vsll", "vsrl", "vsra", "vminu", "vmin",
          "vmaxu", "vmax", "vmul", "vmulh", "vmulhu", "vmulhsu", "vdivu", "vdiv", "vremu", "vrem",
          "vsaddu", "vsadd", "vssubu", "vssub", "vaaddu", "vaadd", "vasubu", "vasub", "vsmul",
          "vssrl", "vssra", "vrgather"]
INT_VX_ONLY = ["vrsub", "vslidedown", "vslide1down"]
INT_VI = ["vadd", "vrsub", "vand", "vor", "vxor", "vsll", "vsrl", "vsra", "vsaddu", "vsadd",
          "vssrl", "vssra", "vslidedown"]
INT_FMA = ["vmacc", "vnmsac", "vmadd", "vnmsub"]
CMP_VV = ["vmseq", "vmsne", "vmsltu", "vmslt", "vmsleu", "vmsle"]
CMP_VX = CMP_VV + ["vmsgtu", "vmsgt"]
CMP_VI = ["vmseq", "vmsne", "vmsleu", "vmsle", "vmsgtu", "vmsgt"]
RED = ["vredsum", "vredand", "vredor", "vredxor", "vredminu", "vredmin", "vredmaxu", "vredmax"]
WIDE = ["vwaddu", "vwadd", "vwsubu", "vwsub", "vwmulu", "vwmul", "vwmulsu"]
NARROW = ["vnsrl", "vnsra", "vnclipu", "vnclip"]
EXT = [("vzext.vf2", 2), ("vsext.vf2", 2), ("vzext.vf4", 4), ("vsext.vf4", 4), ("vzext.vf8", 8),
       ("vsext.vf8", 8)]
CARRY = ["vadc.vvm", "vsbc.vvm"]
CARRY_MASK = ["vmadc.vvm", "vmsbc.vvm", "vmadc.vv", "vmsbc.vv"]
MASK_SET = ["vmsbf.m", "vmsif.m", "vmsof.m"]
FP_WIDE = ["vfwadd", "vfwsub", "vfwmul"]
FP_WCVT = ["vfwcvt.xu.f.v", "vfwcvt.x.f.v", "vfwcvt.f.xu.v", "vfwcvt.f.x.v", "vfwcvt.f.f.v"]
FP_NCVT = ["vfncvt.xu.f.w", "vfncvt.x.f.w", "vfncvt.f.xu.w", "vfncvt.f.x.w", "vfncvt.f.f.w",
           "vfncvt.rod.f.f.w"]
MASK_MM = ["vmand", "vmnand", "vmandn", "vmxor", "vmor", "vmnor", "vmorn", "vmxnor"]
FP_VV = ["vfadd", "vfsub", "vfmul", "vfdiv", "vfmin", "vfmax", "vfsgnj", "vfsgnjn", "vfsgnjx"]
FP_VF_ONLY = ["vfrsub", "vfrdiv"]
FP_FMA = ["vfmacc", "vfnmacc", "vfmsac", "vfnmsac", "vfmadd", "vfnmadd", "vfmsub", "vfnmsub"]
FP_CMP = ["vmfeq", "vmfne", "vmflt", "vmfle"]
# vfcvt.rtz.* is left out: qemu-riscv64 7.2 aborts on it (translate.c decode_save_opc
# assertion); tests/vector covers it against expected values.
FP_V = ["vfsqrt.v", "vfclass.v", "vfcvt.xu.f.v", "vfcvt.x.f.v", "vfcvt.f.xu.v", "vfcvt.f.x.v",
        "vfrsqrt7.v", "vfrec7.v"]


class VecGen:
    """Vector instructions for a gen.Gen g (its rng, emit, pending, off)."""

    def __init__(self, g, parts):
        self.g = g
        self.parts = parts          # which kinds qelt has: {"mem", "int", "fp"}
        self.sew, self.lmul, self.vt = 8, F(1), "e8, m1, tu, mu"

    # ---- state ----
    def vlmax(self):
        return int(VLENB * 8 * self.lmul / self.sew)

    def legal(self, sew, lmul):
        return lmul >= 1 or sew <= 64 * lmul

    def group(self, emul, avoid=(), allow_v0=True):
        """A register group of EMUL emul (aligned), not overlapping the groups in avoid."""
        n = max(1, int(emul))
        for _ in range(50):
            r = self.g.rng.randrange(0, 32, n)
            if r == 0 and not allow_v0:
                continue
            if all(r + n <= a or a + m <= r for a, m in avoid):
                return r
        return None

    def vsetvli(self):
        g, rng = self.g, self.g.rng
        while True:
            sew, lmul = rng.choice([8, 16, 32, 64]), rng.choice(LMULS)
            if self.legal(sew, lmul):
                break
        self.sew, self.lmul = sew, lmul
        pol = "%s, %s" % (rng.choice(["ta", "tu"]), rng.choice(["ma", "mu"]))
        vt = self.vt = "e%d, %s, %s" % (sew, LMUL_NAME[lmul], pol)
        k = rng.random()
        rd = rng.choice(["x0", "x5", "x6", "x7"])
        if k < 0.3:
            g.emit("vsetivli %s, %d, %s" % (rd, rng.randint(0, 31), vt))
        elif k < 0.5:
            g.emit("vsetvli %s, x0, %s" % ("x5" if rd == "x0" else rd, vt))   # VLMAX
        else:
            g.emit("li x28, %d" % rng.randint(0, self.vlmax() + 3))
            g.emit("vsetvli %s, x28, %s" % (rd, vt))

    # ---- helpers ----
    def vm(self, vd, n):
        """", v0.t" sometimes, when the destination group [vd, vd+n) does not hold v0."""
        return ", v0.t" if vd != 0 and self.g.rng.random() < 0.3 else ""

    def base(self, neg, pos):
        """x29 = an address in the scratch bytes with neg bytes below and pos bytes above free."""
        g = self.g
        lo, hi = -2048 + 256 + neg, 2047 - pos
        g.emit("addi x29, x3, %d" % g.rng.randint(lo, hi))

    def xreg(self):
        return self.g.rng.choice(["x%d" % i for i in range(1, 32) if i not in (3,)])

    # ---- instruction kinds ----
    def mem(self):
        g, rng = self.g, self.g.rng
        k = rng.random()
        st = rng.random() < 0.4
        if k < 0.45:                        # unit stride / strided
            eew = rng.choice([8, 16, 32, 64])
            emul = F(eew, self.sew) * self.lmul
            if emul < F(1, 8) or emul > 8:
                return
            vd = self.group(emul)
            n = max(1, int(emul))
            span = self.vlmax() * eew // 8
            if rng.random() < 0.5:
                self.base(0, span)
                op = "vse%d.v" % eew if st else "vle%d.v" % eew
                g.emit("%s v%d, (x29)%s" % (op, vd, self.vm(vd, n)))
            else:
                stride = rng.choice([0, eew // 8, 2 * eew // 8, 3, 8, 16])
                if stride * self.vlmax() > 2048:
                    stride = 0
                self.base(0, stride * self.vlmax() + 8)
                g.emit("li x30, %d" % stride)
                op = "vsse%d.v" % eew if st else "vlse%d.v" % eew
                g.emit("%s v%d, (x29), x30%s" % (op, vd, self.vm(vd, n)))
        elif k < 0.55 and "int" in self.parts and not g.pending:   # indexed
            eew = rng.choice([8, 16, 32, 64])
            iemul = F(eew, self.sew) * self.lmul          # the index vector's EMUL
            if iemul < F(1, 8) or iemul > 8 or not self.legal(eew, iemul):
                return
            n, ni = max(1, int(self.lmul)), max(1, int(iemul))
            vi = self.group(iemul)
            vd = self.group(self.lmul, [(vi, ni)], allow_v0=False)
            if vd is None:
                return
            # indices (vi & 15) << log2(SEW/8): aligned offsets below 128, under a temporary
            # vtype of the index EEW (same VLMAX), then the current vtype and vl again
            g.emit("csrr x31, vl")
            g.emit("vsetvli x28, x0, e%d, %s, tu, mu" % (eew, LMUL_NAME[iemul]))
            g.emit("vand.vi v%d, v%d, 15" % (vi, vi))
            g.emit("vsll.vi v%d, v%d, %d" % (vi, vi, {8: 0, 16: 1, 32: 2, 64: 3}[self.sew]))
            g.emit("vsetvli x0, x31, %s" % self.vt)
            self.base(0, 128)
            op = rng.choice(["vsuxei", "vsoxei"] if st else ["vluxei", "vloxei"])
            g.emit("%s%d.v v%d, (x29), v%d%s" % (op, eew, vd, vi, self.vm(vd, n)))
        elif k < 0.65:                      # segment
            eew = rng.choice([8, 16, 32, 64])
            emul = F(eew, self.sew) * self.lmul
            nf = rng.randint(2, 8)
            n = max(1, int(emul))
            if emul < F(1, 8) or emul > 8 or nf * n > 8:
                return
            vd = rng.randrange(0, 32 - nf * n + 1, n)
            masked = vd != 0 and rng.random() < 0.3
            self.base(0, nf * self.vlmax() * eew // 8)
            op = ("vsseg%de%d.v" if st else "vlseg%de%d.v") % (nf, eew)
            g.emit("%s v%d, (x29)%s" % (op, vd, ", v0.t" if masked else ""))
        elif k < 0.85:                      # whole register
            nreg = rng.choice([1, 2, 4, 8])
            vd = rng.randrange(0, 32, nreg)
            self.base(0, nreg * VLENB)
            if st:
                g.emit("vs%dr.v v%d, (x29)" % (nreg, vd))
            else:
                g.emit("vl%dre%d.v v%d, (x29)" % (nreg, rng.choice([8, 16, 32, 64]), vd))
        else:                               # mask
            vd = rng.randrange(0, 32)
            self.base(0, VLENB)
            g.emit("%s v%d, (x29)" % ("vsm.v" if st else "vlm.v", vd))

    def integer(self):
        g, rng = self.g, self.g.rng
        n = max(1, int(self.lmul))
        k = rng.random()
        if k < 0.45:
            vd, vs2, vs1 = self.group(self.lmul), self.group(self.lmul), self.group(self.lmul)
            f = rng.random()
            if f < 0.5:
                op = rng.choice(INT_VV)
                if op == "vrgather":
                    vd = self.group(self.lmul, [(vs2, n), (vs1, n)])
                    if vd is None:
                        return
                g.emit("%s.vv v%d, v%d, v%d%s" % (op, vd, vs2, vs1, self.vm(vd, n)))
            elif f < 0.8:
                op = rng.choice([o for o in INT_VV if o != "vrgather"] + INT_VX_ONLY)
                g.emit("%s.vx v%d, v%d, %s%s" % (op, vd, vs2, self.xreg(), self.vm(vd, n)))
            else:
                op = rng.choice(INT_VI)
                imm = rng.randint(0, 31) if op in ("vsll", "vsrl", "vsra", "vssrl", "vssra", "vslidedown") else rng.randint(-16, 15)
                g.emit("%s.vi v%d, v%d, %d%s" % (op, vd, vs2, imm, self.vm(vd, n)))
        elif k < 0.55:
            vd, vs2, vs1 = self.group(self.lmul), self.group(self.lmul), self.group(self.lmul)
            op = rng.choice(INT_FMA)
            if rng.random() < 0.5:
                g.emit("%s.vv v%d, v%d, v%d%s" % (op, vd, vs1, vs2, self.vm(vd, n)))
            else:
                g.emit("%s.vx v%d, %s, v%d%s" % (op, vd, self.xreg(), vs2, self.vm(vd, n)))
        elif k < 0.65:                      # compares: mask destination apart from the sources
            vs2, vs1 = self.group(self.lmul), self.group(self.lmul)
            vd = self.group(1, [(vs2, n), (vs1, n)])
            if vd is None:
                return
            f = rng.random()
            if f < 0.4:
                g.emit("%s.vv v%d, v%d, v%d%s" % (rng.choice(CMP_VV), vd, vs2, vs1, self.vm(vd, 1)))
            elif f < 0.7:
                g.emit("%s.vx v%d, v%d, %s%s" % (rng.choice(CMP_VX), vd, vs2, self.xreg(), self.vm(vd, 1)))
            else:
                g.emit("%s.vi v%d, v%d, %d%s" % (rng.choice(CMP_VI), vd, vs2, rng.randint(-16, 15), self.vm(vd, 1)))
        elif k < 0.72:                      # reductions
            vs2 = self.group(self.lmul)
            g.emit("%s.vs v%d, v%d, v%d%s" % (rng.choice(RED), rng.randrange(1, 32), vs2,
                                              rng.randrange(0, 32), self.vm(1, 1)))
        elif k < 0.80:                      # widening: vd of 2*LMUL apart from the sources
            if self.sew == 64 or self.lmul == 8:
                return
            vs2, vs1 = self.group(self.lmul), self.group(self.lmul)
            vd = self.group(2 * self.lmul, [(vs2, n), (vs1, n)])
            if vd is None:
                return
            op = rng.choice(WIDE)
            if rng.random() < 0.5:
                g.emit("%s.vv v%d, v%d, v%d%s" % (op, vd, vs2, vs1, self.vm(vd, 2 * n)))
            else:
                g.emit("%s.vx v%d, v%d, %s%s" % (op, vd, vs2, self.xreg(), self.vm(vd, 2 * n)))
        elif k < 0.88:                      # moves, merges, slides up, vid
            vd, vs2, vs1 = self.group(self.lmul), self.group(self.lmul), self.group(self.lmul)
            f = rng.random()
            if f < 0.2:
                g.emit("vmv.v.v v%d, v%d" % (vd, vs1))
            elif f < 0.35:
                g.emit("vmv.v.x v%d, %s" % (vd, self.xreg()))
            elif f < 0.45:
                g.emit("vmv.v.i v%d, %d" % (vd, rng.randint(-16, 15)))
            elif f < 0.6:
                vd = self.group(self.lmul, allow_v0=False)
                g.emit("vmerge.vvm v%d, v%d, v%d, v0" % (vd, vs2, vs1))
            elif f < 0.8:
                vd = self.group(self.lmul, [(vs2, n)])
                if vd is None:
                    return
                if rng.random() < 0.5:
                    g.emit("vslideup.vx v%d, v%d, %s%s" % (vd, vs2, self.xreg(), self.vm(vd, n)))
                else:
                    g.emit("vslide1up.vx v%d, v%d, %s%s" % (vd, vs2, self.xreg(), self.vm(vd, n)))
            else:
                g.emit("vid.v v%d%s" % (vd, self.vm(vd, n)))
        elif k < 0.91:
            self.integer_more()
        elif k < 0.94:                      # mask logical, popcount, first
            a, b, c = rng.randrange(32), rng.randrange(32), rng.randrange(32)
            f = rng.random()
            if f < 0.6:
                g.emit("%s.mm v%d, v%d, v%d" % (rng.choice(MASK_MM), a, b, c))
            elif f < 0.8:
                g.emit("vcpop.m %s, v%d%s" % (self.xreg(), b, self.vm(1, 1)))
            else:
                g.emit("vfirst.m %s, v%d%s" % (self.xreg(), b, self.vm(1, 1)))
        else:                               # scalar moves, vxrm
            f = rng.random()
            if f < 0.4:
                g.emit("vmv.x.s %s, v%d" % (self.xreg(), rng.randrange(32)))
            elif f < 0.8:
                g.emit("vmv.s.x v%d, %s" % (rng.randrange(32), self.xreg()))
            else:
                g.emit("csrwi vxrm, %d" % rng.randint(0, 3))

    def integer_more(self):
        """Narrowing, extensions, add-with-carry, mask set-before-first, iota, compress,
        vrgatherei16: the operand groups never overlap where the spec restricts it."""
        g, rng = self.g, self.g.rng
        n = max(1, int(self.lmul))
        k = rng.random()
        if k < 0.2:                         # narrowing: vs2 is 2*SEW, 2*LMUL
            if self.sew == 64 or self.lmul == 8:
                return
            vs2 = self.group(2 * self.lmul)
            vs1 = self.group(self.lmul)
            vd = self.group(self.lmul, [(vs2, max(1, int(2 * self.lmul)))])
            if vd is None:
                return
            op = rng.choice(NARROW)
            f = rng.random()
            if f < 0.4:
                g.emit("%s.wv v%d, v%d, v%d%s" % (op, vd, vs2, vs1, self.vm(vd, n)))
            elif f < 0.7:
                g.emit("%s.wx v%d, v%d, %s%s" % (op, vd, vs2, self.xreg(), self.vm(vd, n)))
            else:
                g.emit("%s.wi v%d, v%d, %d%s" % (op, vd, vs2, rng.randint(0, 31), self.vm(vd, n)))
        elif k < 0.35:                      # vzext/vsext
            op, f = rng.choice(EXT)
            semul = self.lmul / f
            if self.sew // f < 8 or semul < F(1, 8):
                return
            vs2 = self.group(semul)
            vd = self.group(self.lmul, [(vs2, max(1, int(semul)))])
            if vd is None:
                return
            g.emit("%s v%d, v%d%s" % (op, vd, vs2, self.vm(vd, n)))
        elif k < 0.5:                       # carry
            vs2, vs1 = self.group(self.lmul), self.group(self.lmul)
            if rng.random() < 0.5:
                vd = self.group(self.lmul, allow_v0=False)
                g.emit("%s v%d, v%d, v%d, v0" % (rng.choice(CARRY), vd, vs2, vs1))
            else:
                vd = self.group(1, [(vs2, n), (vs1, n), (0, 1)])
                if vd is None:
                    return
                op = rng.choice(CARRY_MASK)
                g.emit("%s v%d, v%d, v%d%s" % (op, vd, vs2, vs1, ", v0" if op.endswith("vvm") else ""))
        elif k < 0.65:                      # vmsbf/vmsif/vmsof, viota
            vs2 = rng.randrange(32)
            if rng.random() < 0.5:
                vd = self.group(1, [(vs2, 1)], allow_v0=False)
                if vd is None:
                    return
                g.emit("%s v%d, v%d%s" % (rng.choice(MASK_SET), vd, vs2, self.vm(vd, 1)))
            else:
                vd = self.group(self.lmul, [(vs2, 1)], allow_v0=False)
                if vd is None:
                    return
                g.emit("viota.m v%d, v%d%s" % (vd, vs2, self.vm(vd, n)))
        elif k < 0.8:                       # vcompress
            vs2, vs1 = self.group(self.lmul), rng.randrange(32)
            vd = self.group(self.lmul, [(vs2, n), (vs1, 1)])
            if vd is None:
                return
            g.emit("vcompress.vm v%d, v%d, v%d" % (vd, vs2, vs1))
        else:                               # vrgatherei16: vs1 holds 16-bit indices
            iemul = F(16, self.sew) * self.lmul
            if iemul < F(1, 8) or iemul > 8:
                return
            vs2, vs1 = self.group(self.lmul), self.group(iemul)
            vd = self.group(self.lmul, [(vs2, n), (vs1, max(1, int(iemul)))])
            if vd is None:
                return
            g.emit("vrgatherei16.vv v%d, v%d, v%d%s" % (vd, vs2, vs1, self.vm(vd, n)))

    def fp_wide(self):
        """SEW 32: widening arithmetic and conversions to 64 bits, narrowing conversions back."""
        g, rng = self.g, self.g.rng
        if self.sew != 32 or self.lmul == 8:
            return
        n, w = max(1, int(self.lmul)), max(1, int(2 * self.lmul))
        fr = "f%d" % rng.randrange(16)
        vs2, vs1 = self.group(self.lmul), self.group(self.lmul)
        k = rng.random()
        if k < 0.5:
            vd = self.group(2 * self.lmul, [(vs2, n), (vs1, n)])
            if vd is None:
                return
            f = rng.random()
            if f < 0.4:
                g.emit("%s.vv v%d, v%d, v%d%s" % (rng.choice(FP_WIDE), vd, vs2, vs1, self.vm(vd, w)))
            elif f < 0.7:
                g.emit("%s.vf v%d, v%d, %s%s" % (rng.choice(FP_WIDE), vd, vs2, fr, self.vm(vd, w)))
            else:
                g.emit("%s v%d, v%d%s" % (rng.choice(FP_WCVT), vd, vs2, self.vm(vd, w)))
        else:
            wide = self.group(2 * self.lmul)
            vd = self.group(self.lmul, [(wide, w)])
            if vd is None:
                return
            g.emit("%s v%d, v%d%s" % (rng.choice(FP_NCVT), vd, wide, self.vm(vd, n)))

    def fp(self):
        g, rng = self.g, self.g.rng
        if self.sew not in (32, 64):
            return
        n = max(1, int(self.lmul))
        # f0..f15 hold NaN-boxed singles, f16..f31 doubles (init): SEW 32 takes the former
        fr = "f%d" % (rng.randrange(16) if self.sew == 32 else rng.randrange(32))
        vd, vs2, vs1 = self.group(self.lmul), self.group(self.lmul), self.group(self.lmul)
        k = rng.random()
        if k < 0.35:
            g.emit("%s.vv v%d, v%d, v%d%s" % (rng.choice(FP_VV), vd, vs2, vs1, self.vm(vd, n)))
        elif k < 0.5:
            g.emit("%s.vf v%d, v%d, %s%s" % (rng.choice(FP_VV + FP_VF_ONLY), vd, vs2, fr, self.vm(vd, n)))
        elif k < 0.65:
            if rng.random() < 0.5:
                g.emit("%s.vv v%d, v%d, v%d%s" % (rng.choice(FP_FMA), vd, vs1, vs2, self.vm(vd, n)))
            else:
                g.emit("%s.vf v%d, %s, v%d%s" % (rng.choice(FP_FMA), vd, fr, vs2, self.vm(vd, n)))
        elif k < 0.75:
            vd = self.group(1, [(vs2, n), (vs1, n)])
            if vd is None:
                return
            if rng.random() < 0.5:
                g.emit("%s.vv v%d, v%d, v%d%s" % (rng.choice(FP_CMP), vd, vs2, vs1, self.vm(vd, 1)))
            else:
                g.emit("%s.vf v%d, v%d, %s%s" % (rng.choice(FP_CMP + ["vmfgt", "vmfge"]), vd, vs2, fr, self.vm(vd, 1)))
        elif k < 0.8:
            g.emit("%s v%d, v%d%s" % (rng.choice(FP_V), vd, vs2, self.vm(vd, n)))
        elif k < 0.87:
            self.fp_wide()
        elif k < 0.93:
            op = rng.choice(["vfredusum", "vfredmin", "vfredmax", "vfredosum"])
            g.emit("%s.vs v%d, v%d, v%d%s" % (op, rng.randrange(1, 32), vs2, rng.randrange(32), self.vm(1, 1)))
        else:
            f = rng.random()
            if f < 0.3:
                g.emit("vfmv.f.s %s, v%d" % (fr, rng.randrange(32)))
            elif f < 0.6:
                g.emit("vfmv.s.f v%d, %s" % (rng.randrange(32), fr))
            elif f < 0.8:
                g.emit("vfmv.v.f v%d, %s" % (vd, fr))
            else:
                g.emit("fsrmi x0, %d" % rng.randint(0, 4))

    def one(self):
        """One vector instruction (or a short sequence), or a vset* when allowed."""
        rng = self.g.rng
        if not self.g.pending and rng.random() < 0.12:
            self.vsetvli()
            return
        if rng.random() < VSTART_P:     # resume mid-vector: the next instruction starts there
            self.g.emit("csrwi vstart, %d" % rng.randint(1, 7))
        kinds = [k for k in ("mem", "int", "fp") if k in self.parts]
        k = rng.choice(kinds)
        getattr(self, {"mem": "mem", "int": "integer", "fp": "fp"}[k])()

    # ---- set-up and dump ----
    def init(self):
        """Vector registers from the scratch bytes, a first vtype, vxrm, random f registers."""
        g, rng = self.g, self.g.rng
        for i in range(32):
            if i < 16:
                v = 0xffffffff00000000 | (rng.choice([0x3f800000, 0xc0000000, 0x7fc00000, 0,
                                                      0x80000000, 0x7f800000, 0x00000001])
                                          if rng.random() < 0.5 else rng.getrandbits(32))
            else:
                v = rng.choice([0x3ff0000000000000, 0xc000000000000000, 0x7ff8000000000000, 0,
                                0x8000000000000000, 0x7ff0000000000000, 1]) \
                    if rng.random() < 0.5 else rng.getrandbits(64)
            g.emit("li x5, %d" % (v - 2**64 if v >= 2**63 else v))
            g.emit("fmv.d.x f%d, x5" % i)
        g.emit("fsrmi x0, %d" % rng.randint(0, 4))
        g.emit("addi x29, x3, -1792")
        for r in (0, 8, 16, 24):
            g.emit("vl8re8.v v%d, (x29)" % r)
            g.emit("addi x29, x29, %d" % (8 * VLENB))
        g.emit("csrwi vxrm, %d" % rng.randint(0, 3))
        self.vsetvli()

    @staticmethod
    def save_to_scratch():
        """System-mode programs (no second dump): v0..v31, vl, vtype and vcsr into the first
        536 scratch bytes, so the hex dump of the page shows them."""
        out = ["\taddi x29, x3, -1792"]
        for r in (0, 8, 16, 24):
            out += ["\tvs8r.v v%d, (x29)" % r, "\taddi x29, x29, %d" % (8 * VLENB)]
        for i, c in enumerate(["vl", "vtype", "vcsr"]):
            out += ["\tcsrr x5, %s" % c, "\tsd x5, %d(x29)" % (8 * i)]
        return out

    @staticmethod
    def dump():
        """Stores of the vector state, f registers and fcsr to vdump (after the x dump)."""
        out = ["\tlla x5, vdump"]
        for r in (0, 8, 16, 24):
            out += ["\tvs8r.v v%d, (x5)" % r, "\taddi x5, x5, %d" % (8 * VLENB)]
        for i, c in enumerate(["vl", "vtype", "vstart", "vcsr", "fcsr"]):
            out += ["\tcsrr x6, %s" % c, "\tsd x6, %d(x5)" % (8 * i)]
        out += ["\taddi x5, x5, 40"] + ["\tfsd f%d, %d(x5)" % (i, 8 * i) for i in range(32)]
        return out


def describe(off):
    """The dump field at byte off of the vector dump."""
    if off < 32 * VLENB:
        return "v%d[byte %d]" % (off // VLENB, off % VLENB)
    off -= 32 * VLENB
    if off < 40:
        return ["vl", "vtype", "vstart", "vcsr", "fcsr"][off // 8]
    return "f%d" % ((off - 40) // 8)
