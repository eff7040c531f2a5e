/*
 * Unit test of the RISC-V integer front end (guest/riscv/translate.c).
 *
 * Hand-encoded instructions sit in a host buffer that a fake GuestMem maps at guest address
 * CODE_BASE (three pages; per-page flags in a small array). Two kinds of checks:
 *   - shape: the IR dump of a block has the expected ops (W ops, x0, jalr rd == rs1, branch
 *     exits, block-ending rules, page crossing, CSR legality);
 *   - meaning: a small reference interpreter of the IR (below, written from ir-ops.def's
 *     semantics) runs the block on a VCPU and the resulting registers are compared with values
 *     computed from the ISA specification, so the front end is tested without a back end.
 * Invariants: page_flags covers every page the tests can touch (fetches stay below
 * NB_PAGES * 4 KiB); the interpreter runs only blocks this file builds.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "ir.h"
#include "guest.h"
#include "guestmem.h"
#include "vcpu.h"
#include "translate.h"

#define NB_PAGES   64
#define CODE_BASE  0x10000ull              /* page 16 */
#define CODE_PAGES 3
#define DATA_BASE  0x20000ull              /* page 32 */

static uint8_t page_flags[NB_PAGES];
/* Guest addresses [0, DATA_BASE + 4 KiB) backed by one host array: guest a is space[a]. */
static uint8_t space[DATA_BASE + 4096] __attribute__((aligned(4096)));
#define code_buf (space + CODE_BASE)
#define data_host (space + DATA_BASE)
static GuestMem gm;

/* ---- Encoders (RISC-V base formats) ---- */
enum { ZERO, RA, SP, GP, TP, T0, T1, T2, S0, S1, A0, A1, A2, A3, A4, A5 };
static uint32_t R(int f7, int rs2, int rs1, int f3, int rd, int opc)
{ return (uint32_t)f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc; }
static uint32_t I(int imm, int rs1, int f3, int rd, int opc)
{ return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc; }
static uint32_t S(int imm, int rs2, int rs1, int f3, int opc)
{ return (uint32_t)((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1f) << 7 | opc; }
static uint32_t B(int imm, int rs2, int rs1, int f3)
{
    return (uint32_t)((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
           f3 << 12 | ((imm >> 1) & 0xf) << 8 | ((imm >> 11) & 1) << 7 | 0x63;
}
static uint32_t J(int imm, int rd)
{
    return (uint32_t)((imm >> 20) & 1) << 31 | ((imm >> 1) & 0x3ff) << 21 | ((imm >> 11) & 1) << 20 |
           ((imm >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
}
#define ADD(rd, a, b)   R(0, b, a, 0, rd, 0x33)
#define ADDW(rd, a, b)  R(0, b, a, 0, rd, 0x3b)
#define SUBW(rd, a, b)  R(0x20, b, a, 0, rd, 0x3b)
#define SLLW(rd, a, b)  R(0, b, a, 1, rd, 0x3b)
#define SRLW(rd, a, b)  R(0, b, a, 5, rd, 0x3b)
#define SRAW(rd, a, b)  R(0x20, b, a, 5, rd, 0x3b)
#define SLL(rd, a, b)   R(0, b, a, 1, rd, 0x33)
#define SRA(rd, a, b)   R(0x20, b, a, 5, rd, 0x33)
#define SLT(rd, a, b)   R(0, b, a, 2, rd, 0x33)
#define SLTU(rd, a, b)  R(0, b, a, 3, rd, 0x33)
#define SUB(rd, a, b)   R(0x20, b, a, 0, rd, 0x33)
#define MUL(rd, a, b)   R(1, b, a, 0, rd, 0x33)
#define MULH(rd, a, b)  R(1, b, a, 1, rd, 0x33)
#define MULHSU(rd, a, b) R(1, b, a, 2, rd, 0x33)
#define MULHU(rd, a, b) R(1, b, a, 3, rd, 0x33)
#define DIV(rd, a, b)   R(1, b, a, 4, rd, 0x33)
#define DIVU(rd, a, b)  R(1, b, a, 5, rd, 0x33)
#define REM(rd, a, b)   R(1, b, a, 6, rd, 0x33)
#define REMU(rd, a, b)  R(1, b, a, 7, rd, 0x33)
#define MULW(rd, a, b)  R(1, b, a, 0, rd, 0x3b)
#define DIVW(rd, a, b)  R(1, b, a, 4, rd, 0x3b)
#define DIVUW(rd, a, b) R(1, b, a, 5, rd, 0x3b)
#define REMW(rd, a, b)  R(1, b, a, 6, rd, 0x3b)
#define REMUW(rd, a, b) R(1, b, a, 7, rd, 0x3b)
#define ADDI(rd, a, i)  I(i, a, 0, rd, 0x13)
#define SLTIU(rd, a, i) I(i, a, 3, rd, 0x13)
#define XORI(rd, a, i)  I(i, a, 4, rd, 0x13)
#define SLLI(rd, a, s)  I(s, a, 1, rd, 0x13)
#define SRAI(rd, a, s)  I(0x400 | (s), a, 5, rd, 0x13)
#define ADDIW(rd, a, i) I(i, a, 0, rd, 0x1b)
#define SLLIW(rd, a, s) I(s, a, 1, rd, 0x1b)
#define SRLIW(rd, a, s) I(s, a, 5, rd, 0x1b)
#define SRAIW(rd, a, s) I(0x400 | (s), a, 5, rd, 0x1b)
#define LB(rd, a, i)    I(i, a, 0, rd, 0x03)
#define LW(rd, a, i)    I(i, a, 2, rd, 0x03)
#define LD(rd, a, i)    I(i, a, 3, rd, 0x03)
#define LWU(rd, a, i)   I(i, a, 6, rd, 0x03)
#define SW(v, a, i)     S(i, v, a, 2, 0x23)
#define SD(v, a, i)     S(i, v, a, 3, 0x23)
#define JALR(rd, a, i)  I(i, a, 0, rd, 0x67)
#define LUI(rd, i)      ((uint32_t)(i) << 12 | (rd) << 7 | 0x37)
#define AUIPC(rd, i)    ((uint32_t)(i) << 12 | (rd) << 7 | 0x17)
#define BEQ(a, b, o)    B(o, b, a, 0)
#define BNE(a, b, o)    B(o, b, a, 1)
#define BLT(a, b, o)    B(o, b, a, 4)
#define BGEU(a, b, o)   B(o, b, a, 7)
#define ECALL           0x00000073u
#define EBREAK          0x00100073u
#define FENCE(p, s)     ((uint32_t)((p) << 4 | (s)) << 20 | 0x0f)
#define FENCE_I         0x0000100fu
#define CSRRW(rd, csr, a)  I(csr, a, 1, rd, 0x73)
#define CSRRS(rd, csr, a)  I(csr, a, 2, rd, 0x73)
#define CSRRC(rd, csr, a)  I(csr, a, 3, rd, 0x73)
#define CSRRWI(rd, csr, u) I(csr, u, 5, rd, 0x73)
#define CSRRSI(rd, csr, u) I(csr, u, 6, rd, 0x73)
#define CSRRCI(rd, csr, u) I(csr, u, 7, rd, 0x73)
#define AMO(f5, f3, rd, rs1, rs2) R((f5) << 2, rs2, rs1, f3, rd, 0x2f)
#define LR_W(rd, a)     AMO(0x02, 2, rd, a, 0)
#define LR_D(rd, a)     AMO(0x02, 3, rd, a, 0)
#define SC_W(rd, v, a)  AMO(0x03, 2, rd, a, v)
#define SC_D(rd, v, a)  AMO(0x03, 3, rd, a, v)
#define AMOADD_W(rd, v, a) AMO(0x00, 2, rd, a, v)
#define AMOMIN_W(rd, v, a) AMO(0x10, 2, rd, a, v)
#define AMOMAXU_D(rd, v, a) AMO(0x1c, 3, rd, a, v)
#define AMOSWAP_D(rd, v, a) AMO(0x01, 3, rd, a, v)
#define FADD_D(rd, a, b) R(0x01, b, a, 7, rd, 0x53)
#define C_NOP   0x0001u
#define C_EBREAK 0x9002u

/* ---- Harness ---- */
static IRContext ir;
static GuestTranslateEnv te;
static GuestTBInfo tbinfo;
static char dump[65536];

static void put32(uint64_t ga, uint32_t w)
{
    uint8_t *p = code_buf + (ga - CODE_BASE);
    memcpy(p, &w, 4);
}
static void put16(uint64_t ga, uint16_t w)
{
    uint8_t *p = code_buf + (ga - CODE_BASE);
    memcpy(p, &w, 2);
}
/* Place words at CODE_BASE (+off) and translate the block starting there. */
static void load(uint64_t pc, const uint32_t *w, int n)
{
    memset(code_buf, 0, CODE_PAGES * 4096);
    for (int i = 0; i < n; i++)
        put32(pc + 4 * (uint64_t)i, w[i]);
}
static void translate(uint64_t pc)
{
    guest_translate(&ir, &te, pc, &tbinfo);
    FILE *f = fmemopen(dump, sizeof(dump), "w");
    ir_dump(&ir, f);
    fclose(f);
}
#define BLOCK(...) do { const uint32_t w_[] = { __VA_ARGS__ }; \
                        load(CODE_BASE, w_, (int)(sizeof(w_) / 4)); translate(CODE_BASE); } while (0)

static bool has(const char *s) { return strstr(dump, s) != NULL; }
static int count(const char *s)
{
    int n = 0;
    for (const char *p = dump; (p = strstr(p, s)) != NULL; p++)
        n++;
    return n;
}
static int nb_real_ops(void)
{
    int n = 0;
    for (int i = 0; i < ir.nb_ops; i++)
        n += ir.ops[i].opc != IR_OP_nop && ir.ops[i].opc != IR_OP_insn_start;
    return n;
}
static const IROp *last_op(void)
{
    for (int i = ir.nb_ops - 1; i >= 0; i--)
        if (ir.ops[i].opc != IR_OP_nop)
            return &ir.ops[i];
    return NULL;
}
static bool ends_with_exit(void)
{
    const IROp *op = last_op();
    return op && (ir_op_defs[op->opc].flags & IRF_EXIT);
}
#define CHECK(name, cond) UNIT_CHECK(name, cond, "IR was:\n%s", dump)

/* ---- Reference IR interpreter ---- */
typedef struct Run {
    VCPU *cpu;
    uint64_t *tv;
    int exit_op;          /* IR_OP_goto_tb / goto_ptr / exit_tb */
    int64_t exit_a, exit_b;
} Run;

static uint64_t env_rd(VCPU *cpu, int off, int mo)
{
    uint8_t *p = (uint8_t *)cpu + off;
    uint64_t v = 0;
    memcpy(&v, p, mo_bytes(mo));
    int bits = 8 * mo_bytes(mo);
    if ((mo & MO_SIGN) && bits < 64)
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    return v;
}
static void env_wr(VCPU *cpu, int off, int mo, uint64_t v)
{
    memcpy((uint8_t *)cpu + off, &v, mo_bytes(mo));
}
static uint64_t tget(Run *r, IRTemp t)
{
    const IRTempInfo *ti = &ir.temps[t];
    if (ti->kind == IRT_CONST)
        return (uint64_t)ti->val;
    if (ti->kind == IRT_GLOBAL)
        return env_rd(r->cpu, ti->env_offset, MO_64);
    return r->tv[t];
}
static void tset(Run *r, IRTemp t, uint64_t v)
{
    const IRTempInfo *ti = &ir.temps[t];
    if (ti->kind == IRT_GLOBAL)
        env_wr(r->cpu, ti->env_offset, MO_64, v);
    else
        r->tv[t] = v;
}
static bool cond(int c, int ty, uint64_t a, uint64_t b)
{
    if (ty == IR_I32) {
        a = (uint64_t)(int64_t)(int32_t)a;
        b = (uint64_t)(int64_t)(int32_t)b;
        if (c >= IR_LTU) { a &= 0xffffffffu; b &= 0xffffffffu; }
    }
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return (int64_t)a < (int64_t)b;
    case IR_GE: return (int64_t)a >= (int64_t)b;
    case IR_LE: return (int64_t)a <= (int64_t)b;
    case IR_GT: return (int64_t)a > (int64_t)b;
    case IR_LTU: return a < b;
    case IR_GEU: return a >= b;
    case IR_LEU: return a <= b;
    default: return a > b;
    }
}
static uint64_t alu(int opc, int ty, uint64_t a, uint64_t b)
{
    int w = ty == IR_I32 ? 32 : 64;
    uint64_t m = w == 32 ? 0xffffffffull : ~0ull;
    int64_t sa = w == 32 ? (int32_t)a : (int64_t)a, sb = w == 32 ? (int32_t)b : (int64_t)b;
    uint64_t ua = a & m, ub = b & m;
    int64_t smin = w == 32 ? INT32_MIN : INT64_MIN;
    uint64_t r;
    switch (opc) {
    case IR_OP_add: r = a + b; break;
    case IR_OP_sub: r = a - b; break;
    case IR_OP_mul: r = a * b; break;
    case IR_OP_and: r = a & b; break;
    case IR_OP_or:  r = a | b; break;
    case IR_OP_xor: r = a ^ b; break;
    case IR_OP_shl: r = ua << (b & (w - 1)); break;
    case IR_OP_shr: r = ua >> (b & (w - 1)); break;
    case IR_OP_sar: r = (uint64_t)(sa >> (b & (w - 1))); break;
    case IR_OP_mulsh: r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); break;
    case IR_OP_muluh: r = (uint64_t)(((unsigned __int128)a * b) >> 64); break;
    case IR_OP_mulsuh: r = (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64); break;
    case IR_OP_div:  r = sb == 0 ? ~0ull : (sa == smin && sb == -1) ? (uint64_t)smin : (uint64_t)(sa / sb); break;
    case IR_OP_divu: r = ub == 0 ? ~0ull : ua / ub; break;
    case IR_OP_rem:  r = sb == 0 ? (uint64_t)sa : (sa == smin && sb == -1) ? 0 : (uint64_t)(sa % sb); break;
    case IR_OP_remu: r = ub == 0 ? ua : ua % ub; break;
    default: r = 0xdeadull; break;
    }
    return r & m;
}
static int find_label(int64_t l)
{
    for (int i = 0; i < ir.nb_ops; i++)
        if (ir.ops[i].opc == IR_OP_set_label && ir.ops[i].args[0] == l)
            return i;
    return -1;
}
/* Runs the current block once; fills r's exit fields. Returns false on an unknown op. */
static bool interp(Run *r)
{
    static uint64_t tv[4096];
    r->tv = tv;
    for (int i = 0; i < ir.nb_ops; i++) {
        const IROp *op = &ir.ops[i];
        const int64_t *a = op->args;
        switch (op->opc) {
        case IR_OP_nop: case IR_OP_insn_start: case IR_OP_set_label: case IR_OP_mb:
        case IR_OP_plugin_cb: case IR_OP_plugin_mem:
            break;
        case IR_OP_br: i = find_label(a[0]); break;
        case IR_OP_brcond:
            if (cond((int)a[2], op->type, tget(r, a[0]), tget(r, a[1])))
                i = find_label(a[3]);
            break;
        case IR_OP_mov: tset(r, a[0], tget(r, a[1])); break;
        case IR_OP_neg: tset(r, a[0], -tget(r, a[1])); break;
        case IR_OP_not: tset(r, a[0], ~tget(r, a[1])); break;
        case IR_OP_ext8s: tset(r, a[0], (uint64_t)(int64_t)(int8_t)tget(r, a[1])); break;
        case IR_OP_ext8u: tset(r, a[0], (uint8_t)tget(r, a[1])); break;
        case IR_OP_ext16s: tset(r, a[0], (uint64_t)(int64_t)(int16_t)tget(r, a[1])); break;
        case IR_OP_ext16u: tset(r, a[0], (uint16_t)tget(r, a[1])); break;
        case IR_OP_ext32s: tset(r, a[0], (uint64_t)(int64_t)(int32_t)tget(r, a[1])); break;
        case IR_OP_ext32u: tset(r, a[0], (uint32_t)tget(r, a[1])); break;
        case IR_OP_setcond:
            tset(r, a[0], cond((int)a[3], op->type, tget(r, a[1]), tget(r, a[2])));
            break;
        case IR_OP_movcond:
            tset(r, a[0], cond((int)a[5], op->type, tget(r, a[1]), tget(r, a[2])) ?
                 tget(r, a[3]) : tget(r, a[4]));
            break;
        case IR_OP_ld_env: tset(r, a[0], env_rd(r->cpu, (int)a[1], (int)a[2])); break;
        case IR_OP_st_env: env_wr(r->cpu, (int)a[1], (int)a[2], tget(r, a[0])); break;
        case IR_OP_gld: {
            uint64_t v = 0, addr = tget(r, a[1]);
            int mo = (int)a[2];
            memcpy(&v, gm.base + addr, mo_bytes(mo));
            int bits = 8 * mo_bytes(mo);
            if ((mo & MO_SIGN) && bits < 64)
                v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
            tset(r, a[0], v);
            break;
        }
        case IR_OP_gst: {
            uint64_t v = tget(r, a[0]);
            memcpy(gm.base + tget(r, a[1]), &v, mo_bytes((int)a[2]));
            break;
        }
        case IR_OP_gatomic: {
            uint64_t addr = tget(r, a[1]), v = tget(r, a[2]), old = 0, nv;
            int mo = (int)a[3], bytes = mo_bytes(mo);
            memcpy(&old, gm.base + addr, bytes);
            uint64_t m = bytes == 8 ? ~0ull : 0xffffffffull;
            int64_t so = bytes == 8 ? (int64_t)old : (int32_t)old;
            int64_t sv = bytes == 8 ? (int64_t)v : (int32_t)v;
            switch (a[4]) {
            case IR_AXCHG: nv = v; break;
            case IR_AADD: nv = old + v; break;
            case IR_AAND: nv = old & v; break;
            case IR_AOR: nv = old | v; break;
            case IR_AXOR: nv = old ^ v; break;
            case IR_ASMIN: nv = so < sv ? old : v; break;
            case IR_ASMAX: nv = so > sv ? old : v; break;
            case IR_AUMIN: nv = (old & m) < (v & m) ? old : v; break;
            default: nv = (old & m) > (v & m) ? old : v; break;
            }
            memcpy(gm.base + addr, &nv, bytes);
            tset(r, a[0], (mo & MO_SIGN) ? (uint64_t)so : old);
            break;
        }
        case IR_OP_gcmpxchg: {
            uint64_t addr = tget(r, a[1]), exp = tget(r, a[2]), nv = tget(r, a[3]), old = 0;
            int mo = (int)a[4], bytes = mo_bytes(mo);
            memcpy(&old, gm.base + addr, bytes);
            if ((mo & MO_SIGN) && bytes == 4)
                old = (uint64_t)(int64_t)(int32_t)old;
            uint64_t m = bytes == 8 ? ~0ull : 0xffffffffull;
            if ((old & m) == (exp & m))
                memcpy(gm.base + addr, &nv, bytes);
            tset(r, a[0], old);
            break;
        }
        case IR_OP_call: {
            uint64_t (*fn)(void) = (uint64_t (*)(void))op->fn;
            uint64_t v = fn();
            if (op->nb_out)
                tset(r, a[0], v);
            break;
        }
        case IR_OP_goto_tb: case IR_OP_exit_tb:
            r->exit_op = op->opc; r->exit_a = a[0]; r->exit_b = a[1];
            return true;
        case IR_OP_goto_ptr:
            r->exit_op = op->opc; r->exit_a = 0;
            r->exit_b = (int64_t)(tget(r, a[0]) & ~(uint64_t)a[1]);
            return true;
        default:
            if (ir_op_defs[op->opc].flags & IRF_FOLD) {
                tset(r, a[0], alu(op->opc, op->type, tget(r, a[1]), tget(r, a[2])));
                break;
            }
            printf("interp: unknown op %s\n", ir_op_defs[op->opc].name);
            return false;
        }
    }
    return false;
}

static VCPU *cpu;

/* Run one instruction (a block of it plus whatever follows, which is zero words = illegal:
 * the block ends before it) with rs1 = a, rs2 = b; returns rd's value. */
static uint64_t run1(uint32_t insn, int rd, uint64_t a, uint64_t b)
{
    BLOCK(insn);
    cpu->g.x[A1] = a;
    cpu->g.x[A2] = b;
    Run r = { .cpu = cpu };
    interp(&r);
    return cpu->g.x[rd];
}

static void t_semantics(void)
{
    const struct {
        const char *name;
        uint32_t insn;
        uint64_t a, b, want;
    } cases[] = {
        { "addw wrap", ADDW(A0, A1, A2), 0x7fffffff, 1, 0xffffffff80000000ull },
        { "addw high bits ignored", ADDW(A0, A1, A2), 0x1234567800000001ull, 0xff00000000000002ull, 3 },
        { "subw", SUBW(A0, A1, A2), 0, 1, ~0ull },
        { "sllw", SLLW(A0, A1, A2), 1, 31 + 64, 0xffffffff80000000ull },
        { "srlw", SRLW(A0, A1, A2), 0xffffffff80000000ull, 0, 0xffffffff80000000ull },
        { "srlw 4", SRLW(A0, A1, A2), 0x0000000180000000ull, 36, 0x08000000 },
        { "sraw", SRAW(A0, A1, A2), 0x0000000080000000ull, 4, 0xfffffffff8000000ull },
        { "sraw mod32", SRAW(A0, A1, A2), 0xffffffff7fffffffull, 33, 0x3fffffff },
        { "sll mod64", SLL(A0, A1, A2), 1, 65, 2 },
        { "sra", SRA(A0, A1, A2), 0x8000000000000000ull, 63, ~0ull },
        { "slliw", SLLIW(A0, A1, 31), 3, 0, 0xffffffff80000000ull },
        { "srliw 0", SRLIW(A0, A1, 0), 0x80000000ull, 0, 0xffffffff80000000ull },
        { "srliw 1", SRLIW(A0, A1, 1), 0xffffffff80000000ull, 0, 0x40000000 },
        { "sraiw", SRAIW(A0, A1, 4), 0x80000000ull, 0, 0xfffffffff8000000ull },
        { "srai 63", SRAI(A0, A1, 63), 0x8000000000000000ull, 0, ~0ull },
        { "slli 63", SLLI(A0, A1, 63), 1, 0, 0x8000000000000000ull },
        { "addiw -1", ADDIW(A0, A1, -1), 0x80000000ull, 0, 0x7fffffff },
        { "sext.w", ADDIW(A0, A1, 0), 0x12345678fedcba98ull, 0, 0xfffffffffedcba98ull },
        { "li", ADDI(A0, ZERO, -5), 0, 0, (uint64_t)-5 },
        { "seqz 0", SLTIU(A0, A1, 1), 0, 0, 1 },
        { "seqz 5", SLTIU(A0, A1, 1), 5, 0, 0 },
        { "sltiu -1", SLTIU(A0, A1, -1), 5, 0, 1 },
        { "not", XORI(A0, A1, -1), 5, 0, ~5ull },
        { "slt", SLT(A0, A1, A2), (uint64_t)-1, 0, 1 },
        { "sltu", SLTU(A0, A1, A2), (uint64_t)-1, 0, 0 },
        { "snez", SLTU(A0, ZERO, A2), 0, 7, 1 },
        { "neg", SUB(A0, ZERO, A2), 0, 7, (uint64_t)-7 },
        { "mul", MUL(A0, A1, A2), 0x100000001ull, 0x100000001ull, 0x200000001ull },
        { "mulh", MULH(A0, A1, A2), (uint64_t)-1, (uint64_t)-1, 0 },
        { "mulhu", MULHU(A0, A1, A2), ~0ull, ~0ull, ~0ull - 1 },
        { "mulhsu", MULHSU(A0, A1, A2), (uint64_t)-1, ~0ull, ~0ull },
        { "div by 0", DIV(A0, A1, A2), 5, 0, ~0ull },
        { "div overflow", DIV(A0, A1, A2), 0x8000000000000000ull, ~0ull, 0x8000000000000000ull },
        { "divu by 0", DIVU(A0, A1, A2), 5, 0, ~0ull },
        { "rem by 0", REM(A0, A1, A2), (uint64_t)-5, 0, (uint64_t)-5 },
        { "rem overflow", REM(A0, A1, A2), 0x8000000000000000ull, ~0ull, 0 },
        { "remu", REMU(A0, A1, A2), 7, 4, 3 },
        { "mulw", MULW(A0, A1, A2), 0x10000, 0x8000, 0xffffffff80000000ull },
        { "divw", DIVW(A0, A1, A2), 0xfffffffffffffff9ull, 2, (uint64_t)-3 },
        { "divw high ignored", DIVW(A0, A1, A2), 0x100000006ull, 0x200000003ull, 2 },
        { "divw overflow", DIVW(A0, A1, A2), 0x80000000ull, 0xffffffffull, 0xffffffff80000000ull },
        { "divw by 0", DIVW(A0, A1, A2), 5, 0x100000000ull, ~0ull },
        { "divuw", DIVUW(A0, A1, A2), 0xfffffffeull, 1, 0xfffffffffffffffeull },
        { "divuw by 0", DIVUW(A0, A1, A2), 5, 0, ~0ull },
        { "remw", REMW(A0, A1, A2), (uint64_t)-7, 2, (uint64_t)-1 },
        { "remw overflow", REMW(A0, A1, A2), 0x80000000ull, ~0ull, 0 },
        { "remw by 0", REMW(A0, A1, A2), 0x80000000ull, 0, 0xffffffff80000000ull },
        { "remuw by 0", REMUW(A0, A1, A2), 0x80000000ull, 0, 0xffffffff80000000ull },
        { "remuw", REMUW(A0, A1, A2), 0xffffffffull, 0x10ull, 15 },
        { "lui", LUI(A0, 0x80000), 0, 0, 0xffffffff80000000ull },
        { "auipc", AUIPC(A0, 1), 0, 0, CODE_BASE + 0x1000 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t got = run1(cases[i].insn, A0, cases[i].a, cases[i].b);
        char name[96];
        snprintf(name, sizeof(name), "sem %s", cases[i].name);
        UNIT_CHECK(name, got == cases[i].want, "got %#" PRIx64 " want %#" PRIx64 "\nIR:\n%s",
                   got, cases[i].want, dump);
    }
}

static void t_shapes(void)
{
    BLOCK(ADDW(A0, A1, A2), ECALL);
    CHECK("addw is add_i32 + ext32s", has(" add_i32 tmp") && has(" ext32s_i64 a0, tmp") &&
          has("exit_tb 0x1, 0x10004") && tbinfo.n_insns == 2 && tbinfo.size == 8);

    BLOCK(ADDI(ZERO, A1, 5), ADD(ZERO, A1, A2), LW(ZERO, A1, 8), ECALL);
    CHECK("x0 writes dropped, load to x0 kept", nb_real_ops() == 3 && has(" gld") &&
          !has(" add_i64 zero") && count(" ---- ") == 4);

    BLOCK(JALR(A0, A0, 5));
    CHECK("jalr rd==rs1: target before link, bit 0 cleared by goto_ptr",
          has(" add_i64 tmp0, a0, $0x5\n mov_i64 a0, $0x10004\n goto_ptr tmp0, 0x1\n") &&
          tbinfo.n_insns == 1);
    {
        Run r = { .cpu = cpu };
        cpu->g.x[A0] = 0x2000;
        interp(&r);
        UNIT_CHECK("jalr rd==rs1 runs", r.exit_op == IR_OP_goto_ptr && r.exit_b == 0x2004 &&
                   cpu->g.x[A0] == CODE_BASE + 4, "exit %" PRId64 " a0 %#" PRIx64,
                   r.exit_b, cpu->g.x[A0]);
    }

    BLOCK(J(-8, RA));
    CHECK("jal links and chains", has(" mov_i64 ra, $0x10004\n goto_tb 0x0, 0xfff8\n"));

    BLOCK(BNE(A0, A1, 0x40));
    CHECK("branch: two chained exits",
          has(" brcond a0, a1, ne, L0\n goto_tb 0x1, 0x10004\n L0:\n goto_tb 0x0, 0x10040\n"));
    BLOCK(BLT(ZERO, A1, 0x40));
    CHECK("branch on x0: constant second", has(" brcond a1, $0x0, gt, L0\n"));
    BLOCK(BEQ(A3, A3, -4));
    CHECK("beq r,r is a jump", nb_real_ops() == 1 && has(" goto_tb 0x0, 0xfffc\n"));
    {
        BLOCK(BGEU(A1, A2, 0x100));
        cpu->g.x[A1] = 1;
        cpu->g.x[A2] = ~0ull;
        Run r = { .cpu = cpu };
        interp(&r);
        UNIT_CHECK("bgeu not taken runs", r.exit_op == IR_OP_goto_tb && r.exit_a == 1 &&
                   r.exit_b == (int64_t)CODE_BASE + 4, "slot %" PRId64, r.exit_a);
    }

    BLOCK(EBREAK);
    CHECK("ebreak", has("exit_tb 0x2, 0x10000") && tbinfo.n_insns == 1);
    BLOCK(FENCE_I, ADDI(A0, A0, 1));
    CHECK("fence.i exits to next", has("exit_tb 0x5, 0x10004") && tbinfo.n_insns == 1);
    BLOCK(FENCE(3, 3), FENCE(1, 1), FENCE(2, 2), FENCE(0xf, 0xf), ECALL);
    CHECK("fence: mb only for w->r", count(" mb ") == 2);
    BLOCK(FENCE(3, 3) | 0x80000000u, ECALL);
    CHECK("fence.tso: no mb", !has(" mb ") && tbinfo.n_insns == 2);

    /* Block ending rules. */
    BLOCK(0);
    CHECK("illegal first: exit_tb illegal", has("exit_tb 0x3, 0x10000") && tbinfo.n_insns == 1 &&
          tbinfo.size == 2 && nb_real_ops() == 1);
    BLOCK(ADDI(A0, A0, 1), 0xffffffffu);
    CHECK("illegal later: block ends before it", has(" goto_tb 0x0, 0x10004") &&
          !has("exit_tb") && tbinfo.n_insns == 1 && tbinfo.size == 4 && count(" ---- ") == 1);
    BLOCK(ADDI(A0, A0, 1), FADD_D(1, 2, 3), ECALL);
    CHECK("FP insn handed to translate-fp", tbinfo.n_insns == 3 &&
          (has(" call ") || has(" fpfast ")) && !has("exit_tb 0x3"));

    {
        static uint32_t w[CODE_PAGES * 1024];
        for (int i = 0; i < CODE_PAGES * 1024; i++)
            w[i] = ADDI(A0, A0, 1);
        load(CODE_BASE, w, CODE_PAGES * 1024);
        te.max_insns = 7;
        translate(CODE_BASE);
        CHECK("max_insns", tbinfo.n_insns == 7 && has(" goto_tb 0x0, 0x1001c"));
        te.max_insns = 0;
        te.single_step = 1;
        translate(CODE_BASE);
        CHECK("single_step", tbinfo.n_insns == 1 && has(" goto_tb 0x0, 0x10004"));
        te.single_step = 0;
        te.max_insns = 512;
        /* Start near the end of the first page: the block ends at the page boundary, as
         * QEMU's do (plugins see the same blocks). */
        translate(CODE_BASE + 4096 - 8);
        CHECK("block ends at the page boundary", tbinfo.n_insns == 2 &&
              tbinfo.size == 8 && has(" goto_tb 0x0, 0x11000"));
    }
    {
        /* A 4-byte instruction that would cross into the next page ends the block before it,
         * and is a block's first (and only) instruction itself. */
        memset(code_buf, 0, CODE_PAGES * 4096);
        uint64_t p = CODE_BASE + 4096 - 8;
        put16(p, C_NOP);
        put32(p + 2, ADDI(A0, A0, 1));
        put32(p + 6, ADDI(A0, A0, 2));
        put32(p + 10, ADDI(A0, A0, 3));
        te.max_insns = 512;
        translate(p);
        CHECK("block ends before an insn crossing the page", tbinfo.n_insns == 2 &&
              tbinfo.size == 6 && has(" goto_tb 0x0, 0x10ffe"));
        translate(p + 6);
        CHECK("page-crossing insn alone in its block", tbinfo.n_insns == 1 &&
              tbinfo.size == 4 && has(" goto_tb 0x0, 0x11002"));
    }
    {
        /* A 4-byte instruction crossing into a non-executable page. */
        memset(code_buf, 0, CODE_PAGES * 4096);
        uint64_t p = CODE_BASE + 4096 - 4;
        put16(p, C_NOP);
        put32(p + 2, ADDI(A0, A0, 1));
        page_flags[(CODE_BASE >> 12) + 1] = PAGE_VALID | PAGE_READ;
        translate(p);
        CHECK("crossing insn into non-exec page ends block before it",
              tbinfo.n_insns == 1 && tbinfo.size == 2 && has(" goto_tb 0x0, 0x10ffe"));
        translate(p + 2);
        CHECK("crossing insn into non-exec page: fetch fault",
              tbinfo.n_insns == 0 && has("exit_tb 0x4, 0x10ffe") && nb_real_ops() == 1);
        translate(CODE_BASE + 4096);
        CHECK("non-exec page: fetch fault", has("exit_tb 0x4, 0x11000") && tbinfo.size == 0);
        page_flags[(CODE_BASE >> 12) + 1] = PAGE_VALID | PAGE_READ | PAGE_EXEC;
        translate(p + 2);
        CHECK("crossing insn into exec page", tbinfo.n_insns == 1 && tbinfo.size == 4 &&
              has(" add_i64 a0, a0, $0x1") && has(" goto_tb 0x0, 0x11002"));
        put16(p, C_EBREAK);
        translate(p);
        CHECK("c.ebreak", has("exit_tb 0x2, 0x10ffc") && tbinfo.size == 2);
    }

    /* Loads/stores. */
    BLOCK(LB(A0, A1, -1), LWU(A2, A0, 0), SD(A2, SP, 16), ECALL);
    CHECK("loads/stores", has(" add_i64 tmp0, a1, $0xffffffffffffffff\n gld a0, tmp0, s8\n") &&
          has(" gld a2, a0, u32\n") && has(" add_i64 tmp2, sp, $0x10\n gst a2, tmp2, u64\n"));

    /* CSRs. */
    BLOCK(CSRRW(A0, 0xC00, ZERO));
    CHECK("csrrw cycle is illegal", has("exit_tb 0x3, 0x10000") && nb_real_ops() == 1);
    BLOCK(CSRRS(A0, 0xC00, A1));
    CHECK("csrrs cycle with rs1 is illegal", has("exit_tb 0x3, 0x10000"));
    BLOCK(CSRRSI(A0, 0xC01, 0), CSRRS(ZERO, 0xC02, ZERO), CSRRC(A3, 0xC02, ZERO), ECALL);
    CHECK("counter reads", count(" call ") == 2 && tbinfo.n_insns == 4);
    BLOCK(ADDI(A0, A0, 1), CSRRS(A0, 0x300, ZERO));
    CHECK("unknown csr later: block ends before it", tbinfo.n_insns == 1 &&
          has(" goto_tb 0x0, 0x10004") && count(" ---- ") == 1 && ends_with_exit());
    {
        uint64_t t0, t1;
        BLOCK(CSRRS(A0, 0xC01, ZERO), CSRRS(A1, 0xC00, ZERO), ECALL);
        Run r = { .cpu = cpu };
        interp(&r);
        t0 = cpu->g.x[A0];
        interp(&r);
        t1 = cpu->g.x[A0];
        UNIT_CHECK("rdtime monotonic", t1 >= t0 && t0 != 0, "%" PRIu64 " %" PRIu64, t0, t1);
    }
    {
        /* fcsr = frm << 5 | fflags; writes are masked to valid bits. */
        cpu->g.fflags = 0x3;
        cpu->g.frm = 2;
        BLOCK(CSRRW(A0, 3, A1), CSRRS(A2, 1, ZERO), ECALL);
        cpu->g.x[A1] = 0xffffffffull;
        Run r = { .cpu = cpu };
        interp(&r);
        UNIT_CHECK("fcsr swap", cpu->g.x[A0] == (2 << 5 | 3) && cpu->g.fflags == 0x1f &&
                   cpu->g.frm == 7 && r.exit_op == IR_OP_goto_tb && r.exit_b == (int64_t)CODE_BASE + 4,
                   "a0 %#" PRIx64 " fflags %#x frm %u exit %#" PRIx64, cpu->g.x[A0],
                   cpu->g.fflags, cpu->g.frm, (uint64_t)r.exit_b);
        /* A write to fflags ends the block too (the FP fast path's per-block guard relies on
         * NX only growing within a block). */
        BLOCK(CSRRCI(A0, 1, 0x5), CSRRSI(A1, 2, 0x1), ECALL);
        cpu->g.fflags = 0x1f;
        cpu->g.frm = 0;
        interp(&r);
        UNIT_CHECK("csrrci fflags ends the block", cpu->g.x[A0] == 0x1f && cpu->g.fflags == 0x1a &&
                   tbinfo.n_insns == 1 && r.exit_op == IR_OP_goto_tb &&
                   r.exit_b == (int64_t)CODE_BASE + 4,
                   "a0 %#" PRIx64 " fflags %#x n %u", cpu->g.x[A0], cpu->g.fflags, tbinfo.n_insns);
        BLOCK(CSRRSI(A1, 2, 0x1), ECALL);
        interp(&r);
        UNIT_CHECK("csrrsi frm", cpu->g.x[A1] == 0 && cpu->g.frm == 1,
                   "a1 %#" PRIx64 " frm %u", cpu->g.x[A1], cpu->g.frm);
        /* csrrw with rd == rs1. */
        BLOCK(CSRRW(A1, 1, A1), ECALL);
        cpu->g.fflags = 0x4;
        cpu->g.x[A1] = 0x9;
        interp(&r);
        UNIT_CHECK("csrrw rd==rs1", cpu->g.x[A1] == 4 && cpu->g.fflags == 9,
                   "a1 %#" PRIx64 " fflags %#x", cpu->g.x[A1], cpu->g.fflags);
    }
}

static void t_atomics(void)
{
    uint64_t *mem = (uint64_t *)data_host;
    Run r = { .cpu = cpu };

    /* lr.d / sc.d success, then sc.d again fails. */
    BLOCK(LR_D(A0, A1), SC_D(A3, A2, A1), SC_D(A4, A2, A1), ECALL);
    mem[0] = 0x1122334455667788ull;
    cpu->g.x[A1] = DATA_BASE;
    cpu->g.x[A2] = 42;
    guest_cpu_reset(cpu, NULL);
    interp(&r);
    UNIT_CHECK("lr/sc success then failure", cpu->g.x[A0] == 0x1122334455667788ull &&
               cpu->g.x[A3] == 0 && cpu->g.x[A4] == 1 && mem[0] == 42 &&
               cpu->g.lr_addr == ~0ull, "a0 %#" PRIx64 " a3 %" PRIu64 " a4 %" PRIu64 " mem %" PRIu64,
               cpu->g.x[A0], cpu->g.x[A3], cpu->g.x[A4], mem[0]);

    /* sc to another address fails and stores nothing. */
    BLOCK(LR_D(A0, A1), SC_D(A3, A2, A5), ECALL);
    mem[0] = 1;
    mem[1] = 7;
    cpu->g.x[A5] = DATA_BASE + 8;
    interp(&r);
    UNIT_CHECK("sc other address", cpu->g.x[A3] == 1 && mem[1] == 7, "a3 %" PRIu64, cpu->g.x[A3]);

    /* lr.w sign-extends; sc.w with rd == rs2 stores 32 bits only. */
    BLOCK(LR_W(A0, A1), SC_W(A2, A2, A1), ECALL);
    mem[0] = 0x12345678deadbeefull;
    cpu->g.x[A2] = (uint64_t)-2;
    interp(&r);
    UNIT_CHECK("lr.w/sc.w", cpu->g.x[A0] == 0xffffffffdeadbeefull && cpu->g.x[A2] == 0 &&
               mem[0] == 0x12345678fffffffeull, "a0 %#" PRIx64 " a2 %" PRIu64 " mem %#" PRIx64,
               cpu->g.x[A0], cpu->g.x[A2], mem[0]);
    CHECK("sc uses a local across the label", has(" mov_i64 loc") && has(" gcmpxchg") &&
          has(",al"));

    /* AMOs: rd gets the old value (sign-extended for .w), rd may be rs2 or rs1. */
    BLOCK(AMOADD_W(A2, A2, A1), ECALL);
    mem[0] = 0x5a5a5a5a7fffffffull;
    cpu->g.x[A2] = 1;
    interp(&r);
    UNIT_CHECK("amoadd.w rd==rs2", cpu->g.x[A2] == 0x7fffffff && mem[0] == 0x5a5a5a5a80000000ull,
               "a2 %#" PRIx64 " mem %#" PRIx64, cpu->g.x[A2], mem[0]);
    CHECK("amo is gatomic s32,al", has(" gatomic a2, a1, a2, s32,al, add\n"));
    BLOCK(AMOMIN_W(A0, A2, A1), AMOMAXU_D(ZERO, A2, A1), ECALL);
    mem[0] = 0x00000000ffffffffull;
    cpu->g.x[A2] = 5;
    interp(&r);
    UNIT_CHECK("amomin.w, amomaxu.d to x0", cpu->g.x[A0] == ~0ull && mem[0] == 0xffffffffull &&
               count(" gatomic") == 2, "a0 %#" PRIx64 " mem %#" PRIx64, cpu->g.x[A0], mem[0]);
    BLOCK(AMOSWAP_D(A1, A2, A1), ECALL);
    mem[0] = 99;
    cpu->g.x[A1] = DATA_BASE;
    cpu->g.x[A2] = 3;
    interp(&r);
    UNIT_CHECK("amoswap.d rd==rs1", cpu->g.x[A1] == 99 && mem[0] == 3, "a1 %" PRIu64, cpu->g.x[A1]);
}

static void t_globals(void)
{
    int sp = -1, a5 = -1, tp = -1;
    for (int t = 0; t < ir.nb_globals; t++) {
        const IRTempInfo *ti = &ir.temps[t];
        if (!ti->name)
            continue;
        if (!strcmp(ti->name, "sp")) sp = ti->priority;
        if (!strcmp(ti->name, "a5")) a5 = ti->priority;
        if (!strcmp(ti->name, "tp")) tp = ti->priority;
    }
    UNIT_CHECK("globals ranked", sp == 0 && a5 == 1 && tp == 30 && ir.nb_globals >= 31,
               "sp %d a5 %d tp %d", sp, a5, tp);
}

static void t_plugins(void)
{
    int dummy;
    te.plugin_ctx = &dummy;
    BLOCK(LD(A1, A1, 8), SW(A2, A3, 0), ECALL);
    te.plugin_ctx = NULL;
    CHECK("plugin placeholders", count(" plugin_cb") == 4 && count(" plugin_mem") == 2 &&
          has(" gld a1, tmp0, u64\n plugin_mem tmp0,"));
}

int main(void)
{
    page_flags[CODE_BASE >> 12] = PAGE_VALID | PAGE_READ | PAGE_EXEC;
    page_flags[(CODE_BASE >> 12) + 1] = PAGE_VALID | PAGE_READ | PAGE_EXEC;
    page_flags[(CODE_BASE >> 12) + 2] = PAGE_VALID | PAGE_READ | PAGE_EXEC;
    page_flags[DATA_BASE >> 12] = PAGE_VALID | PAGE_READ | PAGE_WRITE;
    gm.base = space;
    gm.page_flags = page_flags;

    cpu = calloc(1, sizeof(VCPU));
    ir_context_init(&ir);
    guest_ir_init(&ir);
    te.gm = &gm;
    te.max_insns = 512;

    t_globals();
    t_semantics();
    t_shapes();
    t_atomics();
    t_plugins();
    ir_context_free(&ir);
    free(cpu);
    return unit_status();
}
