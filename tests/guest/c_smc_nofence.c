/* Self-modifying code WITHOUT fence.i or cache flushes: Linux on real cores does not promise
 * this, but qemu linux-user (and qelt) must detect writes to translated code and run the new
 * instructions. Covers a rewrite between calls, rewrites in a hot loop, a function rewriting a
 * later instruction in its own page (and its own translation block), and memcpy of a new body. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define ADDI_A0(imm) ((((uint32_t)(imm) & 0xfff) << 20) | (10u << 7) | 0x13u)
#define ADDI_A0_A0(imm) ((((uint32_t)(imm) & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u)
#define RET 0x00008067u
#define SW_A1_0_A0 0x00b52023u		/* sw a1, 0(a0) */
#define NOP 0x00000013u

typedef long (*fn0)(void);
typedef long (*fn2)(void *, uint32_t);

int main(void)
{
	uint32_t *code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) { printf("mmap failed\n"); return 1; }
	volatile uint32_t *vc = code;
	vc[0] = ADDI_A0(1);
	vc[1] = RET;
	printf("first call %ld\n", ((fn0)code)());
	vc[0] = ADDI_A0(2);
	printf("after rewrite %ld\n", ((fn0)code)());
	long sum = 0;
	for (int i = 0; i < 300; i++) {
		vc[0] = ADDI_A0(i);
		sum += ((fn0)code)();
	}
	printf("300 rewrites sum %ld\n", sum);

	/* A longer body: a0 = 0, then 8 increments; patch one increment in the middle. */
	vc[0] = ADDI_A0(0);
	for (int i = 1; i <= 8; i++) vc[i] = ADDI_A0_A0(1);
	vc[9] = RET;
	printf("body %ld\n", ((fn0)code)());
	vc[5] = ADDI_A0_A0(100);
	printf("patched middle %ld\n", ((fn0)code)());
	vc[5] = NOP;
	printf("patched to nop %ld\n", ((fn0)code)());

	/* Store into the instruction two slots ahead, within the same block, no fence.i. */
	uint32_t *self = code + 256;
	self[0] = SW_A1_0_A0;
	self[1] = NOP;
	self[2] = ADDI_A0(1);
	self[3] = RET;
	/* Whether the store is seen by the very block that made it is not architecturally defined
	 * without fence.i (qemu runs the stale instruction, a precise-SMC translator the new one):
	 * accept either, but from the next call on the stored instruction must run. */
	long r1 = ((fn2)self)(self + 2, ADDI_A0(7));
	printf("self-modify same block: %s\n", r1 == 1 || r1 == 7 ? "old or new ok" : "wrong");
	long r2 = ((fn2)self)(self + 2, ADDI_A0(11));
	printf("self-modify again: %s\n", r2 == 7 || r2 == 11 ? "old or new ok" : "wrong");
	printf("self-modify settled %ld\n", ((fn2)self)(self + 2, ADDI_A0(11)));

	/* New body copied over the old one with memcpy, on the second page. */
	uint32_t body1[] = { ADDI_A0(40), ADDI_A0_A0(2), RET };
	uint32_t body2[] = { ADDI_A0(-40), ADDI_A0_A0(-2), RET };
	uint32_t *p2 = code + 1024 + 10;
	memcpy(p2, body1, sizeof body1);
	printf("page2 body1 %ld\n", ((fn0)p2)());
	memcpy(p2, body2, sizeof body2);
	printf("page2 body2 %ld\n", ((fn0)p2)());
	return 0;
}
