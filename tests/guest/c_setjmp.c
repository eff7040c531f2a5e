/* setjmp/longjmp: a jump out of deep recursion, values 0 -> 1 conversion, nested jump buffers,
 * volatile locals surviving the jump, and repeated longjmp in a loop (the restored sp/ra/s-regs
 * must be exact each time). */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf outer, inner;
static int depth_reached;

static __attribute__((noinline)) void dive(int n, int limit)
{
	volatile char pad[64];
	pad[0] = (char)n;
	depth_reached = n + pad[0] - (char)n;
	if (n >= limit) longjmp(outer, n);
	if (n < limit) dive(n + 1, limit);
}

static __attribute__((noinline)) int try_inner(int v)
{
	if (setjmp(inner) == 0) {
		if (v > 2) longjmp(inner, v * 10);
		return v;
	}
	return -1;
}

int main(void)
{
	int r = setjmp(outer);
	if (r == 0) {
		dive(0, 5000);
		printf("not reached\n");
	}
	printf("longjmp from depth returned %d (depth %d)\n", r, depth_reached);

	volatile int count = 0;
	int r2 = setjmp(outer);
	count++;
	if (count < 100) longjmp(outer, 0);	/* value 0 must arrive as 1 */
	printf("loop count %d, last value %d\n", count, r2);

	for (int i = 0; i < 5; i++) printf("try_inner(%d) = %d\n", i, try_inner(i));

	volatile long acc = 0;
	jmp_buf local;
	int k = setjmp(local);
	acc += k;
	if (k < 10) longjmp(local, k + 1);
	printf("acc = %ld\n", acc);
	return 0;
}
