/*
 * Lifted callbacks: an ISA-neutral description of a plugin callback's fast path, made once per
 * function by the back end (host/x86_64/cblift.c decodes the host machine code) and lowered
 * per event by the plugin layer (plugins/lower.c) into guard tests, inline stores and inline
 * adds that the layer's counter merging then folds (N increments of a block become one add).
 *
 * Meaning of a summary: when every guard holds (each reads plugin memory as it is at the call,
 * compared with a constant or an argument), the function's whole effect is its effects list,
 * applied in order: stores of constants/arguments and 64-bit adds of constants/arguments to
 * plugin memory, and nothing else (no other memory written, no call, callee-saved registers and the
 * stack pointer restored). When a guard fails, the real function must be called.
 * Addresses: base + ((cpu_index & mask) << shift), mask 0 meaning base alone; every address
 * lies in a writable segment of the object that holds the function.
 * Invariants the summarizer guarantees: no guard reads bytes an add effect writes; no add
 * effect overlaps a store effect; loads on the fast path come before any effect that
 * overlaps them (guards see the memory as at the call).
 */
#ifndef QELT_CB_SUMMARY_H
#define QELT_CB_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#define CB_MAX_GUARDS 4
#define CB_MAX_EFFECTS 6
#define CB_MAX_ARGS 4

typedef struct CbAddr {
    uint64_t base;
    uint32_t mask;      /* 0: no cpu_index term */
    uint8_t shift;
} CbAddr;

/* A value: k alone (arg < 0), or argument arg's low `bits` bits (zero-extended). */
typedef struct CbVal {
    uint64_t k;
    int8_t arg;
    uint8_t bits;
} CbVal;

/* A guard: the fast path needs (mem_size[addr] == v) == eq; with is_arg, the memory read is
 * replaced by argument arg_l's low bits (a test decided per event, at translation). */
typedef struct CbGuard {
    CbAddr a;
    uint8_t size;       /* bytes: 1, 2, 4, 8 */
    bool eq;
    bool is_arg;
    int8_t arg_l;
    uint8_t bits_l;
    CbVal v;
} CbGuard;

enum { CB_STORE, CB_ADD };
typedef struct CbEffect {
    CbAddr a;
    uint8_t size;       /* bytes; CB_ADD: always 8 */
    uint8_t kind;
    CbVal v;            /* CB_ADD: a constant or an argument's value */
} CbEffect;

typedef struct CbSummary {
    int n_guards, n_effects;
    CbGuard g[CB_MAX_GUARDS];
    CbEffect e[CB_MAX_EFFECTS];
} CbSummary;

/* Arguments the summary may use as per-event constants (bit i: argument i is known when the
 * event is translated); argument 0 is always cpu_index. Others (a memory callback's vaddr)
 * make the function unliftable where used. */
typedef struct CbSig {
    int nargs;
    uint32_t const_args;
} CbSig;

/* Whether accesses of sa bytes at a and sb bytes at b may overlap, both addresses taken with
 * the same cpu_index (one vCPU): same-stride per-vCPU addresses exactly, else by range. */
static inline bool cb_overlaps(const CbAddr *a, int sa, const CbAddr *b, int sb)
{
    if (a->mask && a->mask == b->mask && a->shift == b->shift)
        return a->base < b->base + (uint64_t)sb && b->base < a->base + (uint64_t)sa;
    uint64_t alo = a->base, ahi = a->base + ((uint64_t)a->mask << a->shift) + (uint64_t)sa;
    uint64_t blo = b->base, bhi = b->base + ((uint64_t)b->mask << b->shift) + (uint64_t)sb;
    return alo < bhi && blo < ahi;
}

/* The back end's summarizer: true and *s filled when fn's fast path is understood completely
 * (host/x86_64/cblift.c; false on hosts without one). */
bool backend_lift_summarize(const void *fn, CbSig sig, CbSummary *s);

#endif
