/*
 * gdb remote stub of user mode (`-g port`, QEMU's option): waits for gdb on a TCP port before
 * the guest's first instruction; the protocol is runtime/gdbstub.c, this file gives it the
 * process's memory and exit.
 *
 * How stops happen: with -g the runtime translates one instruction per block and never chains
 * (RuntimeOptions.single_step), and cpu_exec asks gdb_hook before every block; a yes returns
 * EXIT_DEBUG to cpu_loop, which calls gdb_stopped. Memory goes through /proc/self/mem, so gdb
 * can also write to pages the guest (or qelt's code-page protection) has read-only, and any
 * write drops all translations. Ctrl-C is polled while the guest runs (not while it sleeps in a
 * system call). The stub is process-wide (one debugger per process), so its pointer is the one
 * static here: the debug hook has only the vCPU to go by.
 *
 * Threads: every guest thread is a gdb thread whose id is its tid (QEMU's), added by the
 * thread itself when it starts (gdb_thread_start, before any guest instruction) and removed when
 * it exits; its GdbThread is thread-local (the hook runs on the vCPU's own thread). When one
 * thread stops, the stub holds the others: each leaves cpu_exec at its next block (EXIT_DEBUG)
 * and waits in gdb_stopped until gdb resumes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "process.h"
#include "gdbstub.h"

typedef struct UserGdb {
    GdbStub *stub;
    Process *p;
    int mem_fd;              /* /proc/self/mem */
} UserGdb;

static UserGdb ugdb = { .mem_fd = -1 };
static __thread GdbThread *ugdb_self;   /* this host thread's vCPU as gdb sees it */

/* Guest memory through /proc/self/mem: len bytes at addr, only inside mapped guest pages. */
static bool mem_ok(GuestMem *gm, uint64_t addr, uint64_t len)
{
    if (len == 0)
        return true;
    if (addr >= GM_TASK_SIZE || len > GM_TASK_SIZE - addr)
        return false;
    for (uint64_t a = addr & ~(uint64_t)(GM_PAGE_SIZE - 1); a < addr + len; a += GM_PAGE_SIZE)
        if (!(gm_page_flags(gm, a) & PAGE_VALID))
            return false;
    return true;
}

static bool user_mem_rw(void *opaque, VCPU *cpu, uint64_t addr, void *buf, uint64_t len,
                        bool write)
{
    UserGdb *u = opaque;
    if (!mem_ok(u->p->gm, addr, len) || u->mem_fd < 0)
        return false;
    off_t off = (off_t)(uintptr_t)g2h(u->p->gm, addr);
    ssize_t r = write ? pwrite(u->mem_fd, buf, len, off) : pread(u->mem_fd, buf, len, off);
    if (write && r == (ssize_t)len)
        rt_flush_all(u->p->rt, current_vcpu);   /* it may have been code (we are the leader) */
    return r == (ssize_t)len;
}

/* gdb's kill: the process ends as if by SIGKILL (status 137 for the shell, no W reply). */
static void user_kill(void *opaque)
{
    UserGdb *u = opaque;
    process_exit(u->p, 128 + 9);
}

static void user_kick(void *opaque, VCPU *cpu)
{
    cpu_exit_request(cpu);
}

static int gdb_hook(VCPU *cpu)
{
    return gdb_stub_check(ugdb.stub, ugdb_self) != GDB_RUN;
}

static void add_self(VCPU *cpu, int tid)
{
    if (!(ugdb_self = gdb_stub_add_thread(ugdb.stub, cpu, tid)))
        qelt_fatal("-g: out of memory");
    cpu->debug_hook = gdb_hook;
}

void gdb_start(Process *p, VCPU *cpu, int port)
{
    ugdb.p = p;
    ugdb.mem_fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    GdbTarget t = { user_mem_rw, user_kill, user_kick, &ugdb };
    char err[256];
    if (!(ugdb.stub = gdb_stub_listen(port, &t, err, sizeof err)))
        qelt_fatal("-g: %s", err);
    if (!gdb_stub_accept(ugdb.stub))
        qelt_fatal("-g: accept: %s", strerror(errno));
    add_self(cpu, (int)getpid());
    gdb_stub_serve(ugdb.stub, ugdb_self);   /* gdb looks around before the first instruction */
}

void gdb_thread_start(VCPU *cpu, int tid)
{
    if (ugdb.stub && gdb_stub_connected(ugdb.stub))
        add_self(cpu, tid);
}

void gdb_thread_exit(VCPU *cpu)
{
    gdb_stub_remove_thread(ugdb.stub, ugdb_self);
    ugdb_self = NULL;
    cpu->debug_hook = NULL;
}

void gdb_stopped(VCPU *cpu)
{
    if (ugdb.stub)
        gdb_stub_stopped(ugdb.stub, ugdb_self, false);
}

/* A forked child: gdb follows the parent (QEMU's rule), so the child lets go of the
 * connection without a word and runs free of breakpoints. */
void gdb_fork_child(VCPU *cpu)
{
    gdb_stub_drop(ugdb.stub);
    cpu->debug_hook = NULL;
}

void gdb_exited(int status)
{
    gdb_stub_exited(ugdb.stub, status);
}
