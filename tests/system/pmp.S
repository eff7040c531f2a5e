/* PMP: 16 entries (pmpaddr0-15 writable, pmpcfg0/pmpcfg2 on RV64, odd pmpcfg illegal), TOR, NA4
 * and NAPOT regions checked for S and U accesses (the lowest-numbered matching entry decides,
 * M-mode is not checked unless the entry is locked), and a locked entry: applies to M, its
 * pmpaddr and cfg byte ignore writes. Faults are access faults (1, 5, 7) with tval = address.
 * Entry 15 (NAPOT, everything, RWX) lets all other S/U accesses through. */
#include "lib/rt.h"

#define REGION 0x80210000           /* four 4 KiB pages: TOR / NA4 / NAPOT / locked */


	TEST_MAIN
	SAY "pmpaddr0-15 after writing ones"
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	li t0, -1
	csrw pmpaddr\n, t0
	.endr
	li s0, 0
	li t1, 0x3fffffffffffff     /* bits 55:2 of an address; QEMU 7.2 also keeps bits above */
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	csrr t0, pmpaddr\n
	and t0, t0, t1
	add s0, s0, t0
	.endr
	csrr t0, pmpaddr15
	and t0, t0, t1
	PR t0, "pmpaddr15 (bits 53:0)"
	PR s0, "sum of pmpaddr1-15 (bits 53:0)"
	SAY "pmpcfg1 and pmpcfg3 do not exist on RV64"
	csrr t0, pmpcfg1
	csrr t0, pmpcfg3
	/* entry 15: everything; entries 0..14 off */
	li t0, 0x1f << 56
	csrw pmpcfg2, t0
	csrw pmpcfg0, zero
	csrr t0, pmpcfg2
	PR t0, "pmpcfg2"
	SAY "entry 15 only: S reads and writes the region"
	RUN_IN MODE_S, touch

	/* entry 0 = region start (off), entry 1 = TOR up to +4K, R only */
	li t0, REGION >> 2
	csrw pmpaddr0, t0
	li t0, (REGION + 0x1000) >> 2
	csrw pmpaddr1, t0
	/* entry 2: NA4 on the first word of page 2, no permission */
	li t0, (REGION + 0x1000) >> 2
	csrw pmpaddr2, t0
	/* entry 3: NAPOT 4K on page 3, X only */
	li t0, ((REGION + 0x2000) >> 2) | 0x1ff
	csrw pmpaddr3, t0
	li t0, (0x09 << 8) | (0x10 << 16) | (0x1c << 24)   /* TOR R | NA4 | NAPOT X */
	csrw pmpcfg0, t0
	csrr t0, pmpcfg0
	PR t0, "pmpcfg0"
	SAY "S-mode"
	RUN_IN MODE_S, touch
	SAY "U-mode"
	RUN_IN MODE_U, touch
	SAY "M-mode (not locked: not checked; but an 8-byte access half in the NA4 word fails)"
	RUN_IN MODE_M, touch
	SAY "fetch from the X-only NAPOT page in S"
	lla t0, code_page
	li t1, REGION + 0x2000
	lw t2, 0(t0)
	sw t2, 0(t1)
	lw t2, 4(t0)
	sw t2, 4(t1)
	fence.i
	li a0, MODE_S
	li a1, REGION + 0x2000
	li a2, 0
	li a3, 0
	call run_in_mode
	PR a0, "code in the X-only page returned"
	SAY "lowest-numbered entry wins: entry 4 (NAPOT over pages 1-2, RW) is shadowed"
	li t0, (REGION >> 2) | 0x3ff
	csrw pmpaddr4, t0
	li t0, 0x1b
	csrw pmpcfg1, t0            /* odd pmpcfg: illegal, nothing changes */
	csrr t0, pmpcfg0
	li t1, 0x1b << 32
	or t0, t0, t1
	csrw pmpcfg0, t0
	RUN_IN MODE_S, touch

	SAY "locked entry 5: NAPOT on page 4, R only, applies to M"
	li t0, ((REGION + 0x3000) >> 2) | 0x1ff
	csrw pmpaddr5, t0
	csrr t0, pmpcfg0
	li t1, 0x99 << 40           /* L | NAPOT | R */
	or t0, t0, t1
	csrw pmpcfg0, t0
	csrr t0, pmpcfg0
	PR t0, "pmpcfg0"
	RUN_IN MODE_M, touch
	li t0, -1
	csrw pmpaddr5, t0
	csrr t0, pmpaddr5
	PR t0, "pmpaddr5 after writing ones (locked)"
	csrr t0, pmpcfg0
	li t1, 0xff << 40
	not t1, t1
	and t0, t0, t1
	csrw pmpcfg0, t0
	csrr t0, pmpcfg0
	srli t0, t0, 40
	andi t0, t0, 0xff
	PR t0, "pmp5cfg after clearing it (locked)"
	FN_RETURN

/* touch: read and write the first word of each region page, report the values read. */
touch:
	.irp off, 0, 0x1000, 0x1004, 0x2000, 0x3000
	li s1, REGION + \off
	li t0, 0
	ld t0, 0(s1)
	PR t0, "read +\off"
	sd t0, 0(s1)
	.endr
	ret

code_page:
	li a0, 9
	ret
