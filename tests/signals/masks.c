/* Masks and queues: nested handlers with sa_mask deferring a signal until the outer handler
 * returns; the ucontext's uc_sigmask is the mask before delivery; RT signals queue (in order,
 * with their values) while standard ones coalesce; sigsuspend waits with a temporary mask that
 * is restored afterwards; sigpending; sigtimedwait with and without a timeout; SA_RESETHAND;
 * rt_sigaction/rt_sigprocmask argument errors.
 * masks.expected holds the Linux kernel's result; qemu-riscv64 7.2 differs in two places:
 * it delivers a signal that rt_sigreturn unblocks only at some later event (the kernel does at
 * the return from rt_sigreturn: order "<()2>"), and a handler entered from sigsuspend runs
 * without its sa_mask added (the kernel blocks suspend mask | sa_mask | sig). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include <stdint.h>

static char order[64];
static int order_n;
static void note(char c) { if (order_n < 63) order[order_n++] = c; }

static volatile int uc_mask_has_usr2, rt_vals[8], rt_n;

static void h_outer(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	uc_mask_has_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
	note('(');
	raise(SIGUSR2);		/* blocked by sa_mask: runs after we return */
	note(')');
}

static void h_inner(int sig) { note('2'); }

static void h_rt(int sig, siginfo_t *si, void *uc)
{
	if (rt_n < 8) rt_vals[rt_n++] = si->si_value.sival_int * 100 + (sig - SIGRTMIN);
}

static volatile int alrm;
static void h_alrm(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	alrm = 1 + sigismember(&cur, SIGUSR1);	/* USR1 blocked inside via sa_mask */
}

static volatile int reset_count;
static void h_reset(int sig) { reset_count++; }

static void install(int sig, void *h, int flags, int masked)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	if (flags & SA_SIGINFO) sa.sa_sigaction = h; else sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (masked) sigaddset(&sa.sa_mask, masked);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	install(SIGUSR1, h_outer, SA_SIGINFO, SIGUSR2);
	install(SIGUSR2, h_inner, 0, 0);
	note('<');
	raise(SIGUSR1);
	note('>');
	printf("sa_mask order %s uc_sigmask has USR2 %d\n", order, uc_mask_has_usr2);

	/* The saved mask includes what was blocked before delivery. */
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, &old);
	raise(SIGUSR1);
	printf("uc_sigmask with USR2 blocked: %d\n", uc_mask_has_usr2);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* RT signals queue in order with values; standard signals coalesce. */
	install(SIGRTMIN, h_rt, SA_SIGINFO, 0);
	install(SIGRTMIN + 1, h_rt, SA_SIGINFO, 0);
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &s, &old);
	for (int i = 1; i <= 3; i++) {
		union sigval v = { .sival_int = i };
		sigqueue(getpid(), SIGRTMIN + 1, v);
		sigqueue(getpid(), SIGRTMIN, v);
	}
	sigset_t pend;
	sigpending(&pend);
	printf("pending RTMIN %d RTMIN+1 %d USR1 %d\n", sigismember(&pend, SIGRTMIN),
	       sigismember(&pend, SIGRTMIN + 1), sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("rt deliveries %d:", rt_n);
	for (int i = 0; i < rt_n; i++) printf(" %d", rt_vals[i]);
	printf("\n");

	/* sigsuspend */
	install(SIGALRM, h_alrm, 0, SIGUSR1);
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	sigprocmask(SIG_BLOCK, &s, &old);
	alarm(1);
	sigset_t wait;
	sigemptyset(&wait);
	int r = sigsuspend(&wait);
	int e = errno;
	sigset_t after;
	sigprocmask(SIG_BLOCK, NULL, &after);
	printf("sigsuspend r=%d EINTR %d handler ran %d (usr1 blocked inside %d) ALRM blocked after %d\n",
	       r, e == EINTR, alrm != 0, alrm == 2, sigismember(&after, SIGALRM));
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* sigtimedwait */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, &old);
	raise(SIGUSR2);
	siginfo_t si;
	struct timespec to = { 1, 0 };
	r = sigtimedwait(&s, &si, &to);
	printf("sigtimedwait got %d code %d (SI_TKILL %d)\n", r, si.si_code, SI_TKILL);
	to.tv_sec = 0;
	to.tv_nsec = 50 * 1000 * 1000;
	r = sigtimedwait(&s, &si, &to);
	printf("sigtimedwait timeout r=%d EAGAIN %d\n", r, errno == EAGAIN);
	to.tv_nsec = 2000000000L;
	r = sigtimedwait(&s, &si, &to);
	printf("sigtimedwait bad timeout r=%d EINVAL %d\n", r, errno == EINVAL);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* SA_RESETHAND */
	install(SIGUSR2, h_reset, SA_RESETHAND, 0);
	raise(SIGUSR2);
	struct sigaction cur;
	sigaction(SIGUSR2, NULL, &cur);
	printf("SA_RESETHAND count %d now default %d\n", reset_count, cur.sa_handler == SIG_DFL);

	/* Errors */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h_reset;
	r = sigaction(SIGKILL, &sa, NULL);
	printf("sigaction SIGKILL r=%d EINVAL %d\n", r, errno == EINVAL);
	r = sigaction(SIGSTOP, NULL, &cur);
	printf("sigaction get SIGSTOP r=%d\n", r);
	r = syscall(SYS_rt_sigaction, 0, NULL, &cur, 8);
	printf("rt_sigaction 0 r=%d EINVAL %d\n", r, errno == EINVAL);
	r = syscall(SYS_rt_sigaction, 65, NULL, &cur, 8);
	printf("rt_sigaction 65 r=%d EINVAL %d\n", r, errno == EINVAL);
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &cur, 16);
	printf("rt_sigaction size 16 r=%d EINVAL %d\n", r, errno == EINVAL);
	uint64_t m = 0;
	r = syscall(SYS_rt_sigprocmask, 7, &m, NULL, 8);
	printf("rt_sigprocmask bad how r=%d EINVAL %d\n", r, errno == EINVAL);
	r = syscall(SYS_rt_sigprocmask, 7, NULL, &m, 8);
	printf("rt_sigprocmask bad how without set r=%d\n", r);
	m = ~0ULL;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &m, 8);
	printf("KILL/STOP never blocked %d %d\n", !(m & (1ULL << (SIGKILL - 1))),
	       !(m & (1ULL << (SIGSTOP - 1))));
	m = 0;
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
	return 0;
}
