/*
 * IR optimizer: constant folding, algebraic simplification, copy propagation (forward, within
 * extended basic blocks) and liveness with dead-code elimination (backward).
 *
 * Idioms recognised before that (fuse_rotates) and after it (fuse_shift_pairs, fuse_divrem)
 * turn multi-instruction guest sequences into one host-friendly op.
 *
 * Invariants kept: a fold never changes what a guest can observe, including at a fault: globals
 * are treated as live at every op that may fault, call a helper that reads them, or leave the
 * block, so a global write that precise state depends on is never deleted. Knowledge about
 * values is dropped at labels (another path may reach them) and, for globals, at calls that may
 * write them.
 */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

static void fuse_divrem(IRContext *c);
static void fuse_shift_pairs(IRContext *c);
static void fuse_rotates(IRContext *c);

/* Per-temp forward knowledge. A copy is valid only while its source keeps the version it had
 * when the copy was made, which avoids scanning for dependants on every write. */
typedef struct OptInfo {
    uint8_t is_const;
    int64_t val;
    IRTemp copy_of;
    uint32_t copy_ver;
    uint32_t version;
} OptInfo;

static int64_t fold_op(int opc, int type, int64_t a, int64_t b, bool *ok)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    bool w32 = type == IR_I32;
    int sh = (int)(ub & (w32 ? 31 : 63));
    if (w32) {
        ua = (uint32_t)ua;
        ub = (uint32_t)ub;
        a = (int32_t)a;
        b = (int32_t)b;
    }
    int64_t r;
    *ok = true;
    switch (opc) {
    case IR_OP_add: r = (int64_t)(ua + ub); break;
    case IR_OP_sub: r = (int64_t)(ua - ub); break;
    case IR_OP_mul: r = (int64_t)(ua * ub); break;
    case IR_OP_and: r = (int64_t)(ua & ub); break;
    case IR_OP_or:  r = (int64_t)(ua | ub); break;
    case IR_OP_xor: r = (int64_t)(ua ^ ub); break;
    case IR_OP_shl: r = (int64_t)(ua << sh); break;
    case IR_OP_shr: r = (int64_t)(ua >> sh); break;
    case IR_OP_sar: r = w32 ? (int64_t)((int32_t)a >> sh) : a >> sh; break;
    case IR_OP_neg: r = (int64_t)(0 - ua); break;
    case IR_OP_not: r = (int64_t)~ua; break;
    case IR_OP_mov: r = a; break;
    case IR_OP_ext8s: r = (int8_t)a; break;
    case IR_OP_ext8u: r = (uint8_t)a; break;
    case IR_OP_ext16s: r = (int16_t)a; break;
    case IR_OP_ext16u: r = (uint16_t)a; break;
    case IR_OP_ext32s: r = (int32_t)a; break;
    case IR_OP_ext32u: r = (uint32_t)a; break;
    case IR_OP_clz: r = ua ? (w32 ? __builtin_clz((uint32_t)ua) : __builtin_clzll(ua)) : w32 ? 32 : 64; break;
    case IR_OP_ctz: r = ua ? __builtin_ctzll(ua) : w32 ? 32 : 64; break;
    case IR_OP_cpop: r = __builtin_popcountll(ua); break;
    case IR_OP_bswap: r = w32 ? (int64_t)__builtin_bswap32((uint32_t)ua) : (int64_t)__builtin_bswap64(ua); break;
    case IR_OP_rotl:
        r = (int64_t)(sh ? (ua << sh | ua >> ((w32 ? 32 : 64) - sh)) : ua);
        break;
    case IR_OP_rotr:
        r = (int64_t)(sh ? (ua >> sh | ua << ((w32 ? 32 : 64) - sh)) : ua);
        break;
    case IR_OP_bset: r = (int64_t)(ua | 1ULL << sh); break;
    case IR_OP_bclr: r = (int64_t)(ua & ~(1ULL << sh)); break;
    case IR_OP_binv: r = (int64_t)(ua ^ 1ULL << sh); break;
    case IR_OP_div:
        if (b == 0) r = -1;
        else if (b == -1) r = (int64_t)(0 - ua);
        else r = a / b;
        break;
    case IR_OP_divu: r = ub == 0 ? -1 : (int64_t)(ua / ub); break;
    case IR_OP_rem:
        if (b == 0) r = a;
        else if (b == -1) r = 0;
        else r = a % b;
        break;
    case IR_OP_remu: r = ub == 0 ? (int64_t)ua : (int64_t)(ua % ub); break;
    case IR_OP_mulsh: r = w32 ? 0 : (int64_t)(((__int128)a * b) >> 64); *ok = !w32; break;
    case IR_OP_muluh:
        r = w32 ? 0 : (int64_t)(((unsigned __int128)ua * ub) >> 64); *ok = !w32; break;
    case IR_OP_mulsuh:
        r = w32 ? 0 : (int64_t)(((__int128)a * (unsigned __int128)ub) >> 64); *ok = !w32; break;
    default: *ok = false; return 0;
    }
    return w32 ? (int64_t)(uint32_t)r : r;
}

static bool eval_cond(IRCond c, int type, int64_t a, int64_t b)
{
    if (type == IR_I32) {
        a = (int32_t)a;
        b = (int32_t)b;
    }
    uint64_t ua = type == IR_I32 ? (uint32_t)a : (uint64_t)a;
    uint64_t ub = type == IR_I32 ? (uint32_t)b : (uint64_t)b;
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return a < b;
    case IR_GE: return a >= b;
    case IR_LE: return a <= b;
    case IR_GT: return a > b;
    case IR_LTU: return ua < ub;
    case IR_GEU: return ua >= ub;
    case IR_LEU: return ua <= ub;
    case IR_GTU: return ua > ub;
    default: return false;
    }
}

/* The temps that may carry knowledge (a constant or a copy) since the last full reset, so that
 * resets and block boundaries touch those only, not every temp: a block has thousands of temps
 * and a superblock a dozen boundaries. With `all` (the list overflowed), every temp. */
typedef struct Known {
    IRTemp *t;
    int n, cap;
    bool all;
} Known;

static void know(Known *k, IRTemp t)
{
    if (k->n < k->cap)
        k->t[k->n++] = t;
    else
        k->all = true;
}

#define KNOWN_EACH(k, c, i, t) \
    for (int i = 0, t##_n = (k)->all ? (c)->nb_temps : (k)->n; i < t##_n; i++) \
        for (IRTemp t = (k)->all ? (IRTemp)i : (k)->t[i], t##_once = 1; t##_once; t##_once = 0)

/* Drop what is known (globals_only: about globals, and copies of them, after a helper call
 * that may write them). A copy is only valid while its source keeps its version, so dropping
 * every copy lets versions stay. */
static void forget_all(IRContext *c, OptInfo *info, Known *k, bool globals_only)
{
    int m = 0;
    KNOWN_EACH(k, c, i, t) {
        if (c->temps[t].kind == IRT_CONST)
            continue;
        if (globals_only && c->temps[t].kind != IRT_GLOBAL) {
            /* Copies of globals held in temps are stale too. */
            IRTemp s = info[t].copy_of;
            if (s != IR_NOTEMP && c->temps[s].kind == IRT_GLOBAL)
                info[t].copy_of = IR_NOTEMP;
            if (!k->all && (info[t].is_const || info[t].copy_of != IR_NOTEMP))
                k->t[m++] = t;
            continue;
        }
        info[t].is_const = 0;
        info[t].copy_of = IR_NOTEMP;
        info[t].version++;
    }
    if (!k->all)
        k->n = m;
}

static void set_written(OptInfo *info, IRTemp d)
{
    info[d].is_const = 0;
    info[d].copy_of = IR_NOTEMP;
    info[d].version++;
}

/* Turn op into "mov d, const v". */
static void make_movi(IRContext *c, IROp *op, IRTemp d, int64_t v)
{
    IRTemp k = ir_const(c, v);
    op->opc = IR_OP_mov;
    op->nb_out = 1;
    op->nb_in = 1;
    op->nb_const = 0;
    op->type = IR_I64;
    op->args[0] = d;
    op->args[1] = k;
}

static void make_mov(IROp *op, IRTemp d, IRTemp s, int type)
{
    op->opc = IR_OP_mov;
    op->nb_out = 1;
    op->nb_in = 1;
    op->nb_const = 0;
    /* A 32-bit op result is zero-extended: a plain 64-bit move of a 32-bit value is only
     * equivalent when the caller asked for 64 bits. */
    op->type = (uint8_t)type;
    op->args[0] = d;
    op->args[1] = s;
}

void ir_optimize(IRContext *c)
{
    fuse_rotates(c);   /* on the front end's IR, before copies hide the shifted source */
    /* ir_const may append temps while we run: size for growth. */
    int cap = c->nb_temps + c->nb_ops * 2 + 16;
    OptInfo *info = calloc((size_t)cap, sizeof(OptInfo));
    Known known = { malloc(sizeof(IRTemp) * ((size_t)c->nb_ops + 16)), 0, c->nb_ops + 16, false };
    if (!info || !known.t) {
        free(info);
        free(known.t);
        return;
    }
    for (int t = 0; t < cap; t++)
        info[t].copy_of = IR_NOTEMP;

    for (int i = 0; i < c->nb_ops; i++) {
        IROp *op = &c->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];

        if (op->opc == IR_OP_set_label) {
            forget_all(c, info, &known, false);
            continue;
        }
        /* Copy propagation into inputs. */
        for (int k = op->nb_out; k < op->nb_out + op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (c->temps[t].kind == IRT_CONST)
                continue;
            if (info[t].is_const && c->nb_temps < cap) {
                op->args[k] = ir_const(c, info[t].val);
                continue;
            }
            IRTemp s = info[t].copy_of;
            if (s != IR_NOTEMP && info[s].version == info[t].copy_ver)
                op->args[k] = s;
        }
        if (op->opc == IR_OP_call) {
            if (!(op->call_flags & IR_CALL_NO_WG))
                forget_all(c, info, &known, true);
            for (int k = 0; k < op->nb_out; k++)
                set_written(info, (IRTemp)op->args[k]);
            continue;
        }

        if (def->flags & IRF_FOLD) {
            IRTemp d = (IRTemp)op->args[0];
            int nin = op->nb_in;
            bool all_const = true;
            int64_t v[4] = { 0 };
            for (int k = 0; k < nin; k++) {
                IRTemp t = (IRTemp)op->args[1 + k];
                if (c->temps[t].kind != IRT_CONST) {
                    all_const = false;
                    break;
                }
                v[k] = c->temps[t].val;
            }
            if (c->nb_temps + 2 >= cap)
                all_const = false;   /* no room to track new constants: stay correct */
            if (all_const) {
                bool ok = false;
                int64_t r = 0;
                if (op->opc == IR_OP_setcond) {
                    r = eval_cond((IRCond)op->args[3], op->type, v[0], v[1]);
                    ok = true;
                } else if (op->opc == IR_OP_movcond) {
                    r = eval_cond((IRCond)op->args[5], op->type, v[0], v[1]) ? v[2] : v[3];
                    if (op->type == IR_I32)
                        r = (uint32_t)r;
                    ok = true;
                } else {
                    r = fold_op(op->opc, op->type, v[0], v[1], &ok);
                }
                if (ok) {
                    make_movi(c, op, d, r);
                    set_written(info, d);
                    know(&known, d);
                    info[d].is_const = 1;
                    info[d].val = r;
                    continue;
                }
            }
            /* Algebraic identities with one constant operand (64-bit only, to keep the
             * zero-extension of 32-bit results explicit). */
            if (nin == 2 && op->type == IR_I64 && op->opc != IR_OP_setcond) {
                IRTemp a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
                bool bc = c->temps[b].kind == IRT_CONST;
                int64_t bv = bc ? c->temps[b].val : 0;
                bool ac = c->temps[a].kind == IRT_CONST;
                int64_t av = ac ? c->temps[a].val : 0;
                switch (op->opc) {
                case IR_OP_add: case IR_OP_or: case IR_OP_xor:
                    if (bc && bv == 0) make_mov(op, d, a, IR_I64);
                    else if (ac && av == 0) make_mov(op, d, b, IR_I64);
                    else if (op->opc == IR_OP_xor && a == b) make_movi(c, op, d, 0);
                    break;
                case IR_OP_sub:
                    if (bc && bv == 0) make_mov(op, d, a, IR_I64);
                    else if (a == b) make_movi(c, op, d, 0);
                    break;
                case IR_OP_shl: case IR_OP_shr: case IR_OP_sar:
                    if (bc && (bv & 63) == 0) make_mov(op, d, a, IR_I64);
                    break;
                case IR_OP_and:
                    if ((bc && bv == 0) || (ac && av == 0)) make_movi(c, op, d, 0);
                    else if (bc && bv == -1) make_mov(op, d, a, IR_I64);
                    else if (a == b) make_mov(op, d, a, IR_I64);
                    break;
                case IR_OP_mul:
                    if ((bc && bv == 0) || (ac && av == 0)) make_movi(c, op, d, 0);
                    else if (bc && bv == 1) make_mov(op, d, a, IR_I64);
                    break;
                default:
                    break;
                }
            }
            if (op->opc == IR_OP_mov) {
                IRTemp s = (IRTemp)op->args[1];
                if (s == d && op->type == IR_I64) {   /* mov_i32 d, d zero-extends d */
                    op->opc = IR_OP_nop;
                    op->nb_out = op->nb_in = op->nb_const = 0;
                    continue;
                }
                set_written(info, d);
                know(&known, d);
                if (c->temps[s].kind == IRT_CONST) {
                    int64_t val = c->temps[s].val;
                    if (op->type == IR_I32)
                        val = (uint32_t)val;
                    info[d].is_const = 1;
                    info[d].val = val;
                } else if (op->type == IR_I64) {
                    info[d].copy_of = s;
                    info[d].copy_ver = info[s].version;
                }
                continue;
            }
        }
        if (op->opc == IR_OP_brcond) {
            IRTemp a = (IRTemp)op->args[0], b = (IRTemp)op->args[1];
            if (c->temps[a].kind == IRT_CONST && c->temps[b].kind == IRT_CONST) {
                if (eval_cond((IRCond)op->args[2], op->type, c->temps[a].val, c->temps[b].val)) {
                    int64_t l = op->args[3];
                    op->opc = IR_OP_br;
                    op->nb_in = 0;
                    op->nb_const = 1;
                    op->args[0] = l;
                } else {
                    op->opc = IR_OP_nop;
                    op->nb_out = op->nb_in = op->nb_const = 0;
                }
            }
        }
        for (int k = 0; k < op->nb_out; k++)
            set_written(info, (IRTemp)op->args[k]);
        if (def->flags & IRF_BB_END) {
            /* Normal temps die at block boundaries: no copy may refer to one past here. */
            KNOWN_EACH(&known, c, j, t) {
                IRTemp s = info[t].copy_of;
                if (s != IR_NOTEMP && c->temps[s].kind == IRT_NORMAL)
                    info[t].copy_of = IR_NOTEMP;
            }
        }
    }
    free(info);
    free(known.t);
    fuse_shift_pairs(c);
    fuse_divrem(c);
}

/* "shl t, x, k" then "shr/sar t, t, k" (RISC-V's zero/sign extension without Zba/Zbb:
 * slli+srli, slli+srai), with only instruction markers in between: the pair keeps the low
 * 64-k bits of x, which one extension (or an and) does; the shl goes, since its result is
 * overwritten before anything can see it. */
static void fuse_shift_pairs(IRContext *c)
{
    for (int i = 0; i < c->nb_ops; i++) {
        IROp *sh = &c->ops[i];
        if (sh->opc != IR_OP_shl || sh->type != IR_I64)
            continue;
        IRTemp t = (IRTemp)sh->args[0], x = (IRTemp)sh->args[1], kt = (IRTemp)sh->args[2];
        if (c->temps[kt].kind != IRT_CONST || c->temps[x].kind == IRT_CONST)
            continue;
        int64_t k = c->temps[kt].val;
        int j = i + 1;
        while (j < c->nb_ops && (c->ops[j].opc == IR_OP_insn_start || c->ops[j].opc == IR_OP_nop))
            j++;
        if (j == c->nb_ops)
            break;
        IROp *op = &c->ops[j];
        if ((op->opc != IR_OP_shr && op->opc != IR_OP_sar) || op->type != IR_I64 ||
            (IRTemp)op->args[0] != t || (IRTemp)op->args[1] != t ||
            c->temps[op->args[2]].kind != IRT_CONST || c->temps[op->args[2]].val != k)
            continue;
        int opc = -1;
        IRTemp mask = IR_NOTEMP;
        bool sign = op->opc == IR_OP_sar;
        if (k == 32)
            opc = sign ? IR_OP_ext32s : IR_OP_ext32u;
        else if (k == 48)
            opc = sign ? IR_OP_ext16s : IR_OP_ext16u;
        else if (k == 56)
            opc = sign ? IR_OP_ext8s : IR_OP_ext8u;
        else if (!sign && k > 32 && k < 64) {
            opc = IR_OP_and;
            mask = ir_const(c, (int64_t)((1ull << (64 - k)) - 1));
        }
        if (opc < 0)
            continue;
        sh = &c->ops[i];   /* ir_const does not move ops, but stay safe */
        sh->opc = IR_OP_nop;
        sh->nb_out = sh->nb_in = sh->nb_const = 0;
        op->opc = (uint16_t)opc;
        op->args[1] = x;
        if (opc == IR_OP_and) {
            op->args[2] = mask;
        } else {
            op->nb_in = 1;
        }
    }
}

/* Rotates written with two shifts and an or, as a compiler without Zbb emits them:
 *   64-bit: shr P, x, k; shl Q, x, 64-k; or d, P, Q        -> rotr d, x, k
 *   32-bit: shr_i32 P, x, k; shl_i32 T, x, 32-k; ext32s Q, T; or d, P, Q
 *                                                           -> rotr_i32 d, x, k; ext32s d, d
 * (srliw gives P zero-extended with bit 31 clear, slliw gives Q sign-extended: their or is the
 * sign-extended 32-bit rotate), in either operand order, 0 < k < width. Both shifts must read
 * the same value of x, still x's value at the or, within one extended basic block (knowledge is
 * dropped at labels, block ends and helper calls). The shifts stay (their results may be read
 * elsewhere, or be needed at a fault); liveness drops them when nothing reads them. */
typedef struct RotScan {
    int *def;          /* per temp: index of the op that last wrote it in this EBB, or -1 */
    uint32_t *ver;     /* per temp: number of writes so far */
    uint32_t *in_ver;  /* per op: version of its first input when it ran */
} RotScan;

static bool shift_by(const IRContext *c, const IROp *o, int opc, int type, int64_t k)
{
    return o->opc == opc && o->type == type && o->nb_in == 2 &&
           c->temps[o->args[2]].kind == IRT_CONST && c->temps[o->args[2]].val == k;
}

/* P = x >> k and Q = x << (width - k) for the same x, unchanged since: returns x and sets *k
 * and *w32, or IR_NOTEMP. */
static IRTemp match_rotate(const IRContext *c, const RotScan *s, IRTemp p, IRTemp q, int64_t *k,
                           bool *w32)
{
    int ip = s->def[p], iq = s->def[q];
    if (ip < 0 || iq < 0)
        return IR_NOTEMP;
    const IROp *sp = &c->ops[ip], *sq = &c->ops[iq];
    if (sp->opc != IR_OP_shr || sp->nb_in != 2 || c->temps[sp->args[2]].kind != IRT_CONST)
        return IR_NOTEMP;
    IRTemp x = (IRTemp)sp->args[1];
    int64_t n = c->temps[sp->args[2]].val;
    if (c->temps[x].kind == IRT_CONST || s->ver[x] != s->in_ver[ip])
        return IR_NOTEMP;
    *k = n;
    *w32 = sp->type == IR_I32;
    if (!*w32) {
        if (n <= 0 || n >= 64 || !shift_by(c, sq, IR_OP_shl, IR_I64, 64 - n))
            return IR_NOTEMP;
    } else {
        if (n <= 0 || n >= 32 || sq->opc != IR_OP_ext32s || sq->type != IR_I64)
            return IR_NOTEMP;
        int it = s->def[sq->args[1]];
        if (it < 0 || it > iq)
            return IR_NOTEMP;
        sq = &c->ops[it];
        iq = it;
        if (!shift_by(c, sq, IR_OP_shl, IR_I32, 32 - n))
            return IR_NOTEMP;
    }
    if ((IRTemp)sq->args[1] != x || s->in_ver[iq] != s->in_ver[ip])
        return IR_NOTEMP;
    return x;
}

static void fuse_rotates(IRContext *c)
{
    int n = c->nb_ops, nt = c->nb_temps;
    RotScan s = { malloc(sizeof(int) * (size_t)nt), calloc((size_t)nt, sizeof(uint32_t)),
                  malloc(sizeof(uint32_t) * (size_t)n + 1) };
    uint8_t *ext_after = calloc((size_t)n + 1, 1);
    if (!s.def || !s.ver || !s.in_ver || !ext_after)
        goto out;
    int inserts = 0;
    for (int t = 0; t < nt; t++)
        s.def[t] = -1;
    for (int i = 0; i < n; i++) {
        IROp *op = &c->ops[i];
        if (op->opc == IR_OP_set_label || op->opc == IR_OP_call ||
            (ir_op_defs[op->opc].flags & IRF_BB_END)) {
            for (int t = 0; t < nt; t++)
                s.def[t] = -1;
        }
        s.in_ver[i] = op->nb_in ? s.ver[op->args[op->nb_out]] : 0;
        if (op->opc == IR_OP_or && op->type == IR_I64 && op->nb_in == 2) {
            IRTemp a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
            int64_t k = 0;
            bool w32 = false;
            IRTemp x = match_rotate(c, &s, a, b, &k, &w32);
            if (x == IR_NOTEMP)
                x = match_rotate(c, &s, b, a, &k, &w32);
            if (x != IR_NOTEMP) {
                op->opc = IR_OP_rotr;
                op->type = w32 ? IR_I32 : IR_I64;
                op->args[1] = x;
                op->args[2] = ir_const(c, k);
                ext_after[i] = w32;
                inserts += w32;
            }
        }
        for (int k = 0; k < op->nb_out; k++) {
            IRTemp d = (IRTemp)op->args[k];
            s.ver[d]++;
            s.def[d] = op->opc == IR_OP_call ? -1 : i;
        }
    }
    if (inserts) {   /* make room (ir_emit grows the array), then spread the ops from the end */
        for (int k = 0; k < inserts; k++)
            ir_emit(c, IR_OP_nop, IR_I64);
        for (int i = n - 1, j = n + inserts - 1; i >= 0; i--) {
            if (ext_after[i]) {
                IROp *e = &c->ops[j--];
                memset(e, 0, sizeof(*e));
                e->opc = IR_OP_ext32s;
                e->type = IR_I64;
                e->nb_out = e->nb_in = 1;
                e->args[0] = e->args[1] = c->ops[i].args[0];
            }
            c->ops[j--] = c->ops[i];
        }
    }
out:
    free(s.def);
    free(s.ver);
    free(s.in_ver);
    free(ext_after);
}

/* div/divu followed, in the same extended block, by rem/remu of the same operands (neither
 * redefined in between, nor by the div itself): compute both with one divrem. */
static void fuse_divrem(IRContext *c)
{
    for (int i = 0; i < c->nb_ops; i++) {
        IROp *op = &c->ops[i];
        if (op->opc != IR_OP_div && op->opc != IR_OP_divu)
            continue;
        int want = op->opc == IR_OP_div ? IR_OP_rem : IR_OP_remu;
        int64_t d = op->args[0], a = op->args[1], b = op->args[2];
        if (d == a || d == b)
            continue;
        for (int j = i + 1; j < c->nb_ops; j++) {
            IROp *o = &c->ops[j];
            if (ir_op_defs[o->opc].flags & IRF_BB_END || o->opc == IR_OP_call)
                break;
            if (o->opc == want && o->type == op->type && o->args[1] == a && o->args[2] == b) {
                IRTemp r = ir_temp(c);
                IRTemp rd = (IRTemp)o->args[0];
                op = &c->ops[i];   /* ir_temp does not move ops, but stay safe */
                op->opc = op->opc == IR_OP_div ? IR_OP_divrem : IR_OP_divremu;
                op->nb_out = 2;
                op->nb_in = 2;
                op->args[0] = d;
                op->args[1] = r;
                op->args[2] = a;
                op->args[3] = b;
                o->opc = IR_OP_mov;
                o->nb_in = 1;
                o->args[0] = rd;
                o->args[1] = r;
                break;
            }
            bool clobbers = false;
            for (int k = 0; k < o->nb_out; k++)
                clobbers |= o->args[k] == a || o->args[k] == b || o->args[k] == d;
            if (clobbers)
                break;
        }
    }
}

/* Backward liveness. live[t]: t's current value may still be read. */
void ir_liveness(IRContext *c)
{
    uint8_t *live = calloc((size_t)c->nb_temps + 1, 1);
    /* The normal temps made live since the last block boundary, and the locals: a boundary
     * visits only those, not every temp. */
    int n_norm = 0, n_loc = 0, max_norm = IR_MAX_ARGS * c->nb_ops + 1;
    IRTemp *norm = malloc(sizeof(IRTemp) * (size_t)max_norm);
    IRTemp *loc = malloc(sizeof(IRTemp) * ((size_t)c->nb_temps + 1));
    if (!live || !norm || !loc) {
        free(live);
        free(norm);
        free(loc);
        return;
    }
    for (int t = c->nb_globals; t < c->nb_temps; t++)
        if (c->temps[t].kind == IRT_LOCAL)
            loc[n_loc++] = (IRTemp)t;
    for (int i = c->nb_ops - 1; i >= 0; i--) {
        IROp *op = &c->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == IR_OP_nop)
            continue;
        bool globals_needed = (def->flags & (IRF_BB_END | IRF_MEM | IRF_EXIT | IRF_FAULT)) ||
                              (op->opc == IR_OP_call && !(op->call_flags & IR_CALL_NO_RG));
        if (def->flags & IRF_BB_END) {
            /* Normal temps do not survive block boundaries; locals might be read later. */
            for (int k = 0; k < n_norm; k++)
                live[norm[k]] = 0;
            n_norm = 0;
            for (int k = 0; k < n_loc; k++)
                live[loc[k]] = 1;
        }
        /* Dead-code elimination. */
        bool removable = !(def->flags & IRF_SIDE) ||
                         (op->opc == IR_OP_call && (op->call_flags & IR_CALL_PURE));
        if (removable && op->nb_out > 0) {
            bool any_live = false;
            for (int k = 0; k < op->nb_out; k++)
                any_live |= live[op->args[k]] != 0;
            if (!any_live && !(op->opc == IR_OP_call && !(op->call_flags & IR_CALL_PURE))) {
                op->opc = IR_OP_nop;
                op->nb_out = op->nb_in = op->nb_const = 0;
                continue;
            }
        }
        op->life = 0;
        for (int k = 0; k < op->nb_out; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (!live[t])
                op->life |= 1u << (16 + k);
            live[t] = 0;
        }
        if (globals_needed || (op->opc == IR_OP_call && !(op->call_flags & IR_CALL_NO_WG)))
            for (int t = 0; t < c->nb_globals; t++)
                live[t] = 1;
        for (int k = 0; k < op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[op->nb_out + k];
            if (c->temps[t].kind == IRT_CONST)
                continue;
            if (!live[t])
                op->life |= 1u << k;
        }
        for (int k = 0; k < op->nb_in; k++) {
            IRTemp t = (IRTemp)op->args[op->nb_out + k];
            if (!live[t] && c->temps[t].kind == IRT_NORMAL)
                norm[n_norm++] = t;
            live[t] = 1;
        }
    }
    free(live);
    free(norm);
    free(loc);
}
