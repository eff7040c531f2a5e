/* vtest: vlen=128,256,1024 args=full
 * The arithmetic that translate-vinline.c inlines, each right after a vsetvli in the same block
 * (vtype known), unmasked, at SEW 8..64 (FP: 32, 64) and LMUL mf4 (e8: 4 bytes at VLEN 128),
 * mf2, m1, m2, m8, with vl = VLMAX
 * (inline) and, with the argument "full", a shorter vl and FP operands with NaNs, infinities and
 * tiny values (the helper paths). Each case prints "name sew lmul avl vl fflags hash" (hash of
 * v0..v31). In tests/vector/pending/ until the integer and FP parts translate these
 * instructions (vector-int.c, vector-fp.c); then move it to tests/vector/ and make its expected
 * files with UPDATE=1 (run.sh also runs it with QELT_VINLINE=0). Checked so far: its FP cases
 * with "full" against qemu-riscv64 7.2 at VLEN 128/256/1024, inline and QELT_VINLINE=0, on
 * main a749318 (vector-fp.c translated) plus this branch; its integer cases at vl = VLMAX with
 * stub helpers. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));

static uint64_t hash(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

typedef long Fn(long avl, long x, double f);
/* int ops: (name, text); text uses %[x] for the x operand */
#define IOPS(X) \
    X(vadd_vv, "vadd.vv v8, v16, v24") X(vadd_vx, "vadd.vx v8, v16, %[x]") \
    X(vadd_vi, "vadd.vi v8, v16, -5") X(vsub_vv, "vsub.vv v8, v16, v24") \
    X(vsub_vx, "vsub.vx v8, v16, %[x]") X(vrsub_vx, "vrsub.vx v8, v16, %[x]") \
    X(vrsub_vi, "vrsub.vi v8, v16, 7") X(vand_vv, "vand.vv v8, v16, v24") \
    X(vor_vx, "vor.vx v8, v16, %[x]") X(vxor_vi, "vxor.vi v8, v16, -1") \
    X(vminu_vv, "vminu.vv v8, v16, v24") X(vmin_vx, "vmin.vx v8, v16, %[x]") \
    X(vmaxu_vx, "vmaxu.vx v8, v16, %[x]") X(vmax_vv, "vmax.vv v8, v16, v24") \
    X(vsll_vv, "vsll.vv v8, v16, v24") X(vsll_vx, "vsll.vx v8, v16, %[x]") \
    X(vsll_vi, "vsll.vi v8, v16, 3") X(vsrl_vv, "vsrl.vv v8, v16, v24") \
    X(vsrl_vi, "vsrl.vi v8, v16, 31") X(vsra_vx, "vsra.vx v8, v16, %[x]") \
    X(vsra_vv, "vsra.vv v8, v16, v24") X(vmul_vv, "vmul.vv v8, v16, v24") \
    X(vmul_vx, "vmul.vx v8, v16, %[x]") X(vmacc_vv, "vmacc.vv v8, v24, v16") \
    X(vnmsac_vx, "vnmsac.vx v8, %[x], v16") X(vmadd_vv, "vmadd.vv v8, v24, v16") \
    X(vnmsub_vx, "vnmsub.vx v8, %[x], v16") X(vmv_v_v, "vmv.v.v v8, v24") \
    X(vmv_v_x, "vmv.v.x v8, %[x]") X(vmv_v_i, "vmv.v.i v8, -9") \
    X(vredsum_vs, "vredsum.vs v8, v16, v24") X(vredsum_in, "vredsum.vs v17, v16, v24") \
    X(vadd_over, "vadd.vv v8, v8, v24") X(vsub_over, "vsub.vv v8, v16, v8") \
    X(vmacc_over, "vmacc.vv v8, v8, v8") X(vrgather_vv, "vrgather.vv v8, v16, v24") \
    X(vrgather_in, "vand.vi v24, v24, 15\n\tvrgather.vv v8, v16, v24")
#define FOPS(X) \
    X(vfadd_vv, "vfadd.vv v8, v16, v24") X(vfadd_vf, "vfadd.vf v8, v16, %[f]") \
    X(vfsub_vv, "vfsub.vv v8, v16, v24") X(vfrsub_vf, "vfrsub.vf v8, v16, %[f]") \
    X(vfmul_vv, "vfmul.vv v8, v16, v24") X(vfmul_vf, "vfmul.vf v8, v16, %[f]") \
    X(vfdiv_vv, "vfdiv.vv v8, v16, v24") X(vfrdiv_vf, "vfrdiv.vf v8, v16, %[f]") \
    X(vfmacc_vv, "vfmacc.vv v8, v24, v16") X(vfnmacc_vf, "vfnmacc.vf v8, %[f], v16") \
    X(vfmsac_vv, "vfmsac.vv v8, v24, v16") X(vfnmsac_vv, "vfnmsac.vv v8, v24, v16") \
    X(vfmadd_vf, "vfmadd.vf v8, %[f], v16") X(vfnmadd_vv, "vfnmadd.vv v8, v24, v16") \
    X(vfmsub_vv, "vfmsub.vv v8, v24, v16") X(vfnmsub_vf, "vfnmsub.vf v8, %[f], v16") \
    X(vfmv_v_f, "vfmv.v.f v8, %[f]") X(vfadd_over, "vfadd.vv v8, v8, v8")

#define F(name, text, s, l) \
    __attribute__((aligned(64))) static long name##_##s##l(long avl, long x, double f) { long vl; \
        __asm__ volatile("vsetvli %0, %[a], " #s "," #l ",ta,ma\n\t" text \
                         : "=&r"(vl) : [a] "r"(avl), [x] "r"(x), [f] "f"(f) : "memory"); \
        return vl; }
#define IL(name, text) F(name, text, e8, mf4) F(name, text, e8, mf2) F(name, text, e8, m1) F(name, text, e8, m8) \
    F(name, text, e16, m1) F(name, text, e16, m2) F(name, text, e32, m1) F(name, text, e32, m2) \
    F(name, text, e64, m1) F(name, text, e64, m8)
#define FL(name, text) F(name, text, e32, mf2) F(name, text, e32, m1) F(name, text, e32, m8) \
    F(name, text, e64, m1) F(name, text, e64, m2)
IOPS(IL)
FOPS(FL)
/* vzext at the SEWs where it is legal (SEW/f >= 8) */
F(vzext_vf2, "vzext.vf2 v8, v16", e16, mf2) F(vzext_vf2, "vzext.vf2 v8, v16", e16, m1)
F(vzext_vf2, "vzext.vf2 v8, v16", e32, m1) F(vzext_vf4, "vzext.vf4 v8, v17", e32, m1)
F(vzext_vf4, "vzext.vf4 v8, v17", e32, mf2) F(vzext_vf8, "vzext.vf8 v8, v18", e64, m1)
#define ZCASES { "vzext_vf2", 16, -1, vzext_vf2_e16mf2 }, { "vzext_vf2", 16, 0, vzext_vf2_e16m1 }, \
    { "vzext_vf2", 32, 0, vzext_vf2_e32m1 }, { "vzext_vf4", 32, 0, vzext_vf4_e32m1 }, \
    { "vzext_vf4", 32, -1, vzext_vf4_e32mf2 }, { "vzext_vf8", 64, 0, vzext_vf8_e64m1 },

typedef struct Case { const char *name; int sew, lmul2; Fn *fn; } Case;
#define CI(name, text) { #name, 8, -2, name##_e8mf4 }, { #name, 8, -1, name##_e8mf2 }, { #name, 8, 0, name##_e8m1 }, \
    { #name, 8, 3, name##_e8m8 }, { #name, 16, 0, name##_e16m1 }, { #name, 16, 1, name##_e16m2 }, \
    { #name, 32, 0, name##_e32m1 }, { #name, 32, 1, name##_e32m2 }, { #name, 64, 0, name##_e64m1 }, \
    { #name, 64, 3, name##_e64m8 },
#define CF(name, text) { #name, 32, -1, name##_e32mf2 }, { #name, 32, 0, name##_e32m1 }, \
    { #name, 32, 3, name##_e32m8 }, { #name, 64, 0, name##_e64m1 }, { #name, 64, 1, name##_e64m2 },
static const Case icases[] = { IOPS(CI) ZCASES };
static const Case fcases[] = { FOPS(CF) };

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

/* FP register file: normal values; with specials also NaN, infinities, tiny, huge. */
static void fill_fp(int sew, int specials)
{
    for (size_t i = 0; i < sizeof regs; i += (size_t)sew / 8) {
        double v = ((double)(rnd() % 20001) - 10000) / ((rnd() % 7) + 1);
        if (specials && rnd() % 16 == 0) {
            static const double sp[] = { NAN, INFINITY, -INFINITY, 1e-310, 1e300, 0.0, -0.0 };
            v = sp[rnd() % 7];
        }
        if (sew == 32) { float f = (float)v; memcpy(regs + i, &f, 4); }
        else memcpy(regs + i, &v, 8);
    }
}

/* fflags before the instruction: NX set (as in real code after the first inexact operation:
 * the inline FP path needs it) or, with "full", also clear (the helper raises NX). */
static int nx_clear;

static void run(const Case *c, long avl, long x, double f)
{
    vt_load_regs(regs);
    if (nx_clear)
        __asm__ volatile("csrw fflags, zero");
    else
        __asm__ volatile("csrwi fflags, 1");
    long vl = c->fn(avl, x, f);
    unsigned long fl;
    __asm__ volatile("csrr %0, fflags" : "=r"(fl));
    unsigned vlenb = vt_vlenb();
    uint8_t out[32 * 128];
    vt_save_regs(out);
    uint64_t h = hash(out, 32 * (size_t)vlenb);
    printf("%s e%d lmul%d avl%ld vl%ld fflags%lx %08x\n", c->name, c->sew, c->lmul2, avl, vl, fl,
           (unsigned)(h ^ h >> 32));
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int full = argc > 1 && !strcmp(argv[1], "full");
    vt_init();
    unsigned vlenb = vt_vlenb();
    for (size_t i = 0; i < sizeof icases / sizeof icases[0]; i++) {
        const Case *c = &icases[i];
        long vlmax = (long)(c->lmul2 >= 0 ? vlenb << c->lmul2 : vlenb >> -c->lmul2) / (c->sew / 8);
        vt_fill_mem(regs, sizeof regs, (uint32_t)i);
        for (int a = 0; a < 1 + full; a++)
            for (int k = 0; k < 2; k++)
                run(c, a ? vlmax - 1 : -1, k ? 37 : (long)0x9e3779b97f4a7c15ull, 0);
    }
    for (size_t i = 0; i < sizeof fcases / sizeof fcases[0]; i++) {
        const Case *c = &fcases[i];
        long vlmax = (long)(c->lmul2 >= 0 ? vlenb << c->lmul2 : vlenb >> -c->lmul2) / (c->sew / 8);
        for (int sp = 0; sp < 1 + full; sp++)
            for (int a = 0; a < 1 + full; a++) {
                fill_fp(c->sew, sp);
                double f = 1.3;
                if (c->sew == 32) {   /* a NaN-boxed single in the f register */
                    float s = 2.7f;
                    uint64_t u = 0xffffffff00000000ull;
                    memcpy(&u, &s, 4);
                    memcpy(&f, &u, 8);
                }
                run(c, a ? vlmax - 1 : -1, 0, f);
                if (full && !a) {
                    nx_clear = 1;
                    run(c, -1, 0, f);
                    nx_clear = 0;
                }
            }
    }
    return 0;
}
