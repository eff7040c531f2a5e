/*
 * IR, optimizer and x86-64 back end, tested together against a reference evaluator.
 *
 * Random straight-line IR programs over 12 globals (homes in a VCPU's guest registers) and many
 * temps (enough to force spills) are evaluated by the small interpreter below, then optimized,
 * compiled and run as real host code through the entry trampoline; every global must match.
 * The same program is also compiled without the optimizer, so folding and register allocation
 * are checked separately. Also: hand-written cases for the optimizer's output.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "backend.h"
#include "ir.h"
#include "unit.h"
#include "vcpu.h"

#define NG 12

static uint64_t rng_state = 0x1234567;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t interesting(void)
{
    static const int64_t v[] = { 0, 1, -1, 2, 31, 32, 63, 64, INT64_MIN, INT64_MAX,
                                 INT32_MIN, INT32_MAX, 0xffffffffLL, 0x80000000LL, -2, 7 };
    switch (rnd() % 3) {
    case 0: return v[rnd() % 16];
    case 1: return (int64_t)(rnd() % 200) - 100;
    default: return (int64_t)rnd();
    }
}

/* Reference semantics, written independently of the optimizer's folding. */
static uint64_t ref_op(int opc, int type, uint64_t a, uint64_t b)
{
    bool w32 = type == IR_I32;
    if (w32) { a = (uint32_t)a; b = (uint32_t)b; }
    int bits = w32 ? 32 : 64;
    int64_t sa = w32 ? (int32_t)a : (int64_t)a, sb = w32 ? (int32_t)b : (int64_t)b;
    int64_t smin = w32 ? INT32_MIN : INT64_MIN;
    uint64_t r;
    switch (opc) {
    case IR_OP_add: r = a + b; break;
    case IR_OP_sub: r = a - b; break;
    case IR_OP_mul: r = a * b; break;
    case IR_OP_and: r = a & b; break;
    case IR_OP_or: r = a | b; break;
    case IR_OP_xor: r = a ^ b; break;
    case IR_OP_shl: r = a << (b % bits); break;
    case IR_OP_shr: r = a >> (b % bits); break;
    case IR_OP_sar: r = (uint64_t)(sa >> (b % bits)); break;
    case IR_OP_div: r = sb == 0 ? UINT64_MAX : (sa == smin && sb == -1) ? (uint64_t)sa : (uint64_t)(sa / sb); break;
    case IR_OP_divu: r = b == 0 ? UINT64_MAX : a / b; break;
    case IR_OP_rem: r = sb == 0 ? (uint64_t)sa : (sa == smin && sb == -1) ? 0 : (uint64_t)(sa % sb); break;
    case IR_OP_remu: r = b == 0 ? a : a % b; break;
    case IR_OP_mulsh: r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); break;
    case IR_OP_muluh: r = (uint64_t)(((unsigned __int128)a * b) >> 64); break;
    case IR_OP_mulsuh: r = (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64); break;
    case IR_OP_neg: r = 0 - a; break;
    case IR_OP_not: r = ~a; break;
    case IR_OP_mov: r = a; break;
    case IR_OP_ext8s: r = (uint64_t)(int8_t)a; break;
    case IR_OP_ext8u: r = (uint8_t)a; break;
    case IR_OP_ext16s: r = (uint64_t)(int16_t)a; break;
    case IR_OP_ext16u: r = (uint16_t)a; break;
    case IR_OP_ext32s: r = (uint64_t)(int32_t)a; break;
    case IR_OP_ext32u: r = (uint32_t)a; break;
    case IR_OP_clz: r = a ? (uint64_t)(__builtin_clzll(a) - (64 - bits)) : (uint64_t)bits; break;
    case IR_OP_ctz: r = a ? (uint64_t)__builtin_ctzll(a) : (uint64_t)bits; break;
    case IR_OP_cpop: r = (uint64_t)__builtin_popcountll(a); break;
    case IR_OP_bswap: r = w32 ? __builtin_bswap32((uint32_t)a) : __builtin_bswap64(a); break;
    case IR_OP_bset: r = a | 1ULL << (b % bits); break;
    case IR_OP_bclr: r = a & ~(1ULL << (b % bits)); break;
    case IR_OP_binv: r = a ^ 1ULL << (b % bits); break;
    case IR_OP_rotl: r = b % bits ? a << (b % bits) | a >> (bits - b % bits) : a; break;
    case IR_OP_rotr: r = b % bits ? a >> (b % bits) | a << (bits - b % bits) : a; break;
    default: abort();
    }
    return w32 ? (uint32_t)r : r;
}

static bool ref_cond(IRCond c, int type, uint64_t a, uint64_t b)
{
    if (type == IR_I32) { a = (uint32_t)a; b = (uint32_t)b; }
    int64_t sa = type == IR_I32 ? (int32_t)a : (int64_t)a;
    int64_t sb = type == IR_I32 ? (int32_t)b : (int64_t)b;
    switch (c) {
    case IR_EQ: return a == b; case IR_NE: return a != b;
    case IR_LT: return sa < sb; case IR_GE: return sa >= sb;
    case IR_LE: return sa <= sb; case IR_GT: return sa > sb;
    case IR_LTU: return a < b; case IR_GEU: return a >= b;
    case IR_LEU: return a <= b; case IR_GTU: return a > b;
    default: return false;
    }
}

/* Ops lo..hi-1 of c (exits do nothing). */
static void interp_range(IRContext *c, uint64_t *vals, int lo, int hi)
{
    for (int i = lo; i < hi; i++) {
        IROp *op = &c->ops[i];
        int64_t *a = op->args;
        switch (op->opc) {
        case IR_OP_insn_start: case IR_OP_exit_tb: case IR_OP_nop: case IR_OP_exit_cond:
            break;
        case IR_OP_setcond:
            vals[a[0]] = ref_cond((IRCond)a[3], op->type, vals[a[1]], vals[a[2]]);
            break;
        case IR_OP_divrem: case IR_OP_divremu: {
            int dop = op->opc == IR_OP_divrem ? IR_OP_div : IR_OP_divu;
            uint64_t q = ref_op(dop, op->type, vals[a[2]], vals[a[3]]);
            uint64_t r = ref_op(dop == IR_OP_div ? IR_OP_rem : IR_OP_remu, op->type, vals[a[2]], vals[a[3]]);
            vals[a[0]] = q;
            vals[a[1]] = r;
            break;
        }
        case IR_OP_movcond:
            vals[a[0]] = ref_cond((IRCond)a[5], op->type, vals[a[1]], vals[a[2]]) ? vals[a[3]] : vals[a[4]];
            if (op->type == IR_I32) vals[a[0]] = (uint32_t)vals[a[0]];
            break;
        default:
            if (op->nb_in == 1)
                vals[a[0]] = ref_op(op->opc, op->type, vals[a[1]], 0);
            else
                vals[a[0]] = ref_op(op->opc, op->type, vals[a[1]], vals[a[2]]);
        }
    }
}

static void interp(IRContext *c, uint64_t *vals)
{
    interp_range(c, vals, 0, c->nb_ops);
}

static void *dummy_lookup(VCPU *cpu) { return NULL; }
static void dummy_bad(VCPU *cpu, uint64_t a, int k) { abort(); }

static const int bin_ops[] = { IR_OP_add, IR_OP_sub, IR_OP_mul, IR_OP_and, IR_OP_or, IR_OP_xor,
    IR_OP_shl, IR_OP_shr, IR_OP_sar, IR_OP_div, IR_OP_divu, IR_OP_rem, IR_OP_remu,
    IR_OP_mulsh, IR_OP_muluh, IR_OP_mulsuh, IR_OP_rotl, IR_OP_rotr, IR_OP_bset, IR_OP_bclr,
    IR_OP_binv };
static const int un_ops[] = { IR_OP_neg, IR_OP_not, IR_OP_mov, IR_OP_ext8s, IR_OP_ext8u,
    IR_OP_ext16s, IR_OP_ext16u, IR_OP_ext32s, IR_OP_ext32u, IR_OP_clz, IR_OP_ctz, IR_OP_cpop,
    IR_OP_bswap };

/* Build one random program into c (globals already created). */
static void build_program(IRContext *c, int nops)
{
    IRTemp pool[256];
    int npool = 0;
    for (int g = 0; g < NG; g++)
        pool[npool++] = (IRTemp)g;
    ir_insn_start(c, 0x1000);
    for (int i = 0; i < nops; i++) {
        IRTemp a = rnd() % 4 == 0 ? ir_const(c, interesting()) : pool[rnd() % npool];
        IRTemp b = rnd() % 3 == 0 ? ir_const(c, interesting()) : pool[rnd() % npool];
        /* Destination: a new temp, or a global (with some probability). */
        IRTemp d = (rnd() % 3 == 0) ? (IRTemp)(rnd() % NG) : ir_temp(c);
        int type = rnd() % 4 == 0 ? IR_I32 : IR_I64;
        int kind = (int)(rnd() % 14);
        if (kind >= 12) {
            /* a RISC-V W instruction: the 32-bit op, then the sign extension (ir_narrow drops
             * it where only low halves are read on) */
            static const int wops[] = { IR_OP_add, IR_OP_sub, IR_OP_mul, IR_OP_shl, IR_OP_shr,
                                        IR_OP_sar, IR_OP_rotr, IR_OP_xor };
            IRTemp t = ir_temp(c);
            ir_op2(c, (IROpcode)wops[rnd() % 8], IR_I32, t, a, b);
            if (rnd() % 4 == 0)
                ir_insn_start(c, 0x100c);
            ir_ext32s(c, d, t);
        } else if (kind == 11) {
            /* a rotate as shifts and an or (srli+slli+or, srliw+slliw+or), which the optimizer
             * turns into rotr; sometimes disturbed (x rewritten, amounts off by one, the or's
             * operands swapped) so look-alikes are exercised too */
            bool w32 = rnd() % 2;
            int width = w32 ? 32 : 64;
            int k = 1 + (int)(rnd() % (unsigned)(width - 1));
            int k2 = rnd() % 8 == 0 ? width - k + 1 : width - k;
            IRTemp x = pool[rnd() % npool], p = ir_temp(c), q = ir_temp(c);
            ir_op2(c, IR_OP_shr, w32 ? IR_I32 : IR_I64, p, x, ir_const(c, k));
            if (rnd() % 8 == 0)
                ir_op2(c, IR_OP_add, IR_I64, x, x, ir_const(c, 1));
            if (w32) {
                IRTemp t = ir_temp(c);
                ir_op2(c, IR_OP_shl, IR_I32, t, x, ir_const(c, k2));
                ir_ext32s(c, q, t);
            } else {
                ir_op2(c, IR_OP_shl, IR_I64, q, x, ir_const(c, k2));
            }
            if (rnd() % 2)
                ir_insn_start(c, 0x1008);
            if (rnd() % 2)
                ir_or(c, d, p, q);
            else
                ir_or(c, d, q, p);
        } else if (kind == 10) {
            /* slli+srli / slli+srai (zero/sign extension), which the optimizer fuses */
            static const int ks[] = { 32, 48, 56, 33, 40, 63, 1, 31 };
            IRTemp k = ir_const(c, ks[rnd() % 8]);
            IRTemp x = pool[rnd() % npool];
            ir_op2(c, IR_OP_shl, IR_I64, d, x, k);
            if (rnd() % 2)
                ir_insn_start(c, 0x1004);
            ir_op2(c, rnd() % 2 ? IR_OP_shr : IR_OP_sar, IR_I64, d, d, k);
        } else if (kind < 6) {
            int opc = bin_ops[rnd() % (sizeof(bin_ops) / sizeof(bin_ops[0]))];
            if (opc == IR_OP_mulsh || opc == IR_OP_muluh || opc == IR_OP_mulsuh)
                type = IR_I64;
            ir_op2(c, (IROpcode)opc, (IRType)type, d, a, b);
            if ((opc == IR_OP_div || opc == IR_OP_divu) && d != a && d != b && rnd() % 2) {
                /* the quotient/remainder pair the optimizer fuses */
                IRTemp r = ir_temp(c);
                ir_op2(c, opc == IR_OP_div ? IR_OP_rem : IR_OP_remu, (IRType)type, r, a, b);
                if (npool < 256)
                    pool[npool++] = r;
            }
        } else if (kind < 8) {
            int opc = un_ops[rnd() % (sizeof(un_ops) / sizeof(un_ops[0]))];
            if (opc >= IR_OP_ext8s && opc <= IR_OP_ext32u)
                type = IR_I64;
            ir_op1(c, (IROpcode)opc, (IRType)type, d, a);
        } else if (kind < 9) {
            ir_setcond(c, (IRType)type, (IRCond)(rnd() % IR_NB_CONDS), d, a, b);
        } else {
            IRTemp v1 = pool[rnd() % npool], v2 = rnd() % 2 ? ir_const(c, interesting()) : pool[rnd() % npool];
            ir_movcond(c, (IRType)type, (IRCond)(rnd() % IR_NB_CONDS), d, a, b, v1, v2);
        }
        if (c->temps[d].kind != IRT_GLOBAL && npool < 256)
            pool[npool++] = d;
        else if (c->temps[d].kind != IRT_GLOBAL)
            pool[NG + rnd() % (256 - NG)] = d;
    }
    ir_exit_tb(c, EXIT_ECALL, 0x2000);
}

/* A fresh context with the NG globals g0.. (homes: guest registers x1..). */
static void init_globals(IRContext *c)
{
    static char names[NG][16];
    ir_context_init(c);
    for (int g = 0; g < NG; g++) {
        snprintf(names[g], sizeof(names[g]), "g%d", g);
        ir_global(c, (int)offsetof(VCPU, g.x[g + 1]), names[g], g);
    }
}

/* Evaluate c's block with the interpreter from init (the globals), then optimize (if asked),
 * compile and run it; true if every global matches. Reports mismatches when report. */
static bool check_block(IRContext *c, uint8_t *code, size_t code_size, const uint64_t *init,
                        bool optimize, bool report, int seed)
{
    uint64_t *vals = calloc((size_t)c->nb_temps + 1, sizeof(uint64_t));
    for (int t = 0; t < c->nb_temps; t++)
        if (c->temps[t].kind == IRT_CONST)
            vals[t] = (uint64_t)c->temps[t].val;
    memcpy(vals, init, sizeof(uint64_t) * NG);
    interp(c, vals);

    if (optimize)
        ir_optimize(c);
    ir_liveness(c);
    BackendHooks hooks = { dummy_lookup, dummy_bad, NULL };
    size_t used;
    Backend *be = backend_new(c, code, code_size, &used, &hooks, 0);
    BackendResult res;
    if (backend_gen(be, c, code + used, code_size - used, 0x10000, 0x1000, &res) < 0) {
        UNIT_FAIL("ir-backend:gen", "seed %d: backend_gen failed", seed);
        free(vals);
        backend_free(be);
        return false;
    }
    VCPU *cpu = aligned_alloc(64, (sizeof(VCPU) + 63) & ~(size_t)63);
    memset(cpu, 0, sizeof(*cpu));
    for (int g = 0; g < NG; g++)
        cpu->g.x[g + 1] = init[g];
    uintptr_t r = backend_enter(be, cpu, code + used);
    bool ok = r == EXIT_ECALL && cpu->g.pc == 0x2000;
    for (int g = 0; g < NG; g++) {
        if (cpu->g.x[g + 1] != vals[g]) {
            if (report) {
                UNIT_FAIL("ir-backend:random", "seed %d opt %d: g%d = %#llx, want %#llx", seed,
                          optimize, g, (unsigned long long)cpu->g.x[g + 1],
                          (unsigned long long)vals[g]);
                if (getenv("QELT_DUMP"))
                    ir_dump(c, stdout);
            }
            ok = false;
        }
    }
    free(cpu);
    free(vals);
    backend_free(be);
    return ok;
}

static int run_random(uint8_t *code, size_t code_size, bool optimize, int seeds, int nops)
{
    int failures = 0;
    for (int s = 0; s < seeds; s++) {
        IRContext c;
        init_globals(&c);
        rng_state = 0x9e3779b97f4a7c15ull * (uint64_t)(s + 1) + (optimize ? 1 : 0);
        ir_reset(&c, 0x1000);
        build_program(&c, nops);
        uint64_t init[NG];
        for (int g = 0; g < NG; g++)
            init[g] = (uint64_t)interesting();
        if (!check_block(&c, code, code_size, init, optimize, failures < 5, s))
            failures++;
        ir_context_free(&c);
    }
    return failures;
}

static void test_optimizer(void)
{
    IRContext c;
    ir_context_init(&c);
    IRTemp g = ir_global(&c, (int)offsetof(VCPU, g.x[1]), "g", 0);
    ir_reset(&c, 0);
    IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c), t3 = ir_temp(&c);
    ir_movi(&c, t1, 5);
    ir_addi(&c, t2, t1, 7);          /* folds to 12 */
    ir_mov(&c, t3, g);               /* copy of g */
    ir_add(&c, g, t3, t2);           /* g = g + 12 */
    IRTemp dead = ir_temp(&c);
    ir_mul(&c, dead, g, g);          /* dead: removed */
    ir_exit_tb(&c, EXIT_NONE, 0);
    ir_optimize(&c);
    ir_liveness(&c);
    int live_ops = 0, adds = 0;
    bool add_ok = false;
    for (int i = 0; i < c.nb_ops; i++) {
        IROp *op = &c.ops[i];
        if (op->opc == IR_OP_nop)
            continue;
        live_ops++;
        if (op->opc == IR_OP_add) {
            adds++;
            add_ok = op->args[0] == (int64_t)g && op->args[1] == (int64_t)g &&
                     ir_is_const(&c, (IRTemp)op->args[2]) && c.temps[op->args[2]].val == 12;
        }
        if (op->opc == IR_OP_mul)
            adds = 100;
    }
    UNIT_CHECK("ir:fold-copyprop-dce", adds == 1 && add_ok && live_ops == 2,
               "expected 'add g, g, 12' and exit only; got %d ops", live_ops);

    /* A global write before a possible fault must survive even if overwritten later. */
    ir_reset(&c, 0);
    IRTemp addr = ir_temp(&c), v = ir_temp(&c);
    ir_movi(&c, g, 1);
    ir_movi(&c, addr, 0x100);
    ir_gld(&c, v, addr, MO_Q);
    ir_mov(&c, g, v);
    ir_exit_tb(&c, EXIT_NONE, 0);
    ir_optimize(&c);
    ir_liveness(&c);
    int movs_to_g = 0;
    for (int i = 0; i < c.nb_ops; i++)
        if (c.ops[i].opc == IR_OP_mov && c.ops[i].args[0] == (int64_t)g)
            movs_to_g++;
    UNIT_CHECK("ir:precise-globals", movs_to_g == 2, "global store before a faulting op was dropped");

    /* slli a0, a0, 32; srli a0, a0, 32 (zext.w) becomes one zero extension. */
    ir_reset(&c, 0);
    ir_insn_start(&c, 0);
    ir_op2(&c, IR_OP_shl, IR_I64, g, g, ir_const(&c, 32));
    ir_insn_start(&c, 4);
    ir_op2(&c, IR_OP_shr, IR_I64, g, g, ir_const(&c, 32));
    ir_exit_tb(&c, EXIT_NONE, 0);
    ir_optimize(&c);
    int shifts = 0, ext = 0;
    for (int i = 0; i < c.nb_ops; i++) {
        shifts += c.ops[i].opc == IR_OP_shl || c.ops[i].opc == IR_OP_shr;
        ext += c.ops[i].opc == IR_OP_ext32u && c.ops[i].args[0] == (int64_t)g &&
               c.ops[i].args[1] == (int64_t)g;
    }
    UNIT_CHECK("ir:zext-pair", shifts == 0 && ext == 1, "slli+srli not fused (%d shifts)", shifts);

    /* srliw t, g, 7; slliw u, g, 25; or g2, t, u (a 32-bit rotate) becomes rotr_i32 + ext32s,
     * and the 64-bit form (srli 13, slli 51) one rotr; with g changed between the shifts,
     * nothing is fused. */
    ir_reset(&c, 0);   /* no temps yet: a global may still be added */
    IRTemp g2 = ir_global(&c, (int)offsetof(VCPU, g.x[2]), "g2", 1);
    for (int form = 0; form < 3; form++) {
        ir_reset(&c, 0);
        IRTemp p = ir_temp(&c), q = ir_temp(&c), t = ir_temp(&c);
        bool w32 = form == 0;
        ir_op2(&c, IR_OP_shr, w32 ? IR_I32 : IR_I64, p, g, ir_const(&c, w32 ? 7 : 13));
        if (form == 2)
            ir_op2(&c, IR_OP_xor, IR_I64, g, g, ir_const(&c, 1));
        if (w32) {
            ir_op2(&c, IR_OP_shl, IR_I32, t, g, ir_const(&c, 25));
            ir_ext32s(&c, q, t);
        } else {
            ir_op2(&c, IR_OP_shl, IR_I64, q, g, ir_const(&c, 51));
        }
        ir_or(&c, g2, q, p);
        ir_exit_tb(&c, EXIT_NONE, 0);
        ir_optimize(&c);
        ir_liveness(&c);
        int rot = 0, ors = 0, exts = 0;
        for (int i = 0; i < c.nb_ops; i++) {
            IROp *o = &c.ops[i];
            rot += o->opc == IR_OP_rotr && o->args[0] == (int64_t)g2 && o->args[1] == (int64_t)g &&
                   o->type == (w32 ? IR_I32 : IR_I64) &&
                   c.temps[o->args[2]].val == (w32 ? 7 : 13);
            ors += o->opc == IR_OP_or;
            exts += o->opc == IR_OP_ext32s && o->args[0] == (int64_t)g2 && o->args[1] == (int64_t)g2;
        }
        if (form < 2)
            UNIT_CHECK(w32 ? "ir:rotate-idiom-w" : "ir:rotate-idiom", rot == 1 && ors == 0 &&
                       exts == w32, "not fused: %d rotr, %d or, %d ext32s", rot, ors, exts);
        else
            UNIT_CHECK("ir:rotate-idiom-changed-source", rot == 0 && ors == 1,
                       "fused although the source changed between the shifts");
    }
    ir_context_free(&c);
}

/* ir_narrow: extensions whose upper halves nobody reads go (the one before a 64-bit shift and
 * the final value of a global stay), an I32 op writes the global its extension copied it to,
 * and the code computes what the interpreter does. */
static void test_narrow(uint8_t *code, size_t code_size)
{
    IRContext c;
    init_globals(&c);
    static const uint64_t inits[][3] = {
        { 0x7fffffff, 1, 5 }, { 0x80000000, 0xffffffff00000001ull, 0 },
        { 0x123456789abcdefull, 0xfedcba9876543210ull, 3 }, { (uint64_t)-1, 0x7ffffff0, 9 },
    };
    bool all_ok = true, shape_ok = true;
    for (size_t v = 0; v < sizeof inits / sizeof inits[0]; v++) {
        ir_reset(&c, 0x1000);
        IRTemp g0 = 0, g1 = 1, g2 = 2;
        IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c), t3 = ir_temp(&c), t4 = ir_temp(&c);
        IRTemp t5 = ir_temp(&c), t6 = ir_temp(&c);
        ir_insn_start(&c, 0x1000);
        ir_op2(&c, IR_OP_add, IR_I32, t1, g0, g1);
        ir_ext32s(&c, g2, t1);                            /* g2 rewritten below: coalesced */
        ir_op2(&c, IR_OP_xor, IR_I64, t2, g2, g0);
        ir_op2(&c, IR_OP_rotr, IR_I32, t3, t2, ir_const(&c, 7));
        ir_ext32s(&c, t3, t3);                            /* read by I32 ops only: goes */
        ir_op2(&c, IR_OP_add, IR_I32, t4, t3, g0);
        ir_ext32s(&c, t5, t4);                            /* read by a 64-bit shift: stays */
        ir_op2(&c, IR_OP_shr, IR_I64, g0, t5, ir_const(&c, 32));
        ir_op2(&c, IR_OP_sub, IR_I32, t6, t3, g1);
        ir_ext32s(&c, g2, t6);                            /* g2's final value: stays */
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG] = { 0 };
        for (int g = 0; g < 3; g++)
            init[g] = inits[v][g];
        all_ok &= check_block(&c, code, code_size, init, false, true, (int)v);
        int exts = 0, coalesced = 0;
        for (int i = 0; i < c.nb_ops; i++) {
            const IROp *o = &c.ops[i];
            exts += o->opc == IR_OP_ext32s;
            coalesced += o->opc == IR_OP_add && o->type == IR_I32 && o->args[0] == (int64_t)g2;
        }
        shape_ok &= exts == 2 && coalesced == 1;
    }
    UNIT_CHECK("ir-narrow:values", all_ok, "narrowed block computes wrong values");
    UNIT_CHECK("ir-narrow:shape", shape_ok, "extensions not dropped or kept as expected");

    /* Extensions of values already extended that way go: a sign extension of a sign
     * extension, a zero extension of an I32 result; one of an unknown value stays, and so does
     * a sign extension of an I32 result (zero-extended, not sign-extended). */
    all_ok = shape_ok = true;
    for (size_t v = 0; v < sizeof inits / sizeof inits[0]; v++) {
        ir_reset(&c, 0x1000);
        IRTemp g0 = 0, g1 = 1, g2 = 2, g3 = 3, g4 = 4, g5 = 5;
        IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c);
        ir_insn_start(&c, 0x1000);
        ir_ext32s(&c, g2, g0);
        ir_mov(&c, t2, g2);
        ir_ext32s(&c, g3, t2);                            /* known: goes */
        ir_op2(&c, IR_OP_add, IR_I32, t1, g0, g1);
        ir_op1(&c, IR_OP_ext32u, IR_I64, g4, t1);         /* known: goes */
        ir_ext32s(&c, g5, t1);                            /* not known: stays */
        ir_op1(&c, IR_OP_ext32u, IR_I64, g1, g1);         /* not known: stays */
        IRTemp t3 = ir_temp(&c), t4 = ir_temp(&c), t5 = ir_temp(&c), t6 = ir_temp(&c);
        ir_op2(&c, IR_OP_shr, IR_I64, t3, g0, ir_const(&c, 32));
        ir_op1(&c, IR_OP_ext32u, IR_I64, 6, t3);          /* known: goes */
        ir_op2(&c, IR_OP_shr, IR_I64, t4, g2, ir_const(&c, 31));
        ir_op1(&c, IR_OP_ext32u, IR_I64, 7, t4);          /* bit 32 may be set: stays */
        ir_op2(&c, IR_OP_sar, IR_I64, t5, g2, ir_const(&c, 32));
        ir_ext32s(&c, 8, t5);                             /* known: goes */
        ir_op2(&c, IR_OP_and, IR_I64, t6, g0, ir_const(&c, 0xffff));
        ir_ext32s(&c, 9, t6);                             /* known: goes */
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG] = { 0 };
        for (int g = 0; g < 3; g++)
            init[g] = inits[v][g];
        all_ok &= check_block(&c, code, code_size, init, false, true, (int)v);
        int exts = 0;
        for (int i = 0; i < c.nb_ops; i++)
            exts += c.ops[i].opc == IR_OP_ext32s || c.ops[i].opc == IR_OP_ext32u;
        shape_ok &= exts == 4;
    }
    UNIT_CHECK("ir-narrow:known-values", all_ok, "block without known extensions computes wrong values");
    UNIT_CHECK("ir-narrow:known-shape", shape_ok, "known extensions not dropped or kept as expected");
    ir_context_free(&c);
}

/* ir_addr_bases on one hand-made block: the base and delta range it gives the access of op
 * index i (base IR_NOTEMP: none). */
static IRAddrBase addr_base_at(IRContext *c, int access)
{
    IRAddrBase *out = calloc((size_t)c->nb_ops + 1, sizeof(IRAddrBase));
    void *scratch = NULL;
    size_t cap = 0;
    ir_liveness(c);
    ir_addr_bases(c, out, &scratch, &cap);
    IRAddrBase r = out[access];
    free(out);
    free(scratch);
    return r;
}

/* Index of the last op emitted so far. */
static int last_op(const IRContext *c) { return c->nb_ops - 1; }

/* The pass's work space kept from block to block, as the back end keeps it. */
static void *ab_scratch;
static size_t ab_cap;

/* Evaluate a straight-line block of the ops ir_addr_bases reasons about (loads give random
 * values of their width) and check its claim at every access: address - base in [lo, hi]. */
static bool addr_bases_hold(IRContext *c, int seed, int *n_claims)
{
    IRAddrBase *out = calloc((size_t)c->nb_ops + 1, sizeof(IRAddrBase));
    uint64_t *v = calloc((size_t)c->nb_temps + 1, sizeof(uint64_t));
    ir_liveness(c);
    ir_addr_bases(c, out, &ab_scratch, &ab_cap);
    bool ok = true;
    for (int t = 0; t < c->nb_temps; t++)
        v[t] = c->temps[t].kind == IRT_CONST ? (uint64_t)c->temps[t].val : (uint64_t)interesting();
    for (int i = 0; i < c->nb_ops && ok; i++) {
        const IROp *op = &c->ops[i];
        if (op->opc == IR_OP_gld || op->opc == IR_OP_gst) {
            IRTemp a = (IRTemp)op->args[op->nb_out + (op->opc == IR_OP_gst)];
            if (out[i].base != IR_NOTEMP) {
                int64_t d = (int64_t)(v[a] - v[out[i].base]);
                ++*n_claims;
                if (d < out[i].lo || d > out[i].hi) {
                    printf("    seed %d op %d: address - base = %lld outside [%d, %d]\n", seed, i,
                           (long long)d, out[i].lo, out[i].hi);
                    ok = false;
                }
            }
            if (op->opc == IR_OP_gld) {
                int mo = (int)op->args[2], bits = 8 * mo_bytes(mo);
                uint64_t r = rnd();
                if (bits < 64)
                    r = (mo & MO_SIGN) ? (uint64_t)((int64_t)(r << (64 - bits)) >> (64 - bits))
                                       : r & ((1ull << bits) - 1);
                v[op->args[0]] = r;
            }
            continue;
        }
        if (op->nb_out != 1)
            continue;
        uint64_t a = v[op->args[1]], b = op->nb_in > 1 ? v[op->args[2]] : 0;
        v[op->args[0]] = ref_op(op->opc, op->type, a, b);
    }
    free(out);
    free(v);
    return ok;
}

/* A random block's start at 0x1000: its first instruction, and the six globals it draws its
 * operands from first (pool; returns how many). */
static int random_block_start(IRContext *c, IRTemp *pool)
{
    ir_reset(c, 0x1000);
    ir_insn_start(c, 0x1000);
    for (int g = 0; g < 6; g++)
        pool[g] = (IRTemp)g;
    return 6;
}

static void test_addr_bases(void)
{
    IRContext c;
    init_globals(&c);
    IRTemp g0 = 0, g1 = 1, g2 = 2, g3 = 3;
    bool ok = true;
    IRAddrBase r;
    /* aes's T-table: ((x >> 8) & 255) << 2, plus the table */
    ir_reset(&c, 0x1000);
    IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c), t3 = ir_temp(&c);
    ir_insn_start(&c, 0x1000);
    ir_op2(&c, IR_OP_shr, IR_I32, t1, g1, ir_const(&c, 8));
    ir_op2(&c, IR_OP_and, IR_I64, t2, t1, ir_const(&c, 255));
    ir_op2(&c, IR_OP_shl, IR_I64, t3, t2, ir_const(&c, 2));
    ir_op2(&c, IR_OP_add, IR_I64, g2, g0, t3);
    ir_gld(&c, g3, g2, MO_SL);
    r = addr_base_at(&c, last_op(&c));
    ok &= r.base == g0 && r.lo == 0 && r.hi == 1020;
    /* a byte loaded as the index, then a displacement; the base on the left */
    ir_reset(&c, 0x1000);
    t1 = ir_temp(&c), t2 = ir_temp(&c), t3 = ir_temp(&c);
    ir_insn_start(&c, 0x1000);
    ir_gld(&c, t1, g1, MO_UB);
    ir_op2(&c, IR_OP_add, IR_I64, t2, t1, g0);
    ir_op2(&c, IR_OP_add, IR_I64, t3, t2, ir_const(&c, -16));
    ir_gst(&c, g3, t3, MO_32);
    r = addr_base_at(&c, last_op(&c));
    ok &= r.base == g0 && r.lo == -16 && r.hi == 239;
    UNIT_CHECK("addr-bases:index", ok, "bounded index not seen: base %u [%d, %d]", r.base, r.lo, r.hi);

    /* No base: a mask that keeps the sign, an index up to 2^31, a base rewritten before the
     * access, a label between, a call that may write globals, a shift that may overflow, a
     * shift by 63 of a small value (no headroom: 1 << 63 is 2^63, past any bound). */
    static const char *const why[] = { "negative mask", "large index", "base rewritten", "label",
                                       "call", "shift overflow", "shift by 63" };
    for (int k = 0; k < 7; k++) {
        ir_reset(&c, 0x1000);
        t1 = ir_temp(&c), t2 = ir_temp(&c);
        ir_insn_start(&c, 0x1000);
        int64_t mask = k == 0 ? -4 : k == 1 ? 0x7fffffff : k == 6 ? 1 : 0xff;
        ir_op2(&c, IR_OP_and, IR_I64, t1, g1, ir_const(&c, mask));
        if (k == 5)
            ir_op2(&c, IR_OP_shl, IR_I64, t1, t1, ir_const(&c, 23));
        if (k == 6) {   /* (g1 & 1) + ((g1 >> 5) & 1) is at most 2, and may be 1 */
            ir_op2(&c, IR_OP_shr, IR_I64, t2, g1, ir_const(&c, 5));
            ir_op2(&c, IR_OP_and, IR_I64, t2, t2, ir_const(&c, 1));
            ir_op2(&c, IR_OP_add, IR_I64, t1, t1, t2);
            ir_op2(&c, IR_OP_shl, IR_I64, t1, t1, ir_const(&c, 63));
        }
        ir_op2(&c, IR_OP_add, IR_I64, g2, g0, t1);
        if (k == 2)
            ir_mov(&c, g0, g3);
        if (k == 3)
            ir_set_label(&c, ir_label(&c));
        if (k == 4)
            ir_call(&c, (void *)abort, 0, IR_NOTEMP, 0, NULL);
        ir_gld(&c, g3, g2, MO_UB);
        r = addr_base_at(&c, last_op(&c));
        UNIT_CHECK("addr-bases:none", r.base == IR_NOTEMP, "%s: base %u [%d, %d]", why[k], r.base,
                   r.lo, r.hi);
    }

    /* Random blocks: every claim holds for random values. */
    static const int opcs[] = { IR_OP_and, IR_OP_or, IR_OP_xor, IR_OP_add, IR_OP_sub, IR_OP_shl,
                                IR_OP_shr, IR_OP_sar, IR_OP_mul, IR_OP_mov, IR_OP_ext8u,
                                IR_OP_ext16u, IR_OP_ext32u, IR_OP_ext8s, IR_OP_ext16s,
                                IR_OP_ext32s, IR_OP_gld, IR_OP_gst };
    static const int mos[] = { MO_UB, MO_UW, MO_UL, MO_SB, MO_SL, MO_Q };
    int fails = 0, claims = 0;
    for (int seed = 0; seed < 3000; seed++) {
        IRTemp pool[40];
        int np = random_block_start(&c, pool);
        int len = 4 + (int)(rnd() % 120);   /* sizes vary: the work space is reused across them */
        for (int n = 0; n < len; n++) {
            int opc = opcs[rnd() % (sizeof opcs / sizeof opcs[0])];
            IRType ty = rnd() % 4 == 0 && opc != IR_OP_mov && opc < IR_OP_ext8s ? IR_I32 : IR_I64;
            IRTemp a = pool[rnd() % np];
            IRTemp d = rnd() % 3 == 0 ? (IRTemp)(rnd() % 6) : (np < 40 ? ir_temp(&c) : pool[rnd() % np]);
            IRTemp b;
            switch (rnd() % 3) {
            case 0: b = ir_const(&c, opc == IR_OP_shl || opc == IR_OP_shr || opc == IR_OP_sar ?
                                     (int64_t)(rnd() % 64) : rnd() % 2 ? (int64_t)(rnd() % 4096) - 64 :
                                     interesting());
                break;
            default: b = pool[rnd() % np]; break;
            }
            if (rnd() % 16 == 0)
                ir_set_label(&c, ir_label(&c));
            if (rnd() % 4 == 0) {   /* global + masked value, accessed: what the pass looks for */
                IRTemp m = ir_temp(&c);
                ir_op2(&c, IR_OP_and, ty, m, a, ir_const(&c, (int64_t)(rnd() % 4096) - 64));
                ir_op2(&c, IR_OP_add, IR_I64, d, (IRTemp)(rnd() % 6), rnd() % 2 ? m : b);
                ir_gld(&c, ir_temp(&c), d, MO_UB);
            } else if (opc == IR_OP_gld)
                ir_gld(&c, d, a, (IRMemOp)mos[rnd() % 6]);
            else if (opc == IR_OP_gst)
                ir_gst(&c, b, a, (IRMemOp)mos[rnd() % 6]);
            else if (opc == IR_OP_mov || opc >= IR_OP_ext8s)
                ir_op1(&c, (IROpcode)opc, IR_I64, d, a);
            else
                ir_op2(&c, (IROpcode)opc, ty, d, a, b);
            if (opc != IR_OP_gst && np < 40 && c.temps[d].kind == IRT_NORMAL)
                pool[np++] = d;
        }
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        fails += !addr_bases_hold(&c, seed, &claims);
    }
    UNIT_CHECK("addr-bases:random", fails == 0 && claims > 3000, "%d of 3000 blocks wrong, %d claims",
               fails, claims);
    free(ab_scratch);
    ir_context_free(&c);
}

/* ir_loop_checks: the loop is the whole block (its last op the back edge), starting at LPC. */
#define LPC 0x1000
static int loop_checks(IRContext *c, IRLoopAccess *acc, IRLoopCheck *chk)
{
    return ir_loop_checks(c, LPC, c->nb_ops - 1, acc, chk, 8);
}

/* Run a random loop block (globals from init) for up to 4 iterations and test every claim of
 * ir_loop_checks: address = X + delta, delta in [lo, hi]; X moves by step per iteration; an
 * access with step != 0 ran in every iteration that reached a back edge. */
static bool loop_claims_hold(IRContext *c, const uint64_t *init, int *n_claims)
{
    IRLoopAccess *acc = calloc((size_t)c->nb_ops + 1, sizeof *acc);
    IRLoopCheck chk[8];
    int nchk = loop_checks(c, acc, chk);
    uint64_t *v = calloc((size_t)c->nb_temps + 1, sizeof(uint64_t));
    uint64_t *x_prev = calloc((size_t)c->nb_ops + 1, sizeof(uint64_t));
    bool *ran = calloc((size_t)c->nb_ops + 1, sizeof(bool)), ok = true;
    for (int t = 0; t < c->nb_temps; t++)
        v[t] = c->temps[t].kind == IRT_CONST ? (uint64_t)c->temps[t].val : t < NG ? init[t] : 0;
    for (int k = 0; k < 4 && ok; k++) {
        uint64_t top[NG];
        memcpy(top, v, sizeof top);
        bool back = false;
        for (int i = 0; i < c->nb_ops && ok && !back; i++) {
            const IROp *op = &c->ops[i];
            int64_t *a = (int64_t *)op->args;
            if (op->opc == IR_OP_gld || op->opc == IR_OP_gst) {
                uint64_t addr = v[a[1]];
                const IRLoopAccess *q = &acc[i];
                if (q->chk >= 0) {
                    const IRLoopCheck *h = &chk[q->chk];
                    uint64_t x = top[h->g[0]] << h->sh[0];
                    if (h->g[1] != IR_NOTEMP)
                        x += top[h->g[1]] << h->sh[1];
                    int64_t d = (int64_t)(addr - x);
                    ok &= d >= q->lo && d <= q->hi;
                    if (k > 0 && ran[i])
                        ok &= x - x_prev[i] == (uint64_t)q->step;
                    x_prev[i] = x;
                    ran[i] = true;
                    ++*n_claims;
                    if (!ok)
                        printf("    op %d iteration %d: delta %lld outside [%d, %d] or step\n", i, k,
                               (long long)d, q->lo, q->hi);
                }
                if (op->opc == IR_OP_gld)   /* the test's loads are all MO_UB */
                    v[a[0]] = rnd() & 0xff;
            } else if (op->opc == IR_OP_exit_cond) {
                if (ref_cond((IRCond)a[2], op->type, v[a[0]], v[a[1]])) {
                    if ((uint64_t)a[4] != LPC)
                        goto out;   /* a side exit: the loop is left */
                    back = true;
                }
            } else if (op->opc == IR_OP_goto_tb) {
                back = true;
            } else if (op->nb_out == 1) {
                v[a[0]] = ref_op(op->opc, op->type, v[a[1]], op->nb_in > 1 ? v[a[2]] : 0);
            }
            if (back)   /* the accesses with a step must have run in this iteration */
                for (int j = 0; j < c->nb_ops; j++)
                    if (acc[j].chk >= 0 && acc[j].step != 0 && !(ran[j] && j < i)) {
                        printf("    op %d skipped in iteration %d\n", j, k);
                        ok = false;
                    }
        }
    }
out:
    free(acc), free(v), free(x_prev), free(ran);
    return ok && nchk >= 0;
}

static void test_loop_checks(void)
{
    IRContext c;
    init_globals(&c);
    IRTemp a0 = 0, a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5;
    IRLoopAccess acc[64];
    IRLoopCheck chk[8];
    /* dhry's string copy */
    ir_reset(&c, LPC);
    ir_exit_cond(&c, IR_EQ, a5, a2, 2, 0x2000);
    ir_op2(&c, IR_OP_add, IR_I64, a3, a0, a5);
    ir_op2(&c, IR_OP_add, IR_I64, a5, a5, ir_const(&c, 1));
    ir_gst(&c, a4, a3, MO_UB);
    ir_op2(&c, IR_OP_add, IR_I64, a4, a1, a5);
    ir_gld(&c, a4, a4, MO_UB);
    ir_exit_cond(&c, IR_NE, a4, ir_const(&c, 0), 3, LPC);
    int n = loop_checks(&c, acc, chk);
    bool ok = n == 2 && acc[3].chk == 0 && acc[3].step == 1 && acc[3].lo == 0 && acc[3].hi == 0 &&
              acc[5].chk == 1 && acc[5].step == 1 && acc[5].lo == 1 && acc[5].hi == 1 &&
              chk[0].g[0] == a0 && chk[0].g[1] == a5 && chk[1].g[0] == a1 && chk[1].g[1] == a5;
    UNIT_CHECK("loop-checks:str-copy", ok, "%d checks, access 3: chk %d step %lld", n, acc[3].chk,
               (long long)acc[3].step);

    /* No entry check: the base reloaded, a step by a register, a branch over the access, the
     * access after the back edge, a step too large, two back edges with different steps. */
    static const char *const why[] = { "reloaded base", "register step", "branch over",
                                       "after back edge", "large step", "two steps" };
    for (int k = 0; k < 6; k++) {
        ir_reset(&c, LPC);
        IRLabel l = ir_label(&c);
        if (k == 2)
            ir_brcond(&c, IR_I64, IR_EQ, a2, a3, l);
        if (k == 3)
            ir_exit_cond(&c, IR_NE, a2, a3, 1, LPC);
        if (k == 5) {
            ir_op2(&c, IR_OP_add, IR_I64, a0, a0, ir_const(&c, 8));
            ir_exit_cond(&c, IR_NE, a2, a3, 1, LPC);
            ir_op2(&c, IR_OP_add, IR_I64, a0, a0, ir_const(&c, 8));
        }
        ir_gld(&c, a4, a0, MO_Q);
        if (k == 2)
            ir_set_label(&c, l);
        if (k == 0)
            ir_gld(&c, a0, a0, MO_Q);
        else
            ir_op2(&c, IR_OP_add, IR_I64, a0, a0,
                   k == 1 ? a1 : ir_const(&c, k == 4 ? (1 << 30) + 1 : 8));
        ir_goto_tb(&c, 0, LPC);
        n = loop_checks(&c, acc, chk);
        int at = k == 2 || k == 3 ? 1 : k == 5 ? 2 : 0;
        UNIT_CHECK("loop-checks:none", acc[at].chk < 0, "%s: access checked at entry", why[k]);
    }
    /* An invariant base needs no access in every iteration. */
    ir_reset(&c, LPC);
    IRLabel l = ir_label(&c);
    ir_brcond(&c, IR_I64, IR_EQ, a2, a3, l);
    IRTemp t = ir_temp(&c);
    ir_op2(&c, IR_OP_and, IR_I64, t, a2, ir_const(&c, 255));
    ir_op2(&c, IR_OP_add, IR_I64, t, t, a1);
    ir_gld(&c, a4, t, MO_UB);
    ir_set_label(&c, l);
    ir_op2(&c, IR_OP_add, IR_I64, a2, a2, ir_const(&c, 1));
    ir_goto_tb(&c, 0, LPC);
    n = loop_checks(&c, acc, chk);
    UNIT_CHECK("loop-checks:invariant", n == 1 && acc[3].chk == 0 && acc[3].step == 0 &&
               acc[3].hi == 255, "%d checks, chk %d step %lld", n, acc[3].chk, (long long)acc[3].step);

    /* Random loops: every claim holds for random values. */
    int fails = 0, claims = 0;
    for (int seed = 0; seed < 3000; seed++) {
        ir_reset(&c, LPC);
        int len = 3 + (int)(rnd() % 24);
        for (int i = 0; i < len; i++) {
            IRTemp g = (IRTemp)(rnd() % 6), h = (IRTemp)(rnd() % 6);
            switch (rnd() % 9) {
            case 0: case 1: ir_op2(&c, IR_OP_add, IR_I64, g, g, ir_const(&c, (int64_t)(rnd() % 64) - 32)); break;
            case 2: ir_op2(&c, IR_OP_add, IR_I64, g, h, (IRTemp)(rnd() % 6)); break;
            case 3: ir_op2(&c, IR_OP_shl, IR_I64, g, h, ir_const(&c, (int64_t)(rnd() % 5))); break;
            case 4: ir_op2(&c, rnd() % 2 ? IR_OP_and : IR_OP_sub, IR_I64, g, h, ir_const(&c, (int64_t)(rnd() % 300))); break;
            case 5: ir_gld(&c, rnd() % 3 ? ir_temp(&c) : g, h, MO_UB); break;
            case 6: ir_gst(&c, g, h, MO_UB); break;
            case 7: ir_exit_cond(&c, (IRCond)(rnd() % IR_NB_CONDS), g, h, 1, rnd() % 2 ? LPC : 0x3000); break;
            default: ir_mov(&c, g, h); break;
            }
        }
        ir_goto_tb(&c, 0, LPC);
        uint64_t init[NG];
        for (int g = 0; g < NG; g++)
            init[g] = rnd() % 4 ? rnd() % 4096 : (uint64_t)interesting();
        fails += !loop_claims_hold(&c, init, &claims);
    }
    UNIT_CHECK("loop-checks:random", fails == 0 && claims > 3000, "%d of 3000 loops wrong, %d claims",
               fails, claims);
    ir_context_free(&c);
}

/* A compare with 0 right after the ALU op that made the value uses the op's flags (no test):
 * 64- and 32-bit ops, values whose low 32 bits are 0 but not all 64, results that are 0 only
 * in 32 bits. */
static void test_flags_reuse(uint8_t *code, size_t code_size)
{
    IRContext c;
    init_globals(&c);
    static const uint64_t vals[][2] = { { 0, 0 }, { 1, 1 }, { 6, 2 }, { 0x100000000ull, 0 },
                                        { 0x100000006ull, 6 }, { 8, 0x100000008ull } };
    bool ok = true;
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        ir_reset(&c, 0x1000);
        IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c), t3 = ir_temp(&c);
        ir_insn_start(&c, 0x1000);
        ir_op2(&c, IR_OP_and, IR_I64, t1, 0, ir_const(&c, 6));
        ir_setcond(&c, IR_I64, IR_EQ, 2, t1, ir_const(&c, 0));
        ir_op2(&c, IR_OP_sub, IR_I32, t2, 0, 1);
        ir_setcond(&c, IR_I32, IR_NE, 3, t2, ir_const(&c, 0));
        ir_op2(&c, IR_OP_xor, IR_I64, t3, 0, 1);
        ir_setcond(&c, IR_I64, IR_EQ, 4, t3, ir_const(&c, 0));
        ir_op2(&c, IR_OP_add, IR_I32, 5, 0, 1);
        ir_setcond(&c, IR_I64, IR_NE, 6, 5, ir_const(&c, 0));   /* other width: tested */
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG] = { vals[v][0], vals[v][1] };
        ok &= check_block(&c, code, code_size, init, false, true, (int)v);
        ok &= check_block(&c, code, code_size, init, true, true, (int)v);
    }
    UNIT_CHECK("ir-backend:flags-reuse", ok, "a compare with 0 after an ALU op went wrong");
    /* Random blocks of ALU ops each often followed by a compare with 0 of its result, of
     * another value or in the other width. */
    static const int alus[] = { IR_OP_add, IR_OP_sub, IR_OP_and, IR_OP_or, IR_OP_xor };
    int bad = 0;
    for (int seed = 0; seed < 5000; seed++) {
        IRTemp pool[12];
        int np = random_block_start(&c, pool);
        int len = 3 + (int)(rnd() % 14);
        for (int n = 0; n < len; n++) {
            IRType ty = rnd() % 3 ? IR_I64 : IR_I32;
            IRTemp a = pool[rnd() % np], b = rnd() % 3 ? pool[rnd() % np] : ir_const(&c, (int64_t)(rnd() % 7) - 3);
            IRTemp d = rnd() % 2 ? (IRTemp)(rnd() % 6) : (np < 12 ? ir_temp(&c) : pool[rnd() % np]);
            ir_op2(&c, (IROpcode)alus[rnd() % 5], ty, d, a, b);
            if (np < 12 && c.temps[d].kind == IRT_NORMAL)
                pool[np++] = d;
            if (rnd() % 4) {
                IRTemp x = rnd() % 4 ? d : pool[rnd() % np];
                IRType ct = rnd() % 4 ? ty : (ty == IR_I64 ? IR_I32 : IR_I64);
                ir_setcond(&c, ct, rnd() % 2 ? IR_EQ : IR_NE, (IRTemp)(6 + rnd() % 6), x, ir_const(&c, 0));
            }
        }
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG];
        for (int g = 0; g < NG; g++)
            init[g] = rnd() % 2 ? rnd() % 4 : (uint64_t)interesting();
        bad += !check_block(&c, code, code_size, init, seed % 2, false, seed);
    }
    UNIT_CHECK("ir-backend:flags-reuse-random", bad == 0, "%d of 5000 blocks wrong", bad);
    /* shl + add as one lea (try_fuse_lea): adjacent, interleaved, the shifted global itself
     * rewritten, a constant addend, and a shifted value read again (no fusion). */
    ok = true;
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        ir_reset(&c, 0x1000);
        IRTemp t1 = ir_temp(&c), t2 = ir_temp(&c);
        ir_insn_start(&c, 0x1000);
        ir_op2(&c, IR_OP_shl, IR_I64, t1, 0, ir_const(&c, 3));
        ir_op2(&c, IR_OP_shl, IR_I64, 2, 1, ir_const(&c, 2));
        ir_insn_start(&c, 0x1004);
        ir_op2(&c, IR_OP_add, IR_I64, 3, t1, 1);
        ir_op2(&c, IR_OP_add, IR_I64, 2, 0, 2);
        ir_op2(&c, IR_OP_shl, IR_I64, 4, 4, ir_const(&c, 1));
        ir_op2(&c, IR_OP_add, IR_I64, 4, 4, ir_const(&c, -24));
        ir_op2(&c, IR_OP_shl, IR_I64, t2, 1, ir_const(&c, 3));
        ir_op2(&c, IR_OP_add, IR_I64, 5, t2, 0);
        ir_op2(&c, IR_OP_xor, IR_I64, 6, t2, 5);
        IRTemp t3 = ir_temp(&c), t4 = ir_temp(&c);   /* both addends shifted */
        ir_op2(&c, IR_OP_shl, IR_I64, t3, 0, ir_const(&c, 3));
        ir_op2(&c, IR_OP_shl, IR_I64, t4, 1, ir_const(&c, 2));
        ir_op2(&c, IR_OP_add, IR_I64, 7, t3, t4);
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG] = { vals[v][0], vals[v][1], 0, 0, vals[v][0] ^ 0x1234 };
        ok &= check_block(&c, code, code_size, init, false, true, (int)v);
        ok &= check_block(&c, code, code_size, init, true, true, (int)v);
    }
    UNIT_CHECK("ir-backend:shl-add-lea", ok, "shl + add as lea went wrong");
    /* Random blocks dense in shl-by-1..3 and adds over few values (the shapes lea fusion
     * looks for, interleaved, sharing operands), with loads and stores between. */
    int fails = 0;
    for (int seed = 0; seed < (getenv("QELT_SLOW") ? 200000 : 20000); seed++) {
        IRTemp pool[16];
        int np = random_block_start(&c, pool);
        int len = 4 + (int)(rnd() % 20);
        for (int n = 0; n < len; n++) {
            IRTemp a = pool[rnd() % np], b = pool[rnd() % np];
            IRTemp d = rnd() % 2 ? (IRTemp)(rnd() % 6) : (np < 16 ? ir_temp(&c) : pool[rnd() % np]);
            switch (rnd() % 6) {
            case 0: case 1: ir_op2(&c, IR_OP_shl, IR_I64, d, a, ir_const(&c, 1 + (int64_t)(rnd() % 3))); break;
            case 2: case 3: ir_op2(&c, IR_OP_add, IR_I64, d, a, rnd() % 4 ? b : ir_const(&c, (int64_t)(rnd() % 100) - 50)); break;
            case 4: ir_op2(&c, IR_OP_xor, IR_I64, d, a, b); break;
            default: ir_insn_start(&c, 0x1000 + 4 * (uint64_t)n); ir_mov(&c, d, a); break;
            }
            if (np < 16 && c.temps[d].kind == IRT_NORMAL)
                pool[np++] = d;
        }
        for (int g = 0; g < 6; g++)   /* every value ends in a global: nothing is dead code */
            ir_op2(&c, IR_OP_xor, IR_I64, (IRTemp)(6 + g), pool[rnd() % np], pool[rnd() % np]);
        ir_exit_tb(&c, EXIT_ECALL, 0x2000);
        uint64_t init[NG];
        for (int g = 0; g < NG; g++)
            init[g] = rnd() % 2 ? rnd() : (uint64_t)interesting();
        fails += !check_block(&c, code, code_size, init, seed % 2, false, seed);
    }
    UNIT_CHECK("ir-backend:shl-add-random", fails == 0, "%d blocks wrong", fails);
    ir_context_free(&c);
}

/* Loop blocks and ir_narrow's assumption of sign-extended globals at the loop's start: random
 * loops of renames (64-bit movs between globals), W ops with their sign extensions, sext.w of
 * globals and 64-bit ops, counted by the last global up to LOOP_N, in a block whose back edge
 * is an exit_cond to its own pc. Run from random globals (most not sign-extended): when the
 * block's entry check finds one it assumed sign-extended that is not, the block must leave at
 * once (EXIT_NONE, smc_step set, nothing changed); the harness then runs one iteration in the
 * interpreter, as the runtime runs it elsewhere, and enters again (at most 8 times: the
 * assumption is what the body makes of any state within 8 iterations). The globals at the
 * end must be the interpreter's. */
#define LOOP_N 37
/* Loop program number s into c (globals made); returns the index of its exit_cond. s < 0:
 * a dropped extension of g2, a copy of g3 from the loop's start, which is a copy of g5 from
 * the start, which the body extends (the entry must check g5 too, not only g3). */
static int build_loop(IRContext *c, int s)
{
    IRTemp cnt = NG - 1;
    init_globals(c);
    rng_state = 0x2545f4914f6cdd1dull * (uint64_t)(s + 1);
    ir_reset(c, 0x1000);
    int nops = s < 0 ? 0 : 4 + (int)(rnd() % 24);
    if (s < 0) {
        ir_insn_start(c, 0x1000);
        ir_mov(c, 2, 3);
        ir_insn_start(c, 0x1004);
        ir_ext32s(c, 4, 2);
        ir_insn_start(c, 0x1008);
        ir_mov(c, 3, 5);
        ir_insn_start(c, 0x100c);
        ir_ext32s(c, 5, 6);
        ir_insn_start(c, 0x1010);
        ir_op2(c, IR_OP_add, IR_I64, 7, 7, 4);   /* every iteration's g4 counts */
    }
    for (int i = 0; i < nops; i++) {
        ir_insn_start(c, 0x1000 + 4 * (uint64_t)i);
        IRTemp d = (IRTemp)(rnd() % (NG - 1)), a = (IRTemp)(rnd() % NG);
        IRTemp b = rnd() % 3 ? (IRTemp)(rnd() % NG) : ir_const(c, interesting());
        switch (rnd() % 6) {
        case 0: case 1:
            ir_mov(c, d, a);
            break;
        case 2:
            ir_ext32s(c, d, a);
            break;
        case 3: {
            static const int wops[] = { IR_OP_add, IR_OP_sub, IR_OP_xor, IR_OP_shl,
                                        IR_OP_shr, IR_OP_rotr, IR_OP_or, IR_OP_and };
            IRTemp t = ir_temp(c);
            ir_op2(c, (IROpcode)wops[rnd() % 8], IR_I32, t, a, b);
            ir_ext32s(c, d, t);
            break;
        }
        case 4: {
            static const int ops64[] = { IR_OP_add, IR_OP_xor, IR_OP_and, IR_OP_or,
                                         IR_OP_shl, IR_OP_sar };
            ir_op2(c, (IROpcode)ops64[rnd() % 6], IR_I64, d, a, b);
            break;
        }
        default:
            ir_op1(c, rnd() % 2 ? IR_OP_ext32u : IR_OP_ext16s, IR_I64, d, a);
            break;
        }
    }
    ir_insn_start(c, 0x1000 + 4 * (uint64_t)nops);
    ir_op2(c, IR_OP_add, IR_I64, cnt, cnt, ir_const(c, 1));
    int body_end = c->nb_ops;
    ir_exit_cond(c, IR_NE, cnt, ir_const(c, LOOP_N), 0, 0x1000);
    ir_exit_tb(c, EXIT_ECALL, 0x2000);
    return body_end;
}

static int run_loop_random(uint8_t *code, size_t code_size, int seeds, int *n_bailed,
                           int *n_direct)
{
    int failures = 0;
    IRTemp cnt = NG - 1;
    for (int s = -1; s < seeds; s++) {
        IRContext ref, c;   /* ref: interpreted as built; c: compiled */
        int body_end = build_loop(&ref, s);
        build_loop(&c, s);
        uint64_t *vals = calloc((size_t)ref.nb_temps + 1, sizeof(uint64_t));
        for (int t = 0; t < ref.nb_temps; t++)
            if (ref.temps[t].kind == IRT_CONST)
                vals[t] = (uint64_t)ref.temps[t].val;
        uint64_t init[NG], want[NG];
        rng_state ^= 0x5851f42d4c957f2dull;
        for (int g = 0; g < NG - 1; g++) {   /* half of them sign-extended */
            init[g] = (uint64_t)interesting();
            if (rnd() % 2)
                init[g] = (uint64_t)(int64_t)(int32_t)init[g];
        }
        init[cnt] = 0;
        if (s < 0)
            init[3] = 7, init[5] = init[6] = 0x123456789ull;
        memcpy(vals, init, sizeof init);
        for (int it = 0; it < LOOP_N; it++)
            interp_range(&ref, vals, 0, body_end);
        memcpy(want, vals, sizeof want);
        memcpy(vals, init, sizeof init);   /* from here: the state the block is entered with */

        ir_optimize(&c);
        ir_liveness(&c);
        BackendHooks hooks = { dummy_lookup, dummy_bad, NULL };
        size_t used;
        Backend *be = backend_new(&c, code, code_size, &used, &hooks, BACKEND_ZERO_BASE);
        BackendResult res;
        bool ok = backend_gen(be, &c, code + used, code_size - used, 0x10000, 0x1000, &res) == 0;
        VCPU *cpu = aligned_alloc(64, (sizeof(VCPU) + 63) & ~(size_t)63);
        int bails = 0;
        while (ok) {
            memset(cpu, 0, sizeof(*cpu));
            for (int g = 0; g < NG; g++)
                cpu->g.x[g + 1] = vals[g];
            uintptr_t r = backend_enter(be, cpu, code + used);
            if (r == EXIT_ECALL && cpu->g.pc == 0x2000)
                break;
            bool same = r == EXIT_NONE && cpu->smc_step == 1 && cpu->g.pc == 0x1000;
            for (int g = 0; g < NG; g++)
                same &= cpu->g.x[g + 1] == vals[g];
            if (!same || ++bails > 8 || vals[cnt] + 1 >= LOOP_N) {
                ok = false;
                break;
            }
            interp_range(&ref, vals, 0, body_end);
        }
        *n_bailed += bails > 0;
        *n_direct += ok && bails == 0;
        for (int g = 0; ok && g < NG; g++)
            ok = cpu->g.x[g + 1] == want[g];
        if (!ok && failures < 5) {
            UNIT_FAIL("ir-narrow:loop-random", "seed %d: wrong globals or exit (%d entries refused)",
                      s, bails);
            if (getenv("QELT_DUMP"))
                ir_dump(&c, stdout);
        }
        failures += !ok;
        free(cpu);
        free(vals);
        backend_free(be);
        ir_context_free(&c);
        ir_context_free(&ref);
    }
    return failures;
}

int main(void)
{
    size_t code_size = 1 << 20;
    uint8_t *code = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    test_optimizer();
    test_narrow(code, code_size);
    test_addr_bases();
    test_loop_checks();
    test_flags_reuse(code, code_size);
    int n_bailed = 0, n_direct = 0, nl = getenv("QELT_SLOW") ? 20000 : 2000;
    int fl = run_loop_random(code, code_size, nl, &n_bailed, &n_direct);
    UNIT_CHECK("ir-narrow:loop-random", fl == 0, "%d of %d loops differ", fl, nl);
    UNIT_CHECK("ir-narrow:loop-random-both-ways", n_bailed > nl / 20 && n_direct > nl / 20,
               "entry refused in %d, accepted at once in %d of %d loops", n_bailed, n_direct, nl);
    int seeds = getenv("QELT_SLOW") ? 20000 : 1500;
    int f1 = run_random(code, code_size, false, seeds, 40);
    UNIT_CHECK("ir-backend:random-noopt", f1 == 0, "%d of %d programs differ", f1, seeds);
    int f2 = run_random(code, code_size, true, seeds, 40);
    UNIT_CHECK("ir-backend:random-opt", f2 == 0, "%d of %d programs differ", f2, seeds);
    int f3 = run_random(code, code_size, true, seeds / 10, 300);
    UNIT_CHECK("ir-backend:random-spill", f3 == 0, "%d of %d long programs differ", f3, seeds / 10);
    /* the back end's baseline sequences for clz/ctz/cpop (hosts without lzcnt/bmi1/popcnt) */
    setenv("QELT_GENERIC_BITOPS", "1", 1);
    int f4 = run_random(code, code_size, true, seeds, 40);
    unsetenv("QELT_GENERIC_BITOPS");
    UNIT_CHECK("ir-backend:random-generic-bitops", f4 == 0, "%d of %d programs differ", f4, seeds);
    return unit_status();
}
