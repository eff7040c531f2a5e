/* Indirect jumps: dense switch statements compiled to jump tables, a computed-goto bytecode
 * interpreter (labels as values), and a switch inside a hot loop whose targets change every
 * iteration, so translated indirect-branch lookups see many targets. */
#include <stdio.h>
#include <stdint.h>

static __attribute__((noinline)) uint64_t op(unsigned sel, uint64_t x)
{
	switch (sel) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x ^ 0x5555;
	case 3: return x >> 1;
	case 4: return x << 2;
	case 5: return ~x;
	case 6: return x - 7;
	case 7: return x * x;
	case 8: return x | 0x100;
	case 9: return x & 0xfffff;
	case 10: return x + (x >> 7);
	case 11: return x ^ (x << 13);
	default: return x + sel;
	}
}

/* Register bytecode: LI r imm | ADD r a b | MUL r a b | DEC r | JNZ r tgt | HALT r. */
enum { LI, ADD, MUL, DEC, JNZ, HALT };
static int64_t interp(const int *code)
{
	static const void *labels[] = { &&l_li, &&l_add, &&l_mul, &&l_dec, &&l_jnz, &&l_halt };
	int64_t r[8] = { 0 };
	const int *pc = code;
#define NEXT goto *labels[*pc]
	NEXT;
l_li:   r[pc[1]] = pc[2]; pc += 3; NEXT;
l_add:  r[pc[1]] = r[pc[2]] + r[pc[3]]; pc += 4; NEXT;
l_mul:  r[pc[1]] = r[pc[2]] * r[pc[3]]; pc += 4; NEXT;
l_dec:  r[pc[1]]--; pc += 2; NEXT;
l_jnz:  pc = r[pc[1]] ? code + pc[2] : pc + 3; NEXT;
l_halt: return r[pc[1]];
#undef NEXT
}

int main(void)
{
	uint64_t x = 1, hist = 0;
	for (unsigned i = 0; i < 200000; i++) {
		unsigned sel = (unsigned)((x >> 5) ^ i) % 14;
		x = op(sel, x);
		hist += sel;
	}
	printf("switch loop x = %016llx hist = %llu\n", (unsigned long long)x,
	       (unsigned long long)hist);
	for (unsigned s = 0; s < 14; s++)
		printf("op(%u, 1000) = %llu\n", s, (unsigned long long)op(s, 1000));
	/* r0 = sum, r1 = n: sum 1..1000. */
	static const int sum[] = { LI, 0, 0, LI, 1, 1000, /* 6: */ ADD, 0, 0, 1, DEC, 1, JNZ, 1, 6,
				   HALT, 0 };
	/* r0 = acc, r1 = n: 20! */
	static const int fact[] = { LI, 0, 1, LI, 1, 20, /* 6: */ MUL, 0, 0, 1, DEC, 1, JNZ, 1, 6,
				    HALT, 0 };
	printf("interp sum = %lld fact = %lld\n", (long long)interp(sum), (long long)interp(fact));
	return 0;
}
