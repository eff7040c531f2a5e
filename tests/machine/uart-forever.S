# Bare-metal: prints "x" on the UART forever (for a reader that stops: the run must end by
# SIGPIPE with the terminal restored).
.globl _start
_start:
	li s0, 0x10000000
	li t1, 'x'
1:	lbu t0, 5(s0)
	andi t0, t0, 0x20
	beqz t0, 1b
	sb t1, 0(s0)
	j 1b
