/* vtest: vlen=128,256
 * Inline unit-stride accesses that reuse an earlier access's page-crossing check and guest
 * range check (translate-vinline.c page_bad, codegen-vec.c vm_checked_before), and the vcall's
 * out-of-line slow path (codegen-vec.c) with live FP and cached vector registers:
 *  - same address register redefined between two loads (the second crosses into a PROT_NONE
 *    page): the second must take the helper (fault at the bad page's first element, vstart
 *    its index), not reuse the first's check (an inline fault would report vstart 0);
 *  - a second, longer access (vle64 after vle32, EMUL 2) at the same address crossing into
 *    the bad page: likewise;
 *  - the same root register plus constants (q + 16, then q + 20: page_bad's addr_root), the
 *    second access not inside the first's bytes and crossing into the bad page: the helper
 *    (vstart its index); likewise when the root itself moved between the two (q += 4);
 *  - q + 16 for vlenb bytes, then q + 20 for 8 bytes (inside: the reuse) and a store at
 *    q + 16 again (sha256's message schedule): values right;
 *  - three loads and a store at one address (the reuse): values right;
 *  - a crossing load (helper, out of line) between FP arithmetic and vector ops whose
 *    registers are cached in xmm: the FP values and the vector results after it right, also
 *    when the helper overwrites a cached register;
 *  - results computed straight into their cache register (codegen-vec.c vdst_pick) with the
 *    destination also a source: vmul (e8, e64) and 64-bit vsra (.vi, .vx) in place.
 * Compared with qemu-riscv64.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

/* vle32 v1,(p); p += 8; vle32 v2,(p) in one block */
__attribute__((aligned(64))) static void redefine(void *p)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "vle32.v v1, (%0)\n\t"
                     "addi %0, %0, 8\n\t"
                     "vle32.v v2, (%0)\n\t"
                     : "+r"(p) : : "t0", "memory");
}

/* vle32 v1,(p) (vlenb bytes) then vle64 v2,(p) (2 * vlenb bytes, EMUL 2) */
__attribute__((aligned(64))) static void longer(void *p)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "vle32.v v1, (%0)\n\t"
                     "vle64.v v2, (%0)\n\t"
                     : : "r"(p) : "t0", "memory");
}

/* vle32 v1,(q+16) then vle32 v2,(q+20): one root, the second not inside the first */
__attribute__((aligned(64))) static void rebase(void *q)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "addi t1, %0, 16\n\t"
                     "vle32.v v1, (t1)\n\t"
                     "addi t1, %0, 20\n\t"
                     "vle32.v v2, (t1)\n\t"
                     : : "r"(q) : "t0", "t1", "memory");
}

/* vle32 v1,(q+16); q += 4; vle32 v2,(q+16): the root moved */
__attribute__((aligned(64))) static void moved(void *q)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "addi t1, %0, 16\n\t"
                     "vle32.v v1, (t1)\n\t"
                     "addi %0, %0, 4\n\t"
                     "addi t1, %0, 16\n\t"
                     "vle32.v v2, (t1)\n\t"
                     : "+r"(q) : : "t0", "t1", "memory");
}

/* q + 16 (vlenb bytes), q + 20 (8 bytes, inside), vector ops, a store at q + 16 again */
__attribute__((aligned(64))) static void inside(void *q)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "addi t1, %0, 16\n\t"
                     "vle32.v v1, (t1)\n\t"
                     "addi t1, %0, 20\n\t"
                     "vsetivli zero, 2, e32, mf2, ta, ma\n\t"
                     "vle32.v v2, (t1)\n\t"
                     "vadd.vv v3, v1, v2\n\t"
                     "addi t1, %0, 16\n\t"
                     "vse32.v v3, (t1)\n\t"
                     "vle32.v v4, (t1)\n\t"
                     : : "r"(q) : "t0", "t1", "memory");
}

/* three loads and a store at p, one add */
__attribute__((aligned(64))) static void same(void *p, void *q)
{
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "vle32.v v1, (%0)\n\t"
                     "vle32.v v2, (%0)\n\t"
                     "vadd.vv v3, v1, v2\n\t"
                     "vle32.v v4, (%0)\n\t"
                     "vadd.vv v3, v3, v4\n\t"
                     "vse32.v v3, (%1)\n\t"
                     "vle32.v v5, (%1)\n\t"
                     : : "r"(p), "r"(q) : "t0", "memory");
}

/* FP values and cached vector registers live across a crossing load (the helper) */
__attribute__((aligned(64))) static double slowpath(void *p, double a, double b)
{
    double r;
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "fadd.d ft0, %1, %2\n\t"
                     "fmul.d ft1, %1, %2\n\t"
                     "vadd.vv v3, v4, v5\n\t"
                     "vle32.v v6, (%3)\n\t"
                     "vadd.vv v7, v3, v4\n\t"
                     "vle32.v v3, (%3)\n\t"
                     "vadd.vv v8, v3, v5\n\t"
                     "fsub.d ft2, ft0, ft1\n\t"
                     "fadd.d %0, ft2, %1\n\t"
                     : "=f"(r) : "f"(a), "f"(b), "r"(p) : "t0", "ft0", "ft1", "ft2", "memory");
    return r;
}

/* in-place multiplies and 64-bit arithmetic shifts (vd = vs2 and/or vs1) */
__attribute__((aligned(64))) static void inplace(long sh)
{
    __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\t"
                     "vmul.vv v1, v1, v1\n\t"
                     "vsra.vi v1, v1, 3\n\t"
                     "vsra.vx v2, v2, %0\n\t"
                     "vmul.vv v3, v4, v3\n\t"
                     "vadd.vv v5, v1, v3\n\t"
                     "vsetvli t0, zero, e8, m1, ta, ma\n\t"
                     "vmul.vv v6, v6, v7\n\t"
                     "vmul.vv v7, v6, v7\n\t"
                     : : "r"(sh) : "t0");
}

static uint8_t regs[32 * 128];

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    unsigned vlenb = vt_vlenb();
    vt_catch_segv();
    uint8_t *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    vt_fill_mem(m, 3 * 4096, 7);
    uint8_t *p = m + 4096 - vlenb;          /* vlenb bytes fit, 8 more cross */
    for (int k = 0; k < 2; k++) {
        mprotect(m + 4096, 4096, PROT_NONE);
        vt_fill_regs(11 + k);
        vt_fault_addr = 0;
        if (sigsetjmp(vt_fault_jb, 1) == 0) {
            k ? longer(p) : redefine(p);
            printf("%s: no fault\n", k ? "longer" : "redefine");
        } else {
            printf("%s: SIGSEGV at +%ld, vstart %lu\n", k ? "longer" : "redefine",
                   (long)(vt_fault_addr - (uintptr_t)m), vt_fault_vstart);
        }
        mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
        __asm__ volatile("csrw vstart, zero");
        vt_dump_regs("after", 1, 2);
    }
    static const char *const names[2] = { "rebase", "moved" };
    for (int k = 0; k < 2; k++) {     /* the first access fits, the second crosses */
        mprotect(m + 4096, 4096, PROT_NONE);
        vt_fill_regs(15 + k);
        vt_fault_addr = 0;
        if (sigsetjmp(vt_fault_jb, 1) == 0) {
            k ? moved(p - 16) : rebase(p - 16);
            printf("%s: no fault\n", names[k]);
        } else {
            printf("%s: SIGSEGV at +%ld, vstart %lu\n", names[k],
                   (long)(vt_fault_addr - (uintptr_t)m), vt_fault_vstart);
        }
        mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
        __asm__ volatile("csrw vstart, zero");
        vt_dump_regs("after", 1, 2);
    }
    vt_fill_regs(19);
    inside(m + 256);
    vt_dump_regs("inside", 1, 4);
    vt_dump_mem("inside mem", m + 256 + 16, vlenb);
    vt_fill_regs(21);
    same(m + 64, m + 1024);
    vt_dump_regs("same", 1, 5);
    vt_dump_mem("same mem", m + 1024, vlenb);
    for (int k = 0; k < 2; k++) {
        vt_fill_regs(31 + k);
        double r = slowpath(k ? m + 4096 - 8 : m + 128, 1.5 + k, 0.25);
        printf("slowpath %s: %a\n", k ? "cross" : "inpage", r);
        vt_dump_regs("slowpath", 3, 6);
    }
    vt_fill_regs(41);
    inplace(7);
    vt_dump_regs("inplace", 1, 7);
    (void)regs;
    return 0;
}
