/*
 * RISC-V disassembler in the style of GNU objdump -d -M no-aliases: ABI register names, the
 * compressed mnemonic for 16-bit instructions, decimal immediates except where objdump prints
 * hex (lui/auipc/c.lui's 20-bit field, shift amounts, unnamed CSRs), branch and jump targets as
 * absolute addresses. Deliberate differences from objdump 2.40 (the decoder test normalises
 * them): targets carry a 0x prefix and no <symbol>; a fence with an empty set prints 0 where
 * objdump prints "unknown"; only user-level CSRs are named; instructions objdump rejects but
 * the ISA defines (fence/fence.i with reserved fields set, exact fcvts with rm != rne) print
 * normally. Invalid encodings print as objdump does: ".2byte 0x..." / ".4byte 0x...".
 * Everything is derived from the decoded RVInsn and the table; no state.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "decode-int.h"
#include "guest.h"
#include "disas-qemu.h"

#define put rv_disas_put
typedef RVDisOut Out;

#define BITS(w, hi, lo) (((w) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))

const char *const rv_xreg_name[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
    "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
    "t3", "t4", "t5", "t6",
};
const char *const rv_freg_name[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};
#define xreg rv_xreg_name
#define freg rv_freg_name
static const char *const rmname[8] = { "rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn" };

void rv_disas_put(RVDisOut *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
                      o->len < o->size ? o->size - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += n;
}

const char *rv_csr_name(unsigned csr, char *tmp, size_t n)
{
    static const char *const fp[4] = { NULL, "fflags", "frm", "fcsr" };
    if (csr >= 1 && csr <= 3)
        return fp[csr];
    switch (csr) {
#define CSR(name, num, storage, mask, flags) case num: return #name;
#define CSR_RANGE(name, num, count, first, storage, mask, flags)
#include "csr.def"
#undef CSR
#undef CSR_RANGE
    default: break;
    }
#define CSR(name, num, storage, mask, flags)
#define CSR_RANGE(name, num, count, first, storage, mask, flags) \
    if (csr >= (num) && csr < (unsigned)(num) + (count)) { \
        snprintf(tmp, n, #name "%u", csr - (num) + (first)); \
        return tmp; \
    }
#include "csr.def"
#undef CSR
#undef CSR_RANGE
    return NULL;
}

static void put_csr(Out *o, unsigned csr)
{
    char tmp[24];
    const char *name = rv_csr_name(csr, tmp, sizeof tmp);
    if (name)
        put(o, "%s", name);
    else
        put(o, "0x%x", csr);
}

static void put_fence_set(Out *o, unsigned set)
{
    if (!set) {
        put(o, "0");
        return;
    }
    put(o, "%s%s%s%s", set & 8 ? "i" : "", set & 4 ? "o" : "", set & 2 ? "r" : "",
        set & 1 ? "w" : "");
}

static void put_rm(Out *o, unsigned rm, unsigned hidden)
{
    if (rm != hidden)
        put(o, ",%s", rmname[rm & 7]);
}

/* vsetvli/vsetivli's vtype as objdump spells it: "e32,m1,ta,ma", or the number when a
 * reserved field or a bit above vma is set. */
static void put_vtype(Out *o, unsigned vt)
{
    static const char *const lmul[8] = { "m1", "m2", "m4", "m8", NULL, "mf8", "mf4", "mf2" };
    unsigned sew = vt >> 3 & 7;
    if ((vt >> 8) || sew > 3 || !lmul[vt & 7]) {
        put(o, "%u", vt);
        return;
    }
    put(o, "e%u,%s,%s,%s", 8u << sew, lmul[vt & 7], vt & 0x40 ? "ta" : "tu",
        vt & 0x80 ? "ma" : "mu");
}

/* A vector memory access's mnemonic with its field or register count: the table names the
 * one-field form (vle8.v, vlse8.v, vluxei8.v, vl1re8.v, vs1r.v); a segment access inserts
 * "seg<nf>" before its element-width part, a whole-register one replaces the 1. */
static void put_vmem_name(Out *o, const char *mn, int fmt, unsigned nf)
{
    if (fmt == RV_FMT_V_MEMR) {
        const char *one = strchr(mn, '1');
        put(o, "%.*s%u%s", (int)(one - mn), mn, nf, one + 1);
        return;
    }
    if (nf == 1) {
        put(o, "%s", mn);
        return;
    }
    size_t i = 2;
    while (mn[i] && !(mn[i] == 'e' && (mn[i + 1] == 'i' || (mn[i + 1] >= '0' && mn[i + 1] <= '9'))))
        i++;
    put(o, "%.*sseg%u%s", (int)i, mn, nf, mn + i);
}

/* The vector formats (insns-v.def): objdump's operand order, ",v0.t" when masked. */
static void put_vector(Out *o, const char *mn, int fmt, const RVInsn *in)
{
    char v[3][4];
    snprintf(v[0], sizeof v[0], "v%u", in->rd & 31);
    snprintf(v[1], sizeof v[1], "v%u", in->rs2 & 31);
    snprintf(v[2], sizeof v[2], "v%u", in->rs1 & 31);
    const char *vd = v[0], *vs2 = v[1], *vs1 = v[2];
    const char *rd = xreg[in->rd], *rs1 = xreg[in->rs1], *fs1 = freg[in->rs1];
    int imm = (int)in->imm;
    switch (fmt) {
    case RV_FMT_V_CFG_I:
        put(o, "%s %s,%s,", mn, rd, rs1);
        put_vtype(o, (unsigned)in->imm);
        return;
    case RV_FMT_V_CFG_II:
        put(o, "%s %s,%u,", mn, rd, in->rs1);
        put_vtype(o, (unsigned)in->imm);
        return;
    case RV_FMT_V_CFG_R:  put(o, "%s %s,%s,%s", mn, rd, rs1, xreg[in->rs2]); return;
    case RV_FMT_V_VV:     put(o, "%s %s,%s,%s", mn, vd, vs2, vs1); break;
    case RV_FMT_V_VX:     put(o, "%s %s,%s,%s", mn, vd, vs2, rs1); break;
    case RV_FMT_V_VF:     put(o, "%s %s,%s,%s", mn, vd, vs2, fs1); break;
    case RV_FMT_V_VI: case RV_FMT_V_VIU:
        put(o, "%s %s,%s,%d", mn, vd, vs2, in->op == RV_OP_vror_vi ? (int)rv_vror_vi_imm(in) : imm);
        break;
    case RV_FMT_V_MAC_VV: put(o, "%s %s,%s,%s", mn, vd, vs1, vs2); break;
    case RV_FMT_V_MAC_VX: put(o, "%s %s,%s,%s", mn, vd, rs1, vs2); break;
    case RV_FMT_V_MAC_VF: put(o, "%s %s,%s,%s", mn, vd, fs1, vs2); break;
    case RV_FMT_V_V:      put(o, "%s %s,%s", mn, vd, vs2); break;
    case RV_FMT_V_X_V:    put(o, "%s %s,%s", mn, rd, vs2); break;
    case RV_FMT_V_F_V:    put(o, "%s %s,%s", mn, freg[in->rd], vs2); break;
    case RV_FMT_V_S_X:    put(o, "%s %s,%s", mn, vd, rs1); break;
    case RV_FMT_V_S_F:    put(o, "%s %s,%s", mn, vd, fs1); break;
    case RV_FMT_V_S_I:    put(o, "%s %s,%d", mn, vd, imm); break;
    case RV_FMT_V_S_V:    put(o, "%s %s,%s", mn, vd, vs1); break;
    case RV_FMT_V_VVM:    put(o, "%s %s,%s,%s,v0", mn, vd, vs2, vs1); return;
    case RV_FMT_V_VXM:    put(o, "%s %s,%s,%s,v0", mn, vd, vs2, rs1); return;
    case RV_FMT_V_VIM:    put(o, "%s %s,%s,%d,v0", mn, vd, vs2, imm); return;
    case RV_FMT_V_VFM:    put(o, "%s %s,%s,%s,v0", mn, vd, vs2, fs1); return;
    case RV_FMT_V_D:      put(o, "%s %s", mn, vd); break;
    case RV_FMT_V_MEM: case RV_FMT_V_MEMS: case RV_FMT_V_MEMX: case RV_FMT_V_MEMR:
        put_vmem_name(o, mn, fmt, in->nf);
        put(o, " %s,(%s)", vd, rs1);
        if (fmt == RV_FMT_V_MEMS)
            put(o, ",%s", xreg[in->rs2]);
        else if (fmt == RV_FMT_V_MEMX)
            put(o, ",%s", vs2);
        break;
    default:
        put(o, "%s", mn);
        return;
    }
    if (!in->vm)
        put(o, ",v0.t");
}

int rv_disas(char *buf, size_t buflen, uint64_t pc, const RVInsn *in)
{
    Out o = { buf, buflen, 0 };
    if (buflen)
        buf[0] = 0;
    if (in->op == RV_OP_illegal) {
        put(&o, ".%dbyte 0x%x", in->len == 2 ? 2 : 4, in->raw);
        return (int)o.len;
    }
    if (in->len == 2) {
        const char *mn = rv_op_name(in->cop);
        int fmt = rv_op_info[in->cop].fmt;
        const char *rd = xreg[in->rd], *rs1 = xreg[in->rs1], *rs2 = xreg[in->rs2];
        switch (fmt) {
        case RV_FMT_CIW:
            put(&o, "%s %s,sp,%d", mn, rd, (int)in->imm);
            break;
        case RV_FMT_CL_W: case RV_FMT_CL_D: case RV_FMT_CI_LWSP: case RV_FMT_CI_LDSP:
            put(&o, "%s %s,%d(%s)", mn, rd, (int)in->imm, rs1);
            break;
        case RV_FMT_CL_DF: case RV_FMT_CI_LDSPF:
            put(&o, "%s %s,%d(%s)", mn, freg[in->rd], (int)in->imm, rs1);
            break;
        case RV_FMT_CS_W: case RV_FMT_CS_D: case RV_FMT_CSS_W: case RV_FMT_CSS_D:
            put(&o, "%s %s,%d(%s)", mn, rs2, (int)in->imm, rs1);
            break;
        case RV_FMT_CS_DF: case RV_FMT_CSS_DF:
            put(&o, "%s %s,%d(%s)", mn, freg[in->rs2], (int)in->imm, rs1);
            break;
        case RV_FMT_CI: case RV_FMT_CB_ANDI: case RV_FMT_CI_16SP:
            put(&o, "%s %s,%d", mn, rd, (int)in->imm);
            break;
        case RV_FMT_CI_LUI:
            put(&o, "%s %s,0x%x", mn, rd, (unsigned)(in->imm >> 12) & 0xfffff);
            break;
        case RV_FMT_CI_SLLI: case RV_FMT_CB_SH:
            /* shamt 0 is the RV128 "64" form; objdump names it so */
            if (in->imm == 0)
                put(&o, "%s64 %s", mn, rd);
            else
                put(&o, "%s %s,0x%x", mn, rd, (unsigned)in->imm);
            break;
        case RV_FMT_CA: case RV_FMT_CR_MV:
            put(&o, "%s %s,%s", mn, rd, rs2);
            break;
        case RV_FMT_CJ:
            put(&o, "%s 0x%llx", mn, (unsigned long long)(pc + in->imm));
            break;
        case RV_FMT_CB:
            put(&o, "%s %s,0x%llx", mn, rs1, (unsigned long long)(pc + in->imm));
            break;
        case RV_FMT_CR_JR:
            put(&o, "%s %s", mn, rs1);
            break;
        case RV_FMT_CLB: case RV_FMT_CLH:
            put(&o, "%s %s,%d(%s)", mn, rd, (int)in->imm, rs1);
            break;
        case RV_FMT_CSB: case RV_FMT_CSH:
            put(&o, "%s %s,%d(%s)", mn, rs2, (int)in->imm, rs1);
            break;
        case RV_FMT_CU:
            put(&o, "%s %s", mn, rd);
            break;
        case RV_FMT_C_MOP:
            put(&o, "%s.%u", mn, (unsigned)BITS(in->raw, 10, 8) << 1 | 1);
            break;
        default:
            put(&o, "%s", mn);
            break;
        }
        return (int)o.len;
    }

    const char *mn = rv_op_name(in->op);
    int fmt = rv_op_info[in->op].fmt;
    const char *rd = xreg[in->rd], *rs1 = xreg[in->rs1], *rs2 = xreg[in->rs2];
    const char *fd = freg[in->rd], *fs1 = freg[in->rs1], *fs2 = freg[in->rs2];
    switch (fmt) {
    case RV_FMT_R:
        put(&o, "%s %s,%s,%s", mn, rd, rs1, rs2);
        break;
    case RV_FMT_I:
        put(&o, "%s %s,%s,%d", mn, rd, rs1, (int)in->imm);
        break;
    case RV_FMT_LOAD: case RV_FMT_JALR:
        put(&o, "%s %s,%d(%s)", mn, rd, (int)in->imm, rs1);
        break;
    case RV_FMT_FLOAD:
        put(&o, "%s %s,%d(%s)", mn, fd, (int)in->imm, rs1);
        break;
    case RV_FMT_S:
        put(&o, "%s %s,%d(%s)", mn, rs2, (int)in->imm, rs1);
        break;
    case RV_FMT_FSTORE:
        put(&o, "%s %s,%d(%s)", mn, fs2, (int)in->imm, rs1);
        break;
    case RV_FMT_B:
        put(&o, "%s %s,%s,0x%llx", mn, rs1, rs2, (unsigned long long)(pc + in->imm));
        break;
    case RV_FMT_U:
        put(&o, "%s %s,0x%x", mn, rd, (unsigned)(in->imm >> 12) & 0xfffff);
        break;
    case RV_FMT_J:
        put(&o, "%s %s,0x%llx", mn, rd, (unsigned long long)(pc + in->imm));
        break;
    case RV_FMT_SHIFT: case RV_FMT_SHIFTW:
        put(&o, "%s %s,%s,0x%x", mn, rd, rs1, (unsigned)in->imm);
        break;
    case RV_FMT_CSR:
        put(&o, "%s %s,", mn, rd);
        put_csr(&o, in->csr);
        put(&o, ",%s", rs1);
        break;
    case RV_FMT_CSRI:
        put(&o, "%s %s,", mn, rd);
        put_csr(&o, in->csr);
        put(&o, ",%u", (unsigned)in->imm);
        break;
    case RV_FMT_FENCE:
        if (in->raw == 0x8330000f) {
            put(&o, "fence.tso");
            break;
        }
        put(&o, "%s ", mn);
        put_fence_set(&o, (in->imm >> 4) & 15);
        put(&o, ",");
        put_fence_set(&o, in->imm & 15);
        break;
    case RV_FMT_AMO: case RV_FMT_LR:
        put(&o, "%s%s %s,", mn, in->aq ? (in->rl ? ".aqrl" : ".aq") : (in->rl ? ".rl" : ""), rd);
        if (fmt == RV_FMT_AMO)
            put(&o, "%s,", rs2);
        put(&o, "(%s)", rs1);
        break;
    case RV_FMT_FR:
        put(&o, "%s %s,%s,%s", mn, fd, fs1, fs2);
        break;
    case RV_FMT_FR_RM:
        put(&o, "%s %s,%s,%s", mn, fd, fs1, fs2);
        put_rm(&o, in->rm, 7);
        break;
    case RV_FMT_R4:
        put(&o, "%s %s,%s,%s,%s", mn, fd, fs1, fs2, freg[in->rs3]);
        put_rm(&o, in->rm, 7);
        break;
    case RV_FMT_FR1_RM:
        put(&o, "%s %s,%s", mn, fd, fs1);
        put_rm(&o, in->rm, 7);
        break;
    case RV_FMT_FR1_EX:
        put(&o, "%s %s,%s", mn, fd, fs1);
        put_rm(&o, in->rm, 0);
        break;
    case RV_FMT_FCMP:
        put(&o, "%s %s,%s,%s", mn, rd, fs1, fs2);
        break;
    case RV_FMT_F2X:
        put(&o, "%s %s,%s", mn, rd, fs1);
        break;
    case RV_FMT_X2F:
        put(&o, "%s %s,%s", mn, fd, rs1);
        break;
    case RV_FMT_F2X_RM:
        put(&o, "%s %s,%s", mn, rd, fs1);
        put_rm(&o, in->rm, 7);
        break;
    case RV_FMT_X2F_RM:
        put(&o, "%s %s,%s", mn, fd, rs1);
        put_rm(&o, in->rm, 7);
        break;
    case RV_FMT_X2F_EX:
        put(&o, "%s %s,%s", mn, fd, rs1);
        put_rm(&o, in->rm, 0);
        break;
    case RV_FMT_SFENCE:
        put(&o, "%s %s,%s", mn, rs1, rs2);
        break;
    case RV_FMT_R1:
        put(&o, "%s %s,%s", mn, rd, rs1);
        break;
    case RV_FMT_FLI: {   /* binutils' spelling: min, inf, nan, else the value (%g) */
        static const char *const named[32] = { [1] = "min", [30] = "inf", [31] = "nan" };
        if (named[in->rs1])
            put(&o, "%s %s,%s", mn, fd, named[in->rs1]);
        else
            put(&o, "%s %s,%g", mn, fd, rv_fli_value(in->rs1, false));
        break;
    }
    case RV_FMT_R_BS:
        put(&o, "%s %s,%s,%s,0x%x", mn, rd, rs1, rs2, (unsigned)in->imm);
        break;
    case RV_FMT_KS1I:
        put(&o, "%s %s,%s,0x%x", mn, rd, rs1, (unsigned)in->imm);
        break;
    case RV_FMT_CBO:
        put(&o, "%s (%s)", mn, rs1);
        break;
    case RV_FMT_PREFETCH:
        put(&o, "%s %d(%s)", mn, (int)in->imm, rs1);
        break;
    case RV_FMT_MOP_R:
        put(&o, "%s.%u %s,%s", mn, (unsigned)(BITS(in->raw, 30, 30) << 4 |
            BITS(in->raw, 27, 26) << 2 | BITS(in->raw, 21, 20)), rd, rs1);
        break;
    case RV_FMT_MOP_RR:
        put(&o, "%s.%u %s,%s,%s", mn, (unsigned)(BITS(in->raw, 30, 30) << 2 |
            BITS(in->raw, 27, 26)), rd, rs1, rs2);
        break;
    case RV_FMT_FENCE_I: case RV_FMT_SYS:
        put(&o, "%s", mn);
        break;
    default:
        put_vector(&o, mn, fmt, in);
        break;
    }
    return (int)o.len;
}

int rv_disas_bytes(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len,
                   int (*style)(char *, size_t, uint64_t, const RVInsn *))
{
    RVInsn in;
    int n = rv_decode(&in, code, len);
    if (n == 0) {
        snprintf(buf, buflen, "(truncated instruction)");
        return 0;
    }
    style(buf, buflen, pc, &in);
    return in.op == RV_OP_illegal ? 0 : n;
}

int guest_disas(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len)
{
    return rv_disas_bytes(buf, buflen, pc, code, len, rv_disas);
}
