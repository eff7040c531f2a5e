/*
 * Private to vector-crypto.c and its unit test: the instructions' indexes (desc's extra byte)
 * and the helper they call. desc's nf field carries VCR_D_* (what the translator knew of the
 * enabled extensions); scalar is x[rs1] (.vx) or the immediate (.vi).
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
enum { VCR_D_ZVKNHB = 1 };

void helper_vcrypto(struct VCPU *cpu, uint64_t desc, uint64_t scalar);

#endif
