/*
 * RISC-V F and D extensions to qelt IR (called by translate.c for every op it does not own).
 *
 * FP registers are IR globals (env homes GuestState.f[i]) ranked after the integer registers,
 * so they live in host registers within a block and never crowd out the pinned integer ones.
 * Moves, sign injection, NaN-boxing, fmv and loads/stores are inline IR. Arithmetic, fused
 * multiply-add, sqrt, compares, min/max and the signed conversions (plus fcvt.d.wu) become
 * the IR op fpfast (host FPU inline, host/x86_64/codegen-fp.c) when the rounding mode allows
 * (RNE static or dynamic, RTZ for float->int, any for the ops that never round); its slow path
 * and every other op call fp-helpers.c, which apply rounding and accrue fflags
 * (IR_CALL_NO_RWG: they take register values as arguments and only touch fflags/frm, which are
 * not globals). With -fpu soft everything calls the soft-float helpers.
 * Rounding: a static rm is passed as a constant (5/6 never get here: the decoder rejects them).
 * rm = 7 (dynamic) reads frm at run time. An fpfast op checks a reserved frm itself (illegal
 * instruction through a precise fault exit); before the first helper-call op with rm = 7 of a
 * block we call helper_fp_check_frm. Once per block suffices because a write to
 * fflags/frm/fcsr ends the block (translate.c) and nothing else changes frm while it runs.
 * Per block we also know (RVDisas.fp_boxed) which f registers hold NaN-boxed singles, so their
 * box checks are skipped, and the first rounding fpfast op is a guard that lets the later ones
 * skip their NX/frm checks: an op writing an f register guards itself (IR_FP_GUARD: its slow
 * path leaves the block unless NX and RNE then hold), else an exit_cond follows it
 * (rv_emit_fp_guard). The vector FP ops (vfop, translate-vinline.c) share the guard.
 * Invariants: single results are NaN-boxed; an improperly boxed single operand reads as the
 * canonical NaN (helpers, and inline code for fsgnj*); rd = x0 still runs ops with flag effects.
 */
#include <stddef.h>
#include "translate.h"
#include "fp-helpers.h"
#include "guest-cpu.h"

#define ENV_F(r) ((int)(offsetof(GuestState, f) + (size_t)(r) * sizeof(uint64_t)))

#define BOX_MASK  0xffffffff00000000ull
#define BOXED_CANONICAL_NAN 0xffffffff7fc00000ull

static const char *const fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2",
    "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9",
    "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* Created in order, so f[i] is temp fbase + i. guest_ir_init creates them right after x1..x31
 * (temp 31 on), which fpr_base checks first; it finds them by their env home otherwise. */
#define FPR_BASE_USUAL 31

void rv_ir_init_fp(IRContext *c)
{
    for (int r = 0; r < 32; r++)
        ir_global(c, ENV_F(r), fpr_names[r], 31 + r);
}

static IRTemp fpr_base(const IRContext *c)
{
    if (c->nb_globals >= FPR_BASE_USUAL + 32 &&
        c->temps[FPR_BASE_USUAL].env_offset == ENV_F(0))
        return FPR_BASE_USUAL;
    for (int t = 0; t + 32 <= c->nb_globals; t++)
        if (c->temps[t].env_offset == ENV_F(0))
            return (IRTemp)t;
    return IR_NOTEMP;
}

static IRTemp fpr(RVDisas *d, int r)
{
    return fpr_base(d->ir) + (IRTemp)r;
}

IRTemp rv_get_fpr(RVDisas *d, int r)
{
    return fpr(d, r);
}

/* Emit the frm validity check unless an earlier instruction of this block already did. The
 * block's own ops are the only record (no per-block field to keep it in); dropped ops are nops,
 * so a check belonging to an excluded instruction does not count. */
static void check_dyn_rm(RVDisas *d, int rm)
{
    IRContext *c = d->ir;
    if (rm != 7)
        return;
    /* Once per block (frm writes end blocks); the recorded op may have been rolled back with
     * an illegal instruction, hence the check that it is still there. */
    int k = d->frm_check_op;
    if (k >= 0 && k < c->nb_ops && c->ops[k].opc == IR_OP_call &&
        c->ops[k].fn == (void *)helper_fp_check_frm)
        return;
    d->frm_check_op = c->nb_ops;
    IRTemp args[1] = { ir_const(c, (int64_t)d->pc) };
    ir_call(c, (void *)helper_fp_check_frm, IR_CALL_ENV | IR_CALL_NO_WG, IR_NOTEMP, 1, args);
}

/* Known NaN-boxing of f registers within the block: every write records the format. */
static void set_fpr_format(RVDisas *d, int r, bool single)
{
    if (single)
        d->fp_boxed |= 1u << r;
    else
        d->fp_boxed &= ~(1u << r);
}

static bool known_boxed(const RVDisas *d, int r) { return (d->fp_boxed >> r) & 1; }

/* The guard: once per block, after its first rounding inline op, leave (through a chained
 * exit to the next instruction) unless NX is raised and frm = RNE. Both then hold for the rest
 * of the block (slow paths only add flags; fflags/frm writes end blocks), so later inline ops
 * skip their own checks (IR_FP_TRUSTED). A block whose guard leaves is followed by one
 * starting at the next instruction, whose first op checks for itself again. */
bool rv_fp_trusted(const RVDisas *d)
{
    const IRContext *c = d->ir;
    int k = d->fp_guard_op;
    return k >= 0 && k < c->nb_ops &&
           (c->ops[k].opc == IR_OP_exit_cond ||
            (c->ops[k].opc == IR_OP_fpfast && (c->ops[k].args[4] & IR_FP_GUARD)));
}

static bool guard_allowed(const RVDisas *d)
{
    return !rv_fp_trusted(d) && d->te->superblock && !d->te->plugin_ctx && !d->te->sys;
}

void rv_emit_fp_guard(RVDisas *d, uint64_t pc)
{
    IRContext *c = d->ir;
    if (!guard_allowed(d) || d->n_cond_exits >= IR_MAX_EXIT_SLOTS - 2)
        return;
    IRTemp f = ir_temp(c), r = ir_temp(c), x = ir_temp(c), y = ir_temp(c);
    ir_ld_env(c, f, (int)offsetof(GuestState, fflags), MO_UL);
    ir_ld_env(c, r, (int)offsetof(GuestState, frm), MO_UL);
    ir_opi(c, IR_OP_and, IR_I64, x, f, 1);
    ir_opi(c, IR_OP_xor, IR_I64, x, x, 1);
    ir_or(c, y, x, r);                               /* 0 iff NX set and frm = 0 */
    d->fp_guard_op = c->nb_ops;
    ir_exit_cond(c, IR_NE, y, ir_const(c, 0), 2 + d->n_cond_exits, pc);
    d->n_cond_exits++;
}

static void call_env(RVDisas *d, void *fn, IRTemp dst, int n, const IRTemp *args)
{
    ir_call(d->ir, fn, IR_CALL_ENV | IR_CALL_NO_RWG, dst, n, args);
}

/* Single operand in boxed form, with an improperly boxed value replaced by the boxed
 * canonical NaN: sign injection then keeps the upper bits all ones. */
static IRTemp unboxed(RVDisas *d, int r)
{
    IRContext *c = d->ir;
    if (known_boxed(d, r))
        return fpr(d, r);
    IRTemp hi = ir_temp(c), v = ir_temp(c);
    ir_opi(c, IR_OP_shr, IR_I64, hi, fpr(d, r), 32);
    ir_movcond(c, IR_I64, IR_EQ, v, hi, ir_const(c, 0xffffffffll), fpr(d, r),
               ir_const(c, (int64_t)BOXED_CANONICAL_NAN));
    return v;
}

/* fsgnj/fsgnjn/fsgnjx: kind 0/1/2. */
static void gen_fsgnj(RVDisas *d, const RVInsn *in, bool dbl, int kind)
{
    IRContext *c = d->ir;
    int64_t sign = dbl ? (int64_t)0x8000000000000000ull : 0x80000000ll;
    IRTemp a = dbl ? fpr(d, in->rs1) : unboxed(d, in->rs1);
    if (in->rs1 == in->rs2) {
        /* fmv / fneg / fabs */
        IRTemp r = ir_temp(c);
        if (kind == 0)
            ir_mov(c, r, a);
        else if (kind == 1)
            ir_opi(c, IR_OP_xor, IR_I64, r, a, sign);
        else
            ir_opi(c, IR_OP_and, IR_I64, r, a, ~sign);
        ir_mov(c, fpr(d, in->rd), r);
        return;
    }
    IRTemp b = dbl ? fpr(d, in->rs2) : unboxed(d, in->rs2);
    IRTemp sb = ir_temp(c), r = ir_temp(c);
    if (kind == 1) {
        IRTemp nb = ir_temp(c);
        ir_not(c, nb, b);
        ir_opi(c, IR_OP_and, IR_I64, sb, nb, sign);
    } else {
        ir_opi(c, IR_OP_and, IR_I64, sb, b, sign);
    }
    if (kind == 2) {
        ir_xor(c, r, a, sb);
    } else {
        IRTemp ma = ir_temp(c);
        ir_opi(c, IR_OP_and, IR_I64, ma, a, ~sign);
        ir_or(c, r, ma, sb);
    }
    ir_mov(c, fpr(d, in->rd), r);
}

static void gen_load(RVDisas *d, const RVInsn *in, bool dbl)
{
    IRContext *c = d->ir;
    IRMemOp mo = dbl ? MO_Q : MO_UL;
    IRTemp addr = rv_gen_addr(d, in->rs1, in->imm);
    IRTemp v = dbl ? fpr(d, in->rd) : ir_temp(c);   /* a double goes straight to f[rd] */
    ir_gld(c, v, addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, false);
    if (!dbl)
        ir_opi(c, IR_OP_or, IR_I64, fpr(d, in->rd), v, (int64_t)BOX_MASK);
}

static void gen_store(RVDisas *d, const RVInsn *in, bool dbl)
{
    IRMemOp mo = dbl ? MO_Q : MO_UL;
    IRTemp addr = rv_gen_addr(d, in->rs1, in->imm);
    ir_gst(d->ir, fpr(d, in->rs2), addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, true);
}

/* Which helper an op calls and how its operands map. */
typedef enum FPKind {
    K_BIN_RM,   /* f[rd] = fn(f[rs1], f[rs2], rm) */
    K_R4,       /* f[rd] = fn(f[rs1], f[rs2], f[rs3], rm) */
    K_UN_RM,    /* f[rd] = fn(f[rs1], rm) */
    K_BIN,      /* f[rd] = fn(f[rs1], f[rs2]) (min/max) */
    K_CMP,      /* x[rd] = fn(f[rs1], f[rs2]) */
    K_F2X_RM,   /* x[rd] = fn(f[rs1], rm) */
    K_X2F_RM,   /* f[rd] = fn(x[rs1], rm) */
} FPKind;

typedef struct FPHelper {
    uint16_t op;
    uint8_t kind;
    int16_t inl;           /* IRFpOp of the inline host path (IR fpfast), or -1 */
    void *soft, *fast;     /* fast == NULL: the soft helper serves both */
} FPHelper;

#define D IR_FP_DOUBLE
#define L IR_FP_INT64
#define H(o, k, f, i) { RV_OP_##o, k, i, (void *)helper_##f, NULL }
#define HF(o, k, f, i) { RV_OP_##o, k, i, (void *)helper_##f, (void *)helper_##f##_fast }
static const FPHelper fp_helpers[] = {
    HF(fadd_s, K_BIN_RM, fadd_s, IR_FADD), HF(fsub_s, K_BIN_RM, fsub_s, IR_FSUB),
    HF(fmul_s, K_BIN_RM, fmul_s, IR_FMUL), HF(fdiv_s, K_BIN_RM, fdiv_s, IR_FDIV),
    HF(fadd_d, K_BIN_RM, fadd_d, IR_FADD | D), HF(fsub_d, K_BIN_RM, fsub_d, IR_FSUB | D),
    HF(fmul_d, K_BIN_RM, fmul_d, IR_FMUL | D), HF(fdiv_d, K_BIN_RM, fdiv_d, IR_FDIV | D),
    HF(fmadd_s, K_R4, fmadd_s, IR_FMADD), HF(fmsub_s, K_R4, fmsub_s, IR_FMSUB),
    HF(fnmsub_s, K_R4, fnmsub_s, IR_FNMSUB), HF(fnmadd_s, K_R4, fnmadd_s, IR_FNMADD),
    HF(fmadd_d, K_R4, fmadd_d, IR_FMADD | D), HF(fmsub_d, K_R4, fmsub_d, IR_FMSUB | D),
    HF(fnmsub_d, K_R4, fnmsub_d, IR_FNMSUB | D), HF(fnmadd_d, K_R4, fnmadd_d, IR_FNMADD | D),
    HF(fsqrt_s, K_UN_RM, fsqrt_s, IR_FSQRT), HF(fsqrt_d, K_UN_RM, fsqrt_d, IR_FSQRT | D),
    H(fcvt_s_d, K_UN_RM, fcvt_s_d, IR_FCVT_FF | D), H(fcvt_d_s, K_UN_RM, fcvt_d_s, IR_FCVT_FF),
    H(fmin_s, K_BIN, fmin_s, IR_FMIN), H(fmax_s, K_BIN, fmax_s, IR_FMAX),
    H(fmin_d, K_BIN, fmin_d, IR_FMIN | D), H(fmax_d, K_BIN, fmax_d, IR_FMAX | D),
    HF(feq_s, K_CMP, feq_s, IR_FEQ), HF(flt_s, K_CMP, flt_s, IR_FLT),
    HF(fle_s, K_CMP, fle_s, IR_FLE),
    HF(feq_d, K_CMP, feq_d, IR_FEQ | D), HF(flt_d, K_CMP, flt_d, IR_FLT | D),
    HF(fle_d, K_CMP, fle_d, IR_FLE | D),
    H(fcvt_w_s, K_F2X_RM, fcvt_w_s, IR_FCVT_F2I), H(fcvt_wu_s, K_F2X_RM, fcvt_wu_s, -1),
    H(fcvt_l_s, K_F2X_RM, fcvt_l_s, IR_FCVT_F2I | L), H(fcvt_lu_s, K_F2X_RM, fcvt_lu_s, -1),
    H(fcvt_w_d, K_F2X_RM, fcvt_w_d, IR_FCVT_F2I | D),
    H(fcvt_wu_d, K_F2X_RM, fcvt_wu_d, -1),
    H(fcvt_l_d, K_F2X_RM, fcvt_l_d, IR_FCVT_F2I | D | L),
    H(fcvt_lu_d, K_F2X_RM, fcvt_lu_d, -1),
    H(fcvt_s_w, K_X2F_RM, fcvt_s_w, IR_FCVT_I2F), H(fcvt_s_wu, K_X2F_RM, fcvt_s_wu, -1),
    H(fcvt_s_l, K_X2F_RM, fcvt_s_l, IR_FCVT_I2F | L), H(fcvt_s_lu, K_X2F_RM, fcvt_s_lu, -1),
    H(fcvt_d_w, K_X2F_RM, fcvt_d_w, IR_FCVT_I2F | D),
    H(fcvt_d_wu, K_X2F_RM, fcvt_d_wu, IR_FCVT_I2F | D | IR_FP_UNSIGNED),
    H(fcvt_d_l, K_X2F_RM, fcvt_d_l, IR_FCVT_I2F | D | L), H(fcvt_d_lu, K_X2F_RM, fcvt_d_lu, -1),
};
#undef H
#undef HF
#undef D
#undef L

/* Can the inline path serve this rounding mode? Round-to-nearest-even statically or through
 * frm (the back end checks frm == 0 at run time), round-towards-zero for float->int (C casts),
 * and any mode for the operations that never round (compares, min/max, exact widenings). */
static bool inline_rm_ok(int inl, int rm)
{
    int fop = inl & IR_FP_OPMASK;
    if (fop == IR_FEQ || fop == IR_FLT || fop == IR_FLE || fop == IR_FMIN || fop == IR_FMAX)
        return true;
    if (fop == IR_FCVT_FF && !(inl & IR_FP_DOUBLE))
        return true;                                   /* fcvt.d.s: exact */
    if (fop == IR_FCVT_I2F && (inl & IR_FP_DOUBLE) && !(inl & IR_FP_INT64))
        return true;                                   /* fcvt.d.w[u]: exact */
    if (fop == IR_FCVT_F2I && rm == 1)
        return true;
    return rm == 0 || rm == 7;
}

/* The format of an FP result (K_CMP and K_F2X_RM write x registers). */
static bool result_single(const FPHelper *h)
{
    if (h->inl < 0)
        return h->op == RV_OP_fcvt_s_wu || h->op == RV_OP_fcvt_s_lu;
    if ((h->inl & IR_FP_OPMASK) == IR_FCVT_FF)
        return (h->inl & IR_FP_DOUBLE) != 0;
    return !(h->inl & IR_FP_DOUBLE);
}

/* Ops whose inline path depends on NX and frm (the ones the guard is for). */
static bool may_round(int inl)
{
    int fop = inl & IR_FP_OPMASK;
    return fop <= IR_FNMADD || fop == IR_FCVT_F2I ||
           (fop == IR_FCVT_I2F && (!(inl & IR_FP_DOUBLE) || (inl & IR_FP_INT64))) ||
           (fop == IR_FCVT_FF && (inl & IR_FP_DOUBLE));
}

static bool gen_helper_op(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    const FPHelper *h = NULL;
    for (size_t i = 0; i < sizeof(fp_helpers) / sizeof(fp_helpers[0]); i++)
        if (fp_helpers[i].op == in->op) {
            h = &fp_helpers[i];
            break;
        }
    if (!h)
        return false;
    void *fn = h->fast && !d->te->fpu_soft ? h->fast : h->soft;
    IRTemp args[4];
    int n = 0;
    bool has_rm = h->kind != K_BIN && h->kind != K_CMP;
    bool inl = h->inl >= 0 && !d->te->fpu_soft && inline_rm_ok(h->inl, in->rm);
    if (has_rm && !inl)
        check_dyn_rm(d, in->rm);      /* the inline op checks frm itself */
    switch (h->kind) {
    case K_R4:
        args[n++] = fpr(d, in->rs1);
        args[n++] = fpr(d, in->rs2);
        args[n++] = fpr(d, in->rs3);
        break;
    case K_BIN_RM: case K_BIN: case K_CMP:
        args[n++] = fpr(d, in->rs1);
        args[n++] = fpr(d, in->rs2);
        break;
    case K_UN_RM: case K_F2X_RM:
        args[n++] = fpr(d, in->rs1);
        break;
    case K_X2F_RM:
        args[n++] = rv_get_gpr(d, in->rs1);
        break;
    }
    IRTemp res = ir_temp(c);
    if (inl) {
        /* Inline host-FPU fast path; fn (the exact helper) is its slow path. */
        int kind = h->inl;
        const int rs[3] = { in->rs1, in->rs2, in->rs3 };
        for (int k = 0; k < n && h->kind != K_X2F_RM; k++)
            if (known_boxed(d, rs[k]))
                kind |= IR_FP_BOXED0 << k;
        bool trusted = rv_fp_trusted(d);
        if (trusted)
            kind |= IR_FP_TRUSTED;
        /* The result goes straight to its f register (no copy for the back end to make).
         * The first rounding op writing one is the guard itself (its slow path leaves the
         * block unless NX and RNE hold after it; the exit stores the result). */
        bool fres = h->kind != K_CMP && h->kind != K_F2X_RM;
        if (fres)
            res = fpr(d, in->rd);
        if (fres && may_round(h->inl) && guard_allowed(d) &&
            d->n_cond_exits < IR_MAX_EXIT_SLOTS - 2)
            kind |= IR_FP_GUARD | (2 + d->n_cond_exits++) << IR_FP_SLOT_SHIFT;
        IROp *op = ir_emit(c, IR_OP_fpfast, IR_I64);
        op->args[0] = res;
        for (int k = 0; k < 3; k++)
            op->args[1 + k] = args[k < n ? k : 0];
        op->args[4] = kind;
        op->args[5] = has_rm ? in->rm : 0;
        op->args[6] = (int64_t)(uintptr_t)fn;
        op->args[7] = (int64_t)offsetof(GuestState, fflags);
        op->args[8] = (int64_t)offsetof(GuestState, frm);
        if (kind & IR_FP_GUARD)
            d->fp_guard_op = c->nb_ops - 1;
    } else {
        if (has_rm)
            args[n++] = ir_const(c, in->rm);
        call_env(d, fn, res, n, args);
    }
    if (h->kind == K_CMP || h->kind == K_F2X_RM) {
        rv_set_gpr(d, in->rd, res);     /* x0: the op still ran for its flags */
    } else {
        if (res != fpr(d, in->rd))
            ir_mov(c, fpr(d, in->rd), res);
        set_fpr_format(d, in->rd, result_single(h));
    }
    if (inl && !rv_fp_trusted(d) && h->inl >= 0 && may_round(h->inl))
        rv_emit_fp_guard(d, d->next_pc);
    return true;
}

bool rv_translate_fp(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    if (fpr_base(c) == IR_NOTEMP)
        return false;      /* no FP globals: F/D unavailable */
    switch (in->op) {
    case RV_OP_flw: gen_load(d, in, false); set_fpr_format(d, in->rd, true); return true;
    case RV_OP_fld: gen_load(d, in, true); set_fpr_format(d, in->rd, false); return true;
    case RV_OP_fsw: gen_store(d, in, false); return true;
    case RV_OP_fsd: gen_store(d, in, true); return true;
    case RV_OP_fsgnj_s:  gen_fsgnj(d, in, false, 0); break;
    case RV_OP_fsgnjn_s: gen_fsgnj(d, in, false, 1); break;
    case RV_OP_fsgnjx_s: gen_fsgnj(d, in, false, 2); break;
    case RV_OP_fsgnj_d:  gen_fsgnj(d, in, true, 0); break;
    case RV_OP_fsgnjn_d: gen_fsgnj(d, in, true, 1); break;
    case RV_OP_fsgnjx_d: gen_fsgnj(d, in, true, 2); break;
    case RV_OP_fmv_x_w:
        if (in->rd) {
            IRTemp t = ir_temp(c);
            ir_ext32s(c, t, fpr(d, in->rs1));
            rv_set_gpr(d, in->rd, t);
        }
        return true;
    case RV_OP_fmv_x_d:
        if (in->rd)
            rv_set_gpr(d, in->rd, fpr(d, in->rs1));
        return true;
    case RV_OP_fmv_w_x:
        ir_opi(c, IR_OP_or, IR_I64, fpr(d, in->rd), rv_get_gpr(d, in->rs1), (int64_t)BOX_MASK);
        set_fpr_format(d, in->rd, true);
        return true;
    case RV_OP_fmv_d_x:
        ir_mov(c, fpr(d, in->rd), rv_get_gpr(d, in->rs1));
        set_fpr_format(d, in->rd, false);
        return true;
    case RV_OP_fclass_s: case RV_OP_fclass_d:
        if (in->rd) {
            IRTemp r = ir_temp(c), a = fpr(d, in->rs1);
            ir_call(c, in->op == RV_OP_fclass_s ? (void *)helper_fclass_s
                                                : (void *)helper_fclass_d,
                    IR_CALL_PURE | IR_CALL_NO_RWG, r, 1, &a);
            rv_set_gpr(d, in->rd, r);
        }
        return true;
    default:
        if (gen_helper_op(d, in))
            return true;
        d->fp_boxed = 0;       /* not ours: forget what we knew */
        return false;
    }
    /* sign injection */
    set_fpr_format(d, in->rd, in->op == RV_OP_fsgnj_s || in->op == RV_OP_fsgnjn_s ||
                              in->op == RV_OP_fsgnjx_s);
    return true;
}
