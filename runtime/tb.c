/*
 * The code cache: translating guest blocks, finding them again, chaining and invalidating.
 *
 * Lookup goes per-vCPU jump cache -> global hash table -> translate. Translation runs the guest
 * front end, the optimizer and the back end of the vCPU's translator into its current chunk of
 * the code cache (linear allocation within the chunk; when no chunk is left, everything is
 * flushed in an exclusive section). Every TB is
 * listed under each guest page it covers, so a write to that page (self-modifying code),
 * munmap or mprotect can drop exactly the affected blocks; the page is write-protected in the
 * host while it has translations.
 *
 * Concurrency (tb.h has the rules): lookups of existing blocks are lock-free reads of the hash
 * table by a vCPU counted as running; a vCPU translates into its own chunk without a lock and
 * publishes the block under its pages' shard locks and a bucket lock; invalidation takes the
 * page's shard lock; chaining takes only jmp_lock; rt->lock only hands out chunks.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "tb.h"
#include "perfmap.h"

/* The bucket of a block's key. The virtual pc counts too: a library's code is one physical
 * page mapped at a different address in each process (full-system). */
static inline unsigned tb_key_hash(const Runtime *rt, uint64_t pc, uint64_t phys, uint32_t flags)
{
    uint64_t h = (phys ^ ((uint64_t)flags << 1) ^ (pc << 17) ^ (pc >> 23)) * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> (64 - rt->hash_bits));
}

/* The jump-cache entry of pc (the generated probe computes the same: runtime/vcpu.h). */
static inline unsigned jc_index(uint64_t pc) { return (unsigned)(pc >> 2) & (QELT_JC_SIZE - 1); }

/* The chunk holding host address hpc (in the cache past the trampolines); the last chunk
 * takes the remainder of the cache. */
static size_t chunk_of(const Runtime *rt, uintptr_t hpc)
{
    size_t c = (size_t)(hpc - (uintptr_t)rt->code_gen_start) / rt->chunk_size;
    return c < rt->n_chunks ? c : rt->n_chunks - 1;
}

/* ---- page -> TB lists ---- */

/* A page's translations keep stores to it on a slow path: host write protection in user mode,
 * the soft-MMU's code-page mark in full-system mode. */
static void code_page_protect(Runtime *rt, uint64_t page)
{
    if (rt->is_sys)
        rt->sys.code_page_changed(rt->sys.opaque, page, true);
    else
        gm_protect_code_page(rt->gm, page);
}

static void code_page_release(Runtime *rt, uint64_t page)
{
    if (rt->is_sys)
        rt->sys.code_page_changed(rt->sys.opaque, page, false);
    else
        gm_unprotect_code_page(rt->gm, page);
}

static inline unsigned shard_of(uint64_t page)
{
    return (unsigned)(((page >> GM_PAGE_BITS) * 0x9e3779b97f4a7c15ull) >> 60) & (PAGE_SHARDS - 1);
}

static inline PageShard *shard(Runtime *rt, uint64_t page) { return &rt->shards[shard_of(page)]; }

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
    return p;
}

static void shard_reset(PageShard *s, unsigned bits)
{
    s->bits = bits;
    s->n = 0;
    for (size_t k = 0; k < ((size_t)1 << bits); k++)
        s->pages[k] = (PageEntry){ UINT64_MAX, NULL, 0 };
}

void rt_shards_init(Runtime *rt)
{
    for (int i = 0; i < PAGE_SHARDS; i++) {
        pthread_mutex_init(&rt->shards[i].lock, NULL);
        rt->shards[i].pages = xmalloc(sizeof(PageEntry) << 6);
        shard_reset(&rt->shards[i], 6);
    }
    for (int i = 0; i < TB_HLOCKS; i++)
        pthread_mutex_init(&rt->hlock[i].m, NULL);
    pthread_mutex_init(&rt->chunk_lock, NULL);
    pthread_mutex_init(&rt->be_lock, NULL);
    rt->retired_head = rt->retired_tail = SIZE_MAX;
}

/* The entry of page in its shard s (s->lock held), created if asked. */
static PageEntry *page_find(PageShard *s, uint64_t page, bool create)
{
    size_t mask = ((size_t)1 << s->bits) - 1;
    size_t i = (size_t)((page >> GM_PAGE_BITS) * 0x9e3779b97f4a7c15ull >> 20) & mask;
    for (;;) {
        PageEntry *e = &s->pages[i];
        if (e->page == page)
            return e;
        if (e->page == UINT64_MAX) {
            if (!create)
                return NULL;
            if ((s->n + 1) * 2 > mask + 1) {
                /* Grow and rehash. */
                PageEntry *old = s->pages;
                size_t oldn = mask + 1;
                s->pages = xmalloc(sizeof(PageEntry) << (s->bits + 1));
                shard_reset(s, s->bits + 1);
                for (size_t k = 0; k < oldn; k++) {
                    if (old[k].page != UINT64_MAX) {
                        PageEntry *n = page_find(s, old[k].page, true);
                        n->first = old[k].first;
                    }
                }
                free(old);
                return page_find(s, page, true);
            }
            e->page = page;
            e->first = NULL;
            e->gen = 0;
            s->n++;
            return e;
        }
        i = (i + 1) & mask;
    }
}

bool rt_page_has_code(Runtime *rt, uint64_t page)
{
    page &= ~(uint64_t)(GM_PAGE_SIZE - 1);
    PageShard *s = shard(rt, page);
    pthread_mutex_lock(&s->lock);
    PageEntry *e = page_find(s, page, false);
    bool r = e && e->first;
    pthread_mutex_unlock(&s->lock);
    return r;
}

/* Lists are tagged pointers: the low bit says which of the TB's page_next links continues.
 * Both with the page's shard lock held. */
static void page_add_tb(Runtime *rt, TranslationBlock *tb, int n)
{
    PageEntry *e = page_find(shard(rt, tb->page[n]), tb->page[n], true);
    tb->page_next[n] = e->first;
    e->first = (TranslationBlock *)((uintptr_t)tb | (uintptr_t)n);
}

static void page_remove_tb(Runtime *rt, TranslationBlock *tb, int n)
{
    PageEntry *e = page_find(shard(rt, tb->page[n]), tb->page[n], false);
    if (!e)
        return;
    TranslationBlock **pp = &e->first;
    while (*pp) {
        TranslationBlock *cur = (TranslationBlock *)((uintptr_t)*pp & ~(uintptr_t)1);
        int k = (int)((uintptr_t)*pp & 1);
        if (cur == tb && k == n) {
            *pp = cur->page_next[k];
            return;
        }
        pp = &cur->page_next[k];
    }
}

/* Lock the shards of a block's pages (page1 may be -1) in ascending order. */
static void shards_lock(Runtime *rt, uint64_t page0, uint64_t page1)
{
    unsigned a = shard_of(page0), b = page1 == UINT64_MAX ? a : shard_of(page1);
    if (a > b) {
        unsigned t = a;
        a = b;
        b = t;
    }
    pthread_mutex_lock(&rt->shards[a].lock);
    if (b != a)
        pthread_mutex_lock(&rt->shards[b].lock);
}

static void shards_unlock(Runtime *rt, uint64_t page0, uint64_t page1)
{
    unsigned a = shard_of(page0), b = page1 == UINT64_MAX ? a : shard_of(page1);
    pthread_mutex_unlock(&rt->shards[a].lock);
    if (b != a)
        pthread_mutex_unlock(&rt->shards[b].lock);
}

/* Every shard (ascending) and the chaining lock: a flush or a fork. */
static void all_locks(Runtime *rt, bool take)
{
    for (int i = 0; i < PAGE_SHARDS; i++) {
        if (take)
            pthread_mutex_lock(&rt->shards[i].lock);
        else
            pthread_mutex_unlock(&rt->shards[i].lock);
    }
    if (take)
        pthread_mutex_lock(&rt->jmp_lock);
    else
        pthread_mutex_unlock(&rt->jmp_lock);
}

void rt_fork_locks(Runtime *rt, int how)
{
    if (how < 2) {
        all_locks(rt, how == 0);
        return;
    }
    pthread_mutex_init(&rt->jmp_lock, NULL);
    pthread_mutex_init(&rt->chunk_lock, NULL);
    pthread_mutex_init(&rt->be_lock, NULL);
    pthread_mutex_init(&rt->vcpus_lock, NULL);
    for (int i = 0; i < PAGE_SHARDS; i++)
        pthread_mutex_init(&rt->shards[i].lock, NULL);
    for (int i = 0; i < TB_HLOCKS; i++)
        pthread_mutex_init(&rt->hlock[i].m, NULL);
}

/* ---- chaining ---- */

static inline bool tb_is_valid(const TranslationBlock *tb)
{
    return __atomic_load_n(&tb->valid, __ATOMIC_ACQUIRE);
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

void rt_lock(Runtime *rt, VCPU *cpu, pthread_mutex_t *m)
{
    (void)rt;
    if (pthread_mutex_trylock(m) == 0)
        return;
    double t0 = now_ns();
    pthread_mutex_lock(m);
    if (cpu) {
        cpu->stat_lock_waits++;
        cpu->stat_lock_wait_ns += now_ns() - t0;
    }
}

static void tb_chain_locked(VCPU *cpu, TranslationBlock *from, int slot, TranslationBlock *to)
{
    if (!from->valid || !to->valid || from->jmp_field[slot] == UINT32_MAX || from->jmp_dest[slot])
        return;
    if (to->n_jmp_in == to->max_jmp_in) {
        int n = to->max_jmp_in ? to->max_jmp_in * 2 : 4;
        TBJmpIn *p = realloc(to->jmp_in, (size_t)n * sizeof(TBJmpIn));
        if (!p)
            return;
        to->jmp_in = p;
        to->max_jmp_in = n;
    }
    to->jmp_in[to->n_jmp_in++] = (TBJmpIn){ from, slot };
    from->jmp_dest[slot] = to;
    /* A jump to a block further on (higher pc) enters past its exit_request check: every
     * cycle of chained blocks has a jump to the same or a lower pc, which keeps the check, so
     * a request is still seen within a bounded number of blocks; entries through the jump
     * cache and the dispatcher always check. */
    uint32_t entry = to->pc > from->pc ? to->chain_entry : 0;
    backend_patch_jump(from->code + from->jmp_field[slot], to->code + entry);
    if (cpu)
        cpu->st.chained++;
}

void tb_chain(Runtime *rt, VCPU *cpu, TranslationBlock *from, int slot, TranslationBlock *to)
{
    rt_lock(rt, cpu, &rt->jmp_lock);
    tb_chain_locked(cpu, from, slot, to);
    pthread_mutex_unlock(&rt->jmp_lock);
}

static void chunk_unref(Runtime *rt, size_t c);

/* ---- jump caches (tb.h: only their owner writes them outside a flush) ---- */

static void jc_drop(VCPU *cpu, uint64_t pc, const void *code)
{
    unsigned i = jc_index(pc);
    if (__atomic_load_n(&cpu->jc[i].code, __ATOMIC_RELAXED) == code)
        vcpu_jc_clear(cpu->jc, i);
}

static void jc_post(VCPU *cpu, uint64_t pc, void *code)
{
    pthread_mutex_lock(&cpu->jcq_lock);
    JCQueue *q = &cpu->jcq;
    if (q->n < QELT_JCQ_SIZE) {
        q->e[q->n].pc = pc;
        q->e[q->n].code = code;
        q->n++;
    } else {
        q->all = 1;
    }
    __atomic_store_n(&q->pending, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&cpu->jcq_lock);
    cpu_exit_request(cpu);
}

void rt_jc_drain(VCPU *cpu)
{
    if (!__atomic_load_n(&cpu->jcq.pending, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&cpu->jcq_lock);
    JCQueue *q = &cpu->jcq;
    if (q->all) {
        for (unsigned i = 0; i < QELT_JC_SIZE; i++)
            vcpu_jc_clear(cpu->jc, i);
    } else {
        for (uint32_t i = 0; i < q->n; i++)
            jc_drop(cpu, q->e[i].pc, q->e[i].code);
    }
    q->n = 0;
    q->all = 0;
    __atomic_store_n(&q->pending, 0, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&cpu->jcq_lock);
}

/* tb just turned invalid: no jump cache may keep it. */
static void jc_forget(Runtime *rt, TranslationBlock *tb)
{
    uint64_t mask = __atomic_load_n(&tb->jc_cpus, __ATOMIC_SEQ_CST);
    if (!mask)
        return;
    VCPU *self = rt_self;
    if (self && (mask & self->jc_bit)) {
        jc_drop(self, tb->pc, tb_jc_code(tb));
        if (self->jc_bit == mask)
            return;
    }
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus; v++) {
        VCPU *c = rt->vcpus[v];
        if (c != self && (mask & c->jc_bit))
            jc_post(c, tb->pc, tb_jc_code(tb));
    }
    pthread_mutex_unlock(&rt->vcpus_lock);
}

/* ---- invalidation ---- */

/* Drop tb: the shard locks of its pages are held. */
static void tb_invalidate(Runtime *rt, TranslationBlock *tb)
{
    if (!tb->valid)
        return;
    __atomic_store_n(&tb->valid, false, __ATOMIC_SEQ_CST);
    if (rt_self)
        rt_self->st.invalidated++;
    else
        __atomic_fetch_add(&rt->st_other.invalidated, 1, __ATOMIC_RELAXED);
    /* Out of the hash table (a reader standing on tb still finds its successor). */
    unsigned h = tb_key_hash(rt, tb->pc, tb->phys, tb->flags);
    pthread_mutex_t *hl = &rt->hlock[h % TB_HLOCKS].m;
    pthread_mutex_lock(hl);
    TranslationBlock **pp = &rt->htab[h];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        __atomic_store_n(pp, tb->hash_next, __ATOMIC_RELEASE);
    pthread_mutex_unlock(hl);
    page_remove_tb(rt, tb, 0);
    if (tb->page[1] != UINT64_MAX)
        page_remove_tb(rt, tb, 1);
    pthread_mutex_lock(&rt->jmp_lock);
    /* Jumps into it go back to their exit stubs. */
    for (int i = 0; i < tb->n_jmp_in; i++) {
        TranslationBlock *from = tb->jmp_in[i].from;
        int s = tb->jmp_in[i].slot;
        if (from->jmp_dest[s] == tb) {
            backend_patch_jump(from->code + from->jmp_field[s], from->code + from->jmp_stub[s]);
            from->jmp_dest[s] = NULL;
        }
    }
    tb->n_jmp_in = 0;
    /* Its own chained jumps: leave the targets' incoming lists. */
    for (int s = 0; s < IR_MAX_EXIT_SLOTS; s++) {
        TranslationBlock *to = tb->jmp_dest[s];
        if (!to)
            continue;
        for (int i = 0; i < to->n_jmp_in; i++) {
            if (to->jmp_in[i].from == tb && to->jmp_in[i].slot == s) {
                to->jmp_in[i] = to->jmp_in[--to->n_jmp_in];
                break;
            }
        }
        tb->jmp_dest[s] = NULL;
    }
    pthread_mutex_unlock(&rt->jmp_lock);
    jc_forget(rt, tb);
    chunk_unref(rt, chunk_of(rt, (uintptr_t)tb->code));   /* last: may retire the chunk */
}

void rt_invalidate_page(Runtime *rt, uint64_t page)
{
    unsigned s = shard_of(page);
    PageShard *sh = &rt->shards[s];
    pthread_mutex_lock(&sh->lock);
    PageEntry *pe = page_find(sh, page, false);
    if (pe)
        pe->gen++;   /* translations of the page under way are stale */
    for (;;) {
        PageEntry *e = page_find(sh, page, false);
        if (!e || !e->first)
            break;
        TranslationBlock *tb = (TranslationBlock *)((uintptr_t)e->first & ~(uintptr_t)1);
        int n = (int)((uintptr_t)e->first & 1);
        /* A block on two pages: the other page's shard too, in order. */
        PageShard *o = NULL;
        if (tb->page[1] != UINT64_MAX && shard_of(tb->page[1 - n]) != s) {
            unsigned os = shard_of(tb->page[1 - n]);
            o = &rt->shards[os];
            if (os > s) {
                pthread_mutex_lock(&o->lock);
            } else if (pthread_mutex_trylock(&o->lock) != 0) {
                pthread_mutex_unlock(&sh->lock);
                pthread_mutex_lock(&o->lock);
                pthread_mutex_lock(&sh->lock);
                e = page_find(sh, page, false);
                if (!e || e->first != (TranslationBlock *)((uintptr_t)tb | (uintptr_t)n)) {
                    pthread_mutex_unlock(&o->lock);
                    continue;   /* changed meanwhile: look again */
                }
            }
        }
        tb_invalidate(rt, tb);
        if (o)
            pthread_mutex_unlock(&o->lock);
    }
    code_page_release(rt, page);
    pthread_mutex_unlock(&sh->lock);
}

void rt_invalidate_phys_page(Runtime *rt, uint64_t pa)
{
    rt_invalidate_page(rt, pa & ~(GM_PAGE_SIZE - 1));
}

void rt_invalidate_range(Runtime *rt, uint64_t start, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t first = start & ~(GM_PAGE_SIZE - 1);
    uint64_t end = start + len;
    if (end < start || end > GM_TASK_SIZE)
        end = GM_TASK_SIZE;
    if ((end - first) >> GM_PAGE_BITS <= 64) {
        for (uint64_t p = first; p < end; p += GM_PAGE_SIZE)
            if (rt_page_has_code(rt, p))
                rt_invalidate_page(rt, p);
        return;
    }
    /* A large range: the pages with code in it, shard by shard. */
    for (int i = 0; i < PAGE_SHARDS; i++) {
        PageShard *sh = &rt->shards[i];
        for (;;) {
            uint64_t found = UINT64_MAX;
            pthread_mutex_lock(&sh->lock);
            for (size_t k = 0; k < ((size_t)1 << sh->bits) && found == UINT64_MAX; k++)
                if (sh->pages[k].page >= first && sh->pages[k].page < end && sh->pages[k].first)
                    found = sh->pages[k].page;
            pthread_mutex_unlock(&sh->lock);
            if (found == UINT64_MAX)
                break;
            rt_invalidate_page(rt, found);
        }
    }
}

void rt_set_write_watch(Runtime *rt, RtWriteWatchFn fn, void *opaque)
{
    rt->write_watch_opaque = opaque;
    __atomic_store_n(&rt->write_watch, fn, __ATOMIC_RELEASE);
}

/* The first write to a watched page is about to happen: report it, then let it. */
static void write_watch_hit(Runtime *rt, uint64_t page)
{
    RtWriteWatchFn fn = __atomic_load_n(&rt->write_watch, __ATOMIC_ACQUIRE);
    if (fn)
        fn(rt->write_watch_opaque, page);
    gm_unwatch_page(rt->gm, page);
}

bool rt_write_watch_fault(Runtime *rt, int signo, siginfo_t *si, void *uctx)
{
    if (rt->is_sys || signo != SIGSEGV || !backend_fault_is_write(uctx))
        return false;
    uint64_t a = h2g(rt->gm, si->si_addr);
    if (a >= GM_TASK_SIZE || !(gm_page_flags(rt->gm, a) & PAGE_WATCH))
        return false;
    write_watch_hit(rt, a & ~(GM_PAGE_SIZE - 1));
    return true;
}

void rt_prepare_guest_write(Runtime *rt, uint64_t start, uint64_t len)
{
    if (len == 0 || start >= GM_TASK_SIZE)
        return;
    uint64_t end = start + len;
    if (end < start || end > GM_TASK_SIZE)
        end = GM_TASK_SIZE;
    for (uint64_t p = start & ~(GM_PAGE_SIZE - 1); p < end; p += GM_PAGE_SIZE) {
        int f = gm_page_flags(rt->gm, p);
        if (f & PAGE_WATCH)
            write_watch_hit(rt, p);
        if (f & PAGE_CODE)
            rt_invalidate_page(rt, p);
    }
}

void *rt_guest_probe(VCPU *cpu, uint64_t va, uint32_t len, int flags, int mmu_idx)
{
    Runtime *rt = cpu->rt;
    if (rt->is_sys)
        return rt->sys.probe(cpu, va, len, flags, mmu_idx);
    bool write = flags & RT_PROBE_WRITE;
    int need = PAGE_VALID | (write ? PAGE_WRITE : PAGE_READ);
    int fl = va < GM_TASK_SIZE && va + len <= GM_TASK_SIZE ? gm_page_flags(rt->gm, va) : 0;
    if ((fl & need) != need) {
        if (flags & RT_PROBE_NOFAULT)
            return RT_PROBE_FAULT;
        cpu->fault_signo = SIGSEGV;
        cpu->fault_code = fl & PAGE_VALID ? SEGV_ACCERR : SEGV_MAPERR;
        cpu->fault_addr = va;
        cpu_loop_exit(cpu, EXIT_FAULT);
    }
    if (write && (fl & (PAGE_CODE | PAGE_WATCH))) {
        rt_prepare_guest_write(rt, va, len);
        if (fl & PAGE_CODE)
            cpu->helper_code_write = 1;
    }
    return g2h(rt->gm, va);
}

uint64_t rt_guest_io(VCPU *cpu, uint64_t va, unsigned size, bool write, uint64_t val,
                     int mmu_idx)
{
    /* user mode has no device memory: rt_guest_probe never returns NULL there */
    return cpu->rt->sys.io(cpu, va, size, write, val, mmu_idx);
}

/* Drop everything. Called with rt->lock held inside an exclusive section (no other vCPU in
 * generated code), which the caller started before taking rt->lock. */
static void flush_locked(Runtime *rt)
{
    all_locks(rt, true);   /* a vCPU outside generated code may be invalidating pages */
    for (size_t c = 0; c < rt->next_chunk; c++) {
        Chunk *ch = &rt->chunks[c];
        for (size_t i = 0; i < ch->n; i++)
            free(ch->tbs[i]->jmp_in);
        ch->n = 0;
        ch->live = 0;
    }
    rt->next_chunk = 0;
    rt->retired_head = rt->retired_tail = SIZE_MAX;
    pthread_mutex_lock(&rt->be_lock);
    rt->clones_unsynced = false;
    pthread_mutex_unlock(&rt->be_lock);
    memset(rt->htab, 0, sizeof(*rt->htab) << rt->hash_bits);
    for (int i = 0; i < PAGE_SHARDS; i++) {
        PageShard *sh = &rt->shards[i];
        for (size_t k = 0; k < ((size_t)1 << sh->bits); k++)
            if (sh->pages[k].page != UINT64_MAX)
                code_page_release(rt, sh->pages[k].page);
        shard_reset(sh, sh->bits);
    }
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus; v++) {
        VCPU *c = rt->vcpus[v];
        for (unsigned i = 0; i < QELT_JC_SIZE; i++)
            vcpu_jc_clear(c->jc, i);
        c->last_tb = NULL;
        pthread_mutex_lock(&c->jcq_lock);
        c->jcq.n = 0;
        c->jcq.all = 0;
        c->jcq.pending = 0;
        pthread_mutex_unlock(&c->jcq_lock);
    }
    pthread_mutex_unlock(&rt->vcpus_lock);
    backend_code_flushed(rt->be);
    rt->flush_count++;
    rt->st_flushes++;
    all_locks(rt, false);
    if (rt->te.plugin_ctx) {
        RtPluginHooks *ph = rt->te.plugin_ctx;
        ph->flush(ph);
    }
}

void rt_flush_all(Runtime *rt, VCPU *cpu)
{
    bool excl = rt_start_exclusive(rt);
    rt_lock(rt, cpu, &rt->lock);
    flush_locked(rt);
    pthread_mutex_unlock(&rt->lock);
    if (excl)
        rt_end_exclusive(rt);
}

/* The code cache is full (rt->lock held, not counted as running): let go of the lock to wait
 * for the exclusive section (a running vCPU may need rt->lock to get out), then flush unless
 * another vCPU did meanwhile. Returns with rt->lock held. */
static void flush_when_full(Runtime *rt, VCPU *cpu)
{
    uint64_t seen = rt->flush_count;
    pthread_mutex_unlock(&rt->lock);
    bool excl = rt_start_exclusive(rt);
    rt_lock(rt, cpu, &rt->lock);
    if (rt->flush_count == seen)
        flush_locked(rt);
    if (excl)
        rt_end_exclusive(rt);
}

/* ---- translation ---- */

static void log_in_asm(Runtime *rt, const GuestTranslateEnv *te, const TranslationBlock *tb)
{
    FILE *f = rt->opts.log;
    fprintf(f, "----------------\nIN: \n");
    uint64_t pc = tb->pc;
    while (pc < tb->pc + tb->size) {
        char buf[128];
        uint8_t bytes[4] = { 0 };
        size_t avail = tb->pc + tb->size - pc < 4 ? (size_t)(tb->pc + tb->size - pc) : 4;
        for (size_t i = 0; i < avail; i++) {
            const uint8_t *p = guest_code_ptr(te, pc + i);
            bytes[i] = p ? *p : 0;
        }
        int n = guest_disas(buf, sizeof(buf), pc, bytes, avail);
        if (n <= 0)
            n = 2;
        uint32_t raw = 0;
        memcpy(&raw, bytes, (size_t)n);
        fprintf(f, "0x%016" PRIx64 ":  %0*x          %s\n", pc, n * 2, raw, buf);
        pc += (uint64_t)n;
    }
    fputc('\n', f);
}

/* Translate the block at pc. Called with rt->lock held. Never fails: on a full cache it
 * flushes (callers must drop any TB pointers they hold: flush_count changes). */
/* A block that continues on a second page is only valid while that page still maps to the
 * physical page it was translated from (full-system). */
static bool sys_second_page_ok(Runtime *rt, VCPU *cpu, const TranslationBlock *tb)
{
    uint64_t phys;
    uint64_t va = (tb->pc + tb->size - 1) & ~(GM_PAGE_SIZE - 1);
    return rt->sys.code_page(cpu, va, &phys) && (phys & ~(GM_PAGE_SIZE - 1)) == tb->page[1];
}

const uint8_t *rt_sys_code_page(void *opaque, uint64_t va)
{
    Translator *tr = opaque;
    return tr->cpu->rt->sys.code_page(tr->cpu, va, NULL);
}

/* ---- translators and code chunks ---- */

/* A vCPU's translator's back end follows rt->be (re-cloned when rt->be changed: remade, or its
 * counter register turned on). Before generating code (gen) with plugins while the counter
 * register is off, note that such code may now be in the cache (rt_counter_reg). */
static void tr_sync_backend(Runtime *rt, Translator *tr, bool gen)
{
    pthread_mutex_lock(&rt->be_lock);
    if (tr->be_gen != rt->be_gen) {
        backend_free(tr->be);
        tr->be = backend_clone(rt->be, tr->ir);
        if (!tr->be) {
            fprintf(stderr, "qelt: out of memory\n");
            exit(1);
        }
        tr->be_gen = rt->be_gen;
    }
    if (gen && tr->te->plugin_ctx && !rt->counter_reg_on)
        rt->clones_unsynced = true;
    pthread_mutex_unlock(&rt->be_lock);
}

/* The translator of cpu: its own IR context, translation environment and back-end work arrays
 * (a clone of rt->be sharing its trampolines), so vCPUs translate in parallel; the Runtime's
 * shared one (under rt->lock) with plugins, for the self-modifying-code step, and before any
 * vCPU exists. Called by the translating thread; the clone follows back-end changes
 * (rt->be_gen) and its chunk is dropped at a flush. */
static Translator *translator_for(Runtime *rt, VCPU *cpu, bool shared)
{
    Translator *tr = &rt->shared_tr;
    if (!shared) {
        tr = cpu->translator;
        if (!tr) {
            tr = calloc(1, sizeof(*tr));
            if (!tr) {
                fprintf(stderr, "qelt: out of memory\n");
                exit(1);
            }
            ir_context_init(&tr->ir_own);
            guest_ir_init(&tr->ir_own);
            tr->ir = &tr->ir_own;
            tr->te = &tr->te_own;
            tr->be_gen = UINT64_MAX;
            cpu->translator = tr;
        }
        tr_sync_backend(rt, tr, false);
        tr->te_own = rt->te;
        tr->te_own.code_opaque = tr;
    }
    if (shared)
        tr->be = rt->be;
    if (tr->flush_gen != rt->flush_count) {
        tr->ptr = tr->end = NULL;
        tr->chunk = SIZE_MAX;
        tr->flush_gen = rt->flush_count;
    }
    tr->cpu = cpu;
    return tr;
}

/* ---- chunk reuse (tb.h: memory) ---- */

/* Has every vCPU inside cpu_exec passed a quiescent point since epoch e? */
static bool grace_passed(Runtime *rt, uint64_t e)
{
    bool ok = true;
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus && ok; v++) {
        VCPU *c = rt->vcpus[v];
        ok = !__atomic_load_n(&c->online, __ATOMIC_SEQ_CST) ||
             __atomic_load_n(&c->qs_epoch, __ATOMIC_SEQ_CST) >= e;
    }
    pthread_mutex_unlock(&rt->vcpus_lock);
    return ok;
}

/* One reference of chunk c gone (a TB invalidated, or its translator left it). */
static void chunk_unref(Runtime *rt, size_t c)
{
    Chunk *ch = &rt->chunks[c];
    if (__atomic_sub_fetch(&ch->live, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    pthread_mutex_lock(&rt->chunk_lock);
    ch->retire_epoch = __atomic_add_fetch(&rt->epoch, 1, __ATOMIC_SEQ_CST);
    ch->next_retired = SIZE_MAX;
    if (rt->retired_tail == SIZE_MAX)
        rt->retired_head = c;
    else
        rt->chunks[rt->retired_tail].next_retired = c;
    rt->retired_tail = c;
    pthread_mutex_unlock(&rt->chunk_lock);
}

/* The oldest retired chunk if its grace period is over (rt->lock held), emptied; or SIZE_MAX. */
static size_t chunk_reclaim(Runtime *rt)
{
    pthread_mutex_lock(&rt->chunk_lock);
    size_t c = rt->retired_head;
    if (c != SIZE_MAX && grace_passed(rt, rt->chunks[c].retire_epoch)) {
        rt->retired_head = rt->chunks[c].next_retired;
        if (rt->retired_head == SIZE_MAX)
            rt->retired_tail = SIZE_MAX;
    } else {
        c = SIZE_MAX;
    }
    pthread_mutex_unlock(&rt->chunk_lock);
    if (c != SIZE_MAX) {
        Chunk *ch = &rt->chunks[c];
        for (size_t i = 0; i < ch->n; i++)
            free(ch->tbs[i]->jmp_in);
        __atomic_store_n(&ch->n, 0, __ATOMIC_RELEASE);
        rt->st_reused++;
    }
    return c;
}

/* Give tr a fresh chunk of the code cache (rt->lock held): a reclaimed one, else one never
 * handed out since the flush. false when none is left. */
static bool chunk_take(Runtime *rt, Translator *tr)
{
    size_t old = tr->chunk;
    if (tr->ptr)
        rt->st_chunk_waste += (uint64_t)(tr->end - tr->ptr);
    tr->ptr = tr->end = NULL;
    tr->chunk = SIZE_MAX;
    if (old != SIZE_MAX)
        chunk_unref(rt, old);
    size_t c = chunk_reclaim(rt);
    if (c == SIZE_MAX) {
        if (rt->next_chunk >= rt->n_chunks)
            return false;
        c = rt->next_chunk++;
    }
    __atomic_store_n(&rt->chunks[c].live, 1, __ATOMIC_RELAXED);
    tr->chunk = c;
    tr->ptr = rt->code_gen_start + c * rt->chunk_size;
    tr->end = c + 1 == rt->n_chunks ? rt->code_buf + rt->code_buf_size : tr->ptr + rt->chunk_size;
    return true;
}


/* List tb under its chunk: only the translator filling the chunk appends (no lock), readers
 * load n (acquire) before the entries. */
static void chunk_add_tb(Runtime *rt, TranslationBlock *tb)
{
    Chunk *c = &rt->chunks[chunk_of(rt, (uintptr_t)tb->code)];
    if (c->n == c->max) {
        fprintf(stderr, "qelt: internal error: chunk list full\n");
        abort();
    }
    c->tbs[c->n] = tb;
    __atomic_store_n(&c->n, c->n + 1, __ATOMIC_RELEASE);
}

/* The room a TB's header takes in its chunk (its own cache lines). */
#define TB_HDR_SIZE ((sizeof(TranslationBlock) + 63) & ~(size_t)63)

/* Sizes the chunk lists: the most TBs a chunk of len bytes can hold. */
size_t rt_chunk_capacity(size_t len) { return len / (TB_HDR_SIZE + 64) + 1; }

#define TB_GEN_FULL ((TranslationBlock *)1)

/* Give tr a new chunk. The shared translator (rt->lock held) flushes a full cache here; a
 * vCPU's own gets false then, for its caller to flush outside the running count. */
static bool tr_new_chunk(Runtime *rt, Translator *tr, bool shared)
{
    if (!shared)
        rt_lock(rt, tr->cpu, &rt->lock);
    for (;;) {
        if (tr->flush_gen != rt->flush_count) {   /* its chunk went with a flush */
            tr->ptr = tr->end = NULL;
            tr->chunk = SIZE_MAX;
            tr->flush_gen = rt->flush_count;
        }
        if (chunk_take(rt, tr))
            break;
        if (!shared) {
            pthread_mutex_unlock(&rt->lock);
            return false;
        }
        flush_when_full(rt, tr->cpu);
    }
    if (!shared)
        pthread_mutex_unlock(&rt->lock);
    return true;
}

/* Translate the block at pc with tr. With tr shared, rt->lock is held throughout and a full
 * cache is flushed here; with a vCPU's own translator, the front end, optimizer and back end
 * run without any lock (rt->lock is taken to get a chunk and to publish the block), and a full
 * cache returns TB_GEN_FULL for the caller to flush. */
static TranslationBlock *tb_gen(Runtime *rt, Translator *tr, uint64_t pc, uint64_t phys,
                                uint32_t flags, bool cached)
{
    VCPU *cpu = tr->cpu;
    bool shared = tr == &rt->shared_tr;
    bool timing = rt->opts.log_mask & LOG_STATS;
    double t0 = timing ? now_ns() : 0;
    int max_insns = cached ? rt->max_insns : 1;
    for (int attempt = 0;; attempt++) {
        GuestTBInfo info;
        if (!tr->ptr || tr->end - tr->ptr < 4096 + 16) {
            /* A chunk first (translating twice would show plugins the block twice). */
            if (!tr_new_chunk(rt, tr, shared))
                return TB_GEN_FULL;
        }
        /* Stores to the block's first page take the slow path from here on (so a store racing
         * with the translation invalidates the page), and the page's generation then tells
         * whether one did. */
        uint64_t page0 = phys & ~(GM_PAGE_SIZE - 1), gen0 = 0;
        if (cached) {
            PageShard *sh = shard(rt, page0);
            pthread_mutex_lock(&sh->lock);
            gen0 = page_find(sh, page0, true)->gen;
            code_page_protect(rt, page0);
            pthread_mutex_unlock(&sh->lock);
        }
        tr->te->tb_flags = flags;
        tr->te->max_insns = max_insns;
        tr->te->cpu = cpu;
        ir_reset(tr->ir, pc);
        guest_translate(tr->ir, tr->te, pc, &info);
        double t1 = timing ? now_ns() : 0;
        if (tr->te->plugin_ctx) {
            RtPluginHooks *ph = tr->te->plugin_ctx;
            ph->tb_trans(ph, tr->ir, tr->te, &info);
            if (!shared)
                tr_sync_backend(rt, tr, true);   /* the lowering may have changed rt->be */
        }
        if (rt->opts.log_mask & LOG_OP) {
            fprintf(rt->opts.log, "OP:\n");
            ir_dump(tr->ir, rt->opts.log);
            fputc('\n', rt->opts.log);
        }
        ir_optimize(tr->ir);
        ir_liveness(tr->ir);
        double t2 = timing ? now_ns() : 0;
        if (rt->opts.log_mask & LOG_OP_OPT) {
            fprintf(rt->opts.log, "OP after optimization and liveness analysis:\n");
            ir_dump(tr->ir, rt->opts.log);
            fputc('\n', rt->opts.log);
        }
        /* Header, code and maps in the chunk: [TB][code][map][homes][sites]. */
        uint8_t *hdr = (uint8_t *)(((uintptr_t)tr->ptr + 63) & ~(uintptr_t)63);
        TranslationBlock *tb = (TranslationBlock *)hdr;
        uint8_t *code = hdr + TB_HDR_SIZE;
        size_t avail = tr->ptr && code < tr->end ? (size_t)(tr->end - code) : 0;
        bool fresh = tr->ptr && tr->ptr == rt->code_gen_start +
                     chunk_of(rt, (uintptr_t)tr->ptr) * rt->chunk_size;   /* nothing in it yet */
        BackendResult res;
        bool ok = tr->ptr && avail >= 4096 &&
                  backend_gen(tr->be, tr->ir, code, avail, (uintptr_t)tb, pc, &res) >= 0;
        uint8_t *meta = ok ? (uint8_t *)(((uintptr_t)code + res.code_size + 7) & ~(uintptr_t)7) : NULL;
        size_t meta_size = ok ? sizeof(InsnMapEntry) * res.n_map + sizeof(RegHome) * res.n_homes +
                                sizeof(FaultSite) * res.n_sites : 0;
        if (ok && meta + meta_size > tr->end)
            ok = false;
        if (!ok) {
            if (tr->ptr && fresh && avail >= 4096) {
                if (max_insns > 1) {
                    max_insns = max_insns / 2;   /* too complex for the frame: smaller block */
                    continue;
                }
                fprintf(stderr, "qelt: internal error: cannot translate block at 0x%" PRIx64 "\n", pc);
                abort();
            }
            if (attempt > 8) {
                fprintf(stderr, "qelt: internal error: cannot translate block at 0x%" PRIx64 "\n", pc);
                abort();
            }
            if (!tr_new_chunk(rt, tr, shared))
                return TB_GEN_FULL;
            continue;
        }
        memset(tb, 0, sizeof(*tb));
        tb->pc = pc;
        tb->phys = phys;
        tb->flags = flags;
        tb->size = info.size;
        tb->n_insns = info.n_insns;
        tb->code = code;
        tb->code_size = res.code_size;
        tb->valid = true;
        tb->page[0] = phys & ~(GM_PAGE_SIZE - 1);
        uint64_t last = (pc + (info.size ? info.size - 1 : 0)) & ~(GM_PAGE_SIZE - 1);
        tb->page[1] = UINT64_MAX;
        if (last != (pc & ~(GM_PAGE_SIZE - 1))) {
            uint64_t lphys = last;
            if (rt->is_sys)   /* the front end fetched from it: it is mapped */
                rt->sys.code_page(cpu, last, &lphys);
            tb->page[1] = lphys;
        }
        for (int s = 0; s < IR_MAX_EXIT_SLOTS; s++) {
            tb->jmp_field[s] = res.jmp_field_off[s];
            tb->jmp_stub[s] = res.jmp_stub_off[s];
        }
        tb->chain_entry = rt->is_sys ? 0 : res.entry_skip;
        tb->map = (InsnMapEntry *)meta;
        tb->n_map = res.n_map;
        if (res.n_map)
            memcpy(tb->map, res.map, sizeof(InsnMapEntry) * res.n_map);
        tb->homes = (RegHome *)(meta + sizeof(InsnMapEntry) * res.n_map);
        if (res.n_homes)
            memcpy(tb->homes, res.homes, sizeof(RegHome) * res.n_homes);
        tb->sites = (FaultSite *)((uint8_t *)tb->homes + sizeof(RegHome) * res.n_homes);
        tb->n_sites = res.n_sites;
        if (res.n_sites)
            memcpy(tb->sites, res.sites, sizeof(FaultSite) * res.n_sites);
        tr->ptr = meta + meta_size;

        chunk_add_tb(rt, tb);
        /* Full-system: a block that is only a fetch fault depends on mappings nothing tracks
         * (its instruction's second page): never reuse it. */
        if (!cached || (rt->is_sys && info.n_insns == 0)) {
            tb->valid = false;   /* never found, chained or invalidated */
            return tb;
        }
        /* Publish: page lists (stores to the pages now take the slow path), then the hash
         * table (tb complete before the release store). The chunk counts it as live. */
        shards_lock(rt, tb->page[0], tb->page[1]);
        if (page_find(shard(rt, page0), page0, true)->gen != gen0) {
            /* A store to the page raced with the translation: run it this once, never
             * find it again. */
            shards_unlock(rt, tb->page[0], tb->page[1]);
            tb->valid = false;
            return tb;
        }
        __atomic_add_fetch(&rt->chunks[tr->chunk].live, 1, __ATOMIC_RELAXED);
        page_add_tb(rt, tb, 0);   /* protected since the translation started */
        if (tb->page[1] != UINT64_MAX) {
            page_add_tb(rt, tb, 1);
            code_page_protect(rt, tb->page[1]);
        }
        unsigned h = tb_key_hash(rt, pc, phys, flags);
        pthread_mutex_t *hl = &rt->hlock[h % TB_HLOCKS].m;
        pthread_mutex_lock(hl);
        tb->hash_next = rt->htab[h];
        __atomic_store_n(&rt->htab[h], tb, __ATOMIC_RELEASE);
        pthread_mutex_unlock(hl);
        shards_unlock(rt, tb->page[0], tb->page[1]);
        VCPUStats *st = cpu ? &cpu->st : &rt->st_other;   /* st_other: under rt->lock */
        st->translated++;
        st->insns += info.n_insns;
        perfmap_add_block(rt->opts.perfmap, tb->code, tb->code_size, pc);
        if (rt->opts.log_mask & (LOG_IN_ASM | LOG_OUT_ASM)) {
            flockfile(rt->opts.log);
            if (rt->opts.log_mask & LOG_IN_ASM)
                log_in_asm(rt, tr->te, tb);
            if (rt->opts.log_mask & LOG_OUT_ASM) {
                fprintf(rt->opts.log, "OUT: [size=%u]\n", tb->code_size);
                backend_disas(rt->opts.log, tb->code, tb->code_size);
                fputc('\n', rt->opts.log);
            }
            funlockfile(rt->opts.log);
        }
        if (timing) {
            double t3 = now_ns();
            st->translate_ns += t3 - t0;
            st->front_ns += t1 - t0;
            st->opt_ns += t2 - t1;
            st->back_ns += t3 - t2;
        }
        return tb;
    }
}
/* The valid TB for the key in the hash table (lock-free: see tb.h), or NULL. */
static TranslationBlock *tb_find(Runtime *rt, VCPU *cpu, uint64_t pc, uint64_t phys,
                                 uint32_t flags)
{
    TranslationBlock *tb = __atomic_load_n(&rt->htab[tb_key_hash(rt, pc, phys, flags)], __ATOMIC_ACQUIRE);
    while (tb && (tb->pc != pc || tb->phys != phys || tb->flags != flags || !tb_is_valid(tb) ||
                  (rt->is_sys && tb->page[1] != UINT64_MAX && !sys_second_page_ok(rt, cpu, tb))))
        tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE);
    return tb;
}

/* Enter tb in cpu's jump cache and mark tb as being there. An invalidation turns valid off,
 * then reads jc_cpus (both sequentially consistent); here the mark comes before the check of
 * valid: either the invalidator sees our bit (and posts the entry to us) or we see valid off. */
static void jc_set(VCPU *cpu, uint64_t pc, TranslationBlock *tb)
{
    unsigned i = jc_index(pc);
    JCEntry *e = &cpu->jc[i];
    __atomic_store_n(&e->code, tb_jc_code(tb), __ATOMIC_RELAXED);
    if (tb->chain_entry) {   /* the entry skips the check: see a request made meanwhile (tb.h) */
        __atomic_store_n(&e->pc, pc ^ cpu->jc_key, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_SEQ_CST))
            vcpu_jc_clear(cpu->jc, i);
    } else {
        __atomic_store_n(&e->pc, pc ^ cpu->jc_key, __ATOMIC_RELAXED);
    }
    if (!(__atomic_load_n(&tb->jc_cpus, __ATOMIC_RELAXED) & cpu->jc_bit))
        __atomic_fetch_or(&tb->jc_cpus, cpu->jc_bit, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&tb->valid, __ATOMIC_SEQ_CST))
        vcpu_jc_clear(cpu->jc, i);
}

/* The key of the block cpu runs next at pc, and cpu's jump-cache key for it (every lookup
 * goes through here, so VCPU.jc_key is in step whenever generated code is entered or resumed
 * from a lookup; generated code keeps it in step from there: vcpu.h). False: fetching at pc
 * faults (full-system; the exception is pending). */
static bool tb_key(Runtime *rt, VCPU *cpu, uint64_t pc, uint64_t *phys, uint32_t *flags)
{
    *phys = pc;
    *flags = 0;
    if (rt->is_sys)
        return rt->sys.tb_key(cpu, pc, phys, flags);
    if (rt->user_flags) {
        *flags = guest_tb_flags(cpu, &rt->te);
        cpu->jc_key = vcpu_jc_key(*flags, false);
    }
    return true;
}

TranslationBlock *tb_lookup_fast(Runtime *rt, VCPU *cpu, uint64_t pc, bool *fault, bool translate)
{
    uint64_t phys;
    uint32_t flags;
    *fault = false;
    if (!tb_key(rt, cpu, pc, &phys, &flags)) {
        *fault = true;
        return NULL;
    }
    TranslationBlock *tb = tb_find(rt, cpu, pc, phys, flags);
    if (!tb && translate) {
        /* Translate with cpu's own translator, still counted as running (no flush can free
         * what we read; rt->lock is only taken briefly). A full cache: step out, flush in an
         * exclusive section, step back in; the caller sees flush_count change. */
        Translator *tr = translator_for(rt, cpu, false);
        tb = tb_gen(rt, tr, pc, phys, flags, true);
        if (tb == TB_GEN_FULL) {
            uint64_t seen = tr->flush_gen;
            bool counted = cpu->exec_running;
            rt_exec_end(rt, cpu);
            bool excl = rt_start_exclusive(rt);
            rt_lock(rt, cpu, &rt->lock);
            if (rt->flush_count == seen)
                flush_locked(rt);
            pthread_mutex_unlock(&rt->lock);
            if (excl)
                rt_end_exclusive(rt);
            if (counted)
                rt_exec_start(rt, cpu);
            return NULL;
        }
    }
    if (tb && tb_is_valid(tb))
        jc_set(cpu, pc, tb);
    return tb;
}

TranslationBlock *tb_lookup(Runtime *rt, VCPU *cpu, uint64_t pc)
{
    uint64_t phys;
    uint32_t flags;
    if (!tb_key(rt, cpu, pc, &phys, &flags))
        return NULL;
    rt_lock(rt, cpu, &rt->lock);
    TranslationBlock *tb = tb_find(rt, cpu, pc, phys, flags);
    if (!tb)
        tb = tb_gen(rt, translator_for(rt, cpu, true), pc, phys, flags, true);
    /* Under the lock: a flush by another vCPU (which clears every jump cache) may free tb as
     * soon as we let go; the caller re-checks rt->flush_count before using it. */
    if (tb->valid)
        jc_set(cpu, pc, tb);
    pthread_mutex_unlock(&rt->lock);
    return tb;
}

TranslationBlock *tb_gen_smc_step(Runtime *rt, VCPU *cpu, uint64_t pc)
{
    uint64_t phys;
    uint32_t flags;
    tb_key(rt, cpu, pc, &phys, &flags);   /* user mode only: cannot fail */
    pthread_mutex_lock(&rt->lock);
    TranslationBlock *tb = tb_gen(rt, translator_for(rt, NULL, true), pc, pc, flags, false);
    pthread_mutex_unlock(&rt->lock);
    return tb;
}

TranslationBlock *tb_find_by_host_pc(Runtime *rt, uintptr_t hpc)
{
    if (hpc < (uintptr_t)rt->code_buf || hpc >= (uintptr_t)rt->code_buf + rt->code_buf_size)
        return NULL;
    if (hpc < (uintptr_t)rt->code_gen_start)
        return NULL;
    Chunk *ch = &rt->chunks[chunk_of(rt, hpc)];
    size_t lo = 0, hi = __atomic_load_n(&ch->n, __ATOMIC_ACQUIRE);
    TranslationBlock **tbs = __atomic_load_n(&ch->tbs, __ATOMIC_ACQUIRE);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tbs[mid]->code <= hpc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    TranslationBlock *tb = tbs[lo - 1];
    return hpc < (uintptr_t)tb->code + tb->code_size ? tb : NULL;
}

uint64_t tb_guest_pc_at(const TranslationBlock *tb, uintptr_t hpc)
{
    uint32_t off = (uint32_t)(hpc - (uintptr_t)tb->code);
    uint64_t pc = tb->pc;
    for (uint32_t i = 0; i < tb->n_map; i++) {
        if (tb->map[i].host_off > off)
            break;
        pc = tb->map[i].guest_pc;
    }
    return pc;
}
