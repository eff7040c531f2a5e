/*
 * Unit test of the integer vector helpers (guest/riscv/vector-int*.c) as pure C over a VCPU's
 * GuestState: element semantics at the edges the spec defines (division by zero and overflow,
 * shifts taking log2(SEW) bits, saturation and vxsat, every vxrm rounding mode, widening and
 * narrowing, carries, compares into masks), the policy (masked-off, tail and prestart elements
 * undisturbed, vstart reset), reductions, mask and permutation instructions, and the legality
 * checks (each illegal case raises through cpu_loop_exit, caught here with the VCPU's jmp_env,
 * and changes nothing). Expected values are worked out from the RVV 1.0 text. VLEN = 128.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "vcpu.h"
#include "vector-int-impl.h"

static VCPU *cpu;
#define G (&cpu->g)
typedef void Helper(VCPU *, uint64_t, uint64_t);

/* vtype for SEW (8..64) and LMUL given as log2 (-3..3). */
static void vset(unsigned sew, int lmul, uint64_t vl)
{
    unsigned vsew = sew == 8 ? 0 : sew == 16 ? 1 : sew == 32 ? 2 : 3;
    G->vtype = (uint64_t)(lmul & 7) | vsew << 3;
    G->vl = vl;
    G->vstart = 0;
}

/* The operand shape vector-int.def gives helper h (what the translator puts in desc). */
static uint32_t shape_of(Helper *h)
{
#define H(name, shape, fn) if (h == helper_##name) return VI_SHAPE_##name;
#define I(insn, helper, opnd)
#include "vector-int.def"
#undef H
#undef I
    return 0;
}

/* Runs h as the translator calls it (vtype not known: checked at run time); returns false when
 * it raised illegal instruction. */
static bool run(Helper *h, unsigned vd, unsigned vs2, unsigned vs1, unsigned vm, uint64_t s)
{
    if (sigsetjmp(cpu->jmp_env, 0))
        return false;
    h(cpu, RV_VDESC(vd, vs2, vs1, vm, 0, 0) | (uint64_t)shape_of(h) << 32, s);
    return true;
}

static uint8_t *reg(unsigned r) { return G->vreg + r * G->vlenb; }
static uint64_t el(unsigned r, unsigned i, unsigned sew) { return vi_ld(reg(r) + i * sew / 8, sew / 8); }
static void setel(unsigned r, unsigned i, unsigned sew, uint64_t v) { vi_st(reg(r) + i * sew / 8, sew / 8, v); }
static void fill(unsigned r, unsigned nregs, uint8_t seed)
{
    for (unsigned i = 0; i < nregs * G->vlenb; i++)
        reg(r)[i] = (uint8_t)(seed + i * 7);
}

static void t_arith(void)
{
    vset(32, 0, 4);
    setel(2, 0, 32, 7); setel(2, 1, 32, 0x80000000u); setel(2, 2, 32, 5); setel(2, 3, 32, 0xfffffff9u);
    setel(3, 0, 32, 0); setel(3, 1, 32, 0xffffffffu); setel(3, 2, 32, 2); setel(3, 3, 32, 2);
    run(helper_vdiv_vv, 4, 2, 3, 1, 0);
    UNIT_CHECK("vint/vdiv-edges", el(4, 0, 32) == 0xffffffffu && el(4, 1, 32) == 0x80000000u &&
               el(4, 2, 32) == 2 && el(4, 3, 32) == 0xfffffffdu, "%llx %llx %llx %llx",
               (unsigned long long)el(4, 0, 32), (unsigned long long)el(4, 1, 32),
               (unsigned long long)el(4, 2, 32), (unsigned long long)el(4, 3, 32));
    run(helper_vrem_vv, 4, 2, 3, 1, 0);
    UNIT_CHECK("vint/vrem-edges", el(4, 0, 32) == 7 && el(4, 1, 32) == 0 && el(4, 2, 32) == 1 &&
               el(4, 3, 32) == 0xffffffffu, "%llx", (unsigned long long)el(4, 3, 32));
    run(helper_vdivu_vv, 4, 2, 3, 1, 0);
    run(helper_vremu_vv, 5, 2, 3, 1, 0);
    UNIT_CHECK("vint/vdivu-remu-zero", el(4, 0, 32) == 0xffffffffu && el(5, 0, 32) == 7 &&
               el(4, 1, 32) == 0 && el(5, 1, 32) == 0x80000000u, "wrong");
    /* shifts use log2(SEW) bits of the amount; vsra keeps the sign */
    run(helper_vsra_vx, 4, 2, 0, 1, 33);
    UNIT_CHECK("vint/vsra-amount", el(4, 1, 32) == 0xc0000000u && el(4, 3, 32) == 0xfffffffcu,
               "%llx", (unsigned long long)el(4, 1, 32));
    run(helper_vmulh_vv, 4, 2, 2, 1, 0);
    run(helper_vmulhsu_vv, 5, 2, 2, 1, 0);
    UNIT_CHECK("vint/vmulh", el(4, 1, 32) == 0x40000000u && el(5, 1, 32) == 0xc0000000u &&
               el(5, 3, 32) == 0xfffffff9u, "%llx %llx", (unsigned long long)el(4, 1, 32),
               (unsigned long long)el(5, 1, 32));
    /* SEW 64 high multiply */
    vset(64, 0, 2);
    setel(2, 0, 64, ~0ull); setel(3, 0, 64, ~0ull);
    run(helper_vmulhu_vv, 4, 2, 3, 1, 0);
    run(helper_vmulh_vv, 5, 2, 3, 1, 0);
    UNIT_CHECK("vint/vmulh64", el(4, 0, 64) == ~0ull - 1 && el(5, 0, 64) == 0, "wrong");
    /* vmadd: vd = vs1 * vd + vs2 */
    vset(8, 0, 1);
    setel(1, 0, 8, 3); setel(2, 0, 8, 10); setel(3, 0, 8, 5);
    run(helper_vmadd_vv, 1, 2, 3, 1, 0);
    run(helper_vnmsub_vx, 3, 2, 0, 1, 2);   /* vd = -(2 * 5) + 10 */
    UNIT_CHECK("vint/vmadd-vnmsub", el(1, 0, 8) == 25 && el(3, 0, 8) == 0, "%d %d",
               (int)el(1, 0, 8), (int)el(3, 0, 8));
}

static void t_policy(void)
{
    /* masked, tail and prestart elements undisturbed; vstart reset */
    vset(16, 0, 6);
    fill(1, 1, 0x10); fill(2, 1, 0x20); fill(4, 1, 0x40);
    uint8_t before[16];
    memcpy(before, reg(4), 16);
    reg(0)[0] = 0x2d;   /* 0b101101: elements 0, 2, 3, 5 active */
    G->vstart = 2;
    run(helper_vadd_vv, 4, 2, 1, 0, 0);
    bool ok = G->vstart == 0;
    for (unsigned i = 0; i < 8; i++) {
        uint64_t want = (i >= 2 && i < 6 && (0x2d >> i & 1))
            ? (uint16_t)(el(2, i, 16) + el(1, i, 16)) : vi_ld(before + 2 * i, 2);
        ok &= el(4, i, 16) == want;
    }
    UNIT_CHECK("vint/policy-mask-tail-vstart", ok, "wrong elements");
    /* vl = 0: nothing written */
    vset(8, 0, 0);
    memcpy(before, reg(4), 16);
    run(helper_vmv_s_x, 4, 0, 0, 1, 99);
    run(helper_vredsum_vs, 4, 2, 1, 1, 0);
    UNIT_CHECK("vint/vl0-noop", !memcmp(before, reg(4), 16), "vd changed");
}

static void t_widen_narrow(void)
{
    vset(8, 0, 16);
    fill(2, 1, 0x80); fill(3, 1, 0x7f);
    run(helper_vwadd_vv, 4, 2, 3, 1, 0);
    run(helper_vwmulsu_vx, 6, 2, 0, 1, 0xff);
    bool ok = true;
    for (unsigned i = 0; i < 16; i++) {
        ok &= el(4, i, 16) == (uint16_t)((int8_t)el(2, i, 8) + (int8_t)el(3, i, 8));
        ok &= el(6, i, 16) == (uint16_t)((int8_t)el(2, i, 8) * 255);
    }
    UNIT_CHECK("vint/widening-lmul1", ok, "wrong");
    /* dest group v4-v5 overlapping vs2 = v5 (its highest part): legal; vs2 = v4: illegal */
    UNIT_CHECK("vint/widening-overlap", run(helper_vwaddu_vv, 4, 5, 3, 1, 0) &&
               !run(helper_vwaddu_vv, 4, 4, 3, 1, 0) && !run(helper_vwaddu_vv, 3, 2, 1, 1, 0),
               "wrong legality");
    vset(64, 0, 2);
    UNIT_CHECK("vint/widening-sew64-illegal", !run(helper_vwadd_vv, 4, 2, 3, 1, 0), "legal");
    vset(8, 3, 16);
    UNIT_CHECK("vint/widening-lmul8-illegal", !run(helper_vwadd_vv, 8, 16, 24, 1, 0), "legal");
    /* vnclip: saturation, vxsat, rounding */
    vset(8, 0, 4);
    setel(2, 0, 16, 0x7fff); setel(2, 1, 16, 0x8000); setel(2, 2, 16, 0x0005); setel(2, 3, 16, 0xfffb);
    G->vxsat = 0;
    G->vxrm = 0;   /* rnu */
    run(helper_vnclip_wx, 4, 2, 0, 1, 1);
    UNIT_CHECK("vint/vnclip-rnu", el(4, 0, 8) == 0x7f && el(4, 1, 8) == 0x80 && el(4, 2, 8) == 3 &&
               el(4, 3, 8) == 0xfe && G->vxsat == 1, "%x %x %x %x", (int)el(4, 0, 8),
               (int)el(4, 1, 8), (int)el(4, 2, 8), (int)el(4, 3, 8));
    G->vxrm = 1;   /* rne: 2.5 -> 2, -2.5 -> -2 */
    run(helper_vnclip_wx, 4, 2, 0, 1, 1);
    UNIT_CHECK("vint/vnclip-rne", el(4, 2, 8) == 2 && el(4, 3, 8) == 0xfe, "%x %x",
               (int)el(4, 2, 8), (int)el(4, 3, 8));
    G->vxrm = 3;   /* rod: 2.5 -> 3 (jam), -2.5 -> -3 */
    run(helper_vnclip_wx, 4, 2, 0, 1, 1);
    UNIT_CHECK("vint/vnclip-rod", el(4, 2, 8) == 3 && el(4, 3, 8) == 0xfd, "%x %x",
               (int)el(4, 2, 8), (int)el(4, 3, 8));
    G->vxrm = 2;   /* rdn */
    run(helper_vnsra_wx, 5, 2, 0, 1, 17);   /* amount: low 4 bits (1) */
    run(helper_vnclipu_wx, 6, 2, 0, 1, 8);
    UNIT_CHECK("vint/vnsra-vnclipu", el(5, 0, 8) == 0xff && el(5, 1, 8) == 0 &&
               el(6, 0, 8) == 0x7f && el(6, 1, 8) == 0x80 && el(6, 3, 8) == 0xff, "%x %x %x",
               (int)el(5, 0, 8), (int)el(6, 0, 8), (int)el(6, 3, 8));
    /* narrowing: vd = vs2 (lowest part) legal, vd = vs2 + 1 illegal */
    vset(8, 0, 16);
    UNIT_CHECK("vint/narrowing-overlap", run(helper_vnsrl_wv, 2, 2, 5, 1, 0) &&
               !run(helper_vnsrl_wv, 3, 2, 5, 1, 0), "wrong legality");
    /* extensions */
    vset(32, 0, 4);
    setel(2, 0, 8, 0x80); setel(2, 1, 8, 0x7f);
    run(helper_vsext_vf4, 4, 2, 0, 1, 0);
    run(helper_vzext_vf4, 5, 2, 0, 1, 0);
    UNIT_CHECK("vint/vext", el(4, 0, 32) == 0xffffff80u && el(4, 1, 32) == 0x7f &&
               el(5, 0, 32) == 0x80, "wrong");
    vset(16, 0, 8);
    UNIT_CHECK("vint/vext-eew-illegal", !run(helper_vzext_vf4, 4, 2, 0, 1, 0), "legal");
}

static void t_fixed(void)
{
    vset(8, 0, 4);
    setel(2, 0, 8, 0x7f); setel(2, 1, 8, 0x80); setel(2, 2, 8, 0xff); setel(2, 3, 8, 3);
    G->vxsat = 0;
    run(helper_vsadd_vx, 4, 2, 0, 1, 1);
    run(helper_vsaddu_vx, 5, 2, 0, 1, 1);
    UNIT_CHECK("vint/vsadd", el(4, 0, 8) == 0x7f && el(4, 1, 8) == 0x81 && el(5, 2, 8) == 0xff &&
               el(5, 0, 8) == 0x80 && G->vxsat == 1, "wrong");
    G->vxsat = 0;
    run(helper_vssubu_vx, 4, 2, 0, 1, 4);
    UNIT_CHECK("vint/vssubu", el(4, 3, 8) == 0 && el(4, 0, 8) == 0x7b && G->vxsat == 1, "wrong");
    G->vxsat = 0;
    G->vxrm = 0;
    run(helper_vsmul_vv, 4, 2, 2, 1, 0);   /* 0x80 * 0x80 saturates */
    UNIT_CHECK("vint/vsmul", el(4, 1, 8) == 0x7f && el(4, 0, 8) == 0x7e && G->vxsat == 1,
               "%x %x", (int)el(4, 0, 8), (int)el(4, 1, 8));
    G->vxrm = 0;
    run(helper_vaadd_vx, 4, 2, 0, 1, 0);   /* 127/2 = 63.5 -> 64; -128/2 = -64 */
    run(helper_vasubu_vx, 5, 2, 0, 1, 4);  /* (3 - 4) / 2 = -0.5 -> 0 (rnu) */
    UNIT_CHECK("vint/vaadd-vasubu", el(4, 0, 8) == 64 && el(4, 1, 8) == 0xc0 &&
               el(5, 3, 8) == 0, "%x %x %x", (int)el(4, 0, 8), (int)el(4, 1, 8), (int)el(5, 3, 8));
    G->vxrm = 2;
    run(helper_vasubu_vx, 5, 2, 0, 1, 4);  /* rdn: -1 -> 0xff */
    run(helper_vssra_vx, 6, 2, 0, 1, 9);   /* amount 1 */
    UNIT_CHECK("vint/vasubu-rdn-vssra", el(5, 3, 8) == 0xff && el(6, 1, 8) == 0xc0 &&
               el(6, 0, 8) == 0x3f, "%x", (int)el(5, 3, 8));
}

static void t_mask(void)
{
    vset(8, 0, 16);
    fill(2, 1, 0); fill(3, 1, 3);
    memset(reg(5), 0xaa, 16);
    reg(0)[0] = 0x0f; reg(0)[1] = 0x00;
    run(helper_vmsltu_vv, 5, 2, 3, 0, 0);   /* masked: bits 0..3 written, others stay */
    bool ok = reg(5)[1] == 0xaa && (reg(5)[0] & 0xf0) == 0xa0;
    for (unsigned i = 0; i < 4; i++)
        ok &= (reg(5)[0] >> i & 1) == (el(2, i, 8) < el(3, i, 8));
    UNIT_CHECK("vint/compare-masked", ok, "%02x %02x", reg(5)[0], reg(5)[1]);
    UNIT_CHECK("vint/compare-vd-v0", run(helper_vmseq_vx, 0, 2, 0, 0, 1), "illegal");
    /* carry chain: 0xff + 1 + carry */
    vset(8, 0, 2);
    setel(2, 0, 8, 0xff); setel(2, 1, 8, 0x10);
    reg(0)[0] = 1;
    run(helper_vmadc_vx, 6, 2, 0, 0, 0);   /* with carry-in: 0xff + 0 + 1 carries */
    run(helper_vadc_vxm, 7, 2, 0, 0, 0);
    UNIT_CHECK("vint/vmadc-vadc", (reg(6)[0] & 3) == 1 && el(7, 0, 8) == 0 && el(7, 1, 8) == 0x10,
               "%x", reg(6)[0]);
    UNIT_CHECK("vint/vadc-vd-v0-illegal", !run(helper_vadc_vxm, 0, 2, 0, 0, 0), "legal");
    run(helper_vmsbc_vx, 6, 2, 0, 1, 0x20);   /* 0xff < 0x20 no, 0x10 < 0x20 borrow */
    UNIT_CHECK("vint/vmsbc", (reg(6)[0] & 3) == 2, "%x", reg(6)[0]);
    /* mask logical, cpop, first, sbf/sif/sof, iota */
    vset(8, 0, 12);
    reg(1)[0] = 0x30; reg(1)[1] = 0x0f;   /* bits 4, 5, 8..11 */
    reg(2)[0] = 0x3c; reg(2)[1] = 0xff;
    run(helper_vmandn_mm, 3, 1, 2, 1, 0);
    UNIT_CHECK("vint/vmandn", reg(3)[0] == 0x00 && (reg(3)[1] & 0x0f) == 0, "%x", reg(3)[0]);
    /* mask logical over single bits (5..63) and a 64-bit word (64..127): vstart 5, vl 128 */
    vset(8, 3, 128);
    fill(16, 1, 0x31); fill(24, 1, 0x77); fill(9, 1, 0x05);
    uint8_t old9[16];
    memcpy(old9, reg(9), 16);
    G->vstart = 5;
    run(helper_vmxnor_mm, 9, 16, 24, 1, 0);
    bool mm_ok = true;
    for (unsigned i = 0; i < 128; i++) {
        unsigned want = i >= 5 ? !((reg(16)[i / 8] ^ reg(24)[i / 8]) >> (i % 8) & 1)
                                  : old9[i / 8] >> (i % 8) & 1;
        mm_ok &= (reg(9)[i / 8] >> (i % 8) & 1) == want;
    }
    UNIT_CHECK("vint/vmxnor-words", mm_ok, "wrong bits");
    vset(8, 0, 12);
    G->x[5] = 0;
    run(helper_vcpop_m, 5, 1, 0, 1, 0);
    UNIT_CHECK("vint/vcpop", G->x[5] == 6, "%llu", (unsigned long long)G->x[5]);
    run(helper_vfirst_m, 5, 1, 0, 1, 0);
    UNIT_CHECK("vint/vfirst", G->x[5] == 4, "%llu", (unsigned long long)G->x[5]);
    memset(reg(3), 0, 16);
    run(helper_vmsbf_m, 3, 1, 0, 1, 0);
    run(helper_vmsif_m, 4, 1, 0, 1, 0);
    run(helper_vmsof_m, 6, 1, 0, 1, 0);
    UNIT_CHECK("vint/vmsbf-sif-sof", reg(3)[0] == 0x0f && reg(4)[0] == 0x1f && reg(6)[0] == 0x10 &&
               reg(3)[1] == 0, "%x %x %x", reg(3)[0], reg(4)[0], reg(6)[0]);
    G->vstart = 1;
    UNIT_CHECK("vint/vcpop-vstart-illegal", !run(helper_vcpop_m, 5, 1, 0, 1, 0) && G->vstart == 1,
               "legal");
    G->vstart = 0;
    run(helper_viota_m, 8, 1, 0, 1, 0);
    UNIT_CHECK("vint/viota", el(8, 4, 8) == 0 && el(8, 5, 8) == 1 && el(8, 9, 8) == 3 &&
               el(8, 11, 8) == 5, "%d", (int)el(8, 11, 8));
    run(helper_vid_v, 8, 0, 0, 1, 0);
    UNIT_CHECK("vint/vid", el(8, 11, 8) == 11 && el(8, 0, 8) == 0, "wrong");
}

static void t_red_perm(void)
{
    vset(16, 1, 16);   /* LMUL 2 */
    for (unsigned i = 0; i < 16; i++)
        setel(2, i, 16, i == 7 ? 0x8000 : i);
    setel(1, 0, 16, 1000);
    run(helper_vredsum_vs, 6, 2, 1, 1, 0);
    run(helper_vredmin_vs, 7, 2, 1, 1, 0);
    setel(1, 0, 32, 1000);   /* the wide scalar operand */
    run(helper_vwredsum_vs, 8, 2, 1, 1, 0);
    UNIT_CHECK("vint/reductions", el(6, 0, 16) == (uint16_t)(1000 + 120 - 7 + 0x8000) &&
               el(7, 0, 16) == 0x8000 && el(8, 0, 32) == (uint32_t)(1000 + 120 - 7 - 32768),
               "%llx %llx", (unsigned long long)el(6, 0, 16), (unsigned long long)el(8, 0, 32));
    G->vstart = 1;
    UNIT_CHECK("vint/reduction-vstart-illegal", !run(helper_vredsum_vs, 6, 2, 1, 1, 0), "legal");
    UNIT_CHECK("vint/group-align-illegal", !run(helper_vadd_vv, 3, 2, 4, 1, 0), "legal");
    /* slides */
    vset(32, 0, 4);
    for (unsigned i = 0; i < 4; i++)
        setel(2, i, 32, 10 + i);
    fill(4, 1, 0);
    uint64_t keep = el(4, 0, 32);
    run(helper_vslideup_vx, 4, 2, 0, 1, 1);
    UNIT_CHECK("vint/vslideup", el(4, 0, 32) == keep && el(4, 1, 32) == 10 && el(4, 3, 32) == 12,
               "wrong");
    UNIT_CHECK("vint/vslideup-overlap-illegal", !run(helper_vslideup_vx, 2, 2, 0, 1, 1), "legal");
    run(helper_vslidedown_vx, 5, 2, 0, 1, 2);
    UNIT_CHECK("vint/vslidedown", el(5, 0, 32) == 12 && el(5, 1, 32) == 13 && el(5, 2, 32) == 0,
               "wrong");
    run(helper_vslidedown_vx, 5, 2, 0, 1, ~0ull);
    UNIT_CHECK("vint/vslidedown-huge", el(5, 0, 32) == 0, "wrong");
    run(helper_vslide1down_vx, 5, 2, 0, 1, 77);
    run(helper_vslide1up_vx, 6, 2, 0, 1, 66);
    UNIT_CHECK("vint/vslide1", el(5, 3, 32) == 77 && el(5, 0, 32) == 11 && el(6, 0, 32) == 66 &&
               el(6, 3, 32) == 12, "wrong");
    /* gathers, compress */
    setel(3, 0, 32, 3); setel(3, 1, 32, 0); setel(3, 2, 32, 4); setel(3, 3, 32, 1);
    run(helper_vrgather_vv, 6, 2, 3, 1, 0);
    UNIT_CHECK("vint/vrgather", el(6, 0, 32) == 13 && el(6, 1, 32) == 10 && el(6, 2, 32) == 0 &&
               el(6, 3, 32) == 11, "wrong");
    setel(3, 0, 16, 2); setel(3, 1, 16, 2); setel(3, 2, 16, 9); setel(3, 3, 16, 0);
    run(helper_vrgatherei16_vv, 6, 2, 3, 1, 0);
    UNIT_CHECK("vint/vrgatherei16", el(6, 0, 32) == 12 && el(6, 2, 32) == 0 && el(6, 3, 32) == 10,
               "wrong");
    reg(1)[0] = 0x0a;
    fill(7, 1, 1);
    uint64_t k2 = el(7, 2, 32);
    run(helper_vcompress_vm, 7, 2, 1, 1, 0);
    UNIT_CHECK("vint/vcompress", el(7, 0, 32) == 11 && el(7, 1, 32) == 13 && el(7, 2, 32) == k2,
               "wrong");
    /* scalar moves, whole-register moves */
    setel(2, 0, 32, 0x80000000u);
    run(helper_vmv_x_s, 9, 2, 0, 1, 0);
    UNIT_CHECK("vint/vmv.x.s", G->x[9] == 0xffffffff80000000ull, "wrong");
    fill(8, 2, 5);
    run(helper_vmvr_v, 12, 8, 0, 1, 1);
    UNIT_CHECK("vint/vmv2r", !memcmp(reg(12), reg(8), 32), "wrong");
    UNIT_CHECK("vint/vmv2r-align-illegal", !run(helper_vmvr_v, 13, 8, 0, 1, 1) &&
               !run(helper_vmvr_v, 12, 8, 0, 1, 2), "legal");
    G->vtype = RV_VTYPE_VILL;
    /* whole-register moves do not depend on vtype */
    fill(2, 1, 9);
    UNIT_CHECK("vint/vill", !run(helper_vadd_vv, 1, 2, 3, 1, 0) && run(helper_vmvr_v, 1, 2, 0, 1, 0) &&
               !memcmp(reg(1), reg(2), 16), "wrong");
}

int main(void)
{
    cpu = calloc(1, sizeof(*cpu));
    G->vlenb = 16;
    t_arith();
    t_policy();
    t_widen_narrow();
    t_fixed();
    t_mask();
    t_red_perm();
    free(cpu);
    return unit_status();
}
