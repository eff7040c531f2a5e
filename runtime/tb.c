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
 * table by a vCPU counted as running; translation, inserts and invalidation take rt->lock;
 * chaining takes only jmp_lock.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "tb.h"

static inline unsigned tb_hash(uint64_t pc)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull;
    return (unsigned)(h >> (64 - TB_HASH_BITS));
}

static inline unsigned tb_key_hash(uint64_t phys, uint32_t flags)
{
    return tb_hash(phys ^ ((uint64_t)flags << 1));
}

static inline unsigned jc_index(uint64_t pc) { return (unsigned)(pc >> 1) & (QELT_JC_SIZE - 1); }

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

static PageEntry *page_find(Runtime *rt, uint64_t page, bool create)
{
    size_t mask = ((size_t)1 << rt->page_bits) - 1;
    size_t i = (size_t)((page >> GM_PAGE_BITS) * 0x9e3779b97f4a7c15ull >> 20) & mask;
    for (;;) {
        PageEntry *e = &rt->pages[i];
        if (e->page == page)
            return e;
        if (e->page == UINT64_MAX) {
            if (!create)
                return NULL;
            if ((rt->n_pages + 1) * 2 > mask + 1) {
                /* Grow and rehash. */
                PageEntry *old = rt->pages;
                size_t oldn = mask + 1;
                rt->page_bits++;
                rt->pages = malloc(sizeof(PageEntry) << rt->page_bits);
                if (!rt->pages) {
                    fprintf(stderr, "qelt: out of memory\n");
                    exit(1);
                }
                for (size_t k = 0; k < ((size_t)1 << rt->page_bits); k++)
                    rt->pages[k] = (PageEntry){ UINT64_MAX, NULL };
                rt->n_pages = 0;
                for (size_t k = 0; k < oldn; k++) {
                    if (old[k].page != UINT64_MAX) {
                        PageEntry *n = page_find(rt, old[k].page, true);
                        n->first = old[k].first;
                    }
                }
                free(old);
                return page_find(rt, page, true);
            }
            e->page = page;
            e->first = NULL;
            rt->n_pages++;
            return e;
        }
        i = (i + 1) & mask;
    }
}

bool rt_page_has_code(Runtime *rt, uint64_t page)
{
    PageEntry *e = page_find(rt, page & ~(GM_PAGE_SIZE - 1), false);
    return e && e->first;
}

static void page_add_tb(Runtime *rt, TranslationBlock *tb, int n)
{
    PageEntry *e = page_find(rt, tb->page[n], true);
    tb->page_next[n] = e->first;
    e->first = (TranslationBlock *)((uintptr_t)tb | (uintptr_t)n);
}

/* Lists are tagged pointers: the low bit says which of the TB's page_next links continues. */
static void page_remove_tb(Runtime *rt, TranslationBlock *tb, int n)
{
    PageEntry *e = page_find(rt, tb->page[n], false);
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

static void tb_chain_locked(Runtime *rt, TranslationBlock *from, int slot, TranslationBlock *to)
{
    if (!from->valid || !to->valid || !from->jmp_field[slot] || from->jmp_dest[slot])
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
    backend_patch_jump(from->jmp_field[slot], to->code);
    rt->st_chained++;
}

void tb_chain(Runtime *rt, VCPU *cpu, TranslationBlock *from, int slot, TranslationBlock *to)
{
    rt_lock(rt, cpu, &rt->jmp_lock);
    tb_chain_locked(rt, from, slot, to);
    pthread_mutex_unlock(&rt->jmp_lock);
}

static void tb_invalidate(Runtime *rt, TranslationBlock *tb)
{
    if (!tb->valid)
        return;
    pthread_mutex_lock(&rt->jmp_lock);
    __atomic_store_n(&tb->valid, false, __ATOMIC_SEQ_CST);
    rt->st_invalidated++;
    /* Out of the hash table (a reader standing on tb still finds its successor). */
    TranslationBlock **pp = &rt->htab[tb_key_hash(tb->phys, tb->flags)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        __atomic_store_n(pp, tb->hash_next, __ATOMIC_RELEASE);
    page_remove_tb(rt, tb, 0);
    if (tb->page[1] != UINT64_MAX)
        page_remove_tb(rt, tb, 1);
    /* Jumps into it go back to their exit stubs. */
    for (int i = 0; i < tb->n_jmp_in; i++) {
        TranslationBlock *from = tb->jmp_in[i].from;
        int s = tb->jmp_in[i].slot;
        if (from->jmp_dest[s] == tb) {
            backend_patch_jump(from->jmp_field[s], from->jmp_stub[s]);
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
    for (int v = 0; v < rt->n_vcpus; v++) {
        JCEntry *e = &rt->vcpus[v]->jc[jc_index(tb->pc)];
        if (e->code == tb->code)
            e->pc = UINT64_MAX;
        if (rt->vcpus[v]->last_tb == tb)
            rt->vcpus[v]->last_tb = NULL;
    }
}

void rt_invalidate_page_locked(Runtime *rt, uint64_t page)
{
    PageEntry *e = page_find(rt, page, false);
    if (e) {
        while (e->first) {
            TranslationBlock *tb = (TranslationBlock *)((uintptr_t)e->first & ~(uintptr_t)1);
            tb_invalidate(rt, tb);
        }
    }
    code_page_release(rt, page);
}

void rt_invalidate_phys_page(Runtime *rt, uint64_t pa)
{
    pthread_mutex_lock(&rt->lock);
    rt_invalidate_page_locked(rt, pa & ~(GM_PAGE_SIZE - 1));
    pthread_mutex_unlock(&rt->lock);
}

void rt_invalidate_range(Runtime *rt, uint64_t start, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t first = start & ~(GM_PAGE_SIZE - 1);
    uint64_t end = start + len;
    if (end < start || end > GM_TASK_SIZE)
        end = GM_TASK_SIZE;
    pthread_mutex_lock(&rt->lock);
    if (rt->n_pages) {
        for (uint64_t p = first; p < end; p += GM_PAGE_SIZE) {
            PageEntry *e = page_find(rt, p, false);
            if (e && e->first)
                rt_invalidate_page_locked(rt, p);
        }
    }
    pthread_mutex_unlock(&rt->lock);
}

void rt_prepare_guest_write(Runtime *rt, uint64_t start, uint64_t len)
{
    if (len == 0 || start >= GM_TASK_SIZE)
        return;
    uint64_t end = start + len;
    if (end < start || end > GM_TASK_SIZE)
        end = GM_TASK_SIZE;
    for (uint64_t p = start & ~(GM_PAGE_SIZE - 1); p < end; p += GM_PAGE_SIZE) {
        if (gm_page_flags(rt->gm, p) & PAGE_CODE) {
            pthread_mutex_lock(&rt->lock);
            rt_invalidate_page_locked(rt, p);
            pthread_mutex_unlock(&rt->lock);
        }
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
    if (write && (fl & PAGE_CODE)) {
        rt_prepare_guest_write(rt, va, len);
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
    for (size_t c = 0; c < rt->next_chunk; c++) {
        ChunkTBs *ch = &rt->chunks[c];
        for (size_t i = 0; i < ch->n; i++) {
            TranslationBlock *tb = ch->tbs[i];
            free(tb->jmp_in);
            free(tb->map);
            free(tb->sites);
            free(tb->homes);
            free(tb);
        }
        ch->n = 0;
    }
    rt->next_chunk = 0;
    for (size_t i = 0; i < rt->n_old_tbs; i++)
        free(rt->old_tbs[i]);
    rt->n_old_tbs = 0;
    memset(rt->htab, 0, sizeof(rt->htab));
    size_t n = (size_t)1 << rt->page_bits;
    for (size_t k = 0; k < n; k++) {
        if (rt->pages[k].page != UINT64_MAX)
            code_page_release(rt, rt->pages[k].page);
        rt->pages[k] = (PageEntry){ UINT64_MAX, NULL };
    }
    rt->n_pages = 0;
    for (int v = 0; v < rt->n_vcpus; v++) {
        for (unsigned i = 0; i < QELT_JC_SIZE; i++)
            rt->vcpus[v]->jc[i].pc = UINT64_MAX;
        rt->vcpus[v]->last_tb = NULL;
    }
    backend_code_flushed(rt->be);
    rt->flush_count++;
    rt->st_flushes++;
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
        if (tr->be_gen != rt->be_gen) {
            backend_free(tr->be);
            tr->be = backend_clone(rt->be, tr->ir);
            if (!tr->be) {
                fprintf(stderr, "qelt: out of memory\n");
                exit(1);
            }
            tr->be_gen = rt->be_gen;
        }
        tr->te_own = rt->te;
        tr->te_own.code_opaque = tr;
    }
    if (shared)
        tr->be = rt->be;
    if (tr->flush_gen != rt->flush_count) {
        tr->ptr = tr->end = NULL;
        tr->flush_gen = rt->flush_count;
    }
    tr->cpu = cpu;
    return tr;
}

/* Give tr a fresh chunk of the code cache (rt->lock held). false when none is left. */
static bool chunk_take(Runtime *rt, Translator *tr)
{
    if (tr->ptr)
        rt->st_chunk_waste += (uint64_t)(tr->end - tr->ptr);
    tr->ptr = tr->end = NULL;
    if (rt->next_chunk >= rt->n_chunks)
        return false;
    size_t c = rt->next_chunk++;
    tr->ptr = rt->code_gen_start + c * rt->chunk_size;
    tr->end = c + 1 == rt->n_chunks ? rt->code_buf + rt->code_buf_size : tr->ptr + rt->chunk_size;
    return true;
}

/* The chunk holding host address hpc (in the cache past the trampolines); the last chunk
 * takes the remainder of the cache. */
static size_t chunk_of(const Runtime *rt, uintptr_t hpc)
{
    size_t c = (size_t)(hpc - (uintptr_t)rt->code_gen_start) / rt->chunk_size;
    return c < rt->n_chunks ? c : rt->n_chunks - 1;
}

/* List tb under its chunk (rt->lock held): arrays grow into new ones, the old stay until the
 * flush, so tb_find_by_host_pc reads them without a lock. */
static void chunk_add_tb(Runtime *rt, TranslationBlock *tb)
{
    ChunkTBs *c = &rt->chunks[chunk_of(rt, (uintptr_t)tb->code)];
    if (c->n == c->max) {
        size_t n = c->max ? c->max * 2 : 256;
        TranslationBlock **a = malloc(n * sizeof(*a));
        TranslationBlock ***old = realloc(rt->old_tbs, (rt->n_old_tbs + 1) * sizeof(*old));
        if (!a || !old) {
            fprintf(stderr, "qelt: out of memory\n");
            exit(1);
        }
        if (c->n)
            memcpy(a, c->tbs, c->n * sizeof(*a));
        rt->old_tbs = old;
        if (c->tbs)
            rt->old_tbs[rt->n_old_tbs++] = c->tbs;
        c->max = n;
        __atomic_store_n(&c->tbs, a, __ATOMIC_RELEASE);
    }
    c->tbs[c->n] = tb;
    __atomic_store_n(&c->n, c->n + 1, __ATOMIC_RELEASE);
}

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
        tr->te->tb_flags = flags;
        tr->te->max_insns = max_insns;
        tr->te->cpu = cpu;
        ir_reset(tr->ir, pc);
        guest_translate(tr->ir, tr->te, pc, &info);
        double t1 = timing ? now_ns() : 0;
        if (tr->te->plugin_ctx) {
            RtPluginHooks *ph = tr->te->plugin_ctx;
            ph->tb_trans(ph, tr->ir, tr->te, &info);
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
        TranslationBlock *tb = calloc(1, sizeof(*tb));
        if (!tb) {
            fprintf(stderr, "qelt: out of memory\n");
            exit(1);
        }
        uint8_t *code = (uint8_t *)(((uintptr_t)tr->ptr + 15) & ~(uintptr_t)15);
        size_t avail = tr->ptr ? (size_t)(tr->end - code) : 0;
        bool fresh = tr->ptr && tr->ptr == rt->code_gen_start +
                     chunk_of(rt, (uintptr_t)tr->ptr) * rt->chunk_size;   /* nothing in it yet */
        BackendResult res;
        if (!tr->ptr || tr->ptr > tr->end || avail < 4096 ||
            backend_gen(tr->be, tr->ir, code, avail, (uintptr_t)tb, pc, &res) < 0) {
            free(tb);
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
            if (res.jmp_field_off[s] != UINT32_MAX) {
                tb->jmp_field[s] = code + res.jmp_field_off[s];
                tb->jmp_stub[s] = code + res.jmp_stub_off[s];
            }
        }
        tb->n_map = res.n_map;
        tb->map = malloc(sizeof(InsnMapEntry) * (res.n_map ? res.n_map : 1));
        if (tb->map && res.n_map)
            memcpy(tb->map, res.map, sizeof(InsnMapEntry) * res.n_map);
        tb->n_sites = res.n_sites;
        if (res.n_sites) {
            tb->sites = malloc(sizeof(FaultSite) * res.n_sites);
            tb->homes = malloc(sizeof(RegHome) * (res.n_homes ? res.n_homes : 1));
            if (!tb->sites || !tb->homes) {
                fprintf(stderr, "qelt: out of memory\n");
                exit(1);
            }
            memcpy(tb->sites, res.sites, sizeof(FaultSite) * res.n_sites);
            if (res.n_homes)
                memcpy(tb->homes, res.homes, sizeof(RegHome) * res.n_homes);
        }
        tr->ptr = code + res.code_size;

        if (!shared)
            rt_lock(rt, cpu, &rt->lock);
        chunk_add_tb(rt, tb);
        /* Full-system: a block that is only a fetch fault depends on mappings nothing tracks
         * (its instruction's second page): never reuse it. */
        if (!cached || (rt->is_sys && info.n_insns == 0)) {
            tb->valid = false;   /* never found, chained or invalidated */
            if (!shared)
                pthread_mutex_unlock(&rt->lock);
            return tb;
        }
        unsigned h = tb_key_hash(phys, flags);
        tb->hash_next = rt->htab[h];
        __atomic_store_n(&rt->htab[h], tb, __ATOMIC_RELEASE);   /* tb complete before */
        page_add_tb(rt, tb, 0);
        code_page_protect(rt, tb->page[0]);
        if (tb->page[1] != UINT64_MAX) {
            page_add_tb(rt, tb, 1);
            code_page_protect(rt, tb->page[1]);
        }
        rt->st_translated++;
        rt->st_insns += info.n_insns;
        if (cpu)
            cpu->stat_translated++;
        if (rt->opts.log_mask & LOG_IN_ASM)
            log_in_asm(rt, tr->te, tb);
        if (rt->opts.log_mask & LOG_OUT_ASM) {
            fprintf(rt->opts.log, "OUT: [size=%u]\n", tb->code_size);
            backend_disas(rt->opts.log, tb->code, tb->code_size);
            fputc('\n', rt->opts.log);
        }
        if (timing) {
            double t3 = now_ns();
            rt->st_translate_ns += t3 - t0;
            rt->st_front_ns += t1 - t0;
            rt->st_opt_ns += t2 - t1;
            rt->st_back_ns += t3 - t2;
        }
        if (!shared)
            pthread_mutex_unlock(&rt->lock);
        return tb;
    }
}
/* The valid TB for the key in the hash table (lock-free: see tb.h), or NULL. */
static TranslationBlock *tb_find(Runtime *rt, VCPU *cpu, uint64_t pc, uint64_t phys,
                                 uint32_t flags)
{
    TranslationBlock *tb = __atomic_load_n(&rt->htab[tb_key_hash(phys, flags)], __ATOMIC_ACQUIRE);
    while (tb && (tb->pc != pc || tb->phys != phys || tb->flags != flags || !tb_is_valid(tb) ||
                  (rt->is_sys && tb->page[1] != UINT64_MAX && !sys_second_page_ok(rt, cpu, tb))))
        tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE);
    return tb;
}

/* Enter tb in cpu's jump cache. An invalidation by another thread clears entries holding its
 * code after turning valid off: checking valid after the store (both sides sequentially
 * consistent) means either it sees our entry or we see valid off. */
static void jc_set(VCPU *cpu, uint64_t pc, TranslationBlock *tb)
{
    JCEntry *e = &cpu->jc[jc_index(pc)];
    e->code = tb->code;
    __atomic_store_n(&e->pc, pc ^ cpu->jc_key, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&tb->valid, __ATOMIC_SEQ_CST))
        __atomic_store_n(&e->pc, UINT64_MAX, __ATOMIC_RELAXED);
}

TranslationBlock *tb_lookup_fast(Runtime *rt, VCPU *cpu, uint64_t pc, bool *fault, bool translate)
{
    uint64_t phys = pc;
    uint32_t flags = 0;
    *fault = false;
    if (rt->is_sys && !rt->sys.tb_key(cpu, pc, &phys, &flags)) {
        *fault = true;
        return NULL;
    }
    TranslationBlock *tb = tb_find(rt, cpu, pc, phys, flags);
    if (!tb && translate && !rt->te.plugin_ctx) {
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
    uint64_t phys = pc;
    uint32_t flags = 0;
    if (rt->is_sys && !rt->sys.tb_key(cpu, pc, &phys, &flags))
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

TranslationBlock *tb_gen_smc_step(Runtime *rt, uint64_t pc)
{
    pthread_mutex_lock(&rt->lock);
    TranslationBlock *tb = tb_gen(rt, translator_for(rt, NULL, true), pc, pc, 0, false);
    pthread_mutex_unlock(&rt->lock);
    return tb;
}

TranslationBlock *tb_find_by_host_pc(Runtime *rt, uintptr_t hpc)
{
    if (hpc < (uintptr_t)rt->code_buf || hpc >= (uintptr_t)rt->code_buf + rt->code_buf_size)
        return NULL;
    if (hpc < (uintptr_t)rt->code_gen_start)
        return NULL;
    ChunkTBs *ch = &rt->chunks[chunk_of(rt, hpc)];
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
