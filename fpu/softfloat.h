/* softfloat.h -- qelt's IEEE 754 binary32/binary64 soft-float with RISC-V semantics.
 *
 * Values are raw bit patterns (uint32_t for binary32, uint64_t for binary64). All state an
 * operation needs travels in a FloatStatus: the rounding mode (RISC-V encoding) and the
 * accumulated fflags, which operations only OR into, never clear.
 *
 * Invariants (what the RISC-V F/D extensions require and the tests check bit for bit):
 *  - every NaN result is the canonical NaN (0x7fc00000 / 0x7ff8000000000000);
 *  - tininess is detected after rounding; UF is raised only when tiny AND inexact;
 *  - subnormal inputs and outputs are fully supported (no flush to zero);
 *  - float->integer conversions saturate (NaN -> largest positive) and raise NV only,
 *    never NX, when the rounded value is out of range;
 *  - NaN-boxing of binary32 values in 64-bit registers is the front end's business.
 * rm must be 0..4; the front end resolves the dynamic mode (7) and rejects 5/6 itself.
 */
#ifndef QELT_SOFTFLOAT_H
#define QELT_SOFTFLOAT_H
#include <stdint.h>

typedef struct FloatStatus {
    uint8_t rm;     /* RISC-V rounding mode: RM_RNE .. RM_RMM */
    uint8_t flags;  /* accumulated RISC-V fflags */
} FloatStatus;

enum { RM_RNE = 0, RM_RTZ = 1, RM_RDN = 2, RM_RUP = 3, RM_RMM = 4 };
enum { FLAG_NX = 1, FLAG_UF = 2, FLAG_OF = 4, FLAG_DZ = 8, FLAG_NV = 16 };

#define F32_CANONICAL_NAN 0x7fc00000u
#define F64_CANONICAL_NAN 0x7ff8000000000000ull

/* negate_flags of muladd: fmsub = NEG_ADDEND, fnmsub = NEG_PRODUCT, fnmadd = both. */
enum { MULADD_NEG_PRODUCT = 1, MULADD_NEG_ADDEND = 2 };

/* ---- binary32 ---- */
uint32_t f32_add(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_sub(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_mul(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_div(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_sqrt(uint32_t a, FloatStatus *s);
uint32_t f32_muladd(uint32_t a, uint32_t b, uint32_t c, int negate_flags, FloatStatus *s);
uint32_t f32_min(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_max(uint32_t a, uint32_t b, FloatStatus *s);
int f32_eq(uint32_t a, uint32_t b, FloatStatus *s);   /* quiet: NV only for sNaN */
int f32_lt(uint32_t a, uint32_t b, FloatStatus *s);   /* signaling: NV for any NaN */
int f32_le(uint32_t a, uint32_t b, FloatStatus *s);
uint32_t f32_classify(uint32_t a);                    /* RISC-V fclass mask */
int32_t  f32_to_i32(uint32_t a, int rm, FloatStatus *s);
uint32_t f32_to_u32(uint32_t a, int rm, FloatStatus *s);
int64_t  f32_to_i64(uint32_t a, int rm, FloatStatus *s);
uint64_t f32_to_u64(uint32_t a, int rm, FloatStatus *s);
uint32_t i32_to_f32(int32_t v, FloatStatus *s);
uint32_t u32_to_f32(uint32_t v, FloatStatus *s);
uint32_t i64_to_f32(int64_t v, FloatStatus *s);
uint32_t u64_to_f32(uint64_t v, FloatStatus *s);
uint64_t f32_to_f64(uint32_t a, FloatStatus *s);

/* ---- binary64 ---- */
uint64_t f64_add(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t f64_sub(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t f64_mul(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t f64_div(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t f64_sqrt(uint64_t a, FloatStatus *s);
uint64_t f64_muladd(uint64_t a, uint64_t b, uint64_t c, int negate_flags, FloatStatus *s);
uint64_t f64_min(uint64_t a, uint64_t b, FloatStatus *s);
uint64_t f64_max(uint64_t a, uint64_t b, FloatStatus *s);
int f64_eq(uint64_t a, uint64_t b, FloatStatus *s);
int f64_lt(uint64_t a, uint64_t b, FloatStatus *s);
int f64_le(uint64_t a, uint64_t b, FloatStatus *s);
uint32_t f64_classify(uint64_t a);
int32_t  f64_to_i32(uint64_t a, int rm, FloatStatus *s);
uint32_t f64_to_u32(uint64_t a, int rm, FloatStatus *s);
int64_t  f64_to_i64(uint64_t a, int rm, FloatStatus *s);
uint64_t f64_to_u64(uint64_t a, int rm, FloatStatus *s);
uint64_t i32_to_f64(int32_t v, FloatStatus *s);
uint64_t u32_to_f64(uint32_t v, FloatStatus *s);
uint64_t i64_to_f64(int64_t v, FloatStatus *s);
uint64_t u64_to_f64(uint64_t v, FloatStatus *s);
uint32_t f64_to_f32(uint64_t a, FloatStatus *s);

#endif
