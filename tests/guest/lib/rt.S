/* Minimal runtime for the assembly guest tests (no libc): _start calls test_main and exits 0,
 * pr_hex/pr_str print through the write syscall. Invariant: the helpers preserve every register
 * except a0, a1 and ra (which the PR/SAY macros in macros.h save), so a test can print anywhere
 * without disturbing the state it is checking. Built with plain rv64imac encodings (norvc). */
	.option norvc
	.text
	.globl _start
_start:
	/* The linker relaxes data accesses to gp-relative ones: gp must hold the ABI value. */
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	andi sp, sp, -16
	call test_main
	li a0, 0
	li a7, 94		/* exit_group */
	ecall
1:	j 1b

/* pr_str(a1 = NUL-terminated string): writes it followed by a newline. */
	.globl pr_str
pr_str:
	addi sp, sp, -48
	sd a2, 0(sp)
	sd a7, 8(sp)
	sd t0, 16(sp)
	sd ra, 24(sp)
	mv t0, a1
1:	lbu a2, 0(t0)
	beqz a2, 2f
	addi t0, t0, 1
	j 1b
2:	sub a2, t0, a1
	li a0, 1
	li a7, 64		/* write */
	ecall
	lla a1, nl_char
	li a2, 1
	li a0, 1
	li a7, 64
	ecall
	ld a2, 0(sp)
	ld a7, 8(sp)
	ld t0, 16(sp)
	ld ra, 24(sp)
	addi sp, sp, 48
	ret

/* pr_hex(a0 = value, a1 = label): writes "label = %016lx\n". */
	.globl pr_hex
pr_hex:
	addi sp, sp, -64
	sd a2, 0(sp)
	sd a7, 8(sp)
	sd t0, 16(sp)
	sd t1, 24(sp)
	sd t2, 32(sp)
	sd ra, 40(sp)
	mv t2, a0		/* keep the value: a0 is the fd below */
	call pr_lab
	/* 20-byte buffer below the frame: " = " + 16 digits + '\n' */
	addi sp, sp, -32
	li t0, ' '
	sb t0, 0(sp)
	li t0, '='
	sb t0, 1(sp)
	li t0, ' '
	sb t0, 2(sp)
	li t0, 18		/* index of the last digit */
1:	andi t1, t2, 15
	addi t1, t1, '0'
	li a2, '9'
	ble t1, a2, 2f
	addi t1, t1, 'a' - '9' - 1
2:	add a2, sp, t0
	sb t1, 0(a2)
	srli t2, t2, 4
	addi t0, t0, -1
	li a2, 3
	bge t0, a2, 1b
	li t0, '\n'
	sb t0, 19(sp)
	mv a1, sp
	li a2, 20
	li a0, 1
	li a7, 64
	ecall
	addi sp, sp, 32
	ld a2, 0(sp)
	ld a7, 8(sp)
	ld t0, 16(sp)
	ld t1, 24(sp)
	ld t2, 32(sp)
	ld ra, 40(sp)
	addi sp, sp, 64
	ret

/* pr_lab(a1 = string): writes it without a newline; clobbers a0, a2, a7, t0. */
pr_lab:
	mv t0, a1
1:	lbu a2, 0(t0)
	beqz a2, 2f
	addi t0, t0, 1
	j 1b
2:	sub a2, t0, a1
	li a0, 1
	li a7, 64
	ecall
	ret

	.section .rodata
nl_char: .byte '\n'
