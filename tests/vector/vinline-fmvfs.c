/* vtest: vlen=128,256
 * vfmv.f.s as translate-vinline.c inlines it (SEW 32/64, any vl and vstart): with vtype known
 * (a vsetvli in the same block), with vtype predicted (a function whose block has no vsetvli,
 * called under e64 first, then under e32 and e64 m2: the predicted vtype no longer holds and the
 * helper runs), with vl = 0 and vstart != 0 (it still moves), the f
 * register used by a scalar op in the same block, and a reserved frm (illegal instruction,
 * known and predicted); vfmv.s.f likewise (vl = 0, vstart != 0, an unboxed single at SEW 32:
 * the helper). Prints the f registers' raw bits or SIGILL.
 */
#include <stdint.h>
#include <stdio.h>
#include "vtest.h"
#include "vtry.h"

static uint64_t fbits(double f)
{
    union { double d; uint64_t u; } u = { f };
    return u.u;
}

/* No vsetvli here: its block runs under whatever vtype the caller left. */
static __attribute__((noinline)) uint64_t mv_pred(void)
{
    double f;
    __asm__ volatile("vfmv.f.s %0, v3" : "=f"(f));
    return fbits(f);
}

/* No vsetvli: vfmv.s.f v9, f under the caller's vtype; element 0 of v9 at SEW 64 returned. */
static __attribute__((noinline)) uint64_t sf_pred(double f)
{
    uint64_t x;
    __asm__ volatile("vfmv.s.f v9, %1\n\t"
                     "vsetivli zero, 1, e64, m1, ta, ma\n\t"
                     "vmv.x.s %0, v9" : "=r"(x) : "f"(f) : "memory");
    return x;
}

/* vfmv.f.s then fadd.d on its result, in one block (vtype known). */
static uint64_t mv_add(void)
{
    double f, g = 0.5;
    __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\t"
                     "vfmv.f.s %0, v3\n\t"
                     "fadd.d %0, %0, %1" : "=&f"(f) : "f"(g) : "t0");
    return fbits(f);
}

int main(void)
{
    vt_init();
    vtry_init();
    vt_fill_regs(7);
    double one = 1.25;
    __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\tvfmv.s.f v3, %0" :: "f"(one) : "t0");

    for (int i = 0; i < 3; i++)
        printf("pred e64 %d: %016llx\n", i, (unsigned long long)mv_pred());
    VSET("e32, m1, ta, ma");
    printf("pred e32: %016llx\n", (unsigned long long)mv_pred());
    VSET("e64, m2, ta, ma");
    printf("pred e64 m2: %016llx\n", (unsigned long long)mv_pred());

    double f;
    __asm__ volatile("vsetvli t0, zero, e32, mf2, ta, ma\n\t"
                     "vfmv.f.s %0, v5" : "=f"(f) :: "t0");
    printf("known e32: %016llx\n", (unsigned long long)fbits(f));
    __asm__ volatile("vsetivli t0, 0, e64, m1, ta, ma\n\t"
                     "vfmv.f.s %0, v6" : "=f"(f) :: "t0");
    printf("known e64 vl=0: %016llx\n", (unsigned long long)fbits(f));
    /* vstart afterwards not printed: qemu-riscv64 7.2 leaves it, qelt clears it (spec) */
    __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\t"
                     "csrwi vstart, 1\n\t"
                     "vfmv.f.s %0, v7\n\t"
                     "csrwi vstart, 0" : "=f"(f) :: "t0");
    printf("known e64 vstart=1: %016llx\n", (unsigned long long)fbits(f));
    printf("known add: %016llx\n", (unsigned long long)mv_add());

    /* vfmv.s.f */
    double d1 = 2.5;
    float s1 = -0.75f;
    VSET("e64, m1, ta, ma");
    for (int i = 0; i < 3; i++)
        printf("sf pred e64 %d: %016llx\n", i, (unsigned long long)sf_pred(d1 + i));
    VSET("e32, m1, ta, ma");
    printf("sf pred e32 unboxed: %016llx\n", (unsigned long long)sf_pred(d1));
    uint64_t x;
    __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma\n\t"
                     "vfmv.s.f v10, %1\n\t"
                     "vsetivli zero, 1, e64, m1, ta, ma\n\t"
                     "vmv.x.s %0, v10" : "=r"(x) : "f"(s1) : "t0");
    printf("sf known e32: %016llx\n", (unsigned long long)x);
    __asm__ volatile("vsetivli zero, 0, e64, m1, ta, ma\n\t"
                     "vfmv.s.f v11, %1\n\t"
                     "vsetivli zero, 1, e64, m1, ta, ma\n\t"
                     "vmv.x.s %0, v11" : "=r"(x) : "f"(d1) : "memory");
    printf("sf known vl=0: %016llx\n", (unsigned long long)x);
    __asm__ volatile("vsetivli zero, 2, e64, m1, ta, ma\n\t"
                     "csrwi vstart, 1\n\t"
                     "vfmv.s.f v12, %1\n\t"
                     "vsetivli zero, 1, e64, m1, ta, ma\n\t"
                     "vmv.x.s %0, v12" : "=r"(x) : "f"(d1) : "memory");
    printf("sf known vstart=1: %016llx\n", (unsigned long long)x);
    __asm__ volatile("vsetivli zero, 2, e64, m1, ta, ma\n\t"
                     "vfmv.s.f v12, %1\n\t"
                     "vfmv.f.s %0, v12" : "=f"(f) : "f"(d1) : "memory");
    printf("sf then fs: %016llx\n", (unsigned long long)fbits(f));
    vt_dump_regs("after", 8, 5);
    FRM(7);
    if (sigsetjmp(vtry_env, 1) == 0)
        printf("sf frm=7: ok %016llx\n", (unsigned long long)sf_pred(d1));
    else
        printf("sf frm=7: SIGILL\n");
    __asm__ volatile("fsrm zero");

    FRM(5);
    if (sigsetjmp(vtry_env, 1) == 0) {
        __asm__ volatile("vsetvli t0, zero, e64, m1, ta, ma\n\t"
                         "vfmv.f.s %0, v3" : "=f"(f) :: "t0");
        printf("known frm=5: ok %016llx\n", (unsigned long long)fbits(f));
    } else {
        printf("known frm=5: SIGILL\n");
    }
    __asm__ volatile("fsrm zero");
    VSET("e64, m1, ta, ma");
    FRM(6);
    if (sigsetjmp(vtry_env, 1) == 0)
        printf("pred frm=6: ok %016llx\n", (unsigned long long)mv_pred());
    else
        printf("pred frm=6: SIGILL\n");
    __asm__ volatile("fsrm zero");
    printf("pred after: %016llx\n", (unsigned long long)mv_pred());
    return 0;
}
