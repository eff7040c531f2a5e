/*
 * Lifted callbacks, the x86-64 side: summarize a plugin callback's machine code into the
 * ISA-neutral description of runtime/cb-summary.h (guards on plugin memory, stores and adds to
 * plugin memory) so that the plugin layer can lower each event without a call.
 *
 * Flow: cblift_code() executes the function symbolically from its entry (capstone decodes),
 * every register holding a symbolic value (a constant, a per-event constant argument, a
 * cpu_index expression (cpu & mask) << shift plus a constant, a value loaded from plugin
 * memory, a stack address, a register's value at entry). At a conditional branch both sides
 * are walked (at most MAX_DEPTH branches deep, MAX_STEPS instructions in all); of the sides that
 * reach `ret` using only understood instructions, the one with fewer effects is the fast path
 * (the fall-through on a tie). Its branch conditions become guards, its memory writes effects. backend_lift_summarize() finds the code and data bounds of the
 * object holding fn (dl_iterate_phdr) and calls it.
 *
 * Invariants (anything else: not liftable, the caller keeps the call):
 *   - no call, no indirect jump, no instruction outside a small whitelist, no segment
 *     override, no flags read except by je/jne right after cmp/test;
 *   - memory written is either the function's own stack frame below the return address or
 *     plugin memory inside a writable segment of fn's object; plugin memory reads happen
 *     only as guard operands, before any overlapping effect;
 *   - at `ret` the stack pointer is back at entry and rbx, rbp, r12-r15 hold their entry
 *     values; adds are 64-bit; no guard reads what an add writes; adds and stores do not
 *     overlap.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "x86-backend.h"
#include "cb-summary.h"

#ifdef HAVE_CAPSTONE
#include <capstone/capstone.h>

enum { V_UNK, V_VAL, V_LOAD, V_SP, V_INIT };

/* V_VAL: k + term, term = argument arg's low `bits` bits (arg >= 0, k 0) or
 * ((cpu_index & mask) << shift) (mask != 0); dirty: bits 32-63 unknown (a 32-bit argument). */
typedef struct SV {
    uint8_t kind;
    int8_t arg;
    uint8_t bits, shift, lsize;
    bool dirty;
    uint32_t mask;
    int load;
    uint64_t k;
} SV;

#define MAX_LOADS 8
#define MAX_SLOTS 16
#define MAX_STEPS 256
#define MAX_DEPTH 12   /* conditional branches on one path */

typedef struct LState {
    SV r[16];
    SV slot[MAX_SLOTS];    /* stack: slot i at offset -8 * (i + 1) from the entry rsp */
    int64_t sp;            /* rsp - entry rsp */
    bool flags_ok, flags_test;
    SV fa, fb;
    int fsize;
    int n_loads;
    CbAddr load_a[MAX_LOADS];
    uint8_t load_size[MAX_LOADS];
    CbSummary s;
} LState;

typedef struct LCtx {
    csh cs;
    uint64_t code_lo, code_hi, data_lo, data_hi;
    CbSig sig;
    int steps;
    int depth;     /* branches being walked (each holds a state on the stack) */
    bool fatal;    /* a path reads what it adds to: the function is not liftable at all */
} LCtx;

static const SV unk = { .kind = V_UNK };

static SV sv_const(uint64_t k) { return (SV){ .kind = V_VAL, .arg = -1, .k = k }; }
static bool is_const(const SV *v) { return v->kind == V_VAL && v->arg < 0 && !v->mask && !v->dirty; }
static uint64_t bits_mask(int bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

/* The 64-bit register number of a capstone register and its size in bytes, or -1. */
static int reg_of(unsigned reg, int *size)
{
    static const unsigned t[16][4] = {
        { X86_REG_RAX, X86_REG_EAX, X86_REG_AX, X86_REG_AL },
        { X86_REG_RCX, X86_REG_ECX, X86_REG_CX, X86_REG_CL },
        { X86_REG_RDX, X86_REG_EDX, X86_REG_DX, X86_REG_DL },
        { X86_REG_RBX, X86_REG_EBX, X86_REG_BX, X86_REG_BL },
        { X86_REG_RSP, X86_REG_ESP, X86_REG_SP, X86_REG_SPL },
        { X86_REG_RBP, X86_REG_EBP, X86_REG_BP, X86_REG_BPL },
        { X86_REG_RSI, X86_REG_ESI, X86_REG_SI, X86_REG_SIL },
        { X86_REG_RDI, X86_REG_EDI, X86_REG_DI, X86_REG_DIL },
        { X86_REG_R8, X86_REG_R8D, X86_REG_R8W, X86_REG_R8B },
        { X86_REG_R9, X86_REG_R9D, X86_REG_R9W, X86_REG_R9B },
        { X86_REG_R10, X86_REG_R10D, X86_REG_R10W, X86_REG_R10B },
        { X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B },
        { X86_REG_R12, X86_REG_R12D, X86_REG_R12W, X86_REG_R12B },
        { X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B },
        { X86_REG_R14, X86_REG_R14D, X86_REG_R14W, X86_REG_R14B },
        { X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B },
    };
    static const int sz[4] = { 8, 4, 2, 1 };
    for (int r = 0; r < 16; r++)
        for (int k = 0; k < 4; k++)
            if (t[r][k] == reg) {
                *size = sz[k];
                return r;
            }
    return -1;
}

/* The value as a 32-bit operation leaves it (zero-extended). */
static SV trunc32(SV v)
{
    if (v.kind == V_LOAD)
        return v.lsize <= 4 ? v : unk;
    if (v.kind != V_VAL)
        return unk;
    if (v.arg >= 0) {
        v.bits = v.bits < 32 ? v.bits : 32;
        v.dirty = false;
        return v;
    }
    if (!v.mask) {
        v.k &= 0xffffffffu;
        v.dirty = false;
        return v;
    }
    if (v.k || ((uint64_t)v.mask << v.shift) > 0xffffffffu)
        return unk;
    v.dirty = false;
    return v;
}

static SV sv_add(SV a, SV b)
{
    if ((a.kind != V_SP && a.kind != V_VAL) || (b.kind != V_SP && b.kind != V_VAL))
        return unk;
    if (a.kind == V_SP && is_const(&b)) {
        a.k += b.k;
        return a;
    }
    if (a.kind == V_VAL && b.kind == V_SP)
        return sv_add(b, a);
    if (a.kind != V_VAL || b.kind != V_VAL || a.dirty || b.dirty)
        return unk;
    if (is_const(&b) && a.arg < 0) {
        a.k += b.k;
        return a;
    }
    if (is_const(&a) && b.arg < 0) {
        b.k += a.k;
        return b;
    }
    if (is_const(&a) && a.k == 0)
        return b;
    if (is_const(&b) && b.k == 0)
        return a;
    return unk;
}

static SV sv_shl(SV v, unsigned n)
{
    if (v.kind != V_VAL || v.dirty || v.arg >= 0 || n > 16)
        return unk;
    if (!v.mask) {
        v.k <<= n;
        return v;
    }
    if (v.k || v.shift + n > 16)
        return unk;
    v.shift = (uint8_t)(v.shift + n);
    return v;
}

static SV sv_and(SV v, uint64_t m)
{
    if (v.kind != V_VAL || v.arg >= 0)
        return unk;
    if (!v.mask) {
        if (v.dirty)
            return unk;
        v.k &= m;
        return v;
    }
    if (v.k || v.shift || (v.dirty && m > 0xffffffffu))
        return unk;
    v.mask &= (uint32_t)m;
    v.dirty = false;
    return v;
}

/* Address of a memory operand: a V_VAL plugin address, a V_SP stack address, or unknown. */
static SV mem_addr(const LState *st, const cs_x86_op *o, uint64_t next)
{
    const x86_op_mem *m = &o->mem;
    if (m->segment != X86_REG_INVALID)
        return unk;
    SV a;
    int sz;
    if (m->base == X86_REG_RIP) {
        a = sv_const(next);
    } else if (m->base == X86_REG_INVALID) {
        a = sv_const(0);
    } else {
        int r = reg_of(m->base, &sz);
        if (r < 0 || sz != 8)
            return unk;
        a = st->r[r];
    }
    if (m->index != X86_REG_INVALID) {
        int r = reg_of(m->index, &sz);
        if (r < 0 || sz != 8 || (m->scale & (m->scale - 1)))
            return unk;
        SV i = sv_shl(st->r[r], (unsigned)__builtin_ctz((unsigned)m->scale));
        a = sv_add(a, i);
    }
    return sv_add(a, sv_const((uint64_t)m->disp));
}

#define overlaps cb_overlaps

/* A plugin-memory address from an address value, inside the object's data. */
static bool plugin_addr(const LCtx *cx, const SV *a, int size, CbAddr *out)
{
    if (a->kind != V_VAL || a->arg >= 0 || a->dirty)
        return false;
    *out = (CbAddr){ a->k, a->mask, a->shift };
    uint64_t hi = a->k + ((uint64_t)a->mask << a->shift) + (uint64_t)size;
    return a->k >= cx->data_lo && hi <= cx->data_hi && hi > a->k;
}

static SV *stack_slot(LState *st, const SV *a, int size)
{
    if (a->kind != V_SP || size != 8 || (a->k & 7))
        return NULL;
    int64_t off = (int64_t)a->k;
    if (off >= 0 || off < -8 * MAX_SLOTS || off < st->sp)
        return NULL;
    return &st->slot[-off / 8 - 1];
}

static bool load_val(const LCtx *cx, LState *st, const cs_x86_op *o, uint64_t next, SV *out)
{
    SV a = mem_addr(st, o, next);
    SV *sl = stack_slot(st, &a, o->size);
    if (sl) {
        *out = *sl;
        return true;
    }
    CbAddr pa;
    if (!plugin_addr(cx, &a, o->size, &pa) || st->n_loads == MAX_LOADS)
        return false;
    for (int i = 0; i < st->s.n_effects; i++)
        if (overlaps(&st->s.e[i].a, st->s.e[i].size, &pa, o->size))
            return false;
    st->load_a[st->n_loads] = pa;
    st->load_size[st->n_loads] = (uint8_t)o->size;
    *out = (SV){ .kind = V_LOAD, .load = st->n_loads++, .lsize = (uint8_t)o->size };
    return true;
}

static bool add_effect(LState *st, CbAddr a, int size, int kind, CbVal v)
{
    if (st->s.n_effects == CB_MAX_EFFECTS)
        return false;
    for (int i = 0; i < st->s.n_effects; i++) {
        const CbEffect *e = &st->s.e[i];
        if (overlaps(&e->a, e->size, &a, size) && (e->kind != kind || kind == CB_ADD) &&
            !(kind == CB_ADD && e->kind == CB_ADD && !memcmp(&e->a, &a, sizeof a)))
            return false;
    }
    st->s.e[st->s.n_effects++] = (CbEffect){ a, (uint8_t)size, (uint8_t)kind, v };
    return true;
}

static bool store_mem(const LCtx *cx, LState *st, const cs_x86_op *o, uint64_t next, SV v)
{
    SV a = mem_addr(st, o, next);
    SV *sl = stack_slot(st, &a, o->size);
    if (sl) {
        *sl = v;
        return true;
    }
    CbAddr pa;
    if (!plugin_addr(cx, &a, o->size, &pa) || v.kind != V_VAL || v.mask)
        return false;
    if (v.dirty && o->size > 4)
        return false;
    CbVal cv = { v.k, v.arg, v.bits };
    if (v.arg >= 0 && cv.bits > o->size * 8)
        cv.bits = (uint8_t)(o->size * 8);
    return add_effect(st, pa, o->size, CB_STORE, cv);
}

static SV operand(const LCtx *cx, LState *st, const cs_x86_op *o, uint64_t next, bool *ok)
{
    int sz;
    switch (o->type) {
    case X86_OP_IMM:
        return sv_const(o->size == 8 || o->imm >= 0 ? (uint64_t)o->imm : (uint64_t)o->imm & bits_mask(o->size * 8));
    case X86_OP_REG: {
        int r = reg_of(o->reg, &sz);
        if (r < 0) {
            *ok = false;
            return unk;
        }
        SV v = st->r[r];
        if (sz < 4)   /* a byte or word of a narrower load or of a constant */
            return v.kind == V_LOAD && v.lsize <= sz ? v
                   : is_const(&v) ? sv_const(v.k & bits_mask(sz * 8)) : unk;
        return sz == 8 ? v : trunc32(v);
    }
    case X86_OP_MEM: {
        SV v;
        if (!load_val(cx, st, o, next, &v))
            *ok = false;
        return v;
    }
    default:
        *ok = false;
        return unk;
    }
}

static void set_reg(LState *st, unsigned reg, SV v)
{
    int sz, r = reg_of(reg, &sz);
    if (r < 0)
        return;
    st->r[r] = sz == 8 ? v : sz == 4 ? trunc32(v) : unk;
}

static bool sv_same(const SV *a, const SV *b)
{
    return a->kind == b->kind && a->arg == b->arg && a->bits == b->bits && a->shift == b->shift &&
           a->lsize == b->lsize && a->dirty == b->dirty && a->mask == b->mask &&
           a->load == b->load && a->k == b->k;
}

/* The guard for the branch just decoded: the flags' compare holds (eq) or not. Returns false
 * when the compare is not a guard shape; decided and val set when both sides are constants. */
static bool make_guard(const LState *st, bool eq, CbGuard *g, bool *decided, bool *val)
{
    SV a = st->fa, b = st->flags_test ? sv_const(0) : st->fb;
    *decided = false;
    if (st->flags_test && (!sv_same(&st->fa, &st->fb) || st->fa.kind == V_UNK))
        return false;
    if (b.kind == V_LOAD)
        a = st->fb, b = st->flags_test ? sv_const(0) : st->fa;
    uint64_t wm = bits_mask(st->fsize * 8);
    if (a.kind == V_VAL && b.kind == V_VAL) {
        if (is_const(&a) && is_const(&b)) {
            *decided = true;
            *val = ((a.k & wm) == (b.k & wm)) == eq;
            return true;
        }
        if (is_const(&a))
            a = st->fb, b = st->fa;
        if (a.arg < 0 || a.k || !is_const(&b) || (a.dirty && st->fsize > 4))
            return false;
        *g = (CbGuard){ .eq = eq, .is_arg = true, .arg_l = a.arg,
                        .bits_l = (uint8_t)(a.bits < st->fsize * 8 ? a.bits : st->fsize * 8),
                        .v = { b.k & wm, -1, 0 } };
        return true;
    }
    if (a.kind != V_LOAD || b.kind != V_VAL || b.mask || a.lsize != st->fsize)
        return false;
    if (b.dirty && st->fsize > 4)
        return false;
    CbVal v = { b.k & wm, b.arg, b.bits };
    if (b.arg >= 0) {
        if (b.k)
            return false;
        if (v.bits > st->fsize * 8)
            v.bits = (uint8_t)(st->fsize * 8);
    }
    *g = (CbGuard){ .a = st->load_a[a.load], .size = a.lsize, .eq = eq, .v = v };
    return true;
}

static bool finish(LCtx *cx, const LState *st)
{
    static const int saved[] = { 3, 5, 12, 13, 14, 15 };
    if (st->sp != 0)
        return false;
    for (size_t i = 0; i < sizeof saved / sizeof saved[0]; i++) {
        const SV *v = &st->r[saved[i]];
        if (v->kind != V_INIT || v->k != (uint64_t)saved[i])
            return false;
    }
    for (int i = 0; i < st->s.n_guards; i++) {
        const CbGuard *g = &st->s.g[i];
        for (int k = 0; !g->is_arg && k < st->s.n_effects; k++)
            if (st->s.e[k].kind == CB_ADD && overlaps(&g->a, g->size, &st->s.e[k].a, 8)) {
                cx->fatal = true;
                return false;
            }
    }
    return true;
}

static bool walk(LCtx *cx, LState *st, uint64_t pc);

/* One branch side: the guard added (or the path dropped when the constant compare says it is
 * never taken), then the walk on. */
static bool branch(LCtx *cx, LState *st, uint64_t to, bool eq)
{
    LState n = *st;
    CbGuard g;
    bool decided, val;
    if (!make_guard(&n, eq, &g, &decided, &val))
        return false;
    if (decided) {
        if (!val)
            return false;
    } else {
        if (n.s.n_guards == CB_MAX_GUARDS)
            return false;
        n.s.g[n.s.n_guards++] = g;
    }
    n.flags_ok = false;
    if (cx->depth == MAX_DEPTH)
        return false;
    cx->depth++;
    bool ok = walk(cx, &n, to);
    cx->depth--;
    if (!ok)
        return false;
    *st = n;   /* the caller's state becomes the path's */
    return true;
}

/* A 64-bit add of v to the plugin memory operand d: an add effect. */
static bool mem_add(LCtx *cx, LState *st, const cs_x86_op *d, uint64_t next, CbVal v)
{
    SV a = mem_addr(st, d, next);
    CbAddr pa;
    if (!plugin_addr(cx, &a, 8, &pa))
        return false;
    for (int i = 0; i < st->n_loads; i++)
        if (overlaps(&st->load_a[i], st->load_size[i], &pa, 8)) {
            cx->fatal = true;   /* e.g. if (++n % 1000 == 0): never lifted */
            return false;
        }
    return add_effect(st, pa, 8, CB_ADD, v);
}

static bool alu(LCtx *cx, LState *st, const cs_insn *ci, uint64_t next)
{
    const cs_x86 *x = &ci->detail->x86;
    const cs_x86_op *d = &x->operands[0];
    bool ok = true;
    unsigned id = ci->id;
    uint64_t imm = 1;
    if (id == X86_INS_INC || id == X86_INS_DEC) {
        if (x->op_count != 1)
            return false;
    } else {
        if (x->op_count != 2)
            return false;
        SV s = operand(cx, st, &x->operands[1], next, &ok);
        if (!ok)
            return false;
        if (!is_const(&s)) {
            if (id == X86_INS_ADD && d->type == X86_OP_MEM && d->size == 8 && s.kind == V_VAL &&
                s.arg >= 0 && !s.k && !s.dirty) {   /* counter += argument (per event) */
                return mem_add(cx, st, d, next, (CbVal){ 0, s.arg, s.bits });
            }
            if (id == X86_INS_XOR && d->type == X86_OP_REG && x->operands[1].type == X86_OP_REG &&
                d->reg == x->operands[1].reg) {
                set_reg(st, d->reg, sv_const(0));
                return true;
            }
            if (id == X86_INS_ADD && d->type == X86_OP_REG) {
                int sz, r = reg_of(d->reg, &sz);
                if (r < 0 || sz != 8)
                    return false;
                st->r[r] = sv_add(st->r[r], s);
                return true;
            }
            return false;
        }
        imm = s.k;
    }
    if (d->type == X86_OP_MEM) {   /* a counter: add/sub/inc/dec of a constant, 64-bit */
        if (id != X86_INS_ADD && id != X86_INS_SUB && id != X86_INS_INC && id != X86_INS_DEC)
            return false;
        if (d->size != 8)
            return false;
        uint64_t v = (id == X86_INS_SUB || id == X86_INS_DEC) ? (uint64_t)0 - imm : imm;
        return mem_add(cx, st, d, next, (CbVal){ v, -1, 0 });
    }
    if (d->type != X86_OP_REG)
        return false;
    int sz, r = reg_of(d->reg, &sz);
    if (r < 0 || sz < 4)
        return false;
    SV v = st->r[r];
    if (sz == 4)
        v = trunc32(v);
    switch (id) {
    case X86_INS_ADD: case X86_INS_INC: v = sv_add(v, sv_const(imm)); break;
    case X86_INS_SUB: case X86_INS_DEC: v = sv_add(v, sv_const((uint64_t)0 - imm)); break;
    case X86_INS_AND: v = sv_and(v, imm); break;
    case X86_INS_SHL: v = sv_shl(v, (unsigned)imm); break;
    default: return false;
    }
    if (r == 4 && (v.kind != V_SP || sz != 8))
        return false;
    if (r == 4)
        st->sp = (int64_t)v.k;
    st->r[r] = sz == 4 ? trunc32(v) : v;
    return true;
}

static bool walk(LCtx *cx, LState *st, uint64_t pc)
{
    for (;;) {
        if (++cx->steps > MAX_STEPS || pc < cx->code_lo || pc >= cx->code_hi)
            return false;
        cs_insn *ci;
        size_t avail = cx->code_hi - pc < 15 ? (size_t)(cx->code_hi - pc) : 15;
        if (cs_disasm(cx->cs, (const uint8_t *)(uintptr_t)pc, avail, pc, 1, &ci) != 1)
            return false;
        const cs_x86 *x = &ci->detail->x86;
        uint64_t next = pc + ci->size;
        bool ok = true, done = false;
        int sz, r;
        unsigned id = ci->id;
        if (x->prefix[0] && id != X86_INS_ENDBR64 && id != X86_INS_RET)
            id = X86_INS_INVALID;   /* lock, rep (endbr64 and `rep ret` carry f3) */
        switch (id) {
        case X86_INS_NOP: case X86_INS_ENDBR64:
            break;
        case X86_INS_PUSH:
            r = x->op_count == 1 && x->operands[0].type == X86_OP_REG ? reg_of(x->operands[0].reg, &sz) : -1;
            if (r < 0 || sz != 8 || st->sp - 8 < -8 * MAX_SLOTS) {
                ok = false;
                break;
            }
            st->sp -= 8;
            st->slot[-st->sp / 8 - 1] = st->r[r];
            st->r[4] = (SV){ .kind = V_SP, .k = (uint64_t)st->sp };
            break;
        case X86_INS_POP:
            r = x->op_count == 1 && x->operands[0].type == X86_OP_REG ? reg_of(x->operands[0].reg, &sz) : -1;
            if (r < 0 || r == 4 || sz != 8 || st->sp >= 0) {
                ok = false;
                break;
            }
            st->r[r] = st->slot[-st->sp / 8 - 1];
            st->sp += 8;
            st->r[4] = (SV){ .kind = V_SP, .k = (uint64_t)st->sp };
            break;
        case X86_INS_RET:
            ok = x->op_count == 0 && finish(cx, st);
            done = true;
            break;
        case X86_INS_JMP:
            if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM)
                next = (uint64_t)x->operands[0].imm;
            else
                ok = false;
            break;
        case X86_INS_JE: case X86_INS_JNE: {
            if (!st->flags_ok || x->op_count != 1 || x->operands[0].type != X86_OP_IMM) {
                ok = false;
                break;
            }
            uint64_t to = (uint64_t)x->operands[0].imm;
            bool je = id == X86_INS_JE;
            cs_free(ci, 1);
            /* Both sides; when both are understood, the one doing less is taken as the
             * fast path (`if (rare) extra++; common work`), the fall-through on a tie
             * (compilers lay the fast path out straight). */
            LState *alt = malloc(sizeof *alt);
            if (!alt)
                return false;
            *alt = *st;
            bool f = branch(cx, st, next, !je);
            bool t = !cx->fatal && branch(cx, alt, to, je);
            if (t && (!f || alt->s.n_effects < st->s.n_effects))
                *st = *alt;
            free(alt);
            return (f || t) && !cx->fatal;
        }
        case X86_INS_CMP: case X86_INS_TEST:
            if (x->op_count != 2) {
                ok = false;
                break;
            }
            st->fa = operand(cx, st, &x->operands[0], next, &ok);
            st->fb = operand(cx, st, &x->operands[1], next, &ok);
            st->fsize = x->operands[0].size;
            st->flags_test = id == X86_INS_TEST;
            st->flags_ok = ok;
            break;
        case X86_INS_MOV: case X86_INS_MOVABS: case X86_INS_MOVZX: {
            if (x->op_count != 2) {
                ok = false;
                break;
            }
            const cs_x86_op *d = &x->operands[0];
            SV v = operand(cx, st, &x->operands[1], next, &ok);
            if (!ok)
                break;
            if (d->type == X86_OP_MEM) {
                ok = id != X86_INS_MOVZX && store_mem(cx, st, d, next, v);
            } else if (d->type == X86_OP_REG) {
                r = reg_of(d->reg, &sz);
                if (r < 0 || r == 4 || (sz < 4 && id != X86_INS_MOVZX)) {
                    ok = false;
                    break;
                }
                if (id == X86_INS_MOVZX && x->operands[1].type != X86_OP_MEM)
                    v = unk;
                st->r[r] = v;   /* a load: zero-extended already; 32-bit: */
                if (sz == 4)
                    st->r[r] = trunc32(v);
            } else {
                ok = false;
            }
            break;
        }
        case X86_INS_LEA: {
            const cs_x86_op *d = &x->operands[0];
            r = d->type == X86_OP_REG ? reg_of(d->reg, &sz) : -1;
            if (x->op_count != 2 || r < 0 || sz < 4) {
                ok = false;
                break;
            }
            SV a = mem_addr(st, &x->operands[1], next);
            if (r == 4) {
                if (a.kind != V_SP || sz != 8) {
                    ok = false;
                    break;
                }
                st->sp = (int64_t)a.k;
            }
            st->r[r] = sz == 8 ? a : trunc32(a);
            break;
        }
        case X86_INS_ADD: case X86_INS_SUB: case X86_INS_AND: case X86_INS_SHL:
        case X86_INS_XOR: case X86_INS_INC: case X86_INS_DEC:
            ok = alu(cx, st, ci, next);
            st->flags_ok = false;
            break;
        default:
            ok = false;
            break;
        }
        cs_free(ci, 1);
        if (!ok)
            return false;
        if (done)
            return true;
        pc = next;
    }
}

bool cblift_code(uint64_t entry, uint64_t code_lo, uint64_t code_hi, uint64_t data_lo,
                 uint64_t data_hi, CbSig sig, CbSummary *s)
{
    LCtx cx = { .code_lo = code_lo, .code_hi = code_hi, .data_lo = data_lo, .data_hi = data_hi,
                .sig = sig };
    if (cs_open(CS_ARCH_X86, CS_MODE_64, &cx.cs) != CS_ERR_OK)
        return false;
    cs_option(cx.cs, CS_OPT_DETAIL, CS_OPT_ON);
    static const int argreg[CB_MAX_ARGS] = { 7, 6, 2, 1 };   /* rdi, rsi, rdx, rcx */
    LState *st = calloc(1, sizeof *st);
    bool ok = st != NULL;
    if (ok) {
        for (int r = 0; r < 16; r++)
            st->r[r] = (SV){ .kind = V_INIT, .k = (uint64_t)r };
        st->r[4] = (SV){ .kind = V_SP };
        for (int i = 0; i < sig.nargs && i < CB_MAX_ARGS; i++) {
            SV *v = &st->r[argreg[i]];
            if (i == 0)   /* cpu_index: unsigned int */
                *v = (SV){ .kind = V_VAL, .arg = -1, .mask = 0xffffffffu, .dirty = true };
            else if (sig.const_args & (1u << i))
                *v = (SV){ .kind = V_VAL, .arg = (int8_t)i, .bits = 64 };
            else
                *v = unk;
        }
        ok = walk(&cx, st, entry) && !cx.fatal;
        if (ok)
            *s = st->s;
    }
    free(st);
    cs_close(&cx.cs);
    return ok;
}

/* Code and data bounds of the object holding fn. */
typedef struct ObjFind { uintptr_t fn, clo, chi, dlo, dhi; bool found; } ObjFind;

static int obj_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    ObjFind *o = data;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && o->fn >= lo && o->fn < hi) {
            o->clo = lo;
            o->chi = hi;
            mine = true;
        }
    }
    if (!mine)
        return 0;
    /* the writable segment (the object's data and bss; one with the usual linkers) */
    int nw = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W)) {
            o->dlo = info->dlpi_addr + ph->p_vaddr;
            o->dhi = o->dlo + ph->p_memsz;
            nw++;
        }
    }
    o->found = nw == 1;
    return 1;
}

bool backend_lift_summarize(const void *fn, CbSig sig, CbSummary *s)
{
    ObjFind o = { .fn = (uintptr_t)fn };
    if (!dl_iterate_phdr(obj_cb, &o) || !o.found)
        return false;
    return cblift_code((uintptr_t)fn, o.clo, o.chi, o.dlo, o.dhi, sig, s);
}

#else
bool cblift_code(uint64_t entry, uint64_t code_lo, uint64_t code_hi, uint64_t data_lo,
                 uint64_t data_hi, CbSig sig, CbSummary *s)
{
    (void)entry; (void)code_lo; (void)code_hi; (void)data_lo; (void)data_hi; (void)sig; (void)s;
    return false;
}
bool backend_lift_summarize(const void *fn, CbSig sig, CbSummary *s)
{
    (void)fn; (void)sig; (void)s;
    return false;
}
#endif
