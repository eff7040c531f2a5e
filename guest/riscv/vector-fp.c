/*
 * RISC-V front end: vector floating point, Zvfh and Zvfhmin (see vector.h for the state
 * layout, the helper-call convention and which part owns what).
 *
 * Flow: every instruction of insns-v.def's floating-point section has a row in
 * vector-fp-ops.def (its loop shape, its element functions per SEW, whether it reads frm).
 * The translator emits one call of helper_vfp (or helper_vfp_soft under -fpu soft) through
 * rv_vgen_call with the row's operand shape; the helper checks what only the run time knows
 * (rv_vhelper_begin: vill and the register groups when vtype was unknown; then the SEW, Zvfh,
 * a reserved frm, which makes every vector FP instruction illegal as in qemu-riscv64 7.2) and
 * runs the row's generic loop (fixed-size accesses per SEW for the hot same-width shapes), which applies
 * the row's element function (vector-fp-elem.c for 32/64 bits, vector-fp-half.c for 16) to each
 * active element from vstart to vl. Masked-off and tail elements are left undisturbed (vector.h).
 * fflags accrue over the elements in element order; an instruction that raises illegal changes
 * nothing. Reductions fold in element order from vs1[0], the unordered ones too: qemu-riscv64
 * 7.2 does exactly that, so both agree bit for bit.
 *
 * desc (vector.h's RV_VDESC): vd, vs2, vs1 (rs1 for .vf forms, rd of vfmv.f.s), vm; the extra
 * byte: the row index and VFP_X_HALF (half precision available to it: Zvfh, or Zvfhmin for
 * its two conversions). vfmv.f.s writes f[rd] in GuestState (the call syncs the IR globals).
 * The scalar argument is the f register's raw bits (.vf forms, vfmv.s.f, vfmerge, slides);
 * an operand narrower than 64 bits must be NaN-boxed, else it reads as the canonical NaN.
 */
#include <string.h>
#include "translate.h"
#include "cpu-ext.h"
#include "vector.h"
#include "vector-access.h"
#include "vector-fp.h"
#include "fpfast.h"
#include "runtime.h"
#include "vcpu.h"


typedef enum VfpShape {
    SH_VV, SH_VF,             /* vd = f(vs2, vs1 | f, vd), SEW */
    SH_WVV, SH_WVF,           /* 2*SEW vd = f(wide(vs2), wide(vs1 | f), vd) */
    SH_WWV, SH_WWF,           /* 2*SEW vd = f(vs2 (2*SEW), wide(vs1 | f), vd) */
    SH_V,                     /* vd = f(vs2), SEW */
    SH_WV,                    /* 2*SEW vd = f(vs2 (SEW)) */
    SH_NV,                    /* SEW vd = f(vs2 (2*SEW)) */
    SH_MVV, SH_MVF,           /* mask bit vd[i] = f(vs2, vs1 | f) */
    SH_RED, SH_WRED,          /* vd[0] = fold f over the active vs2[i] from vs1[0] */
    SH_MERGE,                 /* vd = mask ? f : vs2 (vm = 1: f) */
    SH_FMV_F_S, SH_FMV_S_F,   /* f[rd] = vs2[0]; vd[0] = f */
    SH_SLIDE1UP, SH_SLIDE1DOWN,
} VfpShape;

enum { F_RM = 1, F_MIN = 2 };

typedef struct VfpOp {
    uint8_t shape, flags;
    int8_t hsew;              /* vsew at which half precision is involved */
    VfpFn fn[4];              /* by vsew (SEW 8, 16, 32, 64) */
} VfpOp;

/* Each expands to: the vsew involving half precision, then the functions for SEW 8..64. */
#define S(op)   1, NULL, vfe_##op##_16, vfe_##op##_32, vfe_##op##_64
#define W(op)   1, NULL, vfe_##op##_32, vfe_##op##_64, NULL
#define WC(op)  1, NULL, vfe_##op##_16, vfe_##op##_32, NULL
#define WC8(op) 0, vfe_##op##_8, vfe_##op##_16, vfe_##op##_32, NULL
#define NC(op)  1, NULL, vfe_##op##_16, vfe_##op##_32, NULL
#define NC8(op) 0, vfe_##op##_8, vfe_##op##_16, vfe_##op##_32, NULL
#define NOFN    1, NULL, NULL, NULL, NULL

_Static_assert(VFP_NB_OPS <= VFP_X_INDEX + 1, "the op index fits desc's extra byte");

#define VFP_ENTRY(shape, flags, hsew, f8, f16, f32, f64) { shape, flags, hsew, { f8, f16, f32, f64 } }
#define VFP_EXPAND(shape, flags, ...) VFP_ENTRY(shape, flags, __VA_ARGS__)
static const VfpOp vfp_ops[VFP_NB_OPS] = {
#define VFP(name, shape, fns, flags) [VFP_##name] = VFP_EXPAND(shape, flags, fns),
#include "vector-fp-ops.def"
#undef VFP
};

/* The scalar f operand at `bytes` wide: NaN-boxed, else the canonical NaN. */
static uint64_t unbox(uint64_t f, unsigned bytes)
{
    static const uint64_t canon[4] = { 0, 0x7e00, 0x7fc00000, 0x7ff8000000000000ull };
    if (bytes == 8)
        return f;
    uint64_t box = ~0ull << (8 * bytes);
    return (f & box) == box ? f & ~box : canon[bytes == 2 ? 1 : 2];
}

static uint64_t box(uint64_t v, unsigned bytes)
{
    return bytes == 8 ? v : v | ~0ull << (8 * bytes);
}

/* ---- the loops ---- */

typedef struct VfpRun {
    GuestState *g;
    const VfpOp *op;
    VfpFn fn;
    VfpCtx x;
    unsigned vd, vs2, vs1;
    bool vm;
    unsigned eb;               /* SEW in bytes */
    uint32_t vstart, vl;
    uint64_t f;                /* the scalar operand (raw) */
    VfpFn widen;               /* SEW -> 2*SEW float conversion (widening shapes) */
} VfpRun;

static inline bool active(VfpRun *r, uint32_t i)
{
    return r->vm || mask_bit(r->g, 0, i);
}

/* Whole-batch host arithmetic (fpfast's bulk forms) for the commonest operations: which
 * fpfast operation each element function is, and its operands from a = vs2's element, b =
 * vs1's or the scalar, c = vd's (x, y, z in that order, by ORDER). */
enum { O_AB, O_BA, O_BAC, O_BCA };
static const struct { VfpFn f32, f64; uint8_t op, order, neg; } bulk_ops[] = {
#define BK(e, op, order, neg) { vfe_##e##_32, vfe_##e##_64, op, order, neg },
    BK(add, FPFAST_ADD, O_AB, 0) BK(sub, FPFAST_SUB, O_AB, 0) BK(rsub, FPFAST_SUB, O_BA, 0)
    BK(mul, FPFAST_MUL, O_AB, 0)
    BK(macc, FPFAST_MULADD, O_BAC, 0)
    BK(nmacc, FPFAST_MULADD, O_BAC, MULADD_NEG_PRODUCT | MULADD_NEG_ADDEND)
    BK(msac, FPFAST_MULADD, O_BAC, MULADD_NEG_ADDEND)
    BK(nmsac, FPFAST_MULADD, O_BAC, MULADD_NEG_PRODUCT)
    BK(madd, FPFAST_MULADD, O_BCA, 0)
    BK(nmadd, FPFAST_MULADD, O_BCA, MULADD_NEG_PRODUCT | MULADD_NEG_ADDEND)
    BK(msub, FPFAST_MULADD, O_BCA, MULADD_NEG_ADDEND)
    BK(nmsub, FPFAST_MULADD, O_BCA, MULADD_NEG_PRODUCT)
#undef BK
};

/* Unmasked same-width 32/64-bit arithmetic in batches of at most 64 elements, in place in the
 * register file (fpfast's may_alias arrays): true when done. */
#define BULK_LOOP(W)                                                                        \
    static bool bulk_##W(VfpRun *r)                                                       \
    {                                                                                     \
        size_t k = 0, nk = sizeof bulk_ops / sizeof bulk_ops[0];                          \
        while (k < nk && bulk_ops[k].f##W != r->fn)                                       \
            k++;                                                                          \
        if (k == nk || !r->vm || !r->x.fast || r->vl <= r->vstart)                        \
            return false;                                                                 \
        GuestState *g = r->g;                                                             \
        bool vv = r->op->shape == SH_VV;                                                  \
        unsigned total = r->vl - r->vstart;                                               \
        fpfast_u##W##a fb[64], f = (uint##W##_t)unbox(r->f, W / 8);                       \
        for (unsigned j = 0; !vv && j < 64 && j < total; j++)                             \
            fb[j] = f;                                                                    \
        FloatStatus s = { (uint8_t)r->x.rm, (uint8_t)r->x.flags };                        \
        for (uint32_t i = r->vstart; i < r->vl; i += 64) {                                \
            unsigned n = r->vl - i < 64 ? r->vl - i : 64;                                 \
            fpfast_u##W##a *a = (fpfast_u##W##a *)velem(g, r->vs2, i, W / 8);             \
            fpfast_u##W##a *b = vv ? (fpfast_u##W##a *)velem(g, r->vs1, i, W / 8) : fb;   \
            fpfast_u##W##a *c = (fpfast_u##W##a *)velem(g, r->vd, i, W / 8);              \
            const fpfast_u##W##a *o[4][3] = { { a, b, c }, { b, a, c }, { b, a, c }, { b, c, a } }; \
            const fpfast_u##W##a *const *p = o[bulk_ops[k].order];                        \
            fpfast_f##W##_bulk(bulk_ops[k].op, c, p[0], p[1], p[2], n, bulk_ops[k].neg, &s); \
        }                                                                                 \
        r->x.flags = s.flags;                                                             \
        return true;                                                                      \
    }
BULK_LOOP(32)
BULK_LOOP(64)

/* The same-width shapes (vd = f(vs2, vs1 | f, vd)), the hot ones, with fixed-size element
 * accesses: one loop per width. */
#define SAME_LOOP(W)                                                                        \
    static void loop_same_##W(VfpRun *r)                                                  \
    {                                                                                     \
        GuestState *g = r->g;                                                             \
        uint8_t *d = velem(g, r->vd, 0, 1);                                               \
        const uint8_t *a = velem(g, r->vs2, 0, 1), *b = velem(g, r->vs1, 0, 1);           \
        uint64_t fs = unbox(r->f, W / 8);                                                 \
        bool vv = r->op->shape == SH_VV;                                                  \
        for (uint32_t i = r->vstart; i < r->vl; i++) {                                    \
            if (!r->vm && !mask_bit(g, 0, i))                                             \
                continue;                                                                 \
            uint##W##_t x, y = (uint##W##_t)fs, z;                                        \
            memcpy(&x, a + i * (W / 8), W / 8);                                           \
            if (vv)                                                                       \
                memcpy(&y, b + i * (W / 8), W / 8);                                       \
            memcpy(&z, d + i * (W / 8), W / 8);                                           \
            z = (uint##W##_t)r->fn(x, y, z, &r->x);                                       \
            memcpy(d + i * (W / 8), &z, W / 8);                                           \
        }                                                                                 \
    }
SAME_LOOP(16)
SAME_LOOP(32)
SAME_LOOP(64)

static void loop_elementwise(VfpRun *r)
{
    if (r->op->shape <= SH_VF || r->op->shape == SH_V) {
        if (r->eb == 8) {
            if (!bulk_64(r))
                loop_same_64(r);
        } else if (r->eb == 4) {
            if (!bulk_32(r))
                loop_same_32(r);
        } else {
            loop_same_16(r);
        }
        return;
    }
    GuestState *g = r->g;
    unsigned eb = r->eb, ob = eb, ab = eb;   /* operand bytes: out, vs2 */
    int sh = r->op->shape;
    if (sh == SH_WVV || sh == SH_WVF || sh == SH_WV)
        ob = 2 * eb;
    if (sh == SH_WWV || sh == SH_WWF)
        ob = ab = 2 * eb;
    if (sh == SH_NV)
        ab = 2 * eb;
    uint64_t fs = unbox(r->f, eb);
    for (uint32_t i = r->vstart; i < r->vl; i++) {
        if (!active(r, i))
            continue;
        uint64_t a = vget(g, r->vs2, i, ab), b = 0, c = 0, res;
        switch (sh) {
        case SH_VV: case SH_WVV: case SH_WWV: b = vget(g, r->vs1, i, eb); break;
        case SH_VF: case SH_WVF: case SH_WWF: b = fs; break;
        default: break;
        }
        if (sh == SH_WVV || sh == SH_WVF)
            a = r->widen(a, 0, 0, &r->x);
        if (sh >= SH_WVV && sh <= SH_WWF)
            b = r->widen(b, 0, 0, &r->x);
        if (sh <= SH_WWF)
            c = vget(g, r->vd, i, ob);
        res = r->fn(a, b, c, &r->x);
        vset(g, r->vd, i, ob, res);
    }
}

static void loop_compare(VfpRun *r)
{
    uint64_t fs = unbox(r->f, r->eb);
    for (uint32_t i = r->vstart; i < r->vl; i++) {
        if (!active(r, i))
            continue;
        uint64_t a = vget(r->g, r->vs2, i, r->eb);
        uint64_t b = r->op->shape == SH_MVV ? vget(r->g, r->vs1, i, r->eb) : fs;
        set_mask_bit(r->g, r->vd, i, r->fn(a, b, 0, &r->x) != 0);
    }
}

static void loop_reduce(VfpRun *r)
{
    bool wide = r->op->shape == SH_WRED;
    unsigned ob = wide ? 2 * r->eb : r->eb;
    uint64_t acc = vget(r->g, r->vs1, 0, ob);
    for (uint32_t i = r->vstart; i < r->vl; i++) {
        if (!active(r, i))
            continue;
        uint64_t e = vget(r->g, r->vs2, i, r->eb);
        if (wide)
            e = r->widen(e, 0, 0, &r->x);
        acc = r->fn(acc, e, 0, &r->x);
    }
    vset(r->g, r->vd, 0, ob, acc);
}

static void loop_move(VfpRun *r)
{
    GuestState *g = r->g;
    unsigned eb = r->eb;
    uint64_t fs = unbox(r->f, eb);
    switch (r->op->shape) {
    case SH_MERGE:
        for (uint32_t i = r->vstart; i < r->vl; i++)
            vset(g, r->vd, i, eb, active(r, i) ? fs : vget(g, r->vs2, i, eb));
        break;
    case SH_FMV_S_F:
        if (r->vstart < r->vl)
            vset(g, r->vd, 0, eb, fs);
        break;
    case SH_SLIDE1UP:
        for (uint32_t i = r->vstart; i < r->vl; i++)
            if (active(r, i))
                vset(g, r->vd, i, eb, i == 0 ? fs : vget(g, r->vs2, i - 1, eb));
        break;
    case SH_SLIDE1DOWN:
        for (uint32_t i = r->vstart; i < r->vl; i++)
            if (active(r, i))
                vset(g, r->vd, i, eb, i + 1 < r->vl ? vget(g, r->vs2, i + 1, eb) : fs);
        break;
    default:
        break;
    }
}

/* The widening conversion from SEW to 2*SEW floats. */
static VfpFn widen_fn(unsigned vsew)
{
    return vsew == 1 ? vfe_wcvt_f_f_16 : vfe_wcvt_f_f_32;
}

/* The operand layout of each shape, for the shared legality rules (vector.h). */
static const uint32_t vfp_vshape[] = {
    [SH_VV] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_SEW, 0),
    [SH_VF] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_WVV] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_SEW, 0),
    [SH_WVF] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_WWV] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_WIDE, RV_VOP_SEW, 0),
    [SH_WWF] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_WIDE, RV_VOP_NONE, 0),
    [SH_V] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_WV] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_NV] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_WIDE, RV_VOP_NONE, 0),
    [SH_MVV] = RV_VSHAPE(RV_VOP_MASK, RV_VOP_SEW, RV_VOP_SEW, 0),
    [SH_MVF] = RV_VSHAPE(RV_VOP_MASK, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_RED] = RV_VSHAPE(RV_VOP_ONE, RV_VOP_SEW, RV_VOP_ONE, RV_VCHK_VSTART0),
    [SH_WRED] = RV_VSHAPE(RV_VOP_ONEW, RV_VOP_SEW, RV_VOP_ONEW, RV_VCHK_VSTART0),
    [SH_MERGE] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [SH_FMV_F_S] = RV_VSHAPE(RV_VOP_NONE, RV_VOP_ONE, RV_VOP_NONE, 0),
    [SH_FMV_S_F] = RV_VSHAPE(RV_VOP_ONE, RV_VOP_NONE, RV_VOP_NONE, 0),
    [SH_SLIDE1UP] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, RV_VCHK_NOOVER),
    [SH_SLIDE1DOWN] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
};

/* Whether op exists at vsew (its element functions; moves: SEW 16..64), and if half
 * precision is involved there, whether half_ok (Zvfh, or Zvfhmin for its two conversions). */
static bool sew_ok(const VfpOp *op, unsigned vsew, bool half_ok)
{
    bool nofn = op->fn[1] == NULL && op->fn[2] == NULL && op->fn[3] == NULL;
    if (vsew > 3 || (nofn ? vsew == 0 : op->fn[vsew] == NULL))
        return false;
    return vsew != (unsigned)op->hsew || half_ok;
}

static void vfp_run(VCPU *cpu, uint64_t desc, uint64_t scalar, bool fast)
{
    GuestState *g = &cpu->g;
    unsigned extra = RV_VDESC_EXTRA(desc), idx = extra & VFP_X_INDEX;
    rv_vhelper_begin(cpu, desc);
    if (idx >= VFP_NB_OPS)
        rv_vraise_illegal(cpu);
    const VfpOp *op = &vfp_ops[idx];
    unsigned vsew = RV_VTYPE_VSEW(g->vtype);
    if (!sew_ok(op, vsew, extra & VFP_X_HALF) || ((op->flags & F_RM) && g->frm > 4))
        rv_vraise_illegal(cpu);

    VfpRun r = {
        .g = g, .op = op, .fn = op->fn[vsew],
        .x = { .cpu = cpu, .rm = g->frm <= 4 ? g->frm : 0, .flags = 0, .fast = fast },
        .vd = RV_VDESC_VD(desc), .vs2 = RV_VDESC_VS2(desc), .vs1 = RV_VDESC_VS1(desc),
        .vm = RV_VDESC_VM(desc), .eb = 1u << vsew,
        .vstart = (uint32_t)g->vstart, .vl = (uint32_t)g->vl, .f = scalar,
    };
    r.x.flags = g->fflags;
    if (op->shape >= SH_WVV && op->shape <= SH_WWF)
        r.widen = widen_fn(vsew);
    if (op->shape == SH_WRED)
        r.widen = widen_fn(vsew);
    switch (op->shape) {
    case SH_MVV: case SH_MVF:
        loop_compare(&r);
        break;
    case SH_RED: case SH_WRED:
        if (r.vl > 0)
            loop_reduce(&r);
        break;
    case SH_FMV_F_S:
        g->f[r.vd] = box(vget(g, r.vs2, 0, r.eb), r.eb);
        break;
    case SH_MERGE: case SH_FMV_S_F: case SH_SLIDE1UP: case SH_SLIDE1DOWN:
        loop_move(&r);
        break;
    default:
        loop_elementwise(&r);
        break;
    }
    g->fflags |= r.x.flags;
    g->vstart = 0;
}

void helper_vfp(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    vfp_run(cpu, desc, scalar, true);
}

void helper_vfp_soft(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    vfp_run(cpu, desc, scalar, false);
}

/* The row of an instruction, or -1 when it is not one of this part's. */
static int vfp_index(int op)
{
    switch (op) {
#define VFP(name, shape, fns, flags) case RV_OP_##name: return VFP_##name;
#include "vector-fp-ops.def"
#undef VFP
    default:
        return -1;
    }
}

bool rv_trans_vfp(RVDisas *d, const RVInsn *insn)
{
    int idx = vfp_index(insn->op);
    if (idx < 0)
        return false;
    const VfpOp *op = &vfp_ops[idx];
    if (d->te->sys && !rv_fp_access(d, true)) {
        rv_gen_illegal(d);
        return true;
    }
    bool half_ok = (d->isa & RV_EXT_BIT(ZVFH)) ||
                   ((op->flags & F_MIN) && (d->isa & RV_EXT_BIT(ZVFHMIN)));
    uint64_t vtype;
    if (rv_vknown_vtype(d, &vtype) && !(vtype & RV_VTYPE_VILL) &&
        !sew_ok(op, RV_VTYPE_VSEW(vtype), half_ok)) {
        rv_gen_illegal(d);
        return true;
    }
    bool has_f = op->shape == SH_VF || op->shape == SH_WVF || op->shape == SH_WWF ||
                 op->shape == SH_MVF || op->shape == SH_MERGE || op->shape == SH_FMV_S_F ||
                 op->shape == SH_SLIDE1UP || op->shape == SH_SLIDE1DOWN;
    IRTemp f = has_f ? rv_get_fpr(d, insn->rs1) : IR_NOTEMP;
    RVVHelper *fn = d->te->fpu_soft ? helper_vfp_soft : helper_vfp;
    rv_vgen_call(d, insn, (void *)fn, vfp_vshape[op->shape],
                 (unsigned)idx | (half_ok ? VFP_X_HALF : 0), f, IR_NOTEMP);
    if (op->shape == SH_FMV_F_S)
        d->fp_boxed &= ~(1u << insn->rd);   /* the helper wrote f[rd] */
    return true;
}
