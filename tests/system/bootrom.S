/* What the machine hands a -bios none kernel: hart 0 starts at the ELF entry in M-mode with
 * a0 = hart id, a1 = the device tree (flattened: big-endian magic 0xd00dfeed, totalsize within
 * RAM), and RAM from 0x80000000 for -m 128M (the last byte is readable, one past it faults). */
#include "lib/rt.h"

	TEST_MAIN
	lla s0, boot_regs
	ld t0, 0(s0)
	PR t0, "a0 (hart id)"
	ld s1, 8(s0)
	lwu t0, 0(s1)               /* FDT header fields are big-endian */
	call bswap32
	PR t0, "fdt magic"
	lwu t0, 4(s1)
	call bswap32
	li t1, 0x10000
	sltu t0, t0, t1
	PR t0, "fdt totalsize < 64 KiB"
	li t1, 0x80000000
	sltu t0, s1, t1
	xori t0, t0, 1
	PR t0, "fdt in RAM"
	li t1, 0x88000000
	sltu t0, s1, t1
	PR t0, "fdt below the end of 128 MiB"
	li t0, 0x87fffff8
	li t1, 0x1234
	sd t1, 0(t0)
	ld t1, 0(t0)
	PR t1, "last RAM dword"
	li t0, 0x88000000
	ld t1, 0(t0)
	FN_RETURN

/* t0 = byte-swapped low 32 bits of t0 (uses t1-t3) */
bswap32:
	li t3, 0
	li t2, 4
1:	slli t3, t3, 8
	andi t1, t0, 0xff
	or t3, t3, t1
	srli t0, t0, 8
	addi t2, t2, -1
	bnez t2, 1b
	mv t0, t3
	ret
