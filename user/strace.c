/*
 * -strace: each guest system call printed QEMU-style on the log (stderr unless -D):
 *     PID name(arg,arg,...) = result
 * The call is printed in two halves (before and after the host call), so a blocking call shows
 * while it blocks. Names and argument formats come from the X-macro table of syscall-nr.h.
 *
 * Invariant: tracing never faults qelt and never changes guest-visible state: guest strings
 * and arrays are read through the checked copies of syscall.c, and nothing is written.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "process.h"
#include "syscall-defs.h"
#include "syscall-nr.h"

static FILE *strace_log(VCPU *cpu)
{
    Process *p = cpu->proc;
    return p && p->log ? p->log : stderr;
}

/* A guest string, quoted with C escapes, cut after max characters. */
static void print_guest_string(FILE *f, Process *p, uint64_t addr, size_t max)
{
    char buf[160];
    if (addr == 0) {
        fputs("NULL", f);
        return;
    }
    if (max >= sizeof(buf))
        max = sizeof(buf) - 1;
    int64_t n = guest_strcpy(p, buf, addr, max + 1);
    if (n == -EFAULT) {
        fprintf(f, "0x%llx", (unsigned long long)addr);
        return;
    }
    bool cut = n < 0;
    fputc('"', f);
    for (const unsigned char *s = (const unsigned char *)buf; *s; s++) {
        switch (*s) {
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        default:
            if (*s < 0x20 || *s >= 0x7f)
                fprintf(f, "\\%03o", *s);
            else
                fputc(*s, f);
        }
    }
    fputc('"', f);
    if (cut)
        fputs("...", f);
}

static void print_guest_strv(FILE *f, Process *p, uint64_t addr)
{
    if (addr == 0) {
        fputs("NULL", f);
        return;
    }
    fputc('{', f);
    for (int i = 0;; i++) {
        uint64_t s;
        if (copy_from_guest(p, &s, addr + 8 * (uint64_t)i, 8) < 0) {
            fputs("?", f);
            break;
        }
        if (!s) {
            fputs("NULL", f);
            break;
        }
        if (i == 32) {
            fputs("...", f);
            break;
        }
        print_guest_string(f, p, s, 64);
        fputc(',', f);
    }
    fputc('}', f);
}

static const char *fcntl_name(int64_t cmd)
{
    switch (cmd) {
    case 0: return "F_DUPFD";     case 1: return "F_GETFD";   case 2: return "F_SETFD";
    case 3: return "F_GETFL";     case 4: return "F_SETFL";   case 5: return "F_GETLK";
    case 6: return "F_SETLK";     case 7: return "F_SETLKW";  case 8: return "F_SETOWN";
    case 9: return "F_GETOWN";    case 36: return "F_OFD_GETLK"; case 37: return "F_OFD_SETLK";
    case 38: return "F_OFD_SETLKW"; case 1030: return "F_DUPFD_CLOEXEC";
    case 1031: return "F_SETPIPE_SZ"; case 1032: return "F_GETPIPE_SZ";
    case 1033: return "F_ADD_SEALS"; case 1034: return "F_GET_SEALS";
    default: return NULL;
    }
}

static const char *ioctl_name(int64_t req)
{
    switch ((uint32_t)req) {
    case 0x5401: return "TCGETS";     case 0x5402: return "TCSETS";    case 0x5403: return "TCSETSW";
    case 0x5404: return "TCSETSF";    case 0x540B: return "TCFLSH";    case 0x540E: return "TIOCSCTTY";
    case 0x540F: return "TIOCGPGRP";  case 0x5410: return "TIOCSPGRP"; case 0x5413: return "TIOCGWINSZ";
    case 0x5414: return "TIOCSWINSZ"; case 0x541B: return "FIONREAD";  case 0x5421: return "FIONBIO";
    case 0x5422: return "TIOCNOTTY";  case 0x5429: return "TIOCGSID";  case 0x5450: return "FIONCLEX";
    case 0x5451: return "FIOCLEX";    case 0x80045430: return "TIOCGPTN"; case 0x40045431: return "TIOCSPTLCK";
    default: return NULL;
    }
}

static const char *futex_name(int64_t op)
{
    static const char *const names[] = {
        "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE",
        "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
        "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
        "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
    };
    int cmd = (int)(op & 127);
    return cmd < (int)(sizeof(names) / sizeof(names[0])) ? names[cmd] : NULL;
}

static void print_arg(FILE *f, Process *p, int64_t nr, char kind, int64_t v)
{
    char buf[512];
    const char *s;
    switch (kind) {
    case 'd': fprintf(f, "%lld", (long long)v); break;
    case 'u': fprintf(f, "%llu", (unsigned long long)v); break;
    case 'o': fprintf(f, "0%llo", (unsigned long long)v); break;
    case 'p':
        if (v == 0)
            fputs("NULL", f);
        else
            fprintf(f, "0x%llx", (unsigned long long)v);
        break;
    case 's': print_guest_string(f, p, (uint64_t)v, 128); break;
    case 'v': print_guest_strv(f, p, (uint64_t)v); break;
    case 'a':
        if ((int)v == -100)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int)v);
        break;
    case 'O': format_open_flags(buf, sizeof(buf), (uint64_t)v); fputs(buf, f); break;
    case 'P': format_mmap_prot(buf, sizeof(buf), (uint64_t)v); fputs(buf, f); break;
    case 'M': format_mmap_flags(buf, sizeof(buf), (uint64_t)v); fputs(buf, f); break;
    case 'c': format_clone_flags(buf, sizeof(buf), (uint64_t)v); fputs(buf, f); break;
    case 'A':
        if (nr == TARGET_NR_faccessat2 && (v & 0x200)) {
            fputs("AT_EACCESS", f);
            v &= ~0x200;
            if (!v)
                break;
            fputc('|', f);
        }
        format_at_flags(buf, sizeof(buf), (uint64_t)v);
        fputs(buf, f);
        break;
    case 'S':
        if ((s = signal_name((int)v)))
            fputs(s, f);
        else
            fprintf(f, "%lld", (long long)v);
        break;
    case 'F':
        if ((s = fcntl_name(v)))
            fputs(s, f);
        else
            fprintf(f, "%lld", (long long)v);
        break;
    case 'f':
        if ((s = futex_name(v)))
            fprintf(f, "%s%s%s", s, v & 128 ? "|FUTEX_PRIVATE_FLAG" : "",
                    v & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
        else
            fprintf(f, "%lld", (long long)v);
        break;
    case 'w': {
        static const char *const w[] = { "SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE" };
        if (v >= 0 && v < 5)
            fputs(w[v], f);
        else
            fprintf(f, "%lld", (long long)v);
        break;
    }
    case 'I':
        if ((s = ioctl_name(v)))
            fputs(s, f);
        else
            fprintf(f, "%#llx", (unsigned long long)v);
        break;
    case 'x':
    default:
        fprintf(f, "%#llx", (unsigned long long)v);
        break;
    }
}

/* Each half-line goes out in one write(2): parent and child of a fork trace concurrently, and
 * the log (stderr) is unbuffered, so piecewise output would interleave mid-line. */
static void emit(FILE *log, const char *buf, size_t len)
{
    fflush(log);
    int fd = fileno(log);
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

void strace_enter(VCPU *cpu, int64_t nr, const int64_t *args)
{
    Process *p = cpu->proc;
    const char *name = syscall_name(nr);
    const char *fmt = syscall_argfmt(nr);
    char line[4096];
    FILE *f = fmemopen(line, sizeof(line), "w");
    if (!f)
        return;
    fprintf(f, "%d ", (int)getpid());
    if (!name) {
        fprintf(f, "Unknown syscall %lld", (long long)nr);
    } else {
        fprintf(f, "%s(", name);
        for (int i = 0; fmt[i] && i < 6; i++) {
            if (i)
                fputc(',', f);
            print_arg(f, p, nr, fmt[i], args[i]);
        }
        fputc(')', f);
    }
    /* Calls that do not return (exit, exit_group, a successful execve) or whose result is
     * meaningless (rt_sigreturn) end their line here: the next line may come from another
     * program image. */
    char kind = syscall_retfmt(nr);
    if (kind == 'n' || kind == 'e')
        fputc('\n', f);
    long len = ftell(f);
    fclose(f);
    if (len > (long)sizeof(line) - 1)
        len = (long)sizeof(line) - 1;
    emit(strace_log(cpu), line, (size_t)len);
}

void strace_exit(VCPU *cpu, int64_t nr, int64_t ret)
{
    char kind = syscall_retfmt(nr);
    char line[256];
    int n = 0;
    if (kind == 'n')
        return;
    if (kind == 'e')   /* execve came back: it failed; its line is already ended */
        n = snprintf(line, sizeof(line), "%d %s", (int)getpid(), syscall_name(nr));
    if (ret == -QELT_ERESTARTSYS)
        n += snprintf(line + n, sizeof(line) - (size_t)n, " = ? (restarted)\n");
    else if (ret < 0 && ret >= -4095)
        n += snprintf(line + n, sizeof(line) - (size_t)n, " = -1 errno=%d (%s)\n", (int)-ret,
                      strerror((int)-ret));
    else if (kind == 'x')
        n += snprintf(line + n, sizeof(line) - (size_t)n, " = 0x%llx\n", (unsigned long long)ret);
    else if (kind == 'o')
        n += snprintf(line + n, sizeof(line) - (size_t)n, " = 0%llo\n", (unsigned long long)ret);
    else
        n += snprintf(line + n, sizeof(line) - (size_t)n, " = %lld\n", (long long)ret);
    if (n > (int)sizeof(line) - 1)
        n = (int)sizeof(line) - 1;
    emit(strace_log(cpu), line, (size_t)n);
}
