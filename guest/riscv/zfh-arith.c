/*
 * Zfh arithmetic helpers (called from generated code, VCPU first): add, sub, mul, div, sqrt,
 * the four fused multiply-adds, min/max, compares, fclass, sign injection and conversions
 * between half and 32/64-bit integers, bit-exact with fflags.
 *
 * Method: half operands become doubles exactly (half.h). A sum, difference or product of two
 * halves is exact in a double (at most 40 significant bits), so one rounding to half
 * (rv_double_to_half) gives the correctly rounded result in any mode. Where the double result
 * is not exact (div, sqrt, the fma's final addition) the exact error term is computed (fma
 * remainder, TwoSum) and a non-zero error makes the double odd (round to odd: kept if odd,
 * else moved one ulp towards the true value): no half nor half midpoint lies strictly between
 * two adjacent doubles nor is an odd double, so the rounding to half and its flags are those
 * of the true value. Exact zero sums take the sign RISC-V gives them
 * (-0 only in round-down). Invariants: results are NaN-boxed; NaN results are 0x7e00.
 */
#include <math.h>
#include <string.h>
#include "half.h"
#include "guest-cpu.h"
#include "vcpu.h"

static double in_h(uint64_t v, unsigned *fl) { return rv_half_to_double(rv_unbox_h(v), fl); }

/* Round r (whose true value is r + err, err's sign only) to half, boxed; flags to cpu. An
 * inexact r becomes whichever of r and its neighbour towards the true value has an odd
 * significand (round to odd): such a double is never a half nor a half midpoint, while the
 * neighbour of an odd r may be one (fnmadd.h 0x8464, 0x0001, 0xfacf in rup gave 0x7acf). */
static uint64_t out_h(struct VCPU *cpu, double r, double err, unsigned rm, unsigned fl)
{
    uint64_t bits;
    memcpy(&bits, &r, sizeof bits);
    if (err != 0 && !isnan(r) && !isinf(r) && !(bits & 1))
        r = nextafter(r, err > 0 ? INFINITY : -INFINITY);
    uint16_t h = rv_double_to_half(r, false, rm, &fl);
    cpu->g.fflags |= fl;
    return HBOX | h;
}

/* x + y exactly rounded: the sign of an exact zero from opposite signs follows rm. */
static double sum_zero_sign(double s, double x, double y, unsigned rm)
{
    if (s == 0 && !(x == 0 && y == 0 && signbit(x) == signbit(y)))
        return rm == RM_RDN ? -0.0 : 0.0;
    return s;
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

static uint64_t arith(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rmf, int op)
{
    unsigned fl = 0, rm = rv_half_rm(cpu, rmf);
    double x = in_h(a, &fl), y = in_h(b, &fl), r, err = 0;
    if (isnan(x) || isnan(y))
        return out_h(cpu, NAN, 0, rm, fl);
    switch (op) {
    case OP_ADD: r = sum_zero_sign(x + y, x, y, rm); break;
    case OP_SUB: r = sum_zero_sign(x - y, x, -y, rm); break;
    case OP_MUL: r = x * y; break;
    default:
        if (y == 0 && x != 0 && !isinf(x))
            fl |= FL_DZ;
        r = x / y;
        if (isfinite(r) && r != 0)
            err = fma(-r, y, x) * (y < 0 ? -1 : 1);
        break;
    }
    if (isnan(r))
        fl |= FL_NV;   /* inf - inf, 0 * inf, 0 / 0, inf / inf */
    return out_h(cpu, r, err, rm, fl);
}

uint64_t helper_fadd_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) { return arith(cpu, a, b, rm, OP_ADD); }
uint64_t helper_fsub_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) { return arith(cpu, a, b, rm, OP_SUB); }
uint64_t helper_fmul_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) { return arith(cpu, a, b, rm, OP_MUL); }
uint64_t helper_fdiv_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) { return arith(cpu, a, b, rm, OP_DIV); }

uint64_t helper_fsqrt_h(struct VCPU *cpu, uint64_t a, uint64_t rmf)
{
    unsigned fl = 0, rm = rv_half_rm(cpu, rmf);
    double x = in_h(a, &fl);
    if (isnan(x))
        return out_h(cpu, NAN, 0, rm, fl);
    if (x < 0) {
        fl |= FL_NV;
        return out_h(cpu, NAN, 0, rm, fl);
    }
    double s = sqrt(x), err = 0;
    if (isfinite(s) && s != 0)
        err = fma(-s, s, x);
    return out_h(cpu, s, err, rm, fl);
}

/* (-1)^neg_p * a * b + (-1)^neg_c * c: the product is exact; TwoSum gives the sum's error. */
static uint64_t fused(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rmf,
                      bool neg_p, bool neg_c)
{
    unsigned fl = 0, rm = rv_half_rm(cpu, rmf);
    double x = in_h(a, &fl), y = in_h(b, &fl), z = in_h(c, &fl);
    if ((isinf(x) && y == 0) || (x == 0 && isinf(y))) {
        fl |= FL_NV;   /* even when c is a quiet NaN */
        return out_h(cpu, NAN, 0, rm, fl);
    }
    if (isnan(x) || isnan(y) || isnan(z))
        return out_h(cpu, NAN, 0, rm, fl);
    double p = x * y;
    if (neg_p)
        p = -p;
    if (neg_c)
        z = -z;
    double s = p + z, err = 0;
    if (isnan(s)) {
        fl |= FL_NV;   /* inf - inf */
        return out_h(cpu, NAN, 0, rm, fl);
    }
    if (isfinite(s)) {
        double bb = s - p;
        err = (p - (s - bb)) + (z - bb);
        s = sum_zero_sign(s, p, z, rm);
    }
    return out_h(cpu, s, err, rm, fl);
}

uint64_t helper_fmadd_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm)
{ return fused(cpu, a, b, c, rm, false, false); }
uint64_t helper_fmsub_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm)
{ return fused(cpu, a, b, c, rm, false, true); }
uint64_t helper_fnmsub_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm)
{ return fused(cpu, a, b, c, rm, true, false); }
uint64_t helper_fnmadd_h(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm)
{ return fused(cpu, a, b, c, rm, true, true); }

/* fmin/fmax: a NaN operand yields the other (both NaN: canonical); -0 < +0; NV for sNaN. */
static uint64_t minmax(struct VCPU *cpu, uint64_t a, uint64_t b, bool max)
{
    unsigned fl = 0;
    double x = in_h(a, &fl), y = in_h(b, &fl);
    cpu->g.fflags |= fl;
    uint16_t ha = rv_unbox_h(a), hb = rv_unbox_h(b);
    if (isnan(x) && isnan(y))
        return HBOX | 0x7e00;
    if (isnan(x))
        return HBOX | hb;
    if (isnan(y))
        return HBOX | ha;
    if (x == y)
        return HBOX | (signbit(x) == max ? hb : ha);
    return HBOX | ((max ? x > y : x < y) ? ha : hb);
}
uint64_t helper_fmin_h(struct VCPU *cpu, uint64_t a, uint64_t b) { return minmax(cpu, a, b, false); }
uint64_t helper_fmax_h(struct VCPU *cpu, uint64_t a, uint64_t b) { return minmax(cpu, a, b, true); }

/* feq is quiet (NV for sNaN only); flt and fle signal on any NaN. */
static uint64_t cmp(struct VCPU *cpu, uint64_t a, uint64_t b, int kind)
{
    unsigned fl = 0;
    double x = in_h(a, &fl), y = in_h(b, &fl);
    if (kind != 0 && (isnan(x) || isnan(y)))
        fl |= FL_NV;
    cpu->g.fflags |= fl;
    if (isnan(x) || isnan(y))
        return 0;
    return kind == 0 ? x == y : kind == 1 ? x < y : x <= y;
}
uint64_t helper_feq_h(struct VCPU *cpu, uint64_t a, uint64_t b) { return cmp(cpu, a, b, 0); }
uint64_t helper_flt_h(struct VCPU *cpu, uint64_t a, uint64_t b) { return cmp(cpu, a, b, 1); }
uint64_t helper_fle_h(struct VCPU *cpu, uint64_t a, uint64_t b) { return cmp(cpu, a, b, 2); }

uint64_t helper_fclass_h(uint64_t a)
{
    uint16_t h = rv_unbox_h(a);
    int s = h >> 15, e = (h >> 10) & 31, f = h & 1023;
    if (e == 31)
        return f ? (f & 512 ? 1u << 9 : 1u << 8) : s ? 1u << 0 : 1u << 7;
    if (e == 0)
        return f ? (s ? 1u << 2 : 1u << 5) : (s ? 1u << 3 : 1u << 4);
    return s ? 1u << 1 : 1u << 6;
}

/* fsgnj/fsgnjn/fsgnjx.h (kind 0/1/2): a's magnitude with b's sign, its inverse, or a's sign
 * xor b's; improperly boxed operands read as the canonical NaN. */
uint64_t helper_fsgnj_h(uint64_t a, uint64_t b, uint64_t kind)
{
    uint16_t x = rv_unbox_h(a), y = rv_unbox_h(b);
    uint16_t s = kind == 0 ? (y & 0x8000) : kind == 1 ? (~y & 0x8000) : ((x ^ y) & 0x8000);
    return HBOX | (uint16_t)((x & 0x7fff) | s);
}

double rv_round_integral(double x, unsigned rm)
{
    double r;
    switch (rm) {
    case RM_RTZ: r = trunc(x); break;
    case RM_RDN: r = floor(x); break;
    case RM_RUP: r = ceil(x); break;
    case RM_RMM: r = round(x); break;
    default:
        r = floor(x);
        if (x - r > 0.5 || (x - r == 0.5 && fmod(r, 2) != 0))
            r += 1;
        break;
    }
    return r;
}

/* fcvt.{w,wu,l,lu}.h: rounded in rm, saturated with NV when out of range or NaN (NaN: the
 * largest value), NX when inexact; 32-bit results sign-extended. kind: 0 w, 1 wu, 2 l, 3 lu. */
static uint64_t to_int(struct VCPU *cpu, uint64_t a, uint64_t rmf, int kind)
{
    unsigned fl = 0, rm = rv_half_rm(cpu, rmf);
    double x = in_h(a, &fl), r;
    static const double lo[4] = { -0x1p31, 0, -0x1p63, 0 }, hi[4] = { 0x1p31, 0x1p32, 0x1p63, 0x1p64 };
    static const uint64_t vmax[4] = { 0x7fffffff, 0xffffffffffffffffull, 0x7fffffffffffffffull,
                                      0xffffffffffffffffull };
    static const uint64_t vmin[4] = { 0xffffffff80000000ull, 0, 0x8000000000000000ull, 0 };
    if (isnan(x)) {
        cpu->g.fflags |= fl | FL_NV;
        return vmax[kind];
    }
    r = rv_round_integral(x, rm);
    if (r < lo[kind] || r >= hi[kind]) {
        cpu->g.fflags |= fl | FL_NV;
        return r < lo[kind] ? vmin[kind] : vmax[kind];
    }
    if (r != x)
        fl |= FL_NX;
    cpu->g.fflags |= fl;
    if (kind == 1)
        return (uint64_t)(int64_t)(int32_t)(uint32_t)r;
    return kind == 3 ? (uint64_t)r : (uint64_t)(int64_t)r;
}
uint64_t helper_fcvt_w_h(struct VCPU *cpu, uint64_t a, uint64_t rm)  { return to_int(cpu, a, rm, 0); }
uint64_t helper_fcvt_wu_h(struct VCPU *cpu, uint64_t a, uint64_t rm) { return to_int(cpu, a, rm, 1); }
uint64_t helper_fcvt_l_h(struct VCPU *cpu, uint64_t a, uint64_t rm)  { return to_int(cpu, a, rm, 2); }
uint64_t helper_fcvt_lu_h(struct VCPU *cpu, uint64_t a, uint64_t rm) { return to_int(cpu, a, rm, 3); }

/* fcvt.h.{w,wu,l,lu}: integers beyond 2^53 overflow half anyway, so the double is enough. */
static uint64_t from_int(struct VCPU *cpu, double v, uint64_t rmf)
{
    return out_h(cpu, v, 0, rv_half_rm(cpu, rmf), 0);
}
uint64_t helper_fcvt_h_w(struct VCPU *cpu, uint64_t a, uint64_t rm)  { return from_int(cpu, (double)(int32_t)a, rm); }
uint64_t helper_fcvt_h_wu(struct VCPU *cpu, uint64_t a, uint64_t rm) { return from_int(cpu, (double)(uint32_t)a, rm); }
uint64_t helper_fcvt_h_l(struct VCPU *cpu, uint64_t a, uint64_t rm)  { return from_int(cpu, (double)(int64_t)a, rm); }
uint64_t helper_fcvt_h_lu(struct VCPU *cpu, uint64_t a, uint64_t rm) { return from_int(cpu, (double)a, rm); }
