/*
 * The vector extension's shared legality rules (guest/riscv/translate-vector.c, vector.h):
 * rv_vtype_valid (what vsetvl* accept), rv_vlmax, and rv_vcheck on the spec's register-group
 * rules (alignment, EMUL range, overlap between vd and its sources by EEW, masked vd on v0,
 * RV_VCHK_NOOVER / RV_VCHK_VSTART0 / RV_VCHK_ANYVTYPE), with the shapes the parts use. Each
 * case is named after the instruction it stands for; expectations follow RVV 1.0 section 5.2
 * and qemu-riscv64 7.2's decisions.
 */
#include <stdint.h>
#include <stdio.h>
#include "unit.h"
#include "decode.h"
#include "vector.h"

#define VT(sew, lmul) ((uint64_t)(sew) << 3 | (lmul) | 0xc0)   /* vsew, vlmul codes; ta, ma */
enum { E8, E16, E32, E64 };
enum { M1 = 0, M2 = 1, M4 = 2, M8 = 3, MF8 = 5, MF4 = 6, MF2 = 7 };

typedef struct Case {
    const char *name;
    uint64_t vtype, vstart;
    uint32_t shape;
    unsigned vd, vs2, vs1, vm;
    int legal;
} Case;

#define S RV_VOP_SEW
#define W RV_VOP_WIDE
#define MK RV_VOP_MASK
#define N RV_VOP_NONE
static const Case cases[] = {
    { "vadd.vv m1", VT(E32, M1), 0, RV_VSHAPE(S, S, S, 0), 1, 2, 3, 1, 1 },
    { "vadd.vv m2 vd odd", VT(E32, M2), 0, RV_VSHAPE(S, S, S, 0), 3, 2, 4, 1, 0 },
    { "vadd.vv m2 vs1 odd", VT(E32, M2), 0, RV_VSHAPE(S, S, S, 0), 2, 4, 7, 1, 0 },
    { "vadd.vv m8 v24", VT(E8, M8), 0, RV_VSHAPE(S, S, S, 0), 24, 8, 16, 1, 1 },
    { "vadd.vv mf2 any reg", VT(E8, MF2), 0, RV_VSHAPE(S, S, S, 0), 31, 7, 3, 1, 1 },
    { "vadd.vv same regs", VT(E16, M4), 0, RV_VSHAPE(S, S, S, 0), 4, 4, 4, 1, 1 },
    { "vadd.vx masked vd=v0", VT(E32, M1), 0, RV_VSHAPE(S, S, N, 0), 0, 2, 10, 0, 0 },
    { "vadd.vx unmasked vd=v0", VT(E32, M1), 0, RV_VSHAPE(S, S, N, 0), 0, 2, 10, 1, 1 },
    { "vadd vill", RV_VTYPE_VILL, 0, RV_VSHAPE(S, S, S, 0), 1, 2, 3, 1, 0 },
    { "vmseq.vv masked vd=v0", VT(E32, M2), 0, RV_VSHAPE(MK, S, S, 0), 0, 2, 4, 0, 1 },
    { "vmseq.vv vd=vs2", VT(E32, M2), 0, RV_VSHAPE(MK, S, S, 0), 2, 2, 4, 1, 1 },
    { "vmseq.vv vd in vs2 high", VT(E32, M2), 0, RV_VSHAPE(MK, S, S, 0), 3, 2, 4, 1, 0 },
    { "vwadd.vv vd=vs2 low", VT(E32, M1), 0, RV_VSHAPE(W, S, S, 0), 2, 2, 4, 1, 0 },
    { "vwadd.vv vs2 in vd high", VT(E32, M1), 0, RV_VSHAPE(W, S, S, 0), 2, 3, 4, 1, 1 },
    { "vwadd.vv mf2 overlap", VT(E16, MF2), 0, RV_VSHAPE(W, S, S, 0), 2, 2, 4, 1, 0 },
    { "vwadd.vv e64", VT(E64, M1), 0, RV_VSHAPE(W, S, S, 0), 2, 4, 5, 1, 0 },
    { "vwadd.vv m8", VT(E8, M8), 0, RV_VSHAPE(W, S, S, 0), 0, 8, 16, 1, 0 },
    { "vwadd.wv vd=vs2", VT(E16, M2), 0, RV_VSHAPE(W, W, S, 0), 4, 4, 8, 1, 1 },
    { "vnsrl.wv vd=vs2 low", VT(E16, M1), 0, RV_VSHAPE(S, W, S, 0), 2, 2, 6, 1, 1 },
    { "vnsrl.wv vd=vs2 high", VT(E16, M1), 0, RV_VSHAPE(S, W, S, 0), 3, 2, 6, 1, 0 },
    { "vnsrl.wv vs2 odd", VT(E16, M1), 0, RV_VSHAPE(S, W, S, 0), 4, 3, 6, 1, 0 },
    { "vzext.vf2 source high", VT(E32, M2), 0, RV_VSHAPE(S, RV_VOP_F2, N, 0), 4, 5, 0, 1, 1 },
    { "vzext.vf2 source low", VT(E32, M2), 0, RV_VSHAPE(S, RV_VOP_F2, N, 0), 4, 4, 0, 1, 0 },
    { "vzext.vf8 e32", VT(E32, M1), 0, RV_VSHAPE(S, RV_VOP_F8, N, 0), 4, 8, 0, 1, 0 },
    { "vzext.vf8 e64 m1", VT(E64, M1), 0, RV_VSHAPE(S, RV_VOP_F8, N, 0), 4, 8, 0, 1, 1 },
    { "vredsum.vs overlap", VT(E32, M4), 0, RV_VSHAPE(RV_VOP_ONE, S, RV_VOP_ONE, RV_VCHK_VSTART0), 4, 4, 5, 0, 1 },
    { "vredsum.vs vstart", VT(E32, M4), 3, RV_VSHAPE(RV_VOP_ONE, S, RV_VOP_ONE, RV_VCHK_VSTART0), 1, 4, 5, 1, 0 },
    { "vwredsum.vs e64", VT(E64, M1), 0, RV_VSHAPE(RV_VOP_ONEW, S, RV_VOP_ONEW, RV_VCHK_VSTART0), 1, 4, 5, 1, 0 },
    { "vrgather.vv vd=vs1", VT(E8, M1), 0, RV_VSHAPE(S, S, S, RV_VCHK_NOOVER), 3, 2, 3, 1, 0 },
    { "vrgather.vv apart", VT(E8, M2), 0, RV_VSHAPE(S, S, S, RV_VCHK_NOOVER), 6, 2, 4, 1, 1 },
    { "vmv2r.v any vtype", RV_VTYPE_VILL, 0, RV_VSHAPE(N, N, N, RV_VCHK_ANYVTYPE), 3, 5, 0, 1, 1 },
};

int main(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        bool got = rv_vcheck(c->vtype, c->vstart, c->shape, c->vd, c->vs2, c->vs1, c->vm);
        if (got != (c->legal != 0)) {
            UNIT_FAIL("riscv-vector/vcheck", "%s: %s, want %s", c->name, got ? "legal" : "illegal",
                      c->legal ? "legal" : "illegal");
            bad++;
        }
    }
    if (!bad)
        UNIT_PASS("riscv-vector/vcheck");
    /* vtype: SEW <= ELEN, LMUL 4 reserved, SEW <= LMUL * ELEN, reserved bits */
    UNIT_CHECK("riscv-vector/vtype-valid",
               rv_vtype_valid(VT(E64, M8), 64) && !rv_vtype_valid(VT(E64, M1), 32) &&
               !rv_vtype_valid(4, 64) && !rv_vtype_valid(VT(E64, MF2), 64) &&
               rv_vtype_valid(VT(E32, MF2), 64) && !rv_vtype_valid(VT(E16, MF8), 64) &&
               rv_vtype_valid(VT(E8, MF8), 64) && !rv_vtype_valid(VT(E8, M1) | 0x100, 64) &&
               !rv_vtype_valid(RV_VTYPE_VILL, 64) && !rv_vtype_valid(4u << 3, 64),
               "a vtype accepted or refused wrongly");
    UNIT_CHECK("riscv-vector/vlmax",
               rv_vlmax(16, VT(E8, M1)) == 16 && rv_vlmax(16, VT(E64, M8)) == 16 &&
               rv_vlmax(128, VT(E8, M8)) == 1024 && rv_vlmax(16, VT(E8, MF8)) == 2 &&
               rv_vlmax(32, VT(E32, MF2)) == 4,
               "wrong VLMAX");
    UNIT_CHECK("riscv-vector/groups",
               rv_vgroup_ok(24, 3) && !rv_vgroup_ok(28, 3) && rv_vgroup_ok(31, -3) &&
               !rv_vgroup_ok(30, 2) && !rv_vgroup_ok(0, 4) && !rv_vgroup_ok(0, -4),
               "wrong group rule");
    return unit_status();
}
