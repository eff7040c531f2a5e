# Known memory access pattern for the conformance plugin's memlog mode (function memtest):
# plain loads/stores of each size, compressed forms, an AMO, LR/SC and FP loads/stores.
	.data
	.align 4
buf:	.zero 64
	.text
	.globl _start
_start:
	call memtest
	li a0, 0
	li a7, 93
	ecall

	.globl memtest
	.type memtest, @function
memtest:
	lla s0, buf
	li t1, 0x11223344
	sw t1, 0(s0)          # W 4  +0  0x11223344
	lw t2, 0(s0)          # R 4  +0  sign
	lbu t3, 1(s0)         # R 1  +1  0x33
	lh t4, 2(s0)          # R 2  +2  sign 0x1122
	sd t1, 8(s0)          # W 8  +8  (compressed c.sd)
	ld a1, 8(s0)          # R 8  +8  (compressed c.ld)
	sb t1, 16(s0)         # W 1  +16 0x44
	amoadd.w t5, t1, (s0) # R 4 old 0x11223344, W 4 new 0x22446688
	addi a3, s0, 8
	lr.d a2, (a3)         # R 8  +8
	sc.d a4, t1, (a3)     # R 8 + W 8 (succeeds)
	fld fa0, 8(s0)        # R 8  +8  (compressed c.fld)
	fsd fa0, 24(s0)       # W 8  +24 (compressed c.fsd)
	ret
	.size memtest, .-memtest
