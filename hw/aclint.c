/*
 * The ACLINT as QEMU's virt maps it (SiFive CLINT layout, one 64 KiB window): msip[h] at 4*h
 * (bit 0 = hart h's machine software interrupt), mtimecmp[h] at 0x4000 + 8*h, mtime at 0xbff8.
 * 32- and 64-bit accesses.
 *
 * Invariants: MTIP of hart h is a level, high exactly while mtime >= mtimecmp[h]; it is
 * recomputed on every mtimecmp or mtime write and when the hart's timer (armed for the
 * deadline) fires. mtime itself is machine_mtime (host monotonic clock, 10 MHz).
 */
#include <string.h>
#include "hw/devices.h"
#include "system/board.h"

#define ACLINT_MTIMECMP 0x4000
#define ACLINT_MTIME    0xbff8

static void aclint_timer_update(Aclint *a, int h)
{
    struct VCPU *cpu = a->m->harts[h];
    uint64_t cmp = a->mtimecmp[h];
    if (machine_mtime(a->m) >= cmp) {
        machine_timer_mod(a->m, &a->timer[h], INT64_MAX);
        if (cpu)
            hart_set_mip(cpu, MIP_MTIP, 1);
    } else {
        if (cpu)
            hart_set_mip(cpu, MIP_MTIP, 0);
        machine_timer_mod(a->m, &a->timer[h], machine_mtime_to_ns(a->m, cmp));
    }
}

static void aclint_timer_cb(void *opaque)
{
    struct AclintHart *th = opaque;
    aclint_timer_update(th->a, th->hart);
}

void aclint_init(Aclint *a, Machine *m, int n_harts)
{
    memset(a, 0, sizeof *a);
    a->m = m;
    a->n_harts = n_harts;
    for (int h = 0; h < n_harts; h++) {
        a->mtimecmp[h] = UINT64_MAX;
        a->th[h] = (struct AclintHart){ a, h };
        machine_timer_init(m, &a->timer[h], aclint_timer_cb, &a->th[h]);
    }
}

/* Read/modify 4 or 8 bytes at byte offset `sub` of a 64-bit register. */
static uint64_t part_read(uint64_t reg, uint64_t sub, unsigned size)
{
    return size == 8 ? reg : (uint32_t)(reg >> (8 * sub));
}

static uint64_t part_write(uint64_t reg, uint64_t sub, uint64_t val, unsigned size)
{
    if (size == 8)
        return val;
    uint64_t mask = 0xffffffffULL << (8 * sub);
    return (reg & ~mask) | ((val << (8 * sub)) & mask);
}

static uint64_t aclint_read(void *dev, uint64_t off, unsigned size)
{
    Aclint *a = dev;
    if (size != 4 && size != 8)
        return 0;
    if (off < 4 * (uint64_t)a->n_harts && size == 4)
        return a->msip[off / 4];
    if (off >= ACLINT_MTIMECMP && off < ACLINT_MTIMECMP + 8 * (uint64_t)a->n_harts)
        return part_read(a->mtimecmp[(off - ACLINT_MTIMECMP) / 8], off % 8, size);
    if (off >= ACLINT_MTIME && off < ACLINT_MTIME + 8)
        return part_read(machine_mtime(a->m), off % 8, size);
    return 0;
}

static void aclint_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    Aclint *a = dev;
    if (size != 4 && size != 8)
        return;
    if (off < 4 * (uint64_t)a->n_harts && size == 4) {
        int h = (int)(off / 4);
        a->msip[h] = val & 1;
        if (a->m->harts[h])
            hart_set_mip(a->m->harts[h], MIP_MSIP, (int)(val & 1));
    } else if (off >= ACLINT_MTIMECMP && off < ACLINT_MTIMECMP + 8 * (uint64_t)a->n_harts) {
        int h = (int)((off - ACLINT_MTIMECMP) / 8);
        a->mtimecmp[h] = part_write(a->mtimecmp[h], off % 8, val, size);
        aclint_timer_update(a, h);
    } else if (off >= ACLINT_MTIME && off < ACLINT_MTIME + 8) {
        machine_set_mtime(a->m, part_write(machine_mtime(a->m), off % 8, val, size));
        for (int h = 0; h < a->n_harts; h++)
            aclint_timer_update(a, h);
    }
}

const MMIOOps aclint_ops = { aclint_read, aclint_write };
