/* fpu-micro.c -- throughput of soft-float vs the host-FPU fast path vs raw host FP.
 *
 * Build by hand (not part of make):  gcc -std=gnu11 -O2 -Ifpu bench/fpu-micro.c fpu/softfloat.c fpu/fpfast.c -lm
 * Each loop runs a dependent-free stream of operations on normal operands with NX pre-set
 * and RNE (the fast path's common case), and reports ns per operation. The operand arrays
 * are small and cache-resident; results are folded into a checksum so nothing is dropped.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "fpfast.h"
#include "softfloat.h"

#define N 4096
#define REPS 400

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t A[N], B[N], C[N];
static uint32_t A32[N], B32[N], C32[N];

#define BENCH(label, EXPR)                                                             \
    do {                                                                               \
        FloatStatus s = { RM_RNE, FLAG_NX }; (void)s;                                  \
        uint64_t sum = 0;                                                              \
        double t0 = now();                                                             \
        for (int r = 0; r < REPS; r++)                                                 \
            for (int i = 0; i < N; i++) sum += (uint64_t)(EXPR);                       \
        double t = now() - t0;                                                         \
        printf("%-22s %7.2f ns/op  (check %016llx)\n", label, t * 1e9 / ((double)N * REPS), \
               (unsigned long long)sum);                                               \
    } while (0)

static double hd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

int main(void)
{
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < N; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        /* normals in [2^-20, 2^20) of both signs */
        A[i] = (x & 0x800fffffffffffffull) | ((uint64_t)(1023 - 20 + (x >> 20) % 40) << 52);
        B[i] = ((x >> 3) & 0x000fffffffffffffull) | ((uint64_t)(1023 - 20 + (x >> 30) % 40) << 52);
        C[i] = ((x >> 5) & 0x800fffffffffffffull) | ((uint64_t)(1023 - 20 + (x >> 40) % 40) << 52);
        A32[i] = (uint32_t)((x & 0x807fffffu) | ((127u - 20 + (uint32_t)(x >> 20) % 40) << 23));
        B32[i] = (uint32_t)(((x >> 3) & 0x007fffffu) | ((127u - 20 + (uint32_t)(x >> 30) % 40) << 23));
        C32[i] = (uint32_t)(((x >> 5) & 0x807fffffu) | ((127u - 20 + (uint32_t)(x >> 40) % 40) << 23));
    }
    BENCH("host f64 add", (uint64_t)(hd(A[i]) + hd(B[i]) > 0));
    BENCH("soft f64_add", f64_add(A[i], B[i], &s));
    BENCH("fast f64_add", fpfast_f64_add(A[i], B[i], &s));
    BENCH("soft f64_mul", f64_mul(A[i], B[i], &s));
    BENCH("fast f64_mul", fpfast_f64_mul(A[i], B[i], &s));
    BENCH("soft f64_div", f64_div(A[i], B[i], &s));
    BENCH("fast f64_div", fpfast_f64_div(A[i], B[i], &s));
    BENCH("soft f64_sqrt", f64_sqrt(B[i], &s));
    BENCH("fast f64_sqrt", fpfast_f64_sqrt(B[i], &s));
    BENCH("soft f64_muladd", f64_muladd(A[i], B[i], C[i], 0, &s));
    BENCH("fast f64_muladd", fpfast_f64_muladd(A[i], B[i], C[i], 0, &s));
    BENCH("soft f64_lt", f64_lt(A[i], B[i], &s));
    BENCH("fast f64_lt", fpfast_f64_lt(A[i], B[i], &s));
    BENCH("soft f32_add", f32_add(A32[i], B32[i], &s));
    BENCH("fast f32_add", fpfast_f32_add(A32[i], B32[i], &s));
    BENCH("soft f32_mul", f32_mul(A32[i], B32[i], &s));
    BENCH("fast f32_mul", fpfast_f32_mul(A32[i], B32[i], &s));
    BENCH("soft f32_div", f32_div(A32[i], B32[i], &s));
    BENCH("fast f32_div", fpfast_f32_div(A32[i], B32[i], &s));
    BENCH("soft f32_sqrt", f32_sqrt(B32[i], &s));
    BENCH("fast f32_sqrt", fpfast_f32_sqrt(B32[i], &s));
    BENCH("soft f32_muladd", f32_muladd(A32[i], B32[i], C32[i], 0, &s));
    BENCH("fast f32_muladd", fpfast_f32_muladd(A32[i], B32[i], C32[i], 0, &s));
    BENCH("soft f64_to_i64", (uint64_t)f64_to_i64(A[i], RM_RTZ, &s));
    BENCH("soft i64_to_f64", i64_to_f64((int64_t)A[i], &s));
    return 0;
}
