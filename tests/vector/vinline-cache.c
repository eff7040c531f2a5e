/* vtest: vlen=128,256
 * The back end's cache of vector registers in host xmm registers (host/x86_64/codegen-vec.c:
 * a register an inline op wrote or read is kept for the next inline ops of the block). Each
 * case is one straight-line block in which an inline op leaves a register cached, something
 * else changes that register behind the inline ops' back, and a later inline op reads it:
 *   - a helper-only instruction (vcompress.vm, a segment load vlseg2e32, vrgather.vx, a
 *     strided load) writing it;
 *   - vmv.s.x, vfmv.s.f (element 0 as IR stores into env) and vmv.x.s reading it;
 *   - partial bodies (vl = 2 at e32, 8 of 16 bytes: the tail must stay what env holds);
 *   - a vl unknown at translation time, the block run with vl = VLMAX (inline) and then with a
 *     shorter vl (every op's helper: the inline ops skipped, the cache reloaded);
 *   - scalar FP values (fld, fadd.d) interleaved with vector ops (FP values and cached vector
 *     registers share the xmm file);
 *   - a fault in the middle of the block after cached ops: the SIGSEGV handler's view of the
 *     registers (saved right after it) must be the guest's at the faulting load.
 * Prints the registers; compared with qemu-riscv64 7.2 (and QELT_VINLINE=0).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

static uint32_t src[64];

static void show(const char *tag)
{
    vt_dump_regs(tag, 1, 8);
}

/* inline vadd/vsll cache v1, v2; vcompress (helper) rewrites v1; vadd reads v1 */
static void helper_writes(void)
{
    __asm__ volatile(
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v1, v2, v3\n\t"
        "vsll.vi v2, v1, 3\n\t"
        "vcompress.vm v1, v4, v0\n\t"
        "vadd.vv v5, v1, v2\n\t"
        "vlseg2e32.v v1, (%0)\n\t"
        "vxor.vv v6, v1, v2\n\t"
        "vor.vv v7, v1, v5\n\t"
        "vrgather.vx v3, v6, %1\n\t"
        "vsub.vv v8, v3, v7\n\t"
        "vlse32.v v4, (%0), %2\n\t"
        "vadd.vv v4, v4, v8\n\t"
        :: "r"(src), "r"(1L), "r"(12L) : "memory");
}

/* vmv.s.x / vfmv.s.f into a cached register, vmv.x.s out of one */
static uint64_t scalar_moves(double f)
{
    uint64_t x;
    __asm__ volatile(
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v1, v2, v3\n\t"
        "vmv.s.x v1, %2\n\t"
        "vadd.vv v5, v1, v1\n\t"
        "vsetivli zero, 2, e64, m1, ta, ma\n\t"
        "vadd.vv v2, v5, v3\n\t"
        "vfmv.s.f v2, %1\n\t"
        "vxor.vv v6, v2, v5\n\t"
        "vmv.x.s %0, v6\n\t"
        "vadd.vi v6, v6, 1\n\t"
        : "=&r"(x) : "f"(f), "r"(0x1234567890abcdefL) : "memory");
    return x;
}

/* bodies of 8 bytes (vl = 2, e32) in 16-byte registers, then a full-width read */
static void partial(void)
{
    __asm__ volatile(
        "vsetivli zero, 2, e32, m1, ta, ma\n\t"
        "vsrl.vi v4, v2, 19\n\t"
        "vsll.vi v3, v3, 7\n\t"
        "vor.vv v2, v2, v3\n\t"
        "vle32.v v5, (%0)\n\t"
        "vxor.vv v1, v1, v5\n\t"
        "vadd.vv v1, v1, v2\n\t"
        "vse32.v v1, (%0)\n\t"
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v6, v1, v4\n\t"
        "vsetivli zero, 1, e32, m1, ta, ma\n\t"
        "vmul.vv v7, v6, v1\n\t"
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v8, v7, v2\n\t"
        :: "r"(src + 8) : "memory");
}

/* vl from a register: inline with avl >= VLMAX, the helpers (and cache reloads) else; then
 * inline ops with a known vl read what either path wrote */
static __attribute__((noinline)) void runtime_vl(long avl)
{
    __asm__ volatile(
        "vsetvli zero, %0, e32, m1, ta, ma\n\t"
        "vle32.v v1, (%1)\n\t"
        "vadd.vv v2, v1, v3\n\t"
        "vsll.vi v4, v2, 2\n\t"
        "vxor.vv v5, v4, v1\n\t"
        "vadd.vv v2, v2, v5\n\t"
        "vse32.v v2, (%1)\n\t"
        "vmul.vv v6, v2, v5\n\t"
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v7, v2, v4\n\t"
        "vxor.vv v8, v6, v1\n\t"
        :: "r"(avl), "r"(src + 16) : "memory");
}

/* scalar FP values between vector ops */
static double fp_mix(const double *p)
{
    double r;
    __asm__ volatile(
        "vsetivli zero, 2, e64, m1, ta, ma\n\t"
        "fld fa5, 0(%1)\n\t"
        "fld fa4, 8(%1)\n\t"
        "vfmv.v.f v1, fa5\n\t"
        "fadd.d fa3, fa5, fa4\n\t"
        "vfadd.vv v2, v1, v1\n\t"
        "fmul.d fa2, fa3, fa4\n\t"
        "vfmv.v.f v3, fa2\n\t"
        "vfmul.vv v4, v2, v3\n\t"
        "fsub.d %0, fa2, fa5\n\t"
        "vfadd.vv v5, v4, v1\n\t"
        "vfmv.f.s fa1, v5\n\t"
        "fadd.d %0, %0, fa1\n\t"
        : "=&f"(r) : "r"(p) : "fa1", "fa2", "fa3", "fa4", "fa5", "memory");
    return r;
}

/* the same with fflags cleared first: every vfop takes its helper (NX not raised), with FP
 * values live in xmm registers across the calls */
static double fp_mix_slow(const double *p)
{
    double r;
    __asm__ volatile(
        "fsflags zero\n\t"
        "vsetivli zero, 2, e64, m1, ta, ma\n\t"
        "fld fa5, 0(%1)\n\t"
        "fld fa4, 8(%1)\n\t"
        "fadd.d fa3, fa5, fa4\n\t"
        "fmul.d fa2, fa5, fa4\n\t"
        "vfmv.v.f v1, fa5\n\t"
        "vfadd.vv v2, v1, v1\n\t"
        "vfmul.vv v4, v2, v1\n\t"
        "fadd.d fa1, fa3, fa2\n\t"
        "vfsub.vv v5, v4, v2\n\t"
        "fsub.d %0, fa1, fa5\n\t"
        "vfmv.f.s fa0, v5\n\t"
        "fadd.d %0, %0, fa0\n\t"
        "fadd.d %0, %0, fa3\n\t"
        : "=&f"(r) : "r"(p) : "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "memory");
    return r;
}

/* cached results, then a load from a PROT_NONE page */
static void fault_mid(void *bad)
{
    __asm__ volatile(
        "vsetivli zero, 4, e32, m1, ta, ma\n\t"
        "vadd.vv v1, v2, v3\n\t"
        "vxor.vv v2, v1, v4\n\t"
        "vsetivli zero, 2, e32, m1, ta, ma\n\t"
        "vsll.vi v3, v2, 5\n\t"
        "vle32.v v4, (%0)\n\t"
        "vadd.vv v5, v4, v3\n\t"
        :: "r"(bad) : "memory");
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    vt_fill_mem(src, sizeof src, 11);

    vt_fill_regs(1);
    __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma\n\tvmv.v.i v0, 5" ::: "memory");
    helper_writes();
    show("helper");

    vt_fill_regs(2);
    uint64_t x = scalar_moves(2.5);
    printf("vmv.x.s %016llx\n", (unsigned long long)x);
    show("scalar");

    vt_fill_regs(3);
    partial();
    show("partial");
    vt_dump_mem("partial mem", src + 8, 16);

    for (int i = 0; i < 4; i++) {
        vt_fill_regs(4 + (uint32_t)i);
        runtime_vl(i & 1 ? 3 : 64);
        show(i & 1 ? "short vl" : "vlmax");
    }
    vt_dump_mem("runtime mem", src + 16, 32);

    vt_fill_regs(8);
    double in[2] = { 1.5, -0.75 };
    double r = fp_mix(in);
    printf("fp_mix %a\n", r);
    show("fp");
    vt_fill_regs(12);
    r = fp_mix_slow(in);
    printf("fp_mix_slow %a\n", r);
    show("fp slow");

    vt_catch_segv();
    uint8_t *m = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(m + 4096, 4096, PROT_NONE);
    for (int i = 0; i < 2; i++) {
        vt_fill_regs(9 + (uint32_t)i);
        if (sigsetjmp(vt_fault_jb, 1) == 0) {
            fault_mid(m + 4096 + 16);
            printf("fault: none\n");
        } else {
            printf("fault: SIGSEGV at +%ld\n", (long)(vt_fault_addr - (uintptr_t)m));
        }
        show("fault");
    }
    return 0;
}
