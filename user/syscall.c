/*
 * The guest's system call: riscv64 generic-table numbers -> host x86-64 syscalls.
 *
 * do_syscall is the single entry: it traces (-strace), then hands the call to the topic
 * handlers (files, network, processes in user/syscall-*.c) and finally to the handlers here
 * (memory, time, identity, signals dispatch, misc). Unknown numbers are -ENOSYS.
 *
 * Conventions (see also user/process.h):
 * - The result is the guest's a0: a value or -errno (errno numbers are identical on both
 *   arches). A host signal that interrupts a blocking host syscall shows up as -EINTR, returned
 *   as is; whether the guest sees EINTR or a restart (SA_RESTART) is decided by the signal code
 *   when it delivers the signal, as the kernel's -ERESTARTSYS would be.
 * - -QELT_ESIGRETURN (from rt_sigreturn) means the registers are already set.
 * - Guest pointers reach the kernel only through sys_buf/sys_path (see syscall-defs.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include "process.h"
#include "syscall-defs.h"
#include "signal.h"
#include "plugins/plugin.h"
#include "syscall-nr.h"

/* ---------------------------------------------------------------- guest memory access */

int64_t sys_ret(long r)
{
    return r == -1 ? -(int64_t)errno : r;
}

static bool range_ok(uint64_t addr, uint64_t len)
{
    return addr < GM_ADDR_LIMIT && len <= GM_ADDR_LIMIT - addr;
}

int sys_buf(SysCtx *c, uint64_t addr, uint64_t len, bool write, void **out)
{
    if (addr == 0) {
        *out = NULL;
        return 0;
    }
    if (!range_ok(addr, len))
        return -EFAULT;
    if (write && len) {
        /* Only the part below GM_TASK_SIZE can be mapped; above it the kernel faults. */
        uint64_t wlen = addr >= GM_TASK_SIZE ? 0 : (len < GM_TASK_SIZE - addr ? len : GM_TASK_SIZE - addr);
        if (wlen > 64 * GM_PAGE_SIZE) {
            /* A large count (read(fd, buf, huge)) usually overstates the buffer: the kernel
             * stops at the first page the guest cannot write, so nothing past it needs
             * preparing, and walking the rest would cost time for nothing. */
            uint64_t pg = addr & ~(GM_PAGE_SIZE - 1), end = addr + wlen;
            while (pg < end && (gm_page_flags(c->p->gm, pg) & (PAGE_VALID | PAGE_WRITE)) ==
                                   (PAGE_VALID | PAGE_WRITE))
                pg += GM_PAGE_SIZE;
            if (pg < end)
                wlen = pg > addr ? pg - addr : 0;
        }
        if (wlen)
            rt_prepare_guest_write(c->p->rt, addr, wlen);
    }
    *out = g2h(c->p->gm, addr);
    return 0;
}

/* Every page of [addr, addr+len) is mapped with prot in the guest's view. */
static bool guest_access_ok(struct Process *p, uint64_t addr, size_t len, int prot)
{
    if (!range_ok(addr, len) || addr + len > GM_TASK_SIZE)
        return false;
    if (len == 0)
        return true;
    uint64_t start = addr & ~(GM_PAGE_SIZE - 1);
    uint64_t end = (addr + len + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1);
    return gm_access_ok(p->gm, start, end - start, prot);
}

int copy_from_guest(struct Process *p, void *dst, uint64_t src, size_t len)
{
    if (!guest_access_ok(p, src, len, PAGE_READ))
        return -EFAULT;
    memcpy(dst, g2h(p->gm, src), len);
    return 0;
}

int copy_to_guest(struct Process *p, uint64_t dst, const void *src, size_t len)
{
    if (!guest_access_ok(p, dst, len, PAGE_WRITE))
        return -EFAULT;
    rt_prepare_guest_write(p->rt, dst, len);
    memcpy(g2h(p->gm, dst), src, len);
    return 0;
}

int64_t guest_strcpy(struct Process *p, char *dst, uint64_t src, size_t size)
{
    size_t n = 0;
    while (n < size) {
        uint64_t a = src + n;
        if (a >= GM_TASK_SIZE)
            return -EFAULT;
        int f = gm_page_flags(p->gm, a);
        if ((f & (PAGE_VALID | PAGE_READ)) != (PAGE_VALID | PAGE_READ))
            return -EFAULT;
        size_t chunk = GM_PAGE_SIZE - (a & (GM_PAGE_SIZE - 1));
        if (chunk > size - n)
            chunk = size - n;
        const char *h = g2h(p->gm, a);
        const char *z = memchr(h, 0, chunk);
        if (z) {
            memcpy(dst + n, h, (size_t)(z - h) + 1);
            return (int64_t)(n + (size_t)(z - h));
        }
        memcpy(dst + n, h, chunk);
        n += chunk;
    }
    if (size)
        dst[size - 1] = 0;
    return -ENAMETOOLONG;
}

int sys_path(SysCtx *c, uint64_t addr, char *buf, bool allow_null, const char **out)
{
    if (addr == 0 && allow_null) {
        *out = NULL;
        return 0;
    }
    int64_t n = guest_strcpy(c->p, buf, addr, QELT_PATH_MAX);
    if (n < 0)
        return (int)n;
    /* The host's /proc/self/exe is qelt; the guest must see its own program. */
    if (c->p->image.exe_path && is_proc_exe(buf, getpid())) {
        size_t l = strlen(c->p->image.exe_path);
        if (l < QELT_PATH_MAX)
            memcpy(buf, c->p->image.exe_path, l + 1);
    }
    sys_path_redirect(c, buf);
    *out = buf;
    return 0;
}

/* The -L sysroot (canonical: options.c resolved it), or NULL when none or "/". */
static const char *sysroot_of(const Process *p)
{
    const char *root = p->opts ? p->opts->sysroot : NULL;
    return root && root[0] && strcmp(root, "/") ? root : NULL;
}

/* path is one of the kernel's own trees, which a sysroot never replaces. */
static bool kernel_tree(const char *path)
{
    static const char *const trees[] = { "/proc", "/sys", "/dev" };
    for (size_t i = 0; i < sizeof trees / sizeof trees[0]; i++) {
        size_t l = strlen(trees[i]);
        if (!strncmp(path, trees[i], l) && (path[l] == '/' || path[l] == 0))
            return true;
    }
    return false;
}

void sys_path_redirect(SysCtx *c, char *buf)
{
    const char *root = sysroot_of(c->p);
    if (root && buf[0] == '/' && !kernel_tree(buf)) {
        char alt[QELT_PATH_MAX];
        struct stat st;
        /* ".." at the root is the root (the kernel's rule), and the guest's root is the
         * sysroot: "/../x" names SYSROOT/x, never the sysroot's host parent. */
        const char *g = buf;
        while (g[0] == '/' && g[1] == '.' && g[2] == '.' && (g[3] == '/' || g[3] == 0))
            g += 3;
        int k = snprintf(alt, sizeof alt, "%s%s", root, *g ? g : "/");
        if (k > 0 && k < QELT_PATH_MAX && lstat(alt, &st) == 0)
            memcpy(buf, alt, (size_t)k + 1);
    }
}

void sys_note_chdir(SysCtx *c, uint64_t gpath)
{
    char raw[QELT_PATH_MAX];
    const char *root = sysroot_of(c->p);
    if (guest_strcpy(c->p, raw, gpath, sizeof raw) < 0 || raw[0] != '/')
        return;
    size_t l = root ? strlen(root) : 0;
    c->p->cwd_host_named = root && !strncmp(raw, root, l) && (raw[l] == '/' || raw[l] == 0);
}

const char *guest_view_path(const Process *p, const char *host)
{
    const char *root = sysroot_of(p);
    size_t l = root ? strlen(root) : 0;
    if (!root || strncmp(host, root, l) != 0)
        return host;
    return host[l] == '/' ? host + l : host[l] == 0 ? "/" : host;
}

int iov_from_guest(SysCtx *c, uint64_t giov, int64_t cnt, bool write, struct iovec **out)
{
    *out = NULL;
    if (cnt < 0 || cnt > QELT_IOV_MAX)
        return -EINVAL;
    struct iovec *v = calloc((size_t)cnt + 1, sizeof(*v));
    if (!v)
        return -ENOMEM;
    /* Guest and host struct iovec have the same layout; only the base pointers change. */
    if (cnt && copy_from_guest(c->p, v, giov, (size_t)cnt * sizeof(*v)) < 0) {
        free(v);
        return -EFAULT;
    }
    for (int64_t i = 0; i < cnt; i++) {
        uint64_t base = (uint64_t)(uintptr_t)v[i].iov_base;
        void *h;
        if (v[i].iov_len == 0) {
            v[i].iov_base = base < GM_ADDR_LIMIT ? g2h(c->p->gm, base) : NULL;
            continue;
        }
        if (base == 0 || sys_buf(c, base, v[i].iov_len, write, &h) < 0) {
            free(v);
            return -EFAULT;
        }
        v[i].iov_base = h;
    }
    *out = v;
    return 0;
}

/* ---------------------------------------------------------------- memory, time, identity */

static int64_t sys_uname(SysCtx *c, uint64_t gbuf)
{
    struct utsname u;
    if (uname(&u) < 0)
        return -errno;
    /* The guest runs on a riscv64 machine as far as it can tell. */
    snprintf(u.machine, sizeof(u.machine), "%s", "riscv64");
    return copy_to_guest(c->p, gbuf, &u, sizeof(u));
}

static bool rlimit_is_qelts(int res)
{
    /* The guest's address-space limits must not constrain qelt's own reservation and code
     * cache: accept them without applying (as QEMU does). */
    return res == RLIMIT_AS || res == RLIMIT_DATA || res == RLIMIT_STACK;
}

static int64_t sys_prctl(SysCtx *c)
{
    int64_t *a = c->a;
    void *h;
    int r;
    switch (a[0]) {
    case PR_SET_NAME: {
        char name[16];
        /* The kernel takes at most 15 characters: a longer name is truncated, not an error. */
        int64_t n = guest_strcpy(c->p, name, a[1], sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        name[15] = 0;
        return sys_ret(prctl(PR_SET_NAME, name, 0, 0, 0));
    }
    case PR_GET_NAME: {
        char name[16] = { 0 };
        if (prctl(PR_GET_NAME, name, 0, 0, 0) < 0)
            return -errno;
        return copy_to_guest(c->p, a[1], name, sizeof(name));
    }
    case PR_GET_PDEATHSIG: {
        int hs;
        if (prctl(PR_GET_PDEATHSIG, &hs, 0, 0, 0) < 0)
            return -errno;
        hs = sig_guest_of(hs);
        return copy_to_guest(c->p, a[1], &hs, 4);
    }
    case PR_SET_PDEATHSIG: {
        int hs = (uint64_t)a[1] > 64 ? -1 : sig_number_g2h((int)a[1]);
        return hs < 0 ? -EINVAL : sys_ret(prctl(PR_SET_PDEATHSIG, hs, 0, 0, 0));
    }
    case PR_GET_CHILD_SUBREAPER:
        if ((r = sys_buf(c, a[1], 4, true, &h)) < 0)
            return r;
        return sys_ret(prctl((int)a[0], h, 0, 0, 0));
    case PR_RISCV_V_SET_CONTROL:
    case PR_RISCV_V_GET_CONTROL:
        return vstate_prctl(c->cpu, (int)a[0], (uint64_t)a[1]);
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_CHILD_SUBREAPER:
    case PR_CAPBSET_READ:
    case PR_GET_SECUREBITS:
    case PR_SET_SECUREBITS:
    case PR_SET_TIMING:
    case PR_GET_TIMING:
        /* Integer arguments only: safe to pass through. */
        return sys_ret(prctl((int)a[0], a[1], a[2], a[3], a[4]));
    default:
        /* PR_SET_SECCOMP would filter qelt's own host syscalls, PR_SET_MM / PR_SET_VMA take
         * addresses the host cannot interpret: refuse those and anything unknown. */
        return -EINVAL;
    }
}

static int64_t sys_futex(SysCtx *c)
{
    int64_t *a = c->a;
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
    void *uaddr, *uaddr2 = NULL, *timeout = NULL;
    int r;
    if ((r = sys_buf(c, a[0], 4, false, &uaddr)) < 0)
        return r;
    if (uaddr == NULL)
        return -EFAULT;
    long arg4 = (long)a[3];
    switch (cmd) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: case FUTEX_LOCK_PI: case 13 /* LOCK_PI2 */:
    case FUTEX_WAIT_REQUEUE_PI:
        if ((r = sys_buf(c, a[3], 16, false, &timeout)) < 0)
            return r;
        arg4 = (long)timeout;
        break;
    default:
        break; /* arg4 is the integer val2 */
    }
    switch (cmd) {
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: case FUTEX_WAKE_OP:
    case FUTEX_WAIT_REQUEUE_PI: case FUTEX_CMP_REQUEUE_PI:
        if ((r = sys_buf(c, a[4], 4, false, &uaddr2)) < 0)
            return r;
        break;
    default:
        break;
    }
    return sys_ret(syscall(SYS_futex, uaddr, op, (int)a[2], arg4, uaddr2, (int)a[5]));
}

/* Memory, time, identity, signal dispatch and the rest. */
static bool syscall_misc(SysCtx *c, int64_t *ret)
{
    Process *p = c->p;
    int64_t *a = c->a;
    void *h0, *h1, *h2;
    int r;
#define BUF(i, addr, len, wr) do { if ((r = sys_buf(c, (addr), (len), (wr), &h##i)) < 0) { *ret = r; return true; } } while (0)
#define RET(v) do { *ret = (v); return true; } while (0)
    switch (c->nr) {
    /* memory: guest address space belongs to user/mmap.c */
    case TARGET_NR_brk:      RET(target_brk(p, a[0]));
    case TARGET_NR_mmap:     RET(target_mmap(p, a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5]));
    case TARGET_NR_munmap:   RET(target_munmap(p, a[0], a[1]));
    case TARGET_NR_mprotect: RET(target_mprotect(p, a[0], a[1], (int)a[2]));
    case TARGET_NR_mremap:   RET(target_mremap(p, a[0], a[1], a[2], (int)a[3], a[4]));
    case TARGET_NR_madvise:  RET(target_madvise(p, a[0], a[1], (int)a[2]));
    case TARGET_NR_msync:
    case TARGET_NR_mlock:
    case TARGET_NR_munlock:
    case TARGET_NR_mlock2:
    case TARGET_NR_mincore: {
        /* The whole guest region is host-mapped (PROT_NONE where the guest has nothing), so
         * the host would not say ENOMEM for unmapped guest pages: check the guest's view. */
        uint64_t len = (uint64_t)a[1];
        if (a[0] & (GM_PAGE_SIZE - 1))
            RET(-EINVAL);
        if (len > GM_TASK_SIZE || (uint64_t)a[0] > GM_TASK_SIZE - len)
            RET(-ENOMEM);
        len = (len + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1);
        if (len && !gm_access_ok(p->gm, a[0], len, 0))
            RET(-ENOMEM);
        void *h = g2h(p->gm, a[0]);
        if (c->nr == TARGET_NR_mincore) {
            BUF(1, a[2], len / GM_PAGE_SIZE, true);
            RET(sys_ret(mincore(h, len, h1)));
        }
        if (c->nr == TARGET_NR_msync)
            RET(sys_ret(msync(h, len, (int)a[2])));
        if (c->nr == TARGET_NR_mlock)
            RET(sys_ret(mlock(h, len)));
        if (c->nr == TARGET_NR_munlock)
            RET(sys_ret(munlock(h, len)));
        RET(sys_ret(syscall(SYS_mlock2, h, len, (int)a[2])));
    }
    case TARGET_NR_mlockall:   RET(sys_ret(mlockall((int)a[0])));
    case TARGET_NR_munlockall: RET(sys_ret(munlockall()));

    /* time: timespec, timeval, itimerspec, itimerval, tms, timex have one layout on both */
    case TARGET_NR_clock_gettime:
        BUF(1, a[1], 16, true);
        RET(sys_ret(syscall(SYS_clock_gettime, (int)a[0], h1)));
    case TARGET_NR_clock_getres:
        BUF(1, a[1], 16, true);
        RET(sys_ret(syscall(SYS_clock_getres, (int)a[0], h1)));
    case TARGET_NR_clock_settime:
        BUF(1, a[1], 16, false);
        RET(sys_ret(syscall(SYS_clock_settime, (int)a[0], h1)));
    case TARGET_NR_clock_nanosleep:
        BUF(2, a[2], 16, false);
        BUF(1, a[3], 16, true);
        /* clock_nanosleep returns the error number itself, not -1/errno. */
        RET(-(int64_t)clock_nanosleep((clockid_t)a[0], (int)a[1], h2, h1));
    case TARGET_NR_nanosleep:
        BUF(0, a[0], 16, false);
        BUF(1, a[1], 16, true);
        RET(sys_ret(syscall(SYS_nanosleep, h0, h1)));
    case TARGET_NR_gettimeofday:
        BUF(0, a[0], 16, true);
        BUF(1, a[1], 8, true);
        RET(sys_ret(syscall(SYS_gettimeofday, h0, h1)));
    case TARGET_NR_settimeofday:
        BUF(0, a[0], 16, false);
        BUF(1, a[1], 8, false);
        RET(sys_ret(syscall(SYS_settimeofday, h0, h1)));
    case TARGET_NR_adjtimex:
        BUF(0, a[0], sizeof(struct timex), true);
        RET(sys_ret(syscall(SYS_adjtimex, h0)));
    case TARGET_NR_clock_adjtime:
        BUF(1, a[1], sizeof(struct timex), true);
        RET(sys_ret(syscall(SYS_clock_adjtime, (int)a[0], h1)));
    case TARGET_NR_times:
        BUF(0, a[0], sizeof(struct tms), true);
        RET(sys_ret(syscall(SYS_times, h0)));
    case TARGET_NR_getitimer:
        BUF(1, a[1], sizeof(struct itimerval), true);
        RET(sys_ret(syscall(SYS_getitimer, (int)a[0], h1)));
    case TARGET_NR_setitimer:
        BUF(1, a[1], sizeof(struct itimerval), false);
        BUF(2, a[2], sizeof(struct itimerval), true);
        RET(sys_ret(syscall(SYS_setitimer, (int)a[0], h1, h2)));
    case TARGET_NR_timer_create: {
        /* struct sigevent is 64 bytes on both; SIGEV_THREAD_ID names host tids = guest tids. */
        uint8_t sev[64];
        void *hs;
        if ((r = sig_sigevent_in(c->p, (uint64_t)a[1], sev, &hs)) < 0)
            RET(r);
        BUF(2, a[2], 4, true);
        RET(sys_ret(syscall(SYS_timer_create, (int)a[0], hs, h2)));
    }
    case TARGET_NR_timer_settime:
        BUF(2, a[2], sizeof(struct itimerspec), false);
        BUF(1, a[3], sizeof(struct itimerspec), true);
        RET(sys_ret(syscall(SYS_timer_settime, (int)a[0], (int)a[1], h2, h1)));
    case TARGET_NR_timer_gettime:
        BUF(1, a[1], sizeof(struct itimerspec), true);
        RET(sys_ret(syscall(SYS_timer_gettime, (int)a[0], h1)));
    case TARGET_NR_timer_getoverrun: RET(sys_ret(syscall(SYS_timer_getoverrun, (int)a[0])));
    case TARGET_NR_timer_delete:     RET(sys_ret(syscall(SYS_timer_delete, (int)a[0])));

    /* identity */
    case TARGET_NR_getpid:  RET(getpid());
    case TARGET_NR_getppid: RET(getppid());
    case TARGET_NR_gettid:  RET(syscall(SYS_gettid));
    case TARGET_NR_getuid:  RET(getuid());
    case TARGET_NR_geteuid: RET(geteuid());
    case TARGET_NR_getgid:  RET(getgid());
    case TARGET_NR_getegid: RET(getegid());
    case TARGET_NR_getresuid:
    case TARGET_NR_getresgid:
        BUF(0, a[0], 4, true);
        BUF(1, a[1], 4, true);
        BUF(2, a[2], 4, true);
        RET(sys_ret(syscall(c->nr == TARGET_NR_getresuid ? SYS_getresuid : SYS_getresgid, h0, h1, h2)));
    case TARGET_NR_setuid:    RET(sys_ret(syscall(SYS_setuid, (int)a[0])));
    case TARGET_NR_setgid:    RET(sys_ret(syscall(SYS_setgid, (int)a[0])));
    case TARGET_NR_setreuid:  RET(sys_ret(syscall(SYS_setreuid, (int)a[0], (int)a[1])));
    case TARGET_NR_setregid:  RET(sys_ret(syscall(SYS_setregid, (int)a[0], (int)a[1])));
    case TARGET_NR_setresuid: RET(sys_ret(syscall(SYS_setresuid, (int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_setresgid: RET(sys_ret(syscall(SYS_setresgid, (int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_setfsuid:  RET(sys_ret(syscall(SYS_setfsuid, (int)a[0])));
    case TARGET_NR_setfsgid:  RET(sys_ret(syscall(SYS_setfsgid, (int)a[0])));
    case TARGET_NR_getgroups:
        if ((int)a[0] < 0)
            RET(-EINVAL);
        BUF(1, a[1], (uint64_t)(int)a[0] * 4, true);
        RET(sys_ret(syscall(SYS_getgroups, (int)a[0], h1)));
    case TARGET_NR_setgroups:
        if ((int)a[0] < 0)
            RET(-EINVAL);
        BUF(1, a[1], (uint64_t)(int)a[0] * 4, false);
        RET(sys_ret(syscall(SYS_setgroups, (int)a[0], h1)));
    case TARGET_NR_setsid:  RET(sys_ret(setsid()));
    case TARGET_NR_getsid:  RET(sys_ret(getsid((pid_t)a[0])));
    case TARGET_NR_setpgid: RET(sys_ret(setpgid((pid_t)a[0], (pid_t)a[1])));
    case TARGET_NR_getpgid: RET(sys_ret(getpgid((pid_t)a[0])));
    case TARGET_NR_getpriority: RET(sys_ret(syscall(SYS_getpriority, (int)a[0], (int)a[1])));
    case TARGET_NR_setpriority: RET(sys_ret(syscall(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_uname: RET(sys_uname(c, a[0]));
    case TARGET_NR_sethostname:
    case TARGET_NR_setdomainname:
        BUF(0, a[0], a[1], false);
        RET(sys_ret(syscall(c->nr == TARGET_NR_sethostname ? SYS_sethostname : SYS_setdomainname, h0, a[1])));
    case TARGET_NR_sysinfo:
        BUF(0, a[0], sizeof(struct sysinfo), true);
        RET(sys_ret(syscall(SYS_sysinfo, h0)));
    case TARGET_NR_getrlimit:
        BUF(1, a[1], 16, true);
        RET(sys_ret(syscall(SYS_getrlimit, (int)a[0], h1)));
    case TARGET_NR_setrlimit:
        BUF(1, a[1], 16, false);
        if (rlimit_is_qelts((int)a[0]))
            RET(h1 ? 0 : -EFAULT);
        RET(sys_ret(syscall(SYS_setrlimit, (int)a[0], h1)));
    case TARGET_NR_prlimit64: {
        BUF(2, a[2], 16, false);
        BUF(1, a[3], 16, true);
        bool self = a[0] == 0 || a[0] == getpid();
        if (self && rlimit_is_qelts((int)a[1]))
            h2 = NULL;
        RET(sys_ret(syscall(SYS_prlimit64, (int)a[0], (int)a[1], h2, h1)));
    }
    case TARGET_NR_getrusage:
        BUF(1, a[1], sizeof(struct rusage), true);
        RET(sys_ret(syscall(SYS_getrusage, (int)a[0], h1)));
    case TARGET_NR_getrandom:
        BUF(0, a[0], a[1], true);
        RET(sys_ret(syscall(SYS_getrandom, h0, a[1], (unsigned)a[2])));
    case TARGET_NR_getcpu:
        BUF(0, a[0], 4, true);
        BUF(1, a[1], 4, true);
        RET(sys_ret(syscall(SYS_getcpu, h0, h1, NULL)));
    case TARGET_NR_prctl: RET(sys_prctl(c));
    case TARGET_NR_personality: RET(sys_ret(syscall(SYS_personality, (unsigned long)(uint32_t)a[0])));
    case TARGET_NR_capget:
        BUF(0, a[0], 8, true);
        BUF(1, a[1], 24, true);
        RET(sys_ret(syscall(SYS_capget, h0, h1)));
    case TARGET_NR_capset:
        BUF(0, a[0], 8, false);
        BUF(1, a[1], 24, false);
        RET(sys_ret(syscall(SYS_capset, h0, h1)));

    /* scheduling */
    case TARGET_NR_sched_yield: RET(sys_ret(sched_yield()));
    case TARGET_NR_sched_getaffinity:
        BUF(2, a[2], a[1], true);
        RET(sys_ret(syscall(SYS_sched_getaffinity, (int)a[0], a[1], h2)));
    case TARGET_NR_sched_setaffinity:
        BUF(2, a[2], a[1], false);
        RET(sys_ret(syscall(SYS_sched_setaffinity, (int)a[0], a[1], h2)));
    case TARGET_NR_sched_getparam:
        BUF(1, a[1], 4, true);
        RET(sys_ret(syscall(SYS_sched_getparam, (int)a[0], h1)));
    case TARGET_NR_sched_setparam:
        BUF(1, a[1], 4, false);
        RET(sys_ret(syscall(SYS_sched_setparam, (int)a[0], h1)));
    case TARGET_NR_sched_setscheduler:
        BUF(2, a[2], 4, false);
        RET(sys_ret(syscall(SYS_sched_setscheduler, (int)a[0], (int)a[1], h2)));
    case TARGET_NR_sched_getscheduler:     RET(sys_ret(syscall(SYS_sched_getscheduler, (int)a[0])));
    case TARGET_NR_sched_get_priority_max: RET(sys_ret(syscall(SYS_sched_get_priority_max, (int)a[0])));
    case TARGET_NR_sched_get_priority_min: RET(sys_ret(syscall(SYS_sched_get_priority_min, (int)a[0])));
    case TARGET_NR_sched_rr_get_interval:
        BUF(1, a[1], 16, true);
        RET(sys_ret(syscall(SYS_sched_rr_get_interval, (int)a[0], h1)));

    /* threads and synchronisation */
    case TARGET_NR_set_tid_address:
        /* The host kernel keeps the clear-child-tid address for us (it is a host address into
         * guest memory): on exit it clears the guest word and wakes its futex. */
        BUF(0, a[0], 4, true);
        RET(syscall(SYS_set_tid_address, h0));
    case TARGET_NR_set_robust_list:
        /* Accepted but not registered: the host kernel would walk a list of guest pointers as
         * if they were host ones. Only matters for threads dying with robust mutexes held. */
        RET(a[1] == 24 ? 0 : -EINVAL);
    case TARGET_NR_get_robust_list: RET(-ENOSYS);
    case TARGET_NR_rseq:       RET(-ENOSYS);  /* glibc then does without rseq */
    case TARGET_NR_membarrier: RET(sys_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2])));
    case TARGET_NR_futex:      RET(sys_futex(c));
    case TARGET_NR_riscv_flush_icache:
        rt_flush_all(p->rt, c->cpu);
        RET(0);
    case TARGET_NR_riscv_hwprobe: RET(sys_riscv_hwprobe(c));
    case TARGET_NR_restart_syscall:
        /* Only reachable after a -ERESTART_RESTARTBLOCK, which qelt never produces. */
        RET(-EINTR);

    /* signals: user/signal.c owns the guest's dispositions and masks */
    case TARGET_NR_rt_sigaction:    RET(do_rt_sigaction(c->cpu, (int)a[0], a[1], a[2], a[3]));
    case TARGET_NR_rt_sigprocmask:  RET(do_rt_sigprocmask(c->cpu, (int)a[0], a[1], a[2], a[3]));
    case TARGET_NR_rt_sigreturn:    RET(do_rt_sigreturn(c->cpu));
    case TARGET_NR_sigaltstack:     RET(do_sigaltstack(c->cpu, a[0], a[1]));
    case TARGET_NR_rt_sigsuspend:   RET(do_rt_sigsuspend(c->cpu, a[0], a[1]));
    case TARGET_NR_rt_sigpending:   RET(do_rt_sigpending(c->cpu, a[0], a[1]));
    case TARGET_NR_rt_sigtimedwait: RET(do_rt_sigtimedwait(c->cpu, a[0], a[1], a[2], a[3]));
    /* Signal numbers are translated (signal-map.c); the host kernel sends them to the target
     * process, whose host handlers (signal.c) queue them for its guest. */
    case TARGET_NR_kill: case TARGET_NR_tkill: case TARGET_NR_tgkill:
    case TARGET_NR_rt_sigqueueinfo: case TARGET_NR_rt_tgsigqueueinfo:
    case TARGET_NR_pidfd_send_signal:
        RET(do_signal_send(c->cpu, c->nr, a));

    /* Calls that would act on qelt itself rather than the guest, or whose structures carry
     * host-uninterpretable guest pointers: not emulated. */
    case TARGET_NR_ptrace:
    case TARGET_NR_seccomp:
    case TARGET_NR_bpf:
    case TARGET_NR_perf_event_open:
    case TARGET_NR_io_uring_setup:
    case TARGET_NR_io_uring_enter:
    case TARGET_NR_io_uring_register:
    case TARGET_NR_process_vm_readv:
    case TARGET_NR_process_vm_writev:
    case TARGET_NR_userfaultfd:
    case TARGET_NR_memfd_secret:
    case TARGET_NR_shmat:
    case TARGET_NR_shmdt:
    case TARGET_NR_clone3:   /* glibc falls back to clone */
        RET(-ENOSYS);
    default:
        return false;
    }
#undef BUF
#undef RET
}

static bool strace_on(Process *p)
{
    return p->opts && (p->opts->strace || (p->opts->log_mask & LOG_STRACE));
}

int64_t do_syscall(VCPU *cpu, int64_t nr, int64_t a0, int64_t a1, int64_t a2, int64_t a3,
                   int64_t a4, int64_t a5)
{
    SysCtx c = { .cpu = cpu, .p = cpu->proc, .nr = nr, .a = { a0, a1, a2, a3, a4, a5 } };
    bool trace = strace_on(c.p);
    /* clone's line is printed whole afterwards, by parent and child each with its own pid. */
    bool trace_late = trace && nr == TARGET_NR_clone;
    int64_t ret;
    if (trace && !trace_late)
        strace_enter(cpu, nr, c.a);
    plugins_syscall(cpu, nr, c.a);
    if (!syscall_fs(&c, &ret) && !syscall_proc(&c, &ret) && !syscall_net(&c, &ret) &&
        !syscall_misc(&c, &ret)) {
        if (c.p->opts && (c.p->opts->log_mask & LOG_UNIMP)) {
            FILE *log = c.p->log ? c.p->log : stderr;
            fprintf(log, "qelt: unimplemented syscall %lld\n", (long long)nr);
        }
        ret = -ENOSYS;
    }
    if (trace_late)
        strace_enter(cpu, nr, c.a);
    if (trace)
        strace_exit(cpu, nr, ret);
    plugins_syscall_ret(cpu, nr, ret);
    return ret;
}
