/* RV64M edge cases: mul/mulh/mulhsu/mulhu with every sign combination, mulw sign extension,
 * division by zero (quotient all ones, remainder = dividend) and signed overflow
 * (INT_MIN / -1 = INT_MIN, remainder 0) for div/divu/rem/remu and the W forms. */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)

	RR mul, 3, 5
	RR mul, -3, 5
	RR mul, 0x7fffffffffffffff, 2
	RR mul, 0x100000000, 0x100000000
	RR mul, -1, -1
	RR mulh, 3, 5
	RR mulh, -3, 5
	RR mulh, -3, -5
	RR mulh, 0x7fffffffffffffff, 0x7fffffffffffffff
	RR mulh, -0x8000000000000000, -0x8000000000000000
	RR mulh, -0x8000000000000000, 0x7fffffffffffffff
	RR mulh, -1, -1
	RR mulh, -1, 1
	RR mulhu, -1, -1
	RR mulhu, -1, 2
	RR mulhu, 0x8000000000000000, 0x8000000000000000
	RR mulhu, 3, 5
	RR mulhsu, -1, -1
	RR mulhsu, -1, 1
	RR mulhsu, 1, -1
	RR mulhsu, -0x8000000000000000, -1
	RR mulhsu, 0x7fffffffffffffff, -1
	RR mulhsu, -3, 5
	RR mulw, 0x7fffffff, 2
	RR mulw, 0x10000, 0x10000
	RR mulw, -1, -1
	RR mulw, 0x123456789, 0x100000001
	RR mulw, 0x80000000, -1

	RR div, 7, 2
	RR div, -7, 2
	RR div, 7, -2
	RR div, -7, -2
	RR div, 5, 0
	RR div, -5, 0
	RR div, 0, 0
	RR div, -0x8000000000000000, -1
	RR div, -0x8000000000000000, 1
	RR divu, 7, 2
	RR divu, -1, 2
	RR divu, 5, 0
	RR divu, 0, 0
	RR divu, -0x8000000000000000, -1
	RR rem, 7, 2
	RR rem, -7, 2
	RR rem, 7, -2
	RR rem, -7, -2
	RR rem, 5, 0
	RR rem, -5, 0
	RR rem, -0x8000000000000000, -1
	RR remu, 7, 2
	RR remu, -1, 10
	RR remu, 5, 0
	RR remu, -5, 0
	RR remu, -0x8000000000000000, -1

	RR divw, 7, 2
	RR divw, -7, 2
	RR divw, 5, 0
	RR divw, 0xffffffff00000005, 0
	RR divw, -0x80000000, -1
	RR divw, 0x80000000, -1
	RR divw, 0x123456780000000c, 0x0000000100000004
	RR divw, 0x100000000, 0
	RR divuw, 7, 2
	RR divuw, -1, 2
	RR divuw, 5, 0
	RR divuw, 0x80000000, -1
	RR divuw, 0xfffffffe, 1
	RR divuw, 0x100000008, 0x300000002
	RR remw, 7, 2
	RR remw, -7, 2
	RR remw, 5, 0
	RR remw, 0x80000000, 0
	RR remw, -0x80000000, -1
	RR remw, 0x1fffffff9, 0x100000002
	RR remuw, 7, 2
	RR remuw, -1, 10
	RR remuw, 5, 0
	RR remuw, 0x80000000, 0
	RR remuw, 0xfffffff5, 0xffffffff00000010

	/* x0 destination and rd == rs forms. */
	li t0, 9
	div x0, t0, x0
	PR x0, "div x0"
	li t2, 100
	li t1, 7
	rem t2, t2, t1
	PR t2, "rem t2 t2 t1"
	li t2, -9
	mul t2, t2, t2
	PR t2, "mul t2 t2 t2"

	ld ra, 0(sp)
	addi sp, sp, 16
	ret
