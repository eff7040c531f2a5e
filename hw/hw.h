/*
 * What every device of the full-system machine is built from: an MMIO region (a window of the
 * guest-physical address space served by a device's read/write functions) and interrupt lines.
 *
 * Contract (shared by hw/ and system/):
 *   - A hart's load/store to an MMIO address ends in region->ops->read/write with the offset
 *     from region->base, the access size (1, 2, 4 or 8) and, for writes, the value zero-extended.
 *     Calls for every device are serialized by Machine.io_lock (held by the caller), so a device
 *     needs no lock of its own against harts; its own threads (timers, the UART's input thread)
 *     take io_lock too before touching device state.
 *   - An access a device does not implement reads 0 and ignores writes (and may log under
 *     -d guest_errors / unimp); it never aborts qelt.
 *   - A device raises an interrupt through an IRQLine: level-triggered, set(ctrl, n, 1) while the
 *     condition holds, set(ctrl, n, 0) when it is gone. Lines go into the PLIC (sources 1..95)
 *     or straight into a hart's mip (hart_set_mip, system/machine.h).
 *   - Devices reach guest RAM (virtio DMA) only through machine_phys_ptr / machine_phys_rw
 *     (system/machine.h), which also tell the CPU side that RAM holding code was written.
 * State lives in each device's own struct, created by the board; there are no globals.
 */
#ifndef QELT_HW_H
#define QELT_HW_H

#include <stdbool.h>
#include <stdint.h>

typedef struct MMIOOps {
    uint64_t (*read)(void *dev, uint64_t off, unsigned size);
    void (*write)(void *dev, uint64_t off, uint64_t val, unsigned size);
} MMIOOps;

typedef struct MMIORegion {
    const char *name;
    uint64_t base, size;
    const MMIOOps *ops;
    void *dev;
} MMIORegion;

typedef struct IRQLine {
    void (*set)(void *ctrl, int n, int level);
    void *ctrl;
    int n;
} IRQLine;

static inline void irq_set(const IRQLine *l, int level)
{
    if (l && l->set)
        l->set(l->ctrl, l->n, level);
}

#endif
