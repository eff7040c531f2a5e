/* vtest: vlen=128,512
 * Reserved vector load/store encodings and configurations raise SIGILL (the handler skips the
 * instruction): misaligned register groups, EMUL out of range, nf * EMUL > 8 or past v31, a
 * masked load into v0, indexed overlaps against the rules, anything but whole-register
 * accesses under vill; the legal neighbours of each run. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include "vtest.h"

static volatile int ills;
static uint8_t buf[8192] __attribute__((aligned(64)));

static void on_ill(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)si;
    ((ucontext_t *)uc)->uc_mcontext.__gregs[REG_PC] += 4;
    ills++;
}

#define T(name, vtype, text)                                                                   \
    do {                                                                                       \
        ills = 0;                                                                              \
        __asm__ volatile("vsetvl zero, %0, %1" : : "r"(4L), "r"((long)(vtype)));               \
        __asm__ volatile(text : : "r"(buf) : "memory");                                        \
        printf("%-40s %s\n", name, ills ? "SIGILL" : "ok");                                     \
    } while (0)

/* the same with vtype known at translation time (vsetvli in the same block) */
#define TI(name, vt, text)                                                                     \
    do {                                                                                       \
        ills = 0;                                                                              \
        __asm__ volatile("vsetvli zero, %1, " vt "\n\t" text : : "r"(buf), "r"(4L) : "memory"); \
        printf("%-40s %s\n", name, ills ? "SIGILL" : "ok");                                     \
    } while (0)

#define VILL (1ull << 63)

int main(void)
{
    vt_init();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    T("vle32 v9 e32,m2", 0xd1, "vle32.v v9, (%0)");
    T("vle32 v10 e32,m2", 0xd1, "vle32.v v10, (%0)");
    T("vle64 v8 e8,m4 (EMUL 32)", 0xc2, "vle64.v v8, (%0)");
    T("vle64 v8 e8,m1 (EMUL 8)", 0xc0, "vle64.v v8, (%0)");
    T("vle8 v8 e64,m1 (EMUL 1/8)", 0xd8, "vle8.v v8, (%0)");
    T("vle8 v8 e64,mf2 (vill)", 0xdf, "vle8.v v8, (%0)");
    T("vle8 v0 masked", 0xc0, "vle8.v v0, (%0), v0.t");
    T("vse8 v0 masked", 0xc0, "vse8.v v0, (%0), v0.t");
    T("vlseg4e32 e32,m4 (nf*EMUL 16)", 0xd2, "vlseg4e32.v v8, (%0)");
    T("vlseg4e32 e32,m2", 0xd1, "vlseg4e32.v v8, (%0)");
    T("vlseg8e8 v28 e8,m1 (past v31)", 0xc0, "vlseg8e8.v v28, (%0)");
    T("vlseg4e8 v28 e8,m1", 0xc0, "vlseg4e8.v v28, (%0)");
    T("vl2re8 v9", 0xc0, "vl2re8.v v9, (%0)");
    T("vl4re8 v12 vill", VILL, "vl4re8.v v12, (%0)");
    T("vs8r v8 vill", VILL, "vs8r.v v8, (%0)");
    T("vle8 vill", VILL, "vle8.v v8, (%0)");
    T("vlm vill", VILL, "vlm.v v8, (%0)");
    T("vlm e64,m8", 0xdb, "vlm.v v8, (%0)");
    T("vluxei8 v8,v8 e32,m1 (widening overlap)", 0xd0, "vluxei8.v v8, (%0), v8");
    T("vluxei32 v8,v8 e8,m1 (narrow, low part)", 0xc0, "vluxei32.v v8, (%0), v8");
    T("vluxei32 v8,v9 e8,m1 (narrow, high part)", 0xc0, "vluxei32.v v8, (%0), v9");
    T("vluxei8 v8,v11 e32,m4 (in vd's group)", 0xd2, "vluxei8.v v8, (%0), v11");
    T("vluxei8 v8,v15 e16,m8 (highest part)", 0xcb, "vluxei8.v v8, (%0), v12");
    T("vluxseg2ei8 v8,v9 (segment overlap)", 0xc0, "vluxseg2ei8.v v8, (%0), v9");
    T("vluxseg2ei8 v8,v10", 0xc0, "vluxseg2ei8.v v8, (%0), v10");
    T("vsuxei8 v8,v8 e32,m1 (store: no rule)", 0xd0, "vsuxei8.v v8, (%0), v8");
    T("vluxei64 v8,v9 e8,m1 (index EMUL 8 misaligned)", 0xc0, "vluxei64.v v8, (%0), v9");
    T("vlse16 v2 e16,m2", 0xc9, "vlse16.v v2, (%0), zero");
    TI("known: vle32 v9 e32,m2", "e32,m2,ta,ma", "vle32.v v9, (%0)");
    TI("known: vle32 v10 e32,m2", "e32,m2,ta,ma", "vle32.v v10, (%0)");
    TI("known: vle8 v0 masked", "e8,m1,ta,ma", "vle8.v v0, (%0), v0.t");
    TI("known: vle8 e64,mf2 (vill)", "e64,mf2,ta,ma", "vle8.v v8, (%0)");
    TI("known: vl1re8 e64,mf2 (vill)", "e64,mf2,ta,ma", "vl1re8.v v8, (%0)");
    TI("known: vlseg8e16 e16,m2", "e16,m2,ta,ma", "vlseg8e16.v v8, (%0)");
    TI("known: vluxseg2ei8 v8,v9", "e8,m1,ta,ma", "vluxseg2ei8.v v8, (%0), v9");
    return 0;
}
