/* Accesses off one base register in one block (qelt-system probes the soft-TLB once for such a
 * group and lets the other accesses use the addend it found: host/x86_64/codegen-sys.c), in
 * S-mode with Sv39, each case run twice (cold, then warm TLB and translated blocks):
 *   1. a group inside one page;
 *   2. a group across two pages whose frames are not adjacent (0xc0001000 -> 0x80201000,
 *      0xc0002000 -> 0x80205000): each access lands in its own frame;
 *   3. loads, then a store, then a load on a read-only page: the store faults (and only it);
 *   4. a group that runs from a writable page into a read-only one, and loads from a mapped
 *      page into an unmapped one: the fault comes at the first access past the boundary, the
 *      accesses before it are done;
 *   5. a group on the UART's registers (MMIO: the scratch and line-control registers);
 *   6. a group that reads and writes a page holding translated code, then runs the code.
 * Every base comes in a0 (a block sees no constant address, which would not be grouped).
 * Pages: 0xc0001000 RW, 0xc0002000 RW, 0xc0003000 R, 0xc0004000 unmapped, 0xc0005000 RWX. */
#include "lib/rt.h"


	TEST_MAIN
	li t0, 0x80203000
	li t1, 0x3030303030303030
	sd t1, 0(t0)
	sd t1, 8(t0)
	addi t1, t1, 1
	sd t1, 24(t0)
	li t0, 0x80203ff8
	li t1, 0x3ff83ff8
	sd t1, 0(t0)
	li a5, 3
	call pt_new
	mv s0, a0
	lla s1, mappings            /* (va, pa, flags) triples, pa 0: code_page */
1:	ld a1, 0(s1)
	beqz a1, 3f
	ld a2, 8(s1)
	bnez a2, 2f
	lla a2, code_page
2:	ld a4, 16(s1)
	mv a0, s0
	li a3, 0
	call pt_map
	addi s1, s1, 24
	j 1b
3:
	SV39_RUN_S s0, s_part
	FN_RETURN

s_part:
	FN_ENTER
	li s11, 2
1:	SAY "pass"
	li a0, 0xc0001100
	call inside_page
	li a0, 0xc0001ff0
	call across_pages
	li a0, 0xc0003000
	call read_only
	li a0, 0xc0002ff0
	call into_bad_page
	li a0, UART_BASE
	call uart_regs
	li a0, 0xc0005000
	call code_write
	addi s11, s11, -1
	bnez s11, 1b
	FN_RETURN

inside_page:
	mv s1, a0
	li t0, 0x11
	li t1, 0x22
	sd t0, 0(s1)
	sd t1, 8(s1)
	sw t1, 16(s1)
	sh t0, 20(s1)
	sb t1, 22(s1)
	ld s2, 0(s1)
	ld s3, 8(s1)
	ld s4, 16(s1)
	add s2, s2, s3
	PR s2, "inside: 0 + 8"
	PR s4, "inside: 16"
	ret

across_pages:
	mv s1, a0
	li t0, 0xa1
	li t1, 0xa2
	li t2, 0xa3
	sd t0, 0(s1)
	sd t1, 8(s1)
	sd t2, 16(s1)
	sd t0, 24(s1)
	ld s2, 8(s1)
	ld s3, 16(s1)
	sd zero, 0(s1)
	PR s2, "across: 0xc0001ff8"
	PR s3, "across: 0xc0002000"
	li t0, 0x80201ff0
	ld s2, 0(t0)
	ld s3, 8(t0)
	li t0, 0x80205000
	ld s4, 0(t0)
	ld s5, 8(t0)
	PR s2, "frame 0x80201ff0"
	PR s3, "frame 0x80201ff8"
	PR s4, "frame 0x80205000"
	PR s5, "frame 0x80205008"
	li t0, 0x80202000
	ld s2, 0(t0)
	PR s2, "frame 0x80202000 (untouched)"
	ret

read_only:
	mv s1, a0
	li s2, 0
	li s3, 0
	li s4, 0
	ld s2, 0(s1)
	ld s3, 8(s1)
	sd s1, 16(s1)
	ld s4, 24(s1)
	PR s2, "read-only: 0"
	PR s3, "read-only: 8"
	PR s4, "read-only: 24 (after the faulting store)"
	ret

into_bad_page:
	mv s1, a0
	li t0, 0xb1
	li s2, 0
	sd t0, 0(s1)
	sd t0, 8(s1)
	sd t0, 16(s1)
	ld s2, 8(s1)
	PR s2, "0xc0002ff8 before the read-only page"
	li t0, 0x1000
	add s1, s1, t0               /* 0xc0003ff0, not a constant the block knows */
	li s2, 0
	li s3, 0
	ld s2, 8(s1)
	ld s3, 16(s1)
	PR s2, "0xc0003ff8"
	PR s3, "0xc0004000 (unmapped)"
	ret

uart_regs:
	mv s1, a0
	li t0, 0x5a
	sb t0, 7(s1)
	lbu s2, 7(s1)
	lbu s3, 3(s1)
	li t0, 0xa5
	sb t0, 7(s1)
	lbu s4, 7(s1)
	PR s2, "uart scratch"
	PR s3, "uart lcr"
	PR s4, "uart scratch again"
	ret

/* code_page's first instruction is li a0, 1; the group reads it, writes li a0, 2 (or back
 * li a0, 1 on the second pass) and reads the next one. */
code_write:
	FN_ENTER
	mv s1, a0
	jalr s1
	mv s5, a0
	li t0, 0x00200513           /* addi a0, zero, 2 */
	li t1, 0x00100513           /* addi a0, zero, 1 */
	li t2, 1
	bne s11, t2, 1f
	mv t0, t1
1:	lwu s2, 0(s1)
	sw t0, 0(s1)
	lwu s3, 4(s1)
	lwu s4, 0(s1)
	fence.i
	jalr s1
	PR s5, "code before"
	PR s2, "insn before"
	PR s3, "next insn"
	PR s4, "insn after"
	PR a0, "code after"
	FN_RETURN

	.section .rodata
	.align 3
mappings:
	.dword 0xc0001000, 0x80201000, PTE_V | PTE_A | PTE_D | PTE_R | PTE_W
	.dword 0xc0002000, 0x80205000, PTE_V | PTE_A | PTE_D | PTE_R | PTE_W
	.dword 0xc0003000, 0x80203000, PTE_V | PTE_A | PTE_D | PTE_R
	.dword 0xc0005000, 0, PTE_V | PTE_A | PTE_D | PTE_R | PTE_W | PTE_X
	.dword 0

	.section .text.page, "ax"
	.align 12
code_page:
	li a0, 1
	ret
	.align 12
