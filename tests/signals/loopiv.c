/* Loops whose access address moves by a constant step per iteration (induction variables):
 * qelt checks such an address once, before the loop, and lets the later iterations walk into
 * the unmapped guard past the reservation (or below 0), where they fault. Every bad access
 * must still be a precise SIGSEGV: si_addr the address, pc of the access, the registers of
 * its iteration, the stores of the earlier iterations done. Loops walk forward and backward
 * by 1, 4, 8 and 64 KiB / 1 MiB, with displacements, through a scaled index, with an access
 * that runs only every 4th iteration, off the end of a mapping and below the lowest one.
 * Compared with qemu-riscv64. loopiv_high.c runs the same loops into the guard above the
 * reservation (2^40), below address 0 and with bad values at the loop's entry (where
 * qemu-riscv64 7.2 reports other si_addr / si_code values than the kernel: its expected
 * output is the kernel's). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

typedef uint64_t (*loop_fn)(uint64_t, uint64_t, uint64_t, uint64_t);

/* Arguments a0..a3; the loops count in a5, sum in a2 (where not an argument). */
__asm__(
    ".text\n"
    /* dhry's str_copy: a0 dst, a1 src, a2 bound, a3 the first byte */
    ".globl iv_copy\n iv_copy:\n"
    "  mv a4, a3\n  li a5, 0\n"
    "1: beq a5, a2, 2f\n  add a3, a0, a5\n  addi a5, a5, 1\n  sb a4, 0(a3)\n"
    "  add a4, a1, a5\n  lbu a4, 0(a4)\n  bnez a4, 1b\n"
    "2: mv a0, a5\n  ret\n"
    /* a0 ptr, a1 n: sum of n quadwords forward */
    ".globl iv_sum8\n iv_sum8:\n"
    "  li a5, 0\n"
    "1: ld t0, 0(a0)\n  add a5, a5, t0\n  addi a0, a0, 8\n  addi a1, a1, -1\n  bnez a1, 1b\n"
    "  mv a0, a5\n  ret\n"
    /* a0 end, a1 n: words backward, displacement -4 */
    ".globl iv_back4\n iv_back4:\n"
    "  li a5, 0\n"
    "1: lw t0, -4(a0)\n  addi a0, a0, -4\n  add a5, a5, t0\n  addi a1, a1, -1\n  bnez a1, 1b\n"
    "  mv a0, a5\n  ret\n"
    /* a0 ptr, a1 n: a byte at +8 every 64 KiB forward */
    ".globl iv_step\n iv_step:\n"
    "  li a5, 0\n"
    "1: lui t1, 0x10\n  lbu t0, 8(a0)\n  add a0, a0, t1\n  add a5, a5, t0\n  addi a1, a1, -1\n"
    "  bnez a1, 1b\n  mv a0, a5\n  ret\n"
    /* a0 ptr, a1 n: a byte at +8 every 1 MiB backward, stored back incremented */
    ".globl iv_stepb\n iv_stepb:\n"
    "  li a5, 0\n"
    "1: lui t1, 0xfff00\n  lbu t0, 8(a0)\n  addi t0, t0, 1\n  sb t0, 8(a0)\n  add a0, a0, t1\n"
    "  add a5, a5, t0\n  addi a1, a1, -1\n  bnez a1, 1b\n  mv a0, a5\n  ret\n"
    /* a0 ptr, a1 n: a byte at +8 every 1 MiB backward, read only */
    ".globl iv_down\n iv_down:\n"
    "  li a5, 0\n"
    "1: lui t1, 0xfff00\n  lbu t0, 8(a0)\n  add a0, a0, t1\n  add a5, a5, t0\n  addi a1, a1, -1\n"
    "  bnez a1, 1b\n  mv a0, a5\n  ret\n"
    /* a0 base, a1 n: quadwords by a scaled index */
    ".globl iv_idx8\n iv_idx8:\n"
    "  li a5, 0\n  li a2, 0\n"
    "1: slli t0, a5, 3\n  add t0, a0, t0\n  ld t1, 0(t0)\n  addi a5, a5, 1\n  add a2, a2, t1\n"
    "  bne a5, a1, 1b\n  mv a0, a2\n  ret\n"
    /* a0 ptr, a1 n: a byte every 4th iteration only (a branch over the access) */
    ".globl iv_cond\n iv_cond:\n"
    "  li a5, 0\n  li a2, 0\n"
    "1: andi t0, a5, 3\n  bnez t0, 2f\n  lbu t1, 0(a0)\n  add a2, a2, t1\n"
    "2: addi a0, a0, 1\n  addi a5, a5, 1\n  bne a5, a1, 1b\n  mv a0, a2\n  ret\n"
    /* a0 ptr, a1 n: a byte at a0 + 0x10010 (a constant far beyond a displacement) */
    ".globl iv_far\n iv_far:\n"
    "  li a5, 0\n  li a2, 0\n"
    "1: lui t1, 0x10\n  addi t1, t1, 16\n  add t0, a0, t1\n  lbu t1, 0(t0)\n  add a2, a2, t1\n"
    "  addi a0, a0, 1\n  addi a5, a5, 1\n  bne a5, a1, 1b\n  mv a0, a2\n  ret\n"
    /* a0 list head: a pointer reloaded from memory each iteration (no step) */
    ".globl iv_list\n iv_list:\n"
    "  li a5, 0\n"
    "1: ld t0, 8(a0)\n  add a5, a5, t0\n  ld a0, 0(a0)\n  bnez a0, 1b\n  mv a0, a5\n  ret\n");

uint64_t iv_copy(uint64_t, uint64_t, uint64_t, uint64_t), iv_sum8(uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t iv_back4(uint64_t, uint64_t, uint64_t, uint64_t), iv_step(uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t iv_stepb(uint64_t, uint64_t, uint64_t, uint64_t), iv_idx8(uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t iv_cond(uint64_t, uint64_t, uint64_t, uint64_t), iv_far(uint64_t, uint64_t, uint64_t, uint64_t);
uint64_t iv_list(uint64_t, uint64_t, uint64_t, uint64_t), iv_down(uint64_t, uint64_t, uint64_t, uint64_t);

static sigjmp_buf env;
static volatile uintptr_t f_addr, f_pc, f_r[32];
static volatile int f_code;

static void h_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    f_addr = (uintptr_t)si->si_addr;
    f_code = si->si_code;
    f_pc = uc->uc_mcontext.__gregs[REG_PC];
    for (int i = 0; i < 32; i++)
        f_r[i] = uc->uc_mcontext.__gregs[i];
    siglongjmp(env, sig);
}

static uint8_t dst[64];

static void run(const char *name, loop_fn fn, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    memset(dst, 0, sizeof dst);
    int sig = sigsetjmp(env, 1);
    if (sig == 0) {
        uint64_t v = fn(a0, a1, a2, a3);
        printf("%-8s %#llx %#llx %#llx: value %#llx dst %.16s\n", name, (unsigned long long)a0,
               (unsigned long long)a1, (unsigned long long)a2, (unsigned long long)v, (char *)dst);
        return;
    }
    printf("%-8s %#llx %#llx %#llx: sig %d addr %#llx code %d pc +%lld a0 %#llx a1 %#llx a2 %#llx "
           "a3 %#llx a4 %#llx a5 %#llx t0 %#llx t1 %#llx dst %.16s\n", name,
           (unsigned long long)a0, (unsigned long long)a1, (unsigned long long)a2, sig,
           (unsigned long long)f_addr, f_code, (long long)(f_pc - (uintptr_t)fn),
           (unsigned long long)f_r[10], (unsigned long long)f_r[11], (unsigned long long)f_r[12],
           (unsigned long long)f_r[13], (unsigned long long)f_r[14], (unsigned long long)f_r[15],
           (unsigned long long)f_r[5], (unsigned long long)f_r[6], (char *)dst);
}

#define RUN(fn, a0, a1, a2, a3) run(#fn, fn, (uint64_t)(a0), (uint64_t)(a1), (uint64_t)(a2), (uint64_t)(a3))

/* A page at addr, readable and writable, filled with 'a'..'z' (never 0), and none at addr +
 * 4096. */
static uint64_t page(uint64_t addr)
{
    uint8_t *p = mmap((void *)addr, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED || (uint64_t)p != addr) {
        printf("mmap %#llx failed\n", (unsigned long long)addr);
        return 0;
    }
    for (int i = 0; i < 4096; i++)
        p[i] = (uint8_t)('a' + i % 26);
    return addr;
}

static void setup(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

#ifndef LOOPIV_HIGH
int main(void)
{
    setup();
    uint64_t A = page(0x200000000ul), C = page(0x200300000ul);
    uint64_t text = 0x10000;   /* the lowest mapping of the static binary (its ELF header) */
    if (!A || !C)
        return 1;
    static const char hello[] = "hello, world";
    RUN(iv_copy, dst, hello, 40, 'h');                 /* good: stops at the NUL */
    RUN(iv_copy, dst, hello, 5, 'h');                  /* good: stops at the bound */
    RUN(iv_copy, dst, A + 4096 - 10, 40, 'x');         /* the source walks off the page */
    RUN(iv_sum8, A, 16, 0, 0);
    RUN(iv_sum8, A + 4096 - 64, 100, 0, 0);            /* off the end by 8 */
    RUN(iv_back4, A + 40, 10, 0, 0);
    RUN(iv_back4, A + 40, 100, 0, 0);                  /* below the mapping by 4 */
    RUN(iv_back4, text + 8, 100, 0, 0);                /* below the lowest mapping */
    RUN(iv_step, A, 1, 0, 0);
    RUN(iv_step, A, 100, 0, 0);                        /* 64 KiB forward: a hole */
    RUN(iv_stepb, C, 1, 0, 0);
    RUN(iv_stepb, C, 100, 0, 0);                       /* 1 MiB backward: a hole, C updated */
    RUN(iv_idx8, A + 4096 - 24, 3, 0, 0);
    RUN(iv_idx8, A + 4096 - 24, 10, 0, 0);
    RUN(iv_cond, A + 4096 - 8, 8, 0, 0);               /* iterations 0 and 4 access */
    RUN(iv_cond, A + 4096 - 8, 100, 0, 0);             /* iteration 8 faults */
    RUN(iv_far, A - 0x10010, 100, 0, 0);
    RUN(iv_far, A + 4096 - 0x10010 - 3, 100, 0, 0);    /* off the end by 3 */
    uint64_t *l = (uint64_t *)(A + 1024);
    l[0] = A + 2048, l[1] = 5, l[128] = 0, l[129] = 7;
    RUN(iv_list, A + 1024, 0, 0, 0);
    l[128] = A + 8192;   /* the second node points into the hole */
    RUN(iv_list, A + 1024, 0, 0, 0);
    return 0;
}
#endif
