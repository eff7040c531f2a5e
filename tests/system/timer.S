/* Timers: mtime advances; MTIP is level (pending exactly while mtime >= mtimecmp, readable in
 * mip with interrupts off), the M timer interrupt; Sstc: stimecmp is reachable from S only with
 * menvcfg.STCE (and mcounteren.TM), raises STIP while time >= stimecmp, delegated to S.
 * Times are only compared (ordering), never printed. */
#include "lib/rt.h"

	TEST_MAIN
	SET_HOOK m_hook, m_irq_clear
	SET_HOOK s_hook, s_irq_clear
	li t0, CLINT_MTIMECMP
	li t1, -1
	sd t1, 0(t0)
	li t0, CLINT_MTIME
	ld s0, 0(t0)
1:	ld s1, 0(t0)
	beq s1, s0, 1b
	sltu t1, s0, s1
	PR t1, "mtime advances"
	rdtime s2
	sltu t1, s2, s1
	xori t1, t1, 1
	PR t1, "time CSR >= earlier mtime"

	SAY "MTIP with interrupts off"
	csrr t0, mip
	andi t0, t0, 0x80
	PR t0, "mip.MTIP (mtimecmp = -1)"
	li a0, 20000                /* 2 ms */
	call mtime_after
	mv s0, a0
	li t0, CLINT_MTIMECMP
	sd s0, 0(t0)
	li t0, 0x80
	csrs mie, t0
	li t2, CLINT_MTIME
2:	csrr t0, mip
	andi t0, t0, 0x80
	beqz t0, 2b
	ld t1, 0(t2)
	sltu t1, t1, s0
	xori t1, t1, 1
	PR t1, "pending only once mtime >= mtimecmp"
	li a0, 10000000
	call mtime_after
	li t0, CLINT_MTIMECMP
	sd a0, 0(t0)
	csrr t0, mip
	andi t0, t0, 0x80
	PR t0, "mip.MTIP after moving mtimecmp ahead"
	SAY "M timer interrupt"
	li a0, 10000
	call mtime_after
	li t0, CLINT_MTIMECMP
	sd a0, 0(t0)
	csrsi mstatus, MSTATUS_MIE
	li a0, 1
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	csrr t0, mip
	andi t0, t0, 0x80
	PR t0, "mip.MTIP after the handler"

	SAY "Sstc"
	csrr t0, menvcfg
	srli t0, t0, 63
	PR t0, "menvcfg.STCE at reset"
	csrw mcounteren, zero
	RUN_IN MODE_S, s_touch_stimecmp
	li t0, 1
	slli t0, t0, 63
	csrs menvcfg, t0
	csrr t0, menvcfg
	srli t0, t0, 63
	PR t0, "menvcfg.STCE set"
	SAY "STCE=1, mcounteren.TM=0"
	RUN_IN MODE_S, s_touch_stimecmp
	li t0, 2
	csrw mcounteren, t0
	SAY "STCE=1, mcounteren.TM=1"
	RUN_IN MODE_S, s_touch_stimecmp
	li t0, -1
	csrw 0x14d, t0
	csrr t0, mip
	andi t0, t0, 0x20
	PR t0, "mip.STIP with stimecmp = -1"
	li t0, 0x20
	csrs mip, t0
	csrr t0, mip
	andi t0, t0, 0x20
	PR t0, "mip.STIP after M writes 1 (read-only with STCE)"
	csrw 0x14d, zero
	csrr t0, mip
	andi t0, t0, 0x20
	PR t0, "mip.STIP with stimecmp = 0"
	li t0, -1
	csrw 0x14d, t0
	SAY "S timer interrupt through stimecmp, delegated"
	li t0, 0x20
	csrw mideleg, t0
	csrs mie, t0
	RUN_IN MODE_S, s_timer
	lla t0, irq_count
	ld t0, 0(t0)
	PR t0, "interrupts handled"
	FN_RETURN

s_touch_stimecmp:
	li t0, -1
	csrw 0x14d, t0
	li t0, 0
	csrr t0, 0x14d
	PR t0, "S reads stimecmp (0 if it trapped)"
	ret
s_timer:
	FN_ENTER
	li a0, 20000
	call mtime_after
	csrw 0x14d, a0
	csrsi sstatus, MSTATUS_SIE
	li a0, 2
	call wait_irq
	csrci sstatus, MSTATUS_SIE
	csrr t0, sip
	andi t0, t0, 0x20
	PR t0, "sip.STIP after the handler"
	FN_RETURN
