/* csrrs / csrrc with rs1 != x0 attempt a write even when the register holds 0, so on a
 * read-only CSR they raise illegal instruction (privileged spec, Zicsr). QEMU 7.2 decides by
 * the value instead and lets them through: expected/csr_rs1.spec.sed adds the two traps. */
#include "lib/rt.h"

	TEST_MAIN
	li t1, 0
	SAY "csrrs mhartid, t1 = 0"
	csrrs t0, mhartid, t1
	SAY "csrrc mvendorid, t1 = 0"
	csrrc t0, mvendorid, t1
	lla t0, trap_count
	ld t0, 0(t0)
	PR t0, "traps"
	FN_RETURN
