/* vtest: vlen=128,256,1024
 * Reductions and mask instructions (vector-int.c, vector-int-perm.c): vred*, vwredsum(u) (vstart
 * must be 0), mask logicals, vcpop.m, vfirst.m, vmsbf/vmsif/vmsof, viota.m, vid.v, with their
 * overlap rules; over every SEW/LMUL, vl, mask and vstart (lib/vint.h). */
#include "lib/vint.h"

#define CASES(M, U, M0, U0) \
    M0(vredsum, "vredsum.vs v8, v16, v24") M0(vredand, "vredand.vs v8, v16, v24") \
    M0(vredor, "vredor.vs v8, v16, v24") M0(vredxor, "vredxor.vs v8, v16, v24") \
    M0(vredminu, "vredminu.vs v8, v16, v24") M0(vredmin, "vredmin.vs v8, v16, v24") \
    M0(vredmaxu, "vredmaxu.vs v8, v16, v24") M0(vredmax, "vredmax.vs v8, v16, v24") \
    M0(vwredsumu, "vwredsumu.vs v8, v16, v24") M0(vwredsum, "vwredsum.vs v8, v16, v24") \
    M0(vredsum_ovl, "vredsum.vs v16, v16, v16") M0(vwredsum_ovl, "vwredsum.vs v17, v16, v17") \
    M0(vredsum_v0, "vredsum.vs v0, v16, v0") \
    U(vmand, "vmand.mm v8, v4, v5") U(vmnand, "vmnand.mm v8, v16, v24") \
    U(vmandn, "vmandn.mm v8, v16, v24") U(vmxor, "vmxor.mm v8, v16, v24") \
    U(vmor, "vmor.mm v8, v4, v24") U(vmnor, "vmnor.mm v8, v16, v24") \
    U(vmorn, "vmorn.mm v8, v16, v24") U(vmxnor, "vmxnor.mm v8, v16, v8") \
    M0(vcpop, "vcpop.m %[r], v4") M0(vfirst, "vfirst.m %[r], v4") \
    M0(vfirst_dense, "vfirst.m %[r], v16") \
    M0(vmsbf, "vmsbf.m v8, v4") M0(vmsif, "vmsif.m v8, v5") M0(vmsof, "vmsof.m v8, v6") \
    M0(vmsbf_ovl, "vmsbf.m v4, v4") M0(vmsif_v0, "vmsif.m v0, v5") \
    M0(viota, "viota.m v8, v4") M0(viota_dense, "viota.m v8, v16") \
    M0(viota_ovl, "viota.m v8, v9") M(vid, "vid.v v8") M(vid_odd, "vid.v v9")

VINT_MAIN(CASES)
