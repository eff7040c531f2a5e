/* vtest: vlen=128,256 cpu=zvbb=true,zvbc=true qemu=no: qemu-riscv64 7.2 has neither Zvbb nor Zvbc (checked against the C model below)
 * Zvbb/Zvkb and Zvbc element instructions at every legal SEW, LMUL 1/2, 1 and 2, vl = VLMAX
 * and 3, unmasked and masked: the register file after each is compared with a C model of the
 * instruction (masked-off and tail elements undisturbed). Prints one line per instruction,
 * SEW and LMUL: "ok" and a hash of the destination, or the number of wrong bytes. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"
#include "vcrypto-insn.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));
static uint8_t got[32 * 128] __attribute__((aligned(64)));
static uint8_t want[32 * 128] __attribute__((aligned(64)));
static int nbad;

typedef void Fn(uint64_t x);
/* a0 (x10) holds the scalar operand of the .vx forms */
#define OPS(X) \
    X(vandn_vv, VANDN_VV(8, 16, 24, 1), VANDN_VV(8, 16, 24, 0)) \
    X(vandn_vx, VANDN_VX(8, 16, 10, 1), VANDN_VX(8, 16, 10, 0)) \
    X(vbrev_v, VBREV_V(8, 16, 1), VBREV_V(8, 16, 0)) \
    X(vbrev8_v, VBREV8_V(8, 16, 1), VBREV8_V(8, 16, 0)) \
    X(vrev8_v, VREV8_V(8, 16, 1), VREV8_V(8, 16, 0)) \
    X(vclz_v, VCLZ_V(8, 16, 1), VCLZ_V(8, 16, 0)) \
    X(vctz_v, VCTZ_V(8, 16, 1), VCTZ_V(8, 16, 0)) \
    X(vcpop_v, VCPOP_V(8, 16, 1), VCPOP_V(8, 16, 0)) \
    X(vrol_vv, VROL_VV(8, 16, 24, 1), VROL_VV(8, 16, 24, 0)) \
    X(vrol_vx, VROL_VX(8, 16, 10, 1), VROL_VX(8, 16, 10, 0)) \
    X(vror_vv, VROR_VV(8, 16, 24, 1), VROR_VV(8, 16, 24, 0)) \
    X(vror_vx, VROR_VX(8, 16, 10, 1), VROR_VX(8, 16, 10, 0)) \
    X(vror_vi, VROR_VI(8, 16, 37, 1), VROR_VI(8, 16, 37, 0)) \
    X(vwsll_vv, VWSLL_VV(8, 16, 24, 1), VWSLL_VV(8, 16, 24, 0)) \
    X(vwsll_vx, VWSLL_VX(8, 16, 10, 1), VWSLL_VX(8, 16, 10, 0)) \
    X(vwsll_vi, VWSLL_VI(8, 16, 13, 1), VWSLL_VI(8, 16, 13, 0)) \
    X(vclmul_vv, VCLMUL_VV(8, 16, 24, 1), VCLMUL_VV(8, 16, 24, 0)) \
    X(vclmul_vx, VCLMUL_VX(8, 16, 10, 1), VCLMUL_VX(8, 16, 10, 0)) \
    X(vclmulh_vv, VCLMULH_VV(8, 16, 24, 1), VCLMULH_VV(8, 16, 24, 0)) \
    X(vclmulh_vx, VCLMULH_VX(8, 16, 10, 1), VCLMULH_VX(8, 16, 10, 0))

#define DEF(nm, u, m) \
    static void nm##_u(uint64_t x) { register uint64_t a0 __asm__("a0") = x; \
        __asm__ volatile(u :: "r"(a0) : "memory"); } \
    static void nm##_m(uint64_t x) { register uint64_t a0 __asm__("a0") = x; \
        __asm__ volatile(m :: "r"(a0) : "memory"); }
OPS(DEF)

typedef struct Op {
    const char *name;
    Fn *u, *m;
} Op;
static const Op ops[] = {
#define ROW(nm, u, m) { #nm, nm##_u, nm##_m },
    OPS(ROW)
};

static uint64_t rotl(uint64_t x, unsigned n, unsigned w)
{
    uint64_t m = w == 64 ? ~0ull : (1ull << w) - 1;
    n &= w - 1;
    return n ? ((x << n) | (x >> (w - n))) & m : x & m;
}

static uint64_t clmul_full(uint64_t a, uint64_t b, int high)
{
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 64; i++)
        if (b >> i & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    return high ? hi : lo;
}

/* The model: element result of op k (ops[] order) at width w; *wide set for vwsll. */
static uint64_t model(int k, uint64_t a, uint64_t b, unsigned w, int *wide)
{
    uint64_t m = w == 64 ? ~0ull : (1ull << w) - 1, r = 0;
    *wide = 0;
    switch (k) {
    case 0: case 1: return a & ~b & m;
    case 2: for (unsigned i = 0; i < w; i++) r |= (a >> i & 1) << (w - 1 - i); return r;
    case 3: for (unsigned i = 0; i < w; i++) r |= (a >> i & 1) << ((i & ~7u) | (7 - (i & 7))); return r;
    case 4: for (unsigned i = 0; i < w / 8; i++) r |= (a >> (8 * i) & 255) << (w - 8 - 8 * i); return r;
    case 5: { unsigned n = 0; while (n < w && !(a >> (w - 1 - n) & 1)) n++; return n; }
    case 6: { unsigned n = 0; while (n < w && !(a >> n & 1)) n++; return n; }
    case 7: return (uint64_t)__builtin_popcountll(a);
    case 8: case 9: return rotl(a, (unsigned)b, w);
    case 10: case 11: return rotl(a, w - ((unsigned)b & (w - 1)), w);
    case 12: return rotl(a, w - (37 & (w - 1)), w);
    case 13: case 14: *wide = 1; return a << (b & (2 * w - 1));
    case 15: *wide = 1; return a << 13;
    case 16: case 17: return clmul_full(a, b, 0);
    default: return clmul_full(a, b, 1);
    }
}

static uint64_t get(const uint8_t *img, int reg, unsigned i, unsigned bytes)
{
    uint64_t v = 0;
    memcpy(&v, img + reg * vt_vlenb() + i * bytes, bytes);
    return v;
}

static void run(int k, unsigned vsew, int lmul)
{
    unsigned bytes = 1u << vsew, w = 8 * bytes, vlenb = vt_vlenb();
    int is_clmul = k >= 16, is_wsll = k >= 13 && k <= 15;
    if ((is_clmul && w != 64) || (is_wsll && w == 64))
        return;
    uint64_t h = 1469598103934665603ull;
    int wrong = 0;
    for (int variant = 0; variant < 4; variant++) {
        vt_fill_mem(regs, 32 * vlenb, 1000u * vsew + 10u * (unsigned)(lmul + 4) + (unsigned)variant);
        uint64_t x = (uint64_t)variant * 0x9e3779b97f4a7c15ull + 13;
        for (int masked = 0; masked < 2; masked++) {
            uint64_t vl, vtype = vsew << 3 | (unsigned)(lmul & 7);
            vt_load_regs(regs);
            __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(variant == 2 ? 3ull : ~0ull), "r"(vtype));
            (masked ? ops[k].m : ops[k].u)(x);
            vt_save_regs(got);
            memcpy(want, regs, sizeof want);
            for (unsigned i = 0; i < vl; i++) {
                if (masked && !(regs[i / 8] >> (i % 8) & 1))
                    continue;
                uint64_t a = get(regs, 16, i, bytes);
                uint64_t b = (k == 1 || k == 9 || k == 11 || k == 14 || k == 17 || k == 19) ? x
                                                                                          : get(regs, 24, i, bytes);
                int wide;
                uint64_t r = model(k, a, b, w, &wide);
                unsigned ob = wide ? 2 * bytes : bytes;
                memcpy(want + 8 * vlenb + i * ob, &r, ob);
            }
            for (unsigned j = 0; j < 32 * vlenb; j++)
                wrong += got[j] != want[j];
            for (unsigned j = 8 * vlenb; j < 16 * vlenb; j++)
                h = (h ^ got[j]) * 1099511628211ull;
        }
    }
    nbad += wrong != 0;
    if (wrong)
        printf("%s e%u lmul%d: %d wrong bytes\n", ops[k].name, w, lmul, wrong);
    else
        printf("%s e%u lmul%d ok %016llx\n", ops[k].name, w, lmul, (unsigned long long)h);
}

int main(void)
{
    vt_init();
    static const int lmuls[] = { 0, 1, -1 };
    for (int k = 0; k < (int)(sizeof ops / sizeof ops[0]); k++)
        for (unsigned vsew = 0; vsew < 4; vsew++)
            for (int l = 0; l < 3; l++)
                if (!(lmuls[l] < 0 && vsew == 3))
                    run(k, vsew, lmuls[l]);
    printf("%s\n", nbad ? "FAILED" : "all ok");
    return nbad != 0;
}
