/*
 * The vector extension (RVV 1.0, Zve64d/V and the vector sub-extensions): the contract between
 * the parts of the front end that implement it.
 *
 * State (guest-cpu.h, GuestState): vl, vtype, vstart, vxrm, vxsat, vlenb and the register file
 * vreg. vN is the vlenb bytes at vreg + N * vlenb (a register group is contiguous); element i of
 * a group with SEW bits sits at byte i * SEW/8, little-endian; mask bit i is bit i%8 of byte
 * i/8 of the mask register. vlenb is fixed per CPU (VLEN/8: 16, 32, 64 or 128).
 *
 * Parts (each a file of its own, each owning the instructions of its section of insns-v.def):
 *   translate-vector.c  dispatch (rv_translate_vector), vsetvli/vsetivli/vsetvl, the vector
 *                       CSRs, what the translator knows of vtype within a block (RVVKnown),
 *                       the helper-call convention below, and the legality checks every part
 *                       shares (register-group alignment, overlaps, vill, mstatus.VS).
 *   vector-mem.c        every load and store (unit-stride, strided, indexed, segment, whole
 *                       register, mask, fault-only-first): precise traps, vstart restart.
 *   vector-int.c        integer, fixed-point, mask, permutation, reduction, widening and
 *                       narrowing, integer extension instructions.
 *   vector-fp.c         floating point (bit-exact, scalar F/D's soft-float discipline), Zvfh,
 *                       Zvfhmin.
 *   vector-crypto.c     Zvbb/Zvkb, Zvbc, Zvkg, Zvkned, Zvknha/b, Zvksed, Zvksh (Zvkt: all
 *                       data-independent timing, nothing to do).
 *   translate-vinline.c instructions translated to inline host SIMD (IR vector ops, see
 *                       ir/ir-ops.def's vector section) instead of a helper call, when the
 *                       translator knows vtype; every other case falls back to the helper.
 *
 * Helper-call convention: a vector instruction that is not inlined becomes one call
 *     void helper_<name>(VCPU *cpu, uint64_t desc, uint64_t scalar)
 * with IR_CALL_ENV; desc is RV_VDESC(...) below (the instruction's register numbers and vm,
 * known at translation time), scalar the x/f register operand or immediate when there is one.
 * Helpers read vl, vtype, vstart and vlenb from the GuestState at run time, so they are right
 * whatever the translator knew. Before such a call the translator stores the instruction's pc
 * (the helper may raise an exception: illegal instruction for vill or a reserved combination
 * found only at run time, a memory fault with vstart set to the faulting element), and the
 * instruction ends no block by itself. Helpers leave vstart = 0 when they complete.
 * Element loops follow the spec's policy rules exactly as qemu-riscv64 7.2 does by default:
 * tail and masked-off elements are left undisturbed even when vtype says agnostic (both are
 * legal; undisturbed keeps qelt's results identical to qemu's for differential tests).
 */
#ifndef QELT_RISCV_VECTOR_H
#define QELT_RISCV_VECTOR_H

#include <stdbool.h>
#include <stdint.h>

#define RV_VLEN_MIN 128
#define RV_VLEN_MAX 1024
#define RV_VLENB_MAX (RV_VLEN_MAX / 8)

/* vtype fields (XLEN = 64: vill is bit 63). */
#define RV_VTYPE_VLMUL(t) ((unsigned)(t) & 7)          /* 0..3: LMUL 1..8; 5..7: 1/8..1/2 */
#define RV_VTYPE_VSEW(t)  (((unsigned)(t) >> 3) & 7)   /* SEW = 8 << vsew; 4..7 reserved */
#define RV_VTYPE_VTA(t)   (((unsigned)(t) >> 6) & 1)
#define RV_VTYPE_VMA(t)   (((unsigned)(t) >> 7) & 1)
#define RV_VTYPE_VILL     (1ULL << 63)

/* VLMAX = LMUL * VLEN / SEW for a valid vtype. */
static inline uint32_t rv_vlmax(uint32_t vlenb, uint64_t vtype)
{
    unsigned lmul = RV_VTYPE_VLMUL(vtype), sew_bytes = 1u << RV_VTYPE_VSEW(vtype);
    uint32_t bytes = lmul < 4 ? vlenb << lmul : vlenb >> (8 - lmul);
    return bytes / sew_bytes;
}

/* vstart's writable bits: lg2(VLEN), enough for the largest element index (as QEMU 7.2). */
static inline uint64_t rv_vstart_mask(uint32_t vlenb)
{
    return (uint64_t)vlenb * 8 - 1;
}

/* A helper's desc: vd (or vs3 of a store, or rd for a scalar result) bits 0-4, vs2 5-9,
 * vs1 (or rs1's number) 10-14, vm 15, nf - 1 16-18, and 8 bits 24-31 that the part owning the
 * instruction gives its own meaning (element width of a memory access, a sub-operation). */
#define RV_VDESC(vd, vs2, vs1, vm, nf1, extra)                                              \
    ((uint64_t)(vd) | (uint64_t)(vs2) << 5 | (uint64_t)(vs1) << 10 | (uint64_t)(vm) << 15 | \
     (uint64_t)(nf1) << 16 | (uint64_t)(extra) << 24)
#define RV_VDESC_VD(d)    ((unsigned)(d) & 31)
#define RV_VDESC_VS2(d)   (((unsigned)(d) >> 5) & 31)
#define RV_VDESC_VS1(d)   (((unsigned)(d) >> 10) & 31)
#define RV_VDESC_VM(d)    (((unsigned)(d) >> 15) & 1)
#define RV_VDESC_NF(d)    ((((unsigned)(d) >> 16) & 7) + 1)
#define RV_VDESC_EXTRA(d) (((unsigned)(d) >> 24) & 0xff)

struct RVDisas;
struct RVInsn;

/* Front-end dispatch: each returns false when insn is not one of its instructions. */
bool rv_translate_vector(struct RVDisas *d, const struct RVInsn *insn);   /* translate-vector.c */
bool rv_trans_vmem(struct RVDisas *d, const struct RVInsn *insn);         /* vector-mem.c */
bool rv_trans_vint(struct RVDisas *d, const struct RVInsn *insn);         /* vector-int.c */
bool rv_trans_vfp(struct RVDisas *d, const struct RVInsn *insn);          /* vector-fp.c */
bool rv_trans_vcrypto(struct RVDisas *d, const struct RVInsn *insn);      /* vector-crypto.c */

#endif
