/* Sorting benchmark: libc qsort and a hand-written bottom-up merge sort on the same pseudo-random
 * 32-bit keys, plus a stable merge sort of (key, index) records. Size = number of elements.
 * Both results are checked against each other and for order, so a miscompiled compare or memory
 * copy shows up as a wrong checksum rather than a fast run. */
#include "bench.h"

typedef struct { uint32_t key, idx; } rec_t;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void merge_sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    /* Insertion sort on runs of 16 first: the usual cut-off where merging stops paying. */
    const size_t run = 16;
    for (size_t lo = 0; lo < n; lo += run) {
        size_t hi = lo + run < n ? lo + run : n;
        for (size_t i = lo + 1; i < hi; i++) {
            uint32_t v = a[i];
            size_t j = i;
            while (j > lo && a[j - 1] > v) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
    }
    uint32_t *src = a, *dst = tmp;
    for (size_t w = run; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint32_t *t = src; src = dst; dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* Stable top-down merge sort of records; ties keep index order, which the checksum verifies. */
static void merge_rec(rec_t *a, rec_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_rec(a, tmp, h);
    merge_rec(a + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

int main(int argc, char **argv)
{
    size_t n = (size_t)bench_size(argc, argv, 2000000);
    uint32_t *a = xmalloc(n * sizeof *a), *b = xmalloc(n * sizeof *b), *t = xmalloc(n * sizeof *t);
    rec_t *r = xmalloc(n * sizeof *r), *rt = xmalloc(n * sizeof *rt);
    rng_t g;
    rng_seed(&g, 42);
    for (size_t i = 0; i < n; i++) {
        a[i] = b[i] = (uint32_t)(rng_next(&g) >> 32);
        r[i].key = a[i] % (uint32_t)(n / 4 + 1); /* many duplicate keys: stability matters */
        r[i].idx = (uint32_t)i;
    }
    qsort(a, n, sizeof *a, cmp_u32);
    merge_sort_u32(b, t, n);
    merge_rec(r, rt, n);
    uint64_t h = MIX_INIT, hr = MIX_INIT;
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || (i && a[i - 1] > a[i]))
            ok = 0;
        if (i && (r[i - 1].key > r[i].key || (r[i - 1].key == r[i].key && r[i - 1].idx > r[i].idx)))
            ok = 0;
        h = mix64(h, a[i]);
        hr = mix64(hr, ((uint64_t)r[i].key << 32) | r[i].idx);
    }
    printf("sort n=%zu ok=%d min=%u median=%u max=%u hash=%016llx rec=%016llx\n", n, ok, a[0],
           a[n / 2], a[n - 1], (unsigned long long)h, (unsigned long long)hr);
    return ok ? 0 : 1;
}
