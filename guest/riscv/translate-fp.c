/*
 * RISC-V F and D extensions to qelt IR (called by translate.c for every op it does not own).
 *
 * FP registers are IR globals (env homes GuestState.f[i]) ranked after the integer registers,
 * so they live in host registers within a block and never crowd out the pinned integer ones.
 * Moves, sign injection, NaN-boxing, fmv and loads/stores are inline IR; arithmetic,
 * compares, conversions and fclass call fp-helpers.c, which apply rounding and accrue fflags
 * (IR_CALL_NO_RWG: they take register values as arguments and only touch fflags/frm, which are
 * not globals).
 * Rounding: a static rm is passed as a constant (5/6 never get here: the decoder rejects them).
 * rm = 7 (dynamic) reads frm at run time; before the first such op of a block we call
 * helper_fp_check_frm, which raises illegal instruction for a reserved frm. One check per block
 * suffices because a write to frm/fcsr ends the block (translate.c) and nothing else changes frm
 * while the block runs. The check syncs globals first (it may leave via cpu_loop_exit).
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

static void call_env(RVDisas *d, void *fn, IRTemp dst, int n, const IRTemp *args)
{
    ir_call(d->ir, fn, IR_CALL_ENV | IR_CALL_NO_RWG, dst, n, args);
}

/* Single operand in boxed form, with an improperly boxed value replaced by the boxed
 * canonical NaN: sign injection then keeps the upper bits all ones. */
static IRTemp unboxed(RVDisas *d, int r)
{
    IRContext *c = d->ir;
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
    IRTemp v = ir_temp(c);
    ir_gld(c, v, addr, rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, false);
    if (dbl)
        ir_mov(c, fpr(d, in->rd), v);
    else
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
    void *soft, *fast;     /* fast == NULL: the soft helper serves both */
} FPHelper;

#define H(o, k, f) { RV_OP_##o, k, (void *)helper_##f, NULL }
#define HF(o, k, f) { RV_OP_##o, k, (void *)helper_##f, (void *)helper_##f##_fast }
static const FPHelper fp_helpers[] = {
    HF(fadd_s, K_BIN_RM, fadd_s), HF(fsub_s, K_BIN_RM, fsub_s),
    HF(fmul_s, K_BIN_RM, fmul_s), HF(fdiv_s, K_BIN_RM, fdiv_s),
    HF(fadd_d, K_BIN_RM, fadd_d), HF(fsub_d, K_BIN_RM, fsub_d),
    HF(fmul_d, K_BIN_RM, fmul_d), HF(fdiv_d, K_BIN_RM, fdiv_d),
    HF(fmadd_s, K_R4, fmadd_s), HF(fmsub_s, K_R4, fmsub_s),
    HF(fnmsub_s, K_R4, fnmsub_s), HF(fnmadd_s, K_R4, fnmadd_s),
    HF(fmadd_d, K_R4, fmadd_d), HF(fmsub_d, K_R4, fmsub_d),
    HF(fnmsub_d, K_R4, fnmsub_d), HF(fnmadd_d, K_R4, fnmadd_d),
    HF(fsqrt_s, K_UN_RM, fsqrt_s), HF(fsqrt_d, K_UN_RM, fsqrt_d),
    H(fcvt_s_d, K_UN_RM, fcvt_s_d), H(fcvt_d_s, K_UN_RM, fcvt_d_s),
    H(fmin_s, K_BIN, fmin_s), H(fmax_s, K_BIN, fmax_s),
    H(fmin_d, K_BIN, fmin_d), H(fmax_d, K_BIN, fmax_d),
    HF(feq_s, K_CMP, feq_s), HF(flt_s, K_CMP, flt_s), HF(fle_s, K_CMP, fle_s),
    HF(feq_d, K_CMP, feq_d), HF(flt_d, K_CMP, flt_d), HF(fle_d, K_CMP, fle_d),
    H(fcvt_w_s, K_F2X_RM, fcvt_w_s), H(fcvt_wu_s, K_F2X_RM, fcvt_wu_s),
    H(fcvt_l_s, K_F2X_RM, fcvt_l_s), H(fcvt_lu_s, K_F2X_RM, fcvt_lu_s),
    H(fcvt_w_d, K_F2X_RM, fcvt_w_d), H(fcvt_wu_d, K_F2X_RM, fcvt_wu_d),
    H(fcvt_l_d, K_F2X_RM, fcvt_l_d), H(fcvt_lu_d, K_F2X_RM, fcvt_lu_d),
    H(fcvt_s_w, K_X2F_RM, fcvt_s_w), H(fcvt_s_wu, K_X2F_RM, fcvt_s_wu),
    H(fcvt_s_l, K_X2F_RM, fcvt_s_l), H(fcvt_s_lu, K_X2F_RM, fcvt_s_lu),
    H(fcvt_d_w, K_X2F_RM, fcvt_d_w), H(fcvt_d_wu, K_X2F_RM, fcvt_d_wu),
    H(fcvt_d_l, K_X2F_RM, fcvt_d_l), H(fcvt_d_lu, K_X2F_RM, fcvt_d_lu),
};
#undef H
#undef HF

/* The operations the back end can do inline (IR fpfast), or -1. */
static int fpfast_kind(int op)
{
    switch (op) {
    case RV_OP_fadd_d: return IR_FADD | IR_FP_DOUBLE;
    case RV_OP_fsub_d: return IR_FSUB | IR_FP_DOUBLE;
    case RV_OP_fmul_d: return IR_FMUL | IR_FP_DOUBLE;
    case RV_OP_fdiv_d: return IR_FDIV | IR_FP_DOUBLE;
    case RV_OP_fadd_s: return IR_FADD;
    case RV_OP_fsub_s: return IR_FSUB;
    case RV_OP_fmul_s: return IR_FMUL;
    case RV_OP_fdiv_s: return IR_FDIV;
    default: return -1;
    }
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
    if (has_rm)
        check_dyn_rm(d, in->rm);
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
    if (has_rm)
        args[n++] = ir_const(c, in->rm);
    IRTemp res = ir_temp(c);
    int fop = fpfast_kind(in->op);
    if (fop >= 0 && !d->te->fpu_soft && (in->rm == 0 || in->rm == 7)) {
        /* Inline host-FPU fast path; fn (the exact helper) is its slow path. */
        IROp *op = ir_emit(c, IR_OP_fpfast, IR_I64);
        op->args[0] = res;
        op->args[1] = args[0];
        op->args[2] = args[1];
        op->args[3] = fop;
        op->args[4] = in->rm;
        op->args[5] = (int64_t)(uintptr_t)fn;
        op->args[6] = (int64_t)offsetof(GuestState, fflags);
        op->args[7] = (int64_t)offsetof(GuestState, frm);
        ir_mov(c, fpr(d, in->rd), res);
        return true;
    }
    call_env(d, fn, res, n, args);
    if (h->kind == K_CMP || h->kind == K_F2X_RM)
        rv_set_gpr(d, in->rd, res);     /* x0: the call still ran for its flags */
    else
        ir_mov(c, fpr(d, in->rd), res);
    return true;
}

bool rv_translate_fp(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    if (fpr_base(c) == IR_NOTEMP)
        return false;      /* no FP globals: F/D unavailable */
    switch (in->op) {
    case RV_OP_flw: gen_load(d, in, false); return true;
    case RV_OP_fld: gen_load(d, in, true); return true;
    case RV_OP_fsw: gen_store(d, in, false); return true;
    case RV_OP_fsd: gen_store(d, in, true); return true;
    case RV_OP_fsgnj_s:  gen_fsgnj(d, in, false, 0); return true;
    case RV_OP_fsgnjn_s: gen_fsgnj(d, in, false, 1); return true;
    case RV_OP_fsgnjx_s: gen_fsgnj(d, in, false, 2); return true;
    case RV_OP_fsgnj_d:  gen_fsgnj(d, in, true, 0); return true;
    case RV_OP_fsgnjn_d: gen_fsgnj(d, in, true, 1); return true;
    case RV_OP_fsgnjx_d: gen_fsgnj(d, in, true, 2); return true;
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
        return true;
    case RV_OP_fmv_d_x:
        ir_mov(c, fpr(d, in->rd), rv_get_gpr(d, in->rs1));
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
        return gen_helper_op(d, in);
    }
}
