/*
 * x86-64 machine-code encoder (see x86-emit.h for the API contract).
 *
 * Every public function funnels into a few primitives: prefixes, REX, opcode, then a ModRM
 * operand that is either a register (mod 11) or an XMem (ModRM/SIB/displacement). Encodings are
 * chosen to be byte-identical to what GNU as 2.40 emits without -O, so the table test in
 * tests/unit/test-x86-encoder.c can compare them exactly. Invariants kept here:
 *  - prefixes come out in gas order: 66, F2/F3, F0 (lock), then REX, then opcode;
 *  - a REX byte is emitted only when a bit is set or an 8-bit operand names spl/bpl/sil/dil;
 *  - displacements use the shortest of none/disp8/disp32 allowed by the base register
 *    (rbp/r13 never take "no displacement", rsp/r12 as base always need a SIB byte).
 * The encoder holds no state of its own: everything travels in the XBuf the caller passes.
 */
#include "x86-emit.h"

#include <stdlib.h>
#include <string.h>

/* Prefix flags for the primitives. */
enum { P_66 = 1, P_F2 = 2, P_F3 = 4, P_LOCK = 8 };

static inline void put8(XBuf *b, unsigned v) { *b->p++ = (uint8_t)v; }

static inline void put16(XBuf *b, uint32_t v)
{
    uint16_t x = (uint16_t)v;
    memcpy(b->p, &x, 2);
    b->p += 2;
}

static inline void put32(XBuf *b, uint32_t v)
{
    memcpy(b->p, &v, 4);
    b->p += 4;
}

static inline void put64(XBuf *b, uint64_t v)
{
    memcpy(b->p, &v, 8);
    b->p += 8;
}

static inline bool fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

static void put_imm(XBuf *b, int size, int32_t imm)
{
    switch (size) {
    case 1: put8(b, (uint8_t)imm); break;
    case 2: put16(b, (uint32_t)imm); break;
    default: put32(b, (uint32_t)imm); break;
    }
}

static void put_prefixes(XBuf *b, unsigned pfx)
{
    if (pfx & P_66) put8(b, 0x66);
    if (pfx & P_F2) put8(b, 0xf2);
    if (pfx & P_F3) put8(b, 0xf3);
    if (pfx & P_LOCK) put8(b, 0xf0);
}

/* Opcode of up to 3 bytes, packed big-endian in the low bytes of op (0x0fb6 = 0F B6). */
static void put_opcode(XBuf *b, uint32_t op)
{
    if (op > 0xffff) put8(b, op >> 16);
    if (op > 0xff) put8(b, (op >> 8) & 0xff);
    put8(b, op & 0xff);
}

/* REX for a register-direct ModRM. byte_reg/byte_rm: that operand is an 8-bit register, so
 * encodings 4..7 mean spl..dil only with a REX present. */
static void put_rex_rr(XBuf *b, bool w, int reg, int rm, bool byte_reg, bool byte_rm)
{
    unsigned rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((rm & 8) ? 1 : 0);
    bool force = (byte_reg && reg >= 4 && reg <= 7) || (byte_rm && rm >= 4 && rm <= 7);
    if (rex != 0x40 || force) put8(b, rex);
}

static void put_rex_m(XBuf *b, bool w, int reg, const XMem *m, bool byte_reg)
{
    unsigned rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0);
    if (!m->rip) {
        if (m->index != X_NOREG && (m->index & 8)) rex |= 2;
        if (m->base != X_NOREG && (m->base & 8)) rex |= 1;
    }
    bool force = byte_reg && reg >= 4 && reg <= 7;
    if (rex != 0x40 || force) put8(b, rex);
}

static inline void put_modrm_rr(XBuf *b, int reg, int rm)
{
    put8(b, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

static unsigned scale_bits(unsigned scale)
{
    switch (scale) {
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    default: return 0;
    }
}

/* ModRM + optional SIB + displacement for a memory operand. */
static void put_modrm_m(XBuf *b, int reg, const XMem *m)
{
    unsigned r = (unsigned)(reg & 7) << 3;
    if (m->rip) {
        put8(b, 0x05 | r);
        put32(b, (uint32_t)m->disp);
        return;
    }
    if (m->base == X_NOREG) {
        /* No base: SIB with base=101 and mod=00 means disp32; index 100 means none, which is
         * the only absolute form in 64-bit mode (rm=101 alone would be rip-relative). */
        unsigned idx = m->index == X_NOREG ? 4 : (unsigned)(m->index & 7);
        unsigned ss = m->index == X_NOREG ? 0 : scale_bits(m->scale);
        put8(b, 0x04 | r);
        put8(b, (ss << 6) | (idx << 3) | 5);
        put32(b, (uint32_t)m->disp);
        return;
    }
    unsigned base = (unsigned)m->base & 7;
    unsigned mod;
    if (m->disp == 0 && base != 5) mod = 0;        /* rbp/r13 need an explicit disp8 0 */
    else if (fits8(m->disp)) mod = 1;
    else mod = 2;
    if (m->index != X_NOREG) {
        put8(b, (mod << 6) | r | 4);
        put8(b, (scale_bits(m->scale) << 6) | ((unsigned)(m->index & 7) << 3) | base);
    } else if (base == 4) {                        /* rsp/r12 as base: SIB with no index */
        put8(b, (mod << 6) | r | 4);
        put8(b, 0x24);
    } else {
        put8(b, (mod << 6) | r | base);
    }
    if (mod == 1) put8(b, (uint8_t)m->disp);
    else if (mod == 2) put32(b, (uint32_t)m->disp);
}

/* Complete instruction with a register-direct r/m operand. */
static void op_rr(XBuf *b, unsigned pfx, bool w, uint32_t op, int reg, int rm,
                  bool byte_reg, bool byte_rm)
{
    put_prefixes(b, pfx);
    put_rex_rr(b, w, reg, rm, byte_reg, byte_rm);
    put_opcode(b, op);
    put_modrm_rr(b, reg, rm);
}

/* Complete instruction with a memory r/m operand. */
static void op_rm(XBuf *b, unsigned pfx, bool w, uint32_t op, int reg, const XMem *m, bool byte_reg)
{
    put_prefixes(b, pfx);
    put_rex_m(b, w, reg, m, byte_reg);
    put_opcode(b, op);
    put_modrm_m(b, reg, m);
}

/* Operand-size helpers for the sized (1/2/4/8) memory forms: byte opcode is op8, the
 * 16/32/64-bit one is op8 + 1 in every family used here. */
static unsigned size_pfx(int size) { return size == 2 ? P_66 : 0; }

/* ---------------------------------------------------------------- ALU */

void x_alu_rr(XBuf *b, XAlu op, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, (uint32_t)op * 8 + 1, src, dst, false, false);
}

void x_alu_ri(XBuf *b, XAlu op, bool w64, XReg dst, int32_t imm)
{
    if (fits8(imm)) {
        op_rr(b, 0, w64, 0x83, op, dst, false, false);
        put8(b, (uint8_t)imm);
    } else if (dst == X_RAX) {
        put_rex_rr(b, w64, 0, 0, false, false);
        put8(b, (uint32_t)op * 8 + 5);
        put32(b, (uint32_t)imm);
    } else {
        op_rr(b, 0, w64, 0x81, op, dst, false, false);
        put32(b, (uint32_t)imm);
    }
}

void x_alu_rm(XBuf *b, XAlu op, bool w64, XReg dst, XMem src)
{
    op_rm(b, 0, w64, (uint32_t)op * 8 + 3, dst, &src, false);
}

void x_alu_r_rip(XBuf *b, XAlu op, XReg dst, const void *target)
{
    /* REX.W, opcode, ModRM (rip form), disp32: 7 bytes, the disp counts from their end. */
    x_alu_rm(b, op, true, dst, xrip((int32_t)((const uint8_t *)target - (b->p + 7))));
}

void x_alu_mr(XBuf *b, XAlu op, bool w64, XMem dst, XReg src)
{
    op_rm(b, 0, w64, (uint32_t)op * 8 + 1, src, &dst, false);
}

void x_alu_mi(XBuf *b, XAlu op, bool w64, XMem dst, int32_t imm)
{
    bool s8 = fits8(imm);
    op_rm(b, 0, w64, s8 ? 0x83 : 0x81, op, &dst, false);
    if (s8) put8(b, (uint8_t)imm);
    else put32(b, (uint32_t)imm);
}

/* ---------------------------------------------------------------- moves */

void x_mov_rr(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, 0x89, src, dst, false, false);
}

void x_mov_ri(XBuf *b, XReg dst, uint64_t imm)
{
    if (imm <= 0xffffffffu) {                    /* mov r32, imm32 zero-extends */
        put_rex_rr(b, false, 0, dst, false, false);
        put8(b, 0xb8 + (dst & 7));
        put32(b, (uint32_t)imm);
    } else if (fits32((int64_t)imm)) {           /* mov r64, simm32 */
        op_rr(b, 0, true, 0xc7, 0, dst, false, false);
        put32(b, (uint32_t)imm);
    } else {                                     /* movabs */
        put_rex_rr(b, true, 0, dst, false, false);
        put8(b, 0xb8 + (dst & 7));
        put64(b, imm);
    }
}

void x_load(XBuf *b, int size, bool sign, XReg dst, XMem src)
{
    switch (size) {
    case 1: op_rm(b, 0, sign, sign ? 0x0fbe : 0x0fb6, dst, &src, false); break;
    case 2: op_rm(b, 0, sign, sign ? 0x0fbf : 0x0fb7, dst, &src, false); break;
    case 4: op_rm(b, 0, sign, sign ? 0x63 : 0x8b, dst, &src, false); break;
    default: op_rm(b, 0, true, 0x8b, dst, &src, false); break;
    }
}

void x_store(XBuf *b, int size, XReg src, XMem dst)
{
    op_rm(b, size_pfx(size), size == 8, size == 1 ? 0x88 : 0x89, src, &dst, size == 1);
}

void x_store_imm(XBuf *b, int size, XMem dst, int32_t imm)
{
    op_rm(b, size_pfx(size), size == 8, size == 1 ? 0xc6 : 0xc7, 0, &dst, false);
    put_imm(b, size == 8 ? 4 : size, imm);
}

void x_lea(XBuf *b, bool w64, XReg dst, XMem src)
{
    op_rm(b, 0, w64, 0x8d, dst, &src, false);
}

/* ---------------------------------------------------------------- shifts, mul/div, misc */

void x_shift_ri(XBuf *b, XShift op, bool w64, XReg dst, uint8_t imm)
{
    if (imm == 1) {
        op_rr(b, 0, w64, 0xd1, op, dst, false, false);
    } else {
        op_rr(b, 0, w64, 0xc1, op, dst, false, false);
        put8(b, imm);
    }
}

void x_shift_rcl(XBuf *b, XShift op, bool w64, XReg dst)
{
    op_rr(b, 0, w64, 0xd3, op, dst, false, false);
}

void x_unary(XBuf *b, XUnary op, bool w64, XReg reg)
{
    op_rr(b, 0, w64, 0xf7, op, reg, false, false);
}

void x_imul_rr(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, 0x0faf, dst, src, false, false);
}

void x_imul_rri(XBuf *b, bool w64, XReg dst, XReg src, int32_t imm)
{
    bool s8 = fits8(imm);
    op_rr(b, 0, w64, s8 ? 0x6b : 0x69, dst, src, false, false);
    if (s8) put8(b, (uint8_t)imm);
    else put32(b, (uint32_t)imm);
}

void x_cqo(XBuf *b) { put8(b, 0x48); put8(b, 0x99); }
void x_cdq(XBuf *b) { put8(b, 0x99); }

void x_movsx(XBuf *b, int from_size, XReg dst, XReg src)
{
    switch (from_size) {
    case 1: op_rr(b, 0, true, 0x0fbe, dst, src, false, true); break;
    case 2: op_rr(b, 0, true, 0x0fbf, dst, src, false, false); break;
    default: op_rr(b, 0, true, 0x63, dst, src, false, false); break;
    }
}

void x_movzx(XBuf *b, int from_size, XReg dst, XReg src)
{
    /* The 32-bit destination form zero-extends to 64 bits and needs no REX.W. */
    switch (from_size) {
    case 1: op_rr(b, 0, false, 0x0fb6, dst, src, false, true); break;
    case 2: op_rr(b, 0, false, 0x0fb7, dst, src, false, false); break;
    default: x_mov_rr(b, false, dst, src); break;
    }
}

void x_test_rr(XBuf *b, bool w64, XReg a, XReg c)
{
    op_rr(b, 0, w64, 0x85, c, a, false, false);
}

void x_test_ri(XBuf *b, bool w64, XReg a, int32_t imm)
{
    /* test has no sign-extended imm8 form; gas uses the short A9 form for the accumulator. */
    if (a == X_RAX) {
        put_rex_rr(b, w64, 0, 0, false, false);
        put8(b, 0xa9);
    } else {
        op_rr(b, 0, w64, 0xf7, 0, a, false, false);
    }
    put32(b, (uint32_t)imm);
}

void x_test_mi8(XBuf *b, XMem m, uint8_t imm)
{
    op_rm(b, 0, false, 0xf6, 0, &m, false);
    put8(b, imm);
}

void x_setcc(XBuf *b, XCond cc, XReg dst8)
{
    op_rr(b, 0, false, 0x0f90 + (uint32_t)cc, 0, dst8, false, true);
}

void x_cmov(XBuf *b, XCond cc, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, 0x0f40 + (uint32_t)cc, dst, src, false, false);
}

void x_bswap(XBuf *b, bool w64, XReg reg)
{
    put_rex_rr(b, w64, 0, reg, false, false);
    put8(b, 0x0f);
    put8(b, 0xc8 + (reg & 7));
}

void x_xchg_rr(XBuf *b, bool w64, XReg a, XReg c)
{
    /* gas uses the one-byte 90+r form when either operand is the accumulator, except for the
     * 32-bit eax,eax case (90 would be nop and skip the zero-extension); 64-bit rax,rax is
     * a plain nop. */
    if (a == X_RAX || c == X_RAX) {
        XReg other = a == X_RAX ? c : a;
        if (other == X_RAX) {
            if (w64) { put8(b, 0x90); return; }
            op_rr(b, 0, false, 0x87, 0, 0, false, false);
            return;
        }
        put_rex_rr(b, w64, 0, other, false, false);
        put8(b, 0x90 + (other & 7));
        return;
    }
    op_rr(b, 0, w64, 0x87, c, a, false, false);
}

/* ---------------------------------------------------------------- bit counting */

void x_lzcnt(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, P_F3, w64, 0x0fbd, dst, src, false, false);
}

void x_tzcnt(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, P_F3, w64, 0x0fbc, dst, src, false, false);
}

void x_popcnt(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, P_F3, w64, 0x0fb8, dst, src, false, false);
}

/* bts/btr/btc dst, idx (0F AB/B3/BB; the index is taken modulo the operand size) and the
 * imm8 forms (0F BA /5 /6 /7). */
static const uint32_t bit_op_rr[3] = { 0x0fab, 0x0fb3, 0x0fbb };
void x_bit_rr(XBuf *b, XBitOp op, bool w64, XReg dst, XReg idx)
{
    op_rr(b, 0, w64, bit_op_rr[op], idx, dst, false, false);
}

void x_bit_ri(XBuf *b, XBitOp op, bool w64, XReg dst, uint8_t bit)
{
    op_rr(b, 0, w64, 0x0fba, 5 + (int)op, dst, false, false);
    put8(b, bit);
}

void x_bsr(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, 0x0fbd, dst, src, false, false);
}

void x_bsf(XBuf *b, bool w64, XReg dst, XReg src)
{
    op_rr(b, 0, w64, 0x0fbc, dst, src, false, false);
}

/* ---------------------------------------------------------------- atomics */

/* Byte forms use op8, wider ones op8 + 1; 66 selects 16 bits, REX.W 64 bits. */
static void sized_mr(XBuf *b, unsigned pfx, int size, uint32_t op8, XMem *m, XReg reg)
{
    op_rm(b, pfx | size_pfx(size), size == 8, size == 1 ? op8 : op8 + 1, reg, m, size == 1);
}

void x_lock_xadd(XBuf *b, int size, XMem m, XReg reg)
{
    sized_mr(b, P_LOCK, size, 0x0fc0, &m, reg);
}

void x_lock_cmpxchg(XBuf *b, int size, XMem m, XReg reg)
{
    sized_mr(b, P_LOCK, size, 0x0fb0, &m, reg);
}

void x_xchg_mr(XBuf *b, int size, XMem m, XReg reg)
{
    sized_mr(b, 0, size, 0x86, &m, reg);
}

void x_lock_alu_mr(XBuf *b, XAlu op, int size, XMem m, XReg reg)
{
    sized_mr(b, P_LOCK, size, (uint32_t)op * 8, &m, reg);
}

void x_mfence(XBuf *b)
{
    put8(b, 0x0f); put8(b, 0xae); put8(b, 0xf0);
}

/* ---------------------------------------------------------------- control flow */

static void abort_range(void)
{
    /* A branch that cannot reach is a code-cache layout bug, not a guest condition. */
    abort();
}

bool x_rel32_ok(const uint8_t *field, const void *target)
{
    intptr_t d = (intptr_t)((uintptr_t)target - ((uintptr_t)field + 4));
    return fits32(d);
}

void x_patch_rel32(uint8_t *field, const void *target)
{
    intptr_t d = (intptr_t)((uintptr_t)target - ((uintptr_t)field + 4));
    if (!fits32(d)) abort_range();
    uint32_t v = (uint32_t)(int32_t)d;
    /* A field inside one aligned quadword (x_rel32_pad) changes with one atomic store, so a
     * concurrently executing thread sees either the old or the new branch target, never a
     * torn mix (used when chaining live TBs): a 4-byte store when it is aligned, else a
     * compare-and-swap of the quadword (its other bytes unchanged). */
    uintptr_t a = (uintptr_t)field;
    if ((a & 3) == 0) {
        __atomic_store_n((uint32_t *)(void *)field, v, __ATOMIC_RELEASE);
    } else if ((a & 7) <= 4) {
        uint64_t *q = (uint64_t *)(void *)(a & ~(uintptr_t)7);
        unsigned sh = (unsigned)(a & 7) * 8;
        uint64_t old = __atomic_load_n(q, __ATOMIC_RELAXED), nv;
        do {
            nv = (old & ~((uint64_t)0xffffffffu << sh)) | (uint64_t)v << sh;
        } while (!__atomic_compare_exchange_n(q, &old, nv, false, __ATOMIC_RELEASE,
                                              __ATOMIC_RELAXED));
    } else {
        memcpy(field, &v, 4);   /* code not yet live */
    }
}

int x_rel32_pad(const uint8_t *p, int opc_len)
{
    int pad = 0;
    while ((((uintptr_t)p + (uintptr_t)(pad + opc_len)) & 7) > 4)
        pad++;
    return pad;
}

void x_patch_rel8(uint8_t *field, const void *target)
{
    intptr_t d = (intptr_t)((uintptr_t)target - ((uintptr_t)field + 1));
    if (!fits8(d)) abort_range();
    *field = (uint8_t)(int8_t)d;
}

/* rel32 field at b->p; a NULL target leaves 0 (a jump to the next instruction) until patched. */
static uint8_t *put_rel32(XBuf *b, const void *target)
{
    uint8_t *field = b->p;
    put32(b, 0);
    if (target) x_patch_rel32(field, target);
    return field;
}

uint8_t *x_jmp(XBuf *b, const void *target)
{
    put8(b, 0xe9);
    return put_rel32(b, target);
}

uint8_t *x_jmp8(XBuf *b)
{
    put8(b, 0xeb);
    uint8_t *field = b->p;
    put8(b, 0xfe);          /* jump to itself until patched: fails safe if never patched */
    return field;
}

uint8_t *x_jcc(XBuf *b, XCond cc, const void *target)
{
    put8(b, 0x0f);
    put8(b, 0x80 + cc);
    return put_rel32(b, target);
}

uint8_t *x_jcc8(XBuf *b, XCond cc)
{
    put8(b, 0x70 + cc);
    uint8_t *field = b->p;
    put8(b, 0xfe);
    return field;
}

uint8_t *x_call(XBuf *b, const void *target)
{
    put8(b, 0xe8);
    return put_rel32(b, target);
}

void x_jmp_r(XBuf *b, XReg reg) { op_rr(b, 0, false, 0xff, 4, reg, false, false); }
void x_jmp_m(XBuf *b, XMem m) { op_rm(b, 0, false, 0xff, 4, &m, false); }
void x_call_r(XBuf *b, XReg reg) { op_rr(b, 0, false, 0xff, 2, reg, false, false); }
void x_call_m(XBuf *b, XMem m) { op_rm(b, 0, false, 0xff, 2, &m, false); }

void x_push(XBuf *b, XReg reg)
{
    put_rex_rr(b, false, 0, reg, false, false);
    put8(b, 0x50 + (reg & 7));
}

void x_pop(XBuf *b, XReg reg)
{
    put_rex_rr(b, false, 0, reg, false, false);
    put8(b, 0x58 + (reg & 7));
}

void x_ret(XBuf *b) { put8(b, 0xc3); }
void x_ud2(XBuf *b) { put8(b, 0x0f); put8(b, 0x0b); }
void x_int3(XBuf *b) { put8(b, 0xcc); }

/* The multi-byte nops gas's `.nops` emits: 1..11 bytes as one instruction, longer runs as an
 * 11-byte nop followed by the remainder. */
static const uint8_t nop_tab[11][11] = {
    { 0x90 },
    { 0x66, 0x90 },
    { 0x0f, 0x1f, 0x00 },
    { 0x0f, 0x1f, 0x40, 0x00 },
    { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
    { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
    { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
    { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    { 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    { 0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void x_nop(XBuf *b, int n)
{
    while (n > 0) {
        int k = n > 11 ? 11 : n;
        memcpy(b->p, nop_tab[k - 1], (size_t)k);
        b->p += k;
        n -= k;
    }
}

/* ---------------------------------------------------------------- SSE / AVX */

void x_sse_op(XBuf *b, XFop op, bool d, int xdst, int xsrc)
{
    op_rr(b, d ? P_F2 : P_F3, false, 0x0f00 + (uint32_t)op, xdst, xsrc, false, false);
}

void x_sse_ucomi(XBuf *b, bool d, int xa, int xb)
{
    op_rr(b, d ? P_66 : 0, false, 0x0f2e, xa, xb, false, false);
}

void x_movq_xr(XBuf *b, int xdst, XReg src) { op_rr(b, P_66, true, 0x0f6e, xdst, src, false, false); }
void x_movq_rx(XBuf *b, XReg dst, int xsrc) { op_rr(b, P_66, true, 0x0f7e, xsrc, dst, false, false); }
void x_movd_xr(XBuf *b, int xdst, XReg src) { op_rr(b, P_66, false, 0x0f6e, xdst, src, false, false); }
void x_movd_rx(XBuf *b, XReg dst, int xsrc) { op_rr(b, P_66, false, 0x0f7e, xsrc, dst, false, false); }

void x_sse_load(XBuf *b, bool d, int xdst, XMem m)
{
    op_rm(b, d ? P_F2 : P_F3, false, 0x0f10, xdst, &m, false);
}

void x_sse_store(XBuf *b, bool d, XMem m, int xsrc)
{
    op_rm(b, d ? P_F2 : P_F3, false, 0x0f11, xsrc, &m, false);
}

void x_sse_op_m(XBuf *b, XFop op, bool d, int xdst, XMem m)
{
    op_rm(b, d ? P_F2 : P_F3, false, 0x0f00 + (uint32_t)op, xdst, &m, false);
}

void x_pcmpeqd(XBuf *b, int xdst, int xsrc)
{
    op_rr(b, P_66, false, 0x0f76, xdst, xsrc, false, false);
}

void x_movss_rr(XBuf *b, int xdst, int xsrc)
{
    op_rr(b, P_F3, false, 0x0f10, xdst, xsrc, false, false);
}

void x_sse_mov_rr(XBuf *b, int xdst, int xsrc)
{
    /* movaps is the shortest whole-register copy (no prefix), and a full copy avoids the
     * merge dependency movsd reg,reg would carry. */
    op_rr(b, 0, false, 0x0f28, xdst, xsrc, false, false);
}

void x_sse_comi(XBuf *b, bool d, int xa, int xb)
{
    op_rr(b, d ? P_66 : 0, false, 0x0f2f, xa, xb, false, false);
}

void x_sse_cmp(XBuf *b, bool d, int pred, int xdst, int xsrc)
{
    op_rr(b, d ? P_F2 : P_F3, false, 0x0fc2, xdst, xsrc, false, false);
    put8(b, (uint8_t)pred);
}

void x_sse_logic(XBuf *b, XLogic op, bool d, int xdst, int xsrc)
{
    op_rr(b, d ? P_66 : 0, false, 0x0f00 + (uint32_t)op, xdst, xsrc, false, false);
}

void x_cvtsi2s(XBuf *b, bool d, bool w64, int xdst, XReg src)
{
    op_rr(b, d ? P_F2 : P_F3, w64, 0x0f2a, xdst, src, false, false);
}

void x_cvtts2si(XBuf *b, bool d, bool w64, XReg dst, int xsrc)
{
    op_rr(b, d ? P_F2 : P_F3, w64, 0x0f2c, dst, xsrc, false, false);
}

void x_cvts2si(XBuf *b, bool d, bool w64, XReg dst, int xsrc)
{
    op_rr(b, d ? P_F2 : P_F3, w64, 0x0f2d, dst, xsrc, false, false);
}

void x_cvts2s(XBuf *b, bool from_d, int xdst, int xsrc)
{
    op_rr(b, from_d ? P_F2 : P_F3, false, 0x0f5a, xdst, xsrc, false, false);
}

void x_sse_round(XBuf *b, bool d, int xdst, int xsrc, int mode)
{
    op_rr(b, P_66, false, d ? 0x0f3a0b : 0x0f3a0a, xdst, xsrc, false, false);
    put8(b, (uint8_t)mode);
}

void x_ldmxcsr(XBuf *b, XMem m) { op_rm(b, 0, false, 0x0fae, 2, &m, false); }
void x_stmxcsr(XBuf *b, XMem m) { op_rm(b, 0, false, 0x0fae, 3, &m, false); }

/* Three-byte VEX (C4), register-direct operands: reg = ModRM.reg, v = VEX.vvvv, rm = ModRM.rm.
 * map: 2 = 0F38, 3 = 0F3A; pp: 0 none, 1 = 66, 2 = F3, 3 = F2. Only the 0F38/0F3A maps are
 * used here, which have no two-byte (C5) form, so this is always the shortest encoding. */
static void vex3_rr(XBuf *b, unsigned map, unsigned pp, bool w, uint8_t op, int reg, int v, int rm)
{
    put8(b, 0xc4);
    put8(b, ((reg & 8) ? 0 : 0x80) | 0x40 /* ~X */ | ((rm & 8) ? 0 : 0x20) | map);
    put8(b, (w ? 0x80 : 0) | ((~v & 15) << 3) | pp);
    put8(b, op);
    put_modrm_rr(b, reg, rm);
}

void x_vsse_op(XBuf *b, XFop op, bool d, int xdst, int xa, int xb)
{
    unsigned pp = d ? 3 : 2;
    if (xb & 8) {
        vex3_rr(b, 1, pp, false, (uint8_t)op, xdst, xa, xb);
        return;
    }
    put8(b, 0xc5);                                      /* two-byte VEX: map 0F, W0 */
    put8(b, ((xdst & 8) ? 0 : 0x80) | ((~xa & 15) << 3) | pp);
    put8(b, (uint8_t)op);
    put_modrm_rr(b, xdst, xb);
}

void x_vfmadd231(XBuf *b, bool d, int xdst, int xa, int xb)
{
    vex3_rr(b, 2, 1, d, XFMA_MADD, xdst, xa, xb);
}

void x_vfma231(XBuf *b, XFma op, bool d, int xdst, int xa, int xb)
{
    vex3_rr(b, 2, 1, d, (uint8_t)op, xdst, xa, xb);
}

/* ---------------------------------------------------------------- packed SIMD */

/* Prefix bytes (legacy) or VEX prefix, then the opcode byte: everything before ModRM. rex_x and
 * rex_b are the index/base (or rm) high bits. */
static void simd_head(XBuf *b, uint32_t opc, int len, int xreg, int xv, bool rex_x, bool rex_b)
{
    unsigned pp = (opc >> 16) & 3, map = (opc >> 8) & 3, op = opc & 0xff;
    bool w = (opc >> 20) & 1, r = (xreg & 8) != 0;
    if (len == 0) {
        static const uint8_t pfx[4] = { 0, 0x66, 0xf3, 0xf2 };
        if (pp) put8(b, pfx[pp]);
        unsigned rex = 0x40 | (w ? 8 : 0) | (r ? 4 : 0) | (rex_x ? 2 : 0) | (rex_b ? 1 : 0);
        if (rex != 0x40) put8(b, rex);
        put8(b, 0x0f);
        if (map == 2) put8(b, 0x38);
        if (map == 3) put8(b, 0x3a);
    } else if (map == 1 && !w && !rex_x && !rex_b) {
        put8(b, 0xc5);
        put8(b, (r ? 0 : 0x80) | ((~xv & 15) << 3) | (len == 256 ? 4 : 0) | pp);
    } else {
        put8(b, 0xc4);
        put8(b, (r ? 0 : 0x80) | (rex_x ? 0 : 0x40) | (rex_b ? 0 : 0x20) | map);
        put8(b, (w ? 0x80 : 0) | ((~xv & 15) << 3) | (len == 256 ? 4 : 0) | pp);
    }
    put8(b, op);
}

void x_simd_rr(XBuf *b, uint32_t opc, int len, int xreg, int xv, int rm, int imm)
{
    simd_head(b, opc, len, xreg, xv, false, (rm & 8) != 0);
    put_modrm_rr(b, xreg, rm);
    if (imm >= 0) put8(b, (unsigned)imm);
}

void x_simd_rm(XBuf *b, uint32_t opc, int len, int xreg, int xv, XMem m, int imm)
{
    bool rx = !m.rip && m.index != X_NOREG && (m.index & 8);
    bool rb = !m.rip && m.base != X_NOREG && (m.base & 8);
    simd_head(b, opc, len, xreg, xv, rx, rb);
    put_modrm_m(b, xreg, &m);
    if (imm >= 0) put8(b, (unsigned)imm);
}

void x_vzeroupper(XBuf *b) { put8(b, 0xc5); put8(b, 0xf8); put8(b, 0x77); }

/* ---------------------------------------------------------------- misc extensions */

void x_andn(XBuf *b, bool w64, XReg dst, XReg src1, XReg src2)
{
    vex3_rr(b, 2, 0, w64, 0xf2, dst, src1, src2);
}

void x_shiftx(XBuf *b, XShift op, bool w64, XReg dst, XReg src, XReg count)
{
    unsigned pp = op == XS_SHL ? 1 : op == XS_SAR ? 2 : 3;   /* 66 shlx, F3 sarx, F2 shrx */
    vex3_rr(b, 2, pp, w64, 0xf7, dst, count, src);
}

void x_shiftx_m(XBuf *b, XShift op, bool w64, XReg dst, XMem src, XReg count)
{
    unsigned pp = op == XS_SHL ? 1 : op == XS_SAR ? 2 : 3;
    bool rx = !src.rip && src.index != X_NOREG && (src.index & 8);
    bool rb = !src.rip && src.base != X_NOREG && (src.base & 8);
    put8(b, 0xc4);
    put8(b, ((dst & 8) ? 0 : 0x80) | (rx ? 0 : 0x40) | (rb ? 0 : 0x20) | 2);   /* map 0F38 */
    put8(b, (w64 ? 0x80 : 0) | ((~count & 15) << 3) | pp);
    put8(b, 0xf7);
    put_modrm_m(b, dst, &src);
}

void x_rorx(XBuf *b, bool w64, XReg dst, XReg src, uint8_t imm)
{
    vex3_rr(b, 3, 3, w64, 0xf0, dst, 0, src);   /* VEX.F2.0F3A F0 /r ib */
    put8(b, imm);
}

void x_pause(XBuf *b) { put8(b, 0xf3); put8(b, 0x90); }
