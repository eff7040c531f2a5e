/*
 * qelt's portable IR: data structures and the builder API used by guest front ends.
 *
 * A translation block is built as a linear list of IROps (see ir-ops.def for the ops and their
 * semantics) over temps. Temps come in four kinds:
 *   - globals: guest state with a home in the vCPU struct (env); created once per IRContext by
 *     the front end's init, they survive ir_reset(). Each has a priority rank: the back end keeps
 *     the best-ranked ones in fixed host registers across blocks.
 *   - normal temps: values inside one extended basic block; their value is undefined after a
 *     label or branch (any IRF_BB_END op).
 *   - local temps: like normal temps but keep their value across labels within the block.
 *   - constants: read-only values created by ir_const().
 * Invariants: a temp is written before it is read within its lifetime; an op's outputs are
 * never constants; op args are stored outputs, then inputs, then constants.
 */
#ifndef QELT_IR_H
#define QELT_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum IRType { IR_I32, IR_I64 } IRType;

typedef enum IROpcode {
#define DEF(name, o, i, c, f) IR_OP_##name,
#include "ir-ops.def"
#undef DEF
    IR_NB_OPS
} IROpcode;

enum {
    IRF_BB_END = 1 << 0,
    IRF_SIDE   = 1 << 1,
    IRF_MEM    = 1 << 2,
    IRF_EXIT   = 1 << 3,
    IRF_COND   = 1 << 4,
    IRF_FOLD   = 1 << 5,
    IRF_FAULT  = 1 << 6,   /* may leave the block through a precise exception: globals live */
};

typedef struct IROpDef {
    const char *name;
    uint8_t nb_out, nb_in, nb_const;
    uint16_t flags;
} IROpDef;
extern const IROpDef ir_op_defs[IR_NB_OPS];

typedef enum IRCond {
    IR_EQ, IR_NE, IR_LT, IR_GE, IR_LE, IR_GT,  /* signed */
    IR_LTU, IR_GEU, IR_LEU, IR_GTU,            /* unsigned */
    IR_NB_CONDS
} IRCond;
IRCond ir_cond_invert(IRCond c);   /* !(a c b) */
IRCond ir_cond_swap(IRCond c);     /* (b c' a) == (a c b) */

/* Memory operation descriptor: size, extension, alignment requirement. */
typedef enum IRMemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3, MO_SIZE = 3,
    MO_SIGN  = 1 << 2,       /* sign-extend loads to 64 bits (else zero-extend) */
    MO_ALIGN = 1 << 3,       /* misaligned access faults (SIGBUS), for atomics */
    MO_MMU_SHIFT = 4,        /* full-system: the access's MMU index (soft-TLB) in bits 4-5 */
    MO_MMU_MASK = 3 << 4,
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_Q = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} IRMemOp;
static inline int mo_bytes(int mo) { return 1 << (mo & MO_SIZE); }

/* fpfast operations: bits 0-4 the operation, then modifier bits. IR_FP_DOUBLE: binary64
 * (for IR_FCVT_FF: the source is binary64, i.e. fcvt.s.d); IR_FP_INT64: the integer side of a
 * conversion is 64 bits; IR_FP_UNSIGNED: it is unsigned. */
typedef enum IRFpOp {
    IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FSQRT,
    IR_FMADD, IR_FMSUB, IR_FNMSUB, IR_FNMADD,   /* a*b+c, a*b-c, -(a*b)+c, -(a*b)-c */
    IR_FEQ, IR_FLT, IR_FLE, IR_FMIN, IR_FMAX,
    IR_FCVT_F2I, IR_FCVT_I2F, IR_FCVT_FF,
    IR_FP_OPMASK = 31, IR_FP_DOUBLE = 32, IR_FP_INT64 = 64, IR_FP_UNSIGNED = 128,
    IR_FP_TRUSTED = 256,    /* known: NX already raised and frm = RNE (no run-time check) */
    IR_FP_BOXED0 = 512,     /* << k: FP input k is known to be a NaN-boxed single */
    IR_FP_GUARD = 4096,     /* the block's later ops are IR_FP_TRUSTED: if, after this op's
                               slow path, NX is clear or frm != RNE, leave the block at the
                               next instruction (4 bytes on) through chain slot kind >>
                               IR_FP_SLOT_SHIFT; the result is a global */
    IR_FP_SLOT_SHIFT = 16,
} IRFpOp;

/* Vector ops (vop/vfop, see ir-ops.def's vector section): the kind in bits 0-5, log2 of the
 * element size in bytes at IR_V_ESHIFT, IR_V_SCALAR when operand b is the input temp. d, a, b
 * are the destination and the two sources; every op is element-wise modulo 2^SEW except the
 * reduction, the gather and the extensions. Shift counts are taken modulo SEW; MUL keeps the low half. */
typedef enum IRVecOp {
    IR_V_ADD, IR_V_SUB, IR_V_RSUB /* b - a */, IR_V_AND, IR_V_OR, IR_V_XOR, IR_V_MUL,
    IR_V_MINU, IR_V_MIN, IR_V_MAXU, IR_V_MAX, IR_V_SLL, IR_V_SRL, IR_V_SRA,
    IR_V_MV,                        /* d = b */
    IR_V_MACC, IR_V_NMSAC,          /* d = d + a*b, d = d - a*b */
    IR_V_MADD, IR_V_NMSUB,          /* d = d*b + a, d = -(d*b) + a */
    IR_V_REDSUM,                    /* d[0] = b[0] + sum of a[i] (b a vector) */
    IR_V_GATHER,                    /* d[i] = b[i] < scalar ? a[b[i]] : 0, bytes only, b a
                                       vector, scalar (VLMAX) <= 16 and n <= scalar; d overlaps
                                       neither source (vrgather.vv at SEW 8, LMUL <= 1) */
    IR_V_ZEXT2, IR_V_ZEXT4, IR_V_ZEXT8, /* d[i] = a[i] zero-extended from SEW/2, /4, /8 (a's
                                       elements that wide); n <= 16, d does not overlap a */
    /* Mask compares: bit i of d's bytes = a[i] OP b[i] (signed or unsigned), bits past n/e
     * untouched; every source element is read before d is written. */
    IR_V_MSEQ, IR_V_MSNE, IR_V_MSLTU, IR_V_MSLT, IR_V_MSLEU, IR_V_MSLE, IR_V_MSGTU, IR_V_MSGT,
    IR_V_SLIDEDOWN,                 /* d[i] = i + off < vlmax ? a[i + off] : 0, the scalar
                                       = off | vlmax << 32; a and d may overlap (every source
                                       element is read first) */
    IR_V_SLIDE1DOWN,                /* d[i] = a[i + 1], the last (n/e - 1) = the scalar; a
                                       and d may overlap */
    IR_V_ID,                        /* d[i] = i (vid.v; a, b and the scalar unused) */
    IR_V_MERGE,                     /* d[i] = mask bit i ? b[i] : a[i], every element (vmerge;
                                       without a mask: d = b) */
    IR_V_NB_KINDS,
    IR_V_KMASK = 63, IR_V_ESHIFT = 6, IR_V_SCALAR = 1 << 8,
} IRVecOp;
/* vfop kinds (IEEE binary32/64 per the element size; fused forms round once). */
typedef enum IRVecFOp {
    IR_VF_ADD, IR_VF_SUB, IR_VF_RSUB, IR_VF_MUL, IR_VF_DIV, IR_VF_RDIV /* b / a */,
    IR_VF_MACC, IR_VF_NMACC, IR_VF_MSAC, IR_VF_NMSAC,   /* +-(a*b) +- d */
    IR_VF_MADD, IR_VF_NMADD, IR_VF_MSUB, IR_VF_NMSUB,   /* +-(d*b) +- a */
    IR_VF_MV,                                          /* d = b (scalar only) */
    IR_VF_SGNJ, IR_VF_SGNJN, IR_VF_SGNJX,   /* a with b's sign, its negation, xor: bits only */
    IR_VF_CVTFX,                            /* d = a's signed integer, converted (not scalar) */
    IR_VF_REDSUM,                           /* d[0] = b[0] + a[0] + a[1] + ... in this order,
                                               each sum rounded (not scalar, n <= 64); d and
                                               b (element 0 each) may lie anywhere */
    IR_VF_NB_KINDS,
} IRVecFOp;
/* vfop only: the block's FP guard already holds (fflags.NX set, frm = RNE: translate-fp.c), so
 * the back end skips its own checks of both. */
#define IR_VF_TRUSTED (1 << 9)
#define IR_VEC_OP(kind, log2e, scalar) ((kind) | (log2e) << IR_V_ESHIFT | ((scalar) ? IR_V_SCALAR : 0))
#define IR_VEC_KIND(op)  ((int)(op) & IR_V_KMASK)
#define IR_VEC_LOG2E(op) (((int)(op) >> IR_V_ESHIFT) & 3)
#define IR_VEC_MAX_BYTES 1024
/* Kinds a mask (vop's c5) may apply to: the element-wise ones, gather and extensions. */
#define IR_V_MASKED_OK(kind) (((kind) != IR_V_MV && (kind) != IR_V_REDSUM && (kind) < IR_V_MSEQ) || \
                              (kind) == IR_V_MERGE)
#define IR_V_IS_MCMP(kind) ((kind) >= IR_V_MSEQ && (kind) <= IR_V_MSGT)

typedef enum IRAtomicOp {
    IR_AXCHG, IR_AADD, IR_AAND, IR_AOR, IR_AXOR, IR_ASMIN, IR_ASMAX, IR_AUMIN, IR_AUMAX,
} IRAtomicOp;

/* Barrier kinds for mb (bit set of orderings that must hold). */
enum { IR_MB_LD_LD = 1, IR_MB_LD_ST = 2, IR_MB_ST_LD = 4, IR_MB_ST_ST = 8, IR_MB_ALL = 15 };

/* Why generated code returned to the dispatcher (exit_tb's reason; also set by the runtime). */
typedef enum IRExitReason {
    EXIT_NONE = 0,     /* nothing for the OS layer: look the pc up and continue */
    EXIT_ECALL,        /* system call; pc = the ecall instruction */
    EXIT_EBREAK,       /* breakpoint; pc = the ebreak */
    EXIT_ILLEGAL,      /* illegal instruction at pc */
    EXIT_FETCH_FAULT,  /* instruction fetch from a non-executable/unmapped page at pc */
    EXIT_FENCE_I,      /* flush translations, then continue at pc (next instruction) */
    EXIT_INTERRUPT,    /* exit_request was set (signal, another thread): pc is the next insn */
    EXIT_FAULT,        /* memory fault: signo/code/addr in the VCPU, pc = faulting insn */
    EXIT_HALT,         /* the vCPU must stop (thread exit) */
    EXIT_DEBUG,        /* VCPU.debug_hook asked to stop before the instruction at pc */
    EXIT_EXCEPTION,    /* full-system: an exception recorded in the guest's state (helper) */
} IRExitReason;

/* Helper call flags. A helper that may read guest globals needs them synced to env first;
 * one that may write them forces them to be reloaded after. */
enum {
    IR_CALL_PURE   = 1 << 0,  /* no side effects: removable when its output is unused */
    IR_CALL_NO_RG  = 1 << 1,  /* does not read globals from env */
    IR_CALL_NO_WG  = 1 << 2,  /* does not write globals in env */
    IR_CALL_ENV    = 1 << 3,  /* the VCPU pointer is passed as the first C argument */
    IR_CALL_CALLBACK = 1 << 4, /* a plugin's callback: the back end may copy its code inline */
};
#define IR_CALL_NO_RWG (IR_CALL_NO_RG | IR_CALL_NO_WG)

typedef uint32_t IRTemp;
typedef uint32_t IRLabel;
#define IR_NOTEMP ((IRTemp)UINT32_MAX)

typedef enum IRTempKind { IRT_GLOBAL, IRT_LOCAL, IRT_NORMAL, IRT_CONST } IRTempKind;

#define IR_MAX_ARGS 10
#define IR_MAX_CALL_IN 6   /* C arguments, the VCPU pointer included (host registers) */

typedef struct IROp {
    uint16_t opc;           /* IROpcode */
    uint8_t type;           /* IRType: width of the operation */
    uint8_t nb_out, nb_in, nb_const;  /* copied from the table; variable for call */
    uint16_t call_flags;
    uint32_t life;          /* liveness: bit i => arg i (input) is last used here;
                               bit 16+i => output i is dead after this op */
    void *fn;               /* call: the helper */
    int64_t args[IR_MAX_ARGS];
} IROp;

typedef struct IRTempInfo {
    uint8_t kind;           /* IRTempKind */
    uint8_t priority;       /* globals: 0 = hottest (fixed-register candidate) */
    int16_t fixed_reg;      /* back end: host register the global lives in, or -1 */
    int32_t env_offset;     /* globals: home in env */
    int64_t val;            /* constants */
    const char *name;       /* globals: for dumps */
    /* Back-end scratch state, reset per block. */
    int16_t reg;            /* host register holding the value, or -1 */
    uint8_t val_loc;        /* back end: where the value is */
    uint8_t mem_coherent;   /* home (env or frame slot) holds the current value */
    int32_t frame_slot;     /* locals/spills: frame offset, -1 if none yet */
} IRTempInfo;

typedef struct IRContext {
    IROp *ops;
    int nb_ops, max_ops;
    IRTempInfo *temps;
    int nb_temps, nb_globals, max_temps;
    int nb_labels;
    uint64_t guest_pc;      /* start pc of the block being built (dumps) */
} IRContext;

void ir_context_init(IRContext *c);
void ir_context_free(IRContext *c);
/* Start a new block: drops ops, labels and every non-global temp. */
void ir_reset(IRContext *c, uint64_t guest_pc);

IRTemp ir_global(IRContext *c, int env_offset, const char *name, int priority);
IRTemp ir_temp(IRContext *c);
IRTemp ir_local(IRContext *c);
IRTemp ir_const(IRContext *c, int64_t v);
IRLabel ir_label(IRContext *c);
static inline bool ir_is_const(const IRContext *c, IRTemp t)
{ return c->temps[t].kind == IRT_CONST; }

/* Generic emitters (return the new op, whose args may be adjusted by the caller). */
IROp *ir_emit(IRContext *c, IROpcode opc, IRType type);
void ir_op1(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a);
void ir_op2(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a, IRTemp b);

/* Integer arithmetic, 64-bit (RISC-V's natural width) and 32-bit. */
#define IR_BIN(name) \
    static inline void ir_##name(IRContext *c, IRTemp d, IRTemp a, IRTemp b) \
    { ir_op2(c, IR_OP_##name, IR_I64, d, a, b); } \
    static inline void ir_##name##32(IRContext *c, IRTemp d, IRTemp a, IRTemp b) \
    { ir_op2(c, IR_OP_##name, IR_I32, d, a, b); }
IR_BIN(add) IR_BIN(sub) IR_BIN(mul) IR_BIN(and) IR_BIN(or) IR_BIN(xor)
IR_BIN(shl) IR_BIN(shr) IR_BIN(sar) IR_BIN(div) IR_BIN(divu) IR_BIN(rem) IR_BIN(remu)
IR_BIN(mulsh) IR_BIN(muluh) IR_BIN(mulsuh)
#undef IR_BIN
#define IR_UN(name) \
    static inline void ir_##name(IRContext *c, IRTemp d, IRTemp a) \
    { ir_op1(c, IR_OP_##name, IR_I64, d, a); }
IR_UN(mov) IR_UN(neg) IR_UN(not) IR_UN(ext8s) IR_UN(ext8u) IR_UN(ext16s) IR_UN(ext16u)
IR_UN(ext32s) IR_UN(ext32u)
#undef IR_UN
/* Immediate forms: ir_addi(c, d, a, imm) == ir_add(c, d, a, ir_const(c, imm)). */
void ir_opi(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a, int64_t imm);
static inline void ir_addi(IRContext *c, IRTemp d, IRTemp a, int64_t i)
{ ir_opi(c, IR_OP_add, IR_I64, d, a, i); }
static inline void ir_movi(IRContext *c, IRTemp d, int64_t i)
{ ir_op1(c, IR_OP_mov, IR_I64, d, ir_const(c, i)); }

void ir_setcond(IRContext *c, IRType t, IRCond cond, IRTemp d, IRTemp a, IRTemp b);
void ir_movcond(IRContext *c, IRType t, IRCond cond, IRTemp d, IRTemp a, IRTemp b,
                IRTemp v1, IRTemp v2);
void ir_brcond(IRContext *c, IRType t, IRCond cond, IRTemp a, IRTemp b, IRLabel l);
void ir_br(IRContext *c, IRLabel l);
void ir_set_label(IRContext *c, IRLabel l);

void ir_ld_env(IRContext *c, IRTemp d, int offset, IRMemOp mo);
void ir_st_env(IRContext *c, IRTemp v, int offset, IRMemOp mo);
void ir_gld(IRContext *c, IRTemp d, IRTemp addr, IRMemOp mo);
void ir_gst(IRContext *c, IRTemp v, IRTemp addr, IRMemOp mo);
void ir_gatomic(IRContext *c, IRTemp d, IRTemp addr, IRTemp v, IRMemOp mo, IRAtomicOp aop);
void ir_gcmpxchg(IRContext *c, IRTemp d, IRTemp addr, IRTemp expected, IRTemp newv,
                 IRMemOp mo);
void ir_mb(IRContext *c, int barrier);

/* Vector ops (the vector section of ir-ops.def). scalar: the b operand for IR_V_SCALAR forms,
 * any temp otherwise; skip: the op does nothing when it is nonzero. ir_vfop's status temp: 0 =
 * done, 1 = run the exact helper. ir_vcall: pc stored, fn(env, desc, scalar) when cond != 0. */
void ir_vop(IRContext *c, int vop, int d_off, int a_off, int b_off, int n, IRTemp scalar,
            IRTemp skip);
void ir_vfop(IRContext *c, IRTemp status, int vop, int d_off, int a_off, int b_off, int n,
             IRTemp scalar, IRTemp skip, int fflags_off, int frm_off);
/* The same for the leading vl elements only (vl a temp, n = 16: see ir-ops.def's vfop). */
void ir_vfop_len(IRContext *c, IRTemp status, int vop, int d_off, int a_off, int b_off, int n,
                 IRTemp scalar, IRTemp skip, IRTemp vl, int fflags_off, int frm_off);
/* The same under a mask at env offset mask_off (see ir-ops.def's vop/vld). */
void ir_vop_masked(IRContext *c, int vop, int d_off, int a_off, int b_off, int n, int mask_off,
                   IRTemp scalar, IRTemp skip);
void ir_vld_masked(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n, int mask_off,
                   int log2e);
void ir_vld(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n);
/* vldl/vstl: len bytes (a temp, 4..n), 4 <= n <= 128. */
void ir_vmem_len(IRContext *c, bool store, IRTemp addr, IRTemp skip, IRTemp len, int reg_off,
                 int n);
void ir_vst(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n);
void ir_vcall(IRContext *c, IRTemp cond, void *fn, IRTemp desc, IRTemp scalar, uint64_t pc);
/* d = (table[(a >> shift) & mask] != a >> shift): a filtered plugin callback's test. */
/* Lifted callbacks (ir-ops.def plugin_guard, plugin_hmem). */
void ir_plugin_guard(IRContext *c, IRTemp d, IRTemp a, int size_log2, bool slow_eq, uint64_t imm);
void ir_plugin_hmem(IRContext *c, IRTemp a, IRTemp skip, int size_log2, bool store, uint64_t imm);
void ir_plugin_filter(IRContext *c, IRTemp d, IRTemp a, const uint64_t *table, int shift,
                      uint64_t mask);
/* vop's semantics on env (ir/ir-vec.c): the reference, and what a back end calls for the
 * combinations it does not lower to host SIMD. */
void ir_vec_ref(uint8_t *env, int vop, int d_off, int a_off, int b_off, int n, uint64_t scalar,
                int mask_off);

/* Call fn(args...) (prefixed by the VCPU pointer with IR_CALL_ENV); d may be IR_NOTEMP.
 * All arguments and the result are 64-bit integers. */
void ir_call(IRContext *c, void *fn, int flags, IRTemp d, int nargs, const IRTemp *args);

void ir_insn_start(IRContext *c, uint64_t guest_pc);
void ir_goto_tb(IRContext *c, int slot, uint64_t target_pc);
void ir_goto_ptr(IRContext *c, IRTemp target_pc, uint64_t clear_bits);
void ir_exit_cond(IRContext *c, IRCond cond, IRTemp a, IRTemp b, int slot, uint64_t target_pc);
#define IR_MAX_EXIT_SLOTS 8   /* chainable exits per block: slot numbers 0..7 */
void ir_exit_tb(IRContext *c, IRExitReason reason, uint64_t pc);

/* Optimizer passes (ir/optimize.c): constant folding and copy propagation, then liveness
 * (dead-code elimination and the life bits the register allocator needs). */
void ir_optimize(IRContext *c);
void ir_liveness(IRContext *c);
/* After ir_liveness (ir/narrow.c): sign/zero extensions to 32 bits nobody needs (or already
 * done) become movs; an op whose single-use result only a mov copies writes its destination
 * directly. *scratch (*cap bytes, grown with realloc) is the caller's reusable work space.
 * loop: the block is a loop block (the back end keeps it running from its back edges to
 * its start, pc loop_pc): globals the loop's body leaves sign-extended from bit 31 at every
 * back edge may be assumed so at the start. Returns the globals (bit g, g < 64) that
 * assumption was used for: the caller must enter the block's loop only when each of them is
 * sign-extended from bit 31 (0: nothing to check). */
uint64_t ir_narrow(IRContext *c, bool loop, uint64_t loop_pc, void **scratch, size_t *cap);
/* Whether op jumps straight back to the start of the block at tb_pc (goto_tb, exit_cond). */
static inline bool ir_is_self_exit(const IROp *op, uint64_t tb_pc)
{
    return (op->opc == IR_OP_goto_tb && (uint64_t)op->args[1] == tb_pc) ||
           (op->opc == IR_OP_exit_cond && (uint64_t)op->args[4] == tb_pc);
}
/* After ir_narrow (ir/addrbase.c): out[i] (c->nb_ops entries) gives the address of each
 * gld/gst op i as a global base plus a delta in [lo, hi] (|lo|, |hi| <= IR_ADDR_DELTA_MAX),
 * the base unchanged since the address was computed; base IR_NOTEMP: not known. shared:
 * another access has the same base value. group: the first access op with the same base
 * value (accesses off one base value, in order; an address that is a global itself is its
 * own base, delta 0, base IR_NOTEMP), -1 for none. */
#define IR_ADDR_DELTA_MAX (1 << 30)
typedef struct IRAddrBase { IRTemp base; int32_t lo, hi; bool shared; int32_t group; } IRAddrBase;
/* *scratch (*cap bytes): the caller's work space for this pass only, kept between calls. */
void ir_addr_bases(const IRContext *c, IRAddrBase *out, void **scratch, size_t *cap);
/* A loop block's accesses whose range check its entry can make once (ir/addrbase.c,
 * "Loop accesses checked once"): the block's ops 0..end are the loop, loop_pc its start.
 * acc[i] (c->nb_ops entries) for access i: chk, the index of its entry check in chk[] (-1:
 * none, the access checks itself), and its address = X + delta, delta in [lo, hi], X the
 * check's value, which moves by step per iteration. chk[j]: X = sum of g[k] << sh[k] (g[1]
 * IR_NOTEMP: one term) over the globals at the loop's top. Returns the number of checks. */
typedef struct IRLoopAccess { int16_t chk; int32_t lo, hi; int64_t step; } IRLoopAccess;
typedef struct IRLoopCheck { IRTemp g[2]; uint8_t sh[2]; } IRLoopCheck;
int ir_loop_checks(const IRContext *c, uint64_t loop_pc, int end, IRLoopAccess *acc,
                   IRLoopCheck *chk, int max_chk);

/* Textual dump, one op per line (the -d op / op_opt logs). */
void ir_dump(const IRContext *c, FILE *f);
const char *ir_cond_name(IRCond c);

#endif
