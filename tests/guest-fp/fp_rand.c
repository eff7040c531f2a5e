/*
 * Random operands aimed at the edges of qelt's inline host-FPU paths (host/x86_64/codegen-fp.c),
 * checked against qemu-riscv64 by tests/guest-fp/run.sh like fp_ops.c (one hash line per op).
 *
 * fp_ops.c walks a fixed pool; this program draws a few thousand operand tuples per op from
 * classes that stress each check of the inline code: exponents that put a product, quotient,
 * fused result or narrowing conversion just around the underflow threshold (tininess after
 * rounding, exact zeros) or the overflow threshold, values near the integer limits and the
 * .5 boundaries for conversions, subnormals, signed zeros, infinities, quiet and signalling
 * NaNs, improperly boxed singles, and plain random bits. Every tuple runs under frm = 0..4
 * (dynamic rm), from fflags = 0 and = NX, and both as the first rounding op of its block and
 * after an exact op (so that it runs behind qelt's per-block guard, without its own checks).
 * With -v NAME it prints every case of that op.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NCASES 1500

static int verbose;
static uint64_t hash, rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef uint64_t (*Fn)(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl);

/* Operands are raw bits in ft0..ft2; ft4 = 1.0 for the exact prefix op (1+1). */
#define BODY(pre, insn, out) \
    asm volatile("fsflags %[fl]\n\tfmv.d.x ft0,%[a]\n\tfmv.d.x ft1,%[b]\n\tfmv.d.x ft2,%[c]\n\t" \
                 "fmv.d.x ft4,%[one]\n\t" pre insn "\n\t" out "\n\tfrflags %[fl]" \
                 : [r] "=&r"(r), [fl] "+&r"(*fl) \
                 : [a] "r"(a), [b] "r"(b), [c] "r"(c), [one] "r"(0x3ff0000000000000ull) \
                 : "ft0", "ft1", "ft2", "ft3", "ft4")
#define FOUT "fmv.x.d %[r],ft3"
#define XOUT ""
#define PRE "fadd.d ft4,ft4,ft4\n\t"
#define DEF(name, insn, out) \
    static uint64_t name##_1(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl) \
    { uint64_t r = 0; BODY("", insn, out); return r; } \
    static uint64_t name##_2(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl) \
    { uint64_t r = 0; BODY(PRE, insn, out); return r; }

enum { S, D, I };   /* operand class: single, double, integer */
typedef struct Op { const char *name; Fn f1, f2; int cls, nin; } Op;
#define OP(n, cls, nin) { #n, n##_1, n##_2, cls, nin }

DEF(fadd_d, "fadd.d ft3,ft0,ft1", FOUT)    DEF(fsub_d, "fsub.d ft3,ft0,ft1", FOUT)
DEF(fmul_d, "fmul.d ft3,ft0,ft1", FOUT)    DEF(fdiv_d, "fdiv.d ft3,ft0,ft1", FOUT)
DEF(fsqrt_d, "fsqrt.d ft3,ft0", FOUT)      DEF(fmadd_d, "fmadd.d ft3,ft0,ft1,ft2", FOUT)
DEF(fmsub_d, "fmsub.d ft3,ft0,ft1,ft2", FOUT)
DEF(fnmsub_d, "fnmsub.d ft3,ft0,ft1,ft2", FOUT)
DEF(fnmadd_d, "fnmadd.d ft3,ft0,ft1,ft2", FOUT)
DEF(fadd_s, "fadd.s ft3,ft0,ft1", FOUT)    DEF(fsub_s, "fsub.s ft3,ft0,ft1", FOUT)
DEF(fmul_s, "fmul.s ft3,ft0,ft1", FOUT)    DEF(fdiv_s, "fdiv.s ft3,ft0,ft1", FOUT)
DEF(fsqrt_s, "fsqrt.s ft3,ft0", FOUT)      DEF(fmadd_s, "fmadd.s ft3,ft0,ft1,ft2", FOUT)
DEF(fnmadd_s, "fnmadd.s ft3,ft0,ft1,ft2", FOUT)
DEF(feq_d, "feq.d %[r],ft0,ft1", XOUT)     DEF(flt_d, "flt.d %[r],ft0,ft1", XOUT)
DEF(fle_d, "fle.d %[r],ft0,ft1", XOUT)     DEF(feq_s, "feq.s %[r],ft0,ft1", XOUT)
DEF(flt_s, "flt.s %[r],ft0,ft1", XOUT)     DEF(fle_s, "fle.s %[r],ft0,ft1", XOUT)
DEF(fmin_d, "fmin.d ft3,ft0,ft1", FOUT)    DEF(fmax_d, "fmax.d ft3,ft0,ft1", FOUT)
DEF(fmin_s, "fmin.s ft3,ft0,ft1", FOUT)    DEF(fmax_s, "fmax.s ft3,ft0,ft1", FOUT)
DEF(fcvt_w_d, "fcvt.w.d %[r],ft0", XOUT)   DEF(fcvt_w_d_rtz, "fcvt.w.d %[r],ft0,rtz", XOUT)
DEF(fcvt_l_d, "fcvt.l.d %[r],ft0", XOUT)   DEF(fcvt_l_d_rtz, "fcvt.l.d %[r],ft0,rtz", XOUT)
DEF(fcvt_w_s, "fcvt.w.s %[r],ft0", XOUT)   DEF(fcvt_l_s_rtz, "fcvt.l.s %[r],ft0,rtz", XOUT)
DEF(fcvt_d_w, "fcvt.d.w ft3,%[a]", FOUT)   DEF(fcvt_d_wu, "fcvt.d.wu ft3,%[a]", FOUT)
DEF(fcvt_d_l, "fcvt.d.l ft3,%[a]", FOUT)   DEF(fcvt_s_w, "fcvt.s.w ft3,%[a]", FOUT)
DEF(fcvt_s_l, "fcvt.s.l ft3,%[a]", FOUT)
DEF(fcvt_s_d, "fcvt.s.d ft3,ft0", FOUT)    DEF(fcvt_d_s, "fcvt.d.s ft3,ft0", FOUT)

static const Op ops[] = {
    OP(fadd_d, D, 2), OP(fsub_d, D, 2), OP(fmul_d, D, 2), OP(fdiv_d, D, 2), OP(fsqrt_d, D, 1),
    OP(fmadd_d, D, 3), OP(fmsub_d, D, 3), OP(fnmsub_d, D, 3), OP(fnmadd_d, D, 3),
    OP(fadd_s, S, 2), OP(fsub_s, S, 2), OP(fmul_s, S, 2), OP(fdiv_s, S, 2), OP(fsqrt_s, S, 1),
    OP(fmadd_s, S, 3), OP(fnmadd_s, S, 3),
    OP(feq_d, D, 2), OP(flt_d, D, 2), OP(fle_d, D, 2), OP(feq_s, S, 2), OP(flt_s, S, 2),
    OP(fle_s, S, 2), OP(fmin_d, D, 2), OP(fmax_d, D, 2), OP(fmin_s, S, 2), OP(fmax_s, S, 2),
    OP(fcvt_w_d, D, 1), OP(fcvt_w_d_rtz, D, 1), OP(fcvt_l_d, D, 1), OP(fcvt_l_d_rtz, D, 1),
    OP(fcvt_w_s, S, 1), OP(fcvt_l_s_rtz, S, 1),
    OP(fcvt_d_w, I, 1), OP(fcvt_d_wu, I, 1), OP(fcvt_d_l, I, 1), OP(fcvt_s_w, I, 1),
    OP(fcvt_s_l, I, 1), OP(fcvt_s_d, D, 1), OP(fcvt_d_s, S, 1),
};

/* A value of format (ebits, mbits) with biased exponent e (clamped), random sign/mantissa. */
static uint64_t make(int ebits, int mbits, long e)
{
    long emax = (1L << ebits) - 1;
    if (e < 0)
        e = 0;
    if (e > emax)
        e = emax;
    uint64_t m = rnd() & ((1ull << mbits) - 1);
    if (rnd() & 1)
        m &= ~0ull << (mbits / 2);     /* short mantissas: exact and halfway cases */
    return (rnd() >> 63) << (ebits + mbits) | (uint64_t)e << mbits | m;
}

static const uint64_t special_d[] = {
    0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff4000000000000ull, 1, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x7fefffffffffffffull, 0x3ff0000000000000ull,
};
static const uint32_t special_s[] = {
    0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00000u, 1, 0x007fffffu,
    0x00800000u, 0x7f7fffffu, 0x3f800000u,
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Operand k (0..2) of a tuple of format (ebits, mbits); ea: operand 0's biased exponent. For
 * k > 0 the exponent is often chosen so that a*b or a/b lands near the underflow or the
 * overflow threshold. */
static uint64_t pick(int ebits, int mbits, int k, long ea)
{
    long bias = (1L << (ebits - 1)) - 1, emax = (1L << ebits) - 2;
    long delta = (long)(rnd() % 9) - 4;
    switch (rnd() % 16) {
    case 0:
        return ebits == 11 ? special_d[rnd() % COUNT(special_d)]
                           : special_s[rnd() % COUNT(special_s)];
    case 1:
        return rnd() & ((1ull << (ebits + mbits + 1)) - 1);          /* any bits */
    case 2: case 3:
        return make(ebits, mbits, (long)(rnd() % 3));                 /* subnormal / tiny */
    case 4: case 5:                                                   /* a*b near 2^emin */
        return make(ebits, mbits, k ? bias - ea + 1 + delta : ea);
    case 6: case 7:                                                   /* a/b near 2^emin */
        return make(ebits, mbits, k ? ea + bias - 1 + delta : ea);
    case 8:                                                           /* a*b near overflow */
        return make(ebits, mbits, k ? emax + bias - ea + delta : ea);
    case 9:                                                           /* a/b near overflow */
        return make(ebits, mbits, k ? ea + bias - emax + delta : ea);
    case 10: case 11:                                                 /* integer limits */
        return make(ebits, mbits, bias + (rnd() % 2 ? 31 : 63) + delta / 4);
    case 12:                                           /* binary64 near binary32's limits */
        return make(ebits, mbits, ebits == 11 ? (rnd() % 2 ? 1023 - 126 : 1023 + 127) + delta
                                              : bias + delta);
    default:
        return make(ebits, mbits, bias + (long)(rnd() % 64) - 32);   /* ordinary */
    }
}

static uint64_t pick_int(void)
{
    uint64_t r = rnd();
    switch (rnd() % 4) {
    case 0: return r;
    case 1: return r >> (r & 63);
    case 2: return (uint64_t)(int64_t)(int32_t)r;
    default: return (rnd() & 1 ? 0x8000000000000000ull : 0x7fffffffffffffffull) + (r % 5) - 2;
    }
}

static uint64_t box(uint64_t v) { return 0xffffffff00000000ull | v; }

static void run(const Op *op)
{
    hash = 0xcbf29ce484222325ull;
    for (int i = 0; i < NCASES; i++) {
        uint64_t v[3];
        long ea = 0;
        for (int k = 0; k < 3; k++) {
            if (op->cls == I) {
                v[k] = pick_int();
            } else if (op->cls == D) {
                v[k] = pick(11, 52, k, ea);
            } else {
                v[k] = pick(8, 23, k, ea);
                v[k] = (rnd() % 64) == 0 ? (v[k] & 0xffffffffu) : box(v[k]);
            }
            if (k == 0)
                ea = (long)((v[0] >> (op->cls == S ? 23 : 52)) & (op->cls == S ? 0xff : 0x7ff));
        }
        if (i < 2 && op->cls != I) {
            /* results that round up to the smallest normal from below: tiny after rounding
             * (UF) although the result is normal; then a quotient just below it */
            static const uint64_t td[2][3] = {
                { 0x3fefffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull },
                { 0x0010000000000000ull, 0x3ff0000000000001ull, 0x0000000000000001ull } };
            static const uint64_t ts[2][3] = { { 0x3f7fffff, 0x00800000, 0x80800000 },
                                               { 0x00800000, 0x3f800001, 0x00000001 } };
            for (int k = 0; k < 3; k++)
                v[k] = op->cls == D ? td[i][k] : box(ts[i][k]);
        }
        for (unsigned frm = 0; frm <= 4; frm++) {
            asm volatile("fsrm %0" : : "r"(frm));
            for (uint64_t fl0 = 0; fl0 <= 1; fl0++)
                for (int pre = 0; pre < 2; pre++) {
                    uint64_t fl = fl0;
                    uint64_t r = (pre ? op->f2 : op->f1)(v[0], v[1], v[2], &fl);
                    if (verbose)
                        printf("%s frm%u fl%llu pre%d %016llx %016llx %016llx -> %016llx "
                               "fl %02llx\n", op->name, frm, (unsigned long long)fl0, pre,
                               (unsigned long long)v[0], (unsigned long long)v[1],
                               (unsigned long long)v[2], (unsigned long long)r,
                               (unsigned long long)fl);
                    uint64_t w[2] = { r, fl };
                    for (int j = 0; j < 2; j++)
                        for (int b = 0; b < 8; b++) {
                            hash ^= (w[j] >> (8 * b)) & 0xff;
                            hash *= 0x100000001b3ull;
                        }
                }
        }
        asm volatile("fsrm %0" : : "r"(0));
    }
    if (!verbose)
        printf("%-12s %016llx\n", op->name, (unsigned long long)hash);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v");
    const char *only = argc > 2 ? argv[2] : NULL;
    for (size_t k = 0; k < COUNT(ops); k++)
        if (!only || !strcmp(only, ops[k].name))
            run(&ops[k]);
    return 0;
}
