/* Accessed/dirty bits (Sv39): a walk through a leaf without A sets A on a load or fetch, and A
 * and D on a store, writing the PTE in memory as QEMU 7.2 does; a faulting store (read-only
 * page) changes nothing. The low byte of each PTE is printed. */
#include "lib/rt.h"

.macro MAP va, pa, flags, keep
	mv a0, s0
	li a1, \va
	li a2, \pa
	li a3, 0
	li a4, \flags
	call pt_map
	mv \keep, a0
.endm
.macro PTE reg, label
	ld t0, 0(\reg)
	andi t0, t0, 0xff
	PR t0, "\label"
.endm

	TEST_MAIN
	li a5, 3
	call pt_new
	mv s0, a0
	MAP 0xc0001000, 0x80201000, PTE_V | PTE_R | PTE_W, s1
	MAP 0xc0002000, 0x80202000, PTE_V | PTE_R | PTE_W, s2
	MAP 0xc0003000, 0x80203000, PTE_V | PTE_R | PTE_W | PTE_A, s3
	MAP 0xc0004000, 0x80204000, PTE_V | PTE_R, s4
	lla a2, code_page
	mv a0, s0
	li a1, 0xc0005000
	li a3, 0
	li a4, PTE_V | PTE_X
	call pt_map
	mv s5, a0
	mv a0, s0
	li a1, SATP_SV39
	li a2, 0
	call satp_on
	PTE s1, "before: load page"
	RUN_IN MODE_S, s_part
	PTE s1, "after load"
	PTE s2, "after store"
	PTE s3, "A set before, after store"
	PTE s4, "read-only page after a faulting store"
	PTE s5, "after fetch"
	csrw satp, zero
	FN_RETURN

s_part:
	FN_ENTER
	li t0, 0xc0001000
	ld t1, 0(t0)
	li t0, 0xc0002000
	sd t1, 0(t0)
	li t0, 0xc0003000
	sw t1, 0(t0)
	li t0, 0xc0004000
	sd t1, 0(t0)
	li t0, 0xc0005000
	jalr t0
	PR a0, "code page returned"
	FN_RETURN

	.section .text.page, "ax"
	.align 12
code_page:
	li a0, 5
	ret
