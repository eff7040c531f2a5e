/* Counters: cycle, time and instret read in every mode as mcounteren (for S and U) and
 * scounteren (for U) allow, illegal instruction (tval = the instruction) when not; hpmcounter3
 * reads as zero. Values are never printed, only that later reads are not smaller. */
#include "lib/rt.h"

.macro RUN mode, mc, sc, label
	SAY "\label"
	li t0, \mc
	csrw mcounteren, t0
	li t0, \sc
	csrw scounteren, t0
	li a0, \mode
	lla a1, read_all
	li a2, 0
	li a3, 0
	call run_in_mode
.endm

	TEST_MAIN
	csrr t0, mcounteren
	PR t0, "mcounteren at reset"
	RUN MODE_M, 0, 0, "M, counteren 0"
	RUN MODE_S, 0, 0, "S, mcounteren 0"
	RUN MODE_S, 7, 0, "S, mcounteren 7"
	RUN MODE_S, 2, 0, "S, mcounteren TM only"
	RUN MODE_U, 7, 0, "U, mcounteren 7, scounteren 0"
	RUN MODE_U, 7, 7, "U, both 7"
	RUN MODE_U, 5, 7, "U, mcounteren CY|IR, scounteren 7"
	SAY "hpmcounter3 (mcounteren bit 3) from S"
	li t0, 8
	csrw mcounteren, t0
	RUN_IN MODE_S, read_hpm
	csrr t0, mhpmcounter3
	PR t0, "mhpmcounter3 in M"
	FN_RETURN

/* read each counter twice (0 stays in the register when the read traps) */
read_all:
	FN_ENTER
	.irp c, cycle, time, instret
	li t0, 0
	li t1, 0
	csrr t0, \c
	csrr t1, \c
	sltu t2, t1, t0
	xori t2, t2, 1
	snez t0, t0
	and t2, t2, t0
	PR t2, "\c readable and not decreasing"
	.endr
	FN_RETURN
read_hpm:
	li t0, 1
	csrr t0, hpmcounter3
	PR t0, "hpmcounter3"
	ret
