/* sfence.vma (Sv39): after a PTE is changed in memory, the new translation is used once
 * sfence.vma (all, by address, by ASID) has run; address spaces with different ASIDs switch by
 * satp alone; the ASID width (bits that stick when ones are written); sfence.vma from U and,
 * with mstatus.TVM, sfence.vma and satp from S raise illegal instruction. Only what the spec
 * guarantees is printed: never a read between a PTE change and its fence. */
#include "lib/rt.h"

#define VA 0xc0001000
#define PAGE_A 0x80201000
#define PAGE_B 0x80202000
#define PAGE_C 0x80203000

.macro PTE_FOR pa, reg
	li \reg, (\pa >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
.endm

	TEST_MAIN
	li t0, PAGE_A
	li t1, 0xaaaa
	sd t1, 0(t0)
	li t0, PAGE_B
	li t1, 0xbbbb
	sd t1, 0(t0)
	li t0, PAGE_C
	li t1, 0xcccc
	sd t1, 0(t0)
	li t0, 0xffff
	slli t0, t0, 44
	li t1, SATP_SV39 << 60
	or t0, t0, t1
	csrw satp, t0
	csrr t0, satp
	srli t0, t0, 44
	li t1, 0xffff
	and t0, t0, t1
	PR t0, "ASID bits that stick"
	csrw satp, zero

	/* two address spaces: s0 (ASID 1) maps VA -> A, s1 (ASID 2) maps VA -> B */
	li a5, 3
	call pt_new
	mv s0, a0
	li a1, VA
	li a2, PAGE_A
	li a3, 0
	li a4, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	call pt_map
	mv s2, a0                   /* the PTE of VA in s0 */
	li a5, 3
	call pt_new
	mv s1, a0
	li a1, VA
	li a2, PAGE_B
	li a3, 0
	li a4, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	call pt_map
	mv s3, a0
	srli s4, s0, 12             /* satp values */
	li t0, (SATP_SV39 << 60) | (1 << 44)
	or s4, s4, t0
	srli s5, s1, 12
	li t0, (SATP_SV39 << 60) | (2 << 44)
	or s5, s5, t0
	csrw satp, s4
	sfence.vma
	RUN_IN MODE_S, s_part
	SAY "TVM=1"
	li t0, MSTATUS_TVM
	csrs mstatus, t0
	RUN_IN MODE_S, s_tvm
	li t0, MSTATUS_TVM
	csrc mstatus, t0
	SAY "sfence.vma from U"
	csrw satp, zero
	RUN_IN MODE_U, u_sfence
	FN_RETURN

.macro SHOW label
	li t0, VA
	ld t0, 0(t0)
	PR t0, "\label"
.endm

s_part:
	FN_ENTER
	SHOW "ASID 1"
	csrw satp, s5
	SHOW "ASID 2 (satp switch only)"
	csrw satp, s4
	SHOW "ASID 1 again"
	PTE_FOR PAGE_C, t0
	sd t0, 0(s2)
	sfence.vma
	SHOW "after PTE -> C, sfence.vma all"
	PTE_FOR PAGE_B, t0
	sd t0, 0(s2)
	li t1, VA
	sfence.vma t1
	SHOW "after PTE -> B, sfence.vma VA"
	PTE_FOR PAGE_A, t0
	sd t0, 0(s2)
	li t1, VA
	li t2, 1
	sfence.vma t1, t2
	SHOW "after PTE -> A, sfence.vma VA, ASID 1"
	PTE_FOR PAGE_C, t0
	sd t0, 0(s2)
	li t2, 1
	sfence.vma zero, t2
	SHOW "after PTE -> C, sfence.vma ASID 1"
	PTE_FOR PAGE_A, t0
	sd t0, 0(s3)
	li t2, 2
	sfence.vma zero, t2
	csrw satp, s5
	SHOW "ASID 2 after its PTE -> A, sfence.vma ASID 2"
	sd zero, 0(s3)
	sfence.vma
	li t0, VA
	ld t0, 0(t0)
	SAY "unmapped after sfence: faulted above"
	FN_RETURN
s_tvm:
	sfence.vma
	csrr t0, satp
	csrw satp, zero
	ret
u_sfence:
	sfence.vma
	BACK_TO_M
