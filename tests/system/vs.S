/* The vector unit and mstatus.VS (run with -cpu rv64,v=true,vlen=128): misa.V; with VS = Off
 * every vector instruction and vector CSR access raises illegal instruction (tval = the
 * instruction), in M and in S; with VS = Initial they work, an instruction writing vector state
 * (vsetvli, a CSR write) makes VS Dirty and sets mstatus.SD, reading vector CSRs or a vector store
 * leaves VS as it is (a load makes it Dirty); vl, vtype and vlenb are read-only; sstatus shows VS, and S-mode may turn it off. */
#include "lib/rt.h"

#define MSTATUS_VS 0x600
	.option arch, +v

.macro V_INSNS
	csrr t0, vl
	csrr t0, vtype
	csrr t0, vlenb
	csrr t0, vstart
	csrwi vxrm, 1
	csrr t0, vcsr
	vsetvli t0, zero, e32, m1, ta, ma
.endm
.macro SHOW_VS label
	csrr t0, mstatus
	srli t1, t0, 63
	srli t0, t0, 9
	andi t0, t0, 3
	slli t1, t1, 4
	or t0, t0, t1
	PR t0, "\label (SD << 4 | VS)"
.endm

	TEST_MAIN
	csrr t0, misa
	srli t0, t0, 21
	andi t0, t0, 1
	PR t0, "misa.V"
	SHOW_VS "at reset"
	li t0, MSTATUS_VS
	csrc mstatus, t0
	SAY "VS=Off in M"
	V_INSNS
	SAY "VS=Off in S"
	RUN_IN MODE_S, s_v
	SAY "VS=Initial"
	li t0, 1 << 9
	csrs mstatus, t0
	SHOW_VS "before"
	csrr t0, vlenb
	PR t0, "vlenb"
	csrr t0, vtype
	PR t0, "vtype at reset"
	SHOW_VS "after reads"
	vsetvli t0, zero, e32, m1, ta, ma
	PR t0, "vsetvli e32,m1 vl"
	SHOW_VS "after vsetvli"
	csrr t0, vtype
	PR t0, "vtype"
	SAY "writes to vl, vtype, vlenb"
	csrw vl, zero
	csrw vtype, zero
	csrs vlenb, t0
	li t0, 0xfff
	csrw vstart, t0
	csrr t0, vstart
	PR t0, "vstart after writing 0xfff"
	csrwi vstart, 0
	li t0, 0xff
	csrw vcsr, t0
	csrr t0, vcsr
	PR t0, "vcsr after writing 0xff"
	csrr t0, vxrm
	PR t0, "vxrm"
	csrr t0, vxsat
	PR t0, "vxsat"
	SAY "Clean: reading vector CSRs keeps it"
	li t0, MSTATUS_VS
	csrc mstatus, t0
	li t0, 2 << 9
	csrs mstatus, t0
	csrr t0, vl
	csrr t0, vcsr
	SHOW_VS "after csrr vl, vcsr"
	addi sp, sp, -16
	vse32.v v0, (sp)
	SHOW_VS "after vse32.v"
	vle32.v v1, (sp)
	addi sp, sp, 16
	SHOW_VS "after vle32.v"
	RUN_IN MODE_S, s_v_on
	SHOW_VS "after S"
	FN_RETURN

s_v:
	V_INSNS
	ret
s_v_on:
	csrr t0, sstatus
	srli t0, t0, 9
	andi t0, t0, 3
	PR t0, "sstatus.VS in S"
	vsetivli t0, 3, e8, m1, ta, ma
	PR t0, "vsetivli 3 in S"
	li t0, MSTATUS_VS
	csrc sstatus, t0
	SAY "S turned VS off"
	csrr t0, vl
	ret
