/*
 * RISC-V front end: Zvbb/Zvkb, Zvbc, Zvkg and the vector crypto extensions Zvkned, Zvknha/b,
 * Zvksed, Zvksh (see vector.h for the state layout, the helper-call convention and which part
 * owns what; Zvkt, data-independent timing, needs nothing).
 *
 * Flow: each instruction has a row in vector-crypto-ops.def; the translator emits one call of
 * helper_vcrypto with the row's index in desc's extra byte. The helper checks what only the
 * run time knows (vill, SEW, register groups, element-group rules: vl and vstart multiples of
 * EGS, LMUL * VLEN >= EGW) and runs either an element loop (Zvbb/Zvbc: maskable, masked-off
 * and tail elements undisturbed) or an element-group loop (the crypto rounds: unmasked, one
 * group of EGS elements at a time from vstart / EGS to vl / EGS; .vs forms take vs2's group 0
 * for every group). The cipher and hash steps reuse the scalar crypto code (translate-crypto.c:
 * the AES rounds with AES-NI or its tables, the SM4 S-box; translate-bits.c: clmul, brev8).
 * Element-group layout (the crypto spec): a group is EGS consecutive SEW-bit elements, element
 * 0 the lowest; AES states and round keys are 16 bytes in FIPS-197 byte order; SHA-2, SM4 and
 * GHASH words are the elements' values; SM3 words are byte-swapped elements.
 */
#include <string.h>
#include "translate.h"
#include "cpu-ext.h"
#include "vector.h"
#include "vector-access.h"
#include "vector-crypto.h"
#include "runtime.h"
#include "vcpu.h"

typedef enum VcrShape {
    E_VV, E_VX, E_VI, E_V, E_WVV, E_WVX, E_WVI,   /* element-wise */
    G_VV, G_V, G_VS, G_VI,                        /* element groups */
} VcrShape;

enum { C_NOVL2 = 1, C_NOVL = 2, C_NHB = 4 };

typedef uint64_t (*VcrElemFn)(uint64_t a, uint64_t b, unsigned sew);
/* One element group: d = vd's group (updated in place), s2 = vs2's, s1 = vs1's (G_VV). */
typedef void (*VcrGroupFn)(void *d, const void *s2, const void *s1, unsigned imm, unsigned sew);

typedef struct VcrOp {
    uint8_t shape, sews, egs, flags;
    VcrElemFn efn;
    VcrGroupFn gfn;
} VcrOp;

static uint64_t rotl(uint64_t x, unsigned n, unsigned w)
{
    uint64_t m = w == 64 ? ~0ull : (1ull << w) - 1;
    n &= w - 1;
    x &= m;
    return n ? ((x << n) | (x >> (w - n))) & m : x;
}
static uint32_t rol32(uint32_t x, unsigned n) { return (uint32_t)rotl(x, n, 32); }

/* ---- Zvbb / Zvbc element functions (a = vs2's element, b = vs1's / x[rs1] / imm) ---- */

static uint64_t e_andn(uint64_t a, uint64_t b, unsigned w) { (void)w; return a & ~b; }
static uint64_t e_brev8(uint64_t a, uint64_t b, unsigned w) { (void)b; (void)w; return helper_brev8(a); }
static uint64_t e_rev8(uint64_t a, uint64_t b, unsigned w) { (void)b; return __builtin_bswap64(a) >> (64 - w); }
static uint64_t e_brev(uint64_t a, uint64_t b, unsigned w) { return e_rev8(e_brev8(a, b, w), b, w); }
static uint64_t e_clz(uint64_t a, uint64_t b, unsigned w) { (void)b; return a ? (uint64_t)__builtin_clzll(a) - (64 - w) : w; }
static uint64_t e_ctz(uint64_t a, uint64_t b, unsigned w) { (void)b; return a ? (uint64_t)__builtin_ctzll(a) : w; }
static uint64_t e_cpop(uint64_t a, uint64_t b, unsigned w) { (void)b; (void)w; return (uint64_t)__builtin_popcountll(a); }
static uint64_t e_rol(uint64_t a, uint64_t b, unsigned w) { return rotl(a, (unsigned)b, w); }
static uint64_t e_ror(uint64_t a, uint64_t b, unsigned w) { return rotl(a, w - ((unsigned)b & (w - 1)), w); }
static uint64_t e_wsll(uint64_t a, uint64_t b, unsigned w) { return a << (b & (2 * w - 1)); }
static uint64_t e_clmul(uint64_t a, uint64_t b, unsigned w) { (void)w; return helper_clmul(a, b); }
static uint64_t e_clmulh(uint64_t a, uint64_t b, unsigned w) { (void)w; return helper_clmulh(a, b); }

/* ---- AES (Zvkned): 16-byte state and round key, FIPS-197 byte order ---- */

typedef struct U128 { uint64_t lo, hi; } U128;

static U128 ld128(const void *p) { U128 v; memcpy(&v.lo, p, 8); memcpy(&v.hi, (const uint8_t *)p + 8, 8); return v; }
static void st128(void *p, U128 v) { memcpy(p, &v.lo, 8); memcpy((uint8_t *)p + 8, &v.hi, 8); }

/* One AES round step on the state in d with round key s2 (RV64 Zkne/Zknd halves: the low
 * half from (lo, hi), the high half from (hi, lo)). */
static void aes_step(void *d, const void *s2, uint64_t (*round)(uint64_t, uint64_t), bool imc)
{
    U128 s = ld128(d), k = ld128(s2), r;
    r.lo = round(s.lo, s.hi) ^ k.lo;
    r.hi = round(s.hi, s.lo) ^ k.hi;
    if (imc) {
        r.lo = helper_aes64im(r.lo);
        r.hi = helper_aes64im(r.hi);
    }
    st128(d, r);
}
#define GROUP(n) static void g_##n(void *d, const void *s2, const void *s1, unsigned imm, unsigned sew)
GROUP(aesef) { (void)s1; (void)imm; (void)sew; aes_step(d, s2, helper_aes64es, false); }
GROUP(aesem) { (void)s1; (void)imm; (void)sew; aes_step(d, s2, helper_aes64esm, false); }
GROUP(aesdf) { (void)s1; (void)imm; (void)sew; aes_step(d, s2, helper_aes64ds, false); }
GROUP(aesdm) { (void)s1; (void)imm; (void)sew; aes_step(d, s2, helper_aes64ds, true); }
GROUP(aesz)
{
    (void)s1; (void)imm; (void)sew;
    U128 s = ld128(d), k = ld128(s2);
    s.lo ^= k.lo;
    s.hi ^= k.hi;
    st128(d, s);
}

/* SubWord(x), with RotWord first and Rcon[rc] after when rc < 10 (helper_aes64ks1i). */
static uint32_t aes_subword(uint32_t x, unsigned rc) { return (uint32_t)helper_aes64ks1i((uint64_t)x << 32, rc); }

/* The next four key words from w[0..3] (the words Nk back) and temp. */
static void aes_expand(uint32_t *out, const uint32_t *w, uint32_t temp)
{
    out[0] = w[0] ^ temp;
    for (int i = 1; i < 4; i++)
        out[i] = w[i] ^ out[i - 1];
}

/* vaeskf1: AES-128's round key rnd (1..10; others flip bit 3) from round key rnd - 1 in vs2. */
GROUP(aeskf1)
{
    (void)s1; (void)sew;
    unsigned rnd = imm & 15;
    if (rnd == 0 || rnd > 10)
        rnd ^= 8;
    uint32_t k[4], out[4];
    memcpy(k, s2, 16);
    aes_expand(out, k, aes_subword(k[3], rnd - 1));
    memcpy(d, out, 16);
}

/* vaeskf2: AES-256's round key rnd (2..14; others flip bit 3) from keys rnd - 2 (vd) and
 * rnd - 1 (vs2): even rounds RotWord + Rcon, odd rounds SubWord alone. */
GROUP(aeskf2)
{
    (void)s1; (void)sew;
    unsigned rnd = imm & 15;
    if (rnd < 2 || rnd > 14)
        rnd ^= 8;
    uint32_t k[4], prev[4], out[4];
    memcpy(k, s2, 16);
    memcpy(prev, d, 16);
    aes_expand(out, prev, aes_subword(k[3], rnd & 1 ? 10 : rnd / 2 - 1));
    memcpy(d, out, 16);
}

/* ---- GHASH (Zvkg): GF(2^128) with the bit-reflected GCM convention ---- */

static U128 brev8_128(U128 v) { v.lo = helper_brev8(v.lo); v.hi = helper_brev8(v.hi); return v; }

/* brev8(brev8(y) * brev8(h)) in GF(2^128) mod x^128 + x^7 + x^2 + x + 1 (bit i = x^i). */
static U128 gf128_mul(U128 y, U128 h)
{
    U128 s = brev8_128(y), z = { 0, 0 };
    h = brev8_128(h);
    for (int bit = 0; bit < 128; bit++) {
        if ((bit < 64 ? s.lo >> bit : s.hi >> (bit - 64)) & 1) {
            z.lo ^= h.lo;
            z.hi ^= h.hi;
        }
        bool reduce = h.hi >> 63;
        h.hi = h.hi << 1 | h.lo >> 63;
        h.lo <<= 1;
        if (reduce)
            h.lo ^= 0x87;
    }
    return brev8_128(z);
}
/* vghsh: vd = (vd ^ vs1) * H (vs2); vgmul: vd = vd * H. */
GROUP(ghsh)
{
    (void)imm; (void)sew;
    U128 y = ld128(d), x = ld128(s1);
    y.lo ^= x.lo;
    y.hi ^= x.hi;
    st128(d, gf128_mul(y, ld128(s2)));
}
GROUP(gmul) { (void)s1; (void)imm; (void)sew; st128(d, gf128_mul(ld128(d), ld128(s2))); }

/* ---- SHA-2 (Zvknha/b): SEW 32 is SHA-256, SEW 64 SHA-512; words are element values ---- */

typedef struct Sha2 {
    unsigned w;                          /* word bits */
    unsigned s0[3], s1[3], S0[3], S1[3]; /* sigma: two rotations and a shift; Sum: three rotations */
} Sha2;
static const Sha2 sha256 = { 32, { 7, 18, 3 }, { 17, 19, 10 }, { 2, 13, 22 }, { 6, 11, 25 } };
static const Sha2 sha512 = { 64, { 1, 8, 7 }, { 19, 61, 6 }, { 28, 34, 39 }, { 14, 18, 41 } };

static uint64_t ror_w(uint64_t x, unsigned n, unsigned w) { return rotl(x, w - n, w); }
static uint64_t sigma(const Sha2 *h, const unsigned *r, uint64_t x)
{
    return ror_w(x, r[0], h->w) ^ ror_w(x, r[1], h->w) ^ (x >> r[2]);
}
static uint64_t sum(const Sha2 *h, const unsigned *r, uint64_t x)
{
    return ror_w(x, r[0], h->w) ^ ror_w(x, r[1], h->w) ^ ror_w(x, r[2], h->w);
}

static void ld_words(uint64_t *w, const void *p, unsigned sew)
{
    for (int i = 0; i < 4; i++) {
        w[i] = 0;
        memcpy(&w[i], (const uint8_t *)p + i * (sew / 8), sew / 8);
    }
}
static void st_words(void *p, const uint64_t *w, unsigned sew)
{
    for (int i = 0; i < 4; i++)
        memcpy((uint8_t *)p + i * (sew / 8), &w[i], sew / 8);
}

/* vsha2ms: W[16..19] from W[0..3] (vd), W[4], W[9..11] (vs2), W[12..15] (vs1). */
GROUP(sha2ms)
{
    (void)imm;
    const Sha2 *h = sew == 32 ? &sha256 : &sha512;
    uint64_t m = sew == 32 ? 0xffffffffull : ~0ull, a[4], b[4], c[4], W[20];
    ld_words(a, d, sew);
    ld_words(b, s2, sew);
    ld_words(c, s1, sew);
    for (int i = 0; i < 4; i++) {
        W[i] = a[i];
        W[12 + i] = c[i];
    }
    W[4] = b[0]; W[9] = b[1]; W[10] = b[2]; W[11] = b[3];
    for (int t = 16; t < 20; t++)
        W[t] = (sigma(h, h->s1, W[t - 2]) + W[t - 7] + sigma(h, h->s0, W[t - 15]) + W[t - 16]) & m;
    st_words(d, &W[16], sew);
}

/* Two compression rounds: state {h, g, d, c} in vd, {f, e, b, a} in vs2 (element 0 first),
 * W+K from vs1's elements 2, 3 (vsha2ch) or 0, 1 (vsha2cl); vd = the new {f, e, b, a}. */
static void sha2_rounds(void *d, const void *s2, const void *s1, unsigned sew, int first)
{
    const Sha2 *h = sew == 32 ? &sha256 : &sha512;
    uint64_t m = sew == 32 ? 0xffffffffull : ~0ull, x[4], y[4], kw[4];
    ld_words(x, d, sew);
    ld_words(y, s2, sew);
    ld_words(kw, s1, sew);
    uint64_t A = y[3], B = y[2], C = x[3], D = x[2], E = y[1], F = y[0], G = x[1], H = x[0];
    for (int r = 0; r < 2; r++) {
        uint64_t t1 = (H + sum(h, h->S1, E) + ((E & F) ^ (~E & G)) + kw[first + r]) & m;
        uint64_t t2 = (sum(h, h->S0, A) + ((A & B) ^ (A & C) ^ (B & C))) & m;
        H = G; G = F; F = E; E = (D + t1) & m;
        D = C; C = B; B = A; A = (t1 + t2) & m;
    }
    uint64_t out[4] = { F, E, B, A };
    st_words(d, out, sew);
}
GROUP(sha2ch) { (void)imm; sha2_rounds(d, s2, s1, sew, 2); }
GROUP(sha2cl) { (void)imm; sha2_rounds(d, s2, s1, sew, 0); }

/* ---- SM4 (Zvksed): words are element values (GB/T 32907's big-endian words) ---- */

static uint32_t sm4_tau(uint32_t x)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i += 8)
        r |= (uint32_t)rv_sm4_sbox((uint8_t)(x >> i)) << i;
    return r;
}
static uint32_t sm4_l(uint32_t b) { return b ^ rol32(b, 2) ^ rol32(b, 10) ^ rol32(b, 18) ^ rol32(b, 24); }
static uint32_t sm4_lk(uint32_t b) { return b ^ rol32(b, 13) ^ rol32(b, 23); }

/* Four steps x[i+4] = x[i] ^ L(tau(x[i+1] ^ x[i+2] ^ x[i+3] ^ k[i])) (lin: L or L'). */
static void sm4_steps(uint32_t *x, const uint32_t *k, uint32_t (*lin)(uint32_t))
{
    for (int i = 0; i < 4; i++)
        x[i + 4] = x[i] ^ lin(sm4_tau(x[i + 1] ^ x[i + 2] ^ x[i + 3] ^ k[i]));
}

/* vsm4k: round keys 4*rnd+4.. from the previous four (vs2), rnd = imm & 7; CK[i]'s bytes
 * are (4i + j) * 7 mod 256, most significant first. */
GROUP(sm4k)
{
    (void)s1; (void)sew;
    unsigned rnd = imm & 7;
    uint32_t x[8], ck[4];
    memcpy(x, s2, 16);
    for (unsigned i = 0; i < 4; i++) {
        unsigned n = 4 * (4 * rnd + i);
        ck[i] = (uint32_t)((n * 7) & 255) << 24 | (uint32_t)(((n + 1) * 7) & 255) << 16 |
                (uint32_t)(((n + 2) * 7) & 255) << 8 | (uint32_t)(((n + 3) * 7) & 255);
    }
    sm4_steps(x, ck, sm4_lk);
    memcpy(d, &x[4], 16);
}

/* vsm4r: four rounds on the state in vd with the round keys in vs2. */
GROUP(sm4r)
{
    (void)s1; (void)imm; (void)sew;
    uint32_t x[8], k[4];
    memcpy(x, d, 16);
    memcpy(k, s2, 16);
    sm4_steps(x, k, sm4_l);
    memcpy(d, &x[4], 16);
}

/* ---- SM3 (Zvksh): 8-word groups, words byte-swapped from the elements ---- */

static void ld_be8(uint32_t *w, const void *p)
{
    memcpy(w, p, 32);
    for (int i = 0; i < 8; i++)
        w[i] = __builtin_bswap32(w[i]);
}
static void st_be8(void *p, const uint32_t *w)
{
    for (int i = 0; i < 8; i++) {
        uint32_t v = __builtin_bswap32(w[i]);
        memcpy((uint8_t *)p + 4 * i, &v, 4);
    }
}
static uint32_t sm3_p0(uint32_t x) { return x ^ rol32(x, 9) ^ rol32(x, 17); }
static uint32_t sm3_p1(uint32_t x) { return x ^ rol32(x, 15) ^ rol32(x, 23); }

/* vsm3me: W[16..23] from W[0..7] (vs1) and W[8..15] (vs2). */
GROUP(sm3me)
{
    (void)imm; (void)sew;
    uint32_t W[24];
    ld_be8(W, s1);
    ld_be8(W + 8, s2);
    for (int j = 16; j < 24; j++)
        W[j] = sm3_p1(W[j - 16] ^ W[j - 9] ^ rol32(W[j - 3], 15)) ^ rol32(W[j - 13], 7) ^ W[j - 6];
    st_be8(d, W + 16);
}

/* vsm3c: compression rounds 2*imm and 2*imm+1 on {A..H} (vd, A in element 0) with
 * W[j], W[j+1] (vs2's elements 0, 1) and W[j+4], W[j+5] (elements 4, 5). */
GROUP(sm3c)
{
    (void)s1; (void)sew;
    uint32_t v[8], w[8];
    ld_be8(v, d);
    ld_be8(w, s2);
    uint32_t A = v[0], B = v[1], C = v[2], D = v[3], E = v[4], F = v[5], G = v[6], H = v[7];
    for (unsigned r = 0; r < 2; r++) {
        unsigned j = 2 * imm + r;
        uint32_t t = j < 16 ? 0x79cc4519u : 0x7a879d8au;
        uint32_t ss1 = rol32(rol32(A, 12) + E + rol32(t, j % 32), 7), ss2 = ss1 ^ rol32(A, 12);
        uint32_t ff = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C);
        uint32_t gg = j < 16 ? E ^ F ^ G : (E & F) | (~E & G);
        uint32_t tt1 = ff + D + ss2 + (w[r] ^ w[r + 4]), tt2 = gg + H + ss1 + w[r];
        D = C; C = rol32(B, 9); B = A; A = tt1;
        H = G; G = rol32(F, 19); F = E; E = sm3_p0(tt2);
    }
    uint32_t out[8] = { A, B, C, D, E, F, G, H };
    st_be8(d, out);
}

/* ---- the table and the loops ---- */

#define E_FN(fn) e_##fn, NULL
#define G_FN(fn) NULL, g_##fn
#define VCR_FN(shape, fn) VCR_FN_##shape(fn)
#define VCR_FN_E_VV(fn) E_FN(fn)
#define VCR_FN_E_VX(fn) E_FN(fn)
#define VCR_FN_E_VI(fn) E_FN(fn)
#define VCR_FN_E_V(fn) E_FN(fn)
#define VCR_FN_E_WVV(fn) E_FN(fn)
#define VCR_FN_E_WVX(fn) E_FN(fn)
#define VCR_FN_E_WVI(fn) E_FN(fn)
#define VCR_FN_G_VV(fn) G_FN(fn)
#define VCR_FN_G_V(fn) G_FN(fn)
#define VCR_FN_G_VS(fn) G_FN(fn)
#define VCR_FN_G_VI(fn) G_FN(fn)
static const VcrOp vcr_ops[VCR_NB_OPS] = {
#define VCR(name, shape, fn, sews, egs, flags) \
    [VCR_##name] = { shape, sews, egs, flags, VCR_FN(shape, fn) },
#include "vector-crypto-ops.def"
#undef VCR
};
_Static_assert(VCR_NB_OPS <= VCR_X_INDEX + 1, "the op index fits desc's extra byte");

/* The operand layout of each shape, for the shared legality rules (vector.h). G_VS's vs2 is
 * one element group, which fits one register (VLEN >= 128 = EGW, or SHA-512/SM3's 256 bits at
 * the LMUL the EGW rule demands): checked as a single register. */
static const uint32_t vcr_vshape[] = {
    [E_VV] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_SEW, 0),
    [E_VX] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [E_VI] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [E_V] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [E_WVV] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_SEW, 0),
    [E_WVX] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_NONE, 0),
    [E_WVI] = RV_VSHAPE(RV_VOP_WIDE, RV_VOP_SEW, RV_VOP_NONE, 0),
    [G_VV] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_SEW, 0),
    [G_V] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
    [G_VS] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_ONE, RV_VOP_NONE, 0),
    [G_VI] = RV_VSHAPE(RV_VOP_SEW, RV_VOP_SEW, RV_VOP_NONE, 0),
};

static bool sew_ok(const VcrOp *op, unsigned vsew, bool zvknhb)
{
    return vsew <= 3 && (op->sews >> vsew & 1) && !((op->flags & C_NHB) && vsew == 3 && !zvknhb);
}

static void loop_elements(GuestState *g, const VcrOp *op, uint64_t desc, uint64_t scalar,
                          unsigned eb)
{
    unsigned vd = RV_VDESC_VD(desc), vs2 = RV_VDESC_VS2(desc), vs1 = RV_VDESC_VS1(desc);
    bool vm = RV_VDESC_VM(desc), wide = op->shape >= E_WVV;
    for (uint32_t i = (uint32_t)g->vstart; i < g->vl; i++) {
        if (!vm && !mask_bit(g, 0, i))
            continue;
        uint64_t a = vget(g, vs2, i, eb);
        uint64_t b = op->shape == E_VV || op->shape == E_WVV ? vget(g, vs1, i, eb) : scalar;
        vset(g, vd, i, wide ? 2 * eb : eb, op->efn(a, b, 8 * eb));
    }
}

static void loop_groups(GuestState *g, const VcrOp *op, uint64_t desc, uint64_t scalar,
                        unsigned eb, int lmul, VCPU *cpu)
{
    unsigned vd = RV_VDESC_VD(desc), vs2 = RV_VDESC_VS2(desc), vs1 = RV_VDESC_VS1(desc);
    unsigned egb = op->egs * eb;                        /* group bytes */
    uint64_t regbytes = lmul >= 0 ? (uint64_t)g->vlenb << lmul : g->vlenb >> -lmul;
    if (g->vl % op->egs || g->vstart % op->egs || regbytes < egb)
        rv_vraise_illegal(cpu);
    int l = lmul > 0 ? lmul : 0;
    if (((op->flags & (C_NOVL2 | C_NOVL)) &&
         vreg_overlap(vd, l, vs2, op->shape == G_VS ? 0 : l)) ||
        ((op->flags & C_NOVL) && vreg_overlap(vd, l, vs1, l)))
        rv_vraise_illegal(cpu);
    for (uint32_t i = (uint32_t)g->vstart / op->egs; i < g->vl / op->egs; i++) {
        uint8_t buf[32];
        memcpy(buf, velem(g, vd, i, egb), egb);
        op->gfn(buf, velem(g, vs2, op->shape == G_VS ? 0 : i, egb),
                op->shape == G_VV ? velem(g, vs1, i, egb) : NULL, (unsigned)scalar, 8 * eb);
        memcpy(velem(g, vd, i, egb), buf, egb);
    }
}

void helper_vcrypto(VCPU *cpu, uint64_t desc, uint64_t scalar)
{
    GuestState *g = &cpu->g;
    unsigned extra = RV_VDESC_EXTRA(desc), idx = extra & VCR_X_INDEX;
    rv_vhelper_begin(cpu, desc);
    if (idx >= VCR_NB_OPS || !sew_ok(&vcr_ops[idx], RV_VTYPE_VSEW(g->vtype), extra & VCR_X_NHB))
        rv_vraise_illegal(cpu);
    const VcrOp *op = &vcr_ops[idx];
    unsigned eb = 1u << RV_VTYPE_VSEW(g->vtype);
    if (op->egs)
        loop_groups(g, op, desc, scalar, eb, rv_vlmul_log2(g->vtype), cpu);
    else
        loop_elements(g, op, desc, scalar, eb);
    g->vstart = 0;
}

static int vcr_index(int op)
{
    switch (op) {
#define VCR(name, shape, fn, sews, egs, flags) case RV_OP_##name: return VCR_##name;
#include "vector-crypto-ops.def"
#undef VCR
    default:
        return -1;
    }
}

bool rv_trans_vcrypto(RVDisas *d, const RVInsn *insn)
{
    int idx = vcr_index(insn->op);
    if (idx < 0)
        return false;
    const VcrOp *op = &vcr_ops[idx];
    bool nhb = (d->isa & RV_EXT_BIT(ZVKNHB)) != 0;
    uint64_t vtype;
    if (rv_vknown_vtype(d, &vtype) && !(vtype & RV_VTYPE_VILL) &&
        !sew_ok(op, RV_VTYPE_VSEW(vtype), nhb)) {
        rv_gen_illegal(d);
        return true;
    }
    IRTemp scalar = IR_NOTEMP;
    if (op->shape == E_VX || op->shape == E_WVX)
        scalar = rv_get_gpr(d, insn->rs1);
    else if (op->shape == E_VI || op->shape == E_WVI || op->shape == G_VI)
        scalar = ir_const(d->ir, insn->op == RV_OP_vror_vi ? rv_vror_vi_imm(insn) : insn->rs1);
    rv_vgen_call(d, insn, (void *)helper_vcrypto, vcr_vshape[op->shape],
                 (unsigned)idx | (nhb ? VCR_X_NHB : 0), scalar, IR_NOTEMP);
    return true;
}
