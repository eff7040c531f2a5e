/* Input generator shared by the compression drivers: pseudo-random "prose" built from a small
 * vocabulary with a skewed word distribution, plus runs of binary noise, so compressors find
 * both long matches and incompressible stretches. Deterministic for a given size and seed. */
#ifndef BENCH_GEN_H
#define BENCH_GEN_H
#include "bench.h"

static void gen_input(uint8_t *buf, size_t n, uint64_t seed)
{
    static const char *const vocab[32] = {
        "the", "of", "and", "translation", "block", "guest", "host", "register", "a", "to",
        "in", "is", "cache", "code", "jump", "chain", "helper", "memory", "page", "signal",
        "fault", "branch", "load", "store", "add", "shift", "vector", "float", "call", "return",
        "thread", "lock"};
    rng_t g;
    rng_seed(&g, seed);
    size_t i = 0;
    while (i < n) {
        uint32_t r = rng_below(&g, 1000);
        if (r < 8) { /* a short run of noise */
            uint32_t len = 16 + rng_below(&g, 200);
            for (uint32_t k = 0; k < len && i < n; k++)
                buf[i++] = (uint8_t)(rng_next(&g) >> 56);
            continue;
        }
        /* Squaring the index skews toward the first words, like natural text. */
        uint32_t w = rng_below(&g, 32);
        w = w * w / 32;
        for (const char *s = vocab[w]; *s && i < n; s++)
            buf[i++] = (uint8_t)*s;
        if (i < n)
            buf[i++] = r < 60 ? '\n' : (r < 120 ? ',' : ' ');
    }
}
#endif
