/* libc string and memory routines at many lengths and alignments (glibc's word-at-a-time code
 * paths read across page-crossing and misaligned boundaries), overlapping memmove, strtol/strtoul
 * edge cases, snprintf truncation. Prints checksums so any divergence is visible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>

static unsigned long sum_bytes(const unsigned char *p, size_t n)
{
	unsigned long h = 5381;
	for (size_t i = 0; i < n; i++) h = h * 33 + p[i];
	return h;
}

int main(void)
{
	static unsigned char buf[4096], dst[4096];
	for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)(i * 7 + 3);

	unsigned long h = 0;
	for (int so = 0; so < 8; so++)
		for (int dof = 0; dof < 8; dof++)
			for (int n = 0; n < 80; n += 3) {
				memset(dst, 0xee, 128);
				memcpy(dst + dof, buf + so, (size_t)n);
				h = h * 7 + sum_bytes(dst, 128);
			}
	printf("memcpy grid hash %lu\n", h);

	memcpy(dst, buf, 256);
	memmove(dst + 3, dst, 200);
	printf("memmove fwd overlap %lu\n", sum_bytes(dst, 256));
	memcpy(dst, buf, 256);
	memmove(dst, dst + 5, 200);
	printf("memmove back overlap %lu\n", sum_bytes(dst, 256));

	h = 0;
	for (int al = 0; al < 16; al++)
		for (int n = 0; n < 100; n++) {
			char *s = (char *)dst + al;
			memset(s, 'a' + n % 26, (size_t)n);
			s[n] = 0;
			h = h * 131 + strlen(s);
		}
	printf("strlen grid %lu\n", h);

	char a[64], b[64];
	strcpy(a, "hello, world");
	strcpy(b, "hello, worle");
	printf("strcmp %d %d %d\n", strcmp(a, b) < 0, strcmp(b, a) > 0, strcmp(a, a) == 0);
	printf("strncmp %d memcmp %d\n", strncmp(a, b, 11), memcmp(a, b, 12) < 0);
	printf("strchr %ld strrchr %ld strstr %ld\n", (long)(strchr(a, 'o') - a),
	       (long)(strrchr(a, 'o') - a), (long)(strstr(a, "wor") - a));
	printf("strchr nul %d missing %d\n", strchr(a, 0) == a + strlen(a), strchr(a, 'z') == NULL);
	strcat(a, "!!");
	printf("strcat [%s] strncpy ", a);
	memset(b, 'x', sizeof b);
	strncpy(b, "abc", 6);
	printf("%d%d%d%d\n", b[2] == 'c', b[3] == 0, b[5] == 0, b[6] == 'x');
	printf("strspn %zu strcspn %zu\n", strspn("aaabbbc", "ab"), strcspn("hello world", " "));
	char *dup = strdup("duplicate me");
	printf("strdup [%s]\n", dup);
	free(dup);
	char tok[] = "a,b,,c;d";
	char *save;
	for (char *t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) printf("<%s>", t);
	printf("\n");

	const char *nums[] = { "0", "-1", "9223372036854775807", "9223372036854775808",
			       "-9223372036854775808", "0x7f", "  +42xyz", "0777", "zz" };
	for (unsigned i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		char *end;
		errno = 0;
		long v = strtol(nums[i], &end, 0);
		printf("strtol(\"%s\") = %ld errno=%d rest=\"%s\"\n", nums[i], v, errno == ERANGE, end);
	}
	errno = 0;
	printf("strtoul(\"18446744073709551615\") = %lu errno=%d\n",
	       strtoul("18446744073709551615", NULL, 10), errno);
	printf("strtoull(\"-1\") = %llu\n", strtoull("-1", NULL, 10));
	printf("atoi(\"-2147483648\") = %d\n", atoi("-2147483648"));

	char small[8];
	volatile size_t small_len = sizeof small;	/* hides the truncation from -Wformat */
	int n = snprintf(small, small_len, "%s-%d", "truncated", 12345);
	printf("snprintf n=%d [%s]\n", n, small);
	return 0;
}
