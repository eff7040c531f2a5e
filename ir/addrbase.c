/*
 * Address bases of a block's guest accesses (run by the back end after ir_narrow).
 *
 * User-mode code checks every guest address against the reservation's limit before using it.
 * Table lookups and stack accesses compute their addresses as base + small index (aes's
 * T-tables: `srliw; andi; slli; add table`; a stack slot: `andi; slli; add sp`), each a new
 * value with its own check. When the index is known to be small, checking the base suffices:
 * the reservation has 2 GiB guards on both sides (runtime/guestmem.c), so base + index still
 * lands in memory qelt owns and a bad access faults there. One check of a base then serves
 * every access off it until the base changes.
 *
 * One forward pass computes, per temp:
 *   - ub: an upper bound of its value (0 <= value <= ub, UINT64_MAX: nothing known), from the
 *     op that made it: constants, masks, zero-extending loads and extensions, shifts right,
 *     small shifts left, add/or/xor/mul of bounded values, setcond, I32 results (zero-extended:
 *     ir-ops.def);
 *   - its base: value = base + delta with delta in [lo, hi] (|lo|, |hi| <= IR_ADDR_DELTA_MAX),
 *     base a global whose value has not changed since (add of a bounded value or a constant,
 *     sub of a constant, mov).
 * out[i] of each gld/gst op i gives its address's base and delta range (base IR_NOTEMP: none;
 * the address is then its own base), and whether another access has the same base value
 * (checking a base worth loading pays only then).
 * Knowledge ends at labels (other paths join), and for globals at calls that may write them.
 * A base is valid only while its global keeps the value it had (every write, and a last use
 * after which the back end may drop the value, bump the global's version).
 * Invariant: whenever out[i].base = b, the address of op i equals b's current value plus a
 * delta in [out[i].lo, out[i].hi] (64-bit arithmetic, no wrap-around assumed of the sum).
 */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

typedef struct TempFacts {
    uint64_t ub;        /* value <= ub */
    IRTemp base;        /* IR_NOTEMP: no base known */
    uint32_t base_ver;  /* the base's version when the fact was made */
    int32_t lo, hi;     /* value - base in [lo, hi] */
    uint32_t stamp;     /* the facts hold only if this is the current epoch */
} TempFacts;

static const TempFacts no_facts = { UINT64_MAX, IR_NOTEMP, 0, 0, 0, 0 };

#define U32MAX 0xffffffffull

static uint64_t smear(uint64_t v)   /* every bit below v's highest set bit set too */
{
    v |= v >> 1; v |= v >> 2; v |= v >> 4; v |= v >> 8; v |= v >> 16; v |= v >> 32;
    return v;
}

static uint64_t in32(uint64_t u) { return u <= U32MAX ? u : U32MAX; }
static uint64_t umin(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* Upper bound of a 64-bit value (ua) after sign extension from bits bits: kept if the sign
 * bit is known clear. */
static uint64_t sext_ub(uint64_t ua, int bits)
{
    return ua < (1ull << (bits - 1)) ? ua : UINT64_MAX;
}

/* The bound of op's first output from its inputs' bounds ua, ub (constants: their values). */
static uint64_t result_ub(const IRContext *c, const IROp *op, uint64_t ua, uint64_t ub)
{
    bool w32 = op->type == IR_I32;
    IRTemp b = op->nb_in > 1 ? (IRTemp)op->args[op->nb_out + 1] : IR_NOTEMP;
    bool cb = b != IR_NOTEMP && c->temps[b].kind == IRT_CONST;
    int sh = cb ? (int)(c->temps[b].val & (w32 ? 31 : 63)) : -1;
    if (w32)
        ua = in32(ua), ub = in32(ub);
    uint64_t r = UINT64_MAX;
    switch (op->opc) {
    case IR_OP_mov:
        r = ua;
        break;
    case IR_OP_and:
        r = umin(ua, ub);
        break;
    case IR_OP_or: case IR_OP_xor:
        if (ua < UINT64_MAX && ub < UINT64_MAX)
            r = smear(ua > ub ? ua : ub);
        break;
    case IR_OP_add:
        if (ua < (1ull << 62) && ub < (1ull << 62))
            r = ua + ub;
        break;
    case IR_OP_mul:
        if (ua < (1ull << 31) && ub < (1ull << 31))
            r = ua * ub;
        break;
    case IR_OP_shl:   /* sh <= 62: a shift by 63 would leave no headroom (and 62 - sh < 0) */
        if (sh >= 0 && sh <= 62 && ua < (1ull << (62 - sh)))
            r = ua << sh;
        break;
    case IR_OP_shr:
        if (sh >= 0)
            r = (w32 ? in32(ua) : ua) >> sh;
        break;
    case IR_OP_sar:
        if (sh >= 0 && ua < (w32 ? 1ull << 31 : 1ull << 63))
            r = ua >> sh;
        break;
    case IR_OP_setcond:
        r = 1;
        break;
    case IR_OP_ext8u: r = umin(ua, 0xff); break;
    case IR_OP_ext16u: r = umin(ua, 0xffff); break;
    case IR_OP_ext32u: r = umin(ua, U32MAX); break;
    case IR_OP_ext8s: r = sext_ub(ua, 8); break;
    case IR_OP_ext16s: r = sext_ub(ua, 16); break;
    case IR_OP_ext32s: r = sext_ub(ua, 32); break;
    case IR_OP_gld: {
        int mo = (int)op->args[2];
        if (!(mo & MO_SIGN) && (mo & MO_SIZE) != MO_64)
            r = (1ull << (8 * mo_bytes(mo))) - 1;
        return r;
    }
    default:
        break;
    }
    if (w32 && (ir_op_defs[op->opc].flags & IRF_FOLD) && op->nb_out == 1)
        r = in32(r);   /* I32 results are zero-extended */
    return r;
}

/* The work space (the caller's scratch): a header, then the arrays, laid out by the
 * capacities the header records (not by this block's sizes: the facts array must only ever
 * hold facts, or another block's versions read as a fact's stamp could match the epoch).
 * Versions need no reset (only compared with themselves within one block); facts carry the
 * epoch they were made in, a new epoch at each block and label forgets them all at once. */
typedef struct Scratch {
    uint32_t epoch;       /* the last epoch used (0: none yet; stamps of zeroed space) */
    uint32_t nt_cap;      /* temps the arrays have room for */
    uint32_t ng_cap;      /* globals */
    uint32_t pad;
} Scratch;

static size_t scratch_size(size_t nt, size_t ng)
{
    return sizeof(Scratch) + nt * (sizeof(TempFacts) + sizeof(uint32_t)) +
           ng * (sizeof(int) + sizeof(uint32_t));
}

typedef struct Pass {
    const IRContext *c;
    uint32_t epoch;
    TempFacts *f;
    uint32_t *ver;
    int *last_use;        /* per global: the last access with it as base, or -1 */
    uint32_t *last_ver;   /* and the global's version then */
} Pass;

static const TempFacts *facts(const Pass *p, IRTemp t)
{
    return p->f[t].stamp == p->epoch ? &p->f[t] : &no_facts;
}

static uint64_t ub_of(const Pass *p, IRTemp t)
{
    const IRTempInfo *ti = &p->c->temps[t];
    return ti->kind == IRT_CONST ? (uint64_t)ti->val : facts(p, t)->ub;
}

/* t's base and delta now (false: none; a global is its own base). */
static bool base_of(const Pass *p, IRTemp t, IRTemp *base, int64_t *lo, int64_t *hi)
{
    const TempFacts *f = facts(p, t);
    if (f->base != IR_NOTEMP && p->ver[f->base] == f->base_ver) {
        *base = f->base, *lo = f->lo, *hi = f->hi;
        return true;
    }
    if (p->c->temps[t].kind != IRT_GLOBAL)
        return false;
    *base = t, *lo = *hi = 0;
    return true;
}

/* The base fact of op's output d (an I64 add/sub/mov), or no_facts' base. */
static void result_base(const Pass *p, const IROp *op, TempFacts *out)
{
    if (op->type != IR_I64)
        return;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    IRTemp b = op->nb_in > 1 ? (IRTemp)op->args[2] : IR_NOTEMP;
    const IRTempInfo *T = p->c->temps;
    IRTemp base = IR_NOTEMP;
    int64_t lo = 0, hi = 0, add_lo = 0, add_hi = 0;
    switch (op->opc) {
    case IR_OP_mov:
        if (!base_of(p, a, &base, &lo, &hi))
            return;
        break;
    case IR_OP_sub:
        if (T[b].kind != IRT_CONST || T[b].val < -IR_ADDR_DELTA_MAX || T[b].val > IR_ADDR_DELTA_MAX ||
            !base_of(p, a, &base, &lo, &hi))
            return;
        add_lo = add_hi = -T[b].val;
        break;
    case IR_OP_add: {
        /* base + constant, base + bounded value (either order) */
        IRTemp x = b, y = a;
        for (int k = 0; k < 2; k++, x = a, y = b) {
            bool cx = T[x].kind == IRT_CONST;
            if (cx && (T[x].val < -IR_ADDR_DELTA_MAX || T[x].val > IR_ADDR_DELTA_MAX))
                continue;
            if (!cx && ub_of(p, x) > IR_ADDR_DELTA_MAX)
                continue;
            if (T[y].kind == IRT_CONST || !base_of(p, y, &base, &lo, &hi))
                continue;
            add_lo = cx ? T[x].val : 0;
            add_hi = cx ? T[x].val : (int64_t)ub_of(p, x);
            break;
        }
        if (base == IR_NOTEMP)
            return;
        break;
    }
    default:
        return;
    }
    lo += add_lo, hi += add_hi;
    if (base == d || lo < -IR_ADDR_DELTA_MAX || hi > IR_ADDR_DELTA_MAX)
        return;
    out->base = base;
    out->base_ver = p->ver[base];
    out->lo = (int32_t)lo, out->hi = (int32_t)hi;
}

void ir_addr_bases(const IRContext *c, IRAddrBase *out, void **scratch, size_t *cap)
{
    size_t nt = (size_t)c->nb_temps + 1, ng = (size_t)c->nb_globals + 1;
    for (int i = 0; i < c->nb_ops; i++)
        out[i] = (IRAddrBase){ IR_NOTEMP, 0, 0, false, -1 };
    Scratch *hd = *scratch;
    if (!hd || nt > hd->nt_cap || ng > hd->ng_cap) {
        size_t nt_cap = nt * 2, ng_cap = ng * 2, size = scratch_size(nt_cap, ng_cap);
        void *q = realloc(*scratch, size);
        if (!q)
            return;   /* an optimization only: every access checks its own address */
        memset(q, 0, size);   /* stamps 0: no facts */
        *scratch = q;
        *cap = size;
        hd = q;
        hd->nt_cap = (uint32_t)nt_cap;
        hd->ng_cap = (uint32_t)ng_cap;
    }
    if (hd->epoch > UINT32_MAX - (uint32_t)c->nb_ops - 2) {   /* stamps would wrap */
        memset(hd + 1, 0, *cap - sizeof(Scratch));
        hd->epoch = 0;
    }
    Pass p = { c, ++hd->epoch, (TempFacts *)(hd + 1), NULL, NULL, NULL };
    p.ver = (uint32_t *)(p.f + hd->nt_cap);
    p.last_ver = p.ver + hd->nt_cap;
    p.last_use = (int *)(p.last_ver + hd->ng_cap);
    for (size_t g = 0; g < ng; g++)
        p.last_use[g] = -1;
    for (int i = 0; i < c->nb_ops; i++) {
        const IROp *op = &c->ops[i];
        if (op->opc == IR_OP_set_label) {
            p.epoch = ++hd->epoch;
            continue;
        }
        if (op->opc == IR_OP_call && !(op->call_flags & IR_CALL_NO_WG))
            for (int t = 0; t < c->nb_globals; t++)
                p.ver[t]++, p.f[t].stamp = 0;
        if (op->opc == IR_OP_gld || op->opc == IR_OP_gst) {
            IRTemp a = (IRTemp)op->args[op->nb_out + (op->opc == IR_OP_gst)];
            const TempFacts *f = facts(&p, a);
            IRTemp b = c->temps[a].kind == IRT_GLOBAL ? a : IR_NOTEMP;
            if (c->temps[a].kind != IRT_CONST && f->base != IR_NOTEMP &&
                p.ver[f->base] == f->base_ver) {
                out[i] = (IRAddrBase){ f->base, f->lo, f->hi, false, -1 };
                b = f->base;
            }
            if (b != IR_NOTEMP) {   /* b: the base value this access checks */
                int j = p.last_use[b];
                out[i].group = i;
                if (j >= 0 && p.last_ver[b] == p.ver[b]) {
                    out[i].shared = out[j].shared = true;
                    out[i].group = out[j].group;
                }
                p.last_use[b] = i;
                p.last_ver[b] = p.ver[b];
            }
        }
        /* The outputs' facts from the inputs as they are before this op. */
        TempFacts nf = no_facts;
        if (op->nb_out >= 1) {
            uint64_t ua = op->nb_in > 0 ? ub_of(&p, (IRTemp)op->args[op->nb_out]) : UINT64_MAX;
            uint64_t ub = op->nb_in > 1 ? ub_of(&p, (IRTemp)op->args[op->nb_out + 1]) : UINT64_MAX;
            nf.ub = result_ub(c, op, ua, ub);
            result_base(&p, op, &nf);
        }
        nf.stamp = p.epoch;
        for (int k = 0; k < op->nb_in; k++)   /* a value dying here may be gone after it */
            if ((op->life >> k) & 1)
                p.ver[(IRTemp)op->args[op->nb_out + k]]++;
        for (int k = 0; k < op->nb_out; k++) {
            IRTemp d = (IRTemp)op->args[k];
            p.ver[d]++;
            p.f[d] = nf;
            if (k > 0)
                p.f[d].stamp = 0;
        }
    }
}

/* ---- Loop accesses checked once, at the loop's entry (ir_loop_checks) --------------------
 * A loop block's body (ops 0..end, no backward branch, no call) runs once per iteration; its
 * back edges are the self exits (goto_tb / exit_cond to the loop's pc). A symbolic pass over
 * the body gives each value, where it can, as a form: sum of (global at the iteration's top)
 * << sh, at most two terms, plus a delta in [lo, hi] (|lo|, |hi| <= IR_ADDR_DELTA_MAX: a
 * constant, a bounded value). At each back edge a global whose form is g + s (s constant, the
 * same at every back edge) is an induction variable of step s (s = 0: loop-invariant).
 * An access whose address has a form over induction variables, address = X + delta, has X
 * moving by step = sum of s << sh per iteration. It needs no check inside the loop when
 *   - step = 0 (X is X_0 in every iteration: the entry's loose check of X_0 proves what the
 *     per-access one would: address within IR_ADDR_DELTA_MAX of [-2^30, GM_ADDR_LIMIT)), or
 *   - |step| + (hi - lo) <= IR_ADDR_DELTA_MAX and the access runs on every path from the
 *     loop's top to any of its back edges (before the first back edge, no branch jumping
 *     over it). Walk-into-guard: iteration k + 1 runs only if iteration k did the access at
 *     A_k without faulting, i.e. A_k inside the reservation [0, limit) (by induction nothing
 *     else is reachable: A_0 is within IR_ADDR_DELTA_MAX of a checked X_0); then
 *     A_{k+1} = A_k + step + (delta_{k+1} - delta_k) lies in [-2^30, limit + 2^30) (64-bit
 *     arithmetic: below 0 means the top of the space), which is the reservation or the
 *     2 GiB guard above it or, below 0, the kernel half (guest at host 0) or the lower guard:
 *     it cannot jump over a guard, so a bad address faults there, at its own access, and the
 *     host fault is reported as the guest's SIGSEGV at that address (the access's fault site).
 * A global reassigned in the loop other than by a constant step (a load, a mask, a value
 * from another path: knowledge ends at labels for every value written before them) has no
 * step, and accesses off it keep their checks. User mode only (the caller's business):
 * full-system code checks each access in its soft TLB. */
typedef struct Form {
    IRTemp g[2];          /* terms: global g[k] at the iteration's top, << sh[k] */
    uint8_t sh[2], n;     /* n terms (0..2) */
    bool known;
    int64_t lo, hi;       /* plus a delta in [lo, hi] */
} Form;

static const Form unknown_form = { { IR_NOTEMP, IR_NOTEMP }, { 0, 0 }, 0, false, 0, 0 };

static bool small(int64_t v) { return v >= -IR_ADDR_DELTA_MAX && v <= IR_ADDR_DELTA_MAX; }

/* The form of temp t (f: the pass's forms, ub: its upper bounds). */
static Form form_of(const IRContext *c, const Form *f, const uint64_t *ub, IRTemp t)
{
    Form r = unknown_form;
    if (c->temps[t].kind == IRT_CONST) {
        if (small(c->temps[t].val))
            r.known = true, r.lo = r.hi = c->temps[t].val;
        return r;
    }
    if (f[t].known)
        return f[t];
    if (ub[t] <= IR_ADDR_DELTA_MAX)
        r.known = true, r.lo = 0, r.hi = (int64_t)ub[t];
    return r;
}

static Form form_add(Form a, Form b)
{
    if (!a.known || !b.known || a.n + b.n > 2 || !small(a.lo + b.lo) || !small(a.hi + b.hi))
        return unknown_form;
    for (int k = 0; k < b.n; k++) {
        a.g[a.n] = b.g[k];
        a.sh[a.n++] = b.sh[k];
    }
    a.lo += b.lo, a.hi += b.hi;
    return a;
}

/* The form of op's output (an I64 mov, add, sub of a constant, shl of a term by 0..3). */
static Form op_form(const IRContext *c, const Form *f, const uint64_t *ub, const IROp *op)
{
    if (op->type != IR_I64 || op->nb_out != 1 || op->nb_in < 1)
        return unknown_form;
    Form a = form_of(c, f, ub, (IRTemp)op->args[1]);
    IRTemp tb = op->nb_in > 1 ? (IRTemp)op->args[2] : IR_NOTEMP;
    bool cb = tb != IR_NOTEMP && c->temps[tb].kind == IRT_CONST;
    switch (op->opc) {
    case IR_OP_mov:
        return a;
    case IR_OP_add:
        return form_add(a, form_of(c, f, ub, tb));
    case IR_OP_sub: {
        if (!cb || !small(-c->temps[tb].val))
            return unknown_form;
        Form k = { { IR_NOTEMP, IR_NOTEMP }, { 0, 0 }, 0, true, -c->temps[tb].val,
                   -c->temps[tb].val };
        return form_add(a, k);
    }
    case IR_OP_shl: {
        int64_t s = cb ? c->temps[tb].val : -1;
        if (!a.known || s < 0 || s > 3 || a.lo != a.hi || !small(a.lo * (1 << s)))
            return unknown_form;
        for (int k = 0; k < a.n; k++) {
            if (a.sh[k] + s > 3)
                return unknown_form;
            a.sh[k] = (uint8_t)(a.sh[k] + s);
        }
        a.lo = a.hi = a.lo * (1 << s);
        return a;
    }
    default:
        return unknown_form;
    }
}

static uint64_t ub_const_or(const IRContext *c, const uint64_t *ub, IRTemp t)
{
    return c->temps[t].kind == IRT_CONST ? (uint64_t)c->temps[t].val : ub[t];
}

static bool is_self_exit(const IROp *op, uint64_t pc)
{
    return (op->opc == IR_OP_goto_tb && (uint64_t)op->args[1] == pc) ||
           (op->opc == IR_OP_exit_cond && (uint64_t)op->args[4] == pc);
}

int ir_loop_checks(const IRContext *c, uint64_t loop_pc, int end, IRLoopAccess *acc,
                   IRLoopCheck *chk, int max_chk)
{
    int nt = c->nb_temps, ng = c->nb_globals, n_chk = 0;
    for (int i = 0; i < c->nb_ops; i++)
        acc[i] = (IRLoopAccess){ -1, 0, 0, 0 };
    if (end < 0 || end >= c->nb_ops)
        return 0;
    int *label_at = calloc((size_t)c->nb_labels + 1, sizeof(int));
    Form *f = malloc(((size_t)nt + 1) * sizeof(Form));
    Form *af = malloc(((size_t)end + 1) * sizeof(Form));   /* per access: its address's form */
    uint64_t *ub = malloc(((size_t)nt + 1) * sizeof(uint64_t));
    int64_t *step = malloc(((size_t)ng + 1) * sizeof(int64_t));
    uint8_t *iv = malloc((size_t)ng + 1);     /* 0: not seen at a back edge yet, 1: IV, 2: not */
    IRTemp *written = malloc(((size_t)nt + 1) * sizeof(IRTemp));   /* temps written so far */
    uint8_t *wflag = calloc((size_t)nt + 1, 1);
    int n_written = 0, first_back = -1;
    bool ok = label_at && f && af && ub && step && iv && written && wflag;
    for (int l = 0; ok && l <= c->nb_labels; l++)
        label_at[l] = c->nb_ops;   /* not set: as if after the block */
    for (int i = 0; ok && i < c->nb_ops; i++) {   /* labels' positions; forward branches only */
        const IROp *op = &c->ops[i];
        if (op->opc == IR_OP_set_label && op->args[0] >= 0 && op->args[0] < c->nb_labels)
            label_at[op->args[0]] = i;
        else if (op->opc == IR_OP_call || op->opc == IR_OP_gatomic || op->opc == IR_OP_gcmpxchg)
            ok = false;
    }
    for (int i = 0; ok && i < c->nb_ops; i++) {
        const IROp *op = &c->ops[i];
        if ((op->opc == IR_OP_br && label_at[op->args[0]] < i) ||
            (op->opc == IR_OP_brcond && label_at[op->args[3]] < i))
            ok = false;
    }
    for (int t = 0; ok && t < nt; t++) {
        f[t] = unknown_form;
        ub[t] = UINT64_MAX;
        if (t < ng && c->temps[t].kind == IRT_GLOBAL)
            f[t] = (Form){ { (IRTemp)t, IR_NOTEMP }, { 0, 0 }, 1, true, 0, 0 };
    }
    for (int g = 0; ok && g < ng; g++)
        iv[g] = 0, step[g] = 0;
    for (int i = 0; ok && i <= end; i++) {
        const IROp *op = &c->ops[i];
        if (op->opc == IR_OP_set_label) {   /* other paths join: what was written is unknown */
            for (int k = 0; k < n_written; k++)
                f[written[k]] = unknown_form, ub[written[k]] = UINT64_MAX;
            continue;
        }
        if (op->opc == IR_OP_gld || op->opc == IR_OP_gst)
            af[i] = form_of(c, f, ub, (IRTemp)op->args[op->nb_out + (op->opc == IR_OP_gst)]);
        if (is_self_exit(op, loop_pc)) {
            first_back = first_back < 0 ? i : first_back;
            for (int g = 0; g < ng; g++) {
                const Form *x = &f[g];
                bool is_iv = x->known && x->n == 1 && x->g[0] == (IRTemp)g && x->sh[0] == 0 &&
                             x->lo == x->hi;
                if (!is_iv || (iv[g] == 1 && step[g] != x->lo))
                    iv[g] = 2;
                else if (iv[g] == 0)
                    iv[g] = 1, step[g] = x->lo;
            }
        }
        if (op->nb_out < 1)
            continue;
        uint64_t ua = op->nb_in > 0 ? ub_const_or(c, ub, (IRTemp)op->args[op->nb_out]) : UINT64_MAX;
        uint64_t ubb = op->nb_in > 1 ? ub_const_or(c, ub, (IRTemp)op->args[op->nb_out + 1]) : UINT64_MAX;
        Form nf = op_form(c, f, ub, op);
        uint64_t nub = result_ub(c, op, ua, ubb);
        for (int k = 0; k < op->nb_out; k++) {
            IRTemp o = (IRTemp)op->args[k];
            f[o] = k ? unknown_form : nf;
            ub[o] = k ? UINT64_MAX : nub;
            if (!wflag[o])
                wflag[o] = 1, written[n_written++] = o;
        }
    }
    ok &= first_back >= 0;
    for (int i = 0; ok && i <= end; i++) {
        const IROp *op = &c->ops[i];
        if ((op->opc != IR_OP_gld && op->opc != IR_OP_gst) || ((int)op->args[2] & MO_ALIGN) ||
            !af[i].known || af[i].n == 0)
            continue;
        const Form *x = &af[i];
        int64_t s = 0;
        bool good = true;
        for (int k = 0; k < x->n; k++) {
            good &= x->g[k] < (IRTemp)ng && iv[x->g[k]] == 1 &&
                    small(step[x->g[k]] * (1 << x->sh[k]));
            if (good)
                s += step[x->g[k]] * (1 << x->sh[k]);
        }
        if (!good)
            continue;
        if (s != 0) {
            int64_t span = (s < 0 ? -s : s) + (x->hi - x->lo);
            bool dom = i < first_back && span <= IR_ADDR_DELTA_MAX;
            for (int j = 0; dom && j < i; j++) {   /* a branch over the access */
                const IROp *b = &c->ops[j];
                if ((b->opc == IR_OP_br && label_at[b->args[0]] > i) ||
                    (b->opc == IR_OP_brcond && label_at[b->args[3]] > i))
                    dom = false;
            }
            if (!dom)
                continue;
        }
        IRLoopCheck want = { { x->g[0], x->n > 1 ? x->g[1] : IR_NOTEMP },
                             { x->sh[0], x->n > 1 ? x->sh[1] : 0 } };
        int j = 0;
        while (j < n_chk && (chk[j].g[0] != want.g[0] || chk[j].g[1] != want.g[1] ||
                             chk[j].sh[0] != want.sh[0] || chk[j].sh[1] != want.sh[1]))
            j++;
        if (j == n_chk) {
            if (n_chk == max_chk)
                continue;
            chk[n_chk++] = want;
        }
        acc[i] = (IRLoopAccess){ (int16_t)j, (int32_t)x->lo, (int32_t)x->hi, s };
    }
    free(label_at), free(f), free(af), free(ub), free(step), free(iv), free(written), free(wflag);
    return n_chk;
}
