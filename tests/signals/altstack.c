/* Stack overflow caught on an alternate stack (SA_ONSTACK SIGSEGV handler leaving with
 * siglongjmp), the same overflow without an alternate stack killing the process (the frame
 * cannot be written), sigaltstack errors (EPERM while on it, ENOMEM, EINVAL) and SS_AUTODISARM.
 * altstack.expected holds the Linux kernel's result: qemu-riscv64 7.2 rejects SS_AUTODISARM
 * (EINVAL), which the kernel accepts since 4.7 and reports back in ss_flags. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;
static char *stk;
static size_t stk_size = 256 * 1024;
static char altbuf[64 * 1024];
static volatile int on_alt, eperm;
static ucontext_t main_uc, rec_uc;

static int recurse(int n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	return recurse(n + 1) + pad[0];
}

static void run_recursion(void) { recurse(0); }

static void h_segv(int sig, siginfo_t *si, void *uc)
{
	char local;
	on_alt = &local >= altbuf && &local < altbuf + sizeof altbuf;
	stack_t ss = { .ss_sp = altbuf, .ss_size = sizeof altbuf, .ss_flags = 0 };
	eperm = sigaltstack(&ss, NULL) == -1 && errno == EPERM;
	siglongjmp(env, 1);
}

/* Run the recursion on a mapped stack with a PROT_NONE guard page below it. */
static void overflow(void)
{
	getcontext(&rec_uc);
	rec_uc.uc_stack.ss_sp = stk + 4096;
	rec_uc.uc_stack.ss_size = stk_size - 4096;
	rec_uc.uc_link = &main_uc;
	makecontext(&rec_uc, run_recursion, 0);
	swapcontext(&main_uc, &rec_uc);
}

int main(void)
{
	stk = mmap(NULL, stk_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(stk, 4096, PROT_NONE);

	stack_t ss = { .ss_sp = altbuf, .ss_size = 100, .ss_flags = 0 };
	printf("small altstack: %d ENOMEM %d\n", sigaltstack(&ss, NULL), errno == ENOMEM);
	ss.ss_size = sizeof altbuf;
	ss.ss_flags = 12345;
	printf("bad flags: %d EINVAL %d\n", sigaltstack(&ss, NULL), errno == EINVAL);
	ss.ss_flags = 0;
	printf("set: %d\n", sigaltstack(&ss, NULL));
	stack_t old;
	sigaltstack(NULL, &old);
	printf("get: size ok %d sp ok %d flags %d\n", old.ss_size == sizeof altbuf,
	       old.ss_sp == altbuf, old.ss_flags);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(env, 1) == 0) {
		overflow();
		printf("no overflow (wrong)\n");
	} else {
		printf("overflow caught: on alt %d EPERM %d\n", on_alt, eperm);
	}
	/* Again: the handler must work a second time. */
	on_alt = 0;
	if (sigsetjmp(env, 1) == 0)
		overflow();
	else
		printf("second overflow caught: on alt %d\n", on_alt);

	/* Without an alternate stack the frame cannot be pushed: death by SIGSEGV. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		stack_t dis = { .ss_flags = SS_DISABLE };
		sigaltstack(&dis, NULL);
		overflow();
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child without altstack: signaled %d sig %d\n", WIFSIGNALED(st),
	       WIFSIGNALED(st) ? WTERMSIG(st) : -1);

	/* SS_AUTODISARM: the stack is disabled while the handler runs on it. */
	ss.ss_flags = (int)(1U << 31);	/* SS_AUTODISARM */
	printf("autodisarm set: %d\n", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("autodisarm flags %#x\n", (unsigned)old.ss_flags);
	return 0;
}
