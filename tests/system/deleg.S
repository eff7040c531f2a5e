/* Delegation: which medeleg/mideleg bits are writable; delegated exceptions from S and U go to
 * the S handler, undelegated ones (and every trap taken in M) to M; a delegated interrupt is not
 * taken in M-mode, is taken in S-mode only with sstatus.SIE, and always from U-mode. */
#include "lib/rt.h"

	TEST_MAIN
	li t0, -1
	csrw medeleg, t0
	csrr t0, medeleg
	li t1, 0xb3ff               /* the standard causes 0-15 (H adds others in QEMU) */
	and t0, t0, t1
	PR t0, "medeleg after writing ones (causes 0-15)"
	li t0, -1
	csrw mideleg, t0
	csrr t0, mideleg
	andi t0, t0, 0x222
	PR t0, "mideleg after writing ones (S bits)"

	li t0, (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8)
	csrw medeleg, t0
	csrw mideleg, zero
	SAY "S: illegal, ebreak, load access fault (delegated), ecall (not)"
	RUN_IN MODE_S, s_excs
	SAY "U: illegal (delegated), ecall (delegated)"
	RUN_IN MODE_U, u_excs
	SAY "M: illegal stays in M"
	.word 0

	SAY "SSIP not delegated: taken in M"
	li t0, 2
	csrs mie, t0
	csrs mip, t0
	csrsi mstatus, MSTATUS_MIE
	nop
	csrci mstatus, MSTATUS_MIE
	csrr t0, mip
	andi t0, t0, 2
	PR t0, "mip.SSIP still set"

	SAY "SSIP delegated: not taken in M"
	li t0, 2
	csrw mideleg, t0
	csrs mie, t0
	csrsi mstatus, MSTATUS_MIE
	nop
	csrci mstatus, MSTATUS_MIE
	SAY "SSIP delegated: S with SIE=0 does not take it, SIE=1 does"
	SET_HOOK s_hook, s_irq_clear
	RUN_IN MODE_S, s_irq
	SAY "SSIP delegated: taken from U even with SIE=0"
	li t0, 2
	csrs mip, t0
	RUN_IN MODE_U, u_spin
	lla t0, irq_count
	ld t0, 0(t0)
	PR t0, "interrupts handled"
	FN_RETURN

s_excs:
	.word 0
	ebreak
	li t0, 0x200000
	ld t0, 0(t0)
	li a7, 3
	ecall
	ret
u_excs:
	.word 0
	li a7, 4
	ecall
	BACK_TO_M
s_irq:
	FN_ENTER
	SAY "S: SIE still 0, no interrupt yet"
	csrsi sstatus, MSTATUS_SIE
	li a0, 1
	call wait_irq
	csrci sstatus, MSTATUS_SIE
	FN_RETURN
u_spin:
	li a0, 2
	call wait_irq
	BACK_TO_M
