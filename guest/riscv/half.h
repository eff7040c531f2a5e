/*
 * Half-precision (binary16) values for Zfhmin/Zfh: the exact conversions shared by
 * translate-zfh.c (loads, moves, conversions, Zfa) and zfh-arith.c (arithmetic).
 * Invariants: half operands in f registers are NaN-boxed (upper 48 bits ones), an improperly
 * boxed one reads as the canonical NaN 0x7e00; every function is pure but for *flags, which
 * accumulates RISC-V fflags bits.
 */
#ifndef QELT_RISCV_HALF_H
#define QELT_RISCV_HALF_H

#include <stdbool.h>
#include <stdint.h>

struct VCPU;

#define HBOX 0xffffffffffff0000ull
enum { FL_NX = 1, FL_UF = 2, FL_OF = 4, FL_DZ = 8, FL_NV = 16 };
enum { RM_RNE, RM_RTZ, RM_RDN, RM_RUP, RM_RMM };

static inline uint16_t rv_unbox_h(uint64_t v) { return (v & HBOX) == HBOX ? (uint16_t)v : 0x7e00; }
/* A half's value as a double (exact); a NaN comes back as NaN, with NV for a signaling one. */
double rv_half_to_double(uint16_t h, unsigned *flags);
/* x rounded to half in mode rm (RM_*), with NX/UF/OF (tininess after rounding); a NaN gives
 * the canonical NaN, with NV when sig_nan. Exact for any double x: callers whose true result is
 * not a double pass a double strictly between the two doubles around it. */
uint16_t rv_double_to_half(double x, bool sig_nan, unsigned rm, unsigned *flags);
/* Zfh's helpers (zfh-arith.c), called from generated code. */
#define HALF_BIN_RM(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm);
#define HALF_R4(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm);
#define HALF_UN_RM(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm);
#define HALF_BIN(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b);
HALF_BIN_RM(fadd_h) HALF_BIN_RM(fsub_h) HALF_BIN_RM(fmul_h) HALF_BIN_RM(fdiv_h)
HALF_R4(fmadd_h) HALF_R4(fmsub_h) HALF_R4(fnmsub_h) HALF_R4(fnmadd_h)
HALF_UN_RM(fsqrt_h) HALF_UN_RM(fcvt_w_h) HALF_UN_RM(fcvt_wu_h) HALF_UN_RM(fcvt_l_h)
HALF_UN_RM(fcvt_lu_h) HALF_UN_RM(fcvt_h_w) HALF_UN_RM(fcvt_h_wu) HALF_UN_RM(fcvt_h_l)
HALF_UN_RM(fcvt_h_lu)
HALF_BIN(fmin_h) HALF_BIN(fmax_h) HALF_BIN(feq_h) HALF_BIN(flt_h) HALF_BIN(fle_h)
#undef HALF_BIN_RM
#undef HALF_R4
#undef HALF_UN_RM
#undef HALF_BIN
uint64_t helper_fclass_h(uint64_t a);
uint64_t helper_fsgnj_h(uint64_t a, uint64_t b, uint64_t kind);

/* x (finite) rounded to an integral value in mode rm (RM_*), exactly (zfh-arith.c). */
double rv_round_integral(double x, unsigned rm);
/* The instruction's rm field resolved (7 = GuestState.frm). */
unsigned rv_half_rm(struct VCPU *cpu, uint64_t rm);

#endif
