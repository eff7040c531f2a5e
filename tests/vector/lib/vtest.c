/*
 * The vector test library (vtest.h). Register images go through a static buffer big enough
 * for VLEN 1024 (32 registers of 128 bytes).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "vtest.h"

static uint8_t regbuf[32 * 128] __attribute__((aligned(64)));

static unsigned vlenb;

void vt_init(void)
{
    uint64_t n;
    __asm__ volatile("vsetvli %0, zero, e8, m1, ta, ma" : "=r"(n));
    vlenb = (unsigned)n;
}

unsigned vt_vlenb(void)
{
    return vlenb;
}

void vt_fill_mem(void *p, size_t len, uint32_t seed)
{
    uint8_t *b = p;
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b[i] = (uint8_t)(x >> 7);
    }
}

void vt_save_regs(uint8_t *buf)
{
    size_t g = 8 * (size_t)vt_vlenb();
    __asm__ volatile("vs8r.v v0, (%0)\n\tvs8r.v v8, (%1)\n\tvs8r.v v16, (%2)\n\tvs8r.v v24, (%3)"
                     : : "r"(buf), "r"(buf + g), "r"(buf + 2 * g), "r"(buf + 3 * g) : "memory");
}

void vt_load_regs(const uint8_t *buf)
{
    size_t g = 8 * (size_t)vt_vlenb();
    __asm__ volatile("vl8re8.v v0, (%0)\n\tvl8re8.v v8, (%1)\n\tvl8re8.v v16, (%2)\n\t"
                     "vl8re8.v v24, (%3)"
                     : : "r"(buf), "r"(buf + g), "r"(buf + 2 * g), "r"(buf + 3 * g) : "memory");
}

void vt_fill_regs(uint32_t seed)
{
    vt_fill_mem(regbuf, 32 * (size_t)vt_vlenb(), seed);
    vt_load_regs(regbuf);
}

void vt_dump_mem(const char *tag, const void *p, size_t len)
{
    const uint8_t *b = p;
    printf("%s:", tag);
    for (size_t i = 0; i < len; i++)
        printf("%s%02x", i && i % 16 == 0 ? " " : "", b[i]);
    printf("\n");
}

void vt_dump_regs(const char *tag, int first, int n)
{
    unsigned vlenb = vt_vlenb();
    vt_save_regs(regbuf);
    for (int r = first; r < first + n && r < 32; r++) {
        char t[64];
        snprintf(t, sizeof t, "%s v%d", tag, r);
        vt_dump_mem(t, regbuf + (size_t)r * vlenb, vlenb);
    }
}

uint64_t vt_hash(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint64_t h = 1469598103934665603ull;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

sigjmp_buf vt_fault_jb;
volatile uintptr_t vt_fault_addr;
volatile unsigned long vt_fault_vstart;

static void vt_on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig; (void)uc;
    unsigned long vs;
    __asm__ volatile("csrr %0, vstart" : "=r"(vs));
    vt_fault_addr = (uintptr_t)si->si_addr;
    vt_fault_vstart = vs;
    siglongjmp(vt_fault_jb, 1);
}

void vt_catch_segv(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = vt_on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
}
