/* test-softfloat.c -- checks fpu/softfloat against the host FPU (SSE/FMA3/x87) as oracle.
 *
 * Every operation, width and rounding mode gets random operands from a seeded xorshift,
 * biased toward edge classes (zeros, subnormals, infinities, NaNs with payloads, extreme
 * normals, overflow/underflow neighbourhoods, halfway cases, integer-conversion limits).
 * The oracle runs each host instruction inside one asm block that loads MXCSR (rounding
 * control, all exceptions masked, flags clear), executes, and stores MXCSR, so the
 * compiler cannot move FP work across the mode switch. x86 -> RISC-V mapping:
 *   IE->NV, ZE->DZ, OE->OF, UE->UF, PE->NX; DE (denormal operand) is ignored;
 *   any NaN result -> the canonical NaN.
 * SSE detects tininess after rounding, like RISC-V (checked by a directed case below), and
 * with UM masked raises UE only when the tiny result is also inexact -- the RISC-V rule.
 * Where x86 and RISC-V differ the expected value is adjusted, with the reason at the spot:
 *  - fma(inf, 0, qNaN): RISC-V raises NV; x86 FMA3 does not (see fma_oracle).
 *  - min/max, classify and float->integer conversions have no matching x86 instruction
 *    semantics; they are computed independently (host compares, roundsd + range checks).
 *  - RMM (round to nearest, ties away) has no x86 mode. It differs from RNE only on exact
 *    ties, and its flags always equal RNE's (the overflow and after-rounding tininess
 *    thresholds are the same midpoints for both). So expected = RNE's result, replaced by
 *    the away-from-zero neighbour (from RUP/RDN) when the exact value is a tie. Ties are
 *    found exactly: binary32 ops through a round-to-odd binary64 result (RTZ + sticky lsb),
 *    binary64 ops through a round-to-odd x87 80-bit result, fma64 through an exact
 *    error-free expansion sum, conversions through exact midpoint arithmetic.
 * QELT_SLOW=1 runs 100x more cases.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "softfloat.h"
#include "unit.h"

/* ------------------------------------------------------------------ random operands */

typedef struct Rng { uint64_t s; } Rng;
static uint64_t rnd(Rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}
static unsigned rndn(Rng *r, unsigned n) { return (unsigned)((rnd(r) >> 32) % n); }

typedef struct W { int w, fb, eb, bias, emaxf; uint64_t fmask, sbit, cnan; } W;
static const W W32 = { 32, 23, 8, 127, 255, 0x7fffffull, 1ull << 31, F32_CANONICAL_NAN };
static const W W64 = { 64, 52, 11, 1023, 2047, (1ull << 52) - 1, 1ull << 63, F64_CANONICAL_NAN };

static uint64_t mk(const W *w, uint64_t sign, int64_t e, uint64_t frac)
{
    if (e < 0) e = 0;
    if (e > w->emaxf) e = w->emaxf;
    return (sign ? w->sbit : 0) | ((uint64_t)e << w->fb) | (frac & w->fmask);
}

/* A fraction with few significant bits (exact sums/products, halfway cases). */
static uint64_t short_frac(Rng *r, const W *w)
{
    unsigned k = rndn(r, (unsigned)w->fb + 1);
    return k == 0 ? 0 : (rnd(r) & w->fmask) >> (w->fb - k) << (w->fb - k);
}

static uint64_t gen(Rng *r, const W *w)
{
    uint64_t sign = rnd(r) & 1, frac = rnd(r) & w->fmask;
    int64_t e;
    int64_t d = (int64_t)rndn(r, 7) - 3;
    switch (rndn(r, 16)) {
    case 0: return rnd(r) & (w->w == 64 ? ~0ull : 0xffffffffull);
    case 1: return mk(w, sign, rndn(r, (unsigned)w->emaxf), frac);
    case 2: return mk(w, sign, 0, 0);
    case 3: { uint64_t f = frac >> rndn(r, (unsigned)w->fb); return mk(w, sign, 0, f ? f : 1); }
    case 4: return mk(w, sign, w->emaxf, 0);
    case 5: return mk(w, sign, w->emaxf, (1ull << (w->fb - 1)) | (frac >> rndn(r, (unsigned)w->fb)));
    case 6: { uint64_t f = (frac >> 1) >> rndn(r, (unsigned)w->fb); return mk(w, sign, w->emaxf, f ? f : 1); }
    case 7: /* around the smallest normal */
        e = rndn(r, 3);
        frac = (rnd(r) & 1) ? frac >> rndn(r, (unsigned)w->fb) : w->fmask - (frac >> rndn(r, (unsigned)w->fb));
        return mk(w, sign, e, e == 0 && frac == 0 ? 1 : frac);
    case 8: /* around the largest normal */
        return mk(w, sign, w->emaxf - 1 - rndn(r, 3), w->fmask - (frac >> rndn(r, (unsigned)w->fb)));
    case 9: return mk(w, sign, w->bias + d, short_frac(r, w));
    case 10: return mk(w, sign, 1 + rndn(r, (unsigned)w->emaxf - 1), short_frac(r, w));
    case 11: { /* powers of two near integer-conversion limits and +-0.5 boundaries, +- ulps */
        static const int ks[] = { -2, -1, 0, 1, 15, 16, 23, 24, 31, 32, 52, 53, 63, 64 };
        int64_t k = ks[rndn(r, sizeof ks / sizeof ks[0])];
        uint64_t bits = mk(w, sign, w->bias + k, 0);
        return bits + (uint64_t)d;
    }
    case 12: /* half-range exponents: products/quotients land near overflow/underflow */
        e = (rnd(r) & 1) ? (w->bias + 1) / 2 + d : -(int64_t)(w->bias + 1) / 2 + d;
        return mk(w, sign, w->bias + e, (rnd(r) & 1) ? frac : short_frac(r, w));
    case 13: /* results near the underflow threshold and tiny subnormals */
        return mk(w, sign, rndn(r, (unsigned)w->fb + 4), frac >> rndn(r, (unsigned)w->fb));
    case 14: return mk(w, sign, 1 + rndn(r, (unsigned)w->emaxf - 1), w->fmask - rndn(r, 4));
    default: /* integer + {0, .25, .5, .75} */ {
        double v = (double)(rnd(r) >> rndn(r, 64)) + 0.25 * rndn(r, 4);
        if (sign) v = -v;
        if (w->w == 64) { uint64_t u; memcpy(&u, &v, 8); return u; }
        float f = (float)v; uint32_t u; memcpy(&u, &f, 4); return u;
    }
    }
}

/* Second operand: often correlated with the first (cancellation, close exponents). */
static uint64_t gen2(Rng *r, const W *w, uint64_t a)
{
    switch (rndn(r, 6)) {
    case 0: return (a ^ (rnd(r) & 1 ? w->sbit : 0)) + (uint64_t)((int64_t)rndn(r, 9) - 4);
    case 1: { /* same exponent neighbourhood, random fraction */
        int64_t e = (int64_t)((a >> w->fb) & (uint64_t)w->emaxf) + (int64_t)rndn(r, 5) - 2;
        if (e >= w->emaxf) e = w->emaxf - 1;
        return mk(w, rnd(r) & 1, e, rnd(r));
    }
    default: return gen(r, w);
    }
}

static uint64_t gen_int(Rng *r)
{
    uint64_t v = rnd(r) >> rndn(r, 64);
    switch (rndn(r, 6)) {
    case 0: { /* exact tie for binary32/binary64: bits below the kept part = 100..0 */
        unsigned m = 1 + rndn(r, 45);
        v = (v | (1ull << 63 >> rndn(r, 8))) & ~((1ull << m) - 1);
        v |= 1ull << (m - 1);
        break;
    }
    case 1: { static const uint64_t lim[] = { 0x7fffffffull, 0x80000000ull, 0xffffffffull,
                  0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 1ull << 24, 1ull << 53 };
        v = lim[rndn(r, 8)] + (uint64_t)((int64_t)rndn(r, 5) - 2);
        break; }
    default: break;
    }
    return (rnd(r) & 1) ? (uint64_t)0 - v : v;
}

/* ------------------------------------------------------------------ host oracle (SSE) */

static uint32_t mxcsr_default = 0x1f80;
static uint32_t mx_ctl(int rm)
{
    static const uint32_t rc[5] = { 0, 3, 1, 2, 0 };    /* RISC-V rm -> MXCSR.RC */
    return (mxcsr_default & ~0x603fu) | 0x1f80u | (rc[rm] << 13);
}
static uint8_t mx_flags(uint32_t st)
{
    uint8_t f = 0;
    if (st & 1) f |= FLAG_NV;
    if (st & 4) f |= FLAG_DZ;
    if (st & 8) f |= FLAG_OF;
    if (st & 16) f |= FLAG_UF;
    if (st & 32) f |= FLAG_NX;
    return f;
}

/* One asm block: set mode, run INSN on (x op= y), read flags, restore the default mode. */
#define HOSTOP(NAME, T, INSN)                                                          \
    static T NAME(T x, T y, int rm, uint8_t *fl)                                       \
    {                                                                                  \
        uint32_t ctl = mx_ctl(rm), st;                                                 \
        __asm__ volatile("ldmxcsr %[ctl]\n\t" INSN " %[y], %[x]\n\t"                   \
                         "stmxcsr %[st]\n\tldmxcsr %[def]"                             \
                         : [x] "+x"(x), [st] "=m"(st)                                  \
                         : [y] "x"(y), [ctl] "m"(ctl), [def] "m"(mxcsr_default));      \
        *fl = mx_flags(st);                                                            \
        return x;                                                                      \
    }
HOSTOP(h_addsd, double, "addsd")
HOSTOP(h_subsd, double, "subsd")
HOSTOP(h_mulsd, double, "mulsd")
HOSTOP(h_divsd, double, "divsd")
HOSTOP(h_sqrtsd, double, "sqrtsd")
HOSTOP(h_cmpeqsd, double, "cmpeqsd")
HOSTOP(h_cmpltsd, double, "cmpltsd")
HOSTOP(h_cmplesd, double, "cmplesd")
HOSTOP(h_addss, float, "addss")
HOSTOP(h_subss, float, "subss")
HOSTOP(h_mulss, float, "mulss")
HOSTOP(h_divss, float, "divss")
HOSTOP(h_sqrtss, float, "sqrtss")
HOSTOP(h_cmpeqss, float, "cmpeqss")
HOSTOP(h_cmpltss, float, "cmpltss")
HOSTOP(h_cmpless, float, "cmpless")

#define HOSTFMA(NAME, T, INSN)                                                         \
    static T NAME(T a, T b, T c, int rm, uint8_t *fl)                                  \
    {                                                                                  \
        uint32_t ctl = mx_ctl(rm), st;                                                 \
        __asm__ volatile("ldmxcsr %[ctl]\n\t" INSN " %[b], %[a], %[c]\n\t"             \
                         "stmxcsr %[st]\n\tldmxcsr %[def]"                             \
                         : [c] "+x"(c), [st] "=m"(st)                                  \
                         : [a] "x"(a), [b] "x"(b), [ctl] "m"(ctl), [def] "m"(mxcsr_default)); \
        *fl = mx_flags(st);                                                            \
        return c;                                                                      \
    }
HOSTFMA(h_fmasd, double, "vfmadd231sd")
HOSTFMA(h_fmass, float, "vfmadd231ss")

#define HOSTCVT(NAME, TO, FROM, CONS, INSN)                                            \
    static TO NAME(FROM y, int rm, uint8_t *fl)                                        \
    {                                                                                  \
        uint32_t ctl = mx_ctl(rm), st;                                                 \
        TO x = 0;                                                                      \
        __asm__ volatile("ldmxcsr %[ctl]\n\t" INSN " %[y], %[x]\n\t"                   \
                         "stmxcsr %[st]\n\tldmxcsr %[def]"                             \
                         : [x] "+x"(x), [st] "=m"(st)                                  \
                         : [y] CONS(y), [ctl] "m"(ctl), [def] "m"(mxcsr_default));     \
        *fl = mx_flags(st);                                                            \
        return x;                                                                      \
    }
HOSTCVT(h_cvtsd2ss, float, double, "x", "cvtsd2ss")
HOSTCVT(h_cvtss2sd, double, float, "x", "cvtss2sd")
HOSTCVT(h_cvtsi2sdq, double, int64_t, "r", "cvtsi2sdq")
HOSTCVT(h_cvtsi2ssq, float, int64_t, "r", "cvtsi2ssq")

/* roundsd with MXCSR rounding (imm 4), precision exception reported. */
static double h_roundsd(double y, int rm, uint8_t *fl)
{
    uint32_t ctl = mx_ctl(rm), st;
    double x = 0;
    __asm__ volatile("ldmxcsr %[ctl]\n\troundsd $4, %[y], %[x]\n\tstmxcsr %[st]\n\tldmxcsr %[def]"
                     : [x] "+x"(x), [st] "=m"(st)
                     : [y] "x"(y), [ctl] "m"(ctl), [def] "m"(mxcsr_default));
    *fl = mx_flags(st);
    return x;
}

/* x87 with 64-bit precision, truncating, exceptions masked: x op y, and whether inexact. */
static long double x87_rtz(int op, long double x, long double y, int *inexact)
{
    uint16_t cw = 0x0f7f, old, sw;
    long double r;
    if (op == 0)
        __asm__ volatile("fnstcw %[old]\n\tfldcw %[cw]\n\tfnclex\n\tfadd %%st(1), %%st\n\t"
                         "fnstsw %[sw]\n\tfldcw %[old]"
                         : "=t"(r), [sw] "=m"(sw), [old] "=m"(old) : "0"(x), "u"(y), [cw] "m"(cw));
    else if (op == 1)
        __asm__ volatile("fnstcw %[old]\n\tfldcw %[cw]\n\tfnclex\n\tfmul %%st(1), %%st\n\t"
                         "fnstsw %[sw]\n\tfldcw %[old]"
                         : "=t"(r), [sw] "=m"(sw), [old] "=m"(old) : "0"(x), "u"(y), [cw] "m"(cw));
    else
        __asm__ volatile("fnstcw %[old]\n\tfldcw %[cw]\n\tfnclex\n\tfdiv %%st(1), %%st\n\t"
                         "fnstsw %[sw]\n\tfldcw %[old]"
                         : "=t"(r), [sw] "=m"(sw), [old] "=m"(old) : "0"(x), "u"(y), [cw] "m"(cw));
    *inexact = (sw >> 5) & 1;
    return r;
}

/* Round-to-odd: a truncated result with the sticky folded into its last bit. Rounding it
 * again to a narrower format (>= 2 bits narrower) rounds exactly like the exact value. */
static long double x87_odd(int op, long double x, long double y)
{
    int inexact;
    long double r = x87_rtz(op, x, y, &inexact);
    if (inexact) {
        uint64_t m;
        memcpy(&m, &r, 8);
        m |= 1;
        memcpy(&r, &m, 8);
    }
    return r;
}

static double d_of(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static uint64_t u_of_d(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static float f_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t u_of_f(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/* ------------------------------------------------------------------ operations */

typedef enum {
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMADD, OP_FMSUB, OP_FNMSUB, OP_FNMADD,
    OP_MIN, OP_MAX, OP_EQ, OP_LT, OP_LE, OP_CLASS,
    OP_TO_I32, OP_TO_U32, OP_TO_I64, OP_TO_U64,
    OP_FROM_I32, OP_FROM_U32, OP_FROM_I64, OP_FROM_U64, OP_CVT, OP_COUNT
} Op;
static const char *const op_names[OP_COUNT] = {
    "add", "sub", "mul", "div", "sqrt", "fmadd", "fmsub", "fnmsub", "fnmadd",
    "min", "max", "eq", "lt", "le", "classify",
    "to_i32", "to_u32", "to_i64", "to_u64",
    "from_i32", "from_u32", "from_i64", "from_u64", "cvt",
};
static const char *const rm_names[5] = { "rne", "rtz", "rdn", "rup", "rmm" };

static int op_is_fma(Op op) { return op >= OP_FMADD && op <= OP_FNMADD; }
static int op_uses_rm(Op op) { return op <= OP_FNMADD || op >= OP_TO_I32; }
/* The soft-float under test. Integer-conversion results are zero-extended bit patterns. */
static uint64_t soft(Op op, int w, uint64_t a, uint64_t b, uint64_t c, int rm, uint8_t *fl)
{
    FloatStatus s = { (uint8_t)rm, 0 };
    uint64_t r = 0;
    if (op >= OP_TO_I32 && op <= OP_TO_U64) s.rm = (uint8_t)((rm + 2) % 5); /* must be ignored */
    if (w == 64) {
        switch (op) {
        case OP_ADD: r = f64_add(a, b, &s); break;
        case OP_SUB: r = f64_sub(a, b, &s); break;
        case OP_MUL: r = f64_mul(a, b, &s); break;
        case OP_DIV: r = f64_div(a, b, &s); break;
        case OP_SQRT: r = f64_sqrt(a, &s); break;
        case OP_FMADD: case OP_FMSUB: case OP_FNMSUB: case OP_FNMADD:
            r = f64_muladd(a, b, c, op == OP_FMADD ? 0 : op == OP_FMSUB ? 2 : op == OP_FNMSUB ? 1 : 3, &s);
            break;
        case OP_MIN: r = f64_min(a, b, &s); break;
        case OP_MAX: r = f64_max(a, b, &s); break;
        case OP_EQ: r = (uint64_t)f64_eq(a, b, &s); break;
        case OP_LT: r = (uint64_t)f64_lt(a, b, &s); break;
        case OP_LE: r = (uint64_t)f64_le(a, b, &s); break;
        case OP_CLASS: r = f64_classify(a); break;
        case OP_TO_I32: r = (uint32_t)f64_to_i32(a, rm, &s); break;
        case OP_TO_U32: r = f64_to_u32(a, rm, &s); break;
        case OP_TO_I64: r = (uint64_t)f64_to_i64(a, rm, &s); break;
        case OP_TO_U64: r = f64_to_u64(a, rm, &s); break;
        case OP_FROM_I32: r = i32_to_f64((int32_t)a, &s); break;
        case OP_FROM_U32: r = u32_to_f64((uint32_t)a, &s); break;
        case OP_FROM_I64: r = i64_to_f64((int64_t)a, &s); break;
        case OP_FROM_U64: r = u64_to_f64(a, &s); break;
        case OP_CVT: r = f64_to_f32(a, &s); break;
        default: break;
        }
    } else {
        uint32_t x = (uint32_t)a, y = (uint32_t)b, z = (uint32_t)c;
        switch (op) {
        case OP_ADD: r = f32_add(x, y, &s); break;
        case OP_SUB: r = f32_sub(x, y, &s); break;
        case OP_MUL: r = f32_mul(x, y, &s); break;
        case OP_DIV: r = f32_div(x, y, &s); break;
        case OP_SQRT: r = f32_sqrt(x, &s); break;
        case OP_FMADD: case OP_FMSUB: case OP_FNMSUB: case OP_FNMADD:
            r = f32_muladd(x, y, z, op == OP_FMADD ? 0 : op == OP_FMSUB ? 2 : op == OP_FNMSUB ? 1 : 3, &s);
            break;
        case OP_MIN: r = f32_min(x, y, &s); break;
        case OP_MAX: r = f32_max(x, y, &s); break;
        case OP_EQ: r = (uint64_t)f32_eq(x, y, &s); break;
        case OP_LT: r = (uint64_t)f32_lt(x, y, &s); break;
        case OP_LE: r = (uint64_t)f32_le(x, y, &s); break;
        case OP_CLASS: r = f32_classify(x); break;
        case OP_TO_I32: r = (uint32_t)f32_to_i32(x, rm, &s); break;
        case OP_TO_U32: r = f32_to_u32(x, rm, &s); break;
        case OP_TO_I64: r = (uint64_t)f32_to_i64(x, rm, &s); break;
        case OP_TO_U64: r = f32_to_u64(x, rm, &s); break;
        case OP_FROM_I32: r = i32_to_f32((int32_t)a, &s); break;
        case OP_FROM_U32: r = u32_to_f32((uint32_t)a, &s); break;
        case OP_FROM_I64: r = i64_to_f32((int64_t)a, &s); break;
        case OP_FROM_U64: r = u64_to_f32(a, &s); break;
        case OP_CVT: r = f32_to_f64(x, &s); break;
        default: break;
        }
    }
    *fl = s.flags;
    return r;
}

static int is_nan_bits(int w, uint64_t u)
{
    return w == 64 ? (u & ~(1ull << 63)) > 0x7ff0000000000000ull : (u & 0x7fffffffu) > 0x7f800000u;
}
static int is_snan_bits(int w, uint64_t u)
{
    return is_nan_bits(w, u) && !(w == 64 ? (u >> 51) & 1 : (u >> 22) & 1);
}
static int is_inf_bits(int w, uint64_t u)
{
    return w == 64 ? (u & ~(1ull << 63)) == 0x7ff0000000000000ull : (u & 0x7fffffffu) == 0x7f800000u;
}
static int is_zero_bits(int w, uint64_t u) { return w == 64 ? !(u << 1) : !((uint32_t)u << 1); }

/* Width of the result of op on width-w operands (conversions cross widths). */
static int res_width(Op op, int w)
{
    if (op == OP_CVT) return w == 64 ? 32 : 64;
    return w;
}

/* Host result of a rounding operation in an x86 mode (rm 0..3). Returns raw bits. */
static uint64_t host_round_op(Op op, int w, uint64_t a, uint64_t b, uint64_t c, int rm, uint8_t *fl)
{
    if (w == 64) {
        double x = d_of(a), y = d_of(b), z = d_of(c), r = 0;
        switch (op) {
        case OP_ADD: r = h_addsd(x, y, rm, fl); break;
        case OP_SUB: r = h_subsd(x, y, rm, fl); break;
        case OP_MUL: r = h_mulsd(x, y, rm, fl); break;
        case OP_DIV: r = h_divsd(x, y, rm, fl); break;
        case OP_SQRT: r = h_sqrtsd(0, x, rm, fl); break;
        case OP_FMADD: r = h_fmasd(x, y, z, rm, fl); break;
        case OP_FMSUB: r = h_fmasd(x, y, -z, rm, fl); break;
        case OP_FNMSUB: r = h_fmasd(-x, y, z, rm, fl); break;
        case OP_FNMADD: r = h_fmasd(-x, y, -z, rm, fl); break;
        case OP_FROM_I32: r = h_cvtsi2sdq((int64_t)(int32_t)a, rm, fl); break;
        case OP_FROM_U32: r = h_cvtsi2sdq((int64_t)(uint32_t)a, rm, fl); break;
        case OP_FROM_I64: r = h_cvtsi2sdq((int64_t)a, rm, fl); break;
        case OP_FROM_U64:
            if ((int64_t)a >= 0) r = h_cvtsi2sdq((int64_t)a, rm, fl);
            else { /* halve with sticky: rounds like the full value in every mode; x2 is exact */
                uint8_t f2;
                r = h_cvtsi2sdq((int64_t)((a >> 1) | (a & 1)), rm, fl);
                r = h_addsd(r, r, rm, &f2);
            }
            break;
        case OP_CVT: {
            float f = h_cvtsd2ss(x, rm, fl);
            return is_nan_bits(32, u_of_f(f)) ? F32_CANONICAL_NAN : u_of_f(f);
        }
        default: break;
        }
        uint64_t u = u_of_d(r);
        return is_nan_bits(64, u) ? F64_CANONICAL_NAN : u;
    } else {
        float x = f_of((uint32_t)a), y = f_of((uint32_t)b), z = f_of((uint32_t)c), r = 0;
        switch (op) {
        case OP_ADD: r = h_addss(x, y, rm, fl); break;
        case OP_SUB: r = h_subss(x, y, rm, fl); break;
        case OP_MUL: r = h_mulss(x, y, rm, fl); break;
        case OP_DIV: r = h_divss(x, y, rm, fl); break;
        case OP_SQRT: r = h_sqrtss(0, x, rm, fl); break;
        case OP_FMADD: r = h_fmass(x, y, z, rm, fl); break;
        case OP_FMSUB: r = h_fmass(x, y, -z, rm, fl); break;
        case OP_FNMSUB: r = h_fmass(-x, y, z, rm, fl); break;
        case OP_FNMADD: r = h_fmass(-x, y, -z, rm, fl); break;
        case OP_FROM_I32: r = h_cvtsi2ssq((int64_t)(int32_t)a, rm, fl); break;
        case OP_FROM_U32: r = h_cvtsi2ssq((int64_t)(uint32_t)a, rm, fl); break;
        case OP_FROM_I64: r = h_cvtsi2ssq((int64_t)a, rm, fl); break;
        case OP_FROM_U64:
            if ((int64_t)a >= 0) r = h_cvtsi2ssq((int64_t)a, rm, fl);
            else {
                uint8_t f2;
                r = h_cvtsi2ssq((int64_t)((a >> 1) | (a & 1)), rm, fl);
                r = h_addss(r, r, rm, &f2);
            }
            break;
        case OP_CVT: {
            double d = h_cvtss2sd(x, rm, fl);
            return is_nan_bits(64, u_of_d(d)) ? F64_CANONICAL_NAN : u_of_d(d);
        }
        default: break;
        }
        uint32_t u = u_of_f(r);
        return is_nan_bits(32, u) ? F32_CANONICAL_NAN : u;
    }
}

/* x86 FMA3 does not signal invalid for inf*0 + qNaN (it returns the qNaN quietly);
 * RISC-V does, so add NV in that case. */
static uint8_t fma_fixup(int w, uint64_t a, uint64_t b, uint64_t c, uint8_t fl)
{
    if (((is_inf_bits(w, a) && is_zero_bits(w, b)) || (is_zero_bits(w, a) && is_inf_bits(w, b)))
        && is_nan_bits(w, c))
        fl |= FLAG_NV;
    return fl;
}

/* Exact test "sum of v[0..n) == 0" by an error-free expansion (TwoSum, host RNE). */
static int exact_sum_zero(const double *v, int n)
{
    double e[16];
    int m = 0;
    for (int i = 0; i < n; i++) {
        double q = v[i];
        for (int j = 0; j < m; j++) {
            volatile double s = q + e[j];
            double bv = s - q;
            double err = (q - (s - bv)) + (e[j] - bv);
            e[j] = err;
            q = s;
        }
        e[m++] = q;
    }
    for (int j = 0; j < m; j++)
        if (e[j] != 0) return 0;
    return 1;
}

/* Is the exact result of the (inexact, finite) op exactly halfway between rtz and away? */
static int is_tie(Op op, int w, uint64_t a, uint64_t b, uint64_t c, uint64_t rtz, uint64_t away, int *unknown)
{
    *unknown = 0;
    if (op == OP_SQRT) return 0;                    /* a square root is never a tie */
    if (op >= OP_FROM_I32 && op <= OP_FROM_U64) {
        long double mag;
        if (op == OP_FROM_I32) mag = fabsl((long double)(int32_t)a);
        else if (op == OP_FROM_U32) mag = (long double)(uint32_t)a;
        else if (op == OP_FROM_I64) mag = (int64_t)a == INT64_MIN ? 0x1p63L : fabsl((long double)(int64_t)a);
        else mag = (long double)a;
        long double lo = w == 64 ? fabsl((long double)d_of(rtz)) : fabsl((long double)f_of((uint32_t)rtz));
        long double hi = w == 64 ? fabsl((long double)d_of(away)) : fabsl((long double)f_of((uint32_t)away));
        return mag * 2 == lo + hi;
    }
    if (op == OP_CVT) {                             /* binary64 -> binary32 */
        double mid = ((double)f_of((uint32_t)rtz) + (double)f_of((uint32_t)away)) * 0.5;
        return d_of(a) == mid;
    }
    double sa = op == OP_FNMSUB || op == OP_FNMADD ? -1 : 1;
    double sc = op == OP_FMSUB || op == OP_FNMADD ? -1 : 1;
    if (w == 32) {
        /* binary32 ops are exact or round-to-odd in binary64 (products of 24-bit values
         * are exact, so fma needs only one RTZ rounding of the sum). */
        double x = f_of((uint32_t)a), y = f_of((uint32_t)b), z = f_of((uint32_t)c), d;
        uint8_t fl;
        switch (op) {
        case OP_ADD: d = h_addsd(x, y, 1, &fl); break;
        case OP_SUB: d = h_subsd(x, y, 1, &fl); break;
        case OP_MUL: d = h_mulsd(x, y, 1, &fl); break;
        case OP_DIV: d = h_divsd(x, y, 1, &fl); break;
        default: d = h_addsd(sa * x * y, sc * z, 1, &fl); break;
        }
        if (fl & FLAG_NX) d = d_of(u_of_d(d) | 1);
        double mid = ((double)f_of((uint32_t)rtz) + (double)f_of((uint32_t)away)) * 0.5;
        return d == mid;
    }
    double x = d_of(a), y = d_of(b), z = d_of(c);
    double dr = d_of(rtz), da = d_of(away);
    if (!op_is_fma(op)) {
        long double d;
        if (op == OP_ADD) d = x87_odd(0, x, y);
        else if (op == OP_SUB) d = x87_odd(0, x, -y);
        else if (op == OP_MUL) d = x87_odd(1, x, y);
        else d = x87_odd(2, x, y);
        return d == ((long double)dr + (long double)da) * 0.5L;
    }
    /* fma64: exact product as hi + lo (needs the product well above the subnormal range
     * and finite), then test hi + lo + z - mid == 0 exactly, mid = rtz + (away - rtz)/2. */
    double hi = sa * x * y;
    if (!(fabs(hi) > 0x1p-960 && fabs(hi) < 0x1p1020 && fabs(da) < 0x1p1020 && fabs(dr) > 0x1p-1000)) {
        *unknown = 1;
        return 0;
    }
    double lo = fma(sa * x, y, -hi);
    double v[5] = { hi, lo, sc * z, -dr, -(da - dr) * 0.5 };
    return exact_sum_zero(v, 5);
}

/* Expected result and flags for an op in mode rm (RMM built from RNE/RTZ/RUP/RDN). */
static uint64_t expected_round_op(Op op, int w, uint64_t a, uint64_t b, uint64_t c, int rm,
                                  uint8_t *fl, uint64_t *alt)
{
    uint64_t r;
    *alt = ~0ull;
    if (rm != RM_RMM) {
        r = host_round_op(op, w, a, b, c, rm, fl);
        if (op_is_fma(op)) *fl = fma_fixup(w, a, b, c, *fl);
        return r;
    }
    r = host_round_op(op, w, a, b, c, RM_RNE, fl);
    if (op_is_fma(op)) *fl = fma_fixup(w, a, b, c, *fl);
    int rw = res_width(op, w);
    if (!(*fl & FLAG_NX) || is_nan_bits(rw, r) || is_inf_bits(rw, r)) return r;
    uint8_t f2;
    uint64_t rtz = host_round_op(op, w, a, b, c, RM_RTZ, &f2);
    uint64_t sign = rw == 64 ? rtz >> 63 : (rtz >> 31) & 1;
    uint64_t away = host_round_op(op, w, a, b, c, sign ? RM_RDN : RM_RUP, &f2);
    if (r == away || is_inf_bits(rw, away)) return r;
    int unknown;
    if (is_tie(op, w, a, b, c, rtz, away, &unknown)) return away;
    if (unknown) *alt = away;                       /* tie undecidable here: accept either */
    return r;
}

/* RISC-V float -> integer from the host's round-to-integral plus range checks. */
static uint64_t expected_to_int(Op op, int w, uint64_t a, int rm, uint8_t *fl)
{
    int bits = op == OP_TO_I32 || op == OP_TO_U32 ? 32 : 64;
    int sgn = op == OP_TO_I32 || op == OP_TO_I64;
    uint64_t umask = bits == 64 ? ~0ull : 0xffffffffull;
    uint64_t pos_max = sgn ? umask >> 1 : umask;
    uint64_t neg_sat = sgn ? (bits == 64 ? 1ull << 63 : 0x80000000ull) : 0;
    *fl = 0;
    if (is_nan_bits(w, a)) { *fl = FLAG_NV; return pos_max; }
    double x = w == 64 ? d_of(a) : (double)f_of((uint32_t)a);
    double rx;
    uint8_t f2;
    if (rm == RM_RMM) {                             /* nearest, ties away: no x86 mode */
        double t = h_roundsd(x, RM_RTZ, &f2);
        rx = fabs(x - t) >= 0.5 ? t + copysign(1.0, x) : t;
    } else {
        rx = h_roundsd(x, rm, &f2);
    }
    double lo = sgn ? -ldexp(1.0, bits - 1) : 0.0;
    double hi_excl = sgn ? ldexp(1.0, bits - 1) : ldexp(1.0, bits);
    if (!(rx >= lo && rx < hi_excl)) {              /* includes infinities */
        *fl = FLAG_NV;
        return x < 0 ? neg_sat : pos_max;
    }
    if (rx != x) *fl = FLAG_NX;
    uint64_t v;
    if (rx < 0) v = (uint64_t)(int64_t)rx;
    else if (rx >= 0x1p63) v = (uint64_t)(rx - 0x1p63) + (1ull << 63);
    else v = (uint64_t)(int64_t)rx;
    return v & umask;
}

static uint64_t expected_other(Op op, int w, uint64_t a, uint64_t b, uint8_t *fl)
{
    *fl = 0;
    uint64_t cnan = w == 64 ? F64_CANONICAL_NAN : F32_CANONICAL_NAN;
    double x = w == 64 ? d_of(a) : f_of((uint32_t)a);
    double y = w == 64 ? d_of(b) : f_of((uint32_t)b);
    switch (op) {
    case OP_MIN: case OP_MAX: {
        int na = is_nan_bits(w, a), nb = is_nan_bits(w, b);
        if (is_snan_bits(w, a) || is_snan_bits(w, b)) *fl = FLAG_NV;
        if (na && nb) return cnan;
        if (na) return b;
        if (nb) return a;
        if (x == y) {                               /* equal, or +0 vs -0 */
            int amin = signbit(x) != 0;
            if (op == OP_MIN) return amin ? a : b;
            return amin ? b : a;
        }
        return (op == OP_MIN) == (x < y) ? a : b;
    }
    case OP_EQ: case OP_LT: case OP_LE: {
        double m;
        if (w == 64)
            m = op == OP_EQ ? h_cmpeqsd(x, y, 0, fl) : op == OP_LT ? h_cmpltsd(x, y, 0, fl) : h_cmplesd(x, y, 0, fl);
        else {
            float fx = f_of((uint32_t)a), fy = f_of((uint32_t)b), fm;
            fm = op == OP_EQ ? h_cmpeqss(fx, fy, 0, fl) : op == OP_LT ? h_cmpltss(fx, fy, 0, fl) : h_cmpless(fx, fy, 0, fl);
            m = u_of_f(fm) != 0;
        }
        return u_of_d(m) != 0;
    }
    case OP_CLASS: {
        int neg = signbit(x) != 0;
        if (is_nan_bits(w, a)) return is_snan_bits(w, a) ? 1u << 8 : 1u << 9;
        switch (fpclassify(x)) {
        case FP_INFINITE: return neg ? 1u << 0 : 1u << 7;
        case FP_ZERO: return neg ? 1u << 3 : 1u << 4;
        case FP_SUBNORMAL: return neg ? 1u << 2 : 1u << 5;
        default:
            /* binary32 subnormals are normal doubles: classify by the float's own bits */
            if (w == 32 && ((a >> 23) & 0xff) == 0) return neg ? 1u << 2 : 1u << 5;
            return neg ? 1u << 1 : 1u << 6;
        }
    }
    default: return 0;
    }
}

static uint64_t expected(Op op, int w, uint64_t a, uint64_t b, uint64_t c, int rm, uint8_t *fl, uint64_t *alt)
{
    *alt = ~0ull;
    if (op >= OP_TO_I32 && op <= OP_TO_U64) return expected_to_int(op, w, a, rm, fl);
    if (op >= OP_MIN && op <= OP_CLASS) return expected_other(op, w, a, b, fl);
    return expected_round_op(op, w, a, b, c, rm, fl, alt);
}

/* ------------------------------------------------------------------ driver */

static int slow_factor(void)
{
    const char *e = getenv("QELT_SLOW");
    return e && *e && *e != '0' ? 100 : 1;
}

static void gen_operands(Rng *r, Op op, int w, uint64_t *a, uint64_t *b, uint64_t *c)
{
    const W *ww = w == 64 ? &W64 : &W32;
    *b = *c = 0;
    if (op >= OP_FROM_I32 && op <= OP_FROM_U64) {
        *a = gen_int(r);
        return;
    }
    *a = gen(r, ww);
    if (op >= OP_TO_I32 && op <= OP_TO_U64 && (rnd(r) & 1)) {
        /* around integers and integer+0.5 up to the 64-bit limits */
        double v = ldexp((double)(rnd(r) >> 11), -(int)rndn(r, 53)) ;
        v = ldexp(floor(v), (int)rndn(r, 14)) + 0.5 * rndn(r, 3);
        if (rnd(r) & 1) v = -v;
        if (w == 64) *a = u_of_d(v) + (uint64_t)((int64_t)rndn(r, 5) - 2);
        else *a = u_of_f((float)v) + (uint64_t)((int64_t)rndn(r, 5) - 2);
        *a &= w == 64 ? ~0ull : 0xffffffffull;
        return;
    }
    *b = gen2(r, ww, *a);
    if (op_is_fma(op)) {
        if (rndn(r, 3) == 0) {                      /* addend cancelling the product */
            uint8_t fl;
            uint64_t p = host_round_op(OP_MUL, w, *a, *b, 0, RM_RNE, &fl);
            *c = (p ^ (rnd(r) & 1 ? ww->sbit : 0)) + (uint64_t)((int64_t)rndn(r, 5) - 2);
            *c &= w == 64 ? ~0ull : 0xffffffffull;
        } else {
            *c = gen2(r, ww, *a);
        }
    }
}

static void run_group(Op op, int w, int rm, long n, uint64_t seed)
{
    char name[64];
    Rng r = { seed };
    long fails = 0;
    if (op_uses_rm(op)) snprintf(name, sizeof name, "softfloat f%d_%s %s", w, op_names[op], rm_names[rm]);
    else snprintf(name, sizeof name, "softfloat f%d_%s", w, op_names[op]);
    for (long i = 0; i < n; i++) {
        uint64_t a, b, c, alt;
        uint8_t gf, ef;
        gen_operands(&r, op, w, &a, &b, &c);
        uint64_t got = soft(op, w, a, b, c, rm, &gf);
        uint64_t exp = expected(op, w, a, b, c, rm, &ef, &alt);
        if ((got != exp && got != alt) || gf != ef) {
            if (fails < 5)
                UNIT_FAIL(name, "a=%#llx b=%#llx c=%#llx: got %#llx flags %#x, expected %#llx flags %#x",
                          (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
                          (unsigned long long)got, gf, (unsigned long long)exp, ef);
            fails++;
        }
    }
    if (fails > 5) UNIT_FAIL(name, "%ld of %ld cases failed", fails, n);
    else if (!fails) UNIT_PASS(name);
}

/* ------------------------------------------------------------------ directed cases */

typedef struct Case { Op op; int w, rm; uint64_t a, b, c, r; uint8_t fl; } Case;
#define ONE64 0x3ff0000000000000ull
#define ONE32 0x3f800000ull
static const Case cases[] = {
    /* RMM ties (hand-made): 1 + 2^-53 rounds away to 1 + 2^-52; RNE keeps 1. */
    { OP_ADD, 64, RM_RMM, ONE64, 0x3ca0000000000000ull, 0, ONE64 + 1, FLAG_NX },
    { OP_ADD, 64, RM_RNE, ONE64, 0x3ca0000000000000ull, 0, ONE64, FLAG_NX },
    { OP_ADD, 32, RM_RMM, ONE32, 0x33800000ull, 0, ONE32 + 1, FLAG_NX },
    { OP_SUB, 64, RM_RMM, ONE64 | 1ull << 63, 0x3ca0000000000000ull, 0, (ONE64 + 1) | 1ull << 63, FLAG_NX },
    { OP_FMADD, 64, RM_RMM, ONE64, 0x3ca0000000000000ull, ONE64, ONE64 + 1, FLAG_NX },
    { OP_FNMADD, 64, RM_RMM, ONE64, 0x3ca0000000000000ull, ONE64, (ONE64 + 1) | 1ull << 63, FLAG_NX },
    /* subnormal ties: 2^-1074 * 0.5 -> RMM 2^-1074 (UF|NX), RNE 0; 5*2^-1074*0.5 -> 3 vs 2 */
    { OP_MUL, 64, RM_RMM, 1, 0x3fe0000000000000ull, 0, 1, FLAG_UF | FLAG_NX },
    { OP_MUL, 64, RM_RNE, 1, 0x3fe0000000000000ull, 0, 0, FLAG_UF | FLAG_NX },
    { OP_FMADD, 64, RM_RMM, 5, 0x3fe0000000000000ull, 0, 3, FLAG_UF | FLAG_NX },
    { OP_FMADD, 64, RM_RNE, 5, 0x3fe0000000000000ull, 0, 2, FLAG_UF | FLAG_NX },
    { OP_MUL, 32, RM_RMM, 1, 0x3f000000ull, 0, 1, FLAG_UF | FLAG_NX },
    /* overflow tie: max + half ulp overflows in RMM and RNE alike */
    { OP_FMADD, 64, RM_RMM, 0x7fefffffffffffffull, ONE64, 0x7c90000000000000ull, 0x7ff0000000000000ull, FLAG_OF | FLAG_NX },
    { OP_FMADD, 64, RM_RTZ, 0x7fefffffffffffffull, ONE64, 0x7c90000000000000ull, 0x7fefffffffffffffull, FLAG_NX },
    /* tininess after rounding: (1+2^-52)(1-2^-52) * 2^-1022 = 2^-1022 - 2^-1126 rounds to
     * 2^-1022 at 53 bits with unbounded exponent -> not tiny, no UF (tininess before
     * rounding would raise UF). RTZ rounds it below 2^-1022 -> tiny, UF. */
    { OP_MUL, 64, RM_RNE, 0x0010000000000001ull, 0x3feffffffffffffeull, 0, 0x0010000000000000ull, FLAG_NX },
    { OP_MUL, 64, RM_RTZ, 0x0010000000000001ull, 0x3feffffffffffffeull, 0, 0x000fffffffffffffull, FLAG_UF | FLAG_NX },
    { OP_MUL, 32, RM_RNE, 0x00800001ull, 0x3f7ffffeull, 0, 0x00800000ull, FLAG_NX },
    { OP_MUL, 32, RM_RUP, 0x80800001ull, 0x3f7ffffeull, 0, 0x807fffffull, FLAG_UF | FLAG_NX },
    /* ... and tiny although it rounds (at subnormal precision) up to the smallest normal */
    { OP_MUL, 64, RM_RNE, 0x0010000000000000ull, 0x3fefffffffffffffull, 0, 0x0010000000000000ull, FLAG_UF | FLAG_NX },
    { OP_MUL, 32, RM_RNE, 0x00800000ull, 0x3f7fffffull, 0, 0x00800000ull, FLAG_UF | FLAG_NX },
    /* fma: inf*0 + qNaN raises NV on RISC-V */
    { OP_FMADD, 64, RM_RNE, 0x7ff0000000000000ull, 0, F64_CANONICAL_NAN, F64_CANONICAL_NAN, FLAG_NV },
    { OP_FMADD, 32, RM_RNE, 0, 0xff800000ull, 0x7fc00001ull, F32_CANONICAL_NAN, FLAG_NV },
    /* exact cancellation: +0, -0 in RDN */
    { OP_SUB, 64, RM_RNE, ONE64, ONE64, 0, 0, 0 },
    { OP_SUB, 64, RM_RDN, ONE64, ONE64, 0, 1ull << 63, 0 },
    { OP_FMSUB, 32, RM_RDN, ONE32, ONE32, ONE32, 1ull << 31, 0 },
    /* conversions: RMM ties, saturation, NaN -> max, unsigned negatives */
    { OP_TO_I32, 64, RM_RMM, 0x4004000000000000ull, 0, 0, 3, FLAG_NX },         /* 2.5 -> 3 */
    { OP_TO_I32, 64, RM_RNE, 0x4004000000000000ull, 0, 0, 2, FLAG_NX },
    { OP_TO_I32, 64, RM_RMM, 0xc004000000000000ull, 0, 0, 0xfffffffdull, FLAG_NX },
    { OP_TO_U32, 64, RM_RNE, 0xbfe0000000000000ull, 0, 0, 0, FLAG_NX },          /* -0.5 -> 0 */
    { OP_TO_U32, 64, RM_RMM, 0xbfe0000000000000ull, 0, 0, 0, FLAG_NV },          /* -> -1 */
    { OP_TO_U64, 32, RM_RTZ, 0xff800000ull, 0, 0, 0, FLAG_NV },
    { OP_TO_I64, 32, RM_RTZ, 0x7fc00000ull, 0, 0, 0x7fffffffffffffffull, FLAG_NV },
    { OP_TO_I32, 64, RM_RTZ, 0xc1e0000000000000ull, 0, 0, 0x80000000ull, 0 },     /* -2^31 */
    { OP_TO_I32, 64, RM_RTZ, 0x41e0000000000000ull, 0, 0, 0x7fffffffull, FLAG_NV },
    { OP_FROM_U64, 32, RM_RMM, 0x0000000001000001ull, 0, 0, 0x4b800001ull, FLAG_NX },
    { OP_CVT, 64, RM_RMM, 0x3ff0000010000000ull, 0, 0, ONE32 + 1, FLAG_NX },
};

static void run_cases(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *k = &cases[i];
        uint8_t fl;
        uint64_t r = soft(k->op, k->w, k->a, k->b, k->c, k->rm, &fl);
        if (r != k->r || fl != k->fl) {
            UNIT_FAIL("softfloat directed", "#%zu f%d_%s %s a=%#llx b=%#llx c=%#llx: got %#llx/%#x want %#llx/%#x",
                      i, k->w, op_names[k->op], rm_names[k->rm], (unsigned long long)k->a,
                      (unsigned long long)k->b, (unsigned long long)k->c, (unsigned long long)r, fl,
                      (unsigned long long)k->r, k->fl);
            bad++;
        }
        /* the oracle must agree with the hand-computed answers too (checks the oracle) */
        uint64_t alt;
        uint64_t e = expected(k->op, k->w, k->a, k->b, k->c, k->rm, &fl, &alt);
        if ((e != k->r && alt != k->r) || fl != k->fl) {
            UNIT_FAIL("softfloat oracle", "#%zu f%d_%s %s: oracle %#llx/%#x want %#llx/%#x", i, k->w,
                      op_names[k->op], rm_names[k->rm], (unsigned long long)e, fl,
                      (unsigned long long)k->r, k->fl);
            bad++;
        }
    }
    if (!bad) UNIT_PASS("softfloat directed cases");
}

int main(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    mxcsr_default = m & ~0x3fu;
    if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("sse4.1")) {
        printf("SKIP softfloat: host lacks FMA3/SSE4.1 for the oracle\n");
        return 0;
    }
    run_cases();
    long n = 6000L * slow_factor();
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    for (int op = 0; op < OP_COUNT; op++)
        for (int w = 32; w <= 64; w += 32)
            for (int rm = 0; rm < (op_uses_rm((Op)op) ? 5 : 1); rm++) {
                long cnt = op_uses_rm((Op)op) ? n : 5 * n;
                run_group((Op)op, w, rm, cnt, seed += 0x1234567ull);
            }
    return unit_status();
}
