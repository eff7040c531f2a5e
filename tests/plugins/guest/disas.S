/*
 * Instruction forms for the disassembly comparison with qemu-riscv64 7.2
 * (tests/plugins/qemu-disas.sh): pseudo-instruction edge cases (zero registers, zero and
 * minus-one immediates, all branch spellings), CSR pseudo-instructions, fence sets, rounding
 * modes, HINTs, compressed forms. Section 1 (no arguments) runs everything harmless: taken
 * branches go to the next instruction, jumps land where they started. With N arguments the
 * program runs the N-th section, which ends in one instruction that traps in user mode (the
 * translator still shows it to plugins); the section list is at the end.
 */
	.text
	.globl _start
_start:
	ld t0, 0(sp)               /* argc */
	li t1, 2
	beq t0, t1, sec2
	li t1, 3
	beq t0, t1, sec3
	li t1, 4
	beq t0, t1, sec4
	li t1, 5
	beq t0, t1, sec5
	li t1, 6
	beq t0, t1, sec6
	li t1, 7
	beq t0, t1, sec7
	li t1, 8
	beq t0, t1, sec8
	.option push
	.option norvc
	/* integer pseudos */
	addi a0, zero, 5
	addi zero, zero, 1
	addi zero, a0, 0
	addi a1, a0, 0
	addi a1, zero, -2048
	addi a1, a1, 2047
	sltiu a2, a1, 1
	sltiu a2, a1, 2
	xori a2, a1, -1
	sub a2, zero, a1
	sub a2, a1, zero
	slt a2, zero, zero
	slt a2, a1, zero
	slt a2, zero, a1
	sltu a2, zero, a1
	sltu a2, a1, zero
	addiw a2, a1, 0
	addiw a2, zero, 7
	subw a2, zero, a1
	subw a2, a1, zero
	slli a3, a1, 63
	srai a3, a1, 63
	srli a3, a1, 1
	slliw a3, a1, 31
	sraiw a3, a1, 31
	lui a4, 0xfffff
	lui a4, 0x80000
	lui a4, 1
	auipc a4, 0xfffff
	auipc a4, 0
	/* branches to the next instruction, every spelling */
	beq a0, zero, 1f
1:	beq zero, a0, 1f
1:	beq zero, zero, 1f
1:	bne a0, zero, 1f
1:	bne zero, a0, 1f
1:	blt a0, zero, 1f
1:	blt zero, a0, 1f
1:	blt zero, zero, 1f
1:	blt a0, a1, 1f
1:	bge a0, zero, 1f
1:	bge zero, a0, 1f
1:	bge zero, zero, 1f
1:	bge a0, a1, 1f
1:	bltu a0, zero, 1f
1:	bltu zero, a0, 1f
1:	bltu a0, a1, 1f
1:	bgeu a0, zero, 1f
1:	bgeu zero, a0, 1f
1:	bgeu a0, a1, 1f
1:	jal a0, 1f
1:	jal zero, 1f
1:	lla a5, 1f
	jalr a0, 0(a5)
1:	lla a5, 1f
	jalr zero, 0(a5)
1:	lla a5, 1f - 4
	jalr zero, 4(a5)
1:	lla a5, 1f + 8
	jalr a1, -8(a5)
1:	lla ra, 1f
	ret
1:	lla ra, 1f - 8
	jalr zero, 8(ra)
1:	lla t0, 1f
	jalr ra, 0(t0)
1:	/* CSRs */
	csrr a0, fflags
	csrr a0, frm
	csrr a0, fcsr
	csrw fcsr, a0
	csrrw a1, fcsr, a0
	csrrw a1, frm, a0
	csrrw a1, fflags, a0
	csrrs a1, fflags, a0
	csrrc a1, fflags, a0
	csrrc a1, fflags, zero
	csrrwi a1, frm, 1
	csrrwi zero, fflags, 0
	csrrwi a1, fcsr, 3
	csrrsi a1, fflags, 1
	csrrci a1, fflags, 1
	csrrsi a1, frm, 0
	csrrwi a1, frm, 0
	rdcycle a0
	rdtime a0
	rdinstret a0
	/* fences */
	fence
	fence rw, rw
	fence r, r
	fence w, w
	fence i, o
	.word 0x0100000f            /* fence w,0 (pause) */
	.word 0x0000000f            /* fence 0,0 */
	.word 0x8330000f            /* fence.tso */
	fence.i
	/* floating point */
	fmv.d.x fa1, a0
	fmv.d.x fa2, a1
	fmv.w.x fa3, a0
	fsgnj.d fa0, fa1, fa1
	fsgnjn.d fa0, fa1, fa1
	fsgnjx.d fa0, fa1, fa1
	fsgnj.s fa0, fa3, fa3
	fsgnjn.s fa0, fa3, fa3
	fsgnjx.s fa0, fa3, fa3
	fsgnj.d fa0, fa1, fa2
	fadd.d fa0, fa1, fa2, rne
	fadd.d fa0, fa1, fa2, rtz
	fadd.d fa0, fa1, fa2, rdn
	fadd.d fa0, fa1, fa2, rup
	fadd.d fa0, fa1, fa2, rmm
	fadd.d fa0, fa1, fa2
	fmadd.d fa0, fa1, fa2, fa3, rtz
	fnmsub.s fa0, fa1, fa2, fa3
	fsqrt.d fa0, fa1, rup
	fcvt.w.d a0, fa1, rtz
	fcvt.d.w fa0, a0
	fcvt.d.s fa0, fa3
	fcvt.s.d fa0, fa1, rdn
	fcvt.lu.s a0, fa3
	fmin.d fa0, fa1, fa2
	fmax.s fa0, fa3, fa3
	feq.d a0, fa1, fa2
	fclass.s a0, fa3
	fmv.x.w a0, fa3
	fmv.x.d a0, fa1
	addi sp, sp, -32
	fsd fa1, 8(sp)
	fld fa0, 8(sp)
	fsw fa3, -4(sp)
	flw fa0, -4(sp)
	sd a0, -8(sp)
	ld a0, -8(sp)
	lw a0, -8(sp)
	lwu a0, -8(sp)
	lh a0, -2(sp)
	lhu a0, -2(sp)
	lb a0, -1(sp)
	lbu a0, -1(sp)
	sh a0, -2(sp)
	sb a0, -1(sp)
	sw a0, -4(sp)
	lr.d a0, (sp)
	sc.d a1, a0, (sp)
	amoadd.w.aqrl a0, a1, (sp)
	amoswap.d zero, a1, (sp)
	addi sp, sp, 32
	.option pop
	/* compressed, HINTs included */
	c.nop
	.2byte 0x0005                /* c.addi zero, 1 (HINT) */
	.2byte 0x4005                /* c.li zero, 1 (HINT) */
	.2byte 0x4501                /* c.li a0, 0 */
	.2byte 0x802a                /* c.mv zero, a0 (HINT) */
	.2byte 0x0502                /* c.slli a0, 0 (HINT) */
	.2byte 0x8101                /* c.srli s0, 0 (HINT) */
	.2byte 0x9002 + (10 << 2)    /* c.add zero, a0 (HINT) */
	c.li a0, -32
	c.lui a0, 0xfffe0
	c.lui a0, 1
	c.addi16sp sp, -64
	c.addi16sp sp, 64
	c.addi4spn a0, sp, 8
	c.addi a0, -1
	c.addiw a0, 0
	c.addiw a0, 1
	c.andi a0, -1
	c.srai a0, 63
	c.srli a0, 1
	c.slli a0, 63
	c.mv a1, a0
	c.add a1, a0
	c.sub a1, a0
	c.xor a1, a0
	c.or a1, a0
	c.and a1, a0
	c.subw a1, a0
	c.addw a1, a0
	addi sp, sp, -32
	c.sdsp a0, 8(sp)
	c.ldsp a0, 8(sp)
	c.swsp a0, 4(sp)
	c.lwsp a0, 4(sp)
	c.fsdsp fa0, 16(sp)
	c.fldsp fa0, 16(sp)
	mv a2, sp
	c.sd a0, 8(a2)
	c.ld a0, 8(a2)
	c.sw a0, 4(a2)
	c.lw a0, 4(a2)
	c.fsd fa0, 16(a2)
	c.fld fa0, 16(a2)
	addi sp, sp, 32
	c.beqz a0, 1f
1:	c.bnez a0, 1f
1:	c.j 1f
1:	lla a5, 1f
	c.jr a5
1:	lla a5, 1f
	c.jalr a5
1:	li a0, 0
	li a7, 93
	ecall
	/* the sections that end in a user-mode trap */
sec2:	csrr a0, 0x7c0               /* an unnamed CSR */
sec3:	.word 0x0220d053             /* fadd.d with rounding mode 5 */
sec4:	.word 0x0220e053             /* fadd.d with rounding mode 6 */
sec5:	ebreak
sec6:	c.ebreak
sec7:	csrr a0, sstatus             /* a supervisor CSR */
sec8:	.word 0x10500073             /* wfi */
