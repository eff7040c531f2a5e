/* Parallel bare-metal workloads for the thread-per-hart measurement (bench/system/smp-scaling.sh):
 * NH harts (0..NH-1, -DNH=1 or 2) share a fixed total amount of work, harts 1.. report with
 * amoadd.w, hart 0 waits for them and exits through the finisher.
 *   -DJIT=0: compute-bound (an integer loop, TOTAL iterations in all);
 *   -DJIT=1: translation-heavy (each round writes 64 fresh functions into the hart's own 16 KiB
 *            buffer, fence.i, calls them all: every call is a new translation). */
#include "lib/rt.h"

#ifndef NH
#define NH 1
#endif
#define TOTAL 1200000000
#define JIT_ROUNDS 12000

	TEST_MAIN
	li a0, 0
	call work
	lla s0, done
1:	lw t2, 0(s0)
	li t3, NH - 1
	blt t2, t3, 1b
	fence
	lw t0, 4(s0)
	PR t0, "errors"
	FN_RETURN

/* work(a0 = hart id) */
work:
	addi sp, sp, -32
	sd ra, 0(sp)
	sd s1, 8(sp)
	sd s2, 16(sp)
	sd s3, 24(sp)
	mv s1, a0
	li s3, 0                    /* errors */
#if JIT
	lla s2, jitbuf
	slli t0, s1, 14
	add s2, s2, t0
	li t5, JIT_ROUNDS / NH
1:	li t4, 0                    /* function index */
2:	slli t0, t4, 6              /* 64 bytes apart: imm = (t5 + t4) & 0x7ff */
	add t6, s2, t0
	add t0, t5, t4
	andi t0, t0, 0x7ff
	slli t1, t0, 20
	li t2, 0x513
	or t1, t1, t2
	sw t1, 0(t6)
	li t2, 0x00008067
	sw t2, 4(t6)
	addi t4, t4, 1
	li t1, 64
	blt t4, t1, 2b
	fence.i
	li t4, 0
3:	slli t0, t4, 6
	add t6, s2, t0
	jalr t6
	add t0, t5, t4
	andi t0, t0, 0x7ff
	sub t1, a0, t0
	snez t1, t1
	add s3, s3, t1
	addi t4, t4, 1
	li t1, 64
	blt t4, t1, 3b
	addi t5, t5, -1
	bnez t5, 1b
#else
	li t0, TOTAL / NH
	li t1, 1
1:	mul t2, t1, t0
	xor t1, t1, t2
	srli t2, t1, 7
	add t1, t1, t2
	addi t0, t0, -1
	bnez t0, 1b
#endif
	lla t0, done
	addi t0, t0, 4
	amoadd.w zero, s3, (t0)
	fence
	beqz s1, 4f
	addi t0, t0, -4
	li t1, 1
	amoadd.w zero, t1, (t0)
4:	ld ra, 0(sp)
	ld s1, 8(sp)
	ld s2, 16(sp)
	ld s3, 24(sp)
	addi sp, sp, 32
	ret

	.globl secondary_main
secondary_main:
	li t0, NH
	bge a0, t0, 1f
	call work
1:	wfi
	j 1b

	.data
	.align 3
done:	.word 0, 0
	.align 12
jitbuf:
	.space 2 * 16384
