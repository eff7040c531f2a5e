/*
 * Private to vector-crypto.c and its unit test: the instructions' indexes and the helper they
 * call. desc's extra byte: the index (VCR_X_INDEX) and VCR_X_NHB when Zvknhb is on (SHA-512);
 * scalar is x[rs1] (.vx) or the immediate (.vi).
 */
#ifndef QELT_RISCV_VECTOR_CRYPTO_H
#define QELT_RISCV_VECTOR_CRYPTO_H

#include <stdint.h>

struct VCPU;

enum {
#define VCR(name, shape, fn, sews, egs, flags) VCR_##name,
#include "vector-crypto-ops.def"
#undef VCR
    VCR_NB_OPS
};
enum { VCR_X_INDEX = 0x7f, VCR_X_NHB = 0x80 };

void helper_vcrypto(struct VCPU *cpu, uint64_t desc, uint64_t scalar);

#endif
