/*
 * The Zvbb/Zvbc/Zvk* instructions for binutils 2.40, which does not know them: each macro
 * expands to an assembler string ".word <encoding>" with the register numbers (plain numbers:
 * VAESEF_VV(10, 9) is vaesef.vv v10, v9) or immediate filled in by the assembler's arithmetic.
 * Encodings from the RISC-V vector crypto specification (v1.0): OP-V (0x57) for Zvbb/Zvbc,
 * OP-VE (0x77, OPMVV, vm = 1) for the others.
 */
#ifndef VCRYPTO_INSN_H
#define VCRYPTO_INSN_H

#define VC_S(x) #x
#define VC_WORD(base, vd, vs2, f15) \
    ".word (" VC_S(base) " | ((" VC_S(vd) ") << 7) | ((" VC_S(vs2) ") << 20) | ((" VC_S(f15) ") << 15))\n\t"
/* vm: 1 unmasked, 0 masked by v0 */
#define VC_WORD_M(base, vd, vs2, f15, vm) \
    ".word (" VC_S(base) " | ((" VC_S(vd) ") << 7) | ((" VC_S(vs2) ") << 20) | ((" VC_S(f15) ") << 15) | ((" VC_S(vm) ") << 25))\n\t"

/* Zvkned */
#define VAESDM_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 0)
#define VAESDF_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 1)
#define VAESEM_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 2)
#define VAESEF_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 3)
#define VAESDM_VS(vd, vs2) VC_WORD(0xa6002077, vd, vs2, 0)
#define VAESDF_VS(vd, vs2) VC_WORD(0xa6002077, vd, vs2, 1)
#define VAESEM_VS(vd, vs2) VC_WORD(0xa6002077, vd, vs2, 2)
#define VAESEF_VS(vd, vs2) VC_WORD(0xa6002077, vd, vs2, 3)
#define VAESZ_VS(vd, vs2)  VC_WORD(0xa6002077, vd, vs2, 7)
#define VAESKF1_VI(vd, vs2, rnd) VC_WORD(0x8a002077, vd, vs2, rnd)
#define VAESKF2_VI(vd, vs2, rnd) VC_WORD(0xaa002077, vd, vs2, rnd)
/* Zvknha/b */
#define VSHA2MS_VV(vd, vs2, vs1) VC_WORD(0xb6002077, vd, vs2, vs1)
#define VSHA2CH_VV(vd, vs2, vs1) VC_WORD(0xba002077, vd, vs2, vs1)
#define VSHA2CL_VV(vd, vs2, vs1) VC_WORD(0xbe002077, vd, vs2, vs1)
/* Zvksed */
#define VSM4K_VI(vd, vs2, rnd) VC_WORD(0x86002077, vd, vs2, rnd)
#define VSM4R_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 16)
#define VSM4R_VS(vd, vs2) VC_WORD(0xa6002077, vd, vs2, 16)
/* Zvksh */
#define VSM3ME_VV(vd, vs2, vs1) VC_WORD(0x82002077, vd, vs2, vs1)
#define VSM3C_VI(vd, vs2, rnd) VC_WORD(0xae002077, vd, vs2, rnd)
/* Zvkg */
#define VGHSH_VV(vd, vs2, vs1) VC_WORD(0xb2002077, vd, vs2, vs1)
#define VGMUL_VV(vd, vs2) VC_WORD(0xa2002077, vd, vs2, 17)
/* Zvbb / Zvkb (vm last) */
#define VANDN_VV(vd, vs2, vs1, vm) VC_WORD_M(0x04000057, vd, vs2, vs1, vm)
#define VANDN_VX(vd, vs2, rs1, vm) VC_WORD_M(0x04004057, vd, vs2, rs1, vm)
#define VBREV8_V(vd, vs2, vm) VC_WORD_M(0x48002057, vd, vs2, 8, vm)
#define VREV8_V(vd, vs2, vm)  VC_WORD_M(0x48002057, vd, vs2, 9, vm)
#define VBREV_V(vd, vs2, vm)  VC_WORD_M(0x48002057, vd, vs2, 10, vm)
#define VCLZ_V(vd, vs2, vm)   VC_WORD_M(0x48002057, vd, vs2, 12, vm)
#define VCTZ_V(vd, vs2, vm)   VC_WORD_M(0x48002057, vd, vs2, 13, vm)
#define VCPOP_V(vd, vs2, vm)  VC_WORD_M(0x48002057, vd, vs2, 14, vm)
#define VROL_VV(vd, vs2, vs1, vm) VC_WORD_M(0x54000057, vd, vs2, vs1, vm)
#define VROL_VX(vd, vs2, rs1, vm) VC_WORD_M(0x54004057, vd, vs2, rs1, vm)
#define VROR_VV(vd, vs2, vs1, vm) VC_WORD_M(0x50000057, vd, vs2, vs1, vm)
#define VROR_VX(vd, vs2, rs1, vm) VC_WORD_M(0x50004057, vd, vs2, rs1, vm)
/* vror.vi: a 6-bit immediate, bit 5 in instruction bit 26 */
#define VROR_VI(vd, vs2, imm, vm) \
    VC_WORD_M(0x50003057 | ((((imm) >> 5) & 1) << 26), vd, vs2, ((imm) & 31), vm)
#define VWSLL_VV(vd, vs2, vs1, vm) VC_WORD_M(0xd4000057, vd, vs2, vs1, vm)
#define VWSLL_VX(vd, vs2, rs1, vm) VC_WORD_M(0xd4004057, vd, vs2, rs1, vm)
#define VWSLL_VI(vd, vs2, imm, vm) VC_WORD_M(0xd4003057, vd, vs2, imm, vm)
/* Zvbc */
#define VCLMUL_VV(vd, vs2, vs1, vm)  VC_WORD_M(0x30002057, vd, vs2, vs1, vm)
#define VCLMUL_VX(vd, vs2, rs1, vm)  VC_WORD_M(0x30006057, vd, vs2, rs1, vm)
#define VCLMULH_VV(vd, vs2, vs1, vm) VC_WORD_M(0x34002057, vd, vs2, vs1, vm)
#define VCLMULH_VX(vd, vs2, rs1, vm) VC_WORD_M(0x34006057, vd, vs2, rs1, vm)

#endif
