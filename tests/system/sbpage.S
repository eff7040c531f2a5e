/* Conditional branches inside a block (qelt-system continues a block past a conditional branch
 * whose target lies on the block's page, and chains the side exit): a branch to the next page
 * must still follow that page's current mapping. Code at VA_A branches (taken, or falling
 * through to a branch back into VA_A) to VA_B = VA_A + 4 KiB; VA_B is mapped to frame B1, run,
 * remapped to B2, sfence.vma, run again: the second run executes B2's code. Each state runs
 * twice (translated and chained after the first run). */
#include "lib/rt.h"
#define VA_A 0xc0010000
#define VA_B 0xc0011000

	TEST_MAIN
	li a5, 3
	call pt_new
	mv s0, a0
	mv a0, s0
	li a1, VA_A
	lla a2, page_a
	li a3, 0
	li a4, PTE_V | PTE_A | PTE_X
	call pt_map
	mv a0, s0
	li a1, VA_B
	lla a2, page_b1
	li a3, 0
	li a4, PTE_V | PTE_A | PTE_X
	call pt_map
	mv s1, a0                   /* VA_B's leaf PTE */
	SV39_RUN_S s0, s_part
	FN_RETURN

s_part:
	FN_ENTER
	call run_both
	lla t0, page_b2             /* VA_B -> B2 */
	srli t0, t0, 12
	slli t0, t0, 10
	ori t0, t0, PTE_V | PTE_A | PTE_X
	sd t0, 0(s1)
	sfence.vma
	call run_both
	FN_RETURN

run_both:
	FN_ENTER
	li s2, 2
1:	li t0, VA_A
	li a0, 0
	li a1, 5
	jalr t0                     /* taken branch to VA_B */
	PR a0, "taken"
	li t0, VA_A
	li a0, 1
	li a1, 5
	jalr t0                     /* falls through, then branches to VA_B + 8 */
	PR a0, "fall-through"
	addi s2, s2, -1
	bnez s2, 1b
	FN_RETURN

	.section .text.page, "ax"
	.option norelax             /* real conditional branches across the page boundary */
	.align 12
page_a:                         /* at VA_A; the branches near its end reach VA_B */
	j 1f
	.skip 0xf00 - 4
1:	beqz a0, page_b1
	addi a1, a1, 1
	bnez a1, page_b1 + 8
	li a0, 99
	ret
	.align 12
page_b1:
	li a0, 0x11
	ret
	addi a0, a1, 0x100
	ret
	.align 12
page_b2:
	li a0, 0x22
	ret
	addi a0, a1, 0x200
	ret
	.align 12
