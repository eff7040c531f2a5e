/*
 * TEMPORARY weak stand-ins for the signal layer (user/signal.c, engineer G), so that
 * qelt-riscv64 links and runs static programs before it lands. Every definition here is weak:
 * the real one replaces it at link time, and this file should be deleted once signal.c exists.
 *
 * A synchronous guest signal takes its default action at once (QEMU's "uncaught target signal"
 * message, then the host process dies of the same signal so that the exit status matches).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "process.h"

#define W __attribute__((weak))

W void signal_init(Process *p) {}
W void signal_thread_init(VCPU *cpu) {}
W void process_pending_signals(VCPU *cpu) {}

W void queue_guest_signal(VCPU *cpu, int sig, int code, uint64_t addr)
{
    Process *p = cpu->proc;
    fprintf(stderr, "qelt: uncaught target signal %d (%s) - core dumped\n", sig, strsignal(sig));
    if (p && p->log)
        fflush(p->log);
    struct rlimit nocore = { 0, 0 };
    setrlimit(RLIMIT_CORE, &nocore);
    signal(sig, SIG_DFL);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    raise(sig);
    process_exit(p, 128 + sig);
}

/* Until user/signal.c: dispositions are not kept; the guest is told its calls worked, with
 * "nothing installed / nothing blocked" for the old values. */
static void zero_guest(VCPU *cpu, uint64_t addr, size_t len)
{
    Process *p = cpu->proc;
    if (addr && gm_access_ok(p->gm, addr, len, PAGE_WRITE))
        memset(g2h(p->gm, addr), 0, len);
}
W int64_t do_rt_sigaction(VCPU *cpu, int sig, uint64_t act, uint64_t oact, uint64_t sigsetsize)
{
    if (sig < 1 || sig > 64 || sigsetsize != 8)
        return -EINVAL;
    zero_guest(cpu, oact, 32);
    return 0;
}
W int64_t do_rt_sigprocmask(VCPU *cpu, int how, uint64_t set, uint64_t oset, uint64_t sigsetsize)
{
    if (sigsetsize != 8)
        return -EINVAL;
    zero_guest(cpu, oset, 8);
    return 0;
}
W int64_t do_sigaltstack(VCPU *cpu, uint64_t ss, uint64_t oss)
{
    zero_guest(cpu, oss, 24);
    return 0;
}
W int64_t do_rt_sigreturn(VCPU *cpu) { return -ENOSYS; }
W int64_t do_rt_sigsuspend(VCPU *cpu, uint64_t set, uint64_t sigsetsize) { return -ENOSYS; }
W int64_t do_rt_sigpending(VCPU *cpu, uint64_t set, uint64_t sigsetsize)
{
    zero_guest(cpu, set, 8);
    return 0;
}
W int64_t do_rt_sigtimedwait(VCPU *cpu, uint64_t set, uint64_t info, uint64_t ts, uint64_t sigsetsize)
{
    return -ENOSYS;
}
W int signal_pending(VCPU *cpu) { return 0; }
