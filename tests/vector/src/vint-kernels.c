/*
 * Integer loop kernels for clang 14's RVV auto-vectorizer: tests/vector/vint-kernels.S is this
 * file compiled by it (add/multiply-add, min/max, saturation, sum/max/xor reductions, widening
 * multiply, narrowing, selects, division, variable shifts, averages, reversal (vrgather),
 * counting compares, high multiply, abs, 8-bit multiply, 64-bit division/remainder, extensions),
 * so the integer vector instructions run as a compiler uses them (vslidedown/vmv.x.s reduction
 * tails, vmerge selects, vid/vrsub/vrgather reversal ...). Its output is the scalar build's.
 * Regenerate from the repository root (then check the .S still starts with its vtest: line):
 *   clang --target=riscv64-linux-gnu -march=rv64gcv1p0 -menable-experimental-extensions -O3 \
 *     -mllvm -riscv-v-vector-bits-min=128 -S tests/vector/src/vint-kernels.c -o - |
 *     sed -E '/^\s*#/d; /^\s*\.(addrsig|ident)/d; /^\s*$/d' >> tests/vector/vint-kernels.S
 */
#include <stdio.h>
#include <stdint.h>
#define N 1003
int8_t a8[N], b8[N], c8[N]; uint8_t u8a[N], u8b[N], u8c[N];
int16_t a16[N], b16[N], c16[N]; int32_t a32[N], b32[N], c32[N]; int64_t a64[N], b64[N], c64[N];
uint32_t u32a[N], u32b[N];
__attribute__((noinline)) void k_add(void) { for (int i = 0; i < N; i++) c32[i] = a32[i] + b32[i] * 3; }
__attribute__((noinline)) void k_minmax(void) { for (int i = 0; i < N; i++) c16[i] = a16[i] < b16[i] ? b16[i] : a16[i]; }
__attribute__((noinline)) void k_sat(void) { for (int i = 0; i < N; i++) { int s = u8a[i] + u8b[i]; u8c[i] = s > 255 ? 255 : s; } }
__attribute__((noinline)) long k_red(void) { long s = 0; for (int i = 0; i < N; i++) s += a32[i]; return s; }
__attribute__((noinline)) int k_redmax(void) { int m = -1000000; for (int i = 0; i < N; i++) m = a32[i] > m ? a32[i] : m; return m; }
__attribute__((noinline)) void k_widen(void) { for (int i = 0; i < N; i++) c32[i] = (int32_t)a16[i] * b16[i]; }
__attribute__((noinline)) void k_narrow(void) { for (int i = 0; i < N; i++) c8[i] = (int8_t)(a32[i] >> 3); }
__attribute__((noinline)) void k_sel(void) { for (int i = 0; i < N; i++) c64[i] = a64[i] > b64[i] ? a64[i] - b64[i] : b64[i] << 2; }
__attribute__((noinline)) void k_div(void) { for (int i = 0; i < N; i++) c32[i] = b32[i] ? a32[i] / b32[i] : 0; }
__attribute__((noinline)) void k_shift(void) { for (int i = 0; i < N; i++) u32a[i] = (u32b[i] >> (i & 31)) ^ (u32b[i] << 3); }
__attribute__((noinline)) void k_avg(void) { for (int i = 0; i < N; i++) u8c[i] = (u8a[i] + u8b[i] + 1) >> 1; }
__attribute__((noinline)) void k_rev(void) { for (int i = 0; i < N; i++) c16[i] = a16[N - 1 - i]; }
__attribute__((noinline)) int k_count(void) { int n = 0; for (int i = 0; i < N; i++) n += a8[i] > b8[i]; return n; }
__attribute__((noinline)) void k_mulh(void) { for (int i = 0; i < N; i++) c32[i] = (int32_t)(((int64_t)a32[i] * b32[i]) >> 32); }
__attribute__((noinline)) void k_abs(void) { for (int i = 0; i < N; i++) c32[i] = a32[i] < 0 ? -a32[i] : a32[i]; }
__attribute__((noinline)) void k_mul8(void) { for (int i = 0; i < N; i++) c8[i] = a8[i] * b8[i] + 7; }
__attribute__((noinline)) void k_u64(void) { for (int i = 0; i < N; i++) c64[i] = (uint64_t)a64[i] / ((uint64_t)b64[i] | 1) + ((uint64_t)a64[i] % 13); }
__attribute__((noinline)) uint32_t k_xorred(void) { uint32_t x = 0; for (int i = 0; i < N; i++) x ^= u32b[i] & 0xf0f0f0f0u; return x; }
__attribute__((noinline)) void k_ext(void) { for (int i = 0; i < N; i++) c64[i] = a8[i] + (int64_t)u8a[i]; }
static uint64_t h(const void *p, size_t n) { const uint8_t *b = p; uint64_t x = 1469598103934665603ull; for (size_t i = 0; i < n; i++) { x ^= b[i]; x *= 1099511628211ull; } return x; }
int main(void) {
  uint32_t s = 12345;
  for (int i = 0; i < N; i++) {
    s = s * 1103515245 + 12345; a8[i] = s >> 16; b8[i] = s >> 8; u8a[i] = s >> 20; u8b[i] = s >> 3;
    a16[i] = s >> 5; b16[i] = s >> 13; a32[i] = s; b32[i] = (s >> 7) * (i % 5 ? 1 : 0) - (i % 7 == 0 ? (1u<<31) : 0);
    a64[i] = (int64_t)s * s; b64[i] = (int64_t)s << 17; u32b[i] = s ^ (s << 11);
  }
  b32[5] = -1; a32[5] = INT32_MIN;
  k_add(); printf("add %016llx\n", (unsigned long long)h(c32, sizeof c32));
  k_minmax(); printf("minmax %016llx\n", (unsigned long long)h(c16, sizeof c16));
  k_sat(); printf("sat %016llx\n", (unsigned long long)h(u8c, sizeof u8c));
  printf("red %ld\n", k_red()); printf("redmax %d\n", k_redmax());
  k_widen(); printf("widen %016llx\n", (unsigned long long)h(c32, sizeof c32));
  k_narrow(); printf("narrow %016llx\n", (unsigned long long)h(c8, sizeof c8));
  k_sel(); printf("sel %016llx\n", (unsigned long long)h(c64, sizeof c64));
  k_div(); printf("div %016llx\n", (unsigned long long)h(c32, sizeof c32));
  k_shift(); printf("shift %016llx\n", (unsigned long long)h(u32a, sizeof u32a));
  k_avg(); printf("avg %016llx\n", (unsigned long long)h(u8c, sizeof u8c));
  k_rev(); printf("rev %016llx\n", (unsigned long long)h(c16, sizeof c16));
  printf("count %d\n", k_count());
  k_mulh(); printf("mulh %016llx\n", (unsigned long long)h(c32, sizeof c32));
  k_abs(); printf("abs %016llx\n", (unsigned long long)h(c32, sizeof c32));
  k_mul8(); printf("mul8 %016llx\n", (unsigned long long)h(c8, sizeof c8));
  k_u64(); printf("u64 %016llx\n", (unsigned long long)h(c64, sizeof c64));
  printf("xorred %08x\n", k_xorred());
  k_ext(); printf("ext %016llx\n", (unsigned long long)h(c64, sizeof c64));
  return 0;
}
