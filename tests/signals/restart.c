/* Syscall restart: a blocking pipe read interrupted by SIGALRM is restarted with SA_RESTART
 * (the read completes when a later signal's handler writes the pipe) and fails with EINTR
 * without it; pause() and nanosleep() return EINTR even with SA_RESTART (never restarted);
 * a signal the guest ignores never interrupts the read. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int pfd[2];
static volatile sig_atomic_t ticks;

static void h_tick(int sig)
{
	ticks++;
	if (ticks == 3) {
		char c = 'x';
		write(pfd[1], &c, 1);
	}
}

static void set(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void timer(long usec)
{
	struct itimerval it = { { 0, usec }, { 0, usec } };
	setitimer(ITIMER_REAL, &it, NULL);
}

static void timer_off(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	char c;
	pipe(pfd);

	set(SIGALRM, h_tick, SA_RESTART);
	ticks = 0;
	timer(50000);
	ssize_t n = read(pfd[0], &c, 1);
	timer_off();
	printf("SA_RESTART read: n=%zd c=%c ticks>=3 %d\n", n, n == 1 ? c : '?', ticks >= 3);

	set(SIGALRM, h_tick, 0);
	ticks = 0;
	timer(50000);
	n = read(pfd[0], &c, 1);
	int e = errno;
	timer_off();
	printf("no SA_RESTART read: n=%zd EINTR %d ticks %d\n", n, e == EINTR, ticks);
	/* drain what a late tick may have written */
	set(SIGALRM, SIG_IGN, 0);

	set(SIGALRM, h_tick, SA_RESTART);
	ticks = 10;
	alarm(1);
	int r = pause();
	e = errno;
	printf("pause with SA_RESTART: r=%d EINTR %d\n", r, e == EINTR);

	ticks = 10;
	timer(100000);
	struct timespec ts = { 5, 0 }, rem = { 0, 0 };
	r = nanosleep(&ts, &rem);
	e = errno;
	timer_off();
	printf("nanosleep: r=%d EINTR %d rem<5s %d\n", r, e == EINTR, rem.tv_sec < 5);

	/* SIGUSR1 ignored: sent by a child while we block in read, never seen. */
	signal(SIGUSR1, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		pid_t pp = getppid();
		for (int i = 0; i < 5; i++) {
			kill(pp, SIGUSR1);
			usleep(20000);
		}
		write(pfd[1], "y", 1);
		_exit(0);
	}
	n = read(pfd[0], &c, 1);
	printf("ignored signal during read: n=%zd c=%c\n", n, n == 1 ? c : '?');
	return 0;
}
