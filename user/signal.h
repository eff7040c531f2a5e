/*
 * Private to the guest-signal layer (user/signal.c: state, host handlers, the signal syscalls;
 * user/signal-frame.c: the riscv64 rt_sigframe and rt_sigreturn).
 *
 * Model: guest signals travel as host signals through a fixed numbering map (signal-map.c:
 * standard signals keep their numbers, real-time ones avoid the host C library's reserved
 * ones, guest 62..64 are "soft": carried by one host signal and blocked by qelt alone). All
 * state below is in guest numbers; only the host masks and host handlers see host numbers.
 * Dispositions are per process (SignalState), the blocked mask, the pending set and the
 * alternate stack per thread (SigThread, hung off VCPU.os_thread).
 * Invariants:
 * - The host thread's signal mask mirrors the guest's blocked mask for every asynchronous
 *   signal, so signals the guest blocks stay pending in the host kernel (which also picks the
 *   receiving thread for process-directed signals, as it would for the guest). Signals that
 *   faults raise (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP: SIG_SYNC_MASK) are never blocked in
 *   the host: generated code must always be able to fault.
 * - The host handler touches only the current thread's SigThread, and every other writer of
 *   the pending state runs with the host's asynchronous signals blocked, so no lock is needed.
 * - A guest signal is only delivered (frame built, default action taken) between cpu_exec
 *   calls, where the guest state is precise.
 */
#ifndef QELT_SIGNAL_H
#define QELT_SIGNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include "process.h"

#define GSIG_MAX      64
#define GSIG_BIT(s)   (1ULL << ((s) - 1))
#define GSIG_KILLSTOP (GSIG_BIT(SIGKILL) | GSIG_BIT(SIGSTOP))
#define GSIG_SOFT     (GSIG_BIT(62) | GSIG_BIT(63) | GSIG_BIT(64))
#define SIG_HOST_CARRIER 34              /* the host signal that carries soft guest signals */
#define SIG_SYNC_MASK (GSIG_BIT(SIGSEGV) | GSIG_BIT(SIGBUS) | GSIG_BIT(SIGILL) | \
                       GSIG_BIT(SIGFPE) | GSIG_BIT(SIGTRAP))

/* Guest ABI constants (asm-generic/signal-defs.h, asm-generic/signal.h): */
#define G_SIG_DFL        0
#define G_SIG_IGN        1
#define G_SA_NOCLDSTOP   0x00000001ULL
#define G_SA_NOCLDWAIT   0x00000002ULL
#define G_SA_SIGINFO     0x00000004ULL
#define G_SA_EXPOSE_TAGBITS 0x00000800ULL
#define G_SA_ONSTACK     0x08000000ULL
#define G_SA_RESTART     0x10000000ULL
#define G_SA_NODEFER     0x40000000ULL
#define G_SA_RESETHAND   0x80000000ULL
/* What the kernel keeps of sa_flags (UAPI_SA_FLAGS: unknown bits are dropped). */
#define G_SA_KNOWN (G_SA_NOCLDSTOP | G_SA_NOCLDWAIT | G_SA_SIGINFO | G_SA_EXPOSE_TAGBITS | \
                    G_SA_ONSTACK | G_SA_RESTART | G_SA_NODEFER | G_SA_RESETHAND)
#define G_SS_ONSTACK     1
#define G_SS_DISABLE     2
#define G_SS_AUTODISARM  (1U << 31)
#define G_MINSIGSTKSZ    2048
#define G_SI_KERNEL      0x80

/* struct siginfo: 128 bytes, identical on riscv64 and x86-64 (fault address at offset 16). */
typedef struct GuestSiginfo {
    int32_t si_signo, si_errno, si_code, pad;
    uint64_t u[14];
} GuestSiginfo;

/* The kernel's struct sigaction on riscv64: no sa_restorer. */
typedef struct GuestSigaction {
    uint64_t handler, flags, mask;
} GuestSigaction;

#define RTQ_MAX 64

typedef struct SigThread {
    VCPU *cpu;
    uint64_t blocked;                /* guest blocked mask (bit sig-1) */
    uint64_t pending;                /* signals recorded for delivery; atomic bit updates */
    GuestSiginfo info[32];           /* standard signals: one pending instance each */
    struct { int sig; GuestSiginfo info; } rtq[RTQ_MAX];   /* RT signals: queued in order */
    int rtq_n;

    /* A synchronous exception of this thread (forced: taken even if blocked or ignored). */
    int sync_sig;
    GuestSiginfo sync_info;
    uint64_t sync_pc;

    /* rt_sigsuspend: the mask to put back once the handler frame holds it. */
    int restore_saved;
    uint64_t saved_mask;

    /* sigaltstack, as the kernel keeps it (flags: 0, SS_DISABLE, with SS_AUTODISARM). */
    uint64_t ss_sp, ss_size;
    uint32_t ss_flags;

    /* Syscall restart: what the host handler saw when it ran outside generated code (during
     * a host syscall a0 still holds the first argument and pc points past the ecall). */
    int cap_valid;
    uint64_t cap_pc, cap_a0;
    int just_sigreturned;
    int eintr_noted;                 /* signal_note_syscall_eintr was called for this ecall */

    void *host_altstack;
    uint32_t vstate_ctrl;            /* Linux's thread.vstate_ctrl (PR_RISCV_V_*, vstate.c) */
} SigThread;

typedef struct SignalState {
    Process *p;
    pthread_mutex_t lock;            /* serialises sigaction updates */
    GuestSigaction act[GSIG_MAX + 1];
    int signalfd_used;               /* a signalfd was made: reads may need fixing (atomic) */
} SignalState;

/* signal.c */
void sig_set_blocked(SigThread *ts, uint64_t mask);      /* guest mask + host mirror */
int sig_on_altstack(const SigThread *ts, uint64_t sp);
uint32_t sig_altstack_flags(const SigThread *ts, uint64_t sp);   /* the kernel's sas_ss_flags */
/* The kernel's do_sigaltstack (set part): 0 or -errno. */
int sig_altstack_set(SigThread *ts, uint64_t sp, uint64_t ss_sp, uint32_t flags, uint64_t size);
/* Queue a forced SIGSEGV (bad frame): taken with the default action if blocked or ignored. */
void sig_force_segv(VCPU *cpu, SigThread *ts);

/* signal-map.c (the rest of its interface is in process.h) */
uint64_t sig_mask_g2h(uint64_t guest);   /* soft signals dropped */
uint64_t sig_mask_h2g(uint64_t host);    /* host 32..34 dropped */
/* What a host handler got: converts gi (signal number, carrier tag, SIGCHLD status) in
 * place and returns the guest signal, or 0 when it has no guest meaning. */
int sig_from_host(int hsig, GuestSiginfo *gi);
void sig_chld_info_h2g(GuestSiginfo *gi);
int sig_host_status_of(int guest);       /* the host signal a guest dies of */
/* signal.c: take the next signal of set that qelt holds pending for this thread (not the
 * host kernel: soft ones, and synchronous ones sent with kill); 0 when there is none. */
int sig_take_pending(VCPU *cpu, uint64_t set, GuestSiginfo *out);

/* signal-frame.c: build the rt_sigframe for sig on the guest stack and redirect the guest
 * to the handler; 0, or -1 when the frame cannot be written. */
int sig_setup_frame(VCPU *cpu, SigThread *ts, int sig, const GuestSigaction *ka,
                    const GuestSiginfo *info, uint64_t saved_mask);
/* The frame's size for this thread now (Linux's get_rt_frame_size(false)), and the largest
 * one its vector unit can need (get_rt_frame_size(true): AT_MINSIGSTKSZ). */
size_t sig_frame_size(const VCPU *cpu);
size_t sig_frame_size_max(const VCPU *cpu);

/* vstate.c: Linux's per-thread vector state (see the file comment). */
#ifndef PR_RISCV_V_SET_CONTROL
#define PR_RISCV_V_SET_CONTROL 69
#define PR_RISCV_V_GET_CONTROL 70
#endif
#define RISCV_V_MAGIC 0x53465457
bool vstate_has_vector(const Process *p);       /* a vector unit (Zve32x) */
bool vstate_on(const VCPU *cpu);                /* the thread's VS is not Off */
/* EXIT_ILLEGAL: Linux's first-use trap. True when it turned VS on (retry the instruction). */
bool vstate_first_use(VCPU *cpu);
void vstate_fork_child(VCPU *cpu);
/* PR_RISCV_V_SET_CONTROL (arg) / PR_RISCV_V_GET_CONTROL: the result or -errno. */
int64_t vstate_prctl(VCPU *cpu, int option, uint64_t arg);
/* execve: the new program's control from the old one's, and whether the old one differs
 * from the default enough to be handed over (-vstate-ctrl). */
uint32_t vstate_ctrl_after_exec(uint32_t old);
bool vstate_ctrl_passes_exec(uint32_t ctrl);
/* The frame's vector context (header included): whether there is one, its size, writing it
 * into ctx (guest address ctx_addr), reading one back (0, -EINVAL, -EFAULT). */
bool vstate_in_frame(const VCPU *cpu);
size_t vstate_sigctx_size(const VCPU *cpu);
void vstate_save(const VCPU *cpu, uint8_t *ctx, uint64_t ctx_addr);
int vstate_restore(VCPU *cpu, uint64_t ctx_addr, uint32_t size);

#endif
