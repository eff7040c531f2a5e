/* Rotates written as two shifts and an or (what rv64gc compilers emit without Zbb), which the
 * optimizer turns into one host rotate (ir/optimize.c, fuse_rotates): every shift amount, both
 * operand orders, the W forms (srliw/slliw, sign-extended 32-bit result, garbage in the upper
 * source bits), and look-alikes that must NOT become rotates: the source changed between the
 * shifts, the destination overwriting the source, amounts that are not complementary, a
 * 64-bit shift paired with a 32-bit one, a label between the shifts and the or. Each sequence
 * is inline assembly, so the instruction pattern is exact; expected output from qemu-riscv64. */
#include <stdio.h>
#include <stdint.h>

#define K8(F, b) F(b + 0) F(b + 1) F(b + 2) F(b + 3) F(b + 4) F(b + 5) F(b + 6) F(b + 7)
#define K32(F) K8(F, 0) K8(F, 8) K8(F, 16) K8(F, 24)
#define K64(F) K32(F) K8(F, 32) K8(F, 40) K8(F, 48) K8(F, 56)

static const uint64_t xs[3] = { 0x89abcdeff0e1d2c3ull, 0x123456787654321full, 1 };
static uint64_t acc;

static void out(const char *what, int k, uint64_t r0, uint64_t r1, uint64_t r2)
{
    printf("%s %2d %016llx %016llx %016llx\n", what, k, (unsigned long long)r0,
           (unsigned long long)r1, (unsigned long long)r2);
    acc = acc * 31 + (r0 ^ r1 ^ r2);
}

/* Each macro runs one sequence at amount k on the three inputs and prints the results. */
#define RUN(name, k, body, ...)                                                                 \
    do {                                                                                        \
        uint64_t r[3];                                                                          \
        for (int i = 0; i < 3; i++) {                                                           \
            uint64_t x = xs[i], d, t;                                                           \
            __asm__ volatile(body : "=&r"(d), "=&r"(t), "+r"(x) : __VA_ARGS__);                \
            r[i] = d ^ x;   /* x too: some forms change it */                                   \
        }                                                                                       \
        out(name, k, r[0], r[1], r[2]);                                                         \
    } while (0)

/* 64-bit, 0 < k < 64 */
#define R64(k) if ((k) > 0) {                                                                   \
    RUN("srli/slli/or", k, "srli %0, %2, %3\n slli %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(64 - (k))); \
    RUN("slli/srli/or-swapped", k, "slli %1, %2, %4\n srli %0, %2, %3\n or %0, %1, %0", "i"(k), "i"(64 - (k))); \
    RUN("x-overwritten", k, "slli %1, %2, %4\n srli %2, %2, %3\n or %0, %2, %1", "i"(k), "i"(64 - (k))); \
    RUN("x-changed-between", k, "srli %0, %2, %3\n addi %2, %2, 1\n slli %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(64 - (k))); \
    RUN("not-complementary", k, "srli %0, %2, %3\n slli %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(63 - (k))); \
    RUN("label-between", k, "srli %0, %2, %3\n slli %1, %2, %4\n j 1f\n1: or %0, %0, %1", "i"(k), "i"(64 - (k))); \
    RUN("shift-then-load", k, "srli %0, %2, %3\n slli %1, %2, %4\n ld %1, 0(sp)\n ld %1, 0(sp)\n slli %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(64 - (k))); \
    }

/* 32-bit, 0 < k < 32 */
#define R32(k) if ((k) > 0) {                                                                   \
    RUN("srliw/slliw/or", k, "srliw %0, %2, %3\n slliw %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(32 - (k))); \
    RUN("slliw/srliw/or-swapped", k, "slliw %1, %2, %4\n srliw %0, %2, %3\n or %0, %1, %0", "i"(k), "i"(32 - (k))); \
    RUN("w-x-overwritten", k, "slliw %1, %2, %4\n srliw %2, %2, %3\n or %0, %2, %1", "i"(k), "i"(32 - (k))); \
    RUN("w-dest-is-x", k, "slliw %1, %2, %4\n srliw %0, %2, %3\n or %2, %0, %1", "i"(k), "i"(32 - (k))); \
    RUN("w-x-changed-between", k, "srliw %0, %2, %3\n addi %2, %2, 1\n slliw %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(32 - (k))); \
    RUN("w-not-complementary", k, "srliw %0, %2, %3\n slliw %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(31 - (k))); \
    RUN("w-mixed-widths", k, "srliw %0, %2, %3\n slli %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(32 - (k))); \
    RUN("w-srli-slliw", k, "srli %0, %2, %3\n slliw %1, %2, %4\n or %0, %0, %1", "i"(k), "i"(32 - (k))); \
    }

/* Amount 0 and the full width are not rotates in this form (slli by 64 does not exist). */
static void edges(void)
{
    RUN("zero-both", 0, "srli %0, %2, 0\n slli %1, %2, 0\n or %0, %0, %1", "i"(0));
    RUN("w-zero-both", 0, "srliw %0, %2, 0\n slliw %1, %2, 0\n or %0, %0, %1", "i"(0));
    RUN("w-32-as-64", 32, "srli %0, %2, 32\n slli %1, %2, 32\n or %0, %0, %1", "i"(0));
}

int main(void)
{
    K64(R64)
    K32(R32)
    edges();
    printf("checksum %016llx\n", (unsigned long long)acc);
    return 0;
}
