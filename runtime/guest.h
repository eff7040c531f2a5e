/*
 * What a guest front end provides to the runtime. Each guest folder implements these
 * (guest/riscv/translate.c for RISC-V); the runtime never looks inside guest instructions.
 */
#ifndef QELT_GUEST_H
#define QELT_GUEST_H

#include <stddef.h>
#include <stdint.h>
#include "ir.h"
#include "guestmem.h"

struct VCPU;

/* What translation needs from the world: code bytes and run-time options. */
typedef struct GuestTranslateEnv {
    GuestMem *gm;
    int fpu_soft;          /* -fpu soft */
    int max_insns;         /* stop a block after this many instructions */
    int single_step;       /* one instruction per block (gdb, -d nochain debugging) */
    int superblock;        /* continue past conditional branches (exit_cond, slots 2..7) */
    void *plugin_ctx;      /* non-NULL: insert instrumentation placeholders */
    uint64_t isa_ext;      /* the guest's enabled ISA extensions (its own encoding, -cpu);
                              0 = the guest's default set */
    uint32_t cpu_cfg;      /* the guest's other CPU properties (-cpu: RISC-V's vlen=), its own
                              encoding; 0 = the defaults */
    /* Full-system mode (sys != 0): privileged instructions are translated, accesses carry the
     * MMU index of tb_flags, direct jumps chain only within the block's page, and code bytes
     * come from code_page (host pointer to the guest-virtual page holding va, executable under
     * tb_flags, or NULL when fetching there faults) instead of gm. */
    int sys;
    uint32_t tb_flags;
    const uint8_t *(*code_page)(void *opaque, uint64_t va);
    void *code_opaque;
    /* The vCPU that will run the block first (translation runs on it when it is about to enter
     * the block, so its guest state is the block's entry state: the front end may specialise
     * on it, guarded at run time), NULL when there is none (the self-modifying-code step). */
    const struct VCPU *cpu;
    /* A spin-wait hint (RISC-V's pause) gives the host CPU away (sched_yield): set when there
     * are more vCPU threads than host CPUs, where a vCPU spinning on a lock may be waiting for
     * a vCPU whose thread is not running. Invisible to the guest. */
    int pause_yields;
} GuestTranslateEnv;

typedef struct GuestTBInfo {
    uint64_t pc;           /* first instruction */
    uint32_t size;         /* bytes of guest code covered (may cross one page boundary) */
    uint32_t n_insns;
} GuestTBInfo;

/* Create the guest's globals (once per IRContext, before any block). */
void guest_ir_init(IRContext *c);
/* Emit the IR of one block starting at pc. Must end with an IRF_EXIT op. If the very first
 * instruction cannot be fetched, emits exit_tb(EXIT_FETCH_FAULT, pc); instructions after a
 * page boundary whose page is not executable end the block before them. */
void guest_translate(IRContext *c, const GuestTranslateEnv *te, uint64_t pc, GuestTBInfo *info);
/* Disassemble one instruction at code (len bytes available) into buf; returns its length in
 * bytes (2 or 4), or 0 if the bytes are not a valid instruction (buf then says so). */
int guest_disas(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len);
/* The same in the style of QEMU 7.2's disassembler for this guest (the plugin API's default
 * qemu_plugin_insn_disas text: raw bytes column, QEMU's mnemonics and operand style). */
int guest_disas_qemu(char *buf, size_t buflen, uint64_t pc, const uint8_t *code, size_t len);
/* Host pointer to the code byte at guest-virtual pc for translation, or NULL if not executable
 * (user mode: gm page flags; full-system: te->code_page). */
const uint8_t *guest_code_ptr(const GuestTranslateEnv *te, uint64_t pc);
/* User mode: the translation flags of the block cpu runs next (full-system mode has
 * RtSysHooks.tb_key), what guest_translate may specialise a block on besides its pc (they
 * arrive as te->tb_flags; blocks and jump-cache entries are keyed by them: vcpu_jc_key).
 * Always 0 when guest_tb_flags_used(te) is 0 (then the runtime never asks). */
uint32_t guest_tb_flags(const struct VCPU *cpu, const GuestTranslateEnv *te);
int guest_tb_flags_used(const GuestTranslateEnv *te);
/* The extension mask of the guest's default CPU (GuestTranslateEnv.isa_ext). */
uint64_t guest_isa_default(void);
/* Reset the guest state of a new vCPU (e.g. frm, reservation, what te->cpu_cfg fixes such as
 * the vector length); te NULL means the default CPU. */
void guest_cpu_reset(struct VCPU *cpu, const GuestTranslateEnv *te);

#endif
