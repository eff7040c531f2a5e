/* Page permissions (Sv39) and their faults with cause and tval: U pages from S (SUM), fetch of a
 * U page from S (never allowed), execute-only pages (MXR), read-only, write-only (reserved), and
 * S pages from U. Pages:
 *   0xc0001000 U RW   0xc0002000 S RW   0xc0003000 S X   0xc0004000 S R   0xc0005000 S W
 *   0xc0006000 U X (holds code) */
#include "lib/rt.h"

.macro MAP va, pa, flags
	mv a0, s0
	li a1, \va
	li a2, \pa
	li a3, 0
	li a4, \flags | PTE_V | PTE_A | PTE_D
	call pt_map
.endm
.macro TRY_LOAD va, label
	li t0, \va
	li t1, 0
	ld t1, 0(t0)
	PR t1, "\label"
.endm

	TEST_MAIN
	li t0, 0x80201000
	li t1, 0x1111
	sd t1, 0(t0)
	li t0, 0x80202000
	li t1, 0x2222
	sd t1, 0(t0)
	li t0, 0x80203000
	li t1, 0x3333
	sd t1, 0(t0)
	li t0, 0x80204000
	li t1, 0x4444
	sd t1, 0(t0)
	li t0, 0x80205000
	li t1, 0x5555
	sd t1, 0(t0)
	li a5, 3
	call pt_new
	mv s0, a0
	MAP 0xc0001000, 0x80201000, PTE_U | PTE_R | PTE_W
	MAP 0xc0002000, 0x80202000, PTE_R | PTE_W
	MAP 0xc0003000, 0x80203000, PTE_X
	MAP 0xc0004000, 0x80204000, PTE_R
	MAP 0xc0005000, 0x80205000, PTE_W
	mv a0, s0
	li a1, 0xc0006000
	lla a2, code_page
	li a3, 0
	li a4, PTE_V | PTE_A | PTE_U | PTE_X
	call pt_map
	mv a0, s0
	li a1, SATP_SV39
	li a2, 0
	call satp_on
	SAY "S-mode"
	RUN_IN MODE_S, s_part
	SAY "U-mode"
	LA_U a1, u_part
	li a0, MODE_U
	li a2, 0
	li a3, 0
	call run_in_mode
	lla s1, u_results
	ld t0, 0(s1)
	PR t0, "U page from U"
	ld t0, 8(s1)
	PR t0, "U code page returned"
	ld t0, 16(s1)
	PR t0, "S page from U (0: faulted)"
	ld t0, 24(s1)
	PR t0, "X-only S page from U (0: faulted)"
	csrw satp, zero
	FN_RETURN

s_part:
	FN_ENTER
	li t0, MSTATUS_SUM | MSTATUS_MXR
	csrc sstatus, t0
	TRY_LOAD 0xc0001000, "U page, SUM=0"
	li t0, 0xc0001000
	sd t0, 8(t0)
	li t0, MSTATUS_SUM
	csrs sstatus, t0
	TRY_LOAD 0xc0001000, "U page, SUM=1"
	li t0, 0xc0001000
	li t1, 0x1234
	sd t1, 8(t0)
	TRY_LOAD 0xc0001008, "U page after store, SUM=1"
	SAY "fetch from a U page in S, SUM=1"
	RESUME_AT 1f
	li t0, 0xc0006000
	jalr t0
1:	TRY_LOAD 0xc0002000, "S page"
	TRY_LOAD 0xc0003000, "X-only page, MXR=0"
	li t0, MSTATUS_MXR
	csrs sstatus, t0
	TRY_LOAD 0xc0003000, "X-only page, MXR=1"
	TRY_LOAD 0xc0004000, "R-only page"
	li t0, 0xc0004000
	sd t0, 0(t0)
	TRY_LOAD 0xc0005000, "W-only page (reserved)"
	li t0, 0xc0005000
	sd t0, 0(t0)
	SAY "fetch from a non-X page"
	RESUME_AT 2f
	li t0, 0xc0002000
	jalr t0
2:	li t0, MSTATUS_SUM | MSTATUS_MXR
	csrc sstatus, t0
	FN_RETURN

/* U code cannot print (the runtime and the UART are supervisor pages): it stores what it read
 * in u_results (through U_ALIAS), M prints them afterwards. */
.macro U_LOAD va, slot
	li t0, \va
	li t1, 0
	ld t1, 0(t0)
	sd t1, \slot * 8(s1)
.endm
u_part:
	lla s1, u_results           /* pc-relative: already the alias address */
	U_LOAD 0xc0001000, 0
	li t0, 0xc0006000
	jalr t0
	sd a0, 8(s1)
	U_LOAD 0xc0002000, 2
	li t0, 0xc0002000
	sd t0, 0(t0)
	U_LOAD 0xc0003000, 3
	BACK_TO_M

	.data
	.align 3
u_results: .dword 0, 0, 0, 0

	.section .text.page, "ax"
	.align 12
code_page:
	li a0, 6
	ret
