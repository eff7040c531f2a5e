/* The eight virtio-mmio slots (0x10001000 + 0x1000 * k): magic "virt", version 1 (legacy, QEMU's
 * default), device id 0 where nothing is attached; run with -device virtio-rng-device, which
 * QEMU's virt puts in the highest slot (devices fill the slots from the top): device id 4 there,
 * vendor "QEMU". */
#include "lib/rt.h"

	TEST_MAIN
	li s0, 0x10001000
	li s1, 8
1:	PR s0, "slot"
	lwu t0, 0(s0)
	PR t0, "  magic"
	lwu t0, 4(s0)
	PR t0, "  version"
	lwu t0, 8(s0)
	PR t0, "  device id"
	beqz t0, 2f
	lwu t0, 12(s0)
	PR t0, "  vendor id"
2:	li t0, 0x1000
	add s0, s0, t0
	addi s1, s1, -1
	bnez s1, 1b
	FN_RETURN
