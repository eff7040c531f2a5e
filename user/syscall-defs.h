/*
 * Internals of qelt's Linux syscall layer (user/syscall*.c, user/strace.c): the per-call
 * context, guest-memory access helpers and the riscv64 <-> x86-64 struct conversions.
 *
 * Invariants:
 * - Every guest pointer handed to the host kernel goes through sys_buf/sys_path (range checked
 *   against GM_ADDR_LIMIT, and rt_prepare_guest_write'd when the kernel will write it), so the
 *   kernel never touches host memory outside the guest region.
 * - qelt's own C code never dereferences guest memory without checking the guest page flags
 *   first (copy_from_guest/copy_to_guest/guest_strcpy): an unmapped guest page is PROT_NONE in
 *   the host and would crash qelt itself instead of returning EFAULT.
 * - Syscall handlers return the guest's a0: a value, or -errno (guest errno numbers are the
 *   host's: both use asm-generic/errno.h).
 * The pure helpers at the end (syscall-structs.c) depend on nothing else in qelt, so the unit
 * test can link them alone.
 */
#ifndef QELT_SYSCALL_DEFS_H
#define QELT_SYSCALL_DEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/uio.h>

struct VCPU;
struct Process;

/* One guest syscall in flight. */
typedef struct SysCtx {
    struct VCPU *cpu;
    struct Process *p;
    int64_t nr;
    int64_t a[6];
} SysCtx;

/* Largest iovec count the kernel accepts (UIO_MAXIOV). */
#define QELT_IOV_MAX 1024
#define QELT_PATH_MAX 4096

/* --- user/syscall.c: guest memory access --- */

/* Host pointer for the guest range [addr, addr+len) to hand to the kernel: NULL when addr is
 * 0 (the kernel then sees NULL, which optional arguments need), -EFAULT when the range leaves
 * the guest region. write: the kernel will store there (code pages are made writable). */
int sys_buf(SysCtx *c, uint64_t addr, uint64_t len, bool write, void **out);
/* Copy a NUL-terminated guest path to look up into buf (QELT_PATH_MAX bytes), remapping
 * /proc/self/exe to the guest program and applying -L (sys_path_redirect). *out = buf, or NULL
 * when addr is 0 and allow_null. 0 or -errno. Data that merely looks like a path (a symlink's
 * target, a memfd's name) must not come through here. */
int sys_path(SysCtx *c, uint64_t addr, char *buf, bool allow_null, const char **out);
/* -L, QEMU's rule: an absolute path that exists under the sysroot means that file; /proc,
 * /sys and /dev are the kernel's and never redirected. buf is rewritten in place. */
void sys_path_redirect(SysCtx *c, char *buf);
/* A host path as the guest names it: inside the -L sysroot, without the prefix ("/" for the
 * sysroot itself); otherwise host itself. Points into host or at a constant. */
const char *guest_view_path(const struct Process *p, const char *host);
/* A successful chdir to the guest string at gpath: records Process.cwd_host_named. */
void sys_note_chdir(SysCtx *c, uint64_t gpath);

/* --- user/hwprobe.c: riscv_hwprobe for the -cpu extensions --- */
int64_t sys_riscv_hwprobe(SysCtx *c);

/* --- user/procfs.c: the guest's own /proc, host paths back to the guest --- */

/* openat of an emulated /proc file (see procfs.c): true with *ret the fd or -errno; false
 * when the host should open path. path is after sys_path. */
bool procfs_open(SysCtx *c, int dirfd, const char *path, int flags, int mode, int64_t *ret);
int64_t procfs_readlinkat(SysCtx *c, int dirfd, uint64_t gpath, uint64_t gbuf, int64_t size);
int64_t procfs_getcwd(SysCtx *c, uint64_t gbuf, uint64_t size);
int copy_from_guest(struct Process *p, void *dst, uint64_t src, size_t len);
int copy_to_guest(struct Process *p, uint64_t dst, const void *src, size_t len);
/* Guest string into dst (at most size bytes incl. NUL): its length, -EFAULT, or -ENAMETOOLONG. */
int64_t guest_strcpy(struct Process *p, char *dst, uint64_t src, size_t size);
/* Guest iovec array -> host iovec array (malloc'ed, *out; free it). write: the kernel stores
 * into the buffers. 0 or -errno (EINVAL for a bad count, EFAULT). */
int iov_from_guest(SysCtx *c, uint64_t giov, int64_t cnt, bool write, struct iovec **out);
/* host syscall(2) result -> guest a0 */
int64_t sys_ret(long r);

/* --- the handlers by topic: each returns true and sets *ret when it knows c->nr --- */
bool syscall_fs(SysCtx *c, int64_t *ret);      /* user/syscall-fs.c */
bool syscall_net(SysCtx *c, int64_t *ret);     /* user/syscall-net.c */
bool syscall_proc(SysCtx *c, int64_t *ret);    /* user/syscall-proc.c */

/* --- user/syscall-structs.c: pure conversions and parsers (unit tested) --- */

/* struct stat as riscv64 (asm-generic/stat.h) lays it out; x86-64's differs (nlink is 64-bit
 * and precedes mode, blksize is 64-bit, the struct is 144 bytes). */
struct target_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4, unused5;
};
void host_to_target_stat(struct target_stat *t, const struct stat *h);

/* struct epoll_event: packed (12 bytes) on x86-64, naturally aligned (16) on riscv64. */
struct target_epoll_event {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
};
void host_to_target_epoll(struct target_epoll_event *t, const struct epoll_event *h, size_t n);
void target_to_host_epoll(struct epoll_event *h, const struct target_epoll_event *t, size_t n);

/* Kernel struct termios (TCGETS/TCSETS): asm-generic/termbits.h on both arches, identical, so
 * passed through unchanged; this copy exists so the unit test can prove it. */
struct target_termios {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[19];
};

/* A RISC-V 64-bit ELF executable header in buf? */
bool is_riscv_elf(const unsigned char *buf, size_t n);
/* "#!interp [arg]" in buf: 1 with interp/arg filled (arg "" when none), 0 when not a script,
 * -ENOEXEC when the line is malformed or too long. */
int parse_shebang(const char *buf, size_t n, char *interp, size_t ilen, char *arg, size_t alen);
/* path names the current process's exe link: /proc/self/exe, /proc/thread-self/exe or
 * /proc/<pid>/exe for our own pid. */
bool is_proc_exe(const char *path, int pid);
/* Same for a /proc file of ours by name ("maps", "auxv"). */
bool is_proc_self_file(const char *path, int pid, const char *name);

/* Symbolic flag formatting for -strace: writes into buf (always NUL-terminated). */
typedef struct FlagName { uint64_t value; const char *name; } FlagName;
void format_flags(char *buf, size_t size, uint64_t v, const FlagName *names, int zero_is_named);
void format_open_flags(char *buf, size_t size, uint64_t flags);
void format_mmap_prot(char *buf, size_t size, uint64_t prot);
void format_mmap_flags(char *buf, size_t size, uint64_t flags);
void format_clone_flags(char *buf, size_t size, uint64_t flags);
void format_at_flags(char *buf, size_t size, uint64_t flags);
const char *signal_name(int sig);           /* "SIGINT" or NULL */
const char *syscall_name(int64_t nr);        /* NULL when unknown */
const char *syscall_argfmt(int64_t nr);      /* format string of syscall-nr.h, NULL if unknown */
char syscall_retfmt(int64_t nr);

#endif
