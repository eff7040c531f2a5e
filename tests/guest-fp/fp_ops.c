/*
 * F/D instruction coverage for qelt, checked against qemu-riscv64 by tests/guest-fp/run.sh.
 *
 * Every F/D instruction runs over a pool of operands biased to the edge classes (signed zeros,
 * subnormals, min/max normals, infinities, quiet/signalling NaNs with payloads, halfway cases,
 * integer-conversion limits, improperly NaN-boxed singles) plus seeded random bit patterns,
 * under every static rounding mode and the dynamic one with each valid frm, and starting from
 * fflags = 0 and fflags = NX (which is what enables qelt's host-FPU fast path). Each op prints
 * one line: a hash of all (result, fflags) pairs; with -v it prints every case instead, which
 * run.sh uses to show the first differing case. Also checks NaN-boxing of flw/fmv.w.x, the
 * sign extension of fmv.x.w and fcvt.wu (reserved rounding modes: fp_traps.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int verbose;
static uint64_t hash;

static void record(const char *op, int rmi, uint64_t a, uint64_t b, uint64_t c, uint64_t r,
                   uint64_t fl)
{
    if (verbose)
        printf("%s rm%d %016llx %016llx %016llx -> %016llx fl %02llx\n", op, rmi,
               (unsigned long long)a, (unsigned long long)b, (unsigned long long)c,
               (unsigned long long)r, (unsigned long long)fl);
    uint64_t v[2] = { r, fl };
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 8; k++) {
            hash ^= (v[i] >> (8 * k)) & 0xff;
            hash *= 0x100000001b3ull;
        }
}

typedef uint64_t (*OpFn)(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl);

/* One function per (instruction, rounding mode): the rm is part of the encoding. fflags is
 * set to *fl before and read back after. ft0..ft2 hold the raw operands, ft3 the result. */
#define FBODY(insn) \
    asm volatile("fsflags %[fl]\n\tfmv.d.x ft0,%[a]\n\tfmv.d.x ft1,%[b]\n\tfmv.d.x ft2,%[c]\n\t" \
                 insn "\n\tfmv.x.d %[r],ft3\n\tfrflags %[fl]" \
                 : [r] "=&r"(r), [fl] "+&r"(*fl) : [a] "r"(a), [b] "r"(b), [c] "r"(c) \
                 : "ft0", "ft1", "ft2", "ft3")
#define XBODY(insn) \
    asm volatile("fsflags %[fl]\n\tfmv.d.x ft0,%[a]\n\tfmv.d.x ft1,%[b]\n\t" \
                 insn "\n\tfrflags %[fl]" \
                 : [r] "=&r"(r), [fl] "+&r"(*fl) : [a] "r"(a), [b] "r"(b), [c] "r"(c) \
                 : "ft0", "ft1", "ft2", "ft3")
#define DEFF(name, insn) \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl) \
    { uint64_t r; FBODY(insn); return r; }
#define DEFX(name, insn) \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint64_t *fl) \
    { uint64_t r; XBODY(insn); return r; }
/* six variants: rne rtz rdn rup rmm dyn */
#define RM6(DEF, name, pre, post) \
    DEF(name##_0, pre ",rne" post) DEF(name##_1, pre ",rtz" post) DEF(name##_2, pre ",rdn" post) \
    DEF(name##_3, pre ",rup" post) DEF(name##_4, pre ",rmm" post) DEF(name##_7, pre post) \
    static const OpFn name[6] = { name##_0, name##_1, name##_2, name##_3, name##_4, name##_7 };
#define RM1(DEF, name, insn) DEF(name##_x, insn) static const OpFn name[6] = { name##_x };

RM6(DEFF, fadd_s, "fadd.s ft3,ft0,ft1", "")
RM6(DEFF, fsub_s, "fsub.s ft3,ft0,ft1", "")
RM6(DEFF, fmul_s, "fmul.s ft3,ft0,ft1", "")
RM6(DEFF, fdiv_s, "fdiv.s ft3,ft0,ft1", "")
RM6(DEFF, fsqrt_s, "fsqrt.s ft3,ft0", "")
RM6(DEFF, fmadd_s, "fmadd.s ft3,ft0,ft1,ft2", "")
RM6(DEFF, fmsub_s, "fmsub.s ft3,ft0,ft1,ft2", "")
RM6(DEFF, fnmsub_s, "fnmsub.s ft3,ft0,ft1,ft2", "")
RM6(DEFF, fnmadd_s, "fnmadd.s ft3,ft0,ft1,ft2", "")
RM6(DEFF, fadd_d, "fadd.d ft3,ft0,ft1", "")
RM6(DEFF, fsub_d, "fsub.d ft3,ft0,ft1", "")
RM6(DEFF, fmul_d, "fmul.d ft3,ft0,ft1", "")
RM6(DEFF, fdiv_d, "fdiv.d ft3,ft0,ft1", "")
RM6(DEFF, fsqrt_d, "fsqrt.d ft3,ft0", "")
RM6(DEFF, fmadd_d, "fmadd.d ft3,ft0,ft1,ft2", "")
RM6(DEFF, fmsub_d, "fmsub.d ft3,ft0,ft1,ft2", "")
RM6(DEFF, fnmsub_d, "fnmsub.d ft3,ft0,ft1,ft2", "")
RM6(DEFF, fnmadd_d, "fnmadd.d ft3,ft0,ft1,ft2", "")
RM6(DEFF, fcvt_s_d, "fcvt.s.d ft3,ft0", "")
RM1(DEFF, fcvt_d_s, "fcvt.d.s ft3,ft0")
RM6(DEFX, fcvt_w_s, "fcvt.w.s %[r],ft0", "")
RM6(DEFX, fcvt_wu_s, "fcvt.wu.s %[r],ft0", "")
RM6(DEFX, fcvt_l_s, "fcvt.l.s %[r],ft0", "")
RM6(DEFX, fcvt_lu_s, "fcvt.lu.s %[r],ft0", "")
RM6(DEFX, fcvt_w_d, "fcvt.w.d %[r],ft0", "")
RM6(DEFX, fcvt_wu_d, "fcvt.wu.d %[r],ft0", "")
RM6(DEFX, fcvt_l_d, "fcvt.l.d %[r],ft0", "")
RM6(DEFX, fcvt_lu_d, "fcvt.lu.d %[r],ft0", "")
RM6(DEFF, fcvt_s_w, "fcvt.s.w ft3,%[a]", "")
RM6(DEFF, fcvt_s_wu, "fcvt.s.wu ft3,%[a]", "")
RM6(DEFF, fcvt_s_l, "fcvt.s.l ft3,%[a]", "")
RM6(DEFF, fcvt_s_lu, "fcvt.s.lu ft3,%[a]", "")
RM1(DEFF, fcvt_d_w, "fcvt.d.w ft3,%[a]")
RM1(DEFF, fcvt_d_wu, "fcvt.d.wu ft3,%[a]")
RM6(DEFF, fcvt_d_l, "fcvt.d.l ft3,%[a]", "")
RM6(DEFF, fcvt_d_lu, "fcvt.d.lu ft3,%[a]", "")
RM1(DEFF, fsgnj_s, "fsgnj.s ft3,ft0,ft1")
RM1(DEFF, fsgnjn_s, "fsgnjn.s ft3,ft0,ft1")
RM1(DEFF, fsgnjx_s, "fsgnjx.s ft3,ft0,ft1")
RM1(DEFF, fmv_s, "fsgnj.s ft3,ft0,ft0")
RM1(DEFF, fneg_s, "fsgnjn.s ft3,ft0,ft0")
RM1(DEFF, fabs_s, "fsgnjx.s ft3,ft0,ft0")
RM1(DEFF, fsgnj_d, "fsgnj.d ft3,ft0,ft1")
RM1(DEFF, fsgnjn_d, "fsgnjn.d ft3,ft0,ft1")
RM1(DEFF, fsgnjx_d, "fsgnjx.d ft3,ft0,ft1")
RM1(DEFF, fneg_d, "fsgnjn.d ft3,ft0,ft0")
RM1(DEFF, fabs_d, "fsgnjx.d ft3,ft0,ft0")
RM1(DEFF, fmin_s, "fmin.s ft3,ft0,ft1")
RM1(DEFF, fmax_s, "fmax.s ft3,ft0,ft1")
RM1(DEFF, fmin_d, "fmin.d ft3,ft0,ft1")
RM1(DEFF, fmax_d, "fmax.d ft3,ft0,ft1")
RM1(DEFX, feq_s, "feq.s %[r],ft0,ft1")
RM1(DEFX, flt_s, "flt.s %[r],ft0,ft1")
RM1(DEFX, fle_s, "fle.s %[r],ft0,ft1")
RM1(DEFX, feq_d, "feq.d %[r],ft0,ft1")
RM1(DEFX, flt_d, "flt.d %[r],ft0,ft1")
RM1(DEFX, fle_d, "fle.d %[r],ft0,ft1")
RM1(DEFX, fclass_s, "fclass.s %[r],ft0")
RM1(DEFX, fclass_d, "fclass.d %[r],ft0")
RM1(DEFX, fmv_x_w, "fmv.x.w %[r],ft0")
RM1(DEFX, fmv_x_d, "fmv.x.d %[r],ft0")
RM1(DEFF, fmv_w_x, "fmv.w.x ft3,%[a]")
RM1(DEFF, fmv_d_x, "fmv.d.x ft3,%[a]")
/* Chains: several ops in one block, so that qelt's block guard (after the first rounding op,
 * which carries the static rm under test) and the checks it lets later ops skip are covered;
 * the later ops are dynamic-rm, so the frm != 0 variants leave through the guard. */
RM6(DEFF, chain_d, "fadd.d ft3,ft0,ft1", "\n\tfmul.d ft3,ft3,ft2\n\tfsub.d ft3,ft3,ft0\n\t"
    "fdiv.d ft3,ft3,ft1\n\tfsqrt.d ft2,ft3\n\tfmadd.d ft3,ft3,ft1,ft2\n\tfcvt.s.d ft2,ft3\n\t"
    "fcvt.d.s ft2,ft2\n\tfmin.d ft3,ft3,ft2\n\tfmax.d ft3,ft3,ft0\n\tfnmsub.d ft3,ft3,ft3,ft1")
RM6(DEFF, chain_s, "fmul.s ft3,ft0,ft1", "\n\tfadd.s ft3,ft3,ft2\n\tfsub.s ft3,ft3,ft0\n\t"
    "fdiv.s ft3,ft3,ft1\n\tfsqrt.s ft2,ft3\n\tfmsub.s ft3,ft3,ft1,ft2\n\tfcvt.d.s ft2,ft3\n\t"
    "fcvt.s.d ft2,ft2\n\tfmax.s ft3,ft3,ft2\n\tfmin.s ft3,ft3,ft0\n\tfnmadd.s ft3,ft3,ft0,ft1")
RM6(DEFX, chain_x, "fmul.d ft3,ft0,ft1", "\n\tfcvt.w.d %[r],ft3,rtz\n\tfcvt.d.w ft2,%[r]\n\t"
    "fsub.d ft3,ft3,ft2\n\tfcvt.l.d %[r],ft3\n\tfcvt.s.l ft2,%[r]\n\tfcvt.d.s ft2,ft2\n\t"
    "flt.d %[r],ft2,ft3\n\tfcvt.d.wu ft2,%[r]\n\tfadd.d ft3,ft3,ft2\n\tfcvt.w.d %[r],ft3")
/* flags-only effect with rd = x0 */
RM1(DEFX, fcvt_w_d_x0, "li %[r],0\n\tfcvt.w.d zero,ft0")
RM1(DEFX, flt_d_x0, "li %[r],0\n\tflt.d zero,ft0,ft1")

enum { OPND_F32, OPND_F64, OPND_I64 };
typedef struct Op { const char *name; const OpFn *fn; int nin; int kind; } Op;
#define OP(n, nin, k) { #n, n, nin, k }
static const Op ops[] = {
    OP(fadd_s, 2, OPND_F32), OP(fsub_s, 2, OPND_F32), OP(fmul_s, 2, OPND_F32),
    OP(fdiv_s, 2, OPND_F32), OP(fsqrt_s, 1, OPND_F32), OP(fmadd_s, 3, OPND_F32),
    OP(fmsub_s, 3, OPND_F32), OP(fnmsub_s, 3, OPND_F32), OP(fnmadd_s, 3, OPND_F32),
    OP(fadd_d, 2, OPND_F64), OP(fsub_d, 2, OPND_F64), OP(fmul_d, 2, OPND_F64),
    OP(fdiv_d, 2, OPND_F64), OP(fsqrt_d, 1, OPND_F64), OP(fmadd_d, 3, OPND_F64),
    OP(fmsub_d, 3, OPND_F64), OP(fnmsub_d, 3, OPND_F64), OP(fnmadd_d, 3, OPND_F64),
    OP(fcvt_s_d, 1, OPND_F64), OP(fcvt_d_s, 1, OPND_F32),
    OP(fcvt_w_s, 1, OPND_F32), OP(fcvt_wu_s, 1, OPND_F32), OP(fcvt_l_s, 1, OPND_F32),
    OP(fcvt_lu_s, 1, OPND_F32), OP(fcvt_w_d, 1, OPND_F64), OP(fcvt_wu_d, 1, OPND_F64),
    OP(fcvt_l_d, 1, OPND_F64), OP(fcvt_lu_d, 1, OPND_F64),
    OP(fcvt_s_w, 1, OPND_I64), OP(fcvt_s_wu, 1, OPND_I64), OP(fcvt_s_l, 1, OPND_I64),
    OP(fcvt_s_lu, 1, OPND_I64), OP(fcvt_d_w, 1, OPND_I64), OP(fcvt_d_wu, 1, OPND_I64),
    OP(fcvt_d_l, 1, OPND_I64), OP(fcvt_d_lu, 1, OPND_I64),
    OP(fsgnj_s, 2, OPND_F32), OP(fsgnjn_s, 2, OPND_F32), OP(fsgnjx_s, 2, OPND_F32),
    OP(fmv_s, 1, OPND_F32), OP(fneg_s, 1, OPND_F32), OP(fabs_s, 1, OPND_F32),
    OP(fsgnj_d, 2, OPND_F64), OP(fsgnjn_d, 2, OPND_F64), OP(fsgnjx_d, 2, OPND_F64),
    OP(fneg_d, 1, OPND_F64), OP(fabs_d, 1, OPND_F64),
    OP(fmin_s, 2, OPND_F32), OP(fmax_s, 2, OPND_F32), OP(fmin_d, 2, OPND_F64),
    OP(fmax_d, 2, OPND_F64),
    OP(feq_s, 2, OPND_F32), OP(flt_s, 2, OPND_F32), OP(fle_s, 2, OPND_F32),
    OP(feq_d, 2, OPND_F64), OP(flt_d, 2, OPND_F64), OP(fle_d, 2, OPND_F64),
    OP(fclass_s, 1, OPND_F32), OP(fclass_d, 1, OPND_F64),
    OP(fmv_x_w, 1, OPND_F32), OP(fmv_x_d, 1, OPND_F64), OP(fmv_w_x, 1, OPND_I64),
    OP(fmv_d_x, 1, OPND_I64), OP(fcvt_w_d_x0, 1, OPND_F64), OP(flt_d_x0, 2, OPND_F64),
    OP(chain_d, 3, OPND_F64), OP(chain_s, 3, OPND_F32), OP(chain_x, 2, OPND_F64),
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t xorshift(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

#define NPOOL 56
static uint64_t pool[3][NPOOL];
static int npool[3];

static void add(int k, uint64_t v) { if (npool[k] < NPOOL) pool[k][npool[k]++] = v; }
static uint64_t box(uint32_t v) { return 0xffffffff00000000ull | v; }

static void make_pools(void)
{
    static const uint32_t s[] = {
        0, 0x80000000, 0x3f800000, 0xbf800000, 1, 0x80000001, 0x007fffff, 0x00800000,
        0x80800000, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc01234,
        0x7f800001, 0xffa00000, 0x3fc00000, 0x40200000, 0x3f000000, 0xbf000000, 0x4f000000,
        0xcf000000, 0x4effffff, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0x3dcccccd,
        0x4b400001, 0x00c00000, 0x7f000000, 0x33800000, 0x40400000,
    };
    static const uint64_t d[] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull, 1,
        0x8000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull,
        0x8010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
        0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff8000000001234ull, 0x7ff0000000000001ull, 0xfff4000000000000ull,
        0x3ff8000000000000ull, 0x4004000000000000ull, 0x3fe0000000000000ull,
        0xbfe0000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
        0x41dfffffffc00000ull, 0x41f0000000000000ull, 0x43e0000000000000ull,
        0xc3e0000000000000ull, 0x43f0000000000000ull, 0x3fb999999999999aull,
        0x4330000000000001ull, 0x0018000000000000ull, 0x7fe0000000000000ull,
        0x3ca0000000000000ull, 0x36a0000000000000ull, 0x47efffffe0000000ull,
        0x3810000000000000ull, 0x380fffffffffffffull, 0x41efffffffe00000ull,
    };
    static const uint64_t i[] = {
        0, 1, (uint64_t)-1, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
        0xffffffff80000000ull, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x1000001,
        0x20000001, 0x7fffff80, 0xfffffffffffff801ull, 0x0020000000000001ull, 12345678,
        0x8000000000000401ull, 0xffffffffffffffc0ull,
    };
    for (size_t k = 0; k < sizeof(s) / sizeof(s[0]); k++)
        add(OPND_F32, box(s[k]));
    add(OPND_F32, 0x000000003f800000ull);      /* not NaN-boxed: reads as canonical NaN */
    add(OPND_F32, 0xfffffffe3f800000ull);
    for (size_t k = 0; k < sizeof(d) / sizeof(d[0]); k++)
        add(OPND_F64, d[k]);
    for (size_t k = 0; k < sizeof(i) / sizeof(i[0]); k++)
        add(OPND_I64, i[k]);
    while (npool[OPND_F32] < NPOOL) {
        uint64_t r = xorshift();
        /* random, and near 1.0 so that sums round non-trivially */
        add(OPND_F32, box((npool[OPND_F32] & 1) ? (uint32_t)r : 0x3f800000u ^ ((uint32_t)r & 0x807fffff)));
    }
    while (npool[OPND_F64] < NPOOL) {
        uint64_t r = xorshift();
        add(OPND_F64, (npool[OPND_F64] & 1) ? r : 0x3ff0000000000000ull ^ (r & 0x800fffffffffffffull));
    }
    while (npool[OPND_I64] < NPOOL) {
        uint64_t r = xorshift();
        add(OPND_I64, (npool[OPND_I64] % 3) == 0 ? r : (npool[OPND_I64] % 3) == 1 ? (r >> (r & 63)) : (uint64_t)(int64_t)(int32_t)r);
    }
}

static void set_frm(unsigned v) { asm volatile("fsrm %0" : : "r"(v)); }

static void run_op(const Op *op)
{
    int nrm = op->fn[1] ? 10 : 1;
    const uint64_t *p = pool[op->kind];
    int n = npool[op->kind];
    hash = 0xcbf29ce484222325ull;
    for (int rmi = 0; rmi < nrm; rmi++) {
        const OpFn f = rmi < 5 ? op->fn[rmi] : op->fn[5];
        set_frm(rmi < 5 ? 0 : (unsigned)(rmi - 5));
        if (nrm == 1)
            set_frm(0);
        for (int x = 0; x < n; x++) {
            int ny = op->nin >= 2 ? n : 1;
            for (int y = 0; y < ny; y++) {
                /* three-operand ops: the addend walks the pool with a stride */
                uint64_t a = p[x], b = p[y], c = p[(x * 7 + y * 3 + rmi) % n];
                for (uint64_t fl0 = 0; fl0 <= 1; fl0++) {
                    uint64_t fl = fl0;
                    uint64_t r = f(a, b, c, &fl);
                    record(op->name, rmi, a, b, c, r, fl);
                }
            }
        }
    }
    set_frm(0);
    if (!verbose)
        printf("%-12s %016llx\n", op->name, (unsigned long long)hash);
}

static void check_boxing(void)
{
    volatile uint32_t mem32 = 0x40490fdb;
    volatile uint64_t mem64 = 0;
    uint64_t r;
    asm volatile("flw ft0,%1\n\tfmv.x.d %0,ft0" : "=r"(r) : "m"(mem32) : "ft0");
    printf("flw boxed: %016llx\n", (unsigned long long)r);
    asm volatile("fmv.d.x ft0,%1\n\tfsw ft0,%0" : "=m"(mem32) : "r"(0x12345678c0000000ull) : "ft0");
    printf("fsw of unboxed: %08x\n", mem32);
    asm volatile("fmv.d.x ft0,%1\n\tfsd ft0,%0" : "=m"(mem64) : "r"(0x0123456789abcdefull) : "ft0");
    printf("fsd: %016llx\n", (unsigned long long)mem64);
    asm volatile("fld ft1,%1\n\tfmv.x.d %0,ft1" : "=r"(r) : "m"(mem64) : "ft1");
    printf("fld: %016llx\n", (unsigned long long)r);
    /* a single computed in a block then reused across blocks through memory */
    float f = 1.0f;
    volatile float g = 3.0f;
    for (int k = 0; k < 10; k++)
        f = f * g + 0.5f;
    double dd = 1.0;
    volatile double e = 1.1;
    for (int k = 0; k < 100; k++)
        dd = dd * e - 0.01;
    printf("loop: %a %a\n", (double)f, dd);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && !strcmp(argv[1], "-v");
    const char *only = argc > 2 ? argv[2] : NULL;
    make_pools();
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
        if (!only || !strcmp(only, ops[k].name))
            run_op(&ops[k]);
    if (!only)
        check_boxing();
    return 0;
}
