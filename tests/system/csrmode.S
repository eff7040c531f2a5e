/* CSR access rules: a CSR of a more privileged mode (address bits 9:8) and a write to a
 * read-only CSR (bits 11:10 = 3) raise illegal instruction with tval = the instruction; csrrs /
 * csrrc with rs1 = x0 and csrrsi / csrrci with uimm = 0 do not write, so they may read
 * read-only CSRs (rs1 != x0 holding 0 is csr_rs1.S); a nonexistent CSR is illegal; sstatus/sie/sip are views of mstatus/mie/mip. */
#include "lib/rt.h"

	TEST_MAIN
	SAY "M: read-only CSRs"
	csrr t0, mhartid
	PR t0, "mhartid"
	csrrs t0, mhartid, zero
	csrrsi t0, mhartid, 0
	csrrci t0, mvendorid, 0
	SAY "writes: csrw mhartid, csrw cycle, csrrsi mimpid with uimm 1"
	csrw mhartid, zero
	csrw cycle, zero
	csrrsi t0, mimpid, 1
	SAY "nonexistent CSRs"
	csrr t0, 0x5ff
	csrr t0, 0xbff
	SAY "S-mode"
	RUN_IN MODE_S, s_part
	SAY "U-mode"
	RUN_IN MODE_U, u_part
	SAY "sstatus, sie, sip are views"
	li t0, -1
	csrw mie, t0
	csrw mideleg, t0
	csrr t0, sie
	andi t0, t0, 0x222
	PR t0, "sie with all delegated (S bits)"
	csrw mideleg, zero
	csrr t0, sie
	PR t0, "sie with nothing delegated"
	csrw mie, zero
	li t0, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP | MSTATUS_SIE | MSTATUS_SPIE
	csrs mstatus, t0
	csrr t0, sstatus
	li t1, 0xc6122
	and t0, t0, t1
	PR t0, "sstatus after setting SUM MXR SPP SIE SPIE in mstatus"
	li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
	csrs mstatus, t0
	csrr t0, sstatus
	li t1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
	and t0, t0, t1
	PR t0, "M bits seen in sstatus"
	csrw sstatus, zero
	csrr t0, mstatus
	li t1, 0xc19aa
	and t0, t0, t1
	PR t0, "mstatus after csrw sstatus, 0 (M bits kept)"
	csrci mstatus, MSTATUS_MIE
	FN_RETURN

s_part:
	csrr t0, mstatus
	csrr t0, mhartid
	csrw mscratch, zero
	csrr t0, sstatus
	csrr t0, satp
	csrw sscratch, t0
	csrr t0, sscratch
	ret
u_part:
	csrr t0, sstatus
	csrr t0, sscratch
	csrr t0, mstatus
	csrr t0, satp
	ret
