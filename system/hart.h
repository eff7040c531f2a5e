/*
 * The CPU side of the full-system machine as system/main.c (the device side) sees it: create
 * the CPU side of a Machine (runtime, plugins, -d logging), create each hart, run them all.
 *
 * Flow for main.c:
 *     machine_cpu_init(m, &cfg);                 after RAM/ROM/MMIO exist (board built)
 *     for (i = 0; i < n; i++) hart_new(m, i, &cfg);   fills m->harts[i], m->n_harts
 *     status = machine_run(m);                   returns when m->shutdown is set
 *     machine_cpu_exit(m);                       plugin atexit callbacks, -d stats, logs flushed
 * Every hart starts in M-mode at cfg->reset_pc with a0..a2 as the reset ROM leaves them (the
 * ROM itself sets them; hart_new only zeroes the registers) and mhartid = hartid.
 * Each hart runs on its own host thread (hart 0 on the one that calls machine_run), or, with
 * cfg->thread_single, all take turns on that thread (a time slice each); every hart's state is
 * in its VCPU (nothing global).
 * Invariant: hart_set_mip and machine_notify_code_write (system/machine.h) may be called from
 * any thread once hart_new returned.
 */
#ifndef QELT_SYSTEM_HART_H
#define QELT_SYSTEM_HART_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "system/machine.h"

struct VCPU;

typedef struct HartConfig {
    uint64_t reset_pc;        /* QEMU virt: 0x1000 (the reset ROM); -bios none -kernel: entry */
    int satp_mode_max;        /* largest paging mode: 8 = sv39, 9 = sv48, 10 = sv57 (default 0 = sv57) */
    bool no_sstc;             /* hide Sstc (stimecmp); default: implemented */
    int log_mask;             /* -d items: LOG_* bits of runtime/runtime.h (LOG_INT etc. too) */
    FILE *log;                /* -D file, or NULL for stderr */
    char **plugin_specs;      /* -plugin arguments as given ("path,arg=val,..."), n_plugins of them */
    int n_plugins;
    uint64_t isa_ext;         /* -cpu's extensions (guest/riscv/cpu-ext.h), 0 = the default */
    uint32_t cpu_cfg;         /* -cpu's other properties (vlen=: cpu-ext.h), 0 = defaults */
    struct PerfMap *perfmap;  /* -perfmap (runtime/perfmap.h), shared by the harts; NULL = none */
    bool thread_single;       /* all harts take turns on machine_run's thread (QEMU's
                                 -accel tcg,thread=single); else one host thread per hart */
} HartConfig;

/* Extra -d items only the machine has (beyond runtime.h's LOG_*): */
#define LOG_INT  (1 << 16)    /* -d int: every trap and interrupt taken */
#define LOG_MMU  (1 << 17)    /* -d mmu: page faults (address, pc, satp) */

/* The CPU side of a machine: runtime (code cache, soft-MMU lowering), plugins. 0 or -1 (a
 * `qelt: ...` line has been printed). */
int machine_cpu_init(Machine *m, const HartConfig *cfg);
/* Hart hartid (0 .. MACHINE_MAX_HARTS-1): its VCPU, stored in m->harts[hartid]; NULL on error. */
struct VCPU *hart_new(Machine *m, int hartid, const HartConfig *cfg);
/* Run every hart until m->shutdown; returns m->exit_status. */
int machine_run(Machine *m);
/* At the end of the run (after machine_run): plugin exit callbacks, -d stats, flush logs. */
void machine_cpu_exit(Machine *m);

/* For the gdb stub and loaders: read/write guest memory as hart cpu sees it (through its page
 * tables when paging is on). false if any byte is not mapped. */
bool hart_virt_rw(struct VCPU *cpu, uint64_t va, void *buf, uint64_t len, bool write);

/* system/gdb.c: gdb keeps this hart stopped (it ends its turn without taking interrupts). */
bool sys_gdb_holds(Machine *m, struct VCPU *cpu);

#endif
