# Vector memory accesses as plugins see them (run with -cpu rv64,v=true,vlen=128): one event
# per element (and per field of a segment), in element order, with the element's size; masked-
# off and tail elements make none; no element load counts as sign-extended (as qemu-riscv64
# 7.2 reports them). Function memtest is what the conformance plugin logs; qemu-compat.sh
# compares every vector access with qemu-riscv64's through q72-vmemlog.c.
	.option arch, +v
	.option norelax
	.data
	.align 4
buf:	.byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
	.byte 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32
	.zero 64
idx:	.byte 3, 0, 7, 1
msk:	.byte 5
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
	vsetivli t0, 4, e8, m1, ta, ma
	vle8.v v1, (s0)            # R 1 x4  +0..+3
	addi t1, s0, 32
	vse8.v v1, (t1)            # W 1 x4  +32..+35
	vsetivli t0, 3, e16, m1, ta, ma
	vle16.v v2, (s0)           # R 2 x3  +0,+2,+4
	vsetivli t0, 2, e32, m1, ta, ma
	li t2, 8
	vlse32.v v3, (s0), t2      # R 4 x2  +0,+8
	vsetivli t0, 2, e64, m1, ta, ma
	vse64.v v3, (t1)           # W 8 x2  +32,+40
	vsetivli t0, 4, e8, m1, ta, ma
	lla t3, idx
	vle8.v v4, (t3)            # R 1 x4  idx
	vluxei8.v v5, (s0), v4     # R 1 x4  +3,+0,+7,+1
	lla t4, msk
	vlm.v v0, (t4)             # R 1 x1  mask 0101
	vle8.v v6, (s0), v0.t      # R 1 x2  +0,+2
	vsetivli t0, 2, e16, m1, ta, ma
	vlseg2e16.v v8, (s0)       # R 2 x4  +0,+2,+4,+6
	vl1re32.v v10, (s0)        # R 4 x4  whole register
	vs1r.v v10, (t1)           # W 1 x16 (vs1r stores bytes)
	vlm.v v11, (s0)            # R 1 x1  (vl=2 -> 1 byte)
	j 1f
1:	vle16.v v12, (s0)          # R 2 x2  the first vector instruction of its block (user mode
	ret                        #         checks the vector unit's state before it)
	.size memtest, .-memtest
