/*
 * A self-loop of 32-bit (W) instructions whose registers the loop block assumes sign-extended
 * from bit 31 at its start (qelt's ir_narrow drops an `addiw x, y, 0` of a value the previous
 * iteration left sign-extended; the block's entry checks the assumption). Registers must be
 * exact: when the loop is entered with registers that are not sign-extended (the entry check
 * fails, the first iterations run elsewhere: s2-s4 rotate through each other, so it fails
 * twice), when it is entered with sign-extended ones, when a timer signal arrives between
 * iterations (the handler recomputes every register from the iteration count t3), and when the
 * load in the middle of an iteration faults (SIGSEGV with the registers of that iteration).
 * The body is sha256-like: registers renamed through mv, sign extensions, a rotate of a 32-bit
 * word as srliw+slliw+or, a sum of loaded words, and two registers (s7, and a1, which qelt pins
 * to a host register) written by a shift before the load and again after it: only the load's
 * fault can observe the first values (qelt computes them when the fault is taken, both for a
 * host fault and for an address its range check rejects).
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

extern char sx_head[], sx_fault[];

/* The loop's registers, in and out: s2, s3, s4 (rotated), s5 (rotated by 7 bits each
 * iteration), s8 (sum of loaded words), t3 (iteration count). */
enum { R_S2, R_S3, R_S4, R_S5, R_S8, R_T3, R_S7, R_A1, N_R };
static const int xnum[N_R] = { 18, 19, 20, 21, 24, 28, 23, 11 };
#define WORD 0x9e3779b9u      /* every word the loop loads */

/* n iterations; mask and base give the loads' addresses: base + 4 * (t3 & mask). */
static void sx_loop(uint64_t n, const uint32_t *base, uint64_t mask, uint64_t io[N_R])
{
    __asm__ volatile(
        "ld s2, 0(%0)\n ld s3, 8(%0)\n ld s4, 16(%0)\n ld s5, 24(%0)\n ld s8, 32(%0)\n"
        "ld t3, 40(%0)\n ld s7, 48(%0)\n ld a1, 56(%0)\n mv s9, %2\n mv s10, %3\n"
        ".globl sx_head\n"
        "sx_head:\n"
        "mv t6, s2\n mv s2, s3\n mv s3, s4\n mv s4, t6\n"
        "addiw s2, s2, 0\n"
        "addiw t3, t3, 1\n"
        "srliw t4, s5, 7\n slliw t5, s5, 25\n or s5, t4, t5\n"
        "slliw s7, t3, 29\n slliw a1, t3, 30\n"
        "and a4, t3, s10\n slli a4, a4, 2\n add a4, a4, s9\n"
        ".globl sx_fault\n"
        "sx_fault:\n"
        "lw a5, 0(a4)\n"
        "addw s8, s8, a5\n"
        "srliw s7, t3, 3\n addiw a1, t3, 5\n"
        "bne t3, %1, sx_head\n"
        "sd s2, 0(%0)\n sd s3, 8(%0)\n sd s4, 16(%0)\n sd s5, 24(%0)\n sd s8, 32(%0)\n"
        "sd t3, 40(%0)\n sd s7, 48(%0)\n sd a1, 56(%0)\n"
        : : "r"(io), "r"(n), "r"(base), "r"(mask)
        : "s2", "s3", "s4", "s5", "s7", "s8", "s9", "s10", "t3", "t4", "t5", "t6", "a1", "a4",
          "a5", "memory");
}

/* The registers after i iterations from s (t3 counted from s[R_T3] = 0). */
static void model(const uint64_t s[N_R], uint64_t i, uint64_t out[N_R])
{
    uint64_t a = s[R_S2], b = s[R_S3], c = s[R_S4];
    uint64_t k = i < 3 ? i : 3 + (i - 3) % 3;   /* after 3, a period of 3 */
    for (uint64_t j = 0; j < k; j++) {
        uint64_t t = a;
        a = sext32(b), b = c, c = t;
    }
    out[R_S2] = a, out[R_S3] = b, out[R_S4] = c;
    uint32_t r = (uint32_t)s[R_S5];
    unsigned sh = (unsigned)((7 * (i % 32)) % 32);
    out[R_S5] = i ? sext32(sh ? r >> sh | r << (32 - sh) : r) : s[R_S5];
    out[R_S8] = i ? sext32((uint32_t)s[R_S8] + (uint32_t)(i * WORD)) : s[R_S8];
    out[R_T3] = i;
    out[R_S7] = i ? i >> 3 : s[R_S7];
    out[R_A1] = i ? i + 5 : s[R_A1];
}

static void print_regs(const char *what, const uint64_t v[N_R])
{
    printf("%s: s2 %016llx s3 %016llx s4 %016llx s5 %016llx s8 %016llx t3 %llu s7 %016llx"
           " a1 %016llx\n", what, (unsigned long long)v[R_S2], (unsigned long long)v[R_S3],
           (unsigned long long)v[R_S4], (unsigned long long)v[R_S5],
           (unsigned long long)v[R_S8], (unsigned long long)v[R_T3],
           (unsigned long long)v[R_S7], (unsigned long long)v[R_A1]);
}

/* Run n iterations from s; compare with the model; print. */
static void run(const char *what, const uint64_t s[N_R], uint64_t n, const uint32_t *buf)
{
    uint64_t io[N_R], want[N_R];
    memcpy(io, s, sizeof io);
    sx_loop(n, buf, 1023, io);
    model(s, n, want);
    print_regs(what, io);
    printf("%s: %s the model\n", what, memcmp(io, want, sizeof io) ? "differs from" : "matches");
}

int main(void)
{
    lh_head = sx_head, lh_fault = sx_fault, lh_xnum = xnum, lh_n = N_R, lh_model = model;
    static uint32_t buf[1024];
    for (int i = 0; i < 1024; i++)
        buf[i] = WORD;
    /* Not sign-extended: the entry check fails (twice: s2-s4 rotate). */
    static const uint64_t wide[N_R] = { 0x123456789abcdef0ull, 0x00000001fedcba98ull,
                                        0xffffffff00000005ull, 0x80000000deadbeefull,
                                        0x7fffffff00000000ull, 0, 0x8000000000000001ull,
                                        0x1234567800000000ull };
    /* Sign-extended: it passes. */
    static const uint64_t narrow[N_R] = { 0xffffffff9abcdef0ull, 0x000000007edcba98ull, 5,
                                          0xffffffffdeadbeefull, 0x100, 0, 3, 4 };
    for (int r = 0; r < 3; r++) {   /* later runs find the translated loop block */
        run("wide 1", wide, 1, buf);
        run("wide 2", wide, 2, buf);
        run("wide 3", wide, 3, buf);
        run("wide 1000", wide, 1000, buf);
        run("narrow 1000", narrow, 1000, buf);
    }

    lh_install();
    timer(500);
    uint64_t io[N_R];
    for (int round = 0; round < 400 && ticks < 20; round++) {
        memcpy(lh_start, round & 1 ? narrow : wide, sizeof(uint64_t) * N_R);
        memcpy(io, lh_start, sizeof io);
        sx_loop(1000000, buf, 1023, io);
        uint64_t want[N_R];
        model(lh_start, 1000000, want);
        bad += memcmp(io, want, sizeof io) != 0;
    }
    timer(0);
    printf("timer: bad values %ld, signals %s\n", bad, ticks > 0 ? "arrived" : "none");

    /* The 101st load reads the page after buf2's 100 words: SIGSEGV at sx_fault. */
    uint32_t *buf2 = lh_guarded_words(101);   /* t3 starts at 1: buf2[1..100] readable */
    if (!buf2)
        return 1;
    for (int i = 0; i < 101; i++)
        buf2[i] = WORD;
    for (int r = 0; r < 6; r++) {
        memset(fault_x, 0, sizeof fault_x);
        memcpy(io, r & 1 ? narrow : wide, sizeof io);
        if (sigsetjmp(jb, 1) == 0)
            sx_loop(1000, buf2, ~0ull, io);
        uint64_t v[N_R];
        for (int k = 0; k < N_R; k++)
            v[k] = fault_x[xnum[k]];
        printf("fault at the load %d: t4 %016llx t5 %016llx t6 %016llx a4-buf %lld\n",
               fault_at_load, (unsigned long long)fault_x[29], (unsigned long long)fault_x[30],
               (unsigned long long)fault_x[31], (long long)(fault_x[14] - (uint64_t)buf2));
        print_regs(r & 1 ? "fault narrow" : "fault wide", v);
    }
    for (int r = 0; r < 4; r++) {   /* an address no mapping can have: the range check's stub */
        memset(fault_x, 0, sizeof fault_x);
        memcpy(io, r & 1 ? narrow : wide, sizeof io);
        if (sigsetjmp(jb, 1) == 0)
            sx_loop(1000, (const uint32_t *)0xfff0000000000000ull, 0, io);
        uint64_t v[N_R];
        for (int k = 0; k < N_R; k++)
            v[k] = fault_x[xnum[k]];
        printf("wild fault at the load %d:", fault_at_load);
        print_regs("", v);
    }
    return 0;
}
