/* The ns16550a's registers and its interrupt through the PLIC: reset values (IER, IIR, LCR, LSR,
 * SCR), scratch and divisor-latch read-back; with IER.ETBEI the THR-empty condition raises UART
 * irq 10: PLIC pending bit, MEIP only when enabled for context 0 (M, hart 0) and priority >
 * threshold, SEIP for context 1 (S), reading IIR acknowledges THR-empty, claim returns 10 and clears pending, claim with nothing
 * pending returns 0, the M external interrupt (cause 11) with claim/complete in its handler. */
#include "lib/rt.h"

#define PLIC 0x0c000000
#define PLIC_PRIO(n)      (PLIC + 4 * (n))
#define PLIC_PENDING      (PLIC + 0x1000)
#define PLIC_ENABLE(ctx)  (PLIC + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESH(ctx)  (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)   (PLIC + 0x200004 + 0x1000 * (ctx))
#define UART_IRQ 10

.macro RDB off, label
	li t0, UART_BASE
	lbu t0, \off(t0)
	PR t0, "\label"
.endm
.macro WRB off, val
	li t0, UART_BASE
	li t1, \val
	sb t1, \off(t0)
.endm
.macro WR32 addr, val
	li t0, \addr
	li t1, \val
	sw t1, 0(t0)
.endm
.macro RD32 addr, label
	li t0, \addr
	lwu t0, 0(t0)
	PR t0, "\label"
.endm
.macro MIP_EIP label
	csrr t0, mip
	li t1, 0xa00
	and t0, t0, t1
	PR t0, "\label"
.endm

	TEST_MAIN
	SAY "UART registers"
	RDB 1, "IER"
	RDB 2, "IIR"
	RDB 3, "LCR"
	RDB 5, "LSR (THRE, TEMT)"
	RDB 7, "SCR"
	WRB 7, 0x5a
	RDB 7, "SCR after writing 0x5a"
	WRB 3, 0x83                 /* DLAB, 8 bits: offsets 0 and 1 are the divisor latch */
	WRB 0, 0x12
	WRB 1, 0x34
	li t0, UART_BASE
	lbu s1, 0(t0)
	lbu s2, 1(t0)
	WRB 3, 0x03                 /* DLAB off before printing (THR is offset 0 again) */
	PR s1, "DLL"
	PR s2, "DLM"
	RDB 1, "IER after DLAB off"

	SAY "PLIC, UART THR-empty interrupt (observed with prints held back: a print refills THR)"
	li s0, UART_BASE
	li s1, PLIC_PENDING
	lwu s2, 0(s1)               /* pending before */
	li t0, 0x02                 /* ETBEI */
	sb t0, 1(s0)
	lwu s4, 0(s1)               /* pending */
	lbu s3, 2(s0)               /* IIR: reading it acknowledges the THR-empty interrupt */
	lbu a6, 2(s0)               /* IIR again: nothing pending */
	lwu a7, 0(s1)               /* pending after the IIR read */
	li t0, 0x02                 /* writing IER with ETBEI again re-arms it (THR still empty) */
	sb t0, 1(s0)
	csrr s5, mip                /* nothing enabled */
	/* enables are written before a threshold or priority write: QEMU 7.2's PLIC re-evaluates
	 * its outputs on those, not on enable writes (which should count too) */
	WR32 PLIC_ENABLE(0), 1 << UART_IRQ
	WR32 PLIC_PRIO(UART_IRQ), 1
	WR32 PLIC_THRESH(0), 1
	csrr s6, mip                /* threshold = priority */
	WR32 PLIC_THRESH(0), 0
	csrr s7, mip                /* threshold 0 */
	WR32 PLIC_ENABLE(1), 1 << UART_IRQ
	WR32 PLIC_THRESH(1), 0
	csrr s8, mip                /* S context too */
	WR32 PLIC_ENABLE(1), 0
	WR32 PLIC_PRIO(UART_IRQ), 0
	csrr s9, mip                /* priority 0 */
	WR32 PLIC_PRIO(UART_IRQ), 1
	li t0, PLIC_CLAIM(0)
	lwu s10, 0(t0)              /* claim */
	lwu s11, 0(s1)              /* pending after claim */
	lwu a4, 0(t0)               /* second claim: 10 is claimed, not completed */
	sb zero, 1(s0)              /* ETBEI off: the source drops */
	li t1, UART_IRQ
	sw t1, 0(t0)                /* complete */
	lwu a5, 0(s1)
	PR s2, "pending word 0 before"
	PR s4, "pending word 0 with ETBEI"
	PR s3, "IIR with ETBEI"
	PR a6, "IIR read again"
	PR a7, "pending word 0 after the IIR read"
	li t1, 0xa00
	and s5, s5, t1
	and s6, s6, t1
	and s7, s7, t1
	and s8, s8, t1
	and s9, s9, t1
	PR s5, "mip MEIP|SEIP, nothing enabled"
	PR s6, "mip, ctx 0 enabled, threshold 1 = priority"
	PR s7, "mip, threshold 0"
	PR s8, "mip, ctx 1 (S) enabled too"
	PR s9, "mip, priority 0 (never)"
	PR s10, "claim"
	PR s11, "pending word 0 after claim"
	PR a4, "second claim"
	PR a5, "pending word 0 after ETBEI off and complete"
	RD32 PLIC_ENABLE(0), "enable ctx 0"
	WR32 PLIC_PRIO(UART_IRQ), 7
	RD32 PLIC_PRIO(UART_IRQ), "priority after writing 7"
	SAY "M external interrupt"
	SET_HOOK m_hook, ext_hook
	li t0, 0x800
	csrs mie, t0
	csrsi mstatus, MSTATUS_MIE
	WRB 1, 0x02
	li a0, 1
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	MIP_EIP "mip after the handler"
	FN_RETURN

/* m_hook: claim, quiet the UART, complete */
ext_hook:
	li t0, 0x800000000000000b
	bne a0, t0, 1f
	addi sp, sp, -16
	sd ra, 0(sp)
	li t0, UART_BASE            /* quiet the UART before anything prints */
	sb zero, 1(t0)
	li t0, PLIC_CLAIM(0)
	lwu s3, 0(t0)
	sw s3, 0(t0)
	PR s3, "handler claimed and completed"
	lla t0, irq_count
	ld t1, 0(t0)
	addi t1, t1, 1
	sd t1, 0(t0)
	ld ra, 0(sp)
	addi sp, sp, 16
	li a0, 1
	ret
1:	li a0, 0
	ret
