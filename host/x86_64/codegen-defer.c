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
#include <stdio.h>
#include <stdlib.h>

#include "x86-backend.h"

/* Kinds: the op, its type, what extends the result (S: an ext32s follows the I32 op, Z: the
 * I32 op writes the global itself, its result zero-extended; 6: an I64 op), the host shift.
 * One source of truth for the planner, cg_defer_eval and the stubs. */
#define DEFER_KINDS(X) \
    X(SHL32, IR_OP_shl, IR_I32, 'S', XS_SHL) X(SHR32, IR_OP_shr, IR_I32, 'S', XS_SHR) \
    X(SAR32, IR_OP_sar, IR_I32, 'S', XS_SAR) X(ROTR32, IR_OP_rotr, IR_I32, 'S', XS_ROR) \
    X(ROTL32, IR_OP_rotl, IR_I32, 'S', XS_ROL) \
    X(SHL32Z, IR_OP_shl, IR_I32, 'Z', XS_SHL) X(SHR32Z, IR_OP_shr, IR_I32, 'Z', XS_SHR) \
    X(SAR32Z, IR_OP_sar, IR_I32, 'Z', XS_SAR) X(ROTR32Z, IR_OP_rotr, IR_I32, 'Z', XS_ROR) \
    X(ROTL32Z, IR_OP_rotl, IR_I32, 'Z', XS_ROL) \
    X(SHL64, IR_OP_shl, IR_I64, '6', XS_SHL) X(SHR64, IR_OP_shr, IR_I64, '6', XS_SHR) \
    X(SAR64, IR_OP_sar, IR_I64, '6', XS_SAR)
enum {
#define K(name, opc, type, ext, sh) DK_##name,
    DEFER_KINDS(K)
#undef K
    DK_N
};
static const struct { int opc, type; char ext; XShift sh; } dkinds[DK_N] = {
#define K(name, opc, type, ext, sh) { opc, type, ext, sh },
    DEFER_KINDS(K)
#undef K
};

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
    bool global_out = (IRTemp)op->args[0] < (IRTemp)ir->nb_globals &&
                      DT(be, (IRTemp)op->args[0])->kind == IRT_GLOBAL;
    for (int k = 0; k < DK_N; k++) {
        if (dkinds[k].opc != op->opc || dkinds[k].type != op->type ||
            (dkinds[k].ext == 'S') == global_out)
            continue;
        *count = (int)(DT(be, b)->val & (op->type == IR_I32 ? 31 : 63));
        *n_ops = 1;
        *g = (IRTemp)op->args[0];
        if (dkinds[k].ext == 'S') {   /* tmp = op(s, c); g = ext32s(tmp), tmp dying there */
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

static uint64_t bit(IRTemp t) { return t < 64 ? 1ull << t : 0; }
/* The lowest global of a non-empty set. */
static IRTemp first(uint64_t set) { return (IRTemp)__builtin_ctzll(set); }

/* What op does to the set of globals equal to the source: a copy of one joins, a global
 * written leaves. */
static uint64_t step_src(const IRContext *ir, const IROp *op, uint64_t src)
{
    uint64_t add = 0;
    if (op->opc == IR_OP_mov && op->type == IR_I64 && (src & bit((IRTemp)op->args[1])) &&
        (IRTemp)op->args[0] < (IRTemp)ir->nb_globals)
        add = bit((IRTemp)op->args[0]);
    for (int k = 0; k < op->nb_out; k++)
        src &= ~bit((IRTemp)op->args[k]);
    return src | add;
}

/* Find d's window from op `from`: up to the next write of g (d->w), through plain ops that
 * do not read g, with a global equal to the source at every guest access. In a loop block the
 * window may go on through its only back edge (the loop's last op) to the top and up to the
 * write (D itself, at the latest): then d->mat is that back edge and top_src/back_src are set. */
/* The globals equal to s at op i: s, and the copies of s made earlier that are still intact
 * (copy propagation reads `mv a3, a0; slliw t3, a3, 26` as a shift of a0, which the block may
 * overwrite before a3). */
static uint64_t sources_at(const IRContext *ir, int i, IRTemp s)
{
    uint64_t src = bit(s);
    for (int j = i - 1; j >= 0; j--) {
        const IROp *op = &ir->ops[j];
        if (op->opc == IR_OP_set_label || writes(op, s))
            break;
        IRTemp x = (IRTemp)op->args[0];
        if (op->opc != IR_OP_mov || op->type != IR_I64 || (IRTemp)op->args[1] != s ||
            x >= (IRTemp)ir->nb_globals)
            continue;
        bool intact = true;
        for (int m = j + 1; m < i && intact; m++)
            intact = !writes(&ir->ops[m], x);
        if (intact)
            src |= bit(x);
    }
    return src;
}

/* Whether, from the set src at the block's start, every guest access before op end still has
 * a global equal to the source. */
static bool top_ok(const IRContext *ir, int end, uint64_t src)
{
    for (int j = 0; j < end; j++) {
        const IROp *op = &ir->ops[j];
        if ((op->opc == IR_OP_gld || op->opc == IR_OP_gst) && !src)
            return false;
        src = step_src(ir, op, src);
    }
    return true;
}

static bool plan_window(Backend *be, Deferred *d, int from)
{
    const IRContext *ir = be->ir;
    uint64_t src = d->s_src = sources_at(ir, d->start, d->s) & ~bit(d->g);
    bool crossed = false;
    d->mat = -1;
    for (int j = from; j < ir->nb_ops; j++) {
        const IROp *op = &ir->ops[j];
        bool end = crossed && j == d->start;
        if (!end && be->loop_mode && j == be->loop_end && !crossed &&
            cg_is_self_exit(op, be->loop_pc) && j + 1 < ir->nb_ops && src) {
            d->mat = j;
            d->back_src = d->top_src = src;
            crossed = true;
            j = -1;
            continue;
        }
        if (!end && (!plain_op(op) || reads(op, d->g)))
            return false;
        if (!end && (op->opc == IR_OP_gld || op->opc == IR_OP_gst) && !src)
            return false;   /* an access whose fault could not compute g */
        if (end || writes(op, d->g)) {
            d->w = j;
            if (!crossed)
                return true;
            /* Entered from outside, only the entry check relates g to its source: the top
             * starts from one global (the one the check reads) and its copies. */
            for (uint64_t cand = d->top_src; cand; cand &= cand - 1)
                if (top_ok(ir, j, bit(first(cand)))) {
                    d->top_src = bit(first(cand));
                    return true;
                }
            return false;
        }
        src = step_src(ir, op, src);
    }
    return false;
}

void cg_defer_plan(Backend *be)
{
    IRContext *ir = be->ir;
    be->n_dfr = be->n_dfr_homes = 0;
    if (be->softmmu)
        return;
    for (int i = 0; i < ir->nb_ops && be->n_dfr < BE_MAX_DEFER; i++) {
        IRTemp g, s;
        int count, n_ops;
        int kind = match(be, i, &g, &s, &count, &n_ops);
        if (kind < 0 || s >= 64 || be->skip[i] || (n_ops == 2 && be->skip[i + 1]))
            continue;
        Deferred *d = &be->dfr[be->n_dfr];
        *d = (Deferred){ .start = i, .g = g, .s = s,
                         .code = DEFER_HOME | (uint32_t)kind << 22 | (uint32_t)count << 16 };
        if (!plan_window(be, d, i + n_ops))
            continue;
        be->n_dfr++;
        for (int k = 0; k < n_ops; k++)
            be->skip[i + k] = 1;
    }
}

/* g's register goes without a store (nothing reads it before W; fault sites compute it); a
 * fixed register just keeps its stale value (codegen.c's release of a dead global). */
static void drop_value(Backend *be, IRTemp g)
{
    cg_release_global(be, g);
}


/* g = op(source) here, through the ordinary lowering of D's ops with the source replaced. */
static void materialize(Backend *be, Deferred *d)
{
    IROp ops[2];
    int n = dkinds[d->code >> 22 & 15].ext == 'S' ? 2 : 1;
    for (int k = 0; k < n; k++)
        ops[k] = be->ir->ops[d->start + k];
    ops[0].args[1] = first(d->src);
    ops[0].life = 0;   /* the source lives on */
    for (int k = 0; k < n; k++)
        cg_gen_ir_op(be, &ops[k]);
}

/* Before op i: op i - 1's effect on the sources; a loop block's deferrals carried over its
 * back edge are active from the top and computed once the back edge falls through; others
 * begin at D and end once W is done. */
void cg_defer_at(Backend *be, int i)
{
    for (int k = 0; k < be->n_dfr; k++) {
        Deferred *d = &be->dfr[k];
        if (i == 0 && d->mat >= 0) {
            d->active = true;
            d->src = d->top_src;
            drop_value(be, d->g);
        }
        if (d->active && i > 0)
            d->src = step_src(be->ir, &be->ir->ops[i - 1], d->src);
        if (d->active && d->mat >= 0 && i == d->mat + 1) {
            d->active = false;
            materialize(be, d);
        }
        if (d->active && i == d->w + 1 && d->w != d->start)
            d->active = false;
        if (i == d->start) {
            d->active = true;
            d->src = d->s_src;
            drop_value(be, d->g);
        }
    }
}

/* A fault site's computed homes: the active deferrals, each from a global equal to its
 * source now. */
void cg_defer_site_homes(Backend *be, FaultSite *fs)
{
    for (int k = 0; k < be->n_dfr; k++) {
        const Deferred *d = &be->dfr[k];
        if (!d->active)
            continue;
        if (!d->src) {
            fprintf(stderr, "qelt: internal error: a deferred value without a source\n");
            abort();
        }
        be->homes = cg_grow(be->homes, &be->max_homes, sizeof(RegHome), be->n_homes + 1);
        be->homes[be->n_homes++] = (RegHome){ DT(be, d->g)->env_offset,
                                              (int32_t)(d->code | first(d->src)) };
        fs->n++;
        be->n_dfr_homes++;   /* code in the stubs: codegen.c's space check */
    }
}

uint64_t cg_defer_eval(uint32_t code, uint64_t v)
{
    int kind = (int)(code >> 22 & 15), n = (int)(code >> 16 & 63);
    uint32_t w = (uint32_t)v, r;
    switch (dkinds[kind].opc) {
    case IR_OP_shl: r = w << n; break;
    case IR_OP_shr: r = w >> n; break;
    case IR_OP_sar: r = (uint32_t)((int32_t)w >> n); break;
    case IR_OP_rotr: r = n ? w >> n | w << (32 - n) : w; break;
    default: r = n ? w << n | w >> (32 - n) : w; break;
    }
    switch (dkinds[kind].ext) {
    case 'S': return (uint64_t)(int64_t)(int32_t)r;
    case 'Z': return r;
    default:
        return dkinds[kind].opc == IR_OP_shl ? v << n :
               dkinds[kind].opc == IR_OP_shr ? v >> n : (uint64_t)((int64_t)v >> n);
    }
}

/* scratch = kind(v) for code's kind and count, v already in scratch. */
static void emit_op(Backend *be, uint32_t code, XReg r)
{
    int kind = (int)(code >> 22 & 15), n = (int)(code >> 16 & 63);
    bool w64 = dkinds[kind].type == IR_I64;
    if (n)
        x_shift_ri(&be->b, dkinds[kind].sh, w64, r, (uint8_t)n);
    if (dkinds[kind].ext == 'S')
        x_movsx(&be->b, 4, r, r);
    else if (dkinds[kind].ext == 'Z')
        x_mov_rr(&be->b, false, r, r);   /* upper half cleared, also when n is 0 */
}

/* A global's register in the pinned convention (outside a loop block's swap), or X_NOREG. */
static XReg pinned_reg(Backend *be, IRTemp t)
{
    for (int i = 0; i < N_FIXED; i++)
        if (be->fixed_temp[i] == (int)t)
            return fixed_regs[i];
    return X_NOREG;
}

/* r = global t, in the pinned convention (pinned: true) or the block's assignment. */
static void load_global(Backend *be, XReg r, IRTemp t, bool pinned)
{
    XReg f = pinned ? pinned_reg(be, t) : (XReg)DT(be, t)->fixed_reg;
    if (f != X_NOREG && (int)f >= 0)
        x_mov_rr(&be->b, true, r, f);
    else
        x_load(&be->b, 8, false, r, xm(X_RBP, DT(be, t)->env_offset));
}

/* After a stub stored site fs's registers: its computed homes, in scratch (one of rax, rcx,
 * rdx not in avoid), from the source's fixed register or its env copy (stored by then); a
 * pinned global also goes to its register (the common bad-address code stores those). */
void cg_defer_emit_homes(Backend *be, const FaultSite *fs, uint32_t avoid)
{
    XReg r = !(avoid & 1u << X_RAX) ? X_RAX : !(avoid & 1u << X_RCX) ? X_RCX : X_RDX;
    for (uint32_t k = 0; k < fs->n; k++) {
        const RegHome *h = &be->homes[fs->first + k];
        if (!cg_is_defer_home(h->reg))
            continue;
        load_global(be, r, (IRTemp)(h->reg & 0xffff), false);
        emit_op(be, (uint32_t)h->reg, r);
        x_store(&be->b, 8, r, xm(X_RBP, h->env_offset));
        for (int i = 0; i < N_FIXED; i++) {
            int t = be->fixed_temp[i];
            if (t >= 0 && DT(be, (IRTemp)t)->env_offset == h->env_offset &&
                DT(be, (IRTemp)t)->fixed_reg == fixed_regs[i])
                x_mov_rr(&be->b, true, fixed_regs[i], r);
        }
    }
}

/* rax = d's value from the first global of set, in the pinned convention. */
static void compute_pinned(Backend *be, const Deferred *d, uint64_t set)
{
    load_global(be, X_RAX, first(set), true);
    emit_op(be, d->code, X_RAX);
}

/* A loop block's entry (pinned convention, rax free): each value carried over the back edge
 * must equal what its source at the top gives; if not, leave like a failed sign-extension
 * check (codegen-loop.c): an ordinary iteration makes it so. */
void cg_defer_entry_checks(Backend *be)
{
    for (int k = 0; k < be->n_dfr; k++) {
        const Deferred *d = &be->dfr[k];
        if (d->mat < 0)
            continue;
        compute_pinned(be, d, d->top_src);
        XReg g = pinned_reg(be, d->g);
        if (g != X_NOREG)
            x_alu_rr(&be->b, XA_CMP, true, X_RAX, g);
        else
            x_alu_rm(&be->b, XA_CMP, true, X_RAX, xm(X_RBP, DT(be, d->g)->env_offset));
        be->loop_sx_jne[be->n_loop_sx++] = x_jcc(&be->b, XC_NE, NULL);
    }
}

/* The back edges' exit when exit_request is set (after cg_loop_leave: pinned convention,
 * every global in env or its pinned register): the values carried over the back edge. */
void cg_defer_emit_exit(Backend *be)
{
    for (int k = 0; k < be->n_dfr; k++) {
        const Deferred *d = &be->dfr[k];
        if (d->mat < 0)
            continue;
        compute_pinned(be, d, d->back_src);
        x_store(&be->b, 8, X_RAX, xm(X_RBP, DT(be, d->g)->env_offset));
        XReg g = pinned_reg(be, d->g);
        if (g != X_NOREG)
            x_mov_rr(&be->b, true, g, X_RAX);
    }
}
