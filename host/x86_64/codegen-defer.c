/*
 * x86-64 back end, deferred values: a global whose value only fault sites can observe is not
 * computed; the fault sites compute it when they are taken.
 *
 * GCC's rv64 rotate is `srliw x, a, n; slliw y, a, 32 - n; or x, x, y`: the optimizer makes the
 * `or` a rotate of a (ir/optimize.c fuse_rotates), but y, a guest register, still has to hold
 * a << (32 - n) wherever guest state can be observed. In sha256's round loop y is overwritten a
 * few instructions later and only the loads in between could observe it (their faults): the
 * shift, its sign extension and a register were spent on a value almost never read.
 *
 * Flow: cg_defer_plan (before code generation) finds ops D that write a global g as a shift or
 * rotate by a constant of another global s (I32 op + ext32s, or an I64 shift), where the block's
 * next ops up to the next write W of g read neither g nor write s, and are plain computation or
 * guest loads and stores (nothing else observes guest state: no exit, label, call or helper);
 * s may also be a global copied from s earlier (`mv a3, a0` before `slliw t3, a0, 26` after
 * copy propagation) when that copy stays intact through the window and s does not.
 * Code generation skips D; from D until W is generated, g's stale register is dropped (its env
 * copy counts as coherent: nobody reads it) and every fault site recorded
 * (codegen.c record_site) lists g with a computed home: RegHome.reg = DEFER_HOME | kind, count
 * and s's temp index. The out-of-line fault stubs compute g from s after storing the site's
 * registers (cg_defer_emit_homes); the host-fault path computes it from s's restored env copy
 * after every other register (backend_restore_regs, cg_defer_eval).
 * A global in a fixed register (pinned, or a loop block's) keeps its stale value there until
 * W: the computed value is applied after every register is (the host-fault path), and a stub
 * writes it to env and, for a pinned global in its own register, to that register too (the
 * common bad-address code stores pinned registers to env).
 * Invariants: s keeps its value from D to W; nothing between reads g or leaves the block but
 * through a fault site; user mode only (softmmu's stubs do not know computed homes).
 */
#include "x86-backend.h"

/* Kinds: the op, its type (I32: followed by ext32s), the host shift. One source of truth for
 * the planner, cg_defer_eval and the stubs. */
#define DEFER_KINDS(X) \
    X(SHL32, IR_OP_shl, IR_I32, XS_SHL) X(SHR32, IR_OP_shr, IR_I32, XS_SHR) \
    X(SAR32, IR_OP_sar, IR_I32, XS_SAR) X(ROTR32, IR_OP_rotr, IR_I32, XS_ROR) \
    X(ROTL32, IR_OP_rotl, IR_I32, XS_ROL) X(SHL64, IR_OP_shl, IR_I64, XS_SHL) \
    X(SHR64, IR_OP_shr, IR_I64, XS_SHR) X(SAR64, IR_OP_sar, IR_I64, XS_SAR)
enum {
#define K(name, opc, type, sh) DK_##name,
    DEFER_KINDS(K)
#undef K
    DK_N
};
static const struct { int opc, type; XShift sh; } dkinds[DK_N] = {
#define K(name, opc, type, sh) { opc, type, sh },
    DEFER_KINDS(K)
#undef K
};

static uint32_t home_code(int kind, int count, IRTemp s)
{
    return DEFER_HOME | (uint32_t)kind << 22 | (uint32_t)count << 16 | (uint32_t)s;
}

static inline IRTempInfo *DT(Backend *be, IRTemp t) { return &be->ir->temps[t]; }

/* Whether op may lie between D and W: it computes (no exit, label, call, helper, env access)
 * or is a guest load or store (its fault site computes g). */
static bool plain_op(const IROp *op)
{
    int f = ir_op_defs[op->opc].flags;
    if (op->opc == IR_OP_gld || op->opc == IR_OP_gst || op->opc == IR_OP_insn_start ||
        op->opc == IR_OP_nop)
        return true;
    return (f & IRF_FOLD) && !(f & (IRF_BB_END | IRF_EXIT | IRF_SIDE | IRF_MEM | IRF_FAULT)) &&
           op->opc != IR_OP_call;
}

static bool reads(const IROp *op, IRTemp t)
{
    for (int k = op->nb_out; k < op->nb_out + op->nb_in; k++)
        if ((IRTemp)op->args[k] == t)
            return true;
    return false;
}

static bool writes(const IROp *op, IRTemp t)
{
    for (int k = 0; k < op->nb_out; k++)
        if ((IRTemp)op->args[k] == t)
            return true;
    return false;
}

/* The kind of op i (and i+1 for an I32 kind) as a deferrable write: *g, *s, *count, *n_ops. */
static int match(Backend *be, int i, IRTemp *g, IRTemp *s, int *count, int *n_ops)
{
    IRContext *ir = be->ir;
    const IROp *op = &ir->ops[i];
    if (op->nb_out != 1 || op->nb_in != 2)
        return -1;
    IRTemp b = (IRTemp)op->args[2];
    *s = (IRTemp)op->args[1];
    if (DT(be, b)->kind != IRT_CONST || *s >= (IRTemp)ir->nb_globals ||
        DT(be, *s)->kind != IRT_GLOBAL)
        return -1;
    for (int k = 0; k < DK_N; k++) {
        if (dkinds[k].opc != op->opc || dkinds[k].type != op->type)
            continue;
        *count = (int)(DT(be, b)->val & (op->type == IR_I32 ? 31 : 63));
        *n_ops = 1;
        *g = (IRTemp)op->args[0];
        if (op->type == IR_I32) {   /* tmp = op(s, c); g = ext32s(tmp), tmp dying there */
            const IROp *x = i + 1 < ir->nb_ops ? &ir->ops[i + 1] : NULL;
            if (!x || x->opc != IR_OP_ext32s || (IRTemp)x->args[1] != *g ||
                DT(be, *g)->kind != IRT_NORMAL || !(x->life & 1))
                return -1;
            *g = (IRTemp)x->args[0];
            *n_ops = 2;
        }
        if (*g >= (IRTemp)ir->nb_globals || DT(be, *g)->kind != IRT_GLOBAL || *g == *s)
            return -1;
        return k;
    }
    return -1;
}

/* The op after `from` that writes g next, when every op up to it is plain, reads no g and
 * writes no s; else -1. */
static int window_end(Backend *be, int from, IRTemp g, IRTemp s)
{
    for (int j = from; j < be->ir->nb_ops; j++) {
        const IROp *op = &be->ir->ops[j];
        if (!plain_op(op) || reads(op, g) || writes(op, s))
            return -1;
        if (writes(op, g))
            return j;
    }
    return -1;
}

void cg_defer_plan(Backend *be)
{
    IRContext *ir = be->ir;
    be->n_dfr = be->n_dfr_active = 0;
    if (be->softmmu)
        return;
    for (int i = 0; i < ir->nb_ops && be->n_dfr < BE_MAX_DEFER; i++) {
        IRTemp g, s;
        int count, n_ops;
        int kind = match(be, i, &g, &s, &count, &n_ops);
        if (kind < 0 || be->skip[i] || (n_ops == 2 && be->skip[i + 1]))
            continue;
        int w = window_end(be, i + n_ops, g, s);
        for (int j = i - 1; w < 0 && j >= 0; j--) {   /* or a copy of s made before, intact */
            const IROp *op = &ir->ops[j];
            if (op->opc == IR_OP_set_label || writes(op, s))
                break;
            IRTemp x = (IRTemp)op->args[0];
            if (op->opc != IR_OP_mov || op->type != IR_I64 || (IRTemp)op->args[1] != s ||
                x >= (IRTemp)ir->nb_globals || x == g || DT(be, x)->kind != IRT_GLOBAL)
                continue;
            bool intact = true;
            for (int m = j + 1; m < i && intact; m++)
                intact = !writes(&ir->ops[m], x);
            if (intact && (w = window_end(be, i + n_ops, g, x)) >= 0)
                s = x;
        }
        if (w < 0)
            continue;
        Deferred *d = &be->dfr[be->n_dfr++];
        *d = (Deferred){ i, w, g, home_code(kind, count, s) };
        for (int k = 0; k < n_ops; k++)
            be->skip[i + k] = 1;
    }
}

/* Before op i: deferrals whose W is done end, those starting at i begin (g's register goes
 * without a store: nothing reads it before W, fault sites compute it). */
void cg_defer_at(Backend *be, int i)
{
    int n = 0;
    for (int k = 0; k < be->n_dfr_active; k++)
        if (be->dfr[be->dfr_active[k]].w >= i)
            be->dfr_active[n++] = be->dfr_active[k];
    be->n_dfr_active = n;
    for (int k = 0; k < be->n_dfr; k++) {
        const Deferred *d = &be->dfr[k];
        if (d->start != i)
            continue;
        IRTempInfo *ti = DT(be, d->g);
        if (ti->fixed_reg < 0) {   /* a fixed register just keeps its stale value */
            if (ti->val_loc == LOC_REG && be->reg_owner[ti->reg] == (int)d->g)
                be->reg_owner[ti->reg] = OWNER_NONE;
            ti->val_loc = LOC_MEM;
            ti->reg = -1;
            ti->mem_coherent = 1;
        }
        int m = 0;   /* an earlier deferral of g ends here */
        for (int j = 0; j < be->n_dfr_active; j++)
            if (be->dfr[be->dfr_active[j]].g != d->g)
                be->dfr_active[m++] = be->dfr_active[j];
        be->n_dfr_active = m;
        be->dfr_active[be->n_dfr_active++] = k;
    }
}

/* A fault site's computed homes: the active deferrals. */
void cg_defer_site_homes(Backend *be, FaultSite *fs)
{
    for (int k = 0; k < be->n_dfr_active; k++) {
        const Deferred *d = &be->dfr[be->dfr_active[k]];
        be->homes = cg_grow(be->homes, &be->max_homes, sizeof(RegHome), be->n_homes + 1);
        be->homes[be->n_homes++] = (RegHome){ DT(be, d->g)->env_offset, (int32_t)d->code };
        fs->n++;
    }
}

uint64_t cg_defer_eval(uint32_t code, uint64_t v)
{
    int kind = (int)(code >> 22 & 15), n = (int)(code >> 16 & 63);
    uint32_t w = (uint32_t)v;
    switch (kind) {
    case DK_SHL32: return (uint64_t)(int64_t)(int32_t)(w << n);
    case DK_SHR32: return (uint64_t)(int64_t)(int32_t)(w >> n);
    case DK_SAR32: return (uint64_t)(int64_t)((int32_t)w >> n);
    case DK_ROTR32: return (uint64_t)(int64_t)(int32_t)(n ? w >> n | w << (32 - n) : w);
    case DK_ROTL32: return (uint64_t)(int64_t)(int32_t)(n ? w << n | w >> (32 - n) : w);
    case DK_SHL64: return v << n;
    case DK_SHR64: return v >> n;
    default: return (uint64_t)((int64_t)v >> n);
    }
}

/* After a stub stored site fs's registers: its computed homes, in scratch (one of rax, rcx,
 * rdx not in avoid), from s's pinned register or its env copy (stored by then). */
void cg_defer_emit_homes(Backend *be, const FaultSite *fs, uint32_t avoid)
{
    XReg r = !(avoid & 1u << X_RAX) ? X_RAX : !(avoid & 1u << X_RCX) ? X_RCX : X_RDX;
    for (uint32_t k = 0; k < fs->n; k++) {
        const RegHome *h = &be->homes[fs->first + k];
        if (!cg_is_defer_home(h->reg))
            continue;
        uint32_t code = (uint32_t)h->reg;
        int kind = (int)(code >> 22 & 15), n = (int)(code >> 16 & 63);
        IRTempInfo *s = DT(be, (IRTemp)(code & 0xffff));
        if (s->fixed_reg >= 0)
            x_mov_rr(&be->b, true, r, (XReg)s->fixed_reg);
        else
            x_load(&be->b, 8, false, r, xm(X_RBP, s->env_offset));
        bool w64 = dkinds[kind].type == IR_I64;
        if (n)
            x_shift_ri(&be->b, dkinds[kind].sh, w64, r, (uint8_t)n);
        if (!w64)
            x_movsx(&be->b, 4, r, r);
        x_store(&be->b, 8, r, xm(X_RBP, h->env_offset));
        for (int i = 0; i < N_FIXED; i++) {   /* a pinned global: bad_addr_common stores it */
            int t = be->fixed_temp[i];
            if (t >= 0 && DT(be, (IRTemp)t)->env_offset == h->env_offset &&
                DT(be, (IRTemp)t)->fixed_reg == fixed_regs[i])
                x_mov_rr(&be->b, true, fixed_regs[i], r);
        }
    }
}
