/*
 * Translation-time instrumentation: build the plugins' view of a block from the front end's IR,
 * run every plugin's tb_trans callback on it, then replace the front end's placeholders
 * (plugin_cb at block and instruction start, plugin_mem after each guest access) by what the
 * plugins subscribed to: direct calls of their callbacks, inline counter ops, or nothing.
 *
 * Lowering rules:
 *   - callbacks become `call fn(cpu_index, userdata)` (memory: fn(cpu_index, meminfo, vaddr,
 *     userdata)); cpu_index is loaded from env, everything else is a constant. Marked
 *     IR_CALL_CALLBACK: the back end may copy fn's code in place of the call. NO_REGS callbacks
 *     let guest registers stay in host registers; R_REGS/RW_REGS sync them (and store the pc).
 *   - filtered callbacks (include/qelt-plugin.h) become the table test (plugin_filter) and a
 *     vcall of plugin_filter_thunk, which calls the callback; the registers survive the vcall,
 *     so they do not ask for call-friendly pinning as plain callbacks do.
 *   - memory callbacks run after the access; the access's value is left in
 *     VCPU.scratch[PLUGIN_MEMVAL_SLOT] for qemu_plugin_mem_get_value. An atomic
 *     read-modify-write (gatomic, gcmpxchg) is reported as a load (old value) then a store (new
 *     value), as QEMU does for a vCPU that runs alone.
 *   - inline adds are sunk and merged: adds to the same counter accumulate until the next
 *     label, branch, exit or call, and are emitted there as one add (typically one add per
 *     counter per block). Calls and exits through helpers therefore see exact counts. The
 *     counter the back end keeps in a register (the first one added to; counter_where) is also
 *     brought up to date before every guest access, so a fault leaves it exact, as QEMU's
 *     per-instruction adds are; other counters miss the instructions of a block that faults
 *     before its end.
 *   - lifted callbacks (runtime/cb-summary.h; QELT_NO_CALLBACK_LIFT=1 turns them off): a
 *     NO_REGS callback whose fast path the back end summarized (backend_lift_summarize) becomes
 *     its guards (plugin_guard), its stores (plugin_hmem, skipped when a guard fails) and its
 *     adds, held back and merged like inline adds; a failing guard takes a vcall of
 *     plugin_lift_slow, which puts the held-back adds into memory, calls the real function and
 *     takes them (plus the event's own adds) out again, so the merged adds emitted later leave
 *     every counter exact. Lifted adds stand for calls, so they are brought up to date wherever
 *     plugin code may look or a fault may stop the block: before guest accesses and other ops
 *     that may fault, filtered callbacks, calls and exits; adds to what a guard reads or a store
 *     writes go first too, and the counter register is flushed into memory before a guard or
 *     store touching its counter (plugin_inline where 2, add 0).
 * Invariants: runs before the optimizer, so it may use fresh temps freely; the placeholders are
 * gone afterwards; with no subscriptions the IR is the front end's minus the placeholders.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin-int.h"
#include "guest-cpu.h"
#include "translate.h"   /* placeholder encodings (RV_PLUGIN_*) */

#define ENV_CPU_INDEX ((int)offsetof(VCPU, cpu_index))
#define ENV_MEMVAL ((int)(offsetof(VCPU, scratch) + PLUGIN_MEMVAL_SLOT * sizeof(uint64_t)))
#define ENV_MEM_CTX ((int)offsetof(VCPU, plugin_mem_ctx))

/* Meminfo encoding (opaque to plugins): bits 0-1 size shift, 2 sign, 3 big endian, 4 store. */
#define MI_SIGN  (1u << 2)
#define MI_STORE (1u << 4)

/* ---- building the block view ---- */

static void view_reset(struct qemu_plugin_tb *tb, uint64_t pc)
{
    tb->vaddr = pc;
    tb->n_insns = 0;
    tb->exec.n = 0;
    tb->cur = NULL;
}

static struct qemu_plugin_insn *view_add_insn(struct qemu_plugin_tb *tb, uint64_t pc)
{
    if ((int)tb->n_insns == tb->max_insns) {
        int n = tb->max_insns ? tb->max_insns * 2 : 64;
        struct qemu_plugin_insn *v = realloc(tb->insns, (size_t)n * sizeof(*v));
        if (!v)
            plugin_fatal("out of memory");
        memset(v + tb->max_insns, 0, (size_t)(n - tb->max_insns) * sizeof(*v));
        tb->insns = v;
        tb->max_insns = n;
    }
    struct qemu_plugin_insn *in = &tb->insns[tb->n_insns++];
    in->tb = tb;
    in->vaddr = pc;
    in->exec.n = 0;
    in->mem.n = 0;
    return in;
}

/* ---- emission helpers ---- */

/* An add held back: raw 0 arena offset loc, 1 address loc, 2 per-vCPU address (lifted
 * callbacks: loc + ((cpu_index & mask) << shift)). lifted: a lifted callback's, so it must be
 * exact wherever plugin code may look or a fault may stop the block. */
typedef struct Pending {
    uint64_t loc;
    uint64_t imm;
    int raw;
    uint32_t mask;
    uint8_t shift;
    bool lifted;
} Pending;

#define MAX_PENDING 16

typedef struct Lower {
    PluginMgr *m;
    IRContext *c;
    bool sys;                          /* full-system translation */
    int mmu_idx;
    Pending pend[MAX_PENDING];
    int n_pend;
} Lower;

void plugin_set_ctr_ptr(PluginMgr *m, VCPU *cpu)
{
    if (!m->hot_set)
        cpu->ctr_ptr = &cpu->ctr_dummy;
    else if (m->hot_raw)
        cpu->ctr_ptr = (uint64_t *)(uintptr_t)m->hot_loc;
    else
        cpu->ctr_ptr = (uint64_t *)((uint8_t *)cpu->plugin_state + m->hot_loc);
}

/* Where the backend finds a counter: 0 arena offset, 1 raw pointer, 2 the counter register. */
static int counter_where(Lower *L, int raw, uint64_t loc)
{
    PluginMgr *m = L->m;
    if (!m->hot_set && !rt_counter_reg(m->rt))
        return raw ? 1 : 0;
    if (!m->hot_set) {
        pthread_mutex_lock(&m->lock);
        m->hot_set = true;
        m->hot_raw = raw;
        m->hot_loc = loc;
        for (int v = 0; v < m->n_vcpus; v++)
            if (m->vcpus[v])
                plugin_set_ctr_ptr(m, m->vcpus[v]);
        pthread_mutex_unlock(&m->lock);
    }
    if (m->hot_raw == raw && m->hot_loc == loc)
        return 2;
    return raw ? 1 : 0;
}

static void emit_inline(Lower *L, int raw, uint64_t loc, int op, uint64_t imm)
{
    IROp *o = ir_emit(L->c, IR_OP_plugin_inline, IR_I64);
    o->args[0] = counter_where(L, raw, loc);
    o->args[1] = (int64_t)loc;
    o->args[2] = op;
    o->args[3] = (int64_t)imm;
}

static IRTemp lift_addr(Lower *L, const CbAddr *a);

static void flush_one(Lower *L, Pending *p)
{
    if (!p->imm)
        return;
    if (p->raw == 2) {
        CbAddr a = { p->loc, p->mask, p->shift };
        ir_plugin_hmem(L->c, lift_addr(L, &a), ir_const(L->c, 0), 3, false, p->imm);
    } else {
        emit_inline(L, p->raw, p->loc, QEMU_PLUGIN_INLINE_ADD_U64, p->imm);
    }
    p->imm = 0;
}

static void flush_pending(Lower *L)
{
    for (int i = 0; i < L->n_pend; i++)
        flush_one(L, &L->pend[i]);
    L->n_pend = 0;
}

/* Before an access that may fault: the counter kept in a register is brought up to date (one
 * register add), so a fault leaves it counting exactly the instructions started, as QEMU's
 * per-instruction adds do; so are lifted callbacks' counters (reg false: only those, before
 * other ops that may fault or run plugin code). Other counters in memory stay merged per
 * block. */
static void flush_pending_reg(Lower *L, bool reg)
{
    for (int i = 0; i < L->n_pend; i++) {
        Pending *p = &L->pend[i];
        if (p->imm && (p->lifted || (reg && p->raw != 2 && counter_where(L, p->raw, p->loc) == 2)))
            flush_one(L, p);
    }
}

static void add_pending_at(Lower *L, int raw, uint64_t loc, uint32_t mask, uint8_t shift,
                           uint64_t imm, bool lifted)
{
    for (int i = 0; i < L->n_pend; i++) {
        Pending *p = &L->pend[i];
        if (p->loc == loc && p->raw == raw && p->mask == mask && p->shift == shift) {
            p->imm += imm;
            p->lifted |= lifted;
            return;
        }
    }
    if (L->n_pend == MAX_PENDING)
        flush_pending(L);
    L->pend[L->n_pend++] = (Pending){ loc, imm, raw, mask, shift, lifted };
}

static void add_pending(Lower *L, int raw, uint64_t loc, uint64_t imm)
{
    add_pending_at(L, raw, loc, 0, 0, imm, false);
}

static void do_inline(Lower *L, const PInstr *e)
{
    if (e->op == QEMU_PLUGIN_INLINE_ADD_U64) {
        add_pending(L, e->raw, e->loc, e->imm);
    } else {
        flush_pending(L);
        emit_inline(L, e->raw, e->loc, e->op, e->imm);
    }
}

static int call_flags(int qflags)
{
    switch (qflags) {
    case QEMU_PLUGIN_CB_NO_REGS: return IR_CALL_NO_RWG;
    case QEMU_PLUGIN_CB_R_REGS:  return IR_CALL_NO_WG;
    default:                     return 0;
    }
}

/* A record of size bytes that lives until the next code-cache flush. */
static void *new_rec(PluginMgr *m, size_t size)
{
    void *d = malloc(size);
    if (!d)
        plugin_fatal("out of memory");
    if (m->n_rec == m->max_rec) {
        int n = m->max_rec ? m->max_rec * 2 : 64;
        void **p = realloc(m->rec_pool, (size_t)n * sizeof(*p));
        if (!p)
            plugin_fatal("out of memory");
        m->rec_pool = p;
        m->max_rec = n;
    }
    m->rec_pool[m->n_rec++] = d;
    return d;
}

static PCond *new_cond(PluginMgr *m, const PInstr *e)
{
    PCond *d = new_rec(m, sizeof(*d));
    *d = (PCond){ (qemu_plugin_vcpu_udata_cb_t)e->fn, e->udata, e->loc, e->imm, e->cond, e->raw };
    return d;
}

/* The copy of an instruction's memory subscriptions its helper-made accesses dispatch to. */
static PVMem *new_vmem(PluginMgr *m, const struct qemu_plugin_insn *in, int mmu_idx)
{
    PVMem *r = new_rec(m, sizeof(*r) + (size_t)in->mem.n * sizeof(PInstr));
    r->n = in->mem.n;
    r->mmu_idx = mmu_idx;
    memcpy(r->v, in->mem.v, (size_t)in->mem.n * sizeof(PInstr));
    return r;
}

static IRTemp cpu_index_temp(Lower *L)
{
    IRContext *c = L->c;
    if (__atomic_load_n(&L->m->n_started, __ATOMIC_ACQUIRE) <= 1)
        return ir_const(c, L->m->only_vcpu);
    IRTemp t = ir_temp(c);
    ir_ld_env(c, t, ENV_CPU_INDEX, MO_UL);
    return t;
}

static void sync_pc(IRContext *c, int qflags, uint64_t pc)
{
    if (qflags != QEMU_PLUGIN_CB_NO_REGS)
        ir_st_env(c, ir_const(c, (int64_t)pc), (int)GUEST_PC_OFFSET, MO_Q);
}

/* The thunk a filtered callback's vcall calls when the address passed the filter. */
static void plugin_filter_thunk(VCPU *cpu, const PFilterRec *r, uint64_t vaddr)
{
    if (r->mem)
        ((qemu_plugin_vcpu_mem_cb_t)r->fn)((unsigned)cpu->cpu_index, r->info, vaddr, r->udata);
    else
        ((qemu_plugin_vcpu_udata_cb_t)r->fn)((unsigned)cpu->cpu_index, r->udata);
}

/* A filtered callback: the table test inline (plugin_filter), the callback behind it as a vcall
 * (a conditional call, out of line, that stores the guest registers and pc for the callee and
 * preserves every host register): guest registers stay where they are on the fast path, so
 * such plugins need no call-friendly register pinning. addr is the event's address. */
static void do_filter(Lower *L, const PInstr *e, IRTemp addr, uint64_t pc, bool mem, uint32_t info)
{
    IRContext *c = L->c;
    /* No flush_pending: inline adds go on merging across it (include/qelt-plugin.h: a filtered
     * callback may not see the block's adds yet), or a plugin counting every event inline
     * would pay a memory add per event, each waiting for the last. Lifted callbacks' adds
     * stand for calls, so they are exact here. */
    flush_pending_reg(L, false);
    PFilterRec *r = new_rec(L->m, sizeof(*r));
    *r = (PFilterRec){ e->fn, e->udata, info, mem };
    IRTemp pass = ir_temp(c);
    ir_plugin_filter(c, pass, addr, (const uint64_t *)(uintptr_t)e->loc, e->op, e->imm);
    ir_vcall(c, pass, (void *)plugin_filter_thunk, ir_const(c, (int64_t)(uintptr_t)r),
             mem ? addr : ir_const(c, 0), pc);
}

/* ---- lifted callbacks (runtime/cb-summary.h) ---- */

/* A summary's address now: a constant while one vCPU runs (or without a cpu_index term), else
 * computed from env's cpu_index. */
static bool lift_const_addr(Lower *L, const CbAddr *a, uint64_t *abs)
{
    if (a->mask && __atomic_load_n(&L->m->n_started, __ATOMIC_ACQUIRE) > 1)
        return false;
    *abs = a->base + (a->mask ? (uint64_t)((uint32_t)L->m->only_vcpu & a->mask) << a->shift : 0);
    return true;
}

static IRTemp lift_addr(Lower *L, const CbAddr *a)
{
    IRContext *c = L->c;
    uint64_t abs;
    if (lift_const_addr(L, a, &abs))
        return ir_const(c, (int64_t)abs);
    IRTemp t = ir_temp(c), u = ir_temp(c), v = ir_temp(c), w = ir_temp(c);
    ir_ld_env(c, t, ENV_CPU_INDEX, MO_UL);
    ir_and(c, u, t, ir_const(c, a->mask));
    ir_shl(c, v, u, ir_const(c, a->shift));
    ir_add(c, w, v, ir_const(c, (int64_t)a->base));
    return w;
}

/* Whether a summary's access (as resolved now) may overlap the held-back add at pa. */
static bool lift_overlaps(Lower *L, const CbAddr *a, int size, const CbAddr *pa)
{
    CbAddr r = *a;
    uint64_t abs;
    if (lift_const_addr(L, a, &abs))
        r = (CbAddr){ abs, 0, 0 };
    return cb_overlaps(&r, size, pa, 8);
}

/* The summary of fn as an exec (mem false) or memory callback; NULL when not liftable. */
static const CbSummary *lift_summary(PluginMgr *m, const void *fn, bool mem)
{
    for (int i = 0; i < m->n_lift; i++)
        if (m->lift[i].fn == fn && m->lift[i].mem == mem)
            return m->lift[i].ok ? &m->lift[i].s : NULL;
    if (m->n_lift == m->max_lift) {
        int n = m->max_lift ? m->max_lift * 2 : 16;
        PLift *v = realloc(m->lift, (size_t)n * sizeof(*v));
        if (!v)
            plugin_fatal("out of memory");
        m->lift = v;
        m->max_lift = n;
    }
    PLift *e = &m->lift[m->n_lift++];
    e->fn = fn;
    e->mem = mem;
    CbSig sig = mem ? (CbSig){ 4, (1u << 1) | (1u << 3) } : (CbSig){ 2, 1u << 1 };
    e->ok = backend_lift_summarize(fn, sig, &e->s);
    if (m->lift_log) {   /* QELT_CALLBACK_LIFT_LOG=1: which callbacks were lifted (tests) */
        Dl_info di;
        const char *name = dladdr(fn, &di) && di.dli_sname ? di.dli_sname : "?";
        if (e->ok)
            fprintf(stderr, "qelt: callback %s lifted (%d guards, %d effects)\n", name,
                    e->s.n_guards, e->s.n_effects);
        else
            fprintf(stderr, "qelt: callback %s not lifted\n", name);
    }
    return e->ok ? &e->s : NULL;
}

static uint64_t lift_val(const CbVal *v, const uint64_t *args)
{
    if (v->arg < 0)
        return v->k;
    uint64_t x = args[v->arg];
    return v->bits >= 64 ? x : x & ((1ull << v->bits) - 1);
}

/* Where a held-back add lives, as a summary address (false for arena offsets, never plugin
 * memory). */
static bool pend_addr(const Pending *p, CbAddr *a)
{
    if (p->raw == 0)
        return false;
    *a = (CbAddr){ p->loc, p->raw == 2 ? p->mask : 0, p->raw == 2 ? p->shift : 0 };
    return true;
}

static void adj_add(PLiftAdj *adj, int *n, const Pending *p, uint64_t before, uint64_t after)
{
    for (int i = 0; i < *n; i++)
        if (adj[i].loc == p->loc && adj[i].raw == p->raw && adj[i].mask == p->mask &&
            adj[i].shift == p->shift) {
            adj[i].after += after;
            return;
        }
    adj[(*n)++] = (PLiftAdj){ p->loc, before, after, p->mask, p->shift, (uint8_t)p->raw };
}

/* A lifted event's slow path (vcall from generated code): the real callback, with every add
 * the block holds back in memory while it runs, taken out again after it (the block adds
 * them, and this event's adds, later). */
static void plugin_lift_slow(VCPU *cpu, const PLiftRec *r, uint64_t vaddr)
{
    uint64_t *p[MAX_PENDING + CB_MAX_EFFECTS];
    for (int i = 0; i < r->n; i++) {
        const PLiftAdj *a = &r->adj[i];
        p[i] = a->raw == 0 ? (uint64_t *)((uint8_t *)cpu->plugin_state + a->loc)
             : a->raw == 1 ? (uint64_t *)(uintptr_t)a->loc
             : (uint64_t *)(uintptr_t)(a->loc + ((uint64_t)((uint32_t)cpu->cpu_index & a->mask)
                                                 << a->shift));
        *p[i] += a->before;
    }
    if (r->reload) {   /* a plain access of the user-mode guest: its value is in memory */
        uint64_t v = 0;
        unsigned size = 1u << (r->info & 3);
        const void *h = rt_guest_probe(cpu, vaddr, size, RT_PROBE_READ | RT_PROBE_NOFAULT,
                                       r->mmu_idx);
        if (h && h != RT_PROBE_FAULT)
            memcpy(&v, h, size);
        cpu->scratch[PLUGIN_MEMVAL_SLOT] = v;
    }
    if (r->mem)
        ((qemu_plugin_vcpu_mem_cb_t)r->fn)((unsigned)cpu->cpu_index, r->info, vaddr, r->udata);
    else
        ((qemu_plugin_vcpu_udata_cb_t)r->fn)((unsigned)cpu->cpu_index, r->udata);
    for (int i = 0; i < r->n; i++)
        *p[i] -= r->adj[i].after;
}

/* An exec or memory callback event through its function's summary: guards, a vcall of the
 * real function when one fails, then the effects (stores skipped on that path, adds held
 * back and merged). False: not liftable (the caller emits the call). */
static bool do_lift(Lower *L, const PInstr *e, bool mem, uint32_t info, IRTemp vaddr, uint64_t pc,
                    bool reload)
{
    IRContext *c = L->c;
    if (L->m->lift_off || e->flags != QEMU_PLUGIN_CB_NO_REGS)
        return false;
    const CbSummary *s = lift_summary(L->m, e->fn, mem);
    if (!s)
        return false;
    uint64_t args[CB_MAX_ARGS] = { 0, mem ? info : (uint64_t)(uintptr_t)e->udata, 0,
                                   (uint64_t)(uintptr_t)e->udata };
    for (int i = 0; i < s->n_guards; i++) {
        const CbGuard *g = &s->g[i];
        if (!g->is_arg)
            continue;
        uint64_t x = args[g->arg_l] & (g->bits_l >= 64 ? ~0ull : (1ull << g->bits_l) - 1);
        if ((x == g->v.k) != g->eq)
            return false;   /* another path of the function: keep the call */
    }
    /* Held-back adds to what the guards read or the stores write: up to date first. */
    for (int k = 0; k < L->n_pend; k++) {
        CbAddr pa;
        if (!L->pend[k].imm || !pend_addr(&L->pend[k], &pa))
            continue;
        bool hit = false;
        for (int i = 0; i < s->n_guards && !hit; i++)
            hit = !s->g[i].is_arg && lift_overlaps(L, &s->g[i].a, s->g[i].size, &pa);
        for (int i = 0; i < s->n_effects && !hit; i++)
            hit = s->e[i].kind == CB_STORE && lift_overlaps(L, &s->e[i].a, s->e[i].size, &pa);
        if (hit)
            flush_one(L, &L->pend[k]);
    }
    /* The counter the back end keeps in a register (counter_where) lags in memory: flushed
     * before guards reading it or stores writing it (and before any while none is chosen:
     * a later choice may pick what they touch). */
    bool flush_ctr = false;
    CbAddr hot = { L->m->hot_loc, 0, 0 };
    bool hot_abs = L->m->hot_set && L->m->hot_raw == 1;   /* lifted code touches only these */
    for (int i = 0; i < s->n_guards; i++)
        flush_ctr |= !s->g[i].is_arg &&
                     (!L->m->hot_set || (hot_abs && lift_overlaps(L, &s->g[i].a, s->g[i].size, &hot)));
    for (int i = 0; i < s->n_effects; i++)
        flush_ctr |= s->e[i].kind == CB_STORE &&
                     (!L->m->hot_set || (hot_abs && lift_overlaps(L, &s->e[i].a, s->e[i].size, &hot)));
    if (flush_ctr) {
        IROp *o = ir_emit(c, IR_OP_plugin_inline, IR_I64);
        o->args[0] = 2;
        o->args[1] = 0;
        o->args[2] = QEMU_PLUGIN_INLINE_ADD_U64;
        o->args[3] = 0;
    }
    /* The event's adds, as held-back entries. */
    Pending mine[CB_MAX_EFFECTS];
    int n_mine = 0;
    for (int i = 0; i < s->n_effects; i++) {
        const CbEffect *f = &s->e[i];
        if (f->kind != CB_ADD)
            continue;
        uint64_t abs, v = lift_val(&f->v, args);
        if (lift_const_addr(L, &f->a, &abs))
            mine[n_mine++] = (Pending){ abs, v, 1, 0, 0, true };
        else
            mine[n_mine++] = (Pending){ f->a.base, v, 2, f->a.mask, f->a.shift, true };
    }
    IRTemp slow = IR_NOTEMP;
    for (int i = 0; i < s->n_guards; i++) {
        const CbGuard *g = &s->g[i];
        if (g->is_arg)
            continue;
        IRTemp d = ir_temp(c);
        ir_plugin_guard(c, d, lift_addr(L, &g->a), __builtin_ctz(g->size), !g->eq,
                        lift_val(&g->v, args));
        if (slow != IR_NOTEMP) {
            IRTemp o = ir_temp(c);
            ir_or(c, o, slow, d);
            d = o;
        }
        slow = d;
    }
    /* Stores first, skipped on the slow path (the real function makes its own): the
     * guard's flags serve both branches. */
    IRTemp skip = slow != IR_NOTEMP ? slow : ir_const(c, 0);
    for (int i = 0; i < s->n_effects; i++) {
        const CbEffect *f = &s->e[i];
        if (f->kind == CB_STORE)
            ir_plugin_hmem(c, lift_addr(L, &f->a), skip, __builtin_ctz(f->size), true,
                           lift_val(&f->v, args));
    }
    if (slow != IR_NOTEMP) {
        PLiftRec *r = new_rec(L->m, sizeof(*r) + (size_t)(L->n_pend + n_mine) * sizeof(PLiftAdj));
        *r = (PLiftRec){ e->fn, e->udata, info, mem, reload, L->mmu_idx, 0 };
        for (int k = 0; k < L->n_pend; k++)
            if (L->pend[k].imm)
                adj_add(r->adj, &r->n, &L->pend[k], L->pend[k].imm, L->pend[k].imm);
        for (int k = 0; k < n_mine; k++)
            adj_add(r->adj, &r->n, &mine[k], 0, mine[k].imm);
        ir_vcall(c, slow, (void *)plugin_lift_slow, ir_const(c, (int64_t)(uintptr_t)r),
                 mem ? vaddr : ir_const(c, 0), pc);
    }
    for (int k = 0; k < n_mine; k++)
        add_pending_at(L, mine[k].raw, mine[k].loc, mine[k].mask, mine[k].shift, mine[k].imm, true);
    return true;
}

/* An exec subscription (block or instruction start). */
static void do_exec(Lower *L, const PInstr *e, uint64_t pc)
{
    IRContext *c = L->c;
    if (e->kind == PI_INLINE) {
        do_inline(L, e);
        return;
    }
    if (e->kind == PI_FILTER) {
        do_filter(L, e, ir_const(c, (int64_t)pc), pc, false, 0);
        return;
    }
    if (e->kind == PI_CB && do_lift(L, e, false, 0, IR_NOTEMP, pc, false))
        return;
    flush_pending(L);
    rt_plugins_call_out(L->m->rt);
    sync_pc(c, e->flags, pc);
    if (e->kind == PI_COND) {
        IRTemp a[1] = { ir_const(c, (int64_t)(uintptr_t)new_cond(L->m, e)) };
        ir_call(c, (void *)plugin_cond_helper, call_flags(e->flags) | IR_CALL_ENV, IR_NOTEMP, 1, a);
        return;
    }
    IRTemp a[2] = { cpu_index_temp(L), ir_const(c, (int64_t)(uintptr_t)e->udata) };
    ir_call(c, e->fn, call_flags(e->flags) | IR_CALL_CALLBACK, IR_NOTEMP, 2, a);
}

/* The memory subscriptions of insn for one access (rw = R or W) whose value is in val (or is
 * computed by make_val on first need). */
typedef IRTemp (*ValFn)(Lower *L, const IROp *acc, IRTemp saved);

static void do_mem(Lower *L, const struct qemu_plugin_insn *in, int rw, uint32_t info,
                   IRTemp addr, IRTemp val, ValFn make_val, const IROp *acc, IRTemp saved)
{
    IRContext *c = L->c;
    bool stored = false;
    for (int k = 0; k < in->mem.n; k++) {
        const PInstr *e = &in->mem.v[k];
        if (!(e->rw & rw))
            continue;
        if (e->kind == PI_INLINE) {
            do_inline(L, e);
            continue;
        }
        /* A lifted callback of a plain user-mode access needs the value only on its slow
         * path, which reads it back from guest memory. */
        bool reload = !stored && !L->sys && e->kind == PI_CB &&
                      (acc->opc == IR_OP_gld || acc->opc == IR_OP_gst);
        if (!stored && !reload) {
            if (val == IR_NOTEMP)
                val = make_val(L, acc, saved);
            ir_st_env(c, val, ENV_MEMVAL, MO_Q);
            stored = true;
        }
        if (e->kind == PI_FILTER) {
            do_filter(L, e, addr, in->vaddr, true, info);
            continue;
        }
        if (e->kind == PI_CB && do_lift(L, e, true, info, addr, in->vaddr, reload))
            continue;
        if (!stored) {
            ir_st_env(c, val, ENV_MEMVAL, MO_Q);   /* val: a plain access's (reload) */
            stored = true;
        }
        flush_pending(L);
        rt_plugins_call_out(L->m->rt);
        sync_pc(c, e->flags, in->vaddr);
        IRTemp a[4] = { cpu_index_temp(L), ir_const(c, info), addr,
                        ir_const(c, (int64_t)(uintptr_t)e->udata) };
        ir_call(c, e->fn, call_flags(e->flags) | IR_CALL_CALLBACK, IR_NOTEMP, 4, a);
    }
}

/* The value an atomic read-modify-write stored. acc is a copy of the access op. */
static IRTemp atomic_new_value(Lower *L, const IROp *acc, IRTemp v)
{
    IRContext *c = L->c;
    IRTemp old = (IRTemp)acc->args[0];
    IRTemp t = ir_temp(c);
    int mo = (int)acc->args[acc->opc == IR_OP_gatomic ? 3 : 4];
    IRType ty = (mo & MO_SIZE) == MO_64 ? IR_I64 : IR_I32;
    if (acc->opc == IR_OP_gcmpxchg) {
        /* Stored: new when old == expected, else old written back. */
        IRTemp expected = (IRTemp)acc->args[2];
        ir_movcond(c, IR_I64, IR_EQ, t, old, expected, v, old);
        return t;
    }
    switch ((IRAtomicOp)acc->args[4]) {
    case IR_AXCHG: ir_mov(c, t, v); break;
    case IR_AADD:  ir_add(c, t, old, v); break;
    case IR_AAND:  ir_and(c, t, old, v); break;
    case IR_AOR:   ir_or(c, t, old, v); break;
    case IR_AXOR:  ir_xor(c, t, old, v); break;
    case IR_ASMIN: ir_movcond(c, ty, IR_LT, t, old, v, old, v); break;
    case IR_ASMAX: ir_movcond(c, ty, IR_GT, t, old, v, old, v); break;
    case IR_AUMIN: ir_movcond(c, ty, IR_LTU, t, old, v, old, v); break;
    case IR_AUMAX: ir_movcond(c, ty, IR_GTU, t, old, v, old, v); break;
    }
    return t;
}

static bool has_mem_cb(const struct qemu_plugin_insn *in, int rw)
{
    for (int k = 0; k < in->mem.n; k++)
        if (in->mem.v[k].kind != PI_INLINE && (in->mem.v[k].rw & rw))
            return true;
    return false;
}

static uint32_t meminfo(int mo, bool store)
{
    return (uint32_t)(mo & MO_SIZE) | ((mo & MO_SIGN) ? MI_SIGN : 0) | (store ? MI_STORE : 0);
}

/* ---- the pass ---- */

/* Whether instruction idx makes its accesses in a helper (element by element), so that
 * VCPU.plugin_mem_ctx must be set at its start. */
static bool insn_is_helper_mem(const struct qemu_plugin_tb *tb, int idx)
{
    if (idx < 0 || (size_t)idx >= tb->n_insns || tb->insns[idx].size < 4)
        return false;
    const uint8_t *b = tb->insns[idx].data;
    return rv_insn_is_vmem((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                           (uint32_t)b[3] << 24);
}

static void lower(PluginMgr *m, IRContext *c, struct qemu_plugin_tb *tb, bool sys, int mmu_idx)
{
    int n = c->nb_ops;
    if (n > m->max_old_ops) {
        free(m->old_ops);
        m->max_old_ops = n * 2;
        m->old_ops = malloc((size_t)m->max_old_ops * sizeof(IROp));
        if (!m->old_ops)
            plugin_fatal("out of memory");
    }
    IROp *old = m->old_ops;
    memcpy(old, c->ops, (size_t)n * sizeof(IROp));
    c->nb_ops = 0;

    Lower L = { .m = m, .c = c, .sys = sys, .mmu_idx = mmu_idx };
    IROp acc;                  /* copy of the last guest access */
    bool have_acc = false;
    IRTemp saved = IR_NOTEMP;  /* copy of an atomic's operand taken before it */
    int cur = -1;

    for (int i = 0; i < n; i++) {
        const IROp *op = &old[i];
        if (op->opc == IR_OP_plugin_cb) {
            if (op->args[0] == RV_PLUGIN_CB_TB) {
                int s = (int)op->args[1];
                const struct qemu_plugin_tb *sb = s >= 0 && s < m->n_seg ? &m->seg[s] : NULL;
                for (int k = 0; sb && k < sb->exec.n; k++)
                    do_exec(&L, &sb->exec.v[k], sb->vaddr);
            } else {
                cur = (int)op->args[1];
                if (cur >= 0 && (size_t)cur < tb->n_insns) {
                    const struct qemu_plugin_insn *in = &tb->insns[cur];
                    for (int k = 0; k < in->exec.n; k++)
                        do_exec(&L, &in->exec.v[k], in->vaddr);
                    if (insn_is_helper_mem(tb, cur)) {
                        /* Its accesses come from a helper: their subscriptions (NULL: none,
                         * so a record of another instruction is never used). */
                        const PVMem *r = in->mem.n ? new_vmem(m, in, mmu_idx) : NULL;
                        ir_st_env(c, ir_const(c, (int64_t)(uintptr_t)r), ENV_MEM_CTX, MO_Q);
                    }
                }
            }
            continue;
        }
        if (op->opc == IR_OP_plugin_mem) {
            int idx = (int)op->args[2];
            if (!have_acc || idx < 0 || (size_t)idx >= tb->n_insns)
                continue;
            const struct qemu_plugin_insn *in = &tb->insns[idx];
            if (!in->mem.n)
                continue;
            IRTemp addr = (IRTemp)op->args[0];
            int mo = (int)(op->args[1] & 0xff) & ~MO_ALIGN;
            switch (acc.opc) {
            case IR_OP_gld:
                do_mem(&L, in, QEMU_PLUGIN_MEM_R, meminfo(mo, false), addr,
                       (IRTemp)acc.args[0], NULL, &acc, IR_NOTEMP);
                break;
            case IR_OP_gst:
                do_mem(&L, in, QEMU_PLUGIN_MEM_W, meminfo(mo, true), addr,
                       (IRTemp)acc.args[0], NULL, &acc, IR_NOTEMP);
                break;
            default:   /* gatomic / gcmpxchg: load then store */
                do_mem(&L, in, QEMU_PLUGIN_MEM_R, meminfo(mo, false), addr,
                       (IRTemp)acc.args[0], NULL, &acc, IR_NOTEMP);
                do_mem(&L, in, QEMU_PLUGIN_MEM_W, meminfo(mo, true), addr, IR_NOTEMP,
                       atomic_new_value, &acc, saved);
                break;
            }
            have_acc = false;
            continue;
        }
        if (op->opc == IR_OP_nop)
            continue;
        int fl = ir_op_defs[op->opc].flags;
        if ((fl & IRF_BB_END) || op->opc == IR_OP_call)
            flush_pending(&L);
        else if (fl & (IRF_MEM | IRF_FAULT))
            flush_pending_reg(&L, (fl & IRF_MEM) != 0);
        saved = IR_NOTEMP;
        if ((op->opc == IR_OP_gatomic || op->opc == IR_OP_gcmpxchg) && cur >= 0 &&
            (size_t)cur < tb->n_insns && has_mem_cb(&tb->insns[cur], QEMU_PLUGIN_MEM_W)) {
            /* The operand may be the register the access overwrites: keep a copy. */
            saved = ir_temp(c);
            ir_mov(c, saved, (IRTemp)op->args[op->opc == IR_OP_gatomic ? 2 : 3]);
        }
        IROp *o = ir_emit(c, (IROpcode)op->opc, (IRType)op->type);
        *o = *op;
        if (fl & IRF_MEM) {
            acc = *op;
            have_acc = true;
        }
    }
    flush_pending(&L);
}

/* ---- hooks called by the runtime ---- */

void plugin_tb_trans_hook(RtPluginHooks *h, IRContext *c, const GuestTranslateEnv *te,
                          const GuestTBInfo *info)
{
    PluginMgr *m = (PluginMgr *)h;   /* hooks is PluginMgr's first member */
    struct qemu_plugin_tb *tb = &m->tb;
    view_reset(tb, info->pc);
    for (int i = 0; i < c->nb_ops; i++)
        if (c->ops[i].opc == IR_OP_insn_start)
            view_add_insn(tb, (uint64_t)c->ops[i].args[0]);
    if (tb->n_insns > info->n_insns)
        tb->n_insns = info->n_insns;
    uint64_t end = info->pc + info->size;
    for (size_t i = 0; i < tb->n_insns; i++) {
        struct qemu_plugin_insn *in = &tb->insns[i];
        uint64_t next = i + 1 < tb->n_insns ? tb->insns[i + 1].vaddr : end;
        in->size = next > in->vaddr ? (uint32_t)(next - in->vaddr) : 0;
        if (in->size > sizeof(in->data))
            in->size = sizeof(in->data);
        /* Through the front end's fetch (full-system: the code's page may map anywhere). */
        in->haddr = (void *)guest_code_ptr(te, in->vaddr);
        for (uint32_t k = 0; k < in->size; k++) {
            const uint8_t *b = guest_code_ptr(te, in->vaddr + k);
            in->data[k] = b ? *b : 0;
        }
    }
    /* The blocks plugins see: a superblock's segments (each starting at a block-start
     * placeholder) in path order, each translated as QEMU would translate that block alone. */
    m->n_seg = 0;
    size_t at = 0;
    for (int i = 0; i < c->nb_ops; i++) {
        const IROp *op = &c->ops[i];
        if (op->opc == IR_OP_insn_start) {
            at++;
        } else if (op->opc == IR_OP_plugin_cb && op->args[0] == RV_PLUGIN_CB_TB &&
                   op->args[1] == m->n_seg && m->n_seg < IR_MAX_EXIT_SLOTS) {
            struct qemu_plugin_tb *sb = &m->seg[m->n_seg++];
            sb->mgr = m;
            sb->cur = NULL;
            sb->insns = tb->insns + (at < tb->n_insns ? at : tb->n_insns);
            sb->n_insns = tb->n_insns - (at < tb->n_insns ? at : tb->n_insns);
            sb->vaddr = sb->n_insns ? sb->insns[0].vaddr : info->pc;
            sb->exec.n = 0;
            if (m->n_seg > 1)
                m->seg[m->n_seg - 2].n_insns = (size_t)(sb->insns - m->seg[m->n_seg - 2].insns);
        }
    }
    for (int s = 0; s < m->n_seg; s++) {
        struct qemu_plugin_tb *sb = &m->seg[s];
        for (size_t k = 0; k < sb->n_insns; k++)
            sb->insns[k].tb = sb;
        if (!sb->n_insns)
            continue;   /* a segment rolled back to nothing: not a block */
        for (int i = 0; i < m->n_plugins; i++) {
            PluginCtx *p = m->plugins[i];
            if (p->tb_trans) {
                sb->cur = p;
                p->tb_trans(p->id, sb);
            }
        }
        sb->cur = NULL;
    }
    lower(m, c, tb, te->sys, te->sys ? (int)RV_TBF_MMU(te->tb_flags) : 0);
}

void plugin_flush_hook(RtPluginHooks *h)
{
    PluginMgr *m = (PluginMgr *)h;
    /* No translation refers to the conditional-callback records or the counter register any
     * more (generated code left it in memory on its way out). */
    pthread_mutex_lock(&m->lock);
    m->hot_set = false;
    for (int v = 0; v < m->n_vcpus; v++)
        if (m->vcpus[v])
            plugin_set_ctr_ptr(m, m->vcpus[v]);
    pthread_mutex_unlock(&m->lock);
    for (int i = 0; i < m->n_rec; i++)
        free(m->rec_pool[i]);
    m->n_rec = 0;
    m->n_lift = 0;   /* summaries again on demand (an uninstalled plugin's code may be gone) */
    for (int i = 0; i < m->n_plugins; i++) {
        PluginCtx *p = m->plugins[i];
        if (p->flush)
            p->flush(p->id);
    }
}

/* VCPU.helper_mem_cb: one element access of a helper, after it happened. Dispatches to the
 * instruction's subscriptions as the lowering above does for generated accesses: inline ops,
 * then callbacks with the meminfo encoding (never sign-extended, as qemu-riscv64 7.2 reports
 * vector element loads) and the element's value left for mem_get_value. */
void plugin_helper_mem(VCPU *cpu, uint64_t va, unsigned size_log2, bool store)
{
    const PVMem *r = cpu->plugin_mem_ctx;
    if (!r)
        return;
    int rw = store ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
    uint32_t info = meminfo((int)size_log2, store);
    bool have_val = false;
    for (int k = 0; k < r->n; k++) {
        const PInstr *e = &r->v[k];
        if (!(e->rw & rw))
            continue;
        if (e->kind == PI_INLINE) {
            uint64_t *p = e->raw ? (uint64_t *)(uintptr_t)e->loc
                                 : (uint64_t *)((uint8_t *)cpu->plugin_state + e->loc);
            *p = e->op == QEMU_PLUGIN_INLINE_ADD_U64 ? *p + e->imm : e->imm;
            continue;
        }
        if (e->kind == PI_FILTER && !plugin_filter_passes(e, va))
            continue;
        if (!have_val) {
            uint64_t v = 0;
            const void *h = rt_guest_probe(cpu, va, 1u << size_log2,
                                           RT_PROBE_READ | RT_PROBE_NOFAULT, r->mmu_idx);
            if (h && h != RT_PROBE_FAULT)
                memcpy(&v, h, 1u << size_log2);
            cpu->scratch[PLUGIN_MEMVAL_SLOT] = v;
            have_val = true;
        }
        ((qemu_plugin_vcpu_mem_cb_t)e->fn)((unsigned)cpu->cpu_index, info, va, e->udata);
    }
}

void plugin_cond_helper(VCPU *cpu, const PCond *d)
{
    const uint64_t *p = d->raw ? (const uint64_t *)(uintptr_t)d->loc
                               : (const uint64_t *)((uint8_t *)cpu->plugin_state + d->loc);
    uint64_t v = *p, imm = d->imm;
    bool ok;
    switch (d->cond) {
    case QEMU_PLUGIN_COND_EQ: ok = v == imm; break;
    case QEMU_PLUGIN_COND_NE: ok = v != imm; break;
    case QEMU_PLUGIN_COND_LT: ok = v < imm; break;
    case QEMU_PLUGIN_COND_LE: ok = v <= imm; break;
    case QEMU_PLUGIN_COND_GT: ok = v > imm; break;
    case QEMU_PLUGIN_COND_GE: ok = v >= imm; break;
    case QEMU_PLUGIN_COND_ALWAYS: ok = true; break;
    default: ok = false; break;
    }
    if (ok)
        d->fn((unsigned)cpu->cpu_index, d->udata);
}
