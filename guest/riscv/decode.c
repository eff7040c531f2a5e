/*
 * RISC-V instruction decoder driven by insns.def.
 *
 * Lookup: the table is split into buckets keyed by the bits every encoding fixes the meaning
 * of first (16-bit: quadrant + funct3; 32-bit: opcode[6:2] + funct3). An entry goes into each
 * bucket whose key bits its mask/match allow, in table order, so the first mask/match hit in a
 * bucket is the table's first hit. Buckets hold a few entries (OP-FP has the most), so decoding
 * is a couple of compares per instruction.
 *
 * The buckets and the printable names are derived, read-only data built once (pthread_once)
 * on first use; no translation state lives here. Compressed instructions are expanded to their
 * base instruction (the translator only sees base ops) and keep their own id in `cop`.
 */
#include <pthread.h>
#include <stdbool.h>
#include <math.h>
#include <string.h>
#include "decode-int.h"

const RVOpInfo rv_op_info[RV_NB_OPS] = {
#define INSN(name, fmt, mask, match, ext) \
    [RV_OP_##name] = { (mask), (match), RV_FMT_##fmt, RV_EXT_##ext },
#include "insns.def"
#undef INSN
};

static const char *const rv_op_raw_names[RV_NB_OPS] = {
    [RV_OP_illegal] = "illegal",
#define INSN(name, fmt, mask, match, ext) [RV_OP_##name] = #name,
#include "insns.def"
#undef INSN
};

#define KEY16_BITS 0xe003u
#define KEY32_BITS 0x707cu
#define NB_KEY16 32
#define NB_KEY32 256

typedef struct RVDecodeTables {
    uint16_t start16[NB_KEY16 + 1];
    uint16_t start32[NB_KEY32 + 1];
    uint16_t list16[NB_KEY16 * 16];
    uint16_t list32[RV_NB_OPS * 8];
    char names[RV_NB_OPS][24];
} RVDecodeTables;

static RVDecodeTables rv_tables;
static pthread_once_t rv_tables_once = PTHREAD_ONCE_INIT;

static inline unsigned key16(uint32_t w) { return (w & 3) | ((w >> 13) & 7) << 2; }
static inline unsigned key32(uint32_t w) { return ((w >> 2) & 0x1f) | ((w >> 12) & 7) << 5; }

static void rv_tables_build(void)
{
    RVDecodeTables *t = &rv_tables;
    int n = 0;
    for (unsigned k = 0; k < NB_KEY16; k++) {
        uint32_t wk = (k & 3) | ((k >> 2) & 7) << 13;
        t->start16[k] = n;
        if ((k & 3) == 3)
            continue;
        for (int op = 1; op < RV_NB_OPS; op++) {
            const RVOpInfo *e = &rv_op_info[op];
            if ((e->match & 3) != 3 && ((wk ^ e->match) & e->mask & KEY16_BITS) == 0)
                t->list16[n++] = op;
        }
    }
    t->start16[NB_KEY16] = n;
    n = 0;
    for (unsigned k = 0; k < NB_KEY32; k++) {
        uint32_t wk = 3 | (k & 0x1f) << 2 | ((k >> 5) & 7) << 12;
        t->start32[k] = n;
        for (int op = 1; op < RV_NB_OPS; op++) {
            const RVOpInfo *e = &rv_op_info[op];
            if ((e->match & 3) == 3 && ((wk ^ e->match) & e->mask & (KEY32_BITS | 3)) == 0)
                t->list32[n++] = op;
        }
    }
    t->start32[NB_KEY32] = n;
    for (int op = 0; op < RV_NB_OPS; op++) {
        const char *s = rv_op_raw_names[op];
        size_t i;
        for (i = 0; s[i] && i < sizeof(t->names[op]) - 1; i++)
            t->names[op][i] = s[i] == '_' ? '.' : s[i];
        t->names[op][i] = 0;
    }
}

static inline const RVDecodeTables *tables(void)
{
    pthread_once(&rv_tables_once, rv_tables_build);
    return &rv_tables;
}

bool rv_op_is_fp(int op)
{
    int e = rv_op_info[op].ext;
    return e == RV_EXT_F || e == RV_EXT_D || e == RV_EXT_CD || e == RV_EXT_ZFHMIN ||
           e == RV_EXT_ZFH || e == RV_EXT_ZFA || e == RV_EXT_ZFA_ZFH;
}

RVMemAccess rv_insn_mem_access(const RVInsn *insn)
{
    const RVOpInfo *e = &rv_op_info[insn->op];
    unsigned f3 = (e->match >> 12) & 7, f5 = e->match >> 27;
    bool vstore = (e->match & 0x7f) == 0x27;
    static const uint8_t veew[8] = { 1, 0, 0, 0, 0, 2, 4, 8 };   /* width field -> EEW bytes */
    RVMemAccess a = { RV_MEM_NONE, RV_MEMS_SCALAR, 0 };
    switch (e->fmt) {
    case RV_FMT_LOAD: case RV_FMT_FLOAD: case RV_FMT_LR:
        a.kind = RV_MEM_LOAD;
        a.size = (uint8_t)(1u << (e->fmt == RV_FMT_LOAD ? f3 & 3 : f3));
        break;
    case RV_FMT_S: case RV_FMT_FSTORE:
        a.kind = RV_MEM_STORE;
        a.size = (uint8_t)(1u << f3);
        break;
    case RV_FMT_AMO:   /* sc.w/d store; the AMOs and amocas read and write */
        a.kind = f5 == 0x03 ? RV_MEM_STORE : RV_MEM_RMW;
        a.size = (uint8_t)(1u << f3);
        break;
    case RV_FMT_CBO:   /* only cbo.zero writes memory */
        if (insn->op == RV_OP_cbo_zero) {
            a.kind = RV_MEM_STORE;
            a.shape = RV_MEMS_BLOCK;
            a.size = 64;
        }
        break;
    case RV_FMT_V_MEM:
        a.kind = vstore ? RV_MEM_STORE : RV_MEM_LOAD;
        a.shape = ((e->match >> 20) & 0x1f) == 0x0b ? RV_MEMS_V_MASK : RV_MEMS_V_UNIT;
        a.size = a.shape == RV_MEMS_V_MASK ? 1 : veew[f3];
        break;
    case RV_FMT_V_MEMS: case RV_FMT_V_MEMX: case RV_FMT_V_MEMR:
        a.kind = vstore ? RV_MEM_STORE : RV_MEM_LOAD;
        a.shape = e->fmt == RV_FMT_V_MEMS ? RV_MEMS_V_STRIDED :
                  e->fmt == RV_FMT_V_MEMX ? RV_MEMS_V_INDEXED : RV_MEMS_V_WHOLE;
        a.size = veew[f3];
        break;
    default:
        break;
    }
    return a;
}

bool rv_insn_allowed(const RVInsn *insn, uint64_t isa)
{
    return rv_ext_allowed(isa, rv_op_info[insn->op].ext) &&
           (!insn->cop || rv_ext_allowed(isa, rv_op_info[insn->cop].ext));
}

/* Zfa fli's 32 constants (index = the rs1 field); 1 is the smallest normal, 30 inf, 31 NaN. */
static const double fli_values[32] = {
    -1.0, 0 /* min */, 0x1p-16, 0x1p-15, 0x1p-8, 0x1p-7, 0.0625, 0.125, 0.25, 0.3125, 0.375,
    0.4375, 0.5, 0.625, 0.75, 0.875, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 8.0, 16.0,
    128.0, 256.0, 0x1p15, 0x1p16, INFINITY, NAN,
};

double rv_fli_value(int index, int fmt)
{
    if (index == 1)
        return fmt == 1 ? 0x1p-1022 : fmt == 2 ? 0x1p-14 : 0x1p-126;
    return fli_values[index & 31];
}

const char *rv_op_name(int op)
{
    if (op < 0 || op >= RV_NB_OPS)
        return "?";
    return tables()->names[op];
}

static inline int64_t sext(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

#define BITS(w, hi, lo) (((w) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(w, n) (((w) >> (n)) & 1u)

static bool rm_reserved(unsigned rm) { return rm == 5 || rm == 6; }

/* The vector formats (insns-v.def's header): every operand goes to the RVInsn fields that
 * decode.h names; false for a reserved encoding the row cannot exclude by its mask. */
static bool decode32_vector(RVInsn *d, uint32_t w, int fmt)
{
    d->rd = BITS(w, 11, 7);
    d->rs1 = BITS(w, 19, 15);
    d->rs2 = BITS(w, 24, 20);
    d->vm = BIT(w, 25);
    d->nf = BITS(w, 31, 29) + 1;
    switch (fmt) {
    case RV_FMT_V_CFG_I:
        d->vm = 1; d->nf = 1; d->rs2 = 0;
        d->imm = BITS(w, 30, 20);
        return true;
    case RV_FMT_V_CFG_II:
        d->vm = 1; d->nf = 1; d->rs2 = 0;
        d->imm = BITS(w, 29, 20);
        return true;
    case RV_FMT_V_CFG_R:
        d->vm = 1; d->nf = 1;
        return true;
    case RV_FMT_V_VI: case RV_FMT_V_VIM: case RV_FMT_V_S_I:
        d->imm = sext(d->rs1, 5);
        break;
    case RV_FMT_V_VIU:
        d->imm = d->rs1;
        break;
    case RV_FMT_V_MEM: case RV_FMT_V_MEMS: case RV_FMT_V_MEMX:
        return true;
    case RV_FMT_V_MEMR:     /* whole registers: 1, 2, 4 or 8 */
        return (d->nf & (d->nf - 1)) == 0;
    case RV_FMT_V_VV: case RV_FMT_V_VX: case RV_FMT_V_VF: case RV_FMT_V_MAC_VV:
    case RV_FMT_V_MAC_VX: case RV_FMT_V_MAC_VF: case RV_FMT_V_V: case RV_FMT_V_X_V:
    case RV_FMT_V_F_V: case RV_FMT_V_S_X: case RV_FMT_V_S_F: case RV_FMT_V_S_V:
    case RV_FMT_V_VVM: case RV_FMT_V_VXM: case RV_FMT_V_VFM: case RV_FMT_V_D:
        break;
    default:
        return false;
    }
    d->nf = 1;
    return true;
}

/* Fills the fields of a 32-bit instruction; false if the format declares it reserved. */
static bool decode32_fields(RVInsn *d, uint32_t w, int fmt)
{
    unsigned rd = BITS(w, 11, 7), rs1 = BITS(w, 19, 15), rs2 = BITS(w, 24, 20);
    unsigned rm = BITS(w, 14, 12);
    switch (fmt) {
    case RV_FMT_R: case RV_FMT_FR: case RV_FMT_FCMP:
        d->rd = rd; d->rs1 = rs1; d->rs2 = rs2;
        return true;
    case RV_FMT_I: case RV_FMT_LOAD: case RV_FMT_JALR: case RV_FMT_FLOAD:
        d->rd = rd; d->rs1 = rs1; d->imm = sext(w >> 20, 12);
        return true;
    case RV_FMT_S: case RV_FMT_FSTORE:
        d->rs1 = rs1; d->rs2 = rs2;
        d->imm = sext(BITS(w, 31, 25) << 5 | BITS(w, 11, 7), 12);
        return true;
    case RV_FMT_B:
        d->rs1 = rs1; d->rs2 = rs2;
        d->imm = sext(BIT(w, 31) << 12 | BIT(w, 7) << 11 | BITS(w, 30, 25) << 5 |
                      BITS(w, 11, 8) << 1, 13);
        return true;
    case RV_FMT_U:
        d->rd = rd; d->imm = sext(w & 0xfffff000u, 32);
        return true;
    case RV_FMT_J:
        d->rd = rd;
        d->imm = sext(BIT(w, 31) << 20 | BITS(w, 19, 12) << 12 | BIT(w, 20) << 11 |
                      BITS(w, 30, 21) << 1, 21);
        return true;
    case RV_FMT_SHIFT:
        d->rd = rd; d->rs1 = rs1; d->imm = BITS(w, 25, 20);
        return true;
    case RV_FMT_SHIFTW:
        d->rd = rd; d->rs1 = rs1; d->imm = BITS(w, 24, 20);
        return true;
    case RV_FMT_CSR:
        d->rd = rd; d->rs1 = rs1; d->csr = w >> 20;
        return true;
    case RV_FMT_CSRI:
        d->rd = rd; d->csr = w >> 20; d->imm = rs1;
        return true;
    case RV_FMT_FENCE:
        d->imm = BITS(w, 27, 20);
        return true;
    case RV_FMT_FENCE_I: case RV_FMT_SYS:
        return true;
    case RV_FMT_SFENCE:
        d->rs1 = rs1; d->rs2 = rs2;
        return true;
    case RV_FMT_AMO:
        d->rs2 = rs2;
        /* fall through */
    case RV_FMT_LR:
        d->rd = rd; d->rs1 = rs1; d->aq = BIT(w, 26); d->rl = BIT(w, 25);
        return true;
    case RV_FMT_R4:
        d->rs3 = BITS(w, 31, 27);
        /* fall through */
    case RV_FMT_FR_RM:
        d->rs2 = rs2;
        /* fall through */
    case RV_FMT_FR1_RM: case RV_FMT_FR1_EX: case RV_FMT_F2X_RM: case RV_FMT_X2F_RM:
    case RV_FMT_X2F_EX:
        d->rd = rd; d->rs1 = rs1; d->rm = rm;
        return !rm_reserved(rm);
    case RV_FMT_F2X: case RV_FMT_X2F: case RV_FMT_R1: case RV_FMT_MOP_R:
        d->rd = rd; d->rs1 = rs1;
        return true;
    case RV_FMT_FLI:
        d->rd = rd; d->rs1 = rs1;
        return true;
    case RV_FMT_KS1I:
        d->rd = rd; d->rs1 = rs1; d->imm = BITS(w, 23, 20);
        return d->imm <= 10;
    case RV_FMT_MOP_RR:
        d->rd = rd; d->rs1 = rs1; d->rs2 = rs2;
        return true;
    case RV_FMT_R_BS:
        d->rd = rd; d->rs1 = rs1; d->rs2 = rs2; d->imm = BITS(w, 31, 30);
        return true;
    case RV_FMT_CBO:
        d->rs1 = rs1;
        return true;
    case RV_FMT_PREFETCH:   /* offset bits 4:0 are the selector: always 0 */
        d->rs1 = rs1; d->imm = sext(w >> 20, 12) & ~(int64_t)31;
        return true;
    default:
        return decode32_vector(d, w, fmt);
    }
    return false;
}

/* Expands a 16-bit instruction into its base form; false for a reserved encoding. */
static bool decode16(RVInsn *d, uint32_t w, int cop)
{
    unsigned rdp = BITS(w, 4, 2) + 8, rs1p = BITS(w, 9, 7) + 8;
    unsigned rfull = BITS(w, 11, 7), rs2full = BITS(w, 6, 2);
    int64_t ci = sext(BIT(w, 12) << 5 | BITS(w, 6, 2), 6);
    unsigned sh = BIT(w, 12) << 5 | BITS(w, 6, 2);
    unsigned uw = BITS(w, 12, 10) << 3 | BIT(w, 6) << 2 | BIT(w, 5) << 6;   /* CL/CS word */
    unsigned ud = BITS(w, 12, 10) << 3 | BITS(w, 6, 5) << 6;                /* CL/CS dword */

    switch (cop) {
    case RV_OP_c_addi4spn:
        d->op = RV_OP_addi; d->rd = rdp; d->rs1 = 2;
        d->imm = BITS(w, 12, 11) << 4 | BITS(w, 10, 7) << 6 | BIT(w, 6) << 2 | BIT(w, 5) << 3;
        return d->imm != 0;
    case RV_OP_c_fld: d->op = RV_OP_fld; d->rd = rdp; d->rs1 = rs1p; d->imm = ud; return true;
    case RV_OP_c_lw:  d->op = RV_OP_lw;  d->rd = rdp; d->rs1 = rs1p; d->imm = uw; return true;
    case RV_OP_c_ld:  d->op = RV_OP_ld;  d->rd = rdp; d->rs1 = rs1p; d->imm = ud; return true;
    case RV_OP_c_fsd: d->op = RV_OP_fsd; d->rs2 = rdp; d->rs1 = rs1p; d->imm = ud; return true;
    case RV_OP_c_sw:  d->op = RV_OP_sw;  d->rs2 = rdp; d->rs1 = rs1p; d->imm = uw; return true;
    case RV_OP_c_sd:  d->op = RV_OP_sd;  d->rs2 = rdp; d->rs1 = rs1p; d->imm = ud; return true;
    case RV_OP_c_addi:   /* rd=0 (c.nop and its HINTs) and imm=0 are HINTs: valid */
        d->op = RV_OP_addi; d->rd = d->rs1 = rfull; d->imm = ci;
        return true;
    case RV_OP_c_addiw:
        d->op = RV_OP_addiw; d->rd = d->rs1 = rfull; d->imm = ci;
        return rfull != 0;
    case RV_OP_c_li:     /* rd=0: HINT */
        d->op = RV_OP_addi; d->rd = rfull; d->rs1 = 0; d->imm = ci;
        return true;
    case RV_OP_c_addi16sp:
        d->op = RV_OP_addi; d->rd = d->rs1 = 2;
        d->imm = sext(BIT(w, 12) << 9 | BIT(w, 6) << 4 | BIT(w, 5) << 6 | BITS(w, 4, 3) << 7 |
                      BIT(w, 2) << 5, 10);
        return d->imm != 0;
    case RV_OP_c_lui:    /* rd=0: HINT; imm=0: reserved */
        d->op = RV_OP_lui; d->rd = rfull; d->imm = ci * 4096;
        return ci != 0;
    case RV_OP_c_srli:   /* shamt 0: HINT on RV64 */
        d->op = RV_OP_srli; d->rd = d->rs1 = rs1p; d->imm = sh;
        return true;
    case RV_OP_c_srai:
        d->op = RV_OP_srai; d->rd = d->rs1 = rs1p; d->imm = sh;
        return true;
    case RV_OP_c_andi:
        d->op = RV_OP_andi; d->rd = d->rs1 = rs1p; d->imm = ci;
        return true;
    case RV_OP_c_sub: case RV_OP_c_xor: case RV_OP_c_or: case RV_OP_c_and:
    case RV_OP_c_subw: case RV_OP_c_addw:
        d->op = cop == RV_OP_c_sub ? RV_OP_sub : cop == RV_OP_c_xor ? RV_OP_xor :
                cop == RV_OP_c_or ? RV_OP_or : cop == RV_OP_c_and ? RV_OP_and :
                cop == RV_OP_c_subw ? RV_OP_subw : RV_OP_addw;
        d->rd = d->rs1 = rs1p; d->rs2 = rdp;
        return true;
    case RV_OP_c_j:
        d->op = RV_OP_jal; d->rd = 0;
        d->imm = sext(BIT(w, 12) << 11 | BIT(w, 11) << 4 | BITS(w, 10, 9) << 8 |
                      BIT(w, 8) << 10 | BIT(w, 7) << 6 | BIT(w, 6) << 7 |
                      BITS(w, 5, 3) << 1 | BIT(w, 2) << 5, 12);
        return true;
    case RV_OP_c_beqz: case RV_OP_c_bnez:
        d->op = cop == RV_OP_c_beqz ? RV_OP_beq : RV_OP_bne;
        d->rs1 = rs1p; d->rs2 = 0;
        d->imm = sext(BIT(w, 12) << 8 | BITS(w, 11, 10) << 3 | BITS(w, 6, 5) << 6 |
                      BITS(w, 4, 3) << 1 | BIT(w, 2) << 5, 9);
        return true;
    case RV_OP_c_slli:   /* rd=0 or shamt 0: HINT */
        d->op = RV_OP_slli; d->rd = d->rs1 = rfull; d->imm = sh;
        return true;
    case RV_OP_c_fldsp: case RV_OP_c_ldsp:
        d->op = cop == RV_OP_c_fldsp ? RV_OP_fld : RV_OP_ld;
        d->rd = rfull; d->rs1 = 2;
        d->imm = BIT(w, 12) << 5 | BITS(w, 6, 5) << 3 | BITS(w, 4, 2) << 6;
        return cop == RV_OP_c_fldsp || rfull != 0;
    case RV_OP_c_lwsp:
        d->op = RV_OP_lw; d->rd = rfull; d->rs1 = 2;
        d->imm = BIT(w, 12) << 5 | BITS(w, 6, 4) << 2 | BITS(w, 3, 2) << 6;
        return rfull != 0;
    case RV_OP_c_jr: case RV_OP_c_jalr:
        d->op = RV_OP_jalr; d->rd = cop == RV_OP_c_jalr; d->rs1 = rfull; d->imm = 0;
        return rfull != 0;
    case RV_OP_c_mv:     /* rd=0: HINT */
        d->op = RV_OP_add; d->rd = rfull; d->rs1 = 0; d->rs2 = rs2full;
        return true;
    case RV_OP_c_add:    /* rd=0: HINT */
        d->op = RV_OP_add; d->rd = d->rs1 = rfull; d->rs2 = rs2full;
        return true;
    case RV_OP_c_ebreak:
        d->op = RV_OP_ebreak;
        return true;
    /* Zcb */
    case RV_OP_c_lbu:
        d->op = RV_OP_lbu; d->rd = rdp; d->rs1 = rs1p; d->imm = BIT(w, 6) | BIT(w, 5) << 1;
        return true;
    case RV_OP_c_lhu: case RV_OP_c_lh:
        d->op = cop == RV_OP_c_lh ? RV_OP_lh : RV_OP_lhu;
        d->rd = rdp; d->rs1 = rs1p; d->imm = BIT(w, 5) << 1;
        return true;
    case RV_OP_c_sb:
        d->op = RV_OP_sb; d->rs2 = rdp; d->rs1 = rs1p; d->imm = BIT(w, 6) | BIT(w, 5) << 1;
        return true;
    case RV_OP_c_sh:
        d->op = RV_OP_sh; d->rs2 = rdp; d->rs1 = rs1p; d->imm = BIT(w, 5) << 1;
        return true;
    case RV_OP_c_zext_b:
        d->op = RV_OP_andi; d->rd = d->rs1 = rs1p; d->imm = 0xff;
        return true;
    case RV_OP_c_not:
        d->op = RV_OP_xori; d->rd = d->rs1 = rs1p; d->imm = -1;
        return true;
    case RV_OP_c_sext_b: case RV_OP_c_zext_h: case RV_OP_c_sext_h: case RV_OP_c_zext_w:
        d->op = cop == RV_OP_c_sext_b ? RV_OP_sext_b : cop == RV_OP_c_zext_h ? RV_OP_zext_h :
                cop == RV_OP_c_sext_h ? RV_OP_sext_h : RV_OP_add_uw;
        d->rd = d->rs1 = rs1p; d->rs2 = 0;
        return true;
    case RV_OP_c_mul:
        d->op = RV_OP_mul; d->rd = d->rs1 = rs1p; d->rs2 = rdp;
        return true;
    case RV_OP_c_mop:   /* writes nothing: a nop */
        d->op = RV_OP_addi; d->rd = d->rs1 = 0; d->imm = 0;
        return true;
    case RV_OP_c_fsdsp: case RV_OP_c_sdsp:
        d->op = cop == RV_OP_c_fsdsp ? RV_OP_fsd : RV_OP_sd;
        d->rs1 = 2; d->rs2 = rs2full;
        d->imm = BITS(w, 12, 10) << 3 | BITS(w, 9, 7) << 6;
        return true;
    case RV_OP_c_swsp:
        d->op = RV_OP_sw; d->rs1 = 2; d->rs2 = rs2full;
        d->imm = BITS(w, 12, 9) << 2 | BITS(w, 8, 7) << 6;
        return true;
    }
    return false;
}

int rv_decode(RVInsn *out, const uint8_t *code, size_t avail)
{
    const RVDecodeTables *t = tables();
    memset(out, 0, sizeof(*out));
    if (avail < 2)
        return 0;
    uint32_t w = code[0] | (uint32_t)code[1] << 8;
    if ((w & 3) != 3) {
        out->len = 2;
        out->raw = w;
        unsigned k = key16(w);
        for (unsigned i = t->start16[k]; i < t->start16[k + 1]; i++) {
            int op = t->list16[i];
            if ((w & rv_op_info[op].mask) == rv_op_info[op].match) {
                if (decode16(out, w, op)) {
                    out->cop = op;
                } else {
                    /* keep the raw bits and length, drop the half-decoded fields */
                    memset(out, 0, sizeof(*out));
                    out->len = 2;
                    out->raw = w;
                }
                return 2;
            }
        }
        return 2;
    }
    if (avail < 4)
        return 0;
    w |= (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
    out->len = 4;
    out->raw = w;
    if ((w & 0x1c) == 0x1c)     /* 48-bit and longer encodings: none supported */
        return 4;
    unsigned k = key32(w);
    for (unsigned i = t->start32[k]; i < t->start32[k + 1]; i++) {
        int op = t->list32[i];
        if ((w & rv_op_info[op].mask) == rv_op_info[op].match) {
            if (decode32_fields(out, w, rv_op_info[op].fmt)) {
                out->op = op;
            } else {
                memset(out, 0, sizeof(*out));
                out->len = 4;
                out->raw = w;
            }
            return 4;
        }
    }
    return 4;
}
