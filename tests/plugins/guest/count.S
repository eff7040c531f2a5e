# Known instruction count: 2 (li) + 2 * 100000 (loop) + 3 (exit) = 200005 instructions,
# in 3 + 100000 executed blocks... counted by the conformance plugin in several ways.
	.text
	.globl _start
_start:
	li t0, 100000
loop:
	addi t0, t0, -1
	bnez t0, loop
	li a0, 0
	li a7, 93
	ecall
