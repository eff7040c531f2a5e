/* Floating point and mstatus.FS: with FS = Off every FP instruction and FP CSR access raises
 * illegal instruction (tval = the instruction), in M and in S; with FS = Initial they work and
 * an instruction writing FP state makes FS Dirty and sets mstatus.SD; sstatus shows the same FS. */
#include "lib/rt.h"

.macro FP_INSNS
	fmv.d.x ft0, zero
	fadd.d ft1, ft0, ft0
	fld ft2, 0(sp)
	fmv.x.d t0, ft1
	csrr t0, fcsr
	csrw frm, zero
.endm
.macro SHOW_FS label
	csrr t0, mstatus
	srli t1, t0, 63
	srli t0, t0, 13
	andi t0, t0, 3
	slli t1, t1, 4
	or t0, t0, t1
	PR t0, "\label (SD << 4 | FS)"
.endm

	TEST_MAIN
	SHOW_FS "at reset"
	li t0, MSTATUS_FS
	csrc mstatus, t0
	SAY "FS=Off in M"
	FP_INSNS
	SAY "FS=Off in S"
	RUN_IN MODE_S, s_fp
	SAY "FS=Initial"
	li t0, 1 << 13
	csrs mstatus, t0
	SHOW_FS "before"
	fmv.d.x ft0, zero
	SHOW_FS "after fmv.d.x"
	li t0, 2 << 13
	csrc mstatus, t0
	li t0, 1 << 13
	csrs mstatus, t0
	RUN_IN MODE_S, s_fp_on
	SHOW_FS "after S wrote an FP register"
	FN_RETURN

s_fp:
	FP_INSNS
	ret
s_fp_on:
	csrr t0, sstatus
	srli t0, t0, 13
	andi t0, t0, 3
	PR t0, "sstatus.FS in S"
	li t0, 0x4000000000000000
	fmv.d.x ft3, t0
	fadd.d ft3, ft3, ft3
	fmv.x.d t0, ft3
	PR t0, "2.0 + 2.0 (bits)"
	ret
