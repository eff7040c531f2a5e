# Bare-metal: prints "hi from the virt board" on the UART (polling LSR.THRE) and ends through the
# finisher with exit status 7 ((7 << 16) | 0x3333), so the serial backend and the exit code can
# be checked.
.equ UART, 0x10000000
.globl _start
_start:
	li s0, UART
	la s1, msg
next:
	lbu a0, 0(s1)
	beqz a0, end
1:	lbu t0, 5(s0)
	andi t0, t0, 0x20
	beqz t0, 1b
	sb a0, 0(s0)
	addi s1, s1, 1
	j next
end:
	li t0, 0x100000
	li t1, (7 << 16) | 0x3333
	sw t1, 0(t0)
2:	j 2b
msg:
	.asciz "hi from the virt board\n"
