/*
 * The per-vCPU state: the guest's architectural state followed by what the runtime keeps per
 * virtual CPU. Generated code addresses it through a pinned host register ("env"), so the hot
 * fields sit at small offsets. One VCPU per guest thread; a VCPU is only ever touched by its
 * own host thread, except exit_request, which anyone may set to make it leave generated code
 * (cpu_exit_request, which in user mode also empties the jump cache's pc words).
 */
#ifndef QELT_VCPU_H
#define QELT_VCPU_H

#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include "guest-cpu.h"

#define QELT_JC_BITS 12
#define QELT_JC_SIZE (1u << QELT_JC_BITS)

struct Runtime;
struct SoftTLB;

/* One soft-TLB entry: a tag per access kind (page address | TLB_* flag bits, or -1 when
 * invalid) and the addend from guest-virtual to host address. 32 bytes. */
typedef struct TLBEntry {
    uint64_t addr_read, addr_write, addr_code;
    uintptr_t addend;
} TLBEntry;
#define TLB_ENTRY_BITS 5
/* Tag flag bits (inside the page offset, above any alignment bits): any set bit makes the
 * inline compare fail, so the access takes the slow path. */
#define TLB_INVALID  (1ull << 11)
#define TLB_MMIO     (1ull << 10)
#define TLB_CODE     (1ull << 9)     /* writes: the page holds translated code */
typedef struct TLBFast {
    uint64_t mask;                   /* (entries - 1) << TLB_ENTRY_BITS */
    TLBEntry *table;
} TLBFast;
struct Process;
struct TranslationBlock;

/* The jump-cache key of a block's translation flags (GuestTranslateEnv.tb_flags): the
 * probe compares pc ^ key with the entry, so (pc, flags) -> pc ^ key must be one-to-one over
 * the pcs a block can have. Full-system: flags < 2^7 go to bits 57-63; a pc is a canonical
 * virtual address of Sv39/48/57 (bits 57-63 copies of bit 56) or, untranslated, a physical
 * address below 2^56 (a pc beyond faults at fetch and is never cached), so two such pcs that
 * differ only in bits 57-63 do not exist. User mode: flags < 2^24 go to bits 40-63; a block's
 * pc is below GM_TASK_SIZE (2^38). (A non-canonical jump target there could equal some
 * cached pc ^ key ^ key' in both modes; such a jump is a guest bug that would otherwise
 * fault.) */
#define QELT_MMU_GROUPS 4         /* access groups live at once in a full-system block */
#define QELT_JC_KEY_SHIFT_SYS  57
#define QELT_JC_KEY_SHIFT_USER 40
static inline uint64_t vcpu_jc_key(uint32_t flags, bool sys)
{
    return (uint64_t)flags << (sys ? QELT_JC_KEY_SHIFT_SYS : QELT_JC_KEY_SHIFT_USER);
}

typedef struct JCEntry {
    uint64_t pc;          /* guest pc (^ jc_key), or vcpu_jc_empty(its index) */
    void *code;           /* host code of the TB for pc */
} JCEntry;

/* Entry i of the jump cache holds pcs whose bits 2..QELT_JC_BITS+1 are i (runtime/tb.c:
 * jc_index; bit 1 left out: jump targets 2 bytes apart are rare, targets 8 KiB apart, such
 * as an interpreter's handlers, are not). The generated probe compares a target before
 * clearing its bit 0, so any 64-bit value may be compared with entry i. An empty entry holds
 * a pc of another index, which no probe of entry i can match (the key, jc_key, leaves those
 * bits alone). */
static inline uint64_t vcpu_jc_empty(unsigned i) { return (uint64_t)(i ^ 1) << 2; }
static inline void vcpu_jc_clear(JCEntry *jc, unsigned i)
{
    __atomic_store_n(&jc[i].pc, vcpu_jc_empty(i), __ATOMIC_RELAXED);
}

/* -d stats counters of one vCPU (the runtime's work done on its thread). */
typedef struct VCPUStats {
    uint64_t translated, insns, invalidated, chained, smc;
    double translate_ns, front_ns, opt_ns, back_ns;
} VCPUStats;

/* Jump-cache entries other threads ask a vCPU to drop (runtime/tb.h: jump caches). */
#define QELT_JCQ_SIZE 32
typedef struct JCQueue {
    int32_t pending;               /* atomic: something posted since the last drain */
    int32_t all;                   /* overflowed: drop every entry */
    uint32_t n;
    struct { uint64_t pc; void *code; } e[QELT_JCQ_SIZE];
} JCQueue;

typedef struct VCPU {
    GuestState g;                  /* must be first: env-relative offsets of guest state */
    volatile int32_t exit_request; /* checked at each TB entry; nonzero leaves generated code */
    int32_t cpu_index;
    uint64_t guest_base;           /* copy of GuestMem.base for generated code */
    uint64_t addr_limit;           /* GM_ADDR_LIMIT: generated code compares addresses to it */
    uint64_t scratch[8];           /* spill space generated code may use */

    /* Exception details for EXIT_FAULT (set by the runtime's fault handler or a helper). */
    int32_t fault_signo, fault_code;
    uint64_t fault_addr;

    struct Runtime *rt;
    struct Process *proc;          /* the OS layer's state (opaque to the runtime) */
    void *os_thread;               /* the OS layer's per-thread state (signals, tid) */
    uint64_t os_clear_tid;         /* OS layer: guest address CLONE_CHILD_CLEARTID names, or 0 */
    void *plugin_state;            /* the plugin layer's per-vCPU state */
    /* Helpers that access guest memory element by element (vector loads/stores) call this
     * after each access when set (the plugin layer's memory callbacks): size_log2 0..3. */
    void (*helper_mem_cb)(struct VCPU *cpu, uint64_t va, unsigned size_log2, bool store);
    int32_t helper_code_write;     /* rt_guest_probe: a helper's write hit translated code */
    /* The inline counter generated code keeps in a host register (plugins): where its pending
     * increments are added when generated code calls out or leaves; ctr_dummy when none. */
    uint64_t *ctr_ptr;
    uint64_t ctr_dummy;
    /* The plugin layer's record of the memory subscriptions of the helper-made accesses in
     * flight (vector loads and stores): generated code sets it at such an instruction's start. */
    const void *plugin_mem_ctx;
    struct TranslationBlock *last_tb; /* for chaining: the TB that just exited */
    int last_exit_slot;            /* its exit slot (0/1) or -1 */
    sigjmp_buf jmp_env;            /* cpu_exec's landing point for cpu_loop_exit */
    int32_t in_generated_code;     /* 1 while executing translated code */
    int32_t smc_step;              /* run the next insn from an uncached, unprotected block */
    int32_t exec_running;          /* atomic: between rt_exec_start and rt_exec_end (several
                                      vCPUs only) */
    /* A debugger's check before each block (blocks are single instructions and unchained when
     * RuntimeOptions.single_step is set): nonzero makes cpu_exec return EXIT_DEBUG. */
    int (*debug_hook)(struct VCPU *cpu);

    /* Counters for -d stats. */
    uint64_t stat_tb_exec, stat_dispatch, stat_jc_miss;
    uint64_t stat_pause_yields;    /* spin-wait hints that gave the host CPU away */

    /* Jump-cache key: entries hold pc ^ jc_key, so a block found under other translation
     * flags never matches (vcpu_jc_key). The runtime sets it from the vCPU's flags at every
     * lookup; generated code that changes the flags and goes on in generated code stores the
     * new key (the RISC-V front end's vector configuration: translate-vector.c). */
    uint64_t jc_key;
    JCEntry jc[QELT_JC_SIZE];      /* per-vCPU jump cache, probed from generated code */

    /* ---- full-system mode only (after everything user mode's generated code addresses) ---- */
    GuestPriv priv;                /* the hart's privileged state */
    /* Soft-TLB, one per MMU index, probed inline by generated code (system/softmmu.c fills
     * them): entry index = (vaddr >> (GM_PAGE_BITS - TLB_ENTRY_BITS)) & mask. */
    TLBFast tlb_fast[GUEST_NB_MMU_MODES];
    /* The slow path's arguments and the host registers saved around it (backend thunk). */
    uint64_t mmu_addr, mmu_val, mmu_val2, mmu_ret;
    uint32_t mmu_oi, mmu_site;     /* memop (with MMU index, kind), fault-site offset in the TB */
    uint64_t mmu_regs[16];         /* host registers at the slow path, by x86 register number */
    /* Access groups (host/x86_64/codegen-sys.c): the TLB addend one probe found for the
     * accesses off one base within a block, 0 when they probe one by one; written by the
     * group's first access before any other reads it. */
    uint64_t mmu_group[QELT_MMU_GROUPS];
    struct SoftTLB *stlb;          /* the soft-MMU's full state (system/softmmu.c) */
    void *machine;                 /* the Machine this hart belongs to */
    /* -d stats: waits for the runtime's locks (translation, chaining) and their total time. */
    uint64_t stat_lock_waits;
    double stat_lock_wait_ns;
    struct Translator *translator; /* its own translator (runtime/tb.h), made at first use */
    VCPUStats st;                  /* -d stats: translations, invalidations, chaining */
    uint64_t jc_bit;               /* its bit in TranslationBlock.jc_cpus */
    pthread_mutex_t jcq_lock;      /* guards jcq (posters and the draining owner) */
    JCQueue jcq;
    int32_t online;                /* atomic: inside cpu_exec (may hold TB pointers) */
    uint64_t qs_epoch;             /* atomic: Runtime.epoch at its last quiescent point */
} VCPU;

#endif
