/*
 * The semantics of the IR's integer vector op (vop, ir-ops.def's vector section) in plain C:
 * the reference the back end's SIMD lowering is tested against, and the code a back end calls
 * for the kinds and element sizes it does not lower itself.
 *
 * Flow: element by element over n bytes, reading every source element before writing the
 * destination element of the same index (operands overlap only exactly, so this equals the
 * "all sources, then all results" reading; the compares and the gather, whose d may differ,
 * compute every result first). Under a mask (mask_off != 0) elements whose bit is clear are
 * not written. Invariants: bytes past n are never written; the reduction writes element 0 of
 * d only; unsigned arithmetic modulo 2^SEW everywhere.
 */
#include <string.h>

#include "ir.h"

static uint64_t get(const uint8_t *p, int e)
{
    uint64_t v = 0;
    memcpy(&v, p, (size_t)e);   /* little-endian host and guest */
    return v;
}

static void put(uint8_t *p, int e, uint64_t v) { memcpy(p, &v, (size_t)e); }

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

static uint64_t elem(int kind, int bits, uint64_t d, uint64_t a, uint64_t b)
{
    int64_t sa = sext(a, bits), sb = sext(b, bits);
    unsigned sh = (unsigned)(b & (uint64_t)(bits - 1));
    switch (kind) {
    case IR_V_ADD: return a + b;
    case IR_V_SUB: return a - b;
    case IR_V_RSUB: return b - a;
    case IR_V_AND: return a & b;
    case IR_V_OR: return a | b;
    case IR_V_XOR: return a ^ b;
    case IR_V_MUL: return a * b;
    case IR_V_MINU: return a < b ? a : b;
    case IR_V_MIN: return sa < sb ? a : b;
    case IR_V_MAXU: return a > b ? a : b;
    case IR_V_MAX: return sa > sb ? a : b;
    case IR_V_SLL: return a << sh;
    case IR_V_SRL: return a >> sh;
    case IR_V_SRA: return (uint64_t)(sa >> sh);
    case IR_V_MV: return b;
    case IR_V_MACC: return d + a * b;
    case IR_V_NMSAC: return d - a * b;
    case IR_V_MADD: return d * b + a;
    case IR_V_NMSUB: return a - d * b;
    default: return d;
    }
}

/* a OP b for the mask compares. */
static bool mcmp(int kind, int bits, uint64_t a, uint64_t b)
{
    int64_t sa = sext(a, bits), sb = sext(b, bits);
    switch (kind) {
    case IR_V_MSEQ: return a == b;
    case IR_V_MSNE: return a != b;
    case IR_V_MSLTU: return a < b;
    case IR_V_MSLT: return sa < sb;
    case IR_V_MSLEU: return a <= b;
    case IR_V_MSLE: return sa <= sb;
    case IR_V_MSGTU: return a > b;
    default: return sa > sb;
    }
}

static bool active(const uint8_t *env, int mask_off, int i)
{
    return !mask_off || (env[mask_off + i / 8] >> (i % 8) & 1);
}

void ir_vec_ref(uint8_t *env, int vop, int d_off, int a_off, int b_off, int n, uint64_t scalar,
                int mask_off)
{
    int kind = IR_VEC_KIND(vop), e = 1 << IR_VEC_LOG2E(vop), bits = 8 * e;
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    bool sc = (vop & IR_V_SCALAR) != 0;
    if (IR_V_IS_MCMP(kind)) {   /* every source element first: d may be a's or b's start */
        uint8_t res[IR_VEC_MAX_BYTES];
        for (int i = 0; i < n / e; i++)
            res[i] = mcmp(kind, bits, get(env + a_off + i * e, e),
                          sc ? scalar & mask : get(env + b_off + i * e, e));
        for (int i = 0; i < n / e; i++)
            env[d_off + i / 8] = (uint8_t)((env[d_off + i / 8] & ~(1u << i % 8)) | res[i] << i % 8);
        return;
    }
    if (kind == IR_V_SLIDEDOWN || kind == IR_V_SLIDE1DOWN) {
        bool one = kind == IR_V_SLIDE1DOWN;
        uint64_t off = one ? 1 : scalar & 0xffffffff, vlmax = one ? (uint64_t)(n / e) : scalar >> 32;
        uint8_t res[IR_VEC_MAX_BYTES];
        for (int i = 0; i < n / e; i++)
            put(res + i * e, e, i + off < vlmax ? get(env + a_off + (i + (int)off) * e, e) : 0);
        if (one)
            put(res + n - e, e, scalar);
        memcpy(env + d_off, res, (size_t)n);
        return;
    }
    if (kind == IR_V_ID) {
        for (int i = 0; i < n / e; i++)
            if (active(env, mask_off, i))
                put(env + d_off + i * e, e, (uint64_t)i & mask);
        return;
    }
    if (kind == IR_V_GATHER) {
        uint8_t res[16];
        for (int i = 0; i < n; i++) {
            uint8_t x = env[b_off + i];
            res[i] = x < scalar ? env[a_off + x] : 0;
        }
        for (int i = 0; i < n; i++)
            if (active(env, mask_off, i))
                env[d_off + i] = res[i];
        return;
    }
    if (kind >= IR_V_ZEXT2 && kind <= IR_V_ZEXT8) {
        int se = e >> (kind - IR_V_ZEXT2 + 1);
        for (int i = 0; i < n; i += e)
            if (active(env, mask_off, i / e))
                put(env + d_off + i, e, get(env + a_off + i / e * se, se));
        return;
    }
    if (kind == IR_V_REDSUM) {
        uint64_t s = get(env + b_off, e);
        for (int i = 0; i < n; i += e)
            s += get(env + a_off + i, e);
        put(env + d_off, e, s & mask);
        return;
    }
    for (int i = 0; i < n; i += e) {
        if (kind == IR_V_MERGE) {   /* the mask picks b, else a */
            put(env + d_off + i, e, active(env, mask_off, i / e)
                                        ? (sc ? scalar & mask : get(env + b_off + i, e))
                                        : get(env + a_off + i, e));
            continue;
        }
        if (!active(env, mask_off, i / e))
            continue;
        uint64_t a = get(env + a_off + i, e), d = get(env + d_off + i, e);
        uint64_t b = sc ? scalar & mask : get(env + b_off + i, e);
        put(env + d_off + i, e, elem(kind, bits, d, a, b) & mask);
    }
}
