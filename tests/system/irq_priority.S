/* Interrupt priorities: SSI, MTI, STI and MSI all pending, then enabled at once (all handled in
 * M): the privileged spec's order is MEI, MSI, MTI, SEI, SSI, STI, so 3, 7, 1, 5. QEMU 7.2 takes
 * the lowest-numbered pending interrupt instead (1, 3, 5, 7) when AIA is off:
 * expected/irq_priority.qemu.out records that, expected/irq_priority.out is the spec's order. */
#include "lib/rt.h"

	TEST_MAIN
	SET_HOOK m_hook, m_irq_clear
	li s0, CLINT_MSIP
	SAY "SSI, MTI, STI, MSI pending, then enabled at once"
	li t0, 2
	csrs mip, t0
	li t0, 0x20
	csrs mip, t0
	li t0, CLINT_MTIMECMP
	sd zero, 0(t0)
	li t0, 1
	sw t0, 0(s0)
	li t0, 0xaa
	csrs mie, t0
	csrsi mstatus, MSTATUS_MIE
	li a0, 4
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	FN_RETURN
