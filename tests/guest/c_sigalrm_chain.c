/* Signals must reach loops made of several chained blocks. Chained jumps to a block further on
 * (higher pc) skip that block's exit_request check (runtime/tb.c, tb_chain_locked), so these
 * loops are forward jumps between blocks closed by one backward jump: an unconditional one, a
 * conditional one (a superblock's side exit) and one into the middle of the chain. An interval
 * timer's handler siglongjmps out of each; a loop that never noticed would hang (the suite's
 * timeout).
 * Loops made only of indirect jumps: a block reached through the jump cache does not check
 * exit_request either (runtime/tb.h: jump caches); cpu_exit_request empties the jump cache
 * instead, so the next indirect jump misses and leaves. These loops load their jump targets
 * from memory, so no jump is a constant the translator could chain: a block jumping to
 * itself, two blocks jumping to each other, and (in a second thread) a spin loop that only
 * ends when the main thread got through a fence.i, whose flush waits until every other vCPU
 * left generated code. Only facts are printed. */
#include <pthread.h>
#include <stdio.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <sys/time.h>

static sigjmp_buf env;

static volatile unsigned long slots[2];
static volatile long flag;

static void h_jump(int sig) { siglongjmp(env, 1); }

static void arm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 100000 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Jumps through slots[0] to itself until flag is set. */
static void *spin(void *arg)
{
	__asm__ volatile("la t0, 1f\n sd t0, 0(%0)\n"
	                 "1: ld t2, 0(%1)\n bnez t2, 2f\n"
	                 " ld t1, 0(%0)\n jr t1\n"
	                 "2:" :: "r"(slots), "r"(&flag) : "t0", "t1", "t2", "memory");
	return arg;
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

	if (sigsetjmp(env, 1) == 0) {
		arm();
		__asm__ volatile("la t0, 1f\n sd t0, 0(%0)\n"
		                 "1: ld t1, 0(%0)\n jr t1" :: "r"(slots) : "t0", "t1", "memory");
	}
	printf("timer broke out of a block jumping to itself through a register\n");

	if (sigsetjmp(env, 1) == 0) {
		arm();
		__asm__ volatile("la t0, 2f\n sd t0, 0(%0)\n"
		                 "la t0, 1f\n sd t0, 8(%0)\n"
		                 "1: addi t2, t2, 1\n ld t1, 0(%0)\n jr t1\n"
		                 "2: addi t2, t2, 2\n ld t1, 8(%0)\n jr t1"
		                 :: "r"(slots) : "t0", "t1", "t2", "memory");
	}
	printf("timer broke out of two blocks jumping to each other through registers\n");

	pthread_t t;
	pthread_create(&t, NULL, spin, NULL);
	for (volatile int d = 0; d < 200000; d++)
		;
	__asm__ volatile("fence.i" ::: "memory");   /* waits until the spinner left generated code */
	flag = 1;
	pthread_join(t, NULL);
	printf("fence.i got through while another thread jumped to itself through a register\n");
	return 0;
}
