/*
 * x86-64 lowering of the IR's bit-manipulation ops clz, ctz, cpop and bswap (rotl/rotr are
 * rotates in codegen.c's shift path), and the host CPU features they use.
 *
 * Flow: backend_new records x86_host_bits() in Backend.host_bits; each op then takes the host
 * instruction (lzcnt, tzcnt, popcnt) when the feature is there and a baseline sequence
 * otherwise: bsr/bsf with a cmov for a zero source, a SWAR population count. Both give the
 * IR's results (the width for clz/ctz of 0). Invariants: 32-bit forms read the low 32 bits and
 * leave the result zero-extended; flags are clobbered.
 */
#include <cpuid.h>
#include <stdlib.h>
#include "x86-backend.h"

unsigned x86_host_bits(void)
{
    unsigned a, b, c, d, bits = 0;
    const char *g = getenv("QELT_GENERIC_BITOPS");
    if (g && *g && *g != '0')
        return 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_POPCNT))
        bits |= X86_HAS_POPCNT;
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & bit_LZCNT))
        bits |= X86_HAS_LZCNT;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_BMI))
        bits |= X86_HAS_BMI1;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_BMI2))
        bits |= X86_HAS_BMI2;   /* shlx/shrx/sarx: shifts by a register other than cl */
    return bits;
}

/* rd = popcount(rd) without popcnt (rd already holds the zero-extended source). */
static void gen_cpop_generic(Backend *be, XReg rd)
{
    static const uint64_t m1 = 0x5555555555555555ull, m2 = 0x3333333333333333ull,
                          m4 = 0x0f0f0f0f0f0f0f0full, h01 = 0x0101010101010101ull;
    XBuf *b = &be->b;
    XReg t = cg_alloc_scratch(be, 1u << rd);
    XReg c = cg_alloc_scratch(be, 1u << rd | 1u << t);
    x_mov_rr(b, true, t, rd);
    x_shift_ri(b, XS_SHR, true, t, 1);
    x_mov_ri(b, c, m1);
    x_alu_rr(b, XA_AND, true, t, c);
    x_alu_rr(b, XA_SUB, true, rd, t);
    x_mov_rr(b, true, t, rd);
    x_shift_ri(b, XS_SHR, true, t, 2);
    x_mov_ri(b, c, m2);
    x_alu_rr(b, XA_AND, true, t, c);
    x_alu_rr(b, XA_AND, true, rd, c);
    x_alu_rr(b, XA_ADD, true, rd, t);
    x_mov_rr(b, true, t, rd);
    x_shift_ri(b, XS_SHR, true, t, 4);
    x_alu_rr(b, XA_ADD, true, rd, t);
    x_mov_ri(b, c, m4);
    x_alu_rr(b, XA_AND, true, rd, c);
    x_mov_ri(b, c, h01);
    x_imul_rr(b, true, rd, c);
    x_shift_ri(b, XS_SHR, true, rd, 56);
}

/* bset/bclr/binv: bts/btr/btc on a copy of a (or/and/xor with an imm32 for low constant
 * bits). */
static void gen_single_bit(Backend *be, const IROp *op)
{
    bool w64 = op->type == IR_I64;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], bi = (IRTemp)op->args[2];
    XBitOp kind = op->opc == IR_OP_bset ? XB_SET : op->opc == IR_OP_bclr ? XB_RESET : XB_FLIP;
    XBuf *b = &be->b;
    XReg ra = cg_temp_load(be, a, 0);
    if (be->ir->temps[bi].kind == IRT_CONST) {
        int k = (int)(be->ir->temps[bi].val & (w64 ? 63 : 31));
        XReg rd = cg_dest_reg(be, d, 0);
        if (rd != ra || !w64)
            x_mov_rr(b, w64, rd, ra);
        if (k < 31) {
            static const XAlu alu[3] = { XA_OR, XA_AND, XA_XOR };
            int32_t m = kind == XB_RESET ? ~(int32_t)(1u << k) : (int32_t)(1u << k);
            x_alu_ri(b, alu[kind], w64, rd, m);
        } else {
            x_bit_ri(b, kind, w64, rd, (uint8_t)k);
        }
        cg_temp_set_reg(be, d, rd);
        return;
    }
    XReg ri = cg_temp_load(be, bi, 0);
    XReg rd = cg_dest_reg(be, d, 0);
    if (rd == ri && rd != ra) {   /* d's register holds the index: work in a scratch one */
        XReg t = cg_alloc_scratch(be, 1u << ra | 1u << ri);
        x_mov_rr(b, true, t, ra);
        x_bit_rr(b, kind, w64, t, ri);
        x_mov_rr(b, true, rd, t);
    } else {
        if (rd != ra || !w64)
            x_mov_rr(b, w64, rd, ra);
        x_bit_rr(b, kind, w64, rd, ri);
    }
    cg_temp_set_reg(be, d, rd);
}

void cg_gen_bitop(Backend *be, const IROp *op)
{
    if (op->opc == IR_OP_bset || op->opc == IR_OP_bclr || op->opc == IR_OP_binv) {
        gen_single_bit(be, op);
        return;
    }
    bool w64 = op->type == IR_I64;
    int width = w64 ? 64 : 32;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    XBuf *b = &be->b;
    XReg ra = cg_temp_load(be, a, 0);
    XReg rd = cg_dest_reg(be, d, 0);
    unsigned have = be->host_bits;

    switch (op->opc) {
    case IR_OP_clz:
        if (have & X86_HAS_LZCNT) {
            x_lzcnt(b, w64, rd, ra);
        } else {
            /* bsr gives the top bit's index i: clz = (w-1) ^ i; a zero source takes 2w-1 */
            XReg t = cg_alloc_scratch(be, 1u << rd | 1u << ra);
            x_bsr(b, w64, rd, ra);
            x_mov_ri(b, t, (uint64_t)(2 * width - 1));
            x_cmov(b, XC_E, w64, rd, t);
            x_alu_ri(b, XA_XOR, w64, rd, width - 1);
        }
        break;
    case IR_OP_ctz:
        if (have & X86_HAS_BMI1) {
            x_tzcnt(b, w64, rd, ra);
        } else {
            XReg t = cg_alloc_scratch(be, 1u << rd | 1u << ra);
            x_bsf(b, w64, rd, ra);
            x_mov_ri(b, t, (uint64_t)width);
            x_cmov(b, XC_E, w64, rd, t);
        }
        break;
    case IR_OP_cpop:
        if (have & X86_HAS_POPCNT) {
            x_popcnt(b, w64, rd, ra);
        } else {
            x_mov_rr(b, w64, rd, ra);   /* a 32-bit mov zero-extends */
            gen_cpop_generic(be, rd);
        }
        break;
    case IR_OP_bswap:
        if (rd != ra)
            x_mov_rr(b, true, rd, ra);
        x_bswap(b, w64, rd);
        break;
    default:
        break;
    }
    cg_temp_set_reg(be, d, rd);
}
