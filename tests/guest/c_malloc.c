/* Heavy malloc/free/realloc/calloc use: thousands of live blocks of random sizes (small bins,
 * large mmap-backed blocks above the mmap threshold), content checks after realloc, calloc
 * zeroing, and freeing in random order. Prints only checksums, never addresses (brk/mmap
 * placement may legitimately differ). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void) { rng ^= rng << 7; rng ^= rng >> 9; return rng; }

int main(void)
{
	enum { SLOTS = 2000 };
	static unsigned char *slot[SLOTS];
	static size_t len[SLOTS];
	unsigned long checks = 0, bad = 0, total = 0;

	for (int round = 0; round < 60000; round++) {
		int i = (int)(next() % SLOTS);
		if (slot[i]) {
			for (size_t k = 0; k < len[i]; k += 61) { checks++; if (slot[i][k] != (unsigned char)(i + k)) bad++; }
			if (next() % 3 == 0) {
				size_t nl = (size_t)(next() % 3000) + 1;
				unsigned char *p = realloc(slot[i], nl);
				if (!p) { printf("realloc failed\n"); return 1; }
				for (size_t k = 0; k < len[i] && k < nl; k += 61) { checks++; if (p[k] != (unsigned char)(i + k)) bad++; }
				for (size_t k = 0; k < nl; k++) p[k] = (unsigned char)(i + k);
				slot[i] = p;
				len[i] = nl;
			} else {
				free(slot[i]);
				slot[i] = NULL;
			}
		} else {
			size_t n = next() % 16 == 0 ? (size_t)(next() % 300000) + 131072 : (size_t)(next() % 512) + 1;
			unsigned char *p = (next() & 1) ? calloc(1, n) : malloc(n);
			if (!p) { printf("malloc failed\n"); return 1; }
			for (size_t k = 0; k < n; k++) p[k] = (unsigned char)(i + k);
			slot[i] = p;
			len[i] = n;
			total += n;
		}
	}
	for (int i = 0; i < SLOTS; i++) free(slot[i]);

	unsigned char *z = calloc(100000, 8);
	unsigned long nz = 0;
	for (size_t k = 0; k < 800000; k++) nz += z[k] != 0;
	free(z);
	printf("checks %lu bad %lu allocated %lu calloc nonzero %lu\n", checks, bad, total, nz);

	void *big = malloc(64 << 20);
	printf("64MiB malloc %s\n", big ? "ok" : "failed");
	if (big) { memset(big, 1, 64 << 20); free(big); }
	return 0;
}
