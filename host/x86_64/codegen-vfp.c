/*
 * x86-64 lowering of the IR's FP vector op (vfop; ir-ops.def's vector section), next to
 * codegen-vec.c, whose chunk machinery and vector cache it uses (codegen-vec.h).
 *
 * vfop: exact or nothing, with the scalar FP fast path's discipline (codegen-fp.c) and no
 * MXCSR access (reading it stalls until every FP op retires): it runs only with fflags.NX
 * already raised and frm = RNE (checked by the op, unless IR_VF_TRUSTED says the block's FP
 * guard holds), so an inexact result needs no flag; a result lane whose
 * exponent is all ones (NaN from an invalid operation or a NaN operand, infinity from
 * overflow, division by zero or an infinite operand) or, for kinds that may underflow (not
 * add/sub), zero (tiny or zero: maybe UF; not when a factor of a product or the dividend of
 * a quotient is +-0: that result is an exact +-0) sends the whole op to the caller's helper with
 * nothing written (status 1), as do an unboxed single scalar and frm/NX. Sums and differences
 * with a zero-exponent result are exact (multiples of the smallest subnormal): no UF. Up to 2
 * chunks keep their results in registers until the check; longer groups are computed twice
 * (check, then store). vfmv.v.f and the sign injections (bit operations) need no check, nor
 * does the integer-to-float conversion (NX, the only flag it can raise, is already set;
 * cvtdq2ps for singles, for doubles vcvtqq2pd where the host has AVX-512DQ/VL and
 * QELT_VEC_HOST does not say avx2, else cvtsi2sd lane by lane: at most 8 lanes inline). A vfop
 * with a run-time vl (16 bytes): a lane mask of the first vl elements (loaded from a constant
 * table at 16 - vl * e) limits the check to them, and the result is merged under it with d's
 * old bytes (and/andn/or); vl = 0 or above VLMAX: the helper. With AVX2, the arithmetic and
 * fused kinds over 16 or 32 bytes (any vl) take a one-chunk form instead (vf_lean): a check
 * of three ops against constants in the code cache (no set-up), only xmm0-2 touched (FP
 * values in xmm3-7 stay), exact zeros re-checked out of line (VfRecheck), the fallbacks out
 * of line when no vcall follows to take them (VcFallback).
 */
#include <stdlib.h>
#include <string.h>

#include "codegen-vec.h"

/* ---- floating point -------------------------------------------------------------------- */

typedef struct VfArgs {
    int kind, l2, d, a, bo, n;
    bool sc, keep;      /* keep: results stay in xmm0..3 (chunk index) until the check */
    bool store;         /* second pass: store the results */
    int chunk;
    int acc;            /* the check's bad-lane accumulator: vf_acc_reg */
} VfArgs;

/* The bad-lane accumulator of a vfop's check: xmm1 when it is free (one 16-byte chunk, no
 * lane mask: a constant vl), so an FP value in xmm7 stays live (cg_vec_scratch), else xmm7. */
int vf_acc_reg(const Backend *be, const IROp *op)
{
    return op->args[8] == 16 && ir_is_const(be->ir, (IRTemp)op->args[3]) ? 1 : 7;
}

/* ---- the one-chunk form (AVX2, groups of 16 or 32 bytes) ----------------------------------
 * Results are checked with three ops on |r| against constants in the code cache (rip-relative
 * memory operands, nothing to set up): a kind that cannot underflow fails a lane when |r| >
 * the largest finite (signed compare: |r| < 2^63); one that may fails it unless |r| + 2^52
 * (singles: 2^23) > 2^53 - 1 (2^24 - 1), which holds exactly for exponents 1 .. max - 1 (the
 * sum of an infinity or NaN turns negative). A product with a +-0 factor or a quotient with
 * a +-0 dividend that failed only for its exact zero result is cleared out of line
 * (VfRecheck). Registers: xmm0 the result, xmm1/xmm2 the sources when not cached, then the
 * check; FP values in xmm3-7 stay (cg_vec_scratch). A run-time vl: ymm2 the lane mask of the
 * first vl elements, the result merged with d's old bytes under it before the check, which
 * then looks at those lanes only. */
enum { VFC_ABS, VFC_MAXF = 2, VFC_BIAS = 4, VFC_KM1 = 6, VFC_SIGN = 8, VFC_ZERO = 10,
       VFC_LANES = 11 };

size_t cg_vec_consts(uint8_t *p)
{
    static const uint64_t q[5][2] = {   /* singles (two per qword), doubles */
        { 0x7fffffff7fffffffull, 0x7fffffffffffffffull },   /* VFC_ABS */
        { 0x7f7fffff7f7fffffull, 0x7fefffffffffffffull },   /* VFC_MAXF */
        { 0x0080000000800000ull, 1ull << 52 },               /* VFC_BIAS */
        { 0x00ffffff00ffffffull, (1ull << 53) - 1 },         /* VFC_KM1 */
        { 0x8000000080000000ull, 1ull << 63 },               /* VFC_SIGN */
    };
    memset(p, 0, VEC_CONSTS_SIZE);
    for (int c = 0; c < 5; c++)
        for (int d = 0; d < 2; d++)
            for (int i = 0; i < 4; i++)
                memcpy(p + (2 * c + d) * 32 + 8 * i, &q[c][d], 8);
    memset(p + VFC_LANES * 32, 0xff, 32);   /* 32 ones, 32 zeros: lane masks (VFC_LANES) */
    return VEC_CONSTS_SIZE;
}

static const uint8_t *vfc(const Backend *be, int c, int l2)
{
    return be->vf_consts + (c + (l2 == 3)) * 32;   /* the single's entry, then the double's */
}

/* op xmm/ymm xr, xv, [rip -> target] (imm < 0: none) */
static void simd_rip(XBuf *b, uint32_t opc, int len, int xr, int xv, const uint8_t *target, int imm)
{
    x_simd_rm(b, opc, len, xr, xv, xrip(0), imm);
    int32_t disp = (int32_t)(target - b->p);
    memcpy(b->p - 4 - (imm >= 0), &disp, 4);
}

/* Whether a vfop takes the one-chunk form (cg_vec_scratch asks too). */
bool vf_lean(const Backend *be, const IROp *op)
{
    int vop = (int)op->args[4], kind = IR_VEC_KIND(vop), l2 = IR_VEC_LOG2E(vop);
    int n = (int)op->args[8];
    bool fused = kind >= IR_VF_MACC && kind <= IR_VF_NMSUB;
    return vec_level((Backend *)be) == LV_AVX2 && (n == 16 || n == 32) && (l2 == 2 || l2 == 3) &&
           kind <= IR_VF_SGNJX && (kind != IR_VF_MV || (vop & IR_V_SCALAR)) &&
           (!fused || __builtin_cpu_supports("fma"));
}

/* The re-check: t holds the rejected lanes (active ones); those whose result is +-0 and whose
 * factor (a or b) or dividend is +-0 are exact, no flag. Operands from env (not yet written:
 * d may be one of them). Any other lane: the fallback; none: back to resume. */
void vf_recheck_emit(Backend *be, const VfRecheck *c, const uint8_t *fallback)
{
    XBuf *b = &be->b;
    int L = c->wide ? 256 : 128;
    bool dbl = c->l2 == 3;
    uint32_t cmpeq = XSIMD(dbl ? 1 : 0, 1, 0xc2, 0);                  /* vcmpeqpd/ps */
    const uint8_t *zero = vfc(be, VFC_ZERO, 2);
    x_patch_rel32(c->jcc, b->p);
    bool a_side = c->kind != IR_VF_RDIV, b_side = c->kind != IR_VF_DIV;
    if (a_side) {
        x_simd_rm(b, XSIMD(2, 1, 0x6f, 0), L, 2, 0, xm(X_RBP, c->a), -1);  /* vmovdqu */
        simd_rip(b, cmpeq, L, 2, 2, zero, 0);
    }
    if (b_side) {
        int x = a_side ? 1 : 2;
        if (c->sc) {
            if (dbl)
                x_movq_xr(b, x, (XReg)c->rs);
            else
                x_movd_xr(b, x, (XReg)c->rs);
            x_simd_rr(b, P66_38(dbl ? 0x59 : 0x58), L, x, 0, x, -1);  /* vpbroadcastq/d */
        } else {
            x_simd_rm(b, XSIMD(2, 1, 0x6f, 0), L, x, 0, xm(X_RBP, c->bo), -1);
        }
        simd_rip(b, cmpeq, L, x, x, zero, 0);
        if (a_side)
            x_simd_rr(b, P66(0xeb), L, 2, 2, 1, -1);                   /* vpor */
    }
    simd_rip(b, cmpeq, L, 1, c->r, zero, 0);                           /* result +-0 */
    x_simd_rr(b, P66(0xdb), L, 1, 1, 2, -1);                           /* vpand */
    x_simd_rr(b, XSIMD(dbl ? 1 : 0, 1, 0x50, 0), L, c->tmp, 0, 1, -1);  /* vmovmskpd/ps */
    x_unary(b, XU_NOT, false, (XReg)c->tmp);
    x_alu_rr(b, XA_AND, false, (XReg)c->t, (XReg)c->tmp);
    x_jcc(b, XC_NE, fallback);
    x_jmp(b, c->resume);
}

/* FMA3 opcode (0F38, 66, W = double) of the fused kinds: 231 forms for +-(a*b) +- d, 213 forms
 * for +-(d*b) +- a. */
static uint8_t fma_opc(int kind)
{
    static const uint8_t t[8] = { 0xb8, 0xbe, 0xba, 0xbc, 0xa8, 0xae, 0xaa, 0xac };
    return t[kind - IR_VF_MACC];
}

/* xmm6 (lanes with a zero-exponent result) &= lanes where operand a (b_side: b) is not +-0:
 * a product with a zero factor and a quotient with a zero dividend are exactly +-0, no flag
 * (NaN and infinite results are the all-ones check's). xmm4 is scratch, xmm2 zero. */
static void vf_exact_zero(VG *g, const VfArgs *v, bool b_side, bool dbl)
{
    uint32_t cmpeq = XSIMD(dbl ? 1 : 0, 1, 0xc2, 0);                 /* cmpeqps/pd */
    if (g->len) {   /* VEX: compare the operand where it is, xmm6 = ~xmm4 & xmm6 */
        int src = b_side && v->sc ? 5 : vsrc(g, 4, b_side ? v->bo : v->a);
        x_simd_rr(g->b, cmpeq, g->len, 4, src, 2, 0);
        vg_op3(g, P66(0xdf), 6, 4, 6);                                  /* vpandn */
        return;
    }
    if (b_side && v->sc)
        vg_mov(g, 4, 5);
    else
        vload_x(g, 4, b_side ? v->bo : v->a);
    x_simd_rr(g->b, cmpeq, 0, 4, 0, 2, 0);
    vg_op3(g, P66(0xdf), 4, 4, 6);                                      /* pandn */
    vg_mov(g, 6, 4);
}

static void vf_chunk(VG *g, const void *arg)
{
    VfArgs *v = (VfArgs *)arg;
    bool dbl = v->l2 == 3;
    int r = v->keep ? v->chunk++ : 0;
    int xa = 4, xb = 5;   /* read only (maybe cache entries) */
    if (v->kind != IR_VF_MV)
        xa = vsrc(g, 4, v->a);
    if (!v->sc)
        xb = vsrc(g, 6, v->bo);
    uint32_t pfx = dbl ? 1 : 0;
    switch (v->kind) {
    case IR_VF_ADD: vg_op3(g, XSIMD(pfx, 1, 0x58, 0), r, xa, xb); break;
    case IR_VF_SUB: vg_op3(g, XSIMD(pfx, 1, 0x5c, 0), r, xa, xb); break;
    case IR_VF_RSUB: vg_op3(g, XSIMD(pfx, 1, 0x5c, 0), r, xb, xa); break;
    case IR_VF_MUL: vg_op3(g, XSIMD(pfx, 1, 0x59, 0), r, xa, xb); break;
    case IR_VF_DIV: vg_op3(g, XSIMD(pfx, 1, 0x5e, 0), r, xa, xb); break;
    case IR_VF_RDIV: vg_op3(g, XSIMD(pfx, 1, 0x5e, 0), r, xb, xa); break;
    case IR_VF_MV: vg_mov(g, r, xb); break;
    case IR_VF_SGNJ: case IR_VF_SGNJN:                          /* xmm3: the sign bits */
        vg_op3(g, P66(0xdf), r, 3, xa);                             /* pandn: a's magnitude */
        vg_op3(g, P66(v->kind == IR_VF_SGNJ ? 0xdb : 0xdf), 4, xb, 3); /* b's sign (negated) */
        vg_op3(g, P66(0xeb), r, r, 4);
        break;
    case IR_VF_CVTFX: x_simd_rr(g->b, XSIMD(0, 1, 0x5b, 0), g->len, r, 0, xa, -1); break; /* cvtdq2ps */
    case IR_VF_SGNJX:
        vg_op3(g, P66(0xdb), r, xb, 3);
        vg_op3(g, P66(0xef), r, r, xa);
        break;
    default:
        vload_x(g, r, v->d);
        if (v->kind <= IR_VF_NMSAC)   /* r = +-(a*b) +- r */
            x_simd_rr(g->b, XSIMD(1, 2, fma_opc(v->kind), dbl), g->len, r, xa, xb, -1);
        else                          /* r = +-(b*r) +- a */
            x_simd_rr(g->b, XSIMD(1, 2, fma_opc(v->kind), dbl), g->len, r, xb, xa, -1);
        break;
    }
    if (v->store) {
        vdst(g, v->d, r);
        return;
    }
    /* acc (xmm7 or 1) |= lanes whose exponent is all ones (inf, NaN), or zero when the kind may
     * underflow; doubles compare their high dwords (copied into both halves) */
    if (dbl)
        x_simd_rr(g->b, P66(0x70), g->len, 6, 0, r, 0xf5);          /* pshufd */
    else
        vg_mov(g, 6, r);
    vg_op3(g, P66(0xdb), 6, 6, 3);                                      /* pand: exponent */
    vg_op3(g, P66(0x76), 4, 6, 3);                                      /* pcmpeqd: all ones */
    vg_acc_op(g, P66(0xeb), v->acc, 4);
    if (v->kind >= IR_VF_MUL) {                                      /* not add/sub/rsub */
        vg_op3(g, P66(0x76), 6, 6, 2);                                  /* pcmpeqd: zero */
        if (v->kind != IR_VF_RDIV && v->kind <= IR_VF_RDIV)          /* a factor, dividend */
            vf_exact_zero(g, v, false, dbl);
        if (v->kind == IR_VF_MUL || v->kind == IR_VF_RDIV)           /* b factor, dividend */
            vf_exact_zero(g, v, true, dbl);
        vg_acc_op(g, P66(0xeb), v->acc, 6);
    }
}

/* 16 bytes, then 16 zero bytes: 16 bytes from byte 16 - k on are the lane mask of the first
 * k bytes. */
static const uint8_t vf_mask_bytes[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* A run-time vl (register rv) of a vfop over n bytes: to the fallback (fb) unless 1 <= vl <=
 * n >> l2; t = vl - 1. */
static void vf_vl_range(VG *g, int l2, int n, XReg rv, XReg t, uint8_t **fb, int *nfb)
{
    XBuf *b = g->b;
    x_mov_rr(b, true, t, rv);
    x_alu_ri(b, XA_SUB, true, t, 1);
    x_alu_ri(b, XA_CMP, true, t, n >> l2);
    fb[(*nfb)++] = x_jcc(b, XC_AE, NULL);                      /* vl = 0, vl > VLMAX */
}

/* vf_vl_range, then xmm1 = the lane mask of the first vl elements. t and ra: scratch GPRs. */
static void vf_lane_mask(VG *g, int l2, XReg rv, XReg t, XReg ra, uint8_t **fb, int *nfb)
{
    XBuf *b = g->b;
    vf_vl_range(g, l2, 16, rv, t, fb, nfb);
    x_shift_ri(b, XS_SHL, true, t, l2);                        /* (vl - 1) bytes of e */
    x_mov_ri(b, ra, (uint64_t)(uintptr_t)(vf_mask_bytes + 16 - (1 << l2)));
    x_alu_rr(b, XA_SUB, true, ra, t);
    int w = g->w;
    g->w = 16;
    vload(g, 1, xm(ra, 0));
    g->w = w;
}

/* The result chunk in xmm0 keeps d's old elements where xmm1 (vf_lane_mask) is clear: the
 * tail undisturbed. xmm4-6 are scratch. */
static void vf_merge_tail(VG *g, int d)
{
    int old = vsrc(g, 6, d);
    vg_op3(g, P66(0xdb), 0, 0, 1);                                /* pand: the body */
    vg_op3(g, P66(0xdf), 4, 1, old);                              /* pandn: d's tail */
    vg_op3(g, P66(0xeb), 0, 0, 4);                                /* por */
}

/* The one-chunk form of an arithmetic or fused kind (vf_lean; the comment above cg_vec_consts):
 * rv the run-time vl (in range: vf_vl_range) or X_NOREG, t and tmp scratch GPRs. The check's
 * branch goes to fb, or for the kinds with exact zeros to the re-check (rc). */
static void gen_vf_lean(VG *g, const VfArgs *v, XReg rs, XReg rv, XReg t, XReg tmp,
                        uint8_t **fb, int *nfb, VfRecheck *rc)
{
    Backend *be = g->be;
    XBuf *b = g->b;
    bool dbl = v->l2 == 3;
    int L = v->n == 32 ? 256 : 128, kind = v->kind, lanes = v->n >> v->l2;
    g->wide = v->n == 32;
    g->len = L;
    g->w = v->n;
    g->k = 0;
    g->stamp0 = be->vc_clock + 1;
    /* computed where vdst wants it with a fixed vl (picked after the sources, which may take
     * registers for entries; a fallback reloads it from env: vdst makes it one of the op's
     * entries, g->fresh) */
    bool bits = kind >= IR_VF_MV, pick = rv == X_NOREG;
    int r = pick && kind == IR_VF_MV ? vdst_pick(g, v->d, -1, -1) : 0;
    r = r == 3 ? 0 : r;
    int xb = kind == IR_VF_MV ? r : 1;
    if (v->sc) {   /* the scalar in every lane of ymm1 (vfmv.v.f: of the result) */
        if (dbl)
            x_movq_xr(b, xb, rs);
        else
            x_movd_xr(b, xb, rs);
        x_simd_rr(b, P66_38(dbl ? 0x59 : 0x58), L, xb, 0, xb, -1);    /* vpbroadcastq/d */
    } else {
        xb = vsrc(g, 1, v->bo);
    }
    int xa = kind == IR_VF_MV ? 0 : vsrc(g, 2, v->a);
    if (pick && kind != IR_VF_MV) {
        r = vdst_pick(g, v->d, xa, xb);
        r = r == 3 ? 0 : r;
    }
    uint32_t pfx = dbl ? 1 : 0;
    static const uint8_t arith[6] = { 0x58, 0x5c, 0x5c, 0x59, 0x5e, 0x5e };
    if (bits) {   /* vfmv.v.f: done; sign injections: a's magnitude, b's sign (negated, xor'ed) */
        const uint8_t *sign = vfc(be, VFC_SIGN, v->l2);
        if (kind == IR_VF_SGNJX) {
            simd_rip(b, P66(0xdb), L, 1, xb, sign, -1);                   /* vpand */
            x_simd_rr(b, P66(0xef), L, r, xa, 1, -1);                     /* vpxor */
        } else if (kind != IR_VF_MV) {
            simd_rip(b, P66(kind == IR_VF_SGNJ ? 0xdb : 0xdf), L, 1, xb, sign, -1);  /* vpand(n) */
            simd_rip(b, P66(0xdb), L, r, xa, vfc(be, VFC_ABS, v->l2), -1);
            x_simd_rr(b, P66(0xeb), L, r, r, 1, -1);                      /* vpor */
        }
    } else if (kind <= IR_VF_RDIV) {   /* RSUB, RDIV: b op a */
        bool rev = kind == IR_VF_RSUB || kind == IR_VF_RDIV;
        vg_op3(g, XSIMD(pfx, 1, arith[kind], 0), r, rev ? xb : xa, rev ? xa : xb);
    } else {
        vload_x(g, r, v->d);
        if (kind <= IR_VF_NMSAC)      /* +-(a*b) +- d */
            x_simd_rr(b, XSIMD(1, 2, fma_opc(kind), dbl), L, r, xa, xb, -1);
        else                          /* +-(b*d) +- a */
            x_simd_rr(b, XSIMD(1, 2, fma_opc(kind), dbl), L, r, xb, xa, -1);
    }
    if (rv != X_NOREG) {   /* ymm2: the first vl lanes (t = vl - 1); d's old bytes elsewhere */
        x_shift_ri(b, XS_SHL, true, t, v->l2);
        x_lea(b, true, tmp, xrip(0));
        int32_t disp = (int32_t)(vfc(be, VFC_LANES, 2) + 32 - (1 << v->l2) - b->p);
        memcpy(b->p - 4, &disp, 4);
        x_alu_rr(b, XA_SUB, true, tmp, t);
        x_simd_rm(b, XSIMD(2, 1, 0x6f, 0), L, 2, 0, xm(tmp, 0), -1);       /* vmovdqu */
        int old = vsrc(g, 1, v->d);
        x_simd_rr(b, XSIMD(1, 3, 0x4c, 0), L, 0, old, 0, 2 << 4);          /* vpblendvb */
    }
    if (bits) {
        vdst(g, v->d, r);
        return;
    }
    bool uf = kind >= IR_VF_MUL;
    uint32_t gt = dbl ? P66_38(0x37) : P66(0x66);                          /* vpcmpgtq/d */
    simd_rip(b, P66(0xdb), L, 1, r, vfc(be, VFC_ABS, v->l2), -1);          /* |r| */
    if (uf) {   /* good lanes; with a lane mask: active bad ones (vpandn) */
        simd_rip(b, P66(dbl ? 0xd4 : 0xfe), L, 1, 1, vfc(be, VFC_BIAS, v->l2), -1);
        simd_rip(b, gt, L, 1, 1, vfc(be, VFC_KM1, v->l2), -1);
        if (rv != X_NOREG)
            x_simd_rr(b, P66(0xdf), L, 1, 1, 2, -1);
    } else {    /* bad lanes */
        simd_rip(b, gt, L, 1, 1, vfc(be, VFC_MAXF, v->l2), -1);
        if (rv != X_NOREG)
            x_simd_rr(b, P66(0xdb), L, 1, 1, 2, -1);
    }
    x_simd_rr(b, XSIMD(pfx, 1, 0x50, 0), L, t, 0, 1, -1);                 /* vmovmskpd/ps */
    if (uf && rv == X_NOREG)
        x_alu_ri(b, XA_XOR, false, t, (1 << lanes) - 1);
    else
        x_test_rr(b, false, t, t);
    uint8_t *j = x_jcc(b, XC_NE, NULL);
    if (kind == IR_VF_MUL || kind == IR_VF_DIV || kind == IR_VF_RDIV)
        *rc = (VfRecheck){ j, b->p, v->a, v->bo, (int8_t)kind, (int8_t)v->l2, (int8_t)rs,
                           (int8_t)t, (int8_t)tmp, (int8_t)r, v->sc, g->wide };
    else
        fb[(*nfb)++] = j;
    vdst(g, v->d, r);
}

/* The ordered sum (IR_VF_REDSUM) of n / e elements, or of the first vl (register rv, already
 * in range: vf_vl_range) when rv is a register: scalar adds in xmm0 from env (current: the
 * cache is write-through), then one check: an all-ones exponent (NaN, infinity: from an
 * operand, an overflow or an invalid sum, and absorbing under further additions) goes to the
 * fallback (fb); a zero exponent is exact (sums of multiples of the smallest subnormal). */
static void gen_vfred(VG *g, const VfArgs *v, XReg rv, XReg t, uint8_t **fb, int *nfb)
{
    XBuf *b = g->b;
    bool dbl = v->l2 == 3;
    int e = 1 << v->l2;
    uint32_t add = XSIMD(dbl ? 3 : 2, 1, 0x58, 0);                       /* addsd / addss */
    x_simd_rm(b, dbl ? XSIMD(2, 1, 0x7e, 0) : P66(0x6e), 0, 0, 0, xm(X_RBP, v->bo), -1);
    uint8_t *end[16];
    int nend = 0;
    for (int i = 0; i < v->n / e; i++) {
        if (rv != X_NOREG && i > 0) {   /* element i only when vl > i */
            x_alu_ri(b, XA_CMP, true, rv, i);
            end[nend++] = x_jcc(b, XC_BE, NULL);
        }
        x_simd_rm(b, add, 0, 0, 0, xm(X_RBP, v->a + i * e), -1);
    }
    for (int i = 0; i < nend; i++)
        x_patch_rel32(end[i], b->p);
    if (dbl)
        x_movq_rx(b, t, 0);
    else
        x_movd_rx(b, t, 0);
    x_shift_ri(b, XS_SHL, dbl, t, 1);                                    /* drop the sign */
    x_shift_ri(b, XS_SHR, dbl, t, dbl ? 53 : 24);
    x_alu_ri(b, XA_CMP, false, t, dbl ? 0x7ff : 0xff);
    fb[(*nfb)++] = x_jcc(b, XC_E, NULL);
    g->k = 0;
    g->w = e;
    g->len = 0;
    vdst(g, v->d, 0);
}


void vc_fallback_cold(Backend *be, const void *data)
{
    const VcFallback *c = data;
    uint8_t *start = be->b.p;
    for (int i = 0; i < c->n; i++)
        x_patch_rel32(c->br[i], start);
    if (c->rd >= 0)
        x_mov_ri(&be->b, (XReg)c->rd, 1);
    vc_reload_at(be, c->mask, c->off);
    x_jmp(&be->b, c->resume);
    if (c->rc.jcc)
        vf_recheck_emit(be, &c->rc, start);
}

void cg_gen_vfop(Backend *be, const IROp *op)
{
    IRTemp st = (IRTemp)op->args[0];
    int vop = (int)op->args[4];
    VfArgs v = { IR_VEC_KIND(vop), IR_VEC_LOG2E(vop), (int)op->args[5], (int)op->args[6],
                 (int)op->args[7], (int)op->args[8], (vop & IR_V_SCALAR) != 0, false, false, 0,
                 vf_acc_reg(be, op) };
    int32_t fflags_off = (int32_t)op->args[9], frm_off = (int32_t)(op->args[9] >> 32);
    IRTemp vlt = (IRTemp)op->args[3];
    bool varlen = !ir_is_const(be->ir, vlt);   /* the leading vl elements only (n = 16) */
    VG g = vg_new(be);
    XBuf *b = g.b;
    if (!vg_room(be, 1500))
        return;
    vg_set_wide(&g, v.n);
    XReg rs = v.sc ? cg_temp_load(be, (IRTemp)op->args[1], 0) : X_NOREG;   /* .vf only */
    uint32_t rsm = rs != X_NOREG ? 1u << rs : 0;
    XReg t = cg_alloc_scratch(be, rsm);
    vg_need_loop_reg(&g, v.n, rsm | (1u << t));
    uint32_t used = rsm | (1u << t) | (g.loop_reg != X_NOREG ? 1u << g.loop_reg : 0);
    XReg rv = varlen ? cg_temp_load(be, vlt, used) : X_NOREG;
    if (rv != X_NOREG)
        used |= 1u << rv;
    XReg rd = cg_dest_reg(be, st, used);
    bool fused = v.kind >= IR_VF_MACC && v.kind <= IR_VF_NMSUB;
    bool mv = v.kind >= IR_VF_MV && v.kind <= IR_VF_SGNJX, cvt = v.kind == IR_VF_CVTFX;
    bool red = v.kind == IR_VF_REDSUM;
    bool lean = vf_lean(be, op);
    bool ok = g.lv >= LV_SSE2 && (v.l2 == 2 || v.l2 == 3) && v.n > 0 &&
              (red ? v.n <= 64 && !v.sc && (!varlen || v.n == 16) : v.n % 16 == 0) &&
              (!fused || (g.lv == LV_AVX2 && __builtin_cpu_supports("fma"))) &&
              (v.kind != IR_VF_MV || v.sc) && (!cvt || (!v.sc && (v.l2 == 2 || v.n <= 64))) &&
              (!varlen || (v.n == 16 && !mv && !cvt) || lean);
    bool never;
    uint8_t *skip = ok ? vg_skip_test(be, (IRTemp)op->args[2], &never) : NULL;
    if (!ok || never) {
        x_mov_ri(b, rd, 1);
        cg_temp_set_reg(be, st, rd);
        return;
    }
    uint8_t *fb[8];
    int nfb = 0;
    VfRecheck rc = { 0 };
    if (skip)
        fb[nfb++] = skip;
    /* frm = RNE; vfmv.v.f, vfsgnj*: frm not reserved (5..7: illegal, the helper raises it);
     * none of it when the block's FP guard holds (IR_VF_TRUSTED) */
    bool trusted = (vop & IR_VF_TRUSTED) != 0;
    if (!trusted) {
        x_alu_mi(b, XA_CMP, false, xm(X_RBP, frm_off), mv ? 5 : 0);
        fb[nfb++] = x_jcc(b, mv ? XC_AE : XC_NE, NULL);
    }
    if (!mv && !trusted) {   /* NX already raised */
        x_test_mi8(b, xm(X_RBP, fflags_off), 1);
        fb[nfb++] = x_jcc(b, XC_E, NULL);
    }
    if (v.sc) {
        if (v.l2 == 2) {   /* an unboxed single reads as the canonical NaN: helper */
            x_mov_rr(b, true, t, rs);
            x_shift_ri(b, XS_SHR, true, t, 32);
            x_alu_ri(b, XA_CMP, false, t, -1);
            fb[nfb++] = x_jcc(b, XC_NE, NULL);
        }
        if (!lean)
            vg_broadcast(&g, v.l2, rs);
    }
    if (lean) {
        if (varlen)
            vf_vl_range(&g, v.l2, v.n, rv, t, fb, &nfb);
        gen_vf_lean(&g, &v, rs, rv, t, rd, fb, &nfb, &rc);
        goto done_ok;
    }
    if (red) {
        g.wide = false;
        if (varlen)
            vf_vl_range(&g, v.l2, 16, rv, t, fb, &nfb);
        gen_vfred(&g, &v, rv, t, fb, &nfb);
        goto done_ok;
    }
    if (varlen)
        vf_lane_mask(&g, v.l2, rv, t, rd, fb, &nfb);
    if (mv && v.kind != IR_VF_MV) {   /* xmm3: the sign bits */
        x_simd_rr(b, P66(0x76), vg_full_len(&g), 3, 3, 3, -1);        /* pcmpeqd: ones */
        g.len = vg_full_len(&g);
        vg_shift_imm(&g, v.l2 == 3 ? 0x73 : 0x72, 6, 3, 3, v.l2 == 3 ? 63 : 31);   /* psll */
        g.len = 0;
    }
    int W = vg_chunk_w(&g);
    int chunks = v.n / W + (v.n % W ? 1 : 0);
    bool nocheck = mv || cvt;   /* results need no check: stored at once */
    v.keep = chunks <= 2 && !nocheck;
    v.store = nocheck;
    if (cvt && v.l2 == 3) {     /* no packed form: lane by lane (at most 8), two a chunk */
        g.wide = false;
        g.len = g.lv == LV_AVX2 ? 128 : 0;
        bool q2pd = be->vec_q2pd;
        int cw = q2pd && v.n % 32 == 0 ? 32 : 16;   /* 32: one load/store a chunk (forwarding) */
        g.wide = cw == 32;
        g.w = cw;
        g.len = cw == 32 ? 256 : g.len;
        for (g.k = 0; g.k < v.n; g.k += cw) {
            g.stamp0 = be->vc_clock + 1;
            int xa = vsrc(&g, 4, v.a);
            if (q2pd) {   /* EVEX.128/256.F3.0F.W1 E6: vcvtqq2pd x/ymm0, x/ymm xa (AVX-512DQ/VL) */
                const uint8_t ev[6] = { 0x62, (uint8_t)(xa & 8 ? 0xd1 : 0xf1), 0xfe,
                                        (uint8_t)(cw == 32 ? 0x28 : 0x08), 0xe6,
                                        (uint8_t)(0xc0 | (xa & 7)) };
                memcpy(b->p, ev, sizeof ev);
                b->p += sizeof ev;
                vdst(&g, v.d, 0);
                continue;
            }
            /* cvtsi2sd merges into its destination: zeroed first, no false dependency on
             * the last op's result there (a loop-carried chain through every FP op) */
            x_simd_rr(b, P66(0xef), g.len, 0, 0, 0, -1);                  /* pxor */
            x_simd_rr(b, P66(0xef), g.len, 1, 1, 1, -1);
            x_movq_rx(b, t, xa);
            x_cvtsi2s(b, true, true, 0, t);
            x_simd_rr(b, P66(0x70), g.len, 2, 0, xa, 0xee);              /* pshufd: lane 1 */
            x_movq_rx(b, t, 2);
            x_cvtsi2s(b, true, true, 1, t);
            vg_op3(&g, P66(0x14), 0, 0, 1);                                  /* unpcklpd */
            vdst(&g, v.d, 0);
        }
    }
    if (!nocheck) {    /* xmm3: the exponent mask, xmm2: zero, v.acc: bad lanes */
        x_mov_ri(b, t, v.l2 == 3 ? 0x7ff00000u : 0x7f800000u);
        x_movd_xr(b, 3, t);
        if (g.lv == LV_AVX2)
            x_simd_rr(b, P66_38(0x58), vg_full_len(&g), 3, 0, 3, -1);    /* vpbroadcastd */
        else
            x_simd_rr(b, P66(0x70), 0, 3, 0, 3, 0);                  /* pshufd */
        x_simd_rr(b, P66(0xef), vg_full_len(&g), 2, 2, 2, -1);
        x_simd_rr(b, P66(0xef), vg_full_len(&g), v.acc, v.acc, v.acc, -1);
    }
    if (!(cvt && v.l2 == 3))
        vg_for_chunks(&g, v.n, vf_chunk, &v);
    if (!nocheck) {
        g.len = vg_full_len(&g);
        if (varlen)
            vg_op3(&g, P66(0xdb), 7, 7, 1);                   /* pand: active lanes' checks */
        x_simd_rr(b, P66(0xd7), vg_full_len(&g), t, 0, v.acc, -1);       /* pmovmskb */
        if (v.l2 == 3)
            x_alu_ri(b, XA_AND, false, t, (int32_t)0xf0f0f0f0);      /* high dwords only */
        else
            x_test_rr(b, false, t, t);
        fb[nfb++] = x_jcc(b, XC_NE, NULL);
        v.store = true;
        if (v.keep) {   /* store the kept results, chunk by chunk as computed */
            int full = v.n / W, k = 0;
            for (int i = 0; i < chunks; i++) {
                g.w = i < full ? W : 16;
                g.len = g.lv == LV_AVX2 ? (g.w == 32 ? 256 : 128) : 0;   /* as computed */
                g.k = k;
                if (varlen)
                    vf_merge_tail(&g, v.d);
                vdst(&g, v.d, i);
                k += g.w;
            }
        } else {
            vg_for_chunks(&g, v.n, vf_chunk, &v);
        }
    }
done_ok:;
    /* the fallbacks: to the vcall right after (its call path), the status then only needed
     * when that vcall may emit code before taking the branches (a scalar to load) or someone
     * else reads it; else out of line here: the status set to 1, the op's entries from env */
    int at;
    bool fuse = !g.wide && nfb > 0 && nfb <= 8 && vc_fusable(be, st, &at);
    const IROp *vc = fuse ? &be->ir->ops[at] : NULL;
    if (!fuse || !(vc->life & 1) || !ir_is_const(be->ir, (IRTemp)vc->args[1]) ||
        !ir_is_const(be->ir, (IRTemp)vc->args[2]))
        x_mov_ri(b, rd, 0);
    if (fuse && vc_fuse_leave(&g, fb, nfb, st, rd)) {
        be->vfuse_rc = rc;
        cg_temp_set_reg(be, st, rd);
        return;
    }
    VcFallback c = { { NULL }, nfb, b->p, { 0 }, g.fresh, rd, rc };
    memcpy(c.br, fb, (size_t)nfb * sizeof fb[0]);
    memcpy(c.off, be->vc_off, sizeof c.off);
    cg_defer_cold(be, vc_fallback_cold, &c, sizeof c);
    if (g.wide)
        x_vzeroupper(b);
    cg_temp_set_reg(be, st, rd);
}
