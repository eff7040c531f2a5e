/* vtest: vlen=128 cpu=zvfhmin=true qemu=no: qemu-riscv64 7.2 knows neither Zvfh nor Zvfhmin (it runs every SEW 16 FP instruction under plain V)
 * Zvfhmin without Zvfh: of the half-precision vector instructions only vfwcvt.f.f.v and
 * vfncvt.f.f.w exist (their results printed); every other FP instruction at SEW 16, and the
 * SEW 8 conversions to and from halves, raise illegal instruction. */
#include <stdint.h>
#include <stdio.h>
#include "vtest.h"
#include "vtry.h"

static const uint16_t in16[8] = { 0x3c00, 0x7c01, 0x0001, 0xfbff, 0x7e00, 0x8000, 0x3555, 0x7c00 };
static const uint32_t in32[8] = { 0x3f800000, 0x477fffff, 0x33000001, 0x7f800001,
                                  0x387fe000, 0xc7800000, 0x00000001, 0x3f801000 };

int main(void)
{
    vtry_init();
    vt_init();
    uint32_t w[8];
    uint16_t h[8];
    unsigned fl;
    __asm__ volatile("fsflags zero\n\t"
                     "vsetivli zero, 8, e16, m1, ta, ma\n\t"
                     "vle16.v v16, (%1)\n\t"
                     "vfwcvt.f.f.v v8, v16\n\t"
                     "vsetivli zero, 8, e32, m2, ta, ma\n\t"
                     "vse32.v v8, (%0)"
                     : : "r"(w), "r"(in16) : "memory");
    __asm__ volatile("frflags %0" : "=r"(fl));
    printf("vfwcvt.f.f.v e16:");
    for (int i = 0; i < 8; i++)
        printf(" %08x", w[i]);
    printf(" fflags %x\n", fl);
    __asm__ volatile("fsflags zero\n\t"
                     "fsrmi 3\n\t"
                     "vsetivli zero, 8, e32, m2, ta, ma\n\t"
                     "vle32.v v16, (%1)\n\t"
                     "vsetivli zero, 8, e16, m1, ta, ma\n\t"
                     "vfncvt.f.f.w v8, v16\n\t"
                     "vse16.v v8, (%0)\n\t"
                     "fsrmi 0"
                     : : "r"(h), "r"(in32) : "memory");
    __asm__ volatile("frflags %0" : "=r"(fl));
    printf("vfncvt.f.f.w e16 rup:");
    for (int i = 0; i < 8; i++)
        printf(" %04x", h[i]);
    printf(" fflags %x\n", fl);
    __asm__ volatile("fmv.w.x fa0, zero");
    TRY("vfadd.vv e16", VSET("e16,m1,ta,ma"), "vfadd.vv v8, v16, v24");
    TRY("vfadd.vf e16", VSET("e16,m1,ta,ma"), "vfadd.vf v8, v16, fa0");
    TRY("vfwadd.vv e16", VSET("e16,m1,ta,ma"), "vfwadd.vv v8, v16, v24");
    TRY("vfncvt.rod.f.f.w e16", VSET("e16,m1,ta,ma"), "vfncvt.rod.f.f.w v8, v16");
    TRY("vfncvt.f.x.w e16", VSET("e16,m1,ta,ma"), "vfncvt.f.x.w v8, v16");
    TRY("vfwcvt.x.f.v e16", VSET("e16,m1,ta,ma"), "vfwcvt.x.f.v v8, v16");
    TRY("vfwcvt.f.x.v e8", VSET("e8,m1,ta,ma"), "vfwcvt.f.x.v v8, v16");
    TRY("vfncvt.x.f.w e8", VSET("e8,m1,ta,ma"), "vfncvt.x.f.w v8, v16");
    TRY("vfmv.f.s e16", VSET("e16,m1,ta,ma"), "vfmv.f.s fa1, v8");
    TRY("vfmv.v.f e16", VSET("e16,m1,ta,ma"), "vfmv.v.f v8, fa0");
    TRY("vfredosum e16", VSET("e16,m1,ta,ma"), "vfredosum.vs v8, v16, v24");
    TRY("vmfeq e16", VSET("e16,m1,ta,ma"), "vmfeq.vv v8, v16, v24");
    TRY("vfwcvt.f.f.v e32 (legal)", VSET("e32,m1,ta,ma"), "vfwcvt.f.f.v v8, v16");
    TRY("vfncvt.f.f.w e32 (legal)", VSET("e32,m1,ta,ma"), "vfncvt.f.f.w v8, v16");
    return 0;
}
