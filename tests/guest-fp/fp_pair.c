/*
 * Pairs of FP ops in one block where the first one's result feeds the second (qelt's host-FPU
 * path may leave the first op's result check to the second: codegen-fp.c, "Deferred result
 * checks"). Each case is one asm block: a first rounding op (the block's guard, exact), then
 * op1 writing ft0 and op2 reading ft0 right after, then ft0, ft1 and fflags read. Operands
 * cover NaNs (quiet with payloads, signaling, negative), infinities, overflow and cancellation
 * thresholds, zeros, subnormals and the smallest normal, in every combination, for binary64
 * and binary32, with fflags = NX before (the fast path's condition) and 0. Prints one hash
 * line per (op1, op2) pair; run.sh compares them with qemu-riscv64's.
 *   fp_pair -v NAME: every case of that pair, one line each.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int verbose;
static const char *only;
static uint64_t hash;

static void mix(uint64_t w)
{
    for (int b = 0; b < 8; b++) {
        hash ^= (w >> (8 * b)) & 0xff;
        hash *= 0x100000001b3ull;
    }
}

typedef void PairFn(uint64_t a, uint64_t b, uint64_t c, uint64_t r[3]);

/* r[0] = ft0 (op1's result), r[1] = ft1 (op2's), r[2] = fflags after both. */
#define PAIR_D(name, op1, op2)                                                            \
    static void name(uint64_t a, uint64_t b, uint64_t c, uint64_t r[3])                   \
    {                                                                                     \
        asm volatile("fmv.d.x fa0, %[a]\n\t"                                              \
                     "fmv.d.x fa1, %[b]\n\t"                                              \
                     "fmv.d.x fa2, %[c]\n\t"                                              \
                     "fmv.d.x fa4, %[one]\n\t"                                            \
                     "fmul.d fa3, fa4, fa4\n\t"                                           \
                     op1 "\n\t" op2 "\n\t"                                                \
                     "fmv.x.d %[r0], ft0\n\t"                                             \
                     "fmv.x.d %[r1], ft1\n\t"                                             \
                     "frflags %[r2]\n\t"                                                  \
                     : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2])               \
                     : [a] "r"(a), [b] "r"(b), [c] "r"(c), [one] "r"(0x3ff0000000000000ull)                   \
                     : "t0", "fa0", "fa1", "fa2", "fa3", "fa4", "ft0", "ft1");             \
    }
#define PAIR_S(name, op1, op2)                                                            \
    static void name(uint64_t a, uint64_t b, uint64_t c, uint64_t r[3])                   \
    {                                                                                     \
        asm volatile("fmv.w.x fa0, %[a]\n\t"                                              \
                     "fmv.w.x fa1, %[b]\n\t"                                              \
                     "fmv.w.x fa2, %[c]\n\t"                                              \
                     "fmv.w.x fa4, %[one]\n\t"                                            \
                     "fmul.s fa3, fa4, fa4\n\t"                                           \
                     op1 "\n\t" op2 "\n\t"                                                \
                     "fmv.x.d %[r0], ft0\n\t"                                             \
                     "fmv.x.d %[r1], ft1\n\t"                                             \
                     "frflags %[r2]\n\t"                                                  \
                     : [r0] "=&r"(r[0]), [r1] "=&r"(r[1]), [r2] "=&r"(r[2])               \
                     : [a] "r"(a), [b] "r"(b), [c] "r"(c), [one] "r"(0x3f800000)                   \
                     : "t0", "fa0", "fa1", "fa2", "fa3", "fa4", "ft0", "ft1");             \
    }

/* op1 x op2 for one format: X(name, op1, op2) for each pair. */
#define PAIRS(X, F)                                                                       \
    X(add_add_##F, "fadd." #F " ft0, fa0, fa1", "fadd." #F " ft1, ft0, fa2")              \
    X(add_sub_##F, "fadd." #F " ft0, fa0, fa1", "fsub." #F " ft1, fa2, ft0")              \
    X(add_mul_##F, "fadd." #F " ft0, fa0, fa1", "fmul." #F " ft1, ft0, fa2")              \
    X(add_div_##F, "fadd." #F " ft0, fa0, fa1", "fdiv." #F " ft1, ft0, fa2")              \
    X(add_rdiv_##F, "fadd." #F " ft0, fa0, fa1", "fdiv." #F " ft1, fa2, ft0")             \
    X(add_sqrt_##F, "fadd." #F " ft0, fa0, fa1", "fsqrt." #F " ft1, ft0")                 \
    X(add_self_##F, "fadd." #F " ft0, fa0, fa1", "fmul." #F " ft1, ft0, ft0")             \
    X(sub_add_##F, "fsub." #F " ft0, fa0, fa1", "fadd." #F " ft1, fa2, ft0")              \
    X(sub_mul_##F, "fsub." #F " ft0, fa0, fa1", "fmul." #F " ft1, fa2, ft0")              \
    X(sub_rdiv_##F, "fsub." #F " ft0, fa0, fa1", "fdiv." #F " ft1, fa2, ft0")             \
    X(sub_lt_##F, "fsub." #F " ft0, fa0, fa1", "flt." #F " t0, ft0, fa2\n\t"              \
                                               "fcvt." #F ".w ft1, t0")                   \
    X(sqrt_add_##F, "fsqrt." #F " ft0, fa0", "fadd." #F " ft1, ft0, fa1")                 \
    X(sqrt_div_##F, "fsqrt." #F " ft0, fa0", "fdiv." #F " ft1, ft0, fa1")                 \
    X(sqrt_sqrt_##F, "fsqrt." #F " ft0, fa0", "fsqrt." #F " ft1, ft0")                    \
    X(span_fp_##F, "fadd." #F " ft0, fa0, fa1\n\t"                                        \
                   "fmul." #F " fa1, fa2, fa2\n\t"                                        \
                   "fsub." #F " fa3, fa2, fa1",                                             \
                   "fadd." #F " ft1, ft0, fa2")                                             \
    X(span_int_##F, "fsub." #F " ft0, fa0, fa1\n\t"                                       \
                    "addi t0, t0, 5\n\t"                                                  \
                    "fmul." #F " fa1, fa0, fa2\n\t"                                       \
                    "slli t0, t0, 3",                                                      \
                    "fmul." #F " ft1, fa2, ft0")                                            \
    X(span_obs_##F, "fadd." #F " ft0, fa0, fa1\n\t"                                       \
                    "feq." #F " t0, ft0, fa2\n\t"                                          \
                    "fcvt." #F ".w fa3, t0",                                               \
                    "fadd." #F " ft1, ft0, fa2")                                            \
    X(span_chain_##F, "fadd." #F " ft0, fa0, fa1\n\t"                                     \
                      "fmul." #F " fa3, fa2, fa1\n\t"                                      \
                      "fadd." #F " ft0, ft0, fa2\n\t"                                      \
                      "addi t0, t0, 1\n\t"                                                \
                      "fsub." #F " ft0, ft0, fa3",                                         \
                      "fmul." #F " ft1, ft0, fa1")                                          \
    X(chain_##F, "fadd." #F " ft0, fa0, fa1\n\t"                                          \
                 "fadd." #F " ft0, ft0, fa2\n\t"                                          \
                 "fsub." #F " ft0, ft0, fa1",                                             \
                 "fadd." #F " ft1, ft0, fa0")

PAIRS(PAIR_D, d)
PAIRS(PAIR_S, s)

typedef struct Pair {
    const char *name;
    PairFn *fn;
    int dbl;
} Pair;

#define ENTRY_D(name, op1, op2) { #name, name, 1 },
#define ENTRY_S(name, op1, op2) { #name, name, 0 },
static const Pair pairs[] = { PAIRS(ENTRY_D, d) PAIRS(ENTRY_S, s) };

static const uint64_t pool_d[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7fe0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000123ull,
    0xfff8000000000000ull, 0x7ff0000000000001ull, 1, 0x0010000000000000ull,
    0x4008000000000000ull, 0x3cb0000000000000ull,
};
static const uint64_t pool_s[] = {
    0, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f7fffff, 0xff7fffff, 0x7f000000,
    0x7f800000, 0xff800000, 0x7fc00123, 0xffc00000, 0x7f800001, 1, 0x00800000,
    0x40400000, 0x33800000,
};
#define NPOOL (sizeof pool_d / sizeof pool_d[0])

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v");
    only = argc > 2 ? argv[2] : NULL;
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        const Pair *pr = &pairs[p];
        if (only && strcmp(only, pr->name))
            continue;
        const uint64_t *pool = pr->dbl ? pool_d : pool_s;
        hash = 0xcbf29ce484222325ull;
        for (unsigned fl0 = 0; fl0 <= 1; fl0++)
            for (size_t i = 0; i < NPOOL; i++)
                for (size_t j = 0; j < NPOOL; j++)
                    for (size_t k = 0; k < NPOOL; k++) {
                        uint64_t r[3];
                        asm volatile("csrw fflags, %0" : : "r"(fl0));
                        pr->fn(pool[i], pool[j], pool[k], r);
                        mix(r[0]);
                        mix(r[1]);
                        mix(r[2]);
                        if (verbose)
                            printf("%s fl%u %016llx %016llx %016llx -> %016llx %016llx fl %02llx\n",
                                   pr->name, fl0, (unsigned long long)pool[i],
                                   (unsigned long long)pool[j], (unsigned long long)pool[k],
                                   (unsigned long long)r[0], (unsigned long long)r[1],
                                   (unsigned long long)r[2]);
                    }
        if (!verbose)
            printf("%-14s %016llx\n", pr->name, (unsigned long long)hash);
    }
    return 0;
}
