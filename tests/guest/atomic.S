/* RV64A: LR/SC success and failure paths (SC without a reservation, SC to another address, SC
 * after a successful SC), lr.w sign extension, every AMO in .w and .d forms with aq/rl variants,
 * signed/unsigned min/max at the sign boundary, AMOs with rd = x0 and rd = rs2. Each AMO line
 * prints the old value returned in rd and the whole memory dword afterwards (for .w the upper
 * half holds a sentinel that must survive). */
#include "lib/macros.h"
	.option norvc

/* AMOD op, init, src: 64-bit AMO on a dword holding init. */
.macro AMOD op, init, src
	lla t0, mem
	li t1, \init
	sd t1, 0(t0)
	li t1, \src
	\op t2, t1, (t0)
	PR t2, "\op \init \src: old"
	ld t2, 0(t0)
	PR t2, "\op \init \src: mem"
.endm
/* AMOW op, init, src: 32-bit AMO on the low word of a dword whose high word is 0x5a5a5a5a. */
.macro AMOW op, init, src
	lla t0, mem
	li t1, 0x5a5a5a5a00000000 | (\init & 0xffffffff)
	sd t1, 0(t0)
	li t1, \src
	\op t2, t1, (t0)
	PR t2, "\op \init \src: old"
	ld t2, 0(t0)
	PR t2, "\op \init \src: mem"
.endm

	.text
	.globl test_main
test_main:
	addi sp, sp, -16
	sd ra, 0(sp)

	/* LR/SC success. */
	lla t0, mem
	li t1, 0x1122334455667788
	sd t1, 0(t0)
	lr.d t2, (t0)
	PR t2, "lr.d"
	li t1, 42
	sc.d t2, t1, (t0)
	PR t2, "sc.d after lr.d (0=success)"
	ld t2, 0(t0)
	PR t2, "mem after sc.d"
	/* SC again: the reservation was consumed by the previous SC. */
	li t1, 99
	sc.d t2, t1, (t0)
	snez t2, t2
	PR t2, "second sc.d fails (1)"
	ld t2, 0(t0)
	PR t2, "mem unchanged"
	/* SC to a different address than the LR. */
	lla t0, mem
	lla t1, mem2
	li t2, 7
	sd t2, 0(t1)
	lr.d t2, (t0)
	li t2, 1234
	sc.d t2, t2, (t1)
	snez t2, t2
	PR t2, "sc.d to other address fails (1)"
	ld t2, 0(t1)
	PR t2, "other address unchanged"
	/* lr.w sign-extends; sc.w stores only 32 bits. */
	lla t0, mem
	li t1, 0x12345678deadbeef
	sd t1, 0(t0)
	lr.w t2, (t0)
	PR t2, "lr.w"
	li t1, -2
	sc.w t2, t1, (t0)
	PR t2, "sc.w (0=success)"
	ld t2, 0(t0)
	PR t2, "mem after sc.w"
	lr.w.aq t2, (t0)
	li t1, 3
	sc.w.rl t2, t1, (t0)
	PR t2, "sc.w.rl after lr.w.aq"
	lr.d.aqrl t2, (t0)
	li t1, 4
	sc.d.aqrl t2, t1, (t0)
	PR t2, "sc.d.aqrl after lr.d.aqrl"
	ld t2, 0(t0)
	PR t2, "mem after aqrl pair"
	/* Fresh sc.w with no LR at all. */
	li t1, 77
	sc.w t2, t1, (t0)
	snez t2, t2
	PR t2, "sc.w without lr fails (1)"
	/* A CAS-style increment loop. */
	lla t0, mem
	sd x0, 0(t0)
	li t1, 100
1:	lr.d t2, (t0)
	addi t2, t2, 3
	sc.d t2, t2, (t0)
	bnez t2, 1b
	addi t1, t1, -1
	bnez t1, 1b
	ld t2, 0(t0)
	PR t2, "lr/sc increment loop"

	AMOD amoswap.d, 0x1111111111111111, -1
	AMOD amoadd.d, 0x7fffffffffffffff, 1
	AMOD amoadd.d, -1, 1
	AMOD amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	AMOD amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	AMOD amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	AMOD amomin.d, -1, 1
	AMOD amomin.d, 1, -1
	AMOD amomin.d, -0x8000000000000000, 0x7fffffffffffffff
	AMOD amomax.d, -1, 1
	AMOD amomax.d, -0x8000000000000000, 0x7fffffffffffffff
	AMOD amominu.d, -1, 1
	AMOD amominu.d, 0x8000000000000000, 0x7fffffffffffffff
	AMOD amomaxu.d, -1, 1
	AMOD amomaxu.d, 0x8000000000000000, 0x7fffffffffffffff
	AMOD amoswap.d.aq, 5, 6
	AMOD amoadd.d.rl, 5, 6
	AMOD amoor.d.aqrl, 5, 6
	AMOD amomaxu.d.aq, 5, 6
	AMOD amomin.d.rl, 5, 6

	AMOW amoswap.w, 0x11111111, -1
	AMOW amoswap.w, 0x81111111, 0x123456789
	AMOW amoadd.w, 0x7fffffff, 1
	AMOW amoadd.w, 0xffffffff, 1
	AMOW amoadd.w, 0x00000001, 0x100000001
	AMOW amoxor.w, 0xff00ff00, 0x0ff00ff0
	AMOW amoand.w, 0xff00ff00, 0x0ff00ff0
	AMOW amoor.w, 0x0f00ff00, 0x8ff00ff0
	AMOW amomin.w, 0xffffffff, 1
	AMOW amomin.w, 1, 0xffffffff
	AMOW amomin.w, 0x80000000, 0x7fffffff
	AMOW amomin.w, 5, 0x100000000
	AMOW amomax.w, 0xffffffff, 1
	AMOW amomax.w, 0x80000000, 0x7fffffff
	AMOW amomax.w, 5, 0xffffffff00000006
	AMOW amominu.w, 0xffffffff, 1
	AMOW amominu.w, 0x80000000, 0x7fffffff
	AMOW amominu.w, 5, 0x100000000
	AMOW amomaxu.w, 0xffffffff, 1
	AMOW amomaxu.w, 0x80000000, 0x7fffffff
	AMOW amomaxu.w, 5, 0xffffffff00000004
	AMOW amoswap.w.aq, 5, 6
	AMOW amoadd.w.rl, 5, 6
	AMOW amoxor.w.aqrl, 5, 6
	AMOW amoand.w.aq, 5, 6
	AMOW amominu.w.rl, 5, 6
	AMOW amomax.w.aqrl, 5, 6

	/* Every AMO x width x ordering suffix on one operand pair with sign-boundary values. */
	.irp op, amoswap, amoadd, amoxor, amoand, amoor, amomin, amomax, amominu, amomaxu
	.irp sfx, , .aq, .rl, .aqrl
	AMOD \op\().d\sfx, 0x80000001fffffffe, 0x7fffffff00000003
	AMOW \op\().w\sfx, 0xfffffffe, 0x7fffffff00000003
	.endr
	.endr

	/* rd = x0 (the memory update still happens) and rd = rs2. */
	lla t0, mem
	li t1, 10
	sd t1, 0(t0)
	li t1, 5
	amoadd.d x0, t1, (t0)
	ld t2, 0(t0)
	PR t2, "amoadd.d rd=x0: mem"
	li t2, 100
	amoadd.d t2, t2, (t0)
	PR t2, "amoadd.d rd=rs2: old"
	ld t2, 0(t0)
	PR t2, "amoadd.d rd=rs2: mem"
	/* Unaligned-in-dword but aligned word: the high word of mem. */
	lla t0, mem
	li t1, 0x8000000100000002
	sd t1, 0(t0)
	addi t0, t0, 4
	li t1, 1
	amoadd.w t2, t1, (t0)
	PR t2, "amoadd.w high word: old"
	ld t2, -4(t0)
	PR t2, "amoadd.w high word: mem"

	fence
	fence rw, rw
	fence r, r
	fence w, w
	fence.tso
	SAY "fences ok"

	ld ra, 0(sp)
	addi sp, sp, 16
	ret

	.data
	.balign 16
mem:	.dword 0
mem2:	.dword 0
