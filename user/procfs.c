/*
 * The guest's own view of /proc and of the paths the host kernel reports.
 *
 * /proc files a program reads about itself are generated from the emulated process instead of
 * describing qelt: /proc/<self>/{cmdline, environ, auxv, maps, smaps, stat, status} and
 * /proc/cpuinfo, and
 * /proc/<self>/exe is the guest's program (QEMU's linux-user does the same for some of them;
 * contents follow Linux, see proc(5)).
 *
 * Flow: openat/openat2 call procfs_open first. A path whose last component is one of the
 * names in PROC_FILES is resolved by the host kernel (O_PATH|O_NOFOLLOW, then the link in
 * /proc/self/fd), so every spelling reaches the same decision: /proc/self/X,
 * /proc/thread-self/X, /proc/<pid>/X, /proc/<pid>/task/<tid>/X, relative to any dirfd, through
 * "..", "//" or symlinked directories. Only read-only opens are generated: a read-only copy of
 * a memfd holding the contents as of the open (Linux generates them at each read), whose
 * /proc/self/fd link reads as the file's /proc path. Anything else (writes, O_PATH,
 * O_DIRECTORY, other processes' files) is the host's.
 *
 * Host paths back to the guest: getcwd, readlink of /proc's magic links (cwd, root, fd/N, exe)
 * and the file names in maps are kernel-made host paths; inside the -L sysroot they lose the
 * prefix (guest_view_path), which is the guest's name for the same file under the -L lookup
 * rule. An ordinary symlink's text is the guest's own data and is returned untouched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "process.h"
#include "syscall-defs.h"

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

/* The files: name in /proc/<pid>/ (or in /proc for cpuinfo) and generator. */
#define PROC_FILES(X) \
    X(cmdline, 0)     \
    X(environ, 0)     \
    X(auxv, 0)        \
    X(maps, 0)        \
    X(smaps, 0)       \
    X(stat, 0)        \
    X(status, 0)      \
    X(exe, 0)         \
    X(cpuinfo, 1)

enum {
#define X(n, top) PF_##n,
    PROC_FILES(X)
#undef X
    PF_COUNT
};

static const struct { const char *name; int top_level; } proc_files[PF_COUNT] = {
#define X(n, top) { #n, top },
    PROC_FILES(X)
#undef X
};

/* ---------------------------------------------------------------- which file is meant */

static const char *last_component(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The table entry named like path's last component, or -1 (the cheap filter). */
static int name_candidate(const char *path)
{
    const char *b = last_component(path);
    for (int i = 0; i < PF_COUNT; i++)
        if (!strcmp(b, proc_files[i].name))
            return i;
    return -1;
}

/* Skip "<digits>/" at *s; the number, or -1. */
static long take_number(const char **s)
{
    char *end;
    if (**s < '0' || **s > '9')
        return -1;
    long v = strtol(*s, &end, 10);
    if (*end != '/')
        return -1;
    *s = end + 1;
    return v;
}

/* The emulated file a host path names, given its canonical spelling, or -1. */
static int classify_canonical(const char *canon)
{
    if (strncmp(canon, "/proc/", 6) != 0)
        return -1;
    const char *s = canon + 6;
    int f = name_candidate(canon);
    if (f < 0)
        return -1;
    if (proc_files[f].top_level)
        return !strcmp(s, proc_files[f].name) ? f : -1;
    if (take_number(&s) != getpid())
        return -1;
    if (!strncmp(s, "task/", 5)) {
        s += 5;
        if (take_number(&s) < 0)   /* a task under our pid is one of our threads */
            return -1;
    }
    return !strcmp(s, proc_files[f].name) ? f : -1;
}

/* Which emulated file (dirfd, path) names, asking the host kernel: PF_* or -1. canon (at
 * least QELT_PATH_MAX bytes) receives the host's canonical path. */
static int proc_identify(int dirfd, const char *path, char *canon)
{
    if (name_candidate(path) < 0)
        return -1;
    int fd = openat(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char link[64], got[QELT_PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, got, sizeof got - 1);
    close(fd);
    if (n <= 0)
        return -1;
    got[n] = 0;
    memcpy(canon, got, (size_t)n + 1);
    return classify_canonical(canon);
}

/* A generated file is a memfd named MEMFD_PREFIX + the path it stands for; the host shows
 * it as "/memfd:NAME (deleted)" in /proc/self/fd, which readlink turns back into the path. */
#define MEMFD_PREFIX "qelt-proc:"
#define MEMFD_LINK   "/memfd:" MEMFD_PREFIX
#define MEMFD_SUFFIX " (deleted)"

/* ---------------------------------------------------------------- contents */

/* Guest memory [a, e) into f, stopping at the first unreadable page. */
static void put_guest_range(Process *p, FILE *f, uint64_t a, uint64_t e)
{
    char buf[4096];
    while (a < e) {
        size_t k = e - a < sizeof buf ? (size_t)(e - a) : sizeof buf;
        uint64_t page_left = GM_PAGE_SIZE - (a & (GM_PAGE_SIZE - 1));
        if (k > page_left)
            k = (size_t)page_left;
        if (copy_from_guest(p, buf, a, k) < 0)
            return;
        fwrite(buf, 1, k, f);
        a += k;
    }
}

/* Linux's rule: the argument area [arg_start, arg_end); when its last byte is no longer NUL
 * (setproctitle wrote past it, into the environment strings), the one string at arg_start
 * with its NUL, at most a page and not past the environment. */
static int gen_cmdline(SysCtx *c, FILE *f, const char *canon)
{
    const ImageInfo *im = &c->p->image;
    uint64_t as = im->arg_start, ae = im->arg_end;
    uint64_t ee = im->env_start == ae && im->env_end >= ae ? im->env_end : ae;
    char last;
    if (as >= ae)
        return 0;
    if (copy_from_guest(c->p, &last, ae - 1, 1) == 0 && last) {
        char page[4096];
        size_t n = 0, max = ee - as < sizeof page ? (size_t)(ee - as) : sizeof page;
        while (n < max && copy_from_guest(c->p, page + n, as + n, 1) == 0 && page[n++])
            ;
        fwrite(page, 1, n, f);
        return 0;
    }
    put_guest_range(c->p, f, as, ae);
    return 0;
}

static int gen_environ(SysCtx *c, FILE *f, const char *canon)
{
    put_guest_range(c->p, f, c->p->image.env_start, c->p->image.env_end);
    return 0;
}

/* Linux keeps a copy of the vector it built (mm->saved_auxv), immune to the guest's stores. */
static int gen_auxv(SysCtx *c, FILE *f, const char *canon)
{
    fwrite(c->p->image.auxv, 16, (size_t)c->p->image.auxv_len, f);
    return 0;
}

typedef struct MapsCtx { FILE *f; Process *p; bool smaps; } MapsCtx;

/* Host pages of [start, end) that are resident (the guest's memory is the host's there). */
static uint64_t resident_bytes(Process *p, uint64_t start, uint64_t end)
{
    unsigned char vec[4096];
    uint64_t n = 0;
    for (uint64_t a = start; a < end;) {
        uint64_t len = end - a < sizeof vec * GM_PAGE_SIZE ? end - a : sizeof vec * GM_PAGE_SIZE;
        if (mincore(g2h(p->gm, a), len, vec) != 0)
            break;
        for (uint64_t i = 0; i < len / GM_PAGE_SIZE; i++)
            n += (vec[i] & 1) * GM_PAGE_SIZE;
        a += len;
    }
    return n;
}

/* smaps' block after a maps line: sizes in kB (the counts Linux splits Rss into are given as
 * private: qelt does not know what the host shares), and VmFlags from the protection. */
static void smaps_block(MapsCtx *x, const GuestMapping *m)
{
    uint64_t size = (m->end - m->start) >> 10, rss = resident_bytes(x->p, m->start, m->end) >> 10;
    struct { const char *name; uint64_t kb; } rows[] = {
        { "Size", size }, { "KernelPageSize", GM_PAGE_SIZE >> 10 },
        { "MMUPageSize", GM_PAGE_SIZE >> 10 }, { "Rss", rss }, { "Pss", rss },
        { "Pss_Dirty", rss }, { "Shared_Clean", 0 }, { "Shared_Dirty", 0 },
        { "Private_Clean", 0 }, { "Private_Dirty", rss }, { "Referenced", rss },
        { "Anonymous", m->name ? 0 : rss }, { "KSM", 0 }, { "LazyFree", 0 },
        { "AnonHugePages", 0 }, { "ShmemPmdMapped", 0 }, { "FilePmdMapped", 0 },
        { "Shared_Hugetlb", 0 }, { "Private_Hugetlb", 0 }, { "Swap", 0 }, { "SwapPss", 0 },
        { "Locked", 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(x->f, "%s:%*llu kB\n", rows[i].name, (int)(23 - strlen(rows[i].name)),
                (unsigned long long)rows[i].kb);
    fprintf(x->f, "THPeligible:    0\nVmFlags:%s%s%s%s mr mw me%s \n", m->prot & 1 ? " rd" : "",
            m->prot & 2 ? " wr" : "", m->prot & 4 ? " ex" : "", m->shared ? " sh" : "",
            m->shared ? " ms" : "");
}

/* One line as Linux's show_map_vma prints it: the name (file, [heap], [stack]) starts at
 * column 73, after a space; an unnamed line ends with the space after the inode. */
static void maps_line(void *opaque, const GuestMapping *m)
{
    MapsCtx *x = opaque;
    const ImageInfo *im = &x->p->image;
    const char *name = NULL;
    if (m->name)
        name = guest_view_path(x->p, m->name);
    else if (m->start < im->brk && m->end > im->start_brk)
        name = "[heap]";
    else if (m->start <= im->start_stack && m->end >= im->start_stack)
        name = "[stack]";
    int n = fprintf(x->f, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                    (unsigned long long)m->start, (unsigned long long)m->end,
                    m->prot & 1 ? 'r' : '-', m->prot & 2 ? 'w' : '-', m->prot & 4 ? 'x' : '-',
                    m->shared ? 's' : 'p', (unsigned long long)m->offset, major(m->dev),
                    minor(m->dev), (unsigned long long)m->ino);
    if (name)
        fprintf(x->f, "%*s%s", n < 72 ? 72 - n + 1 : 1, "", name);
    fputc('\n', x->f);
    if (x->smaps)
        smaps_block(x, m);
}

static int gen_maps(SysCtx *c, FILE *f, const char *canon)
{
    MapsCtx x = { f, c->p, false };
    mmap_walk(c->p, maps_line, &x);
    return 0;
}

static int gen_smaps(SysCtx *c, FILE *f, const char *canon)
{
    MapsCtx x = { f, c->p, true };
    mmap_walk(c->p, maps_line, &x);
    return 0;
}

static void add_size(void *opaque, const GuestMapping *m)
{
    *(uint64_t *)opaque += m->end - m->start;
}

/* The host's stat line of this task with the memory fields replaced by the guest's (proc(5)
 * numbering): vsize 23, startcode 26, endcode 27, startstack 28, kstkesp 29, kstkeip 30,
 * start_data 45 .. env_end 51. comm is the host's, which main() set to the program's name. */
static int gen_stat(SysCtx *c, FILE *f, const char *canon)
{
    const ImageInfo *im = &c->p->image;
    char buf[2048];
    FILE *h = fopen(canon, "re");
    if (!h)
        return -errno;
    size_t n = fread(buf, 1, sizeof buf - 1, h);
    fclose(h);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    if (!rp || rp[1] != ' ')
        return -EIO;
    uint64_t vsize = 0;
    mmap_walk(c->p, add_size, &vsize);
    struct { int field; uint64_t v; } rep[] = {
        { 23, vsize }, { 26, im->start_code }, { 27, im->end_code }, { 28, im->start_stack },
        { 29, 0 }, { 30, 0 }, { 45, im->start_data }, { 46, im->end_data },
        { 47, im->start_brk }, { 48, im->arg_start }, { 49, im->arg_end },
        { 50, im->env_start }, { 51, im->env_end },
    };
    fwrite(buf, 1, (size_t)(rp + 2 - buf), f);   /* "pid (comm) " */
    int field = 3;
    char *save = NULL;
    for (char *tok = strtok_r(rp + 2, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save), field++) {
        const char *sep = field == 3 ? "" : " ";
        size_t k = 0;
        while (k < sizeof rep / sizeof rep[0] && rep[k].field != field)
            k++;
        if (k < sizeof rep / sizeof rep[0])
            fprintf(f, "%s%llu", sep, (unsigned long long)rep[k].v);
        else
            fprintf(f, "%s%s", sep, tok);
    }
    fputc('\n', f);
    return 0;
}

/* Linux's address-space counters (task_mem): total, private writable, stack, read-only code. */
typedef struct VmCounts { uint64_t stack_at, total, data, stack, exec; } VmCounts;

static void count_vm(void *opaque, const GuestMapping *m)
{
    VmCounts *v = opaque;
    uint64_t len = m->end - m->start;
    bool stack = m->start <= v->stack_at && v->stack_at < m->end;
    v->total += len;
    if (stack)
        v->stack += len;
    else if ((m->prot & 2) && !m->shared)
        v->data += len;
    else if ((m->prot & 4) && !(m->prot & 2))
        v->exec += len;
}

/* The host's status of this task with the Vm* sizes of the guest's address space (the host's
 * would count qelt's 1 TiB reservation); resident counts and the rest stay the host's. */
static int gen_status(SysCtx *c, FILE *f, const char *canon)
{
    const ImageInfo *im = &c->p->image;
    VmCounts v = { .stack_at = im->start_stack };
    mmap_walk(c->p, count_vm, &v);
    uint64_t text = ((im->end_code + GM_PAGE_SIZE - 1) & ~(GM_PAGE_SIZE - 1)) -
                    (im->start_code & ~(GM_PAGE_SIZE - 1));
    if (!im->end_code || text > v.exec)
        text = v.exec;
    struct { const char *key; uint64_t bytes; } rep[] = {
        { "VmPeak:", v.total }, { "VmSize:", v.total }, { "VmData:", v.data },
        { "VmStk:", v.stack }, { "VmExe:", text }, { "VmLib:", v.exec - text },
    };
    FILE *h = fopen(canon, "re");
    if (!h)
        return -errno;
    char line[1024];
    while (fgets(line, sizeof line, h)) {
        size_t k = 0;
        while (k < sizeof rep / sizeof rep[0] && strncmp(line, rep[k].key, strlen(rep[k].key)))
            k++;
        if (k < sizeof rep / sizeof rep[0])
            fprintf(f, "%s\t%8llu kB\n", rep[k].key, (unsigned long long)(rep[k].bytes >> 10));
        else
            fputs(line, f);
    }
    fclose(h);
    return 0;
}

/* riscv64 Linux's format (arch/riscv/kernel/cpu.c), one block per host CPU online. */
static int gen_cpuinfo(SysCtx *c, FILE *f, const char *canon)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    char isa[512];
    rv_isa_string(proc_isa(c->p), isa, sizeof isa);
    for (long i = 0; i < (n > 0 ? n : 1); i++)
        fprintf(f, "processor\t: %ld\nhart\t\t: %ld\nisa\t\t: %s\nmmu\t\t: %s\n"
                   "uarch\t\t: qelt,rv64\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\nmimpid\t\t: 0x0\n"
                   "hart isa\t: %s\n\n", i, i, isa, GUEST_LINUX_MMU, isa);
    return 0;
}

typedef int (*ProcGen)(SysCtx *c, FILE *f, const char *canon);
static const ProcGen generators[PF_COUNT] = {
    [PF_cmdline] = gen_cmdline, [PF_environ] = gen_environ, [PF_auxv] = gen_auxv,
    [PF_maps] = gen_maps, [PF_smaps] = gen_smaps, [PF_stat] = gen_stat, [PF_status] = gen_status, [PF_cpuinfo] = gen_cpuinfo,
};

/* Generated contents as a read-only descriptor (the guest's O_CLOEXEC and O_NONBLOCK kept). */
static int64_t proc_file_fd(SysCtx *c, int which, const char *canon, int flags)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return -ENOMEM;
    int r = generators[which](c, f, canon);
    fclose(f);
    if (r < 0) {
        free(data);
        return r;
    }
    int64_t ret;
    char mname[QELT_PATH_MAX];
    snprintf(mname, sizeof mname, "%s%.200s", MEMFD_PREFIX, canon);
    int mfd = memfd_create(mname, MFD_CLOEXEC);
    if (mfd < 0) {
        ret = -errno;
    } else if (write(mfd, data, len) != (ssize_t)len) {
        ret = -EIO;
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", mfd);
        ret = open(link, O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK)));
        if (ret < 0)
            ret = -errno;
    }
    if (mfd >= 0)
        close(mfd);
    free(data);
    return ret;
}

bool procfs_open(SysCtx *c, int dirfd, const char *path, int flags, int mode, int64_t *ret)
{
    char canon[QELT_PATH_MAX];
    if ((flags & (O_ACCMODE | O_PATH | O_DIRECTORY | O_CREAT)) != O_RDONLY)
        return false;
    int which = proc_identify(dirfd, path, canon);
    if (which < 0)
        return false;
    if (which == PF_exe) {
        if (!c->p->image.exe_path)
            return false;
        *ret = (flags & O_NOFOLLOW) ? -ELOOP
                                    : sys_ret(openat(AT_FDCWD, c->p->image.exe_path, flags, mode));
        return true;
    }
    *ret = proc_file_fd(c, which, canon, flags);
    return true;
}

/* ---------------------------------------------------------------- host paths to the guest */

static int64_t put_guest_string(SysCtx *c, uint64_t gbuf, const char *s, size_t size)
{
    size_t l = strlen(s);
    if (l > size)
        l = size;
    return copy_to_guest(c->p, gbuf, s, l) < 0 ? -EFAULT : (int64_t)l;
}

/* A symlink the host kernel made (procfs: cwd, root, fd/N...), whose text is a host path? */
static bool link_on_procfs(int dirfd, const char *path)
{
    struct statfs sf;
    int fd = openat(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool r = fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
    close(fd);
    return r;
}

int64_t procfs_readlinkat(SysCtx *c, int dirfd, uint64_t gpath, uint64_t gbuf, int64_t size)
{
    char path[QELT_PATH_MAX], canon[QELT_PATH_MAX], out[QELT_PATH_MAX];
    void *h;
    int64_t r = guest_strcpy(c->p, path, gpath, sizeof path);
    if (r < 0)
        return r;
    if (size <= 0)
        return -EINVAL;
    if ((r = sys_buf(c, gbuf, (uint64_t)size, true, &h)) < 0)
        return r;
    const char *exe = c->p->image.exe_path;
    if (exe && proc_identify(dirfd, path, canon) == PF_exe)
        return put_guest_string(c, gbuf, guest_view_path(c->p, exe), (size_t)size);
    sys_path_redirect(c, path);
    ssize_t n = readlinkat(dirfd, path, out, sizeof out - 1);
    if (n < 0)
        return -errno;
    out[n] = 0;
    const char *v = guest_view_path(c->p, out);
    size_t ml = strlen(MEMFD_LINK), sl = strlen(MEMFD_SUFFIX);
    if (!strncmp(out, MEMFD_LINK, ml) && (size_t)n > ml + sl &&
        !strcmp(out + n - sl, MEMFD_SUFFIX) && link_on_procfs(dirfd, path)) {
        out[n - sl] = 0;   /* a generated /proc file: the path it was opened as */
        v = out + ml;
    } else if (v != out && !link_on_procfs(dirfd, path)) {
        v = out;
    }
    return put_guest_string(c, gbuf, v, (size_t)size);
}

int64_t procfs_getcwd(SysCtx *c, uint64_t gbuf, uint64_t size)
{
    char cwd[QELT_PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return -errno;
    const char *v = c->p->cwd_host_named ? cwd : guest_view_path(c->p, cwd);
    size_t len = strlen(v) + 1;
    if (size < len)
        return -ERANGE;
    return copy_to_guest(c->p, gbuf, v, len) < 0 ? -EFAULT : (int64_t)len;
}
