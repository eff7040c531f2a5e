/* fpfast.h -- host-FPU fast path for RISC-V F/D arithmetic (the seed's "contribution 1").
 *
 * Each fpfast_* function returns exactly what the same-named soft-float function in
 * softfloat.h returns (result bits and the flags OR-ed into *s), but computes it with the
 * host FPU when that is provably exact and needs no flag the result itself doesn't reveal:
 * both inputs zero or normal, NX already set in s->flags, and s->rm == RM_RNE. MXCSR is
 * never read. Everything else falls back to soft-float.
 * Invariant the caller must keep: the host MXCSR stays at its process default (round to
 * nearest-even, FTZ and DAZ off). fpfast_host_ok() checks it, e.g. once at startup.
 */
#ifndef QELT_FPFAST_H
#define QELT_FPFAST_H
#include <stdint.h>
#include "softfloat.h"

uint32_t fpfast_f32_add(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t fpfast_f32_sub(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t fpfast_f32_mul(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t fpfast_f32_div(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t fpfast_f32_sqrt(uint32_t a, FloatStatus *s);
uint32_t fpfast_f32_muladd(uint32_t a, uint32_t b, uint32_t c, int negate_flags, FloatStatus *s);
int fpfast_f32_eq(uint32_t a, uint32_t b, FloatStatus *s);
int fpfast_f32_lt(uint32_t a, uint32_t b, FloatStatus *s);
int fpfast_f32_le(uint32_t a, uint32_t b, FloatStatus *s);

uint64_t fpfast_f64_add(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fpfast_f64_sub(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fpfast_f64_mul(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fpfast_f64_div(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t fpfast_f64_sqrt(uint64_t a, FloatStatus *s);
uint64_t fpfast_f64_muladd(uint64_t a, uint64_t b, uint64_t c, int negate_flags, FloatStatus *s);
int fpfast_f64_eq(uint64_t a, uint64_t b, FloatStatus *s);
int fpfast_f64_lt(uint64_t a, uint64_t b, FloatStatus *s);
int fpfast_f64_le(uint64_t a, uint64_t b, FloatStatus *s);

/* Bulk forms for the vector instructions: r[i] = op(x[i], y[i], z[i]) for i < n (z only for
 * FPFAST_MULADD, with its negate_flags neg), each element exactly the per-element function's
 * result, flags accrued in element order. r may be any of the inputs (the same elements, not
 * shifted). */
enum { FPFAST_ADD, FPFAST_SUB, FPFAST_MUL, FPFAST_MULADD };
/* The arrays may be any memory (a guest vector register file's bytes): may_alias types. */
typedef uint32_t fpfast_u32a __attribute__((may_alias));
typedef uint64_t fpfast_u64a __attribute__((may_alias));
void fpfast_f32_bulk(int op, fpfast_u32a *r, const fpfast_u32a *x, const fpfast_u32a *y,
                     const fpfast_u32a *z, unsigned n, int neg, FloatStatus *s);
void fpfast_f64_bulk(int op, fpfast_u64a *r, const fpfast_u64a *x, const fpfast_u64a *y,
                     const fpfast_u64a *z, unsigned n, int neg, FloatStatus *s);

/* 1 if the host MXCSR has the settings the fast path relies on (RNE, no FTZ/DAZ). */
int fpfast_host_ok(void);

#endif
