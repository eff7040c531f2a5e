/*
 * RISC-V F/D helpers: the run-time half of translate-fp.c (conventions in fp-helpers.h).
 *
 * Each helper builds a FloatStatus from the instruction's rounding mode (or frm) and the
 * guest's accrued fflags, calls fpu/ (soft-float, or the host-FPU fast path, which is exact
 * only when it can prove it and otherwise falls back by itself), and stores the accrued flags
 * back. Passing the guest's current fflags in is what lets the fast path run: once NX has
 * been raised in the guest (almost at once in real code) an inexact result needs no new flag.
 * NaN-boxing lives here too, so generated code passes raw register contents.
 */
#include "fp-helpers.h"
#include "fpfast.h"
#include "runtime.h"
#include "softfloat.h"
#include "vcpu.h"

static inline uint32_t unbox32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_CANONICAL_NAN;
}

static inline uint64_t box32(uint32_t v) { return 0xffffffff00000000ull | v; }

static inline FloatStatus fs_begin(struct VCPU *cpu, uint64_t rm)
{
    FloatStatus s;
    unsigned r = rm == 7 ? cpu->g.frm : (unsigned)rm;
    /* frm was checked in this block before any dynamic-rm op; stay in range regardless */
    s.rm = r <= RM_RMM ? r : RM_RNE;
    s.flags = (uint8_t)cpu->g.fflags;
    return s;
}

static inline void fs_end(struct VCPU *cpu, const FloatStatus *s) { cpu->g.fflags = s->flags; }

void helper_fp_check_frm(struct VCPU *cpu, uint64_t pc)
{
    if (cpu->g.frm > RM_RMM) {
        cpu->g.pc = pc;
        cpu_loop_exit(cpu, EXIT_ILLEGAL);
    }
}

#define BIN_RM_S(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint32_t r = fn(unbox32(a), unbox32(b), &s); \
      fs_end(cpu, &s); return box32(r); }
#define BIN_RM_D(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint64_t r = fn(a, b, &s); fs_end(cpu, &s); return r; }

BIN_RM_S(fadd_s, f32_add) BIN_RM_S(fadd_s_fast, fpfast_f32_add)
BIN_RM_S(fsub_s, f32_sub) BIN_RM_S(fsub_s_fast, fpfast_f32_sub)
BIN_RM_S(fmul_s, f32_mul) BIN_RM_S(fmul_s_fast, fpfast_f32_mul)
BIN_RM_S(fdiv_s, f32_div) BIN_RM_S(fdiv_s_fast, fpfast_f32_div)
BIN_RM_D(fadd_d, f64_add) BIN_RM_D(fadd_d_fast, fpfast_f64_add)
BIN_RM_D(fsub_d, f64_sub) BIN_RM_D(fsub_d_fast, fpfast_f64_sub)
BIN_RM_D(fmul_d, f64_mul) BIN_RM_D(fmul_d_fast, fpfast_f64_mul)
BIN_RM_D(fdiv_d, f64_div) BIN_RM_D(fdiv_d_fast, fpfast_f64_div)

#define R4_S(n, fn, neg) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); \
      uint32_t r = fn(unbox32(a), unbox32(b), unbox32(c), (neg), &s); \
      fs_end(cpu, &s); return box32(r); }
#define R4_D(n, fn, neg) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b, uint64_t c, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint64_t r = fn(a, b, c, (neg), &s); \
      fs_end(cpu, &s); return r; }
#define NEG_BOTH (MULADD_NEG_PRODUCT | MULADD_NEG_ADDEND)

R4_S(fmadd_s, f32_muladd, 0)                    R4_S(fmadd_s_fast, fpfast_f32_muladd, 0)
R4_S(fmsub_s, f32_muladd, MULADD_NEG_ADDEND)    R4_S(fmsub_s_fast, fpfast_f32_muladd, MULADD_NEG_ADDEND)
R4_S(fnmsub_s, f32_muladd, MULADD_NEG_PRODUCT)  R4_S(fnmsub_s_fast, fpfast_f32_muladd, MULADD_NEG_PRODUCT)
R4_S(fnmadd_s, f32_muladd, NEG_BOTH)            R4_S(fnmadd_s_fast, fpfast_f32_muladd, NEG_BOTH)
R4_D(fmadd_d, f64_muladd, 0)                    R4_D(fmadd_d_fast, fpfast_f64_muladd, 0)
R4_D(fmsub_d, f64_muladd, MULADD_NEG_ADDEND)    R4_D(fmsub_d_fast, fpfast_f64_muladd, MULADD_NEG_ADDEND)
R4_D(fnmsub_d, f64_muladd, MULADD_NEG_PRODUCT)  R4_D(fnmsub_d_fast, fpfast_f64_muladd, MULADD_NEG_PRODUCT)
R4_D(fnmadd_d, f64_muladd, NEG_BOTH)            R4_D(fnmadd_d_fast, fpfast_f64_muladd, NEG_BOTH)

#define UN_RM_S(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint32_t r = fn(unbox32(a), &s); fs_end(cpu, &s); \
      return box32(r); }
#define UN_RM_D(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint64_t r = fn(a, &s); fs_end(cpu, &s); return r; }

UN_RM_S(fsqrt_s, f32_sqrt) UN_RM_S(fsqrt_s_fast, fpfast_f32_sqrt)
UN_RM_D(fsqrt_d, f64_sqrt) UN_RM_D(fsqrt_d_fast, fpfast_f64_sqrt)

/* Compares and min/max have no rounding: rm 0 is as good as any. */
#define CMP_S(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b) \
    { FloatStatus s = fs_begin(cpu, 0); int r = fn(unbox32(a), unbox32(b), &s); \
      fs_end(cpu, &s); return r != 0; }
#define CMP_D(n, fn) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t b) \
    { FloatStatus s = fs_begin(cpu, 0); int r = fn(a, b, &s); fs_end(cpu, &s); return r != 0; }

CMP_S(feq_s, f32_eq) CMP_S(flt_s, f32_lt) CMP_S(fle_s, f32_le)
CMP_S(feq_s_fast, fpfast_f32_eq) CMP_S(flt_s_fast, fpfast_f32_lt) CMP_S(fle_s_fast, fpfast_f32_le)
CMP_D(feq_d, f64_eq) CMP_D(flt_d, f64_lt) CMP_D(fle_d, f64_le)
CMP_D(feq_d_fast, fpfast_f64_eq) CMP_D(flt_d_fast, fpfast_f64_lt) CMP_D(fle_d_fast, fpfast_f64_le)

uint64_t helper_fmin_s(struct VCPU *cpu, uint64_t a, uint64_t b)
{ FloatStatus s = fs_begin(cpu, 0); uint32_t r = f32_min(unbox32(a), unbox32(b), &s);
  fs_end(cpu, &s); return box32(r); }
uint64_t helper_fmax_s(struct VCPU *cpu, uint64_t a, uint64_t b)
{ FloatStatus s = fs_begin(cpu, 0); uint32_t r = f32_max(unbox32(a), unbox32(b), &s);
  fs_end(cpu, &s); return box32(r); }
uint64_t helper_fmin_d(struct VCPU *cpu, uint64_t a, uint64_t b)
{ FloatStatus s = fs_begin(cpu, 0); uint64_t r = f64_min(a, b, &s); fs_end(cpu, &s); return r; }
uint64_t helper_fmax_d(struct VCPU *cpu, uint64_t a, uint64_t b)
{ FloatStatus s = fs_begin(cpu, 0); uint64_t r = f64_max(a, b, &s); fs_end(cpu, &s); return r; }

/* FP -> integer: 32-bit results (signed or not) are sign-extended into the x register. */
#define F2I(n, T, fn, unbox) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); T r = fn(unbox(a), s.rm, &s); fs_end(cpu, &s); \
      return (uint64_t)(int64_t)r; }
#define ID64(x) (x)
F2I(fcvt_w_s, int32_t, f32_to_i32, unbox32)
F2I(fcvt_wu_s, int32_t, (int32_t)f32_to_u32, unbox32)
F2I(fcvt_l_s, int64_t, f32_to_i64, unbox32)
F2I(fcvt_lu_s, int64_t, (int64_t)f32_to_u64, unbox32)
F2I(fcvt_w_d, int32_t, f64_to_i32, ID64)
F2I(fcvt_wu_d, int32_t, (int32_t)f64_to_u32, ID64)
F2I(fcvt_l_d, int64_t, f64_to_i64, ID64)
F2I(fcvt_lu_d, int64_t, (int64_t)f64_to_u64, ID64)

/* integer -> FP: the source is the low 32 bits for the W forms. */
#define I2F_S(n, fn, T) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint32_t r = fn((T)a, &s); fs_end(cpu, &s); \
      return box32(r); }
#define I2F_D(n, fn, T) \
    uint64_t helper_##n(struct VCPU *cpu, uint64_t a, uint64_t rm) \
    { FloatStatus s = fs_begin(cpu, rm); uint64_t r = fn((T)a, &s); fs_end(cpu, &s); return r; }
I2F_S(fcvt_s_w, i32_to_f32, int32_t) I2F_S(fcvt_s_wu, u32_to_f32, uint32_t)
I2F_S(fcvt_s_l, i64_to_f32, int64_t) I2F_S(fcvt_s_lu, u64_to_f32, uint64_t)
I2F_D(fcvt_d_w, i32_to_f64, int32_t) I2F_D(fcvt_d_wu, u32_to_f64, uint32_t)
I2F_D(fcvt_d_l, i64_to_f64, int64_t) I2F_D(fcvt_d_lu, u64_to_f64, uint64_t)

uint64_t helper_fcvt_s_d(struct VCPU *cpu, uint64_t a, uint64_t rm)
{ FloatStatus s = fs_begin(cpu, rm); uint32_t r = f64_to_f32(a, &s); fs_end(cpu, &s);
  return box32(r); }
uint64_t helper_fcvt_d_s(struct VCPU *cpu, uint64_t a, uint64_t rm)
{ FloatStatus s = fs_begin(cpu, rm); uint64_t r = f32_to_f64(unbox32(a), &s); fs_end(cpu, &s);
  return r; }

uint64_t helper_fclass_s(uint64_t a) { return f32_classify(unbox32(a)); }
uint64_t helper_fclass_d(uint64_t a) { return f64_classify(a); }
