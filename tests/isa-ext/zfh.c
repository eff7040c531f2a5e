/* Zfhmin: flh/fsh, fmv.x.h/fmv.h.x and the conversions between half and single/double with
 * every rounding mode on edge values (zeros, subnormals, the smallest normal, the largest
 * finite, overflow, ties, NaNs signaling and quiet, infinities), printing results and fflags;
 * compared with qemu-riscv64 7.2 (-cpu rv64,Zfh=true) and the expected file. Built with
 * -march=rv64gc_zfhmin. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned flags(void) { unsigned f; __asm__ volatile("csrrw %0, fflags, zero" : "=r"(f)); return f; }

#define CVT_FROM(name, mn, rm) static uint64_t name(uint64_t x) { uint64_t r; \
    __asm__ volatile("fmv.d.x ft0, %1\n" mn " ft1, ft0, " rm "\nfmv.x.d %0, ft1" : "=r"(r) : "r"(x) : "ft0", "ft1"); return r; }
CVT_FROM(h_s_rne, "fcvt.h.s", "rne") CVT_FROM(h_s_rtz, "fcvt.h.s", "rtz") CVT_FROM(h_s_rdn, "fcvt.h.s", "rdn")
CVT_FROM(h_s_rup, "fcvt.h.s", "rup") CVT_FROM(h_s_rmm, "fcvt.h.s", "rmm")
CVT_FROM(h_d_rne, "fcvt.h.d", "rne") CVT_FROM(h_d_rtz, "fcvt.h.d", "rtz") CVT_FROM(h_d_rdn, "fcvt.h.d", "rdn")
CVT_FROM(h_d_rup, "fcvt.h.d", "rup") CVT_FROM(h_d_rmm, "fcvt.h.d", "rmm")
static uint64_t s_h(uint64_t x) { uint64_t r; __asm__ volatile("fmv.d.x ft0, %1\nfcvt.s.h ft1, ft0\nfmv.x.d %0, ft1" : "=r"(r) : "r"(x) : "ft0", "ft1"); return r; }
static uint64_t d_h(uint64_t x) { uint64_t r; __asm__ volatile("fmv.d.x ft0, %1\nfcvt.d.h ft1, ft0\nfmv.x.d %0, ft1" : "=r"(r) : "r"(x) : "ft0", "ft1"); return r; }

int main(void)
{
    static const uint32_t singles[] = { 0, 0x80000000, 0x3f800000, 0x477fe000, 0x477ff000, 0x477fefff,
        0x47800000, 0xc7800000, 0x38800000, 0x38000000, 0x33800000, 0x33000000, 0x33000001,
        0x337fffff, 0xb3000000, 0x387fc000, 0x387fe000, 0x387ff000, 0x3f801000, 0x3f803000,
        0x3f802000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffc12345, 0x00000001,
        0x3eaaaaab, 0xc2f6e979, 0x46fffe00 };
    static const uint64_t doubles[] = { 0, 0x8000000000000000ull, 0x3ff0000000000000ull,
        0x40effc0000000000ull, 0x40effe0000000000ull, 0x40effdffffffffffull, 0x3f10000000000000ull,
        0x3e70000000000000ull, 0x3e60000000000000ull, 0x3e60000000000001ull, 0x3f0ffc0000000000ull,
        0x3f0ffe0000000000ull, 0x3f0fff0000000000ull, 0x3ff0020000000001ull, 0x7ff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x0000000000000001ull, 0xc0f0000000000000ull,
        0x3fd5555555555555ull, 0x7fefffffffffffffull };
    uint64_t (*fs[5])(uint64_t) = { h_s_rne, h_s_rtz, h_s_rdn, h_s_rup, h_s_rmm };
    uint64_t (*fd[5])(uint64_t) = { h_d_rne, h_d_rtz, h_d_rdn, h_d_rup, h_d_rmm };
    flags();
    for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++) {
        printf("h.s %08x:", singles[i]);
        for (int m = 0; m < 5; m++) {
            uint64_t r = fs[m](0xffffffff00000000ull | singles[i]);
            printf(" %04llx/%x", (unsigned long long)(r & 0xffff), flags());
            if ((r >> 16) != 0xffffffffffffull)
                printf("!unboxed");
        }
        printf("\n");
    }
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        printf("h.d %016llx:", (unsigned long long)doubles[i]);
        for (int m = 0; m < 5; m++) {
            uint64_t r = fd[m](doubles[i]);
            printf(" %04llx/%x", (unsigned long long)(r & 0xffff), flags());
        }
        printf("\n");
    }
    static const uint16_t halves[] = { 0, 0x8000, 1, 0x3ff, 0x400, 0x3c00, 0x7bff, 0xfbff, 0x7c00,
        0xfc00, 0x7e00, 0x7c01, 0xfd55, 0x3555, 0x8001 };
    for (size_t i = 0; i < sizeof halves / sizeof halves[0]; i++) {
        uint64_t s = s_h(0xffffffffffff0000ull | halves[i]);
        unsigned f1 = flags();
        uint64_t d = d_h(0xffffffffffff0000ull | halves[i]);
        unsigned f2 = flags();
        printf("from %04x: s %016llx/%x d %016llx/%x\n", halves[i], (unsigned long long)s, f1,
               (unsigned long long)d, f2);
    }
    printf("unboxed: s %016llx d %016llx\n", (unsigned long long)s_h(0x3c00),
           (unsigned long long)d_h(0x00000000ffff3c00ull));
    flags();
    /* loads, stores, moves */
    uint16_t mem[2] = { 0xabcd, 0 };
    uint64_t boxed, x;
    __asm__ volatile("flh ft2, 0(%2)\nfmv.x.d %0, ft2\nfsh ft2, 2(%2)\nfmv.x.h %1, ft2"
                     : "=r"(boxed), "=r"(x) : "r"(mem) : "ft2", "memory");
    printf("flh %016llx fsh %04x fmv.x.h %016llx\n", (unsigned long long)boxed, mem[1],
           (unsigned long long)x);
    __asm__ volatile("fmv.h.x ft3, %1\nfmv.x.d %0, ft3" : "=r"(boxed) : "r"(0x12345678abcd1234ull) : "ft3");
    printf("fmv.h.x %016llx\n", (unsigned long long)boxed);
    return 0;
}
