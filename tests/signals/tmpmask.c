/* System calls that install a temporary signal mask (pselect6, ppoll, epoll_pwait, epoll_pwait2,
 * rt_sigsuspend): a signal that is already pending and that the temporary mask unblocks must
 * interrupt the call at once (EINTR after its handler ran), and so must one that arrives while
 * the call blocks. The handler runs with temporary mask | sa_mask | its signal; the frame's
 * uc_sigmask (what rt_sigreturn puts back) is the mask from before the call; the call does not
 * leave the temporary mask behind. First case: GNU make's job server (SIGCHLD blocked, a child
 * exits, pselect6 with an empty mask). Also rt_sigtimedwait with a zero timeout and a pending
 * signal it waits for (returns the signal, not EAGAIN).
 * tmpmask.expected is the Linux kernel's result (this program built natively for x86-64 gives
 * the same lines); qemu-riscv64 7.2 has no epoll_pwait2 (ENOSYS). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int got, in_handler_blocked_usr2, frame_usr2, frame_sig;

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	got = sig;
	in_handler_blocked_usr2 = sigismember(&cur, SIGUSR2);
	frame_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
	frame_sig = sigismember(&uc->uc_sigmask, sig);
}

static void wait_pending(int sig)
{
	sigset_t p;
	for (int i = 0; i < 100000; i++) {
		sigpending(&p);
		if (sigismember(&p, sig))
			return;
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	printf("signal %d never became pending\n", sig);
}

static void report(const char *what, long r, int err)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("%s: r=%ld %s handler=%d usr2-blocked-in-handler=%d frame-mask-usr2=%d frame-mask-sig=%d "
	       "after: usr2=%d usr1=%d chld=%d alrm=%d\n", what, r, r < 0 ? strerror(err) : "ok",
	       got, in_handler_blocked_usr2, frame_usr2, frame_sig, sigismember(&cur, SIGUSR2),
	       sigismember(&cur, SIGUSR1), sigismember(&cur, SIGCHLD), sigismember(&cur, SIGALRM));
	got = in_handler_blocked_usr2 = frame_usr2 = frame_sig = 0;
}

/* Block sig and SIGUSR2, make sig pending (a child exit for SIGCHLD), return the empty mask. */
static void setup_pending(int sig, sigset_t *empty)
{
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, sig);
	sigaddset(&b, SIGUSR2);
	sigprocmask(SIG_SETMASK, &b, NULL);
	if (sig == SIGCHLD) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
	} else {
		raise(sig);
	}
	wait_pending(sig);
	sigemptyset(empty);
}

static void arm_alarm(sigset_t *empty)
{
	sigset_t b;
	sigemptyset(&b);
	sigaddset(&b, SIGALRM);
	sigaddset(&b, SIGUSR2);
	sigprocmask(SIG_SETMASK, &b, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	sigemptyset(empty);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	setvbuf(stdout, NULL, _IONBF, 0);

	sigset_t m;
	int pfd[2];
	pipe(pfd);	/* never written: every wait below can only end by a signal */
	long r;

	/* pselect6 (make -j's job server) */
	setup_pending(SIGCHLD, &m);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(pfd[0], &rd);
	r = pselect(pfd[0] + 1, &rd, NULL, NULL, NULL, &m);
	report("pselect6 pending SIGCHLD", r, errno);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	arm_alarm(&m);
	FD_SET(pfd[0], &rd);
	r = pselect(pfd[0] + 1, &rd, NULL, NULL, NULL, &m);
	report("pselect6 SIGALRM while blocked", r, errno);

	/* ppoll */
	struct pollfd pf = { pfd[0], POLLIN, 0 };
	setup_pending(SIGUSR1, &m);
	r = ppoll(&pf, 1, NULL, &m);
	report("ppoll pending SIGUSR1", r, errno);
	arm_alarm(&m);
	r = ppoll(&pf, 1, NULL, &m);
	report("ppoll SIGALRM while blocked", r, errno);
	/* an unblocked signal that is still blocked by the temporary mask does not interrupt */
	setup_pending(SIGUSR1, &m);
	sigaddset(&m, SIGUSR1);
	struct timespec zero = { 0, 0 };
	r = ppoll(&pf, 1, &zero, &m);
	report("ppoll timeout, SIGUSR1 stays blocked", r, errno);
	sigemptyset(&m);
	sigprocmask(SIG_SETMASK, &m, NULL);
	report("unblocked afterwards", 0, 0);

	/* epoll_pwait and epoll_pwait2 */
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN }, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, pfd[0], &ev);
	setup_pending(SIGUSR1, &m);
	r = epoll_pwait(ep, &out, 1, -1, &m);
	report("epoll_pwait pending SIGUSR1", r, errno);
	arm_alarm(&m);
	r = epoll_pwait(ep, &out, 1, -1, &m);
	report("epoll_pwait SIGALRM while blocked", r, errno);
	setup_pending(SIGCHLD, &m);
	r = syscall(SYS_epoll_pwait2, ep, &out, 1, NULL, &m, 8);
	report("epoll_pwait2 pending SIGCHLD", r, errno);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;

	/* rt_sigsuspend, for comparison */
	setup_pending(SIGUSR1, &m);
	r = sigsuspend(&m);
	report("sigsuspend pending SIGUSR1", r, errno);

	/* rt_sigtimedwait with a zero timeout (Python's test_sigtimedwait_poll) */
	sigset_t w;
	sigemptyset(&w);
	sigaddset(&w, SIGUSR1);
	sigprocmask(SIG_BLOCK, &w, NULL);
	raise(SIGUSR1);
	siginfo_t si;
	r = sigtimedwait(&w, &si, &zero);
	printf("sigtimedwait zero timeout, pending: r=%ld signo=%d\n", r, r > 0 ? si.si_signo : 0);
	r = sigtimedwait(&w, &si, &zero);
	printf("sigtimedwait zero timeout, none: r=%ld %s\n", r, r < 0 ? strerror(errno) : "");
	/* a signal another process sends while the blocked SIGUSR1 is already pending in the host */
	pid_t me = getpid(), c = fork();
	if (c == 0) {
		kill(me, SIGUSR1);
		_exit(0);
	}
	waitpid(c, NULL, 0);
	r = sigtimedwait(&w, &si, &zero);
	printf("sigtimedwait zero timeout, from child: r=%ld signo=%d pid-ok=%d\n", r,
	       r > 0 ? si.si_signo : 0, r > 0 && si.si_pid == c);
	return 0;
}
