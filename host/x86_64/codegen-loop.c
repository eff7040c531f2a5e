/*
 * x86-64 back end, loop blocks: a block with a direct jump to its own start (a loop that
 * stays in one block, superblocks included) keeps the guest registers its loop carries from
 * one iteration to the next in host registers across the back edge, instead of storing them
 * to env at the end of every iteration and loading them again at the top.
 *
 * Flow: cg_plan_loop decides before code generation which globals get which host registers:
 * the loop's upward-exposed globals (read before they are written in the body: live at the
 * loop head, carried across the back edge) that the body reads before it can first leave the
 * block, costliest in env first (reads, writes, the carried store-to-load round trip). They take
 * pinned registers whose globals the loop does not use or uses much less (lent: the pinned
 * global waits in env; only in loops without side exits, where entering and leaving the loop
 * block are rare) and, when every op of the block is simple enough, the allocator's last
 * registers (rdi, rsi: the allocator keeps rax, rcx, rdx). FP globals (plan_loop_xmm) take
 * xmm3 up instead: those the loop carries, or writes every iteration without computing them
 * from themselves, when every op using them has an xmm lowering; a loop-invariant single's
 * NaN-box check is made at entry (plan_loop_boxed, with the sign-extension checks).
 * cg_loop_assign sets the temps' registers (an xmm one is OWNER_FIXED: the allocator and its
 * flushes leave it alone, the FP slow path's call keeps it like any live xmm register). At entry, past the exit_request check,
 * cg_loop_enter stores each lent pinned register to its global's home and loads the loop's
 * global; the back edges (cg_emit_back_edge) check exit_request and jump past that code; every
 * other way out (chained and unchained exits, indirect jumps, exits to the dispatcher, the back
 * edges' exit when exit_request is set) first runs cg_loop_leave (the loop's values to env,
 * the pinned globals back; conditional side exits do it out of line, codegen.c), and the range check's fault stubs, which store the site's
 * registers themselves, reload the pinned globals (cg_loop_reload_pinned).
 * Invariants: only plain user-mode blocks qualify (no calls, helpers, plugin callbacks other
 * than lifted ones, vector ops, env accesses, atomics; no call-friendly pinning, no inline
 * lookup off): nothing else looks at the lent registers while the block runs. The plugins'
 * counter register (r11) is never lent; it accumulates across back edges like across chained
 * blocks, and every way out of generated code (exits, faults, calls) flushes it as usual.
 * Lifted callbacks' slow-path vcalls save the caller-saved GPRs (not a loop's xmm registers:
 * a block with a vcall keeps no FP global in one). FP fast-path ops
 * (fpfast) qualify: their slow path's call saves every caller-saved GPR and live xmm register,
 * the guest state it reads (frm, fflags) is not a global, and their guard's exit
 * (cg_exit_at_site) leaves the loop's assignment like every other exit. The NX/frm facts the
 * guard establishes hold across the back edge (nothing in the block changes frm or clears a
 * flag), and the front end's NaN-boxing facts are per position in the body (none at the top). Every
 * fault site of the block names the loop's registers with their globals' homes
 * (cg_loop_site_homes, called by codegen.c's record_site); backend_restore_regs (target.c)
 * then skips the pinned copy of those registers, whose pinned globals' env copies are current.
 * The allocator registers lent to a block are given back when the next block is planned.
 */
#include <limits.h>
#include <stddef.h>

#include "x86-backend.h"

static inline IRTempInfo *LT(Backend *be, IRTemp t) { return &be->ir->temps[t]; }

/* Ops a loop block may contain: nothing that calls out, looks guest registers up in env or
 * leaves through the shared trampolines with the block's own register assignment. Lifted
 * callbacks' ops qualify (plugins/lower.c): plugin_guard, plugin_hmem and plugin_inline touch
 * plugin memory and the counter register only, and their slow path's vcall (plugin_lift_slow;
 * vector ops, whose vcalls are helpers, and filters are out) saves every caller-saved GPR
 * around its call, stores the loop's globals to env (cg_store_globals) and flushes the
 * counter register: the loop's registers survive it. */
static bool loop_op_ok(int opc)
{
    switch (opc) {
    case IR_OP_vop: case IR_OP_vfop: case IR_OP_vld: case IR_OP_vst:
    case IR_OP_vldl: case IR_OP_vstl: case IR_OP_ld_env: case IR_OP_st_env:
    case IR_OP_gatomic: case IR_OP_gcmpxchg: case IR_OP_call:
    case IR_OP_plugin_cb: case IR_OP_plugin_mem: case IR_OP_plugin_filter:
        return false;
    default:
        return true;
    }
}

/* Ops whose lowering needs at most three allocator registers whatever its operands are
 * (rax, rcx, rdx): a block made of only these may lend rsi and rdi to its loop. FP ops need
 * their scratch and GPR operands (FP values are in xmm registers), fmin/fmax four. */
static bool few_regs_op(const IROp *op)
{
    int opc = op->opc;
    if (opc == IR_OP_fpfast) {
        int fop = (int)op->args[4] & IR_FP_OPMASK;
        return fop != IR_FMIN && fop != IR_FMAX;
    }
    switch (opc) {
    case IR_OP_div: case IR_OP_divu: case IR_OP_rem: case IR_OP_remu: case IR_OP_divrem:
    case IR_OP_divremu: case IR_OP_mulsh: case IR_OP_muluh: case IR_OP_mulsuh:
    case IR_OP_movcond: case IR_OP_clz: case IR_OP_ctz: case IR_OP_cpop: case IR_OP_bswap:
    case IR_OP_bset: case IR_OP_bclr: case IR_OP_binv:
        return false;
    default:
        return true;
    }
}

bool cg_is_self_exit(const IROp *op, uint64_t tb_pc)
{
    return ir_is_self_exit(op, tb_pc);
}

/* What a global costs per iteration when it lives in env (cost[]): a load or memory operand
 * per read, a store if the loop writes it, and for one the loop carries across its back edge
 * (read before it is written, and written) a store-to-load round trip on the loop's critical
 * path, counted as CARRIED_COST more. */
#define CARRIED_COST 2
/* The least cost that earns an allocator register or the register of a pinned global the
 * loop uses. The register of a pinned global the loop does not use goes to any global it
 * reads (a loop-invariant base or step read once per iteration: sieve's marking loop), as
 * the loop's entry and exits are rare then. */
#define MIN_COST 3
/* Taking the register of a pinned global the loop uses, a global must cost this much more
 * than it (lending a register also costs a store and a load at entry and on the way out). */
#define LEND_MARGIN 4

/* Whether op leaves the block for another pc (or, a branch, for a label that does). */
static bool leaves(IRContext *ir, int i, uint64_t tb_pc)
{
    const IROp *op = &ir->ops[i];
    switch (op->opc) {
    case IR_OP_goto_tb: case IR_OP_exit_cond:
        return !cg_is_self_exit(op, tb_pc);
    case IR_OP_goto_ptr: case IR_OP_exit_tb:
        return true;
    case IR_OP_brcond:
        for (int j = i + 1; j < ir->nb_ops; j++) {
            if (ir->ops[j].opc != IR_OP_set_label || ir->ops[j].args[0] != op->args[3])
                continue;
            while (++j < ir->nb_ops && ir->ops[j].opc == IR_OP_nop)
                ;
            return j < ir->nb_ops && ir->ops[j].opc != IR_OP_set_label &&
                   (ir_op_defs[ir->ops[j].opc].flags & IRF_BB_END) && leaves(ir, j, tb_pc);
        }
        return false;
    default:
        return false;
    }
}

/* The loop's ops: up to its last back edge (a self exit, or the branch to the label of
 * one); -1 if the block is no loop block. *few_regs: every op is few_regs_op; *first_exit:
 * the first op by which the body can leave the block before its back edge (end + 1: none);
 * *calls: the block has a vcall (a lifted callback's slow path). */
static int loop_end(IRContext *ir, uint64_t tb_pc, bool *few_regs, int *first_exit, bool *calls)
{
    int self = 0, insns = 0, end = -1, n_back = 0;   /* n_back: back edges at most */
    *few_regs = true;
    *calls = false;
    for (int i = 0; i < ir->nb_ops; i++) {
        const IROp *op = &ir->ops[i];
        if (!loop_op_ok(op->opc))
            return -1;
        *few_regs &= few_regs_op(op);
        *calls |= op->opc == IR_OP_vcall;
        insns += op->opc == IR_OP_insn_start;
        n_back += op->opc == IR_OP_goto_ptr;   /* may be a constant jump to tb_pc */
        if (!cg_is_self_exit(op, tb_pc))
            continue;
        n_back++;
        self++;
        end = i > end ? i : end;
        int l = i - 1;
        while (l >= 0 && ir->ops[l].opc == IR_OP_nop)
            l--;
        if (l < 0 || ir->ops[l].opc != IR_OP_set_label)
            continue;
        for (int j = 0; j < l; j++)
            if ((ir->ops[j].opc == IR_OP_brcond && ir->ops[j].args[3] == ir->ops[l].args[0]) ||
                (ir->ops[j].opc == IR_OP_br && ir->ops[j].args[0] == ir->ops[l].args[0]))
                end = j > end ? j : end;
    }
    if (!self || n_back > IR_MAX_EXIT_SLOTS || insns < 2)
        return -1;
    *first_exit = 0;
    while (*first_exit < end && !leaves(ir, *first_exit, tb_pc))
        ++*first_exit;
    *first_exit += *first_exit == end;
    return end;
}

static void cg_loop_plan_checks(Backend *be, IRContext *ir);

/* Whether op's use of global t (out: as its output) has a lowering with t in an xmm register
 * of its own (codegen.c: FP ops, a 64-bit load into it, a 4- or 8-byte store of it, copies,
 * NaN-boxing; other uses would take it through a GPR at every op). */
static bool xmm_use_ok(Backend *be, const IROp *op, IRTemp t, bool out)
{
    switch (op->opc) {
    case IR_OP_fpfast: case IR_OP_mov:
        return true;
    case IR_OP_gld:
        return out && ((int)op->args[2] & MO_SIZE) == MO_64;
    case IR_OP_gst:
        return (IRTemp)op->args[1] != t && (mo_bytes((int)op->args[2]) == 8 ||
                                            mo_bytes((int)op->args[2]) == 4);
    case IR_OP_or:
        return cg_is_box_op(be, op) && (out || (IRTemp)op->args[1] == t);
    default:
        return false;
    }
}

/* FP globals for xmm registers (xmm3 up), the costliest first: those an FP op of the block
 * uses, every use of which has an xmm lowering (xmm_use_ok), that the loop carries or writes
 * (a value written every iteration is then not stored at the back edge), read before the body
 * can first leave unless the loop only reads them (then no exit stores them; a loop that
 * tests its bound at the top reads its invariants after that exit). They count as taken[]. */
static void plan_loop_xmm(Backend *be, IRContext *ir, int end, int first_exit, const int *cost,
                          const bool *live_in, const bool *written, const int *first_use,
                          const bool *pinned, bool *taken)
{
    int ng = ir->nb_globals < LOOP_MAX_GLOBALS ? ir->nb_globals : LOOP_MAX_GLOBALS;
    bool fp[LOOP_MAX_GLOBALS] = { false }, bad[LOOP_MAX_GLOBALS] = { false };
    bool upd[LOOP_MAX_GLOBALS] = { false };   /* an FP op of the loop writes it from itself */
    for (int i = 0; i < ir->nb_ops; i++) {
        const IROp *op = &ir->ops[i];
        for (int k = 0; k < op->nb_out + op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (t >= (IRTemp)ng)
                continue;
            fp[t] |= op->opc == IR_OP_fpfast;
            bad[t] |= !xmm_use_ok(be, op, t, k < op->nb_out);
            upd[t] |= op->opc == IR_OP_fpfast && k >= op->nb_out && t == (IRTemp)op->args[0] &&
                      i <= end;
        }
    }
    /* A value the loop only writes saves a store per iteration in a register of its own, but
     * an op computing it from itself then needs a copy into that register (its slow path
     * needs the old value): the allocator's registers do better then. */
    for (int n = 0; n < LOOP_MAX_XMM; n++) {
        int g = -1;
        for (int t = 0; t < ng; t++)
            if (fp[t] && !bad[t] && !pinned[t] && !taken[t] &&
                (live_in[t] || (written[t] && !upd[t])) &&
                ir->temps[t].kind == IRT_GLOBAL && first_use[t] <= end &&
                (first_use[t] < first_exit || !written[t]) &&
                (g < 0 || cost[t] > cost[g]))
                g = t;
        if (g < 0)
            return;
        taken[g] = true;
        be->loop_g[be->n_loop] = g;
        be->loop_pinned[be->n_loop] = -1;
        be->loop_reg[be->n_loop++] = (XReg)XMM_REG(XMM_FIRST_ALLOC + n);
        be->loop_mode = true;
    }
}

/* Loop-invariant FP globals (never written in the block) that the loop's FP ops read as
 * singles without knowing them NaN-boxed: their box check is made once, at entry
 * (cg_loop_sx_checks), instead of at every op (Backend.loop_boxed, bit: loop register). */
static void plan_loop_boxed(Backend *be, IRContext *ir)
{
    be->loop_boxed = 0;
    for (int i = 0; i <= be->loop_end; i++) {
        const IROp *op = &ir->ops[i];
        int kind = (int)op->args[4];
        if (op->opc != IR_OP_fpfast || (kind & IR_FP_DOUBLE))
            continue;
        for (int k = 0; k < cg_fp_nb_inputs(kind & IR_FP_OPMASK); k++)
            for (int j = 0; j < be->n_loop; j++)
                if (!(kind & (IR_FP_BOXED0 << k)) && be->loop_g[j] == (int)op->args[1 + k] &&
                    is_xmm(be->loop_reg[j]) && !(be->loop_dirty >> j & 1))
                    be->loop_boxed |= 1u << j;
    }
}

/* Whether the current op may take global g as NaN-boxed (checked at the loop's entry). */
bool cg_loop_boxed(const Backend *be, IRTemp g)
{
    for (int j = 0; be->loop_mode && j < be->n_loop; j++)
        if (be->loop_g[j] == (int)g)
            return be->loop_boxed >> j & 1;
    return false;
}

/* Decide whether this block is a loop block and which globals its loop keeps in which
 * registers (Backend.loop_g, loop_reg, n_loop). */
void cg_plan_loop(Backend *be, IRContext *ir, uint64_t tb_pc)
{
    be->n_alloc += be->loop_alloc_lent;   /* the previous block's loan back */
    be->loop_alloc_lent = 0;
    be->loop_mode = false;
    be->loop_pc = tb_pc;
    be->n_loop = 0;
    be->n_loop_irq = 0;
    be->n_loop_chk = 0;
    be->loop_end = -1;
    be->n_loop_sx = 0;
    if (be->softmmu || be->n_alloc != N_ALLOC_PINNED ||
        (be->log_mask & BACKEND_NO_INLINE_LOOKUP) || be->no_loop_blocks)
        return;
    bool few_regs, calls;
    int first_exit;
    int end = loop_end(ir, tb_pc, &few_regs, &first_exit, &calls);
    if (end < 0)
        return;
    bool side_exit = first_exit <= end;
    be->loop_end = end;
    int ng = ir->nb_globals < LOOP_MAX_GLOBALS ? ir->nb_globals : LOOP_MAX_GLOBALS;
    int cost[LOOP_MAX_GLOBALS] = { 0 }, first_use[LOOP_MAX_GLOBALS];
    for (int t = 0; t < ng; t++)
        first_use[t] = INT_MAX;
    bool written[LOOP_MAX_GLOBALS] = { false }, live_in[LOOP_MAX_GLOBALS] = { false };
    for (int i = 0; i <= end; i++) {
        const IROp *op = &ir->ops[i];
        for (int k = op->nb_out; k < op->nb_out + op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (t < (IRTemp)ng) {
                cost[t]++;
                live_in[t] |= !written[t];
                first_use[t] = first_use[t] < i ? first_use[t] : i;
            }
        }
        for (int k = 0; k < op->nb_out; k++)
            if ((IRTemp)op->args[k] < (IRTemp)ng)
                written[op->args[k]] = true;
    }
    /* Every pinned register holds a global, but for the plugins' counter register (r11,
     * fixed_regs' last: it is never lent). */
    bool pinned[LOOP_MAX_GLOBALS] = { false };
    int n_fixed = be->ctr_reg != X_NOREG ? N_FIXED - 1 : N_FIXED;
    for (int i = 0; i < n_fixed; i++) {
        if (be->fixed_temp[i] < 0 || be->fixed_temp[i] >= ng)
            return;
        pinned[be->fixed_temp[i]] = true;
    }
    for (int t = 0; t < ng; t++)
        cost[t] += written[t] + (live_in[t] && written[t] ? CARRIED_COST : 0);
    /* Only globals the loop carries, and (its entry loads them, its exits store them) only
     * those it reads before the body can first leave. Greedy, the costliest first: the register of the pinned global the loop
     * needs least, if that one costs nothing here or much less (and no side exit may make
     * the loop's entry and exit frequent), else one of the allocator's last registers (a
     * block of simple ops only). */
    bool taken[LOOP_MAX_GLOBALS] = { false }, lent[N_FIXED] = { false };
    if (!calls)   /* the slow path's call saves the allocator's xmm registers, not these */
        plan_loop_xmm(be, ir, end, first_exit, cost, live_in, written, first_use, pinned, taken);
    int n_alloc_lend = few_regs ? LOOP_LEND_ALLOC : 0;
    for (;;) {
        int g = -1;
        for (int t = 0; t < ng; t++)
            if (!pinned[t] && !taken[t] && live_in[t] && ir->temps[t].kind == IRT_GLOBAL &&
                first_use[t] < first_exit &&
                (g < 0 || cost[t] > cost[g]))
                g = t;
        if (g < 0)
            break;
        int slot = -1;
        for (int i = 0; i < n_fixed; i++)
            if (!lent[i] && (slot < 0 || cost[be->fixed_temp[i]] < cost[be->fixed_temp[slot]]))
                slot = i;
        int pc = slot >= 0 ? cost[be->fixed_temp[slot]] : 0;
        bool lend = slot >= 0 && !side_exit && (pc == 0 || cost[g] >= pc + LEND_MARGIN);
        if (cost[g] < MIN_COST && !(lend && pc == 0))
            break;
        XReg r;
        if (lend) {
            lent[slot] = true;
            r = fixed_regs[slot];
            be->loop_pinned[be->n_loop] = be->fixed_temp[slot];
        } else if (be->loop_alloc_lent < n_alloc_lend) {
            be->n_alloc--;
            be->loop_alloc_lent++;
            r = alloc_regs[be->n_alloc];
            be->loop_pinned[be->n_loop] = -1;
        } else {
            break;
        }
        taken[g] = true;
        be->loop_g[be->n_loop] = g;
        be->loop_reg[be->n_loop++] = r;
        be->loop_mode = true;
    }
    /* The globals the block never writes need no store on the way out. */
    be->loop_dirty = 0;
    for (int i = 0; i < ir->nb_ops; i++)
        for (int k = 0; k < ir->ops[i].nb_out; k++)
            for (int j = 0; j < be->n_loop; j++)
                if (ir->ops[i].args[k] == be->loop_g[j])
                    be->loop_dirty |= 1u << j;
    plan_loop_boxed(be, ir);
    cg_loop_plan_checks(be, ir);
}

/* Enter the loop: the lent pinned registers' globals to env, the loop's globals in. */
void cg_loop_enter(Backend *be)
{
    for (int i = 0; i < be->n_loop; i++) {
        XMem home = xm(X_RBP, LT(be, (IRTemp)be->loop_g[i])->env_offset);
        if (be->loop_pinned[i] >= 0)
            x_store(&be->b, 8, be->loop_reg[i], xm(X_RBP, LT(be, (IRTemp)be->loop_pinned[i])->env_offset));
        if (is_xmm(be->loop_reg[i]))
            x_sse_load(&be->b, true, be->loop_reg[i] - 16, home);
        else
            x_load(&be->b, 8, false, be->loop_reg[i], home);
    }
}

/* The loop's values to env (its registers keep them); those the block never writes are
 * there already. */
void cg_loop_store(Backend *be)
{
    for (int i = 0; i < be->n_loop; i++)
        if (be->loop_dirty >> i & 1)
            cg_store_reg(&be->b, be->loop_reg[i], xm(X_RBP, LT(be, (IRTemp)be->loop_g[i])->env_offset));
}

/* The pinned globals back into their registers (the loop's values already stored). */
void cg_loop_reload_pinned(Backend *be)
{
    for (int i = 0; i < be->n_loop; i++)
        if (be->loop_pinned[i] >= 0)
            x_load(&be->b, 8, false, be->loop_reg[i],
                   xm(X_RBP, LT(be, (IRTemp)be->loop_pinned[i])->env_offset));
}

/* Leave the loop block's register assignment: the pinned convention again. */
void cg_loop_leave(Backend *be)
{
    cg_loop_store(be);
    cg_loop_reload_pinned(be);
}

/* The same before an indirect jump to the pc in r: returns where that pc is afterwards (rdi
 * when r was a lent pinned register). */
XReg cg_loop_leave_ptr(Backend *be, XReg r)
{
    cg_loop_store(be);
    for (int i = 0; i < be->n_loop; i++)
        if (be->loop_reg[i] == r && be->loop_pinned[i] >= 0) {
            x_mov_rr(&be->b, true, X_RDI, r);
            r = X_RDI;
        }
    cg_loop_reload_pinned(be);
    return r;
}

/* Temps' registers for this block. */
void cg_loop_assign(Backend *be)
{
    for (int i = 0; i < be->n_loop; i++) {
        if (be->loop_pinned[i] >= 0) {
            IRTempInfo *p = LT(be, (IRTemp)be->loop_pinned[i]);
            p->fixed_reg = -1;
            p->reg = -1;
            p->val_loc = LOC_MEM;
        }
        IRTempInfo *q = LT(be, (IRTemp)be->loop_g[i]);
        q->fixed_reg = be->loop_reg[i];
        q->reg = be->loop_reg[i];
        q->val_loc = LOC_REG;
        be->reg_owner[be->loop_reg[i]] = OWNER_FIXED;
    }
}

/* Whether global g is one of the loop's (in a register of the loop's own). */
bool cg_loop_holds(const Backend *be, IRTemp g)
{
    for (int i = 0; be->loop_mode && i < be->n_loop; i++)
        if (be->loop_g[i] == (int)g)
            return true;
    return false;
}

/* A fault site's state: the loop's globals are in their registers (env copies stale). */
void cg_loop_site_homes(Backend *be, FaultSite *fs)
{
    for (int i = 0; be->loop_mode && i < be->n_loop; i++) {
        be->homes = cg_grow(be->homes, &be->max_homes, sizeof(RegHome), be->n_homes + 1);
        be->homes[be->n_homes++] = (RegHome){ LT(be, (IRTemp)be->loop_g[i])->env_offset,
                                              be->loop_reg[i] };
        fs->n++;
    }
}

/* The jump back to the top of a loop block (globals synced): through the exit_request
 * check, as a chained jump to the block itself would. */
void cg_emit_back_edge(Backend *be)
{
    x_alu_mi(&be->b, XA_CMP, false, xm(X_RBP, (int32_t)offsetof(VCPU, exit_request)), 0);
    x_jcc(&be->b, XC_E, be->loop_top);
    be->loop_irq[be->n_loop_irq++] = x_jmp(&be->b, NULL);
}

/* A way out of the block to pc (globals synced): a loop block's back edge when pc is its
 * start (true: emitted, nothing else to do); otherwise the pinned convention restored in a loop
 * block, and false (the caller emits the exit). */
bool cg_loop_exit(Backend *be, uint64_t pc)
{
    if (!be->loop_mode)
        return false;
    if (pc == be->loop_pc) {
        cg_emit_back_edge(be);
        return true;
    }
    cg_loop_leave(be);
    return false;
}

/* After the block: the back edges that found exit_request set leave to the dispatcher. */
void cg_loop_emit_irq_exit(Backend *be)
{
    if (!be->n_loop_irq)
        return;
    for (int i = 0; i < be->n_loop_irq; i++)
        x_patch_rel32(be->loop_irq[i], be->b.p);
    cg_loop_leave(be);
    cg_defer_emit_exit(be);   /* values the back edge carries deferred */
}

/* ---- Globals a loop block assumes sign-extended (ir_narrow) --------------------------------
 * ir_narrow may drop an extension of a value derived from a global that the loop's body keeps
 * sign-extended from bit 31 at every back edge, assuming that of the global at the loop's
 * start. The back edges keep the assumption; cg_loop_sx_checks makes the entry keep it: each
 * such global is compared with its own sign extension before the loop's registers are
 * swapped in. A failed check runs no guest instruction: the block leaves at its start with
 * VCPU.smc_step set, the dispatcher runs that one instruction from an uncached
 * one-instruction block and goes on with ordinary blocks, whose iteration leaves the globals
 * sign-extended (ir_narrow's assumption is what the body makes of any state within a few
 * iterations), so the loop block is entered again a little later. */

/* `movsxd rax, g32; cmp rax, g; jne fail` for each global (bit g) of globals, in the pinned
 * convention (nothing swapped yet; rax is free at the block's start). */
void cg_loop_sx_checks(Backend *be, uint64_t globals)
{
    be->n_loop_sx = 0;
    if (!be->loop_mode)
        return;
    for (int j = 0; j < be->n_loop; j++)   /* and the singles it takes as NaN-boxed */
        if (be->loop_boxed >> j & 1) {
            x_alu_mi(&be->b, XA_CMP, false,
                     xm(X_RBP, LT(be, (IRTemp)be->loop_g[j])->env_offset + 4), -1);
            be->loop_sx_jne[be->n_loop_sx++] = x_jcc(&be->b, XC_NE, NULL);
        }
    for (int g = 0; g < 64 && g < be->ir->nb_globals; g++) {
        if (!(globals >> g & 1))
            continue;
        XReg r = X_NOREG;
        for (int i = 0; i < N_FIXED; i++)
            if (be->fixed_temp[i] == g)
                r = fixed_regs[i];
        XMem home = xm(X_RBP, LT(be, (IRTemp)g)->env_offset);
        if (r != X_NOREG) {
            x_movsx(&be->b, 4, X_RAX, r);
            x_alu_rr(&be->b, XA_CMP, true, X_RAX, r);
        } else {
            x_load(&be->b, 4, true, X_RAX, home);
            x_alu_rm(&be->b, XA_CMP, true, X_RAX, home);
        }
        be->loop_sx_jne[be->n_loop_sx++] = x_jcc(&be->b, XC_NE, NULL);
    }
}

/* The checks' failure: leave to run one instruction uncached (nothing to undo). True: the
 * caller emits the exit to the dispatcher at the block's pc. */
bool cg_loop_emit_sx_fail(Backend *be)
{
    if (!be->n_loop_sx)
        return false;
    for (int i = 0; i < be->n_loop_sx; i++)
        x_patch_rel32(be->loop_sx_jne[i], be->b.p);
    x_store_imm(&be->b, 4, xm(X_RBP, (int32_t)offsetof(VCPU, smc_step)), 1);
    return true;
}

/* ---- Range checks made once at the loop's entry ------------------------------------------
 * ir_loop_checks (ir/addrbase.c) finds the loop's accesses whose address is X + delta with X
 * a sum of (scaled) induction variables or invariant globals, and argues why checking X once
 * at entry suffices (walk-into-guard). A block with such accesses is a loop block even when
 * it keeps no global in a loan register (n_loop 0: entering and leaving cost nothing), so its
 * back edges jump to loop_top, past the checks. cg_loop_emit_checks computes each X from the
 * globals at entry and compares it with the limit; guest_addr (codegen.c) emits no check for
 * the accesses (cg_loop_unchecked). A failed entry check (cg_loop_emit_chk_stubs) lets a value
 * in the loose band [-IR_ADDR_DELTA_MAX, 0) go on, as a per-access check would; any other
 * runs no guest instruction: the block leaves at its start with VCPU.smc_step set, the
 * dispatcher runs that one instruction from an uncached one-instruction block (which checks
 * its own access) and goes on with ordinary blocks, so a bad address faults exactly where,
 * and in the iteration, it would have (and an iteration that leaves before its access, as
 * when a string copy's bound is reached, does not fault at all). */

/* Plan this block's entry checks (after cg_plan_loop chose its registers). */
static void cg_loop_plan_checks(Backend *be, IRContext *ir)
{
    be->n_loop_chk = 0;
    if (be->loop_end < 0 || be->no_loop_chk)
        return;
    be->loop_acc = cg_grow(be->loop_acc, &be->max_loop_acc, sizeof(IRLoopAccess), ir->nb_ops + 1);
    be->n_loop_chk = ir_loop_checks(ir, be->loop_pc, be->loop_end, be->loop_acc, be->loop_chk,
                                     LOOP_MAX_CHK);
    be->loop_mode |= be->n_loop_chk > 0;
}

/* Global g's register at the loop's entry: its own, or loaded from env into scratch. */
static XReg entry_reg(Backend *be, IRTemp g, XReg scratch)
{
    const IRTempInfo *ti = LT(be, g);
    if (ti->fixed_reg >= 0)
        return (XReg)ti->fixed_reg;
    x_load(&be->b, 8, false, scratch, xm(X_RBP, ti->env_offset));
    return scratch;
}

/* At the loop's entry (after cg_loop_enter, nothing else live: rax and rcx are free):
 * `cmp X, limit; jae stub` for each planned check. */
void cg_loop_emit_checks(Backend *be)
{
    for (int j = 0; j < be->n_loop_chk; j++) {
        const IRLoopCheck *c = &be->loop_chk[j];
        XReg r = entry_reg(be, c->g[0], X_RAX);
        int sh = c->sh[0];
        if (c->g[1] != IR_NOTEMP) {
            XReg r1 = entry_reg(be, c->g[1], X_RCX);
            if (sh && !c->sh[1]) {   /* the unscaled term as the base */
                XReg t = r;
                r = r1, r1 = t, sh = 0;
                x_lea(&be->b, true, X_RAX, xmi(r, r1, 1 << c->sh[0], 0));
            } else if (sh) {
                x_lea(&be->b, true, X_RAX, xmi(X_NOREG, r, 1 << sh, 0));
                x_lea(&be->b, true, X_RAX, xmi(X_RAX, r1, 1 << c->sh[1], 0));
            } else {
                x_lea(&be->b, true, X_RAX, xmi(r, r1, 1 << c->sh[1], 0));
            }
            r = X_RAX;
        } else if (sh) {
            x_lea(&be->b, true, X_RAX, xmi(X_NOREG, r, 1 << sh, 0));
            r = X_RAX;
        }
        x_alu_rm(&be->b, XA_CMP, true, r, xm(X_RBP, (int32_t)offsetof(VCPU, addr_limit)));
        be->loop_chk_reg[j] = r;
        be->loop_chk_field[j] = x_jcc(&be->b, XC_AE, NULL);
        be->loop_chk_resume[j] = be->b.p;
    }
}

/* Whether the access being generated was checked at the loop's entry. */
bool cg_loop_unchecked(const Backend *be)
{
    return be->loop_mode && be->n_loop_chk && be->cur_op <= be->loop_end &&
           be->loop_acc[be->cur_op].chk >= 0;
}

/* The entry checks' failures (see above). True: the caller emits the exit to the
 * dispatcher at the block's pc. */
bool cg_loop_emit_chk_stubs(Backend *be)
{
    if (!be->loop_mode || !be->n_loop_chk)
        return false;
    uint8_t *to_step[LOOP_MAX_CHK];
    for (int j = 0; j < be->n_loop_chk; j++) {
        x_patch_rel32(be->loop_chk_field[j], be->b.p);
        x_alu_ri(&be->b, XA_CMP, true, be->loop_chk_reg[j], -IR_ADDR_DELTA_MAX);
        x_jcc(&be->b, XC_AE, be->loop_chk_resume[j]);
        to_step[j] = j + 1 < be->n_loop_chk ? x_jmp(&be->b, NULL) : NULL;
    }
    for (int j = 0; j + 1 < be->n_loop_chk; j++)
        x_patch_rel32(to_step[j], be->b.p);
    cg_loop_reload_pinned(be);   /* the loop's globals are unchanged in env */
    x_store_imm(&be->b, 4, xm(X_RBP, (int32_t)offsetof(VCPU, smc_step)), 1);
    return true;
}
