/* printf of 64-bit values in every integer conversion, with widths, precision, flags and the
 * extreme values; exercises libc's long division/formatting paths (div/rem by 10, 8, 16). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <stddef.h>
#include <sys/types.h>

int main(void)
{
	int64_t sv[] = { 0, 1, -1, 42, -42, INT32_MAX, INT32_MIN, (int64_t)INT32_MAX + 1,
			 INT64_MAX, INT64_MIN, 1000000007LL * 1000000009LL };
	uint64_t uv[] = { 0, 1, UINT32_MAX, (uint64_t)UINT32_MAX + 1, UINT64_MAX, 1ULL << 63,
			  0xdeadbeefcafebabeULL };
	for (unsigned i = 0; i < sizeof sv / sizeof sv[0]; i++)
		printf("%" PRId64 "|%25" PRId64 "|%-22" PRIi64 "|%+" PRId64 "|%024" PRId64 "\n",
		       sv[i], sv[i], sv[i], sv[i], sv[i]);
	for (unsigned i = 0; i < sizeof uv / sizeof uv[0]; i++)
		printf("%" PRIu64 "|%" PRIx64 "|%#" PRIX64 "|%" PRIo64 "|%#o|%.20" PRIu64 "|%016" PRIx64 "\n",
		       uv[i], uv[i], uv[i], uv[i], (unsigned)uv[i], uv[i], uv[i]);
	printf("%hhd %hhu %hd %hu %d %u\n", (signed char)-128, (unsigned char)255, (short)-32768,
	       (unsigned short)65535, -2147483647 - 1, 4294967295u);
	printf("%zu %zd %td %jd %ju\n", (size_t)-1, (ssize_t)-1, (ptrdiff_t)-5, (intmax_t)INT64_MIN,
	       (uintmax_t)UINT64_MAX);
	printf("[%5s][%-5s][%.2s][%c][%%]\n", "ab", "ab", "abcdef", 'Z');
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%lld/%llx", -1234567890123456789LL, 0x0123456789abcdefULL);
	printf("snprintf %d [%s]\n", n, buf);
	unsigned long long acc = 0;
	for (unsigned long long v = 1; v < UINT64_MAX / 3; v = v * 3 + 1) {
		n = snprintf(buf, sizeof buf, "%llu", v);
		acc = acc * 131 + (unsigned)n + (unsigned char)buf[n - 1];
	}
	printf("length/lastdigit hash %llu\n", acc);
	return 0;
}
