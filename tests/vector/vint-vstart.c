/* vtest: vlen=128 qemu=no: qemu-riscv64 7.2 leaves vstart set after vmv.x.s, vmv.s.x and vslideup (and, decided when it translates a block, runs the vstart = 0-only instructions below when the same code ran before with vstart = 0)
 * vstart = 3 after vsetivli 8 at e32,m1 (vl = 4 at VLEN 128): the instructions the spec makes
 * illegal unless vstart = 0 (reductions, vcpop.m, vfirst.m, vmsbf/vmsif/vmsof, viota.m,
 * vcompress.vm) raise SIGILL and leave vstart alone; vmv.x.s, vmv.s.x (vstart < vl: writes element 0), vslideup (elements from
 * vstart) and vmv2r.v (from element vstart at EEW = SEW) complete and reset vstart to 0. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include "vtest.h"

static sigjmp_buf jb;
static void on_ill(int sig) { (void)sig; siglongjmp(jb, 1); }

#define T(name, insn) do { \
        uint64_t r = 0x55, vs = 0; \
        vt_fill_regs(5); \
        __asm__ volatile("vsetivli zero, 8, e32, m1, tu, mu"); \
        if (sigsetjmp(jb, 1)) { \
            __asm__ volatile("csrr %0, vstart\n\tcsrwi vstart, 0" : "=r"(vs)); \
            printf("%s: SIGILL, vstart %llu\n", name, (unsigned long long)vs); \
            break; \
        } \
        __asm__ volatile("csrwi vstart, 3\n\t" insn "\n\tcsrr %1, vstart" \
                         : "+r"(r) , "=r"(vs) : : "memory"); \
        printf("%s: r %llx, vstart %llu\n", name, (unsigned long long)r, \
               (unsigned long long)vs); \
        vt_dump_regs(name, 8, 2); \
    } while (0)

int main(void)
{
    signal(SIGILL, on_ill);
    vt_init();
    T("vredsum.vs", "vredsum.vs v8, v16, v24");
    T("vwredsum.vs", "vwredsum.vs v8, v16, v24");
    T("vcpop.m", "vcpop.m %0, v4");
    T("vfirst.m", "vfirst.m %0, v4");
    T("vmsbf.m", "vmsbf.m v8, v4");
    T("vmsof.m", "vmsof.m v8, v4");
    T("viota.m", "viota.m v8, v4");
    T("vcompress.vm", "vcompress.vm v8, v16, v4");
    T("vmv.x.s", "vmv.x.s %0, v16");
    T("vmv.s.x", "vmv.s.x v8, %0");
    T("vslideup.vi", "vslideup.vi v8, v16, 1");
    T("vmv2r.v", "vmv2r.v v8, v18");
    T("vadd.vv", "vadd.vv v8, v16, v24");
    return 0;
}
