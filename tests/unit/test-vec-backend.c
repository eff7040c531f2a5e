/*
 * The IR's vector ops (vop, vfop, vld, vst) through the x86-64 back end, against C references.
 *
 * Each case builds a one-op block by hand, compiles it, runs it on a VCPU whose vector register
 * file holds random bytes, and compares the whole register file (so bytes past n, and groups
 * not written, are checked too) with the reference run on a copy: ir_vec_ref for vop (itself
 * checked here against an element-by-element model for a few cases), the host's scalar C
 * arithmetic with <fenv.h> flags for vfop (inline only when the flags say the host result is
 * RISC-V's: else status 1 and nothing written), and memcpy for vld/vst. Every kind, element
 * size, scalar/vector form, operand overlap (d = a, d = b, distinct) and byte count from 8 to
 * 1024 (unrolled chunks, loops, 16/8-byte remainders), at every host SIMD level the machine
 * has (QELT_VEC_HOST caps it: generic, sse2, sse41, avx2), and the vfops once uncapped (what
 * the host has beyond AVX2: vcvtqq2pd with AVX-512DQ/VL).
 */
#include <fenv.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "backend.h"
#include "ir.h"
#include "unit.h"
#include "vcpu.h"

#define VREG offsetof(VCPU, g.vreg)
#define VBYTES sizeof(((VCPU *)0)->g.vreg)

static uint64_t rng = 0x8badf00d;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void *dummy_lookup(VCPU *cpu) { return NULL; }
static void dummy_bad(VCPU *cpu, uint64_t a, int k) { abort(); }

static uint8_t *code;
static const size_t code_size = 1 << 20;

/* Compile c's block and run it on cpu; false if the back end failed. */
static bool run(IRContext *c, VCPU *cpu)
{
    ir_exit_tb(c, EXIT_ECALL, 0x2000);
    ir_liveness(c);
    BackendHooks hooks = { dummy_lookup, dummy_bad, NULL };
    size_t used;
    Backend *be = backend_new(c, code, code_size, &used, &hooks, 0);
    BackendResult res;
    bool ok = backend_gen(be, c, code + used, code_size - used, 0x10000, 0x1000, &res) >= 0;
    if (ok)
        ok = backend_enter(be, cpu, code + used) == EXIT_ECALL;
    backend_free(be);
    return ok;
}

static VCPU *new_cpu(void)
{
    VCPU *cpu = aligned_alloc(64, (sizeof(VCPU) + 63) & ~(size_t)63);
    memset(cpu, 0, sizeof *cpu);
    for (size_t i = 0; i < VBYTES; i++)
        cpu->g.vreg[i] = (uint8_t)rnd();
    return cpu;
}

static const int sizes[] = { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 80, 96, 128, 136, 160,
                             256, 520, 1024 };
#define NSIZES (int)(sizeof sizes / sizeof sizes[0])

/* Operand offsets in the register file for overlap pattern p: distinct, d = a, d = b. */
static void offsets(int p, int *d, int *a, int *b)
{
    *d = (int)VREG;
    *a = (int)VREG + (p == 1 ? 0 : 1024);
    *b = (int)VREG + (p == 2 ? 0 : 2048);
}

/* Interesting element values: edges of every width, small counts, random. */
static uint64_t ival(void)
{
    static const uint64_t v[] = { 0, 1, 2, 7, 8, 15, 16, 31, 32, 63, 64, 0x7f, 0x80, 0xff,
                                  0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, ~0ull,
                                  0x8000000000000000ull, 0x7fffffffffffffffull };
    return rnd() % 3 ? rnd() : v[rnd() % (sizeof v / sizeof v[0])];
}

static int test_vop_level(const char *level)
{
    int fails = 0;
    for (int kind = 0; kind < IR_V_NB_KINDS; kind++)
    for (int l2 = 0; l2 < 4; l2++)
    for (int sc = 0; sc < 2; sc++)
    for (int p = 0; p < 3; p++)
    for (int si = 0; si < NSIZES; si++) {
        if (sc && (p == 2 || kind == IR_V_REDSUM))
            continue;
        if (kind == IR_V_REDSUM && p != 0)
            continue;
        if (kind == IR_V_GATHER && (sc || p != 0 || l2 != 0 || sizes[si] > 16))
            continue;   /* bytes, b a vector, no overlap, VLMAX (the scalar) <= 16 */
        if (kind >= IR_V_ZEXT2 && kind <= IR_V_ZEXT8 &&
            (sc || p != 0 || l2 <= kind - IR_V_ZEXT2 || sizes[si] > 16))
            continue;   /* SEW/f >= 8 bits, no overlap, n <= 16 */
        int d, a, b, n = sizes[si];
        if (n % (1 << l2))
            continue;
        if ((kind == IR_V_SLIDEDOWN || kind == IR_V_SLIDE1DOWN) && (!sc || n > 16))
            continue;   /* the offset and VLMAX in the scalar; one register */
        offsets(p, &d, &a, &b);
        /* a mask (v0-like, its own register) on half of the kinds that take one */
        int mask = IR_V_MASKED_OK(kind) && rnd() % 2 ? (int)VREG + 3072 : 0;
        VCPU *cpu = new_cpu();
        for (int i = 0; i < 64; i++) {   /* plant edge values */
            size_t at = rnd() % (VBYTES / 8) * 8;
            uint64_t x = ival();
            memcpy(cpu->g.vreg + at, &x, 8);
        }
        uint64_t scalar = ival();
        if (kind == IR_V_GATHER) {   /* VLMAX in n..16, indices mostly in range */
            scalar = (uint64_t)(n + (int)(rnd() % (17 - n)));
            for (int i = 0; i < n; i++)
                cpu->g.vreg[b - (int)VREG + i] = (uint8_t)(rnd() % 20);
        }
        if (kind == IR_V_SLIDEDOWN) {   /* VLMAX: n/e .. 16/e elements; offsets up to 20 */
            int e = 1 << l2, vmax = n / e + (int)(rnd() % (uint64_t)(16 / e - n / e + 1));
            scalar = rnd() % 21 | (uint64_t)vmax << 32;
        }
        VCPU *want = malloc(sizeof *want);
        memcpy(want, cpu, sizeof *cpu);
        int vop = IR_VEC_OP(kind, l2, sc);
        ir_vec_ref((uint8_t *)want, vop, d, a, b, n, scalar, mask);
        IRContext c;
        ir_context_init(&c);
        ir_reset(&c, 0x1000);
        /* skip: a constant 0, a run-time 0, or a run-time 1 (nothing may change then) */
        int sk = (int)(rnd() % 3);
        IRTemp skip = ir_const(&c, 0);
        if (sk) {
            skip = ir_temp(&c);
            ir_ld_env(&c, skip, (int)offsetof(VCPU, g.x[6]), MO_64);
            cpu->g.x[6] = want->g.x[6] = (uint64_t)(sk - 1);
            if (sk == 2)
                memcpy(want->g.vreg, cpu->g.vreg, VBYTES);
        }
        ir_vop_masked(&c, vop, d, a, b, n, mask, ir_const(&c, (int64_t)scalar), skip);
        bool ok = run(&c, cpu) && memcmp(cpu->g.vreg, want->g.vreg, VBYTES) == 0;
        if (!ok && fails++ < 5)
            UNIT_FAIL("vec:vop", "level %s kind %d sew %d scalar %d overlap %d n %d skip %d mask %d",
                      level, kind, 8 << l2, sc, p, n, sk, mask != 0);
        ir_context_free(&c);
        free(cpu);
        free(want);
    }
    return fails;
}

/* ---- floating point ---- */

static uint64_t fval(int l2, int cls)
{
    bool dbl = l2 == 3;
    double x;
    switch (cls) {
    case 0: x = (double)(int)(rnd() % 64) - 32; break;           /* exact small integers */
    case 1: x = ((double)(rnd() >> 11) * 0x1p-53 - 0.5) * 1000; break;   /* inexact */
    case 2: x = rnd() % 2 ? NAN : INFINITY; break;
    case 3: x = dbl ? 0x1p1000 : 0x1p120; break;                   /* overflow in products */
    case 4: x = dbl ? 0x1p-1000 : 0x1p-120; break;                 /* underflow in products */
    default: {   /* the checks' edges: +-0, the smallest normal, the largest subnormal, the
                  * largest finite, 1 (their sums, products and quotients land on both sides) */
        static const double ed[6] = { 0.0, -0.0, 0x1p-1022, 0x1.ffffffffffffep-1023,
                                      0x1.fffffffffffffp1023, 1.0 };
        static const float ef[6] = { 0.0f, -0.0f, 0x1p-126f, 0x1.fffffcp-127f, 0x1.fffffep127f,
                                     1.0f };
        int i = (int)(rnd() % 6);
        if (dbl) {
            x = ed[i] * (rnd() % 2 ? -1 : 1);
            break;
        }
        float f = ef[i] * (rnd() % 2 ? -1 : 1);
        uint32_t u;
        memcpy(&u, &f, 4);
        return u;
    }
    }
    if (dbl) {
        uint64_t u;
        memcpy(&u, &x, 8);
        return u;
    }
    float f = (float)x;
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static double rdd(const uint8_t *p) { double x; memcpy(&x, p, 8); return x; }
static float rdf(const uint8_t *p) { float x; memcpy(&x, p, 4); return x; }

/* One element: the host's IEEE operations (the C compiler's, RNE), per type. */
#define FEL(name, T, FMA)                                                                    \
    __attribute__((noinline)) static T name(int kind, T d, T a, T b)                         \
    {                                                                                        \
        switch (kind) {                                                                      \
        case IR_VF_ADD: return a + b;                                                        \
        case IR_VF_SUB: return a - b;                                                        \
        case IR_VF_RSUB: return b - a;                                                       \
        case IR_VF_MUL: return a * b;                                                        \
        case IR_VF_DIV: return a / b;                                                        \
        case IR_VF_RDIV: return b / a;                                                       \
        case IR_VF_MACC: return FMA(a, b, d);                                                \
        case IR_VF_NMACC: return FMA(-a, b, -d);                                             \
        case IR_VF_MSAC: return FMA(a, b, -d);                                               \
        case IR_VF_NMSAC: return FMA(-a, b, d);                                              \
        case IR_VF_MADD: return FMA(d, b, a);                                                \
        case IR_VF_NMADD: return FMA(-d, b, -a);                                             \
        case IR_VF_MSUB: return FMA(d, b, -a);                                               \
        case IR_VF_NMSUB: return FMA(-d, b, a);                                              \
        default: return b;                                                                   \
        }                                                                                    \
    }
FEL(fel, double, fma)
FEL(felf, float, fmaf)

/* A zero result that is exact: a product with a +-0 factor, a quotient with a +-0 dividend. */
static bool zero_factor(int kind, bool a0, bool b0)
{
    return (kind == IR_VF_MUL && (a0 || b0)) || (kind == IR_VF_DIV && a0) ||
           (kind == IR_VF_RDIV && b0);
}

/* Reference of a vfop on env: returns the expected status, updates want when it is 0. */
static int vf_ref(uint8_t *env, int kind, int l2, bool sc, int d, int a, int b, int n,
                  uint64_t scalar, bool host_ok, int vlc)
{
    int e = 1 << l2;
    if (vlc >= 0) {   /* a run-time vl: only the leading vlc elements, 1 <= vlc <= n/e */
        if (vlc == 0 || vlc > n / e || kind == IR_VF_CVTFX)
            return 1;
        n = vlc * e;
    }
    uint32_t *fflags = (uint32_t *)(env + offsetof(VCPU, g.fflags));
    uint32_t frm = *(uint32_t *)(env + offsetof(VCPU, g.frm));
    if (!host_ok || (sc && l2 == 2 && scalar >> 32 != 0xffffffff))
        return 1;
    if (kind >= IR_VF_MV && frm >= 5)   /* a reserved frm: the helper raises illegal */
        return 1;
    if (kind > IR_VF_MV && kind <= IR_VF_SGNJX) {   /* sign injection: bits, no check or flag */
        uint64_t sign = 1ull << (8 * e - 1);
        for (int i = 0; i < n; i += e) {
            uint64_t av = 0, bv = scalar, r;
            memcpy(&av, env + a + i, (size_t)e);
            if (!sc)
                memcpy(&bv, env + b + i, (size_t)e);
            r = kind == IR_VF_SGNJ ? (av & ~sign) | (bv & sign)
              : kind == IR_VF_SGNJN ? (av & ~sign) | (~bv & sign) : av ^ (bv & sign);
            memcpy(env + d + i, &r, (size_t)e);
        }
        return 0;
    }
    if (kind == IR_VF_MV) {   /* a copy of the bits: no check, no flag */
        for (int i = 0; i < n; i += e)
            memcpy(env + d + i, &scalar, (size_t)e);
        return 0;
    }
    if (frm != 0 || !(*fflags & 1))
        return 1;
    if (kind == IR_VF_CVTFX) {   /* inexact at most: NX is set */
        if (l2 == 3 && n > 64)
            return 1;
        for (int i = 0; i < n; i += e) {
            int64_t x = 0;
            memcpy(&x, env + a + i, (size_t)e);
            if (l2 == 3) {
                double r = (double)x;
                memcpy(env + d + i, &r, 8);
            } else {
                float r = (float)(int32_t)x;
                memcpy(env + d + i, &r, 4);
            }
        }
        return 0;
    }
    if (kind == IR_VF_REDSUM) {   /* ordered: b[0] + a[0] + a[1] + ..., d[0] */
        if (sc || n > 64)
            return 1;
        feclearexcept(FE_ALL_EXCEPT);
        double accd = rdd(env + b);
        float accf = rdf(env + b);
        for (int i = 0; i < n; i += e) {
            accd += l2 == 3 ? rdd(env + a + i) : 0;
            accf += l2 == 2 ? rdf(env + a + i) : 0;
        }
        uint64_t u = 0;
        if (l2 == 3)
            memcpy(&u, &accd, 8);
        else
            memcpy(&u, &accf, 4);
        bool rbad = l2 == 3 ? ((u >> 52) & 0x7ff) == 0x7ff : ((u >> 23) & 0xff) == 0xff;
        int rfx = fetestexcept(FE_ALL_EXCEPT);
        if (!rbad && (rfx & (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW)))
            UNIT_FAIL("vec:vfop-sound", "redsum sew %d: flags %#x pass the check", 8 << l2, rfx);
        if (rbad)
            return 1;
        memcpy(env + d, &u, (size_t)e);
        return 0;
    }
    uint8_t res[IR_VEC_MAX_BYTES];
    bool bad = false;
    feclearexcept(FE_ALL_EXCEPT);
    for (int i = 0; i < n; i += e) {
        unsigned ex;
        bool zf;
        if (l2 == 3) {
            double bv = sc ? rdd((const uint8_t *)&scalar) : rdd(env + b + i);
            double av = rdd(env + a + i), r = fel(kind, rdd(env + d + i), av, bv);
            zf = zero_factor(kind, av == 0, bv == 0);
            memcpy(res + i, &r, 8);
            uint64_t u;
            memcpy(&u, &r, 8);
            ex = (unsigned)(u >> 52) & 0x7ff;
            bad |= ex == 0x7ff;
        } else {
            float bv = sc ? rdf((const uint8_t *)&scalar) : rdf(env + b + i);
            float av = rdf(env + a + i), r = felf(kind, rdf(env + d + i), av, bv);
            zf = zero_factor(kind, av == 0, bv == 0);
            memcpy(res + i, &r, 4);
            uint32_t u;
            memcpy(&u, &r, 4);
            ex = (u >> 23) & 0xff;
            bad |= ex == 0xff;
        }
        bad |= kind >= IR_VF_MUL && ex == 0 && !zf;
    }
    int fx = fetestexcept(FE_ALL_EXCEPT);
    /* the discipline's soundness: what passes the checks raised no flag but inexact */
    if (!bad && (fx & (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW)))
        UNIT_FAIL("vec:vfop-sound", "kind %d sew %d: flags %#x pass the checks", kind, 8 << l2, fx);
    if (bad)
        return 1;
    memcpy(env + d, res, (size_t)n);
    return 0;
}

/* lean32: the level handles a run-time vl over 32 bytes too (AVX2: one 256-bit chunk). */
static int test_vfop_level(const char *level, bool fma_ok, bool sse, bool lean32)
{
    static const int fsizes[] = { 16, 32, 48, 64, 80, 128, 160, 256, 1024 };
    int fails = 0, inline_runs = 0;
    for (int kind = 0; kind < IR_VF_NB_KINDS; kind++)
    for (int l2 = 2; l2 < 4; l2++)
    for (int sc = 0; sc < 2; sc++)
    for (int p = 0; p < 3; p++)
    for (size_t si = 0; si < sizeof fsizes / sizeof fsizes[0]; si++)
    for (int cls = 0; cls < 7; cls++)
    for (int vv = 0; vv < 2; vv++) {   /* vv: a run-time vl (x6) over 16 or 32 bytes */
        if ((sc && p == 2) || (kind == IR_VF_MV && !sc) || ((kind == IR_VF_CVTFX || kind == IR_VF_REDSUM) && sc) ||
            (vv && fsizes[si] != 16 && fsizes[si] != 32))
            continue;
        int d, a, b, n = fsizes[si];
        offsets(p, &d, &a, &b);
        VCPU *cpu = new_cpu();
        int e = 1 << l2;
        for (int i = 0; i < 3072; i += e) {   /* class cls everywhere; class 5: a mix */
            uint64_t x = fval(l2, cls == 5 ? (rnd() % 8 == 0 ? (int)(rnd() % 5) : 1) :
                                  cls == 6 ? (rnd() % 2 ? 6 : 1) : cls);
            memcpy(cpu->g.vreg + i, &x, (size_t)e);
        }
        uint64_t scalar = fval(l2, cls == 5 ? 1 : cls) | (l2 == 2 ? 0xffffffff00000000ull : 0);
        if (rnd() % 16 == 0 && l2 == 2)
            scalar &= 0xffffffffull;                        /* not NaN-boxed */
        cpu->g.frm = rnd() % 12 == 0 ? 1 + rnd() % 7 : 0;
        cpu->g.fflags = rnd() % 4 ? 1 : 0x10;
        int vlc = vv ? (int)(rnd() % (unsigned)(n / e + 2)) : -1;
        cpu->g.x[6] = (uint64_t)vlc;
        VCPU *want = malloc(sizeof *want);
        memcpy(want, cpu, sizeof *cpu);
        bool fused = kind >= IR_VF_MACC && kind <= IR_VF_NMSUB;
        /* a run-time vl: 16 bytes of the checked kinds and sums, or (lean32) 16 and 32 bytes
         * of every kind up to the sign injections */
        bool vl_ok = lean32 ? kind <= IR_VF_SGNJX || (kind == IR_VF_REDSUM && n == 16)
                            : n == 16 && (kind <= IR_VF_NMSUB || kind == IR_VF_REDSUM);
        int ws = vf_ref((uint8_t *)want, kind, l2, sc, d, a, b, n, scalar,
                        sse && (!fused || fma_ok) && (!vv || vl_ok), vlc);
        inline_runs += ws == 0;
        IRContext c;
        ir_context_init(&c);
        ir_reset(&c, 0x1000);
        IRTemp st = ir_temp(&c), vlt = ir_const(&c, 0);
        if (vv) {
            vlt = ir_temp(&c);
            ir_ld_env(&c, vlt, (int)offsetof(VCPU, g.x[6]), MO_64);
        }
        /* IR_VF_TRUSTED (the block's FP guard holds) only where NX and frm = RNE do hold */
        bool trusted = cpu->g.frm == 0 && (cpu->g.fflags & 1) && rnd() % 2;
        ir_vfop_len(&c, st, IR_VEC_OP(kind, l2, sc) | (trusted ? IR_VF_TRUSTED : 0), d, a, b, n,
                    ir_const(&c, (int64_t)scalar),
                    ir_const(&c, 0), vlt, (int)offsetof(VCPU, g.fflags),
                    (int)offsetof(VCPU, g.frm));
        ir_st_env(&c, st, (int)offsetof(VCPU, g.x[5]), MO_64);
        want->g.x[5] = (uint64_t)ws;
        bool ok = run(&c, cpu) && memcmp(cpu->g.vreg, want->g.vreg, VBYTES) == 0 &&
                  cpu->g.x[5] == want->g.x[5] && cpu->g.fflags == want->g.fflags;
        if (!ok && fails++ < 5)
            UNIT_FAIL("vec:vfop", "level %s kind %d sew %d scalar %d overlap %d n %d class %d: "
                      "status %llu want %d, fflags %#x want %#x vl %d", level, kind, 8 << l2, sc, p,
                      n, cls, (unsigned long long)cpu->g.x[5], ws, cpu->g.fflags, want->g.fflags,
                      vlc);
        ir_context_free(&c);
        free(cpu);
        free(want);
    }
    if (sse && inline_runs == 0 && fails++ < 5)
        UNIT_FAIL("vec:vfop", "level %s: no case ran inline", level);
    return fails;
}

/* ---- unit-stride memory ---- */

static int test_vmem_level(const char *level)
{
    int fails = 0;
    size_t msize = 3 * 4096;
    uint8_t *mem = aligned_alloc(4096, msize);
    /* vld, vst, vld under a mask (n <= 64), vldl and vstl (4 <= len <= n <= 128) */
    for (int st = 0; st < 5; st++)
    for (int si = 0; si < NSIZES; si++)
    for (int t = 0; t < 6; t++) {
        int n = sizes[si], l2 = (int)(rnd() % 4);
        if ((st == 2 && n > 64) || (st >= 3 && (n > 128 || n < 4)))
            continue;
        while (n % (1 << l2))
            l2--;
        int len = n;
        while (st >= 3 && (len = (1 + (int)(rnd() % (uint64_t)(n >> l2))) << l2) < 4)
            ;
        uint64_t addr = 4096 + (t < 3 ? (uint64_t)t * 3 : rnd() % (4096 - (uint64_t)n + 1));
        for (size_t i = 0; i < msize; i++)
            mem[i] = (uint8_t)rnd();
        VCPU *cpu = new_cpu();
        cpu->guest_base = (uint64_t)(uintptr_t)mem;
        cpu->addr_limit = msize;
        cpu->g.x[7] = addr;
        VCPU *want = malloc(sizeof *want);
        memcpy(want, cpu, sizeof *cpu);
        uint8_t *wmem = malloc(msize);
        memcpy(wmem, mem, msize);
        int reg = (int)VREG + 512, mask = (int)VREG + 3072;
        if (st == 1 || st == 4)
            memcpy(wmem + addr, (uint8_t *)want + reg, (size_t)len);
        else
            for (int i = 0; i < len; i++)
                if (st != 2 || (want->g.vreg[mask - VREG + (i >> l2) / 8] >> (i >> l2) % 8 & 1))
                    ((uint8_t *)want)[reg + i] = wmem[addr + i];
        IRContext c;
        ir_context_init(&c);
        IRTemp g7 = ir_global(&c, (int)offsetof(VCPU, g.x[7]), "x7", 0);
        ir_reset(&c, 0x1000);
        if (st >= 3) {
            IRTemp tl = ir_temp(&c);
            cpu->g.x[8] = want->g.x[8] = (uint64_t)len;
            ir_ld_env(&c, tl, (int)offsetof(VCPU, g.x[8]), MO_64);
            ir_vmem_len(&c, st == 4, g7, ir_const(&c, 0), tl, reg, n);
        } else if (st == 1)
            ir_vst(&c, g7, ir_const(&c, 0), reg, n);
        else
            ir_vld_masked(&c, g7, ir_const(&c, 0), reg, n, st == 2 ? mask : 0, l2);
        bool ok = run(&c, cpu) && memcmp(cpu->g.vreg, want->g.vreg, VBYTES) == 0 &&
                  memcmp(mem, wmem, msize) == 0;
        if (!ok && fails++ < 5)
            UNIT_FAIL("vec:vmem", "level %s %s n %d len %d sew %d address %#llx", level,
                      st == 1 ? "vst" : st == 2 ? "vld masked" : st == 3 ? "vldl" : st ? "vstl" : "vld",
                      n, len, 8 << l2, (unsigned long long)addr);
        ir_context_free(&c);
        free(cpu);
        free(want);
        free(wmem);
    }
    free(mem);
    return fails;
}

/* ---- vcall ---- */

static uint64_t vcall_pc;
static void vcall_target(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    vcall_pc = cpu->g.pc;
    cpu->g.x[9] = desc * 3 + scalar;
    cpu->g.vreg[0] ^= 0xff;
}

static void vcall_target2(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    cpu->g.x[10] += desc + scalar;
}

static int test_vcall(void)
{
    int fails = 0;
    for (int cond = 0; cond < 4; cond++) {
        VCPU *cpu = new_cpu();
        uint8_t v0 = cpu->g.vreg[0];
        cpu->g.x[6] = cond & 1;
        cpu->g.x[7] = 1000;
        IRContext c;
        ir_context_init(&c);
        IRTemp g6 = ir_global(&c, (int)offsetof(VCPU, g.x[6]), "x6", 0);
        IRTemp g7 = ir_global(&c, (int)offsetof(VCPU, g.x[7]), "x7", 1);
        IRTemp g8 = ir_global(&c, (int)offsetof(VCPU, g.x[8]), "x8", 30);
        cpu->g.x[8] = 40;
        ir_reset(&c, 0x1000);
        /* a dirty global in a register across the call: x7 + 1 must reach env first */
        ir_addi(&c, g7, g7, 1);
        IRTemp cnd = cond < 2 ? g6 : ir_const(&c, cond & 1);
        ir_vcall(&c, cnd, (void *)vcall_target, ir_const(&c, 5), g7, cond == 3 ? 0x123456789abull : 0x4000);
        ir_addi(&c, g7, g7, 1);
        /* a global only in env before: both paths must leave it where the allocator thinks */
        ir_vcall(&c, cnd, (void *)vcall_target2, ir_const(&c, 1), g8, 0x4000);
        ir_add(&c, g7, g7, g8);
        bool call = cond & 1;
        uint64_t want_pc = cond == 3 ? 0x123456789abull : cond == 1 ? 0x4000 : 0;
        vcall_pc = 0;
        bool ok = run(&c, cpu) && cpu->g.x[7] == 1042 && vcall_pc == want_pc &&
                  cpu->g.x[9] == (call ? 15 + 1001 : 0) && cpu->g.x[10] == (call ? 41 : 0) &&
                  cpu->g.vreg[0] == (uint8_t)(call ? v0 ^ 0xff : v0);
        if (!ok && fails++ < 5)
            UNIT_FAIL("vec:vcall", "cond %d: x7 %llu x9 %llu", cond,
                      (unsigned long long)cpu->g.x[7], (unsigned long long)cpu->g.x[9]);
        ir_context_free(&c);
        free(cpu);
    }
    return fails;
}

int main(void)
{
    code = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    /* ir_vec_ref against hand-computed elements */
    {
        uint8_t env[64] = { 0 };
        uint16_t a[4] = { 1, 0x8000, 0xffff, 5 }, b[4] = { 2, 2, 0xffff, 17 };
        memcpy(env + 16, a, 8);
        memcpy(env + 32, b, 8);
        ir_vec_ref(env, IR_VEC_OP(IR_V_MIN, 1, 0), 0, 16, 32, 8, 0, 0);
        uint16_t r[4];
        memcpy(r, env, 8);
        ir_vec_ref(env, IR_VEC_OP(IR_V_SRA, 1, 1), 48, 16, 0, 8, 17, 0);
        uint16_t s[4];
        memcpy(s, env + 48, 8);
        UNIT_CHECK("vec:ref", r[0] == 1 && r[1] == 0x8000 && r[2] == 0xffff && r[3] == 5 &&
                   s[0] == 0 && s[1] == 0xc000 && s[2] == 0xffff && s[3] == 2,
                   "min %x %x %x %x sra %x %x %x %x", r[0], r[1], r[2], r[3], s[0], s[1], s[2], s[3]);
    }
    static const char *const levels[] = { "avx2", "sse41", "sse2", "generic" };
    bool avx2 = __builtin_cpu_supports("avx2"), sse41 = __builtin_cpu_supports("sse4.1");
    bool fma_ok = avx2 && __builtin_cpu_supports("fma");
    for (int i = 0; i < 4; i++) {
        if ((i == 0 && !avx2) || (i == 1 && !sse41))
            continue;
        setenv("QELT_VEC_HOST", levels[i], 1);
        int f1 = test_vop_level(levels[i]);
        UNIT_CHECK(i == 0 ? "vec:vop-avx2" : i == 1 ? "vec:vop-sse41" : i == 2 ? "vec:vop-sse2" :
                   "vec:vop-generic", f1 == 0, "%d cases differ", f1);
        int f2 = test_vfop_level(levels[i], i == 0 && fma_ok, i < 3, i == 0);
        UNIT_CHECK(i == 0 ? "vec:vfop-avx2" : i == 1 ? "vec:vfop-sse41" : i == 2 ? "vec:vfop-sse2" :
                   "vec:vfop-generic", f2 == 0, "%d cases differ", f2);
        int f3 = test_vmem_level(levels[i]);
        UNIT_CHECK(i == 0 ? "vec:vmem-avx2" : i == 1 ? "vec:vmem-sse41" : i == 2 ? "vec:vmem-sse2" :
                   "vec:vmem-generic", f3 == 0, "%d cases differ", f3);
    }
    unsetenv("QELT_VEC_HOST");
    if (avx2) {   /* uncapped: what the host has beyond AVX2 too (vcvtqq2pd with AVX-512) */
        int f5 = test_vfop_level("native", fma_ok, true, true);
        UNIT_CHECK("vec:vfop-native", f5 == 0, "%d cases differ", f5);
    }
    int f4 = test_vcall();
    UNIT_CHECK("vec:vcall", f4 == 0, "%d cases differ", f4);
    return unit_status();
}
