/*
 * The gdb remote serial protocol over TCP, shared by both OS layers: user mode (`-g PORT`,
 * user/gdbstub.c) and the full-system machine (`-s`, `-gdb tcp::PORT`, `-S`, system/gdb.c).
 * The protocol side (packets, registers through guest-gdb.h, software/hardware breakpoints,
 * watchpoints (the guest names each instruction's accesses: guest_gdb_accesses),
 * continue, single step, Ctrl-C, the XML target description) lives here; the OS layer supplies
 * memory access and what "kill" means (GdbTarget).
 *
 * How stops happen: the runtime runs one instruction per block, unchained
 * (RuntimeOptions.single_step), and calls the vCPU's debug_hook before every block; the OS
 * layer's hook asks gdb_stub_check, and when it says stop the OS layer calls gdb_stub_stopped,
 * which stops every other thread (gdb's all-stop model, as QEMU's stub has it), reports the stop
 * naming the thread and serves gdb until gdb resumes the guest. gdb sees every vCPU as a thread
 * (user mode: guest threads by tid; full-system: harts 1..N) and reads registers and memory as
 * the thread it selected (Hg) sees them. Invariant: guest state is precise at every stop (a block
 * boundary), and a held thread runs no guest instruction.
 */
#ifndef QELT_GDBSTUB_H
#define QELT_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct VCPU;

typedef struct GdbTarget {
    /* Guest memory as gdb sees it (virtual addresses, as cpu sees them); false if any byte is
     * not accessible. A write must also drop translations of code it changed. */
    bool (*mem_rw)(void *opaque, struct VCPU *cpu, uint64_t addr, void *buf, uint64_t len,
                   bool write);
    /* gdb's kill (k, vKill): end the run. */
    void (*kill)(void *opaque);
    /* Optional: make cpu (running on another host thread) leave generated code soon. */
    void (*kick)(void *opaque, struct VCPU *cpu);
    void *opaque;
} GdbTarget;

typedef struct GdbStub GdbStub;
typedef struct GdbThread GdbThread;   /* one thread as gdb sees it: a vCPU and its id */

/* What a debug hook does before a block (gdb_stub_check). */
enum { GDB_RUN = 0, GDB_STOP, GDB_HOLD };

/* Listen on TCP port; NULL with a message in err on failure. */
GdbStub *gdb_stub_listen(int port, const GdbTarget *t, char *err, size_t errlen);
/* Wait for gdb to connect (blocking; may run on another thread than the vCPUs', which must
 * not use the stub before this returned); false if accepting failed. The next
 * gdb_stub_stopped sends no stop reply (gdb asks with '?' when it connects). */
bool gdb_stub_accept(GdbStub *g);
/* A thread gdb lists (id > 0: user mode the guest tid, full-system the hart number + 1), in
 * creation order; it starts held when the guest is stopped. Any thread may add or remove;
 * remove only a thread that runs no more (its own, when it exits). NULL: out of memory. */
GdbThread *gdb_stub_add_thread(GdbStub *g, struct VCPU *cpu, int id);
void gdb_stub_remove_thread(GdbStub *g, GdbThread *t);
/* For a thread's debug hook, before the block at its pc: GDB_STOP when it must stop (a
 * breakpoint, its single step, Ctrl-C: then call gdb_stub_stopped), GDB_HOLD when gdb keeps it
 * stopped (another thread stopped the world, or steps alone), GDB_RUN otherwise (also when no
 * debugger is connected). */
int gdb_stub_check(GdbStub *g, GdbThread *t);
/* Is the thread held stopped by gdb? */
bool gdb_stub_held(GdbStub *g, GdbThread *t);
/* After GDB_STOP or GDB_HOLD. A held thread waits here until gdb resumes it (user mode; a
 * full-system hart just leaves its turn instead). A stopping thread stops every other (all-stop:
 * each held at its next block, a thread in a system call counts as stopped), reports
 * T05thread:ID; (T02 after Ctrl-C) and serves gdb until it resumes the guest. With
 * inline_resume the caller runs the block at pc right after this returns unless the thread is
 * held (the stop happened inside the debug hook, which then returns 0); otherwise the caller
 * re-enters the hook first. */
void gdb_stub_stopped(GdbStub *g, GdbThread *t, bool inline_resume);
/* Serve gdb before the first instruction (after gdb_stub_accept), without a stop reply. */
void gdb_stub_serve(GdbStub *g, GdbThread *t);
/* The guest ended with status: tell gdb (W) and close the connection. */
void gdb_stub_exited(GdbStub *g, int status);
bool gdb_stub_connected(const GdbStub *g);
/* A forked child lets go of the connection without a word (gdb follows the parent) and forgets
 * breakpoints and stepping, so it runs free. */
void gdb_stub_drop(GdbStub *g);

#endif
