/*
 * IR construction: the op table instance, temps, labels, the builder functions and the dumper.
 *
 * Invariants: ops and temps live in arrays owned by the IRContext and grow on demand (a block
 * is small; growth is rare after the first blocks); globals occupy temps [0, nb_globals) and
 * are never dropped by ir_reset. The dumper is derived from the op table, so a new op needs no
 * dumper change.
 */
#include "ir.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const IROpDef ir_op_defs[IR_NB_OPS] = {
#define DEF(name, o, i, c, f) { #name, o, i, c, f },
#include "ir-ops.def"
#undef DEF
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "qelt: out of memory\n");
        exit(1);
    }
    return q;
}

void ir_context_init(IRContext *c)
{
    memset(c, 0, sizeof(*c));
    c->max_ops = 512;
    c->ops = xrealloc(NULL, c->max_ops * sizeof(IROp));
    c->max_temps = 512;
    c->temps = xrealloc(NULL, c->max_temps * sizeof(IRTempInfo));
}

void ir_context_free(IRContext *c)
{
    free(c->ops);
    free(c->temps);
    memset(c, 0, sizeof(*c));
}

void ir_reset(IRContext *c, uint64_t guest_pc)
{
    c->nb_ops = 0;
    c->nb_temps = c->nb_globals;
    c->nb_labels = 0;
    c->guest_pc = guest_pc;
}

static IRTemp new_temp(IRContext *c, IRTempKind kind)
{
    if (c->nb_temps == c->max_temps) {
        c->max_temps *= 2;
        c->temps = xrealloc(c->temps, c->max_temps * sizeof(IRTempInfo));
    }
    IRTempInfo *t = &c->temps[c->nb_temps];
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->fixed_reg = -1;
    t->reg = -1;
    t->frame_slot = -1;
    return c->nb_temps++;
}

IRTemp ir_global(IRContext *c, int env_offset, const char *name, int priority)
{
    if (c->nb_temps != c->nb_globals) {
        fprintf(stderr, "qelt: internal error: globals must be created before other temps\n");
        abort();
    }
    IRTemp t = new_temp(c, IRT_GLOBAL);
    c->temps[t].env_offset = env_offset;
    c->temps[t].name = name;
    c->temps[t].priority = (uint8_t)(priority > 255 ? 255 : priority);
    c->nb_globals++;
    return t;
}

IRTemp ir_temp(IRContext *c) { return new_temp(c, IRT_NORMAL); }
IRTemp ir_local(IRContext *c) { return new_temp(c, IRT_LOCAL); }

IRTemp ir_const(IRContext *c, int64_t v)
{
    /* Reuse a recent identical constant: blocks repeat small constants a lot. */
    for (int i = c->nb_temps - 1, n = 0; i >= c->nb_globals && n < 8; i--, n++) {
        if (c->temps[i].kind == IRT_CONST && c->temps[i].val == v)
            return i;
    }
    IRTemp t = new_temp(c, IRT_CONST);
    c->temps[t].val = v;
    return t;
}

IRLabel ir_label(IRContext *c) { return c->nb_labels++; }

IROp *ir_emit(IRContext *c, IROpcode opc, IRType type)
{
    if (c->nb_ops == c->max_ops) {
        c->max_ops *= 2;
        c->ops = xrealloc(c->ops, c->max_ops * sizeof(IROp));
    }
    IROp *op = &c->ops[c->nb_ops++];
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    op->nb_out = ir_op_defs[opc].nb_out;
    op->nb_in = ir_op_defs[opc].nb_in;
    op->nb_const = ir_op_defs[opc].nb_const;
    return op;
}

void ir_op1(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a)
{
    IROp *op = ir_emit(c, opc, type);
    op->args[0] = d;
    op->args[1] = a;
}

void ir_op2(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a, IRTemp b)
{
    IROp *op = ir_emit(c, opc, type);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
}

void ir_opi(IRContext *c, IROpcode opc, IRType type, IRTemp d, IRTemp a, int64_t imm)
{
    ir_op2(c, opc, type, d, a, ir_const(c, imm));
}

void ir_setcond(IRContext *c, IRType t, IRCond cond, IRTemp d, IRTemp a, IRTemp b)
{
    IROp *op = ir_emit(c, IR_OP_setcond, t);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = cond;
}

void ir_movcond(IRContext *c, IRType t, IRCond cond, IRTemp d, IRTemp a, IRTemp b,
                IRTemp v1, IRTemp v2)
{
    IROp *op = ir_emit(c, IR_OP_movcond, t);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = v1;
    op->args[4] = v2;
    op->args[5] = cond;
}

void ir_brcond(IRContext *c, IRType t, IRCond cond, IRTemp a, IRTemp b, IRLabel l)
{
    IROp *op = ir_emit(c, IR_OP_brcond, t);
    op->args[0] = a;
    op->args[1] = b;
    op->args[2] = cond;
    op->args[3] = l;
}

void ir_br(IRContext *c, IRLabel l)
{
    ir_emit(c, IR_OP_br, IR_I64)->args[0] = l;
}

void ir_set_label(IRContext *c, IRLabel l)
{
    ir_emit(c, IR_OP_set_label, IR_I64)->args[0] = l;
}

void ir_ld_env(IRContext *c, IRTemp d, int offset, IRMemOp mo)
{
    IROp *op = ir_emit(c, IR_OP_ld_env, IR_I64);
    op->args[0] = d;
    op->args[1] = offset;
    op->args[2] = mo;
}

void ir_st_env(IRContext *c, IRTemp v, int offset, IRMemOp mo)
{
    IROp *op = ir_emit(c, IR_OP_st_env, IR_I64);
    op->args[0] = v;
    op->args[1] = offset;
    op->args[2] = mo;
}

void ir_gld(IRContext *c, IRTemp d, IRTemp addr, IRMemOp mo)
{
    IROp *op = ir_emit(c, IR_OP_gld, IR_I64);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = mo;
}

void ir_gst(IRContext *c, IRTemp v, IRTemp addr, IRMemOp mo)
{
    IROp *op = ir_emit(c, IR_OP_gst, IR_I64);
    op->args[0] = v;
    op->args[1] = addr;
    op->args[2] = mo;
}

void ir_gatomic(IRContext *c, IRTemp d, IRTemp addr, IRTemp v, IRMemOp mo, IRAtomicOp aop)
{
    IROp *op = ir_emit(c, IR_OP_gatomic, IR_I64);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = v;
    op->args[3] = mo;
    op->args[4] = aop;
}

void ir_gcmpxchg(IRContext *c, IRTemp d, IRTemp addr, IRTemp expected, IRTemp newv, IRMemOp mo)
{
    IROp *op = ir_emit(c, IR_OP_gcmpxchg, IR_I64);
    op->args[0] = d;
    op->args[1] = addr;
    op->args[2] = expected;
    op->args[3] = newv;
    op->args[4] = mo;
}

void ir_mb(IRContext *c, int barrier)
{
    ir_emit(c, IR_OP_mb, IR_I64)->args[0] = barrier;
}

void ir_call(IRContext *c, void *fn, int flags, IRTemp d, int nargs, const IRTemp *args)
{
    int max_in = IR_MAX_CALL_IN - ((flags & IR_CALL_ENV) ? 1 : 0);
    if (nargs > max_in) {
        fprintf(stderr, "qelt: internal error: helper call with %d arguments\n", nargs);
        abort();
    }
    IROp *op = ir_emit(c, IR_OP_call, IR_I64);
    op->fn = fn;
    op->call_flags = flags;
    op->nb_out = d != IR_NOTEMP;
    op->nb_in = nargs;
    op->nb_const = 0;
    int k = 0;
    if (d != IR_NOTEMP)
        op->args[k++] = d;
    for (int i = 0; i < nargs; i++)
        op->args[k++] = args[i];
}

void ir_insn_start(IRContext *c, uint64_t guest_pc)
{
    ir_emit(c, IR_OP_insn_start, IR_I64)->args[0] = (int64_t)guest_pc;
}

void ir_goto_tb(IRContext *c, int slot, uint64_t target_pc)
{
    IROp *op = ir_emit(c, IR_OP_goto_tb, IR_I64);
    op->args[0] = slot;
    op->args[1] = (int64_t)target_pc;
}

void ir_exit_cond(IRContext *c, IRCond cond, IRTemp a, IRTemp b, int slot, uint64_t target_pc)
{
    IROp *op = ir_emit(c, IR_OP_exit_cond, IR_I64);
    op->args[0] = a;
    op->args[1] = b;
    op->args[2] = cond;
    op->args[3] = slot;
    op->args[4] = (int64_t)target_pc;
}

void ir_goto_ptr(IRContext *c, IRTemp target_pc, uint64_t clear_bits)
{
    IROp *op = ir_emit(c, IR_OP_goto_ptr, IR_I64);
    op->args[0] = target_pc;
    op->args[1] = (int64_t)clear_bits;
}

void ir_exit_tb(IRContext *c, IRExitReason reason, uint64_t pc)
{
    IROp *op = ir_emit(c, IR_OP_exit_tb, IR_I64);
    op->args[0] = reason;
    op->args[1] = (int64_t)pc;
}

static const IRCond cond_inv[IR_NB_CONDS] = {
    [IR_EQ] = IR_NE, [IR_NE] = IR_EQ, [IR_LT] = IR_GE, [IR_GE] = IR_LT,
    [IR_LE] = IR_GT, [IR_GT] = IR_LE, [IR_LTU] = IR_GEU, [IR_GEU] = IR_LTU,
    [IR_LEU] = IR_GTU, [IR_GTU] = IR_LEU,
};
static const IRCond cond_swp[IR_NB_CONDS] = {
    [IR_EQ] = IR_EQ, [IR_NE] = IR_NE, [IR_LT] = IR_GT, [IR_GE] = IR_LE,
    [IR_LE] = IR_GE, [IR_GT] = IR_LT, [IR_LTU] = IR_GTU, [IR_GEU] = IR_LEU,
    [IR_LEU] = IR_GEU, [IR_GTU] = IR_LTU,
};
static const char *const cond_names[IR_NB_CONDS] = {
    "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu",
};

IRCond ir_cond_invert(IRCond c) { return cond_inv[c]; }
IRCond ir_cond_swap(IRCond c) { return cond_swp[c]; }
const char *ir_cond_name(IRCond c) { return (unsigned)c < IR_NB_CONDS ? cond_names[c] : "?"; }

static void dump_temp(const IRContext *c, FILE *f, IRTemp t)
{
    if (t >= (IRTemp)c->nb_temps) {
        fprintf(f, "?%u", t);
        return;
    }
    const IRTempInfo *ti = &c->temps[t];
    switch (ti->kind) {
    case IRT_GLOBAL: fprintf(f, "%s", ti->name ? ti->name : "g?"); break;
    case IRT_LOCAL:  fprintf(f, "loc%u", t - c->nb_globals); break;
    case IRT_NORMAL: fprintf(f, "tmp%u", t - c->nb_globals); break;
    case IRT_CONST:  fprintf(f, "$0x%" PRIx64, (uint64_t)ti->val); break;
    }
}

static const char *const memop_size[] = { "8", "16", "32", "64" };
static const char *const aop_names[] = {
    "xchg", "add", "and", "or", "xor", "smin", "smax", "umin", "umax",
};

void ir_dump(const IRContext *c, FILE *f)
{
    for (int i = 0; i < c->nb_ops; i++) {
        const IROp *op = &c->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == IR_OP_nop)
            continue;
        if (op->opc == IR_OP_insn_start) {
            fprintf(f, " ---- %016" PRIx64 "\n", (uint64_t)op->args[0]);
            continue;
        }
        if (op->opc == IR_OP_set_label) {
            fprintf(f, " L%" PRId64 ":\n", op->args[0]);
            continue;
        }
        bool typed = (def->flags & IRF_FOLD) != 0;
        fprintf(f, " %s%s", def->name, typed ? (op->type == IR_I32 ? "_i32" : "_i64") : "");
        if (op->opc == IR_OP_call)
            fprintf(f, " %p", op->fn);
        int n = op->nb_out + op->nb_in;
        for (int k = 0; k < n; k++) {
            fputs(k ? ", " : " ", f);
            dump_temp(c, f, (IRTemp)op->args[k]);
            if (k >= op->nb_out && (op->life & (1u << (k - op->nb_out))))
                fputs("*", f);   /* last use */
        }
        for (int k = 0; k < op->nb_const; k++) {
            int64_t v = op->args[n + k];
            fputs(n + k ? ", " : " ", f);
            if ((def->flags & IRF_COND) && k == 0)
                fputs(ir_cond_name((IRCond)v), f);
            else if ((op->opc == IR_OP_brcond && k == 1) || op->opc == IR_OP_br)
                fprintf(f, "L%" PRId64, v);
            else if ((op->opc == IR_OP_gld || op->opc == IR_OP_gst || op->opc == IR_OP_gatomic ||
                      op->opc == IR_OP_gcmpxchg || op->opc == IR_OP_ld_env ||
                      op->opc == IR_OP_st_env) && k == op->nb_const - 1 - (op->opc == IR_OP_gatomic))
                fprintf(f, "%s%s%s", (v & MO_SIGN) ? "s" : "u", memop_size[v & MO_SIZE],
                        (v & MO_ALIGN) ? ",al" : "");
            else if (op->opc == IR_OP_gatomic && k == 1)
                fputs(aop_names[v], f);
            else
                fprintf(f, "0x%" PRIx64, (uint64_t)v);
        }
        fputc('\n', f);
    }
}

void ir_vop_masked(IRContext *c, int vop, int d_off, int a_off, int b_off, int n, int mask_off,
                   IRTemp scalar, IRTemp skip)
{
    IROp *op = ir_emit(c, IR_OP_vop, IR_I64);
    int64_t v[8] = { scalar, skip, vop, d_off, a_off, b_off, n, mask_off };
    memcpy(op->args, v, sizeof v);
}

void ir_vop(IRContext *c, int vop, int d_off, int a_off, int b_off, int n, IRTemp scalar,
            IRTemp skip)
{
    ir_vop_masked(c, vop, d_off, a_off, b_off, n, 0, scalar, skip);
}

void ir_vfop_len(IRContext *c, IRTemp status, int vop, int d_off, int a_off, int b_off, int n,
                 IRTemp scalar, IRTemp skip, IRTemp vl, int fflags_off, int frm_off)
{
    IROp *op = ir_emit(c, IR_OP_vfop, IR_I64);
    int64_t v[10] = { status, scalar, skip, vl, vop, d_off, a_off, b_off, n,
                      fflags_off | (int64_t)frm_off << 32 };
    memcpy(op->args, v, sizeof v);
}

void ir_vfop(IRContext *c, IRTemp status, int vop, int d_off, int a_off, int b_off, int n,
             IRTemp scalar, IRTemp skip, int fflags_off, int frm_off)
{
    ir_vfop_len(c, status, vop, d_off, a_off, b_off, n, scalar, skip, ir_const(c, 0),
                fflags_off, frm_off);
}

static void ir_vmem(IRContext *c, IROpcode opc, IRTemp addr, IRTemp skip, int reg_off, int n,
                    int mask_off, int log2e)
{
    int64_t v[6] = { addr, skip, reg_off, n, mask_off, log2e };
    memcpy(ir_emit(c, opc, IR_I64)->args, v, sizeof v);
}

void ir_vld_masked(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n, int mask_off,
                   int log2e)
{
    ir_vmem(c, IR_OP_vld, addr, skip, reg_off, n, mask_off, log2e);
}

void ir_vmem_len(IRContext *c, bool store, IRTemp addr, IRTemp skip, IRTemp len, int reg_off,
                 int n)
{
    int64_t v[5] = { addr, skip, len, reg_off, n };
    memcpy(ir_emit(c, store ? IR_OP_vstl : IR_OP_vldl, IR_I64)->args,
           v, sizeof v);
}

void ir_vld(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n)
{
    ir_vmem(c, IR_OP_vld, addr, skip, reg_off, n, 0, 0);
}

void ir_vst(IRContext *c, IRTemp addr, IRTemp skip, int reg_off, int n)
{
    ir_vmem(c, IR_OP_vst, addr, skip, reg_off, n, 0, 0);
}

void ir_vcall(IRContext *c, IRTemp cond, void *fn, IRTemp desc, IRTemp scalar, uint64_t pc)
{
    IROp *op = ir_emit(c, IR_OP_vcall, IR_I64);
    int64_t v[5] = { cond, desc, scalar, (int64_t)(uintptr_t)fn, (int64_t)pc };
    memcpy(op->args, v, sizeof v);
}

void ir_plugin_guard(IRContext *c, IRTemp d, IRTemp a, int size_log2, bool slow_eq, uint64_t imm)
{
    IROp *op = ir_emit(c, IR_OP_plugin_guard, IR_I64);
    int64_t v[4] = { d, a, size_log2 | (slow_eq ? 4 : 0), (int64_t)imm };
    memcpy(op->args, v, sizeof v);
}

void ir_plugin_hmem(IRContext *c, IRTemp a, IRTemp skip, int size_log2, bool store, uint64_t imm)
{
    IROp *op = ir_emit(c, IR_OP_plugin_hmem, IR_I64);
    int64_t v[5] = { a, skip, size_log2, store, (int64_t)imm };
    memcpy(op->args, v, sizeof v);
}

void ir_plugin_filter(IRContext *c, IRTemp d, IRTemp a, const uint64_t *table, int shift,
                      uint64_t mask)
{
    IROp *op = ir_emit(c, IR_OP_plugin_filter, IR_I64);
    int64_t v[5] = { d, a, (int64_t)(uintptr_t)table, shift, (int64_t)mask };
    memcpy(op->args, v, sizeof v);
}
