/* UART input (run with stdin = tests/system/input/uart_rx.txt, "hi!\nxyz"): LSR.DR shows
 * received data, RBR reads it byte by byte (polled, with a one-second bound); then with IER.ERBFI
 * the receive-data interrupt reaches M through the PLIC (irq 10); the handler (quiet: how many
 * interrupts the three bytes take depends on input timing) stores what RBR holds, main prints. */
#include "lib/rt.h"

#define PLIC 0x0c000000

/* a0 = next byte, or -1 after one second without data */
getc_timeout:
	FN_ENTER
	li a0, 10000000
	call mtime_after
	li t0, UART_BASE
	li t2, CLINT_MTIME
1:	lbu t1, 5(t0)
	andi t1, t1, 1
	bnez t1, 2f
	ld t3, 0(t2)
	bltu t3, a0, 1b
	li a0, -1
	FN_RETURN
2:	lbu a0, 0(t0)
	FN_RETURN

	TEST_MAIN
	SAY "polled"
	li s1, 4
1:	call getc_timeout
	PR a0, "byte"
	addi s1, s1, -1
	bnez s1, 1b
	SAY "receive interrupt"
	SET_HOOK m_hook, rx_hook
	li t0, 1
	lla t1, irq_quiet
	sd t0, 0(t1)
	li t0, PLIC + 4 * 10
	li t1, 1
	sw t1, 0(t0)
	li t0, PLIC + 0x2000
	li t1, 1 << 10
	sw t1, 0(t0)
	li t0, PLIC + 0x200000
	sw zero, 0(t0)
	li t0, 0x800
	csrs mie, t0
	li t0, UART_BASE
	li t1, 1                    /* ERBFI */
	sb t1, 1(t0)
	csrsi mstatus, MSTATUS_MIE
	li a0, 3                    /* rx_hook counts bytes in irq_count */
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	lla s1, rx_buf
	li s2, 3
2:	lbu t0, 0(s1)
	PR t0, "received by the handler"
	addi s1, s1, 1
	addi s2, s2, -1
	bnez s2, 2b
	li t0, UART_BASE
	sb zero, 1(t0)
	lbu t0, 5(t0)
	andi t0, t0, 1
	PR t0, "LSR.DR after the handler"
	FN_RETURN

/* m_hook for the external interrupt: claim, store the bytes waiting in RBR in rx_buf (counted
 * in irq_count), complete. A claim of 0 (nothing pending any more) is just ignored. */
rx_hook:
	li t0, 0x800000000000000b
	bne a0, t0, 9f
	li t0, PLIC + 0x200004
	lwu t3, 0(t0)
	li t4, UART_BASE
	lla t5, irq_count
1:	lbu t0, 5(t4)
	andi t0, t0, 1
	beqz t0, 2f
	lbu t0, 0(t4)
	ld t1, 0(t5)
	lla t2, rx_buf
	add t2, t2, t1
	sb t0, 0(t2)
	addi t1, t1, 1
	sd t1, 0(t5)
	j 1b
2:	beqz t3, 3f
	li t0, PLIC + 0x200004
	sw t3, 0(t0)
3:	li a0, 1
	ret
9:	li a0, 0
	ret

	.data
rx_buf: .space 16
