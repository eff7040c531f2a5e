/* Interrupts raised while a hart rewrites mip (-smp 2): hart 0 toggles mip.SSIP with csrs/csrc
 * in a tight loop (M-mode, interrupts off) while hart 1 raises the UART's THR-empty interrupt
 * (IER.ETBEI), which the PLIC turns into mip.SEIP of hart 0 (context 1) from hart 1's thread.
 * After hart 1 says it raised it, hart 0 must see SEIP set: a csrs/csrc that wrote back the whole
 * mip it had read would clear an SEIP that arrived in between (a lost device interrupt: the
 * UART's output stalled and an 8-hart Linux boot hung). Then hart 0 lowers it (IER 0, claim,
 * complete) and starts the next of ROUNDS rounds; hart 1 waits a varying time before each raise
 * so that raises land at every point of the loop. Prints how many raises were lost (0). */
#include "lib/rt.h"

#define PLIC 0x0c000000
#define PLIC_PRIO(n)      (PLIC + 4 * (n))
#define PLIC_ENABLE(ctx)  (PLIC + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESH(ctx)  (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)   (PLIC + 0x200004 + 0x1000 * (ctx))
#define ROUNDS 400

	TEST_MAIN
	li t0, PLIC_PRIO(10)
	li t1, 1
	sw t1, 0(t0)
	li t0, PLIC_ENABLE(1)
	li t1, 1 << 10
	sw t1, 0(t0)
	li t0, PLIC_THRESH(1)
	sw zero, 0(t0)
	lla s0, flag
1:	ld t0, 0(s0)                /* hart 1 ready */
	beqz t0, 1b
	SAY "hart 1 ready"
	li s1, 0                    /* round */
	li s2, 0                    /* raises lost */
	li s3, ROUNDS
	li s4, 2                    /* SSIP */
	li s5, 0x200                /* SEIP */
round:
	addi s1, s1, 1
	fence
	sd s1, 8(s0)                /* go */
1:	csrs mip, s4
	csrc mip, s4
	ld t0, 16(s0)               /* raised == round? */
	bne t0, s1, 1b
	csrr t0, mip
	and t0, t0, s5
	bnez t0, 2f
	addi s2, s2, 1
2:	li t0, UART_BASE            /* lower the line, then claim and complete */
	sb zero, 1(t0)
	li t0, PLIC_CLAIM(1)
	lwu t1, 0(t0)
	sw t1, 0(t0)
3:	csrr t0, mip                /* SEIP gone before the next round */
	and t0, t0, s5
	bnez t0, 3b
	blt s1, s3, round
	li t0, -1
	sd t0, 8(s0)                /* hart 1: stop */
	PR s2, "raises lost"
	FN_RETURN

	.globl secondary_main
secondary_main:
	lla s0, flag
	li s1, 0                    /* last round served */
	li t0, 1
	sd t0, 0(s0)
1:	ld t1, 8(s0)
	bltz t1, 4f
	beq t1, s1, 1b
	mv s1, t1
	andi t2, s1, 63             /* a delay that varies with the round */
	slli t2, t2, 1
2:	addi t2, t2, -1
	bgtz t2, 2b
	li t0, UART_BASE
	li t2, 2                    /* IER.ETBEI: THR empty, so the interrupt is raised now */
	sb t2, 1(t0)
	fence
	sd s1, 16(s0)
	j 1b
4:	wfi
	j 4b

	.data
	.align 3
flag: .dword 0, 0, 0
