/* misa and the identity CSRs: MXL = 2 (64-bit) and the base extensions I M A F D C S U
 * (bits shown masked to those letters: QEMU 7.2 also sets H, which qelt does not promise);
 * mhartid = 0 on hart 0. */
#include "lib/rt.h"

#define LETTER(c) (1 << ((c) - 'A'))

	TEST_MAIN
	csrr s0, misa
	srli t0, s0, 62
	PR t0, "misa.MXL"
	li t1, LETTER('I') | LETTER('M') | LETTER('A') | LETTER('F') | LETTER('D') | LETTER('C') | LETTER('S') | LETTER('U')
	and t0, s0, t1
	PR t0, "misa IMAFDCSU bits"
	xor t0, t0, t1
	PR t0, "missing of those"
	csrr t0, mhartid
	PR t0, "mhartid"
	FN_RETURN
