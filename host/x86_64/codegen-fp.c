/*
 * x86-64 lowering of the IR's fpfast op: the seed's host-FPU fast path, inline.
 *
 * Why the result and the flags are exact when the fast path is taken:
 *   - inputs zero or normal (no NaN, infinity or subnormal): the host computes the correctly
 *     rounded IEEE result of the same operation; with rounding to nearest-even (the only mode
 *     taken inline, host MXCSR is left at its default) it is bit-identical to soft-float;
 *   - "inexact" already set: any inexact result adds nothing new to the guest's flags;
 *   - invalid (0/0, inf-inf, 0*inf) needs a NaN, infinity or 0/0: NaN results are rejected by
 *     the result check; divide-by-zero and overflow produce an infinity: rejected too;
 *   - underflow (tininess after rounding) can only affect results of magnitude at most twice
 *     the smallest normal: exponent fields 0 and 1 are rejected, so zero results also take the
 *     slow path (rare, and it keeps the check to one range test).
 * Everything rejected is redone by the exact helper, so the guest sees the same values and
 * flags as with -fpu soft. MXCSR flags are never read.
 */
#include <stddef.h>

#include "x86-backend.h"

/* The back end's register helpers (codegen.c). */
XReg cg_temp_load(Backend *be, IRTemp t, uint32_t avoid);
XReg cg_alloc_scratch(Backend *be, uint32_t avoid);
XReg cg_dest_reg(Backend *be, IRTemp d, uint32_t avoid);
void cg_temp_set_reg(Backend *be, IRTemp d, XReg r);

typedef struct FpSlow { uint8_t **fields; int n; } FpSlow;

/* Jump to slow unless the operand's value is zero or normal (and, for singles, boxed). */
static void check_input(XBuf *b, XReg v, XReg t, bool dbl, uint8_t **slow, int *ns)
{
    x_mov_rr(b, true, t, v);
    if (!dbl) {
        x_shift_ri(b, XS_SHR, true, t, 32);
        x_alu_ri(b, XA_CMP, false, t, -1);
        slow[(*ns)++] = x_jcc(b, XC_NE, NULL);     /* not NaN-boxed: canonical NaN input */
        x_mov_rr(b, false, t, v);
    }
    x_alu_rr(b, XA_ADD, dbl, t, t);               /* drop the sign */
    uint8_t *zero = x_jcc8(b, XC_E);
    x_shift_ri(b, XS_SHR, dbl, t, dbl ? 53 : 24); /* biased exponent */
    x_alu_ri(b, XA_SUB, false, t, 1);
    x_alu_ri(b, XA_CMP, false, t, dbl ? 0x7fd : 0xfd);
    slow[(*ns)++] = x_jcc(b, XC_A, NULL);         /* exponent 0 (subnormal) or all ones */
    x_patch_rel8(zero, b->p);
}

void cg_gen_fpfast(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], bt = (IRTemp)op->args[2];
    int kind = (int)op->args[3];
    int rm = (int)op->args[4];
    void *fn = (void *)(uintptr_t)op->args[5];
    int32_t nx_off = (int32_t)op->args[6], frm_off = (int32_t)op->args[7];
    bool dbl = kind & IR_FP_DOUBLE;
    XBuf *b = &be->b;

    XReg ra = cg_temp_load(be, a, 0);
    XReg rb = cg_temp_load(be, bt, 0);
    XReg t = cg_alloc_scratch(be, 0);
    XReg rd = cg_dest_reg(be, d, (1u << ra) | (1u << rb) | (1u << t));
    uint8_t *slow[8];
    int ns = 0;

    /* "inexact already set" (bit 0 of fflags) */
    x_load(b, 1, false, t, xm(X_RBP, nx_off));
    x_test_ri(b, false, t, 1);
    slow[ns++] = x_jcc(b, XC_E, NULL);
    if (rm == 7) {
        x_alu_mi(b, XA_CMP, false, xm(X_RBP, frm_off), 0);
        slow[ns++] = x_jcc(b, XC_NE, NULL);
    }
    check_input(b, ra, t, dbl, slow, &ns);
    check_input(b, rb, t, dbl, slow, &ns);
    static const XFop ops[4] = { XF_ADD, XF_SUB, XF_MUL, XF_DIV };
    if (dbl) {
        x_movq_xr(b, 0, ra);
        x_movq_xr(b, 1, rb);
        x_sse_op(b, ops[kind & 3], true, 0, 1);
        x_movq_rx(b, rd, 0);
    } else {
        x_movd_xr(b, 0, ra);
        x_movd_xr(b, 1, rb);
        x_sse_op(b, ops[kind & 3], false, 0, 1);
        x_movd_rx(b, rd, 0);
    }
    /* Result: exponent field in [2, max-1], else redo exactly. */
    x_mov_rr(b, dbl, t, rd);
    x_alu_rr(b, XA_ADD, dbl, t, t);
    x_shift_ri(b, XS_SHR, dbl, t, dbl ? 53 : 24);
    x_alu_ri(b, XA_SUB, false, t, 2);
    x_alu_ri(b, XA_CMP, false, t, dbl ? 0x7fc : 0xfc);
    slow[ns++] = x_jcc(b, XC_A, NULL);
    if (!dbl) {
        x_mov_ri(b, t, 0xffffffff00000000ull);
        x_alu_rr(b, XA_OR, true, rd, t);
    }
    uint8_t *done = x_jmp8(b);

    /* Slow path, inline after the jump (cold, but kept close for simplicity): call the exact
     * helper with every caller-saved register preserved on the stack, except rd which
     * receives the result through its stack slot. */
    uint8_t *slow_at = b->p;
    for (int i = 0; i < ns; i++)
        x_patch_rel32(slow[i], slow_at);
    static const XReg saved[9] = { X_RAX, X_RCX, X_RDX, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11 };
    for (int i = 0; i < 9; i++)
        x_push(b, saved[i]);
    x_alu_ri(b, XA_SUB, true, X_RSP, 8);                  /* 16-byte alignment for the call */
    /* Arguments from the saved copies (a register may be an argument register itself). */
    XReg args_src[2] = { ra, rb };
    XReg arg_regs[2] = { X_RSI, X_RDX };
    for (int k = 0; k < 2; k++) {
        int slot = -1;
        for (int i = 0; i < 9; i++)
            if (saved[i] == args_src[k])
                slot = i;
        if (slot >= 0)
            x_load(b, 8, false, arg_regs[k], xm(X_RSP, 8 + (8 - slot) * 8));
        else
            x_mov_rr(b, true, arg_regs[k], args_src[k]);
    }
    x_mov_rr(b, true, X_RDI, X_RBP);
    x_mov_ri(b, X_RCX, (uint64_t)rm);
    x_mov_ri(b, X_RAX, (uint64_t)(uintptr_t)fn);
    x_call_r(b, X_RAX);
    int dslot = -1;
    for (int i = 0; i < 9; i++)
        if (saved[i] == rd)
            dslot = i;
    if (dslot >= 0)
        x_store(b, 8, X_RAX, xm(X_RSP, 8 + (8 - dslot) * 8));
    else
        x_mov_rr(b, true, rd, X_RAX);   /* pinned, callee-saved: survives the pops */
    x_alu_ri(b, XA_ADD, true, X_RSP, 8);
    for (int i = 8; i >= 0; i--)
        x_pop(b, saved[i]);
    x_patch_rel8(done, b->p);
    cg_temp_set_reg(be, d, rd);
}
