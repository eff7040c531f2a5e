/* Calls through function pointers: a dispatch table, callbacks passed down several levels,
 * pointers returned from functions, and a vtable-like struct, so indirect calls and returns
 * go to many different targets. */
#include <stdio.h>
#include <stdint.h>

typedef uint64_t (*unop)(uint64_t);
static uint64_t f_inc(uint64_t x) { return x + 1; }
static uint64_t f_dbl(uint64_t x) { return x * 2; }
static uint64_t f_sq(uint64_t x) { return x * x; }
static uint64_t f_rot(uint64_t x) { return (x << 7) | (x >> 57); }
static uint64_t f_neg(uint64_t x) { return -x; }

static unop table[] = { f_inc, f_dbl, f_sq, f_rot, f_neg };

static __attribute__((noinline)) uint64_t apply_n(unop f, uint64_t x, int n)
{
	while (n-- > 0) x = f(x);
	return x;
}

static __attribute__((noinline)) unop pick(uint64_t k) { return table[k % 5]; }

struct shape_ops { long (*area)(const void *); const char *(*name)(void); };
struct rect { const struct shape_ops *ops; long w, h; };
struct tri { const struct shape_ops *ops; long b, h; };
static long rect_area(const void *p) { const struct rect *r = p; return r->w * r->h; }
static const char *rect_name(void) { return "rect"; }
static long tri_area(const void *p) { const struct tri *t = p; return t->b * t->h / 2; }
static const char *tri_name(void) { return "tri"; }
static const struct shape_ops rect_ops = { rect_area, rect_name };
static const struct shape_ops tri_ops = { tri_area, tri_name };

static __attribute__((noinline)) long fold(long (*f)(long, long), const long *v, int n, long acc)
{
	for (int i = 0; i < n; i++) acc = f(acc, v[i]);
	return acc;
}
static long add(long a, long b) { return a + b; }
static long mx(long a, long b) { return a > b ? a : b; }
static long hash(long a, long b) { return a * 1000003 ^ b; }

int main(void)
{
	uint64_t x = 3;
	for (int i = 0; i < 5; i++)
		printf("apply_n(table[%d], 3, 5) = %llu\n", i, (unsigned long long)apply_n(table[i], 3, 5));
	for (uint64_t i = 0; i < 100000; i++) x = pick(x ^ i)(x) + i;
	printf("chain = %016llx\n", (unsigned long long)x);

	struct rect r = { &rect_ops, 6, 7 };
	struct tri t = { &tri_ops, 9, 5 };
	const void *shapes[] = { &r, &t, &r };
	for (int i = 0; i < 3; i++) {
		const struct shape_ops *ops = *(const struct shape_ops *const *)shapes[i];
		printf("%s area %ld\n", ops->name(), ops->area(shapes[i]));
	}
	long v[] = { 5, -3, 99, 42, -100, 7 };
	printf("fold add %ld max %ld hash %ld\n", fold(add, v, 6, 0), fold(mx, v, 6, -1000),
	       fold(hash, v, 6, 1));
	return 0;
}
