/*
 * Internals shared by the integer vector part's files (vector-int.c: element operations, the
 * generic element loops and translation; vector-int-perm.c: mask, permutation and the other
 * hand-written helpers). Nothing here is seen outside guest/riscv/vector-int*.c.
 *
 * A helper starts with vi_begin, which reads vl, vtype, vstart and vlenb from the GuestState and
 * the register numbers from desc (vector.h's RV_VDESC) into a VIEnv on the helper's stack, and
 * ends with vi_end (vstart = 0, vxsat accrued). Register-group and legality facts are derived
 * from vtype at run time, so a helper is right whatever the translator knew; a helper that finds
 * the instruction illegal raises it through vi_illegal (the translator stored the pc).
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

/* Fills e from the state and desc; false when vtype is vill (the instruction is illegal). */
VI_INLINE bool vi_begin(VIEnv *e, VCPU *cpu, uint64_t desc)
{
    GuestState *g = &cpu->g;
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
    e->vsew = RV_VTYPE_VSEW(t);
    if ((t & RV_VTYPE_VILL) || e->vsew > 3 || l == 4)
        return false;
    e->vlmax = rv_vlmax(e->vlenb, t);
    return true;
}

VI_INLINE void vi_end(VIEnv *e)
{
    if (e->sat)
        e->g->vxsat = 1;
    e->g->vstart = 0;
}

/* Raises illegal instruction (cpu->g.pc is the instruction's, stored by the translator). */
void vi_illegal(VCPU *cpu) __attribute__((noreturn));

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

/* Register-group legality (RVV 1.0 section 5.2/5.3), log2 EMUL arguments. */
bool vi_aligned(unsigned r, int emul);
/* Destination group d (log2 size dl, EEW log dw; a mask destination has dmask set) against
 * source group s (sl, sw): the overlaps the spec allows (same EEW; narrower destination in the
 * lowest part of the source; wider destination over the source's highest part when the source
 * EMUL is at least 1). */
bool vi_overlap_ok(unsigned d, int dl, int dw, bool dmask, unsigned s, int sl, int sw);
bool vi_groups_overlap(unsigned a, int al, unsigned b, int bl);

/* Every helper of the part: helper_<name>(VCPU *, desc, scalar). */
#define H(name, shape, fn) void helper_##name(VCPU *cpu, uint64_t desc, uint64_t s);
#define I(insn, helper, opnd)
#include "vector-int.def"
#undef H
#undef I

#endif
