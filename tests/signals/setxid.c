/* set*id in a process with several threads: glibc makes every thread change its credentials
 * (the kernel's are per thread) by sending them its internal real-time signal SIGSETXID (33)
 * and waiting for them. Under a translator that signal must reach the guest's threads and not
 * the translator's own C library. Three threads call setuid/setgid/setgroups/setresuid with the
 * current ids (allowed without privileges) and check that every thread sees the same ids. */
#define _GNU_SOURCE
#include <grp.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t start, done;
static volatile int ok[3];

static void *worker(void *arg)
{
	int i = (int)(long)arg;
	pthread_barrier_wait(&start);
	pthread_barrier_wait(&done);
	/* raw syscalls: this thread's own credentials */
	ok[i] = syscall(SYS_getuid) == getuid() && syscall(SYS_getgid) == getgid();
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	pthread_barrier_init(&start, NULL, 3);
	pthread_barrier_init(&done, NULL, 3);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	pthread_barrier_wait(&start);
	printf("setuid: %d\n", setuid(getuid()));
	printf("setgid: %d\n", setgid(getgid()));
	gid_t g[64];
	int n = getgroups(64, g);
	printf("setgroups: %d\n", n >= 0 ? setgroups((size_t)n, g) : -2);
	printf("setresuid: %d\n", setresuid(-1, getuid(), -1));
	printf("setreuid: %d\n", setreuid(-1, geteuid()));
	printf("seteuid: %d\n", seteuid(geteuid()));
	pthread_barrier_wait(&done);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("threads agree: %d %d\n", ok[0], ok[1]);
	return 0;
}
