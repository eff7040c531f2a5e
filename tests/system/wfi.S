/* wfi: wakes when an enabled interrupt is pending even with mstatus.MIE = 0 (no trap then),
 * takes the interrupt once MIE is set; in S it wakes on a pending S interrupt; mstatus.TW = 1
 * makes wfi in S illegal; wfi in U is illegal (QEMU raises it at once; the spec allows that). */
#include "lib/rt.h"

	TEST_MAIN
	SET_HOOK m_hook, m_irq_clear
	SAY "M: timer 2 ms ahead, MTIE=1, MIE=0: wfi until it fires"
	li a0, 20000
	call mtime_after
	mv s0, a0
	li t0, CLINT_MTIMECMP
	sd s0, 0(t0)
	li t0, 0x80
	csrs mie, t0
1:	wfi
	csrr t0, mip
	andi t0, t0, 0x80
	beqz t0, 1b                 /* wfi may return early: wait again */
	li t0, CLINT_MTIME
	ld t0, 0(t0)
	sltu t0, t0, s0
	xori t0, t0, 1
	PR t0, "woke with mtime >= mtimecmp"
	lla t0, trap_count
	ld t0, 0(t0)
	PR t0, "traps so far"
	csrsi mstatus, MSTATUS_MIE
	nop
	csrci mstatus, MSTATUS_MIE
	lla t0, irq_count
	ld t0, 0(t0)
	PR t0, "interrupts after MIE=1"

	SAY "S: SSIP pending (delegated), SIE=0: wfi returns"
	li t0, 2
	csrw mideleg, t0
	csrs mip, t0
	RUN_IN MODE_S, s_wfi
	PR a0, "S wfi returned"
	li t0, 2
	csrc mip, t0
	SAY "S with TW=1"
	li t0, MSTATUS_TW
	csrs mstatus, t0
	RUN_IN MODE_S, s_wfi
	li t0, MSTATUS_TW
	csrc mstatus, t0
	SAY "U"
	RUN_IN MODE_U, s_wfi
	FN_RETURN

s_wfi:
	li t0, 2
	csrs sie, t0
	wfi
	csrc sie, t0
	li a0, 1
	ret
