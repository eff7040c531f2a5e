/* Runtime of the bare-metal system tests, linked into every test (see rt.h, link.ld).
 *
 * Flow: _start (hart 0; other harts run the test's secondary_main if it has one, else park in
 * wfi) records the boot ROM's a0-a2 in boot_regs, zeroes bss, sets the stacks, mtvec/stvec to the
 * runtime's trap handlers, one PMP entry allowing everything (so S/U code can run, as firmware
 * would set it), calls the test's test_main, and ends the run through the SiFive finisher:
 * "PASS" line + 0x5555 when test_main returns, (code << 16) | 0x3333 via exit_fail.
 *
 * Trap handlers (M: m_trap_entry, S: s_trap_entry, both direct mode) save every register in a
 * frame on their own stack (mscratch/sscratch hold the stack top while not in a handler), print
 *   "M-trap cause=0xC tval=0xT epc=0xE from=P"   for an exception
 *   "M-irq cause=0xC from=P"                      for an interrupt (no epc: it is not deterministic)
 * ("S-..." for the S handler; P = U, S or M, the mode the trap came from), then:
 *   - call the hook (m_hook / s_hook) when set: a0 = cause, a1 = frame; a0 != 0 back = handled,
 *     the default action below is skipped (the hook set epc itself);
 *   - exception: return to trap_resume when set (then cleared), else to the faulting insn + 4
 *     (tests are built without the C extension, every instruction is 4 bytes);
 *   - interrupt without a hook: clear its enable bit in mie/sie so it cannot fire again.
 * irq_quiet != 0 suppresses the interrupt lines (for tests whose interrupts come at random
 * times). An ecall with a7 == RET_MAGIC ends the function run_in_mode started (the S handler passes one
 * from U on to M). Too many traps or a trap inside a handler end the run as a failure.
 * Invariants: runtime calls change only t0-t6 and a0-a7; the handlers change no register of the
 * interrupted code except through the hook. */
#include "rt.h"

/* The entry is one jump, and the start-up code lives in .text after the test's own code
 * (link order: test, runtime), so a test's addresses do not move when the runtime changes. */
	.section .text.start, "ax"
	.globl _start
_start:
	j start

	.text
start:
	csrr t0, mhartid
	bnez t0, secondary
	lla t0, __bss_start
	lla t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	lla t0, boot_regs           /* what the boot ROM passed: a0 hart id, a1 dtb, a2 fw info */
	sd a0, 0(t0)
	sd a1, 8(t0)
	sd a2, 16(t0)
	lla sp, __stack_top
	lla t0, m_trap_entry
	csrw mtvec, t0
	lla t0, __mtrap_stack_top
	csrw mscratch, t0
	lla t0, s_trap_entry
	csrw stvec, t0
	lla t0, __strap_stack_top
	csrw sscratch, t0
	li t0, -1
	csrw pmpaddr0, t0
	li t0, 0x1f                 /* NAPOT, RWX, covering everything */
	csrw pmpcfg0, t0
	call test_main
	SAY "PASS"
	li a0, 0
	j exit
/* Other harts: run the test's secondary_main (a0 = hart id, own 4 KiB stack, no trap handler:
 * it must not trap) when the test defines one, else wait in wfi forever. */
	.weak secondary_main
secondary:
	lla t1, secondary_main
	beqz t1, park
	lla sp, __secondary_stacks
	addi t2, t0, 1
	slli t2, t2, 12
	add sp, sp, t2
	mv a0, t0
	jalr t1
park:
	wfi
	j park

/* exit(a0 = code): 0 -> finisher pass, else finisher fail with status code. */
	.globl exit, exit_fail
exit_fail:
exit:
	li t0, FINISHER
	beqz a0, 1f
	slli a0, a0, 16
	li t1, 0x3333
	or a0, a0, t1
	sw a0, 0(t0)
	j 2f
1:	li t1, 0x5555
	sw t1, 0(t0)
2:	j 2b

/* putc(a0 = char) */
	.globl putc
putc:
	li t0, UART_BASE
1:	lbu t1, 5(t0)               /* LSR */
	andi t1, t1, 0x20           /* THRE */
	beqz t1, 1b
	sb a0, 0(t0)
	ret

/* puts(a0 = NUL-terminated string) */
	.globl puts
puts:
	mv t3, ra
	mv t4, a0
1:	lbu a0, 0(t4)
	beqz a0, 2f
	call putc
	addi t4, t4, 1
	j 1b
2:	mv ra, t3
	ret

/* puthex(a0 = value): "0x" and the digits without leading zeros. */
	.globl puthex
puthex:
	mv t3, ra
	mv t4, a0
	li a0, '0'
	call putc
	li a0, 'x'
	call putc
	li t5, 60                   /* shift of the current digit */
1:	beqz t5, 2f                 /* skip leading zeros, keep the last digit */
	srl t6, t4, t5
	bnez t6, 2f
	addi t5, t5, -4
	j 1b
2:	srl a0, t4, t5
	andi a0, a0, 15
	li t6, 10
	blt a0, t6, 3f
	addi a0, a0, 'a' - '0' - 10
3:	addi a0, a0, '0'
	call putc
	addi t5, t5, -4
	bgez t5, 2b
	mv ra, t3
	ret

/* say_hex(a0 = label, a1 = value): prints "label = 0xVALUE\n". */
	.globl say_hex
say_hex:
	addi sp, sp, -16
	sd ra, 0(sp)
	sd a1, 8(sp)
	call puts
	lla a0, s_eq
	call puts
	ld a0, 8(sp)
	call puthex
	li a0, '\n'
	call putc
	ld ra, 0(sp)
	addi sp, sp, 16
	ret

/* dump_hex(a0 = address, a1 = length, a multiple of 32): lines of 32 bytes, each byte as two
 * hex digits in memory order. */
	.globl dump_hex
dump_hex:
	addi sp, sp, -32
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	sd s2, 24(sp)
	mv s0, a0
	add s1, a0, a1
1:	bgeu s0, s1, 4f
	li s2, 32
2:	lbu t0, 0(s0)
	srli a0, t0, 4
	call hexdigit
	lbu t0, 0(s0)
	andi a0, t0, 15
	call hexdigit
	addi s0, s0, 1
	addi s2, s2, -1
	bnez s2, 2b
	li a0, '\n'
	call putc
	j 1b
4:	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	ld s2, 24(sp)
	addi sp, sp, 32
	ret
hexdigit:
	li t1, 10
	blt a0, t1, 1f
	addi a0, a0, 'a' - '0' - 10
1:	addi a0, a0, '0'
	j putc

/* run_in_mode(a0 = mode (MODE_U/S/M), a1 = function, a2 = its argument, a3 = MPIE (0/1)):
 * enters the function in that mode (through mret, so mstatus.MPIE = a3 becomes its MIE in
 * M-mode) with a0 = argument and ra = a stub that ends it; returns its a0 when it ends (ret to
 * the stub, or BACK_TO_M anywhere). Restores mstatus.MIE, mscratch and sscratch; the test's
 * other CSRs stay as the function left them. Not reentrant. */
	.globl run_in_mode
run_in_mode:
	lla t0, mode_ctx
	sd ra, 0(t0)
	sd sp, 8(t0)
	sd gp, 16(t0)
	sd tp, 24(t0)
	sd s0, 32(t0)
	sd s1, 40(t0)
	sd s2, 48(t0)
	sd s3, 56(t0)
	sd s4, 64(t0)
	sd s5, 72(t0)
	sd s6, 80(t0)
	sd s7, 88(t0)
	sd s8, 96(t0)
	sd s9, 104(t0)
	sd s10, 112(t0)
	sd s11, 120(t0)
	csrr t1, mstatus
	andi t1, t1, MSTATUS_MIE
	sd t1, 128(t0)
	csrci mstatus, MSTATUS_MIE
	li t1, MSTATUS_MPP | MSTATUS_MPIE
	csrc mstatus, t1
	slli t1, a0, 11
	csrs mstatus, t1
	beqz a3, 1f
	li t1, MSTATUS_MPIE
	csrs mstatus, t1
1:	csrw mepc, a1
	mv a0, a2
	lla ra, mode_return_stub
	mret
	.globl mode_return_stub
mode_return_stub:
	BACK_TO_M

/* In the M handler, frame at sp: the function ended; a0 = its result. */
mode_resume:
	ld a0, REG(10)(sp)
	lla t0, __mtrap_stack_top
	csrw mscratch, t0
	lla t0, __strap_stack_top
	csrw sscratch, t0
	lla t0, m_in_trap
	sd zero, 0(t0)
	lla t0, s_in_trap
	sd zero, 0(t0)
	lla t0, mode_ctx
	ld ra, 0(t0)
	ld sp, 8(t0)
	ld gp, 16(t0)
	ld tp, 24(t0)
	ld s0, 32(t0)
	ld s1, 40(t0)
	ld s2, 48(t0)
	ld s3, 56(t0)
	ld s4, 64(t0)
	ld s5, 72(t0)
	ld s6, 80(t0)
	ld s7, 88(t0)
	ld s8, 96(t0)
	ld s9, 104(t0)
	ld s10, 112(t0)
	ld s11, 120(t0)
	ld t1, 128(t0)
	csrs mstatus, t1
	ret

/* Save x1, x3..x31 at sp (x2 is stored by the caller from the scratch CSR). */
.macro SAVE_REGS
	sd x1, 8(sp)
	sd x3, 24(sp)
	sd x4, 32(sp)
	sd x5, 40(sp)
	sd x6, 48(sp)
	sd x7, 56(sp)
	sd x8, 64(sp)
	sd x9, 72(sp)
	sd x10, 80(sp)
	sd x11, 88(sp)
	sd x12, 96(sp)
	sd x13, 104(sp)
	sd x14, 112(sp)
	sd x15, 120(sp)
	sd x16, 128(sp)
	sd x17, 136(sp)
	sd x18, 144(sp)
	sd x19, 152(sp)
	sd x20, 160(sp)
	sd x21, 168(sp)
	sd x22, 176(sp)
	sd x23, 184(sp)
	sd x24, 192(sp)
	sd x25, 200(sp)
	sd x26, 208(sp)
	sd x27, 216(sp)
	sd x28, 224(sp)
	sd x29, 232(sp)
	sd x30, 240(sp)
	sd x31, 248(sp)
.endm
.macro RESTORE_REGS
	ld x1, 8(sp)
	ld x3, 24(sp)
	ld x4, 32(sp)
	ld x5, 40(sp)
	ld x6, 48(sp)
	ld x7, 56(sp)
	ld x8, 64(sp)
	ld x9, 72(sp)
	ld x10, 80(sp)
	ld x11, 88(sp)
	ld x12, 96(sp)
	ld x13, 104(sp)
	ld x14, 112(sp)
	ld x15, 120(sp)
	ld x16, 128(sp)
	ld x17, 136(sp)
	ld x18, 144(sp)
	ld x19, 152(sp)
	ld x20, 160(sp)
	ld x21, 168(sp)
	ld x22, 176(sp)
	ld x23, 184(sp)
	ld x24, 192(sp)
	ld x25, 200(sp)
	ld x26, 208(sp)
	ld x27, 216(sp)
	ld x28, 224(sp)
	ld x29, 232(sp)
	ld x30, 240(sp)
	ld x31, 248(sp)
.endm

/* Common part of both handlers, after SAVE_REGS: guard against nesting and runaway traps.
 * \flag: m_in_trap / s_in_trap. */
.macro TRAP_GUARD flag
	lla t0, \flag
	ld t1, 0(t0)
	bnez t1, nested_trap
	li t1, 1
	sd t1, 0(t0)
	lla t0, trap_count
	ld t1, 0(t0)
	addi t1, t1, 1
	sd t1, 0(t0)
	li t2, 200
	bgt t1, t2, runaway_traps
.endm

/* An interrupt does not count as a trap (trap_count counts exceptions, so a test's periodic
 * timer cannot trip the runaway guard); with irq_quiet set its line is not printed either
 * (print_trap checks). */
.macro COUNT_IRQ_NOT_TRAP
	lla t0, trap_count
	ld t1, 0(t0)
	addi t1, t1, -1
	sd t1, 0(t0)
.endm

/* print_trap(a0 = prefix ("M-" / "S-"), a1 = cause, a2 = tval, a3 = epc, a4 = from-mode letter)
 * prints the handler's line (see the file comment). */
print_trap:
	bgez a1, 0f
	lla t0, irq_quiet
	ld t0, 0(t0)
	beqz t0, 0f
	ret
0:	addi sp, sp, -48
	sd ra, 0(sp)
	sd a1, 8(sp)
	sd a2, 16(sp)
	sd a3, 24(sp)
	sd a4, 32(sp)
	call puts
	ld a1, 8(sp)
	lla a0, s_trap
	bgez a1, 1f
	lla a0, s_irq
1:	call puts
	ld a0, 8(sp)
	slli a0, a0, 1
	srli a0, a0, 1
	call puthex
	ld a1, 8(sp)
	bltz a1, 2f
	lla a0, s_tval
	call puts
	ld a0, 16(sp)
	call puthex
	lla a0, s_epc
	call puts
	ld a0, 24(sp)
	call puthex
2:	lla a0, s_from
	call puts
	ld a0, 32(sp)
	call putc
	li a0, '\n'
	call putc
	ld ra, 0(sp)
	addi sp, sp, 48
	ret

	.align 4
	.globl m_trap_entry
m_trap_entry:
	csrrw sp, mscratch, sp
	addi sp, sp, -FRAME_SIZE
	SAVE_REGS
	csrr t0, mscratch
	sd t0, 16(sp)
	TRAP_GUARD m_in_trap
	csrr s0, mcause
	csrr s1, mtval
	csrr s2, mepc
	bgez s0, 0f
	COUNT_IRQ_NOT_TRAP
	j 1f
0:
	/* ecall (from U 8, S 9, M 11) ending a run_in_mode function? */
	addi t0, s0, -8
	li t1, 4
	bgeu t0, t1, 1f
	li t1, 2
	beq t0, t1, 1f
	ld t1, REG(17)(sp)
	li t2, RET_MAGIC
	beq t1, t2, mode_resume
1:	csrr t0, mstatus
	srli t0, t0, 11
	andi t0, t0, 3
	lla t1, mode_letters
	add t1, t1, t0
	lbu a4, 0(t1)
	lla a0, s_m
	mv a1, s0
	mv a2, s1
	mv a3, s2
	call print_trap
	lla t0, m_hook
	ld t0, 0(t0)
	beqz t0, 2f
	mv a0, s0
	mv a1, sp
	jalr t0
	bnez a0, m_out
	bltz s0, m_out
	j 3f
2:	bgez s0, 3f
	li t0, 1                    /* interrupt, no hook: disable it */
	sll t0, t0, s0
	csrc mie, t0
	j m_out
3:	lla t0, trap_resume
	ld t1, 0(t0)
	beqz t1, 4f
	sd zero, 0(t0)
	csrw mepc, t1
	j m_out
4:	addi s2, s2, 4
	csrw mepc, s2
m_out:
	lla t0, m_in_trap
	sd zero, 0(t0)
	ld t0, 16(sp)
	csrw mscratch, t0
	RESTORE_REGS
	addi sp, sp, FRAME_SIZE
	csrrw sp, mscratch, sp
	mret

	.align 4
	.globl s_trap_entry
s_trap_entry:
	csrrw sp, sscratch, sp
	addi sp, sp, -FRAME_SIZE
	SAVE_REGS
	csrr t0, sscratch
	sd t0, 16(sp)
	TRAP_GUARD s_in_trap
	csrr s0, scause
	csrr s1, stval
	csrr s2, sepc
	bgez s0, 0f
	COUNT_IRQ_NOT_TRAP
0:
	/* ecall from U ending a run_in_mode function: hand it on to M */
	li t0, 8
	bne s0, t0, 1f
	ld t1, REG(17)(sp)
	li t2, RET_MAGIC
	bne t1, t2, 1f
	ld a0, REG(10)(sp)
	li a7, RET_MAGIC
	ecall
1:	csrr t0, sstatus
	srli t0, t0, 8
	andi t0, t0, 1
	lla t1, mode_letters
	add t1, t1, t0
	lbu a4, 0(t1)
	lla a0, s_s
	mv a1, s0
	mv a2, s1
	mv a3, s2
	call print_trap
	lla t0, s_hook
	ld t0, 0(t0)
	beqz t0, 2f
	mv a0, s0
	mv a1, sp
	jalr t0
	bnez a0, s_out
	bltz s0, s_out
	j 3f
2:	bgez s0, 3f
	li t0, 1
	sll t0, t0, s0
	csrc sie, t0
	j s_out
3:	lla t0, trap_resume
	ld t1, 0(t0)
	beqz t1, 4f
	sd zero, 0(t0)
	csrw sepc, t1
	j s_out
4:	addi s2, s2, 4
	csrw sepc, s2
s_out:
	lla t0, s_in_trap
	sd zero, 0(t0)
	ld t0, 16(sp)
	csrw sscratch, t0
	RESTORE_REGS
	addi sp, sp, FRAME_SIZE
	csrrw sp, sscratch, sp
	sret

nested_trap:
	lla a0, s_nested
	call puts
	li a0, 2
	j exit
runaway_traps:
	lla a0, s_runaway
	call puts
	li a0, 3
	j exit

/* m_irq_clear / s_irq_clear: hooks (m_hook / s_hook) that clear the source of a standard
 * interrupt (1: SSIP bit, 3: the CLINT's msip, 5: stimecmp = -1, 7: mtimecmp = -1) and count it
 * in irq_count; exceptions are left to the default action (a0 = 0 back). */
	.globl m_irq_clear, s_irq_clear
m_irq_clear:
	bgez a0, 9f
	slli t0, a0, 1
	srli t0, t0, 1
	li t1, 1
	bne t0, t1, 1f
	li t2, 2
	csrc mip, t2
1:	li t1, 3
	bne t0, t1, 3f
	li t2, CLINT_MSIP
	sw zero, 0(t2)
3:	li t1, 5
	bne t0, t1, 5f
	li t2, -1
	csrw 0x14d, t2              /* stimecmp */
5:	li t1, 7
	bne t0, t1, 7f
	li t2, CLINT_MTIMECMP
	li t3, -1
	sd t3, 0(t2)
7:	j count_irq
s_irq_clear:
	bgez a0, 9f
	slli t0, a0, 1
	srli t0, t0, 1
	li t1, 1
	bne t0, t1, 1f
	li t2, 2
	csrc sip, t2
1:	li t1, 5
	bne t0, t1, count_irq
	li t2, -1
	csrw 0x14d, t2
count_irq:
	lla t0, irq_count
	ld t1, 0(t0)
	addi t1, t1, 1
	sd t1, 0(t0)
	li a0, 1
	ret
9:	li a0, 0
	ret

/* wait_irq(a0 = count): spins until irq_count >= count or one second of mtime has passed (then
 * prints a timeout line). Usable from M and S (devices identity-mapped). */
	.globl wait_irq
wait_irq:
	li t0, CLINT_MTIME
	ld t1, 0(t0)
	li t2, 10000000
	add t1, t1, t2
	lla t2, irq_count
1:	ld t3, 0(t2)
	bge t3, a0, 2f
	ld t4, 0(t0)
	bltu t4, t1, 1b
	addi sp, sp, -16
	sd ra, 0(sp)
	lla a0, s_timeout
	call puts
	ld ra, 0(sp)
	addi sp, sp, 16
2:	ret

/* mtime_after(a0 = ticks) -> a0 = mtime + ticks */
	.globl mtime_after
mtime_after:
	li t0, CLINT_MTIME
	ld t0, 0(t0)
	add a0, a0, t0
	ret

/* pt_alloc() -> a0 = a zeroed 4 KiB page from the pool (the run fails when it is empty). */
	.globl pt_alloc
pt_alloc:
	lla t0, pt_next
	ld a0, 0(t0)
	bnez a0, 1f
	lla a0, __pt_pool
1:	lla t1, __pt_pool_end
	bgeu a0, t1, 3f
	li t1, 4096
	add t1, a0, t1
	sd t1, 0(t0)
	mv t1, a0
	li t2, 512
2:	sd zero, 0(t1)
	addi t1, t1, 8
	addi t2, t2, -1
	bnez t2, 2b
	ret
3:	lla a0, s_pool
	call puts
	li a0, 4
	j exit

/* pt_map(a0 = root table, a1 = va, a2 = pa, a3 = leaf level (0 = 4K, 1 = 2M, 2 = 1G, 3 = 512G,
 * 4 = 256T), a4 = PTE flag bits, a5 = number of levels (3 Sv39, 4 Sv48, 5 Sv57)) -> a0 = address
 * of the leaf PTE, which is written as (pa >> 12) << 10 | flags. Missing tables are allocated;
 * an existing leaf on the way is replaced by a table. */
	.globl pt_map
pt_map:
	addi sp, sp, -16
	sd ra, 0(sp)
	mv t3, a0                   /* current table */
	addi t4, a5, -1             /* current level */
1:	li t5, 9
	mul t5, t5, t4
	addi t5, t5, 12
	srl t5, a1, t5
	andi t5, t5, 511
	slli t5, t5, 3
	add t5, t3, t5              /* PTE address at this level */
	beq t4, a3, 3f
	ld t6, 0(t5)
	andi t0, t6, PTE_V
	beqz t0, 2f
	andi t0, t6, PTE_R | PTE_W | PTE_X
	bnez t0, 2f
	srli t6, t6, 10             /* next table */
	slli t3, t6, 12
	addi t4, t4, -1
	j 1b
2:	mv a6, t5
	call pt_alloc_keep
	srli t6, a0, 12
	slli t6, t6, 10
	ori t6, t6, PTE_V
	sd t6, 0(a6)
	mv t3, a0
	addi t4, t4, -1
	j 1b
3:	srli t6, a2, 12
	slli t6, t6, 10
	or t6, t6, a4
	sd t6, 0(t5)
	mv a0, t5
	ld ra, 0(sp)
	addi sp, sp, 16
	ret
/* pt_alloc keeping t3, t4 (pt_map's walk state). */
pt_alloc_keep:
	addi sp, sp, -32
	sd ra, 0(sp)
	sd t3, 8(sp)
	sd t4, 16(sp)
	call pt_alloc
	ld ra, 0(sp)
	ld t3, 8(sp)
	ld t4, 16(sp)
	addi sp, sp, 32
	ret

/* pt_new(a5 = levels) -> a0 = a root table with the runtime's standard mappings: 1 GiB identity
 * pages (supervisor, RWX, A and D set) at 0x0 (devices) and 0x80000000 (RAM), and the U_ALIAS
 * 1 GiB page (user, RWX, A, D) onto RAM. Keeps a5. */
	.globl pt_new
pt_new:
	addi sp, sp, -16
	sd ra, 0(sp)
	sd s0, 8(sp)
	call pt_alloc
	mv s0, a0
	li a1, 0
	li a2, 0
	li a3, 2
	li a4, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
	call pt_map
	mv a0, s0
	li a1, 0x80000000
	li a2, 0x80000000
	li a3, 2
	li a4, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
	call pt_map
	mv a0, s0
	li a1, U_ALIAS
	li a2, 0x80000000
	li a3, 2
	li a4, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D
	call pt_map
	mv a0, s0
	ld ra, 0(sp)
	ld s0, 8(sp)
	addi sp, sp, 16
	ret

/* satp_on(a0 = root table, a1 = satp mode, a2 = ASID): write satp, sfence.vma. */
	.globl satp_on
satp_on:
	srli t0, a0, 12
	slli t1, a1, 60
	or t0, t0, t1
	slli t1, a2, 44
	or t0, t0, t1
	csrw satp, t0
	sfence.vma
	ret

	.section .rodata
s_eq:      .asciz " = "
s_m:       .asciz "M-"
s_s:       .asciz "S-"
s_trap:    .asciz "trap cause="
s_irq:     .asciz "irq cause="
s_tval:    .asciz " tval="
s_epc:     .asciz " epc="
s_from:    .asciz " from="
s_nested:  .asciz "FAILED: trap inside a trap handler\n"
s_runaway: .asciz "FAILED: too many traps\n"
s_pool:    .asciz "FAILED: page-table pool exhausted\n"
s_timeout: .asciz "timeout waiting for an interrupt\n"
mode_letters: .ascii "USHM"

	.section .bss
	.align 3
	.globl trap_resume, m_hook, s_hook, trap_count, irq_count, irq_quiet, boot_regs
trap_resume: .dword 0
m_hook:      .dword 0
s_hook:      .dword 0
trap_count:  .dword 0
irq_count:   .dword 0
irq_quiet:   .dword 0
m_in_trap:   .dword 0
s_in_trap:   .dword 0
pt_next:     .dword 0
mode_ctx:    .space 136
boot_regs:   .space 24
