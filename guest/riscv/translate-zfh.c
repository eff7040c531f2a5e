/*
 * RISC-V Zfhmin (half-precision loads, stores, moves and conversions to and from single and
 * double) and Zfa (fli, fminm/fmaxm, fround/froundnx, fcvtmod.w.d, fleq/fltq for single and
 * double, and with Zfh for half; fmvh/fmvp are RV32-only) to qelt IR, with their exact helpers.
 *
 * Flow: translate.c calls rv_translate_zfh for FP ops the F/D translator does not own (after
 * the machine's mstatus.FS check). Loads, stores and moves are inline IR; conversions call the
 * helpers below, which round in the instruction's mode (rm, or frm when rm = 7, validated once
 * per block by helper_fp_check_frm as translate-fp.c does) and accrue fflags into GuestState.
 * Invariants: half values in f registers are NaN-boxed (upper 48 bits all ones); an improperly
 * boxed half or single operand reads as the canonical NaN; NaN results are canonical (0x7e00,
 * 0x7fc00000, 0x7ff8000000000000); underflow is detected after rounding, as RISC-V specifies.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "translate.h"
#include "fp-helpers.h"
#include "guest-cpu.h"
#include "vcpu.h"
#include "half.h"

#define SBOX  0xffffffff00000000ull

/* ---- Exact conversions (pure functions of bits, mode and a flags accumulator) ---- */

/* A half's value as a double (exact); NaNs come back as NaN with NV for a signaling one. */
double rv_half_to_double(uint16_t h, unsigned *flags)
{
    int s = h >> 15, e = (h >> 10) & 31, f = h & 1023;
    double v;
    if (e == 31) {
        if (f && !(f & 512))
            *flags |= FL_NV;
        v = f ? NAN : INFINITY;
    } else {
        v = ldexp(e ? 1024 + f : f, (e ? e : 1) - 25);
    }
    return s ? -v : v;
}

/* x rounded to half in mode rm; sig_nan: x came from a signaling NaN. */
uint16_t rv_double_to_half(double x, bool sig_nan, unsigned rm, unsigned *flags)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    uint16_t sign = (uint16_t)(bits >> 48) & 0x8000;
    if (isnan(x)) {
        if (sig_nan)
            *flags |= FL_NV;
        return 0x7e00;
    }
    if (isinf(x))
        return sign | 0x7c00;
    if (x == 0)
        return sign;
    int e2;
    double m = frexp(fabs(x), &e2);             /* |x| = m * 2^e2, m in [0.5, 1) */
    uint64_t M = (uint64_t)ldexp(m, 53);        /* 53-bit significand */
    int E = e2 - 53;                            /* |x| = M * 2^E */
    int lead = e2 - 1;                          /* floor(log2 |x|) */
    int q = lead - 10 < -24 ? -24 : lead - 10;  /* quantum of the result */
    int shift = q - E;                          /* >= 42 */
    uint64_t kept;
    int cmp;            /* remainder vs half a quantum: -1, 0, 1 */
    bool inexact;
    if (shift >= 64) {
        kept = 0;
        cmp = -1;
        inexact = true;
    } else {
        uint64_t rem = M & ((1ULL << shift) - 1), half = 1ULL << (shift - 1);
        kept = M >> shift;
        cmp = rem < half ? -1 : rem > half;
        inexact = rem != 0;
    }
    bool neg = sign != 0, up;
    switch (rm) {
    case RM_RNE: up = cmp > 0 || (cmp == 0 && (kept & 1)); break;
    case RM_RMM: up = cmp >= 0; break;
    case RM_RDN: up = inexact && neg; break;
    case RM_RUP: up = inexact && !neg; break;
    default:     up = false; break;
    }
    kept += up;
    if (kept == 2048) {
        kept = 1024;
        q++;
    }
    if (inexact) {
        *flags |= FL_NX;
        /* tiny after rounding: the result rounded to 11 bits with an unbounded exponent is
         * below 2^-14 */
        if (lead < -14) {
            bool tiny = true;
            if (lead == -15) {
                uint64_t r11 = M >> 42, rem = M & ((1ULL << 42) - 1), hf = 1ULL << 41;
                int c11 = rem < hf ? -1 : rem > hf;
                bool u11 = rm == RM_RNE ? (c11 > 0 || (c11 == 0 && (r11 & 1))) :
                           rm == RM_RMM ? c11 >= 0 : rm == RM_RDN ? (rem && neg) :
                           rm == RM_RUP ? (rem && !neg) : false;
                tiny = r11 + u11 != 2048;
            }
            if (tiny)
                *flags |= FL_UF;
        }
    }
    if (kept < 1024)   /* subnormal or zero */
        return sign | (uint16_t)kept;
    int eh = q + 25;
    if (eh > 30) {
        *flags |= FL_OF | FL_NX;
        bool to_inf = rm == RM_RNE || rm == RM_RMM || (rm == RM_RDN && neg) ||
                      (rm == RM_RUP && !neg);
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    return sign | (uint16_t)(eh << 10) | (uint16_t)(kept - 1024);
}

/* ---- Helpers (VCPU first: IR_CALL_ENV) ---- */

unsigned rv_half_rm(struct VCPU *cpu, uint64_t rm)
{
    unsigned r = rm == 7 ? cpu->g.frm : (unsigned)rm;
    return r > RM_RMM ? RM_RNE : r;
}


uint64_t helper_fcvt_s_h(struct VCPU *cpu, uint64_t a, uint64_t rm)
{
    unsigned fl = 0;
    double v = rv_half_to_double(rv_unbox_h(a), &fl);
    float f = (float)v;
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    if (isnan(v))
        b = 0x7fc00000;
    cpu->g.fflags |= fl;
    (void)rm;
    return SBOX | b;
}

uint64_t helper_fcvt_d_h(struct VCPU *cpu, uint64_t a, uint64_t rm)
{
    unsigned fl = 0;
    double v = rv_half_to_double(rv_unbox_h(a), &fl);
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    if (isnan(v))
        b = 0x7ff8000000000000ull;
    cpu->g.fflags |= fl;
    (void)rm;
    return b;
}

uint64_t helper_fcvt_h_s(struct VCPU *cpu, uint64_t a, uint64_t rm)
{
    uint32_t b = (a & SBOX) == SBOX ? (uint32_t)a : 0x7fc00000;
    float f;
    memcpy(&f, &b, sizeof f);
    bool snan = (b & 0x7f800000) == 0x7f800000 && (b & 0x7fffff) && !(b & 0x400000);
    unsigned fl = 0;
    uint16_t h = rv_double_to_half((double)f, snan, rv_half_rm(cpu, rm), &fl);
    cpu->g.fflags |= fl;
    return HBOX | h;
}

uint64_t helper_fcvt_h_d(struct VCPU *cpu, uint64_t a, uint64_t rm)
{
    double v;
    memcpy(&v, &a, sizeof v);
    bool snan = (a & 0x7ff0000000000000ull) == 0x7ff0000000000000ull &&
                (a & 0xfffffffffffffull) && !(a & 0x8000000000000ull);
    unsigned fl = 0;
    uint16_t h = rv_double_to_half(v, snan, rv_half_rm(cpu, rm), &fl);
    cpu->g.fflags |= fl;
    return HBOX | h;
}

/* ---- Zfa helpers (flags into GuestState.fflags; singles and halves boxed, improperly boxed
 * = NaN). fmt is the instruction's fmt field: FA_S, FA_D or FA_H. ---- */
enum { FA_S, FA_D, FA_H };

static double fa_in(uint64_t v, int fmt, bool *snan)
{
    if (fmt == FA_D) {
        double x;
        memcpy(&x, &v, sizeof x);
        *snan = isnan(x) && !(v & 0x8000000000000ull);
        return x;
    }
    if (fmt == FA_H) {
        uint16_t h = rv_unbox_h(v);
        unsigned ignored = 0;   /* the caller raises NV itself */
        *snan = (h & 0x7c00) == 0x7c00 && (h & 0x3ff) && !(h & 0x200);
        return rv_half_to_double(h, &ignored);
    }
    uint32_t b = (v & SBOX) == SBOX ? (uint32_t)v : 0x7fc00000;
    float f;
    memcpy(&f, &b, sizeof f);
    *snan = isnan(f) && !(b & 0x400000);
    return f;
}

/* x (NaN, or a value of the format; fli.h's 2^16 rounds to infinity) in fmt, boxed. */
static uint64_t fa_out(double x, int fmt)
{
    uint64_t r;
    if (fmt == FA_D) {
        if (isnan(x))
            return 0x7ff8000000000000ull;
        memcpy(&r, &x, sizeof r);
        return r;
    }
    if (fmt == FA_H) {
        unsigned ignored = 0;
        return HBOX | (isnan(x) ? 0x7e00 : rv_double_to_half(x, false, RM_RNE, &ignored));
    }
    float f = (float)x;
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return SBOX | (isnan(x) ? 0x7fc00000 : b);
}

/* fminm/fmaxm: fmin/fmax, except that a NaN operand gives the canonical NaN. */
static uint64_t fa_minmax(struct VCPU *cpu, uint64_t a, uint64_t b, int fmt, bool max)
{
    bool sa, sb;
    double x = fa_in(a, fmt, &sa), y = fa_in(b, fmt, &sb);
    if (isnan(x) || isnan(y)) {
        if (sa || sb)
            cpu->g.fflags |= FL_NV;
        return fa_out(NAN, fmt);
    }
    if (x == y)   /* -0 is below +0 */
        return signbit(x) == max ? b : a;
    return (max ? x > y : x < y) ? a : b;
}
#define FA_BIN(n, fmt, flag) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b) { return FA_BIN_FN(cpu, a, b, fmt, flag); }
#define FA_BIN_FN fa_minmax
FA_BIN(fminm_s, FA_S, false) FA_BIN(fmaxm_s, FA_S, true) FA_BIN(fminm_d, FA_D, false)
FA_BIN(fmaxm_d, FA_D, true) FA_BIN(fminm_h, FA_H, false) FA_BIN(fmaxm_h, FA_H, true)
#undef FA_BIN_FN

/* fround/froundnx: x rounded to an integer in rm, in its own format; froundnx also raises NX
 * when that changes the value. */
static uint64_t fa_round(struct VCPU *cpu, uint64_t a, uint64_t rm, int fmt, bool nx)
{
    static const double integral_from[] = { [FA_S] = 0x1p23, [FA_D] = 0x1p52, [FA_H] = 0x1p10 };
    bool s;
    double x = fa_in(a, fmt, &s), r;
    if (isnan(x)) {
        if (s)
            cpu->g.fflags |= FL_NV;
        return fa_out(NAN, fmt);
    }
    if (isinf(x) || x == 0 || fabs(x) >= integral_from[fmt])
        return fa_out(x, fmt);   /* already integral: unchanged (a proper box) */
    r = rv_round_integral(x, rv_half_rm(cpu, rm));
    r = copysign(r, x);
    if (nx && r != x)
        cpu->g.fflags |= FL_NX;
    return fa_out(r, fmt);
}
#define FA_UN(n, fmt, flag) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) { return fa_round(cpu, a, rm, fmt, flag); }
FA_UN(fround_s, FA_S, false) FA_UN(froundnx_s, FA_S, true) FA_UN(fround_d, FA_D, false)
FA_UN(froundnx_d, FA_D, true) FA_UN(fround_h, FA_H, false) FA_UN(froundnx_h, FA_H, true)
#undef FA_UN

/* fcvtmod.w.d: the truncated value modulo 2^32, sign-extended; NV (only) when it is out of
 * the int32 range, infinite or NaN (result 0 for those two), else NX when inexact. */
uint64_t helper_fcvtmod_w_d(struct VCPU *cpu, uint64_t a)
{
    double x;
    memcpy(&x, &a, sizeof x);
    if (isnan(x) || isinf(x)) {
        cpu->g.fflags |= FL_NV;
        return 0;
    }
    double t = trunc(x);
    uint32_t low;
    if (fabs(t) < 0x1p63) {
        low = (uint32_t)(uint64_t)(int64_t)t;
    } else {   /* |t| = M << sh with sh >= 11: only bits below 32 matter */
        int e = (int)((a >> 52) & 0x7ff) - 1075;
        uint64_t m = (a & 0xfffffffffffffull) | 0x10000000000000ull;
        low = e >= 32 ? 0 : (uint32_t)(m << e);
        if (signbit(x))
            low = 0u - low;
    }
    if (t < -0x1p31 || t >= 0x1p31)
        cpu->g.fflags |= FL_NV;
    else if (t != x)
        cpu->g.fflags |= FL_NX;
    return (uint64_t)(int64_t)(int32_t)low;
}

/* fleq/fltq: quiet <= and < (NV only for a signaling NaN). */
static uint64_t fa_cmp(struct VCPU *cpu, uint64_t a, uint64_t b, int fmt, bool lt)
{
    bool sa, sb;
    double x = fa_in(a, fmt, &sa), y = fa_in(b, fmt, &sb);
    if (sa || sb)
        cpu->g.fflags |= FL_NV;
    if (isnan(x) || isnan(y))
        return 0;
    return lt ? x < y : x <= y;
}
#define FA_BIN_FN fa_cmp
FA_BIN(fleq_s, FA_S, false) FA_BIN(fltq_s, FA_S, true) FA_BIN(fleq_d, FA_D, false)
FA_BIN(fltq_d, FA_D, true) FA_BIN(fleq_h, FA_H, false) FA_BIN(fltq_h, FA_H, true)
#undef FA_BIN_FN
#undef FA_BIN

/* ---- Translation ---- */

/* The IR global of f[r] (found by its env home, as the F/D globals are created in order). */
static IRTemp fp_reg(RVDisas *d, int r)
{
    const int home0 = (int)offsetof(GuestState, f);
    IRContext *c = d->ir;
    for (int t = 0; t < c->nb_globals; t++)
        if (c->temps[t].env_offset == home0)
            return (IRTemp)(t + r);
    return IR_NOTEMP;
}

/* The once-per-block frm check before the first dynamic-rm op (translate-fp.c's protocol:
 * RVDisas.frm_check_op records it, the op itself proves it was not rolled back). */
static void frm_check(RVDisas *d, int rm)
{
    IRContext *c = d->ir;
    int k = d->frm_check_op;
    bool done = k >= 0 && k < c->nb_ops && c->ops[k].opc == IR_OP_call &&
                c->ops[k].fn == (void *)helper_fp_check_frm;
    if (rm != 7 || done)
        return;
    d->frm_check_op = c->nb_ops;
    IRTemp pc = ir_const(c, (int64_t)d->pc);
    ir_call(c, (void *)helper_fp_check_frm, IR_CALL_ENV | IR_CALL_NO_WG, IR_NOTEMP, 1, &pc);
}

/* Zfh's helper calls: how each op's operands and result map. */
typedef enum { H_BIN_RM, H_R4, H_UN_RM, H_BIN, H_CMP, H_F2X_RM, H_X2F_RM, H_CLASS, H_SGNJ } HKind;
static const struct { uint16_t op; uint8_t kind; void *fn; } zfh_ops[] = {
    { RV_OP_fadd_h, H_BIN_RM, (void *)helper_fadd_h }, { RV_OP_fsub_h, H_BIN_RM, (void *)helper_fsub_h },
    { RV_OP_fmul_h, H_BIN_RM, (void *)helper_fmul_h }, { RV_OP_fdiv_h, H_BIN_RM, (void *)helper_fdiv_h },
    { RV_OP_fmadd_h, H_R4, (void *)helper_fmadd_h }, { RV_OP_fmsub_h, H_R4, (void *)helper_fmsub_h },
    { RV_OP_fnmsub_h, H_R4, (void *)helper_fnmsub_h }, { RV_OP_fnmadd_h, H_R4, (void *)helper_fnmadd_h },
    { RV_OP_fsqrt_h, H_UN_RM, (void *)helper_fsqrt_h },
    { RV_OP_fmin_h, H_BIN, (void *)helper_fmin_h }, { RV_OP_fmax_h, H_BIN, (void *)helper_fmax_h },
    { RV_OP_feq_h, H_CMP, (void *)helper_feq_h }, { RV_OP_flt_h, H_CMP, (void *)helper_flt_h },
    { RV_OP_fle_h, H_CMP, (void *)helper_fle_h },
    { RV_OP_fcvt_w_h, H_F2X_RM, (void *)helper_fcvt_w_h }, { RV_OP_fcvt_wu_h, H_F2X_RM, (void *)helper_fcvt_wu_h },
    { RV_OP_fcvt_l_h, H_F2X_RM, (void *)helper_fcvt_l_h }, { RV_OP_fcvt_lu_h, H_F2X_RM, (void *)helper_fcvt_lu_h },
    { RV_OP_fcvt_h_w, H_X2F_RM, (void *)helper_fcvt_h_w }, { RV_OP_fcvt_h_wu, H_X2F_RM, (void *)helper_fcvt_h_wu },
    { RV_OP_fcvt_h_l, H_X2F_RM, (void *)helper_fcvt_h_l }, { RV_OP_fcvt_h_lu, H_X2F_RM, (void *)helper_fcvt_h_lu },
    { RV_OP_fclass_h, H_CLASS, (void *)helper_fclass_h },
    { RV_OP_fsgnj_h, H_SGNJ, (void *)helper_fsgnj_h }, { RV_OP_fsgnjn_h, H_SGNJ, (void *)helper_fsgnj_h },
    { RV_OP_fsgnjx_h, H_SGNJ, (void *)helper_fsgnj_h },
};

static bool gen_zfh_arith(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    size_t k = 0, n = sizeof zfh_ops / sizeof zfh_ops[0];
    while (k < n && zfh_ops[k].op != in->op)
        k++;
    if (k == n)
        return false;
    int kind = zfh_ops[k].kind, nargs = 0, flags = IR_CALL_ENV | IR_CALL_NO_RWG;
    IRTemp args[4];
    bool to_x = kind == H_CMP || kind == H_F2X_RM || kind == H_CLASS;
    args[nargs++] = kind == H_X2F_RM ? rv_get_gpr(d, in->rs1) : fp_reg(d, in->rs1);
    if (kind == H_BIN_RM || kind == H_R4 || kind == H_BIN || kind == H_CMP || kind == H_SGNJ)
        args[nargs++] = fp_reg(d, in->rs2);
    if (kind == H_R4)
        args[nargs++] = fp_reg(d, in->rs3);
    if (kind == H_BIN_RM || kind == H_R4 || kind == H_UN_RM || kind == H_F2X_RM || kind == H_X2F_RM) {
        frm_check(d, in->rm);
        args[nargs++] = ir_const(c, in->rm);
    }
    if (kind == H_SGNJ)
        args[nargs++] = ir_const(c, in->op - RV_OP_fsgnj_h);
    if (kind == H_CLASS || kind == H_SGNJ)
        flags = IR_CALL_NO_RWG;   /* pure: no flags */
    ir_call(c, zfh_ops[k].fn, flags, to_x ? rv_dest_gpr(d, in->rd) : fp_reg(d, in->rd),
            nargs, args);
    return true;
}

bool rv_translate_zfh(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    void *fn;
    switch (in->op) {
    case RV_OP_flh: {
        IRTemp addr = rv_gen_addr(d, in->rs1, in->imm), v = ir_temp(c);
        ir_gld(c, v, addr, rv_mo(d, MO_UW));
        rv_plugin_mem(d, addr, MO_UW, false);
        ir_opi(c, IR_OP_or, IR_I64, fp_reg(d, in->rd), v, (int64_t)HBOX);
        return true;
    }
    case RV_OP_fsh: {
        IRTemp addr = rv_gen_addr(d, in->rs1, in->imm);
        ir_gst(c, fp_reg(d, in->rs2), addr, rv_mo(d, MO_16));
        rv_plugin_mem(d, addr, MO_16, true);
        return true;
    }
    case RV_OP_fmv_x_h:
        if (in->rd)
            ir_ext16s(c, d->gpr[in->rd], fp_reg(d, in->rs1));
        return true;
    case RV_OP_fmv_h_x:
        ir_opi(c, IR_OP_or, IR_I64, fp_reg(d, in->rd), rv_get_gpr(d, in->rs1), (int64_t)HBOX);
        return true;
    case RV_OP_fli_s: case RV_OP_fli_d: case RV_OP_fli_h: {
        int fmt = in->op == RV_OP_fli_d ? FA_D : in->op == RV_OP_fli_h ? FA_H : FA_S;
        ir_movi(c, fp_reg(d, in->rd), (int64_t)fa_out(rv_fli_value(in->rs1, fmt), fmt));
        return true;
    }
    case RV_OP_fminm_s: case RV_OP_fmaxm_s: case RV_OP_fminm_d: case RV_OP_fmaxm_d:
    case RV_OP_fminm_h: case RV_OP_fmaxm_h: case RV_OP_fleq_h: case RV_OP_fltq_h:
    case RV_OP_fleq_s: case RV_OP_fltq_s: case RV_OP_fleq_d: case RV_OP_fltq_d: {
        static const struct { int op; void *fn; bool to_x; } bin[] = {
            { RV_OP_fminm_s, (void *)helper_fminm_s, false }, { RV_OP_fmaxm_s, (void *)helper_fmaxm_s, false },
            { RV_OP_fminm_d, (void *)helper_fminm_d, false }, { RV_OP_fmaxm_d, (void *)helper_fmaxm_d, false },
            { RV_OP_fleq_s, (void *)helper_fleq_s, true }, { RV_OP_fltq_s, (void *)helper_fltq_s, true },
            { RV_OP_fleq_d, (void *)helper_fleq_d, true }, { RV_OP_fltq_d, (void *)helper_fltq_d, true },
            { RV_OP_fminm_h, (void *)helper_fminm_h, false }, { RV_OP_fmaxm_h, (void *)helper_fmaxm_h, false },
            { RV_OP_fleq_h, (void *)helper_fleq_h, true }, { RV_OP_fltq_h, (void *)helper_fltq_h, true },
        };
        size_t k = 0;
        while (bin[k].op != in->op)
            k++;
        IRTemp args[2] = { fp_reg(d, in->rs1), fp_reg(d, in->rs2) };
        IRTemp dst = bin[k].to_x ? rv_dest_gpr(d, in->rd) : fp_reg(d, in->rd);
        ir_call(c, bin[k].fn, IR_CALL_ENV | IR_CALL_NO_RWG, dst, 2, args);
        return true;
    }
    case RV_OP_fcvtmod_w_d: {
        IRTemp arg = fp_reg(d, in->rs1);
        ir_call(c, (void *)helper_fcvtmod_w_d, IR_CALL_ENV | IR_CALL_NO_RWG,
                rv_dest_gpr(d, in->rd), 1, &arg);
        return true;
    }
    case RV_OP_fround_s:   fn = (void *)helper_fround_s; break;
    case RV_OP_froundnx_s: fn = (void *)helper_froundnx_s; break;
    case RV_OP_fround_d:   fn = (void *)helper_fround_d; break;
    case RV_OP_froundnx_d: fn = (void *)helper_froundnx_d; break;
    case RV_OP_fround_h:   fn = (void *)helper_fround_h; break;
    case RV_OP_froundnx_h: fn = (void *)helper_froundnx_h; break;
    case RV_OP_fcvt_s_h: fn = (void *)helper_fcvt_s_h; break;
    case RV_OP_fcvt_d_h: fn = (void *)helper_fcvt_d_h; break;
    case RV_OP_fcvt_h_s: fn = (void *)helper_fcvt_h_s; break;
    case RV_OP_fcvt_h_d: fn = (void *)helper_fcvt_h_d; break;
    default:
        return gen_zfh_arith(d, in);
    }
    frm_check(d, in->rm);
    IRTemp args[2] = { fp_reg(d, in->rs1), ir_const(c, in->rm) };
    ir_call(c, fn, IR_CALL_ENV | IR_CALL_NO_RWG, fp_reg(d, in->rd), 2, args);
    return true;
}
