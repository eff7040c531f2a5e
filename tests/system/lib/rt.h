/* Shared definitions of the bare-metal system tests (included by every tests/system/*.S and by
 * the runtime lib/rt.S). Addresses are those of QEMU's virt board; PR and SAY print through the
 * runtime and change no register; the other macros change t0-t2. Output lines are deterministic: values, never raw times or counts. */
#ifndef SYSTEST_RT_H
#define SYSTEST_RT_H

#define UART_BASE     0x10000000
#define FINISHER      0x100000
#define CLINT_BASE    0x2000000
#define CLINT_MSIP    0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME   0x200bff8

#define RET_MAGIC     0x5e7       /* a7 of the ecall that ends run_in_mode's function */
#define FRAME_SIZE    256         /* trap frame: x0..x31, 8 bytes each */
#define REG(n)        ((n) * 8)   /* offset of xN in a trap frame */

/* mode numbers (mstatus.MPP values) */
#define MODE_U 0
#define MODE_S 1
#define MODE_M 3

/* page-table entry bits */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80

/* satp modes */
#define SATP_SV39 8
#define SATP_SV48 9
#define SATP_SV57 10

/* mstatus bits */
#define MSTATUS_SIE  0x2
#define MSTATUS_MIE  0x8
#define MSTATUS_SPIE 0x20
#define MSTATUS_MPIE 0x80
#define MSTATUS_SPP  0x100
#define MSTATUS_MPP  0x1800
#define MSTATUS_FS   0x6000
#define MSTATUS_MPRV 0x20000
#define MSTATUS_SUM  0x40000
#define MSTATUS_MXR  0x80000
#define MSTATUS_TVM  0x100000
#define MSTATUS_TW   0x200000
#define MSTATUS_TSR  0x400000

/* Where tests running with paging find the runtime: identity-mapped 1 GiB pages (supervisor
 * only) cover 0x0 (devices) and 0x80000000 (RAM); U_ALIAS maps the same RAM again for U-mode. */
#define U_ALIAS 0x40000000

#ifdef __ASSEMBLER__

/* Save/restore the registers a runtime call may change (a1 is saved by the user, at 8(sp)). */
.macro SAVE_CALLER
	sd a0, 0(sp)
	sd ra, 16(sp)
	sd a2, 24(sp)
	sd a3, 32(sp)
	sd a4, 40(sp)
	sd a5, 48(sp)
	sd a6, 56(sp)
	sd a7, 64(sp)
	sd t0, 72(sp)
	sd t1, 80(sp)
	sd t2, 88(sp)
	sd t3, 96(sp)
	sd t4, 104(sp)
	sd t5, 112(sp)
	sd t6, 120(sp)
.endm
.macro RESTORE_CALLER
	ld a0, 0(sp)
	ld ra, 16(sp)
	ld a2, 24(sp)
	ld a3, 32(sp)
	ld a4, 40(sp)
	ld a5, 48(sp)
	ld a6, 56(sp)
	ld a7, 64(sp)
	ld t0, 72(sp)
	ld t1, 80(sp)
	ld t2, 88(sp)
	ld t3, 96(sp)
	ld t4, 104(sp)
	ld t5, 112(sp)
	ld t6, 120(sp)
.endm

/* PR reg, "label": print "label = 0xVALUE". */
.macro PR reg, label
	addi sp, sp, -128
	sd a1, 8(sp)
	SAVE_CALLER
	mv a1, \reg
	.pushsection .rodata
.Lpr_s\@: .asciz "\label"
	.popsection
	lla a0, .Lpr_s\@
	call say_hex
	RESTORE_CALLER
	ld a1, 8(sp)
	addi sp, sp, 128
.endm

/* PRCSR csr: print "csr = 0xVALUE" (read in the current mode). */
.macro PRCSR csr
	csrr t0, \csr
	PR t0, "\csr"
.endm

/* SAY "text": print one line of text. */
.macro SAY text
	addi sp, sp, -128
	sd a1, 8(sp)
	SAVE_CALLER
	.pushsection .rodata
.Lsay_s\@: .asciz "\text\n"
	.popsection
	lla a0, .Lsay_s\@
	call puts
	RESTORE_CALLER
	ld a1, 8(sp)
	addi sp, sp, 128
.endm

/* FN_ENTER / FN_RETURN: a function's 16-byte frame saving ra, and its return. */
.macro FN_ENTER
	addi sp, sp, -16
	sd ra, 0(sp)
.endm
.macro FN_RETURN
	ld ra, 0(sp)
	addi sp, sp, 16
	ret
.endm

/* TEST_MAIN: opens test_main (the function the runtime calls, in M-mode) with FN_ENTER; it
 * ends with FN_RETURN. */
.macro TEST_MAIN
	.text
	.globl test_main
test_main:
	FN_ENTER
.endm

/* RUN_IN mode, fn: run_in_mode(mode, fn, 0, MPIE 0): fn's a0 comes back in a0. */
.macro RUN_IN mode, fn
	li a0, \mode
	lla a1, \fn
	li a2, 0
	li a3, 0
	call run_in_mode
.endm

/* RESUME_AT label: the next exception returns to label instead of the faulting insn + 4. */
.macro RESUME_AT label
	lla t0, \label
	lla t1, trap_resume
	sd t0, 0(t1)
.endm

/* SV39_RUN_S root, fn: paging on with Sv39 and the page table at root (ASID 0), fn run in
 * S-mode (run_in_mode), paging off again. */
.macro SV39_RUN_S root, fn
	mv a0, \root
	li a1, SATP_SV39
	li a2, 0
	call satp_on
	RUN_IN MODE_S, \fn
	csrw satp, zero
.endm

/* BACK_TO_M: end a function started by run_in_mode (an ecall the M handler recognises). */
.macro BACK_TO_M
	li a7, RET_MAGIC
	ecall
.endm

/* LA_U reg, sym: from code running at its link address, sym's address in the U_ALIAS mapping
 * (code running in the alias gets alias addresses from lla itself: it is pc-relative). */
.macro LA_U reg, sym
	lla \reg, \sym
	li t2, U_ALIAS - 0x80000000
	add \reg, \reg, t2
.endm

/* SET_HOOK which, fn: install fn as m_hook or s_hook (0 removes it). See rt.S. */
.macro SET_HOOK which, fn
	lla t0, \fn
	lla t1, \which
	sd t0, 0(t1)
.endm
.macro CLEAR_HOOK which
	lla t1, \which
	sd zero, 0(t1)
.endm

#endif /* __ASSEMBLER__ */
#endif
