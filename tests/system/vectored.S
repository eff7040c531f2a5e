/* Vectored mtvec/stvec (mode 1): exceptions enter at BASE, interrupt N at BASE + 4*N. Each
 * vector slot jumps to a stub that records its slot number and enters the runtime's handler,
 * whose hook prints "vector N". */
#include "lib/rt.h"

/* a table of 16 slots; slot k: j \prefix\()_stub_k; stub k stores k below the handler's stack
 * top and jumps to \entry */
.macro VEC_TABLE prefix, scratch, entry
	.align 8
\prefix\()_table:
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j \prefix\()_stub_\k
	.endr
	.irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
\prefix\()_stub_\k:
	csrrw sp, \scratch, sp
	sd t0, -2048(sp)
	li t0, \k
	sd t0, -2040(sp)
	ld t0, -2048(sp)
	csrrw sp, \scratch, sp
	j \entry
	.endr
.endm

/* VEC_HOOK name, stack_top, clear: a hook printing the slot, then clearing the interrupt. */
.macro VEC_HOOK name, top, clear
\name:
	addi sp, sp, -16
	sd ra, 0(sp)
	sd a0, 8(sp)
	lla t0, \top
	li t1, -2040
	add t0, t0, t1
	ld t0, 0(t0)
	PR t0, "vector"
	ld a0, 8(sp)
	call \clear
	FN_RETURN
.endm

	.text
	VEC_TABLE mv, mscratch, m_trap_entry
	VEC_TABLE sv, sscratch, s_trap_entry
	VEC_HOOK m_vec_hook, __mtrap_stack_top, m_irq_clear
	VEC_HOOK s_vec_hook, __strap_stack_top, s_irq_clear

	.globl test_main
test_main:
	FN_ENTER
	SET_HOOK m_hook, m_vec_hook
	SET_HOOK s_hook, s_vec_hook
	lla t0, mv_table
	ori t0, t0, 1
	csrw mtvec, t0
	csrr t1, mtvec
	sub t1, t1, t0
	PR t1, "mtvec reads back (difference)"
	SAY "exception: ecall from M"
	li a7, 1
	ecall
	SAY "M software interrupt (msip)"
	li t0, 8
	csrs mie, t0
	li t0, CLINT_MSIP
	li t1, 1
	sw t1, 0(t0)
	csrsi mstatus, MSTATUS_MIE
	li a0, 1
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	SAY "M timer interrupt (mtimecmp = 0)"
	li t0, 0x80
	csrs mie, t0
	li t0, CLINT_MTIMECMP
	sd zero, 0(t0)
	csrsi mstatus, MSTATUS_MIE
	li a0, 2
	call wait_irq
	csrci mstatus, MSTATUS_MIE
	SAY "S software interrupt taken in M (not delegated)"
	li t0, 2
	csrs mie, t0
	csrs mip, t0
	csrsi mstatus, MSTATUS_MIE
	li a0, 3
	call wait_irq
	csrci mstatus, MSTATUS_MIE

	SAY "stvec vectored: delegated SSIP and ebreak"
	li t0, 2
	csrw mideleg, t0
	li t0, 1 << 3
	csrw medeleg, t0
	lla t0, sv_table
	ori t0, t0, 1
	csrw stvec, t0
	li t0, 2
	csrs mip, t0
	RUN_IN MODE_S, s_part
	FN_RETURN

s_part:
	FN_ENTER
	ebreak
	li t0, 2
	csrs sie, t0
	csrsi sstatus, MSTATUS_SIE
	li a0, 4
	call wait_irq
	csrci sstatus, MSTATUS_SIE
	FN_RETURN

