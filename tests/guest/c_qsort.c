/* qsort and bsearch from libc: the comparator is called back from libc code through a
 * function pointer; sorts ints, 64-bit values with sign edges, strings, and structs with a
 * stable key tiebreak; prints checksums and a few elements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}
static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}
static int cmp_u64_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x < y) - (x > y);
}
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}
struct rec { int key; int id; };
static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	if (x->key != y->key) return x->key - y->key;
	return x->id - y->id;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t xs(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

int main(void)
{
	enum { N = 20000 };
	static int a[N];
	for (int i = 0; i < N; i++) a[i] = (int)(xs() % 100000) - 50000;
	qsort(a, N, sizeof a[0], cmp_int);
	int sorted = 1;
	long sum = 0;
	for (int i = 0; i < N; i++) { sum += (long)a[i] * (i % 7); if (i && a[i - 1] > a[i]) sorted = 0; }
	printf("ints sorted=%d min=%d max=%d weighted=%ld\n", sorted, a[0], a[N - 1], sum);
	int key = a[1234];
	int *hit = bsearch(&key, a, N, sizeof a[0], cmp_int);
	printf("bsearch found=%d value=%d\n", hit != NULL, hit ? *hit : 0);
	key = 60000;
	printf("bsearch absent=%d\n", bsearch(&key, a, N, sizeof a[0], cmp_int) == NULL);

	int64_t b[] = { 0, -1, INT64_MIN, INT64_MAX, 1, -2, INT64_MIN + 1, 42 };
	qsort(b, 8, sizeof b[0], cmp_i64);
	for (int i = 0; i < 8; i++) printf("%lld%c", (long long)b[i], i == 7 ? '\n' : ' ');
	uint64_t c[] = { 0, UINT64_MAX, 1ULL << 63, 5, (1ULL << 63) - 1 };
	qsort(c, 5, sizeof c[0], cmp_u64_desc);
	for (int i = 0; i < 5; i++) printf("%llu%c", (unsigned long long)c[i], i == 4 ? '\n' : ' ');

	const char *w[] = { "pear", "apple", "fig", "banana", "apples", "Zebra", "", "fig0" };
	qsort(w, 8, sizeof w[0], cmp_str);
	for (int i = 0; i < 8; i++) printf("[%s]", w[i]);
	printf("\n");

	static struct rec r[5000];
	for (int i = 0; i < 5000; i++) { r[i].key = (int)(xs() % 50); r[i].id = i; }
	qsort(r, 5000, sizeof r[0], cmp_rec);
	unsigned long h = 0;
	for (int i = 0; i < 5000; i++) h = h * 31 + (unsigned)r[i].key * 7919 + (unsigned)r[i].id;
	printf("records hash %lu first (%d,%d) last (%d,%d)\n", h, r[0].key, r[0].id, r[4999].key,
	       r[4999].id);
	return 0;
}
