/* A 4-byte instruction whose second half is on an unmapped page (Sv39, S-mode): the fetch
 * must raise an instruction page fault with tval = the start of the unmapped page (QEMU 7.2),
 * not run the half it could fetch. Then the same with the next page mapped: it runs.
 * Prints "cause=c tval=40001000" then "ran a0=1" and exits 0. */
	.option norvc
	.section .text.start
	.globl _start
_start:
	li sp, 0x80100000
	la t0, trap
	csrw mtvec, t0
	li t0, -1                  /* PMP: all memory RWX below M (QEMU 7.2's mret wants a rule) */
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	/* page tables: root 0x80010000, L1 0x80011000, L0 0x80012000 */
	li s0, 0x80010000
	li t0, 0x80011000
	srli t0, t0, 2
	ori t0, t0, 1
	sd t0, 8(s0)               /* root[1]: VA 0x40000000.. -> L1 */
	li t0, 0x80000000
	srli t0, t0, 2
	ori t0, t0, 0xcf           /* V R W X A D */
	sd t0, 16(s0)              /* root[2]: 1 GiB identity at 0x80000000 */
	li s1, 0x80011000
	li t0, 0x80012000
	srli t0, t0, 2
	ori t0, t0, 1
	sd t0, 0(s1)               /* L1[0] -> L0 */
	li s2, 0x80012000
	li t0, 0x80020000
	srli t0, t0, 2
	ori t0, t0, 0x4b           /* V R X A */
	sd t0, 0(s2)               /* L0[0]: VA 0x40000000 -> PA 0x80020000, L0[1] unmapped */
	/* the straddling instruction: addi a0, a0, 1 at VA 0x40000ffe, then ecall */
	li t1, 0x80020ffe
	li t2, 0x0513
	sh t2, 0(t1)
	li t1, 0x80021000
	li t2, 0x0015
	sh t2, 0(t1)
	li t2, 0x00000073          /* ecall */
	sw t2, 2(t1)
	li t0, (8 << 60) | (0x80010000 >> 12)
	csrw satp, t0
	sfence.vma
	li s3, 0                   /* phase */
enter:
	li a0, 0
	li t0, 1 << 11             /* MPP = S */
	csrw mstatus, t0
	li t0, 0x40000ffe
	csrw mepc, t0
	mret

trap:
	bnez s3, second
	/* first: expect the fetch fault */
	li a0, 'c'
	csrr a1, mcause
	call show
	li a0, 't'
	csrr a1, mtval
	call show
	li a0, '\n'
	call putc
	/* map the second page (PA 0x80021000) and run it again */
	li t0, 0x80021000
	srli t0, t0, 2
	ori t0, t0, 0x4b
	li s2, 0x80012000
	sd t0, 8(s2)
	sfence.vma
	li s3, 1
	j enter
second:
	mv s4, a0
	la a1, ranmsg
	call puts
	addi a0, s4, '0'
	call putc
	li a0, '\n'
	call putc
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
1:	j 1b

/* show: a0 = 'c' or 't', a1 = value: prints "cause=" or " tval=" and hex */
show:
	mv s5, ra
	mv s6, a1
	la a1, causemsg
	li t0, 'c'
	beq a0, t0, 1f
	la a1, tvalmsg
1:	call puts
	li s7, 60
2:	srl t0, s6, s7
	andi t0, t0, 15
	bnez t0, 3f
	beqz s7, 3f
	addi s7, s7, -4
	j 2b
3:	srl t0, s6, s7
	andi t0, t0, 15
	li t1, 10
	addi a0, t0, '0'
	blt t0, t1, 4f
	addi a0, t0, 'a' - 10
4:	call putc
	addi s7, s7, -4
	bgez s7, 3b
	mv ra, s5
	ret
puts:	/* a1 = string */
	mv t6, ra
5:	lbu a0, 0(a1)
	beqz a0, 6f
	call putc
	addi a1, a1, 1
	j 5b
6:	mv ra, t6
	ret
putc:
	li t5, 0x10000000
	sb a0, 0(t5)
	ret
	.section .rodata
causemsg: .asciz "cause="
tvalmsg:  .asciz " tval="
ranmsg:   .asciz "ran a0="
