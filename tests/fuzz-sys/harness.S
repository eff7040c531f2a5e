/* System-mode harness of the random differential tester (tests/fuzz-sys/run.sh): runs a
 * tests/fuzz/gen.py program in U-mode (MODE=0) or S-mode (MODE=1) with Sv39 paging on: its
 * image (at PA 0x80000000) is mapped at VA 0x40000000 by one 1 GiB superpage, so every access
 * goes through the page walk and the soft-TLB with virtual != physical addresses. The program's
 * Linux system calls trap to M-mode here: write(1, buf, len) prints buf as hex on the UART,
 * exit ends the run through the finisher; any other trap prints its cause and fails. */
#ifndef MODE
#define MODE 0
#endif
#define OFFSET 0x40000000          /* PA - VA */
#if MODE == 0
#define PTE_USER 0x10
#else
#define PTE_USER 0
#endif
	.option norvc
	.section .text.start
	.globl _hstart
_hstart:
	la t0, handler
	csrw mtvec, t0
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f                /* NAPOT, RWX: all memory below M */
	csrw pmpcfg0, t0
	la t0, root
	li t1, (0x80000000 >> 2) | 0xcf | PTE_USER   /* V R W X A D (U) */
	sd t1, 8(t0)               /* root[1]: VA 0x40000000 -> PA 0x80000000, 1 GiB */
	srli t0, t0, 12
	li t1, 8 << 60
	or t0, t0, t1
	csrw satp, t0
	sfence.vma
	li t0, MODE << 11
	csrw mstatus, t0
	la t0, _start
	li t1, OFFSET
	sub t0, t0, t1
	csrw mepc, t0
	mret

handler:
	csrr t0, mcause
	li t1, 8 + MODE
	bne t0, t1, bad
	li t1, 64
	beq a7, t1, do_write
	li t0, '\n'
	call putc
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
1:	j 1b
do_write:                          /* a1 = VA of the buffer, a2 = length */
	li t1, OFFSET
	add s0, a1, t1
	mv s1, a2
2:	beqz s1, 3f
	lbu t2, 0(s0)
	srli t0, t2, 4
	call hexdigit
	andi t0, t2, 15
	call hexdigit
	addi s0, s0, 1
	addi s1, s1, -1
	j 2b
3:	csrr t0, mepc
	addi t0, t0, 4
	csrw mepc, t0
	mret
bad:                               /* "TRAP <cause> <epc>" then fail */
	li t0, 'T'
	call putc
	csrr t2, mcause
	call hex64
	csrr t2, mepc
	call hex64
	li t0, 0x100000
	li t1, (1 << 16) | 0x3333
	sw t1, 0(t0)
4:	j 4b
hex64:                             /* t2: 16 hex digits, clobbers t0, t3, t4 */
	mv t4, ra
	li t3, 60
5:	srl t0, t2, t3
	andi t0, t0, 15
	call hexdigit
	addi t3, t3, -4
	bgez t3, 5b
	mv ra, t4
	ret
hexdigit:                          /* t0 = 0..15 */
	li t5, 10
	blt t0, t5, 6f
	addi t0, t0, 'a' - 10
	j putc
6:	addi t0, t0, '0'
putc:
	li t6, 0x10000000
	sb t0, 0(t6)
	ret

	.bss
	.balign 4096
root:	.space 4096
