/*
 * The platform-level interrupt controller (SiFive PLIC as on QEMU's virt): sources
 * 1..PLIC_NSRC-1 with priorities, a pending bit each, and per context an enable mask, a
 * threshold and a claim/complete register. Context 2*h is hart h's M mode (MEIP), 2*h+1 its S
 * mode (SEIP).
 *
 * Register map: priority[src] at 4*src; pending words at 0x1000; enable words of context c at
 * 0x2000 + 0x80*c; threshold of c at 0x200000 + 0x1000*c, claim/complete at +4.
 * Flow: a device line goes high -> the source's pending bit is set (the gateway forwards a
 * request; a line that drops again leaves it set, as the PLIC spec and QEMU 7.2 have it) ->
 * update() recomputes each context's output (some source pending, enabled, not claimed,
 * priority > threshold) and tells the hart only when it changed. Claim returns the best such
 * source (highest priority, then lowest id) and clears its pending bit; complete ends the claim
 * and, if the line is still high, makes the source pending again (level-triggered gateway).
 */
#include <string.h>
#include "hw/devices.h"

#define PLIC_PRIO_MASK 7u

static bool bit(const uint32_t *w, int i) { return (w[i / 32] >> (i % 32)) & 1; }
static void set_bit(uint32_t *w, int i, bool v)
{
    if (v)
        w[i / 32] |= 1u << (i % 32);
    else
        w[i / 32] &= ~(1u << (i % 32));
}

/* The source a claim of context c would return, 0 if none. */
static int best_source(const Plic *p, int c)
{
    int best = 0;
    uint32_t best_prio = p->threshold[c];
    for (int w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & p->enable[c][w] & ~p->claimed[w];
        while (cand) {
            int src = w * 32 + __builtin_ctz(cand);
            cand &= cand - 1;
            if (src && p->priority[src] > best_prio) {
                best = src;
                best_prio = p->priority[src];
            }
        }
    }
    return best;
}

static void plic_update(Plic *p)
{
    for (int c = 0; c < p->n_ctx; c++) {
        int level = best_source(p, c) != 0;
        if (p->out[c] == level)
            continue;
        p->out[c] = (int8_t)level;
        struct VCPU *h = p->m->harts[c / 2];
        if (h)
            hart_set_mip(h, c & 1 ? MIP_SEIP : MIP_MEIP, level);
    }
}

void plic_set_irq(void *plic, int src, int level)
{
    Plic *p = plic;
    if (src <= 0 || src >= PLIC_NSRC)
        return;
    set_bit(p->level, src, level);
    if (!level)
        return;
    set_bit(p->pending, src, 1);
    plic_update(p);
}

void plic_init(Plic *p, Machine *m, int n_harts)
{
    memset(p, 0, sizeof *p);
    p->m = m;
    p->n_ctx = 2 * n_harts;
    memset(p->out, -1, sizeof p->out);
}

static uint64_t plic_read(void *dev, uint64_t off, unsigned size)
{
    Plic *p = dev;
    if (size != 4)
        return 0;
    if (off < 4 * PLIC_NSRC)
        return p->priority[off / 4];
    if (off >= 0x1000 && off < 0x1000 + 4 * PLIC_WORDS)
        return p->pending[(off - 0x1000) / 4];
    if (off >= 0x2000 && off < 0x200000) {
        uint64_t c = (off - 0x2000) / 0x80, w = (off - 0x2000) % 0x80 / 4;
        return c < (uint64_t)p->n_ctx && w < PLIC_WORDS ? p->enable[c][w] : 0;
    }
    if (off >= 0x200000) {
        uint64_t c = (off - 0x200000) / 0x1000, r = (off - 0x200000) % 0x1000;
        if (c >= (uint64_t)p->n_ctx)
            return 0;
        if (r == 0)
            return p->threshold[c];
        if (r == 4) {                       /* claim */
            int src = best_source(p, (int)c);
            if (src) {
                set_bit(p->pending, src, 0);
                set_bit(p->claimed, src, 1);
                plic_update(p);
            }
            return (uint64_t)src;
        }
    }
    return 0;
}

static void plic_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    Plic *p = dev;
    if (size != 4)
        return;
    if (off < 4 * PLIC_NSRC) {
        if (off)
            p->priority[off / 4] = (uint32_t)val & PLIC_PRIO_MASK;
    } else if (off >= 0x2000 && off < 0x200000) {
        uint64_t c = (off - 0x2000) / 0x80, w = (off - 0x2000) % 0x80 / 4;
        if (c < (uint64_t)p->n_ctx && w < PLIC_WORDS)
            p->enable[c][w] = (uint32_t)val & (w == 0 ? ~1u : ~0u);   /* source 0 does not exist */
    } else if (off >= 0x200000) {
        uint64_t c = (off - 0x200000) / 0x1000, r = (off - 0x200000) % 0x1000;
        if (c >= (uint64_t)p->n_ctx)
            return;
        if (r == 0) {
            p->threshold[c] = (uint32_t)val & PLIC_PRIO_MASK;
        } else if (r == 4) {                /* complete */
            int src = (int)val;
            if (src > 0 && src < PLIC_NSRC && bit(p->enable[c], src) && bit(p->claimed, src)) {
                set_bit(p->claimed, src, 0);
                if (bit(p->level, src))
                    set_bit(p->pending, src, 1);
            }
        } else {
            return;
        }
    } else {
        return;
    }
    plic_update(p);
}

const MMIOOps plic_ops = { plic_read, plic_write };
