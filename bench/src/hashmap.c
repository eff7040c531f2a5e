/* Hash-map benchmark: (1) an open-addressing table of 64-bit keys with linear probing and
 * tombstones under a mixed insert / lookup / delete load, and (2) word counting in a chained
 * table of malloc'd string nodes (words built from random syllables). Size = thousands of keys.
 * Stresses hashing arithmetic, unpredictable loads, malloc/free and short string compares. */
#include "bench.h"

#define EMPTY 0ull
#define TOMB 1ull /* keys are forced >= 2 */

typedef struct {
    uint64_t *keys, *vals;
    size_t cap, used, live;
} omap_t;

static uint64_t hash64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ull;
    return k ^ (k >> 33);
}

static void om_init(omap_t *m, size_t cap)
{
    m->cap = cap;
    m->used = m->live = 0;
    m->keys = xmalloc(cap * 8);
    m->vals = xmalloc(cap * 8);
    memset(m->keys, 0, cap * 8);
}

static void om_put(omap_t *m, uint64_t k, uint64_t v);

static void om_grow(omap_t *m)
{
    omap_t n;
    om_init(&n, m->live * 4 > m->cap ? m->cap * 2 : m->cap); /* rehash also drops tombstones */
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i] > TOMB)
            om_put(&n, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = n;
}

static void om_put(omap_t *m, uint64_t k, uint64_t v)
{
    if ((m->used + 1) * 10 > m->cap * 7)
        om_grow(m);
    size_t mask = m->cap - 1, i = hash64(k) & mask, tomb = SIZE_MAX;
    for (;; i = (i + 1) & mask) {
        if (m->keys[i] == k) {
            m->vals[i] = v;
            return;
        }
        if (m->keys[i] == TOMB && tomb == SIZE_MAX)
            tomb = i;
        if (m->keys[i] == EMPTY)
            break;
    }
    if (tomb != SIZE_MAX)
        i = tomb;
    else
        m->used++;
    m->keys[i] = k;
    m->vals[i] = v;
    m->live++;
}

static uint64_t *om_get(omap_t *m, uint64_t k)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash64(k) & mask;; i = (i + 1) & mask) {
        if (m->keys[i] == k)
            return &m->vals[i];
        if (m->keys[i] == EMPTY)
            return NULL;
    }
}

static int om_del(omap_t *m, uint64_t k)
{
    uint64_t *v = om_get(m, k);
    if (!v)
        return 0;
    m->keys[v - m->vals] = TOMB;
    m->live--;
    return 1;
}

typedef struct node {
    struct node *next;
    uint32_t count;
    uint8_t word[]; /* NUL-terminated */
} node_t;

static uint32_t str_hash(const uint8_t *s)
{
    uint32_t h = 2166136261u;
    while (*s)
        h = (h ^ *s++) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 1000) * 1000;
    rng_t g;
    rng_seed(&g, 1234);
    omap_t m;
    om_init(&m, 16);
    /* Keys from a range of 2n values: about half the lookups and deletes hit. */
    for (size_t i = 0; i < n; i++)
        om_put(&m, 2 + rng_below(&g, (uint32_t)(2 * n)), i);
    uint64_t hits = 0, vsum = 0, dels = 0;
    for (size_t i = 0; i < 2 * n; i++) {
        uint64_t k = 2 + rng_below(&g, (uint32_t)(2 * n));
        uint64_t *v = om_get(&m, k);
        if (v) {
            hits++;
            vsum += *v;
            *v += 1;
        }
        if ((i & 3) == 0)
            dels += (uint64_t)om_del(&m, 2 + rng_below(&g, (uint32_t)(2 * n)));
        if ((i & 3) == 1)
            om_put(&m, 2 + rng_below(&g, (uint32_t)(2 * n)), i);
    }
    uint64_t h = MIX_INIT;
    for (size_t i = 0; i < m.cap; i++)
        if (m.keys[i] > TOMB)
            h = mix64(h, m.keys[i] * 31 + m.vals[i]);

    /* Word counting: chained buckets, nodes malloc'd and freed at the end. */
    static const char *const syl[16] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
                                        "ba", "de", "fu", "go", "he", "ji", "pa", "zu"};
    size_t nb = 1 << 14, distinct = 0;
    node_t **b = xmalloc(nb * sizeof *b);
    memset(b, 0, nb * sizeof *b);
    uint8_t w[16];
    uint32_t best = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t len = 0, ns = 1 + rng_below(&g, 4);
        for (uint32_t s = 0; s < ns; s++) {
            const char *p = syl[rng_below(&g, s ? 16 : 6)];
            w[len++] = (uint8_t)p[0];
            w[len++] = (uint8_t)p[1];
        }
        w[len] = 0;
        uint32_t hv = str_hash(w) & (uint32_t)(nb - 1);
        node_t *e = b[hv];
        while (e && strcmp((const char *)e->word, (const char *)w))
            e = e->next;
        if (!e) {
            e = xmalloc(sizeof *e + len + 1);
            memcpy(e->word, w, len + 1);
            e->count = 0;
            e->next = b[hv];
            b[hv] = e;
            distinct++;
        }
        if (++e->count > best)
            best = e->count;
    }
    uint64_t wh = MIX_INIT;
    for (size_t i = 0; i < nb; i++)
        while (b[i]) {
            node_t *e = b[i];
            wh += str_hash(e->word) * (uint64_t)e->count; /* order-independent */
            b[i] = e->next;
            free(e);
        }
    free(b);
    free(m.keys);
    free(m.vals);
    printf("hashmap n=%zu live=%zu hits=%llu dels=%llu vsum=%llu hash=%016llx words=%zu best=%u wh=%016llx\n",
           n, m.live, (unsigned long long)hits, (unsigned long long)dels, (unsigned long long)vsum,
           (unsigned long long)h, distinct, best, (unsigned long long)wh);
    return 0;
}
