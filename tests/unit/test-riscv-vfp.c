/*
 * Vector floating point (guest/riscv/vector-fp*.c) without a guest: the vfrsqrt7/vfrec7 tables
 * against the rule they were generated from, element functions on edge operands in several
 * rounding modes (fast path and soft-float agree), and helper_vfp's loops on a VCPU (masking,
 * vstart, widening, narrowing, compares, reductions). Guest programs in tests/vector check the
 * same against qemu-riscv64.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "guest-cpu.h"
#include "vcpu.h"
#include "vector.h"
#include "vector-fp.h"

static VCPU *cpu;

static double norm(double r)
{
    while (r < 1)
        r *= 2;
    while (r >= 2)
        r /= 2;
    return r;
}

static void test_tables(void)
{
    int bad = 0;
    for (int i = 0; i < 128; i++) {
        double rs = norm(1 / sqrt((i < 64 ? 2 : 1) * (1 + ((i % 64) + 0.5) / 64)));
        double rc = norm(1 / (1 + (i + 0.5) / 128));
        bad += vfp_rsqrt7_table[i] != (int)lround((rs - 1) * 128);
        bad += vfp_rec7_table[i] != (int)lround((rc - 1) * 128);
    }
    UNIT_CHECK("vfp/estimate-tables", bad == 0, "%d entries differ from the rule", bad);
}

static uint64_t e(VfpFn fn, uint64_t a, uint64_t b, uint64_t c, unsigned rm, bool fast,
                  unsigned *fl)
{
    VfpCtx x = { cpu, rm, 0, fast };
    cpu->g.fflags = 0;
    uint64_t r = fn(a, b, c, &x);
    *fl = x.flags | cpu->g.fflags;
    return r;
}

typedef struct Case {
    const char *name;
    VfpFn fn;
    uint64_t a, b, c;
    unsigned rm;
    uint64_t want;
    unsigned want_fl;
} Case;

static void test_elements(void)
{
    static const Case cases[] = {
        /* 1 + 2^-24 in each mode */
        { "add32-rne", vfe_add_32, 0x3f800000, 0x33800000, 0, 0, 0x3f800000, 1 },
        { "add32-rup", vfe_add_32, 0x3f800000, 0x33800000, 0, 3, 0x3f800001, 1 },
        { "rsub32", vfe_rsub_32, 0x3f800000, 0x40000000, 0, 0, 0x3f800000, 0 },
        { "rdiv64-dz", vfe_rdiv_64, 0, 0x3ff0000000000000ull, 0, 0, 0x7ff0000000000000ull, 8 },
        { "macc32", vfe_macc_32, 0x40000000, 0x40400000, 0x3f800000, 0, 0x40e00000, 0 },
        { "nmsub32", vfe_nmsub_32, 0x40000000, 0x40400000, 0x3f800000, 0, 0xbf800000, 0 },
        { "madd16", vfe_madd_16, 0x3c00, 0x4000, 0x4200, 0, 0x4700, 0 },
        { "add16-snan", vfe_add_16, 0x7c01, 0x3c00, 0, 0, 0x7e00, 16 },
        { "min32-qnan", vfe_min_32, 0x7fc00000, 0x3f800000, 0, 0, 0x3f800000, 0 },
        { "max64-zero", vfe_max_64, 0x8000000000000000ull, 0, 0, 0, 0, 0 },
        { "sgnjn32", vfe_sgnjn_32, 0x3f800000, 0x3f800000, 0, 0, 0xbf800000, 0 },
        { "sgnjx16", vfe_sgnjx_16, 0xbc00, 0x8000, 0, 0, 0x3c00, 0 },
        { "lt32-qnan-nv", vfe_lt_32, 0x7fc00000, 0, 0, 0, 0, 16 },
        { "eq32-qnan", vfe_eq_32, 0x7fc00000, 0, 0, 0, 0, 0 },
        { "ne64-qnan", vfe_ne_64, 0x7ff8000000000000ull, 0, 0, 0, 1, 0 },
        { "ge16", vfe_ge_16, 0x3c00, 0x3c00, 0, 0, 1, 0 },
        { "gt16", vfe_gt_16, 0x3c00, 0x4000, 0, 0, 0, 0 },
        /* estimates */
        { "rsqrt7-32-one", vfe_rsqrt7_32, 0x3f800000, 0, 0, 0, 0x3f7f0000, 0 },
        { "rsqrt7-32-neg", vfe_rsqrt7_32, 0xbf800000, 0, 0, 0, 0x7fc00000, 16 },
        { "rsqrt7-64-mzero", vfe_rsqrt7_64, 0x8000000000000000ull, 0, 0, 0, 0xfff0000000000000ull, 8 },
        { "rsqrt7-16-inf", vfe_rsqrt7_16, 0x7c00, 0, 0, 0, 0, 0 },
        { "rec7-32-one", vfe_rec7_32, 0x3f800000, 0, 0, 0, 0x3f7f0000, 0 },
        { "rec7-32-tiny-rtz", vfe_rec7_32, 0x00000001, 0, 0, 1, 0x7f7fffff, 5 },
        { "rec7-32-tiny-rne", vfe_rec7_32, 0x80000001, 0, 0, 0, 0xff800000, 5 },
        { "rec7-32-huge", vfe_rec7_32, 0x7f7fffff, 0, 0, 0, 0x00200000, 0 },
        { "rec7-16-minf", vfe_rec7_16, 0xfc00, 0, 0, 0, 0x8000, 0 },
        /* conversions */
        { "cvt-x-f32-nan", vfe_cvt_x_f_32, 0x7fc00000, 0, 0, 0, 0x7fffffff, 16 },
        { "cvt-xu-f32-neg", vfe_cvt_xu_f_32, 0xbf800000, 0, 0, 0, 0, 16 },
        { "cvt-rtz-x-f16", vfe_cvt_rtz_x_f_16, 0xc0f0, 0, 0, 0, 0xfffffffffffffffeull, 1 },
        { "cvt-x-f16-sat", vfe_cvt_x_f_16, 0x7bff, 0, 0, 0, 0x7fff, 16 },
        { "cvt-f-x16", vfe_cvt_f_x_16, 0xffff, 0, 0, 0, 0xbc00, 0 },
        { "ncvt-x-f16-sat", vfe_ncvt_x_f_16, 0x47000000, 0, 0, 0, 0x7fff, 16 },
        { "ncvt-xu-f16-sat", vfe_ncvt_xu_f_16, 0x47800000, 0, 0, 0, 0xffff, 16 },
        { "ncvt-x-f8-rdn", vfe_ncvt_x_f_8, 0xd808, 0, 0, 2, 0xffffffffffffff80ull, 16 },
        { "ncvt-x-f8", vfe_ncvt_x_f_8, 0x4e00, 0, 0, 0, 24, 0 },
        { "ncvt-rod32", vfe_ncvt_rod_f_f_32, 0x3ff0000000000001ull, 0, 0, 0, 0x3f800001, 1 },
        { "ncvt-rod32-of", vfe_ncvt_rod_f_f_32, 0x7fefffffffffffffull, 0, 0, 0, 0x7f7fffff, 5 },
        { "ncvt-rod16", vfe_ncvt_rod_f_f_16, 0x3f801000, 0, 0, 0, 0x3c01, 1 },
        { "ncvt-f-f16", vfe_ncvt_f_f_16, 0x3f801000, 0, 0, 0, 0x3c00, 1 },
        { "wcvt-f-f16-snan", vfe_wcvt_f_f_16, 0x7d00, 0, 0, 0, 0x7fc00000, 16 },
        { "wcvt-f-x8", vfe_wcvt_f_x_8, 0x80, 0, 0, 0, 0xd800, 0 },
        { "wcvt-f-xu16", vfe_wcvt_f_xu_16, 0xffff, 0, 0, 0, 0x477fff00, 0 },
        { "wcvt-rtz-x-f32", vfe_wcvt_rtz_x_f_32, 0xcf000001, 0, 0, 0, 0xffffffff7fffff00ull, 0 },
        { "ncvt-f-x16", vfe_ncvt_f_x_16, 0x7fffffff, 0, 0, 0, 0x7c00, 5 },
        { "ncvt-f-xu32", vfe_ncvt_f_xu_32, 0xffffffffffffffffull, 0, 0, 1, 0x5f7fffff, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *k = &cases[i];
        for (int fast = 0; fast < 2; fast++) {
            unsigned fl;
            uint64_t r = e(k->fn, k->a, k->b, k->c, k->rm, fast, &fl);
            char name[80];
            snprintf(name, sizeof name, "vfp/elem/%s%s", k->name, fast ? "-fast" : "");
            UNIT_CHECK(name, r == k->want && fl == k->want_fl,
                       "got %#llx flags %#x, want %#llx flags %#x", (unsigned long long)r, fl,
                       (unsigned long long)k->want, k->want_fl);
        }
    }
}

/* Every same-width element function at 32 and 64 bits: the host fast path gives soft-float's
 * bits and flags on edge-heavy random operands in every rounding mode, with and without NX
 * already accrued (the condition the fast path needs). */
static uint64_t rnd64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static uint64_t operand(uint64_t *s, int w)
{
    static const uint64_t e32[] = { 0, 0x80000000, 0x3f800000, 0x7f7fffff, 0x00800000, 1,
                                    0x7f800000, 0x7fc00000, 0x7f800001, 0x4f000000 };
    static const uint64_t e64[] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull,
                                    0x7fefffffffffffffull, 0x0010000000000000ull, 1,
                                    0x7ff0000000000000ull, 0x7ff8000000000000ull,
                                    0x7ff0000000000001ull, 0x43e0000000000000ull };
    uint64_t r = rnd64(s);
    switch (r % 4) {
    case 0: return (w == 32 ? e32 : e64)[(r >> 8) % 10];
    case 1: return w == 32 ? (r >> 20 & 0x807fffff) | (uint64_t)(120 + (r >> 2) % 16) << 23
                           : (r >> 1 & 0x800fffffffffffffull) | (uint64_t)(1016 + (r >> 2) % 16) << 52;
    default: return w == 32 ? (uint32_t)(r >> 16) : r;
    }
}

static void test_fast_vs_soft(void)
{
    static const struct { const char *name; VfpFn f32, f64; } fns[] = {
#define FN(op) { #op, vfe_##op##_32, vfe_##op##_64 },
        VFE_SAME_OPS(FN)
#undef FN
    };
    uint64_t seed = 0x243f6a8885a308d3ull;
    int bad = 0, n = 0;
    for (size_t k = 0; k < sizeof fns / sizeof fns[0]; k++)
        for (int w = 32; w <= 64; w += 32)
            for (int i = 0; i < 3000; i++) {
                uint64_t a = operand(&seed, w), b = operand(&seed, w), c = operand(&seed, w);
                unsigned rm = (unsigned)(rnd64(&seed) % 5), nx = i & 1;
                VfpCtx xs = { cpu, rm, nx, false }, xf = { cpu, rm, nx, true };
                VfpFn f = w == 32 ? fns[k].f32 : fns[k].f64;
                uint64_t rs = f(a, b, c, &xs), rf = f(a, b, c, &xf);
                n++;
                if (rs != rf || xs.flags != xf.flags) {
                    if (bad++ < 5)
                        printf("  %s%d(%llx, %llx, %llx) rm %u: soft %llx/%x fast %llx/%x\n",
                               fns[k].name, w, (unsigned long long)a, (unsigned long long)b,
                               (unsigned long long)c, rm, (unsigned long long)rs, xs.flags,
                               (unsigned long long)rf, xf.flags);
                }
            }
    UNIT_CHECK("vfp/fast-equals-soft", bad == 0, "%d of %d differ", bad, n);
}

/* ---- helper_vfp on a VCPU with VLEN 128 ---- */

static void setvl(unsigned vsew, unsigned vlmul, uint64_t vl)
{
    cpu->g.vtype = vsew << 3 | vlmul;
    cpu->g.vl = vl;
    cpu->g.vstart = 0;
}

static uint32_t *v32(int reg) { return (uint32_t *)(cpu->g.vreg + reg * 16); }
static uint64_t *v64(int reg) { return (uint64_t *)(cpu->g.vreg + reg * 16); }
static uint16_t *v16(int reg) { return (uint16_t *)(cpu->g.vreg + reg * 16); }

static uint64_t desc(int op, int vd, int vs2, int vs1, int vm)
{
    return RV_VDESC(vd, vs2, vs1, vm, 0, op | VFP_X_HALF);
}

static void test_loops(void)
{
    /* vfadd.vv e32 m1, masked by 0b0101, vstart 1: only element 2 changes */
    setvl(2, 0, 4);
    cpu->g.vreg[0] = 0x5;
    for (int i = 0; i < 4; i++) {
        v32(2)[i] = 0x3f800000;   /* 1.0 */
        v32(3)[i] = 0x40000000;   /* 2.0 */
        v32(4)[i] = 0xdeadbeef;
    }
    cpu->g.vstart = 1;
    cpu->g.fflags = 0;
    helper_vfp(cpu, desc(VFP_vfadd_vv, 4, 2, 3, 0), 0);
    UNIT_CHECK("vfp/loop/vv-mask-vstart",
               v32(4)[0] == 0xdeadbeef && v32(4)[1] == 0xdeadbeef && v32(4)[2] == 0x40400000 &&
               v32(4)[3] == 0xdeadbeef && cpu->g.vstart == 0,
               "%08x %08x %08x %08x", v32(4)[0], v32(4)[1], v32(4)[2], v32(4)[3]);

    /* vfwadd.vf e16 mf2... use m1: 8 halves -> 8 singles in v6-v7 */
    setvl(1, 0, 8);
    for (int i = 0; i < 8; i++)
        v16(2)[i] = (uint16_t)(0x3c00 + i);   /* 1 + i * 2^-10 */
    helper_vfp(cpu, desc(VFP_vfwadd_vf, 6, 2, 1, 1), 0xffffffffffff3c00ull);
    int bad = 0;
    for (int i = 0; i < 8; i++)
        bad += v32(6)[i] != 0x40000000u + ((uint32_t)i << 12);
    UNIT_CHECK("vfp/loop/wvf-16", bad == 0, "%d wrong (first %08x)", bad, v32(6)[0]);

    /* an improperly boxed scalar reads as the canonical NaN */
    setvl(2, 0, 4);
    helper_vfp(cpu, desc(VFP_vfmv_v_f, 8, 0, 1, 1), 0x3f800000);
    UNIT_CHECK("vfp/loop/unboxed-scalar", v32(8)[0] == 0x7fc00000 && v32(8)[3] == 0x7fc00000,
               "%08x", v32(8)[0]);

    /* vfncvt.f.f.w e32: doubles in v10-v11 -> singles in v12 */
    setvl(2, 0, 4);
    v64(10)[0] = 0x3ff0000000000000ull; v64(10)[1] = 0x7ff0000000000001ull;
    v64(11)[0] = 0xc000000000000000ull; v64(11)[1] = 0x0000000000000001ull;
    cpu->g.fflags = 0;
    cpu->g.frm = 0;
    helper_vfp(cpu, desc(VFP_vfncvt_f_f_w, 12, 10, 0, 1), 0);
    UNIT_CHECK("vfp/loop/nv", v32(12)[0] == 0x3f800000 && v32(12)[1] == 0x7fc00000 &&
               v32(12)[2] == 0xc0000000 && v32(12)[3] == 0 && cpu->g.fflags == (16 | 1 | 2),
               "%08x %08x %08x %08x fflags %x", v32(12)[0], v32(12)[1], v32(12)[2], v32(12)[3],
               cpu->g.fflags);

    /* vmflt.vf e64: mask bits 0,1 from 2 elements, the rest of the byte undisturbed */
    setvl(3, 0, 2);
    v64(2)[0] = 0xbff0000000000000ull;   /* -1 */
    v64(2)[1] = 0x4000000000000000ull;   /* 2 */
    cpu->g.vreg[14 * 16] = 0xf0;
    helper_vfp(cpu, desc(VFP_vmflt_vf, 14, 2, 1, 1), 0);
    UNIT_CHECK("vfp/loop/mvf", cpu->g.vreg[14 * 16] == 0xf1, "%02x", cpu->g.vreg[14 * 16]);

    /* vfredosum e32 m2: 1 + 2 + ... + 8 from vs1[0] = 0.5 */
    setvl(2, 1, 8);
    for (int i = 0; i < 8; i++) {
        float f = (float)(i + 1);
        memcpy(&v32(16)[i], &f, 4);
    }
    v32(18)[0] = 0x3f000000;
    helper_vfp(cpu, desc(VFP_vfredosum_vs, 20, 16, 18, 1), 0);
    UNIT_CHECK("vfp/loop/red", v32(20)[0] == 0x42120000, "%08x", v32(20)[0]);   /* 36.5 */

    /* vfslide1down.vf e32 vl=3 */
    setvl(2, 0, 3);
    for (int i = 0; i < 4; i++)
        v32(2)[i] = (uint32_t)i;
    v32(22)[3] = 77;
    helper_vfp(cpu, desc(VFP_vfslide1down_vf, 22, 2, 1, 1), 0xffffffff12345678ull);
    UNIT_CHECK("vfp/loop/slide1down", v32(22)[0] == 1 && v32(22)[1] == 2 &&
               v32(22)[2] == 0x12345678 && v32(22)[3] == 77, "%x %x %x %x",
               v32(22)[0], v32(22)[1], v32(22)[2], v32(22)[3]);

    /* vfmv.f.s e16: NaN-boxed into f5 */
    setvl(1, 0, 0);
    v16(2)[0] = 0x1234;
    helper_vfp(cpu, desc(VFP_vfmv_f_s, 5, 2, 0, 1), 0);
    UNIT_CHECK("vfp/loop/fmv-f-s", cpu->g.f[5] == 0xffffffffffff1234ull, "%llx",
               (unsigned long long)cpu->g.f[5]);
}

int main(void)
{
    cpu = calloc(1, sizeof(VCPU));
    cpu->g.vlenb = 16;
    test_tables();
    test_elements();
    test_fast_vs_soft();
    test_loops();
    return unit_status();
}
