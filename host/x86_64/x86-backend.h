/*
 * Private to the x86-64 back end: the register plan and the back end's state, shared by
 * codegen.c (per-block code) and target.c (trampolines, patching, signal-context access).
 */
#ifndef QELT_X86_BACKEND_H
#define QELT_X86_BACKEND_H

#include "backend.h"
#include "x86-emit.h"

/* Pinned guest registers: the first five are callee-saved (free across helper calls), the
 * last four caller-saved (saved to env around calls). Measured: 8 pinned beat 4 (docs/
 * PERFORMANCE.md). r15 holds the guest base unless guest memory is at host address 0
 * (BACKEND_ZERO_BASE, Backend.zero_base): only then is it pinned (fixed_temp[4] is -1 else). */
#define N_FIXED 9
#define N_FIXED_CALLEE 5
static const XReg fixed_regs[N_FIXED] __attribute__((unused)) = {
    X_RBX, X_R12, X_R13, X_R14, X_R15, X_R8, X_R9, X_R10, X_R11 };
/* Allocatable registers: these, plus r8-r10 in call-friendly mode (where they are not pinned). */
static const XReg alloc_regs[] __attribute__((unused)) = {
    X_RAX, X_RCX, X_RDX, X_RSI, X_RDI, X_R8, X_R9, X_R10 };
#define N_ALLOC_PINNED 5
#define N_ALLOC_MAX ((int)(sizeof(alloc_regs) / sizeof(alloc_regs[0])))
/* Loop blocks (codegen-loop.c): the allocator registers a loop may take (alloc_regs' last of
 * the N_ALLOC_PINNED: rdi, rsi), and the globals it considers. */
#define LOOP_LEND_ALLOC 2
/* FP globals a loop block may keep in xmm registers (xmm3 up; the allocator takes xmm15 down
 * and keeps at least XMM_ALLOC_MIN of xmm3-15 for the ops' values). */
#define LOOP_MAX_XMM 7
#define LOOP_MAX_GLOBALS 64
#define LOOP_MAX_CHK 8
#define BE_MAX_LEA 4          /* shl ops waiting for their add (codegen.c try_fuse_lea) */        /* values a loop block checks at its entry for its accesses */


#define BE_MAX_INLINE_PLANS 32
#define BE_MAX_DEFER 32
/* codegen-defer.c: a global's write the block leaves to its fault sites (ops start.. of the
 * write, w: the op that writes the global next; code: its computed RegHome.reg). */
typedef struct Deferred {
    int start, w;           /* D's first op; the op that writes g next (== start: D again) */
    int mat;                /* a loop block's back edge, after which g is computed; or -1 */
    IRTemp g, s;            /* the global written; D's source */
    uint32_t code;          /* kind and count (the RegHome.reg bits but the source) */
    uint64_t s_src;         /* globals (bit g) equal to the source at D */
    uint64_t top_src;       /* mat >= 0: globals equal to the source at the top */
    uint64_t back_src;      /* and at the back edge */
    uint64_t src;           /* code generation: the globals equal to the source now */
    bool active;
} Deferred;
/* A RegHome whose reg is DEFER_HOME | ...: the value is computed (cg_defer_eval), not in a
 * register. */
#define DEFER_HOME (1 << 30)
static inline bool cg_is_defer_home(int32_t reg) { return reg >= DEFER_HOME; }

#define FRAME_SLOTS 64
#define FRAME_SIZE (FRAME_SLOTS * 8 + 8)   /* keeps rsp 16-byte aligned inside blocks */
/* The last slots are not for temps: registers kept live across a copied callback are saved
 * there around the copy's own calls (codegen-inline.c), addressed from rsp, since the copy
 * may use rbp. */
#define FRAME_SAVE_SLOTS 7
#define FRAME_SAVE_BASE (FRAME_SLOTS - FRAME_SAVE_SLOTS)

/* FP values may live in xmm registers: allocator register numbers XMM_REG(i) = 16 + i.
 * xmm0-2 stay scratch for the FP lowering; xmm3-15 are allocated. All are caller-saved, and
 * code outside codegen.c/codegen-fp.c may use some, so they are emptied (values to their
 * homes) before every op as far as it may change them (xmm_clobber in codegen.c: inline
 * vector ops use xmm0-7 as scratch and xmm8-15 for their cache, OWNER_VEC). */
#define XMM_REG(i) (16 + (i))
#define XMM_FIRST_ALLOC 3
static inline bool is_xmm(int r) { return r >= 16; }

/* The FP lowering's 64-bit constants at Backend.fp_consts (binary64 result checks). */
enum { FPC_SPECIAL_D, FPC_MIN2_D, FPC_RANGE_D, FPC_BOX_LO, FPC_BOX_HI, FPC_COUNT };
/* codegen-fp.c: xd = xa with its upper 32 bits (of 64) set, one AVX vorpd with the 16-byte
 * constant FPC_BOX_LO/HI; false (nothing emitted) without AVX. */
bool cg_fp_box(Backend *be, int xd, int xa);

/* codegen-vfp.c: a vfop's second look at the lanes its fast check rejected (a product or
 * quotient that is an exact +-0), out of line after the fallback its other branches reach:
 * jcc (NULL: none) is the fast path's branch there, resume where an all-clear continues. */
typedef struct VfRecheck {
    uint8_t *jcc, *resume;
    int32_t a, bo;
    int8_t kind, l2, rs, t, tmp, r;   /* r: the xmm register holding the result */
    bool sc, wide;
} VfRecheck;
/* Bytes of cg_vec_consts' table, written once into the code cache (target.c). */
#define VEC_CONSTS_SIZE (16 * 32)
size_t cg_vec_consts(uint8_t *p);

enum { LOC_DEAD, LOC_REG, LOC_MEM, LOC_CONST };
#define OWNER_NONE    (-1)
#define OWNER_SCRATCH (-2)
#define OWNER_FIXED   (-3)
#define OWNER_VEC     (-4)   /* xmm8-15: a cached guest vector register (codegen-vec.c) */

typedef struct Fixup { uint32_t label; uint8_t *field; } Fixup;
/* Full-system: the out-of-line soft-TLB miss path of one access (emitted after the block). */
typedef struct MmuStub {
    uint8_t *jfield;                  /* the probe's jne rel32 */
    uint8_t *resume;                  /* fast path continues here */
    XReg addr, val, val2, dst;        /* X_NOREG when unused */
    bool val_imm;                     /* store of a constant: val_c */
    int32_t val_c;
    uint32_t oi;                      /* memop | kind << 8 | atomic op << 12 */
    uint32_t site;                    /* host offset of the access's fault site */
} MmuStub;
enum { MMU_K_LOAD = 0, MMU_K_STORE = 1, MMU_K_ATOMIC = 2, MMU_K_CMPXCHG = 3 };
#define MMU_OI(mo, kind, aop) ((uint32_t)(mo) | (uint32_t)(kind) << 8 | (uint32_t)(aop) << 12)

/* An address check's out-of-line path: the fault at guest pc (kind: 0 range, 1 alignment)
 * with the address addr + off; band != X_NOREG: first resume at `resume` when the checked
 * register band holds a value in [-IR_ADDR_DELTA_MAX, 0) (the access then hits the lower
 * guard or wraps into the reservation, as the hardware would). */
typedef struct BadAddrStub {
    uint8_t *field; XReg addr; int32_t off; uint64_t pc; int kind; int site;
    XReg band; uint8_t *resume;
} BadAddrStub;

struct Backend {
    IRContext *ir;
    BackendHooks hooks;
    int log_mask;
    uint8_t *enter_code, *epilogue, *lookup_miss, *bad_addr_common;
    uint8_t *mmu_thunk;               /* BACKEND_SOFTMMU: saves registers, calls mmu_slow */
    bool softmmu;
    bool zero_base;                /* BACKEND_ZERO_BASE: guest operands [addr], r15 is free */
    bool jc_keyed;                 /* goto_ptr's probe compares pc ^ VCPU.jc_key */
    MmuStub *mstubs;
    int n_mstubs, max_mstubs;
    struct SysAccessPlan *splan;      /* full-system: per op, its access group (codegen-sys.c) */
    int max_splan;
    int fixed_temp[N_FIXED];          /* global pinned to fixed_regs[i], or -1 */
    /* BACKEND_COUNTER_REG: r11 (then never pinned or allocated) accumulates increments of the
     * plugins' hottest inline counter; added to *VCPU.ctr_ptr and cleared before every call out
     * of generated code and on every exit, so memory is exact whenever C code can look. */
    XReg ctr_reg;                     /* X_R11, or X_NOREG */
    bool ctr_live;                    /* generated calls move the counter register to memory */
    bool ctr_unsynced;                /* some code in the cache calls out without doing that */
    int n_alloc;                      /* allocatable registers: alloc_regs[0 .. n_alloc) */

    /* Per-block state. */
    XBuf b;
    int reg_owner[32];                /* GPRs, then xmm0-15 as XMM_REG(0..15) */
    uint32_t locked;
    uint64_t slots_used;              /* frame slot bitmap */
    int cur_op;                       /* index of the op being emitted */
    bool failed;
    uint64_t cur_pc;
    uint8_t **label_addr;
    int max_labels;
    Fixup *fixups;
    int n_fixups, max_fixups;
    BadAddrStub *stubs;
    int n_stubs, max_stubs;
    InsnMapEntry *map;
    int n_map, max_map;
    FaultSite *sites;
    int n_sites, max_sites;
    /* Address fusion: `add t, base, off` folded into the next access of t, [r15+base+off]. */
    IRTemp fused_temp, fused_base;
    int32_t fused_off;
    bool fused_release;               /* base died at the add: release it after the access */
    uint8_t *checked;                 /* per temp: CHK_* (codegen.c emit_addr_check) */
    int max_checked;
    IRAddrBase *addr_base;            /* per op: its access's base (ir_addr_bases) */
    int max_addr_base;
    void *addr_scratch;               /* ir_addr_bases' work space (kept between blocks) */
    size_t addr_cap;
    /* brcond whose label only leads to a goto_tb: the jcc itself is the chainable exit. */
    int *direct_exit;                 /* per op: index of that goto_tb, or -1 */
    uint8_t *skip;                    /* per op: emitted as part of a direct exit */
    int max_ops;
    void *label_info;                 /* per label: [references, op index of set_label] */
    int max_label_info;
    struct { uint8_t *field; int slot; uint64_t pc; } dstubs[IR_MAX_EXIT_SLOTS];
    int n_dstubs;
    RegHome *homes;
    int n_homes, max_homes;
    /* Loop block (codegen-loop.c): global loop_g[i] lives in host register loop_reg[i] for
     * the block, a pinned register whose global loop_pinned[i] waits in env, or (-1) one the
     * allocator lent (loop_alloc_lent of them: n_alloc is that much lower until the next
     * block is planned); the back edges jump to loop_top, past the entry's swap. */
    bool no_loop_blocks;              /* QELT_NO_LOOPREGS=1 in the environment (measurement) */
    bool loop_mode;
    uint64_t loop_pc;                 /* the block's start */
    int n_loop, loop_alloc_lent;
    uint32_t loop_dirty;              /* bit i: the block writes loop_g[i] */
    int loop_g[N_FIXED + LOOP_LEND_ALLOC + LOOP_MAX_XMM];
    int loop_pinned[N_FIXED + LOOP_LEND_ALLOC + LOOP_MAX_XMM];
    XReg loop_reg[N_FIXED + LOOP_LEND_ALLOC + LOOP_MAX_XMM];   /* or XMM_REG(i): an FP global */
    uint8_t *loop_top;
    uint8_t *loop_irq[IR_MAX_EXIT_SLOTS];   /* back edges' jmp when exit_request is set */
    int n_loop_irq;
    /* A loop block's range checks made once at entry (cg_loop_plan_checks): loop_acc[i] per op
     * (ir_loop_checks); check j of loop_chk compared in loop_chk_reg[j] by the jae at
     * loop_chk_field[j], going on at loop_chk_resume[j]. loop_end: the loop's last op (its last back edge), or -1. */
    /* The last ALU op (gen_alu: add/sub/and/or/xor) ends at flags_at with its result in
     * flags_reg (width flags_w64): a compare of that value with 0 right after it (nothing
     * emitted between, no label) needs no test. */
    int n_lea, lea_shl[BE_MAX_LEA], lea_add[BE_MAX_LEA];   /* try_fuse_lea's pending pairs */
    uint8_t *flags_at;
    XReg flags_reg;
    bool flags_w64;
    bool no_loop_chk;                 /* QELT_NO_LOOPCHK=1 in the environment (measurement) */
    int loop_end, n_loop_chk, max_loop_acc;
    IRLoopAccess *loop_acc;
    IRLoopCheck loop_chk[LOOP_MAX_CHK];
    XReg loop_chk_reg[LOOP_MAX_CHK];
    uint8_t *loop_chk_field[LOOP_MAX_CHK], *loop_chk_resume[LOOP_MAX_CHK];
    uint8_t *loop_sx_jne[64 + BE_MAX_DEFER + LOOP_MAX_XMM];   /* the entry checks' jne fields */
    uint32_t loop_boxed;              /* loop register j's single is checked NaN-boxed at entry */
    int n_loop_sx;
    Deferred dfr[BE_MAX_DEFER];       /* codegen-defer.c: this block's deferred writes */
    int n_dfr, n_dfr_homes;
    unsigned host_bits;               /* X86_HAS_* of the host CPU (codegen-bits.c) */
    int vec_level;                    /* codegen-vec.c's host SIMD level + 1, 0 = not probed */
    bool vec_q2pd;                    /* and AVX-512DQ/VL's vcvtqq2pd usable (probed with it) */
    /* codegen-vec.c's cache of guest vector registers: xmm i (8..15) whose reg_owner is
     * OWNER_VEC holds env bytes [vc_off[i], vc_off[i] + vc_w[i]) in its low bytes. */
    int32_t vc_off[16];
    uint8_t vc_w[16];
    uint32_t vc_use[16], vc_clock;    /* last use (LRU) */
    int32_t vc_narrow[8];             /* env offsets just stored as 8 bytes (cg_vcache_narrow) */
    int vc_n_narrow;
    /* A vector op whose skip (or fallback) branches were left for the vcall right after it
     * (codegen-vec.c): those jumps, where the op's code ended, the entries it set, its status
     * register (vfop) or -1, the vcall's op index. */
    uint8_t *vfuse_jcc[8], *vfuse_end;
    int vfuse_n, vfuse_rd, vfuse_op;
    uint16_t vfuse_fresh;
    VfRecheck vfuse_rc;               /* that vfop's re-check, emitted after the fallback */
    /* A setcond left in the flags for the vld/vst right after it (cg_vec_cond_in_flags), or a
     * plugin filter's test for its vcall (cg_vcall_cond_next): its temp (never given a value) and the condition to branch on; IR_NOTEMP: none. */
    IRTemp vflag_temp;
    XCond vflag_cc;
    uint8_t *fp_consts;               /* 64-bit constants FPC_* (target.c), in the code cache */
    /* codegen-fp.c: a chain of fadd/fsub/fsqrt ops emitted without their result checks, each
     * reading the one before; the fpfast op at index next_op covers them (-1: none; reset per
     * block). */
    struct FpPend {
        int next_op;
        const uint8_t *end;           /* code address right after the last unchecked op */
        int n;
        bool adjacent;                /* only insn_start markers up to next_op */
        struct FpPendOp {
            uint32_t d;               /* its result temp */
            int in[2], nin, rd;       /* its input and result xmm registers */
            void *fn;                 /* its exact helper and rounding mode */
            int rm;
        } op[3];
    } fp_pend;
    uint8_t *vf_consts;               /* codegen-vfp.c's vector constants (cg_vec_consts) */
    /* Cold code deferred to after the block (cg_defer_cold): records of a ColdHeader and
     * its data, emitted in order once the block's code is done. */
    uint8_t *cold;
    size_t n_cold, max_cold;
    void *narrow_scratch;             /* ir_narrow's work space */
    size_t narrow_cap;
    /* Plugin callbacks copied into generated code (codegen-inline.c): one plan per callee. */
    bool inline_callbacks;
    struct InlPlan *inl[BE_MAX_INLINE_PLANS];
    int n_inl;
};

/* Host CPU features the bit-manipulation ops use (cpuid; QELT_GENERIC_BITOPS=1 in the
 * environment clears them all, so the generic sequences can be tested on any host). */
enum { X86_HAS_LZCNT = 1, X86_HAS_BMI1 = 2, X86_HAS_POPCNT = 4, X86_HAS_BMI2 = 8 };
unsigned x86_host_bits(void);
/* codegen-bits.c: clz, ctz, cpop, bswap, bset, bclr, binv. */
void cg_gen_bitop(Backend *be, const IROp *op);
/* codegen-loop.c: loop blocks (Backend.loop_*). */
bool cg_is_self_exit(const IROp *op, uint64_t tb_pc);   /* goto_tb/exit_cond to tb_pc */
void cg_plan_loop(Backend *be, IRContext *ir, uint64_t tb_pc);
void cg_loop_assign(Backend *be);
void cg_loop_enter(Backend *be);
void cg_loop_leave(Backend *be);
XReg cg_loop_leave_ptr(Backend *be, XReg r);
void cg_loop_reload_pinned(Backend *be);
void cg_loop_site_homes(Backend *be, FaultSite *fs);
bool cg_loop_holds(const Backend *be, IRTemp g);
bool cg_loop_boxed(const Backend *be, IRTemp g);
int cg_fp_nb_inputs(int fop);   /* codegen-fp.c: an fpfast op's FP inputs */
void cg_defer_plan(Backend *be);   /* after cg_loop_assign and find_direct_exits */
void cg_defer_entry_checks(Backend *be);   /* after cg_loop_sx_checks */
void cg_defer_emit_exit(Backend *be);   /* a loop block's back-edge exit, after cg_loop_leave */
void cg_gen_ir_op(Backend *be, IROp *op);   /* codegen.c: one ALU op emitted here */
void cg_release_global(Backend *be, IRTemp g);   /* codegen.c: dropped without a store */
void cg_defer_at(Backend *be, int i);   /* before each op i (skipped ones too) */
void cg_defer_site_homes(Backend *be, FaultSite *fs);
void cg_defer_emit_homes(Backend *be, const FaultSite *fs, uint32_t avoid);
uint64_t cg_defer_eval(uint32_t code, uint64_t v);
void cg_loop_sx_checks(Backend *be, uint64_t globals);   /* before cg_loop_enter */
bool cg_loop_emit_sx_fail(Backend *be);   /* true: the caller emits the exit to step */
void cg_emit_back_edge(Backend *be);
bool cg_loop_exit(Backend *be, uint64_t pc);   /* back edge (true) or leave the loop */
void cg_loop_emit_irq_exit(Backend *be);
void cg_loop_emit_checks(Backend *be);         /* at entry, before loop_top */
bool cg_loop_unchecked(const Backend *be);     /* the current access was checked at entry */
bool cg_loop_emit_chk_stubs(Backend *be);      /* true: the caller emits the exit to step */
/* Register helpers of codegen.c for the other lowering files. */
XReg cg_temp_load(Backend *be, IRTemp t, uint32_t avoid);
void cg_bb_sync(Backend *be);                      /* the block's dirty globals to env */
void cg_emit_store_pc(Backend *be, uint64_t pc);   /* env.pc = pc */
extern const XCond cg_cond_map[IR_NB_CONDS];       /* IRCond -> x86 condition */

/* codegen-exit.c: the ways out of a block (see there). */
void cg_add_fixup(Backend *be, uint32_t label, uint8_t *field);
void cg_add_dstub(Backend *be, uint8_t *field, int slot, uint64_t pc);
void cg_emit_cond_exit(Backend *be, IRCond c, int slot, uint64_t pc, uint8_t *cmp_at);
void cg_emit_chain_jump(Backend *be, int slot, uint64_t pc, uintptr_t tb_tag,
                        BackendResult *res);
void cg_loop_back_branch(Backend *be, IRCond c);
/* A loop block's conditional side exit: jcc to cold code that leaves the loop, then exits. */
void cg_loop_side_exit(Backend *be, IRCond c, int slot, uint64_t pc, uintptr_t tb_tag,
                       BackendResult *res);
void cg_gen_goto_tb(Backend *be, const IROp *op, uintptr_t tb_tag, BackendResult *res);
bool cg_goto_ptr_as_tb(Backend *be, const IROp *op, uintptr_t tb_tag, BackendResult *res);
void cg_gen_goto_ptr(Backend *be, const IROp *op);
int cg_find_direct_exits(Backend *be, IRContext *ir);
int cg_temp_load_x(Backend *be, IRTemp t, uint32_t avoid);   /* into an xmm: XMM_REG(i) */
int cg_alloc_xmm(Backend *be, uint32_t avoid);
/* FP values in xmm registers to their homes (before a call); the vector cache too unless
 * keep_vec (the caller then reloads it after the call: cg_vcache_reload). */
void cg_flush_xmm(Backend *be, bool keep_vec);
void cg_store_reg(XBuf *b, int r, XMem m);                    /* 64 bits of a GPR or xmm */
bool cg_is_box_op(Backend *be, const IROp *op);              /* d = a | 0xffffffff00000000 */
bool cg_global_in_env(Backend *be, IRTemp t, XMem *home);     /* unpinned, env home current */
XReg cg_alloc_scratch(Backend *be, uint32_t avoid);
XReg cg_dest_reg(Backend *be, IRTemp d, uint32_t avoid);
void cg_temp_set_reg(Backend *be, IRTemp d, XReg r);
/* Register r free and locked for this op (if it holds keep, the value stays there). */
void cg_take_reg(Backend *be, XReg r, IRTemp keep);
/* d's value is in the fixed-purpose register r (rax/rdx results): d's pinned register or r. */
void cg_set_result(Backend *be, IRTemp d, XReg r);
/* A 4-byte signed access's result in r sign-extended. */
void cg_extend_result(Backend *be, XReg r, int mo);
/* t = t OP rv for an atomic read-modify-write done by a compare-and-swap loop (and/or/xor,
 * min/max; nothing for the others). */
void cg_atomic_update(XBuf *buf, int aop, bool w64, XReg t, XReg rv);
/* p grown (realloc, doubling) to hold need elements of elt bytes; *max updated. */
void *cg_grow(void *p, int *max, size_t elt, int need);
int cg_fault_site(Backend *be);
void cg_close_site(Backend *be, int site);
/* codegen-sys.c: gld/gst/gatomic/gcmpxchg through the soft-TLB; the miss stubs after the block. */
void cg_gen_sys_access(Backend *be, const IROp *op);
void cg_emit_mmu_stubs(Backend *be);
/* Before lowering a full-system block (after ir_addr_bases): its access groups. */
void cg_sys_plan_groups(Backend *be);

/* Out-of-line code an op wants after the block: fn(be, data) is called then, with data a
 * copy of the size bytes given; it may emit up to 4 bytes of code per byte of data. */
typedef void (*ColdFn)(Backend *be, const void *data);
void cg_defer_cold(Backend *be, ColdFn fn, const void *data, size_t size);

/* codegen-plugin.c: the inline instrumentation op. */
void x86_gen_plugin_inline(Backend *be, const IROp *op);
void x86_gen_plugin_filter(Backend *be, const IROp *op);
void x86_gen_plugin_guard(Backend *be, const IROp *op);
void x86_gen_plugin_hmem(Backend *be, const IROp *op);
/* Add the counter register into *VCPU.ctr_ptr (via scratch register tmp) and clear it. */
void x86_flush_ctr(XBuf *b, XReg ctr_reg, XReg tmp);

void cg_gen_fpfast(Backend *be, const IROp *op);   /* codegen-fp.c */
/* codegen-vec.c: vop, vfop, vld/vst (user mode). */
void cg_gen_vop(Backend *be, const IROp *op);
void cg_gen_vfop(Backend *be, const IROp *op);
void cg_gen_vmem(Backend *be, const IROp *op);
/* The scratch xmm registers (bit i: xmm i, within xmm0-7) a vop/vfop/vld/vst may write */
unsigned cg_vec_scratch(const Backend *be, const IROp *op);
void cg_gen_vcall(Backend *be, const IROp *op);
/* Whether setcond op's result is read only by an unmasked vld/vst right after it and that
 * access's vcall: then only its compare is emitted and the access branches on the flags. */
bool cg_vec_cond_in_flags(Backend *be, const IROp *op);
bool cg_vcall_cond_next(Backend *be, IRTemp d);
/* The vector cache: forget cached registers overlapping env bytes [off, off + n) (code that
 * writes env directly: st_env); reload every cached register from env (after a call). */
void cg_vcache_drop(Backend *be, int32_t off, int n);
void cg_vcache_narrow(Backend *be, int32_t off);   /* 8 bytes at off just stored */
void cg_vcache_reload(Backend *be);
/* cblift.c: the summary of the function at entry (runtime/cb-summary.h) from its code in
 * [code_lo, code_hi), plugin memory being [data_lo, data_hi); false: not liftable. */
struct CbSummary;
struct CbSig;
bool cblift_code(uint64_t entry, uint64_t code_lo, uint64_t code_hi, uint64_t data_lo,
                 uint64_t data_hi, struct CbSig sig, struct CbSummary *s);
/* codegen-inline.c: callbacks copied in place of `call fn`. x86_inline_clobbers: whether fn
 * can be copied, and the caller-saved registers the copy may change (values elsewhere survive
 * it). x86_inline_callee emits the copy, saving the registers in keep around any call the
 * copy makes (false: nothing emitted; the caller calls fn, saving keep itself with
 * x86_save_regs). x86_inline_free drops the plans. */
bool x86_inline_clobbers(Backend *be, const void *fn, uint32_t *clobber);
bool x86_inline_callee(Backend *be, const void *fn, uint32_t keep);
/* keep's registers to/from the frame's save slots; sp_off = bytes rsp is below the block's. */
void x86_save_regs(Backend *be, uint32_t keep, bool restore, int32_t sp_off);
void x86_inline_free(Backend *be);

#endif
