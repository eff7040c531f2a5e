/*
 * Linux user-mode OS layer: the state of one emulated process and the interfaces between the
 * pieces of user/ (options and main loop, ELF loader, guest mmap, syscalls, signals).
 *
 * One Process per qelt instance (execve starts a fresh qelt); one VCPU per guest thread, reached
 * from a host signal handler through the thread-local current_vcpu (the one place a signal
 * handler can find its context). Everything else travels in these structs.
 *
 * Locks, in the one order any thread may take them (a thread holding one never waits for an
 * earlier one): SignalState.lock (sigaction updates) -> MMapState.lock (the guest address
 * space) -> the runtime's exclusive section (no vCPU in generated code) -> Runtime.lock
 * (chunk handout, the shared translator) -> the runtime's page shards and chaining lock
 * (runtime/tb.h has its whole order) -> GuestMem.lock (page flags) -> PluginMgr.lock (plugin
 * per-vCPU state). A guest fork takes all of them in this order before
 * the host fork() (user/syscall-proc.c, fork_prepare) and releases them in the parent; the
 * child makes them anew and keeps only the forking thread's vCPU. Generated code holds none
 * of them (a vCPU in it only sets its VCPU.exec_running for the exclusive section), and the host
 * libc's locks (malloc, stdio) are glibc fork()'s own business.
 */
#ifndef QELT_PROCESS_H
#define QELT_PROCESS_H

#include <stdint.h>
#include <stdio.h>
#include "runtime.h"
#include "cpu-ext.h"

/* The command line, QEMU user-mode spelling (user/main.c parses it). */
typedef struct QeltOptions {
    char **guest_argv;         /* PROGRAM ARGS... */
    int guest_argc;
    const char *argv0;         /* -0: argv[0] the guest sees, NULL = PROGRAM */
    char **env_set;            /* -E VAR=val, NULL-terminated */
    char **env_unset;          /* -U VAR, NULL-terminated */
    char **env_ops;            /* -E and -U in command-line order ("VAR=val" sets, "VAR" unsets) */
    int n_env_ops;
    uint64_t stack_size;       /* -s */
    const char *cpu_model;     /* -cpu */
    uint64_t isa_ext;          /* -cpu's extensions (guest/riscv/cpu-ext.h mask) */
    uint32_t cpu_cfg;          /* -cpu's other properties (vlen=: cpu-ext.h), 0 = defaults */
    const char *sysroot;       /* -L */
    int gdb_port;              /* -g: wait for gdb on this TCP port (0: no gdb) */
    int strace;                /* -strace or QEMU_STRACE */
    int log_mask;              /* -d (LOG_* of runtime.h) */
    const char *log_file;      /* -D */
    int fpu_soft;              /* -fpu soft */
    char **plugin_specs;       /* -plugin SPEC, NULL-terminated */
    int n_plugins;
    const char *self_exe;      /* qelt's own executable, for execve of RISC-V programs */
    char **qelt_opts;          /* the options as given (re-used when a guest execs RISC-V) */
    int n_qelt_opts;
    uint64_t rand_seed;        /* -seed: deterministic AT_RANDOM bytes */
    int have_seed;
    uint64_t guest_base;       /* -B: host address of guest address 0 (GM_BASE_ANY: "any") */
    int have_guest_base;       /* 0: at host address 0 if possible, else anywhere */
    int perfmap;               /* -perfmap: write /tmp/perf-<pid>.map */
    int cwd_host_named;        /* -cwd-host-named (qelt's own re-exec): Process.cwd_host_named */
    int exec_fd;               /* -execfd N (qelt's own re-exec for execveat/fexecve): PROGRAM
                                  is read from descriptor N, which is closed before the guest
                                  starts; PROGRAM is then only its name (AT_EXECFN) */
    int have_exec_fd;
    uint32_t vstate_ctrl;      /* -vstate-ctrl N (qelt's own re-exec): the exec'ing thread's
                                  PR_RISCV_V_* control, 0 when none (user/vstate.c) */
} QeltOptions;

/* What the ELF loader learned and set up. */
#define QELT_AUXV_MAX 32
typedef struct ImageInfo {
    uint64_t entry, load_bias, phdr, phnum, phent;
    uint64_t start_code, end_code, start_data, end_data;
    uint64_t start_brk, brk, start_stack, stack_limit;
    uint64_t sigreturn_tramp;  /* guest address of the rt_sigreturn trampoline (vDSO stand-in) */
    char *exe_path;            /* absolute path of the guest program (/proc/self/exe) */
    void *symtab;              /* ELF symbols for insn_symbol (loader-owned), may be NULL */
    uint64_t stack_top;        /* highest guest stack address + 1 (strings end below it) */
    uint64_t execfn;           /* guest address of the AT_EXECFN string */
    int exec_stack;            /* PT_GNU_STACK asked for an executable stack */
    uint64_t interp_base;      /* where the ELF interpreter was loaded (AT_BASE), or 0 */
    uint64_t start_pc;         /* first guest pc: the interpreter's entry, or the program's */
    /* Linux's mm fields that /proc/self/{cmdline,environ,stat} read: the argument and
     * environment strings on the initial stack ([start, end) each, env_start == arg_end). */
    uint64_t arg_start, arg_end, env_start, env_end;
    uint64_t auxv[2 * QELT_AUXV_MAX];   /* the auxiliary vector as built, AT_NULL included */
    int auxv_len;                      /* entries (pairs) in auxv */
} ImageInfo;

/* Guest stack placement: the stack ends QELT_STACK_GAP below the top of the guest task space
 * (a guard that keeps overflowing string copies off the reservation's edge); mmap searches
 * top-down from below the stack and its guard gap (user/mmap.c). */
#define QELT_STACK_GAP          0x10000ULL
#define QELT_STACK_TOP          (GM_TASK_SIZE - QELT_STACK_GAP)
#define QELT_DEFAULT_STACK_SIZE (8ULL << 20)

struct MMapState;
struct SignalState;

typedef struct Process {
    QeltOptions *opts;
    GuestMem *gm;
    Runtime *rt;
    ImageInfo image;
    struct MMapState *mm;       /* user/mmap.c */
    struct SignalState *sig;    /* user/signal.c */
    FILE *log;                  /* -D file or stderr */
    int n_threads;              /* live guest threads (atomic) */
    int next_cpu_index;         /* for the next thread's vCPU (atomic) */
    /* The guest entered its cwd by an absolute path that names the -L sysroot's host directory
     * itself (e.g. a program run as SYSROOT/usr/bin/python3 computes its paths from that name):
     * getcwd then reports the cwd as that name, unstripped, so what the guest chdir'd to and what
     * getcwd says agree. Absolute chdirs set it, relative ones keep it. */
    bool cwd_host_named;
    struct VforkJournal *vfork;  /* user/vfork.c: this process is a vfork child (or NULL) */
    /* Host descriptors qelt itself uses in this process (the -D log, the vfork wait pipe):
     * the guest never opened them, so its close/close_range leave them alone (EBADF for a
     * close of one, as for any descriptor it does not have). Changed by the process's own
     * set-up and vfork paths only, read by close. */
    int own_fds[4];
    int n_own_fds;
} Process;

/* The guest's ISA extensions (-cpu; the default when there are no options). */
static inline uint64_t proc_isa(const Process *p)
{
    return p && p->opts && p->opts->isa_ext ? p->opts->isa_ext : rv_isa_default();
}

extern __thread VCPU *current_vcpu;   /* set by the thread running a vCPU */

/* user/options.c: parse argv (exits on -help/-version/bad input); o->self_exe filled. */
void qelt_parse_options(QeltOptions *o, int argc, char **argv);
/* The guest's initial environment: environ with -E/-U applied (malloc'd, NULL-terminated). */
char **qelt_guest_environ(const QeltOptions *o, char **host_env);

/* user/vfork.c: the memory a vfork child shares with its parent. In the child (right after
 * the fork; fd = the write end of the parent's wait pipe): watch every guest page the child
 * may write. Before the child execs (rebase: it may fail and go on) or ends: send what it
 * changed to the parent. In the parent: apply what comes through fd until its end. */
void vfork_child_start(Process *p, int fd);
void vfork_child_send(Process *p, bool rebase);
void vfork_child_forget(Process *p);   /* a plain fork of a vfork child: its writes are its own */
void vfork_parent_apply(Process *p, int fd);

/* qelt's own descriptors (Process.own_fds): add one, forget one, ask. */
void proc_own_fd(Process *p, int fd, bool own);
bool proc_is_own_fd(const Process *p, int fd);

/* user/main.c, user/cpu-loop.c */
void process_exit(Process *p, int status) __attribute__((noreturn)); /* flushes logs, plugins */
void cpu_loop(VCPU *cpu) __attribute__((noreturn));
void qelt_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
                                      /* "qelt: ...\n" on stderr, exit 1 */

/* user/elfload.c: load PROGRAM, build the initial stack; 0 or -1 with errmsg filled. */
int load_elf(Process *p, const char *path, char **argv, char **envp, VCPU *cpu,
             char *errmsg, size_t errlen);
/* Name of the ELF symbol covering guest address addr (function or object), or NULL. */
const char *image_symbol(const ImageInfo *img, uint64_t addr);
/* The same, with addr's offset from the symbol's start in *offset (0 when none). */
const char *image_symbol_offset(const ImageInfo *img, uint64_t addr, uint64_t *offset);
/* Free what load_elf allocated in img (symbols, exe_path); guest memory is left alone. */
void image_free(ImageInfo *img);

/* user/mmap.c: guest address-space management with Linux semantics. Returns a guest address
 * or -errno. */
void mmap_init(Process *p);
void mmap_free(Process *p);   /* drop the bookkeeping (not the mappings): tests, teardown */
void mmap_fork_prepare(Process *p);        /* fork path: see "Locks" above */
void mmap_fork_end(Process *p, bool child);
/* gdbstub.c: -g. */
void gdb_start(Process *p, VCPU *cpu, int port);   /* waits for gdb, serves it until it resumes */
void gdb_stopped(VCPU *cpu);                       /* EXIT_DEBUG: report the stop, serve gdb */
void gdb_exited(int status);                       /* the guest exits: tell gdb (W) */
void gdb_fork_child(VCPU *cpu);                    /* a forked child leaves gdb alone */
void gdb_thread_start(VCPU *cpu, int tid);         /* a new guest thread, on its own thread */
void gdb_thread_exit(VCPU *cpu);                   /* the calling guest thread ends */

int64_t target_mmap(Process *p, uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
int64_t target_munmap(Process *p, uint64_t addr, uint64_t len);
int64_t target_mprotect(Process *p, uint64_t addr, uint64_t len, int prot);
int64_t target_mremap(Process *p, uint64_t old, uint64_t oldlen, uint64_t newlen, int flags, uint64_t newaddr);
int64_t target_brk(Process *p, uint64_t brk);
int64_t target_madvise(Process *p, uint64_t addr, uint64_t len, int advice);
/* One guest mapping as /proc/self/maps shows it. */
#define QELT_MAPS_NAME_MAX 4096
typedef struct GuestMapping {
    uint64_t start, end;
    uint64_t offset;       /* file offset of start; 0 when anonymous */
    uint64_t dev, ino;     /* the file's st_dev and st_ino; 0 when anonymous */
    int prot;              /* guest PROT_* */
    int shared;            /* a MAP_SHARED file mapping */
    const char *name;      /* host path of the file (host kernel's spelling), NULL: anonymous */
    int host_shared;       /* MAP_SHARED on the host (file or anonymous): a forked child's
                              writes reach the parent by themselves */
} GuestMapping;
/* Visit every guest mapping in address order, under the mmap lock (for /proc/self/maps).
 * fn must not call back into mmap. */
void mmap_walk(Process *p, void (*fn)(void *opaque, const GuestMapping *m), void *opaque);
/* Record that [start, end) (already mapped) shows the file name at file offset off (the ELF
 * loader copies segments into anonymous memory; Linux maps them from the file). */
void mmap_set_file(Process *p, uint64_t start, uint64_t end, const char *name, uint64_t off,
                   uint64_t dev, uint64_t ino);

/* user/syscall.c (+ syscall-*.c): the guest's syscall; returns the value for a0 (-errno on
 * error), or one of these, negated like the kernel's -ERESTARTSYS:
 * EINTR convention: a host signal that interrupts a blocking host syscall makes do_syscall
 * return -EINTR, exactly where the kernel would have -ERESTARTSYS internally. do_syscall never
 * restarts by itself; the signal code decides when it delivers the signal (SA_RESTART: step
 * pc back onto the ecall and restore the original a0, which cpu_loop must therefore keep;
 * otherwise the guest sees EINTR). -strace output is printed by do_syscall itself. */
#define QELT_ERESTARTSYS 512   /* -512: re-execute the ecall (pc unchanged) */
#define QELT_ESIGRETURN  513   /* -513: registers already set (rt_sigreturn): touch nothing */
int64_t do_syscall(VCPU *cpu, int64_t nr, int64_t a0, int64_t a1, int64_t a2, int64_t a3,
                   int64_t a4, int64_t a5);

/* user/signal.c */
void signal_init(Process *p);              /* host handlers, guest dispositions */
void signal_thread_init(VCPU *cpu);
void signal_fork_prepare(Process *p);      /* fork path: see "Locks" above */
void signal_fork_end(Process *p, bool child);
/* A synchronous guest exception (fault, illegal insn, ebreak) becomes a signal. */
void queue_guest_signal(VCPU *cpu, int sig, int code, uint64_t addr);
/* Deliver what is pending and unblocked: set up guest frames, or apply default actions
 * (which may terminate the process). Called by cpu_loop after every cpu_exec return. */
void process_pending_signals(VCPU *cpu);
int64_t do_rt_sigaction(VCPU *cpu, int sig, uint64_t act, uint64_t oact, uint64_t sigsetsize);
int64_t do_rt_sigprocmask(VCPU *cpu, int how, uint64_t set, uint64_t oset, uint64_t sigsetsize);
int64_t do_sigaltstack(VCPU *cpu, uint64_t ss, uint64_t oss);
int64_t do_rt_sigreturn(VCPU *cpu);
int64_t do_rt_sigsuspend(VCPU *cpu, uint64_t set, uint64_t sigsetsize);
int64_t do_rt_sigpending(VCPU *cpu, uint64_t set, uint64_t sigsetsize);
int64_t do_rt_sigtimedwait(VCPU *cpu, uint64_t set, uint64_t info, uint64_t ts, uint64_t sigsetsize);
/* user/signal-map.c: guest <-> host signal numbers (see its file comment). */
int sig_host_of(int guest);              /* host signal that carries guest, -1: none */
int sig_guest_of(int host);              /* 0: none */
/* A guest signal number the host kernel will send by itself (exit signal, pdeathsig, F_SETSIG,
 * sigevent): the host number, 0 for 0, -1 when it cannot be expressed (soft 62, 63). */
int sig_number_g2h(int guest);
/* A guest struct sigevent (64 bytes, same layout) at addr, made ready for the host in buf:
 * 0 with *host = buf (NULL when addr is 0), or -EFAULT/-EINVAL. */
int sig_sigevent_in(Process *p, uint64_t addr, void *buf, void **host);
int sig_wait_status_h2g(int status);     /* a wait4 status */
void sig_waitid_info_h2g(void *siginfo);  /* a waitid siginfo (128 bytes) */
/* kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal (nr) */
int64_t do_signal_send(VCPU *cpu, int64_t nr, const int64_t *args);
int64_t do_signalfd4(VCPU *cpu, int fd, uint64_t mask, uint64_t size, int flags);
/* read() of a signalfd (false: fd is none, read it as usual); buf is the host view of the
 * guest's buffer. */
bool sig_signalfd_read(VCPU *cpu, int fd, void *buf, uint64_t len, int64_t *ret);

/* Calls with a temporary signal mask (pselect6, ppoll, epoll_pwait, epoll_pwait2): the
 * kernel's set_user_sigmask / restore_saved_sigmask_unless. sig_tmpmask_begin reads the guest
 * sigset at `set` (size bytes) and installs it as the guest's mask, the old one kept for the
 * frame of a handler that interrupts the call. It returns 1 with *host_mask set to the host
 * mask the host call must install atomically (its own sigmask argument), 0 when set is 0 (no
 * temporary mask: call as usual), or -errno to return at once (-EINTR: a signal is already
 * deliverable under the mask). Whenever it returned 1, the caller passes the host call's
 * result through sig_tmpmask_end, which puts the old mask back unless a handler is about to
 * run (then process_pending_signals does it after building the frame). */
int sig_tmpmask_begin(VCPU *cpu, uint64_t set, uint64_t size, uint64_t *host_mask);
int64_t sig_tmpmask_end(VCPU *cpu, int64_t ret);
/* Nonzero when a guest signal is pending and unblocked (a syscall about to block may return
 * -EINTR at once instead: the signal is delivered when it returns). */
int signal_pending(VCPU *cpu);
/* Optional, for an exact syscall restart: cpu_loop may call this when do_syscall returned
 * -EINTR, before writing a0 (a0 still holds the first argument). Without it signal.c infers
 * the interruption from what its host handler saw during the call. */
void signal_note_syscall_eintr(VCPU *cpu);

/* user/strace.c */
void strace_enter(VCPU *cpu, int64_t nr, const int64_t *args);
void strace_exit(VCPU *cpu, int64_t nr, int64_t ret);

#endif
