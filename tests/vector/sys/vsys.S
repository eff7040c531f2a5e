/* Vector loads and stores in the full-system machine (run by tests/vector/run.sh with -cpu
 * rv64,v=true,vlen=128 under qelt-system-riscv64 and qemu-system-riscv64): S-mode under Sv39,
 *  - device memory: a strided store with stride 0 writes a message to the UART's THR byte by
 *    byte; the scratch register is written and read back the same way;
 *  - RAM: a store and a load crossing a page boundary;
 *  - a load page fault in the middle of a unit-stride load (element 5): the M-mode handler
 *    prints mcause and mtval, maps the page, changes a byte the load already read and returns
 *    to the load, which resumes at vstart = 5 (so the changed byte does not show);
 *  - reserved register groups and vill: illegal instruction, mtval = the instruction.
 * Output: the console text, then the finisher ends the run. */
	.equ UART, 0x10000000
	.equ ROOT, 0x80010000          /* Sv39 root table */
	.equ L1, 0x80011000
	.equ L0, 0x80012000
	.equ DATA, 0x80020000          /* VA 0x40000000 maps here; VA 0x40001000 not at first */
	.equ DATA2, 0x80021000
	.equ SAVE, 0x80030000          /* the trap handler saves a0, a1, ra here */
	.section .text.start
	.globl _start
_start:
	li sp, 0x80100000
	la t0, mtrap
	csrw mtvec, t0
	/* page tables: gigapages 0 (devices) and 2 (RAM), VA 0x40000000 through L1/L0 */
	li t0, ROOT
	li t1, 0xcf                    /* V R W X A D, PPN 0 */
	sd t1, 0(t0)
	li t1, (0x80000000 >> 12 << 10) | 0xcf
	sd t1, 16(t0)
	li t1, (L1 >> 12 << 10) | 1
	sd t1, 8(t0)
	li t0, L1
	li t1, (L0 >> 12 << 10) | 1
	sd t1, 0(t0)
	li t0, L0
	li t1, (DATA >> 12 << 10) | 0xc7   /* V R W A D */
	sd t1, 0(t0)
	sd zero, 8(t0)                 /* VA 0x40001000: not mapped yet */
	/* "ABCDE" at the end of DATA, "FGHIJKLMNOP" at the start of DATA2 */
	li t0, DATA + 4096 - 5
	la t1, letters
	li t2, 16
1:	lbu t3, 0(t1)
	sb t3, 0(t0)
	addi t0, t0, 1
	addi t1, t1, 1
	addi t2, t2, -1
	bnez t2, 1b
	li t0, (8 << 60) | (ROOT >> 12)
	csrw satp, t0
	sfence.vma
	/* PMP: everything to S and U (qemu 7.2 refuses an mret to S without a PMP rule) */
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	/* to S-mode with vector state on (mstatus.VS = Initial) */
	li t0, (1 << 11) | (1 << 9)
	csrs mstatus, t0
	li t0, (1 << 12)
	csrc mstatus, t0
	la t0, smain
	csrw mepc, t0
	mret

smain:
	li s0, UART
	/* message to THR: strided store, stride 0 */
	la a0, msg
	li t0, 12
	vsetvli zero, t0, e8, m1, ta, ma
	vle8.v v1, (a0)
	vsse8.v v1, (s0), zero
	/* scratch register: one 'Z' stored, read back 4 times, printed */
	li t0, 'Z'
	sb t0, 0(sp)
	vsetivli zero, 1, e8, m1, ta, ma
	vle8.v v2, (sp)
	addi a1, s0, 7
	vsse8.v v2, (a1), zero
	vsetivli zero, 4, e8, m1, ta, ma
	vlse8.v v3, (a1), zero
	vsse8.v v3, (s0), zero
	/* page-crossing store and load in RAM */
	la a0, cross
	vsetivli zero, 16, e8, m1, ta, ma
	vle8.v v5, (a0)
	li a1, 0x80201ff8
	vse8.v v5, (a1)
	vle8.v v6, (a1)
	vsse8.v v6, (s0), zero
	/* a page fault at element 5; the handler maps the page and resumes the load */
	la a0, dots
	vle8.v v4, (a0)
	li a1, 0x40000ffb
	vle8.v v4, (a1)
	vsse8.v v4, (s0), zero
	li t0, '\n'
	sb t0, 0(s0)
	/* reserved: vd misaligned for LMUL 2, found at translation (vsetvli in the block) and at
	 * run time (vsetvl); a load under vill. Each traps with the instruction's bits in mtval. */
	vsetvli zero, t0, e32, m2, ta, ma
	vle32.v v9, (a1)
	li t1, 0xd1
	vsetvl zero, t0, t1
	vle32.v v11, (a1)
	li t1, 0x1ff
	vsetvl zero, t0, t1
	vle8.v v8, (a1)
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
2:	j 2b

	.align 2
/* M-mode: print "trap <mcause> <mtval>", map VA 0x40001000, change 'A' (already loaded) to
 * 'a', return to the faulting load (t0-t2 and s1 are the handler's) */
mtrap:
	li t0, SAVE
	sd a0, 0(t0)
	sd a1, 8(t0)
	sd ra, 16(t0)
	li s1, UART
	la a1, trapmsg
3:	lbu t0, 0(a1)
	beqz t0, 4f
	sb t0, 0(s1)
	addi a1, a1, 1
	j 3b
4:	csrr a0, mcause
	jal puthex
	li t0, ' '
	sb t0, 0(s1)
	csrr a0, mtval
	jal puthex
	li t0, '\n'
	sb t0, 0(s1)
	csrr t0, mcause
	li t1, 2
	beq t0, t1, 8f                 /* illegal instruction: skip it */
	li t1, 13
	bne t0, t1, 6f                 /* anything else: stop */
	li t0, L0
	li t1, (DATA2 >> 12 << 10) | 0xc7
	sd t1, 8(t0)
	li t0, DATA + 4096 - 5
	li t1, 'a'
	sb t1, 0(t0)
	sfence.vma
	li t0, SAVE
	ld a0, 0(t0)
	ld a1, 8(t0)
	ld ra, 16(t0)
	mret
8:	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	li t0, SAVE
	ld a0, 0(t0)
	ld a1, 8(t0)
	ld ra, 16(t0)
	mret
6:	li t0, 0x100000
	li t1, 0x3333
	sw t1, 0(t0)
	j 6b

/* a0 as 16 hex digits to the UART (s1) */
puthex:
	li t2, 60
5:	srl t0, a0, t2
	andi t0, t0, 15
	addi t0, t0, '0'
	li t1, '9'
	ble t0, t1, 7f
	addi t0, t0, 'a' - '9' - 1
7:	sb t0, 0(s1)
	addi t2, t2, -4
	bgez t2, 5b
	ret

	.section .rodata
msg:	.ascii "vector mmio\n"
letters: .ascii "ABCDEFGHIJKLMNOP"
cross:	.ascii "crossing-page-ok"
dots:	.ascii "................"
trapmsg: .asciz "trap "
