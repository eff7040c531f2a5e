/*
 * The machine's physical address space as devices and loaders see it (the device side of
 * system/machine.h): RAM and ROM as host pointers, MMIO regions found by binary search, copies
 * that cross region boundaries, and the end-of-run request.
 *
 * Flow: the board adds regions with machine_add_mmio (kept sorted by base, never overlapping);
 * a hart's slow path or a device's DMA calls machine_find_mmio / machine_phys_ptr /
 * machine_phys_rw. Invariants: RAM writes handed out or performed here are reported to the CPU
 * side with machine_notify_code_write; MMIO accesses run with io_lock held (it is recursive, so a
 * device that DMAs while serving an access may reach MMIO too); ROM is read-only to the guest.
 */
#include <string.h>
#include "system/board.h"

static bool in_range(uint64_t pa, uint64_t len, uint64_t base, uint64_t size)
{
    return size && pa >= base && pa - base < size && len <= size - (pa - base);
}

void *machine_phys_ptr(Machine *m, uint64_t pa, uint64_t len, bool write)
{
    if (m->ram && in_range(pa, len, m->ram_base, m->ram_size)) {
        if (write)
            machine_notify_code_write(m, pa, len);
        return m->ram + (pa - m->ram_base);
    }
    if (!write && m->rom && in_range(pa, len, m->rom_base, m->rom_size))
        return m->rom + (pa - m->rom_base);
    return NULL;
}

const MMIORegion *machine_find_mmio(const Machine *m, uint64_t pa)
{
    int lo = 0, hi = m->n_mmio - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const MMIORegion *r = &m->mmio[mid];
        if (pa < r->base)
            hi = mid - 1;
        else if (pa - r->base >= r->size)
            lo = mid + 1;
        else
            return r;
    }
    return NULL;
}

bool machine_add_mmio(Machine *m, const char *name, uint64_t base, uint64_t size,
                      const MMIOOps *ops, void *dev)
{
    if (m->n_mmio >= MACHINE_MAX_MMIO || !size || base + size < base)
        return false;
    int i = 0;
    while (i < m->n_mmio && m->mmio[i].base < base)
        i++;
    if ((i > 0 && m->mmio[i - 1].base + m->mmio[i - 1].size > base) ||
        (i < m->n_mmio && base + size > m->mmio[i].base))
        return false;
    memmove(&m->mmio[i + 1], &m->mmio[i], (size_t)(m->n_mmio - i) * sizeof m->mmio[0]);
    m->mmio[i] = (MMIORegion){ .name = name, .base = base, .size = size, .ops = ops, .dev = dev };
    m->n_mmio++;
    return true;
}

/* One MMIO copy in naturally aligned pieces of at most 8 bytes, little-endian. */
static void mmio_rw(Machine *m, const MMIORegion *r, uint64_t pa, uint8_t *buf, uint64_t len,
                    bool write)
{
    pthread_mutex_lock(&m->io_lock);
    while (len) {
        unsigned size = 8;
        while (size > 1 && ((pa & (size - 1)) || size > len))
            size >>= 1;
        uint64_t v = 0;
        if (write) {
            memcpy(&v, buf, size);
            r->ops->write(r->dev, pa - r->base, v, size);
        } else {
            v = r->ops->read(r->dev, pa - r->base, size);
            memcpy(buf, &v, size);
        }
        pa += size, buf += size, len -= size;
    }
    pthread_mutex_unlock(&m->io_lock);
}

bool machine_phys_rw(Machine *m, uint64_t pa, void *buf, uint64_t len, bool write)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t chunk;
        if (m->ram && in_range(pa, 1, m->ram_base, m->ram_size)) {
            chunk = m->ram_size - (pa - m->ram_base);
            chunk = chunk < len ? chunk : len;
            uint8_t *host = m->ram + (pa - m->ram_base);
            if (write) {
                memcpy(host, p, chunk);
                machine_notify_code_write(m, pa, chunk);
            } else {
                memcpy(p, host, chunk);
            }
        } else if (m->rom && in_range(pa, 1, m->rom_base, m->rom_size)) {
            chunk = m->rom_size - (pa - m->rom_base);
            chunk = chunk < len ? chunk : len;
            if (!write)
                memcpy(p, m->rom + (pa - m->rom_base), chunk);
        } else {
            const MMIORegion *r = machine_find_mmio(m, pa);
            if (!r)
                return false;
            chunk = r->size - (pa - r->base);
            chunk = chunk < len ? chunk : len;
            mmio_rw(m, r, pa, p, chunk, write);
        }
        pa += chunk, p += chunk, len -= chunk;
    }
    return true;
}

void machine_request_shutdown(Machine *m, int status)
{
    pthread_mutex_lock(&m->io_lock);
    if (!m->shutdown) {
        m->exit_status = status;
        __atomic_store_n(&m->shutdown, 1, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&m->io_lock);
    /* A zero change of mip is the CPU side's "look at Machine.shutdown" kick (leave generated
     * code, wake from WFI). */
    for (int i = 0; i < m->n_harts; i++)
        if (m->harts[i])
            hart_set_mip(m->harts[i], 0, 0);
    pthread_mutex_lock(&m->timer_lock);
    pthread_cond_broadcast(&m->timer_cond);
    pthread_mutex_unlock(&m->timer_lock);
}
