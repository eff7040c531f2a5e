/*
 * The execution loop: run translated code, chain blocks, and turn what comes back (exits,
 * host faults inside generated code) into precise guest events for the OS layer.
 *
 * Invariants: cpu->g.pc is exact whenever control is outside generated code; a fault in
 * generated code is mapped to the guest instruction through the TB's instruction map, pinned
 * guest registers are read back from the signal context, and control resumes at cpu_exec's
 * landing point with sigsetjmp/siglongjmp (the only non-local jump in the runtime).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

#include "tb.h"
#include "perfmap.h"

#define DEFAULT_CODE_CACHE (256u << 20)
/* Full-system: a whole OS's code (QEMU's default for system emulation is 1 GiB too); pages
 * are only committed as chunks are first filled. */
#define DEFAULT_CODE_CACHE_SYS (1024ull << 20)
#define DEFAULT_MAX_INSNS 256

/* Internal landing codes for siglongjmp besides IRExitReason values. */
#define LJ_RETRY 0x100   /* state is precise, just look the pc up again */

__thread VCPU *rt_self;   /* the vCPU this host thread runs (flushes need to know) */

/* Generated code runs only between these two while several vCPUs exist (a single vCPU skips the
 * accounting: only it could create another, from a system call, outside generated code).
 * Entering takes no lock (tb.h): set exec_running, then look at excl_pending; an exclusive
 * section sets excl_pending, then waits until it sees no exec_running set. */
void rt_exec_start(Runtime *rt, VCPU *cpu)
{
    if (__atomic_load_n(&rt->n_vcpus, __ATOMIC_ACQUIRE) <= 1)
        return;
    for (;;) {
        __atomic_store_n(&cpu->exec_running, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&rt->excl_pending, __ATOMIC_SEQ_CST))
            return;
        rt_exec_end(rt, cpu);
        pthread_mutex_lock(&rt->excl_lock);
        while (rt->excl_pending)
            pthread_cond_wait(&rt->excl_cond, &rt->excl_lock);
        pthread_mutex_unlock(&rt->excl_lock);
    }
}

void rt_exec_end(Runtime *rt, VCPU *cpu)
{
    if (!cpu || !cpu->exec_running)
        return;
    __atomic_store_n(&cpu->exec_running, 0, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&rt->excl_pending, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&rt->excl_lock);
        pthread_cond_broadcast(&rt->excl_cond);
        pthread_mutex_unlock(&rt->excl_lock);
    }
}

/* Is a vCPU other than self between rt_exec_start and rt_exec_end (excl_lock held)? */
static bool others_running(Runtime *rt, VCPU *self)
{
    bool any = false;
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus && !any; v++)
        any = rt->vcpus[v] != self && __atomic_load_n(&rt->vcpus[v]->exec_running, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&rt->vcpus_lock);
    return any;
}

bool rt_start_exclusive(Runtime *rt)
{
    if (__atomic_load_n(&rt->n_vcpus, __ATOMIC_ACQUIRE) <= 1)
        return false;
    VCPU *self = rt_self;
    bool self_running = self && self->exec_running;
    if (self_running)   /* from a helper: our block is left right after */
        rt_exec_end(rt, self);
    pthread_mutex_lock(&rt->excl_lock);
    while (rt->excl_pending)   /* another vCPU's exclusive section first */
        pthread_cond_wait(&rt->excl_cond, &rt->excl_lock);
    __atomic_store_n(&rt->excl_pending, true, __ATOMIC_SEQ_CST);
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus; v++)
        if (rt->vcpus[v] != self)
            cpu_exit_request(rt->vcpus[v]);
    pthread_mutex_unlock(&rt->vcpus_lock);
    while (others_running(rt, self))
        pthread_cond_wait(&rt->excl_cond, &rt->excl_lock);
    if (self_running)
        __atomic_store_n(&self->exec_running, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&rt->excl_lock);
    return true;
}

void rt_end_exclusive(Runtime *rt)
{
    pthread_mutex_lock(&rt->excl_lock);
    __atomic_store_n(&rt->excl_pending, false, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&rt->excl_cond);
    pthread_mutex_unlock(&rt->excl_lock);
}

/* Fork (see runtime.h): the translator's locks are held across the host fork, and no other
 * vCPU is in generated code (an exclusive section), so the child's copy of the code cache,
 * the page lists and the accounting is consistent. Lock order: [exclusive], rt->lock,
 * gm->lock; excl_lock and excl_cond are not held (only other vCPUs wait there) and are made
 * anew in the child, whose waiters would be threads it does not have. */
void rt_fork_prepare(Runtime *rt)
{
    rt->fork_excl = rt_start_exclusive(rt);
    pthread_mutex_lock(&rt->lock);
    rt_fork_locks(rt, 0);
    pthread_mutex_lock(&rt->gm->lock);
}

void rt_fork_parent(Runtime *rt)
{
    pthread_mutex_unlock(&rt->gm->lock);
    rt_fork_locks(rt, 1);
    pthread_mutex_unlock(&rt->lock);
    if (rt->fork_excl)
        rt_end_exclusive(rt);
}

void rt_fork_child(Runtime *rt, VCPU *self)
{
    pthread_mutex_init(&rt->gm->lock, NULL);
    pthread_mutex_init(&rt->excl_lock, NULL);
    rt_fork_locks(rt, 2);
    pthread_mutex_init(&self->jcq_lock, NULL);
    pthread_cond_init(&rt->excl_cond, NULL);
    rt->excl_pending = false;
    self->exec_running = 0;
    /* The other vCPUs' threads do not exist here: drop them (their VCPUs are left allocated,
     * as for exited threads), so flushes wait for nobody and the dispatcher counts nothing. */
    if (rt->vcpus) {
        rt->vcpus[0] = self;
        __atomic_store_n(&rt->n_vcpus, 1, __ATOMIC_RELEASE);
    }
    rt->fork_excl = false;
    pthread_mutex_init(&rt->lock, NULL);
    perfmap_reopen_child(rt->opts.perfmap);
}

void cpu_exit_request(VCPU *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
    if (cpu->rt->is_sys)   /* its jump-cache entries check exit_request (chain_entry 0) */
        return;
    for (unsigned i = 0; i < QELT_JC_SIZE; i++)
        vcpu_jc_clear(cpu->jc, i);
}

static void *hook_lookup_ptr(VCPU *cpu)
{
    Runtime *rt = cpu->rt;
    if (cpu->exit_request)
        return NULL;
    cpu->stat_jc_miss++;
    bool fault;
    TranslationBlock *tb = tb_lookup_fast(rt, cpu, cpu->g.pc, &fault, true);
    if (tb || fault)
        return tb ? tb->code : NULL;
    uint64_t flush = rt->flush_count;
    /* Translating takes rt->lock, which a flusher holds while it waits for running vCPUs. */
    bool counted = cpu->exec_running;
    rt_exec_end(rt, cpu);
    tb = tb_lookup(rt, cpu, cpu->g.pc);
    if (counted)
        rt_exec_start(rt, cpu);
    if (!tb || rt->flush_count != flush)
        return NULL;   /* the cache was flushed under us, or a fetch fault: the dispatcher */
    return tb->code;
}

static void hook_bad_address(VCPU *cpu, uint64_t addr, int kind)
{
    if (kind == 2)
        cpu_loop_exit(cpu, EXIT_ILLEGAL);
    cpu->fault_signo = kind ? SIGBUS : SIGSEGV;
    cpu->fault_code = kind ? BUS_ADRALN : SEGV_MAPERR;
    cpu->fault_addr = addr;
    cpu_loop_exit(cpu, EXIT_FAULT);
}

_Static_assert(IR_MAX_EXIT_SLOTS <= 16, "TB pointers (16-byte aligned) carry the slot");

/* (Re)create the back end and its trampolines at the start of the (empty) code cache. */
static bool make_backend(Runtime *rt, int extra_opts)
{
    BackendHooks hooks = { hook_lookup_ptr, hook_bad_address, rt->sys.mmu_slow };
    size_t used = 0;
    int beopts = ((rt->opts.log_mask & LOG_NOCHAIN) ? BACKEND_NO_INLINE_LOOKUP : 0) | extra_opts |
                 (rt->opts.softmmu ? BACKEND_SOFTMMU : 0) |
                 (rt->user_flags ? BACKEND_JC_KEYED : 0) |
                 (!rt->opts.softmmu && rt->gm && rt->gm->zero_base ? BACKEND_ZERO_BASE : 0);
    Backend *be = backend_new(&rt->ir, rt->code_buf, rt->code_buf_size, &used, &hooks, beopts);
    if (!be)
        return false;
    backend_free(rt->be);
    rt->be = be;
    rt->be_opts = extra_opts;
    if (rt->counter_reg_on)
        backend_counter_enable(be);   /* fresh back end, empty cache: cannot fail */
    rt->code_gen_start = rt->code_buf + used;
    perfmap_add_shared(rt->opts.perfmap, rt->code_buf, used);
    /* The chunks of the (empty) cache; the last one takes the remainder. */
    size_t cs = (rt->code_buf_size - used) / 64;
    rt->chunk_size = cs > RT_CHUNK_MAX ? RT_CHUNK_MAX : cs < RT_CHUNK_MIN ? RT_CHUNK_MIN : cs;
    size_t n = (rt->code_buf_size - used) / rt->chunk_size;
    n = n ? n : 1;
    if (n != rt->n_chunks) {
        Chunk *c = calloc(n, sizeof(*c));
        if (!c)
            return false;
        free(rt->chunks);
        rt->chunks = c;
        rt->n_chunks = n;
    }
    /* The chunks' lists: one lazily committed reservation, each sized for its chunk. */
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = i + 1 == n ? rt->code_buf_size - used - i * rt->chunk_size : rt->chunk_size;
        rt->chunks[i].max = rt_chunk_capacity(len);
        rt->chunks[i].n = 0;
        total += rt->chunks[i].max;
    }
    if (total * sizeof(TranslationBlock *) > rt->chunk_lists_size) {
        if (rt->chunk_lists)
            munmap(rt->chunk_lists, rt->chunk_lists_size);
        rt->chunk_lists_size = total * sizeof(TranslationBlock *);
        rt->chunk_lists = mmap(NULL, rt->chunk_lists_size, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (rt->chunk_lists == MAP_FAILED) {
            rt->chunk_lists = NULL;
            rt->chunk_lists_size = 0;
            return false;
        }
    }
    total = 0;
    for (size_t i = 0; i < n; i++) {
        rt->chunks[i].tbs = rt->chunk_lists + total;
        total += rt->chunks[i].max;
    }
    rt->next_chunk = 0;
    rt->be_gen++;
    rt->flush_count++;   /* translators drop their chunks */
    return true;
}

Runtime *rt_new(GuestMem *gm, const RuntimeOptions *opts)
{
    Runtime *rt = calloc(1, sizeof(*rt));
    if (!rt)
        return NULL;
    rt->gm = gm;
    rt->opts = *opts;
    if (!rt->opts.log)
        rt->opts.log = stderr;
    if (rt->opts.log_mask & LOG_EXEC)
        rt->opts.log_mask |= LOG_NOCHAIN;
    rt->nochain_asked = rt->opts.log_mask & LOG_NOCHAIN;
    if (rt->opts.single_step)
        rt->opts.log_mask |= LOG_NOCHAIN;
    pthread_mutex_init(&rt->lock, NULL);
    pthread_mutex_init(&rt->jmp_lock, NULL);
    pthread_mutex_init(&rt->vcpus_lock, NULL);
    pthread_mutex_init(&rt->excl_lock, NULL);
    pthread_cond_init(&rt->excl_cond, NULL);
    rt->code_buf_size = opts->code_cache_size ? opts->code_cache_size :
                        opts->softmmu ? DEFAULT_CODE_CACHE_SYS : DEFAULT_CODE_CACHE;
    const char *kb = getenv("QELT_CODE_CACHE_KB");   /* tests: force flushes of a full cache */
    if (kb && atol(kb) >= 256)
        rt->code_buf_size = (size_t)atol(kb) << 10;
    rt->code_buf = mmap(NULL, rt->code_buf_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (rt->code_buf == MAP_FAILED) {
        free(rt);
        return NULL;
    }
#ifdef __SANITIZE_ADDRESS__
    /* TB headers (with their chained-jump lists) live in the code cache: let LeakSanitizer
     * scan it, or the lists look lost at exit. */
    __lsan_register_root_region(rt->code_buf, rt->code_buf_size);
#endif
    rt_shards_init(rt);
    rt->hash_bits = opts->softmmu ? TB_HASH_BITS_SYS : TB_HASH_BITS_USER;
    rt->htab = calloc((size_t)1 << rt->hash_bits, sizeof(*rt->htab));
    if (!rt->htab) {
        free(rt);
        return NULL;
    }
    ir_context_init(&rt->ir);
    guest_ir_init(&rt->ir);
    rt->max_insns = DEFAULT_MAX_INSNS;
    rt->te.gm = gm;
    rt->te.fpu_soft = opts->fpu_soft;
    rt->te.isa_ext = opts->isa_ext ? opts->isa_ext : guest_isa_default();
    rt->te.cpu_cfg = opts->cpu_cfg;
    rt->te.max_insns = rt->max_insns;
    rt->te.single_step = rt->opts.single_step;
    rt->te.superblock = !(rt->opts.log_mask & LOG_NOCHAIN) && !getenv("QELT_NO_SUPERBLOCK");
    rt->user_flags = guest_tb_flags_used(&rt->te) != 0;
    rt->shared_tr.ir = &rt->ir;
    rt->shared_tr.te = &rt->te;
    if (!make_backend(rt, 0)) {
        free(rt);
        return NULL;
    }
    return rt;
}

const RuntimeOptions *rt_options(Runtime *rt) { return &rt->opts; }

void rt_set_single_step(Runtime *rt, VCPU *cpu, bool on)
{
    if (rt->opts.single_step == on)
        return;
    rt->opts.single_step = on;
    rt->te.single_step = on;
    if (on || rt->nochain_asked)
        rt->opts.log_mask |= LOG_NOCHAIN;
    else
        rt->opts.log_mask &= ~LOG_NOCHAIN;
    rt->te.superblock = !(rt->opts.log_mask & LOG_NOCHAIN) && !getenv("QELT_NO_SUPERBLOCK");
    rt_flush_all(rt, cpu);
}

void rt_set_sys_hooks(Runtime *rt, const RtSysHooks *h)
{
    rt->sys = *h;
    rt->is_sys = true;
    rt->opts.softmmu = 1;
    rt->te.sys = 1;
    /* superblocks stay: their conditional exits keep to the block's page (rv_chainable) */
    rt->te.code_page = rt_sys_code_page;
    rt->te.code_opaque = &rt->shared_tr;
    pthread_mutex_lock(&rt->lock);
    if (!make_backend(rt, rt->be_opts)) {   /* the slow path's hook is the back end's */
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
    pthread_mutex_unlock(&rt->lock);
}

void rt_set_vcpu_threads(Runtime *rt, int n_vcpus)
{
    cpu_set_t set;
    int host = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
    rt->te.pause_yields = n_vcpus > host;
}

/* Drop every translation and redo the back end (trampolines included) with new options; the
 * caller is outside generated code. Returns with rt->lock held. */
static void remake_backend_locked(Runtime *rt, VCPU *cpu, int extra_opts)
{
    rt_flush_all(rt, cpu);
    pthread_mutex_lock(&rt->lock);
    if (!make_backend(rt, extra_opts)) {
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
}

void rt_set_plugin_hooks(Runtime *rt, RtPluginHooks *h, int max_insns)
{
    /* Instrumented code keeps a counter in a register; once plugins turn out to call out of
     * blocks, rt_plugins_call_out switches to the call-friendly plan. */
    remake_backend_locked(rt, NULL, h ? BACKEND_COUNTER_REG : 0);
    rt->te.plugin_ctx = h;
    if (max_insns > 0)
        rt->max_insns = max_insns;
    pthread_mutex_unlock(&rt->lock);
}

/* From the plugin layer's lowering (any translating thread) or the dispatcher after a flush.
 * Turning the register on bumps be_gen, so the vCPUs' clones follow before they generate
 * code; code their clones made with it off may call out without saving it: then only after a
 * flush. */
bool rt_counter_reg(Runtime *rt)
{
    pthread_mutex_lock(&rt->be_lock);
    bool ok = !rt->clones_unsynced || rt->counter_reg_on;
    if (ok && backend_counter_enable(rt->be)) {
        if (!rt->counter_reg_on)
            rt->be_gen++;
        rt->counter_reg_on = true;
    } else {
        ok = false;
        rt->want_counter_reg = (rt->be_opts & BACKEND_COUNTER_REG) != 0;
    }
    pthread_mutex_unlock(&rt->be_lock);
    return ok;
}

void rt_plugins_call_out(Runtime *rt)
{
    if (!(rt->be_opts & BACKEND_CALL_FRIENDLY))
        rt->want_call_friendly = true;
}

/* Blocks call plugins often: pinning caller-saved registers would cost a save and a reload of
 * each around every call (measured in docs/PERFORMANCE.md), so pin only callee-saved ones.
 * Only from the dispatcher (no generated code runs, the trampolines can be redone), and only
 * with one vCPU: others could be in generated code. */
static void switch_call_friendly(Runtime *rt, VCPU *cpu)
{
    rt->want_call_friendly = false;
    if (rt->n_vcpus > 1 || (rt->be_opts & BACKEND_CALL_FRIENDLY))
        return;
    remake_backend_locked(rt, cpu, BACKEND_CALL_FRIENDLY | BACKEND_COUNTER_REG);
    pthread_mutex_unlock(&rt->lock);
}

VCPU *rt_new_vcpu(Runtime *rt, int cpu_index)
{
    VCPU *cpu = aligned_alloc(64, (sizeof(VCPU) + 63) & ~(size_t)63);
    if (!cpu)
        return NULL;
    memset(cpu, 0, sizeof(*cpu));
    cpu->cpu_index = cpu_index;
    cpu->rt = rt;
    cpu->guest_base = (uint64_t)(uintptr_t)rt->gm->base;
    cpu->addr_limit = GM_ADDR_LIMIT;
    cpu->ctr_ptr = &cpu->ctr_dummy;
    cpu->last_exit_slot = -1;
    for (unsigned i = 0; i < QELT_JC_SIZE; i++)
        vcpu_jc_clear(cpu->jc, i);
    pthread_mutex_init(&cpu->jcq_lock, NULL);
    guest_cpu_reset(cpu, &rt->te);
    pthread_mutex_lock(&rt->vcpus_lock);
    cpu->jc_bit = 1ull << (rt->next_jc_bit++ & 63);
    VCPU **v = realloc(rt->vcpus, sizeof(VCPU *) * (size_t)(rt->n_vcpus + 1));
    if (v) {
        rt->vcpus = v;
        rt->vcpus[rt->n_vcpus] = cpu;
        __atomic_store_n(&rt->n_vcpus, rt->n_vcpus + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&rt->vcpus_lock);
    return cpu;
}

static void stats_add(VCPUStats *to, const VCPUStats *s)
{
    to->translated += s->translated;
    to->insns += s->insns;
    to->invalidated += s->invalidated;
    to->chained += s->chained;
    to->smc += s->smc;
    to->translate_ns += s->translate_ns;
    to->front_ns += s->front_ns;
    to->opt_ns += s->opt_ns;
    to->back_ns += s->back_ns;
}

void rt_remove_vcpu(Runtime *rt, VCPU *cpu)
{
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus; v++)
        if (rt->vcpus[v] == cpu) {
            rt->st_gone_lock_waits += cpu->stat_lock_waits;
            rt->st_gone_lock_wait_ns += cpu->stat_lock_wait_ns;
            stats_add(&rt->st_gone, &cpu->st);
            rt->vcpus[v] = rt->vcpus[rt->n_vcpus - 1];
            __atomic_store_n(&rt->n_vcpus, rt->n_vcpus - 1, __ATOMIC_RELEASE);
            break;
        }
    pthread_mutex_unlock(&rt->vcpus_lock);
}

void cpu_loop_exit(VCPU *cpu, int reason)
{
    cpu->in_generated_code = 0;
    siglongjmp(cpu->jmp_env, reason);
}

void cpu_loop_exit_restart(VCPU *cpu)
{
    cpu_loop_exit(cpu, LJ_RETRY);
}

void rt_restore_from_slow_path(VCPU *cpu, uintptr_t host_ret)
{
    Runtime *rt = cpu->rt;
    TranslationBlock *tb = tb_find_by_host_pc(rt, host_ret);
    if (!tb)
        return;
    uintptr_t site = (uintptr_t)tb->code + cpu->mmu_site;
    cpu->g.pc = tb_guest_pc_at(tb, site);
    backend_restore_regs(rt->be, cpu, cpu->mmu_regs, tb->sites, tb->n_sites, tb->homes,
                         cpu->mmu_site);
}

/* The dispatcher's quiescent point (tb.h: memory): no TB pointer is held here. Read the
 * epoch first, then drop what other threads posted, then announce the epoch: a chunk retired
 * before it was read had its posts made before too. */
static void quiescent(Runtime *rt, VCPU *cpu)
{
    uint64_t e = __atomic_load_n(&rt->epoch, __ATOMIC_SEQ_CST);
    rt_jc_drain(cpu);
    if (e != cpu->qs_epoch) {
        cpu->last_tb = NULL;
        __atomic_store_n(&cpu->qs_epoch, e, __ATOMIC_SEQ_CST);
    }
}

static int cpu_exec_loop(VCPU *cpu);

int cpu_exec(VCPU *cpu)
{
    rt_self = cpu;
    __atomic_store_n(&cpu->online, 1, __ATOMIC_SEQ_CST);
    int r = cpu_exec_loop(cpu);
    cpu->last_tb = NULL;
    __atomic_store_n(&cpu->online, 0, __ATOMIC_RELEASE);
    return r;
}

static int cpu_exec_loop(VCPU *cpu)
{
    Runtime *rt = cpu->rt;
    int lj = sigsetjmp(cpu->jmp_env, 0);
    if (lj != 0) {
        rt_exec_end(rt, cpu);
        cpu->in_generated_code = 0;
        cpu->last_tb = NULL;
        if (lj != LJ_RETRY)
            return lj;
    }
    bool nochain = rt->opts.log_mask & LOG_NOCHAIN;
    for (;;) {
        quiescent(rt, cpu);   /* before any block runs: entries other threads invalidated */
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
            cpu->last_tb = NULL;
            return EXIT_INTERRUPT;
        }
        if (cpu->debug_hook && cpu->debug_hook(cpu)) {
            cpu->last_tb = NULL;
            return EXIT_DEBUG;
        }
        if (rt->want_call_friendly)
            switch_call_friendly(rt, cpu);
        if (rt->want_counter_reg) {
            /* Code that calls out without saving the counter register goes first. */
            rt->want_counter_reg = false;
            rt_flush_all(rt, cpu);
            pthread_mutex_lock(&rt->lock);
            rt_counter_reg(rt);
            pthread_mutex_unlock(&rt->lock);
        }
        /* Counted as running from here: no flush frees blocks under us, so the lookup of an
         * existing block and chaining need no translation lock. A miss steps out to translate
         * under rt->lock (a flusher holds it while waiting for running vCPUs). */
        rt_exec_start(rt, cpu);
        uint64_t flush = rt->flush_count;
        TranslationBlock *tb = NULL;
        bool fault = false;
        if (!cpu->smc_step)
            tb = tb_lookup_fast(rt, cpu, cpu->g.pc, &fault, true);
        if (fault) {
            rt_exec_end(rt, cpu);
            cpu->last_tb = NULL;
            return EXIT_FETCH_FAULT;
        }
        if (!tb) {
            rt_exec_end(rt, cpu);
            if (cpu->smc_step) {
                cpu->smc_step = 0;
                tb = tb_gen_smc_step(rt, cpu, cpu->g.pc);
            } else {
                tb = tb_lookup(rt, cpu, cpu->g.pc);
                if (!tb) {
                    cpu->last_tb = NULL;
                    return EXIT_FETCH_FAULT;
                }
            }
            rt_exec_start(rt, cpu);
            if (rt->flush_count != flush) {   /* flushed (tb freed) before we got in */
                rt_exec_end(rt, cpu);
                cpu->last_tb = NULL;
                continue;
            }
        }
        /* A flush clears every last_tb; an invalidated one stays allocated (tb_chain checks).
         * tb was looked up under the vCPU's flags at last_tb's exit; a front end makes every
         * chainable exit leave in flags fixed at translation time (RISC-V: rv_vl_exits), so
         * the patched jump always reaches a block of the right flags. */
        TranslationBlock *last = cpu->last_tb;
        cpu->last_tb = NULL;
        if (last && !nochain)
            tb_chain(rt, cpu, last, cpu->last_exit_slot, tb);
        cpu->stat_dispatch++;
        if (rt->opts.log_mask & LOG_EXEC)
            fprintf(rt->opts.log, "Trace %d: %p [%016" PRIx64 "]\n", cpu->cpu_index,
                    (void *)tb->code, tb->pc);
        cpu->in_generated_code = 1;
        uintptr_t ret = backend_enter(rt->be, cpu, tb->code);
        cpu->in_generated_code = 0;
        rt_exec_end(rt, cpu);
        if (ret >= EXIT_TB_MIN) {
            cpu->last_tb = (TranslationBlock *)(ret & ~(uintptr_t)(IR_MAX_EXIT_SLOTS - 1));
            cpu->last_exit_slot = (int)(ret & (IR_MAX_EXIT_SLOTS - 1));
            continue;
        }
        switch ((int)ret) {
        case EXIT_NONE:
            continue;
        case EXIT_FENCE_I:
            rt_flush_all(rt, cpu);
            continue;
        case EXIT_INTERRUPT:
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELEASE);
            return EXIT_INTERRUPT;
        default:
            return (int)ret;
        }
    }
}

bool rt_handle_host_fault(Runtime *rt, VCPU *cpu, int signo, siginfo_t *si, void *uctx)
{
    if (rt_write_watch_fault(rt, signo, si, uctx))
        return true;   /* the store is retried, now allowed (in generated code or not) */
    uintptr_t hpc = backend_fault_pc(uctx);
    if (!cpu || !cpu->in_generated_code)
        return false;
    TranslationBlock *tb = tb_find_by_host_pc(rt, hpc);
    if (!tb)
        return false;
    uint64_t gaddr = h2g(rt->gm, si->si_addr);
    uint64_t gpc = tb_guest_pc_at(tb, hpc);
    backend_restore_state(rt->be, cpu, uctx, tb->sites, tb->n_sites, tb->homes,
                          (uint32_t)(hpc - (uintptr_t)tb->code));
    rt_exec_end(rt, cpu);   /* we leave generated code for good (and may take rt->lock) */
    cpu->g.pc = gpc;
    /* Restore the signal mask of the interrupted code: we leave the handler by siglongjmp. */
    sigprocmask(SIG_SETMASK, &((ucontext_t *)uctx)->uc_sigmask, NULL);

    int flags = gm_page_flags(rt->gm, gaddr);
    if (signo == SIGSEGV && (flags & PAGE_VALID) && (flags & PAGE_WRITE) &&
        backend_fault_is_write(uctx)) {
        /* A store the guest may do faulted: the page was write-protected because it holds
         * translated code. Self-modifying code: drop the page's translations and redo the
         * store from fresh code (the current block may be one of those dropped). Another
         * vCPU may have dropped them (and lifted the protection) between our fault and this
         * read of the flags: then only the retry is left to do. */
        uint64_t page = gaddr & ~(GM_PAGE_SIZE - 1);
        if (flags & PAGE_CODE) {
            rt_invalidate_page(rt, page);
            cpu->st.smc++;
        }
        if (tb->page[0] == page || tb->page[1] == page)
            cpu->smc_step = 1;   /* retranslating would protect the page again */
        cpu_loop_exit(cpu, LJ_RETRY);
    }
    cpu->fault_signo = signo;
    cpu->fault_addr = gaddr;
    if (signo == SIGBUS)
        cpu->fault_code = BUS_ADRERR;
    else
        cpu->fault_code = (flags & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR;
    cpu_loop_exit(cpu, EXIT_FAULT);
}

void rt_print_stats(Runtime *rt, VCPU *cpu, FILE *f)
{
    /* Per vCPU: its translations and its waits for the runtime's locks; then the sums. */
    VCPUStats t = { 0 };
    fprintf(f, "qelt stats:\n");
    pthread_mutex_lock(&rt->vcpus_lock);
    for (int v = 0; v < rt->n_vcpus; v++) {
        VCPU *c = rt->vcpus[v];
        fprintf(f, "  vcpu %d: %" PRIu64 " blocks translated, %" PRIu64 " invalidated, %" PRIu64
                " lock waits (%.3f ms), %" PRIu64 " pause yields\n", c->cpu_index,
                c->st.translated, c->st.invalidated, c->stat_lock_waits,
                c->stat_lock_wait_ns / 1e6, c->stat_pause_yields);
        stats_add(&t, &c->st);
    }
    pthread_mutex_unlock(&rt->vcpus_lock);
    if (rt->st_gone.translated || rt->st_gone_lock_waits)
        fprintf(f, "  exited vcpus: %" PRIu64 " blocks translated, %" PRIu64
                " lock waits (%.3f ms)\n", rt->st_gone.translated, rt->st_gone_lock_waits,
                rt->st_gone_lock_wait_ns / 1e6);
    stats_add(&t, &rt->st_gone);
    stats_add(&t, &rt->st_other);
    if (!rt->is_sys)
        fprintf(f, "  guest base          0x%" PRIxPTR "%s\n", (uintptr_t)rt->gm->base,
                rt->gm->zero_base ? " (guest addresses are host addresses)" : "");
    fprintf(f, "  blocks translated   %" PRIu64 " (%" PRIu64 " guest insns, %.1f insns/block)\n",
            t.translated, t.insns, t.translated ? (double)t.insns / (double)t.translated : 0.0);
    fprintf(f, "  translation time    %.3f ms (%.0f guest insns/s)\n", t.translate_ns / 1e6,
            t.translate_ns > 0 ? (double)t.insns * 1e9 / t.translate_ns : 0.0);
    fprintf(f, "    front end %.3f ms, optimizer %.3f ms, back end and bookkeeping %.3f ms\n",
            t.front_ns / 1e6, t.opt_ns / 1e6, t.back_ns / 1e6);
    fprintf(f, "  code cache          %zu of %zu chunks of %u KiB handed out since the last "
            "flush, %" PRIu64 " flushes; %.1f KiB left unused in chunks given up\n",
            rt->next_chunk, rt->n_chunks, (unsigned)(rt->chunk_size >> 10), rt->st_flushes,
            (double)rt->st_chunk_waste / 1024);
    fprintf(f, "  chunks reused       %" PRIu64 " (all their blocks invalid)\n", rt->st_reused);
    fprintf(f, "  chained jumps       %" PRIu64 "\n", t.chained);
    fprintf(f, "  invalidated blocks  %" PRIu64 " (%" PRIu64 " self-modifying-code faults)\n",
            t.invalidated, t.smc);
    if (cpu)
        fprintf(f, "  dispatcher entries  %" PRIu64 ", indirect lookups past the jump cache %" PRIu64 "\n",
                cpu->stat_dispatch, cpu->stat_jc_miss);
}
