# Bare-metal, for -smp 4 under gdb (tests/machine/run.sh): hart 0 sets s1 = 0xa0 and counts in
# s2 forever at spin0; hart 1 sets s1 = 0xa1, waits until all 4 harts checked in (count), passes
# hart1_here (where gdb breaks) and spins at spin1; the others wait for interrupts at park. Each
# hart checks in right before its final loop, so at the breakpoint every hart is in it. So each
# hart gdb lists as a thread has its own pc and registers.
.globl _start, spin0, hart1_here, spin1, park
_start:
	csrr t0, mhartid
	lla t1, count
	li t2, 1
	beqz t0, hart0
	beq t0, t2, hart1
	amoadd.w zero, t2, (t1)
park:
	wfi
	j park
hart0:
	li s1, 0xa0
	amoadd.w zero, t2, (t1)
spin0:
	addi s2, s2, 1
	j spin0
hart1:
	li s1, 0xa1
	amoadd.w zero, t2, (t1)
	li t3, 4
1:	lw t2, 0(t1)
	bne t2, t3, 1b
hart1_here:
	nop
spin1:
	j spin1
.data
.balign 4
count:
	.word 0
