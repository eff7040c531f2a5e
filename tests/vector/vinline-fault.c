/* vtest: vlen=128,256
 * Faults of inline unit-stride accesses (translate-vinline.c: vle/vse right after a vsetvli,
 * vl = VLMAX, the whole access in one page): a load from a PROT_NONE page and a store to a
 * read-only page raise SIGSEGV at the instruction with si_addr = the first element's address,
 * vstart = 0, the destination registers / the memory unchanged; the same accesses when they
 * start on a good page and cross into the bad one (helper path: the fault is the first element
 * of the bad page, vstart its index). Prints what the handler saw. Identical to qemu-riscv64
 * 7.2 (checked); in pending/ until csrr/csrw vstart translate (the vector CSRs).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "vtest.h"

__attribute__((aligned(64))) static long vle_e32m2(void *p)
{
    long vl;
    __asm__ volatile("vsetvli %0, zero, e32, m2, ta, ma\n\tvle32.v v8, (%1)" : "=&r"(vl) : "r"(p) : "memory");
    return vl;
}

__attribute__((aligned(64))) static long vse_e32m2(void *p)
{
    long vl;
    __asm__ volatile("vsetvli %0, zero, e32, m2, ta, ma\n\tvse32.v v8, (%1)" : "=&r"(vl) : "r"(p) : "memory");
    return vl;
}

static uint8_t regs[32 * 128];

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    vt_init();
    unsigned vlenb = vt_vlenb();
    vt_catch_segv();
    uint8_t *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 0x5a, 3 * 4096);
    long bytes = 2 * (long)vlenb;
    for (int k = 0; k < 4; k++) {
        bool store = k & 1, cross = k & 2;
        mprotect(m + 4096, 4096, store ? PROT_READ : PROT_NONE);
        uint8_t *p = cross ? m + 4096 - 8 : m + 4096 + 16;
        vt_fill_mem(regs, sizeof regs, 3);
        vt_load_regs(regs);
        vt_fault_addr = 0;
        if (sigsetjmp(vt_fault_jb, 1) == 0) {
            long vl = store ? vse_e32m2(p) : vle_e32m2(p);
            printf("%s %s: no fault, vl %ld\n", store ? "vse" : "vle", cross ? "cross" : "inpage", vl);
        } else {
            printf("%s %s: SIGSEGV at +%ld, vstart %lu\n", store ? "vse" : "vle",
                   cross ? "cross" : "inpage", (long)(vt_fault_addr - (uintptr_t)m), vt_fault_vstart);
        }
        mprotect(m + 4096, 4096, PROT_READ | PROT_WRITE);
        uint8_t out[32 * 128];
        __asm__ volatile("csrw vstart, zero");
        vt_save_regs(out);
        /* v8..v9 unchanged after a faulting load's first element; memory after a store */
        printf("  regs %s, page0 tail %02x %02x\n", memcmp(out, regs, 32 * vlenb) ? "changed" : "same",
               m[4096 - 8], m[4096 - 1]);
        (void)bytes;
    }
    return 0;
}
