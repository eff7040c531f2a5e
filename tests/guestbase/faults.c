/* Guest SIGSEGV at the edges of the guest address space, whatever host layout qelt picked
 * (guest memory at host address 0, or with a base): loads and stores at NULL, below
 * vm.mmap_min_addr, at 0xffffffffffff0000, just past 2^40 (qelt's reservation limit), far
 * above it, and through a register plus a displacement whose sum wraps below 0 or crosses
 * 2^40 (qelt folds such sums into one host operand). Each prints si_signo, si_code and
 * si_addr, leaving the handler with siglongjmp; the last line shows that memory still works. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code, fault_sig;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

/* Addresses come from volatile variables so the compiler emits a register base. */
static volatile uintptr_t v_null = 0, v_low = 0x1000, v_neg = 0xffffffffffff0000ull,
	v_limit = (1ull << 40) + 0x1234, v_far = 0x7fff00000000ull, v_eight = 8,
	v_below_limit = (1ull << 40) - 8, v_huge = 0x8000000000000000ull;

#define LOAD(name, expr) do { \
	fault_sig = 0; \
	if (!sigsetjmp(env, 1)) { long v = (expr); printf("%-12s no fault (%ld)\n", name, v); } \
	else printf("%-12s sig %d code %d addr %#lx\n", name, fault_sig, fault_code, (unsigned long)fault_addr); \
} while (0)
#define STORE(name, lvalue) do { \
	fault_sig = 0; \
	if (!sigsetjmp(env, 1)) { (lvalue) = 1; printf("%-12s no fault\n", name); } \
	else printf("%-12s sig %d code %d addr %#lx\n", name, fault_sig, fault_code, (unsigned long)fault_addr); \
} while (0)

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	LOAD("null", *(volatile long *)v_null);
	STORE("null st", *(volatile int *)v_null);
	LOAD("null+24", ((volatile long *)v_null)[3]);
	LOAD("low", *(volatile long *)v_low);
	STORE("low st", *(volatile char *)v_low);
	LOAD("const 0x800", *(volatile long *)0x800);
	LOAD("neg", *(volatile long *)v_neg);
	STORE("neg st", *(volatile long *)v_neg);
	LOAD("limit", *(volatile long *)v_limit);
	STORE("limit st", *(volatile short *)v_limit);
	LOAD("far", *(volatile long *)v_far);
	LOAD("huge", *(volatile long *)v_huge);
	LOAD("8-16", *(volatile long *)(v_eight - 16));
	LOAD("8-2048", *(volatile int *)(v_eight - 2048));
	STORE("8-16 st", *(volatile long *)(v_eight - 16));
	LOAD("lim-8+16", *(volatile long *)(v_below_limit + 16));
	STORE("lim-8+2040", *(volatile int *)(v_below_limit + 2040));
	static long ok = 42;
	volatile long *p = &ok;
	printf("memory ok %ld\n", *p);
	return 0;
}
