/* Deep and mutual recursion through the call/return path: naive fib, Ackermann, mutual
 * even/odd, a 100000-deep recursion (stack growth), and tail-recursive gcd. */
#include <stdio.h>
#include <stdint.h>

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long ack(long m, long n)
{
	if (m == 0) return n + 1;
	if (n == 0) return ack(m - 1, 1);
	return ack(m - 1, ack(m, n - 1));
}

static int is_odd(unsigned n);
static __attribute__((noinline)) int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
static __attribute__((noinline)) int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

/* The volatile array keeps a real frame per level so the stack really grows. */
static __attribute__((noinline)) uint64_t deep(int n)
{
	volatile uint64_t pad[4] = { (uint64_t)n, (uint64_t)n * 3, 0, 0 };
	if (n == 0) return 1;
	return deep(n - 1) * 31 + pad[0] + pad[1];
}

static uint64_t gcd(uint64_t a, uint64_t b) { return b == 0 ? a : gcd(b, a % b); }

static int hanoi(int n, int from, int to, int via)
{
	if (n == 0) return 0;
	return hanoi(n - 1, from, via, to) + 1 + hanoi(n - 1, via, to, from);
}

int main(void)
{
	printf("fib(27) = %ld\n", fib(27));
	printf("ack(2,3) = %ld ack(3,5) = %ld\n", ack(2, 3), ack(3, 5));
	printf("is_even(10001) = %d is_odd(10001) = %d\n", is_even(10001), is_odd(10001));
	printf("deep(100000) = %016llx\n", (unsigned long long)deep(100000));
	printf("gcd = %llu\n", (unsigned long long)gcd(1071ULL * 1000003ULL, 462ULL * 1000003ULL));
	printf("hanoi(16) moves = %d\n", hanoi(16, 0, 2, 1));
	return 0;
}
