/*
 * The CPU side's private state of a machine (Machine.cpu_side) and the interface between its
 * files: system/hart.c (harts, hart loop, interrupts, WFI) and system/softmmu.c (soft-TLB,
 * slow path, code fetch, code pages).
 *
 * Invariants: one CpuSide per Machine, created by machine_cpu_init; the code-page bitmap has a
 * bit per RAM page that holds translated code (stores to it take the slow path); each hart's
 * soft-TLB state is in its VCPU (VCPU.tlb_fast, VCPU.stlb); nothing here is global.
 */
#ifndef QELT_SYSTEM_CPU_SIDE_H
#define QELT_SYSTEM_CPU_SIDE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "system/machine.h"
#include "system/hart.h"
#include "runtime.h"
#include "guestmem.h"

#define TLB_MIN_BITS 8
#define PHYS_GLOBAL 8                /* SoftTLBIdx.phys: the entry maps a global page */
#define TLB_MAX_BITS 16

typedef struct CpuSide {
    Machine *m;
    Runtime *rt;
    GuestMem gm;                 /* unused placeholder: the runtime's user-mode memory */
    HartConfig cfg;
    FILE *log;
    int log_mask;
    uint8_t *code_bits;          /* one bit per RAM page: holds translated code */
    uint64_t n_ram_pages;
    /* WFI: harts with nothing to do sleep here until an interrupt or shutdown. */
    pthread_mutex_t wfi_lock;
    pthread_cond_t wfi_cond;                        /* thread=single: the one thread */
    pthread_cond_t hart_cond[MACHINE_MAX_HARTS];    /* thread per hart: hart i's thread */
    pthread_t threads[MACHINE_MAX_HARTS];           /* thread per hart (hart 0: the caller's) */
    bool multi;                                     /* thread per hart */
    /* Interrupt events per hart (hart_set_mip calls), counted under wfi_lock: a polling WFI
     * (hart.c) waits for the next one. */
    uint64_t mip_events[MACHINE_MAX_HARTS];
    /* Each hart's last WFI that returned at once (an enabled interrupt already pending): the
     * enabled pending set, mip_events then, and whether it still counts (a trap since ends
     * it); own thread only. A second such WFI with nothing new is a poll: the guest spins on
     * memory with a stale interrupt pending (OpenSBI 1.1's sbi_hsm_hart_wait with the
     * cold-boot IPI still in MSIP). `waiting`, `due`, `end` and `kicked` (under wfi_lock): the
     * hart sleeps in its poll; from `due` on another hart's safe point (a trap it takes, a WFI)
     * ends the sleep by setting `kicked` (hart.c: wfi_poll_over). */
    struct HartWfiPoll {
        uint64_t pending, events;
        bool valid, waiting, kicked;
        int64_t due, end;        /* ns: a safe point may end the sleep from due; end: backstop */
    } wfi_poll[MACHINE_MAX_HARTS];
    int wfi_pollers;             /* harts sleeping in a poll (atomic): safe points look only then */
    int64_t wfi_poll_ns;         /* a poll sleeps this long before another hart's safe point may
                                    end it (QELT_WFI_POLL_US, default 1 ms; 0: no polling WFI) */
    int tlb_policy;              /* QELT_TLB: 0 dynamic+history, 1 dynamic, 2 fixed min, 3 fixed max */
    MachineTimer slice_timer;    /* several harts: ends the running hart's turn */
    volatile int slice_over;
    VCPU *running;               /* the hart whose turn it is */
    bool plugins_loaded;
} CpuSide;

/* Per-hart soft-TLB state beyond VCPU.tlb_fast (softmmu.c). */
typedef struct SoftTLBIdx {
    uint64_t *phys;              /* physical page of each entry | its leaf level (0: 4 KiB,
                                    bits 0-2) | PHYS_GLOBAL */
    unsigned bits;               /* log2 of the number of entries */
    uint64_t used;               /* entries filled since the last flush */
    uint32_t *filled;            /* their indexes (the first `entries` of them): a flush
                                    resets only those (lazy clearing) */
    uint64_t evictions;          /* valid entries replaced since the last flush or resize */
    double window_max;           /* largest use rate in the current history window */
    int64_t window_start_ns;
} SoftTLBIdx;

typedef struct SoftTLB {
    /* Taken by the hart while it changes its tables (fill, flush, resize: never held while
     * generated code runs) and by another hart marking a new code page in them. */
    pthread_mutex_t tlb_lock;
    SoftTLBIdx idx[GUEST_NB_MMU_MODES];
    /* The superpages cached since the last full flush (QEMU's "large page" trick, but a list:
     * the kernel image, the linear map and vmemmap stay apart; when the list is full, the
     * nearest one widens): a page flush inside one also drops the entries cached from
     * superpages containing the address (each entry's leaf level is in phys[]'s low bits). */
#define TLB_LARGE_REGIONS 32
    int n_large;
    uint64_t large_addr[TLB_LARGE_REGIONS], large_mask[TLB_LARGE_REGIONS];
    /* Virtual code pages looked up since the jump cache was last cleared (a hash bitmap): a
     * page flush scans the jump cache only when its page may be there. */
    uint64_t jc_pages[64];
    uint64_t flushes, fills, resizes, page_flushes, page_flushes_full;
    uint64_t slow, slow_mmio, slow_code, slow_cross;   /* slow-path accesses and why */
    MachineTimer stimer;         /* Sstc: fires at stimecmp */
} SoftTLB;

static inline CpuSide *cpu_side(VCPU *cpu) { return ((Machine *)cpu->machine)->cpu_side; }

/* softmmu.c */
/* The sizing decision for one table at a full flush (policy: CpuSide.tlb_policy): the new
 * log2 size, from t->used / size and, with history (policy 0), the largest rate of the
 * last 100 ms (t->window_*, updated here). */
unsigned tlb_sizing_decide(int policy, SoftTLBIdx *t, int64_t now);
bool softmmu_init_hart(VCPU *cpu);
void softmmu_flush(VCPU *cpu);
void softmmu_flush_nonglobal(VCPU *cpu);
void softmmu_flush_page(VCPU *cpu, uint64_t va);
uint64_t softmmu_slow(VCPU *cpu, uintptr_t host_ret);
/* Helpers' accesses (runtime.h rt_guest_probe, rt_guest_io): the soft-TLB's translation and
 * rights, exceptions raised as the guest's page/access faults. */
void *softmmu_probe(VCPU *cpu, uint64_t va, uint32_t len, int flags, int idx);
uint64_t softmmu_io(VCPU *cpu, uint64_t va, unsigned size, bool write, uint64_t val, int idx);
bool softmmu_tb_key(VCPU *cpu, uint64_t pc, uint64_t *phys, uint32_t *flags);
const uint8_t *softmmu_code_page(VCPU *cpu, uint64_t va, uint64_t *phys);
void softmmu_code_page_changed(void *opaque, uint64_t phys_page, bool has_code);
uint64_t *softmmu_pte_ptr(VCPU *cpu, uint64_t pa);
/* PluginHostHooks.hwaddr: where the access at vaddr just went (the soft-TLB still maps it). */
bool softmmu_plugin_hwaddr(void *opaque, VCPU *cpu, uint64_t vaddr, bool store, uint64_t *pa,
                           bool *is_io, const char **device);
/* Record the fetch exception of the instruction at pc (its first or its second page). */
void softmmu_fetch_fault(VCPU *cpu, uint64_t pc);
/* Read the instruction bits at pc (0 if not fetchable). */
uint32_t softmmu_insn_bits(VCPU *cpu, uint64_t pc);
/* Debug access through the hart's current translation (no faults raised, no A/D updates
 * beyond what the walk does). */
bool softmmu_virt_rw(VCPU *cpu, uint64_t va, void *buf, uint64_t len, bool write);

#endif
