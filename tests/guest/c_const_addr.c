/* Guest accesses at constant addresses (lui/auipc + offset, folded by the optimizer), which the
 * x86 back end does as [guest base + constant] without a register or range check when the
 * constant is below 2^31 (host/x86_64/codegen.c, scalar_guest_addr): data in the image read
 * and written that way, and faults at constant addresses below 2^31 (unmapped), just above,
 * and beyond the guest address space: each must be the guest's SIGSEGV at that address, from
 * that instruction. Expected output from qemu-riscv64. */
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf env;
static uint64_t fault_pc, fault_addr;
static volatile uint64_t data[4] = { 1, 2, 3, 4 };

static void h_segv(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	fault_pc = uc->uc_mcontext.__gregs[0];
	fault_addr = (uint64_t)(uintptr_t)si->si_addr;
	siglongjmp(env, 1);
}

static volatile uint64_t expect_pc;

/* The faulting instruction stores its own address in expect_pc first (a local would not
 * survive the siglongjmp). */
#define PROBE(name, addr_asm)                                                                  \
	do {                                                                                   \
		fault_addr = fault_pc = 0;                                                     \
		if (sigsetjmp(env, 1) == 0) {                                                  \
			__asm__ volatile("la t2, 1f\n sd t2, 0(%0)\n" addr_asm "\n1: ld t1, 8(t0)\n" \
			                 : : "r"(&expect_pc) : "t0", "t1", "t2", "memory");    \
			printf("%s: no fault\n", name);                                        \
		} else {                                                                       \
			printf("%s: SIGSEGV at %#llx, pc right %d\n", name,                    \
			       (unsigned long long)fault_addr, fault_pc == expect_pc);         \
		}                                                                              \
	} while (0)

int main(void)
{
	uint64_t sum = 0;
	data[2] += 40;
	for (int i = 0; i < 4; i++)
		sum += data[i];
	printf("data through constant addresses: %llu\n", (unsigned long long)sum);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	PROBE("null page", "li t0, 0");
	PROBE("page 1", "lui t0, 1");
	PROBE("below 2^31", "lui t0, 0x7fff0");
	PROBE("2^31", "li t0, 1\n slli t0, t0, 31");
	PROBE("2^40", "li t0, 1\n slli t0, t0, 40");
	PROBE("top of the address space", "li t0, -4096");
	return 0;
}
