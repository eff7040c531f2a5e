/* vtest: vlen=128,256
 * The block's FP guard shared by the inline vector FP ops (translate-vinline.c, IR_VF_TRUSTED):
 * the first rounding vfop of a block checks fflags.NX and frm = RNE itself and is followed by an
 * exit unless both hold; the later vfops (and scalar FP ops) of the block skip those checks, as
 * do vfops after a scalar op's guard. Chains of inexact vfmul/vfadd/vfdiv/vfmacc/vfsub/vfrsub
 * (.vv and .vf) run under every frm (RNE, RTZ, RDN, RUP, RMM) with NX clear and set, at SEW 32
 * and 64, with vl = VLMAX and a vl from a run-time AVL (3 elements), alone and after a scalar
 * fmul.d in the same block: a chain op that ran inline without its guard holding rounds to
 * nearest where the mode says otherwise, or leaves NX clear. Prints
 * "chain sew avl frm nx: fflags hash" (the hash of v8..v31).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));

static void fill(int sew)
{
    unsigned vlenb = vt_vlenb();
    memset(regs, 0, sizeof regs);
    for (unsigned i = 0; i < vlenb * 8 / (unsigned)sew; i++)
        for (int r = 16; r < 32; r += 8) {
            double x = (1.0 + i + (unsigned)r) / (3.0 + 2 * i);   /* inexact thirds, fifths... */
            if (sew == 64)
                memcpy(regs + (unsigned)r * vlenb + i * 8, &x, 8);
            else {
                float f = (float)x;
                memcpy(regs + (unsigned)r * vlenb + i * 4, &f, 4);
            }
        }
    vt_load_regs(regs);
}

/* v8.. from v16, v24 and f: every op rounds (inexact operands) */
#define CHAIN \
    "vfmul.vv v8, v16, v24\n\t" "vfadd.vv v9, v8, v16\n\t" "vfdiv.vv v10, v9, v24\n\t" \
    "vfmacc.vv v9, v10, v16\n\t" "vfsub.vf v11, v9, %[f]\n\t" "vfrsub.vf v12, v11, %[f]\n\t" \
    "vfmul.vf v13, v12, %[f]\n\t" "vfdiv.vv v14, v13, v16\n\t"

#define RUN(name, pre) \
    static void name(int sew, long avl, double fd, float ff, double *s) \
    { \
        if (sew == 64) \
            __asm__ volatile("vsetvli t0, %[n], e64, m1, ta, ma\n\t" pre CHAIN \
                             : "+f"(*s) : [n] "r"(avl), [f] "f"(fd) : "t0", "memory"); \
        else \
            __asm__ volatile("vsetvli t0, %[n], e32, m1, ta, ma\n\t" pre CHAIN \
                             : "+f"(*s) : [n] "r"(avl), [f] "f"(ff) : "t0", "memory"); \
    }
RUN(vec_only, "")
RUN(after_scalar, "fmul.d %0, %0, %[f]\n\t")

typedef void Fn(int sew, long avl, double fd, float ff, double *s);

int main(void)
{
    vt_init();
    static const struct { const char *name; Fn *fn; } chains[] = {
        { "vec", vec_only }, { "scalar+vec", after_scalar } };
    for (size_t c = 0; c < 2; c++)
        for (int sew = 32; sew <= 64; sew += 32)
            for (int a = 0; a < 2; a++)
                for (unsigned long frm = 0; frm < 5; frm++)
                    for (unsigned long nx = 0; nx < 2; nx++) {
                        long avl = a ? 3 : -1;   /* -1: VLMAX */
                        double s = 1.0 / 7.0;
                        unsigned long fl;
                        uint64_t sb;
                        fill(sew);
                        __asm__ volatile("fscsr %0" :: "r"(frm << 5 | nx));
                        chains[c].fn(sew, avl, 0.1, 0.1f, &s);
                        __asm__ volatile("frflags %0\n\tfsrm zero" : "=r"(fl));
                        vt_save_regs(regs);
                        memcpy(&sb, &s, 8);
                        printf("%s e%d avl%ld frm%lu nx%lu: %02lx %016llx %016llx\n",
                               chains[c].name, sew, avl, frm, nx, fl,
                               (unsigned long long)vt_hash(regs + 8 * vt_vlenb(),
                                                           24 * vt_vlenb()),
                               (unsigned long long)sb);
                    }
    return 0;
}
