/*
 * The plugin layer's interface to the OS layer (user/): load the -plugin shared objects, and
 * report the events the OS layer sees (vCPU start/end, system calls, process exit).
 *
 * Invariants: with no -plugin option nothing here does anything (every call returns at once)
 * and the runtime never sees the layer (its plugin hooks stay NULL), so translation and the
 * generated code are exactly what they are without the layer. The layer reaches the program
 * image only through PluginHostHooks, so it does not depend on user/.
 */
#ifndef QELT_PLUGIN_H
#define QELT_PLUGIN_H

#include <stdbool.h>
#include <stdint.h>
#include "runtime.h"

/* What the plugin API asks about the guest program (filled in by the OS layer). */
typedef struct PluginHostHooks {
    void *opaque;
    /* Name of the ELF symbol covering addr, or NULL (valid for the process's life). */
    const char *(*symbol)(void *opaque, uint64_t addr);
    /* Program path (absolute), text segment bounds and entry point; zeros before loading. */
    void (*image)(void *opaque, const char **path, uint64_t *start_code, uint64_t *end_code,
                  uint64_t *entry);
    /* Full-system: the physical address of the access at vaddr cpu just made, and whether it
     * went to a device; false when unknown. NULL in user mode (get_hwaddr gives NULL there,
     * as QEMU's linux-user does). */
    bool (*hwaddr)(void *opaque, VCPU *cpu, uint64_t vaddr, bool store, uint64_t *pa,
                   bool *is_io, const char **device);
    int system_vcpus;   /* full-system: the number of harts (qemu_info_t.system); 0 in user mode */
} PluginHostHooks;

/* Load and install every plugin of specs[0..n) (QEMU's -plugin syntax: "path[,name=value...]"
 * or "file=path[,...]"). Exits 1 with a message when a plugin cannot be loaded, declares an API
 * level outside the supported range, lacks qemu_plugin_install, or its install fails. */
void plugins_load(Runtime *rt, GuestMem *gm, char **specs, int n, const PluginHostHooks *host);
/* Is any plugin loaded. */
bool plugins_enabled(void);
/* A vCPU starts / ends, on its own thread (init before it runs guest code). */
void plugins_vcpu_init(VCPU *cpu);
void plugins_vcpu_exit(VCPU *cpu);
/* Host fork (the OS layer's fork path): take the layer's lock before the fork, and after it
 * release it (parent: child_self NULL) or, in the child, make it anew and keep only the
 * child's vCPU (child_self). */
void plugins_fork_prepare(void);
void plugins_fork_end(VCPU *child_self);
/* The process ends: vCPU exit callbacks, then atexit callbacks (once). */
void plugins_exit(void);
/* System call entry (args a0..a5) and return, on the calling vCPU's thread. */
void plugins_syscall(VCPU *cpu, int64_t nr, const int64_t *args);
void plugins_syscall_ret(VCPU *cpu, int64_t nr, int64_t ret);
/* Outside generated code, after cpu_exec returns: run work a plugin asked for from inside
 * generated code (reset, uninstall), which needs the translations dropped. */
void plugins_safe_point(VCPU *cpu);

#endif
