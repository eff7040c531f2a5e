# Bare-metal, any -smp: hart 0 runs Zihintpause's pause 1000 times and ends through the finisher
# with status 0; the other harts sleep in wfi. With more harts than host CPUs every pause gives
# the host CPU away (-d stats counts them per hart); otherwise pause costs nothing.
.globl _start
_start:
	csrr t0, mhartid
	bnez t0, park
	li t1, 1000
1:	.word 0x0100000f            # pause (fence w,0)
	addi t1, t1, -1
	bnez t1, 1b
	li t0, 0x100000
	li t1, 0x5555
	sw t1, 0(t0)
park:
	wfi
	j park
