/* vtest: vlen=128,256,1024
 * Chains of vslide1down.vx/vslidedown.vi inside one register (aes's way to build a block from
 * bytes), in place and not, after a narrow load.
 * vmerge.vvm/vxm/vim (inline up to 64 bytes: b blended with a under v0; vd = a source too).
 * vid.v (inline as constants: any SEW, bodies up to 64 bytes; larger ones through the IR's C),
 * alone and as gcc-14's gather index (vid, vsll, vadd, vmsgtu, masked vrgather).
 * Byte gathers (vrgather.vv at SEW 8) and zero extensions (vzext.vf2/vf4/vf8) whose sources were
 * written just before by a narrow access or op of the same block (a unit-stride load of the
 * group's few bytes, an element-wise op), as gcc-14's byte-order code does (sha256, aes): the
 * back end then reads only the source bytes that matter, from the vector cache or as a narrow
 * load. SEW 8..64, LMUL mf8..m1 (VLMAX 2..16 at VLEN 128), masked and unmasked, vl = VLMAX,
 * vl < VLMAX (helper) and vl known (vsetivli 3). Each case prints "name sew lmul avl vl hash"
 * (hash of v0..v31 and of the memory the case stores to). run.sh also runs it with
 * QELT_VINLINE=0; expected output is qemu-riscv64 7.2's.
 */
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));
static uint8_t mem[1024] __attribute__((aligned(64)));

typedef long Fn(long avl, void *p);
#define GATHER "vle8.v v16, (%[p])\n\tvle8.v v24, 0(%[q])\n\tvand.vi v24, v24, 7\n\t" \
    "vrgather.vv v8, v16, v24\n\tvrgather.vv v9, v16, v24, v0.t\n\tvadd.vi v10, v16, 3\n\t" \
    "vrgather.vv v11, v10, v24\n\tvrgather.vv v12, v10, v24, v0.t\n\tvse8.v v12, (%[st])"
#define GATHER_IN "vle8.v v16, (%[p])\n\tvle8.v v24, (%[q])\n\tvand.vi v24, v24, 3\n\t" \
    "vrgather.vv v8, v16, v24\n\tvrgather.vv v16, v8, v24, v0.t\n\tvrgather.vv v9, v16, v8"
#define ZEXT2 "vle8.v v16, (%[p])\n\tvzext.vf2 v8, v16\n\tvzext.vf2 v9, v16, v0.t\n\t" \
    "vadd.vi v8, v8, 1\n\tvse8.v v16, (%[st])"
#define ZEXT4 "vle8.v v16, (%[p])\n\tvzext.vf4 v8, v16\n\tvzext.vf4 v9, v16, v0.t\n\t" \
    "vle16.v v17, (%[q])\n\tvzext.vf2 v10, v17"
#define VID "vid.v v8\n\tvadd.vi v16, v8, 1\n\tvsll.vi v24, v8, 2\n\tvse8.v v0, (%[st])"
#define VIDG "vid.v v1\n\tvsll.vi v1, v1, 1\n\tvle8.v v16, (%[p])\n\tvrgather.vv v8, v16, v1\n\t" \
    "vadd.vi v2, v1, 1\n\tvmsgtu.vi v0, v1, 3\n\tvrgather.vv v9, v16, v2, v0.t"
#define MERGE "vmerge.vim v8, v16, -3, v0\n\tvadd.vv v24, v24, v8\n\tvmerge.vvm v8, v16, v24, v0\n\t" \
    "vmerge.vvm v16, v16, v8, v0\n\tvmerge.vxm v24, v24, %[p], v0"
#define SLIDES "vle8.v v1, (%[p])\n\tvslide1down.vx v1, v1, %[p]\n\tvslide1down.vx v1, v1, %[q]\n\t" \
    "vslidedown.vi v2, v1, 1\n\tvslide1down.vx v3, v1, %[st]\n\tvslidedown.vi v1, v1, 2\n\t" \
    "vadd.vv v4, v1, v3\n\tvslide1down.vx v4, v4, %[p]"
#define ZEXT8 "vle8.v v16, (%[p])\n\tvzext.vf8 v8, v16\n\tvle32.v v17, (%[q])\n\tvzext.vf2 v9, v17"
#define F(name, text, s, l) \
    __attribute__((aligned(64))) static long name##_##s##l(long avl, void *p) \
    { long vl; __asm__ volatile("vsetvli %0, %[a], " #s "," #l ",ta,mu\n\t" text : "=&r"(vl) \
                                : [a] "r"(avl), [p] "r"(p), [q] "r"((char *)p + 256), \
                                  [st] "r"((char *)p + 512) : "memory"); return vl; } \
    __attribute__((aligned(64))) static long name##_##s##l##_i(long avl, void *p) \
    { long vl; (void)avl; \
      __asm__ volatile("vsetivli %0, 3, " #s "," #l ",ta,mu\n\t" text : "=&r"(vl) \
                       : [p] "r"(p), [q] "r"((char *)p + 256), [st] "r"((char *)p + 512) \
                       : "memory"); return vl; }
F(gather, GATHER, e8, mf8) F(gather, GATHER, e8, mf4) F(gather, GATHER, e8, mf2)
F(gather, GATHER, e8, m1) F(gather_in, GATHER_IN, e8, mf4) F(gather_in, GATHER_IN, e8, m1)
F(zext2, ZEXT2, e16, mf4) F(zext2, ZEXT2, e16, mf2) F(zext2, ZEXT2, e16, m1)
F(zext2, ZEXT2, e32, mf2) F(zext2, ZEXT2, e64, m1) F(zext4, ZEXT4, e32, mf2)
F(zext4, ZEXT4, e32, m1) F(zext4, ZEXT4, e64, m1) F(zext8, ZEXT8, e64, m1)
F(vid, VID, e8, mf8) F(vid, VID, e8, m1) F(vid, VID, e8, m4) F(vid, VID, e16, m2)
F(vid, VID, e32, mf2) F(vid, VID, e32, m4) F(vid, VID, e64, m1) F(vid, VID, e64, m8)
F(vidg, VIDG, e8, mf4) F(vidg, VIDG, e8, mf2)
F(merge, MERGE, e8, mf8) F(merge, MERGE, e8, m1) F(merge, MERGE, e16, m2) F(merge, MERGE, e32, m4)
F(merge, MERGE, e64, m1) F(merge, MERGE, e64, m8)
F(slides, SLIDES, e8, m1) F(slides, SLIDES, e8, mf2) F(slides, SLIDES, e8, mf4)
F(slides, SLIDES, e16, mf2) F(slides, SLIDES, e32, m1) F(slides, SLIDES, e64, m1)

typedef struct Case { const char *name; int sew, lmul2; Fn *fn, *fni; } Case;
#define C(name, s, l, sew, l2) { #name, sew, l2, name##_##s##l, name##_##s##l##_i },
static const Case cases[] = {
    C(gather, e8, mf8, 8, -3) C(gather, e8, mf4, 8, -2) C(gather, e8, mf2, 8, -1)
    C(gather, e8, m1, 8, 0) C(gather_in, e8, mf4, 8, -2) C(gather_in, e8, m1, 8, 0)
    C(zext2, e16, mf4, 16, -2) C(zext2, e16, mf2, 16, -1) C(zext2, e16, m1, 16, 0)
    C(zext2, e32, mf2, 32, -1) C(zext2, e64, m1, 64, 0) C(zext4, e32, mf2, 32, -1)
    C(zext4, e32, m1, 32, 0) C(zext4, e64, m1, 64, 0) C(zext8, e64, m1, 64, 0)
    C(vid, e8, mf8, 8, -3) C(vid, e8, m1, 8, 0) C(vid, e8, m4, 8, 2) C(vid, e16, m2, 16, 1)
    C(vid, e32, mf2, 32, -1) C(vid, e32, m4, 32, 2) C(vid, e64, m1, 64, 0) C(vid, e64, m8, 64, 3)
    C(vidg, e8, mf4, 8, -2) C(vidg, e8, mf2, 8, -1)
    C(merge, e8, mf8, 8, -3) C(merge, e8, m1, 8, 0) C(merge, e16, m2, 16, 1)
    C(merge, e32, m4, 32, 2) C(merge, e64, m1, 64, 0) C(merge, e64, m8, 64, 3)
    C(slides, e8, m1, 8, 0) C(slides, e8, mf2, 8, -1) C(slides, e8, mf4, 8, -2)
    C(slides, e16, mf2, 16, -1) C(slides, e32, m1, 32, 0) C(slides, e64, m1, 64, 0)
};

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    unsigned vlenb = vt_vlenb();
    uint8_t out[32 * 128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        long vlmax = (long)(c->lmul2 >= 0 ? vlenb << c->lmul2 : vlenb >> -c->lmul2) / (c->sew / 8);
        for (int k = 0; k < 4; k++) {
            vt_fill_regs((uint32_t)(i * 4 + (size_t)k));
            vt_fill_mem(mem, sizeof mem, (uint32_t)(i * 4 + (size_t)k + 1000));
            long avl = k == 1 ? vlmax - 1 : k == 2 ? 1 : -1;
            if (k == 1 && avl < 1)
                avl = 1;
            long vl = k == 3 ? c->fni(0, mem) : c->fn(avl, mem);
            vt_save_regs(out);
            printf("%s e%d lmul%d avl%ld vl%ld %016llx %016llx\n", c->name, c->sew, c->lmul2,
                   k == 3 ? 3 : avl, vl, (unsigned long long)vt_hash(out, 32 * (size_t)vlenb),
                   (unsigned long long)vt_hash(mem + 512, 512));
        }
    }
    return 0;
}
