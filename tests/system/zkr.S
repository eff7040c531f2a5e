/* Zkr in the machine: seed (0x015) read through a write form in M-mode gives status ES16
 * (bits 31:30 = 2, zero-extended, bits 29:16 zero); the read-only form (csrr) is illegal;
 * below M-mode seed is illegal unless mseccfg (0x747) has SSEED (bit 9, S-mode) or USEED
 * (bit 8, U-mode). mseccfg holds only those two bits. Prints status bits, never the entropy. */
#include "lib/rt.h"

#define SEED 0x015
#define MSECCFG 0x747

	TEST_MAIN
	SAY "M: csrrw seed"
	csrrw t0, SEED, zero
	srli t1, t0, 30
	PR t1, "status"
	li t2, 0x3fff0000
	and t1, t0, t2
	PR t1, "reserved bits"
	SAY "M: csrrs seed with x0 (read-only form)"
	csrrs t0, SEED, zero
	SAY "mseccfg: write all ones"
	li t0, -1
	csrw MSECCFG, t0
	csrr t0, MSECCFG
	PR t0, "mseccfg"
	csrw MSECCFG, zero
	SAY "S without SSEED"
	RUN_IN MODE_S, seed_part
	SAY "U without USEED"
	RUN_IN MODE_U, seed_part
	li t0, 0x300
	csrw MSECCFG, t0
	SAY "S with SSEED"
	RUN_IN MODE_S, seed_part
	SAY "U with USEED"
	RUN_IN MODE_U, seed_part
	FN_RETURN

seed_part:
	li t0, 0                /* a trapped read leaves status 0 */
	csrrw t0, SEED, zero
	srli t0, t0, 30
	PR t0, "status"
	ret
