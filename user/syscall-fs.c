/*
 * File, directory, terminal and polling system calls of the guest.
 *
 * Facts this relies on (checked against the riscv64 and x86-64 uapi headers): O_* and AT_*
 * values, struct flock, statfs, statx, linux_dirent64, pollfd, fd_set, termios (generic
 * termbits, NCCS 19), winsize and the _IOC ioctl encoding are identical on both arches; struct
 * stat and struct epoll_event are not and are converted (syscall-structs.c).
 * Path arguments: every name the kernel looks up goes through sys_path (-L, /proc/self/exe);
 * a symlink's target is data and is stored as the guest wrote it. The guest's own /proc files,
 * getcwd and readlink results are user/procfs.c's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/fs.h>
#include "process.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

#define RET(v) do { *ret = (v); return true; } while (0)
#define BUF(i, addr, len, wr) do { if ((r = sys_buf(c, (addr), (len), (wr), &h##i)) < 0) RET(r); } while (0)
#define PATH(i, addr) char pb##i[QELT_PATH_MAX]; const char *p##i; \
    do { if ((r = sys_path(c, (addr), pb##i, false, &p##i)) < 0) RET(r); } while (0)
#define PATH_OPT(i, addr) char pb##i[QELT_PATH_MAX]; const char *p##i; \
    do { if ((r = sys_path(c, (addr), pb##i, true, &p##i)) < 0) RET(r); } while (0)

static int64_t sys_openat(SysCtx *c, int dirfd, uint64_t gpath, int flags, int mode)
{
    char buf[QELT_PATH_MAX];
    const char *path;
    int64_t ret;
    int r = sys_path(c, gpath, buf, false, &path);
    if (r < 0)
        return r;
    if (procfs_open(c, dirfd, path, flags, mode, &ret))
        return ret;
    return sys_ret(syscall(SYS_openat, dirfd, path, flags, mode));
}

static int64_t put_stat(SysCtx *c, long hr, const struct stat *st, uint64_t gbuf)
{
    if (hr < 0)
        return -errno;
    struct target_stat t;
    host_to_target_stat(&t, st);
    return copy_to_guest(c->p, gbuf, &t, sizeof(t));
}

static int64_t sys_fcntl(SysCtx *c, int fd, int cmd, uint64_t arg)
{
    void *h;
    int r;
    switch (cmd) {
    case F_GETLK: case F_SETLK: case F_SETLKW:
    case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
        /* struct flock: short type, short whence, off_t start, len, pid: 32 bytes on both. */
        if ((r = sys_buf(c, arg, 32, cmd == F_GETLK || cmd == F_OFD_GETLK, &h)) < 0)
            return r;
        return sys_ret(syscall(SYS_fcntl, fd, cmd, h));
    case F_GETOWN_EX: case F_SETOWN_EX:
        if ((r = sys_buf(c, arg, 8, cmd == F_GETOWN_EX, &h)) < 0)
            return r;
        return sys_ret(syscall(SYS_fcntl, fd, cmd, h));
    case F_GET_RW_HINT: case F_SET_RW_HINT: case F_GET_FILE_RW_HINT: case F_SET_FILE_RW_HINT:
        if ((r = sys_buf(c, arg, 8, cmd == F_GET_RW_HINT || cmd == F_GET_FILE_RW_HINT, &h)) < 0)
            return r;
        return sys_ret(syscall(SYS_fcntl, fd, cmd, h));
    case F_SETSIG:
        if ((r = sig_number_g2h(arg > 64 ? -1 : (int)arg)) < 0)
            return -EINVAL;
        return sys_ret(syscall(SYS_fcntl, fd, cmd, (long)r));
    case F_GETSIG:
        if ((r = (int)syscall(SYS_fcntl, fd, cmd)) < 0)
            return -errno;
        return sig_guest_of(r);
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD: case F_GETFL: case F_SETFL:
    case F_SETOWN: case F_GETOWN: case F_SETLEASE: case F_GETLEASE:
    case F_NOTIFY: case F_SETPIPE_SZ: case F_GETPIPE_SZ: case F_ADD_SEALS: case F_GET_SEALS:
        /* integer argument; O_* flags of F_GETFL/F_SETFL have the same values on both */
        return sys_ret(syscall(SYS_fcntl, fd, cmd, (long)arg));
    default:
        return -EINVAL;
    }
}

/* ioctl: a table for the classic terminal requests (no size encoded in the number), then the
 * _IOC-encoded ones of a few families whose structures hold no pointers. */
enum { IOA_VAL, IOA_IN, IOA_OUT, IOA_INOUT };
typedef struct IoctlDesc { uint32_t req; uint8_t kind; uint16_t size; } IoctlDesc;

static const IoctlDesc ioctl_table[] = {
    { 0x5401, IOA_OUT, 36 },  /* TCGETS */
    { 0x5402, IOA_IN, 36 },   /* TCSETS */
    { 0x5403, IOA_IN, 36 },   /* TCSETSW */
    { 0x5404, IOA_IN, 36 },   /* TCSETSF */
    { 0x5405, IOA_OUT, 18 },  /* TCGETA */
    { 0x5406, IOA_IN, 18 },   /* TCSETA */
    { 0x5407, IOA_IN, 18 },   /* TCSETAW */
    { 0x5408, IOA_IN, 18 },   /* TCSETAF */
    { 0x5409, IOA_VAL, 0 },   /* TCSBRK */
    { 0x540A, IOA_VAL, 0 },   /* TCXONC */
    { 0x540B, IOA_VAL, 0 },   /* TCFLSH */
    { 0x540C, IOA_VAL, 0 },   /* TIOCEXCL */
    { 0x540D, IOA_VAL, 0 },   /* TIOCNXCL */
    { 0x540E, IOA_VAL, 0 },   /* TIOCSCTTY */
    { 0x540F, IOA_OUT, 4 },   /* TIOCGPGRP */
    { 0x5410, IOA_IN, 4 },    /* TIOCSPGRP */
    { 0x5411, IOA_OUT, 4 },   /* TIOCOUTQ */
    { 0x5412, IOA_IN, 1 },    /* TIOCSTI */
    { 0x5413, IOA_OUT, 8 },   /* TIOCGWINSZ */
    { 0x5414, IOA_IN, 8 },    /* TIOCSWINSZ */
    { 0x5415, IOA_OUT, 4 },   /* TIOCMGET */
    { 0x5416, IOA_IN, 4 },    /* TIOCMBIS */
    { 0x5417, IOA_IN, 4 },    /* TIOCMBIC */
    { 0x5418, IOA_IN, 4 },    /* TIOCMSET */
    { 0x5419, IOA_OUT, 4 },   /* TIOCGSOFTCAR */
    { 0x541A, IOA_IN, 4 },    /* TIOCSSOFTCAR */
    { 0x541B, IOA_OUT, 4 },   /* FIONREAD */
    { 0x541D, IOA_VAL, 0 },   /* TIOCCONS */
    { 0x5420, IOA_IN, 4 },    /* TIOCPKT */
    { 0x5421, IOA_IN, 4 },    /* FIONBIO */
    { 0x5422, IOA_VAL, 0 },   /* TIOCNOTTY */
    { 0x5423, IOA_IN, 4 },    /* TIOCSETD */
    { 0x5424, IOA_OUT, 4 },   /* TIOCGETD */
    { 0x5425, IOA_VAL, 0 },   /* TCSBRKP */
    { 0x5427, IOA_VAL, 0 },   /* TIOCSBRK */
    { 0x5428, IOA_VAL, 0 },   /* TIOCCBRK */
    { 0x5429, IOA_OUT, 4 },   /* TIOCGSID */
    { 0x5437, IOA_OUT, 4 },   /* TIOCGEXCL */
    { 0x5441, IOA_VAL, 0 },   /* TIOCGPTPEER */
    { 0x5450, IOA_VAL, 0 },   /* FIONCLEX */
    { 0x5451, IOA_VAL, 0 },   /* FIOCLEX */
    { 0x5452, IOA_IN, 4 },    /* FIOASYNC */
    { 0x5456, IOA_OUT, 36 },  /* TIOCGLCKTRMIOS */
    { 0x5457, IOA_IN, 36 },   /* TIOCSLCKTRMIOS */
    { 0x5460, IOA_OUT, 8 },   /* FIOQSIZE */
    /* socket ioctls on struct ifreq (40 bytes, no pointers in these requests) */
    { 0x8910, IOA_INOUT, 40 }, /* SIOCGIFNAME */
    { 0x8913, IOA_INOUT, 40 }, /* SIOCGIFFLAGS */
    { 0x8914, IOA_IN, 40 },    /* SIOCSIFFLAGS */
    { 0x8915, IOA_INOUT, 40 }, /* SIOCGIFADDR */
    { 0x8919, IOA_INOUT, 40 }, /* SIOCGIFBRDADDR */
    { 0x891b, IOA_INOUT, 40 }, /* SIOCGIFNETMASK */
    { 0x8921, IOA_INOUT, 40 }, /* SIOCGIFMTU */
    { 0x8927, IOA_INOUT, 40 }, /* SIOCGIFHWADDR */
    { 0x8933, IOA_INOUT, 40 }, /* SIOCGIFINDEX */
    { 0x8904, IOA_OUT, 4 },    /* SIOCGPGRP */
    { 0x8902, IOA_IN, 4 },     /* SIOCSPGRP */
    { 0x8905, IOA_OUT, 4 },    /* SIOCATMARK */
};

static int64_t sys_ioctl(SysCtx *c, int fd, uint32_t req, uint64_t arg)
{
    void *h;
    int r;
    const IoctlDesc *d = NULL;
    IoctlDesc gen;
    for (size_t i = 0; i < sizeof(ioctl_table) / sizeof(ioctl_table[0]); i++)
        if (ioctl_table[i].req == req) {
            d = &ioctl_table[i];
            break;
        }
    if (!d && req == 0x8912) {
        /* SIOCGIFCONF: struct ifconf { int len; char *buf; } carries a guest pointer. */
        struct { int32_t len, pad; uint64_t buf; } g;
        struct { int len; void *buf; } hc;
        if (copy_from_guest(c->p, &g, arg, sizeof(g)) < 0)
            return -EFAULT;
        if (g.len < 0)
            return -EINVAL;
        if ((r = sys_buf(c, g.buf, (uint64_t)g.len, true, &h)) < 0)
            return r;
        hc.len = g.len;
        hc.buf = h;
        if (ioctl(fd, req, &hc) < 0)
            return -errno;
        g.len = hc.len;
        return copy_to_guest(c->p, arg, &g, sizeof(g));
    }
    if (!d) {
        /* _IOC encoding (same on both): dir in bits 30-31, size in 16-29, type in 8-15. */
        unsigned dir = req >> 30, size = (req >> 16) & 0x3fff, type = (req >> 8) & 0xff;
        bool family_ok = type == 'T' || type == 'f' || type == 0x12 || type == 'v';
        if (!family_ok) {
            if (c->p->opts && (c->p->opts->log_mask & LOG_UNIMP))
                fprintf(c->p->log ? c->p->log : stderr, "qelt: unsupported ioctl %#x\n", req);
            return -ENOTTY;
        }
        gen.req = req;
        gen.size = (uint16_t)size;
        gen.kind = dir == 0 ? IOA_VAL : dir == 1 ? IOA_IN : dir == 2 ? IOA_OUT : IOA_INOUT;
        if (gen.kind != IOA_VAL && size == 0)
            gen.kind = IOA_VAL;
        d = &gen;
    }
    if (d->kind == IOA_VAL)
        return sys_ret(ioctl(fd, req, (unsigned long)arg));
    if ((r = sys_buf(c, arg, d->size, d->kind != IOA_IN, &h)) < 0)
        return r;
    return sys_ret(ioctl(fd, req, h));
}

static int64_t sys_rw_vec(SysCtx *c, long hostnr, bool write_mem)
{
    struct iovec *v;
    int64_t *a = c->a;
    int r = iov_from_guest(c, a[1], a[2], write_mem, &v);
    if (r < 0)
        return r;
    long hr = syscall(hostnr, (int)a[0], v, (int)a[2], a[3], a[4], (int)a[5]);
    int64_t res = sys_ret(hr);
    free(v);
    return res;
}

static int64_t sys_epoll_wait(SysCtx *c, bool ts)
{
    int64_t *a = c->a;
    int maxev = (int)a[2];
    void *sig, *tmo = NULL, *gev;
    int r;
    if (maxev <= 0 || maxev > 0x7fffffff / 16)
        return -EINVAL;
    if ((r = sys_buf(c, a[1], (uint64_t)maxev * 16, true, &gev)) < 0)
        return r;
    if (!gev)
        return -EFAULT;
    if (ts && (r = sys_buf(c, a[3], 16, false, &tmo)) < 0)
        return r;
    /* Returning fewer events than asked is always allowed: bound the host buffer. */
    int n = maxev < 1024 ? maxev : 1024;
    struct epoll_event *hev = malloc((size_t)n * sizeof(*hev));
    if (!hev)
        return -ENOMEM;
    uint64_t hmask;
    int tm = sig_tmpmask_begin(c->cpu, (uint64_t)a[4], (uint64_t)a[5], &hmask);
    if (tm < 0) {
        free(hev);
        return tm;
    }
    sig = tm ? &hmask : NULL;
    long hr = ts ? syscall(SYS_epoll_pwait2, (int)a[0], hev, n, tmo, sig, 8)
                 : syscall(SYS_epoll_pwait, (int)a[0], hev, n, (int)a[3], sig, 8);
    int64_t res = sys_ret(hr);
    if (tm)
        res = sig_tmpmask_end(c->cpu, res);
    if (res > 0) {
        struct target_epoll_event tev[64];
        for (int64_t i = 0; i < res; i += 64) {
            size_t k = (size_t)(res - i < 64 ? res - i : 64);
            host_to_target_epoll(tev, hev + i, k);
            if (copy_to_guest(c->p, a[1] + (uint64_t)i * 16, tev, k * 16) < 0) {
                res = -EFAULT;
                break;
            }
        }
    }
    free(hev);
    return res;
}

static int64_t sys_ppoll(SysCtx *c, void *fds, void *tmo)
{
    uint64_t hmask;
    int tm = sig_tmpmask_begin(c->cpu, (uint64_t)c->a[3], (uint64_t)c->a[4], &hmask);
    if (tm < 0)
        return tm;
    int64_t res = sys_ret(syscall(SYS_ppoll, fds, (unsigned)c->a[1], tmo, tm ? &hmask : NULL, 8));
    return tm ? sig_tmpmask_end(c->cpu, res) : res;
}

static int64_t sys_pselect6(SysCtx *c)
{
    int64_t *a = c->a;
    int n = (int)a[0];
    void *fs[3], *tmo;
    int r;
    if (n < 0)
        return -EINVAL;
    uint64_t setlen = ((uint64_t)n + 63) / 64 * 8;
    for (int i = 0; i < 3; i++)
        if ((r = sys_buf(c, a[1 + i], setlen, true, &fs[i])) < 0)
            return r;
    if ((r = sys_buf(c, a[4], 16, true, &tmo)) < 0)
        return r;
    /* The 6th argument is { const sigset_t *ss; size_t ss_len; } with a guest pointer. */
    struct { void *ss; size_t len; } hsig, *hsp = NULL;
    uint64_t hmask;
    int tm = 0;
    if (a[5]) {
        uint64_t g[2];
        if (copy_from_guest(c->p, g, a[5], sizeof(g)) < 0)
            return -EFAULT;
        if ((tm = sig_tmpmask_begin(c->cpu, g[0], g[1], &hmask)) < 0)
            return tm;
        hsig.ss = &hmask;
        hsig.len = 8;
        hsp = tm ? &hsig : NULL;
    }
    int64_t res = sys_ret(syscall(SYS_pselect6, n, fs[0], fs[1], fs[2], tmo, hsp));
    return tm ? sig_tmpmask_end(c->cpu, res) : res;
}

void proc_own_fd(Process *p, int fd, bool own)
{
    for (int i = 0; i < p->n_own_fds; i++) {
        if (p->own_fds[i] == fd) {
            if (!own)
                p->own_fds[i] = p->own_fds[--p->n_own_fds];
            return;
        }
    }
    if (own && fd >= 0 && p->n_own_fds < (int)(sizeof p->own_fds / sizeof p->own_fds[0]))
        p->own_fds[p->n_own_fds++] = fd;
}

bool proc_is_own_fd(const Process *p, int fd)
{
    for (int i = 0; i < p->n_own_fds; i++)
        if (p->own_fds[i] == fd)
            return true;
    return false;
}

/* close_range around qelt's own descriptors: the pieces of [lo, hi] between them. */
static int64_t sys_close_range(Process *p, unsigned lo, unsigned hi, unsigned flags)
{
    if (lo > hi)
        return -EINVAL;
    unsigned from = lo;
    for (;;) {
        /* The lowest own descriptor in [from, hi], if any. */
        unsigned cut = hi;
        bool found = false;
        for (int i = 0; i < p->n_own_fds; i++) {
            unsigned f = (unsigned)p->own_fds[i];
            if (f >= from && f <= hi && (!found || f < cut)) {
                cut = f;
                found = true;
            }
        }
        if (!found)
            return sys_ret(syscall(SYS_close_range, from, hi, flags));
        if (cut > from) {
            int64_t r = sys_ret(syscall(SYS_close_range, from, cut - 1, flags));
            if (r < 0)
                return r;
        }
        if (cut == hi || cut == UINT32_MAX)
            return 0;
        from = cut + 1;
    }
}

bool syscall_fs(SysCtx *c, int64_t *ret)
{
    int64_t *a = c->a;
    void *h0, *h1, *h2, *h3;
    int r;
    switch (c->nr) {
    case TARGET_NR_openat:
        RET(sys_openat(c, (int)a[0], a[1], (int)a[2], (int)a[3]));
    case TARGET_NR_openat2: {
        PATH(1, a[1]);
        BUF(2, a[2], a[3], false);
        uint64_t how[3];   /* struct open_how: flags, mode, resolve */
        int64_t fd;
        if (a[3] >= 24 && copy_from_guest(c->p, how, a[2], sizeof how) == 0 && how[2] == 0 &&
            procfs_open(c, (int)a[0], p1, (int)how[0], (int)how[1], &fd))
            RET(fd);
        RET(sys_ret(syscall(SYS_openat2, (int)a[0], p1, h2, a[3])));
    }
    case TARGET_NR_close:
        RET(proc_is_own_fd(c->p, (int)a[0]) ? -EBADF : sys_ret(close((int)a[0])));
    case TARGET_NR_close_range: RET(sys_close_range(c->p, (unsigned)a[0], (unsigned)a[1], (unsigned)a[2]));
    case TARGET_NR_read:
        BUF(1, a[1], a[2], true);
        if (h1 && sig_signalfd_read(c->cpu, (int)a[0], h1, a[2], ret))
            return true;
        RET(sys_ret(read((int)a[0], h1, a[2])));
    case TARGET_NR_write:
        BUF(1, a[1], a[2], false);
        RET(sys_ret(write((int)a[0], h1, a[2])));
    case TARGET_NR_pread64:
        BUF(1, a[1], a[2], true);
        RET(sys_ret(pread((int)a[0], h1, a[2], a[3])));
    case TARGET_NR_pwrite64:
        BUF(1, a[1], a[2], false);
        RET(sys_ret(pwrite((int)a[0], h1, a[2], a[3])));
    case TARGET_NR_readv:    RET(sys_rw_vec(c, SYS_readv, true));
    case TARGET_NR_writev:   RET(sys_rw_vec(c, SYS_writev, false));
    case TARGET_NR_preadv:   RET(sys_rw_vec(c, SYS_preadv, true));
    case TARGET_NR_pwritev:  RET(sys_rw_vec(c, SYS_pwritev, false));
    case TARGET_NR_preadv2:  RET(sys_rw_vec(c, SYS_preadv2, true));
    case TARGET_NR_pwritev2: RET(sys_rw_vec(c, SYS_pwritev2, false));
    case TARGET_NR_vmsplice: {
        struct iovec *v;
        /* SPLICE_F_GIFT aside, vmsplice reads the buffers into a pipe. */
        if ((r = iov_from_guest(c, a[1], a[2], false, &v)) < 0)
            RET(r);
        int64_t res = sys_ret(syscall(SYS_vmsplice, (int)a[0], v, a[2], (unsigned)a[3]));
        free(v);
        RET(res);
    }
    case TARGET_NR_lseek: RET(sys_ret(lseek((int)a[0], a[1], (int)a[2])));
    case TARGET_NR_dup:   RET(sys_ret(dup((int)a[0])));
    case TARGET_NR_dup3:  RET(sys_ret(dup3((int)a[0], (int)a[1], (int)a[2])));
    case TARGET_NR_fcntl: RET(sys_fcntl(c, (int)a[0], (int)a[1], a[2]));
    case TARGET_NR_ioctl: RET(sys_ioctl(c, (int)a[0], (uint32_t)a[1], a[2]));
    case TARGET_NR_pipe2:
        BUF(0, a[0], 8, true);
        RET(sys_ret(syscall(SYS_pipe2, h0, (int)a[1])));
    case TARGET_NR_fstat: {
        struct stat st;
        RET(put_stat(c, fstat((int)a[0], &st), &st, a[1]));
    }
    case TARGET_NR_newfstatat: {
        struct stat st;
        PATH_OPT(1, a[1]);
        RET(put_stat(c, syscall(SYS_newfstatat, (int)a[0], p1, &st, (int)a[3]), &st, a[2]));
    }
    case TARGET_NR_statx: {
        PATH_OPT(1, a[1]);
        BUF(3, a[4], 256, true);
        RET(sys_ret(syscall(SYS_statx, (int)a[0], p1, (int)a[2], (unsigned)a[3], h3)));
    }
    case TARGET_NR_statfs: {
        PATH(0, a[0]);
        BUF(1, a[1], sizeof(struct statfs), true);
        RET(sys_ret(syscall(SYS_statfs, p0, h1)));
    }
    case TARGET_NR_fstatfs:
        BUF(1, a[1], sizeof(struct statfs), true);
        RET(sys_ret(syscall(SYS_fstatfs, (int)a[0], h1)));
    case TARGET_NR_faccessat: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_faccessat, (int)a[0], p1, (int)a[2])));
    }
    case TARGET_NR_faccessat2: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_faccessat2, (int)a[0], p1, (int)a[2], (int)a[3])));
    }
    case TARGET_NR_readlinkat: RET(procfs_readlinkat(c, (int)a[0], a[1], a[2], a[3]));
    case TARGET_NR_getdents64:
        BUF(1, a[1], (uint32_t)a[2], true);
        RET(sys_ret(syscall(SYS_getdents64, (int)a[0], h1, (unsigned)a[2])));
    case TARGET_NR_mkdirat: {
        PATH(1, a[1]);
        RET(sys_ret(mkdirat((int)a[0], p1, (mode_t)a[2])));
    }
    case TARGET_NR_mknodat: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_mknodat, (int)a[0], p1, (unsigned)a[2], (unsigned)a[3])));
    }
    case TARGET_NR_unlinkat: {
        PATH(1, a[1]);
        RET(sys_ret(unlinkat((int)a[0], p1, (int)a[2])));
    }
    case TARGET_NR_renameat2: {
        PATH(1, a[1]);
        PATH(3, a[3]);
        RET(sys_ret(syscall(SYS_renameat2, (int)a[0], p1, (int)a[2], p3, (unsigned)a[4])));
    }
    case TARGET_NR_linkat: {
        PATH(1, a[1]);
        PATH(3, a[3]);
        RET(sys_ret(linkat((int)a[0], p1, (int)a[2], p3, (int)a[4])));
    }
    case TARGET_NR_symlinkat: {
        char target[QELT_PATH_MAX];   /* the link's text: data, stored as written */
        int64_t n = guest_strcpy(c->p, target, a[0], sizeof target);
        if (n < 0)
            RET(n);
        PATH(2, a[2]);
        RET(sys_ret(symlinkat(target, (int)a[1], p2)));
    }
    case TARGET_NR_fchmod: RET(sys_ret(fchmod((int)a[0], (mode_t)a[1])));
    case TARGET_NR_fchmodat: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_fchmodat, (int)a[0], p1, (mode_t)a[2])));
    }
    case TARGET_NR_fchmodat2: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(452 /* fchmodat2 on x86-64 too */, (int)a[0], p1, (mode_t)a[2], (int)a[3])));
    }
    case TARGET_NR_fchown: RET(sys_ret(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2])));
    case TARGET_NR_fchownat: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_fchownat, (int)a[0], p1, (uid_t)a[2], (gid_t)a[3], (int)a[4])));
    }
    case TARGET_NR_utimensat: {
        PATH_OPT(1, a[1]);   /* NULL path: the file of dirfd itself */
        BUF(2, a[2], 32, false);
        RET(sys_ret(syscall(SYS_utimensat, (int)a[0], p1, h2, (int)a[3])));
    }
    case TARGET_NR_truncate: {
        PATH(0, a[0]);
        RET(sys_ret(truncate(p0, a[1])));
    }
    case TARGET_NR_ftruncate: RET(sys_ret(ftruncate((int)a[0], a[1])));
    case TARGET_NR_fallocate: RET(sys_ret(fallocate((int)a[0], (int)a[1], a[2], a[3])));
    case TARGET_NR_fsync:     RET(sys_ret(fsync((int)a[0])));
    case TARGET_NR_fdatasync: RET(sys_ret(fdatasync((int)a[0])));
    case TARGET_NR_sync:      sync(); RET(0);
    case TARGET_NR_syncfs:    RET(sys_ret(syncfs((int)a[0])));
    case TARGET_NR_sync_file_range:
        RET(sys_ret(syscall(SYS_sync_file_range, (int)a[0], a[1], a[2], (unsigned)a[3])));
    case TARGET_NR_flock:     RET(sys_ret(flock((int)a[0], (int)a[1])));
    case TARGET_NR_readahead: RET(sys_ret(syscall(SYS_readahead, (int)a[0], a[1], a[2])));
    case TARGET_NR_fadvise64: RET(sys_ret(syscall(SYS_fadvise64, (int)a[0], a[1], a[2], (int)a[3])));
    case TARGET_NR_chdir: {
        PATH(0, a[0]);
        if (chdir(p0) < 0)
            RET(-errno);
        sys_note_chdir(c, a[0]);
        RET(0);
    }
    case TARGET_NR_fchdir: RET(sys_ret(fchdir((int)a[0])));
    case TARGET_NR_chroot: {
        PATH(0, a[0]);
        RET(sys_ret(chroot(p0)));
    }
    case TARGET_NR_getcwd: RET(procfs_getcwd(c, a[0], a[1]));
    case TARGET_NR_umask: RET(umask((mode_t)a[0]));
    case TARGET_NR_sendfile:
        BUF(2, a[2], 8, true);
        RET(sys_ret(syscall(SYS_sendfile, (int)a[0], (int)a[1], h2, a[3])));
    case TARGET_NR_copy_file_range:
    case TARGET_NR_splice:
        BUF(1, a[1], 8, true);
        BUF(3, a[3], 8, true);
        RET(sys_ret(syscall(c->nr == TARGET_NR_splice ? SYS_splice : SYS_copy_file_range,
                            (int)a[0], h1, (int)a[2], h3, a[4], (unsigned)a[5])));
    case TARGET_NR_tee: RET(sys_ret(syscall(SYS_tee, (int)a[0], (int)a[1], a[2], (unsigned)a[3])));
    case TARGET_NR_memfd_create: {
        char name[256];
        int64_t n = guest_strcpy(c->p, name, a[0], sizeof(name));
        if (n < 0)
            RET(n == -ENAMETOOLONG ? -EINVAL : n);
        RET(sys_ret(syscall(SYS_memfd_create, name, (unsigned)a[1])));
    }
    /* extended attributes: names are strings, values opaque bytes */
    case TARGET_NR_setxattr:
    case TARGET_NR_lsetxattr: {
        PATH(0, a[0]);
        BUF(1, a[1], 0, false);
        BUF(2, a[2], a[3], false);
        RET(sys_ret(syscall(c->nr == TARGET_NR_setxattr ? SYS_setxattr : SYS_lsetxattr, p0, h1, h2, a[3], (int)a[4])));
    }
    case TARGET_NR_fsetxattr:
        BUF(1, a[1], 0, false);
        BUF(2, a[2], a[3], false);
        RET(sys_ret(syscall(SYS_fsetxattr, (int)a[0], h1, h2, a[3], (int)a[4])));
    case TARGET_NR_getxattr:
    case TARGET_NR_lgetxattr: {
        PATH(0, a[0]);
        BUF(1, a[1], 0, false);
        BUF(2, a[2], a[3], true);
        RET(sys_ret(syscall(c->nr == TARGET_NR_getxattr ? SYS_getxattr : SYS_lgetxattr, p0, h1, h2, a[3])));
    }
    case TARGET_NR_fgetxattr:
        BUF(1, a[1], 0, false);
        BUF(2, a[2], a[3], true);
        RET(sys_ret(syscall(SYS_fgetxattr, (int)a[0], h1, h2, a[3])));
    case TARGET_NR_listxattr:
    case TARGET_NR_llistxattr: {
        PATH(0, a[0]);
        BUF(1, a[1], a[2], true);
        RET(sys_ret(syscall(c->nr == TARGET_NR_listxattr ? SYS_listxattr : SYS_llistxattr, p0, h1, a[2])));
    }
    case TARGET_NR_flistxattr:
        BUF(1, a[1], a[2], true);
        RET(sys_ret(syscall(SYS_flistxattr, (int)a[0], h1, a[2])));
    case TARGET_NR_removexattr:
    case TARGET_NR_lremovexattr: {
        PATH(0, a[0]);
        BUF(1, a[1], 0, false);
        RET(sys_ret(syscall(c->nr == TARGET_NR_removexattr ? SYS_removexattr : SYS_lremovexattr, p0, h1)));
    }
    case TARGET_NR_fremovexattr:
        BUF(1, a[1], 0, false);
        RET(sys_ret(syscall(SYS_fremovexattr, (int)a[0], h1)));
    /* inotify: struct inotify_event is the same on both */
    case TARGET_NR_inotify_init1: RET(sys_ret(syscall(SYS_inotify_init1, (int)a[0])));
    case TARGET_NR_inotify_add_watch: {
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_inotify_add_watch, (int)a[0], p1, (uint32_t)a[2])));
    }
    case TARGET_NR_inotify_rm_watch: RET(sys_ret(syscall(SYS_inotify_rm_watch, (int)a[0], (int)a[1])));
    /* mounts and the like: pass through (normally EPERM) */
    case TARGET_NR_mount: {
        PATH_OPT(0, a[0]);
        PATH(1, a[1]);
        PATH_OPT(2, a[2]);
        BUF(3, a[4], 0, false);
        RET(sys_ret(syscall(SYS_mount, p0, p1, p2, a[3], h3)));
    }
    case TARGET_NR_umount2: {
        PATH(0, a[0]);
        RET(sys_ret(syscall(SYS_umount2, p0, (int)a[1])));
    }
    case TARGET_NR_pivot_root: {
        PATH(0, a[0]);
        PATH(1, a[1]);
        RET(sys_ret(syscall(SYS_pivot_root, p0, p1)));
    }
    case TARGET_NR_acct: {
        PATH_OPT(0, a[0]);
        RET(sys_ret(syscall(SYS_acct, p0)));
    }
    case TARGET_NR_swapon: {
        PATH(0, a[0]);
        RET(sys_ret(syscall(SYS_swapon, p0, (int)a[1])));
    }
    case TARGET_NR_swapoff: {
        PATH(0, a[0]);
        RET(sys_ret(syscall(SYS_swapoff, p0)));
    }

    /* polling and event fds */
    case TARGET_NR_ppoll:
        /* struct pollfd (8 bytes) is the same; the kernel writes revents and the time left. */
        if (a[1] > 0x100000)
            RET(-EINVAL);
        BUF(0, a[0], (uint64_t)a[1] * 8, true);
        BUF(2, a[2], 16, true);
        RET(sys_ppoll(c, h0, h2));
    case TARGET_NR_pselect6: RET(sys_pselect6(c));
    case TARGET_NR_epoll_create1: RET(sys_ret(syscall(SYS_epoll_create1, (int)a[0])));
    case TARGET_NR_epoll_ctl: {
        struct epoll_event hev, *hp = NULL;
        if (a[3]) {
            struct target_epoll_event tev;
            if (copy_from_guest(c->p, &tev, a[3], sizeof(tev)) < 0)
                RET(-EFAULT);
            target_to_host_epoll(&hev, &tev, 1);
            hp = &hev;
        }
        RET(sys_ret(syscall(SYS_epoll_ctl, (int)a[0], (int)a[1], (int)a[2], hp)));
    }
    case TARGET_NR_epoll_pwait:  RET(sys_epoll_wait(c, false));
    case TARGET_NR_epoll_pwait2: RET(sys_epoll_wait(c, true));
    case TARGET_NR_eventfd2: RET(sys_ret(syscall(SYS_eventfd2, (unsigned)a[0], (int)a[1])));
    case TARGET_NR_signalfd4:
        /* signal numbers are translated (signal-map.c); signalfd_siginfo is the same 128 bytes */
        RET(do_signalfd4(c->cpu, (int)a[0], a[1], a[2], (int)a[3]));
    case TARGET_NR_timerfd_create: RET(sys_ret(syscall(SYS_timerfd_create, (int)a[0], (int)a[1])));
    case TARGET_NR_timerfd_settime:
        BUF(2, a[2], 32, false);
        BUF(3, a[3], 32, true);
        RET(sys_ret(syscall(SYS_timerfd_settime, (int)a[0], (int)a[1], h2, h3)));
    case TARGET_NR_timerfd_gettime:
        BUF(1, a[1], 32, true);
        RET(sys_ret(syscall(SYS_timerfd_gettime, (int)a[0], h1)));
    /* POSIX message queues: mq_attr (64 bytes) and sigevent are the same on both */
    case TARGET_NR_mq_open: {
        char name[256];
        int64_t n = guest_strcpy(c->p, name, a[0], sizeof(name));
        if (n < 0)
            RET(n);
        BUF(3, a[3], 64, false);
        RET(sys_ret(syscall(SYS_mq_open, name, (int)a[1], (mode_t)a[2], h3)));
    }
    case TARGET_NR_mq_unlink: {
        char name[256];
        int64_t n = guest_strcpy(c->p, name, a[0], sizeof(name));
        if (n < 0)
            RET(n);
        RET(sys_ret(syscall(SYS_mq_unlink, name)));
    }
    case TARGET_NR_mq_timedsend:
        BUF(1, a[1], a[2], false);
        BUF(3, a[4], 16, false);
        RET(sys_ret(syscall(SYS_mq_timedsend, (int)a[0], h1, a[2], (unsigned)a[3], h3)));
    case TARGET_NR_mq_timedreceive:
        BUF(1, a[1], a[2], true);
        BUF(2, a[3], 4, true);
        BUF(3, a[4], 16, false);
        RET(sys_ret(syscall(SYS_mq_timedreceive, (int)a[0], h1, a[2], h2, h3)));
    case TARGET_NR_mq_notify: {
        uint8_t sev[64];
        void *hs;
        if ((r = sig_sigevent_in(c->p, (uint64_t)a[1], sev, &hs)) < 0)
            RET(r);
        RET(sys_ret(syscall(SYS_mq_notify, (int)a[0], hs)));
    }
    case TARGET_NR_mq_getsetattr:
        BUF(1, a[1], 64, false);
        BUF(2, a[2], 64, true);
        RET(sys_ret(syscall(SYS_mq_getsetattr, (int)a[0], h1, h2)));
    default:
        return false;
    }
}
