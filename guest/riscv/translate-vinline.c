/*
 * RISC-V vector instructions translated to inline host SIMD (the IR's vector ops, ir-ops.def's
 * vector section) instead of a helper call, when the translator knows vtype (RVDisas.vk: user
 * mode from the block's flags or a vsetvli/vsetivli earlier in the block, vl and vstart then
 * known too, so bad below is the constant 0 for vl = VLMAX) or, full-system, predicts it
 * (before the block's first vsetvli: the translating vCPU's vtype, when its vl was VLMAX; the
 * guard below then also tests vtype).
 *
 * Flow: rv_vinline is tried first by rv_translate_vector. It recognises an instruction by its
 * encoding (funct6/funct3/vm of OP-V, mop/lumop/width of unit-stride loads and stores), checks
 * the static conditions below, lets the owning part translate it (legality, pc store, helper
 * call), takes that helper call back out and emits instead
 *     bad = vstart | (vl ^ VLMAX) [| the access crosses a page];
 *     vop/vld/vst (skip = bad)          or  status = vfop (skip = bad);
 *     vcall (bad): the part's helper        vcall (status): the part's helper
 * so every case the inline code does not cover runs the exact helper, and results are the
 * helpers' bit for bit; no label splits the block (vcall is a conditional call with the
 * registers preserved), but for indexed loads (a label pair). A vl known at translation time
 * (vsetivli, vsetvli rd, x0) drops that term, and a vstart stored 0 earlier in the basic
 * block (vsetvli) the other: bad is then the constant 0 and neither test is emitted. A
 * unit-stride access reuses the page-crossing term of an earlier one in the basic block whose
 * bytes contain its own (the same address temp, or the same root register plus constants:
 * page_bad). Only
 * instructions the translator found legal (desc RV_VDESC_CHECKED) are inlined. The parts must
 * translate these instructions with rv_vgen_call (pc store + one helper call, plus any pure
 * ops computing its scalar); a part that emits other side effects is left alone (no inline).
 *
 * Inline (everything else goes to the part's helper):
 *  - with vtype known, vstart = 0 and vl = VLMAX at run time, or vl known at translation
 *    time (vsetivli; the inline op covers the vl body elements, the tail stays undisturbed),
 *    LMUL 1/8..8, any body size (16-byte multiples for FP: e8 with vl = 4 is inline);
 *  - masked (v0.t, vd not v0), bodies of at most 64 bytes: the integer element-wise ops
 *    below, vrgather.vv and vzext (inactive elements keep vd: a byte mask from v0's bits),
 *    vmerge.vvm/vxm/vim (IR_V_MERGE: b where the mask is set, else a),
 *    and unit-stride loads (inline only with element 0 active, so a fault is element 0's;
 *    nothing at all when no element is active; else the helper);
 *  - mask compares vmseq/vmsne/vmsltu/vmslt/vmsleu/vmsle/vmsgtu/vmsgt (.vv .vx .vi as they
 *    exist, unmasked, at most 64 elements; the bits past vl kept) and the mask logical ops
 *    vmand/vmnand/vmandn/vmxor/vmor/vmnor/vmorn/vmxnor (vl <= 64: IR integer ops on the first
 *    64 bits);
 *  - vslidedown.vi and vslide1down.vx within one register (VLMAX * SEW <= 16 bytes);
 *  - integer, any SEW: vadd/vsub (.vv .vx; vadd .vi), vrsub (.vx .vi), vand/vor/vxor (.vv .vx
 *    .vi), vsll/vsrl/vsra (.vv .vx .vi), vminu/vmin/vmaxu/vmax (.vv .vx), vmul (.vv .vx),
 *    vmacc/vnmsac/vmadd/vnmsub (.vv .vx), vmv.v.v/.v.x/.v.i, vid.v (unmasked, bodies of at
 *    most 64 bytes: constants), vredsum.vs, vrgather.vv at SEW 8
 *    with VLMAX <= 16 (one pshufb; hosts with SSE4.1, else the IR's C), vzext.vf2/vf4/vf8
 *    with a body of at most 16 bytes (pmovzx), and vmv<nr>r.v
 *    (whole registers, tested for vstart = 0 only) (the host code may call
 *    the IR's C semantics for a size its SIMD level lacks: see codegen-vec.c);
 *  - vfredusum.vs/vfredosum.vs (SEW 32/64, unmasked, frm = RNE, exact or helper: both as
 *    the helper's ordered sum), bodies of at most 64 bytes;
 *  - the FP kinds below but vfcvt (arithmetic, fused, vfmv.v.f, the sign injections; the sums
 *    above over 16 bytes) with a vl unknown at translation time over a 16- or 32-byte group:
 *    vfop over the leading vl elements (the back end merges them into vd under a lane mask;
 *    vl = 0, vstart != 0 and what the host's SIMD level lacks: the helper);
 *  - FP, SEW 32/64, frm = RNE, exact or helper (vfop; the third one that checks NX is
 *    preceded by the block's FP guard, translate-fp.c, and it and the later ones trust it:
 *    IR_VF_TRUSTED): vfadd/vfsub/vfmul/vfdiv (.vv .vf),
 *    vfrsub.vf, vfrdiv.vf, vfmacc/vfnmacc/vfmsac/vfnmsac/vfmadd/vfnmadd/vfmsub/vfnmsub (.vv
 *    .vf; hosts with FMA3), vfmv.v.f, vfsgnj/vfsgnjn/vfsgnjx (.vv .vf; vfneg, vfabs: bit
 *    operations, no check but frm not reserved), vfcvt.f.x.v (doubles: at most 8 lanes);
 *  - vfmv.f.s (any vl and vstart) and vfmv.s.f (vl != 0, vstart = 0, a boxed single) at SEW
 *    32/64, vtype known or predicted (vl = VLMAX then): element 0 and f moved as IR, the
 *    helper (for vfmv.f.s its f[rd] taken) for a reserved frm or a predicted vtype that
 *    does not hold;
 *  - unit-stride vle8/16/32/64.v and vse8/16/32/64.v (nf = 1, EEW any with a legal EMUL), user
 *    mode only, not under plugins (their per-access events come from the helper), when the
 *    whole access lies in one guest page (a fault is then the first element's: vstart = 0);
 *    with a vl unknown at translation time and groups of 4..128 bytes, a variable-length
 *    access of vl elements (at least 4 bytes, in one page);
 *  - indexed loads vluxei/vloxei (unmasked, nf = 1, at most 8 elements, no plugins): guest loads
 *    element by element with vstart = i set before element i (a fault in the middle leaves
 *    the helper's state), the helper behind a label when vl/vstart/vtype do not fit (none
 *    when they are known to fit).
 * QELT_VINLINE=0 in the environment turns all of it off (differential tests run both ways).
 * Invariants: nothing here changes RVDisas.vk; register groups are checked aligned (else the
 * part decides, usually illegal instruction).
 */
#include <stddef.h>
#include <stdlib.h>

#include "translate.h"
#include "vector.h"
#include "cpu-ext.h"
#include "guest-cpu.h"
#include "vcpu.h"

enum { VI_INT, VI_FP, VI_LOAD, VI_STORE, VI_MVR, VI_FMVFS, VI_FMVSF, VI_MLOGIC, VI_LOADX };

/* What the encoding asks for. */
typedef struct VPlan {
    int cls;                 /* VI_* */
    int kind;                /* IRVecOp / IRVecFOp kind */
    int b_src;               /* 0 = vs1 vector, 1 = x[rs1], 2 = immediate, 3 = f[rs1] */
    bool uimm;               /* immediate unsigned (shifts) */
    int eew_l2;              /* loads/stores: the access's element width */
} VPlan;

/* OP-V rows: funct6, then the kind for each funct3 class, -1 = not inline. Columns:
 * OPIVV OPIVX OPIVI (integer), OPMVV OPMVX (integer multiply), OPFVV OPFVF. */
typedef struct VRow { uint8_t f6; int8_t ivv, ivx, ivi, mvv, mvx, fvv, fvf; } VRow;
static const VRow vrows[] = {
    /* f6     ivv          ivx          ivi          mvv           mvx         fvv         fvf */
    { 0x00, IR_V_ADD,    IR_V_ADD,    IR_V_ADD,    IR_V_REDSUM,  -1,         IR_VF_ADD,  IR_VF_ADD },
    { 0x01, -1,          -1,          -1,          -1,           -1,         IR_VF_REDSUM, -1 },
    { 0x02, IR_V_SUB,    IR_V_SUB,    -1,          -1,           -1,         IR_VF_SUB,  IR_VF_SUB },
    { 0x03, -1,          IR_V_RSUB,   IR_V_RSUB,   -1,           -1,         IR_VF_REDSUM, -1 },
    { 0x04, IR_V_MINU,   IR_V_MINU,   -1,          -1,           -1,         -1,         -1 },
    { 0x05, IR_V_MIN,    IR_V_MIN,    -1,          -1,           -1,         -1,         -1 },
    { 0x06, IR_V_MAXU,   IR_V_MAXU,   -1,          -1,           -1,         -1,         -1 },
    { 0x07, IR_V_MAX,    IR_V_MAX,    -1,          -1,           -1,         -1,         -1 },
    { 0x09, IR_V_AND,    IR_V_AND,    IR_V_AND,    -1,           -1,         -1,         -1 },
    { 0x0a, IR_V_OR,     IR_V_OR,     IR_V_OR,     -1,           -1,         -1,         -1 },
    { 0x0b, IR_V_XOR,    IR_V_XOR,    IR_V_XOR,    -1,           -1,         -1,         -1 },
    { 0x0c, IR_V_GATHER, -1,          -1,          -1,           -1,         -1,         -1 },
    { 0x0f, -1,          -1,          IR_V_SLIDEDOWN, -1,    IR_V_SLIDE1DOWN, -1,         -1 },
    { 0x17, IR_V_MV,     IR_V_MV,     IR_V_MV,     -1,           -1,         -1,         IR_VF_MV },
    { 0x18, IR_V_MSEQ,   IR_V_MSEQ,   IR_V_MSEQ,   -1,           -1,         -1,         -1 },
    { 0x19, IR_V_MSNE,   IR_V_MSNE,   IR_V_MSNE,   -1,           -1,         -1,         -1 },
    { 0x1a, IR_V_MSLTU,  IR_V_MSLTU,  -1,          -1,           -1,         -1,         -1 },
    { 0x1b, IR_V_MSLT,   IR_V_MSLT,   -1,          -1,           -1,         -1,         -1 },
    { 0x1c, IR_V_MSLEU,  IR_V_MSLEU,  IR_V_MSLEU,  -1,           -1,         -1,         -1 },
    { 0x1d, IR_V_MSLE,   IR_V_MSLE,   IR_V_MSLE,   -1,           -1,         -1,         -1 },
    { 0x1e, -1,          IR_V_MSGTU,  IR_V_MSGTU,  -1,           -1,         -1,         -1 },
    { 0x1f, -1,          IR_V_MSGT,   IR_V_MSGT,   -1,           -1,         -1,         -1 },
    { 0x20, -1,          -1,          -1,          -1,           -1,         IR_VF_DIV,  IR_VF_DIV },
    { 0x21, -1,          -1,          -1,          -1,           -1,         -1,         IR_VF_RDIV },
    { 0x24, -1,          -1,          -1,          -1,           -1,         IR_VF_MUL,  IR_VF_MUL },
    { 0x25, IR_V_SLL,    IR_V_SLL,    IR_V_SLL,    IR_V_MUL,     IR_V_MUL,   -1,         -1 },
    { 0x27, -1,          -1,          -1,          -1,           -1,         -1,         IR_VF_RSUB },
    { 0x28, IR_V_SRL,    IR_V_SRL,    IR_V_SRL,    -1,           -1,         IR_VF_MADD, IR_VF_MADD },
    { 0x29, IR_V_SRA,    IR_V_SRA,    IR_V_SRA,    IR_V_MADD,    IR_V_MADD,  IR_VF_NMADD, IR_VF_NMADD },
    { 0x2a, -1,          -1,          -1,          -1,           -1,         IR_VF_MSUB, IR_VF_MSUB },
    { 0x2b, -1,          -1,          -1,          IR_V_NMSUB,   IR_V_NMSUB, IR_VF_NMSUB, IR_VF_NMSUB },
    { 0x2c, -1,          -1,          -1,          -1,           -1,         IR_VF_MACC, IR_VF_MACC },
    { 0x2d, -1,          -1,          -1,          IR_V_MACC,    IR_V_MACC,  IR_VF_NMACC, IR_VF_NMACC },
    { 0x2e, -1,          -1,          -1,          -1,           -1,         IR_VF_MSAC, IR_VF_MSAC },
    { 0x2f, -1,          -1,          -1,          IR_V_NMSAC,   IR_V_NMSAC, IR_VF_NMSAC, IR_VF_NMSAC },
    /* FP-only rows of funct6 values the integer rows above also use (first match wins) */
    { 0x08, -1,          -1,          -1,          -1,           -1,         IR_VF_SGNJ, IR_VF_SGNJ },
    { 0x09, -1,          -1,          -1,          -1,           -1,         IR_VF_SGNJN, IR_VF_SGNJN },
    { 0x0a, -1,          -1,          -1,          -1,           -1,         IR_VF_SGNJX, IR_VF_SGNJX },
};

static bool plan_opv(uint32_t w, VPlan *p)
{
    unsigned f6 = w >> 26, f3 = (w >> 12) & 7, vs2 = (w >> 20) & 31, imm = (w >> 15) & 31;
    if (f6 == 0x27 && f3 == 3) {     /* vmv<nr>r.v: nr = imm + 1 whole registers */
        if (imm != 0 && imm != 1 && imm != 3 && imm != 7)
            return false;
        *p = (VPlan){ VI_MVR, IR_V_MV, 0, false, __builtin_ctz(imm + 1) };
        return true;
    }
    if (f6 == 0x12 && f3 == 2 && (imm == 2 || imm == 4 || imm == 6)) {   /* vzext.vf8/4/2 */
        *p = (VPlan){ VI_INT, IR_V_ZEXT8 - (int)(imm / 2 - 1), 0, false, 0 };
        return true;
    }
    if (f6 == 0x10 && ((f3 == 1 && imm == 0) || (f3 == 5 && vs2 == 0))) {
        *p = (VPlan){ f3 == 1 ? VI_FMVFS : VI_FMVSF, 0, 0, false, 0 };   /* vfmv.f.s, .s.f */
        return true;
    }
    if (f6 >= 0x18 && f6 <= 0x1f && f3 == 2) {   /* vmandn ... vmxnor (.mm): kind = f6 & 7 */
        *p = (VPlan){ VI_MLOGIC, (int)(f6 & 7), 0, false, 0 };
        return true;
    }
    if (f6 == 0x17 && !(w >> 25 & 1) && f3 <= 4 && f3 != 1 && f3 != 2) {   /* vmerge.vvm/vxm/vim */
        static const int8_t src[5] = { 0, -1, -1, 2, 1 };
        *p = (VPlan){ VI_INT, IR_V_MERGE, src[f3], false, 0 };
        return true;
    }
    if (f6 == 0x14 && f3 == 2 && imm == 0x11 && vs2 == 0) {   /* vid.v (VMUNARY0, vs1 = 17) */
        *p = (VPlan){ VI_INT, IR_V_ID, 0, false, 0 };
        return true;
    }
    if (f6 == 0x12 && f3 == 1 && imm == 3) {   /* vfcvt.f.x.v (VFUNARY0, vs1 = 3) */
        *p = (VPlan){ VI_FP, IR_VF_CVTFX, 0, false, 0 };
        return true;
    }
    for (size_t i = 0; i < sizeof vrows / sizeof vrows[0]; i++) {
        const VRow *r = &vrows[i];
        if (r->f6 != f6)
            continue;
        static const int8_t cls_of[8] = { VI_INT, VI_FP, VI_INT, VI_INT, VI_INT, VI_FP, VI_INT, -1 };
        static const int8_t src_of[8] = { 0, 0, 0, 2, 1, 3, 1, -1 };
        int k[8] = { r->ivv, r->fvv, r->mvv, r->ivi, r->ivx, r->fvf, r->mvx, -1 };
        if (k[f3] < 0)
            continue;
        *p = (VPlan){ cls_of[f3], k[f3], src_of[f3], (f6 >= 0x25 && f6 <= 0x29) || f6 == 0x0f, 0 };
        bool mv = f6 == 0x17;
        if (mv && vs2 != 0)          /* vmv.v.* / vfmv.v.f have vs2 = 0 (vm = 1: not vmerge) */
            return false;
        if (p->kind == IR_V_REDSUM && p->cls == VI_INT && f3 != 2)
            return false;
        return true;
    }
    return false;
}

/* Unit-stride vle<eew>.v / vse<eew>.v with nf = 1 (not fault-first, mask or whole-register). */
static bool plan_mem(uint32_t w, VPlan *p)
{
    unsigned opc = w & 0x7f, width = (w >> 12) & 7, lumop = (w >> 20) & 31, mop = (w >> 26) & 3;
    static const int8_t eew[8] = { 0, -1, -1, -1, -1, 1, 2, 3 };
    if (opc == 0x07 && (w >> 28) == 0 && (mop == 1 || mop == 3) && eew[width] >= 0) {
        *p = (VPlan){ VI_LOADX, 0, 0, false, eew[width] };   /* vluxei / vloxei, nf = 1 */
        return true;
    }
    if ((opc != 0x07 && opc != 0x27) || (w >> 26) != 0 || lumop != 0)   /* nf, mew, mop = 0 */
        return false;
    if (eew[width] < 0)
        return false;
    *p = (VPlan){ opc == 0x07 ? VI_LOAD : VI_STORE, 0, 0, false, eew[width] };
    return true;
}

/* f[r] as a value: its global, or read from env if the front end has none. */
static IRTemp fpr_value(IRContext *c, int r)
{
    int off = (int)offsetof(GuestState, f[r]);
    for (int t = 0; t < c->nb_globals; t++)
        if (c->temps[t].env_offset == off)
            return (IRTemp)t;
    IRTemp v = ir_temp(c);
    ir_ld_env(c, v, off, MO_Q);
    return v;
}

#define ENV_PC     ((int64_t)offsetof(GuestState, pc))
#define ENV_VSTART ((int)offsetof(GuestState, vstart))
#define ENV_VL     ((int)offsetof(GuestState, vl))
#define ENV_VTYPE  ((int)offsetof(GuestState, vtype))

/* How many vfops of the block so far check fflags.NX and frm themselves (not trusted, not the
 * bit operations). The block's FP guard (7 host instructions) comes before the third, as an
 * exit to that instruction (nothing of it has run: harvest leaves no side effect), so a block
 * with only two (lu's loop) pays no guard that nothing uses; each check it spares costs 4. */
static int nx_checks(const IRContext *c)
{
    int n = 0;
    for (int i = 0; i < c->nb_ops; i++) {
        int vop = (int)c->ops[i].args[4], kind = IR_VEC_KIND(vop);
        n += c->ops[i].opc == IR_OP_vfop && !(vop & IR_VF_TRUSTED) &&
             (kind < IR_VF_MV || kind > IR_VF_SGNJX);
    }
    return n;
}

/* Whether vstart is 0 here for sure: a store of constant 0 to it (vsetvli, an inline vmv.x.s)
 * earlier in this basic block, with no other store to it nor a call since (the vcall slow
 * paths' helpers leave vstart = 0 when they return). */
static bool vstart_zero(const RVDisas *d)
{
    const IRContext *c = d->ir;
    for (int i = c->nb_ops - 1; i >= 0; i--) {
        const IROp *o = &c->ops[i];
        if ((ir_op_defs[o->opc].flags & IRF_BB_END) || o->opc == IR_OP_call)
            return false;
        if (o->opc == IR_OP_st_env && o->args[1] == ENV_VSTART)
            return ir_is_const(c, (IRTemp)o->args[0]) && c->temps[o->args[0]].val == 0;
    }
    return false;
}

/* The temp that is nonzero unless vstart = 0 and vl = VLMAX (or vl is known at translation
 * time: the inline op then covers exactly vl elements): computed once and reused by the
 * next inline instructions while nothing can have changed vl, vtype or vstart (no block
 * boundary, helper call or store to them since). It is recognised by its first op, a 32-bit
 * read of vstart (nothing else reads it that way; vstart < 2^32), scanning back the block;
 * a constant 0 when vstart is known 0 (vstart_zero), vtype known and vl known. */
static IRTemp vl_bad(RVDisas *d, uint64_t vlmax)
{
    IRContext *c = d->ir;
    for (int i = c->nb_ops - 1; i >= 0; i--) {
        const IROp *o = &c->ops[i];
        if ((ir_op_defs[o->opc].flags & IRF_BB_END) || o->opc == IR_OP_call)
            break;
        if (o->opc == IR_OP_st_env &&
            (o->args[1] == ENV_VL || o->args[1] == ENV_VSTART || o->args[1] == ENV_VTYPE))
            break;
        if (o->opc == IR_OP_ld_env && o->args[1] == ENV_VSTART && o->args[2] == MO_UL)
            return (IRTemp)o->args[0];
    }
    uint64_t vl;
    bool vstart0 = d->vk.vstart0 || vstart_zero(d);
    if (vstart0 && !d->vk.predicted && rv_vknown_vl(d, &vl))
        return ir_const(c, 0);
    IRTemp bad = ir_temp(c);
    ir_ld_env(c, bad, ENV_VSTART, MO_UL);
    if (d->vk.predicted) {         /* the guard of a predicted vtype (rv_vguess_vtype) */
        IRTemp t = ir_temp(c);
        ir_ld_env(c, t, ENV_VTYPE, MO_Q);
        ir_opi(c, IR_OP_xor, IR_I64, t, t, (int64_t)d->vk.vtype);
        ir_or(c, bad, bad, t);
    }
    if (!rv_vknown_vl(d, &vl)) {   /* a known vl (vsetivli, vsetvli rd, x0) needs no test */
        IRTemp t = ir_temp(c);
        ir_ld_env(c, t, ENV_VL, MO_Q);
        ir_opi(c, IR_OP_xor, IR_I64, t, t, (int64_t)vlmax);
        ir_or(c, bad, bad, t);
    }
    return bad;
}

static bool ir_writes(const IROp *o, IRTemp t)
{
    for (int k = 0; k < o->nb_out; k++)
        if ((IRTemp)o->args[k] == t)
            return true;
    return false;
}

static bool ir_writes_in(const IRContext *c, IRTemp t, int from, int to)
{
    for (int j = from; j < to; j++)
        if (ir_writes(&c->ops[j], t))
            return true;
    return false;
}

/* The value of address temp a before op `pos` as root + off: root is the source of the add of
 * a constant that last wrote a (when the root was not written since), else a itself. *since:
 * from where on the root must stay unwritten for the value to be the same. */
static IRTemp addr_root(const IRContext *c, IRTemp a, int pos, int64_t *off, int *since)
{
    *off = 0;
    *since = pos;
    for (int i = pos - 1; i >= 0; i--) {
        const IROp *o = &c->ops[i];
        if ((ir_op_defs[o->opc].flags & IRF_BB_END) || o->opc == IR_OP_call)
            return a;                /* a helper may write the root: only a itself */
        if (!ir_writes(o, a))
            continue;
        IRTemp x = (IRTemp)o->args[1], k = (IRTemp)o->args[2];
        if (o->opc == IR_OP_add && o->type == IR_I64 && x != a && ir_is_const(c, k) &&
            !ir_writes_in(c, x, i + 1, pos)) {
            *off = c->temps[k].val;
            *since = i + 1;
            return x;
        }
        return a;
    }
    return a;
}

/* The skip condition of an earlier unmasked vld/vst of this basic block whose bytes contain
 * [a, a + n) (the same address temp, or both the same root register plus constants: sp + 8
 * written again as sp + 8, a5 + 4 inside a5 + [0, 8)) and with the same `bad`, when neither
 * the root nor that condition was written since (and no helper call came between): it says
 * already whether those bytes lie in one page, so the access reuses it (and the back end the
 * address's range check when the temp is the same, see codegen-vec.c). IR_NOTEMP: none. The
 * condition is recognised by its `or` with bad. */
static IRTemp page_bad(RVDisas *d, IRTemp a, IRTemp bad, int n)
{
    IRContext *c = d->ir;
    int64_t off;
    int since;
    IRTemp root = addr_root(c, a, c->nb_ops, &off, &since);
    for (int i = c->nb_ops - 1; i >= 0; i--) {
        const IROp *o = &c->ops[i];
        if ((ir_op_defs[o->opc].flags & IRF_BB_END) || o->opc == IR_OP_call)
            return IR_NOTEMP;
        if (ir_writes(o, root))      /* root not written in [since, now) */
            return IR_NOTEMP;
        if (o->opc != IR_OP_vld && o->opc != IR_OP_vst)
            continue;
        int64_t off_i;
        int since_i;
        if (o->args[4] != 0 ||
            addr_root(c, (IRTemp)o->args[0], i, &off_i, &since_i) != root ||
            ir_writes_in(c, root, since_i, c->nb_ops) ||
            off < off_i || off + n > off_i + o->args[3])
            continue;
        IRTemp s = (IRTemp)o->args[1];
        if (ir_is_const(c, s) || ir_writes_in(c, s, i + 1, c->nb_ops))
            return IR_NOTEMP;
        for (int j = i - 1; j >= 0; j--) {   /* s = bad | page term */
            const IROp *p = &c->ops[j];
            if ((ir_op_defs[p->opc].flags & IRF_BB_END))
                return IR_NOTEMP;
            if (!ir_writes(p, s))
                continue;
            IRTemp b = p->opc == IR_OP_or ? (IRTemp)p->args[1] : IR_NOTEMP;
            bool same = b == bad || (b != IR_NOTEMP && ir_is_const(c, b) && ir_is_const(c, bad) &&
                                     c->temps[b].val == c->temps[bad].val);
            return same ? s : IR_NOTEMP;
        }
        return IR_NOTEMP;
    }
    return IR_NOTEMP;
}

/* Unit-stride vle/vse with vl known only at run time and a group of 4 to 128 bytes (strip-
 * mined loops' last pass, short copies such as memcpy's e8,m8 loop): vl elements as a
 * variable-length access (vldl/vstl), the helper for vstart != 0, a predicted vtype that does
 * not hold, fewer than 4 bytes or an access crossing a page. */
/* Nonzero when vstart != 0 or a predicted vtype does not hold: the slow-path term of the ops
 * that take a run-time vl. vstart is read 64 bits wide (vl_bad's marker is the 32-bit read). */
static IRTemp vstart_bad(RVDisas *d)
{
    IRContext *c = d->ir;
    IRTemp bad = ir_temp(c);
    if (d->vk.vstart0)
        ir_movi(c, bad, 0);
    else
        ir_ld_env(c, bad, ENV_VSTART, MO_Q);
    if (d->vk.predicted) {
        IRTemp t = ir_temp(c);
        ir_ld_env(c, t, ENV_VTYPE, MO_Q);
        ir_opi(c, IR_OP_xor, IR_I64, t, t, (int64_t)d->vk.vtype);
        ir_or(c, bad, bad, t);
    }
    return bad;
}

static void gen_mem_len(RVDisas *d, bool store, IRTemp addr, int l2, int reg_off, int n,
                        void *fn, IRTemp desc, IRTemp scalar)
{
    IRContext *c = d->ir;
    IRTemp bad = vstart_bad(d), len = ir_temp(c), t = ir_temp(c);
    ir_ld_env(c, len, ENV_VL, MO_Q);
    ir_opi(c, IR_OP_shl, IR_I64, len, len, l2);
    ir_setcond(c, IR_I64, IR_LTU, t, len, ir_const(c, 4));
    ir_or(c, bad, bad, t);
    ir_opi(c, IR_OP_and, IR_I64, t, addr, GUEST_PAGE_SIZE - 1);
    ir_add(c, t, t, len);
    ir_setcond(c, IR_I64, IR_GTU, t, t, ir_const(c, GUEST_PAGE_SIZE));
    ir_or(c, bad, bad, t);
    ir_vmem_len(c, store, addr, bad, len, reg_off, n);
    ir_vcall(c, bad, fn, desc, scalar, d->pc);
}

static bool aligned_group(unsigned reg, int emul_log2)
{
    return emul_log2 <= 0 || reg % (1u << emul_log2) == 0;
}

/* The part's translation of the instruction when it is pc store + one helper call (+ pure
 * ops): that call is taken out (*fn, *desc, *scalar) for a vcall. False: leave it as it is
 * (also when the part found the instruction illegal or did not take it: *done says). */
static bool harvest(RVDisas *d, const RVInsn *in, int cls, void **fn, IRTemp *desc,
                    IRTemp *scalar, bool *done)
{
    IRContext *c = d->ir;
    int mark = c->nb_ops;
    bool part = cls == VI_LOAD || cls == VI_STORE ? rv_trans_vmem(d, in)
              : cls == VI_FP ? rv_trans_vfp(d, in) : rv_trans_vint(d, in);
    *done = part;
    if (!part || d->is_jmp == RV_DISAS_NORETURN || d->is_jmp == RV_DISAS_EXCLUDED)
        return false;
    IROp *call = NULL, *pc_store = NULL;
    for (int i = mark; i < c->nb_ops; i++) {
        IROp *o = &c->ops[i];
        if (o->opc == IR_OP_call && !call && o->nb_out == 0 && o->nb_in == 2 &&
            (o->call_flags & ~IR_CALL_NO_WG) == IR_CALL_ENV)
            call = o;
        else if (o->opc == IR_OP_st_env && !pc_store && o->args[1] == ENV_PC)
            pc_store = o;
        else if (o->opc != IR_OP_nop && (ir_op_defs[o->opc].flags & IRF_SIDE))
            return false;            /* not the usual shape: leave the part's code alone */
    }
    /* legal as the translator checked it (not left to the helper's run-time check) */
    if (!call || !ir_is_const(c, (IRTemp)call->args[0]) ||
        !(c->temps[call->args[0]].val & RV_VDESC_CHECKED))
        return false;
    *fn = call->fn;
    *desc = (IRTemp)call->args[0];
    *scalar = (IRTemp)call->args[1];
    call->opc = IR_OP_nop;           /* vcall calls it, and stores the pc itself */
    call->nb_in = 0;
    if (pc_store) {
        pc_store->opc = IR_OP_nop;
        pc_store->nb_in = 0;
        pc_store->nb_const = 0;
    }
    return true;
}

/* vmv<nr>r.v: nr whole registers, whatever vl (vstart = 0 only). */
static bool gen_mvr(RVDisas *d, const RVInsn *in, int nr_log2)
{
    if (!aligned_group(in->rd, nr_log2) || !aligned_group(in->rs2, nr_log2))
        return false;
    void *fn;
    IRTemp desc, scalar;
    bool done;
    if (!harvest(d, in, VI_MVR, &fn, &desc, &scalar, &done))
        return done;
    IRContext *c = d->ir;
    int base = (int)offsetof(VCPU, g.vreg);
    IRTemp bad = ir_temp(c);
    if (d->vk.vstart0)
        ir_movi(c, bad, 0);
    else
        ir_ld_env(c, bad, ENV_VSTART, MO_Q);
    ir_vop(c, IR_VEC_OP(IR_V_MV, 3, 0), base + (int)(in->rd * d->vlenb), base,
           base + (int)(in->rs2 * d->vlenb), (int)(d->vlenb << nr_log2), ir_const(c, 0), bad);
    ir_vcall(c, bad, fn, desc, scalar, d->pc);
    return true;
}

/* The slow-path condition of vfmv.f.s / vfmv.s.f: a reserved frm (the part raises illegal,
 * F_RM) or a predicted vtype that does not hold. */
static IRTemp fmv_bad(RVDisas *d, uint64_t vtype)
{
    IRContext *c = d->ir;
    IRTemp bad = ir_temp(c);
    ir_ld_env(c, bad, (int)offsetof(GuestState, frm), MO_UL);
    ir_setcond(c, IR_I64, IR_GTU, bad, bad, ir_const(c, 4));
    if (d->vk.predicted) {
        IRTemp t = ir_temp(c);
        ir_ld_env(c, t, ENV_VTYPE, MO_Q);
        ir_opi(c, IR_OP_xor, IR_I64, t, t, (int64_t)vtype);
        ir_or(c, bad, bad, t);
    }
    return bad;
}

/* vfmv.f.s (any vl and vstart): f[rd] = element 0 of vs2 (a single NaN-boxed), vstart = 0;
 * vfmv.s.f (vl != 0, vstart = 0; a single operand NaN-boxed): element 0 of vd = f[rs1]. SEW
 * 32/64. Otherwise (fmv_bad too) the helper runs, and for vfmv.f.s its f[rd] is taken. */
static bool gen_fmv(RVDisas *d, const RVInsn *in, uint64_t vtype, bool to_f)
{
    unsigned sew_l2 = RV_VTYPE_VSEW(vtype);
    if (sew_l2 < 2 || sew_l2 > 3)
        return false;
    void *fn;
    IRTemp desc, scalar;
    bool done;
    if (!harvest(d, in, VI_FP, &fn, &desc, &scalar, &done))
        return done;
    IRContext *c = d->ir;
    IRTemp bad = fmv_bad(d, vtype);
    int mo = sew_l2 == 2 ? MO_UL : MO_Q;
    if (!to_f) {
        int off = (int)(offsetof(GuestState, vreg) + in->rd * d->vlenb);
        IRTemp t = ir_temp(c), old = ir_temp(c), v = ir_temp(c);
        ir_ld_env(c, t, ENV_VSTART, MO_Q);
        ir_or(c, bad, bad, t);
        ir_ld_env(c, t, ENV_VL, MO_Q);
        ir_setcond(c, IR_I64, IR_EQ, t, t, ir_const(c, 0));
        ir_or(c, bad, bad, t);
        if (sew_l2 == 2) {                       /* not NaN-boxed: the helper */
            ir_opi(c, IR_OP_shr, IR_I64, t, scalar, 32);
            ir_opi(c, IR_OP_xor, IR_I64, t, t, 0xffffffff);
            ir_or(c, bad, bad, t);
        }
        ir_ld_env(c, old, off, mo);
        ir_movcond(c, IR_I64, IR_NE, v, bad, ir_const(c, 0), old, scalar);
        ir_st_env(c, v, off, mo);
        ir_vcall(c, bad, fn, desc, scalar, d->pc);
        return true;
    }
    bool vstart0 = d->vk.vstart0 || vstart_zero(d);
    ir_vcall(c, bad, fn, desc, scalar, d->pc);
    int off = (int)offsetof(GuestState, f[in->rd]);
    IRTemp v = ir_temp(c), fd = fpr_value(c, (int)in->rd);
    ir_ld_env(c, v, (int)(offsetof(GuestState, vreg) + in->rs2 * d->vlenb), mo);
    if (sew_l2 == 2)
        ir_opi(c, IR_OP_or, IR_I64, v, v, (int64_t)0xffffffff00000000ull);
    if (d->vk.predicted) {
        IRTemp slow = ir_temp(c);
        ir_ld_env(c, slow, off, MO_Q);           /* the helper's result when it ran */
        ir_movcond(c, IR_I64, IR_NE, fd, bad, ir_const(c, 0), slow, v);
    } else {   /* bad is a reserved frm alone: the helper raises illegal, never returns */
        ir_mov(c, fd, v);
    }
    if ((int)fd >= c->nb_globals)
        ir_st_env(c, fd, off, MO_Q);
    if (!vstart0)   /* else it is 0 already */
        ir_st_env(c, ir_const(c, 0), ENV_VSTART, MO_Q);
    return true;
}

/* vmandn/vmand/vmor/vmxor/vmorn/vmnand/vmnor/vmxnor (kind = funct6 & 7) with vl <= 64 (vl =
 * VLMAX, or known): the first 64 bits of each mask as IR integer ops, bits past vl kept; the
 * result is stored only when bad is 0 (else the helper runs). */
static bool gen_mlogic(RVDisas *d, const RVInsn *in, int kind, uint64_t vtype)
{
    uint64_t vlmax = rv_vlmax(d->vlenb, vtype), vl;
    uint64_t bits = rv_vknown_vl(d, &vl) ? vl : vlmax;
    if (bits == 0 || bits > 64)
        return false;
    void *fn;
    IRTemp desc, scalar;
    bool done;
    if (!harvest(d, in, VI_MLOGIC, &fn, &desc, &scalar, &done))
        return done;
    IRContext *c = d->ir;
    int base = (int)offsetof(VCPU, g.vreg), vb = (int)d->vlenb;
    IRTemp bad = vl_bad(d, vlmax);
    IRTemp a = ir_temp(c), b = ir_temp(c), old = ir_temp(c), r = ir_temp(c);
    ir_ld_env(c, a, base + (int)in->rs2 * vb, MO_Q);
    ir_ld_env(c, b, base + (int)in->rs1 * vb, MO_Q);
    ir_ld_env(c, old, base + (int)in->rd * vb, MO_Q);
    if (kind == 0 || kind == 4)                       /* vmandn, vmorn: ~vs1 */
        ir_not(c, b, b);
    static const IROpcode base_op[8] = { IR_OP_and, IR_OP_and, IR_OP_or, IR_OP_xor,
                                         IR_OP_or, IR_OP_and, IR_OP_or, IR_OP_xor };
    ir_op2(c, base_op[kind], IR_I64, r, a, b);
    if (kind >= 5)                                    /* vmnand, vmnor, vmxnor */
        ir_not(c, r, r);
    if (bits < 64) {                                  /* bits past vl: the old ones */
        uint64_t low = (1ull << bits) - 1;
        IRTemp t = ir_temp(c);
        ir_opi(c, IR_OP_and, IR_I64, r, r, (int64_t)low);
        ir_opi(c, IR_OP_and, IR_I64, t, old, (int64_t)~low);
        ir_or(c, r, r, t);
    }
    bool never = ir_is_const(c, bad) && c->temps[bad].val == 0;   /* no helper path */
    if (!never)
        ir_movcond(c, IR_I64, IR_NE, r, bad, ir_const(c, 0), old, r);
    ir_st_env(c, r, base + (int)in->rd * vb, MO_Q);
    if (!never)
        ir_vcall(c, bad, fn, desc, scalar, d->pc);
    return true;
}

/* Indexed loads vluxei/vloxei (unmasked, nf = 1) of at most 8 elements (vl = VLMAX or known):
 * element by element as guest loads in order, each stored to vd at once, vstart = i set
 * before element i's access, so a fault in the middle leaves what the helper would (elements
 * before i written, vstart = i); plugins see one access per element. A label pair separates
 * this from the helper path (bad). Indices (zero-extended, index EEW) are all read first: vd
 * may overlap vs2. */
static bool gen_loadx(RVDisas *d, const RVInsn *in, int ieew_l2, uint64_t vtype)
{
    unsigned sew_l2 = RV_VTYPE_VSEW(vtype);
    uint64_t vlmax = rv_vlmax(d->vlenb, vtype), vl;
    uint64_t cnt = rv_vknown_vl(d, &vl) ? vl : vlmax;
    if (cnt == 0 || cnt > 8 || (sew_l2 == 3 && !(d->isa & RV_EXT_BIT(ZVE64X))) ||
        d->te->plugin_ctx)   /* plugins: the helper's events (as for unit-stride accesses) */
        return false;
    void *fn;
    IRTemp desc, scalar;
    bool done;
    if (!harvest(d, in, VI_LOAD, &fn, &desc, &scalar, &done))
        return done;
    IRContext *c = d->ir;
    int64_t desc_val = c->temps[desc].val;
    int base = (int)offsetof(VCPU, g.vreg), vb = (int)d->vlenb;
    /* bad known 0 (vtype, vl and vstart known here): no helper path, no label */
    IRTemp bad = vl_bad(d, vlmax);
    bool helper = !ir_is_const(c, bad) || c->temps[bad].val != 0;
    IRLabel slow = helper ? ir_label(c) : 0, end = helper ? ir_label(c) : 0;
    if (helper)
        ir_brcond(c, IR_I64, IR_NE, bad, ir_const(c, 0), slow);
    IRTemp idx[8], x = rv_get_gpr(d, (int)in->rs1);
    for (uint64_t i = 0; i < cnt; i++) {
        idx[i] = ir_temp(c);
        ir_ld_env(c, idx[i], base + (int)in->rs2 * vb + (int)(i << ieew_l2), (IRMemOp)ieew_l2);
    }
    for (uint64_t i = 0; i < cnt; i++) {
        IRTemp v = ir_temp(c);
        ir_add(c, idx[i], x, idx[i]);
        if (i)
            ir_st_env(c, ir_const(c, (int64_t)i), ENV_VSTART, MO_Q);
        ir_gld(c, v, idx[i], rv_mo(d, (IRMemOp)sew_l2));
        ir_st_env(c, v, base + (int)in->rd * vb + (int)(i << sew_l2), (IRMemOp)sew_l2);
    }
    if (cnt > 1)
        ir_st_env(c, ir_const(c, 0), ENV_VSTART, MO_Q);
    if (!helper)
        return true;
    ir_br(c, end);
    ir_set_label(c, slow);
    ir_vcall(c, ir_const(c, 1), fn, ir_const(c, desc_val), rv_get_gpr(d, (int)in->rs1), d->pc);
    ir_set_label(c, end);
    return true;
}

bool rv_vinline(RVDisas *d, const RVInsn *in)
{
    uint32_t w = in->raw;
    uint64_t vtype;
    if (in->len != 4 || !rv_vguess_vtype(d, &vtype) || (vtype & RV_VTYPE_VILL))
        return false;
    const char *env = getenv("QELT_VINLINE");
    if (env && env[0] == '0')
        return false;
    VPlan p;
    if (!((w & 0x7f) == 0x57 && plan_opv(w, &p)) && !plan_mem(w, &p))
        return false;
    /* masked (v0.t): integer element-wise ops (not vmerge, not the reduction, not the
     * compares) and loads, at most 64 bytes (checked below) */
    bool masked = !in->vm, mcmp = p.cls == VI_INT && IR_V_IS_MCMP(p.kind);
    if (masked && (in->rd == 0 ||   /* vd over v0: the helper (mask bits read as written) */
                   !(p.cls == VI_LOAD || (p.cls == VI_INT && IR_V_MASKED_OK(p.kind)))))
        return false;
    /* user mode: a vl not known here is not VLMAX (translate.h), so code for vl = VLMAX would
     * never run: only the variable-length accesses and what does not depend on vl */
    uint64_t kvl;
    bool vl_unknown = !d->te->sys && !rv_vknown_vl(d, &kvl);
    /* ... and the FP kinds over a 16- or 32-byte group (vfop with a run-time vl: the checked
     * ones, the sums over 16 bytes, vfmv.v.f and the sign injections; the back end's status
     * sends what its host level lacks to the helper) */
    bool fred = p.cls == VI_FP && p.kind == IR_VF_REDSUM;
    uint64_t gbytes = rv_vlmax(d->vlenb, vtype) << RV_VTYPE_VSEW(vtype);
    bool fp_len = vl_unknown && p.cls == VI_FP && !masked &&
                  (fred ? gbytes == 16 : p.kind <= IR_VF_SGNJX && (gbytes == 16 || gbytes == 32));
    if (vl_unknown && !fp_len && (masked || p.cls == VI_MLOGIC || p.cls == VI_LOADX ||
                                  p.cls == VI_INT || p.cls == VI_FP))
        return false;
    if (p.cls == VI_MLOGIC)
        return gen_mlogic(d, in, p.kind, vtype);
    if (p.cls == VI_LOADX)
        return !masked && gen_loadx(d, in, p.eew_l2, vtype);
    if (p.cls == VI_MVR)
        return gen_mvr(d, in, p.eew_l2);
    if (p.cls == VI_FMVFS || p.cls == VI_FMVSF)
        return gen_fmv(d, in, vtype, p.cls == VI_FMVFS);
    int sew_l2 = (int)RV_VTYPE_VSEW(vtype), lmul = rv_vlmul_log2(vtype);
    uint64_t vlmax = rv_vlmax(d->vlenb, vtype);
    unsigned vd = in->rd, vs2 = in->rs2, vs1 = in->rs1;
    int l2 = sew_l2, n, emul = lmul;
    bool mem = p.cls == VI_LOAD || p.cls == VI_STORE;
    if (mem) {
        if (d->te->sys || d->te->plugin_ctx)
            return false;
        l2 = p.eew_l2;
        emul = lmul + l2 - sew_l2;
        if (emul < -3 || emul > 3)
            return false;
    }
    uint64_t vl;
    n = (int)((rv_vknown_vl(d, &vl) ? vl : vlmax) << l2);   /* the body: vl elements */
    if (n == 0 || (vl_unknown && (n < 4 || n > 128)))   /* gen_mem_len's range */
        return false;
    if ((p.cls == VI_FP && (fred ? n > 64 : n % 16)) || n > IR_VEC_MAX_BYTES || (masked && n > 64))
        return false;
    if (p.cls == VI_FP && (l2 < 2 || (l2 == 3 && !(d->isa & RV_EXT_BIT(ZVE64D)))))
        return false;
    if (l2 == 3 && !(d->isa & RV_EXT_BIT(ZVE64X)))
        return false;
    if (p.kind == IR_V_GATHER && p.cls == VI_INT &&
        (l2 != 0 || vlmax > 16 || vd == vs2 || vd == vs1))
        return false;   /* a byte shuffle inside 16 bytes (one register); overlaps: the part's */
    if ((p.kind == IR_V_SLIDEDOWN || p.kind == IR_V_SLIDE1DOWN) && p.cls == VI_INT &&
        (vlmax << l2) > 16)
        return false;   /* byte shifts inside one register */
    bool zext = p.cls == VI_INT && p.kind >= IR_V_ZEXT2 && p.kind <= IR_V_ZEXT8;
    if (zext) {   /* LMUL <= 1, SEW/f and its EMUL legal, vd not vs2: else the part's */
        int f2 = p.kind - IR_V_ZEXT2 + 1;
        if (n > 16 || lmul > 0 || l2 < f2 || lmul - f2 < -3 || vd == vs2)
            return false;
    } else if (((p.kind == IR_V_REDSUM || mcmp) && p.cls == VI_INT) || fred) {
        /* vd (and the reduction's vs1): one register; the compares' vs1 a group */
        if (!aligned_group(vs2, lmul) || (mcmp && p.b_src == 0 && !aligned_group(vs1, lmul)))
            return false;
    } else if (!aligned_group(vd, emul)) {
        return false;
    } else if (!mem && (!aligned_group(vs2, lmul) ||
                        (p.b_src == 0 && p.kind != IR_VF_CVTFX &&
                         !(p.cls == VI_INT && p.kind == IR_V_ID) && !aligned_group(vs1, lmul)))) {
        return false;
    }

    /* The part's own translation first: it checks legality (maybe illegal: then that is all)
     * and emits pc store + helper call, which becomes the conditional slow path. */
    void *fn;
    IRTemp desc, scalar;
    bool done;
    if (!harvest(d, in, p.cls, &fn, &desc, &scalar, &done))
        return done;
    IRContext *c = d->ir;
    int base = (int)offsetof(VCPU, g.vreg);
    int d_off = base + (int)(vd * d->vlenb), a_off = base + (int)(vs2 * d->vlenb);
    if (mem && !masked && !rv_vknown_vl(d, &vl) && n >= 4 && n <= 128) {
        gen_mem_len(d, p.cls == VI_STORE, scalar, l2, d_off, n, fn, desc, scalar);
        return true;
    }
    int b_off = base + (int)(vs1 * d->vlenb);
    /* bad != 0: the helper runs instead (vl != VLMAX, vstart != 0, a page crossing) */
    IRTemp bad = fp_len ? vstart_bad(d) : vl_bad(d, vlmax);
    if (mem) {
        IRTemp t = ir_temp(c), b2 = masked ? IR_NOTEMP : page_bad(d, scalar, bad, n);
        if (b2 == IR_NOTEMP) {
            b2 = ir_temp(c);
            ir_opi(c, IR_OP_and, IR_I64, t, scalar, GUEST_PAGE_SIZE - 1);
            ir_setcond(c, IR_I64, IR_GTU, t, t, ir_const(c, GUEST_PAGE_SIZE - n));
            ir_or(c, b2, bad, t);
        }
        if (masked) {
            /* v0's bits of the body: none set, nothing to do (no access, no fault); else
             * inline only with element 0 active, so a fault is element 0's (vstart 0) */
            IRTemp m = ir_temp(c), z = ir_temp(c), skip = ir_temp(c);
            int elems = n >> l2;
            ir_ld_env(c, m, base, MO_Q);
            if (elems < 64)
                ir_opi(c, IR_OP_and, IR_I64, m, m, (int64_t)((1ull << elems) - 1));
            ir_setcond(c, IR_I64, IR_EQ, z, m, ir_const(c, 0));
            ir_opi(c, IR_OP_and, IR_I64, t, m, 1);
            ir_opi(c, IR_OP_xor, IR_I64, t, t, 1);      /* element 0 inactive */
            ir_opi(c, IR_OP_xor, IR_I64, m, z, 1);      /* some element active */
            ir_and(c, t, t, m);
            ir_or(c, b2, b2, t);
            ir_or(c, skip, b2, z);
            ir_vld_masked(c, scalar, skip, d_off, n, base, l2);
        } else if (p.cls == VI_LOAD) {
            ir_vld(c, scalar, b2, d_off, n);
        } else {
            ir_vst(c, scalar, b2, d_off, n);
        }
        ir_vcall(c, b2, fn, desc, scalar, d->pc);
        return true;
    }
    /* The inline op's own scalar (the part's, maybe transformed, goes to its helper only). */
    int imm = (int)((w >> 15) & 31);
    IRTemp sc = scalar;
    if (p.b_src == 1)
        sc = rv_get_gpr(d, (int)vs1);
    else if (p.b_src == 2)
        sc = ir_const(c, p.uimm ? imm : (imm ^ 16) - 16);
    else if (p.b_src == 3)
        sc = fpr_value(c, (int)vs1);
    else if (p.kind == IR_V_GATHER && p.cls == VI_INT)
        sc = ir_const(c, (int64_t)vlmax);
    if (p.kind == IR_V_SLIDEDOWN && p.cls == VI_INT)   /* offset | VLMAX << 32 */
        sc = ir_const(c, (int64_t)((uint64_t)imm | vlmax << 32));
    int vop = IR_VEC_OP(p.kind, l2, p.b_src != 0);
    if (p.cls == VI_INT) {
        ir_vop_masked(c, vop, d_off, a_off, b_off, n, masked ? base : 0, sc, bad);
        ir_vcall(c, bad, fn, desc, scalar, d->pc);
    } else {
        IRTemp st = ir_temp(c), vlt = ir_const(c, 0);
        if (fp_len) {
            vlt = ir_temp(c);
            ir_ld_env(c, vlt, ENV_VL, MO_Q);
        }
        bool trusted = rv_fp_trusted(d);
        if (!trusted && (p.kind < IR_VF_MV || p.kind > IR_VF_SGNJX) && nx_checks(c) >= 2) {
            rv_emit_fp_guard(d, d->pc);   /* this one and the later ones trust it */
            trusted = rv_fp_trusted(d);
        }
        ir_vfop_len(c, st, vop | (trusted ? IR_VF_TRUSTED : 0), d_off, a_off, b_off, n, sc,
                    bad, vlt, (int)offsetof(GuestState, fflags), (int)offsetof(GuestState, frm));
        ir_vcall(c, st, fn, desc, scalar, d->pc);
    }
    return true;
}
