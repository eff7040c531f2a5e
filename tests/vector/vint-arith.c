/* vtest: vlen=128,256,1024
 * Integer vector arithmetic (vector-int.c): single-width .vv/.vx/.vi, multiply/divide (by zero,
 * overflow), multiply-add, widening (.vv/.vx/.wv/.wx), narrowing shifts, vzext/vsext, carry
 * (vadc/vsbc/vmadc/vmsbc with and without carry-in), vmerge/vmv.v.*, compares; over every
 * SEW/LMUL, vl, mask and vstart (lib/vint.h), including the register overlaps the spec forbids. */
#include "lib/vint.h"

#define CASES(M, U, M0, U0) \
    M(vadd_vv, "vadd.vv v8, v16, v24") M(vadd_vx, "vadd.vx v8, v16, %[s]") \
    M(vadd_vi, "vadd.vi v8, v16, -16") M(vsub_vv, "vsub.vv v8, v16, v24") \
    M(vsub_vx, "vsub.vx v8, v16, %[s]") M(vrsub_vx, "vrsub.vx v8, v16, %[s]") \
    M(vrsub_vi, "vrsub.vi v8, v16, 15") M(vand_vv, "vand.vv v8, v16, v24") \
    M(vand_vi, "vand.vi v8, v16, -3") M(vor_vx, "vor.vx v8, v16, %[s]") \
    M(vor_vi, "vor.vi v8, v16, 5") M(vxor_vv, "vxor.vv v8, v16, v24") \
    M(vxor_vi, "vxor.vi v8, v16, -1") M(vsll_vv, "vsll.vv v8, v16, v24") \
    M(vsll_vx, "vsll.vx v8, v16, %[s]") M(vsll_vi, "vsll.vi v8, v16, 31") \
    M(vsrl_vv, "vsrl.vv v8, v16, v24") M(vsrl_vi, "vsrl.vi v8, v16, 7") \
    M(vsra_vv, "vsra.vv v8, v16, v24") M(vsra_vx, "vsra.vx v8, v16, %[s]") \
    M(vsra_vi, "vsra.vi v8, v16, 30") M(vminu_vv, "vminu.vv v8, v16, v24") \
    M(vminu_vx, "vminu.vx v8, v16, %[s]") M(vmin_vv, "vmin.vv v8, v16, v24") \
    M(vmin_vx, "vmin.vx v8, v16, %[s]") M(vmaxu_vv, "vmaxu.vv v8, v16, v24") \
    M(vmaxu_vx, "vmaxu.vx v8, v16, %[s]") M(vmax_vv, "vmax.vv v8, v16, v24") \
    M(vmax_vx, "vmax.vx v8, v16, %[s]") \
    M(vmul_vv, "vmul.vv v8, v16, v24") M(vmul_vx, "vmul.vx v8, v16, %[s]") \
    M(vmulh_vv, "vmulh.vv v8, v16, v24") M(vmulh_vx, "vmulh.vx v8, v16, %[s]") \
    M(vmulhu_vv, "vmulhu.vv v8, v16, v24") M(vmulhu_vx, "vmulhu.vx v8, v16, %[s]") \
    M(vmulhsu_vv, "vmulhsu.vv v8, v16, v24") M(vmulhsu_vx, "vmulhsu.vx v8, v16, %[s]") \
    M(vdivu_vv, "vdivu.vv v8, v16, v24") M(vdivu_vx, "vdivu.vx v8, v16, %[s]") \
    M(vdiv_vv, "vdiv.vv v8, v16, v24") M(vdiv_vx, "vdiv.vx v8, v16, %[s]") \
    M(vremu_vv, "vremu.vv v8, v16, v24") M(vremu_vx, "vremu.vx v8, v16, %[s]") \
    M(vrem_vv, "vrem.vv v8, v16, v24") M(vrem_vx, "vrem.vx v8, v16, %[s]") \
    M(vmacc_vv, "vmacc.vv v8, v24, v16") M(vmacc_vx, "vmacc.vx v8, %[s], v16") \
    M(vnmsac_vv, "vnmsac.vv v8, v24, v16") M(vnmsac_vx, "vnmsac.vx v8, %[s], v16") \
    M(vmadd_vv, "vmadd.vv v8, v24, v16") M(vmadd_vx, "vmadd.vx v8, %[s], v16") \
    M(vnmsub_vv, "vnmsub.vv v8, v24, v16") M(vnmsub_vx, "vnmsub.vx v8, %[s], v16") \
    M(vadd_masked_v0, "vadd.vv v0, v16, v24") M(vadd_odd, "vadd.vv v9, v16, v24") \
    M(vwaddu_vv, "vwaddu.vv v8, v16, v24") M(vwaddu_vx, "vwaddu.vx v8, v16, %[s]") \
    M(vwadd_vv, "vwadd.vv v8, v16, v24") M(vwadd_vx, "vwadd.vx v8, v16, %[s]") \
    M(vwsubu_vv, "vwsubu.vv v8, v16, v24") M(vwsub_vx, "vwsub.vx v8, v16, %[s]") \
    M(vwaddu_wv, "vwaddu.wv v8, v16, v24") M(vwadd_wx, "vwadd.wx v8, v16, %[s]") \
    M(vwsubu_wx, "vwsubu.wx v8, v16, %[s]") M(vwsub_wv, "vwsub.wv v8, v16, v24") \
    M(vwmulu_vv, "vwmulu.vv v8, v16, v24") M(vwmul_vx, "vwmul.vx v8, v16, %[s]") \
    M(vwmulsu_vv, "vwmulsu.vv v8, v16, v24") M(vwmulsu_vx, "vwmulsu.vx v8, v16, %[s]") \
    M(vwmaccu_vv, "vwmaccu.vv v8, v24, v16") M(vwmacc_vx, "vwmacc.vx v8, %[s], v16") \
    M(vwmaccsu_vv, "vwmaccsu.vv v8, v24, v16") M(vwmaccus_vx, "vwmaccus.vx v8, %[s], v16") \
    M(vwadd_ovl_hi, "vwadd.vv v8, v12, v24") M(vwadd_ovl_lo, "vwadd.vv v8, v8, v24") \
    M(vwadd_ovl_hi1, "vwadd.vv v8, v9, v24") \
    M(vnsrl_wv, "vnsrl.wv v8, v16, v24") M(vnsrl_wx, "vnsrl.wx v8, v16, %[s]") \
    M(vnsra_wi, "vnsra.wi v8, v16, 17") M(vnsra_wv, "vnsra.wv v8, v16, v24") \
    M(vnsrl_ovl_lo, "vnsrl.wi v16, v16, 3") M(vnsrl_ovl_hi, "vnsrl.wi v17, v16, 3") \
    M(vzext_vf2, "vzext.vf2 v8, v16") M(vsext_vf2, "vsext.vf2 v8, v16") \
    M(vzext_vf4, "vzext.vf4 v8, v16") M(vsext_vf4, "vsext.vf4 v8, v16") \
    M(vzext_vf8, "vzext.vf8 v8, v16") M(vsext_vf8, "vsext.vf8 v8, v16") \
    M(vsext_ovl, "vsext.vf2 v8, v12") \
    U(vadc_vvm, "vadc.vvm v8, v16, v24, v0") U(vadc_vxm, "vadc.vxm v8, v16, %[s], v0") \
    U(vadc_vim, "vadc.vim v8, v16, -1, v0") U(vsbc_vvm, "vsbc.vvm v8, v16, v24, v0") \
    U(vsbc_vxm, "vsbc.vxm v8, v16, %[s], v0") \
    U(vmadc_vvm, "vmadc.vvm v8, v16, v24, v0") U(vmadc_vxm, "vmadc.vxm v8, v16, %[s], v0") \
    U(vmadc_vim, "vmadc.vim v8, v16, 9, v0") U(vmadc_vv, "vmadc.vv v8, v16, v24") \
    U(vmadc_vx, "vmadc.vx v8, v16, %[s]") U(vmadc_vi, "vmadc.vi v8, v16, -7") \
    U(vmsbc_vvm, "vmsbc.vvm v8, v16, v24, v0") U(vmsbc_vxm, "vmsbc.vxm v8, v16, %[s], v0") \
    U(vmsbc_vv, "vmsbc.vv v8, v16, v24") U(vmsbc_vx, "vmsbc.vx v8, v16, %[s]") \
    U(vmadc_v0, "vmadc.vvm v0, v16, v24, v0") U(vmadc_ovl, "vmadc.vv v16, v16, v24") \
    U(vmadc_ovl2, "vmadc.vv v17, v16, v24") \
    U(vmerge_vvm, "vmerge.vvm v8, v16, v24, v0") U(vmerge_vxm, "vmerge.vxm v8, v16, %[s], v0") \
    U(vmerge_vim, "vmerge.vim v8, v16, -9, v0") U(vmv_v_v, "vmv.v.v v8, v24") \
    U(vmv_v_x, "vmv.v.x v8, %[s]") U(vmv_v_i, "vmv.v.i v8, 12") \
    M(vmseq_vv, "vmseq.vv v8, v16, v24") M(vmseq_vx, "vmseq.vx v8, v16, %[s]") \
    M(vmseq_vi, "vmseq.vi v8, v16, 0") M(vmsne_vv, "vmsne.vv v8, v16, v24") \
    M(vmsne_vi, "vmsne.vi v8, v16, -1") M(vmsltu_vv, "vmsltu.vv v8, v16, v24") \
    M(vmsltu_vx, "vmsltu.vx v8, v16, %[s]") M(vmslt_vv, "vmslt.vv v8, v16, v24") \
    M(vmslt_vx, "vmslt.vx v8, v16, %[s]") M(vmsleu_vv, "vmsleu.vv v8, v16, v24") \
    M(vmsleu_vi, "vmsleu.vi v8, v16, -2") M(vmsle_vx, "vmsle.vx v8, v16, %[s]") \
    M(vmsle_vi, "vmsle.vi v8, v16, 3") M(vmsgtu_vx, "vmsgtu.vx v8, v16, %[s]") \
    M(vmsgtu_vi, "vmsgtu.vi v8, v16, -16") M(vmsgt_vx, "vmsgt.vx v8, v16, %[s]") \
    M(vmsgt_vi, "vmsgt.vi v8, v16, 1") M(vmseq_v0, "vmseq.vv v0, v16, v24") \
    M(vmslt_ovl, "vmslt.vv v16, v16, v24") M(vmslt_ovl2, "vmslt.vv v17, v16, v24")

VINT_MAIN(CASES)
