/* Two harts (-smp 2): hart 1 starts at the same entry, says it is ready, sleeps in wfi (MSIE on,
 * MIE off: no trap) until hart 0 writes its CLINT msip, clears it, then both harts add 1 to a
 * shared counter 1000 times with amoadd.w (total 2000), and with lr/sc 500 times each (total
 * 3000). Hart 1 reports through memory flags; hart 0 prints. */
#include "lib/rt.h"

#define MSIP1 (CLINT_MSIP + 4)

	TEST_MAIN
	lla s0, flag
	li a0, 1
	call wait_flag
	SAY "hart 1 ready"
	csrr t0, mip
	andi t0, t0, 8
	PR t0, "hart 0 mip.MSIP"
	li t0, MSIP1
	li t1, 1
	sw t1, 0(t0)
	call add_many
	li a0, 2
	call wait_flag
	SAY "hart 1 woke from wfi and finished"
	ld t0, 8(s0)
	PR t0, "hart 1 mhartid"
	ld t0, 16(s0)
	PR t0, "hart 1 mip.MSIP after wake"
	li t0, MSIP1
	lw t0, 0(t0)
	PR t0, "msip[1] (cleared by hart 1)"
	lw t0, 24(s0)
	PR t0, "counter"
	FN_RETURN

/* wait_flag(a0): until flag >= a0, at most 2 s of mtime */
wait_flag:
	li t0, CLINT_MTIME
	ld t1, 0(t0)
	li t2, 20000000
	add t1, t1, t2
1:	ld t2, 0(s0)
	bge t2, a0, 2f
	ld t3, 0(t0)
	bltu t3, t1, 1b
	addi sp, sp, -16
	sd ra, 0(sp)
	SAY "timeout waiting for hart 1"
	li a0, 5
	j exit_fail
2:	ret

/* 1000 amoadd.w and 500 lr/sc increments of counter (flag + 24) */
add_many:
	lla t0, flag
	addi t0, t0, 24
	li t1, 1000
	li t2, 1
1:	amoadd.w zero, t2, (t0)
	addi t1, t1, -1
	bnez t1, 1b
	li t1, 500
2:	lr.w t3, (t0)
	addi t3, t3, 1
	sc.w t4, t3, (t0)
	bnez t4, 2b
	addi t1, t1, -1
	bnez t1, 2b
	ret

	.globl secondary_main
secondary_main:
	lla s0, flag
	sd a0, 8(s0)
	li t0, 8
	csrs mie, t0                /* MSIE; mstatus.MIE stays 0: wfi wakes, no trap */
	li t0, 1
	sd t0, 0(s0)
1:	wfi
	csrr t0, mip
	andi t0, t0, 8
	beqz t0, 1b
	li t1, MSIP1
	sw zero, 0(t1)
2:	csrr t0, mip                /* the clear reaches mip */
	andi t0, t0, 8
	bnez t0, 2b
	sd t0, 16(s0)
	call add_many
	fence
	li t0, 2
	sd t0, 0(s0)
3:	wfi
	j 3b

	.data
	.align 3
flag: .dword 0, 0, 0, 0
