/* Zfa (fli, fminm/fmaxm, fround/froundnx, fcvtmod.w.d, fleq/fltq) on edge values, printing
 * results and fflags; compared with the expected file only (qemu-riscv64 7.2 and binutils
 * 2.40 lack Zfa: encoded with .insn). Values checked by hand against the Zfa spec. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned flags(void) { unsigned f; __asm__ volatile("csrrw %0, fflags, zero" : "=r"(f)); return f; }
static uint64_t bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static uint32_t bitsf(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }

#define FLI(n) static uint64_t fli_s_##n(void) { uint64_t r; __asm__ volatile(".insn r 0x53, 0, 0x78, ft0, f" #n ", f1\nfmv.x.d %0, ft0" : "=r"(r) : : "ft0"); return r; } \
               static uint64_t fli_d_##n(void) { uint64_t r; __asm__ volatile(".insn r 0x53, 0, 0x79, ft0, f" #n ", f1\nfmv.x.d %0, ft0" : "=r"(r) : : "ft0"); return r; }
FLI(0) FLI(1) FLI(2) FLI(9) FLI(16) FLI(29) FLI(30) FLI(31)

#define BIN(name, f7, f3) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\nfmv.d.x ft1, %2\n.insn r 0x53, " #f3 ", " #f7 ", ft2, ft0, ft1\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1", "ft2"); return r; }
BIN(fminm_s, 0x14, 2) BIN(fmaxm_s, 0x14, 3) BIN(fminm_d, 0x15, 2) BIN(fmaxm_d, 0x15, 3)
#define CMP(name, f7, f3) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\nfmv.d.x ft1, %2\n.insn r 0x53, " #f3 ", " #f7 ", %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1"); return r; }
CMP(fleq_s, 0x50, 4) CMP(fltq_s, 0x50, 5) CMP(fleq_d, 0x51, 4) CMP(fltq_d, 0x51, 5)
#define RND(name, f7, sel, rm) static uint64_t name(uint64_t a) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\n.insn r 0x53, " #rm ", " #f7 ", ft2, ft0, " sel "\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a) : "ft0", "ft2"); return r; }
RND(fround_d_rne, 0x21, "f4", 0) RND(fround_d_rtz, 0x21, "f4", 1) RND(fround_d_rdn, 0x21, "f4", 2)
RND(fround_d_rup, 0x21, "f4", 3) RND(fround_d_rmm, 0x21, "f4", 4) RND(froundnx_d_rne, 0x21, "f5", 0)
RND(fround_s_rne, 0x20, "f4", 0) RND(froundnx_s_rmm, 0x20, "f5", 4)
static uint64_t fcvtmod(uint64_t a) { uint64_t r; __asm__ volatile("fmv.d.x ft0, %1\n.insn r 0x53, 1, 0x61, %0, ft0, f8" : "=r"(r) : "r"(a) : "ft0"); return r; }

#define S(x) (0xffffffff00000000ull | bitsf(x))
int main(void)
{
    flags();
    printf("fli.s: %08llx %08llx %08llx %08llx %08llx %08llx %08llx %08llx\n",
           (unsigned long long)(fli_s_0() & 0xffffffff), (unsigned long long)(fli_s_1() & 0xffffffff),
           (unsigned long long)(fli_s_2() & 0xffffffff), (unsigned long long)(fli_s_9() & 0xffffffff),
           (unsigned long long)(fli_s_16() & 0xffffffff), (unsigned long long)(fli_s_29() & 0xffffffff),
           (unsigned long long)(fli_s_30() & 0xffffffff), (unsigned long long)(fli_s_31() & 0xffffffff));
    printf("fli.d: %llx %llx %llx %llx %llx %llx %llx %llx\n",
           (unsigned long long)fli_d_0(), (unsigned long long)fli_d_1(), (unsigned long long)fli_d_2(),
           (unsigned long long)fli_d_9(), (unsigned long long)fli_d_16(), (unsigned long long)fli_d_29(),
           (unsigned long long)fli_d_30(), (unsigned long long)fli_d_31());
    const uint64_t qnan_d = 0x7ff8000000000000ull, snan_d = 0x7ff0000000000001ull;
    const uint64_t snan_s = 0xffffffff7f800001ull;
    uint64_t dv[] = { bits(1.5), bits(-0.0), bits(0.0), qnan_d, snan_d, bits(-2.0) };
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++)
            printf("d %016llx %016llx: minm %llx/%x maxm %llx/%x leq %llu/%x ltq %llu/%x\n",
                   (unsigned long long)dv[i], (unsigned long long)dv[j],
                   (unsigned long long)fminm_d(dv[i], dv[j]), flags(),
                   (unsigned long long)fmaxm_d(dv[i], dv[j]), flags(),
                   (unsigned long long)fleq_d(dv[i], dv[j]), flags(),
                   (unsigned long long)fltq_d(dv[i], dv[j]), flags());
    uint64_t sv[] = { S(1.5f), S(-0.0f), S(0.0f), snan_s, 0x3fc00000 /* unboxed */ };
    for (int i = 0; i < 5; i++)
        printf("s %016llx vs 1.0: minm %llx/%x maxm %llx/%x leq %llu/%x ltq %llu/%x\n",
               (unsigned long long)sv[i], (unsigned long long)fminm_s(sv[i], S(1.0f)), flags(),
               (unsigned long long)fmaxm_s(sv[i], S(1.0f)), flags(),
               (unsigned long long)fleq_s(sv[i], S(1.0f)), flags(),
               (unsigned long long)fltq_s(sv[i], S(1.0f)), flags());
    double rv[] = { 2.5, 3.5, -2.5, -0.4, 0.5, 1e300, -1e-300, 4503599627370495.5, -0.0, INFINITY };
    for (int i = 0; i < 10; i++) {
        uint64_t x = bits(rv[i]);
        printf("round %016llx: rne %llx/%x rtz %llx/%x rdn %llx/%x rup %llx/%x rmm %llx/%x nx-rne %llx/%x\n",
               (unsigned long long)x, (unsigned long long)fround_d_rne(x), flags(),
               (unsigned long long)fround_d_rtz(x), flags(), (unsigned long long)fround_d_rdn(x), flags(),
               (unsigned long long)fround_d_rup(x), flags(), (unsigned long long)fround_d_rmm(x), flags(),
               (unsigned long long)froundnx_d_rne(x), flags());
    }
    printf("round.s 2.5: rne %llx/%x nx-rmm %llx/%x snan %llx/%x\n",
           (unsigned long long)fround_s_rne(S(2.5f)), flags(), (unsigned long long)froundnx_s_rmm(S(2.5f)), flags(),
           (unsigned long long)fround_s_rne(snan_s), flags());
    double cv[] = { 1.5, -1.5, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0, 4294967296.0 + 5,
                    0x1p63 + 0x1p12, -0x1p70, 1e300, INFINITY, NAN, -0.0, 0x1p52 + 3 };
    for (int i = 0; i < 14; i++)
        printf("fcvtmod %016llx: %016llx/%x\n", (unsigned long long)bits(cv[i]),
               (unsigned long long)fcvtmod(bits(cv[i])), flags());
    return 0;
}
