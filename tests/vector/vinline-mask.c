/* vtest: vlen=128,256,1024
 * The mask and small-body paths of translate-vinline.c, each right after a vsetvli or
 * vsetivli in the same block (vtype known): mask compares (.vv .vx .vi, signed and unsigned,
 * vd = a source), mask logical ops (vmand ... vmxnor, vmnot), masked (v0.t) element-wise ops
 * (vadd, vsra, vmacc, vrgather, vzext), masked unit-stride loads, 64-bit vsra by a scalar,
 * vslidedown.vi and vslide1down.vx (one register: in place, past VLMAX), and
 * indexed loads (vluxei/vloxei), at SEW 8..64 and LMUL mf8..m8, with vl = VLMAX, vl < VLMAX
 * (helper), vl known (vsetivli), and vstart != 0 (helper). Each case prints "name sew lmul avl
 * vl vstart hash" (hash of v0..v31). Then faults: a masked load whose active elements all lie
 * on a PROT_NONE page (none active: no fault; element 0 inactive, one active: fault, vstart its
 * index), an indexed load whose second element is on a PROT_NONE page (fault, vstart 1,
 * element 0 written), a vle32 with vl 3 on that page (vstart 0) and crossing into it
 * (vstart 2). run.sh also runs it with QELT_VINLINE=0; expected output is
 * qemu-riscv64 7.2's.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

static uint8_t regs[32 * 128] __attribute__((aligned(64)));
static uint8_t mem[4096] __attribute__((aligned(4096)));

typedef long Fn(long avl, long x, void *p, long vs);
#define OPS(X) \
    X(vmseq_vv, "vmseq.vv v1, v16, v24") X(vmsne_vv, "vmsne.vv v16, v16, v24") \
    X(vmsltu_vv, "vmsltu.vv v1, v16, v24") X(vmslt_vx, "vmslt.vx v1, v16, %[x]") \
    X(vmsleu_vi, "vmsleu.vi v2, v16, -3") X(vmsle_vv, "vmsle.vv v24, v16, v24") \
    X(vmsgtu_vx, "vmsgtu.vx v1, v16, %[x]") X(vmsgt_vi, "vmsgt.vi v3, v16, 5") \
    X(vmseq_vi, "vmseq.vi v0, v16, 3") \
    X(vmand_mm, "vmand.mm v1, v2, v3") X(vmnand_mm, "vmnand.mm v1, v2, v1") \
    X(vmandn_mm, "vmandn.mm v2, v2, v3") X(vmxor_mm, "vmxor.mm v0, v2, v3") \
    X(vmor_mm, "vmor.mm v1, v0, v3") X(vmnor_mm, "vmnor.mm v3, v2, v3") \
    X(vmorn_mm, "vmorn.mm v1, v2, v3") X(vmxnor_mm, "vmxnor.mm v1, v2, v3") \
    X(vmnot_m, "vmnot.m v1, v1") \
    X(vadd_m, "vadd.vv v8, v16, v24, v0.t") X(vadd_vi_m, "vadd.vi v8, v16, 1, v0.t") \
    X(vsra_vx_m, "vsra.vx v8, v16, %[x], v0.t") X(vsra_vi, "vsra.vi v8, v16, 13") \
    X(vsra_vx, "vsra.vx v8, v16, %[x]") X(vmacc_m, "vmacc.vv v8, v16, v24, v0.t") \
    X(vle_m, "vle8.v v8, (%[p]), v0.t") X(vle_m16, "vle16.v v8, (%[p]), v0.t") \
    X(vle8, "vle8.v v8, (%[p])") X(vse8, "vse8.v v16, (%[p])") \
    X(vle32, "vle32.v v8, (%[p])") X(vse32, "vse32.v v16, (%[p])") \
    X(vslidedown_vi, "vslidedown.vi v8, v16, 1") X(vslidedown_in, "vslidedown.vi v16, v16, 3") \
    X(vslidedown_31, "vslidedown.vi v8, v16, 31") X(vslide1down, "vslide1down.vx v8, v16, %[x]") \
    X(vslide1down_in, "vslide1down.vx v16, v16, %[x]")
/* vs != 0: vstart set before the instruction (vsetvli clears it) */
#define F(name, text, s, l) \
    __attribute__((aligned(64))) static long name##_##s##l(long avl, long x, void *p, long vs) \
    { long vl; __asm__ volatile("vsetvli %0, %[a], " #s "," #l ",ta,mu\n\tcsrw vstart, %[vs]\n\t" \
                                text : "=&r"(vl) : [a] "r"(avl), [x] "r"(x), [p] "r"(p), \
                                [vs] "r"(vs) : "memory"); return vl; } \
    __attribute__((aligned(64))) static long name##_##s##l##_i(long avl, long x, void *p, long vs) \
    { long vl; (void)avl; (void)vs; \
      __asm__ volatile("vsetivli %0, 3, " #s "," #l ",ta,mu\n\t" text : "=&r"(vl) \
                       : [x] "r"(x), [p] "r"(p) : "memory"); return vl; }
#define L(name, text) F(name, text, e8, mf8) F(name, text, e8, mf4) F(name, text, e8, m1) \
    F(name, text, e8, m2) F(name, text, e16, mf2) F(name, text, e16, m1) F(name, text, e32, m1) \
    F(name, text, e32, m4) F(name, text, e64, m1) F(name, text, e64, m8)
OPS(L)
/* gathers and extensions at the shapes that inline (SEW 8, VLMAX <= 16; LMUL <= 1) */
F(vrgather_m, "vand.vi v24, v24, 7\n\tvrgather.vv v8, v16, v24, v0.t", e8, mf4)
F(vrgather_m, "vand.vi v24, v24, 7\n\tvrgather.vv v8, v16, v24, v0.t", e8, m1)
F(vzext_m, "vzext.vf2 v8, v16, v0.t", e16, m1) F(vzext_m, "vzext.vf4 v8, v16, v0.t", e32, mf2)
/* indexed loads: v24 holds byte offsets below 512 (set by the caller) */
F(vluxei64, "vluxei64.v v8, (%[p]), v24", e64, m1) F(vluxei64, "vluxei64.v v8, (%[p]), v24", e32, mf2)
F(vluxei8, "vluxei8.v v8, (%[p]), v24", e16, m1) F(vloxei32, "vloxei32.v v9, (%[p]), v24", e8, mf4)
F(vluxei16, "vluxei16.v v24, (%[p]), v24", e16, m1)

typedef struct Case { const char *name; int sew, lmul2; Fn *fn, *fni; } Case;
#define C1(name, s, l, sew, l2) { #name, sew, l2, name##_##s##l, name##_##s##l##_i },
#define CL(name, text) C1(name, e8, mf8, 8, -3) C1(name, e8, mf4, 8, -2) C1(name, e8, m1, 8, 0) \
    C1(name, e8, m2, 8, 1) C1(name, e16, mf2, 16, -1) C1(name, e16, m1, 16, 0) \
    C1(name, e32, m1, 32, 0) C1(name, e32, m4, 32, 2) C1(name, e64, m1, 64, 0) C1(name, e64, m8, 64, 3)
static const Case cases[] = {
    OPS(CL)
    C1(vrgather_m, e8, mf4, 8, -2) C1(vrgather_m, e8, m1, 8, 0) C1(vzext_m, e16, m1, 16, 0)
    C1(vzext_m, e32, mf2, 32, -1) C1(vluxei64, e64, m1, 64, 0) C1(vluxei64, e32, mf2, 32, -1)
    C1(vluxei8, e16, m1, 16, 0) C1(vloxei32, e8, mf4, 8, -2) C1(vluxei16, e16, m1, 16, 0)
};

static void show(const char *name, int sew, int l2, long avl, long vl, long vs)
{
    uint8_t out[32 * 128];
    __asm__ volatile("csrw vstart, zero");
    vt_save_regs(out);
    printf("%s e%d lmul%d avl%ld vl%ld vstart%ld %016llx\n", name, sew, l2, avl, vl, vs,
           (unsigned long long)vt_hash(out, 32 * (size_t)vt_vlenb()));
}

/* Index registers for the indexed loads: v24..v31 zero but every 8th byte (a multiple of 8
 * below 256), so indices of every width are small. */
static void small_indices(unsigned vlenb)
{
    for (unsigned i = 0; i < 8 * vlenb; i++)
        regs[24 * vlenb + i] = i % 8 ? 0 : (uint8_t)(regs[24 * vlenb + i] & 0xf8);
}

__attribute__((aligned(64))) static void vle_mask_fault(void *p)
{
    __asm__ volatile("vsetivli zero, 8, e8, m1, ta, mu\n\tvle8.v v8, (%0), v0.t" : : "r"(p) : "memory");
}

__attribute__((aligned(64))) static void vle_avl_fault(void *p, long avl)
{
    __asm__ volatile("vsetvli zero, %1, e32, m1, ta, ma\n\tvle32.v v8, (%0)" : : "r"(p), "r"(avl) : "memory");
}

__attribute__((aligned(64))) static void vlux_fault(void *p)
{
    __asm__ volatile("vsetivli zero, 2, e64, m1, ta, ma\n\tvluxei64.v v8, (%0), v24" : : "r"(p) : "memory");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    unsigned vlenb = vt_vlenb();
    vt_fill_mem(mem, sizeof mem, 99);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        long vlmax = (long)(c->lmul2 >= 0 ? vlenb << c->lmul2 : vlenb >> -c->lmul2) / (c->sew / 8);
        for (int k = 0; k < 5; k++) {
            vt_fill_mem(regs, sizeof regs, (uint32_t)(i * 5 + (size_t)k));
            if (k == 1)   /* equal elements for the compares */
                memcpy(regs + 24 * vlenb, regs + 16 * vlenb, 8 * vlenb);
            if (!strncmp(c->name, "vlu", 3) || !strncmp(c->name, "vlo", 3))
                small_indices(vlenb);
            vt_load_regs(regs);
            long avl = k == 2 ? vlmax - 1 : -1, vs = k == 3 ? 1 : 0, x = k == 4 ? 63 : 37;
            if (vlmax - 1 < 1 && k == 2)
                avl = 1;
            long vl = k == 4 ? c->fni(0, x, mem, 0) : c->fn(avl, x, mem, vs);
            show(c->name, c->sew, c->lmul2, k == 4 ? 3 : avl, vl, vs);
        }
    }

    vt_catch_segv();
    uint8_t *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 0x5a, 2 * 4096);
    mprotect(m + 4096, 4096, PROT_NONE);
    static const uint8_t masks[3] = { 0x00, 0x04, 0x05 };
    for (int k = 0; k < 6; k++) {
        vt_fill_mem(regs, sizeof regs, 7);
        if (k < 3)
            memset(regs, masks[k], vlenb);                    /* v0 */
        uint64_t idx[2] = { 8, 4096 + 8 };                    /* element 1 on the bad page */
        memcpy(regs + 24 * vlenb, idx, sizeof idx);
        vt_load_regs(regs);
        vt_fault_addr = 0;
        if (sigsetjmp(vt_fault_jb, 1) == 0) {
            if (k < 3)
                vle_mask_fault(m + 4096);
            else if (k == 3)
                vlux_fault(m);
            else   /* vl 3 < VLMAX: on the bad page (inline), crossing into it (helper) */
                vle_avl_fault(k == 4 ? m + 4096 : m + 4096 - 8, 3);
            printf("fault case %d: no fault\n", k);
        } else {
            printf("fault case %d: SIGSEGV at +%ld, vstart %lu\n", k,
                   (long)(vt_fault_addr - (uintptr_t)m), vt_fault_vstart);
        }
        show("after", 0, 0, 0, 0, 0);
    }
    return 0;
}
