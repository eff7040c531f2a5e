# Bare-metal UART echo through the PLIC (run with -bios none -kernel): the UART's receive
# interrupt (source 10) is enabled at priority 1 for context 0 (hart 0, M mode); the hart sleeps
# in wfi with interrupts globally off (wfi still wakes on MEIP), claims, drains the receive
# register, echoes each byte (0x01 as "^A"), completes; 'q' ends the run through the finisher.
.equ UART, 0x10000000
.equ TEST, 0x100000
.equ PLIC, 0xc000000
.globl _start
_start:
	li s0, UART
	li s1, TEST
	li s2, PLIC
	li t0, 1
	sw t0, 4*10(s2)            # priority[10] = 1
	li t0, 1 << 10
	li t1, PLIC + 0x2000
	sw t0, 0(t1)               # context 0 enables source 10
	li s3, PLIC + 0x200000
	sw zero, 0(s3)             # threshold 0
	li t0, 1
	sb t0, 1(s0)               # IER: received data available
	li t0, 1 << 11
	csrs mie, t0               # MEIE
wait:
	wfi
	csrr t0, mip
	li t1, 1 << 11
	and t0, t0, t1
	beqz t0, wait
	lw s4, 4(s3)               # claim
drain:
	lbu t0, 5(s0)
	andi t0, t0, 1
	beqz t0, complete
	lbu a0, 0(s0)
	li t1, 'q'
	beq a0, t1, done
	li t1, 1
	bne a0, t1, echo
	li t1, '^'
	sb t1, 0(s0)
	li a0, 'A'
echo:
	sb a0, 0(s0)
	j drain
complete:
	sw s4, 4(s3)               # complete
	j wait
done:
	li t0, 0x5555
	sw t0, 0(s1)
1:	j 1b
