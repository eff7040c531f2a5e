/* Exceptions and their causes, all handled in M-mode (nothing delegated): illegal instructions,
 * ecall from M/S/U, ebreak, misaligned loads/stores (plain ones work, as in QEMU) and LR
 * (load address-misaligned; AMOs are in amo_faults.S), access faults on unassigned physical memory (load, store, fetch). */
#include "lib/rt.h"

	TEST_MAIN

	SAY "illegal: all-zero word, all-ones word, unknown CSR, reserved long encoding"
	.word 0
	.word 0xffffffff
	csrr t0, 0x7ff
	.word 0x0000007f              /* a reserved 64-bit+ length encoding */

	SAY "ecall from M, ebreak"
	li a7, 1
	ecall
	ebreak

	SAY "ecall from S"
	RUN_IN MODE_S, do_ecall
	SAY "ecall from U"
	RUN_IN MODE_U, do_ecall
	PR a0, "U function returned"

	SAY "misaligned plain loads and stores"
	lla s0, buf
	ld t0, 1(s0)
	PR t0, "ld +1"
	lw t0, 3(s0)
	PR t0, "lw +3"
	lh t0, 7(s0)
	PR t0, "lh +7"
	li t1, 0x1122334455667788
	sd t1, 9(s0)
	ld t0, 8(s0)
	PR t0, "after sd +9: ld +8"
	ld t0, 16(s0)
	PR t0, "after sd +9: ld +16"

	addi t1, s0, 4
	lr.d t0, (t1)              /* LR: load address misaligned */
	addi t1, s0, 1
	lr.w t0, (t1)

	SAY "access faults on unassigned memory"
	li s1, 0x200000
	ld t0, 0(s1)
	sw t0, 8(s1)
	li s1, 0x88000000            /* just past 128 MiB of RAM */
	lbu t0, 0(s1)
	sd t0, 0(s1)
	RESUME_AT 1f
	li s1, 0x200000
	jalr s1
1:	RESUME_AT 2f
	li s1, 0x88000000
	jr s1
2:

	lla t0, trap_count
	ld t0, 0(t0)
	PR t0, "traps taken"
	FN_RETURN

do_ecall:
	li a7, 2
	ecall
	li a0, 42
	ret

	.data
	.align 4
buf:
	.dword 0x0706050403020100, 0x0f0e0d0c0b0a0908, 0x1716151413121110, 0x1f1e1d1c1b1a1918
