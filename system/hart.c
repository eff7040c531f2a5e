/*
 * The harts of the full-system machine (system/hart.h): the CPU side's creation (runtime with
 * the soft-MMU lowering, plugins), each hart's VCPU, the hart loop, interrupts into mip, WFI
 * sleeping and the Sstc timer.
 *
 * Flow of machine_run: by default every hart runs on its own host thread (hart 0 on the
 * caller's), in parallel; with HartConfig.thread_single they take turns on the caller's thread.
 * A hart's turn: take a pending interrupt (rv_pending_interrupt) if any, run cpu_exec, turn
 * what it returns into traps (ecall, ebreak, illegal instruction, fetch and memory exceptions)
 * and repeat; it ends at WFI with nothing pending, at shutdown, or (thread=single, several
 * harts) when the slice timer fires. A hart's own thread then sleeps on its hart_cond until
 * its interrupt is pending (an idle hart costs no host CPU); the single thread sleeps on
 * wfi_cond when every hart waits. A polling WFI (the same enabled interrupt already pending at
 * two WFIs in a row, nothing new between: the guest spins on memory) sleeps too, until the
 * hart's next interrupt event or a safe point of another hart (wfi_poll_*: OpenSBI 1.1's
 * hart-start race, docs/MACHINE.md). Cross-hart work needs nothing here: IPIs and remote
 * sfence.vma (OpenSBI: an IPI, then the target's own sfence.vma) arrive through mip; code
 * invalidation is the runtime's (lock-free lookups, exclusive flushes; another hart's jump
 * cache entries are posted to it and dropped by its own thread before it runs another block),
 * and marking another hart's soft-TLB entries for a new code page takes that hart's tlb_lock
 * (softmmu.c). A hart's own soft-TLB and jump cache are otherwise changed only on its thread.
 * Invariants: all per-hart state is in the hart's VCPU; hart_set_mip may be called from any
 * thread and always makes the hart leave generated code (exit_request) and wakes the sleeper,
 * so an interrupt reaches a loop of chained blocks within one block.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "system/cpu-side.h"
#include "priv.h"
#include "cpu-ext.h"
#include "plugins/plugin.h"

static const char *const excp_names[16] = {
    "insn misaligned", "insn access fault", "illegal insn", "breakpoint", "load misaligned",
    "load access fault", "store misaligned", "store access fault", "ecall from U",
    "ecall from S", "reserved", "ecall from M", "insn page fault", "load page fault",
    "reserved", "store page fault",
};

static uint64_t hook_time(VCPU *cpu) { return machine_mtime(cpu->machine); }

static void sstc_fire(void *opaque)
{
    VCPU *cpu = opaque;
    rv_update_stip(cpu);
    hart_set_mip(cpu, 0, 0);
}

static void hook_timer_changed(VCPU *cpu)
{
    GuestPriv *p = &cpu->priv;
    Machine *m = cpu->machine;
    int64_t deadline = INT64_MAX;
    if (p->sstc && p->stimecmp != UINT64_MAX) {
        uint64_t ns_per_tick = 1000000000ULL / MACHINE_TIMEBASE_HZ;
        if (p->stimecmp < (uint64_t)(INT64_MAX / 2) / ns_per_tick)
            deadline = m->start_ns + (int64_t)(p->stimecmp * ns_per_tick);
    }
    machine_timer_mod(m, &cpu->stlb->stimer, deadline);
}

static const RVPrivHooks priv_hooks = {
    .time = hook_time,
    .tlb_flush = softmmu_flush,
    .tlb_flush_nonglobal = softmmu_flush_nonglobal,
    .tlb_flush_page = softmmu_flush_page,
    .timer_changed = hook_timer_changed,
    .pte_ptr = softmmu_pte_ptr,
};

static const char *plugin_symbol(void *opaque, uint64_t addr) { return NULL; }
static void plugin_image(void *opaque, const char **path, uint64_t *s, uint64_t *e, uint64_t *en)
{
    *path = "";
    *s = *e = *en = 0;
}

static void slice_end(void *opaque)
{
    CpuSide *cs = opaque;
    cs->slice_over = 1;
    VCPU *r = cs->running;
    if (r)
        cpu_exit_request(r);
    machine_timer_mod(cs->m, &cs->slice_timer, machine_now_ns() + 10000000);
}

int machine_cpu_init(Machine *m, const HartConfig *cfg)
{
    CpuSide *cs = calloc(1, sizeof(*cs));
    if (!cs) {
        fprintf(stderr, "qelt: out of memory\n");
        return -1;
    }
    cs->m = m;
    cs->cfg = *cfg;
    cs->log = cfg->log ? cfg->log : stderr;
    cs->log_mask = cfg->log_mask;
    cs->n_ram_pages = m->ram_size >> GM_PAGE_BITS;
    cs->code_bits = calloc((size_t)(cs->n_ram_pages / 8 + 1), 1);
    const char *pol = getenv("QELT_TLB");
    cs->tlb_policy = !pol ? 0 : !strcmp(pol, "dynamic") ? 1 : !strcmp(pol, "min") ? 2 :
                     !strcmp(pol, "max") ? 3 : 0;
    pthread_mutex_init(&cs->wfi_lock, NULL);
    pthread_cond_init(&cs->wfi_cond, NULL);
    pthread_condattr_t ca;   /* hart_cond: timed waits (polling WFI) on the monotonic clock */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    for (int h = 0; h < MACHINE_MAX_HARTS; h++)
        pthread_cond_init(&cs->hart_cond[h], &ca);
    pthread_condattr_destroy(&ca);
    const char *poll_us = getenv("QELT_WFI_POLL_US");   /* 0: no polling WFI (A/B runs) */
    cs->wfi_poll_ns = (poll_us ? strtoll(poll_us, NULL, 0) : 1000) * 1000;
    cs->multi = !cfg->thread_single;
    RuntimeOptions ro = {
        .log_mask = cfg->log_mask & 0xffff,
        .log = cs->log,
        .softmmu = 1,
        .isa_ext = cfg->isa_ext,
        .cpu_cfg = cfg->cpu_cfg,
        .perfmap = cfg->perfmap,
    };
    cs->rt = rt_new(&cs->gm, &ro);
    if (!cs->code_bits || !cs->rt) {
        fprintf(stderr, "qelt: cannot create the runtime\n");
        return -1;
    }
    RtSysHooks sh = {
        .tb_key = softmmu_tb_key,
        .code_page = softmmu_code_page,
        .code_page_changed = softmmu_code_page_changed,
        .mmu_slow = softmmu_slow,
        .probe = softmmu_probe,
        .io = softmmu_io,
        .opaque = cs,
    };
    rt_set_sys_hooks(cs->rt, &sh);
    m->cpu_side = cs;
    machine_timer_init(m, &cs->slice_timer, slice_end, cs);
    return 0;
}

struct VCPU *hart_new(Machine *m, int hartid, const HartConfig *cfg)
{
    CpuSide *cs = m->cpu_side;
    if (!cs || hartid < 0 || hartid >= MACHINE_MAX_HARTS)
        return NULL;
    VCPU *cpu = rt_new_vcpu(cs->rt, hartid);
    if (!cpu)
        return NULL;
    cpu->machine = m;
    rv_priv_reset(cpu, (uint64_t)hartid, cfg->reset_pc, cfg->satp_mode_max, !cfg->no_sstc,
                  &priv_hooks, cs);
    rv_priv_set_isa(cpu, cfg->isa_ext ? cfg->isa_ext : rv_isa_default());
    if (!softmmu_init_hart(cpu))
        return NULL;
    machine_timer_init(m, &cpu->stlb->stimer, sstc_fire, cpu);
    m->harts[hartid] = cpu;
    if (hartid >= m->n_harts)
        m->n_harts = hartid + 1;
    return cpu;
}

void hart_set_mip(struct VCPU *cpu, uint64_t bits, int level)
{
    if (bits)
        rv_set_mip(cpu, bits, level);
    cpu_exit_request(cpu);
    CpuSide *cs = cpu_side(cpu);
    pthread_mutex_lock(&cs->wfi_lock);
    cs->mip_events[cpu->cpu_index]++;
    if (cs->multi)
        pthread_cond_signal(&cs->hart_cond[cpu->cpu_index]);
    else
        pthread_cond_broadcast(&cs->wfi_cond);
    pthread_mutex_unlock(&cs->wfi_lock);
}

bool hart_virt_rw(struct VCPU *cpu, uint64_t va, void *buf, uint64_t len, bool write)
{
    return softmmu_virt_rw(cpu, va, buf, len, write);
}

/* A WFI found an enabled interrupt pending (it completes at once): whether it is a poll, the
 * same pending set as at this hart's previous such WFI with no trap and no interrupt event in
 * between. Then the guest spins on memory that another hart will change. Running the spin flat
 * out takes the host CPU from that hart and, worse, lets this one look at any moment, also
 * while the other hart's thread is descheduled halfway through an update that real harts make
 * in a few cycles (OpenSBI 1.1's hart start: state first, start address after; docs/MACHINE.md). */
static bool wfi_is_poll(CpuSide *cs, VCPU *cpu)
{
    struct HartWfiPoll *w = &cs->wfi_poll[cpu->cpu_index];
    pthread_mutex_lock(&cs->wfi_lock);
    uint64_t events = cs->mip_events[cpu->cpu_index];
    pthread_mutex_unlock(&cs->wfi_lock);
    uint64_t pending = __atomic_load_n(&cpu->priv.mip, __ATOMIC_ACQUIRE) & cpu->priv.mie;
    bool poll = w->valid && w->pending == pending && w->events == events;
    w->valid = true;
    w->pending = pending;
    w->events = events;
    return poll;
}

/* Longest poll sleep while other harts run guest code without reaching a safe point. */
#define WFI_POLL_BACKSTOP_NS 1000000000

/* Whether every hart but `cpu` waits in WFI (none is in the middle of guest code). */
static bool others_waiting(CpuSide *cs, VCPU *cpu)
{
    for (int h = 0; h < cs->m->n_harts; h++) {
        VCPU *o = cs->m->harts[h];
        if (o && o != cpu && !__atomic_load_n(&o->priv.wfi, __ATOMIC_ACQUIRE))
            return false;
    }
    return true;
}

/* Start a polling WFI's sleep (wfi_poll_over says when it ends). */
static void wfi_poll_begin(CpuSide *cs, VCPU *cpu)
{
    struct HartWfiPoll *w = &cs->wfi_poll[cpu->cpu_index];
    int64_t now = machine_now_ns();
    pthread_mutex_lock(&cs->wfi_lock);
    w->waiting = true;
    w->kicked = false;
    w->due = now + cs->wfi_poll_ns;
    w->end = now + WFI_POLL_BACKSTOP_NS;
    __atomic_add_fetch(&cs->wfi_pollers, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&cs->wfi_lock);
}

/* With wfi_lock held: whether the polling WFI of `cpu` is over: at the next interrupt event for
 * the hart (the IPI that follows the other hart's update), shutdown, a safe point of another
 * hart once wfi_poll_ns has passed (wfi_poll_kick: the poll then looks while no hart is in the
 * middle of straight-line code), wfi_poll_ns passed with every other hart in WFI, or the
 * backstop. WFI may take any time as long as it ends once an enabled interrupt is pending; one
 * is, so the sleep is bounded. Ends the sleep when it is over. */
static bool wfi_poll_over(CpuSide *cs, VCPU *cpu)
{
    struct HartWfiPoll *w = &cs->wfi_poll[cpu->cpu_index];
    int64_t now = machine_now_ns();
    bool over = cs->m->shutdown || w->kicked || cs->mip_events[cpu->cpu_index] != w->events ||
                now >= w->end || (now >= w->due && others_waiting(cs, cpu));
    if (over) {
        w->waiting = false;
        __atomic_sub_fetch(&cs->wfi_pollers, 1, __ATOMIC_SEQ_CST);
    }
    return over;
}

/* The next time a sleeping poll of `cpu` must look again by itself (due, then the backstop). */
static struct timespec wfi_poll_deadline(CpuSide *cs, VCPU *cpu)
{
    struct HartWfiPoll *w = &cs->wfi_poll[cpu->cpu_index];
    int64_t t = machine_now_ns() < w->due ? w->due : w->end;
    return (struct timespec){ t / 1000000000, t % 1000000000 };
}

/* A polling WFI on the hart's own thread (thread per hart). */
static void wfi_poll_wait(CpuSide *cs, VCPU *cpu)
{
    wfi_poll_begin(cs, cpu);
    pthread_mutex_lock(&cs->wfi_lock);
    while (!wfi_poll_over(cs, cpu)) {
        struct timespec ts = wfi_poll_deadline(cs, cpu);
        pthread_cond_timedwait(&cs->hart_cond[cpu->cpu_index], &cs->wfi_lock, &ts);
    }
    pthread_mutex_unlock(&cs->wfi_lock);
}

/* A safe point of `cpu` (it takes a trap or executes WFI: it is not inside a stretch of
 * straight-line code): end the polls of other harts that are due, and give them the host CPU
 * now, so that they look at memory while this hart stands here. */
static void wfi_poll_kick(CpuSide *cs, VCPU *cpu)
{
    if (!__atomic_load_n(&cs->wfi_pollers, __ATOMIC_ACQUIRE))
        return;
    Machine *m = cs->m;
    int64_t now = machine_now_ns();
    bool woke = false;
    pthread_mutex_lock(&cs->wfi_lock);
    for (int h = 0; h < m->n_harts; h++) {
        struct HartWfiPoll *w = &cs->wfi_poll[h];
        if (h != cpu->cpu_index && w->waiting && !w->kicked && now >= w->due) {
            w->kicked = true;
            if (cs->multi)
                pthread_cond_signal(&cs->hart_cond[h]);
            woke = true;
        }
    }
    pthread_mutex_unlock(&cs->wfi_lock);
    if (woke && cs->multi)
        sched_yield();
    else if (woke)
        cs->slice_over = 1;   /* thread=single: this hart's turn ends here, before more code */
}

static void take_trap(CpuSide *cs, VCPU *cpu, uint64_t cause, uint64_t tval)
{
    uint64_t pc = cpu->g.pc, prv = cpu->priv.prv;
    if ((cs->log_mask & LOG_MMU) && (cause == EXC_INSN_PAGE || cause == EXC_LOAD_PAGE ||
                                     cause == EXC_STORE_PAGE))
        fprintf(cs->log, "hart %d: page fault (cause %" PRIu64 ") at 0x%016" PRIx64 ", pc 0x%016"
                PRIx64 ", satp 0x%016" PRIx64 "\n", cpu->cpu_index, cause, tval, pc,
                cpu->priv.satp);
    rv_do_trap(cpu, cause, tval);
    cs->wfi_poll[cpu->cpu_index].valid = false;   /* the guest handles something: no poll */
    wfi_poll_kick(cs, cpu);
    if (cs->log_mask & LOG_INT) {
        bool irq = cause >> 63;
        unsigned code = (unsigned)(cause & 63);
        fprintf(cs->log, "hart %d: %s %s (cause %" PRIu64 "), epc 0x%016" PRIx64 ", tval 0x%"
                PRIx64 ", from %c to %c, pc 0x%016" PRIx64 "\n", cpu->cpu_index,
                irq ? "interrupt" : "exception", irq ? "" : code < 16 ? excp_names[code] : "?",
                cause & 63, pc, tval, "US?M"[prv], "US?M"[cpu->priv.prv], cpu->g.pc);
    }
}

/* One hart's turn. Returns when it waits for an interrupt, its slice is over, or at shutdown. */
static void hart_turn(CpuSide *cs, VCPU *cpu)
{
    Machine *m = cs->m;
    GuestPriv *p = &cpu->priv;
    if (!cs->multi)
        cs->running = cpu;
    for (;;) {
        if (m->shutdown || (m->gdb && sys_gdb_holds(m, cpu)))   /* gdb: no interrupts either */
            break;
        int irq = rv_pending_interrupt(cpu);
        if (irq >= 0)
            take_trap(cs, cpu, (1ull << 63) | (uint64_t)irq, 0);
        if (!cs->multi && cs->slice_over) {   /* a kick in take_trap (wfi_poll_kick) */
            cs->slice_over = 0;
            break;
        }
        int r = cpu_exec(cpu);
        switch (r) {
        case EXIT_ECALL:
            take_trap(cs, cpu, EXC_ECALL_U + p->prv, 0);
            break;
        case EXIT_EBREAK:
            take_trap(cs, cpu, EXC_BREAKPOINT, 0);   /* QEMU 7.2: tval 0 */
            break;
        case EXIT_ILLEGAL:
            take_trap(cs, cpu, EXC_ILLEGAL, softmmu_insn_bits(cpu, cpu->g.pc));
            break;
        case EXIT_FETCH_FAULT:
            if (p->pending_excp < 0)   /* an instruction's second half is on a bad page */
                softmmu_fetch_fault(cpu, cpu->g.pc);
            /* fall through */
        case EXIT_EXCEPTION:
            if (p->pending_excp >= 0) {
                int c = p->pending_excp;
                p->pending_excp = -1;
                take_trap(cs, cpu, (uint64_t)c, p->pending_tval);
            }
            break;
        case EXIT_HALT:   /* wfi */
            wfi_poll_kick(cs, cpu);
            if (m->shutdown)
                p->wfi = 0;
            else if (rv_wfi_wakeup(cpu)) {
                if (cs->wfi_poll_ns > 0 && wfi_is_poll(cs, cpu)) {
                    if (!cs->multi) {   /* machine_run skips the hart until the poll is over */
                        wfi_poll_begin(cs, cpu);
                        cs->running = NULL;
                        return;
                    }
                    wfi_poll_wait(cs, cpu);
                }
                p->wfi = 0;
            } else {
                if (!cs->multi)
                    cs->running = NULL;
                return;
            }
            break;
        default:
            break;
        }
        if (cs->cfg.n_plugins)
            plugins_safe_point(cpu);
        if (!cs->multi && cs->slice_over) {
            cs->slice_over = 0;
            break;
        }
    }
    if (!cs->multi)
        cs->running = NULL;
}

/* Thread per hart: the hart's whole life on its thread; WFI sleeps on its own condition. */
static void hart_loop(CpuSide *cs, VCPU *cpu)
{
    Machine *m = cs->m;
    while (!__atomic_load_n(&m->shutdown, __ATOMIC_ACQUIRE)) {
        if (cpu->priv.wfi) {
            pthread_mutex_lock(&cs->wfi_lock);
            while (!m->shutdown && !rv_wfi_wakeup(cpu))
                pthread_cond_wait(&cs->hart_cond[cpu->cpu_index], &cs->wfi_lock);
            pthread_mutex_unlock(&cs->wfi_lock);
            if (m->shutdown)
                break;
            cpu->priv.wfi = 0;
        }
        hart_turn(cs, cpu);
    }
}

static void *hart_thread(void *arg)
{
    VCPU *cpu = arg;
    hart_loop(cpu_side(cpu), cpu);
    return NULL;
}

/* Every hart on its own thread; returns when all have stopped (shutdown). */
static void run_threads(CpuSide *cs)
{
    Machine *m = cs->m;
    bool started[MACHINE_MAX_HARTS] = { false };
    for (int h = 1; h < m->n_harts; h++) {
        if (!m->harts[h])
            continue;
        if (pthread_create(&cs->threads[h], NULL, hart_thread, m->harts[h]) != 0) {
            fprintf(stderr, "qelt: cannot start the thread of hart %d\n", h);
            machine_request_shutdown(m, 1);
            break;
        }
        started[h] = true;
    }
    if (m->harts[0])
        hart_loop(cs, m->harts[0]);
    for (int h = 1; h < m->n_harts; h++)
        if (started[h])
            pthread_join(cs->threads[h], NULL);
}

/* Plugins load once every hart exists (qemu_info_t tells them the hart count, as QEMU does),
 * before any guest code runs; then each hart's vcpu_init. */
static void load_plugins(CpuSide *cs)
{
    Machine *m = cs->m;
    PluginHostHooks ph = { cs, plugin_symbol, plugin_image, softmmu_plugin_hwaddr, m->n_harts };
    plugins_load(cs->rt, &cs->gm, cs->cfg.plugin_specs, cs->cfg.n_plugins, &ph);
    for (int h = 0; h < m->n_harts; h++)
        if (m->harts[h])
            plugins_vcpu_init(m->harts[h]);
}

/* thread=single: whether a hart waiting in WFI (or a polling WFI) may run again. */
static bool wfi_ready(CpuSide *cs, VCPU *cpu)
{
    pthread_mutex_lock(&cs->wfi_lock);
    bool ready = cs->wfi_poll[cpu->cpu_index].waiting ? wfi_poll_over(cs, cpu) :
                 rv_wfi_wakeup(cpu);
    pthread_mutex_unlock(&cs->wfi_lock);
    return ready;
}

int machine_run(Machine *m)
{
    CpuSide *cs = m->cpu_side;
    if (cs->cfg.n_plugins && !cs->plugins_loaded) {
        cs->plugins_loaded = true;
        load_plugins(cs);
    }
    if (cs->multi) {
        rt_set_vcpu_threads(cs->rt, m->n_harts);
        run_threads(cs);
        return m->exit_status;
    }
    if (m->n_harts > 1)
        machine_timer_mod(m, &cs->slice_timer, machine_now_ns() + 10000000);
    while (!m->shutdown) {
        bool ran = false;
        for (int h = 0; h < m->n_harts && !m->shutdown; h++) {
            VCPU *cpu = m->harts[h];
            if (!cpu)
                continue;
            if (cpu->priv.wfi) {
                if (!wfi_ready(cs, cpu))
                    continue;
                cpu->priv.wfi = 0;
            }
            ran = true;
            hart_turn(cs, cpu);
        }
        if (ran || m->shutdown)
            continue;
        /* Every hart waits for an interrupt: sleep until one is pending or the run ends (or,
         * when a hart polls, until its next look: wfi_ready decides in the loop above). */
        pthread_mutex_lock(&cs->wfi_lock);
        for (;;) {
            bool wake = m->shutdown;
            VCPU *poller = NULL;
            for (int h = 0; h < m->n_harts && !wake; h++) {
                VCPU *cpu = m->harts[h];
                if (cpu && cs->wfi_poll[h].waiting)
                    poller = poller ? poller : cpu;
                else if (cpu)
                    wake = rv_wfi_wakeup(cpu);
            }
            if (wake)
                break;
            if (poller) {
                struct timespec ts = wfi_poll_deadline(cs, poller);
                pthread_cond_timedwait(&cs->wfi_cond, &cs->wfi_lock, &ts);
                break;
            }
            pthread_cond_wait(&cs->wfi_cond, &cs->wfi_lock);
        }
        pthread_mutex_unlock(&cs->wfi_lock);
    }
    machine_timer_mod(m, &cs->slice_timer, INT64_MAX);
    return m->exit_status;
}

void machine_cpu_exit(Machine *m)
{
    CpuSide *cs = m->cpu_side;
    if (!cs)
        return;
    if (cs->cfg.n_plugins)
        plugins_exit();
    if (cs->log_mask & LOG_STATS) {
        rt_print_stats(cs->rt, m->harts[0], cs->log);
        for (int h = 0; h < m->n_harts; h++) {
            VCPU *cpu = m->harts[h];
            if (!cpu)
                continue;
            fprintf(cs->log, "  hart %d soft-TLB: %" PRIu64 " fills, %" PRIu64 " full flushes, %"
                    PRIu64 " page flushes in a superpage region, %" PRIu64
                    " page flushes, %" PRIu64 " resizes, entries", h, cpu->stlb->fills,
                    cpu->stlb->flushes, cpu->stlb->page_flushes_full, cpu->stlb->page_flushes,
                    cpu->stlb->resizes);
            for (int i = 0; i < GUEST_NB_MMU_MODES; i++)
                fprintf(cs->log, " %u", 1u << cpu->stlb->idx[i].bits);
            fprintf(cs->log, "\n  hart %d slow path: %" PRIu64 " accesses (%" PRIu64 " device, %"
                    PRIu64 " to code pages, %" PRIu64 " crossing a page)\n", h, cpu->stlb->slow,
                    cpu->stlb->slow_mmio, cpu->stlb->slow_code, cpu->stlb->slow_cross);
        }
    }
    fflush(cs->log);
}
