/*
 * Demanded-bits narrowing of a block's IR, run by the back end after ir_liveness.
 *
 * RISC-V's W instructions leave sign-extended 32-bit results (the front end's `OP_i32` then
 * `ext32s`); chains of them (sha256's rounds: rotates, xors and adds of 32-bit words) extend
 * every intermediate value although the next op reads only its low 32 bits again. Here:
 *   - an ext32s/ext32u whose result's upper 32 bits nobody reads becomes a mov (nothing at all
 *     when the register allocator can let the destination take the source's register);
 *   - an I32 op whose result only such a mov copies (the op's temp dying there) writes the
 *     mov's destination itself, and the mov goes.
 * Flow: one backward pass with hi[t] = "the upper 32 bits of t's current value may be read".
 * Globals are demanded wherever guest state can be observed: the ops at which ir_liveness
 * keeps every global live (block ends, exits, ops that may fault, calls reading globals);
 * locals at block boundaries. An op's write clears its outputs' flags; its inputs are then
 * demanded in full, or only their low 32 bits when the low 32 bits of everything the op
 * produces depend on nothing else: every I32 op (ir-ops.def: I32 ops read the low 32 bits),
 * the extensions, stores of at most 4 bytes, and add/sub/mul/and/or/xor/not/neg/shl/mov at I64
 * whose own upper bits are not demanded.
 * Invariant: rewritten ops compute the same low 32 bits, and any value whose upper bits now
 * differ is overwritten before anything reads them. The life bits stay valid (a coalesced op
 * takes over the mov's output bit).
 */
#include <stdlib.h>

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

void ir_narrow(IRContext *c)
{
    uint8_t *hi = calloc((size_t)c->nb_temps + 1, 1);
    IRTemp *loc = malloc(sizeof(IRTemp) * ((size_t)c->nb_temps + 1));
    if (!hi || !loc) {
        free(hi);
        free(loc);
        return;   /* an optimization only */
    }
    /* A boundary sets the globals and locals; a normal temp's flag needs no reset there: its
     * lifetime in the earlier block starts with a write, which clears it. */
    int n_loc = 0;
    for (int t = 0; t < c->nb_temps; t++) {
        hi[t] = c->temps[t].kind == IRT_GLOBAL || c->temps[t].kind == IRT_LOCAL;
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
                hi[loc[k]] = 1;
        bool out_hi = op->nb_out == 1 && hi[op->args[0]];
        if ((op->opc == IR_OP_ext32s || op->opc == IR_OP_ext32u) && !out_hi) {
            IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
            op->opc = IR_OP_mov;
            int p = prev_op(c, i);
            IROp *x = p >= 0 ? &c->ops[p] : NULL;
            if (x && (op->life & 1) && c->temps[a].kind == IRT_NORMAL && x->type == IR_I32 &&
                (ir_op_defs[x->opc].flags & IRF_FOLD) && x->nb_out == 1 &&
                (IRTemp)x->args[0] == a) {
                /* x's result only feeds this mov: x writes d itself. */
                x->args[0] = d;
                x->life = (x->life & ~(1u << 16)) | (op->life & (1u << 16));
                op->opc = IR_OP_nop;
                op->nb_out = op->nb_in = op->nb_const = 0;
                op->life = 0;
                continue;   /* hi[d] stays clear for x's write */
            }
            if (d == a) {
                op->opc = IR_OP_nop;
                op->nb_out = op->nb_in = op->nb_const = 0;
                op->life = 0;
                continue;
            }
        }
        for (int k = 0; k < op->nb_out; k++)
            hi[op->args[k]] = 0;
        bool globals_seen = (def->flags & (IRF_BB_END | IRF_MEM | IRF_EXIT | IRF_FAULT)) ||
                            op->opc == IR_OP_call;
        if (globals_seen)
            for (int t = 0; t < c->nb_globals; t++)
                hi[t] = 1;
        for (int k = 0; k < op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[op->nb_out + k];
            if (!reads_low_only(op, k, out_hi))
                hi[t] = 1;
        }
    }
    free(hi);
    free(loc);
}
