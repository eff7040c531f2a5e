/*
 * Demanded-bits narrowing of a block's IR, run by the back end after ir_liveness.
 *
 * RISC-V's W instructions leave sign-extended 32-bit results (the front end's `OP_i32` then
 * `ext32s`); chains of them (sha256's rounds: rotates, xors and adds of 32-bit words) extend
 * every intermediate value although the next op reads only its low 32 bits again. Here:
 *   - forward pass: an ext32s/ext32u of a value already extended that way (known from the op
 *     that made it: extensions, narrow loads, I32 results, setcond, and/or/xor of known
 *     values, shifts by 32 or more) becomes a mov; knowledge ends at labels, and for globals
 *     at calls that may write them;
 *   - backward pass: an ext32s/ext32u whose result's upper 32 bits nobody reads becomes a mov,
 *     and a 64-bit mov whose source is a normal temp made by the op right before it and dying
 *     at the mov is folded into that op (it writes the mov's destination; the mov goes).
 * A mov costs nothing when the register allocator lets the destination take the source's
 * register. The backward pass keeps hi[t] = "the upper 32 bits of t's current value may be
 * read". Globals are demanded wherever guest state can be observed: the ops at which
 * ir_liveness keeps every global live (block ends, exits, ops that may fault, calls); locals
 * at block boundaries. An op's write clears its outputs' flags; its inputs are then demanded
 * in full, or only their low 32 bits when the low 32 bits of everything the op produces
 * depend on nothing else: every I32 op (ir-ops.def: I32 ops read the low 32 bits), the
 * extensions, stores of at most 4 bytes, and add/sub/mul/and/or/xor/not/neg/shl/mov at I64
 * whose own upper bits are not demanded.
 * Invariant: rewritten ops compute the same low 32 bits (the same 64 bits for the forward
 * pass), and any value whose upper bits now differ is overwritten before anything reads them.
 * The life bits stay valid (a folded op takes over the mov's output bit).
 * Loop blocks (the back end runs the block again from its start at its back edges): the
 * forward pass would know nothing of the globals the previous iteration left (sha256's round
 * loop renames its state words at the top, `mv a3, a0`, and sign-extends them again at the
 * bottom, `sext.w a3, a3`). loop_assumption finds the least set of globals that, assumed
 * sign-extended at the start, the body leaves sign-extended at every back edge (rounds from
 * the empty set: round r's set holds after r iterations from any state); the forward pass then
 * starts from it and records, per value, the assumed globals its knowledge came from. What an
 * extension was dropped for, closed under what keeps those sign-extended across the back
 * edges, is returned: the back end checks it at the loop's entry (codegen-loop.c), so the
 * assumption holds in every iteration. Indirect jumps that may go to the block's start enter
 * it (jump cache, dispatcher: through the check), except constant ones, which count as back
 * edges.
 */
#include <stdlib.h>
#include <string.h>

#include "ir.h"

/* Whether op's inputs are read only in their low 32 bits, given whether the upper 32 bits of
 * its (single) result are demanded. k: the input's index. */
static bool reads_low_only(const IROp *op, int k, bool out_hi)
{
    switch (op->opc) {
    case IR_OP_ext8s: case IR_OP_ext8u: case IR_OP_ext16s: case IR_OP_ext16u:
    case IR_OP_ext32s: case IR_OP_ext32u:
        return true;
    case IR_OP_gst:   /* value, address */
        return k == 0 && mo_bytes((int)op->args[2]) <= 4;
    default:
        break;
    }
    if (!(ir_op_defs[op->opc].flags & IRF_FOLD) || op->nb_out != 1)
        return false;
    if (op->type == IR_I32)
        return true;
    switch (op->opc) {
    case IR_OP_add: case IR_OP_sub: case IR_OP_mul: case IR_OP_and: case IR_OP_or:
    case IR_OP_xor: case IR_OP_not: case IR_OP_neg: case IR_OP_shl: case IR_OP_mov:
        return !out_hi;
    default:
        return false;
    }
}

/* The op before index i that is not a nop, or -1. */
static int prev_op(const IRContext *c, int i)
{
    while (--i >= 0)
        if (c->ops[i].opc != IR_OP_nop && c->ops[i].opc != IR_OP_insn_start)
            return i;
    return -1;
}

static void make_nop(IROp *op)
{
    op->opc = IR_OP_nop;
    op->nb_out = op->nb_in = op->nb_const = 0;
    op->life = 0;
}

/* What is known of a value's upper half: bits 63..31 all equal (SX), bits 63..32 zero (ZX). */
enum { KNOWN_SX = 1, KNOWN_ZX = 2 };

static uint8_t const_ext(int64_t v)
{
    return (uint8_t)((v == (int32_t)v ? KNOWN_SX : 0) | (v == (int64_t)(uint32_t)v ? KNOWN_ZX : 0));
}

/* What op's (first) output is known to be, given its inputs' knowledge k[]. */
static uint8_t result_ext(const IRContext *c, const IROp *op, const uint8_t *k)
{
    uint8_t kin[2] = { 0, 0 };
    for (int j = 0; j < 2 && j < op->nb_in; j++) {
        IRTemp t = (IRTemp)op->args[op->nb_out + j];
        kin[j] = c->temps[t].kind == IRT_CONST ? const_ext(c->temps[t].val) : k[t];
    }
    uint8_t ka = kin[0], kb = kin[1];
    bool w64 = op->type == IR_I64;
    IRTemp b = op->nb_in > 1 ? (IRTemp)op->args[op->nb_out + 1] : IR_NOTEMP;
    int64_t cb = b != IR_NOTEMP && c->temps[b].kind == IRT_CONST ? c->temps[b].val : -1;
    switch (op->opc) {
    case IR_OP_and:   /* zeros stay zeros; copies of bit 31 stay copies */
        if (w64 && (ka == (KNOWN_SX | KNOWN_ZX) || kb == (KNOWN_SX | KNOWN_ZX)))
            return KNOWN_SX | KNOWN_ZX;   /* one side has bits 63..31 clear */
        if (w64)
            return (uint8_t)(((ka | kb) & KNOWN_ZX) | (ka & kb & KNOWN_SX));
        break;
    case IR_OP_or: case IR_OP_xor:
        if (w64)
            return ka & kb;
        break;
    case IR_OP_shr:
        if (w64 && cb >= 33 && cb < 64)
            return KNOWN_SX | KNOWN_ZX;
        if (w64 && cb == 32)
            return KNOWN_ZX;
        break;
    case IR_OP_sar:
        if (w64 && cb >= 32 && cb < 64)
            return KNOWN_SX;
        break;
    case IR_OP_setcond: case IR_OP_ext8u: case IR_OP_ext16u:
        return KNOWN_SX | KNOWN_ZX;
    case IR_OP_ext8s: case IR_OP_ext16s: case IR_OP_ext32s:
        return KNOWN_SX;
    case IR_OP_ext32u:
        return KNOWN_ZX;
    case IR_OP_gld: {
        int mo = (int)op->args[2];
        if ((mo & MO_SIZE) == MO_64)
            return 0;
        return (mo & MO_SIGN) ? KNOWN_SX : (mo & MO_SIZE) == MO_32 ? KNOWN_ZX : KNOWN_SX | KNOWN_ZX;
    }
    case IR_OP_mov:
        if (op->type == IR_I64)
            return ka;
        break;
    default:
        break;
    }
    if ((ir_op_defs[op->opc].flags & IRF_FOLD) && op->nb_out == 1 && op->type == IR_I32)
        return KNOWN_ZX;   /* I32 results are zero-extended (ir-ops.def) */
    return 0;
}

/* The forward pass's state. In a loop block (loop), dep[t] holds the assumed globals (bit g)
 * t's knowledge was derived from (a superset), and the pass also gathers what the loop needs:
 * the globals sign-extended at every back edge and their dep, and the assumptions used. */
typedef struct Fwd {
    uint8_t *k;
    IRTemp *set;        /* the temps given knowledge since the last label */
    uint64_t *dep;      /* NULL unless loop */
    bool loop, rewrite;
    uint64_t loop_pc;
    uint64_t assume;    /* globals sign-extended at the start */
    uint64_t back_sx;   /* out: globals sign-extended at every back edge */
    uint64_t used;      /* out: assumptions an extension was dropped for */
    uint64_t back_dep[64];
} Fwd;

/* Whether op jumps to the block's loop without entering the block (the entry checks the
 * assumption): a self exit, or an indirect jump to a constant target that is the block's
 * start (the back end lowers it as a back edge; any other goes through the jump cache or the
 * dispatcher, which enter the block). */
static bool may_go_back(const IRContext *c, const IROp *op, uint64_t loop_pc)
{
    if (op->opc == IR_OP_goto_ptr) {
        const IRTempInfo *t = &c->temps[op->args[0]];
        return t->kind == IRT_CONST && ((uint64_t)t->val & ~(uint64_t)op->args[1]) == loop_pc;
    }
    return ir_is_self_exit(op, loop_pc);
}

static int n_assumable(const IRContext *c)
{
    return c->nb_globals < 64 ? c->nb_globals : 64;
}

/* Forward: an ext32s/ext32u of a value already extended that way is a mov (nothing in place;
 * only when f->rewrite); returns how many extensions and 64-bit copies are left for the
 * backward pass. Knowledge ends at labels (other paths join) and, for globals, at calls that
 * may write them. */
static int drop_known_ext(IRContext *c, Fwd *f)
{
    uint8_t *k = f->k;
    IRTemp *set = f->set;
    int n_set = 0, n_left = 0, na = n_assumable(c);
    bool overflow = false;   /* set is full: a label clears every temp */
    uint64_t all = na == 64 ? ~(uint64_t)0 : (1ull << na) - 1;
    bool back = false;
    f->back_sx = f->loop ? all : 0;
    f->used = 0;
    if (f->loop) {
        memset(f->dep, 0, (size_t)c->nb_temps * sizeof(uint64_t));
        memset(f->back_dep, 0, sizeof f->back_dep);
        for (int g = 0; g < na; g++)
            if (f->assume >> g & 1) {
                k[g] = KNOWN_SX;
                f->dep[g] = 1ull << g;
                set[n_set++] = (IRTemp)g;
            }
    }
    for (int i = 0; i < c->nb_ops; i++) {
        IROp *op = &c->ops[i];
        if (op->opc == IR_OP_set_label) {
            if (overflow)
                memset(k, 0, (size_t)c->nb_temps);
            while (n_set)
                k[set[--n_set]] = 0;
            overflow = false;
            continue;
        }
        if (op->opc == IR_OP_call && !(op->call_flags & IR_CALL_NO_WG)) {
            for (int t = 0; t < c->nb_globals; t++)
                k[t] = 0;
            continue;
        }
        if (f->loop && may_go_back(c, op, f->loop_pc)) {
            back = true;
            for (int g = 0; g < na; g++) {
                if (!(k[g] & KNOWN_SX))
                    f->back_sx &= ~(1ull << g);
                f->back_dep[g] |= f->dep[g];
            }
        }
        if (op->nb_out == 0)
            continue;
        if (op->opc == IR_OP_ext32s || op->opc == IR_OP_ext32u) {
            IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
            uint8_t want = op->opc == IR_OP_ext32s ? KNOWN_SX : KNOWN_ZX;
            if (c->temps[a].kind != IRT_CONST && (k[a] & want)) {
                if (f->loop)
                    f->used |= f->dep[a];
                if (f->rewrite) {
                    if (d == a) {
                        make_nop(op);
                        continue;
                    }
                    op->opc = IR_OP_mov;
                }
            }
        }
        n_left += op->opc == IR_OP_ext32s || op->opc == IR_OP_ext32u ||
                  (op->opc == IR_OP_mov && op->type == IR_I64);
        uint8_t r = result_ext(c, op, k);
        uint64_t rdep = 0;
        if (f->loop && r && (op->opc == IR_OP_and || op->opc == IR_OP_or ||
                             op->opc == IR_OP_xor || op->opc == IR_OP_mov))
            for (int j = 0; j < op->nb_in; j++)
                rdep |= f->dep[op->args[op->nb_out + j]];
        for (int j = 0; j < op->nb_out; j++) {
            IRTemp d = (IRTemp)op->args[j];
            if (!k[d] && j == 0 && r) {
                if (n_set < c->nb_temps)
                    set[n_set++] = d;
                else
                    overflow = true;
            }
            k[d] = j == 0 ? r : 0;
            if (f->loop)
                f->dep[d] = j == 0 ? rdep : 0;
        }
    }
    if (!back)
        f->back_sx = 0;
    return n_left;
}

/* A loop block's assumption: the least set of globals, grown from none, that the body keeps
 * sign-extended given the set at the start (each round's set holds at every back edge when the
 * previous round's held at the start: after that many iterations of any entry, it holds). */
static uint64_t loop_assumption(IRContext *c, Fwd *f)
{
    uint64_t s = 0, valid = 0;
    f->rewrite = false;
    for (int round = 0; round < 8; round++) {
        f->assume = s;
        memset(f->k, 0, (size_t)c->nb_temps);
        drop_known_ext(c, f);
        if (s & ~f->back_sx)
            break;   /* s not kept (the analysis is monotone: not expected) */
        valid = s;
        if (f->back_sx == s)
            break;
        s = f->back_sx;
    }
    return valid;
}

/* Backward-pass state: hi[t] for locals and normal temps; a global's flag counts only if its
 * stamp is the current epoch, and an op that observes every global starts a new epoch (all
 * globals demanded in O(1)). */
typedef struct Demand {
    uint8_t *hi;
    uint32_t *stamp, epoch;
    int nb_globals;
} Demand;

static bool demanded(const Demand *dm, IRTemp t)
{
    if ((int)t < dm->nb_globals && dm->stamp[t] != dm->epoch)
        return true;
    return dm->hi[t];
}

static void set_demand(Demand *dm, IRTemp t, bool v)
{
    if ((int)t < dm->nb_globals)
        dm->stamp[t] = dm->epoch;
    dm->hi[t] = v;
}

uint64_t ir_narrow(IRContext *c, bool loop, uint64_t loop_pc, void **scratch, size_t *cap)
{
    size_t nt = (size_t)c->nb_temps + 1, ng = (size_t)c->nb_globals + 1;
    size_t need = (loop ? nt * sizeof(uint64_t) : 0) + ng * sizeof(uint32_t) +
                  nt * sizeof(IRTemp) + nt;
    if (need > *cap) {
        void *p = realloc(*scratch, need * 2);
        if (!p)
            return 0;   /* an optimization only */
        *scratch = p;
        *cap = need * 2;
    }
    uint64_t *dep = *scratch;   /* first: aligned */
    Demand dm = { .stamp = (uint32_t *)(loop ? dep + nt : dep), .epoch = 1,
                  .nb_globals = c->nb_globals };
    IRTemp *loc = (IRTemp *)(dm.stamp + ng);
    dm.hi = (uint8_t *)(loc + nt);
    /* hi and loc: the forward pass's scratch first */
    Fwd f = { .k = dm.hi, .set = loc, .dep = loop ? dep : NULL, .loop = loop,
              .loop_pc = loop_pc };
    if (loop)
        f.assume = loop_assumption(c, &f);
    f.rewrite = true;
    memset(dm.hi, 0, nt);
    int n_left = drop_known_ext(c, &f);
    uint64_t guard = f.used, prev = 0;
    while (guard != prev) {   /* and what keeps those sign-extended across the back edges */
        prev = guard;
        for (int g = 0; g < 64; g++)
            if (guard >> g & 1)
                guard |= f.back_dep[g];
    }
    if (!n_left)
        return guard;
    /* Every global demanded at the end (stale stamps); locals too. A boundary sets the
     * locals again; a normal temp's flag needs no reset there: its lifetime in the earlier
     * block starts with a write, which clears it. */
    memset(dm.stamp, 0, ng * sizeof(uint32_t));
    int n_loc = 0;
    for (int t = c->nb_globals; t < c->nb_temps; t++) {
        dm.hi[t] = c->temps[t].kind == IRT_LOCAL;
        if (c->temps[t].kind == IRT_LOCAL)
            loc[n_loc++] = (IRTemp)t;
    }
    for (int i = c->nb_ops - 1; i >= 0; i--) {
        IROp *op = &c->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == IR_OP_nop || op->opc == IR_OP_insn_start)
            continue;
        if (def->flags & IRF_BB_END)
            for (int k = 0; k < n_loc; k++)
                dm.hi[loc[k]] = 1;
        bool out_hi = op->nb_out == 1 && demanded(&dm, (IRTemp)op->args[0]);
        if ((op->opc == IR_OP_ext32s || op->opc == IR_OP_ext32u) && !out_hi) {
            op->opc = IR_OP_mov;
            if (op->args[0] == op->args[1]) {
                make_nop(op);
                continue;
            }
        }
        if (op->opc == IR_OP_mov && op->type == IR_I64) {
            IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
            int p = prev_op(c, i);
            IROp *x = p >= 0 ? &c->ops[p] : NULL;
            if (x && (op->life & 1) && c->temps[a].kind == IRT_NORMAL &&
                (ir_op_defs[x->opc].flags & IRF_FOLD) && x->nb_out == 1 &&
                (IRTemp)x->args[0] == a) {
                /* x's result only feeds this copy: x writes d itself. */
                x->args[0] = d;
                x->life = (x->life & ~(1u << 16)) | (op->life & (1u << 16));
                make_nop(op);
                continue;   /* d's flag as after the copy: x's write of d comes next */
            }
        }
        for (int k = 0; k < op->nb_out; k++)
            set_demand(&dm, (IRTemp)op->args[k], false);
        if ((def->flags & (IRF_BB_END | IRF_MEM | IRF_EXIT | IRF_FAULT)) || op->opc == IR_OP_call)
            dm.epoch++;   /* guest state observable here: every global demanded */
        for (int k = 0; k < op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[op->nb_out + k];
            if (!reads_low_only(op, k, out_hi))
                set_demand(&dm, t, true);
        }
    }
    return guard;
}
