/*
 * Guest signals in Linux user mode: host handlers, pending state, delivery (default actions,
 * syscall restart) and the signal system calls. The frame layout lives in signal-frame.c.
 *
 * Flow: a host signal meant for the guest reaches host_signal_handler, which records it in the
 * current thread's SigThread (converted siginfo) and asks the vCPU to leave generated code;
 * cpu_loop then calls process_pending_signals, which takes the default action or builds a
 * guest frame. Faults inside generated code go to the runtime (rt_handle_host_fault), which
 * turns them into EXIT_FAULT and so into queue_guest_signal.
 *
 * Host dispositions follow the guest's so that the host kernel behaves as the guest's would:
 * a guest SIG_IGN is a host SIG_IGN (EPIPE instead of SIGPIPE, auto-reaped children, ignored
 * signals surviving execve), a guest SIG_DFL whose default is to ignore, stop or continue is a
 * host SIG_DFL (no spurious EINTR), everything else is caught. Host handlers are installed
 * without SA_RESTART: a blocking host syscall returns EINTR, and the restart decision
 * (SA_RESTART, or no guest handler at all) is taken here, as the kernel takes it for
 * -ERESTARTSYS. See signal.h for the invariants.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>
#include "signal.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

enum { DFL_TERM, DFL_CORE, DFL_IGN, DFL_STOP, DFL_CONT };

static int default_action(int sig)
{
    switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return DFL_CORE;
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return DFL_IGN;
    case SIGCONT:
        return DFL_CONT;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return DFL_STOP;
    default:
        return DFL_TERM;
    }
}

/* ------------------------------------------------------------------ host signal masks */

/* Raw rt_sigprocmask: 8-byte masks, and glibc's reserved RT signals are not filtered out. */
static void host_setmask(uint64_t m)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

static uint64_t host_getmask(void)
{
    uint64_t m = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
    return m;
}

/* The host mask that mirrors a guest blocked mask. */
static uint64_t host_mask_of(uint64_t guest_blocked)
{
    return sig_mask_g2h(guest_blocked & ~(SIG_SYNC_MASK | GSIG_KILLSTOP));
}

/* Everything asynchronous blocked: the state in which SigThread may be changed. */
static void host_block_async(void)
{
    host_setmask(~(SIG_SYNC_MASK | GSIG_KILLSTOP));
}

void sig_set_blocked(SigThread *ts, uint64_t mask)
{
    ts->blocked = mask & ~GSIG_KILLSTOP;
    host_setmask(host_mask_of(ts->blocked));
}

/* ------------------------------------------------------------------ pending state */

static uint64_t pending_load(const SigThread *ts)
{
    return __atomic_load_n(&ts->pending, __ATOMIC_ACQUIRE);
}

/* Record one instance of sig (host handler, or with host signals blocked). */
static void record_signal(SigThread *ts, int sig, const GuestSiginfo *gi)
{
    uint64_t bit = GSIG_BIT(sig);
    if (sig < 32) {
        if (pending_load(ts) & bit)
            return;                     /* standard signals do not queue */
        ts->info[sig] = *gi;
    } else {
        if (ts->rtq_n >= RTQ_MAX)
            return;                     /* the kernel's RLIMIT_SIGPENDING, in small */
        ts->rtq[ts->rtq_n].sig = sig;
        ts->rtq[ts->rtq_n].info = *gi;
        ts->rtq_n++;
    }
    __atomic_fetch_or(&ts->pending, bit, __ATOMIC_RELEASE);
}

/* Take one pending instance of sig (host signals blocked). */
static void dequeue_signal(SigThread *ts, int sig, GuestSiginfo *out)
{
    uint64_t bit = GSIG_BIT(sig);
    if (sig < 32) {
        *out = ts->info[sig];
        __atomic_fetch_and(&ts->pending, ~bit, __ATOMIC_RELEASE);
        return;
    }
    int i, more = 0;
    for (i = 0; i < ts->rtq_n && ts->rtq[i].sig != sig; i++)
        ;
    if (i < ts->rtq_n) {
        *out = ts->rtq[i].info;
        memmove(&ts->rtq[i], &ts->rtq[i + 1], sizeof ts->rtq[0] * (size_t)(ts->rtq_n - i - 1));
        ts->rtq_n--;
        for (int j = i; j < ts->rtq_n; j++)
            more |= ts->rtq[j].sig == sig;
    } else {
        memset(out, 0, sizeof *out);
        out->si_signo = sig;
        out->si_code = G_SI_KERNEL;
    }
    if (!more)
        __atomic_fetch_and(&ts->pending, ~bit, __ATOMIC_RELEASE);
}

/* Drop every pending instance of sig (its action became "ignore"). */
static void discard_signal(SigThread *ts, int sig)
{
    GuestSiginfo junk;
    while (pending_load(ts) & GSIG_BIT(sig))
        dequeue_signal(ts, sig, &junk);
}

/* The kernel's choice among deliverable signals: synchronous ones first, then the lowest. */
static int next_signal(uint64_t set)
{
    if (!set)
        return 0;
    if (set & SIG_SYNC_MASK)
        set &= SIG_SYNC_MASK;
    return __builtin_ctzll(set) + 1;
}

static SigThread *thread_of(VCPU *cpu)
{
    return cpu ? (SigThread *)cpu->os_thread : NULL;
}

static SignalState *state_of(VCPU *cpu)
{
    Process *p = cpu ? cpu->proc : NULL;
    return p ? p->sig : NULL;
}

/* ------------------------------------------------------------------ host handler */

static void write_str(const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(2, s, n);
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static const char *sig_name(int sig, char *buf, size_t len)
{
    const char *n = signal_name(sig);
    if (n)
        return n;
    snprintf(buf, len, "SIG%d", sig);
    return buf;
}

static void __attribute__((noreturn)) internal_error(int sig, siginfo_t *si, void *uc)
{
    char msg[160], nb[16];
    unsigned long long hpc = (unsigned long long)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    snprintf(msg, sizeof msg, "qelt: internal error: host %s at pc=0x%llx addr=0x%llx\n",
             sig_name(sig, nb, sizeof nb), hpc, (unsigned long long)(uintptr_t)si->si_addr);
    write_str(msg);
    signal(SIGABRT, SIG_DFL);
    uint64_t m = GSIG_BIT(SIGABRT);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, 8);
    abort();
}

/* Die of sig now, as the host would have without our handler (no vCPU to deliver to). */
static void host_default_now(int sig)
{
    int a = default_action(sig);
    if (a != DFL_TERM && a != DFL_CORE)
        return;
    signal(sig, SIG_DFL);
    uint64_t m = GSIG_BIT(sig);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, 8);
    raise(sig);
    _exit(128 + sig);
}

static void host_signal_handler(int sig, siginfo_t *si, void *uc)
{
    int saved_errno = errno;
    VCPU *cpu = current_vcpu;
    if ((GSIG_BIT(sig) & SIG_SYNC_MASK) && si->si_code > 0) {
        /* A real fault (si_code > 0 is the kernel's; kill/tgkill/sigqueue use <= 0). */
        if (cpu && cpu->rt && rt_handle_host_fault(cpu->rt, cpu, sig, si, uc)) {
            errno = saved_errno;
            return;
        }
        internal_error(sig, si, uc);
    }
    SigThread *ts = thread_of(cpu);
    if (!ts) {
        host_default_now(sig);
        errno = saved_errno;
        return;
    }
    if (!cpu->in_generated_code && (!ts->cap_valid || ts->cap_pc != cpu->g.pc)) {
        ts->cap_pc = cpu->g.pc;
        ts->cap_a0 = cpu->g.x[10];
        ts->cap_valid = 1;
    }
    GuestSiginfo gi;
    memcpy(&gi, si, sizeof gi);
    int gsig = sig_from_host(sig, &gi);
    SignalState *st = state_of(cpu);
    /* A soft signal the guest ignores and does not block is dropped here, as the kernel
     * drops such signals when they are sent. */
    if (gsig && !((GSIG_BIT(gsig) & GSIG_SOFT & ~ts->blocked) && st &&
                  __atomic_load_n(&st->act[gsig].handler, __ATOMIC_RELAXED) == G_SIG_IGN))
        record_signal(ts, gsig, &gi);
    cpu_exit_request(cpu);
    errno = saved_errno;
}

/* glibc keeps the first two RT signals (32, 33) for itself and refuses to set their action.
 * No guest signal is delivered through them (signal-map.c), but a guest killed by guest 62 or
 * 63 makes qelt die of host 32 or 33: that SIG_DFL goes to the kernel directly, with our own
 * restorer. */
extern void qelt_host_sigreturn(void) __attribute__((visibility("hidden")));
__asm__(".text\n"
        ".type qelt_host_sigreturn, @function\n"
        "qelt_host_sigreturn:\n"
        "    mov $15, %eax\n"        /* rt_sigreturn */
        "    syscall\n"
        "    hlt\n"
        ".size qelt_host_sigreturn, .-qelt_host_sigreturn\n");

static void raw_sigaction(int sig, const struct sigaction *sa)
{
    struct { void *handler; unsigned long flags; void (*restorer)(void); uint64_t mask; } k;
    k.handler = (void *)sa->sa_handler;
    k.flags = (unsigned long)sa->sa_flags | 0x04000000UL;   /* SA_RESTORER */
    k.restorer = qelt_host_sigreturn;
    k.mask = ~0ULL;
    syscall(SYS_rt_sigaction, sig, &k, NULL, 8);
}

static void catch_host(struct sigaction *sa)
{
    sa->sa_sigaction = host_signal_handler;
    sa->sa_flags = SA_SIGINFO | SA_ONSTACK;
}

/* Make the host disposition of guest signal sig follow the guest's (see the file comment).
 * The carrier of the soft signals is always caught. */
static void update_host_action(SignalState *s, int sig)
{
    if (sig == SIGKILL || sig == SIGSTOP || (GSIG_BIT(sig) & GSIG_SOFT))
        return;
    const GuestSigaction *ga = &s->act[sig];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigfillset(&sa.sa_mask);
    bool sync = (GSIG_BIT(sig) & SIG_SYNC_MASK) != 0;
    int dfl = default_action(sig);
    if (!sync && ga->handler == G_SIG_IGN) {
        sa.sa_handler = SIG_IGN;
    } else if (!sync && ga->handler == G_SIG_DFL &&
               (dfl == DFL_IGN || dfl == DFL_STOP || dfl == DFL_CONT)) {
        sa.sa_handler = SIG_DFL;
    } else {
        catch_host(&sa);
    }
    if (sig == SIGCHLD) {
        if (ga->flags & G_SA_NOCLDSTOP)
            sa.sa_flags |= SA_NOCLDSTOP;
        if (ga->flags & G_SA_NOCLDWAIT)
            sa.sa_flags |= SA_NOCLDWAIT;
    }
    if (sigaction(sig_host_of(sig), &sa, NULL) < 0 && errno == EINVAL)
        raw_sigaction(sig_host_of(sig), &sa);
}

/* ------------------------------------------------------------------ default actions */

static void __attribute__((noreturn)) die_by_signal(VCPU *cpu, int sig, bool fault, uint64_t pc,
                                                    uint64_t addr)
{
    Process *p = cpu ? cpu->proc : NULL;
    if (fault) {
        char msg[128], nb[16];
        snprintf(msg, sizeof msg, "qelt: guest %s at pc=0x%llx addr=0x%llx\n",
                 sig_name(sig, nb, sizeof nb), (unsigned long long)pc, (unsigned long long)addr);
        write_str(msg);
    }
    if (p) {
        vfork_child_send(p, false);   /* a vfork child killed by a signal wrote what it wrote */
        if (p->opts && (p->opts->log_mask & LOG_STATS) && p->rt)
            rt_print_stats(p->rt, cpu, p->log ? p->log : stderr);
        if (p->log)
            fflush(p->log);
    }
    fflush(stdout);
    fflush(stderr);
    /* The guest's core would be qelt's: do not dump one. */
    struct rlimit nocore = { 0, 0 };
    setrlimit(RLIMIT_CORE, &nocore);
    /* The host signal that stands for sig in exit statuses (32..34 for the soft ones). */
    int hsig = sig_host_status_of(sig);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    if (sigaction(hsig, &sa, NULL) < 0 && errno == EINVAL)
        raw_sigaction(hsig, &sa);
    uint64_t m = GSIG_BIT(hsig);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &m, NULL, 8);
    syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), hsig);
    _exit(128 + hsig);
}

/* ------------------------------------------------------------------ init */

static SigThread *new_thread_state(VCPU *cpu)
{
    SigThread *ts = calloc(1, sizeof *ts);
    if (!ts)
        qelt_fatal("out of memory");
    ts->cpu = cpu;
    ts->ss_flags = G_SS_DISABLE;
    /* The mask survives execve (qelt re-executing itself carries the guest's along). */
    ts->blocked = sig_mask_h2g(host_getmask()) & ~GSIG_KILLSTOP;
    return ts;
}

/* A forked child starts with no pending signals of its own. */
static void atfork_child(void)
{
    SigThread *ts = thread_of(current_vcpu);
    if (!ts)
        return;
    __atomic_store_n(&ts->pending, 0, __ATOMIC_RELEASE);
    ts->rtq_n = 0;
}

/* Fork: the sigaction lock is held across the host fork; the child makes it anew. */
void signal_fork_prepare(Process *p)
{
    pthread_mutex_lock(&p->sig->lock);
}

void signal_fork_end(Process *p, bool child)
{
    if (child)
        pthread_mutex_init(&p->sig->lock, NULL);
    else
        pthread_mutex_unlock(&p->sig->lock);
}

void signal_init(Process *p)
{
    SignalState *s = calloc(1, sizeof *s);
    if (!s)
        qelt_fatal("out of memory");
    s->p = p;
    pthread_mutex_init(&s->lock, NULL);
    p->sig = s;
    for (int sig = 1; sig <= GSIG_MAX; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        struct sigaction old;
        /* Ignored signals survive execve: the guest starts with them ignored too. */
        if (!(GSIG_BIT(sig) & GSIG_SOFT) && sigaction(sig_host_of(sig), NULL, &old) == 0 &&
            !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN)
            s->act[sig].handler = G_SIG_IGN;
        update_host_action(s, sig);
    }
    struct sigaction carrier;
    memset(&carrier, 0, sizeof carrier);
    sigfillset(&carrier.sa_mask);
    catch_host(&carrier);
    sigaction(SIG_HOST_CARRIER, &carrier, NULL);
    if (current_vcpu && !current_vcpu->os_thread)
        current_vcpu->os_thread = new_thread_state(current_vcpu);
    pthread_atfork(NULL, NULL, atfork_child);
}

void signal_thread_init(VCPU *cpu)
{
    if (!current_vcpu)
        current_vcpu = cpu;
    SigThread *ts = thread_of(cpu);
    if (!ts) {
        ts = new_thread_state(cpu);
        cpu->os_thread = ts;
    }
    if (!ts->host_altstack) {
        /* The host handler's own stack: qelt's stack may be what overflowed. */
        size_t sz = 64 * 1024;
        ts->host_altstack = malloc(sz);
        if (ts->host_altstack) {
            stack_t ss = { .ss_sp = ts->host_altstack, .ss_size = sz, .ss_flags = 0 };
            sigaltstack(&ss, NULL);
        }
    }
    sig_set_blocked(ts, ts->blocked);
}

/* ------------------------------------------------------------------ synchronous signals */

void queue_guest_signal(VCPU *cpu, int sig, int code, uint64_t addr)
{
    SigThread *ts = thread_of(cpu);
    if (!ts)
        die_by_signal(cpu, sig, true, cpu->g.pc, addr);
    memset(&ts->sync_info, 0, sizeof ts->sync_info);
    ts->sync_info.si_signo = sig;
    ts->sync_info.si_code = code;
    ts->sync_info.u[0] = addr;
    ts->sync_pc = cpu->g.pc;
    ts->sync_sig = sig;
}

void sig_force_segv(VCPU *cpu, SigThread *ts)
{
    memset(&ts->sync_info, 0, sizeof ts->sync_info);
    ts->sync_info.si_signo = SIGSEGV;
    ts->sync_info.si_code = G_SI_KERNEL;
    ts->sync_pc = cpu->g.pc;
    ts->sync_sig = SIGSEGV;
}

void signal_note_syscall_eintr(VCPU *cpu)
{
    SigThread *ts = thread_of(cpu);
    if (!ts)
        return;
    ts->eintr_noted = 1;
    ts->cap_valid = 1;
    ts->cap_pc = cpu->g.pc;
    ts->cap_a0 = cpu->g.x[10];
}

/* ------------------------------------------------------------------ delivery */

/* How an interrupted syscall reacts to a handler (the kernel's -ERESTART* flavours). */
static bool restarts_after_handler(int64_t nr)
{
    switch (nr) {
    /* -ERESTARTNOHAND / -ERESTART_RESTARTBLOCK / plain -EINTR: EINTR once a handler ran,
     * whatever SA_RESTART says (signal(7): "never restarted"). */
    case TARGET_NR_ppoll: case TARGET_NR_pselect6: case TARGET_NR_epoll_pwait:
    case TARGET_NR_epoll_pwait2: case TARGET_NR_nanosleep: case TARGET_NR_clock_nanosleep:
    case TARGET_NR_rt_sigsuspend: case TARGET_NR_rt_sigtimedwait: case TARGET_NR_io_getevents:
    case TARGET_NR_io_pgetevents: case TARGET_NR_msgrcv: case TARGET_NR_msgsnd:
    case TARGET_NR_semop: case TARGET_NR_semtimedop:
        return false;
    default:
        return true;
    }
}

/* Calls that report EINTR themselves and are never restarted, handler or not. */
static bool never_restarts(int64_t nr)
{
    return nr == TARGET_NR_rt_sigsuspend || nr == TARGET_NR_rt_sigtimedwait;
}

static bool insn_is_ecall(Process *p, uint64_t pc)
{
    if (pc < 4 || pc >= GM_TASK_SIZE)
        return false;
    uint64_t a = pc - 4;
    int f1 = gm_page_flags(p->gm, a), f2 = gm_page_flags(p->gm, a + 3);
    if (!(f1 & PAGE_VALID) || !(f1 & PAGE_READ) || !(f2 & PAGE_VALID) || !(f2 & PAGE_READ))
        return false;
    uint32_t insn;
    memcpy(&insn, g2h(p->gm, a), 4);
    return insn == 0x00000073;
}

/* Did the ecall that just returned fail with EINTR because a host signal interrupted it?
 * Without a note from the syscall path, it is inferred: a0 = -EINTR right after an ecall
 * (pc-4), not an rt_sigreturn, and the host handler ran outside generated code at this very
 * pc while a0 still held something else (during the syscall, before cpu_loop wrote a0: that is
 * the first argument a restart needs). A handler run that saw a0 = -EINTR already came after
 * the guest was given its EINTR (a stale exit at the same pc), not during the call. */
static bool syscall_was_interrupted(VCPU *cpu, SigThread *ts)
{
    GuestState *g = &cpu->g;
    if (g->x[10] != (uint64_t)-EINTR || !ts->cap_valid || ts->cap_pc != g->pc)
        return false;
    if (ts->eintr_noted)
        return true;
    return ts->cap_a0 != (uint64_t)-EINTR && !ts->just_sigreturned &&
           insn_is_ecall(cpu->proc, g->pc);
}

static void restart_syscall(VCPU *cpu, SigThread *ts)
{
    cpu->g.pc -= 4;
    cpu->g.x[10] = ts->cap_a0;
}

void process_pending_signals(VCPU *cpu)
{
    SigThread *ts = thread_of(cpu);
    SignalState *s = state_of(cpu);
    if (!ts || !s)
        return;
    if (!pending_load(ts) && !ts->sync_sig && !ts->restore_saved) {
        ts->cap_valid = 0;
        ts->just_sigreturned = 0;
        ts->eintr_noted = 0;
        return;
    }

    host_block_async();
    bool interrupted = syscall_was_interrupted(cpu, ts);
    int64_t nr = (int64_t)cpu->g.x[17];
    ts->cap_valid = 0;
    ts->just_sigreturned = 0;
    ts->eintr_noted = 0;

    for (;;) {
        int sig;
        GuestSiginfo info;
        bool forced = false;
        uint64_t fault_pc = cpu->g.pc;
        if (ts->sync_sig) {
            sig = ts->sync_sig;
            info = ts->sync_info;
            fault_pc = ts->sync_pc;
            ts->sync_sig = 0;
            forced = true;
        } else {
            sig = next_signal(pending_load(ts) & ~ts->blocked);
            if (!sig)
                break;
            dequeue_signal(ts, sig, &info);
        }

        pthread_mutex_lock(&s->lock);
        GuestSigaction ka = s->act[sig];
        /* A fault the guest blocks or ignores kills it (the kernel's force_sig_fault). */
        if (forced && (ka.handler == G_SIG_IGN || (ts->blocked & GSIG_BIT(sig)))) {
            ka.handler = G_SIG_DFL;
            s->act[sig].handler = G_SIG_DFL;
        }
        if (ka.handler > G_SIG_IGN && (ka.flags & G_SA_RESETHAND)) {
            s->act[sig].handler = G_SIG_DFL;
            update_host_action(s, sig);
        }
        pthread_mutex_unlock(&s->lock);

        if (ka.handler == G_SIG_IGN)
            continue;
        if (ka.handler == G_SIG_DFL) {
            switch (default_action(sig)) {
            case DFL_IGN:
            case DFL_CONT:
                continue;
            case DFL_STOP:
                raise(SIGSTOP);
                continue;
            default:
                die_by_signal(cpu, sig, forced, fault_pc, forced ? info.u[0] : 0);
            }
        }

        if (interrupted) {
            /* The kernel decides once, for the first handler. */
            if (!never_restarts(nr) && restarts_after_handler(nr) && (ka.flags & G_SA_RESTART))
                restart_syscall(cpu, ts);
            interrupted = false;
        }
        uint64_t saved = ts->restore_saved ? ts->saved_mask : ts->blocked;
        if (sig_setup_frame(cpu, ts, sig, &ka, &info, saved) < 0) {
            /* The kernel's force_sigsegv: a SIGSEGV handler that cannot be entered is reset. */
            if (sig == SIGSEGV) {
                pthread_mutex_lock(&s->lock);
                s->act[SIGSEGV].handler = G_SIG_DFL;
                pthread_mutex_unlock(&s->lock);
            }
            sig_force_segv(cpu, ts);
            continue;
        }
        ts->restore_saved = 0;
        uint64_t nb = ts->blocked | ka.mask;
        if (!(ka.flags & G_SA_NODEFER))
            nb |= GSIG_BIT(sig);
        ts->blocked = nb & ~GSIG_KILLSTOP;
    }

    /* No handler ran: the guest never sees the interruption (the kernel restarts). */
    if (interrupted && !never_restarts(nr))
        restart_syscall(cpu, ts);
    if (ts->restore_saved) {
        ts->blocked = ts->saved_mask;
        ts->restore_saved = 0;
    }
    host_setmask(host_mask_of(ts->blocked));
}

int sig_take_pending(VCPU *cpu, uint64_t set, GuestSiginfo *out)
{
    SigThread *ts = thread_of(cpu);
    if (!ts || !(pending_load(ts) & set))
        return 0;
    host_block_async();
    int sig = next_signal(pending_load(ts) & set);
    if (sig)
        dequeue_signal(ts, sig, out);
    host_setmask(host_mask_of(ts->blocked));
    return sig;
}

int signal_pending(VCPU *cpu)
{
    SigThread *ts = thread_of(cpu);
    if (!ts)
        return 0;
    return ts->sync_sig || (pending_load(ts) & ~ts->blocked) != 0;
}

/* ------------------------------------------------------------------ syscalls */

int64_t do_rt_sigaction(VCPU *cpu, int sig, uint64_t act, uint64_t oact, uint64_t sigsetsize)
{
    Process *p = cpu->proc;
    SignalState *s = state_of(cpu);
    SigThread *ts = thread_of(cpu);
    if (sigsetsize != 8)
        return -EINVAL;
    if (sig < 1 || sig > GSIG_MAX || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return -EINVAL;
    if (!s)
        return -ENOSYS;
    GuestSigaction na, old;
    if (act && copy_from_guest(p, &na, act, sizeof na) < 0)
        return -EFAULT;
    if (ts)
        host_block_async();
    pthread_mutex_lock(&s->lock);
    old = s->act[sig];
    if (act) {
        na.flags &= G_SA_KNOWN;
        na.mask &= ~GSIG_KILLSTOP;
        s->act[sig] = na;
        update_host_action(s, sig);
        /* POSIX: pending instances of a signal whose action becomes "ignore" are dropped. */
        int dfl = default_action(sig);
        if (ts && (na.handler == G_SIG_IGN ||
                   (na.handler == G_SIG_DFL && (dfl == DFL_IGN || dfl == DFL_CONT))))
            discard_signal(ts, sig);
    }
    pthread_mutex_unlock(&s->lock);
    if (ts)
        host_setmask(host_mask_of(ts->blocked));
    if (oact && copy_to_guest(p, oact, &old, sizeof old) < 0)
        return -EFAULT;
    return 0;
}

int64_t do_rt_sigprocmask(VCPU *cpu, int how, uint64_t set, uint64_t oset, uint64_t sigsetsize)
{
    SigThread *ts = thread_of(cpu);
    if (sigsetsize != 8)
        return -EINVAL;
    if (!ts)
        return -ENOSYS;
    uint64_t old = ts->blocked;
    if (set) {
        uint64_t n, nb;
        if (copy_from_guest(cpu->proc, &n, set, 8) < 0)
            return -EFAULT;
        switch (how) {
        case SIG_BLOCK:   nb = old | n; break;
        case SIG_UNBLOCK: nb = old & ~n; break;
        case SIG_SETMASK: nb = n; break;
        default: return -EINVAL;
        }
        sig_set_blocked(ts, nb);
    }
    if (oset && copy_to_guest(cpu->proc, oset, &old, 8) < 0)
        return -EFAULT;
    return 0;
}

int sig_on_altstack(const SigThread *ts, uint64_t sp)
{
    if (ts->ss_flags & G_SS_AUTODISARM)
        return 0;
    return sp > ts->ss_sp && sp - ts->ss_sp <= ts->ss_size;
}

uint32_t sig_altstack_flags(const SigThread *ts, uint64_t sp)
{
    if (!ts->ss_size)
        return G_SS_DISABLE;
    return sig_on_altstack(ts, sp) ? G_SS_ONSTACK : 0;
}

int sig_altstack_set(SigThread *ts, uint64_t sp, uint64_t ss_sp, uint32_t flags, uint64_t size)
{
    if (sig_on_altstack(ts, sp))
        return -EPERM;
    uint32_t mode = flags & ~G_SS_AUTODISARM;
    if (mode != G_SS_DISABLE && mode != G_SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (ts->ss_sp == ss_sp && ts->ss_size == size && ts->ss_flags == flags)
        return 0;
    if (mode == G_SS_DISABLE) {
        size = 0;
        ss_sp = 0;
    } else if (size < G_MINSIGSTKSZ) {
        return -ENOMEM;
    }
    ts->ss_sp = ss_sp;
    ts->ss_size = size;
    ts->ss_flags = flags;
    return 0;
}

/* The guest's stack_t: ss_sp, ss_flags (int, padded), ss_size. */
typedef struct GuestStack {
    uint64_t ss_sp;
    int32_t ss_flags, pad;
    uint64_t ss_size;
} GuestStack;

int64_t do_sigaltstack(VCPU *cpu, uint64_t ss, uint64_t oss)
{
    SigThread *ts = thread_of(cpu);
    if (!ts)
        return -ENOSYS;
    uint64_t sp = cpu->g.x[2];
    GuestStack n, o;
    if (ss && copy_from_guest(cpu->proc, &n, ss, sizeof n) < 0)
        return -EFAULT;
    memset(&o, 0, sizeof o);
    o.ss_sp = ts->ss_sp;
    o.ss_size = ts->ss_size;
    o.ss_flags = (int32_t)(sig_altstack_flags(ts, sp) | (ts->ss_flags & G_SS_AUTODISARM));
    if (ss) {
        int r = sig_altstack_set(ts, sp, n.ss_sp, (uint32_t)n.ss_flags, n.ss_size);
        if (r < 0)
            return r;
    }
    if (oss && copy_to_guest(cpu->proc, oss, &o, sizeof o) < 0)
        return -EFAULT;
    return 0;
}

/* Sleep until a host signal not in host_block arrives (our handler records it) or the
 * timeout passes; ppoll installs the mask atomically, so nothing slips in between. */
static void host_wait(uint64_t host_block, const struct timespec *timeout)
{
    struct timespec t, *tp = NULL;
    if (timeout) {
        t = *timeout;
        tp = &t;
    }
    syscall(SYS_ppoll, NULL, 0, tp, &host_block, 8);
}

static bool deliverable(const SigThread *ts, uint64_t blocked)
{
    return ts->sync_sig || (pending_load(ts) & ~blocked) != 0;
}

int sig_tmpmask_begin(VCPU *cpu, uint64_t set, uint64_t size, uint64_t *host_mask)
{
    SigThread *ts = thread_of(cpu);
    if (!set)
        return 0;
    if (size != 8)
        return -EINVAL;
    if (!ts)
        return -ENOSYS;
    uint64_t m;
    if (copy_from_guest(cpu->proc, &m, set, 8) < 0)
        return -EFAULT;
    m &= ~GSIG_KILLSTOP;
    /* From here until the host call installs *host_mask, nothing can be recorded unseen. */
    host_block_async();
    ts->saved_mask = ts->blocked;
    ts->restore_saved = 1;
    ts->blocked = m;
    *host_mask = host_mask_of(m);
    if (deliverable(ts, m))
        return sig_tmpmask_end(cpu, -EINTR);
    return 1;
}

int64_t sig_tmpmask_end(VCPU *cpu, int64_t ret)
{
    SigThread *ts = thread_of(cpu);
    if (!ts || !ts->restore_saved)
        return ret;
    /* Interrupted with something to deliver: the temporary mask stays until
     * process_pending_signals has put the old one into the handler's frame. */
    if (ret == -EINTR && deliverable(ts, ts->blocked))
        return ret;
    ts->blocked = ts->saved_mask;
    ts->restore_saved = 0;
    host_setmask(host_mask_of(ts->blocked));
    return ret;
}

int64_t do_rt_sigsuspend(VCPU *cpu, uint64_t set, uint64_t sigsetsize)
{
    /* The frame of the handler that ends the wait holds the pre-suspend mask. */
    uint64_t hm;
    int r = sig_tmpmask_begin(cpu, set, sigsetsize, &hm);
    if (r <= 0)
        return r ? r : -EFAULT;
    SigThread *ts = thread_of(cpu);
    while (!deliverable(ts, ts->blocked))
        host_wait(hm, NULL);
    return -EINTR;
}

int64_t do_rt_sigpending(VCPU *cpu, uint64_t set, uint64_t sigsetsize)
{
    SigThread *ts = thread_of(cpu);
    if (sigsetsize > 8)
        return -EINVAL;
    if (!ts)
        return -ENOSYS;
    uint64_t hp = 0;
    syscall(SYS_rt_sigpending, &hp, 8);
    uint64_t m = (pending_load(ts) | sig_mask_h2g(hp)) & ts->blocked;
    if (copy_to_guest(cpu->proc, set, &m, sigsetsize) < 0)
        return -EFAULT;
    return 0;
}

static int64_t ts_ns(const struct timespec *t)
{
    return (int64_t)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int64_t do_rt_sigtimedwait(VCPU *cpu, uint64_t set, uint64_t uinfo, uint64_t uts, uint64_t sigsetsize)
{
    SigThread *ts = thread_of(cpu);
    if (sigsetsize != 8)
        return -EINVAL;
    if (!ts)
        return -ENOSYS;
    uint64_t want;
    if (copy_from_guest(cpu->proc, &want, set, 8) < 0)
        return -EFAULT;
    want &= ~GSIG_KILLSTOP;
    int64_t deadline = 0;
    if (uts) {
        struct { int64_t sec, nsec; } gt;
        if (copy_from_guest(cpu->proc, &gt, uts, sizeof gt) < 0)
            return -EFAULT;
        if (gt.sec < 0 || gt.nsec < 0 || gt.nsec >= 1000000000LL)
            return -EINVAL;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t max = INT64_MAX / 2;
        int64_t rel = gt.sec > max / 1000000000LL ? max : gt.sec * 1000000000LL + gt.nsec;
        deadline = ts_ns(&now) + rel;
    }

    host_block_async();
    int64_t ret;
    bool polled = false;
    for (;;) {
        uint64_t avail = pending_load(ts) & want;
        if (avail && !polled) {
            /* Lower-numbered waited-for signals may still be pending in the host kernel:
             * collect them first so the choice among all is the kernel's. */
            struct timespec zero = { 0, 0 };
            host_wait(host_mask_of(ts->blocked & ~want), &zero);
            polled = true;
            continue;
        }
        if (avail) {
            int sig = next_signal(avail);
            GuestSiginfo info;
            dequeue_signal(ts, sig, &info);
            ret = sig;
            if (uinfo && copy_to_guest(cpu->proc, uinfo, &info, sizeof info) < 0)
                ret = -EFAULT;
            break;
        }
        if (deliverable(ts, ts->blocked)) {
            ret = -EINTR;       /* another signal's handler (or default action) goes first */
            break;
        }
        struct timespec rem, *tp = NULL;
        if (uts) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t left = deadline - ts_ns(&now);
            if (left <= 0) {
                /* The host kernel may hold a waited-for signal the guest blocks: one
                 * zero-timeout wait lets it reach our handler before the verdict. */
                if (polled) {
                    ret = -EAGAIN;
                    break;
                }
                left = 0;
            }
            rem.tv_sec = left / 1000000000LL;
            rem.tv_nsec = left % 1000000000LL;
            tp = &rem;
        }
        /* Let the waited-for signals in even if the guest blocks them (it usually does). */
        host_wait(host_mask_of(ts->blocked & ~want), tp);
        polled = true;
    }
    host_setmask(host_mask_of(ts->blocked));
    return ret;
}
