/*
 * The runtime: translation-block cache, lookup, chaining, invalidation and the execution loop,
 * shared by every guest and every OS layer.
 *
 * Interface for the OS layer: create a Runtime over a GuestMem, create VCPUs, call cpu_exec
 * in a loop and handle what it returns (syscalls, exceptions, signals). The OS layer must call
 * rt_prepare_guest_write before the host kernel writes guest memory on the guest's behalf
 * (read(2) into a page that holds code would otherwise fail with EFAULT), and
 * rt_invalidate_range when guest memory is unmapped or loses exec permission.
 */
#ifndef QELT_RUNTIME_H
#define QELT_RUNTIME_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "guestmem.h"
#include "vcpu.h"
#include "ir.h"

/* Log categories of -d. */
enum {
    LOG_IN_ASM  = 1 << 0,
    LOG_OP      = 1 << 1,
    LOG_OP_OPT  = 1 << 2,
    LOG_OUT_ASM = 1 << 3,
    LOG_EXEC    = 1 << 4,
    LOG_STRACE  = 1 << 5,
    LOG_PLUGIN  = 1 << 6,
    LOG_STATS   = 1 << 7,
    LOG_NOCHAIN = 1 << 8,
    LOG_UNIMP   = 1 << 9,
    LOG_GUEST_ERRORS = 1 << 10,
};

typedef struct RuntimeOptions {
    int log_mask;            /* LOG_* bits */
    FILE *log;               /* where -d output goes (stderr by default) */
    size_t code_cache_size;  /* bytes; 0 = default */
    int fpu_soft;            /* -fpu soft: never use the host-FPU fast path */
    int single_step;         /* one instruction per block, no chaining (a debugger steps) */
    int softmmu;             /* full-system: guest accesses go through the soft-TLB */
    uint64_t isa_ext;        /* guest ISA extensions (-cpu), 0 = the guest's default */
    uint32_t cpu_cfg;        /* the guest's other CPU properties (-cpu), its own encoding */
    struct PerfMap *perfmap; /* -perfmap (runtime/perfmap.h), NULL = none */
} RuntimeOptions;

typedef struct Runtime Runtime;

Runtime *rt_new(GuestMem *gm, const RuntimeOptions *opts);
VCPU *rt_new_vcpu(Runtime *rt, int cpu_index);   /* zeroed guest state */
/* A vCPU that will never run again (its thread exited): flushes stop waiting for it, and with
 * one vCPU left the dispatcher's accounting is free again. The VCPU itself stays allocated
 * (its host thread may still take a signal while it unwinds). */
void rt_remove_vcpu(Runtime *rt, VCPU *cpu);
const RuntimeOptions *rt_options(Runtime *rt);
/* Turn RuntimeOptions.single_step on or off while running (a debugger attaches or leaves): drops
 * every translation. From the vCPU's own thread outside generated code; the caller must leave
 * cpu_exec (return EXIT_DEBUG from the debug hook) so that the dispatcher sees the change. */
void rt_set_single_step(Runtime *rt, VCPU *cpu, bool on);

/* Host fork of a process that may run several vCPUs (the OS layer's fork path, from a system
 * call of the vCPU self). rt_fork_prepare takes the runtime's locks and stops every other vCPU
 * outside generated code; after the fork the parent calls rt_fork_parent (everything
 * released, the others run on) and the child rt_fork_child, which leaves self as the only
 * vCPU, with fresh locks and no pending exclusive section. */
void rt_fork_prepare(Runtime *rt);
void rt_fork_parent(Runtime *rt);
void rt_fork_child(Runtime *rt, VCPU *self);

/* Run guest code from cpu->g.pc until something needs the OS layer. Returns an IRExitReason:
 * EXIT_ECALL, EXIT_EBREAK, EXIT_ILLEGAL, EXIT_FETCH_FAULT, EXIT_FAULT (cpu->fault_*),
 * EXIT_INTERRUPT (exit_request was set) or EXIT_HALT. cpu->g.pc is precise in every case. */
int cpu_exec(VCPU *cpu);

/* From a helper called by generated code: abandon the block, deliver reason to cpu_exec's
 * caller with the guest state as it is in env (the helper must have set g.pc). */
void cpu_loop_exit(VCPU *cpu, int reason) __attribute__((noreturn));
/* From a helper: abandon the block and continue at cpu->g.pc with the state in env (the
 * helper changed pc or something the translation depends on). */
void cpu_loop_exit_restart(VCPU *cpu) __attribute__((noreturn));

/* Ask a vCPU to leave generated code soon (async-signal-safe, any thread). In user mode it
 * also empties the vCPU's jump cache: blocks reached through it do not check exit_request
 * (runtime/tb.h: jump caches), so the next indirect jump misses and the miss path leaves. */
void cpu_exit_request(VCPU *cpu);

/* Host SIGSEGV/SIGBUS handling: returns true when the fault was qelt's business and handled
 * (a store to a write-protected code page: translations dropped, retry), otherwise false.
 * When the fault is a guest memory fault inside generated code, this restores the precise guest
 * state, fills cpu->fault_* and does not return (it jumps to cpu_exec's landing point, which
 * returns EXIT_FAULT). Call from the OS layer's signal handler. */
bool rt_handle_host_fault(Runtime *rt, VCPU *cpu, int signo, siginfo_t *si, void *uctx);

/* User mode: fn(opaque, page) runs right before the first write to each page write-watched
 * with gm_watch_writes, whoever writes it (a guest store in generated code, a helper, the
 * host kernel or qelt on the guest's behalf through rt_prepare_guest_write or
 * rt_guest_probe, or any other qelt code: the host fault is caught); the page is then
 * writable again. fn may run in a signal handler: it must be async-signal-safe. */
typedef void (*RtWriteWatchFn)(void *opaque, uint64_t page);
void rt_set_write_watch(Runtime *rt, RtWriteWatchFn fn, void *opaque);
/* The host fault at si was a write to a watched page: reported and unwatched, the write may
 * be retried. Called first by rt_handle_host_fault; exported for the OS layer's handler. */
bool rt_write_watch_fault(Runtime *rt, int signo, siginfo_t *si, void *uctx);

/* Drop every translation of guest code in [start, start+len). Safe at any time from the
 * vCPU's own thread outside generated code. */
void rt_invalidate_range(Runtime *rt, uint64_t start, uint64_t len);
/* Before the host writes guest memory on the guest's behalf: invalidate code pages in range
 * and give back write permission. */
void rt_prepare_guest_write(Runtime *rt, uint64_t start, uint64_t len);
/* ---- Guest memory from helpers: one interface for both modes (the vector loads and stores
 * of guest/riscv/vector-mem.c). The helper has stored its instruction's pc in g.pc (and any
 * restart state, e.g. vstart) before each call that may fault. ---- */
enum {
    RT_PROBE_READ = 0,
    RT_PROBE_WRITE = 1,
    RT_PROBE_NOFAULT = 2,   /* or-ed in: return RT_PROBE_FAULT instead of raising */
};
#define RT_PROBE_FAULT ((void *)(uintptr_t)-1)
/* Host address of the guest bytes [va, va + len) (within one guest page) for an access
 * (RT_PROBE_READ/WRITE) with the full-system MMU index mmu_idx (user mode ignores it), the
 * guest's rights checked. A write to a page holding translated code drops its translations
 * first and sets cpu->helper_code_write: the helper must then, once done, leave through
 * cpu_loop_exit_restart at the next instruction (its own block may be gone). NULL: the page
 * is device memory (full-system MMIO or ROM), accessed one element at a time with
 * rt_guest_io. A fault raises the guest's exception for va (user mode: EXIT_FAULT, SIGSEGV
 * with si_addr va; full-system: the page/access fault with tval va) and does not return,
 * unless RT_PROBE_NOFAULT. */
void *rt_guest_probe(VCPU *cpu, uint64_t va, uint32_t len, int flags, int mmu_idx);
/* One access of size 1, 2, 4 or 8 bytes where rt_guest_probe returned NULL: the loaded value
 * (zero-extended), or the store of val. Raises the access fault when the device refuses it. */
uint64_t rt_guest_io(VCPU *cpu, uint64_t va, unsigned size, bool write, uint64_t val,
                     int mmu_idx);

/* Drop all translations (fence.i, riscv_flush_icache). */
void rt_flush_all(Runtime *rt, VCPU *cpu);

/* Instrumentation (plugins/): the plugin layer hands the runtime this table; the runtime calls
 * tb_trans between the front end and the optimizer of every translation (to read the block and
 * rewrite its placeholders) and flush whenever it drops all translations. */
struct GuestTranslateEnv;
struct GuestTBInfo;
typedef struct RtPluginHooks {
    void (*tb_trans)(struct RtPluginHooks *h, IRContext *ir, const struct GuestTranslateEnv *te,
                     const struct GuestTBInfo *info);
    void (*flush)(struct RtPluginHooks *h);
} RtPluginHooks;
/* Install (or, with NULL, remove) the hooks; drops every translation so that no block keeps
 * stale instrumentation. max_insns > 0 overrides the block size limit. */
void rt_set_plugin_hooks(Runtime *rt, RtPluginHooks *h, int max_insns);
/* A translation calls plugin code from generated code: the back end changes its register plan
 * for that at the next opportunity (called during translation). */
void rt_plugins_call_out(Runtime *rt);
/* The plugin layer wants to keep an inline counter in the counter register (during
 * translation): true if it may from now on; false if not now (the runtime then makes it
 * possible at the next opportunity, after which the layer is asked again on a fresh cache). */
bool rt_counter_reg(Runtime *rt);

/* Full-system mode: where code comes from and what a TB is keyed by (the machine's CPU side,
 * system/, implements these). Set once, before any vCPU runs. With them a TB is found by
 * (virtual pc, physical address of pc, flags); TBs are listed under physical pages. */
typedef struct RtSysHooks {
    /* Physical address of pc and the translation flags for cpu now; false when fetching at
     * pc faults (the hook has recorded the exception in the vCPU). */
    bool (*tb_key)(VCPU *cpu, uint64_t pc, uint64_t *phys, uint32_t *flags);
    /* During translation: host pointer to the guest-virtual code page va of cpu, executable
     * under the current flags, and its physical page in *phys; NULL when not executable. */
    const uint8_t *(*code_page)(VCPU *cpu, uint64_t va, uint64_t *phys);
    /* A physical page got its first translation (has_code) or lost them all. */
    void (*code_page_changed)(void *opaque, uint64_t phys_page, bool has_code);
    /* The soft-TLB slow path, called from generated code (backend thunk) with the access in
     * cpu->mmu_*; returns the loaded value. May leave through cpu_loop_exit. */
    uint64_t (*mmu_slow)(VCPU *cpu, uintptr_t host_ret);
    /* rt_guest_probe and rt_guest_io (above) in full-system mode. */
    void *(*probe)(VCPU *cpu, uint64_t va, uint32_t len, int flags, int mmu_idx);
    uint64_t (*io)(VCPU *cpu, uint64_t va, unsigned size, bool write, uint64_t val, int mmu_idx);
    void *opaque;
} RtSysHooks;
void rt_set_sys_hooks(Runtime *rt, const RtSysHooks *h);
/* Spin-wait hints yield the host CPU (GuestTranslateEnv.pause_yields) when n_vcpus vCPU threads
 * outnumber the host CPUs this process may run on; call before any block is translated. */
void rt_set_vcpu_threads(Runtime *rt, int n_vcpus);
/* Drop the translations of code in the physical page holding pa (full-system mode). */
void rt_invalidate_phys_page(Runtime *rt, uint64_t pa);
/* From the soft-TLB slow path (host_ret = its return address into the block, cpu->mmu_site
 * the access's fault site): make the guest state precise in env (pc, globals from the saved
 * host registers cpu->mmu_regs), so that an exception can be raised with cpu_loop_exit. */
void rt_restore_from_slow_path(VCPU *cpu, uintptr_t host_ret);

/* "qelt: <message>" on stderr, exit status 1 (runtime/fatal.c; the layers' fatal functions
 * wrap it). */
void qelt_vfatal(const char *fmt, va_list ap) __attribute__((noreturn, format(printf, 1, 0)));

/* Print the -d stats summary. */
void rt_print_stats(Runtime *rt, VCPU *cpu, FILE *f);

#endif
