/* vtest: vlen=128,256,1024
 * Every vector load/store class at several SEW/LMUL/vl, masked and unmasked, with non-zero
 * offsets, strides (positive, negative, zero) and random indices: unit-stride, strided,
 * indexed ordered/unordered, their segment forms, whole-register (1/2/4/8 registers, every
 * EEW), vlm.v/vsm.v. Each case prints "name vtype vl offset stride hash", the hash of the
 * destination registers (loads) or of the memory buffer (stores), the register file coming from a fixed random fill (v0: the mask);
 * VT_FULL=1 in the environment prints the bytes instead. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vtest.h"

#define BUF 16384
static uint8_t mem[BUF] __attribute__((aligned(64)));
static uint8_t idxbuf[8 * 128] __attribute__((aligned(64)));
static uint8_t regs[32 * 128] __attribute__((aligned(64)));
static int full;

typedef void Fn(void *p, long s);

static uint64_t hash(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static uint64_t setvl(uint64_t avl, uint64_t vtype)
{
    uint64_t vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(avl), "r"(vtype));
    return vl;
}

/* Registers v8.. (nregs of them) after the load, or the buffer after the store. */
static void run(const char *name, Fn *fn, uint64_t vtype, uint64_t avl, long off, long stride,
                bool store, int nregs, unsigned seed)
{
    vt_fill_mem(mem, BUF, seed);
    vt_load_regs(regs);   /* the same register file for every case of a seed */
    uint64_t vl = setvl(avl, vtype);
    fn(mem + BUF / 2 + off, stride);
    unsigned vlenb = vt_vlenb();
    uint8_t out[32 * 128];
    vt_save_regs(out);
    uint64_t h = store ? hash(mem, BUF) : hash(out + 8 * vlenb, (size_t)nregs * vlenb);
    printf("%s %llx %llu %ld %ld %08x\n", name, (unsigned long long)vtype,
           (unsigned long long)vl, off, stride, (unsigned)(h ^ h >> 32));
    if (full) {
        if (store)
            vt_dump_mem("  mem", mem + BUF / 2 - 1024, 2048);
        else
            vt_dump_regs("  ", 8, nregs);
    }
}

/* wrappers: p in a0, stride in a1; indices in v16 */
#define L(nm, text) \
    static void nm(void *p, long s) { \
        register void *a0 __asm__("a0") = p; register long a1 __asm__("a1") = s; \
        __asm__ volatile(text : : "r"(a0), "r"(a1) : "memory"); }
#define LM(nm, text) L(nm, text) L(nm##_m, text ", v0.t")
#define EEWS(X) X(8) X(16) X(32) X(64)
#define UNIT(e) LM(vle##e, "vle" #e ".v v8, (a0)") LM(vse##e, "vse" #e ".v v8, (a0)") \
    LM(vlse##e, "vlse" #e ".v v8, (a0), a1") LM(vsse##e, "vsse" #e ".v v8, (a0), a1") \
    LM(vluxei##e, "vluxei" #e ".v v8, (a0), v16") LM(vloxei##e, "vloxei" #e ".v v8, (a0), v16") \
    LM(vsuxei##e, "vsuxei" #e ".v v8, (a0), v16") LM(vsoxei##e, "vsoxei" #e ".v v8, (a0), v16") \
    LM(vle##e##ff, "vle" #e "ff.v v8, (a0)") \
    LM(vlseg2e##e, "vlseg2e" #e ".v v8, (a0)") LM(vlseg3e##e, "vlseg3e" #e ".v v8, (a0)") \
    LM(vlseg8e##e, "vlseg8e" #e ".v v8, (a0)") LM(vsseg4e##e, "vsseg4e" #e ".v v8, (a0)") \
    LM(vlsseg2e##e, "vlsseg2e" #e ".v v8, (a0), a1") LM(vssseg3e##e, "vssseg3e" #e ".v v8, (a0), a1") \
    LM(vluxseg2ei##e, "vluxseg2ei" #e ".v v8, (a0), v16") \
    LM(vsoxseg2ei##e, "vsoxseg2ei" #e ".v v8, (a0), v16") \
    L(vl1re##e, "vl1re" #e ".v v8, (a0)") L(vl2re##e, "vl2re" #e ".v v8, (a0)") \
    L(vl4re##e, "vl4re" #e ".v v8, (a0)") L(vl8re##e, "vl8re" #e ".v v8, (a0)")
EEWS(UNIT)
L(vs1r, "vs1r.v v8, (a0)") L(vs2r, "vs2r.v v8, (a0)") L(vs4r, "vs4r.v v8, (a0)")
L(vs8r, "vs8r.v v8, (a0)") L(vlm, "vlm.v v8, (a0)") L(vsm, "vsm.v v8, (a0)")

/* random byte offsets below 2048 as index elements of width 1 << eew (eew 0: below 256) */
static void set_indices(unsigned eew, unsigned seed)
{
    unsigned vlenb = vt_vlenb();
    srand(seed);
    for (unsigned i = 0; i < 8 * vlenb >> eew; i++) {
        uint64_t v = eew == 0 ? (unsigned)rand() % 250 : (unsigned)rand() % 2040;
        memcpy(idxbuf + (i << eew), &v, 1u << eew);
    }
    vt_fill_regs(0);
    vt_save_regs(regs);
    memcpy(regs + 16 * vlenb, idxbuf, 8 * vlenb);
}

typedef struct Case { const char *name; Fn *fn, *fn_m; int eew; int kind; int nf; bool store; } Case;
enum { K_UNIT, K_STRIDED, K_INDEXED, K_WHOLE };
#define C(e) \
    { "vle" #e, vle##e, vle##e##_m, e, K_UNIT, 1, 0 }, { "vse" #e, vse##e, vse##e##_m, e, K_UNIT, 1, 1 }, \
    { "vle" #e "ff", vle##e##ff, vle##e##ff_m, e, K_UNIT, 1, 0 }, \
    { "vlse" #e, vlse##e, vlse##e##_m, e, K_STRIDED, 1, 0 }, { "vsse" #e, vsse##e, vsse##e##_m, e, K_STRIDED, 1, 1 }, \
    { "vluxei" #e, vluxei##e, vluxei##e##_m, e, K_INDEXED, 1, 0 }, \
    { "vloxei" #e, vloxei##e, vloxei##e##_m, e, K_INDEXED, 1, 0 }, \
    { "vsuxei" #e, vsuxei##e, vsuxei##e##_m, e, K_INDEXED, 1, 1 }, \
    { "vsoxei" #e, vsoxei##e, vsoxei##e##_m, e, K_INDEXED, 1, 1 }, \
    { "vlseg2e" #e, vlseg2e##e, vlseg2e##e##_m, e, K_UNIT, 2, 0 }, \
    { "vlseg3e" #e, vlseg3e##e, vlseg3e##e##_m, e, K_UNIT, 3, 0 }, \
    { "vlseg8e" #e, vlseg8e##e, vlseg8e##e##_m, e, K_UNIT, 8, 0 }, \
    { "vsseg4e" #e, vsseg4e##e, vsseg4e##e##_m, e, K_UNIT, 4, 1 }, \
    { "vlsseg2e" #e, vlsseg2e##e, vlsseg2e##e##_m, e, K_STRIDED, 2, 0 }, \
    { "vssseg3e" #e, vssseg3e##e, vssseg3e##e##_m, e, K_STRIDED, 3, 1 }, \
    { "vluxseg2ei" #e, vluxseg2ei##e, vluxseg2ei##e##_m, e, K_INDEXED, 2, 0 }, \
    { "vsoxseg2ei" #e, vsoxseg2ei##e, vsoxseg2ei##e##_m, e, K_INDEXED, 2, 1 }, \
    { "vl1re" #e, vl1re##e, NULL, e, K_WHOLE, 1, 0 }, { "vl2re" #e, vl2re##e, NULL, e, K_WHOLE, 2, 0 }, \
    { "vl4re" #e, vl4re##e, NULL, e, K_WHOLE, 4, 0 }, { "vl8re" #e, vl8re##e, NULL, e, K_WHOLE, 8, 0 },
static const Case cases[] = {
    C(8) C(16) C(32) C(64)
    { "vs1r", vs1r, NULL, 8, K_WHOLE, 1, 1 }, { "vs2r", vs2r, NULL, 8, K_WHOLE, 2, 1 },
    { "vs4r", vs4r, NULL, 8, K_WHOLE, 4, 1 }, { "vs8r", vs8r, NULL, 8, K_WHOLE, 8, 1 },
};

int main(void)
{
    full = getenv("VT_FULL") != NULL;
    vt_init();
    /* SEW x LMUL combinations: (vsew, vlmul) */
    static const unsigned vtypes[][2] = { { 0, 0 }, { 1, 1 }, { 2, 7 }, { 3, 0 }, { 2, 2 },
                                          { 0, 6 }, { 3, 3 } };
    static const uint64_t avls[] = { 1, 5, 1000 };
    static const long offs[] = { 0, 3 };
    static const long strides[] = { 24, -40, 0 };
    unsigned seed = 1;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const Case *k = &cases[c];
        unsigned eew = (unsigned)__builtin_ctz((unsigned)k->eew / 8);
        set_indices(eew, (unsigned)c);
        if (k->kind == K_WHOLE) {
            run(k->name, k->fn, 0xd0, 3, 5, 0, k->store, k->nf, seed++);
            run(k->name, k->fn, 0x80000000ull << 32, 0, 0, 0, k->store, k->nf, seed++); /* vill */
            continue;
        }
        for (size_t t = 0; t < sizeof vtypes / sizeof vtypes[0]; t++) {
            uint64_t vtype = vtypes[t][0] << 3 | vtypes[t][1];
            int sew = (int)vtypes[t][0], lmul = vtypes[t][1] < 4 ? (int)vtypes[t][1] : (int)vtypes[t][1] - 8;
            int demul = k->kind == K_INDEXED ? lmul : (int)eew - sew + lmul;
            int iemul = (int)eew - sew + lmul;
            int regs_per = demul > 0 ? 1 << demul : 1;
            if (iemul < -3 || iemul > 3 || k->nf * regs_per > 8)
                continue;   /* reserved: the illegal-instruction tests cover those */
            for (size_t a = 0; a < sizeof avls / sizeof avls[0]; a++)
                for (int m = 0; m < 2; m++) {
                    long off = offs[(a + (size_t)m) % 2];
                    long s = k->kind == K_STRIDED ? strides[(a + t) % 3] : 0;
                    run(k->name, m ? k->fn_m : k->fn, vtype | 0xc0, avls[a], off, s, k->store,
                        k->nf * regs_per, seed++);
                }
        }
    }
    /* vlm.v / vsm.v: ceil(vl / 8) bytes whatever SEW and LMUL are */
    for (size_t t = 0; t < sizeof vtypes / sizeof vtypes[0]; t++)
        for (size_t a = 0; a < sizeof avls / sizeof avls[0]; a++) {
            uint64_t vtype = (vtypes[t][0] << 3 | vtypes[t][1]) | 0xc0;
            run("vlm", vlm, vtype, avls[a], (long)a, 0, false, 1, seed++);
            run("vsm", vsm, vtype, avls[a], (long)a, 0, true, 1, seed++);
        }
    return 0;
}
