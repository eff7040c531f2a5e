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
 *                       Inline with vstart = 0 and vl = VLMAX at run time or vl known at
 *                       translation time (else the same instruction's helper runs, chosen by
 *                       a run-time test): integer vadd/vsub/vrsub/vand/vor/
 *                       vxor/vsll/vsrl/vsra/vmin[u]/vmax[u]/vmul/vmacc/vnmsac/vmadd/vnmsub
 *                       (.vv/.vx/.vi as they exist; also masked, bodies up to 64 bytes),
 *                       vmv.v.v/.v.x/.v.i, vredsum.vs at any SEW (any body size),
 *                       vrgather.vv at SEW 8 with VLMAX <= 16 (also masked),
 *                       vzext.vf2/vf4/vf8 at LMUL <= 1 with a body of at most 16 bytes,
 *                       the mask compares vms{eq,ne,ltu,lt,leu,le,gtu,gt} and mask logical
 *                       ops (vl <= 64), vslidedown.vi and vslide1down.vx inside one
 *                       register, vmv<nr>r.v (any vl); FP at SEW 32/64 (frm = RNE, fflags.NX
 *                       already set, no NaN/infinite/maybe-underflowing result lane, else the
 *                       helper): vfadd/vfsub/vfmul/vfdiv (.vv/.vf), vfrsub.vf, vfrdiv.vf, the
 *                       eight vf[n]macc/vf[n]msac/vf[n]madd/vf[n]msub (hosts with FMA3),
 *                       vfmv.v.f, vfmv.f.s, vfmv.s.f,
 *                       vfsgnj[n|x], vfcvt.f.x.v; unit-stride vle<eew>.v/vse<eew>.v (user mode, no plugins,
 *                       the access within one guest page; a run-time vl for groups up to 128
 *                       bytes; masked loads), indexed loads vluxei/vloxei of at most 8
 *                       elements (guest loads in order). QELT_VINLINE=0 turns it off. The
 *                       parts translate these with rv_vgen_call (translate-vinline.c turns
 *                       that call into the slow path).
 *
 * Guest memory from helpers (vector-mem.c; vint/vfp need none): runtime.h's rt_guest_probe /
 * rt_guest_io, the same code in both binaries. Plugins' memory events: after every element
 * access vector-mem.c calls VCPU.helper_mem_cb(cpu, va, size_log2, store) when it is set (one
 * call per element and field, in access order; the plugin layer sets the pointer).
 *
 * Helper-call convention: a vector instruction that is not inlined becomes one call
 *     void helper_<name>(VCPU *cpu, uint64_t desc, uint64_t scalar)
 * with IR_CALL_ENV (and IR_CALL_NO_WG but for vmv.x.s, vcpop.m, vfirst.m, vfmv.f.s, whose
 * helpers write x/f themselves); desc is RV_VDESC(...) below (the instruction's register numbers and vm,
 * known at translation time), scalar the x/f register operand or immediate when there is one.
 * Helpers read vl, vtype, vstart and vlenb from the GuestState at run time, so they are right
 * whatever the translator knew. Before such a call the translator stores the instruction's pc
 * (the helper may raise an exception: illegal instruction for vill or a reserved combination
 * found only at run time, a memory fault with vstart set to the faulting element), and the
 * instruction ends no block by itself. Helpers leave vstart = 0 when they complete.
 * A helper starts with rv_vhelper_begin(cpu, desc) (illegal instruction for vill or a shape
 * that vtype/vstart make reserved, unless the translator checked it) and ends with vstart = 0.
 *
 * Inline or helper (the translation of each instruction; vsimd replaces helper calls by
 * inline host SIMD where vtype is known and says so here):
 *   vsetvli, vsetivli          inline IR (VLMAX a translation-time constant), RVDisas.vk set
 *   vsetvl                     helper_vsetvl (translate-vector.c), vk cleared
 *   vmv.x.s                    inline IR when vtype is known (translate-vector.c), else the
 *                              part's helper
 *   every load and store       helper_vmem (vector-mem.c), one helper for all classes; vk.vl
 *                              cleared after a fault-only-first load
 *
 * Element loops follow the spec's policy rules exactly as qemu-riscv64 7.2 does by default:
 * tail and masked-off elements are left undisturbed even when vtype says agnostic (both are
 * legal; undisturbed keeps qelt's results identical to qemu's for differential tests).
 */
#ifndef QELT_RISCV_VECTOR_H
#define QELT_RISCV_VECTOR_H

#include <stdbool.h>
#include <stdint.h>
#include "ir.h"

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

/* desc bits 32-47: the operand shape (RV_VSHAPE below) that rv_vhelper_begin checks at run
 * time; bit 48: the translator already checked it against the vtype in bits 56-63 (known or
 * predicted at translation time: it holds only when the run-time vtype is that one,
 * rv_vdesc_checked; RV_VCHK_VSTART0 is still tested at run time). Built by rv_vgen_call
 * (translate-vector.c). */
#define RV_VDESC_SHAPE(d)   ((uint32_t)((d) >> 32) & 0xffff)
#define RV_VDESC_CHECKED    (1ULL << 48)
#define RV_VDESC_VTYPE_SHIFT 56
/* Whether the translator's legality check holds for the run-time vtype (one compare). */
static inline bool rv_vdesc_checked(uint64_t vtype, uint64_t desc)
{
    return (desc & RV_VDESC_CHECKED) && vtype == desc >> RV_VDESC_VTYPE_SHIFT;
}
/* desc bits 20-21: the full-system MMU index of the instruction's data accesses (what
 * rt_guest_probe wants; 0 in user mode). */
#define RV_VDESC_MMU(d)     ((int)((d) >> 20) & 3)

/* ---- Legality (translate-vector.c): one set of rules for the translator (vtype known) and
 * the helpers (vtype known only at run time). ---- */

/* How a vector register operand is laid out under vtype. */
enum {
    RV_VOP_NONE = 0,  /* no vector register (scalar, immediate, unused field) */
    RV_VOP_SEW,       /* LMUL registers, EEW = SEW */
    RV_VOP_WIDE,      /* 2*LMUL registers, EEW = 2*SEW (widening destination, .w source) */
    RV_VOP_MASK,      /* one register holding a mask (EEW 1): compares' vd, mask sources */
    RV_VOP_ONE,       /* element 0 of one register, EEW = SEW (reduction vs1/vd, vmv.s.x) */
    RV_VOP_ONEW,      /* element 0 of one register, EEW = 2*SEW (widening reduction) */
    RV_VOP_F2,        /* LMUL/2 registers, EEW = SEW/2 (vzext.vf2 source) */
    RV_VOP_F4,        /* LMUL/4, SEW/4 */
    RV_VOP_F8,        /* LMUL/8, SEW/8 */
};
#define RV_VCHK_NOOVER  (1u << 12)  /* vd may not overlap any source group (vrgather,
                                       vslideup, vcompress, viota, vmsbf/vmsif/vmsof) */
#define RV_VCHK_VSTART0 (1u << 13)  /* illegal unless vstart = 0 (reductions, vcompress,
                                       vcpop.m, vfirst.m, viota, vmsbf ...) */
#define RV_VCHK_ANYVTYPE (1u << 14) /* legal whatever vtype, vill included (whole-register
                                       moves, loads and stores): the part checks alignment */
#define RV_VCHK_RUNTIME (1u << 15)  /* the part found the instruction illegal under the
                                       predicted vtype: rv_vgen_call leaves it to run time */
/* The shape of an instruction: its vd, vs2 and vs1 operands (RV_VOP_*) and RV_VCHK_* flags. */
#define RV_VSHAPE(vd, vs2, vs1, flags) \
    ((uint32_t)(vd) | (uint32_t)(vs2) << 4 | (uint32_t)(vs1) << 8 | (uint32_t)(flags))

/* Whether vtype is one qelt accepts (else vsetvl* set vill): SEW <= elen (64, or 32 with only
 * Zve32*), LMUL not reserved, SEW <= LMUL * elen for fractional LMUL, no reserved bit (8..63,
 * vill included) set. qemu-riscv64 7.2's rules. */
static inline bool rv_vtype_valid(uint64_t vtype, unsigned elen)
{
    unsigned lmul = RV_VTYPE_VLMUL(vtype), sew = 8u << RV_VTYPE_VSEW(vtype);
    if ((vtype >> 8) || RV_VTYPE_VSEW(vtype) > 3 || sew > elen || lmul == 4)
        return false;
    return !(lmul & 4) || (elen >> (8 - lmul)) >= sew;
}

/* The legality of an instruction of shape `shape` with registers vd, vs2, vs1 and mask bit vm
 * under vtype and vstart: vill, each group's EMUL in range (1/8..8) and its register aligned and
 * inside v0..v31, EEW in range (widening: 2*SEW <= 64), the spec's overlap rules between vd and
 * each source (same EEW: any; vd's EEW smaller: only vd = the source's first register; larger:
 * source EMUL >= 1 and the source in vd's highest registers; RV_VCHK_NOOVER: none), a masked
 * vd other than a mask or a scalar result not overlapping v0, RV_VCHK_VSTART0. */
bool rv_vcheck(uint64_t vtype, uint64_t vstart, uint32_t shape, unsigned vd, unsigned vs2,
               unsigned vs1, unsigned vm);
/* A register group of 2^emul_log2 registers (fractional counts as one) starting at reg:
 * emul_log2 in -3..3, reg aligned, the group inside v0..v31. */
bool rv_vgroup_ok(unsigned reg, int emul_log2);
/* Whether a destination group (reg, EEW log2 bytes or -1 for a mask, EMUL log2) may overlap a
 * source group so described (the spec's rules above). */
bool rv_voverlap_ok(unsigned d, int d_eew, int d_emul, unsigned s, int s_eew, int s_emul);
/* log2 of LMUL for a valid vtype: -3..3. */
static inline int rv_vlmul_log2(uint64_t vtype)
{
    int l = (int)RV_VTYPE_VLMUL(vtype);
    return l < 4 ? l : l - 8;
}

struct VCPU;
/* First thing a helper does: raises illegal instruction (pc was stored by the translator) when
 * desc's shape is illegal for the vtype/vstart found at run time (skipped when the translator
 * checked it: RV_VDESC_CHECKED; vill is always checked). Works in both modes: cpu_loop_exit
 * with EXIT_ILLEGAL. */
#define rv_vhelper_begin(cpu, desc)                                                    \
    do {                                                                               \
        struct VCPU *vb_cpu_ = (cpu);                                                  \
        uint64_t vb_desc_ = (desc);                                                    \
        if (!rv_vdesc_checked(vb_cpu_->g.vtype, vb_desc_) ||                           \
            (vb_cpu_->g.vstart && (RV_VDESC_SHAPE(vb_desc_) & RV_VCHK_VSTART0)))       \
            rv_vhelper_check(vb_cpu_, vb_desc_);                                       \
    } while (0)
/* Its slow path (a macro: the fast path, one compare, inline in every helper; the helper's
 * file includes vcpu.h): the full check against the run-time vtype and vstart. */
void rv_vhelper_check(struct VCPU *cpu, uint64_t desc);
/* Raises illegal instruction from a helper (g.pc already holds the instruction's pc). */
void rv_vraise_illegal(struct VCPU *cpu) __attribute__((noreturn));

/* Vector instructions are the rows of insns-v.def, which insns.def includes last, vsetvli
 * first: every op from RV_OP_vsetvli on. */
#define rv_op_is_vector(op) ((op) >= RV_OP_vsetvli)

struct RVDisas;
struct RVInsn;

/* ---- Translation (translate-vector.c) ---- */

/* The helper-call convention above. */
typedef void RVVHelper(struct VCPU *cpu, uint64_t desc, uint64_t scalar);
/* Emits fn(cpu, desc, scalar) for the current instruction: stores its pc, builds desc from
 * in (vd/vs3/rd, vs2, vs1/rs1, vm, nf), extra and shape (checked now when vtype is known:
 * then, if illegal, emits the illegal-instruction exit instead and returns false). scalar may
 * be IR_NOTEMP (0 is passed); dst, when not IR_NOTEMP, receives fn's return value (fn then
 * returns uint64_t: vmv.x.s, vcpop.m, vfirst.m, vfmv.f.s). */
bool rv_vgen_call(struct RVDisas *d, const struct RVInsn *in, void *fn, uint32_t shape,
                  unsigned extra, IRTemp scalar, IRTemp dst);
/* Whether the translator knows vtype (and vl) here: *vtype (and *vl) set when it does. */
bool rv_vknown_vtype(const struct RVDisas *d, uint64_t *vtype);
/* The vtype code may be specialised for here: the known one, or the predicted one
 * (RVDisas.vk.predicted) when vl was VLMAX for it at translation time; code relying on a
 * prediction tests vtype at run time (translate-vinline.c's guard). False: neither. */
bool rv_vguess_vtype(const struct RVDisas *d, uint64_t *vtype);
/* At a block's start: RVDisas.vk from the block's flags (user mode) or the prediction from
 * the translating vCPU (full-system: RVDisas.vk.predicted). */
void rv_vinit(struct RVDisas *d);
/* The vector-configuration bits of a vCPU's block flags (translate.h RV_TBF_V*; user mode). */
uint32_t rv_vcfg_flags(const struct VCPU *cpu, uint64_t isa);
/* User mode: vl was just set to the run-time value vl (vtype known; any vstart is now 0): ends
 * the block with a two-way exit to the next instruction, chained to its block keyed with
 * vl == VLMAX or to the one keyed without. */
void rv_vl_exits(struct RVDisas *d, IRTemp vl);
/* User mode: vtype or vstart was just set to a run-time value: ends the block with an exit to
 * the dispatcher (never chained), which looks the next block up under the new flags. */
void rv_vexit_lookup(struct RVDisas *d);
bool rv_vknown_vl(const struct RVDisas *d, uint64_t *vl);
/* Asked first by every vector instruction and vector CSR access (translate-sys.c; translate.h
 * says what it does). */
bool rv_vs_access(struct RVDisas *d, bool writes_vstate);

/* Front-end dispatch: each returns false when insn is not one of its instructions. */
bool rv_translate_vector(struct RVDisas *d, const struct RVInsn *insn);   /* translate-vector.c */
bool rv_trans_vmem(struct RVDisas *d, const struct RVInsn *insn);         /* vector-mem.c */
bool rv_trans_vint(struct RVDisas *d, const struct RVInsn *insn);         /* vector-int.c */
bool rv_trans_vfp(struct RVDisas *d, const struct RVInsn *insn);          /* vector-fp.c */
bool rv_trans_vcrypto(struct RVDisas *d, const struct RVInsn *insn);      /* vector-crypto.c */
/* Tried first: inline host SIMD for the hot subset (translate-vinline.c says which). */
bool rv_vinline(struct RVDisas *d, const struct RVInsn *insn);            /* translate-vinline.c */

#endif
