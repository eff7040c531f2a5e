/*
 * RISC-V front end for the vector extension (guest/riscv/vector.h): dispatch to the parts,
 * the configuration instructions (vsetvli, vsetivli, vsetvl), what the translator knows of
 * vtype within a block (RVDisas.vk), the helper-call emitter and the legality rules that the
 * translator and the helpers share.
 *
 * Flow: rv_translate_vector takes every op of insns-v.def. In full-system mode it first asks
 * rv_vs_access (mstatus.VS); then vset* here, every other instruction goes to the part owning
 * it; an instruction no part takes is illegal. A part translates an instruction either inline
 * or with rv_vgen_call, which checks the instruction's shape now when vtype is known and
 * otherwise leaves the check to rv_vhelper_begin in the helper.
 * User mode: the block's flags give the configuration at its start (rv_vinit; translate.h's
 * RVVKnown says what is known); every exit leaves in a configuration known at translation
 * time (see rv_vl_exits). Full-system mode: before a block's first vsetvli the translator
 * predicts vtype (rv_vinit: the translating vCPU's, RVDisas.vk.predicted): rv_vgen_call checks
 * the shape against it and records that
 * vtype in desc, so the helper's check is one compare while the prediction holds and the full
 * check otherwise; an instruction illegal under the prediction is never translated as illegal
 * (the helper decides); the inline paths test vtype with vl and vstart (translate-vinline.c).
 * Invariants: vsetvli/vsetivli with a valid immediate vtype are translated inline (vl =
 * min(AVL, VLMAX), VLMAX a constant), vsetvl through helper_vsetvl; both leave vstart = 0 and
 * vtype = vill, vl = 0, rd = 0 for an unsupported vtype, as qemu-riscv64 7.2 does. RVDisas.vk
 * is exact: anything that may change vtype/vl at run time in a way the translator does not
 * follow clears it. User mode leans on that: a vsetvli stores only the vstart, vtype and vl
 * env does not hold already, and a new jump-cache key store (vsync) deletes an earlier one of
 * the same extended basic block (only exits read it).
 */
#include <stddef.h>
#include "translate.h"
#include "vector.h"
#include "cpu-ext.h"
#include "guest-cpu.h"
#include "priv.h"
#include "runtime.h"
#include "vcpu.h"

#define ENV_VL     ((int)offsetof(GuestState, vl))
#define ENV_VTYPE  ((int)offsetof(GuestState, vtype))
#define ENV_VSTART ((int)offsetof(GuestState, vstart))

/* ---- Legality ---- */

bool rv_vgroup_ok(unsigned reg, int emul_log2)
{
    if (emul_log2 < -3 || emul_log2 > 3)
        return false;
    unsigned n = emul_log2 > 0 ? 1u << emul_log2 : 1;
    return reg % n == 0 && reg + n <= 32;
}

static unsigned group_regs(int emul_log2)
{
    return emul_log2 > 0 ? 1u << emul_log2 : 1;
}

bool rv_voverlap_ok(unsigned d, int d_eew, int d_emul, unsigned s, int s_eew, int s_emul)
{
    unsigned nd = group_regs(d_emul), ns = group_regs(s_emul);
    if (d + nd <= s || s + ns <= d)
        return true;                       /* disjoint */
    if (d_eew == s_eew)
        return true;
    if (d_eew < s_eew)
        return d == s;                     /* vd in the source's lowest registers */
    return s_emul >= 0 && s + ns == d + nd && ns < nd;   /* source in vd's highest part */
}

/* An operand's EEW (log2 bytes; -1 for a mask) and EMUL (log2) under sew (log2 bytes) and
 * lmul (log2); false when its EEW or EMUL is out of range. */
static bool operand_layout(unsigned kind, int sew, int lmul, int *eew, int *emul)
{
    switch (kind) {
    case RV_VOP_SEW:  *eew = sew;     *emul = lmul;     break;
    case RV_VOP_WIDE: *eew = sew + 1; *emul = lmul + 1; break;
    case RV_VOP_MASK: *eew = -1;      *emul = 0;        return true;
    case RV_VOP_ONE:  *eew = sew;     *emul = 0;        return true;
    case RV_VOP_ONEW: *eew = sew + 1; *emul = 0;        return sew + 1 <= 3;
    case RV_VOP_F2:   *eew = sew - 1; *emul = lmul - 1; break;
    case RV_VOP_F4:   *eew = sew - 2; *emul = lmul - 2; break;
    case RV_VOP_F8:   *eew = sew - 3; *emul = lmul - 3; break;
    default:
        return false;
    }
    return *eew >= 0 && *eew <= 3 && *emul >= -3 && *emul <= 3;
}

bool rv_vcheck(uint64_t vtype, uint64_t vstart, uint32_t shape, unsigned vd, unsigned vs2,
               unsigned vs1, unsigned vm)
{
    if (shape & RV_VCHK_ANYVTYPE)
        return true;
    if (vtype & RV_VTYPE_VILL)
        return false;
    if ((shape & RV_VCHK_VSTART0) && vstart != 0)
        return false;
    int sew = (int)RV_VTYPE_VSEW(vtype), lmul = rv_vlmul_log2(vtype);
    unsigned kinds[3] = { shape & 15, (shape >> 4) & 15, (shape >> 8) & 15 };
    unsigned regs[3] = { vd, vs2, vs1 };
    int eew[3], emul[3];
    for (int i = 0; i < 3; i++) {
        if (kinds[i] == RV_VOP_NONE)
            continue;
        if (!operand_layout(kinds[i], sew, lmul, &eew[i], &emul[i]) ||
            !rv_vgroup_ok(regs[i], emul[i]))
            return false;
    }
    if (kinds[0] == RV_VOP_NONE)
        return true;
    for (int i = 1; i < 3; i++) {
        if (kinds[i] == RV_VOP_NONE)
            continue;
        if (shape & RV_VCHK_NOOVER) {
            unsigned nd = group_regs(emul[0]), ns = group_regs(emul[i]);
            if (!(vd + nd <= regs[i] || regs[i] + ns <= vd))
                return false;
        } else if (!rv_voverlap_ok(vd, eew[0], emul[0], regs[i], eew[i], emul[i])) {
            return false;
        }
    }
    /* A masked instruction's vd overlaps v0 only when it is a mask or a scalar result. */
    if (!vm && vd == 0 && kinds[0] != RV_VOP_MASK && kinds[0] != RV_VOP_ONE &&
        kinds[0] != RV_VOP_ONEW)
        return false;
    return true;
}

void rv_vraise_illegal(VCPU *cpu)
{
    cpu_loop_exit(cpu, EXIT_ILLEGAL);
}

void rv_vhelper_check(VCPU *cpu, uint64_t desc)
{
    const GuestState *g = &cpu->g;
    if (!rv_vcheck(g->vtype, g->vstart, RV_VDESC_SHAPE(desc), RV_VDESC_VD(desc),
                   RV_VDESC_VS2(desc), RV_VDESC_VS1(desc), RV_VDESC_VM(desc)))
        rv_vraise_illegal(cpu);
}

/* ---- Translation helpers for the parts ---- */

static unsigned elen_of(const RVDisas *d)
{
    return d->isa & RV_EXT_BIT(ZVE64X) ? 64 : 32;
}

bool rv_vknown_vtype(const RVDisas *d, uint64_t *vtype)
{
    if (d->vk.known)
        *vtype = d->vk.vtype;
    return d->vk.known;
}

bool rv_vguess_vtype(const RVDisas *d, uint64_t *vtype)
{
    if (d->vk.known || (d->vk.predicted && d->vk.vl_was_max))
        *vtype = d->vk.vtype;
    return d->vk.known || (d->vk.predicted && d->vk.vl_was_max);
}

/* ---- The vector configuration in the block key (user mode) ---- */

uint32_t rv_vcfg_flags(const VCPU *cpu, uint64_t isa)
{
    if (!(isa & RV_EXT_BIT(ZVE32X)) || !(cpu->priv.mstatus & MSTATUS_VS))
        return 0;
    const GuestState *g = &cpu->g;
    uint32_t f = g->vstart ? RV_TBF_VSTART_NZ : 0;
    if (rv_vtype_valid(g->vtype, isa & RV_EXT_BIT(ZVE64X) ? 64 : 32))
        f |= RV_TBF_VOK | (uint32_t)g->vtype << RV_TBF_VTYPE_SHIFT |
             (g->vl == rv_vlmax(g->vlenb, g->vtype) ? RV_TBF_VLMAX : 0);
    return f;
}

void rv_vinit(RVDisas *d)
{
    uint32_t f = d->te->tb_flags;
    d->vflags = f;
    if (!d->te->sys) {
        /* what rv_vcfg_flags computed from the vCPU that enters the block */
        d->vk = (RVVKnown){ .known = true, .vtype = RV_VTYPE_VILL,
                            .vstart0 = !(f & RV_TBF_VSTART_NZ) };
        if (f & RV_TBF_VOK) {
            d->vk.vtype = (f >> RV_TBF_VTYPE_SHIFT) & 0xff;
            d->vk.vl_known = (f & RV_TBF_VLMAX) != 0;
            d->vk.vl = rv_vlmax(d->vlenb, d->vk.vtype);
        }
        return;
    }
    /* full-system: the prediction from the translating vCPU */
    const VCPU *cpu = d->te->cpu;
    if (!cpu || !(d->isa & RV_EXT_BIT(ZVE32X)))
        return;
    uint64_t vtype = cpu->g.vtype;
    if (!rv_vtype_valid(vtype, elen_of(d)))
        return;
    d->vk = (RVVKnown){ .predicted = true, .vtype = vtype,
                        .vl_was_max = cpu->g.vl == rv_vlmax(d->vlenb, vtype) };
}

/* The flags word of the state RVDisas.vk describes (user mode: it is exact, translate.h). */
static uint32_t vk_flags(const RVDisas *d)
{
    uint32_t f = (d->vflags & ~RV_TBF_VCFG_MASK) | (d->vk.vstart0 ? 0 : RV_TBF_VSTART_NZ);
    if (!(d->vk.vtype & RV_VTYPE_VILL)) {
        uint64_t vlmax = rv_vlmax(d->vlenb, d->vk.vtype);
        f |= RV_TBF_VOK | (uint32_t)d->vk.vtype << RV_TBF_VTYPE_SHIFT |
             (d->vk.vl_known && d->vk.vl == vlmax ? RV_TBF_VLMAX : 0);
    }
    return f;
}

/* User mode, after an instruction that changed RVDisas.vk: when the flags of the state differ
 * from the last ones, generated code stores their jump-cache key (an inline goto_ptr probe
 * later in this block or in a chained successor must find only blocks of these flags). */
static void vsync(RVDisas *d)
{
    if (d->te->sys || !RV_TBF_VS(d->vflags))
        return;
    uint32_t f = vk_flags(d);
    if (f == d->vflags)
        return;
    /* An earlier store of the key in this extended basic block is dead: only exits read it (the
     * goto_ptr probe here or in a chained successor), and faults and helper lookups leave
     * through the runtime, which sets it again (tb_key). */
    IRContext *c = d->ir;
    for (int i = c->nb_ops - 1; i >= 0 && !(ir_op_defs[c->ops[i].opc].flags & IRF_BB_END); i--)
        if (c->ops[i].opc == IR_OP_st_env && c->ops[i].args[1] == (int)offsetof(VCPU, jc_key)) {
            c->ops[i].opc = IR_OP_nop;
            break;
        }
    ir_st_env(d->ir, ir_const(d->ir, (int64_t)vcpu_jc_key(f, false)),
              (int)offsetof(VCPU, jc_key), MO_Q);
    d->vflags = f;
}

/* Every exit of a block leaves in a state of known flags: a goto_tb exit is then always
 * chained to the block of exactly those flags, whatever run-time path reached it (the
 * dispatcher looks the successor up under the vCPU's flags at that exit when it patches the
 * jump, and they are the same every time). So an instruction that leaves vl depending on
 * run-time values ends the block with a two-way exit instead (rv_vl_exits), and one that
 * leaves vtype or vstart so (vsetvl, a write of vstart) with an exit to the dispatcher
 * (rv_vexit_lookup), which finds the next block under the new flags. (Measured on lu, nbody
 * and spectral: as fast as, on lu faster than, going on in a superblock for vl = VLMAX behind
 * an exit_cond for vl != VLMAX.) */
void rv_vl_exits(RVDisas *d, IRTemp vl)
{
    IRContext *c = d->ir;
    uint64_t vlmax = rv_vlmax(d->vlenb, d->vk.vtype);
    uint32_t before = d->vflags;
    IRLabel max = ir_label(c);
    d->vk.vstart0 = true;
    ir_brcond(c, IR_I64, IR_EQ, vl, ir_const(c, (int64_t)vlmax), max);
    d->vk.vl_known = false;          /* vl != VLMAX */
    vsync(d);
    rv_goto_tb(d, 0, d->next_pc);
    ir_set_label(c, max);
    d->vflags = before;
    d->vk.vl_known = true;
    d->vk.vl = vlmax;
    vsync(d);
    rv_goto_tb(d, 1, d->next_pc);
    d->is_jmp = RV_DISAS_NORETURN;
}

void rv_vexit_lookup(RVDisas *d)
{
    ir_exit_tb(d->ir, EXIT_NONE, d->next_pc);
    d->is_jmp = RV_DISAS_NORETURN;
}

bool rv_vknown_vl(const RVDisas *d, uint64_t *vl)
{
    if (d->vk.vl_known)
        *vl = d->vk.vl;
    return d->vk.vl_known;
}

static void store_pc(RVDisas *d)
{
    ir_st_env(d->ir, ir_const(d->ir, (int64_t)d->pc), (int)offsetof(GuestState, pc), MO_Q);
}

bool rv_vgen_call(RVDisas *d, const RVInsn *in, void *fn, uint32_t shape, unsigned extra,
                  IRTemp scalar, IRTemp dst)
{
    IRContext *c = d->ir;
    uint64_t desc = RV_VDESC(in->rd, in->rs2, in->rs1, in->vm, in->nf ? in->nf - 1 : 0, extra) |
                    (uint64_t)(shape & 0xffff) << 32 |
                    (uint64_t)((d->mmu_mo & MO_MMU_MASK) >> MO_MMU_SHIFT) << 20;
    /* vstart is not known here: RV_VCHK_VSTART0 stays a run-time check (rv_vhelper_begin) */
    bool legal = (d->vk.known || d->vk.predicted) &&
                 rv_vcheck(d->vk.vtype, 0, shape, in->rd, in->rs2, in->rs1, in->vm);
    if (d->vk.known && !legal) {
        rv_gen_illegal(d);
        return false;
    }
    /* a vill vtype (known: only under RV_VCHK_ANYVTYPE) does not fit the desc: not marked */
    if (legal && !(shape & RV_VCHK_RUNTIME) &&
        !(d->vk.vtype & RV_VTYPE_VILL))
        desc |= RV_VDESC_CHECKED | d->vk.vtype << RV_VDESC_VTYPE_SHIFT;
    store_pc(d);
    IRTemp args[2] = { ir_const(c, (int64_t)desc),
                       scalar == IR_NOTEMP ? ir_const(c, 0) : scalar };
    /* The helpers read x/f registers (a raised exception needs them in env too) but only
     * these four write one: the others leave the globals in host registers. */
    bool writes_xf = in->op == RV_OP_vmv_x_s || in->op == RV_OP_vcpop_m ||
                     in->op == RV_OP_vfirst_m || in->op == RV_OP_vfmv_f_s;
    ir_call(c, fn, IR_CALL_ENV | (writes_xf ? 0 : IR_CALL_NO_WG), dst, 2, args);
    return true;
}

/* ---- vsetvli, vsetivli, vsetvl ---- */

/* vsetvl with vtype from a register: vl for avl (the translator resolved the x0 cases). */
static uint64_t helper_vsetvl(VCPU *cpu, uint64_t avl, uint64_t vtype, uint64_t elen)
{
    GuestState *g = &cpu->g;
    g->vstart = 0;
    if (!rv_vtype_valid(vtype, (unsigned)elen)) {
        g->vtype = RV_VTYPE_VILL;
        g->vl = 0;
        return 0;
    }
    uint64_t vlmax = rv_vlmax(g->vlenb, vtype);
    g->vtype = vtype;
    g->vl = avl < vlmax ? avl : vlmax;
    return g->vl;
}

/* User mode: RVDisas.vk is exact (the block flags, then this block's own instructions), so
 * a vsetvli need not store a vstart, vtype or vl that env already holds (the prologues of
 * gcc's mixed-width code switch vtype every other instruction at the same vl). */
static bool vk_holds(const RVDisas *d, const RVVKnown *old, bool same)
{
    return same && old->known && !d->te->sys;
}

static void gen_vset(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    bool imm_avl = in->op == RV_OP_vsetivli;
    bool keep_vl = !imm_avl && in->rs1 == 0 && in->rd == 0;   /* vl = min(old vl, VLMAX) */
    bool max_vl = !imm_avl && in->rs1 == 0 && in->rd != 0;    /* vl = VLMAX */
    IRTemp avl;
    if (imm_avl) {
        avl = ir_const(c, in->rs1);
    } else if (max_vl) {
        avl = ir_const(c, -1);
    } else if (keep_vl && d->vk.known && d->vk.vl_known) {
        avl = ir_const(c, (int64_t)d->vk.vl);
    } else if (keep_vl) {
        avl = ir_temp(c);
        ir_ld_env(c, avl, ENV_VL, MO_Q);
    } else {
        avl = rv_get_gpr(d, in->rs1);
    }

    if (in->op == RV_OP_vsetvl) {
        IRTemp vl = ir_temp(c);
        IRTemp args[3] = { avl, rv_get_gpr(d, in->rs2), ir_const(c, elen_of(d)) };
        ir_call(c, (void *)helper_vsetvl, IR_CALL_ENV | IR_CALL_NO_RG | IR_CALL_NO_WG, vl, 3,
                args);
        rv_set_gpr(d, in->rd, vl);
        d->vk = (RVVKnown){ 0 };
        if (!d->te->sys)
            rv_vexit_lookup(d);
        return;
    }

    uint64_t vtype = (uint64_t)in->imm;
    RVVKnown old = d->vk;
    if (!vk_holds(d, &old, old.vstart0))
        ir_st_env(c, ir_const(c, 0), ENV_VSTART, MO_Q);
    if (!rv_vtype_valid(vtype, elen_of(d))) {
        if (!vk_holds(d, &old, old.vtype == RV_VTYPE_VILL))
            ir_st_env(c, ir_const(c, (int64_t)RV_VTYPE_VILL), ENV_VTYPE, MO_Q);
        if (!vk_holds(d, &old, old.vl_known && old.vl == 0))
            ir_st_env(c, ir_const(c, 0), ENV_VL, MO_Q);
        rv_set_gpr(d, in->rd, ir_const(c, 0));
        d->vk = (RVVKnown){ .known = true, .vl_known = true, .vstart0 = true,
                            .vtype = RV_VTYPE_VILL, .vl = 0 };
        vsync(d);
        return;
    }
    uint64_t vlmax = rv_vlmax(d->vlenb, vtype);
    bool const_avl = imm_avl || max_vl || ir_is_const(c, avl);
    uint64_t a = imm_avl ? (uint64_t)in->rs1 : max_vl ? vlmax
               : const_avl ? (uint64_t)c->temps[avl].val : 0;
    d->vk = (RVVKnown){ .known = true, .vstart0 = true, .vtype = vtype };
    IRTemp vl;
    if (const_avl) {
        d->vk.vl_known = true;
        d->vk.vl = a < vlmax ? a : vlmax;
        vl = ir_const(c, (int64_t)d->vk.vl);
    } else {
        IRTemp vm = ir_const(c, (int64_t)vlmax);
        vl = ir_temp(c);
        ir_movcond(c, IR_I64, IR_LTU, vl, avl, vm, avl, vm);
    }
    if (!vk_holds(d, &old, old.vtype == vtype))
        ir_st_env(c, ir_const(c, (int64_t)vtype), ENV_VTYPE, MO_Q);
    if (!vk_holds(d, &old, const_avl && old.vl_known && old.vl == d->vk.vl))
        ir_st_env(c, vl, ENV_VL, MO_Q);
    rv_set_gpr(d, in->rd, vl);
    if (const_avl)
        vsync(d);
    else if (!d->te->sys)
        rv_vl_exits(d, vl);
}

/* vmv.x.s under a known vtype (compilers' scalarised loops run it a lot): element 0 of vs2,
 * sign-extended, to rd, and vstart = 0, as its helper does. False: leave it to the part. */
static bool gen_vmv_x_s(RVDisas *d, const RVInsn *in)
{
    uint64_t vtype;
    if (!rv_vknown_vtype(d, &vtype) || (vtype & RV_VTYPE_VILL))
        return false;
    static const int mo[4] = { MO_SB, MO_SW, MO_SL, MO_Q };
    IRContext *c = d->ir;
    if (in->rd) {
        IRTemp v = ir_temp(c);
        ir_ld_env(c, v, (int)(offsetof(GuestState, vreg) + in->rs2 * d->vlenb),
                  mo[RV_VTYPE_VSEW(vtype)]);
        rv_set_gpr(d, in->rd, v);
    }
    ir_st_env(c, ir_const(c, 0), ENV_VSTART, MO_Q);
    return true;
}

/* ---- Dispatch ---- */

static bool is_vstore(int op)
{
    switch (op) {
#define VSTORES(e) case RV_OP_vse##e##_v: case RV_OP_vsse##e##_v: case RV_OP_vsuxei##e##_v: \
                   case RV_OP_vsoxei##e##_v:
    VSTORES(8) VSTORES(16) VSTORES(32) VSTORES(64)
#undef VSTORES
    case RV_OP_vsm_v: case RV_OP_vs1r_v:
        return true;
    }
    return false;
}

bool rv_translate_vector(RVDisas *d, const RVInsn *insn)
{
    if (!rv_op_is_vector(insn->op))
        return false;
    if (!rv_vs_access(d, !is_vstore(insn->op))) {
        if (d->te->sys)
            rv_gen_illegal(d);
        else
            rv_gen_vs_off(d);
        return true;
    }
    switch (insn->op) {
    case RV_OP_vsetvli: case RV_OP_vsetivli: case RV_OP_vsetvl:
        gen_vset(d, insn);
        return true;
    }
    if (insn->op == RV_OP_vmv_x_s && gen_vmv_x_s(d, insn)) {
        d->vk.vstart0 = true;
        vsync(d);
        return true;
    }
    if (!rv_vinline(d, insn) && !rv_trans_vmem(d, insn) && !rv_trans_vint(d, insn) && !rv_trans_vfp(d, insn) &&
        !rv_trans_vcrypto(d, insn))
        rv_gen_illegal(d);
    /* A vector instruction that completes leaves vstart = 0 (else it left the block). */
    if (d->is_jmp == RV_DISAS_NEXT || d->is_jmp == RV_DISAS_STOP) {
        d->vk.vstart0 = true;
        vsync(d);
    }
    return true;
}
