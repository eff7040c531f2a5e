/* Zfh arithmetic on edge and random halves in every rounding mode: one line per instruction
 * and mode with a hash of results and fflags over every operand pair (triple for the fused
 * ops), compared with qemu-riscv64 7.2 (-cpu rv64,Zfh=true) and the expected file. Built with
 * -march=rv64gc_zfh. */
#include <stdint.h>
#include <stdio.h>

static const uint16_t hv[] = { 0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x3c00, 0xbc00,
    0x3c01, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x3555, 0x4248, 0xc9c4, 0x1400,
    0x5bf0, 0x0200, 0x3e00, 0x7800, 0x0c00 };
#define N (sizeof hv / sizeof hv[0])
static uint64_t h;
static void mix(uint64_t v) { h = (h ^ v) * 0x100000001b3ull; }
static unsigned flags(void) { unsigned f; __asm__ volatile("csrrw %0, fflags, zero" : "=r"(f)); return f; }
static void setrm(unsigned rm) { __asm__ volatile("csrw frm, %0" : : "r"(rm)); }
#define B(x) (0xffffffffffff0000ull | (x))

#define OP2(name, mn) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\nfmv.d.x ft1, %2\n" mn " ft2, ft0, ft1\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1", "ft2"); return r; }
#define OP3(name, mn) static uint64_t name(uint64_t a, uint64_t b, uint64_t c) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\nfmv.d.x ft1, %2\nfmv.d.x ft3, %3\n" mn " ft2, ft0, ft1, ft3\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a), "r"(b), "r"(c) : "ft0", "ft1", "ft2", "ft3"); return r; }
#define OP1(name, mn) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; (void)b; \
    __asm__ volatile("fmv.d.x ft0, %1\n" mn " ft2, ft0\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a) : "ft0", "ft2"); return r; }
#define CMPX(name, mn) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\nfmv.d.x ft1, %2\n" mn " %0, ft0, ft1" : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1"); return r; }
#define TOX(name, mn) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; (void)b; \
    __asm__ volatile("fmv.d.x ft0, %1\n" mn " %0, ft0" : "=r"(r) : "r"(a) : "ft0"); return r; }
#define FROMX(name, mn) static uint64_t name(uint64_t a, uint64_t b) { uint64_t r; (void)b; \
    __asm__ volatile(mn " ft2, %1\nfmv.x.d %0, ft2" : "=r"(r) : "r"(a) : "ft2"); return r; }
OP2(fadd, "fadd.h") OP2(fsub, "fsub.h") OP2(fmul, "fmul.h") OP2(fdiv, "fdiv.h")
OP2(hmin, "fmin.h") OP2(hmax, "fmax.h") OP2(fsgnj, "fsgnj.h") OP2(fsgnjn, "fsgnjn.h")
OP2(fsgnjx, "fsgnjx.h") OP1(fsqrt, "fsqrt.h")
CMPX(feq, "feq.h") CMPX(flt, "flt.h") CMPX(fle, "fle.h") TOX(fclass, "fclass.h")
TOX(fcvt_w, "fcvt.w.h") TOX(fcvt_wu, "fcvt.wu.h") TOX(fcvt_l, "fcvt.l.h") TOX(fcvt_lu, "fcvt.lu.h")
FROMX(fcvt_h_w, "fcvt.h.w") FROMX(fcvt_h_wu, "fcvt.h.wu") FROMX(fcvt_h_l, "fcvt.h.l") FROMX(fcvt_h_lu, "fcvt.h.lu")
OP3(fmadd, "fmadd.h") OP3(fmsub, "fmsub.h") OP3(fnmsub, "fnmsub.h") OP3(fnmadd, "fnmadd.h")

typedef uint64_t (*Bin)(uint64_t, uint64_t);
typedef uint64_t (*Tri)(uint64_t, uint64_t, uint64_t);
static const struct { const char *name; Bin f; int ints; } bins[] = {
    { "fadd", fadd, 0 }, { "fsub", fsub, 0 }, { "fmul", fmul, 0 }, { "fdiv", fdiv, 0 },
    { "fmin", hmin, 0 }, { "fmax", hmax, 0 }, { "fsgnj", fsgnj, 0 }, { "fsgnjn", fsgnjn, 0 },
    { "fsgnjx", fsgnjx, 0 }, { "fsqrt", fsqrt, 0 }, { "feq", feq, 0 }, { "flt", flt, 0 },
    { "fle", fle, 0 }, { "fclass", fclass, 0 }, { "fcvt.w", fcvt_w, 0 }, { "fcvt.wu", fcvt_wu, 0 },
    { "fcvt.l", fcvt_l, 0 }, { "fcvt.lu", fcvt_lu, 0 },
    { "fcvt.h.w", fcvt_h_w, 1 }, { "fcvt.h.wu", fcvt_h_wu, 1 }, { "fcvt.h.l", fcvt_h_l, 1 },
    { "fcvt.h.lu", fcvt_h_lu, 1 },
};
static const struct { const char *name; Tri f; } tris[] = {
    { "fmadd", fmadd }, { "fmsub", fmsub }, { "fnmsub", fnmsub }, { "fnmadd", fnmadd },
};
static const int64_t ints[] = { 0, 1, -1, 2047, 2049, 65504, 65519, 65520, -65520, 0x7fffffff,
    -0x80000000ll, 0x123456789ll, (int64_t)0x8000000000000000ull, (int64_t)0xffffffffffffffffull };

int main(void)
{
    for (unsigned rm = 0; rm < 5; rm++) {
        setrm(rm);
        flags();
        for (size_t t = 0; t < sizeof bins / sizeof bins[0]; t++) {
            h = 0xcbf29ce484222325ull;
            if (bins[t].ints) {
                for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
                    mix(bins[t].f((uint64_t)ints[i], 0));
                    mix(flags());
                }
            } else {
                for (size_t i = 0; i < N; i++)
                    for (size_t j = 0; j < N; j++) {
                        mix(bins[t].f(B(hv[i]), B(hv[j])));
                        mix(flags());
                    }
                mix(bins[t].f(0x3c00, B(0x3c00)));   /* improperly boxed operand */
                mix(flags());
            }
            printf("rm%u %-10s %016llx\n", rm, bins[t].name, (unsigned long long)h);
        }
        for (size_t t = 0; t < sizeof tris / sizeof tris[0]; t++) {
            h = 0xcbf29ce484222325ull;
            for (size_t i = 0; i < N; i++)
                for (size_t j = 0; j < N; j++)
                    for (size_t k = 0; k < N; k += 3) {
                        mix(tris[t].f(B(hv[i]), B(hv[j]), B(hv[k])));
                        mix(flags());
                    }
            printf("rm%u %-10s %016llx\n", rm, tris[t].name, (unsigned long long)h);
        }
    }
    /* Product far below the addend's ulp but above the double sum's half ulp (the double sum
     * rounds away from the addend): found by tests/fuzz, qelt once gave 0x7acf in rup. */
    for (unsigned rm = 0; rm < 5; rm++) {
        setrm(rm);
        flags();
        uint64_t r1 = fnmadd(B(0x8464), B(0x0001), B(0xfacf)), f1 = flags();
        uint64_t r2 = fmadd(B(0x0464), B(0x0001), B(0xfacf)), f2 = flags();
        printf("rm%u fma-sticky %04llx %02llx %04llx %02llx\n", rm, (unsigned long long)(r1 & 0xffff),
               (unsigned long long)f1, (unsigned long long)(r2 & 0xffff), (unsigned long long)f2);
    }
    return 0;
}
