/*
 * Guest registers of a hot self-loop (a block whose back edge jumps to its own start) must be
 * exact wherever the loop is left: when a timer signal arrives between iterations (the
 * handler reads them from its ucontext), when a load in the loop faults (SIGSEGV at the
 * load, with the registers updated earlier in that iteration), and after the loop exits.
 * The loops use t3-t6 and s2-s5, registers qelt does not pin to host registers by default.
 * Two flavours: registers named twice per iteration (they go through the local allocator)
 * and registers named four times (qelt's back end then gives the loop block's pinned host
 * registers to them and swaps the pinned ones back on every way out: back edge with a
 * signal pending, side exit in the body, return after the loop, a host fault, and the
 * inline range check of an address no mapping can have). A third flavour keeps ten registers
 * live across the back edge (t3-t6, s2-s7: more than the pinned host registers, so the loop
 * block also takes allocator registers): timer, a fault in the middle of the body, and stores
 * into a page that holds translated code (self-modifying code: the store faults in the host,
 * the page's blocks are dropped and the store is redone) followed by fence.i and a call of the
 * patched code.
 * Output is deterministic: relations checked in the handlers, final values.
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

extern char loop_head[], fault_load[], map_head[], map_fault[], map_wild[];
extern char wide_head[], wide_fault[];
static volatile long ticks, at_head, bad;
static uint64_t seen[8], seen_x[32];
static sigjmp_buf jb;
/* The loop the timer handler checks: its head and each register's step (x28 steps by 1). */
static const char *cur_head;
static const uint64_t *cur_steps;
static const int step_regs[9] = { 29, 30, 31, 18, 19, 20, 21, 22, 23 };   /* t4-t6, s2-s7 */
static int n_steps;

/* gregs index of xN (gregs[0] is the pc) */
static uint64_t xreg(const ucontext_t *uc, int n) { return uc->uc_mcontext.__gregs[n]; }

/* At the loop head every register is the iteration count times its step. */
static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    ticks++;
    if (xreg(uc, 0) != (uint64_t)cur_head)
        return;
    at_head++;
    uint64_t i = xreg(uc, 28);
    for (int k = 0; k < n_steps; k++)
        if (xreg(uc, step_regs[k]) != cur_steps[k] * i)
            bad++;
}

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)sig, (void)si;
    const ucontext_t *uc = ctx;
    uint64_t pc = xreg(uc, 0);
    seen[0] = pc == (uint64_t)fault_load || pc == (uint64_t)map_fault ? 1 :
              pc == (uint64_t)map_wild ? 2 : pc == (uint64_t)wide_fault ? 3 : 0;
    for (int k = 0; k < 32; k++)
        seen_x[k] = xreg(uc, k);
    seen[1] = xreg(uc, 28);   /* iterations started */
    seen[2] = xreg(uc, 29);
    seen[3] = xreg(uc, 30);   /* sum of the values loaded before the fault */
    seen[4] = xreg(uc, 31);
    seen[5] = xreg(uc, 18);
    seen[6] = xreg(uc, 19);
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

/* The same with every register named four times per iteration; n >= 1 iterations, or up to
 * the one where t3 reaches stop, which leaves through a side exit in the middle of the body. */
static void map_loop(uint64_t n, uint64_t stop, uint64_t out[8])
{
    __asm__ volatile(
        "li t3, 0\n li t4, 0\n li t5, 0\n li t6, 0\n li s2, 0\n li s3, 0\n li s4, 0\n li s5, 0\n"
        ".globl map_head\n"
        "map_head:\n"
        "addi t3, t3, 1\n addi t4, t4, 3\n addi t5, t5, 5\n addi t6, t6, 7\n"
        "addi s2, s2, 11\n addi s3, s3, 13\n"
        "beq t3, %2, 2f\n"
        "addi s4, s4, 17\n addi s5, s5, 19\n"
        "addi t4, t4, 3\n addi t5, t5, 5\n addi t6, t6, 7\n"
        "addi s2, s2, 11\n addi s3, s3, 13\n addi s4, s4, 17\n addi s5, s5, 19\n"
        "bne t3, %1, map_head\n"
        "2:\n"
        "sd t3, 0(%0)\n sd t4, 8(%0)\n sd t5, 16(%0)\n sd t6, 24(%0)\n"
        "sd s2, 32(%0)\n sd s3, 40(%0)\n sd s4, 48(%0)\n sd s5, 56(%0)\n"
        : : "r"(out), "r"(n), "r"(stop)
        : "t3", "t4", "t5", "t6", "s2", "s3", "s4", "s5", "memory");
}

/* Ten registers live across the back edge, each named four times per iteration: t3 counts
 * to n, t4-t6 and s2-s5 step by twice the constants below, s6 walks from p by stride bytes
 * and s7 sums the words it loads (twice each); every iteration stores t3 to *q. The body has
 * no branch but the back edge. */
static void wide_loop(uint64_t n, const uint64_t *p, uint64_t stride, uint32_t *q,
                      uint64_t out[10])
{
    __asm__ volatile(
        "li t3, 0\n li t4, 0\n li t5, 0\n li t6, 0\n li s2, 0\n li s3, 0\n li s4, 0\n li s5, 0\n"
        "mv s6, %2\n li s7, 0\n"
        ".globl wide_head\n"
        "wide_head:\n"
        "addi t3, t3, 1\n addi t4, t4, 3\n addi t5, t5, 5\n addi t6, t6, 7\n"
        "addi s2, s2, 11\n addi s3, s3, 13\n addi s4, s4, 17\n addi s5, s5, 19\n"
        ".globl wide_fault\n"
        "wide_fault:\n"
        "ld a5, 0(s6)\n add s7, s7, a5\n add s6, s6, %3\n add s7, s7, a5\n"
        "sw t3, 0(%4)\n"
        "addi t4, t4, 3\n addi t5, t5, 5\n addi t6, t6, 7\n"
        "addi s2, s2, 11\n addi s3, s3, 13\n addi s4, s4, 17\n addi s5, s5, 19\n"
        "bne t3, %1, wide_head\n"
        "sd t3, 0(%0)\n sd t4, 8(%0)\n sd t5, 16(%0)\n sd t6, 24(%0)\n"
        "sd s2, 32(%0)\n sd s3, 40(%0)\n sd s4, 48(%0)\n sd s5, 56(%0)\n"
        "sd s6, 64(%0)\n sd s7, 72(%0)\n"
        : : "r"(out), "r"(n), "r"(p), "r"(stride), "r"(q)
        : "t3", "t4", "t5", "t6", "s2", "s3", "s4", "s5", "s6", "s7", "a5", "memory");
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

/* The same with registers named more often; when wild is nonzero, the 50th iteration loads
 * from it. */
static void map_sum(const uint64_t *p, uint64_t wild)
{
    __asm__ volatile(
        "li t3, 0\n li t4, 0\n li t5, 0\n li t6, 0\n li s2, 0\n mv s3, %0\n li s4, 8\n"
        "mv s5, %1\n"
        "1:\n"
        "addi t3, t3, 1\n addi t4, t4, 3\n addi t4, t4, 3\n addi s2, s2, 1\n"
        ".globl map_fault\n"
        "map_fault:\n"
        "ld t6, 0(s3)\n"
        "add t5, t5, t6\n add t5, t5, t3\n addi s2, s2, 1\n add s3, s3, s4\n"
        "addi t6, t3, -50\n"
        "bnez t6, 1b\n"
        "beqz s5, 1b\n"
        ".globl map_wild\n"
        "map_wild:\n"
        "ld t6, 0(s5)\n"
        "j 1b\n"
        : : "r"(p), "r"(wild) : "t3", "t4", "t5", "t6", "s2", "s3", "s4", "s5", "memory");
}

static void report_fault(const char *what, const uint64_t *base)
{
    printf("%s: at the load %llu, t3=%llu t4=%llu t5=%llu t6=%llu s2=%llu s3-base=%llu\n",
           what, (unsigned long long)seen[0], (unsigned long long)seen[1],
           (unsigned long long)seen[2], (unsigned long long)seen[3],
           (unsigned long long)seen[4], (unsigned long long)seen[5],
           (unsigned long long)(seen[6] - (uint64_t)base));
}

static void timer(long usec)
{
    struct itimerval it = { { 0, usec }, { 0, usec } };
    setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_alarm;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    static const uint64_t steps6[5] = { 3, 5, 7, 11, 13 };
    static const uint64_t steps8[8] = { 1, 6, 10, 14, 22, 26, 34, 38 };
    cur_head = loop_head, cur_steps = steps6, n_steps = 5;
    timer(500);
    uint64_t out[8];
    /* Loop until some signals arrived (bounded: the result must not depend on timing). */
    for (int round = 0; round < 400 && ticks < 20; round++) {
        step_loop(1000000, out);
        for (int k = 0; k < 5; k++)
            if (out[k + 1] != steps6[k] * 1000000)
                bad++;
    }
    timer(0);
    printf("step loop: final t3=%llu, bad values %ld, signals %s\n",
           (unsigned long long)out[0], bad, ticks > 0 ? "arrived" : "none");
    long ticks1 = ticks;
    cur_head = map_head, cur_steps = steps8 + 1, n_steps = 7;
    timer(500);
    for (int round = 0; round < 400 && ticks < ticks1 + 20; round++) {
        map_loop(1000000, 0, out);
        for (int k = 0; k < 8; k++)
            if (out[k] != steps8[k] * 1000000)
                bad++;
    }
    timer(0);
    long ticks2 = ticks;
    printf("map loop: final t3=%llu s5=%llu, bad values %ld, signals %s\n",
           (unsigned long long)out[0], (unsigned long long)out[7], bad,
           ticks > ticks1 ? "arrived" : "none");
    (void)at_head;
    map_loop(1000, 700, out);
    printf("side exit at 700:");
    for (int k = 0; k < 8; k++)
        printf(" %llu", (unsigned long long)out[k]);
    printf("\n");
    static const uint64_t steps10[10] = { 1, 6, 10, 14, 22, 26, 34, 38, 0, 14 };
    static const uint64_t seven = 7;
    static uint32_t sink;
    uint64_t wout[10];
    cur_head = wide_head, cur_steps = steps10 + 1, n_steps = 7;
    timer(500);
    for (int round = 0; round < 400 && ticks < ticks2 + 20; round++) {
        wide_loop(1000000, &seven, 0, &sink, wout);
        for (int k = 0; k < 10; k++)
            if (k != 8 && wout[k] != steps10[k] * 1000000)
                bad++;
    }
    timer(0);
    printf("wide loop: final t3=%llu s7=%llu, bad values %ld, signals %s\n",
           (unsigned long long)wout[0], (unsigned long long)wout[9], bad,
           ticks > ticks2 ? "arrived" : "none");

    /* Self-modifying code: fn (addi a0, a0, K; ret) in a page the loop stores into. */
    long pgsz = sysconf(_SC_PAGESIZE);
    uint32_t *code = mmap(NULL, pgsz, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 1;
    for (int r = 0; r < 3; r++) {
        uint32_t k = 5 + r;
        code[0] = 0x00050513u | k << 20;   /* addi a0, a0, k */
        code[1] = 0x00008067u;             /* ret */
        __asm__ volatile("fence.i" ::: "memory");
        long (*fn)(long) = (long (*)(long))(void *)code;
        long before = fn(100);
        wide_loop(2000, &seven, 0, code + 16, wout);   /* stores into fn's page */
        code[0] = 0x00050513u | (k + 10) << 20;
        __asm__ volatile("fence.i" ::: "memory");
        printf("smc round %d: fn %ld -> %ld, stored %u, t3=%llu t4=%llu s5=%llu s7=%llu\n", r,
               before, fn(100), code[16], (unsigned long long)wout[0],
               (unsigned long long)wout[1], (unsigned long long)wout[7],
               (unsigned long long)wout[9]);
    }

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
    /* Run each a few times: the first runs translate, later ones find the loop's block. */
    for (int r = 0; r < 3; r++) {
        if (sigsetjmp(jb, 1) == 0)
            sum_until_fault(w);
        report_fault("fault", w);
    }
    for (int r = 0; r < 3; r++) {
        if (sigsetjmp(jb, 1) == 0)
            map_sum(w, 0);
        report_fault("map fault", w);
    }
    for (int r = 0; r < 3; r++) {
        if (sigsetjmp(jb, 1) == 0)
            map_sum(w, 0xfff0000000000000ull);
        report_fault("map wild", w);
    }
    for (int r = 0; r < 3; r++) {
        memset(seen_x, 0, sizeof seen_x);
        if (sigsetjmp(jb, 1) == 0)
            wide_loop(1000, w, 8, &sink, wout);
        printf("wide fault: at the load %llu, t3..t6", (unsigned long long)(seen[0] == 3));
        for (int k = 28; k < 32; k++)
            printf(" %llu", (unsigned long long)seen_x[k]);
        printf(" s2..s5");
        for (int k = 18; k < 22; k++)
            printf(" %llu", (unsigned long long)seen_x[k]);
        printf(" s6-base %llu s7 %llu\n", (unsigned long long)(seen_x[22] - (uint64_t)w),
               (unsigned long long)seen_x[23]);
    }
    return 0;
}
