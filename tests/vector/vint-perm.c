/* vtest: vlen=128,256,1024
 * Permutation instructions (vector-int-perm.c): vmv.x.s, vmv.s.x, slides by register and
 * immediate (offsets past VLMAX), vslide1up/down, vrgather .vv/.vx/.vi, vrgatherei16, vcompress,
 * vmv<nr>r.v, with the overlaps they forbid; over every SEW/LMUL, vl, mask and vstart
 * (lib/vint.h). */
#include "lib/vint.h"

#define CASES(M, U, M0, U0) \
    U0(vmv_x_s, "vmv.x.s %[r], v16") U0(vmv_s_x, "vmv.s.x v8, %[s]") \
    M0(vslideup_vx, "vslideup.vx v8, v16, %[s]") M0(vslideup_vi, "vslideup.vi v8, v16, 3") \
    M0(vslideup_ovl, "vslideup.vi v16, v16, 1") \
    M(vslidedown_vx, "vslidedown.vx v8, v16, %[s]") M(vslidedown_vi, "vslidedown.vi v8, v16, 31") \
    M(vslidedown_same, "vslidedown.vi v16, v16, 2") \
    M(vslide1up, "vslide1up.vx v8, v16, %[s]") M(vslide1down, "vslide1down.vx v8, v16, %[s]") \
    M(vslide1down_same, "vslide1down.vx v16, v16, %[s]") \
    M(vrgather_vv, "vrgather.vv v8, v16, v4") M(vrgather_rand, "vrgather.vv v8, v16, v24") \
    M(vrgather_vx, "vrgather.vx v8, v16, %[s]") M(vrgather_vi, "vrgather.vi v8, v16, 2") \
    M(vrgather_ovl, "vrgather.vv v16, v16, v4") \
    M(vrgatherei16, "vrgatherei16.vv v8, v16, v4") M(vrgatherei16_r, "vrgatherei16.vv v8, v16, v24") \
    M(vrgatherei16_odd, "vrgatherei16.vv v8, v16, v5") \
    U0(vcompress, "vcompress.vm v8, v16, v4") U0(vcompress_r, "vcompress.vm v8, v16, v24") \
    U0(vcompress_ovl, "vcompress.vm v8, v16, v8") \
    U0(vmv1r, "vmv1r.v v8, v17") U0(vmv2r, "vmv2r.v v8, v18") U0(vmv4r, "vmv4r.v v8, v20") \
    U0(vmv8r, "vmv8r.v v8, v16")

VINT_MAIN(CASES)
