/*
 * The x86-64 back end's cache of guest vector registers in xmm registers (codegen-vec.c),
 * through random blocks of several vector ops against a sequential reference.
 *
 * Each case builds one block of 2..14 ops on a small vector register file (eight 16-byte
 * registers and four 32-byte groups, overlapping as guest groups do; a mask register apart):
 * element-wise vops (unmasked and masked, any element size, bodies of 1 to 32 bytes, so
 * partial registers), mask compares, reductions, slides, unit-stride loads and stores (fixed
 * and run-time length), vfmv.v.f-like vfops, FP adds and subs, st_env into a register
 * (vmv.s.x), ld_env from one, vcalls whose C target changes a register behind the back end's
 * back, a forward branch over some ops (a label), up to 13 FP values kept in xmm registers
 * around them (so in the vector ops' scratch registers too: codegen-vec.c's cg_vec_scratch),
 * and run-time skip conditions (nothing done, the skip path's state must match). The
 * reference applies the same ops one by one in C (ir_vec_ref, memcpy). The whole register file, the globals and guest
 * memory are compared, at every host SIMD level the machine has (QELT_VEC_HOST).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "backend.h"
#include "ir.h"
#include "unit.h"
#include "vcpu.h"

#define VREG ((int)offsetof(VCPU, g.vreg))
#define VBYTES sizeof(((VCPU *)0)->g.vreg)
#define MASKREG (VREG + 512)
#define MSIZE (2 * 4096)

static uint64_t rng = 0x5eed1234;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int rndn(int n) { return (int)(rnd() % (uint64_t)n); }

static void *dummy_lookup(VCPU *cpu) { return NULL; }
static void dummy_bad(VCPU *cpu, uint64_t a, int k) { abort(); }

static uint8_t *code;
static const size_t code_size = 1 << 20;

/* The vcall target: flips the bytes [desc & 0xffff, + desc >> 16) of env (a register). */
static void flip(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    uint8_t *e = (uint8_t *)cpu;
    for (uint64_t i = 0; i < desc >> 16; i++)
        e[(desc & 0xffff) + i] ^= (uint8_t)(0x5a + scalar + i);
}

/* A register or group at a random place: n <= 16 one of eight 16-byte registers, else one of
 * four 32-byte groups (at even registers), so operands overlap only exactly. */
static int reg_for(int n)
{
    return n <= 16 ? VREG + 16 * rndn(8) : VREG + 32 * rndn(4);
}

typedef struct Case {
    IRContext c;
    VCPU *cpu, *want;
    uint8_t *mem, *wmem;
    IRTemp g6, g7, g8, f0, f1;
    char what[512];
    int len;
} Case;

static void note(Case *k, const char *s)
{
    int n = (int)strlen(s);
    if (k->len + n + 2 < (int)sizeof k->what) {
        memcpy(k->what + k->len, s, (size_t)n);
        k->len += n;
        k->what[k->len++] = ' ';
        k->what[k->len] = 0;
    }
}

/* skip temp: a constant 0, or the run-time x6 bit b (both VCPUs hold x6) */
static IRTemp skip_for(Case *k, bool *skipped)
{
    *skipped = false;
    if (rndn(3))
        return ir_const(&k->c, 0);
    int bit = rndn(8);
    IRTemp t = ir_temp(&k->c);
    ir_opi(&k->c, IR_OP_shr, IR_I64, t, k->g6, bit);
    ir_opi(&k->c, IR_OP_and, IR_I64, t, t, 1);
    *skipped = (k->cpu->g.x[6] >> bit) & 1;
    return t;
}

static const int kinds[] = { IR_V_ADD, IR_V_SUB, IR_V_RSUB, IR_V_AND, IR_V_OR, IR_V_XOR,
                             IR_V_MUL, IR_V_MINU, IR_V_MAX, IR_V_SLL, IR_V_SRL, IR_V_SRA,
                             IR_V_MV, IR_V_MACC, IR_V_NMSUB };

static void gen_vop(Case *k)
{
    static const int ns[] = { 1, 2, 4, 8, 8, 8, 12, 16, 16, 16, 32 };   /* 1, 2: tiny bodies */
    int kind = kinds[rndn((int)(sizeof kinds / sizeof kinds[0]))];
    int n = ns[rndn((int)(sizeof ns / sizeof ns[0]))], l2 = rndn(4);
    while (n % (1 << l2))
        l2--;
    bool sc = rndn(2), masked = IR_V_MASKED_OK(kind) && rndn(4) == 0;
    int d = reg_for(n), a = rndn(3) ? reg_for(n) : d, b = rndn(4) ? reg_for(n) : d;
    uint64_t scalar = rnd() % 4 ? rnd() : (uint64_t)rndn(70);
    bool skipped, from_x8 = sc && rndn(2);
    IRTemp skip = skip_for(k, &skipped);
    int vop = IR_VEC_OP(kind, l2, sc);
    if (from_x8)
        scalar = k->want->g.x[8];
    ir_vop_masked(&k->c, vop, d, a, b, n, masked ? MASKREG : 0,
                  from_x8 ? k->g8 : ir_const(&k->c, (int64_t)scalar), skip);
    if (!skipped)
        ir_vec_ref((uint8_t *)k->want, vop, d, a, b, n, scalar, masked ? MASKREG : 0);
    char s[64];
    snprintf(s, sizeof s, "vop%d/e%d%s%s:%d<-%d,%d/n%d%s", kind, 8 << l2, sc ? "s" : "",
             masked ? "m" : "", (d - VREG) / 16, (a - VREG) / 16, (b - VREG) / 16, n,
             skipped ? "/skip" : "");
    note(k, s);
}

/* A mask compare into a register's first bytes, a reduction, or a slide down. */
static void gen_other(Case *k)
{
    int l2 = rndn(4), what = rndn(3), vop, n, d, a, b;
    uint64_t scalar = rnd();
    bool skipped;
    IRTemp skip = skip_for(k, &skipped);
    if (what == 0) {
        n = 16 >> rndn(5);   /* down to one byte: a tiny body's compare */
        while (n % (1 << l2))
            l2--;
        vop = IR_VEC_OP(IR_V_MSEQ + rndn(IR_V_MSGT - IR_V_MSEQ + 1), l2, rndn(2));
        d = reg_for(16), a = reg_for(n), b = reg_for(n);
        if (rndn(2))
            scalar = *(uint64_t *)((uint8_t *)k->want + a) & 0xff;   /* some equal elements */
    } else if (what == 1) {
        n = 16;
        vop = IR_VEC_OP(IR_V_REDSUM, l2, 0);
        d = reg_for(16), a = reg_for(16), b = reg_for(16);
    } else {
        int e = 1 << l2;
        n = 16 >> rndn(2);
        while (n % e)
            l2--, e = 1 << l2;
        vop = IR_VEC_OP(IR_V_SLIDEDOWN, l2, 1);
        d = reg_for(16), a = reg_for(16), b = a;
        if (d == a)
            d = a == VREG ? VREG + 16 : VREG;
        int vmax = n / e + rndn(16 / e - n / e + 1);
        scalar = (uint64_t)rndn(6) | (uint64_t)vmax << 32;
        skip = ir_const(&k->c, 0);
        skipped = false;
    }
    ir_vop(&k->c, vop, d, a, b, n, ir_const(&k->c, (int64_t)scalar), skip);
    if (!skipped)
        ir_vec_ref((uint8_t *)k->want, vop, d, a, b, n, scalar, 0);
    char s[80];
    snprintf(s, sizeof s, "other%d/e%d:%d<-%d,%d/n%d%s", IR_VEC_KIND(vop), 8 << l2,
             (d - VREG) / 16, (a - VREG) / 16, (b - VREG) / 16, n, skipped ? "/skip" : "");
    note(k, s);
}

static void gen_mem(Case *k)
{
    static const int ns[] = { 4, 8, 12, 16, 32 };
    int n = ns[rndn(5)], reg = reg_for(n), st = rndn(4);
    uint64_t addr = (uint64_t)rndn(MSIZE - 32);
    IRTemp a = ir_temp(&k->c);
    ir_movi(&k->c, a, (int64_t)addr);
    bool skipped = false;
    if (st >= 2) {   /* run-time length: 4 .. n */
        int len = 4 + rndn(n - 3);
        IRTemp tl = ir_temp(&k->c);
        ir_movi(&k->c, tl, len);
        ir_vmem_len(&k->c, st == 3, a, ir_const(&k->c, 0), tl, reg, n);
        if (st == 3)
            memcpy(k->wmem + addr, (uint8_t *)k->want + reg, (size_t)len);
        else
            memcpy((uint8_t *)k->want + reg, k->wmem + addr, (size_t)len);
    } else {
        IRTemp skip = skip_for(k, &skipped);
        if (st)
            ir_vst(&k->c, a, skip, reg, n);
        else
            ir_vld(&k->c, a, skip, reg, n);
        if (!skipped && st)
            memcpy(k->wmem + addr, (uint8_t *)k->want + reg, (size_t)n);
        else if (!skipped)
            memcpy((uint8_t *)k->want + reg, k->wmem + addr, (size_t)n);
    }
    char s[80];
    snprintf(s, sizeof s, "%s:%d/n%d%s", st == 0 ? "vld" : st == 1 ? "vst" : st == 2 ? "vldl" : "vstl",
             (reg - VREG) / 16, n, skipped ? "/skip" : "");
    note(k, s);
}

/* Env accesses to a register behind the vector ops: st_env (vmv.s.x), ld_env (vmv.x.s) into
 * x9, a vcall changing bytes, a vfop vfmv.v.f (its scalar an FP value from an xmm). */
/* A vfop add or sub (.vv, or .vf with f0 as a double), doubles or singles: the reference adds
 * lane by lane (NX raised, RNE: the host's result); a lane with an all-ones exponent sends
 * the op to its caller (status 1, nothing written). */
static void gen_vfarith(Case *k)
{
    bool dbl = rndn(2), sub = rndn(2), sc = dbl && rndn(2);
    int n = 16 << rndn(2), d = reg_for(n), a = reg_for(n), b = reg_for(n), e = dbl ? 8 : 4;
    IRTemp st = ir_temp(&k->c);
    ir_vfop(&k->c, st, IR_VEC_OP(sub ? IR_VF_SUB : IR_VF_ADD, dbl ? 3 : 2, sc), d, a, b, n,
            sc ? k->f0 : ir_const(&k->c, 0), ir_const(&k->c, 0), (int)offsetof(VCPU, g.fflags),
            (int)offsetof(VCPU, g.frm));
    ir_add(&k->c, k->g8, k->g8, st);
    uint8_t res[32], *w = (uint8_t *)k->want;
    bool bad = false;
    for (int i = 0; i < n; i += e) {
        if (dbl) {
            double x, y;
            memcpy(&x, w + a + i, 8);
            memcpy(&y, sc ? (uint8_t *)&k->want->g.f[0] : w + b + i, 8);
            x = sub ? x - y : x + y;
            memcpy(res + i, &x, 8);
            uint64_t u;
            memcpy(&u, &x, 8);
            bad |= (u >> 52 & 0x7ff) == 0x7ff;
        } else {
            float x, y;
            memcpy(&x, w + a + i, 4);
            memcpy(&y, w + b + i, 4);
            x = sub ? x - y : x + y;
            memcpy(res + i, &x, 4);
            uint32_t u;
            memcpy(&u, &x, 4);
            bad |= (u >> 23 & 0xff) == 0xff;
        }
    }
    if (bad)
        k->want->g.x[8] += 1;
    else
        memcpy(w + d, res, (size_t)n);
    char s[80];
    snprintf(s, sizeof s, "vf%s%s%s:%d/n%d%s", sub ? "sub" : "add", dbl ? "d" : "s", sc ? ".vf" : "",
             (d - VREG) / 16, n, bad ? "/fallback" : "");
    note(k, s);
}

static void gen_env(Case *k, bool fp)
{
    int what = rndn(fp ? 5 : 3), reg = reg_for(16);
    if (what == 4) {
        gen_vfarith(k);
        return;
    }
    char s[80];
    if (what == 0) {
        int l2 = rndn(4), off = reg + rndn(16 >> l2) * (1 << l2);
        uint64_t v = rnd();
        ir_st_env(&k->c, ir_const(&k->c, (int64_t)v), off, (IRMemOp)l2);
        memcpy((uint8_t *)k->want + off, &v, (size_t)1 << l2);
        snprintf(s, sizeof s, "st_env%d:%d+%d", 8 << l2, (reg - VREG) / 16, off - reg);
    } else if (what == 1) {
        IRTemp t = ir_temp(&k->c);
        ir_ld_env(&k->c, t, reg + 8, MO_64);
        ir_add(&k->c, k->g7, k->g7, t);
        uint64_t v;
        memcpy(&v, (uint8_t *)k->want + reg + 8, 8);
        k->want->g.x[7] += v;
        snprintf(s, sizeof s, "ld_env:%d", (reg - VREG) / 16);
    } else if (what == 2) {
        int off = reg + rndn(12), len = 1 + rndn(16 - (off - reg)), how = rndn(3);
        bool skipped = how == 1;   /* const 0, const 1, or x6's bit */
        IRTemp cond = how == 2 ? skip_for(k, &skipped) : ir_const(&k->c, how);
        uint64_t sc = (uint64_t)rndn(100);
        ir_vcall(&k->c, cond, (void *)flip, ir_const(&k->c, (int64_t)(off | len << 16)),
                 ir_const(&k->c, (int64_t)sc), 0x1000);
        if (skipped)   /* cond true: the call */
            flip(k->want, (uint64_t)(off | len << 16), sc);
        snprintf(s, sizeof s, "vcall:%d+%d/%d%s", (reg - VREG) / 16, off - reg, len,
                 skipped ? "/called" : "");
    } else {
        bool dbl = rndn(2);
        int n = 16 << rndn(2);
        reg = reg_for(n);
        IRTemp f = rndn(2) ? k->f0 : k->f1, st = ir_temp(&k->c);
        uint64_t v = dbl ? k->want->g.f[f == k->f0 ? 0 : 1] : (k->want->g.f[f == k->f0 ? 0 : 1] | 0xffffffff00000000ull);
        if (!dbl) {   /* a boxed single: box f first (an or with the all-ones high half) */
            ir_opi(&k->c, IR_OP_or, IR_I64, f, f, (int64_t)0xffffffff00000000ull);
            k->want->g.f[f == k->f0 ? 0 : 1] = v;
        }
        ir_vfop(&k->c, st, IR_VEC_OP(IR_VF_MV, dbl ? 3 : 2, 1), reg, reg, reg, n, f,
                ir_const(&k->c, 0), (int)offsetof(VCPU, g.fflags), (int)offsetof(VCPU, g.frm));
        ir_add(&k->c, k->g8, k->g8, st);
        for (int i = 0; i < n; i += dbl ? 8 : 4)
            memcpy((uint8_t *)k->want + reg + i, &v, dbl ? 8 : 4);
        snprintf(s, sizeof s, "vfmv%s:%d/n%d", dbl ? "d" : "s", (reg - VREG) / 16, n);
    }
    note(k, s);
}

/* The fpfast op's exact fallback (binary64 add; never needed here: exact sums, NX raised). */
static uint64_t fadd_d(VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm)
{
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    x += y;
    memcpy(&a, &x, 8);
    return a;
}

/* d = a + b as the scalar FP fast path's op (its value lives in an xmm register) */
static void fp_add(IRContext *c, IRTemp d, IRTemp a, IRTemp b)
{
    IROp *op = ir_emit(c, IR_OP_fpfast, IR_I64);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = a;
    op->args[4] = IR_FADD | IR_FP_DOUBLE;
    op->args[5] = 0;
    op->args[6] = (int64_t)(uintptr_t)fadd_d;
    op->args[7] = (int64_t)offsetof(VCPU, g.fflags);
    op->args[8] = (int64_t)offsetof(VCPU, g.frm);
}

static int test_level(const char *level, int cases)
{
    int fails = 0;
    uint8_t *mem = aligned_alloc(4096, MSIZE);
    for (int t = 0; t < cases; t++) {
        Case k = { .len = 0 };
        k.what[0] = 0;
        for (int i = 0; i < MSIZE; i++)
            mem[i] = (uint8_t)rnd();
        k.mem = mem;
        k.wmem = malloc(MSIZE);
        memcpy(k.wmem, mem, MSIZE);
        k.cpu = aligned_alloc(64, (sizeof(VCPU) + 63) & ~(size_t)63);
        memset(k.cpu, 0, sizeof *k.cpu);
        for (size_t i = 0; i < VBYTES; i++)
            k.cpu->g.vreg[i] = (uint8_t)rnd();
        k.cpu->guest_base = (uint64_t)(uintptr_t)mem;
        k.cpu->addr_limit = MSIZE;
        k.cpu->g.x[6] = rnd();
        k.cpu->g.x[8] = rnd();
        k.cpu->g.fflags = 1;   /* NX raised, frm = RNE: vfops inline */
        double f0 = (double)rndn(1000) / 8;
        float f1 = (float)rndn(1000) / 4;
        memcpy(&k.cpu->g.f[0], &f0, 8);
        uint32_t u1;
        memcpy(&u1, &f1, 4);
        k.cpu->g.f[1] = u1;
        k.want = malloc(sizeof *k.want);
        memcpy(k.want, k.cpu, sizeof *k.cpu);
        ir_context_init(&k.c);
        k.g6 = ir_global(&k.c, (int)offsetof(VCPU, g.x[6]), "x6", 0);
        k.g7 = ir_global(&k.c, (int)offsetof(VCPU, g.x[7]), "x7", 1);
        k.g8 = ir_global(&k.c, (int)offsetof(VCPU, g.x[8]), "x8", 2);
        k.f0 = ir_global(&k.c, (int)offsetof(VCPU, g.f[0]), "f0", 3);
        k.f1 = ir_global(&k.c, (int)offsetof(VCPU, g.f[1]), "f1", 4);
        ir_reset(&k.c, 0x1000);
        int nops = 2 + rndn(13);
        /* half the blocks: 1 to 13 FP values in xmm registers (allocated from xmm15 down:
         * the vector ops' scratch xmm3-7 too) from the start to the end (no branch then: a
         * temp does not live across a label); fpt[i] = (i + 2) * f0 */
        bool fpval = rndn(2);
        int nfp = fpval ? 1 + rndn(13) : 0;
        IRTemp fpt[13];
        for (int i = 0; i < nfp; i++) {
            fpt[i] = ir_temp(&k.c);
            fp_add(&k.c, fpt[i], i ? fpt[i - 1] : k.f0, k.f0);
        }
        IRLabel over = 0;
        int open = -1;   /* ops left until the label of a forward branch */
        bool taken = false;
        for (int i = 0; i < nops; i++) {
            if (open < 0 && !fpval && rndn(10) == 0) {   /* branch on x6's bit 20 over the next ops */
                over = ir_label(&k.c);
                IRTemp t = ir_temp(&k.c);
                ir_opi(&k.c, IR_OP_and, IR_I64, t, k.g6, 1 << 20);
                ir_brcond(&k.c, IR_I64, IR_NE, t, ir_const(&k.c, 0), over);
                taken = (k.cpu->g.x[6] >> 20) & 1;
                open = 1 + rndn(3);
                note(&k, taken ? "br-taken{" : "br{");
            }
            /* ops jumped over: built on a scratch reference, then forgotten */
            VCPU *save = NULL;
            uint8_t *wsave = NULL;
            if (open >= 0 && taken) {
                save = malloc(sizeof *save);
                memcpy(save, k.want, sizeof *save);
                wsave = malloc(MSIZE);
                memcpy(wsave, k.wmem, MSIZE);
            }
            int r = rndn(10);
            if (r < 5)
                gen_vop(&k);
            else if (r < 6)
                gen_other(&k);
            else if (r < 8)
                gen_mem(&k);
            else
                gen_env(&k, strcmp(level, "generic") != 0);
            if (save) {
                memcpy(k.want, save, sizeof *save);
                memcpy(k.wmem, wsave, MSIZE);
                free(save);
                free(wsave);
            }
            if (open >= 0 && --open < 0) {
                ir_set_label(&k.c, over);
                note(&k, "}");
            }
        }
        if (open >= 0)
            ir_set_label(&k.c, over);
        /* a last read of every register through the cache: each to the mask's place and back */
        for (int i = 0; i < 8; i++) {
            ir_vop(&k.c, IR_VEC_OP(IR_V_XOR, 3, 1), VREG + 16 * i, VREG + 16 * i, 0, 16,
                   ir_const(&k.c, 0x1111), ir_const(&k.c, 0));
            ir_vec_ref((uint8_t *)k.want, IR_VEC_OP(IR_V_XOR, 3, 1), VREG + 16 * i, VREG + 16 * i,
                       0, 16, 0x1111, 0);
        }
        if (fpval) {   /* x9 = 2 * fpt[0] + fpt[1] + ... (f0 as the block began; exact) */
            IRTemp acc = ir_temp(&k.c);
            fp_add(&k.c, acc, fpt[0], fpt[0]);
            int mul = 4;
            for (int i = 1; i < nfp; i++) {
                IRTemp t2 = ir_temp(&k.c);
                fp_add(&k.c, t2, acc, fpt[i]);
                acc = t2;
                mul += i + 2;
            }
            ir_st_env(&k.c, acc, (int)offsetof(VCPU, g.x[9]), MO_64);
            double f;
            memcpy(&f, &k.cpu->g.f[0], 8);
            f *= mul;
            memcpy(&k.want->g.x[9], &f, 8);
        }
        ir_exit_tb(&k.c, EXIT_ECALL, 0x2000);
        ir_optimize(&k.c);
        ir_liveness(&k.c);
        BackendHooks hooks = { dummy_lookup, dummy_bad, NULL };
        size_t used;
        Backend *be = backend_new(&k.c, code, code_size, &used, &hooks, 0);
        BackendResult res;
        bool ok = backend_gen(be, &k.c, code + used, code_size - used, 0x10000, 0x1000, &res) >= 0 &&
                  backend_enter(be, k.cpu, code + used) == EXIT_ECALL;
        backend_free(be);
        ok = ok && memcmp(k.cpu->g.vreg, k.want->g.vreg, VBYTES) == 0 &&
             memcmp(mem, k.wmem, MSIZE) == 0 && k.cpu->g.x[7] == k.want->g.x[7] &&
             k.cpu->g.x[8] == k.want->g.x[8] && k.cpu->g.x[9] == k.want->g.x[9] &&
             k.cpu->g.f[0] == k.want->g.f[0] && k.cpu->g.f[1] == k.want->g.f[1];
        if (!ok && fails++ < 5) {
            int at = -1;
            for (size_t i = 0; i < VBYTES && at < 0; i++)
                if (k.cpu->g.vreg[i] != k.want->g.vreg[i])
                    at = (int)i;
            UNIT_FAIL("vec:cache", "level %s case %d: %s(first differing byte %d)", level, t,
                      k.what, at);
        }
        ir_context_free(&k.c);
        free(k.cpu);
        free(k.want);
        free(k.wmem);
    }
    free(mem);
    return fails;
}

int main(void)
{
    code = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    static const char *const levels[] = { "avx2", "sse41", "sse2", "generic" };
    bool avx2 = __builtin_cpu_supports("avx2"), sse41 = __builtin_cpu_supports("sse4.1");
    for (int i = 0; i < 4; i++) {
        if ((i == 0 && !avx2) || (i == 1 && !sse41))
            continue;
        setenv("QELT_VEC_HOST", levels[i], 1);
        int f = test_level(levels[i], 3000);
        char name[32];
        snprintf(name, sizeof name, "vec:cache-%s", levels[i]);
        UNIT_CHECK(name, f == 0, "%d of 3000 blocks differ", f);
    }
    unsetenv("QELT_VEC_HOST");
    return unit_status();
}
