/* fork while other threads run: the loop. Three threads keep the translator busy
 * (system calls, which go back through the dispatcher and its locks; mmap/munmap; fresh code
 * through fence.i-free paths) while the main thread forks N times (argv[1], default 200).
 * Each child translates code the parent never ran, maps memory, changes a signal action and
 * exits with a status derived from its iteration; the parent checks every status. Every 25th
 * round is a posix_spawn of this program instead (glibc: clone with CLONE_VM|CLONE_VFORK, then
 * exec in the child). Without
 * a fork path that takes qelt's locks first, a child inherits a lock another thread held
 * and hangs (the runner's timeout turns that into a FAIL). */
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop;

static void *busy(void *arg)
{
	long kind = (long)arg, n = 0;
	while (!atomic_load(&stop)) {
		if (kind == 0) {
			getppid();                     /* dispatcher: lookup under the runtime lock */
		} else if (kind == 1) {
			void *p = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p != MAP_FAILED) {
				((volatile char *)p)[100] = 1;
				munmap(p, 1 << 16);
			}
			free(malloc(1000 + (size_t)(n % 5000)));
		} else {
			struct sigaction sa;
			sigaction(SIGUSR2, NULL, &sa);   /* the signal layer's lock */
			sched_yield();
		}
		n++;
	}
	return NULL;
}

/* Only children run this: its translation happens in the child. */
static __attribute__((noinline)) int child_work(int k)
{
	volatile int acc = k;
	for (int i = 0; i < 50; i++)
		acc = acc * 7 + i;
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 100;
	p[0] = (char)acc;
	munmap(p, 8192);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	sigaction(SIGUSR1, &sa, NULL);
	char *m = malloc(100000);
	if (!m)
		return 101;
	free(m);
	return k % 64;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	int n = argc > 1 ? atoi(argv[1]) : 200;
	pthread_t t[3];
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, busy, (void *)i);
	int bad = 0;
	for (int k = 0; k < n; k++) {
		pid_t pid;
		if (k % 25 == 24) {
			char num[16];
			snprintf(num, sizeof num, "%d", k % 64);
			char *args[] = { "forkloop", "exit", num, NULL };
			if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, NULL) != 0)
				pid = -1;
		} else if ((pid = fork()) == 0) {
			_exit(child_work(k));
		}
		if (pid < 0) {
			printf("fork failed\n");
			bad++;
			break;
		}
		int st;
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != k % 64) {
			printf("child %d: status %#x\n", k, st);
			bad++;
		}
	}
	atomic_store(&stop, 1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("%s\n", bad ? "forks failed" : "forks ok");
	return bad != 0;
}
