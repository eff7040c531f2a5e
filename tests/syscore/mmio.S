/* Loads and stores of every size to RAM and to devices (UART scratch register, misaligned and
 * page-crossing RAM accesses through the slow path), then prints "mmio ok" or the failing
 * step, and exits through the finisher. Run with the hwaddr plugin, which counts device
 * accesses and their physical addresses. */
	.section .text.start
	.globl _start
_start:
	li sp, 0x80100000
	li s0, 0x10000000      /* UART */
	li t0, 0x5a
	sb t0, 7(s0)           /* SCR */
	lbu t1, 7(s0)
	li a0, '1'
	bne t0, t1, fail
	/* page-crossing store and load */
	li s1, 0x80200ffc
	li t0, 0x1122334455667788
	sd t0, 0(s1)
	ld t1, 0(s1)
	li a0, '2'
	bne t0, t1, fail
	lw t2, 2(s1)
	li t3, 0x33445566
	li a0, '3'
	bne t2, t3, fail
	/* amo on RAM */
	li s2, 0x80201000
	li t0, 5
	sd t0, 0(s2)
	li t1, 3
	amoadd.d t2, t1, (s2)
	ld t3, 0(s2)
	li a0, '4'
	li t4, 8
	bne t3, t4, fail
	la a1, okmsg
	j print
fail:
	sb a0, 0(s0)
	la a1, failmsg
print:
	lbu t0, 0(a1)
	beqz t0, done
	sb t0, 0(s0)
	addi a1, a1, 1
	j print
done:
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
1:	j 1b
	.section .rodata
okmsg:	.asciz "mmio ok\n"
failmsg: .asciz " failed\n"
