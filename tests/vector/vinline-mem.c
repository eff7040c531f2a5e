/* vtest: vlen=128,256,1024
 * Unit-stride vle/vse right after a vsetvli in the same block (vtype known to the translator:
 * the inline host-SIMD path of translate-vinline.c) at every SEW x LMUL x EEW with a legal EMUL,
 * with vl = VLMAX (inline) and a shorter vl (helper), vsetivli lengths whose bytes end in a
 * 4-byte chunk (e8m1/12, e8mf4/4, e16m1/6), at addresses inside one page, ending at a
 * page's last byte, and crossing into the next page (helper). Each case prints
 * "op sew lmul eew avl offset vl hash": the hash of v0..v31 after a load or of the buffer after
 * a store. tests/vector/run.sh also runs it with QELT_VINLINE=0 against the same output. */
#include <stdio.h>
#include <string.h>
#include "vtest.h"

#define BUF 16384
static uint8_t mem[BUF] __attribute__((aligned(4096)));
static uint8_t regs[32 * 128] __attribute__((aligned(64)));

static uint64_t hash(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

typedef long Fn(void *p, long avl);
#define F(op, s, l, e) \
    __attribute__((aligned(64))) static long op##_e##s##l##_##e(void *p, long avl) { long vl; \
        __asm__ volatile("vsetvli %0, %2, e" #s "," #l ",ta,ma\n\t" #op #e ".v v8, (%1)" \
                         : "=&r"(vl) : "r"(p), "r"(avl) : "memory"); return vl; }
#define EEWS(op, s, l) F(op, s, l, 8) F(op, s, l, 16) F(op, s, l, 32) F(op, s, l, 64)
#define LMULS(op, s) EEWS(op, s, mf8) EEWS(op, s, mf4) EEWS(op, s, mf2) EEWS(op, s, m1) \
    EEWS(op, s, m2) EEWS(op, s, m4) EEWS(op, s, m8)
#define SEWS(op) LMULS(op, 8) LMULS(op, 16) LMULS(op, 32) LMULS(op, 64)
SEWS(vle) SEWS(vse)
/* vsetivli: vl known to the translator (the inline op covers exactly vl elements) */
#define FI(op, s, l, avl) \
    __attribute__((aligned(64))) static long op##i_e##s##l##_##avl(void *p, long unused) { \
        long vl; (void)unused; \
        __asm__ volatile("vsetivli %0, " #avl ", e" #s "," #l ",ta,ma\n\t" #op #s ".v v8, (%1)" \
                         : "=&r"(vl) : "r"(p) : "memory"); return vl; }
#define FIS(op) FI(op, 8, m1, 3) FI(op, 8, m2, 24) FI(op, 16, m1, 4) FI(op, 16, m8, 31) \
    FI(op, 32, m1, 2) FI(op, 32, m2, 5) FI(op, 64, m1, 1) FI(op, 64, m8, 10) \
    FI(op, 8, mf4, 4) FI(op, 8, m1, 12) FI(op, 16, m1, 6)
FIS(vle) FIS(vse)
#define RI(op) { op##i_e8m1_3, op##i_e8m2_24, op##i_e16m1_4, op##i_e16m8_31, op##i_e32m1_2, \
    op##i_e32m2_5, op##i_e64m1_1, op##i_e64m8_10, op##i_e8mf4_4, op##i_e8m1_12, op##i_e16m1_6 }
static Fn *const ifns[2][11] = { RI(vle), RI(vse) };
static const char *const iname[11] = { "e8m1/3", "e8m2/24", "e16m1/4", "e16m8/31", "e32m1/2",
                                      "e32m2/5", "e64m1/1", "e64m8/10", "e8mf4/4",
                                       "e8m1/12", "e16m1/6" };
#define R(op, s, l) op##_e##s##l##_8, op##_e##s##l##_16, op##_e##s##l##_32, op##_e##s##l##_64,
#define RL(op, s) R(op, s, mf8) R(op, s, mf4) R(op, s, mf2) R(op, s, m1) R(op, s, m2) \
    R(op, s, m4) R(op, s, m8)
static Fn *const fns[2][4][7][4] = {
    { { RL(vle, 8) }, { RL(vle, 16) }, { RL(vle, 32) }, { RL(vle, 64) } },
    { { RL(vse, 8) }, { RL(vse, 16) }, { RL(vse, 32) }, { RL(vse, 64) } } };

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    unsigned vlenb = vt_vlenb();
    vt_fill_mem(regs, sizeof regs, 7);
    static const char *const ln[7] = { "mf8", "mf4", "mf2", "m1", "m2", "m4", "m8" };
    for (int st = 0; st < 2; st++)
    for (int s = 0; s < 4; s++)
    for (int l = 0; l < 7; l++)
    for (int e = 0; e < 4; e++) {
        int lmul = l - 3, emul = lmul + e - s;
        if (s > l || emul < -3 || emul > 3)     /* vill (SEW > ELEN*LMUL) or bad EMUL */
            continue;
        long vlmax = (long)(lmul >= 0 ? vlenb << lmul : vlenb >> -lmul) >> s;
        long bytes = vlmax << e;
        long offs[3] = { 8, 4096 - bytes, 4096 - bytes + 4 };   /* in, at the end, across */
        long avls[2] = { -1, vlmax > 1 ? vlmax - 1 : 1 };
        for (int o = 0; o < 3; o++)
        for (int a = 0; a < 2; a++) {
            vt_fill_mem(mem, BUF, (unsigned)(st * 1000 + s * 100 + l * 10 + e));
            vt_load_regs(regs);
            long vl = fns[st][s][l][e](mem + 4096 + offs[o], avls[a]);
            uint8_t out[32 * 128];
            vt_save_regs(out);
            uint64_t h = st ? hash(mem, BUF) : hash(out, 32 * (size_t)vlenb);
            printf("%s e%d %s eew%d avl%ld off%ld vl%ld %08x\n", st ? "vse" : "vle", 8 << s,
                   ln[l], 8 << e, avls[a], offs[o], vl, (unsigned)(h ^ h >> 32));
        }
    }
    for (int st = 0; st < 2; st++)
    for (int i = 0; i < 11; i++)
    for (int o = 0; o < 3; o++) {
        long offs[3] = { 8, 4096 - 248, 4096 - 4 };
        vt_fill_mem(mem, BUF, (unsigned)(st * 100 + i));
        vt_load_regs(regs);
        long vl = ifns[st][i](mem + 4096 + offs[o], 0);
        uint8_t out[32 * 128];
        vt_save_regs(out);
        uint64_t h = st ? hash(mem, BUF) : hash(out, 32 * (size_t)vlenb);
        printf("%si %s off%ld vl%ld %08x\n", st ? "vse" : "vle", iname[i], offs[o], vl,
               (unsigned)(h ^ h >> 32));
    }
    return 0;
}
