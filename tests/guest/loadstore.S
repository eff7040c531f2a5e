/* Loads and stores of every width: sign vs zero extension, positive/negative offsets, aligned
 * and misaligned addresses (Linux emulates misaligned accesses for user programs; qemu and qelt
 * must simply perform them), stores of each width into a word, and a load into x0. */
#include "lib/macros.h"
	.option norvc

/* LDX op, off: load from pattern+off. */
.macro LDX op, off
	lla t0, pattern
	\op t2, \off(t0)
	PR t2, "\op pattern+\off"
.endm
/* LDN op, off: load with a negative offset from pattern_end. */
.macro LDN op, off
	lla t0, pattern_end
	\op t2, \off(t0)
	PR t2, "\op pattern_end\off"
.endm
/* STX op, off: fill scratch with 0x11.., store 0x8899aabbccddeeff at scratch+off, print the two
 * dwords of scratch. */
.macro STX op, off
	lla t0, scratch
	li t1, 0x1111111111111111
	sd t1, 0(t0)
	sd t1, 8(t0)
	li t1, 0x8899aabbccddeeff
	\op t1, \off(t0)
	ld t2, 0(t0)
	PR t2, "\op +\off: dword0"
	ld t2, 8(t0)
	PR t2, "\op +\off: dword1"
.endm

	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)

	LDX lb, 0
	LDX lb, 7
	LDX lbu, 7
	LDX lb, 3
	LDX lbu, 3
	LDX lh, 0
	LDX lh, 6
	LDX lhu, 6
	LDX lw, 0
	LDX lw, 4
	LDX lwu, 4
	LDX ld, 0
	LDX ld, 8
	/* misaligned */
	LDX lh, 1
	LDX lhu, 7
	LDX lh, 7
	LDX lw, 1
	LDX lw, 2
	LDX lw, 3
	LDX lw, 5
	LDX lwu, 5
	LDX ld, 1
	LDX ld, 3
	LDX ld, 7
	/* negative offsets */
	LDN lb, -1
	LDN lbu, -1
	LDN lh, -2
	LDN lhu, -2
	LDN lw, -4
	LDN lwu, -4
	LDN ld, -8
	LDN ld, -13

	STX sb, 0
	STX sb, 15
	STX sh, 0
	STX sh, 6
	STX sh, 7
	STX sw, 0
	STX sw, 4
	STX sw, 2
	STX sw, 5
	STX sd, 0
	STX sd, 8
	STX sd, 1
	STX sd, 4
	STX sd, 7

	/* A store followed by a load of a different width at an overlapping address. */
	lla t0, scratch
	li t1, -1
	sd t1, 0(t0)
	sh x0, 3(t0)
	lw t2, 2(t0)
	PR t2, "lw after sh overlap"
	lbu t2, 4(t0)
	PR t2, "lbu after sh overlap"

	/* Loads into x0 still access memory but leave x0 zero. */
	lla t0, pattern
	ld x0, 0(t0)
	PR x0, "ld x0"

	/* Base register == destination register. */
	lla t2, pattern
	ld t2, 8(t2)
	PR t2, "ld t2 8(t2)"

	/* Stack round trip at large offsets (12-bit immediate limits). */
	addi sp, sp, -2048
	li t1, 0x0123456789abcdef
	sd t1, 2040(sp)
	sd t1, 0(sp)
	addi t0, sp, 2047
	addi t0, t0, 1
	ld t2, -8(t0)
	PR t2, "sd/ld at 2040(sp)"
	ld t2, -2048(t0)
	PR t2, "ld at -2048"
	addi sp, sp, 2047
	addi sp, sp, 1

	ld ra, 0(sp)
	addi sp, sp, 16
	ret

	.data
	.balign 16
pattern:
	.byte 0x01, 0x82, 0x03, 0xf4, 0x85, 0x06, 0x87, 0xf8
	.byte 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x90
	.byte 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18
pattern_end:
	.balign 16
scratch:
	.space 32
