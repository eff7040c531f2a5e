/* vtest: vlen=128
 * Under vill (after a vsetvl with a reserved vtype), vmv1r.v/vmv2r.v copy whole registers (they
 * do not depend on vtype, spec 3.4.4) and an integer instruction that does (vadd.vv, vmv.x.s)
 * raises SIGILL. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static sigjmp_buf jb;
static void on_ill(int sig) { (void)sig; siglongjmp(jb, 1); }

#define TRY(name, insn) do { \
        if (sigsetjmp(jb, 1)) { printf("%s: SIGILL\n", name); break; } \
        __asm__ volatile(insn ::: "memory"); printf("%s: ok\n", name); \
    } while (0)

int main(void)
{
    static uint8_t before[32 * 128], after[32 * 128];
    signal(SIGILL, on_ill);
    vt_init();
    unsigned vlenb = vt_vlenb();
    vt_fill_regs(7);
    vt_save_regs(before);
    uint64_t vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(8ull), "r"(1ull << 63));
    printf("vl under vill: %llu\n", (unsigned long long)vl);
    TRY("vmv1r.v v8, v9", "vmv1r.v v8, v9");
    TRY("vmv2r.v v10, v12", "vmv2r.v v10, v12");
    TRY("vadd.vv v1, v2, v3", "vadd.vv v1, v2, v3");
    TRY("vmv.x.s zero, v2", "vmv.x.s zero, v2");
    vt_save_regs(after);
    memcpy(before + 8 * vlenb, before + 9 * vlenb, vlenb);
    memcpy(before + 10 * vlenb, before + 12 * vlenb, 2 * vlenb);
    printf("registers as expected: %s\n", memcmp(before, after, 32 * vlenb) ? "no" : "yes");
    return 0;
}
