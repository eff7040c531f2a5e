/*
 * x86-64 machine-code encoder: one function per instruction form the back end emits.
 *
 * Job: turn (operation, operands) into bytes at a cursor. It knows nothing of the IR or of
 * guests. Invariants: every function appends a complete instruction at buf->p and advances it;
 * the caller guarantees room (XBUF_SLACK bytes per instruction at most); encodings are the
 * shortest standard ones GNU as picks for the same operands, so tests can compare byte-for-byte.
 * Functions returning a patch location return the address of the rel32 field.
 */
#ifndef QELT_X86_EMIT_H
#define QELT_X86_EMIT_H

#include <stdbool.h>
#include <stdint.h>

#define XBUF_SLACK 16

typedef struct XBuf {
    uint8_t *p;      /* next byte to write */
    uint8_t *start;  /* start of the buffer (for offsets) */
    uint8_t *end;    /* one past the end: callers check p + XBUF_SLACK <= end */
} XBuf;

typedef enum XReg {
    X_RAX, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI,
    X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15,
    X_NOREG = -1,
} XReg;

/* Memory operand: [base + index*scale + disp]. base may be X_NOREG only with rip == false and
 * index present (then encoded as disp32 with no base); rip == true means [rip + disp]. */
typedef struct XMem {
    XReg base;
    XReg index;   /* X_NOREG for none; X_RSP is not a valid index */
    uint8_t scale; /* 1, 2, 4 or 8 */
    int32_t disp;
    bool rip;
} XMem;

static inline XMem xm(XReg base, int32_t disp)
{ XMem m = { base, X_NOREG, 1, disp, false }; return m; }
static inline XMem xmi(XReg base, XReg index, int scale, int32_t disp)
{ XMem m = { base, index, (uint8_t)scale, disp, false }; return m; }
/* [rip + disp]: disp is relative to the end of the instruction, as in the encoding. */
static inline XMem xrip(int32_t disp)
{ XMem m = { X_NOREG, X_NOREG, 1, disp, true }; return m; }

/* Condition codes, in x86 encoding order (the low nibble of Jcc/SETcc/CMOVcc). */
typedef enum XCond {
    XC_O, XC_NO, XC_B, XC_AE, XC_E, XC_NE, XC_BE, XC_A,
    XC_S, XC_NS, XC_P, XC_NP, XC_L, XC_GE, XC_LE, XC_G,
} XCond;

/* Group-1 ALU operations, in encoding order. */
typedef enum XAlu { XA_ADD, XA_OR, XA_ADC, XA_SBB, XA_AND, XA_SUB, XA_XOR, XA_CMP } XAlu;
/* Group-2 shift/rotate operations (ModRM reg field). */
typedef enum XShift { XS_ROL = 0, XS_ROR = 1, XS_SHL = 4, XS_SHR = 5, XS_SAR = 7 } XShift;
/* Group-3 unary operations (ModRM reg field of F6/F7). */
typedef enum XUnary { XU_NOT = 2, XU_NEG = 3, XU_MUL = 4, XU_IMUL = 5, XU_DIV = 6, XU_IDIV = 7 } XUnary;

/* w64: true = 64-bit operand size (REX.W), false = 32-bit. */

/* ALU: dst = dst OP src. The _ri forms use imm8 when it fits, else imm32 (the eax short
 * form 05/25/... is also acceptable when GNU as picks it: match as). */
void x_alu_rr(XBuf *b, XAlu op, bool w64, XReg dst, XReg src);
void x_alu_ri(XBuf *b, XAlu op, bool w64, XReg dst, int32_t imm);
void x_alu_rm(XBuf *b, XAlu op, bool w64, XReg dst, XMem src);
void x_alu_mr(XBuf *b, XAlu op, bool w64, XMem dst, XReg src);
void x_alu_mi(XBuf *b, XAlu op, bool w64, XMem dst, int32_t imm);
void x_alu_r_rip(XBuf *b, XAlu op, XReg dst, const void *target);  /* op r64, [rip -> target] */

/* mov between registers; mov of an immediate picks the shortest: xor for 0 is NOT done here
 * (it clobbers flags): 32-bit mov for values that fit in uint32, sign-extended imm32 for values
 * that fit in int32, movabs otherwise. */
void x_mov_rr(XBuf *b, bool w64, XReg dst, XReg src);
void x_mov_ri(XBuf *b, XReg dst, uint64_t imm);
/* Loads: size 1/2/4/8 bytes; sign: sign-extend to 64 bits (movsx/movsxd), else zero-extend
 * (movzx, or a 32-bit mov for size 4). Result is always the full 64-bit register. */
void x_load(XBuf *b, int size, bool sign, XReg dst, XMem src);
/* Stores of the low size bytes of src (size 1 needs no REX tricks beyond what is required
 * for sil/dil/spl/bpl, which the encoder handles). */
void x_store(XBuf *b, int size, XReg src, XMem dst);
void x_store_imm(XBuf *b, int size, XMem dst, int32_t imm);
void x_lea(XBuf *b, bool w64, XReg dst, XMem src);

void x_shift_ri(XBuf *b, XShift op, bool w64, XReg dst, uint8_t imm); /* imm 1 uses D1 form as `as` does */
void x_shift_rcl(XBuf *b, XShift op, bool w64, XReg dst);           /* count in cl */
void x_unary(XBuf *b, XUnary op, bool w64, XReg reg);               /* not/neg/mul/imul/div/idiv */
void x_imul_rr(XBuf *b, bool w64, XReg dst, XReg src);              /* 0F AF */
void x_imul_rri(XBuf *b, bool w64, XReg dst, XReg src, int32_t imm);/* 6B/69 */
void x_cqo(XBuf *b);   /* sign-extend rax into rdx:rax */
void x_cdq(XBuf *b);   /* sign-extend eax into edx:eax */
void x_movsx(XBuf *b, int from_size, XReg dst, XReg src); /* 1,2,4 -> 64 bits (movsx/movsxd) */
void x_movzx(XBuf *b, int from_size, XReg dst, XReg src); /* 1,2 -> 64 bits; 4: mov r32,r32 */
void x_test_rr(XBuf *b, bool w64, XReg a, XReg c);
void x_test_ri(XBuf *b, bool w64, XReg a, int32_t imm);
void x_test_mi8(XBuf *b, XMem m, uint8_t imm);               /* test byte [m], imm8 */
void x_setcc(XBuf *b, XCond cc, XReg dst8);                /* writes the low byte only */
void x_cmov(XBuf *b, XCond cc, bool w64, XReg dst, XReg src);
void x_bswap(XBuf *b, bool w64, XReg reg);
void x_xchg_rr(XBuf *b, bool w64, XReg a, XReg c);

/* Bit operations (Zbb-style guests; need BMI1/LZCNT/POPCNT, the back end checks cpuid). */
void x_lzcnt(XBuf *b, bool w64, XReg dst, XReg src);
void x_tzcnt(XBuf *b, bool w64, XReg dst, XReg src);
void x_popcnt(XBuf *b, bool w64, XReg dst, XReg src);
/* Single-bit set/reset/complement of dst (bts/btr/btc), by a register index (modulo the
 * operand size) or an immediate bit number. */
typedef enum XBitOp { XB_SET, XB_RESET, XB_FLIP } XBitOp;
void x_bit_rr(XBuf *b, XBitOp op, bool w64, XReg dst, XReg idx);
void x_bit_ri(XBuf *b, XBitOp op, bool w64, XReg dst, uint8_t bit);
/* Baseline forms: ZF set and dst unchanged for a zero source (AMD; Intel leaves dst as is). */
void x_bsr(XBuf *b, bool w64, XReg dst, XReg src);
void x_bsf(XBuf *b, bool w64, XReg dst, XReg src);

/* Atomics on memory (size 1/2/4/8). lock xadd / lock cmpxchg / xchg (implicitly locked). */
void x_lock_xadd(XBuf *b, int size, XMem m, XReg reg);
void x_lock_cmpxchg(XBuf *b, int size, XMem m, XReg reg);  /* compares with rax */
void x_xchg_mr(XBuf *b, int size, XMem m, XReg reg);
void x_lock_alu_mr(XBuf *b, XAlu op, int size, XMem m, XReg reg); /* lock add/or/and/xor [m], reg */
void x_mfence(XBuf *b);

/* Control flow. Functions that return uint8_t * return the address of the rel32 (or rel8)
 * field, for later patching with x_patch_rel32/x_patch_rel8. target may be NULL (patched later). */
uint8_t *x_jmp(XBuf *b, const void *target);          /* E9 rel32 */
uint8_t *x_jmp8(XBuf *b);                            /* EB rel8, patched later */
uint8_t *x_jcc(XBuf *b, XCond cc, const void *target); /* 0F 8x rel32 */
uint8_t *x_jcc8(XBuf *b, XCond cc);                  /* 7x rel8, patched later */
uint8_t *x_call(XBuf *b, const void *target);         /* E8 rel32; target must be within 2 GiB */
void x_jmp_r(XBuf *b, XReg reg);
void x_jmp_m(XBuf *b, XMem m);
void x_call_r(XBuf *b, XReg reg);
void x_call_m(XBuf *b, XMem m);                       /* call qword [m] */
/* true if a rel32 field at field can reach target (x_patch_rel32 aborts otherwise). */
bool x_rel32_ok(const uint8_t *field, const void *target);
void x_push(XBuf *b, XReg reg);
void x_pop(XBuf *b, XReg reg);
void x_ret(XBuf *b);
void x_ud2(XBuf *b);
void x_int3(XBuf *b);
void x_nop(XBuf *b, int n);   /* n bytes of the recommended multi-byte nops, 1..15 */
/* rel32 = target - (field + 4); one atomic store when the field lies in an aligned quadword. */
void x_patch_rel32(uint8_t *field, const void *target);
/* Bytes of padding before a branch of opc_len opcode bytes at p so that its rel32 field lies
 * inside one aligned quadword (patched atomically by x_patch_rel32): 0..3. */
int x_rel32_pad(const uint8_t *p, int opc_len);
void x_patch_rel8(uint8_t *field, const void *target); /* aborts if out of range */

/* SSE2 scalar floating point (the FP fast path). d = double (sd), !d = single (ss). */
typedef enum XFop { XF_ADD = 0x58, XF_MUL = 0x59, XF_SUB = 0x5c, XF_MIN = 0x5d, XF_DIV = 0x5e,
                    XF_MAX = 0x5f, XF_SQRT = 0x51 } XFop;
void x_sse_op(XBuf *b, XFop op, bool d, int xdst, int xsrc);   /* xmm0..15 */
void x_sse_ucomi(XBuf *b, bool d, int xa, int xb);              /* ucomisd/ucomiss */
void x_movq_xr(XBuf *b, int xdst, XReg src);   /* 66 REX.W 0F 6E: movq xmm, r64 */
void x_movq_rx(XBuf *b, XReg dst, int xsrc);   /* 66 REX.W 0F 7E: movq r64, xmm */
void x_movd_xr(XBuf *b, int xdst, XReg src);   /* movd xmm, r32 */
void x_movd_rx(XBuf *b, XReg dst, int xsrc);   /* movd r32, xmm */
void x_sse_load(XBuf *b, bool d, int xdst, XMem m);   /* movsd/movss xmm, [m] */
void x_sse_store(XBuf *b, bool d, XMem m, int xsrc);  /* movsd/movss [m], xmm */
/* FMA3 (vfmadd231sd/ss etc. forms the back end needs), only where cpuid says FMA. */
void x_vfmadd231(XBuf *b, bool d, int xdst, int xa, int xb);
/* AVX scalar op, three operands: xdst = xa OP xb in the low element, the rest from xa
 * (vaddsd/vsubss/vsqrtsd ... ; sqrt: of xb). */
void x_vsse_op(XBuf *b, XFop op, bool d, int xdst, int xa, int xb);   /* xdst = xa*xb + xdst */

/* Further scalar FP forms for the FP fast path (added by the encoder owner; all byte-exact
 * against gas like the rest). */
void x_sse_op_m(XBuf *b, XFop op, bool d, int xdst, XMem m);   /* addsd xmm, [m] ... */
void x_sse_mov_rr(XBuf *b, int xdst, int xsrc);
void x_pcmpeqd(XBuf *b, int xdst, int xsrc);    /* with xdst == xsrc: all ones, no dependency */
void x_movss_rr(XBuf *b, int xdst, int xsrc);   /* low 32 bits of xsrc into xdst, rest kept */                 /* movaps: full copy */
void x_sse_comi(XBuf *b, bool d, int xa, int xb);               /* comisd/comiss (signalling) */
/* cmpsd/cmpss xdst, xsrc, pred: pred 0 eq, 1 lt, 2 le, 3 unord, 4 neq, 5 nlt, 6 nle, 7 ord. */
void x_sse_cmp(XBuf *b, bool d, int pred, int xdst, int xsrc);
typedef enum XLogic { XL_AND = 0x54, XL_ANDN = 0x55, XL_OR = 0x56, XL_XOR = 0x57 } XLogic;
void x_sse_logic(XBuf *b, XLogic op, bool d, int xdst, int xsrc); /* andps/andpd ... (128-bit) */
void x_cvtsi2s(XBuf *b, bool d, bool w64, int xdst, XReg src);  /* cvtsi2sd/ss from r32/r64 */
void x_cvtts2si(XBuf *b, bool d, bool w64, XReg dst, int xsrc); /* truncating cvttsd2si/ss2si */
void x_cvts2si(XBuf *b, bool d, bool w64, XReg dst, int xsrc);  /* cvtsd2si: MXCSR rounding */
void x_cvts2s(XBuf *b, bool from_d, int xdst, int xsrc);        /* cvtsd2ss (from_d) / cvtss2sd */
/* SSE4.1 roundsd/roundss; mode: 0 nearest-even, 1 down, 2 up, 3 toward zero, 4 MXCSR;
 * add 8 to suppress the inexact exception. */
void x_sse_round(XBuf *b, bool d, int xdst, int xsrc, int mode);
void x_ldmxcsr(XBuf *b, XMem m);
void x_stmxcsr(XBuf *b, XMem m);
/* FMA3 231 forms: xdst = +-(xa*xb) +- xdst. */
typedef enum XFma { XFMA_MADD = 0xb9, XFMA_MSUB = 0xbb, XFMA_NMADD = 0xbd, XFMA_NMSUB = 0xbf } XFma;
void x_vfma231(XBuf *b, XFma op, bool d, int xdst, int xa, int xb);

/* Packed SIMD (SSE2/SSE4.1, AVX/AVX2), for the vector ops (codegen-vec.c). opc = XSIMD(pp, map,
 * opcode, w): pp 0 none, 1 = 66, 2 = F3, 3 = F2; map 1 = 0F, 2 = 0F38, 3 = 0F3A; w: REX.W/VEX.W.
 * len 0: legacy SSE encoding (two operands: xv is ignored, the destination is also the first
 * source); 128 or 256: VEX with xv as VEX.vvvv (the two-byte C5 form when it can express it).
 * xreg is ModRM.reg (an xmm number, or a GPR or /digit for the forms that take one), rm an
 * xmm or GPR (x_simd_rr) or memory; imm >= 0 appends an 8-bit immediate. */
#define XSIMD(pp, map, op, w) ((uint32_t)(pp) << 16 | (uint32_t)(map) << 8 | (uint32_t)(op) | ((w) ? 1u << 20 : 0))
void x_simd_rr(XBuf *b, uint32_t opc, int len, int xreg, int xv, int rm, int imm);
void x_simd_rm(XBuf *b, uint32_t opc, int len, int xreg, int xv, XMem m, int imm);
void x_vzeroupper(XBuf *b);

/* BMI1 andn: dst = ~src1 & src2. */
void x_andn(XBuf *b, bool w64, XReg dst, XReg src1, XReg src2);
/* BMI2 shlx/shrx/sarx (op XS_SHL/XS_SHR/XS_SAR): dst = src shifted by count (any register,
 * modulo the width), flags untouched. */
void x_shiftx(XBuf *b, XShift op, bool w64, XReg dst, XReg src, XReg count);
void x_shiftx_m(XBuf *b, XShift op, bool w64, XReg dst, XMem src, XReg count);   /* src in memory */
/* BMI2 rorx: dst = src rotated right by imm (modulo the width), flags untouched. */
void x_rorx(XBuf *b, bool w64, XReg dst, XReg src, uint8_t imm);
void x_pause(XBuf *b);  /* spin-wait hint */

#endif
