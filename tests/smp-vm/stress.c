/* Multi-hart stress inside the booted guest (tests/smp-vm): stress ROUNDS [THREADS].
 * T threads (THREADS, default 4: the same work at every hart count) each run ROUNDS rounds of:
 * atomic adds, a mutex-protected counter, an LR/SC spinlock (a CAS loop that yields the guest
 * CPU now and then: with more threads than harts its holder may be descheduled), a raw-futex
 * semaphore handed around the threads, fresh code written into the thread's own executable
 * page and called (the kernel's icache flush on every hart: __builtin___clear_cache), and every
 * 8th round a fork whose child execs /bin/true or exits with a known status. Output is
 * independent of the timing: "stress: atomics A mutex M spin S futex F jit J forks K ok" with
 * per-thread values that depend only on ROUNDS; any mismatch prints "stress: FAIL ...". */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int T, ROUNDS;
static atomic_long atomics;
static long mutexed, spinned;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int spin;
static atomic_int sem = 1;          /* futex semaphore: 1 free */
static long futexed;
static atomic_long jit_ok, forks_ok;
static atomic_int fails;

static void sem_down(void)
{
	for (;;) {
		int v = atomic_load(&sem);
		if (v > 0 && atomic_compare_exchange_weak(&sem, &v, v - 1))
			return;
		if (v == 0)
			syscall(SYS_futex, &sem, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	}
}

static void sem_up(void)
{
	atomic_fetch_add(&sem, 1);
	syscall(SYS_futex, &sem, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* li a0, imm; ret (imm: 12-bit signed) */
static void emit(uint32_t *p, int imm)
{
	p[0] = ((uint32_t)(imm & 0xfff) << 20) | 0x513;
	p[1] = 0x00008067;
}

static void *worker(void *arg)
{
	long id = (long)arg;
	uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) {
		atomic_fetch_add(&fails, 1);
		return NULL;
	}
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < 100; i++)
			atomic_fetch_add(&atomics, 1);
		pthread_mutex_lock(&mu);
		mutexed += id;
		pthread_mutex_unlock(&mu);
		int z = 0;
		for (int n = 1; !atomic_compare_exchange_weak(&spin, &z, 1); n++) {
			z = 0;
			if (n % 64 == 0)
				sched_yield();
		}
		spinned += 2;
		atomic_store(&spin, 0);
		sem_down();
		futexed++;
		sem_up();
		for (int f = 0; f < 16; f++)
			emit(code + f * 2, (int)((id * 131 + r * 7 + f) & 0x7ff));
		__builtin___clear_cache((char *)code, (char *)(code + 32));
		int good = 1;
		for (int f = 0; f < 16; f++) {
			int (*fn)(void) = (int (*)(void))(code + f * 2);
			good &= fn() == (int)((id * 131 + r * 7 + f) & 0x7ff);
		}
		atomic_fetch_add(&jit_ok, good);
		if (r % 8 == 0) {
			pid_t c = fork();
			if (c == 0) {
#ifndef STRESS_NO_EXEC
				if (r % 16 == 0)
					execl("/bin/true", "true", (char *)NULL);
#else
				if (r % 16 == 0)
					_exit(0);
#endif
				_exit(7);
			}
			int st = 0;
			if (c > 0 && waitpid(c, &st, 0) == c && WIFEXITED(st) &&
			    WEXITSTATUS(st) == (r % 16 == 0 ? 0 : 7))
				atomic_fetch_add(&forks_ok, 1);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	ROUNDS = argc > 1 ? atoi(argv[1]) : 200;
	T = argc > 2 ? atoi(argv[2]) : 4;
	pthread_t th[64];
	if (T < 1 || T > 64)
		T = 4;
	for (long i = 0; i < T; i++)
		pthread_create(&th[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < T; i++)
		pthread_join(th[i], NULL);
	long forks = (long)T * ((ROUNDS + 7) / 8);
	long want_mutex = (long)ROUNDS * T * (T + 1) / 2;
	if (fails || atomics != 100L * T * ROUNDS || mutexed != want_mutex ||
	    spinned != 2L * T * ROUNDS || futexed != (long)T * ROUNDS ||
	    jit_ok != (long)T * ROUNDS || forks_ok != forks) {
		printf("stress: FAIL threads %d atomics %ld mutex %ld spin %ld futex %ld jit %ld forks %ld\n",
		       T, (long)atomics, mutexed, spinned, futexed, (long)jit_ok, (long)forks_ok);
		return 1;
	}
	/* Normalized by T, so that the line is the same at every hart count. */
	printf("stress: atomics %ld mutex %ld spin %ld futex %ld jit %ld forks %ld ok\n",
	       (long)atomics / T, mutexed * 2 / ((long)T * (T + 1)), spinned / T, futexed / T,
	       (long)jit_ok / T, (long)forks_ok / T);
	return 0;
}
