/* Translation race on four harts (-smp 4, each on its own host thread in qelt): every hart
 * rewrites a function in its own page 300 times (addi a0, zero, imm; ret with an imm new each
 * round), fence.i, calls it and checks the result, then rewrites a function all four share
 * (addi a0, zero, 100 + hartid) and calls it: whatever hart wrote it last, the result is one of
 * 100..103 (or the initial 1). Harts 1-3 add their error and round counts with amoadd.w and
 * say they are done; hart 0 waits for them (at most 10 s of mtime) and prints the totals. */
#include "lib/rt.h"

#define ROUNDS 300

	TEST_MAIN
	li a0, 0
	call jit_work
	lla s0, shared
	li t0, CLINT_MTIME
	ld t1, 0(t0)
	li t2, 100000000
	add t1, t1, t2
1:	lw t2, 8(s0)
	li t3, 3
	bge t2, t3, 2f
	ld t3, 0(t0)
	bltu t3, t1, 1b
	addi sp, sp, -16
	sd ra, 0(sp)
	SAY "timeout waiting for harts 1-3"
	li a0, 5
	j exit_fail
2:	fence
	lw t0, 0(s0)
	PR t0, "errors"
	lw t0, 4(s0)
	PR t0, "rounds"
	FN_RETURN

/* jit_work(a0 = hart id) */
jit_work:
	addi sp, sp, -48
	sd ra, 0(sp)
	sd s1, 8(sp)
	sd s2, 16(sp)
	sd s3, 24(sp)
	sd s4, 32(sp)
	sd s5, 40(sp)
	mv s1, a0
	lla s2, jitbuf
	slli t0, s1, 12
	add s2, s2, t0              /* this hart's page */
	li s3, 0                    /* round */
	li s4, 0                    /* errors */
	lla s5, sharedfn
1:	slli t0, s1, 8              /* imm = (hart * 256 + round) & 0x7ff */
	add t0, t0, s3
	andi t0, t0, 0x7ff
	slli t1, t0, 20
	li t2, 0x513                /* addi a0, zero, imm */
	or t1, t1, t2
	sw t1, 0(s2)
	li t2, 0x00008067           /* ret */
	sw t2, 4(s2)
	fence.i
	jalr s2
	sub t1, a0, t0
	snez t1, t1
	add s4, s4, t1
	addi t0, s1, 100            /* the shared function: addi a0, zero, 100 + hart */
	slli t1, t0, 20
	li t2, 0x513
	or t1, t1, t2
	sw t1, 0(s5)
	fence.i
	jalr s5
	addi t1, a0, -100           /* 100..103, or 1 (the initial code) */
	sltiu t1, t1, 4
	addi t2, a0, -1
	seqz t2, t2
	or t1, t1, t2
	xori t1, t1, 1
	add s4, s4, t1
	addi s3, s3, 1
	li t1, ROUNDS
	blt s3, t1, 1b
	lla t0, shared
	amoadd.w zero, s4, (t0)
	addi t0, t0, 4
	amoadd.w zero, s3, (t0)
	fence
	beqz s1, 2f
	addi t0, t0, 4
	li t1, 1
	amoadd.w zero, t1, (t0)
2:	ld ra, 0(sp)
	ld s1, 8(sp)
	ld s2, 16(sp)
	ld s3, 24(sp)
	ld s4, 32(sp)
	ld s5, 40(sp)
	addi sp, sp, 48
	ret

	.globl secondary_main
secondary_main:
	call jit_work
1:	wfi
	j 1b

	.data
	.align 3
shared: .word 0, 0, 0, 0        /* errors, rounds, harts 1-3 done */
	.align 12
sharedfn:
	.word 0x00100513, 0x00008067
	.align 12
jitbuf:
	.space 4 * 4096
