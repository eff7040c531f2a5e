/* Jump caches across harts (-smp 4): hart 0 rewrites a shared function (lui a0, v; ret)
 * for v = 1..ROUNDS, each time fence.i, then publishes v in `version` (release). Harts 1-3
 * first call it once and say so (hart 0 starts writing when all three have), then loop: read version (acquire), fence.i, call the function through jalr (so its block sits in
 * their jump caches) a few times: each result must be at least v << 12 (code is never
 * older than what the writer published before). A stale jump-cache entry on a reader (another
 * hart's invalidation not reaching it) returns an older value. Readers add their error and
 * call counts with amoadd.w; hart 0 waits for them (at most 10 s of mtime) and prints whether
 * any call was stale and whether there were calls. QEMU 7.2 (MTTCG) runs stale code here
 * (expected/jcinval.qemu.out); qelt must not. */
#include "lib/rt.h"

#define ROUNDS 3000

	TEST_MAIN
	lla s0, shared
	lla s1, fn
4:	lw t0, 16(s0)               /* the readers are calling the function */
	li t1, 3
	blt t0, t1, 4b
	li s2, 1
1:	slli t1, s2, 12             /* lui a0, v */
	li t2, 0x537
	or t1, t1, t2
	sw t1, 0(s1)
	fence.i
	fence rw, w
	sw s2, 12(s0)               /* version = v */
5:	lw t0, 20(s0)               /* until a reader has called version v */
	blt t0, s2, 5b
	addi s2, s2, 1
	li t0, ROUNDS
	ble s2, t0, 1b
	li t0, CLINT_MTIME
	ld t1, 0(t0)
	li t2, 100000000
	add t1, t1, t2
2:	lw t2, 8(s0)
	li t3, 3
	bge t2, t3, 3f
	ld t3, 0(t0)
	bltu t3, t1, 2b
	addi sp, sp, -16
	sd ra, 0(sp)
	SAY "timeout waiting for harts 1-3"
	li a0, 5
	j exit_fail
3:	fence
	lw t0, 0(s0)
	snez t0, t0
	PR t0, "stale calls"
	lw t0, 4(s0)
	snez t0, t0
	PR t0, "calls"
	FN_RETURN

	.globl secondary_main
secondary_main:
	lla s0, shared
	lla s1, fn
	li s3, 0                    /* errors */
	li s4, 0                    /* calls */
	jalr s1
	addi t0, s0, 16
	li t1, 1
	amoadd.w zero, t1, (t0)
1:	lw s2, 12(s0)               /* v = version */
	fence r, rw
	fence.i
	li s5, 4
2:	jalr s1
	addi s4, s4, 1
	slli t2, s2, 12
	slt t1, a0, t2              /* older than v: an error */
	add s3, s3, t1
	addi s5, s5, -1
	bnez s5, 2b
	sw s2, 20(s0)               /* seen = v */
	li t0, ROUNDS
	blt s2, t0, 1b
	amoadd.w zero, s3, (s0)
	addi t0, s0, 4
	amoadd.w zero, s4, (t0)
	fence
	addi t0, s0, 8
	li t1, 1
	amoadd.w zero, t1, (t0)
3:	wfi
	j 3b

	.data
	.align 3
shared: .word 0, 0, 0, 0, 0, 0  /* errors, calls, harts 1-3 done, version, readers started,
                                   the last version a reader called */
	.align 12
fn:
	.word 0x00000537, 0x00008067
