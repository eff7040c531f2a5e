/*
 * The vector floating-point test engine shared by tests/vector/vfp.c (SEW 32 and 64) and
 * vfp_half.c (SEW 16, Zvfh): every FP instruction, each run over a register file of edge
 * operands (signalling and quiet NaNs, infinities, zeros, subnormals, extremes, integers at the
 * conversion limits) mixed with random values, at several LMULs, with vl = VLMAX and a short
 * vl, unmasked and masked (v0 random), in each of the five rounding modes, with fflags clear or
 * NX already set. One output line per
 * (instruction, SEW, LMUL): a hash of the destination registers and fflags after every
 * variant (VT_FULL=1 prints each variant's registers instead). The including file defines
 * VFP_SEWS (a list of vsew values) before including this.
 * Register use: vd = v8 (v8..v15), vs2 = v16, vs1 = v24, fa0 the scalar, v0 the mask.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));
static uint8_t out[32 * 128] __attribute__((aligned(64)));
static int full;

typedef void Fn(uint64_t f);

/* Instructions: name, text without mask, whether a masked form exists. K_* say which
 * registers are read so the runner knows nothing more. */
#define VV(op) "vf" op ".vv v8, v16, v24"
#define ASM0(text) __asm__ volatile(text ::: "memory")
#define ASMF(text) __asm__ volatile("fmv.d.x fa0, %0\n\t" text :: "r"(f) : "fa0", "memory")

#define I_V(nm, text) \
    static void nm##_u(uint64_t f) { (void)f; ASM0(text); } \
    static void nm##_m(uint64_t f) { (void)f; ASM0(text ", v0.t"); }
/* Static rounding (rtz, rod): qemu-riscv64 7.2 aborts translating one (two frm changes in one
 * instruction trip decode_save_opc's assertion) unless a vector FP instruction earlier in the
 * block already switched to the dynamic mode: vfsgnj.vv v8, v8, v8 (no flags, no change). */
#define PRE_DYN "vfsgnj.vv v8, v8, v8\n\t"
#define I_VS(nm, text) \
    static void nm##_u(uint64_t f) { (void)f; ASM0(PRE_DYN text); } \
    static void nm##_m(uint64_t f) { (void)f; ASM0(PRE_DYN text ", v0.t"); }
/* At SEW 8 only the conversions are legal: an exact one into v24.. (not hashed) instead. */
#define PRE_DYN8 "vfwcvt.f.x.v v24, v28\n\t"
#define I_VS8(nm, text) I_VS(nm, text) \
    static void nm##_u8(uint64_t f) { (void)f; ASM0(PRE_DYN8 text); } \
    static void nm##_m8(uint64_t f) { (void)f; ASM0(PRE_DYN8 text ", v0.t"); }
#define I_F(nm, text) \
    static void nm##_u(uint64_t f) { ASMF(text); } \
    static void nm##_m(uint64_t f) { ASMF(text ", v0.t"); }
#define I_FN(nm, text) \
    static void nm##_u(uint64_t f) { ASMF(text); }

/* The cases: X(name, kind, asm text); kinds: V (vector operands only), F (fa0 too); W as
 * widening (vd EEW 2*SEW), N narrowing, M mask destination, R reduction, S scalar moves. */
#define VFP_CASES(X) \
    X(vfadd_vv, V, , "vfadd.vv v8, v16, v24") X(vfadd_vf, F, , "vfadd.vf v8, v16, fa0") \
    X(vfsub_vv, V, , "vfsub.vv v8, v16, v24") X(vfsub_vf, F, , "vfsub.vf v8, v16, fa0") \
    X(vfrsub_vf, F, , "vfrsub.vf v8, v16, fa0") \
    X(vfmul_vv, V, , "vfmul.vv v8, v16, v24") X(vfmul_vf, F, , "vfmul.vf v8, v16, fa0") \
    X(vfdiv_vv, V, , "vfdiv.vv v8, v16, v24") X(vfdiv_vf, F, , "vfdiv.vf v8, v16, fa0") \
    X(vfrdiv_vf, F, , "vfrdiv.vf v8, v16, fa0") \
    X(vfmin_vv, V, , "vfmin.vv v8, v16, v24") X(vfmin_vf, F, , "vfmin.vf v8, v16, fa0") \
    X(vfmax_vv, V, , "vfmax.vv v8, v16, v24") X(vfmax_vf, F, , "vfmax.vf v8, v16, fa0") \
    X(vfsgnj_vv, V, , "vfsgnj.vv v8, v16, v24") X(vfsgnj_vf, F, , "vfsgnj.vf v8, v16, fa0") \
    X(vfsgnjn_vv, V, , "vfsgnjn.vv v8, v16, v24") X(vfsgnjn_vf, F, , "vfsgnjn.vf v8, v16, fa0") \
    X(vfsgnjx_vv, V, , "vfsgnjx.vv v8, v16, v24") X(vfsgnjx_vf, F, , "vfsgnjx.vf v8, v16, fa0") \
    X(vfmacc_vv, V, , "vfmacc.vv v8, v24, v16") X(vfmacc_vf, F, , "vfmacc.vf v8, fa0, v16") \
    X(vfnmacc_vv, V, , "vfnmacc.vv v8, v24, v16") X(vfnmacc_vf, F, , "vfnmacc.vf v8, fa0, v16") \
    X(vfmsac_vv, V, , "vfmsac.vv v8, v24, v16") X(vfmsac_vf, F, , "vfmsac.vf v8, fa0, v16") \
    X(vfnmsac_vv, V, , "vfnmsac.vv v8, v24, v16") X(vfnmsac_vf, F, , "vfnmsac.vf v8, fa0, v16") \
    X(vfmadd_vv, V, , "vfmadd.vv v8, v24, v16") X(vfmadd_vf, F, , "vfmadd.vf v8, fa0, v16") \
    X(vfnmadd_vv, V, , "vfnmadd.vv v8, v24, v16") X(vfnmadd_vf, F, , "vfnmadd.vf v8, fa0, v16") \
    X(vfmsub_vv, V, , "vfmsub.vv v8, v24, v16") X(vfmsub_vf, F, , "vfmsub.vf v8, fa0, v16") \
    X(vfnmsub_vv, V, , "vfnmsub.vv v8, v24, v16") X(vfnmsub_vf, F, , "vfnmsub.vf v8, fa0, v16") \
    X(vfwadd_vv, V, W, "vfwadd.vv v8, v16, v24") X(vfwadd_vf, F, W, "vfwadd.vf v8, v16, fa0") \
    X(vfwadd_wv, V, WW, "vfwadd.wv v8, v16, v24") X(vfwadd_wf, F, WW, "vfwadd.wf v8, v16, fa0") \
    X(vfwsub_vv, V, W, "vfwsub.vv v8, v16, v24") X(vfwsub_vf, F, W, "vfwsub.vf v8, v16, fa0") \
    X(vfwsub_wv, V, WW, "vfwsub.wv v8, v16, v24") X(vfwsub_wf, F, WW, "vfwsub.wf v8, v16, fa0") \
    X(vfwmul_vv, V, W, "vfwmul.vv v8, v16, v24") X(vfwmul_vf, F, W, "vfwmul.vf v8, v16, fa0") \
    X(vfwmacc_vv, V, W, "vfwmacc.vv v8, v24, v16") X(vfwmacc_vf, F, W, "vfwmacc.vf v8, fa0, v16") \
    X(vfwnmacc_vv, V, W, "vfwnmacc.vv v8, v24, v16") X(vfwnmacc_vf, F, W, "vfwnmacc.vf v8, fa0, v16") \
    X(vfwmsac_vv, V, W, "vfwmsac.vv v8, v24, v16") X(vfwmsac_vf, F, W, "vfwmsac.vf v8, fa0, v16") \
    X(vfwnmsac_vv, V, W, "vfwnmsac.vv v8, v24, v16") X(vfwnmsac_vf, F, W, "vfwnmsac.vf v8, fa0, v16") \
    X(vfsqrt_v, V, , "vfsqrt.v v8, v16") X(vfrsqrt7_v, V, , "vfrsqrt7.v v8, v16") \
    X(vfrec7_v, V, , "vfrec7.v v8, v16") X(vfclass_v, V, , "vfclass.v v8, v16") \
    X(vmfeq_vv, V, M, "vmfeq.vv v8, v16, v24") X(vmfeq_vf, F, M, "vmfeq.vf v8, v16, fa0") \
    X(vmfne_vv, V, M, "vmfne.vv v8, v16, v24") X(vmfne_vf, F, M, "vmfne.vf v8, v16, fa0") \
    X(vmflt_vv, V, M, "vmflt.vv v8, v16, v24") X(vmflt_vf, F, M, "vmflt.vf v8, v16, fa0") \
    X(vmfle_vv, V, M, "vmfle.vv v8, v16, v24") X(vmfle_vf, F, M, "vmfle.vf v8, v16, fa0") \
    X(vmfgt_vf, F, M, "vmfgt.vf v8, v16, fa0") X(vmfge_vf, F, M, "vmfge.vf v8, v16, fa0") \
    X(vfslide1up_vf, F, , "vfslide1up.vf v8, v16, fa0") \
    X(vfslide1down_vf, F, , "vfslide1down.vf v8, v16, fa0") \
    X(vfcvt_xu_f_v, V, , "vfcvt.xu.f.v v8, v16") X(vfcvt_x_f_v, V, , "vfcvt.x.f.v v8, v16") \
    X(vfcvt_rtz_xu_f_v, VS, , "vfcvt.rtz.xu.f.v v8, v16") \
    X(vfcvt_rtz_x_f_v, VS, , "vfcvt.rtz.x.f.v v8, v16") \
    X(vfcvt_f_xu_v, V, , "vfcvt.f.xu.v v8, v16") X(vfcvt_f_x_v, V, , "vfcvt.f.x.v v8, v16") \
    X(vfwcvt_xu_f_v, V, W, "vfwcvt.xu.f.v v8, v16") X(vfwcvt_x_f_v, V, W, "vfwcvt.x.f.v v8, v16") \
    X(vfwcvt_rtz_xu_f_v, VS, W, "vfwcvt.rtz.xu.f.v v8, v16") \
    X(vfwcvt_rtz_x_f_v, VS, W, "vfwcvt.rtz.x.f.v v8, v16") \
    X(vfwcvt_f_xu_v, V, WI, "vfwcvt.f.xu.v v8, v16") X(vfwcvt_f_x_v, V, WI, "vfwcvt.f.x.v v8, v16") \
    X(vfwcvt_f_f_v, V, W, "vfwcvt.f.f.v v8, v16") \
    X(vfncvt_xu_f_w, V, NI, "vfncvt.xu.f.w v8, v16") X(vfncvt_x_f_w, V, NI, "vfncvt.x.f.w v8, v16") \
    X(vfncvt_rtz_xu_f_w, VS8, NI, "vfncvt.rtz.xu.f.w v8, v16") \
    X(vfncvt_rtz_x_f_w, VS8, NI, "vfncvt.rtz.x.f.w v8, v16") \
    X(vfncvt_f_xu_w, V, N, "vfncvt.f.xu.w v8, v16") X(vfncvt_f_x_w, V, N, "vfncvt.f.x.w v8, v16") \
    X(vfncvt_f_f_w, V, N, "vfncvt.f.f.w v8, v16") \
    X(vfncvt_rod_f_f_w, VS, N, "vfncvt.rod.f.f.w v8, v16") \
    X(vfredusum_vs, V, R, "vfredusum.vs v8, v16, v24") X(vfredosum_vs, V, R, "vfredosum.vs v8, v16, v24") \
    X(vfredmin_vs, V, R, "vfredmin.vs v8, v16, v24") X(vfredmax_vs, V, R, "vfredmax.vs v8, v16, v24") \
    X(vfwredusum_vs, V, WR, "vfwredusum.vs v8, v16, v24") \
    X(vfwredosum_vs, V, WR, "vfwredosum.vs v8, v16, v24")

/* Unmaskable forms (the runner gives them no masked variant). */
#define VFP_CASES_NOMASK(X) \
    X(vfmerge_vfm, "vfmerge.vfm v8, v16, fa0, v0") X(vfmv_v_f, "vfmv.v.f v8, fa0") \
    X(vfmv_s_f, "vfmv.s.f v8, fa0")

#define DEF_CASE(nm, k, w, text) I_##k(nm, text)
VFP_CASES(DEF_CASE)
#define DEF_NOMASK(nm, text) I_FN(nm, text)
VFP_CASES_NOMASK(DEF_NOMASK)

enum { K_PLAIN, K_W, K_WW, K_WI, K_N, K_NI, K_M, K_R, K_WR };
#define KIND_ 0
#define KIND_W 1
#define KIND_WW 2
#define KIND_WI 3
#define KIND_N 4
#define KIND_NI 5
#define KIND_M 6
#define KIND_R 7
#define KIND_WR 8

typedef struct Case {
    const char *name;
    Fn *u, *m;
    int kind;
    Fn *u8, *m8;     /* the forms to run at SEW 8, when not u and m */
} Case;
#define FN8_V(nm) NULL, NULL
#define FN8_F(nm) NULL, NULL
#define FN8_VS(nm) NULL, NULL
#define FN8_VS8(nm) nm##_u8, nm##_m8
static const Case cases[] = {
#define CASE_ROW(nm, k, w, text) { #nm, nm##_u, nm##_m, KIND_##w, FN8_##k(nm) },
    VFP_CASES(CASE_ROW)
#define CASE_NOMASK(nm, text) { #nm, nm##_u, NULL, 0, NULL, NULL },
    VFP_CASES_NOMASK(CASE_NOMASK)
};

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Edge values by element width. */
static const uint16_t edge16[] = {
    0x0000, 0x8000, 0x3c00, 0xbc00, 0x3800, 0x3e00, 0xc180, 0x7bff, 0xfbff, 0x0400, 0x8400,
    0x0001, 0x03ff, 0x8010, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0xfe01, 0x3555, 0x4248, 0x7800,
    0x5bf8, 0xd3ff, 0x57ff, 0x7a00, 0x0200,
};
static const uint32_t edge32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0x3fc00000, 0xc0300000,
    0x7f7fffff, 0xff7fffff, 0x00800000, 0x80800000, 0x00000001, 0x007fffff, 0x80000010,
    0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc00001, 0x3eaaaaab, 0x40490fdb,
    0x4f000000, 0xcf000000, 0x4f800000, 0x477fff80, 0x5f000000, 0xdf000000, 0x46fffe00,
    0x7e800000, 0x00400000, 0x0000ffff, 0x33800000,
};
static const uint64_t edge64[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3fe0000000000000ull, 0x3ff8000000000000ull, 0xc006000000000000ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull, 1, 0x000fffffffffffffull,
    0x8000000000000100ull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff0000000000001ull, 0xfff8000000000001ull, 0x3fd5555555555555ull, 0x400921fb54442d18ull,
    0x41e0000000000000ull, 0xc1e0000000000000ull, 0x41f0000000000000ull, 0x43e0000000000000ull,
    0xc3e0000000000000ull, 0x43f0000000000000ull, 0x47efffffe0000000ull, 0x36a0000000000000ull,
    0x3810000000000000ull, 0x380fffffffffffffull, 0x3ff0000000000001ull, 0x47effffff0000000ull,
};

/* One random element of `bytes` width: an edge value, a value of moderate exponent, or any
 * bits (also what integer sources see). */
static uint64_t elem(unsigned bytes)
{
    uint32_t r = rnd() % 8;
    uint64_t bits = (uint64_t)rnd() << 32 | rnd();
    if (r < 3) {
        switch (bytes) {
        case 2: return edge16[rnd() % (sizeof edge16 / sizeof edge16[0])];
        case 4: return edge32[rnd() % (sizeof edge32 / sizeof edge32[0])];
        default: return edge64[rnd() % (sizeof edge64 / sizeof edge64[0])];
        }
    }
    if (r < 6) {   /* exponent near 0: products and sums round, no overflow */
        switch (bytes) {
        case 2: return (bits & 0x83ff) | (uint64_t)(12 + rnd() % 8) << 10;
        case 4: return (bits & 0x807fffff) | (uint64_t)(120 + rnd() % 16) << 23;
        default: return (bits & 0x800fffffffffffffull) | (uint64_t)(1016 + rnd() % 16) << 52;
        }
    }
    return bits;
}

/* The register file of a seed: v0 random mask bits, v8.. old destination values, v16..
 * and v24.. operands of `bytes` width (the wide groups hold 2*bytes values: every register
 * gets both widths' edge values mixed). */
static void fill(unsigned bytes)
{
    unsigned vlenb = vt_vlenb();
    vt_fill_mem(regs, 32 * vlenb, rnd());
    for (unsigned r = 8; r < 32; r++) {
        unsigned b = (r & 1) ? 2 * bytes : bytes;   /* odd registers: the wide width */
        if (b > 8)
            b = 8;
        for (unsigned i = 0; i < vlenb / b; i++) {
            uint64_t v = elem(b);
            memcpy(regs + r * vlenb + i * b, &v, b);
        }
    }
}

static uint64_t hash(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

static uint64_t setvl(uint64_t avl, uint64_t vtype)
{
    uint64_t vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(avl), "r"(vtype));
    return vl;
}

static unsigned get_fflags(void) { unsigned f; __asm__ volatile("frflags %0" : "=r"(f)); return f; }
static void set_frm(unsigned rm) { __asm__ volatile("fsrm %0" :: "r"(rm)); }
/* fflags before an instruction: clear, or NX already set (what lets the host fast path run) */
static void set_fflags(unsigned f) { __asm__ volatile("fsflags %0" :: "r"(f)); }

/* The scalar operand fa0: a NaN-boxed value of `bytes` width (or, once in a while, one not
 * properly boxed: the canonical NaN must stand in). */
static uint64_t scalar(unsigned bytes, int variant)
{
    uint64_t v = elem(bytes);
    if (bytes == 8)
        return v;
    uint64_t box = ~0ull << (8 * bytes);
    return variant == 3 ? v : v | box;
}

static void run_case(const Case *c, unsigned vsew, int lmul)
{
    unsigned bytes = 1u << vsew, vlenb = vt_vlenb();
    uint64_t h = 1469598103934665603ull;
    int wide = c->kind == K_W || c->kind == K_WW || c->kind == K_WI || c->kind == K_N ||
               c->kind == K_NI || c->kind == K_WR;
    for (int variant = 0; variant < 4; variant++) {
        rng = 1000u * vsew + 77u * (unsigned)(lmul + 4) + (unsigned)variant;
        fill(bytes);
        uint64_t f = scalar(bytes, variant);
        for (int masked = 0; masked < 2; masked++) {
            if (masked && !c->m)
                continue;
            for (unsigned rm = 0; rm < 5; rm++) {
                uint64_t vtype = vsew << 3 | (unsigned)(lmul & 7) | (variant & 1 ? 0xc0 : 0);
                vt_load_regs(regs);
                set_fflags(variant & 1);
                set_frm(rm);
                uint64_t vl = setvl(variant == 2 ? 3 : ~0ull, vtype);
                Fn *fn = masked ? c->m : c->u;
                if (vsew == 0 && c->u8)
                    fn = masked ? c->m8 : c->u8;
                fn(f);
                unsigned fl = get_fflags();
                set_frm(0);
                vt_save_regs(out);
                h = hash(h, out + 8 * vlenb, 8 * (size_t)vlenb);
                h = hash(h, &fl, sizeof fl);
                h = hash(h, &vl, sizeof vl);
                if (full) {
                    printf("  %s e%u lmul%d v%d m%d rm%u vl%llu fflags %x\n", c->name, 8 << vsew,
                           lmul, variant, masked, rm, (unsigned long long)vl, fl);
                    vt_dump_regs("   ", 8, wide ? 8 : 4);
                }
            }
        }
    }
    printf("%s e%u lmul%d %016llx\n", c->name, 8 << vsew, lmul, (unsigned long long)h);
}

/* vfmv.f.s for every SEW: the scalar read back (NaN-boxed). */
static void run_fmv_f_s(unsigned vsew)
{
    rng = 99 + vsew;
    fill(1u << vsew);
    vt_load_regs(regs);
    setvl(~0ull, vsew << 3);
    uint64_t r;
    __asm__ volatile("vfmv.f.s fa1, v16\n\tfmv.x.d %0, fa1" : "=r"(r) :: "fa1");
    printf("vfmv_f_s e%u %016llx\n", 8 << vsew, (unsigned long long)r);
    setvl(0, vsew << 3);   /* vl = 0: still reads element 0 */
    __asm__ volatile("vfmv.f.s fa1, v24\n\tfmv.x.d %0, fa1" : "=r"(r) :: "fa1");
    printf("vfmv_f_s e%u vl0 %016llx\n", 8 << vsew, (unsigned long long)r);
}

static void run_all(const unsigned *sews, int nsews)
{
    full = getenv("VT_FULL") != NULL;
    vt_init();
    static const int lmuls[] = { 0, 1, 2, -1 };   /* m1 m2 m4 mf2 */
    for (int s = 0; s < nsews; s++) {
        if (sews[s] == 0) {   /* SEW 8: the conversions between bytes and halves only */
            for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
                if (cases[i].kind == K_WI || cases[i].kind == K_NI)
                    for (int l = 0; l < 4; l++)
                        run_case(&cases[i], 0, lmuls[l]);
            continue;
        }
        run_fmv_f_s(sews[s]);
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            int wide = cases[i].kind == K_W || cases[i].kind == K_WW || cases[i].kind == K_WI ||
                       cases[i].kind == K_N || cases[i].kind == K_NI || cases[i].kind == K_WR;
            if (wide && sews[s] == 3)
                continue;       /* no 128-bit elements: illegal (tests/vector/vfp_illegal) */
            for (int l = 0; l < 4; l++) {
                if (lmuls[l] < 0 && 8u << sews[s] == 64)
                    continue;   /* e64,mf2 is not a valid vtype with ELEN 64 */
                run_case(&cases[i], sews[s], lmuls[l]);
            }
        }
    }
}
