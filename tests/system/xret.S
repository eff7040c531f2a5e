/* mret / sret: mret sets MIE = MPIE, MPIE = 1, MPP = U and enters MPP's mode; sret likewise with
 * SIE/SPIE/SPP; both clear MPRV when they leave M for a lower mode (1.12); sret from U, mret
 * from S or U raise illegal instruction, and so does sret from S with mstatus.TSR = 1.
 * (QEMU 7.2 does not clear MPRV: expected/xret.spec.sed.) Mode after a return is shown by where the next ecall comes from. */
#include "lib/rt.h"

#define MBITS (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_MPRV)
#define SBITS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP)

	TEST_MAIN
	SAY "mret M -> M with MPIE=1, MIE=0"
	li t0, MBITS
	csrc mstatus, t0
	li t0, MSTATUS_MPIE | MSTATUS_MPP
	csrs mstatus, t0
	lla t0, 1f
	csrw mepc, t0
	mret
1:	csrr t0, mstatus
	li t1, MBITS
	and t0, t0, t1
	PR t0, "mstatus M bits after (MIE MPIE set, MPP U)"
	csrci mstatus, MSTATUS_MIE
	li a7, 1
	ecall

	SAY "mret M -> S with MPRV=1: MPRV cleared"
	li t0, MSTATUS_MPRV
	csrs mstatus, t0
	RUN_IN MODE_S, s_sret_tests
	csrr t0, mstatus
	li t1, MSTATUS_MPRV
	and t0, t0, t1
	PR t0, "mstatus.MPRV after running S code"
	SAY "TSR=1: sret in S"
	li t0, MSTATUS_TSR
	csrs mstatus, t0
	RUN_IN MODE_S, s_sret_only
	li t0, MSTATUS_TSR
	csrc mstatus, t0
	SAY "U: sret, mret"
	RUN_IN MODE_U, u_rets
	SAY "sret in M: returns to SPP (S), clears MPRV"
	RUN_IN MODE_M, m_sret
	csrr t0, mstatus
	li t1, MSTATUS_MPRV
	and t0, t0, t1
	PR t0, "mstatus.MPRV after sret from M"
	FN_RETURN

s_sret_tests:
	FN_ENTER
	SAY "S: sret S -> S with SPIE=1, SIE=0"
	li t0, SBITS
	csrc sstatus, t0
	li t0, MSTATUS_SPIE | MSTATUS_SPP
	csrs sstatus, t0
	lla t0, 1f
	csrw sepc, t0
	sret
1:	csrr t0, sstatus
	li t1, SBITS
	and t0, t0, t1
	PR t0, "sstatus bits after (SIE SPIE set, SPP U)"
	csrci sstatus, MSTATUS_SIE
	li a7, 2
	ecall
	SAY "S: mret"
	mret
	SAY "S: sret S -> U"
	li t0, MSTATUS_SPP
	csrc sstatus, t0
	lla t0, u_ecall
	csrw sepc, t0
	sret
	/* not reached: u_ecall ends the run_in_mode call */
s_sret_only:
	csrw sepc, ra
	sret
	ret
u_ecall:
	li a7, 3
	ecall
	BACK_TO_M
u_rets:
	sret
	mret
	ret
/* run in M: sret with SPP = S and MPRV = 1 (MPP = M, so MPRV still applies to nothing) */
m_sret:
	li t0, MSTATUS_MPP
	csrs mstatus, t0
	li t0, MSTATUS_MPRV | MSTATUS_SPP
	csrs mstatus, t0
	lla t0, s_after_sret
	csrw sepc, t0
	sret
s_after_sret:
	li a7, 4
	ecall
	BACK_TO_M
