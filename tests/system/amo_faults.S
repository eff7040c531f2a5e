/* AMO faults: a misaligned AMO raises store/AMO address-misaligned (cause 6), an AMO on
 * unassigned memory store/AMO access fault (cause 7), as the privileged spec says for AMOs.
 * QEMU 7.2 reports load causes (4, 5) instead: expected/amo_faults.qemu.out records what it
 * prints, expected/amo_faults.out is the spec's answer that qelt-system-riscv64 must give. */
#include "lib/rt.h"

	TEST_MAIN
	lla s0, buf
	SAY "misaligned AMOs"
	addi t1, s0, 2
	amoadd.w t0, t0, (t1)
	addi t1, s0, 4
	amoswap.d t0, t0, (t1)
	addi t1, s0, 6
	amoor.w t0, t0, (t1)
	SAY "AMOs on unassigned memory"
	li s1, 0x200000
	amoor.d t0, t0, (s1)
	li s1, 0x88000000
	amoadd.w t0, t0, (s1)
	SAY "aligned AMO works"
	li t0, 5
	amoadd.d t1, t0, (s0)
	ld t0, 0(s0)
	PR t1, "old"
	PR t0, "new"
	FN_RETURN

	.data
	.align 4
buf:
	.dword 0x0706050403020100, 0x0f0e0d0c0b0a0908
