/* String-matching benchmark: counts (overlapping) occurrences of a set of patterns in a generated
 * text with four algorithms, naive scan, Knuth-Morris-Pratt, Boyer-Moore-Horspool and libc
 * memmem, and checks they agree; also a '?'-wildcard matcher. Size = KiB of text. Two texts: a
 * 4-letter "DNA" one (many partial matches) and a syllable "prose" one. Stresses byte loads,
 * compares, data-dependent branches and table lookups. */
#define _GNU_SOURCE
#include "bench.h"

static size_t naive(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    size_t c = 0;
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && t[i + j] == p[j])
            j++;
        c += j == m;
    }
    return c;
}

static size_t kmp(const uint8_t *t, size_t n, const uint8_t *p, size_t m, size_t *fail)
{
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < m; i++) {
        while (k && p[i] != p[k])
            k = fail[k - 1];
        if (p[i] == p[k])
            k++;
        fail[i] = k;
    }
    size_t c = 0;
    for (size_t i = 0, k = 0; i < n; i++) {
        while (k && t[i] != p[k])
            k = fail[k - 1];
        if (t[i] == p[k])
            k++;
        if (k == m) {
            c++;
            k = fail[k - 1];
        }
    }
    return c;
}

static size_t horspool(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    size_t shift[256];
    for (int i = 0; i < 256; i++)
        shift[i] = m;
    for (size_t i = 0; i + 1 < m; i++)
        shift[p[i]] = m - 1 - i;
    size_t c = 0;
    for (size_t i = 0; i + m <= n; i += shift[t[i + m - 1]]) {
        size_t j = m;
        while (j && t[i + j - 1] == p[j - 1])
            j--;
        c += j == 0;
    }
    return c;
}

static size_t libc_memmem(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    size_t c = 0;
    const uint8_t *e = t + n, *q = t;
    while ((q = memmem(q, (size_t)(e - q), p, m)) != NULL) {
        c++;
        q++;
    }
    return c;
}

static size_t wildcard(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    size_t c = 0;
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && (p[j] == '?' || t[i + j] == p[j]))
            j++;
        c += j == m;
    }
    return c;
}

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 2048) * 1024;
    uint8_t *dna = xmalloc(n + 1), *prose = xmalloc(n + 1);
    rng_t g;
    rng_seed(&g, 2024);
    for (size_t i = 0; i < n; i++)
        dna[i] = (uint8_t)"ACGT"[rng_below(&g, 4)];
    static const char *const syl[12] = {"the ", "an", "in", "on", "re", "st", "ing ", "ed ", "qu", "ab", "lo", ", "};
    for (size_t i = 0; i < n;) {
        const char *s = syl[rng_below(&g, 12)];
        while (*s && i < n)
            prose[i++] = (uint8_t)*s++;
    }
    uint8_t pat[16][40];
    size_t plen[16], fail[40];
    for (int k = 0; k < 16; k++) {
        const uint8_t *src = k < 8 ? dna : prose;
        plen[k] = 3 + (size_t)k % 8 * 4; /* 3..31 */
        memcpy(pat[k], src + rng_below(&g, (uint32_t)(n - 40)), plen[k]);
        if (k & 1) /* half the patterns are likely absent */
            pat[k][plen[k] / 2] = 'x';
    }
    uint64_t h = MIX_INIT, total = 0;
    int agree = 1;
    for (int k = 0; k < 16; k++) {
        const uint8_t *t = k < 8 ? dna : prose;
        size_t a = naive(t, n, pat[k], plen[k]);
        size_t b = kmp(t, n, pat[k], plen[k], fail);
        size_t c = horspool(t, n, pat[k], plen[k]);
        size_t d = libc_memmem(t, n, pat[k], plen[k]);
        if (a != b || a != c || a != d)
            agree = 0;
        total += a;
        h = mix64(h, a);
    }
    uint8_t wp[8] = {'A', '?', 'G', '?', '?', 'T', 'C', 'A'}, wq[6] = {'t', 'h', '?', ' ', '?', 'n'};
    size_t w1 = wildcard(dna, n, wp, 8), w2 = wildcard(prose, n, wq, 6);
    printf("strmatch kib=%zu total=%llu wild=%zu,%zu hash=%016llx %s\n", n / 1024, (unsigned long long)total, w1,
           w2, (unsigned long long)h, agree ? "agree" : "DISAGREE");
    return agree ? 0 : 1;
}
