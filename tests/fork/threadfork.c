/* fork from a thread other than the main thread while two more threads run, and what the child
 * may then do: it has exactly one thread; it starts threads of its own, which drop all
 * translations (fence.i: an exclusive section, which must not wait for the parent's threads)
 * and fork again from one of them (a grandchild); it exits with a status its parent checks.
 * N rounds (argv[1], default 30). */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop;

static long work(long x)
{
	for (int i = 0; i < 2000; i++)
		x = x * 5 + (x >> 3) + i;
	return x;
}

static void *busy(void *arg)
{
	long x = (long)arg;
	while (!atomic_load(&stop)) {
		x = work(x);
		if ((x & 7) == 0)
			getpid();
	}
	return (void *)x;
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}

static void flush_code(void)
{
#ifdef __riscv
	__asm__ volatile("fence.i" ::: "memory");
#endif
}

/* Child threads: compute, flush the code cache, and one of them forks a grandchild. */
static void *child_thread(void *arg)
{
	long k = (long)arg;
	long x = work(k);
	flush_code();
	x = work(x);
	if (k == 1) {
		pid_t g = fork();
		if (g == 0)
			_exit(count_tasks() == 1 ? 42 : 43);
		int st;
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st) || WEXITSTATUS(st) != 42)
			return (void *)-1L;
	}
	return (void *)(x == 12345 ? -1L : 0L);
}

static int child_main(int round)
{
	if (count_tasks() != 1)
		return 60;
	pthread_t t[3];
	for (long i = 0; i < 3; i++)
		if (pthread_create(&t[i], NULL, child_thread, (void *)i))
			return 61;
	int bad = 0;
	for (int i = 0; i < 3; i++) {
		void *r;
		pthread_join(t[i], &r);
		bad |= r != NULL;
	}
	return bad ? 62 : round % 50;
}

static void *forker(void *arg)
{
	int n = (int)(long)arg, bad = 0;
	for (int k = 0; k < n; k++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(child_main(k));
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != k % 50) {
			printf("round %d: status %#x\n", k, pid < 0 ? -1 : st);
			bad++;
		}
	}
	return (void *)(long)bad;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 30;
	pthread_t b[2], f;
	for (long i = 0; i < 2; i++)
		pthread_create(&b[i], NULL, busy, (void *)(i + 1));
	pthread_create(&f, NULL, forker, (void *)(long)n);
	void *bad;
	pthread_join(f, &bad);
	atomic_store(&stop, 1);
	for (int i = 0; i < 2; i++)
		pthread_join(b[i], NULL);
	printf("%s\n", bad ? "forks from a thread failed" : "forks from a thread ok");
	return bad != NULL;
}
