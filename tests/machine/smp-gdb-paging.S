# Bare-metal, for -smp 2 under gdb (tests/machine/run.sh): hart 1 turns on Sv39 with one
# gigapage, virtual 0xc0000000 -> physical 0x80000000 (this program), enters S-mode there,
# raises a flag through that mapping and spins; hart 0 (M-mode, no paging) waits for the flag
# and passes hart0_here, where gdb breaks. So 0xc0000000 is this code for hart 1 and nothing
# for hart 0: gdb reads memory as the hart it selected sees it.
.globl _start, hart0_here, s_spin
_start:
	csrr t0, mhartid
	lla t1, flag
	bnez t0, hart1
hart0:
1:	lw t2, 0(t1)
	beqz t2, 1b
hart0_here:
	nop
2:	j 2b
hart1:
	li t0, -1                      # PMP: S-mode may use all memory
	csrw pmpaddr0, t0
	li t0, 0x1f
	csrw pmpcfg0, t0
	lla t0, pt                     # root entry 3 (0xc0000000): gigapage at 0x80000000, RWXAD
	li t1, ((0x80000000 >> 12) << 10) | 0xcf
	sd t1, 24(t0)
	srli t0, t0, 12
	li t1, 8 << 60
	or t0, t0, t1
	csrw satp, t0
	sfence.vma
	li t0, 3 << 11                 # mret to S-mode, at s_code's virtual address
	csrc mstatus, t0
	li t0, 1 << 11
	csrs mstatus, t0
	lla t0, s_code
	li t1, 0x40000000
	add t0, t0, t1
	csrw mepc, t0
	mret
s_code:
	lla t1, flag                   # pc-relative: the virtual address
	li t2, 1
	sw t2, 0(t1)
s_spin:
	j s_spin
.data
.balign 4
flag:
	.word 0
.balign 4096
pt:
	.zero 4096
