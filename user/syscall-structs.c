/*
 * Pure helpers of the syscall layer: riscv64 <-> x86-64 struct conversions, executable-header
 * checks, /proc path recognition, the syscall name table and symbolic flag formatting.
 *
 * Invariant: nothing here touches guest memory, the runtime or any other qelt state, so the
 * unit test (tests/unit/test-syscall-structs.c) links this file alone. Flag values are the
 * guest's (asm-generic); where they equal the host's that is a checked fact, not an accident.
 */
#include <stdio.h>
#include <string.h>
#include "syscall-defs.h"
#include "syscall-nr.h"

void host_to_target_stat(struct target_stat *t, const struct stat *h)
{
    memset(t, 0, sizeof(*t));
    t->st_dev = h->st_dev;
    t->st_ino = h->st_ino;
    t->st_mode = h->st_mode;
    t->st_nlink = (uint32_t)h->st_nlink;
    t->st_uid = h->st_uid;
    t->st_gid = h->st_gid;
    t->st_rdev = h->st_rdev;
    t->st_size = h->st_size;
    t->st_blksize = (int32_t)h->st_blksize;
    t->st_blocks = h->st_blocks;
    t->st_atime_sec = h->st_atim.tv_sec;
    t->st_atime_nsec = h->st_atim.tv_nsec;
    t->st_mtime_sec = h->st_mtim.tv_sec;
    t->st_mtime_nsec = h->st_mtim.tv_nsec;
    t->st_ctime_sec = h->st_ctim.tv_sec;
    t->st_ctime_nsec = h->st_ctim.tv_nsec;
}

void host_to_target_epoll(struct target_epoll_event *t, const struct epoll_event *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        t[i].events = h[i].events;
        t[i].pad = 0;
        t[i].data = h[i].data.u64;
    }
}

void target_to_host_epoll(struct epoll_event *h, const struct target_epoll_event *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h[i].events = t[i].events;
        h[i].data.u64 = t[i].data;
    }
}

bool is_riscv_elf(const unsigned char *buf, size_t n)
{
    /* ELF magic, ELFCLASS64, little endian, e_machine (offset 18) = EM_RISCV. */
    return n >= 64 && buf[0] == 0x7f && buf[1] == 'E' && buf[2] == 'L' && buf[3] == 'F' &&
           buf[4] == 2 && buf[5] == 1 && (buf[18] | buf[19] << 8) == 243;
}

int parse_shebang(const char *buf, size_t n, char *interp, size_t ilen, char *arg, size_t alen)
{
    if (n < 2 || buf[0] != '#' || buf[1] != '!')
        return 0;
    size_t i = 2, end;
    /* The kernel reads at most one buffer's worth (256 bytes in 6.x) for the line. */
    for (end = 2; end < n && buf[end] != '\n'; end++)
        ;
    while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
        i++;
    size_t s = i;
    while (i < end && buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\0')
        i++;
    if (i == s || i - s >= ilen)
        return -8; /* ENOEXEC */
    memcpy(interp, buf + s, i - s);
    interp[i - s] = 0;
    while (i < end && (buf[i] == ' ' || buf[i] == '\t'))
        i++;
    /* Linux passes the rest of the line, trailing blanks removed, as one argument. */
    size_t e = end;
    while (e > i && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r' ||
                     buf[e - 1] == '\0'))
        e--;
    if (e - i >= alen)
        return -8;
    memcpy(arg, buf + i, e - i);
    arg[e - i] = 0;
    return 1;
}

/* "/proc/<self|thread-self|pid>/" prefix length, or 0. */
static size_t proc_self_prefix(const char *path, int pid)
{
    char own[32];
    if (strncmp(path, "/proc/", 6) != 0)
        return 0;
    const char *q = path + 6;
    if (strncmp(q, "self/", 5) == 0)
        return 11;
    if (strncmp(q, "thread-self/", 12) == 0)
        return 18;
    int k = snprintf(own, sizeof(own), "%d/", pid);
    if (strncmp(q, own, (size_t)k) == 0)
        return 6 + (size_t)k;
    return 0;
}

bool is_proc_self_file(const char *path, int pid, const char *name)
{
    size_t k = proc_self_prefix(path, pid);
    return k && strcmp(path + k, name) == 0;
}

bool is_proc_exe(const char *path, int pid)
{
    return is_proc_self_file(path, pid, "exe");
}

void format_flags(char *buf, size_t size, uint64_t v, const FlagName *names, int zero_is_named)
{
    size_t len = 0;
    buf[0] = 0;
    for (const FlagName *f = names; f->name; f++) {
        if (f->value == 0) {
            if (v == 0 && zero_is_named) {
                snprintf(buf, size, "%s", f->name);
                return;
            }
            continue;
        }
        if ((v & f->value) == f->value) {
            len += snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? "|" : "", f->name);
            v &= ~f->value;
        }
    }
    if (v || len == 0)
        len += snprintf(buf + len, len < size ? size - len : 0, "%s%#llx", len ? "|" : "",
                        (unsigned long long)v);
    if (len >= size)
        buf[size - 1] = 0;
}

void format_open_flags(char *buf, size_t size, uint64_t flags)
{
    static const FlagName names[] = {
        { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" }, { 01000, "O_TRUNC" },
        { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 04010000, "O_SYNC" },
        { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" }, { 040000, "O_DIRECT" },
        { 0100000, "O_LARGEFILE" }, { 020200000, "O_TMPFILE" }, { 0200000, "O_DIRECTORY" },
        { 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" },
        { 010000000, "O_PATH" }, { 0, NULL },
    };
    static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
    char rest[200];
    uint64_t r = flags & ~3ull;
    if (r) {
        format_flags(rest, sizeof(rest), r, names, 0);
        snprintf(buf, size, "%s|%s", acc[flags & 3], rest);
    } else {
        snprintf(buf, size, "%s", acc[flags & 3]);
    }
}

void format_mmap_prot(char *buf, size_t size, uint64_t prot)
{
    static const FlagName names[] = {
        { 0, "PROT_NONE" }, { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
        { 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" }, { 0, NULL },
    };
    format_flags(buf, size, prot, names, 1);
}

void format_mmap_flags(char *buf, size_t size, uint64_t flags)
{
    static const FlagName names[] = {
        { 0x03, "MAP_SHARED_VALIDATE" }, { 0x01, "MAP_SHARED" }, { 0x02, "MAP_PRIVATE" },
        { 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x100, "MAP_GROWSDOWN" },
        { 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
        { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" },
        { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
        { 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL },
    };
    format_flags(buf, size, flags, names, 0);
}

void format_clone_flags(char *buf, size_t size, uint64_t flags)
{
    static const FlagName names[] = {
        { 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
        { 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" },
        { 0x4000, "CLONE_VFORK" }, { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
        { 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" }, { 0x80000, "CLONE_SETTLS" },
        { 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
        { 0x400000, "CLONE_DETACHED" }, { 0x800000, "CLONE_UNTRACED" },
        { 0x1000000, "CLONE_CHILD_SETTID" }, { 0x2000000, "CLONE_NEWCGROUP" },
        { 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
        { 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" },
        { 0x40000000, "CLONE_NEWNET" }, { 0x80000000, "CLONE_IO" }, { 0, NULL },
    };
    char rest[400];
    const char *sig = signal_name((int)(flags & 0xff));
    format_flags(rest, sizeof(rest), flags & ~0xffull, names, 0);
    if ((flags & ~0xffull) == 0)
        rest[0] = 0;
    if (sig)
        snprintf(buf, size, "%s%s%s", rest, rest[0] ? "|" : "", sig);
    else if (flags & 0xff || !rest[0])
        snprintf(buf, size, "%s%s%#llx", rest, rest[0] ? "|" : "", (unsigned long long)(flags & 0xff));
    else
        snprintf(buf, size, "%s", rest);
}

void format_at_flags(char *buf, size_t size, uint64_t flags)
{
    static const FlagName names[] = {
        { 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
        { 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
        { 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
        { 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" }, { 0, NULL },
    };
    if (flags == 0)
        snprintf(buf, size, "0");
    else
        format_flags(buf, size, flags, names, 0);
}

const char *signal_name(int sig)
{
    /* Numbers are the generic (asm-generic/signal.h) ones, which x86-64 shares. */
    static const char *const names[32] = {
        NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
        "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
        "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    };
    return sig > 0 && sig < 32 ? names[sig] : NULL;
}

typedef struct SyscallInfo { int nr; const char *name, *args; char ret; } SyscallInfo;

static const SyscallInfo syscall_table[] = {
#define QELT_SYSCALL_INFO(name, nr, args, ret) { nr, #name, args, ret },
    QELT_SYSCALL_TABLE(QELT_SYSCALL_INFO)
#undef QELT_SYSCALL_INFO
};

static const SyscallInfo *syscall_info(int64_t nr)
{
    /* The table is sorted by number (the unit test checks it): binary search. */
    size_t lo = 0, hi = sizeof(syscall_table) / sizeof(syscall_table[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (syscall_table[mid].nr == nr)
            return &syscall_table[mid];
        if (syscall_table[mid].nr < nr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *syscall_name(int64_t nr)
{
    const SyscallInfo *s = syscall_info(nr);
    return s ? s->name : NULL;
}

const char *syscall_argfmt(int64_t nr)
{
    const SyscallInfo *s = syscall_info(nr);
    return s ? s->args : NULL;
}

char syscall_retfmt(int64_t nr)
{
    const SyscallInfo *s = syscall_info(nr);
    return s ? s->ret : 'd';
}
