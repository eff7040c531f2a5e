/*
 * Vector floating point, element functions for half-precision (Zvfh, Zvfhmin) elements:
 * vector-fp.h's convention, built on the scalar Zfh helpers (zfh-arith.c, translate-zfh.c) and
 * half.h's exact conversions, so a vector half operation gives exactly its scalar Zfh
 * counterpart's bits and flags. Those helpers take NaN-boxed operands and OR their flags into
 * the guest's fflags; the functions here box and unbox, and pass the resolved rounding mode.
 * Conversions between halves and integers go through doubles, which hold every 32-bit
 * integer and every half exactly.
 */
#include <math.h>
#include <string.h>
#include "half.h"
#include "translate.h"
#include "vector-fp.h"

#define SBOX 0xffffffff00000000ull
#define ELEM(op) uint64_t vfe_##op##_16(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x)
#define ELEM_W(op, W) uint64_t vfe_##op##_##W(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x)
#define H(v) (HBOX | (uint16_t)(v))

#define BIN(op, fn, A, B) \
    ELEM(op) { (void)c; return (uint16_t)helper_##fn(x->cpu, H(A), H(B), x->rm); }
#define FMA(op, fn, M1, M2, ADD) \
    ELEM(op) { return (uint16_t)helper_##fn(x->cpu, H(M1), H(M2), H(ADD), x->rm); }
#define CMP(op, fn, A, B, inv) \
    ELEM(op) { (void)c; return (helper_##fn(x->cpu, H(A), H(B)) != 0) ^ (inv); }
#define MINMAX(op, fn) \
    ELEM(op) { (void)c; return (uint16_t)helper_##fn(x->cpu, H(a), H(b)); }

BIN(add, fadd_h, a, b) BIN(sub, fsub_h, a, b) BIN(rsub, fsub_h, b, a)
BIN(mul, fmul_h, a, b) BIN(div, fdiv_h, a, b) BIN(rdiv, fdiv_h, b, a)
MINMAX(min, fmin_h) MINMAX(max, fmax_h)
FMA(macc, fmadd_h, b, a, c) FMA(nmacc, fnmadd_h, b, a, c)
FMA(msac, fmsub_h, b, a, c) FMA(nmsac, fnmsub_h, b, a, c)
FMA(madd, fmadd_h, b, c, a) FMA(nmadd, fnmadd_h, b, c, a)
FMA(msub, fmsub_h, b, c, a) FMA(nmsub, fnmsub_h, b, c, a)
CMP(eq, feq_h, a, b, 0) CMP(ne, feq_h, a, b, 1) CMP(lt, flt_h, a, b, 0)
CMP(le, fle_h, a, b, 0) CMP(gt, flt_h, b, a, 0) CMP(ge, fle_h, b, a, 0)

ELEM(sqrt) { (void)b; (void)c; return (uint16_t)helper_fsqrt_h(x->cpu, H(a), x->rm); }
ELEM(class) { (void)b; (void)c; (void)x; return helper_fclass_h(H(a)); }
ELEM(sgnj) { (void)c; (void)x; return (a & 0x7fff) | (b & 0x8000); }
ELEM(sgnjn) { (void)c; (void)x; return (a & 0x7fff) | (~b & 0x8000); }
ELEM(sgnjx) { (void)c; (void)x; return (a ^ (b & 0x8000)) & 0xffff; }
ELEM(rsqrt7) { (void)b; (void)c; return vfp_rsqrt7(a & 0xffff, 5, 10, &x->flags); }
ELEM(rec7) { (void)b; (void)c; return vfp_rec7(a & 0xffff, 5, 10, x->rm, &x->flags); }

/* Half -> integer in [lo, hi) (saturated with NV alone when outside or NaN: NaN gives the
 * largest value), NX when inexact. */
static uint64_t h_to_int(uint64_t a, unsigned rm, double lo, double hi, VfpCtx *x)
{
    unsigned fl = 0;
    double v = rv_half_to_double((uint16_t)a, &fl), r;
    if (isnan(v)) {
        x->flags |= fl | FL_NV;
        return (uint64_t)(int64_t)(hi - 1);
    }
    r = rv_round_integral(v, rm);
    if (r < lo || r >= hi) {
        x->flags |= fl | FL_NV;
        return (uint64_t)(int64_t)(r < lo ? lo : hi - 1);
    }
    if (r != v)
        fl |= FL_NX;
    x->flags |= fl;
    return (uint64_t)(int64_t)r;
}

/* An integer (exact as a double) -> half, rounded in x->rm. */
static uint64_t int_to_h(double v, VfpCtx *x)
{
    return rv_double_to_half(v, false, x->rm, &x->flags);
}

#define TO_INT(op, W, rm, lo, hi) \
    ELEM_W(op, W) { (void)b; (void)c; return h_to_int(a, (rm), (lo), (hi), x); }
TO_INT(cvt_xu_f, 16, x->rm, 0, 0x1p16)
TO_INT(cvt_x_f, 16, x->rm, -0x1p15, 0x1p15)
TO_INT(cvt_rtz_xu_f, 16, RM_RTZ, 0, 0x1p16)
TO_INT(cvt_rtz_x_f, 16, RM_RTZ, -0x1p15, 0x1p15)
TO_INT(wcvt_xu_f, 16, x->rm, 0, 0x1p32)
TO_INT(wcvt_x_f, 16, x->rm, -0x1p31, 0x1p31)
TO_INT(wcvt_rtz_xu_f, 16, RM_RTZ, 0, 0x1p32)
TO_INT(wcvt_rtz_x_f, 16, RM_RTZ, -0x1p31, 0x1p31)
TO_INT(ncvt_xu_f, 8, x->rm, 0, 0x1p8)
TO_INT(ncvt_x_f, 8, x->rm, -0x1p7, 0x1p7)
TO_INT(ncvt_rtz_xu_f, 8, RM_RTZ, 0, 0x1p8)
TO_INT(ncvt_rtz_x_f, 8, RM_RTZ, -0x1p7, 0x1p7)

#define FROM_INT(op, W, T) \
    ELEM_W(op, W) { (void)b; (void)c; return int_to_h((double)(T)a, x); }
FROM_INT(cvt_f_xu, 16, uint16_t)
FROM_INT(cvt_f_x, 16, int16_t)
FROM_INT(wcvt_f_xu, 8, uint8_t)
FROM_INT(wcvt_f_x, 8, int8_t)
FROM_INT(ncvt_f_xu, 16, uint32_t)
FROM_INT(ncvt_f_x, 16, int32_t)

ELEM_W(wcvt_f_f, 16) { (void)b; (void)c; return (uint32_t)helper_fcvt_s_h(x->cpu, H(a), 0); }
ELEM_W(ncvt_f_f, 16) { (void)b; (void)c; return (uint16_t)helper_fcvt_h_s(x->cpu, SBOX | (uint32_t)a, x->rm); }

/* binary32 -> half rounded to odd: truncated, then an inexact finite result gets its last
 * bit set (an overflow truncates to the largest finite half, odd already). */
ELEM_W(ncvt_rod_f_f, 16)
{
    (void)b; (void)c;
    uint32_t bits = (uint32_t)a;
    float f;
    memcpy(&f, &bits, sizeof f);
    bool snan = isnan(f) && !(bits & 0x400000);
    unsigned fl = 0;
    uint16_t h = rv_double_to_half(isnan(f) ? NAN : (double)f, snan, RM_RTZ, &fl);
    if ((fl & FL_NX) && (h & 0x7c00) != 0x7c00)
        h |= 1;
    x->flags |= fl;
    return h;
}
