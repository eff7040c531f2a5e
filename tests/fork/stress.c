/* Threads + fork + signals, randomized timing: stress [ROUNDS [SEED]].
 * Three worker threads pick random actions (compute for a random time, system calls, mmap,
 * signals to each other and to the process, blocking and unblocking a signal, dropping the
 * code cache with fence.i); an interval timer sends SIGALRM every few hundred microseconds;
 * ROUNDS forks (from the main thread or from worker 0, at random moments) make children that
 * do random things themselves (threads, signals, fork again, exec this program) and exit
 * with a known status, unless the parent kills them at a random moment. The parent checks
 * every status. Prints "stress ok" or what went wrong (with the seed, to replay the run). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop, started;
static atomic_long n_sig;
static pthread_t workers[3];
static unsigned base_seed;
static const char *self_path;

static void on_signal(int sig) { (void)sig; atomic_fetch_add(&n_sig, 1); }

static long spin(unsigned *seed, int max)
{
	long x = rand_r(seed);
	int n = rand_r(seed) % max;
	for (int i = 0; i < n; i++)
		x = x * 3 + (x >> 5) + i;
	return x;
}

static void flush_code(void)
{
#ifdef __riscv
	__asm__ volatile("fence.i" ::: "memory");
#endif
}

/* in_child: only the calling thread exists (the workers' handles mean nothing there). */
static void random_action(unsigned *seed, int in_child)
{
	switch (rand_r(seed) % 10) {
	case 0: case 1: case 2:
		spin(seed, 20000);
		break;
	case 3:
		getppid();
		break;
	case 4: {
		size_t len = 4096u << (rand_r(seed) % 5);
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			p[len - 1] = 1;
			munmap(p, len);
		}
		break;
	}
	case 5:
		if (in_child)
			raise(SIGUSR1);
		else
			pthread_kill(workers[rand_r(seed) % 3], SIGUSR1);
		break;
	case 6: {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGUSR2);
		pthread_sigmask(SIG_BLOCK, &s, NULL);
		spin(seed, 2000);
		pthread_sigmask(SIG_UNBLOCK, &s, NULL);
		break;
	}
	case 7:
		kill(getpid(), SIGUSR2);
		break;
	case 8:
		if (rand_r(seed) % 8 == 0)
			flush_code();
		break;
	default:
		free(malloc((size_t)(rand_r(seed) % 100000)));
		break;
	}
}

static void *child_thread(void *arg)
{
	unsigned seed = (unsigned)(long)arg;
	for (int i = 0; i < 5; i++)
		random_action(&seed, 1);
	return NULL;
}

/* What a child does before exiting with status (its own round number). */
static int child_main(unsigned seed, int status)
{
	int what = rand_r(&seed) % 8;
	if (what == 0) {
		pthread_t t;
		if (pthread_create(&t, NULL, child_thread, (void *)(long)seed) == 0)
			pthread_join(t, NULL);
	} else if (what == 1) {
		raise(SIGUSR1);
	} else if (what == 2) {
		pid_t g = fork();
		if (g == 0)
			_exit(7);
		int st;
		while (waitpid(g, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 7)
			return 200;
	} else if (what == 3 && rand_r(&seed) % 16 == 0) {
		char buf[16];
		snprintf(buf, sizeof buf, "%d", status);
		char *args[] = { (char *)self_path, "exit", buf, NULL };
		execv(self_path, args);
		return 201;
	} else {
		for (int i = rand_r(&seed) % 4; i > 0; i--)
			random_action(&seed, 1);
	}
	return status;
}

static int fork_round(int k, unsigned *seed)
{
	int status = k % 100;
	unsigned cseed = (unsigned)rand_r(seed);
	int kill_it = rand_r(seed) % 10 == 0;
	pid_t pid = fork();
	if (pid == 0)
		_exit(child_main(cseed, status));
	if (pid < 0) {
		printf("round %d: fork: %s (seed %u)\n", k, strerror(errno), base_seed);
		return 1;
	}
	if (kill_it) {
		spin(seed, 5000);
		kill(pid, SIGKILL);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			printf("round %d: waitpid: %s (seed %u)\n", k, strerror(errno), base_seed);
			return 1;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == status)
		return 0;
	if (kill_it && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
		return 0;
	printf("round %d: status %#x (seed %u)\n", k, st, base_seed);
	return 1;
}

static atomic_int rounds_left, failures;

static void fork_some(unsigned *seed)
{
	int k = atomic_fetch_sub(&rounds_left, 1);
	if (k > 0 && fork_round(k, seed))
		atomic_fetch_add(&failures, 1);
}

static void *worker(void *arg)
{
	long idx = (long)arg;
	unsigned seed = base_seed * 7 + (unsigned)idx;
	while (!atomic_load(&started))   /* every handle in workers[] is set */
		sched_yield();
	while (!atomic_load(&stop)) {
		random_action(&seed, 0);
		if (idx == 0 && rand_r(&seed) % 4 == 0)
			fork_some(&seed);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	int rounds = argc > 1 ? atoi(argv[1]) : 100;
	base_seed = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 1;
	self_path = "/proc/self/exe";
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGUSR2, &sa, NULL);   /* without SA_RESTART: system calls see EINTR */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 300 + base_seed % 500 }, { 0, 300 } };
	setitimer(ITIMER_REAL, &it, NULL);
	atomic_store(&rounds_left, rounds);
	for (long i = 0; i < 3; i++)
		pthread_create(&workers[i], NULL, worker, (void *)i);
	atomic_store(&started, 1);
	unsigned seed = base_seed;
	while (atomic_load(&rounds_left) > 0) {
		spin(&seed, 3000);
		fork_some(&seed);
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(workers[i], NULL);
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	printf("%s\n", atomic_load(&failures) ? "stress failed" : "stress ok");
	return atomic_load(&failures) != 0;
}
