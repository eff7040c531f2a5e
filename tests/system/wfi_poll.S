/* A hart polling memory with WFI while an interrupt is already pending (-smp 2, qelt only):
 * OpenSBI 1.1's hart start. Hart 1 sets its own CLINT msip (MSIE on, mstatus.MIE off: the stale
 * cold-boot IPI of OpenSBI's sbi_hsm_hart_wait) and polls `state` with wfi; hart 0 sets `state`,
 * runs a stretch of straight-line work (no trap, no WFI: OpenSBI between its cmpxchg of the hart
 * state and its store of the start address; cut short once hart 1 has looked), stores `addr`,
 * then writes msip[1] (the IPI). Hart 1 must read the final `addr` once it sees `state`: its WFI
 * returns at once on real hardware, where the stretch takes a few cycles, but a polling WFI must
 * not let it look while hart 0 is halfway (a host thread descheduled there, or here a long
 * stretch): qelt's polling WFI sleeps until the IPI or a safe point of hart 0 (docs/MACHINE.md).
 * QEMU 7.2's WFI returns at once and hart 1 reads the stale `addr` (0): not a spec matter, so
 * the test runs on qelt only. Without the polling WFI hart 1 reads 0 as soon as its thread runs
 * during the stretch. */
#include "lib/rt.h"

#define MSIP1   (CLINT_MSIP + 4)
#define STRETCH 10000000            /* at most this many iterations of hart 0's straight-line work */
#define GOOD    0x80001234

	TEST_MAIN
	lla s0, flag
1:	ld t0, 0(s0)                /* hart 1 polls */
	beqz t0, 1b
	li t0, 1
	sd t0, 8(s0)                /* state: start pending */
	li t1, STRETCH
	li t2, 2
2:	addi t1, t1, -1
	beqz t1, 3f
	ld t0, 0(s0)
	bne t0, t2, 2b              /* until hart 1 has looked */
3:	li t0, GOOD
	sd t0, 16(s0)               /* addr */
	fence w, w
	li t0, MSIP1
	li t1, 1
	sw t1, 0(t0)                /* IPI */
4:	ld t0, 0(s0)                /* hart 1 done */
	li t1, 2
	bne t0, t1, 4b
	ld t0, 24(s0)
	PR t0, "start address hart 1 read"
	FN_RETURN

	.globl secondary_main
secondary_main:
	lla s0, flag
	li t0, 8
	csrs mie, t0                /* MSIE; mstatus.MIE stays 0: wfi returns, no trap */
	li t0, MSIP1
	li t1, 1
	sw t1, 0(t0)                /* the stale IPI */
	wfi                         /* returns at once: MSIP is pending */
	li t0, 1
	sd t0, 0(s0)                /* polling */
1:	wfi
	ld t0, 8(s0)
	beqz t0, 1b
	fence r, r
	ld t0, 16(s0)
	sd t0, 24(s0)
	fence w, w
	li t0, 2
	sd t0, 0(s0)                /* looked */
2:	wfi
	j 2b

	.data
	.align 3
flag: .dword 0, 0, 0, 0             /* hart 1's phase, state, addr, the addr hart 1 read */
