/* vtest: vlen=128,256
 * Inline FP ops with a vl known only at run time (codegen-vfp.c's vfop over the leading vl
 * elements of a 16- or 32-byte group: a lane mask from vl merges the body into vd, the tail
 * undisturbed, only the body's lanes checked): vsetvli with a register AVL of 0 .. VLMAX + 1
 * (vl = 0 leaves vd alone, vl = 1, the strip-mined loop's short last pass, VLMAX) right before
 * vfadd/vfsub/vfmul/vfdiv/vfmacc/vfnmsub (.vv .vf), vfrsub.vf, vfrdiv.vf (an exact zero
 * dividend), vfmv.v.f, the sign injections (vfsgnj.vf, vfneg, vfsgnjx.vv) and the sums
 * vfredosum/vfredusum (element 0 of v8 = v24[0] + v16[0] + ... + v16[vl - 1]) at e32 m1, e32
 * mf2, e64 m1, e32 m2 and e64 m2 (32 bytes at VLEN 128, 64 at 256), tu, on data whose
 * tail lanes overflow, divide by zero or hold NaNs (they must neither reach vd nor send the
 * op to the helper with a flag) or whose last active lane overflows (the helper must run and
 * raise OF), with fflags NX raised first (the inline path's precondition) and clear. Prints
 * "op type nx data avl: vl fflags v8's bytes' hash".
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));

/* v8 = op(v16, v24) or op(v16, f); vd v8 starts as a known pattern. */
#define OPS(X) \
    X(vfadd_vv, "vfadd.vv v8, v16, v24") X(vfmul_vv, "vfmul.vv v8, v16, v24") \
    X(vfmul_vf, "vfmul.vf v8, v16, %[f]") X(vfdiv_vv, "vfdiv.vv v8, v16, v24") \
    X(vfmacc_vv, "vfmacc.vv v8, v16, v24") X(vfnmsub_vf, "vfnmsub.vf v8, %[f], v24") \
    X(vfredosum_vs, "vfredosum.vs v8, v16, v24") X(vfredusum_vs, "vfredusum.vs v8, v16, v24") \
    X(vfsub_vv, "vfsub.vv v8, v16, v24") X(vfrsub_vf, "vfrsub.vf v8, v16, %[f]") \
    X(vfrdiv_vf, "vfrdiv.vf v8, v24, %[f]") X(vfmv_v_f, "vfmv.v.f v8, %[f]") \
    X(vfsgnj_vf, "vfsgnj.vf v8, v16, %[f]") X(vfneg_v, "vfsgnjn.vv v8, v16, v16") \
    X(vfsgnjx_vv, "vfsgnjx.vv v8, v16, v24")

enum { T_E32M1, T_E32MF2, T_E64M1, T_E32M2, T_E64M2, NTYPES };
static const char *const tnames[NTYPES] = { "e32m1", "e32mf2", "e64m1", "e32m2", "e64m2" };

#define RUN(name, text) \
    static unsigned long run_##name(int ty, unsigned long avl, double fd, float ff) \
    { \
        unsigned long vl; \
        if (ty == T_E64M1) \
            __asm__ volatile("vsetvli %[vl], %[avl], e64, m1, tu, mu\n\t" text \
                             : [vl] "=&r"(vl) : [avl] "r"(avl), [f] "f"(fd) : "memory"); \
        else if (ty == T_E64M2) \
            __asm__ volatile("vsetvli %[vl], %[avl], e64, m2, tu, mu\n\t" text \
                             : [vl] "=&r"(vl) : [avl] "r"(avl), [f] "f"(fd) : "memory"); \
        else if (ty == T_E32M2) \
            __asm__ volatile("vsetvli %[vl], %[avl], e32, m2, tu, mu\n\t" text \
                             : [vl] "=&r"(vl) : [avl] "r"(avl), [f] "f"(ff) : "memory"); \
        else if (ty == T_E32M1) \
            __asm__ volatile("vsetvli %[vl], %[avl], e32, m1, tu, mu\n\t" text \
                             : [vl] "=&r"(vl) : [avl] "r"(avl), [f] "f"(ff) : "memory"); \
        else \
            __asm__ volatile("vsetvli %[vl], %[avl], e32, mf2, tu, mu\n\t" text \
                             : [vl] "=&r"(vl) : [avl] "r"(avl), [f] "f"(ff) : "memory"); \
        return vl; \
    }
OPS(RUN)

typedef unsigned long Fn(int ty, unsigned long avl, double fd, float ff);
#define ENTRY(name, text) { #name, run_##name },
static const struct { const char *name; Fn *fn; } ops[] = { OPS(ENTRY) };

/* Element i of a source: ordinary values, except (data 1) the lanes from `from` on hold
 * values whose results overflow / divide by zero / are NaN, or (data 2) lane `from` - 1 (the
 * last active one) does. */
static double elem(bool dbl, int src, unsigned i, int data, unsigned from)
{
    double v = src == 16 ? 1.25 + i : 0.5 + 0.25 * i;
    bool wild = (data == 1 && i >= from) || (data == 2 && from && i == from - 1);
    if (!wild)
        return v;
    double big = dbl ? 1e300 : 3e38;
    double w16[] = { big, 0.0 / 0.0, 1.0, big }, w24[] = { big, 1.0, 0.0, big };
    return (src == 16 ? w16 : w24)[i % 4];
}

static void fill(int ty, int data, unsigned from)
{
    unsigned vlenb = vt_vlenb();
    memset(regs, 0, sizeof regs);
    for (unsigned i = 0; i < 2 * vlenb; i++)
        regs[8 * vlenb + i] = (uint8_t)(0x40 + i);   /* vd: a pattern of normal values */
    bool dbl = ty == T_E64M1 || ty == T_E64M2;
    for (unsigned i = 0; i < 2 * vlenb / (dbl ? 8 : 4); i++)   /* two registers: m2 groups */
        for (int src = 16; src <= 24; src += 8) {
            double v = elem(dbl, src, i, data, from);
            float f = (float)v;
            if (dbl)
                memcpy(regs + src * vlenb + i * 8, &v, 8);
            else
                memcpy(regs + src * vlenb + i * 4, &f, 4);
        }
    vt_load_regs(regs);
}

int main(void)
{
    vt_init();
    unsigned vlenb = vt_vlenb();
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
        for (int ty = 0; ty < NTYPES; ty++) {
            static const unsigned per[NTYPES] = { 4, 8, 8, 2, 4 };   /* vlenb / VLMAX */
            unsigned vlmax = vlenb / per[ty];
            for (int nx = 0; nx < 2; nx++)
                for (int data = 0; data < 3; data++)
                    for (unsigned long avl = 0; avl <= vlmax + 1; avl++) {
                        unsigned from = avl < vlmax ? (unsigned)avl : vlmax;
                        fill(ty, data, from);
                        unsigned long fl, vl;
                        __asm__ volatile("csrw fflags, %0" :: "r"((unsigned long)nx));
                        vl = ops[o].fn(ty, avl, 3.0, 3.0f);
                        __asm__ volatile("csrr %0, fflags" : "=r"(fl));
                        vt_save_regs(regs);
                        printf("%s %s nx%d d%d avl%lu: vl %lu %02lx %016llx\n", ops[o].name,
                               tnames[ty], nx, data, avl, vl, fl,
                               (unsigned long long)vt_hash(regs + 8 * vlenb, 2 * vlenb));
                    }
        }
    return 0;
}
