/* vtest: vlen=128,256
 * Faults in the middle of vector accesses: the second of two pages is PROT_NONE; the SIGSEGV
 * handler prints si_addr (relative to that page), makes the page accessible and then overwrites
 * the bytes the instruction already accessed in the first page with a marker, so the result
 * shows where the restarted instruction resumed: from vstart = the faulting element (the
 * elements before it keep what they loaded or stored before the fault). Also: masked-off
 * elements on the bad page do not fault, fault-only-first trims vl (no signal) unless element 0
 * faults, page-crossing elements, segment fields, whole registers, indexed and strided forms. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vtest.h"

static uint8_t *pages, *bad;
static volatile int faults;
static uint8_t out[32 * 128] __attribute__((aligned(64)));

static void handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    char b[96];
    int n = snprintf(b, sizeof b, "  SIGSEGV %d at bad%+ld\n", sig,
                     (long)((uint8_t *)si->si_addr - bad));
    write(1, b, (size_t)n);
    faults++;
    mprotect(bad, 4096, PROT_READ | PROT_WRITE);
    memset(bad - 256, 0xee, 256);   /* what the instruction already did is overwritten */
}

static void prepare(unsigned seed)
{
    mprotect(bad, 4096, PROT_READ | PROT_WRITE);
    vt_fill_mem(pages, 8192, seed);
    mprotect(bad, 4096, PROT_NONE);
    faults = 0;
    vt_fill_regs(seed + 100);
}

static void show(const char *name, bool store, int nregs)
{
    printf("%s: faults=%d\n", name, faults);
    mprotect(bad, 4096, PROT_READ | PROT_WRITE);
    if (store) {
        vt_dump_mem("  mem", bad - 64, 128);
    } else {
        vt_save_regs(out);
        unsigned vlenb = vt_vlenb();
        for (int r = 0; r < nregs; r++) {
            char t[32];
            snprintf(t, sizeof t, "  v%d", 8 + r);
            vt_dump_mem(t, out + (8 + r) * vlenb, vlenb);
        }
    }
}

static void setvl(uint64_t avl, uint64_t vtype)
{
    __asm__ volatile("vsetvl zero, %0, %1" : : "r"(avl), "r"(vtype));
}

#define RUN(name, store, nregs, seed, avl, vtype, text, p, s)                                 \
    do {                                                                                       \
        prepare(seed);                                                                         \
        setvl(avl, vtype);                                                                     \
        register void *a0 __asm__("a0") = (p);                                                 \
        register long a1 __asm__("a1") = (s);                                                  \
        __asm__ volatile(text : : "r"(a0), "r"(a1) : "memory");                                \
        show(name, store, nregs);                                                              \
    } while (0)

int main(void)
{
    vt_init();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    bad = pages + 4096;
    /* e32,m2: element 5 is the first on the bad page */
    RUN("vle32", false, 2, 1, 16, 0xd1, "vle32.v v8, (a0)", bad - 20, 0);
    RUN("vse32", true, 0, 2, 16, 0xd1, "vse32.v v8, (a0)", bad - 20, 0);
    /* an element across the page boundary: e64, element 1 at bad-4 */
    RUN("vle64-cross", false, 1, 3, 4, 0xd8, "vle64.v v8, (a0)", bad - 12, 0);
    RUN("vse64-cross", true, 0, 4, 4, 0xd8, "vse64.v v8, (a0)", bad - 12, 0);
    /* strided: 100-byte stride, element 3 faults */
    RUN("vlse16", false, 1, 5, 8, 0xc8, "vlse16.v v8, (a0), a1", bad - 250, 100);
    RUN("vsse16", true, 0, 6, 8, 0xc8, "vsse16.v v8, (a0), a1", bad - 250, 100);
    /* segment: 3 fields of 4 bytes, element 2's second field faults */
    RUN("vlseg3e32", false, 3, 7, 4, 0xd0, "vlseg3e32.v v8, (a0)", bad - 28, 0);
    RUN("vsseg3e32", true, 0, 8, 4, 0xd0, "vsseg3e32.v v8, (a0)", bad - 28, 0);
    /* masked off on the bad page: no fault (v0 = 0x1f: elements 0..4 active) */
    __asm__ volatile("vsetivli zero, 1, e8, m1, ta, ma");
    prepare(9);
    {
        static uint8_t m[128] = { 0x1f };
        __asm__ volatile("vl1re8.v v0, (%0)" : : "r"(m) : "memory");
        setvl(16, 0xd1);
        register void *a0 __asm__("a0") = bad - 20;
        __asm__ volatile("vle32.v v8, (a0), v0.t" : : "r"(a0) : "memory");
        show("vle32-masked", false, 2);
    }
    /* fault-only-first: vl trimmed to 5, no signal; then vse32 shows the 5 elements */
    prepare(10);
    {
        static uint8_t dst[512];
        memset(dst, 0, sizeof dst);
        setvl(16, 0xd1);
        register void *a0 __asm__("a0") = bad - 20;
        __asm__ volatile("vle32ff.v v8, (a0)\n\tvse32.v v8, (%1)" : : "r"(a0), "r"(dst) : "memory");
        printf("vle32ff: faults=%d\n", faults);
        vt_dump_mem("  stored", dst, 64);
    }
    /* fault-only-first with element 0 on the bad page: a trap, then the restart */
    RUN("vle32ff-elem0", false, 2, 11, 16, 0xd1, "vle32ff.v v8, (a0)", bad + 4, 0);
    /* whole registers: vl2re32 from bad-36, element 9 faults (vtype does not matter) */
    RUN("vl2re32", false, 2, 12, 0, 1ull << 63, "vl2re32.v v8, (a0)", bad - 36, 0);
    RUN("vs2r", true, 0, 13, 0, 1ull << 63, "vs2r.v v8, (a0)", bad - 36, 0);
    /* indexed: offsets 0, 8, 16, 24, ... from bad-40: element 5 faults */
    {
        static uint8_t idx[128 * 2];
        for (unsigned i = 0; i < sizeof idx / 2; i++) {
            uint16_t v = (uint16_t)(i * 8);
            memcpy(idx + 2 * i, &v, 2);
        }
        prepare(14);
        __asm__ volatile("vl2re16.v v16, (%0)" : : "r"(idx) : "memory");
        setvl(8, 0xd1);
        register void *a0 __asm__("a0") = bad - 40;
        __asm__ volatile("vloxei16.v v8, (a0), v16" : : "r"(a0) : "memory");
        show("vloxei16", false, 2);
        prepare(15);
        __asm__ volatile("vl2re16.v v16, (%0)" : : "r"(idx) : "memory");
        setvl(8, 0xd1);
        a0 = bad - 40;
        __asm__ volatile("vsuxei16.v v8, (a0), v16" : : "r"(a0) : "memory");
        show("vsuxei16", true, 0);
    }
    return 0;
}
