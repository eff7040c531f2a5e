/* vtest: vlen=128,256
 * Blocks entered with another vtype than the one they were translated under. qelt translates
 * the vector instructions before a block's first vsetvli for the vtype the vCPU has when it
 * translates the block (guarded at run time): each kernel below has no vsetvli of its own and
 * is called after vsetvli with e32, e8, e32 with vl < VLMAX, e16 m4 (vadd.vv v2 illegal: v2
 * not a multiple of 4), vsetvl with a reserved vtype (vill: SIGILL), then e32 again. kern_ld64
 * is first translated where its load is legal (e64) then run where it is not (e8: EMUL 8 with
 * v9), kern_ld64b the other way round. Last, vmv.x.s (inline under a vtype set in the same
 * block) at each SEW, sign-extending, and after vsetvli x0, x0 (vl kept). Results and SIGILLs
 * as under qemu-riscv64 7.2.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static sigjmp_buf jb;
static void on_ill(int sig) { (void)sig; siglongjmp(jb, 1); }

static uint32_t a[256], b[256], c[256];

__attribute__((noinline)) static void kern(uint32_t *dst, const uint32_t *x, const uint32_t *y)
{
    __asm__ volatile("vle32.v v8, (%1)\n\t"
                     "vle32.v v16, (%2)\n\t"
                     "vadd.vv v8, v8, v16\n\t"
                     "vmul.vx v8, v8, %3\n\t"
                     "vse32.v v8, (%0)\n\t"
                     "vadd.vv v2, v4, v6\n\t"
                     "vxor.vi v1, v1, 5\n\t"
                     :: "r"(dst), "r"(x), "r"(y), "r"(3) : "memory");
}

__attribute__((noinline)) static void kern_ld64(uint32_t *dst, const uint32_t *x)
{
    __asm__ volatile("vle64.v v9, (%1)\n\tvse64.v v9, (%0)" :: "r"(dst), "r"(x) : "memory");
}

__attribute__((noinline)) static void kern_ld64b(uint32_t *dst, const uint32_t *x)
{
    __asm__ volatile("vle64.v v9, (%1)\n\tvse64.v v9, (%0)" :: "r"(dst), "r"(x) : "memory");
}

static unsigned long vset(int k)
{
    unsigned long vl = 0;
    switch (k) {
    case 0: __asm__ volatile("vsetvli %0, zero, e32, m1, ta, mu" : "=r"(vl)); break;
    case 1: __asm__ volatile("vsetvli %0, zero, e8, m1, ta, mu" : "=r"(vl)); break;
    case 2: __asm__ volatile("vsetvli %0, %1, e32, m1, ta, mu" : "=r"(vl) : "r"(3)); break;
    case 3: __asm__ volatile("vsetvli %0, zero, e16, m4, ta, mu" : "=r"(vl)); break;
    case 4: __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(8), "r"(1ull << 63)); break;
    case 5: __asm__ volatile("vsetvli %0, zero, e64, m1, ta, mu" : "=r"(vl)); break;
    }
    return vl;
}

static void run(const char *name, int k, int which)
{
    static const char *vt[] = { "e32m1", "e8m1", "e32m1 vl=3", "e16m4", "vill", "e64m1" };
    memset(c, 0, sizeof c);
    vt_fill_regs(11 + (uint32_t)k);
    if (sigsetjmp(jb, 1)) {
        printf("%s %s: SIGILL\n", name, vt[k]);
    } else {
        unsigned long vl = vset(k);
        if (which == 0)
            kern(c, a, b);
        else if (which == 1)
            kern_ld64(c, a);
        else
            kern_ld64b(c, a);
        printf("%s %s: vl %lu ok\n", name, vt[k], vl);
    }
    vt_dump_mem("c", c, 4 * vt_vlenb());
    vt_dump_regs("r", 1, 2);
    vt_dump_regs("r", 8, 2);
}

static void vmv_x_s(void)
{
    static const uint8_t src[16] = { 0xf1, 0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8,
                                     0x79, 0x6a, 0x5b, 0x4c, 0x3d, 0x2e, 0x1f, 0x00 };
    static uint8_t out[16];
    uint64_t r[5], vl;
    __asm__ volatile("vsetivli zero, 16, e8, m1, ta, mu\n\t"
                     "vle8.v v20, (%6)\n\t"
                     "vmv.x.s %0, v20\n\t"
                     "vsetvli zero, zero, e16, m1, ta, mu\n\t"
                     "vmv.x.s %1, v20\n\t"
                     "vsetvli %5, zero, e32, m1, ta, mu\n\t"
                     "vmv.x.s %2, v20\n\t"
                     "vsetivli zero, 1, e64, m1, ta, mu\n\t"
                     "vmv.x.s %3, v20\n\t"
                     "vsetvli zero, zero, e8, mf8, ta, mu\n\t"
                     "vmv.x.s %4, v20\n\t"
                     "vmv.v.i v21, 7\n\t"
                     "vse8.v v21, (%7)"
                     : "=&r"(r[0]), "=&r"(r[1]), "=&r"(r[2]), "=&r"(r[3]), "=&r"(r[4]), "=&r"(vl)
                     : "r"(src), "r"(out) : "memory");
    printf("vmv.x.s e8 %016llx e16 %016llx e32 %016llx e64 %016llx e8 %016llx vl(e32) %llu\n",
           (unsigned long long)r[0], (unsigned long long)r[1], (unsigned long long)r[2],
           (unsigned long long)r[3], (unsigned long long)r[4], (unsigned long long)vl);
    vt_dump_mem("vl kept", out, sizeof out);
}

int main(void)
{
    signal(SIGILL, on_ill);
    vt_init();
    vt_fill_mem(a, sizeof a, 1);
    vt_fill_mem(b, sizeof b, 2);
    static const int order[] = { 0, 1, 2, 0, 3, 4, 0, 2 };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++)
        run("kern", order[i], 0);
    static const int ld[] = { 5, 1, 5, 4, 5 };
    for (unsigned i = 0; i < sizeof ld / sizeof ld[0]; i++)
        run("ld64", ld[i], 1);
    static const int ldb[] = { 1, 5, 1, 5 };
    for (unsigned i = 0; i < sizeof ldb / sizeof ldb[0]; i++)
        run("ld64b", ldb[i], 2);
    vmv_x_s();
    return 0;
}
