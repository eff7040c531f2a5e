/*
 * What a host back end provides to the runtime (host/x86_64/ implements it).
 *
 * The back end turns one optimized IR block into host code in a buffer the runtime hands it,
 * and owns the few pieces of fixed host code: the entry/exit trampolines and the indirect-branch
 * probe. Generated code's contract with the runtime:
 *   - entry: the trampoline is called as enter(vcpu, code) and returns a uintptr_t: a value
 *     below EXIT_TB_MIN is an IRExitReason; otherwise it is (TranslationBlock * | slot) of an
 *     unchained goto_tb exit, which the dispatcher may chain.
 *   - at every block boundary, guest globals not pinned to host registers are in env, pinned
 *     ones in their registers; the trampolines move pinned ones between env and registers.
 */
#ifndef QELT_BACKEND_H
#define QELT_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "ir.h"
#include "vcpu.h"

#define EXIT_TB_MIN 4096

/* One entry per guest instruction: where its host code starts. */
typedef struct InsnMapEntry {
    uint32_t host_off;
    uint64_t guest_pc;
} InsnMapEntry;

/* Where unpinned dirty guest globals live during an op that may fault: the fault handler copies
 * them from the signal context into env, so no stores are needed on the fast path. */
typedef struct FaultSite {
    uint32_t host_start, host_end;   /* code range of the op's faulting instructions */
    uint32_t first, n;               /* its entries in the RegHome array */
} FaultSite;
typedef struct RegHome {
    int32_t env_offset;
    int32_t reg;                     /* host register number */
} RegHome;

typedef struct BackendResult {
    uint32_t code_size;
    uint32_t jmp_field_off[IR_MAX_EXIT_SLOTS];  /* rel32 field of exit slot n, or UINT32_MAX */
    uint32_t jmp_stub_off[IR_MAX_EXIT_SLOTS];   /* where that jump initially goes (its stub) */
    uint32_t entry_skip;         /* code offset just past the entry's exit_request check */
    uint32_t n_map;
    InsnMapEntry *map;           /* back-end owned scratch; the runtime copies it */
    uint32_t n_sites, n_homes;
    FaultSite *sites;            /* sorted by host_start; back-end owned scratch */
    RegHome *homes;
} BackendResult;

typedef struct Backend Backend;

/* Callbacks into the runtime that generated code uses. */
typedef struct BackendHooks {
    /* goto_ptr miss: find (or translate) the block for cpu->g.pc, or NULL to exit. */
    void *(*lookup_ptr)(VCPU *cpu);
    /* A guest access that cannot be done: kind 0 = address outside the guest region
     * (SIGSEGV), 1 = misaligned atomic (SIGBUS); kind 2 = illegal instruction at g.pc (an
     * inline check failed, e.g. a reserved frm). g.pc and env are precise; does not return. */
    void (*bad_address)(VCPU *cpu, uint64_t addr, int kind);
    /* BACKEND_SOFTMMU: a soft-TLB miss (the access is described in cpu->mmu_*, the host
     * registers are in cpu->mmu_regs); returns the loaded value. */
    uint64_t (*mmu_slow)(VCPU *cpu, uintptr_t host_ret);
} BackendHooks;

/* Back-end option bits. */
#define BACKEND_NO_INLINE_LOOKUP 1   /* goto_ptr always returns to the dispatcher */
#define BACKEND_CALL_FRIENDLY    2   /* pin guest registers only where calls preserve them
                                        (instrumented code calls plugins all the time) */
#define BACKEND_COUNTER_REG      4   /* keep the plugins' hottest inline counter in a host
                                        register (one guest register fewer pinned) */
#define BACKEND_SOFTMMU          8   /* full-system: guest accesses probe the soft-TLB inline
                                        (the only difference between the modes' code) */
#define BACKEND_JC_KEYED        16   /* user mode: jump-cache entries are keyed by pc ^
                                        VCPU.jc_key (always so with BACKEND_SOFTMMU) */
#define BACKEND_ZERO_BASE       32   /* user mode: guest memory is at host address 0
                                        (GuestMem.zero_base): no base register */

/* Create the back end; writes the trampolines at the start of code (returns bytes used via
 * *used). The globals of ir are ranked by priority to pick the pinned ones. */
Backend *backend_new(IRContext *ir, uint8_t *code, size_t avail, size_t *used,
                     const BackendHooks *hooks, int options);
/* Generate code for the IR in ir (already optimized and liveness-annotated) at buf.
 * tb_tag is the value an unchained exit returns (TB pointer; slot is OR-ed in).
 * Returns 0, or -1 if buf is too small or the block is too complex (retry with fewer insns). */
int backend_gen(Backend *be, IRContext *ir, uint8_t *buf, size_t avail, uintptr_t tb_tag,
                uint64_t tb_pc, BackendResult *res);
/* Enter generated code. */
uintptr_t backend_enter(Backend *be, VCPU *cpu, const void *code);
/* A second back end for another thread: the same options, pinned registers and trampolines
 * (no code written), its own per-block work arrays, working on ir. NULL when out of memory. */
Backend *backend_clone(const Backend *be, IRContext *ir);
/* Free the back end and its per-block work arrays (not the code it wrote). */
void backend_free(Backend *be);
/* BACKEND_COUNTER_REG: let code generated from now on add to the counter register (every call
 * out of generated code then moves it to memory first; until then calls skip that). Fails
 * when the back end has no counter register, or when code with calls that skip it exists
 * (then flush first: backend_code_flushed resets that). Once enabled, stays enabled. */
bool backend_counter_enable(Backend *be);
void backend_code_flushed(Backend *be);
/* Chain (or unchain) a goto_tb jump: one atomic 4-byte store. */
void backend_patch_jump(uint8_t *field, const void *target);
/* After a fault in generated code at host offset off of a block: copy guest values that live in
 * host registers (pinned ones, and those the block's fault site for off lists) from the
 * signal's ucontext into env. */
void backend_restore_state(Backend *be, VCPU *cpu, void *uctx, const FaultSite *sites,
                           uint32_t n_sites, const RegHome *homes, uint32_t off);
/* The same from the host registers the soft-MMU slow path saved (regs[x86 register number]). */
void backend_restore_regs(Backend *be, VCPU *cpu, const uint64_t *regs, const FaultSite *sites,
                          uint32_t n_sites, const RegHome *homes, uint32_t off);
/* Host pc in a signal context. */
uintptr_t backend_fault_pc(void *uctx);
/* Was the faulting access a write (from the signal context), if the host can tell. */
int backend_fault_is_write(void *uctx);
/* Disassemble host code for -d out_asm. */
void backend_disas(FILE *f, const uint8_t *code, size_t size);

#endif
