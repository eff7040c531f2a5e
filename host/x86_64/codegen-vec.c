/*
 * x86-64 lowering of the IR's vector ops (ir-ops.def's vector section: vop, vfop, vld, vst):
 * register groups in env processed in host SIMD chunks, with SSE2 (SSE4.1 where an operation
 * needs it) or, when the host has AVX2, 256-bit VEX code.
 *
 * Registers: xmm0-xmm7 (ymm0-ymm7) are scratch inside one op; xmm8-15 hold the vector cache
 * (below: guest register bytes kept across the block's vector ops, shared with the FP values
 * of codegen-fp.c, which are allocated from xmm15 down and win a register over the cache);
 * GPRs come from the allocator (cg_alloc_scratch). After any 256-bit code the op ends with
 * vzeroupper, so helpers and other ops never pay the AVX/SSE transition.
 * Flow per op: split the n bytes into chunks (32 bytes with AVX2, else 16, then a 16/8/4-byte
 * remainder); up to 4 full chunks are unrolled, more run as a loop over an index register;
 * each chunk takes its sources from the cache or env (vsrc), computes, stores the destination
 * chunk to env and keeps it in the cache (vdst). Element-wise ops are safe in place because
 * operands overlap only exactly.
 * vop kinds or sizes the host has no instructions for (8-bit shifts and multiplies by vector
 * on SSE2 only, 64-bit min/max, ...) call ir_vec_ref, the IR's C semantics, with the caller-
 * saved registers preserved; QELT_VEC_HOST=generic|sse2|sse41|avx2 in the environment caps
 * the host level (tests cover every path on any machine).
 * vfop (FP ops): codegen-vfp.c; what both files share: codegen-vec.h.
 * vld/vst (user mode): one check of the address against the guest limit (none when an earlier
 * access of the basic block checked the same address temp under the same skip temp), then chunk accesses
 * at [r15 + address + k] inside one fault site; the caller guarantees one guest page. vldl/
 * vstl: the same for a run-time byte count, as pieces inside [0, len) (some overlapping).
 * Chunks of 2 and 1 bytes (bodies that are not a multiple of 4) move through a GPR.
 * Masked ops and loads (a mask's env offset in the op; bodies of at most 64 bytes, 16-byte
 * chunks unrolled): each chunk's mask bits (shifted from the mask's first 64 bits) expand to
 * a lane mask (punpck/pshuf, pand and pcmpeq with the lane's bit), which merges the result
 * with d's old bytes (one vpblendvb with AVX, else pand/pandn/por). Mask compares: pcmpeq/pcmpgt per chunk (unsigned: sign bits flipped),
 * pmovmskb/movmskps/movmskpd to bits gathered in a GPR, merged into d's first 64 bits after
 * every source chunk was read. Slides down inside one register: psrldq (pinsr for the
 * scalar of vslide1down; with AVX from the source's entry into the destination's register).
 * 64-bit vsra by a scalar: psrlq | sign dwords << (64 - count). vid.v: per-chunk constants
 * (n <= 64). vmerge: b blended with a under the mask (mask_blend's "old" side is a). Byte
 * gathers and zero extensions read only the source bytes that matter (vsrc_n: an entry, or a
 * load as narrow as those bytes, so no wide load waits on a narrow store).
 * Slow paths (vcall): the fast path pays one branch; the call is out of line (cg_defer_cold).
 * An op right before its vcall (vld/vst/vop skipping under the vcall's cond, a vfop whose
 * status it tests) leaves its own skip/fallback branches to that call, and a setcond read only
 * by a vld/vst and its vcall stays in the flags (cg_vec_cond_in_flags). Results of the simple
 * integer ops and loads are computed straight into their cache register (vdst_pick).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codegen-vec.h"

int cg_fault_site(Backend *be);
void cg_close_site(Backend *be, int site);
XMem cg_guest_addr(Backend *be, IRTemp a, int mo);
bool cg_addr_checked(Backend *be, IRTemp a, int set);
void cg_store_globals(Backend *be);
bool cg_flush_counter(Backend *be);


int vec_level(Backend *be)
{
    if (be->vec_level)
        return be->vec_level - 1;
    int lv = LV_SSE2;
    if (__builtin_cpu_supports("sse4.1"))
        lv = LV_SSE41;
    if (lv == LV_SSE41 && __builtin_cpu_supports("avx2"))
        lv = LV_AVX2;
    const char *cap = getenv("QELT_VEC_HOST");
    static const char *const names[] = { "generic", "sse2", "sse41", "avx2" };
    for (int i = 0; cap && i < 4; i++)
        if (!strcmp(cap, names[i]) && i < lv)
            lv = i;
    be->vec_level = lv + 1;
    /* "avx2" in QELT_VEC_HOST means AVX2 alone (tests) */
    be->vec_q2pd = lv == LV_AVX2 && !cap && __builtin_cpu_supports("avx512dq") &&
                   __builtin_cpu_supports("avx512vl");
    return lv;
}


VG vg_new(Backend *be)
{
    return (VG){ .be = be, .b = &be->b, .lv = vec_level(be), .idx = X_NOREG,
                 .loop_reg = X_NOREG, .w = 16, .gt = X_NOREG, .gm = X_NOREG, .gc = X_NOREG,
                 .stamp0 = be->vc_clock + 1 };
}


/* env operand at byte offset off of a group, current chunk */
static XMem em(VG *g, int off)
{
    return g->idx == X_NOREG ? xm(X_RBP, off + g->k) : xmi(X_RBP, g->idx, 1, off + g->k);
}

/* ---- instruction forms ----------------------------------------------------------------- */


static bool vc_is_narrow(const Backend *be, int o, int w);

void vload(VG *g, int x, XMem m)
{
    if (g->w == 16 && g->len != 256 && m.base == X_RBP && m.index == X_NOREG &&
        vc_is_narrow(g->be, m.disp, 16)) {   /* env after 8-byte stores: two halves */
        x_simd_rm(g->b, XSIMD(2, 1, 0x7e, 0), g->len ? 128 : 0, x, 0, m, -1);      /* movq */
        m.disp += 8;
        x_simd_rm(g->b, P66(0x16), g->len, x, x, m, -1);                         /* movhpd */
    } else if (g->w < 4) {                                                        /* via gt */
        x_load(g->b, g->w, false, g->gt, m);
        x_movd_xr(g->b, x, g->gt);
    } else if (g->w == 4)
        x_simd_rm(g->b, P66(0x6e), g->len ? 128 : 0, x, 0, m, -1);                  /* movd */
    else if (g->w == 8)
        x_simd_rm(g->b, XSIMD(2, 1, 0x7e, 0), g->len ? 128 : 0, x, 0, m, -1);      /* movq */
    else
        x_simd_rm(g->b, XSIMD(2, 1, 0x6f, 0), g->len, x, 0, m, -1);                /* movdqu */
}

static void vstore(VG *g, XMem m, int x)
{
    if (g->w < 4) {
        x_movd_rx(g->b, g->gt, x);
        x_store(g->b, g->w, g->gt, m);
    } else if (g->w == 4)
        x_simd_rm(g->b, P66(0x7e), g->len ? 128 : 0, x, 0, m, -1);                  /* movd */
    else if (g->w == 8)
        x_simd_rm(g->b, P66(0xd6), g->len ? 128 : 0, x, 0, m, -1);                 /* movq */
    else
        x_simd_rm(g->b, XSIMD(2, 1, 0x7f, 0), g->len, x, 0, m, -1);                /* movdqu */
}

/* ---- the vector cache ------------------------------------------------------------------
 * xmm8-15 keep guest vector register bytes across a block's vector ops, write-through: every
 * result is still stored to env, so env is always current (exits, faults, helpers, signals
 * see it) and a cached copy only saves the load and its store-to-load latency. xmm i holds an
 * entry when reg_owner[XMM_REG(i)] is OWNER_VEC: its low vc_w[i] bytes are env's at
 * vc_off[i]. The allocator (codegen.c) forgets entries with everything else at labels,
 * branches and calls and when it takes the register for an FP value (entries go first);
 * st_env drops the ones it overlaps; calls that keep them (vcall, the generic vop) reload
 * them from env afterwards. A chunk (width 4, 8 or 16, not in a loop, not 256-bit) is served
 * by an entry at its offset with at least its width; a destination chunk is stored and
 * copied into an entry (entries it overlaps are dropped). Paths of an op that skip its fast
 * path (the skip test, a vfop's fallback) reload the entries the op set (g->fresh), so the
 * state after an op is the same on every path. */
#define VC_FIRST 8

static bool vc_live(const Backend *be, int x) { return be->reg_owner[XMM_REG(x)] == OWNER_VEC; }

static bool vc_chunk_ok(const VG *g)
{
    return !g->nocache && g->idx == X_NOREG && g->len != 256 && g->w >= 4;
}

static int vc_find(Backend *be, int o, int w)
{
    for (int x = VC_FIRST; x < 16; x++)
        if (vc_live(be, x) && be->vc_off[x] == o && be->vc_w[x] >= w) {
            be->vc_use[x] = ++be->vc_clock;
            return x;
        }
    return -1;
}

void cg_vcache_drop(Backend *be, int32_t off, int n)
{
    for (int x = VC_FIRST; x < 16; x++)
        if (vc_live(be, x) && be->vc_off[x] < off + n && off < be->vc_off[x] + be->vc_w[x])
            be->reg_owner[XMM_REG(x)] = OWNER_NONE;
}

/* Env bytes [off, off + 8) were just stored as 8 bytes (an element by st_env, a compare's
 * mask bits): a 16-byte load over them would wait for the store to retire (no store-to-load
 * forwarding from a narrower store), so loads of that register come in 8-byte halves until a
 * full 16-byte store (vdst) writes it. A short list per block (forgotten when full: only
 * speed depends on it). */
void cg_vcache_narrow(Backend *be, int32_t off)
{
    for (int i = 0; i < be->vc_n_narrow; i++)
        if (be->vc_narrow[i] == off)
            return;
    if (be->vc_n_narrow == (int)(sizeof be->vc_narrow / sizeof be->vc_narrow[0]))
        be->vc_n_narrow = 0;
    be->vc_narrow[be->vc_n_narrow++] = off;
}

static bool vc_is_narrow(const Backend *be, int o, int w)
{
    for (int i = 0; i < be->vc_n_narrow; i++)
        if (be->vc_narrow[i] >= o && be->vc_narrow[i] < o + w)
            return true;
    return false;
}

static void vc_unnarrow(Backend *be, int o, int w)
{
    for (int i = 0; i < be->vc_n_narrow; i++)
        if (be->vc_narrow[i] >= o && be->vc_narrow[i] < o + w)
            be->vc_narrow[i--] = be->vc_narrow[--be->vc_n_narrow];
}

/* A register for a new entry: a free one, else the least recently used entry that does not
 * serve the current chunk; -1: none. */
static int vc_alloc(VG *g)
{
    Backend *be = g->be;
    int best = -1;
    for (int x = VC_FIRST; x < 16; x++) {
        int o = be->reg_owner[XMM_REG(x)];
        if (be->locked & (1u << XMM_REG(x)))
            continue;
        if (o == OWNER_NONE)
            return x;
        if (o == OWNER_VEC && be->vc_use[x] < g->stamp0 &&
            (best < 0 || be->vc_use[x] < be->vc_use[best]))
            best = x;
    }
    return best;
}

static void vc_set(VG *g, int x, int o, int w)
{
    Backend *be = g->be;
    be->reg_owner[XMM_REG(x)] = OWNER_VEC;
    be->vc_off[x] = o;
    be->vc_w[x] = (uint8_t)w;
    be->vc_use[x] = ++be->vc_clock;
    g->fresh |= (uint16_t)(1u << x);
}

/* movdqu xmm x, [rbp + off[x]] for each x in mask (entries back from env) */
void vc_reload_at(Backend *be, unsigned mask, const int32_t *off)
{
    for (int x = VC_FIRST; x < 16; x++)
        if (mask & (1u << x))
            x_simd_rm(&be->b, XSIMD(2, 1, 0x6f, 0), 0, x, 0, xm(X_RBP, off[x]), -1);
}


/* The end of an op whose skip jump (if any) lands here: through a reload of the entries the
 * op set, out of line. */
typedef struct VcSkip { uint8_t *jcc, *resume; int32_t off[16]; uint16_t mask; } VcSkip;

static void vc_skip_cold(Backend *be, const void *data)
{
    const VcSkip *c = data;
    x_patch_rel32(c->jcc, be->b.p);
    vc_reload_at(be, c->mask, c->off);
    x_jmp(&be->b, c->resume);
}

/* After a call that kept the cache's entries (their registers clobbered): every entry
 * reloaded from env, out of line (a jump there and back). */
void cg_vcache_reload(Backend *be)
{
    VcSkip c = { NULL, NULL, { 0 }, 0 };
    for (int x = VC_FIRST; x < 16; x++) {
        if (vc_live(be, x))
            c.mask |= (uint16_t)(1u << x);
        c.off[x] = be->vc_off[x];
    }
    if (!c.mask)
        return;
    c.jcc = x_jmp(&be->b, NULL);
    c.resume = be->b.p;
    cg_defer_cold(be, vc_skip_cold, &c, sizeof c);
}

static void vc_skip_end(VG *g, uint8_t *skip)
{
    if (!skip)
        return;
    if (!g->fresh) {
        x_patch_rel32(skip, g->b->p);
        return;
    }
    VcSkip c = { skip, g->b->p, { 0 }, g->fresh };
    for (int x = VC_FIRST; x < 16; x++)
        c.off[x] = g->be->vc_off[x];
    cg_defer_cold(g->be, vc_skip_cold, &c, sizeof c);
}


/* Leave an op's skip / fallback branches (n of them) to the vcall right after it when it tests
 * cond (vc_fusable): its out-of-line call path is then where they go. rd: the op's status
 * register (vfop: 0 on the fast path), else -1. False: not fusable, nothing done. */
bool vc_fuse_leave(VG *g, uint8_t **br, int n, IRTemp cond, int rd)
{
    int at;
    Backend *be = g->be;
    if (n == 0 || n > 8 || !vc_fusable(be, cond, &at))
        return false;
    memcpy(be->vfuse_jcc, br, (size_t)n * sizeof br[0]);
    be->vfuse_n = n;
    be->vfuse_rc.jcc = NULL;
    be->vfuse_end = g->b->p;
    be->vfuse_fresh = g->fresh;
    be->vfuse_rd = rd;
    be->vfuse_op = at;
    return true;
}

/* vc_skip_end, or the skip branch left to the vcall that follows under the same skip temp. */
static void vm_skip_end(VG *g, uint8_t *skip, IRTemp skip_t)
{
    if (!skip || !vc_fuse_leave(g, &skip, 1, skip_t, -1))
        vc_skip_end(g, skip);
}


/* A source chunk of the group at env offset off (the chunk's k added) in a register the
 * caller only reads; its low g->w bytes are the chunk's, the rest unspecified: an entry,
 * else loaded into a new entry, else into x. */
int vsrc(VG *g, int x, int off)
{
    if (vc_chunk_ok(g)) {
        int o = off + g->k, c = vc_find(g->be, o, g->w);
        if (c >= 0)
            return c;
        if ((c = vc_alloc(g)) >= 0) {
            vload(g, c, em(g, off));
            vc_set(g, c, o, g->w);
            return c;
        }
    }
    vload(g, x, em(g, off));
    return x;
}

/* vload from env into x exactly (a short chunk zero-extended), x the caller's to change: a
 * copy of an entry of 16 or 8 bytes (movq zero-extends) when there is one. */
void vload_x(VG *g, int x, int off)
{
    if (vc_chunk_ok(g) && g->w >= 8) {
        int c = vc_find(g->be, off + g->k, g->w);
        if (c >= 0) {
            if (g->w == 16)
                vg_mov(g, x, c);
            else
                x_simd_rr(g->b, XSIMD(2, 1, 0x7e, 0), g->len ? 128 : 0, x, 0, c, -1);  /* movq */
            return;
        }
    }
    vload(g, x, em(g, off));
}

/* The result chunk in register r to the group at env offset off (k added): stored, and
 * copied into the entry for it (entries it overlaps dropped). */
void vdst(VG *g, int off, int r)
{
    Backend *be = g->be;
    int o = off + g->k, c = -1;
    vstore(g, em(g, off), r);
    if (!vc_chunk_ok(g)) {
        cg_vcache_drop(be, o, g->idx != X_NOREG ? g->loop_bytes : g->w);
        return;
    }
    for (int x = VC_FIRST; x < 16; x++)
        if (vc_live(be, x) && be->vc_off[x] == o)
            c = x;
    for (int x = VC_FIRST; x < 16; x++)
        if (x != c && vc_live(be, x) && be->vc_off[x] < o + g->w && o < be->vc_off[x] + be->vc_w[x])
            be->reg_owner[XMM_REG(x)] = OWNER_NONE;
    if (g->w == 16)
        vc_unnarrow(be, o, 16);
    if (c < 0 && r >= VC_FIRST && be->reg_owner[XMM_REG(r)] == OWNER_NONE &&
        !(be->locked & (1u << XMM_REG(r))))
        c = r;                               /* computed in a free one (vdst_pick) */
    if (c < 0 && (c = vc_alloc(g)) < 0)
        return;
    vg_mov(g, c, r);
    vc_set(g, c, o, g->w);
}

/* Where a chunk's result may be computed so that vdst needs no copy: the entry of the
 * destination chunk, else a register for a new one, when the result goes into an entry at all
 * and the computation writes it only as its last step (an op3 with VEX, which reads its
 * sources first; in legacy SSE only when no source is there); else xmm3. Nothing is
 * claimed: vdst makes it the entry. */
int vdst_pick(VG *g, int off, int xa, int xb)
{
    Backend *be = g->be;
    if (!vc_chunk_ok(g) || g->mask_off)
        return 3;
    int o = off + g->k, c = -1;
    for (int x = VC_FIRST; x < 16 && c < 0; x++)
        if (vc_live(be, x) && be->vc_off[x] == o)
            c = x;
    if (c < 0) {
        c = vc_alloc(g);
        if (c < 0 || be->reg_owner[XMM_REG(c)] != OWNER_NONE)
            return 3;   /* only an entry to evict: vdst decides as before */
    }
    if (!g->len && (c == xa || c == xb))
        return 3;
    return c;
}

/* xd = xa OP xb (three-operand; legacy SSE copies xa first, so xd must differ from xb then) */
void vg_op3(VG *g, uint32_t opc, int xd, int xa, int xb)
{
    if (g->len) {
        x_simd_rr(g->b, opc, g->len, xd, xa, xb, -1);
        return;
    }
    if (xd != xa)
        x_simd_rr(g->b, P66(0x6f), 0, xd, 0, xa, -1);                             /* movdqa */
    x_simd_rr(g->b, opc, 0, xd, 0, xb, -1);
}

void vg_mov(VG *g, int xd, int xs)
{
    if (xd != xs)
        x_simd_rr(g->b, P66(0x6f), g->len, xd, 0, xs, -1);
}

/* Shift group by immediate: opcode 71/72/73 with /digit, xd = xs shifted. */
void vg_shift_imm(VG *g, uint8_t opc, int digit, int xd, int xs, int imm)
{
    if (g->len) {
        x_simd_rr(g->b, P66(opc), g->len, digit, xd, xs, imm);
        return;
    }
    vg_mov(g, xd, xs);
    x_simd_rr(g->b, P66(opc), 0, digit, 0, xd, imm);
}

/* Integer opcodes by element size (log2 bytes); 0 = none at this level. */
static const uint8_t op_add[4] = { 0xfc, 0xfd, 0xfe, 0xd4 }, op_sub[4] = { 0xf8, 0xf9, 0xfa, 0xfb };
static const uint8_t op_sll[4] = { 0, 0xf1, 0xf2, 0xf3 }, op_srl[4] = { 0, 0xd1, 0xd2, 0xd3 };
static const uint8_t op_sra[4] = { 0, 0xe1, 0xe2, 0 };

/* min/max: SSE2 has pminub/pmaxub (8u) and pminsw/pmaxsw (16s); the rest is SSE4.1 (0F38). */
static uint32_t minmax_opc(int kind, int l2, int lv)
{
    static const uint8_t sse2[4][4] = {   /* [kind - MINU][l2] */
        { 0xda, 0, 0, 0 }, { 0, 0xea, 0, 0 }, { 0xde, 0, 0, 0 }, { 0, 0xee, 0, 0 } };
    static const uint8_t sse41[4][4] = {
        { 0, 0x3a, 0x3b, 0 }, { 0x38, 0, 0x39, 0 }, { 0, 0x3e, 0x3f, 0 }, { 0x3c, 0, 0x3d, 0 } };
    int i = kind - IR_V_MINU;
    if (sse2[i][l2])
        return P66(sse2[i][l2]);
    if (lv >= LV_SSE41 && sse41[i][l2])
        return P66_38(sse41[i][l2]);
    return 0;
}

/* ---- integer ops ----------------------------------------------------------------------- */

static bool is_mul_kind(int kind)
{
    return kind == IR_V_MUL || (kind >= IR_V_MACC && kind <= IR_V_NMSUB);
}

/* Can this level lower (kind, size, scalar form) itself? */
static bool vop_lowerable(int kind, int l2, bool sc, int lv)
{
    if (lv == LV_GENERIC)
        return false;
    switch (kind) {
    case IR_V_ADD: case IR_V_SUB: case IR_V_RSUB: case IR_V_AND: case IR_V_OR: case IR_V_XOR:
    case IR_V_MV: case IR_V_REDSUM:
        return true;
    case IR_V_SLIDEDOWN:   /* byte shifts inside one register (cg_gen_vop checks the sizes) */
    case IR_V_ID:          /* constants (n <= 64: cg_gen_vop) */
    case IR_V_MERGE:       /* b, blended with a under the mask */
        return true;
    case IR_V_SLIDE1DOWN:  /* pinsrb/w/d/q */
        return lv >= LV_SSE41;
    case IR_V_GATHER:   /* pshufb (SSSE3) */
        return lv >= LV_SSE41 && l2 == 0 && !sc;
    case IR_V_ZEXT2: case IR_V_ZEXT4: case IR_V_ZEXT8:   /* pmovzx (SSE4.1) */
        return lv >= LV_SSE41 && l2 > kind - IR_V_ZEXT2;
    case IR_V_MINU: case IR_V_MIN: case IR_V_MAXU: case IR_V_MAX:
        return minmax_opc(kind, l2, lv) != 0;
    case IR_V_SLL: case IR_V_SRL: case IR_V_SRA:
        if (sc)   /* bytes: word shifts and a byte mask (not sra) */
            return kind == IR_V_SRA ? l2 >= 1 : true;   /* 64-bit sra: srl | sign << 64-c */
        return lv == LV_AVX2 && l2 >= 2 && (kind != IR_V_SRA || l2 == 2);
    default:
        if (is_mul_kind(kind))
            return l2 != 2 || lv >= LV_SSE41;
        return false;
    }
}

/* xr = xa * xb (low halves; xr written last, 3 if it is a source); clobbers x2, x3, x4,
 * x6. */
static void gen_mul(VG *g, int l2, int xa, int xb, int xr)
{
    int r3 = xr;
    if (!g->len || xr == xa || xr == xb)
        xr = 3;
    switch (l2) {
    case 0:   /* bytes: even and odd bytes as 16-bit products */
        vg_op3(g, P66(0xd5), 3, xa, xb);                       /* pmullw */
        vg_op3(g, P66(0x75), 4, 4, 4);                         /* pcmpeqw: all ones */
        vg_shift_imm(g, 0x71, 2, 4, 4, 8);                     /* 0x00ff words */
        vg_op3(g, P66(0xdb), 3, 3, 4);                         /* pand */
        vg_shift_imm(g, 0x71, 2, 2, xa, 8);
        vg_shift_imm(g, 0x71, 2, 6, xb, 8);
        vg_op3(g, P66(0xd5), 2, 2, 6);
        vg_shift_imm(g, 0x71, 6, 2, 2, 8);                     /* psllw 8 */
        vg_op3(g, P66(0xeb), xr, 3, 2);                        /* por */
        break;
    case 1:
        vg_op3(g, P66(0xd5), xr, xa, xb);                      /* pmullw */
        break;
    case 2:
        vg_op3(g, P66_38(0x40), xr, xa, xb);                   /* pmulld */
        break;
    default:  /* lo*lo + (hi_a*lo_b + lo_a*hi_b) << 32 */
        vg_op3(g, P66(0xf4), 3, xa, xb);                       /* pmuludq */
        vg_shift_imm(g, 0x73, 2, 2, xa, 32);
        vg_op3(g, P66(0xf4), 2, 2, xb);
        vg_shift_imm(g, 0x73, 2, 4, xb, 32);
        vg_op3(g, P66(0xf4), 4, 4, xa);
        vg_op3(g, P66(0xd4), 2, 2, 4);
        vg_shift_imm(g, 0x73, 6, 2, 2, 32);
        vg_op3(g, P66(0xd4), xr, 3, 2);
        break;
    }
    if (xr != r3)
        vg_mov(g, r3, xr);
}

/* Lane masks of mask_blend, per element size: lane i holds bit i % 8 of its byte of the mask
 * bits (bits[l2]), and for bytes the pshufb pattern spreading mask byte 0 over lanes 0-7 and
 * byte 1 over 8-15 (spread). Read as memory operands (aligned for legacy SSE). */
static const struct { uint8_t bits[16], spread[16]; } blend_tab[4] __attribute__((aligned(16))) = {
    { { 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 },
      { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 } },
    { { 1, 0, 2, 0, 4, 0, 8, 0, 16, 0, 32, 0, 64, 0, 128, 0 }, { 0 } },
    { { 1, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0 }, { 0 } },
    { { 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0 }, { 0 } },
};

/* xd = xd OP [m] (16 bytes: VEX-128 or legacy SSE) */
static void op_rm(VG *g, uint32_t opc, int xd, XMem m)
{
    x_simd_rm(g->b, opc, g->len ? 128 : 0, xd, g->len ? xd : 0, m, -1);
}

/* Under a mask (g->mask_off): result xmm r (not 0, 1, 4; 2 or a cache entry is moved to 3) merged with
 * the bytes of the group at env offset d_off (d's old ones; vmerge's a), taking it only in the elements of this chunk whose mask bit is set (gm holds the
 * mask's first 64 bits; the chunk's first element is g->k >> l2, unrolled: k is constant).
 * xmm0, 1, 2, 4 and gc are scratch. Returns the register holding the merged chunk. */
static int mask_blend(VG *g, int l2, int d_off, int r)
{
    XBuf *b = g->b;
    if (r == 2 || r >= VC_FIRST) {   /* changed in place below */
        vg_mov(g, 3, r);
        r = 3;
    }
    if (g->k >> l2) {
        x_mov_rr(b, true, g->gc, g->gm);
        x_shift_ri(b, XS_SHR, true, g->gc, (uint8_t)(g->k >> l2));
        x_movd_xr(b, 1, g->gc);
    } else {
        x_movd_xr(b, 1, g->gm);
    }
    x_mov_ri(b, g->gc, (uint64_t)(uintptr_t)&blend_tab[l2]);
    if (l2 == 0 && g->lv >= LV_SSE41) {   /* byte 0 of the bits into lanes 0-7, byte 1 into 8-15 */
        op_rm(g, P66_38(0x00), 1, xm(g->gc, 16));                    /* pshufb */
    } else if (l2 == 0) {
        vg_op3(g, P66(0x60), 1, 1, 1);                                  /* punpcklbw */
        vg_op3(g, P66(0x61), 1, 1, 1);                                  /* punpcklwd */
        vg_op3(g, P66(0x62), 1, 1, 1);                                  /* punpckldq */
    } else {
        if (l2 == 1)
            x_simd_rr(b, XSIMD(3, 1, 0x70, 0), g->len, 1, 0, 1, 0);  /* pshuflw 0 */
        x_simd_rr(b, P66(0x70), g->len, 1, 0, 1, 0);                 /* pshufd 0 */
    }
    op_rm(g, P66(0xdb), 1, xm(g->gc, 0));                            /* pand: lane i's bit */
    op_rm(g, P66(l2 == 0 ? 0x74 : l2 == 1 ? 0x75 : 0x76), 1, xm(g->gc, 0));   /* pcmpeq b/w/d */
    if (l2 == 3)                                                     /* low dword: the qword */
        x_simd_rr(b, P66(0x70), g->len, 1, 0, 1, 0xa0);
    int xo = vsrc(g, 0, d_off);
    if (g->len) {                                        /* vpblendvb r, old, new, lanes */
        x_simd_rr(b, XSIMD(1, 3, 0x4c, 0), g->len, r, xo, r, 1 << 4);
        return r;
    }
    vg_op3(g, P66(0xdb), r, r, 1);                                      /* pand: new */
    vg_op3(g, P66(0xdf), 1, 1, xo);                                     /* pandn: old */
    vg_op3(g, P66(0xeb), r, r, 1);                                      /* por */
    return r;
}

typedef struct VopArgs {
    int kind, l2, d, a, bo, n;
    bool sc;
    int imm;            /* shifts by a constant scalar (16-64 bits): the count, else -1 */
} VopArgs;

/* One chunk of an element-wise integer op. b is in xmm5 (broadcast) for scalar forms; shift
 * counts in xmm7 (scalar) or masked per element into xmm1. Result stored to d. */
static void vop_chunk(VG *g, const VopArgs *v)
{
    int xa = 0, xb = 5, r = 3;   /* a and b: read only (maybe cache entries) */
    if (v->kind != IR_V_MV)
        xa = vsrc(g, 0, v->a);
    if (!v->sc)
        xb = vsrc(g, 1, v->bo);
    bool simple = (v->kind >= IR_V_ADD && v->kind <= IR_V_MAX) ||   /* add ... max, mul */
                  (v->kind >= IR_V_SLL && v->kind <= IR_V_SRA && (v->imm >= 0 || v->sc) &&
                   v->l2 > 0);
    if (simple)
        r = vdst_pick(g, v->d, xa, xb);
    switch (v->kind) {
    case IR_V_ADD: vg_op3(g, P66(op_add[v->l2]), r, xa, xb); break;
    case IR_V_SUB: vg_op3(g, P66(op_sub[v->l2]), r, xa, xb); break;
    case IR_V_RSUB: vg_op3(g, P66(op_sub[v->l2]), r, xb, xa); break;
    case IR_V_AND: vg_op3(g, P66(0xdb), r, xa, xb); break;
    case IR_V_OR: vg_op3(g, P66(0xeb), r, xa, xb); break;
    case IR_V_XOR: vg_op3(g, P66(0xef), r, xa, xb); break;
    case IR_V_MINU: case IR_V_MIN: case IR_V_MAXU: case IR_V_MAX:
        vg_op3(g, minmax_opc(v->kind, v->l2, g->lv), r, xa, xb);
        break;
    case IR_V_MV: r = xb; break;
    case IR_V_MERGE: vg_mov(g, 3, xb); break;
    case IR_V_SLL: case IR_V_SRL: case IR_V_SRA: {
        const uint8_t *tab = v->kind == IR_V_SLL ? op_sll : v->kind == IR_V_SRL ? op_srl : op_sra;
        if (v->sc && v->l2 == 0) {   /* word shift, then the bits from the other byte cleared */
            vg_op3(g, P66(tab[1]), r, xa, 7);
            vg_op3(g, P66(0xdb), r, r, 6);
        } else if (v->sc && v->kind == IR_V_SRA && v->l2 == 3) {   /* no psraq below AVX-512 */
            vg_shift_imm(g, 0x72, 4, 2, xa, 31);               /* psrad 31: sign dwords */
            x_simd_rr(g->b, P66(0x70), g->len, 2, 0, 2, 0xf5);   /* pshufd: per qword */
            if (v->imm >= 0)
                vg_shift_imm(g, 0x73, 6, 2, 2, 64 - v->imm);   /* psllq by 64 - c (64: 0) */
            else
                vg_op3(g, P66(0xf3), 2, 2, 6);
            if (v->imm >= 0)                                /* r written after xa's reads */
                vg_shift_imm(g, 0x73, 2, r, xa, v->imm);       /* psrlq by c */
            else
                vg_op3(g, P66(0xd3), r, xa, 7);
            vg_op3(g, P66(0xeb), r, r, 2);                     /* por */
        } else if (v->imm >= 0) {   /* psllw/d/q /6, psrlw/d/q /2, psraw/d /4 by imm8 */
            vg_shift_imm(g, (uint8_t)(0x70 + v->l2), v->kind == IR_V_SLL ? 6 : v->kind == IR_V_SRL ? 2 : 4,
                      r, xa, v->imm);
        } else if (v->sc) {
            vg_op3(g, P66(tab[v->l2]), r, xa, 7);
        } else {
            /* AVX2 per-element shifts: vpsllvd/q 47, vpsrlvd/q 45, vpsravd 46 (0F38) */
            uint8_t o = v->kind == IR_V_SLL ? 0x47 : v->kind == IR_V_SRL ? 0x45 : 0x46;
            vg_op3(g, P66(0xdb), 1, xb, 7);                    /* count mod SEW */
            x_simd_rr(g->b, XSIMD(1, 2, o, v->l2 == 3), g->len, r, xa, 1, -1);
        }
        break;
    }
    case IR_V_MUL: gen_mul(g, v->l2, xa, xb, r); break;
    default: {   /* multiply-accumulate forms */
        bool dmul = v->kind == IR_V_MADD || v->kind == IR_V_NMSUB;
        vg_mov(g, 7, vsrc(g, 6, v->d));       /* xmm7: d (gen_mul clobbers xmm6) */
        if (dmul)
            gen_mul(g, v->l2, 7, xb, 3);   /* x3 = d*b */
        else
            gen_mul(g, v->l2, xa, xb, 3);  /* x3 = a*b */
        if (v->kind == IR_V_MACC)
            vg_op3(g, P66(op_add[v->l2]), 3, 3, 7);
        else if (v->kind == IR_V_MADD)
            vg_op3(g, P66(op_add[v->l2]), 3, 3, xa);
        else                               /* d - a*b, a - d*b */
            vg_op3(g, P66(op_sub[v->l2]), 2, v->kind == IR_V_NMSAC ? 7 : xa, 3), r = 2;
        break;
    }
    }
    if (g->mask_off)   /* the inactive elements: d's old ones, vmerge's a */
        r = mask_blend(g, v->l2, v->kind == IR_V_MERGE ? v->a : v->d, r);
    vdst(g, v->d, r);
}

/* Broadcast the low 2^l2 bytes of GPR s into xmm5/ymm5. */
void vg_broadcast(VG *g, int l2, XReg s)
{
    XBuf *b = g->b;
    int L = g->lv == LV_AVX2 ? 128 : 0;
    if (l2 == 3)
        x_movq_xr(b, 5, s);
    else
        x_movd_xr(b, 5, s);
    if (g->lv == LV_AVX2) {   /* vpbroadcastb/w/d/q ymm5 (xmm5), xmm5 */
        static const uint8_t bc[4] = { 0x78, 0x79, 0x58, 0x59 };
        x_simd_rr(b, P66_38(bc[l2]), vg_full_len(g), 5, 0, 5, -1);
        return;
    }
    if (l2 == 0)
        x_simd_rr(b, P66(0x60), L, 5, 5, 5, -1);                /* punpcklbw */
    if (l2 <= 1)
        x_simd_rr(b, XSIMD(3, 1, 0x70, 0), L, 5, 0, 5, 0);       /* pshuflw 0 */
    if (l2 <= 2)
        x_simd_rr(b, P66(0x70), L, 5, 0, 5, 0);                  /* pshufd 0 */
    else
        x_simd_rr(b, P66(0x6c), L, 5, 5, 5, -1);                 /* punpcklqdq */
}

/* Chunk plan: full chunks of width W, then the remainder as 16, 8 and 4 (loaded
 * zero-extended into the register, stored as that many bytes). */

void vg_for_chunks(VG *g, int n, ChunkFn fn, const void *arg)
{
    int W = vg_chunk_w(g), full = n / W;
    g->len = vg_full_len(g);
    g->w = W;
    if (full > 4) {
        XReg idx = g->loop_reg;
        x_alu_rr(g->b, XA_XOR, false, idx, idx);
        uint8_t *top = g->b->p;
        g->idx = idx;
        g->k = 0;
        g->loop_bytes = full * W;
        fn(g, arg);
        x_alu_ri(g->b, XA_ADD, false, idx, W);
        x_alu_ri(g->b, XA_CMP, false, idx, full * W);
        x_patch_rel32(x_jcc(g->b, XC_B, NULL), top);
        g->idx = X_NOREG;
    } else {
        for (int i = 0; i < full; i++) {
            g->k = i * W;
            g->stamp0 = g->be->vc_clock + 1;
            fn(g, arg);
        }
    }
    g->k = full * W;
    for (int w = 16; w >= 1; w /= 2) {
        if ((n - g->k) >= w && w < W) {
            g->w = w;
            g->len = g->lv == LV_AVX2 ? 128 : 0;
            g->stamp0 = g->be->vc_clock + 1;
            fn(g, arg);
            g->k += w;
        }
    }
}

static void vop_chunk_fn(VG *g, const void *arg) { vop_chunk(g, arg); }

/* A source operand of a whole-register op read at byte offset off of its group (no chunk offset
 * added) of which only the low need bytes matter: an entry when one holds them, else loaded
 * as the narrowest of 1/2/4/8/16 bytes covering them (a wider load right after a narrower
 * store of the same bytes would wait for that store to retire). The rest of the register is
 * unspecified. */
static int vsrc_n(VG *g, int x, int off, int need)
{
    int w = g->w, k = g->k;
    g->w = need <= 1 ? 1 : need <= 2 ? 2 : need <= 4 ? 4 : need <= 8 ? 8 : 16;
    g->k = 0;
    int r = vsrc(g, x, off);
    g->w = w;
    g->k = k;
    return r;
}

/* One chunk of a zero extension (n <= 16, so never 256-bit): pmovzx from the source's narrow
 * bytes (an entry, or loaded as wide as the chunk's source part). */
static void zext_chunk(VG *g, const void *arg)
{
    const VopArgs *v = arg;
    int f2 = v->kind - IR_V_ZEXT2 + 1, sl2 = v->l2 - f2;
    static const uint8_t op[3][4] = { { 0, 0x30, 0x31, 0x32 }, { 0, 0, 0x33, 0x34 },
                                      { 0, 0, 0, 0x35 } };   /* pmovzx[bwd][wdq] */
    int xs = vsrc_n(g, 0, v->a + (g->k >> f2), g->w >> f2);
    x_simd_rr(g->b, P66_38(op[sl2][v->l2]), g->len ? 128 : 0, 3, 0, xs, -1);
    vdst(g, v->d, g->mask_off ? mask_blend(g, v->l2, v->d, 3) : 3);
}

/* One chunk of the byte gather: the indices of this chunk, the source's first VLMAX bytes
 * (n <= 16, every index below VLMAX <= 16 selects inside them; v->imm: VLMAX when known at
 * translation time, else 16), pshufb, then the lanes whose index is not below VLMAX (xmm5:
 * VLMAX - 1 in every byte) cleared. */
static void gather_chunk(VG *g, const void *arg)
{
    const VopArgs *v = arg;
    int xi = vsrc(g, 1, v->bo);
    int xs = vsrc_n(g, 0, v->a, v->imm);
    int r = vdst_pick(g, v->d, xi, xs);   /* unmasked: straight into d's entry */
    vg_op3(g, P66(0xde), 2, xi, 5);       /* pmaxub: max(index, VLMAX - 1) */
    vg_op3(g, P66(0x74), 2, 2, 5);        /* pcmpeqb: index < VLMAX */
    vg_op3(g, P66_38(0x00), r, xs, xi);   /* pshufb */
    vg_op3(g, P66(0xdb), r, r, 2);        /* pand */
    vdst(g, v->d, g->mask_off ? mask_blend(g, 0, v->d, r) : r);
}

/* One chunk of vid.v (unrolled, k constant): the element indices of the chunk as constants
 * built in gt, 8 bytes at a time. */
static void id_chunk(VG *g, const void *arg)
{
    const VopArgs *v = arg;
    int e = 1 << v->l2;
    for (int h = 0; h < g->w; h += 8) {
        uint64_t x = 0;
        for (int j = 0; j * e < 8 && h + j * e < g->w; j++)   /* element indices fit in SEW (< 64) */
            x |= (uint64_t)((g->k + h) / e + j) << (8 * j * e);
        x_mov_ri(g->b, g->gt, x);
        x_movq_xr(g->b, h ? 4 : 3, g->gt);
    }
    if (g->w == 16)
        vg_op3(g, P66(0x6c), 3, 3, 4);                                  /* punpcklqdq */
    vdst(g, v->d, 3);
}

/* The slide down of one register (vlmax elements of the source, n <= 16 bytes): the source
 * register's bytes past vlmax cleared (shifted out to the left), then shifted right by the
 * offset, stored as n bytes. */
static void gen_slidedown(VG *g, const VopArgs *v, uint64_t scalar, XReg rs)
{
    int e = 1 << v->l2;
    bool one = v->kind == IR_V_SLIDE1DOWN;   /* by one, the scalar (rs) into the last */
    int vbytes = one ? v->n : (int)(scalar >> 32) * e;
    uint64_t sh = one ? (uint64_t)e : (scalar & 0xffffffff) * (uint64_t)e;
    static const uint32_t ins[4] = { XSIMD(1, 3, 0x20, 0), XSIMD(1, 1, 0xc4, 0),
                                     XSIMD(1, 3, 0x22, 0), XSIMD(1, 3, 0x22, 1) };
    g->len = g->lv == LV_AVX2 ? 128 : 0;
    g->w = 16;
    g->k = 0;
    if (g->len && (v->n == 16 || v->n == 8 || v->n == 4)) {
        /* VEX: shifted from the source's entry straight into the destination's register
         * (the bytes past vbytes are shifted out: only those are read) */
        int xs = vsrc_n(g, 3, v->a, vbytes);
        g->w = v->n;
        int r = vdst_pick(g, v->d, xs, -1);
        if (vbytes < 16) {
            vg_shift_imm(g, 0x73, 7, r, xs, 16 - vbytes);             /* vpslldq */
            xs = r;
        }
        sh += (uint64_t)(16 - vbytes);
        vg_shift_imm(g, 0x73, 3, r, xs, sh > 16 ? 16 : (int)sh);       /* vpsrldq (16: zero) */
        if (one)                                                    /* vpinsrb/w/d/q r, r, rs */
            x_simd_rr(g->b, ins[v->l2], 128, r, r, rs, v->n / e - 1);
        vdst(g, v->d, r);
        return;
    }
    vload_x(g, 3, v->a);
    if (v->n != 16 && v->n != 8 && v->n != 4)
        cg_vcache_drop(g->be, v->d, v->n);   /* stored piece by piece below */
    if (vbytes < 16)
        vg_shift_imm(g, 0x73, 7, 3, 3, 16 - vbytes);                   /* pslldq */
    sh += (uint64_t)(16 - vbytes);
    vg_shift_imm(g, 0x73, 3, 3, 3, sh > 16 ? 16 : (int)sh);           /* psrldq (16: zero) */
    if (one)     /* pinsrb/w/d/q xmm3, rs, last (legacy encoding, SSE4.1) */
        x_simd_rr(g->b, ins[v->l2], 0, 3, 0, rs, v->n / e - 1);
    if (v->n == 16 || v->n == 8 || v->n == 4) {   /* one piece: stored and kept */
        g->w = v->n;
        vdst(g, v->d, 3);
        return;
    }
    for (int w = 16; w >= 1; w /= 2) {
        if (v->n - g->k < w)
            continue;
        g->w = w;
        vstore(g, em(g, v->d), 3);
        g->k += w;
        if (g->k < v->n)
            vg_shift_imm(g, 0x73, 3, 3, 3, w);
    }
}

/* Accumulators span the whole register: a 128-bit VEX op would clear their upper half, so
 * remainder chunks (loaded zero-extended) are added at the full width. */
void vg_acc_op(VG *g, uint32_t opc, int xacc, int xs)
{
    int len = g->len;
    if (g->wide)
        g->len = 256;
    vg_op3(g, opc, xacc, xacc, xs);
    g->len = len;
}

static void redsum_chunk(VG *g, const void *arg)
{
    const VopArgs *v = arg;
    vload_x(g, 0, v->a);   /* zero-extended: accumulated at the full width */
    vg_acc_op(g, P66(op_add[v->l2]), 3, 0);
}

static void gen_redsum(VG *g, const VopArgs *v, XReg t)
{
    x_simd_rr(g->b, P66(0xef), vg_full_len(g), 3, 3, 3, -1);        /* acc = 0 */
    vg_for_chunks(g, v->n, redsum_chunk, v);
    g->len = g->lv == LV_AVX2 ? 128 : 0;
    g->w = 16;
    if (g->wide)                                                  /* vextracti128 xmm4, ymm3, 1 */
        x_simd_rr(g->b, XSIMD(1, 3, 0x39, 0), 256, 3, 0, 4, 1), vg_op3(g, P66(op_add[v->l2]), 3, 3, 4);
    x_simd_rr(g->b, P66(0x70), g->len, 4, 0, 3, 0x4e);            /* pshufd: swap qwords */
    vg_op3(g, P66(op_add[v->l2]), 3, 3, 4);
    if (v->l2 <= 2) {
        x_simd_rr(g->b, P66(0x70), g->len, 4, 0, 3, 0x01);
        vg_op3(g, P66(op_add[v->l2]), 3, 3, 4);
    }
    if (v->l2 <= 1) {
        vg_shift_imm(g, 0x72, 2, 4, 3, 16);
        vg_op3(g, P66(op_add[v->l2]), 3, 3, 4);
    }
    if (v->l2 == 0) {
        vg_shift_imm(g, 0x71, 2, 4, 3, 8);
        vg_op3(g, P66(op_add[v->l2]), 3, 3, 4);
    }
    x_movq_rx(g->b, t, 3);
    x_alu_rm(g->b, XA_ADD, true, t, xm(X_RBP, v->bo));
    x_store(g->b, 1 << v->l2, t, xm(X_RBP, v->d));
    cg_vcache_drop(g->be, v->d, 1 << v->l2);
}

static const XReg saved_regs[9] = { X_RAX, X_RCX, X_RDX, X_RSI, X_RDI, X_R8, X_R9, X_R10, X_R11 };

static void vec_generic(uint8_t *env, uint64_t desc, uint64_t offs, uint64_t scalar)
{
    ir_vec_ref(env, (int)(desc & 0xffff), (int)(offs & 0xffff), (int)((offs >> 16) & 0xffff),
               (int)((offs >> 32) & 0xffff), (int)(desc >> 16), scalar, (int)(offs >> 48));
}

/* Calls out of generated code that preserve every caller-saved GPR (pushed, popped) and the
 * xmm registers in xsave (16-byte slots; rsp 16-byte aligned at the call): call_save pushes
 * and returns the size of the area below the pushes; call_args loads rdi = env and the
 * arguments into rsi, rdx, rcx, a register argument from its saved slot when the pushes
 * covered it (so no argument clobbers another's source), X_NOREG: the immediate. */
typedef struct CallArg { XReg r; uint64_t imm; } CallArg;

static int32_t call_save(Backend *be, uint32_t xsave)
{
    XBuf *b = &be->b;
    for (int i = 0; i < 9; i++)
        x_push(b, saved_regs[i]);
    int32_t area = 8 + 16 * __builtin_popcount(xsave);
    x_alu_ri(b, XA_SUB, true, X_RSP, area);
    for (int x = 0, j = 0; x < 16; x++)
        if (xsave & (1u << x))
            x_simd_rm(b, XSIMD(2, 1, 0x7f, 0), 0, x, 0, xm(X_RSP, 8 + 16 * j++), -1);
    return area;
}

static void call_args(Backend *be, int32_t area, const CallArg *a, int n)
{
    static const XReg dst[3] = { X_RSI, X_RDX, X_RCX };
    XBuf *b = &be->b;
    for (int k = 0; k < n; k++) {
        int slot = -1;
        for (int i = 0; i < 9; i++)
            if (saved_regs[i] == a[k].r)
                slot = i;
        if (a[k].r == X_NOREG)
            x_mov_ri(b, dst[k], a[k].imm);
        else if (slot >= 0)
            x_load(b, 8, false, dst[k], xm(X_RSP, area + (8 - slot) * 8));
        else
            x_mov_rr(b, true, dst[k], a[k].r);
    }
    x_mov_rr(b, true, X_RDI, X_RBP);
}

static void call_restore(Backend *be, int32_t area, uint32_t xsave)
{
    XBuf *b = &be->b;
    for (int x = 0, j = 0; x < 16; x++)
        if (xsave & (1u << x))
            x_simd_rm(b, XSIMD(2, 1, 0x6f, 0), 0, x, 0, xm(X_RSP, 8 + 16 * j++), -1);
    x_alu_ri(b, XA_ADD, true, X_RSP, area);
    for (int i = 8; i >= 0; i--)
        x_pop(b, saved_regs[i]);
}

/* Call vec_generic (FP values were flushed to env by the caller). */
static void gen_generic_call(Backend *be, const IROp *op, XReg rs)
{
    uint64_t desc = (uint64_t)op->args[2] | (uint64_t)op->args[6] << 16;
    uint64_t offs = (uint64_t)op->args[3] | (uint64_t)op->args[4] << 16 |
                    (uint64_t)(op->args[5] & 0xffff) << 32 | (uint64_t)op->args[7] << 48;
    int32_t area = call_save(be, 0);
    call_args(be, area, (const CallArg[3]){ { X_NOREG, desc }, { X_NOREG, offs }, { rs, 0 } }, 3);
    x_mov_ri(&be->b, X_RAX, (uint64_t)(uintptr_t)vec_generic);
    x_call_r(&be->b, X_RAX);
    call_restore(be, area, 0);
    cg_vcache_reload(be);   /* the callee's xmm registers; d's entries were dropped */
}

/* ---- mask compares -------------------------------------------------------------------- */

static bool mcmp_unsigned(int kind)
{
    return kind == IR_V_MSLTU || kind == IR_V_MSLEU || kind == IR_V_MSGTU;
}

/* pcmpeq for EQ/NE, else pcmpgt (signed; unsigned after flipping the sign bits); 64-bit lanes
 * need SSE4.1 (pcmpeqq) or SSE4.2 (pcmpgtq). */
static bool mcmp_lowerable(int kind, int l2, int lv)
{
    if (lv == LV_GENERIC)
        return false;
    if (l2 < 3)
        return true;
    if (kind == IR_V_MSEQ || kind == IR_V_MSNE)
        return lv >= LV_SSE41;
    return lv >= LV_SSE41 && __builtin_cpu_supports("sse4.2");
}

/* The mask compare (n >> l2 <= 64 elements): each chunk's lane results to bits (pmovmskb,
 * movmskps/pd) gathered in gm, then merged into d's first 64 bits at once (d may be a
 * source's first register: every chunk is read first). b is in xmm5 for the scalar forms. */
static void gen_mcmp(VG *g, const VopArgs *v, XReg t)
{
    static const uint8_t eq[3] = { 0x74, 0x75, 0x76 }, gt[3] = { 0x64, 0x65, 0x66 };
    XBuf *b = g->b;
    int kind = v->kind, l2 = v->l2, m = v->n >> l2;
    bool uns = mcmp_unsigned(kind), inv = kind == IR_V_MSNE || kind == IR_V_MSLE ||
                                          kind == IR_V_MSLEU;
    bool swap = kind == IR_V_MSLT || kind == IR_V_MSLTU;   /* a < b as b > a */
    uint32_t opc = kind == IR_V_MSEQ || kind == IR_V_MSNE
                       ? (l2 == 3 ? P66_38(0x29) : P66(eq[l2]))
                       : (l2 == 3 ? P66_38(0x37) : P66(gt[l2]));
    g->len = g->lv == LV_AVX2 ? 128 : 0;
    if (uns) {   /* xmm6: the sign bit of every lane */
        static const uint64_t sign[4] = { 0x8080808080808080ull, 0x8000800080008000ull,
                                          0x8000000080000000ull, 0x8000000000000000ull };
        x_mov_ri(b, t, sign[l2]);
        x_movq_xr(b, 6, t);
        vg_op3(g, P66(0x6c), 6, 6, 6);                                  /* punpcklqdq */
    }
    bool one = v->n <= 16 && !(v->n & (v->n - 1));   /* a single chunk: straight into gm */
    if (!one)                                          /* else the chunks' bits gathered in it */
        x_alu_rr(b, XA_XOR, false, g->gm, g->gm);
    for (int k = 0; k < v->n; k += g->w) {
        int w = 16;
        while (w > v->n - k)
            w /= 2;
        g->k = k;
        g->w = w;
        g->stamp0 = g->be->vc_clock + 1;
        int xa = vsrc(g, 0, v->a), xb = v->sc ? 5 : vsrc(g, 1, v->bo);
        if (uns) {
            vg_op3(g, P66(0xef), 0, xa, 6);                             /* pxor */
            vg_op3(g, P66(0xef), 4, xb, 6);
            xa = 0;
            xb = 4;
        }
        vg_op3(g, opc, 3, swap ? xb : xa, swap ? xa : xb);
        if (l2 == 1)
            vg_op3(g, P66(0x63), 3, 3, 3);                              /* packsswb */
        uint32_t msk = l2 <= 1 ? P66(0xd7) : XSIMD(l2 == 3 ? 1 : 0, 1, 0x50, 0);
        XReg r = one ? g->gm : g->gc;
        x_simd_rr(b, msk, g->len, r, 0, 3, -1);                      /* pmovmskb, movmskps/pd */
        x_alu_ri(b, XA_AND, false, r, (1 << (w >> l2)) - 1);
        if (k >> l2)
            x_shift_ri(b, XS_SHL, true, r, (uint8_t)(k >> l2));
        if (r != g->gm)
            x_alu_rr(b, XA_OR, true, g->gm, r);
    }
    uint64_t low = m == 64 ? ~0ull : (1ull << m) - 1;
    if (inv && m < 32) {   /* imm32 sign-extended: low itself */
        x_alu_ri(b, XA_XOR, true, g->gm, (int32_t)low);
    } else if (inv) {
        x_mov_ri(b, t, low);
        x_alu_rr(b, XA_XOR, true, g->gm, t);
    }
    if (m < 64) {   /* the bits past m stay */
        x_load(b, 8, false, g->gc, xm(X_RBP, v->d));
        if (m < 32) {                                                /* ~low sign-extended */
            x_alu_ri(b, XA_AND, true, g->gc, (int32_t)(uint32_t)~low);
        } else {
            x_mov_ri(b, t, ~low);
            x_alu_rr(b, XA_AND, true, g->gc, t);
        }
        x_alu_rr(b, XA_OR, true, g->gm, g->gc);
    }
    x_store(b, 8, g->gm, xm(X_RBP, v->d));
    cg_vcache_drop(g->be, v->d, 8);
    cg_vcache_narrow(g->be, v->d);
}

/* More than 4 full chunks run as a loop: its index register, allocated up front. */
void vg_need_loop_reg(VG *g, int n, uint32_t avoid)
{
    if (n / vg_chunk_w(g) > 4)
        g->loop_reg = cg_alloc_scratch(g->be, avoid);
}

/* The op's skip input: every register is allocated before this, so both paths leave the
 * allocator in the same state. Returns the jump to patch to the op's end (NULL: no test), or
 * sets *never when skip is a nonzero constant. */
uint8_t *vg_skip_test(Backend *be, IRTemp skip, bool *never)
{
    *never = false;
    if (skip == be->vflag_temp) {   /* its setcond's compare just before: the flags */
        be->vflag_temp = IR_NOTEMP;
        return x_jcc(&be->b, be->vflag_cc, NULL);
    }
    if (ir_is_const(be->ir, skip)) {
        *never = be->ir->temps[skip].val != 0;
        return NULL;
    }
    XReg r = cg_temp_load(be, skip, 0);
    x_test_rr(&be->b, true, r, r);
    return x_jcc(&be->b, XC_NE, NULL);
}

/* Room for the largest op: 4 unrolled chunks or a loop, plus remainders and set-up. */
bool vg_room(Backend *be, int bytes)
{
    if (be->b.p + bytes <= be->b.end)
        return true;
    be->failed = true;
    return false;
}

void cg_gen_vop(Backend *be, const IROp *op)
{
    int vop = (int)op->args[2];
    VopArgs v = { IR_VEC_KIND(vop), IR_VEC_LOG2E(vop), (int)op->args[3], (int)op->args[4],
                  (int)op->args[5], (int)op->args[6], (vop & IR_V_SCALAR) != 0, -1 };
    VG g = vg_new(be);
    if (!vg_room(be, 1600))
        return;
    int mask_off = (int)op->args[7];
    bool mcmp = IR_V_IS_MCMP(v.kind), small = mcmp || mask_off;
    vg_set_wide(&g, small || v.kind == IR_V_ID ? 0 : v.n);   /* compares, masked ops and vid:
                                                             16-byte chunks, unrolled */
    IRTemp sct = (IRTemp)op->args[0];
    bool lower = v.n % (1 << v.l2) == 0 && v.n > 0 &&
                 (mcmp ? mcmp_lowerable(v.kind, v.l2, g.lv) && v.n >> v.l2 <= 64
                       : vop_lowerable(v.kind, v.l2, v.sc, g.lv) &&
                         (v.n <= 16 || v.kind < IR_V_GATHER)) &&
                 (v.kind != IR_V_SLIDE1DOWN || v.n <= 16) && (v.kind != IR_V_ID || v.n <= 64) &&
                 (v.kind != IR_V_SLIDEDOWN || (ir_is_const(be->ir, (IRTemp)op->args[0]) &&
                                               (be->ir->temps[op->args[0]].val >> 32 << v.l2) <= 16)) &&
                 (!mask_off || (IR_V_MASKED_OK(v.kind) && v.n <= 64));
    v.imm = lower && v.sc && v.kind >= IR_V_SLL && v.kind <= IR_V_SRA && v.l2 > 0 &&
            ir_is_const(be->ir, sct) ? (int)(be->ir->temps[sct].val & ((8 << v.l2) - 1)) : -1;
    /* the scalar in a register only where it is used (not for an imm8 count) */
    bool gknown = v.kind == IR_V_GATHER && ir_is_const(be->ir, sct) &&   /* VLMAX known */
                  be->ir->temps[sct].val >= 1 && be->ir->temps[sct].val <= 16;
    bool need_rs = !lower || (v.sc && v.imm < 0) || (v.kind == IR_V_GATHER && !gknown) ||
                   v.kind == IR_V_SLIDE1DOWN;
    XReg rs = need_rs ? cg_temp_load(be, sct, 0) : X_NOREG;
    uint32_t rsm = rs != X_NOREG ? 1u << rs : 0;
    XReg t = X_NOREG;
    if (lower) {
        t = cg_alloc_scratch(be, rsm);
        g.gt = t;
        uint32_t used = rsm | (1u << t);
        if (small) {
            g.gm = cg_alloc_scratch(be, used);
            g.gc = cg_alloc_scratch(be, used | 1u << g.gm);
        } else {
            vg_need_loop_reg(&g, v.n, used);
        }
    } else {   /* a call: FP values to env; d (or a compare's bits) out of the cache */
        cg_flush_xmm(be, true);
        cg_vcache_drop(be, v.d, v.n > 8 ? v.n : 8);
    }
    bool never;
    uint8_t *skip = vg_skip_test(be, (IRTemp)op->args[1], &never);
    if (never)
        return;
    if (!lower) {
        gen_generic_call(be, op, rs);
    } else if (mcmp) {
        if (v.sc)
            vg_broadcast(&g, v.l2, rs);
        gen_mcmp(&g, &v, t);
    } else {
        if (mask_off) {
            g.mask_off = mask_off;
            x_load(g.b, 8, false, g.gm, xm(X_RBP, mask_off));
        }
        if (v.kind >= IR_V_SLL && v.kind <= IR_V_SRA && v.imm >= 0) {
            /* a constant count: immediate shifts (vop_chunk) */
        } else if (v.kind >= IR_V_SLL && v.kind <= IR_V_SRA) {
            /* xmm7: the scalar count mod SEW (low qword), or SEW-1 in every element */
            int bits = 8 << v.l2;
            if (v.sc) {
                x_mov_rr(g.b, true, t, rs);
                x_alu_ri(g.b, XA_AND, false, t, bits - 1);
            } else {
                x_mov_ri(g.b, t, (uint64_t)(bits - 1));
            }
            x_movq_xr(g.b, 7, t);
            if (v.sc && v.kind == IR_V_SRA && v.l2 == 3) {   /* xmm6: 64 - count */
                x_alu_ri(g.b, XA_XOR, false, t, 63);          /* 63 - c */
                x_alu_ri(g.b, XA_ADD, false, t, 1);
                x_movq_xr(g.b, 6, t);
            }
            if (v.sc && v.l2 == 0) {   /* xmm6: the byte mask of the shifted bits, every byte
                                          (packuswb works per 128-bit lane: both hold it) */
                g.len = vg_full_len(&g);
                vg_op3(&g, P66(0x75), 6, 6, 6);                       /* pcmpeqw: all ones */
                vg_shift_imm(&g, 0x71, 2, 6, 6, 8);                   /* 0x00ff words */
                vg_mov(&g, 4, 6);
                vg_op3(&g, P66(v.kind == IR_V_SLL ? 0xf1 : 0xd1), 6, 6, 7);   /* psllw/psrlw */
                vg_op3(&g, P66(0xdb), 6, 6, 4);                       /* low bytes only */
                vg_op3(&g, P66(0x67), 6, 6, 6);                       /* packuswb */
            }
            if (!v.sc)   /* AVX2 only (vop_lowerable): vpbroadcastd/q ymm7, xmm7 */
                x_simd_rr(g.b, P66_38(v.l2 == 3 ? 0x59 : 0x58), vg_full_len(&g), 7, 0, 7, -1);
        } else if (v.kind == IR_V_GATHER) {
            v.imm = gknown ? (int)be->ir->temps[sct].val : 16;
            if (gknown) {   /* xmm5: VLMAX - 1 in every byte, from a table row */
                static const struct { uint8_t b[16]; } rows[16] __attribute__((aligned(16))) = {
#define ROW(x) { { x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x } }
                    ROW(0), ROW(1), ROW(2), ROW(3), ROW(4), ROW(5), ROW(6), ROW(7), ROW(8),
                    ROW(9), ROW(10), ROW(11), ROW(12), ROW(13), ROW(14), ROW(15),
#undef ROW
                };
                x_mov_ri(g.b, t, (uint64_t)(uintptr_t)&rows[v.imm - 1]);
                x_simd_rm(g.b, XSIMD(2, 1, 0x6f, 0), g.lv == LV_AVX2 ? 128 : 0, 5, 0, xm(t, 0), -1);
            } else {
                x_mov_rr(g.b, true, t, rs);
                x_alu_ri(g.b, XA_SUB, false, t, 1);
                vg_broadcast(&g, 0, t);
            }
        } else if (v.sc && v.kind != IR_V_REDSUM && v.kind != IR_V_SLIDEDOWN &&
                   v.kind != IR_V_SLIDE1DOWN) {
            vg_broadcast(&g, v.l2, rs);
        }
        if (v.kind == IR_V_SLIDEDOWN || v.kind == IR_V_SLIDE1DOWN)
            gen_slidedown(&g, &v, (uint64_t)be->ir->temps[op->args[0]].val, rs);
        else if (v.kind == IR_V_REDSUM)
            gen_redsum(&g, &v, t);
        else if (v.kind == IR_V_GATHER)
            vg_for_chunks(&g, v.n, gather_chunk, &v);
        else if (v.kind >= IR_V_ZEXT2 && v.kind <= IR_V_ZEXT8)
            vg_for_chunks(&g, v.n, zext_chunk, &v);
        else if (v.kind == IR_V_ID)
            vg_for_chunks(&g, v.n, id_chunk, &v);
        else
            vg_for_chunks(&g, v.n, vop_chunk_fn, &v);
        if (g.wide)
            x_vzeroupper(g.b);
    }
    vm_skip_end(&g, skip, (IRTemp)op->args[1]);
}

/* ---- unit-stride memory ---------------------------------------------------------------- */

typedef struct VmArgs { XMem gm; int reg; bool store; int l2; } VmArgs;

static void vm_chunk(VG *g, const void *arg)
{
    const VmArgs *v = arg;
    XMem m = v->gm;
    m.disp += g->k;
    if (g->idx != X_NOREG)
        m.index = g->idx;   /* [idx + address + k]: the address is a base (below) */
    if (v->store) {
        vstore(g, m, vsrc(g, 0, v->reg));
    } else {
        int r = g->mask_off ? 3 : vdst_pick(g, v->reg, -1, -1);
        vload(g, r, m);
        vdst(g, v->reg, g->mask_off ? mask_blend(g, v->l2, v->reg, 3) : r);
    }
}

static bool op_writes(const IROp *o, IRTemp t)
{
    for (int k = 0; k < o->nb_out; k++)
        if ((IRTemp)o->args[k] == t)
            return true;
    return false;
}

/* Whether an earlier vld/vst of this basic block accessed address temp a under the same
 * (non-constant) skip temp, neither written since: its range check of a then ran whenever
 * this access runs (skip is 0 for both), so this one needs none. */
static bool vm_checked_before(Backend *be, IRTemp a, IRTemp skip)
{
    const IRContext *ir = be->ir;
    if (ir_is_const(ir, skip))
        return false;
    for (int i = be->cur_op - 1; i >= 0; i--) {
        const IROp *o = &ir->ops[i];
        if ((ir_op_defs[o->opc].flags & IRF_BB_END) || op_writes(o, a) || op_writes(o, skip))
            return false;
        if ((o->opc == IR_OP_vld || o->opc == IR_OP_vst) && (IRTemp)o->args[0] == a &&
            (IRTemp)o->args[1] == skip)
            return true;
    }
    return false;
}

/* vldl/vstl: len bytes (run time, 4 <= len <= n <= 128) as pieces inside [0, len), some
 * overlapping: with len >= 16 the 16-byte chunks at 0, 16, ... that end by len, then the 16
 * ending at len; else 8 at 0 and 8 ending at len, or 4 and 4. The pieces ending at len use
 * len's register as the index (no other register: the allocator may have few). */
static void gen_vmem_len(Backend *be, const IROp *op)
{
    VG g = vg_new(be);
    if (g.lv == LV_GENERIC)
        g.lv = LV_SSE2;
    IRTemp a = (IRTemp)op->args[0];
    int n = (int)op->args[4];
    if (n > 128 || n < 4) {   /* not produced by front ends */
        be->failed = true;
        return;
    }
    XReg ra = cg_temp_load(be, a, 0);
    XReg rl = cg_temp_load(be, (IRTemp)op->args[2], 1u << ra);
    XReg t = cg_alloc_scratch(be, 1u << ra | 1u << rl);
    bool never;
    uint8_t *skip = vg_skip_test(be, (IRTemp)op->args[1], &never);
    if (never)
        return;
    XBuf *b = g.b;
    bool was_checked = cg_addr_checked(be, a, -1);
    XMem gm = cg_guest_addr(be, a, MO_8);
    cg_addr_checked(be, a, was_checked);
    x_lea(b, true, t, gm);                   /* r15 + address: the index slot stays free */
    VmArgs v = { xm(t, 0), (int)op->args[3], op->opc == IR_OP_vstl, 0 };
    g.nocache = true;   /* pieces on some paths only */
    if (!v.store)
        cg_vcache_drop(be, v.reg, n);
    int site = cg_fault_site(be);
    g.len = g.lv == LV_AVX2 ? 128 : 0;
    uint8_t *done[2], *tail[8];
    int nd = 0, nt = 0;
    for (int w = 16; w >= 4; w /= 2) {
        if (w > n)
            continue;
        uint8_t *next = NULL;
        if (w > 4) {                         /* len < w: the smaller pieces */
            x_alu_ri(b, XA_CMP, false, rl, w);
            next = x_jcc(b, XC_B, NULL);
        }
        g.w = w;
        g.idx = X_NOREG;
        g.k = 0;
        vm_chunk(&g, &v);
        for (int k = 16; w == 16 && k + 16 < n; k += 16) {   /* [k, k + 16) if len reaches */
            x_alu_ri(b, XA_CMP, false, rl, k + 16);
            tail[nt++] = x_jcc(b, XC_B, NULL);
            g.k = k;
            vm_chunk(&g, &v);
        }
        for (int i = 0; i < nt; i++)
            x_patch_rel32(tail[i], b->p);
        nt = 0;
        if (n > w) {                         /* [len - w, len) */
            g.idx = rl;
            g.k = -w;
            vm_chunk(&g, &v);
        }
        g.idx = X_NOREG;
        if (!next)
            break;
        done[nd++] = x_jmp(b, NULL);
        x_patch_rel32(next, b->p);
    }
    for (int i = 0; i < nd; i++)
        x_patch_rel32(done[i], b->p);
    cg_close_site(be, site);
    if (skip)
        x_patch_rel32(skip, b->p);
}

void cg_gen_vmem(Backend *be, const IROp *op)
{
    if (op->opc == IR_OP_vldl || op->opc == IR_OP_vstl) {
        if (vg_room(be, 800))
            gen_vmem_len(be, op);
        return;
    }
    VG g = vg_new(be);
    if (g.lv == LV_GENERIC)
        g.lv = LV_SSE2;            /* plain moves: no level needed */
    if (!vg_room(be, 800))
        return;
    IRTemp a = (IRTemp)op->args[0];
    int n = (int)op->args[3], mask_off = (int)op->args[4];
    vg_set_wide(&g, mask_off ? 0 : n);   /* masked (n <= 64): 16-byte chunks, unrolled */
    XReg ra = cg_temp_load(be, a, 0);
    bool loop = n / vg_chunk_w(&g) > 4;
    XReg t = loop ? cg_alloc_scratch(be, 1u << ra) : X_NOREG;
    uint32_t used = (1u << ra) | (loop ? 1u << t : 0);
    vg_need_loop_reg(&g, n, used);
    if (g.loop_reg != X_NOREG)
        used |= 1u << g.loop_reg;
    if (n % 4 || mask_off) {
        g.gt = cg_alloc_scratch(be, used);
        used |= 1u << g.gt;
    }
    if (mask_off) {
        if (loop || op->opc == IR_OP_vst) {   /* not produced by front ends */
            be->failed = true;
            return;
        }
        g.gm = cg_alloc_scratch(be, used);
        g.gc = cg_alloc_scratch(be, used | 1u << g.gm);
    }
    bool never;
    uint8_t *skip = vg_skip_test(be, (IRTemp)op->args[1], &never);
    if (never)
        return;
    if (mask_off) {
        g.mask_off = mask_off;
        x_load(g.b, 8, false, g.gm, xm(X_RBP, mask_off));
    }
    /* The address check runs only on this path: later ops must not count on it, but an
     * access under the same skip temp does (vm_checked_before). */
    bool was_checked = cg_addr_checked(be, a, -1);
    if (!was_checked && vm_checked_before(be, a, (IRTemp)op->args[1]))
        cg_addr_checked(be, a, 1);
    VmArgs v = { cg_guest_addr(be, a, MO_8), (int)op->args[2], op->opc == IR_OP_vst,
                 (int)op->args[5] };
    cg_addr_checked(be, a, was_checked);
    if (loop) {   /* a loop needs the index slot: fold r15 + address into one register */
        x_lea(g.b, true, t, v.gm);
        v.gm = xm(t, 0);
    }
    int site = cg_fault_site(be);
    vg_for_chunks(&g, n, vm_chunk, &v);
    cg_close_site(be, site);
    if (g.wide)
        x_vzeroupper(g.b);
    vm_skip_end(&g, skip, (IRTemp)op->args[1]);
}

/* ---- which scratch registers an op writes ----------------------------------------------
 * codegen.c empties the FP values (codegen-fp.c) held in these before the op; the rest stay
 * live across it. Conservative: all of xmm0-7 unless the op's lowering above is known to use
 * fewer (kinds whose emitters name their registers: a store moves through xmm0, an unmasked
 * load and a slide through xmm3, vfmv.v.f broadcasts into xmm5 and copies through xmm0, an
 * FP reduction sums in xmm0; the other vfops leave xmm5 alone unless a scalar is broadcast,
 * and xmm7 when their check accumulates in xmm1: vf_acc_reg).
 * Ops that call C (generic vops) empty every FP register themselves. Keep in step with the
 * emitters: test-vec-cache keeps FP values in every allocatable xmm across all these ops. */
#define XS(r) (1u << (r))
unsigned cg_vec_scratch(const Backend *be, const IROp *op)
{
    switch (op->opc) {
    case IR_OP_vst: case IR_OP_vstl:
        return XS(0);
    case IR_OP_vld:
        return op->args[4] ? 0xff : XS(3);           /* masked: mask_blend's too */
    case IR_OP_vldl:
        return XS(3);
    case IR_OP_vop: {
        int kind = IR_VEC_KIND((int)op->args[2]);
        bool slide = kind == IR_V_SLIDEDOWN || kind == IR_V_SLIDE1DOWN;
        return slide && !op->args[7] ? XS(3) : 0xff;
    }
    case IR_OP_vfop: {
        int vop = (int)op->args[4], kind = IR_VEC_KIND(vop);
        if (vf_lean(be, op))
            return XS(0) | XS(1) | XS(2);
        if (kind == IR_VF_MV)
            return XS(0) | XS(5);
        if (kind == IR_VF_REDSUM)
            return XS(0);
        unsigned m = vf_acc_reg(be, op) == 7 ? 0xff : 0xff & ~XS(7);
        return (vop & IR_V_SCALAR) ? m : m & ~XS(5);
    }
    default:
        return 0xff;
    }
}
#undef XS

/* ---- the slow path: a conditional helper call ------------------------------------------
 * The fast path is one branch (test cond; jne), or none when the vld/vst just before skips
 * under the same condition (vfuse_* in the Backend: its skip branch is this call's branch).
 * The call itself is out of line: its code (globals and pc to env, every caller-saved register
 * and the FP values in xmm registers saved, the call, everything restored, the cached vector
 * registers reloaded) is emitted at the op into a buffer, with the allocator's state of the
 * op, and copied after the block (cg_defer_cold), then a jump back. The code is position
 * independent (absolute call through rax, no rel32). */
#define VCALL_MAX 2048

typedef struct VcallCold {
    uint8_t *branch[8], *resume;
    int n;
    uint32_t len;
    VfRecheck rc;   /* the fused vfop's re-check, failing to the call path */
    uint8_t code[VCALL_MAX];
} VcallCold;

static void vcall_cold(Backend *be, const void *data)
{
    const VcallCold *c = data;
    uint8_t *start = be->b.p;
    for (int i = 0; i < c->n; i++)
        x_patch_rel32(c->branch[i], start);
    memcpy(be->b.p, c->code, c->len);
    be->b.p += c->len;
    x_jmp(&be->b, c->resume);
    if (c->rc.jcc)
        vf_recheck_emit(be, &c->rc, start);
}

/* The call path's code into b (be->b pointing there). */
static void vcall_body(Backend *be, const IROp *op, XReg rd, XReg rs)
{
    IRTemp desc = (IRTemp)op->args[1], sc = (IRTemp)op->args[2];
    XBuf *b = &be->b;
    bool pc_late = false;
    cg_store_globals(be);   /* the callee may raise a guest exception: env complete */
    uint64_t pc = (uint64_t)op->args[4];
    if ((int64_t)pc == (int32_t)pc) {
        x_store_imm(b, 8, xm(X_RBP, (int32_t)GUEST_PC_OFFSET), (int32_t)pc);
    } else {   /* rax is saved below: use it after the pushes */
        pc_late = true;
    }
    /* FP values in xmm registers stay there: saved around the call */
    uint32_t xsave = 0;
    for (int x = XMM_FIRST_ALLOC; x < 16; x++)
        if (be->reg_owner[XMM_REG(x)] >= 0 || be->reg_owner[XMM_REG(x)] == OWNER_SCRATCH)
            xsave |= 1u << x;
    int32_t area = call_save(be, xsave);
    if (pc_late) {
        x_mov_ri(b, X_RAX, pc);
        x_store(b, 8, X_RAX, xm(X_RBP, (int32_t)GUEST_PC_OFFSET));
    }
    CallArg a[2] = { { rd, rd == X_NOREG ? (uint64_t)be->ir->temps[desc].val : 0 },
                     { rs, rs == X_NOREG ? (uint64_t)be->ir->temps[sc].val : 0 } };
    call_args(be, area, a, 2);
    bool ctr = cg_flush_counter(be);   /* clears the counter register (r11, saved last) */
    x_mov_ri(b, X_RAX, (uint64_t)op->args[3]);
    x_call_r(b, X_RAX);
    if (ctr)                           /* ... so its saved copy must pop as 0 */
        x_store_imm(b, 8, xm(X_RSP, area), 0);
    call_restore(be, area, xsave);
    /* the callee may have changed any vector register: every cached one from env */
    unsigned live = 0;
    for (int x = VC_FIRST; x < 16; x++)
        if (vc_live(be, x))
            live |= 1u << x;
    vc_reload_at(be, live, be->vc_off);
}

static int next_op(const Backend *be, int i)
{
    i++;
    while (i < be->ir->nb_ops && be->ir->ops[i].opc == IR_OP_nop)
        i++;
    return i < be->ir->nb_ops && !be->skip[i] ? i : -1;
}

/* Whether compare result d is read only as the condition of the vcall right after the op being
 * emitted (a plugin filter's test): the vcall then branches on the compare's flags (vflag_*). */
bool cg_vcall_cond_next(Backend *be, IRTemp d)
{
    int j = next_op(be, be->cur_op);
    if (j < 0)
        return false;
    const IROp *v = &be->ir->ops[j];
    return v->opc == IR_OP_vcall && (IRTemp)v->args[0] == d && (v->life & 1) &&
           ir_is_const(be->ir, (IRTemp)v->args[1]);
}

bool cg_vec_cond_in_flags(Backend *be, const IROp *op)
{
    const IRContext *ir = be->ir;
    IRTemp d = (IRTemp)op->args[0];
    int j = next_op(be, be->cur_op), k = j < 0 ? -1 : next_op(be, j);
    if (k < 0)
        return false;
    const IROp *m = &ir->ops[j], *v = &ir->ops[k];
    /* the vcall's scalar is the access's address (in a register since the access) and its
     * desc a constant, so nothing comes between the two and the branch is shared */
    return (m->opc == IR_OP_vld || m->opc == IR_OP_vst) && (IRTemp)m->args[1] == d &&
           (IRTemp)m->args[0] != d && m->args[4] == 0 && v->opc == IR_OP_vcall &&
           (IRTemp)v->args[0] == d && (v->life & 1) && (IRTemp)v->args[2] == (IRTemp)m->args[0] &&
           ir_is_const(ir, (IRTemp)v->args[1]);
}

/* Whether the next op is a vcall testing cond (not a constant): an op skipping under cond
 * (or producing it as its status) may leave its branches to it (vc_fuse_leave). */
bool vc_fusable(Backend *be, IRTemp cond, int *at)
{
    const IRContext *ir = be->ir;
    if (ir_is_const(ir, cond))
        return false;
    int i = be->cur_op + 1;
    while (i < ir->nb_ops && ir->ops[i].opc == IR_OP_nop)
        i++;
    if (i >= ir->nb_ops || be->skip[i])
        return false;
    *at = i;
    return ir->ops[i].opc == IR_OP_vcall && (IRTemp)ir->ops[i].args[0] == cond;
}

/* The vcall's branches: the pending op's when they may serve (nothing was emitted since
 * the op), else those land at the op's end as usual (through a reload of its entries, the
 * status set to 1) and none is returned. */
static int vc_fuse_take(Backend *be, uint8_t **br)
{
    int n = be->vfuse_n;
    be->vfuse_n = 0;
    if (!n || be->vfuse_op != be->cur_op)
        return 0;
    if (be->b.p == be->vfuse_end) {
        memcpy(br, be->vfuse_jcc, (size_t)n * sizeof br[0]);
        return n;
    }
    VcFallback c = { { NULL }, n, be->vfuse_end, { 0 }, be->vfuse_fresh, be->vfuse_rd,
                     be->vfuse_rc };
    be->vfuse_rc.jcc = NULL;
    memcpy(c.br, be->vfuse_jcc, sizeof c.br);
    for (int x = VC_FIRST; x < 16; x++)
        c.off[x] = be->vc_off[x];
    cg_defer_cold(be, vc_fallback_cold, &c, sizeof c);
    return 0;
}

void cg_gen_vcall(Backend *be, const IROp *op)
{
    IRTemp cond = (IRTemp)op->args[0], desc = (IRTemp)op->args[1], sc = (IRTemp)op->args[2];
    XBuf *b = &be->b;
    if (!vg_room(be, 64)) {
        be->vfuse_n = 0;
        return;
    }
    /* every register first: the call path must leave the allocator as the other one */
    XReg rd = ir_is_const(be->ir, desc) ? X_NOREG : cg_temp_load(be, desc, 0);
    XReg rs = ir_is_const(be->ir, sc) ? X_NOREG : cg_temp_load(be, sc, rd != X_NOREG ? 1u << rd : 0);
    VcallCold c;
    c.n = vc_fuse_take(be, c.branch);
    c.rc = be->vfuse_rc;   /* the fused vfop's, when its branches were taken over */
    if (!c.n)
        c.rc.jcc = NULL;
    be->vfuse_rc.jcc = NULL;
    if (ir_is_const(be->ir, cond)) {
        if (be->ir->temps[cond].val == 0)
            return;
        c.branch[c.n++] = x_jmp(b, NULL);
    } else if (!c.n && cond == be->vflag_temp) {   /* the compare just before: its flags */
        be->vflag_temp = IR_NOTEMP;
        c.branch[c.n++] = x_jcc(b, be->vflag_cc, NULL);
    } else if (!c.n) {
        if (be->ir->temps[cond].val_loc == LOC_DEAD) {   /* in flags, branch lost: never */
            be->failed = true;
            return;
        }
        uint32_t avoid = (rd != X_NOREG ? 1u << rd : 0) | (rs != X_NOREG ? 1u << rs : 0);
        XReg rc = cg_temp_load(be, cond, avoid);
        x_test_rr(b, true, rc, rc);
        c.branch[c.n++] = x_jcc(b, XC_NE, NULL);
    }
    c.resume = b->p;
    XBuf saved = *b;
    *b = (XBuf){ c.code, c.code, c.code + sizeof c.code };
    vcall_body(be, op, rd, rs);
    c.len = (uint32_t)(b->p - c.code);
    *b = saved;
    cg_defer_cold(be, vcall_cold, &c, offsetof(VcallCold, code) + c.len);
}
