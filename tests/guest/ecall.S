/* The ecall boundary: every register but a0 survives a system call (checked for getpid, a
 * failing write and an unknown syscall number); errors come back as -errno in a0 (EBADF for a
 * bad fd, EFAULT for a bad buffer, ENOSYS for an unknown number); write returns the byte count;
 * brk(0) returns the current break and a larger brk moves it. */
#include "lib/macros.h"
	.option norvc

/* SEED: gives x1,x4..x31 (except a0) distinct values derived from their numbers. */
.macro SEED
	.irp r, 1,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li x\r, 0x1111111100000000 + \r * 0x01010101
	.endr
.endm
/* SAVE_ALL off: stores every register but x0/gp/a0 at gp + off + 8*N. The test saves once
 * right before the ecall (off 0) and once right after (off 256); verify compares the two. */
.macro SAVE_ALL off
	.irp r, 1,2,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\r, \off + \r*8(gp)
	.endr
.endm

	.text
	.globl test_main
test_main:
	addi sp, sp, -32
	sd ra, 0(sp)
	sd gp, 8(sp)
	sd s0, 16(sp)
	sd s1, 24(sp)

	/* getpid: a0 > 0, others kept. gp is the save area (the ABI gp is not needed here). */
	lla gp, regs_after
	SEED
	li a7, 172
	SAVE_ALL 0
	ecall
	SAVE_ALL 256
	call verify
	PR a0, "getpid: changed registers (bitmask)"

	/* write to a bad fd. */
	lla gp, regs_after
	SEED
	li a0, 999
	lla a1, msg
	li a2, 4
	li a7, 64
	SAVE_ALL 0
	ecall
	SAVE_ALL 256
	mv s0, a0
	call verify
	PR s0, "write(999): a0"
	PR a0, "write(999): changed registers (bitmask)"

	/* unknown syscall number */
	lla gp, regs_after
	SEED
	li a7, 4000
	SAVE_ALL 0
	ecall
	SAVE_ALL 256
	mv s0, a0
	call verify
	PR s0, "syscall 4000: a0"
	PR a0, "syscall 4000: changed registers (bitmask)"

	/* a successful write returns the count. */
	li a0, 1
	lla a1, msg
	li a2, 6
	li a7, 64
	ecall
	PR a0, "write(1, 6 bytes): a0"
	/* write from an unmapped buffer: EFAULT. */
	li a0, 1
	li a1, 8
	li a2, 6
	li a7, 64
	ecall
	PR a0, "write(1, bad buffer): a0"
	/* brk */
	li a0, 0
	li a7, 214
	ecall
	mv s0, a0
	snez t2, s0
	PR t2, "brk(0) nonzero"
	li t0, 0x10000
	add a0, s0, t0
	li a7, 214
	ecall
	sub t2, a0, s0
	PR t2, "brk(+64K) - brk(0)"
	li t0, 0x1234
	sd t0, -8(a0)
	ld t2, -8(a0)
	PR t2, "store/load at new break"
	mv a0, s0
	li a7, 214
	ecall
	sub t2, a0, s0
	PR t2, "brk shrunk back - brk(0)"

	ld ra, 0(sp)
	ld gp, 8(sp)
	ld s0, 16(sp)
	ld s1, 24(sp)
	addi sp, sp, 32
	ret

/* verify: a0 = bitmask of the registers (bit N for xN) whose value after the ecall differs
 * from the value before it, a0 itself excluded. */
verify:
	li a0, 0
	li t0, 1
1:	li t1, 3
	beq t0, t1, 2f
	li t1, 10
	beq t0, t1, 2f
	slli t1, t0, 3
	add t1, t1, gp
	ld t2, 0(t1)
	ld t1, 256(t1)
	beq t1, t2, 2f
	li t1, 1
	sll t1, t1, t0
	or a0, a0, t1
2:	addi t0, t0, 1
	li t1, 32
	blt t0, t1, 1b
	ret

	.section .rodata
msg:	.ascii "hello\n"
	.data
	.balign 8
regs_after: .space 512
