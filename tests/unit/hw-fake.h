/* A fake machine for the device unit tests (tests/unit/test-hw-*.c): RAM in a host buffer, harts
 * that are just tokens, and a hart_set_mip / machine_notify_code_write that record what the
 * devices did. Include once per test program. */
#ifndef QELT_HW_FAKE_H
#define QELT_HW_FAKE_H
#include <stdlib.h>
#include <string.h>
#include "system/board.h"
#include "unit.h"

#define FAKE_HARTS 2
static char fake_hart_tokens[FAKE_HARTS];
static uint64_t fake_mip[FAKE_HARTS];
static int fake_mip_calls;

void hart_set_mip(struct VCPU *cpu, uint64_t bits, int level)
{
    int h = (int)((char *)cpu - fake_hart_tokens);
    __atomic_fetch_add(&fake_mip_calls, 1, __ATOMIC_SEQ_CST);
    if (level)
        __atomic_fetch_or(&fake_mip[h], bits, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&fake_mip[h], ~bits, __ATOMIC_SEQ_CST);
}

void machine_notify_code_write(Machine *m, uint64_t pa, uint64_t len) {}

static inline Machine *fake_machine(uint64_t ram_size)
{
    Machine *m = calloc(1, sizeof *m);
    machine_sync_init(m);
    m->ram_base = 0x80000000;
    m->ram_size = ram_size;
    m->ram = calloc(1, ram_size);
    m->n_harts = FAKE_HARTS;
    for (int h = 0; h < FAKE_HARTS; h++) {
        m->harts[h] = (struct VCPU *)&fake_hart_tokens[h];
        fake_mip[h] = 0;
    }
    return m;
}

static inline void fake_machine_free(Machine *m)
{
    free(m->ram);
    free(m);
}

static inline uint64_t mmio_rd(const MMIOOps *ops, void *dev, uint64_t off, unsigned size)
{
    return ops->read(dev, off, size);
}
static inline void mmio_wr(const MMIOOps *ops, void *dev, uint64_t off, uint64_t v, unsigned size)
{
    ops->write(dev, off, v, size);
}

/* An interrupt line that remembers its level. */
static inline void rec_set(void *ctrl, int n, int level) { ((int *)ctrl)[n] = level; }
#endif
