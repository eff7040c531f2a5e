/*
 * Vector floating point, element functions for 32- and 64-bit elements (vector-fp.h says the
 * calling convention), plus the width-generic vfrsqrt7/vfrec7 estimates the 16-bit ones share.
 *
 * Everything rounds through fpu/softfloat.h (exact, RISC-V NaN and flag rules) or, when the
 * context allows it, the same-named fpu/fpfast.h function, which returns the very same bits and
 * flags (it falls back to soft-float by itself unless the host result is provably exact).
 * Conversions to narrower integers (16 bits) and round-to-odd narrowing (vfncvt.rod) are built
 * from the 32-bit conversions: a result out of the narrower range saturates and raises NV only,
 * as IEEE 754's invalid conversion does.
 */
#include "vector-fp.h"
#include "fpfast.h"
#include "softfloat.h"

/* The estimate tables: entry i is round(128 * (m(i) - 1)) where m(i) is the estimate at the
 * midpoint of input interval i, normalised to [1, 2): for vfrec7 1 / (1 + (i + 0.5) / 128), for
 * vfrsqrt7 1 / sqrt(s * (1 + (i % 64 + 0.5) / 64)) with s = 2 for i < 64 (even exponent bit
 * 0), 1 otherwise. tests/unit/test-riscv-vfp.c recomputes both from this rule. */
const uint8_t vfp_rsqrt7_table[128] = {
     52,  51,  50,  48,  47,  46,  44,  43,  42,  41,  40,  39,  38,  36,  35,  34,
     33,  32,  31,  30,  30,  29,  28,  27,  26,  25,  24,  23,  23,  22,  21,  20,
     19,  19,  18,  17,  16,  16,  15,  14,  14,  13,  12,  12,  11,  10,  10,   9,
      9,   8,   7,   7,   6,   6,   5,   4,   4,   3,   3,   2,   2,   1,   1,   0,
    127, 125, 123, 121, 119, 118, 116, 114, 113, 111, 109, 108, 106, 105, 103, 102,
    100,  99,  97,  96,  95,  93,  92,  91,  90,  88,  87,  86,  85,  84,  83,  82,
     80,  79,  78,  77,  76,  75,  74,  73,  72,  71,  70,  70,  69,  68,  67,  66,
     65,  64,  63,  63,  62,  61,  60,  59,  59,  58,  57,  56,  56,  55,  54,  53,
};
const uint8_t vfp_rec7_table[128] = {
    127, 125, 123, 121, 119, 117, 116, 114, 112, 110, 109, 107, 105, 104, 102, 100,
     99,  97,  96,  94,  93,  91,  90,  88,  87,  85,  84,  83,  81,  80,  79,  77,
     76,  75,  74,  72,  71,  70,  69,  68,  66,  65,  64,  63,  62,  61,  60,  59,
     58,  57,  56,  55,  54,  53,  52,  51,  50,  49,  48,  47,  46,  45,  44,  43,
     42,  41,  40,  40,  39,  38,  37,  36,  35,  35,  34,  33,  32,  31,  31,  30,
     29,  28,  28,  27,  26,  25,  25,  24,  23,  23,  22,  21,  21,  20,  19,  19,
     18,  17,  17,  16,  15,  15,  14,  14,  13,  12,  12,  11,  11,  10,   9,   9,
      8,   8,   7,   7,   6,   5,   5,   4,   4,   3,   3,   2,   2,   1,   1,   0,
};

/* ---- vfrsqrt7 / vfrec7 for any width: eb exponent bits, fb fraction bits ---- */

typedef struct FpFields {
    uint64_t sign, frac, emax, canon;
    int64_t exp, bias;
} FpFields;

static FpFields fields(uint64_t v, int eb, int fb)
{
    FpFields f;
    f.emax = (1ull << eb) - 1;
    f.bias = (int64_t)(f.emax >> 1);
    f.sign = v >> (eb + fb) & 1;
    f.exp = (int64_t)(v >> fb & f.emax);
    f.frac = v & ((1ull << fb) - 1);
    f.canon = f.emax << fb | 1ull << (fb - 1);
    return f;
}

/* A subnormal's significand shifted until its leading one drops out (the exponent goes to 0
 * or below), as both estimates normalise their input. */
static void normalize(FpFields *f, int fb)
{
    if (f->exp != 0)
        return;
    while (!(f->frac >> (fb - 1) & 1)) {
        f->exp--;
        f->frac <<= 1;
    }
    f->frac = f->frac << 1 & ((1ull << fb) - 1);
}

uint64_t vfp_rsqrt7(uint64_t v, int eb, int fb, unsigned *fl)
{
    FpFields f = fields(v, eb, fb);
    if (f.exp == (int64_t)f.emax && f.frac) {
        if (!(f.frac >> (fb - 1) & 1))
            *fl |= FLAG_NV;
        return f.canon;
    }
    if (f.exp == 0 && f.frac == 0) {
        *fl |= FLAG_DZ;
        return f.sign << (eb + fb) | f.emax << fb;
    }
    if (f.sign) {
        *fl |= FLAG_NV;
        return f.canon;
    }
    if (f.exp == (int64_t)f.emax)
        return 0;
    normalize(&f, fb);
    unsigned idx = (unsigned)(f.exp & 1) << 6 | (unsigned)(f.frac >> (fb - 6));
    uint64_t out_exp = (uint64_t)((3 * f.bias - 1 - f.exp) / 2);
    return out_exp << fb | (uint64_t)vfp_rsqrt7_table[idx] << (fb - 7);
}

uint64_t vfp_rec7(uint64_t v, int eb, int fb, unsigned rm, unsigned *fl)
{
    FpFields f = fields(v, eb, fb);
    uint64_t sign = f.sign << (eb + fb);
    if (f.exp == (int64_t)f.emax) {
        if (!f.frac)
            return sign;
        if (!(f.frac >> (fb - 1) & 1))
            *fl |= FLAG_NV;
        return f.canon;
    }
    if (f.exp == 0 && f.frac == 0) {
        *fl |= FLAG_DZ;
        return sign | f.emax << fb;
    }
    if (f.exp == 0 && f.frac < 1ull << (fb - 2)) {
        /* |v| < 2^-(bias+1): the reciprocal overflows */
        *fl |= FLAG_OF | FLAG_NX;
        bool to_inf = rm == RM_RNE || rm == RM_RMM || (f.sign ? rm == RM_RDN : rm == RM_RUP);
        return sign | (to_inf ? f.emax << fb : (f.emax << fb) - 1);
    }
    normalize(&f, fb);
    int64_t out_exp = 2 * f.bias - 1 - f.exp;
    uint64_t out_frac = (uint64_t)vfp_rec7_table[f.frac >> (fb - 7)] << (fb - 7);
    if (out_exp <= 0) {
        out_frac = (out_frac | 1ull << fb) >> (1 - out_exp);
        out_exp = 0;
    }
    return sign | (uint64_t)out_exp << fb | out_frac;
}

/* ---- 32 and 64 bits ---- */

#define SF_BEGIN FloatStatus s = { (uint8_t)x->rm, (uint8_t)x->flags }
#define SF_END   x->flags = s.flags
#define ELEM(op, W) uint64_t vfe_##op##_##W(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x)
#define U(W, v)  ((uint##W##_t)(v))

/* fn(A, B): the fast variant when allowed (F) or soft-float only (S). */
#define CALL_F(W, fn, ...) (x->fast ? fpfast_f##W##_##fn(__VA_ARGS__, &s) : f##W##_##fn(__VA_ARGS__, &s))
#define CALL_S(W, fn, ...) f##W##_##fn(__VA_ARGS__, &s)

#define BIN(op, W, K, fn, A, B) \
    ELEM(op, W) { (void)c; SF_BEGIN; uint64_t r = CALL_##K(W, fn, U(W, A), U(W, B)); SF_END; return r; }
#define FMA(op, W, M1, M2, ADD, neg) \
    ELEM(op, W) { SF_BEGIN; uint64_t r = CALL_F(W, muladd, U(W, M1), U(W, M2), U(W, ADD), neg); \
                  SF_END; return r; }
#define CMP(op, W, K, fn, A, B, inv) \
    ELEM(op, W) { (void)c; SF_BEGIN; int r = CALL_##K(W, fn, U(W, A), U(W, B)); SF_END; \
                  return (uint64_t)((r != 0) ^ (inv)); }
#define NEG_BOTH (MULADD_NEG_PRODUCT | MULADD_NEG_ADDEND)

#define SAME_W(W) \
    BIN(add, W, F, add, a, b) BIN(sub, W, F, sub, a, b) BIN(rsub, W, F, sub, b, a) \
    BIN(mul, W, F, mul, a, b) BIN(div, W, F, div, a, b) BIN(rdiv, W, F, div, b, a) \
    BIN(min, W, S, min, a, b) BIN(max, W, S, max, a, b) \
    FMA(macc, W, b, a, c, 0) FMA(nmacc, W, b, a, c, NEG_BOTH) \
    FMA(msac, W, b, a, c, MULADD_NEG_ADDEND) FMA(nmsac, W, b, a, c, MULADD_NEG_PRODUCT) \
    FMA(madd, W, b, c, a, 0) FMA(nmadd, W, b, c, a, NEG_BOTH) \
    FMA(msub, W, b, c, a, MULADD_NEG_ADDEND) FMA(nmsub, W, b, c, a, MULADD_NEG_PRODUCT) \
    CMP(eq, W, F, eq, a, b, 0) CMP(ne, W, F, eq, a, b, 1) CMP(lt, W, F, lt, a, b, 0) \
    CMP(le, W, F, le, a, b, 0) CMP(gt, W, F, lt, b, a, 0) CMP(ge, W, F, le, b, a, 0) \
    ELEM(sqrt, W) { (void)b; (void)c; SF_BEGIN; uint64_t r = CALL_F(W, sqrt, U(W, a)); \
                    SF_END; return r; } \
    ELEM(class, W) { (void)b; (void)c; (void)x; return f##W##_classify(U(W, a)); } \
    ELEM(sgnj, W) { (void)c; (void)x; return (a & ~SIGN##W) | (b & SIGN##W); } \
    ELEM(sgnjn, W) { (void)c; (void)x; return (a & ~SIGN##W) | (~b & SIGN##W); } \
    ELEM(sgnjx, W) { (void)c; (void)x; return a ^ (b & SIGN##W); }
#define SIGN32 0x80000000ull
#define SIGN64 0x8000000000000000ull
SAME_W(32)
SAME_W(64)

ELEM(rsqrt7, 32) { (void)b; (void)c; return vfp_rsqrt7(a, 8, 23, &x->flags); }
ELEM(rsqrt7, 64) { (void)b; (void)c; return vfp_rsqrt7(a, 11, 52, &x->flags); }
ELEM(rec7, 32) { (void)b; (void)c; return vfp_rec7(a, 8, 23, x->rm, &x->flags); }
ELEM(rec7, 64) { (void)b; (void)c; return vfp_rec7(a, 11, 52, x->rm, &x->flags); }

/* Conversions: CVT(name, W, expression of a, rounding mode expression). */
#define CVT(op, W, expr) \
    ELEM(op, W) { (void)b; (void)c; SF_BEGIN; uint64_t r = (expr); SF_END; return r; }
CVT(cvt_xu_f, 32, f32_to_u32(U(32, a), s.rm, &s))
CVT(cvt_x_f, 32, U(32, f32_to_i32(U(32, a), s.rm, &s)))
CVT(cvt_rtz_xu_f, 32, f32_to_u32(U(32, a), RM_RTZ, &s))
CVT(cvt_rtz_x_f, 32, U(32, f32_to_i32(U(32, a), RM_RTZ, &s)))
CVT(cvt_f_xu, 32, u32_to_f32(U(32, a), &s))
CVT(cvt_f_x, 32, i32_to_f32((int32_t)a, &s))
CVT(cvt_xu_f, 64, f64_to_u64(a, s.rm, &s))
CVT(cvt_x_f, 64, (uint64_t)f64_to_i64(a, s.rm, &s))
CVT(cvt_rtz_xu_f, 64, f64_to_u64(a, RM_RTZ, &s))
CVT(cvt_rtz_x_f, 64, (uint64_t)f64_to_i64(a, RM_RTZ, &s))
CVT(cvt_f_xu, 64, u64_to_f64(a, &s))
CVT(cvt_f_x, 64, i64_to_f64((int64_t)a, &s))

/* widening, by source width */
CVT(wcvt_f_f, 32, f32_to_f64(U(32, a), &s))
CVT(wcvt_xu_f, 32, f32_to_u64(U(32, a), s.rm, &s))
CVT(wcvt_x_f, 32, (uint64_t)f32_to_i64(U(32, a), s.rm, &s))
CVT(wcvt_rtz_xu_f, 32, f32_to_u64(U(32, a), RM_RTZ, &s))
CVT(wcvt_rtz_x_f, 32, (uint64_t)f32_to_i64(U(32, a), RM_RTZ, &s))
CVT(wcvt_f_xu, 16, u32_to_f32(U(16, a), &s))
CVT(wcvt_f_x, 16, i32_to_f32((int16_t)a, &s))
CVT(wcvt_f_xu, 32, u32_to_f64(U(32, a), &s))
CVT(wcvt_f_x, 32, i32_to_f64((int32_t)a, &s))

/* narrowing, by destination width */
CVT(ncvt_xu_f, 32, f64_to_u32(a, s.rm, &s))
CVT(ncvt_x_f, 32, U(32, f64_to_i32(a, s.rm, &s)))
CVT(ncvt_rtz_xu_f, 32, f64_to_u32(a, RM_RTZ, &s))
CVT(ncvt_rtz_x_f, 32, U(32, f64_to_i32(a, RM_RTZ, &s)))
CVT(ncvt_f_xu, 32, u64_to_f32(a, &s))
CVT(ncvt_f_x, 32, i64_to_f32((int64_t)a, &s))
CVT(ncvt_f_f, 32, f64_to_f32(a, &s))

/* binary32 -> 16-bit integer: the 32-bit conversion, saturated (NV alone when out of range). */
static uint64_t f32_to_int16(uint32_t a, unsigned rm, bool is_signed, VfpCtx *x)
{
    FloatStatus t = { (uint8_t)rm, 0 };
    uint64_t r;
    if (is_signed) {
        int32_t v = f32_to_i32(a, (int)rm, &t);
        if (v > 32767 || v < -32768) {
            v = v > 0 ? 32767 : -32768;
            t.flags = FLAG_NV;
        }
        r = (uint16_t)v;
    } else {
        uint32_t v = f32_to_u32(a, (int)rm, &t);
        if (v > 0xffff) {
            v = 0xffff;
            t.flags = FLAG_NV;
        }
        r = v;
    }
    x->flags |= t.flags;
    return r;
}
ELEM(ncvt_xu_f, 16) { (void)b; (void)c; return f32_to_int16(U(32, a), x->rm, false, x); }
ELEM(ncvt_x_f, 16) { (void)b; (void)c; return f32_to_int16(U(32, a), x->rm, true, x); }
ELEM(ncvt_rtz_xu_f, 16) { (void)b; (void)c; return f32_to_int16(U(32, a), RM_RTZ, false, x); }
ELEM(ncvt_rtz_x_f, 16) { (void)b; (void)c; return f32_to_int16(U(32, a), RM_RTZ, true, x); }

/* vfncvt.rod.f.f.w: truncate, then an inexact finite result gets its last bit set (round to
 * odd; overflow gives the largest finite value, whose last bit is set already). */
ELEM(ncvt_rod_f_f, 32)
{
    (void)b; (void)c;
    FloatStatus t = { RM_RTZ, 0 };
    uint32_t r = f64_to_f32(a, &t);
    if ((t.flags & FLAG_NX) && (r & 0x7f800000u) != 0x7f800000u)
        r |= 1;
    x->flags |= t.flags;
    return r;
}
