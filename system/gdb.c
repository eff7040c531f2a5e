/*
 * The machine's gdb stub (-s, -gdb tcp::PORT, -S): the shared protocol (runtime/gdbstub.c) with
 * memory read and written as the stopped hart sees it (hart_virt_rw: through its page tables
 * when paging is on) and "kill" ending the run.
 *
 * Flow: main.c calls sys_gdb_start before the run. With -S it waits for gdb and serves it before
 * the first instruction; without, a thread waits for gdb's connection while the machine runs
 * and then kicks the harts. Only while gdb is attached does the runtime run one instruction per
 * block (rt_set_single_step: full speed otherwise); every hart's debug hook, called before each
 * block, turns that on when gdb has just attached (leaving cpu_exec once so the dispatcher sees
 * it), stops the hart for gdb on attach, breakpoints, steps and Ctrl-C, serving gdb right there,
 * and turns it off again when gdb detaches. gdb sees each hart as a thread (ids 1..N, as QEMU
 * shows its vCPUs) and reads registers and memory as the hart it selected sees them. Since harts
 * take turns on one host thread under gdb, the others are stopped while one serves gdb; a hart
 * gdb holds (another one steps alone, or a vCont leaves it out) ends its turn at once, before
 * taking interrupts (sys_gdb_holds, asked by system/hart.c).
 * Invariants: `attached` is the only field the accept thread and the harts share (atomic); the
 * stub itself is used by the harts only after it is set.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "system/board.h"
#include "system/hart.h"
#include "gdbstub.h"
#include "runtime.h"

typedef struct SysGdb {
    GdbStub *stub;
    Machine *m;
    int attached;            /* set (atomically) once gdb is connected */
    bool single_step;        /* the runtime runs one instruction per block */
    bool stop_on_attach;     /* attached while running: stop the first hart that looks */
    pthread_t thread;
    bool thread_started;
    GdbThread **thr;         /* per hart (cpu_index), NULL for an absent hart */
} SysGdb;

static bool sys_mem_rw(void *opaque, struct VCPU *cpu, uint64_t addr, void *buf, uint64_t len,
                       bool write)
{
    return hart_virt_rw(cpu, addr, buf, len, write);
}

static void sys_kill(void *opaque)
{
    machine_request_shutdown(opaque, 0);
}

static int sys_gdb_hook(struct VCPU *cpu)
{
    Machine *m = cpu->machine;
    SysGdb *s = m->gdb;
    if (!__atomic_load_n(&s->attached, __ATOMIC_ACQUIRE))
        return 0;
    if (!gdb_stub_connected(s->stub)) {          /* gdb detached or went away */
        __atomic_store_n(&s->attached, 0, __ATOMIC_RELEASE);
        s->single_step = false;
        rt_set_single_step(cpu->rt, cpu, false);
        return 1;
    }
    if (!s->single_step) {
        s->single_step = true;
        rt_set_single_step(cpu->rt, cpu, true);
        return 1;                                  /* re-enter cpu_exec under single step */
    }
    GdbThread *t = s->thr[cpu->cpu_index];
    int what = s->stop_on_attach ? GDB_STOP : gdb_stub_check(s->stub, t);
    s->stop_on_attach = false;
    if (what == GDB_HOLD)
        return 1;                                  /* hart.c ends its turn */
    if (what == GDB_STOP)
        gdb_stub_stopped(s->stub, t, true);
    return gdb_stub_held(s->stub, t);
}

bool sys_gdb_holds(Machine *m, struct VCPU *cpu)
{
    SysGdb *s = m->gdb;
    return s && __atomic_load_n(&s->attached, __ATOMIC_ACQUIRE) &&
           gdb_stub_held(s->stub, s->thr[cpu->cpu_index]);
}

static void *accept_thread(void *arg)
{
    SysGdb *s = arg;
    if (!gdb_stub_accept(s->stub))
        return NULL;
    s->stop_on_attach = true;
    __atomic_store_n(&s->attached, 1, __ATOMIC_RELEASE);
    for (int h = 0; h < s->m->n_harts; h++)        /* leave generated code, look at the hook */
        if (s->m->harts[h])
            hart_set_mip(s->m->harts[h], 0, 0);
    return NULL;
}

void sys_gdb_start(Machine *m, int port, bool wait)
{
    SysGdb *s = calloc(1, sizeof *s);
    if (!s)
        sys_fatal("out of memory");
    s->m = m;
    GdbTarget t = { sys_mem_rw, sys_kill, NULL, m };
    char err[256];
    if (!(s->stub = gdb_stub_listen(port, &t, err, sizeof err)))
        sys_fatal("-gdb: %s", err);
    m->gdb = s;
    if (!(s->thr = calloc((size_t)m->n_harts, sizeof *s->thr)))
        sys_fatal("out of memory");
    for (int h = 0; h < m->n_harts; h++)
        if (m->harts[h]) {
            m->harts[h]->debug_hook = sys_gdb_hook;
            if (!(s->thr[h] = gdb_stub_add_thread(s->stub, m->harts[h], h + 1)))
                sys_fatal("out of memory");
        }
    if (!wait) {
        s->thread_started = pthread_create(&s->thread, NULL, accept_thread, s) == 0;
        if (!s->thread_started)
            sys_fatal("-gdb: could not start the thread that waits for gdb");
        return;
    }
    if (!gdb_stub_accept(s->stub))
        sys_fatal("-gdb: could not accept gdb's connection");
    __atomic_store_n(&s->attached, 1, __ATOMIC_RELEASE);
    gdb_stub_serve(s->stub, s->thr[0]);   /* -S: gdb looks around before the first instruction */
}

void sys_gdb_exited(Machine *m, int status)
{
    SysGdb *s = m->gdb;
    if (!s)
        return;
    if (__atomic_load_n(&s->attached, __ATOMIC_ACQUIRE))
        gdb_stub_exited(s->stub, status);
    /* A thread still waiting in accept() ends with the process. */
}
