/* Assembler macros shared by the assembly guest tests (included from *.S, linked with rt.S).
 * Every macro prints one line "<label> = <16 hex digits>" so expected outputs are reviewable
 * against the ISA spec. Invariant: a macro changes only t0-t2 (operands/result) and leaves every
 * other register, including a0/a1/ra, as it found them; sp is used as scratch below its value. */

/* PR reg, "label": print a register's value. */
.macro PR reg, label
	addi sp, sp, -32
	sd a0, 0(sp)
	sd a1, 8(sp)
	sd ra, 16(sp)
	mv a0, \reg
	.pushsection .rodata
.Lpr_s\@: .asciz "\label"
	.popsection
	lla a1, .Lpr_s\@
	call pr_hex
	ld a0, 0(sp)
	ld a1, 8(sp)
	ld ra, 16(sp)
	addi sp, sp, 32
.endm

/* SAY "text": print a text line. */
.macro SAY text
	addi sp, sp, -32
	sd a0, 0(sp)
	sd a1, 8(sp)
	sd ra, 16(sp)
	.pushsection .rodata
.Lsay_s\@: .asciz "\text"
	.popsection
	lla a1, .Lsay_s\@
	call pr_str
	ld a0, 0(sp)
	ld a1, 8(sp)
	ld ra, 16(sp)
	addi sp, sp, 32
.endm

/* RR op, a, b: t2 = op(a, b) with register operands. */
.macro RR op, a, b
	li t0, \a
	li t1, \b
	\op t2, t0, t1
	PR t2, "\op \a \b"
.endm

/* RI op, a, imm: t2 = op(a, imm) with an immediate operand. */
.macro RI op, a, imm
	li t0, \a
	\op t2, t0, \imm
	PR t2, "\op \a \imm"
.endm

/* R1 op, a: one-operand pseudo forms (sext.w, neg, not, seqz ...). */
.macro R1 op, a
	li t0, \a
	\op t2, t0
	PR t2, "\op \a"
.endm

/* BR op, a, b: prints 1 if the branch is taken, 0 otherwise. */
.macro BR op, a, b
	li t0, \a
	li t1, \b
	li t2, 1
	\op t0, t1, .Lbr_t\@
	li t2, 0
.Lbr_t\@:
	PR t2, "\op \a \b"
.endm

/* EXIT code: exit_group(code) without returning. */
.macro EXIT code
	li a0, \code
	li a7, 94
	ecall
.endm
