/* Indirect jumps whose register holds an odd address: jalr clears bit 0 of the target. The
 * jump-cache probe in generated code compares the target before clearing the bit (ir-ops.def:
 * goto_ptr), so an odd target must take the miss path and still reach the even address, after
 * the even one is cached, many times over, mixed with even targets of the same block.
 * An empty jump-cache entry must match no target at all (runtime/vcpu.h: vcpu_jc_empty): the
 * entry of the last index (pcs 0x3ffc to 0x3fff modulo 0x4000) is filled by calls to a
 * function placed there, a signal empties the jump cache (runtime.h: cpu_exit_request) and then the guest
 * jumps to addresses of that index and others, odd ones and -1 among them; each must fault
 * with the address it went to (a match would run the function instead). Only facts are
 * printed. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;

static void h_segv(int sig, siginfo_t *si, void *uc)
{
	fault_addr = (uintptr_t)si->si_addr;
	siglongjmp(env, 1);
}

static void h_usr1(int sig) { }

static __attribute__((noinline)) long twice(long x) { return 2 * x + 1; }

/* at_last_index(x) = x + 77, at an address of jump-cache index 4095 (0x3ffc mod 0x4000). */
long at_last_index(long x);
__asm__(".text\n .balign 16384\n .skip 16380\n"
        "at_last_index: addi a0, a0, 77\n ret\n");

/* Calls f through a register holding f + odd (0 or 1). */
static long call_odd(long (*f)(long), uintptr_t odd, long x)
{
	register long a0 __asm__("a0") = x;
	__asm__ volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"((uintptr_t)f + odd)
	                 : "ra", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2",
	                   "t3", "t4", "t5", "t6", "memory");
	return a0;
}

int main(void)
{
	long s = 0;
	for (long i = 0; i < 20000; i++)
		s += call_odd(twice, (uintptr_t)(i % 3 == 0), i) ^ i;
	printf("sum through odd and even function pointers: %ld\n", s);
	printf("at_last_index %% 0x4000 = %#lx\n", (unsigned long)((uintptr_t)at_last_index & 0x3fff));

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	signal(SIGUSR1, h_usr1);
	static const uintptr_t bad[] = { UINTPTR_MAX, UINTPTR_MAX - 1, UINTPTR_MAX - 3, 0, 1, 2, 3,
	                                 4, 0x1ffe, 0x1fff, 0x3ffc, 0x3ffd, 0x3ffe, 0x3fff, 0x7ffd };
	for (unsigned k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		long v = call_odd(at_last_index, 0, k) + call_odd(at_last_index, 1, k);
		raise(SIGUSR1);
		fault_addr = 12345;
		if (sigsetjmp(env, 1) == 0)
			__asm__ volatile("jr %0" :: "r"(bad[k]));
		printf("jump to %#lx: SIGSEGV at %#lx (%ld)\n", (unsigned long)bad[k],
		       (unsigned long)fault_addr, v);
	}
	return 0;
}
