/*
 * Process life cycle of the guest: clone/fork/vfork, execve/execveat, wait4/waitid, exit.
 *
 * Model: one guest process = one host process running qelt.
 * - clone without CLONE_VM is a host fork(): the child gets a copy of the guest memory, the
 *   translation cache and all qelt state, and continues from the ecall with a0 = 0. Other
 *   guest threads may be running meanwhile, so fork_prepare first takes every qelt lock in
 *   the order user/process.h gives (which also stops the other vCPUs outside generated
 *   code), glibc's fork() then takes the host libc's own (malloc, stdio); the parent releases
 *   ours, the child makes them anew and keeps only its own vCPU (fork_child). An exit signal
 *   other than SIGCHLD needs the raw clone system call, which skips glibc's fork handling:
 *   such a child of a multi-threaded guest may find a malloc lock taken (QEMU refuses these
 *   with EINVAL).
 * - vfork (CLONE_VM|CLONE_VFORK, also glibc's posix_spawn) is a fork too, but the parent waits
 *   until the child execs or exits, as with a real vfork, and then gets what the child wrote to
 *   their shared memory (posix_spawn's exec error, user/vfork.c's journal).
 * - A thread (CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, as pthread_create asks)
 *   is a host thread running its own vCPU, which starts as a copy of its parent's registers;
 *   its guest tid is the host thread's tid. CLONE_CHILD_CLEARTID is done by hand at the
 *   thread's exit (store 0, futex wake), since the host thread's own clear-tid belongs to the
 *   host's pthread library. CLONE_VM without CLONE_THREAD (a process sharing memory) is not
 *   supported (-ENOSYS).
 * - execve of a RISC-V ELF (or of a #! script whose interpreter is one) re-runs qelt on it with
 *   the same qelt options; anything else is executed natively by the host (a host binary or a
 *   script for a host interpreter), which is what a binfmt_misc setup would do as well.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "process.h"
#include "syscall-defs.h"
#include "syscall-nr.h"
#include "signal.h"
#include "plugins/plugin.h"

#define RET(v) do { *ret = (v); return true; } while (0)
#define BUF(i, addr, len, wr) do { if ((r = sys_buf(c, (addr), (len), (wr), &h##i)) < 0) RET(r); } while (0)

/* --------------------------------------------------------------------------- clone */

typedef struct ThreadStart {
    VCPU *cpu;
    uint64_t flags, ctid, ptid;
    sem_t ready;
    int tid;
    uint32_t vstate_ctrl;   /* the parent's (a new thread's VS starts Off: priv is zero) */
} ThreadStart;

static void *thread_main(void *arg)
{
    ThreadStart *st = arg;
    VCPU *cpu = st->cpu;
    Process *p = cpu->proc;
    current_vcpu = cpu;
    int tid = (int)syscall(SYS_gettid);
    /* Both tid stores happen before any guest code runs, as in the kernel: the parent's store
     * done later could undo the child's CLONE_CHILD_CLEARTID of the same word. */
    if (st->flags & CLONE_PARENT_SETTID)
        copy_to_guest(p, st->ptid, &tid, 4);
    if (st->flags & CLONE_CHILD_SETTID)
        copy_to_guest(p, st->ctid, &tid, 4);
    if (st->flags & CLONE_CHILD_CLEARTID)
        cpu->os_clear_tid = st->ctid;
    signal_thread_init(cpu);
    ((SigThread *)cpu->os_thread)->vstate_ctrl = st->vstate_ctrl;
    plugins_vcpu_init(cpu);
    gdb_thread_start(cpu, tid);
    st->tid = tid;
    sem_post(&st->ready);   /* st belongs to the parent from here on */
    cpu_loop(cpu);
    return NULL;
}

static int64_t clone_thread(SysCtx *c, uint64_t flags, uint64_t newsp, uint64_t ptid,
                            uint64_t tls, uint64_t ctid)
{
    Process *p = c->p;
    VCPU *parent = c->cpu;
    VCPU *cpu = rt_new_vcpu(p->rt, __atomic_fetch_add(&p->next_cpu_index, 1, __ATOMIC_RELAXED));
    if (!cpu)
        return -ENOMEM;
    cpu->g = parent->g;            /* pc is past the ecall already */
    cpu->g.x[10] = 0;
    cpu->g.lr_addr = (uint64_t)-1;
    if (newsp)
        cpu->g.x[2] = newsp;
    if (flags & CLONE_SETTLS)
        cpu->g.x[4] = tls;
    cpu->proc = p;
    ThreadStart st = { .cpu = cpu, .flags = flags, .ctid = ctid, .ptid = ptid,
                       .vstate_ctrl = ((SigThread *)parent->os_thread)->vstate_ctrl };
    sem_init(&st.ready, 0, 0);
    __atomic_add_fetch(&p->n_threads, 1, __ATOMIC_ACQ_REL);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8 << 20);
    pthread_t th;
    int e = pthread_create(&th, &attr, thread_main, &st);
    pthread_attr_destroy(&attr);
    if (e) {
        __atomic_sub_fetch(&p->n_threads, 1, __ATOMIC_ACQ_REL);
        sem_destroy(&st.ready);
        return -e;   /* the vCPU stays allocated, never run */
    }
    while (sem_wait(&st.ready) < 0 && errno == EINTR)
        ;
    sem_destroy(&st.ready);
    return st.tid;
}

/* The calling guest thread ends (exit, not exit_group): the last one ends the process. */
static void thread_exit(SysCtx *c, int status)
{
    VCPU *cpu = c->cpu;
    if (__atomic_sub_fetch(&c->p->n_threads, 1, __ATOMIC_ACQ_REL) <= 0)
        process_exit(c->p, status);
    if (cpu->os_clear_tid) {
        void *h;
        if (sys_buf(c, cpu->os_clear_tid, 4, true, &h) == 0) {
            __atomic_store_n((int32_t *)h, 0, __ATOMIC_RELEASE);
            syscall(SYS_futex, h, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    plugins_vcpu_exit(cpu);
    gdb_thread_exit(cpu);
    rt_remove_vcpu(c->p->rt, cpu);
    /* The host signal stack is ours (signal.c), not the thread library's to unmap. */
    stack_t ss = { .ss_flags = SS_DISABLE };
    sigaltstack(&ss, NULL);
    pthread_exit(NULL);
}

/* Around the host fork: see the file comment and the lock order in user/process.h. */
static void fork_prepare(Process *p)
{
    signal_fork_prepare(p);
    mmap_fork_prepare(p);
    rt_fork_prepare(p->rt);
    plugins_fork_prepare();
}

static void fork_parent(Process *p)
{
    plugins_fork_end(NULL);
    rt_fork_parent(p->rt);
    mmap_fork_end(p, false);
    signal_fork_end(p, false);
}

static void fork_child(Process *p, VCPU *self)
{
    plugins_fork_end(self);
    rt_fork_child(p->rt, self);
    mmap_fork_end(p, true);
    signal_fork_end(p, true);
    __atomic_store_n(&p->n_threads, 1, __ATOMIC_RELEASE);
    vstate_fork_child(self);
    gdb_fork_child(self);
}

static int64_t sys_clone(SysCtx *c)
{
    /* riscv64 has the CLONE_BACKWARDS order: flags, newsp, parent_tid, tls, child_tid. */
    uint64_t flags = (uint64_t)c->a[0], newsp = c->a[1], ptid = c->a[2], tls = c->a[3], ctid = c->a[4];
    int csig = sig_number_g2h((int)(flags & 0xff));   /* the exit signal, as the host's */
    bool vfork_like = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);
    const uint64_t thread_flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD;
    if ((flags & thread_flags) == thread_flags && !(flags & CLONE_VFORK))
        return clone_thread(c, flags, newsp, ptid, tls, ctid);
    if (csig < 0)
        return -EINVAL;              /* soft guest signals cannot be an exit signal */
    if ((flags & CLONE_VM) && !vfork_like)
        return -ENOSYS;              /* memory-sharing processes (see the file comment) */
    if (flags & (CLONE_THREAD | CLONE_SIGHAND))
        return -EINVAL;              /* both need CLONE_VM, which a fork cannot give */
    if (flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                 CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_PIDFD | CLONE_PARENT))
        return -EINVAL;
    /* CLONE_FS/CLONE_FILES/CLONE_SYSVSEM/CLONE_IO sharing cannot be had with fork: the child
     * gets copies, which is what the usual exec-soon users (posix_spawn) can live with. */

    int vpipe[2] = { -1, -1 };
    if (vfork_like && pipe2(vpipe, O_CLOEXEC) == 0) {
        /* Park the child's end out of the way of the guest's low descriptors. */
        int hi = fcntl(vpipe[1], F_DUPFD_CLOEXEC, 900);
        if (hi >= 0) {
            close(vpipe[1]);
            vpipe[1] = hi;
        }
    }
    FILE *log = c->p->log ? c->p->log : stderr;
    fflush(log);
    fflush(stdout);

    pid_t pid;
    fork_prepare(c->p);
    if (csig == SIGCHLD)
        pid = fork();
    else
        pid = (pid_t)syscall(SYS_clone, (unsigned long)csig, 0L, NULL, NULL, 0L);
    int e = errno;
    if (pid == 0)
        fork_child(c->p, c->cpu);
    else
        fork_parent(c->p);
    if (pid < 0) {
        if (vpipe[0] >= 0) {
            close(vpipe[0]);
            close(vpipe[1]);
        }
        return -e;
    }
    if (pid == 0) {
        VCPU *cpu = c->cpu;
        if (vpipe[0] >= 0)
            close(vpipe[0]);   /* the write end closes itself at exec (O_CLOEXEC) or exit */
        if (vpipe[1] >= 0)
            vfork_child_start(c->p, vpipe[1]);   /* it shares the parent's memory */
        else
            vfork_child_forget(c->p);   /* a fork of a vfork child keeps its writes */
        if (newsp)
            cpu->g.x[2] = newsp;
        if (flags & CLONE_SETTLS)
            cpu->g.x[4] = tls;
        int tid = (int)syscall(SYS_gettid);
        if (flags & CLONE_CHILD_SETTID)
            copy_to_guest(c->p, ctid, &tid, 4);
        if (flags & CLONE_CHILD_CLEARTID) {
            void *h;
            if (sys_buf(c, ctid, 4, true, &h) == 0)
                syscall(SYS_set_tid_address, h);
        }
        return 0;
    }
    if (flags & CLONE_PARENT_SETTID) {
        int32_t v = pid;
        copy_to_guest(c->p, ptid, &v, 4);
    }
    if (vpipe[0] >= 0) {
        close(vpipe[1]);
        /* The child's writes to shared memory, then EOF once it has exec'd or exited: the
         * vfork parent's wait. */
        vfork_parent_apply(c->p, vpipe[0]);
        close(vpipe[0]);
    }
    return pid;
}

/* --------------------------------------------------------------------------- execve */

typedef struct StrVec { char **v; int n, cap; } StrVec;

static int sv_push(StrVec *s, char *str)
{
    if (s->n + 2 > s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        char **nv = realloc(s->v, (size_t)cap * sizeof(char *));
        if (!nv)
            return -ENOMEM;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = str;
    s->v[s->n] = NULL;
    return 0;
}

static void sv_free_owned(StrVec *s, int from)
{
    for (int i = from; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* A guest NULL-terminated string array into host copies. */
static int read_strv(SysCtx *c, uint64_t gv, StrVec *out)
{
    enum { MAX_ARG_STRLEN = 32 * 4096, MAX_ARGS = 1 << 20 };
    char *tmp = malloc(MAX_ARG_STRLEN);
    if (!tmp)
        return -ENOMEM;
    int r = sv_push(out, NULL);   /* make v non-NULL even when empty */
    out->n = 0;
    for (int i = 0; gv && r == 0; i++) {
        uint64_t gp;
        if (i >= MAX_ARGS) {
            r = -E2BIG;
            break;
        }
        if (copy_from_guest(c->p, &gp, gv + 8 * (uint64_t)i, 8) < 0) {
            r = -EFAULT;
            break;
        }
        if (!gp)
            break;
        int64_t n = guest_strcpy(c->p, tmp, gp, MAX_ARG_STRLEN);
        if (n < 0) {
            r = n == -ENAMETOOLONG ? -E2BIG : (int)n;
            break;
        }
        char *s = strdup(tmp);
        if (!s || (r = sv_push(out, s)) < 0) {
            free(s);
            r = -ENOMEM;
        }
    }
    free(tmp);
    return r;
}

/* First bytes of a file we are about to exec: length read, or -errno as exec would say. */
static int read_exec_header(const char *path, unsigned char *buf, size_t len)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode))
        return -EACCES;
    if (access(path, X_OK) < 0)
        return -errno;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;   /* execute-only file: the caller lets the host try */
    ssize_t n = read(fd, buf, len);
    int e = errno;
    close(fd);
    return n < 0 ? -e : (int)n;
}

/* Re-run qelt on prog (its name: the guest's AT_EXECFN and error messages). With open_path,
 * the program is that file instead, opened here without close-on-exec and handed over with
 * -execfd: prog may be a descriptor's name (/dev/fd/N...) that the new process cannot open
 * (the descriptor close-on-exec, the file deleted), or a script run by the interpreter
 * open_path. */
static int64_t exec_under_qelt(SysCtx *c, const char *argv0, const char *prog,
                               const char *open_path, char *const *args, int nargs, char **envp)
{
    QeltOptions *o = c->p->opts;
    StrVec v = { 0 };
    char fdarg[16], vcarg[16];
    int xfd = -1;
    SigThread *ts = c->cpu->os_thread;
    uint32_t vctrl = ts ? ts->vstate_ctrl : 0;
    if (open_path) {
        if ((xfd = open(open_path, O_RDONLY)) < 0)
            return -errno;
        snprintf(fdarg, sizeof fdarg, "%d", xfd);
    }
    const char *self = o && o->self_exe ? o->self_exe : "/proc/self/exe";
    int r = sv_push(&v, (char *)self);
    for (int i = 0; o && o->qelt_opts && i < o->n_qelt_opts && r == 0; i++)
        if (strcmp(o->qelt_opts[i], "--") != 0)
            r = sv_push(&v, o->qelt_opts[i]);
    if (r == 0 && xfd >= 0 && (r = sv_push(&v, "-execfd")) == 0)
        r = sv_push(&v, fdarg);
    if (r == 0 && c->p->cwd_host_named)   /* the exec'd program's getcwd names the cwd alike */
        r = sv_push(&v, "-cwd-host-named");
    if (r == 0 && vstate_ctrl_passes_exec(vctrl) && (r = sv_push(&v, "-vstate-ctrl")) == 0) {
        snprintf(vcarg, sizeof vcarg, "%u", vctrl);
        r = sv_push(&v, vcarg);
    }
    if (r == 0)
        r = sv_push(&v, "-0");
    if (r == 0)
        r = sv_push(&v, (char *)argv0);
    if (r == 0)   /* the program may start with '-' */
        r = sv_push(&v, "--");
    if (r == 0)
        r = sv_push(&v, (char *)prog);
    for (int i = 0; i < nargs && r == 0; i++)
        r = sv_push(&v, args[i]);
    if (r == 0) {
        fflush(c->p->log ? c->p->log : stderr);
        vfork_child_send(c->p, true);
        execve(self, v.v, envp);
        r = -errno;
    }
    if (xfd >= 0)
        close(xfd);
    free(v.v);
    return r;
}

/* execve and execveat, with the kernel's naming: a path relative to dirfd or empty
 * (AT_EMPTY_PATH, fexecve) names the file "/dev/fd/N[/path]" (the program's AT_EXECFN, a
 * script's path for its interpreter); this process reaches it as /proc/self/fd/N[/path]. A
 * script behind a close-on-exec descriptor fails with ENOENT, as in the kernel: its
 * interpreter could not open it. What qelt does not run itself (not RISC-V) goes to the host's
 * execveat with the guest's own arguments. */
static int64_t sys_execve(SysCtx *c, int dirfd, uint64_t gpath, uint64_t gargv, uint64_t genvp,
                          int flags)
{
    char pbuf[QELT_PATH_MAX], path[QELT_PATH_MAX + 64], name[QELT_PATH_MAX + 64];
    const char *gp;
    int r = sys_path(c, gpath, pbuf, false, &gp);
    if (r < 0)
        return r;
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    if (!gp[0] && !(flags & AT_EMPTY_PATH))
        return -ENOENT;
    bool by_fd = false, fd_cloexec = false;
    if (gp[0] == '/' || dirfd == AT_FDCWD) {
        snprintf(path, sizeof(path), "%s", gp[0] ? gp : ".");   /* "": the cwd, EACCES */
        snprintf(name, sizeof(name), "%s", gp);
    } else {
        int fdfl = fcntl(dirfd, F_GETFD);
        if (fdfl < 0)
            return -EBADF;
        by_fd = true;
        fd_cloexec = fdfl & FD_CLOEXEC;
        const char *sep = gp[0] ? "/" : "";
        snprintf(path, sizeof(path), "/proc/self/fd/%d%s%s", dirfd, sep, gp);
        snprintf(name, sizeof(name), "/dev/fd/%d%s%s", dirfd, sep, gp);
    }
    if ((flags & AT_SYMLINK_NOFOLLOW) && gp[0]) {
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            return -ELOOP;
    }

    StrVec argv = { 0 }, envp = { 0 };
    if ((r = read_strv(c, gargv, &argv)) < 0 || (r = read_strv(c, genvp, &envp)) < 0)
        goto out;

    unsigned char hdr[256];
    int n = read_exec_header(path, hdr, sizeof(hdr));
    if (n < 0 && n != -EACCES) {
        r = n;
        goto out;
    }
    if (n > 0 && is_riscv_elf(hdr, (size_t)n)) {
        const char *a0 = argv.n ? argv.v[0] : name;
        r = (int)exec_under_qelt(c, a0, name, by_fd ? path : NULL, argv.n ? argv.v + 1 : NULL,
                                 argv.n ? argv.n - 1 : 0, envp.v);
        goto out;
    }
    char interp[256], ipath[QELT_PATH_MAX], iarg[256];
    if (n > 0 && parse_shebang((const char *)hdr, (size_t)n, interp, sizeof(interp), iarg, sizeof(iarg)) == 1) {
        if (by_fd && fd_cloexec) {
            r = -ENOENT;
            goto out;
        }
        unsigned char ih[256];
        snprintf(ipath, sizeof ipath, "%s", interp);
        sys_path_redirect(c, ipath);   /* the kernel looks it up in the guest's view (-L) */
        int in = read_exec_header(ipath, ih, sizeof(ih));
        if (in > 0 && is_riscv_elf(ih, (size_t)in)) {
            /* The kernel's argv for a script: interp, [arg], script name, argv[1..]; its
             * AT_EXECFN stays the script's name. */
            StrVec sargs = { 0 };
            r = 0;
            if (iarg[0])
                r = sv_push(&sargs, iarg);
            if (r == 0)
                r = sv_push(&sargs, name);
            for (int i = 1; i < argv.n && r == 0; i++)
                r = sv_push(&sargs, argv.v[i]);
            if (r == 0)
                r = (int)exec_under_qelt(c, interp, name, ipath, sargs.v, sargs.n, envp.v);
            free(sargs.v);
            goto out;
        }
    }
    /* Not for qelt: the host runs it natively (or reports why it cannot). */
    fflush(c->p->log ? c->p->log : stderr);
    vfork_child_send(c->p, true);
    r = (int)sys_ret(syscall(SYS_execveat, dirfd, gp, argv.v, envp.v, flags));
out:
    sv_free_owned(&argv, 0);
    sv_free_owned(&envp, 0);
    return r;
}

bool syscall_proc(SysCtx *c, int64_t *ret)
{
    int64_t *a = c->a;
    void *h1, *h2, *h3;
    int r;
    switch (c->nr) {
    case TARGET_NR_clone:    RET(sys_clone(c));
    case TARGET_NR_execve:   RET(sys_execve(c, AT_FDCWD, a[0], a[1], a[2], 0));
    case TARGET_NR_execveat: RET(sys_execve(c, (int)a[0], a[1], a[2], a[3], (int)a[4]));
    case TARGET_NR_exit:
        thread_exit(c, (int)(a[0] & 0xff));
        RET(0);
    case TARGET_NR_exit_group:
        process_exit(c->p, (int)(a[0] & 0xff));
    case TARGET_NR_wait4: {
        /* int status and struct rusage have the same layout; W* options are the same; the
         * signal numbers in a status are translated. */
        BUF(1, a[1], 4, true);
        BUF(3, a[3], sizeof(struct rusage), true);
        int64_t r = sys_ret(syscall(SYS_wait4, (pid_t)a[0], h1, (int)a[2], h3));
        if (r > 0 && h1) {
            int st;
            memcpy(&st, h1, 4);
            st = sig_wait_status_h2g(st);
            memcpy(h1, &st, 4);
        }
        RET(r);
    }
    case TARGET_NR_waitid: {
        /* siginfo_t is 128 bytes with the same SIGCHLD fields on both. */
        BUF(2, a[2], 128, true);
        BUF(3, a[4], sizeof(struct rusage), true);
        int64_t r = sys_ret(syscall(SYS_waitid, (int)a[0], (pid_t)a[1], h2, (int)a[3], h3));
        if (r == 0 && h2)
            sig_waitid_info_h2g(h2);
        RET(r);
    }
    case TARGET_NR_unshare: RET(sys_ret(unshare((int)a[0])));
    case TARGET_NR_setns:   RET(sys_ret(setns((int)a[0], (int)a[1])));
    case TARGET_NR_pidfd_open:  RET(sys_ret(syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1])));
    case TARGET_NR_pidfd_getfd: RET(sys_ret(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2])));
    case TARGET_NR_kcmp: RET(sys_ret(syscall(SYS_kcmp, (pid_t)a[0], (pid_t)a[1], (int)a[2], a[3], a[4])));
    case TARGET_NR_ioprio_set: RET(sys_ret(syscall(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_ioprio_get: RET(sys_ret(syscall(SYS_ioprio_get, (int)a[0], (int)a[1])));
    default:
        return false;
    }
}
