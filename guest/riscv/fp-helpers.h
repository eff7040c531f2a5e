/*
 * RISC-V F/D helpers called from generated code (fp-helpers.c), emitted by translate-fp.c.
 *
 * Calling convention: every argument and result is a 64-bit integer; FP operands are raw
 * register contents (singles NaN-boxed: the helper unboxes, an improperly boxed input reads as
 * the canonical NaN, and single results come back boxed). `rm` is the instruction's rm field,
 * 0..4 or 7 = dynamic (GuestState.frm, which helper_fp_check_frm has validated earlier in the
 * same block: frm only changes at a CSR write, which ends the block). Helpers that take a VCPU
 * accumulate exception flags into GuestState.fflags and touch no IR global.
 * The _fast variants use the host-FPU fast path (fpu/fpfast.h); the others are pure soft-float
 * (-fpu soft), both bit-exact.
 */
#ifndef QELT_RISCV_FP_HELPERS_H
#define QELT_RISCV_FP_HELPERS_H

#include <stdint.h>

struct VCPU;

/* Raises an illegal-instruction exception at pc when frm holds a reserved rounding mode. */
void helper_fp_check_frm(struct VCPU *cpu, uint64_t pc);

#define FPH_BIN_RM(n) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm); \
    uint64_t helper_##n##_fast(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm);
#define FPH_R4(n) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm); \
    uint64_t helper_##n##_fast(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm);
#define FPH_BIN(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b);
#define FPH_UN_RM(n) uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm);

FPH_BIN_RM(fadd_s) FPH_BIN_RM(fsub_s) FPH_BIN_RM(fmul_s) FPH_BIN_RM(fdiv_s)
FPH_BIN_RM(fadd_d) FPH_BIN_RM(fsub_d) FPH_BIN_RM(fmul_d) FPH_BIN_RM(fdiv_d)
FPH_R4(fmadd_s) FPH_R4(fmsub_s) FPH_R4(fnmsub_s) FPH_R4(fnmadd_s)
FPH_R4(fmadd_d) FPH_R4(fmsub_d) FPH_R4(fnmsub_d) FPH_R4(fnmadd_d)
/* sqrt and compares have fast variants too */
FPH_UN_RM(fsqrt_s) FPH_UN_RM(fsqrt_s_fast) FPH_UN_RM(fsqrt_d) FPH_UN_RM(fsqrt_d_fast)
FPH_BIN(feq_s) FPH_BIN(flt_s) FPH_BIN(fle_s) FPH_BIN(feq_d) FPH_BIN(flt_d) FPH_BIN(fle_d)
FPH_BIN(feq_s_fast) FPH_BIN(flt_s_fast) FPH_BIN(fle_s_fast)
FPH_BIN(feq_d_fast) FPH_BIN(flt_d_fast) FPH_BIN(fle_d_fast)
FPH_BIN(fmin_s) FPH_BIN(fmax_s) FPH_BIN(fmin_d) FPH_BIN(fmax_d)
/* conversions (results to x registers are sign-extended as RV64 specifies) */
FPH_UN_RM(fcvt_w_s) FPH_UN_RM(fcvt_wu_s) FPH_UN_RM(fcvt_l_s) FPH_UN_RM(fcvt_lu_s)
FPH_UN_RM(fcvt_s_w) FPH_UN_RM(fcvt_s_wu) FPH_UN_RM(fcvt_s_l) FPH_UN_RM(fcvt_s_lu)
FPH_UN_RM(fcvt_w_d) FPH_UN_RM(fcvt_wu_d) FPH_UN_RM(fcvt_l_d) FPH_UN_RM(fcvt_lu_d)
FPH_UN_RM(fcvt_d_w) FPH_UN_RM(fcvt_d_wu) FPH_UN_RM(fcvt_d_l) FPH_UN_RM(fcvt_d_lu)
FPH_UN_RM(fcvt_s_d) FPH_UN_RM(fcvt_d_s)

#undef FPH_BIN_RM
#undef FPH_R4
#undef FPH_BIN
#undef FPH_UN_RM

/* No flags, no state: pure. */
uint64_t helper_fclass_s(uint64_t a);
uint64_t helper_fclass_d(uint64_t a);

#endif
