/* Self-modifying code with explicit synchronisation: code written into an RWX mmap buffer is
 * called, rewritten, synchronised with __riscv_flush_icache and fence.i, and called again; the
 * W^X pattern (write under RW, mprotect to RX, run, back to RW, rewrite); and code that stores
 * into its own page, then fence.i, then runs the stored instruction. The translator must drop
 * stale translations in each case. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/cachectl.h>

#define ADDI_A0(imm) ((((uint32_t)(imm) & 0xfff) << 20) | (10u << 7) | 0x13u)
#define RET 0x00008067u
#define SW_A1_0_A0 0x00b52023u		/* sw a1, 0(a0) */
#define FENCE_I 0x0000100fu
#define NOP 0x00000013u

typedef long (*fn0)(void);
typedef long (*fn2)(void *, uint32_t);

static void sync_icache(void *p, size_t n)
{
	__riscv_flush_icache(p, (char *)p + n, 0);
	__asm__ volatile("fence.i" ::: "memory");
}

int main(void)
{
	uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) { printf("mmap failed\n"); return 1; }
	code[0] = ADDI_A0(1);
	code[1] = RET;
	sync_icache(code, 8);
	printf("first call %ld\n", ((fn0)code)());
	code[0] = ADDI_A0(2);
	sync_icache(code, 8);
	printf("after rewrite %ld\n", ((fn0)code)());
	long sum = 0;
	for (int i = 0; i < 200; i++) {
		code[0] = ADDI_A0(i - 100);
		sync_icache(code, 4);
		sum += ((fn0)code)();
	}
	printf("200 rewrites sum %ld\n", sum);

	/* Two functions in one page: rewriting one must not break the other. */
	code[16] = ADDI_A0(-5);
	code[17] = RET;
	sync_icache(code + 16, 8);
	printf("second fn %ld first fn %ld\n", ((fn0)(code + 16))(), ((fn0)code)());
	code[16] = ADDI_A0(55);
	sync_icache(code + 16, 4);
	printf("second fn rewritten %ld first fn %ld\n", ((fn0)(code + 16))(), ((fn0)code)());

	/* Code modifying its own page, with fence.i between the store and the new instruction. */
	uint32_t *self = code + 64;
	self[0] = SW_A1_0_A0;
	self[1] = FENCE_I;
	self[2] = ADDI_A0(1);
	self[3] = RET;
	sync_icache(self, 16);
	printf("self-modify with fence.i %ld\n", ((fn2)self)(self + 2, ADDI_A0(7)));
	printf("self-modify again %ld\n", ((fn2)self)(self + 2, ADDI_A0(9)));

	/* W^X: write under RW, execute under RX. */
	uint32_t *wx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	wx[0] = ADDI_A0(100);
	wx[1] = RET;
	mprotect(wx, 4096, PROT_READ | PROT_EXEC);
	sync_icache(wx, 8);
	printf("w^x first %ld\n", ((fn0)wx)());
	mprotect(wx, 4096, PROT_READ | PROT_WRITE);
	wx[0] = ADDI_A0(200);
	mprotect(wx, 4096, PROT_READ | PROT_EXEC);
	sync_icache(wx, 8);
	printf("w^x second %ld\n", ((fn0)wx)());

	/* Unmap and map again at the same place with different code. */
	munmap(wx, 4096);
	uint32_t *again = mmap(wx, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	again[0] = ADDI_A0(300);
	again[1] = RET;
	sync_icache(again, 8);
	printf("remapped %ld\n", ((fn0)again)());
	return 0;
}
