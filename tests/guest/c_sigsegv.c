/* Synchronous faults caught by handlers: SIGSEGV on a NULL read, a write to a read-only page
 * and an access past a mapping, each left with siglongjmp (checked si_addr and si_code);
 * SIGILL and SIGTRAP handlers that skip the faulting instruction by editing the saved pc in
 * the ucontext (sigreturn must restore the edited context); a fault inside a loop with live
 * registers, which must be precise. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <stdint.h>
#include <ucontext.h>
#include <sys/mman.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code, fault_sig;

static void h_segv(int sig, siginfo_t *si, void *uc)
{
	fault_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static void h_skip(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = (uintptr_t)si->si_addr == uc->uc_mcontext.__gregs[REG_PC];
	uc->uc_mcontext.__gregs[REG_PC] += 4;	/* both test instructions are 4 bytes long */
	uc->uc_mcontext.__gregs[REG_A0] = 1234;	/* and the edited register must come back */
}

static void install(int sig, void (*h)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO;
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	install(SIGSEGV, h_segv);
	install(SIGBUS, h_segv);

	for (int round = 0; round < 3; round++) {
		if (sigsetjmp(env, 1) == 0) {
			volatile int *p = (volatile int *)(uintptr_t)(0x10 * round);
			(void)*p;
			printf("no fault (wrong)\n");
		} else {
			printf("NULL read round %d: sig %d addr %#lx code %d\n", round, fault_sig,
			       (unsigned long)fault_addr, fault_code);
		}
	}

	char *ro = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro[100] = 5;
	mprotect(ro, 4096, PROT_READ);
	if (sigsetjmp(env, 1) == 0) {
		((volatile char *)ro)[100] = 6;
		printf("no fault (wrong)\n");
	} else {
		printf("write to read-only page: sig %d addr offset %ld code %d value %d\n", fault_sig,
		       (long)(fault_addr - (uintptr_t)ro), fault_code, ro[100]);
	}
	munmap(ro + 4096, 4096);
	if (sigsetjmp(env, 1) == 0) {
		(void)((volatile char *)ro)[4096 + 8];
		printf("no fault (wrong)\n");
	} else {
		printf("read past mapping: sig %d addr offset %ld code %d\n", fault_sig,
		       (long)(fault_addr - (uintptr_t)ro), fault_code);
	}

	/* Precise fault in a loop: the stores before the faulting one must have happened. */
	volatile char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect((char *)two + 4096, 4096, PROT_NONE);
	volatile long written = 0;
	if (sigsetjmp(env, 1) == 0) {
		for (long i = 4000; i < 5000; i++) { two[i] = (char)i; written = i; }
	} else {
		long sum = 0;
		for (long i = 4000; i < 4096; i++) sum += two[i];
		printf("loop fault: last written %ld sum %ld addr offset %ld\n", (long)written, sum,
		       (long)(fault_addr - (uintptr_t)two));
	}

	install(SIGILL, h_skip);
	install(SIGTRAP, h_skip);
	long r;
	__asm__ volatile(".option push\n.option norvc\nli a0, 1\n unimp\n mv %0, a0\n.option pop"
			 : "=r"(r) : : "a0");
	printf("SIGILL skipped: sig %d code %d addr==pc %d a0 %ld\n", fault_sig, fault_code,
	       (int)fault_addr, r);
	__asm__ volatile(".option push\n.option norvc\nli a0, 1\n ebreak\n mv %0, a0\n.option pop"
			 : "=r"(r) : : "a0");
	printf("SIGTRAP skipped: sig %d a0 %ld\n", fault_sig, r);
	return 0;
}
