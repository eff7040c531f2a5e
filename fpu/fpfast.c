/* fpfast.c -- compute RISC-V F/D operations on the host FPU when that is provably exact.
 *
 * Why results AND flags stay bit-exact without ever reading MXCSR (see fpfast.h):
 *  - Host MXCSR is round-to-nearest-even with FTZ/DAZ off (a process-wide invariant qelt
 *    never breaks), so with s->rm == RNE the host computes the same correctly rounded IEEE
 *    value as soft-float for every non-NaN result, including signed zeros.
 *  - Inputs are zero or normal: no NaN, infinity or subnormal operand, so the only ways to
 *    raise NV/DZ are 0/0, x/0 and sqrt(negative). Divisions by zero are sent to soft-float
 *    before computing; sqrt of a negative shows up as a NaN result and goes to soft-float.
 *    (Host NaNs are also the wrong NaN: x86's default NaN is negative.)
 *  - NX is already set, so the host's inexact outcome changes nothing.
 *  - What is left is OF and UF, read off the result: from finite operands an infinite
 *    result is an overflow (flags OF|NX; RNE overflows to infinity, as the host did).
 *    UF needs tiny-after-rounding AND inexact; a tiny result has magnitude <= the smallest
 *    normal (a result equal to it may still be tiny after rounding with unbounded
 *    exponent), so such results are redone in soft-float -- unless they are known exact:
 *    a zero factor/dividend gives an exact signed zero (or, for fma, exactly the addend),
 *    and a sum of two floats whose magnitude is below the smallest normal is always
 *    exact (both are multiples of the smallest subnormal), so add/sub never need redoing.
 *  - A square root of a positive normal lies well inside the normal range: never tiny,
 *    never overflowing.
 *  - Compares depend neither on rm nor on NX and raise flags only for NaN operands, so
 *    they use the host whenever no operand is a NaN (a wider condition than the others).
 * FMA uses the FMA3 instruction when the CPU has it (checked at run time through libgcc's
 * CPU table, which is set once before main); without it, soft-float.
 */
#include "fpfast.h"
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#define likely(x) __builtin_expect(!!(x), 1)

static inline double d_of(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint64_t u_of_d(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline float f_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t u_of_f(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/* Zero or normal: exponent field neither 0 nor all ones, or the whole magnitude zero. */
static inline bool zon64(uint64_t a)
{
    uint64_t e = a & 0x7ff0000000000000ull;
    return (e != 0 && e != 0x7ff0000000000000ull) || !(a << 1);
}
static inline bool zon32(uint32_t a)
{
    uint32_t e = a & 0x7f800000u;
    return (e != 0 && e != 0x7f800000u) || !(a << 1);
}
static inline bool iszero64(uint64_t a) { return !(a << 1); }
static inline bool iszero32(uint32_t a) { return !(a << 1); }
static inline bool isnan64(uint64_t a) { return (a << 1) > 0xffe0000000000000ull; }
static inline bool isnan32(uint32_t a) { return (uint32_t)(a << 1) > 0xff000000u; }

static inline bool mode_ok(const FloatStatus *s) { return (s->flags & FLAG_NX) && s->rm == RM_RNE; }

/* ------------------------------------------------------------------ binary64 */

uint64_t fpfast_f64_add(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon64(a) && zon64(b))) {
        double r = d_of(a) + d_of(b);
        if (isinf(r)) s->flags |= FLAG_OF | FLAG_NX;
        return u_of_d(r);
    }
    return f64_add(a, b, s);
}

uint64_t fpfast_f64_sub(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon64(a) && zon64(b))) {
        double r = d_of(a) - d_of(b);
        if (isinf(r)) s->flags |= FLAG_OF | FLAG_NX;
        return u_of_d(r);
    }
    return f64_sub(a, b, s);
}

uint64_t fpfast_f64_mul(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon64(a) && zon64(b))) {
        double r = d_of(a) * d_of(b);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_d(r);
        }
        if (likely(fabs(r) > DBL_MIN) || iszero64(a) || iszero64(b)) return u_of_d(r);
    }
    return f64_mul(a, b, s);
}

uint64_t fpfast_f64_div(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon64(a) && zon64(b) && !iszero64(b))) {
        double r = d_of(a) / d_of(b);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_d(r);
        }
        if (likely(fabs(r) > DBL_MIN) || iszero64(a)) return u_of_d(r);
    }
    return f64_div(a, b, s);
}

uint64_t fpfast_f64_sqrt(uint64_t a, FloatStatus *s)
{
    /* sign clear or zero: sqrt(-0) = -0 exactly, negatives go to soft-float (NV). */
    if (likely(mode_ok(s) && zon64(a) && (!(a >> 63) || iszero64(a))))
        return u_of_d(sqrt(d_of(a)));
    return f64_sqrt(a, s);
}

__attribute__((target("fma")))
static uint64_t muladd64_fma3(uint64_t a, uint64_t b, uint64_t c, int neg, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon64(a) && zon64(b) && zon64(c))) {
        /* Negating inputs is exact, and RNE is sign-symmetric: (-a)*b + (-c) computed by
         * the host is exactly what muladd with negate_flags specifies. */
        double x = d_of(a ^ ((uint64_t)(neg & 1) << 63));
        double z = d_of(c ^ ((uint64_t)((neg >> 1) & 1) << 63));
        double r = __builtin_fma(x, d_of(b), z);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_d(r);
        }
        if (likely(fabs(r) > DBL_MIN) || iszero64(a) || iszero64(b)) return u_of_d(r);
    }
    return f64_muladd(a, b, c, neg, s);
}

uint64_t fpfast_f64_muladd(uint64_t a, uint64_t b, uint64_t c, int negate_flags, FloatStatus *s)
{
    if (likely(__builtin_cpu_supports("fma"))) return muladd64_fma3(a, b, c, negate_flags, s);
    return f64_muladd(a, b, c, negate_flags, s);
}

int fpfast_f64_eq(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(!isnan64(a) && !isnan64(b))) return d_of(a) == d_of(b);
    return f64_eq(a, b, s);
}

int fpfast_f64_lt(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(!isnan64(a) && !isnan64(b))) return d_of(a) < d_of(b);
    return f64_lt(a, b, s);
}

int fpfast_f64_le(uint64_t a, uint64_t b, FloatStatus *s)
{
    if (likely(!isnan64(a) && !isnan64(b))) return d_of(a) <= d_of(b);
    return f64_le(a, b, s);
}

/* ------------------------------------------------------------------ binary32 */

uint32_t fpfast_f32_add(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && zon32(b))) {
        float r = f_of(a) + f_of(b);
        if (isinf(r)) s->flags |= FLAG_OF | FLAG_NX;
        return u_of_f(r);
    }
    return f32_add(a, b, s);
}

uint32_t fpfast_f32_sub(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && zon32(b))) {
        float r = f_of(a) - f_of(b);
        if (isinf(r)) s->flags |= FLAG_OF | FLAG_NX;
        return u_of_f(r);
    }
    return f32_sub(a, b, s);
}

uint32_t fpfast_f32_mul(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && zon32(b))) {
        float r = f_of(a) * f_of(b);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_f(r);
        }
        if (likely(fabsf(r) > FLT_MIN) || iszero32(a) || iszero32(b)) return u_of_f(r);
    }
    return f32_mul(a, b, s);
}

uint32_t fpfast_f32_div(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && zon32(b) && !iszero32(b))) {
        float r = f_of(a) / f_of(b);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_f(r);
        }
        if (likely(fabsf(r) > FLT_MIN) || iszero32(a)) return u_of_f(r);
    }
    return f32_div(a, b, s);
}

uint32_t fpfast_f32_sqrt(uint32_t a, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && (!(a >> 31) || iszero32(a))))
        return u_of_f(sqrtf(f_of(a)));
    return f32_sqrt(a, s);
}

__attribute__((target("fma")))
static uint32_t muladd32_fma3(uint32_t a, uint32_t b, uint32_t c, int neg, FloatStatus *s)
{
    if (likely(mode_ok(s) && zon32(a) && zon32(b) && zon32(c))) {
        float x = f_of(a ^ ((uint32_t)(neg & 1) << 31));
        float z = f_of(c ^ ((uint32_t)((neg >> 1) & 1) << 31));
        float r = __builtin_fmaf(x, f_of(b), z);
        if (isinf(r)) {
            s->flags |= FLAG_OF | FLAG_NX;
            return u_of_f(r);
        }
        if (likely(fabsf(r) > FLT_MIN) || iszero32(a) || iszero32(b)) return u_of_f(r);
    }
    return f32_muladd(a, b, c, neg, s);
}

uint32_t fpfast_f32_muladd(uint32_t a, uint32_t b, uint32_t c, int negate_flags, FloatStatus *s)
{
    if (likely(__builtin_cpu_supports("fma"))) return muladd32_fma3(a, b, c, negate_flags, s);
    return f32_muladd(a, b, c, negate_flags, s);
}

int fpfast_f32_eq(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(!isnan32(a) && !isnan32(b))) return f_of(a) == f_of(b);
    return f32_eq(a, b, s);
}

int fpfast_f32_lt(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(!isnan32(a) && !isnan32(b))) return f_of(a) < f_of(b);
    return f32_lt(a, b, s);
}

int fpfast_f32_le(uint32_t a, uint32_t b, FloatStatus *s)
{
    if (likely(!isnan32(a) && !isnan32(b))) return f_of(a) <= f_of(b);
    return f32_le(a, b, s);
}

/* ------------------------------------------------------------------ bulk (vectors) */

/* Loops over the per-element functions above, which the compiler inlines here: one call per
 * batch instead of one per element; the muladd loop is compiled for FMA3 like its element. */
#define BULK(W, TA)                                                                               \
    __attribute__((target("fma")))                                                                \
    static void muladd##W##_n(TA *r, const TA *x, const TA *y, const TA *z, unsigned n, int neg, \
                              FloatStatus *s)                                                     \
    {                                                                                             \
        for (unsigned i = 0; i < n; i++)                                                          \
            r[i] = muladd##W##_fma3(x[i], y[i], z[i], neg, s);                                    \
    }                                                                                             \
    void fpfast_f##W##_bulk(int op, TA *r, const TA *x, const TA *y, const TA *z, unsigned n,   \
                            int neg, FloatStatus *s)                                              \
    {                                                                                             \
        unsigned i;                                                                               \
        switch (op) {                                                                             \
        case FPFAST_ADD: for (i = 0; i < n; i++) r[i] = fpfast_f##W##_add(x[i], y[i], s); break;  \
        case FPFAST_SUB: for (i = 0; i < n; i++) r[i] = fpfast_f##W##_sub(x[i], y[i], s); break;  \
        case FPFAST_MUL: for (i = 0; i < n; i++) r[i] = fpfast_f##W##_mul(x[i], y[i], s); break;  \
        default:                                                                                  \
            if (likely(__builtin_cpu_supports("fma")))                                            \
                muladd##W##_n(r, x, y, z, n, neg, s);                                             \
            else                                                                                  \
                for (i = 0; i < n; i++) r[i] = f##W##_muladd(x[i], y[i], z[i], neg, s);           \
            break;                                                                                \
        }                                                                                         \
    }
BULK(32, fpfast_u32a)
BULK(64, fpfast_u64a)

int fpfast_host_ok(void)
{
#if defined(__x86_64__)
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    /* RC (bits 13-14) = nearest, FTZ (bit 15) and DAZ (bit 6) off. */
    return (m & 0xe040u) == 0;
#else
    return 0;
#endif
}
