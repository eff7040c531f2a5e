/* Self-modifying code through the soft-MMU: run a function, overwrite one of its instructions
 * with a store (its page holds a translation: the store takes the code-page slow path and drops
 * it), fence.i, run it again; then do the same for the store's own block (the patched
 * instruction follows the store in the same page). Prints "A=1 B=2 C=7" and exits 0. */
	.option norvc
	.section .text.start
	.globl _start
_start:
	li sp, 0x80100000
	call f
	mv s1, a0              /* 1 */
	la t0, f
	lw t1, patch_li2
	sw t1, 0(t0)           /* f: li a0, 2 */
	fence.i
	call f
	mv s2, a0              /* 2 */
	/* patch an instruction of the block that does the store */
	la t0, g_insn
	lw t1, patch_li7
	call g
	mv s3, a0
	li a0, 'A'
	mv a1, s1
	call show
	li a0, 'B'
	mv a1, s2
	call show
	li a0, 'C'
	mv a1, s3
	call show
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
1:	j 1b

/* a0 = letter, a1 = digit: prints "L=D " (or "L=D\n" for C) */
show:
	li t0, 0x10000000
	sb a0, 0(t0)
	li t2, '='
	sb t2, 0(t0)
	addi a1, a1, '0'
	sb a1, 0(t0)
	li t2, 'C'
	li t3, ' '
	bne a0, t2, 2f
	li t3, '\n'
2:	sb t3, 0(t0)
	ret

	.balign 4
f:
	li a0, 1
	ret

	.balign 4
g:	/* t0 = &g_insn, t1 = new instruction */
	sw t1, 0(t0)
	fence.i
g_insn:
	li a0, 3
	ret

	.balign 4
patch_li2:
	li a0, 2
patch_li7:
	li a0, 7
