/*
 * x86-64 back end: register allocation and code emission for one IR block.
 *
 * Register plan (fixed for all generated code):
 *   rbp  env (the VCPU), r15 guest memory base, rsp host stack with a fixed frame of spill
 *   slots set up by the entry trampoline;
 *   rbx, r12, r13, r14  the guest's hottest globals (by the front end's priority), pinned for the
 *   whole time generated code runs, across chained blocks: callee-saved, so helper calls keep
 *   them; the trampolines move them between env and registers;
 *   rax rcx rdx rsi rdi r8-r11  allocated per op by a local allocator (as TCG's): a value is in
 *   a register, in its home (env for globals, a frame slot for temps) or both;
 *   xmm3-xmm15  FP values (the allocator's XMM_REG numbers, taken from xmm15 down): results
 *   of the FP ops, 64-bit loads that feed them, copies of them. A GPR use moves the value to a
 *   GPR (movq). All caller-saved, so they are emptied to their homes before calls and plugin
 *   ops (and, full-system, guest accesses), and those in xmm3-7 before the inline vector ops
 *   (their scratch; vcall saves them around its call); fault sites may name them (the signal
 *   context has them). xmm8-15 not holding FP values may hold codegen-vec.c's cache of guest
 *   vector registers (OWNER_VEC: write-through copies, forgotten like everything else at
 *   labels and calls, and first to go when an FP value needs a register).
 * Loop blocks (codegen-loop.c) are the one exception to the fixed pinning: a block that jumps to
 * its own start may keep other globals in pinned (and some allocator) registers for its
 * duration, swapping back on every way out (see there).
 * Invariants: at every block boundary (label, branch, exit) unpinned globals are stored in env
 * and locals in their frame slots; before every op that may fault, dirty unpinned globals are
 * stored too, so a fault needs only the pinned registers and the guest pc to be precise.
 * Guest addresses are checked to be below GM_ADDR_LIMIT before base is added: anything else
 * could reach qelt's own memory.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "guestmem.h"
#include "x86-backend.h"

void *cg_grow(void *p, int *max, size_t elt, int need)
{
    if (need <= *max)
        return p;
    int n = *max ? *max : 64;
    while (n < need)
        n *= 2;
    void *q = realloc(p, (size_t)n * elt);
    if (!q) {
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
    *max = n;
    return q;
}

const XCond cg_cond_map[IR_NB_CONDS] = {
    [IR_EQ] = XC_E, [IR_NE] = XC_NE, [IR_LT] = XC_L, [IR_GE] = XC_GE, [IR_LE] = XC_LE,
    [IR_GT] = XC_G, [IR_LTU] = XC_B, [IR_GEU] = XC_AE, [IR_LEU] = XC_BE, [IR_GTU] = XC_A,
};

static inline bool fits_i32(int64_t v) { return v == (int32_t)v; }
static inline IRTempInfo *T(Backend *be, IRTemp t) { return &be->ir->temps[t]; }
static inline bool is_fixed(Backend *be, IRTemp t) { return T(be, t)->fixed_reg >= 0; }
/* An FP global a loop block keeps in an xmm register (codegen-loop.c): the allocator's
 * primitives (temp_load, temp_load_x, temp_set_reg, dest_reg) and the xmm-aware lowerings
 * handle it; cg_plan_loop gives it one only when every op using it is of those. */
static inline bool is_xmm_fixed(Backend *be, IRTemp t)
{
    return T(be, t)->fixed_reg >= 0 && is_xmm(T(be, t)->fixed_reg);
}

/* ---- Homes and register bookkeeping ---------------------------------------------------- */

static int alloc_slot(Backend *be)
{
    for (int i = 0; i < FRAME_SAVE_BASE; i++) {
        if (!(be->slots_used & (1ull << i))) {
            be->slots_used |= 1ull << i;
            return i;
        }
    }
    be->failed = true;
    return 0;
}

static XMem temp_home(Backend *be, IRTemp t)
{
    IRTempInfo *ti = T(be, t);
    if (ti->kind == IRT_GLOBAL)
        return xm(X_RBP, ti->env_offset);
    if (ti->frame_slot < 0)
        ti->frame_slot = alloc_slot(be);
    return xm(X_RSP, ti->frame_slot * 8);
}

static void release_temp(Backend *be, IRTemp t)
{
    IRTempInfo *ti = T(be, t);
    if (ti->kind == IRT_CONST)
        return;
    if (ti->kind == IRT_GLOBAL) {
        /* A dead global (overwritten before any read, exit or fault site: see ir_liveness)
         * gives its register back without a store; its stale env copy is never observed. */
        if (ti->fixed_reg >= 0)
            return;
        if (ti->val_loc == LOC_REG && be->reg_owner[ti->reg] == (int)t)
            be->reg_owner[ti->reg] = OWNER_NONE;
        ti->val_loc = LOC_MEM;
        ti->reg = -1;
        ti->mem_coherent = 1;
        return;
    }
    if (ti->val_loc == LOC_REG && be->reg_owner[ti->reg] == (int)t)
        be->reg_owner[ti->reg] = OWNER_NONE;
    if (ti->frame_slot >= 0) {
        be->slots_used &= ~(1ull << ti->frame_slot);
        ti->frame_slot = -1;
    }
    ti->val_loc = LOC_DEAD;
    ti->reg = -1;
}

/* Store the 64 bits of register r (a GPR or XMM_REG(i)) to m. */
static void store_reg(XBuf *b, int r, XMem m)
{
    if (is_xmm(r))
        x_sse_store(b, true, m, r - 16);
    else
        x_store(b, 8, (XReg)r, m);
}

/* Write t's register value to its home if the home is stale. */
static void temp_sync(Backend *be, IRTemp t)
{
    IRTempInfo *ti = T(be, t);
    if (ti->val_loc == LOC_REG && !ti->mem_coherent) {
        store_reg(&be->b, ti->reg, temp_home(be, t));
        ti->mem_coherent = 1;
    }
}

/* Evict whatever holds register r (not a pinned one). */
static void spill_reg(Backend *be, int r)
{
    int o = be->reg_owner[r];
    if (o >= 0) {
        temp_sync(be, (IRTemp)o);
        T(be, (IRTemp)o)->val_loc = LOC_MEM;
        T(be, (IRTemp)o)->reg = -1;
    }
    be->reg_owner[r] = OWNER_NONE;
}

/* How many ops ahead t's current value is read next (SPILL_WINDOW + 1: not soon, or it is
 * overwritten or the block boundary comes first). */
#define SPILL_WINDOW 64
static int next_use(Backend *be, IRTemp t)
{
    const IRContext *ir = be->ir;
    int end = be->cur_op + 1 + SPILL_WINDOW;
    if (end > ir->nb_ops)
        end = ir->nb_ops;
    for (int i = be->cur_op + 1; i < end; i++) {
        const IROp *op = &ir->ops[i];
        for (int k = 0; k < op->nb_in; k++)
            if ((IRTemp)op->args[op->nb_out + k] == t)
                return i - be->cur_op;
        for (int k = 0; k < op->nb_out; k++)
            if ((IRTemp)op->args[k] == t)
                return SPILL_WINDOW + 1;
        if (op->opc == IR_OP_set_label || op->opc == IR_OP_br)
            return SPILL_WINDOW + 1;
    }
    return SPILL_WINDOW + 1;
}

static XReg alloc_reg(Backend *be, uint32_t avoid)
{
    avoid |= be->locked;
    for (int i = 0; i < be->n_alloc; i++) {
        XReg r = alloc_regs[i];
        if (!(avoid & (1u << r)) && be->reg_owner[r] == OWNER_NONE) {
            be->locked |= 1u << r;
            return r;
        }
    }
    /* Spill the value needed again last (Belady); on a tie, the one that costs no store. */
    XReg best = X_NOREG;
    int best_score = -1;
    for (int n = 0; n < be->n_alloc; n++) {
        XReg r = alloc_regs[n];
        if (avoid & (1u << r))
            continue;
        int o = be->reg_owner[r];
        int score = 2 * (o >= 0 ? next_use(be, (IRTemp)o) : SPILL_WINDOW + 1);
        if (o < 0 || T(be, (IRTemp)o)->mem_coherent || T(be, (IRTemp)o)->kind == IRT_GLOBAL)
            score++;   /* no store, or a store the block end would make anyway */
        if (score > best_score) {
            best_score = score;
            best = r;
        }
    }
    if (best == X_NOREG) {
        fprintf(stderr, "qelt: internal error: out of host registers\n");
        abort();
    }
    spill_reg(be, best);
    be->locked |= 1u << best;
    return best;
}

/* An xmm register for an FP value (XMM_REG(i)), locked for this op; spills the value needed
 * again last when all are taken. */
static int alloc_xmm(Backend *be, uint32_t avoid)
{
    avoid |= be->locked;
    int best = -1, best_score = -1;
    /* from the top: vector ops use xmm0-7 as scratch and the vector cache (codegen-vec.c)
     * takes xmm8-15 from the bottom; a cached vector register (OWNER_VEC) is evicted first */
    for (int i = 15; i >= XMM_FIRST_ALLOC; i--) {
        int r = XMM_REG(i);
        int o = be->reg_owner[r];
        if ((avoid & (1u << r)) || o == OWNER_FIXED)
            continue;
        if (o == OWNER_NONE) {
            best = r;
            break;
        }
        int score = 2 * (o >= 0 ? next_use(be, (IRTemp)o) : SPILL_WINDOW + 1);
        if (o < 0 || T(be, (IRTemp)o)->mem_coherent || T(be, (IRTemp)o)->kind == IRT_GLOBAL)
            score++;
        if (score > best_score) {
            best_score = score;
            best = r;
        }
    }
    if (best < 0) {
        fprintf(stderr, "qelt: internal error: out of xmm registers\n");
        abort();
    }
    spill_reg(be, best);
    be->locked |= 1u << best;
    return best;
}

/* Values in xmm registers from..to-1 to their homes, the registers forgotten (before code that
 * may change xmm registers: calls, vector ops); cached vector registers (OWNER_VEC) are
 * forgotten too unless keep_vec. */
static void flush_xmm(Backend *be, int from, int to, bool keep_vec)
{
    for (int i = from; i < to; i++)
        if (be->reg_owner[XMM_REG(i)] != OWNER_NONE && be->reg_owner[XMM_REG(i)] != OWNER_FIXED &&
            !(keep_vec && be->reg_owner[XMM_REG(i)] == OWNER_VEC))
            spill_reg(be, XMM_REG(i));
}

/* The FP values in the xmm registers of mask (bit i: xmm i) to their homes, forgotten. */
static void flush_xmm_mask(Backend *be, unsigned mask)
{
    for (int i = XMM_FIRST_ALLOC; i < 16; i++)
        if ((mask >> i & 1) && be->reg_owner[XMM_REG(i)] != OWNER_NONE &&
            be->reg_owner[XMM_REG(i)] != OWNER_VEC && be->reg_owner[XMM_REG(i)] != OWNER_FIXED)
            spill_reg(be, XMM_REG(i));
}

/* Make register r free and locked for this op; if it holds `keep`, the value stays. */
void cg_take_reg(Backend *be, XReg r, IRTemp keep)
{
    int o = be->reg_owner[r];
    if (o >= 0 && (IRTemp)o != keep)
        spill_reg(be, r);
    else if (o == OWNER_SCRATCH)
        be->reg_owner[r] = OWNER_NONE;
    be->locked |= 1u << r;
}

/* Bring t into a register (locked for the current op) and return it. */
static XReg temp_load(Backend *be, IRTemp t, uint32_t avoid)
{
    IRTempInfo *ti = T(be, t);
    if (ti->fixed_reg >= 0 && is_xmm(ti->fixed_reg)) {   /* a copy; the global stays there */
        XReg r = alloc_reg(be, avoid);
        be->reg_owner[r] = OWNER_SCRATCH;
        x_movq_rx(&be->b, r, ti->fixed_reg - 16);
        return r;
    }
    if (ti->fixed_reg >= 0)
        return (XReg)ti->fixed_reg;
    if (ti->kind == IRT_CONST) {
        XReg r = alloc_reg(be, avoid);
        be->reg_owner[r] = OWNER_SCRATCH;
        x_mov_ri(&be->b, r, (uint64_t)ti->val);
        return r;
    }
    if (ti->val_loc == LOC_REG && is_xmm(ti->reg)) {
        /* An FP value in an xmm register: it moves to a GPR. */
        XReg r = alloc_reg(be, avoid);
        x_movq_rx(&be->b, r, ti->reg - 16);
        be->reg_owner[ti->reg] = OWNER_NONE;
        be->reg_owner[r] = (int)t;
        ti->reg = r;
        return r;
    }
    if (ti->val_loc == LOC_REG && !(avoid & (1u << ti->reg))) {
        be->locked |= 1u << ti->reg;
        return (XReg)ti->reg;
    }
    XReg r = alloc_reg(be, avoid);
    if (ti->val_loc == LOC_REG) {
        /* In a register we must not use: move it. */
        x_mov_rr(&be->b, true, r, (XReg)ti->reg);
        be->reg_owner[ti->reg] = OWNER_NONE;
    } else if (ti->val_loc == LOC_MEM || ti->kind == IRT_GLOBAL) {
        x_load(&be->b, 8, false, r, temp_home(be, t));
        ti->mem_coherent = 1;
    } else {
        ti->mem_coherent = 0;   /* read before any write: value undefined */
    }
    be->reg_owner[r] = (int)t;
    ti->reg = r;
    ti->val_loc = LOC_REG;
    return r;
}

/* Bring t into an xmm register (locked for the current op; it owns the value from then on)
 * and return it as XMM_REG(i). */
static int temp_load_x(Backend *be, IRTemp t, uint32_t avoid)
{
    IRTempInfo *ti = T(be, t);
    if (ti->val_loc == LOC_REG && is_xmm(ti->reg) && !(avoid & (1u << ti->reg))) {
        be->locked |= 1u << ti->reg;
        return ti->reg;
    }
    int x = alloc_xmm(be, avoid);
    if (ti->kind == IRT_CONST) {
        XReg r = alloc_reg(be, 0);
        x_mov_ri(&be->b, r, (uint64_t)ti->val);
        x_movq_xr(&be->b, x - 16, r);
        be->reg_owner[x] = OWNER_SCRATCH;
        return x;
    }
    if (ti->fixed_reg >= 0) {
        if (is_xmm(ti->fixed_reg))
            x_sse_mov_rr(&be->b, x - 16, ti->fixed_reg - 16);
        else
            x_movq_xr(&be->b, x - 16, (XReg)ti->fixed_reg);
        be->reg_owner[x] = OWNER_SCRATCH;
        return x;
    }
    if (ti->val_loc == LOC_REG) {
        if (is_xmm(ti->reg))
            x_sse_mov_rr(&be->b, x - 16, ti->reg - 16);
        else
            x_movq_xr(&be->b, x - 16, (XReg)ti->reg);
        be->reg_owner[ti->reg] = OWNER_NONE;
    } else if (ti->val_loc == LOC_MEM || ti->kind == IRT_GLOBAL) {
        x_sse_load(&be->b, true, x - 16, temp_home(be, t));
        ti->mem_coherent = 1;
    } else {
        ti->mem_coherent = 0;
    }
    be->reg_owner[x] = (int)t;
    ti->reg = (int16_t)x;
    ti->val_loc = LOC_REG;
    return x;
}

/* The value of d now lives in r (r was just written). */
static void temp_set_reg(Backend *be, IRTemp d, XReg r)
{
    IRTempInfo *ti = T(be, d);
    be->checked[d] = 0;
    if (ti->fixed_reg >= 0 && is_xmm(ti->fixed_reg)) {
        if (!is_xmm(r))
            x_movq_xr(&be->b, ti->fixed_reg - 16, r);
        else if (r != ti->fixed_reg)
            x_sse_mov_rr(&be->b, ti->fixed_reg - 16, r - 16);
        if (r != ti->fixed_reg && be->reg_owner[r] == OWNER_NONE)
            be->reg_owner[r] = OWNER_SCRATCH;
        return;
    }
    if (ti->fixed_reg >= 0) {
        if (is_xmm(r)) {
            x_movq_rx(&be->b, (XReg)ti->fixed_reg, r - 16);
            if (be->reg_owner[r] == OWNER_NONE)
                be->reg_owner[r] = OWNER_SCRATCH;
        } else if (r != ti->fixed_reg) {
            x_mov_rr(&be->b, true, (XReg)ti->fixed_reg, r);
        }
        return;
    }
    if (ti->val_loc == LOC_REG && ti->reg != r && be->reg_owner[ti->reg] == (int)d)
        be->reg_owner[ti->reg] = OWNER_NONE;
    be->reg_owner[r] = (int)d;
    be->locked |= 1u << r;
    ti->reg = r;
    ti->val_loc = LOC_REG;
    ti->mem_coherent = 0;
}

/* Register to compute d into: its pinned register, or a fresh one not in avoid. */
static XReg dest_reg(Backend *be, IRTemp d, uint32_t avoid)
{
    if (is_fixed(be, d) && !is_xmm_fixed(be, d))
        return (XReg)T(be, d)->fixed_reg;
    return alloc_reg(be, avoid);
}

static bool dies(const IROp *op, int in_index) { return (op->life >> in_index) & 1; }

/* Can d take over a's register (a's value dies here; a is not pinned)? */
static bool can_steal(Backend *be, const IROp *op, int in_index, IRTemp a)
{
    IRTempInfo *ti = T(be, a);
    return dies(op, in_index) && ti->kind != IRT_CONST && ti->fixed_reg < 0 &&
           ti->val_loc == LOC_REG && be->reg_owner[ti->reg] == (int)a;
}

/* An unpinned global whose current value is only in env: an ALU op can read it as a memory
 * operand instead of taking a register for it. */
static bool in_env_only(Backend *be, IRTemp t)
{
    IRTempInfo *ti = T(be, t);
    return ti->kind == IRT_GLOBAL && ti->fixed_reg < 0 && ti->val_loc != LOC_REG;
}

static void sync_globals(Backend *be, bool fixed_too)
{
    IRContext *ir = be->ir;
    for (int t = 0; t < ir->nb_globals; t++) {
        if (is_fixed(be, (IRTemp)t)) {
            if (fixed_too)
                store_reg(&be->b, T(be, t)->fixed_reg, temp_home(be, (IRTemp)t));
            continue;
        }
        temp_sync(be, (IRTemp)t);
    }
}

static void reload_fixed_range(Backend *be, int from, int to)
{
    for (int i = from; i < to; i++)
        if (be->fixed_temp[i] >= 0)
            x_load(&be->b, 8, false, fixed_regs[i], temp_home(be, (IRTemp)be->fixed_temp[i]));
}

static void store_fixed_range(Backend *be, int from, int to)
{
    for (int i = from; i < to; i++)
        if (be->fixed_temp[i] >= 0)
            x_store(&be->b, 8, fixed_regs[i], temp_home(be, (IRTemp)be->fixed_temp[i]));
}

static bool is_callee_saved(int r)
{
    return r == X_RBX || r == X_RBP || (r >= X_R12 && r <= X_R15);
}

/* Block boundary: globals and locals to their homes; registers forgotten. */
static void bb_sync(Backend *be)
{
    IRContext *ir = be->ir;
    sync_globals(be, false);
    for (int t = ir->nb_globals; t < ir->nb_temps; t++)
        if (T(be, t)->kind == IRT_LOCAL)
            temp_sync(be, (IRTemp)t);
}

static void bb_forget(Backend *be)
{
    IRContext *ir = be->ir;
    memset(be->checked, 0, (size_t)ir->nb_temps);
    be->flags_at = NULL;   /* a label: other paths join with other flags */
    for (int r = 0; r < 32; r++)
        if (be->reg_owner[r] != OWNER_FIXED)
            be->reg_owner[r] = OWNER_NONE;
    for (int t = 0; t < ir->nb_temps; t++) {
        IRTempInfo *ti = T(be, t);
        if (ti->fixed_reg >= 0 || ti->kind == IRT_CONST)
            continue;
        if (ti->kind == IRT_NORMAL) {
            release_temp(be, (IRTemp)t);
        } else if (ti->val_loc != LOC_DEAD) {
            ti->val_loc = LOC_MEM;
            ti->reg = -1;
            ti->mem_coherent = 1;
        }
    }
}

/* ---- Exits and stubs ------------------------------------------------------------------ */

static void emit_store_pc(Backend *be, uint64_t pc)
{
    XMem m = xm(X_RBP, (int32_t)GUEST_PC_OFFSET);
    if (fits_i32((int64_t)pc)) {
        x_store_imm(&be->b, 8, m, (int32_t)pc);
    } else {
        x_mov_ri(&be->b, X_RAX, pc);
        x_store(&be->b, 8, X_RAX, m);
    }
}

static void emit_exit_reason(Backend *be, uint64_t pc, int reason)
{
    emit_store_pc(be, pc);
    x_mov_ri(&be->b, X_RAX, (uint64_t)reason);
    x_jmp(&be->b, be->epilogue);
}

/* Record where the dirty unpinned globals are right now (the fault state of the next
 * instructions). The site's host range is closed by close_site; a site that is never closed
 * (host range empty) serves an out-of-line stub only. */
static int record_site(Backend *be)
{
    IRContext *ir = be->ir;
    be->sites = cg_grow(be->sites, &be->max_sites, sizeof(FaultSite), be->n_sites + 1);
    FaultSite *fs = &be->sites[be->n_sites];
    uint32_t off = (uint32_t)(be->b.p - be->b.start);
    *fs = (FaultSite){ off, off, (uint32_t)be->n_homes, 0 };
    for (int r = 0; r < 32; r++) {   /* the registers' owners: fewer than the globals */
        int t = be->reg_owner[r];
        if (t < 0 || t >= ir->nb_globals)
            continue;
        IRTempInfo *ti = T(be, t);
        if (ti->fixed_reg >= 0 || ti->val_loc != LOC_REG || ti->reg != r || ti->mem_coherent)
            continue;
        be->homes = cg_grow(be->homes, &be->max_homes, sizeof(RegHome), be->n_homes + 1);
        be->homes[be->n_homes++] = (RegHome){ ti->env_offset, ti->reg };
        fs->n++;
    }
    cg_loop_site_homes(be, fs);   /* a loop block's globals in its registers */
    cg_defer_site_homes(be, fs);  /* values computed when the site is taken */
#ifdef QELT_CHECK_SCRATCH
    uint32_t n = 0;
    for (int t = 0; t < ir->nb_globals; t++) {
        IRTempInfo *ti = T(be, t);
        if (ti->fixed_reg >= 0 || ti->val_loc != LOC_REG || ti->mem_coherent)
            continue;
        if (be->reg_owner[ti->reg] != t)
            abort();
        n++;
    }
    for (int k = 0; k < be->n_dfr; k++)
        n += be->dfr[k].active;
    if (n + (be->loop_mode ? (uint32_t)be->n_loop : 0) != fs->n)
        abort();
#endif
    return be->n_sites++;
}

static void close_site(Backend *be, int site)
{
    be->sites[site].host_end = (uint32_t)(be->b.p - be->b.start);
}

/* What a passed check proves of a temp's value (be->checked[t]). A strict check's failure
 * always faults; a loose one's resumes when the value is in [-IR_ADDR_DELTA_MAX, 0): any
 * access within IR_ADDR_DELTA_MAX of such a value lands in the lower guard (a host fault,
 * mapped back to the guest address) or, wrapping around, in the reservation. */
enum { CHK_NONE, CHK_STRICT /* below GM_ADDR_LIMIT */, CHK_LOOSE /* or in that band */ };

/* `cmp r, limit; jae stub`: the stub faults at address addr + off (loose: after the band
 * test of r). Alignment (MO_ALIGN with a size) is tested on addr, off 0. */
static void emit_range_check(Backend *be, XReg r, XReg addr, int32_t off, int mo, bool loose)
{
    /* One compare with the limit kept in env: fuses with the branch, needs no scratch. */
    x_alu_rm(&be->b, XA_CMP, true, r, xm(X_RBP, (int32_t)offsetof(VCPU, addr_limit)));
    int site = record_site(be);
    be->stubs = cg_grow(be->stubs, &be->max_stubs, sizeof(BadAddrStub), be->n_stubs + 2);
    uint8_t *field = x_jcc(&be->b, XC_AE, NULL);
    be->stubs[be->n_stubs++] = (BadAddrStub){ field, addr, off, be->cur_pc, 0, site,
                                              loose ? r : X_NOREG, be->b.p };
    if ((mo & MO_ALIGN) && (mo & MO_SIZE)) {
        x_test_ri(&be->b, false, addr, mo_bytes(mo) - 1);
        be->stubs[be->n_stubs++] = (BadAddrStub){ x_jcc(&be->b, XC_NE, NULL), addr, 0, be->cur_pc,
                                                  1, site, X_NOREG, NULL };
    }
}

/* Strict range (and alignment) check of the guest address a + off, a in register ra. */
static void emit_addr_check(Backend *be, IRTemp at, XReg a, int32_t off, int mo)
{
    if (be->checked[at] == CHK_STRICT && !((mo & MO_ALIGN) && (mo & MO_SIZE)))
        return;
    be->checked[at] = CHK_STRICT;
    emit_range_check(be, a, a, off, mo, false);
}

/* ---- Op lowering ---------------------------------------------------------------------- */

/* d's value is in the fixed-purpose register r (rax/rdx results): move it to d's pinned
 * register, or let d own r. */
void cg_set_result(Backend *be, IRTemp d, XReg r)
{
    be->reg_owner[r] = OWNER_NONE;
    temp_set_reg(be, d, r);
}

static void gen_alu(Backend *be, const IROp *op, XAlu alu, bool commutative)
{
    bool w64 = op->type == IR_I64;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    int ai = 0;   /* a's input index (for liveness) after any swap */
    XReg dfix = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg : X_NOREG;
    if (commutative && ir_is_const(be->ir, a) && !ir_is_const(be->ir, b)) {
        IRTemp t = a; a = b; b = t; ai = 1;
    } else if (commutative && a != b && in_env_only(be, a) && !ir_is_const(be->ir, b) &&
               (can_steal(be, op, 1, b) || (dfix != X_NOREG && T(be, b)->fixed_reg == dfix))) {
        /* b's register becomes the destination: read a as the memory operand. */
        IRTemp t = a; a = b; b = t; ai = 1;
    }
    bool bimm = ir_is_const(be->ir, b) && fits_i32(T(be, b)->val);
    bool bmem = !bimm && a != b && in_env_only(be, b);
    XReg rb = (bimm || bmem) ? X_NOREG : temp_load(be, b, 0);
    XReg ra, rd;
    if (in_env_only(be, a) && (dfix == X_NOREG || dfix != rb)) {
        /* Load a straight into the destination. */
        rd = dfix != X_NOREG ? dfix : alloc_reg(be, 0);
        x_load(&be->b, 8, false, rd, temp_home(be, a));
        ra = rd;
    } else {
        ra = temp_load(be, a, 0);
        if (dfix != X_NOREG)
            rd = dfix;
        else if (can_steal(be, op, ai, a))
            rd = ra;
        else
            rd = alloc_reg(be, 0);
    }
    if (bmem) {
        if (rd != ra)
            x_mov_rr(&be->b, true, rd, ra);
        x_alu_rm(&be->b, alu, w64, rd, temp_home(be, b));
    } else if (!bimm && rd == rb && rd != ra) {
        if (commutative) {
            x_alu_rr(&be->b, alu, w64, rd, ra);
        } else {
            XReg t = alloc_reg(be, 0);
            be->reg_owner[t] = OWNER_SCRATCH;
            x_mov_rr(&be->b, true, t, ra);
            x_alu_rr(&be->b, alu, w64, t, rb);
            x_mov_rr(&be->b, true, rd, t);
        }
    } else if (rd != ra && alu == XA_ADD) {   /* three operands: lea, no mov */
        x_lea(&be->b, w64, rd, bimm ? xm(ra, (int32_t)T(be, b)->val) : xmi(ra, rb, 1, 0));
    } else {
        if (rd != ra)
            x_mov_rr(&be->b, true, rd, ra);
        if (bimm)
            x_alu_ri(&be->b, alu, w64, rd, (int32_t)T(be, b)->val);
        else
            x_alu_rr(&be->b, alu, w64, rd, rb);
        be->flags_at = be->b.p, be->flags_reg = rd, be->flags_w64 = w64;   /* ZF: rd == 0 */
    }
    temp_set_reg(be, d, rd);
}

static void gen_mul(Backend *be, const IROp *op)
{
    bool w64 = op->type == IR_I64;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    if (ir_is_const(be->ir, a) && !ir_is_const(be->ir, b)) {
        IRTemp t = a; a = b; b = t;
    }
    XReg ra = temp_load(be, a, 0);
    if (ir_is_const(be->ir, b) && fits_i32(T(be, b)->val)) {
        XReg rd = dest_reg(be, d, 0);
        x_imul_rri(&be->b, w64, rd, ra, (int32_t)T(be, b)->val);
        temp_set_reg(be, d, rd);
        return;
    }
    XReg rb = temp_load(be, b, 0);
    XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg
              : can_steal(be, op, 0, a) ? ra : alloc_reg(be, 0);
    if (rd == rb && rd != ra) {
        x_imul_rr(&be->b, w64, rd, ra);
    } else {
        if (rd != ra)
            x_mov_rr(&be->b, true, rd, ra);
        x_imul_rr(&be->b, w64, rd, rb);
    }
    temp_set_reg(be, d, rd);
}

/* Whether t's current value is read again before the next block boundary (or within
 * SPILL_WINDOW ops). */
static bool read_in_bb(Backend *be, IRTemp t)
{
    const IRContext *ir = be->ir;
    int end = be->cur_op + 1 + SPILL_WINDOW;
    for (int i = be->cur_op + 1; i < end && i < ir->nb_ops; i++) {
        const IROp *op = &ir->ops[i];
        for (int k = 0; k < op->nb_in; k++)
            if ((IRTemp)op->args[op->nb_out + k] == t)
                return true;
        for (int k = 0; k < op->nb_out; k++)
            if ((IRTemp)op->args[k] == t)
                return false;
        if (ir_op_defs[op->opc].flags & IRF_BB_END)
            return false;
    }
    return false;
}

/* An extension (or a copy) of a global whose value is only in env and not read again soon:
 * one load straight into d's register (d may be that global: extended in place). The op's kind gives the load (mov:
 * 64 bits or, at I32, a zero-extending 32-bit load). False: a is not such a global, nothing
 * emitted. */
static bool gen_load_ext_global(Backend *be, const IROp *op)
{
    static const struct { uint8_t size; bool sign; } ld[IR_NB_OPS] = {
        [IR_OP_mov] = { 8, false }, [IR_OP_ext8s] = { 1, true }, [IR_OP_ext8u] = { 1, false },
        [IR_OP_ext16s] = { 2, true }, [IR_OP_ext16u] = { 2, false },
        [IR_OP_ext32s] = { 4, true }, [IR_OP_ext32u] = { 4, false },
    };
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    if (!ld[op->opc].size || (d == a && op->opc == IR_OP_mov) || !in_env_only(be, a))
        return false;
    if (d != a && !dies(op, 0) && read_in_bb(be, a))
        return false;   /* read again soon: worth a register of its own */
    int size = op->opc == IR_OP_mov && op->type == IR_I32 ? 4 : ld[op->opc].size;
    XReg rd = dest_reg(be, d, 0);
    x_load(&be->b, size, ld[op->opc].sign, rd, temp_home(be, a));
    temp_set_reg(be, d, rd);
    return true;
}

static void gen_unary(Backend *be, const IROp *op)
{
    bool w64 = op->type == IR_I64;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    if (gen_load_ext_global(be, op))
        return;
    XReg ra = temp_load(be, a, 0);
    XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg
              : can_steal(be, op, 0, a) ? ra : alloc_reg(be, 0);
    switch (op->opc) {
    case IR_OP_neg:
    case IR_OP_not:
        if (rd != ra)
            x_mov_rr(&be->b, true, rd, ra);
        x_unary(&be->b, op->opc == IR_OP_neg ? XU_NEG : XU_NOT, w64, rd);
        break;
    case IR_OP_ext8s: x_movsx(&be->b, 1, rd, ra); break;
    case IR_OP_ext16s: x_movsx(&be->b, 2, rd, ra); break;
    case IR_OP_ext32s: x_movsx(&be->b, 4, rd, ra); break;
    case IR_OP_ext8u: x_movzx(&be->b, 1, rd, ra); break;
    case IR_OP_ext16u: x_movzx(&be->b, 2, rd, ra); break;
    case IR_OP_ext32u: x_movzx(&be->b, 4, rd, ra); break;
    default: break;
    }
    temp_set_reg(be, d, rd);
}

/* A copy into an unpinned global that nothing reads before the next block boundary, of a
 * constant, a pinned register or a value staying in its register: one store to the global's
 * home (the boundary would store it anyway), no register for it. False: nothing emitted. */
static bool gen_copy_to_env(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    IRTempInfo *di = T(be, d), *ai = T(be, a);
    if (op->type != IR_I64 || di->kind != IRT_GLOBAL || di->fixed_reg >= 0 || d == a)
        return false;
    bool imm = ai->kind == IRT_CONST && fits_i32(ai->val);
    bool reg = ai->kind != IRT_CONST &&
               (ai->fixed_reg >= 0 || (ai->val_loc == LOC_REG && !is_xmm(ai->reg) &&
                                       !can_steal(be, op, 0, a)));
    if ((!imm && !reg) || read_in_bb(be, d))
        return false;
    XMem home = temp_home(be, d);
    if (imm)
        x_store_imm(&be->b, 8, home, (int32_t)ai->val);
    else
        store_reg(&be->b, ai->fixed_reg >= 0 ? ai->fixed_reg : ai->reg, home);
    if (di->val_loc == LOC_REG && be->reg_owner[di->reg] == (int)d)
        be->reg_owner[di->reg] = OWNER_NONE;
    di->val_loc = LOC_MEM;
    di->reg = -1;
    di->mem_coherent = 1;
    be->checked[d] = 0;
    return true;
}

static void gen_mov(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    bool w64 = op->type == IR_I64;
    if (gen_copy_to_env(be, op))
        return;
    if (ir_is_const(be->ir, a)) {
        uint64_t v = (uint64_t)T(be, a)->val;
        if (!w64)
            v = (uint32_t)v;
        XReg rd = dest_reg(be, d, 0);
        x_mov_ri(&be->b, rd, v);
        temp_set_reg(be, d, rd);
        return;
    }
    IRTempInfo *ai = T(be, a);
    if (gen_load_ext_global(be, op))
        return;
    if (w64 && ai->val_loc == LOC_REG && is_xmm(ai->reg)) {
        /* An FP value stays in the xmm domain. */
        int xa = temp_load_x(be, a, 0);
        if (!is_fixed(be, d) && can_steal(be, op, 0, a)) {
            be->reg_owner[xa] = OWNER_NONE;
            temp_set_reg(be, d, (XReg)xa);
            return;
        }
        int xd = is_fixed(be, d) ? xa : alloc_xmm(be, 0);
        if (xd != xa)
            x_sse_mov_rr(&be->b, xd - 16, xa - 16);
        temp_set_reg(be, d, (XReg)xd);
        return;
    }
    XReg ra = temp_load(be, a, 0);
    if (!is_fixed(be, d) && w64 && can_steal(be, op, 0, a)) {
        temp_set_reg(be, d, ra);
        return;
    }
    XReg rd = dest_reg(be, d, 0);
    if (rd != ra || !w64)
        x_mov_rr(&be->b, w64, rd, ra);
    temp_set_reg(be, d, rd);
}

static void gen_shift(Backend *be, const IROp *op, XShift sh)
{
    bool w64 = op->type == IR_I64;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    if (ir_is_const(be->ir, b)) {
        XReg ra = temp_load(be, a, 0);
        XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg
                  : can_steal(be, op, 0, a) ? ra : alloc_reg(be, 0);
        int n = (int)(T(be, b)->val & (w64 ? 63 : 31));
        if (rd != ra && (sh == XS_ROR || sh == XS_ROL) && (be->host_bits & X86_HAS_BMI2)) {
            /* No copy first: rorx has a separate destination. */
            int w = w64 ? 64 : 32;
            x_rorx(&be->b, w64, rd, ra, (uint8_t)(sh == XS_ROR ? n : (w - n) % w));
            temp_set_reg(be, d, rd);
            return;
        }
        if (rd != ra)
            x_mov_rr(&be->b, true, rd, ra);
        if (n || !w64)   /* a 32-bit shift by 0 still zero-extends */
            x_shift_ri(&be->b, sh, w64, rd, (uint8_t)n);
        temp_set_reg(be, d, rd);
        return;
    }
    if ((be->host_bits & X86_HAS_BMI2) && sh != XS_ROL && sh != XS_ROR) {
        XReg rb = temp_load(be, b, 0);
        if (a != b && in_env_only(be, a)) {   /* the value shifted straight from env */
            XReg rd = dest_reg(be, d, 0);
            x_shiftx_m(&be->b, sh, w64, rd, temp_home(be, a), rb);
            temp_set_reg(be, d, rd);
            return;
        }
        XReg ra = temp_load(be, a, 0);
        XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg
                  : can_steal(be, op, 0, a) ? ra : alloc_reg(be, 0);
        x_shiftx(&be->b, sh, w64, rd, ra, rb);
        temp_set_reg(be, d, rd);
        return;
    }
    cg_take_reg(be, X_RCX, b);
    XReg rb = temp_load(be, b, 0);
    if (rb != X_RCX)
        x_mov_rr(&be->b, true, X_RCX, rb);
    XReg ra = temp_load(be, a, 1u << X_RCX);
    XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg
              : (can_steal(be, op, 0, a) && ra != X_RCX) ? ra : alloc_reg(be, 1u << X_RCX);
    if (rd != ra)
        x_mov_rr(&be->b, true, rd, ra);
    x_shift_rcl(&be->b, sh, w64, rd);
    /* rcx may still be b's register: only mark it free if it was a plain copy. */
    if (be->reg_owner[X_RCX] == OWNER_NONE)
        be->reg_owner[X_RCX] = OWNER_SCRATCH;
    temp_set_reg(be, d, rd);
}

/* High-half multiplies: rdx:rax = rax * src. */
static void gen_mulh(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    cg_take_reg(be, X_RDX, IR_NOTEMP);
    uint32_t avoid = (1u << X_RAX) | (1u << X_RDX);
    XReg ra = temp_load(be, a, avoid);
    XReg rb = temp_load(be, b, avoid);
    x_mov_rr(&be->b, true, X_RAX, ra);
    if (op->opc == IR_OP_mulsh) {
        x_unary(&be->b, XU_IMUL, true, rb);
    } else {
        x_unary(&be->b, XU_MUL, true, rb);
        if (op->opc == IR_OP_mulsuh) {
            /* signed a * unsigned b: the unsigned product's high half minus b when a < 0. */
            XReg t = alloc_reg(be, avoid);
            be->reg_owner[t] = OWNER_SCRATCH;
            x_mov_rr(&be->b, true, t, ra);
            x_shift_ri(&be->b, XS_SAR, true, t, 63);
            x_alu_rr(&be->b, XA_AND, true, t, rb);
            x_alu_rr(&be->b, XA_SUB, true, X_RDX, t);
        }
    }
    be->reg_owner[X_RAX] = OWNER_SCRATCH;
    cg_set_result(be, d, X_RDX);
}

/* Division with RISC-V results for x/0 and INT_MIN/-1; x86 would trap on both. divrem(u)
 * delivers both the quotient (rax) and the remainder (rdx). */
static void gen_div(Backend *be, const IROp *op)
{
    bool w64 = op->type == IR_I64;
    bool both = op->opc == IR_OP_divrem || op->opc == IR_OP_divremu;
    bool sign = op->opc == IR_OP_div || op->opc == IR_OP_rem || op->opc == IR_OP_divrem;
    bool want_rem = op->opc == IR_OP_rem || op->opc == IR_OP_remu;
    IRTemp d = (IRTemp)op->args[0];
    IRTemp a = (IRTemp)op->args[op->nb_out], b = (IRTemp)op->args[op->nb_out + 1];
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    cg_take_reg(be, X_RDX, IR_NOTEMP);
    uint32_t avoid = (1u << X_RAX) | (1u << X_RDX);
    XReg ra = temp_load(be, a, avoid);
    XReg rb = temp_load(be, b, avoid);
    XBuf *buf = &be->b;
    x_test_rr(buf, w64, rb, rb);
    uint8_t *j_zero = x_jcc8(buf, XC_E);
    uint8_t *j_m1 = NULL, *j_done1 = NULL;
    if (sign) {
        x_alu_ri(buf, XA_CMP, w64, rb, -1);
        uint8_t *j_norm = x_jcc8(buf, XC_NE);
        /* b == -1: quotient -a (INT_MIN stays INT_MIN), remainder 0 */
        x_mov_rr(buf, true, X_RAX, ra);
        x_unary(buf, XU_NEG, w64, X_RAX);
        x_alu_rr(buf, XA_XOR, false, X_RDX, X_RDX);
        j_m1 = x_jmp8(buf);
        x_patch_rel8(j_norm, buf->p);
        x_mov_rr(buf, true, X_RAX, ra);
        if (w64) x_cqo(buf); else x_cdq(buf);
        x_unary(buf, XU_IDIV, w64, rb);
    } else {
        x_mov_rr(buf, true, X_RAX, ra);
        x_alu_rr(buf, XA_XOR, false, X_RDX, X_RDX);
        x_unary(buf, XU_DIV, w64, rb);
    }
    j_done1 = x_jmp8(buf);
    x_patch_rel8(j_zero, buf->p);
    x_mov_ri(buf, X_RAX, w64 ? UINT64_MAX : 0xffffffffu);
    x_mov_rr(buf, w64, X_RDX, ra);
    x_patch_rel8(j_done1, buf->p);
    if (j_m1)
        x_patch_rel8(j_m1, buf->p);
    if (both) {
        cg_set_result(be, d, X_RAX);
        cg_set_result(be, (IRTemp)op->args[1], X_RDX);
        return;
    }
    XReg src = want_rem ? X_RDX : X_RAX;
    be->reg_owner[want_rem ? X_RAX : X_RDX] = OWNER_SCRATCH;
    cg_set_result(be, d, src);   /* 32-bit forms left the value zero-extended */
}

/* Compare a with b (swapping when only a is constant); returns the condition to test. */
static IRCond gen_cmp(Backend *be, bool w64, IRTemp a, IRTemp b, IRCond c)
{
    if ((ir_is_const(be->ir, a) && !ir_is_const(be->ir, b)) ||
        (a != b && in_env_only(be, a) && !ir_is_const(be->ir, b) && !in_env_only(be, b))) {
        IRTemp t = a; a = b; b = t;
        c = ir_cond_swap(c);
    }
    XReg ra = temp_load(be, a, 0);
    if (a != b && in_env_only(be, b)) {   /* a global only in env: compare with its home */
        x_alu_rm(&be->b, XA_CMP, w64, ra, temp_home(be, b));
    } else if (ir_is_const(be->ir, b) && fits_i32(T(be, b)->val)) {
        int32_t v = (int32_t)T(be, b)->val;
        if (v == 0 && (c == IR_EQ || c == IR_NE) && be->flags_at == be->b.p &&
            be->flags_reg == ra && be->flags_w64 == w64)
            ;   /* the ALU op just before left ZF for this very value */
        else if (v == 0 && (c == IR_EQ || c == IR_NE))
            x_test_rr(&be->b, w64, ra, ra);
        else
            x_alu_ri(&be->b, XA_CMP, w64, ra, v);
    } else {
        XReg rb = temp_load(be, b, 0);
        x_alu_rr(&be->b, XA_CMP, w64, ra, rb);
    }
    return c;
}

static void gen_setcond(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0];
    /* a vld/vst's skip, or a vcall's condition right after: it branches on the flags */
    if (cg_vec_cond_in_flags(be, op) || cg_vcall_cond_next(be, d)) {
        IRCond c = gen_cmp(be, op->type == IR_I64, (IRTemp)op->args[1], (IRTemp)op->args[2],
                           (IRCond)op->args[3]);
        be->vflag_temp = d;
        be->vflag_cc = cg_cond_map[c];
        return;
    }
    XReg rd = dest_reg(be, d, 0);
    IRCond c = gen_cmp(be, op->type == IR_I64, (IRTemp)op->args[1], (IRTemp)op->args[2],
                       (IRCond)op->args[3]);
    x_setcc(&be->b, cg_cond_map[c], rd);
    x_movzx(&be->b, 1, rd, rd);
    temp_set_reg(be, d, rd);
}

static void gen_movcond(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], v1 = (IRTemp)op->args[3], v2 = (IRTemp)op->args[4];
    if (op->type == IR_I64 && (v1 == d) != (v2 == d)) {
        /* d = c ? v : d (a select the front end made of a skipped instruction): one cmov
         * into d's own register. */
        IRCond c = (IRCond)op->args[5];
        IRTemp v = v1 == d ? v2 : v1;
        if (v1 == d)
            c = ir_cond_invert(c);
        XReg rv = temp_load(be, v, 0);
        XReg rd = is_fixed(be, d) ? (XReg)T(be, d)->fixed_reg : temp_load(be, d, 0);
        c = gen_cmp(be, true, (IRTemp)op->args[1], (IRTemp)op->args[2], c);
        x_cmov(&be->b, cg_cond_map[c], true, rd, rv);
        temp_set_reg(be, d, rd);
        return;
    }
    IRTemp a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    XReg r1 = temp_load(be, v1, 0), t;
    if (is_fixed(be, d) && d != a && d != b && d != v1) {
        /* Straight into d's pinned register: neither the compare nor v1 reads it. */
        t = (XReg)T(be, d)->fixed_reg;
        if (ir_is_const(be->ir, v2)) {
            x_mov_ri(&be->b, t, (uint64_t)T(be, v2)->val);
        } else {
            XReg r2 = temp_load(be, v2, 0);
            if (r2 != t)
                x_mov_rr(&be->b, true, t, r2);
        }
    } else {
        XReg r2 = temp_load(be, v2, 0);
        t = alloc_reg(be, 0);
        x_mov_rr(&be->b, true, t, r2);
    }
    IRCond c = gen_cmp(be, op->type == IR_I64, (IRTemp)op->args[1], (IRTemp)op->args[2],
                       (IRCond)op->args[5]);
    x_cmov(&be->b, cg_cond_map[c], op->type == IR_I64, t, r1);
    if (op->type == IR_I32)
        x_mov_rr(&be->b, false, t, t);
    temp_set_reg(be, d, t);
}

/* d = a | 0xffffffff00000000 (NaN-boxing a single: flw's IR). */
static bool is_box_op(Backend *be, const IROp *op)
{
    IRTemp b = (IRTemp)op->args[2];
    return op->opc == IR_OP_or && op->type == IR_I64 && ir_is_const(be->ir, b) &&
           (uint64_t)T(be, b)->val == 0xffffffff00000000ull;
}

/* NaN-boxing of a single in an xmm register stays there: all ones, then the low 32 bits. */
static bool gen_box_xmm(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    IRTempInfo *ai = T(be, a);
    bool fx = is_xmm_fixed(be, d);   /* then always here: gen_alu has no xmm destination */
    if (!is_box_op(be, op) ||
        (!fx && (ai->val_loc != LOC_REG || !is_xmm(ai->reg) || is_fixed(be, d))))
        return false;
    int xa = temp_load_x(be, a, 0);
    bool steal = !fx && can_steal(be, op, 0, a);   /* AVX: one vorpd, into a's register */
    int xd = fx ? T(be, d)->fixed_reg : steal ? xa : -1;
    if (xd < 0)
        xd = alloc_xmm(be, 1u << xa);
    if (cg_fp_box(be, xd, xa)) {
        if (steal)
            be->reg_owner[xa] = OWNER_NONE;
        temp_set_reg(be, d, (XReg)xd);
        return true;
    }
    if (xd == xa)   /* SSE: all ones, then the single */
        xd = alloc_xmm(be, 1u << xa);
    x_pcmpeqd(&be->b, xd - 16, xd - 16);
    x_movss_rr(&be->b, xd - 16, xa - 16);
    temp_set_reg(be, d, (XReg)xd);
    return true;
}

/* Is t's value headed for an FP op (fpfast), possibly through movs, within the next ops?
 * Then a 64-bit load of it goes straight to an xmm register. */
static bool feeds_fp(Backend *be, IRTemp t)
{
    const IRContext *ir = be->ir;
    IRTemp set[4] = { t };
    int n = 1;
    int end = be->cur_op + 1 + 48;
    for (int i = be->cur_op + 1; i < end && i < ir->nb_ops; i++) {
        const IROp *op = &ir->ops[i];
        if (op->opc == IR_OP_set_label || op->opc == IR_OP_br)
            return false;
        for (int k = 0; k < op->nb_in; k++) {
            IRTemp a = (IRTemp)op->args[op->nb_out + k];
            bool in = false;
            for (int j = 0; j < n; j++)
                in |= set[j] == a;
            if (!in)
                continue;
            if (op->opc == IR_OP_fpfast)
                return ((int)op->args[4] & IR_FP_OPMASK) != IR_FCVT_I2F;
            if ((op->opc != IR_OP_mov && !is_box_op(be, op)) || n == 4)
                return false;
            set[n++] = (IRTemp)op->args[0];
        }
    }
    return false;
}

/* The host operand of guest address a + disp (a X_NOREG: the address is disp): [r15 + a +
 * disp], or [a + disp] / [disp] when guest memory is at host address 0. */
static XMem guest_op(const Backend *be, XReg a, int32_t disp)
{
    return be->zero_base ? xm(a, disp) : xmi(X_R15, a, 1, disp);
}

static XMem guest_mem(const Backend *be, XReg a) { return guest_op(be, a, 0); }

/* Load and check the address of a guest access; returns the host operand. A fused address
 * checks its base register instead: base < GM_ADDR_LIMIT and |off| < 2^31 keep base + off
 * inside the reservation with its guards, so a bad access still faults in memory we own.
 * A scalar access (gld/gst without MO_ALIGN) checks the base ir_addr_bases found for it
 * (loosely: see CHK_LOOSE), once per base value: its delta is within IR_ADDR_DELTA_MAX. */
static XMem guest_addr(Backend *be, IRTemp a, int mo, bool scalar)
{
    IRTemp t = a;
    int32_t off = 0;
    if (a == be->fused_temp)
        t = be->fused_base, off = be->fused_off;
    XReg rt = temp_load(be, t, 0);
    XMem m = guest_op(be, rt, off);
    if (scalar && !(mo & MO_ALIGN) && cg_loop_unchecked(be))
        return m;   /* a loop block's entry checked it (walk-into-guard) */
    if (!scalar || (mo & MO_ALIGN) || off < -IR_ADDR_DELTA_MAX || off > IR_ADDR_DELTA_MAX) {
        emit_addr_check(be, t, rt, off, mo);
        return m;
    }
    const IRAddrBase *ab = &be->addr_base[be->cur_op];
    IRTemp base = ab->base;
    /* A base to be loaded for its check only pays when another access shares it. */
    if (base == IR_NOTEMP || (be->checked[base] == CHK_NONE && !ab->shared &&
                              T(be, base)->val_loc != LOC_REG))
        base = t;
    if (be->checked[base] != CHK_NONE)
        return m;
    XReg rb = base == t ? rt : temp_load(be, base, 1u << rt);
    be->checked[base] = CHK_LOOSE;
    emit_range_check(be, rb, rt, off, mo, true);
    return m;
}

/* A constant guest address (auipc/lui + offset, folded) below 2^31 needs no register and no
 * check: [r15 + address] is inside the reservation (GM_ADDR_LIMIT, guards after it). */
static XMem scalar_guest_addr(Backend *be, IRTemp a, int mo)
{
    const IRTempInfo *ti = T(be, a);
    if (ti->kind == IRT_CONST && !(mo & MO_ALIGN) && ti->val >= 0 && ti->val < INT32_MAX - 8 &&
        (uint64_t)ti->val < GM_ADDR_LIMIT)
        return guest_op(be, X_NOREG, (int32_t)ti->val);
    return guest_addr(be, a, mo, true);
}

/* The GPR holding the value an op overwrites: d an unpinned global whose current value is in
 * a register of its own (X_NOREG: none). */
static XReg own_old_reg(Backend *be, IRTemp d)
{
    const IRTempInfo *ti = T(be, d);
    if (ti->kind != IRT_GLOBAL || ti->fixed_reg >= 0 || ti->val_loc != LOC_REG ||
        is_xmm(ti->reg) || be->reg_owner[ti->reg] != (int)d)
        return X_NOREG;
    return (XReg)ti->reg;
}

/* Before a pure op (no fault site, no exit) that writes an unpinned global it does not
 * read: the global's old value is dead from here, so its register is free for the op (a
 * block short of registers would otherwise spill another value to make room). Its env
 * copy is never read before the op writes the global. */
static void free_overwritten(Backend *be, const IROp *op)
{
    if (op->nb_out != 1 || !(ir_op_defs[op->opc].flags & IRF_FOLD))
        return;
    IRTemp d = (IRTemp)op->args[0];
    for (int k = 0; k < op->nb_in; k++)
        if ((IRTemp)op->args[1 + k] == d)
            return;
    if (own_old_reg(be, d) != X_NOREG && !(be->locked & (1u << T(be, d)->reg)))
        release_temp(be, d);
}

static void gen_gld(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int mo = (int)op->args[2];
    XMem m = scalar_guest_addr(be, a, mo);
    /* A load into a global in a register loads into that register: a faulting load writes
     * nothing, so the site still finds the old value there. */
    XReg rd = own_old_reg(be, d);
    if (rd != X_NOREG)
        be->locked |= 1u << rd;
    else
        rd = dest_reg(be, d, 0);
    int site = record_site(be);
    x_load(&be->b, mo_bytes(mo), (mo & MO_SIGN) != 0, rd, m);
    close_site(be, site);
    temp_set_reg(be, d, rd);
}

/* A 64-bit (fld) or 32-bit unsigned (flw) load whose value feeds an FP op goes straight to
 * an xmm register (user mode); false: not such a load, nothing emitted. */
static bool gen_gld_xmm(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int mo = (int)op->args[2];
    bool fx = is_xmm_fixed(be, d);   /* straight into it */
    if (((mo & (MO_SIZE | MO_SIGN)) != MO_64 && (mo & (MO_SIZE | MO_SIGN)) != MO_32) ||
        be->softmmu || (fx ? (mo & MO_SIZE) != MO_64 : is_fixed(be, d) || !feeds_fp(be, d)))
        return false;
    XMem m = guest_addr(be, a, mo, true);
    int xd = fx ? T(be, d)->fixed_reg : alloc_xmm(be, 0);
    int site = record_site(be);
    x_sse_load(&be->b, (mo & MO_SIZE) == MO_64, xd - 16, m);
    close_site(be, site);
    temp_set_reg(be, d, (XReg)xd);
    return true;
}

static void gen_gst(Backend *be, const IROp *op)
{
    IRTemp v = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int mo = (int)op->args[2];
    XMem m = scalar_guest_addr(be, a, mo);
    if (ir_is_const(be->ir, v) && fits_i32(T(be, v)->val)) {
        int site = record_site(be);
        x_store_imm(&be->b, mo_bytes(mo), m, (int32_t)T(be, v)->val);
        close_site(be, site);
    } else if (T(be, v)->val_loc == LOC_REG && is_xmm(T(be, v)->reg) &&
               (mo_bytes(mo) == 8 || mo_bytes(mo) == 4)) {
        int xv = temp_load_x(be, v, 0);
        int site = record_site(be);
        x_sse_store(&be->b, mo_bytes(mo) == 8, m, xv - 16);
        close_site(be, site);
    } else {
        XReg rv = temp_load(be, v, 0);
        int site = record_site(be);
        x_store(&be->b, mo_bytes(mo), rv, m);
        close_site(be, site);
    }
}

void cg_extend_result(Backend *be, XReg r, int mo)
{
    if ((mo & MO_SIGN) && mo_bytes(mo) == 4)
        x_movsx(&be->b, 4, r, r);
}

/* The new value of a compare-and-swap loop's atomic read-modify-write: t = t OP rv (t holds the
 * old value). and/or/xor are one ALU op; min/max compare and move rv in when it wins. */
void cg_atomic_update(XBuf *buf, int aop, bool w64, XReg t, XReg rv)
{
    static const struct { bool ok; XAlu alu; int cmov_cc; } upd[] = {
        [IR_AAND] = { true, XA_AND, -1 }, [IR_AOR] = { true, XA_OR, -1 },
        [IR_AXOR] = { true, XA_XOR, -1 },
        [IR_ASMIN] = { true, XA_CMP, XC_G }, [IR_ASMAX] = { true, XA_CMP, XC_L },
        [IR_AUMIN] = { true, XA_CMP, XC_A }, [IR_AUMAX] = { true, XA_CMP, XC_B },
    };
    if (aop < 0 || (size_t)aop >= sizeof upd / sizeof upd[0] || !upd[aop].ok)
        return;
    x_alu_rr(buf, upd[aop].alu, w64, t, rv);
    if (upd[aop].cmov_cc >= 0)
        x_cmov(buf, (XCond)upd[aop].cmov_cc, w64, t, rv);
}

static void gen_gatomic(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], v = (IRTemp)op->args[2];
    int mo = (int)op->args[3];
    IRAtomicOp aop = (IRAtomicOp)op->args[4];
    int size = mo_bytes(mo);
    bool w64 = size == 8;
    XBuf *buf = &be->b;
    if (aop == IR_AXCHG || aop == IR_AADD) {
        XReg ra = temp_load(be, a, 0);
        emit_addr_check(be, a, ra, 0, mo);
        XReg rv = temp_load(be, v, 0);
        XReg t = alloc_reg(be, 0);
        x_mov_rr(buf, true, t, rv);
        int site = record_site(be);
        if (aop == IR_AXCHG)
            x_xchg_mr(buf, size, guest_mem(be, ra), t);
        else
            x_lock_xadd(buf, size, guest_mem(be, ra), t);
        close_site(be, site);
        cg_extend_result(be, t, mo);
        temp_set_reg(be, d, t);
        return;
    }
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    uint32_t avoid = 1u << X_RAX;
    XReg ra = temp_load(be, a, avoid);
    emit_addr_check(be, a, ra, 0, mo);
    XReg rv = temp_load(be, v, avoid);
    XReg t = alloc_reg(be, avoid);
    be->reg_owner[t] = OWNER_SCRATCH;
    int site = record_site(be);
    x_load(buf, size, false, X_RAX, guest_mem(be, ra));
    uint8_t *loop = buf->p;
    x_mov_rr(buf, true, t, X_RAX);
    cg_atomic_update(buf, aop, w64, t, rv);
    x_lock_cmpxchg(buf, size, guest_mem(be, ra), t);
    close_site(be, site);
    uint8_t *j = x_jcc8(buf, XC_NE);
    x_patch_rel8(j, loop);
    cg_extend_result(be, X_RAX, mo);
    cg_set_result(be, d, X_RAX);
}

static void gen_gcmpxchg(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    IRTemp e = (IRTemp)op->args[2], n = (IRTemp)op->args[3];
    int mo = (int)op->args[4];
    int size = mo_bytes(mo);
    cg_take_reg(be, X_RAX, IR_NOTEMP);
    uint32_t avoid = 1u << X_RAX;
    XReg ra = temp_load(be, a, avoid);
    emit_addr_check(be, a, ra, 0, mo);
    XReg re = temp_load(be, e, avoid);
    XReg rn = temp_load(be, n, avoid);
    x_mov_rr(&be->b, true, X_RAX, re);
    int site = record_site(be);
    x_lock_cmpxchg(&be->b, size, guest_mem(be, ra), rn);
    close_site(be, site);
    if (size == 4)
        x_mov_rr(&be->b, false, X_RAX, X_RAX);   /* only eax is meaningful */
    cg_extend_result(be, X_RAX, mo);
    cg_set_result(be, d, X_RAX);
}

static const XReg arg_regs[6] = { X_RDI, X_RSI, X_RDX, X_RCX, X_R8, X_R9 };

/* The call's arguments into arg_regs: values in allocatable registers are moved there
 * directly (a parallel move: xchg breaks cycles), then constants, pinned callee-saved
 * registers and values in their homes are loaded. Runs after the homes are up to date and
 * before the allocator forgets the registers. */
static void gen_call_args(Backend *be, const IROp *op, int flags)
{
    XBuf *b = &be->b;
    int ai = flags & IR_CALL_ENV ? 1 : 0;
    XReg src[6];
    int n = 0;
    for (int k = 0; k < op->nb_in && ai + k < 6; k++, n++) {
        IRTempInfo *ti = T(be, (IRTemp)op->args[op->nb_out + k]);
        bool in_alloc = ti->kind != IRT_CONST && ti->fixed_reg < 0 && ti->val_loc == LOC_REG &&
                        be->reg_owner[ti->reg] == (int)op->args[op->nb_out + k];
        src[k] = in_alloc ? (XReg)ti->reg : X_NOREG;
    }
    /* Register-to-register moves first, in an order that reads every source before it is
     * overwritten. */
    bool done[6] = { false };
    for (int left = 1; left;) {
        left = 0;
        bool progress = false;
        for (int k = 0; k < n; k++) {
            XReg d = arg_regs[ai + k];
            if (done[k] || src[k] == X_NOREG)
                continue;
            if (src[k] == d) {
                done[k] = true;
                continue;
            }
            bool blocked = false;
            for (int j = 0; j < n; j++)
                blocked |= j != k && !done[j] && src[j] == d;
            if (blocked) {
                left = 1;
                continue;
            }
            x_mov_rr(b, true, d, src[k]);
            done[k] = progress = true;
        }
        if (left && !progress) {   /* only cycles remain: swap one pair */
            for (int k = 0; k < n; k++) {
                XReg d = arg_regs[ai + k];
                if (done[k] || src[k] == X_NOREG)
                    continue;
                x_xchg_rr(b, true, d, src[k]);
                for (int j = 0; j < n; j++)
                    if (j != k && !done[j] && src[j] == d)
                        src[j] = src[k];
                done[k] = true;
                break;
            }
        }
    }
    if (flags & IR_CALL_ENV)
        x_mov_rr(b, true, arg_regs[0], X_RBP);
    for (int k = 0; k < n; k++) {
        if (src[k] != X_NOREG)
            continue;
        IRTemp t = (IRTemp)op->args[op->nb_out + k];
        IRTempInfo *ti = T(be, t);
        if (ti->kind == IRT_CONST)
            x_mov_ri(b, arg_regs[ai + k], (uint64_t)ti->val);
        else if (ti->fixed_reg >= 0 && is_callee_saved(ti->fixed_reg))
            x_mov_rr(b, true, arg_regs[ai + k], (XReg)ti->fixed_reg);
        else   /* in its home, or pinned in an argument register we may have overwritten */
            x_load(b, 8, false, arg_regs[ai + k], temp_home(be, t));
    }
}

static void gen_call(Backend *be, const IROp *op)
{
    int flags = op->call_flags;
    IRContext *ir = be->ir;
    if (!(flags & IR_CALL_NO_RG))
        sync_globals(be, true);
    else
        store_fixed_range(be, N_FIXED_CALLEE, N_FIXED);   /* caller-saved pinned registers */
    /* Every allocatable register is caller-saved: live values go to their homes (a temp
     * that is only this call's argument and dies here needs none), registers are forgotten
     * once the arguments are in place. A callback copied into the code (codegen-inline.c)
     * changes only the registers it names: values in the others stay. */
    uint32_t clob = ~0u;
    bool copy = (flags & IR_CALL_CALLBACK) && x86_inline_clobbers(be, op->fn, &clob);
    if (copy && !(flags & IR_CALL_NO_WG))
        clob = ~0u;   /* it may change guest registers in env: none may stay in a register */
    else if (copy) {
        for (int k = (flags & IR_CALL_ENV ? -1 : 0); k < op->nb_in && k < 6; k++)
            clob |= 1u << arg_regs[k + (flags & IR_CALL_ENV ? 1 : 0)];
        if (be->ctr_reg != X_NOREG)
            clob |= 1u << be->ctr_reg;
    }
    for (int i = 0; i < be->n_alloc; i++) {
        int o = be->reg_owner[alloc_regs[i]];
        if (!(clob & (1u << alloc_regs[i])))
            continue;
        bool arg_dies = false;
        for (int k = 0; o >= 0 && k < op->nb_in; k++)
            arg_dies |= (IRTemp)op->args[op->nb_out + k] == (IRTemp)o && dies(op, k) &&
                        T(be, (IRTemp)o)->kind == IRT_NORMAL;
        if (o >= 0 && !arg_dies)
            temp_sync(be, (IRTemp)o);
    }
    gen_call_args(be, op, flags);
    uint32_t keep = 0;
    for (int i = 0; i < be->n_alloc; i++) {
        XReg r = alloc_regs[i];
        int o = be->reg_owner[r];
        if (o >= 0 && !(clob & (1u << r))) {
            keep |= 1u << r;
            continue;
        }
        if (o >= 0) {
            T(be, (IRTemp)o)->val_loc = LOC_MEM;
            T(be, (IRTemp)o)->reg = -1;
        }
        be->reg_owner[r] = OWNER_NONE;
    }
    if (be->ctr_live)
        x86_flush_ctr(&be->b, be->ctr_reg, X_RAX);
    else
        be->ctr_unsynced = true;
    if (!copy || !x86_inline_callee(be, op->fn, keep)) {
        x86_save_regs(be, keep, false, 0);
        x_mov_ri(&be->b, X_RAX, (uint64_t)(uintptr_t)op->fn);
        x_call_r(&be->b, X_RAX);
        x86_save_regs(be, keep, true, 0);
    }
    if (be->ctr_live)
        x_alu_rr(&be->b, XA_XOR, false, be->ctr_reg, be->ctr_reg);
    if (op->nb_out)
        x_mov_rr(&be->b, true, X_RDI, X_RAX);   /* rax is ours again below: keep the result */
    if (!(flags & IR_CALL_NO_WG))
        reload_fixed_range(be, 0, N_FIXED);
    else
        reload_fixed_range(be, N_FIXED_CALLEE, N_FIXED);
    if (!(flags & IR_CALL_NO_WG)) {
        memset(be->checked, 0, (size_t)ir->nb_globals);
        for (int t = 0; t < ir->nb_globals; t++)
            if (!is_fixed(be, (IRTemp)t))
                T(be, t)->mem_coherent = 1;
    }
    if (op->nb_out) {
        be->reg_owner[X_RDI] = OWNER_NONE;
        be->locked |= 1u << X_RDI;
        temp_set_reg(be, (IRTemp)op->args[0], X_RDI);
    }
}

/* What an op's code does to xmm registers: nothing (vcall: its call path saves the FP
 * values and reloads the cached vector registers itself); some of the vector ops' scratch
 * xmm0-7 (cg_vec_scratch: FP values there are emptied first; vector ops that call C empty the
 * rest themselves, see cg_flush_xmm); everything (all emptied and forgotten). */
enum { XMM_SAFE, XMM_VEC_SCRATCH, XMM_ALL };
static int xmm_clobber(const Backend *be, const IROp *op)
{
    switch (op->opc) {
    case IR_OP_call: case IR_OP_plugin_inline: case IR_OP_goto_ptr:
        return XMM_ALL;
    case IR_OP_vop: case IR_OP_vfop: case IR_OP_vld: case IR_OP_vst:
    case IR_OP_vldl: case IR_OP_vstl:
        return XMM_VEC_SCRATCH;
    case IR_OP_gld: case IR_OP_gst: case IR_OP_gatomic: case IR_OP_gcmpxchg:
        return be->softmmu ? XMM_ALL : XMM_SAFE;   /* the soft-TLB miss path calls C */
    default:
        return XMM_SAFE;
    }
}

static void gen_op(Backend *be, const IROp *op, uintptr_t tb_tag, BackendResult *res)
{
    switch (xmm_clobber(be, op)) {
    case XMM_VEC_SCRATCH: flush_xmm_mask(be, cg_vec_scratch(be, op)); break;
    case XMM_ALL: flush_xmm(be, XMM_FIRST_ALLOC, 16, false); break;
    }
    switch (op->opc) {
    case IR_OP_nop:
    case IR_OP_plugin_cb:
    case IR_OP_plugin_mem:
        break;
    case IR_OP_insn_start:
        be->cur_pc = (uint64_t)op->args[0];
        be->map = cg_grow(be->map, &be->max_map, sizeof(InsnMapEntry), be->n_map + 1);
        be->map[be->n_map++] = (InsnMapEntry){ (uint32_t)(be->b.p - be->b.start), be->cur_pc };
        break;
    case IR_OP_set_label:
        bb_sync(be);
        bb_forget(be);
        be->label_addr[op->args[0]] = be->b.p;
        break;
    case IR_OP_br:
        bb_sync(be);
        cg_add_fixup(be, (uint32_t)op->args[0], x_jmp(&be->b, NULL));
        bb_forget(be);
        break;
    case IR_OP_brcond: {
        bb_sync(be);
        uint8_t *cmp_at = be->b.p;
        IRCond c = gen_cmp(be, op->type == IR_I64, (IRTemp)op->args[0], (IRTemp)op->args[1],
                           (IRCond)op->args[2]);
        int k = be->direct_exit[op - be->ir->ops];
        if (k >= 0 && be->loop_mode && cg_is_self_exit(&be->ir->ops[k], be->loop_pc)) {   /* a back edge */
            cg_loop_back_branch(be, c);
            break;
        }
        if (k >= 0) {
            const IROp *g = &be->ir->ops[k];
            cg_emit_cond_exit(be, c, (int)g->args[0], (uint64_t)g->args[1], cmp_at);
            break;
        }
        cg_add_fixup(be, (uint32_t)op->args[3], x_jcc(&be->b, cg_cond_map[c], NULL));
        break;
    }
    case IR_OP_mov: gen_mov(be, op); break;
    case IR_OP_add: gen_alu(be, op, XA_ADD, true); break;
    case IR_OP_sub: gen_alu(be, op, XA_SUB, false); break;
    case IR_OP_and: gen_alu(be, op, XA_AND, true); break;
    case IR_OP_or:
        if (!gen_box_xmm(be, op))
            gen_alu(be, op, XA_OR, true);
        break;
    case IR_OP_xor: gen_alu(be, op, XA_XOR, true); break;
    case IR_OP_mul: gen_mul(be, op); break;
    case IR_OP_mulsh: case IR_OP_muluh: case IR_OP_mulsuh: gen_mulh(be, op); break;
    case IR_OP_div: case IR_OP_divu: case IR_OP_rem: case IR_OP_remu:
    case IR_OP_divrem: case IR_OP_divremu:
        gen_div(be, op);
        break;
    case IR_OP_shl: gen_shift(be, op, XS_SHL); break;
    case IR_OP_shr: gen_shift(be, op, XS_SHR); break;
    case IR_OP_sar: gen_shift(be, op, XS_SAR); break;
    case IR_OP_neg: case IR_OP_not:
    case IR_OP_ext8s: case IR_OP_ext8u: case IR_OP_ext16s: case IR_OP_ext16u:
    case IR_OP_ext32s: case IR_OP_ext32u:
        gen_unary(be, op);
        break;
    case IR_OP_rotl: gen_shift(be, op, XS_ROL); break;
    case IR_OP_rotr: gen_shift(be, op, XS_ROR); break;
    case IR_OP_clz: case IR_OP_ctz: case IR_OP_cpop: case IR_OP_bswap:
    case IR_OP_bset: case IR_OP_bclr: case IR_OP_binv:
        cg_gen_bitop(be, op);
        break;
    case IR_OP_setcond: gen_setcond(be, op); break;
    case IR_OP_movcond: gen_movcond(be, op); break;
    case IR_OP_ld_env: {
        IRTemp d = (IRTemp)op->args[0];
        int mo = (int)op->args[2];
        XReg rd = dest_reg(be, d, 0);
        x_load(&be->b, mo_bytes(mo), (mo & MO_SIGN) != 0, rd, xm(X_RBP, (int32_t)op->args[1]));
        temp_set_reg(be, d, rd);
        break;
    }
    case IR_OP_st_env: {
        IRTemp v = (IRTemp)op->args[0];
        int mo = (int)op->args[2];
        XMem m = xm(X_RBP, (int32_t)op->args[1]);
        cg_vcache_drop(be, (int32_t)op->args[1], mo_bytes(mo));   /* a vector register? */
        if (mo_bytes(mo) == 8)
            cg_vcache_narrow(be, (int32_t)op->args[1]);
        if (ir_is_const(be->ir, v) && fits_i32(T(be, v)->val))
            x_store_imm(&be->b, mo_bytes(mo), m, (int32_t)T(be, v)->val);
        else
            x_store(&be->b, mo_bytes(mo), temp_load(be, v, 0), m);
        break;
    }
    case IR_OP_gld: case IR_OP_gst: case IR_OP_gatomic: case IR_OP_gcmpxchg:
        if (be->softmmu)
            cg_gen_sys_access(be, op);   /* codegen-sys.c */
        else if (op->opc == IR_OP_gld && !gen_gld_xmm(be, op))
            gen_gld(be, op);
        else if (op->opc == IR_OP_gst)
            gen_gst(be, op);
        else if (op->opc == IR_OP_gatomic)
            gen_gatomic(be, op);
        else if (op->opc == IR_OP_gcmpxchg)
            gen_gcmpxchg(be, op);
        break;
    case IR_OP_mb:
        if (op->args[0] & IR_MB_ST_LD)
            x_mfence(&be->b);
        break;
    case IR_OP_call: gen_call(be, op); break;
    case IR_OP_plugin_inline: x86_gen_plugin_inline(be, op); break;
    case IR_OP_plugin_filter: x86_gen_plugin_filter(be, op); break;
    case IR_OP_plugin_guard: x86_gen_plugin_guard(be, op); break;
    case IR_OP_plugin_hmem: x86_gen_plugin_hmem(be, op); break;
    case IR_OP_goto_tb: cg_gen_goto_tb(be, op, tb_tag, res); break;
    case IR_OP_goto_ptr:
        if (!cg_goto_ptr_as_tb(be, op, tb_tag, res))
            cg_gen_goto_ptr(be, op);
        break;
    case IR_OP_fpfast: cg_gen_fpfast(be, op); break;
    case IR_OP_vop: cg_gen_vop(be, op); break;
    case IR_OP_vfop: cg_gen_vfop(be, op); break;
    case IR_OP_vcall: cg_gen_vcall(be, op); break;
    case IR_OP_vld: case IR_OP_vst: case IR_OP_vldl: case IR_OP_vstl:
        if (be->softmmu) {   /* front ends use helpers in full-system code (ir-ops.def) */
            fprintf(stderr, "qelt: internal error: vld/vst in full-system code\n");
            abort();
        }
        cg_gen_vmem(be, op);
        break;
    case IR_OP_exit_cond: {
        bb_sync(be);
        uint8_t *cmp_at = be->b.p;
        IRCond c = gen_cmp(be, op->type == IR_I64, (IRTemp)op->args[0], (IRTemp)op->args[1],
                           (IRCond)op->args[2]);
        if (be->loop_mode && (uint64_t)op->args[4] == be->loop_pc) {   /* a back edge */
            cg_loop_back_branch(be, c);
            break;
        }
        if (be->loop_mode && be->n_loop) {   /* a side exit: out of line, registers swapped back */
            cg_loop_side_exit(be, c, (int)op->args[3], (uint64_t)op->args[4], tb_tag, res);
            break;
        }
        cg_emit_cond_exit(be, c, (int)op->args[3], (uint64_t)op->args[4], cmp_at);
        break;
    }
    case IR_OP_exit_tb:
        bb_sync(be);
        cg_loop_exit(be, ~(uint64_t)0);
        emit_exit_reason(be, (uint64_t)op->args[1], (int)op->args[0]);
        break;
    default:
        fprintf(stderr, "qelt: internal error: no code for IR op %s\n", ir_op_defs[op->opc].name);
        abort();
    }
}

/* `add t, base, imm32` whose only use is as the address of the next gld/gst: emit nothing
 * now and let the access use [r15 + base + imm]. */
static bool try_fuse_addr(Backend *be, const IROp *op, const IROp *next)
{
    if (!next || be->softmmu || op->opc != IR_OP_add || op->type != IR_I64 ||
        (next->opc != IR_OP_gld && next->opc != IR_OP_gst))
        return false;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    int in_idx = next->opc == IR_OP_gld ? 0 : 1;
    if ((IRTemp)next->args[next->nb_out + in_idx] != d || !dies(next, in_idx))
        return false;
    if (next->opc == IR_OP_gst && (IRTemp)next->args[0] == d)
        return false;
    if (T(be, d)->kind != IRT_NORMAL || ir_is_const(be->ir, a) || !ir_is_const(be->ir, b) ||
        !fits_i32(T(be, b)->val))
        return false;
    be->fused_temp = d;
    be->fused_base = a;
    be->fused_off = (int32_t)T(be, b)->val;
    be->fused_release = dies(op, 0);
    return true;
}

static void end_op(Backend *be, const IROp *op);

/* The add at or after op i + 1 that `shl t, x, k` at op i (I64, k 1..3) can fuse with: `add d,
 * t, y` (either order) where t dies, the ops between only compute (no access, exit, label or
 * call: nothing observes t), do not read t, write x or read x for the last time. -1: none. */
static int lea_partner(Backend *be, int i)
{
    IRContext *ir = be->ir;
    const IROp *op = &ir->ops[i];
    if (op->opc != IR_OP_shl || op->type != IR_I64 || !ir_is_const(ir, (IRTemp)op->args[2]) ||
        T(be, (IRTemp)op->args[2])->val < 1 || T(be, (IRTemp)op->args[2])->val > 3 ||
        ir_is_const(ir, (IRTemp)op->args[1]))
        return -1;
    IRTemp t = (IRTemp)op->args[0], x = (IRTemp)op->args[1];
    for (int j = i + 1; j < ir->nb_ops && j <= i + 8; j++) {
        const IROp *o = &ir->ops[j];
        if (be->skip[j])
            return -1;
        if (o->opc == IR_OP_add && o->type == IR_I64 && o->args[1] != o->args[2] &&
            ((IRTemp)o->args[1] == t || (IRTemp)o->args[2] == t)) {
            IRTemp y = (IRTemp)o->args[(IRTemp)o->args[1] == t ? 2 : 1];
            bool ok = dies(o, (IRTemp)o->args[1] == t ? 0 : 1) &&
                      (!ir_is_const(ir, y) || fits_i32(T(be, y)->val));
            return ok ? j : -1;
        }
        if (o->opc != IR_OP_insn_start && o->opc != IR_OP_nop &&
            !(ir_op_defs[o->opc].flags & IRF_FOLD))
            return -1;
        for (int k = 0; k < o->nb_in; k++)   /* x must still be there at the add */
            if ((IRTemp)o->args[o->nb_out + k] == t ||
                ((IRTemp)o->args[o->nb_out + k] == x && dies(o, k)))
                return -1;
        for (int k = 0; k < o->nb_out; k++)
            if ((IRTemp)o->args[k] == x || (IRTemp)o->args[k] == t)
                return -1;
    }
    return -1;
}

/* RISC-V's array indexing without Zba, `slli t, x, k; ...; add d, t, y`, as one `lea d, [y +
 * x * 2^k]` at the add (three instructions less): the shl emits nothing (t is dead: no read,
 * exit or fault site sees it before it is written again, ir_liveness), its partner add is
 * remembered (lea_add / lea_shl). True: op i done. */
static bool try_fuse_lea(Backend *be, int i)
{
    IRContext *ir = be->ir;
    for (int p = 0; p < be->n_lea; p++) {
        if (be->lea_add[p] != i)
            continue;
        const IROp *sh = &ir->ops[be->lea_shl[p]], *add = &ir->ops[i];
        IRTemp x = (IRTemp)sh->args[1], t = (IRTemp)sh->args[0];
        IRTemp y = (IRTemp)add->args[(IRTemp)add->args[1] == t ? 2 : 1];
        XReg rx = temp_load(be, x, 0);
        XReg ry = ir_is_const(ir, y) ? X_NOREG : temp_load(be, y, 1u << rx);
        XReg rd = dest_reg(be, (IRTemp)add->args[0], 0);
        x_lea(&be->b, true, rd, xmi(ry, rx, 1 << T(be, (IRTemp)sh->args[2])->val,
                                    ry == X_NOREG ? (int32_t)T(be, y)->val : 0));
        end_op(be, sh);   /* x read for the last time by the shl: gone before d is set */
        temp_set_reg(be, (IRTemp)add->args[0], rd);
        end_op(be, add);
        be->lea_add[p] = be->lea_add[--be->n_lea], be->lea_shl[p] = be->lea_shl[be->n_lea];
        return true;
    }
    if (be->n_lea == BE_MAX_LEA)
        return false;
    int j = lea_partner(be, i);
    for (int p = 0; j >= 0 && p < be->n_lea; p++)
        if (be->lea_add[p] == j)
            j = -1;   /* both addends shifted: the other shl must run (it is the add's y) */
    if (j < 0)
        return false;
    be->lea_shl[be->n_lea] = i;
    be->lea_add[be->n_lea++] = j;
    return true;
}

/* Register helpers for the other lowering files (codegen-fp.c, codegen-exit.c). */
void cg_bb_sync(Backend *be) { bb_sync(be); }
void cg_emit_store_pc(Backend *be, uint64_t pc) { emit_store_pc(be, pc); }
XReg cg_temp_load(Backend *be, IRTemp t, uint32_t avoid) { return temp_load(be, t, avoid); }
int cg_temp_load_x(Backend *be, IRTemp t, uint32_t avoid) { return temp_load_x(be, t, avoid); }
int cg_alloc_xmm(Backend *be, uint32_t avoid) { return alloc_xmm(be, avoid); }
void cg_flush_xmm(Backend *be, bool keep_vec) { flush_xmm(be, XMM_FIRST_ALLOC, 16, keep_vec); }
void cg_store_reg(XBuf *b, int r, XMem m) { store_reg(b, r, m); }
bool cg_is_box_op(Backend *be, const IROp *op) { return is_box_op(be, op); }
bool cg_global_in_env(Backend *be, IRTemp t, XMem *home)
{
    IRTempInfo *ti = T(be, t);
    if (ti->kind != IRT_GLOBAL || ti->fixed_reg >= 0 ||
        (ti->val_loc == LOC_REG && !ti->mem_coherent))
        return false;
    *home = temp_home(be, t);
    return true;
}
/* Precise guest exceptions raised from generated code: cg_fault_site records the state at
 * the current op (where the dirty globals are); cg_fault_jcc, then or later (cold code),
 * emits a conditional jump (cc) to an out-of-line exit raising the exception `kind` of
 * BackendHooks.bad_address at guest pc with that state. */
int cg_fault_site(Backend *be) { return record_site(be); }
void cg_close_site(Backend *be, int site) { close_site(be, site); }
/* A guest access's host operand, its address checked (codegen-vec.c's vld/vst). */
XMem cg_guest_addr(Backend *be, IRTemp a, int mo) { return guest_addr(be, a, mo, false); }
/* Whether a's (strict) address check is known done (set >= 0: make it so, or forget it). */
bool cg_addr_checked(Backend *be, IRTemp a, int set)
{
    bool was = be->checked[a] == CHK_STRICT;
    if (set >= 0)
        be->checked[a] = set ? CHK_STRICT : CHK_NONE;
    return was;
}
/* Store every global whose current value is only in a register (pinned ones included) to
 * env, leaving the allocator's bookkeeping as it is: for a call on a conditional path. */
void cg_store_globals(Backend *be)
{
    for (int t = 0; t < be->ir->nb_globals; t++) {
        IRTempInfo *ti = T(be, t);
        if (ti->fixed_reg >= 0)
            store_reg(&be->b, ti->fixed_reg, temp_home(be, (IRTemp)t));
        else if (ti->val_loc == LOC_REG && !ti->mem_coherent)
            store_reg(&be->b, ti->reg, temp_home(be, (IRTemp)t));
    }
}
/* Before a call out of generated code: the plugins' counter register to memory and cleared
 * (as gen_call; rax is clobbered); true if it did that. */
bool cg_flush_counter(Backend *be)
{
    if (be->ctr_live)
        x86_flush_ctr(&be->b, be->ctr_reg, X_RAX);
    else
        be->ctr_unsynced = true;
    return be->ctr_live;
}
void cg_fault_jcc(Backend *be, XCond cc, int kind, int site, uint64_t pc)
{
    be->stubs = cg_grow(be->stubs, &be->max_stubs, sizeof(BadAddrStub), be->n_stubs + 1);
    be->stubs[be->n_stubs++] = (BadAddrStub){ x_jcc(&be->b, cc, NULL), X_RSI, 0, pc, kind, site, X_NOREG, NULL };
}
/* Cold code: leave the block at guest pc through chain slot `slot` (a chainable jump) with
 * the state of `site`, except that global d's value is now in register r (an op's result
 * written after the site). */
void cg_exit_at_site(Backend *be, int site, IRTemp d, int r, int slot, uint64_t pc)
{
    const FaultSite *fs = &be->sites[site];
    IRTempInfo *di = T(be, d);
    for (uint32_t k = 0; k < fs->n; k++)
        if (be->homes[fs->first + k].env_offset != di->env_offset &&
            !cg_is_defer_home(be->homes[fs->first + k].reg))
            store_reg(&be->b, be->homes[fs->first + k].reg,
                      xm(X_RBP, be->homes[fs->first + k].env_offset));
    cg_defer_emit_homes(be, fs, r < 16 ? 1u << r : 0);
    if (di->fixed_reg < 0 || is_xmm(di->fixed_reg) || cg_loop_holds(be, d))
        store_reg(&be->b, r, temp_home(be, d));
    else if (is_xmm(r))
        x_movq_rx(&be->b, (XReg)di->fixed_reg, r - 16);
    else if (r != di->fixed_reg)
        x_mov_rr(&be->b, true, (XReg)di->fixed_reg, (XReg)r);
    cg_loop_reload_pinned(be);   /* a loop block's registers are stored: the pinned ones back */
    int pad = x_rel32_pad(be->b.p, 1);   /* rel32 patchable atomically */
    if (pad)
        x_nop(&be->b, pad);
    uint8_t *field = x_jmp(&be->b, NULL);
    cg_add_dstub(be, field, slot, pc);
}
XReg cg_alloc_scratch(Backend *be, uint32_t avoid)
{
    XReg r = alloc_reg(be, avoid);
    be->reg_owner[r] = OWNER_SCRATCH;
    return r;
}
XReg cg_dest_reg(Backend *be, IRTemp d, uint32_t avoid) { return dest_reg(be, d, avoid); }
void cg_temp_set_reg(Backend *be, IRTemp d, XReg r) { temp_set_reg(be, d, r); }

typedef struct ColdHeader { ColdFn fn; size_t size; } ColdHeader;
#define COLD_ALIGN(n) (((n) + 15) & ~(size_t)15)

void cg_defer_cold(Backend *be, ColdFn fn, const void *data, size_t size)
{
    size_t need = be->n_cold + COLD_ALIGN(sizeof(ColdHeader)) + COLD_ALIGN(size);
    if (need > be->max_cold) {
        size_t m = need * 2 > 4096 ? need * 2 : 4096;
        uint8_t *p = realloc(be->cold, m);
        if (!p) {
            fprintf(stderr, "qelt: out of memory\n");
            exit(1);
        }
        be->cold = p;
        be->max_cold = m;
    }
    ColdHeader h = { fn, size };
    memcpy(be->cold + be->n_cold, &h, sizeof h);
    memcpy(be->cold + be->n_cold + COLD_ALIGN(sizeof(ColdHeader)), data, size);
    be->n_cold = need;
}

static void emit_cold(Backend *be)
{
    for (size_t off = 0; off < be->n_cold;) {
        ColdHeader h;
        memcpy(&h, be->cold + off, sizeof h);
        off += COLD_ALIGN(sizeof(ColdHeader));
        h.fn(be, be->cold + off);
        off += COLD_ALIGN(h.size);
    }
}

/* After an op: free scratch registers and temps whose last use this was. */
static void end_op(Backend *be, const IROp *op)
{
    /* Scratch registers are always taken (locked) by the op that marks them. */
    for (uint32_t m = be->locked; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        if (be->reg_owner[r] == OWNER_SCRATCH)
            be->reg_owner[r] = OWNER_NONE;
    }
#ifdef QELT_CHECK_SCRATCH
    for (int r = 0; r < 32; r++)
        if (be->reg_owner[r] == OWNER_SCRATCH)
            abort();
#endif
    be->locked = 0;
    for (int k = 0; k < op->nb_in; k++) {
        IRTemp t = (IRTemp)op->args[op->nb_out + k];
        bool is_out = false;
        for (int j = 0; j < op->nb_out; j++)
            is_out |= (IRTemp)op->args[j] == t;
        if (dies(op, k) && !is_out)   /* an output that reuses it holds the new value */
            release_temp(be, t);
    }
    for (int k = 0; k < op->nb_out; k++)
        if ((op->life >> (16 + k)) & 1)
            release_temp(be, (IRTemp)op->args[k]);
    if (ir_op_defs[op->opc].flags & IRF_BB_END) {
        for (int t = be->ir->nb_globals; t < be->ir->nb_temps; t++)
            if (T(be, t)->kind == IRT_NORMAL)
                release_temp(be, (IRTemp)t);
    }
}

/* codegen-defer.c: a global's value dropped like a dead global's (no store). */
void cg_release_global(Backend *be, IRTemp g) { release_temp(be, g); }

/* codegen-defer.c: one ALU op of the block emitted again here (a deferred value computed). */
void cg_gen_ir_op(Backend *be, IROp *op)
{
    gen_op(be, op, 0, NULL);
    end_op(be, op);
}

int backend_gen(Backend *be, IRContext *ir, uint8_t *buf, size_t avail, uintptr_t tb_tag,
                uint64_t tb_pc, BackendResult *res)
{
    be->ir = ir;
    be->b = (XBuf){ buf, buf, buf + avail };
    be->failed = false;
    be->locked = 0;
    be->slots_used = 0;
    be->n_fixups = be->n_stubs = be->n_map = be->n_sites = be->n_homes = be->n_mstubs = 0;
    be->n_cold = 0;
    be->fp_pend.next_op = -1;
    be->vc_n_narrow = 0;
    be->vfuse_n = 0, be->vflag_temp = IR_NOTEMP;
    be->fused_temp = IR_NOTEMP;
    be->checked = cg_grow(be->checked, &be->max_checked, 1, ir->nb_temps + 1);
    memset(be->checked, 0, (size_t)ir->nb_temps);
    be->label_addr = cg_grow(be->label_addr, &be->max_labels, sizeof(uint8_t *), ir->nb_labels + 1);
    for (int i = 0; i < ir->nb_labels; i++)
        be->label_addr[i] = NULL;
    for (int r = 0; r < 32; r++)
        be->reg_owner[r] = OWNER_NONE;
    for (int i = 0; i < N_FIXED; i++)
        if (be->fixed_temp[i] >= 0)
            be->reg_owner[fixed_regs[i]] = OWNER_FIXED;
    be->reg_owner[X_RSP] = be->reg_owner[X_RBP] = OWNER_FIXED;
    if (!be->zero_base)
        be->reg_owner[X_R15] = OWNER_FIXED;   /* the guest base */
    for (int t = 0; t < ir->nb_temps; t++) {
        IRTempInfo *ti = &ir->temps[t];
        ti->fixed_reg = -1;
        ti->reg = -1;
        ti->frame_slot = -1;
        ti->mem_coherent = 1;
        ti->val_loc = ti->kind == IRT_CONST ? LOC_CONST :
                      ti->kind == IRT_GLOBAL ? LOC_MEM : LOC_DEAD;
    }
    for (int i = 0; i < N_FIXED; i++) {
        int g = be->fixed_temp[i];
        if (g >= 0) {
            ir->temps[g].fixed_reg = fixed_regs[i];
            ir->temps[g].val_loc = LOC_REG;
            ir->temps[g].reg = fixed_regs[i];
        }
    }
    cg_plan_loop(be, ir, tb_pc);
    cg_loop_assign(be);
    be->flags_at = NULL;
    for (int s = 0; s < IR_MAX_EXIT_SLOTS; s++)
        res->jmp_field_off[s] = res->jmp_stub_off[s] = UINT32_MAX;

    /* Entry: leave promptly when asked to (signals, other threads). */
    x_alu_mi(&be->b, XA_CMP, false, xm(X_RBP, (int32_t)offsetof(VCPU, exit_request)), 0);
    uint8_t *j_irq = x_jcc(&be->b, XC_NE, NULL);
    res->entry_skip = (uint32_t)(be->b.p - be->b.start);

    uint64_t sx_assumed = 0;   /* ops rewritten in place */
    if (cg_find_direct_exits(be, ir))
        sx_assumed = ir_narrow(ir, be->loop_mode, tb_pc, &be->narrow_scratch, &be->narrow_cap);
    if (be->b.p + 64 + 20 * __builtin_popcountll(sx_assumed) + 12 * LOOP_MAX_XMM > be->b.end)
        return -1;   /* (and a loop block's NaN-box checks) */
    if (be->b.p + 64 + 40 * BE_MAX_DEFER > be->b.end)
        return -1;
    cg_defer_plan(be);
    cg_loop_sx_checks(be, sx_assumed);   /* a loop block's entry keeps ir_narrow's assumption */
    cg_defer_entry_checks(be);           /* and the values its back edge carries deferred */
    be->addr_base = cg_grow(be->addr_base, &be->max_addr_base, sizeof(IRAddrBase), ir->nb_ops + 1);
    ir_addr_bases(ir, be->addr_base, &be->addr_scratch, &be->addr_cap);
    if (be->softmmu)
        cg_sys_plan_groups(be);
    if (be->loop_mode) {   /* past the entry check: back edges jump here */
        cg_loop_enter(be);
        cg_loop_emit_checks(be);
        be->loop_top = be->b.p;
    }
    be->n_lea = 0;
    for (int i = 0; i < ir->nb_ops && !be->failed; i++) {
        if (be->b.p + 256 > be->b.end)
            return -1;
        IROp *op = &ir->ops[i];
        be->cur_op = i;
        cg_defer_at(be, i);
        if (be->skip[i])
            continue;
        int nx = i + 1;   /* an inline counter op between address and access is no obstacle */
        while (nx < ir->nb_ops && (ir->ops[nx].opc == IR_OP_plugin_inline || ir->ops[nx].opc == IR_OP_nop))
            nx++;
        if (try_fuse_lea(be, i) || try_fuse_addr(be, op, nx < ir->nb_ops ? &ir->ops[nx] : NULL))
            continue;
        free_overwritten(be, op);
        gen_op(be, op, tb_tag, res);
        end_op(be, op);
        if (be->fused_temp != IR_NOTEMP && (op->opc == IR_OP_gld || op->opc == IR_OP_gst)) {
            if (be->fused_release)
                release_temp(be, be->fused_base);
            be->fused_temp = IR_NOTEMP;
        }
    }
    if (be->failed ||
        be->b.p + 64 + 48 * be->n_stubs + 96 * be->n_mstubs + 4 * be->n_cold +
        32 * be->n_loop_chk + 6 * be->n_loop_sx + 32 + 32 * be->n_dfr + 24 * be->n_dfr_homes >
        be->b.end)
        return -1;

    /* Out-of-line code (cold code first: it may add fault stubs). */
    emit_cold(be);
    for (int i = 0; i < be->n_dstubs; i++) {
        int slot = be->dstubs[i].slot;
        x_patch_rel32(be->dstubs[i].field, be->b.p);
        res->jmp_field_off[slot] = (uint32_t)(be->dstubs[i].field - be->b.start);
        res->jmp_stub_off[slot] = (uint32_t)(be->b.p - be->b.start);
        emit_store_pc(be, be->dstubs[i].pc);
        x_mov_ri(&be->b, X_RAX, (uint64_t)(tb_tag | (uintptr_t)slot));
        x_jmp(&be->b, be->epilogue);
    }
    x_patch_rel32(j_irq, be->b.p);
    emit_exit_reason(be, tb_pc, EXIT_INTERRUPT);
    if (be->n_loop_irq) {   /* back edges asked to leave: registers swapped back, then out */
        cg_loop_emit_irq_exit(be);
        emit_exit_reason(be, tb_pc, EXIT_INTERRUPT);
    }
    /* An entry check failed: run one insn uncached. Address checks come after the loop's
     * registers are swapped in (their stubs swap back), sign-extension and deferred-value
     * checks before (nothing to undo). */
    if (cg_loop_emit_chk_stubs(be))
        emit_exit_reason(be, tb_pc, EXIT_NONE);
    if (cg_loop_emit_sx_fail(be))
        emit_exit_reason(be, tb_pc, EXIT_NONE);
    for (int i = 0; i < be->n_stubs; i++) {
        BadAddrStub *s = &be->stubs[i];
        x_patch_rel32(s->field, be->b.p);
        if (s->band != X_NOREG) {   /* a loose check: values in the band go on */
            x_alu_ri(&be->b, XA_CMP, true, s->band, -IR_ADDR_DELTA_MAX);
            x_jcc(&be->b, XC_AE, s->resume);
        }
        const FaultSite *fs = &be->sites[s->site];
        for (uint32_t k = 0; k < fs->n; k++)
            if (!cg_is_defer_home(be->homes[fs->first + k].reg))
                store_reg(&be->b, be->homes[fs->first + k].reg,
                          xm(X_RBP, be->homes[fs->first + k].env_offset));
        cg_defer_emit_homes(be, fs, 1u << s->addr);
        if (s->off)
            x_lea(&be->b, true, X_RSI, xm(s->addr, s->off));
        else if (s->addr != X_RSI)
            x_mov_rr(&be->b, true, X_RSI, s->addr);
        cg_loop_reload_pinned(be);   /* a loop block's own registers are stored: pinned back */
        emit_store_pc(be, s->pc);
        x_mov_ri(&be->b, X_RDX, (uint64_t)s->kind);
        x_jmp(&be->b, be->bad_addr_common);
    }
    cg_emit_mmu_stubs(be);
    for (int i = 0; i < be->n_fixups; i++) {
        uint8_t *target = be->label_addr[be->fixups[i].label];
        if (!target) {
            fprintf(stderr, "qelt: internal error: branch to an unset label\n");
            abort();
        }
        x_patch_rel32(be->fixups[i].field, target);
    }
    res->code_size = (uint32_t)(be->b.p - be->b.start);
    res->n_map = (uint32_t)be->n_map;
    res->map = be->map;
    res->n_sites = (uint32_t)be->n_sites;
    res->sites = be->sites;
    res->n_homes = (uint32_t)be->n_homes;
    res->homes = be->homes;
    return 0;
}

