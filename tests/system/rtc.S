/* The goldfish RTC at 0x101000: TIME_LOW (+0) then TIME_HIGH (+4) give nanoseconds since the
 * epoch: after 2020-01-01, and not going backwards. Only comparisons are printed. */
#include "lib/rt.h"

#define RTC 0x101000

	TEST_MAIN
	call rtc_read
	mv s0, a0
	li t0, 1577836800000000000
	sltu t1, s0, t0
	xori t1, t1, 1
	PR t1, "after 2020-01-01"
	li a0, 20000                /* 2 ms */
	call mtime_after
	li t0, CLINT_MTIME
1:	ld t1, 0(t0)
	bltu t1, a0, 1b
	call rtc_read
	sltu t1, a0, s0
	xori t1, t1, 1
	PR t1, "not going backwards"
	FN_RETURN

rtc_read:
	li t0, RTC
	lwu a0, 0(t0)
	lwu t1, 4(t0)
	slli t1, t1, 32
	or a0, a0, t1
	ret
