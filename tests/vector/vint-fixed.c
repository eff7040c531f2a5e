/* vtest: vlen=128,256,1024
 * Fixed-point vector instructions (vector-int.c): saturating add/subtract, averaging add/subtract,
 * vsmul, scaling shifts and narrowing clips, in every vxrm rounding mode, with vxsat; over every
 * SEW/LMUL, vl, mask and vstart (lib/vint.h). */
#include "lib/vint.h"

#define CASES(M, U, M0, U0) \
    M(vsaddu_vv, "vsaddu.vv v8, v16, v24") M(vsaddu_vx, "vsaddu.vx v8, v16, %[s]") \
    M(vsaddu_vi, "vsaddu.vi v8, v16, -1") M(vsadd_vv, "vsadd.vv v8, v16, v24") \
    M(vsadd_vx, "vsadd.vx v8, v16, %[s]") M(vsadd_vi, "vsadd.vi v8, v16, 15") \
    M(vssubu_vv, "vssubu.vv v8, v16, v24") M(vssubu_vx, "vssubu.vx v8, v16, %[s]") \
    M(vssub_vv, "vssub.vv v8, v16, v24") M(vssub_vx, "vssub.vx v8, v16, %[s]") \
    M(vaaddu_vv, "vaaddu.vv v8, v16, v24") M(vaaddu_vx, "vaaddu.vx v8, v16, %[s]") \
    M(vaadd_vv, "vaadd.vv v8, v16, v24") M(vaadd_vx, "vaadd.vx v8, v16, %[s]") \
    M(vasubu_vv, "vasubu.vv v8, v16, v24") M(vasubu_vx, "vasubu.vx v8, v16, %[s]") \
    M(vasub_vv, "vasub.vv v8, v16, v24") M(vasub_vx, "vasub.vx v8, v16, %[s]") \
    M(vsmul_vv, "vsmul.vv v8, v16, v24") M(vsmul_vx, "vsmul.vx v8, v16, %[s]") \
    M(vssrl_vv, "vssrl.vv v8, v16, v24") M(vssrl_vx, "vssrl.vx v8, v16, %[s]") \
    M(vssrl_vi, "vssrl.vi v8, v16, 3") M(vssra_vv, "vssra.vv v8, v16, v24") \
    M(vssra_vx, "vssra.vx v8, v16, %[s]") M(vssra_vi, "vssra.vi v8, v16, 1") \
    M(vnclipu_wv, "vnclipu.wv v8, v16, v24") M(vnclipu_wx, "vnclipu.wx v8, v16, %[s]") \
    M(vnclipu_wi, "vnclipu.wi v8, v16, 5") M(vnclip_wv, "vnclip.wv v8, v16, v24") \
    M(vnclip_wx, "vnclip.wx v8, v16, %[s]") M(vnclip_wi, "vnclip.wi v8, v16, 0")

VINT_MAIN(CASES)
