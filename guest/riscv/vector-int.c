/*
 * RISC-V front end: the integer, fixed-point, mask, permutation and reduction vector
 * instructions (RVV 1.0; vector.h gives the state layout, the helper-call convention and which
 * part owns what).
 *
 * Flow: vector-int.def is the one table: each helper with its shape (a generic element loop, or
 * P_*: hand-written in vector-int-perm.c) and element function, and each instruction with the
 * helper it calls and its scalar operand. The dispatch (translate-vector.c) tries the inline
 * SIMD translations first; rv_trans_vint then looks the instruction up in the table and emits
 * the helper call with rv_vgen_call, giving the shape's operand layout (VI_CHK_<shape>), which
 * vector.h's rules check at translation when vtype is known and otherwise in the helper
 * (vi_begin -> rv_vhelper_begin: vill, EEW/EMUL limits, register-group alignment, the overlaps
 * the spec allows, v0 under a mask, vstart = 0 where required). A generated helper then runs
 * its element loop instantiated for the current SEW, with the element function inlined.
 *
 * Invariants: elements below vstart, masked-off elements and tail elements are left undisturbed
 * (vector.h's policy); vstart is 0 when a helper returns; vxsat is only ever set, never cleared;
 * an illegal instruction changes no state.
 */
#include "translate.h"
#include "runtime.h"
#include "vector-int-impl.h"

/* ---- element functions: fn(d = vd[i], a = vs2[i], b = vs1[i] or scalar, c = carry/v0 bit,
 * sew = SEW in bits (of the narrow operands for widening/narrowing ops), e for vxrm/vxsat).
 * Inputs are zero-extended element bits; the loop truncates the result to the destination
 * width. ---- */
#define EFN(name) VI_INLINE uint64_t name(uint64_t d, uint64_t a, uint64_t b, uint64_t c, \
                                           unsigned sew, VIEnv *e)
typedef __int128 i128;
typedef unsigned __int128 u128;
#define SX(v) vi_sx((v), sew)
#define SX2(v) vi_sx((v), 2 * sew)

EFN(e_add)  { return a + b; }
EFN(e_sub)  { return a - b; }
EFN(e_rsub) { return b - a; }
EFN(e_and)  { return a & b; }
EFN(e_or)   { return a | b; }
EFN(e_xor)  { return a ^ b; }
EFN(e_sll)  { return a << (b & (sew - 1)); }
EFN(e_srl)  { return a >> (b & (sew - 1)); }
EFN(e_sra)  { return (uint64_t)(SX(a) >> (b & (sew - 1))); }
EFN(e_minu) { return a < b ? a : b; }
EFN(e_maxu) { return a > b ? a : b; }
EFN(e_min)  { return SX(a) < SX(b) ? a : b; }
EFN(e_max)  { return SX(a) > SX(b) ? a : b; }
EFN(e_mul)  { return a * b; }
EFN(e_mulh) { return (uint64_t)((i128)SX(a) * SX(b) >> sew); }
EFN(e_mulhu) { return (uint64_t)((u128)a * b >> sew); }
EFN(e_mulhsu) { return (uint64_t)((i128)SX(a) * (i128)b >> sew); }
EFN(e_divu) { return b ? a / b : ~0ull; }
EFN(e_remu) { return b ? a % b : a; }
/* x / -1 is -x (wrapping: the most negative value stays itself), without C's overflow */
EFN(e_div)  { int64_t x = SX(a), y = SX(b); return !y ? ~0ull : y == -1 ? -(uint64_t)x : (uint64_t)(x / y); }
EFN(e_rem)  { int64_t x = SX(a), y = SX(b); return !y ? a : y == -1 ? 0 : (uint64_t)(x % y); }
EFN(e_macc)  { return d + a * b; }
EFN(e_nmsac) { return d - a * b; }
EFN(e_madd)  { return b * d + a; }
EFN(e_nmsub) { return a - b * d; }

/* widening: a is SEW bits (or 2*SEW for the _w forms), the result 2*SEW */
EFN(e_waddu)  { return a + b; }
EFN(e_wadd)   { return (uint64_t)(SX(a) + SX(b)); }
EFN(e_wadd_w) { return (uint64_t)(SX2(a) + SX(b)); }
EFN(e_wsubu)  { return a - b; }
EFN(e_wsub)   { return (uint64_t)(SX(a) - SX(b)); }
EFN(e_wsub_w) { return (uint64_t)(SX2(a) - SX(b)); }
EFN(e_wmulu)  { return a * b; }
EFN(e_wmul)   { return (uint64_t)(SX(a) * SX(b)); }
EFN(e_wmulsu) { return (uint64_t)SX(a) * b; }
EFN(e_wmaccu) { return d + a * b; }
EFN(e_wmacc)  { return d + (uint64_t)(SX(a) * SX(b)); }
EFN(e_wmaccsu) { return d + (uint64_t)SX(b) * a; }   /* signed vs1/rs1, unsigned vs2 */
EFN(e_wmaccus) { return d + b * (uint64_t)SX(a); }   /* unsigned rs1, signed vs2 */
/* narrowing: a is 2*SEW bits, the shift amount takes log2(2*SEW) bits */
EFN(e_nsrl) { return a >> (b & (2 * sew - 1)); }
EFN(e_nsra) { return (uint64_t)(SX2(a) >> (b & (2 * sew - 1))); }
/* extension from SEW/2, /4, /8 (vzext: the element as it is) */
EFN(e_mova)  { return a; }
EFN(e_sext2) { return (uint64_t)vi_sx(a, sew / 2); }
EFN(e_sext4) { return (uint64_t)vi_sx(a, sew / 4); }
EFN(e_sext8) { return (uint64_t)vi_sx(a, sew / 8); }

/* carry and borrow (c: the carry-in), merge (c: the select bit), compares */
EFN(e_adc)   { return a + b + c; }
EFN(e_sbc)   { return a - b - c; }
EFN(e_madc)  { return (uint64_t)(((u128)a + b + c) >> sew) & 1; }
EFN(e_msbc)  { return (u128)a < (u128)b + c; }
EFN(e_merge) { return c ? b : a; }
EFN(e_seq)  { return a == b; }
EFN(e_sne)  { return a != b; }
EFN(e_sltu) { return a < b; }
EFN(e_slt)  { return SX(a) < SX(b); }
EFN(e_sleu) { return a <= b; }
EFN(e_sle)  { return SX(a) <= SX(b); }
EFN(e_sgtu) { return a > b; }
EFN(e_sgt)  { return SX(a) > SX(b); }

/* mask logical (a = vs2 bit, b = vs1 bit; the loop keeps bit 0) */
EFN(e_mand)  { return a & b; }
EFN(e_mnand) { return ~(a & b); }
EFN(e_mandn) { return a & ~b; }
EFN(e_mxor)  { return a ^ b; }
EFN(e_mor)   { return a | b; }
EFN(e_mnor)  { return ~(a | b); }
EFN(e_morn)  { return a | ~b; }
EFN(e_mxnor) { return ~(a ^ b); }

/* ---- fixed point ---- */

/* The rounding increment of v >> sh under vxrm (spec 3.8: rnu, rne, rdn, rod); v is the
 * two's-complement bit pattern of the unshifted value. */
VI_INLINE uint64_t vi_round(u128 v, unsigned sh, unsigned vxrm)
{
    if (sh == 0)
        return 0;
    unsigned half = (unsigned)(v >> (sh - 1)) & 1, lsb = (unsigned)(v >> sh) & 1;
    bool rest = sh > 1 && (v & (((u128)1 << (sh - 1)) - 1)) != 0;
    switch (vxrm) {
    case 0:  return half;
    case 1:  return half & (rest | lsb);
    case 2:  return 0;
    default: return (lsb ^ 1) & (half | rest);
    }
}

/* v clamped to the signed / unsigned range of `bits`, setting vxsat when it did not fit. */
VI_INLINE uint64_t vi_clip_s(i128 v, unsigned bits, VIEnv *e)
{
    i128 max = ((i128)1 << (bits - 1)) - 1, min = -max - 1;
    if (v > max || v < min) {
        e->sat = true;
        return (uint64_t)(v > max ? max : min);
    }
    return (uint64_t)v;
}
VI_INLINE uint64_t vi_clip_u(u128 v, unsigned bits, VIEnv *e)
{
    if (v > vi_wmask(bits)) {
        e->sat = true;
        return vi_wmask(bits);
    }
    return (uint64_t)v;
}

EFN(e_saddu) { return vi_clip_u((u128)a + b, sew, e); }
EFN(e_sadd)  { return vi_clip_s((i128)SX(a) + SX(b), sew, e); }
EFN(e_ssubu) { if (a < b) { e->sat = true; return 0; } return a - b; }
EFN(e_ssub)  { return vi_clip_s((i128)SX(a) - SX(b), sew, e); }
#define AVG(v) (uint64_t)(((v) >> 1) + (i128)vi_round((u128)(v), 1, e->vxrm))
EFN(e_aaddu) { u128 v = (u128)a + b; return (uint64_t)((v >> 1) + vi_round(v, 1, e->vxrm)); }
EFN(e_aadd)  { i128 v = (i128)SX(a) + SX(b); return AVG(v); }
EFN(e_asubu) { i128 v = (i128)a - (i128)b; return AVG(v); }
EFN(e_asub)  { i128 v = (i128)SX(a) - SX(b); return AVG(v); }
EFN(e_smul)
{
    i128 p = (i128)SX(a) * SX(b);
    return vi_clip_s((p >> (sew - 1)) + (i128)vi_round((u128)p, sew - 1, e->vxrm), sew, e);
}
EFN(e_ssrl) { unsigned sh = b & (sew - 1); return (a >> sh) + vi_round(a, sh, e->vxrm); }
EFN(e_ssra)
{
    unsigned sh = b & (sew - 1);
    int64_t x = SX(a);
    return (uint64_t)((x >> sh) + (int64_t)vi_round((u128)(i128)x, sh, e->vxrm));
}
EFN(e_nclipu)
{
    unsigned sh = b & (2 * sew - 1);
    return vi_clip_u((u128)(a >> sh) + vi_round(a, sh, e->vxrm), sew, e);
}
EFN(e_nclip)
{
    unsigned sh = b & (2 * sew - 1);
    int64_t x = SX2(a);
    return vi_clip_s((i128)(x >> sh) + vi_round((u128)(i128)x, sh, e->vxrm), sew, e);
}

/* ---- the generic element loops ---- */

enum { K_PLAIN, K_MASKOUT, K_CARRYIN, K_CARRYOUT, K_RED, K_MM };
/* A shape: log2 of the destination's and vs2's EEW relative to SEW, whether b is vs1[i], the
 * kind of loop. */
#define VI_SH(dl, al, bv, k) ((dl) | ((al) + 3) << 2 | (bv) << 5 | (k) << 6)
#define SH_D(s) ((s) & 3)
#define SH_A(s) ((((s) >> 2) & 7) - 3)
#define SH_B(s) (((s) >> 5) & 1)
#define SH_K(s) ((s) >> 6)

/* The bits of mask word w (elements 64w .. 64w+63) that lie in [vstart, vl). */
VI_INLINE uint64_t vi_range_bits(uint32_t w, uint32_t vstart, uint32_t vl)
{
    uint32_t lo = w * 64;
    uint64_t m = vl - lo >= 64 ? ~0ull : (1ull << (vl - lo)) - 1;
    return vstart > lo ? m & ~((1ull << (vstart - lo)) - 1) : m;
}

typedef uint64_t VIElemFn(uint64_t d, uint64_t a, uint64_t b, uint64_t c, unsigned sew, VIEnv *e);

VI_INLINE void vi_loop(VIEnv *e, int shape, unsigned es, VIElemFn *fn, uint64_t s)
{
    int dl = SH_D(shape), al = SH_A(shape), k = SH_K(shape);
    bool bv = SH_B(shape);
    unsigned sew = 8u << es, esz = 1u << es;
    unsigned dsz = esz << dl, asz = al >= 0 ? esz << al : esz >> -al;
    uint64_t bs = s & vi_wmask(sew);
    if (k == K_MM) {   /* bitwise: 64 mask bits at a time, the bits outside [vstart, vl) kept */
        for (uint32_t w = e->vstart / 64; w * 64 < e->vl; w++) {
            uint64_t m = vi_range_bits(w, e->vstart, e->vl);
            uint64_t x = vi_elem(e, e->vs2, w, 8), y = vi_elem(e, e->vs1, w, 8);
            uint64_t old = vi_elem(e, e->vd, w, 8);
            vi_set_elem(e, e->vd, w, 8, (old & ~m) | (fn(0, x, y, 0, sew, e) & m));
        }
        return;
    }
    if (k == K_MASKOUT) {   /* compares: 64 result bits gathered, then one word written */
        for (uint32_t w = e->vstart / 64; w * 64 < e->vl; w++) {
            uint64_t m = vi_range_bits(w, e->vstart, e->vl), r = 0;
            if (!e->vm)   /* read before vd is written: vd may be v0 */
                m &= vi_elem(e, 0, w, 8);
            uint32_t lo = w * 64 > e->vstart ? w * 64 : e->vstart;
            uint32_t hi = e->vl - w * 64 > 64 ? w * 64 + 64 : e->vl;
            for (uint32_t i = lo; i < hi; i++) {
                uint64_t a = vi_elem(e, e->vs2, i, asz);
                uint64_t b = bv ? vi_elem(e, e->vs1, i, esz) : bs;
                r |= (fn(0, a, b, 0, sew, e) & 1) << (i & 63);
            }
            uint64_t old = vi_elem(e, e->vd, w, 8);
            vi_set_elem(e, e->vd, w, 8, (old & ~m) | (r & m));
        }
        return;
    }
    if (k == K_RED) {
        if (e->vl == 0)
            return;
        uint64_t acc = vi_elem(e, e->vs1, 0, dsz);
        for (uint32_t i = 0; i < e->vl; i++)
            if (vi_active(e, i))
                acc = fn(0, acc, vi_elem(e, e->vs2, i, esz), 0, sew, e);
        vi_set_elem(e, e->vd, 0, dsz, acc);
        return;
    }
    if (k == K_PLAIN && e->vm) {   /* the common case, without the per-element mask test */
        for (uint32_t i = e->vstart; i < e->vl; i++) {
            uint64_t a = vi_elem(e, e->vs2, i, asz);
            uint64_t b = bv ? vi_elem(e, e->vs1, i, esz) : bs;
            vi_set_elem(e, e->vd, i, dsz, fn(vi_elem(e, e->vd, i, dsz), a, b, 0, sew, e));
        }
        return;
    }
    for (uint32_t i = e->vstart; i < e->vl; i++) {
        uint64_t c = 0;
        if (k == K_CARRYIN)
            c = e->vm ? 1 : vi_bit(e, 0, i);
        else if (k == K_CARRYOUT)
            c = e->vm ? 0 : vi_bit(e, 0, i);
        else if (!vi_active(e, i))
            continue;
        uint64_t a = vi_elem(e, e->vs2, i, asz);
        uint64_t b = bv ? vi_elem(e, e->vs1, i, esz) : bs;
        if (k == K_MASKOUT || k == K_CARRYOUT)
            vi_set_bit(e, e->vd, i, (unsigned)fn(0, a, b, c, sew, e));
        else
            vi_set_elem(e, e->vd, i, dsz, fn(vi_elem(e, e->vd, i, dsz), a, b, c, sew, e));
    }
}

/* One helper: legality (vi_begin), then the loop instantiated for each SEW with fn inlined. */
VI_INLINE void vi_generic(VCPU *cpu, uint64_t desc, uint64_t s, int shape, VIElemFn *fn)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    switch (e.vsew) {
    case 0: vi_loop(&e, shape, 0, fn, s); break;
    case 1: vi_loop(&e, shape, 1, fn, s); break;
    case 2: vi_loop(&e, shape, 2, fn, s); break;
    default: vi_loop(&e, shape, 3, fn, s); break;
    }
    vi_end(&e);
}

#define VI_SH_VV   VI_SH(0, 0, 1, K_PLAIN)
#define VI_SH_VX   VI_SH(0, 0, 0, K_PLAIN)
#define VI_SH_WVV  VI_SH(1, 0, 1, K_PLAIN)
#define VI_SH_WVX  VI_SH(1, 0, 0, K_PLAIN)
#define VI_SH_WWV  VI_SH(1, 1, 1, K_PLAIN)
#define VI_SH_WWX  VI_SH(1, 1, 0, K_PLAIN)
#define VI_SH_NWV  VI_SH(0, 1, 1, K_PLAIN)
#define VI_SH_NWX  VI_SH(0, 1, 0, K_PLAIN)
#define VI_SH_EXT2 VI_SH(0, -1, 0, K_PLAIN)
#define VI_SH_EXT4 VI_SH(0, -2, 0, K_PLAIN)
#define VI_SH_EXT8 VI_SH(0, -3, 0, K_PLAIN)
#define VI_SH_MVV  VI_SH(0, 0, 1, K_MASKOUT)
#define VI_SH_MVX  VI_SH(0, 0, 0, K_MASKOUT)
#define VI_SH_CIV  VI_SH(0, 0, 1, K_CARRYIN)
#define VI_SH_CIX  VI_SH(0, 0, 0, K_CARRYIN)
#define VI_SH_COV  VI_SH(0, 0, 1, K_CARRYOUT)
#define VI_SH_COX  VI_SH(0, 0, 0, K_CARRYOUT)
#define VI_SH_RED  VI_SH(0, 0, 1, K_RED)
#define VI_SH_WRED VI_SH(1, 0, 1, K_RED)
#define VI_SH_MM   VI_SH(0, 0, 1, K_MM)

/* The generated helpers (shapes P_*: vector-int-perm.c). */
#define VI_GEN(name, shape, fn) \
    void helper_##name(VCPU *cpu, uint64_t desc, uint64_t s) { vi_generic(cpu, desc, s, shape, fn); }
#define VI_GEN_SEL(name, shape, fn) VI_GEN_##shape(name, VI_SH_##shape, fn)
#define VI_GEN_VV   VI_GEN
#define VI_GEN_VX   VI_GEN
#define VI_GEN_WVV  VI_GEN
#define VI_GEN_WVX  VI_GEN
#define VI_GEN_WWV  VI_GEN
#define VI_GEN_WWX  VI_GEN
#define VI_GEN_NWV  VI_GEN
#define VI_GEN_NWX  VI_GEN
#define VI_GEN_EXT2 VI_GEN
#define VI_GEN_EXT4 VI_GEN
#define VI_GEN_EXT8 VI_GEN
#define VI_GEN_MVV  VI_GEN
#define VI_GEN_MVX  VI_GEN
#define VI_GEN_CIV  VI_GEN
#define VI_GEN_CIX  VI_GEN
#define VI_GEN_COV  VI_GEN
#define VI_GEN_COX  VI_GEN
#define VI_GEN_RED  VI_GEN
#define VI_GEN_WRED VI_GEN
#define VI_GEN_MM   VI_GEN
#define VI_GEN_P_XM(name, shape, fn)
#define VI_GEN_P_SETF(name, shape, fn)
#define VI_GEN_P_IOTA(name, shape, fn)
#define VI_GEN_P_VID(name, shape, fn)
#define VI_GEN_P_MVXS(name, shape, fn)
#define VI_GEN_P_MVSX(name, shape, fn)
#define VI_GEN_P_UP(name, shape, fn)
#define VI_GEN_P_DOWN(name, shape, fn)
#define VI_GEN_P_GVV(name, shape, fn)
#define VI_GEN_P_GVX(name, shape, fn)
#define VI_GEN_P_GEI16(name, shape, fn)
#define VI_GEN_P_COMPRESS(name, shape, fn)
#define VI_GEN_P_MVR(name, shape, fn)
#define H(name, shape, fn) VI_GEN_SEL(name, shape, fn)
#define I(insn, helper, opnd)
#include "vector-int.def"
#undef H
#undef I

/* ---- translation ---- */

enum { OPND_V, OPND_X, OPND_S, OPND_U };   /* vector-int.def's scalar operands */

typedef struct VIInsn {
    RVVHelper *fn;       /* NULL: not an instruction of this part */
    uint32_t shape;      /* vector.h's RV_VSHAPE */
    uint8_t opnd;
} VIInsn;

static const VIInsn vi_insns[RV_NB_OPS] = {
#define H(name, shape, fn)
#define I(insn, helper, opnd) [RV_OP_##insn] = { helper_##helper, VI_SHAPE_##helper, OPND_##opnd },
#include "vector-int.def"
#undef H
#undef I
};

bool rv_trans_vint(RVDisas *d, const RVInsn *insn)
{
    const VIInsn *vi = &vi_insns[insn->op];
    if (!vi->fn)
        return false;
    unsigned field = (insn->raw >> 15) & 31;   /* rs1 / simm5 / uimm5 */
    IRTemp s = IR_NOTEMP;
    switch (vi->opnd) {
    case OPND_X: s = rv_get_gpr(d, insn->rs1); break;
    case OPND_S: s = ir_const(d->ir, (int64_t)field - (field & 16 ? 32 : 0)); break;
    case OPND_U: s = ir_const(d->ir, field); break;
    default: break;
    }
    rv_vgen_call(d, insn, (void *)vi->fn, vi->shape, 0, s, IR_NOTEMP);
    return true;
}
