/* vtest: vlen=128,256
 * The same code entered under different vector configurations. qelt (user mode) keys its
 * translated blocks by vtype, vl == VLMAX and vstart == 0, translates vector code for exactly
 * that state and chains a block's exits to blocks keyed by the state there; its jump cache
 * (indirect jumps, returns) must never hand out a block of another state. Each part below
 * reaches one piece of code under several states, alternating, so a block of the wrong state
 * would give wrong results:
 *  - kern (no vsetvli of its own) through a function pointer after vsetivli/vsetvli of
 *    different SEW, LMUL and vl (VLMAX or less);
 *  - the return site after a call of a function that only sets the configuration (the
 *    return's jump-cache probe must use the state the callee left);
 *  - strip-mined loops (vsetvli with a run-time AVL at the loop head, and inside the body as
 *    gcc emits for daxpy-like loops) with n a multiple of VLMAX and not, so the loop body is
 *    entered with vl == VLMAX and with vl < VLMAX;
 *  - vle32ff.v trimming vl at a PROT_NONE page, then vector ops on the trimmed vl;
 *  - vsetvl (vtype from a register) followed by vector ops.
 * Results as under qemu-riscv64 7.2 (programs named vinline* also run with QELT_VINLINE=0).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

static uint32_t a[512], b[512], c[512];

__attribute__((noinline)) static void kern(uint32_t *dst, const uint32_t *x, const uint32_t *y)
{
    __asm__ volatile("vle32.v v8, (%1)\n\t"
                     "vle32.v v16, (%2)\n\t"
                     "vadd.vv v8, v8, v16\n\t"
                     "vsll.vi v24, v8, 3\n\t"
                     "vxor.vv v8, v8, v24\n\t"
                     "vse32.v v8, (%0)\n\t"
                     :: "r"(dst), "r"(x), "r"(y) : "memory");
}

typedef void (*kern_fn)(uint32_t *, const uint32_t *, const uint32_t *);
static volatile kern_fn kp = kern;

static unsigned long vset(int k)
{
    unsigned long vl = 0;
    switch (k) {
    case 0: __asm__ volatile("vsetvli %0, zero, e32, m1, ta, ma" : "=r"(vl)); break;
    case 1: __asm__ volatile("vsetivli %0, 3, e32, m1, ta, ma" : "=r"(vl)); break;
    case 2: __asm__ volatile("vsetvli %0, zero, e8, m1, ta, ma" : "=r"(vl)); break;
    case 3: __asm__ volatile("vsetvli %0, zero, e32, m2, ta, ma" : "=r"(vl)); break;
    case 4: __asm__ volatile("vsetivli %0, 5, e16, m1, tu, mu" : "=r"(vl)); break;
    case 5: __asm__ volatile("vsetvli %0, zero, e64, m8, ta, ma" : "=r"(vl)); break;
    }
    return vl;
}

static void part_kern(void)
{
    static const int order[] = { 0, 1, 0, 2, 3, 0, 4, 5, 1, 3, 0 };
    for (unsigned i = 0; i < sizeof order / sizeof order[0]; i++) {
        memset(c, 0, sizeof c);
        vt_fill_regs(7 + i);
        unsigned long vl = vset(order[i]);
        kp(c, a, b);
        printf("kern cfg %d vl %lu: %016llx\n", order[i], vl,
               (unsigned long long)vt_hash(c, sizeof c));
    }
}

/* Set a configuration and return: the caller continues with vector code at one return site. */
__attribute__((noinline)) static void cfg_e32(void) { __asm__ volatile("vsetvli t0, zero, e32, m1, ta, ma" ::: "t0"); }
__attribute__((noinline)) static void cfg_e8(void) { __asm__ volatile("vsetvli t0, zero, e8, m1, ta, ma" ::: "t0"); }
__attribute__((noinline)) static void cfg_e32_3(void) { __asm__ volatile("vsetivli t0, 3, e32, m1, ta, ma" ::: "t0"); }
__attribute__((noinline)) static void cfg_e16m2(void) { __asm__ volatile("vsetvli t0, zero, e16, m2, ta, ma" ::: "t0"); }
static void (*volatile cfgs[4])(void) = { cfg_e32, cfg_e8, cfg_e32_3, cfg_e16m2 };

static void part_return(void)
{
    for (int i = 0; i < 12; i++) {
        memset(c, 0, sizeof c);
        cfgs[i % 4]();
        unsigned long vl;
        __asm__ volatile("vle32.v v4, (%1)\n\t"   /* EEW 32: EMUL up to 4 */
                         "vadd.vi v4, v4, 1\n\t"
                         "vse32.v v4, (%2)\n\t"
                         "csrr %0, vl"
                         : "=r"(vl) : "r"(a), "r"(c) : "memory");
        printf("return cfg %d vl %lu: %016llx\n", i % 4, vl,
               (unsigned long long)vt_hash(c, sizeof c));
    }
}

/* c[i] = a[i] * k + b[i] for n elements, strip-mined with vl at the loop head */
__attribute__((noinline)) static void axpy(uint32_t *dst, const uint32_t *x, const uint32_t *y,
                                           long n, uint32_t k)
{
    __asm__ volatile("1:\n\t"
                     "vsetvli t0, %3, e32, m1, ta, ma\n\t"
                     "vle32.v v1, (%1)\n\t"
                     "vle32.v v2, (%2)\n\t"
                     "vmacc.vx v2, %4, v1\n\t"
                     "vse32.v v2, (%0)\n\t"
                     "slli t1, t0, 2\n\t"
                     "add %0, %0, t1\n\t"
                     "add %1, %1, t1\n\t"
                     "add %2, %2, t1\n\t"
                     "sub %3, %3, t0\n\t"
                     "bnez %3, 1b"
                     : "+r"(dst), "+r"(x), "+r"(y), "+r"(n) : "r"(k) : "t0", "t1", "memory");
}

/* the same with the vsetvli inside the body (gcc's shape for some loops: vl set after the
 * address arithmetic, vsetvli zero, a5) */
__attribute__((noinline)) static void axpy2(uint32_t *dst, const uint32_t *x, long n)
{
    __asm__ volatile("1:\n\t"
                     "mv t2, %2\n\t"
                     "li t3, 4\n\t"
                     "bleu t2, t3, 2f\n\t"
                     "li t2, 4\n"
                     "2:\n\t"
                     "vsetvli zero, t2, e32, m1, ta, ma\n\t"
                     "vle32.v v3, (%1)\n\t"
                     "vadd.vv v3, v3, v3\n\t"
                     "vse32.v v3, (%0)\n\t"
                     "slli t1, t2, 2\n\t"
                     "add %0, %0, t1\n\t"
                     "add %1, %1, t1\n\t"
                     "sub %2, %2, t2\n\t"
                     "bnez %2, 1b"
                     : "+r"(dst), "+r"(x), "+r"(n) :: "t1", "t2", "t3", "memory");
}

static void part_loops(void)
{
    static const long ns[] = { 64, 67, 1, 64, 3, 128, 5, 4, 8, 2 };
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        memset(c, 0, sizeof c);
        axpy(c, a, b, ns[i], 3 + i);
        printf("axpy n %ld: %016llx\n", ns[i], (unsigned long long)vt_hash(c, sizeof c));
        memset(c, 0, sizeof c);
        axpy2(c, a, ns[i]);
        printf("axpy2 n %ld: %016llx\n", ns[i], (unsigned long long)vt_hash(c, sizeof c));
    }
}

/* vle32ff.v from `at` with vl = VLMAX of e32 m2, then ops on the vl it left */
__attribute__((noinline)) static unsigned long ff(const uint32_t *at, uint32_t *dst)
{
    unsigned long vl;
    __asm__ volatile("vsetvli zero, zero, e32, m2, ta, ma\n\t"
                     "vmv.v.i v4, 0\n\t"
                     "vle32ff.v v4, (%1)\n\t"
                     "vadd.vi v4, v4, 9\n\t"
                     "vse32.v v4, (%2)\n\t"
                     "csrr %0, vl"
                     : "=r"(vl) : "r"(at), "r"(dst) : "memory");
    return vl;
}

static void part_ff(void)
{
    uint8_t *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("mmap failed\n");
        return;
    }
    vt_fill_mem(p, 8192, 5);
    mprotect(p + 4096, 4096, PROT_NONE);
    for (int i = 0; i < 6; i++) {
        memset(c, 0, sizeof c);
        __asm__ volatile("vsetvli t0, zero, e32, m2, ta, ma" ::: "t0");
        /* 2 elements before the bad page, or wholly on the good one */
        const uint32_t *at = (const uint32_t *)(p + (i & 1 ? 4096 - 8 : 256));
        unsigned long vl = ff(at, c);
        printf("ff %d vl %lu: %016llx\n", i, vl, (unsigned long long)vt_hash(c, sizeof c));
    }
    munmap(p, 8192);
}

static void part_vsetvl(void)
{
    static const unsigned long vt[] = { 0x10, 0x08, 0x11, 0x10, 0xd0 };   /* e32 m1, e16 m1, e32 m2 */
    for (unsigned i = 0; i < sizeof vt / sizeof vt[0]; i++) {
        unsigned long vl;
        memset(c, 0, sizeof c);
        __asm__ volatile("vsetvl %0, %1, %2\n\t"
                         "vle32.v v6, (%3)\n\t"
                         "vsub.vx v6, v6, %1\n\t"
                         "vse32.v v6, (%4)"
                         : "=&r"(vl) : "r"(6 + i), "r"(vt[i]), "r"(a), "r"(c) : "memory");
        printf("vsetvl %#lx vl %lu: %016llx\n", vt[i], vl, (unsigned long long)vt_hash(c, sizeof c));
    }
}

int main(void)
{
    vt_init();
    vt_fill_mem(a, sizeof a, 1);
    vt_fill_mem(b, sizeof b, 2);
    for (int round = 0; round < 2; round++) {
        part_kern();
        part_return();
        part_loops();
        part_ff();
        part_vsetvl();
    }
    return 0;
}
