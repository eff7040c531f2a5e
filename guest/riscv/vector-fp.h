/*
 * Private to the vector floating-point part (vector-fp.c, vector-fp-elem.c, vector-fp-half.c):
 * the element functions the generic loops of vector-fp.c apply, one per operation and element
 * width, and the run-time context they share.
 *
 * An element function computes one element: r = fn(a, b, c, x) with a = vs2's element, b =
 * vs1's element or the scalar operand, c = vd's element (fused multiply-adds); raw bit patterns
 * in the low SEW bits, results likewise (compares: 0 or 1). It rounds in x->rm (RM_* 0..4,
 * already resolved from frm; conversions named rtz round toward zero themselves) and ORs RISC-V
 * fflags bits into x->flags (the half-precision functions, built on zfh-arith.c's helpers, OR
 * them into the guest's fflags directly: the loop ends with fflags |= x->flags, so both land).
 * x->fast allows the host-FPU fast path (fpu/fpfast.h), which is exact by construction.
 *
 * Names: vfe_<op>_<bits>, bits the width the function's table slot is for (vector-fp.c's
 * VFP_OPS says which width each instruction indexes with). Separate files because half.h and
 * softfloat.h both define the RM_* names.
 */
#ifndef QELT_RISCV_VECTOR_FP_H
#define QELT_RISCV_VECTOR_FP_H

#include <stdbool.h>
#include <stdint.h>

struct VCPU;

typedef struct VfpCtx {
    struct VCPU *cpu;
    unsigned rm;        /* 0..4 */
    unsigned flags;     /* accrued fflags bits */
    bool fast;          /* host-FPU fast path allowed (not -fpu soft) */
} VfpCtx;

typedef uint64_t (*VfpFn)(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x);

/* Operations that exist at 16 (Zvfh), 32 and 64 bits, same width in and out.
 * madd forms (vfmadd & co.) compute b * c + a, the others (vfmacc & co.) b * a + c. */
#define VFE_SAME_OPS(X) \
    X(add) X(sub) X(rsub) X(mul) X(div) X(rdiv) X(min) X(max) X(sgnj) X(sgnjn) X(sgnjx) \
    X(macc) X(nmacc) X(msac) X(nmsac) X(madd) X(nmadd) X(msub) X(nmsub) \
    X(sqrt) X(rsqrt7) X(rec7) X(class) X(eq) X(ne) X(lt) X(le) X(gt) X(ge) \
    X(cvt_xu_f) X(cvt_x_f) X(cvt_rtz_xu_f) X(cvt_rtz_x_f) X(cvt_f_xu) X(cvt_f_x)

#define VFE_DECL(op) \
    uint64_t vfe_##op##_16(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x); \
    uint64_t vfe_##op##_32(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x); \
    uint64_t vfe_##op##_64(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x);
VFE_SAME_OPS(VFE_DECL)
#undef VFE_DECL

/* Widening conversions, named by the source width: f.f (16->32, 32->64), xu.f / x.f and
 * their rtz forms (float 16/32 -> integer 32/64), f.xu / f.x (integer 8/16/32 -> float 16/32/64).
 * Narrowing conversions, named by the destination width: xu.f / x.f and rtz (float 16/32/64 ->
 * integer 8/16/32), f.xu / f.x (integer 32/64 -> float 16/32), f.f and rod.f.f (32->16, 64->32). */
#define VFE_WIDEN_DECL(op) \
    uint64_t vfe_##op##_8(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x); \
    uint64_t vfe_##op##_16(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x); \
    uint64_t vfe_##op##_32(uint64_t a, uint64_t b, uint64_t c, VfpCtx *x);
#define VFE_CVT_OPS(X) \
    X(wcvt_f_f) X(wcvt_xu_f) X(wcvt_x_f) X(wcvt_rtz_xu_f) X(wcvt_rtz_x_f) X(wcvt_f_xu) X(wcvt_f_x) \
    X(ncvt_xu_f) X(ncvt_x_f) X(ncvt_rtz_xu_f) X(ncvt_rtz_x_f) X(ncvt_f_xu) X(ncvt_f_x) \
    X(ncvt_f_f) X(ncvt_rod_f_f)
VFE_CVT_OPS(VFE_WIDEN_DECL)
#undef VFE_WIDEN_DECL

/* The 7-bit estimate tables of vfrsqrt7 (index: exponent's low bit, then the 6 leading
 * significand bits) and vfrec7 (index: the 7 leading significand bits). */
extern const uint8_t vfp_rsqrt7_table[128];
extern const uint8_t vfp_rec7_table[128];
/* The estimates for a format of eb exponent and fb fraction bits (vector-fp-elem.c): v's bits
 * in, the result's bits out, flags ORed into *fl; vfrec7 rounds an overflow in rm. */
uint64_t vfp_rsqrt7(uint64_t v, int eb, int fb, unsigned *fl);
uint64_t vfp_rec7(uint64_t v, int eb, int fb, unsigned rm, unsigned *fl);

/* The instructions' indexes in vector-fp-ops.def: desc's extra byte holds one (VFP_X_INDEX)
 * and VFP_X_HALF when half precision is available to it (Zvfh; Zvfhmin for the two
 * conversions it has). */
enum {
#define VFP(name, shape, fns, flags) VFP_##name,
#include "vector-fp-ops.def"
#undef VFP
    VFP_NB_OPS
};
enum { VFP_X_INDEX = 0x7f, VFP_X_HALF = 0x80 };

/* The helper every instruction of this part calls (vector.h's convention); the _soft one
 * never takes the host-FPU fast path (-fpu soft). */
void helper_vfp(struct VCPU *cpu, uint64_t desc, uint64_t scalar);
void helper_vfp_soft(struct VCPU *cpu, uint64_t desc, uint64_t scalar);

#endif
