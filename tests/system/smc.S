/* Code that changes, and code seen through several virtual addresses (what translation caches
 * keyed by physical address must get right): a function rewritten in place (M, then S through a
 * writable alias of its executable page), two executable aliases of one page, an executable VA
 * remapped to another physical page (sfence.vma), and code that runs off the end of its page
 * into an unmapped one (fetch page fault at exactly the next page's address). fence.i after
 * every code write, as the spec asks. */
#include "lib/rt.h"

#define CODE_P 0x80300000           /* physical code pages (P and Q) */
#define CODE_Q 0x80301000
#define VA_X1  0xc0010000           /* P, executable */
#define VA_X2  0xc0020000           /* P again, executable */
#define VA_W   0xc0030000           /* P, writable */
#define VA_END 0xc0040000           /* a page whose successor is unmapped */

#define LI_A0(n) (0x00000513 | ((n) << 20))   /* addi a0, zero, n */
#define RET      0x00008067

/* PUT_FN base_reg, n: write "li a0, n; ret" at base_reg */
.macro PUT_FN base, n
	li t0, LI_A0(\n)
	sw t0, 0(\base)
	li t0, RET
	sw t0, 4(\base)
	fence.i
.endm

.macro MAP4K va, pa, flags
	mv a0, s0
	li a1, \va
	li a2, \pa
	li a3, 0
	li a4, \flags | PTE_V | PTE_A | PTE_D
	call pt_map
.endm

	TEST_MAIN
	SAY "M-mode: rewritten in place"
	li s1, CODE_P
	PUT_FN s1, 1
	jalr s1
	PR a0, "first version"
	PUT_FN s1, 2
	jalr s1
	PR a0, "after rewrite"
	li s2, CODE_Q
	PUT_FN s2, 7
	/* the page at VA_END: nops up to its last word, then nothing mapped after it */
	li t0, CODE_Q + 0x800
	li t1, 0x00000013           /* nop */
	li t2, CODE_Q + 0x1000
1:	sw t1, 0(t0)
	addi t0, t0, 4
	bltu t0, t2, 1b
	fence.i

	li a5, 3
	call pt_new
	mv s0, a0
	MAP4K VA_X1, CODE_P, PTE_X
	MAP4K VA_X2, CODE_P, PTE_X
	MAP4K VA_W, CODE_P, PTE_R | PTE_W
	MAP4K VA_END, CODE_Q, PTE_X
	mv a0, s0
	li a1, SATP_SV39
	li a2, 0
	call satp_on
	RUN_IN MODE_S, s_part
	csrw satp, zero
	FN_RETURN


s_part:
	FN_ENTER
	SAY "S-mode, Sv39"
	li s1, VA_X1
	jalr s1
	PR a0, "via X alias 1"
	li s2, VA_X2
	jalr s2
	PR a0, "via X alias 2"
	li s3, VA_W
	PUT_FN s3, 3
	jalr s1
	PR a0, "via X alias 1 after a write through the W alias"
	jalr s2
	PR a0, "via X alias 2 after the same write"
	/* remap X alias 1 to page Q */
	mv a0, s0
	MAP4K VA_X1, CODE_Q, PTE_X
	sfence.vma
	jalr s1
	PR a0, "via X alias 1 remapped to another page"
	jalr s2
	PR a0, "via X alias 2 (still the first page)"
	SAY "running off the end of a page"
	RESUME_AT 2f
	li t0, VA_END + 0x800
	jalr t0
2:	FN_RETURN
