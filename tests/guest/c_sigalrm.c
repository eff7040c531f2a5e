/* Asynchronous signals must interrupt running guest code: alarm(1) while a loop polls a
 * volatile flag, then an interval timer firing into a tight register-only loop ("1: j 1b",
 * which chained translations would otherwise never leave) whose handler siglongjmps out. Only
 * facts, never counts or times, are printed. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <unistd.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t fired;
static sigjmp_buf env;

static void h_alrm(int sig) { fired++; }
static void h_jump(int sig) { siglongjmp(env, 1); }

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h_alrm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	unsigned long spins = 0;
	while (!fired) spins++;
	printf("alarm interrupted the polling loop: fired=%d spun=%d\n", fired, spins > 0);

	sa.sa_handler = h_jump;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 200000 } };
	if (sigsetjmp(env, 1) == 0) {
		setitimer(ITIMER_REAL, &it, NULL);
		__asm__ volatile("1: j 1b");
	}
	printf("timer broke out of a tight loop\n");

	/* A second time, with a loop that does arithmetic only. */
	if (sigsetjmp(env, 1) == 0) {
		setitimer(ITIMER_REAL, &it, NULL);
		__asm__ volatile("li t0, 0\n1: addi t0, t0, 1\n xor t1, t0, t0\n bnez t0, 1b" ::: "t0", "t1");
	}
	printf("timer broke out of an arithmetic loop\n");
	printf("alarm left: %u\n", alarm(0));
	return 0;
}
