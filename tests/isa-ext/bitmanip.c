/* Zba/Zbb/Zbs/Zbc/Zbkb/Zbkc/Zbkx on edge operands: one line per instruction with a hash of
 * its results over every operand pair (or immediate), compared with qemu-riscv64 7.2 and the
 * expected file; BITMANIP_VERBOSE=1 prints every result. Built with
 * -march=rv64gc_zba_zbb_zbs_zbc_zbkb_zbkc_zbkx. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static const uint64_t ops[] = {
    0, 1, 2, 31, 32, 63, 64, 0xff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x0123456789abcdef,
    0xfedcba9876543210, 0x00ff00ff00ff0000, 0x8000000080000000, 0x0000000100000001,
    0xf0f0f0f00f0f0f0f,
};
#define N (sizeof ops / sizeof ops[0])
static int verbose;

typedef uint64_t (*Bin)(uint64_t, uint64_t);
#define RR(name, mn) static uint64_t name(uint64_t a, uint64_t b) \
    { uint64_t r; __asm__ volatile(mn " %0,%1,%2" : "=r"(r) : "r"(a), "r"(b)); return r; }
#define R1(name, mn) static uint64_t name(uint64_t a, uint64_t b) \
    { uint64_t r; (void)b; __asm__ volatile(mn " %0,%1" : "=r"(r) : "r"(a)); return r; }
#define RI(name, mn, imm) static uint64_t name(uint64_t a, uint64_t b) \
    { uint64_t r; (void)b; __asm__ volatile(mn " %0,%1," #imm : "=r"(r) : "r"(a)); return r; }

RR(sh1add, "sh1add") RR(sh2add, "sh2add") RR(sh3add, "sh3add") RR(add_uw, "add.uw")
RR(sh1add_uw, "sh1add.uw") RR(sh2add_uw, "sh2add.uw") RR(sh3add_uw, "sh3add.uw")
RI(slli_uw0, "slli.uw", 0) RI(slli_uw1, "slli.uw", 1) RI(slli_uw31, "slli.uw", 31)
RI(slli_uw63, "slli.uw", 63)
RR(andn, "andn") RR(orn, "orn") RR(xnor, "xnor")
R1(clz, "clz") R1(ctz, "ctz") R1(cpop, "cpop") R1(clzw, "clzw") R1(ctzw, "ctzw")
R1(cpopw, "cpopw") R1(sext_b, "sext.b") R1(sext_h, "sext.h") R1(zext_h, "zext.h")
RR(max, "max") RR(maxu, "maxu") RR(min, "min") RR(minu, "minu")
R1(orc_b, "orc.b") R1(rev8, "rev8")
RR(rol, "rol") RR(ror, "ror") RR(rolw, "rolw") RR(rorw, "rorw")
RI(rori0, "rori", 0) RI(rori1, "rori", 1) RI(rori32, "rori", 32) RI(rori63, "rori", 63)
RI(roriw0, "roriw", 0) RI(roriw1, "roriw", 1) RI(roriw31, "roriw", 31)
RR(bclr, "bclr") RR(bext, "bext") RR(binv, "binv") RR(bset, "bset")
RI(bclri0, "bclri", 0) RI(bclri63, "bclri", 63) RI(bexti31, "bexti", 31)
RI(bexti63, "bexti", 63) RI(binvi32, "binvi", 32) RI(bseti63, "bseti", 63)
RR(clmul, "clmul") RR(clmulh, "clmulh") RR(clmulr, "clmulr")
RR(pack, "pack") RR(packh, "packh") RR(packw, "packw") R1(brev8, "brev8")
RR(xperm4, "xperm4") RR(xperm8, "xperm8")

static const struct { const char *name; Bin f; } tests[] = {
#define T(n) { #n, n },
    T(sh1add) T(sh2add) T(sh3add) T(add_uw) T(sh1add_uw) T(sh2add_uw) T(sh3add_uw)
    T(slli_uw0) T(slli_uw1) T(slli_uw31) T(slli_uw63) T(andn) T(orn) T(xnor)
    T(clz) T(ctz) T(cpop) T(clzw) T(ctzw) T(cpopw) T(sext_b) T(sext_h) T(zext_h)
    T(max) T(maxu) T(min) T(minu) T(orc_b) T(rev8) T(rol) T(ror) T(rolw) T(rorw)
    T(rori0) T(rori1) T(rori32) T(rori63) T(roriw0) T(roriw1) T(roriw31)
    T(bclr) T(bext) T(binv) T(bset) T(bclri0) T(bclri63) T(bexti31) T(bexti63) T(binvi32)
    T(bseti63) T(clmul) T(clmulh) T(clmulr) T(pack) T(packh) T(packw) T(brev8)
    T(xperm4) T(xperm8)
};

int main(void)
{
    verbose = getenv("BITMANIP_VERBOSE") != NULL;
    for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++) {
        uint64_t h = 0xcbf29ce484222325ull;
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < N; j++) {
                uint64_t r = tests[t].f(ops[i], ops[j]);
                h = (h ^ r) * 0x100000001b3ull;
                if (verbose)
                    printf("%s %016llx %016llx = %016llx\n", tests[t].name,
                           (unsigned long long)ops[i], (unsigned long long)ops[j],
                           (unsigned long long)r);
            }
        printf("%-10s %016llx  e.g. %016llx\n", tests[t].name, (unsigned long long)h,
               (unsigned long long)tests[t].f(ops[16], ops[3]));
    }
    return 0;
}
