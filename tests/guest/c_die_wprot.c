/* Dies of SIGSEGV with no handler, from a write to a read-only mapping (a permission fault,
 * unlike die_segv's unmapped NULL). Expected status 139; the earlier output was flushed. */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
	volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("before write to read-only page: %d\n", p[0]);
	fflush(stdout);
	p[0] = 1;
	printf("after write (wrong)\n");
	return 0;
}
