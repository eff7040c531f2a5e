/* vtest: vlen=128 cpu=zvkned=true,zvknha=true,zvksh=true,zvbb=true qemu=no: qemu-riscv64 7.2 has no vector crypto
 * The vector crypto rules that make an instruction illegal: vl or vstart not a multiple of the
 * element-group size, SEW other than the instruction's, LMUL * VLEN below the group width,
 * .vs forms whose vd overlaps vs2, vsm3 with vd = vs2, SHA-512 without Zvknhb, extensions that
 * are off (Zvksed, Zvbc, Zvkg here), and their legal neighbours. */
#include <stdio.h>
#include "vtest.h"
#include "vtry.h"
#include "vcrypto-insn.h"

int main(void)
{
    vtry_init();
    vt_init();
    vt_fill_regs(3);
    TRY("vaesem.vv vl=4", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VAESEM_VV(8, 9));
    TRY("vaesem.vv vl=3", __asm__ volatile("vsetivli zero, 3, e32, m1, ta, ma"), VAESEM_VV(8, 9));
    TRY("vaesem.vv vl=0", __asm__ volatile("vsetivli zero, 0, e32, m1, ta, ma"), VAESEM_VV(8, 9));
    TRY("vaesem.vv e64", __asm__ volatile("vsetivli zero, 4, e64, m2, ta, ma"), VAESEM_VV(8, 10));
    TRY("vaesem.vv e32 mf2", __asm__ volatile("vsetivli zero, 0, e32, mf2, ta, ma"), VAESEM_VV(8, 9));
    TRY("vaesem.vv m2 vd odd", __asm__ volatile("vsetivli zero, 8, e32, m2, ta, ma"), VAESEM_VV(9, 10));
    TRY("vaesem.vs m2 vd=vs2", __asm__ volatile("vsetivli zero, 8, e32, m2, ta, ma"), VAESEM_VS(8, 9));
    TRY("vaesem.vs m2 apart", __asm__ volatile("vsetivli zero, 8, e32, m2, ta, ma"), VAESEM_VS(8, 10));
    TRY("vaeskf1.vi", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VAESKF1_VI(8, 9, 11));
    TRY("vsha2ms e32", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VSHA2MS_VV(8, 9, 10));
    TRY("vsha2ms vd=vs1", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VSHA2MS_VV(8, 9, 8));
    TRY("vsha2ms e64 (no zvknhb)", __asm__ volatile("vsetivli zero, 4, e64, m2, ta, ma"), VSHA2MS_VV(8, 10, 12));
    TRY("vsm3me e32 m2", __asm__ volatile("vsetivli zero, 8, e32, m2, ta, ma"), VSM3ME_VV(8, 10, 12));
    TRY("vsm3me vl=4", __asm__ volatile("vsetivli zero, 4, e32, m2, ta, ma"), VSM3ME_VV(8, 10, 12));
    TRY("vsm3me m1 (EGW 256)", __asm__ volatile("vsetivli zero, 0, e32, m1, ta, ma"), VSM3ME_VV(8, 10, 12));
    TRY("vsm3c vd=vs2", __asm__ volatile("vsetivli zero, 8, e32, m2, ta, ma"), VSM3C_VI(8, 8, 1));
    TRY("vsm4r (zvksed off)", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VSM4R_VV(8, 9));
    TRY("vghsh (zvkg off)", __asm__ volatile("vsetivli zero, 4, e32, m1, ta, ma"), VGHSH_VV(8, 9, 10));
    TRY("vclmul (zvbc off)", __asm__ volatile("vsetivli zero, 2, e64, m1, ta, ma"), VCLMUL_VV(8, 9, 10, 1));
    TRY("vclz e8", __asm__ volatile("vsetivli zero, 3, e8, m1, ta, ma"), VCLZ_V(8, 9, 1));
    TRY("vwsll e64", __asm__ volatile("vsetivli zero, 2, e64, m1, ta, ma"), VWSLL_VV(8, 10, 12, 1));
    TRY("vwsll vd=vs2", __asm__ volatile("vsetivli zero, 2, e32, m1, ta, ma"), VWSLL_VV(8, 8, 12, 1));
    TRY("vrol masked vd=v0", __asm__ volatile("vsetivli zero, 2, e32, m1, ta, ma"), VROL_VV(0, 8, 12, 0));
    vt_dump_regs("end", 8, 2);
    return 0;
}
