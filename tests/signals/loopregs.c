/*
 * Guest registers of a hot self-loop (a block whose back edge jumps to its own start) must be
 * exact wherever the loop is left: when a timer signal arrives between iterations (the
 * handler reads them from its ucontext), when a load in the loop faults (SIGSEGV at the
 * load, with the registers updated earlier in that iteration), and after the loop exits.
 * The loops use t3-t6 and s2-s3, registers qelt does not pin to host registers (so they go
 * through its local allocator: the case a back end that carries registers across a loop's back
 * edge must get right), each stepped by a different constant every iteration. Output is
 * deterministic: relations checked in the handlers, final values.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

extern char loop_head[], fault_load[];
static volatile long ticks, at_head, bad;
static uint64_t seen[6];
static sigjmp_buf jb;

/* gregs index of xN (gregs[0] is the pc) */
static uint64_t xreg(const ucontext_t *uc, int n) { return uc->uc_mcontext.__gregs[n]; }

/* At the loop head every register is the iteration count times its step. */
static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    ticks++;
    if (xreg(uc, 0) != (uint64_t)loop_head)
        return;
    at_head++;
    uint64_t i = xreg(uc, 28);
    if (xreg(uc, 29) != 3 * i || xreg(uc, 30) != 5 * i || xreg(uc, 31) != 7 * i ||
        xreg(uc, 18) != 11 * i || xreg(uc, 19) != 13 * i)
        bad++;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    seen[0] = xreg(uc, 0) == (uint64_t)fault_load;
    seen[1] = xreg(uc, 28);   /* iterations started */
    seen[2] = xreg(uc, 29);   /* 3 per iteration, this one's step done */
    seen[3] = xreg(uc, 30);   /* sum of the values loaded before the fault */
    seen[4] = xreg(uc, 31);
    seen[5] = xreg(uc, 18);
    siglongjmp(jb, 1);
}

/* n iterations of the stepping loop; returns the six registers. */
static void step_loop(uint64_t n, uint64_t out[6])
{
    __asm__ volatile(
        "li t3, 0\n li t4, 0\n li t5, 0\n li t6, 0\n li s2, 0\n li s3, 0\n"
        ".globl loop_head\n"
        "loop_head:\n"
        "addi t3, t3, 1\n addi t4, t4, 3\n addi t5, t5, 5\n addi t6, t6, 7\n"
        "addi s2, s2, 11\n addi s3, s3, 13\n"
        "bne t3, %1, loop_head\n"
        "sd t3, 0(%0)\n sd t4, 8(%0)\n sd t5, 16(%0)\n sd t6, 24(%0)\n"
        "sd s2, 32(%0)\n sd s3, 40(%0)\n"
        : : "r"(out), "r"(n) : "t3", "t4", "t5", "t6", "s2", "s3", "memory");
}

/* Sum 8-byte words from p until a load faults (the page after them is inaccessible). */
static void sum_until_fault(const uint64_t *p)
{
    __asm__ volatile(
        "li t3, 0\n li t4, 0\n li t5, 0\n li t6, 0\n li s2, 0\n mv s3, %0\n"
        "1:\n"
        "addi t3, t3, 1\n addi t4, t4, 3\n"
        ".globl fault_load\n"
        "fault_load:\n"
        "ld t6, 0(s3)\n"
        "add t5, t5, t6\n addi s2, s2, 2\n addi s3, s3, 8\n"
        "j 1b\n"
        : : "r"(p) : "t3", "t4", "t5", "t6", "s2", "s3", "memory");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_alarm;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 500 }, { 0, 500 } };
    setitimer(ITIMER_REAL, &it, NULL);
    uint64_t out[6], total = 0;
    /* Loop until some signals arrived (bounded: the result must not depend on timing). */
    for (int round = 0; round < 400 && ticks < 20; round++) {
        step_loop(1000000, out);
        total += out[0];
        if (out[1] != 3000000 || out[2] != 5000000 || out[3] != 7000000 ||
            out[4] != 11000000 || out[5] != 13000000)
            bad++;
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("step loop: final t3=%llu, bad values %ld, signals %s\n",
           (unsigned long long)out[0], bad, ticks > 0 ? "arrived" : "none");
    (void)total;
    (void)at_head;

    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 1;
    mprotect(m + pg, pg, PROT_NONE);
    uint64_t *w = (uint64_t *)(m + pg) - 100;   /* 100 words before the hole */
    for (int i = 0; i < 100; i++)
        w[i] = (uint64_t)i + 1;
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    /* Run it a few times: the first runs translate, later ones find the loop's block. */
    for (int r = 0; r < 3; r++) {
        if (sigsetjmp(jb, 1) == 0)
            sum_until_fault(w);
        printf("fault: at the load %llu, t3=%llu t4=%llu t5=%llu t6=%llu s2=%llu\n",
               (unsigned long long)seen[0], (unsigned long long)seen[1],
               (unsigned long long)seen[2], (unsigned long long)seen[3],
               (unsigned long long)seen[4], (unsigned long long)seen[5]);
    }
    return 0;
}
