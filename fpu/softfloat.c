/* softfloat.c -- IEEE 754 binary32/binary64 arithmetic with RISC-V conventions, in integers.
 *
 * One generic implementation serves both widths: each operation unpacks finite nonzero
 * operands to (sign, exp, sig) where sig is a 64-bit integer with its leading one at bit 62
 * and value = sig * 2^(exp - 62). Bit 63 is headroom for a carry. A binary64 significand
 * (53 bits) then has 10 spare low bits, a binary32 one 39: enough for guard, round and a
 * sticky bit "jammed" into bit 0 (OR of everything shifted out), which is all correct
 * rounding needs. round_pack() is the single place that rounds, detects overflow and
 * underflow (tininess after rounding, as RISC-V specifies) and raises NX/UF/OF.
 * The format descriptor is a compile-time constant passed to always-inline helpers, so
 * the compiler emits a specialised copy per width. No global state: flags go to *s.
 */
#include "softfloat.h"
#include <stdbool.h>

typedef unsigned __int128 u128;

typedef struct Fmt {
    int fbits;      /* stored fraction bits: 23 / 52 */
    int bias;       /* 127 / 1023 */
    int emax_field; /* all-ones exponent field: 255 / 2047 */
    uint64_t cnan;  /* canonical NaN */
} Fmt;

static const Fmt F32 = { 23, 127, 255, F32_CANONICAL_NAN };
static const Fmt F64 = { 52, 1023, 2047, F64_CANONICAL_NAN };

#define INL static inline __attribute__((always_inline))

INL int f_expf(Fmt F, uint64_t a) { return (int)((a >> F.fbits) & (uint64_t)F.emax_field); }
INL uint64_t f_frac(Fmt F, uint64_t a) { return a & ((1ull << F.fbits) - 1); }
INL int f_signpos(Fmt F) { return F.fbits == 23 ? 31 : 63; }
INL uint64_t f_sign(Fmt F, uint64_t a) { return (a >> f_signpos(F)) & 1; }
INL uint64_t f_signbit(Fmt F) { return 1ull << f_signpos(F); }
INL uint64_t f_mag(Fmt F, uint64_t a) { return a & (f_signbit(F) - 1); }
INL uint64_t f_inf(Fmt F) { return (uint64_t)F.emax_field << F.fbits; }
INL bool f_isnan(Fmt F, uint64_t a) { return f_mag(F, a) > f_inf(F); }
INL bool f_isinf(Fmt F, uint64_t a) { return f_mag(F, a) == f_inf(F); }
INL bool f_iszero(Fmt F, uint64_t a) { return f_mag(F, a) == 0; }
/* Signalling NaN: NaN whose top fraction bit (the quiet bit) is clear. */
INL bool f_issnan(Fmt F, uint64_t a) { return f_isnan(F, a) && !((a >> (F.fbits - 1)) & 1); }
INL uint64_t f_pack(Fmt F, uint64_t sign, uint64_t mag) { return (sign << f_signpos(F)) | mag; }
INL uint64_t f_zero(Fmt F, uint64_t sign) { return sign << f_signpos(F); }
INL uint64_t f_maxfinite(Fmt F) { return f_inf(F) - 1; }

/* Shift right, OR-ing every bit shifted out into bit 0 (sticky), for any count >= 0. */
INL uint64_t shr_jam64(uint64_t x, int n)
{
    if (n <= 0) return x;
    if (n >= 64) return x != 0;
    return (x >> n) | ((x & ((1ull << n) - 1)) != 0);
}

INL u128 shr_jam128(u128 x, int n)
{
    if (n <= 0) return x;
    if (n >= 128) return x != 0;
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

INL int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Unpack a finite nonzero value: leading one of *sig at bit 62, value = sig * 2^(exp-62). */
INL void f_unpack(Fmt F, uint64_t a, int *exp, uint64_t *sig)
{
    int e = f_expf(F, a);
    uint64_t frac = f_frac(F, a);
    if (e == 0) {
        int k = __builtin_clzll(frac) - 1;
        *sig = frac << k;
        *exp = 63 - F.bias - F.fbits - k;
    } else {
        *sig = (frac | (1ull << F.fbits)) << (62 - F.fbits);
        *exp = e - F.bias;
    }
}

/* Round sig's low `shift` bits away in mode rm; *inexact set if any were nonzero. */
INL uint64_t round_bits(uint64_t sig, int shift, uint64_t sign, int rm, bool *inexact)
{
    uint64_t half = 1ull << (shift - 1);
    uint64_t rem = sig & ((half << 1) - 1);
    uint64_t q = sig >> shift;
    if (rem) {
        *inexact = true;
        switch (rm) {
        case RM_RTZ: break;
        case RM_RDN: q += sign; break;
        case RM_RUP: q += !sign; break;
        case RM_RMM: q += rem >= half; break;
        default:     q += rem > half || (rem == half && (q & 1)); break;
        }
    }
    return q;
}

/* Result of an overflow in mode rm: infinity or the largest finite value of that sign. */
INL uint64_t overflow_result(Fmt F, uint64_t sign, int rm)
{
    bool to_inf = rm == RM_RNE || rm == RM_RMM || (rm == RM_RDN && sign) || (rm == RM_RUP && !sign);
    return f_pack(F, sign, to_inf ? f_inf(F) : f_maxfinite(F));
}

/* Round the nonzero value sig * 2^(exp-62) (sig's leading one at bit 62, sticky in bit 0)
 * to format F: the single rounding point of every arithmetic operation. */
INL uint64_t round_pack(Fmt F, uint64_t sign, int exp, uint64_t sig, int rm, FloatStatus *s)
{
    const int shift = 62 - F.fbits;
    int be = exp + F.bias;
    bool inexact = false;
    uint64_t mag;
    if (be >= 1) {
        /* q includes the implicit bit, so adding it to (be-1)<<fbits both sets the exponent
         * and lets a rounding carry (q == 2^(fbits+1)) bump the exponent by itself. */
        uint64_t q = round_bits(sig, shift, sign, rm, &inexact);
        if (be >= F.emax_field) goto overflow;
        mag = ((uint64_t)(be - 1) << F.fbits) + q;
        if ((mag >> F.fbits) >= (uint64_t)F.emax_field) goto overflow;
        if (inexact) s->flags |= FLAG_NX;
        return f_pack(F, sign, mag);
    }
    /* Below the normal range. Tininess after rounding: the value is tiny unless rounding
     * it with unbounded exponent (i.e. at normal precision) carries it up to 2^emin, which
     * can only happen from the binade just below (be == 0). */
    bool tiny = true;
    if (be == 0) {
        bool dummy = false;
        if (round_bits(sig, shift, sign, rm, &dummy) >> (F.fbits + 1)) tiny = false;
    }
    /* Denormalise so the subnormal's last place sits where a normal's would, then round;
     * a carry into bit fbits yields the smallest normal's encoding by itself. */
    mag = round_bits(shr_jam64(sig, 1 - be), shift, sign, rm, &inexact);
    if (inexact) s->flags |= tiny ? FLAG_NX | FLAG_UF : FLAG_NX;
    return f_pack(F, sign, mag);
overflow:
    s->flags |= FLAG_OF | FLAG_NX;
    return overflow_result(F, sign, rm);
}

/* Exact zero result of adding opposite-signed values: +0, except -0 when rounding down. */
INL uint64_t cancel_zero(Fmt F, int rm) { return f_zero(F, rm == RM_RDN); }

/* NaN result: canonical NaN, NV if any operand was signalling. */
INL uint64_t nan2(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    if (f_issnan(F, a) || f_issnan(F, b)) s->flags |= FLAG_NV;
    return F.cnan;
}

INL uint64_t invalid(Fmt F, FloatStatus *s)
{
    s->flags |= FLAG_NV;
    return F.cnan;
}

/* ---------------------------------------------------------------- add / sub */

INL uint64_t g_add(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    uint64_t sa = f_sign(F, a), sb = f_sign(F, b);
    if (f_isnan(F, a) || f_isnan(F, b)) return nan2(F, a, b, s);
    if (f_isinf(F, a)) {
        if (f_isinf(F, b) && sa != sb) return invalid(F, s);
        return a;
    }
    if (f_isinf(F, b)) return b;
    if (f_iszero(F, a)) {
        if (f_iszero(F, b)) return sa == sb ? a : cancel_zero(F, s->rm);
        return b;
    }
    if (f_iszero(F, b)) return a;

    int ea, eb;
    uint64_t ma, mb;
    f_unpack(F, a, &ea, &ma);
    f_unpack(F, b, &eb, &mb);
    if (ea < eb || (ea == eb && ma < mb)) {
        int te = ea; ea = eb; eb = te;
        uint64_t tm = ma; ma = mb; mb = tm;
        uint64_t ts = sa; sa = sb; sb = ts;
    }
    int d = ea - eb;
    uint64_t m;
    if (sa == sb) {
        m = ma + shr_jam64(mb, d);
        if (m >> 63) {
            m = (m >> 1) | (m & 1);
            ea++;
        }
    } else {
        /* Jamming the smaller operand is safe: when d >= 2 at most one bit cancels, and the
         * larger operand's low (unused) bits are zero, so the jammed difference rounds like
         * the exact one. When d <= 1 the shift loses nothing and the difference is exact. */
        m = ma - shr_jam64(mb, d);
        if (m == 0) return cancel_zero(F, s->rm);
        int k = __builtin_clzll(m) - 1;
        m <<= k;
        ea -= k;
    }
    return round_pack(F, sa, ea, m, s->rm, s);
}

/* ---------------------------------------------------------------- mul */

INL uint64_t g_mul(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    uint64_t sign = f_sign(F, a) ^ f_sign(F, b);
    if (f_isnan(F, a) || f_isnan(F, b)) return nan2(F, a, b, s);
    if (f_isinf(F, a) || f_isinf(F, b)) {
        if (f_iszero(F, a) || f_iszero(F, b)) return invalid(F, s);
        return f_pack(F, sign, f_inf(F));
    }
    if (f_iszero(F, a) || f_iszero(F, b)) return f_zero(F, sign);
    int ea, eb;
    uint64_t ma, mb;
    f_unpack(F, a, &ea, &ma);
    f_unpack(F, b, &eb, &mb);
    u128 p = (u128)ma * mb;                         /* in [2^124, 2^126) */
    uint64_t m = (uint64_t)(p >> 62) | (((uint64_t)p & ((1ull << 62) - 1)) != 0);
    int e = ea + eb;
    if (m >> 63) {
        m = (m >> 1) | (m & 1);
        e++;
    }
    return round_pack(F, sign, e, m, s->rm, s);
}

/* ---------------------------------------------------------------- div */

/* 128/64 division whose quotient is known to fit in 64 bits. */
INL uint64_t div128(u128 n, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"((uint64_t)n), "d"((uint64_t)(n >> 64)), "rm"(d));
    *rem = r;
    return q;
#else
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

INL uint64_t g_div(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    uint64_t sign = f_sign(F, a) ^ f_sign(F, b);
    if (f_isnan(F, a) || f_isnan(F, b)) return nan2(F, a, b, s);
    if (f_isinf(F, a)) {
        if (f_isinf(F, b)) return invalid(F, s);
        return f_pack(F, sign, f_inf(F));
    }
    if (f_isinf(F, b)) return f_zero(F, sign);
    if (f_iszero(F, b)) {
        if (f_iszero(F, a)) return invalid(F, s);
        s->flags |= FLAG_DZ;
        return f_pack(F, sign, f_inf(F));
    }
    if (f_iszero(F, a)) return f_zero(F, sign);
    int ea, eb;
    uint64_t ma, mb, r;
    f_unpack(F, a, &ea, &ma);
    f_unpack(F, b, &eb, &mb);
    int e = ea - eb;
    /* Scale the dividend so the quotient's leading one lands exactly at bit 62. */
    u128 n = (u128)ma << 62;
    if (ma < mb) {
        n <<= 1;
        e--;
    }
    uint64_t q = div128(n, mb, &r);
    return round_pack(F, sign, e, q | (r != 0), s->rm, s);
}

/* ---------------------------------------------------------------- sqrt */

/* floor(sqrt(n)) for 2^124 <= n < 2^126 (so the root is in [2^62, 2^63)), exactly, by
 * integer Newton iteration; *inexact when n is not a perfect square. The host FPU only
 * provides the starting point: one unconditional Newton step from any start >= 2^62 lands
 * at or above the true root, and from there the iteration decreases monotonically onto
 * it, so the result is exact whatever the estimate (or host rounding mode) was; a good
 * estimate just makes it take two or three divisions. */
static uint64_t isqrt128(u128 n, bool *inexact)
{
    double est = __builtin_sqrt((double)(int64_t)(uint64_t)(n >> 63) * 0x1p63);
    uint64_t x = est >= 0x1p62 && est < 0x1p64 ? (uint64_t)est : 1ull << 62;
    uint64_t r;
    x = (uint64_t)(((u128)x + div128(n, x, &r)) >> 1);
    for (;;) {
        uint64_t y = (uint64_t)(((u128)x + div128(n, x, &r)) >> 1);
        if (y >= x) break;
        x = y;
    }
    *inexact = (u128)x * x != n;
    return x;
}

INL uint64_t g_sqrt(Fmt F, uint64_t a, FloatStatus *s)
{
    if (f_isnan(F, a)) return nan2(F, a, a, s);
    if (f_iszero(F, a)) return a;                   /* sqrt(-0) = -0 */
    if (f_sign(F, a)) return invalid(F, s);
    if (f_isinf(F, a)) return a;
    int e;
    uint64_t m;
    bool inexact;
    f_unpack(F, a, &e, &m);
    /* value = m*2^(e-62); with e even, sqrt = sqrt(m*2^62) * 2^(e/2-62), root in
     * [2^62, 2^62.5); with e odd use m*2^63 and (e-1)/2, root in [2^62.5, 2^63). */
    u128 n = (u128)m << (62 + (e & 1));
    uint64_t r = isqrt128(n, &inexact);
    return round_pack(F, 0, (e - (e & 1)) / 2, r | inexact, s->rm, s);
}

/* ---------------------------------------------------------------- fused multiply-add */

INL uint64_t g_muladd(Fmt F, uint64_t a, uint64_t b, uint64_t c, int neg, FloatStatus *s)
{
    uint64_t sp = f_sign(F, a) ^ f_sign(F, b) ^ (uint64_t)(neg & 1);
    uint64_t sc = f_sign(F, c) ^ (uint64_t)((neg >> 1) & 1);
    bool inf_zero = (f_isinf(F, a) && f_iszero(F, b)) || (f_iszero(F, a) && f_isinf(F, b));
    if (f_isnan(F, a) || f_isnan(F, b) || f_isnan(F, c) || inf_zero) {
        /* RISC-V raises NV for inf*0 even when the addend is a quiet NaN. */
        if (inf_zero || f_issnan(F, a) || f_issnan(F, b) || f_issnan(F, c)) s->flags |= FLAG_NV;
        return F.cnan;
    }
    if (f_isinf(F, a) || f_isinf(F, b)) {
        if (f_isinf(F, c) && sc != sp) return invalid(F, s);
        return f_pack(F, sp, f_inf(F));
    }
    if (f_isinf(F, c)) return f_pack(F, sc, f_inf(F));
    if (f_iszero(F, a) || f_iszero(F, b)) {
        if (f_iszero(F, c)) return sp == sc ? f_zero(F, sp) : cancel_zero(F, s->rm);
        return f_pack(F, sc, f_mag(F, c));
    }

    int ea, eb, ec;
    uint64_t ma, mb, mc;
    f_unpack(F, a, &ea, &ma);
    f_unpack(F, b, &eb, &mb);
    /* Exact product with its leading one moved to bit 125 of 128: value = P * 2^(E-125). */
    u128 P = (u128)ma * mb;
    int E = ea + eb;
    if (P >> 125) E++;
    else P <<= 1;
    if (f_iszero(F, c)) {
        uint64_t m = (uint64_t)(P >> 63) | (((uint64_t)P & ((1ull << 63) - 1)) != 0);
        return round_pack(F, sp, E, m, s->rm, s);
    }
    f_unpack(F, c, &ec, &mc);
    u128 C = (u128)mc << 63;
    uint64_t sign = sp;
    u128 big = P, small = C;
    int eb2 = ec;
    if (ec > E || (ec == E && C > P)) {
        big = C; small = P; eb2 = E; E = ec; sign = sc;
    }
    int d = E - eb2;
    u128 S;
    if (sp == sc) {
        S = big + shr_jam128(small, d);
        if (S >> 126) {
            S = (S >> 1) | (S & 1);
            E++;
        }
    } else {
        /* As in g_add: both operands have >= 20 zero low bits, so jamming is exact enough. */
        S = big - shr_jam128(small, d);
        if (S == 0) return cancel_zero(F, s->rm);
        int k = clz128(S) - 2;
        S <<= k;
        E -= k;
    }
    uint64_t m = (uint64_t)(S >> 63) | (((uint64_t)S & ((1ull << 63) - 1)) != 0);
    return round_pack(F, sign, E, m, s->rm, s);
}

/* ---------------------------------------------------------------- min / max / compare */

/* a < b for non-NaN values, with -0 < +0 (total order on the non-NaN values). */
INL bool lt_total(Fmt F, uint64_t a, uint64_t b)
{
    uint64_t sa = f_sign(F, a), sb = f_sign(F, b);
    if (sa != sb) return sa;
    return sa ? a > b : a < b;
}

INL uint64_t g_minmax(Fmt F, uint64_t a, uint64_t b, bool is_max, FloatStatus *s)
{
    bool na = f_isnan(F, a), nb = f_isnan(F, b);
    if (na || nb) {
        if (f_issnan(F, a) || f_issnan(F, b)) s->flags |= FLAG_NV;
        if (na && nb) return F.cnan;
        return na ? b : a;
    }
    return lt_total(F, a, b) != is_max ? a : b;
}

INL int g_eq(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    if (f_isnan(F, a) || f_isnan(F, b)) {
        if (f_issnan(F, a) || f_issnan(F, b)) s->flags |= FLAG_NV;
        return 0;
    }
    return a == b || (f_iszero(F, a) && f_iszero(F, b));
}

INL int g_lt(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    if (f_isnan(F, a) || f_isnan(F, b)) {
        s->flags |= FLAG_NV;
        return 0;
    }
    if (f_iszero(F, a) && f_iszero(F, b)) return 0;
    return lt_total(F, a, b);
}

INL int g_le(Fmt F, uint64_t a, uint64_t b, FloatStatus *s)
{
    if (f_isnan(F, a) || f_isnan(F, b)) {
        s->flags |= FLAG_NV;
        return 0;
    }
    if (f_iszero(F, a) && f_iszero(F, b)) return 1;
    return a == b || lt_total(F, a, b);
}

INL uint32_t g_classify(Fmt F, uint64_t a)
{
    uint64_t sign = f_sign(F, a);
    if (f_isnan(F, a)) return f_issnan(F, a) ? 1u << 8 : 1u << 9;
    if (f_isinf(F, a)) return sign ? 1u << 0 : 1u << 7;
    if (f_iszero(F, a)) return sign ? 1u << 3 : 1u << 4;
    if (f_expf(F, a) == 0) return sign ? 1u << 2 : 1u << 5;
    return sign ? 1u << 1 : 1u << 6;
}

/* ---------------------------------------------------------------- float -> integer */

/* Convert to an integer of `bits` width, signed or not, with RISC-V saturation. The result
 * is returned as a 64-bit pattern; callers truncate. */
INL uint64_t g_to_int(Fmt F, uint64_t a, int rm, int bits, bool is_signed, FloatStatus *s)
{
    uint64_t sign = f_sign(F, a);
    uint64_t pos_max = is_signed ? (1ull << (bits - 1)) - 1 : (bits == 64 ? ~0ull : (1ull << bits) - 1);
    uint64_t neg_max = is_signed ? 1ull << (bits - 1) : 0;  /* magnitude of the most negative */
    uint64_t neg_sat = is_signed ? (uint64_t)0 - neg_max : 0;
    if (f_isnan(F, a)) {
        s->flags |= FLAG_NV;
        return pos_max;
    }
    if (f_iszero(F, a)) return 0;
    if (f_isinf(F, a)) goto invalid;
    int e;
    uint64_t m, q;
    bool inexact = false;
    f_unpack(F, a, &e, &m);
    if (e >= 64) goto invalid;
    if (e >= 62) {
        q = m << (e - 62);                          /* exact integer below 2^64 */
    } else {
        /* t = value * 4 with sticky: two fraction bits (half, quarter) plus jam suffice. */
        uint64_t t = e == 61 ? m << 1 : shr_jam64(m, 60 - e);
        q = round_bits(t, 2, sign, rm, &inexact);
    }
    if (sign) {
        if (q > neg_max) goto invalid;
        if (inexact) s->flags |= FLAG_NX;
        return (uint64_t)0 - q;
    }
    if (q > pos_max) goto invalid;
    if (inexact) s->flags |= FLAG_NX;
    return q;
invalid:
    s->flags |= FLAG_NV;
    return sign ? neg_sat : pos_max;
}

/* ---------------------------------------------------------------- integer -> float */

INL uint64_t g_from_int(Fmt F, uint64_t sign, uint64_t mag, FloatStatus *s)
{
    if (mag == 0) return 0;
    int k = __builtin_clzll(mag);
    uint64_t m;
    if (k == 0) m = (mag >> 1) | (mag & 1);
    else m = mag << (k - 1);
    return round_pack(F, sign, 63 - k, m, s->rm, s);
}

/* ---------------------------------------------------------------- format conversion */

INL uint64_t g_convert(Fmt FROM, Fmt TO, uint64_t a, FloatStatus *s)
{
    uint64_t sign = f_sign(FROM, a);
    if (f_isnan(FROM, a)) {
        nan2(FROM, a, a, s);
        return TO.cnan;
    }
    if (f_isinf(FROM, a)) return f_pack(TO, sign, f_inf(TO));
    if (f_iszero(FROM, a)) return f_zero(TO, sign);
    int e;
    uint64_t m;
    f_unpack(FROM, a, &e, &m);
    return round_pack(TO, sign, e, m, s->rm, s);
}

/* ---------------------------------------------------------------- public wrappers */

uint32_t f32_add(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_add(F32, a, b, s); }
uint32_t f32_sub(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_add(F32, a, b ^ 0x80000000u, s); }
uint32_t f32_mul(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_mul(F32, a, b, s); }
uint32_t f32_div(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_div(F32, a, b, s); }
uint32_t f32_sqrt(uint32_t a, FloatStatus *s) { return (uint32_t)g_sqrt(F32, a, s); }
uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, int negate_flags, FloatStatus *s)
{
    return (uint32_t)g_muladd(F32, a, b, c, negate_flags, s);
}
uint32_t f32_min(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_minmax(F32, a, b, false, s); }
uint32_t f32_max(uint32_t a, uint32_t b, FloatStatus *s) { return (uint32_t)g_minmax(F32, a, b, true, s); }
int f32_eq(uint32_t a, uint32_t b, FloatStatus *s) { return g_eq(F32, a, b, s); }
int f32_lt(uint32_t a, uint32_t b, FloatStatus *s) { return g_lt(F32, a, b, s); }
int f32_le(uint32_t a, uint32_t b, FloatStatus *s) { return g_le(F32, a, b, s); }
uint32_t f32_classify(uint32_t a) { return g_classify(F32, a); }
int32_t f32_to_i32(uint32_t a, int rm, FloatStatus *s) { return (int32_t)g_to_int(F32, a, rm, 32, true, s); }
uint32_t f32_to_u32(uint32_t a, int rm, FloatStatus *s) { return (uint32_t)g_to_int(F32, a, rm, 32, false, s); }
int64_t f32_to_i64(uint32_t a, int rm, FloatStatus *s) { return (int64_t)g_to_int(F32, a, rm, 64, true, s); }
uint64_t f32_to_u64(uint32_t a, int rm, FloatStatus *s) { return g_to_int(F32, a, rm, 64, false, s); }
uint32_t i32_to_f32(int32_t v, FloatStatus *s)
{
    return (uint32_t)g_from_int(F32, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v, s);
}
uint32_t u32_to_f32(uint32_t v, FloatStatus *s) { return (uint32_t)g_from_int(F32, 0, v, s); }
uint32_t i64_to_f32(int64_t v, FloatStatus *s)
{
    return (uint32_t)g_from_int(F32, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, s);
}
uint32_t u64_to_f32(uint64_t v, FloatStatus *s) { return (uint32_t)g_from_int(F32, 0, v, s); }
uint64_t f32_to_f64(uint32_t a, FloatStatus *s) { return g_convert(F32, F64, a, s); }

uint64_t f64_add(uint64_t a, uint64_t b, FloatStatus *s) { return g_add(F64, a, b, s); }
uint64_t f64_sub(uint64_t a, uint64_t b, FloatStatus *s) { return g_add(F64, a, b ^ (1ull << 63), s); }
uint64_t f64_mul(uint64_t a, uint64_t b, FloatStatus *s) { return g_mul(F64, a, b, s); }
uint64_t f64_div(uint64_t a, uint64_t b, FloatStatus *s) { return g_div(F64, a, b, s); }
uint64_t f64_sqrt(uint64_t a, FloatStatus *s) { return g_sqrt(F64, a, s); }
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, int negate_flags, FloatStatus *s)
{
    return g_muladd(F64, a, b, c, negate_flags, s);
}
uint64_t f64_min(uint64_t a, uint64_t b, FloatStatus *s) { return g_minmax(F64, a, b, false, s); }
uint64_t f64_max(uint64_t a, uint64_t b, FloatStatus *s) { return g_minmax(F64, a, b, true, s); }
int f64_eq(uint64_t a, uint64_t b, FloatStatus *s) { return g_eq(F64, a, b, s); }
int f64_lt(uint64_t a, uint64_t b, FloatStatus *s) { return g_lt(F64, a, b, s); }
int f64_le(uint64_t a, uint64_t b, FloatStatus *s) { return g_le(F64, a, b, s); }
uint32_t f64_classify(uint64_t a) { return g_classify(F64, a); }
int32_t f64_to_i32(uint64_t a, int rm, FloatStatus *s) { return (int32_t)g_to_int(F64, a, rm, 32, true, s); }
uint32_t f64_to_u32(uint64_t a, int rm, FloatStatus *s) { return (uint32_t)g_to_int(F64, a, rm, 32, false, s); }
int64_t f64_to_i64(uint64_t a, int rm, FloatStatus *s) { return (int64_t)g_to_int(F64, a, rm, 64, true, s); }
uint64_t f64_to_u64(uint64_t a, int rm, FloatStatus *s) { return g_to_int(F64, a, rm, 64, false, s); }
uint64_t i32_to_f64(int32_t v, FloatStatus *s)
{
    return g_from_int(F64, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)(int64_t)v : (uint64_t)v, s);
}
uint64_t u32_to_f64(uint32_t v, FloatStatus *s) { return g_from_int(F64, 0, v, s); }
uint64_t i64_to_f64(int64_t v, FloatStatus *s)
{
    return g_from_int(F64, v < 0, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, s);
}
uint64_t u64_to_f64(uint64_t v, FloatStatus *s) { return g_from_int(F64, 0, v, s); }
uint32_t f64_to_f32(uint64_t a, FloatStatus *s) { return (uint32_t)g_convert(F64, F32, a, s); }
