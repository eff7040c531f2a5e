/*
 * x86-64 lowering of the inline instrumentation op (plugin_inline): a plain add or store of an
 * immediate on a 64-bit counter, either in the executing vCPU's plugin arena (found through
 * VCPU.plugin_state, so one block's code serves every vCPU) or at a fixed host address (API
 * level 1's raw pointers).
 *
 * One counter (the lowering picks the first one added to; where 2) is kept in a host register in
 * call-friendly mode: its add is one register instruction, with no memory dependency from one
 * block to the next; x86_flush_ctr moves the register into memory wherever C code may run, and
 * where lifted plugin code reads or writes that counter (an add of 0 to it: a flush, emitted
 * whenever the back end has the register, live or not: then it holds 0).
 *
 * Invariants: no IR temp is read or written and no register the allocator tracks is disturbed:
 * the address goes in a register that holds nothing at this point, or in rax saved around the
 * op when every register is taken. Nothing here can fault, so the op needs no precise state.
 * Not atomic, as in QEMU: counters shared by several vCPUs may lose updates; per-vCPU
 * scoreboard entries cannot.
 */
#include <stddef.h>
#include "x86-backend.h"
#include "vcpu.h"

static int free_reg(Backend *be)
{
    for (int i = 0; i < be->n_alloc; i++) {
        XReg r = alloc_regs[i];
        if (be->reg_owner[r] == OWNER_NONE && !(be->locked & (1u << r)))
            return r;
    }
    return -1;
}

static bool fits_i32(int64_t v) { return v == (int32_t)v; }

void x86_flush_ctr(XBuf *b, XReg ctr_reg, XReg tmp)
{
    if (ctr_reg == X_NOREG)
        return;
    x_load(b, 8, false, tmp, xm(X_RBP, (int32_t)offsetof(VCPU, ctr_ptr)));
    x_alu_mr(b, XA_ADD, true, xm(tmp, 0), ctr_reg);
    x_alu_rr(b, XA_XOR, false, ctr_reg, ctr_reg);
}

/* The counter register into memory, with a free register or rax saved around. */
static void flush_ctr_here(Backend *be)
{
    int t = free_reg(be);
    if (t >= 0) {
        x86_flush_ctr(&be->b, be->ctr_reg, (XReg)t);
    } else {
        x_push(&be->b, X_RAX);
        x86_flush_ctr(&be->b, be->ctr_reg, X_RAX);
        x_pop(&be->b, X_RAX);
    }
}

void x86_gen_plugin_inline(Backend *be, const IROp *op)
{
    XBuf *b = &be->b;
    int where = (int)op->args[0];
    int64_t loc = op->args[1];
    int kind = (int)op->args[2];
    int64_t imm = op->args[3];
    if (where == 2 && kind == 0 && imm == 0) {   /* a flush: the register into memory */
        flush_ctr_here(be);
        return;
    }
    if (where == 2 && be->ctr_live) {
        if (kind == 0 && fits_i32(imm)) {
            x_alu_ri(b, XA_ADD, true, be->ctr_reg, (int32_t)imm);
            return;
        }
        flush_ctr_here(be);   /* a store (or a huge add): pending increments first */
    }
    int r = free_reg(be);
    bool saved = r < 0;
    if (saved) {
        r = X_RAX;
        x_push(b, X_RAX);
    }
    int32_t disp = 0;
    if (where == 0) {
        x_load(b, 8, false, (XReg)r, xm(X_RBP, (int32_t)offsetof(VCPU, plugin_state)));
        disp = (int32_t)loc;
    } else if (where == 2) {
        x_load(b, 8, false, (XReg)r, xm(X_RBP, (int32_t)offsetof(VCPU, ctr_ptr)));
    } else {
        x_mov_ri(b, (XReg)r, (uint64_t)loc);
    }
    XMem lo = xm((XReg)r, disp), hi = xm((XReg)r, disp + 4);
    if (kind == 0) {
        if (fits_i32(imm)) {
            x_alu_mi(b, XA_ADD, true, lo, (int32_t)imm);
        } else {   /* 64-bit immediate: two halves with carry */
            x_alu_mi(b, XA_ADD, false, lo, (int32_t)(uint32_t)imm);
            x_alu_mi(b, XA_ADC, false, hi, (int32_t)(uint32_t)((uint64_t)imm >> 32));
        }
    } else {
        if (fits_i32(imm)) {
            x_store_imm(b, 8, lo, (int32_t)imm);
        } else {
            x_store_imm(b, 4, lo, (int32_t)(uint32_t)imm);
            x_store_imm(b, 4, hi, (int32_t)(uint32_t)((uint64_t)imm >> 32));
        }
    }
    if (saved)
        x_pop(b, X_RAX);
}

/* The compare of a filter (ir-ops.def plugin_filter): flags NE when a passes. A constant a (an
 * instruction's address) needs no arithmetic: its entry's address and line are known. The
 * scratch registers avoid `avoid`. */
static void filter_compare(Backend *be, IRTemp a, uint64_t table, int shift, uint64_t mask,
                           uint32_t avoid)
{
    XBuf *b = &be->b;
    if (ir_is_const(be->ir, a)) {
        uint64_t l = (uint64_t)be->ir->temps[a].val >> shift;
        XReg base = cg_alloc_scratch(be, avoid);
        x_mov_ri(b, base, table + (l & mask) * 8);
        if (l <= 0x7fffffffu) {
            x_alu_mi(b, XA_CMP, true, xm(base, 0), (int32_t)l);
        } else {
            XReg line = cg_alloc_scratch(be, avoid | 1u << base);
            x_mov_ri(b, line, l);
            x_alu_rm(b, XA_CMP, true, line, xm(base, 0));
        }
        return;
    }
    XReg ra = cg_temp_load(be, a, avoid);
    XReg line = cg_alloc_scratch(be, avoid | 1u << ra);
    XReg idx = cg_alloc_scratch(be, avoid | 1u << ra | 1u << line);
    XReg base = cg_alloc_scratch(be, avoid | 1u << ra | 1u << line | 1u << idx);
    x_mov_rr(b, true, line, ra);
    x_shift_ri(b, XS_SHR, true, line, (uint8_t)shift);
    x_mov_rr(b, true, idx, line);
    if (mask <= 0x7fffffffu) {
        x_alu_ri(b, XA_AND, true, idx, (int32_t)mask);
    } else {
        x_mov_ri(b, base, mask);
        x_alu_rr(b, XA_AND, true, idx, base);
    }
    x_mov_ri(b, base, table);
    x_alu_rm(b, XA_CMP, true, line, xmi(base, idx, 8, 0));
}

/* plugin_filter: d = (table[(a >> shift) & mask] != a >> shift). Read only by the vcall right
 * after (the callback's), d stays in the flags and the vcall branches on them. */
void x86_gen_plugin_filter(Backend *be, const IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    uint64_t table = (uint64_t)op->args[2], mask = (uint64_t)op->args[4];
    int shift = (int)op->args[3];
    if (cg_vcall_cond_next(be, d)) {
        filter_compare(be, a, table, shift, mask, 0);
        be->vflag_temp = d;
        be->vflag_cc = XC_NE;
        return;
    }
    /* d's register is taken first (nothing may come between the compare and the setcc), and
     * the compare's scratch registers avoid it; it may be a's (only read before the setcc). */
    XReg rd = cg_dest_reg(be, d, 0);
    filter_compare(be, a, table, shift, mask, 1u << rd);
    x_setcc(&be->b, XC_NE, rd);
    x_movzx(&be->b, 1, rd, rd);
    cg_temp_set_reg(be, d, rd);
}

/* Plugin memory at a constant address: [rip + disp] when the code buffer reaches it (emit
 * measures the instruction first, the displacement counting from its end), else through a
 * scratch register. Flags are not touched (lifted guards keep theirs across stores). */
typedef struct HmemOp { int kind; XAlu alu; bool w64; int size; int32_t imm; } HmemOp;
enum { HM_ALU, HM_STORE, HM_TEST8 };

static void hm_emit(XBuf *b, const HmemOp *o, XMem m)
{
    if (o->kind == HM_ALU)
        x_alu_mi(b, o->alu, o->w64, m, o->imm);
    else if (o->kind == HM_TEST8)
        x_test_mi8(b, m, (uint8_t)o->imm);
    else
        x_store_imm(b, o->size, m, o->imm);
}

/* A constant address rip may not reach from here (a margin for the code still to come): into
 * a scratch register now, before the skip branch of plugin_hmem, as an allocation may spill
 * and a spill must happen on both paths. X_NOREG: none needed. */
static XReg hm_far_base(Backend *be, IRTemp a, uint32_t avoid)
{
    if (!ir_is_const(be->ir, a))
        return X_NOREG;
    uint64_t target = (uint64_t)be->ir->temps[a].val;
    int64_t d = (int64_t)(target - (uint64_t)(uintptr_t)be->b.p);
    if (d > -(1ll << 30) && d < (1ll << 30))
        return X_NOREG;
    XReg r = cg_alloc_scratch(be, avoid);
    x_mov_ri(&be->b, r, target);
    return r;
}

static void hm_at(Backend *be, const HmemOp *o, IRTemp a, int32_t off, uint32_t avoid, XReg far)
{
    XBuf *b = &be->b;
    if (far != X_NOREG) {
        hm_emit(b, o, xm(far, off));
        return;
    }
    if (ir_is_const(be->ir, a)) {
        uint64_t target = (uint64_t)be->ir->temps[a].val + (uint64_t)(int64_t)off;
        XBuf t = *b;
        hm_emit(&t, o, xrip(0));
        int64_t disp = (int64_t)(target - (uint64_t)(uintptr_t)t.p);
        if (fits_i32(disp)) {
            hm_emit(b, o, xrip((int32_t)disp));
            return;
        }
        XReg r = cg_alloc_scratch(be, avoid);
        x_mov_ri(b, r, target);
        hm_emit(b, o, xm(r, 0));
        return;
    }
    hm_emit(b, o, xm(cg_temp_load(be, a, avoid), off));
}

/* Whether guard result d is read only by plugin_hmem skips and then the vcall of the slow
 * path right after them: the compare's flags then serve all of them. */
static bool guard_flags_ok(Backend *be, IRTemp d)
{
    const IRContext *ir = be->ir;
    for (int i = be->cur_op + 1; i < ir->nb_ops; i++) {
        const IROp *o = &ir->ops[i];
        if (o->opc == IR_OP_nop || be->skip[i])
            continue;
        if (o->opc == IR_OP_plugin_hmem && (IRTemp)o->args[1] == d && (IRTemp)o->args[0] != d)
            continue;
        return o->opc == IR_OP_vcall && (IRTemp)o->args[0] == d && (o->life & 1) &&
               ir_is_const(ir, (IRTemp)o->args[1]) && (IRTemp)o->args[2] != d;
    }
    return false;
}

/* plugin_guard (lifted callbacks): compare plugin memory with the constant; d (slow path
 * wanted) in the flags for the stores and vcall right after, else in a register. */
void x86_gen_plugin_guard(Backend *be, const IROp *op)
{
    XBuf *b = &be->b;
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1];
    int c0 = (int)op->args[2], size = 1 << (c0 & 3);
    uint64_t imm = (uint64_t)op->args[3];
    if (size < 8)
        imm &= (1ull << (8 * size)) - 1;
    XCond slow = (c0 & 4) ? XC_E : XC_NE;
    bool fused = guard_flags_ok(be, d);
    XReg rd = fused ? X_NOREG : cg_dest_reg(be, d, 0);
    uint32_t avoid = rd != X_NOREG ? 1u << rd : 0;
    if (size >= 4 && (size == 4 || fits_i32((int64_t)imm))) {
        HmemOp o = { HM_ALU, XA_CMP, size == 8, 0, (int32_t)(uint32_t)imm };
        hm_at(be, &o, a, 0, avoid, X_NOREG);
    } else if (size == 1 && imm == 0) {   /* a flag: ZF as the compare with 0 sets it */
        HmemOp o = { HM_TEST8, XA_CMP, false, 1, 0xff };
        hm_at(be, &o, a, 0, avoid, X_NOREG);
    } else {
        XReg ra = cg_temp_load(be, a, avoid);
        XReg t = cg_alloc_scratch(be, avoid | 1u << ra);
        if (size == 8) {
            x_mov_ri(b, t, imm);
            x_alu_rm(b, XA_CMP, true, t, xm(ra, 0));
        } else {
            x_load(b, size, false, t, xm(ra, 0));
            x_alu_ri(b, XA_CMP, false, t, (int32_t)imm);
        }
    }
    if (fused) {
        be->vflag_temp = d;
        be->vflag_cc = slow;
        return;
    }
    x_setcc(b, slow, rd);
    x_movzx(b, 1, rd, rd);
    cg_temp_set_reg(be, d, rd);
}

/* plugin_hmem (lifted callbacks): a store or 64-bit add of a constant to plugin memory,
 * skipped when the skip operand is nonzero (the slow path ran the real callback). */
void x86_gen_plugin_hmem(Backend *be, const IROp *op)
{
    XBuf *b = &be->b;
    IRTemp a = (IRTemp)op->args[0], skip = (IRTemp)op->args[1];
    int size = 1 << (op->args[2] & 3);
    bool store = op->args[3] != 0;
    uint64_t imm = (uint64_t)op->args[4];
    if (ir_is_const(be->ir, skip) && be->ir->temps[skip].val)
        return;
    uint8_t *over = NULL;
    uint32_t avoid = 0;
    if (!ir_is_const(be->ir, skip) && skip != be->vflag_temp)
        avoid = 1u << cg_temp_load(be, skip, 0);
    XReg far = hm_far_base(be, a, avoid);   /* mov: the guard's flags survive it */
    if (skip == be->vflag_temp) {   /* the guard's flags, kept for the vcall after */
        over = x_jcc8(b, be->vflag_cc);
    } else if (!ir_is_const(be->ir, skip)) {
        XReg rs = cg_temp_load(be, skip, avoid);
        avoid |= 1u << rs;
        if (!ir_is_const(be->ir, a))   /* every register before the branch */
            avoid |= 1u << cg_temp_load(be, a, avoid);
        x_test_rr(b, true, rs, rs);
        over = x_jcc8(b, XC_NE);
    }
    if (!store && !fits_i32((int64_t)imm)) {
        HmemOp lo = { HM_ALU, XA_ADD, false, 0, (int32_t)(uint32_t)imm };
        HmemOp hi = { HM_ALU, XA_ADC, false, 0, (int32_t)(uint32_t)(imm >> 32) };
        hm_at(be, &lo, a, 0, avoid, far);
        hm_at(be, &hi, a, 4, avoid, far);
    } else if (!store) {
        HmemOp o = { HM_ALU, XA_ADD, true, 0, (int32_t)imm };
        hm_at(be, &o, a, 0, avoid, far);
    } else if (size < 8 || fits_i32((int64_t)imm)) {
        HmemOp o = { HM_STORE, XA_ADD, false, size, (int32_t)(uint32_t)imm };
        hm_at(be, &o, a, 0, avoid, far);
    } else {
        HmemOp lo = { HM_STORE, XA_ADD, false, 4, (int32_t)(uint32_t)imm };
        HmemOp hi = { HM_STORE, XA_ADD, false, 4, (int32_t)(uint32_t)(imm >> 32) };
        hm_at(be, &lo, a, 0, avoid, far);
        hm_at(be, &hi, a, 4, avoid, far);
    }
    if (over)
        x_patch_rel8(over, b->p);
}
