/* Software interrupts and priorities: the CLINT's msip register (only bit 0 exists) drives
 * mip.MSIP; mip.SSIP is writable from M, visible in sip only when delegated; the MSI interrupt.
 * (Priorities:  * spec's order (irq_priority.S). */
#include "lib/rt.h"

	TEST_MAIN
	SET_HOOK m_hook, m_irq_clear
	li s0, CLINT_MSIP
	lw t0, 0(s0)
	PR t0, "msip at reset"
	li t0, -1
	sw t0, 0(s0)
	lw t0, 0(s0)
	PR t0, "msip after writing ones"
	csrr t0, mip
	andi t0, t0, 8
	PR t0, "mip.MSIP"
	csrw mip, zero              /* MSIP is read-only in mip: stays set */
	csrr t0, mip
	andi t0, t0, 8
	PR t0, "mip.MSIP after csrw mip, 0"
	sw zero, 0(s0)
	csrr t0, mip
	andi t0, t0, 8
	PR t0, "mip.MSIP after msip = 0"
	li t0, 2
	csrs mip, t0
	csrr t0, mip
	andi t0, t0, 0x222
	PR t0, "mip S bits after setting SSIP"
	csrr t0, sip
	PR t0, "sip (SSIP not delegated: hidden)"
	li t0, 2
	csrw mideleg, t0
	csrr t0, sip
	PR t0, "sip (SSIP delegated)"
	csrw mideleg, zero
	SAY "MSIP interrupt"
	li t0, 1
	sw t0, 0(s0)
	li t0, 8
	csrs mie, t0
	csrsi mstatus, MSTATUS_MIE
	li a0, 1
	call wait_irq
	csrci mstatus, MSTATUS_MIE

	FN_RETURN
