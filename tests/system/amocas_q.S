/* amocas.q (Zacas) in the machine: equal compare stores the new pair and returns the old one,
 * unequal leaves memory and returns it; misaligned raises store/AMO address-misaligned (6),
 * unassigned memory store/AMO access fault (7); on a page holding code the next execution
 * sees the new instructions. QEMU 7.2 has no Zacas (amocas.q is illegal there):
 * expected/amocas_q.qemu.out is what it prints, expected/amocas_q.out the spec's answer
 * (amocas_q.spec.sed writes the difference down). */
#include "lib/rt.h"

/* amocas.q rd, rs2, (rs1): rd and rs2 name even/odd register pairs (low word in the even one) */
#define AMOCAS_Q(rd, rs2, rs1) .insn r 0x2f, 4, 0x14, rd, rs1, rs2

	TEST_MAIN
	lla s0, buf
	li a0, 0x1111
	li a1, 0x2222
	li a2, 0x5555
	li a3, 0x6666
	AMOCAS_Q(a0, a2, s0)
	PR a0, "equal: old lo"
	PR a1, "equal: old hi"
	ld t0, 0(s0)
	PR t0, "equal: mem lo"
	ld t0, 8(s0)
	PR t0, "equal: mem hi"
	li a0, 0x1111
	li a1, 0x2222
	li a2, 0x7777
	li a3, 0x8888
	AMOCAS_Q(a0, a2, s0)
	PR a0, "unequal: got lo"
	PR a1, "unequal: got hi"
	ld t0, 0(s0)
	PR t0, "unequal: mem lo"
	SAY "misaligned"
	addi t1, s0, 8
	AMOCAS_Q(a0, a2, t1)
	SAY "unassigned"
	li t1, 0x88000000
	AMOCAS_Q(a0, a2, t1)
	SAY "code page"
	call patchme
	PR a0, "before"
	lla t1, patchme
	ld a0, 0(t1)
	ld a1, 8(t1)
	lla t2, newcode
	ld a2, 0(t2)
	ld a3, 8(t2)
	AMOCAS_Q(a0, a2, t1)
	fence.i
	call patchme
	PR a0, "after"
	FN_RETURN

	.align 4
patchme:
	li a0, 1
	ret
	nop
	nop
	.align 4
newcode:
	li a0, 2
	ret
	nop
	nop

	.data
	.align 4
buf:
	.dword 0x1111, 0x2222
