/*
 * Private to the RISC-V decoder and disassembler (decode.c, disas.c, the decoder test): the
 * operand formats named in insns.def and the per-op facts derived from the table.
 * Invariant: every `fmt` used in insns.def appears in RV_FMT_LIST.
 */
#ifndef QELT_RISCV_DECODE_INT_H
#define QELT_RISCV_DECODE_INT_H

#include <stdint.h>
#include "decode.h"
#include "cpu-ext.h"   /* RVExt: the `ext` column names a row or group of extensions.def */

#define RV_FMT_LIST(X) \
    X(R) X(I) X(LOAD) X(JALR) X(S) X(B) X(U) X(J) X(SHIFT) X(SHIFTW) X(CSR) X(CSRI) \
    X(FENCE) X(FENCE_I) X(SYS) X(SFENCE) X(AMO) X(LR) \
    X(FLOAD) X(FSTORE) X(FR) X(FR_RM) X(R4) X(FR1_RM) X(FR1_EX) X(FCMP) X(F2X) X(X2F) \
    X(F2X_RM) X(X2F_RM) X(X2F_EX) X(R1) X(CBO) X(PREFETCH) X(MOP_R) X(MOP_RR) X(KS1I) X(FLI) X(R_BS) \
    X(CIW) X(CL_W) X(CL_D) X(CL_DF) X(CS_W) X(CS_D) X(CS_DF) X(CI) X(CI_16SP) X(CI_LUI) \
    X(CI_SLLI) X(CB_SH) X(CB_ANDI) X(CA) X(CJ) X(CB) X(CI_LWSP) X(CI_LDSP) X(CI_LDSPF) \
    X(CR_JR) X(CR_MV) X(C_NONE) X(CSS_W) X(CSS_D) X(CSS_DF) X(CLB) X(CLH) X(CSB) X(CSH) \
    X(CU) X(C_MOP) \
    X(V_CFG_I) X(V_CFG_II) X(V_CFG_R) X(V_VV) X(V_VX) X(V_VF) X(V_VI) X(V_VIU) \
    X(V_MAC_VV) X(V_MAC_VX) X(V_MAC_VF) X(V_V) X(V_X_V) X(V_F_V) X(V_S_X) X(V_S_F) X(V_S_I) \
    X(V_S_V) X(V_VVM) X(V_VXM) X(V_VIM) X(V_VFM) X(V_D) X(V_MEM) X(V_MEMS) X(V_MEMX) X(V_MEMR)

typedef enum RVFmt {
#define RV_FMT_ENUM(f) RV_FMT_##f,
    RV_FMT_LIST(RV_FMT_ENUM)
#undef RV_FMT_ENUM
    RV_NB_FMTS
} RVFmt;


typedef struct RVOpInfo {
    uint32_t mask, match;
    uint8_t fmt;       /* RVFmt */
    uint8_t ext;       /* RVExt */
} RVOpInfo;

/* Indexed by RVOp; entry 0 (illegal) is all zero. */
extern const RVOpInfo rv_op_info[RV_NB_OPS];

#endif
