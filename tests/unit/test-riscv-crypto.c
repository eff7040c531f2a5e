/*
 * The scalar-crypto helpers' two paths agree: the table-driven AES round, InvMixColumns and
 * key schedule (hosts without AES-NI) against the AES-NI path the helpers take on this host,
 * on random states, plus the FIPS-197 S-box corner values. (The helpers' results against
 * qemu-riscv64 are checked by tests/isa-ext.) Skips the comparison on a host without AES-NI.
 */
#include <stdio.h>
#include <stdlib.h>
#include "unit.h"
#include "translate.h"

int main(void)
{
    if (!__builtin_cpu_supports("aes")) {
        printf("SKIP riscv-crypto/aes-ni-vs-generic: host has no AES-NI\n");
        return 0;
    }
    uint64_t x = 0x9e3779b97f4a7c15ull;
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint64_t lo = x, hi = x * 0xff51afd7ed558ccdull;
        bad += helper_aes64es(lo, hi) != rv_aes64_generic(lo, hi, false, false);
        bad += helper_aes64esm(lo, hi) != rv_aes64_generic(lo, hi, false, true);
        bad += helper_aes64ds(lo, hi) != rv_aes64_generic(lo, hi, true, false);
        bad += helper_aes64dsm(lo, hi) != rv_aes64_generic(lo, hi, true, true);
        bad += helper_aes64im(lo) != rv_aes64im_generic(lo);
    }
    UNIT_CHECK("riscv-crypto/aes-ni-vs-generic", bad == 0, "%d mismatches", bad);
    /* SubBytes of 0x00 and 0x53 (FIPS-197 examples: 0x63, 0xed), ShiftRows keeps byte 0 */
    UNIT_CHECK("riscv-crypto/sbox", (rv_aes64_generic(0, 0, false, false) & 0xff) == 0x63 &&
               (rv_aes64_generic(0x53, 0, false, false) & 0xff) == 0xed, "wrong S-box");
    return unit_status();
}
