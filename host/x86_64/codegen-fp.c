/*
 * x86-64 lowering of the IR's fpfast op: RISC-V F/D operations inline on the host FPU (SSE2,
 * FMA3 where cpuid has it), with cheap checks that send every case where the host could
 * differ from soft-float to the exact helper (the op's slow path, a call kept inline after
 * the fast path's jump).
 *
 * Flow per op: [fflags.NX set?] [frm == RNE when rm is dynamic and the op rounds] [singles:
 * NaN-boxed inputs] -> host instruction(s) -> result check -> done. MXCSR is never read or
 * written: it stays at the process default (round to nearest-even, no FTZ/DAZ, all masked).
 * Operands and FP results live in xmm registers (the allocator's XMM_REG class, codegen.c):
 * AVX three-operand forms where the host has AVX; a single's result takes its upper bits
 * from a boxed operand, or from an all-ones register, so it is NaN-boxed by construction.
 * Checks move the result to a GPR once (shifted left: exponent on top, unsigned compares).
 * The slow path keeps the live xmm registers (all 128 bits: the vector cache's too) on the
 * stack around its call.
 * The first rounding op of a block that writes an f register is its guard (IR_FP_GUARD):
 * after its slow path, unless NX is set and frm = RNE, it stores the dirty globals and
 * leaves the block through a chainable jump to the next instruction.
 *
 * Why a result that passes the checks is bit-exact and the flags need no update:
 *  - Rounding: only round-to-nearest-even (or truncation for float->int with rm = RTZ) runs
 *    inline; the host computes the same correctly rounded IEEE value as soft-float.
 *  - NX: ops that can be inexact run inline only when the guest's NX is already set (in real
 *    code: after the first inexact op), so an inexact result adds no flag.
 *  - NaNs (any NaN operand, invalid operations such as inf-inf, 0*inf, 0/0, sqrt(-x)) give a
 *    NaN result (exponent all ones): slow path, which also produces the canonical NaN and NV.
 *    Compares and min/max see NaN operands through the unordered result of ucomis (jp).
 *  - OF and DZ produce an infinity (exponent all ones): slow path. Infinite operands give an
 *    infinite or NaN result, or (x/inf, conversions) are caught by the same checks: slow path.
 *  - UF (tiny after rounding and inexact): results with exponent field 0 or 1 go to the slow
 *    path, except where the result is known exact: a sum or difference below the normal range
 *    is always exact (both operands are multiples of the smallest subnormal), a zero product
 *    with a zero factor and a zero quotient with a zero dividend are exact zeros.
 *    Subnormal operands need no check of their own: the host handles them exactly (no DAZ)
 *    and any tiny result is caught as above.
 *  - float->int: out-of-range and NaN operands give the host's "integer indefinite" (the most
 *    negative integer), which goes to the slow path (which saturates and raises NV), as does
 *    a genuine most-negative result.
 *  - int->float: int32 -> double is exact (no NX check); other widths need NX set.
 *  - Singles: an operand that is not NaN-boxed reads as the canonical NaN: slow path.
 *  - A trusted fadd/fsub/fsqrt read by the very next op may leave its result check to that op
 *    (a special operand makes that op's result special; its slow path redoes the unchecked
 *    ops with the exact helpers first): "Deferred result checks" below.
 * The FMA forms run inline only on hosts with FMA3; elsewhere (or with QELT_FPU_NO_FMA3 set
 * in the environment, which tests use to cover that path) they are a plain call of the exact
 * helper.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "x86-backend.h"

/* The back end's fault-site helpers (codegen.c; the register helpers are in x86-backend.h). */
int cg_fault_site(Backend *be);
void cg_fault_jcc(Backend *be, XCond cc, int kind, int site, uint64_t pc);
void cg_exit_at_site(Backend *be, int site, IRTemp d, int r, int slot, uint64_t pc);
#define FAULT_ILLEGAL 2    /* BackendHooks.bad_address kind: illegal instruction */

#define MAX_SLOW 8

typedef struct FpGen {
    XBuf *b;
    bool dbl;              /* the FP operands' format */
    int in[3];             /* host registers of the inputs (GPRs or XMM_REG(i)) */
    int nin;
    XReg t;                /* GPR scratch */
    int rd;                /* result: an xmm for FP results (GPR for min/max), else a GPR */
    uint32_t xsave;        /* xmm registers (XMM_REG bits) the slow path's call must keep */
    const uint8_t *consts; /* Backend.fp_consts */
    uint8_t *slow[MAX_SLOW];
    int ns;
} FpGen;

#define X(r) ((r) - 16)    /* an allocator register number XMM_REG(i) as the xmm index i */

/* t = the low 64 (w64) or 32 bits of register r, a GPR or an xmm. */
static void to_gpr(XBuf *b, XReg t, int r, bool w64)
{
    if (is_xmm(r)) {
        if (w64)
            x_movq_rx(b, t, X(r));
        else
            x_movd_rx(b, t, X(r));
    } else {
        x_mov_rr(b, w64, t, (XReg)r);
    }
}

static bool host_fma3(void)
{
    return __builtin_cpu_supports("fma") && !getenv("QELT_FPU_NO_FMA3");
}

/* AVX three-operand scalar forms (no copy before the op); QELT_FPU_NO_AVX in the environment
 * (tests) takes the SSE forms. */
static bool host_avx(void)
{
    return __builtin_cpu_supports("avx") && !getenv("QELT_FPU_NO_AVX");
}

bool cg_fp_box(Backend *be, int xd, int xa)
{
    if (!host_avx())
        return false;
    /* vorpd xd, xa, [rip + FPC_BOX_LO] (VEX.128.66.0F 56 /r), the disp32 patched after */
    x_simd_rm(&be->b, XSIMD(1, 1, 0x56, 0), 128, X(xd), X(xa), xrip(0), -1);
    int32_t disp = (int32_t)(be->fp_consts + 8 * FPC_BOX_LO - be->b.p);
    memcpy(be->b.p - 4, &disp, 4);
    return true;
}

/* xd = xa OP xb (sqrt: of xb), the rest of xd's low 64 bits from xa. */
static void scalar_op(XBuf *b, bool avx, XFop op, bool dbl, int xd, int xa, int xb)
{
    if (avx) {
        x_vsse_op(b, op, dbl, xd, xa, xb);
        return;
    }
    x_sse_mov_rr(b, xd, xa);
    x_sse_op(b, op, dbl, xd, op == XF_SQRT ? xd : xb);
}

static void to_slow(FpGen *g, XCond cc) { g->slow[g->ns++] = x_jcc(g->b, cc, NULL); }

/* Jump to slow unless v's upper 32 bits are all ones. */
static void check_boxed(FpGen *g, int v)
{
    to_gpr(g->b, g->t, v, true);
    x_shift_ri(g->b, XS_SHR, true, g->t, 32);
    x_alu_ri(g->b, XA_CMP, false, g->t, -1);
    to_slow(g, XC_NE);
}

/* t = rd's value shifted left by one (the sign dropped: exponent field on top), 64 bits for a
 * binary64, 32 for a binary32. */
static void exp_top(FpGen *g, int r, bool dbl)
{
    to_gpr(g->b, g->t, r, dbl);
    x_alu_rr(g->b, XA_ADD, dbl, g->t, g->t);
}

static const uint8_t *fp_const(const FpGen *g, int which) { return g->consts + 8 * which; }

/* Result checks, on the value shifted by exp_top (unsigned compares). check_normal returns
 * the rel32 field of its jump to the out-of-line code that decides between an exact zero and
 * the slow path (taken for every result it rejects). */
static void check_not_special(FpGen *g, int r, bool dbl)   /* exponent all ones -> slow */
{
    exp_top(g, r, dbl);
    if (dbl)
        x_alu_r_rip(g->b, XA_CMP, g->t, fp_const(g, FPC_SPECIAL_D));
    else
        x_alu_ri(g->b, XA_CMP, false, g->t, (int32_t)0xff000000u);
    to_slow(g, XC_AE);
}

static uint8_t *check_normal(FpGen *g, bool dbl)           /* exponent in [2, max-1] */
{
    if (dbl) {
        exp_top(g, g->rd, true);
        x_alu_r_rip(g->b, XA_SUB, g->t, fp_const(g, FPC_MIN2_D));
        x_alu_r_rip(g->b, XA_CMP, g->t, fp_const(g, FPC_RANGE_D));
        return x_jcc(g->b, XC_AE, NULL);
    }
    /* binary32, one instruction less: t = 2 * bits + 2^24 (mod 2^32) holds (e + 1) mod 256 in
     * its top 8 bits, which is below 3 exactly for e = 255, 0 and 1. */
    to_gpr(g->b, g->t, g->rd, false);
    x_lea(g->b, false, g->t, xmi(X_NOREG, g->t, 2, 1 << 24));
    x_alu_ri(g->b, XA_CMP, false, g->t, 3 << 24);
    return x_jcc(g->b, XC_B, NULL);
}

/* The slow path: call fn(env, inputs..., rm) with every caller-saved GPR and the xmm
 * registers in g->xsave (FP values, cached vector registers) preserved on the stack; rd receives
 * the result (a GPR through its stack slot). */
static void gen_slow_call(FpGen *g, int nin, void *fn, int rm)
{
    XBuf *b = g->b;
    static const XReg saved[9] = { X_RAX, X_RCX, X_RDX, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11 };
    static const XReg arg_regs[4] = { X_RSI, X_RDX, X_RCX, X_R8 };
    for (int i = 0; i < 9; i++)
        x_push(b, saved[i]);
    int nx = __builtin_popcount(g->xsave);
    int32_t area = 16 * nx + 8;                           /* 16-byte alignment for the call */
    x_alu_ri(b, XA_SUB, true, X_RSP, area);
    for (int r = 16, j = 0; r < 32; r++)   /* whole registers: cached vector registers too */
        if (g->xsave & (1u << r))
            x_simd_rm(b, XSIMD(2, 1, 0x7f, 0), 0, X(r), 0, xm(X_RSP, 16 * j++), -1);  /* movdqu */
    /* Arguments from the saved copies (a register may be an argument register itself). */
    for (int k = 0; k < nin; k++) {
        int slot = -1;
        for (int i = 0; i < 9; i++)
            if ((int)saved[i] == g->in[k])
                slot = i;
        if (is_xmm(g->in[k]))
            x_movq_rx(b, arg_regs[k], X(g->in[k]));
        else if (slot >= 0)
            x_load(b, 8, false, arg_regs[k], xm(X_RSP, area + (8 - slot) * 8));
        else
            x_mov_rr(b, true, arg_regs[k], (XReg)g->in[k]);
    }
    x_mov_ri(b, arg_regs[nin], (uint64_t)rm);
    x_mov_rr(b, true, X_RDI, X_RBP);
    x_mov_ri(b, X_RAX, (uint64_t)(uintptr_t)fn);
    x_call_r(b, X_RAX);
    int dslot = -1;
    for (int i = 0; i < 9; i++)
        if ((int)saved[i] == g->rd)
            dslot = i;
    if (is_xmm(g->rd))
        x_movq_xr(b, X(g->rd), X_RAX);
    else if (dslot >= 0)
        x_store(b, 8, X_RAX, xm(X_RSP, area + (8 - dslot) * 8));
    else
        x_mov_rr(b, true, (XReg)g->rd, X_RAX);   /* pinned, callee-saved: survives the pops */
    for (int r = 16, j = 0; r < 32; r++)
        if (g->xsave & (1u << r)) {
            if (r != g->rd)
                x_simd_rm(b, XSIMD(2, 1, 0x6f, 0), 0, X(r), 0, xm(X_RSP, 16 * j), -1);
            j++;
        }
    x_alu_ri(b, XA_ADD, true, X_RSP, area);
    for (int i = 8; i >= 0; i--)
        x_pop(b, saved[i]);
}

/* After an IR_FP_GUARD op's exact helper (result in rd): the block's later ops trust NX and
 * frm = RNE, so leave at the next instruction unless both hold; else continue at resume (NULL:
 * fall through). */
static void guard_exit(Backend *be, int rd, int32_t nx_off, int32_t frm_off,
                       const uint8_t *resume, int site, IRTemp d, int slot, uint64_t pc)
{
    XBuf *b = &be->b;
    x_test_mi8(b, xm(X_RBP, nx_off), 1);
    uint8_t *no_nx = x_jcc8(b, XC_E);
    x_alu_mi(b, XA_CMP, false, xm(X_RBP, frm_off), 0);
    uint8_t *ok = resume ? x_jcc(b, XC_E, resume) : x_jcc8(b, XC_E);
    x_patch_rel8(no_nx, b->p);
    cg_exit_at_site(be, site, d, rd, slot, pc + 4);
    if (!resume)
        x_patch_rel8(ok, b->p);
}

/* What the cold part of an op needs (copied at the op, emitted after the block). */
typedef struct FpCold {
    FpGen g;
    int fop;
    bool in_dbl, out_dbl;
    uint8_t *tiny;             /* check_normal's jump, or NULL */
    int zero_k, zero_k2;       /* inputs whose zeroness makes a zero result exact, or -1 */
    uint8_t *frm_nonzero;      /* the dynamic-rm check's jump, or NULL */
    int32_t frm_off;
    void *fn;
    int rm;
    uint8_t *resume;           /* where the fast path continues */
    int site;                  /* fault site for a reserved frm, and the guard's exit */
    uint64_t pc;
    bool guard;                /* IR_FP_GUARD: after the slow path, leave unless NX and RNE */
    struct FpPend redo;        /* unchecked ops before: the slow path redoes them first */
    uint32_t xsave;
    IRTemp d;
    int32_t nx_off;
    int slot;                  /* the guard's chain slot */
} FpCold;

static void fp_cold(Backend *be, const void *data)
{
    FpCold c;
    memcpy(&c, data, sizeof c);
    FpGen *g = &c.g;
    XBuf *b = g->b = &be->b;
    if (c.tiny) {
        /* A tiny or special result: exact zeros rejoin (boxed), the rest is slow. */
        x_patch_rel32(c.tiny, b->p);
        if (c.zero_k >= 0) {
            uint8_t *zero_ok[2];
            int nz = 0;
            to_gpr(b, g->t, g->rd, c.out_dbl);
            x_alu_rr(b, XA_ADD, c.out_dbl, g->t, g->t);
            to_slow(g, XC_NE);
            int ks[2] = { c.zero_k, c.zero_k2 };
            for (int i = 0; i < 2 && ks[i] >= 0; i++) {
                to_gpr(b, g->t, g->in[ks[i]], c.in_dbl);
                x_alu_rr(b, XA_ADD, c.in_dbl, g->t, g->t);
                zero_ok[nz++] = x_jcc8(b, XC_E);
            }
            to_slow(g, XC_NE);                 /* flags of the last add: nonzero here */
            for (int i = 0; i < nz; i++)
                x_patch_rel8(zero_ok[i], b->p);
            x_jmp(b, c.resume);                /* an xmm result is boxed already */
        } else {
            g->slow[g->ns++] = x_jmp(b, NULL); /* check_normal rejected it */
        }
    }
    if (c.frm_nonzero) {
        x_patch_rel32(c.frm_nonzero, b->p);
        x_alu_mi(b, XA_CMP, false, xm(X_RBP, c.frm_off), 4);
        cg_fault_jcc(be, XC_A, FAULT_ILLEGAL, c.site, c.pc);
        to_slow(g, XC_BE);
    }
    for (int i = 0; i < g->ns; i++)
        x_patch_rel32(g->slow[i], b->p);
    for (int i = 0; i < c.redo.n; i++) {      /* exact results into their registers, in order */
        const struct FpPendOp *r = &c.redo.op[i];
        FpGen g1 = { .b = b, .nin = r->nin, .rd = r->rd, .xsave = c.xsave & ~(1u << r->rd) };
        memcpy(g1.in, r->in, sizeof r->in);
        gen_slow_call(&g1, g1.nin, r->fn, r->rm);
    }
    gen_slow_call(g, g->nin, c.fn, c.rm);
    if (c.guard)
        guard_exit(be, g->rd, c.nx_off, c.frm_off, c.resume, c.site, c.d, c.slot, c.pc);
    else
        x_jmp(b, c.resume);
}

static const XFop arith_ops[4] = { XF_ADD, XF_SUB, XF_MUL, XF_DIV };
static const XFma fma_ops[4] = { XFMA_MADD, XFMA_MSUB, XFMA_NMADD, XFMA_NMSUB };

/* Needs the NX-already-set check (the op may be inexact). */
static bool may_be_inexact(int kind)
{
    int fop = kind & IR_FP_OPMASK;
    switch (fop) {
    case IR_FEQ: case IR_FLT: case IR_FLE: case IR_FMIN: case IR_FMAX:
        return false;
    case IR_FCVT_FF:
        return kind & IR_FP_DOUBLE;                        /* fcvt.d.s is exact */
    case IR_FCVT_I2F:
        return !(kind & IR_FP_DOUBLE) || (kind & IR_FP_INT64);
    default:
        return true;
    }
}

int cg_fp_nb_inputs(int fop)
{
    if (fop == IR_FCVT_I2F)
        return 0;
    if (fop == IR_FSQRT || fop == IR_FCVT_F2I || fop == IR_FCVT_FF)
        return 1;
    if (fop >= IR_FMADD && fop <= IR_FNMADD)
        return 3;
    return 2;
}

/* Result kinds: an FP value in an xmm register (boxed by construction for singles), or a
 * GPR (compares, float->int, and min/max, which work on the bits). */
static bool xmm_result(int fop)
{
    return fop != IR_FEQ && fop != IR_FLT && fop != IR_FLE && fop != IR_FCVT_F2I &&
           fop != IR_FMIN && fop != IR_FMAX;
}

/* xd = all ones in its low 64 bits (no dependency on its old value): a single written into
 * its low 32 bits afterwards is NaN-boxed. */
static void xmm_ones(XBuf *b, int xd)
{
    x_pcmpeqd(b, xd, xd);
}

/* Deferred result checks. A trusted fadd/fsub/fsqrt (NX raised, frm = RNE: its only check is
 * "result not special", i.e. not NaN or infinite) directly followed by a trusted fpfast op that
 * reads its result d where a special operand always gives a special result (add, sub, mul:
 * either input; div: the dividend; sqrt) leaves its check to that op: if d is special, so is
 * the next result, which that op's own check sends to its slow path (zero products and
 * quotients, which its cold code lets through, never come from a special operand). That slow
 * path first redoes the unchecked op with its exact helper (its input registers are kept:
 * nothing runs between the two ops, and the second op locks them), then runs its own helper
 * on the exact d: results and fflags are those of the two helpers in order. Nothing can observe
 * d in between: only insn_start markers separate the ops (no code, no fault site, no exit);
 * if any code was emitted there anyway, the second op checks d explicitly first. The second
 * op may itself be such an fadd/fsub/fsqrt and leave its check to a third (chains of up to
 * three unchecked ops, each reading the one before, so a special anywhere reaches the last
 * result): every slow path of an op in the chain redoes all unchecked ops before it, in order,
 * their registers locked by each op of the chain. */
static bool special_propagates(int kind, int k)
{
    switch (kind & IR_FP_OPMASK) {
    case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FSQRT:
        return true;
    case IR_FDIV:
        return k == 0;                 /* x / inf = 0 */
    default:
        return false;
    }
}

static bool trusted(int kind) { return (kind & IR_FP_TRUSTED) && !(kind & IR_FP_GUARD); }

/* Whether op reads or writes one of the chain's results (ds[0..nd)). */
static bool touches(const IROp *op, const IRTemp *ds, int nd)
{
    for (int a = 0; a < op->nb_out + op->nb_in; a++)
        for (int i = 0; i < nd; i++)
            if ((IRTemp)op->args[a] == ds[i])
                return true;
    return false;
}

/* Ops that may run between a chain op and the op checking it: integer ALU ops (no fault, no
 * call, no exit; only GPRs) and trusted fpfast ops (no fault site: their slow paths keep the
 * locked chain registers), provided they neither read nor write a result of the chain. */
static bool may_pass(const IROp *op)
{
    switch (op->opc) {
    case IR_OP_mov: case IR_OP_add: case IR_OP_sub: case IR_OP_and: case IR_OP_or:
    case IR_OP_xor: case IR_OP_shl: case IR_OP_shr: case IR_OP_sar: case IR_OP_neg:
    case IR_OP_not: case IR_OP_ext32s: case IR_OP_ext32u:
        return true;
    case IR_OP_fpfast:
        return trusted((int)op->args[4]);
    default:
        return false;
    }
}

#define MAX_PASS 8

/* The index of the op that checks op's result in its place (op joining the chain pend), or
 * -1; *adjacent: only insn_start markers lie between. */
static int check_taker(const Backend *be, const IROp *op, const struct FpPend *pend,
                       bool *adjacent)
{
    int kind = (int)op->args[4], fop = kind & IR_FP_OPMASK;
    if (!trusted(kind) || (fop != IR_FADD && fop != IR_FSUB && fop != IR_FSQRT))
        return -1;
    int nfree = 0;     /* the ops up to the checker lock three xmm registers per chain op */
    for (int i = XMM_FIRST_ALLOC; i < 16; i++)
        nfree += be->reg_owner[XMM_REG(i)] != OWNER_FIXED;
    if (nfree < 6 + 3 * pend->n)
        return -1;
    IRTemp ds[4];
    int nd = 0;
    for (int i = 0; i < pend->n; i++)
        ds[nd++] = pend->op[i].d;
    ds[nd++] = (IRTemp)op->args[0];
    const IRContext *ir = be->ir;
    *adjacent = true;
    for (int j = be->cur_op + 1, passed = 0; j < ir->nb_ops && passed <= MAX_PASS; j++) {
        const IROp *n = &ir->ops[j];
        if (n->opc == IR_OP_insn_start)
            continue;
        if (!touches(n, ds, nd)) {
            if (!may_pass(n))
                return -1;
            passed++;
            *adjacent = false;
            continue;
        }
        int nkind = (int)n->args[4];
        if (n->opc != IR_OP_fpfast || be->skip[j] || !trusted(nkind) ||
            ((nkind ^ kind) & IR_FP_DOUBLE))
            return -1;
        for (int k = 0; k < cg_fp_nb_inputs(nkind & IR_FP_OPMASK); k++)
            if (n->args[1 + k] == op->args[0] && special_propagates(nkind, k))
                return j;
        return -1;
    }
    return -1;
}

void cg_gen_fpfast(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0];
    int kind = (int)op->args[4];
    int rm = (int)op->args[5];
    void *fn = (void *)(uintptr_t)op->args[6];
    int32_t nx_off = (int32_t)op->args[7], frm_off = (int32_t)op->args[8];
    int fop = kind & IR_FP_OPMASK;
    FpGen g = { .b = &be->b, .dbl = (kind & IR_FP_DOUBLE) != 0, .consts = be->fp_consts };
    XBuf *b = g.b;
    bool is_fma = fop >= IR_FMADD && fop <= IR_FNMADD;
    int nfp = cg_fp_nb_inputs(fop);
    bool bits = fop == IR_FMIN || fop == IR_FMAX;      /* inputs in GPRs */
    g.nin = nfp ? nfp : 1;
    /* Ops before left their result checks to this one (covers) or to a later one (between):
     * keep their registers. */
    struct FpPend pend = be->fp_pend;
    bool covers = pend.next_op == be->cur_op, between = pend.next_op > be->cur_op;
    bool moved = covers && pend.adjacent && be->b.p != pend.end;
    if (covers)
        be->fp_pend.next_op = -1;
    if (!covers && !between)
        pend.n = 0;
    uint32_t used = 0;
    for (int i = 0; i < pend.n; i++) {
        used |= 1u << pend.op[i].rd;
        for (int k = 0; k < pend.op[i].nin; k++)
            used |= 1u << pend.op[i].in[k];
    }
    be->locked |= used;
    for (int k = 0; k < g.nin; k++) {
        IRTemp a = (IRTemp)op->args[1 + k];
        g.in[k] = nfp && !bits ? cg_temp_load_x(be, a, 0) : (int)cg_temp_load(be, a, 0);
        used |= 1u << g.in[k];
    }
    g.t = cg_alloc_scratch(be, used);
    int fx = be->ir->temps[d].fixed_reg;   /* a loop block's xmm register for d: the result */
    if (xmm_result(fop) && fx >= 0 && is_xmm(fx) && !(used & (1u << fx)))
        g.rd = fx;                         /* goes there unless an input is there */
    else
        g.rd = xmm_result(fop) ? cg_alloc_xmm(be, used) : (int)cg_dest_reg(be, d, used | (1u << g.t));
    for (int i = XMM_FIRST_ALLOC; i < 16; i++)
        if ((be->reg_owner[XMM_REG(i)] != OWNER_NONE || (be->locked & (1u << XMM_REG(i)))) &&
            XMM_REG(i) != g.rd)
            g.xsave |= 1u << XMM_REG(i);
    uint8_t *tiny = NULL;
    int zero_k = -1, zero_k2 = -1;
    if (between)
        pend.n = 0;                /* the chain is not this op's business any more */
    if (covers) {
        int last = pend.op[pend.n - 1].rd;
        bool read = false;
        for (int k = 0; k < g.nin; k++)
            read |= g.in[k] == last && special_propagates(kind, k);
        if (moved || !read)
            check_not_special(&g, last, g.dbl);        /* d checked here after all */
    }
    bool adjacent = true;
    int taker = !between && pend.n < 3 ? check_taker(be, op, &pend, &adjacent) : -1;

    if (is_fma && !host_fma3()) {
        int site = (kind & IR_FP_GUARD) ? cg_fault_site(be) : -1;
        gen_slow_call(&g, g.nin, fn, rm);
        if (site >= 0)
            guard_exit(be, g.rd, nx_off, frm_off, NULL, site, d, kind >> IR_FP_SLOT_SHIFT,
                       be->cur_pc);
        cg_temp_set_reg(be, d, (XReg)g.rd);
        return;
    }
    uint8_t *frm_nonzero = NULL;
    if (kind & IR_FP_TRUSTED) {
        /* NX raised and frm = RNE: the block's guard checked (translate-fp.c) */
    } else if (may_be_inexact(kind)) {
        if (rm == 7) {
            /* frm != RNE: out of line, reserved values raise illegal instruction */
            x_alu_mi(b, XA_CMP, false, xm(X_RBP, frm_off), 0);
            frm_nonzero = x_jcc(b, XC_NE, NULL);
        }
        x_test_mi8(b, xm(X_RBP, nx_off), 1);
        to_slow(&g, XC_E);
    } else if (rm == 7) {
        x_alu_mi(b, XA_CMP, false, xm(X_RBP, frm_off), 4);
        cg_fault_jcc(be, XC_A, FAULT_ILLEGAL, cg_fault_site(be), be->cur_pc);
    }
    /* fcvt.s.d reads a double, fcvt.d.s a single; the conversions' int side is a GPR. */
    bool in_dbl = g.dbl;
    if (!in_dbl)
        for (int k = 0; k < nfp; k++) {
            if ((kind & (IR_FP_BOXED0 << k)) || cg_loop_boxed(be, (IRTemp)op->args[1 + k]))
                continue;   /* known, or checked at the loop's entry */
            XMem home;
            if (cg_global_in_env(be, (IRTemp)op->args[1 + k], &home)) {
                /* Its env home is current: check the upper half there. */
                home.disp += 4;
                x_alu_mi(b, XA_CMP, false, home, -1);
                to_slow(&g, XC_NE);
            } else {
                check_boxed(&g, g.in[k]);
            }
        }
    bool out_dbl = fop == IR_FCVT_FF ? !g.dbl : g.dbl;
    int xd = X(g.rd);
    bool avx = host_avx();

    switch (fop) {
    case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV:
        /* A single's upper bits come from input 0: boxed (checked or known). */
        scalar_op(b, avx, arith_ops[fop], g.dbl, xd, X(g.in[0]), X(g.in[1]));
        if (fop == IR_FADD || fop == IR_FSUB) {
            if (taker < 0)
                check_not_special(&g, g.rd, g.dbl);  /* tiny sums are exact */
        } else {
            tiny = check_normal(&g, g.dbl);
            zero_k = 0;
            zero_k2 = fop == IR_FMUL ? 1 : -1;
        }
        break;
    case IR_FSQRT:
        scalar_op(b, avx, XF_SQRT, g.dbl, xd, X(g.in[0]), X(g.in[0]));
        if (taker < 0)
            check_not_special(&g, g.rd, g.dbl);      /* sqrt(-x) is NaN; never tiny */
        break;
    case IR_FMADD: case IR_FMSUB: case IR_FNMSUB: case IR_FNMADD:
        x_sse_mov_rr(b, xd, X(g.in[2]));
        x_vfma231(b, fma_ops[fop - IR_FMADD], g.dbl, xd, X(g.in[0]), X(g.in[1]));
        tiny = check_normal(&g, g.dbl);        /* zero results too: rare, kept simple */
        break;
    case IR_FEQ: case IR_FLT: case IR_FLE:
        x_alu_rr(b, XA_XOR, false, (XReg)g.rd, (XReg)g.rd);
        x_sse_ucomi(b, g.dbl, X(g.in[0]), X(g.in[1]));
        to_slow(&g, XC_P);                     /* a NaN operand: NV rules differ per op */
        x_setcc(b, fop == IR_FEQ ? XC_E : fop == IR_FLT ? XC_B : XC_BE, (XReg)g.rd);
        break;
    case IR_FMIN: case IR_FMAX:
        /* Equal operands are identical or +-0: min is the OR of the bits, max the AND. */
        x_mov_rr(b, true, (XReg)g.rd, (XReg)g.in[0]);
        x_alu_rr(b, fop == IR_FMIN ? XA_OR : XA_AND, true, (XReg)g.rd, (XReg)g.in[1]);
        if (g.dbl) {
            x_movq_xr(b, 0, (XReg)g.in[0]);
            x_movq_xr(b, 1, (XReg)g.in[1]);
        } else {
            x_movd_xr(b, 0, (XReg)g.in[0]);
            x_movd_xr(b, 1, (XReg)g.in[1]);
        }
        x_sse_ucomi(b, g.dbl, 0, 1);
        to_slow(&g, XC_P);
        x_cmov(b, XC_B, true, (XReg)g.rd, (XReg)g.in[fop == IR_FMIN ? 0 : 1]);
        x_cmov(b, XC_A, true, (XReg)g.rd, (XReg)g.in[fop == IR_FMIN ? 1 : 0]);
        break;
    case IR_FCVT_F2I: {
        bool w64 = kind & IR_FP_INT64;
        if (rm == 1)
            x_cvtts2si(b, g.dbl, w64, (XReg)g.rd, X(g.in[0]));
        else
            x_cvts2si(b, g.dbl, w64, (XReg)g.rd, X(g.in[0]));
        x_alu_ri(b, XA_CMP, w64, (XReg)g.rd, 1);
        to_slow(&g, XC_O);                     /* integer indefinite (most negative) */
        if (!w64)
            x_movsx(b, 4, (XReg)g.rd, (XReg)g.rd);
        break;
    }
    case IR_FCVT_I2F: {
        bool w64 = (kind & IR_FP_INT64) || (kind & IR_FP_UNSIGNED);
        XReg src = (XReg)g.in[0];
        if (kind & IR_FP_UNSIGNED) {
            x_movzx(b, 4, g.t, (XReg)g.in[0]);
            src = g.t;
        }
        if (g.dbl)
            x_sse_logic(b, XL_XOR, false, xd, xd);   /* no false dependency */
        else
            xmm_ones(b, xd);
        x_cvtsi2s(b, g.dbl, w64, xd, src);    /* never special nor tiny */
        break;
    }
    case IR_FCVT_FF:
        if (in_dbl)
            xmm_ones(b, xd);
        else
            x_sse_logic(b, XL_XOR, false, xd, xd);
        x_cvts2s(b, in_dbl, xd, X(g.in[0]));
        if (in_dbl) {
            tiny = check_normal(&g, false);
            zero_k = 0;
        } else {
            check_not_special(&g, g.rd, true);       /* NaN: canonical NaN, NV for sNaN */
        }
        break;
    }
    /* The rest is cold: after the block. */
    FpCold cold = { .g = g, .fop = fop, .in_dbl = in_dbl, .out_dbl = out_dbl,
                    .tiny = tiny, .zero_k = zero_k, .zero_k2 = zero_k2,
                    .frm_nonzero = frm_nonzero, .frm_off = frm_off, .fn = fn, .rm = rm,
                    .resume = b->p,
                    .site = frm_nonzero || (kind & IR_FP_GUARD) ? cg_fault_site(be) : -1,
                    .pc = be->cur_pc, .guard = (kind & IR_FP_GUARD) != 0, .d = d,
                    .nx_off = nx_off, .slot = kind >> IR_FP_SLOT_SHIFT, .redo = pend,
                    .xsave = g.xsave };
    if (g.ns || tiny || frm_nonzero || cold.guard)
        cg_defer_cold(be, fp_cold, &cold, sizeof cold);
    cg_temp_set_reg(be, d, (XReg)g.rd);
    if (taker >= 0) {
        pend.next_op = taker;
        pend.end = b->p;
        pend.adjacent = adjacent;
        pend.op[pend.n] = (struct FpPendOp){ .d = d, .nin = g.nin, .rd = g.rd, .fn = fn,
                                             .rm = rm };
        memcpy(pend.op[pend.n++].in, g.in, sizeof pend.op[0].in);
        be->fp_pend = pend;
    }
}
