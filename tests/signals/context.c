/* Register state and dispositions: a SIGSEGV handler that skips the faulting load by editing
 * the ucontext pc (and a register); FP registers and the rounding mode survive a handler that
 * clobbers them; a handler sees x-registers of the interrupted code in the ucontext; SIGPIPE
 * ignored gives EPIPE and by default kills; default SIGTERM/SIGINT/SIGABRT deaths; SIGCHLD
 * SIG_IGN reaps children automatically. */
#include <errno.h>
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>
#include <stdint.h>

static volatile uintptr_t sink_addr = 8;

static void h_skip(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	uc->uc_mcontext.__gregs[REG_PC] += 4;
	uc->uc_mcontext.__gregs[REG_A0] = 77;
}

static volatile double sink;
static void h_fp(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	fesetround(FE_UPWARD);
	volatile double a = 1.0, b = 3.0;
	sink = a / b;
	__asm__ volatile("fmv.d.x ft0, zero\n fmv.d.x fs0, zero\n fmv.d.x fa0, zero" ::: "ft0", "fs0", "fa0");
	/* the saved frm/fflags are in the fcsr slot of the frame */
	(void)uc;
}

static int child_status(void (*fn)(void))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) { fn(); _exit(0); }
	int st;
	waitpid(pid, &st, 0);
	return st;
}

static void do_pipe_default(void)
{
	int p[2];
	pipe(p);
	close(p[0]);
	write(p[1], "x", 1);
	printf("survived SIGPIPE (wrong)\n");
}
static void do_term(void) { kill(getpid(), SIGTERM); pause(); }
static void do_int(void) { raise(SIGINT); }
static void do_abort(void) { abort(); }
static void do_blocked_segv(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGSEGV);
	sigprocmask(SIG_BLOCK, &s, NULL);
	{ volatile int *np = (volatile int *)(uintptr_t)sink_addr; *np = 1; }		/* a blocked fault still kills */
}

static void report(const char *what, int st)
{
	if (WIFSIGNALED(st))
		printf("%s: killed by %d\n", what, WTERMSIG(st));
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h_skip;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	long r;
	__asm__ volatile(".option push\n.option norvc\nli a0, 1\nli t0, 16\nld t1, 0(t0)\nmv %0, a0\n.option pop"
			 : "=r"(r) : : "a0", "t0", "t1", "memory");
	printf("skipped faulting load, a0 %ld\n", r);

	sa.sa_sigaction = h_fp;
	sigaction(SIGUSR1, &sa, NULL);
	fesetround(FE_TOWARDZERO);
	double x = 1.0, y = 3.0;
	register double keep __asm__("fs0") = 2.5;
	__asm__ volatile("" : "+f"(keep));
	raise(SIGUSR1);
	__asm__ volatile("" : "+f"(keep));
	double q = x / y;
	printf("fs0 after handler %g rounding mode kept %d q %.17g\n", keep,
	       fegetround() == FE_TOWARDZERO, q);
	fesetround(FE_TONEAREST);

	signal(SIGPIPE, SIG_IGN);
	int p[2];
	pipe(p);
	close(p[0]);
	ssize_t n = write(p[1], "x", 1);
	printf("SIGPIPE ignored: write %zd EPIPE %d\n", n, errno == EPIPE);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
	report("SIGPIPE default", child_status(do_pipe_default));
	report("SIGTERM default", child_status(do_term));
	report("SIGINT default", child_status(do_int));
	report("abort", child_status(do_abort));
	signal(SIGSEGV, SIG_DFL);
	report("blocked SIGSEGV fault", child_status(do_blocked_segv));

	signal(SIGCHLD, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) _exit(3);
	int st;
	pid_t w = waitpid(pid, &st, 0);
	printf("SIGCHLD ignored: waitpid %d ECHILD %d\n", (int)w, errno == ECHILD);
	return 0;
}
