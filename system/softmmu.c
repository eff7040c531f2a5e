/*
 * The soft-MMU of the full-system machine: each hart's software TLB (one table per MMU index,
 * probed inline by generated code, see host/x86_64/codegen.c), its sizing, the slow path that
 * walks the page tables on a miss and performs MMIO, page-crossing and code-page accesses,
 * instruction fetch through the MMU, and code-page tracking for invalidation.
 *
 * Flow of a data access: inline probe -> hit: host memory. Miss (or a tag flag: TLB_MMIO,
 * TLB_CODE) -> softmmu_slow: find or fill the entry (rv_translate + PMP + machine memory map),
 * then do the access: RAM through the entry's addend, MMIO through the region's ops under
 * io_lock, a store to a code page also invalidates its translations first.
 * Sizing (policy 0, the seed's): at each full flush the use rate of each table (entries filled
 * since the last flush / size) is computed; above 70% the table doubles; it halves only when
 * the largest rate of the recent window (100 ms) is below 30%, so a process that is briefly
 * descheduled does not lose its large TLB. Bounds 2^8 .. 2^16 entries. Two additions: a flush
 * clears only the entries filled since the previous one (their indexes are kept), so a big
 * table costs little to flush; and a table whose valid entries keep being replaced between
 * flushes (more than twice its size) doubles at once, as a process with few context switches
 * would otherwise never reach a flush that grows it. QELT_TLB=dynamic (no history), min, max
 * select the other policies for measurements. A satp write to another address space keeps
 * the global entries (TLB without ASID tags, but the kernel's mappings survive switches).
 * Invariants: an entry's tags are page addresses (plus TLB_* flags) or all ones; a write tag
 * without TLB_CODE exists only for a page with no translated code; entries hold only rights
 * both the page table and PMP grant for the whole page; the jump cache (virtual pc -> code) is
 * cleared whenever translations change, and keyed by the translation flags (VCPU.jc_key).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "system/cpu-side.h"
#include "priv.h"
#include "ir.h"

#define PAGE_MASK (~(uint64_t)(GM_PAGE_SIZE - 1))
#define TAG_FLAGS (TLB_MMIO | TLB_CODE | TLB_INVALID)
#define HISTORY_NS 100000000LL
#define MMU_K_LOAD 0
#define MMU_K_STORE 1
#define MMU_K_ATOMIC 2
#define MMU_K_CMPXCHG 3

static inline size_t tlb_entries(VCPU *cpu, int idx)
{
    return (size_t)(cpu->tlb_fast[idx].mask >> TLB_ENTRY_BITS) + 1;
}

static inline size_t tlb_index(VCPU *cpu, int idx, uint64_t va)
{
    return (size_t)(va >> GM_PAGE_BITS) & (tlb_entries(cpu, idx) - 1);
}

static bool tlb_alloc(VCPU *cpu, int idx, unsigned bits)
{
    size_t n = (size_t)1 << bits;
    TLBEntry *t = aligned_alloc(64, n * sizeof(TLBEntry));
    uint64_t *phys = malloc(n * sizeof(uint64_t));
    uint32_t *filled = malloc(n * sizeof(uint32_t));
    if (!t || !phys || !filled) {
        free(t);
        free(phys);
        free(filled);
        return false;
    }
    memset(t, 0xff, n * sizeof(TLBEntry));
    SoftTLBIdx *x = &cpu->stlb->idx[idx];
    free(cpu->tlb_fast[idx].table);
    free(x->phys);
    free(x->filled);
    cpu->tlb_fast[idx].table = t;
    cpu->tlb_fast[idx].mask = (uint64_t)(n - 1) << TLB_ENTRY_BITS;
    x->phys = phys;
    x->filled = filled;
    x->bits = bits;
    x->used = 0;
    x->evictions = 0;
    return true;
}

static void jc_clear(VCPU *cpu)
{
    for (unsigned i = 0; i < QELT_JC_SIZE; i++)
        vcpu_jc_clear(cpu->jc, i);
    memset(cpu->stlb->jc_pages, 0, sizeof(cpu->stlb->jc_pages));
}

static inline unsigned jc_page_bit(uint64_t vpage)
{
    return (unsigned)((vpage >> GM_PAGE_BITS) * 0x9e3779b97f4a7c15ull >> 52);   /* 12 bits */
}

/* The entries of table idx that may be valid: those filled since the last flush when their
 * list is complete, else all. Returns their count; *list is NULL for "all". */
static size_t valid_entries(VCPU *cpu, int idx, const uint32_t **list)
{
    const SoftTLBIdx *x = &cpu->stlb->idx[idx];
    size_t n = tlb_entries(cpu, idx);
    if (x->used <= n) {
        *list = x->filled;
        return (size_t)x->used;
    }
    *list = NULL;
    return n;
}

static bool in_large(const SoftTLB *s, uint64_t va)
{
    for (int i = 0; i < s->n_large; i++)
        if (((va ^ s->large_addr[i]) & s->large_mask[i]) == 0)
            return true;
    return false;
}

static void add_large(SoftTLB *s, uint64_t va, uint64_t mask)
{
    if (in_large(s, va))
        return;
    if (s->n_large < TLB_LARGE_REGIONS) {
        s->large_addr[s->n_large] = va & mask;
        s->large_mask[s->n_large++] = mask;
        return;
    }
    /* Widen the region closest to va (longest common prefix) until it holds va. */
    int best = 0;
    for (int i = 1; i < s->n_large; i++)
        if (((s->large_addr[i] ^ va) & s->large_mask[i]) < ((s->large_addr[best] ^ va) & s->large_mask[best]))
            best = i;
    mask &= s->large_mask[best];
    while ((s->large_addr[best] ^ va) & mask)
        mask <<= 1;
    s->large_addr[best] &= mask;
    s->large_mask[best] = mask;
}

bool softmmu_init_hart(VCPU *cpu)
{
    cpu->stlb = calloc(1, sizeof(SoftTLB));
    if (cpu->stlb)
        pthread_mutex_init(&cpu->stlb->tlb_lock, NULL);
    if (!cpu->stlb)
        return false;
    CpuSide *cs = cpu_side(cpu);
    unsigned bits = cs->tlb_policy == 3 ? TLB_MAX_BITS : TLB_MIN_BITS;
    for (int i = 0; i < GUEST_NB_MMU_MODES; i++)
        if (!tlb_alloc(cpu, i, bits))
            return false;
    return true;
}

unsigned tlb_sizing_decide(int policy, SoftTLBIdx *t, int64_t now)
{
    double rate = (double)t->used / (double)((size_t)1 << t->bits);
    if (policy >= 2)
        return t->bits;
    if (policy == 1 || now - t->window_start_ns > HISTORY_NS) {
        t->window_start_ns = now;
        t->window_max = rate;
    } else if (rate > t->window_max) {
        t->window_max = rate;
    }
    if (rate > 0.7 && t->bits < TLB_MAX_BITS)
        return t->bits + 1;
    if (t->window_max < 0.3 && t->bits > TLB_MIN_BITS)
        return t->bits - 1;
    return t->bits;
}

/* Keep only the global entries of table i (their indexes stay in the filled list). */
static void drop_nonglobal(VCPU *cpu, int i)
{
    SoftTLBIdx *x = &cpu->stlb->idx[i];
    TLBEntry *t = cpu->tlb_fast[i].table;
    size_t n = tlb_entries(cpu, i);
    if (x->used > n) {   /* list incomplete: everything goes */
        memset(t, 0xff, n * sizeof(TLBEntry));
        x->used = 0;
        return;
    }
    uint64_t kept = 0;
    for (uint64_t j = 0; j < x->used; j++) {
        uint32_t k = x->filled[j];
        if (t[k].addr_read == UINT64_MAX && t[k].addr_write == UINT64_MAX &&
            t[k].addr_code == UINT64_MAX)
            continue;   /* already gone (or listed twice) */
        if (x->phys[k] & PHYS_GLOBAL)
            x->filled[kept++] = k;
        else
            memset(&t[k], 0xff, sizeof(TLBEntry));
    }
    x->used = kept;
}

/* Every flush sizes the tables first (the seed's decision point). keep_global: satp moved to
 * another address space; global entries (the kernel's, on Linux) and the M-mode table (no
 * translation) stay, every other entry goes. Otherwise everything goes, lazily: only the
 * entries filled since the previous flush are cleared. */
static void tlb_flush_tables(VCPU *cpu, bool keep_global)
{
    SoftTLB *s = cpu->stlb;
    CpuSide *cs = cpu_side(cpu);
    int64_t now = machine_now_ns();
    s->flushes++;
    for (int i = 0; i < GUEST_NB_MMU_MODES; i++) {
        if (keep_global && i == RV_MMU_M)
            continue;
        SoftTLBIdx *t = &s->idx[i];
        unsigned nb = tlb_sizing_decide(cs->tlb_policy, t, now);
        size_t n = tlb_entries(cpu, i);
        if (nb != t->bits && tlb_alloc(cpu, i, nb)) {
            s->resizes++;
            continue;
        }
        t->evictions = 0;
        if (keep_global) {
            drop_nonglobal(cpu, i);
            continue;
        }
        if (t->used <= n / 4) {
            for (uint64_t k = 0; k < t->used; k++)
                memset(&cpu->tlb_fast[i].table[t->filled[k]], 0xff, sizeof(TLBEntry));
        } else {
            memset(cpu->tlb_fast[i].table, 0xff, n * sizeof(TLBEntry));
        }
        t->used = 0;
    }
    if (!keep_global)
        s->n_large = 0;
    jc_clear(cpu);
}

void softmmu_flush(VCPU *cpu)
{
    pthread_mutex_lock(&cpu->stlb->tlb_lock);
    tlb_flush_tables(cpu, false);
    pthread_mutex_unlock(&cpu->stlb->tlb_lock);
}

void softmmu_flush_nonglobal(VCPU *cpu)
{
    pthread_mutex_lock(&cpu->stlb->tlb_lock);
    tlb_flush_tables(cpu, true);
    pthread_mutex_unlock(&cpu->stlb->tlb_lock);
}

static void flush_page_locked(VCPU *cpu, uint64_t va);

void softmmu_flush_page(VCPU *cpu, uint64_t va)
{
    pthread_mutex_lock(&cpu->stlb->tlb_lock);
    flush_page_locked(cpu, va);
    pthread_mutex_unlock(&cpu->stlb->tlb_lock);
}

static void flush_page_locked(VCPU *cpu, uint64_t va)
{
    SoftTLB *s = cpu->stlb;
    s->page_flushes++;
    uint64_t vpage = va & PAGE_MASK;
    uint64_t span = GM_PAGE_SIZE;   /* what the jump cache must forget */
    if (in_large(s, va)) {
        /* va may lie in a superpage whose 4 KiB parts sit in many entries: drop every entry
         * cached from a superpage that contains va (phys[] keeps each entry's leaf level). */
        s->page_flushes_full++;
        for (int i = 0; i < GUEST_NB_MMU_MODES; i++) {
            TLBEntry *t = cpu->tlb_fast[i].table;
            const uint64_t *phys = s->idx[i].phys;
            const uint32_t *list;
            size_t cnt = valid_entries(cpu, i, &list);
            for (size_t j = 0; j < cnt; j++) {
                size_t k = list ? list[j] : j;
                unsigned level = (unsigned)(phys[k] & 7);
                if (!level)
                    continue;
                uint64_t tag = t[k].addr_read != UINT64_MAX ? t[k].addr_read :
                               t[k].addr_write != UINT64_MAX ? t[k].addr_write : t[k].addr_code;
                uint64_t size = (uint64_t)GM_PAGE_SIZE << (9 * level);
                if (tag != UINT64_MAX && (((tag ^ va) & ~(size - 1)) & PAGE_MASK) == 0) {
                    memset(&t[k], 0xff, sizeof(t[k]));
                    if (size > span)
                        span = size;
                }
            }
        }
    }
    uint64_t jmask = ~(span - 1) & ((1ull << 57) - 1);   /* bits 57-63 carry the key */
    for (int i = 0; i < GUEST_NB_MMU_MODES; i++) {
        TLBEntry *e = &cpu->tlb_fast[i].table[tlb_index(cpu, i, va)];
        if ((e->addr_read & ~TAG_FLAGS) == vpage || (e->addr_write & ~TAG_FLAGS) == vpage ||
            e->addr_code == vpage)
            memset(e, 0xff, sizeof(*e));
    }
    if (span == GM_PAGE_SIZE) {
        unsigned b = jc_page_bit(vpage);
        if (!((s->jc_pages[b >> 6] >> (b & 63)) & 1))
            return;   /* no block of this page was looked up: not in the jump cache */
    }
    for (unsigned i = 0; i < QELT_JC_SIZE; i++)
        if (((cpu->jc[i].pc ^ vpage) & jmask) == 0)
            vcpu_jc_clear(cpu->jc, i);
}

/* ---- code pages ---- */

static bool ram_page(const Machine *m, uint64_t pa, uint64_t *n)
{
    if (!m->ram || pa < m->ram_base || pa - m->ram_base >= m->ram_size)
        return false;
    *n = (pa - m->ram_base) >> GM_PAGE_BITS;
    return true;
}

static bool is_code_page(const CpuSide *cs, uint64_t pa)
{
    uint64_t n;
    return ram_page(cs->m, pa, &n) && (cs->code_bits[n >> 3] >> (n & 7)) & 1;
}

void softmmu_code_page_changed(void *opaque, uint64_t ppage, bool has_code)
{
    CpuSide *cs = opaque;
    Machine *m = cs->m;
    uint64_t n;
    if (!ram_page(m, ppage, &n))
        return;   /* ROM is never written */
    if (!has_code) {
        __atomic_and_fetch(&cs->code_bits[n >> 3], (uint8_t)~(1u << (n & 7)), __ATOMIC_SEQ_CST);
        return;
    }
    uint8_t old = __atomic_fetch_or(&cs->code_bits[n >> 3], (uint8_t)(1u << (n & 7)),
                                    __ATOMIC_SEQ_CST);
    if (old & (1u << (n & 7)))
        return;   /* already a code page: its write entries are marked */
    /* Stores to the page must now take the slow path on every hart (another hart's tables
     * under its tlb_lock: it may be refilling or resizing them on its own thread). */
    for (int h = 0; h < m->n_harts; h++) {
        VCPU *cpu = m->harts[h];
        if (!cpu || !cpu->stlb)
            continue;
        pthread_mutex_lock(&cpu->stlb->tlb_lock);
        for (int i = 0; i < GUEST_NB_MMU_MODES; i++) {
            TLBEntry *t = cpu->tlb_fast[i].table;
            const uint64_t *phys = cpu->stlb->idx[i].phys;
            const uint32_t *list;
            size_t cnt = valid_entries(cpu, i, &list);
            for (size_t j = 0; j < cnt; j++) {
                size_t k = list ? list[j] : j;
                if ((phys[k] & PAGE_MASK) == ppage && t[k].addr_write != UINT64_MAX)
                    __atomic_or_fetch(&t[k].addr_write, TLB_CODE, __ATOMIC_RELAXED);
            }
        }
        pthread_mutex_unlock(&cpu->stlb->tlb_lock);
    }
}

void machine_notify_code_write(Machine *m, uint64_t pa, uint64_t len)
{
    CpuSide *cs = m->cpu_side;
    if (!cs || !len)
        return;
    for (uint64_t p = pa & PAGE_MASK; p < pa + len && p >= (pa & PAGE_MASK); p += GM_PAGE_SIZE)
        if (is_code_page(cs, p))
            rt_invalidate_phys_page(cs->rt, p);
}

/* ---- filling entries ---- */

static int idx_prv(int idx)
{
    return idx == RV_MMU_M ? PRV_M : idx == RV_MMU_U ? PRV_U : PRV_S;
}

/* Translate va for an access of size bytes of kind acc under MMU index idx and fill its entry.
 * 0 and *out, or the cause. When PMP grants the access but not the whole page, the entry's
 * tags carry TLB_INVALID: usable for this access only, every later one comes back here. */
static int tlb_fill_locked(VCPU *cpu, uint64_t va, int size, int acc, int idx, TLBEntry **out);

/* Fill under the hart's tlb_lock: the code-page check and the entry's write are atomic with
 * respect to another hart marking the page (softmmu_code_page_changed). */
static int tlb_fill(VCPU *cpu, uint64_t va, int size, int acc, int idx, TLBEntry **out)
{
    pthread_mutex_lock(&cpu->stlb->tlb_lock);
    int r = tlb_fill_locked(cpu, va, size, acc, idx, out);
    pthread_mutex_unlock(&cpu->stlb->tlb_lock);
    return r;
}

static int tlb_fill_locked(VCPU *cpu, uint64_t va, int size, int acc, int idx, TLBEntry **out)
{
    CpuSide *cs = cpu_side(cpu);
    Machine *m = cs->m;
    uint64_t pa;
    int prot;
    int r = rv_translate(cpu, va, acc, idx, &pa, &prot);
    if (r)
        return r;
    int prv = acc == RV_ACC_FETCH ? (int)cpu->priv.prv : idx_prv(idx);
    uint64_t ppage = pa & PAGE_MASK, vpage = va & PAGE_MASK;
    static const int accs[3] = { RV_ACC_READ, RV_ACC_WRITE, RV_ACC_FETCH };
    for (int k = 0; k < 3; k++)
        if ((prot & (1 << k)) && !rv_pmp_ok(cpu, ppage, GM_PAGE_SIZE, accs[k], prv))
            prot &= ~(1 << k);
    int need = acc == RV_ACC_READ ? 1 : acc == RV_ACC_WRITE ? 2 : 4;
    uint64_t once = 0;
    if (!(prot & need)) {
        if (!rv_pmp_ok(cpu, pa, (uint64_t)size, acc, prv))
            return rv_fault_cause(acc, false);
        prot |= need;
        once = TLB_INVALID;
    }
    int level = prot >> 8;
    uint64_t gflag = (prot & RV_PROT_GLOBAL) ? PHYS_GLOBAL : 0;
    if (level)
        add_large(cpu->stlb, va, ~(((uint64_t)GM_PAGE_SIZE << (9 * level)) - 1));
    SoftTLBIdx *x = &cpu->stlb->idx[idx];
    if (x->evictions > (2ull << x->bits) && x->bits < TLB_MAX_BITS && cs->tlb_policy <= 1 &&
        tlb_alloc(cpu, idx, x->bits + 1))
        cpu->stlb->resizes++;   /* conflict misses between flushes: grow now */
    size_t i = tlb_index(cpu, idx, va);
    TLBEntry *e = &cpu->tlb_fast[idx].table[i];
    if (e->addr_read == UINT64_MAX && e->addr_write == UINT64_MAX && e->addr_code == UINT64_MAX) {
        if (x->used < tlb_entries(cpu, idx))
            x->filled[x->used] = (uint32_t)i;
        x->used++;
    } else {
        x->evictions++;
    }
    cpu->stlb->fills++;
    uint8_t *host = NULL;
    uint64_t wflag = 0;
    if (m->ram && ppage >= m->ram_base && ppage - m->ram_base < m->ram_size) {
        host = m->ram + (ppage - m->ram_base);
        wflag = is_code_page(cs, ppage) ? TLB_CODE : 0;
    } else if (m->rom && ppage >= m->rom_base && ppage - m->rom_base < m->rom_size) {
        host = m->rom + (ppage - m->rom_base);
        wflag = TLB_MMIO;   /* writes to ROM go to the slow path, which drops them */
    } else if (machine_find_mmio(m, pa)) {
        if (acc == RV_ACC_FETCH)
            return rv_fault_cause(acc, false);
        e->addend = 0;
        e->addr_read = (prot & 1) ? vpage | TLB_MMIO | once : UINT64_MAX;
        e->addr_write = (prot & 2) ? vpage | TLB_MMIO | once : UINT64_MAX;
        e->addr_code = UINT64_MAX;
        cpu->stlb->idx[idx].phys[i] = ppage | (uint64_t)level | gflag;
        *out = e;
        return 0;
    } else {
        return rv_fault_cause(acc, false);
    }
    e->addend = (uintptr_t)host - vpage;
    e->addr_read = (prot & 1) ? vpage | once : UINT64_MAX;
    e->addr_write = (prot & 2) ? vpage | wflag | once : UINT64_MAX;
    e->addr_code = (prot & 4) ? vpage | once : UINT64_MAX;
    cpu->stlb->idx[idx].phys[i] = ppage | (uint64_t)level | gflag;
    *out = e;
    return 0;
}

static int tlb_get(VCPU *cpu, uint64_t va, int size, int acc, int idx, TLBEntry **out,
                   uint64_t *pa)
{
    size_t i = tlb_index(cpu, idx, va);
    TLBEntry *e = &cpu->tlb_fast[idx].table[i];
    uint64_t tag = acc == RV_ACC_READ ? e->addr_read : acc == RV_ACC_WRITE ? e->addr_write :
                   e->addr_code;
    if (tag == UINT64_MAX || (tag & TLB_INVALID) || (tag & ~TAG_FLAGS) != (va & PAGE_MASK)) {
        int r = tlb_fill(cpu, va, size, acc, idx, &e);
        if (r)
            return r;
        i = tlb_index(cpu, idx, va);   /* the fill may have grown the table */
    }
    *out = e;
    *pa = (cpu->stlb->idx[idx].phys[i] & PAGE_MASK) | (va & (GM_PAGE_SIZE - 1));
    return 0;
}

/* ---- the slow path ---- */

static void __attribute__((noreturn)) slow_raise(VCPU *cpu, uintptr_t ret, int cause, uint64_t tval)
{
    rt_restore_from_slow_path(cpu, ret);
    cpu->priv.pending_excp = cause;
    cpu->priv.pending_tval = tval;
    cpu_loop_exit(cpu, EXIT_EXCEPTION);
}

static uint64_t mmio_access(VCPU *cpu, uint64_t pa, unsigned size, bool write, uint64_t val,
                            bool *ok)
{
    Machine *m = cpu->machine;
    const MMIORegion *r = machine_find_mmio(m, pa);
    uint64_t v = 0;
    *ok = true;
    if (!r) {
        /* ROM: reads come from its entry's host page, writes are dropped. */
        *ok = m->rom && pa >= m->rom_base && pa - m->rom_base < m->rom_size;
        if (*ok && !write)
            memcpy(&v, m->rom + (pa - m->rom_base), size);
        return v;
    }
    pthread_mutex_lock(&m->io_lock);
    if (write)
        r->ops->write(r->dev, pa - r->base, val, size);
    else
        v = r->ops->read(r->dev, pa - r->base, size);
    pthread_mutex_unlock(&m->io_lock);
    if (write && m->shutdown)
        cpu_exit_request(cpu);
    return v;
}

static uint64_t extend(uint64_t v, int mo)
{
    int bits = 8 << (mo & MO_SIZE);
    if (bits == 64)
        return v;
    if (mo & MO_SIGN)
        return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    return v & ((1ull << bits) - 1);
}

static uint64_t atomic_op(int aop, uint64_t old, uint64_t v, int size)
{
    int64_t so = size == 4 ? (int32_t)old : (int64_t)old, sv = size == 4 ? (int32_t)v : (int64_t)v;
    uint64_t uo = size == 4 ? (uint32_t)old : old, uv = size == 4 ? (uint32_t)v : v;
    switch (aop) {
    case IR_AXCHG: return v;
    case IR_AADD:  return old + v;
    case IR_AAND:  return old & v;
    case IR_AOR:   return old | v;
    case IR_AXOR:  return old ^ v;
    case IR_ASMIN: return so < sv ? old : v;
    case IR_ASMAX: return so > sv ? old : v;
    case IR_AUMIN: return uo < uv ? old : v;
    case IR_AUMAX: return uo > uv ? old : v;
    default:       return v;
    }
}

static uint64_t ram_access(VCPU *cpu, uint8_t *host, int mo, int kind, int aop, int size);

/* One access within a page: translate, then RAM, ROM or MMIO. */
static uint64_t access_in_page(VCPU *cpu, uintptr_t ret, uint64_t va, int mo, int kind, int aop)
{
    CpuSide *cs = cpu_side(cpu);
    int size = 1 << (mo & MO_SIZE), idx = (mo & MO_MMU_MASK) >> MO_MMU_SHIFT;
    int acc = kind == MMU_K_LOAD ? RV_ACC_READ : RV_ACC_WRITE;
    TLBEntry *e;
    uint64_t pa;
    int r = tlb_get(cpu, va, size, acc, idx, &e, &pa);
    if (r)
        slow_raise(cpu, ret, r, va);
    uint64_t tag = acc == RV_ACC_READ ? e->addr_read : e->addr_write;
    cpu->stlb->slow++;
    if (tag & TLB_MMIO) {
        cpu->stlb->slow_mmio++;
        bool ok;
        uint64_t old = 0;
        if (kind != MMU_K_STORE)
            old = mmio_access(cpu, pa, (unsigned)size, false, 0, &ok);
        uint64_t nv = kind == MMU_K_STORE ? cpu->mmu_val :
                      kind == MMU_K_ATOMIC ? atomic_op(aop, old, cpu->mmu_val, size) :
                      kind == MMU_K_CMPXCHG ? (extend(old, mo & MO_SIZE) == extend(cpu->mmu_val, mo & MO_SIZE) ? cpu->mmu_val2 : old) : 0;
        if (kind != MMU_K_LOAD)
            mmio_access(cpu, pa, (unsigned)size, true, extend(nv, mo & MO_SIZE), &ok);
        if (!ok)
            slow_raise(cpu, ret, rv_fault_cause(acc, false), va);
        return kind == MMU_K_LOAD ? extend(old, mo) : extend(old, mo & MO_SIZE);
    }
    uint8_t *host = (uint8_t *)(e->addend + va);
    if (acc != RV_ACC_WRITE || !(tag & TLB_CODE))
        return ram_access(cpu, host, mo, kind, aop, size);
    /* A store to a page that holds (or held) translated code: the store first, then the
     * invalidation. A translation of the page starting on another hart marks the page as code
     * (sequentially consistent) before it reads the code: either that translation reads what we
     * stored, or we see the mark here and drop it (the runtime's page generation). */
    cpu->stlb->slow_code++;
    uint64_t result = ram_access(cpu, host, mo, kind, aop, size);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    machine_notify_code_write(cs->m, pa, (uint64_t)size);
    /* No code left: later stores go the fast way. Under tlb_lock, as another hart marking the
     * page again sets TLB_CODE under it (after setting the page's code bit). */
    pthread_mutex_lock(&cpu->stlb->tlb_lock);
    if (!is_code_page(cs, pa))
        __atomic_and_fetch(&e->addr_write, ~TLB_CODE, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&cpu->stlb->tlb_lock);
    return result;
}

/* The access itself on RAM at host (a write, an AMO or a compare-and-swap: host atomics). */
static uint64_t ram_access(VCPU *cpu, uint8_t *host, int mo, int kind, int aop, int size)
{
    uint64_t v = cpu->mmu_val;
    switch (kind) {
    case MMU_K_LOAD: {
        uint64_t x = 0;
        memcpy(&x, host, (size_t)size);
        return extend(x, mo);
    }
    case MMU_K_STORE:
        memcpy(host, &v, (size_t)size);
        return 0;
    case MMU_K_CMPXCHG:
        if (size == 4) {
            uint32_t ex = (uint32_t)v;
            __atomic_compare_exchange_n((uint32_t *)host, &ex, (uint32_t)cpu->mmu_val2, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            return ex;
        } else {
            uint64_t ex = v;
            __atomic_compare_exchange_n((uint64_t *)host, &ex, cpu->mmu_val2, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
            return ex;
        }
    default:
        if (size == 4) {
            uint32_t old = __atomic_load_n((uint32_t *)host, __ATOMIC_SEQ_CST);
            while (!__atomic_compare_exchange_n((uint32_t *)host, &old,
                                                (uint32_t)atomic_op(aop, old, v, 4), false,
                                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
                ;
            return old;
        } else {
            uint64_t old = __atomic_load_n((uint64_t *)host, __ATOMIC_SEQ_CST);
            while (!__atomic_compare_exchange_n((uint64_t *)host, &old,
                                                atomic_op(aop, old, v, 8), false,
                                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
                ;
            return old;
        }
    }
}

uint64_t softmmu_slow(VCPU *cpu, uintptr_t ret)
{
    uint64_t va = cpu->mmu_addr;
    uint32_t oi = cpu->mmu_oi;
    int mo = (int)(oi & 0xff), kind = (int)((oi >> 8) & 0xf), aop = (int)(oi >> 12);
    int size = 1 << (mo & MO_SIZE);
    if ((va & (uint64_t)(size - 1)) && ((mo & MO_ALIGN) || kind >= MMU_K_ATOMIC))
        slow_raise(cpu, ret, kind == MMU_K_LOAD ? EXC_LOAD_MISALIGNED : EXC_STORE_MISALIGNED, va);
    if ((va & (GM_PAGE_SIZE - 1)) + (uint64_t)size <= GM_PAGE_SIZE)
        return access_in_page(cpu, ret, va, mo, kind, aop);
    /* Crossing a page: both pages are checked before any byte is stored. */
    cpu->stlb->slow_cross++;
    int bmo = mo & MO_MMU_MASK;
    int acc = kind == MMU_K_LOAD ? RV_ACC_READ : RV_ACC_WRITE;
    TLBEntry *e;
    uint64_t pa;
    uint64_t second = (va + (uint64_t)size - 1) & PAGE_MASK;
    int idx = (mo & MO_MMU_MASK) >> MO_MMU_SHIFT;
    int r = tlb_get(cpu, va, 1, acc, idx, &e, &pa);
    if (r)
        slow_raise(cpu, ret, r, va);
    r = tlb_get(cpu, second, 1, acc, idx, &e, &pa);
    if (r)
        slow_raise(cpu, ret, r, second);
    uint64_t v = cpu->mmu_val, result = 0;
    for (int i = 0; i < size; i++) {
        cpu->mmu_val = v >> (8 * i);
        uint64_t b = access_in_page(cpu, ret, va + (uint64_t)i, bmo, kind, 0);
        result |= (b & 0xff) << (8 * i);
    }
    cpu->mmu_val = v;
    return kind == MMU_K_LOAD ? extend(result, mo) : 0;
}

/* ---- helpers' accesses (runtime.h rt_guest_probe / rt_guest_io) ---- */

static void __attribute__((noreturn)) helper_raise(VCPU *cpu, int cause, uint64_t tval)
{
    cpu->priv.pending_excp = cause;
    cpu->priv.pending_tval = tval;
    cpu_loop_exit(cpu, EXIT_EXCEPTION);
}

void *softmmu_probe(VCPU *cpu, uint64_t va, uint32_t len, int flags, int idx)
{
    bool write = flags & RT_PROBE_WRITE;
    int acc = write ? RV_ACC_WRITE : RV_ACC_READ;
    TLBEntry *e;
    uint64_t pa;
    int r = tlb_get(cpu, va, (int)len, acc, idx, &e, &pa);
    if (r) {
        if (flags & RT_PROBE_NOFAULT)
            return RT_PROBE_FAULT;
        helper_raise(cpu, r, va);
    }
    uint64_t tag = write ? e->addr_write : e->addr_read;
    if (tag & TLB_MMIO)
        return NULL;
    if (write && (tag & TLB_CODE)) {
        CpuSide *cs = cpu_side(cpu);
        machine_notify_code_write(cs->m, pa, len);
        if (!is_code_page(cs, pa))
            e->addr_write &= ~TLB_CODE;
        cpu->helper_code_write = 1;
    }
    return (void *)(e->addend + va);
}

uint64_t softmmu_io(VCPU *cpu, uint64_t va, unsigned size, bool write, uint64_t val, int idx)
{
    int acc = write ? RV_ACC_WRITE : RV_ACC_READ;
    TLBEntry *e;
    uint64_t pa;
    int r = tlb_get(cpu, va, (int)size, acc, idx, &e, &pa);
    if (r)
        helper_raise(cpu, r, va);
    bool ok;
    uint64_t v = mmio_access(cpu, pa, size, write, val, &ok);
    if (!ok)
        helper_raise(cpu, rv_fault_cause(acc, false), va);
    return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

/* ---- instruction fetch ---- */

static int fetch_idx(const VCPU *cpu)
{
    return cpu->priv.prv == PRV_M ? RV_MMU_M : cpu->priv.prv == PRV_S ? RV_MMU_S : RV_MMU_U;
}

static int code_translate(VCPU *cpu, uint64_t va, uint64_t *pa, const uint8_t **host)
{
    TLBEntry *e;
    int r = tlb_get(cpu, va, 2, RV_ACC_FETCH, fetch_idx(cpu), &e, pa);
    if (r)
        return r;
    *host = (const uint8_t *)(e->addend + va);
    return 0;
}

bool softmmu_tb_key(VCPU *cpu, uint64_t pc, uint64_t *phys, uint32_t *flags)
{
    uint32_t f = rv_tb_flags(cpu);
    cpu->jc_key = vcpu_jc_key(f, true);
    *flags = f;
    unsigned b = jc_page_bit(pc & PAGE_MASK);   /* the runtime may put pc in the jump cache */
    cpu->stlb->jc_pages[b >> 6] |= 1ull << (b & 63);
    const uint8_t *host;
    int r = code_translate(cpu, pc, phys, &host);
    if (r) {
        cpu->priv.pending_excp = r;
        cpu->priv.pending_tval = pc;
        return false;
    }
    return true;
}

const uint8_t *softmmu_code_page(VCPU *cpu, uint64_t va, uint64_t *phys)
{
    uint64_t pa;
    const uint8_t *host;
    if (code_translate(cpu, va & PAGE_MASK, &pa, &host))
        return NULL;
    if (phys)
        *phys = pa;
    return host;
}

void softmmu_fetch_fault(VCPU *cpu, uint64_t pc)
{
    uint64_t pa;
    const uint8_t *host;
    uint64_t at = pc;
    int r = code_translate(cpu, pc, &pa, &host);
    if (!r) {
        at = (pc & PAGE_MASK) + GM_PAGE_SIZE;
        r = code_translate(cpu, at, &pa, &host);
    }
    if (r) {
        cpu->priv.pending_excp = r;
        cpu->priv.pending_tval = at;
    }
}

uint32_t softmmu_insn_bits(VCPU *cpu, uint64_t pc)
{
    const uint8_t *p = softmmu_code_page(cpu, pc, NULL);
    if (!p)
        return 0;
    uint32_t lo = p[pc & 0xfff] | (uint32_t)p[(pc + 1) & 0xfff] << 8;
    if ((pc & 0xfff) == 0xfff) {
        const uint8_t *n = softmmu_code_page(cpu, pc + 1, NULL);
        lo = p[0xfff] | (n ? (uint32_t)n[0] << 8 : 0);
    }
    if ((lo & 3) != 3)
        return lo;
    uint64_t hi_pc = pc + 2;
    const uint8_t *q = softmmu_code_page(cpu, hi_pc, NULL);
    if (!q)
        return lo;
    uint32_t hi = q[hi_pc & 0xfff] | (uint32_t)q[(hi_pc + 1) & 0xfff] << 8;
    return lo | hi << 16;
}

bool softmmu_plugin_hwaddr(void *opaque, VCPU *cpu, uint64_t vaddr, bool store, uint64_t *pa,
                           bool *is_io, const char **device)
{
    int idx = rv_data_mmu_idx(cpu);
    size_t i = tlb_index(cpu, idx, vaddr);
    const TLBEntry *e = &cpu->tlb_fast[idx].table[i];
    uint64_t tag = store ? e->addr_write : e->addr_read;
    int prot;
    if (tag != UINT64_MAX && (tag & ~TAG_FLAGS) == (vaddr & PAGE_MASK))
        *pa = (cpu->stlb->idx[idx].phys[i] & PAGE_MASK) | (vaddr & (GM_PAGE_SIZE - 1));
    else if (rv_translate(cpu, vaddr, store ? RV_ACC_WRITE : RV_ACC_READ, idx, pa, &prot))
        return false;
    const MMIORegion *r = machine_find_mmio(cpu->machine, *pa);
    *is_io = r != NULL;
    *device = r ? r->name : "RAM";
    return true;
}

uint64_t *softmmu_pte_ptr(VCPU *cpu, uint64_t pa)
{
    Machine *m = cpu->machine;
    if ((pa & 7) || !m->ram || pa < m->ram_base || pa - m->ram_base > m->ram_size - 8)
        return NULL;
    return (uint64_t *)(m->ram + (pa - m->ram_base));
}

bool softmmu_virt_rw(VCPU *cpu, uint64_t va, void *buf, uint64_t len, bool write)
{
    uint8_t *b = buf;
    while (len) {
        uint64_t chunk = GM_PAGE_SIZE - (va & (GM_PAGE_SIZE - 1));
        if (chunk > len)
            chunk = len;
        uint64_t pa;
        int prot;
        if (rv_translate(cpu, va, write ? RV_ACC_WRITE : RV_ACC_READ, rv_data_mmu_idx(cpu), &pa, &prot))
            return false;
        if (!machine_phys_rw(cpu->machine, pa, b, chunk, write))
            return false;
        va += chunk, b += chunk, len -= chunk;
    }
    return true;
}
