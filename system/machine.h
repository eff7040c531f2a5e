/*
 * The full-system machine as the CPU side and the device side see each other (qelt-system-riscv64).
 *
 * Split of work:
 *   - system/ board, boot, options, memory map, timers, main  -> build a Machine, load firmware,
 *     kernel, initrd and device tree, create the harts, run them;
 *   - hw/  devices (UART, PLIC, ACLINT, finisher, RTC, virtio-mmio + blk/rng), device tree;
 *   - guest/riscv/ privileged architecture (CSRs, traps, interrupts, page walk, PMP);
 *   - system/ soft-MMU and the hart loop (the CPU side), host/x86_64/ the soft-TLB lowering.
 * This header is the contract between them. Everything a machine has travels in Machine (one
 * per run) and in each hart's VCPU; there are no globals.
 *
 * Physical address space: RAM at ram_base (QEMU virt: 0x80000000) of ram_size bytes, one host
 * mapping; the boot ROM at rom_base; MMIO regions sorted by base, none overlapping RAM or ROM.
 * Anything else is unassigned: a hart's access there is an access fault.
 *
 * Time: mtime counts at MACHINE_TIMEBASE_HZ from the host's monotonic clock (machine_mtime).
 * Deadlines (the ACLINT's mtimecmp, Sstc's stimecmp, the UART's transmit pacing) are
 * MachineTimers fired by one timer thread, which calls the callback with io_lock held.
 */
#ifndef QELT_MACHINE_H
#define QELT_MACHINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "hw/hw.h"

#define MACHINE_TIMEBASE_HZ 10000000ULL
#define MACHINE_MAX_HARTS   32
#define MACHINE_MAX_MMIO    32

struct VCPU;

typedef struct MachineTimer {
    int64_t deadline_ns;              /* host CLOCK_MONOTONIC ns; INT64_MAX = not armed */
    void (*cb)(void *opaque);         /* called by the timer thread, io_lock held */
    void *opaque;
    struct MachineTimer *next;        /* the machine's list of timers */
} MachineTimer;

typedef struct Machine {
    /* memory */
    uint8_t *ram;
    uint64_t ram_base, ram_size;
    uint8_t *rom;
    uint64_t rom_base, rom_size;
    MMIORegion mmio[MACHINE_MAX_MMIO];
    int n_mmio;
    pthread_mutex_t io_lock;          /* serializes device state (see hw/hw.h) */

    /* harts */
    int n_harts;
    struct VCPU *harts[MACHINE_MAX_HARTS];

    /* timers */
    MachineTimer *timers;
    pthread_mutex_t timer_lock;
    pthread_cond_t timer_cond;
    int64_t start_ns;                 /* host monotonic time when mtime was 0 */
    pthread_t timer_thread;           /* device side (system/timer.c) */
    int timer_running, timer_stop;

    /* the end of the run: set by the finisher, Ctrl-A x, a fatal guest error */
    volatile int shutdown;            /* 1 = leave, harts stop at their next check */
    int exit_status;
    bool no_reboot;                   /* -no-reboot: a reset request ends the run too */

    void *board;                      /* the board's own state (devices), opaque here */
    void *gdb;                        /* the gdb stub (system/gdb.c), NULL without -s/-gdb */
    void *cpu_side;                   /* the CPU side's shared state (runtime, plugins) */
} Machine;

/* ---- implemented by the device side (system/memory.c, system/timer.c) ---------------------- */
/* Host pointer for [pa, pa+len) when it is all RAM (or ROM, for reads), else NULL. */
void *machine_phys_ptr(Machine *m, uint64_t pa, uint64_t len, bool write);
/* The MMIO region containing pa, or NULL. */
const MMIORegion *machine_find_mmio(const Machine *m, uint64_t pa);
/* Copy to/from physical memory (RAM, ROM or MMIO, split at region boundaries); false if any
 * part is unassigned. Writes to RAM call machine_notify_code_write. Takes io_lock for MMIO. */
bool machine_phys_rw(Machine *m, uint64_t pa, void *buf, uint64_t len, bool write);
uint64_t machine_mtime(const Machine *m);
int64_t machine_now_ns(void);
void machine_timer_init(Machine *m, MachineTimer *t, void (*cb)(void *), void *opaque);
void machine_timer_mod(Machine *m, MachineTimer *t, int64_t deadline_ns);  /* INT64_MAX: stop */
/* Ask every hart to stop and the run to end with status (finisher, fatal errors). */
void machine_request_shutdown(Machine *m, int status);

/* ---- implemented by the CPU side (system/ soft-MMU and hart loop) --------------------------- */
/* Raise or lower interrupt-pending bits of a hart's mip (MSIP, MTIP, MEIP, SEIP...): thread-safe,
 * callable from any thread with or without io_lock; makes the hart leave generated code and
 * wakes it from WFI when the change may matter. */
void hart_set_mip(struct VCPU *cpu, uint64_t bits, int level);
/* The host wrote guest RAM outside a hart's stores (DMA, loaders): drop translations of code
 * in [pa, pa+len). */
void machine_notify_code_write(Machine *m, uint64_t pa, uint64_t len);

#endif
