/*
 * A self-loop with a register whose value only the next iteration's faults could observe
 * before the loop writes it again (sha256's `srliw s10, a2, 13`: qelt computes such a value
 * when a fault, a signal or the loop's exit needs it, from a register still equal to the
 * shift's source: here the copy s3 of s2, since the top of the loop overwrites s2).
 * Registers must be exact: when the loop is entered with s4 unrelated to s3 (qelt's entry
 * check fails, the first iteration runs elsewhere; a fault in that iteration sees s4 as it
 * was), when a timer signal arrives between
 * iterations (the handler recomputes every register from the iteration count t3), when the
 * load in the middle of an iteration faults (a host fault, and an address qelt's range check
 * rejects), and after the loop.
 * Output is deterministic: final values, values at the faults, counts of bad handler checks.
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

extern char df_head[], df_load[];

/* The loop's registers, in and out. */
enum { R_S2, R_S3, R_S4, R_S5, R_T3, N_R };
static const int xnum[N_R] = { 18, 19, 20, 21, 28 };
#define WORD 0x9e3779b9u      /* every word the loop loads */

/* n iterations; the word of iteration t3 is at table[t3 & mask]. */
static void df_loop(uint64_t n, const uint32_t *const *table, uint64_t mask, uint64_t io[N_R])
{
    __asm__ volatile(
        "j 1f\n"   /* the loop first: the jump back to it ends the block before it */
        ".globl df_head\n"
        "df_head:\n"
        "mv s2, s5\n"
        "addiw t3, t3, 1\n"
        "and a6, t3, s10\n slli a6, a6, 3\n add a6, a6, s9\n ld a4, 0(a6)\n"
        ".globl df_load\n"
        "df_load:\n"
        "lw a5, 0(a4)\n"
        "srliw s4, s2, 13\n"
        "addw s5, s5, a5\n"
        "mv s3, s2\n"
        "bne t3, %1, df_head\n"
        "sd s2, 0(%0)\n sd s3, 8(%0)\n sd s4, 16(%0)\n sd s5, 24(%0)\n sd t3, 32(%0)\n"
        "j 2f\n"
        "1:\n"
        "ld s2, 0(%0)\n ld s3, 8(%0)\n ld s4, 16(%0)\n ld s5, 24(%0)\n ld t3, 32(%0)\n"
        "mv s9, %2\n mv s10, %3\n"
        "j df_head\n"
        "2:\n"
        : : "r"(io), "r"(n), "r"(table), "r"(mask)
        : "s2", "s3", "s4", "s5", "s9", "s10", "t3", "a4", "a5", "a6", "memory");
}

/* The registers after i iterations from s. */
static void model(const uint64_t s[N_R], uint64_t i, uint64_t out[N_R])
{
    memcpy(out, s, sizeof(uint64_t) * N_R);
    if (!i)
        return;
    uint64_t prev = i == 1 ? s[R_S5] : sext32((uint32_t)s[R_S5] + (uint32_t)((i - 1) * WORD));
    out[R_S2] = out[R_S3] = prev;
    out[R_S4] = (uint32_t)prev >> 13;
    out[R_S5] = sext32((uint32_t)s[R_S5] + (uint32_t)(i * WORD));
    out[R_T3] = i;
}

static void print_regs(const char *what, const uint64_t v[N_R])
{
    printf("%s: s2 %016llx s3 %016llx s4 %016llx s5 %016llx t3 %llu\n", what,
           (unsigned long long)v[R_S2], (unsigned long long)v[R_S3],
           (unsigned long long)v[R_S4], (unsigned long long)v[R_S5],
           (unsigned long long)v[R_T3]);
}

static const uint32_t *table[128];

static void run(const char *what, const uint64_t s[N_R], uint64_t n)
{
    uint64_t io[N_R], want[N_R];
    memcpy(io, s, sizeof io);
    df_loop(n, table, 127, io);
    model(s, n, want);
    print_regs(what, io);
    printf("%s: %s the model\n", what, memcmp(io, want, sizeof io) ? "differs from" : "matches");
}

/* Iteration k loads through bad (table[k]); registers at the fault. */
static void fault_run(const char *what, const uint64_t s[N_R], const uint32_t *bad_p, int k)
{
    static const uint32_t *t2[128];
    for (int i = 0; i < 128; i++)
        t2[i] = i == k ? bad_p : table[i];
    uint64_t io[N_R], v[N_R], want[N_R];
    memcpy(io, s, sizeof io);
    memset(fault_x, 0, sizeof fault_x);
    fault_at_load = 0;
    if (sigsetjmp(jb, 1) == 0)
        df_loop(1000, t2, 127, io);
    for (int k = 0; k < N_R; k++)
        v[k] = fault_x[xnum[k]];
    model(s, (uint64_t)k - 1, want);   /* k - 1 iterations done, t3 already k, s2 = s5 */
    want[R_T3] = (uint64_t)k, want[R_S2] = want[R_S5];
    printf("%s: at the load %d, %s the model\n", what, fault_at_load,
           memcmp(v, want, sizeof v) ? "differs from" : "matches");
    print_regs(what, v);
}

int main(void)
{
    lh_head = df_head, lh_fault = df_load, lh_xnum = xnum, lh_n = N_R, lh_model = model;
    static uint32_t word = WORD;
    for (int i = 0; i < 128; i++)
        table[i] = &word;
    /* s4 unrelated to s3: the entry check fails; then related: it passes. */
    static const uint64_t wide[N_R] = { 0x123456789abcdef0ull, 0x00000001fedcba98ull,
                                        0xffffffff00000005ull, 0x80000000deadbeefull, 0 };
    static const uint64_t tied[N_R] = { 0, 0xfedcba98ull, 0xfedcba98ull >> 13,
                                        0xffffffffdeadbeefull, 0 };
    for (int r = 0; r < 3; r++) {   /* later runs find the translated loop block */
        run("wide 1", wide, 1);
        run("wide 2", wide, 2);
        run("wide 1000", wide, 1000);
        run("tied 1000", tied, 1000);
    }

    lh_install();
    timer(500);
    for (int round = 0; round < 400 && ticks < 20; round++) {
        uint64_t io[N_R], want[N_R];
        memcpy(lh_start, round & 1 ? tied : wide, sizeof(uint64_t) * N_R);
        memcpy(io, lh_start, sizeof io);
        df_loop(1000000, table, 127, io);
        model(lh_start, 1000000, want);
        bad += memcmp(io, want, sizeof io) != 0;
    }
    timer(0);
    printf("timer: bad values %ld, signals %s\n", bad, ticks > 0 ? "arrived" : "none");

    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return 1;
    const uint32_t *wild = (const uint32_t *)0xfff0000000000000ull;
    for (int r = 0; r < 3; r++) {
        for (int k = 1; k <= 50; k += 49) {   /* the first iteration: as entered */
            fault_run("host fault wide", wide, (const uint32_t *)m, k);
            fault_run("host fault tied", tied, (const uint32_t *)m, k);
            fault_run("wild fault wide", wide, wild, k);
            fault_run("wild fault tied", tied, wild, k);
        }
    }
    return 0;
}
