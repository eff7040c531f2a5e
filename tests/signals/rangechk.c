/* Guest accesses whose address is a base plus a small index (table lookups: the back end
 * checks the base once and lets the index land in the reservation's guards): every bad
 * access must still be a precise SIGSEGV (si_addr the address the hardware faults on, pc of
 * the access, registers as they were) and every good one must load, also when the base is
 * far out of range and the index brings the address back (wrap-around) or when an earlier
 * lookup off the same base passed. Compared with qemu-riscv64; rangechk_high.c adds bases at
 * and above 2^38 (outside Sv39), where qemu-riscv64 7.2 reports si_addr 0 or SEGV_ACCERR
 * while the kernel reports the address and SEGV_MAPERR: rangechk_high.expected holds the
 * kernel's result. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>
#include <sys/mman.h>

typedef uint64_t (*lookup_fn)(uint64_t base, uint64_t x, uint64_t y);

/* a0 = base, a1, a2 = raw indexes; the index arithmetic is what compilers emit. */
__asm__(
    ".text\n"
    ".globl lk_lw\n lk_lw:\n"          /* T-table: ((x >> 8) & 255) * 4 */
    "  srliw t0, a1, 8\n  andi t0, t0, 255\n  slli t0, t0, 2\n  add t0, a0, t0\n"
    "  lw a0, 0(t0)\n  ret\n"
    ".globl lk_two\n lk_two:\n"        /* two lookups off one base: the second's check is shared */
    "  andi t0, a1, 255\n  add t0, a0, t0\n  lbu t1, 0(t0)\n"
    "  andi t2, a2, 2047\n  add t2, a0, t2\n  lbu a0, 0(t2)\n  add a0, a0, t1\n  ret\n"
    ".globl lk_sw\n lk_sw:\n"          /* a store off a masked index */
    "  andi t0, a1, 2047\n  add t0, a0, t0\n  sw a2, 0(t0)\n  li a0, 7\n  ret\n"
    ".globl lk_neg\n lk_neg:\n"        /* index plus a negative displacement */
    "  andi t0, a1, 255\n  add t0, a0, t0\n  lbu a0, -16(t0)\n  ret\n"
    ".globl lk_far\n lk_far:\n"        /* a 24-bit index (srli by 40) */
    "  srli t0, a1, 40\n  add t0, t0, a0\n  lbu a0, 0(t0)\n  ret\n"
    ".globl lk_byte\n lk_byte:\n"      /* an index loaded with lbu (sbox[in[i]]) */
    "  lbu t0, 0(a1)\n  add t0, a0, t0\n  lbu a0, 3(t0)\n  ret\n"
    ".globl lk_disp\n lk_disp:\n"      /* plain base + displacement */
    "  ld a0, 16(a0)\n  ret\n"
    ".globl lk_sp\n lk_sp:\n"          /* stack slot by a masked index, then a wild lookup */
    "  addi sp, sp, -64\n  sd a1, 0(sp)\n  sd a2, 8(sp)\n  andi t0, a1, 8\n  add t0, sp, t0\n"
    "  ld t1, 0(t0)\n  andi t2, t1, 255\n  add t2, a0, t2\n  lbu a0, 0(t2)\n"
    "  addi sp, sp, 64\n  ret\n");

uint64_t lk_lw(uint64_t, uint64_t, uint64_t), lk_two(uint64_t, uint64_t, uint64_t);
uint64_t lk_sw(uint64_t, uint64_t, uint64_t), lk_neg(uint64_t, uint64_t, uint64_t);
uint64_t lk_far(uint64_t, uint64_t, uint64_t), lk_byte(uint64_t, uint64_t, uint64_t);
uint64_t lk_disp(uint64_t, uint64_t, uint64_t), lk_sp(uint64_t, uint64_t, uint64_t);

static sigjmp_buf env;
static volatile uintptr_t f_addr, f_pc, f_a0, f_a1, f_t0, f_t1, f_t2, f_sp;
static volatile int f_code;

static void h_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    f_addr = (uintptr_t)si->si_addr;
    f_code = si->si_code;
    f_pc = uc->uc_mcontext.__gregs[REG_PC];
    f_a0 = uc->uc_mcontext.__gregs[REG_A0];
    f_a1 = uc->uc_mcontext.__gregs[REG_A0 + 1];
    f_t0 = uc->uc_mcontext.__gregs[5];
    f_t1 = uc->uc_mcontext.__gregs[6];
    f_t2 = uc->uc_mcontext.__gregs[7];
    f_sp = uc->uc_mcontext.__gregs[REG_SP];
    siglongjmp(env, sig);
}

static uint8_t table[4096] __attribute__((aligned(4096)));
static uint8_t idx_bytes[4] = { 0, 0x7f, 0xff, 0x10 };

static void run(const char *name, lookup_fn fn, uint64_t base, uint64_t x, uint64_t y)
{
    volatile uintptr_t sp0 = 0;
    __asm__ volatile("mv %0, sp" : "=r"(sp0));
    int sig = sigsetjmp(env, 1);
    if (sig == 0) {
        uint64_t v = fn(base, x, y);
        printf("%-10s base %#18llx x %#llx y %#llx: value %#llx\n", name,
               (unsigned long long)base, (unsigned long long)x, (unsigned long long)y,
               (unsigned long long)v);
        return;
    }
    uintptr_t t0 = fn == lk_sp ? f_t0 - f_sp : f_t0;   /* stacks differ between emulators */
    printf("%-10s base %#18llx x %#llx y %#llx: sig %d addr %#llx code %d pc +%lld "
           "a0 %#llx a1 %#llx t0 %#llx t1 %#llx t2 %#llx sp-frame %lld\n", name,
           (unsigned long long)base, (unsigned long long)x, (unsigned long long)y, sig,
           (unsigned long long)f_addr, f_code, (long long)(f_pc - (uintptr_t)fn),
           (unsigned long long)f_a0, (unsigned long long)f_a1, (unsigned long long)t0,
           (unsigned long long)f_t1, (unsigned long long)f_t2, (long long)(sp0 - f_sp));
}

#define RUN(fn, b, x, y) run(#fn, fn, (uint64_t)(b), (uint64_t)(x), (uint64_t)(y))

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    for (int i = 0; i < 4096; i++)
        table[i] = (uint8_t)(i * 7 + 3);
    uint64_t t = (uint64_t)(uintptr_t)table;
    /* One readable page with an inaccessible one after it. */
    /* Fixed addresses: the printed addresses must match between emulators. */
    uint8_t *pg = mmap((void *)0x200000000ul, 8192, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (pg == MAP_FAILED)
        return 1;
    mprotect(pg + 4096, 4096, PROT_NONE);
    for (int i = 0; i < 4096; i++)
        pg[i] = (uint8_t)(i ^ 0x5a);
    uint64_t end = (uint64_t)(uintptr_t)(pg + 4096);
    /* a hole: mapped, then unmapped */
    uint8_t *hole = mmap((void *)0x200010000ul, 4096, PROT_READ,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    munmap(hole, 4096);
    uint64_t h = (uint64_t)(uintptr_t)hole;

#ifdef RANGECHK_HIGH
    static const uint64_t wild[] = { 0xdead000000000000ull, (1ull << 38) - 8, 1ull << 38, 1ull << 63 };
#else
    static const uint64_t wild[] = {
        (1ull << 40) - 8, 1ull << 40, (1ull << 40) + 0x1000, (uint64_t)-16,
        (uint64_t)-(1ll << 30), (uint64_t)-(1ll << 30) - 8, (uint64_t)-(1ll << 31), (uint64_t)-1, 0,
    };
#endif
    for (int r = 0; r < 3; r++) {   /* several rounds: translated, then chained blocks */
        RUN(lk_lw, t, 0x1234 + r, 0);
        RUN(lk_lw, t, 0xffffffff, 0);
        RUN(lk_lw, end - 1024, 0xff00, 0);      /* last word of the page */
        RUN(lk_lw, end - 1020, 0xff00, 0);      /* one byte past it: faults at end */
        RUN(lk_lw, end - 1020, 0xfe00, 0);
        RUN(lk_two, t, 0x17, 0x7ff);
        RUN(lk_two, end - 2047, 0xff, 2046);    /* second index at the edge */
        RUN(lk_two, end - 2047, 0xff, 2047);    /* one past: the second lookup faults */
        RUN(lk_two, end - 100, 0x10, 500);      /* the first passes, the second faults */
        RUN(lk_sw, end - 2048, 2047, 0x11223344); /* a store crossing the page end */
        RUN(lk_sw, end - 2048, 2044, 0x11223344);
        RUN(lk_neg, end + 16, 0, 0);            /* base past the end, displacement back in */
        RUN(lk_neg, end + 16, 1, 0);
        RUN(lk_neg, t + 16, 255, 0);
        RUN(lk_far, t - (0x800000ull), 0x800000ull << 40, 0);   /* base wraps back (band) */
        RUN(lk_far, t - (0x800000ull) + 5, 0x7fffffull << 40, 0);
        RUN(lk_far, (uint64_t)-(1ll << 20), 0x1ull << 40, 0);   /* lands at 0: faults */
        RUN(lk_far, h, 0x10ull << 40, 0);       /* in the hole */
        RUN(lk_byte, t, (uint64_t)(uintptr_t)&idx_bytes[r], 0);
        RUN(lk_byte, end - 0x100, (uint64_t)(uintptr_t)&idx_bytes[2], 0);
        RUN(lk_byte, end - 0x102, (uint64_t)(uintptr_t)&idx_bytes[2], 0);
        RUN(lk_byte, h, (uint64_t)(uintptr_t)&idx_bytes[1], 0);
        RUN(lk_byte, t, 0x8, 0);                /* the index load itself faults */
        RUN(lk_disp, t, 0, 0);
        RUN(lk_disp, (uint64_t)-8, 0, 0);       /* 16(-8): address 8 */
        RUN(lk_disp, end - 16, 0, 0);
        RUN(lk_sp, t, 3, 0x42);                 /* stack slot 0, then table[0x03] */
        RUN(lk_sp, t, 8, 0x42);                 /* stack slot 8, then table[0x42] */
        RUN(lk_sp, end - 0x41, 8, 0x42);
        for (size_t w = 0; w < sizeof wild / sizeof wild[0]; w++) {
            RUN(lk_lw, wild[w], 0x4400, 0);
            RUN(lk_two, wild[w], 0x20, 0x40);
            RUN(lk_sw, wild[w], 0x7f0, 5);
            RUN(lk_neg, wild[w], 0x3, 0);
            RUN(lk_far, wild[w], 0xfull << 40, 0);
            RUN(lk_disp, wild[w], 0, 0);
            RUN(lk_sp, wild[w], 8, 0x42);
        }
    }
    return 0;
}
