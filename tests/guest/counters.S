/* Zicntr/Zifencei from user mode: rdcycle, rdtime, rdinstret (and their csrr/csrrs spellings)
 * must execute and be monotonic across some work; only the comparison results are printed, as
 * the values themselves are not deterministic. fence.i after a plain store must also just run. */
#include "lib/macros.h"
	.option norvc

/* MONO reader: read, do a loop of 1000 iterations, read again; print (second >= first). */
.macro MONO rd_insn, name
	\rd_insn s1
	li t0, 1000
1:	addi t0, t0, -1
	bnez t0, 1b
	\rd_insn t1
	sltu t2, t1, s1
	xori t2, t2, 1
	PR t2, "\name monotonic"
.endm
.macro CSRCYCLE r
	csrr \r, cycle
.endm
.macro CSRTIME r
	csrrs \r, time, x0
.endm
.macro CSRINSTRET r
	csrrs \r, instret, zero
.endm

	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)
	sd s1, 8(sp)

	MONO rdcycle, "rdcycle"
	MONO rdtime, "rdtime"
	MONO rdinstret, "rdinstret"
	MONO CSRCYCLE, "csrr cycle"
	MONO CSRTIME, "csrrs time"
	MONO CSRINSTRET, "csrrs instret"

	/* rdinstret must advance over 1000 loop iterations. */
	rdinstret s1
	li t0, 1000
1:	addi t0, t0, -1
	bnez t0, 1b
	rdinstret t1
	sltu t2, s1, t1
	PR t2, "rdinstret advanced"
	/* Counter reads into x0 are legal (csrrs x0 with rs1 = x0 does not write). */
	csrrs x0, cycle, x0
	PR x0, "csrrs x0, cycle"

	lla t0, word
	li t1, 5
	sw t1, 0(t0)
	fence.i
	lw t2, 0(t0)
	PR t2, "fence.i after store"

	ld ra, 0(sp)
	ld s1, 8(sp)
	addi sp, sp, 16
	ret

	.data
	.balign 4
word:	.word 0
