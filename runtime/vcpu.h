/*
 * The per-vCPU state: the guest's architectural state followed by what the runtime keeps per
 * virtual CPU. Generated code addresses it through a pinned host register ("env"), so the hot
 * fields sit at small offsets. One VCPU per guest thread; a VCPU is only ever touched by its
 * own host thread, except exit_request, which anyone may set to make it leave generated code.
 */
#ifndef QELT_VCPU_H
#define QELT_VCPU_H

#include <setjmp.h>
#include <stdint.h>
#include "guest-cpu.h"

#define QELT_JC_BITS 12
#define QELT_JC_SIZE (1u << QELT_JC_BITS)

struct Runtime;
struct Process;
struct TranslationBlock;

typedef struct JCEntry {
    uint64_t pc;          /* guest pc, or -1 when empty */
    void *code;           /* host code of the TB for pc */
} JCEntry;

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
    /* The inline counter generated code keeps in a host register (plugins): where its pending
     * increments are added when generated code calls out or leaves; ctr_dummy when none. */
    uint64_t *ctr_ptr;
    uint64_t ctr_dummy;
    struct TranslationBlock *last_tb; /* for chaining: the TB that just exited */
    int last_exit_slot;            /* its exit slot (0/1) or -1 */
    sigjmp_buf jmp_env;            /* cpu_exec's landing point for cpu_loop_exit */
    int32_t in_generated_code;     /* 1 while executing translated code */
    int32_t smc_step;              /* run the next insn from an uncached, unprotected block */
    int32_t exec_running;          /* counted in Runtime.n_running (several vCPUs only) */
    /* A debugger's check before each block (blocks are single instructions and unchained when
     * RuntimeOptions.single_step is set): nonzero makes cpu_exec return EXIT_DEBUG. */
    int (*debug_hook)(struct VCPU *cpu);

    /* Counters for -d stats. */
    uint64_t stat_tb_exec, stat_dispatch, stat_jc_miss, stat_translated;

    JCEntry jc[QELT_JC_SIZE];      /* per-vCPU jump cache, probed from generated code */
} VCPU;

#endif
