/*
 * RISC-V disassembler in the style of QEMU 7.2's (disas/riscv.c as qemu-riscv64 7.2 prints it
 * through qemu_plugin_insn_disas), so that traces from execlog-like plugins diff line by line
 * against qemu-riscv64's. Learnt by running qemu-riscv64 7.2 (tests/plugins/q72/disaslog.c)
 * over the guest test programs and the benchmarks; tests/plugins/qemu-disas.sh keeps it so.
 *
 * Flow: the decoded RVInsn (same decoder and table as disas.c: compressed instructions arrive
 * expanded to their base instruction, which is what QEMU prints) -> the pseudo-instruction
 * table below picks QEMU's name and operand template, or the format's default template ->
 * the template is rendered. The line is "<raw hex, padded to 18 columns><mnemonic padded to
 * 24><operands>", and a pc-relative operand adds "# 0x<target>" at column 48 of the text.
 * QEMU 7.2's own quirks are kept on purpose: branches are always printed with the
 * pseudo-names (bgt/ble/bgtu/bleu swap the operands), rounding modes come first ("rne,..."),
 * fmv/fneg/fabs name their registers as integer ones, andn/orn/xnor/xperm8 show two
 * operands, slli.uw and sha512{sig,sum}{0,1} a register from the rs2 bits, ctzw is "clzw".
 * The vector instructions print disas.c's objdump text in these columns, which is QEMU 7.2's
 * but for the few spellings vector_quirks() adjusts; so do the formats QEMU 7.2 lacks (Zfa,
 * Zfh, Zicond, Zicbo, ...; it prints "illegal" for them). Invalid encodings print "illegal".
 * Pure functions of the instruction and pc; no state.
 */
#include <stdio.h>
#include <string.h>
#include "decode-int.h"
#include "guest.h"
#include "disas-qemu.h"

#define QD_TAB 24   /* mnemonic column width; a pc-relative comment starts at twice it */
#define QD_RAW 18   /* raw-bytes column width */

#define xreg rv_xreg_name
#define freg rv_freg_name
static const char *const rmname[8] = { "rne", "rtz", "rdn", "rup", "rmm", "inv", "inv", "dyn" };

/*
 * Operand templates: d s t = rd rs1 rs2 as integer registers, D S T Q = rd rs1 rs2 rs3 as FP
 * registers, i = the immediate (decimal), o = the pc-relative immediate plus its target
 * comment, c = the CSR, r = the rounding mode, p/q = the fence's predecessor/successor sets;
 * x = the rs2 field of the raw bits; any other character is copied. The mnemonic is always
 * padded to its column, operands or not.
 */
static const char *const fmt_template[RV_NB_FMTS] = {
    [RV_FMT_R] = "d,s,t", [RV_FMT_I] = "d,s,i", [RV_FMT_LOAD] = "d,i(s)",
    [RV_FMT_JALR] = "d,s,i", [RV_FMT_S] = "t,i(s)", [RV_FMT_B] = "s,t,o", [RV_FMT_U] = "d,i",
    [RV_FMT_J] = "d,o", [RV_FMT_SHIFT] = "d,s,i", [RV_FMT_SHIFTW] = "d,s,i",
    [RV_FMT_CSR] = "d,c,s", [RV_FMT_CSRI] = "d,c,i", [RV_FMT_FENCE] = "p,q",
    [RV_FMT_SFENCE] = "s,t", [RV_FMT_AMO] = "d,t,(s)", [RV_FMT_LR] = "d,(s)",
    [RV_FMT_FLOAD] = "D,i(s)", [RV_FMT_FSTORE] = "T,i(s)", [RV_FMT_FR] = "D,S,T",
    [RV_FMT_FR_RM] = "r,D,S,T", [RV_FMT_R4] = "r,D,S,T,Q", [RV_FMT_FR1_RM] = "r,D,S",
    [RV_FMT_FR1_EX] = "r,D,S", [RV_FMT_FCMP] = "d,S,T", [RV_FMT_F2X] = "d,S",
    [RV_FMT_X2F] = "D,s", [RV_FMT_F2X_RM] = "r,d,S", [RV_FMT_X2F_RM] = "r,D,s",
    [RV_FMT_X2F_EX] = "r,D,s", [RV_FMT_R1] = "d,s", [RV_FMT_R_BS] = "s,t,i",
    [RV_FMT_KS1I] = "d,s,i", [RV_FMT_FENCE_I] = "", [RV_FMT_SYS] = "",
};

/* When a pseudo-instruction applies (QEMU 7.2 tries a base instruction's rows in order). */
enum { QC_ALWAYS, QC_NOP, QC_IMM0, QC_IMM1, QC_IMM_M1, QC_RD0, QC_RS1_0, QC_RS2_0, QC_RET,
       QC_JR, QC_RS1_EQ_RS2, QC_CSR_READ, QC_CSR_ANY };

typedef struct QPseudo {
    uint16_t op;          /* base RVOp */
    uint8_t cond;
    uint16_t csr;         /* QC_CSR_*: the CSR number */
    const char *name;
    const char *ops;      /* operand template */
} QPseudo;

static const QPseudo pseudos[] = {
    { RV_OP_addi,     QC_NOP,        0, "nop",       "" },
    { RV_OP_addi,     QC_IMM0,       0, "mv",        "d,s" },
    { RV_OP_jal,      QC_RD0,        0, "j",         "o" },
    { RV_OP_jalr,     QC_RET,        0, "ret",       "" },
    { RV_OP_jalr,     QC_JR,         0, "jr",        "s" },
    { RV_OP_beq,      QC_RS2_0,      0, "beqz",      "s,o" },
    { RV_OP_bne,      QC_RS2_0,      0, "bnez",      "s,o" },
    { RV_OP_blt,      QC_RS2_0,      0, "bltz",      "s,o" },
    { RV_OP_blt,      QC_RS1_0,      0, "bgtz",      "t,o" },
    { RV_OP_blt,      QC_ALWAYS,     0, "bgt",       "t,s,o" },
    { RV_OP_bge,      QC_RS1_0,      0, "blez",      "t,o" },
    { RV_OP_bge,      QC_RS2_0,      0, "bgez",      "s,o" },
    { RV_OP_bge,      QC_ALWAYS,     0, "ble",       "t,s,o" },
    { RV_OP_bltu,     QC_ALWAYS,     0, "bgtu",      "t,s,o" },
    { RV_OP_bgeu,     QC_ALWAYS,     0, "bleu",      "t,s,o" },
    { RV_OP_sltiu,    QC_IMM1,       0, "seqz",      "d,s" },
    { RV_OP_xori,     QC_IMM_M1,     0, "not",       "d,s" },
    { RV_OP_sub,      QC_RS1_0,      0, "neg",       "d,t" },
    { RV_OP_slt,      QC_RS2_0,      0, "sltz",      "d,s" },
    { RV_OP_slt,      QC_RS1_0,      0, "sgtz",      "d,t" },
    { RV_OP_sltu,     QC_RS1_0,      0, "snez",      "d,t" },
    { RV_OP_addiw,    QC_IMM0,       0, "sext.w",    "d,s" },
    { RV_OP_subw,     QC_RS1_0,      0, "negw",      "d,t" },
    { RV_OP_fsgnj_s,  QC_RS1_EQ_RS2, 0, "fmv.s",     "d,s" },
    { RV_OP_fsgnjn_s, QC_RS1_EQ_RS2, 0, "fneg.s",    "d,s" },
    { RV_OP_fsgnjx_s, QC_RS1_EQ_RS2, 0, "fabs.s",    "d,s" },
    { RV_OP_fsgnj_d,  QC_RS1_EQ_RS2, 0, "fmv.d",     "d,s" },
    { RV_OP_fsgnjn_d, QC_RS1_EQ_RS2, 0, "fneg.d",    "d,s" },
    { RV_OP_fsgnjx_d, QC_RS1_EQ_RS2, 0, "fabs.d",    "d,s" },
    { RV_OP_csrrs,    QC_CSR_READ,   0xc00, "rdcycle",   "d" },
    { RV_OP_csrrs,    QC_CSR_READ,   0xc01, "rdtime",    "d" },
    { RV_OP_csrrs,    QC_CSR_READ,   0xc02, "rdinstret", "d" },
    { RV_OP_csrrs,    QC_CSR_READ,   0x003, "frcsr",     "d" },
    { RV_OP_csrrs,    QC_CSR_READ,   0x002, "frrm",      "d" },
    { RV_OP_csrrs,    QC_CSR_READ,   0x001, "frflags",   "d" },
    { RV_OP_csrrw,    QC_CSR_ANY,    0x003, "fscsr",     "d,s" },
    { RV_OP_csrrw,    QC_CSR_ANY,    0x002, "fsrm",      "d,s" },
    { RV_OP_csrrw,    QC_CSR_ANY,    0x001, "fsflags",   "d,s" },
    { RV_OP_csrrwi,   QC_CSR_ANY,    0x002, "fsrmi",     "d,i" },
    { RV_OP_csrrwi,   QC_CSR_ANY,    0x001, "fsflagsi",  "d,i" },
    /* QEMU 7.2's templates for these Zb* instructions (not pseudos, but its spelling) */
    { RV_OP_andn,     QC_ALWAYS,     0, "andn",      "d,s" },
    { RV_OP_orn,      QC_ALWAYS,     0, "orn",       "d,s" },
    { RV_OP_xnor,     QC_ALWAYS,     0, "xnor",      "d,s" },
    { RV_OP_slli_uw,  QC_ALWAYS,     0, "slli.uw",   "d,s,x" },
    { RV_OP_ctzw,     QC_ALWAYS,     0, "clzw",      "d,s" },
    { RV_OP_xperm8,   QC_ALWAYS,     0, "xperm8",    "d,s" },
    { RV_OP_sha512sig0, QC_ALWAYS,   0, "sha512sig0", "d,s,x" },
    { RV_OP_sha512sig1, QC_ALWAYS,   0, "sha512sig1", "d,s,x" },
    { RV_OP_sha512sum0, QC_ALWAYS,   0, "sha512sum0", "d,s,x" },
    { RV_OP_sha512sum1, QC_ALWAYS,   0, "sha512sum1", "d,s,x" },
    /* F's pre-2.2 names, which QEMU 7.2 still prints */
    { RV_OP_fmv_x_w,  QC_ALWAYS,     0, "fmv.x.s",   "d,S" },
    { RV_OP_fmv_w_x,  QC_ALWAYS,     0, "fmv.s.x",   "D,s" },
};

static bool pseudo_applies(const QPseudo *p, const RVInsn *in)
{
    switch (p->cond) {
    case QC_ALWAYS:     return true;
    case QC_NOP:        return in->rd == 0 && in->rs1 == 0 && in->imm == 0;
    case QC_IMM0:       return in->imm == 0;
    case QC_IMM1:       return in->imm == 1;
    case QC_IMM_M1:     return in->imm == -1;
    case QC_RD0:        return in->rd == 0;
    case QC_RS1_0:      return in->rs1 == 0;
    case QC_RS2_0:      return in->rs2 == 0;
    case QC_RET:        return in->rd == 0 && in->rs1 == 1;
    case QC_JR:         return in->rd == 0 && in->imm == 0;
    case QC_RS1_EQ_RS2: return in->rs1 == in->rs2;
    case QC_CSR_READ:   return in->csr == p->csr && in->rs1 == 0;
    case QC_CSR_ANY:    return in->csr == p->csr;
    }
    return false;
}

#define put rv_disas_put
typedef RVDisOut Out;

static void pad_to(Out *o, size_t base, size_t col)
{
    while (o->len - base < col)
        put(o, " ");
}

/* QEMU names the CSRs of the specification; the unnamed ones print as 0x%03x. */
static const char *csr_name(unsigned csr, char *tmp, size_t n)
{
    const char *name = rv_csr_name(csr, tmp, n);
    if (!name) {
        snprintf(tmp, n, "0x%03x", csr);
        name = tmp;
    }
    return name;
}

static void put_fence_set(Out *o, unsigned set)
{
    put(o, "%s%s%s%s", set & 8 ? "i" : "", set & 4 ? "o" : "", set & 2 ? "r" : "",
        set & 1 ? "w" : "");
}

static void render(Out *o, size_t base, uint64_t pc, const RVInsn *in, const char *ops)
{
    char tmp[24];
    for (const char *c = ops; *c; c++) {
        switch (*c) {
        case 'd': put(o, "%s", xreg[in->rd]); break;
        case 's': put(o, "%s", xreg[in->rs1]); break;
        case 't': put(o, "%s", xreg[in->rs2]); break;
        case 'D': put(o, "%s", freg[in->rd]); break;
        case 'S': put(o, "%s", freg[in->rs1]); break;
        case 'T': put(o, "%s", freg[in->rs2]); break;
        case 'Q': put(o, "%s", freg[in->rs3]); break;
        case 'i': put(o, "%d", (int)in->imm); break;
        case 'o':
            put(o, "%d", (int)in->imm);
            pad_to(o, base, 2 * QD_TAB);
            put(o, "# 0x%llx", (unsigned long long)(pc + (uint64_t)in->imm));
            break;
        case 'c': put(o, "%s", csr_name(in->csr, tmp, sizeof tmp)); break;
        case 'r': put(o, "%s", rmname[in->rm & 7]); break;
        case 'p': put_fence_set(o, (in->imm >> 4) & 15); break;
        case 'q': put_fence_set(o, in->imm & 15); break;
        case 'x': put(o, "%s", xreg[in->raw >> 20 & 31]); break;
        default: put(o, "%c", *c); break;
        }
    }
}

/* QEMU decodes a reserved rounding mode (5, 6) and prints it as "inv"; qelt's decoder
 * rejects it. An OP-FP/FMA word with such a mode: decoded again with the dynamic mode, it
 * stands for the instruction QEMU shows. */
static bool reserved_rm_insn(const RVInsn *in, RVInsn *out)
{
    unsigned opc = in->raw & 0x7f, rm = in->raw >> 12 & 7;
    if (in->len != 4 || (rm != 5 && rm != 6) ||
        (opc != 0x53 && opc != 0x43 && opc != 0x47 && opc != 0x4b && opc != 0x4f))
        return false;
    uint32_t w = in->raw | 7u << 12;
    uint8_t b[4] = { w & 0xff, w >> 8 & 0xff, w >> 16 & 0xff, w >> 24 };
    if (rv_decode(out, b, 4) != 4 || out->op == RV_OP_illegal || out->rm != 7)
        return false;
    out->rm = rm;
    out->raw = in->raw;
    return true;
}

/* Encodings qelt accepts (HINTs) that QEMU 7.2's disassembler calls illegal: c.addi with a
 * zero immediate and a nonzero rd, the compressed shifts by zero, slli.uw by 32..63. */
static bool qemu_rejects(const RVInsn *in)
{
    if (in->len == 2)
        return (in->cop == RV_OP_c_addi && in->rd && !in->imm) ||
               ((in->cop == RV_OP_c_slli || in->cop == RV_OP_c_srli || in->cop == RV_OP_c_srai) &&
                !in->imm);
    return in->op == RV_OP_slli_uw && in->imm >= 32;
}

/* QEMU 7.2's vector spellings where they differ from objdump's: segment accesses print as
 * their one-field form, vmadc/vmsbc always as the carry-in form (",v0"), vfsqrt.v,
 * vfrsqrt7.v and vfrec7.v without their mask operand. */
static void vector_quirks(RVInsn *v)
{
    static const uint16_t carry[][2] = {
        { RV_OP_vmadc_vv, RV_OP_vmadc_vvm }, { RV_OP_vmadc_vx, RV_OP_vmadc_vxm },
        { RV_OP_vmadc_vi, RV_OP_vmadc_vim }, { RV_OP_vmsbc_vv, RV_OP_vmsbc_vvm },
        { RV_OP_vmsbc_vx, RV_OP_vmsbc_vxm },
    };
    int fmt = rv_op_info[v->op].fmt;
    if (fmt == RV_FMT_V_MEM || fmt == RV_FMT_V_MEMS || fmt == RV_FMT_V_MEMX)
        v->nf = 1;
    for (size_t i = 0; i < sizeof carry / sizeof carry[0]; i++)
        if (v->op == carry[i][0])
            v->op = carry[i][1];
    if (v->op == RV_OP_vfsqrt_v || v->op == RV_OP_vfrsqrt7_v || v->op == RV_OP_vfrec7_v)
        v->vm = 1;
}

int rv_disas_qemu(char *buf, size_t buflen, uint64_t pc, const RVInsn *in)
{
    Out o = { buf, buflen, 0 };
    if (buflen)
        buf[0] = 0;
    if (in->len == 2)
        put(&o, "%04x", in->raw & 0xffff);
    else
        put(&o, "%08x", in->raw);
    pad_to(&o, 0, QD_RAW);
    size_t base = o.len;
    RVInsn v = *in;
    if (in->op == RV_OP_illegal && !reserved_rm_insn(in, &v)) {
        put(&o, "illegal");
        pad_to(&o, base, QD_TAB);
        return (int)o.len;
    }
    if (qemu_rejects(in)) {
        put(&o, "illegal");
        pad_to(&o, base, QD_TAB);
        return (int)o.len;
    }
    if (in->len == 2 && in->cop == RV_OP_c_mv) {   /* QEMU expands c.mv to addi rd,rs2,0 */
        v.op = RV_OP_addi;
        v.rs1 = in->rs2;
        v.imm = 0;
    }
    int fmt = rv_op_info[v.op].fmt;
    const char *name = rv_op_name(v.op), *ops = fmt_template[fmt];
    for (size_t i = 0; i < sizeof pseudos / sizeof pseudos[0]; i++) {
        if (pseudos[i].op == v.op && pseudo_applies(&pseudos[i], &v)) {
            name = pseudos[i].name;
            ops = pseudos[i].ops;
            break;
        }
    }
    if (v.op == RV_OP_auipc)
        ops = "d,o";
    if (!ops) {   /* a format QEMU 7.2 does not know: disas.c's text, in QEMU's columns */
        char text[128];
        vector_quirks(&v);
        rv_disas(text, sizeof text, pc, &v);
        const char *sp = strchr(text, ' ');
        put(&o, "%.*s", sp ? (int)(sp - text) : (int)strlen(text), text);
        pad_to(&o, base, QD_TAB);
        if (sp)
            put(&o, "%s", sp + 1);
        return (int)o.len;
    }
    if (fmt == RV_FMT_AMO || fmt == RV_FMT_LR)
        put(&o, "%s%s%s", name, v.aq ? ".aq" : "", v.rl ? ".rl" : "");
    else
        put(&o, "%s", name);
    pad_to(&o, base, QD_TAB);
    render(&o, base, pc, &v, ops);
    return (int)o.len;
}

int guest_disas_qemu(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len)
{
    return rv_disas_bytes(buf, buflen, pc, code, len, rv_disas_qemu);
}
