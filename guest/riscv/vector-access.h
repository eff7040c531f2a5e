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

/* Element i zero-extended (bytes 1, 2, 4 or 8; fixed-size copies, no library call). */
static inline uint64_t vget(GuestState *g, unsigned reg, uint32_t i, unsigned bytes)
{
    const uint8_t *p = velem(g, reg, i, bytes);
    uint8_t v1;
    uint16_t v2;
    uint32_t v4;
    uint64_t v8;
    switch (bytes) {
    case 1: memcpy(&v1, p, 1); return v1;
    case 2: memcpy(&v2, p, 2); return v2;
    case 4: memcpy(&v4, p, 4); return v4;
    default: memcpy(&v8, p, 8); return v8;
    }
}

/* Element i = the low `bytes` bytes of v. */
static inline void vset(GuestState *g, unsigned reg, uint32_t i, unsigned bytes, uint64_t v)
{
    uint8_t *p = velem(g, reg, i, bytes);
    uint8_t v1 = (uint8_t)v;
    uint16_t v2 = (uint16_t)v;
    uint32_t v4 = (uint32_t)v;
    switch (bytes) {
    case 1: memcpy(p, &v1, 1); break;
    case 2: memcpy(p, &v2, 2); break;
    case 4: memcpy(p, &v4, 4); break;
    default: memcpy(p, &v, 8); break;
    }
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
