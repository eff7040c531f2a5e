/*
 * -perfmap: Linux perf's map of JIT code, /tmp/perf-<pid>.map, one line per translated block:
 *   <host start, hex> <size, hex> <name>
 * where the name is the guest symbol (+offset) of the block's first instruction when the OS
 * layer can name it (user mode: the program's ELF symbols), else "guest-0x<pc>". `perf record`
 * then `perf report` resolve samples in generated code to guest functions by themselves.
 *
 * Flow: the OS layer opens the map (perfmap_open, from its -perfmap option) and hands it to
 * the runtime in RuntimeOptions; the runtime names its own shared code once (perfmap_add for
 * the back end's prologue and stubs) and every block as it is published (runtime/tb.c).
 * A forked child reopens the map under its own pid (perfmap_reopen_child): perf reads the map
 * of the pid a sample belongs to; the child's map starts with the shared code and new blocks
 * only (its inherited blocks stay unnamed, as they are in the parent's map).
 * Invariants: lines are written whole and flushed at once (a process may end by _exit, and
 * perf reads the map after the process has gone); a failed open is a warning, never fatal.
 * The file is created with O_EXCL after removing an old one (no symlink games in /tmp).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "perfmap.h"

struct PerfMap {
    FILE *f;
    PerfMapSymbol symbol;   /* may be NULL */
    void *opaque;
    const void *shared;     /* the runtime's shared code, named again in a child's map */
    size_t shared_size;
};

static FILE *open_for_pid(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)pid);
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        fprintf(stderr, "qelt: warning: -perfmap: cannot create %s: %s (going on without it)\n",
                path, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

PerfMap *perfmap_open(PerfMapSymbol symbol, void *opaque)
{
    PerfMap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->f = open_for_pid(getpid());
    if (!m->f) {
        free(m);
        return NULL;
    }
    m->symbol = symbol;
    m->opaque = opaque;
    return m;
}

static void put_line(PerfMap *m, const void *code, size_t size, const char *name)
{
    fprintf(m->f, "%" PRIxPTR " %zx %s\n", (uintptr_t)code, size, name);
    fflush(m->f);
}

void perfmap_add_shared(PerfMap *m, const void *code, size_t size)
{
    if (!m || !m->f || !size || (code == m->shared && size == m->shared_size))
        return;   /* the back end made again in place (the runtime's set-up) */
    m->shared = code;
    m->shared_size = size;
    put_line(m, code, size, "qelt-prologue-and-stubs");
}

void perfmap_add_block(PerfMap *m, const void *code, size_t size, uint64_t pc)
{
    if (!m || !m->f || !size)
        return;
    char name[160];
    uint64_t off = 0;
    const char *sym = m->symbol ? m->symbol(m->opaque, pc, &off) : NULL;
    if (sym && off)
        snprintf(name, sizeof name, "%.120s+0x%" PRIx64, sym, off);
    else if (sym)
        snprintf(name, sizeof name, "%.120s", sym);
    else
        snprintf(name, sizeof name, "guest-0x%" PRIx64, pc);
    put_line(m, code, size, name);
}

void perfmap_reopen_child(PerfMap *m)
{
    if (!m || !m->f)
        return;
    fclose(m->f);   /* the parent's copy of the stream: its buffer is empty (flushed lines) */
    m->f = open_for_pid(getpid());
    if (m->f && m->shared)
        put_line(m, m->shared, m->shared_size, "qelt-prologue-and-stubs");
}
