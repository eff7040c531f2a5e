/*
 * RISC-V front end: the per-block translation state shared by the integer translator
 * (translate.c) and the floating-point translator (translate-fp.c).
 *
 * Invariants: an RVDisas lives on guest_translate's stack for one block; nothing here is global.
 * Each instruction's IR starts with ir_insn_start(pc); a translator for one instruction either
 * leaves is_jmp at RV_DISAS_NEXT (fall through to the next instruction) or ends the block
 * itself and says so in is_jmp. Guest registers are IR globals; x0 reads as the constant 0 and
 * writes to it are dropped.
 */
#ifndef QELT_RISCV_TRANSLATE_H
#define QELT_RISCV_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>
#include "ir.h"
#include "guest.h"
#include "decode.h"

/* How the current instruction left the block (RVDisas.is_jmp). */
enum {
    RV_DISAS_NEXT = 0,   /* continue with the next instruction */
    RV_DISAS_STOP,       /* end the block after this instruction: goto_tb(0, next_pc) follows */
    RV_DISAS_NORETURN,   /* this instruction emitted the block's exit itself */
    RV_DISAS_EXCLUDED,   /* the instruction was dropped from the block, which now ends before
                            it (goto_tb to its pc), so its exception is raised with an exact pc
                            by a block that starts with it */
};

/* Placeholder ids of IR_OP_plugin_cb / IR_OP_plugin_mem (the plugin layer owns their meaning;
 * it replaces them after its tb_trans callbacks). */
enum {
    RV_PLUGIN_CB_TB = 0,        /* plugin_cb c0: block start, c1 = segment index (superblocks) */
    RV_PLUGIN_CB_INSN = 1,      /* plugin_cb c0: instruction start, c1 = index in the block */
    RV_PLUGIN_MEM_STORE = 1 << 8,   /* plugin_mem c0: IRMemOp | this bit for a store */
};

/* What the translator knows of the vector configuration at the current instruction. User
 * mode: from the block's flags (RV_TBF_V*) at its start, then from the block's own vsetvli/
 * vsetivli; it is always the exact run-time state there (vtype known, vl known or known to
 * differ from VLMAX, vstart known 0 or not), and an instruction that makes it depend on run-
 * time values ends the block (translate-vector.c). Full-system mode (no room for it in the
 * jump-cache key): from a vsetvli/vsetivli earlier in the block, or, before the block's first
 * one, predicted from the translating vCPU's state (rv_vinit). */
typedef struct RVVKnown {
    bool known;              /* vtype below is the run-time vtype (maybe vill) */
    bool vl_known;           /* vl below is the run-time vl (user mode: else vl != VLMAX) */
    bool vstart0;            /* vstart is 0 here */
    bool predicted;          /* full-system: known is false; vtype (valid, not vill) is what the
                                vCPU had when the block was translated: code relying on it tests
                                it at run time (rv_vgen_call's desc, the inline paths' guard) */
    bool vl_was_max;         /* predicted: vl was VLMAX for it */
    uint64_t vtype, vl;
} RVVKnown;

typedef struct RVDisas {
    IRContext *ir;
    const GuestTranslateEnv *te;
    uint64_t pc;             /* the instruction being translated */
    uint64_t next_pc;        /* pc + its length */
    int is_jmp;              /* RV_DISAS_* */
    int insn_index;          /* its index in the block (0 = first) */
    int insn_mark;           /* index of its insn_start op (roll back point) */
    int body_mark;           /* index of its first op after the start markers */
    uint64_t tb_pc;          /* first instruction of the block */
    const RVInsn *insn;      /* the decoded instruction */
    IRTemp gpr[32];          /* globals of x1..x31; gpr[0] unused */
    int n_cond_exits;        /* conditional exits so far (superblocks): chain slots 2.. */
    int n_follows;           /* jal's followed inside the block (superblocks: rv_follow_jal) */
    int n_skipped;           /* instructions rv_select made part of the current one's select */
    int max_insns;           /* the block's size limit (instructions) */
    int frm_check_op;        /* op index of this block's dynamic-rm check, or -1 */
    int fp_guard_op;         /* op index of the exit_cond or IR_FP_GUARD fpfast after which NX is set and frm = RNE
                                for the rest of the block (translate-fp.c), or -1 */
    uint32_t fp_boxed;       /* f registers known to hold a NaN-boxed single (this block);
                                code that writes an f register outside translate-fp.c must
                                clear its bit (or the whole mask) */
    /* Superblocks under plugins: each path segment after a conditional exit is shown to the
     * plugins as a block of its own, exactly the block QEMU would make there. */
    bool sub_pending;        /* a conditional exit was just emitted: next insn starts one */
    int n_subs;              /* segments started so far */
    int sub_mark;            /* op index where the current segment (k > 0) starts */
    int sub_n;               /* instructions before it */
    uint64_t sub_pc;         /* its first instruction */
    int mmu_mo;              /* full-system: the MMU index bits of every access (MO_MMU_*) */
    bool fs_dirty;           /* full-system: this block already set mstatus.FS to Dirty */
    bool vs_done;            /* full-system: rv_vs_access already set VS Dirty in this block */
    uint64_t isa;            /* enabled extensions (cpu-ext.h): te->isa_ext or the default */
    RVVKnown vk;             /* vector configuration known here (translate-vector.c) */
    uint32_t vflags;         /* user mode: the block flags of the state here (te->tb_flags at
                                the start; VCPU.jc_key is stored whenever they change) */
    uint32_t vlenb;          /* VLEN/8 (te->cpu_cfg) */
} RVDisas;

/* Full-system TB flags (GuestTranslateEnv.tb_flags): privilege in bits 0-1, the MMU index
 * of data accesses in bits 2-3 (guest/riscv/priv.h). */
#define RV_TBF_PRV(f) ((f) & 3)
#define RV_TBF_MMU(f) (((f) >> 2) & 3)
#define RV_TBF_FS(f)  (((f) >> 4) & 3)   /* mstatus.FS: 0 Off (FP is illegal), 3 Dirty */
#define RV_TBF_VS(f)  (((f) >> 6) & 1)   /* mstatus.VS is not Off (vector state accessible);
                                            full-system: the last bit (jump-cache key << 57) */
/* User mode (guest_tb_flags: bit 6 and these; the jump-cache key has room for 24 bits) keys
 * blocks by the vector configuration too, as QEMU's VILL/SEW/LMUL/VTA/VMA/VL_EQ_VLMAX/
 * VSTART_EQ_ZERO flags do, so vector code needs no run-time checks of it
 * (translate-vector.c's rv_vcfg_flags; 0 while VS is Off). */
#define RV_TBF_VOK          (1u << 7)    /* vtype is valid (not vill): bits 8-15 hold it */
#define RV_TBF_VTYPE_SHIFT  8            /* vtype[7:0]: vlmul, vsew, vta, vma */
#define RV_TBF_VLMAX        (1u << 16)   /* vl == VLMAX (VOK only) */
#define RV_TBF_VSTART_NZ    (1u << 17)   /* vstart != 0 */
#define RV_TBF_VCFG_MASK    0x3ff80u     /* all of the above */

/* A direct jump to target through exit slot `slot` (see translate.c). */
void rv_goto_tb(RVDisas *d, int slot, uint64_t target);
/* mo with the block's MMU index. */
IRMemOp rv_mo(const RVDisas *d, IRMemOp mo);
/* Full-system instructions (translate-sys.c): CSRs other than the FP ones, mret, sret, wfi,
 * sfence.vma. */
void rv_gen_csr_sys(RVDisas *d, const RVInsn *in);
void rv_gen_priv_insn(RVDisas *d, const RVInsn *in);
/* Full-system FP access: false when mstatus.FS is Off (the caller raises illegal instruction);
 * when the instruction writes FP state and FS is not Dirty yet, marks it Dirty. */
bool rv_fp_access(RVDisas *d, bool writes_fp);
/* Vector state access (every vector instruction and vector CSR access asks it first; declared in
 * vector.h too): false when VS is Off in the block's flags (the caller raises illegal
 * instruction; user mode: the thread's sstatus.VS, kept in priv.mstatus by user/vstate.c, where
 * the OS layer turns EXIT_ILLEGAL into Linux's first-use trap or SIGILL). Full-system: when the
 * instruction writes vector state, marks VS Dirty (once per block). */
bool rv_vs_access(RVDisas *d, bool writes_vstate);
/* User mode, where rv_vs_access said false: the instruction leaves with EXIT_ILLEGAL at run
 * time, but the block goes on past it (a helper call), so plugins see the blocks QEMU makes
 * (its user mode has no first-use trap); the block, keyed VS Off, runs only until the trap. */
void rv_gen_vs_off(RVDisas *d);

/* x0 yields the constant 0. */
IRTemp rv_get_gpr(RVDisas *d, int r);
/* Copies v into x[r]; a write to x0 is dropped. */
void rv_set_gpr(RVDisas *d, int r, IRTemp v);
/* Where an op may write rd directly: the global, or for x0 a fresh temp (for ops whose effect
 * other than the result must happen: loads, atomics). */
IRTemp rv_dest_gpr(RVDisas *d, int r);
/* Address of a memory access: x[rs1] + imm (a fresh temp when instrumentation is on, so the
 * address survives the access even when the access overwrites rs1). */
IRTemp rv_gen_addr(RVDisas *d, int rs1, int64_t imm);
/* A vector load or store (LOAD-FP/STORE-FP with a vector width): its accesses are made by a
 * helper, element by element (the plugin layer points the vCPU at its memory subscriptions
 * first; Linux's first-use trap recognises it). */
static inline bool rv_insn_is_vmem(uint32_t raw)
{
    uint32_t op = raw & 0x7f, width = (raw >> 12) & 7;
    return (op == 0x07 || op == 0x27) && (width == 0 || width >= 5);
}
/* The current instruction is illegal: exit_tb(EXIT_ILLEGAL, pc) when it is the first of the
 * block; otherwise drops whatever it emitted and ends the block before it (RV_DISAS_EXCLUDED). */
void rv_gen_illegal(RVDisas *d);

/* Instrumentation hooks (issue 4 fills in their meaning): they emit placeholders only when
 * te->plugin_ctx is set. rv_plugin_mem goes after the access it describes. */
void rv_plugin_tb_start(RVDisas *d);
void rv_plugin_insn_start(RVDisas *d);
void rv_plugin_mem(RVDisas *d, IRTemp addr, IRMemOp mo, bool is_store);

/* F/D instructions including FP loads/stores (translate-fp.c): called for every op the
 * integer translator does not own; returns false when insn is not one it implements (the
 * caller then raises illegal instruction). No weak default: with one, a unit test linked from
 * libqelt.a would silently get the default instead of translate-fp.o. */
bool rv_translate_fp(RVDisas *d, const RVInsn *insn);
/* The block's FP guard (translate-fp.c): true once NX is known set and frm = RNE for the rest
 * of the block; rv_emit_fp_guard: an exit to pc unless both hold (does nothing when not
 * allowed: plugins, no superblock, no exit slot left, already trusted). */
bool rv_fp_trusted(const RVDisas *d);
void rv_emit_fp_guard(RVDisas *d, uint64_t pc);
/* The scalar non-FP extensions (translate-bits.c): false when insn is not one of theirs. */
bool rv_translate_ext(RVDisas *d, const RVInsn *in);
/* Zfhmin (translate-zfh.c): false when insn is not one of its ops. */
bool rv_translate_zfh(RVDisas *d, const RVInsn *in);
uint64_t helper_fcvt_s_h(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fcvt_d_h(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fcvt_h_s(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fcvt_h_d(struct VCPU *cpu, uint64_t a, uint64_t rm);
/* Zfa (translate-zfh.c too) */
uint64_t helper_fminm_s(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fmaxm_s(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fminm_d(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fmaxm_d(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fround_s(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_froundnx_s(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fround_d(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_froundnx_d(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fcvtmod_w_d(struct VCPU *cpu, uint64_t a);
uint64_t helper_fleq_s(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fltq_s(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fleq_d(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fltq_d(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fminm_h(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fmaxm_h(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fround_h(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_froundnx_h(struct VCPU *cpu, uint64_t a, uint64_t rm);
uint64_t helper_fleq_h(struct VCPU *cpu, uint64_t a, uint64_t b);
uint64_t helper_fltq_h(struct VCPU *cpu, uint64_t a, uint64_t b);

/* Scalar crypto (translate-crypto.c), called by rv_translate_ext; rd != x0. */
bool rv_translate_crypto(RVDisas *d, const RVInsn *in);
uint64_t helper_sm4ed(uint64_t a, uint64_t b, uint64_t bs);
uint64_t helper_sm4ks(uint64_t a, uint64_t b, uint64_t bs);
/* The SM4 S-box (GB/T 32907), also for the vector crypto instructions (vector-crypto.c). */
uint8_t rv_sm4_sbox(uint8_t x);
/* The table-driven AES paths (hosts without AES-NI; tests compare them with AES-NI): the low
 * 64 bits of one (inverse) round without AddRoundKey, MixColumns only when mix. */
uint64_t rv_aes64_generic(uint64_t lo, uint64_t hi, bool inv, bool mix);
uint64_t rv_aes64im_generic(uint64_t a);
uint64_t helper_aes64es(uint64_t a, uint64_t b);
uint64_t helper_aes64esm(uint64_t a, uint64_t b);
uint64_t helper_aes64ds(uint64_t a, uint64_t b);
uint64_t helper_aes64dsm(uint64_t a, uint64_t b);
uint64_t helper_aes64im(uint64_t a);
uint64_t helper_aes64ks1i(uint64_t a, uint64_t rnum);
uint64_t helper_aes64ks2(uint64_t a, uint64_t b);
void helper_amocas_q(struct VCPU *cpu, uint64_t addr, uint64_t regs, uint64_t pc,
                     uint64_t mode);
uint64_t helper_clmul(uint64_t a, uint64_t b);
uint64_t helper_clmulh(uint64_t a, uint64_t b);
uint64_t helper_clmulr(uint64_t a, uint64_t b);
uint64_t helper_brev8(uint64_t a);
uint64_t helper_xperm4(uint64_t a, uint64_t b);
uint64_t helper_xperm8(uint64_t a, uint64_t b);
/* The IR global of f[r] (translate-fp.c), for the vector FP instructions' scalar operands. */
IRTemp rv_get_fpr(RVDisas *d, int r);
/* Creates the FP globals (translate-fp.c); guest_ir_init calls it right after x1..x31. */
void rv_ir_init_fp(IRContext *c);

/* Counter CSRs (helpers.c), called from generated code: monotonic, never trap. */
uint64_t helper_rdcycle(void);
uint64_t helper_rdtime(void);
uint64_t helper_seed(void);   /* Zkr seed CSR value (helpers.c) */
void helper_pause(struct VCPU *cpu); /* pause when GuestTranslateEnv.pause_yields: sched_yield */
#define RV_PAUSE_INSN 0x0100000fu   /* fence w,0 with rs1 = rd = 0: Zihintpause's pause */
uint64_t helper_rdinstret(void);

#endif
