/* Signals must reach loops made of several chained blocks. Chained jumps to a block further on
 * (higher pc) skip that block's exit_request check (runtime/tb.c, tb_chain_locked), so these
 * loops are forward jumps between blocks closed by one backward jump: an unconditional one, a
 * conditional one (a superblock's side exit) and one into the middle of the chain. An interval
 * timer's handler siglongjmps out of each; a loop that never noticed would hang (the suite's
 * timeout). Only facts are printed. */
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <sys/time.h>

static sigjmp_buf env;

static void h_jump(int sig) { siglongjmp(env, 1); }

static void arm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h_jump;
	sigaction(SIGALRM, &sa, NULL);

	if (sigsetjmp(env, 1) == 0) {
		arm();
		__asm__ volatile("li t0, 0\n"
		                 "1: addi t0, t0, 1\n j 2f\n"
		                 "2: addi t0, t0, 2\n j 3f\n"
		                 "3: addi t0, t0, 3\n j 4f\n"
		                 "4: xor t1, t0, t0\n j 1b" ::: "t0", "t1");
	}
	printf("timer broke out of a chain of forward jumps closed by j\n");

	if (sigsetjmp(env, 1) == 0) {
		arm();
		__asm__ volatile("li t0, 1\n"
		                 "1: addi t1, t0, 1\n j 2f\n"
		                 "2: addi t1, t1, 2\n j 3f\n"
		                 "3: addi t1, t1, 3\n bnez t0, 1b\n"
		                 " j 3b" ::: "t0", "t1");
	}
	printf("timer broke out of a chain closed by a taken branch\n");

	if (sigsetjmp(env, 1) == 0) {
		arm();
		__asm__ volatile("li t0, 0\n"
		                 " j 2f\n"
		                 "1: addi t0, t0, 1\n j 2f\n"
		                 "2: addi t0, t0, 2\n j 3f\n"
		                 "3: addi t0, t0, 3\n j 2b" ::: "t0");
	}
	printf("timer broke out of a loop entered in its middle\n");
	return 0;
}
