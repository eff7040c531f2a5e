/*
 * The machine's gdb stub (-s, -gdb tcp::PORT, -S): the shared protocol (runtime/gdbstub.c) with
 * memory read and written as the stopped hart sees it (hart_virt_rw: through its page tables
 * when paging is on) and "kill" ending the run.
 *
 * Flow: main.c listens before the run (sys_gdb_start); with -S it waits for gdb and serves it
 * before the first instruction, else gdb may connect at any time and the harts stop then. Every
 * hart's debug hook (the runtime runs one instruction per block with a debugger) asks the stub
 * before each instruction and, on a breakpoint, step or Ctrl-C, serves gdb right there, then
 * lets the hart go on. gdb sees one thread: the hart that stopped.
 */
#include <stdio.h>
#include "system/board.h"
#include "system/hart.h"
#include "gdbstub.h"
#include "vcpu.h"

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
    if (gdb_stub_should_stop(m->gdb, cpu, true))
        gdb_stub_stopped(m->gdb, cpu, true);
    return 0;
}

void sys_gdb_start(Machine *m, int port, bool wait)
{
    GdbTarget t = { sys_mem_rw, sys_kill, m };
    char err[256];
    if (!(m->gdb = gdb_stub_listen(port, &t, err, sizeof err)))
        sys_fatal("-gdb: %s", err);
    for (int h = 0; h < m->n_harts; h++)
        if (m->harts[h])
            m->harts[h]->debug_hook = sys_gdb_hook;
    if (!wait)
        return;
    if (!gdb_stub_accept(m->gdb))
        sys_fatal("-gdb: could not accept gdb's connection");
    gdb_stub_serve(m->gdb, m->harts[0]);   /* -S: gdb looks around before the first instruction */
}

void sys_gdb_exited(Machine *m, int status)
{
    gdb_stub_exited(m->gdb, status);
}
