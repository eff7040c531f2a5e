/*
 * Internals shared by the integer vector part's files (vector-int.c: element operations, the
 * generic element loops and translation; vector-int-perm.c: mask, permutation and the other
 * hand-written helpers). Nothing here is seen outside guest/riscv/vector-int*.c.
 *
 * A helper starts with vi_begin, which reads vl, vtype, vstart and vlenb from the GuestState and
 * the register numbers from desc (vector.h's RV_VDESC) into a VIEnv on the helper's stack, and
 * ends with vi_end (vstart = 0, vxsat accrued). Register-group and legality facts are derived
 * from vtype at run time, so a helper is right whatever the translator knew; the legality rules
 * are vector.h's (rv_vcheck on the shape in desc), a helper raises illegal instruction through
 * rv_vraise_illegal (the translator stored the pc).
 * Element i of the group starting at register r is at vr + r * vlenb + i * (EEW / 8); mask bit i
 * of register r is bit i % 8 of byte i / 8 of r.
 */
#ifndef QELT_RISCV_VECTOR_INT_IMPL_H
#define QELT_RISCV_VECTOR_INT_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "vector.h"
#include "vcpu.h"

#define VI_INLINE static inline __attribute__((always_inline))

typedef struct VIEnv {
    GuestState *g;
    uint8_t *vr;           /* g->vreg */
    uint32_t vlenb, vl, vstart, vlmax;
    int lmul;              /* log2 LMUL: -3..3 */
    unsigned vsew;         /* log2 (SEW / 8): 0..3 */
    unsigned vd, vs2, vs1, vm;
    unsigned vxrm;
    bool sat;              /* an element saturated (vxsat is set at the end) */
} VIEnv;

/* Checks the instruction (rv_vhelper_begin: vill, desc's shape) and fills e from the state and
 * desc. */
VI_INLINE void vi_begin(VIEnv *e, VCPU *cpu, uint64_t desc)
{
    GuestState *g = &cpu->g;
    rv_vhelper_begin(cpu, desc);
    e->g = g;
    e->vr = g->vreg;
    e->vlenb = g->vlenb;
    e->vl = (uint32_t)g->vl;
    e->vstart = (uint32_t)g->vstart;
    e->vxrm = g->vxrm & 3;
    e->sat = false;
    e->vd = RV_VDESC_VD(desc);
    e->vs2 = RV_VDESC_VS2(desc);
    e->vs1 = RV_VDESC_VS1(desc);
    e->vm = RV_VDESC_VM(desc);
    uint64_t t = g->vtype;
    unsigned l = RV_VTYPE_VLMUL(t);
    e->lmul = l < 4 ? (int)l : (int)l - 8;
    e->vsew = RV_VTYPE_VSEW(t) & 3;   /* vtype is valid (or vill: ANYVTYPE shapes, SEW 8) */
    e->vlmax = rv_vlmax(e->vlenb, t);
}

VI_INLINE void vi_end(VIEnv *e)
{
    if (e->sat)
        e->g->vxsat = 1;
    e->g->vstart = 0;
}


VI_INLINE uint64_t vi_wmask(unsigned bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }
VI_INLINE int64_t vi_sx(uint64_t v, unsigned bits)
{
    return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* Element access (esz bytes: 1, 2, 4, 8), little-endian. */
VI_INLINE uint64_t vi_ld(const uint8_t *p, unsigned esz)
{
    uint8_t b; uint16_t h; uint32_t w; uint64_t d;
    switch (esz) {
    case 1: memcpy(&b, p, 1); return b;
    case 2: memcpy(&h, p, 2); return h;
    case 4: memcpy(&w, p, 4); return w;
    case 8: memcpy(&d, p, 8); return d;
    default: return 0;
    }
}
VI_INLINE void vi_st(uint8_t *p, unsigned esz, uint64_t v)
{
    uint8_t b = (uint8_t)v; uint16_t h = (uint16_t)v; uint32_t w = (uint32_t)v;
    switch (esz) {
    case 1: memcpy(p, &b, 1); break;
    case 2: memcpy(p, &h, 2); break;
    case 4: memcpy(p, &w, 4); break;
    case 8: memcpy(p, &v, 8); break;
    default: break;
    }
}
VI_INLINE uint8_t *vi_reg(const VIEnv *e, unsigned r) { return e->vr + (size_t)r * e->vlenb; }
VI_INLINE uint64_t vi_elem(const VIEnv *e, unsigned r, uint32_t i, unsigned esz)
{
    return vi_ld(vi_reg(e, r) + (size_t)i * esz, esz);
}
VI_INLINE void vi_set_elem(const VIEnv *e, unsigned r, uint32_t i, unsigned esz, uint64_t v)
{
    vi_st(vi_reg(e, r) + (size_t)i * esz, esz, v);
}
VI_INLINE unsigned vi_bit(const VIEnv *e, unsigned r, uint32_t i)
{
    return vi_reg(e, r)[i >> 3] >> (i & 7) & 1;
}
VI_INLINE void vi_set_bit(const VIEnv *e, unsigned r, uint32_t i, unsigned v)
{
    uint8_t *p = vi_reg(e, r) + (i >> 3);
    *p = (uint8_t)((*p & ~(1u << (i & 7))) | (v & 1) << (i & 7));
}
/* Element i is active: unmasked, or its v0 bit is set. */
VI_INLINE bool vi_active(const VIEnv *e, uint32_t i) { return e->vm || vi_bit(e, 0, i); }

/* The operand layout of each shape of vector-int.def, which vector.h's rv_vcheck judges (at
 * translation when vtype is known, else in rv_vhelper_begin, the first thing every helper does).
 * Reductions give vd as NONE: their scalar result may overlap anything. The few rules the
 * shapes cannot say are checked by the helpers themselves (vrgatherei16's 16-bit index group,
 * a masked vmsbf/vmsif/vmsof writing v0). */
#define VI_S(vd, vs2, vs1, fl) RV_VSHAPE(RV_VOP_##vd, RV_VOP_##vs2, RV_VOP_##vs1, fl)
#define VI_CHK_VV    VI_S(SEW, SEW, SEW, 0)
#define VI_CHK_VX    VI_S(SEW, SEW, NONE, 0)
#define VI_CHK_WVV   VI_S(WIDE, SEW, SEW, 0)
#define VI_CHK_WVX   VI_S(WIDE, SEW, NONE, 0)
#define VI_CHK_WWV   VI_S(WIDE, WIDE, SEW, 0)
#define VI_CHK_WWX   VI_S(WIDE, WIDE, NONE, 0)
#define VI_CHK_NWV   VI_S(SEW, WIDE, SEW, 0)
#define VI_CHK_NWX   VI_S(SEW, WIDE, NONE, 0)
#define VI_CHK_EXT2  VI_S(SEW, F2, NONE, 0)
#define VI_CHK_EXT4  VI_S(SEW, F4, NONE, 0)
#define VI_CHK_EXT8  VI_S(SEW, F8, NONE, 0)
#define VI_CHK_MVV   VI_S(MASK, SEW, SEW, 0)
#define VI_CHK_MVX   VI_S(MASK, SEW, NONE, 0)
#define VI_CHK_CIV   VI_CHK_VV
#define VI_CHK_CIX   VI_CHK_VX
#define VI_CHK_COV   VI_CHK_MVV
#define VI_CHK_COX   VI_CHK_MVX
#define VI_CHK_RED   VI_S(NONE, SEW, ONE, RV_VCHK_VSTART0)
#define VI_CHK_WRED  VI_S(NONE, SEW, ONEW, RV_VCHK_VSTART0)
#define VI_CHK_MM    VI_S(MASK, MASK, MASK, 0)
#define VI_CHK_P_XM  VI_S(NONE, MASK, NONE, RV_VCHK_VSTART0)
#define VI_CHK_P_SETF VI_S(MASK, MASK, NONE, RV_VCHK_NOOVER | RV_VCHK_VSTART0)
#define VI_CHK_P_IOTA VI_S(SEW, MASK, NONE, RV_VCHK_NOOVER | RV_VCHK_VSTART0)
#define VI_CHK_P_VID VI_S(SEW, NONE, NONE, 0)
#define VI_CHK_P_MVXS VI_S(NONE, ONE, NONE, 0)
#define VI_CHK_P_MVSX VI_S(ONE, NONE, NONE, 0)
#define VI_CHK_P_UP  VI_S(SEW, SEW, NONE, RV_VCHK_NOOVER)
#define VI_CHK_P_DOWN VI_CHK_VX
#define VI_CHK_P_GVV VI_S(SEW, SEW, SEW, RV_VCHK_NOOVER)
#define VI_CHK_P_GVX VI_CHK_P_UP
#define VI_CHK_P_GEI16 VI_CHK_P_UP
#define VI_CHK_P_COMPRESS VI_S(SEW, SEW, MASK, RV_VCHK_NOOVER | RV_VCHK_VSTART0)
#define VI_CHK_P_MVR RV_VCHK_ANYVTYPE   /* whole registers: the helper checks nr, alignment */

/* Each helper's shape, by name: VI_SHAPE_<helper>. */
enum {
#define H(name, shape, fn) VI_SHAPE_##name = VI_CHK_##shape,
#define I(insn, helper, opnd)
#include "vector-int.def"
#undef H
#undef I
};

/* Every helper of the part: helper_<name>(VCPU *, desc, scalar). */
#define H(name, shape, fn) void helper_##name(VCPU *cpu, uint64_t desc, uint64_t s);
#define I(insn, helper, opnd)
#include "vector-int.def"
#undef H
#undef I

#endif
