/* Helpers shared by the benchmark kernels: size argument parsing, a deterministic PRNG and a
 * checksum. Invariant: everything here is integer-only and gives bit-identical results on
 * riscv64 and x86-64 (no plain char, no long double, no reliance on qsort tie order), so a
 * program's stdout is the same natively and under any correct emulator. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* argv[1] is the problem size; dflt when absent. Exits on garbage so typos are not benchmarked. */
static inline long bench_size(int argc, char **argv, long dflt)
{
    if (argc < 2)
        return dflt;
    char *end;
    long v = strtol(argv[1], &end, 10);
    if (*end || v <= 0) {
        fprintf(stderr, "%s: bad size '%s'\n", argv[0], argv[1]);
        exit(2);
    }
    return v;
}

/* xorshift64*: tiny, fast, and the same sequence on every 64-bit target. */
typedef struct { uint64_t s; } rng_t;
static inline void rng_seed(rng_t *r, uint64_t seed) { r->s = seed ? seed : 0x9e3779b97f4a7c15ull; }
static inline uint64_t rng_next(rng_t *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545f4914f6cdd1dull;
}
static inline uint32_t rng_below(rng_t *r, uint32_t n) { return (uint32_t)((rng_next(r) >> 32) % n); }

/* FNV-1a over 64-bit words: order-sensitive checksum for result arrays. */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}
#define MIX_INIT 0xcbf29ce484222325ull

static inline void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(3);
    }
    return p;
}
#endif
