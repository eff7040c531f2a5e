/*
 * The integer vector part's hand-written helpers (shapes P_* in vector-int.def): mask population
 * and set-before-first (vcpop, vfirst, vmsbf/vmsif/vmsof, viota, vid), scalar moves (vmv.x.s,
 * vmv.s.x), slides, gathers, compress and the whole-register moves.
 *
 * Each helper follows vector-int-impl.h: vi_begin (which checks the shape vector-int.def gives:
 * groups aligned to EMUL, the overlaps these instructions forbid, vstart = 0 where the spec
 * demands it), the few checks a shape cannot say, the element loop, vi_end. Element width is
 * the run-time SEW (these loops are not instantiated per SEW, but vrgather.vv's, hot in AES
 * and SHA-256 code; unmasked slide-downs from vstart 0 move bytes with memmove). Tail and
 * masked-off elements are left undisturbed.
 */
#include "vector-int-impl.h"

#define ESZ(e) (1u << (e)->vsew)

static void check(VCPU *cpu, bool ok)
{
    if (!ok)
        rv_vraise_illegal(cpu);
}

static bool groups_overlap(unsigned a, int al, unsigned b, int bl)
{
    unsigned as = al > 0 ? 1u << al : 1, bs = bl > 0 ? 1u << bl : 1;
    return a < b + bs && b < a + as;
}

static void set_x(VIEnv *e, unsigned rd, uint64_t v)
{
    if (rd)
        e->g->x[rd] = v;
}

/* ---- mask population ---- */

void helper_vcpop_m(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    uint64_t n = 0;
    for (uint32_t i = 0; i < e.vl; i++)
        n += vi_active(&e, i) && vi_bit(&e, e.vs2, i);
    set_x(&e, e.vd, n);
    vi_end(&e);
}

void helper_vfirst_m(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    uint64_t r = ~0ull;
    for (uint32_t i = 0; i < e.vl; i++)
        if (vi_active(&e, i) && vi_bit(&e, e.vs2, i)) {
            r = i;
            break;
        }
    set_x(&e, e.vd, r);
    vi_end(&e);
}

/* vmsbf (before = 1, at = 0), vmsif (1, 1), vmsof (0, 1): bit i of vd for the active elements
 * before, at and after the first active set bit of vs2. */
static void set_first(VCPU *cpu, uint64_t desc, unsigned before, unsigned at)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    check(cpu, e.vm || e.vd != 0);   /* the shape lets a mask destination be v0 */
    bool found = false;
    for (uint32_t i = 0; i < e.vl; i++) {
        if (!vi_active(&e, i))
            continue;
        unsigned v = 0;
        if (!found && vi_bit(&e, e.vs2, i)) {
            found = true;
            v = at;
        } else if (!found) {
            v = before;
        }
        vi_set_bit(&e, e.vd, i, v);
    }
    vi_end(&e);
}
void helper_vmsbf_m(VCPU *cpu, uint64_t desc, uint64_t s) { set_first(cpu, desc, 1, 0); }
void helper_vmsif_m(VCPU *cpu, uint64_t desc, uint64_t s) { set_first(cpu, desc, 1, 1); }
void helper_vmsof_m(VCPU *cpu, uint64_t desc, uint64_t s) { set_first(cpu, desc, 0, 1); }

/* viota.m: vd[i] = number of set bits of vs2 at the active elements before i. */
void helper_viota_m(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    uint64_t n = 0;
    for (uint32_t i = 0; i < e.vl; i++) {
        if (!vi_active(&e, i))
            continue;
        vi_set_elem(&e, e.vd, i, ESZ(&e), n);
        n += vi_bit(&e, e.vs2, i);
    }
    vi_end(&e);
}

void helper_vid_v(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    for (uint32_t i = e.vstart; i < e.vl; i++)
        if (vi_active(&e, i))
            vi_set_elem(&e, e.vd, i, ESZ(&e), i);
    vi_end(&e);
}

/* ---- scalar moves ---- */

void helper_vmv_x_s(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    set_x(&e, e.vd, (uint64_t)vi_sx(vi_elem(&e, e.vs2, 0, ESZ(&e)), 8u << e.vsew));
    vi_end(&e);
}

void helper_vmv_s_x(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    if (e.vstart < e.vl)
        vi_set_elem(&e, e.vd, 0, ESZ(&e), s);
    vi_end(&e);
}

/* ---- slides ---- */

void helper_vslideup_vx(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    unsigned esz = ESZ(&e);
    for (uint64_t i = e.vstart > s ? e.vstart : s; i < e.vl; i++)
        if (vi_active(&e, (uint32_t)i))
            vi_set_elem(&e, e.vd, (uint32_t)i, esz, vi_elem(&e, e.vs2, (uint32_t)(i - s), esz));
    vi_end(&e);
}

void helper_vslide1up_vx(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    unsigned esz = ESZ(&e);
    for (uint32_t i = e.vstart; i < e.vl; i++)
        if (vi_active(&e, i))
            vi_set_elem(&e, e.vd, i, esz, i ? vi_elem(&e, e.vs2, i - 1, esz) : s);
    vi_end(&e);
}

/* vslidedown (one = false: by s) and vslide1down (by 1, s enters at vl - 1) read ahead of
 * what they write: vd may be vs2. */
static void slidedown(VCPU *cpu, uint64_t desc, uint64_t s, bool one)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    unsigned esz = ESZ(&e);
    uint64_t by = one ? 1 : s;
    if (e.vm && e.vstart == 0 && e.vl) {   /* the common case: whole bytes moved at once */
        uint8_t *d = vi_reg(&e, e.vd);
        uint32_t n = one ? e.vl - 1 : by < e.vlmax ? (uint32_t)(e.vlmax - by) : 0;
        if (n > e.vl)
            n = e.vl;
        if (n)   /* reads ahead of the writes: memmove keeps vd = vs2 right */
            memmove(d, vi_reg(&e, e.vs2) + (size_t)by * esz, (size_t)n * esz);
        if (one)
            vi_set_elem(&e, e.vd, e.vl - 1, esz, s);
        else if (n < e.vl)
            memset(d + (size_t)n * esz, 0, (size_t)(e.vl - n) * esz);
        vi_end(&e);
        return;
    }
    for (uint32_t i = e.vstart; i < e.vl; i++) {
        if (!vi_active(&e, i))
            continue;
        uint64_t v = one && i + 1 == e.vl ? s
                   : by < e.vlmax - i ? vi_elem(&e, e.vs2, (uint32_t)(i + by), esz) : 0;
        vi_set_elem(&e, e.vd, i, esz, v);
    }
    vi_end(&e);
}
void helper_vslidedown_vx(VCPU *cpu, uint64_t desc, uint64_t s) { slidedown(cpu, desc, s, false); }
void helper_vslide1down_vx(VCPU *cpu, uint64_t desc, uint64_t s) { slidedown(cpu, desc, s, true); }

/* ---- gathers, compress ---- */

/* The vrgather.vv element loop for N-byte elements (and indices): N a constant, so the
 * accesses compile to plain loads and stores. vd overlaps neither source. */
#define GATHER_LOOP(N)                                                                  \
    do {                                                                                \
        for (uint32_t i = e.vstart; i < e.vl; i++) {                                    \
            if (!vi_active(&e, i))                                                      \
                continue;                                                               \
            uint64_t idx = vi_elem(&e, e.vs1, i, N);                                    \
            vi_set_elem(&e, e.vd, i, N, idx < e.vlmax ? vi_elem(&e, e.vs2, (uint32_t)idx, N) : 0); \
        }                                                                               \
    } while (0)

/* vd[i] = vs2[index i] (0 beyond VLMAX); the index is vs1[i] at EEW 8 << iw, or the scalar when
 * iw < 0. vd may overlap neither source. */
static void gather(VCPU *cpu, uint64_t desc, uint64_t s, int iw)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    int iemul = e.lmul + iw - (int)e.vsew;
    if (iw == 1)   /* vrgatherei16: the index group's EMUL is not LMUL (the shape omits it) */
        check(cpu, rv_vgroup_ok(e.vs1, iemul) && !groups_overlap(e.vd, e.lmul, e.vs1, iemul));
    unsigned esz = ESZ(&e);
    if (iw == (int)e.vsew) {   /* vrgather.vv: one loop per SEW */
        switch (esz) {
        case 1: GATHER_LOOP(1); break;
        case 2: GATHER_LOOP(2); break;
        case 4: GATHER_LOOP(4); break;
        default: GATHER_LOOP(8); break;
        }
        vi_end(&e);
        return;
    }
    for (uint32_t i = e.vstart; i < e.vl; i++) {
        if (!vi_active(&e, i))
            continue;
        uint64_t idx = iw >= 0 ? vi_elem(&e, e.vs1, i, 1u << iw) : s;
        vi_set_elem(&e, e.vd, i, esz, idx < e.vlmax ? vi_elem(&e, e.vs2, (uint32_t)idx, esz) : 0);
    }
    vi_end(&e);
}
void helper_vrgather_vv(VCPU *cpu, uint64_t desc, uint64_t s)
{
    gather(cpu, desc, s, RV_VTYPE_VSEW(cpu->g.vtype));
}
void helper_vrgather_vx(VCPU *cpu, uint64_t desc, uint64_t s) { gather(cpu, desc, s, -1); }
void helper_vrgatherei16_vv(VCPU *cpu, uint64_t desc, uint64_t s) { gather(cpu, desc, s, 1); }

void helper_vcompress_vm(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    unsigned esz = ESZ(&e);
    uint32_t j = 0;
    for (uint32_t i = 0; i < e.vl; i++)
        if (vi_bit(&e, e.vs1, i))
            vi_set_elem(&e, e.vd, j++, esz, vi_elem(&e, e.vs2, i, esz));
    vi_end(&e);
}

/* vmv<nr>r.v (s = nr - 1): whole registers, EEW = SEW, from vstart. It does not depend on
 * vtype (spec 3.4.4): under vill it copies with EEW 8. */
void helper_vmvr_v(VCPU *cpu, uint64_t desc, uint64_t s)
{
    VIEnv e;
    vi_begin(&e, cpu, desc);
    unsigned nr = (unsigned)s + 1;
    check(cpu, (nr == 1 || nr == 2 || nr == 4 || nr == 8) && e.vd % nr == 0 && e.vs2 % nr == 0);
    unsigned esz = ESZ(&e);
    size_t from = (size_t)e.vstart * esz, bytes = (size_t)nr * e.vlenb;
    if (from < bytes && e.vd != e.vs2)
        memmove(vi_reg(&e, e.vd) + from, vi_reg(&e, e.vs2) + from, bytes - from);
    vi_end(&e);
}
