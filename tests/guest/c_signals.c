/* Signal delivery basics: SA_SIGINFO handlers for raise() and kill() with si_code/si_pid,
 * blocked signals left pending until unblocked, a handler raising another signal (nesting),
 * SA_NODEFER recursion, sigaltstack with SA_ONSTACK (the handler's frame must be on the
 * alternate stack and sigaltstack must report SS_ONSTACK), and register state surviving delivery. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <stdint.h>

static volatile sig_atomic_t usr1_count, usr2_count, last_code, last_pid_ok, nodefer_depth,
	max_nodefer_depth;
static char order[64];
static volatile int order_n;
static char *alt_base;
static size_t alt_size;
static volatile int on_alt, ss_flag_onstack;

static void note(char c) { if (order_n < 63) order[order_n++] = c; }

static void h_usr1(int sig, siginfo_t *si, void *uc)
{
	usr1_count++;
	last_code = si->si_code;
	last_pid_ok = si->si_pid == getpid();
	note('1');
}

static void h_usr2(int sig, siginfo_t *si, void *uc) { usr2_count++; note('2'); }

static void h_nest(int sig)
{
	note('a');
	raise(SIGUSR2);		/* delivered right away: SIGUSR2 is not blocked in here */
	note('b');
}

static void h_nodefer(int sig)
{
	nodefer_depth++;
	if (nodefer_depth > max_nodefer_depth) max_nodefer_depth = nodefer_depth;
	if (nodefer_depth < 4) raise(SIGURG);
	nodefer_depth--;
}

static void h_alt(int sig)
{
	char local;
	stack_t cur;
	on_alt = &local >= alt_base && &local < alt_base + alt_size;
	sigaltstack(NULL, &cur);
	ss_flag_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
}

static void install(int sig, void (*h)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = h;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void install_simple(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

int main(void)
{
	install(SIGUSR1, h_usr1, 0);
	install(SIGUSR2, h_usr2, 0);

	raise(SIGUSR1);
	printf("raise: count %d si_code %d (SI_TKILL %d) pid ok %d\n", usr1_count, last_code,
	       SI_TKILL, last_pid_ok);
	kill(getpid(), SIGUSR1);
	printf("kill: count %d si_code %d (SI_USER %d) pid ok %d\n", usr1_count, last_code, SI_USER,
	       last_pid_ok);

	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, &old);
	raise(SIGUSR2);
	raise(SIGUSR2);		/* standard signals do not queue: one delivery */
	sigpending(&pend);
	printf("blocked: pending %d count %d\n", sigismember(&pend, SIGUSR2), usr2_count);
	sigprocmask(SIG_SETMASK, &old, NULL);
	printf("unblocked: count %d\n", usr2_count);

	order_n = 0;
	install_simple(SIGUSR1, h_nest, 0);
	note('<');
	raise(SIGUSR1);
	note('>');
	order[order_n] = 0;
	printf("nesting order %s\n", order);

	install_simple(SIGURG, h_nodefer, SA_NODEFER);
	raise(SIGURG);
	printf("SA_NODEFER max depth %d\n", max_nodefer_depth);

	alt_size = 64 * 1024;
	alt_base = malloc(alt_size);
	stack_t ss = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
	printf("sigaltstack set %d\n", sigaltstack(&ss, NULL));
	install_simple(SIGUSR2, h_alt, SA_ONSTACK);
	raise(SIGUSR2);
	printf("handler on alt stack %d, SS_ONSTACK seen %d\n", on_alt, ss_flag_onstack);
	stack_t now;
	sigaltstack(NULL, &now);
	printf("after return SS_ONSTACK %d\n", (now.ss_flags & SS_ONSTACK) != 0);
	install_simple(SIGUSR2, h_alt, 0);
	raise(SIGUSR2);
	printf("without SA_ONSTACK on alt stack %d\n", on_alt);

	/* Callee- and caller-saved state across many deliveries. */
	install(SIGUSR1, h_usr1, 0);
	uint64_t a = 1, b = 2;
	for (int i = 0; i < 1000; i++) {
		a = a * 6364136223846793005ULL + b;
		if (i % 10 == 0) raise(SIGUSR1);
		b ^= a >> 13;
	}
	printf("state across 100 signals %016llx %016llx count %d\n", (unsigned long long)a,
	       (unsigned long long)b, usr1_count);

	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	printf("ignored signal survived\n");
	return 0;
}
