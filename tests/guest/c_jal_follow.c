/* Forward jal's inside one translation block: superblocks go on translating at the target of a
 * jal to a later pc of the same page (guest/riscv/translate.c, rv_follow_jal). Checked: the
 * skipped instructions do not run, jal's link register, a chain of more forward jumps than
 * one block follows, a backward jump after forward ones, a call and its return inside one
 * block (the return's target is then a constant), a jump to the next page, and a fault
 * after followed jumps (the signal handler sees the faulting pc and the registers set before
 * it). Expected output from qemu-riscv64. */
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf env;
static uint64_t fault_pc, fault_t0, fault_t1;

static void h_segv(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	fault_pc = uc->uc_mcontext.__gregs[0];
	fault_t0 = uc->uc_mcontext.__gregs[5];
	fault_t1 = uc->uc_mcontext.__gregs[6];
	siglongjmp(env, 1);
}

int main(void)
{
	uint64_t r, link, want;

	__asm__ volatile("li %0, 1\n j 1f\n li %0, 2\n 1: addi %0, %0, 10\n" : "=&r"(r));
	printf("skipped instruction did not run: %llu\n", (unsigned long long)r);

	__asm__ volatile("jal %0, 1f\n 2: li %0, 0\n 1: la %1, 2b\n" : "=&r"(link), "=&r"(want));
	printf("jal link register is the next pc: %d\n", link == want);

	__asm__ volatile("li %0, 0\n"
	                 " j 1f\n addi %0, %0, 1000\n"
	                 "1: addi %0, %0, 1\n j 2f\n addi %0, %0, 1000\n"
	                 "2: addi %0, %0, 1\n j 3f\n addi %0, %0, 1000\n"
	                 "3: addi %0, %0, 1\n j 4f\n addi %0, %0, 1000\n"
	                 "4: addi %0, %0, 1\n j 5f\n addi %0, %0, 1000\n"
	                 "5: addi %0, %0, 1\n j 6f\n addi %0, %0, 1000\n"
	                 "6: addi %0, %0, 1\n j 7f\n addi %0, %0, 1000\n"
	                 "7: addi %0, %0, 1\n j 8f\n addi %0, %0, 1000\n"
	                 "8: addi %0, %0, 1\n j 9f\n addi %0, %0, 1000\n"
	                 "9: addi %0, %0, 1\n j 10f\n addi %0, %0, 1000\n"
	                 "10: addi %0, %0, 1\n j 11f\n addi %0, %0, 1000\n"
	                 "11: addi %0, %0, 1\n" : "=&r"(r));
	printf("eleven forward jumps: %llu\n", (unsigned long long)r);

	/* A loop: forward jumps inside it, a conditional backward branch closing it. */
	__asm__ volatile("li %0, 0\n li t0, 5\n"
	                 "1: addi %0, %0, 3\n j 2f\n addi %0, %0, 1000\n"
	                 "2: addi t0, t0, -1\n j 3f\n addi %0, %0, 1000\n"
	                 "3: bnez t0, 1b\n" : "=&r"(r) : : "t0");
	printf("loop of forward jumps: %llu\n", (unsigned long long)r);

	/* A call followed into a later function of the page, whose ret then jumps to a constant
	 * (chained, not looked up); once with the return address moved on by the callee. */
	__asm__ volatile("mv t3, ra\n li %0, 0\n"
	                 " jal ra, 1f\n addi %0, %0, 100\n j 2f\n"
	                 "1: addi %0, %0, 5\n ret\n"
	                 "2: mv ra, t3\n" : "=&r"(r) : : "t3", "ra");
	printf("call and return inside one block: %llu\n", (unsigned long long)r);
	__asm__ volatile("mv t3, ra\n li %0, 0\n"
	                 " jal ra, 1f\n addi %0, %0, 100\n addi %0, %0, 1000\n j 2f\n"
	                 "1: addi %0, %0, 5\n addi ra, ra, 4\n ret\n"
	                 "2: mv ra, t3\n" : "=&r"(r) : : "t3", "ra");
	printf("return to a moved return address: %llu\n", (unsigned long long)r);

	/* A jump to the next page (the padding puts the target there). */
	__asm__ volatile("li %0, 7\n j 1f\n .balign 4096\n .skip 16\n 1: addi %0, %0, 1\n" : "=&r"(r));
	printf("jump to the next page: %llu\n", (unsigned long long)r);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	uint64_t at;
	__asm__ volatile("la %0, 9f\n" : "=r"(at));
	if (sigsetjmp(env, 1) == 0) {
		__asm__ volatile("li t0, 11\n j 1f\n li t0, 99\n"
		                 "1: li t1, 22\n j 2f\n li t1, 99\n"
		                 "2: li t2, 0\n"
		                 "9: ld t2, 8(t2)\n li t0, 0\n" : : : "t0", "t1", "t2", "memory");
		printf("no fault?\n");
	}
	printf("fault after followed jumps: pc right %d, t0 %llu, t1 %llu\n", fault_pc == at,
	       (unsigned long long)fault_t0, (unsigned long long)fault_t1);
	return 0;
}
