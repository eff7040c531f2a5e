/*
 * A sieve-like self-loop (set bit t3 of a bitmap, t3 += step, while t3 <= limit) whose
 * loop-invariant registers (the bitmap's base s9, the bit s10, the step s11, the limit s8) are
 * each read once per iteration: qelt's loop block keeps them in the host registers of pinned
 * guest registers the loop does not use (a0, a1, a4, s0, ra, sp wait in memory meanwhile).
 * Registers must be exact: after whole runs, when a timer signal arrives between iterations
 * (the handler checks every register at the loop's head against the entry values, t3 aside),
 * and when the bitmap's load faults past its end (SIGSEGV: the invariants, t3, and the pinned
 * registers whose host registers the loop took, compared with their values before the loop).
 * Output is deterministic: final values and bitmap checksums, values at the fault, counts of
 * bad handler checks.
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

extern char inv_head[], inv_fault[];

/* The loop's registers: the invariants and the pinned registers it does not use (set to
 * known values before the loop), t3 (the bit index). */
enum { R_S8, R_S9, R_S10, R_S11, R_A0, R_A1, R_A4, R_S0, R_T3, N_R };
static const int xnum[N_R] = { 24, 25, 26, 27, 10, 11, 14, 8, 28 };

/* Bits t3, t3 + step, ... <= limit of the bitmap at base (io: entry values in, exit values
 * out); ra and sp after the loop minus before it in io[N_R], io[N_R + 1]. */
static void inv_loop(uint64_t io[N_R + 2])
{
    __asm__ volatile(
        "ld s8, 0(%0)\n ld s9, 8(%0)\n ld s10, 16(%0)\n ld s11, 24(%0)\n ld a0, 32(%0)\n"
        "ld a1, 40(%0)\n ld a4, 48(%0)\n ld s0, 56(%0)\n ld t3, 64(%0)\n"
        "mv t4, ra\n mv t5, sp\n mv t6, %0\n"
        ".globl inv_head\n"
        "inv_head:\n"
        "srli a5, t3, 6\n slli a5, a5, 3\n add a5, a5, s9\n"
        ".globl inv_fault\n"
        "inv_fault:\n"
        "ld a3, 0(a5)\n"
        "sll a2, s10, t3\n or a3, a3, a2\n sd a3, 0(a5)\n"
        "add t3, t3, s11\n"
        "bgeu s8, t3, inv_head\n"
        "sd s8, 0(t6)\n sd s9, 8(t6)\n sd s10, 16(t6)\n sd s11, 24(t6)\n sd a0, 32(t6)\n"
        "sd a1, 40(t6)\n sd a4, 48(t6)\n sd s0, 56(t6)\n sd t3, 64(t6)\n"
        "sub t4, ra, t4\n sd t4, 72(t6)\n sub t5, sp, t5\n sd t5, 80(t6)\n"
        : : "r"(io)
        : "s8", "s9", "s10", "s11", "a0", "a1", "a4", "s0", "t3", "t4", "t5", "t6", "a2", "a3",
          "a5", "memory");
}

/* At the loop's head, every register but t3 holds its entry value. */
static void model(const uint64_t *s, uint64_t t3, uint64_t *out)
{
    memcpy(out, s, sizeof(uint64_t) * N_R);
    out[R_T3] = t3;
}

static uint64_t checksum(const uint64_t *w, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; i++)
        h = (h ^ w[i]) * 0x100000001b3ull;
    return h;
}

static void print_regs(const char *what, const uint64_t v[N_R])
{
    printf("%s: s8 %llu s10 %016llx s11 %llu a0 %016llx a1 %016llx a4 %016llx s0 %016llx"
           " t3 %llu\n", what, (unsigned long long)v[R_S8], (unsigned long long)v[R_S10],
           (unsigned long long)v[R_S11], (unsigned long long)v[R_A0],
           (unsigned long long)v[R_A1], (unsigned long long)v[R_A4],
           (unsigned long long)v[R_S0], (unsigned long long)v[R_T3]);
}

int main(void)
{
    lh_head = inv_head, lh_fault = inv_fault, lh_xnum = xnum, lh_n = N_R, lh_model = model;
    enum { WORDS = 4096 };
    static uint64_t bits[WORDS];
    const uint64_t pins[4] = { 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x5555aaaa5555aaaaull,
                               0x8000000000000001ull };
    for (int r = 0; r < 3; r++) {   /* later runs find the translated loop block */
        for (uint64_t step = 1; step < 200; step += 37) {
            memset(bits, 0, sizeof bits);
            uint64_t io[N_R + 2] = { WORDS * 64 - 1, (uint64_t)bits, 1, step, pins[0], pins[1],
                                     pins[2], pins[3], step };
            inv_loop(io);
            char what[32];
            snprintf(what, sizeof what, "step %llu", (unsigned long long)step);
            print_regs(what, io);
            printf("%s: s9 %s, ra %s, sp %s, bitmap %016llx\n", what,
                   io[R_S9] == (uint64_t)bits ? "kept" : "changed", io[N_R] ? "changed" : "kept",
                   io[N_R + 1] ? "changed" : "kept",
                   (unsigned long long)checksum(bits, WORDS));
        }
    }

    lh_install();
    timer(500);
    for (int round = 0; round < 400 && ticks < 20; round++) {
        uint64_t io[N_R + 2] = { WORDS * 64 - 1, (uint64_t)bits, 1, 1, pins[0], pins[1], pins[2],
                                 pins[3], 0 };
        memcpy(lh_start, io, sizeof(uint64_t) * N_R);
        for (int k = 0; k < 20; k++) {
            io[R_T3] = 0;
            inv_loop(io);
        }
        bad += io[R_T3] != WORDS * 64 || io[N_R] || io[N_R + 1];
    }
    timer(0);
    printf("timer: bad values %ld, signals %s\n", bad, ticks > 0 ? "arrived" : "none");

    /* The bitmap ends where an inaccessible page starts: the load of the word after it
     * faults (SIGSEGV at inv_fault). */
    uint64_t *b2 = (uint64_t *)lh_guarded_words(2 * 100);
    if (!b2)
        return 1;
    for (int r = 0; r < 4; r++) {
        memset(b2, 0, 100 * sizeof *b2);
        memset(fault_x, 0, sizeof fault_x);
        uint64_t io[N_R + 2] = { ~0ull, (uint64_t)b2, 1, 1 + 7 * (uint64_t)r, pins[0], pins[1],
                                 pins[2], pins[3], (uint64_t)r };
        if (sigsetjmp(jb, 1) == 0)
            inv_loop(io);
        uint64_t v[N_R];
        for (int k = 0; k < N_R; k++)
            v[k] = fault_x[xnum[k]];
        printf("fault at the load %d: a5-bitmap %lld, s9 %s, bitmap %016llx\n", fault_at_load,
               (long long)(fault_x[15] - (uint64_t)b2), v[R_S9] == (uint64_t)b2 ? "kept" : "changed",
               (unsigned long long)checksum(b2, 100));
        print_regs("fault", v);
    }
    return 0;
}
