/* vtest: vlen=128,256
 * The inline FP ops' zero results (codegen-vfp.c: a product with a +-0 factor and a quotient
 * with a +-0 dividend are exact, inline; any other zero or subnormal result may underflow: the
 * helper): vfmul/vfdiv .vv/.vf and vfrdiv.vf at SEW 32/64 on lanes mixing +-0, subnormals,
 * underflowing products/quotients, x/0, 0/0, 0*inf and normal values, with fflags NX raised
 * first (the inline path's precondition) and clear; and the sign injections (vfsgnj/n/x, vfneg,
 * vfabs: inline bit operations) and vfcvt.f.x.v (its bits as integers) on the same data. Prints "op sew nx: fflags hash".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));

static const double dv[] = { 0.0, -0.0, 1.5, -3.0, 1e-300, -1e-300, 4.9e-324, 1e300,
                             0.0, 2.0, -0.0, 1e-170, 1.0 / 0.0, 7.0, 0.0, -1e-310 };
static const float fv[] = { 0.0f, -0.0f, 1.5f, -3.0f, 1e-30f, -1e-30f, 1.4e-45f, 1e30f,
                            0.0f, 2.0f, -0.0f, 1e-20f, 1.0f / 0.0f, 7.0f, 0.0f, -1e-40f };

/* v8 = op(v16, v24) or op(v16, f), vl = VLMAX, LMUL 1. */
#define OPS(X) \
    X(vfmul_vv, "vfmul.vv v8, v16, v24") X(vfmul_vf, "vfmul.vf v8, v16, %[f]") \
    X(vfdiv_vv, "vfdiv.vv v8, v16, v24") X(vfdiv_vf, "vfdiv.vf v8, v16, %[f]") \
    X(vfrdiv_vf, "vfrdiv.vf v8, v16, %[f]") \
    X(vfsgnj_vv, "vfsgnj.vv v8, v16, v24") X(vfneg_v, "vfsgnjn.vv v8, v16, v16") \
    X(vfsgnjn_vf, "vfsgnjn.vf v8, v16, %[f]") X(vfsgnjx_vv, "vfsgnjx.vv v8, v16, v24") \
    X(vfabs_v, "vfsgnjx.vv v8, v24, v24") X(vfcvt_f_x_v, "vfcvt.f.x.v v8, v16") \
    X(vfcvt_f_x_v2, "vfcvt.f.x.v v8, v8")

static void fill(int sew, int rot)
{
    unsigned vlenb = vt_vlenb();
    memset(regs, 0, sizeof regs);
    for (unsigned i = 0; i < vlenb * 8 / (unsigned)sew; i++) {
        unsigned k = (i + (unsigned)rot) % 16, m = (i * 7 + 3) % 16;
        if (sew == 64) {
            memcpy(regs + 16 * vlenb + i * 8, &dv[k], 8);
            memcpy(regs + 24 * vlenb + i * 8, &dv[m], 8);
        } else {
            memcpy(regs + 16 * vlenb + i * 4, &fv[k], 4);
            memcpy(regs + 24 * vlenb + i * 4, &fv[m], 4);
        }
    }
    vt_load_regs(regs);
}

#define RUN(name, text) \
    static void run_##name(int sew, double fd, float ff) \
    { \
        if (sew == 64) \
            __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\t" text \
                             :: [f] "f"(fd) : "t0", "memory"); \
        else \
            __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t" text \
                             :: [f] "f"(ff) : "t0", "memory"); \
    }
OPS(RUN)

typedef void Fn(int sew, double fd, float ff);
#define ENTRY(name, text) { #name, run_##name },
static const struct { const char *name; Fn *fn; } ops[] = { OPS(ENTRY) };

int main(void)
{
    vt_init();
    static const double fds[] = { 0.0, -0.0, 1e-300, 3.0 };
    static const float ffs[] = { 0.0f, -0.0f, 1e-30f, 3.0f };
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
        for (int sew = 32; sew <= 64; sew += 32)
            for (int nx = 0; nx < 2; nx++)
                for (int rot = 0; rot < 16; rot += 5)
                    for (int s = 0; s < 4; s++) {
                        fill(sew, rot);
                        unsigned long fl;
                        __asm__ volatile("csrw fflags, %0" :: "r"((unsigned long)nx));
                        /* twice: the second runs after the first's flags */
                        ops[o].fn(sew, fds[s], ffs[s]);
                        ops[o].fn(sew, fds[s], ffs[s]);
                        __asm__ volatile("csrr %0, fflags" : "=r"(fl));
                        vt_save_regs(regs);
                        printf("%s e%d nx%d r%d s%d: %02lx %016llx\n", ops[o].name, sew, nx,
                               rot, s, fl,
                               (unsigned long long)vt_hash(regs, 32 * vt_vlenb()));
                    }
    return 0;
}
