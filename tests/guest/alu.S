/* RV64I integer ALU edge cases: register/immediate forms, shifts at 0/31/32/63, W-op sign
 * extension, slt/sltu signed-unsigned edges, x0 as destination, lui/auipc with negative
 * immediates. Expected values follow the RISC-V unprivileged spec (chapter RV32I/RV64I). */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)

	RR add, 0x7fffffffffffffff, 1
	RR add, -1, 1
	RR sub, 0, 1
	RR sub, -0x8000000000000000, 1
	RR and, 0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0
	RR or, 0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0
	RR xor, 0xf0f0f0f0f0f0f0f0, 0x0ff00ff00ff00ff0
	RR slt, -1, 0
	RR slt, 0, -1
	RR slt, -0x8000000000000000, 0x7fffffffffffffff
	RR slt, 5, 5
	RR sltu, -1, 0
	RR sltu, 0, -1
	RR sltu, 0, 0
	RR sltu, 1, 2

	/* Shifts: the amount is rs2 mod 64 (mod 32 for W forms). */
	RR sll, 0x8000000000000001, 0
	RR sll, 1, 31
	RR sll, 1, 32
	RR sll, 1, 63
	RR sll, 3, 64
	RR sll, 3, 65
	RR sll, 3, -1
	RR srl, -1, 0
	RR srl, -1, 31
	RR srl, -1, 32
	RR srl, -1, 63
	RR srl, 0x8000000000000000, 127
	RR sra, -0x8000000000000000, 0
	RR sra, -0x8000000000000000, 31
	RR sra, -0x8000000000000000, 32
	RR sra, -0x8000000000000000, 63
	RR sra, 0x4000000000000000, 62
	RI slli, 0x12345678, 0
	RI slli, 0x12345678, 31
	RI slli, 0x12345678, 32
	RI slli, 0x12345678, 63
	RI srli, -2, 0
	RI srli, -2, 31
	RI srli, -2, 32
	RI srli, -2, 63
	RI srai, -2, 0
	RI srai, 0x8000000000000000, 31
	RI srai, 0x8000000000000000, 32
	RI srai, 0x8000000000000000, 63
	RI srai, 0x7fffffffffffffff, 63

	/* W forms: operate on the low 32 bits, sign-extend the 32-bit result. */
	RR addw, 0x7fffffff, 1
	RR addw, 0xffffffff, 1
	RR addw, 0x123456780000000f, 0x1
	RR subw, 0, 1
	RR subw, -0x80000000, 1
	RR subw, 0x100000000, 0
	RR sllw, 1, 31
	RR sllw, 1, 32
	RR sllw, 1, 0
	RR sllw, 0xffffffff00000001, 63
	RR srlw, 0x80000000, 0
	RR srlw, 0x80000000, 31
	RR srlw, 0xffffffff80000000, 1
	RR srlw, -1, 32
	RR sraw, 0x80000000, 0
	RR sraw, 0x80000000, 31
	RR sraw, 0x80000000, 1
	RR sraw, 0x7fffffff, 30
	RR sraw, 0x0000000180000000, 4
	RI addiw, 0x7fffffff, 1
	RI addiw, 0xffffffff, 0
	RI addiw, 0x1234567880000000, -1
	RI addiw, 0, -2048
	RI slliw, 1, 31
	RI slliw, 0xffffffff, 0
	RI slliw, 3, 30
	RI srliw, 0x80000000, 0
	RI srliw, 0x80000000, 31
	RI srliw, -1, 1
	RI sraiw, 0x80000000, 0
	RI sraiw, 0x80000000, 31
	RI sraiw, 0x7fffffff, 31
	RI sraiw, 0xffffffff00000010, 4
	R1 sext.w, 0x80000000
	R1 sext.w, 0x17fffffff

	/* Immediate forms: imm is a sign-extended 12-bit value. */
	RI addi, 0, -2048
	RI addi, 0, 2047
	RI addi, 0x7fffffffffffffff, 1
	RI andi, -1, -2048
	RI andi, 0x12345, 0x7ff
	RI ori, 0, -1
	RI ori, 0x1000, 0x123
	RI xori, 0x5555, -1
	RI slti, -1, 0
	RI slti, 0, -1
	RI slti, -2048, -2047
	RI sltiu, 0, -1
	RI sltiu, -1, -1
	RI sltiu, -2, -1
	RI sltiu, 0, 1
	R1 seqz, 0
	R1 seqz, 5
	R1 snez, 0
	R1 snez, -5
	R1 neg, 1
	R1 neg, -0x8000000000000000
	R1 not, 0
	R1 negw, 0x80000000
	R1 sltz, -3
	R1 sgtz, -3
	R1 sgtz, 3

	/* lui: 20-bit immediate << 12, sign-extended from bit 31. */
	lui t2, 0x80000
	PR t2, "lui 0x80000"
	lui t2, 0xfffff
	PR t2, "lui 0xfffff"
	lui t2, 0x7ffff
	PR t2, "lui 0x7ffff"
	lui t2, 0
	PR t2, "lui 0"
	li t2, 0x12345678abcdef01
	PR t2, "li 64-bit"
	/* auipc: pc + sign-extended imm; print the distance from the instruction. */
.Lauipc1:
	auipc t2, 0xfffff
	lla t0, .Lauipc1
	sub t2, t2, t0
	PR t2, "auipc 0xfffff - pc"
.Lauipc2:
	auipc t2, 0x80000
	lla t0, .Lauipc2
	sub t2, t2, t0
	PR t2, "auipc 0x80000 - pc"
.Lauipc3:
	auipc t2, 1
	lla t0, .Lauipc3
	sub t2, t2, t0
	PR t2, "auipc 1 - pc"

	/* x0 as destination: writes are discarded, reads give 0. */
	li t0, 123
	add x0, t0, t0
	PR x0, "add x0"
	addi x0, x0, 5
	PR x0, "addi x0"
	lui x0, 0x12345
	PR x0, "lui x0"
	auipc x0, 1
	PR x0, "auipc x0"
	addw x0, t0, t0
	PR x0, "addw x0"
	mv t2, x0
	PR t2, "mv from x0"
	/* Source and destination the same register. */
	li t2, 7
	add t2, t2, t2
	PR t2, "add t2 t2 t2"
	li t2, -1
	srli t2, t2, 1
	sub t2, x0, t2
	PR t2, "sub x0 - t2"

	ld ra, 0(sp)
	addi sp, sp, 16
	ret
