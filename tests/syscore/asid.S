/* Address-space switches on a TLB without ASID tags: two Sv39 roots map VA 0x40000000 to
 * different pages (not global); loads through that VA (M-mode with MPRV, MPP = S) must see the
 * page of the current root right after each satp write with a new ASID, while a global
 * mapping of the same tables (VA 0x40001000) keeps working. Prints "ABAB gg" and exits 0. */
	.option norvc
	.section .text.start
	.globl _start
_start:
	li sp, 0x80100000
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	/* root A 0x80010000 -> L1 0x80011000 -> L0 0x80012000; root B 0x80020000 -> L1 0x80021000 -> L0 0x80022000 */
	li a0, 0x80010000
	li a1, 0x80011000
	li a2, 0x80012000
	li a3, 0x80030000          /* page seen through A: 'A' */
	call build
	li a0, 0x80020000
	li a1, 0x80021000
	li a2, 0x80022000
	li a3, 0x80031000          /* page seen through B: 'B' */
	call build
	li t0, 0x80030000
	li t1, 'A'
	sb t1, 0(t0)
	li t0, 0x80031000
	li t1, 'B'
	sb t1, 0(t0)
	li t0, 0x80032000          /* the global page */
	li t1, 'g'
	sb t1, 0(t0)
	li t0, (1 << 17) | (1 << 11)   /* MPRV, MPP = S */
	csrw mstatus, t0
	li s0, 0x40000000
	li s1, 0x40001000
	li s2, 0x10000000
	li s3, (8 << 60) | (1 << 44) | (0x80010000 >> 12)   /* sv39, ASID 1, root A */
	li s4, (8 << 60) | (2 << 44) | (0x80020000 >> 12)   /* sv39, ASID 2, root B */
	/* MPRV translates the loads only: collect the bytes, print them after MPRV is off */
	csrw satp, s3
	lbu a4, 0(s0)
	csrw satp, s4
	lbu a5, 0(s0)
	csrw satp, s3
	lbu a6, 0(s0)
	csrw satp, s4
	lbu a7, 0(s0)
	lbu t3, 0(s1)
	csrw satp, s3
	lbu t4, 0(s1)
	csrw mstatus, zero
	sb a4, 0(s2)
	sb a5, 0(s2)
	sb a6, 0(s2)
	sb a7, 0(s2)
	li t0, ' '
	sb t0, 0(s2)
	sb t3, 0(s2)
	sb t4, 0(s2)
	li t0, '\n'
	sb t0, 0(s2)
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
2:	j 2b

/* build: a0 root, a1 L1, a2 L0, a3 the page VA 0x40000000 maps to (VA 0x40001000 -> the
 * global page 0x80032000 in both). */
build:
	srli t0, a1, 2
	ori t0, t0, 1
	sd t0, 8(a0)               /* root[1] -> L1 */
	srli t0, a2, 2
	ori t0, t0, 1
	sd t0, 0(a1)               /* L1[0] -> L0 */
	srli t0, a3, 2
	ori t0, t0, 0xc7           /* V R W A D */
	sd t0, 0(a2)               /* L0[0] */
	li t1, 0x80032000
	srli t0, t1, 2
	ori t0, t0, 0xe7           /* V R W G A D */
	sd t0, 8(a2)               /* L0[1]: global */
	ret
