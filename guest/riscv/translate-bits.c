/*
 * RISC-V front end for the scalar extensions other than FP: Zba, Zbb, Zbs, Zbc, Zbkb, Zbkc,
 * Zbkx, Zicond, Zicbom/Zicboz/Zicbop, Zimop (Zcb and Zcmop decode to these or to base ops),
 * Zawrs and Zacas (amocas.w/d).
 *
 * Flow: rv_translate_insn (translate.c) calls rv_translate_ext for every op it does not own
 * before handing the rest to the FP translator; the decoder and rv_insn_allowed have already
 * checked that the instruction's extension is on. Bit manipulation becomes IR ops the back end
 * maps to single host instructions where x86-64 has them (clz/ctz/cpop/bswap/rotl/rotr; andn
 * and friends as two ops); the rare crypto-flavoured ones (clmul*, xperm*, brev8) are helper
 * calls. Invariants: the result is computed into temps and written to rd last (rd may be rs1
 * or rs2); a register-writing op with rd = x0 emits nothing.
 */
#include <signal.h>
#include <x86intrin.h>
#include "translate.h"
#include "guestmem.h"
#include "runtime.h"
#include "vcpu.h"
#include "priv.h"

/* ---- Helpers called from generated code (no guest state: IR_CALL_NO_RWG) ---- */

static uint64_t clmul_generic(uint64_t a, uint64_t b, int shift_out, uint64_t *hi)
{
    unsigned __int128 r = 0;
    for (int i = 0; i < 64; i++)
        if (b >> i & 1)
            r ^= (unsigned __int128)a << i;
    *hi = (uint64_t)(r >> 64);
    return shift_out ? (uint64_t)(r >> shift_out) : (uint64_t)r;
}

__attribute__((target("pclmul,sse2")))
static unsigned __int128 clmul_host(uint64_t a, uint64_t b)
{
    __m128i r = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)a),
                                     _mm_cvtsi64_si128((long long)b), 0);
    return (unsigned __int128)(uint64_t)_mm_cvtsi128_si64(r) |
           (unsigned __int128)(uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(r, r)) << 64;
}

/* The full 128-bit carry-less product, by pclmulqdq when the host has it. */
static unsigned __int128 clmul128(uint64_t a, uint64_t b)
{
    if (__builtin_cpu_supports("pclmul"))
        return clmul_host(a, b);
    uint64_t hi, lo = clmul_generic(a, b, 0, &hi);
    return (unsigned __int128)hi << 64 | lo;
}

uint64_t helper_clmul(uint64_t a, uint64_t b)  { return (uint64_t)clmul128(a, b); }
uint64_t helper_clmulh(uint64_t a, uint64_t b) { return (uint64_t)(clmul128(a, b) >> 64); }
uint64_t helper_clmulr(uint64_t a, uint64_t b) { return (uint64_t)(clmul128(a, b) >> 63); }

uint64_t helper_brev8(uint64_t a)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++)
        if (a >> i & 1)
            r |= 1ULL << ((i & ~7) | (7 - (i & 7)));
    return r;
}

/* xperm4/xperm8: each element of b indexes an element of a (0 when out of range). */
static uint64_t xperm(uint64_t a, uint64_t b, int bits)
{
    uint64_t r = 0, mask = (1ULL << bits) - 1;
    for (int i = 0; i < 64; i += bits) {
        uint64_t idx = (b >> i) & mask;
        if (idx * (uint64_t)bits < 64)
            r |= ((a >> (idx * (uint64_t)bits)) & mask) << i;
    }
    return r;
}
uint64_t helper_xperm4(uint64_t a, uint64_t b) { return xperm(a, b, 4); }
uint64_t helper_xperm8(uint64_t a, uint64_t b) { return xperm(a, b, 8); }

/* amocas.q, both modes: compare the 16 bytes at addr with x[rd+1]:x[rd] and store
 * x[rs2+1]:x[rs2] if equal, by one locked cmpxchg16b on the host; rd's pair gets the old value.
 * Faults are raised here (pc = the instruction) through the runtime's helper-access interface
 * (rt_guest_probe: SIGSEGV / the store page or access fault); misaligned: SIGBUS in user mode,
 * the store/AMO address-misaligned exception in the machine, as is device memory's access
 * fault. A store to a page holding translations drops them and resumes after the instruction.
 * mode: bit 0 full-system, bits 1-2 the MMU index of the access. */
void helper_amocas_q(struct VCPU *cpu, uint64_t addr, uint64_t regs, uint64_t pc,
                     uint64_t mode)
{
    unsigned rd = (unsigned)regs & 31, rs2 = (unsigned)(regs >> 8) & 31;
    bool sys = mode & 1;
    cpu->g.pc = pc;
    void *h = NULL;
    if (!(addr & 15))
        h = rt_guest_probe(cpu, addr, 16, RT_PROBE_WRITE, (int)(mode >> 1) & 3);
    if (!h) {
        if (sys) {
            cpu->priv.pending_excp = (addr & 15) ? EXC_STORE_MISALIGNED : EXC_STORE_ACCESS;
            cpu->priv.pending_tval = addr;
            cpu_loop_exit(cpu, EXIT_EXCEPTION);
        }
        cpu->fault_signo = SIGBUS;
        cpu->fault_code = BUS_ADRALN;
        cpu->fault_addr = addr;
        cpu_loop_exit(cpu, EXIT_FAULT);
    }
    uint64_t lo = rd ? cpu->g.x[rd] : 0, hi = rd ? cpu->g.x[rd + 1] : 0;
    uint64_t nlo = rs2 ? cpu->g.x[rs2] : 0, nhi = rs2 ? cpu->g.x[rs2 + 1] : 0;
    __asm__ volatile("lock cmpxchg16b %0"
                     : "+m"(*(unsigned __int128 *)h), "+a"(lo), "+d"(hi)
                     : "b"(nlo), "c"(nhi)
                     : "memory", "cc");
    if (rd) {
        cpu->g.x[rd] = lo;
        cpu->g.x[rd + 1] = hi;
    }
    if (cpu->helper_code_write) {
        cpu->helper_code_write = 0;
        cpu->g.pc = pc + 4;
        cpu_loop_exit_restart(cpu);
    }
}

/* ---- Translation ---- */

static void gen_call2(RVDisas *d, void *fn, IRTemp dst, IRTemp a, IRTemp b)
{
    IRTemp args[2] = { a, b };
    ir_call(d->ir, fn, IR_CALL_NO_RWG, dst, b == IR_NOTEMP ? 1 : 2, args);
}

/* rd = (x << sh) + y, x zero-extended from 32 bits first when uw (Zba). The shifted value
 * goes straight into rd unless rd is the addend (no extra host move for a pinned rd). */
static void gen_shadd(RVDisas *d, const RVInsn *in, IRTemp dst, int sh, bool uw)
{
    IRContext *c = d->ir;
    IRTemp t = in->rd != in->rs2 ? dst : ir_temp(c);
    IRTemp x = rv_get_gpr(d, in->rs1);
    if (uw) {
        ir_ext32u(c, t, x);
        x = t;
    }
    if (sh)
        ir_opi(c, IR_OP_shl, IR_I64, t, x, sh);
    else if (!uw)
        ir_mov(c, t, x);
    ir_add(c, dst, t, rv_get_gpr(d, in->rs2));
}

/* rd = a OP ~b (andn, orn) or ~(a ^ b) (xnor). */
static void gen_inv(RVDisas *d, const RVInsn *in, IRTemp dst, IROpcode opc)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    if (opc == IR_OP_xor) {
        ir_xor(c, t, rv_get_gpr(d, in->rs1), rv_get_gpr(d, in->rs2));
        ir_not(c, dst, t);
        return;
    }
    ir_not(c, t, rv_get_gpr(d, in->rs2));
    ir_op2(c, opc, IR_I64, dst, rv_get_gpr(d, in->rs1), t);
}

/* The W-form of a 32-bit unary or rotate op: the 32-bit IR op, then sign extension. */
static void gen_w(RVDisas *d, IRTemp dst, IROpcode opc, IRTemp a, IRTemp b)
{
    IRContext *c = d->ir;
    IRTemp t = ir_temp(c);
    if (b == IR_NOTEMP)
        ir_op1(c, opc, IR_I32, t, a);
    else
        ir_op2(c, opc, IR_I32, t, a, b);
    ir_ext32s(c, dst, t);
}

/* Zbs: the bit index, x[rs2] or the immediate (the IR op takes it modulo 64). */
static IRTemp bit_index(RVDisas *d, const RVInsn *in, bool imm)
{
    return imm ? ir_const(d->ir, in->imm & 63) : rv_get_gpr(d, in->rs2);
}

/* orc.b: each byte becomes 0xff if it is non-zero, else 0 (SWAR, no carries between bytes). */
static void gen_orc_b(RVDisas *d, IRTemp dst, IRTemp x)
{
    IRContext *c = d->ir;
    const int64_t lo7 = 0x7f7f7f7f7f7f7f7fll, hi1 = (int64_t)0x8080808080808080ull;
    IRTemp t = ir_temp(c);
    ir_opi(c, IR_OP_and, IR_I64, t, x, lo7);
    ir_opi(c, IR_OP_add, IR_I64, t, t, lo7);
    ir_or(c, t, t, x);
    ir_opi(c, IR_OP_and, IR_I64, t, t, hi1);
    ir_opi(c, IR_OP_shr, IR_I64, t, t, 7);
    ir_opi(c, IR_OP_mul, IR_I64, dst, t, 0xff);
}

/* Zicbo: cbo.zero writes zeros to the naturally aligned 64-byte block holding x[rs1]. */
static void gen_cbo_zero(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    IRTemp base = ir_temp(c), zero = ir_const(c, 0);
    ir_opi(c, IR_OP_and, IR_I64, base, rv_get_gpr(d, in->rs1), ~(int64_t)63);
    for (int k = 0; k < 64; k += 8) {
        IRTemp a = base;
        if (k) {
            a = ir_temp(c);
            ir_addi(c, a, base, k);
        }
        ir_gst(c, zero, a, rv_mo(d, MO_64));
        rv_plugin_mem(d, a, MO_64, true);
    }
}

/* amocas.w/d: rd = old; memory becomes rs2 when old equals rd's value (at the access size). */
static void gen_amocas(RVDisas *d, const RVInsn *in, bool is_d)
{
    IRContext *c = d->ir;
    IRMemOp mo = (is_d ? MO_Q : MO_SL) | MO_ALIGN;
    IRTemp addr = rv_gen_addr(d, in->rs1, 0), old = ir_temp(c);
    ir_gcmpxchg(c, old, addr, rv_get_gpr(d, in->rd), rv_get_gpr(d, in->rs2), rv_mo(d, mo));
    rv_plugin_mem(d, addr, mo, true);
    rv_set_gpr(d, in->rd, old);
}

bool rv_translate_ext(RVDisas *d, const RVInsn *in)
{
    IRContext *c = d->ir;
    switch (in->op) {   /* ops with effects besides rd */
    case RV_OP_cbo_zero: gen_cbo_zero(d, in); return true;
    case RV_OP_cbo_clean: case RV_OP_cbo_flush: case RV_OP_cbo_inval:
    case RV_OP_prefetch_i: case RV_OP_prefetch_r: case RV_OP_prefetch_w:
    case RV_OP_wrs_nto: case RV_OP_wrs_sto:
        return true;   /* coherent host caches; a wait may end at once */
    case RV_OP_amocas_w: gen_amocas(d, in, false); return true;
    case RV_OP_amocas_d: gen_amocas(d, in, true); return true;
    case RV_OP_amocas_q: {
        /* rd and rs2 name even/odd pairs (odd: reserved) */
        if ((in->rd & 1) || (in->rs2 & 1))
            return false;
        int mode = d->te->sys ? 1 | (int)RV_TBF_MMU(d->te->tb_flags) << 1 : 0;
        IRTemp args[4] = { rv_gen_addr(d, in->rs1, 0), ir_const(c, in->rd | in->rs2 << 8),
                           ir_const(c, (int64_t)d->pc), ir_const(c, mode) };
        ir_call(c, (void *)helper_amocas_q, IR_CALL_ENV, IR_NOTEMP, 4, args);
        rv_plugin_mem(d, args[0], MO_Q, true);
        return true;
    }
    default:
        break;
    }
    if (in->rd == 0) {   /* register-writing ops below: rd = x0 is a hint */
        switch (in->op) {
        /* insns.def keeps Zba .. Zicond together, in this order */
        case RV_OP_sh1add ... RV_OP_czero_nez: case RV_OP_mop_r: case RV_OP_mop_rr:
            return true;
        default:
            return false;
        }
    }
    IRTemp dst = d->gpr[in->rd];
    IRTemp a = rv_get_gpr(d, in->rs1), b = rv_get_gpr(d, in->rs2);
    switch (in->op) {
    /* Zba */
    case RV_OP_sh1add:    gen_shadd(d, in, dst, 1, false); return true;
    case RV_OP_sh2add:    gen_shadd(d, in, dst, 2, false); return true;
    case RV_OP_sh3add:    gen_shadd(d, in, dst, 3, false); return true;
    case RV_OP_add_uw:    gen_shadd(d, in, dst, 0, true);  return true;
    case RV_OP_sh1add_uw: gen_shadd(d, in, dst, 1, true);  return true;
    case RV_OP_sh2add_uw: gen_shadd(d, in, dst, 2, true);  return true;
    case RV_OP_sh3add_uw: gen_shadd(d, in, dst, 3, true);  return true;
    case RV_OP_slli_uw: {
        IRTemp t = ir_temp(c);
        ir_ext32u(c, t, a);
        ir_opi(c, IR_OP_shl, IR_I64, dst, t, in->imm & 63);
        return true;
    }
    /* Zbb / Zbkb */
    case RV_OP_andn: gen_inv(d, in, dst, IR_OP_and); return true;
    case RV_OP_orn:  gen_inv(d, in, dst, IR_OP_or);  return true;
    case RV_OP_xnor: gen_inv(d, in, dst, IR_OP_xor); return true;
    case RV_OP_clz:  ir_op1(c, IR_OP_clz, IR_I64, dst, a);  return true;
    case RV_OP_ctz:  ir_op1(c, IR_OP_ctz, IR_I64, dst, a);  return true;
    case RV_OP_cpop: ir_op1(c, IR_OP_cpop, IR_I64, dst, a); return true;
    /* the 32-bit counts are at most 32: already correctly zero/sign-extended */
    case RV_OP_clzw:  ir_op1(c, IR_OP_clz, IR_I32, dst, a);  return true;
    case RV_OP_ctzw:  ir_op1(c, IR_OP_ctz, IR_I32, dst, a);  return true;
    case RV_OP_cpopw: ir_op1(c, IR_OP_cpop, IR_I32, dst, a); return true;
    case RV_OP_sext_b: ir_ext8s(c, dst, a);  return true;
    case RV_OP_sext_h: ir_ext16s(c, dst, a); return true;
    case RV_OP_zext_h: ir_ext16u(c, dst, a); return true;
    case RV_OP_max:  ir_movcond(c, IR_I64, IR_GT, dst, a, b, a, b);  return true;
    case RV_OP_maxu: ir_movcond(c, IR_I64, IR_GTU, dst, a, b, a, b); return true;
    case RV_OP_min:  ir_movcond(c, IR_I64, IR_LT, dst, a, b, a, b);  return true;
    case RV_OP_minu: ir_movcond(c, IR_I64, IR_LTU, dst, a, b, a, b); return true;
    case RV_OP_orc_b: gen_orc_b(d, dst, a); return true;
    case RV_OP_rev8:  ir_op1(c, IR_OP_bswap, IR_I64, dst, a); return true;
    case RV_OP_rol:   ir_op2(c, IR_OP_rotl, IR_I64, dst, a, b); return true;
    case RV_OP_ror:   ir_op2(c, IR_OP_rotr, IR_I64, dst, a, b); return true;
    case RV_OP_rori:  ir_opi(c, IR_OP_rotr, IR_I64, dst, a, in->imm & 63); return true;
    case RV_OP_rolw:  gen_w(d, dst, IR_OP_rotl, a, b); return true;
    case RV_OP_rorw:  gen_w(d, dst, IR_OP_rotr, a, b); return true;
    case RV_OP_roriw: gen_w(d, dst, IR_OP_rotr, a, ir_const(c, in->imm & 31)); return true;
    /* Zbs */
    case RV_OP_bclr: case RV_OP_bclri:
        ir_op2(c, IR_OP_bclr, IR_I64, dst, a, bit_index(d, in, in->op == RV_OP_bclri));
        return true;
    case RV_OP_bset: case RV_OP_bseti:
        ir_op2(c, IR_OP_bset, IR_I64, dst, a, bit_index(d, in, in->op == RV_OP_bseti));
        return true;
    case RV_OP_binv: case RV_OP_binvi:
        ir_op2(c, IR_OP_binv, IR_I64, dst, a, bit_index(d, in, in->op == RV_OP_binvi));
        return true;
    case RV_OP_bext: {
        IRTemp t = ir_temp(c);
        ir_shr(c, t, a, b);
        ir_opi(c, IR_OP_and, IR_I64, dst, t, 1);
        return true;
    }
    case RV_OP_bexti: {
        IRTemp t = ir_temp(c);
        ir_opi(c, IR_OP_shr, IR_I64, t, a, in->imm & 63);
        ir_opi(c, IR_OP_and, IR_I64, dst, t, 1);
        return true;
    }
    /* Zbc / Zbkc / Zbkx / brev8: helpers */
    case RV_OP_clmul:  gen_call2(d, (void *)helper_clmul, dst, a, b);  return true;
    case RV_OP_clmulh: gen_call2(d, (void *)helper_clmulh, dst, a, b); return true;
    case RV_OP_clmulr: gen_call2(d, (void *)helper_clmulr, dst, a, b); return true;
    case RV_OP_xperm4: gen_call2(d, (void *)helper_xperm4, dst, a, b); return true;
    case RV_OP_xperm8: gen_call2(d, (void *)helper_xperm8, dst, a, b); return true;
    case RV_OP_brev8:  gen_call2(d, (void *)helper_brev8, dst, a, IR_NOTEMP); return true;
    /* Zbkb packs */
    case RV_OP_pack: case RV_OP_packh: case RV_OP_packw: {
        IRTemp lo = ir_temp(c), hi = ir_temp(c);
        int half = in->op == RV_OP_pack ? 32 : in->op == RV_OP_packh ? 8 : 16;
        IROpcode ext = half == 32 ? IR_OP_ext32u : half == 8 ? IR_OP_ext8u : IR_OP_ext16u;
        ir_op1(c, ext, IR_I64, lo, a);
        ir_op1(c, ext, IR_I64, hi, b);
        ir_opi(c, IR_OP_shl, IR_I64, hi, hi, half);
        if (in->op == RV_OP_packw) {
            ir_or(c, lo, lo, hi);
            ir_ext32s(c, dst, lo);
        } else {
            ir_or(c, dst, lo, hi);
        }
        return true;
    }
    /* Zicond */
    case RV_OP_czero_eqz:
        ir_movcond(c, IR_I64, IR_EQ, dst, b, ir_const(c, 0), ir_const(c, 0), a);
        return true;
    case RV_OP_czero_nez:
        ir_movcond(c, IR_I64, IR_NE, dst, b, ir_const(c, 0), ir_const(c, 0), a);
        return true;
    /* Zimop: may-be-operations write 0 */
    case RV_OP_mop_r: case RV_OP_mop_rr:
        ir_movi(c, dst, 0);
        return true;
    default:
        return rv_translate_crypto(d, in);
    }
}
