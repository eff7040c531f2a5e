/*
 * RISC-V instruction decoding, driven by the instruction table in insns.def.
 *
 * The table is the one source of truth for encodings: the decoder, the disassembler (-d in_asm,
 * the plugin API's insn_disas) and the decoder tests are all derived from it. Compressed
 * instructions decode to the base instruction they expand to (c.addi -> addi), keeping their own
 * identity in `cop` for the disassembler; the translator never sees a compressed form.
 *
 * Naming rule for RVOp: RV_OP_ + the mnemonic with '.' replaced by '_' (RV_OP_add, RV_OP_lr_w,
 * RV_OP_amoadd_d, RV_OP_fadd_s, RV_OP_fcvt_w_d, RV_OP_fence_i, RV_OP_csrrw ...). Compressed ids
 * are RV_OP_c_* (RV_OP_c_addi4spn, RV_OP_c_ld ...), used only in `cop`.
 */
#ifndef QELT_RISCV_DECODE_H
#define QELT_RISCV_DECODE_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum RVOp {
    RV_OP_illegal = 0,
#define INSN(name, fmt, mask, match, ext) RV_OP_##name,
#include "insns.def"
#undef INSN
    RV_NB_OPS
} RVOp;

typedef struct RVInsn {
    uint16_t op;      /* RVOp of the (expanded) base instruction; RV_OP_illegal if invalid */
    uint16_t cop;     /* the compressed instruction's own RVOp when len == 2, else 0 */
    uint8_t len;      /* 2 or 4 */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;       /* FP rounding-mode field (7 = dynamic) */
    uint8_t aq, rl;   /* A extension ordering bits */
    uint8_t vm;       /* V: the mask bit (0 = masked by v0.t); 1 for forms without one */
    uint8_t nf;       /* V loads/stores: number of fields (segment) or registers (whole
                         register), 1..8 */
    uint16_t csr;     /* CSR number for Zicsr */
    int64_t imm;      /* sign-extended immediate: I/S/B/J offsets in bytes, U already << 12,
                         shift amounts, csr uimm (zimm) for csrr*i, fence pred<<4|succ;
                         V: simm5/uimm5 of OPIVI forms, vtype of vsetvli/vsetivli */
    uint32_t raw;     /* the instruction bits as fetched (16 or 32 bits) */
} RVInsn;

/* Vector instructions (insns-v.def) use the fields so: rd = vd (vs3 for a store, the x or f
 * destination of a scalar result), rs2 = vs2 (the stride register of a strided access, the
 * index register of an indexed one), rs1 = vs1 or the x/f register operand (the base address
 * of a memory access, the AVL of vsetvli; vsetivli's uimm AVL), vm, nf, imm. */

/* Decode one instruction from code (avail bytes readable). Returns its length (2 or 4) with
 * *out filled (op == RV_OP_illegal for an invalid/reserved encoding), or 0 if avail is too
 * short for the instruction. */
int rv_decode(RVInsn *out, const uint8_t *code, size_t avail);

/* Table-derived facts. */
const char *rv_op_name(int op);            /* "addi", "c.addi", "fence.i" */
bool rv_op_is_fp(int op);                  /* an F or D instruction (mstatus.FS applies) */
/* Whether the instruction is legal with the extensions of mask isa (cpu-ext.h): its base op's
 * and, for a compressed one, its compressed form's extension are enabled. */
bool rv_insn_allowed(const RVInsn *insn, uint64_t isa);
/* The value Zfa's fli loads for constant number index (0..31) in format fmt (the fmt field:
 * 0 single, 1 double, 2 half; fli.h's 2^16 then rounds to infinity). */
double rv_fli_value(int index, int fmt);
/* vror.vi's 6-bit rotate amount: the uimm5 field (rs1) and bit 26 as bit 5 (Zvkb). */
static inline unsigned rv_vror_vi_imm(const RVInsn *in) { return in->rs1 | (in->raw >> 26 & 1) << 5; }
/* The guest-memory access an instruction makes (table-derived from its format and encoding;
 * the address comes from its registers: x[rs1] + imm for scalar ones, x[rs1] for vectors).
 * size: bytes of a scalar access (cbo.zero: its 64-byte block, aligned down), the data EEW of
 * unit-stride/strided/whole-register vector accesses, the index EEW of indexed ones (data
 * elements are SEW wide there), 1 for vlm/vsm. */
typedef enum RVMemKind { RV_MEM_NONE, RV_MEM_LOAD, RV_MEM_STORE, RV_MEM_RMW } RVMemKind;
typedef enum RVMemShape {
    RV_MEMS_SCALAR, RV_MEMS_BLOCK, RV_MEMS_V_UNIT, RV_MEMS_V_STRIDED, RV_MEMS_V_INDEXED,
    RV_MEMS_V_WHOLE, RV_MEMS_V_MASK,
} RVMemShape;
typedef struct RVMemAccess {
    uint8_t kind;    /* RVMemKind */
    uint8_t shape;   /* RVMemShape */
    uint8_t size;
} RVMemAccess;
RVMemAccess rv_insn_mem_access(const RVInsn *insn);
/* Disassemble in GNU objdump's style (no pseudo-instructions other than those objdump prints
 * by default may differ; see the tests). Returns the length written. */
int rv_disas(char *buf, size_t buflen, uint64_t pc, const RVInsn *insn);
/* The name of CSR number csr (guest/riscv/csr.def, plus fflags/frm/fcsr), in tmp for the numbered
 * ranges (hpmcounter3, pmpaddr0, ...); NULL when the table has no such CSR. */
const char *rv_csr_name(unsigned csr, char *tmp, size_t n);

#endif
