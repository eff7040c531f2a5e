/* Control transfer: all six conditional branches at signed/unsigned boundaries, backward
 * branches (a counted loop), jal/jalr link values, jalr clearing bit 0 of the target, jalr with
 * rd == rs1, and indirect calls through a table. Output 1 = taken, 0 = not taken. */
#include "lib/macros.h"
	.option norvc
	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)

	BR beq, 0, 0
	BR beq, 1, 0
	BR beq, -1, 0xffffffffffffffff
	BR beq, 0x100000000, 0
	BR bne, 0, 0
	BR bne, 0x100000000, 0
	BR blt, -1, 0
	BR blt, 0, -1
	BR blt, 5, 5
	BR blt, -0x8000000000000000, 0x7fffffffffffffff
	BR blt, 0x7fffffffffffffff, -0x8000000000000000
	BR bge, 5, 5
	BR bge, -1, 0
	BR bge, 0, -1
	BR bge, -0x8000000000000000, -0x8000000000000000
	BR bltu, -1, 0
	BR bltu, 0, -1
	BR bltu, 5, 5
	BR bltu, 0x7fffffffffffffff, 0x8000000000000000
	BR bgeu, 5, 5
	BR bgeu, -1, 0
	BR bgeu, 0, -1
	BR bgeu, 0x8000000000000000, 0x7fffffffffffffff
	BR bgt, 1, 0
	BR ble, 1, 0
	BR bgtu, -1, 1
	BR bleu, -1, 1

	/* Branches comparing with x0 and a register with itself. */
	li t0, -5
	li t2, 0
	bltz t0, 1f
	li t2, 1
1:	PR t2, "bltz -5 (0=taken)"
	li t2, 0
	bgez x0, 1f
	li t2, 1
1:	PR t2, "bgez x0 (0=taken)"
	li t2, 0
	bltu t0, t0, 1f
	li t2, 1
1:	PR t2, "bltu t0 t0 (1=not taken)"

	/* Backward branch: sum 1..100. */
	li t0, 100
	li t2, 0
1:	add t2, t2, t0
	addi t0, t0, -1
	bnez t0, 1b
	PR t2, "loop sum 1..100"

	/* jal links pc+4. */
	jal t1, .Ljal_target
.Ljal_ret:
	lla t0, .Ljal_ret
	sub t2, t1, t0
	PR t2, "jal link - expected"
	j .Ljal_done
.Ljal_target:
	jr t1
.Ljal_done:

	/* jalr clears bit 0 of the computed target and links pc+4. */
	lla t0, .Ljalr_target
	addi t0, t0, 1
	jalr t1, 0(t0)
.Ljalr_ret:
	lla t0, .Ljalr_ret
	sub t2, t1, t0
	PR t2, "jalr odd target link - expected"
	j .Ljalr_done
.Ljalr_target:
	SAY "reached jalr odd target"
	jr t1
.Ljalr_done:

	/* jalr with a negative offset and rd == rs1 (old rs1 must be used for the target). */
	lla t1, .Ljalr2_target + 8
	jalr t1, -8(t1)
.Ljalr2_ret:
	lla t0, .Ljalr2_ret
	sub t2, t1, t0
	PR t2, "jalr rd==rs1 link - expected"
	j .Ljalr2_done
.Ljalr2_target:
	SAY "reached jalr rd==rs1 target"
	jr t1
.Ljalr2_done:

	/* jal/jalr with x0 as the link register do not write it. */
	jal x0, 1f
	SAY "jal x0 fell through (wrong)"
1:	PR x0, "x0 after jal x0"

	/* Indirect calls through a table of code addresses. */
	li s1, 0
	lla s2, .Lfn_table
	li s3, 4
1:	ld t0, 0(s2)
	jalr ra, t0
	addi s2, s2, 8
	addi s3, s3, -1
	bnez s3, 1b
	PR s1, "table calls result"

	/* A deep call chain through ra (recursive factorial of 20). */
	li a0, 20
	call fact
	PR a0, "fact(20)"

	ld ra, 0(sp)
	addi sp, sp, 16
	ret

fn_a:	addi s1, s1, 1
	ret
fn_b:	slli s1, s1, 4
	ret
fn_c:	xori s1, s1, 0x55
	ret

fact:
	li t0, 1
	bgt a0, t0, 1f
	li a0, 1
	ret
1:	addi sp, sp, -16
	sd ra, 0(sp)
	sd a0, 8(sp)
	addi a0, a0, -1
	call fact
	ld t0, 8(sp)
	mul a0, a0, t0
	ld ra, 0(sp)
	addi sp, sp, 16
	ret

	.section .rodata
	.balign 8
.Lfn_table:
	.dword fn_a, fn_b, fn_c, fn_a
