/*
 * Element access to the vector register file for the run-time helpers of vector-fp.c and
 * vector-crypto.c (vector.h's layout: vN at vreg + N * vlenb, groups contiguous, element i of
 * `bytes` width at byte i * bytes, little-endian like the host; mask bit i in byte i / 8).
 * Pure inline functions over a GuestState.
 */
#ifndef QELT_RISCV_VECTOR_ACCESS_H
#define QELT_RISCV_VECTOR_ACCESS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "guest-cpu.h"

static inline uint8_t *velem(GuestState *g, unsigned reg, uint32_t i, unsigned bytes)
{
    return g->vreg + (size_t)reg * g->vlenb + (size_t)i * bytes;
}

/* Element i zero-extended. */
static inline uint64_t vget(GuestState *g, unsigned reg, uint32_t i, unsigned bytes)
{
    uint64_t v = 0;
    memcpy(&v, velem(g, reg, i, bytes), bytes);
    return v;
}

/* Element i = the low `bytes` bytes of v. */
static inline void vset(GuestState *g, unsigned reg, uint32_t i, unsigned bytes, uint64_t v)
{
    memcpy(velem(g, reg, i, bytes), &v, bytes);
}

static inline bool mask_bit(GuestState *g, unsigned reg, uint32_t i)
{
    return g->vreg[(size_t)reg * g->vlenb + i / 8] >> (i % 8) & 1;
}

static inline void set_mask_bit(GuestState *g, unsigned reg, uint32_t i, bool v)
{
    uint8_t *p = &g->vreg[(size_t)reg * g->vlenb + i / 8];
    *p = (uint8_t)((*p & ~(1u << (i % 8))) | (unsigned)v << (i % 8));
}

/* LMUL of vtype as a power of two, -3..3. */
static inline int vlmul_log2(uint64_t vtype)
{
    unsigned l = (unsigned)vtype & 7;
    return l < 4 ? (int)l : (int)l - 8;
}

/* Register group alignment: a group of 2^emul_log2 > 1 registers starts at a multiple. */
static inline bool vreg_aligned(unsigned reg, int emul_log2)
{
    return emul_log2 <= 0 || (reg & ((1u << emul_log2) - 1)) == 0;
}

/* Do groups [a, a + 2^ea) and [b, b + 2^eb) overlap (fractional groups: one register)? */
static inline bool vreg_overlap(unsigned a, int ea, unsigned b, int eb)
{
    unsigned na = ea > 0 ? 1u << ea : 1, nb = eb > 0 ? 1u << eb : 1;
    return a < b + nb && b < a + na;
}

#endif
