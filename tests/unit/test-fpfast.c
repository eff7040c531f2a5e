/* test-fpfast.c -- the host-FPU fast path (fpu/fpfast.c) must equal pure soft-float exactly.
 *
 * Same random inputs through fpfast_* and the soft-float function of the same name, with
 * several FloatStatus states (NX pre-set or not, RNE or another mode, other flags set):
 * results and resulting flags must be identical. Operands favour what the fast path takes
 * (zeros and normals) and the places where it must bail out or fix flags: results near
 * overflow, near/below the smallest normal, exact cancellation, division by zero, negative
 * sqrt, plus subnormal/inf/NaN operands. A final check makes sure the fast path is really
 * taken (host MXCSR state as fpfast requires). QELT_SLOW=1 runs 100x more cases.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fpfast.h"
#include "softfloat.h"
#include "unit.h"

typedef struct Rng { uint64_t s; } Rng;
static uint64_t rnd(Rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}
static unsigned rndn(Rng *r, unsigned n) { return (unsigned)((rnd(r) >> 32) % n); }

/* Operand of width w (32/64) with exponent choices that stress the fast path's checks. */
static uint64_t gen(Rng *r, int w)
{
    int fb = w == 64 ? 52 : 23, bias = w == 64 ? 1023 : 127, emaxf = w == 64 ? 2047 : 255;
    uint64_t fmask = (1ull << fb) - 1, frac = rnd(r) & fmask, sign = rnd(r) & 1;
    int64_t e, d = (int64_t)rndn(r, 9) - 4;
    switch (rndn(r, 12)) {
    case 0: e = 0; frac = 0; break;                                   /* zero */
    case 1: e = 0; if (!frac) frac = 1; break;                        /* subnormal */
    case 2: e = emaxf; frac = rndn(r, 3) == 0 ? 0 : frac | (rnd(r) & 1) << (fb - 1); if (!frac && rndn(r, 2)) frac = 1; break;
    case 3: e = bias + (bias + 1) / 2 + d; break;                     /* products near overflow */
    case 4: e = bias - (bias + 1) / 2 + d; break;                     /* ... near underflow */
    case 5: e = 1 + rndn(r, 3); break;                                /* smallest normals */
    case 6: e = emaxf - 1 - rndn(r, 3); break;                        /* largest normals */
    case 7: e = bias + d; frac &= fmask << rndn(r, (unsigned)fb); break;  /* short, near 1 */
    default: e = 1 + rndn(r, (unsigned)emaxf - 1); break;
    }
    if (e < 0) e = 0;
    if (e > emaxf) e = emaxf;
    return (sign << (w - 1)) | ((uint64_t)e << fb) | frac;
}

static uint64_t gen2(Rng *r, int w, uint64_t a)
{
    uint64_t sbit = 1ull << (w - 1), mask = w == 64 ? ~0ull : 0xffffffffull;
    switch (rndn(r, 5)) {
    case 0: return ((a ^ (rnd(r) & 1 ? sbit : 0)) + (uint64_t)((int64_t)rndn(r, 5) - 2)) & mask;
    case 1: return a;
    default: return gen(r, w);
    }
}

typedef enum { ADD, SUB, MUL, DIV, SQRT, FMADD, FMSUB, FNMSUB, FNMADD, EQ, LT, LE, NOPS } Op;
static const char *const names[NOPS] = { "add", "sub", "mul", "div", "sqrt", "fmadd", "fmsub",
                                         "fnmsub", "fnmadd", "eq", "lt", "le" };

static uint64_t run(int fast, Op op, int w, uint64_t a, uint64_t b, uint64_t c, FloatStatus *s)
{
    int neg = op == FMADD ? 0 : op == FMSUB ? 2 : op == FNMSUB ? 1 : 3;
    if (w == 64) {
        switch (op) {
        case ADD: return fast ? fpfast_f64_add(a, b, s) : f64_add(a, b, s);
        case SUB: return fast ? fpfast_f64_sub(a, b, s) : f64_sub(a, b, s);
        case MUL: return fast ? fpfast_f64_mul(a, b, s) : f64_mul(a, b, s);
        case DIV: return fast ? fpfast_f64_div(a, b, s) : f64_div(a, b, s);
        case SQRT: return fast ? fpfast_f64_sqrt(a, s) : f64_sqrt(a, s);
        case FMADD: case FMSUB: case FNMSUB: case FNMADD:
            return fast ? fpfast_f64_muladd(a, b, c, neg, s) : f64_muladd(a, b, c, neg, s);
        case EQ: return (uint64_t)(fast ? fpfast_f64_eq(a, b, s) : f64_eq(a, b, s));
        case LT: return (uint64_t)(fast ? fpfast_f64_lt(a, b, s) : f64_lt(a, b, s));
        case LE: return (uint64_t)(fast ? fpfast_f64_le(a, b, s) : f64_le(a, b, s));
        default: return 0;
        }
    }
    uint32_t x = (uint32_t)a, y = (uint32_t)b, z = (uint32_t)c;
    switch (op) {
    case ADD: return fast ? fpfast_f32_add(x, y, s) : f32_add(x, y, s);
    case SUB: return fast ? fpfast_f32_sub(x, y, s) : f32_sub(x, y, s);
    case MUL: return fast ? fpfast_f32_mul(x, y, s) : f32_mul(x, y, s);
    case DIV: return fast ? fpfast_f32_div(x, y, s) : f32_div(x, y, s);
    case SQRT: return fast ? fpfast_f32_sqrt(x, s) : f32_sqrt(x, s);
    case FMADD: case FMSUB: case FNMSUB: case FNMADD:
        return fast ? fpfast_f32_muladd(x, y, z, neg, s) : f32_muladd(x, y, z, neg, s);
    case EQ: return (uint64_t)(fast ? fpfast_f32_eq(x, y, s) : f32_eq(x, y, s));
    case LT: return (uint64_t)(fast ? fpfast_f32_lt(x, y, s) : f32_lt(x, y, s));
    case LE: return (uint64_t)(fast ? fpfast_f32_le(x, y, s) : f32_le(x, y, s));
    default: return 0;
    }
}

static void group(Op op, int w, long n, uint64_t seed)
{
    char name[48];
    Rng r = { seed };
    long fails = 0;
    snprintf(name, sizeof name, "fpfast f%d_%s", w, names[op]);
    for (long i = 0; i < n; i++) {
        uint64_t a = gen(&r, w), b = gen2(&r, w, a), c;
        if (op >= FMADD && op <= FNMADD && rndn(&r, 3) == 0) {
            /* addend cancelling the (soft-float rounded) product */
            FloatStatus t = { RM_RNE, 0 };
            uint64_t p = w == 64 ? f64_mul(a, b, &t) : f32_mul((uint32_t)a, (uint32_t)b, &t);
            c = gen2(&r, w, p);
        } else {
            c = gen2(&r, w, b);
        }
        /* status variants: the fast path's own state (NX, RNE) most of the time */
        static const uint8_t pre[] = { FLAG_NX, FLAG_NX, FLAG_NX | FLAG_OF, FLAG_NX | FLAG_UF | FLAG_NV, 0, FLAG_DZ };
        for (int v = 0; v < 3; v++) {
            uint8_t rm = v < 2 ? RM_RNE : (uint8_t)rndn(&r, 5);
            uint8_t fl = v == 0 ? FLAG_NX : pre[rndn(&r, sizeof pre)];
            FloatStatus sf = { rm, fl }, ss = { rm, fl };
            uint64_t rf = run(1, op, w, a, b, c, &sf);
            uint64_t rs = run(0, op, w, a, b, c, &ss);
            if (rf != rs || sf.flags != ss.flags) {
                if (fails < 5)
                    UNIT_FAIL(name, "a=%#llx b=%#llx c=%#llx rm=%d flags=%#x: fast %#llx/%#x soft %#llx/%#x",
                              (unsigned long long)a, (unsigned long long)b, (unsigned long long)c, rm, fl,
                              (unsigned long long)rf, sf.flags, (unsigned long long)rs, ss.flags);
                fails++;
            }
        }
    }
    if (fails > 5) UNIT_FAIL(name, "%ld of %ld cases failed", fails, n);
    else if (!fails) UNIT_PASS(name);
}

/* Results that round UP to exactly the smallest normal while being tiny after rounding
 * (unbounded-exponent rounding stays below it): UF must be raised, so the fast path must
 * treat |r| == MIN as possibly tiny. Also an exact subnormal sum (no UF) and overflow. */
typedef struct Case { Op op; int w; uint64_t a, b, c, r; uint8_t fl; } Case;
static const Case cases[] = {
    { MUL, 64, 0x0010000000000000ull, 0x3fefffffffffffffull, 0, 0x0010000000000000ull, FLAG_UF | FLAG_NX },
    { FMADD, 64, 0x0010000000000000ull, 0x3fefffffffffffffull, 0, 0x0010000000000000ull, FLAG_UF | FLAG_NX },
    { FMSUB, 64, 0x8010000000000000ull, 0x3fefffffffffffffull, 0, 0x8010000000000000ull, FLAG_UF | FLAG_NX },
    { DIV, 64, 0x0010000000000000ull, 0x3ff0000000000001ull, 0, 0x000fffffffffffffull, FLAG_UF | FLAG_NX },
    { DIV, 64, 0x0010000000000000ull, 0x4000000000000000ull, 0, 0x0008000000000000ull, FLAG_NX },
    { MUL, 32, 0x00800000ull, 0x3f7fffffull, 0, 0x00800000ull, FLAG_UF | FLAG_NX },
    { FMADD, 32, 0x00800000ull, 0x3f7fffffull, 0, 0x00800000ull, FLAG_UF | FLAG_NX },
    { FNMADD, 32, 0x00800000ull, 0x3f7fffffull, 0x80000000ull, 0x80800000ull, FLAG_UF | FLAG_NX },
    { SUB, 64, 0x0010000000000001ull, 0x0010000000000000ull, 0, 1, FLAG_NX },
    { ADD, 32, 0x7f7fffffull, 0x7f7fffffull, 0, 0x7f800000ull, FLAG_OF | FLAG_NX },
};

static void directed(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *k = &cases[i];
        for (int fast = 0; fast < 2; fast++) {
            FloatStatus s = { RM_RNE, FLAG_NX };
            uint64_t r = run(fast, k->op, k->w, k->a, k->b, k->c, &s);
            if (r != k->r || s.flags != k->fl) {
                UNIT_FAIL("fpfast directed", "#%zu %s f%d_%s: got %#llx/%#x want %#llx/%#x", i,
                          fast ? "fast" : "soft", k->w, names[k->op], (unsigned long long)r,
                          s.flags, (unsigned long long)k->r, k->fl);
                bad++;
            }
        }
    }
    if (!bad) UNIT_PASS("fpfast directed cases");
}

int main(void)
{
    const char *slow = getenv("QELT_SLOW");
    long n = 40000L * (slow && *slow && *slow != '0' ? 100 : 1);
    uint64_t seed = 0x243f6a8885a308d3ull;
    if (!fpfast_host_ok()) UNIT_FAIL("fpfast host mxcsr", "MXCSR is not RNE without FTZ/DAZ");
    else UNIT_PASS("fpfast host mxcsr");
    directed();
    for (int op = 0; op < NOPS; op++)
        for (int w = 32; w <= 64; w += 32)
            group((Op)op, w, n, seed += 0x9e3779b97f4a7c15ull);
    return unit_status();
}
