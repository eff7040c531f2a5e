/*
 * The gdb remote serial protocol over TCP, shared by both OS layers: user mode (`-g PORT`,
 * user/gdbstub.c) and the full-system machine (`-s`, `-gdb tcp::PORT`, `-S`, system/gdb.c).
 * The protocol side (packets, registers through guest-gdb.h, software/hardware breakpoints,
 * continue, single step, Ctrl-C, the XML target description) lives here; the OS layer supplies
 * memory access and what "kill" means (GdbTarget).
 *
 * How stops happen: the runtime runs one instruction per block, unchained
 * (RuntimeOptions.single_step), and calls the vCPU's debug_hook before every block; the OS
 * layer's hook asks gdb_stub_should_stop, and when it says yes the OS layer reports the stop and
 * serves gdb (gdb_stub_stopped) until gdb resumes the guest. Invariant: guest state is precise at
 * every stop (a block boundary).
 */
#ifndef QELT_GDBSTUB_H
#define QELT_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct VCPU;

typedef struct GdbTarget {
    /* Guest memory as gdb sees it (virtual addresses); false if any byte is not accessible. A
     * write must also drop translations of code it changed. */
    bool (*mem_rw)(void *opaque, struct VCPU *cpu, uint64_t addr, void *buf, uint64_t len,
                   bool write);
    /* gdb's kill (k, vKill): end the run. */
    void (*kill)(void *opaque);
    void *opaque;
} GdbTarget;

typedef struct GdbStub GdbStub;

/* Listen on TCP port; NULL with a message in err on failure. */
GdbStub *gdb_stub_listen(int port, const GdbTarget *t, char *err, size_t errlen);
/* Wait for gdb to connect (blocking; may run on another thread than the vCPU's, which must
 * not use the stub before this returned); false if accepting failed. The next
 * gdb_stub_stopped sends no stop reply (gdb asks with '?' when it connects). */
bool gdb_stub_accept(GdbStub *g);
/* For a debug hook: true when the vCPU must stop before the block at its pc (breakpoint,
 * single step, Ctrl-C). False when no debugger is connected. */
bool gdb_stub_should_stop(GdbStub *g, struct VCPU *cpu);
/* Report the stop (S05, or S02 after Ctrl-C) and serve gdb until it resumes the guest. With
 * inline_resume the caller runs the block at pc right after this returns (the stop happened
 * inside the debug hook, which then returns 0); otherwise the caller re-enters the hook first. */
void gdb_stub_stopped(GdbStub *g, struct VCPU *cpu, bool inline_resume);
/* Serve gdb before the first instruction (after gdb_stub_accept), without a stop reply. */
void gdb_stub_serve(GdbStub *g, struct VCPU *cpu);
/* The guest ended with status: tell gdb (W) and close the connection. */
void gdb_stub_exited(GdbStub *g, int status);
bool gdb_stub_connected(const GdbStub *g);

#endif
