/*
 * RISC-V front end: vector floating point, Zvfh and Zvfhmin (see vector.h for the state
 * layout, the helper-call convention and which part owns what).
 *
 * Flow: every instruction of insns-v.def's floating-point section has a row in
 * vector-fp-ops.def (its loop shape, its element functions per SEW, whether it reads frm).
 * The translator emits one call of helper_vfp (or helper_vfp_soft under -fpu soft) with the
 * row's index in desc's extra byte; the helper checks what only the run time knows (vill, SEW
 * and register-group legality, a reserved frm), then runs the row's generic loop, which applies
 * the row's element function (vector-fp-elem.c for 32/64 bits, vector-fp-half.c for 16) to each
 * active element from vstart to vl. Masked-off and tail elements are left undisturbed (vector.h).
 * fflags accrue over the elements in element order; an instruction that raises illegal changes
 * nothing. Reductions fold in element order from vs1[0], the unordered ones too: qemu-riscv64
 * 7.2 does exactly that, so both agree bit for bit.
 *
 * desc (vector.h's RV_VDESC): vd, vs2, vs1 (rs1 for .vf forms, rd of vfmv.f.s), vm; the nf
 * field, meaningless for arithmetic, carries VFP_D_* (the extensions the translator saw).
 * The scalar argument is the f register's raw bits (.vf forms, vfmv.s.f, vfmerge, slides);
 * an operand narrower than 64 bits must be NaN-boxed, else it reads as the canonical NaN.
 */
#include <string.h>
#include "translate.h"
#include "vector.h"
#include "vector-access.h"
#include "vector-fp.h"
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

_Static_assert(VFP_NB_OPS <= 256, "the op index is desc's extra byte");

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

/* ---- run-time legality ---- */

static __attribute__((noreturn)) void illegal(VCPU *cpu)
{
    cpu_loop_exit(cpu, EXIT_ILLEGAL);
}

/* May a destination group (EMUL 2^dl) and a source group (2^sl) of different EEW share
 * registers? Only as RVV 1.0 section 5.2 allows: a wider destination may overlap the source
 * in its highest-numbered part when the source EMUL >= 1 (a narrower destination at the
 * lowest part of its source is the vd == vs case the callers accept before asking). */
static bool noover(unsigned dst, int dl, unsigned src, int sl)
{
    unsigned dn = dl > 0 ? 1u << dl : 1, sn = sl > 0 ? 1u << sl : 1;
    if (dn > sn && dst < src && sl >= 0 && vreg_overlap(dst, dl, src, sl) &&
        !vreg_overlap(dst, dl, src + sn, sl))
        return true;
    return !vreg_overlap(dst, dl, src, sl);
}

/* The spec's register constraints for op's shape at LMUL 2^lmul (RVV 1.0 sections 5.2, 5.3,
 * as qemu-riscv64 7.2 checks them): group alignment, the overlaps above, and v0 not the
 * destination of a masked instruction that writes SEW-wide elements. */
static bool regs_ok(const VfpOp *op, uint64_t desc, int lmul)
{
    unsigned vd = RV_VDESC_VD(desc), vs2 = RV_VDESC_VS2(desc), vs1 = RV_VDESC_VS1(desc);
    bool vm = RV_VDESC_VM(desc), vv;
    int w = lmul + 1, sh = op->shape;
    switch (sh) {
    case SH_VV: case SH_VF: case SH_V: case SH_SLIDE1DOWN: case SH_MERGE:
        if (!vreg_aligned(vd, lmul) || !vreg_aligned(vs2, lmul) ||
            (sh == SH_VV && !vreg_aligned(vs1, lmul)))
            return false;
        return vm || vd != 0;
    case SH_SLIDE1UP:
        return vreg_aligned(vd, lmul) && vreg_aligned(vs2, lmul) && (vm || vd != 0) &&
               !vreg_overlap(vd, lmul, vs2, lmul);
    case SH_WVV: case SH_WVF: case SH_WWV: case SH_WWF: case SH_WV:
        vv = sh == SH_WVV || sh == SH_WWV;
        if (w > 3 || !vreg_aligned(vd, w) || (vv && !vreg_aligned(vs1, lmul)))
            return false;
        if (vv && !noover(vd, w, vs1, lmul))
            return false;
        if (sh == SH_WWV || sh == SH_WWF) {
            if (!vreg_aligned(vs2, w))
                return false;
        } else if (!vreg_aligned(vs2, lmul) || !noover(vd, w, vs2, lmul)) {
            return false;
        }
        return vm || !vreg_overlap(vd, w, 0, 0);
    case SH_NV:
        if (w > 3 || !vreg_aligned(vd, lmul) || !vreg_aligned(vs2, w) ||
            (vd != vs2 && !noover(vd, lmul, vs2, w)))
            return false;
        return vm || vd != 0;
    case SH_MVV: case SH_MVF:
        if (!vreg_aligned(vs2, lmul) || (vd != vs2 && !noover(vd, 0, vs2, lmul)))
            return false;
        return sh == SH_MVF ||
               (vreg_aligned(vs1, lmul) && (vd == vs1 || noover(vd, 0, vs1, lmul)));
    case SH_RED: case SH_WRED:
        return vreg_aligned(vs2, lmul);
    default:
        return true;
    }
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

static void loop_elementwise(VfpRun *r)
{
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

static void vfp_run(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    GuestState *g = &cpu->g;
    unsigned idx = RV_VDESC_EXTRA(desc), dflags = RV_VDESC_NF(desc) - 1;
    if (idx >= VFP_NB_OPS)
        illegal(cpu);
    const VfpOp *op = &vfp_ops[idx];
    uint64_t vtype = g->vtype;
    if (vtype & RV_VTYPE_VILL)
        illegal(cpu);
    unsigned vsew = RV_VTYPE_VSEW(vtype);
    int lmul = vlmul_log2(vtype);
    bool nofn = op->fn[1] == NULL && op->fn[2] == NULL && op->fn[3] == NULL;
    if (vsew > 3 || (nofn ? vsew == 0 : op->fn[vsew] == NULL))
        illegal(cpu);
    if (vsew == (unsigned)op->hsew &&
        !(dflags & VFP_D_ZVFH) && !((op->flags & F_MIN) && (dflags & VFP_D_ZVFHMIN)))
        illegal(cpu);
    if ((op->flags & F_RM) && g->frm > 4)
        illegal(cpu);
    if (!regs_ok(op, desc, lmul))
        illegal(cpu);
    if ((op->shape == SH_RED || op->shape == SH_WRED) && g->vstart != 0)
        illegal(cpu);

    VfpRun r = {
        .g = g, .op = op, .fn = nofn ? NULL : op->fn[vsew],
        .x = { .cpu = cpu, .rm = g->frm <= 4 ? g->frm : 0, .flags = 0,
               .fast = !(dflags & VFP_D_SOFT) },
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
    vfp_run(cpu, desc, scalar);
}

bool rv_trans_vfp(RVDisas *d, const RVInsn *insn)
{
    (void)d;
    (void)insn;
    return false;
}
