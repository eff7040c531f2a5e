/* Helpers shared by the floating-point benchmark kernels (set `fp`, bench/fp/).
 * Invariant: every result these kernels print is bit-identical natively on x86-64 and on
 * riscv64. That holds because (1) the set is compiled with -ffp-contract=off (bench/fp/cflags),
 * so gcc never fuses a*b+c into one fma on riscv64 while x86-64 rounds twice; (2) only the
 * IEEE-754 basic operations (+ - * / sqrt, conversions, compares) are used, which are correctly
 * rounded on both; libm's transcendental functions are not (their last bit differs between
 * glibc ports), so sin/cos here are our own polynomials built from basic operations only;
 * (3) no long double, no x87, FLT_EVAL_METHOD 0 on both targets. The checksum hashes the bit
 * patterns of results, so an emulator that gets a single last bit wrong fails the check. */
#ifndef FPBENCH_H
#define FPBENCH_H
#include <stdint.h>
#include <string.h>
#include "bench.h"

static inline uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t mixd(uint64_t h, double d) { return mix64(h, dbits(d)); }
static inline uint64_t mixf(uint64_t h, float f) { return mix64(h, fbits(f)); }

/* A double in [0, 1) from the PRNG: 53 random bits, exact conversion, exact scaling. */
static inline double rng_unit(rng_t *r) { return (double)(rng_next(r) >> 11) * 0x1p-53; }

/* Correctly rounded on both targets (one sqrtsd / fsqrt.d: the set builds with -fno-math-errno). */
static inline double sqrt_exact(double x) { return __builtin_sqrt(x); }
static inline float sqrtf_exact(float x) { return __builtin_sqrtf(x); }

#define FPB_PI 3.14159265358979323846

/* sin and cos of x in [-pi/4, pi/4]: Taylor polynomials (Horner form, basic operations only),
 * accurate to a few ulp, which is plenty for twiddle factors; what matters is that the bits
 * are the same on every target. */
static inline double fpb_sin_small(double x)
{
    double x2 = x * x;
    return x * (1.0 + x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5040 + x2 * (1.0 / 362880 +
           x2 * (-1.0 / 39916800 + x2 * (1.0 / 6227020800.0 + x2 * (-1.0 / 1307674368000.0))))))));
}
static inline double fpb_cos_small(double x)
{
    double x2 = x * x;
    return 1.0 + x2 * (-0.5 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320 +
           x2 * (-1.0 / 3628800 + x2 * (1.0 / 479001600 + x2 * (-1.0 / 87178291200.0 +
           x2 * (1.0 / 20922789888000.0))))))));
}
/* sin/cos of 2*pi*k/n for integer k, n: exact octant reduction on integers first. */
static inline void fpb_sincos_frac(long k, long n, double *s, double *c)
{
    k %= n;
    if (k < 0)
        k += n;
    /* 8k/n picks the octant; the remainder angle is in [0, pi/4). */
    long oct = (8 * k) / n;
    double r = (double)(8 * k - oct * n) / (double)n * (FPB_PI / 4); /* [0, pi/4) */
    double sr, cr;
    if (oct & 1) { /* angle = (oct+1)*pi/4 - r', r' = pi/4 - r */
        double rp = FPB_PI / 4 - r;
        sr = fpb_sin_small(rp); cr = fpb_cos_small(rp);
        oct++;
        sr = -sr; /* angle = q*pi/4 - rp with q even: sin(q pi/4 - rp) */
    } else {
        sr = fpb_sin_small(r); cr = fpb_cos_small(r);
    }
    /* Now angle = q*pi/4 + sr-angle (q even, q/2 = quadrant); rotate by quadrant. */
    switch ((oct / 2) & 3) {
    case 0: *s = sr; *c = cr; break;
    case 1: *s = cr; *c = -sr; break;
    case 2: *s = -sr; *c = -cr; break;
    default: *s = -cr; *c = sr; break;
    }
}
#endif
