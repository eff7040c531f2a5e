/*
 * Branches over one instruction inside a self-loop (GCC's min/max and conditional-update idiom
 * `bge a, b, 1f; mv a, b; 1:`), which qelt translates as selects (a host cmov, no exit) within
 * the loop block. Registers must be exact: after whole runs, when a timer signal arrives
 * between iterations (the handler recomputes every register from the iteration count t3),
 * and when the second load of an iteration faults, after that iteration's selects (SIGSEGV with
 * the registers of that iteration; also an address no mapping can have, caught by the range
 * check before the first load). The selects cover: the branch comparing the skipped
 * instruction's own destination (s2), an unsigned compare (s3), a skipped W instruction that
 * reads its destination (c.addiw s4), a destination qelt pins to a host register (a1), a
 * compare with x0 (bltz) skipping a 4-byte xor, compressed and full-size skipped moves, two
 * skipped instructions the second of which reads the first's result, the first writing a
 * register the compare reads (s6, s7), and three writing two registers, each reading the
 * other's new value (s8, t5: the compare flips for the later ones).
 * Output is deterministic: final values, values at the fault, counts of bad handler checks.
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

#include "loophelp.h"

extern char sel_head[], sel_fault[];

/* The loop's registers, in and out: s2 (signed max), s3 (unsigned min), s4 (+3 per odd
 * word, 32-bit), a1 (unsigned max), s5 (xor of the non-negative words plus the second
 * loads), t3 (iteration count), s6 (signed max) and s7 (it + 1, 32-bit), s8 and t5 (mixed
 * when the word is above s8). */
enum { R_S2, R_S3, R_S4, R_A1, R_S5, R_T3, R_S6, R_S7, R_S8, R_T5, N_R };
static const int xnum[N_R] = { 18, 19, 20, 11, 21, 28, 22, 23, 24, 30 };

/* The words the model reads (the run's buffer and mask). */
static const uint32_t *m_buf;
static uint64_t m_mask;

/* n iterations; the loads read base[t3 & mask] and base[(t3 & mask) + 1]. */
static void sel_loop(uint64_t n, const uint32_t *base, uint64_t mask, uint64_t io[N_R])
{
    __asm__ volatile(
        "ld s2, 0(%0)\n ld s3, 8(%0)\n ld s4, 16(%0)\n ld a1, 24(%0)\n ld s5, 32(%0)\n"
        "ld t3, 40(%0)\n ld s6, 48(%0)\n ld s7, 56(%0)\n ld s8, 64(%0)\n ld t5, 72(%0)\n"
        "mv s9, %2\n mv s10, %3\n"
        ".globl sel_head\n"
        "sel_head:\n"
        "addi t3, t3, 1\n"
        "and a4, t3, s10\n slli a4, a4, 2\n add a4, a4, s9\n"
        "lw a5, 0(a4)\n"
        "bge s2, a5, 1f\n mv s2, a5\n1:\n"
        "bgeu a5, s3, 2f\n .option push\n .option norvc\n mv s3, a5\n .option pop\n2:\n"
        "andi t4, a5, 1\n beqz t4, 3f\n addiw s4, s4, 3\n3:\n"
        "bltu a5, a1, 4f\n mv a1, a5\n4:\n"
        "bltz a5, 5f\n xor s5, s5, a5\n5:\n"
        "blt a5, s6, 6f\n mv s6, a5\n addiw s7, s6, 1\n6:\n"
        "bgeu s8, a5, 7f\n addi s8, a5, 1\n add t5, t5, s8\n add s8, s8, t5\n7:\n andi s8, s8, 255\n"
        ".globl sel_fault\n"
        "sel_fault:\n"
        "lw a6, 4(a4)\n"
        "add s5, s5, a6\n"
        "bne t3, %1, sel_head\n"
        "sd s2, 0(%0)\n sd s3, 8(%0)\n sd s4, 16(%0)\n sd a1, 24(%0)\n sd s5, 32(%0)\n"
        "sd t3, 40(%0)\n sd s6, 48(%0)\n sd s7, 56(%0)\n sd s8, 64(%0)\n sd t5, 72(%0)\n"
        : : "r"(io), "r"(n), "r"(base), "r"(mask)
        : "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "t3", "t4", "t5", "a1", "a4",
          "a5", "a6", "memory");
}

/* The registers after i iterations from s. */
static void model(const uint64_t s[N_R], uint64_t i, uint64_t out[N_R])
{
    uint64_t s2 = s[R_S2], s3 = s[R_S3], s4 = s[R_S4], a1 = s[R_A1], s5 = s[R_S5];
    uint64_t s6 = s[R_S6], s7 = s[R_S7], s8 = s[R_S8], t5 = s[R_T5];
    for (uint64_t j = s[R_T3] + 1; j <= s[R_T3] + i; j++) {
        uint64_t a5 = sext32(m_buf[j & m_mask]), a6 = sext32(m_buf[(j & m_mask) + 1]);
        if (!((int64_t)s2 >= (int64_t)a5))
            s2 = a5;
        if (!(a5 >= s3))
            s3 = a5;
        if (a5 & 1)
            s4 = sext32(s4 + 3);
        if (!(a5 < a1))
            a1 = a5;
        if (!((int64_t)a5 < 0))
            s5 ^= a5;
        if (!((int64_t)a5 < (int64_t)s6))
            s6 = a5, s7 = sext32(s6 + 1);
        if (!(s8 >= a5))
            s8 = a5 + 1, t5 += s8, s8 += t5;
        s8 &= 255;
        s5 += a6;
    }
    out[R_S2] = s2, out[R_S3] = s3, out[R_S4] = s4, out[R_A1] = a1, out[R_S5] = s5;
    out[R_S6] = s6, out[R_S7] = s7, out[R_S8] = s8, out[R_T5] = t5;
    out[R_T3] = s[R_T3] + i;
}

static void print_regs(const char *what, const uint64_t v[N_R])
{
    printf("%s: s2 %016llx s3 %016llx s4 %016llx a1 %016llx s5 %016llx t3 %llu\n", what,
           (unsigned long long)v[R_S2], (unsigned long long)v[R_S3],
           (unsigned long long)v[R_S4], (unsigned long long)v[R_A1],
           (unsigned long long)v[R_S5], (unsigned long long)v[R_T3]);
    printf("%s: s6 %016llx s7 %016llx s8 %016llx t5 %016llx\n", what,
           (unsigned long long)v[R_S6], (unsigned long long)v[R_S7],
           (unsigned long long)v[R_S8], (unsigned long long)v[R_T5]);
}

static void run(const char *what, const uint64_t s[N_R], uint64_t n)
{
    uint64_t io[N_R], want[N_R];
    memcpy(io, s, sizeof io);
    sel_loop(n, m_buf, m_mask, io);
    model(s, n, want);
    print_regs(what, io);
    printf("%s: %s the model\n", what, memcmp(io, want, sizeof io) ? "differs from" : "matches");
}

int main(void)
{
    lh_head = sel_head, lh_fault = sel_fault, lh_xnum = xnum, lh_n = N_R, lh_model = model;
    static uint32_t buf[1024 + 1];
    uint32_t x = 0x2545f491u;
    for (int i = 0; i < 1025; i++) {   /* xorshift: both signs, both parities */
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        buf[i] = x;
    }
    m_buf = buf, m_mask = 1023;
    static const uint64_t start[2][N_R] = {
        { 0x8000000000000000ull, ~0ull, 0xffffffff80000000ull, 0, 0x123456789abcdefull, 0,
          0x8000000000000000ull, 1, 0, 5 },
        { 0x7fffffffffffffffull, 0, 7, ~0ull, 0, 0, 0, 0, 0x7fffffffffffffffull, 0 },
    };
    for (int r = 0; r < 3; r++) {   /* later runs find the translated loop block */
        run("from 0, 1", start[0], 1);
        run("from 0, 2", start[0], 2);
        run("from 0, 1000", start[0], 1000);
        run("from 1, 1000", start[1], 1000);
        run("from 0, 5000", start[0], 5000);
    }

    lh_install();
    timer(500);
    uint64_t io[N_R];
    for (int round = 0; round < 400 && ticks < 20; round++) {
        memcpy(lh_start, start[round & 1], sizeof(uint64_t) * N_R);
        memcpy(io, lh_start, sizeof io);
        sel_loop(100000, buf, 1023, io);
        uint64_t want[N_R];
        model(lh_start, 100000, want);
        bad += memcmp(io, want, sizeof io) != 0;
    }
    timer(0);
    printf("timer: bad values %ld, signals %s\n", bad, ticks > 0 ? "arrived" : "none");

    /* Iteration 100's second load reads the page after buf2's 101 words: SIGSEGV at
     * sel_fault, after that iteration's selects. */
    uint32_t *buf2 = lh_guarded_words(101);
    if (!buf2)
        return 1;
    memcpy(buf2, buf, 101 * sizeof *buf2);
    for (int r = 0; r < 4; r++) {
        memset(fault_x, 0, sizeof fault_x);
        memcpy(io, start[r & 1], sizeof io);
        if (sigsetjmp(jb, 1) == 0)
            sel_loop(1000, buf2, ~0ull, io);
        uint64_t v[N_R];
        for (int k = 0; k < N_R; k++)
            v[k] = fault_x[xnum[k]];
        printf("fault at the second load %d: a5 %016llx a4-buf %lld\n", fault_at_load,
               (unsigned long long)fault_x[15], (long long)(fault_x[14] - (uint64_t)buf2));
        print_regs("fault", v);
    }
    for (int r = 0; r < 2; r++) {   /* an address no mapping can have: the range check's stub */
        memset(fault_x, 0, sizeof fault_x);
        memcpy(io, start[r & 1], sizeof io);
        if (sigsetjmp(jb, 1) == 0)
            sel_loop(1000, (const uint32_t *)0xfff0000000000000ull, 0, io);
        uint64_t v[N_R];
        for (int k = 0; k < N_R; k++)
            v[k] = fault_x[xnum[k]];
        printf("wild fault at the second load %d:", fault_at_load);
        print_regs("", v);
    }
    return 0;
}
