/* Exit paths: atexit handlers run in reverse order and stdio is flushed by exit(3) from deep
 * in the call stack; the shell must see status 3. */
#include <stdio.h>
#include <stdlib.h>

static void bye1(void) { printf("atexit 1\n"); }
static void bye2(void) { printf("atexit 2\n"); }

static __attribute__((noinline)) void leave(int depth)
{
	if (depth == 0) { printf("leaving from depth\n"); exit(3); }
	if (depth > 0) leave(depth - 1);
	printf("not reached\n");
}

int main(void)
{
	atexit(bye1);
	atexit(bye2);
	printf("buffered line before exit\n");
	leave(50);
	return 0;
}
